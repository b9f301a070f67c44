//! Links in prose, as the loader reads them: found in the string TOML
//! decoded, placed back at their line and column in the file (through
//! escapes and line continuations), checked against every id, and finally
//! turned into [`Prose`] once every entry has its index.
//!
//! The syntax: `[[id]]`, `[[kind:id]]` (kind `event`, `issue` or
//! `article`), and either with `|shown text` before the closing `]]`.

use std::ops::Range;

use toml::Spanned;

use super::code::Code;
use super::model::EntityRef;
use super::names::Names;
use super::pending::Pending;
use super::position::locate_all;
use super::problem::{Problem, Severity};
use super::prose::{Prose, ProseLink};
use super::suggest;

/// The kinds of entry a link may name, in the order messages list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Target {
    Event,
    Issue,
    Article,
}

impl Target {
    pub(crate) const ALL: [Target; 3] = [Target::Event, Target::Issue, Target::Article];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Target::Event => "event",
            Target::Issue => "issue",
            Target::Article => "article",
        }
    }

    fn from_name(name: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == name)
    }

    fn slot(self) -> usize {
        self as usize
    }
}

/// One `[[...]]` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RefDraft {
    /// Byte range of the whole `[[...]]` in the decoded string.
    pub range: Range<usize>,
    /// The kind written before `:`, if any.
    pub kind: Option<Target>,
    pub id: String,
    /// The text after `|`, trimmed.
    pub label: Option<String>,
    /// Where the `[[` is in the file: line and column, from 1.
    pub pos: (usize, usize),
    /// Set by [`check`]: the kind of entry the id names, when it names one.
    pub resolved: Option<Target>,
}

/// A prose field as written: the decoded string and its links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct ProseDraft {
    pub text: String,
    pub refs: Vec<RefDraft>,
}

const SYNTAX_HELP: &str = "a link is `[[id]]`, `[[kind:id]]` (kind `event`, `issue` or `article`), or either with `|shown text` before `]]`";

/// Finds the links of one prose value. `file` is the whole file as read,
/// and the value's span is in it (quotes included). Problems in the links'
/// syntax go to `pending`; a link with one is left as plain text.
pub(crate) fn scan(file: &str, value: Spanned<String>, pending: &mut Vec<Pending>) -> ProseDraft {
    let span = value.span();
    let text = value.into_inner();
    if memchr::memmem::find(text.as_bytes(), b"[[").is_none() {
        return ProseDraft {
            text,
            refs: Vec::new(),
        };
    }
    let raw = file.get(span.clone()).unwrap_or("");
    let mut parsed = Vec::new();
    let mut errors = Vec::new();
    parse(&text, &mut parsed, &mut errors);
    // Every offset to place, in the decoded string: links first, then errors.
    let offsets: Vec<usize> = parsed
        .iter()
        .map(|r: &Parsed| r.range.start)
        .chain(errors.iter().map(|e: &(usize, String, Option<String>)| e.0))
        .collect();
    let in_file: Vec<usize> = match raw_offsets(raw, &text, &offsets) {
        Some(raw_at) => raw_at.into_iter().map(|o| o + span.start).collect(),
        // A string this code cannot follow: the value's start is the best place.
        None => vec![span.start; offsets.len()],
    };
    let (link_at, error_at) = in_file.split_at(parsed.len());
    for ((_, message, help), &at) in errors.into_iter().zip(error_at) {
        pending.push(Pending::error(Code::BadLink, Some(at), message).help(help));
    }
    // Links are placed now: the file's text may be gone when they are checked.
    let link_places = if link_at.is_empty() {
        Vec::new()
    } else {
        locate_all(file.as_bytes(), link_at)
    };
    let refs = parsed
        .into_iter()
        .zip(link_places)
        .map(|(p, pos)| RefDraft {
            range: p.range,
            kind: p.kind,
            id: p.id,
            label: p.label,
            pos,
            resolved: None,
        })
        .collect();
    ProseDraft { text, refs }
}

/// A link as parsed from the decoded string.
struct Parsed {
    range: Range<usize>,
    kind: Option<Target>,
    id: String,
    label: Option<String>,
}

