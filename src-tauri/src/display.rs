//! What each view puts on the screen besides the shell UI (which the presenter sends itself):
//! the window's side and title, the tray, the lock's idle clock. Handed to the presenter at start
//! (`presenter::Wiring`), with what the view reads from the layers above it.

use switchboard_core::view::WorkspaceView;
use tauri::{AppHandle, Manager};

pub fn wiring() -> crate::presenter::Wiring {
    crate::presenter::Wiring {
        show,
        asleep: |app| app.try_state::<crate::shell::sleep::Sleepers>().map(|s| s.asleep()).unwrap_or_default(),
        lock: |app| (crate::app_lock::is_locked(app), crate::app_lock::is_lost(app)),
        command_key: crate::platform::COMMAND_KEY,
    }
}

/// Main thread.
fn show(app: &AppHandle, view: &WorkspaceView) {
    crate::shell::set_mirrored(app, view.rtl);
    if let Some(locker) = app.try_state::<crate::app_lock::Locker>() {
        locker.follow(view.lock.on, view.lock.idle_minutes);
    }
    crate::shell::show_total_unread(app, view.total_unread);
    crate::tray::update(app, view);
}
