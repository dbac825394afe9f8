//! Wakes the shell at the edges of the do-not-disturb schedule, so the sidebar and the tray show
//! "quiet" from 22:00 sharp, not from the next unrelated update. One sleeping task, re-planned
//! whenever the schedule changes.

use crate::inbox::policy::{until_next_edge, Minute};
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
