//! Linux: an account's proxy in its WebKit context (one per data folder, kept by Tauri for the
//! whole run). wry sets the proxy before the first page exists, and only when there is one: one
//! changed or removed while the app runs is set here again. The password comes from the keychain
//! when it is needed — an HTTP proxy's when WebKit asks for it (`authenticate`), a SOCKS5 proxy's
//! inside the proxy's address, which only WebKit's network process sees.

use crate::state::AppState;
use gtk::glib::{self, translate::ToGlibPtr};
use std::cell::RefCell;
use std::collections::HashMap;
use switchboard_core::proxy::{Proxy, ProxyKind};
use tauri::{AppHandle, Manager, Webview};
use webkit2gtk::{
    AuthenticationRequestExt, Credential, CredentialPersistence, LoadEvent, NetworkProxyMode, NetworkProxySettings, SettingsExt,
    URIResponseExt, WebContextExt, WebResourceExt, WebViewExt, WebsiteDataManagerExt,
};

/// Every kind of proxy, with or without a password.
pub fn proxy_support(_proxy: &Proxy) -> Result<(), crate::problem::Problem> {
    Ok(())
}

thread_local! {
    /// The proxy each account's context was last given in this run (`None`: the system's).
    static GIVEN: RefCell<HashMap<String, Option<String>>> = RefCell::new(HashMap::new());
}

pub(super) fn follow(webview: &Webview, app: AppHandle, account: String, proxy: Option<Proxy>) {
    let _ = webview.with_webview(move |platform| {
        let view = platform.inner();
        let wanted = proxy.as_ref().map(Proxy::url);
        let before = GIVEN.with(|given| given.borrow_mut().insert(account.clone(), wanted.clone()));
        if before.is_some_and(|before| before != wanted) {
            set_proxy(&view, wanted.as_deref());
            view.reload();
        }
        // WebRTC's UDP goes around any proxy (and would tell the site the machine's own address):
        // off for an account with one. Its calls need an account without a proxy.
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_webrtc(proxy.is_none());
        }
        let Some(proxy) = proxy.filter(|p| p.user.is_some()) else { return };
        match proxy.kind {
            ProxyKind::Http => answer_proxy_sign_in(&view, app, account, proxy),
            ProxyKind::Socks5 => give_socks_password(view, app, account, proxy),
        }
    });
}

fn set_proxy(view: &webkit2gtk::WebView, url: Option<&str>) {
    let Some(manager) = view.context().and_then(|c| c.website_data_manager()) else { return };
    match url {
        Some(url) => manager.set_network_proxy_settings(NetworkProxyMode::Custom, Some(&mut NetworkProxySettings::new(Some(url), &[]))),
        None => manager.set_network_proxy_settings(NetworkProxyMode::Default, None),
    }
}

/// The account's proxy password from the keychain, off the main thread.
async fn password(app: &AppHandle, account: &str) -> Option<String> {
    let (app, account) = (app.clone(), account.to_string());
    tauri::async_runtime::spawn_blocking(move || crate::vault::proxy_password(&app.state::<AppState>().profile, &account)).await.ok().flatten()
}

/// An HTTP proxy asks for a password: the keychain's. Asked again (it refused that one), or with
/// none saved, the page goes on without one and the proxy's 407 page it gets is replaced by ours.
/// WebKit asks once per context, and Tauri keeps an account's context for the whole run: a
/// password changed after the proxy took or refused one is used from the next start.
fn answer_proxy_sign_in(view: &webkit2gtk::WebView, app: AppHandle, account: String, proxy: Proxy) {
    let (app_r, account_r) = (app.clone(), account.clone());
    view.connect_load_changed(move |view, event| {
        let refused = view.main_resource().and_then(|r| r.response()).is_some_and(|r| r.status_code() == 407);
        if event == LoadEvent::Committed && refused {
            let uri = view.uri().map(|u| u.to_string()).unwrap_or_default();
            view.load_alternate_html(&crate::pages::recovery::proxy_refused(&app_r, &account_r, &uri), &uri, None);
        }
    });
    // A retry is a refusal only of what this page gave: a context kept from an earlier page of
    // the account (another password) counts the earlier tries as its own.
    let answered = std::rc::Rc::new(std::cell::Cell::new(false));
    view.connect_authenticate(move |_, request| {
        if !request.is_for_proxy() {
            return false; // a site's own sign-in: WebKit asks in the page
        }
        let request = request.clone();
        if request.is_retry() && answered.get() {
            give(&request, None);
            return true;
        }
        answered.set(true);
        let (app, account, user) = (app.clone(), account.clone(), proxy.user.clone().unwrap_or_default());
        glib::MainContext::default().spawn_local(async move {
            let password = password(&app, &account).await;
            give(&request, password.map(|password| Credential::new(&user, &password, CredentialPersistence::ForSession)).as_ref());
        });
        true
    });
}

/// Answers the proxy's question: with these credentials, or (`None`) without any.
fn give(request: &webkit2gtk::AuthenticationRequest, credential: Option<&Credential>) {
    // SAFETY: both objects are alive for the call (the credential may be NULL: go on without);
    // WebKit takes its own references. The binding leaves this function out.
    unsafe { webkit2gtk::ffi::webkit_authentication_request_authenticate(request.to_glib_none().0, credential.to_glib_none().0) }
}

/// SOCKS5 takes its user and password in the proxy's address: given once the keychain answered,
/// and the page loaded again through it (the first try, without them, was refused by the proxy:
/// nothing went out another way).
fn give_socks_password(view: webkit2gtk::WebView, app: AppHandle, account: String, proxy: Proxy) {
    glib::MainContext::default().spawn_local(async move {
        let Some(password) = password(&app, &account).await else { return };
        let Ok(mut url) = url::Url::parse(&proxy.url()) else { return };
        if url.set_username(proxy.user.as_deref().unwrap_or_default()).is_err() || url.set_password(Some(&password)).is_err() {
            return;
        }
        set_proxy(&view, Some(url.as_str()));
        view.reload();
    });
}

/// An account's data is its own, whatever its proxy.
pub fn proxy_keeps_sign_in(_profile: &crate::profile::Profile, _account: &str) -> bool {
    true
}
