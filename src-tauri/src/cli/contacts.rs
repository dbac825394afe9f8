//! `switchboard contacts search|add|note|tag|untag|export|import…`: the contact index from the
//! command line.

use crate::contacts::files::{self, Format};
use crate::contacts::suggest::{self, Why};
use crate::contacts::{ChatRef, Contacts, Handle, HandleKind, Person};
use crate::profile::Profile;
use std::path::PathBuf;

#[derive(Debug, PartialEq)]
pub enum ContactsCommand {
    Search { text: String, json: bool },
    Add { name: String, handles: Vec<(HandleKind, String)>, note: String },
    Export { format: Format, output: Option<PathBuf> },
    Import { file: PathBuf, partial: bool },
    Suggest { json: bool },
    Link { person: String, chat: ChatRef, linked: bool },
    Note { person: String, text: String },
    Tag { person: String, tags: Vec<String>, tagged: bool },
}

pub fn parse(words: &[&str], flags: &[(String, Option<String>)]) -> Result<ContactsCommand, String> {
    let flag = |name: &str| flags.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone().unwrap_or_default());
    Ok(match words {
        ["search", text @ ..] if !text.is_empty() => ContactsCommand::Search { text: text.join(" "), json: flag("--json").is_some() },
        ["add", name] => ContactsCommand::Add {
            name: name.to_string(),
            handles: flags
                .iter()
                .filter_map(|(n, v)| Some((HandleKind::parse(n.strip_prefix("--")?)?, v.clone()?)))
                .collect(),
            note: flag("--note").unwrap_or_default(),
        },
        ["export", format] => ContactsCommand::Export {
            format: Format::parse(format).ok_or("contacts export takes vcf or csv")?,
            output: flag("--output").map(PathBuf::from),
        },
        ["import", file] => ContactsCommand::Import { file: PathBuf::from(file), partial: flag("--partial").is_some() },
        ["suggest"] => ContactsCommand::Suggest { json: flag("--json").is_some() },
        [verb @ ("link" | "unlink"), person, account, chat] => ContactsCommand::Link {
            person: person.to_string(),
            chat: ChatRef { account: account.to_string(), chat: chat.to_string() },
            linked: *verb == "link",
        },
        ["note", person, text @ ..] if !text.is_empty() => ContactsCommand::Note { person: person.to_string(), text: text.join(" ") },
        [verb @ ("tag" | "untag"), person, tags @ ..] if !tags.is_empty() => ContactsCommand::Tag {
            person: person.to_string(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            tagged: *verb == "tag",
        },
        _ => return Err(format!("unknown command \"contacts {}\"", words.join(" "))),
    })
}

pub(super) fn open(profile: &Profile) -> Result<Contacts, String> {
    let opened = Contacts::open(&profile.contacts_dir()).map_err(|e| e.to_string())?;
    if let Some(notice) = opened.notice {
        eprintln!("switchboard: {notice}");
    }
    Ok(opened.contacts)
}

/// A removed account's chats leave the index (when no window holds it).
pub fn forget_account(profile: &Profile, account: &str) -> Result<(), String> {
    if !profile.contacts_dir().exists() {
        return Ok(());
    }
    let contacts = open(profile)?;
    contacts.forget_account(account).map_err(|e| e.to_string())?;
    contacts.flush().map_err(|e| e.to_string())
}

