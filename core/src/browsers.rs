//! Windows: which browser and which profile in it an account's page lives in. WebView2 runs one
//! browser (with its GPU, network and storage processes) per user-data folder, and a proxy
//! belongs to a browser (`--proxy-server`). So the accounts without a proxy share one folder,
//! the accounts with the same proxy share another, and each account is a named profile inside
//! its folder: its own cookies, storage and cache, never another account's.
//! An account made before profiles existed keeps the folder of its own it signed in with.

use crate::ids::store_identifier;
use crate::proxy::{Proxy, ProxyKind};

/// Where an account's page keeps its data on Windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// Its own user-data folder, made by an earlier version: its own browser, as before.
    OwnFolder,
    /// A profile in the shared user-data folder `folder` (a name under the browsers folder).
    Shared { folder: String, profile: [u8; 16] },
}

/// The shared folder of the accounts going through `proxy` (none: straight out). The user is
/// part of it: a browser remembers one sign-in per proxy. The password is not (it can change
/// without moving the account).
pub fn folder_of(proxy: Option<&Proxy>) -> String {
    let Some(proxy) = proxy else { return "direct".to_string() };
    let kind = match proxy.kind {
        ProxyKind::Http => "http",
        ProxyKind::Socks5 => "socks5",
    };
    let key = format!("{kind}\n{}\n{}\n{}", proxy.host.to_ascii_lowercase(), proxy.port, proxy.user.as_deref().unwrap_or(""));
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

/// Of the folders found in a shared user-data folder, the profiles of no account in `accounts`
/// (removed while the app was not running to delete them). WebView2's own folders ("Default",
/// caches) are never named: only profile names this app gives.
pub fn orphan_profiles<'a>(found: impl IntoIterator<Item = &'a str>, accounts: &[String]) -> Vec<String> {
    let kept: std::collections::HashSet<String> = accounts.iter().map(|id| profile_name(id)).collect();
    found
        .into_iter()
        .filter(|name| name.len() == 32 && name.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)))
        .filter(|name| !kept.contains(*name))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxy(kind: ProxyKind, host: &str, port: u16, user: Option<&str>) -> Proxy {
        Proxy { kind, host: host.into(), port, user: user.map(str::to_string) }
    }

    #[test]
    fn accounts_share_a_browser_only_with_the_same_proxy() {
        let a = proxy(ProxyKind::Http, "proxy.example", 3128, None);
        assert_eq!(folder_of(None), "direct");
        assert_eq!(folder_of(Some(&a)), folder_of(Some(&proxy(ProxyKind::Http, "PROXY.example", 3128, None))), "a host's case is not another proxy");
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
        assert_eq!(folder_of(Some(&a)), format!("proxy-{:016x}", crate::ids::stable_hash("http\nproxy.example\n3128\n", 0)));
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
    fn only_profiles_of_removed_accounts_are_swept() {
        let accounts = vec!["wa-1".to_string(), "tg-1".to_string()];
        let gone = profile_name("wa-removed");
        let found = ["Default", "Crashpad", "GrShaderCache", &profile_name("wa-1"), &profile_name("tg-1"), &gone, "0123456789ABCDEF0123456789ABCDEF"];
        assert_eq!(orphan_profiles(found, &accounts), vec![gone]);
        assert!(orphan_profiles([profile_name("wa-1").as_str()], &accounts).is_empty());
    }
}
