//! Full-text search over a loaded dossier: a case-folded index of every
//! searchable text, an incremental scan that can stop and resume between
//! keystrokes, and one-line snippets of context around each hit.
//!
//! # Matching rule
//!
//! Matching follows "smart case": a query with no uppercase letter is
//! case-insensitive, by per-character Unicode lowercasing; a query with an
//! uppercase letter matches only text whose letters have the query's case.
//! With [`Options::words`], a query that starts (ends) with a letter or digit
//! matches only where the text does not continue that word before (after)
//! it: `ai` finds "AI" but not "said". Whitespace is folded as quotes are
//! matched: the query matches wherever a
//! run of whole characters of the text, each lowercased with
//! [`char::to_lowercase`] and each run of whitespace (line breaks, no-break
//! spaces) made one space, spells the query folded the same way. So a
//! snippet, whose whitespace is shown as single spaces, can be searched for
//! again, and text across a line break is found. Every match is reported,
//! overlapping ones included (`aa` is found twice in `aaa`). Ranges are byte
//! ranges of the original text, on character boundaries, never inside a run
//! of whitespace.
//!
//! As for quotes, text and query are first folded canonically (see
//! [`crate::canonical`]: composed, invisible characters left out), and a
//! match never starts or ends inside a combining sequence.
//!
//! # How the reader should call it
//!
//! Keep one [`Index`] next to the [`Dossier`] (creating it is cheap: the
//! lowercased copies are built lazily by the first search that reaches each
//! text, within that search's budget). On each change of the query, replace
//! the current [`Search`] with `Search::new(query)` (dropping the old one is
//! the cancellation). Between input events, while [`Search::is_done`] is
//! false, call [`Search::step`] with a byte budget (about [`STEP_BYTES`], well
//! under a millisecond) or [`Search::run_for`] with a time slice, poll for
//! input without waiting, and redraw; hits found so far are in
//! [`Search::hits`], already in their final order, so `3/17` style positions
//! never move while the search completes. No thread is needed.

use std::ops::Range;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use memchr::memmem;

use crate::content::{ArticleIx, Dossier, EntityRef, EventIx, IssueIx};
use crate::fold::Folding;
use crate::{canonical, fold, text};

/// Bytes of text a [`Search::step`] of this size scans: a fraction of a
/// millisecond, so a keystroke between two steps is never noticeably late.
pub const STEP_BYTES: usize = 256 * 1024;

/// A search stops collecting hits after this many (and says so), so that a
/// one-letter query over a huge dossier costs bounded time and memory.
pub const MAX_HITS: usize = 100_000;

/// Words of context kept on either side of a match in a [`Snippet`].
pub const CONTEXT_WORDS: usize = 4;
/// At most this many terminal cells of context on either side, so that text
/// without spaces (CJK, long URLs) still gives a one-line snippet.
pub const CONTEXT_CELLS: usize = 32;

/// Which text of an entity (or of the dossier) a hit is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// An event's, issue's or article's title.
    Title,
    /// An event's or issue's summary.
    Summary,
    /// Where an issue stands.
    Status,
    /// The stance of an issue's position, by index in `Issue::positions`.
    Position(usize),
    /// What the sources of an event disagree on.
    Disputed,
    /// Why an event's date is uncertain.
    DateNote,
    /// The curator's note on a source of an event or issue, by index in its `sources`.
    SourceNote(usize),
    /// The curator's note on a source of an issue's position: the position's
    /// index, then the source's.
    PositionSourceNote(usize, usize),
    /// The curator's note on an article.
    Note,
    /// The dossier's own description.
    Description,
    /// An article's text.
    Text,
}

impl Field {
    /// A short name for output and status lines.
    pub fn name(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Summary => "summary",
            Field::Status => "status",
            Field::Position(_) => "position",
            Field::Disputed => "disputed",
            Field::DateNote => "date note",
            Field::SourceNote(_) | Field::PositionSourceNote(..) => "source note",
            Field::Note => "note",
            Field::Description => "description",
            Field::Text => "text",
        }
    }
}

/// What a hit is in: the dossier itself (its description), or an entry.
/// Ordered as hits are: the dossier first, then entries in [`EntityRef`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HitIn {
    /// The dossier's own text.
    Dossier,
    /// An event, an issue or an article.
    Entity(EntityRef),
}

impl HitIn {
    /// The entry, when the place is one.
    pub fn entity(self) -> Option<EntityRef> {
        match self {
            HitIn::Dossier => None,
            HitIn::Entity(e) => Some(e),
        }
    }
}

/// The kind of place a hit is in; hits are grouped in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HitKind {
    /// In the dossier's description.
    Dossier,
    /// In an event.
    Event,
    /// In an issue.
    Issue,
    /// In an article.
    Article,
}

impl HitKind {
    /// Every kind, in display order.
    pub const ALL: [HitKind; 4] = [
        HitKind::Dossier,
        HitKind::Event,
        HitKind::Issue,
        HitKind::Article,
    ];

    /// The kind of `place`.
    pub fn of(place: HitIn) -> HitKind {
        match place {
            HitIn::Dossier => HitKind::Dossier,
            HitIn::Entity(EntityRef::Event(_)) => HitKind::Event,
            HitIn::Entity(EntityRef::Issue(_)) => HitKind::Issue,
            HitIn::Entity(EntityRef::Article(_)) => HitKind::Article,
        }
    }

