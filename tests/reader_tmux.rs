//! The reader in a real terminal (tmux): launch the binary on the fixture,
//! follow a source, go back, quit, and check the terminal left raw mode; and
//! close the terminal under it and check it ends.

mod common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Tmux, available, read_when_written};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");

#[test]
fn follow_back_quit_in_tmux() {
    if !available() {
        eprintln!("SKIPPED: tmux is not installed; the real-terminal test needs it");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = std::env::temp_dir().join(format!("dossier-tmux-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (before, after) = (dir.join("before"), dir.join("after"));
    let script = format!(
        "stty -g > {b}; {bin} --content {FIXTURE}; echo EXIT=$?; stty -g > {a}",
        b = before.display(),
        a = after.display()
    );
    let t = Tmux::start("follow", 120, 40, &script);
    let wait_for = |needle: &str| t.wait(|pane| pane.contains(needle));

    let start = wait_for("Timeline · 6 events");
    assert!(start.contains("NRG survey"), "{start}");
    t.keys("j");
    wait_for("▸29 Apr–16 May");
    t.keys("\n");
    let followed = wait_for("source 1");
    assert!(
        followed.contains("scheduled to be active through May 16"),
        "{followed}"
    );
    t.keys("\x08");
    let back = wait_for("Enter open source");
    assert!(back.contains("▸29 Apr–16 May"), "{back}");
    t.keys("q");
    let done = wait_for("EXIT=");
    assert!(done.contains("EXIT=0"), "{done}");
    let a = read_when_written(&after);
    let b = std::fs::read_to_string(&before).expect("stty before");
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
    if !available() {
        eprintln!("SKIPPED: tmux is not installed; the real-terminal test needs it");
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    // `exec`, so the pane's process is the reader itself.
    let t = Tmux::start("hup", 80, 24, &format!("exec {bin} --content {FIXTURE}"));
    let pane = t.wait(|pane| pane.contains("Timeline"));
    assert!(pane.contains("Timeline"), "{pane}");
    let pid = t.format("#{pane_pid}");
    assert!(!pid.is_empty() && !gone(&pid), "reader pid {pid:?}");
    drop(t); // the server goes, and the terminal is closed under the reader
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
