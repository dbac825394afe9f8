//! Whether a notification goes out now: per-account mute, do-not-disturb (a toggle and a daily
//! schedule). What is held back still counts as unread and still reaches the history.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// From loudest to quietest (a group's rule only ever makes an account quieter: `max`).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mute {
    #[default]
    Off,
    /// No notifications; the unread badge stays.
    KeepBadge,
    /// No notifications and no badge.
    HideBadge,
}

impl Mute {
    pub fn is_off(&self) -> bool {
        *self == Mute::Off
    }
}

/// Minutes after local midnight, 0..1440.
pub type Minute = u16;

#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dnd {
    #[serde(default)]
    pub on: bool,
    /// Quiet every day from `.0` to `.1` (may pass midnight: 22:00–08:00).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<(Minute, Minute)>,
}

impl Dnd {
    pub fn quiet_at(&self, now: Minute) -> bool {
        self.on
            || self.schedule.is_some_and(|(from, to)| match from.cmp(&to) {
                std::cmp::Ordering::Less => (from..to).contains(&now),
                std::cmp::Ordering::Greater => now >= from || now < to,
                std::cmp::Ordering::Equal => false,
            })
    }
}

/// "22:00" → 1320; anything else is refused.
pub fn parse_minute(text: &str) -> Result<Minute, crate::problem::Problem> {
    let bad = || crate::problem::Problem::new("dnd.bad_time").with("time", text.trim());
    let (h, m) = text.trim().split_once(':').ok_or_else(bad)?;
    let (h, m): (u16, u16) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 23 || m > 59 || text.trim().len() > 5 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

pub fn deliver_now(mute: Mute, dnd: &Dnd, now: Minute) -> bool {
    mute.is_off() && !dnd.quiet_at(now)
}

pub fn show_badge(mute: Mute) -> bool {
    mute != Mute::HideBadge
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
    fn overnight_schedule() {
        let dnd = Dnd { on: false, schedule: Some((22 * 60, 8 * 60)) };
        assert!(dnd.quiet_at(23 * 60));
        assert!(dnd.quiet_at(0));
        assert!(dnd.quiet_at(7 * 60 + 59));
        assert!(!dnd.quiet_at(8 * 60));
        assert!(!dnd.quiet_at(12 * 60));
        assert!(!dnd.quiet_at(21 * 60 + 59));
    }

    #[test]
    fn daytime_schedule_toggle_and_empty_range() {
        let day = Dnd { on: false, schedule: Some((9 * 60, 17 * 60)) };
        assert!(day.quiet_at(12 * 60) && !day.quiet_at(18 * 60));
        assert!(Dnd { on: true, schedule: None }.quiet_at(12 * 60));
        assert!(!Dnd { on: false, schedule: Some((600, 600)) }.quiet_at(600));
    }

    #[test]
    fn mute_and_dnd_hold_notifications_but_badges_follow_the_choice() {
        let calm = Dnd::default();
        assert!(deliver_now(Mute::Off, &calm, 0));
        assert!(!deliver_now(Mute::KeepBadge, &calm, 0));
        assert!(!deliver_now(Mute::Off, &Dnd { on: true, schedule: None }, 0));
        assert!(show_badge(Mute::KeepBadge) && !show_badge(Mute::HideBadge));
    }

    #[test]
    fn times_of_day() {
        assert_eq!(parse_minute("22:00"), Ok(1320));
        assert_eq!(parse_minute("8:05"), Ok(485));
        for bad in ["24:00", "12:60", "noon", "12", "-1:00", "12:00:00"] {
            assert!(parse_minute(bad).is_err(), "{bad}");
        }
    }

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
