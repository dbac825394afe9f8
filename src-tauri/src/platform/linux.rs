//! Linux: GTK and WebKitGTK. Tauri packs child webviews into the window's vertical GtkBox and ignores
//! their bounds there (tauri issue #10420). So each webview is moved, once created, into a layout
//! of our own: a GtkOverlay whose main child is a horizontal box of service pages (the shown one
//! fills it, hidden ones take no space), with the sidebar laid over it. The overlay places the
//! sidebar itself (`get-child-position`), so its width never depends on the page's natural size,
//! and a dialog can widen it to the whole window.

use crate::shell::recovery::{self, Crashes, Failure};
use crate::navigation;
use crate::shell::{keys, outside, SIDEBAR_WIDTH};
use gtk::glib::{self, translate::{IntoGlib, ToGlibPtr}};
use gtk::prelude::*;
use navigation::Decision;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tauri::{AppHandle, Manager, Webview, Window};
use webkit2gtk::{
    LoadEvent, NavigationPolicyDecision, NavigationPolicyDecisionExt, PermissionRequest, PermissionRequestExt,
    PolicyDecisionExt, PolicyDecisionType, SettingsExt, URIRequestExt, UserMediaPermissionRequest,
    UserMediaPermissionRequestExt, WebProcessTerminationReason, WebViewExt,
};
use crate::settings::Permission;

/// The layout's widgets; GTK objects live on the main thread only.
struct Layout {
    overlay: gtk::Overlay,
    services: gtk::Box,
}

thread_local! {
    static LAYOUT: RefCell<Option<Layout>> = const { RefCell::new(None) };
}

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Ctrl";

/// WebKitGTK's GPU compositing costs each web process tens of MB and keeps hidden pages
/// repainting: off, ten accounts measured 18 % less memory and half the idle CPU (DESIGN.md,
/// `make bench`). Set before any thread starts; `WEBKIT_DISABLE_COMPOSITING_MODE=0` in the
/// environment turns it back on.
pub fn prepare_process() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// A Wayland session gives no program a key for the whole desktop: an X grab through XWayland
/// would see the keys only while one of its own windows has the focus, so it isn't even tried.
pub fn global_shortcuts_refused() -> Option<&'static str> {
    let wayland = std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty())
        || std::env::var("XDG_SESSION_TYPE").is_ok_and(|v| v == "wayland");
    wayland.then_some("a Wayland desktop lets no program take a shortcut for the whole desktop")
}

/// GTK's own start, before Tauri's (which panics on failure): no display gives a clear message.
pub fn display_ready() -> Result<(), String> {
    gtk::init().map_err(|_| {
        let display = std::env::var("DISPLAY").unwrap_or_default();
        let wayland = std::env::var("WAYLAND_DISPLAY").unwrap_or_default();
        format!("no display to open the window on (DISPLAY={display:?}, WAYLAND_DISPLAY={wayland:?}); start it from a desktop session, or use a command-line action (switchboard --help)")
    })
}

pub fn prepare_window(window: &Window, app: AppHandle) -> tauri::Result<()> {
    let overlay = gtk::Overlay::new();
    let services = gtk::Box::new(gtk::Orientation::Horizontal, 0);
    services.set_margin_start(SIDEBAR_WIDTH as i32);
    overlay.add(&services);
    overlay.connect_get_child_position(|overlay, _sidebar| {
        let full = crate::shell::covered();
        let width = if full { overlay.allocated_width() } else { SIDEBAR_WIDTH as i32 };
        Some(gtk::Rectangle::new(0, 0, width, overlay.allocated_height()))
    });
    window.default_vbox()?.pack_start(&overlay, true, true, 0);
    overlay.show_all();
    LAYOUT.with(|l| *l.borrow_mut() = Some(Layout { overlay, services }));

    // The toplevel sees a key before the focused page does, so shortcuts work whatever has focus.
    window.gtk_window()?.connect_key_press_event(move |_, event| {
        let state = event.state();
        let ctrl = state.contains(gtk::gdk::ModifierType::CONTROL_MASK);
        let shift = state.contains(gtk::gdk::ModifierType::SHIFT_MASK);
        match keys::shortcut(&latin_key_name(event), ctrl, shift) {
            Some(shortcut) => {
                crate::shell::run_shortcut(&app, shortcut);
                glib::Propagation::Stop
            }
            None => glib::Propagation::Proceed,
        }
    });
    Ok(())
}

