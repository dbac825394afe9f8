//! What Windows and macOS share today: Tauri puts child webviews where they are told
//! (`set_bounds`), on every resize, and its navigation hook sees main-frame navigations only.
//! What the Linux file does beyond that is missing on both (see their files).

use crate::navigation::{self, Decision};
use crate::shell::{covered, outside, window, SHELL, SIDEBAR_WIDTH};
use tauri::webview::WebviewBuilder;
use tauri::{AppHandle, LogicalPosition, LogicalSize, Runtime, Webview, Window};

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

pub fn adopt_shell(_shell: &Webview) {}

/// Here the hook only sees main-frame navigations, all of which the user started.
pub fn page_builder<R: Runtime>(builder: WebviewBuilder<R>, domains: &[String], account: &str) -> WebviewBuilder<R> {
    let (domains, opener) = (domains.to_vec(), account.to_string());
    builder.on_navigation(move |url| match navigation::decide(&domains, url, true) {
        Decision::Stay => true,
        Decision::OpenOutside => {
            outside::open(&opener, url);
            false
        }
        Decision::Refuse => false,
    })
}

pub fn adopt_page(_webview: &Webview, app: &AppHandle, _account: &str, _label: &str, _domains: Vec<String>) {
    relayout(app);
}

pub fn on_window_event(app: &AppHandle, event: &tauri::WindowEvent) {
    if let tauri::WindowEvent::Resized(_) = event {
        relayout(app);
    }
}

pub fn set_shown(webview: &Webview, shown: bool) {
    let _ = if shown { webview.show() } else { webview.hide() };
}

/// Puts the sidebar (the whole window while something covers the pages) and the pages in place.
pub fn relayout(app: &AppHandle) {
    let Ok(window) = window(app) else { return };
    let (Ok(size), Ok(scale)) = (window.inner_size(), window.scale_factor()) else { return };
    let size = size.to_logical::<f64>(scale);
    let sidebar = if covered() { size.width } else { SIDEBAR_WIDTH.min(size.width) };
    for webview in window.webviews() {
        let rect = if webview.label() == SHELL {
            tauri::Rect { position: LogicalPosition::new(0.0, 0.0).into(), size: LogicalSize::new(sidebar, size.height).into() }
        } else {
            tauri::Rect {
                position: LogicalPosition::new(SIDEBAR_WIDTH, 0.0).into(),
                size: LogicalSize::new((size.width - SIDEBAR_WIDTH).max(1.0), size.height).into(),
            }
        };
        let _ = webview.set_bounds(rect);
    }
}
