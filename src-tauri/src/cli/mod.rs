//! The command line: `switchboard [--profile DIR] [services catalog|list|add|remove]`,
//! `vault set|get|remove`, `contacts search|add|export|import` and `replies export|import`.
//! With no command the window opens; with one, the profile is changed without a window.

use crate::atomic_file::remove_if_present;
use crate::catalog;
use crate::instance::{self, Reply, Request};
use crate::profile::Profile;
use crate::settings;
use crate::vault;
mod contacts;
mod settings_file;
pub use contacts::ContactsCommand;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub const USAGE: &str = "\
Switchboard — all your messengers in one window

Usage:
  switchboard [--profile DIR] [--autostart]   open the window (--autostart: as the system starts it
                                              at sign-in: hidden in the tray if Settings say so)
  switchboard [--profile DIR] palette         open it with the search palette (for a desktop shortcut)
  switchboard [--profile DIR] services catalog [--json]
  switchboard [--profile DIR] services list [--json]
  switchboard [--profile DIR] services add SERVICE_ID --label TEXT [--url URL]
  switchboard [--profile DIR] services add custom --url URL --label TEXT
  switchboard [--profile DIR] services remove ACCOUNT_ID|LABEL
  switchboard [--profile DIR] services sleep ACCOUNT_ID|LABEL      free its memory in the running window
  switchboard [--profile DIR] vault set ACCOUNT [--user NAME]   password from the terminal or stdin
  switchboard [--profile DIR] vault get ACCOUNT                 asks first; only on a terminal
  switchboard [--profile DIR] vault remove ACCOUNT
  switchboard [--profile DIR] contacts search TEXT [--json]
  switchboard [--profile DIR] contacts add NAME [--phone P] [--email E] [--telegram U] [--whatsapp N]
                              [--wechat ID] [--vk ID] [--max ID] [--other X] [--note TEXT]
  switchboard [--profile DIR] contacts export vcf|csv [--output FILE]
  switchboard [--profile DIR] contacts import FILE.vcf|FILE.csv [--partial]
  switchboard [--profile DIR] contacts suggest [--json]       chats that look like one person
  switchboard [--profile DIR] contacts link|unlink PERSON_ID ACCOUNT_ID CHAT
  switchboard [--profile DIR] contacts note PERSON_ID TEXT     adds a note, dated now
  switchboard [--profile DIR] contacts tag|untag PERSON_ID TAG…
  switchboard [--profile DIR] replies export [--output FILE]   saved replies, as a JSON file
  switchboard [--profile DIR] replies import FILE              adds them; same name replaces
  switchboard [--profile DIR] settings export [--contacts] [--output FILE]
                                                  accounts, rules, replies, DND… (no secrets)
  switchboard [--profile DIR] settings import FILE [--replace] [--yes]
                                                  shows the changes, asks, keeps a backup
  switchboard [--profile DIR] stats [--days N] [--months]  each account's day: messages, chats,
                                              answers, answer times (CSV, a row per account per day;
                                              30 days unless N; --months adds the months before the
                                              last year, dated 2025-11)
  switchboard [--profile DIR] lock reset      lost the lock password: signs every account out,
                                              forgets saved logins and history, removes the lock

--profile DIR (or SWITCHBOARD_PROFILE) keeps all state in DIR.
";

#[derive(Debug, PartialEq)]
pub enum Command {
    /// Open the window, or bring the running one forward (with the palette open if asked).
    /// The window; `at_login`: started by the system as the user signed in (`--autostart`);
    /// `link`: a link to open in its account (`switchboard tg://resolve?domain=…`, as the system
    /// hands a link to the app that handles it).
    Window { palette: bool, at_login: bool, link: Option<String> },
    Help,
    Catalog { json: bool },
    List { json: bool },
    Add { service: String, label: String, url: Option<String> },
    Remove { account: String },
    /// Put an account of the running window to sleep now.
    Sleep { account: String },
    VaultSet { account: String, user: String },
    VaultGet { account: String },
    VaultRemove { account: String },
    Contacts(ContactsCommand),
    Settings(settings_file::SettingsCommand),
    RepliesExport { output: Option<PathBuf> },
    RepliesImport { file: PathBuf },
    /// The way back from a lost lock password that gives nobody the accounts behind it.
    LockReset,
    Stats { days: i64, months: bool },
}

