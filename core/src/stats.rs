//! Statistics in one format across every channel: per account and per day, the messages that came
//! in, the chats they came in, the chats answered and how fast (from a customer's message to the
//! user's first message after it in that chat), what still waits, and the unread left at the end
//! of the day. Nothing of a message is kept: a chat is a hash of its reference, and only while the
//! day it counts for is open (to count it once). Days older than a year are summed by month.

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

/// One account's month, summed from its days once they are more than a year old. Answer times
/// are counted in buckets, so a month's median and 90th percentile stay within 5%.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Month {
    pub received: u32,
    pub chats_written: u32,
    pub chats_answered: u32,
    /// Answer-time bucket → answers in it (see `bucket_of`).
    pub answer_buckets: BTreeMap<u16, u32>,
    /// The unread count as the month's last counted day ended.
    pub backlog: Option<u32>,
}

/// Waits under a minute are kept to the second; longer ones in buckets 5% apart.
fn bucket_of(secs: u32) -> u16 {
    match secs {
        0..60 => secs as u16,
        _ => 60 + (f64::from(secs) / 60.0).ln().div_euclid(1.05f64.ln()) as u16,
    }
}

/// The shortest wait a bucket holds.
fn bucket_secs(bucket: u16) -> u32 {
    match bucket {
        0..60 => u32::from(bucket),
        _ => (60.0 * 1.05f64.powi(i32::from(bucket) - 60)).ceil().min(f64::from(u32::MAX)) as u32,
    }
}

impl Month {
    fn add(&mut self, day: &Day) {
        self.received = self.received.saturating_add(day.received);
        self.chats_written = self.chats_written.saturating_add(day.chats_written);
        self.chats_answered = self.chats_answered.saturating_add(day.chats_answered);
        for secs in &day.answer_secs {
            *self.answer_buckets.entry(bucket_of(*secs)).or_default() += 1;
        }
        self.backlog = day.backlog.or(self.backlog);
    }

    pub fn answers(&self) -> u32 {
        self.answer_buckets.values().fold(0, |sum, n| sum.saturating_add(*n))
    }

    /// The `p`-th percentile of the month's answer times (nearest rank, as the bucket's shortest).
    pub fn percentile(&self, p: usize) -> Option<u32> {
        let rank = (p * self.answers() as usize).div_ceil(100).max(1);
        let mut seen = 0;
        self.answer_buckets.iter().find(|(_, n)| {
            seen += **n as usize;
            seen >= rank
        }).map(|(bucket, _)| bucket_secs(*bucket))
    }
}

/// A month: months since 1970-01 (the day's calendar month).
pub fn month_of(day: i64) -> i64 {
    let (y, m, _) = civil(day);
    y * 12 + m - 1
}

/// A month as "2025-11".
pub fn month_label(month: i64) -> String {
    format!("{:04}-{:02}", month.div_euclid(12), month.rem_euclid(12) + 1)
}

/// Every account's days and older months, and the chats waiting for an answer now.
#[derive(Debug, Default)]
pub struct Ledger {
    pub days: BTreeMap<(String, i64), Day>,
    pub months: BTreeMap<(String, i64), Month>,
    /// Account → chat (hashed) → since when it waits (its first unanswered message).
    waiting: HashMap<String, HashMap<u64, i64>>,
    /// The profile's own salt for the chat hashes: a hash kept can't be matched against a list
    /// of phone numbers hashed elsewhere.
    salt: u64,
}

/// The salt of the chat hashes a ledger kept before each profile had its own.
pub const FIRST_SALT: u64 = 0x5354_4154;

impl Ledger {
    /// A ledger as it was kept: the days, the months, each account's waits (chat hash, since),
    /// and the salt they were hashed with.
    pub fn restore(days: BTreeMap<(String, i64), Day>, months: BTreeMap<(String, i64), Month>, waits: Vec<(String, Vec<(u64, i64)>)>, salt: u64) -> Ledger {
        let waiting = waits.into_iter().map(|(account, w)| (account, w.into_iter().collect())).collect();
        Ledger { days, months, waiting, salt }
    }

