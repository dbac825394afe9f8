//! Windows: an account's proxy goes to its browser with the page (its `--proxy-server`, in
//! `pages::page_builder`; the accounts with the same proxy share that browser). Its password is given when WebView2 asks (BasicAuthenticationRequested,
//! raised for a proxy's sign-in too, with the proxy's address): read from the keychain off the
//! main thread, answered back on it. Asked again on the same page, the proxy refused it: our page
//! says so. A SOCKS5 proxy with a password can't be used here (Chromium has no SOCKS sign-in).

use super::Page;
use crate::state::AppState;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;
use switchboard_core::proxy::{Proxy, ProxyKind};
use tauri::Manager;
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use webview2_com::{take_pwstr, BasicAuthenticationRequestedEventHandler};
use windows::core::{Interface, HSTRING, PWSTR};

/// HTTP with or without a password; SOCKS5 without one only.
pub fn proxy_support(proxy: &Proxy) -> Result<(), crate::problem::Problem> {
    match (proxy.kind, &proxy.user) {
        (ProxyKind::Socks5, Some(_)) => Err(crate::problem::Problem::new("proxy.no_socks_password").with("os", "Windows")),
        _ => Ok(()),
    }
}

/// Another proxy is another browser, where the account's profile starts empty; an account with
/// a folder of its own (made before profiles) keeps it whatever its proxy.
pub fn proxy_keeps_sign_in(profile: &crate::profile::Profile, account: &str) -> bool {
    crate::platform::page_home(profile, account, None).store.is_none()
}

thread_local! {
    /// Questions waiting for the keychain's answer (main thread only).
    static WAITING: RefCell<HashMap<u64, (ICoreWebView2BasicAuthenticationRequestedEventArgs, ICoreWebView2Deferral)>> = RefCell::new(HashMap::new());
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

pub(super) unsafe fn watch(core: &ICoreWebView2, page: &Page, proxy: Option<Proxy>) -> windows::core::Result<()> {
    let Some(proxy) = proxy.filter(|p| p.kind == ProxyKind::Http && p.user.is_some()) else { return Ok(()) };
    let core10: ICoreWebView2_10 = core.cast()?;
    let (page, asked) = (page.clone(), Rc::new(Cell::new(false)));
    let mut token = 0i64;
    core10.add_BasicAuthenticationRequested(
        &BasicAuthenticationRequestedEventHandler::create(Box::new(move |sender, args| {
            let (Some(core), Some(args)) = (sender, args) else { return Ok(()) };
            let mut uri = PWSTR::null();
            args.Uri(&mut uri)?;
            if !names_the_proxy(&take_pwstr(uri), &proxy) {
                return Ok(()); // a site's own sign-in: WebView2 asks in its dialog
            }
            if asked.replace(true) {
                args.SetCancel(true)?;
                let mut source = PWSTR::null();
                core.Source(&mut source)?;
                let html = crate::pages::recovery::proxy_refused(&page.app, &page.account, &take_pwstr(source));
                return core.NavigateToString(&HSTRING::from(html));
            }
            let id = NEXT.with(|n| n.replace(n.get() + 1));
            let deferral = args.GetDeferral()?;
            WAITING.with(|w| w.borrow_mut().insert(id, (args.clone(), deferral)));
            let (app, account, user) = (page.app.clone(), page.account.clone(), proxy.user.clone().unwrap_or_default());
            tauri::async_runtime::spawn_blocking(move || {
                let password = crate::vault::proxy_password(&app.state::<AppState>().profile, &account);
                let _ = app.run_on_main_thread(move || answer(id, &user, password));
            });
            Ok(())
        })),
        &mut token,
    )
}

/// Whether a sign-in question's address is the proxy's (WebView2 gives the proxy's for its own).
fn names_the_proxy(uri: &str, proxy: &Proxy) -> bool {
    url::Url::parse(uri).is_ok_and(|u| u.host_str().map(|h| h.trim_matches(['[', ']'])) == Some(proxy.host.as_str()) && u.port_or_known_default() == Some(proxy.port))
}

/// Gives the keychain's answer to a waiting question (main thread); none saved goes on without.
fn answer(id: u64, user: &str, password: Option<String>) {
    let Some((args, deferral)) = WAITING.with(|w| w.borrow_mut().remove(&id)) else { return };
    // SAFETY: both objects were kept alive since the question, on this same thread.
    let _ = unsafe {
        match password {
            Some(password) => args.Response().and_then(|r| {
                r.SetUserName(&HSTRING::from(user))?;
                r.SetPassword(&HSTRING::from(password))
            }),
            None => args.SetCancel(true),
        }
        .and_then(|_| deferral.Complete())
    };
}
