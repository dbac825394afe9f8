//! Translation for the shell: the user's choice of provider (its key in the keychain), and
//! translating what they selected in a page, a notification's text, or their own answer.

use crate::problem::Problem;
use crate::state::AppState;
use switchboard_core::translate::TranslationSettings;
use tauri::{AppHandle, Manager};

/// The translation settings as the shell shows them.
#[derive(serde::Serialize)]
pub struct TranslationView {
    #[serde(flatten)]
    settings: TranslationSettings,
    /// The language translated into now: the chosen one, or the app's.
    into: String,
    /// A key is saved for the provider.
    has_key: bool,
    /// The host text is sent to, once a provider is chosen.
    destination: Option<String>,
}

fn profile_id(app: &AppHandle) -> Result<String, Problem> {
    app.state::<AppState>().profile.keychain_id().map_err(|e| Problem::new("keychain.failed").with("detail", e))
}

fn settings(app: &AppHandle) -> TranslationSettings {
    app.state::<AppState>().workspace().translation.clone()
}

#[tauri::command]
pub async fn translation(app: AppHandle) -> Result<TranslationView, Problem> {
    let settings = settings(&app);
    let key = crate::translate::saved_key(&profile_id(&app)?, &settings).await.unwrap_or(None);
    let destination = crate::translate::destination(&settings, key.as_ref().map(|k| k.expose()));
    Ok(TranslationView { into: crate::language::translation_target(&app, &settings), has_key: key.is_some(), destination, settings })
}

/// Saves the user's choice. `key`: `None` keeps the saved one, empty removes it.
#[tauri::command]
pub async fn set_translation(app: AppHandle, settings: TranslationSettings, key: Option<String>) -> Result<(), Problem> {
    let settings = settings.checked()?;
    if let (Some(name), Some(key)) = (crate::translate::key_name(&settings), key) {
        let id = profile_id(&app)?;
        crate::vault::off_thread(move || match key.trim() {
            "" => crate::vault::remove_kept(crate::vault::Kept::Key, &id, &name),
            key => crate::vault::save_kept(crate::vault::Kept::Key, &id, &name, &crate::vault::Secret::new(key)),
        })
        .await?;
    }
    app.state::<AppState>().change(|ws| {
        ws.translation = settings;
        Ok::<_, Problem>(())
    })
}

#[derive(serde::Serialize)]
pub struct Translation {
    text: String,
    /// The language the provider found the text in.
    detected: Option<String>,
    from: String,
    to: String,
    /// The host the text went to.
    destination: String,
}

/// Translates text the user asked for: what they read (into their language), or with `to`, an
/// answer they wrote in their language into the chat's.
#[tauri::command]
pub async fn translate_text(app: AppHandle, text: String, to: Option<String>) -> Result<Translation, Problem> {
    let settings = settings(&app);
    let mine = crate::language::translation_target(&app, &settings);
    let (from, to) = match to {
        Some(theirs) => (mine, theirs),
        None => (settings.from.clone(), mine),
    };
    let (done, destination) = crate::translate::translate(&profile_id(&app)?, &settings, &text, &from, &to).await?;
    Ok(Translation { text: done.text, detected: done.detected, from, to, destination })
}

/// Puts the user's translated answer into the message box of the page on screen (not sent).
#[tauri::command]
pub async fn insert_text(app: AppHandle, text: String) -> Result<(), Problem> {
    let account = crate::bridge::compose::shown_account(&app)?;
    crate::bridge::compose::insert(&app, &account, &text).await
}

/// What the user selected in the page on screen ("" when nothing).
#[tauri::command]
pub async fn page_selection(app: AppHandle) -> Result<String, Problem> {
    let account = crate::bridge::compose::shown_account(&app)?;
    let limit = switchboard_core::translate::MAX_TEXT_CHARS + 1;
    // Asked where the page's scripts can't replace `String` or `slice`, and cut here again: the
    // answer is the page's, whatever it says.
    let answer = crate::shell::run_apart(&app, &account, format!("String(window.getSelection() || '').slice(0, {limit})")).await?;
    let selection = serde_json::from_str::<String>(&answer).unwrap_or_default();
    Ok(selection.chars().take(limit).collect())
}
