//! The JSON export: the whole dossier as loaded, with every quote resolved to
//! its byte range and the file's line:column, the derived backlinks and the
//! problems. The schema is versioned and documented in `docs/export.md`.
//! Articles are excerpted (see [`super::excerpt`]): each gives the parts it
//! shows with their offsets into the original text; the whole text only with
//! `--full-text`.

use std::collections::HashMap;

use serde::Serialize;

use super::excerpt::{self, Excerpt};
use super::{article_path, char_offsets, file_positions, passage};
use dossier_core::content::prose::Prose;
use dossier_core::content::{
    Article, Dossier, EntityRef, Event, Issue, PartialDate, Problem, Severity, Source, SourceRef,
};

/// The schema's name, the value of the top-level `schema` field.
pub const SCHEMA: &str = "dossier-export";
/// The schema's version: raised whenever a field changes meaning or goes away.
pub const VERSION: u32 = 2;

/// The export as bytes, articles excerpted as by default: UTF-8 JSON,
/// pretty-printed, ending with a newline.
pub fn render(d: &Dossier) -> Vec<u8> {
    render_with(d, &excerpt::plan(d, false))
}

/// The export as bytes, each article showing what `shown` (in the order of
/// `d.articles`) gives it: its whole `text` only when that is
/// [`excerpt::Kind::Full`].
pub fn render_with(d: &Dossier, shown: &[Excerpt]) -> Vec<u8> {
    let places = places(d);
    let doc = Doc {
        schema: SCHEMA,
        version: VERSION,
        generator: concat!("dossier ", env!("CARGO_PKG_VERSION")),
        dossier: Meta {
            title: &d.meta.title,
            subtitle: d.meta.subtitle.as_deref(),
            description: d.meta.description.as_ref().map(prose),
            links: links(d, vec![("description".into(), d.meta.description.as_ref())]),
            lang: d.meta.lang.as_deref(),
            dir: d.meta.dir.as_deref(),
            sides: d
                .meta
                .sides
                .iter()
                .map(|(side, name)| SideOut { side, name })
                .collect(),
        },
        counts: Counts {
            events: d.events.len(),
            issues: d.issues.len(),
            articles: d.articles.len(),
            errors: d.errors(),
            warnings: d.warnings(),
        },
        events: d
            .events
            .iter()
            .enumerate()
            .map(|(n, e)| event(d, &places, n, e))
            .collect(),
        issues: d
            .issues
            .iter()
            .enumerate()
            .map(|(n, i)| issue(d, &places, n, i))
            .collect(),
        articles: d
            .articles
            .iter()
            .enumerate()
            .map(|(n, a)| article(d, a, shown.get(n)))
            .collect(),
        problems: d.problems.iter().map(problem).collect(),
    };
    // Serialising plain structs of strings and numbers cannot fail.
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// A prose field as exported: the text as shown (each `[[link]]` replaced by
/// its shown text); its links are listed apart, by [`links`].
fn prose(p: &Prose) -> &str {
    p.as_str()
}

/// A link in a prose field: which field, the byte range of its shown text
/// there, and the entry it names.
#[derive(Serialize)]
struct LinkOut<'a> {
    field: String,
    start: usize,
    end: usize,
    /// The same range in characters (Unicode scalar values).
    start_char: usize,
    end_char: usize,
    kind: &'static str,
    id: &'a str,
}

/// An entry named by kind and id.
#[derive(Serialize)]
struct RefOut<'a> {
    kind: &'static str,
    id: &'a str,
}

fn entry(d: &Dossier, r: EntityRef) -> RefOut<'_> {
    match r {
        EntityRef::Event(e) => RefOut {
            kind: "event",
            id: &d.event(e).id,
        },
        EntityRef::Issue(i) => RefOut {
            kind: "issue",
            id: &d.issue(i).id,
        },
        EntityRef::Article(a) => RefOut {
            kind: "article",
            id: &d.article(a).id,
        },
    }
}

/// The links of an entry's prose fields, each field named by its path in
/// the entry's object (`summary`, `positions.0.text`, `sources.1.note`).
fn links<'a>(d: &'a Dossier, fields: Vec<(String, Option<&Prose>)>) -> Vec<LinkOut<'a>> {
    let mut out = Vec::new();
    for (field, p) in fields {
        for l in p.map(Prose::links).unwrap_or_default() {
            let r = entry(d, l.target);
            let text = p.map_or("", Prose::as_str);
            let chars = char_offsets(text, &[l.range.start, l.range.end]);
            out.push(LinkOut {
                field: field.clone(),
                start: l.range.start,
                end: l.range.end,
                start_char: chars[0],
                end_char: chars[1],
                kind: r.kind,
                id: r.id,
            });
        }
    }
    out
}