#[derive(Debug, PartialEq)]
pub struct Invocation {
    pub profile: Option<PathBuf>,
    pub command: Command,
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Invocation, String> {
    let mut profile = None;
    let mut words = vec![];
    let mut flags: Vec<(String, Option<String>)> = vec![];
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--profile" => profile = Some(PathBuf::from(args.next().ok_or("--profile needs a folder")?)),
            "--label" | "--url" | "--user" | "--note" | "--output" | "--phone" | "--email" | "--telegram" | "--whatsapp"
            | "--wechat" | "--vk" | "--max" | "--other" | "--days" => {
                let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
                flags.push((arg, Some(value)));
            }
            "--json" | "--help" | "-h" | "--partial" | "--months" | "--autostart" | "--contacts" | "--replace" | "--yes" => flags.push((arg, None)),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            _ => words.push(arg),
        }
    }
    let flag = |name: &str| flags.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone().unwrap_or_default());
    let json = flag("--json").is_some();
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let command = if flag("--help").is_some() || flag("-h").is_some() {
        Command::Help
    } else {
        match words.as_slice() {
            [] => Command::Window { palette: false, at_login: flag("--autostart").is_some(), link: None },
            ["palette"] => Command::Window { palette: true, at_login: false, link: None },
            // A link: one word with a scheme ("tg:", "https:"); the app says if it can't open it.
            ["open", link] | [link] if link.contains(':') => Command::Window { palette: false, at_login: false, link: Some(link.to_string()) },
            ["services", "catalog"] => Command::Catalog { json },
            ["services", "list"] => Command::List { json },
            ["services", "add", service] => Command::Add {
                service: service.to_string(),
                label: flag("--label").ok_or("services add needs --label TEXT")?,
                url: flag("--url"),
            },
            ["services", "remove", account] => Command::Remove { account: account.to_string() },
            ["services", "sleep", account] => Command::Sleep { account: account.to_string() },
            ["vault", "set", account] => {
                Command::VaultSet { account: account.to_string(), user: flag("--user").unwrap_or_default() }
            }
            ["vault", "get", account] => Command::VaultGet { account: account.to_string() },
            ["vault", "remove", account] => Command::VaultRemove { account: account.to_string() },
            ["contacts", rest @ ..] => Command::Contacts(contacts::parse(rest, &flags)?),
            ["settings", rest @ ..] => Command::Settings(settings_file::parse(rest, &flags)?),
            ["replies", "export"] => Command::RepliesExport { output: flag("--output").map(PathBuf::from) },
            ["replies", "import", file] => Command::RepliesImport { file: PathBuf::from(file) },
            ["lock", "reset"] => Command::LockReset,
            ["stats"] => Command::Stats {
                days: flag("--days").map_or(Ok(30), |d| d.parse::<i64>().ok().filter(|d| (1..=crate::stats::KEEP_DAYS).contains(d)).ok_or("--days takes 1 to 366"))?,
                months: flag("--months").is_some(),
            },
            _ => return Err(format!("unknown command \"{}\"", words.join(" "))),
        }
    };
    Ok(Invocation { profile, command })
}

/// The secret for `vault set`: typed without echo on a terminal, else the first line of stdin
/// (for scripted set-up), never from the command line where other users could see it.
fn read_secret(prompt: &str) -> Result<String, String> {
    let secret = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(prompt).map_err(|e| e.to_string())?
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    Ok(secret)
}

/// Asks a question on the terminal; true for "y", "yes" or "reset". Refused off a terminal: what
/// it guards is never done by a script or a page.
fn ask_terminal(question: &str) -> Result<bool, String> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        return Err("this asks first, and only on a terminal".into());
    }
    print!("{question}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer).map_err(|e| e.to_string())?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes" | "reset"))
}

