//! What the running app holds: the profile and the workspace, and the one place its changes are
//! counted (`publish`; the presenter shows them).

use crate::problem::Problem;
use crate::profile::Profile;
use crate::settings::{self, Workspace};
use std::sync::{Mutex, MutexGuard};
use tauri::{AppHandle, Manager};

pub struct AppState {
    pub profile: Profile,
    workspace: Mutex<Workspace>,
    /// The workspace as last read from or written to the file: what another writer (the command
    /// line) changed since is merged in before the next write.
    on_disk: Mutex<Workspace>,
    /// Said once to the user at start (settings restored from backup, and the like).
    notice: Mutex<Option<Problem>>,
    /// Serialises settings writes so the newest snapshot is always the one left on disk.
    write_lock: Mutex<()>,
    /// A link from outside waiting for the user to pick the account it opens in.
    pub link: Mutex<Option<(switchboard_core::links::Link, switchboard_core::view::LinkChoice)>>,
}

impl AppState {
    pub fn new(profile: Profile, workspace: Workspace, notice: Option<Problem>) -> AppState {
        let on_disk = Mutex::new(workspace.clone());
        AppState { profile, workspace: Mutex::new(workspace), on_disk, notice: Mutex::new(notice), write_lock: Mutex::new(()), link: Mutex::default() }
    }

    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        self.workspace.lock().unwrap_or_else(|e| e.into_inner())
    }


    /// Something to say to the user in the sidebar, until dismissed.
    pub fn tell(&self, notice: Problem) {
        *self.notice.lock().unwrap_or_else(|e| e.into_inner()) = Some(notice);
    }

    pub fn notice(&self) -> Option<Problem> {
        self.notice.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn dismiss_notice(&self) {
        *self.notice.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Applies a change and writes the settings; a refused change writes nothing.
    pub fn change<T, E: Into<Problem>>(&self, f: impl FnOnce(&mut Workspace) -> Result<T, E>) -> Result<T, Problem> {
        let out = f(&mut self.workspace()).map_err(Into::into)?;
        self.persist()?;
        Ok(out)
    }

    /// Writes the current workspace, with what another writer changed in the file since we last
    /// read or wrote it merged in first. The snapshot is taken under the write lock, so concurrent
    /// writers can't leave an older snapshot on disk.
    pub fn persist(&self) -> Result<(), Problem> {
        let _writing = self.write_lock.lock().unwrap_or_else(|e| e.into_inner());
        let path = self.profile.settings_file();
        let base = self.on_disk.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if let Some(theirs) = settings::on_disk(&path).filter(|theirs| *theirs != base) {
            let mut ws = self.workspace();
            *ws = settings::merge(&base, &ws, &theirs);
        }
        let snapshot = self.workspace().clone();
        settings::save(&path, &snapshot)
            .map_err(|e| Problem::new("settings.not_saved").with("path", path.display()).with("detail", e))?;
        *self.on_disk.lock().unwrap_or_else(|e| e.into_inner()) = snapshot;
        Ok(())
    }
}

/// A workspace change that needs no webview opened or closed: save it, then show it.
pub fn change_and_show<E: Into<Problem>>(app: &AppHandle, f: impl FnOnce(&mut Workspace) -> Result<(), E>) -> Result<(), Problem> {
    app.state::<AppState>().change(f)?;
    publish(app);
    Ok(())
}

/// Says something to the user in the sidebar now (see `AppState::tell`).
pub fn tell(app: &AppHandle, notice: Problem) {
    app.state::<AppState>().tell(notice);
    publish(app);
}

/// Marks that something the user sees changed: the presenter shows it soon (`presenter`).
/// Cheap, never blocks, and never runs the presenting inside the caller (a caller inside Tauri's
/// own window code would have it borrow the window list Tauri holds).
pub fn publish(app: &AppHandle) {
    if let Some(changes) = app.try_state::<Changes>() {
        changes.0.send_modify(|n| *n = n.wrapping_add(1));
    }
}

/// The one place changes are counted; the presenter waits on it.
pub struct Changes(pub tokio::sync::watch::Sender<u64>);
