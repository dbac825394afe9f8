//! Writes four weeks of a desk's figures into a profile's statistics, for looking at the
//! Statistics view's charts (screenshots, demos) without waiting a month:
//! `stats_history PROFILE_STATS_DIR ACCOUNT_ID…`. Every account gets customers writing through the
//! day and answers after a wait that differs day by day; the figures are made up, the store is the
//! real one. Switchboard must not be running on that profile, and the accounts must have no
//! figures yet there (it refuses otherwise).

use switchboard::stats::Stats;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(dir), accounts) = (args.next(), args.collect::<Vec<_>>()) else {
        eprintln!("usage: stats_history PROFILE_STATS_DIR ACCOUNT_ID…");
        std::process::exit(2);
    };
    let stats = Stats::open(std::path::Path::new(&dir)).unwrap_or_else(|e| panic!("{e}"));
    // Made-up figures never go among real ones.
    let named: Vec<(String, String, String)> = accounts.iter().map(|a| (a.clone(), String::new(), String::new())).collect();
    if stats.csv(&named, switchboard::stats::KEEP_DAYS, true).1 > 0 {
        eprintln!("{dir} has figures of these accounts already: give it a profile without any");
        std::process::exit(1);
    }
    let now = chrono::Utc::now().timestamp();
    for (n, account) in accounts.iter().enumerate() {
        let n = n as i64;
        // Yesterday back to four weeks ago, so today stays the app's own.
        for day in (1..28i64).rev() {
            let busy = 8 + (day * 7 + n * 5) % 23;
            for message in 0..busy {
                let at = now - day * 86_400 + message * 900;
                let chat = format!("customer-{}", message % 9);
                stats.received(account, Some(&chat), 1, at);
                // Every message is answered: slower on busy days, now and then after a long wait.
                let wait = 20 + busy * 6 + (message * 37 + day * 11) % 90 + if (day + message) % 11 == 0 { 700 } else { 0 };
                stats.answered(account, &chat, at + wait);
            }
            stats.unread(account, ((day + n) % 5) as u32, now - day * 86_400 + busy * 900);
        }
    }
    stats.flush().unwrap_or_else(|e| panic!("{e}"));
}
