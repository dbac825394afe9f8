//! The Rust side of the bridge: the script every service page gets, and the one command such a
//! page may call. The caller's account comes from its webview label, never from the payload;
//! every field is bounded before anything else sees it.

use crate::catalog::Service;
use crate::contacts::live::{self, LiveIndex, PageChat};
use crate::inbox::history::Entry;
use crate::inbox::{self, policy, Inbox};
use crate::platform::{Answer, OsNotification};
use deliver::Delivery;
use crate::state::{publish, AppState};
use crate::text::clean_text;
use serde::Deserialize;
use tokio::sync::mpsc::Sender;
use std::collections::BTreeSet;
use std::time::Instant;
use tauri::utils::acl::RemoteUrlPattern;
use tauri::ipc::CapabilityBuilder;
use tauri::{AppHandle, Emitter, EventTarget, Manager, Runtime, Webview};
use url::Url;

pub mod chats;
pub mod compose;
pub mod deliver;

const SCRIPT: &str = include_str!("bridge.js");
const RULE_SLOT: &str = "const RULE = null;";
const CHATS_SLOT: &str = "const CHATS = null;";
const SITE_SLOT: &str = "const SITE = false;";

/// The bridge for one service's pages: the script with the service's DOM rules filled in.
pub fn script(service: &Service) -> String {
    let mut script = SCRIPT.to_string();
    if let Some(rule) = &service.unread {
        script = script.replacen(RULE_SLOT, &format!("const RULE = {};", json(rule)), 1);
    }
    if let Some(rule) = &service.chats {
        script = script.replacen(CHATS_SLOT, &format!("const CHATS = {};", json(rule)), 1);
    }
    if service.id == crate::catalog::CUSTOM_ID {
        script = script.replacen(SITE_SLOT, "const SITE = true;", 1);
    }
    script
}

fn json(rule: &impl serde::Serialize) -> String {
    serde_json::to_string(rule).expect("a rule is plain strings")
}

/// Told to the shell UI when the notification history grew.
pub const HISTORY_EVENT: &str = "history";

pub const MAX_TITLE_CHARS: usize = 300;
pub const MAX_BODY_CHARS: usize = 2000;
pub const MAX_TAG_CHARS: usize = 100;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageEvent {
    /// A later notification with the same non-empty tag replaces the earlier one.
    Notification {
        id: u32,
        title: String,
        body: String,
        #[serde(default)]
        tag: String,
    },
    /// The page's icon turned to (or back from) one that shows unread messages.
    Favicon { unread: bool },
    /// What a custom service's page says it is: its name, and its icon as a data: address.
    Site { name: String, icon: Option<String> },
    /// The page closed its notification `id`.
    Close { id: u32 },
    /// The Web Badging API: what the page itself says.
    Badge { count: Option<u32> },
    /// The sum of the counters the catalog's DOM rule found; `None` when there were none.
    DomCount { count: Option<u32> },
    /// Chats from the page's chat list that are new or changed since it last looked.
    Chats { chats: Vec<PageChat> },
    /// Every unread chat the page's chat list shows now (the newest `chats::MAX_CHATS`).
    UnreadChats { chats: Vec<crate::inbox::chats::PageUnread> },
    /// The user sent a message, in the chat the page shows open (its name), if it names one.
    Sent { chat: Option<String> },
}

/// How an alert from `sender` (its title) goes out: to be translated first when the index links
/// that chat to a person whose messages are translated as they arrive, else as it is.
async fn alert_delivery(app: &AppHandle, account: &str, sender: &str, n: OsNotification) -> Delivery {
    let Ok(index) = app.state::<LiveIndex>().get().await else { return Delivery::Show(n) };
    let (account, sender) = (account.to_string(), sender.to_string());
    let person = tauri::async_runtime::spawn_blocking(move || match index.chats_named(&account, &sender).as_slice() {
        [chat] => index.person_of(&chat.chat_ref()),
        _ => None,
    });
    match person.await {
        Ok(Some(person)) if person.translate_incoming && !n.body.trim().is_empty() => Delivery::Translate { n, language: person.language },
        _ => Delivery::Show(n),
    }
}

/// Where notifications wait for the delivery thread.
pub struct Outbox(pub Sender<Delivery>);

