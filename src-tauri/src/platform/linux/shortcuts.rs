//! Linux: the app's shortcuts with the focus anywhere in the window (the toplevel sees each key
//! first), and the global one through the desktop's portal on Wayland.

use crate::problem::Problem;
use gtk::glib;
use gtk::prelude::*;
use switchboard_core::keys;
use tauri::{AppHandle, Window};

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Ctrl";

/// A Wayland session gives no program a key for the whole desktop: an X grab through XWayland
/// would see the keys only while one of its own windows has the focus. There the desktop binds
/// it, through its GlobalShortcuts portal (`bind_through_desktop`).
pub fn desktop_binds_shortcuts() -> bool {
    std::env::var_os("WAYLAND_DISPLAY").is_some_and(|v| !v.is_empty()) || std::env::var("XDG_SESSION_TYPE").is_ok_and(|v| v == "wayland")
}

/// Asks the desktop's GlobalShortcuts portal for `shortcut` (GNOME 48+, KDE Plasma 6,
/// Hyprland): the desktop confirms the keys with the user once and tells us each press, which
/// opens the palette. Where there is no portal, or it refuses, the user is told what to do
/// instead; `shown` is the shortcut in the user's words.
pub fn bind_through_desktop(app: &AppHandle, shortcut: &str, shown: String) {
    let (app, shortcut) = (app.clone(), shortcut.to_string());
    tauri::async_runtime::spawn(async move {
        let Some(trigger) = switchboard_core::keys::as_xdg_trigger(&shortcut) else {
            crate::state::tell(&app, Problem::new("hotkey.unreadable_by_desktop").with("keys", shown));
            return;
        };
        let pressed = {
            let app = app.clone();
            move || crate::platform::hooks::shortcut(&app, keys::Shortcut::Palette)
        };
        let description = crate::language::t(&app, "hotkey.portal_description", &[]);
        if let Err(why) = portal::listen(&trigger, &description, pressed).await {
            let refused = Problem::new("hotkey.no_portal").with("keys", shown).with("detail", why);
            crate::state::tell(&app, refused);
        }
    });
}

/// The XDG desktop portal's GlobalShortcuts interface, over the session bus.
mod portal {
    use futures_util::StreamExt;
    use std::collections::HashMap;
    use zbus::{ObjectPath, OwnedObjectPath, OwnedVariant, Variant};

