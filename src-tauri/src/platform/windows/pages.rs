//! Windows: a service page, from its builder to its events watched.

use super::layout::relayout;
use super::Page;
use crate::platform::PageHome;
use crate::profile::Profile;
use switchboard_core::browsers::{self, Home};
use switchboard_core::proxy::Proxy;
use tauri::{AppHandle, Webview};
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use webview2_com::take_pwstr;
use windows::core::{Interface, PWSTR};

/// A profile of the browser shared by the accounts with the same proxy (or none), named from
/// the account id (`browsers`); an account that signed in before profiles keeps its own folder.
pub fn page_home(profile: &Profile, account: &str, proxy: Option<&Proxy>) -> PageHome {
    let own = profile.account_dir(account);
    match browsers::home(account, proxy, own.join(browsers::ENGINE_FOLDER).is_dir()) {
        Home::OwnFolder => PageHome { folder: own, store: None },
        Home::Shared { folder, profile: store } => PageHome { folder: profile.browsers_dir().join(folder), store: Some(store) },
    }
}

/// A removed account's profile: WebView2 deletes its folder once the shared browser ends (in
/// practice when the app quits), else the app does at its next start (`Profile::
/// delete_removed_profiles`). Only a profile of ours: never the "Default" one an old WebView2
/// (no named profiles) would have put every account of the folder in. An account with a folder
/// of its own loses the folder instead.
pub fn delete_page_data(webview: &Webview) {
    let _ = webview.with_webview(|platform| {
        // SAFETY: on the main thread, with the page's live controller.
        let deleted = unsafe {
            platform.controller().CoreWebView2().and_then(|core| core.cast::<ICoreWebView2_13>()).and_then(|core| core.Profile()).and_then(|profile| {
                let mut name = PWSTR::null();
                profile.ProfileName(&mut name)?;
                match browsers::is_profile_name(&take_pwstr(name)) {
                    true => profile.cast::<ICoreWebView2Profile8>()?.Delete(),
                    false => Ok(()),
                }
            })
        };
        if let Err(e) = deleted {
            eprintln!("switchboard: a removed account's WebView2 profile could not be deleted now: {e}");
        }
    });
}

/// What wry gives every WebView2 browser (its default arguments, which ours replace).
const WRY_ARGUMENTS: &str = "--disable-features=msWebOOUI,msPdfOOUI,msSmartScreenProtection";

/// Here the guard is WebView2's own NavigationStarting, connected in `adopt_page`: Tauri's hook
/// would see redirects as the user's and send a sign-in provider to the browser.
/// A browser with a proxy gets it with its arguments, and WebRTC kept to the proxy: its UDP
/// would go around it (calls go through the proxy's TCP, or not at all). Every account of a
/// shared browser has the same proxy, so the same arguments (WebView2 refuses others).
pub fn page_builder<R: tauri::Runtime>(builder: tauri::webview::WebviewBuilder<R>, _domains: &[String], _account: &str, proxy: Option<&Proxy>) -> tauri::webview::WebviewBuilder<R> {
    match proxy {
        Some(proxy) => builder.additional_browser_args(&format!("{WRY_ARGUMENTS} --proxy-server={} --force-webrtc-ip-handling-policy=disable_non_proxied_udp", proxy.url())),
        None => builder,
    }
}

/// A service page, once made: into the layout, its keys, navigations, failures and permission
/// requests watched.
/// (Its proxy went to its browser with it: `page_builder`.)
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
    // Only for the Memory view (an older WebView2 may lack it): the guards below come regardless.
    if let Err(e) = super::memory::note(&page.account, &core) {
        eprintln!("switchboard: a page's processes can't be told apart for the Memory view: {e}");
    }
    super::shortcuts::watch_keys(controller, page.app.clone())?;
    super::navigation::guard(&core, page.account.clone(), domains)?;
    super::recovery::watch(&core, &page)?;
    super::network::watch(&core, &page, proxy)?;
    super::permissions::watch(&core, page)
}
