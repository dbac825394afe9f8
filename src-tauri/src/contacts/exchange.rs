//! Backup and exchange: the file formats are the core's (`switchboard_core::contacts::exchange`);
//! here they meet the index. Importing into a full index merges (same card id, or a shared
//! phone, e-mail or messenger handle) instead of doubling. A file with a bad record imports
//! nothing unless the caller asks for the good part.

pub use switchboard_core::contacts::exchange::*;

use super::{ChatRef, Contact, Contacts, ContactsError, HandleKind, Person};
use std::collections::HashMap;

#[derive(Debug, Default, PartialEq, serde::Serialize)]
pub struct Imported {
    pub people_added: usize,
    pub people_merged: usize,
    pub chats: usize,
}

/// The command line's words for it (the window words it in the user's language).
impl std::fmt::Display for Imported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (added, merged, chats) = (self.people_added.to_string(), self.people_merged.to_string(), self.chats.to_string());
        let args = [("people_added", added.as_str()), ("people_merged", merged.as_str()), ("chats", chats.as_str())];
        f.write_str(&switchboard_core::i18n::t(switchboard_core::i18n::Lang::En, "contacts.imported", &args))
    }
}

/// Everything in the index as cards: people by name, then the chats nobody is linked to.
pub fn cards(contacts: &Contacts) -> Vec<Card> {
    let all: HashMap<ChatRef, Contact> = contacts.chats().into_iter().map(|c| (c.chat_ref(), c)).collect();
    let mut people = contacts.people();
    people.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.id.cmp(&b.id)));
    let mut linked = std::collections::HashSet::new();
    let mut out = vec![];
    for person in people {
        let chats = person.chats.iter().filter_map(|r| all.get(r).cloned()).collect();
        linked.extend(person.chats.iter().cloned());
        out.push(Card { person: Some(person), chats });
    }
    let mut lone: Vec<&Contact> = all.values().filter(|c| !linked.contains(&c.chat_ref())).collect();
    lone.sort_by(|a, b| (&a.account, &a.chat).cmp(&(&b.account, &b.chat)));
    out.extend(lone.into_iter().map(|c| Card { person: None, chats: vec![c.clone()] }));
    out
}

/// Who has which handle already: (kind, identity) → person id.
type Owners = HashMap<(HandleKind, String), String>;

fn note_owner(owners: &mut Owners, person: &Person) {
    for h in &person.handles {
        owners.entry((h.kind, h.identity())).or_insert_with(|| person.id.clone());
    }
}

/// Merges cards into the index.
pub fn import(contacts: &Contacts, cards: Vec<Card>) -> Result<Imported, ContactsError> {
    // Every record is checked before the first is written: a bad one refuses the whole import.
    for card in &cards {
        for chat in &card.chats {
            chat.clone().clean()?;
        }
        if let Some(person) = &card.person {
            person.clone().tidy()?;
        }
    }
    let mut done = Imported::default();
    // Looked up once, not once per card: a backup may hold thousands of people.
    let mut owners = Owners::new();
    for person in contacts.people() {
        note_owner(&mut owners, &person);
    }
    for card in cards {
        done.chats += contacts.upsert(card.chats)?;
        let Some(incoming) = card.person else { continue };
        let saved = match same_person(contacts, &owners, &incoming) {
            Some(mut existing) => {
                merge(&mut existing, incoming);
                done.people_merged += 1;
                contacts.save_person(existing)?
            }
            None => {
                let mut person = incoming;
                if contacts.person(&person.id).is_some() {
                    person.id = Person::new(&person.name, vec![], "", 0)?.id;
                }
                done.people_added += 1;
                contacts.save_person(person)?
            }
        };
        note_owner(&mut owners, &saved);
    }
    Ok(done)
}

fn same_person(contacts: &Contacts, owners: &Owners, incoming: &Person) -> Option<Person> {
    if let Some(found) = contacts.person(&incoming.id).filter(|p| p.name == incoming.name || shares_handle(p, incoming)) {
        return Some(found);
    }
    incoming.handles.iter().find_map(|h| owners.get(&(h.kind, h.identity()))).and_then(|id| contacts.person(id))
}

fn shares_handle(a: &Person, b: &Person) -> bool {
    a.handles.iter().any(|h| b.handles.iter().any(|g| g.kind == h.kind && g.identity() == h.identity()))
}

fn merge(into: &mut Person, from: Person) {
    into.handles.extend(from.handles);
    into.chats.extend(from.chats);
    // A note already there (by its text: a CSV file has no times) is not added again.
    for note in from.notes {
        if !into.notes.iter().any(|n| n.text.trim() == note.text.trim()) {
            into.notes.push(note);
        }
    }
    into.notes.sort_by_key(|n| n.at);
    // Within the card's bounds (the file's card was within them, the two together may not be):
    // the newest notes, the tags it had first.
    let extra = into.notes.len().saturating_sub(super::MAX_NOTES);
    into.notes.drain(..extra);
    into.tags.extend(from.tags);
    let mut seen = std::collections::HashSet::new();
    into.tags.retain(|t| seen.insert(super::tag_key(t)));
    into.tags.truncate(super::MAX_TAGS);
    into.language = into.language.take().or(from.language);
    into.preferred = into.preferred.take().or(from.preferred);
}

