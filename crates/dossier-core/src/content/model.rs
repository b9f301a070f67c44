//! The loaded dossier: entities, their resolved citations and derived backlinks.
//!
//! Everything here is plain data, built once by the loader. References between
//! entities are indices into the `Dossier` vectors (typed, so an event index
//! cannot be used as an issue index); ids are kept for display and lookup.

use std::collections::HashMap;
use std::ops::Range;

use super::body::Body;
use super::date::{Bounds, Dating, EventDate, PartialDate};
use super::prose::Prose;

pub use super::ids::{ArticleIx, EntityRef, EventIx, IssueIx};

/// What `dossier.toml` says about the dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Meta {
    /// The dossier's title (required).
    pub title: String,
    /// A line under the title.
    pub subtitle: Option<String>,
    /// What the dossier is about, in prose.
    pub description: Option<Prose>,
    /// The language of the content (a BCP 47 tag), when declared.
    pub lang: Option<String>,
    /// The direction of the content's script (`ltr`, `rtl`, `auto`), when declared.
    pub dir: Option<String>,
    /// The sides of the positions, declared in `[sides]`: each key with its
    /// display name, in the file's order. Empty when not declared.
    pub sides: Vec<(String, String)>,
}

impl Meta {
    /// How a side is named: its declared name, or, for a side not declared,
    /// the key with its first letter in capitals (`union` → `Union`).
    pub fn side_name(&self, side: &str) -> String {
        if let Some((_, name)) = self.sides.iter().find(|(k, _)| k == side) {
            return name.clone();
        }
        let mut c = side.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    }

    /// The language for pages, `en` unless declared.
    pub fn lang(&self) -> &str {
        self.lang.as_deref().unwrap_or("en")
    }

    /// The text direction for pages, `ltr` unless declared.
    pub fn dir(&self) -> &str {
        self.dir.as_deref().unwrap_or("ltr")
    }
}

/// The kind of an event, one glyph each in the reader.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum Kind {
    /// A bargaining session.
    Talks,
    /// A public statement by a party.
    Statement,
    /// A deadline: a contract expiry, an ultimatum.
    Deadline,
    /// An agreement reached.
    Agreement,
    /// A vote: authorisation, ratification.
    Vote,
    /// A survey or poll.
    Survey,
    /// A rally, march or other public action.
    Rally,
    /// Background that is not an event of the talks themselves.
    Context,
    /// Anything else; the kind when none is given.
    #[default]
    Other,
}

impl Kind {
    /// Every kind, in the order the format lists them.
    pub const ALL: [Kind; 9] = [
        Kind::Talks,
        Kind::Statement,
        Kind::Deadline,
        Kind::Agreement,
        Kind::Vote,
        Kind::Survey,
        Kind::Rally,
        Kind::Context,
        Kind::Other,
    ];

    /// The name used in content files.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Talks => "talks",
            Kind::Statement => "statement",
            Kind::Deadline => "deadline",
            Kind::Agreement => "agreement",
            Kind::Vote => "vote",
            Kind::Survey => "survey",
            Kind::Rally => "rally",
            Kind::Context => "context",
            Kind::Other => "other",
        }
    }

    /// Parses a kind name as written in content files.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// One citation: a passage of an article, resolved to a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// The article quoted.
    pub article: ArticleIx,
    /// The quote as the curator wrote it.
    pub quote: String,
    /// Byte range of the matched passage in the article's `text`.
    pub span: Range<usize>,
    /// The curator's note on this citation.
    pub note: Option<Prose>,
    /// The line of the citing file its `article` key is on, counted from 1
    /// (0 when not known: a dossier built by hand). The entry itself is its
    /// whole file, from line 1.
    pub line: usize,
}

/// One source of the dossier, by where it is written: an event's or issue's
/// source, or a source of one of an issue's positions, by position. (What
/// cites an article is a list of these.)
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum SourceRef {
    /// The event, and the index of the source in its `sources`.
    Event(EventIx, usize),
    /// The issue, and the index of the source in its `sources`.
    Issue(IssueIx, usize),
    /// The issue, the index of the position in its `positions`, and the
    /// index of the source in that position's `sources`.
    Position(IssueIx, usize, usize),
}

