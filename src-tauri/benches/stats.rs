//! The statistics' costs: one message in or one answer written to the store, and the Statistics
//! view's figures for 20 accounts over 30 days with a year of days kept (opening the store, then
//! the 20 summaries). Prints figures; run with `cargo bench --bench stats` (or `make bench`).

use std::time::{Duration, Instant};
use switchboard::stats::Stats;

const ACCOUNTS: usize = 20;
const DAYS: i64 = 365;
/// A busy desk: messages a day per account.
const A_DAY: i64 = 300;

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let now = chrono::Utc::now().timestamp();
    let accounts: Vec<String> = (0..ACCOUNTS).map(|n| format!("account-{n}")).collect();
    {
        let stats = Stats::open(dir.path()).unwrap();
        let started = Instant::now();
        let mut events = 0u64;
        for day in (0..DAYS).rev() {
            for account in &accounts {
                for n in 0..A_DAY {
                    let at = now - day * 86_400 - (A_DAY - n) * 60;
                    let chat = format!("chat-{}", n % 60);
                    stats.received(account, Some(&chat), 1, at);
                    if n % 3 == 0 {
                        stats.answered(account, &chat, at + 45 + n % 200);
                    }
                    events += 1 + u64::from(n % 3 == 0);
                }
            }
        }
        stats.flush().unwrap();
        let per_event = started.elapsed() / events as u32;
        println!("a year for {ACCOUNTS} accounts at {A_DAY} messages a day: {events} events, {per_event:?} per event (written to sled)");
    }
    let mut opens = vec![];
    let mut views = vec![];
    for _ in 0..5 {
        let started = Instant::now();
        let stats = Stats::open(dir.path()).unwrap();
        opens.push(started.elapsed());
        let started = Instant::now();
        let ids: Vec<&str> = accounts.iter().map(String::as_str).collect();
        let received = stats.report(&ids, 30).last().unwrap().0.received;
        views.push(started.elapsed());
        assert!(received > 0);
    }
    println!("opening a year of {ACCOUNTS} accounts' days: median {:?}", median(opens));
    println!("the view's figures, {ACCOUNTS} accounts over 30 days: median {:?}", median(views));
}
