//! What the reader remembers, in a real terminal: each test's tmux server
//! keeps the reader's state and configuration in the test's scratch folder
//! (`XDG_STATE_HOME`, `XDG_CONFIG_HOME`), never in the real home.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

use common::fixture_copy;
use common::tmux::{Tmux, missing, read_when_written, until};
use dossier::state::store::DossierId;
use dossier::state::{ListName, State, format};

const BIN: &str = env!("CARGO_BIN_EXE_dossier");

/// The state file of the dossier in `dir`, for the reader in `t`.
fn state_file(t: &Tmux, dir: &Path) -> PathBuf {
    t.dir
        .join("state/dossier")
        .join(DossierId::folder(dir).file_name())
}

fn read_state(path: &Path) -> State {
    let text = std::fs::read_to_string(path).expect("the state file");
    format::read(&text).unwrap_or_else(|e| panic!("{}: {}\n{text}", path.display(), e.why))
}

fn reader(dir: &Path) -> String {
    format!("{BIN} --content {}", dir.display())
}

#[test]
fn a_restarted_reader_comes_back_where_it_was() {
    if missing() {
        return;
    }
    let dir = fixture_copy("tmux-restart");
    let t = Tmux::start("restart", 120, 40, &reader(&dir));
    t.wait(|p| p.contains("Timeline"));
    // The issues, the second one, its details, its first source followed,
    // the article scrolled.
    t.keys("ij\t\n");
    t.wait(|p| p.contains("source 1"));
    t.keys("jjjj");
    let before = t.settled();
    t.keys("q");
    assert!(
        until(|| !t.capture().contains("Issues ›")),
        "the reader did not quit"
    );
    t.respawn(&reader(&dir));
    let after = t.wait(|p| p == before);
    assert_eq!(after, before);
    // Back still leads where it did before the restart.
    t.keys("\x08");
    let back = t.wait(|p| p.contains("Issues › Wages") && !p.contains("source 1 › TheWrap"));
    assert!(back.contains("Issues › Wages"), "{back}");
    // --top starts at the top instead.
    t.keys("q");
    assert!(until(|| !t.capture().contains("Issues ›")));
    t.respawn(&format!("{} --top", reader(&dir)));
    let top = t.wait(|p| p.contains("Timeline ›") && p.contains("▸Mar"));
    assert!(top.contains("▸Mar"), "{top}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_new_event_is_marked_new_and_one_key_away() {
    if missing() {
        return;
    }
    let dir = fixture_copy("tmux-new-event");
    let t = Tmux::start("new-event", 120, 40, &reader(&dir));
    let first = t.wait(|p| p.contains("Timeline"));
    assert!(
        !first.contains(" new"),
        "a first visit marks nothing: {first}"
    );
    t.keys("q");
    assert!(until(|| state_file(&t, &dir).exists()));
    // The curator adds an event.
    let text = std::fs::read_to_string(dir.join("events/asa-talks.toml")).unwrap();
    let text: String = text
        .lines()
        .map(|l| {
            if l.starts_with("title = ") {
                "title = \"A brand new event\"\n".to_string()
            } else {
                format!("{l}\n")
            }
        })
        .collect();
    std::fs::write(dir.join("events/brand-new.toml"), text).unwrap();
    t.respawn(&reader(&dir));
    let marked = t.wait(|p| p.contains("● 1 new (u)") && p.contains("●20–31 May"));
    assert!(marked.contains("● 1 new (u)"), "{marked}");
    assert!(marked.contains("●20–31 May"), "{marked}");
    t.keys("u");
    let there = t.wait(|p| p.contains("▸●20–31 May") && p.contains("New since your last visit"));
    assert!(there.contains("New since your last visit"), "{there}");
    let _ = std::fs::remove_dir_all(&dir);
}

// Needs the test hooks, which only a debug build has.
#[cfg(debug_assertions)]
#[test]
fn a_reader_killed_while_saving_leaves_the_last_state_whole() {
    if missing() {
        return;
    }
    let dir = fixture_copy("tmux-kill");
    let t = Tmux::start("kill", 120, 40, &reader(&dir));
    t.wait(|p| p.contains("Timeline"));
    t.keys("i");
    t.wait(|p| p.contains("Issues ›"));
    t.keys("q");
    let path = state_file(&t, &dir);
    assert!(until(|| path.exists()));
    let saved = std::fs::read_to_string(&path).unwrap();
    assert_eq!(read_state(&path).place.unwrap().here.list, ListName::Issues);
    // Again, with every save stopping halfway through its temporary file.
    let pid = t.file("pid");
    t.respawn(&format!(
        "echo $$ > {}; exec env DOSSIER_TEST_WRITE_DELAY_MS=5000 {}",
        pid.display(),
        reader(&dir)
    ));
    t.wait(|p| p.contains("Issues ›"));
    t.keys("a");
    t.wait(|p| p.contains("Articles ›"));
    let state_dir = path.parent().unwrap().to_path_buf();
    let temporary = || {
        std::fs::read_dir(&state_dir)
            .unwrap()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
    };
    assert!(until(temporary), "no save started");
    let pid = read_when_written(&pid).trim().to_string();
    let killed = Command::new("kill").args(["-9", &pid]).status().unwrap();
    assert!(killed.success());
    sleep(Duration::from_millis(200));
    // The file is the one saved before, whole.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), saved);
    // And the next reader starts from it, without a word of warning.
    t.respawn(&reader(&dir));
    let back = t.wait(|p| p.contains("Issues ›"));
    assert!(!back.contains("could not be read"), "{back}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_terminating_signal_saves_the_last_change() {
    if missing() {
        return;
    }
    let dir = fixture_copy("tmux-term");
    let t = Tmux::start("term", 120, 40, "true");
    let pid = t.file("pid");
    t.respawn(&format!(
        "echo $$ > {}; exec {}",
        pid.display(),
        reader(&dir)
    ));
    t.wait(|p| p.contains("Timeline"));
    let pid = read_when_written(&pid).trim().to_string();
    // Straight away, before the save a moment later would come.
    t.keys("a");
    t.wait(|p| p.contains("Articles ›"));
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let path = state_file(&t, &dir);
    assert!(until(|| path.exists()
        && std::fs::read_to_string(&path)
            .ok()
            .and_then(|t| format::read(&t).ok())
            .and_then(|s| s.place)
            .is_some_and(|p| p.here.list == ListName::Articles)));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_corrupt_state_file_is_moved_aside_with_a_warning() {
    if missing() {
        return;
    }
    let dir = fixture_copy("tmux-corrupt");
    let t = Tmux::start("corrupt", 160, 40, "true");
    let path = state_file(&t, &dir);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "version = 1\n[place\nthis is not toml").unwrap();
    t.respawn(&reader(&dir));
    let pane = t.wait(|p| p.contains("could not be read"));
    assert!(pane.contains("could not be read"), "{pane}");
    let aside: Vec<PathBuf> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert!(
        std::fs::read_to_string(&aside[0])
            .unwrap()
            .ends_with("this is not toml")
    );
    // The reader starts afresh and saves a good file.
    t.keys("iq");
    assert!(until(|| path.exists()));
    assert_eq!(read_state(&path).place.unwrap().here.list, ListName::Issues);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_readers_on_one_dossier_never_leave_a_broken_file() {
    if missing() {
        return;
    }
    let dir = fixture_copy("tmux-two");
    let t = Tmux::start("two", 120, 40, &reader(&dir));
    // Each reader's window by its id (`@0`, `@1`), never by an index a
    // server may number otherwise.
    let first = t.run(&["display-message", "-p", "-t", "t", "#{window_id}"]);
    let w0 = first.trim();
    assert!(w0.starts_with('@'), "{first:?}");
    let pane = |w: &str| t.run(&["capture-pane", "-p", "-t", w]);
    let keys = |w: &str, k: &str| {
        t.run(&["send-keys", "-t", w, "-l", k]);
    };
    // The second opens once the first is up: both then save side by side.
    assert!(until(|| pane(w0).contains("Timeline")), "{}", pane(w0));
    // tmux's answer is checked, and a window that could not be made is
    // asked for again, saying why.
    let mut tried = Vec::new();
    let second = (0..3).find_map(|_| {
        let made = t.try_run(&[
            "new-window",
            "-d",
            "-P",
            "-F",
            "#{window_id}",
            "-t",
            "t:",
            "sh",
            "-c",
            &format!("{}; sleep 600", reader(&dir)),
        ]);
        match made {
            Ok(id) if id.trim().starts_with('@') => Some(id.trim().to_string()),
            other => {
                tried.push(format!("{other:?}"));
                sleep(Duration::from_millis(200));
                None
            }
        }
    });
    let Some(second) = second else {
        panic!("the second window could not be opened: {tried:?}");
    };
    let w1 = second.as_str();
    assert!(
        until(|| pane(w0).contains("Timeline") && pane(w1).contains("Timeline")),
        "{}\n{}\n{}",
        t.run(&["list-windows"]),
        pane(w0),
        pane(w1)
    );
    let path = state_file(&t, &dir);
    // Both move about and save, again and again; every read finds a whole file.
    for round in 0..6 {
        keys(w0, if round % 2 == 0 { "i" } else { "t" });
        keys(w1, "aj");
        let start = Instant::now();
        while start.elapsed() < Duration::from_millis(700) {
            if let Ok(text) = std::fs::read_to_string(&path) {
                assert!(format::read(&text).is_ok(), "a broken state file:\n{text}");
            }
            sleep(Duration::from_millis(20));
        }
    }
    // The first quits on the issues, the second on the articles: the last wins, whole.
    keys(w0, "i");
    assert!(until(|| pane(w0).contains("Issues ›")));
    keys(w0, "q");
    assert!(until(|| !pane(w0).contains("Issues ›")));
    keys(w1, "q");
    assert!(until(|| !pane(w1).contains("Articles ›")));
    // The second's last save may land after its screen is given back.
    let last_list = || {
        std::fs::read_to_string(&path)
            .ok()
            .and_then(|text| format::read(&text).ok())
            .and_then(|state| state.place)
            .map(|place| place.here.list)
    };
    assert!(
        until(|| last_list() == Some(ListName::Articles)),
        "{:?}",
        last_list()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_rebound_quit_and_the_light_theme_show_in_the_help() {
    if missing() {
        return;
    }
    let t = Tmux::start("config", 120, 40, "true");
    let config = t.dir.join("config/dossier");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "theme = \"light\"\n\n[keys]\nquit = [\"Q\"]\n",
    )
    .unwrap();
    t.respawn(BIN);
    let footer = t.wait(|p| p.contains("Timeline") && p.contains("Q quit"));
    assert!(footer.contains("Q quit"), "{footer}");
    // The row whose description is `quit`, scrolling up from the help's end
    // (the legend of marks comes after the keys).
    let quit_of = |help: &str| common::help_row(help, "quit");
    t.keys("?G");
    let mut help = t.wait(|p| p.contains("Help") && p.contains("Bot"));
    for _ in 0..120 {
        if quit_of(&help).is_some() {
            break;
        }
        t.keys("k");
        std::thread::sleep(std::time::Duration::from_millis(100));
        help = t.capture();
    }
    let quit = quit_of(&help).unwrap_or_default();
    assert!(quit.contains(" Q "), "{help}");
    // The light theme: keys and frames in blue (colour 4), none of the dark
    // theme's cyan (colour 6).
    let coloured = t.run(&["capture-pane", "-p", "-e", "-t", "t"]);
    assert!(coloured.contains("38;5;4m"), "no blue in the light theme");
    assert!(!coloured.contains("38;5;6m"), "cyan from the dark theme");
    // q closes the help but no longer quits; Q does.
    // The first q closes the help; keys are read in order, so the help
    // opening again after a second q shows that it did not quit.
    t.keys("q");
    let closed = t.wait(|p| !p.contains("Help") && p.contains("Timeline"));
    assert!(
        closed.contains("Timeline"),
        "q did not close the help:\n{closed}"
    );
    t.keys("q?");
    let again = t.wait(|p| p.contains("Help"));
    assert!(again.contains("Help"), "q quit the reader:\n{again}");
    t.keys("\x1b");
    // Esc and Q sent together would read as Alt-Q: Q goes once the help is shut.
    let shut = t.wait(|p| !p.contains("Help") && p.contains("Timeline"));
    assert!(
        !shut.contains("Help"),
        "Esc did not close the help:\n{shut}"
    );
    t.keys("Q");
    assert!(
        until(|| !t.capture().contains("Timeline")),
        "Q did not quit"
    );
}

#[test]
fn a_configuration_problem_is_said_and_the_default_kept() {
    if missing() {
        return;
    }
    let t = Tmux::start("config-bad", 160, 40, "true");
    let config = t.dir.join("config/dossier");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[keys]\nquitt = [\"x\"]\n").unwrap();
    t.respawn(BIN);
    let pane = t.wait(|p| p.contains("unknown action"));
    assert!(
        pane.contains("config.toml:2:1: error: unknown action `quitt`"),
        "{pane}"
    );
    // `dossier config` lists the problem with its help on stderr.
    let out = Command::new(BIN)
        .arg("config")
        .env("XDG_CONFIG_HOME", t.dir.join("config"))
        .env("XDG_STATE_HOME", t.dir.join("state"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("help: did you mean `quit`?"), "{err}");
    let printed = String::from_utf8_lossy(&out.stdout);
    assert!(printed.contains("quit = [\"q\", \"Ctrl-c\"]"), "{printed}");
    t.keys("q");
    assert!(until(|| !t.capture().contains("Timeline")));
}

#[test]
fn a_home_that_cannot_be_written_says_so_once_and_the_reader_works() {
    if missing() {
        return;
    }
    let t = Tmux::start("readonly", 160, 40, "true");
    let file = t.file("a-file");
    std::fs::write(&file, "").unwrap();
    t.respawn(&format!(
        "XDG_STATE_HOME={} {BIN}",
        file.join("state").display()
    ));
    let pane = t.wait(|p| p.contains("cannot remember"));
    assert!(
        pane.contains("The reader cannot remember your place"),
        "{pane}"
    );
    t.keys("jj");
    let later = t.wait(|p| !p.contains("cannot remember"));
    assert!(later.contains("Timeline"), "{later}");
    t.keys("q");
    assert!(until(|| !t.capture().contains("Timeline")));
}
