//! The statistics on disk: a sled database of their own (`stats/` in the data folder) holding the
//! core's ledger (`switchboard_core::stats`): each account's days, and the chats waiting for an
//! answer, written as they change. Nothing of a message is in it.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use switchboard_core::stats::{day_of, Day, Ledger, Summary};

/// Days kept: a year, and today.
pub const KEEP_DAYS: i64 = 366;

pub struct Stats {
    db: sled::Db,
    days: sled::Tree,
    waits: sled::Tree,
    ledger: Mutex<Ledger>,
    /// The day the ledger was last settled: when today is later, the days before close.
    settled: Mutex<i64>,
}

/// The user's time zone now, as an offset from UTC in seconds: a day is theirs.
pub fn utc_offset() -> i64 {
    i64::from(chrono::Local::now().offset().local_minus_utc())
}

pub fn today() -> i64 {
    day_of(chrono::Utc::now().timestamp(), utc_offset())
}

fn day_key(account: &str, day: i64) -> Vec<u8> {
    let mut key = format!("{account}\u{1f}").into_bytes();
    key.extend_from_slice(&day.to_be_bytes());
    key
}

fn failed(e: impl std::fmt::Display) -> String {
    format!("the statistics could not be kept: {e}")
}

impl Stats {
    /// Opens the statistics in `dir`; a year's days are read, older ones dropped.
    pub fn open(dir: &Path) -> Result<Stats, String> {
        let db = sled::Config::new().path(dir).open().map_err(failed)?;
        let (days, waits) = (db.open_tree("days").map_err(failed)?, db.open_tree("waits").map_err(failed)?);
        let mut kept = BTreeMap::new();
        for item in days.iter() {
            let (key, value) = item.map_err(failed)?;
            let Some(at) = key.iter().position(|b| *b == 0x1f) else { continue };
            let (Ok(account), Ok(day)) = (std::str::from_utf8(&key[..at]), key[at + 1..].try_into().map(i64::from_be_bytes)) else { continue };
            if let Ok(figures) = serde_json::from_slice::<Day>(&value) {
                kept.insert((account.to_string(), day), figures);
            }
        }
        let mut accounts_waits = vec![];
        for item in waits.iter() {
            let (key, value) = item.map_err(failed)?;
            if let (Ok(account), Ok(waits)) = (String::from_utf8(key.to_vec()), serde_json::from_slice(&value)) {
                accounts_waits.push((account, waits));
            }
        }
        let stats = Stats { db, days, waits, ledger: Mutex::new(Ledger::restore(kept, accounts_waits)), settled: Mutex::new(i64::MIN) };
        drop(stats.ledger());
        Ok(stats)
    }

