//! `dossier export`: the JSON export read back and compared with the loaded
//! dossier, the Markdown export rendered by a CommonMark/GFM parser with
//! footnotes, and the output folder's rules (marker, refusals), run as the
//! built binary.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use dossier::export::markdown::slug;
use dossier::export::timelinejs::PASSAGES_PER_SLIDE;
use dossier::export::{MARKER, json, markdown};
use dossier_core::content::{Dossier, load_dir, load_files};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use serde_json::Value;

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
    common::dossier(args)
}

fn temp(name: &str) -> PathBuf {
    common::scratch("export", name)
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
/// source's passage at its byte range, and the backlinks both ways; each
/// article's shown parts at their offsets, holding every passage, within
/// the cap (or only passages), the whole text only when `full`.
fn json_agrees(d: &Dossier, v: &Value, full: bool) {
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

    let texts: BTreeMap<&str, &str> = d
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.text.as_str()))
        .collect();
    for (a, ja) in d.articles.iter().zip(articles) {
        shown_parts_agree(a, ja, full);
    }
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

/// An article's `shown` parts in the JSON: each the text at its offsets,
/// in order and apart; every cited passage inside one; the whole `text`
/// only when `full`; within a third of the words, or else nothing but the
/// passages (`passages_only`).
fn shown_parts_agree(a: &dossier_core::content::Article, ja: &Value, full: bool) {
    let words = |t: &str| t.split_whitespace().count();
    assert_eq!(num(ja, "words"), words(&a.text), "{}", a.id);
    if full {
        assert_eq!(str_of(ja, "text"), a.text.as_str());
    } else {
        assert!(
            ja["text"].is_null(),
            "{}: the whole text without --full-text",
            a.id
        );
    }
    let parts: Vec<(usize, usize)> = arr(ja, "shown")
        .iter()
        .map(|p| {
            let (start, end) = (num(p, "start"), num(p, "end"));
            assert_eq!(&a.text[start..end], str_of(p, "text"), "{}", a.id);
            (start, end)
        })
        .collect();
    assert!(
        parts.windows(2).all(|w| w[0].1 < w[1].0),
        "{}: {parts:?}",
        a.id
    );
    let shown: usize = arr(ja, "shown")
        .iter()
        .map(|p| words(str_of(p, "text")))
        .sum();
    assert_eq!(num(ja, "shown_words"), shown, "{}", a.id);
    let cited: Vec<(usize, usize)> = arr(ja, "cited_by")
        .iter()
        .map(|c| (num(c, "start"), num(c, "end")))
        .collect();
    for &(s, e) in &cited {
        assert!(
            parts.iter().any(|&(ps, pe)| ps <= s && e <= pe),
            "{}: passage {s}..{e} not shown",
            a.id
        );
    }
    if full {
        assert_eq!(shown, words(&a.text));
        return;
    }
    if ja["passages_only"] == Value::Bool(true) {
        // Only passages: every shown character is in one.
        for &(ps, pe) in &parts {
            for at in ps..pe {
                if a.text.is_char_boundary(at) && !a.text[at..].starts_with(char::is_whitespace) {
                    assert!(
                        cited.iter().any(|&(s, e)| s <= at && at < e),
                        "{}: text beside the passages at {at}",
                        a.id
                    );
                }
            }
        }
        assert!(shown * 3 > words(&a.text));
    } else {
        assert!(
            shown * 3 <= words(&a.text),
            "{}: {shown} of {} words",
            a.id,
            words(&a.text)
        );
    }
}

/// Every prose link of the model is in the JSON, at a range of its field's
/// text that shows it, naming an entry that exists; and each entry's
/// `mentioned_by` lists exactly what links to it.
fn prose_links_agree(d: &Dossier, v: &Value) {
    use dossier_core::content::Prose;
    let count = |p: Option<&Prose>| p.map_or(0, |p| p.links().len());
    let notes = |s: &[dossier_core::content::Source]| {
        s.iter().map(|s| count(s.note.as_ref())).sum::<usize>()
    };
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
    json_agrees(&dossier::bundled::load_bundled(), &v, false);
    positions_point_into_files(BUNDLED, &v);
    let o = run(&["export", "--format", "json", "--full-text", "--output", "-"]);
    assert_eq!(o.status.code(), Some(0));
    json_agrees(&dossier::bundled::load_bundled(), &parse(&o.stdout), true);
}

