//! Saved logins, in the OS keychain and nowhere else: the Secret Service on Linux, the Keychain
//! on macOS, the Credential Manager on Windows (through the keyring crate). Nothing here is ever
//! written to a file, a log or the notification history; `Secret` won't even print itself.
//!
//! Keychain entries: service "Switchboard", user "login:<account id>", the secret a small JSON
//! object {"user": …, "secret": …}. Account ids are random, so profiles never share an entry.
//! A provider's key (a translation service's) is "key:<profile's keychain id>:<provider>", the
//! key itself the secret.

pub mod fill;
pub mod lock;

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

pub const KEYCHAIN_SERVICE: &str = "Switchboard";
pub const MAX_USER_CHARS: usize = 256;
pub const MAX_SECRET_CHARS: usize = 4096;
/// Windows' Credential Manager keeps at most 2560 bytes of secret, as UTF-16: the same room
/// everywhere, so a login saved on one computer can be saved on any other.
pub const KEYCHAIN_MAX_BYTES: usize = 2560;

/// A password or token: shown only on purpose, never by `{:?}`.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

/// One account's saved login: a user name (may be empty, for a token) and its secret.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Login {
    pub user: String,
    pub secret: Secret,
}

impl Login {
    pub fn new(user: &str, secret: &str) -> Result<Login, VaultError> {
        let user = user.trim();
        if secret.is_empty() {
            return Err(VaultError::Invalid(Problem::new("login.empty_secret")));
        }
        if user.chars().count() > MAX_USER_CHARS || secret.chars().count() > MAX_SECRET_CHARS {
            return Err(VaultError::Invalid(Problem::new("login.too_long")));
        }
        if user.chars().any(char::is_control) {
            return Err(VaultError::Invalid(Problem::new("login.control_characters")));
        }
        let login = Login { user: user.to_string(), secret: Secret::new(secret) };
        let stored = serde_json::to_string(&login).map_err(|e| VaultError::Failed(e.to_string()))?;
        if stored.encode_utf16().count() * 2 > KEYCHAIN_MAX_BYTES {
            let chars = KEYCHAIN_MAX_BYTES / 2 - 30;
            return Err(VaultError::Invalid(Problem::new("login.too_long_for_keychain").with("max", chars)));
        }
        Ok(login)
    }
}

#[derive(Debug, PartialEq)]
pub enum VaultError {
    /// No keychain to talk to (no Secret Service running, or it refused us).
    Unavailable(String),
    Invalid(Problem),
    Failed(String),
}

impl VaultError {
    pub fn problem(&self) -> Problem {
        match self {
            Self::Unavailable(why) => Problem::new("keychain.unavailable").with("detail", why),
            Self::Invalid(why) => why.clone(),
            Self::Failed(why) => Problem::new("keychain.failed").with("detail", why),
        }
    }
}

switchboard_core::told_as_problem!(VaultError);

impl From<keyring::Error> for VaultError {
    fn from(e: keyring::Error) -> Self {
        match e {
            keyring::Error::NoStorageAccess(why) | keyring::Error::PlatformFailure(why) => {
                VaultError::Unavailable(first_line(&why.to_string()))
            }
            other => VaultError::Failed(first_line(&other.to_string())),
        }
    }
}

/// Keychain errors can be long D-Bus dumps; one line says enough.
fn first_line(text: &str) -> String {
    text.lines().next().unwrap_or_default().chars().take(200).collect()
}

/// A profile's logins apart from another's (a copied profile, a second one for work):
/// `login:<profile's keychain id>:<account id>`.
fn entry(profile_id: &str, account: &str) -> Result<keyring::Entry, VaultError> {
    Ok(keyring::Entry::new(KEYCHAIN_SERVICE, &format!("login:{profile_id}:{account}"))?)
}

/// Where versions before that kept a login: still read, moved on the next save, removed with it.
fn unscoped_entry(account: &str) -> Result<keyring::Entry, VaultError> {
    Ok(keyring::Entry::new(KEYCHAIN_SERVICE, &format!("login:{account}"))?)
}

/// The profile's name in the keychain (`Profile::keychain_id`), for the entries of its own.
pub fn scope(profile: &crate::profile::Profile) -> Result<String, VaultError> {
    profile.keychain_id().map_err(|e| VaultError::Failed(format!("the profile's keychain id can't be read: {e}")))
}

/// What else the profile keeps in the keychain, by kind: a translation provider's key
/// (`key:<profile>:<provider>`), an account's proxy password (`proxy:<profile>:<account>`).
#[derive(Clone, Copy)]
pub enum Kept {
    Key,
    ProxyPassword,
}

fn kept_entry(kind: Kept, profile_id: &str, name: &str) -> Result<keyring::Entry, VaultError> {
    let prefix = match kind {
        Kept::Key => "key",
        Kept::ProxyPassword => "proxy",
    };
    Ok(keyring::Entry::new(KEYCHAIN_SERVICE, &format!("{prefix}:{profile_id}:{name}"))?)
}

