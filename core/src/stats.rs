//! Statistics in one format across every channel: per account and per day, the messages that came
//! in, the chats they came in, the chats answered and how fast (from a customer's message to the
//! user's first message after it in that chat), what still waits, and the unread left at the end
//! of the day. Nothing of a message is kept: a chat is a hash of its reference, and only while the
//! day it counts for is open (to count it once).

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub const DAY: i64 = 86_400;
/// Answer times kept for one account's day at most (the figures stay right far beyond any desk).
const MAX_ANSWERS_A_DAY: usize = 10_000;
/// Chats waiting for an answer kept per account; past it the oldest waits are dropped.
const MAX_WAITING: usize = 500;
/// A wait this old is over (answered elsewhere, on the phone): it no longer counts as open.
const WAIT_EXPIRES: i64 = 3 * DAY;
/// Chats counted once a day per account at most (a page inventing chats can't grow a day).
const MAX_CHATS_A_DAY: usize = 5_000;

/// A day: days since 1970-01-01 in the user's time zone.
pub fn day_of(at: i64, utc_offset: i64) -> i64 {
    (at + utc_offset).div_euclid(DAY)
}

/// One account's day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Day {
    pub received: u32,
    /// Chats that got a message, and chats the user answered.
    pub chats_written: u32,
    pub chats_answered: u32,
    /// Each first answer's wait, in seconds.
    pub answer_secs: Vec<u32>,
    /// The account's unread count as the day ended (the last one seen that day).
    pub backlog: Option<u32>,
    /// While the day is open: which chats (hashed) counted already.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    written: Vec<u64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    answered: Vec<u64>,
}

impl Day {
    /// The day is over: only its figures stay.
    pub fn close(&mut self) {
        (self.written, self.answered) = (vec![], vec![]);
    }
}

/// Every account's days, and the chats waiting for an answer now.
#[derive(Debug, Default)]
pub struct Ledger {
    pub days: BTreeMap<(String, i64), Day>,
    /// Account → chat (hashed) → since when it waits (its first unanswered message).
    waiting: HashMap<String, HashMap<u64, i64>>,
}

fn chat_key(chat: &str) -> u64 {
    crate::ids::stable_hash(chat, 0x5354_4154)
}

impl Ledger {
    /// A ledger as it was kept: the days, and each account's waits (chat hash, since).
    pub fn restore(days: BTreeMap<(String, i64), Day>, waits: Vec<(String, Vec<(u64, i64)>)>) -> Ledger {
        let waiting = waits.into_iter().map(|(account, w)| (account, w.into_iter().collect())).collect();
        Ledger { days, waiting }
    }

    /// An account's waits, to keep them.
    pub fn waits(&self, account: &str) -> Vec<(u64, i64)> {
        self.waiting.get(account).map(|w| w.iter().map(|(k, v)| (*k, *v)).collect()).unwrap_or_default()
    }

    fn day(&mut self, account: &str, day: i64) -> &mut Day {
        self.days.entry((account.to_string(), day)).or_default()
    }

    /// `count` messages came in to `account`, in `chat` where the page names it (else they count
    /// as messages only: the service shows no chats).
    pub fn received(&mut self, account: &str, chat: Option<&str>, count: u32, at: i64, utc_offset: i64) {
        let day = self.day(account, day_of(at, utc_offset));
        day.received = day.received.saturating_add(count);
        let Some(chat) = chat.map(chat_key) else { return };
        if day.written.len() < MAX_CHATS_A_DAY && !day.written.contains(&chat) {
            day.written.push(chat);
            day.chats_written += 1;
        }
        let waiting = self.waiting.entry(account.to_string()).or_default();
        waiting.retain(|_, since| at - *since < WAIT_EXPIRES);
        waiting.entry(chat).or_insert(at);
        if waiting.len() > MAX_WAITING {
            let oldest = waiting.iter().min_by_key(|(_, since)| **since).map(|(k, _)| *k);
            oldest.map(|k| waiting.remove(&k));
        }
    }

    /// The user sent a message in `chat`: the first one since the customer wrote answers them
    /// (a chat the user writes first, or again, answers nobody).
    pub fn answered(&mut self, account: &str, chat: &str, at: i64, utc_offset: i64) {
        let key = chat_key(chat);
        let Some(since) = self.waiting.get_mut(account).and_then(|w| w.remove(&key)) else { return };
        let day = self.day(account, day_of(at, utc_offset));
        if day.answered.len() < MAX_CHATS_A_DAY && !day.answered.contains(&key) {
            day.answered.push(key);
            day.chats_answered += 1;
        }
        if day.answer_secs.len() < MAX_ANSWERS_A_DAY {
            day.answer_secs.push(u32::try_from((at - since).max(0)).unwrap_or(u32::MAX));
        }
    }

