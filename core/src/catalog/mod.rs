//! The built-in services, kept as data in `services.toml` and checked once at start.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;
use url::Url;

/// A current desktop Chrome on the platform `os` ("X11; Linux x86_64", "Windows NT 10.0; Win64;
/// x64"). Web clients that refuse Safari-on-Linux (WhatsApp Web first of all) accept it; update
/// it with Chrome's stable channel.
pub fn chrome_user_agent(os: &str) -> String {
    format!("Mozilla/5.0 ({os}) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36")
}

/// A current Safari on `os`, for WebKit's own pages. WebKitGTK's default says
/// `Version/60.5 Safari/605.1.15`, a Safari that never was, which clients log as odd or refuse;
/// WKWebView's has no Safari part at all. Update it with Safari's releases.
pub fn safari_user_agent(os: &str) -> String {
    format!("Mozilla/5.0 ({os}) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.2 Safari/605.1.15")
}

/// Which browser a service's pages are told they run in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agent<'a> {
    /// The engine's own, as a current browser of that engine presents itself.
    Engine,
    /// Desktop Chrome: for sites that require it.
    Chrome,
    /// Exactly this string, as the catalog gives it.
    Literal(&'a str),
}

/// The id accounts use when the user gives the address themselves.
pub const CUSTOM_ID: &str = "custom";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Service {
    pub id: String,
    pub name: String,
    /// Its name in the languages where it goes by one of its own, by language code.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub names: std::collections::BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub url: String,
    /// The service's own app hosts: in-app navigation, page events, Fill login.
    pub domains: Vec<String>,
    /// The hosts that serve the service's sign-in form, the only https pages Fill login fills:
    /// exact hosts, `*.` before a domain for any host under it. Empty: the start address's host.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub login: Vec<String>,
    /// Hosts the page loads resources from (CDNs, user content). Never app hosts: anyone can
    /// publish pages there. Kept to say so, and checked not to overlap `domains`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// What the number in the page's title counts (see services.toml).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title_counts: Option<String>,
    pub monogram: String,
    pub color: String,
    /// Where the page shows unread counts in its DOM, for pages whose title doesn't carry them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<UnreadRule>,
    /// Where the page lists its chats, for the contact index and for opening a chat by reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chats: Option<ChatsRule>,
    /// The links the service's page opens (see services.toml and `links`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deep_links: Option<DeepLinks>,
}

/// Which links (`links::Family`, by name) open in the service's page, and at what address:
/// relative to the account's address, each `{value}` of the link filled in encoded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct DeepLinks {
    pub family: String,
    pub address: String,
}

/// A per-service rule the bridge applies to the page's DOM: every element matching `selector`
/// is a chat's unread counter; the number in its text is added up. Counters inside an element
/// matching `skip` (a muted chat's row) are left out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnreadRule {
    pub selector: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skip: Option<String>,
}

/// A per-service rule for the page's chat list. Every element matching `row` is one chat; inside
/// it, `name` is the chat partner's name (its `title` attribute when it has one, else its text).
/// The chat's reference is the row's attribute `id` (a peer id) or, without one, the name itself.
/// `time` is where the row shows its last message's time ("14:05" today); `avatar` an image.
/// `link` opens a chat that is not in view: an address relative to the page, `{chat}` replaced by
/// the reference. For the Unread list: `unread` is the row's unread counter (the number in its
/// text; none, or 0, when read), `dot` marks a row unread without a number (the row matches it
/// or holds it; one message), `muted` marks a muted chat (the same way), and
/// `preview` is where the row shows its last message. `open` is where the page shows the name
/// of the chat open now (its text), for a saved reply's `{name}`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ChatsRule {
    pub row: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub avatar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unread: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
}

impl ChatsRule {
    /// Whether the list says which chats are unread (a counter or a dot in their rows): then
    /// messages are counted by chat, and the Unread list lists them.
    pub fn lists_unread(&self) -> bool {
        self.unread.is_some() || self.dot.is_some()
    }
}

/// Selectors longer than this are refused by the catalog tests: rules are short by nature.
pub const MAX_SELECTOR_CHARS: usize = 300;

impl Service {
    /// As a user of `lang` sees it: the name it goes by in that language (the usual one stays
    /// searchable, as an alias).
    pub fn in_language(mut self, lang: crate::i18n::Lang) -> Service {
        if let Some(local) = self.names.get(lang.code()) {
            let usual = std::mem::replace(&mut self.name, local.clone());
            self.aliases.push(usual);
        }
        self
    }

