//! Linux: GTK and WebKitGTK, one file per concern (the names every OS has; `platform/mod.rs`
//! lists what each must offer).

pub mod downloads;
pub mod engine;
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
pub mod tray;
