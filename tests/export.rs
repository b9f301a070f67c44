//! `dossier export`: the JSON export read back and compared with the loaded
//! dossier, the Markdown export rendered by a CommonMark/GFM parser with
//! footnotes, and the output folder's rules (marker, refusals), run as the
//! built binary.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::content::{Dossier, load_dir, load_files};
use dossier::export::markdown::slug;
use dossier::export::{MARKER, json, markdown};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_dossier");
const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");
const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

/// Strings of the hostile fixture's markup that must come out as text.
const MARKUP: [&str; 6] = [
    "<script>window.__pwned = 'script'</script>",
    "<img src=x onerror=\"window.__pwned='onerror'\">",
    "<a href=\"javascript:window.__pwned='href'\">click</a>",
    "[md](javascript:window.__pwned='md')",
    "# not a heading",
    "www.evil.example https://evil.example/x mail@evil.example",
];

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("the binary runs")
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-export-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

fn parse(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("the export is JSON")
}

fn arr<'a>(v: &'a Value, key: &str) -> &'a Vec<Value> {
    v[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} is an array"))
}

fn str_of<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string: {v}"))
}

fn num(v: &Value, key: &str) -> usize {
    v[key]
        .as_u64()
        .unwrap_or_else(|| panic!("{key} is a number: {v}")) as usize
}

/// The JSON export read back agrees with the loaded dossier: counts, ids in
/// order, every link (issues, related, after, events of an issue), every
/// source's passage at its byte range, and the backlinks both ways.
fn json_agrees(d: &Dossier, v: &Value) {
    assert_eq!(str_of(v, "schema"), "dossier-export");
    assert_eq!(num(v, "version"), 2);
    let counts = &v["counts"];
    assert_eq!(num(counts, "events"), d.events.len());
    assert_eq!(num(counts, "issues"), d.issues.len());
    assert_eq!(num(counts, "articles"), d.articles.len());
    assert_eq!(num(counts, "errors"), d.errors());
    assert_eq!(num(counts, "warnings"), d.warnings());
    let events = arr(v, "events");
    let issues = arr(v, "issues");
    let articles = arr(v, "articles");
    assert_eq!(events.len(), d.events.len());
    assert_eq!(issues.len(), d.issues.len());
    assert_eq!(articles.len(), d.articles.len());
    assert_eq!(arr(v, "problems").len(), d.problems.len());
    assert_eq!(str_of(&v["dossier"], "title"), d.meta.title);

    let texts: BTreeMap<&str, &str> = articles
        .iter()
        .map(|a| (str_of(a, "id"), str_of(a, "text")))
        .collect();
    // Every citation as (article, kind, citer id, position index for a
    // position's source, source index, start, end), gathered once from the
    // citers' side and once from the articles' side.
    let mut from_citers = BTreeSet::new();
    let check_sources = |kind: &'static str,
                         id: &str,
                         position: Option<usize>,
                         list: &Vec<Value>,
                         out: &mut BTreeSet<_>| {
        for (k, src) in list.iter().enumerate() {
            let article = str_of(src, "article");
            let text = texts[article];
            let (start, end) = (num(src, "start"), num(src, "end"));
            assert_eq!(&text[start..end], str_of(src, "passage"));
            let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
            assert_eq!(words(str_of(src, "passage")), words(str_of(src, "quote")));
            out.insert((
                article.to_string(),
                kind,
                id.to_string(),
                position,
                k,
                start,
                end,
            ));
        }
    };
    for (e, je) in d.events.iter().zip(events) {
        assert_eq!(str_of(je, "id"), e.id);
        assert_eq!(str_of(je, "title"), e.title);
        assert_eq!(str_of(je, "summary"), e.summary);
        assert_eq!(str_of(&je["date"], "iso"), e.date.edtf());
        let issues: Vec<&str> = arr(je, "issues").iter().filter_map(Value::as_str).collect();
        let want: Vec<&str> = e.issues.iter().map(|&i| d.issue(i).id.as_str()).collect();
        assert_eq!(issues, want);
        let after: Vec<&str> = arr(je, "after").iter().filter_map(Value::as_str).collect();
        let want: Vec<&str> = e.after.iter().map(|&a| d.event(a).id.as_str()).collect();
        assert_eq!(after, want);
        assert_eq!(str_of(je, "earliest"), e.bounds.earliest.to_string());
        assert_eq!(str_of(je, "latest"), e.bounds.latest.to_string());
        assert_eq!(str_of(je, "date_text"), e.dating().label());
        assert_eq!(arr(je, "sources").len(), e.sources.len());
        check_sources("event", &e.id, None, arr(je, "sources"), &mut from_citers);
    }
    for (i, ji) in d.issues.iter().zip(issues) {
        assert_eq!(str_of(ji, "id"), i.id);
        let events: Vec<&str> = arr(ji, "events").iter().filter_map(Value::as_str).collect();
        let want: Vec<&str> = i.events.iter().map(|&e| d.event(e).id.as_str()).collect();
        assert_eq!(events, want);
        let related: Vec<&str> = arr(ji, "related")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let want: Vec<&str> = i.related.iter().map(|&r| d.issue(r).id.as_str()).collect();
        assert_eq!(related, want);
        assert_eq!(arr(ji, "positions").len(), i.positions.len());
        check_sources("issue", &i.id, None, arr(ji, "sources"), &mut from_citers);
        for (p, (position, jp)) in i.positions.iter().zip(arr(ji, "positions")).enumerate() {
            let list = jp["sources"].as_array().cloned().unwrap_or_default();
            assert_eq!(list.len(), position.sources.len());
            check_sources("issue", &i.id, Some(p), &list, &mut from_citers);
        }
    }
    let mut from_articles = BTreeSet::new();
    for (a, ja) in d.articles.iter().zip(articles) {
        assert_eq!(str_of(ja, "id"), a.id);
        assert_eq!(str_of(ja, "text"), a.text);
        assert_eq!(arr(ja, "cited_by").len(), a.cited_by.len());
        for c in arr(ja, "cited_by") {
            let kind = match str_of(c, "kind") {
                "event" => "event",
                "issue" => "issue",
                other => panic!("unknown citer kind {other}"),
            };
            from_articles.insert((
                a.id.clone(),
                kind,
                str_of(c, "id").to_string(),
                c["position"].as_u64().map(|p| p as usize),
                num(c, "source"),
                num(c, "start"),
                num(c, "end"),
            ));
        }
    }
    assert_eq!(
        from_citers, from_articles,
        "backlinks differ from citations"
    );
    prose_links_agree(d, v);
    let total: usize = d.articles.iter().map(|a| a.cited_by.len()).sum();
    assert_eq!(from_citers.len(), total);
}

