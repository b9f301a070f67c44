//! A preview of a large dossier (every entry glanced at, the first screen's
//! entries read whole) against the full load of the same folder: the same
//! lists in the same order, the same rows, and the entries read whole as
//! the full load gives them.

use std::fs;
use std::path::{Path, PathBuf};

use dossier_core::content::{
    Dossier, EntityRef, Focus, List, load_dir, preview_dir, preview_dir_first,
};

use crate::common;

/// What a timeline row shows and what orders it, the relations between
/// events and issues, and what an article's row shows.
fn rows(d: &Dossier) -> Vec<String> {
    let mut rows = common::timeline_rows(d);
    rows.extend(d.events.iter().map(|e| {
        let after: Vec<&str> = e.after.iter().map(|x| d.events[x.0].id.as_str()).collect();
        let before: Vec<&str> = e.before.iter().map(|x| d.events[x.0].id.as_str()).collect();
        format!("{} after {after:?} before {before:?}", e.id)
    }));
    rows.extend(d.issues.iter().map(|i| {
        let related: Vec<&str> = i
            .related
            .iter()
            .map(|x| d.issues[x.0].id.as_str())
            .collect();
        format!("{} {} events, related {related:?}", i.id, i.events.len())
    }));
    rows.extend(d.articles.iter().map(|a| {
        format!(
            "{} {:?} {:?} {:?} {:?} {:?}",
            a.id, a.title, a.outlet, a.published, a.byline, a.url
        )
    }));
    rows
}

/// Both lists of rows are the same; else the first that differs is told.
fn same_rows(preview: &[String], full: &[String], folder: &Path) {
    if let Some((a, b)) = preview.iter().zip(full).find(|(a, b)| a != b) {
        panic!(
            "{}: the preview's row\n{a}\nis the full load's\n{b}",
            folder.display()
        );
    }
    assert_eq!(preview.len(), full.len(), "{}", folder.display());
}

/// A synthetic dossier of `events` events, with mistakes in some files when
/// `broken`.
fn synthetic(name: &str, events: usize, broken: bool) -> PathBuf {
    let dir = common::synthetic("preview", name, events, 11);
    if broken {
        common::rewrite_events(&dir, 29, |n, text| match n % 4 {
            0 => text.replacen("quote = \"", "quote = \"not said ", 1),
            1 => text.replacen("date = \"", "date = \"20x", 1),
            2 => format!("{text}\nsurprise = [\n"),
            _ => text.replacen("title = ", "kind = \"nonsense\"\ntitle = ", 1),
        });
    }
    dir
}

/// A synthetic dossier whose events' folder has files whose order is not
/// their ids' (`e-2.toml` before `e.toml`, `e` before `e-2`), dated alike;
/// and, when `odd`, files a load looks at closer: badly named, with another
/// extension, a folder, a readme, a link to an event of the folder and one
/// out of the dossier.
fn twins(name: &str, odd: bool) -> PathBuf {
    let dir = synthetic(name, 300, false);
    let events = dir.join("events");
    let mut names: Vec<String> = fs::read_dir(&events)
        .expect("events")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    for first in names.iter().take(5) {
        let text = fs::read_to_string(events.join(first)).expect("an event");
        let stem = first.trim_end_matches(".toml");
        for twin in ["-2", "-1", "-a"] {
            let title = format!("title = \"Twin{twin} of ");
            fs::write(
                events.join(format!("{stem}{twin}.toml")),
                text.replacen("title = \"", &title, 1),
            )
            .expect("a twin");
        }
    }
    if odd {
        for (file, text) in [
            ("Bad Name.toml", "title = \"x\"\n"),
            ("notes.md", "notes\n"),
            ("README.md", "about\n"),
        ] {
            fs::write(events.join(file), text).expect("an odd file");
        }
        fs::create_dir_all(events.join("drafts")).expect("a folder");
        fs::write(events.join("drafts").join("x.toml"), "title = 1").expect("a draft");
        #[cfg(unix)]
        {
            let first = names.first().expect("an event");
            std::os::unix::fs::symlink(first, events.join("linked.toml")).expect("a link");
            let outside = dir.with_extension("outside.toml");
            fs::write(&outside, "title = \"outside\"\n").expect("a file outside");
            std::os::unix::fs::symlink(&outside, events.join("outside.toml")).expect("a link");
        }
    }
    dir
}

