//! The user's workspace: the model and its rules are the core's; here, where it is kept.

mod store;
pub mod transfer;

pub use store::{load, on_disk, save, Loaded};
pub use switchboard_core::workspace::*;
