//! The window: the shell's own UI as a sidebar, and to its right one child webview per enabled
//! account, each in its own data directory. Only the active account's webview is shown; the
//! others keep running hidden so their pages keep receiving messages, unless they may sleep
//! (`sleep`).

mod popups;
pub mod quit;
pub mod sleep;

use crate::catalog::{self, Service};
use crate::pages::{downloads, permissions};
use crate::platform::{self, memory, outside};
use crate::problem::Problem;
use crate::settings::Account;
use crate::state::{publish, AppState};
use crate::navigation::{self, Decision};
use std::sync::atomic::Ordering;
use std::sync::OnceLock;
use tauri::webview::NewWindowResponse;
use tauri::{AppHandle, LogicalPosition, LogicalSize, Manager, Webview, WebviewBuilder, WebviewUrl};

pub use crate::screen::{account_of, covered, locked, service_label, window, window_shown, Cover, SHELL};
use crate::screen;

/// The account a notification, the tray or a link asked for while locked (and where its page
/// was to go).
static AFTER_UNLOCK: std::sync::Mutex<Option<(String, Option<url::Url>)>> = std::sync::Mutex::new(None);
/// Where a page not made yet goes once it is (a link opened as the app starts).
static WANTED: std::sync::Mutex<Option<std::collections::HashMap<String, url::Url>>> = std::sync::Mutex::new(None);

/// Opens or closes the shell's panel beside the page.
pub fn set_panel(app: &AppHandle, open: bool) {
    if screen::set_panel(open) {
        platform::relayout(app);
    }
}

/// Mirrors the window (or not) for the language's direction; lays it out again if that changed.
pub fn set_mirrored(app: &AppHandle, on: bool) {
    if screen::set_mirrored(on) {
        platform::relayout(app);
    }
}

/// What the bridge, above the shell, adds to every account's page; set once at start (`lib.rs`).
pub struct PageHooks {
    /// The script a page of `service` starts with, once the events of the page (its webview's
    /// label, its start address) are let in; or why they can't be.
    pub prepare: fn(&AppHandle, &str, &Service, &url::Url) -> Result<String, String>,
    /// A page's title changed (account, title).
    pub title_changed: fn(&AppHandle, &str, &str),
    /// An account was removed: what was kept of its chats goes.
    pub removed: fn(&AppHandle, String),
    /// A page was made: what it is given beyond its builder's (its spelling languages).
    pub opened: fn(&AppHandle, &Webview),
}

static PAGE_HOOKS: OnceLock<PageHooks> = OnceLock::new();

pub fn set_page_hooks(hooks: PageHooks) {
    let _ = PAGE_HOOKS.set(hooks);
}

fn hooks() -> &'static PageHooks {
    PAGE_HOOKS.get().expect("the page hooks are set before any page opens")
}

/// A page wants to save a file, or one finished (see `downloads`).
fn on_download(webview: Webview, event: tauri::webview::DownloadEvent<'_>) -> bool {
    use downloads::Decision;
    let app = webview.app_handle();
    let Some(account) = account_of(webview.label()) else { return false };
    match event {
        tauri::webview::DownloadEvent::Requested { url, destination } => {
            let suggested = destination.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let shown = is_shown(app, account) && window_shown() && !locked();
            if shown && crate::platform::input_just_now() {
                downloads::note_input(account);
            }
            let (decision, label) = {
                let state = app.state::<AppState>();
                let ws = state.workspace();
                let label = ws.account(account).map(|a| a.label.clone()).unwrap_or_default();
                (downloads::requested(&ws, account, url.as_str(), &suggested, shown, std::time::Instant::now()), label)
            };
            match decision {
                Decision::Save(path) => {
                    if let Some(folder) = path.parent() {
                        let _ = std::fs::create_dir_all(folder);
                    }
                    *destination = path;
                    publish(app);
                    true
                }
                Decision::NotByUser => {
                    let file = downloads::safe_name(&suggested);
                    crate::state::tell(app, Problem::new("download.not_by_user").with("label", &label).with("file", file));
                    false
                }
                Decision::Ask => {
                    publish(app);
                    false
                }
            }
        }
        tauri::webview::DownloadEvent::Finished { url, path, success } => {
            downloads::finished(path.as_deref(), url.as_str(), success);
            publish(app);
            true
        }
        _ => false,
    }
}

