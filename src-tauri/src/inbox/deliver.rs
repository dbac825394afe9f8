//! Delivery to the OS, on the async runtime, fed by a bounded queue: a page must never make
//! anything wait or pile up. How a notification is shown, replaced by tag and answers a click
//! is each platform's (`platform::Notifier`).

use tauri::async_runtime::spawn;
use tauri::AppHandle;
use tokio::sync::mpsc::{channel, error::TrySendError, Sender};

const QUEUE: usize = 32;

/// What became of a notification shown: the user clicked it, or it went away (dismissed,
/// expired, closed by its page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Clicked,
    Closed,
}

/// Runs when a notification is answered: (app, account, the page's id for it, the answer).
pub type OnAnswer = fn(&AppHandle, &str, u32, Answer);

/// What the delivery task is asked to do.
#[derive(Debug)]
pub enum Delivery {
    Show(OsNotification),
    /// The page closed its notification (`Notification.close()`): it leaves the desktop too.
    Close { account: String, page_id: u32 },
    /// The app was locked: every notification it showed leaves the desktop.
    CloseAll,
}

#[derive(Debug)]
pub struct OsNotification {
    pub summary: String,
    pub body: String,
    /// The service's icon, as a file URI.
    pub icon: Option<String>,
    /// The page's tag: a later notification of the same account and tag replaces this one.
    pub tag: Option<String>,
    pub account: String,
    /// The page's own id for it, to call the page's click handler.
    pub page_id: u32,
}

impl OsNotification {
    /// What is shown while the app is locked: no service, account, name or text; `summary` says
    /// "New message" in the user's language.
    pub fn content_free(account: &str, page_id: u32, summary: String) -> OsNotification {
        OsNotification { summary, body: String::new(), icon: None, tag: None, account: account.into(), page_id }
    }
}

/// Starts delivery; `on_answer` runs when a notification is clicked or goes away.
pub fn start(app: AppHandle, on_answer: OnAnswer) -> Sender<Delivery> {
    let (tx, mut rx) = channel::<Delivery>(QUEUE);
    spawn(async move {
        let mut notifier = crate::platform::Notifier::default();
        while let Some(delivery) = rx.recv().await {
            match delivery {
                Delivery::Show(n) => notifier.show(&app, n, on_answer).await,
                Delivery::Close { account, page_id } => notifier.close(&account, page_id).await,
                Delivery::CloseAll => notifier.close_all().await,
            }
        }
    });
    tx
}

/// Queues a delivery; false when the queue was full and it was dropped.
pub fn queue(outbox: &Sender<Delivery>, delivery: Delivery) -> bool {
    !matches!(outbox.try_send(delivery), Err(TrySendError::Full(_) | TrySendError::Closed(_)))
}
