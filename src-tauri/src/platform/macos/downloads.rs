//! macOS: downloads.

use tauri::Webview;

/// Not yet: the user's yes to a download does not start it again here.
pub fn download(_webview: &Webview, _url: &str) {}
