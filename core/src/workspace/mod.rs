//! The user's workspace: which accounts exist, in what order, and which one was open.
//! Every change is validated here first; a refused change leaves the workspace as it was.

mod groups;
mod lenient;
mod merge;

pub use groups::{Group, Outside, MAX_GROUPS};
pub use lenient::{read_workspace, Unreadable};
pub use merge::merge;

use crate::catalog::{self, Service, CUSTOM_ID};
use crate::inbox::policy::{Dnd, Mute};
use serde::{Deserialize, Serialize};
use crate::problem::Problem;
use url::Url;

pub const MAX_LABEL_CHARS: usize = 64;
pub const MAX_URL_CHARS: usize = 2048;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Workspace {
    /// Read one by one: an account this version can't read is kept as it was (`lenient`).
    #[serde(default, deserialize_with = "lenient::read_accounts", serialize_with = "lenient::write_accounts")]
    pub accounts: Vec<Account>,
    /// The account shown last; opened again at start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<String>,
    #[serde(default)]
    pub dnd: Dnd,
    /// Closing the window hides it to the tray (where there is one) instead of quitting.
    #[serde(default = "yes")]
    pub close_to_tray: bool,
    /// Started by the system at sign-in, the window stays hidden in the tray (where there is
    /// one). Whether it starts then is the system's own entry, not kept here.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub start_hidden: bool,
    #[serde(default)]
    pub lock: LockSettings,
    /// The global shortcut that brings the window forward with the search palette open, in the
    /// shortcut syntax "CommandOrControl+Shift+Space"; empty for none.
    #[serde(default = "default_hotkey")]
    pub hotkey: String,
    /// Accounts that may sleep do so after this many minutes unused, unless they say otherwise.
    #[serde(default = "default_sleep_minutes")]
    pub sleep_minutes: u32,
    /// Where downloads go; `None` for the system's Downloads folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub download_dir: Option<String>,
    /// The language of the app's texts ("ru", "zh-Hant"); `None` to follow the system's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Saved replies, in the user's order (`replies::checked`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub replies: Vec<crate::replies::Reply>,
    /// Which translation provider to use, from and to which languages (its key is in the keychain).
    #[serde(default, skip_serializing_if = "is_default")]
    pub translation: crate::translate::TranslationSettings,
    /// Named groups of accounts, each shown on its own (`groups`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<Group>,
    /// The group the sidebar shows; `None` for every account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The languages the pages check spelling in ("en_US", "ru_RU"; empty: none); `None` for the
    /// default (`spelling::automatic`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spelling: Option<Vec<String>>,
    /// The account links of a kind open in without asking, by `links::Family` name ("telegram").
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub link_accounts: std::collections::BTreeMap<String, String>,
    /// Settings of a newer version, kept as they were so that going back and forth loses nothing.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

pub const DEFAULT_HOTKEY: &str = "CommandOrControl+Shift+Space";

fn default_hotkey() -> String {
    DEFAULT_HOTKEY.into()
}

pub const DEFAULT_SLEEP_MINUTES: u32 = 30;
pub const MAX_SLEEP_MINUTES: u32 = 7 * 24 * 60;

fn default_sleep_minutes() -> u32 {
    DEFAULT_SLEEP_MINUTES
}

/// Whether an account's page may be put to sleep (its webview closed, its memory freed) once it
/// has gone unused for a while. A sleeping account gets no messages, so messengers stay awake
/// unless the user says otherwise.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum Sleep {
    #[default]
    Never,
    /// After the workspace's `sleep_minutes`.
    AfterDefault,
    /// After this many minutes.
    After(u32),
}

impl Sleep {
    pub fn is_never(&self) -> bool {
        *self == Sleep::Never
    }

    /// How long unused before it sleeps; `None` when it never does.
    pub fn after(self, default_minutes: u32) -> Option<std::time::Duration> {
        let minutes = match self {
            Sleep::Never => return None,
            Sleep::AfterDefault => default_minutes,
            Sleep::After(m) => m,
        };
        Some(std::time::Duration::from_secs(u64::from(minutes) * 60))
    }
}

