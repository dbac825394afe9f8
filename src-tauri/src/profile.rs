//! Where Switchboard keeps its state: the platform's config and data dirs, or one folder given
//! with `--profile DIR` / `SWITCHBOARD_PROFILE` (tests, portable use).

use crate::text::is_plain_name;
use switchboard_core::browsers;
use std::path::{Path, PathBuf};

pub const PROFILE_ENV: &str = "SWITCHBOARD_PROFILE";

/// In the shared browsers' folder: the profiles of removed accounts, to delete at next start.
const REMOVED_PROFILES: &str = "removed-profiles";

/// Deletes a folder and all it holds; one already gone is no error.
fn remove_folder(folder: &Path) -> Result<(), String> {
    match std::fs::remove_dir_all(folder) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("could not delete {}: {e}", folder.display())),
        _ => Ok(()),
    }
}

/// The file-creation mask the user started Switchboard with: Switchboard's own (0077, set in
/// `make_private`) is for its profile, not for what a browser it starts saves.
static USER_UMASK: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0o022);

pub fn user_umask() -> u32 {
    USER_UMASK.load(std::sync::atomic::Ordering::Relaxed)
}

#[derive(Debug, Clone)]
pub struct Profile {
    /// Settings live here.
    pub config_dir: PathBuf,
    /// Per-account web data and (later) the contact index live here.
    pub data_dir: PathBuf,
}

impl Profile {
    /// `explicit` is the `--profile` argument; the environment variable comes next, then the
    /// platform's own directories.
    pub fn resolve(explicit: Option<PathBuf>) -> Result<Profile, String> {
        if let Some(dir) = explicit.or_else(|| std::env::var_os(PROFILE_ENV).map(PathBuf::from)) {
            return Ok(Profile::in_folder(&dir));
        }
        let config = dirs::config_dir().ok_or("this system has no config directory")?;
        // The local, not roaming, data folder: web engines' caches are large (on Windows this
        // is %LOCALAPPDATA%, elsewhere the usual data folder).
        let data = dirs::data_local_dir().ok_or("this system has no data directory")?;
        Ok(Profile { config_dir: config.join("switchboard"), data_dir: data.join("switchboard") })
    }

    /// The folder given with --profile (or SWITCHBOARD_PROFILE), for a profile kept in one.
    pub fn folder(&self) -> Option<&Path> {
        (self.data_dir == self.config_dir.join("data")).then_some(self.config_dir.as_path())
    }

    pub fn in_folder(dir: &Path) -> Profile {
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        Profile { config_dir: dir.clone(), data_dir: dir.join("data") }
    }

    /// Makes the profile's folders the user's alone, and every file created from now on too
    /// (WebKit's, sled's and ours): other local users must not read message previews, cookies
    /// or the instance token. Folders made by an older version are tightened as well.
    pub fn make_private(&self) -> std::io::Result<()> {
        USER_UMASK.store(crate::platform::files::keep_new_files_private(), std::sync::atomic::Ordering::Relaxed);
        for dir in [&self.config_dir, &self.data_dir] {
            crate::atomic_file::private_dir(dir)?;
            crate::platform::files::make_dir_private(dir)?;
        }
        Ok(())
    }

    pub fn settings_file(&self) -> PathBuf {
        self.config_dir.join("settings.json")
    }

    /// The folder holding every account's folder.
    pub fn accounts_dir(&self) -> PathBuf {
        self.data_dir.join("accounts")
    }

    /// Windows: the shared browsers' folders, each holding the profiles of several accounts.
    pub fn browsers_dir(&self) -> PathBuf {
        self.data_dir.join("browsers")
    }

    /// The folder holding one account's cookies, storage and cache.
    pub fn account_dir(&self, account_id: &str) -> PathBuf {
        self.accounts_dir().join(account_id)
    }

    /// Deletes one account's web data, and nothing else: the id must be a plain name, so a
    /// hand-edited settings file can't point this at another folder. Its profiles in the shared
    /// browsers (Windows) are listed for `delete_removed_profiles`: a browser that runs other
    /// accounts' pages still holds them now.
    pub fn remove_account_data(&self, account_id: &str) -> Result<(), String> {
        if !is_plain_name(account_id) {
            return Err(format!("refusing to delete data for the odd account id {account_id:?}"));
        }
        remove_folder(&self.account_dir(account_id))?;
        if self.browsers_dir().is_dir() {
            let list = self.browsers_dir().join(REMOVED_PROFILES);
            let line = format!("{}\n", browsers::profile_name(account_id));
            let appended = std::fs::OpenOptions::new().create(true).append(true).open(&list).and_then(|mut f| std::io::Write::write_all(&mut f, line.as_bytes()));
            appended.map_err(|e| format!("could not note {} as removed: {e}", list.display()))?;
        }
        Ok(())
    }

