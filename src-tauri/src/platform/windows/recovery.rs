//! Windows: a page's failed loads and its renderer's death, as WebView2 reports them, put
//! through the recovery policy (`pages::recovery`).

use super::Page;
use crate::pages::recovery::{self, Crashes, Failure};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use tauri::Webview;
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use webview2_com::{take_pwstr, NavigationCompletedEventHandler, ProcessFailedEventHandler};
use windows::core::{BOOL, HSTRING, PWSTR};

pub(super) unsafe fn watch(core: &ICoreWebView2, page: &Page) -> windows::core::Result<()> {
    let mut token = 0i64;
    let loads = Rc::new(RefCell::new(Loads::default()));
    let (l, p) = (loads.clone(), page.clone());
    core.add_NavigationCompleted(
        &NavigationCompletedEventHandler::create(Box::new(move |sender, args| {
            let (Some(core), Some(args)) = (sender, args) else { return Ok(()) };
            let mut success = BOOL::default();
            args.IsSuccess(&mut success)?;
            let mut loads = l.borrow_mut();
            if success.as_bool() {
                if std::mem::take(&mut loads.showing_ours) {
                    return Ok(()); // our own page in the failed one's place
                }
                if loads.failing.take().is_some() {
                    recovery::set_trouble(&p.app, &p.account, None);
                }
                return Ok(());
            }
            let mut status = COREWEBVIEW2_WEB_ERROR_STATUS::default();
            args.WebErrorStatus(&mut status)?;
            let Some(failure) = failure_of(status) else { return Ok(()) };
            let mut uri = PWSTR::null();
            core.Source(&mut uri)?;
            let uri = take_pwstr(uri);
            let attempts = match &loads.failing {
                Some((failed, n)) if *failed == uri => *n,
                _ => 0,
            };
            loads.failing = Some((uri.clone(), attempts + 1));
            loads.showing_ours = true;
            let (html, wait) = recovery::load_failed(&p.app, &p.account, &p.label, &uri, &failure, attempts);
            core.NavigateToString(&HSTRING::from(html))?;
            if let Some(wait) = wait {
                retry_later(&p.webview, uri, wait);
            }
            Ok(())
        })),
        &mut token,
    )?;

    let (l, p) = (loads, page.clone());
    core.add_ProcessFailed(
        &ProcessFailedEventHandler::create(Box::new(move |sender, args| {
            let (Some(core), Some(args)) = (sender, args) else { return Ok(()) };
            let mut kind = COREWEBVIEW2_PROCESS_FAILED_KIND::default();
            args.ProcessFailedKind(&mut kind)?;
            if kind == COREWEBVIEW2_PROCESS_FAILED_KIND_BROWSER_PROCESS_EXITED {
                browser_ended(&p);
                return Ok(());
            }
            if kind != COREWEBVIEW2_PROCESS_FAILED_KIND_RENDER_PROCESS_EXITED {
                return Ok(()); // an unresponsive page recovers or is reloaded by the user
            }
            let mut uri = PWSTR::null();
            core.Source(&mut uri)?;
            let uri = take_pwstr(uri);
            let mut loads = l.borrow_mut();
            match recovery::process_died(&p.app, &mut loads.crashes, &p.label, recovery::Death::Crashed, &uri) {
                None => core.Reload(),
                Some(html) => {
                    loads.showing_ours = true;
                    core.NavigateToString(&HSTRING::from(html))
                }
            }
        })),
        &mut token,
    )?;
    Ok(())
}

thread_local! {
    /// The shared browsers' ends so far (main thread only).
    static ENDED: RefCell<Crashes> = RefCell::new(Crashes::default());
}

/// The browser behind this page ended: every page of it (all the accounts of its user-data
/// folder) is dead. The first page to hear it speaks for all (the others' accounts are
/// forgotten here, so they hear nothing): one notice, every page made again in its profile, so
/// still signed in — unless browsers keep ending. Made again after this event is handled, not
/// from inside it.
fn browser_ended(page: &Page) {
    let Some(browser) = super::memory::browser_of(&page.account) else { return };
    let accounts = super::memory::accounts_of(browser);
    for account in &accounts {
        super::memory::forget(account);
    }
    let again = ENDED.with(|crashes| crashes.borrow_mut().crashed(std::time::Instant::now()));
    let code = if again { "page.browser_restarted" } else { "page.browser_stopped" };
    crate::state::tell(&page.app, crate::problem::Problem::new(code).with("count", accounts.len()));
    if again {
        let app = page.app.clone();
        let _ = page.app.run_on_main_thread(move || crate::platform::hooks::remake_pages(&app, &accounts));
    }
}

/// One account page's failed loads and crashes, as the recovery policy sees them.
#[derive(Default)]
struct Loads {
    /// Our own page is loading in the failed page's place.
    showing_ours: bool,
    /// The address that failed, and the automatic retries it had.
    failing: Option<(String, u32)>,
    crashes: Crashes,
}

/// Loads `uri` again after `wait`, from the async runtime (a WebView2 object can't leave the
/// main thread; Tauri's webview can).
fn retry_later(webview: &Webview, uri: String, wait: Duration) {
    let webview = webview.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(wait).await;
        if let Ok(url) = url::Url::parse(&uri) {
            let _ = webview.navigate(url);
        }
    });
}

/// Which failures get our page: not a load that was cancelled or aborted (the guard, a
/// download, the user), not one the server answered.
fn failure_of(status: COREWEBVIEW2_WEB_ERROR_STATUS) -> Option<Failure> {
    Some(match status {
        COREWEBVIEW2_WEB_ERROR_STATUS_OPERATION_CANCELED | COREWEBVIEW2_WEB_ERROR_STATUS_CONNECTION_ABORTED => return None,
        COREWEBVIEW2_WEB_ERROR_STATUS_HOST_NAME_NOT_RESOLVED => Failure::NoName,
        COREWEBVIEW2_WEB_ERROR_STATUS_TIMEOUT => Failure::TimedOut,
        COREWEBVIEW2_WEB_ERROR_STATUS_CANNOT_CONNECT
        | COREWEBVIEW2_WEB_ERROR_STATUS_SERVER_UNREACHABLE
        | COREWEBVIEW2_WEB_ERROR_STATUS_DISCONNECTED
        | COREWEBVIEW2_WEB_ERROR_STATUS_CONNECTION_RESET => Failure::Unreachable,
        other => Failure::Other(format!("network error {}", other.0)),
    })
}
