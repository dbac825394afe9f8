//! macOS: the menu bar carries the app's shortcuts, so they work with the focus inside a page.

pub use crate::platform::placed::shortcuts::{bind_through_desktop, desktop_binds_shortcuts};
use switchboard_core::keys::{Shortcut, BINDINGS};
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
    // A binding's item, by its place in `BINDINGS` (the item's id).
    let entry = |at: usize| MenuItem::with_id(&app, format!("{MENU_PREFIX}{at}"), words(BINDINGS[at].menu), true, Some(&BINDINGS[at].accelerator()));
    let item = |shortcut: Shortcut| entry(BINDINGS.iter().position(|b| b.shortcut == shortcut).expect("every menu shortcut is bound"));
    let separator = || PredefinedMenuItem::separator(&app);
    let switchboard = Submenu::with_items(
        &app,
        "Switchboard",
        true,
        &[
            &PredefinedMenuItem::about(&app, None, None)?,
            &separator()?,
            &item(Shortcut::Settings)?,
            &item(Shortcut::Lock)?,
            &separator()?,
            &PredefinedMenuItem::hide(&app, None)?,
            &PredefinedMenuItem::hide_others(&app, None)?,
            &PredefinedMenuItem::show_all(&app, None)?,
            &separator()?,
            &item(Shortcut::Quit)?,
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
    for (at, _) in BINDINGS.iter().enumerate().filter(|(_, b)| !IN_APP_MENU.contains(&b.shortcut)) {
        accounts.append(&entry(at)?)?;
    }
    accounts.append(&separator()?)?;
    for n in 1..=9 {
        let text = crate::language::t(&app, "macmenu.account", &[("number", &n.to_string())]);
        accounts.append(&MenuItem::with_id(&app, format!("{MENU_PREFIX}show-{n}"), text, true, Some(&format!("CmdOrCtrl+{n}")))?)?;
    }
    accounts.append(&separator()?)?;
    for n in 0..=9 {
        let text = match n {
            0 => words("groups.all"),
            n => crate::language::t(&app, "macmenu.group", &[("number", &n.to_string())]),
        };
        accounts.append(&MenuItem::with_id(&app, format!("{MENU_PREFIX}group-{n}"), text, true, Some(&format!("CmdOrCtrl+Alt+{n}")))?)?;
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

/// In the app's own menu (Switchboard); the rest go under Accounts.
const IN_APP_MENU: [Shortcut; 3] = [Shortcut::Settings, Shortcut::Lock, Shortcut::Quit];

/// A menu item's shortcut: its place in `BINDINGS`, or `show-N` for Cmd+N.
fn shortcut_of(id: &str) -> Option<Shortcut> {
    if let Some(n) = id.strip_prefix("group-") {
        return Some(Shortcut::Group(n.parse::<usize>().ok()?));
    }
    match id.strip_prefix("show-") {
        Some(n) => Some(Shortcut::Show(n.parse::<usize>().ok()?.checked_sub(1)?)),
        None => Some(BINDINGS.get(id.parse::<usize>().ok()?)?.shortcut),
    }
}