/// A page's count changed: kept at once, shown at most as often as the count bound allows (a
/// page flipping its title in a loop would rebuild the tray and sidebar each time); the last
/// change always reaches the screen, a moment later.
pub fn count_changed(app: &AppHandle, account: &str, set: impl FnOnce(&mut inbox::unread::Unread)) {
    let inbox = app.state::<Inbox>();
    if !inbox.update(account, set) {
        return;
    }
    if inbox.admit_count(account, Instant::now()) {
        count_in(app, account);
        publish(app);
    } else if !SHOW_LATER.swap(true, std::sync::atomic::Ordering::SeqCst) {
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SHOW_LATER_AFTER).await;
            SHOW_LATER.store(false, std::sync::atomic::Ordering::SeqCst);
            publish(&app);
        });
    }
}

/// The messages that came in to an account, and its unread count, into the statistics. A page
/// whose service lists its unread chats counts by chat only (its count's rises are the same
/// messages, and come before its first list).
fn count_in(app: &AppHandle, account: &str) {
    let inbox = app.state::<Inbox>();
    let rises = inbox.take_rises(account);
    let Some(stats) = app.try_state::<crate::stats::Stats>() else { return };
    let by_chat = app.state::<crate::state::AppState>().workspace().account(account).ok().and_then(|a| a.runnable_service().ok()).is_some_and(|s| s.chats.as_ref().is_some_and(|c| c.lists_unread()));
    let now = chrono::Utc::now().timestamp();
    for rise in rises.into_iter().filter(|r| r.chat.is_some() || !by_chat) {
        stats.received(account, rise.chat.as_deref(), rise.messages, now);
    }
    stats.unread(account, inbox.unread(account), now);
}

/// How long a count change over the bound waits to be shown: at most one such a second.
const SHOW_LATER_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// A count change is waiting to be shown.
static SHOW_LATER: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The longest page event, as the JSON text the bridge sends: 100 chats with long names and
/// picture addresses fit; anything longer is refused before it is parsed.
pub const MAX_EVENT_BYTES: usize = 256 * 1024;

/// A page event as it travels: which page load sent it (a random name the bridge picks at each
/// load) and its number there, so that one delivered twice is taken once.
#[derive(Debug, Deserialize, PartialEq)]
pub struct Numbered {
    pub page: String,
    pub seq: u64,
    #[serde(flatten)]
    pub event: PageEvent,
}

/// The longest page-load name the bridge makes.
const MAX_PAGE_NAME: usize = 32;

/// Reads one page event: its size first, then strictly its form.
pub fn parse_event(text: &str) -> Result<Numbered, String> {
    if text.len() > MAX_EVENT_BYTES {
        return Err(format!("a page event is at most {MAX_EVENT_BYTES} bytes"));
    }
    serde_json::from_str(text).map_err(|e| format!("not a page event: {e}"))
}

