//! Resizing keeps the place: going to a smaller terminal and back puts the
//! details' scroll, the article's top line and every other pane back exactly;
//! at the smaller size the highlighted passage stays in view. Checked on the
//! test backend (the real app, resize events through the loop's mapping)
//! and in tmux (`resize-window` smaller, larger, and back).

use crate::common;

use common::tmux::{Tmux, missing};
use common::{Screen, fixture};
use dossier::bundled::load_bundled;
use ratatui::crossterm::event::Event;

fn resize(s: &mut Screen, w: u16, h: u16) {
    s.events([Event::Resize(w, h)]);
}

/// The highlighted passage's rows all show in the article pane (its first
/// rows, as many as the pane has, when it is taller).
fn passage_in_view(s: &Screen) -> bool {
    let a = s.app.article();
    let Some(c) = a.passage() else {
        return false;
    };
    let Some(span) = s.app.source(c).map(|src| src.span.clone()) else {
        return false;
    };
    let lines = a.lines();
    let first = lines.iter().position(|r| r.end > span.start);
    let last = lines.iter().rposition(|r| r.start < span.end);
    let h = usize::from(s.app.article_body().height);
    match (first, last) {
        (Some(f), Some(l)) => f >= a.scroll && l.min(f + h - 1) < a.scroll + h,
        _ => false,
    }
}

#[test]
fn smaller_and_back_keeps_the_details_scroll_and_the_article_exactly() {
    let mut s = Screen::new(load_bundled(), 80, 24);
    // An issue: scroll its details away from their top, follow a source,
    // and scroll the article a little.
    s.keys("ij2jjjjj\n3j");
    let (details, article) = (s.app.details().scroll, s.app.article().scroll);
    assert!(details > 0, "the details did not scroll:\n{}", s.text());
    assert!(passage_in_view(&s), "{}", s.text());
    let screen = s.text();
    for (w, h) in [(60, 15), (70, 18), (200, 50), (61, 40)] {
        resize(&mut s, w, h);
        assert!(
            passage_in_view(&s),
            "at {w}x{h} the passage left the view:\n{}",
            s.text()
        );
    }
    resize(&mut s, 80, 24);
    assert_eq!(s.app.details().scroll, details);
    assert_eq!(s.app.article().scroll, article);
    assert_eq!(s.text(), screen, "the screen differs after coming back");
}

#[test]
fn every_entry_of_the_bundled_dossier_comes_back_the_same() {
    let mut s = Screen::new(load_bundled(), 120, 40);
    let events = s.app.dossier().events.len();
    let mut scrolled = 0;
    for i in 0..events.min(40) {
        // Focus the details and scroll them, then look at both sizes.
        s.keys("1");
        if i > 0 {
            s.keys("j");
        }
        s.keys("2jjjjjj");
        scrolled += usize::from(s.app.details().scroll > 0);
        let screen = s.text();
        resize(&mut s, 80, 24);
        resize(&mut s, 60, 15);
        resize(&mut s, 120, 40);
        assert_eq!(
            s.text(),
            screen,
            "event {i}: the screen differs after coming back"
        );
    }
    assert!(scrolled > 5, "only {scrolled} details scrolled");
}

#[test]
fn a_key_at_the_smaller_size_is_kept() {
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys("j\n");
    resize(&mut s, 60, 15);
    s.keys("3jjj");
    let top = s.app.article().lines()[s.app.article().scroll].start;
    resize(&mut s, 80, 24);
    // Not put back to before the keys: the text that was at the top is
    // still on the top line.
    let line = &s.app.article().lines()[s.app.article().scroll];
    assert!(line.contains(&top), "{line:?} does not hold byte {top}");
}

#[test]
fn resizing_tmux_and_back_gives_the_same_screen() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    // The bundled dossier: an issue with its details scrolled, a source
    // followed, the article scrolled a little.
    let t = Tmux::start("resize", 80, 24, bin);
    t.wait(|p| p.contains("Timeline"));
    t.keys("ij2jjjjj");
    t.wait(|p| p.contains("Issue ·") && !p.contains("Top"));
    t.keys("\n3j");
    let settle = |t: &Tmux| {
        let mut last = t.capture();
        loop {
            std::thread::sleep(std::time::Duration::from_millis(300));
            let now = t.capture();
            if now == last {
                return now;
            }
            last = now;
        }
    };
    let before = settle(&t);
    t.run(&["resize-window", "-t", "t", "-x", "60", "-y", "16"]);
    let small = settle(&t);
    assert_ne!(small, before, "the window did not get smaller");
    // Larger than at first: the details' rows are fewer there.
    t.run(&["resize-window", "-t", "t", "-x", "200", "-y", "50"]);
    settle(&t);
    t.run(&["resize-window", "-t", "t", "-x", "80", "-y", "24"]);
    let after = settle(&t);
    assert_eq!(after, before, "the screen differs after coming back");
}