/// Every `[[...]]` of `text`: the well-formed ones to `out`, the others to
/// `errors` (offset of the `[[`, message, help).
fn parse(text: &str, out: &mut Vec<Parsed>, errors: &mut Vec<(usize, String, Option<String>)>) {
    let mut from = 0;
    while let Some(found) = memchr::memmem::find(&text.as_bytes()[from..], b"[[") {
        let start = from + found;
        let inner_start = start + 2;
        let Some(len) = memchr::memmem::find(&text.as_bytes()[inner_start..], b"]]") else {
            errors.push((
                start,
                "link not closed: `[[` without `]]`".to_string(),
                Some(SYNTAX_HELP.to_string()),
            ));
            return;
        };
        let end = inner_start + len + 2;
        let inner = &text[inner_start..inner_start + len];
        let written = crate::text::truncate(&fold(&text[start..end]), 60);
        match parse_inner(inner) {
            Ok((kind, id, label)) => out.push(Parsed {
                range: start..end,
                kind,
                id,
                label,
            }),
            Err(why) => errors.push((
                start,
                format!("bad link `{written}`: {why}"),
                Some(SYNTAX_HELP.to_string()),
            )),
        }
        from = end;
    }
}

/// Whitespace runs as one space, for messages.
fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

type Inner = (Option<Target>, String, Option<String>);

fn parse_inner(inner: &str) -> Result<Inner, String> {
    if inner.contains("[[") {
        return Err("a link cannot hold another `[[`".to_string());
    }
    let (target, label) = match inner.split_once('|') {
        Some((t, l)) => {
            let l = fold(l);
            if l.is_empty() {
                return Err("the text after `|` is empty".to_string());
            }
            (t, Some(l))
        }
        None => (inner, None),
    };
    let target = target.trim();
    let (kind, id) = match target.split_once(':') {
        Some((k, id)) => match Target::from_name(k.trim()) {
            Some(kind) => (Some(kind), id.trim()),
            None => {
                return Err(format!(
                    "unknown kind `{}` (the kinds are `event`, `issue` and `article`)",
                    fold(k)
                ));
            }
        },
        None => (None, target),
    };
    if id.is_empty() {
        return Err("no id".to_string());
    }
    if !super::is_valid_id(id) {
        return Err(format!(
            "`{}` is not an id (lowercase letters, digits and hyphens)",
            fold(id)
        ));
    }
    Ok((kind, id.to_string(), label))
}

