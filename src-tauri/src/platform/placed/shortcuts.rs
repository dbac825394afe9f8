//! The global shortcut: the app takes it itself here (no desktop portal to go through).

use tauri::AppHandle;

pub fn desktop_binds_shortcuts() -> bool {
    false
}

pub fn bind_through_desktop(_app: &AppHandle, _shortcut: &str, _shown: String) {}