    /// The sign-in hosts as `(exact, under)`: hosts that match as they are, and domains whose
    /// subdomains match (`*.slack.com` → `slack.com`). Lowercase, without a trailing dot.
    pub fn login_hosts(&self) -> (Vec<String>, Vec<String>) {
        let start = Url::parse(&self.url).ok().and_then(|u| u.host_str().map(str::to_owned));
        let listed = if self.login.is_empty() { start.into_iter().collect() } else { self.login.clone() };
        let (mut exact, mut under) = (vec![], vec![]);
        for host in listed {
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            match host.strip_prefix("*.") {
                Some(domain) => under.push(domain.to_string()),
                None => exact.push(host),
            }
        }
        (exact, under)
    }

    /// Whether the page at `url` may receive the account's saved login: an https page of a host
    /// that serves the service's sign-in form, or the account's own start origin (a self-hosted
    /// server on plain http).
    pub fn signs_in_at(&self, url: &Url) -> bool {
        let (exact, under) = self.login_hosts();
        let host = url.host_str().unwrap_or_default().trim_end_matches('.').to_ascii_lowercase();
        let listed = exact.contains(&host) || under.iter().any(|d| host.strip_suffix(d.as_str()).is_some_and(|rest| rest.ends_with('.')));
        let start = Url::parse(&self.url).ok();
        (url.scheme() == "https" && listed) || start.is_some_and(|s| url.origin().is_tuple() && url.origin() == s.origin())
    }

    /// Which browser its pages are told they run in.
    pub fn agent(&self) -> Agent<'_> {
        match self.user_agent.as_deref() {
            Some("chrome") => Agent::Chrome,
            Some(literal) => Agent::Literal(literal),
            None => Agent::Engine,
        }
    }

    /// This service run from another address: the same rules, and that address's host belongs
    /// to it too.
    pub fn started_at(&self, url: &Url) -> Service {
        let mut service = self.clone();
        service.url = url.to_string();
        let host = url.host_str().unwrap_or_default();
        if !crate::navigation::host_belongs(&service.domains, host) {
            // Its own server: it serves its own sign-in form.
            service.domains.push(host.to_string());
            service.login.clear();
        } else if !service.login.is_empty() && !service.signs_in_at(url) {
            // Another address of the service itself (a second Gmail inbox, a tenant's Teams):
            // its sign-in hosts stay, and the start address's host joins them.
            service.login.push(host.to_string());
        }
        service
    }

    /// A service made from a user-given address: its domain is the address's host.
    pub fn custom(url: &Url) -> Service {
        let host = url.host_str().unwrap_or_default().to_string();
        Service {
            id: CUSTOM_ID.into(),
            name: host.clone(),
            names: Default::default(),
            aliases: vec![],
            url: url.to_string(),
            domains: vec![host.clone()],
            login: vec![],
            assets: vec![],
            user_agent: None,
            title_counts: None,
            monogram: monogram_for(&host),
            color: "#5c6370".into(),
            unread: None,
            chats: None,
            deep_links: None,
        }
    }
}

#[derive(Deserialize)]
struct CatalogFile {
    service: Vec<Service>,
}

/// All built-in services, in catalog order.
pub fn services() -> &'static [Service] {
    static CATALOG: OnceLock<Vec<Service>> = OnceLock::new();
    CATALOG.get_or_init(|| {
        let file: CatalogFile = toml::from_str(include_str!("services.toml"))
            .expect("services.toml is part of the build and checked by the catalog tests");
        file.service
    })
}

pub fn find(id: &str) -> Option<&'static Service> {
    services().iter().find(|s| s.id == id)
}

