//! The reader's state and behaviour, with no drawing. Keys become
//! [`Action`]s through the [`keymap`]; [`update`] is the only entry that
//! changes the state, and it returns [`Effect`]s for the reader's loop.
//! State is grouped per pane: [`Nav`] (the left list), [`DetailsView`],
//! [`ArticleView`], plus the [`History`] of jumps, an optional overlay, the
//! search and go-to state ([`find`]) and the timeline's filter ([`lens`]).
//! The fields are private to this module: drawing and tests read them
//! through accessors.
//!
//! This file holds the state's types and the questions asked of it; what
//! changes it is in [`update`] (the dispatch), `navigate` (moving, following,
//! jumps), `panes` (keeping each pane's rows and scroll right), `prompt`
//! (search and go-to), `mouse`, `copy` and `reload`.

pub mod about;
mod action;
pub mod cite;
mod copy;
pub mod details;
pub mod edit;
pub mod find;
pub mod hints;
mod history;
pub mod keymap;
pub mod layout;
pub mod lens;
mod listing;
mod mouse;
mod navigate;
pub mod overlay;
mod overlay_keys;
mod panes;
pub mod passages;
pub mod picture;
mod prompt;
mod reading;
mod reload;
pub mod remember;
pub mod select;
pub mod sides;
mod update;
pub mod wrap;

use std::rc::Rc;

use ratatui::layout::Rect;

pub use action::{
    Action, Append, Command, Effect, Exit, Followed, ListKind, Mode, OpenAt, Pane, Reload, Target,
};
pub use find::{Find, Prompt};
pub use history::{History, Location};
pub use lens::Lens;
pub use listing::{OUTLET_WIDTH, TITLE_ROWS};
pub use navigate::location;
pub use prompt::busy;
pub use reading::Reading;
pub use reload::nothing_loaded;
pub use update::{Undo, next_undo, update};

use details::LinkEntry;
use dossier_core::content::date::Datings;
use dossier_core::content::{ArticleIx, Dossier, EntityRef, IssueIx, SourceRef};
use wrap::{WrapCache, Wrapped};

/// Selection and scroll of one list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListCursor {
    pub selected: usize,
    /// First row shown.
    pub offset: usize,
}

/// The left pane: which list it shows and where each list is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Nav {
    pub kind: Option<ListKind>,
    pub timeline: ListCursor,
    pub issues: ListCursor,
    pub articles: ListCursor,
}

impl Nav {
    pub fn kind(&self) -> ListKind {
        self.kind.unwrap_or(ListKind::Timeline)
    }
    pub fn state(&self, kind: ListKind) -> &ListCursor {
        match kind {
            ListKind::Timeline => &self.timeline,
            ListKind::Issues => &self.issues,
            ListKind::Articles => &self.articles,
        }
    }
    pub fn state_mut(&mut self, kind: ListKind) -> &mut ListCursor {
        match kind {
            ListKind::Timeline => &mut self.timeline,
            ListKind::Issues => &mut self.issues,
            ListKind::Articles => &mut self.articles,
        }
    }
    pub fn current(&self) -> &ListCursor {
        self.state(self.kind())
    }
}

/// The details pane: what it shows, its rows at the current width, and which
/// link is selected.
#[derive(Debug, Clone, Default)]
pub struct DetailsView {
    pub shown: Option<EntityRef>,
    pub width: u16,
    pub content: details::Content,
    pub selected: Option<usize>,
    /// First row shown.
    pub scroll: usize,
    /// What the rows mark: a search's matches.
    pub marker: Option<details::Marker>,
    /// The mark of the search hit gone to, shown apart from the others.
    pub current_mark: Option<usize>,
}

impl DetailsView {
    pub fn selected_link(&self) -> Option<&LinkEntry> {
        self.selected.and_then(|s| self.content.links.get(s))
    }
}

