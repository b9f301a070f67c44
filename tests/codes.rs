//! Problem codes: the table in docs/format.md is the program's list, each
//! code is unique, and mistakes get the code of their kind.

mod common;

use common::{EVENT, ISSUE, load};
use dossier::content::Code;

#[test]
fn the_documented_table_is_the_list_of_codes() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md"))
        .expect("format.md");
    let table = doc
        .split("| code | the problem |")
        .nth(1)
        .expect("the table of codes");
    let documented: Vec<&str> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with("| `"))
        .filter_map(|l| l.strip_prefix("| `")?.split('`').next())
        .collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    assert_eq!(documented, codes);
    let mut unique = codes.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "codes are unique");
}

fn codes(changes: &[(&str, Option<&str>)]) -> Vec<&'static str> {
    load(changes)
        .problems
        .iter()
        .map(|p| p.code().name())
        .collect()
}

#[test]
fn each_mistake_gets_the_code_of_its_kind() {
    let ev = |from: &str, to: &str| EVENT.replacen(from, to, 1);
    for (changes, expected) in [
        (
            vec![("events/e.toml", Some("title = \"E\nx\"\n".to_string()))],
            vec!["toml-syntax"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary = \"S\"", "summary = \"S\"\ntitle = \"F\"")),
            )],
            vec!["duplicate-key"],
        ),
        (
            vec![("events/e.toml", Some(ev("summary", "sumary")))],
            vec!["unknown-field"],
        ),
        (
            vec![("events/e.toml", Some(ev("title = \"E\"", "title = 1")))],
            vec!["invalid-type"],
        ),
        (
            vec![("events/e.toml", Some(ev("summary = \"S\"\n", "")))],
            vec!["missing-field"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary = \"S\"", "summary = \" \"")),
            )],
            vec!["empty-field"],
        ),
        (
            vec![("articles/a.txt", Some("no front matter".to_string()))],
            vec!["front-matter"],
        ),
        (
            vec![("events/e.toml", Some(ev("2024-05-10", "2024-13")))],
            vec!["bad-date"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary", "end = \"2024-04\"\nsummary")),
            )],
            vec!["end-before-date"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary", "kind = \"talk\"\nsummary")),
            )],
            vec!["unknown-kind"],
        ),
        (
            vec![("events/e.toml", Some(ev("[\"i\"]", "[\"j\"]")))],
            vec!["unknown-id"],
        ),
        (
            vec![("events/e.toml", Some(ev("met again", "met twice")))],
            vec!["quote-not-found"],
        ),
        (
            vec![("events/e.toml", Some(ev("met again", "The union")))],
            vec!["ambiguous-quote"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("met again\"", "met again\"\noccurrence = 2")),
            )],
            vec!["occurrence-out-of-range"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary", "after = \"e\"\nsummary")),
            )],
            vec!["bad-after"],
        ),
        (
            vec![(
                "events/e.toml",
                Some(ev("summary = \"S\"", "summary = \"[[nothing-here]]\"")),
            )],
            vec!["bad-link"],
        ),
        (
            vec![("events/e.toml", Some(ev("issues = [\"i\"]\n", "")))],
            vec!["event-without-issue", "issue-untouched"],
        ),
        (
            vec![("articles/b.txt", Some(common::ARTICLE.to_string()))],
            vec!["article-uncited"],
        ),
        (
            vec![("events/E.toml", Some(EVENT.to_string()))],
            vec!["bad-file-name"],
        ),
        (
            vec![("events/x.tml", Some(EVENT.to_string()))],
            vec!["file-not-read"],
        ),
        (vec![("dossier.toml", None)], vec!["not-a-dossier"]),
    ] {
        let changes: Vec<(&str, Option<&str>)> =
            changes.iter().map(|(p, t)| (*p, t.as_deref())).collect();
        assert_eq!(codes(&changes), expected, "{changes:?}");
    }
    let _ = ISSUE;
}
