//! The state file's text: TOML, written by hand so that it reads well and
//! carries a few comments, read back with serde. `docs/state.md` describes it.
//!
//! Reading is lenient inside a file that parses: a list, pane or entry that
//! is not understood is left out (the reader falls back as for an entry that
//! no longer exists). A file that is not TOML, or whose fields have the wrong
//! types, cannot be read at all.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Deserialize;

use super::seen::{Checksums, Record};
use super::{
    Bookmark, EntryId, ListName, PaneName, PassageRef, PictureMemory, SavedPlace, Spot, State,
};

/// The version of the format written; a file of a later version is not read.
pub const VERSION: u32 = 1;

/// A TOML basic string, quoted and escaped by the project's TOML escaper, so
/// a state file shows no character a terminal would act on.
pub use dossier_core::escape::toml_string as quote;

fn list_name(l: ListName) -> &'static str {
    match l {
        ListName::Timeline => "timeline",
        ListName::Issues => "issues",
        ListName::Articles => "articles",
    }
}

fn pane_name(p: PaneName) -> &'static str {
    match p {
        PaneName::List => "list",
        PaneName::Details => "details",
        PaneName::Article => "article",
    }
}

fn write_spot(out: &mut String, s: &Spot) {
    let _ = writeln!(out, "list = {}", quote(list_name(s.list)));
    let _ = writeln!(out, "focus = {}", quote(pane_name(s.focus)));
    if let Some(e) = &s.entry {
        let _ = writeln!(out, "entry = {}", quote(&e.to_string()));
    }
    let _ = writeln!(out, "row = {}", s.row + 1);
    if let Some(l) = s.link {
        let _ = writeln!(out, "link = {}", l + 1);
    }
    if let Some(a) = &s.article {
        let _ = writeln!(out, "article = {}", quote(a));
        if let Some(p) = &s.passage {
            let side = p
                .side
                .as_ref()
                .map(|side| format!(", side = {}", quote(side)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "passage = {{ cited-by = {}{side}, source = {} }}",
                quote(&p.by.to_string()),
                p.source + 1
            );
        }
        let _ = writeln!(out, "top = {}", s.top);
    }
}

/// The file's text.
pub fn write(state: &State) -> String {
    write_with(state, None)
}

/// The text under `[seen]` for these records, as [`write`] writes it.
pub fn seen_text(seen: &BTreeMap<EntryId, Record>) -> String {
    write_seen(seen)
}

/// [`write`], with the text under `[seen]` made already: from `state.seen`
/// ([`seen_text`]; at 100,000 entries it is 15 MB, made once for saves that
/// follow one another with the same records), or kept from the file, for a
/// state whose records were never read ([`kept_seen`]).
pub fn write_with(state: &State, seen_text: Option<&str>) -> String {
    let mut out = String::new();
    out.push_str(
        "# What the dossier reader remembers of one dossier: where you were, what\n\
         # you have read, your bookmarks. Written by the reader, which rewrites it\n\
         # whole; see docs/state.md. Safe to delete: the reader then starts afresh.\n",
    );
    let _ = writeln!(out, "version = {VERSION}");
    let _ = writeln!(out, "dossier = {}", quote(&state.dossier));
    let made;
    let seen = match (seen_text, &state.seen) {
        (Some(text), _) => Some(text),
        (None, None) => None,
        (None, Some(seen)) => {
            made = write_seen(seen);
            Some(made.as_str())
        }
    };
    if let (Some(c), Some(seen)) = (&state.checksums, &seen) {
        // With a checksum of the records as written below: one edited by
        // hand no longer matches, and the line is not used.
        let own = xxhash_rust::xxh3::xxh3_64(seen.as_bytes());
        let _ = writeln!(
            out,
            "# Checksums for a quicker start (docs/state.md).\nchecksums = \"{:016x}-{:016x}-{own:016x}\"",
            c.records, c.ids
        );
    }
    if let Some(place) = &state.place {
        out.push_str("\n# Where the reader was.\n[place]\n");
        write_spot(&mut out, &place.here);
        for (name, spots) in [("back", &place.back), ("forward", &place.forward)] {
            for s in spots {
                let _ = writeln!(out, "\n[[place.{name}]]");
                write_spot(&mut out, s);
            }
        }
    }
    if let Some(p) = &state.picture {
        out.push_str("\n# The timeline was shown as a picture.\n[picture]\nshown = true\n");
        if let Some(z) = p.per_col_milli {
            let _ = writeln!(out, "days-per-column = {}", f64::from(z) / 1000.0);
        }
        if let Some(f) = p.from {
            let _ = writeln!(out, "from = {}", quote(&f.format("%Y-%m-%d").to_string()));
        }
    }
    for b in &state.bookmarks {
        out.push_str("\n[[bookmarks]]\n");
        match b {
            Bookmark::Entry(e) => {
                let _ = writeln!(out, "entry = {}", quote(&e.to_string()));
            }
            Bookmark::Passage {
                entry,
                article,
                quote: q,
            } => {
                if let Some(e) = entry {
                    let _ = writeln!(out, "entry = {}", quote(&e.to_string()));
                }
                let _ = writeln!(out, "article = {}", quote(article));
                let _ = writeln!(out, "quote = {}", quote(q));
            }
        }
    }
    if let Some(seen) = seen {
        out.push_str(
            "\n# Each entry as it was when last read (an entry is new when it is\n\
             # missing here, changed when its date, status, sources or texts differ).\n[seen]\n",
        );
        out.push_str(seen);
    }
    out
}

/// The records of what was seen, as they follow the line `[seen]`.
fn write_seen(seen: &BTreeMap<EntryId, Record>) -> String {
    let mut out = String::new();
    for (id, r) in seen.iter() {
        let _ = writeln!(out, "[seen.{}]", quote(&id.to_string()));
        if let Some(d) = &r.date {
            let _ = writeln!(out, "date = {}", quote(d));
        }
        if let Some(s) = &r.status {
            let _ = writeln!(out, "status = {}", quote(s));
        }
        if !r.sources.is_empty() {
            let list: Vec<String> = r.sources.iter().map(|s| quote(s)).collect();
            let _ = writeln!(out, "sources = [{}]", list.join(", "));
        }
        if let Some(text) = &r.text {
            let list: Vec<String> = text.iter().map(|s| quote(s)).collect();
            let _ = writeln!(out, "text = [{}]", list.join(", "));
        }
    }
    out
}

/// The text under `[seen]` in the state file's `text`, when the file's
/// checksums are `expected` and the text is the one they were written with:
/// what a save writes again for records it never read.
pub fn kept_seen<'a>(text: &'a str, expected: &Checksums) -> Option<&'a str> {
    let (head, seen) = split_seen(text)?;
    (good_checksums(head, seen)? == *expected).then_some(seen)
}

