//! What differs between the operating systems, behind one interface: a folder per OS
//! (`linux/`: GTK, WebKitGTK; `windows/`: WebView2; `macos/`: WKWebView; `placed/`: what Windows
//! and macOS share), one file per concern with the same name in each. The lists below are the
//! interface: every OS must offer each name, so a missing piece is a compile error on that OS
//! (`make check-windows`, `make check-macos`). The code here calls no module above it: what it
//! must tell them goes through `hooks`, set at start.

#[cfg(target_os = "linux")]
#[path = "linux/mod.rs"]
mod os;
#[cfg(target_os = "windows")]
#[path = "windows/mod.rs"]
mod os;
#[cfg(target_os = "macos")]
#[path = "macos/mod.rs"]
mod os;
/// What Windows and macOS share: webviews placed by hand, Tauri's navigation hook.
#[cfg(any(target_os = "windows", target_os = "macos"))]
mod placed;

pub mod files;
pub mod hooks;
pub mod input;
pub mod memory;
pub mod notifications;
pub mod outside;

/// The window: the shell and the pages placed in it, one page shown, the unread total on it.
pub use os::layout::{adopt_shell, on_window_event, prepare_window, relayout, set_shown, show_badge};
/// The app's shortcuts with the focus anywhere in the window, and the global one.
pub use os::shortcuts::{bind_through_desktop, desktop_binds_shortcuts, COMMAND_KEY};
/// A service page: where it keeps its data, its builder, then once made its navigation guard,
/// recovery and permissions; a removed account's data deleted.
pub use os::pages::{adopt_page, delete_page_data, page_builder, page_home};
pub use os::permissions::answer_permission;
/// Which proxies an account's page can go through here (never around one it can't), and whether
/// its sign-in stays when its proxy changes.
pub use os::network::{proxy_keeps_sign_in, proxy_support};
pub use os::downloads::download;
/// Spell checking in the pages: the dictionaries to pick from (`None`: the system's own checker
/// and languages), and the languages a page checks.
pub use os::spelling::{dictionaries, set_spelling};
/// Whether the desktop has a tray to hide the window to.
pub use os::tray::find_tray_host;
/// The process, the user agent, the user's input, the user's own programs.
pub use os::system::{
    display_ready, engine_user_agent, input_idle_for, input_just_now, isolation_warning, open_outside, opened_links, prepare_process,
    USER_AGENT_OS,
};
pub use memory::MemoryReport;

/// Where an account's page keeps its cookies, storage and cache (its pop-ups share it): a
/// folder, and on Windows and macOS a store of its own in it.
#[derive(Clone)]
pub struct PageHome {
    pub folder: std::path::PathBuf,
    pub store: Option<[u8; 16]>,
}
pub use notifications::{Answer, Notifier, OnAnswer, OsNotification};

/// What the engine says of a page, never the page itself.
pub mod engine {
    pub use super::os::engine::{committed_address, evaluate_apart};
}

/// Runs `script` in a webview's main frame, beside the page's own scripts (every engine can);
/// `done` gets its result as JSON.
pub fn evaluate_in_page(webview: &tauri::Webview, script: String, done: impl FnOnce(Option<String>) + Send + 'static) -> tauri::Result<()> {
    let done = std::sync::Mutex::new(Some(done));
    webview.eval_with_callback(script, move |json| {
        if let Some(done) = done.lock().ok().and_then(|mut d| d.take()) {
            done(Some(json));
        }
    })
}
