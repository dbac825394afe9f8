//! The name and icon a custom service's own page showed (see `switchboard_core::site`), kept in
//! the account's folder so that the sidebar shows them at the next start before the page has
//! loaded, and gone with the account's data when it is removed.

use crate::profile::Profile;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
pub use switchboard_core::site::Site;

const FILE: &str = "site.json";

pub struct Sites {
    accounts_dir: PathBuf,
    /// Read once per account, then kept here.
    known: Mutex<HashMap<String, Option<Site>>>,
}

impl Sites {
    pub fn new(profile: &Profile) -> Sites {
        Sites { accounts_dir: profile.accounts_dir(), known: Mutex::default() }
    }

    fn path(&self, account: &str) -> PathBuf {
        self.accounts_dir.join(account).join(FILE)
    }

    pub fn get(&self, account: &str) -> Option<Site> {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        known
            .entry(account.to_string())
            .or_insert_with(|| {
                let text = std::fs::read_to_string(self.path(account)).ok()?;
                // Checked again: the file is on disk, where anything may have changed it.
                serde_json::from_str::<Site>(&text).ok().map(|s| Site::checked(&s.name, s.icon.as_deref()))
            })
            .clone()
    }

    /// Keeps what the page showed; true when it differs from what was known.
    pub fn set(&self, account: &str, site: Site) -> bool {
        if self.get(account).as_ref() == Some(&site) {
            return false;
        }
        let text = serde_json::to_string(&site).unwrap_or_default();
        if let Err(e) = crate::atomic_file::write_atomically(&self.path(account), text.as_bytes()) {
            eprintln!("switchboard: the site's name and icon could not be kept: {e}");
        }
        self.known.lock().unwrap_or_else(|e| e.into_inner()).insert(account.to_string(), Some(site));
        true
    }

    /// The account is gone (its folder with it).
    pub fn forget(&self, account: &str) {
        self.known.lock().unwrap_or_else(|e| e.into_inner()).remove(account);
    }
}
