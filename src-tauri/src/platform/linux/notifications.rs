//! Linux: notifications over D-Bus.

use crate::platform::{Answer, OnAnswer, OsNotification};
use tauri::AppHandle;

/// Notifications over D-Bus (notify-rust). The server answers each with an id: a tag's next
/// notification replaces it by that id. Each shown notification waits (as a task, not a
/// thread) for the user's click on its own D-Bus connection, where desktops send the answer;
/// only the most recent ones stay clickable, so connections can't pile up.
#[derive(Default)]
pub struct Notifier {
    tags: switchboard_core::inbox::tags::Tags,
    /// Notifications still on the desktop, newest last: the server's id, whose page notification
    /// it is (account, the page's id), and the task waiting for its answer.
    waiting: std::collections::VecDeque<Shown>,
    /// The session bus, for closing notifications: opened at the first close, then kept (a page
    /// may close an alert for every message it gets).
    bus: Option<zbus::Connection>,
}

struct Shown {
    id: u32,
    account: String,
    page_id: u32,
    task: tauri::async_runtime::JoinHandle<()>,
}

/// Notifications that still answer a click; older ones stop listening.
const CLICKABLE: usize = 50;

impl Notifier {
    pub async fn show(&mut self, app: &AppHandle, n: OsNotification, on_answer: OnAnswer) {
        let mut notification = notify_rust::Notification::new();
        let open = crate::language::t(app, "notification.open", &[]);
        notification.appname("Switchboard").summary(&n.summary).body(&crate::text::markup_escaped(&n.body)).action("default", &open);
        if let Some(icon) = &n.icon {
            notification.icon(icon);
        }
        let tag = n.tag.as_ref().map(|t| (n.account.clone(), t.clone()));
        if let Some(replaces) = tag.as_ref().and_then(|t| self.tags.get(t)) {
            notification.id(replaces);
        }
        let handle = match notification.show_async().await {
            Ok(handle) => handle,
            Err(e) => {
                eprintln!("switchboard: could not show a notification: {e}");
                return;
            }
        };
        let id = handle.id();
        if let Some(tag) = tag {
            self.tags.put(tag, id);
        }
        // A replaced notification's click now belongs to the new one.
        self.waiting.retain(|shown| {
            let replaced = shown.id == id;
            if replaced {
                shown.task.abort();
            }
            !replaced && !shown.task.inner().is_finished()
        });
        let (app, account, page_id) = (app.clone(), n.account.clone(), n.page_id);
        let task = tauri::async_runtime::spawn(async move {
            let mut answer = Answer::Closed;
            handle
                .wait_for_action_async(|response| {
                    if !matches!(response, notify_rust::NotificationResponse::Closed(_)) {
                        answer = Answer::Clicked;
                    }
                })
                .await;
            on_answer(&app, &n.account, n.page_id, answer);
        });
        self.waiting.push_back(Shown { id, account, page_id, task });
        while self.waiting.len() > CLICKABLE {
            if let Some(oldest) = self.waiting.pop_front() {
                oldest.task.abort();
            }
        }
    }

    /// Takes a page's notification off the desktop (CloseNotification); its page is told it
    /// closed when the server says so.
    pub async fn close(&mut self, account: &str, page_id: u32) {
        let Some(shown) = self.waiting.iter().find(|s| s.account == account && s.page_id == page_id) else { return };
        self.close_id(shown.id).await;
    }

    /// Takes every notification still on the desktop off it (the app was locked: what they say
    /// is no longer for whoever sits there).
    pub async fn close_all(&mut self) {
        let ids: Vec<u32> = self.waiting.iter().map(|s| s.id).collect();
        for id in ids {
            self.close_id(id).await;
        }
    }

    async fn close_id(&mut self, id: u32) {
        let bus = &mut self.bus;
        let closed = async {
            let conn = match bus {
                Some(conn) => conn,
                None => bus.insert(zbus::Connection::session().await?),
            };
            conn.call_method(Some("org.freedesktop.Notifications"), "/org/freedesktop/Notifications", Some("org.freedesktop.Notifications"), "CloseNotification", &(id,))
                .await
                .map(|_| ())
        };
        if let Err(e) = closed.await {
            eprintln!("switchboard: could not close a notification: {e}");
        }
    }
}