/// Saves (or replaces) a key or password for the profile.
pub fn save_kept(kind: Kept, profile_id: &str, name: &str, secret: &Secret) -> Result<(), VaultError> {
    // A key is kept trimmed (pasted with a space); a password exactly as typed, at most what a
    // SOCKS5 proxy can be given (and an HTTP one has no use for more).
    let (kept, code, max_bytes) = match kind {
        Kept::Key => (secret.expose().trim(), "translate.bad_key", usize::MAX),
        Kept::ProxyPassword => (secret.expose(), "proxy.bad_password", switchboard_core::proxy::MAX_CREDENTIAL_BYTES),
    };
    let chars = kept.chars().count();
    if chars == 0 || chars > MAX_SECRET_CHARS || kept.len() > max_bytes || kept.chars().any(char::is_control) {
        return Err(VaultError::Invalid(Problem::new(code)));
    }
    kept_entry(kind, profile_id, name)?.set_password(kept)?;
    Ok(())
}

/// A key or password of the profile, if one is saved.
pub fn load_kept(kind: Kept, profile_id: &str, name: &str) -> Result<Option<Secret>, VaultError> {
    match kept_entry(kind, profile_id, name)?.get_password() {
        Ok(key) => Ok(Some(Secret::new(key))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// An account's proxy password, as the platform code gives it to the engine; `None` when none is
/// saved or the keychain can't be read (said on stderr). Blocks: call it off the main thread.
pub fn proxy_password(profile: &crate::profile::Profile, account: &str) -> Option<String> {
    let found = scope(profile).and_then(|scope| load_kept(Kept::ProxyPassword, &scope, account));
    match found {
        Ok(secret) => secret.map(|s| s.expose().to_string()),
        Err(e) => {
            eprintln!("switchboard: the proxy password can't be read from the keychain: {e}");
            None
        }
    }
}

/// Forgets a key or password; none saved is no error.
pub fn remove_kept(kind: Kept, profile_id: &str, name: &str) -> Result<(), VaultError> {
    delete(&kept_entry(kind, profile_id, name)?).map(|_| ())
}

/// Runs keychain work on a blocking thread of the async runtime: keychain calls block, and
/// async callers (commands, the lock) must not.
pub async fn off_thread<T: Send + 'static>(work: impl FnOnce() -> Result<T, VaultError> + Send + 'static) -> Result<T, VaultError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| Err(VaultError::Failed(e.to_string())))
}

/// Saves (or replaces) the login of `account` in the profile `profile_id`. Blocks on the
/// keychain: call it off the UI thread.
pub fn save(profile_id: &str, account: &str, login: &Login) -> Result<(), VaultError> {
    let json = serde_json::to_string(login).map_err(|e| VaultError::Failed(e.to_string()))?;
    entry(profile_id, account)?.set_password(&json)?;
    delete(&unscoped_entry(account)?)?;
    Ok(())
}

/// The login saved for `account`, if any.
pub fn load(profile_id: &str, account: &str) -> Result<Option<Login>, VaultError> {
    match read(&entry(profile_id, account)?)? {
        Some(login) => Ok(Some(login)),
        None => read(&unscoped_entry(account)?),
    }
}

fn read(entry: &keyring::Entry) -> Result<Option<Login>, VaultError> {
    match entry.get_password() {
        Ok(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|_| VaultError::Failed("the saved login is not one Switchboard wrote".into())),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// True when there was one to delete.
fn delete(entry: &keyring::Entry) -> Result<bool, VaultError> {
    match entry.delete_credential() {
        Ok(()) => Ok(true),
        Err(keyring::Error::NoEntry) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Forgets the login of `account`; true when there was one.
pub fn remove(profile_id: &str, account: &str) -> Result<bool, VaultError> {
    let scoped = delete(&entry(profile_id, account)?)?;
    Ok(delete(&unscoped_entry(account)?)? || scoped)
}

/// A removed account's saved login and proxy password go too; a missing keychain only earns a
/// warning.
pub fn forget(profile_id: &str, account: &str) {
    if let Err(e) = remove(profile_id, account).and_then(|_| remove_kept(Kept::ProxyPassword, profile_id, account)) {
        eprintln!("switchboard: what the removed account kept in the keychain stays there: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print() {
        let login = Login::new(" anna@example.com ", "hunter2-секрет").unwrap();
        assert_eq!(login.user, "anna@example.com");
        let shown = format!("{login:?}");
        assert!(!shown.contains("hunter2") && shown.contains("Secret(…)"), "{shown}");
    }

    #[test]
    fn bad_logins_are_refused() {
        assert!(matches!(Login::new("a", ""), Err(VaultError::Invalid(_))));
        assert!(matches!(Login::new("a\u{7}", "x"), Err(VaultError::Invalid(_))));
        assert!(matches!(Login::new("a", &"x".repeat(MAX_SECRET_CHARS + 1)), Err(VaultError::Invalid(_))));
        // What fits in Windows' Credential Manager fits everywhere; more is refused in words.
        assert!(Login::new("anna@example.com", &"x".repeat(1200)).is_ok());
        assert!(Login::new("анна", &"密".repeat(1200)).is_ok(), "counted as UTF-16, not bytes of UTF-8");
        match Login::new("anna@example.com", &"x".repeat(1300)) {
            Err(VaultError::Invalid(why)) => assert_eq!(why.code, "login.too_long_for_keychain"),
            other => panic!("{other:?}"),
        }
        assert!(Login::new("", "token-only").is_ok());
    }
}