    /// Its name, as `list` and `search` print it.
    pub fn name(self) -> &'static str {
        match self {
            HitKind::Dossier => "dossier",
            HitKind::Event => "event",
            HitKind::Issue => "issue",
            HitKind::Article => "article",
        }
    }
}

/// One match: where it is, as a byte range of the field's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// What the match is in.
    pub place: HitIn,
    /// The field of that place.
    pub field: Field,
    /// Byte range of the match in the field's original text.
    pub range: Range<usize>,
}

impl Hit {
    /// The kind of place the hit is in.
    pub fn kind(&self) -> HitKind {
        HitKind::of(self.place)
    }

    /// The entry the hit is in, unless it is in the dossier's own text.
    pub fn entity(&self) -> Option<EntityRef> {
        self.place.entity()
    }

    /// The text of the field this hit is in (empty if the hit does not
    /// belong to this dossier).
    pub fn text<'d>(&self, dossier: &'d Dossier) -> &'d str {
        field_text(dossier, self.place, self.field).unwrap_or("")
    }

    /// A one-line, sanitised view of the match with a few words either side.
    /// Computed on demand: a UI needs snippets only for the hits it shows.
    pub fn snippet(&self, dossier: &Dossier) -> Snippet {
        snippet(self.text(dossier), self.range.clone())
    }
}

/// The text of one field of one place, if both exist.
pub fn field_text(dossier: &Dossier, place: HitIn, field: Field) -> Option<&str> {
    let entity = match place {
        HitIn::Dossier => {
            return match field {
                Field::Description => dossier.meta.description.as_deref(),
                _ => None,
            };
        }
        HitIn::Entity(e) => e,
    };
    match (entity, field) {
        (EntityRef::Event(EventIx(i)), Field::Title) => dossier.events.get(i).map(|e| &*e.title),
        (EntityRef::Event(EventIx(i)), Field::Summary) => {
            dossier.events.get(i).map(|e| &*e.summary)
        }
        (EntityRef::Event(EventIx(i)), Field::Disputed) => {
            dossier.events.get(i).and_then(|e| e.disputed.as_deref())
        }
        (EntityRef::Event(EventIx(i)), Field::DateNote) => {
            dossier.events.get(i).and_then(|e| e.date_note.as_deref())
        }
        (EntityRef::Event(EventIx(i)), Field::SourceNote(n)) => dossier
            .events
            .get(i)
            .and_then(|e| e.sources.get(n)?.note.as_deref()),
        (EntityRef::Issue(IssueIx(i)), Field::Status) => {
            dossier.issues.get(i).and_then(|x| x.status.as_deref())
        }
        (EntityRef::Issue(IssueIx(i)), Field::SourceNote(n)) => dossier
            .issues
            .get(i)
            .and_then(|x| x.sources.get(n)?.note.as_deref()),
        (EntityRef::Issue(IssueIx(i)), Field::PositionSourceNote(p, n)) => dossier
            .issues
            .get(i)
            .and_then(|x| x.positions.get(p)?.sources.get(n)?.note.as_deref()),
        (EntityRef::Article(ArticleIx(i)), Field::Note) => {
            dossier.articles.get(i).and_then(|a| a.note.as_deref())
        }
        (EntityRef::Issue(IssueIx(i)), Field::Title) => dossier.issues.get(i).map(|x| &*x.title),
        (EntityRef::Issue(IssueIx(i)), Field::Summary) => {
            dossier.issues.get(i).map(|x| &*x.summary)
        }
        (EntityRef::Issue(IssueIx(i)), Field::Position(p)) => dossier
            .issues
            .get(i)
            .and_then(|x| x.positions.get(p))
            .map(|p| &*p.text),
        (EntityRef::Article(ArticleIx(i)), Field::Title) => {
            dossier.articles.get(i).map(|a| &*a.title)
        }
        (EntityRef::Article(ArticleIx(i)), Field::Text) => {
            dossier.articles.get(i).map(|a| &*a.text)
        }
        _ => None,
    }
}

/// Every searchable field of the dossier, in hit order: the dossier's
/// description, then events, issues and articles, each in dossier order,
/// fields in the order the reader's details show them. Fields left empty
/// are not listed.
fn fields(dossier: &Dossier) -> Vec<(HitIn, Field)> {
    let mut out = Vec::new();
    if dossier.meta.description.is_some() {
        out.push((HitIn::Dossier, Field::Description));
    }
    for (i, event) in dossier.events.iter().enumerate() {
        let e = HitIn::Entity(EntityRef::Event(EventIx(i)));
        out.push((e, Field::Title));
        out.push((e, Field::Summary));
        if event.disputed.is_some() {
            out.push((e, Field::Disputed));
        }
        if event.date_note.is_some() {
            out.push((e, Field::DateNote));
        }
        for (n, s) in event.sources.iter().enumerate() {
            if s.note.is_some() {
                out.push((e, Field::SourceNote(n)));
            }
        }
    }
    for (i, issue) in dossier.issues.iter().enumerate() {
        let e = HitIn::Entity(EntityRef::Issue(IssueIx(i)));
        out.push((e, Field::Title));
        if issue.status.is_some() {
            out.push((e, Field::Status));
        }
        out.push((e, Field::Summary));
        for (p, position) in issue.positions.iter().enumerate() {
            out.push((e, Field::Position(p)));
            for (n, s) in position.sources.iter().enumerate() {
                if s.note.is_some() {
                    out.push((e, Field::PositionSourceNote(p, n)));
                }
            }
        }
        for (n, s) in issue.sources.iter().enumerate() {
            if s.note.is_some() {
                out.push((e, Field::SourceNote(n)));
            }
        }
    }
    for (i, article) in dossier.articles.iter().enumerate() {
        let e = HitIn::Entity(EntityRef::Article(ArticleIx(i)));
        out.push((e, Field::Title));
        if article.note.is_some() {
            out.push((e, Field::Note));
        }
        out.push((e, Field::Text));
    }
    out
}

