//! The reader in a real terminal (tmux): hostile text stays inert and aligned,
//! the terminal is restored however the reader ends, and tiny and huge panes work.
//!
//! Each test skips, saying so, when tmux is not installed.

use crate::common;

use std::path::Path;

use common::tmux::{Tmux, missing, read_when_written};
use common::{Screen, key};
use dossier_core::content::load_dir;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
const BIN: &str = env!("CARGO_BIN_EXE_dossier");

fn hostile() -> dossier_core::content::Dossier {
    let d = load_dir(Path::new(HOSTILE));
    assert_eq!(d.problems, [], "the hostile fixture must load cleanly");
    d
}

/// The screen of `s`'s reader drawn whole into a new test terminal. The
/// `TestBackend` of a running screen only takes ratatui's updates, which skip
/// the cells under a wide character, so it can keep stale symbols there that a
/// real terminal has cleared.
fn fresh_text(s: &Screen) -> String {
    let area = s.terminal.backend().buffer().area;
    let mut t = Terminal::new(TestBackend::new(area.width, area.height)).expect("test terminal");
    t.draw(|f| dossier::ui::render(&s.app, f)).expect("draw");
    common::buffer_text(t.backend().buffer())
}

/// The pane as tmux holds it, against the screen the reader means to draw
/// (the same keys fed to a `TestBackend`), row by row. A character whose
/// width the terminal and the reader disagree on would shift the rest of its
/// row, and an escape sequence that got through would move or clear text.
fn same_screens(tmux: &Tmux, screen: &Screen) -> Result<(), String> {
    let want: Vec<String> = fresh_text(screen)
        .lines()
        .map(|l| l.trim_end().to_string())
        .collect();
    let pane = tmux.wait(|p| {
        p.lines()
            .map(str::trim_end)
            .eq(want.iter().map(String::as_str))
    });
    let got: Vec<&str> = pane.lines().map(str::trim_end).collect();
    if got == want {
        return Ok(());
    }
    let diff: Vec<String> = (0..want.len().max(got.len()))
        .filter(|&i| want.get(i).map(String::as_str) != got.get(i).copied())
        .map(|i| format!("row {i}\n  want {:?}\n  got  {:?}", want.get(i), got.get(i)))
        .collect();
    Err(diff.join("\n"))
}

/// Shows every hostile entity at one size: the timeline, both articles (the
/// escapes one from its top and scrolled), the articles and issues lists, an
/// issue's details, help; after each step the pane must match.
fn hostile_at(name: &str, width: u16, height: u16) {
    if missing() {
        return;
    }
    let tmux = Tmux::start(name, width, height, &format!("{BIN} --content {HOSTILE}"));
    let title = tmux.format("#{pane_title}");
    let mut screen = Screen::new(hostile(), width, height);
    let steps = [
        "",
        "\n",
        "3g",
        "jjjj",
        "G",
        "\x08",
        "j\n",
        "3g",
        "jjjjjjjjjj",
        "a",
        "j",
        "i",
        "2",
        "\n",
        "?",
        "\x1b",
        "t",
    ];
    for step in steps {
        tmux.keys(step);
        screen.keys(step);
        if let Err(diff) = same_screens(&tmux, &screen) {
            panic!("{width}x{height}, after keys {step:?}, the pane differs:\n{diff}");
        }
        assert_eq!(
            tmux.format("#{pane_title}"),
            title,
            "the pane title changed"
        );
    }
    // OSC 52 would have filled a tmux buffer (set-clipboard is on).
    assert_eq!(tmux.run(&["list-buffers"]), "", "the clipboard was written");
    tmux.keys("q");
    let done = tmux.wait(|p| p.contains("EXIT") || !p.contains("Timeline"));
    assert!(
        !done.contains("PWNED"),
        "text left on the screen after quitting:\n{done}"
    );
}

#[test]
fn hostile_text_is_inert_and_aligned_at_100x30() {
    hostile_at("hostile-100", 100, 30);
}

#[test]
fn hostile_text_is_inert_and_aligned_at_500x200() {
    hostile_at("hostile-500", 500, 200);
}