/// The folders the tests load: the hand-made ones and synthetic ones,
/// written for the test named `test` (tests run side by side: one writing
/// a folder while another reads it would find it half made).
fn folders(test: &str) -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    vec![
        root.join("tests/fixtures/hostile"),
        root.join("tests/fixtures/reader"),
        root.join("docs/example"),
        root.join("content"),
        synthetic(&format!("{test}-clean"), 600, false),
        synthetic(&format!("{test}-broken"), 600, true),
        twins(&format!("{test}-twins"), false),
        twins(&format!("{test}-odd"), true),
    ]
}

#[test]
fn a_preview_lists_every_entry_in_the_order_and_with_the_rows_of_a_full_load() {
    // Folders where the preview shows an event the full load leaves out.
    let mut dropping = 0;
    for folder in folders("rows") {
        let full = load_dir(&folder);
        let preview = preview_dir(&folder, 0, &Focus::default()).expect("a preview");
        let (p, f) = (rows(&preview.dossier), rows(&full));
        if full.errors() == 0 {
            same_rows(&p, &f, &folder);
            continue;
        }
        // An event with an error past its first lines is in the preview
        // until the full load leaves it out: the others keep their order and
        // their rows, and every issue and article is the same.
        let (pe, fe) = (&preview.dossier.events, &full.events);
        let kept: Vec<&dossier_core::content::Event> = pe
            .iter()
            .filter(|e| full.find_event(&e.id).is_some())
            .collect();
        assert!(
            pe.len() - kept.len() <= full.errors(),
            "{}",
            folder.display()
        );
        dropping += usize::from(pe.len() > kept.len());
        assert_eq!(kept.len(), fe.len(), "{}", folder.display());
        let event_rows = |d: &Dossier| -> Vec<String> {
            common::timeline_rows(d)
                .into_iter()
                .take(d.events.len())
                .collect()
        };
        let full_rows = event_rows(&full);
        let preview_rows = event_rows(&preview.dossier);
        let kept_rows: Vec<String> = pe
            .iter()
            .zip(preview_rows)
            .filter(|(e, _)| full.find_event(&e.id).is_some())
            .map(|(_, r)| r)
            .collect();
        same_rows(&kept_rows, &full_rows, &folder);
        let ids = |d: &Dossier| -> Vec<String> {
            d.issues
                .iter()
                .map(|i| format!("{} {:?}", i.id, i.title))
                .chain(d.articles.iter().map(|a| format!("{} {:?}", a.id, a.title)))
                .collect()
        };
        same_rows(&ids(&preview.dossier), &ids(&full), &folder);
    }
    assert!(
        dropping > 0,
        "no folder had an event with an error past its first lines"
    );
}

