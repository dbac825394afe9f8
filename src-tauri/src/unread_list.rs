//! The Unread list in the running app: its rows, from the counts and the chats the pages listed,
//! and opening a row — by the user, or by the "next unread" shortcut.

use crate::inbox::chats::{self, Known, UnreadRow};
use crate::inbox::Inbox;
use crate::problem::Problem;
use std::sync::Mutex;
use tauri::{AppHandle, Manager};

/// The rows now, newest first; none while the app is locked.
pub fn rows(app: &AppHandle) -> Vec<UnreadRow> {
    let view = crate::presenter::view(app);
    if view.locked {
        return vec![];
    }
    let known = app.state::<Inbox>().unread_chats();
    chats::list(&view.accounts, |id| {
        let (listed, rose_at) = known.get(id).map(|(c, r)| (c.as_deref(), *r)).unwrap_or_default();
        Known { chats: listed, rose_at }
    })
}

/// The row opened last (account, chat), where "next unread" goes on from.
static OPENED: Mutex<Option<(String, Option<String>)>> = Mutex::new(None);

/// Shows the account, at the chat when the row names one.
pub async fn open(app: &AppHandle, account: String, chat: Option<String>) -> Result<(), Problem> {
    *OPENED.lock().unwrap_or_else(|e| e.into_inner()) = Some((account.clone(), chat.clone()));
    match chat {
        Some(chat) => crate::bridge::chats::open_chat(app, &account, &chat).await,
        None => crate::shell::show_account(app, &account),
    }
}

/// Opens the next unread chat across all accounts (`chats::next`).
pub async fn open_next(app: &AppHandle) -> Result<(), Problem> {
    let rows = rows(app);
    let last = OPENED.lock().unwrap_or_else(|e| e.into_inner()).clone();
    let row = chats::next(&rows, last.as_ref().map(|(a, c)| (a.as_str(), c.as_deref()))).ok_or(Problem::new("unread.none"))?;
    open(app, row.account.clone(), row.chat.clone()).await
}
