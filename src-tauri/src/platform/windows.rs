//! Windows: WebView2. What is not written here yet is missing on Windows (see the warnings of
//! `make check-windows`): app shortcuts with the focus inside a page, the offline and crash
//! pages, the permission question, notification clicks.

pub use super::placed::*;

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Ctrl";
