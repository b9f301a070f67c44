//! The drafts: events, issues, articles and their sources as parsed, before
//! references are resolved and the model is built. The loader produces them,
//! the `after` checks and the index read them; this module depends on neither.

use std::ops::Range;

use toml::Spanned;

use super::date::{EventDate, PartialDate};
use super::links::ProseDraft;
use super::model::{Article, ArticleIx, IssueIx, Kind};

/// A source as written, once its required fields are known to be there.
#[derive(Clone)]
pub(crate) struct SourceDraft {
    pub article: Spanned<String>,
    pub quote: Spanned<String>,
    pub occurrence: Option<Spanned<i64>>,
    pub note: Option<ProseDraft>,
    /// Resolved later: the article and the matched passage.
    pub resolved: Option<(ArticleIx, Range<usize>)>,
    /// The line of its file its `article` key is on, counted from 1 (set
    /// once the file's text is at hand; 0 until then).
    pub line: usize,
}

/// An event as parsed; `ok` is false once any of its own problems is an error.
#[derive(Clone)]
pub(crate) struct EventDraft {
    pub id: String,
    pub file: usize,
    /// The content hash of its file (see [`FileHashes`](super::model::FileHashes)).
    pub hash: u64,
    pub ok: bool,
    pub title: String,
    pub date: Option<EventDate>,
    /// Where `date`'s value starts in the file (its start when missing).
    pub date_at: usize,
    pub end: Option<PartialDate>,
    /// The weekday the sources give, and where it is written.
    pub weekday: Option<(chrono::Weekday, usize)>,
    /// The events this one happened on or after (spans in the whole file).
    pub after: Vec<Spanned<String>>,
    /// The events this one happened on or before (spans in the whole file).
    pub before: Vec<Spanned<String>>,
    pub kind: Kind,
    pub issues: Vec<Spanned<String>>,
    /// Its issues as the model's indices, when a preview's glance found
    /// them: its `issues` are then empty (a glance makes no copy of their
    /// ids).
    pub issue_ixs: Option<Vec<IssueIx>>,
    pub summary: ProseDraft,
    pub date_note: Option<ProseDraft>,
    pub disputed: Option<ProseDraft>,
    pub sources: Vec<SourceDraft>,
}

/// An issue as parsed; `ok` is false once any of its own problems is an error.
#[derive(Clone)]
pub(crate) struct IssueDraft {
    pub id: String,
    pub file: usize,
    /// The content hash of its file (see [`FileHashes`](super::model::FileHashes)).
    pub hash: u64,
    pub ok: bool,
    pub title: String,
    pub summary: ProseDraft,
    pub status: Option<ProseDraft>,
    pub positions: Vec<PositionDraft>,
    pub related: Vec<Spanned<String>>,
    pub sources: Vec<SourceDraft>,
}

/// An article as parsed; `ok` is false once any of its own problems is an error.
#[derive(Clone)]
pub(crate) struct ArticleDraft {
    pub ok: bool,
    /// The article, its `note` left empty: the note is `note` below until
    /// its links are resolved.
    pub article: Article,
    pub note: Option<ProseDraft>,
}

impl ArticleDraft {
    /// An article known by its id alone: no title, no text (a preview's,
    /// until its front matter is glanced at).
    pub fn id_only(id: &str) -> ArticleDraft {
        ArticleDraft {
            ok: true,
            note: None,
            article: Article {
                id: id.to_string(),
                title: String::new(),
                outlet: None,
                published: None,
                byline: None,
                url: None,
                note: None,
                text: String::new().into(),
                text_line: 1,
                cited_by: Vec::new(),
            },
        }
    }
}

/// `dossier.toml` as parsed.
#[derive(Clone, Default)]
pub(crate) struct MetaDraft {
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<ProseDraft>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    /// Declared sides, in the file's order: (key, display name).
    pub sides: Option<Vec<(String, String)>>,
}

/// A position of an issue as written, once its text is known to be there.
#[derive(Clone)]
pub(crate) struct PositionDraft {
    pub side: String,
    /// Where the side's key starts in its file.
    pub side_at: usize,
    pub text: ProseDraft,
    pub sources: Vec<SourceDraft>,
}

/// What one file parsed into.
pub(crate) enum Item {
    Meta(MetaDraft),
    Article(ArticleDraft),
    Event(EventDraft),
    Issue(IssueDraft),
    /// The file could not be parsed at all: what it refers to is unknown.
    Failed,
}

impl EventDraft {
    /// Whether it says it came after or before other events.
    pub(crate) fn is_related(&self) -> bool {
        !self.after.is_empty() || !self.before.is_empty()
    }

    /// Whether `drafts` come in the order of their ids (as their files
    /// nearly always do): then a draft's index is its rank by id.
    pub(crate) fn in_id_order(drafts: &[EventDraft]) -> bool {
        drafts.windows(2).all(|w| match w {
            [a, b] => a.id < b.id,
            _ => true,
        })
    }

    /// Every prose field, its sources' notes included.
    pub(crate) fn prose(&self) -> impl Iterator<Item = &ProseDraft> {
        std::iter::once(&self.summary)
            .chain(&self.date_note)
            .chain(&self.disputed)
            .chain(self.sources.iter().filter_map(|s| s.note.as_ref()))
    }

    /// Every prose field, to check its links.
    pub(crate) fn prose_mut(&mut self) -> impl Iterator<Item = &mut ProseDraft> {
        std::iter::once(&mut self.summary)
            .chain(&mut self.date_note)
            .chain(&mut self.disputed)
            .chain(self.sources.iter_mut().filter_map(|s| s.note.as_mut()))
    }
}

impl IssueDraft {
    /// Every prose field, its positions' and sources' notes included.
    pub(crate) fn prose(&self) -> impl Iterator<Item = &ProseDraft> {
        std::iter::once(&self.summary)
            .chain(&self.status)
            .chain(self.sources.iter().filter_map(|s| s.note.as_ref()))
            .chain(self.positions.iter().flat_map(|p| {
                std::iter::once(&p.text).chain(p.sources.iter().filter_map(|s| s.note.as_ref()))
            }))
    }

    /// Every prose field, to check its links.
    pub(crate) fn prose_mut(&mut self) -> impl Iterator<Item = &mut ProseDraft> {
        std::iter::once(&mut self.summary)
            .chain(&mut self.status)
            .chain(self.sources.iter_mut().filter_map(|s| s.note.as_mut()))
            .chain(self.positions.iter_mut().flat_map(|p| {
                std::iter::once(&mut p.text)
                    .chain(p.sources.iter_mut().filter_map(|s| s.note.as_mut()))
            }))
    }
}