/// Where each offset of the decoded `value` is in `raw`, the TOML source of
/// the string (quotes included): escapes, line continuations, the trimmed
/// first newline of a multi-line string and CRLF line ends are followed.
/// `None` when `raw` does not decode to `value` as this reads it.
/// `offsets` may come in any order; each must be a character boundary.
pub(crate) fn raw_offsets(raw: &str, value: &str, offsets: &[usize]) -> Option<Vec<usize>> {
    let (open, basic) = if raw.starts_with("\"\"\"") {
        (3, true)
    } else if raw.starts_with("'''") {
        (3, false)
    } else if raw.starts_with('"') {
        (1, true)
    } else if raw.starts_with('\'') {
        (1, false)
    } else {
        return None;
    };
    let multi = open == 3;
    let rb = raw.as_bytes();
    let vb = value.as_bytes();
    let mut i = open;
    if multi {
        // A newline right after the opening delimiter is not part of the string.
        if rb.get(i) == Some(&b'\n') {
            i += 1;
        } else if rb.get(i..i + 2) == Some(b"\r\n") {
            i += 2;
        }
    }
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&k| offsets[k]);
    let mut out = vec![0; offsets.len()];
    let mut next = 0;
    let mut j = 0;
    loop {
        // A line-ending backslash, and all whitespace after it (line breaks
        // included), is not part of the string: skipped before placing, so
        // that a place is that of the character itself.
        if basic && multi && rb.get(i) == Some(&b'\\') {
            let mut k = i + 1;
            while matches!(rb.get(k), Some(b' ' | b'\t')) {
                k += 1;
            }
            if matches!(rb.get(k), Some(b'\n' | b'\r')) {
                i = k;
                while matches!(rb.get(i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
                    i += 1;
                }
                continue;
            }
        }
        while next < order.len() && offsets[order[next]] <= j {
            if offsets[order[next]] < j {
                return None;
            }
            out[order[next]] = i;
            next += 1;
        }
        if j >= vb.len() || next == order.len() {
            break;
        }
        if basic && rb.get(i) == Some(&b'\\') {
            let c = *rb.get(i + 1)?;
            let simple = match c {
                b'b' => Some(0x08),
                b't' => Some(b'\t'),
                b'n' => Some(b'\n'),
                b'f' => Some(0x0c),
                b'r' => Some(b'\r'),
                b'e' => Some(0x1b),
                b'"' => Some(b'"'),
                b'\\' => Some(b'\\'),
                _ => None,
            };
            if let Some(byte) = simple {
                if vb[j] != byte {
                    return None;
                }
                i += 2;
                j += 1;
                continue;
            }
            let digits = match c {
                b'x' => 2,
                b'u' => 4,
                b'U' => 8,
                _ => return None,
            };
            let hex = raw.get(i + 2..i + 2 + digits)?;
            let ch = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
            let mut buf = [0; 4];
            let enc = ch.encode_utf8(&mut buf).as_bytes();
            if vb.get(j..j + enc.len()) != Some(enc) {
                return None;
            }
            i += 2 + digits;
            j += enc.len();
            continue;
        }
        if multi && rb.get(i..i + 2) == Some(b"\r\n") {
            // CRLF in the file: kept or made LF by the parser.
            if vb.get(j..j + 2) == Some(b"\r\n") {
                j += 2;
            } else if vb[j] == b'\n' {
                j += 1;
            } else {
                return None;
            }
            i += 2;
            continue;
        }
        let ch = raw.get(i..)?.chars().next()?;
        let len = ch.len_utf8();
        if vb.get(j..j + len) != rb.get(i..i + len) {
            return None;
        }
        i += len;
        j += len;
    }
    (next == order.len()).then_some(out)
}

/// Every id with a file, per kind, for checking links: sorted lists for
/// suggestions and sets for lookups.
///
/// Its lists and sets are made the first time a link is checked: most
/// dossiers have few links, and 100,000 ids hashed for none cost a large
/// dossier's first screen several milliseconds.
pub(crate) struct Known<'a> {
    ids: [&'a Names; 3],
    made: std::cell::OnceCell<Made<'a>>,
}

/// The ids of each kind, sorted, and as sets.
struct Made<'a> {
    lists: [Vec<&'a str>; 3],
    sets: [crate::content::ids::IdSet<&'a str>; 3],
}

impl<'a> Known<'a> {
    /// From the ids of each kind, in the order of [`Target::ALL`].
    pub(crate) fn new(events: &'a Names, issues: &'a Names, articles: &'a Names) -> Self {
        Known {
            ids: [events, issues, articles],
            made: std::cell::OnceCell::new(),
        }
    }

    fn made(&self) -> &Made<'a> {
        self.made.get_or_init(|| {
            let lists = self.ids.map(|l| {
                let mut v: Vec<&str> = l.iter().collect();
                v.sort_unstable();
                v.dedup();
                v
            });
            let sets = lists.each_ref().map(|l| l.iter().copied().collect());
            Made { lists, sets }
        })
    }

    fn kinds_of(&self, id: &str) -> Vec<Target> {
        let made = self.made();
        Target::ALL
            .into_iter()
            .filter(|t| made.sets[t.slot()].contains(id))
            .collect()
    }
}

