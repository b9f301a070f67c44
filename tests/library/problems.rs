//! One fixture per error and warning of the content format, each asserting
//! the exact `path:line:col` and message.

use crate::common;

use common::{ARTICLE, EVENT, ISSUE, load, problems};
use dossier_core::content::load_files;

#[test]
fn the_base_fixture_is_valid() {
    let d = load(&[]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    assert_eq!(
        (d.events.len(), d.issues.len(), d.articles.len()),
        (1, 1, 1)
    );
}

#[test]
fn file_not_utf8_points_at_the_first_bad_byte() {
    let d = load_files(
        common::with(&[])
            .into_iter()
            .map(|(p, b)| {
                if p == "events/e.toml" {
                    (p, b"title = \"\xc3\xa9\xff\"\n".to_vec())
                } else {
                    (p, b)
                }
            })
            .collect(),
    );
    assert_eq!(
        common::printed(&d),
        ["events/e.toml:1:11: error: file is not valid UTF-8\n  help: save the file as UTF-8"]
    );
}

#[test]
fn toml_that_does_not_parse() {
    let p = problems(&[("events/e.toml", Some("title = \"E\"\ndate = \"2024\n"))]);
    assert_eq!(
        p,
        [
            "events/e.toml:2:13: error: invalid basic string, expected `\"`\n  help: a \"…\" string ends on the line it starts on: close it there, or write text on several lines as \"\"\"…\"\"\""
        ]
    );
}

#[test]
fn front_matter_that_does_not_parse() {
    let p = problems(&[(
        "articles/a.txt",
        Some("+++\ntitle = \"A\"\noutlet = = 1\n+++\nText.\n"),
    )]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("articles/a.txt:3:10: error: "), "{p:?}");
}

#[test]
fn unknown_field() {
    let p = problems(&[("events/e.toml", Some(&EVENT.replace("summary", "sumary")))]);
    assert_eq!(
        p,
        [
            "events/e.toml:4:1: error: unknown field `sumary`, expected one of `title`, `date`, `end`, `after`, `before`, `weekday`, `kind`, `issues`, `summary`, `date_note`, `disputed`, `sources`\n  help: did you mean `summary`?"
        ]
    );
    let p = problems(&[("issues/i.toml", Some(&ISSUE.replace("quote", "qoute")))]);
    assert_eq!(
        p,
        [
            "issues/i.toml:6:1: error: unknown field `qoute`, expected one of `article`, `quote`, `note`, `occurrence`\n  help: did you mean `quote`?"
        ]
    );
}

#[test]
fn every_missing_field_is_reported_at_once() {
    let p = problems(&[("events/e.toml", Some("kind = \"talks\"\n"))]);
    assert_eq!(
        p,
        [
            "events/e.toml:1:1: error: missing required field `title`",
            "events/e.toml:1:1: error: missing required field `date`",
            "events/e.toml:1:1: error: missing required field `summary`",
            "events/e.toml:1:1: warning: event touches no issue\n  help: list the issues it touches in `issues = [...]`",
            "events/e.toml:1:1: error: missing required field `sources`",
            "issues/i.toml:1:1: warning: no event touches this issue",
        ]
    );
    let p = problems(&[("issues/i.toml", Some("[[sources]]\nnote = \"n\"\n"))]);
    assert_eq!(
        p,
        [
            "issues/i.toml:1:1: error: missing required field `title`",
            "issues/i.toml:1:1: error: missing required field `summary`",
            "issues/i.toml:1:1: error: source is missing required field `article`",
            "issues/i.toml:1:1: error: source is missing required field `quote`",
        ]
    );
    let p = problems(&[("articles/a.txt", Some("+++\noutlet = \"O\"\n+++\nText.\n"))]);
    assert_eq!(
        p,
        ["articles/a.txt:1:1: error: missing required field `title`"]
    );
    let p = problems(&[("dossier.toml", Some("subtitle = \"s\"\n"))]);
    assert_eq!(
        p,
        ["dossier.toml:1:1: error: missing required field `title`"]
    );
}

#[test]
fn blank_required_field() {
    let p = problems(&[(
        "events/e.toml",
        Some(&EVENT.replace("title = \"E\"", "title = \"  \"")),
    )]);
    assert_eq!(
        p,
        ["events/e.toml:1:9: error: required field `title` is empty"]
    );
}

#[test]
fn bad_id_in_a_file_name() {
    let p = problems(&[("events/Second_Week.toml", Some(EVENT))]);
    assert_eq!(
        p,
        [
            "events/Second_Week.toml: error: bad file name: an event's id (its file name without `.toml`) must be lowercase letters, digits and hyphens, starting with a letter or digit\n  help: rename it to `second-week.toml`"
        ]
    );
    let p = problems(&[("articles/-a.txt", Some(ARTICLE))]);
    assert_eq!(p.len(), 1);
    assert!(
        p[0].starts_with("articles/-a.txt: error: bad file name"),
        "{p:?}"
    );
}

#[test]
fn unknown_references_suggest_the_closest_id() {
    let p = problems(&[
        (
            "issues/wages.toml",
            Some(&ISSUE.replace("\"I\"", "\"Wages\"")),
        ),
        (
            "events/e.toml",
            Some(&EVENT.replace("[\"i\"]", "[\"i\", \"wgaes\"]")),
        ),
    ]);
    assert_eq!(
        p,
        ["events/e.toml:3:16: error: unknown issue `wgaes`\n  help: did you mean `wages`?"]
    );
    // The issue `wages` is not reported untouched: the typo is the cause.
    let p = problems(&[(
        "events/e.toml",
        Some(&EVENT.replace("article = \"a\"", "article = \"e\"")),
    )]);
    assert_eq!(
        p,
        ["events/e.toml:7:11: error: unknown article `e`\n  help: `e` is an event, not an article"]
    );
    let p = problems(&[(
        "issues/i.toml",
        Some(&format!("related = [\"zzz-unrelated\"]\n{ISSUE}")),
    )]);
    assert_eq!(
        p,
        ["issues/i.toml:1:12: error: unknown issue `zzz-unrelated`\n  help: known issues: i"]
    );
}

#[test]
fn kind_outside_the_list() {
    let p = problems(&[("events/e.toml", Some(&format!("kind = \"talk\"\n{EVENT}")))]);
    assert_eq!(
        p,
        [
            "events/e.toml:1:8: error: unknown kind `talk`\n  help: did you mean `talks`? kinds are: talks, statement, deadline, agreement, vote, survey, rally, context, other"
        ]
    );
}

#[test]
fn quote_not_found_shows_the_closest_passage() {
    let p = problems(&[(
        "events/e.toml",
        Some(&EVENT.replace("met again", "the studios met once again")),
    )]);
    assert_eq!(
        p,
        [
            "events/e.toml:8:9: error: quote not found in article `a`\n  help: closest passage at articles/a.txt:4:15: \"the studios met again. The union said\"; the quote stops matching at \"once\""
        ]
    );
    let p = problems(&[("events/e.toml", Some(&EVENT.replace("met again", "zzz")))]);
    assert_eq!(
        p,
        ["events/e.toml:8:9: error: quote not found in article `a`"]
    );
}

#[test]
fn empty_quote() {
    let p = problems(&[("events/e.toml", Some(&EVENT.replace("met again", " \\n ")))]);
    assert_eq!(p, ["events/e.toml:8:9: error: quote is empty"]);
}

#[test]
fn occurrence_out_of_range() {
    let ev = EVENT.replace("met again", "The union") + "occurrence = 3\n";
    let p = problems(&[("events/e.toml", Some(&ev))]);
    assert_eq!(
        p,
        [
            "events/e.toml:9:14: error: occurrence 3 is out of range: the quote occurs 2 times in article `a`\n  help: use a number from 1 to 2"
        ]
    );
    let ev = EVENT.to_string() + "occurrence = 0\n";
    let p = problems(&[("events/e.toml", Some(&ev))]);
    assert_eq!(
        p,
        [
            "events/e.toml:9:14: error: occurrence 0 is out of range: the quote occurs once in article `a`\n  help: use a number from 1 to 1"
        ]
    );
}

#[test]
fn bad_dates() {
    let p = problems(&[(
        "events/e.toml",
        Some(&EVENT.replace("2024-05-10", "2024-02-30")),
    )]);
    assert_eq!(
        p,
        ["events/e.toml:2:8: error: bad date `2024-02-30` in `date`: no such date"]
    );
    let p = problems(&[(
        "events/e.toml",
        Some(&EVENT.replace("\"2024-05-10\"", "\"2024-5\"")),
    )]);
    assert_eq!(
        p,
        [
            "events/e.toml:2:8: error: bad date `2024-5` in `date`: expected a date; write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", optionally followed by `?` (uncertain), `~` (approximate) or `%` (both), or one day within bounds as \"[YYYY-MM-DD..YYYY-MM-DD]\""
        ]
    );
    let p = problems(&[(
        "events/e.toml",
        Some(&EVENT.replace("\"2024-05-10\"", "2024-05-10T10:00:00Z")),
    )]);
    assert_eq!(
        p,
        [
            "events/e.toml:2:8: error: bad date `2024-05-10T10:00:00Z` in `date`: a date has no time of day"
        ]
    );
    let p = problems(&[(
        "events/e.toml",
        Some(&EVENT.replace("\"2024-05-10\"", "20240510")),
    )]);
    assert_eq!(
        p,
        [
            "events/e.toml:2:8: error: bad date in `date`: expected a string such as \"2024-05-10\", \"2024-05\", \"2024\" or \"[2024-05-14..2024-07-30]\", found integer"
        ]
    );
    let art = ARTICLE.replace("+++\nT", "published = \"2024-13\"\n+++\nT");
    let p = problems(&[("articles/a.txt", Some(&art))]);
    assert_eq!(
        p,
        ["articles/a.txt:3:13: error: bad date `2024-13` in `published`: no such date"]
    );
}

#[test]
fn end_before_date() {
    let ev = format!("end = \"2024-05\"\n{}", EVENT);
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        Vec::<String>::new(),
        "same month is fine"
    );
    let ev = format!("end = \"2024-04-30\"\n{}", EVENT);
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        ["events/e.toml:1:7: error: the event ends (2024-04-30) before it starts (2024-05-10)"]
    );
}

