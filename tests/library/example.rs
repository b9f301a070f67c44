//! The annotated example dossier in `docs/example/`: it loads with no problem
//! at all, and it uses every field that `docs/format.md` lists.

use std::path::Path;

use dossier_core::content::load_dir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_example_dossier_has_no_problem() {
    let d = load_dir(&root().join("docs/example"));
    let problems: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(problems, Vec::<String>::new());
    assert!(d.events.len() >= 3 && d.issues.len() >= 2 && d.articles.len() >= 2);
    assert!(d.articles.iter().all(|a| !a.cited_by.is_empty()));
    assert!(d.issues.iter().all(|i| !i.events.is_empty()));
}

/// The field names of the reference's tables: the first cell of each row,
/// when it is a name in backticks (`title`, `[[sources]]`).
fn documented_fields(reference: &str) -> Vec<String> {
    reference
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`'))
        .map(|(name, _)| name.to_string())
        .filter(|name| {
            name.trim_matches(|c| c == '[' || c == ']')
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.')
        })
        .collect()
}

#[test]
fn the_example_uses_every_documented_field() {
    let reference = std::fs::read_to_string(root().join("docs/format.md")).expect("format.md");
    let fields = documented_fields(&reference);
    for expected in [
        "title",
        "outlet",
        "published",
        "byline",
        "url",
        "note",
        "after",
        "date_note",
        "disputed",
        "occurrence",
        "[positions]",
        "[[sources]]",
        "related",
        "status",
        "end",
        "kind",
    ] {
        assert!(
            fields.iter().any(|f| f == expected),
            "{expected} is not in a table of docs/format.md: {fields:?}"
        );
    }
    let mut text = String::new();
    for dir in ["", "articles", "events", "issues"] {
        for entry in
            std::fs::read_dir(root().join("docs/example").join(dir)).expect("example folder")
        {
            let path = entry.expect("entry").path();
            if path.is_file() {
                text.push_str(&std::fs::read_to_string(&path).expect("example file"));
                text.push('\n');
            }
        }
    }
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    for field in &fields {
        let used = if field.starts_with('[') {
            lines.iter().any(|l| l.starts_with(field.as_str()))
        } else {
            lines.iter().any(|l| l.starts_with(&format!("{field} =")))
        };
        assert!(used, "the example dossier never uses `{field}`");
    }
}

#[test]
fn the_readme_links_to_the_reference_and_the_example() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    assert!(readme.contains("docs/format.md") && readme.contains("docs/example/"));
}
