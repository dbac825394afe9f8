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

/// A bit per letter or digit a text holds: a-z and 0-9 each their own, every other character
/// shares one of the other 28 bits.
fn char_mask(folded: &str) -> u64 {
    folded.chars().filter(|c| c.is_alphanumeric()).fold(0, |mask, c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            other => 36 + other as u32 % 28,
        };
        mask | 1 << bit
    })
}

/// Whether `text` has the letters of `word` in order, and if so whether one of its words starts
/// with `word` itself.
fn word_match<T: Copy + PartialEq>(text: &[T], word: &[T], is_space: impl Fn(T) -> bool) -> Option<bool> {
    let mut next = 0;
    for &c in text {
        if next < word.len() && c == word[next] {
            next += 1;
        }
    }
    if next < word.len() {
        return None;
    }
    Some(text.windows(word.len()).enumerate().any(|(at, w)| w == word && (at == 0 || is_space(text[at - 1]))))
}

/// Files `text` (folded) under the first letter and the first two letters of each of its words;
/// returns how many entries that added.
fn post_word_starts(starts: &mut HashMap<[char; 2], Vec<u32>>, at: u32, text: &str) -> usize {
    let keys = word_start_keys(text);
    for key in &keys {
        starts.entry(*key).or_default().push(at);
    }
    keys.len()
}

