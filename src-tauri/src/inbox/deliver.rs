//! Delivery to the OS, on the async runtime, fed by a bounded queue: a page must never make
//! anything wait or pile up. How a notification is shown, replaced by tag and answers a click
//! is each platform's (`platform::Notifier`).

use tauri::async_runtime::spawn;
use tauri::AppHandle;
use tokio::sync::mpsc::{channel, error::TrySendError, Sender};

const QUEUE: usize = 32;

/// Runs when the user clicks a notification: (app, account, the page's id for it).
pub type OnClick = fn(&AppHandle, &str, u32);

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

/// Starts delivery; `on_click` runs when the user clicks a notification.
pub fn start(app: AppHandle, on_click: OnClick) -> Sender<OsNotification> {
    let (tx, mut rx) = channel::<OsNotification>(QUEUE);
    spawn(async move {
        let mut notifier = crate::platform::Notifier::default();
        while let Some(n) = rx.recv().await {
            notifier.show(&app, n, on_click).await;
        }
    });
    tx
}

/// Queues a notification; false when the queue was full and it was dropped.
pub fn queue(outbox: &Sender<OsNotification>, n: OsNotification) -> bool {
    !matches!(outbox.try_send(n), Err(TrySendError::Full(_) | TrySendError::Closed(_)))
}
