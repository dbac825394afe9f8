//! macOS: no figures here yet: the Memory view says so.

use crate::platform::memory::MemoryReport;

pub fn snapshot() {}

pub fn claim_new(_app: &tauri::AppHandle, _account: &str, _before: ()) {}

pub fn forget(_account: &str) {}

/// WebKit on macOS shares one network process between all data stores and ends what it
/// no longer needs by itself.
pub fn release_network(_accounts_dir: &std::path::Path, _account: &str) {}

pub fn report(_app: &tauri::AppHandle, _accounts_dir: &std::path::Path, _ids: &[String]) -> MemoryReport {
    MemoryReport::default()
}
