//! A large folder with no copy in the cache, in a real terminal (tmux):
//! the reader shows a preview first and counts the files it reads behind
//! it; a key that needs one entry has it read ahead of the rest, and one
//! that needs every entry waits and is carried out once the rest is read;
//! the whole dossier is then kept in the cache, and the next start opens
//! from it without a preview.

use crate::common;
use common::tmux::{Tmux, missing, until};

const BIN: &str = env!("CARGO_BIN_EXE_dossier");

#[test]
fn a_preview_comes_first_and_a_key_waits_for_the_rest() {
    if missing() {
        return;
    }
    let dir = common::synthetic("preview-tmux", "synthetic", 300, 3);
    // Every folder previewed, and the rest read two seconds after the first
    // frame, so that the preview can be seen.
    let reader = format!(
        "DOSSIER_TEST_SETTLED_MS=60000 DOSSIER_TEST_PREVIEW_MIN=1 DOSSIER_TEST_REST_DELAY_MS=2000 {BIN} --content '{}'",
        dir.display()
    );
    let t = Tmux::start("preview", 120, 40, &reader);
    let first = t.wait(|p| p.contains("reading the rest") && p.contains("Timeline"));
    assert!(
        first.contains("reading the rest: 0 of 361 files read"),
        "{first}"
    );
    assert!(
        first.contains("· passage 1"),
        "the first article at its passage: {first}"
    );
    // The next event: its title and dates, and what is still being read.
    t.keys("j");
    let next = t.wait(|p| p.contains("Being read"));
    assert!(next.contains("Being read: its text"), "{next}");
    // Enter follows its first source: that event is read ahead of the rest.
    t.keys("\n");
    let ahead = t.wait(|p| p.contains("Backspace back"));
    assert!(
        ahead.contains("reading the rest"),
        "read ahead of the rest: {ahead}"
    );
    assert!(!ahead.contains("Being read"), "{ahead}");
    // The sides need every issue: `s` waits for the rest, then opens.
    t.keys("s");
    let waiting = t.wait(|p| p.contains("Waiting for the rest"));
    assert!(waiting.contains("Esc stops waiting"), "{waiting}");
    let whole = t.wait(|p| !p.contains("reading the rest") && p.contains("Sides"));
    assert!(!whole.contains("Being read"), "{whole}");
    assert!(whole.contains("Sides"), "the sides open once read: {whole}");
    t.keys("\x1b");
    // The whole dossier is kept, and the next start opens from it.
    let cache_dir = t.file("cache").join("dossier");
    let file = dossier::cache::file_for(&cache_dir, &dir);
    assert!(
        until(|| file.is_file()),
        "the copy is kept in XDG_CACHE_HOME"
    );
    t.keys("q");
    t.respawn(&reader);
    let again = t.wait(|p| p.contains("Timeline") && p.contains("passage"));
    assert!(!again.contains("reading the rest"), "{again}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_problems_found_so_far_show_while_the_rest_is_read_then_the_whole_list() {
    if missing() {
        return;
    }
    let dir = common::synthetic("preview-tmux", "problems", 300, 4);
    // Every 29th event: an unclosed array (found as its file is read) or a
    // quote its article does not hold (found once every article is).
    common::spoil_events(&dir, 29);
    let whole = dossier_core::content::load_dir(&dir);
    let reader = format!(
        "DOSSIER_TEST_SETTLED_MS=60000 DOSSIER_TEST_PREVIEW_MIN=1 DOSSIER_TEST_REST_DELAY_MS=1500 {BIN} --content '{}'",
        dir.display()
    );
    let t = Tmux::start("preview-problems", 100, 30, &reader);
    t.wait(|p| p.contains("reading the rest: 0 of"));
    // `p` opens the list at once, though nothing is read yet.
    t.keys("p");
    let none = t.wait(|p| p.contains("Problems found so far: 0"));
    assert!(none.contains("None yet"), "{none}");
    // Then the whole dossier's list, open where it was.
    let all = t.wait(|p| p.contains(&format!("Problems: {}", whole.problems.len())));
    assert!(!all.contains("so far"), "{all}");
    assert!(all.contains("unclosed array"), "{all}");
    assert!(all.contains("quote not found"), "{all}");
    t.keys("q");
    let _ = std::fs::remove_dir_all(&dir);
}
