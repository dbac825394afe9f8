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
/// Entries in a person's notes; tags on a person, and a tag's length.
pub const MAX_NOTES: usize = 500;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG_CHARS: usize = 32;
const MAX_LANGUAGE_CHARS: usize = 16;
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

/// One entry of a person's notes: when it was written (seconds since 1970; 0 for a note kept
/// before notes had times) and what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub at: i64,
    pub text: String,
}

/// A person: a name, their handles, notes and tags, the language they write in, the account to
/// answer them from, and the chats that are theirs in any account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredPerson")]
pub struct Person {
    pub id: String,
    pub name: String,
    pub handles: Vec<Handle>,
    /// Oldest first.
    pub notes: Vec<Note>,
    /// As the user wrote them (without '#' or commas), each once whatever its case.
    pub tags: Vec<String>,
    /// A language code ("ru", "zh-Hans"…), set on the card or found in what they write.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The account the user answers them from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred: Option<String>,
    /// Their messages are translated as they arrive (the alert, the Unread list): off unless the
    /// user turns it on for them, since the text then goes to the translation provider. A
    /// consent given on this computer: no file exports or imports it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub translate_incoming: bool,
    pub chats: Vec<ChatRef>,
}

/// A card as stored, by this version or an earlier one (one free-text `note`, no times).
#[derive(Deserialize)]
struct StoredPerson {
    id: String,
    name: String,
    #[serde(default)]
    handles: Vec<Handle>,
    #[serde(default)]
    note: String,
    #[serde(default)]
    notes: Vec<Note>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    preferred: Option<String>,
    #[serde(default)]
    translate_incoming: bool,
    #[serde(default)]
    chats: Vec<ChatRef>,
}

impl From<StoredPerson> for Person {
    fn from(s: StoredPerson) -> Person {
        let mut notes = s.notes;
        if !s.note.trim().is_empty() {
            notes.insert(0, Note { at: 0, text: s.note });
        }
        let (language, preferred, translate_incoming) = (s.language, s.preferred, s.translate_incoming);
        Person { id: s.id, name: s.name, handles: s.handles, notes, tags: s.tags, language, preferred, translate_incoming, chats: s.chats }
    }
}

impl Person {
    /// A new card, cleaned and bounded; `note`, if any, its first note (written `at`).
    pub fn new(name: &str, handles: Vec<Handle>, note: &str, at: i64) -> Result<Person, ContactsError> {
        let notes = match note.trim().is_empty() {
            true => vec![],
            false => vec![Note { at, text: note.into() }],
        };
        let mut person = Person { id: new_id(), name: name.into(), handles, notes, tags: vec![], language: None, preferred: None, translate_incoming: false, chats: vec![] };
        person.tidy()?;
        Ok(person)
    }

    /// Adds a note written `at`.
    pub fn add_note(&mut self, text: &str, at: i64) -> Result<(), ContactsError> {
        self.notes.push(Note { at, text: text.into() });
        self.tidy()
    }

    /// Adds tags (a leading '#' is dropped; one already there, in any case, is not added again).
    pub fn add_tags<'a>(&mut self, tags: impl IntoIterator<Item = &'a str>) -> Result<(), ContactsError> {
        self.tags.extend(tags.into_iter().map(str::to_string));
        self.tidy()
    }

    /// Whether it carries `tag` (any case, with or without '#').
    pub fn has_tag(&self, tag: &str) -> bool {
        let wanted = tag_key(tag);
        self.tags.iter().any(|t| tag_key(t) == wanted)
    }

    /// The latest note's text, for a one-line look.
    pub fn latest_note(&self) -> &str {
        self.notes.last().map_or("", |n| n.text.as_str())
    }

    /// Bounds every field and drops repeated handles; refuses a card without a name.
    pub fn tidy(&mut self) -> Result<(), ContactsError> {
        self.name = clean_line(&self.name, MAX_NAME_CHARS);
        if self.name.is_empty() {
            return Err(ContactsError::Invalid(Problem::new("contacts.no_name")));
        }
        for note in &mut self.notes {
            // A time from a file stays within what a calendar shows (year 9999 at most).
            note.at = note.at.clamp(0, 253_402_300_799);
            if note.text.chars().count() > MAX_NOTE_CHARS {
                return Err(ContactsError::Invalid(Problem::new("contacts.note_too_long").with("max", MAX_NOTE_CHARS)));
            }
            note.text = note.text.chars().filter(|c| !c.is_control() || *c == '\n').collect::<String>().trim().to_string();
        }
        self.notes.retain(|n| !n.text.is_empty());
        if self.notes.len() > MAX_NOTES {
            return Err(ContactsError::Invalid(Problem::new("contacts.too_many_notes").with("max", MAX_NOTES)));
        }
        // A comma separates tags (as files and the tag field write them).
        let mut tags: Vec<String> = vec![];
        for tag in self.tags.iter().flat_map(|t| t.split(',')) {
            let tag = clean_line(tag.trim_start_matches('#'), usize::MAX);
            if tag.chars().count() > MAX_TAG_CHARS {
                return Err(ContactsError::Invalid(Problem::new("contacts.tag_too_long").with("tag", tag.chars().take(40).collect::<String>()).with("max", MAX_TAG_CHARS)));
            }
            if !tag.is_empty() && !tags.iter().any(|t| tag_key(t) == tag_key(&tag)) {
                tags.push(tag);
            }
        }
        if tags.len() > MAX_TAGS {
            return Err(ContactsError::Invalid(Problem::new("contacts.too_many_tags").with("max", MAX_TAGS)));
        }
        self.tags = tags;
        self.language = self.language.take().map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
        if let Some(language) = &self.language {
            if language.len() > MAX_LANGUAGE_CHARS || !language.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(ContactsError::Invalid(Problem::new("contacts.bad_language").with("language", language.chars().take(20).collect::<String>())));
            }
        }
        self.preferred = self.preferred.take().map(|a| clean_line(&a, MAX_CHAT_CHARS)).filter(|a| !a.is_empty());
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