/// The article pane: which article, which passage is followed, where it is
/// scrolled, and its lines at the pane's width.
#[derive(Debug, Default)]
pub struct ArticleView {
    pub shown: Option<ArticleIx>,
    /// What is highlighted in the text.
    pub followed: Option<Followed>,
    /// First body row shown.
    pub scroll: usize,
    /// The shown article's lines at the pane's width.
    pub wrapped: Option<Rc<Wrapped>>,
    cache: WrapCache,
}

impl ArticleView {
    /// The cited passage highlighted, if the highlight is one.
    pub fn passage(&self) -> Option<SourceRef> {
        self.followed.and_then(Followed::passage)
    }

    pub fn lines(&self) -> &[std::ops::Range<usize>] {
        self.wrapped.as_deref().map_or(&[], |w| &w.lines)
    }
}

/// Where a view is in content longer than it: its first row, the content's
/// rows, and the rows shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScrollPosition {
    pub top: usize,
    pub len: usize,
    pub height: usize,
}

impl ScrollPosition {
    /// `Top`, `Bot`, or how far down, in percent.
    pub fn label(self) -> String {
        let max = self.len.saturating_sub(self.height);
        if self.top == 0 {
            "Top".into()
        } else if self.top >= max {
            "Bot".into()
        } else {
            // Scrolled at all is at least 1%: 0% would read as the top.
            format!("{}%", (self.top * 100 / max.max(1)).max(1))
        }
    }
}

/// Which overlay covers the panes, and how far it is scrolled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Problems {
        scroll: usize,
    },
    /// The search prompt, over the left pane; the other panes preview the hit.
    Search(Prompt),
    /// The go-to picker, over the left pane; the other panes preview the pick.
    GoTo(Prompt),
    /// The list of pins, with the one selected.
    Bookmarks {
        selected: usize,
    },
    /// What the dossier says about itself ([`about`]).
    About {
        scroll: usize,
    },
    /// The sides, issue by issue; its place is [`App::sides`].
    Sides,
    /// The entries that cite passage `passage` of the shown article, to
    /// choose which to go to.
    Citers {
        passage: usize,
        selected: usize,
    },
    /// A passage of the shown article being selected ([`select`]): its keys
    /// move the selection, the article stays in view.
    Select,
    /// The `[[sources]]` block citing the selection, as copied.
    Cite {
        block: String,
    },
    /// Asking on the status line which entry the selection is added to.
    Append,
}

impl Overlay {
    /// Whether the overlay takes typed text.
    pub fn is_prompt(&self) -> bool {
        matches!(self, Overlay::Search(_) | Overlay::GoTo(_))
    }
}

/// Facts about the dossier computed once, so no frame walks the whole dossier.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub errors: usize,
    pub warnings: usize,
    /// The year every event shares, left out of the timeline's dates.
    pub common_year: Option<i32>,
    /// Width of the timeline's date column.
    pub date_width: usize,
    /// Each article's cited passages, by article index: made the first
    /// time they are wanted ([`Facts::passages_of`]).
    passages: Vec<std::sync::OnceLock<Vec<passages::Passage>>>,
}