/// The user said whether to save a file a page wanted to save; `always` saves this account's
/// files without asking from now on.
pub fn answer_download(app: &AppHandle, id: u64, save: bool, always: bool) -> Result<(), Problem> {
    let item = downloads::get(id).ok_or(Problem::new("download.gone"))?;
    if always && save {
        app.state::<AppState>().change(|ws| ws.set_download_rule(&item.account, crate::settings::DownloadRule::Save))?;
    }
    if let Some((account, url)) = downloads::answer(id, save, std::time::Instant::now()) {
        let webview = open_page(app, &account)?;
        platform::download(&webview, &url);
    }
    publish(app);
    Ok(())
}

/// The user answered a page's question: remembered for that account and site, then given to
/// the page.
pub fn answer_permission(app: &AppHandle, id: u64, allow: bool) -> Result<(), Problem> {
    let asking = permissions::take(id).ok_or(Problem::new("permission.gone"))?;
    let kept: Vec<_> = asking.kinds.iter().copied().filter(|k| k.is_remembered()).collect();
    let saved = match kept.is_empty() {
        true => Ok(()),
        false => app.state::<AppState>().change(|ws| ws.set_permission(&asking.account, &asking.origin, &kept, allow)),
    };
    platform::answer_permission(app, id, allow);
    publish(app);
    saved
}

fn service_webview(app: &AppHandle, account_id: &str) -> Option<Webview> {
    app.get_webview(&service_label(account_id))
}

/// Builds the main window with the sidebar; service webviews come after, from `sync`.
pub fn create_window(app: &AppHandle, visible: bool) -> tauri::Result<()> {
    let window = tauri::window::WindowBuilder::new(app, screen::WINDOW)
        .title("Switchboard")
        .inner_size(1200.0, 780.0)
        .min_inner_size(640.0, 360.0)
        .visible(visible)
        .build()?;
    screen::set_window_shown(visible);
    platform::prepare_window(&window, app.clone())?;
    let height = window.inner_size()?.to_logical::<f64>(window.scale_factor()?).height;
    // The shell's own storage stays in the profile too (never in the system's web data folder).
    let shell_data = app.state::<AppState>().profile.data_dir.join("shell");
    let shell = window.add_child(
        WebviewBuilder::new(SHELL, WebviewUrl::App("index.html".into())).data_directory(shell_data),
        LogicalPosition::new(0.0, 0.0),
        LogicalSize::new(screen::SIDEBAR_WIDTH, height),
    )?;
    platform::adopt_shell(&shell);
    let handle = app.clone();
    window.on_window_event(move |event| match event {
        // With a tray to come back from, closing hides (unless the user said not to): hidden
        // accounts keep receiving.
        tauri::WindowEvent::CloseRequested { api, .. }
            if screen::tray_host() && handle.state::<AppState>().workspace().close_to_tray =>
        {
            api.prevent_close();
            hide_window(&handle);
            publish(&handle);
        }
        // Otherwise closing the window quits, the pages unloaded first.
        tauri::WindowEvent::CloseRequested { api, .. } => {
            api.prevent_close();
            quit::quit(&handle);
        }
        _ => platform::on_window_event(&handle, event),
    });
    Ok(())
}

