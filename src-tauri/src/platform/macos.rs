//! macOS: WKWebView. Each account has its own cookie and storage store through
//! `data_store_identifier` (macOS 14 and later; older versions are told they can't keep two
//! accounts of one service apart). The menu bar carries the app's shortcuts (so they work with the
//! focus inside a page), the idle lock reads the system's last input, the Dock shows the unread
//! total. Not here yet: the offline and crash pages, the permission question (WebKit asks
//! itself), notification clicks. Placement is shared with Windows (`placed.rs`).

pub use super::placed::*;

use crate::inbox::deliver::{OnAnswer, OsNotification};
use crate::navigation::{self, Decision};
use crate::shell::keys::Shortcut;
use crate::shell::outside;
use std::time::Duration;
use tauri::{AppHandle, Webview};

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Cmd";

/// How a browser on this platform names it in its user agent (Safari keeps 10_15_7 on every
/// macOS since).
pub const USER_AGENT_OS: &str = "Macintosh; Intel Mac OS X 10_15_7";

/// WKWebView's own user agent has no Safari part, which sites take for an embedded browser.
pub fn engine_user_agent() -> Option<String> {
    Some(crate::catalog::safari_user_agent(USER_AGENT_OS))
}

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
                outside::open(&opener, url);
                false
            }
            Decision::Refuse => false,
        })
}

/// The menu bar's key equivalents reach the app whatever has the focus.
pub fn adopt_shell(_shell: &Webview) {}

pub fn adopt_page(_webview: &Webview, app: &AppHandle, _account: &str, _label: &str, _domains: Vec<String>) {
    relayout(app);
}

/// The menu bar: the standard app, Edit and Window menus (Cmd+C, Cmd+V and the rest reach a page
/// through them) and an Accounts menu with Switchboard's shortcuts. Key equivalents of the menu
/// bar work wherever the focus is, inside a page too.
pub fn prepare_window(_window: &tauri::Window, app: AppHandle) -> tauri::Result<()> {
    use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
    // In the language at start: the menu bar is built once.
    let words = |id: &str| crate::language::t(&app, id, &[]);
    let item = |id: &str, text: &str, keys: &str| MenuItem::with_id(&app, format!("{MENU_PREFIX}{id}"), words(text), true, Some(keys));
    let separator = || PredefinedMenuItem::separator(&app);
    let switchboard = Submenu::with_items(
        &app,
        "Switchboard",
        true,
        &[
            &PredefinedMenuItem::about(&app, None, None)?,
            &separator()?,
            &item("settings", "macmenu.settings", "CmdOrCtrl+Comma")?,
            &item("lock", "tray.lock", "CmdOrCtrl+Shift+L")?,
            &separator()?,
            &PredefinedMenuItem::hide(&app, None)?,
            &PredefinedMenuItem::hide_others(&app, None)?,
            &PredefinedMenuItem::show_all(&app, None)?,
            &separator()?,
            &item("quit", "tray.quit", "CmdOrCtrl+Q")?,
        ],
    )?;
    let edit = Submenu::with_items(
        &app,
        &words("macmenu.edit"),
        true,
        &[
            &PredefinedMenuItem::undo(&app, None)?,
            &PredefinedMenuItem::redo(&app, None)?,
            &separator()?,
            &PredefinedMenuItem::cut(&app, None)?,
            &PredefinedMenuItem::copy(&app, None)?,
            &PredefinedMenuItem::paste(&app, None)?,
            &PredefinedMenuItem::select_all(&app, None)?,
        ],
    )?;
    let accounts = Submenu::with_id(&app, "accounts", words("sidebar.accounts"), true)?;
    accounts.append(&item("palette", "macmenu.find", "CmdOrCtrl+K")?)?;
    accounts.append(&item("unread", "macmenu.unread", "CmdOrCtrl+Shift+U")?)?;
    accounts.append(&item("next-unread", "macmenu.next_unread", "CmdOrCtrl+Shift+J")?)?;
    accounts.append(&item("replies", "macmenu.replies", "CmdOrCtrl+Shift+S")?)?;
    accounts.append(&item("translate", "macmenu.translate", "CmdOrCtrl+Shift+T")?)?;
    accounts.append(&item("next", "macmenu.next", "Ctrl+Tab")?)?;
    accounts.append(&item("previous", "macmenu.previous", "Ctrl+Shift+Tab")?)?;
    accounts.append(&item("reload", "macmenu.reload", "CmdOrCtrl+Shift+R")?)?;
    accounts.append(&separator()?)?;
    for n in 1..=9 {
        let text = crate::language::t(&app, "macmenu.account", &[("number", &n.to_string())]);
        accounts.append(&MenuItem::with_id(&app, format!("{MENU_PREFIX}show-{n}"), text, true, Some(&format!("CmdOrCtrl+{n}")))?)?;
    }
    let window = Submenu::with_items(
        &app,
        &words("macmenu.window"),
        true,
        &[&PredefinedMenuItem::minimize(&app, None)?, &PredefinedMenuItem::maximize(&app, None)?, &PredefinedMenuItem::close_window(&app, None)?],
    )?;
    app.set_menu(Menu::with_items(&app, &[&switchboard, &edit, &accounts, &window])?)?;
    app.on_menu_event(|app, event| {
        if let Some(shortcut) = event.id().as_ref().strip_prefix(MENU_PREFIX).and_then(shortcut_of) {
            crate::shell::run_shortcut(app, shortcut);
        }
    });
    Ok(())
}

