//! `switchboard settings export|import`: the settings file (`settings::transfer`) for scripts and
//! for a move to a new computer without opening the window.

use super::{ask_terminal, confirm_lock, edit};
use crate::profile::Profile;
use crate::settings::{self, transfer};
use std::path::PathBuf;
use switchboard_core::i18n::{t, Lang};
use switchboard_core::settings_file::{self, Mode};

#[derive(Debug, PartialEq)]
pub enum SettingsCommand {
    Export { output: Option<PathBuf>, contacts: bool },
    Import { file: PathBuf, mode: Mode, yes: bool },
}

pub fn parse(words: &[&str], flags: &[(String, Option<String>)]) -> Result<SettingsCommand, String> {
    let flag = |name: &str| flags.iter().any(|(n, _)| n == name);
    let output = flags.iter().find(|(n, _)| n == "--output").and_then(|(_, v)| v.clone()).map(PathBuf::from);
    Ok(match words {
        ["export"] => SettingsCommand::Export { output, contacts: flag("--contacts") },
        ["import", file] => SettingsCommand::Import {
            file: PathBuf::from(file),
            mode: if flag("--replace") { Mode::Replace } else { Mode::Merge },
            yes: flag("--yes"),
        },
        _ => return Err(format!("unknown command \"settings {}\"", words.join(" "))),
    })
}

/// What an import changes, one line each, in English (the window says it in the user's language).
pub fn describe(changes: &[settings_file::Change], skipped: &[String], contact_cards: usize) -> Vec<String> {
    let mut lines: Vec<String> = changes
        .iter()
        .map(|c| {
            let names: Vec<String> = if c.what == "settings" { c.names.iter().map(|k| t(Lang::En, &format!("import.setting.{k}"), &[])).collect() } else { c.names.clone() };
            t(Lang::En, &format!("import.change.{}", c.what), &[("names", &names.join(", "))])
        })
        .collect();
    if contact_cards > 0 {
        lines.push(t(Lang::En, "import.contacts", &[("count", &contact_cards.to_string())]));
    }
    if !skipped.is_empty() {
        lines.push(t(Lang::En, "import.skipped", &[("names", &skipped.join(", "))]));
    }
    lines
}

pub fn run(profile: &Profile, command: SettingsCommand, tell_running: impl Fn() -> bool) -> Result<(), String> {
    let path = profile.settings_file();
    let loaded = || settings::load(&path).workspace;
    match command {
        SettingsCommand::Export { output, contacts } => {
            let ws = loaded();
            // The replies and contacts are what the app lock guards.
            confirm_lock(profile, &ws)?;
            let index = if contacts { Some(super::contacts::open(profile).map_err(|e| format!("{e} (is Switchboard running? Export from its Settings)"))?) } else { None };
            let text = transfer::export(&ws, index.as_ref(), Lang::En);
            match output {
                Some(file) => {
                    crate::atomic_file::write_for_user(&file, text.as_bytes()).map_err(|e| e.to_string())?;
                    eprintln!("exported the settings to {} (no passwords, keys or sign-ins are in it)", file.display());
                }
                None => print!("{text}"),
            }
        }
        SettingsCommand::Import { file, mode, yes } => {
            let imported = transfer::read(&file).map_err(|e| e.to_string())?;
            let base = loaded();
            let (next, changes) = settings_file::plan(&base, &imported.read, mode).map_err(|e| e.to_string())?;
            let cards = imported.cards.len();
            if changes.is_empty() && cards == 0 {
                println!("{}", t(Lang::En, "import.nothing", &[]));
                return Ok(());
            }
            for line in describe(&changes, &imported.read.skipped, cards) {
                println!("{line}");
            }
            if !yes && !ask_terminal("Import these? [y/N] ").map_err(|e| format!("{e}: add --yes to import without asking"))? {
                return Err("nothing imported".into());
            }
            // The contact index first: one the window holds open refuses before anything changed.
            let index = if cards > 0 { Some(super::contacts::open(profile).map_err(|e| format!("{e} (is Switchboard running? Import from its Settings)"))?) } else { None };
            let backup = transfer::keep_backup(profile, &base, Lang::En).map_err(|e| e.to_string())?;
            let pages = settings_file::page_changes(&base, &next);
            edit(&path, base, |ws| {
                *ws = next;
                Ok(())
            })?;
            transfer::forget_in_keychain(profile, &pages);
            if let Some(index) = &index {
                let done = transfer::import_contacts(index, imported.cards).map_err(|e| format!("{e}; the settings were imported (those before are in {})", backup.display()))?;
                println!("{done}");
            }
            // A running window removes what was kept of its removed accounts itself.
            if !tell_running() {
                for account in &pages.removed {
                    super::forget_removed(profile, account, index.as_ref())?;
                }
            }
            println!("{}", t(Lang::En, "import.backup", &[("path", &backup.display().to_string())]));
        }
    }
    Ok(())
}
