//! What WebKit itself says of a page, never what the page says: the address of the document it
//! committed, and scripts run in a script world of their own, where the page's scripts can
//! replace nothing they call (`Array.prototype`, `JSON`, `String` are that world's own).

use gtk::glib::object::ObjectType;
use gtk::prelude::WidgetExt;
use javascriptcore::ValueExt;
use std::cell::RefCell;
use std::collections::HashMap;
use tauri::Webview;
use webkit2gtk::{LoadEvent, WebViewExt};

/// The world Switchboard's own questions to a page run in; it shares the page's DOM only.
const WORLD: &str = "switchboard";

thread_local! {
    /// Each page's (by webview label) committed document: which view, and its address. WebKit's
    /// own address is already the next one while a load is pending, which has committed nothing.
    static COMMITTED: RefCell<HashMap<String, (usize, String)>> = RefCell::new(HashMap::new());
}

fn key(view: &webkit2gtk::WebView) -> usize {
    view.as_ptr() as usize
}

/// Follows a page's loads from now on (main thread): the address of each document it commits.
pub fn follow(label: &str, view: &webkit2gtk::WebView) {
    let note = {
        let label = label.to_string();
        move |view: &webkit2gtk::WebView| {
            if let Some(uri) = view.uri() {
                COMMITTED.with(|c| c.borrow_mut().insert(label.clone(), (key(view), uri.to_string())));
            }
        }
    };
    if !view.is_loading() {
        note(view);
    }
    let committed = note.clone();
    view.connect_load_changed(move |view, event| {
        // Finished too: a page followed after its first commit gets its address there.
        if matches!(event, LoadEvent::Committed | LoadEvent::Finished) {
            committed(view);
        }
    });
    let label = label.to_string();
    view.connect_destroy(move |view| {
        let mine = key(view);
        COMMITTED.with(|c| {
            let mut c = c.borrow_mut();
            if c.get(&label).is_some_and(|(view, _)| *view == mine) {
                c.remove(&label);
            }
        });
    });
}

/// The origin of the document a page (by label) has committed; empty before its first (main
/// thread).
pub fn committed_origin(label: &str) -> String {
    let uri = COMMITTED.with(|c| c.borrow().get(label).map(|(_, uri)| uri.clone()));
    uri.and_then(|u| url::Url::parse(&u).ok()).map(|u| u.origin().ascii_serialization()).unwrap_or_default()
}

/// The address of the document the page shows, as WebKit committed it; `None` before its first.
pub fn committed_address(webview: &Webview, done: impl FnOnce(Option<String>) + Send + 'static) -> tauri::Result<()> {
    let label = webview.label().to_string();
    webview.with_webview(move |_| done(COMMITTED.with(|c| c.borrow().get(&label).map(|(_, uri)| uri.clone()))))
}

/// Runs `script` in the page's main frame, in Switchboard's own world; its result as JSON.
pub fn evaluate_apart(webview: &Webview, script: String, done: impl FnOnce(Option<String>) + Send + 'static) -> tauri::Result<()> {
    webview.with_webview(move |platform| {
        platform.inner().evaluate_javascript(&script, Some(WORLD), None, None::<&webkit2gtk::gio::Cancellable>, move |result| {
            done(result.ok().and_then(|value| value.to_json(0)).map(|json| json.to_string()));
        });
    })
}
