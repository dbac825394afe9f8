//! The Unread list: every chat with unread messages across every account, newest first. A page
//! whose service has a chat-list rule says which of its chats are unread (`PageUnread`, the whole
//! list each time it changes); an account whose page names no chats is listed by its count alone.

use crate::inbox::unread::MAX_COUNT;
use crate::text::clean_text;
use crate::view::AccountView;
use serde::{Deserialize, Serialize};

/// The most unread chats one page may list; the bridge sends the newest this many.
pub const MAX_CHATS: usize = 100;
const MAX_CHAT_REF: usize = 256;
const MAX_NAME: usize = 200;
/// A preview is what the row shows of the last message: a line, never more.
const MAX_PREVIEW: usize = 200;
const MAX_TIME: usize = 40;
/// A page's time for a chat is believed from this far back up to a minute ahead of the clock.
const PLAUSIBLE_PAST: i64 = 2 * 24 * 3600;

/// One unread chat as a page reports it (the account comes from who sent it).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageUnread {
    pub chat: String,
    pub name: String,
    pub count: u32,
    /// The last message as the row shows it, where the page shows one.
    #[serde(default)]
    pub preview: String,
    /// The row's time as the page writes it ("14:05", "Yesterday").
    #[serde(default)]
    pub time: String,
    /// When the page saw this chat's row change (Unix seconds), if it knows.
    #[serde(default)]
    pub at: Option<i64>,
}

/// An unread chat as kept: cleaned and bounded. In memory only: previews never reach a file.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnreadChat {
    pub chat: String,
    pub name: String,
    pub count: u32,
    pub preview: String,
    pub time: String,
    pub at: Option<i64>,
}

/// A page's unread chats made safe to keep: at most `MAX_CHATS` (more is refused, not cut, so a
/// page can't push others out by flooding), each cleaned and bounded, read ones and repeats left
/// out, times outside what is plausible forgotten.
pub fn checked(page: Vec<PageUnread>, now: i64) -> Result<Vec<UnreadChat>, String> {
    if page.len() > MAX_CHATS {
        return Err(format!("a page lists at most {MAX_CHATS} unread chats"));
    }
    let mut kept: Vec<UnreadChat> = Vec::with_capacity(page.len());
    for p in page {
        let chat = clean_text(p.chat.trim(), MAX_CHAT_REF);
        let name = clean_text(p.name.trim(), MAX_NAME);
        if chat.is_empty() || name.is_empty() || p.count == 0 || kept.iter().any(|k| k.chat == chat) {
            continue;
        }
        let preview = clean_text(&p.preview.replace('\n', " "), MAX_PREVIEW).trim().to_string();
        let at = p.at.filter(|at| (now - PLAUSIBLE_PAST..=now + 60).contains(at));
        kept.push(UnreadChat { chat, name, count: p.count.min(MAX_COUNT), preview, time: clean_text(p.time.trim(), MAX_TIME), at });
    }
    Ok(kept)
}

/// One row of the Unread list.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct UnreadRow {
    pub account: String,
    pub label: String,
    pub service_name: String,
    pub monogram: String,
    pub color: String,
    pub icon: Option<String>,
    /// The account sleeps: this is what its page showed last.
    pub asleep: bool,
    /// The chat, or `None` for a row that stands for the whole account: its page names no chats
    /// (its service has no chat-list rule, or the unread ones are not in view).
    pub chat: Option<String>,
    pub name: String,
    pub count: u32,
    pub preview: String,
    pub time: String,
    pub at: Option<i64>,
    /// The tags of the person the chat is linked to (filled from the contact index).
    pub tags: Vec<String>,
    /// The preview in the user's language, for a person whose messages are translated as they
    /// arrive (once the provider answered).
    pub translated: Option<String>,
}

/// What the list knows of one account besides its view: the unread chats its page listed
/// (`None` when it lists none), and when its count last rose.
pub struct Known<'a> {
    pub chats: Option<&'a [UnreadChat]>,
    pub rose_at: Option<i64>,
}

/// The Unread list, newest first; rows whose time is unknown follow, in sidebar and page order.
/// Disabled accounts and those whose badge is hidden (muted with their badge) stay out, as
/// their badges do; `accounts` carries counts that already follow those rules.
pub fn list<'a>(accounts: &[AccountView], known: impl Fn(&str) -> Known<'a>) -> Vec<UnreadRow> {
    let mut rows = vec![];
    for a in accounts.iter().filter(|a| a.enabled && a.problem.is_none()) {
        if a.unread == 0 && !a.marked {
            continue; // muted with its badge hidden, or all read
        }
        let Known { chats, rose_at } = known(&a.id);
        let row = |chat: Option<String>, name: &str, count: u32, preview: &str, time: &str, at: Option<i64>| UnreadRow {
            account: a.id.clone(),
            label: a.label.clone(),
            service_name: a.service_name.clone(),
            monogram: a.monogram.clone(),
            color: a.color.clone(),
            icon: a.icon.clone(),
            asleep: a.asleep,
            chat,
            name: name.to_string(),
            count,
            preview: preview.to_string(),
            time: time.to_string(),
            at,
            tags: vec![],
            translated: None,
        };
        match chats.filter(|c| !c.is_empty()) {
            Some(chats) => rows.extend(chats.iter().map(|c| row(Some(c.chat.clone()), &c.name, c.count, &c.preview, &c.time, c.at))),
            None => rows.push(row(None, &a.label, a.unread, "", "", rose_at)),
        }
    }
    // Stable: equal times keep sidebar and page order.
    rows.sort_by(|x, y| y.at.is_some().cmp(&x.at.is_some()).then(y.at.cmp(&x.at)));
    rows
}

