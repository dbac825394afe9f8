//! Linux: the process itself, the user agent, the user's input, and handing things to the
//! user's own programs.

/// How a browser on this platform names it in its user agent.
pub const USER_AGENT_OS: &str = "X11; Linux x86_64";

/// WebKitGTK's own user agent claims a Safari that never was: a current one instead.
pub fn engine_user_agent() -> Option<String> {
    Some(crate::catalog::safari_user_agent(USER_AGENT_OS))
}

/// WebKitGTK's GPU compositing costs each web process tens of MB and keeps hidden pages
/// repainting: off, ten accounts measured 18 % less memory and half the idle CPU (DESIGN.md,
/// `make bench`). Set before any thread starts; `WEBKIT_DISABLE_COMPOSITING_MODE=0` in the
/// environment turns it back on.
pub fn prepare_process() {
    if std::env::var_os("WEBKIT_DISABLE_COMPOSITING_MODE").is_none() {
        std::env::set_var("WEBKIT_DISABLE_COMPOSITING_MODE", "1");
    }
}

/// GTK's own start, before Tauri's (which panics on failure): no display gives a clear message.
pub fn display_ready() -> Result<(), String> {
    gtk::init().map_err(|_| {
        let display = std::env::var("DISPLAY").unwrap_or_default();
        let wayland = std::env::var("WAYLAND_DISPLAY").unwrap_or_default();
        format!("no display to open the window on (DISPLAY={display:?}, WAYLAND_DISPLAY={wayland:?}); start it from a desktop session, or use a command-line action (switchboard --help)")
    })
}

/// GTK tells of every key and click (see `adopt`): nothing more to ask the system.
pub fn input_idle_for() -> Option<std::time::Duration> {
    None
}

/// Input in each page is noted as it happens (see `adopt`).
pub fn input_just_now() -> bool {
    false
}

/// Accounts are kept apart on every version (each its own WebKit data folder).
pub fn isolation_warning() -> Option<crate::problem::Problem> {
    None
}

/// Opens an address or a file with the user's own program (browser, file opener), detached, with
/// the user's file-creation mask back. Launchers are tried in turn on a thread of their own (the
/// caller may be the UI thread): one that fails within a second makes way for the next, one
/// that still runs then has taken it.
pub fn open_outside(target: &std::ffi::OsStr) -> std::io::Result<()> {
    let launchers = open::commands(target);
    let shown = target.to_string_lossy().into_owned();
    std::thread::Builder::new().name("open-outside".into()).spawn(move || {
        if let Err(e) = launch_first(launchers) {
            eprintln!("switchboard: could not open {shown}: {e}");
        }
    })?;
    Ok(())
}

fn launch_first(launchers: Vec<std::process::Command>) -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    let umask = crate::profile::user_umask() as libc::mode_t;
    let mut last = std::io::Error::other("no program on this system opens it");
    for mut launcher in launchers {
        launcher.stdin(std::process::Stdio::null()).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        // SAFETY: umask and setsid are async-signal-safe and touch only the new process.
        unsafe {
            launcher.pre_exec(move || {
                libc::umask(umask);
                libc::setsid();
                Ok(())
            });
        }
        let mut child = match launcher.spawn() {
            Ok(child) => child,
            Err(e) => {
                last = e;
                continue;
            }
        };
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(child.wait());
        });
        match rx.recv_timeout(std::time::Duration::from_secs(1)) {
            Ok(Ok(status)) if !status.success() => last = std::io::Error::other(format!("its launcher ended with {status}")),
            Ok(Err(e)) => last = e,
            _ => return Ok(()),
        }
    }
    Err(last)
}


/// Links the system hands the running app by an event: none here — a link starts the app again
/// with it on the command line (the .desktop entry's %u, the protocol's registry command), and
/// that launch passes it to the running one (`instance`).
pub fn opened_links(_event: &tauri::RunEvent) -> Vec<String> {
    vec![]
}
