//! Settings on disk: written atomically (temp file, fsync, rename) to `settings.json`, then the
//! same bytes to `settings.json.bak`. A damaged main file is set aside and the backup used, so
//! a bad edit or a torn disk never loses the user's accounts.

use super::Workspace;
use crate::problem::Problem;
use crate::atomic_file::{with_suffix, write_atomically};
use std::fs;
use std::path::{Path, PathBuf};

pub struct Loaded {
    pub workspace: Workspace,
    /// What the user must be told about how the settings were found, if anything went wrong.
    pub notice: Option<Problem>,
}

pub fn backup_path(path: &Path) -> PathBuf {
    with_suffix(path, ".bak")
}

/// A settings file this big is not one Switchboard wrote.
const MAX_SETTINGS_BYTES: u64 = 16 << 20;

/// The workspace in a file, with the top-level settings this version could not read.
fn read(path: &Path) -> Result<Option<(Workspace, Vec<String>)>, String> {
    match fs::metadata(path) {
        Ok(m) if m.len() > MAX_SETTINGS_BYTES => return Err(format!("it is larger than {} MB", MAX_SETTINGS_BYTES >> 20)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        _ => {}
    }
    match fs::read(path) {
        Ok(bytes) => {
            let value = serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
            super::read_workspace(value).map(Some)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

fn now_secs() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or_default()
}

/// Moves a damaged file out of the way, keeping it for the user: `settings.json.damaged-<secs>`.
fn set_aside(path: &Path) -> Option<PathBuf> {
    let aside = with_suffix(path, &format!(".damaged-{}", now_secs()));
    fs::rename(path, &aside).ok().map(|_| aside)
}

/// Where a damaged file is kept for the user: set aside, or where it was when it can't be moved.
fn kept_as(path: &Path) -> String {
    set_aside(path).as_deref().unwrap_or(path).display().to_string()
}

/// The file read, and what to tell the user when some settings in it were not understood: a
/// copy is kept as `settings.json.newer-<secs>` before anything is written over them.
fn with_unread(path: &Path, workspace: Workspace, unread: Vec<String>) -> Loaded {
    let kept = with_suffix(path, &format!(".newer-{}", now_secs()));
    let notice = (!unread.is_empty()).then(|| {
        let notice = match fs::copy(path, &kept) {
            Ok(_) => Problem::new("settings.newer").with("path", kept.display()),
            Err(e) => Problem::new("settings.newer_not_kept").with("detail", e),
        };
        notice.with("settings", unread.join(", "))
    });
    Loaded { workspace, notice }
}

pub fn load(path: &Path) -> Loaded {
    let main_error = match read(path) {
        Ok(Some((workspace, unread))) => return with_unread(path, workspace, unread),
        Ok(None) => None,
        Err(e) => Some(e),
    };
    let backup = backup_path(path);
    match (main_error, read(&backup)) {
        (None, Ok(None)) => Loaded { workspace: Workspace::default(), notice: None },
        (main_error, Ok(Some((workspace, _)))) => {
            let notice = match &main_error {
                Some(e) => Problem::new("settings.from_backup_damaged").with("detail", e).with("path", kept_as(path)),
                None => Problem::new("settings.from_backup_missing"),
            };
            // Put a good main file back at once, so the next start is clean.
            if let Err(e) = save(path, &workspace) {
                eprintln!("switchboard: the repaired settings could not be written to {}: {e}", path.display());
            }
            let count = workspace.accounts.len();
            Loaded { workspace, notice: Some(notice.with("count", count)) }
        }
        (main_error, backup_result) => {
            // Here the main file is damaged, or the backup, or both.
            let backup_damaged = |code, b: Option<String>| {
                Problem::new(code).with("backup_detail", b.unwrap_or_default()).with("backup_path", kept_as(&backup))
            };
            let notice = match (main_error, backup_result.err()) {
                (Some(e), None) => Problem::new("settings.damaged_no_backup").with("detail", e).with("path", kept_as(path)),
                (Some(e), b) => backup_damaged("settings.both_damaged", b).with("detail", e).with("path", kept_as(path)),
                (None, b) => backup_damaged("settings.backup_damaged", b),
            };
            Loaded { workspace: Workspace::default(), notice: Some(notice) }
        }
    }
}

/// The workspace in the file now, if it can be read (for merging before a write).
pub fn on_disk(path: &Path) -> Option<Workspace> {
    read(path).ok().flatten().map(|(workspace, _)| workspace)
}

pub fn save(path: &Path, workspace: &Workspace) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(workspace).map_err(std::io::Error::other)?;
    write_atomically(path, &bytes)?;
    write_atomically(&backup_path(path), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace_with(labels: &[&str]) -> Workspace {
        let mut w = Workspace::default();
        for l in labels {
            w.add("telegram", l, None).unwrap();
        }
        w
    }

    #[test]
    fn round_trip_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let w = workspace_with(&["Продажи", "客服", "Support"]);
        save(&path, &w).unwrap();
        let loaded = load(&path);
        assert_eq!(loaded.workspace, w);
        assert!(loaded.notice.is_none());
        let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).filter(|n| n.to_string_lossy().ends_with(".tmp")).collect();
        assert!(left.is_empty(), "temp files left: {left:?}");
    }

    #[test]
    fn damaged_file_starts_from_backup_keeps_the_damaged_copy_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        let w = workspace_with(&["A", "B", "C"]);
        save(&path, &w).unwrap();
        fs::write(&path, b"{\"accounts\": [ {\"id\": trunc").unwrap();
        let loaded = load(&path);
        assert_eq!(loaded.workspace, w);
        let notice = loaded.notice.unwrap();
        assert_eq!((notice.code, notice.args["count"].as_str()), ("settings.from_backup_damaged", "3"), "{notice}");
        assert!(notice.to_string().contains("3 accounts"), "{notice}");
        // The main file is whole again and the damaged bytes are still on disk.
        assert_eq!(load(&path).workspace, w);
        let kept: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
            .collect();
        assert_eq!(kept.len(), 1);
        assert!(fs::read_to_string(kept[0].path()).unwrap().contains("trunc"));
    }

    #[test]
    fn both_damaged_starts_empty_but_keeps_both_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        fs::write(&path, b"garbage").unwrap();
        fs::write(backup_path(&path), b"more garbage").unwrap();
        let loaded = load(&path);
        assert!(loaded.workspace.accounts.is_empty());
        assert_eq!(loaded.notice.unwrap().code, "settings.both_damaged");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[test]
    fn first_start_is_empty_and_quiet() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(&dir.path().join("settings.json"));
        assert!(loaded.workspace.accounts.is_empty() && loaded.notice.is_none());
    }
}
