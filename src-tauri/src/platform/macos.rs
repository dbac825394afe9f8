//! macOS: WKWebView. What is not written here yet is missing on macOS: app shortcuts with the
//! focus inside a page, the offline and crash pages, the permission question, notification
//! clicks, and each account its own cookie store (`data_store_identifier`, macOS 14+).

pub use super::placed::*;

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Cmd";