    /// The ledger, its days before today closed (their chat sets gone, on disk too) and those
    /// past a year dropped, once a day.
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        let mut ledger = self.ledger.lock().unwrap_or_else(|e| e.into_inner());
        let today = today();
        let mut settled = self.settled.lock().unwrap_or_else(|e| e.into_inner());
        if *settled < today {
            *settled = today;
            let (closed, gone) = ledger.settle(today, KEEP_DAYS);
            for (account, day) in closed {
                self.keep(&ledger, &account, day, false);
            }
            for (account, day) in gone {
                let _ = self.days.remove(day_key(&account, day));
            }
        }
        ledger
    }

    /// Writes one account's day as the ledger has it now, and its waits when they changed (a
    /// message in, an answer; not a count or a day closing).
    fn keep(&self, ledger: &Ledger, account: &str, day: i64, waits_changed: bool) {
        let mut written = ledger
            .days
            .get(&(account.to_string(), day))
            .map_or(Ok(None), |figures| self.days.insert(day_key(account, day), serde_json::to_vec(figures).expect("plain data")));
        if waits_changed {
            written = written.and_then(|_| self.waits.insert(account.as_bytes(), serde_json::to_vec(&ledger.waits(account)).expect("plain data")));
        }
        if let Err(e) = written {
            eprintln!("switchboard: {}", failed(e));
        }
    }

    /// `count` messages came in to `account`, in `chat` where its page names it.
    pub fn received(&self, account: &str, chat: Option<&str>, count: u32, at: i64) {
        let offset = utc_offset();
        let mut ledger = self.ledger();
        ledger.received(account, chat, count, at, offset);
        self.keep(&ledger, account, day_of(at, offset), true);
    }

    /// The user sent a message in `chat`.
    pub fn answered(&self, account: &str, chat: &str, at: i64) {
        let offset = utc_offset();
        let mut ledger = self.ledger();
        ledger.answered(account, chat, at, offset);
        self.keep(&ledger, account, day_of(at, offset), true);
    }

    /// The account's unread count now (written only when it changed the day's figure).
    pub fn unread(&self, account: &str, count: u32, at: i64) {
        let (offset, mut ledger) = (utc_offset(), self.ledger());
        let day = day_of(at, offset);
        if ledger.days.get(&(account.to_string(), day)).and_then(|d| d.backlog) != Some(count) {
            ledger.unread(account, count, at, offset);
            self.keep(&ledger, account, day, false);
        }
    }

    /// One account's figures over `days` days up to today, and its longest wait open now.
    pub fn summary(&self, account: &str, days: i64) -> (Summary, Option<i64>) {
        let ledger = self.ledger();
        let today = today();
        (ledger.summary(account, today - days + 1, today), ledger.longest_wait(account, chrono::Utc::now().timestamp()))
    }

    /// A removed account's figures go with it.
    pub fn forget(&self, account: &str) {
        let mut ledger = self.ledger();
        let gone: Vec<i64> = ledger.days.keys().filter(|(a, _)| a == account).map(|(_, d)| *d).collect();
        ledger.forget(account);
        for day in gone {
            let _ = self.days.remove(day_key(account, day));
        }
        let _ = self.waits.remove(account.as_bytes());
    }

    /// The statistics file: a row per account (id, label, service name) per day of the last
    /// `days`, oldest first; and how many rows.
    pub fn csv(&self, accounts: &[(String, String, String)], days: i64) -> (String, usize) {
        let ledger = self.ledger();
        let today = today();
        let mut rows = vec![];
        for (id, label, service) in accounts {
            for ((_, day), figures) in ledger.days.range((id.clone(), today - days + 1)..=(id.clone(), today)) {
                rows.push(switchboard_core::stats::Row { account: id, label, service, day: *day, figures });
            }
        }
        rows.sort_by_key(|r| r.day);
        (switchboard_core::stats::to_csv(&rows), rows.len())
    }

    pub fn flush(&self) -> Result<(), String> {
        self.db.flush().map(|_| ()).map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_waits_outlive_a_restart_and_a_removed_account_takes_its_own() {
        let dir = tempfile::tempdir().unwrap();
        // Not in the first minutes of a day: a minute before now is today too.
        let now = chrono::Utc::now().timestamp().max(today() * 86_400 - utc_offset() + 120);
        {
            let stats = Stats::open(dir.path()).unwrap();
            stats.received("wa", Some("bob"), 2, now - 60);
            stats.received("tg", Some("ann"), 1, now - 30);
            stats.answered("wa", "bob", now);
            stats.unread("tg", 1, now);
            stats.flush().unwrap();
        }
        let stats = Stats::open(dir.path()).unwrap();
        let (wa, wa_wait) = stats.summary("wa", 1);
        assert_eq!((wa.received, wa.chats_answered, wa.answer_median, wa_wait), (2, 1, Some(60), None));
        let (tg, tg_wait) = stats.summary("tg", 1);
        assert_eq!((tg.received, tg.backlog), (1, Some(1)));
        assert!(tg_wait.is_some(), "Ann still waits after the restart");
        stats.forget("tg");
        drop(stats);
        let stats = Stats::open(dir.path()).unwrap();
        assert_eq!((stats.summary("tg", 1).0.received, stats.summary("wa", 1).0.received), (0, 2));
    }
}