/// Every prose link of the model is in the JSON, at a range of its field's
/// text that shows it, naming an entry that exists; and each entry's
/// `mentioned_by` lists exactly what links to it.
fn prose_links_agree(d: &Dossier, v: &Value) {
    use dossier::content::Prose;
    let count = |p: Option<&Prose>| p.map_or(0, |p| p.links().len());
    let notes =
        |s: &[dossier::content::Source]| s.iter().map(|s| count(s.note.as_ref())).sum::<usize>();
    let mut want = count(d.meta.description.as_ref());
    want += d
        .events
        .iter()
        .map(|e| {
            count(Some(&e.summary))
                + count(e.date_note.as_ref())
                + count(e.disputed.as_ref())
                + notes(&e.sources)
        })
        .sum::<usize>();
    want += d
        .issues
        .iter()
        .map(|i| {
            count(Some(&i.summary))
                + count(i.status.as_ref())
                + notes(&i.sources)
                + i.positions
                    .iter()
                    .map(|p| count(Some(&p.text)) + notes(&p.sources))
                    .sum::<usize>()
        })
        .sum::<usize>();
    want += d
        .articles
        .iter()
        .map(|a| count(a.note.as_ref()))
        .sum::<usize>();

    let ids = |kind: &str| -> BTreeSet<String> {
        arr(v, &format!("{kind}s"))
            .iter()
            .map(|x| str_of(x, "id").to_string())
            .collect()
    };
    let known: BTreeMap<&str, BTreeSet<String>> = [
        ("event", ids("event")),
        ("issue", ids("issue")),
        ("article", ids("article")),
    ]
    .into();
    let mut got = 0;
    let mut mentions: BTreeSet<(String, String, String, String)> = BTreeSet::new();
    let mut check = |kind: &str, obj: &Value| {
        for l in arr(obj, "links") {
            // The field's text, found by its path in the object.
            let mut at = obj;
            for part in str_of(l, "field").split('.') {
                at = match part.parse::<usize>() {
                    Ok(n) => &at[n],
                    Err(_) => &at[part],
                };
            }
            let text = at.as_str().expect("a link's field is text");
            let shown = &text[num(l, "start")..num(l, "end")];
            assert!(!shown.is_empty());
            let (tk, tid) = (str_of(l, "kind"), str_of(l, "id"));
            assert!(known[tk].contains(tid), "a link to {tk} {tid}");
            if kind != "dossier" {
                mentions.insert((tk.into(), tid.into(), kind.into(), str_of(obj, "id").into()));
            }
            got += 1;
        }
    };
    check("dossier", &v["dossier"]);
    for kind in ["event", "issue", "article"] {
        for obj in arr(v, &format!("{kind}s")) {
            check(kind, obj);
        }
    }
    assert_eq!(got, want, "prose links in the JSON");
    let mut listed = BTreeSet::new();
    for kind in ["event", "issue", "article"] {
        for obj in arr(v, &format!("{kind}s")) {
            for m in arr(obj, "mentioned_by") {
                listed.insert((
                    kind.into(),
                    str_of(obj, "id").into(),
                    str_of(m, "kind").into(),
                    str_of(m, "id").into(),
                ));
            }
        }
    }
    assert_eq!(listed, mentions, "mentioned_by differs from the links");
}

