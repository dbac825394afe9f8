//! Process trees, for the Memory view: the processes under one root, whatever the OS lists.

use std::collections::HashMap;

/// Every process under `root` (its children, their children, …), from a listing of each
/// process's parent. `root` itself is not among them.
pub fn descendants(root: u32, parent_of: &HashMap<u32, u32>) -> Vec<u32> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for (&pid, &parent) in parent_of {
        if pid != parent {
            children.entry(parent).or_default().push(pid);
        }
    }
    let mut out = vec![];
    let mut todo = children.remove(&root).unwrap_or_default();
    while let Some(pid) = todo.pop() {
        out.push(pid);
        todo.extend(children.remove(&pid).unwrap_or_default());
    }
    out
}

/// Whose a browser's process is, in the Memory view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Account(String),
    /// The browser several accounts share: itself, its GPU and network processes, and renderers
    /// drawing no account's page.
    Shared,
}

/// Splits the browsers' processes among accounts. `pages`: each account's page, as its
/// browser's process and its main frame's id; `renderers`: each renderer process with the frames
/// it draws. A browser that one account alone uses is all that account's (a folder of its own);
/// in one several share, a renderer is the account's whose page it draws (two profiles never
/// share a renderer), the rest is shared.
pub fn attribute(pages: &HashMap<String, (u32, u32)>, renderers: &HashMap<u32, Vec<u32>>, parent_of: &HashMap<u32, u32>) -> HashMap<u32, Owner> {
    let mut users: HashMap<u32, Vec<&String>> = HashMap::new();
    for (account, (browser, _)) in pages {
        users.entry(*browser).or_default().push(account);
    }
    let mut out = HashMap::new();
    for (browser, accounts) in users.into_iter().filter(|(browser, _)| parent_of.contains_key(browser)) {
        for pid in std::iter::once(browser).chain(descendants(browser, parent_of)) {
            let owner = match accounts.as_slice() {
                [only] => Owner::Account((*only).clone()),
                _ => renderers
                    .get(&pid)
                    .and_then(|frames| accounts.iter().find(|a| frames.contains(&pages[**a].1)))
                    .map_or(Owner::Shared, |a| Owner::Account((*a).clone())),
            };
            out.insert(pid, owner);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_browser_gives_each_account_its_renderer_and_keeps_the_rest_as_one() {
        // Browser 10 shared by a and b (renderers 11, 12; GPU 13; a worker's renderer 14 drawing
        // no page); browser 20 of c alone (its old folder) with renderer 21 and GPU 22.
        let parents = HashMap::from([(10, 1), (11, 10), (12, 10), (13, 10), (14, 10), (20, 1), (21, 20), (22, 20), (1, 0)]);
        let pages = HashMap::from([("a".to_string(), (10, 100)), ("b".to_string(), (10, 200)), ("c".to_string(), (20, 300))]);
        let renderers = HashMap::from([(11, vec![100, 101]), (12, vec![200]), (14, vec![999]), (21, vec![300])]);
        let owners = attribute(&pages, &renderers, &parents);
        let of = |pid: u32| owners.get(&pid).cloned();
        let account = |a: &str| Some(Owner::Account(a.to_string()));
        assert_eq!((of(11), of(12)), (account("a"), account("b")));
        assert_eq!((of(10), of(13), of(14)), (Some(Owner::Shared), Some(Owner::Shared), Some(Owner::Shared)));
        assert_eq!((of(20), of(21), of(22)), (account("c"), account("c"), account("c")));
        assert_eq!(of(1), None, "the app itself is no browser's");
        let gone = HashMap::from([("d".to_string(), (30, 400))]);
        assert!(attribute(&gone, &renderers, &parents).is_empty(), "a browser that has ended has no processes");
    }

    #[test]
    fn a_tree_is_followed_to_the_leaves_and_nothing_else_is_taken() {
        // 1 → 2 → 3, 1 → 4; 5 → 6 elsewhere; 0 is its own parent (as the idle process is).
        let parents = HashMap::from([(2, 1), (3, 2), (4, 1), (6, 5), (0, 0)]);
        let mut under = descendants(1, &parents);
        under.sort();
        assert_eq!(under, [2, 3, 4]);
        assert!(descendants(3, &parents).is_empty());
        assert!(descendants(0, &parents).is_empty(), "a process that is its own parent is no loop");
    }
}