    fn chat_key(&self, chat: &str) -> u64 {
        crate::ids::stable_hash(chat, self.salt)
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
        let chat = chat.map(|c| self.chat_key(c));
        let day = self.day(account, day_of(at, utc_offset));
        day.received = day.received.saturating_add(count);
        let Some(chat) = chat else { return };
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
        let key = self.chat_key(chat);
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

    /// Closes every day before `today` and sums days older than `keep_days` into their months.
    pub fn settle(&mut self, today: i64, keep_days: i64) -> Settled {
        let young = self.days.split_off(&(String::new(), i64::MIN));
        let (old, young): (BTreeMap<_, _>, BTreeMap<_, _>) = young.into_iter().partition(|((_, day), _)| *day <= today - keep_days);
        self.days = young;
        let mut months = vec![];
        for ((account, day), figures) in &old {
            let key = (account.clone(), month_of(*day));
            self.months.entry(key.clone()).or_default().add(figures);
            if !months.contains(&key) {
                months.push(key);
            }
        }
        let mut closed = vec![];
        for ((account, day), figures) in self.days.iter_mut() {
            if *day < today && !(figures.written.is_empty() && figures.answered.is_empty()) {
                figures.close();
                closed.push((account.clone(), *day));
            }
        }
        Settled { closed, gone: old.into_keys().collect(), months }
    }

    /// An account is gone: its days, months and waits too.
    pub fn forget(&mut self, account: &str) {
        self.days.retain(|(a, _), _| a != account);
        self.months.retain(|(a, _), _| a != account);
        self.waiting.remove(account);
    }

    /// The figures of `accounts` together over the days `from..=to`, and each day's.
    pub fn summary(&self, accounts: &[&str], from: i64, to: i64) -> Summary {
        let mut sum = Summary::default();
        let mut answers = vec![];
        let mut by_day: BTreeMap<i64, (u32, Vec<u32>)> = BTreeMap::new();
        for account in accounts {
            let mut backlog = None;
            for ((_, day), figures) in self.days.range((account.to_string(), from)..=(account.to_string(), to)) {
                sum.received = sum.received.saturating_add(figures.received);
                sum.chats_written = sum.chats_written.saturating_add(figures.chats_written);
                sum.chats_answered = sum.chats_answered.saturating_add(figures.chats_answered);
                answers.extend(&figures.answer_secs);
                let shown = by_day.entry(*day).or_default();
                shown.0 = shown.0.saturating_add(figures.received);
                shown.1.extend(&figures.answer_secs);
                // The last day that saw a count (a quiet day sees none).
                backlog = figures.backlog.or(backlog);
            }
            sum.backlog = match (sum.backlog, backlog) {
                (Some(a), Some(b)) => Some(a.saturating_add(b)),
                (a, b) => a.or(b),
            };
        }
        answers.sort_unstable();
        (sum.answer_median, sum.answer_p90, sum.answers) = (percentile(&answers, 50), percentile(&answers, 90), answers.len() as u32);
        sum.days = by_day
            .into_iter()
            .map(|(day, (received, mut times))| {
                times.sort_unstable();
                DayFigures { day, received, answer_median: percentile(&times, 50), answer_p90: percentile(&times, 90) }
            })
            .collect();
        sum
    }
}

/// What `settle` changed: days closed now (to write again), days gone into their months (to
/// delete), and the months they went into (to write).
#[derive(Debug, Default)]
pub struct Settled {
    pub closed: Vec<(String, i64)>,
    pub gone: Vec<(String, i64)>,
    pub months: Vec<(String, i64)>,
}

/// What the Statistics panel shows for accounts and a span of days.
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
    /// Each day that has figures, for the charts.
    pub days: Vec<DayFigures>,
}

/// One day in the charts: messages in, and the first answers' median and 90th percentile.
#[derive(Debug, Default, PartialEq, Serialize)]
pub struct DayFigures {
    pub day: i64,
    pub received: u32,
    pub answer_median: Option<u32>,
    pub answer_p90: Option<u32>,
}

