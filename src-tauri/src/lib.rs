//! Switchboard: every messenger's web client in one window, each account isolated.
//! This file wires the parts together; the logic lives in the modules.

mod app_lock;
mod autostart;
mod atomic_file;
mod bridge;
pub mod cli;
mod commands;
mod custom_code;
#[cfg(test)]
mod commands_list; // read by build.rs; here only for its test
pub mod contacts;
mod display;
mod dnd_clock;
mod groups;
mod hotkey;
mod inbox;
mod incoming;
mod pages;
mod platform;
pub mod instance;
pub mod profile;
pub mod settings;
mod shell;
mod shortcuts;
mod spelling;
mod sites;
pub mod stats;
mod language;
mod links;
mod presenter;
mod proxy_check;
mod screen;
mod state;
mod translate;
mod tray;
mod unread_list;
pub mod vault;

// The core's modules under the names the app has always used for them.
pub use switchboard_core::{catalog, navigation, problem, rate, text};

use instance::Request;
use profile::Profile;
use state::AppState;
use tauri::Manager;

/// Entry point of the binary: a command-line action, or the window.
pub fn run() {
    platform::prepare_process();
    let args: Result<Vec<String>, String> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string().map_err(|a| format!("the argument {:?} is not valid text (UTF-8)", a.to_string_lossy())))
        .collect();
    let invocation = match args.and_then(cli::parse) {
        Ok(inv) => inv,
        Err(e) => {
            eprintln!("switchboard: {e}\n\n{}", cli::USAGE);
            std::process::exit(2);
        }
    };
    let profile = match Profile::resolve(invocation.profile) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("switchboard: {e}; give a folder with --profile DIR");
            std::process::exit(2);
        }
    };
    // Message previews, cookies and tokens are never kept where other users could read them.
    if let Err(e) = profile.make_private() {
        eprintln!("switchboard: the profile's folders ({} and {}) could not be made private: {e}. Nothing was started; check who owns them.", profile.config_dir.display(), profile.data_dir.display());
        std::process::exit(1);
    }
    match invocation.command {
        cli::Command::Window { palette, at_login, link } => open_window(profile, palette, at_login, link),
        command => std::process::exit(cli::execute(&profile, command)),
    }
}


fn open_window(profile: Profile, palette: bool, at_login: bool, link: Option<String>) {
    let instance = match instance::claim(&profile) {
        Ok(Some(instance)) => instance,
        // Started at sign-in while already running (by hand, quicker): nothing to do.
        Ok(None) if at_login => return,
        Ok(None) => match instance::ask_running(&profile, link.clone().map_or(if palette { Request::Palette } else { Request::Show }, Request::Open)) {
            Ok(instance::Reply::Done) => {
                println!("Switchboard is already running on this profile; its window was brought forward.");
                return;
            }
            // It let go of the profile meanwhile: start over once.
            Ok(instance::Reply::NotRunning) => match instance::claim(&profile) {
                Ok(Some(instance)) => instance,
                _ => fail("Switchboard is starting or stopping on this profile: try again in a moment"),
            },
            Ok(instance::Reply::Refused(why)) => fail(&why),
            Err(e) => fail(&format!("{e}. It was not started twice on the same profile.")),
        },
        Err(e) => fail(&format!("the profile {} can't be used: {e}", profile.config_dir.display())),
    };
    if let Err(e) = platform::display_ready() {
        fail(&e);
    }
    let loaded = settings::load(&profile.settings_file());
    if let Some(notice) = &loaded.notice {
        eprintln!("switchboard: {notice}");
    }
    let autostart = autostart::plugin(&profile);
    let inbox = inbox::Inbox::new(profile.history_file(), profile.icons_dir());
    let state = AppState::new(profile, loaded.workspace, loaded.notice);
    // Chosen in memory only: what is on disk stays the base the next save merges against.
    state.workspace().settle_active();
    let app = tauri::Builder::default()
        .manage(state)
        .manage(inbox)
        .manage(incoming::Incoming::default())
        .plugin(hotkey::plugin())
        .plugin(autostart)
        .invoke_handler(on_invoke)
        .setup(move |app| {
            let handle = app.handle().clone();
            // What the lower layers tell the upper ones, wired before anything can happen.
            platform::hooks::set(platform::hooks::Hooks { shortcut: shortcuts::run, remake_pages: shell::remake_pages });
            shell::set_page_hooks(bridge::page_hooks());
            presenter::start(&handle, display::wiring());
            // The window first: its sidebar's web process starts while the rest is set up.
            // Started at sign-in with "start hidden", it stays in the tray (if there is one).
            let hidden = at_login && handle.state::<AppState>().workspace().start_hidden;
            shell::create_window(&handle, !hidden)?;
            app.manage(sites::Sites::new(&handle.state::<AppState>().profile));
            // Without its statistics (another process holds them, the disk failed) the app runs
            // all the same; the Statistics view says so. Read beside the start (a year's days
            // take tens of milliseconds): until then, nothing is counted.
            let (opening, dir) = (handle.clone(), handle.state::<AppState>().profile.stats_dir());
            let (opened, waits) = tokio::sync::watch::channel(false);
            app.manage(stats::Opened(waits));
            std::thread::spawn(move || {
                match stats::Stats::open(&dir) {
                    Ok(kept) => {
                        opening.manage(kept);
                    }
                    Err(e) => eprintln!("switchboard: {e}"),
                }
                let _ = opened.send(true);
            });
            app.manage(bridge::Outbox(bridge::deliver::start(handle.clone(), bridge::notification_answered)));
            let schedule = handle.state::<AppState>().workspace().dnd.schedule;
            app.manage(dnd_clock::DndClock::start(&handle, schedule));
            app_lock::start(&handle);
            bridge::chats::start(&handle);
            hotkey::start(&handle);
            shell::sleep::start(&handle);
            platform::find_tray_host();
            if hidden {
                autostart::show_without_tray(&handle);
            }
            let told = handle.clone();
            tauri::async_runtime::spawn_blocking(move || {
                if let Some(warning) = platform::isolation_warning() {
                    state::tell(&told, warning);
                }
            });
            if let Err(e) = tray::create(&handle) {
                eprintln!("switchboard: no tray icon ({e}); the window works as usual");
            }
            shell::open_pages_soon(&handle);
            if let Some(link) = &link {
                links::open(&handle, link);
            }
            if let Err(e) = instance.listen(move |request| on_request(&handle, request)) {
                eprintln!("switchboard: a second launch won't find this window: {e}");
            }
            Ok(())
        })
        .build(tauri::generate_context!());
    match app {
        Ok(app) => app.run(|app, event| {
            for link in platform::opened_links(&event) {
                links::open(app, &link);
            }
        }),
        Err(e) => fail(&format!("the window could not be opened: {e}")),
    }
}

