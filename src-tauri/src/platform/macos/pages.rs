//! macOS: a service page, its own store and Tauri's navigation hook.

use super::layout::relayout;
use crate::navigation::{self, Decision};
use crate::platform::PageHome;
use crate::profile::Profile;
use switchboard_core::proxy::Proxy;
use tauri::{AppHandle, Webview};

/// Each account its own WebKit data store (the folder is unused here).
pub fn page_home(profile: &Profile, account: &str, _proxy: Option<&Proxy>) -> PageHome {
    PageHome { folder: profile.account_dir(account), store: Some(switchboard_core::ids::store_identifier(account)) }
}

/// A removed account's store: cleared with the page, so nothing of it stays on the disk.
pub fn delete_page_data(webview: &Webview) {
    let _ = webview.clear_all_browsing_data();
}

/// Tauri's hook sees subframes and redirects as well as clicks and can't tell them apart, so what
/// the page navigates to stays (sign-in providers, captchas in frames); links the user opens in a
/// new window still go to the browser (`popups`).
pub fn page_builder<R: tauri::Runtime>(builder: tauri::webview::WebviewBuilder<R>, domains: &[String], account: &str, _proxy: Option<&Proxy>) -> tauri::webview::WebviewBuilder<R> {
    let (domains, opener) = (domains.to_vec(), account.to_string());
    builder.on_navigation(move |url| match navigation::decide(&domains, url, false) {
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
