//! Backup files of the index: which format a file is, writing one, and importing one all or
//! nothing (or, when asked, its good records only). Shared by the command line and the window.

use super::exchange::{self, BadRecord, Imported};
use super::Contacts;
use crate::problem::Problem;
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
pub fn export_to(contacts: &Contacts, format: Format, path: &Path) -> Result<(PathBuf, usize), Problem> {
    let (text, count) = export_text(contacts, format);
    crate::atomic_file::write_for_user(path, text.as_bytes())?;
    Ok((path.to_path_buf(), count))
}

/// Imports a .vcf or .csv file. A file with bad records imports nothing unless `partial`; the
/// error then names each bad record by line.
pub fn import_file(contacts: &Contacts, path: &Path, partial: bool) -> Result<Imported, Problem> {
    let format = path
        .extension()
        .and_then(|e| Format::parse(&e.to_string_lossy()))
        .ok_or_else(|| Problem::new("import.not_a_backup").with("path", path.display()))?;
    let unread = |e: std::io::Error| Problem::new("file.not_read").with("path", path.display()).with("detail", e);
    let size = std::fs::metadata(path).map_err(unread)?.len();
    if size > MAX_IMPORT_BYTES {
        let (megabytes, max) = (size.div_ceil(1 << 20), MAX_IMPORT_BYTES >> 20);
        return Err(Problem::new("import.too_big").with("path", path.display()).with("size", megabytes).with("max", max));
    }
    let text = std::fs::read_to_string(path).map_err(unread)?;
    let (cards, bad) = match format {
        Format::Vcard => exchange::from_vcard(&text),
        Format::Csv => exchange::from_csv(&text),
    };
    if cards.len() + bad.len() > MAX_IMPORT_RECORDS {
        let records = cards.len() + bad.len();
        return Err(Problem::new("import.too_many").with("path", path.display()).with("count", records).with("max", MAX_IMPORT_RECORDS));
    }
    if !bad.is_empty() && !partial {
        return Err(refused(path, &bad, cards.len()));
    }
    Ok(exchange::import(contacts, cards)?)
}

/// The largest file an import reads, and the most records it takes: a backup of 100k contacts
/// is about 30 MB of vCard.
pub const MAX_IMPORT_BYTES: u64 = 64 << 20;
pub const MAX_IMPORT_RECORDS: usize = 200_000;

/// Shown this many bad records at most; the count says how many there were.
const LISTED: usize = 10;

/// Which records are bad (by line, in the file's own terms) and what the user can do.
fn refused(path: &Path, bad: &[BadRecord], good: usize) -> Problem {
    let mut lines: Vec<String> = bad.iter().take(LISTED).map(|b| format!("{}: {b}", path.display())).collect();
    if bad.len() > LISTED {
        lines.push(format!("… +{}", bad.len() - LISTED));
    }
    Problem::new("import.bad_records").with("lines", lines.join("\n")).with("count", bad.len()).with("good", good)
}
