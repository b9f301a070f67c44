//! Loading beyond single problems: line ends, BOMs, ignored files, folders,
//! derived links, order, and hostile input.

use crate::common;

use common::{ARTICLE, EVENT, ISSUE, load, printed, problems};
use dossier_core::content::{EventIx, IssueIx, MAX_FILE_BYTES, SourceRef, load_dir, load_files};

#[test]
fn crlf_files_load_and_positions_stay_right() {
    let crlf = |s: &str| s.replace('\n', "\r\n");
    let d = load(&[
        ("articles/a.txt", Some(&crlf(ARTICLE))),
        ("events/e.toml", Some(&crlf(EVENT))),
    ]);
    assert_eq!(printed(&d), Vec::<String>::new());
    assert!(
        !d.articles[0].text.contains('\r'),
        "CRLF normalised in the text"
    );
    assert!(d.articles[0].text.starts_with("The union"));
    let ev = crlf(&EVENT.replace("[\"i\"]", "[\"i\", \"x\"]"));
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        ["events/e.toml:3:16: error: unknown issue `x`\n  help: known issues: i"]
    );
}

#[test]
fn a_bom_is_skipped_and_not_counted_as_a_column() {
    let bom = |s: &str| format!("\u{feff}{s}");
    let d = load(&[
        ("articles/a.txt", Some(&bom(ARTICLE))),
        ("events/e.toml", Some(&bom(EVENT))),
        ("dossier.toml", Some(&bom(common::META))),
    ]);
    assert_eq!(printed(&d), Vec::<String>::new());
    assert_eq!(d.meta.title, "T");
    let ev = bom(&EVENT.replace("title = \"E\"", "title = 3"));
    assert_eq!(
        problems(&[("events/e.toml", Some(&ev))]),
        ["events/e.toml:1:9: error: invalid type: integer `3`, expected a string"]
    );
}

#[test]
fn whitespace_folded_quotes_resolve_to_the_passage() {
    let ev = EVENT.replace("met again", "again.\\n   The   union");
    let d = load(&[("events/e.toml", Some(&ev))]);
    assert_eq!(printed(&d), Vec::<String>::new());
    let s = &d.events[0].sources[0];
    assert_eq!(&d.articles[0].text[s.span.clone()], "again.\nThe union");
}

#[test]
fn ignored_files_are_ignored() {
    let d = load(&[
        ("README.md", Some("x")),
        ("events/README.md", Some("x")),
        ("articles/README.txt", Some("not an article")),
        ("events/.hidden.toml", Some("x = ")),
        ("events/e.toml~", Some("x = ")),
        ("events/sub/deep.toml", Some("x = ")),
        ("other/x.toml", Some("x = ")),
    ]);
    assert_eq!(printed(&d), Vec::<String>::new());
    // A file in a content folder that is not read for its extension is
    // named, with what it needs (tests/library/diagnostics.rs has more).
    let d = load(&[("events/notes.md", Some("x"))]);
    assert_eq!(
        printed(&d),
        [
            "events/notes.md: warning: not read: an event's file name must end in `.toml`\n  help: rename it to `notes.toml`"
        ]
    );
}

#[test]
fn bare_toml_dates_are_days() {
    let ev = EVENT.replace("\"2024-05-10\"", "2024-05-10") + "end = 2024-05-16\n";
    let ev = ev.replace("\n\n[[sources]]", "\nend = 2024-05-16\n\n[[sources]]");
    let ev = ev.trim_end_matches("end = 2024-05-16\n").to_string() + "\n";
    let d = load(&[("events/e.toml", Some(&ev))]);
    assert_eq!(printed(&d), Vec::<String>::new());
    assert_eq!(d.events[0].date.edtf(), "2024-05-10");
    assert_eq!(
        d.events[0].end.map(|e| e.iso()).as_deref(),
        Some("2024-05-16")
    );
}