/// A day's date as "2026-12-06" (the proleptic Gregorian calendar).
pub fn date_of(day: i64) -> String {
    let (y, m, d) = civil(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A day's year, month and day of the month.
fn civil(day: i64) -> (i64, i64, i64) {
    // Days to a civil date (H. Hinnant's algorithm): eras of 400 years from 0000-03-01.
    let z = day + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// One row of the statistics file: which account, which day or (older than a year) month, and
/// its figures.
pub struct Row<'a> {
    pub account: &'a str,
    pub label: &'a str,
    pub service: &'a str,
    pub period: Period<'a>,
}

pub enum Period<'a> {
    Day(i64, &'a Day),
    Month(i64, &'a Month),
}

/// The statistics as CSV, one row per account per month (older than a year, dated "2025-11") or
/// day; times in seconds. Names a spreadsheet would run as formulas start with an apostrophe.
pub fn to_csv(rows: &[Row]) -> String {
    let mut out = csv::Writer::from_writer(vec![]);
    out.write_record(["date", "account", "label", "service", "received", "chats_written", "chats_answered", "answers", "answer_median_s", "answer_p90_s", "unread_at_end"])
        .expect("in memory");
    let figure = |n: Option<u32>| n.map(|n| n.to_string()).unwrap_or_default();
    for row in rows {
        let label = match row.label.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
            true => format!("'{}", row.label),
            false => row.label.to_string(),
        };
        let (date, received, written, answered, answers, median, p90, backlog) = match row.period {
            Period::Day(day, figures) => {
                let mut times = figures.answer_secs.clone();
                times.sort_unstable();
                let (median, p90) = (percentile(&times, 50), percentile(&times, 90));
                (date_of(day), figures.received, figures.chats_written, figures.chats_answered, times.len() as u32, median, p90, figures.backlog)
            }
            Period::Month(month, figures) => {
                let (median, p90) = (figures.percentile(50), figures.percentile(90));
                (month_label(month), figures.received, figures.chats_written, figures.chats_answered, figures.answers(), median, p90, figures.backlog)
            }
        };
        out.write_record([
            date,
            row.account.to_string(),
            label,
            row.service.to_string(),
            received.to_string(),
            written.to_string(),
            answered.to_string(),
            answers.to_string(),
            figure(median),
            figure(p90),
            figure(backlog),
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
        let wa = ledger.summary(&["wa"], today, today);
        assert_eq!((wa.received, wa.chats_written, wa.chats_answered, wa.answers, wa.answer_median), (2, 1, 1, 1, Some(95)));
        let tg = ledger.summary(&["tg"], today, today);
        assert_eq!((tg.received, tg.chats_written, tg.chats_answered, tg.answer_median), (1, 1, 0, None));
        assert_eq!(ledger.longest_wait("tg", T0 + 320), Some(300), "Bob's Telegram chat still waits");
        assert_eq!(ledger.longest_wait("tg", T0 + 4 * DAY), None, "answered elsewhere: after three days no longer open");
        assert_eq!(ledger.longest_wait("wa", T0 + 320), None);
        // A service that names no chats: messages only.
        ledger.received("wechat", None, 1, T0, MSK);
        assert_eq!(ledger.summary(&["wechat"], today, today).chats_written, 0);
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
        let all = ledger.summary(&["wa"], first, last);
        assert_eq!((all.received, all.answers, all.answer_median, all.answer_p90), (10, 10, Some(50), Some(90)));
        assert_eq!((all.days.len(), all.backlog), (10, Some(9)), "the backlog as the last day ended");
        let week = ledger.summary(&["wa"], last - 6, last);
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
        let csv = to_csv(&[Row { account: "wa", label: "=Shop", service: "WhatsApp", period: Period::Day(day, figures) }]);
        assert_eq!(csv.lines().nth(1), Some("2026-12-06,wa,'=Shop,WhatsApp,1,1,1,1,95,95,"));
    }

    #[test]
    fn closed_days_keep_figures_only_and_old_days_go() {
        let mut ledger = Ledger::default();
        ledger.received("wa", Some("bob"), 1, T0, 0);
        ledger.received("wa", Some("ann"), 1, T0 + 400 * DAY, 0);
        let today = day_of(T0 + 400 * DAY, 0);
        let settled = ledger.settle(today, 365);
        assert_eq!(ledger.days.len(), 1, "a day more than a year old goes");
        assert_eq!((settled.gone, settled.months), (vec![("wa".into(), day_of(T0, 0))], vec![("wa".into(), month_of(day_of(T0, 0)))]));
        let stored = |ledger: &Ledger| serde_json::to_string(&ledger.days.values().collect::<Vec<_>>()).unwrap();
        assert!(stored(&ledger).contains("\"written\""), "today still counts its chats once");
        ledger.settle(today + 1, 365);
        assert!(!stored(&ledger).contains("\"written\""), "a closed day keeps its figures only");
        // Kept and restored: the same figures and waits.
        let again = Ledger::restore(ledger.days.clone(), ledger.months.clone(), vec![("wa".into(), ledger.waits("wa"))], 0);
        assert_eq!((again.days.clone(), again.longest_wait("wa", T0 + 401 * DAY)), (ledger.days.clone(), ledger.longest_wait("wa", T0 + 401 * DAY)));
        assert!(again.longest_wait("wa", T0 + 401 * DAY).is_some());
        ledger.forget("wa");
        assert!(ledger.days.is_empty() && ledger.months.is_empty() && ledger.longest_wait("wa", T0).is_none());
    }

    #[test]
    fn days_older_than_a_year_are_summed_by_month() {
        let mut ledger = Ledger::default();
        // December 2026: 31 days of 3 messages, one answer a day after 10 s, 100 s … 3100 s.
        let first = day_of(T0, 0) - 5; // 2026-12-01
        for n in 0..31 {
            let at = (first + n) * DAY + 3600;
            for chat in ["a", "b", "c"] {
                ledger.received("wa", Some(chat), 1, at, 0);
            }
            ledger.answered("wa", "a", at + 10 + n * 100, 0);
            ledger.unread("wa", n as u32, at, 0);
        }
        ledger.received("wa", Some("a"), 1, (first + 31) * DAY, 0); // 2027-01-01 stays a day
        let settled = ledger.settle(first + 30 + 365, 365);
        assert_eq!((settled.gone.len(), settled.months.len(), ledger.days.len()), (31, 1, 1));
        let december = &ledger.months[&("wa".to_string(), month_of(first))];
        assert_eq!(month_label(month_of(first)), "2026-12");
        assert_eq!((december.received, december.chats_written, december.chats_answered, december.answers(), december.backlog), (93, 93, 31, 31, Some(30)));
        // The exact median is 1510 s and the 90th percentile 2710 s: within 5% below.
        let (median, p90) = (december.percentile(50).unwrap(), december.percentile(90).unwrap());
        assert!((1510 * 95 / 100..=1510).contains(&median) && (2710 * 95 / 100..=2710).contains(&p90), "{median} {p90}");
        let csv = to_csv(&[Row { account: "wa", label: "Shop", service: "WhatsApp", period: Period::Month(month_of(first), december) }]);
        assert_eq!(csv.lines().nth(1), Some(format!("2026-12,wa,Shop,WhatsApp,93,93,31,31,{median},{p90},30").as_str()));
    }

    #[test]
    fn answer_buckets_keep_seconds_under_a_minute_and_five_percent_above() {
        for secs in (0..60).chain((60..200_000).step_by(7)).chain([86_400, 1_000_000, u32::MAX]) {
            let low = bucket_secs(bucket_of(secs));
            assert!(low <= secs && u64::from(secs) * 100 <= u64::from(low) * 105, "{secs} → {low}");
            if secs < 60 {
                assert_eq!(low, secs, "under a minute, to the second");
            }
        }
    }

    #[test]
    fn the_total_sums_accounts_by_day() {
        let mut ledger = Ledger::default();
        ledger.received("wa", Some("bob"), 2, T0, 0);
        ledger.answered("wa", "bob", T0 + 30, 0);
        ledger.received("tg", Some("ann"), 1, T0, 0);
        ledger.answered("tg", "ann", T0 + 90, 0);
        ledger.unread("wa", 2, T0, 0);
        ledger.unread("tg", 3, T0, 0);
        ledger.received("tg", Some("ann"), 4, T0 + DAY, 0); // the next day, on one account only
        let today = day_of(T0, 0);
        let total = ledger.summary(&["wa", "tg"], today, today + 1);
        assert_eq!((total.received, total.chats_answered, total.answers, total.answer_median, total.answer_p90, total.backlog), (7, 2, 2, Some(30), Some(90), Some(5)));
        assert_eq!(
            total.days,
            vec![
                DayFigures { day: today, received: 3, answer_median: Some(30), answer_p90: Some(90) },
                DayFigures { day: today + 1, received: 4, answer_median: None, answer_p90: None },
            ]
        );
    }
}
