//! Backup files of the index: which format a file is, writing one, and importing one all or
//! nothing (or, when asked, its good records only). Shared by the command line and the window.

use super::exchange::{self, BadRecord, Imported};
use super::Contacts;
use std::path::{Path, PathBuf};

#[derive(Debug, PartialEq, Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Vcard,
    Csv,
}

impl Format {
    pub fn parse(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "vcf" | "vcard" => Some(Format::Vcard),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Vcard => "vcf",
            Format::Csv => "csv",
        }
    }
}

/// The whole index as the text of a file, and how many records it holds.
pub fn export_text(contacts: &Contacts, format: Format) -> (String, usize) {
    let cards = exchange::cards(contacts);
    let text = match format {
        Format::Vcard => exchange::to_vcard(&cards),
        Format::Csv => exchange::to_csv(&cards),
    };
    (text, cards.len())
}

/// Writes the whole index to `path` (atomically: a backup is never half written).
pub fn export_to(contacts: &Contacts, format: Format, path: &Path) -> Result<(PathBuf, usize), String> {
    let (text, count) = export_text(contacts, format);
    crate::atomic_file::write_atomically(path, text.as_bytes()).map_err(|e| format!("could not write {}: {e}", path.display()))?;
    Ok((path.to_path_buf(), count))
}

/// Imports a .vcf or .csv file. A file with bad records imports nothing unless `partial`; the
/// error then names each bad record by line.
pub fn import_file(contacts: &Contacts, path: &Path, partial: bool) -> Result<Imported, String> {
    let format = path
        .extension()
        .and_then(|e| Format::parse(&e.to_string_lossy()))
        .ok_or_else(|| format!("{} is not a .vcf or a .csv file", path.display()))?;
    let size = std::fs::metadata(path).map_err(|e| format!("could not read {}: {e}", path.display()))?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(format!(
            "{} is {} MB: an import takes at most {} MB. Nothing was imported; split the file.",
            path.display(),
            size.div_ceil(1 << 20),
            MAX_IMPORT_BYTES >> 20
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("could not read {}: {e}", path.display()))?;
    let (cards, bad) = match format {
        Format::Vcard => exchange::from_vcard(&text),
        Format::Csv => exchange::from_csv(&text),
    };
    if cards.len() + bad.len() > MAX_IMPORT_RECORDS {
        return Err(format!(
            "{} holds {} records: an import takes at most {MAX_IMPORT_RECORDS}. Nothing was imported; split the file.",
            path.display(),
            cards.len() + bad.len()
        ));
    }
    if !bad.is_empty() && !partial {
        return Err(refused(path, &bad, cards.len()));
    }
    exchange::import(contacts, cards).map_err(|e| e.to_string())
}

/// The largest file an import reads, and the most records it takes: a backup of 100k contacts
/// is about 30 MB of vCard.
pub const MAX_IMPORT_BYTES: u64 = 64 << 20;
pub const MAX_IMPORT_RECORDS: usize = 200_000;

/// Shown this many bad records at most; the count says how many there were.
const LISTED: usize = 10;

fn refused(path: &Path, bad: &[BadRecord], good: usize) -> String {
    let mut lines: Vec<String> = bad.iter().take(LISTED).map(|b| format!("{}: {b}", path.display())).collect();
    if bad.len() > LISTED {
        lines.push(format!("… and {} more", bad.len() - LISTED));
    }
    lines.push(format!(
        "Nothing was imported: {} record(s) can't be read; fix them, or import the {good} good one(s) only",
        bad.len()
    ));
    lines.join("\n")
}
