//! The languages Switchboard speaks, and its messages in them. One file per language,
//! `ui/locales/<code>.json`, is the single source: the UI loads it as it is, and the app's own
//! texts (tray, notifications) are formatted here from the same file.
//!
//! A message is a text with `{name}` placeholders, or, for a text that depends on a number, an
//! object of CLDR plural forms ("one", "few", "many", "other", …) chosen by the `count` argument.
//! A message missing in a language falls back to English.

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
    ZhHans,
    ZhHant,
    Ar,
    /// "en-XA": English with every letter accented and every message bracketed, so that a text
    /// left out of the message files stands out (the tests walk the window in it).
    Pseudo,
}

impl Lang {
    pub const ALL: [Lang; 5] = [Lang::En, Lang::Ru, Lang::ZhHans, Lang::ZhHant, Lang::Ar];

    /// Its BCP 47 code, also the name of its message file.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::ZhHans => "zh-Hans",
            Lang::ZhHant => "zh-Hant",
            Lang::Ar => "ar",
            Lang::Pseudo => "en-XA",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.into_iter().chain([Lang::Pseudo]).find(|l| l.code().eq_ignore_ascii_case(code))
    }

    /// The language of an OS locale: "ru_RU.UTF-8", "zh_TW", "zh-Hant-HK", "ar-EG", "en-US".
    /// Chinese of Taiwan, Hong Kong and Macau is Traditional, other Chinese Simplified.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let tag = locale.split(['.', '@']).next()?.replace('_', "-").to_ascii_lowercase();
        let mut parts = tag.split('-');
        Some(match parts.next()? {
            "en" if parts.next() == Some("xa") => Lang::Pseudo,
            "en" => Lang::En,
            "ru" => Lang::Ru,
            "ar" => Lang::Ar,
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                let traditional = rest.iter().any(|p| matches!(*p, "hant" | "tw" | "hk" | "mo"));
                let simplified = rest.contains(&"hans");
                if traditional && !simplified {
                    Lang::ZhHant
                } else {
                    Lang::ZhHans
                }
            }
            _ => return None,
        })
    }

    /// The first of the user's locales we speak; English when none.
    pub fn negotiate<'a>(locales: impl IntoIterator<Item = &'a str>) -> Lang {
        locales.into_iter().find_map(Lang::from_locale).unwrap_or(Lang::En)
    }

    /// Written right to left: the window mirrors.
    pub fn rtl(self) -> bool {
        self == Lang::Ar
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En | Lang::Pseudo => include_str!("../../ui/locales/en.json"),
            Lang::Ru => include_str!("../../ui/locales/ru.json"),
            Lang::ZhHans => include_str!("../../ui/locales/zh-Hans.json"),
            Lang::ZhHant => include_str!("../../ui/locales/zh-Hant.json"),
            Lang::Ar => include_str!("../../ui/locales/ar.json"),
        }
    }

    fn messages(self) -> &'static Messages {
        static ALL: [OnceLock<Messages>; 5] = [const { OnceLock::new() }; 5];
        let at = Lang::ALL.iter().position(|l| *l == self).unwrap_or(0);
        ALL[at].get_or_init(|| {
            // The files are part of the build and checked by the tests below.
            serde_json::from_str(self.source()).unwrap_or_default()
        })
    }

    fn plural(self, count: f64) -> PluralCategory {
        let id: unic_langid::LanguageIdentifier = self.code().split('-').next().unwrap_or("en").parse().unwrap_or_default();
        PluralRules::create(id, PluralRuleType::CARDINAL)
            .ok()
            .and_then(|rules| rules.select(count).ok())
            .unwrap_or(PluralCategory::OTHER)
    }
}

#[derive(Deserialize, Debug, Clone)]
#[serde(untagged)]
pub enum Message {
    Text(String),
    /// Plural forms by CLDR category name.
    Plural(BTreeMap<String, String>),
}

pub type Messages = BTreeMap<String, Message>;

/// Message `id` in `lang` with `args` put in; `id` itself when no language has it.
pub fn t(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    let message = lang.messages().get(id).map(|m| (lang, m)).or_else(|| Lang::En.messages().get(id).map(|m| (Lang::En, m)));
    let Some((lang, message)) = message else { return id.to_string() };
    let mut text = match message {
        Message::Text(text) => text.as_str(),
        Message::Plural(forms) => {
            let count = args.iter().find(|(name, _)| *name == "count").and_then(|(_, v)| v.parse::<f64>().ok()).unwrap_or(0.0);
            let category = category_name(lang.plural(count));
            forms.get(category).or_else(|| forms.get("other")).map(String::as_str).unwrap_or_default()
        }
    }
    .to_string();
    if lang == Lang::Pseudo {
        text = pseudo(&text);
    }
    args.iter().fold(text, |out, (name, value)| out.replace(&format!("{{{name}}}"), &isolated(lang, value)))
}

/// An argument as it goes into a sentence of `lang`: a text isolated (FSI … PDI) where directions
/// mix — any text in a right-to-left language, a right-to-left text in any language — so that a
/// name from a page keeps its own direction and takes no punctuation of the sentence with it.
fn isolated(lang: Lang, value: &str) -> String {
    let rtl_text = value.chars().any(|c| matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}'));
    let number = value.chars().all(|c| c.is_ascii_digit());
    if (lang.rtl() && !number) || rtl_text {
        format!("\u{2068}{value}\u{2069}")
    } else {
        value.to_string()
    }
}