/// A state file's text split at the line `[seen]`: the lines before it
/// (with the line break before it) and the records after it.
fn split_seen(text: &str) -> Option<(&str, &str)> {
    let at = text.find(SEEN_LINE)?;
    Some((&text[..=at], &text[at + SEEN_LINE.len()..]))
}

/// The checksums of the `checksums` line in `head`, when `seen` is the text
/// they were written with (a file edited by hand, even by a comment, no
/// longer has them).
fn good_checksums(head: &str, seen: &str) -> Option<Checksums> {
    checksums_line(head)
        .filter(|(_, own)| *own == xxhash_rust::xxh3::xxh3_64(seen.as_bytes()))
        .map(|(c, _)| c)
}

/// The checksums of the head's `checksums` line (before any table), with
/// the checksum of the records as they were written.
fn checksums_line(head: &str) -> Option<(Checksums, u64)> {
    let line = head
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| l.strip_prefix("checksums = \""))?;
    let mut parts = line.strip_suffix('"')?.split('-');
    let mut next = || u64::from_str_radix(parts.next()?, 16).ok();
    let (records, ids, own) = (next()?, next()?, next()?);
    Some((Checksums { records, ids }, own))
}

#[derive(Deserialize)]
struct RawFile {
    version: u32,
    dossier: String,
    place: Option<RawPlace>,
    seen: Option<BTreeMap<String, RawRecord>>,
    #[serde(default)]
    bookmarks: Vec<RawBookmark>,
    picture: Option<RawPicture>,
}