/// Opens an account's page: at `at` (where a sleeping page was), else at its start address.
fn open_account(app: &AppHandle, account: &Account, at: Option<url::Url>) -> Result<(), Problem> {
    let window = window(app)?;
    let service = account.runnable_service()?;
    let not_opened = |e: &dyn std::fmt::Display| Problem::new("page.not_opened").with("label", &account.label).with("detail", e);
    let start = url::Url::parse(&service.url).map_err(|e| not_opened(&e))?;
    // A sleeping page opens where it was only if that is still the service's own http(s) page.
    let url = at.filter(|at| navigation::is_own_page(&service.domains, &start, at)).unwrap_or_else(|| start.clone());
    let label = service_label(&account.id);
    let script = (hooks().prepare)(app, &label, &service, &start).map_err(|e| not_opened(&e))?;
    let domains = service.domains.clone();
    let home = platform::page_home(&app.state::<AppState>().profile, &account.id, account.proxy.as_ref());
    let (handle, opener, popup_home) = (app.clone(), account.id.clone(), home.clone());
    let title_counts_nothing = service.title_counts.as_deref() == Some("none");
    // Made without the keyboard focus: a page opening (at start, on waking) must not take the
    // keys from where the user is typing.
    let mut builder = WebviewBuilder::new(label, WebviewUrl::External(url))
        .focused(false)
        .data_directory(home.folder)
        .initialization_script(&script)
        .on_document_title_changed(move |webview, title| {
            // A service whose title's number counts nothing of its unread (the catalog says
            // "none") is not read there: it would stand for the chat list until the list is looked at.
            if title_counts_nothing {
                return;
            }
            if let Some(account) = account_of(webview.label()) {
                (hooks().title_changed)(webview.app_handle(), account, &title);
            }
        })
        .on_new_window(move |url, features| match navigation::decide_new_window(&domains, &url) {
            // A pop-up is a window of its own: none while locked, and hidden when the lock comes.
            Decision::Stay if locked() => NewWindowResponse::Deny,
            Decision::Stay => popups::open(&handle, &opener, &popup_home, &domains, url, features),
            Decision::OpenOutside => {
                outside::open(&opener, &url);
                NewWindowResponse::Deny
            }
            Decision::Refuse => NewWindowResponse::Deny,
        });
    builder = builder.on_download(on_download).on_page_load(quit::on_page_load);
    // The user's own style and script, after the bridge (and the page's own, as they wait for it).
    if account.custom_code {
        for custom in crate::custom_code::page_scripts(&app.state::<AppState>().profile, &account.id) {
            builder = builder.initialization_script(&custom);
        }
    }
    if let Some(store) = home.store {
        builder = builder.data_store_identifier(store);
    }
    if let Some(agent) = account.user_agent.clone().or_else(|| default_user_agent(&service)) {
        builder = builder.user_agent(&agent);
    }
    // Its proxy from the very first request: nothing of the page goes out another way.
    if let Some(proxy) = &account.proxy {
        platform::proxy_support(proxy).map_err(|e| not_opened(&e))?;
        builder = builder.proxy_url(url::Url::parse(&proxy.url()).map_err(|e| not_opened(&e))?);
    }
    builder = platform::page_builder(builder, &service.domains, &account.id, account.proxy.as_ref());
    let size = window.inner_size().map_err(Problem::internal)?;
    let before = memory::snapshot();
    let webview = window
        .add_child(builder, LogicalPosition::new(screen::SIDEBAR_WIDTH, 0.0), size)
        .map_err(|e| not_opened(&e))?;
    memory::claim_new(app, &account.id, before);
    platform::adopt_page(&webview, app, &account.id, &account.label, service.domains, account.proxy.clone());
    (hooks().opened)(app, &webview);
    if let Some(address) = WANTED.lock().unwrap_or_else(|e| e.into_inner()).as_mut().and_then(|w| w.remove(&account.id)) {
        let _ = webview.navigate(address);
    }
    // Hidden unless it is the one on screen — as the screen is when this runs on the main thread,
    // after the page was placed there: a Ctrl+N for this very account handled meanwhile is not
    // undone by a decision taken before it.
    let (handle, id) = (app.clone(), account.id.clone());
    app.run_on_main_thread(move || {
        if !is_shown(&handle, &id) {
            set_page_shown(&webview, false);
            handle.state::<sleep::Sleepers>().unused_from_now(&id);
        }
    })
    .map_err(Problem::internal)?;
    Ok(())
}

