//! The tray icon: its picture shows whether anything is unread, the count is beside it (Linux,
//! where tray tooltips and clicks don't exist) or in its tooltip, and its menu is the interface:
//! every account with its count, do not disturb, show/hide, lock, quit.

use switchboard_core::i18n::{t, Lang};
use switchboard_core::view::{TrayMenu, WorkspaceView};
use crate::state::change_and_show;
use tauri::image::Image;
use tauri::menu::{CheckMenuItem, Menu, MenuEvent, MenuItem, PredefinedMenuItem};
use tauri::tray::TrayIconBuilder;
use tauri::AppHandle;

const TRAY: &str = "main";
const ACCOUNT_PREFIX: &str = "account:";

fn icon(unread: bool) -> tauri::Result<Image<'static>> {
    if unread {
        Image::from_bytes(include_bytes!("../../icons/tray-unread.png"))
    } else {
        Image::from_bytes(include_bytes!("../../icons/32x32.png"))
    }
}

/// Menu text shows `&` as a mnemonic marker unless doubled.
fn menu_text(text: &str) -> String {
    text.replace('&', "&&")
}

fn menu(app: &AppHandle, model: &TrayMenu) -> tauri::Result<Menu<tauri::Wry>> {
    let lang = Lang::from_code(model.language).unwrap_or(Lang::En);
    let say = |id: &str| menu_text(&t(lang, id, &[]));
    let menu = Menu::new(app)?;
    for (id, text) in &model.accounts {
        menu.append(&MenuItem::with_id(app, format!("{ACCOUNT_PREFIX}{id}"), menu_text(text), true, None::<&str>)?)?;
    }
    if !model.accounts.is_empty() {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&CheckMenuItem::with_id(app, "dnd", say("tray.dnd"), true, model.dnd, None::<&str>)?)?;
    if model.locked {
        menu.append(&MenuItem::with_id(app, "window", say("tray.unlock"), true, None::<&str>)?)?;
    } else {
        menu.append(&MenuItem::with_id(app, "window", say(if model.window_shown { "tray.hide" } else { "tray.show" }), true, None::<&str>)?)?;
        if model.lock_on {
            menu.append(&MenuItem::with_id(app, "lock", say("tray.lock"), true, None::<&str>)?)?;
        }
    }
    menu.append(&MenuItem::with_id(app, "quit", say("tray.quit"), true, None::<&str>)?)?;
    Ok(menu)
}

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    TrayIconBuilder::with_id(TRAY)
        .icon(icon(false)?)
        .tooltip("Switchboard")
        .show_menu_on_left_click(true)
        .on_menu_event(on_menu)
        .build(app)?;
    Ok(())
}

/// What the tray shows now: the unread total and the menu (main thread only).
static SHOWN: std::sync::Mutex<Option<(u32, TrayMenu)>> = std::sync::Mutex::new(None);

/// Brings the tray up to date with what the sidebar shows, touching only what changed.
pub fn update(app: &AppHandle, view: &WorkspaceView) {
    let Some(tray) = app.tray_by_id(TRAY) else { return };
    let total = view.total_unread;
    let model = TrayMenu::of(view, crate::screen::window_shown());
    let mut shown = SHOWN.lock().unwrap_or_else(|e| e.into_inner());
    let (total_changed, menu_changed) = match shown.as_ref() {
        Some((was, menu)) => (*was != total || menu.language != model.language, *menu != model),
        None => (true, true),
    };
    if total_changed {
        let _ = tray.set_icon(icon(total > 0).ok());
        let _ = tray.set_title((total > 0).then(|| total.to_string()));
        let lang = Lang::from_code(view.language).unwrap_or(Lang::En);
        let _ = tray.set_tooltip(Some(t(lang, "tray.tooltip", &[("count", &total.to_string())])));
    }
    let mut menu_shown = model.clone();
    if menu_changed {
        match menu(app, &model) {
            Ok(menu) => {
                let _ = tray.set_menu(Some(menu));
            }
            Err(e) => {
                eprintln!("switchboard: could not update the tray menu: {e}");
                menu_shown = shown.take().map(|(_, old)| old).unwrap_or_default();
            }
        }
    }
    *shown = Some((total, menu_shown));
}

fn toggle_dnd(app: &AppHandle) {
    let result = change_and_show(app, |ws| {
        ws.dnd.on = !ws.dnd.on;
        Ok::<(), crate::problem::Problem>(())
    });
    if let Err(e) = result {
        eprintln!("switchboard: {e}");
    }
}

fn on_menu(app: &AppHandle, event: MenuEvent) {
    let id = event.id().as_ref();
    if let Some(account) = id.strip_prefix(ACCOUNT_PREFIX) {
        crate::shell::present(app);
        if let Err(e) = crate::shell::show_account(app, account) {
            eprintln!("switchboard: {e}");
        }
        return;
    }
    match id {
        "dnd" => toggle_dnd(app),
        "window" if crate::app_lock::is_locked(app) => crate::shell::present(app),
        "window" => crate::shell::toggle_window(app),
        "lock" => {
            if let Err(e) = crate::app_lock::lock(app) {
                eprintln!("switchboard: {e}");
            }
        }
        "quit" => crate::shell::quit::quit(app),
        _ => {}
    }
}
