//! The shell UI's IPC commands: thin, each one validates through `settings` and then lets
//! `shell` make the webviews match. Only the shell webview is granted these (capabilities/).
//! All are async so they run off the UI thread.

pub mod contacts;
pub mod stats;
pub mod network;
pub mod replies;
pub mod transfer;
pub mod translation;
pub mod vault;

use crate::catalog::{self, Service};
use crate::inbox::policy::{self, Dnd, Mute};
use crate::inbox::history::Entry;
use crate::inbox::Inbox;
use crate::settings::{Outside, Sleep};
use crate::problem::Problem;
use crate::shell;
use crate::platform::MemoryReport;
use crate::shell::sleep::Sleepers;
use switchboard_core::view::WorkspaceView;
use crate::state::{change_and_show, AppState};
use tauri::{AppHandle, Manager, State};

#[tauri::command]
pub async fn workspace(app: AppHandle) -> Result<WorkspaceView, Problem> {
    Ok(crate::presenter::view(&app))
}

/// The sidebar is on screen: the service pages may start loading.
#[tauri::command]
pub async fn shell_painted(app: AppHandle) -> Result<(), Problem> {
    shell::open_pages(&app);
    Ok(())
}

#[tauri::command]
pub async fn catalog(app: AppHandle) -> Result<Vec<Service>, Problem> {
    let lang = crate::language::current(&app);
    Ok(catalog::services().iter().map(|s| s.clone().in_language(lang)).collect())
}

/// Adds an account and shows it; returns its id.
#[tauri::command]
pub async fn add_account(app: AppHandle, service: String, label: String, url: Option<String>) -> Result<String, Problem> {
    let state = app.state::<AppState>();
    let account = state.change(|ws| ws.add(&service, &label, url.as_deref()))?;
    shell::sync(&app)?;
    shell::show_account(&app, &account.id)?;
    Ok(account.id)
}

#[tauri::command]
pub async fn rename_account(app: AppHandle, id: String, label: String) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.rename(&id, &label))
}

#[tauri::command]
pub async fn move_account(app: AppHandle, id: String, index: usize) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.move_to(&id, index))
}

#[tauri::command]
pub async fn set_account_enabled(app: AppHandle, id: String, enabled: bool) -> Result<(), Problem> {
    app.state::<AppState>().change(|ws| ws.set_enabled(&id, enabled))?;
    shell::sync(&app)
}

#[tauri::command]
pub async fn reload_account(app: AppHandle, id: String) -> Result<(), Problem> {
    shell::reload_account(&app, &id)
}

/// Removes the account and deletes its data directory (cookies, storage, cache) — nothing else.
#[tauri::command]
pub async fn remove_account(app: AppHandle, id: String) -> Result<(), Problem> {
    let state = app.state::<AppState>();
    let scope = crate::vault::scope(&state.profile)?;
    state.change(|ws| ws.remove(&id))?;
    shell::sync(&app)?;
    tauri::async_runtime::spawn_blocking(move || crate::vault::forget(&scope, &id));
    Ok(())
}

#[tauri::command]
pub async fn show_account(app: AppHandle, id: String) -> Result<(), Problem> {
    shell::show_account(&app, &id)
}

#[tauri::command]
pub async fn set_overlay(app: AppHandle, open: bool) -> Result<(), Problem> {
    shell::cover(&app, shell::Cover::Dialog, open);
    Ok(())
}

/// Opens or closes the panel beside the page (the Unread list and the like).
#[tauri::command]
pub async fn set_panel(app: AppHandle, open: bool) -> Result<(), Problem> {
    shell::set_panel(&app, open);
    Ok(())
}

#[tauri::command]
pub async fn set_mute(app: AppHandle, id: String, mute: Mute) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_mute(&id, mute))
}

/// An account's own style and script on or off: its page is made again with or without them.
#[tauri::command]
pub async fn set_custom_code(app: AppHandle, id: String, on: bool) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_custom_code(&id, on))?;
    shell::remake_page(&app, &id)
}

