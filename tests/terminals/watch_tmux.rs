//! The folder's watch in a real terminal (tmux): a saved change shows by
//! itself, a change made during a reload is not lost, and `dossier check
//! --watch` checks again on every change, clearing the screen only on a
//! terminal.

use crate::common;

use std::time::{Duration, Instant};

use common::tmux::{Tmux, missing};

/// Saves a file as editors do: a temporary file renamed over it.
fn save(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{from}");
    let tmp = path.with_extension("toml.swp");
    std::fs::write(&tmp, text.replace(from, to)).expect("write");
    std::fs::rename(&tmp, path).expect("rename");
}

const TITLE: &str = "title = \"General talks scheduled through May 16\"";

#[test]
fn a_saved_change_shows_by_itself_with_what_changed() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::fixture_copy("fx-watch-second");
    let t = Tmux::start(
        "watch",
        120,
        40,
        &format!("{bin} --content '{}'", dir.display()),
    );
    let start = t.wait(|p| p.contains("General talks schedu") && p.contains("Timeline"));
    assert!(start.contains("Timeline"), "{start}");
    let file = dir.join("events/general-talks.toml");
    // Each save shows by itself, with what changed. (How soon is the
    // debounce's quiet time, `watch::QUIET`, and a reload: timed, not
    // asserted, since a test run shares the machine with other terminals.)
    let mut took = Vec::new();
    for (from, to) in [
        (TITLE, "title = \"Talks renamed on disk\""),
        (
            "title = \"Talks renamed on disk\"",
            "title = \"Talks renamed again\"",
        ),
    ] {
        let saved = Instant::now();
        save(&file, from, to);
        let shown = if to.contains("again") {
            "renamed again"
        } else {
            "Talks renamed"
        };
        let seen = t.wait(|p| p.contains(shown) && p.contains("The folder changed"));
        took.push(saved.elapsed());
        assert!(seen.contains(shown), "{seen}");
        assert!(
            seen.contains("The folder changed: 1 event changed"),
            "{seen}"
        );
    }
    eprintln!("saved changes shown after {took:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

// Slows every load with a debug-only hook.
#[cfg(debug_assertions)]
#[test]
fn a_change_made_during_a_reload_is_not_lost() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::fixture_copy("fx-watch-during");
    // Every load takes 800 ms: the second save lands while the reload of
    // the first is under way.
    let t = Tmux::start(
        "watch-during",
        120,
        40,
        &format!(
            "DOSSIER_TEST_LOAD_DELAY_MS=800 {bin} --content '{}'",
            dir.display()
        ),
    );
    let start = t.wait(|p| p.contains("General talks schedu"));
    assert!(start.contains("Timeline"), "{start}");
    let file = dir.join("events/general-talks.toml");
    save(&file, TITLE, "title = \"First save\"");
    std::thread::sleep(Duration::from_millis(400));
    save(&file, "title = \"First save\"", "title = \"Second save\"");
    let seen = t.wait(|p| p.contains("Second save"));
    assert!(seen.contains("Second save"), "{seen}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_watch_checks_again_on_every_change() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::fixture_copy("fx-watch-check");
    let t = Tmux::start(
        "watch-check",
        120,
        40,
        &format!("{bin} check --watch --content '{}'", dir.display()),
    );
    let first = t.wait(|p| p.contains("0 errors, 1 warning") && p.contains(" UTC] dossier check"));
    assert!(first.contains("0 errors, 1 warning"), "{first}");
    assert!(first.contains(" UTC] dossier check"), "{first}");
    let file = dir.join("events/general-talks.toml");
    save(
        &file,
        "are scheduled to be active",
        "are scheduled to be idle",
    );
    let second = t.wait(|p| p.contains("1 error, 1 warning") && p.contains("quote not found"));
    assert!(second.contains("quote not found"), "{second}");
    // On a terminal, each result replaces the last.
    assert!(!second.contains("0 errors, 1 warning"), "{second}");
    assert_eq!(second.matches("dossier check").count(), 1, "{second}");

    // Into a file, the results follow each other, with no escape sequence.
    // Written in the dossier's folder, beside its content folders: not a
    // change to check again for.
    let out = dir.join("check.out");
    let mut child = std::process::Command::new(bin)
        .args(["check", "--watch", "--content"])
        .arg(&dir)
        .stdout(std::fs::File::create(&out).expect("out"))
        .spawn()
        .expect("check --watch");
    let wait_for = |needle: &str, n: usize| {
        let start = Instant::now();
        loop {
            let text = std::fs::read_to_string(&out).unwrap_or_default();
            if text.matches(needle).count() >= n || start.elapsed() > Duration::from_secs(20) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(40));
        }
    };
    wait_for("1 error, 1 warning", 1);
    save(
        &file,
        "are scheduled to be idle",
        "are scheduled to be active",
    );
    let text = wait_for("0 errors, 1 warning", 1);
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(text.matches(" UTC] dossier check").count(), 2, "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

// Makes the watch fail with a debug-only hook.
#[cfg(debug_assertions)]
#[test]
fn where_the_watch_cannot_start_the_reader_says_so_and_r_still_reloads() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::fixture_copy("fx-watch-fail");
    let t = Tmux::start(
        "watch-fail",
        120,
        40,
        &format!(
            "DOSSIER_TEST_WATCH_FAIL='no notifications here' {bin} --content '{}'",
            dir.display()
        ),
    );
    let start = t.wait(|p| p.contains("Not watching the folder"));
    assert!(
        start.contains("Not watching the folder (no notifications here): R reloads"),
        "{start}"
    );
    save(
        &dir.join("events/general-talks.toml"),
        TITLE,
        "title = \"Talks renamed on disk\"",
    );
    std::thread::sleep(Duration::from_millis(600));
    assert!(!t.capture().contains("Talks renamed"), "not watched");
    t.keys("R");
    let after = t.wait(|p| {
        p.contains("Talks renamed") && p.contains("Reloaded:") && p.contains("1 event changed")
    });
    assert!(after.contains("Reloaded:"), "{after}");
    assert!(after.contains("1 event changed"), "{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_watch_turns_it_off() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::fixture_copy("fx-watch-off");
    let t = Tmux::start(
        "watch-off",
        120,
        40,
        &format!("{bin} --no-watch --content '{}'", dir.display()),
    );
    let start = t.wait(|p| p.contains("General talks schedu"));
    assert!(!start.contains("Not watching"), "{start}");
    save(
        &dir.join("events/general-talks.toml"),
        TITLE,
        "title = \"Talks renamed on disk\"",
    );
    std::thread::sleep(Duration::from_millis(800));
    assert!(!t.capture().contains("Talks renamed"), "not watched");
    let _ = std::fs::remove_dir_all(&dir);
}
