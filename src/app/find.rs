//! Finding things, as state: the search (its incremental [`Search`], the rows
//! it shows, the hit `n`/`N` are at), the go-to picker, and an open prompt.
//! What the keys do with them is in [`super::prompt`].

use std::fmt;

use crate::content::{Dossier, EntityRef};
use crate::picker::{Pick, Picker};
use crate::search::{Field, Hit, HitKind, Index, STEP_BYTES, Search};

use super::action::Target;
use super::history::Location;
use super::lens::Lens;

/// One row of the search overlay's list: hits grouped by kind, then by entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HitRow {
    /// The start of a kind's group.
    Heading(HitKind),
    /// The entity the hits below are in.
    Entity(EntityRef),
    /// Hit number `n` of the search.
    Hit(usize),
}

/// The search: the dossier's index, the last query's search, and its rows.
#[derive(Debug)]
pub struct SearchState {
    pub index: Index,
    /// The last query's search; its query is kept for the session.
    pub search: Search,
    /// Rows for the hits found so far; hits only ever append, so rows do too.
    pub rows: Vec<HitRow>,
    /// The row of each hit.
    pub hit_rows: Vec<usize>,
    /// The hit `n`/`N` went to last, for the `3/17` in the status line.
    pub current: Option<usize>,
}

impl SearchState {
    fn new(d: &Dossier) -> SearchState {
        SearchState {
            index: Index::new(d),
            search: Search::new(""),
            rows: Vec::new(),
            hit_rows: Vec::new(),
            current: None,
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
        self.search = Search::new(query);
        self.rows.clear();
        self.hit_rows.clear();
        self.current = None;
        self.step(d, STEP_BYTES);
    }

    /// Scans a little more and adds rows for the new hits.
    pub(super) fn step(&mut self, d: &Dossier, budget: usize) {
        if !self.search.is_done() {
            self.search.step(&self.index, d, budget);
        }
        let hits = self.search.hits();
        for (n, hit) in hits.iter().enumerate().skip(self.hit_rows.len()) {
            let prev = n.checked_sub(1).and_then(|p| hits.get(p));
            if prev.is_none_or(|p| p.kind() != hit.kind()) {
                self.rows.push(HitRow::Heading(hit.kind()));
            }
            if prev.is_none_or(|p| p.entity != hit.entity) {
                self.rows.push(HitRow::Entity(hit.entity));
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

impl Find {
    pub fn new(d: &Dossier) -> Find {
        Find {
            search: SearchState::new(d),
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
    pub lens: Lens,
}

/// Where Enter on a hit leads.
pub fn hit_target(hit: &Hit) -> Target {
    match (hit.entity, hit.field) {
        (EntityRef::Article(article), Field::Text) => Target::Match {
            article,
            start: hit.range.start,
            end: hit.range.end,
        },
        (entity, _) => Target::Entity(entity),
    }
}
