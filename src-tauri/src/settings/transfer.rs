//! Moving settings to another computer, or keeping them: the file is the core's
//! (`switchboard_core::settings_file`); here it meets the disk and the contact index, for the
//! window and the command line alike. An import keeps a copy of the settings it replaces first.

use crate::contacts::{exchange, Contacts};
use crate::problem::Problem;
use crate::profile::Profile;
use std::path::{Path, PathBuf};
use switchboard_core::i18n::{t, Lang};
use switchboard_core::settings_file::{self, Read};
use switchboard_core::workspace::Workspace;

/// The file's text, with the contacts (people, notes, tags and their chats) when given.
pub fn export(ws: &Workspace, contacts: Option<&Contacts>, lang: Lang) -> String {
    let vcard = contacts.map(|c| exchange::to_vcard(&exchange::cards(c)));
    settings_file::export(ws, &t(lang, "settings_file.note", &[]), &chrono::Utc::now().to_rfc3339(), vcard)
}

/// Reads a settings file, bounded in size; anything else is refused saying so.
pub fn read(path: &Path) -> Result<Read, Problem> {
    let unread = |e: std::io::Error| Problem::new("file.not_read").with("path", path.display()).with("detail", e);
    let size = std::fs::metadata(path).map_err(unread)?.len();
    if size > settings_file::MAX_BYTES {
        return Err(Problem::new("import.too_big").with("path", path.display()).with("size", size.div_ceil(1 << 20)).with("max", settings_file::MAX_BYTES >> 20));
    }
    settings_file::read(&std::fs::read_to_string(path).map_err(unread)?).map_err(|p| p.with("path", path.display()))
}

/// How many people and chats the file's contacts hold (shown before importing them).
pub fn contact_cards(read: &Read) -> usize {
    read.contacts_vcard.as_deref().map_or(0, |v| exchange::from_vcard(v).0.len())
}

/// Saves the settings an import is about to replace, as a settings file of their own (one the
/// user can import to go back), in `backups/` of the profile's config folder.
pub fn keep_backup(profile: &Profile, ws: &Workspace, lang: Lang) -> Result<PathBuf, Problem> {
    let folder = profile.config_dir.join("backups");
    crate::atomic_file::private_dir(&folder).map_err(|e| Problem::new("file.not_written").with("path", folder.display()).with("detail", e))?;
    let path = folder.join(format!("settings-{}.json", chrono::Local::now().format("%Y-%m-%d-%H%M%S")));
    crate::atomic_file::write_for_user(&path, export(ws, None, lang).as_bytes())?;
    Ok(path)
}

/// Adds the file's contacts to the index, merged with the people already there.
pub fn import_contacts(contacts: &Contacts, read: &Read) -> Result<exchange::Imported, Problem> {
    let Some(vcard) = &read.contacts_vcard else { return Ok(Default::default()) };
    let (cards, _) = exchange::from_vcard(vcard);
    let done = exchange::import(contacts, cards).map_err(|e| e.problem())?;
    contacts.flush().map_err(|e| e.problem())?;
    Ok(done)
}