#[test]
fn derived_links_and_timeline_order() {
    let ev = |date: &str, issues: &str| {
        EVENT
            .replace("\"2024-05-10\"", &format!("\"{date}\""))
            .replace("[\"i\"]", issues)
    };
    let d = load(&[
        (
            "events/b-day.toml",
            Some(&ev("2024-05-01", "[\"i\", \"j\"]")),
        ),
        ("events/a-month.toml", Some(&ev("2024-05", "[\"j\"]"))),
        ("events/e.toml", Some(&ev("2024", "[\"i\"]"))),
        (
            "issues/j.toml",
            // Its own title: an issue repeating another's is a copy.
            Some(&format!(
                "related = [\"i\"]\n{}",
                ISSUE.replace("title = \"I\"", "title = \"J\"")
            )),
        ),
    ]);
    assert_eq!(printed(&d), Vec::<String>::new());
    let order: Vec<&str> = d.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(order, ["e", "a-month", "b-day"], "less precise first");
    let (i, j) = (IssueIx(0), IssueIx(1));
    assert_eq!(d.issue(i).id, "i");
    assert_eq!(d.issue(i).events, [EventIx(0), EventIx(2)]);
    assert_eq!(d.issue(j).events, [EventIx(1), EventIx(2)]);
    assert_eq!(d.issue(i).related, [j], "related both ways");
    assert_eq!(d.issue(j).related, [i]);
    assert_eq!(d.find_event("b-day"), Some(EventIx(2)));
    // Every source citing the article, sorted by where its passage starts.
    let cited = &d.articles[0].cited_by;
    assert_eq!(cited.len(), 5);
    let starts: Vec<usize> = cited.iter().map(|&c| d.source(c).span.start).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    assert!(cited.contains(&SourceRef::Issue(j, 0)));
}

#[test]
fn load_dir_reads_the_same_dossier_as_load_files() {
    let dir = std::env::temp_dir().join(format!("dossier-load-dir-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = common::with(&[
        ("events/Bad.toml", Some(EVENT)),
        ("issues/i.toml", Some(&ISSUE.replace("talks", "walks"))),
        ("events/.swap", Some("x")),
    ]);
    for (path, bytes) in &files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }
    std::fs::create_dir_all(dir.join("events/nested.toml")).expect("mkdir");
    let from_disk = load_dir(&dir);
    let from_memory = load_files(files);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(printed(&from_disk), printed(&from_memory));
    assert_eq!(from_disk.events, from_memory.events);
    assert_eq!(from_disk.articles, from_memory.articles);
    assert_eq!(from_disk.errors(), 2);
}

#[test]
fn missing_folder_or_dossier_toml_loads_nothing() {
    let d = load_dir(std::path::Path::new("/nonexistent/dossier"));
    assert_eq!(d.problems.len(), 1);
    assert!(
        d.problems[0]
            .to_string()
            .starts_with("/nonexistent/dossier: error: cannot open the dossier folder")
    );
    let d = load(&[("dossier.toml", None)]);
    assert_eq!(
        printed(&d),
        ["dossier.toml: error: missing dossier.toml: this is not a dossier"]
    );
    assert!(d.events.is_empty() && d.articles.is_empty());
}

#[test]
fn empty_files_get_messages() {
    let p = problems(&[("events/e.toml", Some("")), ("dossier.toml", Some(""))]);
    assert_eq!(
        p,
        [
            "dossier.toml:1:1: error: missing required field `title`",
            "events/e.toml:1:1: error: missing required field `title`",
            "events/e.toml:1:1: error: missing required field `date`",
            "events/e.toml:1:1: error: missing required field `summary`",
            "events/e.toml:1:1: warning: event touches no issue\n  help: list the issues it touches in `issues = [...]`",
            "events/e.toml:1:1: error: missing required field `sources`",
            "issues/i.toml:1:1: warning: no event touches this issue",
        ]
    );
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let p = problems(&[("events/e.toml", Some(&deep))]);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].starts_with("events/e.toml:1:"), "{p:?}");
    let deep = format!(
        "+++\nx = {}1{}\n+++\nT\n",
        "{a=".repeat(50_000),
        "}".repeat(50_000)
    );
    let p = problems(&[("articles/a.txt", Some(&deep))]);
    assert_eq!(p.len(), 1, "{p:?}");
}

#[test]
fn huge_files_are_refused() {
    let huge = "x".repeat(MAX_FILE_BYTES + 1);
    let p = problems(&[("articles/a.txt", Some(&huge))]);
    assert_eq!(
        p,
        ["articles/a.txt: error: file is too large (over 67108864 bytes; the limit is 64 MiB)"]
    );
}