/// The menu bar's own ids, apart from the tray menu's.
const MENU_PREFIX: &str = "app-";

fn shortcut_of(id: &str) -> Option<Shortcut> {
    Some(match id {
        "settings" => Shortcut::Settings,
        "lock" => Shortcut::Lock,
        "quit" => Shortcut::Quit,
        "palette" => Shortcut::Palette,
        "unread" => Shortcut::Unread,
        "next-unread" => Shortcut::NextUnread,
        "replies" => Shortcut::Replies,
        "translate" => Shortcut::Translate,
        "next" => Shortcut::Next,
        "previous" => Shortcut::Previous,
        "reload" => Shortcut::ReloadActive,
        other => Shortcut::Show(other.strip_prefix("show-")?.parse::<usize>().ok()?.checked_sub(1)?),
    })
}

/// Not yet: the user's yes to a download does not start it again here.
pub fn download(_webview: &Webview, _url: &str) {}

/// Not yet: WebKit asks the user itself.
pub fn answer_permission(_app: &AppHandle, _id: u64, _allow: bool) {}

/// Said once at start where accounts can't be kept apart: before macOS 14 WKWebView has a
/// single store for every page.
pub fn isolation_warning() -> Option<crate::problem::Problem> {
    let out = std::process::Command::new("sw_vers").arg("-productVersion").output().ok()?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let major: u32 = version.split('.').next()?.parse().ok()?;
    (major < 14).then(|| {
        crate::problem::Problem::new("macos.shared_sign_in").with("version", &version)
    })
}

#[link(name = "CoreGraphics", kind = "framework")]
extern "C" {
    fn CGEventSourceSecondsSinceLastEventType(state: i32, event_type: u32) -> f64;
}

/// How long since the user last pressed a key or moved the mouse anywhere in their session.
pub fn input_idle_for() -> Option<Duration> {
    // SAFETY: a plain query: the combined session state (0), any input event type (!0).
    let seconds = unsafe { CGEventSourceSecondsSinceLastEventType(0, !0) };
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// The unread total on the Dock icon.
pub fn show_badge(window: &tauri::Window, total: u32) {
    let _ = window.set_badge_count((total > 0).then_some(i64::from(total)));
}

/// Notifications through the Notification Center (notify-rust); it reports no clicks here.
#[derive(Default)]
pub struct Notifier;

impl Notifier {
    pub async fn show(&mut self, _app: &AppHandle, n: OsNotification, _on_answer: OnAnswer) {
        // The Notification Center shows the app's own icon; the service's is not passed.
        let _ = &n.icon;
        let mut notification = notify_rust::Notification::new();
        notification.summary(&n.summary).body(&n.body);
        if let Err(e) = notification.show() {
            eprintln!("switchboard: could not show a notification: {e}");
        }
    }

    /// Not yet: the Notification Center is left to clear its own (see the README's table).
    pub async fn close(&mut self, _account: &str, _page_id: u32) {}

    /// Not yet, as `close`: notify-rust's macOS backend can't take a notification back.
    pub async fn close_all(&mut self) {}
}

/// No figures here yet: the Memory view says so.
pub mod memory {
    use crate::shell::processes::MemoryReport;

    pub fn snapshot() {}

    pub fn claim_new(_app: &tauri::AppHandle, _account: &str, _before: ()) {}

    pub fn forget(_account: &str) {}

    /// WebKit on macOS shares one network process between all data stores and ends what it
    /// no longer needs by itself.
    pub fn release_network(_accounts_dir: &std::path::Path, _account: &str) {}

    pub fn report(_accounts_dir: &std::path::Path, _ids: &[String]) -> MemoryReport {
        MemoryReport::default()
    }
}