/// A text as search compares it: folded canonically when it needs to be,
/// then as [`Folding::SEARCH`] says, with the way back through both.
#[derive(Debug)]
struct Compared {
    text: fold::FoldedText,
    /// The canonical folding in between, when it changed the text.
    canon: Option<canonical::Canonical<'static>>,
}

impl Compared {
    fn new(s: &str) -> Compared {
        let canon = canonical::Canonical::new(s);
        if canon.is_unchanged() {
            return Compared {
                text: fold::FoldedText::new(s, Folding::SEARCH),
                canon: None,
            };
        }
        Compared {
            text: fold::FoldedText::new(canon.as_str(), Folding::SEARCH),
            canon: Some(canon.into_owned()),
        }
    }

    /// The original byte range of the folded range, if it has one.
    fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        let r = self.text.original(range)?;
        Some(match &self.canon {
            Some(canon) => canon.original(r),
            None => r,
        })
    }
}

/// The searchable texts of one dossier, lowercased lazily. Build one per
/// loaded dossier and pass the same dossier to every call that takes both.
#[derive(Debug)]
pub struct Index {
    fields: Vec<(HitIn, Field)>,
    folded: Vec<OnceLock<Compared>>,
}

impl Index {
    /// Lists the searchable fields; their lowercased copies are made on first use.
    pub fn new(dossier: &Dossier) -> Index {
        let fields = fields(dossier);
        let folded = fields.iter().map(|_| OnceLock::new()).collect();
        Index { fields, folded }
    }

    /// Makes every lowercased copy now (for instance on a thread at start-up,
    /// or in a benchmark), instead of during the first searches.
    pub fn build_all(&self, dossier: &Dossier) {
        for i in 0..self.fields.len() {
            self.folded(dossier, i);
        }
    }

    fn folded(&self, dossier: &Dossier, i: usize) -> Option<&Compared> {
        let (place, field) = *self.fields.get(i)?;
        let cell = self.folded.get(i)?;
        Some(cell.get_or_init(|| Compared::new(field_text(dossier, place, field).unwrap_or(""))))
    }

    /// Every hit of `query`, in order (at most [`MAX_HITS`]): for the command
    /// line and tests; the reader uses [`Search`] steps instead.
    pub fn search_all(&self, dossier: &Dossier, query: &str) -> Vec<Hit> {
        self.search_with(dossier, query, Options::default())
    }

    /// Every hit of `query` with `options`, in order (at most [`MAX_HITS`]).
    pub fn search_with(&self, dossier: &Dossier, query: &str, options: Options) -> Vec<Hit> {
        let mut search = Search::with_options(query, options);
        while !search.step(self, dossier, usize::MAX) {}
        search.hits
    }
}

/// The query folded the same way as the texts.
fn fold_query(query: &str) -> String {
    Folding::SEARCH.apply(canonical::Canonical::new(query).as_str())
}

/// A text folded as an exact-case match compares it: canonically, and
/// whitespace runs as one space, letters left as they are.
fn fold_exact(s: &str) -> String {
    Folding::WHITESPACE.apply(canonical::Canonical::new(s).as_str())
}

/// How a query matches, beyond the text itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// Whole words: no letter or digit may continue the text's word before a
    /// query that starts with one, or after a query that ends with one.
    pub words: bool,
}

/// Whether a query is matched with its letters' case ("smart case"): it has
/// an uppercase letter.
pub fn case_sensitive(query: &str) -> bool {
    query.chars().any(char::is_uppercase)
}

/// Whether `c` is part of a word, for whole-word matching.
fn word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// What a match must also satisfy, past the case-folded text being equal.
#[derive(Debug, Clone)]
struct Rule {
    /// The query folded with its case kept, when it is matched by case.
    exact: Option<String>,
    /// Check the word boundary before the match.
    word_start: bool,
    /// Check the word boundary after the match.
    word_end: bool,
}

impl Rule {
    fn new(query: &str, options: Options) -> Rule {
        let trimmed = query.trim();
        Rule {
            exact: case_sensitive(query).then(|| fold_exact(query)),
            word_start: options.words && trimmed.chars().next().is_some_and(word_char),
            word_end: options.words && trimmed.chars().next_back().is_some_and(word_char),
        }
    }

