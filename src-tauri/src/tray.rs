//! The tray icon: its picture shows whether anything is unread, the count is beside it (Linux,
//! where tray tooltips and clicks don't exist) or in its tooltip, and its menu is the interface:
//! every account with its count, do not disturb, show/hide, lock, quit.

use crate::state::{change_and_show, WorkspaceView};
use std::sync::atomic::{AtomicBool, Ordering};
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

fn menu(app: &AppHandle, view: &WorkspaceView) -> tauri::Result<Menu<tauri::Wry>> {
    let menu = Menu::new(app)?;
    // Locked: nothing that names an account, and no way around the lock screen.
    let accounts = view.accounts.iter().filter(|a| a.enabled && !view.locked);
    for a in accounts.clone() {
        let text = if a.unread > 0 { format!("{} ({})", a.label, a.unread) } else { a.label.clone() };
        menu.append(&MenuItem::with_id(app, format!("{ACCOUNT_PREFIX}{}", a.id), menu_text(&text), true, None::<&str>)?)?;
    }
    if accounts.count() > 0 {
        menu.append(&PredefinedMenuItem::separator(app)?)?;
    }
    menu.append(&CheckMenuItem::with_id(app, "dnd", "Do not disturb", true, view.dnd.on, None::<&str>)?)?;
    if view.locked {
        menu.append(&MenuItem::with_id(app, "window", "Unlock…", true, None::<&str>)?)?;
    } else {
        menu.append(&MenuItem::with_id(app, "window", if crate::shell::window_shown() { "Hide window" } else { "Show window" }, true, None::<&str>)?)?;
        if view.lock.on {
            menu.append(&MenuItem::with_id(app, "lock", "Lock Switchboard", true, None::<&str>)?)?;
        }
    }
    menu.append(&MenuItem::with_id(app, "quit", "Quit Switchboard", true, None::<&str>)?)?;
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

/// Brings the tray up to date with what the sidebar shows.
pub fn update(app: &AppHandle, view: &WorkspaceView) {
    let Some(tray) = app.tray_by_id(TRAY) else { return };
    let total = view.total_unread;
    let _ = tray.set_icon(icon(total > 0).ok());
    let _ = tray.set_title((total > 0).then(|| total.to_string()));
    let _ = tray.set_tooltip(Some(format!("Switchboard — {total} unread")));
    match menu(app, view) {
        Ok(menu) => {
            let _ = tray.set_menu(Some(menu));
        }
        Err(e) => eprintln!("switchboard: could not update the tray menu: {e}"),
    }
}

/// Whether a tray host shows our icon. Closing the window hides it to the tray only then;
/// without a host the window would be lost. Windows and macOS always have one.
static HOST: AtomicBool = AtomicBool::new(!cfg!(target_os = "linux"));

pub fn has_host() -> bool {
    HOST.load(Ordering::Relaxed)
}

/// Looks (once, at start) for a StatusNotifier host on the session bus.
#[cfg(target_os = "linux")]
pub fn find_host() {
    tauri::async_runtime::spawn(async {
        let found = async {
            let conn = zbus::Connection::session().await.ok()?;
            let dbus = zbus::fdo::DBusProxy::new(&conn).await.ok()?;
            let name = zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher").ok()?;
            dbus.name_has_owner(name).await.ok()
        };
        HOST.store(found.await.unwrap_or(false), Ordering::Relaxed);
    });
}

fn toggle_dnd(app: &AppHandle) {
    let result = change_and_show(app, |ws| {
        ws.dnd.on = !ws.dnd.on;
        Ok::<(), String>(())
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
        "quit" => app.exit(0),
        _ => {}
    }
}
