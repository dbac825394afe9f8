//! The app's keyboard shortcuts carried out, wherever they were pressed (a page, the sidebar, the
//! menu bar, the tray, the global hotkey): the one place that knows what each does. It sits above
//! the window code and the platform code, which hand it the keys (`platform::hooks`).

use crate::problem::Problem;
use crate::screen::SHELL;
use crate::shell;
use crate::state::AppState;
use switchboard_core::keys;
use tauri::{AppHandle, Emitter, EventTarget, Manager};

/// Told to the shell UI: open the stage its payload names (`keys::Binding::opens`).
const OPEN_EVENT: &str = "open";

/// Told to the shell UI: a passing word to the user, gone by itself.
const PASSING_EVENT: &str = "passing";

/// Says something to the user for a moment only: what a key press found (nothing unread), not a
/// problem to keep in front of them (`state::tell`).
fn say_in_passing(app: &AppHandle, what: Problem) {
    let _ = app.emit_to(EventTarget::webview(SHELL), PASSING_EVENT, what);
}

/// Brings the window forward with the keys in the shell, and tells it to open `stage` — unless
/// the app is locked: then the lock screen is what shows.
fn open_in_shell(app: &AppHandle, stage: &str) {
    shell::present(app);
    if let Some(shell) = app.get_webview(SHELL) {
        let _ = shell.set_focus();
    }
    if !crate::app_lock::is_locked(app) {
        let _ = app.emit_to(EventTarget::webview(SHELL), OPEN_EVENT, stage);
    }
}

/// Carries out a keyboard shortcut over the enabled accounts of the group shown, in sidebar order.
pub fn run(app: &AppHandle, shortcut: keys::Shortcut) {
    if shortcut == keys::Shortcut::Quit {
        shell::quit::quit(app);
        return;
    }
    if let Some(stage) = shortcut.opens() {
        open_in_shell(app, stage);
        return;
    }
    if shortcut == keys::Shortcut::Lock {
        if let Err(e) = crate::app_lock::lock(app) {
            crate::state::tell(app, e);
        }
        return;
    }
    if crate::app_lock::is_locked(app) {
        return; // no switching or reloading pages behind the lock screen
    }
    if let keys::Shortcut::Group(n) = shortcut {
        crate::groups::show_nth(app, n);
        return;
    }
    if shortcut == keys::Shortcut::NextUnread {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            match crate::unread_list::open_next(&app).await {
                Err(e) if e.code == "unread.none" => say_in_passing(&app, e),
                Err(e) => crate::state::tell(&app, e),
                Ok(()) => {}
            }
        });
        return;
    }
    let (ids, active) = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        let ids: Vec<String> = ws.accounts.iter().filter(|a| a.runs() && ws.in_view(&a.id)).map(|a| a.id.clone()).collect();
        (ids, ws.active.clone())
    };
    let current = active.and_then(|a| ids.iter().position(|id| *id == a));
    let Some(target) = keys::target(shortcut, current, ids.len()) else { return };
    let result = match shortcut {
        keys::Shortcut::ReloadActive => shell::reload_account(app, &ids[target]),
        _ => shell::show_account(app, &ids[target]),
    };
    if let Err(e) = result {
        eprintln!("switchboard: {e}");
    }
}
