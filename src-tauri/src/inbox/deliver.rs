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
    /// The service's icon, as a file URI.
    pub icon: Option<String>,
    /// The page's tag: a later notification of the same account and tag replaces this one.
    pub tag: Option<String>,
    pub account: String,
    /// The page's own id for it, to call the page's click handler.
    pub page_id: u32,
}

impl OsNotification {
    /// What is shown while the app is locked: no service, account, name or text.
    pub fn content_free(account: &str, page_id: u32) -> OsNotification {
        OsNotification { summary: "New message".into(), body: String::new(), icon: None, tag: None, account: account.into(), page_id }
    }
}

/// Starts delivery; `on_click` runs when the user clicks a notification.
pub fn start(app: AppHandle, on_click: fn(&AppHandle, &str, u32)) -> Sender<OsNotification> {
    let (tx, mut rx) = channel::<OsNotification>(QUEUE);
    spawn(async move {
        let mut tags = Tags::default();
        let mut waiting: VecDeque<(u32, JoinHandle<()>)> = VecDeque::new();
        while let Some(n) = rx.recv().await {
            let mut notification = notify_rust::Notification::new();
            notification.appname("Switchboard").summary(&n.summary).body(&crate::text::markup_escaped(&n.body)).action("default", "Open");
            if let Some(icon) = &n.icon {
                notification.icon(icon);
            }
            let tag = n.tag.as_ref().map(|t| (n.account.clone(), t.clone()));
            if let Some(replaces) = tag.as_ref().and_then(|t| tags.get(t)) {
                notification.id(replaces);
            }
            #[cfg(all(unix, not(target_os = "macos")))]
            {
                let handle = match notification.show_async().await {
                    Ok(handle) => handle,
                    Err(e) => {
                        eprintln!("switchboard: could not show a notification: {e}");
                        continue;
                    }
                };
                let id = handle.id();
                if let Some(tag) = tag {
                    tags.put(tag, id);
                }
                // A replaced notification's click now belongs to the new one.
                waiting.retain(|(shown, task)| {
                    let replaced = *shown == id;
                    if replaced {
                        task.abort();
                    }
                    !replaced && !task.inner().is_finished()
                });
                let app = app.clone();
                waiting.push_back((
                    id,
                    spawn(async move {
                        let mut clicked = false;
                        handle
                            .wait_for_action_async(|response| {
                                clicked = !matches!(response, notify_rust::NotificationResponse::Closed(_))
                            })
                            .await;
                        if clicked {
                            on_click(&app, &n.account, n.page_id);
                        }
                    }),
                ));
                while waiting.len() > CLICKABLE {
                    if let Some((_, oldest)) = waiting.pop_front() {
                        oldest.abort();
                    }
                }
            }
            // Elsewhere notify-rust has no click answer to wait for; the notification still shows.
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            {
                let _ = (&app, on_click, &mut waiting, &mut tags, tag);
                if let Err(e) = notification.show() {
                    eprintln!("switchboard: could not show a notification: {e}");
                }
            }
        }
    });
    tx
}

/// The OS notification ids of recent tags, per account: the most recent `TAGS` are kept.
#[derive(Default)]
struct Tags(VecDeque<((String, String), u32)>);

const TAGS: usize = 200;

impl Tags {
    fn get(&self, tag: &(String, String)) -> Option<u32> {
        self.0.iter().find(|(t, _)| t == tag).map(|(_, id)| *id)
    }

    fn put(&mut self, tag: (String, String), id: u32) {
        self.0.retain(|(t, _)| *t != tag);
        self.0.push_back((tag, id));
        if self.0.len() > TAGS {
            self.0.pop_front();
        }
    }
}

/// Queues a notification; false when the queue was full and it was dropped.
pub fn queue(outbox: &Sender<OsNotification>, n: OsNotification) -> bool {
    !matches!(outbox.try_send(n), Err(TrySendError::Full(_) | TrySendError::Closed(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_per_account_and_bounded() {
        let mut tags = Tags::default();
        let key = |a: &str, t: &str| (a.to_string(), t.to_string());
        tags.put(key("a", "chat"), 7);
        assert_eq!(tags.get(&key("a", "chat")), Some(7));
        assert_eq!(tags.get(&key("b", "chat")), None, "another account's tag is its own");
        tags.put(key("a", "chat"), 9);
        assert_eq!(tags.get(&key("a", "chat")), Some(9));
        for i in 0..TAGS {
            tags.put(key("a", &i.to_string()), i as u32);
        }
        assert_eq!(tags.get(&key("a", "chat")), None, "the oldest is forgotten");
        assert_eq!(tags.0.len(), TAGS);
    }
}
