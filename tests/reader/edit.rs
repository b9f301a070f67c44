//! `e`: the file under the cursor, and the line, handed to the curator's
//! editor; the bundled dossier refuses; the editor's command line.

use crate::common;

use std::path::Path;

use common::{FIXTURE, Screen, fixture};
use dossier::app::OpenAt as Place;
use dossier::app::{App, Effect};

fn screen() -> Screen {
    Screen::of(App::new(fixture(), 120, 40).with_folder(Path::new(FIXTURE)))
}

fn edits(s: &Screen) -> Vec<Place> {
    s.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Edit(p) => Some(p.clone()),
            _ => None,
        })
        .collect()
}

fn place(file: &str, line: usize, column: Option<usize>) -> Place {
    Place {
        file: file.into(),
        line,
        column,
    }
}

#[test]
fn e_opens_the_selected_entry_at_the_selected_source() {
    let mut s = screen();
    // The details select the first source of the first event.
    let first = s.app.dossier().events[0].id.clone();
    assert_eq!(first, "nrg-survey");
    s.keys("e");
    assert_eq!(edits(&s), [place("events/nrg-survey.toml", 8, None)]);

    // The second source of an event, followed: the line of its `article`.
    s.effects.clear();
    let (ix, _) = s
        .app
        .dossier()
        .events
        .iter()
        .enumerate()
        .find(|(_, e)| e.id == "second-week-ends")
        .expect("the event");
    s.keys(&"j".repeat(ix)).keys("2j");
    assert_eq!(s.app.focus(), dossier::app::Pane::Details);
    s.keys("e");
    assert_eq!(edits(&s), [place("events/second-week-ends.toml", 13, None)]);
    // Followed, then from the list: the same source.
    s.effects.clear();
    s.keys("\n1e");
    assert_eq!(edits(&s), [place("events/second-week-ends.toml", 13, None)]);

    // An issue, an article.
    s.effects.clear();
    s.keys("ie");
    // At its first source, which the details select.
    assert_eq!(edits(&s), [place("issues/ai.toml", 11, None)]);
    s.effects.clear();
    s.keys("ae");
    assert_eq!(
        edits(&s),
        [place("articles/shift-focus-to-ai.txt", 1, None)]
    );
}

#[test]
fn e_in_the_problems_opens_the_problem_at_its_line_and_column() {
    let mut s = screen();
    let p = s.app.dossier().problems[0].clone();
    s.keys("pe");
    let (line, col) = p.position.expect("placed");
    assert_eq!(edits(&s), [place(&p.path, line, Some(col))]);
}

#[test]
fn the_bundled_dossier_says_it_cannot_be_edited() {
    let mut s = Screen::new(dossier::bundled::load_bundled(), 120, 40);
    s.keys("e");
    assert!(edits(&s).is_empty());
    let notice = s.app.notice().unwrap_or_default();
    assert!(notice.contains("cannot be edited"), "{notice}");
    assert!(notice.contains("--content"), "{notice}");
}

#[test]
fn sources_keep_their_lines() {
    let d = fixture();
    let e = d
        .events
        .iter()
        .find(|e| e.id == "second-week-ends")
        .expect("the event");
    let lines: Vec<usize> = e.sources.iter().map(|s| s.line).collect();
    assert_eq!(lines, [9, 13]);
}

/// A fake `code` on a PATH of its own, run as `EDITOR='code --wait'`
/// would run it: the arguments it was given.
#[test]
fn code_gets_goto_file_line_column() {
    let dir = std::env::temp_dir().join(format!("dossier-edit-code-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let out = dir.join("args");
    let code = dir.join("code");
    std::fs::write(
        &code,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{}'\n",
            out.display()
        ),
    )
    .expect("write the fake");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&code, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let env = dossier::system::Env::new()
        .with("PATH", dir.as_os_str())
        .with("EDITOR", "code --wait");
    let file = Path::new("/d/events/my event.toml");
    let ran = dossier::system::editor::run(&env, file, 12, Some(5));
    assert_eq!(ran, Ok("code".to_string()));
    let args = std::fs::read_to_string(&out).expect("the fake ran");
    assert_eq!(args, "--wait\n--goto\n/d/events/my event.toml:12:5\n");
    // One that fails says so.
    std::fs::write(&code, "#!/bin/sh\nexit 3\n").expect("rewrite");
    let ran = dossier::system::editor::run(&env, file, 1, None);
    assert_eq!(
        ran,
        Err("the editor `code` exited with status 3".to_string())
    );
    let _ = std::fs::remove_dir_all(&dir);
}
