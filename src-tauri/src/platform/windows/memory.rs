//! Which processes each account runs, and what they cost (the Memory view). Each account has its
//! own user-data folder, so its own WebView2 browser process, whose tree holds its renderers,
//! GPU and network processes: all of it is the account's. What is left under this process is the
//! app's (itself, the sidebar's WebView2). Memory is the private working set (Task Manager's
//! "Memory" column): shared libraries are not counted.

use crate::platform::memory::{AccountMemory, MemoryReport};
use std::collections::HashMap;
use std::sync::Mutex;
use windows::Win32::Foundation::CloseHandle;
use windows::Win32::System::Diagnostics::ToolHelp::{CreateToolhelp32Snapshot, Process32FirstW, Process32NextW, PROCESSENTRY32W, TH32CS_SNAPPROCESS};
use windows::Win32::System::ProcessStatus::{K32GetProcessMemoryInfo, PROCESS_MEMORY_COUNTERS, PROCESS_MEMORY_COUNTERS_EX2};
use windows::Win32::System::Threading::{OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION};

/// Account → its WebView2 browser process.
static BROWSERS: Mutex<Option<HashMap<String, u32>>> = Mutex::new(None);

pub(super) fn note(account: &str, browser: u32) {
    BROWSERS.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(HashMap::new).insert(account.to_string(), browser);
}

/// WebView2 names each page's browser process itself (`note`).
pub fn snapshot() {}

pub fn claim_new(_app: &tauri::AppHandle, _account: &str, _before: ()) {}

/// The account's page is gone (asleep, disabled, removed).
pub fn forget(account: &str) {
    if let Some(browsers) = BROWSERS.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        browsers.remove(account);
    }
}

/// A WebView2 browser process ends by itself once the last webview of its data folder
/// has closed.
pub fn release_network(_accounts_dir: &std::path::Path, _account: &str) {}

/// Every process on the system with its parent.
fn parents() -> HashMap<u32, u32> {
    let mut out = HashMap::new();
    // SAFETY: the snapshot handle is closed before returning; `entry` is sized as the API asks.
    unsafe {
        let Ok(snapshot) = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0) else { return out };
        let mut entry = PROCESSENTRY32W { dwSize: std::mem::size_of::<PROCESSENTRY32W>() as u32, ..Default::default() };
        let mut more = Process32FirstW(snapshot, &mut entry).is_ok();
        while more {
            out.insert(entry.th32ProcessID, entry.th32ParentProcessID);
            more = Process32NextW(snapshot, &mut entry).is_ok();
        }
        let _ = CloseHandle(snapshot);
    }
    out
}

fn private_kib(pid: u32) -> u64 {
    // SAFETY: the process handle is closed before returning; the counters are sized as asked.
    unsafe {
        let Ok(process) = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, false, pid) else { return 0 };
        let mut counters = PROCESS_MEMORY_COUNTERS_EX2 { cb: std::mem::size_of::<PROCESS_MEMORY_COUNTERS_EX2>() as u32, ..Default::default() };
        let read = K32GetProcessMemoryInfo(process, &mut counters as *mut _ as *mut PROCESS_MEMORY_COUNTERS, counters.cb).as_bool();
        let _ = CloseHandle(process);
        if read {
            (counters.PrivateWorkingSetSize / 1024) as u64
        } else {
            0
        }
    }
}

/// What each of `ids` costs now, and the app itself.
pub fn report(_accounts_dir: &std::path::Path, ids: &[String]) -> MemoryReport {
    let parents = parents();
    let browsers = BROWSERS.lock().unwrap_or_else(|e| e.into_inner()).clone().unwrap_or_default();
    let mut report = MemoryReport { measured: true, ..Default::default() };
    let mut counted = std::collections::HashSet::new();
    for id in ids {
        let mut account = AccountMemory { id: id.clone(), ..Default::default() };
        if let Some(&browser) = browsers.get(id).filter(|pid| parents.contains_key(pid)) {
            let tree = std::iter::once(browser).chain(switchboard_core::processes::descendants(browser, &parents));
            for pid in tree {
                account.web_kib += private_kib(pid);
                account.processes += 1;
                counted.insert(pid);
            }
        }
        report.accounts.push(account);
    }
    let own = std::process::id();
    for pid in std::iter::once(own).chain(switchboard_core::processes::descendants(own, &parents)) {
        if !counted.contains(&pid) {
            report.app_kib += private_kib(pid);
            report.app_processes += 1;
        }
    }
    report.total_kib = report.app_kib + report.accounts.iter().map(|a| a.web_kib + a.network_kib).sum::<u64>();
    report
}
