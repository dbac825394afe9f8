//! The contact index inside the running app: opened once in the background at start (a big
//! index takes a moment to load into memory, and the window must not wait for it), shared by the
//! pages' chat lists and the shell's palette; what the pages send is rate-bounded per account.

use crate::problem::Problem;
use super::{Contact, Contacts, ContactsError};
use crate::rate::Limiter;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// At most this many chats in one event from a page (the bridge sends 100 at a time).
pub const MAX_CHATS_PER_EVENT: usize = 100;
/// Chat-list events per account in any 10 s: a first look at a 1,000-chat list is 10.
const CHATS_BURST: usize = 30;
const CHATS_WINDOW: Duration = Duration::from_secs(10);
/// A page's time for a chat is believed from this far back (a row's "14:05" is today's) up to
/// a minute ahead of the clock here.
const PLAUSIBLE_PAST: i64 = 2 * 24 * 3600;

pub struct LiveIndex {
    dir: PathBuf,
    opened: OnceCell<Result<Arc<Contacts>, Problem>>,
    /// Per account: its rate bound, and how many events it had dropped.
    limits: Mutex<HashMap<String, (Limiter, u64)>>,
}

/// One chat as a page reports it (the account comes from who sent it).
#[derive(Debug, serde::Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageChat {
    pub chat: String,
    pub name: String,
    #[serde(default)]
    pub last_active: Option<i64>,
    #[serde(default)]
    pub avatar: Option<String>,
}

impl LiveIndex {
    pub fn new(dir: PathBuf) -> LiveIndex {
        LiveIndex { dir, opened: OnceCell::new(), limits: Mutex::default() }
    }

    /// The index, opened on first use (off the async threads); the notice is for the user when a
    /// damaged index was moved aside.
    pub async fn get(&self) -> Result<Arc<Contacts>, Problem> {
        self.open(|_| {}).await
    }

    /// Opens the index if nobody did yet, telling `notice` what the user should know.
    pub async fn open(&self, notice: impl FnOnce(Problem)) -> Result<Arc<Contacts>, Problem> {
        let dir = self.dir.clone();
        let mut told = None;
        let result = self
            .opened
            .get_or_init(|| async {
                let opened = tokio::task::spawn_blocking(move || Contacts::open(&dir)).await;
                match opened {
                    Ok(Ok(opened)) => {
                        told = opened.notice;
                        Ok(Arc::new(opened.contacts))
                    }
                    Ok(Err(e)) => Err(e.problem()),
                    Err(e) => Err(Problem::internal(e)),
                }
            })
            .await
            .clone();
        if let Some(text) = told {
            notice(text);
        }
        result
    }

    /// Whether this account may send one more chat-list event now; one over the bound is
    /// dropped and counted.
    pub fn admit(&self, account: &str, now: Instant) -> bool {
        let mut limits = self.limits.lock().unwrap_or_else(|e| e.into_inner());
        let (limiter, dropped) = limits.entry(account.to_string()).or_insert_with(|| (Limiter::new(CHATS_BURST, CHATS_WINDOW), 0));
        let allowed = limiter.allow(now);
        *dropped += u64::from(!allowed);
        allowed
    }

    pub fn dropped(&self, account: &str) -> u64 {
        self.limits.lock().unwrap_or_else(|e| e.into_inner()).get(account).map_or(0, |(_, dropped)| *dropped)
    }
}

/// What a page said, as records of `account`: bounded, cleaned, times only where believable.
/// Entries that can't be used are left out; the rest of the batch stands.
pub fn records(account: &str, chats: Vec<PageChat>, now: i64) -> Result<Vec<Contact>, ContactsError> {
    if chats.len() > MAX_CHATS_PER_EVENT {
        return Err(ContactsError::Invalid(Problem::new("contacts.too_many_chats").with("max", MAX_CHATS_PER_EVENT)));
    }
    let records = chats
        .into_iter()
        .filter_map(|c| {
            let last_active = c.last_active.filter(|t| (now - PLAUSIBLE_PAST..=now + 60).contains(t));
            Contact { account: account.to_string(), chat: c.chat, name: c.name, last_active, avatar: c.avatar }.clean().ok()
        })
        .collect();
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_chat(chat: &str, name: &str, last_active: Option<i64>) -> PageChat {
        PageChat { chat: chat.into(), name: name.into(), last_active, avatar: None }
    }

    #[test]
    fn a_page_cannot_name_another_account_or_a_time_it_cannot_know() {
        let now = 1_800_000_000;
        let got = records(
            "acct-1",
            vec![page_chat("5001", "Анна", Some(now - 60)), page_chat("5002", "王伟", Some(now + 86_400)), page_chat("", "nobody", None)],
            now,
        )
        .unwrap();
        assert_eq!(got.len(), 2, "the chat without a reference is left out");
        assert!(got.iter().all(|c| c.account == "acct-1"));
        assert_eq!((got[0].last_active, got[1].last_active), (Some(now - 60), None));
        let flood: Vec<PageChat> = (0..=MAX_CHATS_PER_EVENT).map(|i| page_chat(&i.to_string(), "x", None)).collect();
        assert!(records("acct-1", flood, now).is_err());
        assert!(serde_json::from_str::<PageChat>(r#"{"chat":"1","name":"x","account":"other"}"#).is_err());
    }

    #[test]
    fn a_flood_of_chat_lists_is_cut_and_counted() {
        let live = LiveIndex::new(PathBuf::from("/nonexistent"));
        let now = Instant::now();
        assert_eq!((0..100).filter(|_| live.admit("a", now)).count(), CHATS_BURST);
        assert_eq!(live.dropped("a"), 100 - CHATS_BURST as u64);
        assert!(live.admit("b", now), "the bound is per account");
    }
}
