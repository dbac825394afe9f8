//! Delivery to the OS on a thread of its own, through a bounded queue: showing a notification
//! talks to D-Bus and may block, and a page must never make anything else wait or pile up.

use std::sync::mpsc::{sync_channel, SyncSender, TrySendError};

const QUEUE: usize = 32;

#[derive(Debug)]
pub struct OsNotification {
    pub summary: String,
    pub body: String,
}

/// Starts the delivery thread; the sender refuses (rather than waits) when the queue is full.
pub fn start() -> SyncSender<OsNotification> {
    let (tx, rx) = sync_channel::<OsNotification>(QUEUE);
    std::thread::Builder::new()
        .name("notify".into())
        .spawn(move || {
            for n in rx {
                let shown = notify_rust::Notification::new()
                    .appname("Switchboard")
                    .summary(&n.summary)
                    .body(&n.body)
                    .show();
                if let Err(e) = shown {
                    eprintln!("switchboard: could not show a notification: {e}");
                }
            }
        })
        .expect("a thread for notifications");
    tx
}

/// Queues a notification; false when the queue was full and it was dropped.
pub fn queue(outbox: &SyncSender<OsNotification>, n: OsNotification) -> bool {
    !matches!(outbox.try_send(n), Err(TrySendError::Full(_) | TrySendError::Disconnected(_)))
}