#[test]
fn the_articles_front_matter_left_behind_a_first_frame_makes_the_rows_of_a_full_load() {
    let mut left = 0;
    for folder in folders("fronts") {
        let full = load_dir(&folder);
        let p = preview_dir_first(&folder, 0, &Focus::default()).expect("a preview");
        left += p.fronts.len();
        let mut d = p.dossier;
        // Until the front matter comes, an article left has its id alone.
        let whole = |ix| p.whole.contains(&EntityRef::Article(ix));
        let untitled = d
            .articles
            .iter()
            .enumerate()
            .filter(|(n, a)| !whole(dossier_core::content::ArticleIx(*n)) && a.title.is_empty())
            .count();
        assert_eq!(untitled, p.fronts.len(), "{}", folder.display());
        let texts = |d: &Dossier| -> Vec<String> {
            p.whole
                .iter()
                .filter_map(|e| match e {
                    EntityRef::Article(ix) => Some(d.articles[ix.0].text.as_str().to_string()),
                    _ => None,
                })
                .collect()
        };
        let before = texts(&d);
        p.fronts.glance().apply(&mut d, whole);
        // The articles read whole keep their text.
        assert_eq!(before, texts(&d), "{}", folder.display());
        if full.errors() == 0 {
            same_rows(&rows(&d), &rows(&full), &folder);
        } else {
            let articles = |d: &Dossier| -> Vec<String> {
                d.articles
                    .iter()
                    .map(|a| format!("{} {:?} {:?} {:?}", a.id, a.title, a.outlet, a.published))
                    .collect()
            };
            same_rows(&articles(&d), &articles(&full), &folder);
        }
        // The articles' list first: nothing is left for later.
        let focus = Focus {
            list: List::Articles,
            ..Focus::default()
        };
        let p = preview_dir_first(&folder, 0, &focus).expect("a preview");
        assert!(p.fronts.is_empty(), "{}", folder.display());
        if full.errors() == 0 {
            same_rows(&rows(&p.dossier), &rows(&full), &folder);
        }
    }
    assert!(
        left > 0,
        "no preview left an article's front matter for later"
    );
}

