//! Extension: links in prose (`[[id]]`, `[[kind:id]]`, `[[id|text]]`) in
//! every prose field, checked at the place of the link itself in every form
//! of TOML string, shown as titles, and counted as backlinks.

use crate::common;

use common::{ARTICLE, EVENT, ISSUE, load, problems};
use dossier_core::content::{ArticleIx, EntityRef, EventIx, IssueIx, Segment};

/// The base event with its summary written as given (a TOML value).
fn event_with_summary(value: &str) -> String {
    EVENT.replace("summary = \"S\"", &format!("summary = {value}"))
}

#[test]
fn a_link_in_every_prose_field_resolves_and_reads_as_titles() {
    let event = "title = \"Talks open\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"On [[i]].\"\ndate_note = 'See [[article:a]].'\ndisputed = \"\"\"\nBy [[e|itself]], [[e2]].\"\"\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\nnote = \"Also [[issue:i|the issue]].\"\n";
    let event2 = "title = \"Second\"\ndate = \"2024-05-11\"\nissues = [\"i\"]\nsummary = \"After [[e]].\"\n\n[[sources]]\narticle = \"a\"\nquote = \"The union said\"\n";
    let issue = "title = \"Pay\"\nsummary = \"Since [[e]].\"\nstatus = \"Open since [[e2]].\"\n\n[positions]\nunion = \"Per [[a]].\"\n\n[positions.studios]\ntext = \"Not stated.\"\n[[positions.studios.sources]]\narticle = \"a\"\nquote = \"talks went\"\nnote = \"In [[e2]].\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\nnote = \"[[e]]\"\n";
    let article = "+++\ntitle = \"Deal\"\noutlet = \"Variety\"\nnote = \"About [[i]].\"\n+++\nThe union and the studios met again.\nThe union said talks went well.\n";
    let meta = "title = \"T\"\ndescription = \"From [[e]] to [[i]].\"\n";
    let d = load(&[
        ("dossier.toml", Some(meta)),
        ("events/e.toml", Some(event)),
        ("events/e2.toml", Some(event2)),
        ("issues/i.toml", Some(issue)),
        ("articles/a.txt", Some(article)),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    let e = &d.events[0];
    assert_eq!(e.summary, "On Pay.");
    assert_eq!(e.date_note.as_deref(), Some("See Variety, “Deal”."));
    assert_eq!(e.disputed.as_deref(), Some("By itself, Second."));
    assert_eq!(e.sources[0].note.as_deref(), Some("Also the issue."));
    assert_eq!(d.events[1].summary, "After Talks open.");
    let i = &d.issues[0];
    assert_eq!(i.summary, "Since Talks open.");
    assert_eq!(i.status.as_deref(), Some("Open since Second."));
    let side = |name: &str| {
        i.positions
            .iter()
            .find(|p| p.side == name)
            .expect("the side")
    };
    assert_eq!(side("union").text, "Per Variety, “Deal”.");
    assert_eq!(
        side("studios").sources[0].note.as_deref(),
        Some("In Second.")
    );
    assert_eq!(i.sources[0].note.as_deref(), Some("Talks open"));
    assert_eq!(d.articles[0].note.as_deref(), Some("About Pay."));
    assert_eq!(
        d.meta.description.as_deref(),
        Some("From Talks open to Pay.")
    );

    // The links, with what they name.
    let segments: Vec<Segment> = e.disputed.as_ref().expect("disputed").segments().collect();
    assert_eq!(
        segments,
        [
            Segment::Text("By "),
            Segment::Link {
                target: EntityRef::Event(EventIx(0)),
                shown: "itself"
            },
            Segment::Text(", "),
            Segment::Link {
                target: EntityRef::Event(EventIx(1)),
                shown: "Second"
            },
            Segment::Text("."),
        ]
    );

    // Backlinks: who mentions whom, without an entry mentioning itself.
    let (ev, ev2, is, ar) = (
        EntityRef::Event(EventIx(0)),
        EntityRef::Event(EventIx(1)),
        EntityRef::Issue(IssueIx(0)),
        EntityRef::Article(ArticleIx(0)),
    );
    assert_eq!(d.mentioned_by(ev), [ev2, is]);
    assert_eq!(d.mentioned_by(ev2), [ev, is]);
    assert_eq!(d.mentioned_by(is), [ev, ar]);
    assert_eq!(d.mentioned_by(ar), [ev, is]);
}

/// The problems of the base dossier with the event's summary written as given.
fn summary_problems(value: &str) -> Vec<String> {
    problems(&[("events/e.toml", Some(&event_with_summary(value)))])
}

const UNKNOWN: &str = "error: unknown id `isu` in link: no event, issue or article has it\n  help: did you mean `[[i]]`?";

#[test]
fn an_unknown_id_is_reported_at_the_link_in_every_form_of_string() {
    // Basic, with escapes before the link: line 4, after `summary = "`.
    assert_eq!(
        summary_problems(r#""a\t\"b\" \u00e9 [[isu]]""#),
        [format!("events/e.toml:4:28: {UNKNOWN}")]
    );
    // Literal.
    assert_eq!(
        summary_problems(r"'a\t [[isu]]'"),
        [format!("events/e.toml:4:16: {UNKNOWN}")]
    );
    // Multi-line basic: trimmed first newline, line continuations, escapes.
    assert_eq!(
        summary_problems("\"\"\"\nOne \\\n   two\\ttwo \\\n\n  “three” [[isu]] four.\"\"\""),
        [format!("events/e.toml:8:11: {UNKNOWN}")]
    );
    // Multi-line literal.
    assert_eq!(
        summary_problems("'''\nOne\n  two [[isu]]'''"),
        [format!("events/e.toml:6:7: {UNKNOWN}")]
    );
    // A link whose id runs across a line continuation is placed at its `[[`.
    assert_eq!(
        summary_problems("\"\"\"\nsee [[i\\\n   su]]\"\"\""),
        [format!("events/e.toml:5:5: {UNKNOWN}")]
    );
}

#[test]
fn crlf_files_and_a_bom_keep_the_places() {
    let event = format!(
        "\u{feff}{}",
        event_with_summary("\"\"\"\nx\n  [[isu]]\"\"\"")
    )
    .replace('\n', "\r\n");
    assert_eq!(
        problems(&[("events/e.toml", Some(&event))]),
        [format!("events/e.toml:6:3: {UNKNOWN}")]
    );
}

#[test]
fn kinds_and_ambiguity() {
    // `i` is both an issue and (here) an event.
    let both = event_with_summary("\"[[i]] and [[event:i]] and [[issue:i]]\"");
    let p = problems(&[
        ("events/e.toml", Some(&both)),
        ("events/i.toml", Some(&EVENT.replace("\"E\"", "\"Other\""))),
    ]);
    assert_eq!(
        p,
        [
            "events/e.toml:4:12: error: ambiguous link `[[i]]`: `i` is both an event and an issue\n  help: name the kind: `[[event:i]]` or `[[issue:i]]`"
        ]
    );
    assert_eq!(
        summary_problems("\"[[event:i]] [[article:aa]]\""),
        [
            "events/e.toml:4:12: error: unknown event `i` in link\n  help: `i` is an issue: write `[[issue:i]]`",
            "events/e.toml:4:24: error: unknown article `aa` in link\n  help: did you mean `[[article:a]]`?",
        ]
    );
}

#[test]
fn bad_links_are_errors_and_stay_text() {
    let p = summary_problems("\"[[Bad]] and [[x|]] and [[e\"");
    let firsts: Vec<&str> = p
        .iter()
        .map(|l| l.split('\n').next().unwrap_or(""))
        .collect();
    assert_eq!(
        firsts,
        [
            "events/e.toml:4:12: error: bad link `[[Bad]]`: `Bad` is not an id (lowercase letters, digits and hyphens)",
            "events/e.toml:4:24: error: bad link `[[x|]]`: the text after `|` is empty",
            "events/e.toml:4:35: error: link not closed: `[[` without `]]`",
        ]
    );
    // The entry stays, the links read as written text.
    let d = load(&[(
        "events/e.toml",
        Some(&event_with_summary("\"See [[isue|the issue]].\"")),
    )]);
    assert_eq!(d.errors(), 1);
    assert_eq!(d.events[0].summary, "See the issue.");
    assert!(d.events[0].summary.links().is_empty());
}

#[test]
fn a_link_to_an_entry_left_out_is_text() {
    // The issue fails (its quote is not in the article): the link to it is text.
    let d = load(&[
        ("events/e.toml", Some(&event_with_summary("\"On [[i]].\""))),
        (
            "issues/i.toml",
            Some(&ISSUE.replace("talks went well", "nowhere")),
        ),
    ]);
    assert_eq!(d.errors(), 1, "{:?}", d.problems);
    assert_eq!(d.events[0].summary, "On i.");
    assert!(d.events[0].summary.links().is_empty());
}

#[test]
fn an_article_without_an_outlet_is_shown_by_its_headline() {
    let d = load(&[("events/e.toml", Some(&event_with_summary("\"[[a]]\"")))]);
    assert_eq!(d.events[0].summary, "A");
    assert!(ARTICLE.contains("title = \"A\"") && !ARTICLE.contains("outlet"));
}

/// The program run on a dossier folder written from the base fixture.
fn run(dir: &std::path::Path, args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("--content")
        .arg(dir)
        .args(args)
        .output()
        .expect("run dossier");
    assert!(out.status.success(), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn show_list_and_search_print_the_shown_text() {
    let dir = std::env::temp_dir().join(format!("dossier-prose-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = common::with(&[
        (
            "events/e.toml",
            Some(&event_with_summary(
                "\"Before [[i|the pay talks]] on [[a]].\"",
            )),
        ),
        (
            "issues/i.toml",
            Some(&ISSUE.replace(
                "summary = \"S\"",
                "summary = \"S\"\nstatus = \"Open after [[e]].\"",
            )),
        ),
    ]);
    for (path, bytes) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("a folder")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
    let show = run(&dir, &["show", "e"]);
    assert!(
        show.contains("Summary    Before the pay talks on A.\n"),
        "{show}"
    );
    assert!(!show.contains("[["), "{show}");
    let shown = run(&dir, &["show", "i"]);
    assert!(shown.contains("Mentioned by\n    event e  E\n"), "{shown}");
    let list = run(&dir, &["list", "issues"]);
    assert!(list.contains("Open after E."), "{list}");
    let search = run(&dir, &["search", "pay talks"]);
    assert!(search.contains("the pay talks"), "{search}");
    assert!(!search.contains("[["), "{search}");
    assert_eq!(run(&dir, &["search", "[[i"]), "");
    let _ = std::fs::remove_dir_all(&dir);
}