#[test]
fn article_without_text_or_front_matter() {
    let p = problems(&[("articles/a.txt", Some("+++\ntitle = \"A\"\n+++\n\n  \n"))]);
    assert_eq!(
        p,
        ["articles/a.txt:3:1: error: article has no text after its front matter"]
    );
    let p = problems(&[("articles/a.txt", Some("+++\ntitle = \"A\"\nText.\n"))]);
    assert_eq!(
        p,
        ["articles/a.txt:1:1: error: front matter is not closed: no line `+++` after this one"]
    );
    let p = problems(&[("articles/a.txt", Some("title = \"A\"\n+++\nText.\n"))]);
    assert_eq!(
        p,
        [
            "articles/a.txt:1:1: error: an article must start with front matter: a line `+++`\n  help: write `+++`, the article's fields (at least `title`), `+++`, then its text"
        ]
    );
    let p = problems(&[("articles/a.txt", Some(""))]);
    assert_eq!(p.len(), 1);
    assert!(p[0].starts_with("articles/a.txt:1:1: error: an article must start"));
}

#[test]
fn empty_source_list() {
    let p = problems(&[(
        "issues/i.toml",
        Some("title = \"I\"\nsummary = \"S\"\nsources = []\n"),
    )]);
    assert_eq!(
        p,
        ["issues/i.toml:3:11: error: source list is empty: at least one source is required"]
    );
}

