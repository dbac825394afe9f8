//! Which processes each account runs, and what they cost (the Memory view). Accounts are
//! profiles of a shared browser: WebView2 says which frames each renderer process draws, so a
//! renderer is the account's whose page it draws; the browser itself, its GPU and network
//! processes are one line of their own. An account with a folder of its own (made before
//! profiles) has the whole browser. What is left under this process is the app's (itself, the
//! sidebar's WebView2). Memory is the private working set (Task Manager's "Memory" column).

use crate::platform::memory::{AccountMemory, MemoryReport};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{mpsc, Mutex};
use std::time::Duration;
use switchboard_core::processes::{attribute, Owner};
use webview2_com::GetProcessExtendedInfosCompletedHandler;
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use windows::core::Interface;
use windows::Win32::Foundation::CloseHandle;
use windows::Win32::System::Diagnostics::ToolHelp::{CreateToolhelp32Snapshot, Process32FirstW, Process32NextW, PROCESSENTRY32W, TH32CS_SNAPPROCESS};
use windows::Win32::System::ProcessStatus::{K32GetProcessMemoryInfo, PROCESS_MEMORY_COUNTERS, PROCESS_MEMORY_COUNTERS_EX2};
use windows::Win32::System::Threading::{OpenProcess, PROCESS_QUERY_LIMITED_INFORMATION};

/// Account → its page's browser process and main frame.
static PAGES: Mutex<Option<HashMap<String, (u32, u32)>>> = Mutex::new(None);

thread_local! {
    /// Each browser's environment, to ask for its processes (main thread only).
    static ENVIRONMENTS: RefCell<HashMap<u32, ICoreWebView2Environment13>> = RefCell::new(HashMap::new());
}

/// Notes a page's browser and main frame (main thread, as the page is adopted).
pub(super) unsafe fn note(account: &str, core: &ICoreWebView2) -> windows::core::Result<()> {
    let mut browser = 0u32;
    core.BrowserProcessId(&mut browser)?;
    let mut frame = 0u32;
    core.cast::<ICoreWebView2_20>()?.FrameId(&mut frame)?;
    let environment = core.cast::<ICoreWebView2_2>()?.Environment()?.cast::<ICoreWebView2Environment13>()?;
    ENVIRONMENTS.with(|e| e.borrow_mut().insert(browser, environment));
    PAGES.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(HashMap::new).insert(account.to_string(), (browser, frame));
    Ok(())
}

/// The browser process of each open page (for the recovery of a browser that ended).
pub(super) fn browser_of(account: &str) -> Option<u32> {
    PAGES.lock().unwrap_or_else(|e| e.into_inner()).as_ref()?.get(account).map(|p| p.0)
}

/// The accounts whose page runs in `browser`.
pub(super) fn accounts_of(browser: u32) -> Vec<String> {
    let pages = PAGES.lock().unwrap_or_else(|e| e.into_inner());
    pages.iter().flatten().filter(|(_, p)| p.0 == browser).map(|(a, _)| a.clone()).collect()
}

/// WebView2 names each page's browser process itself (`note`).
pub fn snapshot() {}

pub fn claim_new(_app: &tauri::AppHandle, _account: &str, _before: ()) {}

/// The account's page is gone (asleep, disabled, removed).
pub fn forget(account: &str) {
    if let Some(pages) = PAGES.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        pages.remove(account);
    }
}

/// A WebView2 browser process ends by itself once the last webview of its data folder
/// has closed.
pub fn release_network(_accounts_dir: &std::path::Path, _account: &str) {}

