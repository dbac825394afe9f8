//! Hands addresses to the user's default browser or mail app, at a bounded rate: a hostile page
//! clicking links in a loop must not flood the desktop with browser tabs.

use std::sync::Mutex;
use std::time::{Duration, Instant};
use url::Url;

const BURST: usize = 5;
const WINDOW: Duration = Duration::from_secs(10);

/// Sliding-window limiter: at most `BURST` opens in any `WINDOW`.
struct Limiter {
    recent: Vec<Instant>,
}

impl Limiter {
    fn allow(&mut self, now: Instant) -> bool {
        self.recent.retain(|t| now.duration_since(*t) < WINDOW);
        if self.recent.len() >= BURST {
            return false;
        }
        self.recent.push(now);
        true
    }
}

static LIMITER: Mutex<Limiter> = Mutex::new(Limiter { recent: Vec::new() });

pub fn open(url: &Url) {
    let allowed = LIMITER.lock().unwrap_or_else(|e| e.into_inner()).allow(Instant::now());
    if !allowed {
        eprintln!("switchboard: not opening {url}: too many links opened in a short time");
        return;
    }
    if let Err(e) = open::that_detached(url.as_str()) {
        eprintln!("switchboard: could not open {url} in the default browser: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_cut_and_the_window_slides() {
        let mut l = Limiter { recent: vec![] };
        let t0 = Instant::now();
        let allowed = (0..20).filter(|_| l.allow(t0)).count();
        assert_eq!(allowed, BURST);
        assert!(l.allow(t0 + WINDOW + Duration::from_millis(1)));
    }
}
