//! Typing for the user into the page on screen: a saved reply, a translated answer — into its
//! message box where the caret is, as typed, never sent.

use crate::problem::Problem;
use crate::state::AppState;
use tauri::{AppHandle, Manager};

/// The account on screen: the page that gets the text.
pub fn shown_account(app: &AppHandle) -> Result<String, Problem> {
    app.state::<AppState>().workspace().active.clone().ok_or(Problem::new("page.not_open"))
}

/// The name of the chat open in the account's page, where the page shows one.
pub async fn chat_name(app: &AppHandle, account: &str) -> Option<String> {
    let answer = crate::shell::run_in_page(app, account, "window.__switchboard ? window.__switchboard.chatName() : null".into()).await;
    answer.ok().and_then(|json| serde_json::from_str::<Option<String>>(&json).ok().flatten())
}

/// Puts `text` into the message box of the account's page and gives that page the keys, so the
/// user reads it over and sends it themselves.
/// Without a box the keys stay where they were: with the user, who is told what to do.
pub async fn insert(app: &AppHandle, account: &str, text: &str) -> Result<(), Problem> {
    let text = serde_json::to_string(text).map_err(Problem::internal)?;
    let script = format!("!!(window.__switchboard && window.__switchboard.insert({text}))");
    if crate::shell::run_in_page(app, account, script).await? != "true" {
        return Err(Problem::new("compose.no_box"));
    }
    if let Some(page) = app.get_webview(&crate::shell::service_label(account)) {
        let _ = page.set_focus();
    }
    Ok(())
}
