//! Fuzzy search over names and handles, in memory. Texts are folded once when they are put in
//! (lower case, Latin accents off, ё as е), so each keystroke only matches; a query that extends
//! the previous one only looks through what that one matched.

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str, Utf32String};
use std::collections::HashMap;
use std::hash::Hash;

/// What a search is folded to: "Ёлка Crème" and "елка creme" are the same text.
pub fn fold(text: &str) -> String {
    text.chars()
        .map(|c| nucleo_matcher::chars::to_lower_case(nucleo_matcher::chars::normalize(c)))
        .map(|c| if c == 'ё' { 'е' } else { c })
        .collect()
}

struct Entry<K> {
    key: K,
    text: Utf32String,
    /// Among equal scores the higher rank comes first (the chat active last).
    rank: i64,
}

/// The searchable texts, each under a key of the caller's.
pub struct Index<K> {
    entries: Vec<Entry<K>>,
    by_key: HashMap<K, usize>,
    matcher: Matcher,
    /// The last query and the entries it matched, while nothing changed since.
    last: Option<(String, Vec<u32>)>,
}

impl<K: Clone + Eq + Hash> Default for Index<K> {
    fn default() -> Self {
        let mut config = Config::DEFAULT;
        // Texts and queries are folded beforehand.
        config.ignore_case = false;
        config.normalize = false;
        Index { entries: vec![], by_key: HashMap::new(), matcher: Matcher::new(config), last: None }
    }
}

impl<K: Clone + Eq + Hash> Index<K> {
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Puts (or replaces) the text searched for `key`.
    pub fn put(&mut self, key: K, text: &str, rank: i64) {
        let entry = Entry { key: key.clone(), text: Utf32String::from(fold(text)), rank };
        match self.by_key.get(&key) {
            Some(&at) => self.entries[at] = entry,
            None => {
                self.by_key.insert(key, self.entries.len());
                self.entries.push(entry);
            }
        }
        self.last = None;
    }

    pub fn remove(&mut self, key: &K) {
        let Some(at) = self.by_key.remove(key) else { return };
        self.entries.swap_remove(at);
        if let Some(moved) = self.entries.get(at) {
            self.by_key.insert(moved.key.clone(), at);
        }
        self.last = None;
    }

    /// The best `limit` keys for `query`, best first. Every word of the query must match.
    pub fn search(&mut self, query: &str, limit: usize) -> Vec<K> {
        let query = fold(query.trim());
        if query.is_empty() {
            self.last = None;
            return self.most_recent(limit);
        }
        let pattern = Pattern::parse(&query, CaseMatching::Respect, Normalization::Never);
        let narrowing = self.last.as_ref().is_some_and(|(last, _)| query.starts_with(last.as_str()));
        let candidates: Vec<u32> = match self.last.take() {
            Some((_, matched)) if narrowing => matched,
            _ => (0..self.entries.len() as u32).collect(),
        };
        let mut found: Vec<(u32, u32)> = Vec::new();
        for i in candidates {
            let text: Utf32Str<'_> = self.entries[i as usize].text.slice(..);
            if let Some(score) = pattern.score(text, &mut self.matcher) {
                found.push((i, score));
            }
        }
        self.last = Some((query, found.iter().map(|(i, _)| *i).collect()));
        let entries = &self.entries;
        let order = |a: &(u32, u32), b: &(u32, u32)| {
            b.1.cmp(&a.1).then_with(|| entries[b.0 as usize].rank.cmp(&entries[a.0 as usize].rank))
        };
        if found.len() > limit && limit > 0 {
            found.select_nth_unstable_by(limit - 1, order);
            found.truncate(limit);
        }
        found.sort_unstable_by(order);
        found.into_iter().take(limit).map(|(i, _)| entries[i as usize].key.clone()).collect()
    }

    /// With nothing typed: the chats active last.
    fn most_recent(&self, limit: usize) -> Vec<K> {
        let mut all: Vec<&Entry<K>> = self.entries.iter().collect();
        let limit = limit.min(all.len());
        if limit == 0 {
            return vec![];
        }
        all.select_nth_unstable_by(limit - 1, |a, b| b.rank.cmp(&a.rank));
        all.truncate(limit);
        all.sort_by(|a, b| b.rank.cmp(&a.rank));
        all.into_iter().map(|e| e.key.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(names: &[(&str, i64)]) -> Index<String> {
        let mut index = Index::default();
        for (name, rank) in names {
            index.put(name.to_string(), name, *rank);
        }
        index
    }

    #[test]
    fn finds_in_every_script_ignoring_case_and_accents() {
        let mut i = index(&[("Анна Петрова", 1), ("王伟", 2), ("Renée Crème", 3), ("Фёдор", 4), ("John Smith", 5)]);
        assert_eq!(i.search("анна", 5), ["Анна Петрова"]);
        assert_eq!(i.search("АННА пет", 5), ["Анна Петрова"]);
        assert_eq!(i.search("王", 5), ["王伟"]);
        assert_eq!(i.search("renee creme", 5), ["Renée Crème"]);
        assert_eq!(i.search("федор", 5), ["Фёдор"]);
        assert_eq!(i.search("jsmith", 5), ["John Smith"], "fuzzy: letters in order");
        assert!(i.search("zzz", 5).is_empty());
    }

    #[test]
    fn typing_on_narrows_and_changes_are_seen_at_once() {
        let mut i = index(&[("Anna", 1), ("Annabel", 2), ("Bob", 3)]);
        assert_eq!(i.search("ann", 5).len(), 2);
        assert_eq!(i.search("annab", 5), ["Annabel"]);
        i.put("Bob".into(), "Annabob", 9);
        assert_eq!(i.search("annab", 5), ["Bob", "Annabel"], "a changed entry is searched again; equal scores by rank");
        i.remove(&"Annabel".to_string());
        assert_eq!(i.search("annab", 5), ["Bob"]);
        assert_eq!(i.search("an", 5).len(), 2, "a shorter query looks through everything again");
    }

    #[test]
    fn best_first_and_at_most_the_limit() {
        let mut i = index(&[("Maria", 1), ("Marina", 2), ("Amar Ilyas", 3), ("Mario", 4)]);
        let found = i.search("mari", 2);
        assert_eq!(found.len(), 2);
        assert!(!found.contains(&"Amar Ilyas".to_string()), "scattered letters rank below a prefix: {found:?}");
        assert_eq!(i.search("", 2), ["Mario", "Amar Ilyas"], "nothing typed: the most recent");
    }
}
