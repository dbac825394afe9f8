//! The presenter: the one task that turns changes (`state::publish`) into what the user sees —
//! the shell UI, and through `Wiring::show` the window title, the tray, and the clocks that
//! follow the settings. Changes only bump a watch channel, so a burst of them is shown once; each
//! showing runs on the main thread, one at a time and never inside the caller, so views reach
//! the screen in the order they were taken. It sits below the window code: what it needs of the
//! layers above is handed to it at start (`Wiring`).

use crate::inbox::policy;
use crate::inbox::Inbox;
use crate::state::{AppState, Changes};
use switchboard_core::view::{AccountView, GroupView, WorkspaceView};
use tauri::{AppHandle, Emitter, EventTarget, Manager};

pub const WORKSPACE_EVENT: &str = "workspace";

/// What the presenter reads from the layers above it, and how it hands them each view.
pub struct Wiring {
    /// Shows a view beyond the shell UI: the window's title and side, the tray, the lock's
    /// clock (on the main thread).
    pub show: fn(&AppHandle, &WorkspaceView),
    /// The accounts asleep now.
    pub asleep: fn(&AppHandle) -> Vec<String>,
    /// Whether the app is locked now, and whether its lock's password was found gone.
    pub lock: fn(&AppHandle) -> (bool, bool),
    /// The key "CommandOrControl" means on this system.
    pub command_key: &'static str,
}

static WIRING: std::sync::OnceLock<Wiring> = std::sync::OnceLock::new();

fn wiring() -> &'static Wiring {
    WIRING.get().expect("the presenter is wired before it starts")
}

/// Starts presenting: first what there is now, then after every change.
pub fn start(app: &AppHandle, wired: Wiring) {
    let _ = WIRING.set(wired);
    let (changes, mut changed) = tokio::sync::watch::channel(0u64);
    app.manage(Changes(changes));
    changed.mark_changed();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while changed.changed().await.is_ok() {
            changed.mark_unchanged();
            let (done, shown) = tokio::sync::oneshot::channel();
            let main = app.clone();
            let queued = app.run_on_main_thread(move || {
                present(&main);
                let _ = done.send(());
            });
            // A change made while this one is shown is taken by the next round.
            if queued.is_err() || shown.await.is_err() {
                return;
            }
        }
    });
}

/// Shows the current view: the shell UI, the do-not-disturb clock, and what `Wiring::show`
/// shows (main thread).
fn present(app: &AppHandle) {
    let view = view(app);
    if let Some(clock) = app.try_state::<crate::dnd_clock::DndClock>() {
        clock.follow(view.dnd.schedule);
    }
    (wiring().show)(app, &view);
    let _ = app.emit_to(EventTarget::webview(crate::screen::SHELL), WORKSPACE_EVENT, view);
}

/// What the shell UI shows now.
pub fn view(app: &AppHandle) -> WorkspaceView {
    let asleep = (wiring().asleep)(app);
    let (locked, lock_lost) = (wiring().lock)(app);
    let inbox = app.state::<Inbox>();
    let state = app.state::<AppState>();
    let language = crate::language::current(app);
    let sites = app.try_state::<crate::sites::Sites>();
    let ws = state.workspace();
    let mut number = 0;
    let accounts = ws
        .accounts
        .iter()
        .map(|a| {
            let (mut service_name, monogram, color) = match a.service().map(|s| s.in_language(language)) {
                Some(s) => (s.name, s.monogram, s.color),
                None => (a.service.clone(), "?".into(), "#5c6370".into()),
            };
            // A custom service goes by what its own page showed, not by its host.
            let site = sites.as_ref().filter(|_| a.service == crate::catalog::CUSTOM_ID).and_then(|s| s.get(&a.id));
            if let Some(name) = site.as_ref().map(|s| s.name.clone()).filter(|n| !n.is_empty()) {
                service_name = name;
            }
            // Ctrl+1…9 count the accounts of the group shown.
            let shortcut = (a.runs() && ws.in_view(&a.id)).then(|| {
                number += 1;
                number
            });
            AccountView {
                id: a.id.clone(),
                label: a.label.clone(),
                service: a.service.clone(),
                service_name,
                monogram,
                icon: site.and_then(|s| s.icon),
                color,
                enabled: a.enabled,
                shortcut: shortcut.filter(|n| *n <= 9),
                unread: if a.enabled && policy::show_badge(ws.effective_mute(a)) { inbox.unread(&a.id) } else { 0 },
                marked: a.enabled && policy::show_badge(ws.effective_mute(a)) && inbox.marked(&a.id),
                mute: a.mute,
                private_alerts: a.private_alerts,
                custom_code: a.custom_code,
                sleep: a.sleep,
                permissions: a.permissions.clone(),
                downloads: a.downloads,
                asleep: asleep.contains(&a.id),
                problem: a.problem(),
                trouble: crate::pages::recovery::trouble(&a.id),
            }
        })
        .collect::<Vec<AccountView>>();
    let total_unread = accounts.iter().map(|a| a.unread).sum();
    let notice = state.notice();
    let quiet = ws.dnd.quiet_at(crate::inbox::local_minute());
    // Each group's own count, whatever its rule while another is shown: its switcher says it.
    let counted = |id: &String| ws.account(id).ok().filter(|a| a.enabled && policy::show_badge(a.mute)).map_or(0, |a| inbox.unread(&a.id));
    let groups = ws
        .groups
        .iter()
        .map(|g| GroupView { id: g.id.clone(), name: g.name.clone(), accounts: g.accounts.clone(), outside: g.outside, unread: g.accounts.iter().map(counted).sum() })
        .collect();
    let link = state.link.lock().unwrap_or_else(|e| e.into_inner()).as_ref().map(|(_, choice)| choice.clone());
    WorkspaceView {
        accounts,
        active: ws.active.clone(),
        notice,
        total_unread,
        dnd: ws.dnd.clone(),
        quiet,
        close_to_tray: ws.close_to_tray,
        tray: crate::screen::tray_host(),
        lock: ws.lock.clone(),
        locked,
        lock_lost,
        hotkey: ws.hotkey.clone(),
        sleep_minutes: ws.sleep_minutes,
        asking: crate::pages::permissions::waiting(),
        downloads: crate::pages::downloads::list(),
        download_dir: crate::pages::downloads::folder(&ws).to_string_lossy().into_owned(),
        command_key: wiring().command_key,
        language: language.code(),
        rtl: language.rtl(),
        language_choice: ws.language.clone(),
        system_language: crate::language::system().code(),
        link,
        groups,
        group: ws.shown_group().map(|g| g.id.clone()),
    }
}
