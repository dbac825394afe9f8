//! One file with a profile's settings, to move to a new PC or keep as a backup: the accounts
//! (names, services, order, rules, proxies, sleep, mute), saved replies, do-not-disturb, language
//! and the rest, and — if the user asks — the contacts with their notes and tags as a vCard.
//! Never a password, key or sign-in: those live in the keychain and the accounts' web data, which
//! the file does not touch. What belongs to this computer (the app lock, the open account, the
//! downloads folder) neither leaves nor is replaced.
//!
//! Importing merges (the file's accounts added or updated, replies added, its settings taken) or
//! replaces (the file's accounts and replies only); `plan` says what will change before anything
//! does. A file from a newer version gives what this one knows; the rest is named as skipped.

use crate::problem::Problem;
use crate::workspace::Workspace;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The file's format; a newer one is read as far as this version knows it.
pub const FORMAT: u32 = 1;
/// The biggest file read (a big desk's settings and tens of thousands of contacts fit).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// Settings that belong to this computer: never written to the file, never taken from one.
/// (Spell check too: which dictionaries are installed differs from one computer to the next.)
const LOCAL: &[&str] = &["lock", "active", "group", "download_dir", "spelling"];
/// At most this many accounts taken from a file (each is a page).
pub const MAX_ACCOUNTS: usize = 200;

#[derive(Serialize, Deserialize)]
struct File {
    switchboard_settings: u32,
    /// Says what the file holds and what it never does, in the user's language.
    #[serde(default)]
    note: String,
    #[serde(default)]
    exported_at: String,
    settings: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    contacts_vcard: Option<String>,
}

/// The file's text: `note` says what it holds (from the message files), `exported_at` when.
pub fn export(ws: &Workspace, note: &str, exported_at: &str, contacts_vcard: Option<String>) -> String {
    let mut settings = serde_json::to_value(ws).unwrap_or(Value::Null);
    if let Value::Object(object) = &mut settings {
        for key in LOCAL {
            object.remove(*key);
        }
    }
    let file = File { switchboard_settings: FORMAT, note: note.into(), exported_at: exported_at.into(), settings, contacts_vcard };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

/// What a file gives this version.
#[derive(Debug, Clone, PartialEq)]
pub struct Read {
    /// The file's settings as far as this version knows them (the local ones at their defaults).
    pub workspace: Workspace,
    pub contacts_vcard: Option<String>,
    /// What this version could not take: settings by name, accounts by label.
    pub skipped: Vec<String>,
}

pub fn read(text: &str) -> Result<Read, Problem> {
    let not_one = || Problem::new("settings_file.not_one");
    let file: File = serde_json::from_str(text).map_err(|_| not_one())?;
    let Value::Object(mut settings) = file.settings else { return Err(not_one()) };
    for key in LOCAL {
        settings.remove(*key);
    }
    let (mut workspace, unread) = crate::workspace::read_workspace(Value::Object(settings)).map_err(|_| not_one())?;
    let mut skipped = unread;
    skipped.extend(std::mem::take(&mut workspace.extra).into_iter().map(|(k, _)| k));
    // Accounts this version can't run (a newer service, a newer form) stay out; so do the
    // settings of an account it doesn't know.
    workspace.accounts.retain(|a| {
        let runs = a.problem().is_none();
        if !runs {
            skipped.push(a.label.clone());
        }
        runs
    });
    for account in &mut workspace.accounts {
        skipped.extend(std::mem::take(&mut account.extra).into_iter().map(|(key, _)| format!("{}: {key}", account.label)));
    }
    workspace.lock = Default::default();
    checked(&mut workspace, &mut skipped)?;
    Ok(Read { workspace, contacts_vcard: file.contacts_vcard, skipped })
}

/// Holds what a file gives to the rules the app's own setters hold the user to: an account whose
/// name, proxy, user agent or sleep they would refuse stays out (named as skipped), and so does a
/// second account with an id already taken; replies and the translation choice are checked as
/// typed ones are. What sites an account allowed (camera, microphone…) is asked again here.
fn checked(ws: &mut Workspace, skipped: &mut Vec<String>) -> Result<(), Problem> {
    let mut kept: Vec<crate::workspace::Account> = vec![];
    for mut account in std::mem::take(&mut ws.accounts) {
        account.permissions.clear();
        account.spelling = None; // the dictionaries are this computer's (see LOCAL)
        let mut probe = Workspace::default();
        probe.accounts.push(account.clone());
        let id = account.id.clone();
        let proxy = account.proxy.as_ref().map(|p| crate::proxy::Proxy::checked(p.kind, &p.host, p.port.into(), p.user.as_deref().unwrap_or(""))).transpose();
        let fine = kept.len() < MAX_ACCOUNTS
            && !kept.iter().any(|a| a.id == id)
            && probe.rename(&id, &account.label).is_ok()
            && probe.set_sleep(&id, account.sleep).is_ok()
            && proxy.as_ref().is_ok_and(|proxy| probe.set_network(&id, proxy.clone(), account.user_agent.as_deref()).is_ok());
        if fine {
            kept.push(probe.accounts.remove(0));
        } else {
            skipped.push(account.label.chars().take(64).collect());
        }
    }
    ws.accounts = kept;
    ws.replies = crate::replies::checked(std::mem::take(&mut ws.replies))?;
    match std::mem::take(&mut ws.translation).checked() {
        Ok(translation) => ws.translation = translation,
        Err(_) => skipped.push("translation".into()),
    }
    if ws.set_sleep_minutes(ws.sleep_minutes).is_err() {
        ws.sleep_minutes = crate::workspace::DEFAULT_SLEEP_MINUTES;
        skipped.push("sleep_minutes".into());
    }
    ws.check_groups();
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The file's accounts added or updated, its replies added, its other settings taken.
    Merge,
    /// The settings become the file's (this computer's own stay).
    Replace,
}

/// One line of what an import changes: a message (`import.change.<what>` in ui/locales) and the
/// names it lists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub what: &'static str,
    pub names: Vec<String>,
}

