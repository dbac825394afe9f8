//! The shell UI's commands for saved logins and the app lock. Keychain calls block, so each runs
//! on a blocking thread; the account always comes from the workspace, so no other keychain entry
//! can be reached through these.

use crate::settings::Account;
use crate::shell;
use crate::state::AppState;
use crate::vault::fill::{Destination, Filled};
use crate::vault::{self, Login, VaultError};
use serde::Serialize;
use tauri::{AppHandle, Manager};

fn account(app: &AppHandle, id: &str) -> Result<Account, String> {
    app.state::<AppState>().workspace().account(id).cloned().map_err(|e| e.to_string())
}

async fn keychain<T: Send + 'static>(work: impl FnOnce() -> Result<T, VaultError> + Send + 'static) -> Result<T, String> {
    vault::off_thread(work).await.map_err(|e| e.to_string())
}

#[derive(Serialize)]
pub struct SavedLogin {
    pub user: String,
}

/// An account's saved login, without its secret; `None` when there is none.
#[tauri::command]
pub async fn saved_login(app: AppHandle, id: String) -> Result<Option<SavedLogin>, String> {
    account(&app, &id)?;
    let login = keychain(move || vault::load(&id)).await?;
    Ok(login.map(|l| SavedLogin { user: l.user }))
}

/// The secret itself, for the user who asked to see it.
#[tauri::command]
pub async fn reveal_login(app: AppHandle, id: String) -> Result<String, String> {
    account(&app, &id)?;
    let login = keychain(move || vault::load(&id)).await?;
    login.map(|l| l.secret.expose().to_string()).ok_or_else(|| "no login is saved for this account".into())
}

/// Saves an account's login; an empty secret keeps the one saved before (a new user name only).
#[tauri::command]
pub async fn save_login(app: AppHandle, id: String, user: String, secret: String) -> Result<(), String> {
    account(&app, &id)?;
    keychain(move || {
        let secret = match secret.is_empty() {
            false => secret,
            true => vault::load(&id)?
                .map(|l| l.secret.expose().to_string())
                .ok_or_else(|| VaultError::Invalid("type the password or token".into()))?,
        };
        vault::save(&id, &Login::new(&user, &secret)?)
    })
    .await
}

/// Forgets an account's saved login; true when there was one.
#[tauri::command]
pub async fn remove_login(app: AppHandle, id: String) -> Result<bool, String> {
    account(&app, &id)?;
    keychain(move || vault::remove(&id)).await
}

/// Puts an account's saved login into the login form of that account's page — only while the
/// page is on the service's own site. Says what happened.
#[tauri::command]
pub async fn fill_login(app: AppHandle, id: String) -> Result<String, String> {
    let account = account(&app, &id)?;
    let label = account.label.clone();
    let key = id.clone();
    let login = keychain(move || vault::load(&key))
        .await?
        .ok_or_else(|| format!("No login is saved for {label}: add one with “Saved login…” in its menu."))?;
    shell::show_account(&app, &id)?;
    let service = account.runnable_service().map_err(|e| e.to_string())?;
    let start = url::Url::parse(&service.url).map_err(|e| e.to_string())?;
    let destination = Destination::new(&service.domains, start);
    // The address the page has committed to, asked of the page itself (the webview's address is
    // already the next one while a load is pending), and nothing while it is still loading.
    let (page, ready) = committed_page(&app, &id).await?;
    if !ready {
        return Err(format!("Not filled: the page of {label} is still loading. Try again when it has loaded."));
    }
    if !destination.admits(&page) {
        let host = page.host_str().unwrap_or(page.scheme());
        return Err(format!("Not filled: the page of {label} is now on {host}, which is not {}'s own site.", service.name));
    }
    let result = shell::run_in_page(&app, &id, destination.script(&login)).await?;
    match Filled::from_result(&result) {
        Some(Filled::Both) => Ok(format!("Filled the login of {label}.")),
        Some(Filled::UserOnly) => Ok("Filled the user name; choose “Fill login” again on the password page.".into()),
        Some(Filled::NoForm) => Err(format!("There is no login form on the page of {label} right now.")),
        Some(Filled::Elsewhere) | None => Err(format!("Not filled: the page of {label} moved to another site.")),
    }
}

/// Where the page of an account is, as its document says, and whether it has finished loading.
async fn committed_page(app: &AppHandle, id: &str) -> Result<(url::Url, bool), String> {
    let answer = shell::run_in_page(app, id, "[location.href, document.readyState]".into()).await?;
    let (href, state): (String, String) = serde_json::from_str(&answer).map_err(|e| format!("the page gave an odd answer: {e}"))?;
    let url = url::Url::parse(&href).map_err(|e| e.to_string())?;
    Ok((url, state != "loading"))
}

/// Sets the lock password (when given) and the lock's choices.
#[tauri::command]
pub async fn set_lock(app: AppHandle, password: Option<String>, at_start: bool, idle_minutes: u32) -> Result<(), String> {
    crate::app_lock::configure(&app, password, at_start, idle_minutes).await
}

#[tauri::command]
pub async fn remove_lock(app: AppHandle) -> Result<(), String> {
    crate::app_lock::turn_off(&app).await
}

#[tauri::command]
pub async fn unlock(app: AppHandle, password: String) -> Result<(), String> {
    crate::app_lock::unlock(&app, password).await
}