#[derive(Deserialize)]
struct RawPicture {
    #[serde(default)]
    shown: bool,
    #[serde(rename = "days-per-column")]
    per_col: Option<f64>,
    from: Option<String>,
}

#[derive(Deserialize)]
struct RawPlace {
    #[serde(flatten)]
    here: RawSpot,
    #[serde(default)]
    back: Vec<RawSpot>,
    #[serde(default)]
    forward: Vec<RawSpot>,
}

#[derive(Deserialize)]
struct RawSpot {
    list: Option<String>,
    focus: Option<String>,
    entry: Option<String>,
    row: Option<usize>,
    link: Option<usize>,
    article: Option<String>,
    passage: Option<RawPassage>,
    top: Option<usize>,
}

#[derive(Deserialize)]
struct RawPassage {
    #[serde(rename = "cited-by")]
    cited_by: String,
    side: Option<String>,
    source: usize,
}

#[derive(Deserialize)]
struct RawRecord {
    date: Option<String>,
    status: Option<String>,
    #[serde(default)]
    sources: Vec<String>,
    /// Absent in a file saved before texts were compared.
    text: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct RawBookmark {
    entry: Option<String>,
    article: Option<String>,
    quote: Option<String>,
}

fn spot(r: RawSpot) -> Spot {
    let list = match r.list.as_deref() {
        Some("issues") => ListName::Issues,
        Some("articles") => ListName::Articles,
        _ => ListName::Timeline,
    };
    let focus = match r.focus.as_deref() {
        Some("details") => PaneName::Details,
        Some("article") => PaneName::Article,
        _ => PaneName::List,
    };
    Spot {
        list,
        focus,
        entry: r.entry.as_deref().and_then(EntryId::parse),
        row: r.row.and_then(|r| r.checked_sub(1)).unwrap_or(0),
        link: r.link.and_then(|l| l.checked_sub(1)),
        article: r.article,
        passage: r.passage.and_then(|p| {
            Some(PassageRef {
                by: EntryId::parse(&p.cited_by)?,
                side: p.side,
                source: p.source.checked_sub(1)?,
            })
        }),
        top: r.top.unwrap_or(0),
    }
}

/// Why a state file cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// `line:col: message`, or the message alone.
    pub why: String,
}

/// Reads a state file's text.
///
/// The `[seen]` section, which the reader writes last with one record per
/// entry of the dossier (a megabyte or more for a large one), is read by
/// [`read_seen`] when it has exactly the shape the reader writes; anything
/// else in it (a comment, an escape, a hand edit) and the whole file goes
/// through the TOML parser, so the result is the same either way.
pub fn read(text: &str) -> Result<State, Unreadable> {
    let parts = split_seen(text);
    let checksums = parts.and_then(|(head, seen)| good_checksums(head, seen));
    if let Some((head, seen)) = parts
        && !head.contains("seen")
        && let Some(records) = read_seen(seen)
        && let Ok(mut state) = read_toml(head)
    {
        state.seen = Some(Arc::new(records));
        state.checksums = checksums;
        return Ok(state);
    }
    read_toml(text).map(|state| State {
        checksums: checksums.filter(|_| state.seen.is_some()),
        ..state
    })
}

/// The line that opens what was seen, with the line break before it.
pub const SEEN_LINE: &str = "\n[seen]\n";

/// The state in the lines before `[seen]` (`head`, up to and with the line
/// break before it), when they hold checksums of what was seen, with the
/// checksum the text after `[seen]` must have for them to be good ([`read`]
/// keeps them only then): for a start that may find nothing changed since,
/// and so never need the records. `None` otherwise, and [`read`] reads the
/// whole file.
pub fn read_head(head: &str) -> Option<(State, u64)> {
    if head.contains("seen") {
        return None;
    }
    let (checksums, own) = checksums_line(head)?;
    let mut state = read_toml(head).ok()?;
    state.checksums = Some(checksums);
    Some((state, own))
}

