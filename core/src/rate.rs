//! A sliding-window rate bound: at most `burst` events in any `window`.

use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Limiter {
    burst: usize,
    window: Duration,
    recent: Vec<Instant>,
}

impl Limiter {
    pub const fn new(burst: usize, window: Duration) -> Limiter {
        Limiter { burst, window, recent: Vec::new() }
    }

    /// Records an event at `now` if the bound allows it.
    pub fn allow(&mut self, now: Instant) -> bool {
        let window = self.window;
        self.recent.retain(|t| now.duration_since(*t) < window);
        if self.recent.len() >= self.burst {
            return false;
        }
        self.recent.push(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_cut_and_the_window_slides() {
        let window = Duration::from_secs(10);
        let mut l = Limiter::new(5, window);
        let t0 = Instant::now();
        assert_eq!((0..10_000).filter(|_| l.allow(t0)).count(), 5);
        assert!(!l.allow(t0 + window / 2));
        assert!(l.allow(t0 + window + Duration::from_millis(1)));
    }
}
