//! Links from outside (another program, the system's handler for `tg:`, `whatsapp:` and
//! `switchboard:`, a second launch, macOS's open event) opened in the account they belong to: the
//! only one of their kind, the one the user chose for such links, or the user is asked
//! (`core::links`). A link the app can't open is said in the notice, and nothing navigates.

use crate::problem::Problem;
use crate::state::{publish, tell, AppState};
use std::sync::atomic::{AtomicU64, Ordering};
use switchboard_core::links::{self, Link, Route};
use switchboard_core::view::LinkChoice;
use tauri::{AppHandle, Manager};

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Opens `text` where it belongs, bringing the window forward; what goes wrong is told.
pub fn open(app: &AppHandle, text: &str) {
    crate::shell::present(app);
    let result = links::parse(text).and_then(|link| {
        let route = links::route(&app.state::<AppState>().workspace(), &link)?;
        follow(app, link, route)
    });
    if let Err(problem) = result {
        tell(app, problem);
    }
}

fn follow(app: &AppHandle, link: Link, route: Route) -> Result<(), Problem> {
    let (family, accounts, services) = match route {
        Route::Open { account, address } => return go(app, &account, address),
        Route::Choose { family, accounts } => (family, accounts, vec![]),
        Route::AddFirst { family, services } => (family, vec![], services),
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let choice = LinkChoice { id, family: family.as_str(), link: link.describe(), accounts, services };
    // A newer link replaces one still waiting: the user clicked the one they want now.
    *app.state::<AppState>().link.lock().unwrap_or_else(|e| e.into_inner()) = Some((link, choice));
    publish(app);
    Ok(())
}

/// Shows the account, its page taken to the link's address (once made, or once unlocked).
fn go(app: &AppHandle, account: &str, address: Option<url::Url>) -> Result<(), Problem> {
    match crate::shell::show_account_at(app, account, address) {
        Err(problem) if problem.code == "lock.locked" => Ok(()), // it opens once unlocked
        done => done,
    }
}

/// The user picked the account for waiting link `id`, and whether links of its kind always open
/// there from now on. Until it opens, the question stays (with what went wrong).
pub fn choose(app: &AppHandle, id: u64, account: &str, remember: bool) -> Result<(), Problem> {
    let state = app.state::<AppState>();
    let waiting = state.link.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let (link, choice) = waiting.filter(|(_, c)| c.id == id).ok_or(Problem::new("link.gone"))?;
    if !choice.accounts.iter().any(|a| a == account) {
        return Err(Problem::new("link.wrong_account"));
    }
    let route = links::route_to(&state.workspace(), &link, account)?;
    let Route::Open { account, address } = route else { return Err(Problem::new("link.wrong_account")) };
    go(app, &account, address)?;
    dismiss(app, id);
    if remember {
        state.change(|ws| Ok::<_, Problem>(ws.link_accounts.insert(choice.family.to_string(), account)))?;
    }
    Ok(())
}

/// Link `id`'s question closed (or answered): it is dropped, unless a newer one took its place.
pub fn dismiss(app: &AppHandle, id: u64) {
    let state = app.state::<AppState>();
    let mut waiting = state.link.lock().unwrap_or_else(|e| e.into_inner());
    if waiting.as_ref().is_some_and(|(_, c)| c.id == id) {
        *waiting = None;
    }
    drop(waiting);
    publish(app);
}
