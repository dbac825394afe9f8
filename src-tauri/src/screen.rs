//! What is on the screen, as the app last made it: the window's webviews by name, what covers the
//! pages, whether a panel is open beside them, which side the sidebar is on, whether the window
//! is shown, and whether the desktop has a tray to hide it to. Kept here, below the window code
//! and the platform code, so that both read one truth and neither has to ask the other.

use crate::problem::Problem;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use tauri::{AppHandle, Manager, Window};

pub use switchboard_core::layout::{ShellSize, SIDEBAR_WIDTH};

pub const WINDOW: &str = "main";
pub const SHELL: &str = "shell";
const SERVICE_PREFIX: &str = "svc-";

pub fn service_label(account_id: &str) -> String {
    format!("{SERVICE_PREFIX}{account_id}")
}

/// The account a service webview belongs to; `None` for the shell or anything else.
pub fn account_of(label: &str) -> Option<&str> {
    label.strip_prefix(SERVICE_PREFIX)
}

pub fn window(app: &AppHandle) -> Result<Window, Problem> {
    app.get_window(WINDOW).ok_or_else(|| Problem::internal("the main window is gone"))
}

/// What covers the whole window with the shell, hiding the service pages: a dialog, the lock.
#[derive(Clone, Copy)]
pub enum Cover {
    Dialog = 1,
    Lock = 2,
}

/// The covers in place, as bits of `Cover`.
static COVERS: AtomicU8 = AtomicU8::new(0);

pub fn set_cover(what: Cover, on: bool) {
    if on {
        COVERS.fetch_or(what as u8, Ordering::Relaxed);
    } else {
        COVERS.fetch_and(!(what as u8), Ordering::Relaxed);
    }
}

/// True while the shell covers the whole window (service pages hidden).
pub fn covered() -> bool {
    COVERS.load(Ordering::Relaxed) != 0
}

/// True while the lock screen is up.
pub fn locked() -> bool {
    COVERS.load(Ordering::Relaxed) & Cover::Lock as u8 != 0
}

/// A panel is open beside the sidebar: the page moves over and stays in view.
static PANEL: AtomicBool = AtomicBool::new(false);

/// Opens or closes the panel; true when that changed the layout.
pub fn set_panel(open: bool) -> bool {
    PANEL.swap(open, Ordering::Relaxed) != open
}

/// How much of the window the shell takes now.
pub fn shell_size() -> ShellSize {
    if covered() {
        ShellSize::Window
    } else if PANEL.load(Ordering::Relaxed) {
        ShellSize::Panel
    } else {
        ShellSize::Sidebar
    }
}

/// The window mirrored for a right-to-left language: the sidebar on the right, pages on its left.
static MIRRORED: AtomicBool = AtomicBool::new(false);

pub fn mirrored() -> bool {
    MIRRORED.load(Ordering::Relaxed)
}

/// True when that changed the layout.
pub fn set_mirrored(on: bool) -> bool {
    MIRRORED.swap(on, Ordering::Relaxed) != on
}

/// Whether the window is on screen, as we last made it: the toolkit's own answer lags behind a
/// hide or show asked for a moment ago.
static WINDOW_SHOWN: AtomicBool = AtomicBool::new(true);

pub fn window_shown() -> bool {
    WINDOW_SHOWN.load(Ordering::Relaxed)
}

pub fn set_window_shown(shown: bool) {
    WINDOW_SHOWN.store(shown, Ordering::Relaxed);
}

/// Whether a tray host shows our icon. Closing the window hides it to the tray only then;
/// without a host the window would be lost. Until the platform has looked: none.
static TRAY_HOST: AtomicBool = AtomicBool::new(false);

pub fn tray_host() -> bool {
    TRAY_HOST.load(Ordering::Relaxed)
}

/// Whether the platform has looked for a tray host yet (a window started hidden waits for it).
static TRAY_LOOKED: (std::sync::Mutex<bool>, std::sync::Condvar) = (std::sync::Mutex::new(false), std::sync::Condvar::new());

/// Says whether a tray host shows our icon (the platform looks, once, at start).
pub fn set_tray_host(found: bool) {
    TRAY_HOST.store(found, Ordering::Relaxed);
    *TRAY_LOOKED.0.lock().unwrap_or_else(|e| e.into_inner()) = true;
    TRAY_LOOKED.1.notify_all();
}

/// Whether there is a tray host, once the platform has looked (or `timeout` passed: none). It
/// blocks: not for the async threads.
pub fn wait_for_tray_host(timeout: std::time::Duration) -> bool {
    let looked = TRAY_LOOKED.0.lock().unwrap_or_else(|e| e.into_inner());
    let _looked = TRAY_LOOKED.1.wait_timeout_while(looked, timeout, |looked| !*looked).unwrap_or_else(|e| e.into_inner());
    tray_host()
}
