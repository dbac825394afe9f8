//! The app lock at work: locks at start, after idle minutes, from the tray or with Ctrl+Shift+L;
//! every page stays hidden while locked; the right password opens it again. What is decided
//! (hash, wrong-guess delays) lives in vault::lock; this applies it to the running app.

use crate::problem::Problem;
use crate::shell::{self, Cover};
use crate::state::{publish, AppState};
use crate::vault::lock::{self, AppLock, HashStore, Unlock};
use crate::vault;
use std::sync::atomic::Ordering;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager};
use tokio::sync::watch;

pub struct Locker {
    state: Mutex<AppLock>,
    /// The lock's hash is gone from the keychain: it stays locked, pages wait, until the user
    /// resets it (`reset_lost`).
    lost: std::sync::atomic::AtomicBool,
    /// The password's hash, read from the keychain once.
    hash: Mutex<Option<String>>,
    /// One guess at a time: each waits for the one before it, then for its own delay.
    guessing: tokio::sync::Mutex<()>,
    /// The idle limit while unlocked with a lock set; `None` otherwise.
    idle_limit: watch::Sender<Option<Duration>>,
}

impl Locker {
    fn state(&self) -> MutexGuard<'_, AppLock> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn is_locked(&self) -> bool {
        self.state().is_locked()
    }

    fn cached_hash(&self) -> MutexGuard<'_, Option<String>> {
        self.hash.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps the idle clock in step with the workspace (called on every publish).
    pub fn follow(&self, on: bool, idle_minutes: u32) {
        let limit = (on && idle_minutes > 0 && !self.is_locked()).then(|| Duration::from_secs(u64::from(idle_minutes) * 60));
        self.idle_limit.send_if_modified(|current| std::mem::replace(current, limit) != limit);
    }
}

/// Locked at start when the user asked for it, or when it was locked when it quit or was killed
/// (the `locked` file), before any page shows. The keychain is asked for the hash meanwhile, and
/// the pages open only once it answered (`shell::lock_checked`): the lock is on while any trace
/// of it is, so a settings file edited to say "off" doesn't open it.
pub fn start(app: &AppHandle) {
    let settings = app.state::<AppState>().workspace().lock.clone();
    let saved = read_saved(&app.state::<AppState>().profile);
    let traced = settings.on || saved.is_some();
    let state = match saved {
        // Locked when it quit or was killed: still locked, the wrong guesses still counted.
        Some(failures) => AppLock::restored(failures, Instant::now()),
        None if settings.on && settings.at_start => AppLock::restored(0, Instant::now()),
        None => AppLock::default(),
    };
    let locked = state.is_locked();
    save_state(app, &state);
    let (idle_limit, limit) = watch::channel(None);
    app.manage(Locker { state: Mutex::new(state), lost: Default::default(), hash: Mutex::default(), guessing: Default::default(), idle_limit });
    shell::cover(app, Cover::Lock, locked);
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        if check_at_start(&handle, traced).await {
            shell::lock_checked(&handle);
        }
    });
    tauri::async_runtime::spawn(lock_when_idle(app.clone(), limit));
}

/// How long the pages wait for the keychain at start before they open all the same.
const KEYCHAIN_WAIT: Duration = Duration::from_secs(5);

/// The keychain's word on the lock, before the pages open; false while they must wait. A hash
/// with the settings saying "off" locks (the settings were changed under us). A lock whose hash
/// is gone could never be opened, and nothing else may open it: it stays locked, the pages stay
/// closed, and the lock screen offers what `switchboard lock reset` does (`reset_lost`) — never
/// done unasked, as a keychain that answers "none" may only be one that is not unlocked yet. A
/// keychain that can't be asked changes nothing: locked stays locked.
async fn check_at_start(app: &AppHandle, traced: bool) -> bool {
    let store = hash_store(app);
    let found = tokio::time::timeout(KEYCHAIN_WAIT, vault::off_thread(move || store?.load())).await;
    match found {
        Ok(Ok(Some(hash))) => {
            *app.state::<Locker>().cached_hash() = Some(hash);
            if !app.state::<AppState>().workspace().lock.on {
                let _ = app.state::<AppState>().change(|ws| {
                    ws.lock.on = true;
                    Ok::<(), Problem>(())
                });
                if let Err(e) = lock(app) {
                    eprintln!("switchboard: {e}");
                }
            }
        }
        Ok(Ok(None)) if traced => {
            app.state::<Locker>().lost.store(true, Ordering::SeqCst);
            lock_now(app);
            return false;
        }
        Ok(Ok(None)) => {}
        Ok(Err(e)) => eprintln!("switchboard: the keychain can't say whether a lock is set: {e}"),
        Err(_) => eprintln!("switchboard: the keychain did not answer within {} s", KEYCHAIN_WAIT.as_secs()),
    }
    true
}

/// Whether the lock's password was found gone at start (and not reset since).
pub fn is_lost(app: &AppHandle) -> bool {
    app.try_state::<Locker>().is_some_and(|l| l.lost.load(Ordering::SeqCst))
}

