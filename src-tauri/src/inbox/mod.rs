//! Every account's unread count and notifications in one place. Pages report through the
//! bridge; what passes the bounds here goes to the OS through `bridge::deliver`.

pub mod history;
mod icons;
pub use switchboard_core::inbox::{chats, once, policy, unread};

use crate::rate::Limiter;
use history::{Entry, History};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use unread::Unread;

/// Per account: at most this many notifications in `NOTIFY_WINDOW`; the rest are dropped
/// (and counted), never queued.
pub const NOTIFY_BURST: usize = 10;
pub const NOTIFY_WINDOW: Duration = Duration::from_secs(10);
/// Per account: at most this many count changes in `NOTIFY_WINDOW`. The bridge sends one at
/// most every half second; a page sending more only loses its own updates.
pub const COUNT_BURST: usize = 40;

#[derive(Debug)]
struct AccountInbox {
    unread: Unread,
    /// Its page's unread chats, as last listed (kept while it sleeps); `None` until it lists any.
    chats: Option<Vec<chats::UnreadChat>>,
    /// When its count last rose (Unix seconds): where a row for the whole account sorts.
    rose_at: Option<i64>,
    notifications: Limiter,
    counts: Limiter,
    dropped: u64,
    /// The page load its events come from, and when its first came: what a page shows in its
    /// first `SETTLING` (its lists and counts drawn as it starts) was there already, not new.
    page: Option<(String, Instant)>,
    /// Messages that came in since last taken (`take_rises`), for the statistics.
    rises: Vec<Rise>,
}

/// How long after its first event a page is still drawing what was there before it loaded.
pub const SETTLING: Duration = Duration::from_secs(30);
/// Rises kept for the statistics between two takes (more are a flood, dropped).
const MAX_RISES: usize = 200;

/// Messages that came in: `messages` more unread, in `chat` where the page lists its chats.
#[derive(Debug, PartialEq)]
pub struct Rise {
    pub chat: Option<String>,
    pub messages: u32,
}

impl AccountInbox {
    /// Whether its page has shown what it had at its start (see `SETTLING`).
    fn settled(&self) -> bool {
        self.page.as_ref().is_some_and(|(_, since)| since.elapsed() >= SETTLING)
    }
}

impl Default for AccountInbox {
    fn default() -> Self {
        AccountInbox {
            unread: Unread::default(),
            chats: None,
            rose_at: None,
            notifications: Limiter::new(NOTIFY_BURST, NOTIFY_WINDOW),
            counts: Limiter::new(COUNT_BURST, NOTIFY_WINDOW),
            dropped: 0,
            page: None,
            rises: vec![],
        }
    }
}

pub struct Inbox {
    accounts: Mutex<HashMap<String, AccountInbox>>,
    /// The page events taken so far, so that one handed over twice is taken once.
    seen: Mutex<once::SeenByAccount>,
    history: Mutex<History>,
    pub icons: icons::Icons,
}

impl Inbox {
    pub fn new(history_file: PathBuf, icons_dir: PathBuf) -> Inbox {
        Inbox { accounts: Mutex::default(), seen: Mutex::default(), history: Mutex::new(History::open(history_file)), icons: icons::Icons::new(icons_dir) }
    }

    fn history(&self) -> std::sync::MutexGuard<'_, History> {
        self.history.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps a notification in the history, delivered or held back.
    pub fn record(&self, entry: Entry) {
        if let Err(e) = self.history().add(entry) {
            eprintln!("switchboard: could not write the notification history: {e}");
        }
    }

    pub fn history_list(&self, service: Option<&str>) -> Vec<Entry> {
        self.history().list(service)
    }

    /// An account was removed: its history goes too.
    pub fn forget_history(&self, account: &str) {
        if let Err(e) = self.history().forget(account) {
            eprintln!("switchboard: could not rewrite the notification history: {e}");
        }
    }

    fn with<T>(&self, account: &str, f: impl FnOnce(&mut AccountInbox) -> T) -> T {
        let mut accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        f(accounts.entry(account.to_string()).or_default())
    }

