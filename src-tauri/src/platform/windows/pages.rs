//! Windows: a service page, from its builder to its events watched.

use super::layout::relayout;
use super::Page;
use switchboard_core::proxy::Proxy;
use tauri::{AppHandle, Webview};
use webview2_com::Microsoft::Web::WebView2::Win32::*;

/// Here the guard is WebView2's own NavigationStarting, connected in `adopt_page`: Tauri's hook
/// would see redirects as the user's and send a sign-in provider to the browser.
pub fn page_builder<R: tauri::Runtime>(builder: tauri::webview::WebviewBuilder<R>, _domains: &[String], _account: &str) -> tauri::webview::WebviewBuilder<R> {
    builder
}

/// A service page, once made: into the layout, its keys, navigations, failures and permission
/// requests watched.
/// (Its proxy went to its browser with it: `proxy_url`, its `--proxy-server`.)
pub fn adopt_page(webview: &Webview, app: &AppHandle, account: &str, label: &str, domains: Vec<String>, proxy: Option<Proxy>) {
    relayout(app);
    let page = Page { app: app.clone(), webview: webview.clone(), account: account.to_string(), label: label.to_string() };
    let _ = webview.with_webview(move |platform| {
        // SAFETY: called on the main thread, where WebView2 lives, with the page's live controller.
        if let Err(e) = unsafe { watch(&platform.controller(), page, domains, proxy) } {
            eprintln!("switchboard: a page's WebView2 events could not be watched: {e}");
        }
    });
}

unsafe fn watch(controller: &ICoreWebView2Controller, page: Page, domains: Vec<String>, proxy: Option<Proxy>) -> windows::core::Result<()> {
    let core = controller.CoreWebView2()?;
    let mut browser = 0u32;
    core.BrowserProcessId(&mut browser)?;
    super::memory::note(&page.account, browser);
    super::shortcuts::watch_keys(controller, page.app.clone())?;
    super::navigation::guard(&core, page.account.clone(), domains)?;
    super::recovery::watch(&core, &page)?;
    super::network::watch(&core, &page, proxy)?;
    super::permissions::watch(&core, page)
}
