//! The app lock: an optional password that hides every page until it is typed again. Only a
//! salted argon2 hash of it is kept, in the keychain (service "Switchboard", user
//! "app-lock:<the profile's keychain id>");
//! wrong guesses are slowed down. No window here: the shell applies what this decides.

use crate::problem::Problem;
use super::{VaultError, KEYCHAIN_SERVICE};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
pub use switchboard_core::lock::{wait_after, AppLock, Unlock, FREE_GUESSES, LONGEST_WAIT};

/// Where versions before profiles had keychain ids kept the hash: still read, never written.
const SHARED_USER: &str = "app-lock";
pub const MIN_PASSWORD_CHARS: usize = 4;
pub const MAX_PASSWORD_CHARS: usize = 1024;
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

/// What a lock reset takes away so that nobody gets past a lost lock to the chats: each account's
/// web data (its sign-in) and saved login. The caller forgets the notification history.
pub fn sign_out(profile: &crate::profile::Profile, accounts: &[String]) -> Result<(), String> {
    let scope = super::scope(profile).map_err(|e| e.to_string())?;
    for id in accounts {
        profile.remove_account_data(id)?;
        super::forget(&scope, id);
    }
    profile.remove_shared_browsers()
}

/// A salted argon2 hash (PHC string) of a new lock password. Slow on purpose: run it off the
/// UI thread.
pub fn hash(password: &str) -> Result<String, VaultError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(VaultError::Invalid(Problem::new("lock.short").with("min", MIN_PASSWORD_CHARS)));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(VaultError::Invalid(Problem::new("lock.too_long")));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_passwords_are_refused() {
        assert!(matches!(hash("abc"), Err(VaultError::Invalid(_))));
        assert!(!verify("not a hash", "пароль-密码"));
    }

}