/// The user chose, on the lock screen, to reset a lock whose password is gone: everything it
/// guarded goes (each account's sign-in and saved login, the notification history), then it
/// opens, saying so, and the pages open (they never did: nothing of an account is in use).
pub fn reset_lost(app: &AppHandle) -> Result<(), Problem> {
    if !is_lost(app) {
        return Err(Problem::new("lock.locked"));
    }
    let state = app.state::<AppState>();
    let ids: Vec<String> = state.workspace().accounts.iter().map(|a| a.id.clone()).collect();
    lock::sign_out(&state.profile, &ids).map_err(|e| Problem::new("lock.not_reset").with("detail", e))?;
    let inbox = app.state::<crate::inbox::Inbox>();
    for id in &ids {
        inbox.forget_history(id);
    }
    state.change(|ws| {
        ws.lock.on = false;
        Ok::<(), Problem>(())
    })?;
    app.state::<Locker>().lost.store(false, Ordering::SeqCst);
    release(app, Problem::new("lock.password_gone"));
    shell::lock_checked(app);
    Ok(())
}

/// Whether the app is locked now (false before the lock is set up at start).
pub fn is_locked(app: &AppHandle) -> bool {
    app.try_state::<Locker>().is_some_and(|l| l.is_locked())
}

/// Locks now; refused when no lock password is set.
pub fn lock(app: &AppHandle) -> Result<(), Problem> {
    if !app.state::<AppState>().workspace().lock.on {
        return Err(Problem::new("lock.no_password"));
    }
    lock_now(app);
    Ok(())
}

/// Locks, whatever the settings say (the caller knows a lock is in force).
fn lock_now(app: &AppHandle) {
    {
        let locker = app.state::<Locker>();
        let mut state = locker.state();
        state.lock();
        save_state(app, &state);
    }
    shell::cover(app, Cover::Lock, true);
    // What the desktop still shows (names, message lines) goes with the lock.
    if let Some(outbox) = app.try_state::<crate::bridge::Outbox>() {
        crate::bridge::deliver::queue(&outbox.0, crate::bridge::deliver::Delivery::CloseAll);
    }
    publish(app);
}

/// Opens without a password, saying why: the lock was turned off, or its password is gone
/// from the keychain.
fn release(app: &AppHandle, why: Problem) {
    let locker = app.state::<Locker>();
    let mut state = locker.state();
    state.release();
    save_state(app, &state);
    drop(state);
    app.state::<AppState>().tell(why);
    show_unlocked(app);
}

fn show_unlocked(app: &AppHandle) {
    shell::cover(app, Cover::Lock, false);
    publish(app);
}

/// The wrong guesses of a lock left in force by the last run, if it was locked.
fn read_saved(profile: &crate::profile::Profile) -> Option<u32> {
    let text = std::fs::read_to_string(profile.lock_state_file()).ok()?;
    // A file that can't be read still says "locked".
    Some(text.trim().parse().unwrap_or(0))
}

/// Keeps the lock's state on disk as it changes, so that quitting or killing the app while
/// locked opens it locked again, with its wrong guesses still counted.
fn save_state(app: &AppHandle, state: &AppLock) {
    let path = app.state::<AppState>().profile.lock_state_file();
    let result = if state.is_locked() {
        crate::atomic_file::write_atomically(&path, state.failures().to_string().as_bytes())
    } else {
        crate::atomic_file::remove_if_present(&path)
    };
    if let Err(e) = result {
        eprintln!("switchboard: the lock's state could not be kept in {}: {e}", path.display());
    }
}

/// The lock password's hash. When the keychain can't be asked, or lost it while running, it stays
/// locked: `switchboard lock reset` (or the next start, for a lost hash) is the way back.
async fn password_hash(app: &AppHandle) -> Result<String, Problem> {
    let locker = app.state::<Locker>();
    if let Some(hash) = locker.cached_hash().clone() {
        return Ok(hash);
    }
    let store = hash_store(app);
    match vault::off_thread(move || store?.load()).await {
        Ok(Some(hash)) => {
            *locker.cached_hash() = Some(hash.clone());
            Ok(hash)
        }
        // Gone since the start: it stays locked; the next start resets it (`check_at_start`).
        Ok(None) => Err(Problem::new("lock.cant_check").with("detail", "no password in the keychain")),
        Err(e) => Err(Problem::new("lock.cant_check").with("detail", e)),
    }
}