/// Opens an account's style or script file with the user's own program (made first if new).
#[tauri::command]
pub async fn open_custom_file(app: AppHandle, id: String, kind: crate::custom_code::Kind) -> Result<String, Problem> {
    app.state::<AppState>().workspace().account(&id)?;
    let first_lines = crate::language::t(&app, kind.first_lines_message(), &[]);
    let path = crate::custom_code::ensure(&app.state::<AppState>().profile, &id, kind, &first_lines)?;
    crate::platform::open_outside(path.as_os_str()).map_err(|e| Problem::new("custom.not_opened").with("path", path.display()).with("detail", e))?;
    Ok(path.display().to_string())
}

/// An account's alerts with or without who wrote and what.
#[tauri::command]
pub async fn set_private_alerts(app: AppHandle, id: String, private: bool) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_private_alerts(&id, private))
}

/// Makes a group of accounts (`id` none) or changes one; its id.
#[tauri::command]
pub async fn save_group(app: AppHandle, id: Option<String>, name: String, accounts: Vec<String>, outside: Outside) -> Result<String, Problem> {
    let id = app.state::<AppState>().change(|ws| ws.save_group(id.as_deref(), &name, accounts, outside))?;
    // The group shown again: if the account on screen left it, one of its own is shown.
    let shown = app.state::<AppState>().workspace().group.clone();
    crate::groups::show(&app, shown.as_deref())?;
    Ok(id)
}

#[tauri::command]
pub async fn remove_group(app: AppHandle, id: String) -> Result<(), Problem> {
    change_and_show(&app, |ws| {
        ws.remove_group(&id);
        Ok::<_, Problem>(())
    })
}

/// The sidebar shows this group (none: every account).
#[tauri::command]
pub async fn show_group(app: AppHandle, id: Option<String>) -> Result<(), Problem> {
    crate::groups::show(&app, id.as_deref())
}

/// Spell checking: the dictionaries to pick from and the languages checked now, for every
/// account or for one.
#[tauri::command]
pub async fn spelling(app: AppHandle, account: Option<String>) -> crate::spelling::Spelling {
    crate::spelling::current(&app, account.as_deref())
}

/// The languages the pages check spelling in, for every account or for one (`None`: the
/// default, from the system's languages; for an account, every account's).
#[tauri::command]
pub async fn set_spelling(app: AppHandle, account: Option<String>, languages: Option<Vec<String>>) -> Result<(), Problem> {
    crate::spelling::set(&app, account.as_deref(), languages)
}

/// The account the waiting link opens in (and whether links of its kind always go there).
#[tauri::command]
pub async fn open_link(app: AppHandle, id: u64, account: String, remember: bool) -> Result<(), Problem> {
    crate::links::choose(&app, id, &account, remember)
}

/// The waiting link's question closed without an account.
#[tauri::command]
pub async fn dismiss_link(app: AppHandle, id: u64) {
    crate::links::dismiss(&app, id);
}

/// Do-not-disturb: the toggle, and an optional daily schedule ("22:00" to "08:00").
#[tauri::command]
pub async fn set_dnd(app: AppHandle, on: bool, from: Option<String>, to: Option<String>) -> Result<(), Problem> {
    let schedule = match (from.as_deref(), to.as_deref()) {
        (Some(from), Some(to)) => Some((policy::parse_minute(from)?, policy::parse_minute(to)?)),
        (None, None) => None,
        _ => return Err(Problem::new("dnd.half_schedule")),
    };
    change_and_show(&app, |ws| {
        ws.dnd = Dnd { on, schedule };
        Ok::<(), Problem>(())
    })
}

/// Starting with the system: whether it does (the system's own entry says), and hidden in the tray.
#[derive(serde::Serialize, serde::Deserialize)]
pub struct Autostart {
    on: bool,
    hidden: bool,
}

