//! Which addresses stay in a service's webview and which go to the user's browser.

use url::Url;

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    /// Load it in the service's webview.
    Stay,
    /// Leave the webview where it is and hand the address to the default browser or mail app.
    OpenOutside,
    /// Neither: a scheme nobody should follow from a remote page (file:, javascript:, …).
    Refuse,
}

/// True when `host` is one of `domains` or a subdomain of one.
pub fn host_belongs(domains: &[String], host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    domains.iter().any(|d| {
        let d = d.to_ascii_lowercase();
        host == d || host.strip_suffix(&d).is_some_and(|rest| rest.ends_with('.'))
    })
}

/// Whether `url` is a page of the service itself: its start origin, or https on its domains.
/// Where a sleeping page was is reopened only then (not an opaque `about:blank`, not a sign-in
/// provider the page had been sent to).
pub fn is_own_page(domains: &[String], start: &Url, url: &Url) -> bool {
    let own_host = url.scheme() == "https" && url.host_str().is_some_and(|h| host_belongs(domains, h));
    own_host || (url.origin().is_tuple() && url.origin() == start.origin())
}

/// `by_user` is true for a click or other user gesture. Navigations the page makes on its own
/// (redirects through a sign-in provider, embedded frames) stay, so logins keep working; what the
/// user opens outside the service's domains goes to the browser.
pub fn decide(domains: &[String], url: &Url, by_user: bool) -> Decision {
    match url.scheme() {
        "http" | "https" => {
            let inside = url.host_str().is_some_and(|h| host_belongs(domains, h));
            if inside || !by_user {
                Decision::Stay
            } else {
                Decision::OpenOutside
            }
        }
        "about" | "data" | "blob" => Decision::Stay,
        "mailto" | "tel" | "sms" if by_user => Decision::OpenOutside,
        _ => Decision::Refuse,
    }
}

/// What to do with a request for a new window (target=_blank, window.open).
pub fn decide_new_window(domains: &[String], url: &Url) -> Decision {
    match decide(domains, url, true) {
        // A blank pop-up is filled in by script afterwards; we can't follow it safely.
        Decision::Stay if url.scheme() != "http" && url.scheme() != "https" => Decision::Refuse,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn domains() -> Vec<String> {
        vec!["whatsapp.com".into(), "whatsapp.net".into()]
    }

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn own_domains_and_subdomains_stay() {
        assert_eq!(decide(&domains(), &u("https://web.whatsapp.com/"), true), Decision::Stay);
        assert_eq!(decide(&domains(), &u("https://WHATSAPP.com./x"), true), Decision::Stay);
        assert_eq!(decide(&domains(), &u("https://mmg.whatsapp.net/d/f"), true), Decision::Stay);
    }

    #[test]
    fn look_alike_hosts_do_not_belong() {
        assert!(!host_belongs(&domains(), "evilwhatsapp.com"));
        assert!(!host_belongs(&domains(), "whatsapp.com.evil.org"));
        assert_eq!(decide(&domains(), &u("https://evilwhatsapp.com/"), true), Decision::OpenOutside);
    }

    #[test]
    fn clicked_links_elsewhere_open_outside_but_page_redirects_stay() {
        let other = u("https://example.org/article");
        assert_eq!(decide(&domains(), &other, true), Decision::OpenOutside);
        assert_eq!(decide(&domains(), &other, false), Decision::Stay);
        assert_eq!(decide(&domains(), &u("mailto:a@example.org"), true), Decision::OpenOutside);
    }

    #[test]
    fn dangerous_schemes_are_refused() {
        assert_eq!(decide(&domains(), &u("file:///etc/passwd"), true), Decision::Refuse);
        assert_eq!(decide(&domains(), &u("file:///etc/passwd"), false), Decision::Refuse);
        assert_eq!(decide(&domains(), &u("javascript:alert(1)"), true), Decision::Refuse);
        assert_eq!(decide(&domains(), &u("mailto:a@example.org"), false), Decision::Refuse);
    }

    #[test]
    fn only_the_services_own_pages_are_its_own() {
        let start = u("http://127.0.0.1:8080/?acct=A");
        assert!(is_own_page(&domains(), &start, &u("http://127.0.0.1:8080/chat/5")));
        assert!(is_own_page(&domains(), &start, &u("https://web.whatsapp.com/")));
        assert!(!is_own_page(&domains(), &start, &u("http://web.whatsapp.com/")), "https only");
        assert!(!is_own_page(&domains(), &start, &u("about:blank")));
        assert!(!is_own_page(&domains(), &start, &u("data:text/html,hi")));
        assert!(!is_own_page(&domains(), &start, &u("https://accounts.example.org/sso")));
    }

    #[test]
    fn pop_ups_open_outside_unless_they_are_the_service_own() {
        assert_eq!(decide_new_window(&domains(), &u("https://example.org/")), Decision::OpenOutside);
        assert_eq!(decide_new_window(&domains(), &u("https://web.whatsapp.com/x")), Decision::Stay);
        assert_eq!(decide_new_window(&domains(), &u("about:blank")), Decision::Refuse);
    }
}