/// The browser a page of `service` is told it runs in when its account names none: the
/// catalog's, else the engine's own (`None`: as the engine says).
pub fn default_user_agent(service: &Service) -> Option<String> {
    match service.agent() {
        catalog::Agent::Literal(agent) => Some(agent.to_string()),
        catalog::Agent::Chrome => Some(catalog::chrome_user_agent(platform::USER_AGENT_OS)),
        catalog::Agent::Engine => platform::engine_user_agent(),
    }
}

/// Shows or hides one service page. Only this shows a page: on Linux showing the window shows
/// every child the toolkit finds (GTK's show-all), so service pages are exempt from it there and
/// are shown one by one here.
fn set_page_shown(webview: &Webview, shown: bool) {
    platform::set_shown(webview, shown);
}

fn is_shown(app: &AppHandle, account_id: &str) -> bool {
    !covered()
        && app.state::<AppState>().workspace().active.as_deref() == Some(account_id)
}

/// What the service pages wait for at start: the sidebar painted, the lock checked; then opened.
static PAINTED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static LOCK_CHECKED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static PAGES_OPENED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The sidebar says it is painted: the service pages open (the active one first) once the lock
/// was checked too.
pub fn open_pages(app: &AppHandle) {
    PAINTED.store(true, Ordering::SeqCst);
    open_when_ready(app);
}

/// The keychain said whether a lock is set (or could not say in time): no page opens before,
/// so that a lock found there, or a reset of a lost one, comes before any page exists.
pub fn lock_checked(app: &AppHandle) {
    LOCK_CHECKED.store(true, Ordering::SeqCst);
    open_when_ready(app);
}

fn open_when_ready(app: &AppHandle) {
    let ready = PAINTED.load(Ordering::SeqCst) && LOCK_CHECKED.load(Ordering::SeqCst);
    if ready && !PAGES_OPENED.swap(true, Ordering::SeqCst) {
        // What removed accounts left behind goes first, off the main thread.
        let app = app.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let state = app.state::<AppState>();
            let ids: Vec<String> = state.workspace().accounts.iter().map(|a| a.id.clone()).collect();
            state.profile.delete_removed_profiles(&ids);
            if let Err(e) = sync(&app) {
                eprintln!("switchboard: {e}");
            }
        });
    }
}

/// Opens the pages even if the sidebar never says it is painted (its script failed): messages
/// must still arrive.
pub fn open_pages_soon(app: &AppHandle) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        open_pages(&app);
    });
}

