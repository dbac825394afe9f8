//! Files a page wants to save. Nothing is written without the user's consent: a download from a
//! page nobody touched in the last seconds (a hidden account, an ad's script) is refused; one the
//! user started is asked about (which account, which file) unless the account's rule says to
//! save without asking; files go to the folder the user chose. The Downloads list shows them.
//!
//! The engine's request can't wait for an answer, so it is refused and, once the user says
//! "save", started again from the same page (same session) and let through.

use crate::settings::{DownloadRule, Workspace};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A download counts as the user's when they pressed a key or clicked in that page this recently.
pub const GESTURE_WINDOW: Duration = Duration::from_secs(10);
const MAX_ASKING: usize = 10;
/// How long a "yes" lets the same file through: the page starts it again at once, so an older
/// one is no longer what the user agreed to.
pub const APPROVAL_LASTS: Duration = Duration::from_secs(60);
const MAX_LISTED: usize = 200;

pub use switchboard_core::view::{Download, State};

#[derive(Default)]
struct Downloads {
    list: Vec<Download>,
    /// Downloads the user said yes to, to be started again: account, url, id, when said.
    approved: Vec<(String, String, u64, Instant)>,
    /// Last key press or click in each account's page.
    input: std::collections::HashMap<String, Instant>,
}

static DOWNLOADS: Mutex<Option<Downloads>> = Mutex::new(None);
static NEXT: AtomicU64 = AtomicU64::new(1);

fn with<T>(f: impl FnOnce(&mut Downloads) -> T) -> T {
    let mut all = DOWNLOADS.lock().unwrap_or_else(|e| e.into_inner());
    f(all.get_or_insert_with(Downloads::default))
}

/// The user pressed a key or clicked in this account's page.
pub fn note_input(account: &str) {
    with(|d| d.input.insert(account.to_string(), Instant::now()));
}

/// What to do with a download the engine reports.
#[derive(Debug, PartialEq)]
pub enum Decision {
    /// Write it here.
    Save(PathBuf),
    /// Refused: nobody in that page asked for it.
    NotByUser,
    /// Refused for now; the user is asked (or already is).
    Ask,
}

/// Decides about a download of `account` from `url`, suggested as `suggested` (a file name).
pub fn requested(ws: &Workspace, account: &str, url: &str, suggested: &str, shown: bool, now: Instant) -> Decision {
    let folder = folder(ws);
    with(|d| {
        d.approved.retain(|(.., said)| now.saturating_duration_since(*said) < APPROVAL_LASTS);
        if let Some(at) = d.approved.iter().position(|(a, u, ..)| a == account && u == url) {
            let (_, _, id, _) = d.approved.remove(at);
            // Saved under the name the user said yes to, whatever the server says this time.
            let item = d.list.iter_mut().find(|i| i.id == id);
            let file = item.as_ref().map_or_else(|| safe_name(suggested), |i| i.file.clone());
            let path = free_path(&folder, &file);
            if let Some(item) = item {
                item.path = Some(path.clone());
                item.state = State::Saving;
            }
            return Decision::Save(path);
        }
        let touched = d.input.get(account).is_some_and(|t| now.duration_since(*t) < GESTURE_WINDOW);
        if !shown || !touched {
            return Decision::NotByUser;
        }
        let rule = ws.account(account).map(|a| a.downloads).unwrap_or_default();
        let file = safe_name(suggested);
        if rule == DownloadRule::Save {
            let path = free_path(&folder, &file);
            push(d, Download { id: next(), account: account.into(), url: url.into(), file, path: Some(path.clone()), state: State::Saving, bytes: None });
            return Decision::Save(path);
        }
        let already = d.list.iter().any(|i| i.state == State::Asking && i.account == account && i.url == url);
        let asking = d.list.iter().filter(|i| i.state == State::Asking).count();
        if !already && asking < MAX_ASKING {
            push(d, Download { id: next(), account: account.into(), url: url.into(), file, path: None, state: State::Asking, bytes: None });
        }
        Decision::Ask
    })
}

fn next() -> u64 {
    NEXT.fetch_add(1, Ordering::Relaxed)
}

fn push(d: &mut Downloads, item: Download) {
    d.list.push(item);
    if d.list.len() > MAX_LISTED {
        if let Some(old) = d.list.iter().position(|i| matches!(i.state, State::Done | State::Failed)) {
            d.list.remove(old);
        }
    }
}

/// The user's answer to a waiting download: `Some((account, url))` to start again when saving.
pub fn answer(id: u64, save: bool, now: Instant) -> Option<(String, String)> {
    with(|d| {
        let at = d.list.iter().position(|i| i.id == id && i.state == State::Asking)?;
        if !save {
            d.list.remove(at);
            return None;
        }
        let item = &d.list[at];
        d.approved.push((item.account.clone(), item.url.clone(), id, now));
        Some((item.account.clone(), item.url.clone()))
    })
}

/// The engine finished writing (or failed) the download it was given `path` for.
pub fn finished(path: Option<&Path>, url: &str, success: bool) {
    with(|d| {
        let item = d.list.iter_mut().rev().find(|i| i.state == State::Saving && (i.path.as_deref() == path || i.url == url));
        if let Some(item) = item {
            item.state = if success { State::Done } else { State::Failed };
            item.bytes = item.path.as_ref().and_then(|p| std::fs::metadata(p).ok()).map(|m| m.len());
        }
    })
}

/// Whether one of the account's files is still being written (its network process does it).
pub fn saving(account: &str) -> bool {
    with(|d| d.list.iter().any(|i| i.account == account && i.state == State::Saving))
}

