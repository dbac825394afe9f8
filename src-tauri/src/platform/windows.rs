//! Windows: WebView2. Each account's page has its own user-data folder (Tauri's
//! `data_directory`), so its own browser processes, cookies and storage. Here: app shortcuts
//! with the focus inside a page (WebView2's accelerator keys), the navigation guard that lets
//! redirects stay, the offline and crash pages, the permission question, toasts that open the
//! account when clicked and replace by tag, and the idle lock fed by the system's last input.
//! Placement and the rest are shared with macOS (`placed.rs`).

pub use super::placed::*;

use crate::inbox::deliver::{Answer, OnAnswer, OsNotification};
use crate::navigation::{self, Decision};
use crate::settings::Permission;
use crate::shell::permissions::Verdict;
use crate::shell::recovery::{self, Crashes, Failure};
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::Duration;
use tauri::{AppHandle, Manager, Webview};
use webview2_com::Microsoft::Web::WebView2::Win32::*;
use webview2_com::{
    take_pwstr, AcceleratorKeyPressedEventHandler, NavigationCompletedEventHandler, NavigationStartingEventHandler,
    PermissionRequestedEventHandler, ProcessFailedEventHandler,
};
use windows::core::{BOOL, HSTRING, PWSTR};

/// The key "CommandOrControl" means in shortcuts here.
pub const COMMAND_KEY: &str = "Ctrl";

/// How a browser on this platform names it in its user agent.
pub const USER_AGENT_OS: &str = "Windows NT 10.0; Win64; x64";

/// WebView2 presents itself as the current Edge, which every site takes as it is.
pub fn engine_user_agent() -> Option<String> {
    None
}

/// The app's id in the Start menu, which toasts are shown under: the installer gives the
/// shortcut this id (Tauri's bundle identifier).
const APP_ID: &str = "app.switchboard.desktop";

/// The sidebar's webview, once made: its keys are watched as a page's are.
pub fn adopt_shell(shell: &Webview) {
    let app = shell.app_handle().clone();
    let _ = shell.with_webview(move |platform| {
        // SAFETY: called on the main thread, where WebView2 lives, with the sidebar's live controller.
        if let Err(e) = unsafe { watch_keys(&platform.controller(), app) } {
            eprintln!("switchboard: the sidebar's keys could not be watched: {e}");
        }
    });
}

/// No menu bar here: the shortcuts are caught in each webview (`watch_keys`).
pub fn prepare_window(_window: &tauri::Window, _app: AppHandle) -> tauri::Result<()> {
    Ok(())
}

/// Here the guard is WebView2's own NavigationStarting, connected in `adopt_page`: Tauri's hook
/// would see redirects as the user's and send a sign-in provider to the browser.
pub fn page_builder<R: tauri::Runtime>(builder: tauri::webview::WebviewBuilder<R>, _domains: &[String], _account: &str) -> tauri::webview::WebviewBuilder<R> {
    builder
}

/// A service page, once made: into the layout, its keys, navigations, failures and permission
/// requests watched.
pub fn adopt_page(webview: &Webview, app: &AppHandle, account: &str, label: &str, domains: Vec<String>) {
    relayout(app);
    let page = Page { app: app.clone(), webview: webview.clone(), account: account.to_string(), label: label.to_string() };
    let _ = webview.with_webview(move |platform| {
        // SAFETY: called on the main thread, where WebView2 lives, with the page's live controller.
        if let Err(e) = unsafe { watch(&platform.controller(), page, domains) } {
            eprintln!("switchboard: a page's WebView2 events could not be watched: {e}");
        }
    });
}

/// What every watcher of one page needs.
#[derive(Clone)]
struct Page {
    app: AppHandle,
    webview: Webview,
    account: String,
    label: String,
}

