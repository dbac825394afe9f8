//! Two writers of one settings file — the running window and the command line — each change
//! their own copy. Before writing, each reads the file again and merges: what the other side
//! changed since this side last read it wins for that account or setting, everything else is
//! this side's. So neither loses the other's edit.

use super::Workspace;
use serde_json::{Map, Value};

/// Three-way merge: `base` as this side last read or wrote it, `ours` now, `theirs` on disk now.
/// Accounts are matched by id: added on either side are kept (ours in our order, theirs after),
/// removed on either side are gone, changed on theirs are taken whole. Any other setting is
/// theirs if they changed it. What can't be merged (a broken file) leaves ours as it is.
pub fn merge(base: &Workspace, ours: &Workspace, theirs: &Workspace) -> Workspace {
    let fallback = ours.clone();
    let (Ok(Value::Object(base)), Ok(Value::Object(mut ours)), Ok(Value::Object(theirs))) =
        (serde_json::to_value(base), serde_json::to_value(ours), serde_json::to_value(theirs))
    else {
        return fallback;
    };
    for (key, their_value) in &theirs {
        if key != "accounts" && base.get(key) != Some(their_value) {
            ours.insert(key.clone(), their_value.clone());
        }
    }
    for key in base.keys() {
        if key != "accounts" && !theirs.contains_key(key) {
            ours.remove(key);
        }
    }
    let accounts = merge_accounts(list(&base), list(&ours), list(&theirs));
    ours.insert("accounts".into(), Value::Array(accounts));
    super::lenient::read_workspace(Value::Object(ours)).map(|(merged, _)| merged).unwrap_or(fallback)
}

fn list(object: &Map<String, Value>) -> Vec<Value> {
    object.get("accounts").and_then(Value::as_array).cloned().unwrap_or_default()
}

fn id(account: &Value) -> Option<&str> {
    account.get("id").and_then(Value::as_str)
}

fn merge_accounts(base: Vec<Value>, ours: Vec<Value>, theirs: Vec<Value>) -> Vec<Value> {
    let find = |list: &[Value], wanted: Option<&str>| list.iter().find(|a| wanted.is_some() && id(a) == wanted).cloned();
    let mut merged = vec![];
    for mine in &ours {
        let in_base = find(&base, id(mine));
        match (in_base, find(&theirs, id(mine))) {
            (Some(_), None) => {}                        // they removed it
            (Some(was), Some(now)) if was != now => merged.push(now), // they changed it
            _ => merged.push(mine.clone()),              // ours, or new on our side
        }
    }
    for their in &theirs {
        let known = find(&base, id(their)).is_some() || find(&ours, id(their)).is_some();
        if !known {
            merged.push(their.clone()); // they added it
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(w: &Workspace) -> Vec<&str> {
        w.accounts.iter().map(|a| a.label.as_str()).collect()
    }

    #[test]
    fn each_side_keeps_what_the_other_did() {
        let mut base = Workspace::default();
        let a = base.add("telegram", "A", None).unwrap().id;
        let b = base.add("telegram", "B", None).unwrap().id;
        base.add("telegram", "C", None).unwrap();

        // The window renamed A and added D; meanwhile the command line removed B, muted C, added E
        // and changed the sleep default.
        let mut ours = base.clone();
        ours.rename(&a, "A — Sales").unwrap();
        ours.add("slack", "D", None).unwrap();
        let mut theirs = base.clone();
        theirs.remove(&b).unwrap();
        let c = theirs.accounts[1].id.clone();
        theirs.set_mute(&c, crate::inbox::policy::Mute::KeepBadge).unwrap();
        theirs.add("max", "E", None).unwrap();
        theirs.sleep_minutes = 5;

        let merged = merge(&base, &ours, &theirs);
        assert_eq!(labels(&merged), ["A — Sales", "C", "D", "E"]);
        assert_eq!(merged.account(&c).unwrap().mute, crate::inbox::policy::Mute::KeepBadge);
        assert_eq!(merged.sleep_minutes, 5);
        assert_eq!(merge(&base, &ours, &base), ours, "nothing changed on disk: ours as it is");
    }
}
