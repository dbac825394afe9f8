//! Which language the app speaks now: the one chosen in Settings, else the first of the
//! system's languages Switchboard has, else English.

use crate::state::AppState;
use switchboard_core::i18n::Lang;
use tauri::{AppHandle, Manager};

pub fn current(app: &AppHandle) -> Lang {
    let chosen = app.state::<AppState>().workspace().language.clone();
    chosen.as_deref().and_then(Lang::from_code).unwrap_or_else(system)
}

/// The system's language, as far as we speak it: read once (every view needs it; a change of the
/// system's language reaches programs started after it anyway).
pub fn system() -> Lang {
    static SYSTEM: std::sync::OnceLock<Lang> = std::sync::OnceLock::new();
    *SYSTEM.get_or_init(|| {
        let locales: Vec<String> = sys_locale::get_locales().collect();
        Lang::negotiate(locales.iter().map(String::as_str))
    })
}

/// Message `id` in the app's language now.
pub fn t(app: &AppHandle, id: &str, args: &[(&str, &str)]) -> String {
    switchboard_core::i18n::t(current(app), id, args)
}

/// The language translations are made into: the one chosen in the translation settings, or the
/// app's own.
pub fn translation_target(app: &AppHandle, settings: &switchboard_core::translate::TranslationSettings) -> String {
    settings.to.clone().unwrap_or_else(|| current(app).code().to_string())
}
