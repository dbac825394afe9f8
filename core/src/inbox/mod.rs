//! What the inbox decides: which count a badge shows, and when a notification may sound.

pub mod chats;
pub mod once;
pub mod policy;
pub mod tags;
pub mod unread;
