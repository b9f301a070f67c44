//! The reader in a real terminal (tmux): launch the binary on the fixture,
//! follow a source, go back, quit, and check the terminal left raw mode.

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");

fn tmux(args: &[&str]) -> String {
    let out = Command::new("tmux").args(args).output().expect("tmux runs");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Waits until the pane shows `needle`, and returns the pane.
fn wait_for(session: &str, needle: &str) -> String {
    let start = Instant::now();
    loop {
        let pane = tmux(&["capture-pane", "-p", "-t", session]);
        if pane.contains(needle) || start.elapsed() > Duration::from_secs(10) {
            return pane;
        }
        sleep(Duration::from_millis(50));
    }
}

struct Session(String);
impl Drop for Session {
    fn drop(&mut self) {
        tmux(&["kill-session", "-t", &self.0]);
    }
}

#[test]
fn follow_back_quit_in_tmux() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed; the real-terminal test needs it");
        return;
    }
    let dir = std::env::temp_dir().join(format!("dossier-tmux-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let before = dir.join("before");
    let after = dir.join("after");
    let bin = env!("CARGO_BIN_EXE_dossier");
    let name = format!("dossier-test-{}", std::process::id());
    let script = format!(
        "stty -g > {b}; {bin} --content {FIXTURE}; echo EXIT=$?; stty -g > {a}; sleep 60",
        b = before.display(),
        a = after.display()
    );
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "120",
        "-y",
        "40",
        &script,
    ]);
    let _guard = Session(name.clone());

    let start = wait_for(&name, "Timeline · 6 events");
    assert!(start.contains("NRG survey"), "{start}");
    tmux(&["send-keys", "-t", &name, "j"]);
    wait_for(&name, "▸29 Apr–16 May");
    tmux(&["send-keys", "-t", &name, "Enter"]);
    let followed = wait_for(&name, "source 1");
    assert!(
        followed.contains("scheduled to be active through May 16"),
        "{followed}"
    );
    tmux(&["send-keys", "-t", &name, "BSpace"]);
    let back = wait_for(&name, "Enter open source");
    assert!(back.contains("▸29 Apr–16 May"), "{back}");
    tmux(&["send-keys", "-t", &name, "q"]);
    let done = wait_for(&name, "EXIT=");
    assert!(done.contains("EXIT=0"), "{done}");
    // Wait for the second stty to have run.
    let start = Instant::now();
    while std::fs::read_to_string(&after)
        .unwrap_or_default()
        .is_empty()
        && start.elapsed() < Duration::from_secs(5)
    {
        sleep(Duration::from_millis(50));
    }
    let b = std::fs::read_to_string(&before).expect("stty before");
    let a = std::fs::read_to_string(&after).expect("stty after");
    assert!(!b.is_empty());
    assert_eq!(b, a, "the terminal settings differ after the reader quit");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether a process is gone (or only a zombie waiting to be reaped).
fn gone(pid: &str) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

/// Closing the terminal under the reader (the window goes away) must end it,
/// not leave it spinning on a dead terminal.
#[test]
fn closing_the_terminal_ends_the_reader() {
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("SKIPPED: tmux is not installed; the real-terminal test needs it");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let name = format!("dossier-hup-{}", std::process::id());
    let script = format!("exec {bin} --content {FIXTURE}");
    tmux(&[
        "new-session",
        "-d",
        "-s",
        &name,
        "-x",
        "80",
        "-y",
        "24",
        &script,
    ]);
    let session = Session(name.clone());
    let pane = wait_for(&name, "Timeline");
    assert!(pane.contains("Timeline"), "{pane}");
    let pid = tmux(&["display", "-p", "-t", &name, "#{pane_pid}"]);
    let pid = pid.trim().to_string();
    assert!(!pid.is_empty() && !gone(&pid), "reader pid {pid:?}");
    drop(session); // kill-session: the terminal is closed under the reader
    let start = Instant::now();
    while !gone(&pid) && start.elapsed() < Duration::from_secs(5) {
        sleep(Duration::from_millis(50));
    }
    let alive = !gone(&pid);
    if alive {
        let _ = Command::new("kill").args(["-9", &pid]).status();
    }
    assert!(!alive, "the reader kept running after its terminal closed");
}
