//! Starting with the system at sign-in (Settings; off by default, and no installer turns it on):
//! the system's own entry, made and removed by tauri-plugin-autostart — an XDG autostart file on
//! Linux, the Run key on Windows, a login item (LaunchAgent) on macOS. It starts Switchboard with
//! `--autostart` (and the profile, when it is a folder of its own): then the window stays in the
//! tray if the user asked for that.

use crate::problem::Problem;
use crate::profile::Profile;
use std::time::Duration;
use tauri::plugin::TauriPlugin;
use tauri::{AppHandle, Runtime};
use tauri_plugin_autostart::ManagerExt;

/// How long a window started hidden waits for a tray to be found before it shows after all.
const TRAY_WAIT: Duration = Duration::from_secs(5);

pub fn plugin<R: Runtime>(profile: &Profile) -> TauriPlugin<R> {
    let mut args = vec!["--autostart".to_string()];
    if let Some(dir) = profile.folder() {
        args.extend(["--profile".to_string(), dir.display().to_string()]);
    }
    tauri_plugin_autostart::Builder::new().app_name("Switchboard").args(args).build()
}

fn failed(e: impl std::fmt::Display) -> Problem {
    Problem::new("autostart.failed").with("detail", e)
}

/// Whether the system starts Switchboard at sign-in.
pub fn enabled(app: &AppHandle) -> Result<bool, Problem> {
    app.autolaunch().is_enabled().map_err(failed)
}

pub fn set(app: &AppHandle, on: bool) -> Result<(), Problem> {
    let manager = app.autolaunch();
    match on {
        true => manager.enable(),
        false => manager.disable(),
    }
    .map_err(failed)
}

/// A window started hidden is shown after all when no tray turns up to bring it back from.
pub fn show_without_tray(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if !crate::screen::wait_for_tray_host(TRAY_WAIT) {
            crate::shell::present(&app);
            crate::state::publish(&app);
        }
    });
}
