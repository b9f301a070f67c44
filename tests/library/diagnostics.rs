//! The curator's mistakes that used to be reported wrongly or not at all:
//! each named at the right place, with its real cause.

use crate::common;

use common::{ARTICLE, EVENT, problems};

const ARTICLE_B: &str = "+++\ntitle = \"B\"\n+++\nThe studios said “no” to the four-day week — for now.\nThe Union said the Talks would go on.\n";

#[test]
fn a_string_broken_by_a_line_break_is_reported_where_it_breaks() {
    let p = problems(&[(
        "events/e.toml",
        Some("title = \"Talks\nend\"\ndate = \"2024\"\n"),
    )]);
    assert_eq!(
        p,
        [
            "events/e.toml:1:15: error: invalid basic string, expected `\"`\n  help: a \"…\" string ends on the line it starts on: close it there, or write text on several lines as \"\"\"…\"\"\""
        ]
    );
}

#[test]
fn problems_in_dossier_toml_have_their_line_and_column() {
    let p = problems(&[(
        "dossier.toml",
        Some("title = \"T\"\nsubtitle = 3\ncolour = \"red\"\n"),
    )]);
    assert_eq!(
        p,
        [
            "dossier.toml:2:12: error: invalid type: integer `3`, expected a string",
            "dossier.toml:3:1: error: unknown field `colour`, expected one of `title`, `subtitle`, `description`, `lang`, `dir`, `sides`",
        ]
    );
}

#[test]
fn messages_use_tomls_words() {
    let ev = EVENT.replace("issues = [\"i\"]", "issues = \"i\"");
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        ["events/e.toml:3:10: error: invalid type: string \"i\", expected an array"]
    );
    let ev =
        "title = \"E\"\ndate = \"2024\"\nissues = [\"i\"]\nsummary = \"S\"\nsources = [\"a\"]\n";
    assert_eq!(
        problems(&[("events/e.toml", Some(ev))]),
        ["events/e.toml:5:12: error: invalid type: string \"a\", expected a table"]
    );
    let ev = EVENT.replace("issues = [\"i\"]", "issues = [\"i\"]\n[issues]\n");
    let p = problems(&[("events/e.toml", Some(&ev))]);
    assert!(
        p.iter()
            .all(|m| !m.contains("sequence") && !m.contains("struct") && !m.contains(" map")),
        "{p:?}"
    );
}

#[test]
fn every_schema_mistake_of_a_parsing_file_is_reported() {
    let ev = "title = 1\ndate = \"2024\"\nkind = 3\nissues = \"i\"\nsumary = \"S\"\n\n[[sources]]\narticle = 1\nquote = \"met again\"\n\n[[sources]]\nartcle = \"a\"\n";
    assert_eq!(
        problems(&[("events/e.toml", Some(ev))]),
        [
            "events/e.toml:1:9: error: invalid type: integer `1`, expected a string",
            "events/e.toml:3:8: error: invalid type: integer `3`, expected a string",
            "events/e.toml:4:10: error: invalid type: string \"i\", expected an array",
            "events/e.toml:5:1: error: unknown field `sumary`, expected one of `title`, `date`, `end`, `after`, `before`, `weekday`, `kind`, `issues`, `summary`, `date_note`, `disputed`, `sources`\n  help: did you mean `summary`?",
            "events/e.toml:8:11: error: invalid type: integer `1`, expected a string",
            "events/e.toml:12:1: error: unknown field `artcle`, expected one of `article`, `quote`, `note`, `occurrence`\n  help: did you mean `article`?",
        ]
    );
}

fn quote_problem(quote: &str) -> Vec<String> {
    let ev = EVENT.replace(
        "article = \"a\"\nquote = \"met again\"",
        &format!("article = \"b\"\nquote = {quote}"),
    );
    problems(&[
        ("events/e.toml", Some(&ev)),
        ("articles/b.txt", Some(ARTICLE_B)),
    ])
}

#[test]
fn a_quote_with_other_marks_or_dashes_says_so() {
    assert_eq!(
        quote_problem("'said \"no\" to the four-day week - for now'"),
        [
            "events/e.toml:8:9: error: quote not found in article `b`\n  help: only the quotation marks and dashes differ: the article has \"said “no” to the four-day week — for now\" at articles/b.txt:4:13"
        ]
    );
}

#[test]
fn a_quote_in_other_letter_case_says_so() {
    assert_eq!(
        quote_problem("\"the union said the talks\""),
        [
            "events/e.toml:8:9: error: quote not found in article `b`\n  help: only letter case differs: the article has \"The Union said the Talks\" at articles/b.txt:5:1"
        ]
    );
}

