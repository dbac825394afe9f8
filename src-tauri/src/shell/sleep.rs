//! Sleeping accounts. An account left unused for as long as its settings allow has its webview
//! closed, which ends its web process and frees most of what it costs. Opening it again loads
//! its page where it was, from the same data directory: same cookies and storage, still logged
//! in. A while after, the account's network process is ended too where the platform keeps it
//! (Linux); waking starts a new one. A sleeping page receives nothing.

use crate::problem::Problem;
use crate::state::{publish, AppState};
use switchboard_core::sleep::due;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager};
use tokio::sync::Notify;

#[derive(Default)]
struct Accounts {
    /// Asleep accounts, with the address their page was at.
    asleep: HashMap<String, Option<url::Url>>,
    /// Since when each awake account has gone unused (opened hidden, or switched away from).
    unused_since: HashMap<String, Instant>,
}

/// The sleeping accounts and the one task that puts accounts to sleep when their time comes.
#[derive(Default)]
pub struct Sleepers {
    accounts: Mutex<Accounts>,
    replan: Notify,
}

/// How long a sleeping account's network process is left to finish what the closing page asked
/// of it (its last storage writes) before it is ended.
const RELEASE_NETWORK_AFTER: Duration = Duration::from_secs(10);

/// A monotonic clock stops while the machine is suspended; looking at least this often keeps
/// a resumed machine's plan close to right.
const LONGEST_WAIT: Duration = Duration::from_secs(10 * 60);

impl Sleepers {
    fn accounts(&self) -> MutexGuard<'_, Accounts> {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn is_asleep(&self, id: &str) -> bool {
        self.accounts().asleep.contains_key(id)
    }

    pub fn asleep(&self) -> Vec<String> {
        self.accounts().asleep.keys().cloned().collect()
    }

    /// The account stopped being the one on screen (or was opened without being shown).
    pub fn unused_from_now(&self, id: &str) {
        self.accounts().unused_since.insert(id.to_string(), Instant::now());
        self.replan.notify_one();
    }

    /// Sleep settings changed: work out again who is due when.
    pub fn settings_changed(&self) {
        self.replan.notify_one();
    }

    /// Forgets the accounts not in `wanted` (disabled or removed ones); returns those of them
    /// that were asleep.
    pub fn keep_only(&self, wanted: &[String]) -> Vec<String> {
        let mut accounts = self.accounts();
        accounts.unused_since.retain(|id, _| wanted.contains(id));
        let gone: Vec<String> = accounts.asleep.keys().filter(|id| !wanted.contains(id)).cloned().collect();
        for id in &gone {
            accounts.asleep.remove(id);
        }
        gone
    }
}

/// Starts the task that puts unused accounts to sleep. One task, sleeping until the next account
/// is due; woken early when something changes.
pub fn start(app: &AppHandle) {
    app.manage(Sleepers::default());
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let (due, wait) = plan(&app, Instant::now());
            for id in due {
                if let Err(e) = put_to_sleep(&app, &id) {
                    eprintln!("switchboard: {e}");
                }
            }
            let sleepers = app.state::<Sleepers>();
            tokio::select! {
                _ = sleepers.replan.notified() => {}
                _ = tokio::time::sleep(wait.unwrap_or(LONGEST_WAIT).min(LONGEST_WAIT)) => {}
            }
        }
    });
}

/// The accounts due to sleep at `now`, and how long until the next one will be.
fn plan(app: &AppHandle, now: Instant) -> (Vec<String>, Option<Duration>) {
    let candidates: Vec<(String, Duration, Instant)> = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        let accounts = app.state::<Sleepers>();
        let accounts = accounts.accounts();
        ws.accounts
            .iter()
            .filter(|a| a.enabled && ws.active.as_deref() != Some(a.id.as_str()))
            .filter(|a| !accounts.asleep.contains_key(&a.id))
            .filter_map(|a| {
                let after = a.sleep.after(ws.sleep_minutes)?;
                Some((a.id.clone(), after, *accounts.unused_since.get(&a.id)?))
            })
            .collect()
    };
    due(now, candidates)
}

/// Closes an account's page, keeping where it was. The account on screen stays awake.
pub fn put_to_sleep(app: &AppHandle, id: &str) -> Result<(), Problem> {
    let label = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        let account = ws.account(id)?;
        if !account.enabled {
            return Err(Problem::new("sleep.disabled").with("label", &account.label));
        }
        if ws.active.as_deref() == Some(id) {
            return Err(Problem::new("sleep.on_screen").with("label", &account.label));
        }
        account.label.clone()
    };
    let sleepers = app.state::<Sleepers>();
    if sleepers.is_asleep(id) {
        return Ok(());
    }
    let Some(webview) = super::service_webview(app, id) else {
        return Err(Problem::new("sleep.no_page").with("label", &label));
    };
    let at = webview.url().ok();
    // Asleep only once its page is really closing: a page that could not be closed stays awake.
    webview.close().map_err(Problem::internal)?;
    {
        let mut accounts = sleepers.accounts();
        accounts.asleep.insert(id.to_string(), at);
        accounts.unused_since.remove(id);
    }
    crate::platform::memory::forget(id);
    publish(app);
    let (app, id) = (app.clone(), id.to_string());
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(RELEASE_NETWORK_AFTER).await;
            let (app, id) = (app.clone(), id.clone());
            let done = tauri::async_runtime::spawn_blocking(move || release_network(&app, &id)).await;
            if !matches!(done, Ok(false)) {
                break;
            }
        }
    });
    Ok(())
}

/// Ends a sleeping account's network process if it is still asleep (waking takes the account out
/// of the asleep ones, under the same lock, before its page is made). False while a download of
/// the account is still being written by it: to be tried again later.
fn release_network(app: &AppHandle, id: &str) -> bool {
    if crate::pages::downloads::saving(id) {
        return false;
    }
    let accounts_dir = app.state::<AppState>().profile.accounts_dir();
    let sleepers = app.state::<Sleepers>();
    let accounts = sleepers.accounts();
    if accounts.asleep.contains_key(id) {
        crate::platform::memory::release_network(&accounts_dir, id);
    }
    true
}

/// Opens a sleeping account's page again where it was. `Ok(false)`: it was awake. One that
/// fails to open stays asleep, with where it was.
pub fn wake(app: &AppHandle, id: &str) -> Result<bool, Problem> {
    let sleepers = app.state::<Sleepers>();
    if !sleepers.is_asleep(id) {
        return Ok(false);
    }
    let account = app.state::<AppState>().workspace().account(id)?.clone();
    let Some(at) = sleepers.accounts().asleep.remove(id) else { return Ok(false) };
    if let Err(e) = super::open_account(app, &account, at.clone()) {
        sleepers.accounts().asleep.insert(id.to_string(), at);
        return Err(e);
    }
    publish(app);
    Ok(true)
}
