//! Huge inputs load without error and the reader reaches their far end: a
//! long article, an article that is one long line, and many events. Sizes
//! here keep `cargo test` quick; the full sizes of the robustness guarantees
//! run with `cargo test --release --test huge -- --ignored`, and
//! `cargo bench --bench huge` measures them.

use crate::common;

use std::path::Path;

use common::Screen;
use common::huge::{long_article, many_events, one_line_article};
use dossier_core::content::load_dir;

/// Loads the folder, opens the reader at `w`×`h`, shows the article pane
/// scrolled to its end, and checks the last words are on screen.
fn reaches_the_end(dir: &Path, w: u16, h: u16) {
    let d = load_dir(dir);
    assert_eq!(d.errors(), 0, "{:?}", d.problems.first());
    let mut s = Screen::new(d, w, h);
    // The article list, the article pane focused, its last line.
    s.keys("a3G");
    let screen = s.text();
    assert!(screen.contains("ends."), "the end is not shown:\n{screen}");
    // Back to the top, then the cited passage at the end through its event.
    s.keys("g\x08t\n");
    assert!(
        s.text().contains("ends."),
        "the passage is not shown:\n{}",
        s.text()
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_long_article_loads_and_scrolls_to_its_end() {
    reaches_the_end(&long_article("long-5mb", 5_000_000), 120, 40);
}

#[test]
fn a_one_megabyte_line_loads_and_scrolls_to_its_end() {
    reaches_the_end(&one_line_article("line-1mb", 1_000_000), 120, 40);
}

#[test]
fn ten_thousand_events_load_and_show() {
    let dir = many_events("events-10k", 10_000);
    let d = load_dir(&dir);
    assert_eq!(d.errors(), 0, "{:?}", d.problems.first());
    assert_eq!(d.events.len(), 10_000);
    let mut s = Screen::new(d, 120, 40);
    s.keys("G");
    assert!(
        s.text().contains("Event e009999") || s.text().contains("e00"),
        "{}",
        s.text()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[ignore = "writes and loads 50 MB; run with --release --ignored"]
fn a_fifty_megabyte_article_loads_and_scrolls_to_its_end() {
    reaches_the_end(&long_article("long-50mb", 50_000_000), 200, 50);
}

#[test]
#[ignore = "writes 100,000 files; run with --release --ignored"]
fn a_hundred_thousand_events_load_and_show() {
    let dir = many_events("events-100k", 100_000);
    let d = load_dir(&dir);
    assert_eq!(d.errors(), 0, "{:?}", d.problems.first());
    assert_eq!(d.events.len(), 100_000);
    let mut s = Screen::new(d, 200, 50);
    s.keys("G");
    assert!(
        s.text().contains("Timeline · 100000 events"),
        "{}",
        s.text()
    );
    assert!(s.text().contains("▸28 Dec"), "{}", s.text());
    let _ = std::fs::remove_dir_all(&dir);
}