/// A message as the pseudo-locale writes it: "⟦Ŝáɱþľé {name}⟧" — letters accented, placeholders
/// kept, bracketed.
pub fn pseudo(text: &str) -> String {
    const PLAIN: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    const ACCENTED: &str = "áƀçďéƒĝĥíĵķľɱñóþǫŕšţúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĽṀÑÓÞǪŔŠŢÚṼŴẊÝŽ";
    let mut out = String::from("⟦");
    let mut in_placeholder = false;
    for c in text.chars() {
        in_placeholder = (in_placeholder || c == '{') && c != '}';
        match PLAIN.find(c) {
            Some(at) if !in_placeholder => out.push(ACCENTED.chars().nth(at).unwrap_or(c)),
            _ => out.push(c),
        }
    }
    out.push('⟧');
    out
}

fn category_name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    }
}

/// The plural forms a language's numbers take (CLDR), for checking the message files.
pub fn plural_forms(lang: Lang) -> Vec<&'static str> {
    let mut forms: Vec<&'static str> = (0..=200).map(|n| category_name(lang.plural(f64::from(n)))).collect();
    forms.sort();
    forms.dedup();
    forms
}

/// The `{name}` placeholders of a text.
pub fn placeholders(text: &str) -> Vec<String> {
    let mut names: Vec<String> = text.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string())).collect();
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_follows_the_os_locale() {
        assert_eq!(Lang::from_locale("ru_RU.UTF-8"), Some(Lang::Ru));
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_locale("zh_TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_locale("zh-Hant-HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_locale("zh-Hans-HK"), Some(Lang::ZhHans));
        assert_eq!(Lang::from_locale("zh_HK.UTF-8"), Some(Lang::ZhHant));
        assert_eq!(Lang::from_locale("ar_EG.UTF-8"), Some(Lang::Ar));
        assert_eq!(Lang::from_locale("de_DE"), None);
        assert_eq!(Lang::negotiate(["de_DE", "ru_RU"]), Lang::Ru, "the first one we speak");
        assert_eq!(Lang::negotiate(["C"]), Lang::En);
        assert!(Lang::Ar.rtl() && !Lang::Ru.rtl());
        assert_eq!(Lang::from_locale("en_XA.UTF-8"), Some(Lang::Pseudo), "the pseudo-locale");
    }

    #[test]
    fn every_message_is_in_every_language_with_the_same_arguments() {
        let english = Lang::En.messages();
        assert!(!english.is_empty());
        for lang in Lang::ALL {
            let messages: Messages = serde_json::from_str(lang.source()).unwrap_or_else(|e| panic!("{}.json: {e}", lang.code()));
            let forms = plural_forms(lang);
            for (id, message) in english {
                let theirs = messages.get(id).unwrap_or_else(|| panic!("{}.json lacks {id}", lang.code()));
                let args = |m: &Message| match m {
                    Message::Text(t) => placeholders(t),
                    Message::Plural(f) => placeholders(f.get("other").map(String::as_str).unwrap_or_default()),
                };
                assert_eq!(args(theirs), args(message), "{}.json: {id} has other arguments", lang.code());
                if let (Message::Plural(_), Message::Plural(theirs)) = (message, theirs) {
                    for form in &forms {
                        assert!(theirs.contains_key(*form), "{}.json: {id} lacks the plural form {form}", lang.code());
                    }
                }
            }
            for id in messages.keys() {
                assert!(english.contains_key(id), "{}.json has {id}, which English lacks", lang.code());
            }
        }
    }

    #[test]
    fn plurals_follow_each_language() {
        let unread = |lang, n: u32| t(lang, "unread.count", &[("count", &n.to_string())]);
        assert_eq!(unread(Lang::En, 1), "1 unread");
        assert_eq!(unread(Lang::Ru, 1), "1 непрочитанное");
        assert_eq!(unread(Lang::Ru, 3), "3 непрочитанных");
        assert_eq!(unread(Lang::Ru, 21), "21 непрочитанное");
        assert_eq!(unread(Lang::Ru, 11), "11 непрочитанных");
        assert_eq!(plural_forms(Lang::Ar), ["few", "many", "one", "other", "two", "zero"]);
        assert_eq!(plural_forms(Lang::ZhHans), ["other"]);
        assert_eq!(t(Lang::Ru, "no.such.message", &[]), "no.such.message");
        assert_eq!(t(Lang::Pseudo, "unread.count", &[("count", "2")]), "⟦2 úñŕéáď⟧", "placeholders stay, letters are accented");
        // Names keep their own direction inside a sentence of the other direction.
        assert_eq!(t(Lang::En, "page.cant_connect", &[("label", "المبيعات")]), "\u{2068}المبيعات\u{2069} can't connect");
        assert_eq!(t(Lang::En, "page.cant_connect", &[("label", "Sales")]), "Sales can't connect");
        assert_eq!(t(Lang::Ar, "page.cant_connect", &[("label", "Sales")]), "تعذّر اتصال \u{2068}Sales\u{2069}");
    }
}