#[tauri::command]
pub async fn page_event(app: AppHandle, webview: Webview, event: String) -> Result<(), String> {
    let account = crate::shell::account_of(webview.label()).ok_or("only service pages send page events")?;
    let Numbered { page, seq, event } = parse_event(&event)?;
    if page.len() > MAX_PAGE_NAME {
        return Err(format!("a page's name is at most {MAX_PAGE_NAME} bytes"));
    }
    let inbox = app.state::<Inbox>();
    if !inbox.first_time(account, &page, seq) {
        return Ok(()); // handed over twice: taken the first time
    }
    inbox.from_page(account, &page);
    match event {
        PageEvent::Badge { count } => count_changed(&app, account, |u| u.badge = count),
        PageEvent::DomCount { count } => count_changed(&app, account, |u| u.dom = count),
        PageEvent::Favicon { unread } => count_changed(&app, account, |u| u.favicon = unread),
        PageEvent::Site { name, icon } => {
            // Bounded as counts are: each one taken redraws the sidebar.
            if !inbox.admit_count(account, Instant::now()) {
                return Ok(());
            }
            let custom = app.state::<AppState>().workspace().account(account).is_ok_and(|a| a.service == crate::catalog::CUSTOM_ID);
            if custom && app.state::<crate::sites::Sites>().set(account, crate::sites::Site::checked(&name, icon.as_deref())) {
                publish(&app);
            }
        }
        PageEvent::Close { id } => {
            // Bounded like the notifications it closes: a page can't flood the desktop's bus.
            if inbox.admit(account, Instant::now()) {
                deliver::queue(&app.state::<Outbox>().0, Delivery::Close { account: account.to_string(), page_id: id });
            }
        }
        PageEvent::UnreadChats { chats } => {
            // Bounded as counts are: a page changes its list as often as its counters.
            if !inbox.admit_count(account, Instant::now()) {
                return Ok(());
            }
            let listed = crate::inbox::chats::checked(chats, chrono::Utc::now().timestamp())?;
            let changed = inbox.set_chats(account, listed);
            count_in(&app, account);
            if changed {
                publish(&app);
            }
        }
        PageEvent::Sent { chat } => {
            // Bounded as counts are; a page that names no chat open gives no answer to time.
            let Some(name) = chat.filter(|_| inbox.admit_count(account, Instant::now())) else { return Ok(()) };
            let name = switchboard_core::contacts::clean_line(&name, switchboard_core::contacts::MAX_NAME_CHARS);
            // The chat as the page's list names it (a Telegram peer id): the index says, and an
            // answer in a chat it can't tell (unknown, or two of that name) is timed for nobody.
            let Ok(index) = app.state::<LiveIndex>().get().await else { return Ok(()) };
            let (app, account) = (app.clone(), account.to_string());
            tauri::async_runtime::spawn_blocking(move || {
                if let [chat] = index.chats_named(&account, &name).as_slice() {
                    if let Some(stats) = app.try_state::<crate::stats::Stats>() {
                        stats.answered(&account, &chat.chat, chrono::Utc::now().timestamp());
                    }
                }
            });
        }
        PageEvent::Chats { chats } => {
            let index = app.state::<LiveIndex>();
            if !index.admit(account, Instant::now()) {
                return Ok(()); // over the bound: dropped and counted
            }
            let records = live::records(account, chats, chrono::Utc::now().timestamp()).map_err(|e| e.to_string())?;
            let index = index.get().await?;
            // sled may wait on the disk: not on an async worker.
            tauri::async_runtime::spawn_blocking(move || index.upsert(records))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?;
        }
        PageEvent::Notification { id, title, body, tag } => {
            let (service, custom, label, deliver, private) = {
                let state = app.state::<AppState>();
                let ws = state.workspace();
                let a = ws.account(account).map_err(|e| e.to_string())?;
                let deliver = policy::deliver_now(ws.effective_mute(a), &ws.dnd, inbox::local_minute());
                (a.runnable_service().map_err(|e| e.to_string())?, a.service == crate::catalog::CUSTOM_ID, a.label.clone(), deliver, a.private_alerts)
            };
            if !inbox.admit(account, Instant::now()) {
                return Ok(()); // over the bound: dropped and counted
            }
            let (title, body) = (clean_text(&title, MAX_TITLE_CHARS), clean_text(&body, MAX_BODY_CHARS));
            inbox.record(Entry {
                at: chrono::Utc::now().timestamp(),
                account: account.to_string(),
                service: service.name.clone(),
                label: label.clone(),
                title: title.clone(),
                body: body.clone(),
                delivered: deliver,
            });
            let _ = app.emit_to(EventTarget::webview(crate::shell::SHELL), HISTORY_EVENT, ());
            if !deliver {
                return Ok(()); // muted or do-not-disturb: held back, kept in the history
            }
            let locked = crate::screen::locked();
            // A custom service's name is only its host: its label says more.
            let service_name = if custom { String::new() } else { service.clone().in_language(crate::language::current(&app)).name };
            let n = if locked {
                // Locked: the desktop learns that something came, not from whom or what.
                OsNotification::content_free(account, id, crate::language::t(&app, "notification.locked", &[]))
            } else if private {
                // Private alerts: where it came, not from whom or what.
                let place = inbox::summary(&service_name, &label, "");
                let summary = crate::language::t(&app, "notification.private", &[("account", &place)]);
                OsNotification { icon: inbox.icons.uri_for(&service), ..OsNotification::content_free(account, id, summary) }
            } else {
                OsNotification {
                    summary: inbox::summary(&service_name, &label, &title),
                    body,
                    icon: inbox.icons.uri_for(&service),
                    tag: Some(clean_text(&tag, MAX_TAG_CHARS)).filter(|t| !t.is_empty()),
                    account: account.to_string(),
                    page_id: id,
                }
            };
            // A provider set up: the alert of a person whose messages are translated waits in
            // the queue (a few seconds at most) for the text in the user's language.
            let delivery = match !locked && !private && app.state::<AppState>().workspace().translation.provider.is_some() {
                true => alert_delivery(&app, account, &title, n).await,
                false => Delivery::Show(n),
            };
            if !deliver::queue(&app.state::<Outbox>().0, delivery) {
                inbox.count_dropped(account);
            }
        }
    }
    Ok(())
}