#[tauri::command]
pub async fn autostart(app: AppHandle) -> Result<Autostart, Problem> {
    let hidden = app.state::<AppState>().workspace().start_hidden;
    Ok(Autostart { on: crate::autostart::enabled(&app)?, hidden })
}

#[tauri::command]
pub async fn set_autostart(app: AppHandle, choice: Autostart) -> Result<(), Problem> {
    if crate::autostart::enabled(&app)? != choice.on {
        crate::autostart::set(&app, choice.on)?;
    }
    change_and_show(&app, |ws| {
        ws.start_hidden = choice.hidden;
        Ok::<(), Problem>(())
    })
}

/// Whether closing the window keeps the app running in the tray.
#[tauri::command]
pub async fn set_close_to_tray(app: AppHandle, on: bool) -> Result<(), Problem> {
    change_and_show(&app, |ws| {
        ws.close_to_tray = on;
        Ok::<(), Problem>(())
    })
}

/// The language of the app's texts by code; none to follow the system's. Shown at once.
#[tauri::command]
pub async fn set_language(app: AppHandle, code: Option<String>) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_language(code.as_deref()))
}

/// The global search shortcut; an empty one turns it off. One the OS refuses is not kept.
#[tauri::command]
pub async fn set_hotkey(app: AppHandle, hotkey: String) -> Result<(), Problem> {
    let hotkey = hotkey.trim().to_string();
    if !hotkey.is_empty() {
        crate::hotkey::parse(&hotkey)?;
    }
    // The OS takes the new shortcut first (outside the workspace lock: it may wait on the main
    // thread), then the choice is saved through `change` like every edit. Either refusing puts
    // the old shortcut back.
    let result = crate::hotkey::apply_to(&app, &hotkey).and_then(|()| {
        change_and_show(&app, |ws| {
            ws.hotkey = hotkey;
            Ok::<(), Problem>(())
        })
    });
    if result.is_err() {
        let _ = crate::hotkey::apply(&app);
    }
    result
}

/// Whether an account may sleep when unused, and after how long.
#[tauri::command]
pub async fn set_sleep(app: AppHandle, id: String, sleep: Sleep) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_sleep(&id, sleep))?;
    app.state::<Sleepers>().settings_changed();
    Ok(())
}

/// How long accounts that may sleep (by the default) stay awake unused.
#[tauri::command]
pub async fn set_sleep_minutes(app: AppHandle, minutes: u32) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_sleep_minutes(minutes))?;
    app.state::<Sleepers>().settings_changed();
    Ok(())
}

/// The user's answer to a page's question (camera, location…), remembered for its site.
#[tauri::command]
pub async fn answer_permission(app: AppHandle, id: u64, allow: bool) -> Result<(), Problem> {
    shell::answer_permission(&app, id, allow)
}

/// Forgets a remembered answer: the page asks again next time.
#[tauri::command]
pub async fn forget_permission(app: AppHandle, id: String, origin: String, kind: crate::settings::Permission) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.forget_permission(&id, &origin, kind))
}

/// Save or not a file a page wanted to save; `always`: this account's files from now on.
#[tauri::command]
pub async fn answer_download(app: AppHandle, id: u64, save: bool, always: bool) -> Result<(), Problem> {
    shell::answer_download(&app, id, save, always)
}

/// Opens a saved file (`folder`: the folder holding it) with the system's own app.
#[tauri::command]
pub async fn open_download(id: u64, folder: bool) -> Result<(), Problem> {
    let item = crate::pages::downloads::get(id).ok_or(Problem::new("download.not_listed"))?;
    let path = item.path.ok_or(Problem::new("download.not_saved"))?;
    let target = if folder { path.parent().map(|p| p.to_path_buf()).unwrap_or(path) } else { path };
    crate::platform::open_outside(target.as_os_str()).map_err(|e| Problem::new("download.cant_open").with("path", target.display()).with("detail", e))
}

