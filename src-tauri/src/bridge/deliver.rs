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
