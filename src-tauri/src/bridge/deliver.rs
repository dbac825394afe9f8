//! Delivery to the OS, on the async runtime, fed by a bounded queue: a page must never make
//! anything wait or pile up. How a notification is shown, replaced by tag and answers a click
//! is each platform's (`platform::Notifier`).

use tauri::async_runtime::spawn;
use crate::platform::{OnAnswer, OsNotification};
use tauri::AppHandle;
use tokio::sync::mpsc::{channel, error::TrySendError, Sender};

const QUEUE: usize = 32;

/// What the delivery task is asked to do.
#[derive(Debug)]
pub enum Delivery {
    Show(OsNotification),
    /// An alert of a person whose messages are translated (from `language` when their card
    /// says): shown once translated, or as it is after `incoming::ALERT_WAIT`. In the queue, so
    /// nothing queued after it (the page closing it, the lock) overtakes it.
    Translate { n: OsNotification, language: Option<String> },
    /// The page closed its notification (`Notification.close()`): it leaves the desktop too.
    Close { account: String, page_id: u32 },
    /// The app was locked: every notification it showed leaves the desktop.
    CloseAll,
}

/// Starts delivery; `on_answer` runs when a notification is clicked or goes away.
pub fn start(app: AppHandle, on_answer: OnAnswer) -> Sender<Delivery> {
    let (tx, mut rx) = channel::<Delivery>(QUEUE);
    spawn(async move {
        let mut notifier = crate::platform::Notifier::default();
        while let Some(delivery) = rx.recv().await {
            match delivery {
                Delivery::Show(n) => notifier.show(&app, n, on_answer).await,
                Delivery::Translate { n, language } => notifier.show(&app, translated(&app, n, language).await, on_answer).await,
                Delivery::Close { account, page_id } => notifier.close(&account, page_id).await,
                Delivery::CloseAll => notifier.close_all().await,
            }
        }
    });
    tx
}

/// The alert with its translation, then the original; where it came only if the app was locked
/// while it waited.
async fn translated(app: &AppHandle, mut n: OsNotification, language: Option<String>) -> OsNotification {
    use tauri::Manager;
    if let Some(text) = app.state::<crate::incoming::Incoming>().now(app, &n.body, language.as_deref()).await {
        let both = crate::language::t(app, "notification.translated", &[("text", &text), ("original", &n.body)]);
        n.body = crate::text::clean_text(&both, super::MAX_BODY_CHARS);
    }
    if crate::screen::locked() {
        return OsNotification::content_free(&n.account, n.page_id, crate::language::t(app, "notification.locked", &[]));
    }
    n
}

/// Queues a delivery; false when the queue was full and it was dropped.
pub fn queue(outbox: &Sender<Delivery>, delivery: Delivery) -> bool {
    !matches!(outbox.try_send(delivery), Err(TrySendError::Full(_) | TrySendError::Closed(_)))
}
