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
    t.run(&[
        "respawn-pane",
        "-k",
        "-t",
        "t",
        &format!("{reader}; sleep 600"),
    ]);
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
