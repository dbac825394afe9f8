//! Saved replies: kept in the settings, edited in the shell, inserted into the page on screen,
//! exported to and imported from a file of their own.

use crate::bridge::compose;
use crate::problem::Problem;
use crate::state::AppState;
use switchboard_core::replies::{self, Reply};
use tauri::{AppHandle, Manager};

#[tauri::command]
pub async fn replies(app: AppHandle) -> Result<Vec<Reply>, Problem> {
    Ok(app.state::<AppState>().workspace().replies.clone())
}

/// The user's replies as edited, all of them: checked, then saved.
#[tauri::command]
pub async fn set_replies(app: AppHandle, replies: Vec<Reply>) -> Result<(), Problem> {
    let replies = replies::checked(replies)?;
    app.state::<AppState>().change(|ws| {
        ws.replies = replies;
        Ok::<_, Problem>(())
    })
}

/// Inserts the reply named `name` into the message box of the page on screen, its `{name}` the
/// open chat's name where the page shows it.
#[tauri::command]
pub async fn insert_reply(app: AppHandle, name: String) -> Result<(), Problem> {
    let account = compose::shown_account(&app)?;
    let reply = app.state::<AppState>().workspace().replies.iter().find(|r| r.name == name).cloned();
    let reply = reply.ok_or_else(|| Problem::new("replies.gone").with("name", &name))?;
    let chat = compose::chat_name(&app, &account).await;
    compose::insert(&app, &account, &replies::filled(&reply.text, chat.as_deref())).await
}

#[derive(serde::Serialize)]
pub struct Imported {
    added: usize,
    replaced: usize,
}

/// Writes the replies to a file in the user's documents; says where.
#[tauri::command]
pub async fn export_replies(app: AppHandle) -> Result<String, Problem> {
    let text = replies::to_file(&app.state::<AppState>().workspace().replies);
    let path = crate::commands::contacts::export_path(&app, "replies.export_file", "json")?;
    let shown = path.display().to_string();
    tauri::async_runtime::spawn_blocking(move || crate::atomic_file::write_for_user(&path, text.as_bytes())).await.map_err(Problem::internal)??;
    Ok(shown)
}

/// The biggest replies file read: 500 replies of 4,000 characters fit.
const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// Adds the replies of a file to the user's: one named as one of theirs replaces it.
#[tauri::command]
pub async fn import_replies(app: AppHandle, path: String) -> Result<Imported, Problem> {
    let path = std::path::PathBuf::from(path.trim());
    let shown = path.display().to_string();
    let text = tauri::async_runtime::spawn_blocking(move || {
        if std::fs::metadata(&path)?.len() > MAX_FILE_BYTES {
            return Err(std::io::Error::other(format!("bigger than {} MB", MAX_FILE_BYTES >> 20)));
        }
        std::fs::read_to_string(&path)
    })
    .await
    .map_err(Problem::internal)?
    .map_err(|e| Problem::new("file.not_read").with("path", &shown).with("detail", e))?;
    let theirs = replies::from_file(&text)?;
    app.state::<AppState>().change(|ws| {
        let (all, added, replaced) = replies::merged(&ws.replies, theirs)?;
        ws.replies = all;
        Ok::<_, Problem>(Imported { added, replaced })
    })
}