/// Reads the records after the line `[seen]` as the reader writes them:
/// `[seen."kind:id"]` then `date`, `status`, `sources` and `text`, each at
/// most once, every string free of escapes and control characters.
/// `None` for anything else.
fn read_seen(text: &str) -> Option<BTreeMap<EntryId, Record>> {
    // Gathered in the file's order and made into a map at once: the reader
    // writes them in the map's order, so the map is built with no search
    // per record (at 100,000 entries the searches and a set of the keys
    // seen took a third of the time).
    let mut records: Vec<(EntryId, Record)> = Vec::new();
    // Each key once (TOML refuses a table twice). Distinct keys are
    // distinct entries, so the keys that name an entry are checked by the
    // map; those that name none are kept here.
    let mut others = std::collections::HashSet::new();
    let mut current: Option<(Option<EntryId>, Record)> = None;
    let mut fields = [false; 4];
    let mut finish = |current: Option<(Option<EntryId>, Record)>| {
        if let Some((Some(id), r)) = current {
            records.push((id, r));
        }
    };
    for line in text.split_terminator('\n') {
        if let Some(key) = line
            .strip_prefix("[seen.")
            .and_then(|l| l.strip_suffix(']'))
        {
            let key = plain_string(key)?;
            let id = EntryId::parse(key);
            if id.is_none() && !others.insert(key) {
                return None;
            }
            finish(current.take());
            current = Some((id, Record::default()));
            fields = [false; 4];
            continue;
        }
        let (_, record) = current.as_mut()?;
        let (name, value) = split_assignment(line)?;
        let slot = match name {
            "date" => 0,
            "status" => 1,
            "sources" => 2,
            "text" => 3,
            _ => return None,
        };
        if std::mem::replace(fields.get_mut(slot)?, true) {
            return None;
        }
        match slot {
            0 => record.date = Some(plain_string(value)?.to_string()),
            1 => record.status = Some(plain_string(value)?.to_string()),
            2 => record.sources = plain_list(value)?,
            _ => record.text = Some(plain_list(value)?),
        }
    }
    finish(current);
    // The map keeps one record of a key given twice: then it is smaller.
    let count = records.len();
    let seen: BTreeMap<EntryId, Record> = records.into_iter().collect();
    (seen.len() == count).then_some(seen)
}

/// `name = value` split at its first ` = `.
fn split_assignment(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    let mut from = 0;
    loop {
        let at = from + bytes.get(from..)?.iter().position(|&c| c == b'=')?;
        if at > 0 && bytes.get(at - 1) == Some(&b' ') && bytes.get(at + 1) == Some(&b' ') {
            return Some((line.get(..at - 1)?, line.get(at + 2..)?));
        }
        from = at + 1;
    }
}

/// The content of `"..."` when it has no escape, quote or control character.
fn plain_string(s: &str) -> Option<&str> {
    let inner = s.strip_prefix('"')?.strip_suffix('"')?;
    // Characters are decoded only where a byte may start a control one.
    let suspect = |c: &u8| dossier_core::text::may_start_control(*c) || *c == b'"' || *c == b'\\';
    let plain = !inner.as_bytes().iter().any(suspect)
        || inner
            .chars()
            .all(|c| c != '"' && c != '\\' && !c.is_control());
    plain.then_some(inner)
}

/// `["a", "b"]` (or `[]`) of plain strings.
fn plain_list(s: &str) -> Option<Vec<String>> {
    let inner = s.strip_prefix('[')?.strip_suffix(']')?;
    if inner.is_empty() {
        return Some(Vec::new());
    }
    inner
        .split(", ")
        .map(|item| plain_string(item).map(str::to_string))
        .collect()
}

