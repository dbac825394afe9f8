//! Hands addresses to the user's default browser or mail app, at a bounded rate: a hostile page
//! clicking links in a loop must not flood the desktop with browser tabs.

use std::sync::Mutex;
use crate::rate::Limiter;
use std::time::{Duration, Instant};
use url::Url;

static LIMITER: Mutex<Limiter> = Mutex::new(Limiter::new(5, Duration::from_secs(10)));

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
