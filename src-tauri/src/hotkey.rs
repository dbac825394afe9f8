//! The global shortcut: from any program, bring the window forward with the search palette open.
//! On X11, Windows and macOS the app takes the keys itself; on Wayland the desktop binds them
//! through its shortcuts portal (`platform`). Either may refuse (another program holds the keys,
//! no portal), and the user is told so and can pick another in Settings.

use crate::problem::Problem;
use crate::state::AppState;
use tauri::{AppHandle, Manager};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutState};

/// The plugin, opening the palette when the shortcut is pressed (not again on release).
pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_global_shortcut::Builder::new()
        .with_handler(|app, _shortcut, event| {
            if event.state() == ShortcutState::Pressed {
                crate::shortcuts::run(app, switchboard_core::keys::Shortcut::Palette);
            }
        })
        .build()
}

/// "CommandOrControl+Shift+Space" as this platform's keys, or why it is no shortcut.
pub fn parse(text: &str) -> Result<Shortcut, Problem> {
    // The parser's own words point at its bug tracker; the user needs the form instead.
    text.trim().parse::<Shortcut>().map_err(|_| Problem::new("hotkey.not_a_shortcut").with("keys", text.trim()))
}

/// Takes the saved shortcut (dropping the one held before); an empty one means none.
pub fn apply(app: &AppHandle) -> Result<(), Problem> {
    let text = app.state::<AppState>().workspace().hotkey.clone();
    apply_to(app, &text)
}

/// Takes this shortcut in place of the one held before; an empty one means none.
pub fn apply_to(app: &AppHandle, text: &str) -> Result<(), Problem> {
    let shortcuts = app.global_shortcut();
    shortcuts.unregister_all().map_err(Problem::internal)?;
    if text.trim().is_empty() {
        return Ok(());
    }
    let shortcut = parse(text)?;
    if crate::platform::desktop_binds_shortcuts() {
        crate::platform::bind_through_desktop(app, text, as_shown(text));
        return Ok(());
    }
    shortcuts.register(shortcut).map_err(|e| Problem::new("hotkey.taken").with("keys", as_shown(text)).with("detail", e))
}

/// A shortcut as the user's keyboard names it: "CommandOrControl+Shift+Space" is Ctrl+Shift+Space
/// (Cmd on a Mac).
pub fn as_shown(text: &str) -> String {
    text.trim().split('+').map(|key| match key.trim() {
        k if ["commandorcontrol", "cmdorctrl", "commandorctrl", "cmdorcontrol"].contains(&k.to_ascii_lowercase().as_str()) => crate::platform::COMMAND_KEY,
        k => k,
    }).collect::<Vec<_>>().join("+")
}

/// At start: a refused shortcut is a notice, not a failure.
pub fn start(app: &AppHandle) {
    if let Err(e) = apply(app) {
        crate::state::tell(app, e);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn shortcuts_are_read_as_written_and_nonsense_is_named() {
        assert!(super::parse("CommandOrControl+Shift+Space").is_ok());
        assert!(super::parse(" ctrl+alt+j ").is_ok());
        let why = super::parse("Ctrl+Shift+NoSuchKey").unwrap_err();
        let why = why.to_string();
        assert!(why.starts_with("“Ctrl+Shift+NoSuchKey” is not a shortcut") && !why.contains("github"), "{why}");
        let command = crate::platform::COMMAND_KEY;
        assert_eq!(super::as_shown(" CommandOrControl+Shift+Space"), format!("{command}+Shift+Space"));
        assert_eq!(super::as_shown("cmdorctrl+Alt+J"), format!("{command}+Alt+J"));
    }
}
