//! Which processes each account runs, and what they cost (the Memory view). WebKitGTK does not
//! say which web process serves which webview, so the ones that appear while an account's
//! webview is made are noted as its own (webviews are made one at a time, in order, on the main
//! thread). Each account's network process keeps files open in the account's data folder, which
//! names it. Memory is PSS (`/proc/PID/smaps_rollup`): shared libraries are split between the
//! processes that share them instead of being counted once per process.

use crate::platform::memory::{AccountMemory, MemoryReport};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Web process id → the account whose webview started it.
static WEB_OWNERS: Mutex<Option<HashMap<u32, String>>> = Mutex::new(None);
/// Web processes of pages just closed (asleep, disabled, removed), until they have ended:
/// charged to no one, least of all to the app, whose figure they would swell while they
/// wind down.
static LEAVING: Mutex<Option<HashSet<u32>>> = Mutex::new(None);

fn with_owners<T>(f: impl FnOnce(&mut HashMap<u32, String>) -> T) -> T {
    let mut owners = WEB_OWNERS.lock().unwrap_or_else(|e| e.into_inner());
    f(owners.get_or_insert_with(HashMap::new))
}

fn with_leaving<T>(f: impl FnOnce(&mut HashSet<u32>) -> T) -> T {
    let mut leaving = LEAVING.lock().unwrap_or_else(|e| e.into_inner());
    f(leaving.get_or_insert_with(HashSet::new))
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

/// The account's page is gone (asleep, disabled, removed): its web processes are leaving.
pub fn forget(account: &str) {
    let gone: Vec<u32> = with_owners(|owners| {
        let gone = owners.iter().filter(|(_, a)| *a == account).map(|(pid, _)| *pid).collect();
        owners.retain(|_, a| a != account);
        gone
    });
    with_leaving(|leaving| leaving.extend(gone));
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
    let parents: HashMap<u32, u32> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| Some((pid, parent_of(pid)?)))
        .collect();
    switchboard_core::processes::descendants(std::process::id(), &parents)
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
    sole_owner(fds.flatten().filter_map(|fd| std::fs::read_link(fd.path()).ok()), accounts_dir)
}

/// The one account whose folder under `accounts_dir` holds every file among `open` that is
/// under it; `None` for none, or for files of two accounts (never a guess whose it is).
fn sole_owner(open: impl Iterator<Item = PathBuf>, accounts_dir: &Path) -> Option<String> {
    let mut owner: Option<String> = None;
    for target in open {
        let Some(id) = target.strip_prefix(accounts_dir).ok().and_then(|rest| rest.components().next()) else { continue };
        let id = id.as_os_str().to_string_lossy();
        match &owner {
            Some(known) if *known != id => return None,
            Some(_) => {}
            None => owner = Some(id.into_owned()),
        }
    }
    owner
}

/// A process held by a pidfd: signalled through it, so that a process that ended meanwhile
/// and whose number went to another is never the one signalled.
struct Pinned(std::os::fd::OwnedFd);

impl Pinned {
    fn open(pid: u32) -> Option<Pinned> {
        use std::os::fd::FromRawFd;
        // SAFETY: pidfd_open takes a pid and flags and returns a new file descriptor or -1.
        let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, libc::pid_t::try_from(pid).ok()?, 0) };
        // SAFETY: a descriptor just returned to us, owned by nothing else.
        (fd >= 0).then(|| Pinned(unsafe { std::os::fd::OwnedFd::from_raw_fd(fd as i32) }))
    }

    fn terminate(&self) {
        use std::os::fd::AsRawFd;
        // SAFETY: the pidfd is ours and open; no siginfo, no flags.
        unsafe { libc::syscall(libc::SYS_pidfd_send_signal, self.0.as_raw_fd(), libc::SIGTERM, std::ptr::null::<libc::siginfo_t>(), 0) };
    }
}