    /// The account's unread count now: the last of the day is its backlog.
    pub fn unread(&mut self, account: &str, count: u32, at: i64, utc_offset: i64) {
        self.day(account, day_of(at, utc_offset)).backlog = Some(count);
    }

    /// The longest wait still open on `account` now, in seconds.
    pub fn longest_wait(&self, account: &str, now: i64) -> Option<i64> {
        self.waiting.get(account)?.values().filter(|since| now - **since < WAIT_EXPIRES).min().map(|since| (now - since).max(0))
    }

    /// Closes every day before `today` and forgets days older than `keep_days`; returns the days
    /// that changed (closed now: to write again) and those gone (to delete).
    pub fn settle(&mut self, today: i64, keep_days: i64) -> (Vec<(String, i64)>, Vec<(String, i64)>) {
        let gone: Vec<(String, i64)> = self.days.keys().filter(|(_, day)| *day <= today - keep_days).cloned().collect();
        self.days.retain(|(_, day), _| *day > today - keep_days);
        let mut closed = vec![];
        for ((account, day), figures) in self.days.iter_mut() {
            if *day < today && !(figures.written.is_empty() && figures.answered.is_empty()) {
                figures.close();
                closed.push((account.clone(), *day));
            }
        }
        (closed, gone)
    }

    /// An account is gone: its days and waits too.
    pub fn forget(&mut self, account: &str) {
        self.days.retain(|(a, _), _| a != account);
        self.waiting.remove(account);
    }

    /// One account's figures over the days `from..=to`.
    pub fn summary(&self, account: &str, from: i64, to: i64) -> Summary {
        let mut sum = Summary::default();
        let mut answers = vec![];
        for ((_, day), figures) in self.days.range((account.to_string(), from)..=(account.to_string(), to)) {
            sum.received = sum.received.saturating_add(figures.received);
            sum.chats_written = sum.chats_written.saturating_add(figures.chats_written);
            sum.chats_answered = sum.chats_answered.saturating_add(figures.chats_answered);
            answers.extend(&figures.answer_secs);
            let mut shown = figures.clone();
            shown.close();
            sum.days.push((*day, shown));
            // The last day that saw a count (a quiet day sees none).
            sum.backlog = figures.backlog.or(sum.backlog);
        }
        answers.sort_unstable();
        sum.answer_median = percentile(&answers, 50);
        sum.answer_p90 = percentile(&answers, 90);
        sum.answers = answers.len() as u32;
        sum
    }
}

/// What the Statistics panel shows for one account and a span of days.
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct Summary {
    pub received: u32,
    pub chats_written: u32,
    pub chats_answered: u32,
    pub answers: u32,
    /// Seconds to a first answer: the median and the 90th percentile.
    pub answer_median: Option<u32>,
    pub answer_p90: Option<u32>,
    /// The unread count as the last day ended (or now, for today).
    pub backlog: Option<u32>,
    /// Each day that has figures.
    pub days: Vec<(i64, Day)>,
}

/// A day's date as "2026-12-06" (the proleptic Gregorian calendar).
pub fn date_of(day: i64) -> String {
    // Days to a civil date (H. Hinnant's algorithm): eras of 400 years from 0000-03-01.
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// One row of the statistics file: which account, which day, its figures.
pub struct Row<'a> {
    pub account: &'a str,
    pub label: &'a str,
    pub service: &'a str,
    pub day: i64,
    pub figures: &'a Day,
}

/// The statistics as CSV, one row per account per day; times in seconds. Names a spreadsheet
/// would run as formulas start with an apostrophe.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = csv::Writer::from_writer(vec![]);
    out.write_record(["date", "account", "label", "service", "received", "chats_written", "chats_answered", "answers", "answer_median_s", "answer_p90_s", "unread_at_end"])
        .expect("in memory");
    for row in rows {
        let mut times = row.figures.answer_secs.clone();
        times.sort_unstable();
        let figure = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
        let label = match row.label.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
            true => format!("'{}", row.label),
            false => row.label.to_string(),
        };
        out.write_record([
            date_of(row.day),
            row.account.to_string(),
            label,
            row.service.to_string(),
            row.figures.received.to_string(),
            row.figures.chats_written.to_string(),
            row.figures.chats_answered.to_string(),
            times.len().to_string(),
            figure(percentile(&times, 50)),
            figure(percentile(&times, 90)),
            figure(row.figures.backlog),
        ])
        .expect("in memory");
    }
    String::from_utf8(out.into_inner().expect("in memory")).expect("UTF-8 in, UTF-8 out")
}

