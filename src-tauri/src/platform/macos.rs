//! macOS: WKWebView. What is not written here yet is missing on macOS: app shortcuts with the
//! focus inside a page, the offline and crash pages, the permission question, notification
//! clicks, and each account its own cookie store (`data_store_identifier`, macOS 14+).

pub use super::placed::{adopt_page, adopt_shell, on_window_event, page_builder, relayout, set_shown};
use tauri::{AppHandle, Webview, Window};

pub fn prepare_process() {}

pub fn display_ready() -> Result<(), String> {
    Ok(())
}

pub fn global_shortcuts_refused() -> Option<&'static str> {
    None
}

pub fn prepare_window(_window: &Window, _app: AppHandle) -> tauri::Result<()> {
    Ok(())
}

/// Not yet: the user's yes to a download does not start it again here.
pub fn download(_webview: &Webview, _url: &str) {}

/// Not yet: no page's permission request is asked of the user here.
pub fn answer_permission(_app: &AppHandle, _id: u64, _allow: bool) {}
