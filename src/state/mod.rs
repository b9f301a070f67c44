//! What the reader remembers of a dossier between two runs: the place, what
//! has been read, and the bookmarks. One file per dossier in the XDG state
//! directory, in TOML a person can read (described in `docs/state.md`).
//!
//! - [`format`]: the file's text, written and read.
//! - [`store`]: which file belongs to which dossier, reading it (a file that
//!   cannot be read is moved aside) and writing it atomically.
//! - [`saver`]: the thread that writes, so that saving never waits on a key.
//! - [`seen`]: what each entry looked like when it was read, and what is new
//!   or changed since.
//!
//! Everything here names entries by their ids, never by their position in a
//! list, so a dossier that gained or lost entries meanwhile is still read
//! right; what no longer exists is dropped.

pub mod format;
pub mod saver;
pub mod seen;
pub mod store;

use std::collections::BTreeMap;
use std::sync::Arc;

use dossier_core::content::{ArticleIx, Dossier, EntityRef};

/// What each entry looked like when it was last read, by entry.
pub type SeenMap = BTreeMap<EntryId, seen::Record>;

/// Everything remembered of one dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct State {
    /// Which dossier this is: `bundled`, or the folder's canonical path.
    pub dossier: String,
    /// Where the reader was when it last saved.
    pub place: Option<SavedPlace>,
    /// What each entry looked like when it was last read; `None` until the
    /// first visit sets the baseline.
    /// Shared, not copied, between the reader and the save being written:
    /// at 100,000 events it is tens of megabytes.
    pub seen: Option<Arc<SeenMap>>,
    /// The pins, in the order they were made.
    pub bookmarks: Vec<Bookmark>,
    /// The timeline picture, when it was shown: its zoom and first day.
    pub picture: Option<PictureMemory>,
    /// The checksums of what was seen ([`seen::Checksums`]), when it was
    /// saved with the dossier it was seen in and read back unedited: a
    /// start whose cache holds the same needs to compare nothing.
    pub checksums: Option<seen::Checksums>,
}

/// The timeline picture as it was left: shown, with its zoom (days to a
/// column) and its axis's first day, when zoomed or moved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureMemory {
    /// Days to a column, in thousandths of a day.
    pub per_col_milli: Option<u32>,
    pub from: Option<chrono::NaiveDate>,
}

/// The three kinds of entries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EntryKind {
    Event,
    Issue,
    Article,
}

impl EntryKind {
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Event => "event",
            EntryKind::Issue => "issue",
            EntryKind::Article => "article",
        }
    }

    fn from_name(s: &str) -> Option<EntryKind> {
        [EntryKind::Event, EntryKind::Issue, EntryKind::Article]
            .into_iter()
            .find(|k| k.name() == s)
    }
}

/// An entry by kind and id, written `event:strike-vote` in the file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EntryId {
    pub kind: EntryKind,
    pub id: String,
}

impl EntryId {
    /// The entry's id in a dossier.
    pub fn of(d: &Dossier, e: EntityRef) -> Option<EntryId> {
        let (kind, id) = match e {
            EntityRef::Event(i) => (EntryKind::Event, &d.events.get(i.0)?.id),
            EntityRef::Issue(i) => (EntryKind::Issue, &d.issues.get(i.0)?.id),
            EntityRef::Article(i) => (EntryKind::Article, &d.articles.get(i.0)?.id),
        };
        Some(EntryId {
            kind,
            id: id.clone(),
        })
    }

    /// The entry in a dossier, if it is still there.
    pub fn find(&self, d: &Dossier) -> Option<EntityRef> {
        match self.kind {
            EntryKind::Event => d.find_event(&self.id).map(EntityRef::Event),
            EntryKind::Issue => d.find_issue(&self.id).map(EntityRef::Issue),
            EntryKind::Article => d.find_article(&self.id).map(EntityRef::Article),
        }
    }

    /// `kind:id`.
    pub fn parse(s: &str) -> Option<EntryId> {
        let (kind, id) = s.split_once(':')?;
        let kind = EntryKind::from_name(kind)?;
        (!id.is_empty()).then(|| EntryId {
            kind,
            id: id.to_string(),
        })
    }
}

impl std::fmt::Display for EntryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.kind.name(), self.id)
    }
}

/// The lists the left pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListName {
    #[default]
    Timeline,
    Issues,
    Articles,
}

/// The panes, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PaneName {
    #[default]
    List,
    Details,
    Article,
}

