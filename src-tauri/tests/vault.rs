//! The vault against a real Secret Service: gnome-keyring-daemon, unlocked, on a private D-Bus
//! session bus with no service activation (so a stopped keyring stays stopped). One test: the
//! bus address is process-wide.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use switchboard::vault::lock::{self, HashStore};
use switchboard::vault::{self, Login, VaultError};

struct Session {
    bus: Child,
    keyring: Child,
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.keyring.kill();
        let _ = self.keyring.wait();
        let _ = self.bus.kill();
        let _ = self.bus.wait();
    }
}

/// A session bus that starts no service by itself, so a stopped keyring stays stopped.
const BUS_CONFIG: &str = include_str!("../../tests/fixtures/session-bus.conf");

fn start(home: &Path) -> Session {
    let config = home.join("bus.conf");
    std::fs::write(&config, BUS_CONFIG).unwrap();
    let mut bus = Command::new("dbus-daemon")
        .args(["--nofork", "--print-address=1", "--config-file"])
        .arg(&config)
        .stdout(Stdio::piped())
        .spawn()
        .expect("dbus-daemon (make test installs it)");
    let mut address = String::new();
    BufReader::new(bus.stdout.take().unwrap()).read_line(&mut address).unwrap();
    std::env::set_var("DBUS_SESSION_BUS_ADDRESS", address.trim());
    let mut keyring = Command::new("gnome-keyring-daemon")
        .args(["--foreground", "--components=secrets", "--unlock"])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_RUNTIME_DIR", home)
        .env("DBUS_SESSION_BUS_ADDRESS", address.trim())
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("gnome-keyring-daemon (make test installs it)");
    // The login keyring's password, then end of input: the keyring is created unlocked.
    keyring.stdin.take().unwrap().write_all(b"test-keyring-password").unwrap();
    let session = Session { bus, keyring };
    let deadline = Instant::now() + Duration::from_secs(20);
    while let Err(e) = vault::load("p1", "probe") {
        assert!(Instant::now() < deadline, "the keyring never answered: {e}");
        std::thread::sleep(Duration::from_millis(100));
    }
    session
}

#[test]
fn logins_live_in_the_keychain_per_account() {
    let home = tempfile::tempdir().unwrap();
    let mut session = start(home.path());

    let anna = Login::new("anna@example.com", "пароль-密码-1").unwrap();
    let ivan = Login::new("ivan", "token-for-ivan").unwrap();
    assert_eq!(vault::load("p1", "acct-a").unwrap(), None);
    vault::save("p1", "acct-a", &anna).unwrap();
    vault::save("p1", "acct-b", &ivan).unwrap();
    assert_eq!(vault::load("p1", "acct-a").unwrap(), Some(anna.clone()));
    assert_eq!(vault::load("p1", "acct-b").unwrap(), Some(ivan.clone()), "two accounts never see each other's login");
    assert_eq!(vault::load("p2", "acct-a").unwrap(), None, "another profile's account of the same id sees nothing");
    let scoped = keyring::Entry::new(vault::KEYCHAIN_SERVICE, "login:p1:acct-a").unwrap();
    assert!(scoped.get_password().unwrap().contains("anna@example.com"), "named by profile and account");

    let updated = Login::new("anna@example.com", "новый-пароль").unwrap();
    vault::save("p1", "acct-a", &updated).unwrap();
    assert_eq!(vault::load("p1", "acct-a").unwrap(), Some(updated));
    assert!(vault::remove("p1", "acct-a").unwrap());
    assert!(!vault::remove("p1", "acct-a").unwrap(), "already gone");
    assert_eq!(vault::load("p1", "acct-a").unwrap(), None);
    assert_eq!(vault::load("p1", "acct-b").unwrap(), Some(ivan));

    // A login saved by a version before profiles had their own entries is still read, moves to
    // the profile's entry when saved again, and goes with a removal.
    let old = keyring::Entry::new(vault::KEYCHAIN_SERVICE, "login:acct-old").unwrap();
    old.set_password(&serde_json::to_string(&anna).unwrap()).unwrap();
    assert_eq!(vault::load("p1", "acct-old").unwrap(), Some(anna.clone()));
    vault::save("p1", "acct-old", &anna).unwrap();
    assert!(matches!(old.get_password(), Err(keyring::Error::NoEntry)), "moved");
    assert_eq!(vault::load("p1", "acct-old").unwrap(), Some(anna.clone()));
    old.set_password(&serde_json::to_string(&anna).unwrap()).unwrap();
    assert!(vault::remove("p1", "acct-old").unwrap());
    assert_eq!(vault::load("p1", "acct-old").unwrap(), None, "both names gone");

    command_line_keeps_secrets_in_the_keychain_only();
    the_lock_keeps_only_a_salted_hash_in_the_keychain();

    // The keyring stops: a clear error, and nothing falls back to a file.
    session.keyring.kill().unwrap();
    session.keyring.wait().unwrap();
    let err = vault::save("p1", "acct-c", &Login::new("x", "y").unwrap()).unwrap_err();
    assert!(matches!(err, VaultError::Unavailable(_)), "{err:?}");
    assert!(err.to_string().contains("keychain is not available"), "{err}");
    assert!(matches!(vault::load("p1", "acct-b"), Err(VaultError::Unavailable(_))));
    let lock = HashStore::open("p1").unwrap().load().unwrap_err();
    assert!(lock.to_string().starts_with("The system keychain is not available"), "{lock}");
}