/// Two letters for an icon from a host name: "chat.example.org" → "Ex".
fn monogram_for(host: &str) -> String {
    if host.parse::<std::net::IpAddr>().is_ok() || host.starts_with('[') {
        return "IP".into();
    }
    let parts: Vec<&str> = host.split('.').collect();
    let main = if parts.len() >= 2 { parts[parts.len() - 2] } else { host };
    let mut letters = main.chars().filter(|c| c.is_alphanumeric());
    match (letters.next(), letters.next()) {
        (Some(a), Some(b)) => format!("{}{}", a.to_uppercase(), b.to_lowercase()),
        (Some(a), None) => a.to_uppercase().to_string(),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn each_titles_number_is_said_and_a_list_that_counts_more_exactly_is_there_to_win() {
        for service in services() {
            let Some(counts) = service.title_counts.as_deref() else { continue };
            assert!(["messages", "chats", "rooms", "none"].contains(&counts), "{}: {counts}", service.id);
            if counts == "chats" || counts == "rooms" {
                assert!(service.unread.is_some(), "{}: its title counts {counts}, so its list's counters must be read", service.id);
            }
        }
        assert_eq!(find("element").unwrap().title_counts.as_deref(), Some("rooms"));
    }

    #[test]
    fn a_service_goes_by_its_own_name_where_it_has_one_and_stays_findable_by_the_usual_one() {
        use crate::i18n::Lang;
        for service in services() {
            for code in service.names.keys() {
                assert!(Lang::from_code(code).is_some_and(|l| l != Lang::Pseudo), "{}: no language {code}", service.id);
            }
        }
        let wechat = find("wechat").unwrap().clone();
        assert_eq!(wechat.clone().in_language(Lang::ZhHans).name, "微信");
        assert!(wechat.clone().in_language(Lang::ZhHans).aliases.contains(&"WeChat".to_string()));
        assert_eq!(wechat.in_language(Lang::Ru).name, "WeChat");
        assert_eq!(find("vk").unwrap().clone().in_language(Lang::Ru).name, "ВКонтакте");
        assert_eq!(find("linkedin").unwrap().clone().in_language(Lang::ZhHant).name, "領英");
    }

    #[test]
    fn catalog_has_the_promised_services_with_valid_data() {
        let all = services();
        assert!(all.len() >= 20, "only {} services", all.len());
        let mut ids = HashSet::new();
        for s in all {
            assert!(ids.insert(s.id.as_str()), "duplicate id {}", s.id);
            assert_ne!(s.id, CUSTOM_ID);
            let url = Url::parse(&s.url).unwrap_or_else(|e| panic!("{}: {e}", s.id));
            assert_eq!(url.scheme(), "https", "{} must start on https", s.id);
            let host = url.host_str().unwrap();
            assert!(
                crate::navigation::host_belongs(&s.domains, host),
                "{}: start host {host} is outside its own domains",
                s.id
            );
            assert!(!s.monogram.is_empty() && s.monogram.chars().count() <= 2, "{}", s.id);
            for asset in &s.assets {
                assert!(!crate::navigation::host_belongs(&s.domains, asset), "{}: {asset} is an app host too", s.id);
            }
            // Hosts where anyone can publish a page must never get events or a login.
            for content in ["googleusercontent.com", "fbsbx.com", "fbcdn.net", "userapi.com", "slack-files.com", "discordapp.net", "gstatic.com"] {
                assert!(!crate::navigation::host_belongs(&s.domains, content), "{}: {content} among its app hosts", s.id);
            }
            assert!(s.color.starts_with('#') && s.color.len() == 7, "{}", s.id);
            if let Some(rule) = &s.unread {
                for selector in std::iter::once(&rule.selector).chain(&rule.skip) {
                    assert!(!selector.trim().is_empty() && selector.len() <= MAX_SELECTOR_CHARS, "{}", s.id);
                }
            }
            if let Some(rule) = &s.chats {
                let selectors = [&rule.row, &rule.name].into_iter().chain(&rule.time).chain(&rule.avatar).chain(&rule.unread).chain(&rule.dot).chain(&rule.muted).chain(&rule.preview).chain(&rule.open);
                for selector in selectors {
                    assert!(!selector.trim().is_empty() && selector.len() <= MAX_SELECTOR_CHARS, "{}", s.id);
                }
                if let Some(link) = &rule.link {
                    assert!(link.contains("{chat}") && !link.contains("://"), "{}: a link stays on the page's own site", s.id);
                }
            }
            if let Some(links) = &s.deep_links {
                assert!(crate::links::Family::all().iter().any(|f| f.as_str() == links.family), "{}: no link family {}", s.id, links.family);
                assert!(links.address.contains('{') && !links.address.contains("://"), "{}: a link opens on the page's own site", s.id);
            }
        }
        for id in [
            "whatsapp", "telegram", "max", "vk", "wechat", "messenger", "instagram", "slack",
            "discord", "teams", "google-chat", "google-messages", "gmail", "outlook", "element",
            "zalo", "linkedin", "odnoklassniki", "x",
        ] {
            assert!(find(id).is_some(), "missing {id}");
        }
    }

    #[test]
    fn chat_and_mail_links_open_in_their_services() {
        for (family, ids) in [("telegram", &["telegram"][..]), ("whatsapp", &["whatsapp", "whatsapp-business"]), ("mail", &["gmail", "outlook"])] {
            let opening: Vec<&str> = services().iter().filter(|s| s.deep_links.as_ref().is_some_and(|l| l.family == family)).map(|s| s.id.as_str()).collect();
            assert_eq!(opening, ids, "{family}");
        }
    }

    #[test]
    fn the_big_messengers_list_their_chats_and_which_are_unread() {
        for id in ["whatsapp", "whatsapp-business", "telegram", "converse", "element", "slack", "teams", "teams-free", "google-messages", "linkedin", "vk", "wechat"] {
            let rule = find(id).unwrap().chats.as_ref().unwrap_or_else(|| panic!("{id} has no chat-list rule"));
            assert!(rule.lists_unread(), "{id}: no unread counter or dot in its rows");
            // Only Google Messages' open conversation could not be sourced.
            if id == "teams-free" {
                assert_eq!(Some(rule), find("teams").unwrap().chats.as_ref(), "the same Teams client, the same rule");
            }
            assert!(rule.open.is_some() || id == "google-messages", "{id}: the open chat's name is not found");
        }
    }

    #[test]
    fn whatsapp_presents_itself_as_desktop_chrome_and_the_rest_as_a_current_safari() {
        assert_eq!(find("whatsapp").unwrap().agent(), Agent::Chrome);
        assert_eq!(find("telegram").unwrap().agent(), Agent::Engine);
        let chrome = chrome_user_agent("Windows NT 10.0; Win64; x64");
        assert!(chrome.starts_with("Mozilla/5.0 (Windows NT 10.0; Win64; x64) ") && chrome.contains(" Chrome/"));
        let safari = safari_user_agent("X11; Linux x86_64");
        assert!(safari.contains(" Version/26.") && safari.ends_with(" Safari/605.1.15") && !safari.contains("Version/60"));
    }

    #[test]
    fn a_login_goes_only_to_the_hosts_that_serve_the_sign_in_form() {
        let u = |s: &str| Url::parse(s).unwrap();
        for s in services() {
            assert!(s.signs_in_at(&u(&s.url)), "{}: its own start page", s.id);
            let (exact, under) = s.login_hosts();
            for host in exact.iter().chain(&under) {
                assert!(crate::navigation::host_belongs(&s.domains, host), "{}: {host} is not one of its hosts", s.id);
                assert!(host.contains('.'), "{}: {host} is a whole top-level domain", s.id);
            }
        }
        // The broad domains a service's pages live under are not where its login goes.
        let gmail = find("gmail").unwrap();
        assert!(gmail.signs_in_at(&u("https://accounts.google.com/signin")));
        assert!(!gmail.signs_in_at(&u("https://sites.google.com/view/anything")), "anyone can publish there");
        assert!(!gmail.signs_in_at(&u("http://accounts.google.com/")), "not over plain http");
        let wechat = find("wechat").unwrap();
        assert!(!wechat.signs_in_at(&u("https://user.qzone.qq.com/")));
        let teams = find("teams").unwrap();
        assert!(teams.signs_in_at(&u("https://login.microsoftonline.com/common/oauth2")));
        assert!(!teams.signs_in_at(&u("https://answers.microsoft.com/")));
        let slack = find("slack").unwrap();
        assert!(slack.signs_in_at(&u("https://acme.slack.com/sign_in")) && slack.signs_in_at(&u("https://SLACK.com./")));
        assert!(!slack.signs_in_at(&u("https://slack.com.evil.example/")));
        // A self-hosted server: its own host, even where the catalog names another.
        let own = find("element").unwrap().started_at(&u("https://chat.example.org/"));
        assert!(own.signs_in_at(&u("https://chat.example.org/#/login")));
        assert!(!own.signs_in_at(&u("https://app.element.io/")));
        // Another address of the service itself keeps its sign-in hosts.
        let second_inbox = gmail.started_at(&u("https://mail.google.com/mail/u/1/"));
        assert!(second_inbox.signs_in_at(&u("https://accounts.google.com/signin")));
        assert!(!second_inbox.signs_in_at(&u("https://sites.google.com/view/x")));
        let plain = Service::custom(&u("http://127.0.0.1:8080/?acct=A"));
        assert!(plain.signs_in_at(&u("http://127.0.0.1:8080/login")), "its own start origin, even on http");
        assert!(!plain.signs_in_at(&u("http://127.0.0.1:9090/")) && !plain.signs_in_at(&u("http://localhost:8080/")));
    }

    #[test]
    fn custom_service_takes_its_domain_and_icon_from_the_address() {
        let s = Service::custom(&Url::parse("https://chat.example.org/team").unwrap());
        assert_eq!(s.domains, vec!["chat.example.org"]);
        assert_eq!(s.monogram, "Ex");
        assert_eq!(Service::custom(&Url::parse("http://127.0.0.1:8080/").unwrap()).monogram, "IP");
    }
}
