//! The index on disk (sled: a tree of chats keyed by account and chat, a tree of people) and in
//! memory (the search index, which chat belongs to which person).

use crate::problem::Problem;
use super::search::Index;
use super::{ChatRef, Contact, ContactsError, Handle, Person};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// What the search index holds: a chat record, or a person card.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Chat(ChatRef),
    Person(String),
}

/// One search result: a person (with every chat of theirs, the one used last first) or a chat
/// nobody was linked to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub name: String,
    pub person: Option<String>,
    pub handles: Vec<Handle>,
    /// The person card's latest note (empty for a chat nobody was linked to).
    pub note: String,
    pub tags: Vec<String>,
    pub chats: Vec<Contact>,
}

struct Memory {
    index: Index<Key>,
    person_of: HashMap<ChatRef, String>,
    /// How many chats each account has in the index.
    per_account: HashMap<String, usize>,
    /// Each person's notes as search reads them (`notes_text`).
    notes: HashMap<String, String>,
}

/// The most chats one account keeps in the index: a page can report chats without end, the disk
/// and the search can't take them. Past it, the chats whose last message is oldest go (those on
/// a person card stay), down to `TRIMMED_TO`, so that trimming is rare.
pub const MAX_CHATS_PER_ACCOUNT: usize = 20_000;
const TRIMMED_TO: usize = MAX_CHATS_PER_ACCOUNT - MAX_CHATS_PER_ACCOUNT / 20;

pub struct Contacts {
    db: sled::Db,
    chats: sled::Tree,
    people: sled::Tree,
    memory: Mutex<Memory>,
}

/// A damaged index is moved aside and started afresh; this says so.
pub struct Opened {
    pub contacts: Contacts,
    pub notice: Option<Problem>,
}

fn chat_key(r: &ChatRef) -> Vec<u8> {
    format!("{}\u{1f}{}", r.account, r.chat).into_bytes()
}

fn encode<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).expect("plain data")
}

fn person_rank(person: &Person, chats: &sled::Tree) -> i64 {
    person
        .chats
        .iter()
        .filter_map(|r| chats.get(chat_key(r)).ok().flatten())
        .filter_map(|v| serde_json::from_slice::<Contact>(&v).ok()?.last_active)
        .max()
        .unwrap_or(0)
}

/// What a person is found by, loosely (letters in order, as names are typed): name, handles, tags.
fn person_text(person: &Person) -> String {
    let mut text = person.name.clone();
    for word in person.handles.iter().map(|h| &h.value).chain(&person.tags) {
        text.push(' ');
        text.push_str(word);
    }
    text
}

/// A person's notes as search reads them: whole words, folded (loose matching in long text
/// would find everyone). The newest first, up to `NOTES_SEARCHED` characters.
fn notes_text(person: &Person) -> String {
    let mut text = String::new();
    for note in person.notes.iter().rev() {
        if text.len() >= NOTES_SEARCHED {
            break;
        }
        text.push(' ');
        text.push_str(&super::search::fold(&note.text));
    }
    text
}

const NOTES_SEARCHED: usize = 4_000;

/// The words of a text (folded): runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// Whether every word of `query` (folded) starts a word of `text`.
fn words_start(text: &str, query: &str) -> bool {
    let found: Vec<&str> = words(text).collect();
    words(query).all(|q| found.iter().any(|w| w.starts_with(q)))
}

/// Notes are searched from this many letters and digits typed: one or two would find everyone.
const NOTES_FROM: usize = 3;

impl Contacts {
    /// Opens the index in `dir`. A damaged one is moved aside (never deleted) and a new one
    /// started, to be filled again from what the pages show; `notice` tells the user.
    pub fn open(dir: &Path) -> Result<Opened, ContactsError> {
        match Contacts::open_at(dir) {
            Ok(contacts) => Ok(Opened { contacts, notice: None }),
            Err(ContactsError::Damaged(why)) => {
                let aside = aside_path(dir);
                std::fs::rename(dir, &aside).map_err(|e| ContactsError::Storage(format!("{why}; and it could not be moved aside: {e}")))?;
                let contacts = Contacts::open_at(dir)?;
                let notice = Problem::new("contacts.moved_aside").with("detail", why).with("path", aside.display());
                Ok(Opened { contacts, notice: Some(notice) })
            }
            Err(e) => Err(e),
        }
    }