/// An OS notification was answered. Clicked: show that account and let its page open the chat.
/// Gone from the desktop: its page's `onclose` runs.
pub fn notification_answered(app: &AppHandle, account: &str, page_id: u32, answer: Answer) {
    if answer == Answer::Closed {
        if let Some(webview) = app.get_webview(&crate::shell::service_label(account)) {
            let _ = webview.eval(format!("window.__switchboard && window.__switchboard.closed({page_id})"));
        }
        return;
    }
    crate::shell::present(app);
    // While locked the window only comes forward: the account opens once unlocked.
    if let Err(e) = crate::shell::show_account(app, account) {
        eprintln!("switchboard: {e}");
        return;
    }
    if let Some(webview) = app.get_webview(&crate::shell::service_label(account)) {
        // The keys go to the page, as after a click into it: the user answers right away, and a
        // client that counts a chat read only while its window has the focus sees it read.
        let _ = webview.set_focus();
        let _ = webview.eval(format!("window.__switchboard && window.__switchboard.click({page_id})"));
    }
}

/// The addresses an account's page may call `page_event` from: its start origin and its
/// service's domain names (https, subdomains too) — never where the page happens to be. Each is
/// parsed here as Tauri will parse it (Tauri panics on one it can't, holding its lock); an
/// opaque origin or a name that is no pattern is refused.
pub fn page_origins(start: &Url, domains: &[String]) -> Result<Vec<RemoteUrlPattern>, String> {
    if !start.origin().is_tuple() || !matches!(start.scheme(), "http" | "https") {
        return Err(format!("its address {start} is not a web page"));
    }
    let mut patterns = vec![format!("{}/*", start.origin().ascii_serialization())];
    for d in domains {
        let is_name = matches!(Url::parse(&format!("https://{d}/")).ok().and_then(|u| u.domain().map(str::to_owned)), Some(ref n) if n == d);
        if is_name && d.parse::<std::net::IpAddr>().is_err() {
            patterns.push(format!("https://{d}/*"));
            patterns.push(format!("https://*.{d}/*"));
        }
    }
    patterns.dedup();
    patterns.iter().map(|p| p.parse::<RemoteUrlPattern>().map_err(|e| format!("{p} can't be granted: {e}"))).collect()
}

/// The webviews granted `page_event` so far. Each gets exactly one grant for its life in the
/// app, made from its account's start address: waking a page never widens it.
static GRANTED: std::sync::Mutex<BTreeSet<String>> = std::sync::Mutex::new(BTreeSet::new());

/// Grants exactly one command, to exactly this webview, from exactly its service's origins.
/// What the bridge adds to every page the shell opens.
pub fn page_hooks() -> crate::shell::PageHooks {
    crate::shell::PageHooks {
        prepare: |app, label, service, start| {
            allow_page_events(app, label, start, &service.domains)?;
            Ok(script(service))
        },
        title_changed,
        removed: |app, account| {
            if let Some(stats) = app.try_state::<crate::stats::Stats>() {
                stats.forget(&account);
            }
            let app = app.clone();
            tauri::async_runtime::spawn(async move { chats::forget_account(&app, account).await });
        },
        opened: crate::spelling::give,
    }
}

/// A page's title changed: the number in it is one of its unread counts.
fn title_changed(app: &AppHandle, account: &str, title: &str) {
    let title: String = title.chars().take(MAX_TITLE_CHARS).collect();
    let count = inbox::unread::count_in_title(&title);
    count_changed(app, account, |u| u.title = count);
}