/// One place the reader can be put back to: the current one, or one on the
/// back or forward path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Spot {
    pub list: ListName,
    pub focus: PaneName,
    /// The entry selected in the list.
    pub entry: Option<EntryId>,
    /// Its row in the list (from 0), where the nearest entry is looked for
    /// when it no longer exists.
    pub row: usize,
    /// The link selected in the details, counted from 0.
    pub link: Option<usize>,
    /// The article shown.
    pub article: Option<String>,
    /// The passage followed in it.
    pub passage: Option<PassageRef>,
    /// Byte offset in the article's text of its top line shown.
    pub top: usize,
}

/// A cited passage by the ids of what cites it: an entry's source, or the
/// source of one side's position on an issue (sources counted from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PassageRef {
    pub by: EntryId,
    /// The side whose position cites it, for a position's passage.
    pub side: Option<String>,
    pub source: usize,
}

impl PassageRef {
    /// The citation in a dossier, by ids.
    pub fn of(d: &Dossier, c: dossier_core::content::SourceRef) -> Option<PassageRef> {
        use dossier_core::content::SourceRef;
        Some(match c {
            SourceRef::Event(e, s) => PassageRef {
                by: EntryId::of(d, EntityRef::Event(e))?,
                side: None,
                source: s,
            },
            SourceRef::Issue(i, s) => PassageRef {
                by: EntryId::of(d, EntityRef::Issue(i))?,
                side: None,
                source: s,
            },
            SourceRef::Position(i, p, s) => PassageRef {
                by: EntryId::of(d, EntityRef::Issue(i))?,
                side: Some(d.issues.get(i.0)?.positions.get(p)?.side.clone()),
                source: s,
            },
        })
    }

    /// The citation found again in a dossier, if it is still there.
    pub fn find(&self, d: &Dossier) -> Option<dossier_core::content::SourceRef> {
        use dossier_core::content::SourceRef;
        let c = match (self.by.find(d)?, &self.side) {
            (EntityRef::Event(e), None) => SourceRef::Event(e, self.source),
            (EntityRef::Issue(i), None) => SourceRef::Issue(i, self.source),
            (EntityRef::Issue(i), Some(side)) => {
                let p = d
                    .issues
                    .get(i.0)?
                    .positions
                    .iter()
                    .position(|p| &p.side == side)?;
                SourceRef::Position(i, p, self.source)
            }
            _ => return None,
        };
        d.get_source(c).map(|_| c)
    }
}

/// Where the reader was, with the way back and forward.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SavedPlace {
    pub here: Spot,
    /// Oldest first, as the back stack is.
    pub back: Vec<Spot>,
    pub forward: Vec<Spot>,
}

/// A pin: an entry, or a passage of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Bookmark {
    Entry(EntryId),
    /// A passage, kept by its text: the article it is in, the quoted text,
    /// and the entry it was pinned from, if any.
    Passage {
        entry: Option<EntryId>,
        article: String,
        quote: String,
    },
}

/// A pinned passage found again by its text in its article: the article and
/// the passage's bytes, or `None` when the article or the words are gone.
pub fn find_passage(
    d: &Dossier,
    article: &str,
    quote: &str,
) -> Option<(ArticleIx, std::ops::Range<usize>)> {
    let a = d.find_article(article)?;
    if quote.is_empty() {
        return None;
    }
    let text = &d.articles.get(a.0)?.text;
    let start = memchr::memmem::find(text.as_bytes(), quote.as_bytes())?;
    Some((a, start..start + quote.len()))
}

impl Bookmark {
    /// The entry a pin leads to first.
    pub fn entry(&self) -> Option<&EntryId> {
        match self {
            Bookmark::Entry(e) => Some(e),
            Bookmark::Passage { entry, .. } => entry.as_ref(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_ids_read_back_and_find_their_entry() {
        let d = crate::bundled::load_bundled();
        let e = EntityRef::Issue(dossier_core::content::IssueIx(1));
        let id = EntryId::of(&d, e).unwrap();
        assert_eq!(EntryId::parse(&id.to_string()), Some(id.clone()));
        assert_eq!(id.find(&d), Some(e));
        assert_eq!(EntryId::parse("issue:"), None);
        assert_eq!(EntryId::parse("planet:x"), None);
        assert_eq!(EntryId::parse("nocolon"), None);
    }

    #[test]
    fn a_passage_is_found_by_its_words() {
        let d = crate::bundled::load_bundled();
        let a = &d.articles[0];
        let words = &a.text[10..40];
        let (ix, range) = find_passage(&d, &a.id, words).unwrap();
        assert_eq!(ix.0, 0);
        assert_eq!(&a.text[range], words);
        assert_eq!(
            find_passage(&d, &a.id, "words no article has ever had"),
            None
        );
        assert_eq!(find_passage(&d, "no-such-article", words), None);
        assert_eq!(find_passage(&d, &a.id, ""), None);
    }
}