/// Each source's line:column, read in the article's file on disk, is where
/// its passage starts and ends.
fn positions_point_into_files(dir: &str, v: &Value) {
    let articles = arr(v, "articles");
    let paths: BTreeMap<&str, &str> = articles
        .iter()
        .map(|a| (str_of(a, "id"), str_of(a, "path")))
        .collect();
    let mut checked = 0;
    for entity in arr(v, "events").iter().chain(arr(v, "issues")) {
        for src in arr(entity, "sources") {
            let file = std::fs::read_to_string(Path::new(dir).join(paths[str_of(src, "article")]))
                .expect("article file");
            let at = |line: usize, col: usize| -> usize {
                let start: usize = file
                    .split_inclusive('\n')
                    .take(line - 1)
                    .map(str::len)
                    .sum();
                let rest = &file[start..];
                start
                    + rest
                        .char_indices()
                        .nth(col - 1)
                        .map_or(rest.len(), |(i, _)| i)
            };
            let from = at(num(src, "line"), num(src, "column"));
            let to = at(num(src, "end_line"), num(src, "end_column"));
            assert_eq!(
                file[from..to].replace("\r\n", "\n"),
                str_of(src, "passage"),
                "{src}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}

#[test]
fn json_round_trips_the_bundled_dossier() {
    let o = run(&["export", "--format", "json", "--output", "-"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v = parse(&o.stdout);
    json_agrees(&dossier::content::load_bundled(), &v);
    positions_point_into_files(BUNDLED, &v);
}

#[test]
fn json_round_trips_the_hostile_dossier_with_its_text_intact() {
    let d = load_dir(Path::new(HOSTILE));
    let bytes = json::render(&d);
    let v = parse(&bytes);
    json_agrees(&d, &v);
    positions_point_into_files(HOSTILE, &v);
    // Control characters are escaped by JSON, never written raw.
    assert!(!bytes.iter().any(|&b| b < 0x20 && b != b'\n'));
    let markup = v["articles"]
        .as_array()
        .and_then(|a| a.iter().find(|a| a["id"] == "markup"))
        .expect("the markup article");
    for m in MARKUP {
        assert!(str_of(markup, "text").contains(m), "{m}");
    }
    assert_eq!(str_of(markup, "url"), "javascript:window.__pwned='url'");
}

#[test]
fn json_exports_a_dossier_with_errors_and_lists_them() {
    let d = load_files(common::with(&[(
        "events/bad.toml",
        Some("title = \"B\"\ndate = \"2024-13\"\nsummary = \"S\"\n"),
    )]));
    assert!(d.errors() > 0);
    let v = parse(&json::render(&d));
    json_agrees(&d, &v);
    let p = arr(&v, "problems")
        .iter()
        .find(|p| {
            p["message"]
                .as_str()
                .is_some_and(|m| m.contains("bad date"))
        })
        .expect("the date's error");
    assert_eq!(str_of(p, "severity"), "error");
    assert_eq!(str_of(p, "path"), "events/bad.toml");
    assert_eq!((num(p, "line"), num(p, "column")), (2, 8));
}

/// Renders Markdown as GitHub does for these purposes: footnotes, tables,
/// strikethrough, task lists, math.
fn gfm(text: &str) -> Vec<Event<'_>> {
    let opts = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    Parser::new_ext(text, opts).collect()
}

/// Checks the Markdown export of `d`: the only links are the exporter's (to
/// headings that exist, or `http(s)` addresses of articles); no HTML, code,
/// quote, table or list the content could have started; one footnote per
/// source, each defined; and returns the text as rendered.
fn markdown_is_inert(d: &Dossier) -> String {
    let md = markdown::render(d);
    let events = gfm(&md);
    let mut text = String::new();
    let mut headings = BTreeSet::new();
    let mut heading: Option<String> = None;
    let mut links = Vec::new();
    let mut refs = BTreeSet::new();
    let mut defs = BTreeSet::new();
    let mut items = 0;
    let mut heading_count = 0;
    for ev in &events {
        match ev {
            Event::Text(t) => {
                text.push_str(t);
                if let Some(h) = heading.as_mut() {
                    h.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Start(Tag::Heading { .. }) => {
                heading = Some(String::new());
                heading_count += 1;
            }
            Event::End(TagEnd::Heading(_)) => {
                headings.insert(slug(&heading.take().unwrap_or_default()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            }) => links.push((*link_type, dest_url.to_string())),
            Event::Start(Tag::Item) => items += 1,
            Event::FootnoteReference(r) => {
                refs.insert(r.to_string());
            }
            Event::Start(Tag::FootnoteDefinition(r)) => {
                defs.insert(r.to_string());
            }
            Event::Html(h) | Event::InlineHtml(h) => panic!("HTML in the export: {h}"),
            Event::Code(c) => panic!("code in the export: {c}"),
            Event::InlineMath(m) | Event::DisplayMath(m) => panic!("math in the export: {m}"),
            Event::TaskListMarker(_) => panic!("a task list in the export"),
            Event::Start(
                t @ (Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::Image { .. }
                | Tag::Strikethrough
                | Tag::HtmlBlock),
            ) => panic!("{t:?} in the export"),
            _ => {}
        }
    }
    let urls: BTreeSet<&str> = d
        .articles
        .iter()
        .filter_map(|a| a.url.as_deref())
        .filter_map(dossier::export::safe_url)
        .collect();
    for (kind, dest) in &links {
        match dest.strip_prefix('#') {
            Some(anchor) => {
                assert_eq!(*kind, LinkType::Inline, "{dest}");
                assert!(headings.contains(anchor), "no heading for {dest}");
            }
            None => {
                assert_eq!(*kind, LinkType::Autolink, "{dest}");
                assert!(
                    urls.contains(dest.as_str()),
                    "a link not from an article: {dest}"
                );
            }
        }
    }
    let sources: usize = d.events.iter().map(|e| e.sources.len()).sum::<usize>()
        + d.issues.iter().map(|i| i.sources.len()).sum::<usize>()
        + d.issues
            .iter()
            .flat_map(|i| &i.positions)
            .map(|p| p.sources.len())
            .sum::<usize>();
    assert_eq!(refs.len(), sources);
    assert_eq!(refs, defs);
    let positions: usize = d.issues.iter().map(|i| i.positions.len()).sum();
    assert_eq!(items, positions, "a list the content started");
    let notes = usize::from(sources > 0);
    assert_eq!(
        heading_count,
        1 + 3 + notes + d.events.len() + d.issues.len() + d.articles.len(),
        "a heading the content started"
    );
    // The HTML a renderer makes from it has no element the content wrote.
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    for tag in html.split('<').skip(1) {
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        let allowed = [
            "p", "h1", "h2", "h3", "em", "strong", "a", "ul", "li", "sup", "div", "span",
        ];
        assert!(
            allowed.contains(&name.as_str()),
            "<{name}> in the rendered HTML"
        );
        if let Some(attrs) = tag.strip_prefix("a ") {
            assert!(
                attrs.starts_with("href=\"#") || attrs.starts_with("href=\"http"),
                "<a {attrs}"
            );
        }
    }
    text
}

#[test]
fn markdown_keeps_hostile_markup_as_text() {
    let d = load_dir(Path::new(HOSTILE));
    assert_eq!(d.problems, []);
    let text = markdown_is_inert(&d);
    for m in [
        "“<script>window.__pwned = 'script'</script>”",
        "Summary with <img src=x onerror=\"window.__pwned='summary'\"> and [a link](javascript:alert(1)) and <a href=\"javascript:alert(1)\">html</a>.",
        "<svg onload=\"window.__pwned='date-note'\"></svg> # not a heading",
        "* not a list `code` **bold**",
        "Markup <script>window.__pwned = 'event'</script> <b>bold</b>",
        "<b onmouseover=\"window.__pwned='outlet'\">Outlet</b>",
    ] {
        assert!(text.contains(m), "{m} not shown as text");
    }
    assert!(
        text.contains("javascript:window.__pwned='url'"),
        "the bad URL as text"
    );
    // Controls are shown as stand-ins, never written.
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
    assert!(text.contains('\u{241b}'));
}

/// The shown text of every link in rendered Markdown.
fn link_texts(md: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for ev in gfm(md) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                current = Some((String::new(), dest_url.to_string()))
            }
            Event::Text(t) => {
                if let Some((text, _)) = current.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Link) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn prose_links_are_links_in_markdown() {
    for d in [
        dossier::content::load_bundled(),
        load_dir(Path::new(HOSTILE)),
    ] {
        let links = link_texts(&markdown::render(&d));
        let mut prose_links = 0;
        for e in &d.events {
            for l in e.summary.links() {
                let shown = e.summary[l.range.clone()]
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ");
                assert!(
                    links
                        .iter()
                        .any(|(t, dest)| *t == shown && dest.starts_with('#')),
                    "{shown} is not a link"
                );
                prose_links += 1;
            }
        }
        assert!(prose_links > 0);
    }
}

#[test]
fn markdown_of_the_bundled_dossier_links_every_entry() {
    let d = dossier::content::load_bundled();
    let text = markdown_is_inert(&d);
    for e in &d.events {
        assert!(text.contains(&e.title), "{}", e.title);
    }
    // Every passage is quoted in a footnote.
    let md = markdown::render(&d);
    for a in &d.articles {
        for &c in &a.cited_by {
            let s = d.source(c);
            let passage = a.text[s.span.clone()]
                .split_whitespace()
                .next()
                .unwrap_or("");
            assert!(md.contains(passage));
        }
    }
}

#[test]
fn output_folder_rules() {
    let dir = temp("rules");
    let out = dir.join("out");
    // A new folder is created and marked.
    let o = run(&["export", "--format", "markdown", "--output", s(&out)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let marker = std::fs::read_to_string(out.join(MARKER)).expect("marker");
    assert!(marker.lines().any(|l| l == "dossier.md"), "{marker}");
    // A file of the user's beside it survives the next exports.
    std::fs::write(out.join("mine.txt"), "keep").expect("write");
    let o = run(&["export", "--format", "json", "--output", s(&out)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.join("dossier.json").exists());
    // The previous export's file is gone, the user's is kept.
    assert!(!out.join("dossier.md").exists());
    assert_eq!(
        std::fs::read_to_string(out.join("mine.txt"))
            .ok()
            .as_deref(),
        Some("keep")
    );
    // A hand-edited marker cannot make the export delete anything else.
    std::fs::write(out.join(MARKER), "x\n../outside.txt\n/etc/hostname\n").expect("write");
    std::fs::write(dir.join("outside.txt"), "keep").expect("write");
    let o = run(&["export", "--format", "json", "--output", s(&out)]);
    assert_eq!(o.status.code(), Some(0));
    assert!(dir.join("outside.txt").exists());
    assert!(out.join("mine.txt").exists());

    // An existing folder without a marker is refused, untouched.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(other.join("notes.txt"), "mine").expect("write");
    let o = run(&["export", "--format", "json", "--output", s(&other)]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("is not a previous export"), "{err}");
    let names: Vec<_> = std::fs::read_dir(&other).expect("read").collect();
    assert_eq!(names.len(), 1);
    // A file is refused.
    let o = run(&[
        "export",
        "--format",
        "json",
        "--output",
        s(&other.join("notes.txt")),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
    // An empty folder is taken.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    let o = run(&["export", "--format", "json", "--output", s(&empty)]);
    assert_eq!(o.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_are_refused_except_by_json_or_when_allowed() {
    let dir = temp("errors");
    let content = dir.join("content");
    for (path, bytes) in common::with(&[(
        "events/bad.toml",
        Some("title = \"B\"\ndate = \"2024-13\"\nsummary = \"S\"\n"),
    )]) {
        let full = content.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }
    let out = dir.join("md");
    let o = run(&[
        "export",
        "--content",
        s(&content),
        "--format",
        "markdown",
        "--output",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("events/bad.toml:2:8: error"), "{err}");
    assert!(err.contains("--allow-errors"), "{err}");
    assert!(!out.exists(), "nothing is written");
    let o = run(&[
        "export",
        "--content",
        s(&content),
        "--format",
        "markdown",
        "--output",
        s(&out),
        "--allow-errors",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(out.join("dossier.md").exists());
    let o = run(&[
        "export",
        "--content",
        s(&content),
        "--format",
        "json",
        "--output",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(num(&parse(&o.stdout)["counts"], "errors"), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["export"][..],
        &["export", "--format", "pdf", "--output", "x"],
        &["export", "--format", "json"],
    ] {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    let o = run(&["export", "--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stdout).contains("--allow-errors"));
}

#[test]
fn timelinejs_slides_start_within_their_bounds_in_the_dossiers_order_and_text_is_escaped() {
    let d = dossier::content::load_bundled();
    let v = parse(&dossier::export::timelinejs::render(
        &d,
        dossier::export::Group::Kind,
    ));
    let events = arr(&v, "events");
    assert_eq!(events.len(), d.events.len());
    let mut last = None;
    for (e, je) in d.events.iter().zip(events) {
        let start = &je["start_date"];
        let part = |k: &str| -> u32 { str_of(start, k).parse().unwrap() };
        let day = chrono::NaiveDate::from_ymd_opt(
            str_of(start, "year").parse().unwrap(),
            part("month"),
            part("day"),
        )
        .unwrap();
        assert!(
            e.bounds.earliest <= day && day <= e.bounds.latest,
            "{}",
            e.id
        );
        // TimelineJS sorts by date and time: it must give the dossier's order.
        let key = (day, part("hour"), part("minute"), part("second"));
        assert!(last < Some(key), "{} is out of order", e.id);
        last = Some(key);
        assert_eq!(str_of(je, "display_date"), e.dating().phrase());
        assert_eq!(je["end_date"].is_object(), e.end.is_some());
        assert_eq!(str_of(je, "group"), e.kind.name());
        // Each cited passage is quoted in the slide's text.
        let text = str_of(&je["text"], "text");
        assert_eq!(text.matches("<blockquote>").count(), e.sources.len());
    }
    let h = load_dir(Path::new(HOSTILE));
    let v = parse(&dossier::export::timelinejs::render(
        &h,
        dossier::export::Group::Issue,
    ));
    for je in arr(&v, "events") {
        let all = format!(
            "{}{}",
            str_of(&je["text"], "headline"),
            str_of(&je["text"], "text")
        );
        for tag in all.split('<').skip(1) {
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(
                ["p", "strong", "blockquote", "a"].contains(&name.as_str()),
                "<{name}> in {all}"
            );
        }
        assert!(!all.contains("href=\"javascript"));
        assert!(!all.contains('\u{1b}'));
    }
}

fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for sub in ["", "issues", "articles"] {
        let Ok(entries) = std::fs::read_dir(dir.join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "html") {
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(name, std::fs::read_to_string(&path).expect("page"));
            }
        }
    }
    out
}

#[test]
fn web_dossier_pages_are_escaped_and_show_excerpts_unless_asked() {
    let dir = temp("html");
    let out = dir.join("site");
    let o = run(&[
        "export",
        "--content",
        HOSTILE,
        "--format",
        "html",
        "--output",
        s(&out),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let pages = read_tree(&out);
    let d = load_dir(Path::new(HOSTILE));
    assert_eq!(pages.len(), 1 + d.issues.len() + d.articles.len());
    for (name, html) in &pages {
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\""),
            "{name}"
        );
        assert!(html.contains("script-src &#39;none&#39;"), "{name}");
        // Tags are only the exporter's.
        for tag in html.split('<').skip(1) {
            let tag_name: String = tag
                .trim_start_matches(['/', '!'])
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            let allowed = [
                "DOCTYPE",
                "html",
                "head",
                "meta",
                "title",
                "link",
                "body",
                "header",
                "main",
                "a",
                "h1",
                "h2",
                "h3",
                "p",
                "div",
                "nav",
                "ul",
                "ol",
                "li",
                "span",
                "strong",
                "blockquote",
                "dl",
                "dt",
                "dd",
                "article",
                "mark",
            ];
            assert!(
                allowed.contains(&tag_name.as_str()),
                "<{tag_name}> in {name}"
            );
        }
        assert!(!html.contains("href=\"javascript"), "{name}");
        assert!(!html.contains('\u{1b}'), "{name}");
    }
    // Prose links are links to their entries, their shown text escaped.
    let index = &pages["index.html"];
    assert!(index.contains("<a href=\"issues/hostile-issue.html\" class=\"mention\">&lt;script&gt;window.__pwned = &#39;link&#39;&lt;/script&gt;</a>"), "{index}");
    assert!(index.contains("<a href=\"index.html#event-wide-event\" class=\"mention\">"));
    assert!(pages["issues/hostile-issue.html"].contains("Mentioned in: "));
    let article = &pages["articles/escapes.html"];
    // By default only the cited paragraph is on the page, not the rest.
    assert!(article.contains("The union said the studios agreed to the terms."));
    assert!(
        !article.contains("word2999"),
        "an uncited paragraph is shown"
    );
    let o = run(&[
        "export",
        "--content",
        HOSTILE,
        "--format",
        "html",
        "--full-text",
        "--output",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let full = read_tree(&out);
    assert!(full["articles/escapes.html"].contains("word2999"));
    // Every passage is anchored once, on every page's citations.
    for a in &d.articles {
        let page = &full[&format!("articles/{}.html", a.id)];
        for k in 0..a.cited_by.len() {
            assert_eq!(
                page.matches(&format!("id=\"p-{k}\"")).count(),
                1,
                "{} p-{k}",
                a.id
            );
        }
    }
    // Standard output cannot take a folder of pages.
    let o = run(&[
        "export",
        "--content",
        HOSTILE,
        "--format",
        "html",
        "--output",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(1));
    // Exporting another dossier into it removes the pages this one lacks.
    std::fs::write(out.join("notes.txt"), "mine").expect("write");
    let reader = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");
    let o = run(&[
        "export",
        "--content",
        reader,
        "--format",
        "html",
        "--output",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(!out.join("articles/escapes.html").exists());
    assert!(out.join("notes.txt").exists());
    assert_eq!(read_tree(&out).len(), {
        let r = load_dir(Path::new(reader));
        1 + r.issues.len() + r.articles.len()
    });
    let _ = std::fs::remove_dir_all(&dir);
}
