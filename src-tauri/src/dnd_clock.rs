//! Wakes the shell at the edges of the do-not-disturb schedule, so the sidebar and the tray show
//! "quiet" from 22:00 sharp, not from the next unrelated update. One sleeping task, re-planned
//! whenever the schedule changes.

use crate::inbox::policy::Minute;
use std::time::Duration;
use tauri::AppHandle;
use tokio::sync::watch;

pub type Schedule = Option<(Minute, Minute)>;

/// Holds the schedule the clock plans for; `publish` keeps it current.
pub struct DndClock(watch::Sender<Schedule>);

/// A monotonic sleep stops while the machine is suspended; waking at least this often keeps a
/// resumed machine from showing the wrong state for long.
const LONGEST_SLEEP: Duration = Duration::from_secs(30 * 60);

impl DndClock {
    pub fn start(app: &AppHandle, schedule: Schedule) -> DndClock {
        let (tx, mut rx) = watch::channel(schedule);
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            loop {
                let schedule = *rx.borrow_and_update();
                let wait = schedule.and_then(|s| until_next_edge(s, seconds_of_day()));
                tokio::select! {
                    changed = rx.changed() => if changed.is_err() { return },
                    _ = tokio::time::sleep(wait.unwrap_or(LONGEST_SLEEP).min(LONGEST_SLEEP)), if wait.is_some() => {
                        crate::state::publish(&app);
                    }
                }
            }
        });
        DndClock(tx)
    }

    /// Tells the clock the schedule now in force; it re-plans only when that differs.
    pub fn follow(&self, schedule: Schedule) {
        self.0.send_if_modified(|planned| std::mem::replace(planned, schedule) != schedule);
    }
}

fn seconds_of_day() -> u32 {
    use chrono::Timelike;
    chrono::Local::now().num_seconds_from_midnight()
}

/// How long from `now` (seconds after midnight) until the schedule next starts or ends; `None`
/// when it never does. A second past the edge, so the minute has turned when we look.
pub fn until_next_edge((from, to): (Minute, Minute), now: u32) -> Option<Duration> {
    const DAY: u32 = 24 * 60 * 60;
    if from == to {
        return None;
    }
    let after = |edge: Minute| {
        let edge = u32::from(edge) * 60 + 1;
        (edge + DAY - now % DAY - 1) % DAY + 1
    };
    Some(Duration::from_secs(u64::from(after(from).min(after(to)))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_edge_of_an_overnight_schedule() {
        let night = (22 * 60, 8 * 60);
        let at = |h: u32, m: u32, s: u32| h * 3600 + m * 60 + s;
        assert_eq!(until_next_edge(night, at(21, 59, 30)), Some(Duration::from_secs(31)));
        assert_eq!(until_next_edge(night, at(22, 0, 1)), Some(Duration::from_secs(10 * 3600)), "next is 08:00:01");
        assert_eq!(until_next_edge(night, at(23, 0, 0)), Some(Duration::from_secs(9 * 3600 + 1)));
        assert_eq!(until_next_edge(night, at(7, 59, 59)), Some(Duration::from_secs(2)));
        assert_eq!(until_next_edge((9 * 60, 9 * 60), at(1, 0, 0)), None);
    }
}