/// Checks a password against the lock. Wrong guesses are slowed down, one at a time.
pub async fn unlock(app: &AppHandle, password: String) -> Result<(), Problem> {
    let locker = app.state::<Locker>();
    let _turn = locker.guessing.lock().await;
    if !locker.is_locked() {
        return Ok(());
    }
    let wait = locker.state().wait(Instant::now());
    tokio::time::sleep(wait).await;
    let hash = match password_hash(app).await {
        Ok(hash) => hash,
        Err(_) if !locker.is_locked() => return Ok(()), // released: no password left to check
        Err(e) => return Err(e),
    };
    let right = tauri::async_runtime::spawn_blocking(move || lock::verify(&hash, &password)).await.unwrap_or(false);
    let outcome = {
        let mut state = locker.state();
        let outcome = state.guessed(right, Instant::now());
        save_state(app, &state);
        outcome
    };
    match outcome {
        Unlock::Unlocked => {
            crate::platform::input::note();
            show_unlocked(app);
            Ok(())
        }
        Unlock::Wrong { next_wait } if next_wait.is_zero() => Err(Problem::new("lock.wrong")),
        Unlock::Wrong { next_wait } => Err(Problem::new("lock.wrong_wait").with("count", next_wait.as_secs())),
    }
}

/// Asks for the lock password before what the lock guards is handed out or changed while
/// unlocked (turning it off, a new password, showing a saved login): whoever sits at an unlocked
/// window doesn't get past the lock that way. Nothing to ask while no lock is set. A wrong
/// answer waits a second, one guess at a time.
pub async fn confirm(app: &AppHandle, password: Option<String>) -> Result<(), Problem> {
    if !app.state::<AppState>().workspace().lock.on {
        return Ok(());
    }
    let password = password.filter(|p| !p.is_empty()).ok_or(Problem::new("lock.confirm"))?;
    let locker = app.state::<Locker>();
    let _turn = locker.guessing.lock().await;
    let hash = password_hash(app).await?;
    let right = tauri::async_runtime::spawn_blocking(move || lock::verify(&hash, &password)).await.unwrap_or(false);
    if !right {
        tokio::time::sleep(Duration::from_secs(1)).await;
        return Err(Problem::new("lock.wrong"));
    }
    Ok(())
}

/// Sets a new lock password (hashed, into the keychain) or, with `None`, keeps the one set, and
/// the lock's choices. `current`: the password set now, when one is.
pub async fn configure(app: &AppHandle, current: Option<String>, password: Option<String>, at_start: bool, idle_minutes: u32) -> Result<(), Problem> {
    if idle_minutes > crate::settings::MAX_IDLE_MINUTES {
        return Err(Problem::new("lock.idle_too_long").with("max", crate::settings::MAX_IDLE_MINUTES));
    }
    // Any change to a lock that is on (a new password, or its clock turned off) is the owner's.
    confirm(app, current).await?;
    match password {
        Some(password) => {
            let store = hash_store(app);
            let hash = vault::off_thread(move || {
                let hash = lock::hash(&password)?;
                store?.save(&hash)?;
                Ok(hash)
            })
            .await
            .map_err(|e| Problem::new("lock.not_set").with("detail", e))?;
            *app.state::<Locker>().cached_hash() = Some(hash);
        }
        None if !app.state::<AppState>().workspace().lock.on => return Err(Problem::new("lock.empty")),
        None => {}
    }
    crate::state::change_and_show(app, |ws| {
        ws.lock = crate::settings::LockSettings { on: true, at_start, idle_minutes };
        Ok::<(), Problem>(())
    })
}

/// This profile's entry for the lock's hash (made without asking the keychain anything).
fn hash_store(app: &AppHandle) -> Result<HashStore, vault::VaultError> {
    let id = app.state::<AppState>().profile.keychain_id();
    HashStore::open(&id.map_err(|e| vault::VaultError::Failed(format!("the profile's keychain id can't be read: {e}")))?)
}

/// Turns the lock off and forgets its password, once `current` is the password. The settings go
/// first: a hash the keychain keeps then only locks again, at the next start, with the password
/// the user just typed (the other way round, a lock left on without its hash could never open).
pub async fn turn_off(app: &AppHandle, current: Option<String>) -> Result<(), Problem> {
    confirm(app, current).await?;
    crate::state::change_and_show(app, |ws| {
        ws.lock.on = false;
        Ok::<(), Problem>(())
    })?;
    *app.state::<Locker>().cached_hash() = None;
    let store = hash_store(app);
    vault::off_thread(move || store?.clear())
        .await
        .map_err(|e| Problem::new("lock.hash_kept").with("detail", e))
}

/// Sleeps until the idle limit could be reached, and locks if nothing happened meanwhile. It
/// wakes at most once per limit while the user is busy, and not at all while locked or off.
async fn lock_when_idle(app: AppHandle, mut limit: watch::Receiver<Option<Duration>>) {
    crate::platform::input::note();
    loop {
        let current = *limit.borrow_and_update();
        if let Some(limit_now) = current {
            let idle = crate::platform::input::idle_for();
            if idle >= limit_now {
                if let Err(e) = lock(&app) {
                    eprintln!("switchboard: {e}");
                }
            } else {
                tokio::select! {
                    _ = tokio::time::sleep(limit_now - idle) => continue,
                    changed = limit.changed() => if changed.is_err() { return },
                }
                continue;
            }
        }
        if limit.changed().await.is_err() {
            return;
        }
    }
}
