//! Files replaced whole or not at all: write a temp file, fsync, rename over, fsync the folder.

use crate::platform::files;
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
    let mut options = fs::OpenOptions::new();
    files::owner_only(&mut options);
    options
}

/// Creates a folder (and its parents) only its owner may enter.
pub fn private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    files::owner_only_dir(&mut builder);
    builder.create(dir)
}

/// Deletes a file if it is there; one already gone is no error.
pub fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes a file the user asked for (an export, a file of their own) whole; a failure says which
/// file in words.
pub fn write_for_user(path: &Path, bytes: &[u8]) -> Result<(), crate::problem::Problem> {
    write_atomically(path, bytes).map_err(|e| crate::problem::Problem::new("file.not_written").with("path", path.display()).with("detail", e))
}

/// Replaces `path` with `bytes`, creating its folder if needed; a crash leaves the old file or
/// the new one, never a torn one. The file is the owner's alone.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        private_dir(dir)?;
    }
    // A name of its own, made anew: never opened through whatever is there (a link planted at a
    // known name would have the write go where it points), and two writers at once (the window
    // and the command line) never take each other's.
    let tmp = with_suffix(path, &format!(".{:016x}.tmp", rand::random::<u64>()));
    let mut file = private_options().write(true).create_new(true).open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)?;
    // The rename itself must reach the disk before we call the write done.
    match path.parent() {
        Some(dir) => files::sync_dir(dir),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_temp_name_is_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let (settings, elsewhere) = (dir.path().join("settings.json"), dir.path().join("elsewhere"));
        fs::write(&elsewhere, "theirs").unwrap();
        std::os::unix::fs::symlink(&elsewhere, with_suffix(&settings, ".tmp")).unwrap();
        write_atomically(&settings, b"ours").unwrap();
        assert_eq!(fs::read_to_string(&settings).unwrap(), "ours");
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "theirs", "the link's target is untouched");
        assert!(fs::symlink_metadata(&settings).unwrap().file_type().is_file(), "a file, not the link");
        let temps = fs::read_dir(dir.path()).unwrap().flatten().filter(|e| e.file_name().to_string_lossy().ends_with(".tmp")).count();
        assert_eq!(temps, 1, "only the planted link: the write's own temp file went with the rename");
    }
}
