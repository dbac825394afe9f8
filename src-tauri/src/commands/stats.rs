//! The Statistics view: each account's figures over today, 7 or 30 days, side by side, and the
//! file of them.

use super::contacts::{export_path, Exported};
use crate::problem::Problem;
use crate::state::AppState;
use crate::stats::Stats;
use switchboard_core::stats::Summary;
use tauri::{AppHandle, Manager};

#[derive(serde::Serialize)]
pub struct AccountFigures {
    id: String,
    /// Whether its page names its chats (else only messages are counted: no chats, no answers).
    by_chat: bool,
    summary: Summary,
    /// The longest wait for an answer open now, in seconds.
    waiting: Option<i64>,
}

#[derive(serde::Serialize)]
pub struct StatsReport {
    today: i64,
    accounts: Vec<AccountFigures>,
    /// Every account together.
    total: AccountFigures,
}

/// The store, once opened (the view may be asked for as the app starts).
async fn stats(app: &AppHandle) -> Result<tauri::State<'_, Stats>, Problem> {
    if let Some(opened) = app.try_state::<crate::stats::Opened>() {
        let _ = opened.0.clone().wait_for(|done| *done).await;
    }
    app.try_state::<Stats>().ok_or(Problem::new("stats.unavailable"))
}

/// Every enabled account's figures over the last `days` days (today is one).
#[tauri::command]
pub async fn stats_report(app: AppHandle, days: u32) -> Result<StatsReport, Problem> {
    let days = i64::from(days.clamp(1, crate::stats::KEEP_DAYS as u32));
    let accounts: Vec<(String, bool)> = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        ws.accounts.iter().filter(|a| a.enabled).map(|a| (a.id.clone(), a.runnable_service().is_ok_and(|s| s.chats.as_ref().is_some_and(|c| c.lists_unread() && c.open.is_some())))).collect()
    };
    let ids: Vec<&str> = accounts.iter().map(|(id, _)| id.as_str()).collect();
    let mut figures = stats(&app).await?.report(&ids, days);
    let (summary, waiting) = figures.pop().expect("the total comes last");
    let total = AccountFigures { id: String::new(), by_chat: true, summary, waiting };
    let accounts = accounts.into_iter().zip(figures).map(|((id, by_chat), (summary, waiting))| AccountFigures { id, by_chat, summary, waiting }).collect();
    Ok(StatsReport { today: crate::stats::today(), accounts, total })
}

/// Writes the last year's figures, a row per account per day (and per month before), to a file in
/// the documents folder.
#[tauri::command]
pub async fn export_stats(app: AppHandle) -> Result<Exported, Problem> {
    let accounts: Vec<(String, String, String)> = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        ws.accounts.iter().map(|a| (a.id.clone(), a.label.clone(), a.runnable_service().map(|s| s.name.clone()).unwrap_or_default())).collect()
    };
    let (text, count) = stats(&app).await?.csv(&accounts, crate::stats::KEEP_DAYS, true);
    let path = export_path(&app, "stats.export_file", "csv")?;
    let shown = path.display().to_string();
    // The disk may wait: not on an async worker (as the other exports).
    tauri::async_runtime::spawn_blocking(move || crate::atomic_file::write_for_user(&path, text.as_bytes())).await.map_err(Problem::internal)??;
    Ok(Exported { count, path: shown })
}