/// The settings after importing `file` into `current`, and what changes (nothing listed: the
/// settings stay as they are).
pub fn plan(current: &Workspace, file: &Read, mode: Mode) -> Result<(Workspace, Vec<Change>), Problem> {
    let theirs = &file.workspace;
    let mut next = theirs.clone();
    keep_local(current, &mut next);
    // Settings of a newer version kept here stay: the file's were left out when it was read.
    next.extra = current.extra.clone();
    let mut changes = vec![];
    let mut push = |what: &'static str, names: Vec<String>| {
        if !names.is_empty() {
            changes.push(Change { what, names });
        }
    };
    let labels = |accounts: Vec<&crate::workspace::Account>| accounts.into_iter().map(|a| a.label.clone()).collect::<Vec<_>>();
    let find = |list: &[crate::workspace::Account], id: &str| list.iter().find(|a| a.id == id).cloned();
    let added = labels(theirs.accounts.iter().filter(|a| find(&current.accounts, &a.id).is_none()).collect());
    let changed = labels(theirs.accounts.iter().filter(|a| find(&current.accounts, &a.id).is_some_and(|ours| ours != **a)).collect());
    push("accounts_added", added);
    push("accounts_changed", changed);
    match mode {
        Mode::Merge => {
            // Ours in our order with the file's version of each (what a newer version kept in
            // ours stays), then the file's new ones.
            let mut accounts: Vec<_> = current
                .accounts
                .iter()
                .map(|a| find(&theirs.accounts, &a.id).map_or_else(|| a.clone(), |file| crate::workspace::Account { extra: a.extra.clone(), ..file }))
                .collect();
            accounts.extend(theirs.accounts.iter().filter(|a| find(&current.accounts, &a.id).is_none()).cloned());
            next.accounts = accounts;
            let (replies, added, replaced) = crate::replies::merged(&current.replies, theirs.replies.clone())?;
            next.replies = replies;
            push("replies_added", count(added));
            push("replies_replaced", count(replaced));
            // Groups by id: ours, with the file's version of each, then the file's new ones.
            let mut groups: Vec<_> = current.groups.iter().map(|g| theirs.groups.iter().find(|t| t.id == g.id).unwrap_or(g).clone()).collect();
            groups.extend(theirs.groups.iter().filter(|t| !current.groups.iter().any(|g| g.id == t.id)).cloned());
            next.groups = groups;
            next.check_groups();
            let mut links = current.link_accounts.clone();
            links.extend(theirs.link_accounts.clone());
            next.link_accounts = links;
        }
        Mode::Replace => {
            push("accounts_removed", labels(current.accounts.iter().filter(|a| find(&theirs.accounts, &a.id).is_none()).collect()));
            let (ours, file_replies): (Vec<_>, Vec<_>) = (names(&current.replies), names(&theirs.replies));
            push("replies_added", count(file_replies.iter().filter(|n| !ours.contains(n)).count()));
            push("replies_removed", count(ours.iter().filter(|n| !file_replies.contains(n)).count()));
        }
    }
    let settings = changed_settings(current, &next);
    push("settings", settings);
    Ok((next, changes))
}

