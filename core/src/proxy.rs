//! An account's own way out to the internet: a proxy (HTTP or SOCKS5) with an optional user. Its
//! password never lives here: it is in the keychain. What the Test button says is decided here too
//! (the handshake bytes and how the proxy's answers read); the sockets are the app's.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProxyKind {
    /// An HTTP proxy: pages reach their sites through its CONNECT tunnels.
    Http,
    /// SOCKS5: names are resolved by the proxy, never looked up on this machine.
    Socks5,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proxy {
    pub kind: ProxyKind,
    pub host: String,
    pub port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
}

/// The longest host name DNS allows.
const MAX_HOST: usize = 253;
/// SOCKS5 carries a user and a password in at most 255 bytes each (RFC 1929).
pub const MAX_CREDENTIAL_BYTES: usize = 255;

impl Proxy {
    /// A proxy as the user typed it, checked: a host name or an IP address, a port, and a user
    /// (empty for none).
    pub fn checked(kind: ProxyKind, host: &str, port: u32, user: &str) -> Result<Proxy, Problem> {
        let host = host.trim().trim_start_matches('[').trim_end_matches(']');
        let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_');
        // A colon only in an IPv6 address: "host:port" typed into the host field is refused.
        let colon_ok = !host.contains(':') || host.parse::<std::net::Ipv6Addr>().is_ok();
        if host.is_empty() || host.len() > MAX_HOST || !host.chars().all(plain) || !colon_ok {
            return Err(Problem::new("proxy.bad_host").with("host", host.chars().take(60).collect::<String>()));
        }
        let port = u16::try_from(port).ok().filter(|p| *p != 0).ok_or_else(|| Problem::new("proxy.bad_port").with("port", port))?;
        let user = user.trim();
        if user.len() > MAX_CREDENTIAL_BYTES || user.chars().any(char::is_control) || (kind == ProxyKind::Http && user.contains(':')) {
            return Err(Problem::new("proxy.bad_user"));
        }
        let user = (!user.is_empty()).then(|| user.to_string());
        // Names and IPv6 addresses alike are the same in any case: one spelling, so one browser
        // on Windows for the same proxy however it was typed.
        Ok(Proxy { kind, host: host.to_ascii_lowercase(), port, user })
    }

    /// Its address as the web engines take it ("http://host:port", "socks5://host:port"); an IPv6
    /// address in brackets.
    pub fn url(&self) -> String {
        let scheme = match self.kind {
            ProxyKind::Http => "http",
            ProxyKind::Socks5 => "socks5",
        };
        format!("{scheme}://{}:{}", self.bracketed_host(), self.port)
    }

    /// How the user is told of it: "socks5 proxy.example:1080".
    pub fn shown(&self) -> String {
        format!("{}:{}", self.bracketed_host(), self.port)
    }

    fn bracketed_host(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        }
    }
}

/// What the Test button found, step by step, as the user is told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tested {
    /// The proxy answered and reached the site.
    Reached,
    /// Nothing answers at the proxy's address (refused, no such name, timed out).
    NoProxy(String),
    /// The proxy wants a password, or refused the one given.
    Refused,
    /// The proxy answered but could not reach the site (its own answer, in its words).
    SiteUnreachable(String),
    /// The proxy answered something that is no proxy of its kind.
    NotAProxy,
}

impl Tested {
    pub fn problem(&self, proxy: &Proxy, site: &str) -> Problem {
        let at = |code: &'static str| Problem::new(code).with("proxy", proxy.shown()).with("site", site);
        match self {
            Tested::Reached => at("proxy.test.reached"),
            Tested::NoProxy(why) => at("proxy.test.no_proxy").with("detail", why),
            Tested::Refused => at("proxy.test.refused"),
            Tested::SiteUnreachable(why) => at("proxy.test.site_unreachable").with("detail", why),
            Tested::NotAProxy => at("proxy.test.not_a_proxy"),
        }
    }
}

/// An HTTP proxy's tunnel request to `host:port`, with Basic credentials when given.
pub fn http_connect(host: &str, port: u16, credentials: Option<(&str, &str)>) -> Vec<u8> {
    use base64::Engine;
    let mut request = format!("CONNECT {host}:{port} HTTP/1.1\r\nHost: {host}:{port}\r\n");
    if let Some((user, password)) = credentials {
        let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        request.push_str(&format!("Proxy-Authorization: Basic {token}\r\n"));
    }
    request.push_str("\r\n");
    request.into_bytes()
}

/// How an HTTP proxy answered a CONNECT, from its status line.
pub fn http_answer(status_line: &str) -> Tested {
    let mut parts = status_line.split_whitespace();
    let (Some(version), Some(code)) = (parts.next(), parts.next().and_then(|c| c.parse::<u16>().ok())) else {
        return Tested::NotAProxy;
    };
    if !version.starts_with("HTTP/") {
        return Tested::NotAProxy;
    }
    match code {
        200..=299 => Tested::Reached,
        // 407 is the standard's; some proxies (tinyproxy) answer a CONNECT they refuse with 401.
        401 | 407 => Tested::Refused,
        _ => Tested::SiteUnreachable(status_line.trim().chars().take(120).collect()),
    }
}

