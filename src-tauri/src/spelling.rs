//! Spell checking in the pages: the languages (the user's pick, or the default from the system's
//! languages and the installed dictionaries) given to each page as it opens, and to every open
//! page when they change.

use crate::problem::Problem;
use crate::state::AppState;
use serde::Serialize;
use switchboard_core::spelling;
use tauri::{AppHandle, Manager};

/// What Settings shows: the dictionaries to pick from (`None`: the system's own checker and
/// languages), the languages checked now, and whether they are the user's pick.
#[derive(Serialize)]
pub struct Spelling {
    pub dictionaries: Option<Vec<String>>,
    pub languages: Vec<String>,
    pub picked: bool,
}

pub fn current(app: &AppHandle) -> Spelling {
    let dictionaries = crate::platform::dictionaries();
    let picked = app.state::<AppState>().workspace().spelling.clone();
    let languages = picked.clone().unwrap_or_else(|| {
        // The system's languages, then the app's own (a session in the C locale names none).
        let wanted: Vec<String> = sys_locale::get_locales().chain([crate::language::current(app).code().to_string()]).collect();
        spelling::automatic(dictionaries.as_deref().unwrap_or_default(), &wanted)
    });
    Spelling { dictionaries, languages, picked: picked.is_some() }
}

/// Gives a page that just opened the languages.
pub fn give(app: &AppHandle, page: &tauri::Webview) {
    crate::platform::set_spelling(page, current(app).languages);
}

/// The user's pick (`None`: back to the default), saved and given to every open page.
pub fn set(app: &AppHandle, languages: Option<Vec<String>>) -> Result<(), Problem> {
    let installed = crate::platform::dictionaries();
    let languages = languages.map(|l| spelling::checked(l, installed.as_deref())).transpose()?;
    app.state::<AppState>().change(|ws| {
        ws.spelling = languages;
        Ok::<_, Problem>(())
    })?;
    let now = current(app).languages;
    for page in crate::shell::service_webviews(app) {
        crate::platform::set_spelling(&page, now.clone());
    }
    Ok(())
}
