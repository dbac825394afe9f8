//! macOS: a service page, its own store and Tauri's navigation hook.

use super::layout::relayout;
use crate::navigation::{self, Decision};
use switchboard_core::proxy::Proxy;
use tauri::{AppHandle, Webview};

/// Each account its own store. Tauri's hook sees subframes and redirects as well as clicks and
/// can't tell them apart, so what the page navigates to stays (sign-in providers, captchas in
/// frames); links the user opens in a new window still go to the browser (`popups`).
pub fn page_builder<R: tauri::Runtime>(builder: tauri::webview::WebviewBuilder<R>, domains: &[String], account: &str) -> tauri::webview::WebviewBuilder<R> {
    let (domains, opener) = (domains.to_vec(), account.to_string());
    builder
        .data_store_identifier(switchboard_core::ids::store_identifier(account))
        .on_navigation(move |url| match navigation::decide(&domains, url, false) {
            Decision::Stay => true,
            Decision::OpenOutside => {
                crate::platform::outside::open(&opener, url);
                false
            }
            Decision::Refuse => false,
        })
}

/// The proxy was given to the data store with the page (`proxy_url`); a password it can't take.
pub fn adopt_page(_webview: &Webview, app: &AppHandle, _account: &str, _label: &str, _domains: Vec<String>, _proxy: Option<Proxy>) {
    relayout(app);
}
