//! The contact index's model: a record per account and chat, people who link records across
//! services and carry the handles and notes a user keeps by hand, fuzzy search over them, and
//! suggestions of who is the same person. Where records are kept is the app's business.

pub mod exchange;
pub mod search;
pub mod suggest;

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

pub const MAX_NAME_CHARS: usize = 200;
pub const MAX_CHAT_CHARS: usize = 256;
pub const MAX_HANDLE_CHARS: usize = 256;
pub const MAX_HANDLES: usize = 50;
pub const MAX_NOTE_CHARS: usize = 10_000;
pub const MAX_URL_CHARS: usize = 2048;

/// A chat partner as one account's page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub account: String,
    /// What reopens that chat in the page (a peer id, a chat path).
    pub chat: String,
    pub name: String,
    /// When the chat last had a message, in seconds since 1970.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_active: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
}

impl Contact {
    /// A record from a page or a file, cleaned and bounded; the reason when it can't be used.
    pub fn clean(mut self) -> Result<Contact, ContactsError> {
        self.name = clean_line(&self.name, MAX_NAME_CHARS);
        self.chat = clean_line(&self.chat, MAX_CHAT_CHARS);
        if self.name.is_empty() || self.chat.is_empty() || self.account.is_empty() {
            return Err(ContactsError::Invalid(Problem::new("contacts.incomplete_chat")));
        }
        self.avatar = self.avatar.filter(|a| a.len() <= MAX_URL_CHARS && (a.starts_with("https://") || a.starts_with("http://")));
        Ok(self)
    }

    pub fn chat_ref(&self) -> ChatRef {
        ChatRef { account: self.account.clone(), chat: self.chat.clone() }
    }
}

/// Which chat of which account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ChatRef {
    pub account: String,
    pub chat: String,
}

/// The kinds of handle a person card keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HandleKind {
    Phone,
    Email,
    Telegram,
    Whatsapp,
    Wechat,
    Vk,
    Max,
    Other,
}

impl HandleKind {
    pub const ALL: [HandleKind; 8] = [
        HandleKind::Phone,
        HandleKind::Email,
        HandleKind::Telegram,
        HandleKind::Whatsapp,
        HandleKind::Wechat,
        HandleKind::Vk,
        HandleKind::Max,
        HandleKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            HandleKind::Phone => "phone",
            HandleKind::Email => "email",
            HandleKind::Telegram => "telegram",
            HandleKind::Whatsapp => "whatsapp",
            HandleKind::Wechat => "wechat",
            HandleKind::Vk => "vk",
            HandleKind::Max => "max",
            HandleKind::Other => "other",
        }
    }

    pub fn parse(name: &str) -> Option<HandleKind> {
        HandleKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One way to reach a person: a phone number, a Telegram user name, an e-mail address…
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Handle {
    pub kind: HandleKind,
    pub value: String,
}

impl Handle {
    pub fn new(kind: HandleKind, value: &str) -> Result<Handle, ContactsError> {
        let value = clean_line(value, MAX_HANDLE_CHARS);
        if value.is_empty() {
            return Err(ContactsError::Invalid(Problem::new("contacts.empty_handle").with("kind", kind.name())));
        }
        Ok(Handle { kind, value })
    }

    /// What makes two handles the same: digits of a phone number, lower-case otherwise.
    pub fn identity(&self) -> String {
        match self.kind {
            HandleKind::Phone => phone_digits(&self.value),
            _ => self.value.trim_start_matches('@').to_lowercase(),
        }
    }
}

/// A person: a name, their handles, a note, and the chats that are theirs in any account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Person {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub handles: Vec<Handle>,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub chats: Vec<ChatRef>,
}

impl Person {
    /// A new card, cleaned and bounded.
    pub fn new(name: &str, handles: Vec<Handle>, note: &str) -> Result<Person, ContactsError> {
        let mut person = Person { id: new_id(), name: name.into(), handles, note: note.into(), chats: vec![] };
        person.tidy()?;
        Ok(person)
    }