/// Turns the lock off the only way that needs no password: everything it guarded goes first —
/// each account's web data (its sign-in), its saved login, the message previews in the history.
/// Settings, accounts and contacts stay. (The caller then clears the hash from the keychain.)
fn reset_lock(profile: &Profile, mut ws: settings::Workspace) -> Result<(), String> {
    let ids: Vec<String> = ws.accounts.iter().map(|a| a.id.clone()).collect();
    vault::lock::sign_out(profile, &ids)?;
    remove_if_present(&profile.history_file()).map_err(|e| format!("the history could not be deleted: {e}"))?;
    ws.lock.on = false;
    settings::save(&profile.settings_file(), &ws).map_err(|e| format!("could not save settings: {e}"))?;
    remove_if_present(&profile.lock_state_file()).map_err(|e| e.to_string())
}

/// While a lock is set (the settings say so, the app was left locked, or its hash is in the
/// keychain), what it guards — saved logins, contacts, replies — leaves only for the lock
/// password: typed without echo on a terminal, else the first line of stdin.
pub(crate) fn confirm_lock(profile: &Profile, ws: &settings::Workspace) -> Result<(), String> {
    let store = profile.keychain_id().map_err(|e| e.to_string()).and_then(|id| vault::lock::HashStore::open(&id).map_err(|e| e.to_string()));
    let hash = store.and_then(|s| s.load().map_err(|e| e.to_string()));
    let traced = ws.lock.on || profile.lock_state_file().exists();
    let hash = match hash {
        Ok(Some(hash)) => hash,
        Ok(None) if !traced => return Ok(()),
        Ok(None) => return Err("the app lock's password is no longer in the keychain: run `switchboard lock reset`".into()),
        Err(e) if traced => return Err(format!("the keychain can't check the app lock's password: {e}")),
        Err(_) => return Ok(()), // no keychain: no lock can have been set
    };
    let password = read_secret("Switchboard's lock password: ")?;
    if !vault::lock::verify(&hash, &password) {
        std::thread::sleep(std::time::Duration::from_secs(1));
        return Err("that is not the lock password".into());
    }
    Ok(())
}

/// What was kept of a removed account (its web data, its chats in the contact index, its
/// statistics), when no window holds them. `index`: the contact index, if already open.
fn forget_removed(profile: &Profile, account: &str, index: Option<&crate::contacts::Contacts>) -> Result<(), String> {
    profile.remove_account_data(account)?;
    match index {
        Some(index) => index.forget_account(account).and_then(|_| index.flush()).map_err(|e| e.to_string())?,
        None => contacts::forget_account(profile, account)?,
    }
    crate::stats::Stats::open(&profile.stats_dir())?.forget(account);
    Ok(())
}

/// Changes the settings read as `base` and saves them, merging in what the running window wrote
/// meanwhile (see `settings::merge`).
fn edit<T>(path: &std::path::Path, base: settings::Workspace, f: impl FnOnce(&mut settings::Workspace) -> Result<T, settings::SettingsError>) -> Result<T, String> {
    let mut ws = base.clone();
    let out = f(&mut ws).map_err(|e| e.to_string())?;
    if let Some(theirs) = settings::on_disk(path).filter(|theirs| *theirs != base) {
        ws = settings::merge(&base, &ws, &theirs);
    }
    settings::save(path, &ws).map_err(|e| format!("could not save settings: {e}"))?;
    Ok(out)
}

/// Runs a command that needs no window; returns the process exit code.
pub fn execute(profile: &Profile, command: Command) -> i32 {
    match run(profile, command) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("switchboard: {e}");
            1
        }
    }
}

pub(crate) fn print_json(value: &impl serde::Serialize) -> Result<(), String> {
    println!("{}", serde_json::to_string_pretty(value).map_err(|e| e.to_string())?);
    Ok(())
}

