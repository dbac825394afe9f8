//! A person's messages translated as they arrive, for the people the user turned it on for (off
//! by default: the text goes to the translation provider): the alert's text, and the line their
//! Unread row shows. Kept in memory only; each text goes to the provider once, a few at a time,
//! whether an alert or a row asks (they wait for the same answer).

use crate::state::AppState;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager};
use tokio::sync::watch;

/// Answers kept (the newest); a row's line is short, so this is little memory.
const KEEP: usize = 300;
/// Translations on their way at once; past it, a row waits for the list's next look and an
/// alert shows the original.
const AT_ONCE: usize = 4;
/// How long an alert waits for its translation before it shows the original.
pub const ALERT_WAIT: Duration = Duration::from_secs(4);
/// A text that could not be translated is tried again after this (the list looks often).
const RETRY_AFTER: Duration = Duration::from_secs(300);

/// What is translated into which language: (to, text).
type Key = (String, String);
/// An answer on its way: `None` until it comes, then the translation (`None`: none to show).
type Pending = watch::Receiver<Option<Option<String>>>;

#[derive(Default)]
pub struct Incoming {
    done: Mutex<Done>,
}

#[derive(Default)]
struct Done {
    /// Each text's translation; `None` when it needs none (already in the user's language).
    answers: HashMap<Key, Option<String>>,
    order: VecDeque<Key>,
    on_the_way: HashMap<Key, Pending>,
    failed: HashMap<Key, Instant>,
}

impl Done {
    fn keep(&mut self, key: Key, answer: Option<String>) {
        if self.answers.insert(key.clone(), answer).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > KEEP {
            self.order.pop_front().map(|old| self.answers.remove(&old));
        }
    }

    fn failed(&mut self, key: Key) {
        if self.failed.len() >= KEEP {
            self.failed.retain(|_, at| at.elapsed() < RETRY_AFTER);
        }
        if self.failed.len() < KEEP {
            self.failed.insert(key, Instant::now());
        }
    }
}

/// Where one text stands.
enum Asked {
    Known(Option<String>),
    Pending(Pending),
    /// Failed lately, or too many on their way: the original stays shown.
    NotNow,
}

impl Incoming {
    fn done(&self) -> std::sync::MutexGuard<'_, Done> {
        self.done.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The text translated for the user, when it is already.
    pub fn known(&self, app: &AppHandle, text: &str) -> Option<String> {
        let to = into(app)?;
        self.done().answers.get(&(to, text.to_string())).cloned().flatten()
    }

    /// Starts translating `text` (an Unread row's line, from `language` when the person's card
    /// says) unless it is known or on its way; when it is done the view changes, and the list
    /// asks again.
    pub fn ask(&self, app: &AppHandle, text: &str, language: Option<&str>) {
        self.asked(app, text, language);
    }

    /// `text` (an alert's) translated within `ALERT_WAIT`, or `None`: then the original shows.
    pub async fn now(&self, app: &AppHandle, text: &str, language: Option<&str>) -> Option<String> {
        match self.asked(app, text, language) {
            Asked::Known(answer) => answer,
            Asked::NotNow => None,
            Asked::Pending(mut pending) => {
                let answered = tokio::time::timeout(ALERT_WAIT, pending.wait_for(Option::is_some)).await.ok()?.ok()?;
                answered.clone().flatten()
            }
        }
    }

    /// Where `text` stands; sent to the provider now when it is neither known nor on its way.
    fn asked(&self, app: &AppHandle, text: &str, language: Option<&str>) -> Asked {
        let Some(to) = into(app) else { return Asked::NotNow };
        let key = (to, text.to_string());
        let mut done = self.done();
        if let Some(answer) = done.answers.get(&key) {
            return Asked::Known(answer.clone());
        }
        if let Some(pending) = done.on_the_way.get(&key) {
            return Asked::Pending(pending.clone());
        }
        let failed_lately = done.failed.get(&key).is_some_and(|at| at.elapsed() < RETRY_AFTER);
        if failed_lately || done.on_the_way.len() >= AT_ONCE {
            return Asked::NotNow;
        }
        let (tell, pending) = watch::channel(None);
        done.on_the_way.insert(key.clone(), pending.clone());
        drop(done);
        let (app, language) = (app.clone(), language.map(str::to_string));
        tauri::async_runtime::spawn(async move {
            let answer = translate(&app, &key.1, language.as_deref(), &key.0).await;
            let incoming = app.state::<Incoming>();
            let mut done = incoming.done();
            done.on_the_way.remove(&key);
            match &answer {
                Ok(translated) => done.keep(key, translated.clone()),
                Err(()) => done.failed(key),
            }
            drop(done);
            let _ = tell.send(Some(answer.clone().ok().flatten()));
            if matches!(answer, Ok(Some(_))) {
                crate::state::publish(&app);
            }
        });
        Asked::Pending(pending)
    }
}

/// The user's language for translations, when a provider is set up.
fn into(app: &AppHandle) -> Option<String> {
    let settings = app.state::<AppState>().workspace().translation.clone();
    settings.provider?;
    Some(crate::language::translation_target(app, &settings))
}

/// One translation, from the person's language (else as the settings say: usually found by the
/// provider): `Ok(None)` when the text needs none. A failure is only said in the log (the
/// original stays shown, nothing lost).
async fn translate(app: &AppHandle, text: &str, language: Option<&str>, to: &str) -> Result<Option<String>, ()> {
    let settings = app.state::<AppState>().workspace().translation.clone();
    let from = language.unwrap_or(&settings.from).to_string();
    if from == to {
        return Ok(None);
    }
    let profile = app.state::<AppState>().profile.keychain_id().map_err(|_| ())?;
    match crate::translate::translate(&profile, &settings, text, &from, to).await {
        // The provider's words are shown as the page's are: bounded, without direction marks.
        Ok((done, _)) if done.text.trim() != text.trim() => Ok(Some(crate::text::clean_text(&done.text, switchboard_core::translate::MAX_TEXT_CHARS))),
        Ok(_) => Ok(None),
        Err(e) => {
            eprintln!("switchboard: an incoming message was not translated: {}", e.code);
            Err(())
        }
    }
}