/// Reads a state file's text with the TOML parser.
fn read_toml(text: &str) -> Result<State, Unreadable> {
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let message = e.message().trim().to_string();
        let why = match e.span() {
            Some(span) => {
                let (line, col) =
                    dossier_core::content::position::locate(text.as_bytes(), span.start);
                format!("{line}:{col}: {message}")
            }
            None => message,
        };
        Unreadable { why }
    })?;
    if raw.version > VERSION {
        return Err(Unreadable {
            why: format!(
                "written by a later version of the reader (format {}, this one reads {VERSION})",
                raw.version
            ),
        });
    }
    let place = raw.place.map(|p| SavedPlace {
        here: spot(p.here),
        back: p.back.into_iter().map(spot).collect(),
        forward: p.forward.into_iter().map(spot).collect(),
    });
    let seen = raw.seen.map(|seen| {
        let seen: BTreeMap<EntryId, Record> = seen
            .into_iter()
            .filter_map(|(k, r)| {
                Some((
                    EntryId::parse(&k)?,
                    Record {
                        date: r.date,
                        status: r.status,
                        sources: r.sources,
                        text: r.text,
                    },
                ))
            })
            .collect();
        Arc::new(seen)
    });
    let bookmarks = raw
        .bookmarks
        .into_iter()
        .filter_map(|b| {
            let entry = b.entry.as_deref().and_then(EntryId::parse);
            match (b.article, b.quote) {
                (Some(article), Some(quote)) if !quote.is_empty() => Some(Bookmark::Passage {
                    entry,
                    article,
                    quote,
                }),
                _ => entry.map(Bookmark::Entry),
            }
        })
        .collect();
    let picture = raw.picture.filter(|p| p.shown).map(|p| PictureMemory {
        per_col_milli: p
            .per_col
            .filter(|z| z.is_finite() && *z > 0.0 && *z < 1e6)
            .map(|z| (z * 1000.0).round() as u32),
        from: p
            .from
            .and_then(|f| chrono::NaiveDate::parse_from_str(&f, "%Y-%m-%d").ok()),
    });
    Ok(State {
        dossier: raw.dossier,
        place,
        seen,
        bookmarks,
        picture,
        checksums: None,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::state::EntryKind;

    fn id(kind: EntryKind, id: &str) -> EntryId {
        EntryId {
            kind,
            id: id.into(),
        }
    }

    pub(crate) fn sample() -> State {
        let here = Spot {
            list: ListName::Issues,
            focus: PaneName::Article,
            entry: Some(id(EntryKind::Issue, "ai")),
            row: 7,
            link: Some(2),
            article: Some("variety-deal".into()),
            passage: Some(PassageRef {
                by: id(EntryKind::Issue, "ai"),
                side: Some("union".into()),
                source: 1,
            }),
            top: 1234,
        };
        let back = Spot {
            entry: Some(id(EntryKind::Event, "strike \"vote\"\n")),
            ..Spot::default()
        };
        let mut seen = BTreeMap::new();
        seen.insert(
            id(EntryKind::Issue, "ai"),
            Record {
                date: None,
                status: Some("Agreed, with “quotes” and \\ and \u{1b}".into()),
                sources: vec!["variety-deal#0011aabb".into()],
                text: Some(vec!["title#0011aabb".into(), "summary#22ee0f00".into()]),
            },
        );
        seen.insert(id(EntryKind::Event, "e1"), Record::default());
        State {
            dossier: "/home/u/dossiers/iatse 2024".into(),
            place: Some(SavedPlace {
                here,
                back: vec![back.clone(), Spot::default()],
                forward: vec![back],
            }),
            seen: Some(Arc::new(seen)),
            bookmarks: vec![
                Bookmark::Entry(id(EntryKind::Event, "e1")),
                Bookmark::Passage {
                    entry: Some(id(EntryKind::Issue, "ai")),
                    article: "variety-deal".into(),
                    quote: "a passage, with \"quotes\"".into(),
                },
                Bookmark::Passage {
                    entry: None,
                    article: "x".into(),
                    quote: "q".into(),
                },
            ],
            picture: Some(PictureMemory {
                per_col_milli: Some(1500),
                from: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
            }),
            checksums: None,
        }
    }

    #[test]
    fn checksums_are_read_back_only_with_the_records_they_were_written_with() {
        let s = State {
            checksums: Some(Checksums {
                records: 0x0123_4567_89ab_cdef,
                ids: 42,
            }),
            ..sample()
        };
        let text = write(&s);
        assert_eq!(read(&text).unwrap(), s);
        // Records with nothing to escape (the sample's have), read without
        // the TOML parser: the same.
        let plain = with_seen(vec![(
            "event:e".into(),
            Record {
                date: Some("d".into()),
                ..Record::default()
            },
        )]);
        let plain = State {
            checksums: s.checksums,
            ..plain
        };
        assert_eq!(read(&write(&plain)).unwrap(), plain);
        // A record edited by hand: the records read are the file's, the
        // checksums are not used.
        let edited = text.replacen("title#0011aabb", "title#0011aabc", 1);
        assert_ne!(edited, text);
        let state = read(&edited).unwrap();
        assert_ne!(state.seen, s.seen);
        assert_eq!(state.checksums, None);
        // A file the TOML parser reads (a comment among the records).
        let commented = text.replacen("[seen.", "# mine\n[seen.", 1);
        let state = read(&commented).unwrap();
        assert_eq!(state.seen, s.seen);
        assert_eq!(state.checksums, None);
        // None written when nothing was seen.
        let none = State {
            seen: None,
            ..s.clone()
        };
        assert!(!write(&none).contains("checksums"));
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let s = sample();
        let text = write(&s);
        assert_eq!(read(&text).unwrap(), s, "{text}");
    }

    #[test]
    fn an_empty_baseline_is_kept_apart_from_none() {
        let mut s = State {
            dossier: "bundled".into(),
            ..State::default()
        };
        assert_eq!(read(&write(&s)).unwrap().seen, None);
        s.seen = Some(Arc::default());
        assert_eq!(read(&write(&s)).unwrap().seen, Some(Arc::default()));
    }

    #[test]
    fn what_is_not_understood_inside_a_good_file_is_left_out() {
        let text = "version = 1\ndossier = \"bundled\"\n[place]\nlist = \"nonsense\"\nentry = \"planet:x\"\n\
                    passage = { cited-by = \"issue:a\", source = 0 }\n[[bookmarks]]\nentry = \"bad\"\n";
        let s = read(text).unwrap();
        let p = s.place.unwrap();
        assert_eq!(p.here.list, ListName::Timeline);
        assert_eq!(p.here.entry, None);
        assert_eq!(p.here.passage, None);
        assert!(s.bookmarks.is_empty());
    }

    #[test]
    fn a_broken_file_says_where() {
        let e = read("version = 1\ndossier = \"bundled\"\n[place\n").unwrap_err();
        assert!(e.why.starts_with("3:"), "{}", e.why);
        let e = read("version = 1\ndossier = 3\n").unwrap_err();
        assert!(e.why.starts_with("2:"), "{}", e.why);
        let e = read("version = 9\ndossier = \"bundled\"\n").unwrap_err();
        assert!(e.why.contains("later version"), "{}", e.why);
        assert!(read("").is_err());
    }

    /// A state with these seen records (`kind:id` keys, some that no
    /// longer parse as entries).
    fn with_seen(records: Vec<(String, Record)>) -> State {
        let mut s = sample();
        s.seen = Some(Arc::new(
            records
                .into_iter()
                .filter_map(|(k, r)| Some((EntryId::parse(&k)?, r)))
                .collect(),
        ));
        s
    }

    #[test]
    fn the_seen_records_read_alike_by_both_ways() {
        let plain = Record {
            date: Some("2023, day not known".into()),
            status: None,
            sources: vec!["a#1f3a09c2".into(), "b#00000000".into()],
            text: Some(vec!["title#9f6bb706".into()]),
        };
        let odd = Record {
            date: Some("a \"quoted\" day, with \\ and \u{7}".into()),
            status: Some("Agreed, then\nratified".into()),
            sources: vec!["x\", \"y".into(), "z, w".into()],
            text: Some(Vec::new()),
        };
        for records in [
            vec![("event:e1".to_string(), plain.clone())],
            vec![
                ("event:e1".to_string(), plain.clone()),
                ("issue:i".to_string(), odd.clone()),
                ("article:a".to_string(), Record::default()),
            ],
        ] {
            let s = with_seen(records);
            let text = write(&s);
            assert_eq!(read(&text), read_toml(&text));
            assert_eq!(read(&text).unwrap(), s);
        }
        // The reader's own plain records take the quick way.
        let text = write(&with_seen(vec![("event:e1".to_string(), plain)]));
        let (_, seen) = text.split_once("\n[seen]\n").unwrap();
        assert_eq!(read_seen(seen).map(|s| s.len()), Some(1));
        // A key that names no entry is left out both ways.
        let text = "version = 1\ndossier = \"bundled\"\n[seen]\n[seen.\"planet:x\"]\ndate = \"d\"\n[seen.\"event:e\"]\ndate = \"d\"\n";
        assert_eq!(read(text), read_toml(text));
        assert_eq!(read(text).unwrap().seen.unwrap().len(), 1);
    }

    #[test]
    fn a_seen_section_edited_by_hand_reads_as_toml_reads_it() {
        let base = "version = 1\ndossier = \"bundled\"\n[seen]\n";
        for tail in [
            // A comment, a blank line, a bare key, spacing of one's own.
            "# mine\n[seen.\"event:e\"]\ndate = \"d\"\n",
            "[seen.\"event:e\"]\n\ndate = \"d\"\n",
            "[seen.event-e]\ndate=\"d\"\n",
            "[seen.\"event:e\"]\ndate = \"d\" # note\n",
            // Fields unknown, repeated, or of another type.
            "[seen.\"event:e\"]\ncolour = \"red\"\n",
            "[seen.\"event:e\"]\ndate = \"d\"\ndate = \"e\"\n",
            "[seen.\"event:e\"]\ndate = 3\n",
            // One entry twice, another table after the records.
            "[seen.\"event:e\"]\n[seen.\"event:e\"]\n",
            // One entry twice with another between, out of the map's order,
            // and a key naming no entry twice.
            "[seen.\"event:e\"]\n[seen.\"article:a\"]\n[seen.\"event:e\"]\ndate = \"d\"\n",
            "[seen.\"planet:x\"]\n[seen.\"event:e\"]\n[seen.\"planet:x\"]\n",
            // Out of the map's order, each once.
            "[seen.\"issue:i\"]\ndate = \"d\"\n[seen.\"event:f\"]\n[seen.\"article:a\"]\n[seen.\"event:e\"]\n",
            // A control character written in two bytes, one that is not.
            "[seen.\"event:e\"]\ndate = \"a\u{85}b\"\n",
            "[seen.\"event:e\"]\ndate = \"\u{a0}é\u{2013}\"\n",
            // An `=` before the one that splits the line.
            "[seen.\"event:e\"]\ndate=x = \"d\"\n",
            "[seen.\"event:e\"]\n[[bookmarks]]\nentry = \"event:e\"\n",
            // A record before any entry, an unclosed list.
            "date = \"d\"\n",
            "[seen.\"event:e\"]\nsources = [\"a\"\n",
        ] {
            let text = format!("{base}{tail}");
            assert_eq!(read(&text), read_toml(&text), "{text}");
        }
        // The head mentions `seen` too: the whole file is TOML's to read.
        let text = "version = 1\ndossier = \"bundled\"\nseen = 1\n[seen]\n";
        assert!(read(text).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_record_reads_back_alike_by_both_ways(
            records in proptest::collection::vec(
                (
                    "(event|issue|article|x):[a-z0-9\"\\\\ ,-]{1,8}",
                    proptest::option::of("[a-z\"\\\\ ,#\\n\\t\u{7}é–-]{0,12}"),
                    proptest::option::of("[a-z ,\"]{0,8}"),
                    proptest::collection::vec("[a-z0-9#\", ]{0,10}", 0..3),
                    proptest::option::of(proptest::collection::vec("[a-z#\\\\]{0,6}", 0..3)),
                ),
                0..6,
            )
        ) {
            let records = records
                .into_iter()
                .map(|(k, date, status, sources, text)| (k, Record { date, status, sources, text }))
                .collect();
            let s = with_seen(records);
            let text = write(&s);
            proptest::prop_assert_eq!(read(&text), read_toml(&text));
            proptest::prop_assert_eq!(read(&text).unwrap(), s);
        }
    }
}
