//! Finding things, as state: the search (its incremental [`Search`], the rows
//! it shows, the hit `n`/`N` are at), the go-to picker, and an open prompt.
//! What the keys do with them is in [`super::prompt`].

use std::fmt;

use dossier_core::content::{Dossier, EntityRef};
use dossier_core::picker::{Pick, Picker};
use dossier_core::search::{Field, Hit, HitIn, HitKind, Index, Options, STEP_BYTES, Search};

use super::action::Target;
use super::history::Location;

/// One row of the search overlay's list: hits grouped by kind, then by entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitRow {
    /// The start of a kind's group.
    Heading(HitKind),
    /// The place (an entry, or the dossier itself) the hits below are in.
    Entity(HitIn),
    /// Hit number `n` of the search.
    Hit(usize),
}

/// The search: the dossier's index, the last query's search, and its rows.
#[derive(Debug)]
pub struct SearchState {
    /// The searchable fields, listed at the first search.
    index: std::sync::OnceLock<Index>,
    /// The last query's search; its query is kept for the session.
    pub search: Search,
    /// Rows for the hits found so far; hits only ever append, so rows do too.
    pub rows: Vec<HitRow>,
    /// The row of each hit.
    pub hit_rows: Vec<usize>,
    /// The hit `n`/`N` went to last, for the `3/17` in the status line.
    pub current: Option<usize>,
    /// Whole words, for this search and its `n`/`N` (the search prompt's Tab).
    pub words: bool,
    /// Whole words at each fresh `/` (the configuration's choice).
    pub words_default: bool,
    /// Queries searched for, oldest first, each once.
    pub history: Vec<String>,
    /// The marks of the last search are hidden (Esc), until `n`/`N` or a
    /// new search.
    pub hidden: bool,
}

/// Queries the search history keeps.
const HISTORY: usize = 100;

impl SearchState {
    fn new() -> SearchState {
        SearchState {
            index: std::sync::OnceLock::new(),
            search: Search::new(""),
            rows: Vec::new(),
            hit_rows: Vec::new(),
            current: None,
            words: false,
            words_default: false,
            history: Vec::new(),
            hidden: false,
        }
    }

    /// What the panes mark: the search's query and options, unless hidden.
    pub fn marker(&self) -> Option<super::details::Marker> {
        (!self.hidden && !self.query().is_empty()).then(|| super::details::Marker {
            query: self.query().to_owned(),
            options: self.search.options(),
        })
    }

    /// Whether the marks of a search show.
    pub fn marking(&self) -> bool {
        !self.hidden && !self.query().is_empty()
    }

    /// Whether an entry has a hit (of those found so far).
    pub fn has_hit(&self, entity: EntityRef) -> bool {
        let place = HitIn::Entity(entity);
        let hits = self.hits();
        let at = hits.partition_point(|h| h.place < place);
        hits.get(at).is_some_and(|h| h.place == place)
    }

    /// The hits in an article's text (of those found so far).
    pub fn text_hits(&self, article: dossier_core::content::ArticleIx) -> &[Hit] {
        let place = HitIn::Entity(EntityRef::Article(article));
        let hits = self.hits();
        let key = |h: &Hit| (h.place, h.field == Field::Text);
        let start = hits.partition_point(|h| key(h) < (place, true));
        let end = hits.partition_point(|h| key(h) <= (place, true));
        hits.get(start..end).unwrap_or(&[])
    }

    /// Remembers a query searched for, as the newest.
    pub(super) fn remember(&mut self, query: &str) {
        if query.is_empty() {
            return;
        }
        self.history.retain(|q| q != query);
        self.history.push(query.to_owned());
        if self.history.len() > HISTORY {
            self.history.remove(0);
        }
    }

    pub fn query(&self) -> &str {
        self.search.query()
    }

    pub fn hits(&self) -> &[Hit] {
        self.search.hits()
    }

    /// Starts a new search; dropping the old one cancels it.
    pub(super) fn restart(&mut self, d: &Dossier, query: &str) {
        self.restart_with(d, query, Options { words: self.words });
    }

    /// Starts a new search with its own options.
    pub(super) fn restart_with(&mut self, d: &Dossier, query: &str, options: Options) {
        self.search = Search::with_options(query, options);
        self.hidden = false;
        self.rows.clear();
        self.hit_rows.clear();
        self.current = None;
        self.step(d, STEP_BYTES);
    }

