//! What an account's page does when it can't load (no network, a name that doesn't resolve, a
//! server that is down) or when its web process dies: the policy, free of any web engine. The
//! platform file watches the engine and calls in here.
//!
//! - A load that fails shows our own page in the account's place (which account, what failed in
//!   plain words, a Retry button) and tries again by itself: at once when the OS says the network
//!   is back, else after 2, 4, 8… up to 60 seconds.
//! - A web process that dies is reloaded where it was, with a notice; one that dies again and
//!   again (4 times in 10 minutes) is stopped with a page that says so, instead of looping.

use crate::problem::Problem;
use std::collections::VecDeque;
use switchboard_core::i18n::{t, Lang};
use std::time::{Duration, Instant};

/// Why a page could not load, in the user's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The server's name can't be found: no network, or its DNS is down.
    NoName,
    /// Nothing answers at that address, or the network can't reach it.
    Unreachable,
    TimedOut,
    /// The account's proxy wants a user and password, or refused the ones it was given.
    ProxyRefused,
    /// Anything else, with the engine's own words.
    Other(String),
}

impl Failure {
    /// What failed, in the user's words: through `proxy` when the account has one (then it is
    /// the proxy that can't be reached, or can't reach the site — not the site alone).
    pub fn problem(&self, host: &str, proxy: Option<&str>) -> Problem {
        match (self, proxy) {
            (Failure::ProxyRefused, _) => Problem::new("load.proxy_refused"),
            (Failure::NoName | Failure::Unreachable | Failure::TimedOut, Some(_)) => Problem::new("load.proxy_down"),
            (Failure::Other(why), Some(_)) => Problem::new("load.proxy_other").with("detail", why),
            (Failure::NoName, None) => Problem::new("load.no_name"),
            (Failure::Unreachable, None) => Problem::new("load.unreachable"),
            (Failure::TimedOut, None) => Problem::new("load.timed_out"),
            (Failure::Other(why), None) => Problem::new("load.other").with("detail", why),
        }
        .with("host", host)
        .with("proxy", proxy.unwrap_or_default())
    }
}

/// How a page's web process ended, when it was not us who ended it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Death {
    OutOfMemory,
    Crashed,
}

/// The wait before the n-th automatic retry (0-based): 2 s, doubling, at most a minute.
pub fn retry_after(attempt: u32) -> Duration {
    Duration::from_secs(2u64.saturating_pow(attempt.min(6) + 1).min(60))
}

/// Crashes of one account's web process, to tell a passing fault from a page that keeps dying.
#[derive(Debug, Default)]
pub struct Crashes {
    recent: VecDeque<Instant>,
    /// Every crash since start, for the notice.
    pub total: u32,
}

pub const CRASH_WINDOW: Duration = Duration::from_secs(10 * 60);
pub const MAX_CRASHES: usize = 3;

impl Crashes {
    /// Records a crash at `now`; true when the page should be reloaded, false when it has
    /// crashed too often and must be stopped.
    pub fn crashed(&mut self, now: Instant) -> bool {
        self.total += 1;
        self.recent.retain(|t| now.duration_since(*t) < CRASH_WINDOW);
        self.recent.push_back(now);
        self.recent.len() <= MAX_CRASHES
    }
}

/// A load of `uri` failed (its `attempts`-th automatic retry): the account is marked, and our
/// page to show in its place and the wait before the next retry are returned — no retry for a
/// password the proxy refused (`proxy_refused`).
pub fn load_failed(app: &tauri::AppHandle, account: &str, label: &str, uri: &str, failure: &Failure, attempts: u32) -> (String, Option<Duration>) {
    if *failure == Failure::ProxyRefused {
        return (proxy_refused(app, account, uri), None);
    }
    let host = url::Url::parse(uri).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_else(|| uri.to_string());
    let wait = retry_after(attempts);
    let proxy = tauri::Manager::state::<crate::state::AppState>(app).workspace().account(account).ok().and_then(|a| a.proxy.as_ref().map(|p| p.shown()));
    let why = failure.problem(&host, proxy.as_deref());
    let lang = crate::language::current(app);
    let html = page(
        lang,
        &t(lang, "page.cant_connect", &[("label", label)]),
        &why.in_language(lang),
        &t(lang, "page.retry", &[]),
        uri,
        &t(lang, "page.retry_note", &[("count", &wait.as_secs().to_string())]),
    );
    set_trouble(app, account, Some(why));
    (html, Some(wait))
}

