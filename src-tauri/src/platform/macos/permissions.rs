//! macOS: permission questions.

use tauri::AppHandle;

/// Not yet: WebKit asks the user itself.
pub fn answer_permission(_app: &AppHandle, _id: u64, _allow: bool) {}
