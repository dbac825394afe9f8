//! The process and the user's own programs, alike on Windows and macOS.

/// Nothing to set before the first thread here.
pub fn prepare_process() {}

/// Opens an address or a file with the user's own program. (macOS: LaunchServices starts it,
/// not this process; Windows has no file-creation mask to hand down.)
pub fn open_outside(target: &std::ffi::OsStr) -> std::io::Result<()> {
    open::that_detached(target)
}

pub fn display_ready() -> Result<(), String> {
    Ok(())
}

/// The engine does not tell the app of clicks inside a page: input in the session just now, while
/// the page is the one on screen, is the user's.
pub fn input_just_now() -> bool {
    crate::platform::input_idle_for().is_some_and(|idle| idle < crate::pages::downloads::GESTURE_WINDOW)
}
