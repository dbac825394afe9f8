//! Sleep planning: which unused accounts close their page now, and when to look again.

use std::time::{Duration, Instant};

/// Of (account, how long it may go unused, unused since when): those whose time has come, and
/// the wait until the next one's does.
pub fn due(now: Instant, candidates: Vec<(String, Duration, Instant)>) -> (Vec<String>, Option<Duration>) {
    let mut due = vec![];
    let mut next: Option<Duration> = None;
    for (id, after, since) in candidates {
        let unused = now.saturating_duration_since(since);
        if unused >= after {
            due.push(id);
        } else {
            let left = after - unused;
            next = Some(next.map_or(left, |n| n.min(left)));
        }
    }
    (due, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_when_unused_long_enough_and_the_next_wait_is_the_shortest() {
        let start = Instant::now();
        let min = |m: u64| Duration::from_secs(m * 60);
        let candidates = vec![
            ("long-unused".to_string(), min(5), start),
            ("soon".to_string(), min(10), start),
            ("later".to_string(), min(30), start + min(2)),
        ];
        let (due_now, next) = due(start + min(6), candidates.clone());
        assert_eq!(due_now, ["long-unused"]);
        assert_eq!(next, Some(min(4)), "\"soon\" is due at minute 10");
        let (due_now, next) = due(start + min(40), candidates.clone());
        assert_eq!(due_now.len(), 3);
        assert_eq!(next, None);
        assert_eq!(due(start, vec![]), (vec![], None));
    }
}
