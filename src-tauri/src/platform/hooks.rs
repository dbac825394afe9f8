//! What the platform code tells the layers above it without importing them: the app's shortcut
//! pressed (in a page, the menu bar, the desktop's portal), pages to make again. Set once at
//! start, by `lib.rs`.

use std::sync::OnceLock;
use switchboard_core::keys::Shortcut;
use tauri::AppHandle;

pub struct Hooks {
    /// A shortcut of the app was pressed, wherever the focus was.
    pub shortcut: fn(&AppHandle, Shortcut),
    /// These accounts' pages are dead with the browser they ran in: make them again.
    pub remake_pages: fn(&AppHandle, &[String]),
}

static HOOKS: OnceLock<Hooks> = OnceLock::new();

pub fn set(hooks: Hooks) {
    let _ = HOOKS.set(hooks);
}

#[cfg_attr(not(target_os = "windows"), allow(dead_code))]
pub(crate) fn remake_pages(app: &AppHandle, accounts: &[String]) {
    if let Some(hooks) = HOOKS.get() {
        (hooks.remake_pages)(app, accounts);
    }
}

pub(crate) fn shortcut(app: &AppHandle, pressed: Shortcut) {
    match HOOKS.get() {
        Some(hooks) => (hooks.shortcut)(app, pressed),
        None => eprintln!("switchboard: a shortcut came before the app was ready for it"),
    }
}
