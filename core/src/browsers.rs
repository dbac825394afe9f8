//! Windows: which browser and which profile in it an account's page lives in. WebView2 runs one
//! browser (with its GPU, network and storage processes) per user-data folder, and a proxy
//! belongs to a browser (`--proxy-server`). So the accounts without a proxy share one folder,
//! the accounts with the same proxy share another, and each account is a named profile inside
//! its folder: its own cookies, storage and cache, never another account's.
//! An account made before profiles existed keeps the folder of its own it signed in with.

use crate::ids::store_identifier;
use crate::proxy::Proxy;

/// Where an account's page keeps its data on Windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// Its own user-data folder, made by an earlier version: its own browser, as before.
    OwnFolder,
    /// A profile in the shared user-data folder `folder` (a name under the browsers folder).
    Shared { folder: String, profile: [u8; 16] },
}

/// The shared folder of the accounts going through `proxy` (none: straight out). Keyed by the
/// proxy's address exactly as its browser is given it (WebView2 refuses a second browser on one
/// folder with other arguments), and by the user: a browser remembers one sign-in per proxy. Not
/// by the password (it can change without moving the account).
pub fn folder_of(proxy: Option<&Proxy>) -> String {
    let Some(proxy) = proxy else { return "direct".to_string() };
    let key = format!("{}\n{}", proxy.url(), proxy.user.as_deref().unwrap_or(""));
    format!("proxy-{:016x}", crate::ids::stable_hash(&key, 0))
}

/// Where `account_id`'s page lives: in its old folder if it has one, else its profile in the
/// folder of its proxy.
pub fn home(account_id: &str, proxy: Option<&Proxy>, has_own_folder: bool) -> Home {
    match has_own_folder {
        true => Home::OwnFolder,
        false => Home::Shared { folder: folder_of(proxy), profile: store_identifier(account_id) },
    }
}

/// The name WebView2 gives an account's profile, and its folder's name inside the user-data
/// folder: its store identifier as 32 lowercase hex digits (how the patched Tauri runtime passes
/// a data store identifier to WebView2; profile names allow letters and digits, 64 at most).
pub fn profile_name(account_id: &str) -> String {
    store_identifier(account_id).iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Whether `name` is one this app gives a profile (never WebView2's "Default").
pub fn is_profile_name(name: &str) -> bool {
    name.len() == 32 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Where WebView2 keeps a user-data folder's profiles, each in a folder of its name.
pub const ENGINE_FOLDER: &str = "EBWebView";

/// Of the folders `found` in a shared user-data folder, those to delete: profiles listed as
/// removed (`listed`) that are no current account's. Never a folder of WebView2's own ("Default",
/// caches) nor any not listed: an account missing from damaged settings is not a removed one.
pub fn removed_profiles<'a>(found: impl IntoIterator<Item = &'a str>, listed: impl IntoIterator<Item = &'a str>, accounts: &[String]) -> Vec<String> {
    let current: std::collections::HashSet<String> = accounts.iter().map(|id| profile_name(id)).collect();
    let listed: std::collections::HashSet<&str> = listed.into_iter().map(str::trim).collect();
    found
        .into_iter()
        .filter(|name| is_profile_name(name))
        .filter(|name| listed.contains(name) && !current.contains(*name))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::proxy::ProxyKind;

    fn proxy(kind: ProxyKind, host: &str, port: u16, user: Option<&str>) -> Proxy {
        Proxy { kind, host: host.into(), port, user: user.map(str::to_string) }
    }

    #[test]
    fn accounts_share_a_browser_only_with_the_same_proxy() {
        let a = proxy(ProxyKind::Http, "proxy.example", 3128, None);
        assert_eq!(folder_of(None), "direct");
        let typed = Proxy::checked(ProxyKind::Http, " PROXY.Example ", 3128, "").unwrap();
        assert_eq!(folder_of(Some(&typed)), folder_of(Some(&a)), "a host typed in capitals is the same proxy");
        let others = [
            proxy(ProxyKind::Socks5, "proxy.example", 3128, None),
            proxy(ProxyKind::Http, "proxy.example", 3129, None),
            proxy(ProxyKind::Http, "proxy2.example", 3128, None),
            proxy(ProxyKind::Http, "proxy.example", 3128, Some("seller2")),
        ];
        let mut folders: std::collections::HashSet<String> = others.iter().map(|p| folder_of(Some(p))).collect();
        folders.insert(folder_of(Some(&a)));
        folders.insert(folder_of(None));
        assert_eq!(folders.len(), 6, "each other proxy (kind, host, port or user) is a browser of its own");
        // Fixed: a change here would move every Windows account with a proxy to an empty folder.
        assert_eq!(folder_of(Some(&a)), format!("proxy-{:016x}", crate::ids::stable_hash("http://proxy.example:3128\n", 0)));
    }

    #[test]
    fn each_account_is_a_profile_of_its_own_that_keeps_its_name() {
        // The same bytes as the macOS store: the 32 hex digits of `store_identifier`.
        assert_eq!(profile_name("wa-1").len(), 32);
        assert_eq!(profile_name("wa-1"), profile_name("wa-1"));
        assert_ne!(profile_name("wa-1"), profile_name("wa-2"));
        assert!(profile_name("wa-1").bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        let Home::Shared { folder, profile } = home("wa-1", None, false) else { panic!("a new account gets a profile") };
        assert_eq!((folder.as_str(), profile), ("direct", store_identifier("wa-1")));
    }

    #[test]
    fn an_account_made_before_profiles_keeps_its_sign_in() {
        let p = proxy(ProxyKind::Socks5, "10.0.0.2", 1080, Some("u"));
        assert_eq!(home("wa-old", Some(&p), true), Home::OwnFolder);
        assert_eq!(home("wa-old", None, true), Home::OwnFolder);
    }

    #[test]
    fn only_profiles_listed_as_removed_are_deleted() {
        let accounts = vec!["wa-1".to_string(), "tg-1".to_string()];
        let (gone, unlisted) = (profile_name("wa-removed"), profile_name("wa-unknown"));
        let found = ["Default", "Crashpad", "GrShaderCache", &profile_name("wa-1"), &profile_name("tg-1"), &gone, &unlisted];
        let listed = [gone.as_str(), "Default", "../x", &profile_name("wa-1")];
        assert_eq!(removed_profiles(found, listed, &accounts), vec![gone.clone()], "an account back under its old id keeps its profile");
        assert!(removed_profiles(found, [], &accounts).is_empty(), "nothing listed, nothing deleted");
    }
}
