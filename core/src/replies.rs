//! Saved replies: the answers a support team gives all day, kept in the profile and inserted into
//! a page's message box from a palette. A reply may say `{name}`: the name of the chat it goes to,
//! where the page shows it.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

pub const MAX_REPLIES: usize = 500;
pub const MAX_NAME_CHARS: usize = 80;
pub const MAX_TEXT_CHARS: usize = 4000;
const MAX_LANGUAGE_CHARS: usize = 16;
/// What a reply says where the chat's name goes.
pub const NAME_VARIABLE: &str = "{name}";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reply {
    pub name: String,
    pub text: String,
    /// The language it is written in ("ru", "zh-Hans"), when the user said.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The replies as they may be kept: names trimmed and told apart (whatever their case), texts as
/// written (line breaks too) without control characters, language tags that look like one. The
/// first problem found is the answer, naming the reply.
pub fn checked(replies: Vec<Reply>) -> Result<Vec<Reply>, Problem> {
    if replies.len() > MAX_REPLIES {
        return Err(Problem::new("replies.too_many").with("max", MAX_REPLIES));
    }
    let mut kept: Vec<Reply> = Vec::with_capacity(replies.len());
    for reply in replies {
        let name = crate::text::clean_text(&reply.name, usize::MAX).split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(Problem::new("replies.empty_name"));
        }
        if name.chars().count() > MAX_NAME_CHARS {
            return Err(Problem::new("replies.name_too_long").with("name", truncated(&name)).with("max", MAX_NAME_CHARS));
        }
        let text = crate::text::clean_text(&reply.text.replace("\r\n", "\n"), usize::MAX).trim().to_string();
        if text.is_empty() {
            return Err(Problem::new("replies.empty_text").with("name", &name));
        }
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(Problem::new("replies.text_too_long").with("name", &name).with("max", MAX_TEXT_CHARS));
        }
        let lang = reply.lang.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
        if let Some(lang) = &lang {
            let tag = lang.len() <= MAX_LANGUAGE_CHARS && lang.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
            if !tag {
                return Err(Problem::new("replies.bad_language").with("name", &name).with("language", truncated(lang)));
            }
        }
        if kept.iter().any(|k| k.name.to_lowercase() == name.to_lowercase()) {
            return Err(Problem::new("replies.same_name").with("name", &name));
        }
        kept.push(Reply { name, text, lang });
    }
    Ok(kept)
}

fn truncated(s: &str) -> String {
    s.chars().take(MAX_NAME_CHARS).collect()
}

/// The longest chat name put in for `{name}`: the page says what the name is, so it is bounded.
pub const MAX_CHAT_NAME_CHARS: usize = 100;
/// The longest text a reply becomes once filled in.
pub const MAX_FILLED_CHARS: usize = 2 * MAX_TEXT_CHARS;

/// A reply's text for one chat: `{name}` is the chat's name when the page shows one (cleaned and
/// cut to `MAX_CHAT_NAME_CHARS`); otherwise it stays, for the user to see and fill in. Never
/// longer than `MAX_FILLED_CHARS`.
pub fn filled(text: &str, chat_name: Option<&str>) -> String {
    let name = chat_name.map(|n| crate::text::clean_text(n, MAX_CHAT_NAME_CHARS)).map(|n| n.trim().to_string());
    let whole = match name.filter(|n| !n.is_empty()) {
        Some(name) => text.replace(NAME_VARIABLE, &name),
        None => text.to_string(),
    };
    whole.chars().take(MAX_FILLED_CHARS).collect()
}

/// The replies of a file (what `to_file` writes), checked as the user's own are.
pub fn from_file(text: &str) -> Result<Vec<Reply>, Problem> {
    #[derive(Deserialize)]
    struct File {
        replies: Vec<Reply>,
    }
    let file: File = serde_json::from_str(text).map_err(|e| Problem::new("replies.unreadable").with("detail", e))?;
    checked(file.replies)
}

/// The replies as a file of their own (JSON: keeps line breaks and every script as written).
pub fn to_file(replies: &[Reply]) -> String {
    #[derive(Serialize)]
    struct File<'a> {
        switchboard: &'static str,
        replies: &'a [Reply],
    }
    serde_json::to_string_pretty(&File { switchboard: "saved replies", replies }).expect("replies are plain strings")
}

