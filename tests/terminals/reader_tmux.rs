//! The reader in a real terminal (tmux): launch the binary on the fixture,
//! follow a source, go back, quit, and check the terminal left raw mode; and
//! close the terminal under it and check it ends.

use crate::common;

use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::tmux::{Tmux, missing, read_when_written};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");

#[test]
fn follow_back_quit_in_tmux() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    // Emptied first: an earlier run whose process had the same id may have
    // left its files.
    let dir = std::env::temp_dir().join(format!("dossier-tmux-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
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
    if missing() {
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

/// The reader started on `FIXTURE` with its loader held back `delay_ms`, the
/// terminal settings saved before and after it into the scratch folder.
#[cfg(debug_assertions)]
fn slow_start(name: &str, delay_ms: u32) -> Tmux {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let t = Tmux::start(name, 80, 24, "true");
    let (before, after) = (t.file("before"), t.file("after"));
    t.run(&[
        "respawn-pane",
        "-k",
        "-t",
        "t",
        &format!(
            "stty -g > {b}; DOSSIER_TEST_LOAD_DELAY_MS={delay_ms} {bin} --content {FIXTURE}; \
             echo EXIT=$?; stty -g > {a}; sleep 600",
            b = before.display(),
            a = after.display()
        ),
    ]);
    t
}

#[cfg(debug_assertions)]
fn same_terminal_settings(t: &Tmux) {
    let a = read_when_written(&t.file("after"));
    let b = std::fs::read_to_string(t.file("before")).expect("stty before");
    assert!(!b.is_empty());
    assert_eq!(b, a, "the terminal settings differ after the reader quit");
}

/// A dossier that takes a while shows a loading screen at once; keys typed
/// on it are applied, in order, once the dossier is there.
// Needs the test hooks, which only a debug build has.
#[cfg(debug_assertions)]
#[test]
fn a_slow_load_shows_a_loading_screen_and_keeps_the_keys() {
    if missing() {
        return;
    }
    let t = slow_start("loading", 2500);
    let loading = t.wait(|pane| pane.contains("Loading the dossier"));
    assert!(loading.contains("tests/fixtures/reader"), "{loading}");
    assert!(!loading.contains("Timeline"), "{loading}");
    t.keys("jj");
    let start = t.wait(|pane| pane.contains("Timeline · 6 events"));
    assert!(
        start.contains("▸10 May"),
        "the two moves were not applied:\n{start}"
    );
    t.keys("q");
    let done = t.wait(|pane| pane.contains("EXIT="));
    assert!(done.contains("EXIT=0"), "{done}");
    same_terminal_settings(&t);
}

/// q and Ctrl-c quit from the loading screen, without waiting for the load,
/// and give the terminal back as it was.
// Needs the test hooks, which only a debug build has.
#[cfg(debug_assertions)]
#[test]
fn quitting_while_loading() {
    if missing() {
        return;
    }
    for (name, quit) in [("load-q", "q"), ("load-ctrl-c", "C-c")] {
        // Far longer than the test waits: the quit must not wait for it.
        let t = slow_start(name, 60_000);
        t.wait(|pane| pane.contains("Loading the dossier"));
        t.run(&["send-keys", "-t", "t", quit]);
        let done = t.wait(|pane| pane.contains("EXIT="));
        assert!(done.contains("EXIT=0"), "{quit}: {done}");
        assert!(!done.contains("Timeline"), "{quit}: {done}");
        same_terminal_settings(&t);
    }
}

/// `R` in a real terminal: an edit made while the reader runs shows after
/// the reload, at the same place; the bundled dossier says it cannot reload.
#[test]
fn r_reloads_the_folder_in_place() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::fixture_copy("tmux-reload");
    let t = Tmux::start(
        "reload",
        120,
        40,
        &format!("{bin} --content {}", dir.display()),
    );
    t.wait(|pane| pane.contains("Timeline · 6 events"));
    t.keys("jj");
    t.wait(|pane| pane.contains("▸10 May"));
    common::replace_in(
        &dir.join("events/second-week-ends.toml"),
        "Second week of general talks ends",
        "Week two wraps up",
    );
    t.keys("R");
    let after = t.wait(|pane| pane.contains("Reloaded:"));
    // The retitled event is marked changed (◐): its title was read before.
    assert!(
        after.contains("▸◐10 May        ▶ Week two wraps up"),
        "{after}"
    );
    let _ = std::fs::remove_dir_all(&dir);

    let bundled = Tmux::start("reload-bundled", 120, 40, bin);
    bundled.wait(|pane| pane.contains("Timeline ·"));
    bundled.keys("R");
    let said = bundled.wait(|pane| pane.contains("built into the program"));
    assert!(said.contains("--content"), "{said}");
}

/// A reload reads beside the reader: keys typed meanwhile are handled at
/// once, and the reload lands where the reader is by then.
// Needs the test hooks, which only a debug build has.
#[cfg(debug_assertions)]
#[test]
fn keys_work_during_a_reload() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dir = common::fixture_copy("tmux-reload-slow");
    // The first load and the reload are both held back 1.5 s.
    let t = Tmux::start(
        "reload-slow",
        120,
        40,
        &format!(
            "DOSSIER_TEST_LOAD_DELAY_MS=1500 {bin} --content {}",
            dir.display()
        ),
    );
    t.wait(|pane| pane.contains("Timeline · 6 events"));
    t.keys("R");
    t.wait(|pane| pane.contains("Reloading…"));
    t.keys("jj");
    let moved = t.wait(|pane| pane.contains("▸10 May"));
    assert!(moved.contains("▸10 May"), "{moved}");
    assert!(
        !moved.contains("Reloaded:"),
        "the keys waited for the reload:\n{moved}"
    );
    // Had the reload blocked the keys, they would have come after it and
    // cleared its notice.
    let after = t.wait(|pane| pane.contains("Reloaded:"));
    assert!(after.contains("Reloaded:"), "{after}");
    assert!(after.contains("▸10 May"), "{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `z` in a real terminal at 80×24: the article fills the screen (no list,
/// no details), Tab moves the zoom to the list, Esc gives the screen back.
#[test]
fn z_zooms_the_focused_pane_in_tmux() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let t = Tmux::start("zoom", 80, 24, &format!("{bin} --content {FIXTURE}"));
    let until = |what: &str, check: &dyn Fn(&str) -> bool| {
        let pane = t.wait(check);
        assert!(check(&pane), "waiting for {what}:\n{pane}");
        pane
    };
    until("the timeline", &|p| p.contains("Timeline"));
    t.keys("jj\n");
    until("the followed source", &|p| p.contains("passage 1/7"));
    t.keys("z");
    let zoomed = until("the zoomed article", &|p| {
        p.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("┏ Article") && l.trim_end().ends_with('┓'))
    });
    assert!(
        !zoomed.contains("┌ Timeline") && !zoomed.contains("┌ Event"),
        "{zoomed}"
    );
    t.keys("\t");
    until("the zoomed list", &|p| {
        p.lines()
            .nth(1)
            .is_some_and(|l| l.starts_with("┏ Timeline") && l.trim_end().ends_with('┓'))
    });
    t.keys("\x1b");
    until("the three panes", &|p| {
        p.contains("Timeline") && p.contains("Article") && p.contains("Event")
    });
}
