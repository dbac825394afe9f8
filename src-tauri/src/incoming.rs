//! A person's messages translated as they arrive, for the people the user turned it on for (off
//! by default: the text goes to the translation provider): the alert's text, and the line their
//! Unread row shows. Kept in memory only, each text translated once, a few at a time.

use crate::state::AppState;
use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager};

/// Translations kept (the newest); a row's line is short, so this is little memory.
const KEEP: usize = 300;
/// Translations asked for at once; more wait for the list's next look.
const AT_ONCE: usize = 4;
/// How long an alert waits for its translation before it shows the original.
const ALERT_WAIT: Duration = Duration::from_secs(4);
/// A text that could not be translated is tried again after this (the list looks often).
const RETRY_AFTER: Duration = Duration::from_secs(300);

/// What is translated into which language: (to, text).
type Key = (String, String);

#[derive(Default)]
pub struct Incoming {
    done: Mutex<Done>,
}

#[derive(Default)]
struct Done {
    texts: HashMap<Key, String>,
    order: VecDeque<Key>,
    asked: HashSet<Key>,
    failed: HashMap<Key, Instant>,
}

impl Done {
    fn keep(&mut self, key: Key, translated: String) {
        if self.texts.insert(key.clone(), translated).is_none() {
            self.order.push_back(key);
        }
        while self.order.len() > KEEP {
            self.order.pop_front().map(|old| self.texts.remove(&old));
        }
    }
}

impl Incoming {
    fn done(&self) -> std::sync::MutexGuard<'_, Done> {
        self.done.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The text translated for the user, when it is already.
    pub fn known(&self, app: &AppHandle, text: &str) -> Option<String> {
        let to = into(app)?;
        self.done().texts.get(&(to, text.to_string())).cloned()
    }

    /// Starts translating `text` (an Unread row's line, from `language` when the person's card
    /// says) unless it is known or on its way; when it is done the view changes, and the list
    /// asks again.
    pub fn ask(&self, app: &AppHandle, text: &str, language: Option<&str>) {
        let Some(to) = into(app) else { return };
        let key = (to, text.to_string());
        {
            let mut done = self.done();
            let failed_lately = done.failed.get(&key).is_some_and(|at| at.elapsed() < RETRY_AFTER);
            if done.texts.contains_key(&key) || done.asked.contains(&key) || failed_lately || done.asked.len() >= AT_ONCE {
                return;
            }
            done.asked.insert(key.clone());
        }
        let (app, language) = (app.clone(), language.map(str::to_string));
        tauri::async_runtime::spawn(async move {
            let translated = translate(&app, &key.1, language.as_deref(), &key.0).await;
            let incoming = app.state::<Incoming>();
            let mut done = incoming.done();
            done.asked.remove(&key);
            match translated {
                Some(translated) => {
                    done.keep(key, translated);
                    drop(done);
                    crate::state::publish(&app);
                }
                None => {
                    if done.failed.len() >= KEEP {
                        done.failed.clear();
                    }
                    done.failed.insert(key, Instant::now());
                }
            }
        });
    }

    /// `text` (an alert's) translated within a few seconds, or `None`: then the original shows.
    pub async fn now(&self, app: &AppHandle, text: &str, language: Option<&str>) -> Option<String> {
        if let Some(known) = self.known(app, text) {
            return Some(known);
        }
        let to = into(app)?;
        let translated = tokio::time::timeout(ALERT_WAIT, translate(app, text, language, &to)).await.ok().flatten()?;
        self.done().keep((to, text.to_string()), translated.clone());
        Some(translated)
    }
}

/// The user's language for translations, when a provider is set up.
fn into(app: &AppHandle) -> Option<String> {
    let settings = app.state::<AppState>().workspace().translation.clone();
    settings.provider?;
    Some(crate::language::translation_target(app, &settings))
}

/// One translation, from the person's language (else as the settings say: usually found by the
/// provider); a failure is only said in the log (the original stays shown, nothing lost).
async fn translate(app: &AppHandle, text: &str, language: Option<&str>, to: &str) -> Option<String> {
    let settings = app.state::<AppState>().workspace().translation.clone();
    let from = language.unwrap_or(&settings.from).to_string();
    if from == to {
        return None;
    }
    let profile = app.state::<AppState>().profile.keychain_id().ok()?;
    match crate::translate::translate(&profile, &settings, text, &from, to).await {
        Ok((done, _)) if done.text.trim() != text.trim() => Some(done.text),
        Ok(_) => None, // already in the user's language
        Err(e) => {
            eprintln!("switchboard: an incoming message was not translated: {}", e.code);
            None
        }
    }
}
