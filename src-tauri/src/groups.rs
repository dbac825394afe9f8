//! Showing a group of accounts (Ctrl+Alt+1…9, the sidebar's switcher): the sidebar and Ctrl+1…9
//! then cover its accounts, and the page on screen becomes one of them.

use crate::problem::Problem;
use crate::state::{publish, AppState};
use tauri::{AppHandle, Manager};

/// Shows group `id` (none: every account); the account on screen stays if it is in the group,
/// else its first account that runs is shown.
pub fn show(app: &AppHandle, id: Option<&str>) -> Result<(), Problem> {
    let state = app.state::<AppState>();
    let first = {
        let mut ws = state.workspace();
        ws.show_group(id)?;
        let stays = ws.active.as_deref().is_some_and(|a| ws.in_view(a));
        (!stays).then(|| ws.accounts.iter().find(|a| a.runs() && ws.in_view(&a.id)).map(|a| a.id.clone())).flatten()
    };
    state.persist()?;
    publish(app);
    match first {
        Some(account) => crate::shell::show_account(app, &account),
        None => Ok(()),
    }
}

/// Ctrl+Alt+n: the n-th group (1-based), 0 for every account; a number with no group does nothing.
pub fn show_nth(app: &AppHandle, n: usize) {
    let id = match n {
        0 => None,
        n => match app.state::<AppState>().workspace().groups.get(n - 1) {
            Some(group) => Some(group.id.clone()),
            None => return,
        },
    };
    if let Err(e) = show(app, id.as_deref()) {
        crate::state::tell(app, e);
    }
}
