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

#[cfg(test)]
mod tests {
    use super::*;

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