/// Makes the webviews match the workspace: opens the enabled accounts that have none (the
/// active one first), closes those whose account is gone or disabled, and shows the active one.
pub fn sync(app: &AppHandle) -> Result<(), Problem> {
    let (mut wanted, active, first_in_view) = {
        let state = app.state::<AppState>();
        let ws = state.workspace();
        let wanted: Vec<Account> = ws.accounts.iter().filter(|a| a.runs()).cloned().collect();
        let first_in_view = wanted.iter().find(|a| ws.in_view(&a.id)).or(wanted.first()).map(|a| a.id.clone());
        (wanted, ws.active.clone(), first_in_view)
    };
    let wanted_ids: Vec<String> = wanted.iter().map(|a| a.id.clone()).collect();
    // None shown yet (a new profile, or the shown one gone): the first is, as soon as its page
    // exists — not after every other page has been made, which holds the window blank for ~70 ms
    // a page.
    let to_show = match active.filter(|id| wanted_ids.contains(id)) {
        Some(active) => {
            wanted.sort_by_key(|a| a.id != active);
            None
        }
        None => first_in_view,
    };
    let mut failed = None;
    for webview in window(app)?.webviews() {
        let Some(id) = account_of(webview.label()) else { continue };
        if wanted_ids.iter().any(|w| w == id) {
            continue;
        }
        if app.state::<AppState>().workspace().account(id).is_err() {
            platform::delete_page_data(&webview);
        }
        let _ = webview.close();
        memory::forget(id);
        closed(app, id);
    }
    let sleepers = app.state::<sleep::Sleepers>();
    for id in sleepers.keep_only(&wanted_ids) {
        closed(app, &id);
    }
    sleepers.settings_changed();
    for account in &wanted {
        if service_webview(app, &account.id).is_none() && !sleepers.is_asleep(&account.id) {
            if let Err(e) = open_account(app, account, None) {
                eprintln!("switchboard: {e}");
                failed.get_or_insert(e);
            }
        }
        // Unless the user picked one meanwhile (a key pressed while the pages were being made).
        let picked = app.state::<AppState>().workspace().active.clone().filter(|a| wanted_ids.contains(a));
        if to_show.as_ref() == Some(&account.id) && picked.is_none() {
            if let Err(e) = show_account(app, &account.id) {
                failed.get_or_insert(e);
            }
        }
    }
    if wanted.is_empty() {
        app.state::<AppState>().workspace().active = None;
    }
    publish(app);
    failed.map_or(Ok(()), Err)
}

/// An account's page is gone for good (disabled or removed): its counts go, and for a removed
/// account its history, chats and web data too.
fn closed(app: &AppHandle, id: &str) {
    app.state::<crate::inbox::Inbox>().forget(id);
    let removed = app.state::<AppState>().workspace().account(id).is_err();
    if !removed {
        return;
    }
    app.state::<crate::inbox::Inbox>().forget_history(id);
    app.state::<crate::sites::Sites>().forget(id);
    // Its data goes once the page is gone. WebKit's storage process winds down a moment later
    // and recreates an empty folder, so the sweep runs once more after it.
    let id = id.to_string();
    after_webview_closed(app, move |app| {
        (hooks().removed)(app, id.clone());
        let profile = &app.state::<AppState>().profile;
        let mut result = profile.remove_account_data(&id);
        if result.is_ok() {
            std::thread::sleep(std::time::Duration::from_secs(2));
            result = profile.remove_account_data(&id);
        }
        if let Err(e) = result {
            eprintln!("switchboard: {e}");
        }
    });
}

/// Shows one account's page (waking it if it sleeps) and hides the one shown before. The choice
/// is saved in the background so that key presses never wait for the disk.
pub fn show_account(app: &AppHandle, account_id: &str) -> Result<(), Problem> {
    show_account_at(app, account_id, None)
}

/// Shows an account with its page taken to `address` (on its own site: a link the user opened),
/// now, or as soon as the page is made or the app unlocked.
pub fn show_account_at(app: &AppHandle, account_id: &str, address: Option<url::Url>) -> Result<(), Problem> {
    // Locked: nothing switches, wakes or gets the keys (the password typed next would go into a
    // chat); the account asked for opens once unlocked.
    if locked() {
        *AFTER_UNLOCK.lock().unwrap_or_else(|e| e.into_inner()) = Some((account_id.to_string(), address));
        return Err(Problem::new("lock.locked"));
    }
    let state = app.state::<AppState>();
    {
        let ws = state.workspace();
        let account = ws.account(account_id)?;
        account.runnable_service()?;
        if !account.enabled {
            return Err(Problem::new("account.disabled_first").with("label", &account.label));
        }
    }
    // Woken before anything is switched: a page that fails to open leaves the screen as it was.
    // (It opens hidden, as it is not the active one yet.)
    sleep::wake(app, account_id)?;
    // An account of another group (a notification, the tray, a link): every account is shown,
    // so its row is in the sidebar beside its page.
    {
        let mut ws = state.workspace();
        if !ws.in_view(account_id) {
            ws.group = None;
        }
    }
    let previous = state.workspace().active.replace(account_id.to_string());
    if let Some(previous) = previous.filter(|p| p != account_id) {
        if let Some(webview) = service_webview(app, &previous) {
            set_page_shown(&webview, false);
            app.state::<sleep::Sleepers>().unused_from_now(&previous);
        }
    }
    if let Some(webview) = service_webview(app, account_id).filter(|_| !covered()) {
        set_page_shown(&webview, true);
        let _ = webview.set_focus();
    }
    if let Some(address) = address {
        match service_webview(app, account_id) {
            Some(webview) => webview.navigate(address).map_err(Problem::internal)?,
            None => {
                WANTED.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert_with(Default::default).insert(account_id.to_string(), address);
            }
        }
    }
    publish(app);
    let handle = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if let Err(e) = handle.state::<AppState>().persist() {
            eprintln!("switchboard: {e}");
        }
    });
    Ok(())
}

