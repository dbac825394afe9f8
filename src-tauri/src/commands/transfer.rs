//! Settings → Move to a new computer: the settings file written to the documents folder, and one
//! imported after the user saw what it changes (`settings::transfer`).

use super::contacts::{blocking, export_path};
use crate::contacts::live::LiveIndex;
use crate::problem::Problem;
use crate::settings::transfer;
use crate::state::AppState;
use serde::Serialize;
use std::path::PathBuf;
use switchboard_core::settings_file::{self, Change, Mode};
use tauri::{AppHandle, Manager, State};

/// Writes the settings (and the contacts, if asked) to a file; its path.
#[tauri::command]
pub async fn export_settings(app: AppHandle, live: State<'_, LiveIndex>, contacts: bool) -> Result<String, Problem> {
    let path = export_path(&app, "settings.export_file", "json")?;
    let lang = crate::language::current(&app);
    let ws = app.state::<AppState>().workspace().clone();
    let shown = path.display().to_string();
    if contacts {
        blocking(&live, move |index| crate::atomic_file::write_for_user(&path, transfer::export(&ws, Some(index), lang).as_bytes())).await?;
    } else {
        let text = transfer::export(&ws, None, lang);
        tauri::async_runtime::spawn_blocking(move || crate::atomic_file::write_for_user(&path, text.as_bytes())).await.map_err(Problem::internal)??;
    }
    Ok(shown)
}

/// What importing a file would change.
#[derive(Serialize)]
pub struct Plan {
    changes: Vec<Change>,
    skipped: Vec<String>,
    contacts: usize,
}

async fn read(path: String) -> Result<transfer::Imported, Problem> {
    let path = PathBuf::from(path.trim());
    tauri::async_runtime::spawn_blocking(move || transfer::read(&path)).await.map_err(Problem::internal)?
}

#[tauri::command]
pub async fn import_plan(app: AppHandle, path: String, mode: Mode) -> Result<Plan, Problem> {
    let imported = read(path).await?;
    let current = app.state::<AppState>().workspace().clone();
    let (_, changes) = settings_file::plan(&current, &imported.read, mode)?;
    Ok(Plan { contacts: imported.cards.len(), changes, skipped: imported.read.skipped })
}

/// Imports the file: the settings it replaces are saved first (their file's path is the answer),
/// then the file's are taken, the pages follow (removed, made again behind a new proxy or
/// address), and its contacts are merged in.
#[tauri::command]
pub async fn import_settings(app: AppHandle, live: State<'_, LiveIndex>, path: String, mode: Mode) -> Result<String, Problem> {
    let imported = read(path).await?;
    let state = app.state::<AppState>();
    let lang = crate::language::current(&app);
    let kept = state.workspace().clone();
    let profile = state.profile.clone();
    let backup = tauri::async_runtime::spawn_blocking(move || transfer::keep_backup(&profile, &kept, lang)).await.map_err(Problem::internal)??;
    let pages = state.change(|ws| {
        let (next, _) = settings_file::plan(ws, &imported.read, mode)?;
        let pages = settings_file::page_changes(ws, &next);
        *ws = next;
        Ok::<_, Problem>(pages)
    })?;
    let profile = state.profile.clone();
    let forgotten = tauri::async_runtime::spawn_blocking(move || {
        transfer::forget_in_keychain(&profile, &pages);
        pages
    })
    .await
    .map_err(Problem::internal)?;
    crate::hotkey::start(&app);
    // The pages follow: made again where their address or proxy changed (which brings the rest
    // in line once those are closed), else brought in line now.
    if forgotten.remade.is_empty() {
        crate::shell::sync(&app)?;
    } else {
        crate::shell::remake_pages(&app, &forgotten.remade);
    }
    if !imported.cards.is_empty() {
        blocking(&live, move |index| transfer::import_contacts(index, imported.cards).map(|_| ())).await?;
    }
    Ok(backup.display().to_string())
}
