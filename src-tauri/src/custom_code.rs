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

    /// What a new file starts with: how it is used.
    fn first_lines(self) -> &'static str {
        match self {
            Kind::Css => "/* Switchboard: your own style for this account's pages, added after the page's own.\n   It applies when the page loads again (⋯ → Reload). Example:\n   body { font-size: 110% !important; } */\n",
            Kind::Js => "// Switchboard: your own script for this account's pages, run once the page has loaded, in\n// the page's world with none of Switchboard's privileges. It applies when the page loads\n// again (⋯ → Reload).\n",
        }
    }
}

/// The account's file of that kind (not made yet, maybe).
pub fn file(profile: &Profile, account_id: &str, kind: Kind) -> PathBuf {
    profile.custom_dir().join(format!("{account_id}.{}", kind.extension()))
}

/// The account's file of that kind, made with a few lines saying how it is used if it is new.
pub fn ensure(profile: &Profile, account_id: &str, kind: Kind) -> std::io::Result<PathBuf> {
    let path = file(profile, account_id, kind);
    if !path.exists() {
        std::fs::create_dir_all(profile.custom_dir())?;
        crate::atomic_file::write_atomically(&path, kind.first_lines().as_bytes())?;
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
