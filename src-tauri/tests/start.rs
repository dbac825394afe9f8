//! The binary started where it can't open a window, or with arguments it can't read: a clear
//! message and an exit code, never a panic or an abort.

use std::process::Command;

fn switchboard() -> Command {
    Command::new(env!("CARGO_BIN_EXE_switchboard"))
}

#[test]
fn no_display_is_a_message_and_exit_code_1() {
    let dir = tempfile::tempdir().unwrap();
    let out = switchboard()
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .args(["--profile", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("no display to open the window on"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_text_is_named_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let out = switchboard().arg("services").arg(std::ffi::OsStr::from_bytes(b"li\xffst")).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("is not valid text (UTF-8)") && !stderr.contains("panicked"), "{stderr}");
}