/// The whole reader.
#[derive(Debug)]
pub struct App {
    dossier: std::sync::Arc<Dossier>,
    facts: Facts,
    /// The terminal's area.
    size: Rect,
    focus: Pane,
    nav: Nav,
    details: DetailsView,
    article: ArticleView,
    history: History,
    overlay: Option<Overlay>,
    find: Find,
    /// The timeline's filter.
    lens: Lens,
    /// A one-time message for the status line, cleared by the next key.
    notice: Option<String>,
    /// Draw with attributes only (NO_COLOR).
    monochrome: bool,
    /// The keys, as the configuration sets them.
    keymap: keymap::Keymap<'static>,
    /// What is remembered between runs.
    memory: remember::Memory,
    /// The focused pane fills the screen.
    zoomed: bool,
    /// The folder the dossier was read from, as shown; none when bundled.
    folder: Option<String>,
    /// The dossier came from the cache of loaded dossiers.
    from_cache: bool,
    /// It came from the cache with only the first screen's files compared,
    /// and the others are being compared.
    checking: bool,
    /// The sides view: its rows, selection and scroll, kept while closed.
    sides: sides::SidesView,
    /// Where the panes were before the resizes since the last action.
    resized_from: Option<panes::BeforeResize>,
    /// The timeline as a picture: shown or not, its zoom and its cells.
    picture: picture::Picture,
    /// Today, from the reader's clock (tests set it or leave it out).
    today: Option<chrono::NaiveDate>,
    /// The go-to picker is open to choose the entry a cited passage is
    /// added to, not to go there.
    append_pick: bool,
    /// Where the panes were before the zoom, and just after it.
    zoomed_from: Option<panes::ZoomedFrom>,
    /// The link selected in the "about" overlay.
    about_link: Option<usize>,
    /// Finding in the help overlay.
    help_find: overlay::HelpFind,
    /// What Esc undoes, in the order it was turned on (the last first).
    undo: Vec<update::Undo>,
    /// What Esc could undo when the open prompt was opened.
    undo_at_prompt: [bool; 3],
    /// The passage of the shown article being selected to cite it.
    selection: Option<select::Selection>,
    /// Where the left button went down in the article's text, for a drag.
    drag: Option<usize>,
    /// The event or issue last shown in the details.
    last_entry: Option<EntityRef>,
    /// Where the selection is about to be added as a source.
    target: Option<cite::Target>,
    /// The dossier is a preview, and the rest is being read.
    reading: Option<reading::Reading>,
}

impl App {
    /// Drawn with attributes only (NO_COLOR) when `on`.
    pub fn with_monochrome(mut self, on: bool) -> App {
        self.monochrome = on;
        self
    }

    /// With a message for the status line, shown until the next key.
    pub fn with_notice(mut self, notice: String) -> App {
        self.notice = Some(notice);
        self
    }

    /// With the keys of a configuration.
    pub fn with_keymap(mut self, keymap: keymap::Keymap<'static>) -> App {
        self.keymap = keymap;
        self
    }

    /// Read from a folder (shown in the "about" overlay), not bundled.
    pub fn with_folder(mut self, folder: &std::path::Path) -> App {
        self.folder =
            Some(dossier_core::text::sanitize_line(&folder.display().to_string()).into_owned());
        self
    }

    /// The folder the dossier was read from; `None` for the bundled one.
    pub fn source_folder(&self) -> Option<&str> {
        self.folder.as_deref()
    }

    /// Says whether the dossier shown came from the cache of loaded
    /// dossiers (no file of its folder changed since it was read).
    pub fn set_from_cache(&mut self, cached: bool) {
        self.from_cache = cached;
    }

    /// Whether the dossier shown came from the cache of loaded dossiers.
    pub fn from_cache(&self) -> bool {
        self.from_cache
    }

    /// Says whether the folder's files are still being compared with the
    /// cache's copy the dossier shown came from (the header says so).
    pub fn set_checking(&mut self, checking: bool) {
        self.checking = checking;
    }

    /// Whether the folder's files are still being compared with the copy.
    pub fn checking(&self) -> bool {
        self.checking
    }

    /// The timeline picture's state and cells.
    pub fn picture(&self) -> &picture::Picture {
        &self.picture
    }

    /// Whether the timeline picture takes the list's place now.
    pub fn picture_shown(&self) -> bool {
        self.picture.on && self.nav.kind() == ListKind::Timeline
    }

    /// With whole words on at each fresh search (the configuration's
    /// `whole-words`).
    pub fn with_whole_words(mut self, on: bool) -> App {
        self.find.search.words_default = on;
        self
    }

    /// With today's date, for the picture's mark of today.
    pub fn with_today(mut self, today: Option<chrono::NaiveDate>) -> App {
        self.today = today;
        picture::refresh(&mut self);
        self
    }

    /// Today, as the reader's clock gave it.
    pub fn today(&self) -> Option<chrono::NaiveDate> {
        self.today
    }

    /// The sides view's place and rows.
    pub fn sides(&self) -> &sides::SidesView {
        &self.sides
    }