    #[zbus::proxy(
        interface = "org.freedesktop.portal.GlobalShortcuts",
        default_service = "org.freedesktop.portal.Desktop",
        default_path = "/org/freedesktop/portal/desktop"
    )]
    trait GlobalShortcuts {
        fn create_session(&self, options: HashMap<&str, Variant<'_>>) -> zbus::Result<OwnedObjectPath>;
        fn bind_shortcuts(
            &self,
            session_handle: &ObjectPath<'_>,
            shortcuts: &[(&str, HashMap<&str, Variant<'_>>)],
            parent_window: &str,
            options: HashMap<&str, Variant<'_>>,
        ) -> zbus::Result<OwnedObjectPath>;
        #[zbus(signal)]
        fn activated(&self, session_handle: ObjectPath<'_>, shortcut_id: &str, timestamp: u64, options: HashMap<String, OwnedVariant>) -> zbus::Result<()>;
    }

    #[zbus::proxy(interface = "org.freedesktop.portal.Request", default_service = "org.freedesktop.portal.Desktop")]
    trait Request {
        #[zbus(signal)]
        fn response(&self, response: u32, results: HashMap<String, OwnedVariant>) -> zbus::Result<()>;
    }

    const ID: &str = "palette";

    /// The bus's error in the user's words where it means the desktop has no such portal.
    fn said(e: zbus::Error) -> String {
        use zbus::fdo::Error::{ServiceUnknown, UnknownInterface, UnknownMethod, UnknownObject};
        match &e {
            zbus::Error::FDO(fdo) if matches!(**fdo, ServiceUnknown(_) | UnknownInterface(_) | UnknownMethod(_) | UnknownObject(_)) => {
                "it has no shortcut portal".into()
            }
            _ => e.to_string(),
        }
    }

    /// Binds `trigger` and runs `pressed` on each press, for as long as the app runs; an error
    /// says why it could not be bound.
    pub async fn listen(trigger: &str, description: &str, pressed: impl Fn()) -> Result<(), String> {
        let conn = zbus::Connection::session().await.map_err(said)?;
        let portal = GlobalShortcutsProxy::new(&conn).await.map_err(said)?;
        let (create, session_token) = (token("create"), token("session"));
        let mut answer = response_to(&conn, &create).await?;
        portal
            .create_session(HashMap::from([("handle_token", Variant::from(create.as_str())), ("session_handle_token", Variant::from(session_token.as_str()))]))
            .await
            .map_err(said)?;
        let created = answered(&mut answer).await?;
        let session = created
            .get("session_handle")
            // A string by the specification; some portals send an object path.
            .and_then(|v| String::try_from(v.clone()).ok().or_else(|| OwnedObjectPath::try_from(v.clone()).ok().map(|p| p.to_string())))
            .and_then(|path| OwnedObjectPath::try_from(path).ok())
            .ok_or("the portal made no session")?;
        let mut presses = portal.receive_activated().await.map_err(said)?;
        let bind = token("bind");
        let mut answer = response_to(&conn, &bind).await?;
        let wanted = HashMap::from([("description", Variant::from(description)), ("preferred_trigger", Variant::from(trigger))]);
        portal
            .bind_shortcuts(&session, &[(ID, wanted)], "", HashMap::from([("handle_token", Variant::from(bind.as_str()))]))
            .await
            .map_err(said)?;
        answered(&mut answer).await?;
        while let Some(press) = presses.next().await {
            if press.args().is_ok_and(|a| a.shortcut_id == ID && a.session_handle == *session) {
                pressed();
            }
        }
        Ok(())
    }

    fn token(what: &str) -> String {
        format!("switchboard_{what}_{}", rand::random::<u32>())
    }

    /// The portal answers a call on a Request object named from our token: listen there before
    /// calling, so the answer can't come first.
    async fn response_to(conn: &zbus::Connection, token: &str) -> Result<ResponseStream, String> {
        let sender = conn.unique_name().ok_or("no name on the session bus")?.trim_start_matches(':').replace('.', "_");
        let path = format!("/org/freedesktop/portal/desktop/request/{sender}/{token}");
        let request = RequestProxy::builder(conn).path(path).build().await.map_err(|e| e.to_string())?;
        request.receive_response().await.map_err(|e| e.to_string())
    }

    async fn answered(answer: &mut ResponseStream) -> Result<HashMap<String, OwnedVariant>, String> {
        let response = answer.next().await.ok_or("the portal did not answer")?;
        let args = response.args().map_err(|e| e.to_string())?;
        match args.response {
            0 => Ok(args.results),
            1 => Err("the user did not confirm the shortcut".into()),
            _ => Err("the portal refused the shortcut".into()),
        }
    }
}

/// The toplevel sees a key before the focused page does, so shortcuts work whatever has focus.
pub(super) fn watch_keys(window: &Window, app: AppHandle) -> tauri::Result<()> {
    window.gtk_window()?.connect_key_press_event(move |_, event| {
        let state = event.state();
        let ctrl = state.contains(gtk::gdk::ModifierType::CONTROL_MASK);
        let shift = state.contains(gtk::gdk::ModifierType::SHIFT_MASK);
        let alt = state.contains(gtk::gdk::ModifierType::MOD1_MASK);
        match keys::shortcut(&latin_key_name(event), ctrl, shift, alt) {
            Some(shortcut) => {
                crate::platform::hooks::shortcut(&app, shortcut);
                glib::Propagation::Stop
            }
            None => glib::Propagation::Proceed,
        }
    });
    Ok(())
}

/// The key's name on the first (Latin) layout, so Ctrl+Shift+R works with a Russian layout too.
fn latin_key_name(event: &gtk::gdk::EventKey) -> String {
    let keymap = gtk::gdk::Display::default().and_then(|d| gtk::gdk::Keymap::for_display(&d));
    let keyval = keymap
        .and_then(|k| k.translate_keyboard_state(event.hardware_keycode().into(), event.state(), 0))
        .map(|(keyval, ..)| keyval)
        .unwrap_or_else(|| *event.keyval());
    gtk::gdk::keys::Key::from(keyval).name().map(|n| n.to_string()).unwrap_or_default()
}

