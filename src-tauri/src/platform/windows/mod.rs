//! Windows: WebView2, one file per concern (the names every OS has; `platform/mod.rs` lists what
//! each must offer). Each account's page is a named profile (its own cookies, storage, cache) of
//! a browser shared by the accounts with the same proxy (`pages::page_home`); Tauri passes the
//! profile name through our patch of its runtime (patches/). Placement, the tray and the global
//! shortcut are shared with macOS (`placed/`).

pub use super::placed::{engine, tray};
use tauri::{AppHandle, Webview};
pub mod downloads;
pub mod layout;
pub mod memory;
mod navigation;
pub mod network;
pub mod notifications;
pub mod pages;
pub mod permissions;
mod recovery;
pub mod shortcuts;
pub mod spelling;
pub mod system;

/// What every watcher of one page needs.
#[derive(Clone)]
struct Page {
    pub app: AppHandle,
    pub webview: Webview,
    pub account: String,
    pub label: String,
}
