//! The drafts: events, issues, articles and their sources as parsed, before
//! references are resolved and the model is built. The loader produces them,
//! the `after` checks and the index read them; this module depends on neither.

use std::ops::Range;

use toml::Spanned;

use super::date::PartialDate;
use super::model::{Article, ArticleIx, Kind, Meta};

/// A source as written, once its required fields are known to be there.
pub(crate) struct SourceDraft {
    pub article: Spanned<String>,
    pub quote: Spanned<String>,
    pub occurrence: Option<Spanned<i64>>,
    pub note: Option<String>,
    /// Resolved later: the article and the matched passage.
    pub resolved: Option<(ArticleIx, Range<usize>)>,
}

/// An event as parsed; `ok` is false once any of its own problems is an error.
pub(crate) struct EventDraft {
    pub id: String,
    pub file: usize,
    pub ok: bool,
    pub title: String,
    pub date: Option<PartialDate>,
    pub end: Option<PartialDate>,
    /// Extension: the event this one happened after (span in the whole file).
    pub after: Option<Spanned<String>>,
    pub kind: Kind,
    pub issues: Vec<Spanned<String>>,
    pub summary: String,
    pub date_note: Option<String>,
    pub disputed: Option<String>,
    pub sources: Vec<SourceDraft>,
}

/// An issue as parsed; `ok` is false once any of its own problems is an error.
pub(crate) struct IssueDraft {
    pub id: String,
    pub file: usize,
    pub ok: bool,
    pub title: String,
    pub summary: String,
    pub status: Option<String>,
    pub positions: Vec<PositionDraft>,
    pub related: Vec<Spanned<String>>,
    pub sources: Vec<SourceDraft>,
}

/// An article as parsed; `ok` is false once any of its own problems is an error.
pub(crate) struct ArticleDraft {
    pub ok: bool,
    pub article: Article,
}

/// A position of an issue as written, once its text is known to be there.
pub(crate) struct PositionDraft {
    pub side: String,
    /// The text, its span in the whole file.
    pub text: Spanned<String>,
    pub sources: Vec<SourceDraft>,
}

/// What one file parsed into.
pub(crate) enum Item {
    Meta(Meta),
    Article(ArticleDraft),
    Event(EventDraft),
    Issue(IssueDraft),
    /// The file could not be parsed at all: what it refers to is unknown.
    Failed,
}
