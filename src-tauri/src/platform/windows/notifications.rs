//! Windows: toasts in the Action Center.

use crate::platform::{Answer, OnAnswer, OsNotification};
use std::collections::VecDeque;
use tauri::AppHandle;
use windows::core::HSTRING;

/// The app's id in the Start menu, which toasts are shown under: the installer gives the
/// shortcut this id (Tauri's bundle identifier).
const APP_ID: &str = "app.switchboard.desktop";

/// Toasts in the Action Center. A page's tag becomes the toast's tag in the account's group,
/// so Windows itself replaces the earlier one; a click opens the account and calls the page's
/// handler. The most recent toasts are kept so their click handlers stay alive.
#[derive(Default)]
pub struct Notifier {
    /// (account, the page's id, its toast), newest last.
    shown: VecDeque<(String, u32, windows::UI::Notifications::ToastNotification)>,
}

/// Toasts that still answer a click.
const CLICKABLE: usize = 50;

impl Notifier {
    pub async fn show(&mut self, app: &AppHandle, n: OsNotification, on_answer: OnAnswer) {
        // Toasts show PNG and JPEG images only; the service icons are SVG, so the toast carries
        // the app's own icon.
        let _ = &n.icon;
        match toast(app, &n, on_answer) {
            Ok(toast) => {
                self.shown.push_back((n.account.clone(), n.page_id, toast));
                if self.shown.len() > CLICKABLE {
                    self.shown.pop_front();
                }
            }
            Err(e) => eprintln!("switchboard: could not show a notification: {e}"),
        }
    }

    /// Takes every toast of the app off the screen and out of the Action Center (the app was
    /// locked: what they say is no longer for whoever sits there).
    pub async fn close_all(&mut self) {
        use windows::UI::Notifications::ToastNotificationManager;
        let app_id = HSTRING::from(APP_ID);
        if let Ok(notifier) = ToastNotificationManager::CreateToastNotifierWithId(&app_id) {
            for (_, _, toast) in self.shown.drain(..) {
                let _ = notifier.Hide(&toast);
            }
        }
        if let Err(e) = ToastNotificationManager::History().and_then(|history| history.ClearWithId(&app_id)) {
            eprintln!("switchboard: could not clear the notifications: {e}");
        }
    }

    /// Takes a page's toast off the screen and out of the Action Center.
    pub async fn close(&mut self, account: &str, page_id: u32) {
        use windows::UI::Notifications::ToastNotificationManager;
        let Some(at) = self.shown.iter().position(|(a, id, _)| a == account && *id == page_id) else { return };
        let Some((_, _, toast)) = self.shown.remove(at) else { return };
        let hidden = ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_ID)).and_then(|notifier| notifier.Hide(&toast));
        if let Err(e) = hidden {
            eprintln!("switchboard: could not close a notification: {e}");
        }
    }
}

fn toast(app: &AppHandle, n: &OsNotification, on_answer: OnAnswer) -> windows::core::Result<windows::UI::Notifications::ToastNotification> {
    use windows::Data::Xml::Dom::XmlDocument;
    use windows::Foundation::TypedEventHandler;
    use windows::UI::Notifications::{ToastNotification, ToastNotificationManager};
    let xml = XmlDocument::new()?;
    xml.LoadXml(&HSTRING::from("<toast><visual><binding template=\"ToastGeneric\"><text/><text/></binding></visual></toast>"))?;
    // Text nodes, not markup: whatever the page wrote is shown as text.
    let texts = xml.GetElementsByTagName(&HSTRING::from("text"))?;
    for (at, text) in [&n.summary, &n.body].into_iter().enumerate() {
        texts.Item(at as u32)?.AppendChild(&xml.CreateTextNode(&HSTRING::from(text.as_str()))?)?;
    }
    let toast = ToastNotification::CreateToastNotification(&xml)?;
    toast.SetGroup(&HSTRING::from(n.account.as_str()))?;
    if let Some(tag) = &n.tag {
        toast.SetTag(&HSTRING::from(switchboard_core::ids::short_tag(tag)))?;
    }
    let (app, account, page_id) = (app.clone(), n.account.clone(), n.page_id);
    let (closed_app, closed_account) = (app.clone(), account.clone());
    toast.Activated(&TypedEventHandler::new(move |_, _| {
        on_answer(&app, &account, page_id, Answer::Clicked);
        Ok(())
    }))?;
    toast.Dismissed(&TypedEventHandler::new(move |_, _| {
        on_answer(&closed_app, &closed_account, page_id, Answer::Closed);
        Ok(())
    }))?;
    ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_ID))?.Show(&toast)?;
    Ok(toast)
}
