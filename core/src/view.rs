//! What the shell UI and the tray show: the view models, built by the app from its state and
//! sent to the UI as they are. Plain data, so what the tray menu holds is decided (and tested)
//! without a display.

use crate::inbox::policy::{Dnd, Mute};
use crate::problem::Problem;
use crate::workspace::{DownloadRule, LockSettings, Permission, Sleep, Unrunnable};
use serde::Serialize;
use std::path::PathBuf;

#[derive(Serialize, Clone, Default)]
pub struct AccountView {
    pub id: String,
    pub label: String,
    pub service: String,
    pub service_name: String,
    pub monogram: String,
    /// The site's own icon (a data: address), for a custom service whose page showed one.
    pub icon: Option<String>,
    pub color: String,
    pub enabled: bool,
    /// 1-based Ctrl+N number, for enabled accounts among the first nine.
    pub shortcut: Option<usize>,
    pub unread: u32,
    /// Unread messages no number counts (the page's icon says so): a dot.
    pub marked: bool,
    pub mute: Mute,
    /// Its alerts name neither the sender nor the text.
    pub private_alerts: bool,
    /// Its pages get the user's own style and script.
    pub custom_code: bool,
    pub sleep: Sleep,
    /// What its pages were allowed or refused, per site.
    pub permissions: std::collections::BTreeMap<String, std::collections::BTreeMap<Permission, bool>>,
    pub downloads: DownloadRule,
    /// Its page is closed until it is opened again.
    pub asleep: bool,
    /// Why this version can't open it, if it can't (shown greyed, can only be removed).
    pub problem: Option<Unrunnable>,
    /// Why its page can't load right now (no network, server down), if it can't.
    pub trouble: Option<Problem>,
}

#[derive(Serialize, Clone, Default)]
pub struct WorkspaceView {
    pub accounts: Vec<AccountView>,
    pub active: Option<String>,
    pub notice: Option<Problem>,
    /// Unread messages over all accounts.
    pub total_unread: u32,
    pub dnd: Dnd,
    /// Do-not-disturb is in force right now (by the toggle or the schedule).
    pub quiet: bool,
    pub close_to_tray: bool,
    /// A tray host shows our icon, so there is a tray to close to.
    pub tray: bool,
    pub lock: LockSettings,
    /// The app is locked: the UI shows only the lock screen.
    pub locked: bool,
    /// Locked, and the lock's password is gone from the keychain: only a reset opens it.
    pub lock_lost: bool,
    pub hotkey: String,
    pub sleep_minutes: u32,
    /// Pages' questions (camera, location…) waiting for the user, oldest first.
    pub asking: Vec<Asking>,
    /// Files pages saved or want to save, oldest first.
    pub downloads: Vec<Download>,
    /// Where they go.
    pub download_dir: String,
    /// What the keyboard calls the key of the app's shortcuts: "Ctrl", or "Cmd" on a Mac.
    pub command_key: &'static str,
    /// The language the app speaks now (its code), and whether it is written right to left.
    pub language: &'static str,
    pub rtl: bool,
    /// The language chosen in Settings; `None` when the system's is followed.
    pub language_choice: Option<String>,
    /// The system's language, as far as the app speaks it.
    pub system_language: &'static str,
    /// A link from outside waiting for the user to pick its account (or add one).
    pub link: Option<LinkChoice>,
    /// The groups of accounts, and the one the sidebar shows (none: every account).
    pub groups: Vec<GroupView>,
    pub group: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct GroupView {
    pub id: String,
    pub name: String,
    pub accounts: Vec<String>,
    pub outside: crate::workspace::Outside,
    /// Unread messages in its accounts (muted ones aside).
    pub unread: u32,
}

/// A link more than one account could open, or none yet.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct LinkChoice {
    /// Which link this is: an answer names it, so it never goes to a link that came after.
    pub id: u64,
    /// `links::Family` by name: "telegram", "whatsapp", "mail".
    pub family: &'static str,
    /// What the link opens, as the user may check it (`Link::describe`).
    pub link: String,
    /// The accounts that can open it, in the sidebar's order; none: add one of `services` first.
    pub accounts: Vec<String>,
    pub services: Vec<String>,
}

/// A question waiting for the user.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Asking {
    pub id: u64,
    pub account: String,
    /// The site asking ("https://web.telegram.org").
    pub origin: String,
    pub kinds: Vec<Permission>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Waiting for the user's yes or no.
    Asking,
    Saving,
    Done,
    Failed,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Download {
    pub id: u64,
    pub account: String,
    pub url: String,
    /// The file's name as the page suggests it, made safe.
    pub file: String,
    /// Where it is written (once saving).
    pub path: Option<PathBuf>,
    pub state: State,
    /// Its size once done.
    pub bytes: Option<u64>,
}

/// The tray menu as data: the menu is rebuilt only when this changes (a count that changes every
/// few seconds would otherwise rebuild it each time, and close it under the user's pointer).
#[derive(PartialEq, Clone, Default, Debug)]
pub struct TrayMenu {
    /// The language of its texts.
    pub language: &'static str,
    /// (id, text) of each account; none while locked, where nothing may name an account.
    pub accounts: Vec<(String, String)>,
    pub dnd: bool,
    pub locked: bool,
    pub window_shown: bool,
    pub lock_on: bool,
}

impl TrayMenu {
    pub fn of(view: &WorkspaceView, window_shown: bool) -> TrayMenu {
        let accounts = view
            .accounts
            .iter()
            .filter(|a| a.enabled && !view.locked)
            .map(|a| (a.id.clone(), if a.unread > 0 { format!("{} ({})", a.label, a.unread) } else { a.label.clone() }))
            .collect();
        TrayMenu { language: view.language, accounts, dnd: view.dnd.on, locked: view.locked, window_shown, lock_on: view.lock.on }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(id: &str, unread: u32, enabled: bool) -> AccountView {
        AccountView { id: id.into(), label: format!("Label {id}"), unread, enabled, ..Default::default() }
    }

    #[test]
    fn the_tray_names_enabled_accounts_with_their_counts_and_none_while_locked() {
        let mut view = WorkspaceView { accounts: vec![account("a", 3, true), account("b", 0, true), account("off", 9, false)], ..Default::default() };
        let menu = TrayMenu::of(&view, true);
        assert_eq!(menu.accounts, [("a".to_string(), "Label a (3)".to_string()), ("b".to_string(), "Label b".to_string())]);
        assert_eq!(TrayMenu::of(&view, true), menu, "the same view makes the same menu: nothing to rebuild");
        view.accounts[1].unread = 1;
        assert_ne!(TrayMenu::of(&view, true), menu, "a count the menu shows changes it");
        view.locked = true;
        assert!(TrayMenu::of(&view, true).accounts.is_empty(), "a locked app names no account");
    }
}
