//! Windows: WebView2 checks spelling itself, with the languages set in Windows (Settings → Time &
//! language); there is nothing to choose in the app.

use tauri::Webview;

/// `None`: the system's own checker picks its languages.
pub fn dictionaries() -> Option<Vec<String>> {
    None
}

pub fn set_spelling(_webview: &Webview, _languages: Vec<String>) {}
