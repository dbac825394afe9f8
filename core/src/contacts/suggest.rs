//! Which chats are probably the same person: the same phone number (a WhatsApp chat's id is the
//! number; an unsaved contact shows the number as its name; a person card may list it), or the
//! same name in two accounts. Only suggested: the user links by hand.

use super::search::fold;
use super::{phone_digits, ChatRef, Contact, HandleKind, Person};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum Why {
    SamePhone(String),
    SameName(String),
}

/// Chats to link to a person (or, without one, to each other in a new card).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub person: Option<String>,
    pub chats: Vec<ChatRef>,
    pub why: Why,
}

/// The phone number a chat stands for, if it shows one (digits only, at least 7).
pub fn chat_phone(chat: &Contact) -> Option<String> {
    // WhatsApp Web names a one-to-one chat by the number: "<country code><number>@c.us" (the form
    // whatsapp-web.js and the WhatsApp HTTP gateways address chats with), and
    // "…@s.whatsapp.net" in the multi-device protocol; groups end in "@g.us".
    let id_number = chat.chat.strip_suffix("@c.us").or_else(|| chat.chat.strip_suffix("@s.whatsapp.net"));
    let looks_like_number = |s: &str| s.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
    let raw = id_number.filter(|n| n.chars().all(|c| c.is_ascii_digit())).or_else(|| looks_like_number(&chat.name).then_some(chat.name.as_str()))?;
    Some(phone_digits(raw)).filter(|d| d.len() >= 7)
}

pub fn suggestions(people: &[Person], chats: &[Contact]) -> Vec<Suggestion> {
    let linked: HashSet<&ChatRef> = people.iter().flat_map(|p| &p.chats).collect();
    let free: Vec<&Contact> = chats.iter().filter(|c| !linked.contains(&c.chat_ref())).collect();
    let mut out = vec![];
    let mut taken: HashSet<ChatRef> = HashSet::new();

    // A person's phone or name seen on chats nobody is linked to.
    for person in people {
        let phones: HashSet<String> =
            person.handles.iter().filter(|h| h.kind == HandleKind::Phone).map(|h| h.identity()).collect();
        let by_phone: Vec<(ChatRef, String)> =
            free.iter().filter_map(|c| Some((c.chat_ref(), chat_phone(c).filter(|p| phones.contains(p))?))).collect();
        if let Some((_, phone)) = by_phone.first() {
            let why = Why::SamePhone(phone.clone());
            let chats: Vec<ChatRef> = by_phone.into_iter().map(|(r, _)| r).collect();
            taken.extend(chats.iter().cloned());
            out.push(Suggestion { person: Some(person.id.clone()), chats, why });
        }
        let name = fold(&person.name);
        let by_name: Vec<ChatRef> =
            free.iter().filter(|c| !taken.contains(&c.chat_ref()) && fold(&c.name) == name).map(|c| c.chat_ref()).collect();
        if !by_name.is_empty() {
            taken.extend(by_name.iter().cloned());
            out.push(Suggestion { person: Some(person.id.clone()), chats: by_name, why: Why::SameName(person.name.clone()) });
        }
    }

    // Chats of different accounts that share a number, or else a name.
    let rest: Vec<&&Contact> = free.iter().filter(|c| !taken.contains(&c.chat_ref())).collect();
    let mut by_phone: BTreeMap<String, Vec<&Contact>> = BTreeMap::new();
    for c in &rest {
        if let Some(phone) = chat_phone(c) {
            by_phone.entry(phone).or_default().push(c);
        }
    }
    for (phone, group) in by_phone {
        if spans_accounts(&group) {
            taken.extend(group.iter().map(|c| c.chat_ref()));
            out.push(Suggestion { person: None, chats: group.iter().map(|c| c.chat_ref()).collect(), why: Why::SamePhone(phone) });
        }
    }
    let mut by_name: BTreeMap<String, Vec<&Contact>> = BTreeMap::new();
    for c in rest.iter().filter(|c| !taken.contains(&c.chat_ref())) {
        by_name.entry(fold(&c.name)).or_default().push(c);
    }
    for group in by_name.into_values().filter(|g| spans_accounts(g)) {
        let why = Why::SameName(group[0].name.clone());
        out.push(Suggestion { person: None, chats: group.iter().map(|c| c.chat_ref()).collect(), why });
    }
    out
}

/// A name or number shared inside one account is two people, not one on two services.
fn spans_accounts(group: &[&Contact]) -> bool {
    group.iter().map(|c| &c.account).collect::<HashSet<_>>().len() > 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contacts::Handle;

    fn chat(account: &str, chat: &str, name: &str) -> Contact {
        Contact { account: account.into(), chat: chat.into(), name: name.into(), last_active: None, avatar: None }
    }

    #[test]
    fn phones_come_from_whatsapp_ids_and_number_names() {
        assert_eq!(chat_phone(&chat("wa", "79991234567@c.us", "Anna")).as_deref(), Some("79991234567"));
        assert_eq!(chat_phone(&chat("wa", "8613800138000@s.whatsapp.net", "王伟")).as_deref(), Some("8613800138000"));
        assert_eq!(chat_phone(&chat("max", "42", "8 (999) 123-45-67")).as_deref(), Some("79991234567"));
        assert_eq!(chat_phone(&chat("wa", "120363041234567890@g.us", "Sellers")), None, "a group is no number");
        assert_eq!(chat_phone(&chat("tg", "5001", "Anna")), None);
    }

    #[test]
    fn same_number_or_same_name_across_accounts_is_suggested() {
        let mut anna = Person::new("Анна Петрова", vec![Handle::new(HandleKind::Phone, "+7 999 123-45-67").unwrap()], "", 0).unwrap();
        anna.chats = vec![ChatRef { account: "tg".into(), chat: "5001".into() }];
        let chats = vec![
            chat("tg", "5001", "Anna P."),
            chat("wa", "79991234567@c.us", "Anna"),
            chat("max", "77", "анна петрова"),
            chat("wa", "8613800138000@c.us", "Wang Wei"),
            chat("wa2", "88", "+86 138 0013 8000"),
            chat("tg", "9", "John Smith"),
            chat("wa", "7", "John Smith"),
            chat("wa", "8", "Mike"),
            chat("wa", "9", "Mike"),
        ];
        let found = suggestions(&[anna.clone()], &chats);
        let refs = |s: &Suggestion| s.chats.iter().map(|r| format!("{}/{}", r.account, r.chat)).collect::<Vec<_>>();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert_eq!((found[0].person.as_deref(), refs(&found[0]), &found[0].why), (Some(anna.id.as_str()), vec!["wa/79991234567@c.us".to_string()], &Why::SamePhone("79991234567".into())));
        assert_eq!((refs(&found[1]), &found[1].why), (vec!["max/77".to_string()], &Why::SameName("Анна Петрова".into())));
        assert_eq!((found[2].person.as_deref(), refs(&found[2])), (None, vec!["wa/8613800138000@c.us".to_string(), "wa2/88".to_string()]));
        assert_eq!((refs(&found[3]), &found[3].why), (vec!["tg/9".to_string(), "wa/7".to_string()], &Why::SameName("John Smith".into())));
        // The two "Mike" chats are in one account: two people.
    }
}
