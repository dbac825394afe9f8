//! What differs between the operating systems, behind one set of functions with one file per
//! OS: `linux.rs` (GTK, WebKitGTK), `windows.rs` (WebView2), `macos.rs` (WKWebView). Each file
//! offers the same functions; the shell calls them and names no OS itself.

#[cfg(target_os = "linux")]
mod linux;
#[cfg(target_os = "linux")]
pub use linux::*;

#[cfg(target_os = "windows")]
mod windows;
#[cfg(target_os = "windows")]
pub use windows::*;

#[cfg(target_os = "macos")]
mod macos;
#[cfg(target_os = "macos")]
pub use macos::*;

/// What Windows and macOS share: webviews placed by hand, Tauri's navigation hook.
#[cfg(any(target_os = "windows", target_os = "macos"))]
mod placed;

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
