//! A page asks for the camera, the microphone, the screen or the location: the user is asked
//! once per account and site, in Switchboard's own dialog naming the account, and the answer is
//! remembered (Account.permissions) until revoked in the account's menu. A page that is not on
//! screen (hidden, asleep) never puts its question in front of another account: it waits until
//! its account is opened. Camera, microphone and screen are used only by the page on screen and
//! never while locked; sharing the screen is asked every time. The origin asking is the engine's
//! (the request's own, or the document it committed), never the address a page is loading. The
//! platform file holds the engine's request objects; this holds what the shell shows and decides.

use crate::settings::{Permission, Workspace};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

pub use switchboard_core::view::Asking;

static ASKING: Mutex<Vec<Asking>> = Mutex::new(Vec::new());
static NEXT: AtomicU64 = AtomicU64::new(1);
/// Questions waiting at once from one account; a page asking more is refused at once, and can't
/// crowd out the others' questions.
const MAX_WAITING: usize = 5;

/// What the remembered answers say: `Some(allowed)` when every kind asked has an answer (any
/// "no" refuses), `None` when the user must be asked (always for the screen).
pub fn remembered(ws: &Workspace, account: &str, origin: &str, kinds: &[Permission]) -> Option<bool> {
    if !kinds.iter().all(|k| k.is_remembered()) {
        return None;
    }
    let answers = ws.account(account).ok()?.permissions.get(origin)?;
    let said: Vec<bool> = kinds.iter().map(|k| answers.get(k).copied()).collect::<Option<_>>()?;
    Some(said.iter().all(|yes| *yes))
}

/// Puts a question in the queue; `None` when too many wait already (then refuse it).
pub fn ask(account: &str, origin: &str, kinds: Vec<Permission>) -> Option<u64> {
    let mut asking = ASKING.lock().unwrap_or_else(|e| e.into_inner());
    if asking.iter().filter(|a| a.account == account).count() >= MAX_WAITING {
        return None;
    }
    let id = NEXT.fetch_add(1, Ordering::Relaxed);
    asking.push(Asking { id, account: account.into(), origin: origin.into(), kinds });
    Some(id)
}

/// What becomes of a page's request: answered from what the user said before, or put to the
/// user (the platform holds the engine's request under the returned id until the answer).
pub enum Verdict {
    Allow,
    Deny,
    Asked(u64),
}

/// What to do with a request, from what the user said before (`remembered`), whether the page
/// is on screen and whether the app is locked: `Some(allow)`, or `None` to ask the user.
pub fn verdict(remembered: Option<bool>, kinds: &[Permission], on_screen: bool, locked: bool) -> Option<bool> {
    let capture = kinds.iter().any(|k| k.is_capture());
    match remembered {
        _ if capture && locked => Some(false),
        Some(false) => Some(false),
        Some(true) if on_screen || !capture => Some(true),
        _ => None,
    }
}

/// `origin`: the engine's word for who asks; empty when it has none, "null" for a document of
/// no site (both refused).
pub fn decide(app: &tauri::AppHandle, account: &str, origin: &str, kinds: Vec<Permission>) -> Verdict {
    if origin.is_empty() || origin == "null" {
        return Verdict::Deny;
    }
    let (remembered, on_screen) = {
        let state = tauri::Manager::state::<crate::state::AppState>(app);
        let ws = state.workspace();
        (remembered(&ws, account, origin, &kinds), ws.active.as_deref() == Some(account))
    };
    // On screen: the account shown, in a window that is shown, not under a dialog.
    let on_screen = on_screen && crate::screen::window_shown() && !crate::screen::covered();
    match verdict(remembered, &kinds, on_screen, crate::screen::locked()) {
        Some(true) => Verdict::Allow,
        Some(false) => Verdict::Deny,
        None => match ask(account, origin, kinds) {
            Some(id) => {
                crate::state::publish(app);
                Verdict::Asked(id)
            }
            None => Verdict::Deny,
        },
    }
}

/// Takes a question out (answered, or its page went away).
pub fn take(id: u64) -> Option<Asking> {
    let mut asking = ASKING.lock().unwrap_or_else(|e| e.into_inner());
    let at = asking.iter().position(|a| a.id == id)?;
    Some(asking.remove(at))
}

/// Every question waiting, oldest first.
pub fn waiting() -> Vec<Asking> {
    ASKING.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_once_then_remembered_and_any_no_refuses() {
        let mut ws = Workspace::default();
        let id = ws.add("telegram", "TG", None).unwrap().id;
        let site = "https://web.telegram.org";
        let call = [Permission::Camera, Permission::Microphone];
        assert_eq!(remembered(&ws, &id, site, &call), None, "never asked: ask");
        ws.set_permission(&id, site, &[Permission::Microphone], true).unwrap();
        assert_eq!(remembered(&ws, &id, site, &call), None, "the camera was never answered");
        ws.set_permission(&id, site, &[Permission::Camera], false).unwrap();
        assert_eq!(remembered(&ws, &id, site, &call), Some(false));
        assert_eq!(remembered(&ws, &id, site, &[Permission::Microphone]), Some(true));
        assert_eq!(remembered(&ws, &id, "https://evil.example", &[Permission::Microphone]), None, "per site");
        ws.forget_permission(&id, site, Permission::Camera).unwrap();
        assert_eq!(remembered(&ws, &id, site, &call), None, "revoked: asked again");
    }

    #[test]
    fn questions_queue_up_to_a_bound_and_leave_when_taken() {
        let first = ask("a", "https://x", vec![Permission::Location]).unwrap();
        assert!(waiting().iter().any(|q| q.id == first));
        assert_eq!(take(first).unwrap().account, "a");
        assert!(take(first).is_none());
        let ids: Vec<u64> = (0..100).filter_map(|_| ask("flood", "https://x", vec![Permission::Camera])).collect();
        assert_eq!(ids.len(), MAX_WAITING);
        // One page's flood leaves room for every other account's question.
        let other = ask("b", "https://y", vec![Permission::Microphone]).expect("another account still asks");
        for id in ids.into_iter().chain([other]) {
            take(id);
        }
    }

    #[test]
    fn the_camera_the_microphone_and_the_screen_serve_only_the_page_on_screen_unlocked() {
        let (cam, place) = ([Permission::Camera], [Permission::Location]);
        assert_eq!(verdict(Some(true), &cam, true, false), Some(true));
        assert_eq!(verdict(Some(true), &cam, false, false), None, "hidden: asked when shown, not used unseen");
        assert_eq!(verdict(Some(true), &cam, true, true), Some(false), "never while locked");
        assert_eq!(verdict(None, &cam, true, true), Some(false), "no question over the lock screen");
        assert_eq!(verdict(Some(false), &cam, true, false), Some(false));
        assert_eq!(verdict(Some(true), &place, false, false), Some(true), "a location grant is not a camera");
        assert_eq!(verdict(None, &place, true, false), None);
        // The screen is asked every time, whatever was said before.
        let mut ws = Workspace::default();
        let id = ws.add("telegram", "TG", None).unwrap().id;
        let site = "https://web.telegram.org";
        ws.set_permission(&id, site, &[Permission::Screen], true).unwrap();
        assert_eq!(remembered(&ws, &id, site, &[Permission::Screen]), None);
    }
}