#[test]
fn a_typo_in_the_first_words_shows_the_articles_word() {
    assert_eq!(
        quote_problem("\"The studio said “no” to the four-day week\""),
        [
            "events/e.toml:8:9: error: quote not found in article `b`\n  help: closest passage at articles/b.txt:4:1: \"The studios said “no” to the four-day week — for now.\"; the quote has \"studio\" where the article has \"studios\""
        ]
    );
}

#[test]
fn a_quote_from_another_article_names_it() {
    assert_eq!(
        quote_problem("\"talks went well\""),
        [
            "events/e.toml:8:9: error: quote not found in article `b`\n  help: found in `a`: did you mean `article = \"a\"`?"
        ]
    );
}

#[test]
fn files_that_are_not_read_are_named() {
    let p = problems(&[
        ("events/talks.tml", Some("x")),
        ("articles/b.md", Some("x")),
        ("events/.notes.toml", Some("x")),
        ("events/e.toml.orig~", Some("x")),
        ("issues/readme.txt", Some("x")),
    ]);
    assert_eq!(
        p,
        [
            "articles/b.md: warning: not read: an article's file name must end in `.txt`\n  help: rename it to `b.txt`",
            "events/talks.tml: warning: not read: an event's file name must end in `.toml`\n  help: rename it to `talks.toml`",
        ]
    );
    // An unknown article whose file has another extension says so.
    let ev = EVENT.replace("article = \"a\"", "article = \"b\"");
    let p = problems(&[
        ("events/e.toml", Some(&ev)),
        ("articles/b.md", Some(ARTICLE_B)),
    ]);
    assert_eq!(
        p,
        [
            "articles/b.md: warning: not read: an article's file name must end in `.txt`\n  help: rename it to `b.txt`",
            "events/e.toml:7:11: error: unknown article `b`\n  help: `articles/b.md` exists but is not read: an article's file must be `b.txt`",
        ]
    );
}

#[test]
fn a_duplicate_key_names_the_key_and_its_first_line() {
    let ev = EVENT.replace("summary = \"S\"", "summary = \"S\"\ntitle = \"F\"");
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        [
            "events/e.toml:5:1: error: duplicate key `title`\n  help: `title` is first defined on line 1"
        ]
    );
    let ev = EVENT.replace("[[sources]]", "[sources]")
        + "\n[sources]\narticle = \"a\"\nquote = \"again\"\n";
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        [
            "events/e.toml:10:2: error: duplicate key `sources`\n  help: `[sources]` is first defined on line 6; for a list of tables write `[[sources]]` each time"
        ]
    );
}

#[test]
fn a_rename_is_never_suggested_onto_an_existing_file() {
    let p = problems(&[
        ("events/E.toml", Some(EVENT)),
        ("events/talks.tml", Some("x")),
        (
            "events/talks.toml",
            Some(&EVENT.replace("title = \"E\"", "title = \"T\"")),
        ),
    ]);
    assert_eq!(
        p,
        [
            "events/E.toml: error: bad file name: an event's id (its file name without `.toml`) must be lowercase letters, digits and hyphens, starting with a letter or digit\n  help: `events/e.toml` already exists: give this file another name, or remove it if it is a copy",
            "events/talks.tml: warning: not read: an event's file name must end in `.toml`\n  help: `events/talks.toml` already exists: give this file another name, or remove it if it is a copy",
        ]
    );
}

#[test]
fn an_unknown_id_with_no_close_match_lists_the_known_ones() {
    let ev = EVENT.replace("issues = [\"i\"]", "issues = [\"i\", \"pensions\"]");
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        ["events/e.toml:3:16: error: unknown issue `pensions`\n  help: known issues: i"]
    );
    let mut changes: Vec<(String, String)> = (0..10)
        .map(|n| (format!("issues/i{n}.toml"), common::ISSUE.to_string()))
        .collect();
    changes.push(("events/e.toml".to_string(), ev.replace("\"i\", ", "")));
    let changes: Vec<(&str, Option<&str>)> = changes
        .iter()
        .map(|(p, t)| (p.as_str(), Some(t.as_str())))
        .collect();
    let p = problems(&changes);
    assert!(
        p.contains(&"events/e.toml:3:11: error: unknown issue `pensions`\n  help: known issues include: i, i0, i1, i2, i3, i4, i5, i6, and 3 more".to_string()),
        "{p:?}"
    );
    let _ = ARTICLE;
}