/// Takes a download off the list (the file stays where it is).
#[tauri::command]
pub async fn forget_download(app: AppHandle, id: u64) -> Result<(), Problem> {
    crate::pages::downloads::remove(id);
    crate::state::publish(&app);
    Ok(())
}

/// The folder downloads go to; empty for the system's Downloads folder.
#[tauri::command]
pub async fn set_download_dir(app: AppHandle, dir: String) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_download_dir(Some(&dir), std::path::Path::is_dir))
}

/// Whether this account's files are saved without asking.
#[tauri::command]
pub async fn set_download_rule(app: AppHandle, id: String, rule: crate::settings::DownloadRule) -> Result<(), Problem> {
    change_and_show(&app, |ws| ws.set_download_rule(&id, rule))
}

/// Puts an account to sleep now.
#[tauri::command]
pub async fn sleep_account(app: AppHandle, id: String) -> Result<(), Problem> {
    shell::sleep::put_to_sleep(&app, &id)
}

/// What the app and each enabled account cost in memory now.
#[tauri::command]
pub async fn memory_report(app: AppHandle) -> Result<MemoryReport, Problem> {
    let (accounts_dir, ids) = {
        let state = app.state::<AppState>();
        let ids = state.workspace().accounts.iter().filter(|a| a.enabled).map(|a| a.id.clone()).collect::<Vec<_>>();
        (state.profile.accounts_dir(), ids)
    };
    tauri::async_runtime::spawn_blocking(move || crate::platform::memory::report(&app, &accounts_dir, &ids))
        .await
        .map_err(Problem::internal)
}

/// The notification history, newest first, of one service or all.
#[tauri::command]
pub async fn history(inbox: State<'_, Inbox>, service: Option<String>) -> Result<Vec<Entry>, Problem> {
    Ok(inbox.history_list(service.as_deref()))
}

/// The Unread list: every unread chat of every account, newest first.
#[tauri::command]
pub async fn unread_list(app: AppHandle, live: State<'_, crate::contacts::live::LiveIndex>) -> Result<Vec<crate::inbox::chats::UnreadRow>, Problem> {
    let mut rows = crate::unread_list::rows(&app);
    // Each row with its person's tags, and its line translated for a person whose messages are
    // (asked now when it isn't yet); without the index (held elsewhere), rows as they are.
    if let Ok(contacts) = live.get().await {
        let incoming = app.state::<crate::incoming::Incoming>();
        for row in &mut rows {
            let Some(chat) = row.chat.clone() else { continue };
            let Some(person) = contacts.person_of(&crate::contacts::ChatRef { account: row.account.clone(), chat }) else { continue };
            if person.translate_incoming && !row.preview.trim().is_empty() {
                row.translated = incoming.known(&app, &row.preview);
                if row.translated.is_none() {
                    incoming.ask(&app, &row.preview, person.language.as_deref());
                }
            }
            row.tags = person.tags;
        }
    }
    Ok(rows)
}

/// Opens a row of the Unread list: its account, at its chat when it names one.
#[tauri::command]
pub async fn open_unread(app: AppHandle, account: String, chat: Option<String>) -> Result<(), Problem> {
    crate::unread_list::open(&app, account, chat).await
}

#[tauri::command]
pub async fn dismiss_notice(app: AppHandle) -> Result<(), Problem> {
    app.state::<AppState>().dismiss_notice();
    crate::state::publish(&app);
    Ok(())
}

/// What the shell UI may still call while the app is locked: enough to show the lock screen and
/// to unlock. (Service pages keep their one command; what they send is shown without content.)
const WHILE_LOCKED: &[&str] =
    &["workspace", "catalog", "shell_painted", "set_overlay", "set_panel", "dismiss_notice", "unlock", "reset_lost_lock", "page_event"];

/// Why `command` is refused now, if it is.
pub fn refusal(app: &AppHandle, command: &str) -> Option<Problem> {
    (crate::app_lock::is_locked(app) && !WHILE_LOCKED.contains(&command)).then(|| Problem::new("lock.locked"))
}
