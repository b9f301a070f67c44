//! The README's key list is the keymap's help, so the two cannot disagree:
//! this test renders the help lines as the README's tables and compares.

use dossier::app::keymap::{HelpLine, help_lines};

const START: &str = "<!-- keys: generated from the keymap by tests/readme.rs -->\n";
const END: &str = "<!-- end of keys -->\n";

fn expected() -> String {
    let mut out = String::from(START);
    let mut in_table = false;
    for line in help_lines() {
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