/// The app lock's hash, in the same real keychain (no mock anywhere in the tests).
fn the_lock_keeps_only_a_salted_hash_in_the_keychain() {
    let store = HashStore::open("p1").unwrap();
    assert_eq!(store.load().unwrap(), None, "no lock set yet");
    let hashed = lock::hash("пароль-密码").unwrap();
    assert!(!hashed.contains("пароль") && hashed.starts_with("$argon2id$"), "{hashed}");
    assert_ne!(hashed, lock::hash("пароль-密码").unwrap(), "each hash has its own salt");
    store.save(&hashed).unwrap();
    let loaded = HashStore::open("p1").unwrap().load().unwrap().unwrap();
    assert!(lock::verify(&loaded, "пароль-密码"));
    assert!(!lock::verify(&loaded, "пароль-密码 "));
    // Another profile has no lock of its own; clearing it leaves this one's.
    let other = HashStore::open("p2").unwrap();
    assert_eq!(other.load().unwrap(), None, "a lock shared between profiles");
    other.clear().unwrap();
    assert!(store.load().unwrap().is_some());
    // Something else in our entry (not a hash Switchboard wrote) is refused, not trusted.
    let entry = keyring::Entry::new(vault::KEYCHAIN_SERVICE, "app-lock:p1").unwrap();
    entry.set_password("hunter2").unwrap();
    assert!(matches!(store.load(), Err(VaultError::Failed(_))));
    store.clear().unwrap();
    assert_eq!(store.load().unwrap(), None);
    store.clear().unwrap();
    // A lock set before profiles had their own entry (one for all) still opens.
    let shared = keyring::Entry::new(vault::KEYCHAIN_SERVICE, "app-lock").unwrap();
    shared.set_password(&hashed).unwrap();
    assert_eq!(other.load().unwrap().as_deref(), Some(hashed.as_str()));
    shared.delete_credential().unwrap();
}

fn switchboard(profile: &Path, args: &[&str], stdin: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
        .arg("--profile")
        .arg(profile)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

/// Every file under `dir`, as bytes.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = vec![];
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

fn command_line_keeps_secrets_in_the_keychain_only() {
    let profile = tempfile::tempdir().unwrap();
    let secret = "s3cret-Пароль-密码";
    let added = switchboard(profile.path(), &["services", "add", "custom", "--url", "http://127.0.0.1:9/", "--label", "Shop"], "");
    let id = String::from_utf8(added.stdout).unwrap().trim().to_string();
    let set = switchboard(profile.path(), &["vault", "set", "Shop", "--user", "anna"], &format!("{secret}\n"));
    assert!(set.status.success(), "{}", String::from_utf8_lossy(&set.stderr));
    let scope = std::fs::read_to_string(profile.path().join("keychain-id")).unwrap();
    assert_eq!(vault::load(&scope, &id).unwrap(), Some(Login::new("anna", secret).unwrap()));

    // Not on a terminal: refused, and nothing printed.
    let get = switchboard(profile.path(), &["vault", "get", "Shop"], "y\n");
    assert!(!get.status.success());
    assert!(String::from_utf8_lossy(&get.stderr).contains("only on a terminal"));
    assert!(!String::from_utf8_lossy(&get.stdout).contains(secret));

    for (path, bytes) in files(profile.path()) {
        let found = bytes.windows(secret.len()).any(|w| w == secret.as_bytes());
        assert!(!found, "the secret is in {}", path.display());
    }

    // Removing the account removes its login.
    assert!(switchboard(profile.path(), &["services", "remove", "Shop"], "").status.success());
    assert_eq!(vault::load(&scope, &id).unwrap(), None);
}
