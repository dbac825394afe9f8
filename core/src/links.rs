//! Links Switchboard opens in an account: a Telegram or WhatsApp chat, an e-mail to write, or
//! one of Switchboard's own accounts. A link comes from outside (another program, a web page the
//! user clicked in): it is read strictly, its values bounded and checked, and what it opens is an
//! address the catalog builds on the account's own site (`catalog::DeepLinks`) — a link never
//! names where the page goes.

use crate::problem::Problem;

/// Longest link taken, in bytes (a chat link with a prepared message stays far below it).
pub const MAX_LINK: usize = 2048;

/// The services a link belongs to, by the catalog's `deep_links.family`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Telegram,
    WhatsApp,
    Mail,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Telegram => "telegram",
            Family::WhatsApp => "whatsapp",
            Family::Mail => "mail",
        }
    }

    pub fn all() -> [Family; 3] {
        [Family::Telegram, Family::WhatsApp, Family::Mail]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// A chat or message to open in an account of `family`; `values` fill the catalog's address.
    Chat { family: Family, values: Vec<(&'static str, String)> },
    /// `switchboard://account/<name>`: an account by its name (or id).
    Account(String),
}

impl Link {
    /// What the link opens, as the user may check it before picking an account: from its checked
    /// values only (never the text it came in, whose start could suggest another chat).
    pub fn describe(&self) -> String {
        let value = |values: &[(&str, String)], name: &str| values.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone()).unwrap_or_default();
        let text = match self {
            Link::Account(name) => name.clone(),
            Link::Chat { family: Family::Telegram, values } => value(values, "tg"),
            Link::Chat { family: Family::WhatsApp, values } => match value(values, "text") {
                text if text.is_empty() => format!("+{}", value(values, "phone")),
                text => format!("+{} · {text}", value(values, "phone")),
            },
            Link::Chat { family: Family::Mail, values } => match value(values, "subject") {
                subject if subject.is_empty() => value(values, "to"),
                subject => format!("{} · {subject}", value(values, "to")),
            },
        };
        shown(&text)
    }
}

/// Reads a link. Not one Switchboard opens, or one it opens but malformed: a problem that says so.
pub fn parse(text: &str) -> Result<Link, Problem> {
    let text = text.trim();
    let unknown = || Problem::new("link.unknown").with("link", shown(text));
    if text.len() > MAX_LINK {
        return Err(Problem::new("link.too_long").with("max", MAX_LINK));
    }
    let url = url::Url::parse(text).map_err(|_| unknown())?;
    let bad = || Problem::new("link.malformed").with("link", shown(text));
    let query = |name: &str| url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned());
    let path: Vec<&str> = url.path_segments().map(|s| s.filter(|p| !p.is_empty()).collect()).unwrap_or_default();
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    match (url.scheme(), host) {
        ("tg", _) => telegram_address(&url).ok_or_else(bad).map(telegram),
        ("https" | "http", "t.me" | "telegram.me" | "telegram.dog") => telegram_web(&path, query("start")).ok_or_else(bad).map(telegram),
        ("whatsapp", "send") => whatsapp(query("phone"), query("text")).ok_or_else(bad),
        ("https" | "http", "wa.me") => match path.as_slice() {
            [phone] => whatsapp(Some(phone.to_string()), query("text")).ok_or_else(bad),
            _ => Err(bad()),
        },
        ("https" | "http", "api.whatsapp.com") if path == ["send"] => whatsapp(query("phone"), query("text")).ok_or_else(bad),
        ("mailto", _) => mail(&url).ok_or_else(bad),
        ("switchboard", "account") => match path.as_slice() {
            [name] => {
                let name = decoded(name);
                let name = name.trim();
                let fine = !name.is_empty() && name.chars().count() <= 100 && !name.chars().any(invisible);
                fine.then(|| Link::Account(name.to_string())).ok_or_else(bad)
            }
            _ => Err(bad()),
        },
        _ => Err(unknown()),
    }
}

