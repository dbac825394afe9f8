//! Linux: WebKitGTK checks spelling through Enchant, with the hunspell dictionaries the
//! distribution installs (hunspell-ru, hunspell-de, …). The languages are set on the page's web
//! context, so a change applies to the open page at once.

use tauri::Webview;
use webkit2gtk::{WebContextExt, WebViewExt};

/// Where Enchant's hunspell provider finds dictionaries (system-wide, and the user's own).
fn dictionary_folders() -> Vec<std::path::PathBuf> {
    let mut folders = vec!["/usr/share/hunspell".into(), "/usr/share/myspell".into(), "/usr/share/myspell/dicts".into()];
    if let Some(config) = dirs::config_dir() {
        folders.push(config.join("enchant").join("hunspell"));
    }
    folders
}

/// The dictionaries installed, by code ("en_US", "ru_RU"), sorted; `None` where the system's own
/// checker picks its languages.
pub fn dictionaries() -> Option<Vec<String>> {
    let mut found: Vec<(String, std::path::PathBuf)> = dictionary_folders()
        .iter()
        .filter_map(|folder| std::fs::read_dir(folder).ok())
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let code = entry.file_name().to_str()?.strip_suffix(".dic")?.to_string();
            Some((code, std::fs::canonicalize(entry.path()).ok()?))
        })
        // Hyphenation and thesaurus files sit beside them: only language codes.
        .filter(|(code, _)| code.len() <= 16 && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') && !code.starts_with("hyph"))
        .collect();
    // One name per dictionary: distributions link each region to one file (ar_EG, ar_SA, … → ar).
    found.sort_by(|a, b| (a.0.len(), &a.0).cmp(&(b.0.len(), &b.0)));
    let mut kept: Vec<(String, std::path::PathBuf)> = vec![];
    for (code, file) in found {
        if !kept.iter().any(|(_, f)| *f == file) {
            kept.push((code, file));
        }
    }
    let mut codes: Vec<String> = kept.into_iter().map(|(code, _)| code).collect();
    codes.sort();
    Some(codes)
}

/// Checks spelling in `webview`'s page in these languages (none: not at all).
pub fn set_spelling(webview: &Webview, languages: Vec<String>) {
    let _ = webview.with_webview(move |platform| {
        let Some(context) = platform.inner().context() else { return };
        let codes: Vec<&str> = languages.iter().map(String::as_str).collect();
        context.set_spell_checking_languages(&codes);
        context.set_spell_checking_enabled(!codes.is_empty());
    });
}