    /// Applies a change to an account's unread state; true when its count changed.
    pub fn update(&self, account: &str, change: impl FnOnce(&mut Unread)) -> bool {
        self.with(account, |a| {
            let before = (a.unread.count(), a.unread.marked());
            change(&mut a.unread);
            if a.unread.count() > before.0 || (a.unread.marked() && !before.1) {
                a.rose_at = Some(chrono::Utc::now().timestamp());
            }
            // A page that lists its chats says in which chat messages came (`set_chats`).
            if a.settled() && a.chats.is_none() && a.unread.count() > before.0 && a.rises.len() < MAX_RISES {
                a.rises.push(Rise { chat: None, messages: a.unread.count() - before.0 });
            }
            (a.unread.count(), a.unread.marked()) != before
        })
    }

    /// Keeps the unread chats an account's page lists now; true when they changed.
    pub fn set_chats(&self, account: &str, listed: Vec<chats::UnreadChat>) -> bool {
        self.with(account, |a| {
            // Each chat whose count rose had that many messages come in (what a page lists as it
            // starts was there already).
            if let Some(before) = a.chats.as_ref().filter(|_| a.settled()) {
                for chat in &listed {
                    let was = before.iter().find(|c| c.chat == chat.chat).map_or(0, |c| c.count);
                    if chat.count > was && a.rises.len() < MAX_RISES {
                        a.rises.push(Rise { chat: Some(chat.chat.clone()), messages: chat.count - was });
                    }
                }
            }
            a.chats.replace(listed.clone()) != Some(listed)
        })
    }

    /// The messages that came in to an account since last asked.
    pub fn take_rises(&self, account: &str) -> Vec<Rise> {
        self.with(account, |a| std::mem::take(&mut a.rises))
    }

    /// Per account: the unread chats its page listed last, and when its count last rose.
    pub fn unread_chats(&self) -> HashMap<String, (Option<Vec<chats::UnreadChat>>, Option<i64>)> {
        let accounts = self.accounts.lock().unwrap_or_else(|e| e.into_inner());
        accounts.iter().map(|(id, a)| (id.clone(), (a.chats.clone(), a.rose_at))).collect()
    }

    pub fn unread(&self, account: &str) -> u32 {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner()).get(account).map_or(0, |a| a.unread.count())
    }

    /// Unread without a number (see `Unread::marked`).
    pub fn marked(&self, account: &str) -> bool {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner()).get(account).is_some_and(|a| a.unread.marked())
    }

    /// Whether a notification of this account may go out now; refused ones are counted.
    pub fn admit(&self, account: &str, now: Instant) -> bool {
        self.admit_by(account, now, |a| &mut a.notifications)
    }

    /// Whether a count change from a page may be taken now; refused ones are counted.
    pub fn admit_count(&self, account: &str, now: Instant) -> bool {
        self.admit_by(account, now, |a| &mut a.counts)
    }

    fn admit_by(&self, account: &str, now: Instant, limiter: fn(&mut AccountInbox) -> &mut Limiter) -> bool {
        self.with(account, |a| {
            let allowed = limiter(a).allow(now);
            a.dropped += u64::from(!allowed);
            allowed
        })
    }

    /// Counts a notification lost after admission (the delivery queue was full).
    pub fn count_dropped(&self, account: &str) {
        self.with(account, |a| a.dropped += 1);
    }

    #[cfg(test)]
    pub fn dropped(&self, account: &str) -> u64 {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner()).get(account).map_or(0, |a| a.dropped)
    }

    /// Notes which page load an account's event came from: a new one starts settling.
    pub fn from_page(&self, account: &str, page: &str) {
        self.with(account, |a| {
            if a.page.as_ref().is_none_or(|(p, _)| p != page) {
                a.page = Some((page.to_string(), Instant::now()));
            }
        })
    }

    /// Whether this page event is new (see `once`).
    pub fn first_time(&self, account: &str, page: &str, number: u64) -> bool {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).first_time(account, page, number)
    }

    /// Forgets a removed or disabled account.
    pub fn forget(&self, account: &str) {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner()).remove(account);
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).forget(account);
    }
}

/// The local time of day in minutes, for the do-not-disturb schedule.
pub fn local_minute() -> policy::Minute {
    use chrono::Timelike;
    let now = chrono::Local::now();
    (now.hour() * 60 + now.minute()) as policy::Minute
}

