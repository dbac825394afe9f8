//! Linux: a page's failed loads and its web process's death, as WebKitGTK reports them, put
//! through the recovery policy (`pages::recovery`).

use crate::pages::recovery::{self, Crashes, Death, Failure};
use gtk::glib;
use gtk::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tauri::{AppHandle, Webview};
use webkit2gtk::{LoadEvent, WebProcessTerminationReason, WebViewExt};

/// One account page's loads as the recovery policy sees them (main thread only).
#[derive(Default)]
struct Loads {
    /// The current load failed; its Finished is no success.
    failed: bool,
    /// Our own page is loading in the failed page's place.
    showing_ours: bool,
    /// The address that failed, and how many automatic retries it had.
    failing: Option<(String, u32)>,
    /// A retry is waiting on its timer.
    retry_armed: bool,
    crashes: Crashes,
}

thread_local! {
    /// Every account page whose loads fail now, so a network coming back retries them at once.
    static FAILING: RefCell<HashMap<String, webkit2gtk::WebView>> = RefCell::new(HashMap::new());
}

/// Watches one account's page for failed loads and a dead web process (see `recovery`).
/// `label` names the account to the user.
pub(super) fn recover(webview: &Webview, app: AppHandle, account: String, label: String) {
    let _ = webview.with_webview(move |platform| {
        let view = platform.inner();
        let loads = Rc::new(RefCell::new(Loads::default()));
        watch_network();

        let (l, app_a, id_a) = (loads.clone(), app.clone(), account.clone());
        view.connect_load_changed(move |_, event| match event {
            LoadEvent::Started => l.borrow_mut().failed = false,
            LoadEvent::Finished => {
                let mut loads = l.borrow_mut();
                if loads.failed {
                    // The failed load's own end; our page comes next.
                } else if loads.showing_ours {
                    loads.showing_ours = false;
                } else if loads.failing.take().is_some() {
                    // Back: the page loaded after failing.
                    FAILING.with(|f| f.borrow_mut().remove(&id_a));
                    recovery::set_trouble(&app_a, &id_a, None);
                }
            }
            _ => {}
        });

        let (l, app_f, id_f, label_f) = (loads.clone(), app.clone(), account.clone(), label.clone());
        view.connect_load_failed(move |view, _event, uri, error| {
            let Some(failure) = failure_of(error) else { return false };
            let attempts = {
                let mut loads = l.borrow_mut();
                loads.failed = true;
                let attempts = match &loads.failing {
                    Some((failed, n)) if failed == uri => *n,
                    _ => 0,
                };
                loads.failing = Some((uri.to_string(), attempts));
                loads.showing_ours = true;
                attempts
            };
            let (html, wait) = recovery::load_failed(&app_f, &id_f, &label_f, uri, &failure, attempts);
            view.load_alternate_html(&html, uri, None);
            if let Some(wait) = wait {
                FAILING.with(|f| f.borrow_mut().insert(id_f.clone(), view.clone()));
                arm_retry(view, &l, wait);
            }
            true
        });

        // A closed page (asleep, disabled, removed) fails no more.
        let (app_d, id_d) = (app.clone(), account.clone());
        view.connect_destroy(move |_| {
            FAILING.with(|f| f.borrow_mut().remove(&id_d));
            recovery::set_trouble(&app_d, &id_d, None);
        });

        let (l, app_c, label_c) = (loads, app, label);
        view.connect_web_process_terminated(move |view, reason| {
            if reason == WebProcessTerminationReason::TerminatedByApi {
                return; // we closed it (sleep, removal)
            }
            let how = if reason == WebProcessTerminationReason::ExceededMemoryLimit { Death::OutOfMemory } else { Death::Crashed };
            let uri = view.uri().map(|u| u.to_string()).unwrap_or_default();
            let stopped = recovery::process_died(&app_c, &mut l.borrow_mut().crashes, &label_c, how, &uri);
            match stopped {
                None => view.reload(),
                Some(html) => {
                    l.borrow_mut().showing_ours = true;
                    view.load_alternate_html(&html, &uri, None);
                }
            }
        });
    });
}

/// Which failures get our page: not a load we (or the page) cancelled, not one the navigation
/// guard refused, not a download or a plugin taking over.
fn failure_of(error: &glib::Error) -> Option<Failure> {
    use webkit2gtk::{NetworkError, PluginError, PolicyError};
    if error.matches(NetworkError::Cancelled) || error.kind::<PolicyError>().is_some() || error.kind::<PluginError>().is_some() {
        return None;
    }
    Some(match error.kind::<gtk::gio::IOErrorEnum>() {
        _ if error.kind::<gtk::gio::ResolverError>().is_some() => Failure::NoName,
        Some(gtk::gio::IOErrorEnum::TimedOut) => Failure::TimedOut,
        Some(
            gtk::gio::IOErrorEnum::ConnectionRefused
            | gtk::gio::IOErrorEnum::HostUnreachable
            | gtk::gio::IOErrorEnum::NetworkUnreachable,
        ) => Failure::Unreachable,
        Some(gtk::gio::IOErrorEnum::ProxyAuthFailed | gtk::gio::IOErrorEnum::ProxyNeedAuth) => Failure::ProxyRefused,
        _ => Failure::Other(error.message().to_string()),
    })
}

/// Loads the failed address again after `wait`, unless a retry is already waiting.
fn arm_retry(view: &webkit2gtk::WebView, loads: &Rc<RefCell<Loads>>, wait: std::time::Duration) {
    if std::mem::replace(&mut loads.borrow_mut().retry_armed, true) {
        return;
    }
    let (view, loads) = (view.clone(), loads.clone());
    glib::timeout_add_local_once(wait, move || {
        let retry = {
            let mut l = loads.borrow_mut();
            l.retry_armed = false;
            l.failing.as_mut().map(|(uri, n)| {
                *n += 1;
                uri.clone()
            })
        };
        if let Some(uri) = retry {
            view.load_uri(&uri);
        }
    });
}

/// Once: when the OS says the network is back, every failing page tries again at once.
fn watch_network() {
    thread_local! { static WATCHING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) }; }
    if WATCHING.with(|w| w.replace(true)) {
        return;
    }
    use gtk::gio::prelude::NetworkMonitorExt;
    let monitor = gtk::gio::NetworkMonitor::default();
    monitor.connect_network_changed(|_, available| {
        if available {
            FAILING.with(|f| {
                for view in f.borrow().values() {
                    if let Some(uri) = view.uri() {
                        view.load_uri(&uri);
                    }
                }
            });
        }
    });
    // The monitor lives as long as the app.
    std::mem::forget(monitor);
}

