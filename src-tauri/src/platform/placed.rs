//! What Windows and macOS share: Tauri puts child webviews where they are told (`set_bounds`), on
//! every resize; both always have a tray host.

pub mod engine;

use crate::shell::{mirrored, shell_size, window, SHELL};
use tauri::{AppHandle, LogicalPosition, LogicalSize, Webview};

pub fn prepare_process() {}

/// Opens an address or a file with the user's own program. (macOS: LaunchServices starts it,
/// not this process; Windows has no file-creation mask to hand down.)
pub fn open_outside(target: &std::ffi::OsStr) -> std::io::Result<()> {
    open::that_detached(target)
}

pub fn display_ready() -> Result<(), String> {
    Ok(())
}

/// The app takes its global shortcut itself here.
pub fn desktop_binds_shortcuts() -> bool {
    false
}

pub fn bind_through_desktop(_app: &AppHandle, _shortcut: &str) {}

/// Windows' notification area and macOS's menu bar are always there.
pub fn find_tray_host() {
    crate::tray::set_has_host(true);
}

/// The engine does not tell the app of clicks inside a page: input in the session just now, while
/// the page is the one on screen, is the user's.
pub fn input_just_now() -> bool {
    super::input_idle_for().is_some_and(|idle| idle < crate::shell::downloads::GESTURE_WINDOW)
}


pub fn on_window_event(app: &AppHandle, event: &tauri::WindowEvent) {
    if let tauri::WindowEvent::Resized(_) = event {
        relayout(app);
    }
}

pub fn set_shown(webview: &Webview, shown: bool) {
    let _ = if shown { webview.show() } else { webview.hide() };
}

/// Puts the shell (sidebar, panel, or the whole window while something covers the pages) and the
/// pages in place.
pub fn relayout(app: &AppHandle) {
    let Ok(window) = window(app) else { return };
    let (Ok(size), Ok(scale)) = (window.inner_size(), window.scale_factor()) else { return };
    let size = size.to_logical::<f64>(scale);
    let at = switchboard_core::layout::place(size.width, shell_size(), mirrored());
    for webview in window.webviews() {
        let (x, width) = if webview.label() == SHELL { (at.shell_x, at.shell_width) } else { (at.pages_x, at.pages_width) };
        let rect = tauri::Rect { position: LogicalPosition::new(x, 0.0).into(), size: LogicalSize::new(width, size.height).into() };
        let _ = webview.set_bounds(rect);
    }
}