unsafe fn watch(controller: &ICoreWebView2Controller, page: Page, domains: Vec<String>) -> windows::core::Result<()> {
    let core = controller.CoreWebView2()?;
    let mut browser = 0u32;
    core.BrowserProcessId(&mut browser)?;
    memory::note(&page.account, browser);
    let mut token = 0i64;

    watch_keys(controller, page.app.clone())?;

    let opener = page.account.clone();
    core.add_NavigationStarting(
        &NavigationStartingEventHandler::create(Box::new(move |_, args| {
            let Some(args) = args else { return Ok(()) };
            let mut uri = PWSTR::null();
            args.Uri(&mut uri)?;
            let Ok(url) = url::Url::parse(&take_pwstr(uri)) else { return args.SetCancel(true) };
            let (mut by_user, mut redirected) = (BOOL::default(), BOOL::default());
            args.IsUserInitiated(&mut by_user)?;
            args.IsRedirected(&mut redirected)?;
            // A redirect is the server's doing, never the user's, even after their click.
            match navigation::decide(&domains, &url, by_user.as_bool() && !redirected.as_bool()) {
                Decision::Stay => Ok(()),
                Decision::OpenOutside => {
                    crate::shell::outside::open(&opener, &url);
                    args.SetCancel(true)
                }
                Decision::Refuse => args.SetCancel(true),
            }
        })),
        &mut token,
    )?;

    let loads = Rc::new(RefCell::new(Loads::default()));
    let (l, p) = (loads.clone(), page.clone());
    core.add_NavigationCompleted(
        &NavigationCompletedEventHandler::create(Box::new(move |sender, args| {
            let (Some(core), Some(args)) = (sender, args) else { return Ok(()) };
            let mut success = BOOL::default();
            args.IsSuccess(&mut success)?;
            let mut loads = l.borrow_mut();
            if success.as_bool() {
                if std::mem::take(&mut loads.showing_ours) {
                    return Ok(()); // our own page in the failed one's place
                }
                if loads.failing.take().is_some() {
                    recovery::set_trouble(&p.app, &p.account, None);
                }
                return Ok(());
            }
            let mut status = COREWEBVIEW2_WEB_ERROR_STATUS::default();
            args.WebErrorStatus(&mut status)?;
            let Some(failure) = failure_of(status) else { return Ok(()) };
            let mut uri = PWSTR::null();
            core.Source(&mut uri)?;
            let uri = take_pwstr(uri);
            let attempts = match &loads.failing {
                Some((failed, n)) if *failed == uri => *n,
                _ => 0,
            };
            loads.failing = Some((uri.clone(), attempts + 1));
            loads.showing_ours = true;
            let (html, wait) = recovery::load_failed(&p.app, &p.account, &p.label, &uri, &failure, attempts);
            core.NavigateToString(&HSTRING::from(html))?;
            retry_later(&p.webview, uri, wait);
            Ok(())
        })),
        &mut token,
    )?;

    let (l, p) = (loads, page.clone());
    core.add_ProcessFailed(
        &ProcessFailedEventHandler::create(Box::new(move |sender, args| {
            let (Some(core), Some(args)) = (sender, args) else { return Ok(()) };
            let mut kind = COREWEBVIEW2_PROCESS_FAILED_KIND::default();
            args.ProcessFailedKind(&mut kind)?;
            if kind != COREWEBVIEW2_PROCESS_FAILED_KIND_RENDER_PROCESS_EXITED {
                return Ok(()); // an unresponsive page recovers or is reloaded by the user
            }
            let mut uri = PWSTR::null();
            core.Source(&mut uri)?;
            let uri = take_pwstr(uri);
            let mut loads = l.borrow_mut();
            match recovery::process_died(&p.app, &mut loads.crashes, &p.label, recovery::Death::Crashed, &uri) {
                None => core.Reload(),
                Some(html) => {
                    loads.showing_ours = true;
                    core.NavigateToString(&HSTRING::from(html))
                }
            }
        })),
        &mut token,
    )?;

    let p = page;
    core.add_PermissionRequested(
        &PermissionRequestedEventHandler::create(Box::new(move |_, args| {
            let Some(args) = args else { return Ok(()) };
            let mut kind = COREWEBVIEW2_PERMISSION_KIND::default();
            args.PermissionKind(&mut kind)?;
            let mut uri = PWSTR::null();
            args.Uri(&mut uri)?;
            let origin = url::Url::parse(&take_pwstr(uri)).map(|u| u.origin().ascii_serialization()).unwrap_or_default();
            let Some(kinds) = kinds_of(kind) else {
                return args.SetState(COREWEBVIEW2_PERMISSION_STATE_DENY);
            };
            match crate::shell::permissions::decide(&p.app, &p.account, &origin, kinds) {
                Verdict::Allow => args.SetState(COREWEBVIEW2_PERMISSION_STATE_ALLOW),
                Verdict::Deny => args.SetState(COREWEBVIEW2_PERMISSION_STATE_DENY),
                Verdict::Asked(id) => {
                    let deferral = args.GetDeferral()?;
                    REQUESTS.with(|r| r.borrow_mut().insert(id, (args, deferral)));
                    Ok(())
                }
            }
        })),
        &mut token,
    )?;
    Ok(())
}

