//! Translation through a provider the user picked: a LibreTranslate-compatible server (their own
//! or a public one, by address) or DeepL with their own key. Here: the settings, what a request
//! says and what an answer means; the app sends them. Nothing is sent before the user has picked
//! a provider and asked for a translation.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use url::Url;

/// The longest text sent at once: a message or a selection, not a document.
pub const MAX_TEXT_CHARS: usize = 5000;
/// What "from" says when the provider should tell the language itself.
pub const AUTO: &str = "auto";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    LibreTranslate,
    DeepL,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TranslationSettings {
    /// `None` until the user picks one: then nothing is ever sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<Provider>,
    /// A LibreTranslate server's address ("https://translate.example.org/").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub server: String,
    /// The language of what is read: a code, or "auto".
    #[serde(default = "auto")]
    pub from: String,
    /// The user's language, translated into; `None` for the app's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

fn auto() -> String {
    AUTO.into()
}

impl Default for TranslationSettings {
    fn default() -> Self {
        TranslationSettings { provider: None, server: String::new(), from: auto(), to: None }
    }
}

impl TranslationSettings {
    /// The settings as they may be kept: a provider that can be reached, language codes that
    /// look like codes.
    pub fn checked(mut self) -> Result<TranslationSettings, Problem> {
        self.server = self.server.trim().to_string();
        if self.provider == Some(Provider::LibreTranslate) {
            self.server = server_address(&self.server)?.to_string();
        }
        self.from = self.from.trim().to_string();
        if self.from.is_empty() {
            self.from = auto();
        }
        if self.from != AUTO {
            language(&self.from)?;
        }
        self.to = self.to.map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
        if let Some(to) = &self.to {
            language(to)?;
        }
        Ok(self)
    }
}

/// A server's address as typed ("translate.example.org" too): http or https, with a host.
pub fn server_address(typed: &str) -> Result<Url, Problem> {
    let bad = || Problem::new("translate.bad_server").with("server", typed.chars().take(200).collect::<String>());
    let typed = typed.trim();
    if typed.is_empty() {
        return Err(Problem::new("translate.no_server"));
    }
    let with_scheme = if typed.contains("://") { typed.to_string() } else { format!("https://{typed}") };
    let url = Url::parse(&with_scheme).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() || !url.username().is_empty() {
        return Err(bad());
    }
    // Plain http only to this machine: elsewhere the text and the key would cross the network
    // readable by anyone on the way.
    let local = match url.host() {
        Some(url::Host::Domain(name)) => name == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if url.scheme() == "http" && !local {
        return Err(Problem::new("translate.http_not_local").with("server", url.host_str().unwrap_or_default()));
    }
    Ok(url)
}

/// A language code such as "ru", "en", "zh-Hans".
pub fn language(code: &str) -> Result<&str, Problem> {
    let ok = (2..=16).contains(&code.len())
        && code.split('-').all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(code)
    } else {
        Err(Problem::new("translate.bad_language").with("language", code.chars().take(20).collect::<String>()))
    }
}

/// One request to the provider, ready to send as JSON.
#[derive(Debug, PartialEq)]
pub struct Request {
    pub url: String,
    /// The Authorization header's value, when the provider takes the key there.
    pub authorization: Option<String>,
    pub body: Value,
}

/// DeepL's address for a key: free keys end in ":fx" and have their own server.
pub fn deepl_server(key: &str) -> &'static str {
    if key.trim().ends_with(":fx") {
        "https://api-free.deepl.com"
    } else {
        "https://api.deepl.com"
    }
}

/// The request that translates `text` from `from` ("auto" too) into `to`. `server` is the
/// LibreTranslate server, or DeepL's (`deepl_server`).
pub fn request(provider: Provider, server: &str, key: Option<&str>, text: &str, from: &str, to: &str) -> Result<Request, Problem> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Problem::new("translate.nothing"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Problem::new("translate.too_long").with("max", MAX_TEXT_CHARS));
    }
    language(to)?;
    if from != AUTO {
        language(from)?;
    }
    let endpoint = |path: &str| -> Result<String, Problem> {
        let base = server_address(server)?;
        Ok(format!("{}/{path}", base.as_str().trim_end_matches('/')))
    };
    match provider {
        Provider::LibreTranslate => {
            let mut body = json!({ "q": text, "source": from, "target": to, "format": "text" });
            if let Some(key) = key.filter(|k| !k.is_empty()) {
                body["api_key"] = json!(key);
            }
            Ok(Request { url: endpoint("translate")?, authorization: None, body })
        }
        Provider::DeepL => {
            let key = key.filter(|k| !k.trim().is_empty()).ok_or(Problem::new("translate.no_key"))?;
            let mut body = json!({ "text": [text], "target_lang": deepl_target(to) });
            if from != AUTO {
                body["source_lang"] = json!(deepl_source(from));
            }
            Ok(Request { url: endpoint("v2/translate")?, authorization: Some(format!("DeepL-Auth-Key {}", key.trim())), body })
        }
    }
}