/// What an import does to the pages: the accounts it removes, those whose page is made again
/// (its address, proxy, user agent or own code changed), and those whose proxy changed (a saved
/// proxy password belongs to the old proxy and goes).
pub struct PageChanges {
    pub removed: Vec<String>,
    pub remade: Vec<String>,
    pub new_proxy: Vec<String>,
}

pub fn page_changes(before: &Workspace, after: &Workspace) -> PageChanges {
    let mut changes = PageChanges { removed: vec![], remade: vec![], new_proxy: vec![] };
    for old in &before.accounts {
        let Some(new) = after.accounts.iter().find(|a| a.id == old.id) else {
            changes.removed.push(old.id.clone());
            continue;
        };
        if new.proxy != old.proxy {
            changes.new_proxy.push(old.id.clone());
        }
        if (&new.url, &new.proxy, &new.user_agent, new.custom_code) != (&old.url, &old.proxy, &old.user_agent, old.custom_code) {
            changes.remade.push(old.id.clone());
        }
    }
    changes
}

fn count(n: usize) -> Vec<String> {
    if n == 0 { vec![] } else { vec![n.to_string()] }
}

fn names(replies: &[crate::replies::Reply]) -> Vec<String> {
    replies.iter().map(|r| r.name.to_lowercase()).collect()
}

/// The top-level settings (other than accounts and replies) that differ, by their keys.
fn changed_settings(before: &Workspace, after: &Workspace) -> Vec<String> {
    let (Ok(Value::Object(before)), Ok(Value::Object(after))) = (serde_json::to_value(before), serde_json::to_value(after)) else { return vec![] };
    let keys: std::collections::BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    keys.into_iter().filter(|k| !["accounts", "replies"].contains(&k.as_str()) && before.get(*k) != after.get(*k)).cloned().collect()
}

