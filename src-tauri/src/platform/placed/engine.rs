//! What WebView2 and WKWebView say of a page. Neither gives the app a script world of its own
//! through Tauri: a script runs beside the page's, so what must hold against the page is checked
//! by the engine (the address) or written to call nothing the page can replace (vault/fill.js).

use tauri::Webview;

/// The address of the document the page shows, as the engine has it: WebView2's `Source`
/// changes when a navigation commits, not when it starts; WKWebView's `URL`.
pub fn committed_address(webview: &Webview, done: impl FnOnce(Option<String>) + Send + 'static) -> tauri::Result<()> {
    done(webview.url().ok().map(String::from));
    Ok(())
}

/// Runs `script` in the page's main frame; its result as JSON.
pub fn evaluate_apart(webview: &Webview, script: String, done: impl FnOnce(Option<String>) + Send + 'static) -> tauri::Result<()> {
    crate::platform::evaluate_in_page(webview, script, done)
}
