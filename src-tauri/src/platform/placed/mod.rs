//! What Windows and macOS share: Tauri puts child webviews where they are told (`set_bounds`), on
//! every resize; both always have a tray host; the app takes its global shortcut itself. Each
//! file is the concern of the same name, which those OSes re-export or build on.

pub mod engine;
pub mod layout;
pub mod shortcuts;
pub mod system;
pub mod tray;