/// This computer's own settings (`LOCAL`) stay as they are here.
fn keep_local(current: &Workspace, next: &mut Workspace) {
    next.lock = current.lock.clone();
    next.active = current.active.clone();
    next.group = current.group.clone();
    next.download_dir = current.download_dir.clone();
    next.spelling = current.spelling.clone();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replies::Reply;

    fn desk() -> Workspace {
        let mut ws = Workspace::default();
        ws.add("whatsapp", "WhatsApp — Shop", None).unwrap();
        ws.add("telegram", "Telegram — Support", None).unwrap();
        ws.replies = vec![Reply { name: "Hello".into(), text: "Hi, how can I help?".into(), lang: None }];
        ws.language = Some("ru".into());
        ws.lock.on = true;
        ws.download_dir = Some("/home/anna/Downloads".into());
        ws
    }

    #[test]
    fn a_fresh_profile_gets_the_same_desk_but_not_this_computers_own() {
        let ws = desk();
        let text = export(&ws, "No passwords here.", "2026-12-06T10:00:00Z", None);
        assert!(!text.contains("download_dir") && !text.contains("\"lock\""), "{text}");
        let read = read(&text).unwrap();
        assert!(read.skipped.is_empty());
        let (next, changes) = plan(&Workspace::default(), &read, Mode::Merge).unwrap();
        assert_eq!(next.accounts, ws.accounts);
        assert_eq!((next.replies.clone(), next.language.clone()), (ws.replies.clone(), ws.language.clone()));
        assert!(!next.lock.on && next.download_dir.is_none(), "the new PC's own lock and folder stay");
        assert_eq!(changes[0], Change { what: "accounts_added", names: vec!["WhatsApp — Shop".into(), "Telegram — Support".into()] });
        assert!(changes.iter().any(|c| c.what == "settings" && c.names.contains(&"language".to_string())), "{changes:?}");
        // Imported again: nothing changes.
        assert_eq!(plan(&next, &read, Mode::Merge).unwrap().1, vec![]);
    }

    #[test]
    fn every_local_setting_stays_this_computers() {
        let mut here = desk();
        (here.active, here.group, here.spelling) = (Some("a".into()), Some("g".into()), Some(vec!["ru_RU".into()]));
        let mut next = Workspace::default();
        keep_local(&here, &mut next);
        let (here, next) = (serde_json::to_value(&here).unwrap(), serde_json::to_value(&next).unwrap());
        for key in LOCAL {
            assert_eq!(here.get(*key), next.get(*key), "{key}");
        }
    }

    #[test]
    fn merge_keeps_ours_and_replace_takes_the_files() {
        let file = desk();
        let read = read(&export(&file, "", "", None)).unwrap();
        let mut ours = Workspace::default();
        let mine = ours.add("slack", "Slack — Team", None).unwrap().id.clone();
        ours.replies = vec![Reply { name: "Bye".into(), text: "Bye!".into(), lang: None }];
        ours.lock.on = true;
        let (merged, _) = plan(&ours, &read, Mode::Merge).unwrap();
        assert_eq!(merged.accounts.iter().map(|a| a.label.as_str()).collect::<Vec<_>>(), ["Slack — Team", "WhatsApp — Shop", "Telegram — Support"]);
        assert_eq!(merged.replies.len(), 2);
        assert!(merged.lock.on, "this computer's lock stays on");
        let (replaced, changes) = plan(&ours, &read, Mode::Replace).unwrap();
        assert!(replaced.accounts.iter().all(|a| a.id != mine) && replaced.accounts.len() == 2 && replaced.lock.on);
        assert!(changes.contains(&Change { what: "accounts_removed", names: vec!["Slack — Team".into()] }));
        assert!(changes.contains(&Change { what: "replies_removed", names: vec!["1".into()] }));
    }

    #[test]
    fn a_file_is_held_to_the_rules_a_user_is() {
        let mut value: Value = serde_json::from_str(&export(&desk(), "", "", None)).unwrap();
        let accounts = value["settings"]["accounts"].as_array_mut().unwrap();
        accounts[0]["permissions"] = serde_json::json!({"https://web.whatsapp.com": {"camera": true}});
        accounts[1]["user_agent"] = "a\u{7}b".into();
        let copy = accounts[0].clone();
        accounts.push(copy);
        accounts.push(serde_json::json!({"id": "p1", "service": "telegram", "label": "Proxied", "proxy": {"kind": "http", "host": "bad host", "port": 8080}}));
        let read = read(&value.to_string()).unwrap();
        assert_eq!(read.workspace.accounts.len(), 1);
        assert!(read.workspace.accounts[0].permissions.is_empty(), "a site's camera is asked again");
        assert_eq!(read.skipped, ["Telegram — Support", "WhatsApp — Shop", "Proxied"]);
        value["settings"]["replies"] = serde_json::json!(vec![serde_json::json!({"name": "x", "text": "y"}); 501]);
        assert_eq!(super::read(&value.to_string()).unwrap_err().code, "replies.too_many");
    }

    #[test]
    fn pages_follow_what_the_import_changed() {
        let before = desk();
        let mut after = before.clone();
        let (shop, support) = (before.accounts[0].id.clone(), before.accounts[1].id.clone());
        after.accounts[0].proxy = Some(crate::proxy::Proxy::checked(crate::proxy::ProxyKind::Http, "proxy.example", 3128, "").unwrap());
        after.accounts.remove(1);
        let changes = page_changes(&before, &after);
        assert_eq!((changes.removed, changes.remade, changes.new_proxy), (vec![support], vec![shop.clone()], vec![shop]));
    }

    #[test]
    fn a_newer_file_gives_what_this_version_knows_and_says_the_rest() {
        let mut value: Value = serde_json::from_str(&export(&desk(), "", "", None)).unwrap();
        value["switchboard_settings"] = 7.into();
        value["settings"]["workspaces"] = serde_json::json!([{"name": "Shop"}]);
        value["settings"]["accounts"][0]["colour"] = "red".into();
        value["settings"]["accounts"].as_array_mut().unwrap().push(serde_json::json!({"id": "n1", "service": "future-chat", "label": "Future"}));
        let read = read(&value.to_string()).unwrap();
        assert_eq!(read.workspace.accounts.len(), 2);
        assert_eq!(read.skipped, ["workspaces", "Future", "WhatsApp — Shop: colour"]);
        assert!(read.workspace.extra.is_empty() && read.workspace.accounts[0].extra.is_empty());
        for bad in ["", "{}", "[1]", "{\"replies\": []}", "{\"switchboard_settings\": 1, \"settings\": 3}"] {
            assert_eq!(super::read(bad).unwrap_err().code, "settings_file.not_one", "{bad}");
        }
    }
}
