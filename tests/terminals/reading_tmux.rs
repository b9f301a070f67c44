//! Reading comfort in a real terminal (tmux): the place saved after `:q`
//! is the one the reader chose, and a zoom round-trip gives every pane
//! back as it was.

use crate::common;

use common::tmux::{Tmux, missing};

const BIN: &str = env!("CARGO_BIN_EXE_dossier");
const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

#[test]
fn quitting_with_colon_q_saves_the_place_chosen() {
    if missing() {
        return;
    }
    // The bundled dossier's folder, where `q` matches entries to preview.
    let reader = format!("{BIN} --content {CONTENT}");
    let t = Tmux::start("colon-q", 80, 24, &reader);
    t.wait(|p| p.contains("Timeline"));
    t.keys("ijjj");
    t.wait(|p| p.contains("Issues › Contract term"));
    let before = t.settled();
    // `:` alone previews nothing; `q` previews what matches it.
    t.keys(":");
    t.wait(|p| p.contains("Go to"));
    t.keys("q\n");
    let gone = t.wait(|p| !p.contains("Issues ›"));
    assert!(
        !gone.contains("Issues ›"),
        "the reader did not quit: {gone}"
    );
    t.respawn(&reader);
    let after = t.wait(|p| p == before);
    assert_eq!(after, before);
}

#[test]
fn a_zoom_round_trip_gives_every_pane_back() {
    if missing() {
        return;
    }
    let t = Tmux::start("zoom", 80, 24, &format!("exec {BIN} --content {CONTENT}"));
    t.wait(|p| p.contains("Timeline"));
    // An issue's details, a link far down selected, the article scrolled.
    t.keys("i3");
    t.keys(&"j".repeat(7));
    t.keys("2");
    t.keys(&"j".repeat(40));
    let before = t.settled();
    t.keys("z");
    t.wait(|p| p != before);
    t.keys("z");
    let after = t.wait(|p| p == before);
    assert_eq!(after, before);
    t.keys("q");
}

/// With every command bound to other keys in config.toml, the real
/// terminal shows those keys: the footer, the help's frame and rows, and
/// the loading screen name no default key.
#[test]
fn every_hint_follows_the_keys_after_rebinding_in_tmux() {
    if missing() {
        return;
    }
    // The reader starts once the configuration is written.
    let t = Tmux::start(
        "rebound",
        120,
        40,
        &format!("sleep 1; exec {BIN} --content {CONTENT}"),
    );
    let config = t.dir.join("config/dossier");
    std::fs::create_dir_all(&config).expect("config folder");
    std::fs::write(config.join("config.toml"), common::rebound_config()).expect("config");
    let start = t.wait(|p| p.contains("Timeline ·"));
    let footer = start.lines().last().unwrap_or_default().to_string();
    assert!(footer.contains("Alt-"), "{footer}");
    for default in [" q quit", " ? help", "j/k move", " / search"] {
        assert!(!footer.contains(default), "{default:?} left in: {footer}");
    }
    // The help, opened with its new key (the help lists the new keys).
    let dossier = dossier::settings::Settings::load(Some(&config.join("config.toml")));
    let help_key = dossier
        .keymap
        .primary(dossier::app::Mode::Normal, dossier::app::Command::Help)
        .expect("help has a key");
    let key_name = help_key.replace("Alt-", "M-");
    t.run(&["send-keys", "-t", "t", &key_name]);
    let help = t.wait(|p| p.contains("Help"));
    // No row of the help names a default key in its key column.
    assert!(!help.contains("┃ ?   "), "{help}");
    assert!(!help.contains("┃ j   "), "{help}");
    let last = help.lines().last().unwrap_or_default();
    assert!(!last.contains("Esc close"), "{last}");
}
