//! macOS: WKWebView, one file per concern (the names every OS has; `platform/mod.rs` lists what
//! each must offer). Each account has its own cookie and storage store through
//! `data_store_identifier` (macOS 14 and later; older versions are told they can't keep two
//! accounts of one service apart). Not here yet: the offline and crash pages, the permission
//! question (WebKit asks itself), notification clicks. Placement, the tray and the global
//! shortcut are shared with Windows (`placed/`).

pub use super::placed::{engine, tray};
pub mod downloads;
pub mod layout;
pub mod memory;
pub mod network;
pub mod notifications;
pub mod pages;
pub mod permissions;
pub mod shortcuts;
pub mod spelling;
pub mod system;