/// DeepL names a target by language and, for some, the variant: Chinese by script, English and
/// Portuguese by country (plain "EN" and "PT" are retired as targets).
fn deepl_target(code: &str) -> String {
    match code.to_ascii_lowercase().as_str() {
        "zh" | "zh-hans" | "zh-cn" => "ZH-HANS".into(),
        "zh-hant" | "zh-tw" | "zh-hk" => "ZH-HANT".into(),
        "en" => "EN-US".into(),
        "pt" => "PT-BR".into(),
        other => other.to_ascii_uppercase(),
    }
}

/// DeepL names a source by its language alone.
fn deepl_source(code: &str) -> String {
    code.split('-').next().unwrap_or(code).to_ascii_uppercase()
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Translated {
    pub text: String,
    /// The language the provider found the text in, as a code ("ru", "zh").
    pub detected: Option<String>,
}

/// What the provider's answer means for the user. `server` names it in messages.
pub fn answer(provider: Provider, status: u16, body: &str, server: &str) -> Result<Translated, Problem> {
    let value: Value = serde_json::from_str(body).unwrap_or(Value::Null);
    if !(200..300).contains(&status) {
        // LibreTranslate says why in "error", DeepL in "message".
        let said = value.get("error").or_else(|| value.get("message")).and_then(Value::as_str).unwrap_or("");
        let said: String = crate::text::clean_text(said, 200);
        let key_words = said.to_lowercase().contains("api key") || said.to_lowercase().contains("auth");
        let problem = match status {
            401 | 403 => Problem::new("translate.key_refused"),
            400 if provider == Provider::LibreTranslate && key_words => Problem::new("translate.key_refused"),
            429 | 456 => Problem::new("translate.busy"),
            _ => Problem::new("translate.refused").with("status", status).with("detail", if said.is_empty() { "—".into() } else { said }),
        };
        return Err(problem.with("server", server));
    }
    let bad = || Problem::new("translate.bad_answer").with("server", server);
    let (text, detected) = match provider {
        Provider::LibreTranslate => (
            value.get("translatedText").and_then(Value::as_str),
            value.pointer("/detectedLanguage/language").and_then(Value::as_str),
        ),
        Provider::DeepL => (
            value.pointer("/translations/0/text").and_then(Value::as_str),
            value.pointer("/translations/0/detected_source_language").and_then(Value::as_str),
        ),
    };
    let text = text.ok_or_else(bad)?;
    let detected = detected.map(|d| d.to_ascii_lowercase()).filter(|d| language(d).is_ok());
    Ok(Translated { text: crate::text::clean_text(text, MAX_TEXT_CHARS * 4), detected })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_and_an_address_may_be_typed_without_its_scheme() {
        let s = TranslationSettings { provider: Some(Provider::LibreTranslate), server: " translate.example.org ".into(), from: "".into(), to: Some("zh-Hans".into()) };
        let s = s.checked().unwrap();
        assert_eq!((s.server.as_str(), s.from.as_str(), s.to.as_deref()), ("https://translate.example.org/", "auto", Some("zh-Hans")));
        let code = |s: TranslationSettings| s.checked().unwrap_err().code;
        assert_eq!(code(TranslationSettings { provider: Some(Provider::LibreTranslate), ..Default::default() }), "translate.no_server");
        assert_eq!(code(TranslationSettings { provider: Some(Provider::LibreTranslate), server: "ftp://x".into(), ..Default::default() }), "translate.bad_server");
        assert_eq!(code(TranslationSettings { to: Some("ru;x".into()), ..Default::default() }), "translate.bad_language");
        assert!(TranslationSettings { provider: Some(Provider::DeepL), ..Default::default() }.checked().is_ok(), "DeepL needs no address");
        // Plain http only to this machine: the text and the key would cross the network readable.
        let lt = |server: &str| TranslationSettings { provider: Some(Provider::LibreTranslate), server: server.into(), ..Default::default() };
        assert_eq!(code(lt("http://translate.example.org/")), "translate.http_not_local");
        assert_eq!(code(lt("http://192.168.1.20:5000/")), "translate.http_not_local");
        for local in ["http://127.0.0.1:5000/", "http://localhost:5000/", "http://[::1]:5000/"] {
            assert!(lt(local).checked().is_ok(), "{local}");
        }
    }

    #[test]
    fn libretranslate_requests_carry_the_key_in_the_body() {
        let r = request(Provider::LibreTranslate, "http://127.0.0.1:5000/", Some("k1"), " Привет ", "auto", "zh-Hans").unwrap();
        assert_eq!(r.url, "http://127.0.0.1:5000/translate");
        assert_eq!(r.body, json!({"q": "Привет", "source": "auto", "target": "zh-Hans", "format": "text", "api_key": "k1"}));
        assert_eq!(r.authorization, None);
        let r = request(Provider::LibreTranslate, "https://lt.example.org/api", None, "x", "ru", "en").unwrap();
        assert_eq!(r.url, "https://lt.example.org/api/translate");
        assert!(r.body.get("api_key").is_none());
    }

    #[test]
    fn deepl_requests_carry_the_key_in_a_header_and_name_languages_its_way() {
        assert_eq!(deepl_server("abc:fx"), "https://api-free.deepl.com");
        assert_eq!(deepl_server("abc"), "https://api.deepl.com");
        let r = request(Provider::DeepL, "https://api-free.deepl.com", Some("abc:fx"), "Hello", "en", "zh-Hans").unwrap();
        assert_eq!(r.url, "https://api-free.deepl.com/v2/translate");
        assert_eq!(r.authorization.as_deref(), Some("DeepL-Auth-Key abc:fx"));
        assert_eq!(r.body, json!({"text": ["Hello"], "target_lang": "ZH-HANS", "source_lang": "EN"}));
        let r = request(Provider::DeepL, "https://api.deepl.com", Some("k"), "Привет", "auto", "en").unwrap();
        assert_eq!(r.body, json!({"text": ["Привет"], "target_lang": "EN-US"}));
        assert_eq!(request(Provider::DeepL, "https://api.deepl.com", None, "x", "auto", "en").unwrap_err().code, "translate.no_key");
    }

    #[test]
    fn what_is_sent_is_bounded() {
        assert_eq!(request(Provider::LibreTranslate, "https://x.org", None, "  ", "auto", "en").unwrap_err().code, "translate.nothing");
        let long = "я".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(request(Provider::LibreTranslate, "https://x.org", None, &long, "auto", "en").unwrap_err().code, "translate.too_long");
    }

    #[test]
    fn answers_and_refusals_read_as_the_user_needs_them() {
        let ok = answer(Provider::LibreTranslate, 200, r#"{"translatedText":"你好","detectedLanguage":{"confidence":90,"language":"ru"}}"#, "lt").unwrap();
        assert_eq!(ok, Translated { text: "你好".into(), detected: Some("ru".into()) });
        let ok = answer(Provider::DeepL, 200, r#"{"translations":[{"detected_source_language":"RU","text":"Hello"}]}"#, "DeepL").unwrap();
        assert_eq!(ok, Translated { text: "Hello".into(), detected: Some("ru".into()) });
        let code = |p, status, body: &str| answer(p, status, body, "srv").unwrap_err();
        assert_eq!(code(Provider::LibreTranslate, 403, r#"{"error":"Invalid API key"}"#).code, "translate.key_refused");
        assert_eq!(code(Provider::LibreTranslate, 400, r#"{"error":"Visit https://portal.libretranslate.com to get an API key"}"#).code, "translate.key_refused");
        assert_eq!(code(Provider::DeepL, 403, "").code, "translate.key_refused");
        assert_eq!(code(Provider::DeepL, 456, r#"{"message":"Quota exceeded"}"#).code, "translate.busy");
        let other = code(Provider::LibreTranslate, 400, r#"{"error":"zz is not supported"}"#);
        assert_eq!((other.code, other.args["detail"].as_str(), other.args["server"].as_str()), ("translate.refused", "zz is not supported", "srv"));
        assert_eq!(code(Provider::LibreTranslate, 200, "<html>").code, "translate.bad_answer");
    }
}
