//! What the running app holds: the profile, the workspace, and how the shell UI sees them.

use crate::inbox::policy::{self, Dnd, Mute};
use crate::inbox::Inbox;
use crate::profile::Profile;
use crate::settings::{self, LockSettings, Problem, Sleep, Workspace};
use serde::Serialize;
use std::sync::{Mutex, MutexGuard};
use tauri::{AppHandle, Emitter, EventTarget, Manager};

pub struct AppState {
    pub profile: Profile,
    workspace: Mutex<Workspace>,
    /// The workspace as last read from or written to the file: what another writer (the command
    /// line) changed since is merged in before the next write.
    on_disk: Mutex<Workspace>,
    /// Said once to the user at start (settings restored from backup, and the like).
    notice: Mutex<Option<String>>,
    /// Serialises settings writes so the newest snapshot is always the one left on disk.
    write_lock: Mutex<()>,
}

#[derive(Serialize, Clone)]
pub struct AccountView {
    pub id: String,
    pub label: String,
    pub service: String,
    pub service_name: String,
    pub monogram: String,
    pub color: String,
    pub enabled: bool,
    /// 1-based Ctrl+N number, for enabled accounts among the first nine.
    pub shortcut: Option<usize>,
    pub unread: u32,
    pub mute: Mute,
    pub sleep: Sleep,
    /// What its pages were allowed or refused, per site.
    pub permissions: std::collections::BTreeMap<String, std::collections::BTreeMap<settings::Permission, bool>>,
    pub downloads: settings::DownloadRule,
    /// Its page is closed until it is opened again.
    pub asleep: bool,
    /// Why this version can't open it, if it can't (shown greyed, can only be removed).
    pub problem: Option<Problem>,
    /// Why its page can't load right now (no network, server down), if it can't.
    pub trouble: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct WorkspaceView {
    pub accounts: Vec<AccountView>,
    pub active: Option<String>,
    pub notice: Option<String>,
    /// Unread messages over all accounts.
    pub total_unread: u32,
    pub dnd: Dnd,
    /// Do-not-disturb is in force right now (by the toggle or the schedule).
    pub quiet: bool,
    pub close_to_tray: bool,
    /// A tray host shows our icon, so there is a tray to close to.
    pub tray: bool,
    pub lock: LockSettings,
    /// The app is locked: the UI shows only the lock screen.
    pub locked: bool,
    pub hotkey: String,
    pub sleep_minutes: u32,
    /// Pages' questions (camera, location…) waiting for the user, oldest first.
    pub asking: Vec<crate::shell::permissions::Asking>,
    /// Files pages saved or want to save, oldest first.
    pub downloads: Vec<crate::shell::downloads::Download>,
    /// Where they go.
    pub download_dir: String,
}

pub const WORKSPACE_EVENT: &str = "workspace";

impl AppState {
    pub fn new(profile: Profile, workspace: Workspace, notice: Option<String>) -> AppState {
        let on_disk = Mutex::new(workspace.clone());
        AppState { profile, workspace: Mutex::new(workspace), on_disk, notice: Mutex::new(notice), write_lock: Mutex::new(()) }
    }

    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        self.workspace.lock().unwrap_or_else(|e| e.into_inner())
    }


    /// Something to say to the user in the sidebar, until dismissed.
    pub fn tell(&self, notice: String) {
        *self.notice.lock().unwrap_or_else(|e| e.into_inner()) = Some(notice);
    }

