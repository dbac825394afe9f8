//! Windows: the user agent, the user's input, account isolation.

pub use crate::platform::placed::system::{display_ready, input_just_now, open_outside, prepare_process};
use std::time::Duration;

/// How a browser on this platform names it in its user agent.
pub const USER_AGENT_OS: &str = "Windows NT 10.0; Win64; x64";

/// WebView2 presents itself as the current Edge, which every site takes as it is.
pub fn engine_user_agent() -> Option<String> {
    None
}

/// How long since the user last pressed a key or moved the mouse anywhere in their session.
pub fn input_idle_for() -> Option<Duration> {
    use windows::Win32::System::SystemInformation::GetTickCount;
    use windows::Win32::UI::Input::KeyboardAndMouse::{GetLastInputInfo, LASTINPUTINFO};
    let mut info = LASTINPUTINFO { cbSize: std::mem::size_of::<LASTINPUTINFO>() as u32, dwTime: 0 };
    // SAFETY: `info` is a properly sized LASTINPUTINFO owned by this frame.
    let known = unsafe { GetLastInputInfo(&mut info) }.as_bool();
    known.then(|| Duration::from_millis(u64::from(unsafe { GetTickCount() }.wrapping_sub(info.dwTime))))
}

/// Accounts are kept apart on every version (each its own WebView2 user-data folder).
pub fn isolation_warning() -> Option<crate::problem::Problem> {
    None
}


/// Links the system hands the running app by an event: none here — a link starts the app again
/// with it on the command line (the .desktop entry's %u, the protocol's registry command), and
/// that launch passes it to the running one (`instance`).
pub fn opened_links(_event: &tauri::RunEvent) -> Vec<String> {
    vec![]
}
