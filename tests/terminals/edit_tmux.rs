//! `e` in a real terminal (tmux): the editor gets the terminal in the mode
//! the reader found it in, every key typed reaches the editor (none is
//! eaten by the reader), Ctrl-C in the editor does not stop the reader, and
//! the reader comes back reloaded, in the mode it left.

use crate::common;

use common::tmux::{Tmux, missing, read_when_written};

#[test]
fn the_editor_gets_the_terminal_and_every_key_then_the_reader_reloads() {
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let dossier = common::fixture_copy("edit-tmux");
    let scratch =
        std::env::temp_dir().join(format!("dossier-editor-scratch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch");
    let f = |name: &str| scratch.join(name).display().to_string();
    // The first run edits the file; the second waits for a line and is
    // stopped by Ctrl-C.
    let editor = scratch.join("ed.sh");
    std::fs::write(
        &editor,
        format!(
            "#!/bin/sh\n\
             stty -g > '{during}'\n\
             printf '%s\\n' \"$@\" > '{args}'\n\
             if [ -e '{once}' ]; then echo WAITING; read -r line; exit 0; fi\n\
             : > '{once}'\n\
             echo EDITING\n\
             IFS= read -r line\n\
             printf '%s\\n' \"$line\" > '{typed}'\n\
             sed -i '1s/NRG survey/NRG poll/' \"$2\"\n",
            during = f("during"),
            args = f("args"),
            once = f("once"),
            typed = f("typed"),
        ),
    )
    .expect("the editor");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    // The shell around the reader ignores the Ctrl-C typed to the editor
    // (all three are in the terminal's foreground group); the reader
    // catches it itself, and must not stop on it.
    let script = format!(
        "trap '' INT; stty -g > '{before}'; VISUAL= EDITOR='{ed} --flag' {bin} --no-watch --content '{dir}'; echo EXIT=$?; stty -g > '{after}'",
        before = f("before"),
        after = f("after"),
        ed = editor.display(),
        dir = dossier.display(),
    );
    let t = Tmux::start("edit", 120, 40, &script);
    // A frame written to a busy terminal can be caught half drawn: each
    // wait names everything the test then reads.
    let start = t.wait(|p| p.contains("NRG survey") && p.contains("Timeline"));
    assert!(start.contains("Timeline"), "{start}");
    t.keys("e");
    let editing = t.wait(|p| p.contains("EDITING"));
    assert!(editing.contains("EDITING"), "{editing}");
    assert!(
        !editing.contains("Timeline"),
        "the alternate screen was left: {editing}"
    );
    let typed = "every key typed, quickly: 1234567890 abcdefghij";
    t.keys(typed);
    t.keys("\n");
    let back = t.wait(|p| p.contains("NRG poll"));
    assert!(back.contains("NRG poll"), "reloaded after the edit: {back}");
    assert_eq!(
        read_when_written(&scratch.join("typed")),
        format!("{typed}\n")
    );
    let before = read_when_written(&scratch.join("before"));
    assert!(!before.is_empty());
    assert_eq!(
        read_when_written(&scratch.join("during")),
        before,
        "the editor got the terminal in the mode the reader found"
    );
    let args = read_when_written(&scratch.join("args"));
    assert!(args.starts_with("--flag\n"), "{args}");
    assert!(args.ends_with("events/nrg-survey.toml\n"), "{args}");

    // Ctrl-C in the editor stops the editor, not the reader.
    t.keys("e");
    let waiting = t.wait(|p| p.contains("WAITING"));
    assert!(waiting.contains("WAITING"), "{waiting}");
    t.run(&["send-keys", "-t", "t", "C-c"]);
    let after_c = t.wait(|p| {
        (p.contains("the reader goes on") && p.contains("Timeline")) || p.contains("EXIT=")
    });
    assert!(
        after_c.contains("the editor `ed.sh` was stopped by a signal; the reader goes on"),
        "{after_c}"
    );
    assert!(after_c.contains("Timeline"), "{after_c}");
    t.keys("q");
    let done = t.wait(|p| p.contains("EXIT="));
    assert!(done.contains("EXIT=0"), "{done}");
    assert_eq!(read_when_written(&scratch.join("after")), before);
    let _ = std::fs::remove_dir_all(&scratch);
    let _ = std::fs::remove_dir_all(&dossier);
}
