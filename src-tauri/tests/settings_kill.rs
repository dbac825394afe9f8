//! Settings written while the process is killed at random moments: the real binary adds
//! accounts from the command line and is sent SIGKILL 100 times. Every account whose add
//! finished is there afterwards, and the file always loads without falling back to nothing.

use std::process::{Command, Stdio};
use std::time::Duration;

#[test]
fn a_hundred_kills_during_settings_writes_lose_no_account() {
    let dir = tempfile::tempdir().unwrap();
    let profile = dir.path();
    let mut finished = vec![];
    for i in 0..100u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_switchboard"))
            .args(["--profile", profile.to_str().unwrap(), "services", "add", "telegram", "--label", &format!("T{i}")])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // From at once to well after the write: some adds finish, many are cut mid-way.
        std::thread::sleep(Duration::from_micros((i * 7919) % 150_000));
        let _ = child.kill();
        let out = child.wait_with_output().unwrap();
        if out.status.success() {
            finished.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
        }
        let loaded = switchboard::settings::load(&profile.join("settings.json"));
        assert!(
            !loaded.notice.as_ref().is_some_and(|n| n.to_string().contains("no accounts")),
            "after kill {i}: {:?}",
            loaded.notice
        );
        let ids: Vec<&str> = loaded.workspace.accounts.iter().map(|a| a.id.as_str()).collect();
        for id in &finished {
            assert!(ids.contains(&id.as_str()), "after kill {i}: the finished add {id} is gone");
        }
    }
    assert!(!finished.is_empty(), "no add ever finished: the test did not test a write");
}
