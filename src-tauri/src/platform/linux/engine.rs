//! What WebKit itself says of a page, never what the page says: the address it has committed
//! to, and scripts run in a script world of their own, where the page's scripts can replace
//! nothing they call (`Array.prototype`, `JSON`, `String` are that world's own).

use tauri::Webview;
use javascriptcore::ValueExt;
use webkit2gtk::WebViewExt;

/// The world Switchboard's own questions to a page run in; it shares the page's DOM only.
const WORLD: &str = "switchboard";

/// The address of the document the page shows, as WebKit has it; `None` while a load is under
/// way (WebKit's address is then already the one being loaded, which has committed nothing).
pub fn committed_address(webview: &Webview, done: impl FnOnce(Option<String>) + Send + 'static) -> tauri::Result<()> {
    webview.with_webview(move |platform| {
        let view = platform.inner();
        done((!view.is_loading()).then(|| view.uri()).flatten().map(|uri| uri.to_string()));
    })
}

/// Runs `script` in the page's main frame, in Switchboard's own world; its result as JSON.
pub fn evaluate_apart(webview: &Webview, script: String, done: impl FnOnce(Option<String>) + Send + 'static) -> tauri::Result<()> {
    webview.with_webview(move |platform| {
        platform.inner().evaluate_javascript(&script, Some(WORLD), None, None::<&webkit2gtk::gio::Cancellable>, move |result| {
            done(result.ok().and_then(|value| value.to_json(0)).map(|json| json.to_string()));
        });
    })
}