    /// The shown article's passages.
    pub fn passages(&self) -> &[passages::Passage] {
        self.article
            .shown
            .map_or(&[], |a| self.facts.passages_of(&self.dossier, a))
    }

    /// The passage under the article's cursor: the one the highlight is in.
    pub fn passage_index(&self) -> Option<usize> {
        let p = self.passages();
        match self.article.followed? {
            Followed::Passage(c) => passages::index_of(p, c),
            Followed::Match { start, .. } => passages::index_at(p, start),
        }
    }

    /// Whether the article's highlight is a hit of the search in effect
    /// (and not a pinned passage, nor a match of a search since replaced).
    pub fn highlight_is_hit(&self) -> bool {
        let (Some(Followed::Match { start, end }), Some(a)) =
            (self.article.followed, self.article.shown)
        else {
            return false;
        };
        !self.find.search.query().is_empty()
            && self
                .find
                .search
                .text_hits(a)
                .iter()
                .any(|h| h.range == (start..end))
    }

    /// What the article's highlight is, for its header and the status
    /// line: a search match, a pinned passage, or a passage.
    pub fn highlight_name(&self) -> Option<&'static str> {
        match self.article.followed? {
            Followed::Passage(_) => None,
            Followed::Match { .. } if self.highlight_is_hit() => Some("search match"),
            Followed::Match { start, end } => {
                let a = self.dossier.articles.get(self.article.shown?.0)?;
                let words = a.text.get(start..end)?;
                let pinned = self.memory.bookmarks.iter().any(|b| {
                    matches!(b, crate::state::Bookmark::Passage { article, quote, .. }
                        if *article == a.id && quote == words)
                });
                Some(if pinned { "pinned passage" } else { "passage" })
            }
        }
    }

    /// Finding in the help overlay: the query, and whether it is typed.
    pub fn help_find(&self) -> &overlay::HelpFind {
        &self.help_find
    }

    /// The link selected in the "about" overlay.
    pub fn about_link(&self) -> Option<usize> {
        self.about_link
    }

    /// The keys in effect.
    pub fn keymap(&self) -> keymap::Keymap<'static> {
        self.keymap
    }

    pub fn dossier(&self) -> &Dossier {
        &self.dossier
    }
    /// The dossier shown, shared (for a thread that reads from it).
    pub fn shared_dossier(&self) -> std::sync::Arc<Dossier> {
        std::sync::Arc::clone(&self.dossier)
    }
    pub fn facts(&self) -> &Facts {
        &self.facts
    }
    /// The terminal's area.
    pub fn size(&self) -> Rect {
        self.size
    }
    pub fn focus(&self) -> Pane {
        self.focus
    }
    pub fn nav(&self) -> &Nav {
        &self.nav
    }
    pub fn details(&self) -> &DetailsView {
        &self.details
    }
    pub fn article(&self) -> &ArticleView {
        &self.article
    }
    pub fn history(&self) -> &History {
        &self.history
    }
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }
    pub fn find(&self) -> &Find {
        &self.find
    }
    /// The timeline's filter.
    pub fn lens(&self) -> &Lens {
        &self.lens
    }
    /// The one-time message for the status line.
    /// Adds to what the status line says (after what it says already).
    pub fn add_notice(&mut self, more: String) {
        self.notice = Some(match self.notice.take() {
            Some(before) => format!("{before} · {more}"),
            None => more,
        });
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }
    pub fn monochrome(&self) -> bool {
        self.monochrome
    }
    /// Whether the focused pane fills the screen.
    pub fn zoomed(&self) -> bool {
        self.zoomed
    }

    /// Which keys apply now: the open overlay's, or the panes'.
    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(o) if o.is_prompt() => Mode::Prompt,
            // `/` in the help: typing what to find there.
            Some(Overlay::Help { .. }) if self.help_find.typing => Mode::Prompt,
            Some(_) => Mode::Overlay,
            None => Mode::Normal,
        }
    }

    /// Where a pane's view is in its content, when the content does not fit.
    pub fn scroll_position(&self, pane: Pane) -> Option<ScrollPosition> {
        let areas = self.areas();
        let (top, len, height) = match pane {
            Pane::List => (
                self.nav.current().offset,
                self.list_len(self.nav.kind()),
                self.list_rows_area().height,
            ),
            Pane::Details => (
                self.details.scroll,
                self.details.content.rows.len(),
                layout::inner(areas.details).height,
            ),
            Pane::Article => (
                self.article.scroll,
                self.article_rows(),
                self.article_body().height,
            ),
        };
        let height = usize::from(height);
        (len > height && height > 0).then_some(ScrollPosition { top, len, height })
    }

    /// Rows of text an overlay (help, problems) shows at once.
    pub fn overlay_page(&self) -> usize {
        layout::overlay_rows(self.size).max(1)
    }

    /// The pane areas at the current size.
    pub fn areas(&self) -> layout::Areas {
        layout::areas(self.size, self.focus, self.zoomed, self.picture_shown())
    }

    /// Where the search and go-to prompts are drawn.
    pub fn prompt_area(&self) -> Rect {
        layout::prompt_area(self.size, self.areas().list)
    }

    /// Whether the shown article's title is too long for one row of the
    /// article pane `area`.
    pub fn long_title(&self, area: Rect) -> bool {
        let width = usize::from(layout::inner(area).width);
        self.article
            .shown
            .and_then(|a| self.dossier.articles.get(a.0))
            .is_some_and(|a| dossier_core::text::width(&a.title) > width)
    }

    /// Where the article's text is drawn, below its header.
    pub fn article_body(&self) -> Rect {
        let area = self.areas().article;
        layout::article_body(area, self.long_title(area))
    }

    pub fn list_len(&self, kind: ListKind) -> usize {
        match kind {
            ListKind::Timeline => self.lens.len(&self.dossier),
            ListKind::Issues => self.dossier.issues.len(),
            ListKind::Articles => self.dossier.articles.len(),
        }
    }

    /// The entity selected in the left list.
    pub fn selected_entity(&self) -> Option<EntityRef> {
        let kind = self.nav.kind();
        let ix = self.nav.state(kind).selected;
        match kind {
            ListKind::Timeline => self.lens.event_at(&self.dossier, ix).map(EntityRef::Event),
            ListKind::Issues => {
                (ix < self.dossier.issues.len()).then_some(EntityRef::Issue(IssueIx(ix)))
            }
            ListKind::Articles => {
                (ix < self.dossier.articles.len()).then_some(EntityRef::Article(ArticleIx(ix)))
            }
        }
    }

    /// Rows in the article pane's body: the text, then who cites it.
    pub fn article_rows(&self) -> usize {
        let cited = self
            .article
            .shown
            .and_then(|a| self.dossier.articles.get(a.0))
            .map_or(0, |a| a.cited_by.len());
        self.article.lines().len() + if cited > 0 { 2 + cited } else { 0 }
    }

    /// The bytes of the shown article selected to cite them, if any.
    pub fn selection(&self) -> Option<std::ops::Range<usize>> {
        self.selection.map(|s| s.range())
    }

    /// The source a citer names, if it exists.
    pub fn source(&self, citer: SourceRef) -> Option<&dossier_core::content::Source> {
        self.dossier.get_source(citer)
    }
}

