//! The pages' chat lists in the contact index, and opening a chat in its page.

use crate::contacts::live::LiveIndex;
use crate::problem::Problem;
use crate::state::{tell, AppState};
use tauri::{AppHandle, Manager};

/// Opens the index in the background at start (the window never waits for it). Chats of
/// accounts not in this profile are kept: a restored backup, or an account this version can't
/// read, must find its chats again. Only removing an account drops them (`forget_account`).
pub fn start(app: &AppHandle) {
    let dir = app.state::<AppState>().profile.contacts_dir();
    app.manage(LiveIndex::new(dir));
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = app.state::<LiveIndex>().open(|notice| tell(&app, notice)).await {
            tell(&app, e);
        }
    });
}

/// Drops from the index the chats of an account the user removed.
pub async fn forget_account(app: &AppHandle, account: String) {
    let Ok(index) = app.state::<LiveIndex>().get().await else { return };
    let result = tauri::async_runtime::spawn_blocking(move || {
        index.forget_account(&account)?;
        index.flush()
    })
    .await;
    if let Ok(Err(e)) = result {
        eprintln!("switchboard: {e}");
    }
}

/// Shows the account and asks its page to open the chat. The answer says what the user sees
/// when the page couldn't (the chat left its list, the page is still loading).
pub async fn open_chat(app: &AppHandle, account: &str, chat: &str) -> Result<(), Problem> {
    let was_asleep = app.state::<crate::shell::sleep::Sleepers>().is_asleep(account);
    crate::shell::show_account(app, account)?;
    let reference = serde_json::to_string(chat).map_err(Problem::internal)?;
    let script = format!("!!(window.__switchboard && window.__switchboard.open({reference}))");
    // A page just woken needs a few seconds to load and list its chats: ask again meanwhile.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(if was_asleep { 15 } else { 0 });
    loop {
        let answer = crate::shell::run_in_page(app, account, script.clone()).await;
        if answer.as_deref() == Ok("true") {
            return Ok(());
        }
        if std::time::Instant::now() >= deadline {
            answer?;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    Err(Problem::new("chat.not_listed"))
}