pub fn run(profile: &Profile, command: ContactsCommand) -> Result<(), String> {
    if matches!(command, ContactsCommand::Export { .. }) {
        super::confirm_lock(profile, &crate::settings::load(&profile.settings_file()).workspace)?;
    }
    let contacts = open(profile)?;
    match command {
        ContactsCommand::Search { text, json } => {
            let hits = contacts.search(&text, 20);
            if json {
                return super::print_json(&hits);
            }
            for hit in hits {
                let chats: Vec<String> = hit.chats.iter().map(|c| format!("{} ({})", c.account, c.chat)).collect();
                let handles: Vec<&str> = hit.handles.iter().map(|h| h.value.as_str()).collect();
                println!("{}\t{}\t{}", hit.name, handles.join(", "), chats.join(", "));
            }
        }
        ContactsCommand::Add { name, handles, note } => {
            let handles = handles.iter().map(|(k, v)| Handle::new(*k, v)).collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())?;
            let person = Person::new(&name, handles, &note, chrono::Utc::now().timestamp()).map_err(|e| e.to_string())?;
            let person = contacts.save_person(person).map_err(|e| e.to_string())?;
            println!("{}", person.id);
        }
        ContactsCommand::Export { format, output } => match output {
            Some(path) => {
                let (path, count) = files::export_to(&contacts, format, &path)?;
                eprintln!("exported {count} records to {}", path.display());
            }
            None => print!("{}", files::export_text(&contacts, format).0),
        },
        ContactsCommand::Note { person, text } => {
            let mut card = contacts.person(&person).ok_or_else(|| format!("no person with the id {person}"))?;
            card.add_note(&text, chrono::Utc::now().timestamp()).map_err(|e| e.to_string())?;
            contacts.save_person(card).map_err(|e| e.to_string())?;
        }
        ContactsCommand::Tag { person, tags, tagged } => {
            let mut card = contacts.person(&person).ok_or_else(|| format!("no person with the id {person}"))?;
            match tagged {
                true => card.add_tags(tags.iter().map(String::as_str)).map_err(|e| e.to_string())?,
                false => card.tags.retain(|t| !tags.iter().any(|gone| switchboard_core::contacts::tag_key(gone) == switchboard_core::contacts::tag_key(t))),
            }
            let card = contacts.save_person(card).map_err(|e| e.to_string())?;
            println!("{}", card.tags.join(", "));
        }
        ContactsCommand::Suggest { json } => {
            let found = suggest::suggestions(&contacts.people(), &contacts.chats());
            if json {
                return super::print_json(&found);
            }
            for s in found {
                let why = match &s.why {
                    Why::SamePhone(phone) => format!("same phone +{phone}"),
                    Why::SameName(name) => format!("same name \"{name}\""),
                };
                let chats: Vec<String> = s.chats.iter().map(|r| format!("{} {}", r.account, r.chat)).collect();
                let person = s.person.as_deref().and_then(|id| contacts.person(id)).map(|p| format!("{} ({})", p.name, p.id));
                println!("{why}: {} ← {}", person.unwrap_or_else(|| "a new card".into()), chats.join(", "));
            }
        }
        ContactsCommand::Link { person, chat, linked } => {
            let person = if linked { contacts.link(&person, chat) } else { contacts.unlink(&person, &chat) };
            let person = person.map_err(|e| e.to_string())?;
            println!("{}: {} chat(s)", person.name, person.chats.len());
        }
        ContactsCommand::Import { file, partial } => {
            let done = files::import_file(&contacts, &file, partial).map_err(|e| format!("{e} (add --partial)"))?;
            println!("{done}");
        }
    }
    contacts.flush().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(list: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
        list.iter().map(|(n, v)| (n.to_string(), (!v.is_empty()).then(|| v.to_string()))).collect()
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(parse(&["search", "анна", "п"], &[]).unwrap(), ContactsCommand::Search { text: "анна п".into(), json: false });
        assert_eq!(
            parse(&["add", "王伟"], &flags(&[("--phone", "+86 138"), ("--wechat", "wangwei"), ("--note", "VIP")])).unwrap(),
            ContactsCommand::Add {
                name: "王伟".into(),
                handles: vec![(HandleKind::Phone, "+86 138".into()), (HandleKind::Wechat, "wangwei".into())],
                note: "VIP".into()
            }
        );
        assert_eq!(
            parse(&["export", "csv"], &flags(&[("--output", "/tmp/c.csv")])).unwrap(),
            ContactsCommand::Export { format: Format::Csv, output: Some("/tmp/c.csv".into()) }
        );
        assert!(parse(&["export", "xml"], &[]).unwrap_err().contains("vcf or csv"));
        assert_eq!(
            parse(&["link", "p1", "acct", "79991234567@c.us"], &[]).unwrap(),
            ContactsCommand::Link { person: "p1".into(), chat: ChatRef { account: "acct".into(), chat: "79991234567@c.us".into() }, linked: true }
        );
        assert!(parse(&["search"], &[]).is_err());
    }
}
