//! The shell's contact commands: the palette's search and "open this chat", people cards, the
//! suggested links, and backup files.

use crate::contacts::exchange::Imported;
use crate::contacts::files::{self, Format};
use crate::contacts::live::LiveIndex;
use crate::contacts::store::Hit;
use crate::contacts::suggest::{self, Suggestion};
use crate::contacts::{ChatRef, Contacts, Handle, Note, Person};
use crate::problem::Problem;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, State};

/// Results the palette shows at most.
const PALETTE_RESULTS: usize = 12;

/// Work on the index that may take a while (a whole scan, a file) runs off the async threads.
pub(super) async fn blocking<T: Send + 'static>(
    live: &LiveIndex,
    work: impl FnOnce(&Contacts) -> Result<T, Problem> + Send + 'static,
) -> Result<T, Problem> {
    let contacts = live.get().await?;
    let result = tauri::async_runtime::spawn_blocking(move || {
        let value = work(&contacts)?;
        contacts.flush()?;
        Ok(value)
    })
    .await;
    result.map_err(Problem::internal)?
}

#[tauri::command]
pub async fn contacts_search(live: State<'_, LiveIndex>, query: String) -> Result<Vec<Hit>, Problem> {
    let query: String = query.chars().take(200).collect();
    Ok(live.get().await?.search(&query, PALETTE_RESULTS))
}

/// Shows the account and opens the chat in its page.
#[tauri::command]
pub async fn open_chat(app: AppHandle, account: String, chat: String) -> Result<(), Problem> {
    crate::bridge::chats::open_chat(&app, &account, &chat).await
}

/// A person card as the UI edits it (linked chats stay as they are). A field left out keeps what
/// the card holds: the contacts dialog edits name and handles only, and must not undo notes or
/// tags saved meanwhile (by the panel, by an import).
#[derive(serde::Deserialize)]
pub struct CardInput {
    id: Option<String>,
    name: String,
    handles: Vec<Handle>,
    /// Every note as the card shows it, edited or not, and new ones (no time yet: dated now).
    notes: Option<Vec<NoteInput>>,
    tags: Option<Vec<String>>,
    /// "" for none.
    language: Option<String>,
    /// "" for none.
    preferred: Option<String>,
    translate_incoming: Option<bool>,
}

#[derive(serde::Deserialize)]
pub struct NoteInput {
    at: Option<i64>,
    text: String,
}

/// The person in the chat open in the page on screen (the catalog's `open` rule names it): their
/// card, made now for a chat nobody is linked to yet when `make`. `None` where the page shows no
/// chat name (or the index has no chat of that name): the user picks the person.
#[tauri::command]
pub async fn card_on_screen(app: AppHandle, live: State<'_, LiveIndex>, make: bool) -> Result<Option<Person>, Problem> {
    let account = crate::bridge::compose::shown_account(&app)?;
    let Some(name) = crate::bridge::compose::chat_name(&app, &account).await else { return Ok(None) };
    blocking(&live, move |contacts| {
        // One at a time: the shortcut pressed twice makes one card, not two.
        static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _one = MAKING.lock().unwrap_or_else(|e| e.into_inner());
        let name = switchboard_core::contacts::clean_line(&name, switchboard_core::contacts::MAX_NAME_CHARS);
        let Some(chat) = contacts.chats_named(&account, &name).into_iter().next() else { return Ok(None) };
        if let Some(person) = contacts.person_of(&chat.chat_ref()) {
            return Ok(Some(person));
        }
        if !make {
            return Ok(None);
        }
        let mut person = Person::new(&name, vec![], "", 0)?;
        person.chats.push(chat.chat_ref());
        Ok(Some(contacts.save_person(person)?))
    })
    .await
}

/// One person's card, whole.
#[tauri::command]
pub async fn person_card(live: State<'_, LiveIndex>, id: String) -> Result<Person, Problem> {
    live.get().await?.person(&id).ok_or(Problem::new("contacts.person_gone"))
}

