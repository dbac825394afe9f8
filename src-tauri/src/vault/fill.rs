//! "Fill login": which page may receive an account's saved login, and the script that puts it
//! into that page's form. Only the shell asks for it, for one account, when the user does.

use super::Login;
use crate::navigation::host_belongs;
use serde::Serialize;
use url::Url;

const SCRIPT: &str = include_str!("fill.js");
const SLOT: &str = "const login = null;";

/// Where an account's login may go: https pages of its service's domains, or its own start
/// origin (a self-hosted server on plain http).
pub struct Destination {
    hosts: Vec<String>,
    start: Url,
}

impl Destination {
    pub fn new(domains: &[String], start: Url) -> Destination {
        Destination { hosts: domains.iter().map(|d| d.to_ascii_lowercase()).collect(), start }
    }

    /// Whether the page now at `current` may get the login.
    pub fn admits(&self, current: &Url) -> bool {
        let own = current.scheme() == "https" && current.host_str().is_some_and(|h| host_belongs(&self.hosts, h));
        own || current.origin() == self.start.origin()
    }

    /// The script that fills `login` into the page, checking the page's address once more.
    pub fn script(&self, login: &Login) -> String {
        #[derive(Serialize)]
        struct Filling<'a> {
            user: &'a str,
            secret: &'a str,
            hosts: &'a [String],
            origin: String,
        }
        let filling = Filling {
            user: &login.user,
            secret: login.secret.expose(),
            hosts: &self.hosts,
            origin: self.start.origin().ascii_serialization(),
        };
        let json = serde_json::to_string(&filling).expect("plain strings");
        SCRIPT.replacen(SLOT, &format!("const login = {json};"), 1)
    }
}

/// What the page said the filling did.
#[derive(Debug, PartialEq)]
pub enum Filled {
    Both,
    /// A two-step sign-in: the user name now, the password on its next page.
    UserOnly,
    NoForm,
    /// The page had moved to another site by the time the script ran.
    Elsewhere,
}

impl Filled {
    /// From the script's result as WebKit hands it over (a JSON value).
    pub fn from_result(json: &str) -> Option<Filled> {
        match serde_json::from_str::<String>(json).ok()?.as_str() {
            "filled" => Some(Filled::Both),
            "user-only" => Some(Filled::UserOnly),
            "no-form" => Some(Filled::NoForm),
            "elsewhere" => Some(Filled::Elsewhere),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Url {
        Url::parse(s).unwrap()
    }

    #[test]
    fn only_the_service_own_pages_may_get_the_login() {
        let slack = Destination::new(&["slack.com".into()], u("https://app.slack.com/client"));
        assert!(slack.admits(&u("https://acme.slack.com/sign_in")));
        assert!(slack.admits(&u("https://SLACK.com./")));
        assert!(!slack.admits(&u("http://acme.slack.com/")), "not over plain http");
        assert!(!slack.admits(&u("https://accounts.google.com/o/oauth2")), "not the sign-in provider");
        assert!(!slack.admits(&u("https://slack.com.evil.example/")));
        let own = Destination::new(&["127.0.0.1".into()], u("http://127.0.0.1:8080/?acct=A"));
        assert!(own.admits(&u("http://127.0.0.1:8080/login")), "its own start origin, even on http");
        assert!(!own.admits(&u("http://127.0.0.1:9090/")), "another port is another site");
        assert!(!own.admits(&u("http://localhost:8080/")));
    }

    #[test]
    fn the_script_carries_the_login_as_data() {
        let login = Login::new("anna", "pa\"ss'</script>\\").unwrap();
        let script = Destination::new(&["example.org".into()], u("https://chat.example.org/")).script(&login);
        assert!(!script.contains(SLOT));
        assert!(script.contains(r#""secret":"pa\"ss'</script>\\""#), "{script}");
        assert!(script.contains(r#""hosts":["example.org"],"origin":"https://chat.example.org""#));
    }

    #[test]
    fn results_are_read_strictly() {
        assert_eq!(Filled::from_result("\"filled\""), Some(Filled::Both));
        assert_eq!(Filled::from_result("\"elsewhere\""), Some(Filled::Elsewhere));
        assert_eq!(Filled::from_result("filled"), None);
        assert_eq!(Filled::from_result("\"pwned\""), None);
    }
}
