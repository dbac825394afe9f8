//! Something that went wrong, the way the user is told: a message id and its arguments. The UI
//! words it in the user's language (`problem.<code>` in ui/locales); `Display` gives the English
//! text, for the command line and the log.

use crate::i18n::{t, Lang};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub code: &'static str,
    pub args: BTreeMap<&'static str, String>,
}

impl Problem {
    pub fn new(code: &'static str) -> Problem {
        Problem { code, args: BTreeMap::new() }
    }

    /// A failure of the machinery rather than of anything the user did, in the system's words.
    pub fn internal(detail: impl fmt::Display) -> Problem {
        Problem::new("internal").with("detail", detail)
    }

    /// With argument `{name}` of the message.
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Problem {
        self.args.insert(name, value.to_string());
        self
    }

    pub fn in_language(&self, lang: Lang) -> String {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        t(lang, &format!("problem.{}", self.code), &args)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_language(Lang::En))
    }
}

impl std::error::Error for Problem {}

/// For an error type with a `problem()`: it reads as its problem (`Display`, English) and
/// becomes it where a `Problem` is wanted (`?`).
#[macro_export]
macro_rules! told_as_problem {
    ($error:ty) => {
        impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Display::fmt(&self.problem(), f)
            }
        }

        impl From<$error> for $crate::problem::Problem {
            fn from(e: $error) -> $crate::problem::Problem {
                e.problem()
            }
        }
    };
}

/// Its English text, where English is what is read: the command line, and answers to pages.
impl From<Problem> for String {
    fn from(problem: Problem) -> String {
        problem.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_reads_in_each_language_and_travels_as_code_and_arguments() {
        let problem = Problem::new("settings.bad_sleep").with("minutes", 0).with("max", 10080);
        assert!(problem.to_string().contains("0 minutes"), "{problem}");
        assert!(problem.in_language(Lang::Ru).contains("0 мин"), "{}", problem.in_language(Lang::Ru));
        let sent = serde_json::to_value(&problem).unwrap();
        assert_eq!(sent, serde_json::json!({ "code": "settings.bad_sleep", "args": { "minutes": "0", "max": "10080" } }));
    }
}