impl SourceRef {
    /// The event or issue the source belongs to (a position's source
    /// belongs to its issue).
    pub fn owner(self) -> EntityRef {
        match self {
            SourceRef::Event(e, _) => EntityRef::Event(e),
            SourceRef::Issue(i, _) | SourceRef::Position(i, _, _) => EntityRef::Issue(i),
        }
    }

    /// The source's number in its list, counted from 1 as shown to readers.
    pub fn number(self) -> usize {
        match self {
            SourceRef::Event(_, n) | SourceRef::Issue(_, n) | SourceRef::Position(_, _, n) => n + 1,
        }
    }
}

/// A source article: its front matter and its text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Article {
    /// Its id: the file name without `.txt`.
    pub id: String,
    /// Its headline.
    pub title: String,
    /// The publication it appeared in.
    pub outlet: Option<String>,
    /// When it was published.
    pub published: Option<PartialDate>,
    /// Who wrote it.
    pub byline: Option<String>,
    /// Where it was found.
    pub url: Option<String>,
    /// The curator's note about it.
    pub note: Option<Prose>,
    /// The article's text after the front matter, as on disk (BOM and CRLF normalised away).
    pub text: Body,
    /// The line of the article's file on which `text` starts, counted from 1:
    /// with it a byte offset in `text` gives the file's own line and column.
    pub text_line: usize,
    /// Derived: every source that cites this article, sorted by span start.
    pub cited_by: Vec<SourceRef>,
}

impl Article {
    /// An article with only an id, a title and a text, for tests.
    #[doc(hidden)]
    pub fn stub(id: &str, title: &str, text: &str) -> Article {
        Article {
            id: id.into(),
            title: title.into(),
            outlet: None,
            published: None,
            byline: None,
            url: None,
            note: None,
            text: text.into(),
            text_line: 1,
            cited_by: Vec::new(),
        }
    }
}

/// An event of the timeline.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// Its id: the file name without `.toml`.
    pub id: String,
    /// A one-line title.
    pub title: String,
    /// When it happened (or started), as written: a day, a month, a year,
    /// or one day within bounds, with an optional qualifier.
    pub date: EventDate,
    /// When it ended, for an event that lasted.
    pub end: Option<PartialDate>,
    /// The day of the week the sources give, when they do.
    #[serde(with = "super::date::weekday")]
    pub weekday: Option<chrono::Weekday>,
    /// Derived: the earliest and latest day it can be on, from its date,
    /// its weekday and its relations to other events.
    pub bounds: Bounds,
    /// The events it happened on or after (those that loaded).
    pub after: Vec<EventIx>,
    /// The events it happened on or before (those that loaded).
    pub before: Vec<EventIx>,
    /// What kind of event it is.
    pub kind: Kind,
    /// The issues it touches, in the order the file lists them.
    pub issues: Vec<IssueIx>,
    /// What happened, in prose.
    pub summary: Prose,
    /// Why the date is uncertain, when it is.
    pub date_note: Option<Prose>,
    /// What the sources disagree on, when they do.
    pub disputed: Option<Prose>,
    /// The passages it cites, in the order the file gives them.
    pub sources: Vec<Source>,
}

impl Event {
    /// Everything that says when it was, to word it: see [`Dating`].
    pub fn dating(&self) -> Dating {
        Dating {
            date: self.date,
            end: self.end,
            weekday: self.weekday,
            bounds: self.bounds,
        }
    }

    /// An event with the bounds its date gives alone, for dossiers built
    /// by hand (tests, benchmarks); the loader derives the bounds itself.
    pub fn dated(id: &str, title: &str, date: EventDate) -> Event {
        Event {
            id: id.into(),
            title: title.into(),
            date,
            end: None,
            weekday: None,
            bounds: Dating::of(date, None).bounds,
            after: Vec::new(),
            before: Vec::new(),
            kind: Kind::Other,
            issues: Vec::new(),
            summary: Prose::default(),
            date_note: None,
            disputed: None,
            sources: Vec::new(),
        }
    }
}