/// The account's proxy refused its password (asked again for the one it was given): our page in
/// its place, with no automatic retry — the same password would be refused again, and a proxy
/// may lock out a user who keeps trying.
pub fn proxy_refused(app: &tauri::AppHandle, account: &str, uri: &str) -> String {
    let state = tauri::Manager::state::<crate::state::AppState>(app);
    let (label, proxy) = match state.workspace().account(account) {
        Ok(a) => (a.label.clone(), a.proxy.as_ref().map(|p| p.shown())),
        Err(_) => (String::new(), None),
    };
    let why = Failure::ProxyRefused.problem("", proxy.as_deref());
    let lang = crate::language::current(app);
    let html = page(lang, &t(lang, "page.cant_connect", &[("label", &label)]), &why.in_language(lang), &t(lang, "page.retry", &[]), uri, "");
    set_trouble(app, account, Some(why));
    html
}

/// The page's web process died (`how`): `None` when it should be reloaded (the user is told),
/// else our page saying it was stopped, to show at `uri`.
pub fn process_died(app: &tauri::AppHandle, crashes: &mut Crashes, label: &str, how: Death, uri: &str) -> Option<String> {
    if crashes.crashed(Instant::now()) {
        let code = if how == Death::OutOfMemory { "page.reloaded_memory" } else { "page.reloaded" };
        crate::state::tell(app, Problem::new(code).with("label", label).with("count", crashes.total));
        return None;
    }
    crate::state::tell(app, Problem::new("page.stopped").with("label", label));
    let lang = crate::language::current(app);
    let (times, minutes) = ((MAX_CRASHES + 1).to_string(), (CRASH_WINDOW.as_secs() / 60).to_string());
    Some(page(
        lang,
        &t(lang, "page.stopped.title", &[("label", label)]),
        &t(lang, "page.stopped.text", &[("count", &times), ("minutes", &minutes)]),
        &t(lang, "page.load_again", &[]),
        uri,
        "",
    ))
}

/// Accounts whose page can't load now, with why, in the user's words (shown in the sidebar).
static TROUBLE: std::sync::Mutex<Option<std::collections::HashMap<String, Problem>>> = std::sync::Mutex::new(None);

/// Says (or, with `None`, stops saying) that an account's page can't load now.
pub fn set_trouble(app: &tauri::AppHandle, account: &str, why: Option<Problem>) {
    let mut all = TROUBLE.lock().unwrap_or_else(|e| e.into_inner());
    let map = all.get_or_insert_with(Default::default);
    let changed = match why {
        Some(why) => map.insert(account.to_string(), why.clone()).as_ref() != Some(&why),
        None => map.remove(account).is_some(),
    };
    drop(all);
    if changed {
        crate::state::publish(app);
    }
}

/// Why an account's page can't load now, if it can't.
pub fn trouble(account: &str) -> Option<Problem> {
    TROUBLE.lock().unwrap_or_else(|e| e.into_inner()).as_ref()?.get(account).cloned()
}

const PAGE: &str = include_str!("recovery.html");

/// Our page in an account's place, in `lang`: a title, what happened, and a button that loads
/// `retry`.
pub fn page(lang: Lang, title: &str, text: &str, button: &str, retry: &str, note: &str) -> String {
    let retry = serde_json::to_string(retry).unwrap_or_else(|_| "\"about:blank\"".into());
    PAGE.replace("{LANG}", lang.code())
        .replace("{DIR}", if lang.rtl() { "rtl" } else { "ltr" })
        .replace("{TITLE}", &escape(title))
        .replace("{TEXT}", &escape(text))
        .replace("{BUTTON}", &escape(button))
        .replace("{NOTE}", &escape(note))
        .replace("\"{RETRY}\"", &retry.replace('<', "\\u003c"))
}

fn escape(s: &str) -> String {
    crate::text::markup_escaped(s).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_a_minute() {
        let waits: Vec<u64> = (0..8).map(|n| retry_after(n).as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 60, 60, 60]);
    }

    #[test]
    fn a_page_that_keeps_crashing_is_stopped_but_one_crash_now_and_then_is_not() {
        let mut c = Crashes::default();
        let t0 = Instant::now();
        assert!(c.crashed(t0) && c.crashed(t0) && c.crashed(t0));
        assert!(!c.crashed(t0), "the fourth in ten minutes stops it");
        let mut c = Crashes::default();
        for hour in 0..10 {
            assert!(c.crashed(t0 + Duration::from_secs(3600 * hour)), "one an hour is reloaded every time");
        }
        assert_eq!(c.total, 10);
    }

    #[test]
    fn the_page_says_what_happened_and_carries_no_markup_from_outside() {
        let html = page(Lang::Ar, "Fake <b>A</b>", "x & y", "Retry", "http://127.0.0.1:1/?a=\"</script>", "");
        assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "the page reads in the user's language and direction");
        assert!(html.contains("Fake &lt;b&gt;A&lt;/b&gt;") && html.contains("x &amp; y"));
        assert!(!html.contains("</script>\""), "the address can't close the script");
        assert!(html.contains(r#""http://127.0.0.1:1/?a=\"\u003c/script>""#), "{html}");
    }
}
