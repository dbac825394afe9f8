//! The app lock's policy: locked or not, and how long a guess waits after wrong ones. The
//! password's hash and where it is kept are the app's business.

use std::time::{Duration, Instant};

/// Typos are free; after this many wrong guesses in a row each one waits.
pub const FREE_GUESSES: u32 = 3;
pub const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// How long the guess after `failures` wrong ones in a row waits: nothing for the first few,
/// then 1 s, 2 s, 4 s… up to a minute.
pub fn wait_after(failures: u32) -> Duration {
    if failures < FREE_GUESSES {
        return Duration::ZERO;
    }
    let exponent = (failures - FREE_GUESSES).min(6);
    Duration::from_secs(1 << exponent).min(LONGEST_WAIT)
}

#[derive(Debug, PartialEq)]
pub enum Unlock {
    Unlocked,
    /// Wrong password; the next guess waits this long.
    Wrong { next_wait: Duration },
}

/// Whether the app is locked, and the wrong guesses since it was.
#[derive(Debug, Default)]
pub struct AppLock {
    locked: bool,
    failures: u32,
    /// When the last guess was taken; the next waits `wait_after(failures)` from here.
    last_guess: Option<Instant>,
}

impl AppLock {
    pub fn is_locked(&self) -> bool {
        self.locked
    }

    pub fn lock(&mut self) {
        self.locked = true;
    }

    /// The lock as a quit or killed app left it: locked, with its wrong guesses counted; a guess
    /// made right after the restart waits as the next one would have.
    pub fn restored(failures: u32, now: Instant) -> AppLock {
        AppLock { locked: true, failures, last_guess: (failures >= FREE_GUESSES).then_some(now) }
    }

    /// Wrong guesses since it was locked.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Opens without a password: the lock was turned off, or can't be checked.
    pub fn release(&mut self) {
        *self = AppLock::default();
    }

    /// How long a guess made at `now` must wait before it is checked.
    pub fn wait(&self, now: Instant) -> Duration {
        let Some(last) = self.last_guess else { return Duration::ZERO };
        (last + wait_after(self.failures)).saturating_duration_since(now)
    }

    /// Takes the result of a guess checked at `now`.
    pub fn guessed(&mut self, right: bool, now: Instant) -> Unlock {
        if right {
            self.release();
            return Unlock::Unlocked;
        }
        self.failures += 1;
        self.last_guess = Some(now);
        Unlock::Wrong { next_wait: wait_after(self.failures) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_guesses_wait_longer_and_longer_until_the_right_one() {
        let mut lock = AppLock::default();
        lock.lock();
        let start = Instant::now();
        for n in 1..FREE_GUESSES {
            assert_eq!(lock.guessed(false, start), Unlock::Wrong { next_wait: Duration::ZERO }, "guess {n}");
        }
        assert_eq!(lock.guessed(false, start), Unlock::Wrong { next_wait: Duration::from_secs(1) });
        assert_eq!(lock.wait(start), Duration::from_secs(1));
        assert_eq!(lock.wait(start + Duration::from_millis(400)), Duration::from_millis(600));
        assert_eq!(lock.guessed(false, start), Unlock::Wrong { next_wait: Duration::from_secs(2) });
        for _ in 0..20 {
            lock.guessed(false, start);
        }
        assert_eq!(lock.wait(start), LONGEST_WAIT, "never longer than a minute");
        assert!(lock.is_locked());
        assert_eq!(lock.guessed(true, start + LONGEST_WAIT), Unlock::Unlocked);
        assert!(!lock.is_locked());
        lock.lock();
        assert_eq!(lock.wait(start), Duration::ZERO, "a new lock starts with free guesses");
    }

    #[test]
    fn a_restart_keeps_the_lock_and_its_count() {
        let now = Instant::now();
        let lock = AppLock::restored(FREE_GUESSES + 2, now);
        assert!(lock.is_locked());
        assert_eq!(lock.wait(now), wait_after(FREE_GUESSES + 2), "killing the app does not skip the wait");
        assert_eq!(AppLock::restored(1, now).wait(now), Duration::ZERO);
    }
}