fn check_sleep_minutes(minutes: u32) -> Result<u32, SettingsError> {
    if (1..=MAX_SLEEP_MINUTES).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(SettingsError::BadSleep(minutes))
    }
}

impl Default for Workspace {
    fn default() -> Self {
        Workspace {
            accounts: vec![],
            active: None,
            dnd: Dnd::default(),
            close_to_tray: true,
            start_hidden: false,
            lock: LockSettings::default(),
            hotkey: default_hotkey(),
            sleep_minutes: DEFAULT_SLEEP_MINUTES,
            download_dir: None,
            language: None,
            replies: vec![],
            translation: Default::default(),
            groups: vec![],
            group: None,
            spelling: None,
            link_accounts: Default::default(),
            extra: Default::default(),
        }
    }
}

pub const MAX_IDLE_MINUTES: u32 = 24 * 60;

/// The app lock's choices. The password itself is only in the keychain, as a hash.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LockSettings {
    /// A lock password is set.
    #[serde(default)]
    pub on: bool,
    #[serde(default = "yes")]
    pub at_start: bool,
    /// Lock after this many minutes without use; 0 for never.
    #[serde(default = "ten")]
    pub idle_minutes: u32,
}

impl Default for LockSettings {
    fn default() -> Self {
        LockSettings { on: false, at_start: true, idle_minutes: ten() }
    }
}

