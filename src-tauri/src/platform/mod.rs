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