/// An issue of the talks, followed across events.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    /// Its id: the file name without `.toml`.
    pub id: String,
    /// A one-line title.
    pub title: String,
    /// What is at stake, in prose.
    pub summary: Prose,
    /// Where it stands.
    pub status: Option<Prose>,
    /// The sides' positions, in the order the file gives them.
    pub positions: Vec<Position>,
    /// Derived: related both ways, deduplicated, sorted by index.
    pub related: Vec<IssueIx>,
    /// The passages it cites, in the order the file gives them.
    pub sources: Vec<Source>,
    /// Derived: the events that list this issue, in timeline order.
    pub events: Vec<EventIx>,
}

/// One side's position on an issue, with the passages it rests on.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// The side, as named in the file (`union`, `studios`).
    pub side: String,
    /// What the side wants or says.
    pub text: Prose,
    /// Extension: the passages this position cites (empty when the position
    /// is written as a plain string).
    pub sources: Vec<Source>,
}

impl Position {
    /// A position without sources.
    pub fn plain(side: &str, text: &str) -> Position {
        Position {
            side: side.into(),
            text: text.into(),
            sources: Vec::new(),
        }
    }
}

/// A whole loaded dossier. Entities that failed to load are absent; the
/// problems that explain why are in `problems`.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Dossier {
    /// What `dossier.toml` says.
    pub meta: Meta,
    /// In timeline order (see docs/format.md, "The timeline order"): never
    /// an event before one it is known to follow; by earliest possible day,
    /// events whose day is not known first, then the widest range, then id.
    pub events: Vec<Event>,
    /// Sorted by id.
    pub issues: Vec<Issue>,
    /// Sorted by id.
    pub articles: Vec<Article>,
    /// Every problem found while loading, sorted by path and position.
    pub problems: Vec<super::problem::Problem>,
    /// Derived by the loader: every event's index, in the order of their
    /// ids, for [`Dossier::find_event`] to search (a map from id to index
    /// would hold every id a second time). A dossier built by hand may
    /// leave it empty (lookups then scan).
    pub event_index: Vec<EventIx>,
    /// Derived by the loader (extension, links in prose): for each entry,
    /// the events, issues and articles whose prose links to it, sorted and
    /// once each. Entries nothing mentions are absent.
    pub mentions: HashMap<EntityRef, Vec<EntityRef>>,
    /// Derived by the loader: [`content_hash`] of each event's and issue's
    /// file as it was read, so that a writer can tell whether the file
    /// changed on disk since (see [`Dossier::file_hash`]).
    pub file_hashes: FileHashes,
}

/// The [`content_hash`] of each entry's file as it was read, in the order
/// of [`Dossier::events`] and [`Dossier::issues`] (not a map by path,
/// which would hold every path once more: about 7 MB at 100,000 events).
/// Both are empty for a dossier built by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FileHashes {
    /// One per event, in timeline order.
    pub events: Vec<u64>,
    /// One per issue, in the order of their ids.
    pub issues: Vec<u64>,
}

/// A hash of a file's content (xxh3, 64 bits: stable across runs), to
/// tell whether a file changed since it was read; not for security. (A
/// byte-at-a-time FNV-1a took about 7 ms of every load of the 24 MB
/// dossier's 7 MB of entry files; xxh3 takes well under one.)
pub fn content_hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

impl Dossier {
    /// `20 events, 10 issues, 5 articles: 0 errors, 1 warning`: what
    /// `check` prints last and the reader says after a reload.
    pub fn summary(&self) -> String {
        use crate::text::count;
        format!(
            "{}, {}, {}: {}, {}",
            count(self.events.len(), "event"),
            count(self.issues.len(), "issue"),
            count(self.articles.len(), "article"),
            count(self.errors(), "error"),
            count(self.warnings(), "warning")
        )
    }