#[tauri::command]
pub async fn save_person(live: State<'_, LiveIndex>, card: CardInput) -> Result<Person, Problem> {
    blocking(&live, move |contacts| {
        let handles = card.handles.into_iter().map(|h| Handle::new(h.kind, &h.value)).collect::<Result<Vec<_>, _>>()?;
        let mut person = match card.id {
            Some(id) => {
                let mut person = contacts.person(&id).ok_or(Problem::new("contacts.person_gone"))?;
                person.name = card.name;
                person.handles = handles;
                person
            }
            None => Person::new(&card.name, handles, "", 0)?,
        };
        let now = chrono::Utc::now().timestamp();
        if let Some(notes) = card.notes {
            person.notes = notes.into_iter().map(|n| Note { at: n.at.unwrap_or(now), text: n.text }).collect();
        }
        person.tags = card.tags.unwrap_or(person.tags);
        person.language = card.language.map_or(person.language, |l| Some(l).filter(|l| !l.is_empty()));
        person.preferred = card.preferred.map_or(person.preferred, |a| Some(a).filter(|a| !a.is_empty()));
        person.translate_incoming = card.translate_incoming.unwrap_or(person.translate_incoming);
        Ok(contacts.save_person(person)?)
    })
    .await
}

#[tauri::command]
pub async fn remove_person(live: State<'_, LiveIndex>, id: String) -> Result<(), Problem> {
    blocking(&live, move |contacts| Ok(contacts.remove_person(&id)?)).await
}

/// Chats that are probably the same person, each with the names the UI shows for it.
#[derive(serde::Serialize)]
pub struct Suggested {
    #[serde(flatten)]
    suggestion: Suggestion,
    person_name: Option<String>,
    names: Vec<String>,
}

#[tauri::command]
pub async fn contact_suggestions(live: State<'_, LiveIndex>) -> Result<Vec<Suggested>, Problem> {
    blocking(&live, |contacts| {
        let found = suggest::suggestions(&contacts.people(), &contacts.chats());
        Ok(found
            .into_iter()
            .map(|suggestion| Suggested {
                person_name: suggestion.person.as_deref().and_then(|id| contacts.person(id)).map(|p| p.name),
                names: suggestion.chats.iter().map(|r| contacts.chat(r).map(|c| c.name).unwrap_or_default()).collect(),
                suggestion,
            })
            .collect())
    })
    .await
}

/// Links chats to a person, or, without one, makes a new card named `name` for them.
#[tauri::command]
pub async fn link_chats(live: State<'_, LiveIndex>, person: Option<String>, name: String, chats: Vec<ChatRef>) -> Result<Person, Problem> {
    blocking(&live, move |contacts| {
        let mut person = match person {
            Some(id) => contacts.person(&id).ok_or(Problem::new("contacts.person_gone"))?,
            None => Person::new(&name, vec![], "", 0)?,
        };
        for chat in chats {
            if contacts.chat(&chat).is_none() {
                return Err(Problem::new("contacts.chat_gone").with("chat", &chat.chat));
            }
            person.chats.push(chat);
        }
        Ok(contacts.save_person(person)?)
    })
    .await
}

#[tauri::command]
pub async fn unlink_chat(live: State<'_, LiveIndex>, person: String, chat: ChatRef) -> Result<Person, Problem> {
    blocking(&live, move |contacts| Ok(contacts.unlink(&person, &chat)?)).await
}

/// What an export wrote: how many records, to which file.
#[derive(serde::Serialize)]
pub struct Exported {
    pub(crate) count: usize,
    pub(crate) path: String,
}

/// A new file in the user's documents folder, named by the message `name` (which says `{time}`)
/// in the user's language.
pub fn export_path(app: &AppHandle, name: &str, extension: &str) -> Result<std::path::PathBuf, Problem> {
    let folder = app.path().document_dir().or_else(|_| app.path().home_dir()).map_err(Problem::internal)?;
    let stamp = chrono::Local::now().format("%Y-%m-%d %H%M");
    // A file name: no bidi marks (`clean_text` drops the time's isolation in an Arabic name), no
    // path separators.
    let name = crate::language::t(app, name, &[("time", &stamp.to_string())]);
    Ok(folder.join(format!("{}.{extension}", crate::text::clean_text(&name, 120).replace(['/', '\\', ':'], "-"))))
}

/// Writes every person and chat to a file in the user's documents folder.
#[tauri::command]
pub async fn export_contacts(app: AppHandle, live: State<'_, LiveIndex>, format: Format) -> Result<Exported, Problem> {
    let path = export_path(&app, "contacts.export_file", format.extension())?;
    blocking(&live, move |contacts| {
        let (path, count) = files::export_to(contacts, format, &path)?;
        Ok(Exported { count, path: path.display().to_string() })
    })
    .await
}

/// Imports a .vcf or .csv file; with `partial`, the good records of a file with bad ones.
#[tauri::command]
pub async fn import_contacts(live: State<'_, LiveIndex>, path: String, partial: bool) -> Result<Imported, Problem> {
    let path = PathBuf::from(path.trim());
    blocking(&live, move |contacts| files::import_file(contacts, &path, partial)).await
}