/// Another set of replies added to ours: one with a name we have replaces ours (an answer brought
/// up to date); the rest are added after. Says how many were added and how many replaced.
pub fn merged(ours: &[Reply], theirs: Vec<Reply>) -> Result<(Vec<Reply>, usize, usize), Problem> {
    let mut all = ours.to_vec();
    let (mut added, mut replaced) = (0, 0);
    for reply in theirs {
        match all.iter_mut().find(|r| r.name.to_lowercase() == reply.name.to_lowercase()) {
            Some(same) => {
                replaced += usize::from(*same != reply);
                *same = reply;
            }
            None => {
                added += 1;
                all.push(reply);
            }
        }
    }
    Ok((checked(all)?, added, replaced))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(name: &str, text: &str) -> Reply {
        Reply { name: name.into(), text: text.into(), lang: None }
    }

    #[test]
    fn replies_are_kept_tidy_and_bad_ones_named() {
        let kept = checked(vec![
            Reply { lang: Some(" zh-Hans ".into()), ..reply("  Доставка   сроки ", "Здравствуйте, {name}!\r\nДоставка 5–7 дней.\u{202E}") },
            Reply { lang: Some(String::new()), ..reply("Price", "Prices: see the list") },
        ])
        .unwrap();
        assert_eq!(kept[0], Reply { name: "Доставка сроки".into(), text: "Здравствуйте, {name}!\nДоставка 5–7 дней.".into(), lang: Some("zh-Hans".into()) });
        assert_eq!(kept[1].lang, None);
        let code = |r: Vec<Reply>| checked(r).unwrap_err().code;
        assert_eq!(code(vec![reply(" ", "x")]), "replies.empty_name");
        assert_eq!(code(vec![reply("a", " \n ")]), "replies.empty_text");
        assert_eq!(code(vec![reply(&"n".repeat(81), "x")]), "replies.name_too_long");
        assert_eq!(code(vec![reply("a", &"x".repeat(4001))]), "replies.text_too_long");
        assert_eq!(code(vec![Reply { lang: Some("ru; drop".into()), ..reply("a", "x") }]), "replies.bad_language");
        assert_eq!(code(vec![reply("Hello", "x"), reply("hello", "y")]), "replies.same_name");
        assert_eq!(code(vec![reply("a", "x"); MAX_REPLIES + 1]), "replies.too_many");
    }

    #[test]
    fn the_chats_name_goes_where_the_reply_says_and_stays_a_placeholder_when_unknown() {
        assert_eq!(filled("Hello {name}, {name}!", Some(" Анна ")), "Hello Анна, Анна!");
        assert_eq!(filled("Hello {name}", None), "Hello {name}");
        assert_eq!(filled("Hello {name}", Some("")), "Hello {name}");
        // What the page says the name is can't make a reply grow without end.
        let huge = "Я".repeat(50_000);
        assert_eq!(filled("{name}", Some(&huge)).chars().count(), MAX_CHAT_NAME_CHARS);
        assert_eq!(filled(&"{name}".repeat(600), Some(&huge)).chars().count(), MAX_FILLED_CHARS);
        assert_eq!(filled("Hi {name}", Some("Bob\u{202E}\u{0}")), "Hi Bob");
    }

    #[test]
    fn a_file_round_trips_and_an_import_updates_by_name() {
        let ours = vec![reply("Hello", "Hi!"), reply("Price", "Old prices")];
        let back = from_file(&to_file(&ours)).unwrap();
        assert_eq!(back, ours);
        let (all, added, replaced) = merged(&ours, vec![reply("price", "New prices"), reply("Bye", "Bye!"), reply("Hello", "Hi!")]).unwrap();
        assert_eq!((added, replaced), (1, 1));
        assert_eq!(all.iter().map(|r| (r.name.as_str(), r.text.as_str())).collect::<Vec<_>>(), [("Hello", "Hi!"), ("price", "New prices"), ("Bye", "Bye!")]);
        assert_eq!(from_file("{\"replies\": 3}").unwrap_err().code, "replies.unreadable");
        assert_eq!(from_file("{\"replies\": [{\"name\": \"\", \"text\": \"x\"}]}").unwrap_err().code, "replies.empty_name");
    }
}