fn fail(why: &str) -> ! {
    eprintln!("switchboard: {why}");
    std::process::exit(1);
}

/// Every IPC call: while locked only what the lock screen needs gets through. No call counts as
/// the user's activity for the idle lock (an open panel's refreshes would keep it open forever):
/// only real input in the window does.
fn on_invoke(invoke: tauri::ipc::Invoke) -> bool {
    let command = invoke.message.command();
    let app = invoke.message.webview().app_handle().clone();
    if let Some(refusal) = commands::refusal(&app, command) {
        invoke.resolver.reject(refusal);
        return true;
    }
    let commands: fn(tauri::ipc::Invoke) -> bool = tauri::generate_handler![
        commands::workspace,
        commands::catalog,
        commands::shell_painted,
        commands::add_account,
        commands::rename_account,
        commands::move_account,
        commands::set_account_enabled,
        commands::reload_account,
        commands::remove_account,
        commands::show_account,
        commands::set_overlay,
        commands::set_panel,
        commands::dismiss_notice,
        commands::set_mute,
        commands::set_private_alerts,
        commands::spelling,
        commands::save_group,
        commands::remove_group,
        commands::show_group,
        commands::set_spelling,
        commands::open_link,
        commands::dismiss_link,
        commands::set_custom_code,
        commands::open_custom_file,
        commands::set_dnd,
        commands::set_close_to_tray,
        commands::autostart,
        commands::set_autostart,
        commands::set_language,
        commands::set_hotkey,
        commands::set_sleep,
        commands::set_sleep_minutes,
        commands::sleep_account,
        commands::answer_permission,
        commands::forget_permission,
        commands::answer_download,
        commands::open_download,
        commands::forget_download,
        commands::set_download_dir,
        commands::set_download_rule,
        commands::memory_report,
        commands::history,
        commands::unread_list,
        commands::open_unread,
        commands::replies::replies,
        commands::replies::set_replies,
        commands::replies::insert_reply,
        commands::replies::export_replies,
        commands::replies::import_replies,
        commands::transfer::export_settings,
        commands::transfer::import_plan,
        commands::transfer::import_settings,
        commands::network::account_network,
        commands::network::set_account_network,
        commands::network::test_proxy,
        commands::translation::translation,
        commands::translation::set_translation,
        commands::translation::translate_text,
        commands::translation::insert_text,
        commands::translation::page_selection,
        commands::vault::saved_login,
        commands::vault::reveal_login,
        commands::vault::save_login,
        commands::vault::remove_login,
        commands::vault::fill_login,
        commands::vault::set_lock,
        commands::vault::remove_lock,
        commands::vault::unlock,
        commands::vault::reset_lost_lock,
        commands::contacts::contacts_search,
        commands::contacts::open_chat,
        commands::contacts::save_person,
        commands::contacts::person_card,
        commands::contacts::card_on_screen,
        commands::stats::stats_report,
        commands::stats::export_stats,
        commands::contacts::remove_person,
        commands::contacts::contact_suggestions,
        commands::contacts::link_chats,
        commands::contacts::unlink_chat,
        commands::contacts::export_contacts,
        commands::contacts::import_contacts,
        bridge::page_event,
    ];
    commands(invoke)
}

/// A second launch or the command line asked something of this running instance.
fn on_request(app: &tauri::AppHandle, request: Request) -> Result<(), String> {
    match request {
        Request::Show => shell::present(app),
        Request::Palette => shortcuts::run(app, switchboard_core::keys::Shortcut::Palette),
        Request::Sleep(id) => return Ok(shell::sleep::put_to_sleep(app, &id)?),
        Request::Open(link) => links::open(app, &link),
        Request::Reload => {
            // The file changed under us: merged in (and written back) with what we hold.
            if let Err(e) = app.state::<AppState>().persist() {
                eprintln!("switchboard: {e}");
            }
            hotkey::start(app);
            if let Err(e) = shell::sync(app) {
                eprintln!("switchboard: {e}");
            }
        }
    }
    Ok(())
}
