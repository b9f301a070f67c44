//! The state file's text: TOML, written by hand so that it reads well and
//! carries a few comments, read back with serde. `docs/state.md` describes it.
//!
//! Reading is lenient inside a file that parses: a list, pane or entry that
//! is not understood is left out (the reader falls back as for an entry that
//! no longer exists). A file that is not TOML, or whose fields have the wrong
//! types, cannot be read at all.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;

use super::seen::Record;
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
    let mut out = String::new();
    out.push_str(
        "# What the dossier reader remembers of one dossier: where you were, what\n\
         # you have read, your bookmarks. Written by the reader, which rewrites it\n\
         # whole; see docs/state.md. Safe to delete: the reader then starts afresh.\n",
    );
    let _ = writeln!(out, "version = {VERSION}");
    let _ = writeln!(out, "dossier = {}", quote(&state.dossier));
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
    if let Some(seen) = &state.seen {
        out.push_str(
            "\n# Each entry as it was when last read (an entry is new when it is\n\
             # missing here, changed when its date, status, sources or texts differ).\n[seen]\n",
        );
        for (id, r) in seen {
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
    }
    out
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
pub fn read(text: &str) -> Result<State, Unreadable> {
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
        seen.into_iter()
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
            .collect()
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
    })
}

#[cfg(test)]
mod tests {
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
            seen: Some(seen),
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
        }
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
        s.seen = Some(BTreeMap::new());
        assert_eq!(read(&write(&s)).unwrap().seen, Some(BTreeMap::new()));
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
}