fn ten() -> u32 {
    10
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Account {
    pub id: String,
    /// A catalog id, or "custom".
    pub service: String,
    pub label: String,
    /// The address of a custom service, or where a catalog service runs instead of its catalog
    /// URL (a self-hosted server, another entry page).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Mute::is_off")]
    pub mute: Mute,
    #[serde(default, skip_serializing_if = "Sleep::is_never")]
    pub sleep: Sleep,
    /// Its alerts say only that a message came, and where: no sender, no text (a screen others
    /// see), whether the app is locked or not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private_alerts: bool,
    /// Its pages get the user's own style and script (files in the profile's `custom` folder),
    /// after the page's own. Off unless the user turns it on.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub custom_code: bool,
    /// The languages its pages check spelling in, when not those of every account (`None`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spelling: Option<Vec<String>>,
    /// What the user answered when a page of this account asked for the camera, the location…:
    /// per origin, per kind, allowed or not. Asked once, then remembered until revoked.
    /// Whether files from its pages are saved without asking.
    #[serde(default, skip_serializing_if = "DownloadRule::is_ask")]
    pub downloads: DownloadRule,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub permissions: std::collections::BTreeMap<String, std::collections::BTreeMap<Permission, bool>>,
    /// Its own proxy (its password is in the keychain); `None`: the system's settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proxy: Option<crate::proxy::Proxy>,
    /// The browser its pages are told they run in, instead of the catalog's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Fields of a newer version, kept as they were.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// Set when this version could not read the account: it is kept and written back exactly as
    /// it was, shown greyed, and can only be removed.
    #[serde(skip)]
    pub unreadable: Option<Unreadable>,
}

/// Longer than any browser's user agent.
pub const MAX_USER_AGENT_CHARS: usize = 512;

fn yes() -> bool {
    true
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// What happens to a file a page of the account wants to save (always only when the user
/// started it in that page).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[serde(rename_all = "snake_case")]
pub enum DownloadRule {
    #[default]
    Ask,
    /// Into the download folder without asking.
    Save,
}

impl DownloadRule {
    pub fn is_ask(&self) -> bool {
        *self == DownloadRule::Ask
    }
}

/// What a page may ask to use.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "snake_case")]
pub enum Permission {
    Camera,
    Microphone,
    /// Sharing the screen or a window.
    Screen,
    Location,
    /// Anything else the engine asks about (protected media, pointer lock, …).
    Other,
}

impl Permission {
    /// What lets a page see or hear the user: used only by the page on screen.
    pub fn is_capture(self) -> bool {
        matches!(self, Permission::Camera | Permission::Microphone | Permission::Screen)
    }

    /// Whether an answer is kept for next time: sharing the screen is asked every time.
    pub fn is_remembered(self) -> bool {
        self != Permission::Screen
    }
}

/// Remembered answers per account: at most this many sites, each origin at most this long.
pub const MAX_PERMISSION_ORIGINS: usize = 50;
const MAX_ORIGIN_CHARS: usize = 200;

/// Why this version of Switchboard can't open an account. The account stays in the settings
/// untouched, so a newer version (or a fixed catalog) opens it again.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Unrunnable {
    /// Written by a newer version (or by hand) in a form this one can't read.
    Unreadable,
    /// Its service is not in this version's catalog (a newer version's, or one since dropped).
    UnknownService,
}

impl Account {
    /// The service this account runs: its catalog entry, or one made from its custom address;
    /// `None` when this version can't run it (see `problem`).
    pub fn service(&self) -> Option<Service> {
        if self.unreadable.is_some() {
            return None;
        }
        let url = self.url.as_deref().and_then(|u| parse_custom_url(u).ok());
        match (catalog::find(&self.service), url) {
            (Some(found), None) => Some(found.clone()),
            (Some(found), Some(url)) => Some(found.started_at(&url)),
            (None, Some(url)) if self.service == CUSTOM_ID => Some(Service::custom(&url)),
            _ => None,
        }
    }

    pub fn problem(&self) -> Option<Unrunnable> {
        if self.unreadable.is_some() {
            Some(Unrunnable::Unreadable)
        } else if self.service().is_none() {
            Some(Unrunnable::UnknownService)
        } else {
            None
        }
    }

    /// Whether its page should be open: enabled, and runnable by this version.
    pub fn runs(&self) -> bool {
        self.enabled && self.problem().is_none()
    }

    /// Its service, or the error a user sees when this version can't run it.
    pub fn runnable_service(&self) -> Result<Service, SettingsError> {
        self.service().ok_or_else(|| SettingsError::CantRun(self.label.clone()))
    }
}

#[derive(Debug, PartialEq)]
pub enum SettingsError {
    UnknownService(String),
    EmptyLabel,
    LabelTooLong,
    MissingUrl,
    /// What is wrong with an address, as the user is told.
    BadUrl(Problem),
    UnknownAccount(String),
    BadSleep(u32),
    /// The account is kept but can't be opened or changed by this version.
    CantRun(String),
    TooManySites,
    BadFolder(String),
    UnknownLanguage(String),
    /// A value the user gave, and what is wrong with it.
    Invalid(Problem),
}

impl SettingsError {
    pub fn problem(&self) -> Problem {
        match self {
            Self::UnknownService(id) => Problem::new("settings.unknown_service").with("service", id),
            Self::EmptyLabel => Problem::new("settings.empty_label"),
            Self::LabelTooLong => Problem::new("settings.label_too_long").with("max", MAX_LABEL_CHARS),
            Self::MissingUrl => Problem::new("settings.missing_url"),
            Self::BadUrl(why) => why.clone(),
            Self::UnknownAccount(id) => Problem::new("settings.unknown_account").with("account", id),
            Self::BadFolder(d) => Problem::new("settings.bad_folder").with("folder", d),
            Self::UnknownLanguage(code) => Problem::new("settings.unknown_language").with("language", code),
            Self::Invalid(why) => why.clone(),
            Self::TooManySites => Problem::new("settings.too_many_sites").with("max", MAX_PERMISSION_ORIGINS),
            Self::CantRun(label) => Problem::new("settings.cant_run").with("label", label),
            Self::BadSleep(m) => Problem::new("settings.bad_sleep").with("minutes", m).with("max", MAX_SLEEP_MINUTES),
        }
    }
}

crate::told_as_problem!(SettingsError);

impl std::error::Error for SettingsError {}

fn clean_label(label: &str) -> Result<String, SettingsError> {
    let label = label.split_whitespace().collect::<Vec<_>>().join(" ");
    if label.is_empty() {
        return Err(SettingsError::EmptyLabel);
    }
    if label.chars().count() > MAX_LABEL_CHARS {
        return Err(SettingsError::LabelTooLong);
    }
    Ok(label)
}

/// A custom service address: http(s) with a host, nothing else.
pub fn parse_custom_url(raw: &str) -> Result<Url, SettingsError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(SettingsError::MissingUrl);
    }
    if raw.len() > MAX_URL_CHARS {
        return Err(SettingsError::BadUrl(Problem::new("url.too_long").with("max", MAX_URL_CHARS)));
    }
    let url = Url::parse(raw).map_err(|e| SettingsError::BadUrl(Problem::new("url.unreadable").with("address", raw).with("detail", e)))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SettingsError::BadUrl(Problem::new("url.not_web").with("address", raw)));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(SettingsError::BadUrl(Problem::new("url.no_host").with("address", raw)));
    }
    Ok(url)
}

