//! Translation in the running app: the provider's key from the keychain, one request over HTTPS
//! (off the async threads) with a time limit, and its answer in the user's words.

use crate::problem::Problem;
use crate::vault;
use std::time::Duration;
use switchboard_core::translate::{self, Provider, Translated, TranslationSettings};

/// How long a provider has to answer before the user is told it is too slow.
pub const TIMEOUT: Duration = Duration::from_secs(15);
/// The longest answer read: a translation of `translate::MAX_TEXT_CHARS` fits many times.
const MAX_ANSWER_BYTES: u64 = 1024 * 1024;

/// The key's name in the keychain: the provider and the server the key is sent to, so that a
/// key typed for one server never goes to another (a changed address asks for the key again).
/// DeepL's own servers are named by the provider alone (the key itself says which one).
pub fn key_name(settings: &TranslationSettings) -> Option<String> {
    let origin = |server: &str| translate::server_address(server).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
    Some(match settings.provider? {
        Provider::LibreTranslate => format!("libretranslate@{}", origin(&settings.server)),
        Provider::DeepL => match std::env::var("SWITCHBOARD_DEEPL_URL") {
            Ok(server) => format!("deepl@{}", origin(&server)),
            Err(_) => "deepl".into(),
        },
    })
}

/// Where versions before that kept a LibreTranslate key, for whatever server was set.
const UNSCOPED_LIBRETRANSLATE: &str = "libretranslate";

/// Where DeepL is reached: its own servers for the key, unless SWITCHBOARD_DEEPL_URL names
/// another server that speaks its API (a proxy, or a test's local one).
fn deepl_server(key: Option<&str>) -> String {
    std::env::var("SWITCHBOARD_DEEPL_URL").unwrap_or_else(|_| translate::deepl_server(key.unwrap_or_default()).to_string())
}

/// Where the text goes, named as the user is told it: the server's host.
pub fn destination(settings: &TranslationSettings, key: Option<&str>) -> Option<String> {
    let server = match settings.provider? {
        Provider::LibreTranslate => settings.server.clone(),
        Provider::DeepL => deepl_server(key),
    };
    translate::server_address(&server).ok().and_then(|u| u.host_str().map(str::to_owned))
}

/// The key saved for this profile's provider and server, if any. A LibreTranslate key saved
/// before keys had their server in their name belongs to the server set now (the one it was
/// typed for): it moves to that server's name.
pub async fn saved_key(profile_id: &str, settings: &TranslationSettings) -> Result<Option<vault::Secret>, Problem> {
    let Some(name) = key_name(settings) else { return Ok(None) };
    let (id, unscoped) = (profile_id.to_string(), settings.provider == Some(Provider::LibreTranslate));
    Ok(vault::off_thread(move || {
        if let Some(key) = vault::load_kept(vault::Kept::Key, &id, &name)? {
            return Ok(Some(key));
        }
        let Some(old) = unscoped.then(|| vault::load_kept(vault::Kept::Key, &id, UNSCOPED_LIBRETRANSLATE)).transpose()?.flatten() else { return Ok(None) };
        vault::save_kept(vault::Kept::Key, &id, &name, &old)?;
        vault::remove_kept(vault::Kept::Key, &id, UNSCOPED_LIBRETRANSLATE)?;
        Ok(Some(old))
    })
    .await?)
}

/// Translates `text` with the user's provider; also says where it went.
pub async fn translate(profile_id: &str, settings: &TranslationSettings, text: &str, from: &str, to: &str) -> Result<(Translated, String), Problem> {
    let provider = settings.provider.ok_or(Problem::new("translate.not_set_up"))?;
    let key = saved_key(profile_id, settings).await?;
    let key = key.as_ref().map(vault::Secret::expose);
    let server = match provider {
        Provider::LibreTranslate => settings.server.clone(),
        Provider::DeepL => deepl_server(key),
    };
    let request = translate::request(provider, &server, key, text, from, to)?;
    let host = destination(settings, key).unwrap_or(server);
    let shown = host.clone();
    let (status, body) = tauri::async_runtime::spawn_blocking(move || send(&request, &shown)).await.map_err(Problem::internal)??;
    Ok((translate::answer(provider, status, &body, &host)?, host))
}

/// Sends one request; any answer the server gives is handed back with its status.
fn send(request: &translate::Request, host: &str) -> Result<(u16, String), Problem> {
    // No redirect is followed: the text (and the key) go to the server the user named, or nowhere.
    // A server on this machine (plain http is allowed only there) is reached directly, never
    // through a proxy from the environment, which would carry the text and the key in clear.
    let local = url::Url::parse(&request.url).is_ok_and(|u| u.scheme() == "http");
    let mut config = ureq::Agent::config_builder().timeout_global(Some(TIMEOUT)).http_status_as_error(false).max_redirects(0);
    if local {
        config = config.proxy(None);
    }
    let config = config.build();
    let agent = ureq::Agent::new_with_config(config);
    let mut call = agent.post(&request.url).header("Content-Type", "application/json");
    if let Some(authorization) = &request.authorization {
        call = call.header("Authorization", authorization);
    }
    let failed = |e: ureq::Error| match e {
        ureq::Error::Timeout(_) => Problem::new("translate.timeout").with("server", host).with("seconds", TIMEOUT.as_secs()),
        other => Problem::new("translate.unreachable").with("server", host).with("detail", other),
    };
    let mut response = call.send(request.body.to_string()).map_err(failed)?;
    let status = response.status().as_u16();
    let body = response.body_mut().with_config().limit(MAX_ANSWER_BYTES).read_to_string().map_err(failed)?;
    Ok((status, body))
}
