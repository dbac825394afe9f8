//! The user's input, for the idle lock: what the app sees itself (every key and click in the
//! window where the toolkit tells, the lock screen's password), and what the system saw where the
//! app can't see into a page.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The last time the user did something in the window (key, click, scroll, pointer), in ms since
/// 1970: wall-clock time, so that time asleep (a closed laptop) counts as idle too.
static LAST: AtomicU64 = AtomicU64::new(0);

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64)
}

/// Cheap enough for every input event.
pub fn note() {
    LAST.store(now_ms(), Ordering::Relaxed);
}

/// Since the last input the app saw, or the system saw where the platform can't show the app
/// every key and click (input inside a page).
pub fn idle_for() -> Duration {
    let seen = Duration::from_millis(now_ms().saturating_sub(LAST.load(Ordering::Relaxed)));
    super::input_idle_for().map_or(seen, |system| system.min(seen))
}