/// Each renderer process of the live browsers with the frames it draws, as WebView2 tells (asked
/// on the main thread; at most two seconds waited for each browser's answer).
fn renderers(app: &tauri::AppHandle) -> HashMap<u32, Vec<u32>> {
    let (count_tx, count_rx) = mpsc::channel();
    let (tx, rx) = mpsc::channel::<HashMap<u32, Vec<u32>>>();
    let asked = app.run_on_main_thread(move || {
        ENVIRONMENTS.with(|environments| {
            let live: Vec<u32> = PAGES.lock().unwrap_or_else(|e| e.into_inner()).iter().flatten().map(|(_, p)| p.0).collect();
            environments.borrow_mut().retain(|browser, _| live.contains(browser));
            let _ = count_tx.send(environments.borrow().len());
            for environment in environments.borrow().values() {
                let tx = tx.clone();
                let handler = GetProcessExtendedInfosCompletedHandler::create(Box::new(move |result, infos| {
                    // SAFETY: WebView2 answers on the main thread with a live collection.
                    let _ = tx.send(result.ok().and(infos).map(|infos| unsafe { renderers_in(&infos) }).unwrap_or_default());
                    Ok(())
                }));
                // SAFETY: on the main thread, where the environment lives.
                let _ = unsafe { environment.GetProcessExtendedInfos(&handler) };
            }
        })
    });
    let mut out = HashMap::new();
    let expected = if asked.is_ok() { count_rx.recv_timeout(Duration::from_secs(2)).unwrap_or(0) } else { 0 };
    for _ in 0..expected {
        match rx.recv_timeout(Duration::from_secs(2)) {
            Ok(found) => out.extend(found),
            Err(_) => break,
        }
    }
    out
}

unsafe fn renderers_in(infos: &ICoreWebView2ProcessExtendedInfoCollection) -> HashMap<u32, Vec<u32>> {
    let mut out = HashMap::new();
    let mut count = 0u32;
    if infos.Count(&mut count).is_err() {
        return out;
    }
    for index in 0..count {
        let Ok(info) = infos.GetValueAtIndex(index) else { continue };
        let (mut pid, mut kind) = (0i32, COREWEBVIEW2_PROCESS_KIND::default());
        let Ok(process) = info.ProcessInfo() else { continue };
        if process.ProcessId(&mut pid).is_err() || process.Kind(&mut kind).is_err() || kind != COREWEBVIEW2_PROCESS_KIND_RENDERER {
            continue;
        }
        let mut frames = vec![];
        if let Ok(iterator) = info.AssociatedFrameInfos().and_then(|f| f.GetIterator()) {
            let mut more = windows::core::BOOL::default();
            while iterator.HasCurrent(&mut more).is_ok() && more.as_bool() {
                let mut id = 0u32;
                if let Ok(frame) = iterator.GetCurrent().and_then(|f| f.cast::<ICoreWebView2FrameInfo2>()) {
                    if frame.FrameId(&mut id).is_ok() {
                        frames.push(id);
                    }
                }
                if iterator.MoveNext(&mut more).is_err() {
                    break;
                }
            }
        }
        out.insert(pid as u32, frames);
    }
    out
}

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

/// What each of `ids` costs now, the browsers they share, and the app itself.
pub fn report(app: &tauri::AppHandle, _accounts_dir: &std::path::Path, ids: &[String]) -> MemoryReport {
    let renderers = renderers(app);
    let parents = parents();
    let pages = PAGES.lock().unwrap_or_else(|e| e.into_inner()).clone().unwrap_or_default();
    let owners = attribute(&pages, &renderers, &parents);
    let mut report = MemoryReport { measured: true, ..Default::default() };
    let mut accounts: HashMap<&String, AccountMemory> = ids.iter().map(|id| (id, AccountMemory { id: id.clone(), ..Default::default() })).collect();
    for (&pid, owner) in &owners {
        let kib = private_kib(pid);
        match owner {
            Owner::Account(id) => {
                if let Some(account) = accounts.get_mut(id) {
                    account.web_kib += kib;
                    account.processes += 1;
                }
            }
            Owner::Shared => {
                report.shared_kib += kib;
                report.shared_processes += 1;
            }
        }
    }
    report.accounts = ids.iter().filter_map(|id| accounts.remove(id)).collect();
    let own = std::process::id();
    for pid in std::iter::once(own).chain(switchboard_core::processes::descendants(own, &parents)) {
        if !owners.contains_key(&pid) {
            report.app_kib += private_kib(pid);
            report.app_processes += 1;
        }
    }
    report.total_kib = report.app_kib + report.shared_kib + report.accounts.iter().map(|a| a.web_kib + a.network_kib).sum::<u64>();
    report
}
