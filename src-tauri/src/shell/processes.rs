//! Which processes each account runs and what they cost, for the Memory view.
//!
//! WebKitGTK does not say which web process serves which webview, so the ones that appear while
//! an account's webview is made are noted as its own (webviews are made one at a time, in order,
//! on the main thread). Each account's network process keeps files open in the account's data folder, which
//! names it. Memory is PSS (`/proc/PID/smaps_rollup`): shared libraries are split between the
//! processes that share them instead of being counted once per process. Elsewhere than Linux the
//! view says it has no figures.

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
    pub total_kib: u64,
}

#[cfg(target_os = "linux")]
pub use linux::{claim_new, forget, report, snapshot};

#[cfg(not(target_os = "linux"))]
pub fn forget(_account: &str) {}

#[cfg(not(target_os = "linux"))]
pub fn snapshot() {}

#[cfg(not(target_os = "linux"))]
pub fn claim_new(_app: &tauri::AppHandle, _account: &str, _before: ()) {}

#[cfg(not(target_os = "linux"))]
pub fn report(_accounts_dir: &std::path::Path, _ids: &[String]) -> MemoryReport {
    MemoryReport::default()
}

#[cfg(target_os = "linux")]
mod linux {
    use super::{AccountMemory, MemoryReport};
    use std::collections::{HashMap, HashSet};
    use std::path::{Path, PathBuf};
    use std::sync::Mutex;

    /// Web process id → the account whose webview started it.
    static WEB_OWNERS: Mutex<Option<HashMap<u32, String>>> = Mutex::new(None);

    fn with_owners<T>(f: impl FnOnce(&mut HashMap<u32, String>) -> T) -> T {
        let mut owners = WEB_OWNERS.lock().unwrap_or_else(|e| e.into_inner());
        f(owners.get_or_insert_with(HashMap::new))
    }

    /// The processes there are before a webview is asked for.
    pub fn snapshot() -> HashSet<u32> {
        descendants().into_iter().collect()
    }

    /// Notes as `account`'s the web processes that appeared since `before` and belong to no one
    /// yet, once the main thread has made the webview asked for in between.
    pub fn claim_new(app: &tauri::AppHandle, account: &str, before: HashSet<u32>) {
        let account = account.to_string();
        let _ = app.run_on_main_thread(move || {
            let new = descendants().into_iter().filter(|p| !before.contains(p) && kind(*p) == Kind::Web);
            with_owners(|owners| {
                for pid in new.collect::<Vec<_>>() {
                    owners.entry(pid).or_insert_with(|| account.clone());
                }
            });
        });
    }

    /// The account's page is gone (asleep, disabled, removed).
    pub fn forget(account: &str) {
        with_owners(|owners| owners.retain(|_, a| a != account));
    }

    #[derive(PartialEq, Debug)]
    enum Kind {
        Web,
        Network,
        Other,
    }

    fn kind(pid: u32) -> Kind {
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        if name.starts_with("WebKitWebProces") {
            Kind::Web
        } else if name.starts_with("WebKitNetworkPr") {
            Kind::Network
        } else {
            Kind::Other
        }
    }

    /// This process's children, their children, and so on.
    fn descendants() -> Vec<u32> {
        let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
        for entry in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let Some(pid) = entry.file_name().to_str().and_then(|n| n.parse::<u32>().ok()) else { continue };
            if let Some(parent) = parent_of(pid) {
                children.entry(parent).or_default().push(pid);
            }
        }
        let mut out = vec![];
        let mut todo = children.remove(&std::process::id()).unwrap_or_default();
        while let Some(pid) = todo.pop() {
            out.push(pid);
            todo.extend(children.remove(&pid).unwrap_or_default());
        }
        out
    }

    fn parent_of(pid: u32) -> Option<u32> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // The name in parentheses may hold spaces; the fields after it don't.
        stat.rsplit_once(')')?.1.split_whitespace().nth(1)?.parse().ok()
    }

    fn pss_kib(pid: u32) -> u64 {
        let text = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup")).unwrap_or_default();
        text.lines()
            .find_map(|l| l.strip_prefix("Pss:"))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    }

    /// The account whose data folder (under `accounts_dir`) this process keeps a file open in.
    fn account_by_open_files(pid: u32, accounts_dir: &Path) -> Option<String> {
        let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).ok()?;
        fds.flatten().find_map(|fd| {
            let target: PathBuf = std::fs::read_link(fd.path()).ok()?;
            let id = target.strip_prefix(accounts_dir).ok()?.components().next()?;
            Some(id.as_os_str().to_string_lossy().into_owned())
        })
    }

    /// What each of `ids` costs now, and the app itself.
    pub fn report(accounts_dir: &Path, ids: &[String]) -> MemoryReport {
        let mut accounts: Vec<AccountMemory> =
            ids.iter().map(|id| AccountMemory { id: id.clone(), ..Default::default() }).collect();
        let own = pss_kib(std::process::id());
        let mut report = MemoryReport { measured: true, app_kib: own, app_processes: 1, ..Default::default() };
        let owners = with_owners(|o| o.clone());
        for pid in descendants() {
            let pss = pss_kib(pid);
            let (owner, is_web) = match kind(pid) {
                Kind::Web => (owners.get(&pid).cloned(), true),
                Kind::Network => (account_by_open_files(pid, accounts_dir), false),
                Kind::Other => (None, false),
            };
            let Some(account) = owner.and_then(|id| accounts.iter_mut().find(|a| a.id == id)) else {
                report.app_kib += pss;
                report.app_processes += 1;
                continue;
            };
            if is_web {
                account.web_kib += pss;
            } else {
                account.network_kib += pss;
            }
            account.processes += 1;
        }
        report.total_kib = report.app_kib + accounts.iter().map(|a| a.web_kib + a.network_kib).sum::<u64>();
        report.accounts = accounts;
        report
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_child_is_found_with_its_memory_and_the_account_whose_files_it_holds() {
            let dir = tempfile::tempdir().unwrap();
            let account_dir = dir.path().join("acct1");
            std::fs::create_dir_all(&account_dir).unwrap();
            std::fs::write(account_dir.join("cookies.sqlite"), b"x").unwrap();
            // A real child process holding a file open in the account's folder.
            let mut child = std::process::Command::new("sh")
                .arg("-c")
                .arg("exec 3<\"$0\"; exec sleep 30")
                .arg(account_dir.join("cookies.sqlite"))
                .spawn()
                .unwrap();
            let pid = child.id();
            let found = (0..50).any(|_| {
                std::thread::sleep(std::time::Duration::from_millis(20));
                account_by_open_files(pid, dir.path()).is_some()
            });
            assert!(found, "the child's open file names its account");
            assert_eq!(account_by_open_files(pid, dir.path()).as_deref(), Some("acct1"));
            assert!(descendants().contains(&pid));
            assert!(pss_kib(pid) > 0);
            assert_eq!(kind(pid), Kind::Other);
            let report = report(dir.path(), &["acct1".to_string()]);
            assert!(report.measured && report.app_kib >= pss_kib(std::process::id()));
            assert_eq!(report.accounts[0].processes, 0, "only WebKit's processes are counted as an account's");
            child.kill().unwrap();
            child.wait().unwrap();
        }
    }
}
