//! Placement by hand: the shell (sidebar, panel, or the whole window while something covers the
//! pages) and the pages, at every resize.

use crate::screen::{self, SHELL};
use tauri::{AppHandle, LogicalPosition, LogicalSize, Webview};

pub fn on_window_event(app: &AppHandle, event: &tauri::WindowEvent) {
    if let tauri::WindowEvent::Resized(_) = event {
        relayout(app);
    }
}

pub fn set_shown(webview: &Webview, shown: bool) {
    let _ = if shown { webview.show() } else { webview.hide() };
}

/// Puts the shell and the pages in place.
pub fn relayout(app: &AppHandle) {
    let Ok(window) = screen::window(app) else { return };
    let (Ok(size), Ok(scale)) = (window.inner_size(), window.scale_factor()) else { return };
    let size = size.to_logical::<f64>(scale);
    let at = switchboard_core::layout::place(size.width, screen::shell_size(), screen::mirrored());
    for webview in window.webviews() {
        let (x, width) = if webview.label() == SHELL { (at.shell_x, at.shell_width) } else { (at.pages_x, at.pages_width) };
        let rect = tauri::Rect { position: LogicalPosition::new(x, 0.0).into(), size: LogicalSize::new(width, size.height).into() };
        let _ = webview.set_bounds(rect);
    }
}