    /// Whether the match at `range` of the original `text` counts.
    fn accepts(&self, text: &str, range: &Range<usize>) -> bool {
        if self.word_start
            && text
                .get(..range.start)
                .and_then(|t| t.chars().next_back())
                .is_some_and(word_char)
        {
            return false;
        }
        if self.word_end
            && text
                .get(range.end..)
                .and_then(|t| t.chars().next())
                .is_some_and(word_char)
        {
            return false;
        }
        match &self.exact {
            Some(q) => text.get(range.clone()).is_some_and(|m| fold_exact(m) == *q),
            None => true,
        }
    }
}

/// Every match of `query` in one text, by the same rule as a [`Search`]:
/// byte ranges of `text`, in order. For marking matches in text shown
/// outside the search's own fields (a reflowed paragraph, say).
pub fn find_in(text: &str, query: &str, options: Options) -> Vec<Range<usize>> {
    let needle = fold_query(query);
    if needle.is_empty() {
        return Vec::new();
    }
    let finder = memmem::Finder::new(needle.as_bytes());
    let rule = Rule::new(query, options);
    let folded = Compared::new(text);
    let hay = folded.text.text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = hay.get(at..).and_then(|h| finder.find(h)) {
        let start = at + found;
        let end = start + needle.len();
        if !canonical::splits_a_sequence(&folded.text.text, start..end)
            && let Some(range) = folded.original(start..end)
            && rule.accepts(text, &range)
        {
            out.push(range);
        }
        at = start + 1;
    }
    out
}

/// One search, run in steps. Dropping it cancels it.
#[derive(Debug)]
pub struct Search {
    query: String,
    options: Options,
    rule: Rule,
    finder: memmem::Finder<'static>,
    /// Next field to scan, and the folded byte offset to resume from in it.
    field: usize,
    pos: usize,
    hits: Vec<Hit>,
    done: bool,
    truncated: bool,
}

impl Search {
    /// A search for `query`, nothing scanned yet. An empty query has no hits.
    pub fn new(query: &str) -> Search {
        Search::with_options(query, Options::default())
    }

    /// A search for `query` with `options`, nothing scanned yet.
    pub fn with_options(query: &str, options: Options) -> Search {
        let folded = fold_query(query);
        let done = folded.is_empty();
        Search {
            finder: memmem::Finder::new(folded.as_bytes()).into_owned(),
            query: query.to_owned(),
            options,
            rule: Rule::new(query, options),
            field: 0,
            pos: 0,
            hits: Vec::new(),
            done,
            truncated: false,
        }
    }

    /// The query as typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The options it matches with.
    pub fn options(&self) -> Options {
        self.options
    }

    /// Whether it matches letters by case (the query has an uppercase letter).
    pub fn case_sensitive(&self) -> bool {
        self.rule.exact.is_some()
    }

    /// Hits found so far, in final order: by kind (events, issues,
    /// articles), then entity order, then field, then position.
    pub fn hits(&self) -> &[Hit] {
        &self.hits
    }

    /// The hits of one kind (a contiguous part of [`Search::hits`]).
    pub fn group(&self, kind: HitKind) -> &[Hit] {
        let start = self.hits.partition_point(|h| h.kind() < kind);
        let end = self.hits.partition_point(|h| h.kind() <= kind);
        &self.hits[start..end]
    }

    /// Whether every text has been scanned (or the hit limit reached).
    pub fn is_done(&self) -> bool {
        self.done
    }

    /// Whether the search stopped at [`MAX_HITS`] before scanning everything.
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// Takes the hits, leaving none.
    pub fn into_hits(self) -> Vec<Hit> {
        self.hits
    }

    /// Scans about `budget` more bytes of text (at least one field's worth
    /// of progress) and returns whether the search is done.
    pub fn step(&mut self, index: &Index, dossier: &Dossier, budget: usize) -> bool {
        let needle_len = self.finder.needle().len();
        let mut left = budget.max(1);
        while !self.done && left > 0 {
            let Some(folded) = index.folded(dossier, self.field) else {
                self.done = true;
                break;
            };
            let (place, field) = index.fields[self.field];
            let original = field_text(dossier, place, field).unwrap_or("");
            let hay = folded.text.text.as_bytes();
            // Scan matches that start in pos..chunk_end; the window reaches
            // past it by the needle's length so none is cut in two.
            let chunk_end = self.pos.saturating_add(left).min(hay.len());
            let window_end = chunk_end
                .saturating_add(needle_len.saturating_sub(1))
                .min(hay.len());
            let mut at = self.pos;
            while at < chunk_end {
                let Some(found) = self.finder.find(&hay[at..window_end]) else {
                    break;
                };
                let start = at + found;
                if start >= chunk_end {
                    break;
                }
                let whole =
                    !canonical::splits_a_sequence(&folded.text.text, start..start + needle_len);
                if let Some(range) = folded
                    .original(start..start + needle_len)
                    .filter(|r| whole && self.rule.accepts(original, r))
                {
                    if self.hits.len() >= MAX_HITS {
                        self.truncated = true;
                        self.done = true;
                        return true;
                    }
                    self.hits.push(Hit {
                        place,
                        field,
                        range,
                    });
                }
                // Matches may overlap: resume one byte on (the needle starts
                // with a leading byte, so only character starts can match).
                at = start + 1;
            }
            left -= (chunk_end - self.pos).max(1).min(left);
            if chunk_end >= hay.len() {
                self.field += 1;
                self.pos = 0;
                if self.field >= index.fields.len() {
                    self.done = true;
                }
            } else {
                self.pos = chunk_end;
            }
        }
        self.done
    }

