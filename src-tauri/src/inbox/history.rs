//! The last notifications of every account, newest last, kept across restarts in a JSON-lines
//! file: appended as they come, rewritten down to the kept ones now and then.

use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

pub const KEEP: usize = 500;
/// No account keeps more than this many: one page that floods can't push every other
/// account's notifications out of the history.
pub const KEEP_PER_ACCOUNT: usize = 100;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Seconds since the Unix epoch.
    pub at: i64,
    pub account: String,
    pub service: String,
    pub label: String,
    pub title: String,
    pub body: String,
    /// False when mute or do-not-disturb held it back.
    pub delivered: bool,
}

pub struct History {
    path: PathBuf,
    entries: VecDeque<Entry>,
    /// Lines in the file; past 2 × KEEP it is rewritten to the kept entries.
    lines: usize,
}

impl History {
    /// Reads what is on disk; lines that don't parse are skipped, never fatal.
    pub fn open(path: PathBuf) -> History {
        let text = fs::read_to_string(&path).unwrap_or_default();
        let mut entries = VecDeque::new();
        for entry in text.lines().filter_map(|l| serde_json::from_str(l).ok()) {
            keep(&mut entries, entry);
        }
        let lines = text.lines().count();
        History { path, entries, lines }
    }

    pub fn add(&mut self, entry: Entry) -> std::io::Result<()> {
        let line = serde_json::to_string(&entry).map_err(std::io::Error::other)?;
        keep(&mut self.entries, entry);
        if self.lines + 1 > 2 * KEEP {
            return self.rewrite();
        }
        if let Some(dir) = self.path.parent() {
            crate::atomic_file::private_dir(dir)?;
        }
        let mut file = crate::atomic_file::private_options().create(true).append(true).open(&self.path)?;
        writeln!(file, "{line}")?;
        self.lines += 1;
        Ok(())
    }

    fn rewrite(&mut self) -> std::io::Result<()> {
        let mut text = String::new();
        for e in &self.entries {
            text.push_str(&serde_json::to_string(e).map_err(std::io::Error::other)?);
            text.push('\n');
        }
        crate::atomic_file::write_atomically(&self.path, text.as_bytes())?;
        self.lines = self.entries.len();
        Ok(())
    }

    /// Newest first, optionally of one service only.
    pub fn list(&self, service: Option<&str>) -> Vec<Entry> {
        self.entries.iter().rev().filter(|e| service.is_none_or(|s| e.service == s)).cloned().collect()
    }

    /// Drops an account's entries (the account was removed).
    pub fn forget(&mut self, account: &str) -> std::io::Result<()> {
        self.entries.retain(|e| e.account != account);
        self.rewrite()
    }
}

/// Adds the newest entry, dropping its account's oldest past `KEEP_PER_ACCOUNT`, then the
/// oldest of all past `KEEP`.
fn keep(entries: &mut VecDeque<Entry>, entry: Entry) {
    let account = entry.account.clone();
    entries.push_back(entry);
    if entries.iter().filter(|e| e.account == account).count() > KEEP_PER_ACCOUNT {
        if let Some(oldest) = entries.iter().position(|e| e.account == account) {
            entries.remove(oldest);
        }
    }
    if entries.len() > KEEP {
        entries.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: usize, service: &str) -> Entry {
        Entry {
            at: i as i64,
            account: format!("a{}", i % 6),
            service: service.into(),
            label: "L".into(),
            title: format!("Сообщение {i}"),
            body: "你好".into(),
            delivered: i.is_multiple_of(2),
        }
    }

    #[test]
    fn keeps_the_last_500_across_restarts_newest_first() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let mut h = History::open(path.clone());
        for i in 0..1234 {
            h.add(entry(i, if i % 2 == 0 { "WhatsApp" } else { "Telegram" })).unwrap();
        }
        let again = History::open(path.clone());
        let all = again.list(None);
        assert_eq!(all.len(), KEEP);
        assert_eq!(all[0].title, "Сообщение 1233");
        assert_eq!(all[KEEP - 1].title, "Сообщение 734");
        // Six accounts in turn, 100 of each at most: the last 600 would be over, so the oldest
        // 100 of them went, evenly.
        assert!((0..6).all(|a| all.iter().filter(|e| e.account == format!("a{a}")).count() <= KEEP_PER_ACCOUNT));
        assert!(again.list(Some("Telegram")).iter().all(|e| e.service == "Telegram"));
        assert!(fs::read_to_string(&path).unwrap().lines().count() <= 2 * KEEP);
    }

    #[test]
    fn damaged_lines_are_skipped_and_removed_accounts_forgotten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.jsonl");
        let good = serde_json::to_string(&entry(1, "Max")).unwrap();
        fs::write(&path, format!("{good}\n{{broken\n{good}\n")).unwrap();
        let mut h = History::open(path.clone());
        assert_eq!(h.list(None).len(), 2);
        h.forget("a1").unwrap();
        assert!(History::open(path).list(None).is_empty());
    }

    #[test]
    fn one_flooding_account_cannot_push_the_others_out() {
        let dir = tempfile::tempdir().unwrap();
        let mut h = History::open(dir.path().join("history.jsonl"));
        let mut quiet = entry(0, "WhatsApp");
        quiet.account = "quiet".into();
        h.add(quiet).unwrap();
        for i in 0..5000 {
            let mut e = entry(i, "Spam");
            e.account = "flood".into();
            h.add(e).unwrap();
        }
        let all = h.list(None);
        assert_eq!(all.iter().filter(|e| e.account == "flood").count(), KEEP_PER_ACCOUNT);
        assert_eq!(all.iter().filter(|e| e.account == "quiet").count(), 1, "the other account's message is still there");
    }
}
