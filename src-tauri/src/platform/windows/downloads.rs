//! Windows: a download the user said yes to.

use tauri::Webview;

/// The user's yes to a download: the page's session fetches it again, which WebView2 turns
/// into a download without leaving the page.
pub fn download(webview: &Webview, url: &str) {
    if let Ok(url) = url::Url::parse(url) {
        let _ = webview.navigate(url);
    }
}