pub(crate) fn new_account_id() -> String {
    format!("{:016x}", rand::random::<u64>())
}

impl Workspace {
    /// The account shown at start: the one shown last if it still runs, else the first that
    /// does — chosen before the window is drawn, so its first paint already highlights it.
    pub fn settle_active(&mut self) {
        let runs = |id: &String| self.accounts.iter().any(|a| &a.id == id && a.runs());
        if !self.active.as_ref().is_some_and(runs) {
            self.active = self.accounts.iter().find(|a| a.runs()).map(|a| a.id.clone());
        }
    }

    pub fn account(&self, id: &str) -> Result<&Account, SettingsError> {
        self.accounts.iter().find(|a| a.id == id).ok_or_else(|| SettingsError::UnknownAccount(id.into()))
    }

    /// An account to change; one this version can't read is written back as it was, so it
    /// refuses every change but its removal.
    fn account_mut(&mut self, id: &str) -> Result<&mut Account, SettingsError> {
        let account = self.accounts.iter_mut().find(|a| a.id == id).ok_or_else(|| SettingsError::UnknownAccount(id.into()))?;
        if account.unreadable.is_some() {
            return Err(SettingsError::CantRun(account.label.clone()));
        }
        Ok(account)
    }

    /// Adds an account at the end. `url` is required for "custom"; for a catalog service it
    /// replaces the catalog's address.
    pub fn add(&mut self, service: &str, label: &str, url: Option<&str>) -> Result<Account, SettingsError> {
        let label = clean_label(label)?;
        if service != CUSTOM_ID && catalog::find(service).is_none() {
            return Err(SettingsError::UnknownService(service.into()));
        }
        let url = match url {
            Some(raw) => Some(parse_custom_url(raw)?.to_string()),
            None if service == CUSTOM_ID => return Err(SettingsError::MissingUrl),
            None => None,
        };
        let account = Account {
            id: new_account_id(),
            service: service.into(),
            label,
            url,
            enabled: true,
            mute: Mute::Off,
            sleep: Sleep::Never,
            private_alerts: false,
            custom_code: false,
            spelling: None,
            downloads: DownloadRule::Ask,
            permissions: Default::default(),
            proxy: None,
            user_agent: None,
            extra: Default::default(),
            unreadable: None,
        };
        self.accounts.push(account.clone());
        Ok(account)
    }

    pub fn rename(&mut self, id: &str, label: &str) -> Result<(), SettingsError> {
        let label = clean_label(label)?;
        self.account_mut(id)?.label = label;
        Ok(())
    }

    pub fn set_enabled(&mut self, id: &str, enabled: bool) -> Result<(), SettingsError> {
        self.account_mut(id)?.enabled = enabled;
        Ok(())
    }

    pub fn set_mute(&mut self, id: &str, mute: Mute) -> Result<(), SettingsError> {
        self.account_mut(id)?.mute = mute;
        Ok(())
    }

    pub fn set_private_alerts(&mut self, id: &str, private: bool) -> Result<(), SettingsError> {
        self.account_mut(id)?.private_alerts = private;
        Ok(())
    }

    /// An account's own spelling languages (already `spelling::checked`); `None`: every account's.
    pub fn set_account_spelling(&mut self, id: &str, languages: Option<Vec<String>>) -> Result<(), SettingsError> {
        self.account_mut(id)?.spelling = languages;
        Ok(())
    }