/// While a dialog is open or the app is locked, the shell takes the whole window and the active
/// page is hidden; it shows again once nothing covers it.
pub fn cover(app: &AppHandle, what: Cover, on: bool) {
    if matches!(what, Cover::Lock) {
        popups::set_hidden(app, on);
        let asked = AFTER_UNLOCK.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some((account, address)) = asked.filter(|_| !on) {
            screen::set_cover(Cover::Lock, false);
            if let Err(e) = show_account_at(app, &account, address) {
                eprintln!("switchboard: {e}");
            }
        }
    }
    screen::set_cover(what, on);
    // What covers the pages takes the keys: a page hidden under a dialog (a question that came
    // up while the user typed in it) must not go on taking what they type.
    if on {
        if let Some(shell) = app.get_webview(SHELL) {
            let _ = shell.set_focus();
        }
    }
    let active = app.state::<AppState>().workspace().active.clone();
    if let Some(webview) = active.as_deref().and_then(|id| service_webview(app, id)) {
        set_page_shown(&webview, !covered());
    }
    platform::relayout(app);
}

/// An account's open page, or why there is none.
fn open_page(app: &AppHandle, account_id: &str) -> Result<Webview, Problem> {
    service_webview(app, account_id).ok_or_else(|| {
        if app.state::<sleep::Sleepers>().is_asleep(account_id) {
            Problem::new("page.asleep")
        } else {
            Problem::new("page.not_open")
        }
    })
}

/// Every account's open page.
pub fn service_webviews(app: &AppHandle) -> Vec<Webview> {
    let Ok(window) = window(app) else { return vec![] };
    window.webviews().into_iter().filter(|w| account_of(w.label()).is_some()).collect()
}

/// Runs a script in one account's page (its main frame, beside the page's own scripts: the
/// bridge's API is there) and hands back its result as JSON. The page can answer anything.
pub async fn run_in_page(app: &AppHandle, account_id: &str, script: String) -> Result<String, Problem> {
    let webview = open_page(app, account_id)?;
    page_answer(|done| platform::evaluate_in_page(&webview, script, done)).await
}

/// Runs a script where the page's own scripts can't reach what it calls (WebKit: a script world
/// of Switchboard's own; see `platform::engine`), for what must not take the page's word.
pub async fn run_apart(app: &AppHandle, account_id: &str, script: String) -> Result<String, Problem> {
    let webview = open_page(app, account_id)?;
    page_answer(|done| platform::engine::evaluate_apart(&webview, script, done)).await
}

/// Where an account's page is, as its engine says (never as the page says): the document it last
/// committed; `None` before its first.
pub async fn page_address(app: &AppHandle, account_id: &str) -> Result<Option<url::Url>, Problem> {
    let webview = open_page(app, account_id)?;
    let answer = page_answer(|done| platform::engine::committed_address(&webview, done)).await;
    Ok(answer.ok().and_then(|uri| url::Url::parse(&uri).ok()))
}

