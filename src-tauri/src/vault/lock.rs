//! The app lock: an optional password that hides every page until it is typed again. Only a
//! salted argon2 hash of it is kept, in the keychain (service "Switchboard", user
//! "app-lock:<the profile's keychain id>");
//! wrong guesses are slowed down. No window here: the shell applies what this decides.

use super::{VaultError, KEYCHAIN_SERVICE};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use std::time::{Duration, Instant};

/// Where versions before profiles had keychain ids kept the hash: still read, never written.
const SHARED_USER: &str = "app-lock";
pub const MIN_PASSWORD_CHARS: usize = 4;
pub const MAX_PASSWORD_CHARS: usize = 1024;
/// Typos are free; after this many wrong guesses in a row each one waits.
pub const FREE_GUESSES: u32 = 3;
pub const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// The keychain entry that holds one profile's hash.
pub struct HashStore {
    entry: keyring::Entry,
}

impl HashStore {
    /// `profile_id`: the profile's keychain id (`Profile::keychain_id`).
    pub fn open(profile_id: &str) -> Result<HashStore, VaultError> {
        Ok(HashStore { entry: keyring::Entry::new(KEYCHAIN_SERVICE, &format!("{SHARED_USER}:{profile_id}"))? })
    }

    /// The hash of the lock password, if one is set (a lock set by an older version, in the
    /// entry all profiles shared then, still opens). Blocks on the keychain.
    pub fn load(&self) -> Result<Option<String>, VaultError> {
        match Self::read(&self.entry)? {
            Some(hash) => Ok(Some(hash)),
            None => Self::read(&keyring::Entry::new(KEYCHAIN_SERVICE, SHARED_USER)?),
        }
    }

    fn read(entry: &keyring::Entry) -> Result<Option<String>, VaultError> {
        match entry.get_password() {
            Ok(hash) if PasswordHash::new(&hash).is_ok() => Ok(Some(hash)),
            Ok(_) => Err(VaultError::Failed("the app lock entry is not one Switchboard wrote".into())),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    pub fn save(&self, hash: &str) -> Result<(), VaultError> {
        Ok(self.entry.set_password(hash)?)
    }

    pub fn clear(&self) -> Result<(), VaultError> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

/// A salted argon2 hash (PHC string) of a new lock password. Slow on purpose: run it off the
/// UI thread.
pub fn hash(password: &str) -> Result<String, VaultError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(VaultError::Invalid(format!("the lock password needs at least {MIN_PASSWORD_CHARS} characters")));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(VaultError::Invalid("the lock password is too long".into()));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| VaultError::Failed(e.to_string()))
}

/// Whether `password` is the one `hash` was made from. Slow on purpose.
pub fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

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
    fn short_passwords_are_refused() {
        assert!(matches!(hash("abc"), Err(VaultError::Invalid(_))));
        assert!(!verify("not a hash", "пароль-密码"));
    }

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
