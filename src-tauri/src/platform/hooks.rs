//! What the platform code tells the layers above it without importing them: the app's shortcut
//! pressed (in a page, the menu bar, the desktop's portal). Set once at start, by `lib.rs`.

use std::sync::OnceLock;
use switchboard_core::keys::Shortcut;
use tauri::AppHandle;

pub struct Hooks {
    /// A shortcut of the app was pressed, wherever the focus was.
    pub shortcut: fn(&AppHandle, Shortcut),
}

static HOOKS: OnceLock<Hooks> = OnceLock::new();

pub fn set(hooks: Hooks) {
    let _ = HOOKS.set(hooks);
}

pub(crate) fn shortcut(app: &AppHandle, pressed: Shortcut) {
    match HOOKS.get() {
        Some(hooks) => (hooks.shortcut)(app, pressed),
        None => eprintln!("switchboard: a shortcut came before the app was ready for it"),
    }
}
