//! The shell UI's commands for saved logins and the app lock. Keychain calls block, so each runs
//! on a blocking thread; the account always comes from the workspace, so no other keychain entry
//! can be reached through these.

use crate::problem::Problem;
use crate::settings::Account;
use crate::shell;
use crate::state::AppState;
use crate::vault::fill::{Destination, Filled};
use crate::vault::{self, Login, VaultError};
use serde::Serialize;
use tauri::{AppHandle, Manager};

fn account(app: &AppHandle, id: &str) -> Result<Account, Problem> {
    Ok(app.state::<AppState>().workspace().account(id).cloned()?)
}

/// The profile's own entries in the keychain.
fn scope(app: &AppHandle) -> Result<String, Problem> {
    Ok(vault::scope(&app.state::<AppState>().profile)?)
}

async fn keychain<T: Send + 'static>(work: impl FnOnce() -> Result<T, VaultError> + Send + 'static) -> Result<T, Problem> {
    Ok(vault::off_thread(work).await?)
}

/// What filling a login did, for the UI to say.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FillDone {
    Both,
    /// A two-step sign-in: the user name now, the password on its next page.
    UserOnly,
}

#[derive(Serialize)]
pub struct SavedLogin {
    pub user: String,
}

/// An account's saved login, without its secret; `None` when there is none.
#[tauri::command]
pub async fn saved_login(app: AppHandle, id: String) -> Result<Option<SavedLogin>, Problem> {
    account(&app, &id)?;
    let scope = scope(&app)?;
    let login = keychain(move || vault::load(&scope, &id)).await?;
    Ok(login.map(|l| SavedLogin { user: l.user }))
}

/// The secret itself, for the user who asked to see it (with the lock password, when a lock is
/// set).
#[tauri::command]
pub async fn reveal_login(app: AppHandle, id: String, lock_password: Option<String>) -> Result<String, Problem> {
    account(&app, &id)?;
    crate::app_lock::confirm(&app, lock_password).await?;
    let scope = scope(&app)?;
    let login = keychain(move || vault::load(&scope, &id)).await?;
    login.map(|l| l.secret.expose().to_string()).ok_or_else(|| Problem::new("login.none"))
}

/// Saves an account's login; an empty secret keeps the one saved before (a new user name only).
#[tauri::command]
pub async fn save_login(app: AppHandle, id: String, user: String, secret: String) -> Result<(), Problem> {
    account(&app, &id)?;
    let scope = scope(&app)?;
    keychain(move || {
        let secret = match secret.is_empty() {
            false => secret,
            true => vault::load(&scope, &id)?
                .map(|l| l.secret.expose().to_string())
                .ok_or_else(|| VaultError::Invalid(Problem::new("login.empty_secret")))?,
        };
        vault::save(&scope, &id, &Login::new(&user, &secret)?)
    })
    .await
}

/// Forgets an account's saved login; true when there was one.
#[tauri::command]
pub async fn remove_login(app: AppHandle, id: String) -> Result<bool, Problem> {
    account(&app, &id)?;
    let scope = scope(&app)?;
    keychain(move || vault::remove(&scope, &id)).await
}

/// Puts an account's saved login into the login form of that account's page — only while the
/// page is on the service's own site. Says what happened.
#[tauri::command]
pub async fn fill_login(app: AppHandle, id: String) -> Result<FillDone, Problem> {
    let account = account(&app, &id)?;
    let label = account.label.clone();
    let (scope, key) = (scope(&app)?, id.clone());
    let login = keychain(move || vault::load(&scope, &key))
        .await?
        .ok_or_else(|| Problem::new("fill.no_login").with("label", &label))?;
    shell::show_account(&app, &id)?;
    let service = account.runnable_service()?;
    let destination = Destination::new(&service);
    // Where the page is, as its engine has it — never the page's own word, which a page can
    // make up — and nothing while a load is under way.
    let page = shell::page_address(&app, &id).await?.ok_or_else(|| Problem::new("fill.loading").with("label", &label))?;
    if !destination.admits(&page) {
        let host = page.host_str().unwrap_or(page.scheme());
        return Err(Problem::new("fill.other_site").with("label", &label).with("host", host).with("service", &service.name));
    }
    let result = shell::run_apart(&app, &id, destination.script(&login)).await?;
    match Filled::from_result(&result) {
        Some(Filled::Both) => Ok(FillDone::Both),
        Some(Filled::UserOnly) => Ok(FillDone::UserOnly),
        Some(Filled::NoForm) => Err(Problem::new("fill.no_form").with("label", &label)),
        Some(Filled::Elsewhere) | None => Err(Problem::new("fill.moved").with("label", &label)),
    }
}

/// Sets the lock password (when given) and the lock's choices.
#[tauri::command]
pub async fn set_lock(app: AppHandle, current: Option<String>, password: Option<String>, at_start: bool, idle_minutes: u32) -> Result<(), Problem> {
    crate::app_lock::configure(&app, current, password, at_start, idle_minutes).await
}

#[tauri::command]
pub async fn remove_lock(app: AppHandle, current: Option<String>) -> Result<(), Problem> {
    crate::app_lock::turn_off(&app, current).await
}

/// Resets a lock whose password is gone from the keychain (offered on the lock screen only then).
#[tauri::command]
pub async fn reset_lost_lock(app: AppHandle) -> Result<(), Problem> {
    tauri::async_runtime::spawn_blocking(move || crate::app_lock::reset_lost(&app)).await.map_err(Problem::internal)?
}

#[tauri::command]
pub async fn unlock(app: AppHandle, password: String) -> Result<(), Problem> {
    crate::app_lock::unlock(&app, password).await
}