/// The app's shortcuts with the focus in this webview (a page or the sidebar): WebView2 hands
/// the host every key pressed with Ctrl before the page sees it.
unsafe fn watch_keys(controller: &ICoreWebView2Controller, app: AppHandle) -> windows::core::Result<()> {
    let mut token = 0i64;
    controller.add_AcceleratorKeyPressed(
        &AcceleratorKeyPressedEventHandler::create(Box::new(move |_, args| {
            let Some(args) = args else { return Ok(()) };
            let mut kind = COREWEBVIEW2_KEY_EVENT_KIND::default();
            args.KeyEventKind(&mut kind)?;
            if kind != COREWEBVIEW2_KEY_EVENT_KIND_KEY_DOWN {
                return Ok(());
            }
            let mut key = 0u32;
            args.VirtualKey(&mut key)?;
            if let Some(shortcut) = crate::shell::keys::shortcut(&key_name(key), held(0x11), held(0x10)) {
                args.SetHandled(true)?;
                // Not inside WebView2's event: the shortcut may hide or close this very page.
                let app = app.clone();
                tauri::async_runtime::spawn(async move { crate::shell::run_shortcut(&app, shortcut) });
            }
            Ok(())
        })),
        &mut token,
    )
}

/// One account page's failed loads and crashes, as the recovery policy sees them.
#[derive(Default)]
struct Loads {
    /// Our own page is loading in the failed page's place.
    showing_ours: bool,
    /// The address that failed, and the automatic retries it had.
    failing: Option<(String, u32)>,
    crashes: Crashes,
}

/// Loads `uri` again after `wait`, from the async runtime (a WebView2 object can't leave the
/// main thread; Tauri's webview can).
fn retry_later(webview: &Webview, uri: String, wait: Duration) {
    let webview = webview.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(wait).await;
        if let Ok(url) = url::Url::parse(&uri) {
            let _ = webview.navigate(url);
        }
    });
}

/// Which failures get our page: not a load that was cancelled or aborted (the guard, a
/// download, the user), not one the server answered.
fn failure_of(status: COREWEBVIEW2_WEB_ERROR_STATUS) -> Option<Failure> {
    Some(match status {
        COREWEBVIEW2_WEB_ERROR_STATUS_OPERATION_CANCELED | COREWEBVIEW2_WEB_ERROR_STATUS_CONNECTION_ABORTED => return None,
        COREWEBVIEW2_WEB_ERROR_STATUS_HOST_NAME_NOT_RESOLVED => Failure::NoName,
        COREWEBVIEW2_WEB_ERROR_STATUS_TIMEOUT => Failure::TimedOut,
        COREWEBVIEW2_WEB_ERROR_STATUS_CANNOT_CONNECT
        | COREWEBVIEW2_WEB_ERROR_STATUS_SERVER_UNREACHABLE
        | COREWEBVIEW2_WEB_ERROR_STATUS_DISCONNECTED
        | COREWEBVIEW2_WEB_ERROR_STATUS_CONNECTION_RESET => Failure::Unreachable,
        other => Failure::Other(format!("network error {}", other.0)),
    })
}