/// The row "next unread" opens: the newest, or the one after the row it opened last (a page that
/// keeps a chat unread once opened must not hold the key on it).
pub fn next<'r>(rows: &'r [UnreadRow], last: Option<(&str, Option<&str>)>) -> Option<&'r UnreadRow> {
    let at = last.and_then(|(account, chat)| rows.iter().position(|r| r.account == account && r.chat.as_deref() == chat));
    match at {
        Some(i) => rows.get((i + 1) % rows.len()),
        None => rows.first(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn page(chat: &str, count: u32, at: Option<i64>) -> PageUnread {
        PageUnread { chat: chat.into(), name: format!("Name {chat}"), count, preview: String::new(), time: String::new(), at }
    }

    fn account(id: &str, unread: u32) -> AccountView {
        AccountView { id: id.into(), label: format!("Label {id}"), enabled: true, unread, ..Default::default() }
    }

    #[test]
    fn a_pages_list_is_cleaned_bounded_and_a_flood_refused() {
        let mut sent = vec![page("1", 2, Some(NOW - 60)), page("1", 5, None), page("2", 0, None), page(" ", 1, None)];
        sent.push(PageUnread { preview: "Line one\nline two\u{202E}".into(), at: Some(NOW + 3600), ..page("3", 40_000, None) });
        let kept = checked(sent, NOW).unwrap();
        assert_eq!(kept.iter().map(|c| c.chat.as_str()).collect::<Vec<_>>(), ["1", "3"], "repeats, read and nameless rows left out");
        assert_eq!(kept[0].count, 2);
        assert_eq!((kept[1].count, kept[1].preview.as_str(), kept[1].at), (MAX_COUNT, "Line one line two", None));
        let long = PageUnread { preview: "ж".repeat(5000), ..page("4", 1, None) };
        assert_eq!(checked(vec![long], NOW).unwrap()[0].preview.chars().count(), MAX_PREVIEW);
        assert!(checked((0..=MAX_CHATS).map(|i| page(&i.to_string(), 1, None)).collect(), NOW).is_err());
    }

    #[test]
    fn chats_of_all_accounts_newest_first_then_those_without_a_time() {
        let a = checked(vec![page("a1", 1, Some(NOW - 100)), page("a2", 3, None)], NOW).unwrap();
        let b = checked(vec![page("b1", 2, Some(NOW - 10)), page("b2", 1, Some(NOW - 500))], NOW).unwrap();
        let accounts = [account("A", 4), account("B", 3)];
        let rows = list(&accounts, |id| Known { chats: Some(if id == "A" { &a } else { &b }), rose_at: None });
        let order: Vec<_> = rows.iter().map(|r| r.chat.clone().unwrap()).collect();
        assert_eq!(order, ["b1", "a1", "b2", "a2"]);
        assert_eq!((rows[0].account.as_str(), rows[0].label.as_str(), rows[0].count), ("B", "Label B", 2));
    }

    #[test]
    fn an_account_whose_page_names_no_chats_is_one_row_with_its_count() {
        let accounts = [account("wechat", 3), account("read", 0), AccountView { marked: true, ..account("dot", 0) }];
        let rows = list(&accounts, |id| Known { chats: None, rose_at: (id == "dot").then_some(NOW) });
        assert_eq!(rows.len(), 2, "an account with nothing unread has no row");
        assert_eq!((rows[0].account.as_str(), rows[0].chat.as_deref(), rows[0].at), ("dot", None, Some(NOW)), "its count rose last");
        assert_eq!((rows[1].account.as_str(), rows[1].count, rows[1].name.as_str()), ("wechat", 3, "Label wechat"));
        // A list that is empty while the count says 2: the unread chats are out of view.
        let rows = list(&[account("wa", 2)], |_| Known { chats: Some(&[]), rose_at: None });
        assert_eq!((rows.len(), rows[0].chat.as_deref(), rows[0].count), (1, None, 2));
    }

    #[test]
    fn disabled_and_hidden_badge_accounts_stay_out_and_sleepers_are_marked() {
        let chats = checked(vec![page("x", 1, None)], NOW).unwrap();
        let accounts = [
            AccountView { enabled: false, ..account("off", 1) },
            account("muted", 0), // a hidden badge shows 0 whatever its page lists
            AccountView { asleep: true, ..account("sleeper", 1) },
        ];
        let rows = list(&accounts, |_| Known { chats: Some(&chats), rose_at: None });
        assert_eq!(rows.len(), 1);
        assert!(rows[0].account == "sleeper" && rows[0].asleep);
    }

    #[test]
    fn next_goes_down_the_list_from_the_row_opened_last() {
        let chats = checked(vec![page("1", 1, Some(NOW)), page("2", 1, Some(NOW - 1))], NOW).unwrap();
        let rows = list(&[account("A", 2), account("W", 5)], |id| Known { chats: (id == "A").then_some(&chats[..]), rose_at: None });
        let key = |r: &UnreadRow| (r.account.clone(), r.chat.clone());
        assert_eq!(key(next(&rows, None).unwrap()), ("A".into(), Some("1".into())));
        assert_eq!(key(next(&rows, Some(("A", Some("1")))).unwrap()), ("A".into(), Some("2".into())));
        assert_eq!(key(next(&rows, Some(("A", Some("2")))).unwrap()), ("W".into(), None));
        assert_eq!(key(next(&rows, Some(("W", None))).unwrap()), ("A".into(), Some("1".into())), "round again");
        assert_eq!(key(next(&rows, Some(("gone", Some("9")))).unwrap()), ("A".into(), Some("1".into())));
        assert!(next(&[], None).is_none());
    }
}