    /// Deletes the profiles listed as removed, in every shared browser's folder: at start, before
    /// any shared browser runs. Only names listed and no current account's (`accounts`).
    pub fn delete_removed_profiles(&self, accounts: &[String]) {
        let list = self.browsers_dir().join(REMOVED_PROFILES);
        let Ok(listed) = std::fs::read_to_string(&list) else { return };
        let Ok(folders) = std::fs::read_dir(self.browsers_dir()) else { return };
        let mut kept = false;
        for engine in folders.flatten().map(|f| f.path().join(browsers::ENGINE_FOLDER)) {
            let Ok(found) = std::fs::read_dir(&engine) else { continue };
            let names: Vec<String> = found.flatten().filter_map(|e| e.file_name().into_string().ok()).collect();
            for name in browsers::removed_profiles(names.iter().map(String::as_str), listed.lines(), accounts) {
                if let Err(e) = remove_folder(&engine.join(&name)) {
                    eprintln!("switchboard: {e}");
                    kept = true;
                }
            }
        }
        if !kept {
            let _ = std::fs::remove_file(&list);
        }
    }

    /// Every shared browser's data, every account's profile in it (a lock reset signs all out).
    pub fn remove_shared_browsers(&self) -> Result<(), String> {
        remove_folder(&self.browsers_dir())
    }

    /// The notification history (JSON lines).
    pub fn history_file(&self) -> PathBuf {
        self.data_dir.join("history.jsonl")
    }

    /// The contact index (a sled database folder).
    pub fn contacts_dir(&self) -> PathBuf {
        self.data_dir.join("contacts")
    }

    /// The user's own style and script for an account's pages: `<account id>.css`, `.js`.
    pub fn custom_dir(&self) -> PathBuf {
        self.config_dir.join("custom")
    }

    /// The statistics (a sled database).
    pub fn stats_dir(&self) -> PathBuf {
        self.data_dir.join("stats")
    }

    /// Cached service icons for OS notifications.
    pub fn icons_dir(&self) -> PathBuf {
        self.data_dir.join("icons")
    }

    /// Present while the app is locked: the number of wrong guesses. A quit or killed app
    /// starts locked again from it.
    pub fn lock_state_file(&self) -> PathBuf {
        self.config_dir.join("locked")
    }

    /// This profile's own name in the keychain, so that two profiles (a second workspace) never
    /// share a lock password. Kept in the profile, so it moves with the folder; made on first use.
    pub fn keychain_id(&self) -> std::io::Result<String> {
        let path = self.config_dir.join("keychain-id");
        match std::fs::read_to_string(&path) {
            Ok(id) if is_plain_name(id.trim()) => return Ok(id.trim().to_string()),
            Ok(_) => {} // damaged: a new one (the lock it named is then reset by `lock reset`)
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let id = format!("{:016x}", rand::random::<u64>());
        crate::atomic_file::write_atomically(&path, id.as_bytes())?;
        Ok(id)
    }

    /// Where a running instance says how to reach it.
    pub fn instance_file(&self) -> PathBuf {
        self.config_dir.join("instance.lock")
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    /// Each account's engine data (WebKitGTK's data folder, WebView2's user-data folder) is the
    /// folder named here: two accounts never share one, and none lies outside the profile.
    #[test]
    fn each_account_has_a_data_folder_of_its_own_inside_the_profile() {
        let profile = Profile::in_folder(Path::new("/profiles/work"));
        let folders: Vec<PathBuf> = ["wa-1", "wa-10", "tg-1"].iter().map(|id| profile.account_dir(id)).collect();
        for (n, folder) in folders.iter().enumerate() {
            assert!(folder.starts_with(profile.accounts_dir()), "{folder:?}");
            for other in &folders[n + 1..] {
                assert!(!folder.starts_with(other) && !other.starts_with(folder), "{folder:?} and {other:?} overlap");
            }
        }
        assert!(profile.remove_account_data("../../etc").is_err(), "an odd id never names a folder to delete");
    }

    /// A removed account's profile in a shared browser goes at the next start, in every shared
    /// folder it was in; another account's profile and the engine's own folders stay, and
    /// nothing is deleted that was not listed (a lost settings file deletes no sign-in).
    #[test]
    fn a_removed_accounts_profiles_go_at_the_next_start_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::in_folder(dir.path());
        let engine = |folder: &str| profile.browsers_dir().join(folder).join(browsers::ENGINE_FOLDER);
        let (gone, kept, never_listed) = (browsers::profile_name("wa-1"), browsers::profile_name("wa-2"), browsers::profile_name("wa-3"));
        for folder in ["direct", "proxy-1"] {
            for name in [&gone, &kept, &never_listed, &"Default".to_string()] {
                std::fs::create_dir_all(engine(folder).join(name)).unwrap();
                std::fs::write(engine(folder).join(name).join("Cookies"), "x").unwrap();
            }
        }
        std::fs::create_dir_all(profile.account_dir("wa-1")).unwrap();
        profile.remove_account_data("wa-1").unwrap();
        assert!(!profile.account_dir("wa-1").exists());
        assert!(engine("direct").join(&gone).exists(), "not while a browser may hold it");
        profile.delete_removed_profiles(&["wa-2".to_string()]);
        for folder in ["direct", "proxy-1"] {
            assert!(!engine(folder).join(&gone).exists(), "{folder}: the removed account's profile stays");
            for name in [&kept, &never_listed, &"Default".to_string()] {
                assert!(engine(folder).join(name).join("Cookies").exists(), "{folder}/{name} was deleted");
            }
        }
        assert!(!profile.browsers_dir().join(REMOVED_PROFILES).exists(), "the list is done with");
        profile.delete_removed_profiles(&[]);
        assert!(engine("direct").join(&never_listed).exists(), "an account missing from the settings is no removed account");
    }
}
