//! Each page event taken once. A page numbers its events; the IPC may hand one over twice (Tauri
//! retries a call over postMessage when its custom-protocol fetch fails after the call already
//! ran), so an event whose number this page load has sent before is dropped.

use std::collections::{BTreeSet, HashMap};

/// Numbers remembered per page load: far more than can be in flight at once.
const REMEMBERED: usize = 512;

#[derive(Debug, Default)]
pub struct Seen {
    /// The page load (its own random name) and the numbers it sent that are remembered.
    page: String,
    numbers: BTreeSet<u64>,
}

impl Seen {
    /// True the first time `page` sends `number`. A new page load starts afresh.
    pub fn first_time(&mut self, page: &str, number: u64) -> bool {
        if self.page != page {
            self.page = page.to_string();
            self.numbers.clear();
        }
        // Below every number remembered, once the memory is full: it was seen, or is too old.
        if self.numbers.len() >= REMEMBERED && self.numbers.first().is_some_and(|oldest| number < *oldest) {
            return false;
        }
        if !self.numbers.insert(number) {
            return false;
        }
        if self.numbers.len() > REMEMBERED {
            self.numbers.pop_first();
        }
        true
    }
}

/// `Seen` for each account.
#[derive(Debug, Default)]
pub struct SeenByAccount(HashMap<String, Seen>);

impl SeenByAccount {
    pub fn first_time(&mut self, account: &str, page: &str, number: u64) -> bool {
        self.0.entry(account.to_string()).or_default().first_time(page, number)
    }

    pub fn forget(&mut self, account: &str) {
        self.0.remove(account);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_delivered_twice_counts_once_in_any_order() {
        let mut seen = Seen::default();
        assert!(seen.first_time("p1", 1) && seen.first_time("p1", 3) && seen.first_time("p1", 2));
        assert!(!seen.first_time("p1", 1) && !seen.first_time("p1", 3), "repeats are dropped");
        assert!(seen.first_time("p2", 1), "a reloaded page numbers from 1 again");
        assert!(!seen.first_time("p2", 1));
    }

    #[test]
    fn memory_stays_bounded_and_old_repeats_stay_dropped() {
        let mut seen = Seen::default();
        for n in 1..=2000 {
            assert!(seen.first_time("p", n));
        }
        assert_eq!(seen.numbers.len(), REMEMBERED);
        assert!(!seen.first_time("p", 5), "older than all remembered: not taken again");
        assert!(!seen.first_time("p", 2000));
        assert!(seen.first_time("p", 2001));
    }
}