    fn open_at(dir: &Path) -> Result<Contacts, ContactsError> {
        let db = sled::Config::new().path(dir).open().map_err(stored)?;
        let chats = db.open_tree("chats").map_err(stored)?;
        let people = db.open_tree("people").map_err(stored)?;
        let mut memory = Memory { index: Index::default(), person_of: HashMap::new(), per_account: HashMap::new(), notes: HashMap::new() };
        for item in chats.iter() {
            let (_, value) = item.map_err(stored)?;
            if let Ok(chat) = serde_json::from_slice::<Contact>(&value) {
                *memory.per_account.entry(chat.account.clone()).or_default() += 1;
                memory.index.put(Key::Chat(chat.chat_ref()), &chat.name, chat.last_active.unwrap_or(0));
            }
        }
        for item in people.iter() {
            let (_, value) = item.map_err(stored)?;
            if let Ok(person) = serde_json::from_slice::<Person>(&value) {
                memory.remember(&person, person_rank(&person, &chats));
            }
        }
        Ok(Contacts { db, chats, people, memory: Mutex::new(memory) })
    }

    fn memory(&self) -> MutexGuard<'_, Memory> {
        self.memory.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many texts (records) are searchable.
    pub fn count(&self) -> usize {
        self.memory().index.count()
    }

    /// Stores chats as a page reports them; returns how many were new or changed. Unchanged
    /// records are not written again (chat lists are reported over and over).
    pub fn upsert(&self, chats: Vec<Contact>) -> Result<usize, ContactsError> {
        let mut batch = sled::Batch::default();
        let mut changed = vec![];
        for chat in chats {
            let mut chat = chat.clean()?;
            let key = chat_key(&chat.chat_ref());
            let stored = self.chats.get(&key).map_err(stored)?;
            // A page that can't tell when a chat was last active (or tells an older time, after
            // a reload) doesn't make it older; a row without its picture keeps the known one.
            if let Some(old) = stored.as_deref().and_then(|v| serde_json::from_slice::<Contact>(v).ok()) {
                chat.last_active = chat.last_active.max(old.last_active);
                chat.avatar = chat.avatar.or(old.avatar);
            }
            let value = encode(&chat);
            if stored.as_deref() != Some(value.as_slice()) {
                batch.insert(key, value);
                changed.push((chat, stored.is_none()));
            }
        }
        self.chats.apply_batch(batch).map_err(stored)?;
        let mut full = vec![];
        {
            let mut memory = self.memory();
            for (chat, new) in &changed {
                memory.index.put(Key::Chat(chat.chat_ref()), &chat.name, chat.last_active.unwrap_or(0));
                let count = memory.per_account.entry(chat.account.clone()).or_default();
                *count += usize::from(*new);
                if *count > MAX_CHATS_PER_ACCOUNT && !full.contains(&chat.account) {
                    full.push(chat.account.clone());
                }
            }
        }
        for account in full {
            let reported: Vec<&str> = changed.iter().filter(|(c, _)| c.account == account).map(|(c, _)| c.chat.as_str()).collect();
            self.trim(&account, &reported)?;
        }
        Ok(changed.len())
    }

    /// Takes an account's chats back to `TRIMMED_TO`: the oldest last message first, never one
    /// on a person card or one `reported` just now.
    fn trim(&self, account: &str, reported: &[&str]) -> Result<(), ContactsError> {
        let prefix = format!("{account}\u{1f}").into_bytes();
        let mut rows: Vec<(i64, sled::IVec, ChatRef)> = vec![];
        for item in self.chats.scan_prefix(&prefix) {
            let (key, value) = item.map_err(stored)?;
            let Ok(chat) = serde_json::from_slice::<Contact>(&value) else { continue };
            rows.push((chat.last_active.unwrap_or(0), key, chat.chat_ref()));
        }
        rows.sort_by_key(|row| row.0);
        let mut memory = self.memory();
        let (total, excess) = (rows.len(), rows.len().saturating_sub(TRIMMED_TO));
        let mut batch = sled::Batch::default();
        let mut removed = 0;
        for (_, key, chat) in rows {
            if removed == excess {
                break;
            }
            if memory.person_of.contains_key(&chat) || reported.contains(&chat.chat.as_str()) {
                continue;
            }
            batch.remove(key);
            memory.index.remove(&Key::Chat(chat));
            removed += 1;
        }
        memory.per_account.insert(account.to_string(), total - removed);
        drop(memory);
        self.chats.apply_batch(batch).map_err(stored)
    }

    pub fn chat(&self, r: &ChatRef) -> Option<Contact> {
        serde_json::from_slice(&self.chats.get(chat_key(r)).ok()??).ok()
    }

    pub fn chats(&self) -> Vec<Contact> {
        self.chats.iter().values().filter_map(|v| serde_json::from_slice(&v.ok()?).ok()).collect()
    }