/// Longest answer taken from a page, in bytes: every caller wants far less.
const MAX_ANSWER: usize = 1 << 20;

/// What a page's engine hands back through `done`, within 10 s and `MAX_ANSWER`.
async fn page_answer(start: impl FnOnce(Box<dyn FnOnce(Option<String>) + Send>) -> tauri::Result<()>) -> Result<String, Problem> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    let tx = std::sync::Mutex::new(Some(tx));
    start(Box::new(move |answer| {
        if let Some(tx) = tx.lock().ok().and_then(|mut t| t.take()) {
            let _ = tx.send(answer);
        }
    }))
    .map_err(Problem::internal)?;
    match tokio::time::timeout(std::time::Duration::from_secs(10), rx).await {
        Ok(Ok(Some(answer))) if answer.len() <= MAX_ANSWER => Ok(answer),
        _ => Err(Problem::new("page.no_answer")),
    }
}

/// Makes an account's page again, at its start (its proxy or user agent changed: both are set
/// when a page is made); a page not open now takes them when it next opens.
pub fn remake_page(app: &AppHandle, account_id: &str) -> Result<(), Problem> {
    let Some(webview) = service_webview(app, account_id) else { return Ok(()) };
    webview.close().map_err(Problem::internal)?;
    memory::forget(account_id);
    after_webview_closed(app, |app| {
        if let Err(e) = sync(app) {
            eprintln!("switchboard: {e}");
        }
    });
    Ok(())
}

/// Makes several accounts' pages again (their browser ended), as one `sync`.
pub fn remake_pages(app: &AppHandle, accounts: &[String]) {
    for id in accounts {
        if let Some(webview) = service_webview(app, id) {
            let _ = webview.close();
            memory::forget(id);
        }
    }
    after_webview_closed(app, |app| {
        if let Err(e) = sync(app) {
            eprintln!("switchboard: {e}");
        }
    });
}

/// Loads the page again; one with the user's own style and script is made again, so that edits
/// of theirs apply (a page's scripts are fixed when it is made).
pub fn reload_account(app: &AppHandle, account_id: &str) -> Result<(), Problem> {
    if app.state::<AppState>().workspace().account(account_id).is_ok_and(|a| a.custom_code) {
        return remake_page(app, account_id);
    }
    open_page(app, account_id)?.reload().map_err(Problem::internal)
}

/// Runs `f` once the webviews closed so far are gone: close requests and this are handled in
/// order on the main thread. The work itself goes to a blocking thread.
pub fn after_webview_closed(app: &AppHandle, f: impl FnOnce(&AppHandle) + Send + 'static) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        tauri::async_runtime::spawn_blocking(move || f(&handle));
    });
}

/// "Switchboard (5)" in the window title while anything is unread.
pub fn show_total_unread(app: &AppHandle, total: u32) {
    if let Ok(window) = window(app) {
        let title = if total == 0 { "Switchboard".to_string() } else { format!("Switchboard ({total})") };
        if window.title().ok().as_deref() != Some(title.as_str()) {
            let _ = window.set_title(&title);
            crate::platform::show_badge(&window, total);
        }
    }
}

fn hide_window(app: &AppHandle) {
    if let Ok(window) = window(app) {
        screen::set_window_shown(false);
        let _ = window.hide();
    }
}

/// Hides a shown window, shows a hidden one.
pub fn toggle_window(app: &AppHandle) {
    if window_shown() {
        hide_window(app);
    } else {
        present(app);
    }
    publish(app);
}

/// Brings the window forward (a second launch, the tray, a notification, the hotkey). Only the
/// active page shows: hidden pages are exempt from the window's show (`set_page_shown`).
pub fn present(app: &AppHandle) {
    if let Ok(window) = window(app) {
        screen::set_window_shown(true);
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}
