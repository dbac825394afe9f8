//! Linux: GTK and WebKitGTK. Tauri packs child webviews into the window's vertical GtkBox and ignores
//! their bounds there (tauri issue #10420). So each webview is moved, once created, into a layout
//! of our own: a GtkOverlay whose main child is a horizontal box of service pages (the shown one
//! fills it, hidden ones take no space), with the sidebar laid over it. The overlay places the
//! sidebar itself (`get-child-position`), so its width never depends on the page's natural size,
//! and a dialog can widen it to the whole window.

pub mod engine;

use crate::inbox::deliver::{Answer, OnAnswer, OsNotification};
use crate::problem::Problem;
use crate::shell::recovery::{self, Crashes, Death, Failure};
use crate::navigation;
use crate::shell::{keys, outside, SIDEBAR_WIDTH};
use gtk::glib::{self, translate::{IntoGlib, ToGlibPtr}};
use gtk::prelude::*;
use navigation::Decision;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use tauri::{AppHandle, Webview, Window};
use webkit2gtk::{
    LoadEvent, NavigationPolicyDecision, NavigationPolicyDecisionExt, PermissionRequest, PermissionRequestExt,
    PolicyDecisionExt, PolicyDecisionType, SettingsExt, URIRequestExt, UserMediaPermissionRequest,
    UserMediaPermissionRequestExt, WebProcessTerminationReason, WebViewExt,
};
use crate::settings::Permission;
use crate::shell::permissions::Verdict;

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

/// How a browser on this platform names it in its user agent.
pub const USER_AGENT_OS: &str = "X11; Linux x86_64";

/// WebKitGTK's own user agent claims a Safari that never was: a current one instead.
pub fn engine_user_agent() -> Option<String> {
    Some(crate::catalog::safari_user_agent(USER_AGENT_OS))
}

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
/// would see the keys only while one of its own windows has the focus. There the desktop binds
/// it, through its GlobalShortcuts portal (`bind_through_desktop`).
pub fn desktop_binds_shortcuts() -> bool {
    std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty()) || std::env::var("XDG_SESSION_TYPE").is_ok_and(|v| v == "wayland")
}

/// Asks the desktop's GlobalShortcuts portal for `shortcut` (GNOME 48+, KDE Plasma 6,
/// Hyprland): the desktop confirms the keys with the user once and tells us each press, which
/// opens the palette. Where there is no portal, or it refuses, the user is told what to do instead.
pub fn bind_through_desktop(app: &AppHandle, shortcut: &str) {
    let (app, shortcut) = (app.clone(), shortcut.to_string());
    tauri::async_runtime::spawn(async move {
        let Some(trigger) = switchboard_core::keys::as_xdg_trigger(&shortcut) else {
            crate::state::tell(&app, Problem::new("hotkey.unreadable_by_desktop").with("keys", crate::hotkey::as_shown(&shortcut)));
            return;
        };
        let pressed = {
            let app = app.clone();
            move || crate::shell::open_palette(&app)
        };
        let description = crate::language::t(&app, "hotkey.portal_description", &[]);
        if let Err(why) = portal::listen(&trigger, &description, pressed).await {
            let refused = Problem::new("hotkey.no_portal").with("keys", crate::hotkey::as_shown(&shortcut)).with("detail", why);
            crate::state::tell(&app, refused);
        }
    });
}

/// The XDG desktop portal's GlobalShortcuts interface, over the session bus.
mod portal {
    use futures_util::StreamExt;
    use std::collections::HashMap;
    use zbus::{ObjectPath, OwnedObjectPath, OwnedVariant, Variant};