pub fn allow_page_events<R: Runtime, M: Manager<R>>(manager: &M, label: &str, start: &Url, domains: &[String]) -> Result<(), String> {
    let mut granted = GRANTED.lock().unwrap_or_else(|e| e.into_inner());
    if granted.contains(label) {
        return Ok(());
    }
    let mut capability = CapabilityBuilder::new(format!("page-{label}")).webview(label).permission("allow-page-event");
    for origin in page_origins(start, domains)? {
        capability = capability.remote(origin.as_str().to_string());
    }
    manager.add_capability(capability).map_err(|e| e.to_string())?;
    granted.insert(label.to_string());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]

        /// Whatever a page sends, as text or as something shaped like an event, the parser
        /// answers without panicking.
        #[test]
        fn any_page_event_text_is_answered_without_a_panic(text in proptest::prelude::prop_oneof![
            ".{0,300}",
            "\\{\"kind\":\"(notification|badge|dom_count|chats|unread_chats|close)\"(,\"[a-z]{1,8}\":[^,}]{0,40}){0,5}\\}",
        ]) {
            let _ = parse_event(&text);
        }
    }

    #[test]
    fn oversized_or_malformed_events_are_refused_before_use() {
        let big = format!(r#"{{"kind":"notification","id":1,"title":"{}","body":""}}"#, "x".repeat(MAX_EVENT_BYTES));
        assert!(parse_event(&big).unwrap_err().contains("at most"));
        assert!(parse_event("{").is_err());
        let numbered = parse_event(r#"{"kind":"badge","count":2,"page":"k3x","seq":7}"#).unwrap();
        assert_eq!(numbered, Numbered { page: "k3x".into(), seq: 7, event: PageEvent::Badge { count: Some(2) } });
        assert!(parse_event(r#"{"kind":"badge","count":2}"#).is_err(), "an event without its number is refused");
    }

    #[test]
    fn events_parse_strictly() {
        let n: PageEvent = serde_json::from_str(r#"{"kind":"notification","id":3,"title":"Anna","body":"Hi"}"#).unwrap();
        assert_eq!(n, PageEvent::Notification { id: 3, title: "Anna".into(), body: "Hi".into(), tag: String::new() });
        let b: PageEvent = serde_json::from_str(r#"{"kind":"badge","count":null}"#).unwrap();
        assert_eq!(b, PageEvent::Badge { count: None });
        assert!(serde_json::from_str::<PageEvent>(r#"{"kind":"badge","count":-1}"#).is_err());
        assert!(serde_json::from_str::<PageEvent>(r#"{"kind":"run_command","cmd":"rm"}"#).is_err());
        let c: PageEvent = serde_json::from_str(r#"{"kind":"chats","chats":[{"chat":"5001","name":"Анна","last_active":null,"avatar":null}]}"#).unwrap();
        assert!(matches!(c, PageEvent::Chats { chats } if chats[0].name == "Анна"));
        let d: PageEvent = serde_json::from_str(r#"{"kind":"dom_count","count":7}"#).unwrap();
        assert_eq!(d, PageEvent::DomCount { count: Some(7) });
        let u: PageEvent = serde_json::from_str(r#"{"kind":"unread_chats","chats":[{"chat":"5001","name":"Анна","count":2,"preview":"Заказ?","time":"09:15","at":null}]}"#).unwrap();
        assert!(matches!(u, PageEvent::UnreadChats { chats } if chats[0].count == 2 && chats[0].preview == "Заказ?"));
        assert!(serde_json::from_str::<PageEvent>(r#"{"kind":"unread_chats","chats":[{"chat":"1","name":"A","count":1,"script":"x"}]}"#).is_err());
    }

    #[test]
    fn each_service_gets_its_own_rule_and_no_other() {
        let telegram = script(crate::catalog::find("telegram").unwrap());
        assert!(telegram.contains(r#"const RULE = {"selector":".chatlist-chat .dialog-subtitle-badge-unread.is-visible""#));
        assert!(!telegram.contains(RULE_SLOT));
        assert!(telegram.contains(r#"const CHATS = {"row":".chatlist-chat[data-peer-id]""#));
        let instagram = script(crate::catalog::find("instagram").unwrap());
        assert!(instagram.contains(RULE_SLOT) && instagram.contains(CHATS_SLOT), "no rules: the title alone counts, no chat list is read");
    }

    #[test]
    fn origins_cover_the_start_page_and_the_service_domains() {
        let strs = |o: Vec<RemoteUrlPattern>| o.iter().map(|p| p.as_str().to_string()).collect::<Vec<_>>();
        let o = page_origins(&Url::parse("http://127.0.0.1:8080/?acct=A").unwrap(), &["127.0.0.1".into()]).unwrap();
        assert_eq!(strs(o), ["http://127.0.0.1:8080/*"]);
        let o = page_origins(&Url::parse("https://x.org/").unwrap(), &["bad domain/*".into(), "[::1]".into()]).unwrap();
        assert_eq!(strs(o), ["https://x.org/*"]);
        let o = page_origins(&Url::parse("https://web.whatsapp.com/").unwrap(), &["whatsapp.com".into()]).unwrap();
        assert_eq!(strs(o), ["https://web.whatsapp.com/*", "https://whatsapp.com/*", "https://*.whatsapp.com/*"]);
    }

    #[test]
    fn an_opaque_origin_is_refused_not_handed_to_tauri() {
        for opaque in ["about:blank", "data:text/html,hi", "file:///tmp/x.html", "blob:null/1"] {
            assert!(page_origins(&Url::parse(opaque).unwrap(), &[]).is_err(), "{opaque}");
        }
    }
}
