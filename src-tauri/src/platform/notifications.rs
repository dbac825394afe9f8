//! Notifications on the desktop: what is shown, and what the user did with it. Every OS has a
//! `Notifier` (`<os>/notifications.rs`) that shows one, replaces it by its tag, takes it back
//! and tells of its click.

pub use super::os::notifications::Notifier;

use tauri::AppHandle;

/// What became of a notification shown: the user clicked it, or it went away (dismissed,
/// expired, closed by its page).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Clicked,
    Closed,
}

/// Runs when a notification is answered: (app, account, the page's id for it, the answer).
pub type OnAnswer = fn(&AppHandle, &str, u32, Answer);

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