impl Facts {
    /// An article's cited passages (none for an index out of range).
    pub fn passages_of(&self, d: &Dossier, a: ArticleIx) -> &[passages::Passage] {
        match (self.passages.get(a.0), d.articles.get(a.0)) {
            (Some(cell), Some(article)) => cell.get_or_init(|| passages::of_article(d, article)),
            _ => &[],
        }
    }

    pub(crate) fn of(d: &Dossier) -> Facts {
        Facts::dated(d, &Datings::of(d.events.iter().map(|e| e.dating())))
    }

    /// The facts of `d`, whose events' datings are `datings` (made as a
    /// copy from the cache was decoded, while each event was at hand:
    /// walking 100,000 events again for them took 13 to 15 ms).
    pub(crate) fn dated(d: &Dossier, datings: &Datings) -> Facts {
        // The year they all share is the year of any of them.
        let year = datings.each().next().map(|e| e.date.from.get_year());
        let common_year = year.filter(|&y| {
            datings.each().all(|e| {
                e.date.from.get_year() == y
                    && e.date.to.is_none_or(|to| to.get_year() == y)
                    && e.end.is_none_or(|end| end.get_year() == y)
                    && !e.bounds.day_unknown
            })
        });
        // Worded once for each dating.
        let date_width = datings
            .each()
            .map(|e| dossier_core::text::width(&e.first_form(common_year)))
            .max()
            .unwrap_or(0);
        let date_width = date_width.min(18);
        Facts {
            passages: (0..d.articles.len())
                .map(|_| std::sync::OnceLock::new())
                .collect(),
            errors: d.errors(),
            warnings: d.warnings(),
            common_year,
            date_width,
        }
    }
}

