//! An account's network: its proxy (the password in the keychain, never in the settings file), the
//! Test button, and the browser its pages are told they run in. A change makes its page again.

use crate::problem::Problem;
use crate::state::AppState;
use crate::vault::{self, Kept, Secret};
use serde::{Deserialize, Serialize};
use switchboard_core::proxy::{Proxy, ProxyKind};
use tauri::{AppHandle, Manager};

/// A proxy as the dialog sends it.
#[derive(Deserialize)]
pub struct ProxyForm {
    kind: ProxyKind,
    host: String,
    port: u32,
    #[serde(default)]
    user: String,
}

impl ProxyForm {
    fn checked(&self) -> Result<Proxy, Problem> {
        Proxy::checked(self.kind, &self.host, self.port, &self.user)
    }
}

#[derive(Serialize)]
pub struct NetworkView {
    proxy: Option<Proxy>,
    password_saved: bool,
    user_agent: Option<String>,
    /// What its pages are told when it names none: the catalog's or the engine's.
    default_user_agent: Option<String>,
    /// False where another proxy means signing in again (Windows: a browser per proxy).
    proxy_keeps_sign_in: bool,
}

fn scope(app: &AppHandle) -> Result<String, Problem> {
    vault::scope(&app.state::<AppState>().profile).map_err(|e| e.problem())
}

#[tauri::command]
pub async fn account_network(app: AppHandle, id: String) -> Result<NetworkView, Problem> {
    let (proxy, user_agent, service) = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        let account = ws.account(&id)?;
        (account.proxy.clone(), account.user_agent.clone(), account.runnable_service()?)
    };
    let scope = scope(&app)?;
    let proxy_keeps_sign_in = crate::platform::proxy_keeps_sign_in(&app.state::<AppState>().profile, &id);
    let saved = vault::off_thread(move || vault::load_kept(Kept::ProxyPassword, &scope, &id)).await.map_err(|e| e.problem())?;
    Ok(NetworkView { proxy, password_saved: saved.is_some(), user_agent, default_user_agent: crate::shell::default_user_agent(&service), proxy_keeps_sign_in })
}

/// `password`: a new one, "" to forget it, or `None` to keep the saved one — kept only for the
/// same proxy and user: a password is never sent to another proxy than the one it was given for.
#[tauri::command]
pub async fn set_account_network(app: AppHandle, id: String, proxy: Option<ProxyForm>, password: Option<String>, user_agent: Option<String>) -> Result<(), Problem> {
    let proxy = proxy.map(|p| p.checked()).transpose()?;
    if let Some(proxy) = &proxy {
        crate::platform::proxy_support(proxy)?;
    }
    // Everything checked before the keychain is touched: a refused change changes nothing.
    let before = {
        let state = app.state::<AppState>();
        let mut ws = state.workspace().clone();
        let before = ws.account(&id)?.proxy.clone();
        ws.set_network(&id, proxy.clone(), user_agent.as_deref())?;
        before
    };
    let with_user = proxy.as_ref().is_some_and(|p| p.user.is_some());
    let same_proxy = proxy.is_some() && proxy == before;
    let (scope, account) = (scope(&app)?, id.clone());
    vault::off_thread(move || match password {
        Some(p) if with_user && !p.is_empty() => vault::save_kept(Kept::ProxyPassword, &scope, &account, &Secret::new(p)),
        None if with_user && same_proxy => Ok(()),
        _ => vault::remove_kept(Kept::ProxyPassword, &scope, &account),
    })
    .await
    .map_err(|e| e.problem())?;
    crate::state::change_and_show(&app, |ws| ws.set_network(&id, proxy, user_agent.as_deref()))?;
    crate::shell::remake_page(&app, &id)
}

/// Whether the proxy in the dialog answers and reaches the account's site, in words. `password`:
/// the one typed, else the saved one.
#[tauri::command]
pub async fn test_proxy(app: AppHandle, id: String, proxy: ProxyForm, password: Option<String>) -> Result<Problem, Problem> {
    let proxy = proxy.checked()?;
    let (site, saved_for) = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        let account = ws.account(&id)?;
        let url = account.url.clone().unwrap_or(account.runnable_service()?.url);
        (url::Url::parse(&url).map_err(Problem::internal)?, account.proxy.clone())
    };
    // The saved password only for the proxy and user it was saved for.
    let may_use_saved = saved_for.as_ref() == Some(&proxy);
    let (host, port) = (site.host_str().unwrap_or_default().to_string(), site.port_or_known_default().unwrap_or(443));
    let (scope, account) = (scope(&app)?, id);
    let tested = tauri::async_runtime::spawn_blocking(move || {
        let saved = || vault::load_kept(Kept::ProxyPassword, &scope, &account).ok().flatten().map(|s| s.expose().to_string());
        let password = password.filter(|p| !p.is_empty()).or_else(|| may_use_saved.then(saved).flatten());
        let tested = crate::proxy_check::check(&proxy, password.as_deref(), &host, port);
        tested.problem(&proxy, &host)
    })
    .await
    .map_err(Problem::internal)?;
    Ok(tested)
}