#[test]
fn json_round_trips_the_hostile_dossier_with_its_text_intact() {
    let d = load_dir(Path::new(HOSTILE));
    json_agrees(&d, &parse(&json::render(&d)), false);
    let bytes = json::render_with(&d, &dossier::export::excerpt::plan(&d, true));
    let v = parse(&bytes);
    json_agrees(&d, &v, true);
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
    json_agrees(&d, &v, false);
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
            // The one code span the exporter writes: an e-mail address, so
            // that GitHub does not link it.
            Event::Code(c) if is_email(c) => text.push_str(c),
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
    let urls: BTreeSet<String> = d
        .articles
        .iter()
        .filter_map(|a| a.url.as_deref())
        .filter_map(dossier::export::safe_url)
        .map(|u| u.into_owned())
        .collect();
    // The addresses at each passage, with their text fragments.
    let at_passages: BTreeSet<String> = d
        .events
        .iter()
        .flat_map(|e| &e.sources)
        .chain(d.issues.iter().flat_map(|i| &i.sources))
        .chain(
            d.issues
                .iter()
                .flat_map(|i| &i.positions)
                .flat_map(|p| &p.sources),
        )
        .filter_map(|s| {
            dossier::export::passage_url(d.article(s.article), dossier::export::passage(d, s))
        })
        .collect();
    for (kind, dest) in &links {
        match dest.strip_prefix('#') {
            Some(anchor) => {
                assert_eq!(*kind, LinkType::Inline, "{dest}");
                assert!(headings.contains(anchor), "no heading for {dest}");
            }
            None if *kind == LinkType::Inline => {
                assert!(
                    at_passages.contains(dest.as_str()),
                    "a link not to a passage of an article: {dest}"
                );
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
            // Only around e-mail addresses, checked above.
            "code",
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
        dossier::bundled::load_bundled(),
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
    let d = dossier::bundled::load_bundled();
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

fn ok(o: &Output) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{err}");
    err
}

fn code(o: &Output, want: i32) -> String {
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(want), "{err}");
    err
}

/// Every file under `dir` with the SHA-256 of its bytes, by path.
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for e in std::fs::read_dir(dir).expect("read").flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                let name = path
                    .strip_prefix(root)
                    .expect("inside")
                    .to_string_lossy()
                    .into_owned();
                out.insert(name, sha256(&std::fs::read(&path).expect("file")));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn sha256(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A dossier written into `dir` from `files` (as `common::with` gives them).
fn write_dossier(dir: &Path, files: Vec<(String, Vec<u8>)>) {
    for (path, bytes) in files {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, bytes).expect("write");
    }
}

#[test]
fn output_folder_rules() {
    let dir = temp("rules");
    let out = dir.join("out");
    // A new folder is created and marked with the format and each file's hash.
    let err = ok(&run(&[
        "export",
        "--format",
        "markdown",
        "--output",
        s(&out),
    ]));
    assert!(
        err.ends_with(&format!("wrote {}\n", out.join("dossier.md").display())),
        "{err}"
    );
    let marker = std::fs::read_to_string(out.join(MARKER)).expect("marker");
    let md = std::fs::read(out.join("dossier.md")).expect("dossier.md");
    assert!(marker.lines().any(|l| l == "format: markdown"), "{marker}");
    assert!(
        marker
            .lines()
            .any(|l| l == format!("{}  dossier.md", sha256(&md))),
        "{marker}"
    );
    // A file of the user's beside it survives the next exports.
    std::fs::write(out.join("mine.txt"), "keep").expect("write");
    // An export of another format is refused, naming both; nothing changes.
    let before = snapshot(&out);
    let err = code(
        &run(&["export", "--format", "json", "--output", s(&out)]),
        1,
    );
    assert!(
        err.contains("markdown export") && err.contains("json export"),
        "{err}"
    );
    assert_eq!(snapshot(&out), before);
    ok(&run(&[
        "export",
        "--format",
        "markdown",
        "--output",
        s(&out),
    ]));
    assert_eq!(
        std::fs::read_to_string(out.join("mine.txt"))
            .ok()
            .as_deref(),
        Some("keep")
    );
    // A hand-edited marker cannot make the export delete anything else: a
    // name outside, or one of the user's files without its content's hash.
    std::fs::write(
        out.join(MARKER),
        format!(
            "x\nformat: markdown\n{h}  ../outside.txt\n{h}  /etc/hostname\nmine.txt\n{h}  mine.txt\n{}  dossier.md\n",
            sha256(&md),
            h = "0".repeat(64)
        ),
    )
    .expect("write");
    std::fs::write(dir.join("outside.txt"), "keep").expect("write");
    ok(&run(&[
        "export",
        "--format",
        "markdown",
        "--output",
        s(&out),
    ]));
    assert!(dir.join("outside.txt").exists());
    assert!(out.join("mine.txt").exists());
    // A marker from before formats were recorded is refused.
    std::fs::write(out.join(MARKER), "x\ndossier.md\n").expect("write");
    let err = code(
        &run(&["export", "--format", "markdown", "--output", s(&out)]),
        1,
    );
    assert!(err.contains("older version"), "{err}");

    // An existing folder without a marker is refused, untouched.
    let other = dir.join("other");
    std::fs::create_dir_all(&other).expect("mkdir");
    std::fs::write(other.join("notes.txt"), "mine").expect("write");
    let err = code(
        &run(&["export", "--format", "json", "--output", s(&other)]),
        1,
    );
    assert!(err.contains("is not a previous export"), "{err}");
    let names: Vec<_> = std::fs::read_dir(&other).expect("read").collect();
    assert_eq!(names.len(), 1);
    // A file is refused.
    code(
        &run(&[
            "export",
            "--format",
            "json",
            "--output",
            s(&other.join("notes.txt")),
        ]),
        1,
    );
    assert_eq!(
        std::fs::read_to_string(other.join("notes.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
    // An empty folder is taken.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).expect("mkdir");
    ok(&run(&["export", "--format", "json", "--output", s(&empty)]));
    // So is a checkout for publishing pages, left as it was; not with more in it.
    let pages = dir.join("pages");
    std::fs::create_dir_all(pages.join(".git")).expect("mkdir");
    std::fs::write(pages.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").expect("write");
    std::fs::write(pages.join("CNAME"), "dossier.example\n").expect("write");
    std::fs::write(pages.join(".nojekyll"), "").expect("write");
    let before = snapshot(&pages);
    let err = ok(&run(&["export", "--format", "html", "--output", s(&pages)]));
    assert!(
        err.contains(&format!("open {}", pages.join("index.html").display())),
        "{err}"
    );
    let after = snapshot(&pages);
    for (name, bytes) in &before {
        assert_eq!(after.get(name), Some(bytes), "{name}");
    }
    std::fs::write(dir.join("readme-only"), "").expect("write");
    let more = dir.join("more");
    std::fs::create_dir_all(more.join(".git")).expect("mkdir");
    std::fs::write(more.join("README.md"), "mine").expect("write");
    code(
        &run(&["export", "--format", "html", "--output", s(&more)]),
        1,
    );
    assert_eq!(snapshot(&more).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// A file the previous export wrote and that changed since is never
/// removed or written over; a file the export did not write is never
/// written over; a refused or failed export leaves the previous one whole.
#[test]
fn changed_files_are_kept_and_reported() {
    let dir = temp("changed");
    let site = dir.join("site");
    ok(&run(&[
        "export",
        "--content",
        HOSTILE,
        "--format",
        "html",
        "--output",
        s(&site),
    ]));
    // A page the next export (of another dossier) does not write, edited.
    std::fs::write(site.join("articles/escapes.html"), "my edit").expect("write");
    let reader = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");
    let err = ok(&run(&[
        "export",
        "--content",
        reader,
        "--format",
        "html",
        "--output",
        s(&site),
    ]));
    assert!(err.contains("kept articles/escapes.html"), "{err}");
    assert_eq!(
        std::fs::read_to_string(site.join("articles/escapes.html"))
            .ok()
            .as_deref(),
        Some("my edit")
    );
    // The unchanged pages the reader dossier lacks are gone; the kept one
    // is no longer the export's.
    assert!(!site.join("articles/markup.html").exists());
    let marker = std::fs::read_to_string(site.join(MARKER)).expect("marker");
    assert!(!marker.contains("escapes.html"), "{marker}");
    assert!(marker.contains("articles/variety-ai-deal.html"), "{marker}");

    // A page the next export writes, edited: the export is refused and
    // nothing is replaced.
    let index = std::fs::read(site.join("index.html")).expect("index");
    std::fs::write(site.join("index.html"), "my index").expect("write");
    let before = snapshot(&site);
    let err = code(
        &run(&[
            "export",
            "--content",
            HOSTILE,
            "--format",
            "html",
            "--output",
            s(&site),
        ]),
        1,
    );
    assert!(
        err.contains("index.html") && err.contains("Nothing was replaced"),
        "{err}"
    );
    assert_eq!(
        snapshot(&site),
        before,
        "a refused export changed the folder"
    );
    // A file of the user's where the export would write one: refused too.
    std::fs::write(site.join("index.html"), &index).expect("write");
    ok(&run(&[
        "export",
        "--content",
        reader,
        "--format",
        "html",
        "--output",
        s(&site),
    ]));
    let out = dir.join("md");
    ok(&run(&[
        "export",
        "--format",
        "markdown",
        "--output",
        s(&out),
    ]));
    let marker = std::fs::read_to_string(out.join(MARKER)).expect("marker");
    let head: Vec<&str> = marker.lines().take(2).collect();
    std::fs::write(out.join(MARKER), head.join("\n") + "\n").expect("write");
    let err = code(
        &run(&["export", "--format", "markdown", "--output", s(&out)]),
        1,
    );
    assert!(err.contains("dossier.md"), "{err}");

    // A folder of the export's made a link elsewhere: nothing is written
    // through it.
    #[cfg(unix)]
    {
        let elsewhere = dir.join("elsewhere");
        std::fs::create_dir_all(&elsewhere).expect("mkdir");
        let articles = site.join("articles");
        let moved = dir.join("articles-moved");
        std::fs::rename(&articles, &moved).expect("move");
        std::os::unix::fs::symlink(&elsewhere, &articles).expect("link");
        let err = code(
            &run(&[
                "export",
                "--content",
                reader,
                "--format",
                "html",
                "--output",
                s(&site),
            ]),
            1,
        );
        assert!(err.contains("articles/"), "{err}");
        assert_eq!(std::fs::read_dir(&elsewhere).expect("read").count(), 0);
        std::fs::remove_file(&articles).expect("unlink");
        std::fs::rename(&moved, &articles).expect("move back");
    }

    // A write that fails part-way (its temporary file cannot be made)
    // leaves the previous export whole, and no temporary file behind.
    let whole = snapshot(&site);
    let mut o = dossier::export::OutDir::open(&site, dossier::export::Format::Html)
        .expect("the folder is taken");
    o.write("index.html", b"new").expect("staged");
    // A name the folder takes, whose temporary name is too long for it.
    let blocked = site.join("zzz");
    let long = format!("zzz/{}.html", "p".repeat(245));
    assert!(o.write(&long, b"new").is_err());
    drop(o);
    let _ = std::fs::remove_dir_all(&blocked);
    assert_eq!(snapshot(&site), whole, "a failed export changed the folder");
    // One stopped before it finishes (an error of the caller's, a panic) too.
    let mut o = dossier::export::OutDir::open(&site, dossier::export::Format::Html)
        .expect("the folder is taken");
    o.write("index.html", b"new").expect("staged");
    o.write("issues/new.html", b"new").expect("staged");
    drop(o);
    assert_eq!(
        snapshot(&site),
        whole,
        "a stopped export changed the folder"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_command_line_mistake_exits_non_zero_with_a_message() {
    let dir = temp("mistakes");
    let out = dir.join("out");
    let out = s(&out);
    // Flags that do not apply: 2, naming where they apply.
    for format in ["json", "markdown", "html"] {
        let err = code(
            &run(&[
                "export", "--format", format, "--group", "issue", "--output", out,
            ]),
            2,
        );
        assert!(
            err.contains("--group applies only to the timelinejs format"),
            "{err}"
        );
    }
    let err = code(
        &run(&[
            "export",
            "--format",
            "json",
            "--allow-errors",
            "--output",
            out,
        ]),
        2,
    );
    assert!(
        err.contains("--allow-errors applies only to the markdown, html and timelinejs formats"),
        "{err}"
    );
    for format in ["markdown", "timelinejs"] {
        let err = code(
            &run(&["export", "--format", format, "--full-text", "--output", out]),
            2,
        );
        assert!(
            err.contains("--full-text applies only to the html and json formats"),
            "{err}"
        );
    }
    for format in ["json", "markdown", "html"] {
        let err = code(
            &run(&[
                "export",
                "--format",
                format,
                "--site-url",
                "https://example.org/d/",
                "--output",
                out,
            ]),
            2,
        );
        assert!(
            err.contains("--site-url applies only to the timelinejs format")
                && err.contains(&format!("not to {format}")),
            "{err}"
        );
    }
    for bad in ["javascript:alert(1)", "example.org", "https://x.org/\"><b>"] {
        let err = code(
            &run(&[
                "export",
                "--format",
                "timelinejs",
                "--site-url",
                bad,
                "--output",
                out,
            ]),
            2,
        );
        assert!(err.contains("--site-url takes"), "{err}");
    }
    let err = code(&run(&["export", "--format", "html", "--output", "-"]), 2);
    assert!(err.contains("folder"), "{err}");
    assert!(
        !Path::new(out).exists(),
        "nothing is written on a usage error"
    );
    // A missing or unreadable --content: 1 for every format, nothing written.
    let file = dir.join("file");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(&file, "x").expect("write");
    for content in ["nosuch", s(&file), s(&dir)] {
        for format in ["json", "markdown", "timelinejs", "html"] {
            let o = run(&[
                "export",
                "--content",
                content,
                "--format",
                format,
                "--output",
                out,
            ]);
            let err = code(&o, 1);
            assert!(err.contains("dossier folder"), "{err}");
            let o = run(&[
                "export",
                "--content",
                content,
                "--format",
                format,
                "--output",
                "-",
            ]);
            if format != "html" {
                code(&o, 1);
                assert!(o.stdout.is_empty());
            }
        }
    }
    assert!(!Path::new(out).exists());
    // A usage error is one whatever the folder.
    code(
        &run(&[
            "export",
            "--content",
            "nosuch",
            "--format",
            "markdown",
            "--full-text",
            "--output",
            out,
        ]),
        2,
    );
    // Hostile names stay inert in the messages.
    let evil = dir.join("no\u{1b}[2Jsuch\u{7}");
    let err = code(
        &run(&[
            "export",
            "--content",
            s(&evil),
            "--format",
            "json",
            "--output",
            "-",
        ]),
        1,
    );
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    let marked = dir.join("marked");
    std::fs::create_dir_all(&marked).expect("mkdir");
    std::fs::write(
        marked.join(MARKER),
        format!(
            "x\nformat: \u{1b}]0;pwned\u{7}\u{1b}[2J\n{}  index.html\n",
            "0".repeat(64)
        ),
    )
    .expect("write");
    let err = code(
        &run(&["export", "--format", "json", "--output", s(&marked)]),
        1,
    );
    assert!(err.contains("json export"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn success_says_what_was_written_on_stderr_only() {
    let dir = temp("success");
    let site = dir.join("site");
    let err = ok(&run(&["export", "--format", "html", "--output", s(&site)]));
    let files = snapshot(&site).len() - 1; // the marker is not counted
    let last = err.lines().last().unwrap_or_default();
    assert_eq!(
        last,
        format!(
            "wrote {files} files: open {}",
            site.join("index.html").display()
        )
    );
    let o = run(&["export", "--format", "json", "--output", "-"]);
    let err = ok(&o);
    parse(&o.stdout);
    assert!(
        err.contains("wrote the json export to standard output"),
        "{err}"
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("wrote the json"));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The words of the text of an article page's `<article>`: marks, `…` and
/// the lists of citers left out, entities decoded.
fn page_words(html: &str) -> usize {
    let start = html.find("<article class=\"text\">").expect("the text");
    let end = html[start..].find("</article>").expect("its end") + start;
    let mut body = html[start..end].to_string();
    for (open, close) in [
        ("<ul class=\"citers\">", "</ul>"),
        ("<span class=\"gap\">", "</span>"),
        ("<p class=\"gap\">", "</p>"),
    ] {
        while let Some(i) = body.find(open) {
            let j = body[i..].find(close).expect("closed") + i + close.len();
            body.replace_range(i..j, " ");
        }
    }
    // Marks are inline (they may start or end inside a word); paragraphs
    // separate words.
    let mut text = String::new();
    let mut tag: Option<String> = None;
    for c in body.chars() {
        match (&mut tag, c) {
            (None, '<') => tag = Some(String::new()),
            (Some(t), '>') => {
                if !(t.starts_with("mark") || t.starts_with("/mark")) {
                    text.push(' ');
                }
                tag = None;
            }
            (Some(t), c) => t.push(c),
            (None, c) => text.push(c),
        }
    }
    text.split_whitespace().count()
}

/// What every article page of an export of `content` shows, against the
/// loaded dossier: at most a third of the words, or only the passages
/// (then said on the page and on stderr); the share reported on stderr.
fn excerpts_respect_the_cap(content: &str, files: Option<Vec<(String, Vec<u8>)>>) -> usize {
    let dir = temp(&format!("cap-{}", content.len()));
    let src = dir.join("content");
    let content = match files {
        Some(f) => {
            write_dossier(&src, f);
            s(&src).to_string()
        }
        None => content.to_string(),
    };
    let d = load_dir(Path::new(&content));
    let site = dir.join("site");
    let err = ok(&run(&[
        "export",
        "--content",
        &content,
        "--format",
        "html",
        "--output",
        s(&site),
    ]));
    let mut over = 0;
    for a in &d.articles {
        let page =
            std::fs::read_to_string(site.join(format!("articles/{}.html", a.id))).expect("page");
        let words = a.text.split_whitespace().count();
        let mut spans: Vec<_> = a
            .cited_by
            .iter()
            .map(|&c| d.source(c).span.clone())
            .collect();
        spans.sort_by_key(|r| r.start);
        let shown = page_words(&page);
        if a.cited_by.is_empty() {
            assert_eq!(shown, 0, "{}", a.id);
            continue;
        }
        // The passages alone, overlaps merged.
        let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
        for r in spans {
            match merged.last_mut() {
                Some(l) if r.start <= l.end => l.end = l.end.max(r.end),
                _ => merged.push(r),
            }
        }
        let passages: usize = merged
            .iter()
            .map(|r| a.text[r.clone()].split_whitespace().count())
            .sum();
        if passages * 3 > words {
            over += 1;
            assert!(
                shown <= passages,
                "{}: {shown} words shown, passages {passages}",
                a.id
            );
            assert!(
                page.contains("only they are shown here, without context"),
                "{}",
                a.id
            );
            assert!(
                err.contains(&format!("article {}: its cited passages alone are", a.id)),
                "{err}"
            );
        } else {
            assert!(
                shown * 3 <= words,
                "{}: {shown} of {words} words shown",
                a.id
            );
            assert!(shown >= passages);
            assert!(
                err.contains(&format!("article {}: ", a.id))
                    && err.contains("% of its words published"),
                "{err}"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    over
}

#[test]
fn article_pages_show_at_most_a_third_or_only_the_passages() {
    // The bundled dossier cites most of each article: passages only.
    excerpts_respect_the_cap(BUNDLED, None);
    // The reader fixture: passages with context, under the cap.
    let reader = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");
    assert_eq!(excerpts_respect_the_cap(reader, None), 0);
    excerpts_respect_the_cap(HOSTILE, None);
    // The small base dossier quotes 5 of its article's 13 words: over the cap.
    assert_eq!(
        excerpts_respect_the_cap("small", Some(common::with(&[]))),
        1
    );
    // A long article with one short passage: context fits.
    let long = format!(
        "+++\ntitle = \"A\"\n+++\n{}\n\nBefore it. The union and the studios met again. After it.\nThe union said talks went well.\n\n{}\n",
        "Filler sentence of words. ".repeat(30),
        "More filler here. ".repeat(30)
    );
    assert_eq!(
        excerpts_respect_the_cap(
            "long",
            Some(common::with(&[("articles/a.txt", Some(&long))]))
        ),
        0
    );
}

#[test]
fn json_with_errors_says_how_many_on_stderr() {
    let dir = temp("json-errors");
    let content = dir.join("content");
    write_dossier(
        &content,
        common::with(&[(
            "events/bad.toml",
            Some("title = \"B\"\ndate = \"2024-13\"\nsummary = \"S\"\n"),
        )]),
    );
    let o = run(&[
        "export",
        "--content",
        s(&content),
        "--format",
        "json",
        "--output",
        "-",
    ]);
    let err = ok(&o);
    let v = parse(&o.stdout);
    let errors = num(&v["counts"], "errors");
    assert!(errors > 0);
    assert!(
        err.contains(&format!("the dossier has {errors} errors")),
        "{err}"
    );
    assert!(
        err.contains("1 entry that did not load is left out"),
        "{err}"
    );
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
    let d = dossier::bundled::load_bundled();
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
        // The first passages are quoted, each with its article as a
        // citation, never as a quotation TimelineJS would quote again.
        let text = str_of(&je["text"], "text");
        assert!(!text.contains("<blockquote"), "{text}");
        let shown = e.sources.len().min(PASSAGES_PER_SLIDE);
        assert_eq!(text.matches("<cite>").count(), shown, "{text}");
        for s in e.sources.iter().take(shown) {
            let a = d.article(s.article);
            let p = dossier::export::passage(&d, s)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(text.contains(&format!("“{}”", escape(&p))), "{p} in {text}");
            if let Some(u) = dossier::export::passage_url(a, &p) {
                assert!(text.contains(&escape(&u)), "{u} in {text}");
            }
        }
        let more = e.sources.len().saturating_sub(PASSAGES_PER_SLIDE);
        let rest = format!("and {more} more passage");
        assert_eq!(text.contains(&rest), more > 0, "{text}");
        assert!(!text.contains("<a href=\"https://example.org"), "{text}");
    }
    assert!(
        d.events
            .iter()
            .any(|e| e.sources.len() > PASSAGES_PER_SLIDE),
        "the bundled dossier has an event with more passages than a slide shows"
    );
    // With the web dossier's address, the rest is a link to the event there.
    let v = parse(&dossier::export::timelinejs::render_with(
        &d,
        dossier::export::Group::Kind,
        Some("https://example.org/dossier"),
    ));
    for (e, je) in d.events.iter().zip(arr(&v, "events")) {
        let text = str_of(&je["text"], "text");
        let more = e.sources.len().saturating_sub(PASSAGES_PER_SLIDE);
        let link = format!(
            "<a href=\"https://example.org/dossier/index.html#event-{}\" rel=\"noopener noreferrer\">and {more} more passage",
            e.id
        );
        assert_eq!(text.contains(&link), more > 0, "{text}");
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
                ["p", "strong", "cite", "a"].contains(&name.as_str()),
                "<{name}> in {all}"
            );
        }
        assert!(!all.contains("href=\"javascript"));
        assert!(!all.contains('\u{1b}'));
    }
}

/// `s` escaped as the HTML builder escapes text.
fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A dossier whose issue titles, sides, URLs and passages hold markup and
/// the characters text fragments must encode.
fn hostile_names() -> Vec<(String, Vec<u8>)> {
    [
        ("dossier.toml", "title = \"<b>Names</b>\"\nlang = \"ar\"\ndir = \"rtl\"\ndescription = \"What it covers.\\n\\nHow it was made, <b>method</b>.\"\n\n[sides]\nunion = \"<script>window.__pwned = 'side'</script> & co\"\nstudios = \"Studios\"\n"),
        ("articles/a.txt", "+++\ntitle = \"A\"\nurl = \"https://news.example/a?x=1&y=2\"\nnote = \"Kept <i>verbatim</i>.\"\n+++\nSAG-AFTRA, the “union” & co said: <img src=x onerror=\"window.__pwned='quote'\">, -1.\n"),
        ("issues/i.toml", "title = \"<img src=x onerror=\\\"window.__pwned='group'\\\"> & <b>co</b>\"\nsummary = \"S\"\n\n[positions]\nunion = \"U\"\n\"<i>rogue</i>\" = \"R\"\n\n[[sources]]\narticle = \"a\"\nquote = \"SAG-AFTRA, the “union” & co said: <img src=x onerror=\\\"window.__pwned='quote'\\\">, -1.\"\n"),
        ("events/e.toml", "title = \"E\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"\"\"\nWrite to mail_x@evil.example or <a@b.example>, see www.evil.example and https://evil.example/x: SAG-AFTRA's deal, 1+1.\n\n- not a list\n\n+ nor this\n\n---\"\"\"\n\n[[sources]]\narticle = \"a\"\nquote = \"SAG-AFTRA, the “union”\"\n"),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
    .collect()
}

#[test]
fn timelinejs_group_labels_and_source_links_are_escaped() {
    let dir = temp("tl-names");
    write_dossier(&dir, hostile_names());
    let d = load_dir(&dir);
    assert_eq!(d.errors(), 0, "{:?}", d.problems);
    let v = parse(&dossier::export::timelinejs::render(
        &d,
        dossier::export::Group::Issue,
    ));
    let je = &arr(&v, "events")[0];
    assert_eq!(
        str_of(je, "group"),
        // Escaped twice: TimelineJS decodes the label once, then sets it as HTML.
        "&amp;lt;img src=x onerror=&amp;quot;window.__pwned=&amp;#39;group&amp;#39;&amp;quot;&amp;gt; &amp;amp; &amp;lt;b&amp;gt;co&amp;lt;/b&amp;gt;"
    );
    let text = str_of(&je["text"], "text");
    // The source links to the outlet's page at the passage, encoded.
    assert!(
        text.contains("href=\"https://news.example/a?x=1&amp;y=2#:~:text=SAG%2DAFTRA%2C%20the%20%E2%80%9Cunion%E2%80%9D\""),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Percent-decoding, for reading text fragments back.
fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() + 1 {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).expect("ascii");
            out.push(u8::from_str_radix(hex, 16).expect("hex"));
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn text_fragments_are_encoded_and_inert_in_every_format() {
    let dir = temp("fragments");
    let content = dir.join("content");
    write_dossier(&content, hostile_names());
    let d = load_dir(&content);
    // JSON: each source's address at the passage, its directive's text
    // only unreserved characters and escapes, decoding to the passage's
    // first and last words (or all of them).
    let v = parse(&json::render(&d));
    let mut urls = Vec::new();
    for je in arr(&v, "issues").iter().chain(arr(&v, "events")) {
        for js in arr(je, "sources") {
            let url = str_of(js, "passage_url");
            let (base, directive) = url.split_once("#:~:text=").expect("a text fragment");
            assert_eq!(base, "https://news.example/a?x=1&y=2");
            assert!(
                directive
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"._~%,".contains(&b)),
                "{directive}"
            );
            let passage: Vec<&str> = str_of(js, "passage").split_whitespace().collect();
            let parts: Vec<String> = directive.split(',').map(percent_decode).collect();
            if passage.len() > dossier::export::FRAGMENT_WORDS {
                assert_eq!(parts.len(), 2, "{directive}");
                assert!(passage.join(" ").starts_with(&parts[0]), "{parts:?}");
                assert!(passage.join(" ").ends_with(&parts[1]), "{parts:?}");
            } else {
                assert_eq!(parts, [passage.join(" ")]);
            }
            urls.push(url.to_string());
        }
    }
    assert_eq!(urls.len(), 2);
    // HTML: the same addresses, escaped in their attribute.
    let out = dir.join("html");
    ok(&run(&[
        "export",
        "--content",
        s(&content),
        "--format",
        "html",
        "--output",
        s(&out),
    ]));
    let index = std::fs::read_to_string(out.join("index.html")).expect("index")
        + &std::fs::read_to_string(out.join("issues/i.html")).expect("issue");
    for u in &urls {
        assert!(
            index.contains(&format!(
                "href=\"{}\" rel=\"noopener noreferrer\" class=\"at-outlet\"",
                escape(u)
            )),
            "{u} in {index}"
        );
    }
    assert!(!index.contains("<img"), "{index}");
    // Markdown: a link to each, and no other link than the exporter's.
    let md = markdown::render(&d);
    for u in &urls {
        assert!(
            md.contains(&format!("[at the passage](<{u}>)")),
            "{u} in {md}"
        );
    }
    let links = link_texts(&md);
    assert!(links.iter().any(|(_, href)| href == &urls[0]), "{links:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_web_dossier_opens_on_its_summary_and_names_sides_as_declared() {
    let dir = temp("front");
    let content = dir.join("content");
    write_dossier(&content, hostile_names());
    let d = load_dir(&content);
    assert_eq!(d.errors(), 0, "{:?}", d.problems);
    // A position on a side [sides] does not declare: a warning at the position.
    let undeclared: Vec<_> = d
        .problems
        .iter()
        .filter(|p| p.code() == dossier_core::content::Code::UndeclaredSide)
        .collect();
    assert_eq!(undeclared.len(), 1, "{:?}", d.problems);
    assert!(!undeclared[0].is_error());
    assert!(
        undeclared[0].to_string().contains("issues/i.toml:6:"),
        "{}",
        undeclared[0]
    );
    let out = dir.join("html");
    ok(&run(&[
        "export",
        "--content",
        s(&content),
        "--format",
        "html",
        "--allow-errors",
        "--output",
        s(&out),
    ]));
    let pages = read_tree(&out);
    let index = &pages["index.html"];
    assert!(index.contains("<html lang=\"ar\" dir=\"rtl\">"), "{index}");
    assert!(
        index.contains("<title>&lt;b&gt;Names&lt;/b&gt;</title>"),
        "{index}"
    );
    assert!(index.contains("<a href=\"#text\" class=\"skip\">Skip to the text</a>"));
    assert!(index.contains("<main id=\"text\">"));
    // Title, summary, issues, timeline by year, articles, then the method.
    let at = |needle: &str| {
        index
            .find(needle)
            .unwrap_or_else(|| panic!("{needle} in {index}"))
    };
    assert!(at("<h1>") < at("What it covers."));
    assert!(at("What it covers.") < at("<h2>Issues</h2>"));
    assert!(at("<h2>Issues</h2>") < at("<h2>Timeline</h2>"));
    assert!(at("<h2>Timeline</h2>") < at("<h3 class=\"year\" id=\"year-2024\">2024</h3>"));
    assert!(at("year-2024") < at("<h2 id=\"about\">About this dossier</h2>"));
    assert!(at("About this dossier</h2>") < at("How it was made, &lt;b&gt;method&lt;/b&gt;."));
    assert!(index.contains("<a href=\"#about\">"));
    // Every page's title carries the dossier's name.
    for (name, page) in &pages {
        if name.ends_with(".html") {
            assert!(page.contains("&lt;b&gt;Names&lt;/b&gt;</title>"), "{name}");
        }
    }
    // Sides by their declared names (escaped), others by their key.
    let issue = &pages["issues/i.html"];
    assert!(
        issue.contains(
            "<dt>&lt;script&gt;window.__pwned = &#39;side&#39;&lt;/script&gt; &amp; co</dt>"
        ),
        "{issue}"
    );
    assert!(
        issue.contains("<dt>&lt;i&gt;rogue&lt;/i&gt;</dt>"),
        "{issue}"
    );
    // The curator's note is labelled; backlinks name their passage.
    let article = &pages["articles/a.html"];
    assert!(
        article.contains("<h2>Curator’s note</h2><p>Kept &lt;i&gt;verbatim&lt;/i&gt;.</p>"),
        "{article}"
    );
    assert!(
        article
            .contains("class=\"back\">Passage 1 (“SAG-AFTRA, the “union””)</a> is cited by event"),
        "{article}"
    );
    assert!(
        !pages
            .values()
            .any(|p| p.contains("<script") || p.contains("<i>") || p.contains("<b>"))
    );
    // JSON and Markdown use the declaration too.
    let v = parse(&json::render(&d));
    assert_eq!(str_of(&v["dossier"], "lang"), "ar");
    assert_eq!(str_of(&v["dossier"], "dir"), "rtl");
    let sides = arr(&v["dossier"], "sides");
    assert_eq!(str_of(&sides[0], "side"), "union");
    assert_eq!(
        str_of(&sides[0], "name"),
        "<script>window.__pwned = 'side'</script> & co"
    );
    let positions = arr(&arr(&v, "issues")[0], "positions");
    let names: Vec<&str> = positions.iter().map(|p| str_of(p, "side_name")).collect();
    assert!(
        names.contains(&"<script>window.__pwned = 'side'</script> & co"),
        "{names:?}"
    );
    let md = markdown::render(&d);
    assert!(
        md.contains("- **\\<script\\>window.\\_\\_pwned \\= 'side'\\</script\\> \\& co:** U"),
        "{md}"
    );
    markdown_is_inert(&d);
    // A language tag or direction that is not one is an error.
    for (field, value) in [("lang", "en\\\" onload=\\\"x"), ("dir", "sideways")] {
        let bad = dir.join(format!("bad-{field}"));
        write_dossier(
            &bad,
            vec![(
                "dossier.toml".into(),
                format!("title = \"T\"\n{field} = \"{value}\"\n").into_bytes(),
            )],
        );
        let d = load_dir(&bad);
        assert_eq!(d.errors(), 1, "{field}: {:?}", d.problems);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The characters `start..end` of `text`, as Python's `text[start:end]`.
fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars()
        .skip(start)
        .take(end.saturating_sub(start))
        .collect()
}

/// Every byte range of the JSON export has its range in characters beside
/// it, and both give the same text: passages, shown parts, backlinks and
/// links in prose, on the bundled, reader and hostile dossiers (whose
/// curly quotes, dashes and wide characters make bytes and characters differ).
#[test]
fn json_offsets_in_characters_give_the_same_text_as_bytes() {
    let reader = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");
    let mut differ = 0;
    for d in [
        dossier::bundled::load_bundled(),
        load_dir(Path::new(reader)),
        load_dir(Path::new(HOSTILE)),
    ] {
        let v = parse(&json::render_with(
            &d,
            &dossier::export::excerpt::plan(&d, true),
        ));
        let texts: BTreeMap<&str, &str> = arr(&v, "articles")
            .iter()
            .map(|a| (str_of(a, "id"), str_of(a, "text")))
            .collect();
        let check = |text: &str, o: &Value| {
            let (b0, b1) = (num(o, "start"), num(o, "end"));
            let (c0, c1) = (num(o, "start_char"), num(o, "end_char"));
            assert_eq!(char_slice(text, c0, c1), text[b0..b1], "{o}");
            (b0, c0) != (b1, c1) && b0 != c0
        };
        for entry in arr(&v, "events").iter().chain(arr(&v, "issues")) {
            let mut sources: Vec<&Value> = arr(entry, "sources").iter().collect();
            if let Some(ps) = entry["positions"].as_array() {
                sources.extend(ps.iter().flat_map(|p| arr(p, "sources")));
            }
            for s in sources {
                let text = texts[str_of(s, "article")];
                differ += usize::from(check(text, s));
                let (c0, c1) = (num(s, "start_char"), num(s, "end_char"));
                assert_eq!(char_slice(text, c0, c1), str_of(s, "passage"));
            }
            for l in arr(entry, "links") {
                let path: Vec<&str> = str_of(l, "field").split('.').collect();
                let mut field = entry;
                for p in path {
                    field = match p.parse::<usize>() {
                        Ok(k) => &field[k],
                        Err(_) => &field[p],
                    };
                }
                check(field.as_str().expect("a text field"), l);
            }
        }
        for a in arr(&v, "articles") {
            let text = str_of(a, "text");
            for o in arr(a, "shown").iter().chain(arr(a, "cited_by")) {
                check(text, o);
            }
        }
    }
    assert!(
        differ > 100,
        "few passages where bytes and characters differ: {differ}"
    );
}

/// The pandas example of docs/export.md runs on the bundled dossier's export
/// and finds every passage by its character offsets, when python3 has
/// pandas (skipped otherwise).
#[test]
fn the_pandas_example_in_the_docs_runs() {
    let has_pandas = Command::new("python3")
        .args(["-c", "import pandas"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_pandas {
        eprintln!("skipping the pandas example: python3 with pandas is not installed");
        return;
    }
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/export.md"))
        .expect("docs/export.md");
    let start = doc.find("```python\n").expect("a python example") + "```python\n".len();
    let example = &doc[start..start + doc[start..].find("```").expect("its end")];
    assert_eq!(example.lines().count(), 5, "{example}");
    let dir = temp("pandas");
    ok(&run(&[
        "export",
        "--format",
        "json",
        "--full-text",
        "--output",
        s(&dir.join("out")),
    ]));
    let script = format!(
        "{example}assert len(df) > 50, len(df)\nassert (df.found == df.passage).all()\nprint(df.groupby('article').day.agg(['min', 'max', 'count']))\n"
    );
    let o = Command::new("python3")
        .args(["-c", &script])
        .current_dir(&dir)
        .output()
        .expect("python3 runs");
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether `c` is an e-mail address as the Markdown export sets it in code.
fn is_email(c: &str) -> bool {
    c.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && c.chars()
                .all(|ch| ch.is_alphanumeric() || "@.+-_".contains(ch))
    })
}

/// The Markdown export as GitHub renders it: cmark-gfm with GitHub's
/// extensions, raw HTML let through (so any the content started shows).
/// `None` when cmark-gfm is not installed (a failure in CI).
fn cmark_gfm(md: &str) -> Option<String> {
    use std::io::Write as _;
    let child = Command::new("cmark-gfm")
        .args([
            "--unsafe",
            "-e",
            "autolink",
            "-e",
            "footnotes",
            "-e",
            "table",
            "-e",
            "strikethrough",
            "-e",
            "tasklist",
            "-e",
            "tagfilter",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(!ci, "cmark-gfm is missing in CI (.ci/run installs it)");
        eprintln!("skipping: cmark-gfm is not installed (apt-get install cmark-gfm)");
        return None;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(md.as_bytes())
        .expect("write");
    let o = child.wait_with_output().expect("cmark-gfm runs");
    assert!(o.status.success());
    Some(String::from_utf8(o.stdout).expect("utf-8"))
}

/// GitHub's renderer (cmark-gfm) makes no link, element or code of the
/// content's: e-mail addresses, `www.` and bare URLs in content stay text;
/// every link is to a heading, a footnote, an article's http(s) address or
/// the outlet's page at a passage; and no word carries a needless `\-`.
#[test]
fn markdown_renders_as_github_renders_it_with_no_link_from_content() {
    let dir = temp("cmark");
    write_dossier(&dir, hostile_names());
    let names = load_dir(&dir);
    for d in [
        dossier::bundled::load_bundled(),
        load_dir(Path::new(HOSTILE)),
        names,
    ] {
        let md = markdown::render(&d);
        let Some(html) = cmark_gfm(&md) else {
            return;
        };
        let mut allowed: BTreeSet<String> = d
            .articles
            .iter()
            .filter_map(|a| a.url.as_deref())
            .filter_map(dossier::export::safe_url)
            .map(|u| u.into_owned())
            .collect();
        for e in &d.events {
            for s in &e.sources {
                allowed.extend(dossier::export::passage_url(
                    d.article(s.article),
                    dossier::export::passage(&d, s),
                ));
            }
        }
        for i in &d.issues {
            for s in i
                .sources
                .iter()
                .chain(i.positions.iter().flat_map(|p| &p.sources))
            {
                allowed.extend(dossier::export::passage_url(
                    d.article(s.article),
                    dossier::export::passage(&d, s),
                ));
            }
        }
        for piece in html.split("<a href=\"").skip(1) {
            let href = piece
                .split('"')
                .next()
                .unwrap_or_default()
                .replace("&amp;", "&");
            assert!(
                href.starts_with('#') || allowed.contains(&href),
                "a link the content made: {href}"
            );
        }
        for tag in html.split('<').skip(1) {
            let name: String = tag
                .trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect();
            assert!(
                [
                    "p", "a", "h1", "h2", "h3", "em", "strong", "ul", "ol", "li", "section", "sup",
                    "code"
                ]
                .contains(&name.as_str()),
                "<{name}> in the rendered export: <{}",
                tag.chars().take(80).collect::<String>()
            );
        }
        for code in html.split("<code>").skip(1) {
            let c = code.split("</code>").next().unwrap_or_default();
            assert!(is_email(c), "code the content started: {c}");
        }
        // No needless escape of a hyphen or a plus inside words.
        for (k, _) in md.match_indices("\\-").chain(md.match_indices("\\+")) {
            let before = md[..k].chars().last();
            assert!(
                before.is_none_or(|c| c == '\n' || c == ' '),
                "a needless escape: {}",
                &md[k.saturating_sub(20)..(k + 20).min(md.len())]
            );
        }
    }
    let md = markdown::render(&load_dir(&dir));
    let html = cmark_gfm(&md).unwrap_or_default();
    assert!(md.contains("SAG-AFTRA"), "{md}");
    assert!(html.contains("<code>mail_x@evil.example</code>"), "{html}");
    assert!(html.contains("&lt;<code>a@b.example</code>&gt;"), "{html}");
    assert!(
        html.contains("www.evil.example and https://evil.example/x"),
        "{html}"
    );
    assert!(!html.contains("mailto:"), "{html}");
    assert!(!html.contains("<li>not a list"), "{html}");
    let _ = std::fs::remove_dir_all(&dir);
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
                "h4",
                "section",
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
        let spans: Vec<_> = a
            .cited_by
            .iter()
            .map(|&c| d.source(c).span.clone())
            .collect();
        let names = dossier::export::html::anchors(&a.text, &spans);
        for name in &names {
            assert_eq!(
                page.matches(&format!("id=\"{name}\"")).count(),
                1,
                "{} {name}",
                a.id
            );
        }
        let distinct: BTreeSet<(usize, usize)> = spans.iter().map(|r| (r.start, r.end)).collect();
        assert_eq!(page.matches(" id=\"p-").count(), distinct.len(), "{}", a.id);
    }
    // Standard output cannot take a folder of pages: a usage error.
    let o = run(&[
        "export",
        "--content",
        HOSTILE,
        "--format",
        "html",
        "--output",
        "-",
    ]);
    assert_eq!(o.status.code(), Some(2));
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
