//! Links from outside (another program, the system's handler for `tg:`, `whatsapp:`, `mailto:`
//! and `switchboard:`, a second launch) opened in the account they belong to: the only one of
//! their kind, the one the user chose for such links, or the user is asked (`core::links`). A
//! link the app can't open is said in the notice, and nothing navigates.

use crate::problem::Problem;
use crate::state::{publish, tell, AppState};
use switchboard_core::links::{self, Link, Route};
use switchboard_core::view::LinkChoice;
use tauri::{AppHandle, Manager};

/// Opens `text` where it belongs, bringing the window forward; what goes wrong is told.
pub fn open(app: &AppHandle, text: &str) {
    crate::shell::present(app);
    let result = links::parse(text).and_then(|link| {
        let route = links::route(&app.state::<AppState>().workspace(), &link)?;
        follow(app, link, route, text)
    });
    if let Err(problem) = result {
        tell(app, problem);
    }
}

fn follow(app: &AppHandle, link: Link, route: Route, text: &str) -> Result<(), Problem> {
    let (family, accounts, services) = match route {
        Route::Open { account, address } => return go(app, &account, address),
        Route::Choose { family, accounts } => (family, accounts, vec![]),
        Route::AddFirst { family, services } => (family, vec![], services),
    };
    let choice = LinkChoice { family: family.as_str(), link: links::shown(text), accounts, services };
    // A newer link replaces one still waiting: the user clicked the one they want now.
    *app.state::<AppState>().link.lock().unwrap_or_else(|e| e.into_inner()) = Some((link, choice));
    publish(app);
    Ok(())
}

/// Shows the account and takes its page to the link's address (a page asleep wakes first).
fn go(app: &AppHandle, account: &str, address: url::Url) -> Result<(), Problem> {
    crate::shell::show_account(app, account)?;
    crate::shell::navigate_page(app, account, address)
}

/// The user picked the account for the waiting link, and whether links of its kind always open
/// there from now on.
pub fn choose(app: &AppHandle, account: &str, remember: bool) -> Result<(), Problem> {
    let state = app.state::<AppState>();
    let (link, choice) = state.link.lock().unwrap_or_else(|e| e.into_inner()).take().ok_or(Problem::new("link.gone"))?;
    publish(app);
    if !choice.accounts.iter().any(|a| a == account) {
        return Err(Problem::new("link.wrong_account"));
    }
    if remember {
        state.change(|ws| Ok::<_, Problem>(ws.link_accounts.insert(choice.family.to_string(), account.to_string())))?;
    }
    let route = links::route_to(&state.workspace(), &link, account)?;
    match route {
        Route::Open { account, address } => go(app, &account, address),
        _ => Err(Problem::new("link.wrong_account")),
    }
}

/// The user closed the question: the link is dropped.
pub fn dismiss(app: &AppHandle) {
    app.state::<AppState>().link.lock().unwrap_or_else(|e| e.into_inner()).take();
    publish(app);
}