#[test]
fn tiny_panes_show_what_fits_and_quit_cleanly() {
    for (w, h) in [(1, 1), (12, 4), (40, 8)] {
        hostile_at(&format!("tiny-{w}x{h}"), w, h);
    }
}

/// How the reader is made to end, in `restores_the_terminal`.
enum End {
    Keys(&'static str),
    Signal(&'static str),
    #[cfg_attr(not(debug_assertions), allow(dead_code))]
    Env(&'static str),
}

/// Runs the reader in a pane, ends it, and compares `stty -g` before and
/// after; the pane must also have left the alternate screen and show the cursor.
fn restores(name: &str, end: End, expect_status: &str) {
    if missing() {
        return;
    }
    let env = match end {
        End::Env(e) => e,
        _ => "",
    };
    let dir = std::env::temp_dir().join(format!("dossier-{name}-{}", std::process::id()));
    let (before, after, pid) = (dir.join("before"), dir.join("after"), dir.join("pid"));
    let _ = std::fs::create_dir_all(&dir);
    // The inner shell writes its pid and becomes the reader, so a signal sent
    // to that pid reaches the reader itself.
    let script = format!(
        "stty -g > {b}; {env} sh -c 'echo $$ > {p}; exec {BIN} --content {HOSTILE}'; echo EXIT=$?; stty -g > {a}",
        b = before.display(),
        a = after.display(),
        p = pid.display(),
    );
    let tmux = Tmux::start(name, 80, 24, &script);
    // A fault ends the reader right after its first frame: too soon to look.
    if !matches!(end, End::Env(_)) {
        let first = tmux.wait(|p| p.contains("Timeline"));
        assert!(
            first.contains("Timeline"),
            "{name}: the reader did not start:\n{first}"
        );
        assert_eq!(
            tmux.format("#{alternate_on}"),
            "1",
            "{name}: no alternate screen"
        );
    }
    match end {
        End::Keys(k) => {
            tmux.run(&["send-keys", "-t", "t", k]);
        }
        End::Signal(sig) => {
            let pid = read_when_written(&pid);
            let status = std::process::Command::new("kill")
                .args([&format!("-{sig}"), pid.trim()])
                .status()
                .expect("kill runs");
            assert!(status.success(), "{name}: kill failed");
        }
        End::Env(_) => {}
    }
    let done = tmux.wait(|p| p.contains("EXIT="));
    assert!(
        done.contains(&format!("EXIT={expect_status}")),
        "{name}:\n{done}"
    );
    let (b, a) = (read_when_written(&before), read_when_written(&after));
    assert!(!b.is_empty(), "{name}: no stty before");
    assert_eq!(
        b, a,
        "{name}: the terminal settings differ after the reader ended"
    );
    assert_eq!(
        tmux.format("#{alternate_on}"),
        "0",
        "{name}: still on the alternate screen"
    );
    assert_eq!(
        tmux.format("#{cursor_flag}"),
        "1",
        "{name}: cursor left hidden"
    );
    assert_eq!(
        tmux.format("#{mouse_any_flag}"),
        "0",
        "{name}: mouse capture left on"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn restores_the_terminal_on_q() {
    restores("end-q", End::Keys("q"), "0");
}

#[test]
fn restores_the_terminal_on_ctrl_c() {
    restores("end-ctrl-c", End::Keys("C-c"), "0");
}

// Needs the test hooks, which only a debug build has.
#[cfg(debug_assertions)]
#[test]
fn restores_the_terminal_on_error() {
    restores("end-error", End::Env("DOSSIER_TEST_FAULT=error"), "1");
}

// Needs the test hooks, which only a debug build has.
#[cfg(debug_assertions)]
#[test]
fn restores_the_terminal_on_panic() {
    restores("end-panic", End::Env("DOSSIER_TEST_FAULT=panic"), "101");
}

#[test]
fn restores_the_terminal_on_sigterm() {
    restores("end-term", End::Signal("TERM"), "1");
}

#[test]
fn restores_the_terminal_on_sighup() {
    restores("end-hup", End::Signal("HUP"), "1");
}

/// The escapes article drawn into a test terminal at several sizes: every
/// row of the buffer is exactly the terminal's width, counting wide cells.
#[test]
fn hostile_rows_fill_the_width_exactly() {
    for (w, h) in [(1, 1), (7, 3), (33, 9), (80, 24), (211, 57)] {
        let mut s = Screen::new(hostile(), w, h);
        for step in ["", "\n", "3G", "a", "j\n"] {
            s.keys(step);
            s.events([key(KeyCode::PageUp)]);
            for (y, row) in s.text().lines().enumerate() {
                let cells: usize = row.chars().map(dossier_core::text::char_width).sum();
                assert_eq!(
                    cells, w as usize,
                    "{w}x{h} after {step:?}, row {y}: {row:?}"
                );
            }
        }
    }
}

/// `list` and `show` print hostile content with no escape or control
/// character: only newlines, and tabs between `list` columns.
#[test]
fn command_line_output_of_hostile_content_has_no_controls() {
    let runs: [&[&str]; 8] = [
        &["check"],
        &["list", "events"],
        &["list", "issues"],
        &["list", "articles"],
        &["show", "hostile-event"],
        &["show", "hostile-issue"],
        &["show", "escapes"],
        &["show", "wide"],
    ];
    for args in runs {
        let out = std::process::Command::new(BIN)
            .args(args)
            .args(["--content", HOSTILE])
            .output()
            .expect("the binary runs");
        assert!(out.status.success(), "{args:?} failed");
        let text = String::from_utf8(out.stdout).expect("UTF-8 output");
        // The escapes are there, shown as their stand-ins (or the text is the wide one).
        let shown = text.contains('\u{241b}') || text.contains("国际");
        assert!(args[0] == "check" || shown, "{args:?}: {text}");
        let tab_ok = args[0] == "list";
        let bad: Vec<char> = text
            .chars()
            .filter(|&c| c != '\n' && !(tab_ok && c == '\t'))
            .filter(|&c| !dossier_core::text::is_inert(c))
            .collect();
        assert!(bad.is_empty(), "{args:?} printed {bad:?}");
    }
}

/// Whether process `pid` still runs (not counting one that has ended but
/// not been reaped).
fn running(pid: &str) -> bool {
    std::fs::read_to_string(format!("/proc/{}/stat", pid.trim()))
        .is_ok_and(|stat| !stat.split(") ").nth(1).is_some_and(|s| s.starts_with('Z')))
}

/// The terminal closed under the reader while its session leader ignores
/// SIGHUP, so none reaches the reader: it must still see that its terminal
/// is gone and end, not spin on an endless end of file.
#[cfg(target_os = "linux")]
#[test]
fn a_closed_terminal_ends_the_reader_even_without_sighup() {
    if missing() {
        return;
    }
    // The scratch folder `Tmux::start` makes for this name.
    let pid_file = std::env::temp_dir()
        .join(format!("dossier-hangup-{}", std::process::id()))
        .join("pid");
    let tmux = Tmux::start(
        "hangup",
        80,
        24,
        &format!(
            "trap '' HUP; sh -c 'echo $$ > {}; exec {BIN} --content {HOSTILE}'; exit",
            pid_file.display()
        ),
    );
    let first = tmux.wait(|p| p.contains("Timeline"));
    assert!(
        first.contains("Timeline"),
        "the reader did not start:\n{first}"
    );
    let pid = read_when_written(&pid_file);
    assert_eq!(pid_file, tmux.file("pid"));
    assert!(running(&pid), "no reader at pid {pid}");
    // Let the reader fall idle (nothing left to draw or save, so no write
    // fails to tell it), then close the terminal; the server alone goes.
    std::thread::sleep(std::time::Duration::from_secs(3));
    tmux.run(&["kill-server"]);
    let start = std::time::Instant::now();
    while running(&pid) && start.elapsed() < std::time::Duration::from_secs(5) {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let still = running(&pid);
    if still {
        let _ = std::process::Command::new("kill")
            .args(["-KILL", pid.trim()])
            .status();
    }
    assert!(
        !still,
        "the reader was still running 5 s after its terminal closed"
    );
}