fn kinds_of(kind: COREWEBVIEW2_PERMISSION_KIND) -> Option<Vec<Permission>> {
    match kind {
        COREWEBVIEW2_PERMISSION_KIND_CAMERA => Some(vec![Permission::Camera]),
        COREWEBVIEW2_PERMISSION_KIND_MICROPHONE => Some(vec![Permission::Microphone]),
        COREWEBVIEW2_PERMISSION_KIND_GEOLOCATION => Some(vec![Permission::Location]),
        // The bridge carries notifications itself; the engine's own stay off. The rest is
        // nothing a messenger needs.
        _ => None,
    }
}

thread_local! {
    /// Permission requests waiting for the user's answer (main thread only).
    static REQUESTS: RefCell<HashMap<u64, (ICoreWebView2PermissionRequestedEventArgs, ICoreWebView2Deferral)>> = RefCell::new(HashMap::new());
}

/// Gives the user's answer to a waiting question (on the main thread, where WebView2 lives).
pub fn answer_permission(app: &AppHandle, id: u64, allow: bool) {
    let _ = app.run_on_main_thread(move || {
        if let Some((args, deferral)) = REQUESTS.with(|r| r.borrow_mut().remove(&id)) {
            let state = if allow { COREWEBVIEW2_PERMISSION_STATE_ALLOW } else { COREWEBVIEW2_PERMISSION_STATE_DENY };
            // SAFETY: both objects were kept alive since the request, on this same thread.
            let _ = unsafe { args.SetState(state).and_then(|_| deferral.Complete()) };
        }
    });
}

/// The user's yes to a download: the page's session fetches it again, which WebView2 turns
/// into a download without leaving the page.
pub fn download(webview: &Webview, url: &str) {
    if let Ok(url) = url::Url::parse(url) {
        let _ = webview.navigate(url);
    }
}

/// The key's name as `keys::shortcut` reads it, from its Windows virtual-key code.
fn key_name(key: u32) -> String {
    match key {
        0x09 => "Tab".into(),
        0xBC => "comma".into(),
        0x30..=0x39 | 0x41..=0x5A => char::from(key as u8).to_ascii_lowercase().to_string(),
        _ => String::new(),
    }
}

fn held(key: i32) -> bool {
    // SAFETY: reads the calling thread's keyboard state; no pointers.
    unsafe { windows::Win32::UI::Input::KeyboardAndMouse::GetKeyState(key) < 0 }
}

/// How long since the user last pressed a key or moved the mouse anywhere in their session.
pub fn input_idle_for() -> Option<Duration> {
    use windows::Win32::System::SystemInformation::GetTickCount;
    use windows::Win32::UI::Input::KeyboardAndMouse::{GetLastInputInfo, LASTINPUTINFO};
    let mut info = LASTINPUTINFO { cbSize: std::mem::size_of::<LASTINPUTINFO>() as u32, dwTime: 0 };
    // SAFETY: `info` is a properly sized LASTINPUTINFO owned by this frame.
    let known = unsafe { GetLastInputInfo(&mut info) }.as_bool();
    known.then(|| Duration::from_millis(u64::from(unsafe { GetTickCount() }.wrapping_sub(info.dwTime))))
}

/// Accounts are kept apart on every version (each its own WebView2 user-data folder).
pub fn isolation_warning() -> Option<crate::problem::Problem> {
    None
}

/// Not yet: the taskbar button's overlay needs a drawn number; the title and tray carry it.
pub fn show_badge(_window: &tauri::Window, _total: u32) {}

/// Toasts in the Action Center. A page's tag becomes the toast's tag in the account's group,
/// so Windows itself replaces the earlier one; a click opens the account and calls the page's
/// handler. The most recent toasts are kept so their click handlers stay alive.
#[derive(Default)]
pub struct Notifier {
    /// (account, the page's id, its toast), newest last.
    shown: VecDeque<(String, u32, windows::UI::Notifications::ToastNotification)>,
}

/// Toasts that still answer a click.
const CLICKABLE: usize = 50;

