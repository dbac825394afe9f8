//! Linux: a service page, from its builder to its place in the window.

use crate::platform::PageHome;
use crate::profile::Profile;
use switchboard_core::proxy::Proxy;
use tauri::{AppHandle, Webview};

/// Each account its own folder: its own WebKit context, with its own network process and proxy.
pub fn page_home(profile: &Profile, account: &str, _proxy: Option<&Proxy>) -> PageHome {
    PageHome { folder: profile.account_dir(account), store: None }
}

/// A removed account's data is its folder, deleted once its page is gone.
pub fn delete_page_data(_webview: &Webview) {}

/// What a service page's builder needs before the page exists: nothing here (the navigation
/// guard is WebKit's own policy signal, connected in `adopt_page`).
pub fn page_builder<R: tauri::Runtime>(builder: tauri::webview::WebviewBuilder<R>, _domains: &[String], _account: &str, _proxy: Option<&Proxy>) -> tauri::webview::WebviewBuilder<R> {
    builder
}

/// A service page, once made: into the layout, its navigation guarded, its failures recovered
/// from, its permission requests asked of the user, its proxy's password given.
pub fn adopt_page(webview: &Webview, app: &AppHandle, account: &str, label: &str, domains: Vec<String>, proxy: Option<Proxy>) {
    super::layout::adopt(webview, false);
    super::navigation::guard(webview, account.to_string(), domains);
    super::recovery::recover(webview, app.clone(), account.to_string(), label.to_string());
    super::permissions::ask(webview, app.clone(), account.to_string());
    super::network::follow(webview, app.clone(), account.to_string(), proxy);
}