    /// Runs steps of [`STEP_BYTES`] until done or until `slice` has passed;
    /// returns whether the search is done.
    pub fn run_for(&mut self, index: &Index, dossier: &Dossier, slice: Duration) -> bool {
        let deadline = Instant::now() + slice;
        while !self.step(index, dossier, STEP_BYTES) {
            if Instant::now() >= deadline {
                return false;
            }
        }
        true
    }
}

/// A one-line view of a match in its context, safe to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// Sanitised, whitespace folded to single spaces, `…` where context was cut.
    pub text: String,
    /// Byte range of the match within `text`, for highlighting.
    pub highlight: Range<usize>,
}

/// The snippet for the match `range` of `text`: up to [`CONTEXT_WORDS`] words
/// (and [`CONTEXT_CELLS`] cells) either side. A range that is out of bounds or
/// not on character boundaries is narrowed to one that is.
pub fn snippet(text: &str, range: Range<usize>) -> Snippet {
    let mut start = range.start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = range.end.clamp(start, text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }

    let from = context_start(text, start);
    let to = context_end(text, end);

    let mut out = Snippet {
        text: String::with_capacity(to - from + 8),
        highlight: 0..0,
    };
    if from > 0 {
        out.text.push('…');
    }
    push_clean(&mut out.text, &text[from..start]);
    out.highlight.start = out.text.len();
    push_clean(&mut out.text, &text[start..end]);
    out.highlight.end = out.text.len();
    push_clean(&mut out.text, &text[end..to]);
    if to < text.len() {
        out.text.push('…');
    }
    out
}

/// Appends `s` sanitised for one line, each run of whitespace as one space.
fn push_clean(out: &mut String, s: &str) {
    for c in s.chars() {
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push(text::display_char(c));
        }
    }
}

/// How many bytes of context to take from `chars`, walking away from a
/// match: up to `CONTEXT_WORDS` words and `CONTEXT_CELLS` cells. Also says
/// whether the width limit cut it (possibly inside a word).
fn take_context(chars: impl Iterator<Item = char>) -> (usize, bool) {
    let mut taken = 0;
    let mut cells = 0;
    let mut words = 0;
    let mut in_word = false;
    for c in chars {
        if c.is_whitespace() {
            if in_word {
                words += 1;
                in_word = false;
                if words == CONTEXT_WORDS {
                    return (taken, false);
                }
            }
        } else {
            in_word = true;
        }
        cells += text::char_width(c);
        if cells > CONTEXT_CELLS {
            return (taken, true);
        }
        taken += c.len_utf8();
    }
    (taken, false)
}

/// Where the context before byte `start` begins.
fn context_start(text: &str, start: usize) -> usize {
    let (taken, cut) = take_context(text[..start].chars().rev());
    let mut from = start - taken;
    // Cut by width inside a word: start at the next word if there is one.
    if cut && let Some(ws) = text[from..start].find(char::is_whitespace) {
        from += ws;
    }
    // Leading spaces carry nothing.
    from + (text[from..start].len() - text[from..start].trim_start().len())
}

