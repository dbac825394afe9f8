//! Quitting: every service page is unloaded first — its pagehide and unload handlers run, so a
//! client releases what it holds per tab (a session lock "open in another window") and the
//! next start finds it free — then the app ends cleanly, which lets WebKit write every
//! account's cookies and storage to disk. A page that does not finish unloading in time is not
//! waited for.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;
use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{AppHandle, Webview};
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

/// The longest the app waits for its pages to unload.
const UNLOAD_WAIT: Duration = Duration::from_secs(3);

static QUITTING: AtomicBool = AtomicBool::new(false);
/// Told the label of each page that has unloaded, while quitting.
static UNLOADED: Mutex<Option<UnboundedSender<String>>> = Mutex::new(None);

/// A page was left for `about:blank` while quitting: it has unloaded (every account page's
/// load handler; see `super::open_account`).
pub fn on_page_load(webview: Webview, payload: PageLoadPayload<'_>) {
    if QUITTING.load(Ordering::SeqCst) && payload.event() == PageLoadEvent::Finished && payload.url().as_str() == "about:blank" {
        if let Some(unloaded) = UNLOADED.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            let _ = unloaded.send(webview.label().to_string());
        }
    }
}

/// Quits once every page has unloaded, or after `UNLOAD_WAIT`. Asking again while quitting
/// does nothing more.
pub fn quit(app: &AppHandle) {
    if QUITTING.swap(true, Ordering::SeqCst) {
        return;
    }
    let pages: Vec<Webview> = super::window(app)
        .map(|w| w.webviews())
        .unwrap_or_default()
        .into_iter()
        .filter(|w| super::account_of(w.label()).is_some())
        .collect();
    let (tx, mut rx) = unbounded_channel();
    *UNLOADED.lock().unwrap_or_else(|e| e.into_inner()) = Some(tx);
    let mut waiting: HashSet<String> = HashSet::new();
    for page in pages {
        if page.navigate("about:blank".parse().expect("a valid address")).is_ok() {
            waiting.insert(page.label().to_string());
        }
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let all_unloaded = async {
            while !waiting.is_empty() {
                match rx.recv().await {
                    Some(label) => waiting.remove(&label),
                    None => break,
                };
            }
        };
        let _ = tokio::time::timeout(UNLOAD_WAIT, all_unloaded).await;
        app.exit(0);
    });
}