    /// Scans a little more and adds rows for the new hits.
    pub(super) fn step(&mut self, d: &Dossier, budget: usize) {
        if !self.search.is_done() {
            let index = self.index.get_or_init(|| Index::new(d));
            self.search.step(index, d, budget);
        }
        let hits = self.search.hits();
        for (n, hit) in hits.iter().enumerate().skip(self.hit_rows.len()) {
            let prev = n.checked_sub(1).and_then(|p| hits.get(p));
            if prev.is_none_or(|p| p.kind() != hit.kind()) {
                self.rows.push(HitRow::Heading(hit.kind()));
            }
            if prev.is_none_or(|p| p.place != hit.place) {
                self.rows.push(HitRow::Entity(hit.place));
            }
            self.hit_rows.push(self.rows.len());
            self.rows.push(HitRow::Hit(n));
        }
    }

    pub(super) fn finish(&mut self, d: &Dossier) {
        while !self.search.is_done() {
            self.step(d, usize::MAX);
        }
        self.step(d, 0);
    }
}

/// The go-to picker, made on first use (it copies every title).
#[derive(Default)]
pub struct GoTo {
    picker: Option<Picker>,
    pub query: String,
}

impl GoTo {
    /// The ranked entities for the query, best first.
    pub fn picks(&self) -> &[Pick] {
        self.picker.as_ref().map_or(&[], |p| p.picks())
    }

    pub(super) fn rank(&mut self, d: &Dossier, visible: std::ops::Range<usize>) {
        let picker = self.picker.get_or_insert_with(|| Picker::new(d));
        picker.rank(&self.query);
        picker.highlight(visible);
    }

    pub(super) fn highlight(&mut self, visible: std::ops::Range<usize>) {
        if let Some(p) = &mut self.picker {
            p.highlight(visible);
        }
    }
}

impl fmt::Debug for GoTo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GoTo")
            .field("query", &self.query)
            .field("picks", &self.picks().len())
            .finish()
    }
}

/// Search and go-to state.
#[derive(Debug)]
pub struct Find {
    pub search: SearchState,
    pub goto: GoTo,
}

impl Default for Find {
    fn default() -> Find {
        Find::new()
    }
}

impl Find {
    /// Nothing searched yet: the dossier's fields are listed at the first search.
    pub fn new() -> Find {
        Find {
            search: SearchState::new(),
            goto: GoTo::default(),
        }
    }
}

/// An open prompt: the selected entry, the list's scroll, and where the
/// reader was when it opened (Esc goes back there; the panes preview the
/// selection meanwhile).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// A hit number (search) or a rank (go to).
    pub selected: usize,
    /// First row of the list shown.
    pub offset: usize,
    pub origin: Location,
    /// In the search prompt: the search before this one (its query, options
    /// and the hit `n` was at), put back if the prompt is cancelled.
    pub before: Option<(String, Options, Option<usize>)>,
    /// In the search prompt: which query of the history is shown (↑/↓),
    /// counted back from the newest, and the query typed before it.
    pub recall: Option<(usize, String)>,
    /// In the search prompt: where the reader was (an entry, or an
    /// article and the byte of its top line), so the first hit selected is
    /// the first at or after it.
    pub from: Option<(HitIn, Option<usize>)>,
    /// In the go-to prompt: the selection was moved by the reader. With
    /// nothing typed and nothing moved, nothing is chosen, so nothing is
    /// previewed (`:` then `q` Enter leaves the panes as they were).
    pub moved: bool,
}

impl Prompt {
    /// Whether the go-to picker's selection stands for a choice: a query is
    /// typed, or the selection was moved.
    pub fn chosen(&self, query: &str) -> bool {
        self.moved || !query.is_empty()
    }
}

/// Where Enter on a hit leads: an entry (the details mark the hit), or a
/// match in an article's text; a hit in the dossier's own text leads nowhere.
pub fn hit_target(hit: &Hit) -> Option<Target> {
    match (hit.place, hit.field) {
        (HitIn::Entity(EntityRef::Article(article)), Field::Text) => Some(Target::Match {
            article,
            start: hit.range.start,
            end: hit.range.end,
        }),
        (HitIn::Entity(entity), _) => Some(Target::Entity(entity)),
        (HitIn::Dossier, _) => None,
    }
}

/// Which match of its field a hit is (counted from 0): hits of one field
/// are next to each other, in the order of the text.
pub fn nth_in_field(hits: &[Hit], n: usize) -> usize {
    let Some(hit) = hits.get(n) else {
        return 0;
    };
    hits[..n]
        .iter()
        .rev()
        .take_while(|h| h.place == hit.place && h.field == hit.field)
        .count()
}

/// The first hit at or after a reading place (`hits.len()` when none is):
/// hits are in dossier order, so this is where reading would meet them.
pub fn first_from(hits: &[Hit], from: (HitIn, Option<usize>)) -> usize {
    let (place, byte) = from;
    hits.partition_point(|h| {
        h.place < place
            || (h.place == place
                && byte.is_some_and(|b| h.field != Field::Text || h.range.start < b))
    })
}