/// SOCKS5's greeting: no authentication, and user/password when there are credentials.
pub fn socks_greeting(with_password: bool) -> Vec<u8> {
    if with_password {
        vec![5, 2, 0, 2]
    } else {
        vec![5, 1, 0]
    }
}

/// The user/password sub-negotiation (RFC 1929); `None` when either is too long for it.
pub fn socks_login(user: &str, password: &str) -> Option<Vec<u8>> {
    let (u, p) = (user.as_bytes(), password.as_bytes());
    if u.len() > MAX_CREDENTIAL_BYTES || p.len() > MAX_CREDENTIAL_BYTES {
        return None;
    }
    let mut out = vec![1, u.len() as u8];
    out.extend_from_slice(u);
    out.push(p.len() as u8);
    out.extend_from_slice(p);
    Some(out)
}

/// A CONNECT to `host:port` by name: the proxy resolves it.
pub fn socks_connect(host: &str, port: u16) -> Option<Vec<u8>> {
    let name = host.as_bytes();
    if name.is_empty() || name.len() > 255 {
        return None;
    }
    let mut out = vec![5, 1, 0, 3, name.len() as u8];
    out.extend_from_slice(name);
    out.extend_from_slice(&port.to_be_bytes());
    Some(out)
}

/// Words for a SOCKS5 reply code (RFC 1928 §6).
pub fn socks_reply(code: u8) -> Tested {
    let why = match code {
        0 => return Tested::Reached,
        1 => "general failure",
        2 => "not allowed by its rules",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused",
        6 => "timed out",
        7 => "command not supported",
        8 => "address type not supported",
        _ => "an unknown reply",
    };
    Tested::SiteUnreachable(why.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proxy_as_typed_is_checked_and_named_for_the_engines() {
        let p = Proxy::checked(ProxyKind::Socks5, " proxy.example.cn ", 1080, " seller ").unwrap();
        assert_eq!((p.url(), p.user.as_deref()), ("socks5://proxy.example.cn:1080".into(), Some("seller")));
        let six = Proxy::checked(ProxyKind::Http, "[2001:db8::1]", 3128, "").unwrap();
        assert_eq!((six.url(), six.user), ("http://[2001:db8::1]:3128".into(), None));
        assert_eq!(Proxy::checked(ProxyKind::Http, "", 80, "").unwrap_err().code, "proxy.bad_host");
        assert_eq!(Proxy::checked(ProxyKind::Http, "a b", 80, "").unwrap_err().code, "proxy.bad_host");
        assert_eq!(Proxy::checked(ProxyKind::Http, "x/y@z", 80, "").unwrap_err().code, "proxy.bad_host");
        assert_eq!(Proxy::checked(ProxyKind::Http, "10.0.0.1:3128", 3128, "").unwrap_err().code, "proxy.bad_host", "a port in the host field");
        assert_eq!(Proxy::checked(ProxyKind::Http, "h", 0, "").unwrap_err().code, "proxy.bad_port");
        assert_eq!(Proxy::checked(ProxyKind::Http, "h", 70000, "").unwrap_err().code, "proxy.bad_port");
        assert_eq!(Proxy::checked(ProxyKind::Http, "h", 80, "a:b").unwrap_err().code, "proxy.bad_user", "Basic can't carry a colon in a user");
        assert_eq!(Proxy::checked(ProxyKind::Socks5, "h", 80, &"u".repeat(256)).unwrap_err().code, "proxy.bad_user");
    }

    #[test]
    fn the_test_reads_what_each_kind_of_proxy_answers() {
        let request = String::from_utf8(http_connect("web.whatsapp.com", 443, Some(("u", "p")))).unwrap();
        assert!(request.starts_with("CONNECT web.whatsapp.com:443 HTTP/1.1\r\n") && request.contains("Basic dTpw\r\n") && request.ends_with("\r\n\r\n"));
        assert_eq!(http_answer("HTTP/1.1 200 Connection established"), Tested::Reached);
        assert_eq!(http_answer("HTTP/1.0 407 Proxy Authentication Required"), Tested::Refused);
        assert_eq!(http_answer("HTTP/1.0 401 Unauthorized"), Tested::Refused, "tinyproxy's answer to a refused CONNECT");
        assert_eq!(http_answer("HTTP/1.1 502 Bad Gateway"), Tested::SiteUnreachable("HTTP/1.1 502 Bad Gateway".into()));
        assert_eq!(http_answer("SSH-2.0-OpenSSH_9.2"), Tested::NotAProxy);
        assert_eq!(socks_greeting(true), [5, 2, 0, 2]);
        assert_eq!(socks_login("ab", "c").unwrap(), [1, 2, b'a', b'b', 1, b'c']);
        assert_eq!(socks_connect("t.me", 443).unwrap(), [5, 1, 0, 3, 4, b't', b'.', b'm', b'e', 1, 187]);
        assert_eq!(socks_reply(0), Tested::Reached);
        assert_eq!(socks_reply(4), Tested::SiteUnreachable("host unreachable".into()));
    }
}