    /// Bounds every field and drops repeated handles; refuses a card without a name.
    pub fn tidy(&mut self) -> Result<(), ContactsError> {
        self.name = clean_line(&self.name, MAX_NAME_CHARS);
        if self.name.is_empty() {
            return Err(ContactsError::Invalid(Problem::new("contacts.no_name")));
        }
        self.note = self.note.chars().filter(|c| !c.is_control() || *c == '\n').take(MAX_NOTE_CHARS).collect();
        let mut seen = std::collections::HashSet::new();
        self.handles.retain(|h| seen.insert((h.kind, h.identity())));
        if self.handles.len() > MAX_HANDLES {
            return Err(ContactsError::Invalid(Problem::new("contacts.too_many_handles").with("max", MAX_HANDLES)));
        }
        self.chats.sort();
        self.chats.dedup();
        Ok(())
    }
}

#[derive(Debug, PartialEq)]
pub enum ContactsError {
    Invalid(Problem),
    /// Another Switchboard holds the index (sled allows one process).
    InUse,
    Storage(String),
    /// The files are there but can't be read as an index.
    Damaged(String),
    /// A person (by id) the index no longer has.
    NoPerson(String),
    /// A chat (by its reference) the index does not hold for that account.
    NoChat(String),
}

impl ContactsError {
    pub fn problem(&self) -> Problem {
        match self {
            Self::Invalid(why) => why.clone(),
            Self::InUse => Problem::new("contacts.in_use"),
            Self::Storage(why) => Problem::new("contacts.storage").with("detail", why),
            Self::Damaged(why) => Problem::new("contacts.damaged").with("detail", why),
            Self::NoPerson(id) => Problem::new("contacts.no_person").with("id", id),
            Self::NoChat(chat) => Problem::new("contacts.no_chat").with("chat", chat),
        }
    }
}

crate::told_as_problem!(ContactsError);

impl std::error::Error for ContactsError {}


/// One line of text: no control characters, inner runs of space as one, at most `max` characters.
pub fn clean_line(text: &str, max: usize) -> String {
    let spaced: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(max).collect()
}

/// The digits of a phone number, with a Russian trunk 8 read as +7 — the same number as users
/// write it at home and abroad.
pub fn phone_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('8') {
        Some(rest) if digits.len() == 11 && !phone.trim_start().starts_with('+') => format!("7{rest}"),
        _ => digits,
    }
}

fn new_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_from_pages_are_cleaned_and_bounded() {
        let raw = Contact { account: "a".into(), chat: " 5001 ".into(), name: "Анна\n\u{7}  Петрова".into(), last_active: None, avatar: Some("javascript:alert(1)".into()) };
        let clean = raw.clean().unwrap();
        assert_eq!((clean.chat.as_str(), clean.name.as_str(), clean.avatar), ("5001", "Анна Петрова", None));
        let nameless = Contact { account: "a".into(), chat: "1".into(), name: " ".into(), last_active: None, avatar: None };
        assert!(matches!(nameless.clean(), Err(ContactsError::Invalid(_))));
        assert_eq!(clean_line(&"王".repeat(500), MAX_NAME_CHARS).chars().count(), MAX_NAME_CHARS);
    }

    #[test]
    fn the_same_phone_written_two_ways_is_one_handle() {
        assert_eq!(phone_digits("+7 (999) 123-45-67"), "79991234567");
        assert_eq!(phone_digits("8 999 123 45 67"), "79991234567");
        assert_eq!(phone_digits("+86 138 0013 8000"), "8613800138000");
        let mut p = Person::new(
            "Anna",
            vec![
                Handle::new(HandleKind::Phone, "+7 999 123-45-67").unwrap(),
                Handle::new(HandleKind::Phone, "89991234567").unwrap(),
                Handle::new(HandleKind::Telegram, "@Anna_P").unwrap(),
                Handle::new(HandleKind::Telegram, "anna_p").unwrap(),
            ],
            "",
        )
        .unwrap();
        assert_eq!(p.handles.len(), 2);
        p.name = "  ".into();
        assert!(p.tidy().is_err());
    }
}
