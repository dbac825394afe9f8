//! Hands addresses to the user's default browser or mail app, at a bounded rate per account: a
//! hostile page clicking links in a loop must not flood the desktop with browser tabs, nor use
//! up what the other accounts may open.

use crate::rate::Limiter;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use url::Url;

static LIMITERS: Mutex<Option<HashMap<String, Limiter>>> = Mutex::new(None);

/// Whether `account` may open one more address now: 5 in any 10 s.
fn allowed(account: &str, now: Instant) -> bool {
    let mut limiters = LIMITERS.lock().unwrap_or_else(|e| e.into_inner());
    let limiter = limiters.get_or_insert_with(HashMap::new).entry(account.to_string());
    limiter.or_insert_with(|| Limiter::new(5, Duration::from_secs(10))).allow(now)
}

pub fn open(account: &str, url: &Url) {
    if !allowed(account, Instant::now()) {
        eprintln!("switchboard: not opening {url}: too many links opened in a short time");
        return;
    }
    if let Err(e) = super::open_outside(url.as_str().as_ref()) {
        eprintln!("switchboard: could not open {url} in the default browser: {e}");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_account_has_its_own_bound() {
        let now = std::time::Instant::now();
        assert_eq!((0..100).filter(|_| super::allowed("flood", now)).count(), 5);
        assert!(super::allowed("quiet", now), "another account still opens its link");
    }
}