#[test]
fn ambiguous_quote_warns_unless_occurrence_names_one() {
    let ev = EVENT.replace("met again", "The union");
    let d = load(&[("events/e.toml", Some(&ev))]);
    assert_eq!(
        common::printed(&d),
        [
            "events/e.toml:8:9: warning: ambiguous quote: it occurs 2 times in article `a`; the first is used\n  help: add `occurrence = N` (1 to 2) to name one, or quote a longer passage"
        ]
    );
    assert_eq!(d.events[0].sources[0].span, 0..9);

    let d = load(&[("events/e.toml", Some(&(ev + "occurrence = 2\n")))]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    let text = &d.articles[0].text;
    let second = text.rfind("The union").unwrap_or(0);
    assert_eq!(d.events[0].sources[0].span, second..second + 9);
}

#[test]
fn issue_no_event_touches_and_article_nothing_cites() {
    let p = problems(&[
        (
            "issues/lonely.toml",
            Some(&ISSUE.replace("\"I\"", "\"Lonely\"")),
        ),
        ("articles/unread.txt", Some(ARTICLE)),
    ]);
    assert_eq!(
        p,
        [
            "articles/unread.txt:1:1: warning: nothing cites this article",
            "issues/lonely.toml:1:1: warning: no event touches this issue",
        ]
    );
}

#[test]
fn event_touching_no_issue() {
    let p = problems(&[("events/e.toml", Some(&EVENT.replace("[\"i\"]", "[]")))]);
    assert_eq!(
        p,
        [
            "events/e.toml:3:10: warning: event touches no issue\n  help: list the issues it touches in `issues = [...]`",
            "issues/i.toml:1:1: warning: no event touches this issue",
        ]
    );
}

#[test]
fn a_broken_file_causes_no_echoes() {
    // The only event fails to parse: the issue and article it would have
    // touched and cited get no warnings.
    let p = problems(&[("events/e.toml", Some("title = \n"))]);
    assert_eq!(
        p,
        ["events/e.toml:1:9: error: string values must be quoted, expected literal string"]
    );

    // The article fails: no "unknown article" where it is cited.
    let p = problems(&[("articles/a.txt", Some("+++\ntitle = \"A\"\n"))]);
    assert_eq!(
        p,
        ["articles/a.txt:1:1: error: front matter is not closed: no line `+++` after this one"]
    );
    // The issue fails: no "unknown issue" in the event that lists it.
    let p = problems(&[("issues/i.toml", Some("title = 1\n"))]);
    assert_eq!(p.len(), 1, "{p:?}");
    // A bad file name is its own error; references to it are not unknown.
    let p = problems(&[("issues/i.toml", None), ("issues/I.toml", Some(ISSUE))]);
    assert_eq!(p.len(), 1, "{p:?}");
}

#[test]
fn an_entity_with_errors_is_left_out_and_links_to_it_dropped() {
    let d = load(&[(
        "issues/i.toml",
        Some(&ISSUE.replace("talks went well", "nope")),
    )]);
    assert_eq!(d.errors(), 1);
    assert!(d.issues.is_empty());
    assert_eq!(d.events.len(), 1);
    assert!(d.events[0].issues.is_empty());
}
