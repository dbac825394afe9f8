//! macOS: the user agent, the user's input, account isolation.

pub use crate::platform::placed::system::{display_ready, input_just_now, open_outside, prepare_process};
use std::time::Duration;

/// How a browser on this platform names it in its user agent (Safari keeps 10_15_7 on every
/// macOS since).
pub const USER_AGENT_OS: &str = "Macintosh; Intel Mac OS X 10_15_7";

/// WKWebView's own user agent has no Safari part, which sites take for an embedded browser.
pub fn engine_user_agent() -> Option<String> {
    Some(crate::catalog::safari_user_agent(USER_AGENT_OS))
}

/// Said once at start where accounts can't be kept apart: before macOS 14 WKWebView has a
/// single store for every page.
pub fn isolation_warning() -> Option<crate::problem::Problem> {
    let out = std::process::Command::new("sw_vers").arg("-productVersion").output().ok()?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let major: u32 = version.split('.').next()?.parse().ok()?;
    (major < 14).then(|| {
        crate::problem::Problem::new("macos.shared_sign_in").with("version", &version)
    })
}

#[link(name = "CoreGraphics", kind = "framework")]
extern "C" {
    fn CGEventSourceSecondsSinceLastEventType(state: i32, event_type: u32) -> f64;
}

/// How long since the user last pressed a key or moved the mouse anywhere in their session.
pub fn input_idle_for() -> Option<Duration> {
    // SAFETY: a plain query: the combined session state (0), any input event type (!0).
    let seconds = unsafe { CGEventSourceSecondsSinceLastEventType(0, !0) };
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

/// Links the system hands the running app: macOS opens an app's URL schemes (CFBundleURLTypes,
/// written by the bundler from plugins.deep-link in tauri.conf.json) by an Apple event, never on
/// its command line.
pub fn opened_links(event: &tauri::RunEvent) -> Vec<String> {
    match event {
        tauri::RunEvent::Opened { urls } => urls.iter().map(|u| u.to_string()).collect(),
        _ => vec![],
    }
}
