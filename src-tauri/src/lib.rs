//! Switchboard: every messenger's web client in one window, each account isolated.
//! This file wires the parts together; the logic lives in the modules.

mod app_lock;
mod atomic_file;
mod bridge;
pub mod catalog;
pub mod cli;
mod commands;
#[cfg(test)]
mod commands_list; // read by build.rs; here only for its test
pub mod contacts;
mod dnd_clock;
mod hotkey;
mod inbox;
pub mod instance;
pub mod profile;
mod rate;
pub mod settings;
mod shell;
mod state;
mod tray;
pub mod vault;

use instance::Request;
use profile::Profile;
use state::AppState;
use tauri::Manager;

/// Entry point of the binary: a command-line action, or the window.
pub fn run() {
    lighter_web_processes();
    let invocation = match cli::parse(std::env::args().skip(1)) {
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
    match invocation.command {
        cli::Command::Window => open_window(profile),
        command => std::process::exit(cli::execute(&profile, command)),
    }
}

/// WebKitGTK's GPU compositing costs each web process tens of MB and keeps hidden pages
/// repainting: off, ten accounts measured 18 % less memory and half the idle CPU (DESIGN.md,
/// `make bench`). Set before any thread starts; `WEBKIT_DISABLE_COMPOSITING_MODE=0` in the
/// environment turns it back on.
fn lighter_web_processes() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

fn open_window(profile: Profile) {
    if let Ok(instance::Reply::Done) = instance::ask_running(&profile, Request::Show) {
        println!("Switchboard is already running on this profile; its window was brought forward.");
        return;
    }
    let loaded = settings::load(&profile.settings_file());
    if let Some(notice) = &loaded.notice {
        eprintln!("switchboard: {notice}");
    }
    let inbox = inbox::Inbox::new(profile.history_file(), profile.icons_dir());
    let state = AppState::new(profile, loaded.workspace, loaded.notice);
    tauri::Builder::default()
        .manage(state)
        .manage(inbox)
        .plugin(hotkey::plugin())
        .invoke_handler(on_invoke)
        .setup(|app| {
            let handle = app.handle().clone();
            // The window first: its sidebar's web process starts while the rest is set up.
            shell::create_window(&handle)?;
            app.manage(bridge::Outbox(inbox::start_delivery(handle.clone(), bridge::notification_clicked)));
            let schedule = handle.state::<AppState>().workspace().dnd.schedule;
            app.manage(dnd_clock::DndClock::start(&handle, schedule));
            app_lock::start(&handle);
            bridge::chats::start(&handle);
            hotkey::start(&handle);
            shell::sleep::start(&handle);
            #[cfg(target_os = "linux")]
            tray::find_host();
            if let Err(e) = tray::create(&handle) {
                eprintln!("switchboard: no tray icon ({e}); the window works as usual");
            }
            shell::open_pages_soon(&handle);
            let profile = handle.state::<AppState>().profile.clone();
            if let Err(e) = instance::listen(&profile, move |request| on_request(&handle, request)) {
                eprintln!("switchboard: a second launch won't find this window: {e}");
            }
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("the window system could not be started")
        .run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                let _ = std::fs::remove_file(app.state::<AppState>().profile.instance_file());
            }
        });
}

/// Every IPC call: the shell's use of it counts as activity (pages' events don't), and while
/// locked only what the lock screen needs gets through.
fn on_invoke(invoke: tauri::ipc::Invoke) -> bool {
    let command = invoke.message.command();
    let app = invoke.message.webview().app_handle().clone();
    if command != "page_event" {
        app_lock::note_activity();
    }
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
        commands::dismiss_notice,
        commands::set_mute,
        commands::set_dnd,
        commands::set_close_to_tray,
        commands::set_hotkey,
        commands::set_sleep,
        commands::set_sleep_minutes,
        commands::sleep_account,
        commands::memory_report,
        commands::history,
        commands::vault::saved_login,
        commands::vault::reveal_login,
        commands::vault::save_login,
        commands::vault::remove_login,
        commands::vault::fill_login,
        commands::vault::set_lock,
        commands::vault::remove_lock,
        commands::vault::unlock,
        commands::contacts::contacts_search,
        commands::contacts::open_chat,
        commands::contacts::save_person,
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
        Request::Sleep(id) => return shell::sleep::put_to_sleep(app, &id),
        Request::Reload => {
            let state = app.state::<AppState>();
            let loaded = settings::load(&state.profile.settings_file());
            state.replace_workspace(loaded.workspace);
            hotkey::start(app);
            if let Err(e) = shell::sync(app) {
                eprintln!("switchboard: {e}");
            }
        }
    }
    Ok(())
}
