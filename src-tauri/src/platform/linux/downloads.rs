//! Linux: a download the user said yes to.

use tauri::Webview;
use webkit2gtk::WebViewExt;

/// Starts a download again from the page, in its session, once the user said yes.
pub fn download(webview: &Webview, url: &str) {
    let url = url.to_string();
    let _ = webview.with_webview(move |platform| {
        platform.inner().download_uri(&url);
    });
}