#[test]
fn long_articles_and_many_sources_load() {
    // Near the size limit, with many quotes on one long line of TOML.
    let mut text = String::from("+++\ntitle = \"A\"\n+++\n");
    for n in 0..20_000 {
        text.push_str(&format!("Sentence s{n} of a long article.\n"));
    }
    text.push_str("The union said talks went well.\n");
    let sources: Vec<String> = (0..2_000)
        .map(|n| format!("{{article = \"a\", quote = \"s{n} of\"}}"))
        .collect();
    let ev = EVENT.replace(
        "\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n",
        &format!("sources = [{}]\n", sources.join(", ")),
    );
    let d = load(&[
        ("articles/a.txt", Some(&text)),
        ("events/e.toml", Some(&ev)),
    ]);
    let p = printed(&d);
    assert!(p.iter().all(|x| !x.contains("error")), "{p:?}");
    assert_eq!(d.events[0].sources.len(), 2_000);
}

/// Writes the base fixture to a fresh folder `name` under the temporary folder.
#[cfg(unix)]
fn on_disk(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, bytes) in common::with(&[]) {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("has a parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }
    dir
}

#[cfg(unix)]
#[test]
fn links_out_of_the_dossier_are_reported_and_not_read() {
    use std::os::unix::fs::symlink;
    let dir = on_disk("links-out");
    let outside = dir.with_extension("outside");
    let _ = std::fs::remove_dir_all(&outside);
    std::fs::create_dir_all(outside.join("events")).expect("mkdir");
    // A well-formed article, so that only the boundary can keep it out.
    let secret = outside.join("secret.txt");
    std::fs::write(
        &secret,
        "+++\ntitle = \"SECRET\"\n+++\nSECRET TEXT of the reader's machine\n",
    )
    .expect("write");
    symlink(&secret, dir.join("articles/leak.txt")).expect("symlink");
    // A link to a file inside, by its full path, is followed; one through `..` that ends
    // outside is not.
    symlink(dir.join("articles/a.txt"), dir.join("articles/again.txt")).expect("symlink");
    symlink("../../outside-file", dir.join("articles/dotdot.txt")).expect("symlink");
    std::fs::write(dir.parent().expect("parent").join("outside-file"), "SECRET").ok();
    let d = load_dir(&dir);
    let printed = printed(&d);
    assert!(
        printed.contains(
            &"articles/leak.txt: warning: links outside the dossier are not followed".to_string()
        ),
        "{printed:#?}"
    );
    assert!(
        printed.contains(
            &"articles/dotdot.txt: warning: links outside the dossier are not followed".to_string()
        ),
        "{printed:#?}"
    );
    assert!(d.find_article("leak").is_none());
    assert!(
        d.find_article("again").is_some(),
        "a link inside is followed"
    );
    assert!(
        !printed.iter().any(|p| p.contains("SECRET"))
            && !d.articles.iter().any(|a| a.text.contains("SECRET")),
        "{printed:#?}"
    );

    // A whole folder linked out is not listed.
    std::fs::remove_dir_all(dir.join("events")).expect("rm");
    symlink(outside.join("events"), dir.join("events")).expect("symlink");
    let printed = common::printed(&load_dir(&dir));
    assert!(
        printed
            .contains(&"events: warning: links outside the dossier are not followed".to_string()),
        "{printed:#?}"
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&outside);
}

#[cfg(unix)]
#[test]
fn the_dossier_folder_itself_may_be_a_link() {
    use std::os::unix::fs::symlink;
    let dir = on_disk("linked-root");
    let link = dir.with_extension("link");
    let _ = std::fs::remove_file(&link);
    symlink(&dir, &link).expect("symlink");
    // Links inside, relative ones too, resolve against the folder's target.
    symlink("a.txt", dir.join("articles/b.txt")).expect("symlink");
    let d = load_dir(&link);
    assert_eq!(
        printed(&d),
        ["articles/b.txt:1:1: warning: nothing cites this article"]
    );
    assert_eq!(d.articles.len(), 2);
    let _ = std::fs::remove_file(&link);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The base fixture with article `a` holding `text` and event `e` quoting `quote`.
fn quoting(text: &str, quote: &str) -> dossier_core::content::Dossier {
    let article = format!("+++\ntitle = \"A\"\n+++\n{text}\nThe union said talks went well.\n");
    let event = EVENT.replace("quote = \"met again\"", &format!("quote = \"{quote}\""));
    load(&[
        ("articles/a.txt", Some(&article)),
        ("events/e.toml", Some(&event)),
    ])
}

/// The passage event `e`'s first source resolved to, as in the article.
fn passage(d: &dossier_core::content::Dossier) -> &str {
    let s = &d.events[0].sources[0];
    &d.article(s.article).text[s.span.clone()]
}

#[test]
fn canonically_equal_quotes_match_and_map_to_the_original_bytes() {
    // An article saved decomposed (NFD), a quote typed composed ...
    let d = quoting("Zoe\u{308} Bronte\u{308} met the union.", "Zoë Brontë met");
    assert_eq!(printed(&d), Vec::<String>::new());
    assert_eq!(passage(&d), "Zoe\u{308} Bronte\u{308} met");
    // ... and the other way round, across a line break.
    let d = quoting("Zoë Brontë\nmet the union.", "Zoe\u{308} Bronte\u{308} met");
    assert_eq!(printed(&d), Vec::<String>::new());
    assert_eq!(passage(&d), "Zoë Brontë\nmet");
    // Nothing else is folded: case still matters.
    let d = quoting("Zoe\u{308} met the union.", "zoë met");
    assert!(
        printed(&d)[0].contains("error: quote not found"),
        "{:?}",
        printed(&d)
    );
}

#[test]
fn a_match_never_ends_inside_a_combining_sequence() {
    // `Zoe` is not the start of `Zoë`, however it is written.
    for text in ["Zoe\u{308} met the union.", "Zoë met the union."] {
        let d = quoting(text, "Zoe");
        assert!(
            printed(&d)[0].contains("error: quote not found"),
            "{:?}",
            printed(&d)
        );
    }
    // A mark that composes with nothing stays a mark, and still binds.
    let d = quoting("q\u{307} met the union.", "q");
    assert!(
        printed(&d)[0].contains("error: quote not found"),
        "{:?}",
        printed(&d)
    );
    let d = quoting("q\u{307} met the union.", "q\u{307} met");
    assert_eq!(passage(&d), "q\u{307} met");
}

#[test]
fn invisible_characters_are_ignored_when_quotes_match() {
    let text = "the Arbeitnehmer\u{ad}vertretungs\u{ad}gesetz and a\u{200b}b\u{2060}c";
    let d = quoting(text, "Arbeitnehmervertretungsgesetz and abc");
    assert_eq!(printed(&d), Vec::<String>::new());
    assert_eq!(
        passage(&d),
        "Arbeitnehmer\u{ad}vertretungs\u{ad}gesetz and a\u{200b}b\u{2060}c"
    );
    // A quote copied with its soft hyphen matches the text without one.
    let d = quoting("the Arbeitnehmervertretungsgesetz", "Arbeit\u{ad}nehmer");
    assert_eq!(passage(&d), "Arbeitnehmer");
}

#[test]
fn a_quote_that_differs_only_by_compatibility_characters_says_so() {
    let d = quoting("They made the ﬁnal offer.", "final offer");
    let p = printed(&d);
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(
        p[0].starts_with("events/e.toml:8:9: error: quote not found in article `a`"),
        "{p:?}"
    );
    assert!(
        p[0].contains("help: at articles/a.txt:4:15 the quote has \"fi\" where the article has \"ﬁ\": they differ only as compatibility forms"),
        "{p:?}"
    );
    // Full-width letters, the other way round.
    let p = printed(&quoting("The ABC rules.", "ＡＢＣ rules"));
    assert!(
        p[0].contains("the quote has \"Ａ\" where the article has \"A\""),
        "{p:?}"
    );
}

#[test]
fn every_event_is_found_by_its_id_and_no_other_id_is() {
    let d = load_dir(std::path::Path::new(common::FIXTURE));
    assert!(d.events.len() > 3);
    assert_eq!(d.event_index.len(), d.events.len());
    for (n, e) in d.events.iter().enumerate() {
        assert_eq!(
            d.find_event(&e.id),
            Some(dossier_core::content::EventIx(n)),
            "{}",
            e.id
        );
        assert_eq!(d.find_event(&format!("{}-not", e.id)), None);
    }
    assert_eq!(d.find_event(""), None);
    // The same answers from a dossier without the index (built by hand).
    let mut by_hand = d.clone();
    by_hand.event_index.clear();
    for e in &d.events {
        assert_eq!(by_hand.find_event(&e.id), d.find_event(&e.id));
    }
}

/// The base dossier with an event of each id of `names`, the n-th dated
/// `date(n)`.
fn with_events(names: &[&str], date: impl Fn(usize) -> String) -> dossier_core::content::Dossier {
    let changes: Vec<(String, Option<String>)> = names
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let date = format!("date = \"{}\"", date(n));
            (
                format!("events/{id}.toml"),
                Some(common::EVENT.replace("date = \"2024-05-10\"", &date)),
            )
        })
        .collect();
    let changes: Vec<(&str, Option<&str>)> = changes
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_deref()))
        .collect();
    common::load(&changes)
}

