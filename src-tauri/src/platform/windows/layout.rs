//! Windows: placement is shared with macOS (`placed::layout`); the sidebar's keys are watched
//! as a page's are.

pub use crate::platform::placed::layout::{on_window_event, relayout, set_shown};
use tauri::{AppHandle, Manager, Webview};

/// The sidebar's webview, once made: its keys are watched as a page's are.
pub fn adopt_shell(shell: &Webview) {
    let app = shell.app_handle().clone();
    let _ = shell.with_webview(move |platform| {
        // SAFETY: called on the main thread, where WebView2 lives, with the sidebar's live controller.
        if let Err(e) = unsafe { super::shortcuts::watch_keys(&platform.controller(), app) } {
            eprintln!("switchboard: the sidebar's keys could not be watched: {e}");
        }
    });
}

/// No menu bar here: the shortcuts are caught in each webview (`watch_keys`).
pub fn prepare_window(_window: &tauri::Window, _app: AppHandle) -> tauri::Result<()> {
    Ok(())
}


/// Not yet: the taskbar button's overlay needs a drawn number; the title and tray carry it.
pub fn show_badge(_window: &tauri::Window, _total: u32) {}