/// The `p`-th percentile of sorted values (nearest rank).
fn percentile(sorted: &[u32], p: usize) -> Option<u32> {
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_796_600_000; // a moment on 2026-12-06 (UTC)
    const MSK: i64 = 3 * 3600;

    #[test]
    fn messages_chats_and_answers_are_counted_once_each() {
        let mut ledger = Ledger::default();
        // Bob writes three times to two accounts; the user answers his first chat after 95 s.
        ledger.received("wa", Some("bob"), 1, T0, MSK);
        ledger.received("wa", Some("bob"), 1, T0 + 10, MSK);
        ledger.received("tg", Some("bob-tg"), 1, T0 + 20, MSK);
        ledger.answered("wa", "bob", T0 + 95, MSK);
        ledger.answered("wa", "bob", T0 + 120, MSK); // a second message: no second answer time
        ledger.answered("wa", "new-customer", T0 + 130, MSK); // written first by the user: no answer
        let today = day_of(T0, MSK);
        let wa = ledger.summary("wa", today, today);
        assert_eq!((wa.received, wa.chats_written, wa.chats_answered, wa.answers, wa.answer_median), (2, 1, 1, 1, Some(95)));
        let tg = ledger.summary("tg", today, today);
        assert_eq!((tg.received, tg.chats_written, tg.chats_answered, tg.answer_median), (1, 1, 0, None));
        assert_eq!(ledger.longest_wait("tg", T0 + 320), Some(300), "Bob's Telegram chat still waits");
        assert_eq!(ledger.longest_wait("tg", T0 + 4 * DAY), None, "answered elsewhere: after three days no longer open");
        assert_eq!(ledger.longest_wait("wa", T0 + 320), None);
        // A service that names no chats: messages only.
        ledger.received("wechat", None, 1, T0, MSK);
        assert_eq!(ledger.summary("wechat", today, today).chats_written, 0);
    }

    #[test]
    fn the_day_is_the_users_and_days_add_up_with_percentiles() {
        // 23:33 UTC is already the next day in Moscow (02:33).
        assert_eq!(day_of(T0, MSK) - day_of(T0, 0), 1);
        let mut ledger = Ledger::default();
        for (n, wait) in [10, 20, 30, 40, 50, 60, 70, 80, 90, 1000].into_iter().enumerate() {
            let at = T0 + n as i64 * DAY;
            ledger.received("wa", Some(&format!("c{n}")), 1, at, 0);
            ledger.answered("wa", &format!("c{n}"), at + wait, 0);
            ledger.unread("wa", n as u32, at + 1, 0);
        }
        let (first, last) = (day_of(T0, 0), day_of(T0 + 9 * DAY, 0));
        let all = ledger.summary("wa", first, last);
        assert_eq!((all.received, all.answers, all.answer_median, all.answer_p90), (10, 10, Some(50), Some(90)));
        assert_eq!((all.days.len(), all.backlog), (10, Some(9)), "the backlog as the last day ended");
        let week = ledger.summary("wa", last - 6, last);
        assert_eq!(week.received, 7);
    }

    #[test]
    fn a_file_row_per_account_and_day() {
        assert_eq!((date_of(0), date_of(day_of(T0, 0)), date_of(-1), date_of(11_016)), ("1970-01-01".into(), "2026-12-06".into(), "1969-12-31".into(), "2000-02-29".into()));
        let mut ledger = Ledger::default();
        ledger.received("wa", Some("bob"), 1, T0, 0);
        ledger.answered("wa", "bob", T0 + 95, 0);
        let day = day_of(T0, 0);
        let figures = &ledger.days[&("wa".to_string(), day)];
        let csv = to_csv(&[Row { account: "wa", label: "=Shop", service: "WhatsApp", day, figures }]);
        assert_eq!(csv.lines().nth(1), Some("2026-12-06,wa,'=Shop,WhatsApp,1,1,1,1,95,95,"));
    }

    #[test]
    fn closed_days_keep_figures_only_and_old_days_go() {
        let mut ledger = Ledger::default();
        ledger.received("wa", Some("bob"), 1, T0, 0);
        ledger.received("wa", Some("ann"), 1, T0 + 400 * DAY, 0);
        let today = day_of(T0 + 400 * DAY, 0);
        ledger.settle(today, 365);
        assert_eq!(ledger.days.len(), 1, "a day more than a year old goes");
        let stored = |ledger: &Ledger| serde_json::to_string(&ledger.days.values().collect::<Vec<_>>()).unwrap();
        assert!(stored(&ledger).contains("\"written\""), "today still counts its chats once");
        ledger.settle(today + 1, 365);
        assert!(!stored(&ledger).contains("\"written\""), "a closed day keeps its figures only");
        // Kept and restored: the same figures and waits.
        let again = Ledger::restore(ledger.days.clone(), vec![("wa".into(), ledger.waits("wa"))]);
        assert_eq!((again.days.clone(), again.longest_wait("wa", T0 + 401 * DAY)), (ledger.days.clone(), ledger.longest_wait("wa", T0 + 401 * DAY)));
        assert!(again.longest_wait("wa", T0 + 401 * DAY).is_some());
        ledger.forget("wa");
        assert!(ledger.days.is_empty() && ledger.longest_wait("wa", T0).is_none());
    }
}
