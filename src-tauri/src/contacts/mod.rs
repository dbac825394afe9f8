//! The contact index: every chat partner of every account in one local, searchable place.
//! Records live in sled (one per account and chat); the model, search and suggestions are the
//! core's. No window here: the CLI, the shell and the tests use the same calls.

pub mod exchange;
pub mod files;
pub mod live;
pub mod store;

pub use store::{Contacts, MAX_CHATS_PER_ACCOUNT};
pub use switchboard_core::contacts::*;
