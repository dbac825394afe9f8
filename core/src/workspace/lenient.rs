//! Settings written by another version (or by hand) are read leniently: what this version
//! doesn't understand is kept and written back as it was, never dropped. One account it can't
//! read stays in the list, greyed; a top-level setting it can't read falls back to its default
//! and is reported, and the app lock then fails closed.

use super::{new_account_id, Account, Workspace};
use crate::inbox::policy::Mute;
use serde::de::{DeserializeOwned, Deserializer};
use serde::ser::{SerializeSeq, Serializer};
use serde::Deserialize;
use serde_json::{Map, Value};

/// An account as it was on disk, and why this version could not read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Unreadable {
    pub raw: Value,
    pub why: String,
}

/// Longest label taken from an account this version can't read (it is only shown).
const MAX_SHOWN_LABEL: usize = super::MAX_LABEL_CHARS;

pub fn read_accounts<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Account>, D::Error> {
    Ok(Vec::<Value>::deserialize(d)?.into_iter().map(read_account).collect())
}

pub fn write_accounts<S: Serializer>(accounts: &[Account], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(accounts.len()))?;
    for account in accounts {
        match &account.unreadable {
            Some(kept) => seq.serialize_element(&kept.raw)?,
            None => seq.serialize_element(account)?,
        }
    }
    seq.end()
}

/// One account: read strictly, or kept whole as unreadable. Its id names a data folder, so one
/// that is not a plain name is never used as one.
fn read_account(raw: Value) -> Account {
    let why = match serde_json::from_value::<Account>(raw.clone()) {
        Ok(account) if crate::text::is_plain_name(&account.id) => return account,
        Ok(account) => format!("its id {:?} is not a plain name", account.id),
        Err(e) => e.to_string(),
    };
    let text = |key: &str| raw.get(key).and_then(Value::as_str).map(str::to_owned);
    let label: String = text("label").unwrap_or_default().chars().filter(|c| !c.is_control()).take(MAX_SHOWN_LABEL).collect();
    Account {
        id: text("id").filter(|id| crate::text::is_plain_name(id)).unwrap_or_else(new_account_id),
        service: text("service").filter(|s| crate::text::is_plain_name(s)).unwrap_or_default(),
        label: if label.trim().is_empty() { "?".into() } else { label },
        url: None,
        enabled: false,
        mute: Mute::Off,
        sleep: super::Sleep::Never,
        private_alerts: false,
        custom_code: false,
        spelling: None,
        downloads: Default::default(),
        permissions: Default::default(),
        proxy: None,
        user_agent: None,
        extra: Map::new(),
        unreadable: Some(Unreadable { raw, why }),
    }
}

/// The workspace from a settings file's JSON, and the names of the top-level settings this
/// version could not read (their defaults are used; the caller keeps the file).
pub fn read_workspace(value: Value) -> Result<(Workspace, Vec<String>), String> {
    let Value::Object(mut object) = value else { return Err("it is not a JSON object".into()) };
    let mut unread = vec![];
    if serde_json::from_value::<Workspace>(Value::Object(object.clone())).is_err() {
        // Find the settings that fail on their own; everything else is read as usual.
        for key in object.keys().cloned().collect::<Vec<_>>() {
            let alone = Value::Object(Map::from_iter([(key.clone(), object[&key].clone())]));
            if serde_json::from_value::<Workspace>(alone).is_err() {
                object.remove(&key);
                unread.push(key);
            }
        }
    }
    let mut workspace: Workspace = from_value(Value::Object(object))?;
    if unread.iter().any(|k| k == "lock") {
        // A lock this version can't read is kept on: the keychain says whether a password exists.
        workspace.lock.on = true;
        workspace.lock.at_start = true;
    }
    Ok((workspace, unread))
}

fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_newer_versions_account_is_kept_exactly_and_greyed() {
        let file = json!({"accounts": [
            {"id": "a1", "service": "telegram", "label": "TG", "colour": "red"},
            {"id": "b2", "service": "telegram", "label": "Newer", "mute": "only_mentions"},
            {"id": "../etc", "service": "telegram", "label": "Odd"},
            {"service": "slack", "label": 7},
            "not even an object"
        ], "future": {"x": 1}});
        let (w, unread) = read_workspace(file.clone()).unwrap();
        assert!(unread.is_empty());
        assert_eq!(w.accounts.len(), 5);
        assert!(w.accounts[0].unreadable.is_none() && w.accounts[0].extra["colour"] == "red");
        let newer = &w.accounts[1];
        assert_eq!((newer.id.as_str(), newer.label.as_str(), newer.enabled), ("b2", "Newer", false));
        assert_eq!(newer.problem(), Some(super::super::Unrunnable::Unreadable));
        assert!(crate::text::is_plain_name(&w.accounts[2].id) && w.accounts[2].id != "../etc");
        assert_eq!(w.accounts[3].label, "?");
        // Written back, the file says what it said: nothing is lost or rewritten.
        let written = serde_json::to_value(&w).unwrap();
        assert_eq!(written["accounts"].as_array().unwrap()[1..], file["accounts"].as_array().unwrap()[1..]);
        assert_eq!(written["accounts"][0]["colour"], "red");
        assert_eq!(serde_json::to_value(&w).unwrap()["future"], json!({"x": 1}));
    }

    #[test]
    fn an_unreadable_account_refuses_changes_but_can_be_removed() {
        let (mut w, _) = read_workspace(json!({"accounts": [{"id": "b2", "service": "x", "label": "N", "sleep": "forever"}]})).unwrap();
        let before = w.clone();
        assert!(w.rename("b2", "M").is_err() && w.set_enabled("b2", true).is_err());
        assert_eq!(w, before);
        assert_eq!(w.remove("b2").unwrap().label, "N");
    }

    #[test]
    fn an_unknown_top_level_value_falls_back_alone_and_the_lock_stays_on() {
        let (w, unread) = read_workspace(json!({
            "accounts": [{"id": "a1", "service": "whatsapp", "label": "WA"}],
            "dnd": {"on": "sometimes"},
            "lock": {"on": true, "mode": 3, "idle_minutes": "x"},
            "hotkey": "Alt+K"
        }))
        .unwrap();
        assert_eq!(unread, ["dnd", "lock"]);
        assert_eq!(w.accounts[0].label, "WA");
        assert_eq!(w.hotkey, "Alt+K");
        assert!(w.lock.on && w.lock.at_start, "a lock this version can't read stays on");
        assert!(read_workspace(json!([1, 2])).is_err());
    }

    #[test]
    fn an_account_of_a_service_this_version_lacks_is_kept_but_not_run() {
        let (w, _) = read_workspace(json!({"accounts": [
            {"id": "n1", "service": "nosuch", "label": "From the future"},
            {"id": "n2", "service": "nosuch", "label": "With an address", "url": "https://chat.example.org/"},
            {"id": "c1", "service": "custom", "label": "Bad address", "url": "file:///etc/passwd"}
        ]}))
        .unwrap();
        for a in &w.accounts {
            assert_eq!(a.problem(), Some(super::super::Unrunnable::UnknownService), "{}", a.label);
            assert!(!a.runs() && a.unreadable.is_none());
        }
    }
}