    /// One account's chats shown under `name`, the latest active first.
    pub fn chats_named(&self, account: &str, name: &str) -> Vec<Contact> {
        let prefix = format!("{account}\u{1f}").into_bytes();
        let mut found: Vec<Contact> =
            self.chats.scan_prefix(prefix).values().filter_map(|v| serde_json::from_slice::<Contact>(&v.ok()?).ok()).filter(|c| c.name == name).collect();
        found.sort_by_key(|c| std::cmp::Reverse(c.last_active));
        found
    }

    pub fn person(&self, id: &str) -> Option<Person> {
        serde_json::from_slice(&self.people.get(id).ok()??).ok()
    }

    pub fn people(&self) -> Vec<Person> {
        self.people.iter().values().filter_map(|v| serde_json::from_slice(&v.ok()?).ok()).collect()
    }

    /// Saves a person card (new or changed). A chat belongs to one person at most: linking it
    /// here takes it from anyone else.
    pub fn save_person(&self, mut person: Person) -> Result<Person, ContactsError> {
        person.tidy()?;
        let previous_owners: Vec<String> = {
            let memory = self.memory();
            person.chats.iter().filter_map(|r| memory.person_of.get(r)).filter(|id| **id != person.id).cloned().collect()
        };
        for id in previous_owners {
            if let Some(mut other) = self.person(&id) {
                other.chats.retain(|r| !person.chats.contains(r));
                self.write_person(&other)?;
            }
        }
        self.write_person(&person)?;
        Ok(person)
    }

    fn write_person(&self, person: &Person) -> Result<(), ContactsError> {
        let old = self.person(&person.id);
        self.people.insert(person.id.as_bytes(), encode(person)).map_err(stored)?;
        let mut memory = self.memory();
        if let Some(old) = old {
            memory.forget(&old);
        }
        memory.remember(person, person_rank(person, &self.chats));
        Ok(())
    }

    pub fn remove_person(&self, id: &str) -> Result<(), ContactsError> {
        let person = self.person(id).ok_or_else(|| ContactsError::NoPerson(id.to_string()))?;
        self.people.remove(id.as_bytes()).map_err(stored)?;
        self.memory().forget(&person);
        Ok(())
    }

    /// Links a chat to a person (taking it from anyone else).
    pub fn link(&self, person_id: &str, chat: ChatRef) -> Result<Person, ContactsError> {
        let mut person = self.person(person_id).ok_or_else(|| ContactsError::NoPerson(person_id.to_string()))?;
        if self.chat(&chat).is_none() {
            return Err(ContactsError::NoChat(chat.chat.clone()));
        }
        person.chats.push(chat);
        self.save_person(person)
    }

    pub fn unlink(&self, person_id: &str, chat: &ChatRef) -> Result<Person, ContactsError> {
        let mut person = self.person(person_id).ok_or_else(|| ContactsError::NoPerson(person_id.to_string()))?;
        person.chats.retain(|r| r != chat);
        self.save_person(person)
    }

    /// The accounts that have chats in the index.
    pub fn accounts(&self) -> std::collections::BTreeSet<String> {
        let mut accounts = std::collections::BTreeSet::new();
        for key in self.chats.iter().keys().flatten() {
            if let Some(account) = key.split(|b| *b == 0x1f).next() {
                accounts.insert(String::from_utf8_lossy(account).into_owned());
            }
        }
        accounts
    }

    /// A removed account's chats go, and its links with them; people cards stay.
    pub fn forget_account(&self, account: &str) -> Result<usize, ContactsError> {
        let prefix = format!("{account}\u{1f}").into_bytes();
        let keys: Vec<sled::IVec> = self.chats.scan_prefix(&prefix).keys().collect::<Result<_, _>>().map_err(stored)?;
        let mut batch = sled::Batch::default();
        let mut memory = self.memory();
        for key in &keys {
            batch.remove(key);
            let chat = String::from_utf8_lossy(&key[prefix.len()..]).into_owned();
            memory.index.remove(&Key::Chat(ChatRef { account: account.into(), chat }));
        }
        memory.per_account.remove(account);
        drop(memory);
        self.chats.apply_batch(batch).map_err(stored)?;
        for mut person in self.people() {
            if person.chats.iter().any(|r| r.account == account) {
                person.chats.retain(|r| r.account != account);
                self.write_person(&person)?;
            }
        }
        Ok(keys.len())
    }

