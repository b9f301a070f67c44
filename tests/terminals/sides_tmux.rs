//! The disputed filter, the "about" overlay and the sides view in a real
//! terminal (tmux) at 80×24, on the bundled dossier's folder: the keys a
//! reporter would press, and what the screen then says.

use crate::common;

use common::tmux::{Tmux, missing};

const CONTENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

#[test]
fn disputes_about_and_sides_in_tmux() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let t = Tmux::start("sides", 80, 24, &format!("exec {bin} --content {CONTENT}"));
    let wait_for = |needle: &str| t.wait(|pane| pane.contains(needle));
    let start = wait_for("Timeline · 22 events");
    assert!(start.contains("≠"), "{start}");

    // Only the disputed events.
    t.keys("D");
    let filtered = wait_for("filter: disputed · 5/22");
    assert!(filtered.contains("filter: disputed · 5/22"), "{filtered}");
    t.keys("\x1b");
    wait_for("Timeline · 22 events");

    // What the dossier says about itself, and where it was read from.
    t.keys("A");
    let about = wait_for("About this dossier");
    assert!(about.contains("What it covers"), "{about}");
    t.keys("G");
    let end = wait_for("Read from");
    assert!(end.contains("/content"), "{end}");
    t.keys("\x1b");
    t.wait(|p| !p.contains("About this dossier"));

    // The sides, a passage of a position, and back.
    t.keys("s");
    let sides = wait_for("Sides: The union (IATSE) | The studios (AMPTP)");
    assert!(
        sides.contains("The union (IATSE)") && sides.contains("The studios (AMPTP)"),
        "{sides}"
    );
    for _ in 0..40 {
        if t.capture().contains("▸ 1 ") {
            break;
        }
        t.keys("j");
    }
    t.keys("\n");
    let article = wait_for("cited by");
    assert!(
        !article.contains("Sides: The union (IATSE) | The studios (AMPTP)"),
        "{article}"
    );
    assert!(article.contains("passage "), "{article}");
    t.keys("\x08");
    // The whole frame, not a part of it written so far.
    let back = t.wait(|p| {
        p.contains("Sides: The union (IATSE) | The studios (AMPTP)") && p.contains("▸ 1 ")
    });
    assert!(back.contains("▸ 1 "), "{back}");
    t.keys("\x1bq");
    t.wait(|p| !p.contains("Timeline"));
}

/// "What do the studios say, issue by issue", at 80×24: `s` Tab Tab shows
/// the studios alone, every issue on its own line; `j` Enter opens the
/// studios' passage on AI protections, Backspace comes back to that line.
#[test]
fn the_studios_issue_by_issue_in_tmux() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let t = Tmux::start(
        "sides-alone",
        80,
        24,
        &format!("exec {bin} --top --content {CONTENT}"),
    );
    t.wait(|pane| pane.contains("Timeline · 22 events"));
    t.keys("s");
    t.wait(|pane| pane.contains("Tab one side"));
    t.keys("\t\t");
    // The whole frame: the title, and every issue's line (a frame written
    // to a busy terminal can be caught half drawn).
    let alone = t.wait(|pane| {
        pane.contains("Sides: The studios (AMPTP) alone")
            && pane.contains("Working conditions")
            && pane.lines().filter(|l| l.contains(" │ ")).count() == 11 + 1
    });
    // Eleven issue lines, each with a gutter and the studios' position.
    let lines: Vec<&str> = alone.lines().filter(|l| l.contains(" │ ")).collect();
    assert_eq!(lines.len(), 11 + 1, "{alone}");
    for title in [
        "AI protections",
        "Wages",
        "Subcontracting",
        "Working conditions",
    ] {
        assert!(lines.iter().any(|l| l.contains(title)), "{title}\n{alone}");
    }
    assert!(alone.contains("─ What is being negotiated"), "{alone}");
    t.keys("j\n");
    // The whole frame again: the article's header and the footer's place.
    let article = t.wait(|pane| {
        pane.contains("cited by")
            && !pane.contains("alone")
            && pane.contains("Issues › AI protections")
    });
    assert!(article.contains("Issues › AI protections"), "{article}");
    t.keys("\x08");
    let back = t.wait(|pane| {
        pane.contains("Sides: The studios (AMPTP) alone") && pane.contains("▸ AI protections")
    });
    assert!(
        back.lines().any(|l| l.contains("▸ AI protections")),
        "{back}"
    );
    t.keys("\x1bq");
    t.wait(|p| !p.contains("Timeline"));
}