/// Checks every link of a prose field against the ids with a file, setting
/// each link's `resolved` kind; returns the problems, in `path`.
pub(crate) fn check(known: &Known, path: &str, draft: &mut ProseDraft) -> Vec<Problem> {
    let mut problems = Vec::new();
    for r in &mut draft.refs {
        let id = r.id.as_str();
        let kinds = known.kinds_of(id);
        let error = |message: String, help: Option<String>| Problem {
            severity: Severity::Error,
            code: Code::BadLink,
            path: path.to_string(),
            position: Some(r.pos),
            message,
            help,
        };
        match r.kind {
            Some(kind) if kinds.contains(&kind) => r.resolved = Some(kind),
            Some(kind) => {
                let help = match kinds.first() {
                    Some(other) => Some(format!(
                        "`{id}` is an {}: write `[[{}:{id}]]`",
                        other.name(),
                        other.name()
                    )),
                    None => suggest::closest(id, known.made().lists[kind.slot()].iter().copied())
                        .map(|s| format!("did you mean `[[{}:{s}]]`?", kind.name())),
                };
                problems.push(error(
                    format!("unknown {} `{id}` in link", kind.name()),
                    help,
                ));
            }
            None => match kinds.as_slice() {
                [kind] => r.resolved = Some(*kind),
                [] => {
                    let all = known.made().lists.iter().flatten().copied();
                    let help =
                        suggest::closest(id, all).map(|s| format!("did you mean `[[{s}]]`?"));
                    problems.push(error(
                        format!("unknown id `{id}` in link: no event, issue or article has it"),
                        help,
                    ));
                }
                several => {
                    let names: Vec<String> = several.iter().map(|k| k.name().to_string()).collect();
                    let forms: Vec<String> = several
                        .iter()
                        .map(|k| format!("`[[{}:{id}]]`", k.name()))
                        .collect();
                    problems.push(error(
                        format!(
                            "ambiguous link `[[{id}]]`: `{id}` is both {}",
                            join_and(&names)
                        ),
                        Some(format!("name the kind: {}", join_or(&forms))),
                    ));
                }
            },
        }
    }
    problems
}

fn join_and(items: &[String]) -> String {
    let with_article: Vec<String> = items.iter().map(|k| format!("an {k}")).collect();
    match with_article.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => with_article.join(""),
    }
}

fn join_or(items: &[String]) -> String {
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => items.join(""),
    }
}

/// What a link names and its title as shown, by kind and id.
pub(crate) type Lookup<'a> = dyn Fn(Target, &str) -> Option<(EntityRef, String)> + 'a;

/// The prose a reader sees: each resolved link replaced by its shown text;
/// `lookup` gives the entry a link names and its title as shown, or `None`
/// when the entry is not in the dossier (it failed to load): the link is
/// then plain text, its label or its id.
pub(crate) fn build(draft: ProseDraft, lookup: &Lookup) -> Prose {
    if draft.refs.is_empty() {
        return Prose::from(draft.text);
    }
    let mut text = String::with_capacity(draft.text.len());
    let mut links = Vec::with_capacity(draft.refs.len());
    let mut at = 0;
    for r in draft.refs {
        text.push_str(draft.text.get(at..r.range.start).unwrap_or(""));
        at = r.range.end;
        let found = r.resolved.and_then(|kind| lookup(kind, &r.id));
        match found {
            Some((target, title)) => {
                let start = text.len();
                text.push_str(r.label.as_deref().unwrap_or(&title));
                links.push(ProseLink {
                    range: start..text.len(),
                    target,
                });
            }
            None => text.push_str(r.label.as_deref().unwrap_or(&r.id)),
        }
    }
    text.push_str(draft.text.get(at..).unwrap_or(""));
    Prose::from_parts(text, links)
}