/// The first letter and the first two letters of each word of `text`, each once.
fn word_start_keys(text: &str) -> Vec<[char; 2]> {
    let mut keys: Vec<[char; 2]> = vec![];
    for word in text.split_whitespace() {
        let mut letters = word.chars();
        let Some(first) = letters.next() else { continue };
        keys.push([first, '\0']);
        if let Some(second) = letters.next() {
            keys.push([first, second]);
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Whether a word of `text` starts with `prefix`.
fn starts_a_word(text: Utf32Str<'_>, prefix: &[char]) -> bool {
    let n = text.len();
    (0..=n.saturating_sub(prefix.len())).any(|at| {
        (at == 0 || text.get(at as u32 - 1).is_whitespace())
            && prefix.iter().enumerate().all(|(k, c)| at + k < n && text.get((at + k) as u32) == *c)
    })
}

/// Below this many texts one thread matches faster than several start.
const PARALLEL_FROM: usize = 20_000;

/// Where one text is in `Texts`.
#[derive(Clone, Copy)]
struct Span {
    start: u32,
    len: u32,
    ascii: bool,
}

/// Every text back to back (ASCII ones as bytes, others as chars), so that a search reads memory
/// in order instead of chasing a pointer per name. Replaced texts stay as garbage until it
/// outgrows the rest.
#[derive(Default)]
struct Texts {
    ascii: Vec<u8>,
    unicode: Vec<char>,
    garbage: usize,
}

impl Texts {
    fn add(&mut self, folded: &str) -> Span {
        if folded.is_ascii() {
            self.ascii.extend_from_slice(folded.as_bytes());
            Span { start: (self.ascii.len() - folded.len()) as u32, len: folded.len() as u32, ascii: true }
        } else {
            let start = self.unicode.len();
            self.unicode.extend(folded.chars());
            Span { start: start as u32, len: (self.unicode.len() - start) as u32, ascii: false }
        }
    }

    fn get(&self, span: Span) -> Utf32Str<'_> {
        let range = span.start as usize..(span.start + span.len) as usize;
        if span.ascii {
            Utf32Str::Ascii(&self.ascii[range])
        } else {
            Utf32Str::Unicode(&self.unicode[range])
        }
    }

    /// Drops a text's place; rewrites the arenas when most of them is garbage.
    fn drop_text(&mut self, span: Span, spans: &mut [Span]) {
        self.garbage += span.len as usize;
        if self.garbage > 1 << 20 && self.garbage > self.ascii.len() + self.unicode.len() - self.garbage {
            let old = std::mem::take(self);
            for s in spans.iter_mut() {
                *s = self.add(&old.get(*s).chars().collect::<String>());
            }
        }
    }
}

/// The searchable texts, each under a key of the caller's, in parallel columns.
pub struct Index<K> {
    keys: Vec<K>,
    spans: Vec<Span>,
    /// Which characters each text has (see `char_mask`): most fail a query here, cheaply.
    masks: Vec<u64>,
    /// Among equal scores the higher rank comes first (the chat active last).
    ranks: Vec<i64>,
    texts: Texts,
    by_key: HashMap<K, usize>,
    /// One matcher per thread that scores a share of a large index.
    matchers: Vec<Matcher>,
    /// The last query and the entries it may have matched (every match among them; the next
    /// keystroke checks them again), while nothing changed since.
    last: Option<(String, Vec<u32>)>,
    /// Per first letter, and per first two letters, of any word: the texts that have such a
    /// word. Kept up to date by `put`; lists may hold a text twice or one that changed since
    /// (readers check). Made again on the next search after a removal moved texts, and at once
    /// when stale entries outgrow the live ones.
    starts: Option<HashMap<[char; 2], Vec<u32>>>,
    /// Entries in `starts`, and how many of them stand for texts that were replaced since.
    posted: usize,
    stale: usize,
}

impl<K: Clone + Eq + Hash + Sync> Default for Index<K> {
    fn default() -> Self {
        let mut config = Config::DEFAULT;
        // Texts and queries are folded beforehand.
        config.ignore_case = false;
        config.normalize = false;
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
        Index {
            keys: vec![],
            spans: vec![],
            masks: vec![],
            ranks: vec![],
            texts: Texts::default(),
            by_key: HashMap::new(),
            matchers: (0..threads).map(|_| Matcher::new(config.clone())).collect(),
            last: None,
            starts: Some(HashMap::new()),
            posted: 0,
            stale: 0,
        }
    }
}

impl<K: Clone + Eq + Hash + Sync> Index<K> {
    /// How many texts (records) are searchable.
    pub fn count(&self) -> usize {
        self.keys.len()
    }

    /// Puts (or replaces) the text searched for `key`.
    pub fn put(&mut self, key: K, text: &str, rank: i64) {
        let folded = fold(text);
        let span = self.texts.add(&folded);
        let mask = char_mask(&folded);
        let at = match self.by_key.get(&key) {
            Some(&at) => {
                let old = std::mem::replace(&mut self.spans[at], span);
                (self.masks[at], self.ranks[at]) = (mask, rank);
                if self.starts.is_some() {
                    self.stale += word_start_keys(&self.texts.get(old).chars().collect::<String>()).len();
                }
                self.texts.drop_text(old, &mut self.spans);
                at
            }
            None => {
                self.by_key.insert(key.clone(), self.keys.len());
                self.keys.push(key);
                self.spans.push(span);
                self.masks.push(mask);
                self.ranks.push(rank);
                self.keys.len() - 1
            }
        };
        if let Some(starts) = self.starts.as_mut() {
            self.posted += post_word_starts(starts, at as u32, &folded);
            if self.stale > self.posted / 2 + 4096 {
                self.make_starts(); // here rather than on a keystroke
            }
        }
        self.last = None;
    }

    pub fn remove(&mut self, key: &K) {
        let Some(at) = self.by_key.remove(key) else { return };
        self.keys.swap_remove(at);
        let old = self.spans.swap_remove(at);
        self.masks.swap_remove(at);
        self.ranks.swap_remove(at);
        if let Some(moved) = self.keys.get(at) {
            self.by_key.insert(moved.clone(), at);
        }
        self.texts.drop_text(old, &mut self.spans);
        self.last = None;
        self.forget_starts(); // a text moved to another place
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
        // Every letter and digit of the query must be in a match (unless a word is negated).
        let needed = if query.contains('!') { 0 } else { char_mask(&query) };
        let masks = &self.masks;
        let has_all = |i: &u32| masks[*i as usize] & needed == needed;
        let candidates: Vec<u32> = match self.last.take() {
            Some((_, matched)) if narrowing => matched.into_iter().filter(has_all).collect(),
            _ => (0..self.keys.len() as u32).filter(has_all).collect(),
        };
        // One plain word with enough texts having a word that starts with it: those are the
        // best, all with the same (highest) score, so recency alone orders them. For the first
        // two letters the lists of word starts find them without reading every text.
        // (The lists give exactly the texts a scan for word starts would find, so a short query
        // they don't settle goes straight to scoring.)
        let word: Vec<char> = query.chars().collect();
        let plain = word.iter().all(|c| c.is_alphanumeric());
        let listed = if plain && word.len() <= 2 { Some(self.word_starts(&word)) } else { None };
        let (matched, mut found) = if let Some(listed) = listed.filter(|l| l.len() >= limit) {
            (candidates, listed.into_iter().map(|i| (i, 0)).collect())
        } else if let Some((all, strong)) = (plain && word.len() > 2).then(|| self.single_word(&word, &candidates, limit)).flatten() {
            (all, strong.into_iter().map(|i| (i, 0)).collect())
        } else {
            let found = self.score(&pattern, &query, &candidates);
            (found.iter().map(|(i, _)| *i).collect(), found)
        };
        self.last = Some((query, matched));
        let ranks = &self.ranks;
        let order = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then_with(|| ranks[b.0 as usize].cmp(&ranks[a.0 as usize]));
        if found.len() > limit && limit > 0 {
            found.select_nth_unstable_by(limit - 1, order);
            found.truncate(limit);
        }
        found.sort_unstable_by(order);
        found.into_iter().take(limit).map(|(i, _)| self.keys[i as usize].clone()).collect()
    }

    /// Scores each candidate that matches. Words may match in any order ("Петрова Анна"), but
    /// the query as typed, in one piece, scores on top of that.
    fn score(&mut self, pattern: &Pattern, query: &str, candidates: &[u32]) -> Vec<(u32, u32)> {
        let whole = Utf32String::from(query);
        self.in_parallel(candidates, |texts, spans, part, matcher| {
            let mut found = Vec::new();
            for &i in part {
                let text = texts.get(spans[i as usize]);
                if let Some(score) = pattern.score(text, matcher) {
                    let in_one_piece = matcher.substring_match(text, whole.slice(..)).unwrap_or(0);
                    found.push((i, score + u32::from(in_one_piece)));
                }
            }
            found
        })
    }

    /// Short queries match much of a large index, and scoring is what costs. For a query of one
    /// plain word (letters and digits) two cheap checks go first: does the text have its letters
    /// in order (that is what matching one word means), and does a word of the text start with
    /// it. Texts of the second kind score highest of all, and the same (the matcher's bonus for a
    /// word start is its largest), so when there are `limit` of them the best are among them.
    /// Returns every match (for the next keystroke to narrow) and those best ones; `None` when
    /// there are fewer.
    fn single_word(&mut self, word: &[char], candidates: &[u32], limit: usize) -> Option<(Vec<u32>, Vec<u32>)> {
        let ascii_word: Option<Vec<u8>> = word.iter().all(char::is_ascii).then(|| word.iter().map(|&c| c as u8).collect());
        // (index, whether a word of it starts with the query) for every text that matches
        let found = self.in_parallel(candidates, |texts, spans, part, _| {
            let mut found = Vec::new();
            for &i in part {
                let verdict = match (texts.get(spans[i as usize]), &ascii_word) {
                    (Utf32Str::Ascii(text), Some(word)) => word_match(text, word, |b| b == b' '),
                    (Utf32Str::Ascii(_), None) => None,
                    (Utf32Str::Unicode(text), _) => word_match(text, word, |c| c.is_whitespace()),
                };
                if let Some(at_start) = verdict {
                    found.push((i, at_start));
                }
            }
            found
        });
        let strong: Vec<u32> = found.iter().filter(|(_, s)| *s).map(|(i, _)| *i).collect();
        (strong.len() >= limit).then(|| (found.into_iter().map(|(i, _)| i).collect(), strong))
    }

    fn forget_starts(&mut self) {
        self.starts = None;
        (self.posted, self.stale) = (0, 0);
    }

    fn make_starts(&mut self) {
        let mut starts = HashMap::new();
        (self.posted, self.stale) = (0, 0);
        for (at, span) in self.spans.iter().enumerate() {
            let text: String = self.texts.get(*span).chars().collect();
            self.posted += post_word_starts(&mut starts, at as u32, &text);
        }
        self.starts = Some(starts);
    }

    /// The texts with a word that starts with `prefix` (one or two letters), each once.
    fn word_starts(&mut self, prefix: &[char]) -> Vec<u32> {
        if self.starts.is_none() {
            self.make_starts();
        }
        let starts = self.starts.as_ref().expect("made above");
        let Some(list) = starts.get(&[prefix[0], prefix.get(1).copied().unwrap_or('\0')]) else { return vec![] };
        let mut seen = vec![false; self.keys.len()];
        let mut found = Vec::new();
        for &i in list {
            let text = self.texts.get(self.spans[i as usize]);
            if !std::mem::replace(&mut seen[i as usize], true) && starts_a_word(text, prefix) {
                found.push(i);
            }
        }
        found
    }

    /// Runs `work` over shares of `items`, one per matcher, on threads when there is enough to
    /// share; the results in the order of `items`.
    fn in_parallel<T: Send>(&mut self, items: &[u32], work: impl Fn(&Texts, &[Span], &[u32], &mut Matcher) -> Vec<T> + Sync) -> Vec<T> {
        let (texts, spans) = (&self.texts, &self.spans[..]);
        if items.len() < PARALLEL_FROM || self.matchers.len() == 1 {
            return work(texts, spans, items, &mut self.matchers[0]);
        }
        let share = items.len().div_ceil(self.matchers.len());
        let work = &work;
        std::thread::scope(|scope| {
            let running: Vec<_> =
                items.chunks(share).zip(self.matchers.iter_mut()).map(|(part, m)| scope.spawn(move || work(texts, spans, part, m))).collect();
            running.into_iter().flat_map(|r| r.join().expect("matching does not panic")).collect()
        })
    }

    /// With nothing typed: the chats active last.
    fn most_recent(&self, limit: usize) -> Vec<K> {
        let mut all: Vec<usize> = (0..self.keys.len()).collect();
        let limit = limit.min(all.len());
        if limit == 0 {
            return vec![];
        }
        let newest_first = |a: &usize, b: &usize| self.ranks[*b].cmp(&self.ranks[*a]);
        all.select_nth_unstable_by(limit - 1, newest_first);
        all.truncate(limit);
        all.sort_by(newest_first);
        all.into_iter().map(|i| self.keys[i].clone()).collect()
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
        assert_eq!(i.search("петрова анна", 5), ["Анна Петрова"], "words in any order");
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
    fn word_starts_come_first_and_the_next_letter_still_finds_the_rest() {
        let mut i = index(&[("Bob Dylan", 5), ("Dan Brown", 1), ("Abba", 9), ("Lena", 3), ("Bora Bora", 2)]);
        assert_eq!(i.search("b", 2), ["Bob Dylan", "Bora Bora"], "word starts, by recency; 'Abba' has its b inside");
        assert_eq!(i.search("bo", 2), ["Bob Dylan", "Bora Bora"]);
        assert_eq!(i.search("bow", 5), ["Dan Brown"], "the next keystroke narrows from every match of 'bo'");
        assert_eq!(i.search("n", 10).len(), 3, "fewer word starts than the limit: everything scored");
        assert_eq!(i.search("bb", 5)[0], "Abba", "two letters: scored as usual");
    }

    #[test]
    fn the_name_as_typed_comes_before_the_same_words_swapped() {
        let mut i = index(&[("Гейка Каха", 1), ("Каха Гейка", 2)]);
        assert_eq!(i.search("гейка ка", 5), ["Гейка Каха", "Каха Гейка"]);
    }

    #[test]
    fn word_start_lists_follow_every_change() {
        let mut i = index(&[("Anna", 1), ("Alex", 2), ("Boris", 3)]);
        assert_eq!(i.search("a", 1), ["Alex"]);
        i.put("Alex".into(), "Sasha", 2);
        i.put("Dora".into(), "Ada", 5);
        assert_eq!(i.search("a", 2), ["Dora", "Anna"], "changed and new texts listed; 'Sasha' has its a inside");
        assert_eq!(i.search("a", 5), ["Dora", "Anna", "Alex"], "and found inside a word when the limit asks for more");
        assert_eq!(i.search("al", 5), Vec::<String>::new());
        i.remove(&"Dora".to_string());
        assert_eq!(i.search("a", 1), ["Anna"]);
        assert_eq!(i.search("bo", 1), ["Boris"], "a text moved by the removal is found where it is now");
    }

    #[test]
    fn replaced_texts_do_not_pile_up() {
        let mut i = index(&[("Анна", 1), ("Bob", 2)]);
        let long = "Ёлка ".repeat(100);
        for n in 0..3_000 {
            i.put("Анна".to_string(), &format!("{long}{n}"), 1);
        }
        let held = i.texts.ascii.len() + i.texts.unicode.len();
        assert!(held < 2 * (1 << 20) + 1_000, "garbage was rewritten away: {held} characters held");
        assert_eq!(i.search("елка 2999", 5), ["Анна"]);
        assert_eq!(i.search("bob", 5), ["Bob"], "texts moved by the rewrite are still found");
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