    /// The content hash of `entry`'s file as it was read (see
    /// [`FileHashes`]); none for an article, or a dossier built by hand.
    pub fn file_hash(&self, entry: EntityRef) -> Option<u64> {
        match entry {
            EntityRef::Event(e) => self.file_hashes.events.get(e.0).copied(),
            EntityRef::Issue(i) => self.file_hashes.issues.get(i.0).copied(),
            EntityRef::Article(_) => None,
        }
    }

    /// The entries whose prose links to `entry` (see [`Dossier::mentions`]).
    pub fn mentioned_by(&self, entry: EntityRef) -> &[EntityRef] {
        self.mentions.get(&entry).map_or(&[], Vec::as_slice)
    }

    /// The event at `ix`; panics if `ix` is not an index of this dossier.
    pub fn event(&self, ix: EventIx) -> &Event {
        &self.events[ix.0]
    }
    /// The issue at `ix`; panics if `ix` is not an index of this dossier.
    pub fn issue(&self, ix: IssueIx) -> &Issue {
        &self.issues[ix.0]
    }
    /// The article at `ix`; panics if `ix` is not an index of this dossier.
    pub fn article(&self, ix: ArticleIx) -> &Article {
        &self.articles[ix.0]
    }

    /// The source a citer names.
    ///
    /// # Panics
    /// When the citer does not belong to this dossier; see [`Dossier::get_source`].
    pub fn source(&self, citer: SourceRef) -> &Source {
        match citer {
            SourceRef::Event(e, s) => &self.event(e).sources[s],
            SourceRef::Issue(i, s) => &self.issue(i).sources[s],
            SourceRef::Position(i, p, s) => &self.issue(i).positions[p].sources[s],
        }
    }

    /// The source a citer names, if it exists in this dossier.
    pub fn get_source(&self, citer: SourceRef) -> Option<&Source> {
        match citer {
            SourceRef::Event(e, s) => self.events.get(e.0)?.sources.get(s),
            SourceRef::Issue(i, s) => self.issues.get(i.0)?.sources.get(s),
            SourceRef::Position(i, p, s) => self.issues.get(i.0)?.positions.get(p)?.sources.get(s),
        }
    }

    /// The event with id `id`.
    pub fn find_event(&self, id: &str) -> Option<EventIx> {
        if self.event_index.is_empty() {
            return self.events.iter().position(|e| e.id == id).map(EventIx);
        }
        let at = self
            .event_index
            .binary_search_by(|ix| {
                let here = self.events.get(ix.0).map_or("", |e| e.id.as_str());
                here.cmp(id)
            })
            .ok()?;
        self.event_index.get(at).copied()
    }
    /// The issue with id `id`.
    pub fn find_issue(&self, id: &str) -> Option<IssueIx> {
        self.issues
            .binary_search_by(|i| i.id.as_str().cmp(id))
            .ok()
            .map(IssueIx)
    }
    /// The article with id `id`.
    pub fn find_article(&self, id: &str) -> Option<ArticleIx> {
        self.articles
            .binary_search_by(|a| a.id.as_str().cmp(id))
            .ok()
            .map(ArticleIx)
    }

    /// An entity's title, if it exists.
    pub fn title(&self, e: EntityRef) -> Option<&str> {
        match e {
            EntityRef::Event(i) => self.events.get(i.0).map(|e| e.title.as_str()),
            EntityRef::Issue(i) => self.issues.get(i.0).map(|i| i.title.as_str()),
            EntityRef::Article(i) => self.articles.get(i.0).map(|a| a.title.as_str()),
        }
    }

    /// An entity's id, if it exists.
    pub fn id(&self, e: EntityRef) -> Option<&str> {
        match e {
            EntityRef::Event(i) => self.events.get(i.0).map(|e| e.id.as_str()),
            EntityRef::Issue(i) => self.issues.get(i.0).map(|i| i.id.as_str()),
            EntityRef::Article(i) => self.articles.get(i.0).map(|a| a.id.as_str()),
        }
    }

    /// How many problems are errors.
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
    /// How many problems are warnings.
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}