pub fn list() -> Vec<Download> {
    with(|d| d.list.clone())
}

pub fn get(id: u64) -> Option<Download> {
    with(|d| d.list.iter().find(|i| i.id == id).cloned())
}

/// Takes a download off the list (the file stays).
pub fn remove(id: u64) {
    with(|d| d.list.retain(|i| i.id != id || i.state == State::Saving));
}

/// Where files go: the folder the user chose, else the system's Downloads folder, else
/// ~/Downloads — never the home folder itself.
/// A folder from the settings file that is not a full path (edited by hand) is not used: where it
/// would lead depends on where Switchboard was started.
pub fn folder(ws: &Workspace) -> PathBuf {
    ws.download_dir.as_ref().map(PathBuf::from).filter(|dir| dir.is_absolute()).unwrap_or_else(|| system_folder().clone())
}

/// The system's Downloads folder, looked up once: every view the shell is sent names it, and
/// the lookup reads the user's folder settings from disk.
fn system_folder() -> &'static PathBuf {
    static FOLDER: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    FOLDER.get_or_init(|| {
        dirs::download_dir()
            .or_else(|| dirs::home_dir().map(|h| h.join("Downloads")))
            .unwrap_or_else(|| PathBuf::from("Downloads"))
    })
}

/// A file name a page can't use to write elsewhere or hide as something else.
pub fn safe_name(suggested: &str) -> String {
    let name = suggested.rsplit(['/', '\\']).next().unwrap_or_default();
    let name: String = crate::text::clean_text(name, 120).chars().filter(|c| !matches!(c, ':' | '*' | '?' | '"' | '<' | '>' | '|')).collect();
    let name = name.trim().trim_start_matches('.').trim().to_string();
    if name.is_empty() { "download".into() } else { name }
}

/// `folder/name`, or `name (1)`, `name (2)`… when taken: nothing is written over.
pub fn free_path(folder: &Path, name: &str) -> PathBuf {
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem.to_string(), format!(".{ext}")),
        _ => (name.to_string(), String::new()),
    };
    let mut path = folder.join(name);
    let mut n = 1;
    while path.exists() {
        path = folder.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_from_a_page_stay_in_the_folder_and_never_overwrite() {
        assert_eq!(safe_name("../../.bashrc"), "bashrc");
        assert_eq!(safe_name("C:\\\\Windows\\\\evil.exe"), "evil.exe");
        assert_eq!(safe_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
        assert_eq!(safe_name("..."), "download");
        assert_eq!(safe_name("отчёт 2026.pdf"), "отчёт 2026.pdf");
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.pdf"), b"x").unwrap();
        assert_eq!(free_path(dir.path(), "a.pdf"), dir.path().join("a (1).pdf"));
        assert_eq!(free_path(dir.path(), "b.pdf"), dir.path().join("b.pdf"));
    }

    #[test]
    fn only_a_page_the_user_just_used_may_download_and_only_after_a_yes() {
        let mut ws = Workspace::default();
        let dir = tempfile::tempdir().unwrap();
        ws.download_dir = Some(dir.path().to_string_lossy().into());
        let a = ws.add("telegram", "A", None).unwrap().id;
        let now = Instant::now();
        let url = "https://web.telegram.org/file/1";
        assert_eq!(requested(&ws, &a, url, "f.pdf", true, now), Decision::NotByUser, "nobody touched the page");
        note_input(&a);
        let now = Instant::now();
        assert_eq!(requested(&ws, &a, url, "f.pdf", false, now), Decision::NotByUser, "a hidden page");
        assert_eq!(requested(&ws, &a, url, "f.pdf", true, now), Decision::Ask);
        assert_eq!(requested(&ws, &a, url, "f.pdf", true, now), Decision::Ask);
        let asked: Vec<Download> = list().into_iter().filter(|d| d.account == a).collect();
        assert_eq!(asked.len(), 1, "asked once for the same file");
        assert_eq!(answer(asked[0].id, true, now), Some((a.clone(), url.to_string())));
        // Started again by us: let through, into the chosen folder, under the name the user said
        // yes to (not the one the server gives this time).
        assert_eq!(requested(&ws, &a, url, "f.exe", false, now + GESTURE_WINDOW * 2), Decision::Save(dir.path().join("f.pdf")));
        assert_eq!(get(asked[0].id).unwrap().state, State::Saving);
        assert!(saving(&a), "its network process must live until the file is written");
        finished(Some(&dir.path().join("f.pdf")), url, true);
        assert_eq!(get(asked[0].id).unwrap().state, State::Done);
        assert!(!saving(&a));

        // A "yes" left unused lapses.
        let url3 = "https://web.telegram.org/file/3";
        note_input(&a);
        let now = Instant::now();
        assert_eq!(requested(&ws, &a, url3, "h.pdf", true, now), Decision::Ask);
        let asked = list().into_iter().find(|d| d.url == url3).unwrap();
        assert!(answer(asked.id, true, now).is_some());
        assert_eq!(requested(&ws, &a, url3, "h.pdf", false, now + APPROVAL_LASTS), Decision::NotByUser);

        // A folder in the settings that is no full path is not used.
        ws.download_dir = Some("Downloads/../..".into());
        assert!(folder(&ws).is_absolute());

        // An account set to save without asking.
        ws.accounts[0].downloads = DownloadRule::Save;
        note_input(&a);
        assert!(matches!(requested(&ws, &a, "https://web.telegram.org/file/2", "g.pdf", true, Instant::now()), Decision::Save(_)));
    }
}
