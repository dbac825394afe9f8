//! macOS: placement is shared with Windows (`placed::layout`); the Dock shows the unread total.

pub use crate::platform::placed::layout::{on_window_event, relayout, set_shown};
use tauri::{AppHandle, Webview};

/// The menu bar's key equivalents reach the app whatever has the focus.
pub fn adopt_shell(_shell: &Webview) {}

/// The menu bar is the window's own preparation here (`shortcuts::menu_bar`).
pub fn prepare_window(_window: &tauri::Window, app: AppHandle) -> tauri::Result<()> {
    super::shortcuts::menu_bar(app)
}

/// The unread total on the Dock icon.
pub fn show_badge(window: &tauri::Window, total: u32) {
    let _ = window.set_badge_count((total > 0).then_some(i64::from(total)));
}