pub use dossier_core::content::date::compact_years;

/// An event's date as the timeline shows it, with its mark: without the
/// year all events share.
pub fn timeline_date(e: &dossier_core::content::Event, common_year: Option<i32>) -> String {
    e.dating().first_form(common_year)
}

impl App {
    /// A reader on `dossier` in a terminal of this size, on its first screen.
    /// (A dossier shared with another thread, as the loader shares it with
    /// the cache it writes, is not copied.)
    pub fn new(dossier: impl Into<std::sync::Arc<Dossier>>, width: u16, height: u16) -> App {
        App::new_dated(dossier, width, height, None)
    }

    /// [`App::new`], with its events' datings when they are known
    /// already ([`Datings`]).
    pub fn new_dated(
        dossier: impl Into<std::sync::Arc<Dossier>>,
        width: u16,
        height: u16,
        datings: Option<&Datings>,
    ) -> App {
        let dossier = dossier.into();
        let facts = match datings {
            Some(datings) => Facts::dated(&dossier, datings),
            None => Facts::of(&dossier),
        };
        let find = Find::new();
        let mut app = App {
            dossier,
            facts,
            size: Rect::new(0, 0, width, height),
            focus: Pane::List,
            nav: Nav::default(),
            details: DetailsView::default(),
            article: ArticleView::default(),
            history: History::default(),
            overlay: None,
            find,
            lens: Lens::default(),
            notice: None,
            monochrome: false,
            keymap: *keymap::KEYMAP,
            memory: remember::Memory::default(),
            zoomed: false,
            folder: None,
            from_cache: false,
            checking: false,
            sides: Default::default(),
            resized_from: None,
            picture: Default::default(),
            today: None,
            append_pick: false,
            zoomed_from: None,
            about_link: None,
            help_find: Default::default(),
            undo: Vec::new(),
            undo_at_prompt: [false; 3],
            selection: None,
            drag: None,
            last_entry: None,
            target: None,
            reading: None,
        };
        start(&mut app);
        app
    }
}

/// Puts a new reader on its first screen.
fn start(app: &mut App) {
    let kind = if !app.dossier.events.is_empty() {
        ListKind::Timeline
    } else if !app.dossier.issues.is_empty() {
        ListKind::Issues
    } else {
        ListKind::Articles
    };
    app.nav.kind = Some(kind);
    navigate::select(app, kind, 0);
}

#[cfg(test)]
mod tests {
    use super::compact_years;

    #[test]
    fn compact_years_shortens_years_after_a_month_only() {
        assert_eq!(compact_years("Apr–16 May 2024"), "Apr–16 May ’24");
        assert_eq!(compact_years("20–31 May 2024"), "20–31 May ’24");
        assert_eq!(compact_years("Dec 2023–Jan 2024"), "Dec ’23–Jan ’24");
        assert_eq!(compact_years("2024"), "2024");
        assert_eq!(compact_years("2023–2024"), "2023–2024");
        assert_eq!(compact_years("10 May"), "10 May");
        // Five digits are not a year.
        assert_eq!(compact_years("May 20245"), "May 20245");
    }
}