/// What links to an entry from prose.
fn mentioned_by(d: &Dossier, r: EntityRef) -> Vec<RefOut<'_>> {
    d.mentioned_by(r).iter().map(|&m| entry(d, m)).collect()
}

/// The notes of a list of sources, as prose fields under `prefix`.
fn source_notes<'s>(prefix: &str, sources: &'s [Source]) -> Vec<(String, Option<&'s Prose>)> {
    sources
        .iter()
        .enumerate()
        .map(|(k, s)| (format!("{prefix}sources.{k}.note"), s.note.as_ref()))
        .collect()
}

/// Where each citation's passage starts and ends in its article's file,
/// computed one article at a time (one pass over each text).
/// Each with the passage's range in characters of the article's text.
type Places = HashMap<SourceRef, ([(usize, usize); 2], [usize; 2])>;

fn places(d: &Dossier) -> Places {
    let mut out = HashMap::new();
    for a in &d.articles {
        let offsets: Vec<usize> = a
            .cited_by
            .iter()
            .flat_map(|&c| {
                let s = d.source(c);
                [s.span.start, s.span.end]
            })
            .collect();
        let found = file_positions(a, &offsets);
        let chars = char_offsets(&a.text, &offsets);
        for (k, &c) in a.cited_by.iter().enumerate() {
            out.insert(
                c,
                (
                    [found[2 * k], found[2 * k + 1]],
                    [chars[2 * k], chars[2 * k + 1]],
                ),
            );
        }
    }
    out
}

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    version: u32,
    generator: &'static str,
    dossier: Meta<'a>,
    counts: Counts,
    events: Vec<EventOut<'a>>,
    issues: Vec<IssueOut<'a>>,
    articles: Vec<ArticleOut<'a>>,
    problems: Vec<ProblemOut<'a>>,
}

#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    subtitle: Option<&'a str>,
    description: Option<&'a str>,
    links: Vec<LinkOut<'a>>,
    lang: Option<&'a str>,
    dir: Option<&'a str>,
    sides: Vec<SideOut<'a>>,
}

/// A side dossier.toml declares, with its display name.
#[derive(Serialize)]
struct SideOut<'a> {
    side: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Counts {
    events: usize,
    issues: usize,
    articles: usize,
    errors: usize,
    warnings: usize,
}

#[derive(Serialize)]
struct DateOut {
    iso: String,
    precision: &'static str,
}

fn date(p: PartialDate) -> DateOut {
    DateOut {
        iso: p.iso(),
        precision: match p.precision() {
            dossier_core::content::Precision::Year => "year",
            dossier_core::content::Precision::Month => "month",
            dossier_core::content::Precision::Day => "day",
        },
    }
}

#[derive(Serialize)]
struct EventOut<'a> {
    id: &'a str,
    title: &'a str,
    date: DateOut,
    end: Option<DateOut>,
    /// The date as the reader writes it, with its mark.
    date_text: String,
    /// What is known of the day, in words.
    date_words: String,
    /// `uncertain`, `approximate` or `uncertain and approximate`.
    qualifier: Option<&'static str>,
    /// The weekday the sources give.
    weekday: Option<&'static str>,
    /// The earliest and latest possible day, derived (ISO days).
    earliest: String,
    latest: String,
    /// Its date is a year alone that nothing relates: day not known.
    day_unknown: bool,
    /// Its index in the timeline order.
    order: usize,
    after: Vec<&'a str>,
    before: Vec<&'a str>,
    kind: &'static str,
    issues: Vec<&'a str>,
    summary: &'a str,
    date_note: Option<&'a str>,
    disputed: Option<&'a str>,
    sources: Vec<SourceOut<'a>>,
    links: Vec<LinkOut<'a>>,
    mentioned_by: Vec<RefOut<'a>>,
}

