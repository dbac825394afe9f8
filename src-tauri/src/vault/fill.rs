//! "Fill login": which page may receive an account's saved login, and the script that puts it
//! into that page's form. Only the shell asks for it, for one account, when the user does.

use super::Login;
use crate::catalog::Service;
use serde::Serialize;
use url::Url;

const SCRIPT: &str = include_str!("fill.js");
const SLOT: &str = "const login = null;";

/// Where an account's login may go: the pages its service signs in on (`Service::signs_in_at`).
pub struct Destination<'a> {
    service: &'a Service,
}

impl<'a> Destination<'a> {
    pub fn new(service: &'a Service) -> Destination<'a> {
        Destination { service }
    }

    /// Whether the page now at `current` may get the login.
    pub fn admits(&self, current: &Url) -> bool {
        self.service.signs_in_at(current)
    }

    /// The script that fills `login` into the page, checking the page's address once more.
    pub fn script(&self, login: &Login) -> String {
        #[derive(Serialize)]
        struct Filling<'a> {
            user: &'a str,
            secret: &'a str,
            exact: Vec<String>,
            under: Vec<String>,
            origin: String,
        }
        let (exact, under) = self.service.login_hosts();
        let origin = Url::parse(&self.service.url).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
        let filling = Filling { user: &login.user, secret: login.secret.expose(), exact, under, origin };
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
    fn the_script_carries_the_login_and_where_it_may_go_as_data() {
        let login = Login::new("anna", "pa\"ss'</script>\\").unwrap();
        let slack = crate::catalog::find("slack").unwrap();
        let script = Destination::new(slack).script(&login);
        assert!(!script.contains(SLOT));
        assert!(script.contains(r#""secret":"pa\"ss'</script>\\""#), "{script}");
        assert!(script.contains(r#""exact":["slack.com"],"under":["slack.com"],"origin":"https://app.slack.com""#), "{script}");
        assert!(Destination::new(slack).admits(&u("https://acme.slack.com/sign_in")));
        assert!(!Destination::new(slack).admits(&u("http://acme.slack.com/")));
    }

    #[test]
    fn results_are_read_strictly() {
        assert_eq!(Filled::from_result("\"filled\""), Some(Filled::Both));
        assert_eq!(Filled::from_result("\"elsewhere\""), Some(Filled::Elsewhere));
        assert_eq!(Filled::from_result("filled"), None);
        assert_eq!(Filled::from_result("\"pwned\""), None);
    }
}
