//! The statistics on disk: a sled database of their own (`stats/` in the data folder) holding the
//! core's ledger (`switchboard_core::stats`): each account's days (and months, for days past a
//! year), and the chats waiting for an answer, written as they change. Nothing of a message is
//! in it.

use sled::Transactional;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};
use switchboard_core::stats::{day_of, Ledger, Period, Row, Summary};

/// Days kept: a year, and today.
pub const KEEP_DAYS: i64 = 366;

pub struct Stats {
    db: sled::Db,
    days: sled::Tree,
    months: sled::Tree,
    waits: sled::Tree,
    ledger: Mutex<Ledger>,
    /// The day the ledger was last settled: when today is later, the days before close.
    settled: Mutex<i64>,
}

/// Whether opening the store (beside the start) is over, however it went: what a view waits for.
pub struct Opened(pub tokio::sync::watch::Receiver<bool>);

/// The user's time zone now, as an offset from UTC in seconds: a day is theirs.
pub fn utc_offset() -> i64 {
    i64::from(chrono::Local::now().offset().local_minus_utc())
}

pub fn today() -> i64 {
    day_of(chrono::Utc::now().timestamp(), utc_offset())
}

/// A day's or a month's key: the account, a unit separator, the number big-endian.
fn period_key(account: &str, n: i64) -> Vec<u8> {
    let mut key = format!("{account}\u{1f}").into_bytes();
    key.extend_from_slice(&n.to_be_bytes());
    key
}

/// The profile's salt for chat hashes, made on first use: random, or the one every profile shared
/// before when waits hashed with it are kept.
fn salt(db: &sled::Db, waits: &sled::Tree) -> Result<u64, String> {
    if let Some(kept) = db.get("salt").map_err(failed)? {
        if let Ok(bytes) = kept.as_ref().try_into() {
            return Ok(u64::from_be_bytes(bytes));
        }
    }
    let salt = if waits.is_empty() { rand::random::<u64>() } else { switchboard_core::stats::FIRST_SALT };
    db.insert("salt", &salt.to_be_bytes()).map_err(failed)?;
    Ok(salt)
}

/// Every period a tree holds, keyed as `period_key` writes; what can't be read is skipped.
fn read_periods<T: serde::de::DeserializeOwned>(tree: &sled::Tree) -> Result<BTreeMap<(String, i64), T>, String> {
    let mut kept = BTreeMap::new();
    for item in tree.iter() {
        let (key, value) = item.map_err(failed)?;
        let Some(at) = key.iter().position(|b| *b == 0x1f) else { continue };
        let (Ok(account), Ok(n)) = (std::str::from_utf8(&key[..at]), key[at + 1..].try_into().map(i64::from_be_bytes)) else { continue };
        if let Ok(figures) = serde_json::from_slice(&value) {
            kept.insert((account.to_string(), n), figures);
        }
    }
    Ok(kept)
}

fn failed(e: impl std::fmt::Display) -> String {
    format!("the statistics could not be kept: {e}")
}

impl Stats {
    /// Opens the statistics in `dir`; days past a year go into their months.
    pub fn open(dir: &Path) -> Result<Stats, String> {
        let db = sled::Config::new().path(dir).open().map_err(failed)?;
        let tree = |name: &str| db.open_tree(name).map_err(failed);
        let (days, months, waits) = (tree("days")?, tree("months")?, tree("waits")?);
        let (kept, kept_months) = (read_periods(&days)?, read_periods(&months)?);
        let mut accounts_waits = vec![];
        for item in waits.iter() {
            let (key, value) = item.map_err(failed)?;
            if let (Ok(account), Ok(waits)) = (String::from_utf8(key.to_vec()), serde_json::from_slice(&value)) {
                accounts_waits.push((account, waits));
            }
        }
        let ledger = Mutex::new(Ledger::restore(kept, kept_months, accounts_waits, salt(&db, &waits)?));
        let stats = Stats { db, days, months, waits, ledger, settled: Mutex::new(i64::MIN) };
        drop(stats.ledger());
        Ok(stats)
    }