    /// The best `limit` results for what the user typed; a person found through any of their
    /// chats shows once. `#tag` finds the people with a tag that starts so, the latest active
    /// first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        if let Some(tag) = query.trim().strip_prefix('#') {
            return self.tagged(tag, limit);
        }
        let (keys, person_of, in_notes) = {
            let mut memory = self.memory();
            let keys = memory.index.search(query, limit * 2);
            // After what the names find: the people whose notes have the words typed.
            let folded = super::search::fold(query.trim());
            let in_notes: Vec<String> = match words(&folded).map(|w| w.chars().count()).sum::<usize>() >= NOTES_FROM {
                true => memory.notes.iter().filter(|(_, text)| words_start(text, &folded)).map(|(id, _)| id.clone()).collect(),
                false => vec![],
            };
            let owners: Vec<Option<String>> = keys
                .iter()
                .map(|k| match k {
                    Key::Chat(r) => memory.person_of.get(r).cloned(),
                    Key::Person(id) => Some(id.clone()),
                })
                .collect();
            (keys, owners, in_notes)
        };
        let mut seen = std::collections::HashSet::new();
        let mut hits = vec![];
        for (key, owner) in keys.into_iter().zip(person_of) {
            if hits.len() == limit {
                break;
            }
            let hit = match (owner, key) {
                (Some(id), _) if !seen.insert(id.clone()) => continue,
                (Some(id), _) => self.person(&id).map(|p| self.person_hit(p)),
                (None, Key::Chat(r)) => self.chat(&r).map(|c| Hit { name: c.name.clone(), person: None, handles: vec![], note: String::new(), tags: vec![], chats: vec![c] }),
                (None, Key::Person(_)) => None,
            };
            hits.extend(hit);
        }
        // The most recently active first, those the names found already left out.
        let mut by_notes: Vec<(i64, Person)> =
            in_notes.into_iter().filter(|id| !seen.contains(id)).filter_map(|id| self.person(&id)).map(|p| (person_rank(&p, &self.chats), p)).collect();
        by_notes.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        hits.extend(by_notes.into_iter().take(limit.saturating_sub(hits.len())).map(|(_, p)| self.person_hit(p)));
        hits
    }

    /// The people with a tag starting with `tag` (any case).
    fn tagged(&self, tag: &str, limit: usize) -> Vec<Hit> {
        let wanted = super::tag_key(tag);
        let mut people: Vec<(i64, Person)> = self
            .people()
            .into_iter()
            .filter(|p| p.tags.iter().any(|t| super::tag_key(t).starts_with(&wanted)))
            .map(|p| (person_rank(&p, &self.chats), p))
            .collect();
        people.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        people.into_iter().take(limit).map(|(_, p)| self.person_hit(p)).collect()
    }

    /// The person a chat is linked to, if any.
    pub fn person_of(&self, chat: &ChatRef) -> Option<Person> {
        let id = self.memory().person_of.get(chat).cloned()?;
        self.person(&id)
    }

    fn person_hit(&self, person: Person) -> Hit {
        let mut chats: Vec<Contact> = person.chats.iter().filter_map(|r| self.chat(r)).collect();
        chats.sort_by_key(|c| std::cmp::Reverse(c.last_active));
        let note = person.latest_note().to_string();
        Hit { name: person.name, person: Some(person.id), handles: person.handles, note, tags: person.tags, chats }
    }

    /// Writes everything to disk now (the command line does before it exits).
    pub fn flush(&self) -> Result<(), ContactsError> {
        self.db.flush().map_err(stored)?;
        Ok(())
    }
}

impl Memory {
    fn remember(&mut self, person: &Person, rank: i64) {
        self.index.put(Key::Person(person.id.clone()), &person_text(person), rank);
        self.notes.insert(person.id.clone(), notes_text(person));
        for r in &person.chats {
            self.person_of.insert(r.clone(), person.id.clone());
        }
    }

    fn forget(&mut self, person: &Person) {
        self.index.remove(&Key::Person(person.id.clone()));
        self.notes.remove(&person.id);
        for r in &person.chats {
            if self.person_of.get(r) == Some(&person.id) {
                self.person_of.remove(r);
            }
        }
    }
}

fn aside_path(dir: &Path) -> PathBuf {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "contacts".into());
    dir.with_file_name(format!("{name}.damaged-{stamp}"))
}

/// sled's errors in the words the contact index speaks.
fn stored(e: sled::Error) -> ContactsError {
    match e {
        // sled's own words when another process holds the database's lock
        sled::Error::Io(io) if io.to_string().contains("could not acquire lock") => ContactsError::InUse,
        sled::Error::Corruption { .. } | sled::Error::Unsupported(_) | sled::Error::ReportableBug(_) => {
            ContactsError::Damaged(e.to_string())
        }
        other => ContactsError::Storage(other.to_string()),
    }
}