/// "WhatsApp — Sales: Anna" — the service named once even when the label already starts with it;
/// an empty service name (custom services) leaves the label alone.
pub fn summary(service: &str, label: &str, title: &str) -> String {
    let who = if label.starts_with(service) { label.to_string() } else { format!("{service} — {label}") };
    if title.is_empty() {
        who
    } else {
        format!("{who}: {title}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inbox() -> (Inbox, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        (Inbox::new(dir.path().join("history.jsonl"), dir.path().join("icons")), dir)
    }

    #[test]
    fn counts_change_per_account() {
        let (inbox, _dir) = inbox();
        assert!(inbox.update("a", |u| u.title = Some(3)));
        assert!(!inbox.update("a", |u| u.title = Some(3)));
        assert!(inbox.update("b", |u| u.badge = Some(1)));
        assert_eq!((inbox.unread("a"), inbox.unread("b"), inbox.unread("c")), (3, 1, 0));
        inbox.forget("a");
        assert_eq!(inbox.unread("a"), 0);
    }

    #[test]
    fn messages_that_come_in_are_told_once_by_chat_or_by_count() {
        let (inbox, _dir) = inbox();
        let chat = |name: &str, count: u32| chats::UnreadChat { chat: name.into(), name: name.into(), count, preview: String::new(), time: String::new(), at: None };
        let settled = |account: &str, page: &str| {
            inbox.with(account, |a| a.page = Some((page.into(), Instant::now() - SETTLING * 2)));
        };
        // A count alone: what a page shows as it starts was there already; rises after it came in.
        inbox.from_page("wechat", "load-1");
        inbox.update("wechat", |u| u.title = Some(3));
        inbox.update("wechat", |u| u.title = Some(5));
        assert!(inbox.take_rises("wechat").is_empty(), "drawn as the page started");
        settled("wechat", "load-1");
        inbox.update("wechat", |u| u.title = Some(7));
        inbox.update("wechat", |u| u.title = Some(0));
        inbox.update("wechat", |u| u.title = Some(1));
        assert_eq!(inbox.take_rises("wechat"), [Rise { chat: None, messages: 2 }, Rise { chat: None, messages: 1 }]);
        assert!(inbox.take_rises("wechat").is_empty(), "taken once");
        // Reloaded (woken, recovered): its count going 0 and back is no message.
        inbox.from_page("wechat", "load-2");
        inbox.update("wechat", |u| u.title = Some(0));
        inbox.update("wechat", |u| u.title = Some(1));
        assert!(inbox.take_rises("wechat").is_empty());
        // A page that lists its chats: by chat, and its count's rises are not counted again.
        inbox.from_page("wa", "load-1");
        inbox.update("wa", |u| u.title = Some(2));
        inbox.set_chats("wa", vec![]);
        inbox.set_chats("wa", vec![chat("Мария", 2)]);
        settled("wa", "load-1");
        inbox.set_chats("wa", vec![chat("Мария", 2), chat("Bob", 1)]);
        inbox.update("wa", |u| u.title = Some(3));
        inbox.set_chats("wa", vec![chat("Bob", 3)]);
        assert_eq!(inbox.take_rises("wa"), [Rise { chat: Some("Bob".into()), messages: 1 }, Rise { chat: Some("Bob".into()), messages: 2 }]);
    }

    #[test]
    fn a_flood_is_bounded_per_account_and_counted() {
        let (inbox, _dir) = inbox();
        let now = Instant::now();
        let passed = (0..10_000).filter(|_| inbox.admit("a", now)).count();
        assert_eq!(passed, NOTIFY_BURST);
        assert_eq!(inbox.dropped("a"), 10_000 - NOTIFY_BURST as u64);
        assert!(inbox.admit("b", now), "another account is not held back");
        let counts = (0..1_000).filter(|_| inbox.admit_count("b", now)).count();
        assert_eq!(counts, COUNT_BURST);
        assert!(inbox.admit_count("b", now + NOTIFY_WINDOW), "the bound is per window");
    }

    #[test]
    fn summaries_name_the_service_once() {
        assert_eq!(summary("WhatsApp", "WhatsApp — Sales", "Anna"), "WhatsApp — Sales: Anna");
        assert_eq!(summary("Telegram", "Support", "Иван"), "Telegram — Support: Иван");
        assert_eq!(summary("WeChat", "客服", ""), "WeChat — 客服");
        assert_eq!(summary("", "Team chat", "Bob"), "Team chat: Bob");
    }
}
