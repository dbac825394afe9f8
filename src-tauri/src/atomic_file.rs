//! Files replaced whole or not at all: write a temp file, fsync, rename over, fsync the folder.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `settings.json` + ".bak" → `settings.json.bak`.
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Options for a file only its owner may read: settings, message previews, tokens.
pub fn private_options() -> fs::OpenOptions {
    owner_only(fs::OpenOptions::new())
}

/// On Windows the profile is under the user's own app-data folder, which only they may read.
#[cfg(unix)]
fn owner_only(mut options: fs::OpenOptions) -> fs::OpenOptions {
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

#[cfg(not(unix))]
fn owner_only(options: fs::OpenOptions) -> fs::OpenOptions {
    options
}

/// Creates a folder (and its parents) only its owner may enter.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Deletes a file if it is there; one already gone is no error.
pub fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Replaces `path` with `bytes`, creating its folder if needed; a crash leaves the old file or
/// the new one, never a torn one. The file is the owner's alone.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        private_dir(dir)?;
    }
    let tmp = with_suffix(path, ".tmp");
    let mut file = private_options().write(true).create(true).truncate(true).open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)?;
    // The rename itself must reach the disk before we call the write done.
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}