/// Characters that change how text around them reads without showing: controls, direction marks
/// and overrides, zero-width ones.
fn invisible(c: char) -> bool {
    c.is_control() || matches!(c, '\u{061c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// Percent-decoded as written (RFC 3986: a "+" is a plus).
fn decoded(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// A link as a notice shows it: its start, without what could pass for words of ours.
pub fn shown(text: &str) -> String {
    let clean: String = text.chars().filter(|c| !invisible(*c)).take(80).collect();
    if text.chars().count() > 80 { format!("{clean}…") } else { clean }
}

fn telegram(tg: String) -> Link {
    Link::Chat { family: Family::Telegram, values: vec![("tg", tg)] }
}

/// Telegram user and channel names: letters, digits and underscores (Telegram's own rule is 5 to
/// 32 of them; older and bot names are shorter, so only the characters are held to).
fn telegram_name(name: &str) -> bool {
    (1..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn digits(text: &str, range: std::ops::RangeInclusive<usize>) -> bool {
    range.contains(&text.len()) && text.chars().all(|c| c.is_ascii_digit())
}

/// Invite hashes and bot start parameters: URL-safe base64.
fn token(text: &str) -> bool {
    (1..=64).contains(&text.len()) && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// A `tg:` address as Telegram's clients take it, rebuilt from its checked parts only:
/// `resolve` (a name, or a phone, with a post or a bot's start) and `join` (an invite).
fn telegram_address(url: &url::Url) -> Option<String> {
    let pairs: Vec<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    // `tg://resolve?…` has the action as its host; `tg:resolve?…` as its path.
    let action = url.host_str().unwrap_or(url.path());
    match action {
        "resolve" => {
            let target = match (get("domain"), get("phone")) {
                (Some(domain), None) if telegram_name(domain) => format!("domain={domain}"),
                (None, Some(phone)) if digits(phone, 5..=15) => format!("phone={phone}"),
                _ => return None,
            };
            let post = match (get("post"), get("start")) {
                (Some(post), None) if digits(post, 1..=12) => format!("&post={post}"),
                (None, Some(start)) if token(start) => format!("&start={start}"),
                (None, None) => String::new(),
                _ => return None,
            };
            Some(format!("tg://resolve?{target}{post}"))
        }
        "join" => get("invite").filter(|i| token(i)).map(|i| format!("tg://join?invite={i}")),
        _ => None,
    }
}

/// `t.me/NAME[/POST]`, `t.me/+PHONE`, `t.me/+INVITE`, `t.me/joinchat/INVITE` as the `tg:`
/// address Telegram Desktop turns them into (its core/local_url_handlers.cpp,
/// TryConvertUrlToLocal).
fn telegram_web(path: &[&str], start: Option<String>) -> Option<String> {
    if let (Some(start), [name]) = (&start, path) {
        return (telegram_name(name) && token(start)).then(|| format!("tg://resolve?domain={name}&start={start}"));
    }
    match path {
        ["joinchat", invite] if token(invite) => Some(format!("tg://join?invite={invite}")),
        [plus] if plus.starts_with('+') => {
            let rest = &plus[1..];
            if digits(rest, 5..=15) {
                Some(format!("tg://resolve?phone={rest}"))
            } else {
                token(rest).then(|| format!("tg://join?invite={rest}"))
            }
        }
        [name] if telegram_name(name) => Some(format!("tg://resolve?domain={name}")),
        [name, post] if telegram_name(name) && digits(post, 1..=12) => Some(format!("tg://resolve?domain={name}&post={post}")),
        _ => None,
    }
}

/// A WhatsApp chat by phone number (international, digits only; `+`, spaces and dashes as people
/// write them are dropped), with a message to start it.
fn whatsapp(phone: Option<String>, text: Option<String>) -> Option<Link> {
    let phone: String = phone?.chars().filter(|c| !matches!(c, '+' | ' ' | '-' | '(' | ')')).collect();
    if !digits(&phone, 5..=15) {
        return None;
    }
    let text = text.unwrap_or_default();
    (text.chars().count() <= 1000).then(|| Link::Chat { family: Family::WhatsApp, values: vec![("phone", phone), ("text", text)] })
}

/// An e-mail to write: the whole `mailto:` link for clients that take it as it is, and its parts
/// for those that take them one by one.
fn mail(url: &url::Url) -> Option<Link> {
    let to = decoded(url.path());
    if to.is_empty() || to.len() > 320 || to.chars().any(invisible) || !to.split(',').all(|a| a.trim().contains('@')) {
        return None;
    }
    let pairs: Vec<(String, String)> = url.query().unwrap_or("").split('&').filter_map(|p| p.split_once('=')).map(|(k, v)| (decoded(k), decoded(v))).collect();
    let get = |name: &str| pairs.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone()).unwrap_or_default();
    let values = vec![("mailto", url.as_str().to_string()), ("to", to), ("subject", get("subject")), ("body", get("body"))];
    Some(Link::Chat { family: Family::Mail, values })
}

/// The address a link opens on an account's site: `template` (the catalog's, relative to the
/// account's address) with each `{name}` replaced by its value, percent-encoded. `None` if the
/// result would leave the account's own site.
pub fn address(base: &url::Url, template: &str, values: &[(&'static str, String)]) -> Option<url::Url> {
    let mut relative = template.to_string();
    for (name, value) in values {
        let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>().replace('+', "%20");
        relative = relative.replace(&format!("{{{name}}}"), &encoded);
    }
    let joined = base.join(&relative).ok()?;
    (joined.origin() == base.origin()).then_some(joined)
}

/// Where a link goes in this workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// Show this account, its page taken to `address` (none: as it is).
    Open { account: String, address: Option<url::Url> },
    /// Several accounts can open it: the user picks one.
    Choose { family: Family, accounts: Vec<String> },
    /// No account opens it: offer to add one of these services.
    AddFirst { family: Family, services: Vec<String> },
}

/// Where `link` opens: the only account of its kind, the one the user chose for such links, or
/// the user is asked (accounts turned off are not among them). `switchboard://account/<name>`
/// shows that account as it is.
pub fn route(ws: &crate::workspace::Workspace, link: &Link) -> Result<Route, Problem> {
    let (family, values) = match link {
        Link::Account(name) => {
            let account = ws.resolve(name).map_err(|_| Problem::new("link.no_such_account").with("account", name))?;
            return Ok(Route::Open { account: account.id.clone(), address: None });
        }
        Link::Chat { family, values } => (*family, values),
    };
    let opening: Vec<(String, String, String)> = ws
        .accounts
        .iter()
        .filter(|a| a.enabled)
        .filter_map(|a| {
            let service = a.service()?;
            let links = service.deep_links.filter(|l| l.family == family.as_str())?;
            Some((a.id.clone(), service.url, links.address))
        })
        .collect();
    let chosen = ws.link_accounts.get(family.as_str()).and_then(|id| opening.iter().find(|(a, _, _)| a == id));
    match (chosen, opening.as_slice()) {
        (Some((account, base, template)), _) | (None, [(account, base, template)]) => {
            let base = url::Url::parse(base).map_err(Problem::internal)?;
            let address = address(&base, template, values).ok_or_else(|| Problem::new("link.malformed").with("link", base.as_str()))?;
            Ok(Route::Open { account: account.clone(), address: Some(address) })
        }
        (None, []) => {
            let services = crate::catalog::services().iter().filter(|s| s.deep_links.as_ref().is_some_and(|l| l.family == family.as_str()));
            Ok(Route::AddFirst { family, services: services.map(|s| s.id.clone()).collect() })
        }
        (None, several) => Ok(Route::Choose { family, accounts: several.iter().map(|(a, _, _)| a.clone()).collect() }),
    }
}

/// Where `link` opens in the account the user picked for it.
pub fn route_to(ws: &crate::workspace::Workspace, link: &Link, account: &str) -> Result<Route, Problem> {
    let mut only = ws.clone();
    only.accounts.retain(|a| a.id == account);
    only.link_accounts.clear();
    match route(&only, link)? {
        Route::Open { account, address } => Ok(Route::Open { account, address }),
        _ => Err(Problem::new("link.wrong_account")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chat(text: &str) -> (Family, Vec<(&'static str, String)>) {
        match parse(text) {
            Ok(Link::Chat { family, values }) => (family, values),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn tg(text: &str) -> String {
        match chat(text) {
            (Family::Telegram, values) => values[0].1.clone(),
            other => panic!("{text}: {other:?}"),
        }
    }

    fn code(text: &str) -> &'static str {
        parse(text).expect_err(text).code
    }

    #[test]
    fn telegram_links_become_the_address_its_clients_take() {
        assert_eq!(tg("tg://resolve?domain=shop_support"), "tg://resolve?domain=shop_support");
        assert_eq!(tg("tg:resolve?domain=durov&post=42"), "tg://resolve?domain=durov&post=42");
        assert_eq!(tg("tg://resolve?phone=79001234567"), "tg://resolve?phone=79001234567");
        assert_eq!(tg("tg://join?invite=AbC-_12"), "tg://join?invite=AbC-_12");
        assert_eq!(tg("https://t.me/shop_support"), "tg://resolve?domain=shop_support");
        assert_eq!(tg("https://t.me/durov/42"), "tg://resolve?domain=durov&post=42");
        assert_eq!(tg("https://telegram.me/+79001234567"), "tg://resolve?phone=79001234567");
        assert_eq!(tg("https://t.me/+AbCdEf_123"), "tg://join?invite=AbCdEf_123");
        assert_eq!(tg("https://www.t.me/joinchat/AbCdEf"), "tg://join?invite=AbCdEf");
        assert_eq!(tg("https://t.me/shop_bot?start=promo-7"), "tg://resolve?domain=shop_bot&start=promo-7");
        // Only what was checked goes on: nothing else the link carried.
        assert_eq!(tg("tg://resolve?domain=shop&x=javascript:alert(1)"), "tg://resolve?domain=shop");
        for bad in ["tg://resolve?domain=a%20b", "tg://resolve?domain=x&phone=12345", "tg://resolve", "tg://settings", "tg://join?invite=",
                    "https://t.me/a/b/c", "https://t.me/", "https://t.me/name/notapost", "tg://resolve?domain=ok&post=1&start=2"] {
            assert_eq!(code(bad), "link.malformed", "{bad}");
        }
    }

    #[test]
    fn whatsapp_links_carry_a_phone_and_a_message() {
        assert_eq!(chat("https://wa.me/79001234567?text=Hello%20there"), (Family::WhatsApp, vec![("phone", "79001234567".into()), ("text", "Hello there".into())]));
        assert_eq!(chat("whatsapp://send?phone=+7%20900%20123-45-67").1[0].1, "79001234567");
        assert_eq!(chat("https://api.whatsapp.com/send?phone=4915112345678&text=%D0%94%D0%B0").1[1].1, "Да");
        for bad in ["https://wa.me/", "https://wa.me/abc", "whatsapp://send?phone=12", "whatsapp://send", "https://wa.me/1234567/extra"] {
            assert_eq!(code(bad), "link.malformed", "{bad}");
        }
        assert_eq!(code(&format!("https://wa.me/79001234567?text={}", "a".repeat(1001))), "link.malformed");
    }

    #[test]
    fn mail_links_and_accounts_by_name() {
        let (family, values) = chat("mailto:sales@example.com?subject=Order%2042&body=Hi");
        assert_eq!(family, Family::Mail);
        assert_eq!(&values[1..], &[("to", "sales@example.com".into()), ("subject", "Order 42".into()), ("body", "Hi".into())]);
        assert_eq!(code("mailto:nobody"), "link.malformed");
        // As RFC 6068 reads them: a plus is a plus (user+tag@), spaces come as %20.
        let (_, values) = chat("mailto:anna+shop@example.com?Subject=1+1%20is%202");
        assert_eq!(&values[1..3], &[("to", "anna+shop@example.com".into()), ("subject", "1+1 is 2".into())]);
        assert_eq!(code("switchboard://account/Evil%E2%80%AEpohS"), "link.malformed", "no direction override in a name");
        assert_eq!(parse("switchboard://account/WhatsApp%20%E2%80%94%20Shop"), Ok(Link::Account("WhatsApp — Shop".into())));
        assert_eq!(code("switchboard://account/"), "link.malformed");
        assert_eq!(code("switchboard://settings/x"), "link.unknown");
    }

    #[test]
    fn other_links_are_refused_saying_so() {
        for other in ["https://example.com/", "javascript:alert(1)", "file:///etc/passwd", "not a link", "ftp://t.me/x"] {
            assert_eq!(code(other), "link.unknown", "{other}");
        }
        assert_eq!(code(&format!("https://t.me/{}", "a".repeat(MAX_LINK))), "link.too_long");
        // A notice shows a short, clean start of the link.
        let problem = parse("https://example.com/\u{202e}evil").unwrap_err();
        assert_eq!(problem.args["link"], "https://example.com/evil");
        assert_eq!(shown("a\u{200b}b\u{061c}c\u{feff}"), "abc");
    }

    #[test]
    fn the_dialog_says_what_the_checked_link_opens() {
        // The phone used is the one shown, wherever the link put it among its values.
        let link = parse("whatsapp://send?text=Call%20%2B7%20999%20000&phone=4915112345678").unwrap();
        assert_eq!(link.describe(), "+4915112345678 · Call +7 999 000");
        assert_eq!(parse("https://t.me/shop").unwrap().describe(), "tg://resolve?domain=shop");
        assert_eq!(parse("mailto:a@example.com?subject=Order").unwrap().describe(), "a@example.com · Order");
    }

    #[test]
    fn addresses_stay_on_the_accounts_site() {
        let base = url::Url::parse("https://web.telegram.org/k/").unwrap();
        let values = vec![("tg", "tg://resolve?domain=shop".to_string())];
        assert_eq!(address(&base, "#?tgaddr={tg}", &values).unwrap().as_str(), "https://web.telegram.org/k/#?tgaddr=tg%3A%2F%2Fresolve%3Fdomain%3Dshop");
        let wa = url::Url::parse("https://web.whatsapp.com/").unwrap();
        let values = vec![("phone", "79001234567".to_string()), ("text", "Hi & bye".to_string())];
        assert_eq!(address(&wa, "send?phone={phone}&text={text}", &values).unwrap().as_str(), "https://web.whatsapp.com/send?phone=79001234567&text=Hi%20%26%20bye");
        // A value can't take the address elsewhere: it is encoded, and the result's site checked.
        let values = vec![("phone", "//evil.example/".to_string())];
        assert_eq!(address(&wa, "{phone}", &values).unwrap().origin(), wa.origin());
        assert_eq!(address(&wa, "https://evil.example/{phone}", &values), None);
    }

    #[test]
    fn a_link_opens_in_the_one_account_or_the_chosen_one_or_asks() {
        use crate::workspace::Workspace;
        let mut ws = Workspace::default();
        let link = parse("https://t.me/shop").unwrap();
        assert_eq!(route(&ws, &link), Ok(Route::AddFirst { family: Family::Telegram, services: vec!["telegram".into()] }));
        let wa = parse("https://wa.me/79001234567").unwrap();
        assert_eq!(route(&ws, &wa), Ok(Route::AddFirst { family: Family::WhatsApp, services: vec!["whatsapp".into(), "whatsapp-business".into()] }));
        let first = ws.add("telegram", "Shop", None).unwrap().id.clone();
        ws.add("whatsapp", "Mine", None).unwrap();
        let Ok(Route::Open { account, address }) = route(&ws, &link) else { panic!() };
        assert_eq!((account.as_str(), address.unwrap().as_str()), (first.as_str(), "https://web.telegram.org/k/#?tgaddr=tg%3A%2F%2Fresolve%3Fdomain%3Dshop"));
        // An account on its own address (a test server, a self-hosted client) gets it there.
        let second = ws.add("telegram", "Personal", Some("https://tg.example.org/k/?x=1".into())).unwrap().id.clone();
        assert_eq!(route(&ws, &link), Ok(Route::Choose { family: Family::Telegram, accounts: vec![first.clone(), second.clone()] }));
        let Ok(Route::Open { address, .. }) = route_to(&ws, &link, &second) else { panic!() };
        assert_eq!(address.unwrap().as_str(), "https://tg.example.org/k/?x=1#?tgaddr=tg%3A%2F%2Fresolve%3Fdomain%3Dshop");
        assert_eq!(route_to(&ws, &wa, &second), Err(Problem::new("link.wrong_account")));
        ws.link_accounts.insert("telegram".into(), second.clone());
        assert!(matches!(route(&ws, &link), Ok(Route::Open { account, .. }) if account == second));
        // A turned-off account opens no link: the other one does.
        ws.accounts.iter_mut().find(|a| a.id == second).unwrap().enabled = false;
        assert!(matches!(route(&ws, &link), Ok(Route::Open { account, .. }) if account == first));
        ws.accounts.iter_mut().find(|a| a.id == second).unwrap().enabled = true;
        // The chosen account removed: asked again (there is one left, so it opens there).
        ws.remove(&second).unwrap();
        assert!(ws.link_accounts.is_empty());
        assert!(matches!(route(&ws, &link), Ok(Route::Open { account, .. }) if account == first));
        assert!(matches!(route(&ws, &parse("switchboard://account/Mine").unwrap()), Ok(Route::Open { address: None, .. })));
        assert_eq!(route(&ws, &parse("switchboard://account/Nobody").unwrap()).unwrap_err().code, "link.no_such_account");
    }
}