fn event<'a>(d: &'a Dossier, places: &Places, n: usize, e: &'a Event) -> EventOut<'a> {
    EventOut {
        id: &e.id,
        title: &e.title,
        date: DateOut {
            iso: e.date.edtf(),
            precision: e.date.precision_name(),
        },
        end: e.end.map(date),
        date_text: e.dating().label(),
        date_words: e.dating().words(),
        qualifier: e.date.qualifier.map(|q| q.name()),
        weekday: e.weekday.map(dossier_core::content::date::weekday_name),
        earliest: e.bounds.earliest.format("%Y-%m-%d").to_string(),
        latest: e.bounds.latest.format("%Y-%m-%d").to_string(),
        day_unknown: e.bounds.day_unknown,
        order: n,
        after: e.after.iter().map(|&a| d.event(a).id.as_str()).collect(),
        before: e.before.iter().map(|&a| d.event(a).id.as_str()).collect(),
        kind: e.kind.name(),
        issues: e.issues.iter().map(|&i| d.issue(i).id.as_str()).collect(),
        summary: prose(&e.summary),
        date_note: e.date_note.as_ref().map(prose),
        disputed: e.disputed.as_ref().map(prose),
        sources: e
            .sources
            .iter()
            .enumerate()
            .map(|(k, s)| {
                source(
                    d,
                    places,
                    SourceRef::Event(dossier_core::content::EventIx(n), k),
                    s,
                )
            })
            .collect(),
        links: links(d, {
            let mut fields = vec![
                ("summary".to_string(), Some(&e.summary)),
                ("date_note".to_string(), e.date_note.as_ref()),
                ("disputed".to_string(), e.disputed.as_ref()),
            ];
            fields.extend(source_notes("", &e.sources));
            fields
        }),
        mentioned_by: mentioned_by(d, EntityRef::Event(dossier_core::content::EventIx(n))),
    }
}

#[derive(Serialize)]
struct PositionOut<'a> {
    side: &'a str,
    /// As the dossier names the side (declared, or the key with a capital).
    side_name: String,
    text: &'a str,
    sources: Vec<SourceOut<'a>>,
}

#[derive(Serialize)]
struct IssueOut<'a> {
    id: &'a str,
    title: &'a str,
    summary: &'a str,
    status: Option<&'a str>,
    positions: Vec<PositionOut<'a>>,
    related: Vec<&'a str>,
    events: Vec<&'a str>,
    sources: Vec<SourceOut<'a>>,
    links: Vec<LinkOut<'a>>,
    mentioned_by: Vec<RefOut<'a>>,
}

fn issue<'a>(d: &'a Dossier, places: &Places, n: usize, i: &'a Issue) -> IssueOut<'a> {
    IssueOut {
        id: &i.id,
        title: &i.title,
        summary: prose(&i.summary),
        status: i.status.as_ref().map(prose),
        positions: i
            .positions
            .iter()
            .enumerate()
            .map(|(p, position)| PositionOut {
                side: &position.side,
                side_name: d.meta.side_name(&position.side),
                text: prose(&position.text),
                sources: position
                    .sources
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let c = SourceRef::Position(dossier_core::content::IssueIx(n), p, k);
                        source(d, places, c, s)
                    })
                    .collect(),
            })
            .collect(),
        related: i.related.iter().map(|&r| d.issue(r).id.as_str()).collect(),
        events: i.events.iter().map(|&e| d.event(e).id.as_str()).collect(),
        sources: i
            .sources
            .iter()
            .enumerate()
            .map(|(k, s)| {
                source(
                    d,
                    places,
                    SourceRef::Issue(dossier_core::content::IssueIx(n), k),
                    s,
                )
            })
            .collect(),
        links: links(d, {
            let mut fields = vec![
                ("summary".to_string(), Some(&i.summary)),
                ("status".to_string(), i.status.as_ref()),
            ];
            for (p, position) in i.positions.iter().enumerate() {
                fields.push((format!("positions.{p}.text"), Some(&position.text)));
                fields.extend(source_notes(&format!("positions.{p}."), &position.sources));
            }
            fields.extend(source_notes("", &i.sources));
            fields
        }),
        mentioned_by: mentioned_by(d, EntityRef::Issue(dossier_core::content::IssueIx(n))),
    }
}

#[derive(Serialize)]
struct SourceOut<'a> {
    article: &'a str,
    quote: &'a str,
    note: Option<&'a str>,
    /// The passage as it stands in the article's text.
    passage: &'a str,
    /// The article's address at the passage (a text fragment), when it is http(s).
    passage_url: Option<String>,
    start: usize,
    end: usize,
    /// The passage's range in characters (Unicode scalar values) of the text.
    start_char: usize,
    end_char: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn source<'a>(d: &'a Dossier, places: &Places, c: SourceRef, s: &'a Source) -> SourceOut<'a> {
    let ([(line, column), (end_line, end_column)], [start_char, end_char]) = places
        .get(&c)
        .copied()
        .unwrap_or(([(0, 0), (0, 0)], [0, 0]));
    SourceOut {
        article: &d.article(s.article).id,
        quote: &s.quote,
        note: s.note.as_ref().map(prose),
        passage: passage(d, s),
        passage_url: super::passage_url(d.article(s.article), passage(d, s)),
        start: s.span.start,
        end: s.span.end,
        start_char,
        end_char,
        line,
        column,
        end_line,
        end_column,
    }
}

