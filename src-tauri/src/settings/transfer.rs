//! Moving settings to another computer, or keeping them: the file is the core's
//! (`switchboard_core::settings_file`); here it meets the disk, the keychain and the contact
//! index, for the window and the command line alike. An import checks everything it will take
//! before it changes anything, and keeps a copy of the settings it replaces first.

use crate::contacts::{exchange, Contacts};
use crate::problem::Problem;
use crate::profile::Profile;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use switchboard_core::i18n::{t, Lang};
use switchboard_core::settings_file::{self, PageChanges, Read};
use switchboard_core::workspace::Workspace;

/// The file's text, with the contacts (people, notes, tags and their chats) when given.
pub fn export(ws: &Workspace, contacts: Option<&Contacts>, lang: Lang) -> String {
    let vcard = contacts.map(|c| exchange::to_vcard(&exchange::cards(c)));
    settings_file::export(ws, &t(lang, "settings_file.note", &[]), &chrono::Utc::now().to_rfc3339(), vcard)
}

/// A settings file read and checked: its settings, and its contact cards (every one well formed,
/// and no more than a contacts import takes).
pub struct Imported {
    pub read: Read,
    pub cards: Vec<exchange::Card>,
}

/// Reads a settings file: a regular file, bounded in size; anything else is refused saying so.
pub fn read(path: &Path) -> Result<Imported, Problem> {
    let unread = |e: std::io::Error| Problem::new("file.not_read").with("path", path.display()).with("detail", e);
    let file = std::fs::File::open(path).map_err(unread)?;
    if !file.metadata().map_err(unread)?.is_file() {
        return Err(Problem::new("settings_file.not_one").with("path", path.display()));
    }
    let mut text = String::new();
    file.take(settings_file::MAX_BYTES + 1).read_to_string(&mut text).map_err(unread)?;
    if text.len() as u64 > settings_file::MAX_BYTES {
        return Err(Problem::new("import.too_big").with("path", path.display()).with("size", (text.len() as u64).div_ceil(1 << 20)).with("max", settings_file::MAX_BYTES >> 20));
    }
    let read = settings_file::read(&text).map_err(|p| p.with("path", path.display()))?;
    let (cards, bad) = read.contacts_vcard.as_deref().map(exchange::from_vcard).unwrap_or_default();
    if !bad.is_empty() {
        return Err(Problem::new("settings_file.bad_contacts").with("path", path.display()).with("count", bad.len()));
    }
    if cards.len() > crate::contacts::files::MAX_IMPORT_RECORDS {
        return Err(Problem::new("import.too_many").with("path", path.display()).with("count", cards.len()).with("max", crate::contacts::files::MAX_IMPORT_RECORDS));
    }
    Ok(Imported { read, cards })
}

/// Saves the settings an import is about to replace, as a settings file of their own (one the
/// user can import to go back), in `backups/` of the profile's config folder; never over another.
pub fn keep_backup(profile: &Profile, ws: &Workspace, lang: Lang) -> Result<PathBuf, Problem> {
    let folder = profile.config_dir.join("backups");
    crate::atomic_file::private_dir(&folder).map_err(|e| Problem::new("file.not_written").with("path", folder.display()).with("detail", e))?;
    let stamp = chrono::Local::now().format("%Y-%m-%d-%H%M%S");
    let path = (1..).map(|n| folder.join(if n == 1 { format!("settings-{stamp}.json") } else { format!("settings-{stamp}-{n}.json") })).find(|p| !p.exists()).expect("a free name");
    crate::atomic_file::write_for_user(&path, export(ws, None, lang).as_bytes())?;
    Ok(path)
}

/// What the keychain held for the accounts an import removed or moved to another proxy: a
/// saved login goes with its account, a proxy's password with the proxy it was typed for.
pub fn forget_in_keychain(profile: &Profile, changes: &PageChanges) {
    let Ok(scope) = crate::vault::scope(profile) else { return };
    for account in &changes.removed {
        crate::vault::forget(&scope, account);
    }
    for account in &changes.new_proxy {
        if let Err(e) = crate::vault::remove_kept(crate::vault::Kept::ProxyPassword, &scope, account) {
            eprintln!("switchboard: the old proxy's password stays in the keychain: {e}");
        }
    }
}

/// Adds the file's contacts to the index, merged with the people already there.
pub fn import_contacts(contacts: &Contacts, cards: Vec<exchange::Card>) -> Result<exchange::Imported, Problem> {
    let done = exchange::import(contacts, cards).map_err(|e| e.problem())?;
    contacts.flush().map_err(|e| e.problem())?;
    Ok(done)
}