    pub fn set_custom_code(&mut self, id: &str, on: bool) -> Result<(), SettingsError> {
        self.account_mut(id)?.custom_code = on;
        Ok(())
    }

    /// How the account reaches the internet: its proxy (`None`: the system's) and the browser its
    /// pages are told they run in (`None`: the catalog's).
    pub fn set_network(&mut self, id: &str, proxy: Option<crate::proxy::Proxy>, user_agent: Option<&str>) -> Result<(), SettingsError> {
        let user_agent = user_agent.map(str::trim).filter(|a| !a.is_empty());
        if user_agent.is_some_and(|a| a.chars().count() > MAX_USER_AGENT_CHARS || a.chars().any(char::is_control)) {
            return Err(SettingsError::Invalid(Problem::new("account.bad_user_agent").with("max", MAX_USER_AGENT_CHARS)));
        }
        let account = self.account_mut(id)?;
        account.proxy = proxy;
        account.user_agent = user_agent.map(str::to_string);
        Ok(())
    }

    pub fn set_sleep(&mut self, id: &str, sleep: Sleep) -> Result<(), SettingsError> {
        if let Sleep::After(m) = sleep {
            check_sleep_minutes(m)?;
        }
        self.account_mut(id)?.sleep = sleep;
        Ok(())
    }

    pub fn set_sleep_minutes(&mut self, minutes: u32) -> Result<(), SettingsError> {
        self.sleep_minutes = check_sleep_minutes(minutes)?;
        Ok(())
    }

    /// Remembers the user's answer to a page of `id` at `origin` asking for `kinds`.
    pub fn set_permission(&mut self, id: &str, origin: &str, kinds: &[Permission], allow: bool) -> Result<(), SettingsError> {
        if origin.is_empty() || origin.len() > MAX_ORIGIN_CHARS {
            return Err(SettingsError::BadUrl(Problem::new("url.not_site").with("address", origin.chars().take(80).collect::<String>())));
        }
        let account = self.account_mut(id)?;
        if !account.permissions.contains_key(origin) && account.permissions.len() >= MAX_PERMISSION_ORIGINS {
            return Err(SettingsError::TooManySites);
        }
        let answers = account.permissions.entry(origin.to_string()).or_default();
        for kind in kinds {
            answers.insert(*kind, allow);
        }
        Ok(())
    }

    pub fn set_download_rule(&mut self, id: &str, rule: DownloadRule) -> Result<(), SettingsError> {
        self.account_mut(id)?.downloads = rule;
        Ok(())
    }

    /// The folder downloads go to: an existing folder (`is_folder` asks the disk), given as a full
    /// path; `None` for the system's Downloads folder.
    pub fn set_download_dir(&mut self, dir: Option<&str>, is_folder: impl Fn(&std::path::Path) -> bool) -> Result<(), SettingsError> {
        let dir = dir.map(str::trim).filter(|d| !d.is_empty());
        if let Some(d) = dir {
            let path = std::path::Path::new(d);
            if !path.is_absolute() || !is_folder(path) {
                return Err(SettingsError::BadFolder(d.to_string()));
            }
        }
        self.download_dir = dir.map(str::to_owned);
        Ok(())
    }

    /// The language of the app's texts, by code; `None` to follow the system's.
    pub fn set_language(&mut self, code: Option<&str>) -> Result<(), SettingsError> {
        self.language = match code.map(str::trim).filter(|c| !c.is_empty()) {
            Some(code) => Some(crate::i18n::Lang::from_code(code).ok_or_else(|| SettingsError::UnknownLanguage(code.into()))?.code().into()),
            None => None,
        };
        Ok(())
    }

    /// Forgets one remembered answer: the page asks again next time.
    pub fn forget_permission(&mut self, id: &str, origin: &str, kind: Permission) -> Result<(), SettingsError> {
        let account = self.account_mut(id)?;
        if let Some(answers) = account.permissions.get_mut(origin) {
            answers.remove(&kind);
            if answers.is_empty() {
                account.permissions.remove(origin);
            }
        }
        Ok(())
    }

