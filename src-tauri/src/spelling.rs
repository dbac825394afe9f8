//! Spell checking in the pages: the languages (the user's pick for every account, an account's
//! own, or by default the system's languages that have a dictionary) given to each page as it
//! opens, and to the open pages when they change.

use crate::problem::Problem;
use crate::state::AppState;
use serde::Serialize;
use switchboard_core::spelling;
use tauri::{AppHandle, Manager};

/// What Settings (or an account's dialog) shows: the dictionaries to pick from (`None`: the
/// system's own checker and languages), the languages checked, and whether they are a pick of
/// the user's (for every account, or this account's own) rather than the default.
#[derive(Serialize)]
pub struct Spelling {
    pub dictionaries: Option<Vec<String>>,
    pub languages: Vec<String>,
    pub picked: bool,
}

/// For every account (`account` none), or for one: its own languages, else every account's.
pub fn current(app: &AppHandle, account: Option<&str>) -> Spelling {
    let dictionaries = crate::platform::dictionaries();
    let (everyone, own) = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        (ws.spelling.clone(), account.and_then(|id| ws.account(id).ok()).and_then(|a| a.spelling.clone()))
    };
    if account.is_some() {
        if let Some(own) = own {
            return Spelling { dictionaries, languages: own, picked: true };
        }
    }
    let languages = everyone.clone().unwrap_or_else(|| {
        // The system's languages, then the app's own (a session in the C locale names none).
        let wanted: Vec<String> = sys_locale::get_locales().chain([crate::language::current(app).code().to_string()]).collect();
        spelling::automatic(dictionaries.as_deref().unwrap_or_default(), &wanted)
    });
    Spelling { dictionaries, languages, picked: account.is_none() && everyone.is_some() }
}

/// Gives a page that just opened its account's languages.
pub fn give(app: &AppHandle, page: &tauri::Webview) {
    let account = crate::screen::account_of(page.label()).map(str::to_string);
    crate::platform::set_spelling(page, current(app, account.as_deref()).languages);
}

/// The user's pick for every account (`account` none) or for one (`languages` none: back to the
/// default, or to every account's), saved and given to the open pages it concerns.
pub fn set(app: &AppHandle, account: Option<&str>, languages: Option<Vec<String>>) -> Result<(), Problem> {
    let installed = crate::platform::dictionaries();
    let languages = languages.map(|l| spelling::checked(l, installed.as_deref())).transpose()?;
    app.state::<AppState>().change(|ws| match account {
        Some(id) => ws.set_account_spelling(id, languages).map_err(Problem::from),
        None => {
            ws.spelling = languages;
            Ok(())
        }
    })?;
    for page in crate::shell::service_webviews(app) {
        if account.is_none() || crate::screen::account_of(page.label()) == account {
            give(app, &page);
        }
    }
    Ok(())
}