/// How an article is named in prose: `Outlet, “Headline”`, or the headline
/// alone when the outlet is not known.
pub fn article_title(outlet: Option<&str>, title: &str) -> String {
    match outlet {
        Some(o) => format!("{o}, “{title}”"),
        None => title.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value of `v` in `toml` and its links, as the loader scans them,
    /// with the problems found as printed.
    fn scan_v(toml: &str) -> (ProseDraft, Vec<String>) {
        #[derive(serde::Deserialize)]
        struct One {
            v: Spanned<String>,
        }
        let one: One = toml::from_str(toml).expect("TOML with v");
        let mut pending = Vec::new();
        let d = scan(toml, one.v, &mut pending);
        let found = crate::content::pending::locate("f.toml", toml.as_bytes(), pending);
        (d, found.iter().map(|p| p.to_string()).collect())
    }

    fn places(toml: &str) -> Vec<(usize, usize)> {
        let (d, found) = scan_v(toml);
        assert_eq!(found, Vec::<String>::new());
        d.refs.iter().map(|r| r.pos).collect()
    }

    #[test]
    fn every_form_of_string_places_links_where_they_are_written() {
        // Basic, with escapes before the links.
        assert_eq!(
            places("v = \"a\\t\\\"q\\\" \\u00e9\\U0001F600 [[x]] and [[issue:y|Y]]\"\n"),
            [(1, 32), (1, 42)]
        );
        // Literal: no escapes.
        assert_eq!(places("v = 'a\\t [[x]]'\n"), [(1, 10)]);
        // Multi-line basic: the first newline trimmed, line continuations, escapes.
        let t =
            "\n\nv = \"\"\"\nfirst \\\n    second\\n [[x]] \\\n\n   \\\"third\\\" [[y]]\"\"\"\n";
        assert_eq!(places(t), [(5, 14), (7, 14)]);
        // Multi-line literal.
        assert_eq!(places("v = '''\none\n  two [[x]]'''\n"), [(3, 7)]);
        // Multi-line literal right after the delimiter, and CRLF line ends.
        assert_eq!(
            places("v = '''[[x]]\r\nnext [[y]]'''\r\n"),
            [(1, 8), (2, 6)]
        );
        assert_eq!(places("v = \"\"\"\r\n\\\r\n  é [[x]]\"\"\"\r\n"), [(3, 5)]);
        // A link right after a line continuation is placed at its `[[`.
        assert_eq!(places("v = \"\"\"\nsee \\  \n\n  [[x]]\"\"\"\n"), [(4, 3)]);
        // Characters wider than one byte count as one column.
        assert_eq!(places("v = \"“é” [[x]]\"\n"), [(1, 10)]);
    }

    #[test]
    fn the_three_forms_parse() {
        let (d, _) = scan_v("v = \"[[a]] [[event:b-2]] [[c |  the  C ]]\"\n");
        let got: Vec<(Option<Target>, &str, Option<&str>)> = d
            .refs
            .iter()
            .map(|r| (r.kind, r.id.as_str(), r.label.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                (None, "a", None),
                (Some(Target::Event), "b-2", None),
                (None, "c", Some("the C")),
            ]
        );
        assert_eq!(&d.text[d.refs[1].range.clone()], "[[event:b-2]]");
    }

    #[test]
    fn bad_links_are_reported_at_their_place() {
        let (d, found) =
            scan_v("v = \"\"\"\n[[]] [[Bad Id]] [[place:x]] [[x|]]\n  [[x [[y]] [[open\"\"\"\n");
        let messages: Vec<&str> = found
            .iter()
            .map(|p| p.split("\n  help").next().unwrap_or(""))
            .collect();
        assert_eq!(
            messages,
            [
                "f.toml:2:1: error: bad link `[[]]`: no id",
                "f.toml:2:6: error: bad link `[[Bad Id]]`: `Bad Id` is not an id (lowercase letters, digits and hyphens)",
                "f.toml:2:17: error: bad link `[[place:x]]`: unknown kind `place` (the kinds are `event`, `issue` and `article`)",
                "f.toml:2:29: error: bad link `[[x|]]`: the text after `|` is empty",
                "f.toml:3:3: error: bad link `[[x [[y]]`: a link cannot hold another `[[`",
                "f.toml:3:13: error: link not closed: `[[` without `]]`",
            ]
        );
        assert!(
            found[0].ends_with(&format!("help: {SYNTAX_HELP}")),
            "{found:?}"
        );
        assert!(d.refs.is_empty());
    }

    #[test]
    fn a_string_that_cannot_be_followed_points_at_its_start() {
        assert_eq!(raw_offsets("\"a\\q\"", "a?", &[2]), None);
        assert_eq!(raw_offsets("\"a\\q\"", "a?", &[1]), Some(vec![2]));
        assert_eq!(raw_offsets("x", "x", &[0]), None);
        assert_eq!(raw_offsets("'ab'", "ab", &[2]), Some(vec![3]));
    }

    fn known() -> (Names, Names, Names) {
        let s = |l: &[&str]| l.iter().collect::<Names>();
        (
            s(&["talks-open", "shared"]),
            s(&["wages", "shared"]),
            s(&["variety-deal"]),
        )
    }

    fn check_one(text: &str) -> (Vec<Option<Target>>, Vec<String>) {
        let (e, i, a) = known();
        let k = Known::new(&e, &i, &a);
        let toml = format!("v = {text:?}\n");
        let (mut d, found) = scan_v(&toml);
        assert!(found.is_empty(), "{found:?}");
        let problems = check(&k, "f.toml", &mut d);
        (
            d.refs.iter().map(|r| r.resolved).collect(),
            problems.iter().map(|p| p.to_string()).collect(),
        )
    }

    #[test]
    fn ids_are_checked_with_suggestions() {
        assert_eq!(
            check_one("[[talks-open]] [[issue:wages]] [[article:variety-deal|it]]"),
            (
                vec![
                    Some(Target::Event),
                    Some(Target::Issue),
                    Some(Target::Article)
                ],
                vec![]
            )
        );
        assert_eq!(
            check_one("x [[talks-opn]]").1,
            [
                "f.toml:1:8: error: unknown id `talks-opn` in link: no event, issue or article has it\n  help: did you mean `[[talks-open]]`?"
            ]
        );
        assert_eq!(
            check_one("[[issue:wage]] [[event:wages]]").1,
            [
                "f.toml:1:6: error: unknown issue `wage` in link\n  help: did you mean `[[issue:wages]]`?",
                "f.toml:1:21: error: unknown event `wages` in link\n  help: `wages` is an issue: write `[[issue:wages]]`",
            ]
        );
        assert_eq!(
            check_one("[[shared]] [[event:shared]]"),
            (
                vec![None, Some(Target::Event)],
                vec!["f.toml:1:6: error: ambiguous link `[[shared]]`: `shared` is both an event and an issue\n  help: name the kind: `[[event:shared]]` or `[[issue:shared]]`".to_string()]
            )
        );
    }

    #[test]
    fn built_prose_shows_titles_or_labels() {
        let (e, i, a) = known();
        let k = Known::new(&e, &i, &a);
        let toml = "v = \"See [[talks-open]], [[wages|pay]] and [[variety-deal]]; [[shared]].\"\n";
        let (mut d, _) = scan_v(toml);
        let _ = check(&k, "f.toml", &mut d);
        let lookup = |t: Target, id: &str| -> Option<(EntityRef, String)> {
            use crate::content::model::{ArticleIx, EventIx, IssueIx};
            match (t, id) {
                (Target::Event, "talks-open") => {
                    Some((EntityRef::Event(EventIx(3)), "Talks open".to_string()))
                }
                (Target::Issue, "wages") => Some((EntityRef::Issue(IssueIx(1)), "Wages".into())),
                // Left out of the dossier: plain text.
                (Target::Article, _) => None,
                _ => Some((EntityRef::Article(ArticleIx(0)), "?".into())),
            }
        };
        let p = build(d, &lookup);
        assert_eq!(p.as_str(), "See Talks open, pay and variety-deal; shared.");
        let shown: Vec<&str> = p.links().iter().map(|l| &p[l.range.clone()]).collect();
        assert_eq!(shown, ["Talks open", "pay"]);
        assert_eq!(article_title(Some("Variety"), "Deal"), "Variety, “Deal”");
        assert_eq!(article_title(None, "Deal"), "Deal");
    }

    mod encodings {
        use proptest::prelude::*;

        use super::super::raw_offsets;

        /// A piece of a decoded string: text, or a link to one of a few ids.
        fn piece() -> impl Strategy<Value = String> {
            prop_oneof![
                prop::sample::select(vec![
                    "a", "word", " ", "  ", "\t", "\n", "\"", "\\", "'", "é", "“q”", "😀", "x"
                ])
                .prop_map(str::to_string),
                prop::sample::select(vec!["e", "second-week", "a1"])
                    .prop_map(|id| format!("[[{id}]]")),
            ]
        }

        /// A character as a TOML escape, in lower-case hex for the BMP: the
        /// test's own writer of inputs, not the project's escaper
        /// ([`crate::escape`] writes upper case), so that the parser's
        /// offsets are also checked on escapes the project never writes.
        fn escaped(c: char) -> String {
            if (c as u32) > 0xFFFF {
                format!("\\U{:08X}", c as u32)
            } else {
                format!("\\u{:04x}", c as u32)
            }
        }

        /// `value` written as a TOML string of form 0 (basic), 1 (literal),
        /// 2 (multi-line basic) or 3 (multi-line literal), with escapes and
        /// line continuations where `choices` says; `None` when the form
        /// cannot hold the value.
        fn encode(value: &str, form: u8, choices: &[bool]) -> Option<String> {
            let mut pick = choices.iter().cycle().copied();
            let mut out = String::new();
            match form {
                0 => {
                    out.push('"');
                    for c in value.chars() {
                        match c {
                            '"' => out.push_str("\\\""),
                            '\\' => out.push_str("\\\\"),
                            '\n' => out.push_str("\\n"),
                            '\t' if pick.next()? => out.push_str("\\t"),
                            c if pick.next()? && pick.next()? => out.push_str(&escaped(c)),
                            c => out.push(c),
                        }
                    }
                    out.push('"');
                }
                1 => {
                    if value.contains(['\'', '\n']) {
                        return None;
                    }
                    out = format!("'{value}'");
                }
                2 => {
                    out.push_str("\"\"\"");
                    if pick.next()? || value.starts_with('\n') {
                        out.push('\n');
                    }
                    for (i, c) in value.chars().enumerate() {
                        // A line continuation eats the whitespace after it:
                        // only before a character that is not whitespace.
                        if i > 0 && !c.is_whitespace() && pick.next()? && pick.next()? {
                            out.push_str("\\\n   ");
                        }
                        match c {
                            '"' => out.push_str("\\\""),
                            '\\' => out.push_str("\\\\"),
                            '\n' if pick.next()? => out.push_str("\\n"),
                            '\n' | '\t' => out.push(c),
                            c if pick.next()? && pick.next()? => out.push_str(&escaped(c)),
                            c => out.push(c),
                        }
                    }
                    out.push_str("\"\"\"");
                }
                _ => {
                    if value.contains('\'') {
                        return None;
                    }
                    out.push_str("'''");
                    if pick.next()? || value.starts_with('\n') {
                        out.push('\n');
                    }
                    out.push_str(value);
                    out.push_str("'''");
                }
            }
            Some(out)
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
            #[test]
            fn every_link_maps_to_its_brackets_in_the_file(
                pieces in prop::collection::vec(piece(), 0..24),
                form in 0u8..4,
                choices in prop::collection::vec(any::<bool>(), 1..64),
                crlf in any::<bool>(),
            ) {
                let value: String = pieces.concat();
                let Some(raw) = encode(&value, form, &choices) else {
                    return Ok(());
                };
                let mut doc = format!("x = 1\nv = {raw}\n");
                if crlf {
                    doc = doc.replace('\n', "\r\n");
                }
                #[derive(serde::Deserialize)]
                struct One {
                    v: toml::Spanned<String>,
                }
                let one: One = match toml::from_str(&doc) {
                    Ok(one) => one,
                    Err(e) => return Err(TestCaseError::fail(format!("{e}\n{doc}"))),
                };
                let span = one.v.span();
                let decoded = one.v.into_inner();
                // A multi-line string of a CRLF file may keep its CRs.
                prop_assert_eq!(decoded.replace("\r\n", "\n"), value.clone(), "{}", doc);
                let offsets: Vec<usize> = decoded.match_indices("[[").map(|(i, _)| i).collect();
                let raw_text = &doc[span];
                let mapped = raw_offsets(raw_text, &decoded, &offsets);
                prop_assert!(mapped.is_some(), "{}", raw_text);
                for o in mapped.unwrap_or_default() {
                    // The first `[`, as written or as an escape.
                    let at = raw_text[o..].to_lowercase();
                    prop_assert!(
                        at.starts_with('[') || at.starts_with("\\u005b") || at.starts_with("\\u0000005b"),
                        "{} at {}", raw_text, o
                    );
                }
            }
        }
    }
}
