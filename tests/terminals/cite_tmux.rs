//! Select and cite in a real terminal (tmux): a selection copied as a
//! `[[sources]]` block reaches tmux's paste buffer (`set-clipboard on`) and is
//! shown; added to an event, the file gains exactly the block and the reader
//! reloads with the new source.

use crate::common;

use common::tmux::{Tmux, missing};

fn reader(name: &str, dir: &std::path::Path) -> Tmux {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let t = Tmux::start(
        name,
        120,
        40,
        &format!(
            "unset DISPLAY WAYLAND_DISPLAY; {bin} --content '{}'",
            dir.display()
        ),
    );
    t.until_flat("Timeline");
    t
}

#[test]
fn a_selection_copied_as_a_block_reaches_tmux_and_is_shown() {
    if missing() {
        return;
    }
    let dir = common::fixture_copy("tmux-cite-copy");
    let t = reader("cite-copy", &dir);
    t.run(&["set-option", "-g", "set-clipboard", "on"]);
    // The second event's source, followed; selected, a word further, copied.
    t.keys("j\n");
    t.until_flat("passage 5/7");
    t.keys("vw");
    t.until_flat("Selected “are scheduled to be active through May 1…” (9 words)");
    t.keys("y");
    t.until_flat("Copied: paste it into an event or issue");
    let pane = t.until_flat("quote = \"are scheduled to be active through May 16. Negotiations\"");
    assert!(pane.contains("article = \"thewrap-second-week\""), "{pane}");
    let buffer = t.buffer();
    assert_eq!(
        buffer,
        "[[sources]]\narticle = \"thewrap-second-week\"\nquote = \"are scheduled to be active through May 16. Negotiations\"\n"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_selection_added_to_an_event_is_written_and_shown_after_the_reload() {
    if missing() {
        return;
    }
    let dir = common::fixture_copy("tmux-cite-add");
    let file = dir.join("events/general-talks.toml");
    let before = std::fs::read_to_string(&file).expect("read");
    let t = reader("cite-add", &dir);
    t.keys("j\n");
    t.until_flat("passage 5/7");
    // Two words back from the passage's end: a shorter passage, then add it.
    t.keys("vWW");
    t.until_flat("Selected “are scheduled to be active through” (6 words)");
    t.keys("a");
    t.until_flat("Add the source to event “General talks scheduled through May 16” (events/general-talks.toml)? Enter adds",
    );
    t.keys("\n");
    t.until_flat("1 event changed");
    let after = std::fs::read_to_string(&file).expect("read");
    assert_eq!(
        after,
        format!(
            "{before}\n[[sources]]\narticle = \"thewrap-second-week\"\nquote = \"are scheduled to be active through\"\n"
        )
    );
    // The event shows its second source.
    let pane = t.until_flat("source 1 of 2");
    assert!(pane.contains("Timeline"), "{pane}");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--content"])
        .arg(&dir)
        .output()
        .expect("check");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
    let _ = std::fs::remove_dir_all(&dir);
}