#[test]
fn an_article_whose_front_matter_does_not_load_is_never_given_a_part_of_it() {
    let folder = synthetic("fronts-broken-article", 600, false);
    let mut names: Vec<PathBuf> = fs::read_dir(folder.join("articles"))
        .expect("articles")
        .map(|e| e.expect("an entry").path())
        .collect();
    names.sort();
    let broken = names.last().expect("an article").clone();
    let id = broken
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("an id")
        .to_string();
    let text = fs::read_to_string(&broken).expect("its text");
    // An outlet, but no title: the front matter does not load.
    let spoiled: String = text
        .lines()
        .filter(|l| !l.starts_with("title = "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(spoiled, text);
    fs::write(&broken, spoiled).expect("spoiled");
    let full = load_dir(&folder);
    assert!(full.find_article(&id).is_none());
    for _ in 0..10 {
        let p = preview_dir_first(&folder, 0, &Focus::default()).expect("a preview");
        let mut d = p.dossier;
        p.fronts
            .glance()
            .apply(&mut d, |ix| p.whole.contains(&EntityRef::Article(ix)));
        // Glanced at while the events' folder was listed, it is left out
        // as a full load leaves it; left for later, it keeps its id alone.
        if let Some(ix) = d.find_article(&id) {
            let a = &d.articles[ix.0];
            assert_eq!((a.title.as_str(), &a.outlet), ("", &None));
        }
        for a in d.articles.iter().filter(|a| a.id != id) {
            let same = full.find_article(&a.id).expect("in the full load");
            assert_eq!(a.title, full.articles[same.0].title);
        }
    }
}

#[test]
fn the_entries_read_whole_are_as_the_full_load_gives_them() {
    let folder = synthetic("whole", 400, false);
    let full = load_dir(&folder);
    // The first event of the timeline by default, then a remembered one, its
    // article and the issue whose passage is followed.
    let event = &full.events[123];
    let source = &event.sources[0];
    let article = &full.articles[source.article.0];
    let issue = full
        .issues
        .iter()
        .find(|i| !i.sources.is_empty())
        .expect("an issue with sources");
    for focus in [
        Focus::default(),
        Focus {
            list: List::Timeline,
            entry: Some((List::Timeline, event.id.clone())),
            row: 0,
            article: Some(article.id.clone()),
            citer: Some((List::Issues, issue.id.clone())),
        },
    ] {
        let p = preview_dir(&folder, 0, &focus).expect("a preview");
        let d = &p.dossier;
        assert!(!p.whole.is_empty());
        let mut whole_events = 0;
        for &e in &p.whole {
            match e {
                EntityRef::Event(i) => {
                    whole_events += 1;
                    assert_eq!(d.events[i.0], full.events[i.0]);
                }
                EntityRef::Issue(i) => {
                    let (a, b) = (&d.issues[i.0], &full.issues[i.0]);
                    assert_eq!(
                        (&a.summary, &a.positions, &a.sources, &a.status),
                        (&b.summary, &b.positions, &b.sources, &b.status)
                    );
                }
                EntityRef::Article(i) => {
                    let (a, b) = (&d.articles[i.0], &full.articles[i.0]);
                    assert_eq!(a.text.to_string(), b.text.to_string());
                    assert_eq!(a.title, b.title);
                }
            }
        }
        assert_eq!(whole_events, 1);
        // Every passage of what was read whole is in an article read whole.
        for &e in &p.whole {
            if let EntityRef::Event(i) = e {
                for s in &d.events[i.0].sources {
                    assert!(p.whole.contains(&EntityRef::Article(s.article)));
                    let text = d.articles[s.article.0].text.to_string();
                    assert!(text.get(s.span.clone()).is_some());
                }
            }
        }
        // Nothing else is: no summary, no sources.
        let others = d.events.iter().enumerate().filter(|(i, _)| {
            !p.whole
                .contains(&EntityRef::Event(dossier_core::content::EventIx(*i)))
        });
        for (_, e) in others {
            assert!(
                e.sources.is_empty() && e.summary.as_str().is_empty(),
                "{}",
                e.id
            );
        }
    }
    let remembered = preview_dir(
        &folder,
        0,
        &Focus {
            entry: Some((List::Timeline, event.id.clone())),
            ..Focus::default()
        },
    )
    .expect("a preview");
    assert!(
        remembered
            .whole
            .contains(&EntityRef::Event(dossier_core::content::EventIx(123)))
    );
    assert_eq!(remembered.files, 1 + 400 + 20 + 40);
}

#[test]
fn files_the_glance_is_not_sure_of_are_parsed_whole_and_give_the_same_rows() {
    let folder = synthetic("shapes", 300, false);
    // Shapes of TOML a glance leaves to the parser, or reads itself.
    let shapes: [(&str, &str); 10] = [
        ("title = ", "\"title\" = "),
        ("date = \"", "# a comment\ndate = \""),
        ("kind = ", "kind    =   "),
        ("title = \"", "title = \"Escaped \\u00e9 \\\"quoted\\\" "),
        ("issues = [", "issues = [ # the issues\n  "),
        ("issues = [", "issues = [\n    "),
        // An issue given twice, in literal quotes; and one with an escape.
        ("issues = [", "issues = ['issue-0001', \"issue-0001\", "),
        ("issues = [", "issues = [\"issue\\u002d0002\", "),
        (
            "summary = \"\"\"",
            "date_note = '''one\nand two'''\nsummary = \"\"\"",
        ),
        (
            "summary = \"\"\"",
            "disputed = \"no one agrees\"\nsummary = \"\"\"",
        ),
    ];
    common::rewrite_events(&folder, 7, |n, text| {
        let (from, to) = shapes[(n / 7) % shapes.len()];
        // A key the file has already would be an error of its own.
        let adds = to.split(" = ").next().unwrap_or_default();
        if from.starts_with("summary") && text.contains(&format!("\n{adds} = ")) {
            return text;
        }
        text.replacen(from, to, 1)
    });
    // A BOM and CRLF line ends.
    let first = fs::read_dir(folder.join("issues"))
        .expect("issues")
        .next()
        .expect("an issue")
        .expect("entry")
        .path();
    let text = fs::read_to_string(&first).expect("an issue");
    fs::write(&first, format!("\u{feff}{}", text.replace('\n', "\r\n"))).expect("rewrite");
    let full = load_dir(&folder);
    let problems: Vec<String> = full.problems.iter().map(|p| p.to_string()).collect();
    assert_eq!(full.errors(), 0, "{problems:#?}");
    let preview = preview_dir(&folder, 0, &Focus::default()).expect("a preview");
    same_rows(&rows(&preview.dossier), &rows(&full), &folder);
}

#[test]
fn an_issue_that_does_not_load_is_left_out_of_its_events_as_in_a_full_load() {
    let folder = synthetic("issue-left-out", 300, false);
    let issue = folder.join("issues/issue-0003.toml");
    let text = fs::read_to_string(&issue).expect("an issue");
    assert!(text.contains("title = "), "{text}");
    fs::write(&issue, text.replacen("title = ", "titel = ", 1)).expect("rewrite");
    let full = load_dir(&folder);
    assert!(full.issues.iter().all(|i| i.id != "issue-0003"));
    let listed = |d: &Dossier| {
        d.events
            .iter()
            .filter(|e| {
                fs::read_to_string(folder.join(format!("events/{}.toml", e.id)))
                    .is_ok_and(|t| t.contains("\"issue-0003\""))
            })
            .count()
    };
    assert!(listed(&full) > 0, "no event lists the issue left out");
    let preview = preview_dir(&folder, 0, &Focus::default()).expect("a preview");
    same_rows(&rows(&preview.dossier), &rows(&full), &folder);
}

#[test]
fn a_preview_of_many_events_made_in_two_halves_has_the_rows_of_a_full_load() {
    // Enough events for the preview's model to make them on two threads.
    let folder = common::synthetic("preview", "halves", 40_000, 5);
    let preview = preview_dir(&folder, 0, &Focus::default()).expect("a preview");
    let full = load_dir(&folder);
    assert_eq!(full.events.len(), 40_000, "{:?}", full.problems.first());
    same_rows(&rows(&preview.dossier), &rows(&full), &folder);
    let hashes = |d: &Dossier| d.file_hashes.events.clone();
    assert_eq!(hashes(&preview.dossier), hashes(&full));
    // Each issue's events, by index (a preview's events have no sources
    // yet, so no article's citers to compare).
    let events = |d: &Dossier| -> Vec<_> { d.issues.iter().map(|i| i.events.clone()).collect() };
    assert!(
        events(&full) == events(&preview.dossier),
        "the issues' events differ"
    );
}

#[test]
fn a_small_folder_or_no_folder_gets_no_preview() {
    let folder = synthetic("small", 50, false);
    assert!(preview_dir(&folder, 71, &Focus::default()).is_none());
    assert!(preview_dir(&folder, 70, &Focus::default()).is_some());
    assert!(preview_dir(&folder.join("nothing here"), 0, &Focus::default()).is_none());
    // As many issues as asked for: the events are not waited for.
    let issues_alone = preview_dir(&folder, 20, &Focus::default()).expect("a preview");
    assert_eq!(
        issues_alone.dossier.events.len(),
        load_dir(&folder).events.len()
    );
    // No dossier.toml: no dossier, whatever the events.
    let bare = synthetic("small-bare", 50, false);
    fs::remove_file(bare.join("dossier.toml")).expect("remove");
    assert!(preview_dir(&bare, 0, &Focus::default()).is_none());
    // No events' folder: the issues alone.
    let no_events = synthetic("small-no-events", 50, false);
    fs::remove_dir_all(no_events.join("events")).expect("remove");
    let p = preview_dir(&no_events, 20, &Focus::default()).expect("a preview");
    assert!(p.dossier.events.is_empty());
    same_rows(&rows(&p.dossier), &rows(&load_dir(&no_events)), &no_events);
    assert!(preview_dir(&no_events, 21, &Focus::default()).is_none());
}

#[test]
fn the_whole_load_behind_a_preview_is_a_full_load_and_counts_every_file() {
    use std::sync::Arc;
    for folder in folders("behind") {
        let preview = preview_dir(&folder, 0, &Focus::default()).expect("a preview");
        let read = Arc::new(dossier_core::content::Progress::default());
        let (whole, _) = dossier_core::content::load_dir_counted(&folder, Arc::clone(&read));
        let full = load_dir(&folder);
        // The same problems in the same words, and the same model.
        let words = |d: &Dossier| d.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>();
        assert_eq!(words(&whole), words(&full), "{}", folder.display());
        assert_eq!(whole, full, "{}", folder.display());
        assert_eq!(read.read(), preview.files, "{}", folder.display());
        // What was found on the way is the whole load's, in the same words
        // and order: each file's own problems, before the rest.
        let found: Vec<String> = read.found().iter().map(|p| p.to_string()).collect();
        let all = words(&whole);
        let mut rest = all.iter();
        for f in &found {
            assert!(
                rest.any(|w| w == f),
                "{}: found `{f}`, not in the whole load's list in that order",
                folder.display()
            );
        }
        assert_eq!(read.found_count(), found.len());
    }
}

#[test]
fn an_entry_read_whole_ahead_of_the_rest_is_as_the_full_load_gives_it() {
    use dossier_core::content::{EventIx, IssueIx, read_whole};
    let folder = synthetic("ahead", 400, false);
    let full = load_dir(&folder);
    let mut p = preview_dir(&folder, 0, &Focus::default()).expect("a preview");
    let (event, issue) = (EventIx(200), IssueIx(7));
    assert!(!p.whole.contains(&EntityRef::Event(event)));
    let patch = read_whole(
        &folder,
        &p.dossier,
        &[EntityRef::Event(event), EntityRef::Issue(issue)],
    );
    let now = patch.apply(&mut p.dossier);
    assert!(now.contains(&EntityRef::Event(event)));
    assert!(now.contains(&EntityRef::Issue(issue)));
    let d = &p.dossier;
    assert_eq!(d.events[event.0], full.events[event.0]);
    let (a, b) = (&d.issues[issue.0], &full.issues[issue.0]);
    assert_eq!(
        (&a.summary, &a.status, &a.positions, &a.sources),
        (&b.summary, &b.status, &b.positions, &b.sources)
    );
    // Each article it cites is read whole, the passage inside its text, and
    // cites it back, in the order of the passages.
    for s in &d.events[event.0].sources {
        assert!(now.contains(&EntityRef::Article(s.article)));
        let a = &d.articles[s.article.0];
        assert_eq!(
            a.text.to_string(),
            full.articles[s.article.0].text.to_string()
        );
        assert!(a.text.get(s.span.clone()).is_some());
        assert!(
            a.cited_by
                .iter()
                .any(|c| matches!(c, dossier_core::content::SourceRef::Event(e, _) if *e == event))
        );
        let starts: Vec<usize> = a.cited_by.iter().map(|&c| d.source(c).span.start).collect();
        assert!(starts.windows(2).all(|w| w[0] <= w[1]), "{starts:?}");
    }
    // What was whole stays as it was.
    for &e in &p.whole {
        if let EntityRef::Event(i) = e {
            assert_eq!(d.events[i.0], full.events[i.0]);
        }
    }
}

#[test]
fn a_files_own_problems_are_found_as_it_is_read_and_the_rest_with_the_whole_dossier() {
    use dossier_core::content::{Code, Progress, load_dir_counted};
    use std::sync::Arc;
    let dir = common::synthetic("library-preview", "found-on-the-way", 300, 9);
    // Every 23rd event: an unclosed array (its file's own error) or a quote
    // its article does not hold (found only against the article).
    common::spoil_events(&dir, 23);
    let progress = Arc::new(Progress::default());
    let (whole, _) = load_dir_counted(&dir, Arc::clone(&progress));
    let found = progress.found();
    let syntax: Vec<_> = whole
        .problems
        .iter()
        .filter(|p| p.code == Code::TomlSyntax)
        .collect();
    let quotes: Vec<_> = whole
        .problems
        .iter()
        .filter(|p| p.code == Code::QuoteNotFound)
        .collect();
    assert!(
        !syntax.is_empty() && !quotes.is_empty(),
        "{:?}",
        whole.problems
    );
    // Each file's own problem was found on the way, as the whole lists it.
    for p in &syntax {
        assert!(found.contains(p), "not found on the way: {p}");
    }
    // A problem that needs the articles comes with the whole dossier.
    for p in &quotes {
        assert!(
            !found.contains(p),
            "found before the articles were read: {p}"
        );
    }
    assert_eq!(found.len(), progress.found_count());
}
