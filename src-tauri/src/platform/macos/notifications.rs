//! macOS: notifications through the Notification Center.

use crate::platform::{OnAnswer, OsNotification};
use tauri::AppHandle;

/// Notifications through the Notification Center (notify-rust); it reports no clicks here.
#[derive(Default)]
pub struct Notifier;

impl Notifier {
    pub async fn show(&mut self, _app: &AppHandle, n: OsNotification, _on_answer: OnAnswer) {
        // The Notification Center shows the app's own icon; the service's is not passed.
        let _ = &n.icon;
        let mut notification = notify_rust::Notification::new();
        notification.summary(&n.summary).body(&n.body);
        if let Err(e) = notification.show() {
            eprintln!("switchboard: could not show a notification: {e}");
        }
    }

    /// Not yet: the Notification Center is left to clear its own (see the README's table).
    pub async fn close(&mut self, _account: &str, _page_id: u32) {}

    /// Not yet, as `close`: notify-rust's macOS backend can't take a notification back.
    pub async fn close_all(&mut self) {}
}
