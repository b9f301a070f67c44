//! The prompts' cancel keys and `:q` in a real terminal (tmux): the search
//! and go-to prompts are each opened and cancelled with Esc and with Ctrl-c,
//! and each time the reader is still running, where it was; then `:q` and
//! Enter quit it, with the terminal's settings as they were before.

use crate::common;

use common::tmux::{Tmux, missing, read_when_written};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");

#[test]
fn esc_and_ctrl_c_cancel_the_prompts_and_colon_q_quits() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let t = Tmux::start("prompts", 80, 24, "true");
    let (before, after) = (t.file("before"), t.file("after"));
    let script = format!(
        "stty -g > {b}; {bin} --content {FIXTURE}; echo EXIT=$?; stty -g > {a}; sleep 600",
        b = before.display(),
        a = after.display()
    );
    t.run(&["respawn-pane", "-k", "-t", "t", "sh", "-c", &script]);
    let wait_for = |needle: &str| t.wait(|pane| pane.contains(needle));
    wait_for("Timeline · 6 events");
    // Somewhere other than the first screen: the third event, its details.
    t.keys("jj\t");
    let here = wait_for("┏ Event");
    let place = |pane: &str| {
        pane.lines()
            .filter(|l| l.contains('▸'))
            .map(|l| l.split('│').nth(1).unwrap_or(l).to_string())
            .collect::<Vec<_>>()
    };
    let here_rows = place(&here);
    assert!(!here_rows.is_empty(), "{here}");
    for (open, typed, title) in [("/", "wages", "Search"), (":", "wg", "Go to")] {
        for cancel in ["Escape", "C-c"] {
            t.keys(open);
            t.keys(typed);
            let prompt = wait_for(&format!("{open} {typed}▏"));
            assert!(prompt.contains(&format!("┏ {title}")), "{prompt}");
            t.run(&["send-keys", "-t", "t", cancel]);
            let back = t.wait(|p| !p.contains(&format!("┏ {title}")) && p.contains("┏ Event"));
            assert!(!back.contains("EXIT="), "{cancel} quit the reader:\n{back}");
            assert!(back.contains("Timeline · 6 events"), "{back}");
            assert_eq!(place(&back), here_rows, "{open} then {cancel}:\n{back}");
        }
    }
    // In the panes, :q then Enter quits, the terminal restored.
    t.keys(":q");
    wait_for("┏ Go to");
    t.keys("\n");
    let done = wait_for("EXIT=");
    assert!(done.contains("EXIT=0"), "{done}");
    let a = read_when_written(&after);
    let b = std::fs::read_to_string(&before).expect("stty before");
    assert!(!b.is_empty());
    assert_eq!(b, a, "the terminal settings differ after :q");
}
