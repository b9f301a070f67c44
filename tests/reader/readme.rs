//! The README's key list is the keymap's help, so the two cannot disagree:
//! this test renders the help lines as the README's tables and compares. And
//! every view of the keymap is derived from its one table: taking a row out
//! takes its command out of the help, the README's list, the footer and the
//! prompts' frame, with nothing else to change.

use crate::common;

use dossier::app::hints::hints;
use dossier::app::keymap::{HelpLine, KEYMAP, Keymap, Mode, ROWS};
use dossier::app::{App, Command};

const START: &str = "<!-- keys: generated from the keymap by tests/reader/readme.rs -->\n";
const END: &str = "<!-- end of keys -->\n";

fn expected() -> String {
    readme_keys(&KEYMAP)
}

/// The README's key list for a keymap.
fn readme_keys(keymap: &Keymap) -> String {
    let mut out = String::from(START);
    let mut in_table = false;
    for line in keymap.help_lines() {
        match line {
            HelpLine::Heading(title) => {
                out.push_str(&format!("\n**{title}**\n\n"));
                in_table = false;
            }
            HelpLine::Keys { keys, what } => {
                if !in_table {
                    out.push_str("| keys | what they do |\n| --- | --- |\n");
                    in_table = true;
                }
                let keys: Vec<String> = keys
                    .split(' ')
                    .filter(|k| !k.is_empty())
                    .map(|k| format!("`{k}`"))
                    .collect();
                out.push_str(&format!("| {} | {} |\n", keys.join(" "), what));
            }
            HelpLine::Kind(kind) => {
                if !in_table {
                    out.push_str("| mark | kind of event |\n| --- | --- |\n");
                    in_table = true;
                }
                out.push_str(&format!(
                    "| {} | {} |\n",
                    dossier::ui::theme::glyph(kind),
                    kind.name()
                ));
            }
            HelpLine::Text(text) => {
                if in_table {
                    out.push('\n');
                }
                out.push_str(&format!("{text}\n"));
                in_table = false;
            }
            HelpLine::Blank => {}
        }
    }
    out.push('\n');
    out.push_str(END);
    out
}

#[test]
fn readme_lists_every_key_of_the_help() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md is readable");
    let want = expected();
    let found = readme
        .find(START)
        .and_then(|a| readme[a..].find(END).map(|b| &readme[a..a + b + END.len()]));
    assert_eq!(
        found,
        Some(want.as_str()),
        "README.md's key tables differ from the keymap; paste this between the markers:\n{want}"
    );
}

/// The footer's hints in a few places, with a keymap, each with the mode it
/// was shown in: the panes, the details after a jump, the article, an
/// overlay and a prompt.
fn footers(keymap: Keymap) -> Vec<(Mode, String, &'static str)> {
    let mut app = App::new(common::fixture(), 200, 50);
    let mut all = Vec::new();
    for command in [
        Command::Follow,
        Command::FocusDetails,
        Command::FocusArticle,
        Command::NextHit,
        Command::Help,
        Command::Close,
        Command::Search,
    ] {
        all.extend(
            hints(&app, keymap)
                .into_iter()
                .map(|(k, w)| (app.mode(), k, w)),
        );
        let _ = dossier::app::update(&mut app, command);
    }
    all.extend(
        hints(&app, keymap)
            .into_iter()
            .map(|(k, w)| (app.mode(), k, w)),
    );
    all
}

#[test]
fn taking_a_row_out_takes_its_command_out_of_every_view() {
    let full_help = KEYMAP.help_lines();
    let full_readme = readme_keys(&KEYMAP);
    let full_footer = footers(*KEYMAP);
    let full_prompt: Vec<_> = KEYMAP
        .prompt_hints()
        .into_iter()
        .map(|(k, w)| (Mode::Prompt, k, w))
        .collect();
    assert!(full_footer.iter().any(|(m, ..)| *m == Mode::Prompt));
    assert!(full_footer.iter().any(|(m, ..)| *m == Mode::Overlay));
    for (i, row) in ROWS.iter().enumerate() {
        let rows: Vec<_> = ROWS
            .iter()
            .enumerate()
            .filter(|&(j, _)| j != i)
            .map(|(_, r)| *r)
            .collect();
        let keymap = Keymap { rows: &rows };
        let keys: Vec<String> = row.keys.iter().map(|b| b.key.label()).collect();
        let line = HelpLine::Keys {
            keys: keys.join(" "),
            what: row.what,
        };
        // The help: the row's line is gone, every other line stays.
        let help = keymap.help_lines();
        assert!(!help.contains(&line), "{:?} still in the help", row.command);
        let mut expected = full_help.clone();
        expected.retain(|l| l != &line);
        let alone = ROWS.iter().filter(|r| r.section == row.section).count() == 1;
        if alone {
            // The last row of a section takes its heading with it.
            let heading = HelpLine::Heading(row.section.title());
            let at = expected.iter().position(|l| *l == heading);
            if let Some(at) = at {
                expected.drain(at..=at + 1);
            }
        }
        assert_eq!(help, expected, "{:?}", row.command);
        // The README's list: the row's table line is gone.
        let readme = readme_keys(&keymap);
        let table_line = format!(
            "| {} | {} |\n",
            keys.iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" "),
            row.what
        );
        assert!(full_readme.contains(&table_line), "{table_line}");
        assert!(!readme.contains(&table_line), "{table_line}");
        // The footer and the prompts' frame: a hint that showed one of the
        // row's keys changes (its key is gone); every other hint stays.
        let footer = footers(keymap);
        let prompt: Vec<_> = keymap
            .prompt_hints()
            .into_iter()
            .map(|(k, w)| (Mode::Prompt, k, w))
            .collect();
        for (full, now) in [(&full_footer, &footer), (&full_prompt, &prompt)] {
            for hint @ (mode, hint_keys, word) in full.iter() {
                // Keys are joined by `/`, which is a key too.
                let shows = |k: &str| {
                    hint_keys == k
                        || hint_keys.starts_with(&format!("{k}/"))
                        || hint_keys.ends_with(&format!("/{k}"))
                        || hint_keys.contains(&format!("/{k}/"))
                };
                let from_row = row
                    .keys
                    .iter()
                    .any(|b| b.scope.applies(*mode) && shows(&b.key.label()));
                let kept = now.contains(hint);
                assert_eq!(
                    kept, !from_row,
                    "{:?} taken out: the hint {hint_keys} {word} in {mode:?}",
                    row.command
                );
            }
        }
    }
}