/// Ends the network process WebKit keeps for an account whose page is gone (asleep): it
/// holds ~20 MB and WebKit never ends it by itself (Tauri keeps every data folder's context
/// on Linux, tauri#14626); WebKit starts a new one when the account's page opens again.
pub fn release_network(accounts_dir: &Path, account: &str) {
    // WebKit ends a WebDriver session when any network process ends: under automation
    // (Tauri's switch for it) it is kept.
    if std::env::var("TAURI_WEBVIEW_AUTOMATION").as_deref() == Ok("true") {
        return;
    }
    for pid in descendants() {
        // Pinned first, then checked: what is checked is what gets the signal.
        let Some(process) = Pinned::open(pid) else { continue };
        if kind(pid) == Kind::Network && account_by_open_files(pid, accounts_dir).as_deref() == Some(account) {
            // SIGTERM: its storage is SQLite and its cookies are written as they change, so
            // ending it once the page has been gone a while loses nothing.
            process.terminate();
        }
    }
}

/// What each of `ids` costs now, and the app itself (read from /proc: nothing to ask the app).
pub fn report(_app: &tauri::AppHandle, accounts_dir: &Path, ids: &[String]) -> MemoryReport {
    measure(accounts_dir, ids)
}

fn measure(accounts_dir: &Path, ids: &[String]) -> MemoryReport {
    let running = descendants();
    let leaving = with_leaving(|leaving| {
        leaving.retain(|pid| running.contains(pid));
        leaving.clone()
    });
    let processes = running.into_iter().map(|pid| (pid, kind(pid), pss_kib(pid))).collect();
    tally(ids, pss_kib(std::process::id()), processes, &with_owners(|o| o.clone()), &leaving, |pid| {
        account_by_open_files(pid, accounts_dir)
    })
}

/// Charges each process (id, kind, memory) to its account or to the app.
fn tally(
    ids: &[String],
    own_kib: u64,
    processes: Vec<(u32, Kind, u64)>,
    owners: &HashMap<u32, String>,
    leaving: &HashSet<u32>,
    network_owner: impl Fn(u32) -> Option<String>,
) -> MemoryReport {
    let mut accounts: Vec<AccountMemory> =
        ids.iter().map(|id| AccountMemory { id: id.clone(), ..Default::default() }).collect();
    let mut report = MemoryReport { measured: true, app_kib: own_kib, app_processes: 1, ..Default::default() };
    for (pid, kind, pss) in processes {
        if leaving.contains(&pid) {
            continue;
        }
        let (owner, is_web) = match kind {
            Kind::Web => (owners.get(&pid).cloned(), true),
            Kind::Network => (network_owner(pid), false),
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
    fn a_page_winding_down_after_it_fell_asleep_is_charged_to_no_one() {
        let owners = HashMap::from([(11, "a".to_string())]);
        let processes = vec![(10, Kind::Web, 50_000), (11, Kind::Web, 200_000), (12, Kind::Web, 250_000), (13, Kind::Network, 20_000)];
        let network = |pid| (pid == 13).then(|| "a".to_string());
        let report = tally(&["a".to_string()], 90_000, processes, &owners, &HashSet::from([12]), network);
        assert_eq!((report.app_kib, report.app_processes), (140_000, 2), "the app and the sidebar's page, not the leaving one");
        assert_eq!((report.accounts[0].web_kib, report.accounts[0].network_kib), (200_000, 20_000));
        assert_eq!(report.total_kib, 360_000);
    }

    #[test]
    fn a_process_belongs_to_an_account_only_when_every_file_it_holds_there_is_that_accounts() {
        let dir = Path::new("/profile/accounts");
        let open = |paths: &[&str]| paths.iter().map(PathBuf::from).collect::<Vec<_>>().into_iter();
        assert_eq!(sole_owner(open(&["/usr/lib/x.so", "/profile/accounts/a1/cookies.sqlite", "/profile/accounts/a1/idb/x"]), dir).as_deref(), Some("a1"));
        assert_eq!(sole_owner(open(&["/profile/accounts/a1/cookies.sqlite", "/profile/accounts/a2/cookies.sqlite"]), dir), None, "two accounts' files: nobody's");
        assert_eq!(sole_owner(open(&["/usr/lib/x.so", "/profile/other"]), dir), None);
    }

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
        let report = measure(dir.path(), &["acct1".to_string()]);
        assert!(report.measured && report.app_kib >= pss_kib(std::process::id()));
        assert_eq!(report.accounts[0].processes, 0, "only WebKit's processes are counted as an account's");
        child.kill().unwrap();
        child.wait().unwrap();
    }
}