    /// Moves an account to `index` (clamped to the list).
    pub fn move_to(&mut self, id: &str, index: usize) -> Result<(), SettingsError> {
        let from = self.accounts.iter().position(|a| a.id == id).ok_or_else(|| SettingsError::UnknownAccount(id.into()))?;
        let account = self.accounts.remove(from);
        self.accounts.insert(index.min(self.accounts.len()), account);
        Ok(())
    }

    pub fn remove(&mut self, id: &str) -> Result<Account, SettingsError> {
        let at = self.accounts.iter().position(|a| a.id == id).ok_or_else(|| SettingsError::UnknownAccount(id.into()))?;
        if self.active.as_deref() == Some(id) {
            self.active = None;
        }
        self.link_accounts.retain(|_, account| account != id);
        for group in &mut self.groups {
            group.accounts.retain(|a| a != id);
        }
        Ok(self.accounts.remove(at))
    }

    /// Finds an account by id, or by its label when exactly one account has it (for the CLI).
    pub fn resolve(&self, id_or_label: &str) -> Result<&Account, SettingsError> {
        if let Ok(a) = self.account(id_or_label) {
            return Ok(a);
        }
        let mut matches = self.accounts.iter().filter(|a| a.label == id_or_label);
        match (matches.next(), matches.next()) {
            (Some(a), None) => Ok(a),
            _ => Err(SettingsError::UnknownAccount(id_or_label.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_account_shown_at_start_is_the_last_shown_if_it_still_runs_else_the_first_that_does() {
        let mut w = Workspace::default();
        w.settle_active();
        assert_eq!(w.active, None, "nothing to show");
        let a = w.add("telegram", "A", None).unwrap().id;
        let b = w.add("telegram", "B", None).unwrap().id;
        w.settle_active();
        assert_eq!(w.active.as_ref(), Some(&a), "a new profile shows its first account");
        w.active = Some(b.clone());
        w.settle_active();
        assert_eq!(w.active.as_ref(), Some(&b), "the one shown last");
        w.accounts[1].enabled = false;
        w.settle_active();
        assert_eq!(w.active.as_ref(), Some(&a), "a disabled one is not shown");
        w.active = Some("gone".into());
        w.settle_active();
        assert_eq!(w.active.as_ref(), Some(&a));
    }

    #[test]
    fn add_validates_and_keeps_several_accounts_of_one_service() {
        let mut w = Workspace::default();
        let a = w.add("whatsapp", "  WhatsApp —   Sales ", None).unwrap();
        let b = w.add("whatsapp", "WhatsApp — Support", None).unwrap();
        assert_eq!(a.label, "WhatsApp — Sales");
        assert_ne!(a.id, b.id);
        assert_eq!(a.service().unwrap().url, "https://web.whatsapp.com/");
        assert_eq!(w.accounts.len(), 2);
    }

    #[test]
    fn bad_input_is_refused_and_changes_nothing() {
        let mut w = Workspace::default();
        w.add("telegram", "Telegram", None).unwrap();
        let before = w.clone();
        assert_eq!(w.add("nope", "x", None), Err(SettingsError::UnknownService("nope".into())));
        assert_eq!(w.add("telegram", "   ", None), Err(SettingsError::EmptyLabel));
        assert_eq!(w.add("telegram", &"я".repeat(65), None), Err(SettingsError::LabelTooLong));
        assert_eq!(w.add("custom", "Team", None), Err(SettingsError::MissingUrl));
        for bad in ["not a url", "ftp://example.org/", "javascript:alert(1)", "file:///etc/passwd", "http://"] {
            assert!(matches!(w.add("custom", "Team", Some(bad)), Err(SettingsError::BadUrl(_))), "{bad}");
        }
        assert!(w.rename("missing", "x").is_err());
        assert_eq!(w, before);
    }

    #[test]
    fn custom_accounts_keep_their_address_and_domain() {
        let mut w = Workspace::default();
        let a = w.add("custom", "Rocket", Some("https://chat.example.org/home")).unwrap();
        assert_eq!(a.service().unwrap().url, "https://chat.example.org/home");
        assert_eq!(a.service().unwrap().domains, vec!["chat.example.org"]);
    }

    #[test]
    fn a_catalog_service_can_run_from_another_address_with_its_own_rules() {
        let mut w = Workspace::default();
        let a = w.add("element", "Our Matrix", Some("https://matrix.example.org/")).unwrap();
        let s = a.service().unwrap();
        assert_eq!((s.name.as_str(), s.url.as_str()), ("Element", "https://matrix.example.org/"));
        assert!(s.domains.contains(&"matrix.example.org".to_string()) && s.domains.contains(&"element.io".to_string()));
        let t = w.add("telegram", "TG", Some("https://web.telegram.org/a/")).unwrap().service().unwrap();
        assert_eq!(t.domains, catalog::find("telegram").unwrap().domains, "already covered");
        assert_eq!(t.unread, catalog::find("telegram").unwrap().unread);
        assert!(matches!(w.add("telegram", "TG", Some("file:///etc")), Err(SettingsError::BadUrl(_))));
    }

    #[test]
    fn reorder_rename_disable_and_remove() {
        let mut w = Workspace::default();
        let ids: Vec<String> =
            ["A", "B", "C"].iter().map(|l| w.add("slack", l, None).unwrap().id).collect();
        w.move_to(&ids[2], 0).unwrap();
        w.move_to(&ids[0], 99).unwrap();
        let labels: Vec<&str> = w.accounts.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["C", "B", "A"]);
        w.rename(&ids[1], "Бэ 客服").unwrap();
        w.set_enabled(&ids[1], false).unwrap();
        assert!(!w.account(&ids[1]).unwrap().enabled);
        w.active = Some(ids[1].clone());
        assert_eq!(w.remove(&ids[1]).unwrap().label, "Бэ 客服");
        assert_eq!(w.active, None);
        assert_eq!(w.resolve("C").unwrap().id, ids[2]);
    }

    #[test]
    fn accounts_stay_awake_unless_told_and_sleep_times_are_bounded() {
        let mut w = Workspace::default();
        let id = w.add("whatsapp", "WA", None).unwrap().id;
        let minutes = |m: u64| Some(std::time::Duration::from_secs(m * 60));
        assert_eq!(w.account(&id).unwrap().sleep.after(w.sleep_minutes), None, "messengers stay awake");
        w.set_sleep(&id, Sleep::AfterDefault).unwrap();
        assert_eq!(w.account(&id).unwrap().sleep.after(w.sleep_minutes), minutes(30));
        w.set_sleep_minutes(5).unwrap();
        assert_eq!(w.account(&id).unwrap().sleep.after(w.sleep_minutes), minutes(5));
        w.set_sleep(&id, Sleep::After(90)).unwrap();
        assert_eq!(w.account(&id).unwrap().sleep.after(w.sleep_minutes), minutes(90));
        let before = w.clone();
        assert_eq!(w.set_sleep(&id, Sleep::After(0)), Err(SettingsError::BadSleep(0)));
        assert!(w.set_sleep_minutes(MAX_SLEEP_MINUTES + 1).is_err());
        assert!(w.set_sleep("missing", Sleep::Never).is_err());
        assert_eq!(w, before);
        let json = serde_json::to_string(&w).unwrap();
        assert!(json.contains(r#""sleep":{"after":90}"#), "{json}");
        assert_eq!(serde_json::from_str::<Workspace>(&json).unwrap(), w);
    }

    #[test]
    fn the_language_is_one_we_speak_or_the_systems() {
        let mut ws = Workspace::default();
        ws.set_language(Some("zh-hant")).unwrap();
        assert_eq!(ws.language.as_deref(), Some("zh-Hant"));
        assert!(matches!(ws.set_language(Some("de")), Err(SettingsError::UnknownLanguage(_))));
        assert_eq!(ws.language.as_deref(), Some("zh-Hant"), "a refused change keeps the old one");
        ws.set_language(None).unwrap();
        assert_eq!(ws.language, None);
    }
}