#[derive(Serialize)]
struct CiterOut<'a> {
    kind: &'static str,
    id: &'a str,
    /// For a position's source: the position's index in the issue's `positions`.
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    source: usize,
    start: usize,
    end: usize,
    start_char: usize,
    end_char: usize,
}

#[derive(Serialize)]
struct ArticleOut<'a> {
    id: &'a str,
    path: String,
    title: &'a str,
    outlet: Option<&'a str>,
    published: Option<DateOut>,
    byline: Option<&'a str>,
    url: Option<&'a str>,
    note: Option<&'a str>,
    text_line: usize,
    /// The whole text, only with `--full-text`.
    text: Option<&'a str>,
    /// The parts of the text published, with offsets into the original.
    shown: Vec<PartOut<'a>>,
    /// Words of the text, and of the shown parts.
    words: usize,
    shown_words: usize,
    /// The cited passages alone exceed the cap: shown without context.
    passages_only: bool,
    cited_by: Vec<CiterOut<'a>>,
    links: Vec<LinkOut<'a>>,
    mentioned_by: Vec<RefOut<'a>>,
}

/// A shown part of an article's text: its byte range in the original text.
#[derive(Serialize)]
struct PartOut<'a> {
    start: usize,
    end: usize,
    start_char: usize,
    end_char: usize,
    text: &'a str,
}

fn article<'a>(d: &'a Dossier, a: &'a Article, shown: Option<&Excerpt>) -> ArticleOut<'a> {
    let whole;
    let ex = match shown {
        Some(ex) => ex,
        None => {
            whole = excerpt::excerpt(&a.text, &[]);
            &whole
        }
    };
    // Characters at every offset the article gives: its parts, then its
    // citations' passages.
    let mut offsets: Vec<usize> = ex.parts.iter().flat_map(|r| [r.start, r.end]).collect();
    offsets.extend(a.cited_by.iter().flat_map(|&c| {
        let s = d.source(c);
        [s.span.start, s.span.end]
    }));
    let chars = char_offsets(&a.text, &offsets);
    let parts = ex.parts.len() * 2;
    ArticleOut {
        id: &a.id,
        path: article_path(a),
        title: &a.title,
        outlet: a.outlet.as_deref(),
        published: a.published.map(date),
        byline: a.byline.as_deref(),
        url: a.url.as_deref(),
        note: a.note.as_ref().map(prose),
        links: links(d, vec![("note".into(), a.note.as_ref())]),
        mentioned_by: d
            .find_article(&a.id)
            .map(|ix| mentioned_by(d, EntityRef::Article(ix)))
            .unwrap_or_default(),
        text_line: a.text_line,
        text: (ex.kind == excerpt::Kind::Full).then_some(a.text.as_str()),
        shown: ex
            .parts
            .iter()
            .enumerate()
            .map(|(k, r)| PartOut {
                start: r.start,
                end: r.end,
                start_char: chars[2 * k],
                end_char: chars[2 * k + 1],
                text: a.text.get(r.clone()).unwrap_or_default(),
            })
            .collect(),
        words: ex.words,
        shown_words: ex.shown_words,
        passages_only: ex.kind == excerpt::Kind::PassagesOnly,
        cited_by: a
            .cited_by
            .iter()
            .enumerate()
            .map(|(k, &c)| {
                let s = d.source(c);
                let (kind, id, position, source) = match c {
                    SourceRef::Event(e, k) => ("event", d.event(e).id.as_str(), None, k),
                    SourceRef::Issue(i, k) => ("issue", d.issue(i).id.as_str(), None, k),
                    SourceRef::Position(i, p, k) => ("issue", d.issue(i).id.as_str(), Some(p), k),
                };
                CiterOut {
                    kind,
                    id,
                    position,
                    source,
                    start: s.span.start,
                    end: s.span.end,
                    start_char: chars[parts + 2 * k],
                    end_char: chars[parts + 2 * k + 1],
                }
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct ProblemOut<'a> {
    severity: &'static str,
    path: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
    help: Option<&'a str>,
}

fn problem(p: &Problem) -> ProblemOut<'_> {
    ProblemOut {
        severity: match p.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        path: &p.path,
        line: p.position.map(|(l, _)| l),
        column: p.position.map(|(_, c)| c),
        message: &p.message,
        help: p.help.as_deref(),
    }
}