    #[zbus::proxy(
        interface = "org.freedesktop.portal.GlobalShortcuts",
        default_service = "org.freedesktop.portal.Desktop",
        default_path = "/org/freedesktop/portal/desktop"
    )]
    trait GlobalShortcuts {
        fn create_session(&self, options: HashMap<&str, Variant<'_>>) -> zbus::Result<OwnedObjectPath>;
        fn bind_shortcuts(
            &self,
            session_handle: &ObjectPath<'_>,
            shortcuts: &[(&str, HashMap<&str, Variant<'_>>)],
            parent_window: &str,
            options: HashMap<&str, Variant<'_>>,
        ) -> zbus::Result<OwnedObjectPath>;
        #[zbus(signal)]
        fn activated(&self, session_handle: ObjectPath<'_>, shortcut_id: &str, timestamp: u64, options: HashMap<String, OwnedVariant>) -> zbus::Result<()>;
    }

    #[zbus::proxy(interface = "org.freedesktop.portal.Request", default_service = "org.freedesktop.portal.Desktop")]
    trait Request {
        #[zbus(signal)]
        fn response(&self, response: u32, results: HashMap<String, OwnedVariant>) -> zbus::Result<()>;
    }

    const ID: &str = "palette";

    /// The bus's error in the user's words where it means the desktop has no such portal.
    fn said(e: zbus::Error) -> String {
        use zbus::fdo::Error::{ServiceUnknown, UnknownInterface, UnknownMethod, UnknownObject};
        match &e {
            zbus::Error::FDO(fdo) if matches!(**fdo, ServiceUnknown(_) | UnknownInterface(_) | UnknownMethod(_) | UnknownObject(_)) => {
                "it has no shortcut portal".into()
            }
            _ => e.to_string(),
        }
    }

    /// Binds `trigger` and runs `pressed` on each press, for as long as the app runs; an error
    /// says why it could not be bound.
    pub async fn listen(trigger: &str, description: &str, pressed: impl Fn()) -> Result<(), String> {
        let conn = zbus::Connection::session().await.map_err(said)?;
        let portal = GlobalShortcutsProxy::new(&conn).await.map_err(said)?;
        let (create, session_token) = (token("create"), token("session"));
        let mut answer = response_to(&conn, &create).await?;
        portal
            .create_session(HashMap::from([("handle_token", Variant::from(create.as_str())), ("session_handle_token", Variant::from(session_token.as_str()))]))
            .await
            .map_err(said)?;
        let created = answered(&mut answer).await?;
        let session = created
            .get("session_handle")
            // A string by the specification; some portals send an object path.
            .and_then(|v| String::try_from(v.clone()).ok().or_else(|| OwnedObjectPath::try_from(v.clone()).ok().map(|p| p.to_string())))
            .and_then(|path| OwnedObjectPath::try_from(path).ok())
            .ok_or("the portal made no session")?;
        let mut presses = portal.receive_activated().await.map_err(said)?;
        let bind = token("bind");
        let mut answer = response_to(&conn, &bind).await?;
        let wanted = HashMap::from([("description", Variant::from(description)), ("preferred_trigger", Variant::from(trigger))]);
        portal
            .bind_shortcuts(&session, &[(ID, wanted)], "", HashMap::from([("handle_token", Variant::from(bind.as_str()))]))
            .await
            .map_err(said)?;
        answered(&mut answer).await?;
        while let Some(press) = presses.next().await {
            if press.args().is_ok_and(|a| a.shortcut_id == ID && a.session_handle == *session) {
                pressed();
            }
        }
        Ok(())
    }

    fn token(what: &str) -> String {
        format!("switchboard_{what}_{}", rand::random::<u32>())
    }

    /// The portal answers a call on a Request object named from our token: listen there before
    /// calling, so the answer can't come first.
    async fn response_to(conn: &zbus::Connection, token: &str) -> Result<ResponseStream, String> {
        let sender = conn.unique_name().ok_or("no name on the session bus")?.trim_start_matches(':').replace('.', "_");
        let path = format!("/org/freedesktop/portal/desktop/request/{sender}/{token}");
        let request = RequestProxy::builder(conn).path(path).build().await.map_err(|e| e.to_string())?;
        request.receive_response().await.map_err(|e| e.to_string())
    }

    async fn answered(answer: &mut ResponseStream) -> Result<HashMap<String, OwnedVariant>, String> {
        let response = answer.next().await.ok_or("the portal did not answer")?;
        let args = response.args().map_err(|e| e.to_string())?;
        match args.response {
            0 => Ok(args.results),
            1 => Err("the user did not confirm the shortcut".into()),
            _ => Err("the portal refused the shortcut".into()),
        }
    }
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
    // Placement is ours alone (`relayout`): GTK must not mirror it again on an RTL desktop.
    overlay.set_direction(gtk::TextDirection::Ltr);
    services.set_direction(gtk::TextDirection::Ltr);
    services.set_margin_start(SIDEBAR_WIDTH as i32);
    overlay.add(&services);
    // The sidebar on the left, or on the right in a right-to-left language; the pages beside it.
    overlay.connect_get_child_position(|overlay, _shell| {
        let at = switchboard_core::layout::place(overlay.allocated_width().into(), crate::shell::shell_size(), crate::shell::mirrored());
        Some(gtk::Rectangle::new(at.shell_x as i32, 0, at.shell_width as i32, overlay.allocated_height()))
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

/// Notifications over D-Bus (notify-rust). The server answers each with an id: a tag's next
/// notification replaces it by that id. Each shown notification waits (as a task, not a
/// thread) for the user's click on its own D-Bus connection, where desktops send the answer;
/// only the most recent ones stay clickable, so connections can't pile up.
#[derive(Default)]
pub struct Notifier {
    tags: switchboard_core::inbox::tags::Tags,
    /// Notifications still on the desktop, newest last: the server's id, whose page notification
    /// it is (account, the page's id), and the task waiting for its answer.
    waiting: std::collections::VecDeque<Shown>,
    /// The session bus, for closing notifications: opened at the first close, then kept (a page
    /// may close an alert for every message it gets).
    bus: Option<zbus::Connection>,
}

struct Shown {
    id: u32,
    account: String,
    page_id: u32,
    task: tauri::async_runtime::JoinHandle<()>,
}

/// Notifications that still answer a click; older ones stop listening.
const CLICKABLE: usize = 50;

impl Notifier {
    pub async fn show(&mut self, app: &AppHandle, n: OsNotification, on_answer: OnAnswer) {
        let mut notification = notify_rust::Notification::new();
        let open = crate::language::t(app, "notification.open", &[]);
        notification.appname("Switchboard").summary(&n.summary).body(&crate::text::markup_escaped(&n.body)).action("default", &open);
        if let Some(icon) = &n.icon {
            notification.icon(icon);
        }
        let tag = n.tag.as_ref().map(|t| (n.account.clone(), t.clone()));
        if let Some(replaces) = tag.as_ref().and_then(|t| self.tags.get(t)) {
            notification.id(replaces);
        }
        let handle = match notification.show_async().await {
            Ok(handle) => handle,
            Err(e) => {
                eprintln!("switchboard: could not show a notification: {e}");
                return;
            }
        };
        let id = handle.id();
        if let Some(tag) = tag {
            self.tags.put(tag, id);
        }
        // A replaced notification's click now belongs to the new one.
        self.waiting.retain(|shown| {
            let replaced = shown.id == id;
            if replaced {
                shown.task.abort();
            }
            !replaced && !shown.task.inner().is_finished()
        });
        let (app, account, page_id) = (app.clone(), n.account.clone(), n.page_id);
        let task = tauri::async_runtime::spawn(async move {
            let mut answer = Answer::Closed;
            handle
                .wait_for_action_async(|response| {
                    if !matches!(response, notify_rust::NotificationResponse::Closed(_)) {
                        answer = Answer::Clicked;
                    }
                })
                .await;
            on_answer(&app, &n.account, n.page_id, answer);
        });
        self.waiting.push_back(Shown { id, account, page_id, task });
        while self.waiting.len() > CLICKABLE {
            if let Some(oldest) = self.waiting.pop_front() {
                oldest.task.abort();
            }
        }
    }

    /// Takes a page's notification off the desktop (CloseNotification); its page is told it
    /// closed when the server says so.
    pub async fn close(&mut self, account: &str, page_id: u32) {
        let Some(shown) = self.waiting.iter().find(|s| s.account == account && s.page_id == page_id) else { return };
        self.close_id(shown.id).await;
    }

    /// Takes every notification still on the desktop off it (the app was locked: what they say
    /// is no longer for whoever sits there).
    pub async fn close_all(&mut self) {
        let ids: Vec<u32> = self.waiting.iter().map(|s| s.id).collect();
        for id in ids {
            self.close_id(id).await;
        }
    }

    async fn close_id(&mut self, id: u32) {
        let bus = &mut self.bus;
        let closed = async {
            let conn = match bus {
                Some(conn) => conn,
                None => bus.insert(zbus::Connection::session().await?),
            };
            conn.call_method(Some("org.freedesktop.Notifications"), "/org/freedesktop/Notifications", Some("org.freedesktop.Notifications"), "CloseNotification", &(id,))
                .await
                .map(|_| ())
        };
        if let Err(e) = closed.await {
            eprintln!("switchboard: could not close a notification: {e}");
        }
    }
}

/// GTK tells of every key and click (see `adopt`): nothing more to ask the system.
pub fn input_idle_for() -> Option<std::time::Duration> {
    None
}

/// Input in each page is noted as it happens (see `adopt`).
pub fn input_just_now() -> bool {
    false
}

/// Accounts are kept apart on every version (each its own WebKit data folder).
pub fn isolation_warning() -> Option<crate::problem::Problem> {
    None
}

/// The title and the tray carry the unread total here.
pub fn show_badge(_window: &tauri::Window, _total: u32) {}

/// Looks (once, at start) for a StatusNotifier host on the session bus: many Linux desktops
/// have none, and then closing the window must not hide it.
pub fn find_tray_host() {
    tauri::async_runtime::spawn(async {
        let found = async {
            let conn = zbus::Connection::session().await.ok()?;
            let dbus = zbus::fdo::DBusProxy::new(&conn).await.ok()?;
            let name = zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher").ok()?;
            dbus.name_has_owner(name).await.ok()
        };
        crate::tray::set_has_host(found.await.unwrap_or(false));
    });
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

/// Lays the shell and the pages out again after the shell's size changed.
pub fn relayout(app: &AppHandle) {
    let _ = app.run_on_main_thread(|| {
        LAYOUT.with(|l| {
            if let Some(layout) = l.borrow().as_ref() {
                let beside = crate::shell::shell_size().beside() as i32;
                let (left, right) = if crate::shell::mirrored() { (0, beside) } else { (beside, 0) };
                layout.services.set_margin_start(left);
                layout.services.set_margin_end(right);
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
    let label = webview.label().to_string();
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
        // Who asks is the document WebKit committed, not the address the view shows (already
        // the next one while a load is pending: a page could start loading another site and
        // ask in its name).
        engine::follow(&label, &view);
        let asked: Rc<RefCell<Vec<u64>>> = Rc::default();
        let (mine, app_d) = (asked.clone(), app.clone());
        view.connect_permission_request(move |_, request| {
            let origin = engine::committed_origin(&label);
            let Some(kinds) = kinds_of(request) else {
                request.deny(); // nothing a messenger needs: pointer lock, cross-site storage, …
                return true;
            };
            match crate::shell::permissions::decide(&app, &account, &origin, kinds) {
                Verdict::Allow => request.allow(),
                Verdict::Deny => request.deny(),
                Verdict::Asked(id) => {
                    REQUESTS.with(|r| r.borrow_mut().insert(id, request.clone()));
                    mine.borrow_mut().push(id);
                }
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

/// Opens an address or a file with the user's own program (browser, file opener), detached, with
/// the user's file-creation mask back. Launchers are tried in turn on a thread of their own (the
/// caller may be the UI thread): one that fails within a second makes way for the next, one
/// that still runs then has taken it.
pub fn open_outside(target: &std::ffi::OsStr) -> std::io::Result<()> {
    let launchers = open::commands(target);
    let shown = target.to_string_lossy().into_owned();
    std::thread::Builder::new().name("open-outside".into()).spawn(move || {
        if let Err(e) = launch_first(launchers) {
            eprintln!("switchboard: could not open {shown}: {e}");
        }
    })?;
    Ok(())
}

fn launch_first(launchers: Vec<std::process::Command>) -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    let umask = crate::profile::user_umask() as libc::mode_t;
    let mut last = std::io::Error::other("no program on this system opens it");
    for mut launcher in launchers {
        launcher.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        // SAFETY: umask and setsid are async-signal-safe and touch only the new process.
        unsafe {
            launcher.pre_exec(move || {
                libc::umask(umask);
                libc::setsid();
                Ok(())
            });
        }
        let mut child = match launcher.spawn() {
            Ok(child) => child,
            Err(e) => {
                last = e;
                continue;
            }
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        match rx.recv_timeout(std::time::Duration::from_secs(1)) {
            Ok(Ok(status)) if !status.success() => last = std::io::Error::other(format!("its launcher ended with {status}")),
            Ok(Err(e)) => last = e,
            _ => return Ok(()),
        }
    }
    Err(last)
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

/// Which processes each account runs, and what they cost (the Memory view). WebKitGTK does not
/// say which web process serves which webview, so the ones that appear while an account's
/// webview is made are noted as its own (webviews are made one at a time, in order, on the main
/// thread). Each account's network process keeps files open in the account's data folder, which
/// names it. Memory is PSS (`/proc/PID/smaps_rollup`): shared libraries are split between the
/// processes that share them instead of being counted once per process.
pub mod memory {
    use crate::shell::processes::{AccountMemory, MemoryReport};
    use std::collections::{HashMap, HashSet};
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    /// Web process id → the account whose webview started it.
    static WEB_OWNERS: Mutex<Option<HashMap<u32, String>>> = Mutex::new(None);
    /// Web processes of pages just closed (asleep, disabled, removed), until they have ended:
    /// charged to no one, least of all to the app, whose figure they would swell while they
    /// wind down.
    static LEAVING: Mutex<Option<HashSet<u32>>> = Mutex::new(None);

    fn with_owners<T>(f: impl FnOnce(&mut HashMap<u32, String>) -> T) -> T {
        let mut owners = WEB_OWNERS.lock().unwrap_or_else(|e| e.into_inner());
        f(owners.get_or_insert_with(HashMap::new))
    }

    fn with_leaving<T>(f: impl FnOnce(&mut HashSet<u32>) -> T) -> T {
        let mut leaving = LEAVING.lock().unwrap_or_else(|e| e.into_inner());
        f(leaving.get_or_insert_with(HashSet::new))
    }

    /// The processes there are before a webview is asked for.
    pub fn snapshot() -> HashSet<u32> {
        descendants().into_iter().collect()
    }

    /// Notes as `account`'s the web processes that appeared since `before` and belong to no one
    /// yet, once the main thread has made the webview asked for in between.
    pub fn claim_new(app: &tauri::AppHandle, account: &str, before: HashSet<u32>) {
        let account = account.to_string();
        let _ = app.run_on_main_thread(move || {
            let new = descendants().into_iter().filter(|p| !before.contains(p) && kind(*p) == Kind::Web);
            with_owners(|owners| {
                for pid in new.collect::<Vec<_>>() {
                    owners.entry(pid).or_insert_with(|| account.clone());
                }
            });
        });
    }

    /// The account's page is gone (asleep, disabled, removed): its web processes are leaving.
    pub fn forget(account: &str) {
        let gone: Vec<u32> = with_owners(|owners| {
            let gone = owners.iter().filter(|(_, a)| *a == account).map(|(pid, _)| *pid).collect();
            owners.retain(|_, a| a != account);
            gone
        });
        with_leaving(|leaving| leaving.extend(gone));
    }

    #[derive(PartialEq, Debug)]
    enum Kind {
        Web,
        Network,
        Other,
    }

    fn kind(pid: u32) -> Kind {
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if name.starts_with("WebKitWebProces") {
            Kind::Web
        } else if name.starts_with("WebKitNetworkPr") {
            Kind::Network
        } else {
            Kind::Other
        }
    }

    /// This process's children, their children, and so on.
    fn descendants() -> Vec<u32> {
        let parents: HashMap<u32, u32> = std::fs::read_dir("/proc")
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
            .filter_map(|pid| Some((pid, parent_of(pid)?)))
            .collect();
        switchboard_core::processes::descendants(std::process::id(), &parents)
    }

    fn parent_of(pid: u32) -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The name in parentheses may hold spaces; the fields after it don't.
        stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
    }

    fn pss_kib(pid: u32) -> u64 {
        let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        text.lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    /// The account whose data folder (under `accounts_dir`) this process keeps a file open in.
    fn account_by_open_files(pid: u32, accounts_dir: &Path) -> Option<String> {
        let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
        sole_owner(fds.flatten().filter_map(|fd| std::fs::read_link(fd.path()).ok()), accounts_dir)
    }

    /// The one account whose folder under `accounts_dir` holds every file among `open` that is
    /// under it; `None` for none, or for files of two accounts (never a guess whose it is).
    fn sole_owner(open: impl Iterator<Item = PathBuf>, accounts_dir: &Path) -> Option<String> {
        let mut owner: Option<String> = None;
        for target in open {
            let Some(id) = target.strip_prefix(accounts_dir).ok().and_then(|rest| rest.components().next()) else { continue };
            let id = id.as_os_str().to_string_lossy();
            match &owner {
                Some(known) if *known != id => return None,
                Some(_) => {}
                None => owner = Some(id.into_owned()),
            }
        }
        owner
    }

    /// A process held by a pidfd: signalled through it, so that a process that ended meanwhile
    /// and whose number went to another is never the one signalled.
    struct Pinned(std::os::fd::OwnedFd);

    impl Pinned {
        fn open(pid: u32) -> Option<Pinned> {
            use std::os::fd::FromRawFd;
            // SAFETY: pidfd_open takes a pid and flags and returns a new file descriptor or -1.
            let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, libc::pid_t::try_from(pid).ok()?, 0) };
            // SAFETY: a descriptor just returned to us, owned by nothing else.
            (fd >= 0).then(|| Pinned(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd as i32) }))
        }

        fn terminate(&self) {
            use std::os::fd::AsRawFd;
            // SAFETY: the pidfd is ours and open; no siginfo, no flags.
            unsafe { libc::syscall(libc::SYS_pidfd_send_signal, self.0.as_raw_fd(), libc::SIGTERM, std::ptr::null::<libc::siginfo_t>(), 0) };
        }
    }

    /// Ends the network process WebKit keeps for an account whose page is gone (asleep): it
    /// holds ~20 MB and WebKit never ends it by itself (Tauri keeps every data folder's context
    /// on Linux, tauri#14626); WebKit starts a new one when the account's page opens again.
    pub fn release_network(accounts_dir: &Path, account: &str) {
        // WebKit ends a WebDriver session when any network process ends: under automation
        // (Tauri's switch for it) it is kept.
        if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true") {
            return;
        }
        for pid in descendants() {
            // Pinned first, then checked: what is checked is what gets the signal.
            let Some(process) = Pinned::open(pid) else { continue };
            if kind(pid) == Kind::Network && account_by_open_files(pid, accounts_dir).as_deref() == Some(account) {
                // SIGTERM: its storage is SQLite and its cookies are written as they change, so
                // ending it once the page has been gone a while loses nothing.
                process.terminate();
            }
        }
    }

    /// What each of `ids` costs now, and the app itself.
    pub fn report(accounts_dir: &Path, ids: &[String]) -> MemoryReport {
        let running = descendants();
        let leaving = with_leaving(|leaving| {
            leaving.retain(|pid| running.contains(pid));
            leaving.clone()
        });
        let processes = running.into_iter().map(|pid| (pid, kind(pid), pss_kib(pid))).collect();
        tally(ids, pss_kib(std::process::id()), processes, &with_owners(|o| o.clone()), &leaving, |pid| {
            account_by_open_files(pid, accounts_dir)
        })
    }

    /// Charges each process (id, kind, memory) to its account or to the app.
    fn tally(
        ids: &[String],
        own_kib: u64,
        processes: Vec<(u32, Kind, u64)>,
        owners: &HashMap<u32, String>,
        leaving: &HashSet<u32>,
        network_owner: impl Fn(u32) -> Option<String>,
    ) -> MemoryReport {
        let mut accounts: Vec<AccountMemory> =
            ids.iter().map(|id| AccountMemory { id: id.clone(), ..Default::default() }).collect();
        let mut report = MemoryReport { measured: true, app_kib: own_kib, app_processes: 1, ..Default::default() };
        for (pid, kind, pss) in processes {
            if leaving.contains(&pid) {
                continue;
            }
            let (owner, is_web) = match kind {
                Kind::Web => (owners.get(&pid).cloned(), true),
                Kind::Network => (network_owner(pid), false),
                Kind::Other => (None, false),
            };
            let Some(account) = owner.and_then(|id| accounts.iter_mut().find(|a| a.id == id)) else {
                report.app_kib += pss;
                report.app_processes += 1;
                continue;
            };
            if is_web {
                account.web_kib += pss;
            } else {
                account.network_kib += pss;
            }
            account.processes += 1;
        }
        report.total_kib = report.app_kib + accounts.iter().map(|a| a.web_kib + a.network_kib).sum::<u64>();
        report.accounts = accounts;
        report
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_page_winding_down_after_it_fell_asleep_is_charged_to_no_one() {
            let owners = HashMap::from([(11, "a".to_string())]);
            let processes = vec![(10, Kind::Web, 50_000), (11, Kind::Web, 200_000), (12, Kind::Web, 250_000), (13, Kind::Network, 20_000)];
            let network = |pid| (pid == 13).then(|| "a".to_string());
            let report = tally(&["a".to_string()], 90_000, processes, &owners, &HashSet::from([12]), network);
            assert_eq!((report.app_kib, report.app_processes), (140_000, 2), "the app and the sidebar's page, not the leaving one");
            assert_eq!((report.accounts[0].web_kib, report.accounts[0].network_kib), (200_000, 20_000));
            assert_eq!(report.total_kib, 360_000);
        }

        #[test]
        fn a_process_belongs_to_an_account_only_when_every_file_it_holds_there_is_that_accounts() {
            let dir = Path::new("/profile/accounts");
            let open = |paths: &[&str]| paths.iter().map(PathBuf::from).collect::<Vec<_>>().into_iter();
            assert_eq!(sole_owner(open(&["/usr/lib/x.so", "/profile/accounts/a1/cookies.sqlite", "/profile/accounts/a1/idb/x"]), dir).as_deref(), Some("a1"));
            assert_eq!(sole_owner(open(&["/profile/accounts/a1/cookies.sqlite", "/profile/accounts/a2/cookies.sqlite"]), dir), None, "two accounts' files: nobody's");
            assert_eq!(sole_owner(open(&["/usr/lib/x.so", "/profile/other"]), dir), None);
        }

        #[test]
        fn a_child_is_found_with_its_memory_and_the_account_whose_files_it_holds() {
            let dir = tempfile::tempdir().unwrap();
            let account_dir = dir.path().join("acct1");
            std::fs::create_dir_all(&account_dir).unwrap();
            std::fs::write(account_dir.join("cookies.sqlite"), b"x").unwrap();
            // A real child process holding a file open in the account's folder.
            let mut child = std::process::Command::new("sh")
                .arg("-c")
                .arg("exec 3<\"$0\"; exec sleep 30")
                .arg(account_dir.join("cookies.sqlite"))
                .spawn()
                .unwrap();
            let pid = child.id();
            let found = (0..50).any(|_| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                account_by_open_files(pid, dir.path()).is_some()
            });
            assert!(found, "the child's open file names its account");
            assert_eq!(account_by_open_files(pid, dir.path()).as_deref(), Some("acct1"));
            assert!(descendants().contains(&pid));
            assert!(pss_kib(pid) > 0);
            assert_eq!(kind(pid), Kind::Other);
            let report = report(dir.path(), &["acct1".to_string()]);
            assert!(report.measured && report.app_kib >= pss_kib(std::process::id()));
            assert_eq!(report.accounts[0].processes, 0, "only WebKit's processes are counted as an account's");
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}