/// What makes two tags the same: their letters in lower case, without '#'.
pub fn tag_key(tag: &str) -> String {
    search::fold(tag.trim().trim_start_matches('#'))
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
            0,
        )
        .unwrap();
        assert_eq!(p.handles.len(), 2);
        p.name = "  ".into();
        assert!(p.tidy().is_err());
    }

    #[test]
    fn notes_are_kept_with_their_times_and_tags_once_each() {
        let mut bob = Person::new("Bob", vec![], "wants 200 units", 1_700_000_000).unwrap();
        bob.add_note("  paid half\u{7}  ", 1_700_000_100).unwrap();
        bob.add_note("   ", 1_700_000_200).unwrap();
        assert_eq!(bob.notes, vec![Note { at: 1_700_000_000, text: "wants 200 units".into() }, Note { at: 1_700_000_100, text: "paid half".into() }]);
        assert_eq!(bob.latest_note(), "paid half");
        bob.add_tags(["#VIP", "vip", " wholesale, Оптовик", "оптовик"]).unwrap();
        assert_eq!(bob.tags, ["VIP", "wholesale", "Оптовик"]);
        assert!(bob.has_tag("#vip") && bob.has_tag("ОПТОВИК") && !bob.has_tag("unpaid"));
    }

    #[test]
    fn past_the_bounds_a_card_is_refused_in_words() {
        let mut bob = Person::new("Bob", vec![], "", 0).unwrap();
        let code = |e: ContactsError| e.problem().code;
        assert_eq!(code(bob.clone().add_tags([&*"x".repeat(MAX_TAG_CHARS + 1)]).unwrap_err()), "contacts.tag_too_long");
        let many: Vec<String> = (0..=MAX_TAGS).map(|n| format!("t{n}")).collect();
        assert_eq!(code(bob.clone().add_tags(many.iter().map(String::as_str)).unwrap_err()), "contacts.too_many_tags");
        assert_eq!(code(bob.clone().add_note(&"x".repeat(MAX_NOTE_CHARS + 1), 1).unwrap_err()), "contacts.note_too_long");
        let mut far = Person::new("Far", vec![], "from the future", i64::MAX).unwrap();
        far.tidy().unwrap();
        assert_eq!(far.notes[0].at, 253_402_300_799, "a time no calendar shows is kept at the end of year 9999");
        bob.notes = (0..=MAX_NOTES).map(|n| Note { at: n as i64, text: "x".into() }).collect();
        assert_eq!(code(bob.tidy().unwrap_err()), "contacts.too_many_notes");
        let mut odd = Person::new("Odd", vec![], "", 0).unwrap();
        odd.language = Some("ru; DROP".into());
        assert_eq!(code(odd.tidy().unwrap_err()), "contacts.bad_language");
    }

    #[test]
    fn a_card_kept_by_an_earlier_version_keeps_its_note() {
        let old = r#"{"id":"p1","name":"Ann","handles":[],"note":"from last year","chats":[]}"#;
        let ann: Person = serde_json::from_str(old).unwrap();
        assert_eq!(ann.notes, vec![Note { at: 0, text: "from last year".into() }]);
        let again: Person = serde_json::from_str(&serde_json::to_string(&ann).unwrap()).unwrap();
        assert_eq!(again, ann, "stored again, read again: the same card, the note once");
    }
}