/// Where the context after byte `end` ends.
fn context_end(text: &str, end: usize) -> usize {
    let (taken, cut) = take_context(text[end..].chars());
    let mut to = end + taken;
    if cut && let Some(ws) = text[end..to].rfind(char::is_whitespace) {
        to = end + ws;
    }
    end + text[end..to].trim_end().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Article, Event, Issue, Kind, PartialDate};
    use proptest::prelude::*;

    fn event(id: &str, title: &str, summary: &str) -> Event {
        Event {
            id: id.into(),
            title: title.into(),
            date: PartialDate::year(2024).into(),
            end: None,
            weekday: None,
            bounds: crate::content::Dating::of(PartialDate::year(2024).into(), None).bounds,
            after: Vec::new(),
            before: Vec::new(),
            kind: Kind::Talks,
            issues: Vec::new(),
            summary: summary.into(),
            date_note: None,
            disputed: None,
            sources: Vec::new(),
        }
    }

    fn issue(id: &str, title: &str, summary: &str, positions: &[(&str, &str)]) -> Issue {
        Issue {
            id: id.into(),
            title: title.into(),
            summary: summary.into(),
            status: None,
            positions: positions
                .iter()
                .map(|(s, p)| crate::content::Position::plain(s, p))
                .collect(),
            related: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
        }
    }

    fn article(id: &str, title: &str, text: &str) -> Article {
        Article::stub(id, title, text)
    }

    fn sample() -> Dossier {
        Dossier {
            events: vec![
                event("talks-begin", "Formal talks begin", "AI is on the table."),
                event("deal", "Tentative deal", "Protections for AI and wages."),
            ],
            issues: vec![issue(
                "ai",
                "AI protections",
                "What the union sought.",
                &[("union", "no displacement by AI"), ("studios", "silent")],
            )],
            articles: vec![article(
                "variety",
                "Deal reached",
                "The studios agreed that ai prompts\ncannot displace crew. More on AI later.",
            )],
            ..Dossier::default()
        }
    }

    /// Every match by the documented rule (smart case, without whole
    /// words), found the slow way: every pair
    /// of character boundaries not inside a run of whitespace whose text,
    /// lowercased one character at a time with whitespace runs as one space,
    /// spells the folded query.
    fn naive(original: &str, query: &str) -> Vec<Range<usize>> {
        let q = fold_query(query);
        let mut out = Vec::new();
        if q.is_empty() {
            return out;
        }
        // Composed first, and matches inside combining sequences left out.
        let canon = canonical::Canonical::new(original);
        let text = canon.as_str();
        let fold = |s: &str| {
            let mut f = String::new();
            for c in s.chars() {
                if c.is_whitespace() {
                    if !f.ends_with(' ') || f.is_empty() {
                        f.push(' ');
                    }
                } else {
                    f.extend(c.to_lowercase());
                }
            }
            f
        };
        let ws = |p: usize, before: bool| {
            let c = if before {
                text[..p].chars().next_back()
            } else {
                text[p..].chars().next()
            };
            c.is_some_and(char::is_whitespace)
        };
        let bounds: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .filter(|&p| !(ws(p, true) && ws(p, false)))
            .collect();
        for (k, &start) in bounds.iter().enumerate() {
            for &end in &bounds[k + 1..] {
                let f = fold(&text[start..end]);
                // Smart case: a query with an uppercase letter keeps its case.
                let cased =
                    !case_sensitive(query) || fold_exact(&text[start..end]) == fold_exact(query);
                if f == q && cased && !canonical::splits_a_sequence(text, start..end) {
                    out.push(canon.original(start..end));
                }
                if f.len() > q.len() + 4 {
                    break;
                }
            }
        }
        out
    }

    #[test]
    fn canonically_equal_text_is_found_and_invisible_characters_ignored() {
        let nfd = "Zoe\u{308} Bronte\u{308}; Arbeit\u{ad}nehmer";
        let d = one_article(nfd);
        let index = Index::new(&d);
        let hits = ranges(&index.search_all(&d, "zoë"));
        assert_eq!(hits.len(), 1);
        assert_eq!(&nfd[hits[0].clone()], "Zoe\u{308}");
        let hits = ranges(&index.search_all(&d, "bronte\u{308}"));
        assert_eq!(&nfd[hits[0].clone()], "Bronte\u{308}");
        let hits = ranges(&index.search_all(&d, "arbeitnehmer"));
        assert_eq!(&nfd[hits[0].clone()], "Arbeit\u{ad}nehmer");
        // Not the start of a combining sequence.
        assert!(index.search_all(&d, "zoe").is_empty());
        let d = one_article("q\u{307} q");
        assert_eq!(ranges(&Index::new(&d).search_all(&d, "q")), vec![4..5]);
    }

    fn ranges(hits: &[Hit]) -> Vec<Range<usize>> {
        hits.iter().map(|h| h.range.clone()).collect()
    }

    fn one_article(text: &str) -> Dossier {
        Dossier {
            articles: vec![article("a", "", text)],
            ..Dossier::default()
        }
    }

    proptest! {
        #[test]
        fn finds_exactly_what_a_naive_scan_finds(
            text in "[aAbB İıKkßé\u{212a}Σσς\u{307}\u{ad}\n-]{0,40}",
            query in "[aAbB İıKkßé\u{212a}Σσ\u{307}]{1,4}",
            budget in 1usize..16,
        ) {
            let d = one_article(&text);
            let index = Index::new(&d);
            let expected = naive(&text, &query);
            prop_assert_eq!(ranges(&index.search_all(&d, &query)), expected.clone());
            // The same hits when the scan is cut into small steps.
            let mut s = Search::new(&query);
            let mut steps = 0;
            while !s.step(&index, &d, budget) {
                steps += 1;
                prop_assert!(steps < 10_000);
            }
            prop_assert_eq!(ranges(s.hits()), expected);
        }

        #[test]
        fn ascii_overlapping_and_mixed_case(
            text in "[aAbB]{0,60}",
            query in "[aAbB]{1,3}",
        ) {
            let d = one_article(&text);
            let hits = Index::new(&d).search_all(&d, &query);
            prop_assert_eq!(ranges(&hits), naive(&text, &query));
            for h in &hits {
                prop_assert!(text[h.range.clone()].eq_ignore_ascii_case(&query));
            }
        }
    }

    #[test]
    fn whitespace_folds_as_in_quotes() {
        let text = "The union\n\n  said\u{a0}talks   went well.";
        let d = one_article(text);
        let index = Index::new(&d);
        let hits = index.search_all(&d, "union said talks");
        assert_eq!(ranges(&hits), vec![4..text.find("   went").unwrap_or(0)]);
        // A snippet shows whitespace as single spaces; searched for, it is found again.
        let snippet = hits[0].snippet(&d).text;
        let again = snippet.trim_matches('…').trim();
        assert!(
            !ranges(&index.search_all(&d, again)).is_empty(),
            "{snippet}"
        );
        // A space in the query matches a whole run, never a part of one.
        let (t, w) = (
            text.find("talks").unwrap_or(0),
            text.find("went").unwrap_or(0),
        );
        assert_eq!(ranges(&index.search_all(&d, "talks w")), vec![t..w + 1]);
    }

    #[test]
    fn overlapping_matches_are_all_found() {
        let d = one_article("aAaa");
        let hits = Index::new(&d).search_all(&d, "aa");
        assert_eq!(ranges(&hits), vec![0..2, 1..3, 2..4]);
    }

    #[test]
    fn hits_are_grouped_by_kind_in_dossier_order() {
        let d = sample();
        let index = Index::new(&d);
        let mut s = Search::new("ai");
        while !s.step(&index, &d, 7) {}
        let found: Vec<(EntityRef, Field, usize)> = s
            .hits()
            .iter()
            .filter_map(|h| Some((h.entity()?, h.field, h.range.start)))
            .collect();
        assert_eq!(
            found,
            vec![
                (EntityRef::Event(EventIx(0)), Field::Summary, 0),
                (EntityRef::Event(EventIx(1)), Field::Summary, 16),
                (EntityRef::Issue(IssueIx(0)), Field::Title, 0),
                (EntityRef::Issue(IssueIx(0)), Field::Position(0), 19),
                (EntityRef::Article(ArticleIx(0)), Field::Text, 24),
                (EntityRef::Article(ArticleIx(0)), Field::Text, 65),
            ]
        );
        assert_eq!(s.group(HitKind::Event).len(), 2);
        assert_eq!(s.group(HitKind::Issue).len(), 2);
        assert_eq!(s.group(HitKind::Article).len(), 2);
        for h in s.hits() {
            assert!(h.text(&d)[h.range.clone()].eq_ignore_ascii_case("ai"));
        }
    }

    #[test]
    fn empty_query_has_no_hits_and_is_done() {
        let d = sample();
        let s = Search::new("");
        assert!(s.is_done());
        assert!(Index::new(&d).search_all(&d, "").is_empty());
    }

    #[test]
    fn non_ascii_queries_match_by_lowercasing() {
        let d = one_article("ÉTÉ à Paris, été; İstanbul; 3 \u{212a}g");
        let index = Index::new(&d);
        let t = &d.articles[0].text;
        let hits = index.search_all(&d, "été");
        assert_eq!(hits.len(), 2);
        assert_eq!(&t[hits[0].range.clone()], "ÉTÉ");
        assert_eq!(&t[hits[1].range.clone()], "été");
        // İ lowercases to two characters; offsets still point into the original.
        let hits = index.search_all(&d, "i\u{307}stanbul");
        assert_eq!(hits.len(), 1);
        assert_eq!(&t[hits[0].range.clone()], "İstanbul");
        // Half of İ's lowercase is not a match: ranges stay on whole characters.
        assert!(index.search_all(&d, "\u{307}stanbul").is_empty());
        // The Kelvin sign lowercases to an ASCII k.
        let hits = index.search_all(&d, "kg");
        assert_eq!(hits.len(), 1);
        assert_eq!(&t[hits[0].range.clone()], "\u{212a}g");
    }

    #[test]
    fn snippet_keeps_a_few_words_and_marks_the_match() {
        let text =
            "one two three four five six seven EIGHT nine ten eleven twelve thirteen fourteen";
        let start = text.find("EIGHT").unwrap_or(0);
        let s = snippet(text, start..start + 5);
        assert_eq!(s.text, "…four five six seven EIGHT nine ten eleven twelve…");
        assert_eq!(&s.text[s.highlight.clone()], "EIGHT");
    }

    #[test]
    fn snippet_is_one_sanitised_line() {
        let text = "before\x1b[31m\n\nred\ttext \u{202e}match\u{202e} after\r\nend";
        let start = text.find("match").unwrap_or(0);
        let s = snippet(text, start..start + 5);
        assert_eq!(
            s.text,
            "before␛[31m red text \u{fffd}match\u{fffd} after end"
        );
        assert_eq!(&s.text[s.highlight.clone()], "match");
        assert!(!s.text.chars().any(char::is_control), "{:?}", s.text);
    }

    #[test]
    fn snippet_bounds_context_without_spaces_by_width() {
        let text = format!("{}目標{}", "日本語".repeat(20), "テキスト".repeat(20));
        let start = text.find("目標").unwrap_or(0);
        let s = snippet(&text, start..start + "目標".len());
        assert_eq!(&s.text[s.highlight.clone()], "目標");
        let before = text::width(&s.text[..s.highlight.start]);
        let after = text::width(&s.text[s.highlight.end..]);
        // Context of at most CONTEXT_CELLS either side, plus the ellipsis;
        // never half a wide character.
        assert!(
            (CONTEXT_CELLS - 1..=CONTEXT_CELLS + 1).contains(&before),
            "{before}"
        );
        assert!(
            (CONTEXT_CELLS - 1..=CONTEXT_CELLS + 1).contains(&after),
            "{after}"
        );
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
    }

    #[test]
    fn snippet_of_a_hit_from_search() {
        let d = sample();
        let hits = Index::new(&d).search_all(&d, "prompts");
        assert_eq!(hits.len(), 1);
        let s = hits[0].snippet(&d);
        // Four words either side; the line break becomes a space.
        assert_eq!(
            s.text,
            "…studios agreed that ai prompts cannot displace crew. More…"
        );
        assert_eq!(&s.text[s.highlight.clone()], "prompts");
    }

    #[test]
    fn snippet_tolerates_bad_ranges() {
        let s = snippet("héllo", 2..99);
        assert_eq!(&s.text[s.highlight.clone()], "éllo");
        let (from, to) = (5, 1);
        let s = snippet("", from..to);
        assert_eq!(s.text, "");
    }

    #[test]
    fn smart_case_matches_by_case_only_with_an_uppercase_letter() {
        let d = one_article("AI said; the ai fair, Ai.");
        let index = Index::new(&d);
        let t = &d.articles[0].text;
        let found = |q: &str, words: bool| -> Vec<&str> {
            index
                .search_with(&d, q, Options { words })
                .iter()
                .filter(|h| h.field == Field::Text)
                .map(|h| &t[h.range.clone()])
                .collect()
        };
        assert_eq!(found("ai", false), ["AI", "ai", "ai", "ai", "Ai"]);
        assert_eq!(found("AI", false), ["AI"]);
        assert_eq!(found("Ai", false), ["Ai"]);
        assert!(case_sensitive("Ai") && !case_sensitive("ai é"));
        // Whole words: "said" and "fair" hold "ai" inside a word.
        assert_eq!(found("ai", true), ["AI", "ai", "Ai"]);
        assert_eq!(found("AI", true), ["AI"]);
        // A query's edges that are not letters set no boundary.
        assert_eq!(found("ai.", true), ["Ai."]);
        assert_eq!(found("aid", true), Vec::<&str>::new());
    }

    #[test]
    fn whole_words_keep_whitespace_folding_and_canonical_matching() {
        let text = "the union\n  said; Zoe\u{308} wins; zoës";
        let d = one_article(text);
        let index = Index::new(&d);
        let words = Options { words: true };
        let hits = ranges(&index.search_with(&d, "union said", words));
        assert_eq!(hits, vec![4..text.find(';').unwrap_or(0)]);
        let hits = index.search_with(&d, "zoë", words);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(&text[hits[0].range.clone()], "Zoe\u{308}");
        // Exact case still matches across line breaks, canonically.
        let hits = ranges(&index.search_with(&d, "Zoë", Options::default()));
        assert_eq!(hits.len(), 1);
    }

    #[test]
    fn every_prose_field_is_searched() {
        use crate::content::{Meta, Source};
        let mut d = sample();
        d.meta = Meta {
            title: "T".into(),
            subtitle: None,
            description: Some("Dates follow the zebra rule.".into()),
            ..Meta::default()
        };
        d.events[0].disputed = Some("A zebra disagreement.".into());
        d.events[0].date_note = Some("Zebra date.".into());
        let source = Source {
            article: ArticleIx(0),
            quote: "The studios".into(),
            span: 0..11,
            note: Some("zebra note".into()),
            line: 0,
        };
        d.events[1].sources.push(source.clone());
        d.issues[0].status = Some("Zebra status.".into());
        d.issues[0].sources.push(source.clone());
        d.issues[0].positions[1].sources.push(source);
        d.articles[0].note = Some("An article zebra.".into());
        let hits = Index::new(&d).search_all(&d, "zebra");
        let found: Vec<(HitIn, Field)> = hits.iter().map(|h| (h.place, h.field)).collect();
        let ev = |i| HitIn::Entity(EntityRef::Event(EventIx(i)));
        let is = HitIn::Entity(EntityRef::Issue(IssueIx(0)));
        assert_eq!(
            found,
            vec![
                (HitIn::Dossier, Field::Description),
                (ev(0), Field::Disputed),
                (ev(0), Field::DateNote),
                (ev(1), Field::SourceNote(0)),
                (is, Field::Status),
                (is, Field::PositionSourceNote(1, 0)),
                (is, Field::SourceNote(0)),
                (HitIn::Entity(EntityRef::Article(ArticleIx(0))), Field::Note),
            ]
        );
        for h in &hits {
            assert!(h.text(&d)[h.range.clone()].eq_ignore_ascii_case("zebra"));
        }
        assert_eq!(hits[0].kind(), HitKind::Dossier);
    }

    #[test]
    fn find_in_agrees_with_the_search() {
        let text = "AI said\n the   ai fair AI";
        let d = one_article(text);
        let index = Index::new(&d);
        for (q, words) in [
            ("ai", false),
            ("ai", true),
            ("AI", false),
            ("said the", true),
        ] {
            let o = Options { words };
            let search: Vec<Range<usize>> = index
                .search_with(&d, q, o)
                .into_iter()
                .filter(|h| h.field == Field::Text)
                .map(|h| h.range)
                .collect();
            assert_eq!(find_in(text, q, o), search, "{q} {words}");
        }
        assert!(find_in(text, "", Options::default()).is_empty());
    }

    #[test]
    fn search_stops_at_the_hit_limit() {
        let d = one_article(&"a".repeat(MAX_HITS + 10));
        let index = Index::new(&d);
        let mut s = Search::new("a");
        assert!(s.step(&index, &d, usize::MAX));
        assert!(s.is_truncated());
        assert_eq!(s.hits().len(), MAX_HITS);
    }
}