impl Notifier {
    pub async fn show(&mut self, app: &AppHandle, n: OsNotification, on_answer: OnAnswer) {
        // Toasts show PNG and JPEG images only; the service icons are SVG, so the toast carries
        // the app's own icon.
        let _ = &n.icon;
        match toast(app, &n, on_answer) {
            Ok(toast) => {
                self.shown.push_back((n.account.clone(), n.page_id, toast));
                if self.shown.len() > CLICKABLE {
                    self.shown.pop_front();
                }
            }
            Err(e) => eprintln!("switchboard: could not show a notification: {e}"),
        }
    }

    /// Takes every toast of the app off the screen and out of the Action Center (the app was
    /// locked: what they say is no longer for whoever sits there).
    pub async fn close_all(&mut self) {
        use windows::UI::Notifications::ToastNotificationManager;
        let app_id = HSTRING::from(APP_ID);
        if let Ok(notifier) = ToastNotificationManager::CreateToastNotifierWithId(&app_id) {
            for (_, _, toast) in self.shown.drain(..) {
                let _ = notifier.Hide(&toast);
            }
        }
        if let Err(e) = ToastNotificationManager::History().and_then(|history| history.ClearWithId(&app_id)) {
            eprintln!("switchboard: could not clear the notifications: {e}");
        }
    }

    /// Takes a page's toast off the screen and out of the Action Center.
    pub async fn close(&mut self, account: &str, page_id: u32) {
        use windows::UI::Notifications::ToastNotificationManager;
        let Some(at) = self.shown.iter().position(|(a, id, _)| a == account && *id == page_id) else { return };
        let Some((_, _, toast)) = self.shown.remove(at) else { return };
        let hidden = ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_ID)).and_then(|notifier| notifier.Hide(&toast));
        if let Err(e) = hidden {
            eprintln!("switchboard: could not close a notification: {e}");
        }
    }
}

fn toast(app: &AppHandle, n: &OsNotification, on_answer: OnAnswer) -> windows::core::Result<windows::UI::Notifications::ToastNotification> {
    use windows::Data::Xml::Dom::XmlDocument;
    use windows::Foundation::TypedEventHandler;
    use windows::UI::Notifications::{ToastNotification, ToastNotificationManager};
    let xml = XmlDocument::new()?;
    xml.LoadXml(&HSTRING::from("<toast><visual><binding template=\"ToastGeneric\"><text/><text/></binding></visual></toast>"))?;
    // Text nodes, not markup: whatever the page wrote is shown as text.
    let texts = xml.GetElementsByTagName(&HSTRING::from("text"))?;
    for (at, text) in [&n.summary, &n.body].into_iter().enumerate() {
        texts.Item(at as u32)?.AppendChild(&xml.CreateTextNode(&HSTRING::from(text.as_str()))?)?;
    }
    let toast = ToastNotification::CreateToastNotification(&xml)?;
    toast.SetGroup(&HSTRING::from(n.account.as_str()))?;
    if let Some(tag) = &n.tag {
        toast.SetTag(&HSTRING::from(switchboard_core::ids::short_tag(tag)))?;
    }
    let (app, account, page_id) = (app.clone(), n.account.clone(), n.page_id);
    let (closed_app, closed_account) = (app.clone(), account.clone());
    toast.Activated(&TypedEventHandler::new(move |_, _| {
        on_answer(&app, &account, page_id, Answer::Clicked);
        Ok(())
    }))?;
    toast.Dismissed(&TypedEventHandler::new(move |_, _| {
        on_answer(&closed_app, &closed_account, page_id, Answer::Closed);
        Ok(())
    }))?;
    ToastNotificationManager::CreateToastNotifierWithId(&HSTRING::from(APP_ID))?.Show(&toast)?;
    Ok(toast)
}

/// Which processes each account runs, and what they cost (the Memory view). Each account has its
/// own user-data folder, so its own WebView2 browser process, whose tree holds its renderers,
/// GPU and network processes: all of it is the account's. What is left under this process is the
/// app's (itself, the sidebar's WebView2). Memory is the private working set (Task Manager's
/// "Memory" column): shared libraries are not counted.
pub mod memory {
    use crate::shell::processes::{AccountMemory, MemoryReport};
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
}

