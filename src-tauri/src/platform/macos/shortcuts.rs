//! macOS: the menu bar carries the app's shortcuts, so they work with the focus inside a page.

pub use crate::platform::placed::shortcuts::{bind_through_desktop, desktop_binds_shortcuts};
use switchboard_core::keys::Shortcut;
use tauri::AppHandle;

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Cmd";

/// The menu bar: the standard app, Edit and Window menus (Cmd+C, Cmd+V and the rest reach a page
/// through them) and an Accounts menu with Switchboard's shortcuts. Key equivalents of the menu
/// bar work wherever the focus is, inside a page too.
pub(super) fn menu_bar(app: AppHandle) -> tauri::Result<()> {
    use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
    // In the language at start: the menu bar is built once.
    let words = |id: &str| crate::language::t(&app, id, &[]);
    let item = |id: &str, text: &str, keys: &str| MenuItem::with_id(&app, format!("{MENU_PREFIX}{id}"), words(text), true, Some(keys));
    let separator = || PredefinedMenuItem::separator(&app);
    let switchboard = Submenu::with_items(
        &app,
        "Switchboard",
        true,
        &[
            &PredefinedMenuItem::about(&app, None, None)?,
            &separator()?,
            &item("settings", "macmenu.settings", "CmdOrCtrl+Comma")?,
            &item("lock", "tray.lock", "CmdOrCtrl+Shift+L")?,
            &separator()?,
            &PredefinedMenuItem::hide(&app, None)?,
            &PredefinedMenuItem::hide_others(&app, None)?,
            &PredefinedMenuItem::show_all(&app, None)?,
            &separator()?,
            &item("quit", "tray.quit", "CmdOrCtrl+Q")?,
        ],
    )?;
    let edit = Submenu::with_items(
        &app,
        &words("macmenu.edit"),
        true,
        &[
            &PredefinedMenuItem::undo(&app, None)?,
            &PredefinedMenuItem::redo(&app, None)?,
            &separator()?,
            &PredefinedMenuItem::cut(&app, None)?,
            &PredefinedMenuItem::copy(&app, None)?,
            &PredefinedMenuItem::paste(&app, None)?,
            &PredefinedMenuItem::select_all(&app, None)?,
        ],
    )?;
    let accounts = Submenu::with_id(&app, "accounts", words("sidebar.accounts"), true)?;
    accounts.append(&item("palette", "macmenu.find", "CmdOrCtrl+K")?)?;
    accounts.append(&item("unread", "macmenu.unread", "CmdOrCtrl+Shift+U")?)?;
    accounts.append(&item("next-unread", "macmenu.next_unread", "CmdOrCtrl+Shift+J")?)?;
    accounts.append(&item("replies", "macmenu.replies", "CmdOrCtrl+Shift+S")?)?;
    accounts.append(&item("translate", "macmenu.translate", "CmdOrCtrl+Shift+T")?)?;
    accounts.append(&item("next", "macmenu.next", "Ctrl+Tab")?)?;
    accounts.append(&item("previous", "macmenu.previous", "Ctrl+Shift+Tab")?)?;
    accounts.append(&item("reload", "macmenu.reload", "CmdOrCtrl+Shift+R")?)?;
    accounts.append(&separator()?)?;
    for n in 1..=9 {
        let text = crate::language::t(&app, "macmenu.account", &[("number", &n.to_string())]);
        accounts.append(&MenuItem::with_id(&app, format!("{MENU_PREFIX}show-{n}"), text, true, Some(&format!("CmdOrCtrl+{n}")))?)?;
    }
    let window = Submenu::with_items(
        &app,
        &words("macmenu.window"),
        true,
        &[&PredefinedMenuItem::minimize(&app, None)?, &PredefinedMenuItem::maximize(&app, None)?, &PredefinedMenuItem::close_window(&app, None)?],
    )?;
    app.set_menu(Menu::with_items(&app, &[&switchboard, &edit, &accounts, &window])?)?;
    app.on_menu_event(|app, event| {
        if let Some(shortcut) = event.id().as_ref().strip_prefix(MENU_PREFIX).and_then(shortcut_of) {
            crate::platform::hooks::shortcut(app, shortcut);
        }
    });
    Ok(())
}

/// The menu bar's own ids, apart from the tray menu's.
const MENU_PREFIX: &str = "app-";

fn shortcut_of(id: &str) -> Option<Shortcut> {
    Some(match id {
        "settings" => Shortcut::Settings,
        "lock" => Shortcut::Lock,
        "quit" => Shortcut::Quit,
        "palette" => Shortcut::Palette,
        "unread" => Shortcut::Unread,
        "next-unread" => Shortcut::NextUnread,
        "replies" => Shortcut::Replies,
        "translate" => Shortcut::Translate,
        "next" => Shortcut::Next,
        "previous" => Shortcut::Previous,
        "reload" => Shortcut::ReloadActive,
        other => Shortcut::Show(other.strip_prefix("show-")?.parse::<usize>().ok()?.checked_sub(1)?),
    })
}
