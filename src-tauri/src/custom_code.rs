//! The user's own style and script for one account's pages (Ferdium and Rambox have them): a CSS
//! file and a script file in the profile's `custom` folder, added after the page's own when the
//! account's menu turns them on. The script runs in the page's world as the page's own code
//! does: it has none of Switchboard's privileges (the bridge knows each page by its webview, not
//! by anything a script says).

use crate::profile::Profile;
use std::path::PathBuf;

/// Larger files are not loaded (said in the log): a style or a script of one's own is small.
const MAX_BYTES: u64 = 256 * 1024;

#[derive(Clone, Copy, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Css,
    Js,
}

impl Kind {
    fn extension(self) -> &'static str {
        match self {
            Kind::Css => "css",
            Kind::Js => "js",
        }
    }

    /// The message that says, at the top of a new file, how it is used.
    pub fn first_lines_message(self) -> &'static str {
        match self {
            Kind::Css => "custom.file.css",
            Kind::Js => "custom.file.js",
        }
    }

    /// `text` as a comment of the file's language.
    fn comment(self, text: &str) -> String {
        match self {
            Kind::Css => format!("/* {} */\n", text.replace("*/", "* /")),
            Kind::Js => text.lines().map(|line| format!("// {line}\n")).collect(),
        }
    }
}

/// The account's file of that kind (not made yet, maybe).
pub fn file(profile: &Profile, account_id: &str, kind: Kind) -> PathBuf {
    profile.custom_dir().join(format!("{account_id}.{}", kind.extension()))
}

/// The account's file of that kind, made if it is new with `first_lines` (in the user's language,
/// how it is used) as a comment.
pub fn ensure(profile: &Profile, account_id: &str, kind: Kind, first_lines: &str) -> Result<PathBuf, crate::problem::Problem> {
    let path = file(profile, account_id, kind);
    if !path.exists() {
        crate::atomic_file::write_for_user(&path, kind.comment(first_lines).as_bytes())?;
    }
    Ok(path)
}

fn read(profile: &Profile, account_id: &str, kind: Kind) -> Option<String> {
    let path = file(profile, account_id, kind);
    let size = std::fs::metadata(&path).ok()?.len();
    if size > MAX_BYTES {
        eprintln!("switchboard: {} is over {} KB: not loaded", path.display(), MAX_BYTES / 1024);
        return None;
    }
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(e) => {
            eprintln!("switchboard: {} could not be read: {e}", path.display());
            None
        }
    }
}

/// The scripts that add the account's style and script to its pages, each on its own (a
/// mistake in the user's script stops only that script).
pub fn page_scripts(profile: &Profile, account_id: &str) -> Vec<String> {
    let mut scripts = vec![];
    if let Some(css) = read(profile, account_id, Kind::Css) {
        // A constructed style sheet: pages whose policy refuses inline styles take it too.
        scripts.push(format!(
            "(() => {{ if (window.top !== window) return; const apply = () => {{ try {{ const sheet = new CSSStyleSheet(); sheet.replaceSync({}); \
             document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]; }} catch (e) {{ console.error('Switchboard custom style:', e); }} }}; \
             if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', apply, {{ once: true }}); else apply(); }})();",
            serde_json::to_string(&css).expect("a string")
        ));
    }
    if let Some(js) = read(profile, account_id, Kind::Js) {
        scripts.push(format!("if (window.top === window) document.addEventListener('DOMContentLoaded', () => {{\n{js}\n}}, {{ once: true }});"));
    }
    scripts
}