#[test]
fn every_event_is_found_by_id_whether_its_file_order_is_its_id_order_or_not() {
    // `a-b.toml` sorts before `a.toml` as a path ('-' before '.'), but the
    // id `a` before `a-b`: the index by id is sorted either way.
    for names in [["a", "a-b", "b"], ["a", "b", "c"]] {
        let d = with_events(&names, |n| format!("2024-05-{:02}", 20 - n));
        // With the base dossier's own event.
        assert_eq!(d.events.len(), 4, "{:?}", d.problems);
        for id in names {
            let ix = d.find_event(id).expect("found");
            assert_eq!(d.events[ix.0].id, id);
        }
        let ids: Vec<&str> = d
            .event_index
            .iter()
            .map(|i| d.events[i.0].id.as_str())
            .collect();
        let mut sorted = ids.clone();
        sorted.sort_unstable();
        assert_eq!(ids, sorted);
    }
}

#[test]
fn events_on_the_same_day_come_in_the_order_of_their_ids_whatever_the_order_of_their_files() {
    // `a-b.toml` comes before `a.toml` as a file, after it as an id.
    for names in [["a", "a-b", "b"], ["b", "c", "d"]] {
        let d = with_events(&names, |_| "2024-05-20".to_string());
        assert_eq!(d.events.len(), 4, "{:?}", d.problems);
        let same_day: Vec<&str> = d
            .events
            .iter()
            .map(|e| e.id.as_str())
            .filter(|id| names.contains(id))
            .collect();
        assert_eq!(same_day, names, "{names:?}");
    }
}

