//! Which processes each account runs and what they cost, for the Memory view. How they are
//! found and measured is each OS's own (`<os>/memory.rs`, every one with these functions); where
//! an OS gives no figures, the view says so.

pub use super::os::memory::{claim_new, forget, release_network, report, snapshot};

use serde::Serialize;

#[derive(Serialize, Default, Debug, PartialEq)]
pub struct AccountMemory {
    pub id: String,
    /// Its page's web processes.
    pub web_kib: u64,
    /// Its own network process (cookies, cache).
    pub network_kib: u64,
    pub processes: usize,
}

#[derive(Serialize, Default, Debug)]
pub struct MemoryReport {
    /// False where this platform gives no figures.
    pub measured: bool,
    /// The app itself: its own process, the sidebar's web process, and anything not traced to
    /// an account.
    pub app_kib: u64,
    pub app_processes: usize,
    pub accounts: Vec<AccountMemory>,
    /// A browser several accounts share (Windows): itself, its GPU and network processes.
    pub shared_kib: u64,
    pub shared_processes: usize,
    pub total_kib: u64,
}