    pub fn dismiss_notice(&self) {
        *self.notice.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Applies a change and writes the settings; a refused change writes nothing.
    pub fn change<T, E: ToString>(&self, f: impl FnOnce(&mut Workspace) -> Result<T, E>) -> Result<T, String> {
        let out = f(&mut self.workspace()).map_err(|e| e.to_string())?;
        self.persist()?;
        Ok(out)
    }

    /// Writes the current workspace, with what another writer changed in the file since we last
    /// read or wrote it merged in first. The snapshot is taken under the write lock, so concurrent
    /// writers can't leave an older snapshot on disk.
    pub fn persist(&self) -> Result<(), String> {
        let _writing = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let path = self.profile.settings_file();
        let base = self.on_disk.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(theirs) = settings::on_disk(&path).filter(|theirs| *theirs != base) {
            let mut ws = self.workspace();
            *ws = settings::merge(&base, &ws, &theirs);
        }
        let snapshot = self.workspace().clone();
        settings::save(&path, &snapshot).map_err(|e| format!("could not save settings to {}: {e}", path.display()))?;
        *self.on_disk.lock().unwrap_or_else(|e| e.into_inner()) = snapshot;
        Ok(())
    }

    pub fn view(&self, inbox: &Inbox, asleep: &[String], locked: bool) -> WorkspaceView {
        let ws = self.workspace();
        let mut number = 0;
        let accounts = ws
            .accounts
            .iter()
            .map(|a| {
                let (service_name, monogram, color) = match a.service() {
                    Some(s) => (s.name, s.monogram, s.color),
                    None => (a.service.clone(), "?".into(), "#5c6370".into()),
                };
                let shortcut = a.runs().then(|| {
                    number += 1;
                    number
                });
                AccountView {
                    id: a.id.clone(),
                    label: a.label.clone(),
                    service: a.service.clone(),
                    service_name,
                    monogram,
                    color,
                    enabled: a.enabled,
                    shortcut: shortcut.filter(|n| *n <= 9),
                    unread: if a.enabled && policy::show_badge(a.mute) { inbox.unread(&a.id) } else { 0 },
                    mute: a.mute,
                    sleep: a.sleep,
                    permissions: a.permissions.clone(),
                    downloads: a.downloads,
                    asleep: asleep.contains(&a.id),
                    problem: a.problem(),
                    trouble: crate::shell::recovery::trouble(&a.id),
                }
            })
            .collect::<Vec<AccountView>>();
        let total_unread = accounts.iter().map(|a| a.unread).sum();
        let notice = self.notice.lock().unwrap_or_else(|e| e.into_inner()).clone();
        let quiet = ws.dnd.quiet_at(crate::inbox::local_minute());
        WorkspaceView {
            accounts,
            active: ws.active.clone(),
            notice,
            total_unread,
            dnd: ws.dnd.clone(),
            quiet,
            close_to_tray: ws.close_to_tray,
            tray: crate::tray::has_host(),
            lock: ws.lock.clone(),
            locked,
            hotkey: ws.hotkey.clone(),
            sleep_minutes: ws.sleep_minutes,
            asking: crate::shell::permissions::waiting(),
            downloads: crate::shell::downloads::list(),
            download_dir: crate::shell::downloads::folder(&ws).to_string_lossy().into_owned(),
        }
    }
}

/// A workspace change that needs no webview opened or closed: save it, then show it.
pub fn change_and_show<E: ToString>(app: &AppHandle, f: impl FnOnce(&mut Workspace) -> Result<(), E>) -> Result<(), String> {
    app.state::<AppState>().change(f)?;
    publish(app);
    Ok(())
}

/// Says something to the user in the sidebar now (see `AppState::tell`).
pub fn tell(app: &AppHandle, notice: String) {
    app.state::<AppState>().tell(notice);
    publish(app);
}

/// Sends the current view to the shell UI, and the total unread count to the window title and
/// the tray. Always on the main thread, one at a time: publishes from the main thread (a page's
/// title) and from IPC threads (its badge) would otherwise reach the screen in another order than
/// their views were taken, leaving an older one shown. Requests made while one is waiting are
/// served by it (it takes the view when it runs). Never run inside the caller: called from the
/// main thread, Tauri would run it at once, and a caller inside Tauri's own window code (a page
/// destroyed while the window closes) would have it borrow the window list Tauri holds — a panic
/// that aborts the app. So the request goes through the async runtime and waits its turn.
pub fn publish(app: &AppHandle) {
    static WAITING: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if WAITING.swap(true, std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        let main = handle.clone();
        let queued = handle.run_on_main_thread(move || {
            WAITING.store(false, std::sync::atomic::Ordering::SeqCst);
            publish_now(&main);
        });
        if queued.is_err() {
            WAITING.store(false, std::sync::atomic::Ordering::SeqCst);
        }
    });
}

fn publish_now(app: &AppHandle) {
    let view = view(app);
    if let Some(clock) = app.try_state::<crate::dnd_clock::DndClock>() {
        clock.follow(view.dnd.schedule);
    }
    if let Some(locker) = app.try_state::<crate::app_lock::Locker>() {
        locker.follow(view.lock.on, view.lock.idle_minutes);
    }
    crate::shell::show_total_unread(app, view.total_unread);
    crate::tray::update(app, &view);
    let _ = app.emit_to(EventTarget::webview(crate::shell::SHELL), WORKSPACE_EVENT, view);
}

/// What the shell UI shows now.
pub fn view(app: &AppHandle) -> WorkspaceView {
    let asleep = app.try_state::<crate::shell::sleep::Sleepers>().map(|s| s.asleep()).unwrap_or_default();
    app.state::<AppState>().view(&app.state::<Inbox>(), &asleep, crate::app_lock::is_locked(app))
}