fn run(profile: &Profile, command: Command) -> Result<(), String> {
    let path = profile.settings_file();
    let loaded = || {
        let loaded = settings::load(&path);
        if let Some(notice) = &loaded.notice {
            eprintln!("switchboard: {notice}");
        }
        loaded.workspace
    };
    // A running window on this profile must see the change (and stop using removed data).
    // Returns whether a running window took the change.
    let tell_running = || match instance::ask_running(profile, Request::Reload) {
        Ok(reply) => reply == Reply::Done,
        Err(e) => {
            eprintln!("switchboard: the running window did not take the change yet: {e}");
            false
        }
    };
    let account_named = |name: &str| loaded().resolve(name).cloned().map_err(|e| e.to_string());
    match command {
        Command::Window { .. } => unreachable!("the window is opened by the caller"),
        Command::Help => print!("{USAGE}"),
        Command::Catalog { json: true } => print_json(&catalog::services())?,
        Command::Catalog { json: false } => {
            for s in catalog::services() {
                println!("{:<18} {:<28} {}", s.id, s.name, s.url);
            }
            println!("{:<18} {:<28} any address, with --url", catalog::CUSTOM_ID, "Custom service");
        }
        Command::List { json: true } => print_json(&loaded().accounts)?,
        Command::List { json: false } => {
            for a in loaded().accounts {
                let state = if a.enabled { "enabled" } else { "disabled" };
                println!("{}\t{}\t{}\t{state}", a.id, a.service, a.label);
            }
        }
        Command::Add { service, label, url } => {
            let account = edit(&path, loaded(), |ws| ws.add(&service, &label, url.as_deref()))?;
            tell_running();
            println!("{}", account.id);
        }
        Command::Remove { account } => {
            let removed = edit(&path, loaded(), |ws| {
                let id = ws.resolve(&account)?.id.clone();
                ws.remove(&id)
            })?;
            // A running window deletes the data itself, once its page has let go of it.
            if !tell_running() {
                forget_removed(profile, &removed.id, None)?;
            }
            vault::forget(&vault::scope(profile).map_err(|e| e.to_string())?, &removed.id);
            println!("removed {} ({})", removed.label, removed.id);
        }
        Command::Sleep { account } => {
            let account = account_named(&account)?;
            match instance::ask_running(profile, Request::Sleep(account.id.clone())).map_err(|e| e.to_string())? {
                Reply::Done => println!("{} is asleep; opening it in the window wakes it", account.label),
                Reply::Refused(why) => return Err(why),
                Reply::NotRunning => return Err("Switchboard is not running on this profile: nothing is awake".into()),
            }
        }
        Command::VaultSet { account, user } => {
            let account = account_named(&account)?;
            let secret = read_secret(&format!("Password or token for {}: ", account.label))?;
            let scope = vault::scope(profile).map_err(|e| e.to_string())?;
            vault::save(&scope, &account.id, &vault::Login::new(&user, &secret).map_err(|e| e.to_string())?)
                .map_err(|e| e.to_string())?;
            println!("saved the login of {} in the system keychain", account.label);
        }
        Command::VaultGet { account } => {
            let account = account_named(&account)?;
            confirm_lock(profile, &loaded())?;
            if !ask_terminal(&format!("Show the saved login of {} on this screen? [y/N] ", account.label))? {
                return Err("not shown".into());
            }
            match vault::load(&vault::scope(profile).map_err(|e| e.to_string())?, &account.id).map_err(|e| e.to_string())? {
                Some(login) => println!("user: {}\nsecret: {}", login.user, login.secret.expose()),
                None => return Err(format!("no login saved for {}", account.label)),
            }
        }
        Command::Contacts(command) => contacts::run(profile, command)?,
        Command::Settings(command) => settings_file::run(profile, command, tell_running)?,
        Command::Stats { days, months } => {
            let ws = loaded();
            let accounts: Vec<(String, String, String)> =
                ws.accounts.iter().map(|a| (a.id.clone(), a.label.clone(), a.runnable_service().map(|s| s.name.clone()).unwrap_or_default())).collect();
            let stats = crate::stats::Stats::open(&profile.stats_dir()).map_err(|e| format!("{e} (is Switchboard running? Export them from its Statistics view)"))?;
            print!("{}", stats.csv(&accounts, days, months).0);
        }
        Command::RepliesExport { output } => {
            let ws = loaded();
            confirm_lock(profile, &ws)?;
            let text = switchboard_core::replies::to_file(&ws.replies);
            match output {
                Some(file) => {
                    crate::atomic_file::write_atomically(&file, text.as_bytes()).map_err(|e| format!("could not write {}: {e}", file.display()))?;
                    eprintln!("exported the saved replies to {}", file.display());
                }
                None => println!("{text}"),
            }
        }
        Command::RepliesImport { file } => {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("could not read {}: {e}", file.display()))?;
            let theirs = switchboard_core::replies::from_file(&text).map_err(|e| e.to_string())?;
            let base = loaded();
            let (all, added, replaced) = switchboard_core::replies::merged(&base.replies, theirs).map_err(|e| e.to_string())?;
            edit(&path, base, |ws| {
                ws.replies = all;
                Ok(())
            })?;
            tell_running();
            println!("imported {added} new, {replaced} updated");
        }
        Command::LockReset => {
            if instance::ask_running(profile, Request::Reload).map_err(|e| e.to_string())? != Reply::NotRunning {
                return Err("quit Switchboard first (its window is running on this profile)".into());
            }
            let ws = loaded();
            if !ask_terminal(&format!(
                "Resetting the lock signs all {} accounts out (their cookies and storage are deleted), forgets their saved logins and the notification history, then removes the lock. Type \"reset\" to go on: ",
                ws.accounts.len()
            ))? {
                return Err("nothing was changed".into());
            }
            // The hash first: one left behind would lock the next start again, with the password
            // that was lost.
            profile
                .keychain_id()
                .map_err(|e| vault::VaultError::Failed(e.to_string()))
                .and_then(|id| vault::lock::HashStore::open(&id)?.clear())
                .map_err(|e| format!("the lock's hash can't be taken out of the keychain ({e}); nothing was changed"))?;
            reset_lock(profile, ws)?;
            println!("The lock is gone and every account is signed out: open Switchboard and sign in again.");
        }
        Command::VaultRemove { account } => {
            let account = account_named(&account)?;
            if vault::remove(&vault::scope(profile).map_err(|e| e.to_string())?, &account.id).map_err(|e| e.to_string())? {
                println!("removed the saved login of {}", account.label);
            } else {
                println!("no login was saved for {}", account.label);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Invocation, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn parses_the_documented_forms() {
        assert_eq!(p(&[]).unwrap().command, Command::Window { palette: false, at_login: false, link: None });
        assert_eq!(p(&["--autostart"]).unwrap().command, Command::Window { palette: false, at_login: true, link: None });
        assert_eq!(p(&["palette"]).unwrap().command, Command::Window { palette: true, at_login: false, link: None });
        let link = Some("tg://resolve?domain=shop".to_string());
        assert_eq!(p(&["tg://resolve?domain=shop"]).unwrap().command, Command::Window { palette: false, at_login: false, link: link.clone() });
        assert_eq!(p(&["open", "tg://resolve?domain=shop"]).unwrap().command, Command::Window { palette: false, at_login: false, link });
        assert!(p(&["frobnicate"]).is_err(), "a word without a scheme is no link");
        let inv = p(&["--profile", "/tmp/x", "services", "add", "whatsapp", "--label", "WA — Sales"]).unwrap();
        assert_eq!(inv.profile, Some(PathBuf::from("/tmp/x")));
        assert_eq!(
            inv.command,
            Command::Add { service: "whatsapp".into(), label: "WA — Sales".into(), url: None }
        );
        assert_eq!(
            p(&["services", "add", "custom", "--url", "http://127.0.0.1:9/", "--label", "L"]).unwrap().command,
            Command::Add { service: "custom".into(), label: "L".into(), url: Some("http://127.0.0.1:9/".into()) }
        );
        assert_eq!(p(&["services", "list", "--json"]).unwrap().command, Command::List { json: true });
        assert_eq!(p(&["services", "remove", "abc"]).unwrap().command, Command::Remove { account: "abc".into() });
        assert_eq!(p(&["services", "sleep", "WA"]).unwrap().command, Command::Sleep { account: "WA".into() });
        assert_eq!(
            p(&["vault", "set", "WA — Sales", "--user", "anna"]).unwrap().command,
            Command::VaultSet { account: "WA — Sales".into(), user: "anna".into() }
        );
        assert_eq!(p(&["vault", "get", "abc"]).unwrap().command, Command::VaultGet { account: "abc".into() });
        assert_eq!(p(&["vault", "remove", "abc"]).unwrap().command, Command::VaultRemove { account: "abc".into() });
    }

    #[test]
    fn bad_command_lines_say_what_is_wrong() {
        assert!(p(&["services", "add", "whatsapp"]).unwrap_err().contains("--label"));
        assert!(p(&["--profile"]).unwrap_err().contains("folder"));
        assert!(p(&["services", "frobnicate"]).unwrap_err().contains("unknown command"));
        assert!(p(&["--nope"]).unwrap_err().contains("unknown option"));
    }

    #[test]
    fn a_lock_reset_signs_everyone_out_before_it_opens_anything() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::in_folder(dir.path());
        let mut ws = settings::Workspace::default();
        let id = ws.add("telegram", "TG", None).unwrap().id;
        ws.lock.on = true;
        settings::save(&profile.settings_file(), &ws).unwrap();
        std::fs::create_dir_all(profile.account_dir(&id).join("cookies")).unwrap();
        std::fs::write(profile.history_file(), "{}\n").unwrap();
        std::fs::write(profile.lock_state_file(), "5").unwrap();
        assert_eq!(p(&["lock", "reset"]).unwrap().command, Command::LockReset);
        assert_eq!(p(&["replies", "export"]).unwrap().command, Command::RepliesExport { output: None });
        assert_eq!(p(&["stats"]).unwrap().command, Command::Stats { days: 30, months: false });
        assert_eq!(p(&["stats", "--days", "7", "--months"]).unwrap().command, Command::Stats { days: 7, months: true });
        assert!(p(&["stats", "--days", "0"]).is_err() && p(&["stats", "--days", "x"]).is_err());
        assert_eq!(p(&["replies", "import", "r.json"]).unwrap().command, Command::RepliesImport { file: "r.json".into() });
        // Off a terminal (a script, a page's download) it does nothing at all.
        assert_eq!(execute(&profile, Command::LockReset), 1);
        assert!(profile.account_dir(&id).exists() && profile.lock_state_file().exists());
        reset_lock(&profile, ws).unwrap();
        let after = settings::load(&profile.settings_file()).workspace;
        assert!(!after.lock.on && after.accounts.len() == 1, "the lock is gone, the accounts stay");
        assert!(!profile.account_dir(&id).exists(), "signed out");
        assert!(!profile.history_file().exists() && !profile.lock_state_file().exists());
    }

    #[test]
    fn add_list_remove_on_a_profile() {
        let dir = tempfile::tempdir().unwrap();
        let profile = Profile::in_folder(dir.path());
        assert_eq!(execute(&profile, Command::Add { service: "max".into(), label: "Max".into(), url: None }), 0);
        assert_eq!(execute(&profile, Command::Add { service: "nope".into(), label: "X".into(), url: None }), 1);
        let ws = settings::load(&profile.settings_file()).workspace;
        assert_eq!(ws.accounts.len(), 1);
        let id = ws.accounts[0].id.clone();
        std::fs::create_dir_all(profile.account_dir(&id).join("cookies")).unwrap();
        std::fs::create_dir_all(profile.account_dir("other")).unwrap();
        assert_eq!(execute(&profile, Command::Remove { account: "Max".into() }), 0);
        assert!(settings::load(&profile.settings_file()).workspace.accounts.is_empty());
        assert!(!profile.account_dir(&id).exists());
        assert!(profile.account_dir("other").exists(), "only that account's data goes");
    }
}
