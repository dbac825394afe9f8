//! Delivery to the OS through notify-rust, on the async runtime, fed by a bounded queue: a page
//! must never make anything wait or pile up. Each shown notification waits (as a task, not a
//! thread) for the user's click on its own D-Bus connection, where desktops send the answer;
//! only the most recent ones stay clickable, so connections can't pile up either.

use std::collections::VecDeque;
use tauri::async_runtime::{spawn, JoinHandle};
use tauri::AppHandle;
use tokio::sync::mpsc::{channel, error::TrySendError, Sender};

const QUEUE: usize = 32;
/// Notifications that still answer a click; older ones stop listening.
const CLICKABLE: usize = 50;

#[derive(Debug)]
pub struct OsNotification {
    pub summary: String,
    pub body: String,
    pub account: String,
    /// The page's own id for it, to call the page's click handler.
    pub page_id: u32,
}

/// Starts delivery; `on_click` runs when the user clicks a notification.
pub fn start(app: AppHandle, on_click: fn(&AppHandle, &str, u32)) -> Sender<OsNotification> {
    let (tx, mut rx) = channel::<OsNotification>(QUEUE);
    spawn(async move {
        let mut waiting: VecDeque<JoinHandle<()>> = VecDeque::new();
        while let Some(n) = rx.recv().await {
            let notification = notify_rust::Notification::new()
                .appname("Switchboard")
                .summary(&n.summary)
                .body(&n.body)
                .action("default", "Open")
                .finalize();
            #[cfg(all(unix, not(target_os = "macos")))]
            {
                let handle = match notification.show_async().await {
                    Ok(handle) => handle,
                    Err(e) => {
                        eprintln!("switchboard: could not show a notification: {e}");
                        continue;
                    }
                };
                let app = app.clone();
                waiting.push_back(spawn(async move {
                    let mut clicked = false;
                    handle
                        .wait_for_action_async(|response| {
                            clicked = !matches!(response, notify_rust::NotificationResponse::Closed(_))
                        })
                        .await;
                    if clicked {
                        on_click(&app, &n.account, n.page_id);
                    }
                }));
                waiting.retain(|task| !task.inner().is_finished());
                while waiting.len() > CLICKABLE {
                    if let Some(oldest) = waiting.pop_front() {
                        oldest.abort();
                    }
                }
            }
            // Elsewhere notify-rust has no click answer to wait for; the notification still shows.
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            {
                let _ = (&app, on_click, &mut waiting);
                if let Err(e) = notification.show() {
                    eprintln!("switchboard: could not show a notification: {e}");
                }
            }
        }
    });
    tx
}

/// Queues a notification; false when the queue was full and it was dropped.
pub fn queue(outbox: &Sender<OsNotification>, n: OsNotification) -> bool {
    !matches!(outbox.try_send(n), Err(TrySendError::Full(_) | TrySendError::Closed(_)))
}
