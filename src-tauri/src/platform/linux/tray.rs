//! Linux: whether the desktop shows tray icons at all.

/// Looks (once, at start) for a StatusNotifier host on the session bus: many Linux desktops
/// have none, and then closing the window must not hide it.
pub fn find_tray_host() {
    tauri::async_runtime::spawn(async {
        let found = async {
            let conn = zbus::Connection::session().await.ok()?;
            let dbus = zbus::fdo::DBusProxy::new(&conn).await.ok()?;
            let name = zbus::names::BusName::try_from("org.kde.StatusNotifierWatcher").ok()?;
            dbus.name_has_owner(name).await.ok()
        };
        crate::screen::set_tray_host(found.await.unwrap_or(false));
    });
}