    /// The ledger, its days before today closed (their chat sets gone, on disk too) and those
    /// past a year summed into their months, once a day.
    fn ledger(&self) -> MutexGuard<'_, Ledger> {
        let mut ledger = self.ledger.lock().unwrap_or_else(|e| e.into_inner());
        let today = today();
        let mut settled = self.settled.lock().unwrap_or_else(|e| e.into_inner());
        if *settled < today {
            *settled = today;
            let settled = ledger.settle(today, KEEP_DAYS);
            for (account, day) in settled.closed {
                self.keep(&ledger, &account, day, false);
            }
            // The months and the days summed into them, at once: a day is never on disk and in
            // its month too (a crash between would count it twice), nor in neither. If it fails,
            // the disk keeps the days and the next start sums them again.
            let written = (&self.months, &self.days).transaction(|(months, days)| {
                for (account, month) in &settled.months {
                    let figures = serde_json::to_vec(&ledger.months[&(account.clone(), *month)]).expect("plain data");
                    months.insert(period_key(account, *month), figures)?;
                }
                for (account, day) in &settled.gone {
                    days.remove(period_key(account, *day))?;
                }
                Ok::<_, sled::transaction::ConflictableTransactionError<()>>(())
            });
            if let Err(e) = written {
                eprintln!("switchboard: {}", failed(format!("{e:?}")));
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
            .map_or(Ok(None), |figures| self.days.insert(period_key(account, day), serde_json::to_vec(figures).expect("plain data")));
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

    /// Each account's figures over `days` days up to today with its longest wait open now, and
    /// then all of them together.
    pub fn report(&self, accounts: &[&str], days: i64) -> Vec<(Summary, Option<i64>)> {
        let ledger = self.ledger();
        let (today, now) = (today(), chrono::Utc::now().timestamp());
        let waits: Vec<Option<i64>> = accounts.iter().map(|a| ledger.longest_wait(a, now)).collect();
        let mut figures: Vec<(Summary, Option<i64>)> = accounts.iter().zip(&waits).map(|(a, wait)| (ledger.summary(&[a], today - days + 1, today), *wait)).collect();
        figures.push((ledger.summary(accounts, today - days + 1, today), waits.into_iter().flatten().max()));
        figures
    }

    /// A removed account's figures go with it.
    pub fn forget(&self, account: &str) {
        let mut ledger = self.ledger();
        let days: Vec<i64> = ledger.days.keys().filter(|(a, _)| a == account).map(|(_, d)| *d).collect();
        let months: Vec<i64> = ledger.months.keys().filter(|(a, _)| a == account).map(|(_, m)| *m).collect();
        ledger.forget(account);
        for day in days {
            let _ = self.days.remove(period_key(account, day));
        }
        for month in months {
            let _ = self.months.remove(period_key(account, month));
        }
        let _ = self.waits.remove(account.as_bytes());
    }

    /// The statistics file: a row per account (id, label, service name) per day of the last
    /// `days`, oldest first, after every month before them when `months`; and how many rows.
    pub fn csv(&self, accounts: &[(String, String, String)], days: i64, months: bool) -> (String, usize) {
        let ledger = self.ledger();
        let today = today();
        let mut rows = vec![];
        for (id, label, service) in accounts {
            if months {
                for ((_, month), figures) in ledger.months.range((id.clone(), i64::MIN)..=(id.clone(), i64::MAX)) {
                    rows.push(Row { account: id, label, service, period: Period::Month(*month, figures) });
                }
            }
            for ((_, day), figures) in ledger.days.range((id.clone(), today - days + 1)..=(id.clone(), today)) {
                rows.push(Row { account: id, label, service, period: Period::Day(*day, figures) });
            }
        }
        // Months, then days, each oldest first.
        rows.sort_by_key(|r| match r.period {
            Period::Month(month, _) => (0, month),
            Period::Day(day, _) => (1, day),
        });
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
            stats.received("wa", Some("eve"), 1, now - 20); // still waits: shorter than Ann's wait
            stats.received("tg", Some("ann"), 1, now - 30);
            stats.answered("wa", "bob", now);
            stats.unread("tg", 1, now);
            stats.flush().unwrap();
        }
        let stats = Stats::open(dir.path()).unwrap();
        let report = stats.report(&["wa", "tg"], 1);
        let ((wa, wa_wait), (tg, tg_wait), (total, total_wait)) = (&report[0], &report[1], &report[2]);
        assert_eq!((wa.received, wa.chats_answered, wa.answer_median), (3, 1, Some(60)));
        assert_eq!((tg.received, tg.backlog), (1, Some(1)));
        assert!(tg_wait.is_some() && wa_wait.is_some() && tg_wait > wa_wait, "Ann and Eve still wait after the restart, Ann longer");
        assert_eq!((total.received, total.chats_written, *total_wait), (4, 3, *tg_wait), "the total's longest wait is Ann's");
        stats.forget("tg");
        drop(stats);
        let stats = Stats::open(dir.path()).unwrap();
        let report = stats.report(&["tg", "wa"], 1);
        assert_eq!((report[0].0.received, report[1].0.received), (0, 3));
    }

    #[test]
    fn a_day_past_a_year_is_kept_in_its_month() {
        let dir = tempfile::tempdir().unwrap();
        let long_ago = chrono::Utc::now().timestamp() - 400 * 86_400;
        let accounts = [("wa".to_string(), "Shop".to_string(), "WhatsApp".to_string())];
        {
            let stats = Stats::open(dir.path()).unwrap();
            stats.received("wa", Some("bob"), 4, long_ago);
            stats.answered("wa", "bob", long_ago + 45); // under a minute: kept to the second
            stats.flush().unwrap();
        }
        let month = switchboard_core::stats::month_label(switchboard_core::stats::month_of(day_of(long_ago, utc_offset())));
        for _ in 0..2 {
            // Summed into its month as the store opens (then kept so), the day itself gone.
            let stats = Stats::open(dir.path()).unwrap();
            let (csv, rows) = stats.csv(&accounts, KEEP_DAYS, true);
            assert_eq!((rows, csv.lines().nth(1)), (1, Some(format!("{month},wa,Shop,WhatsApp,4,1,1,1,45,45,").as_str())));
            assert_eq!(stats.csv(&accounts, KEEP_DAYS, false).1, 0, "no day of it left");
            stats.flush().unwrap();
        }
        let stats = Stats::open(dir.path()).unwrap();
        stats.forget("wa");
        assert_eq!(stats.csv(&accounts, KEEP_DAYS, true).1, 0, "a removed account's months go too");
    }

    #[test]
    fn each_profile_hashes_its_chats_with_its_own_salt_and_keeps_it() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let now = chrono::Utc::now().timestamp().max(today() * 86_400 - utc_offset() + 120);
        let phone = "+7 999 123-45-67";
        for dir in [&a, &b] {
            let stats = Stats::open(dir.path()).unwrap();
            stats.received("wa", Some(phone), 1, now - 60);
            stats.flush().unwrap();
        }
        let kept = |dir: &Path| Stats::open(dir).unwrap().waits.get("wa").unwrap().unwrap().to_vec();
        assert_ne!(kept(a.path()), kept(b.path()), "the same number hashes differently in two profiles");
        // Started again, the answer finds the wait it answers.
        let stats = Stats::open(a.path()).unwrap();
        stats.answered("wa", phone, now);
        assert_eq!(stats.report(&["wa"], 1)[0].0.answer_median, Some(60));
    }

    #[test]
    fn waits_kept_before_profiles_had_a_salt_are_still_answered() {
        let dir = tempfile::tempdir().unwrap();
        let now = chrono::Utc::now().timestamp().max(today() * 86_400 - utc_offset() + 120);
        {
            let db = sled::Config::new().path(dir.path()).open().unwrap();
            let hash = switchboard_core::ids::stable_hash("bob", switchboard_core::stats::FIRST_SALT);
            db.open_tree("waits").unwrap().insert("wa", serde_json::to_vec(&[(hash, now - 90)]).unwrap()).unwrap();
            db.flush().unwrap();
        }
        let stats = Stats::open(dir.path()).unwrap();
        stats.answered("wa", "bob", now);
        assert_eq!(stats.report(&["wa"], 1)[0].0.answer_median, Some(90));
    }
}