/// The key's name on the first (Latin) layout, so Ctrl+Shift+R works with a Russian layout too.
fn latin_key_name(event: &gtk::gdk::EventKey) -> String {
    let keymap = gtk::gdk::Display::default().and_then(|d| gtk::gdk::Keymap::for_display(&d));
    let keyval = keymap
        .and_then(|k| k.translate_keyboard_state(event.hardware_keycode().into(), event.state(), 0))
        .map(|(keyval, ..)| keyval)
        .unwrap_or_else(|| *event.keyval());
    gtk::gdk::keys::Key::from(keyval).name().map(|n| n.to_string()).unwrap_or_default()
}

/// The shell's webview, once made: laid over the pages.
pub fn adopt_shell(shell: &Webview) {
    adopt(shell, true);
}

/// What a service page's builder needs before the page exists: nothing here (the navigation
/// guard is WebKit's own policy signal, connected in `adopt_page`).
pub fn page_builder<R: tauri::Runtime>(builder: tauri::webview::WebviewBuilder<R>, _domains: &[String], _account: &str) -> tauri::webview::WebviewBuilder<R> {
    builder
}

/// A service page, once made: into the layout, its navigation guarded, its failures recovered
/// from, its permission requests asked of the user.
pub fn adopt_page(webview: &Webview, app: &AppHandle, account: &str, label: &str, domains: Vec<String>) {
    adopt(webview, false);
    guard_navigation(webview, account.to_string(), domains);
    recover(webview, app.clone(), account.to_string(), label.to_string());
    ask_permissions(webview, app.clone(), account.to_string());
}

/// The window's events: the layout follows the window's size by itself.
pub fn on_window_event(_app: &AppHandle, _event: &tauri::WindowEvent) {}

/// Moves a freshly made webview from Tauri's box into our layout: the shell over the pages.
fn adopt(webview: &Webview, is_shell: bool) {
    let account = crate::shell::account_of(webview.label()).map(str::to_owned);
    let _ = webview.with_webview(move |platform| {
        let widget = platform.inner();
        // Input anywhere in the window counts as use, for the idle lock; a key or a click in a
        // page is what lets that page start a download.
        widget.connect_event(move |_, event| {
            use gtk::gdk::EventType::*;
            let kind = event.event_type();
            if matches!(kind, KeyPress | ButtonPress | Scroll | MotionNotify | TouchBegin) {
                crate::app_lock::note_activity();
            }
            if let (Some(account), KeyPress | ButtonPress | TouchBegin) = (&account, kind) {
                crate::shell::downloads::note_input(account);
            }
            glib::Propagation::Proceed
        });
        LAYOUT.with(|l| {
            let layout = l.borrow();
            let Some(layout) = layout.as_ref() else { return };
            if let Some(parent) = widget.parent().and_then(|p| p.downcast::<gtk::Container>().ok()) {
                parent.remove(&widget);
            }
            if is_shell {
                layout.overlay.add_overlay(&widget);
            } else {
                // Showing the window (GTK's show-all) must never show a hidden page: only
                // `set_shown` does.
                widget.set_no_show_all(true);
                layout.services.pack_start(&widget, true, true, 0);
            }
        });
    });
}

/// Shows or hides a service page's widget itself (wry's show is a show-all, which a page exempt
/// from show-all ignores).
pub fn set_shown(webview: &Webview, shown: bool) {
    let _ = webview.with_webview(move |platform| platform.inner().set_visible(shown));
}

/// Lays the sidebar out again after the overlay flag changed.
pub fn relayout(app: &AppHandle) {
    let _ = app.run_on_main_thread(|| {
        LAYOUT.with(|l| {
            if let Some(layout) = l.borrow().as_ref() {
                layout.overlay.queue_resize();
            }
        });
    });
}

/// Keeps clicks on foreign links out of the service's webview.
///
/// Tauri's own navigation hook only sees the address, and WebKit asks about subframes too: with
/// it, a foreign iframe (a video embed, a captcha) would be sent to the browser. So its handler
/// is blocked here and ours decides with what WebKit knows: whether the user clicked.
fn guard_navigation(webview: &Webview, account: String, domains: Vec<String>) {
    let _ = webview.with_webview(move |platform| {
        let view = platform.inner();
        block_other_policy_handlers(&view);
        view.connect_decide_policy(move |_, decision, kind| {
            if kind != PolicyDecisionType::NavigationAction {
                return false;
            }
            let Some(action) = decision.downcast_ref::<NavigationPolicyDecision>().and_then(|d| d.navigation_action()) else {
                return false;
            };
            let Some(uri) = action.request().and_then(|r| r.uri()) else { return false };
            let Ok(url) = url::Url::parse(&uri) else {
                decision.ignore();
                return true;
            };
            // A real click or key press only: a script's `a.click()` is a "link click" too.
            let by_user = action.is_user_gesture();
            match navigation::decide(&domains, &url, by_user) {
                Decision::Stay => false,
                Decision::OpenOutside => {
                    outside::open(&account, &url);
                    decision.ignore();
                    true
                }
                Decision::Refuse => {
                    decision.ignore();
                    true
                }
            }
        });
    });
}