#[test]
fn many_scattered_events_each_have_their_place_issues_hash_and_citers() {
    use dossier_core::content::model::{SourceRef, content_hash};
    // As many events as a preview makes in two halves (see the preview's
    // tests), their days scattered, forty on each day.
    const N: usize = 40_000;
    let day = |n: usize| (n * 7919) % 1000;
    let id = |n: usize| format!("e{n:05}");
    let mut files = common::with(&[
        ("events/e.toml", None),
        (
            "issues/j.toml",
            Some(
                "title = \"J\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"union said\"\n",
            ),
        ),
    ]);
    let first_day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("a day");
    let mut texts = Vec::with_capacity(N);
    for n in 0..N {
        let date = first_day + chrono::Days::new(day(n) as u64);
        let issues = if n % 3 == 0 {
            "\"j\", \"i\", \"j\""
        } else {
            "\"i\""
        };
        let text = format!(
            "title = \"E{n}\"\ndate = \"{date}\"\nissues = [{issues}]\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n"
        );
        texts.push(text.clone());
        files.push((format!("events/{}.toml", id(n)), text.into_bytes()));
    }
    let d = load_files(files);
    assert_eq!(d.errors(), 0, "{:?}", d.problems.first());
    assert_eq!(d.events.len(), N);
    // The timeline: by day, then by id.
    let mut expected: Vec<usize> = (0..N).collect();
    expected.sort_by_key(|&n| (day(n), id(n)));
    for (k, &n) in expected.iter().enumerate() {
        let e = &d.events[k];
        assert_eq!(
            (e.id.as_str(), e.title.as_str()),
            (id(n).as_str(), format!("E{n}").as_str())
        );
        let issues: Vec<&str> = e.issues.iter().map(|i| d.issues[i.0].id.as_str()).collect();
        assert_eq!(
            issues,
            if n % 3 == 0 {
                vec!["j", "i"]
            } else {
                vec!["i"]
            },
            "{}",
            e.id
        );
        assert_eq!(
            d.file_hashes.events[k],
            content_hash(texts[n].as_bytes()),
            "{}",
            e.id
        );
        assert_eq!(d.find_event(&e.id), Some(EventIx(k)));
    }
    // Each issue's events, and the article's citers, in timeline order.
    for (n, issue) in d.issues.iter().enumerate() {
        let touching: Vec<EventIx> = (0..N)
            .filter(|&k| d.events[k].issues.contains(&IssueIx(n)))
            .map(EventIx)
            .collect();
        assert_eq!(issue.events, touching, "{}", issue.id);
    }
    let citers: Vec<EventIx> = d.articles[0]
        .cited_by
        .iter()
        .filter_map(|c| match c {
            SourceRef::Event(e, 0) => Some(*e),
            _ => None,
        })
        .collect();
    assert_eq!(citers, (0..N).map(EventIx).collect::<Vec<_>>());
}