fn block_other_policy_handlers(view: &webkit2gtk::WebView) {
    let Some(signal) = glib::subclass::signal::SignalId::lookup("decide-policy", view.type_()) else { return };
    let instance: *mut glib::gobject_ffi::GObject = view.upcast_ref::<glib::Object>().to_glib_none().0;
    let unblocked = glib::gobject_ffi::G_SIGNAL_MATCH_ID | glib::gobject_ffi::G_SIGNAL_MATCH_UNBLOCKED;
    // SAFETY: `instance` is a live GObject for the duration of the loop; matching by signal id
    // needs no closure, function or data pointers. Each round blocks one handler, so it ends.
    unsafe {
        loop {
            let handler = glib::gobject_ffi::g_signal_handler_find(
                instance as *mut _,
                unblocked,
                signal.into_glib(),
                0,
                std::ptr::null_mut(),
                std::ptr::null_mut(),
                std::ptr::null_mut(),
            );
            if handler == 0 {
                break;
            }
            glib::gobject_ffi::g_signal_handler_block(instance as *mut _, handler);
        }
    }
}

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
fn recover(webview: &Webview, app: AppHandle, account: String, label: String) {
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
                    crate::shell::recovery::set_trouble(&app_a, &id_a, None);
                }
            }
            _ => {}
        });

        let (l, app_f, id_f, label_f) = (loads.clone(), app.clone(), account.clone(), label.clone());
        view.connect_load_failed(move |view, _event, uri, error| {
            let Some(failure) = failure_of(error) else { return false };
            let host = url::Url::parse(uri).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_else(|| uri.to_string());
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
            let wait = recovery::retry_after(attempts);
            let text = failure.explain(&host);
            let html = recovery::page(
                &format!("{label_f} can't connect"),
                &text,
                "Retry now",
                uri,
                &format!("Switchboard tries again by itself in {} s, and as soon as the network is back.", wait.as_secs()),
            );
            view.load_alternate_html(&html, uri, None);
            crate::shell::recovery::set_trouble(&app_f, &id_f, Some(text));
            FAILING.with(|f| f.borrow_mut().insert(id_f.clone(), view.clone()));
            arm_retry(view, &l, wait);
            true
        });

        // A closed page (asleep, disabled, removed) fails no more.
        let (app_d, id_d) = (app.clone(), account.clone());
        view.connect_destroy(move |_| {
            FAILING.with(|f| f.borrow_mut().remove(&id_d));
            crate::shell::recovery::set_trouble(&app_d, &id_d, None);
        });

        let (l, app_c, label_c) = (loads, app, label);
        view.connect_web_process_terminated(move |view, reason| {
            if reason == WebProcessTerminationReason::TerminatedByApi {
                return; // we closed it (sleep, removal)
            }
            let why = if reason == WebProcessTerminationReason::ExceededMemoryLimit { "ran out of memory" } else { "stopped unexpectedly" };
            let (reload, total) = {
                let mut loads = l.borrow_mut();
                (loads.crashes.crashed(std::time::Instant::now()), loads.crashes.total)
            };
            let uri = view.uri().map(|u| u.to_string()).unwrap_or_default();
            if reload {
                crate::state::tell(&app_c, format!("The page of {label_c} {why} and was loaded again ({total} time(s) since Switchboard started)."));
                view.reload();
            } else {
                let html = recovery::page(
                    &format!("{label_c} was stopped"),
                    &format!("Its page {why} {} times in {} minutes, so Switchboard stopped reloading it.", recovery::MAX_CRASHES + 1, recovery::CRASH_WINDOW.as_secs() / 60),
                    "Load it again",
                    &uri,
                    "",
                );
                l.borrow_mut().showing_ours = true;
                view.load_alternate_html(&html, &uri, None);
                crate::state::tell(&app_c, format!("The page of {label_c} kept stopping and is not reloaded any more: open it to try again."));
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

thread_local! {
    /// The engine's questions waiting for the user's answer, by `permissions::Asking` id.
    static REQUESTS: RefCell<HashMap<u64, PermissionRequest>> = RefCell::new(HashMap::new());
}

/// Lets an account's page make calls (WebKitGTK has camera, microphone and WebRTC off by
/// default), and puts every permission question it asks through `permissions`.
fn ask_permissions(webview: &Webview, app: AppHandle, account: String) {
    let _ = webview.with_webview(move |platform| {
        let view = platform.inner();
        if let Some(settings) = WebViewExt::settings(&view) {
            settings.set_enable_media_stream(true);
            settings.set_enable_webrtc(true);
            // A machine without a camera (a test under Xvfb) can have WebKit's stand-in devices.
            if std::env::var_os("SWITCHBOARD_MOCK_CAPTURE_DEVICES").is_some() {
                settings.set_enable_mock_capture_devices(true);
            }
        }
        let asked: Rc<RefCell<Vec<u64>>> = Rc::default();
        let (mine, app_d) = (asked.clone(), app.clone());
        view.connect_permission_request(move |view, request| {
            let origin = view.uri().and_then(|u| url::Url::parse(&u).ok()).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
            let Some(kinds) = kinds_of(request) else {
                request.deny(); // nothing a messenger needs: pointer lock, cross-site storage, …
                return true;
            };
            let remembered = {
                let state = app.state::<crate::state::AppState>();
                let ws = state.workspace();
                crate::shell::permissions::remembered(&ws, &account, &origin, &kinds)
            };
            match remembered {
                Some(true) => request.allow(),
                Some(false) => request.deny(),
                None => match crate::shell::permissions::ask(&account, &origin, kinds) {
                    Some(id) => {
                        REQUESTS.with(|r| r.borrow_mut().insert(id, request.clone()));
                        mine.borrow_mut().push(id);
                        crate::state::publish(&app);
                    }
                    None => request.deny(),
                },
            }
            true
        });
        // A page that goes away takes its questions with it.
        view.connect_destroy(move |_| {
            let dropped: Vec<u64> = asked.borrow_mut().drain(..).collect();
            for id in &dropped {
                crate::shell::permissions::take(*id);
                REQUESTS.with(|r| r.borrow_mut().remove(id));
            }
            if !dropped.is_empty() {
                crate::state::publish(&app_d);
            }
        });
    });
}

/// What the engine asks for, as the user would name it; `None` for what is refused unasked.
fn kinds_of(request: &PermissionRequest) -> Option<Vec<Permission>> {
    if let Some(media) = request.downcast_ref::<UserMediaPermissionRequest>() {
        let mut kinds = vec![];
        if media.is_for_video_device() {
            kinds.push(Permission::Camera);
        }
        if media.is_for_audio_device() {
            kinds.push(Permission::Microphone);
        }
        if kinds.is_empty() {
            kinds.push(Permission::Screen); // a display capture asks for neither device
        }
        return Some(kinds);
    }
    if request.is::<webkit2gtk::GeolocationPermissionRequest>() {
        return Some(vec![Permission::Location]);
    }
    if request.is::<webkit2gtk::NotificationPermissionRequest>() {
        return None; // the bridge carries notifications itself; the engine's own stay off
    }
    if request.is::<webkit2gtk::DeviceInfoPermissionRequest>() {
        // Device names for a call's settings: only as much as the camera or microphone allowed.
        return Some(vec![Permission::Camera, Permission::Microphone]);
    }
    if request.is::<webkit2gtk::PointerLockPermissionRequest>() || request.is::<webkit2gtk::WebsiteDataAccessPermissionRequest>() {
        return None;
    }
    Some(vec![Permission::Other])
}

/// Starts a download again from the page, in its session, once the user said yes.
pub fn download(webview: &Webview, url: &str) {
    let url = url.to_string();
    let _ = webview.with_webview(move |platform| {
        platform.inner().download_uri(&url);
    });
}

/// Gives the user's answer to a waiting question (on the main thread, where the engine lives).
pub fn answer_permission(app: &AppHandle, id: u64, allow: bool) {
    let _ = app.run_on_main_thread(move || {
        if let Some(request) = REQUESTS.with(|r| r.borrow_mut().remove(&id)) {
            if allow {
                request.allow();
            } else {
                request.deny();
            }
        }
    });
}
