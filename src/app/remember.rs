//! What the reader remembers between runs, on the app's side: the place put
//! back on start, entries read (by dwelling on one, or opening it) with the
//! marks of what is new or changed since the last visit, the pins, and the
//! snapshots handed to the loop to save (as [`Effect::Save`]) a moment after
//! something changed. The file itself is [`crate::state`]'s business.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::state::seen::{self, Marks, Record};
use crate::state::{
    Bookmark, EntryId, ListName, PaneName, PassageRef, SavedPlace, Spot, State, find_passage,
};
use dossier_core::content::{ArticleIx, Dossier, EntityRef, EventIx, IssueIx};

use super::action::{Effect, Followed, ListKind, Pane, Target};
use super::history::Location;
use super::navigate::{jump, location, restore, select_entity};
use super::{App, Overlay};

/// How long saves wait at most for the loader to hand over the baseline of
/// what was seen ([`App::expect_baseline`]).
pub const BASELINE_WAIT: Duration = Duration::from_secs(20);
/// How long an entry stays selected before it counts as read.
pub const DWELL: Duration = Duration::from_millis(1500);
/// How long after a change the state is saved.
pub const SAVE_AFTER: Duration = Duration::from_millis(500);
/// How often the count of files read is drawn anew while a preview is shown.
pub const READING_FRAME: Duration = Duration::from_millis(100);

/// The app's memory of the dossier.
#[derive(Debug, Default)]
pub struct Memory {
    /// Whether there is anywhere to save to; without it nothing is marked
    /// read and nothing is saved, but pins still work for the session.
    pub enabled: bool,
    /// How the state file names the dossier.
    pub label: String,
    /// What each entry looked like when last read: shared with the save
    /// being written, changed in place when it is not (see [`Arc::make_mut`]).
    pub seen: Arc<BTreeMap<EntryId, Record>>,
    /// Counts the changes to `seen`, so that telling whether there is
    /// something to save does not keep or compare a copy of it.
    seen_changes: u64,
    /// On a first visit, `seen` is the baseline of every entry as it is
    /// now: made when it is first needed (the first save), not before the
    /// first frame. It holds the records to make it from, when the loader
    /// had them.
    baseline: Option<Option<Vec<Option<Record>>>>,
    /// Until when a save waits for the loader to hand over that baseline
    /// ([`App::set_baseline`]) rather than make it on the reader's thread.
    baseline_coming: Option<Instant>,
    /// On a return to a dossier unchanged since, the baseline is what the
    /// state file holds, with these checksums: until it is made, a save
    /// asks the saver to write the file's records again
    /// ([`crate::state::format::kept_seen`]), and waits for nothing.
    seen_in_file: Option<crate::state::seen::Checksums>,
    pub marks: Marks,
    pub bookmarks: Vec<Bookmark>,
    /// The entry shown in the details, and since when.
    dwell: Option<(EntityRef, Instant)>,
    /// The first change not yet saved.
    dirty_since: Option<Instant>,
    /// The last snapshot handed over to be saved, without `seen`, and
    /// `seen_changes` then.
    last_saved: Option<(State, u64)>,
    /// A failed save was reported: the next failures are not.
    said_cannot_save: bool,
}

impl App {
    /// Puts the reader where `state` says it was (unless `top`), with the
    /// marks of what is new or changed since, and its pins; from now on the
    /// reader asks for its state to be saved. A first visit (no record of
    /// what was seen) takes everything as seen.
    pub fn remember(self, state: State, top: bool) -> App {
        self.remember_with(state, top, None, false)
    }

    /// [`App::remember`], with every entry's record as it is now when the
    /// loader has them ([`seen::records`], kept in the cache of loaded
    /// dossiers), so that they are not made again; `unchanged` when the
    /// loader found that nothing changed since what was seen (its
    /// checksums are the cache's): then nothing is compared. What was seen
    /// may then be left unread (`state.seen` is `None`): it is each entry's
    /// record as it is now ([`seen::Checksums::of`]), and is made from the
    /// dossier when it is first needed, as a first visit's baseline is.
    pub fn remember_with(
        mut self,
        state: State,
        top: bool,
        now: Option<Vec<Option<seen::Record>>>,
        unchanged: bool,
    ) -> App {
        let first_visit = state.seen.is_none() && !unchanged;
        let mut upgraded = false;
        match state.seen {
            // A preview's entries are not what they will be: the marks are
            // made once the dossier is whole ([`remark`]).
            Some(seen) if self.reading.is_some() => {
                self.memory.marks = seen::Marks::default();
                self.memory.seen = seen;
            }
            Some(mut seen) => {
                // A file from before texts were compared: upgraded, nothing marked.
                upgraded = seen::upgrade(Arc::make_mut(&mut seen), &self.dossier);
                // Nothing changed since what was seen: nothing to compare.
                self.memory.marks = if unchanged && !upgraded {
                    seen::Marks::default()
                } else {
                    seen::marks_with(&seen, &self.dossier, now.as_deref())
                };
                self.memory.seen = seen;
                self.memory.seen_changes += 1;
            }
            // Against its own baseline nothing is new or changed: no marks,
            // and the baseline is made when it is first saved (what was
            // seen and left unread, too: the file holds it meanwhile).
            None => {
                if unchanged {
                    self.memory.seen_in_file = state.checksums;
                }
                self.memory.marks = seen::Marks::default();
                self.memory.baseline = Some(now);
            }
        }
        self.memory.bookmarks = state.bookmarks;
        self.memory.label = state.dossier;
        self.memory.enabled = true;
        if !top && let Some(place) = state.place {
            restore_place(&mut self, &place);
        }
        if !top && let Some(p) = state.picture {
            self.picture.on = true;
            self.picture.per_col = p.per_col_milli.map(|z| f64::from(z) / 1000.0);
            self.picture.from = p.from;
            super::picture::refresh(&mut self);
        }
        let now = Instant::now();
        if first_visit || upgraded {
            self.memory.dirty_since = Some(now);
        }
        // The entry shown at start is read if it stays.
        self.memory.dwell = self.details.shown.map(|e| (e, now));
        self
    }

    /// The marks of entries new or changed since the last visit.
    pub fn marks(&self) -> &Marks {
        &self.memory.marks
    }

    /// The pins, in the order they were made.
    pub fn bookmarks(&self) -> &[Bookmark] {
        &self.memory.bookmarks
    }

    /// Whether an entry is pinned.
    pub fn is_pinned(&self, e: EntityRef) -> bool {
        EntryId::of(&self.dossier, e).is_some_and(|id| {
            self.memory
                .bookmarks
                .iter()
                .any(|b| matches!(b, Bookmark::Entry(p) if *p == id))
        })
    }

    /// Whether any entry carries a mark (new, changed, pinned): the lists
    /// then keep a column for them.
    pub fn has_marks(&self) -> bool {
        self.memory.marks.new + self.memory.marks.changed > 0
            || self
                .memory
                .bookmarks
                .iter()
                .any(|b| matches!(b, Bookmark::Entry(_)))
    }

    /// When the loop should send [`Action::Tick`], if anything waits on time.
    pub fn deadline(&self) -> Option<Instant> {
        // While the rest of a preview is read, its count is drawn anew.
        let reading = self
            .reading
            .is_some()
            .then(|| Instant::now() + READING_FRAME);
        if !self.memory.enabled {
            return reading;
        }
        let dwell = self
            .memory
            .dwell
            .filter(|(e, _)| self.memory.marks.unread(*e).is_some())
            .map(|(_, since)| since + DWELL);
        // A save that waits for the loader's baseline is due when it
        // comes (its message wakes the loop), or when the wait is over.
        let save = self.memory.dirty_since.map(|since| {
            let at = since + SAVE_AFTER;
            self.waits_for_baseline(at)
                .map_or(at, |until| until.max(at))
        });
        [dwell, save, reading].into_iter().flatten().min()
    }

    /// The baseline of what was seen (every entry's record as it is now,
    /// [`seen::baseline`]) of the dossier shown, made by the loader after the
    /// first frame from the records the cache holds: taken when the
    /// baseline is still to be made (a first visit, or a return to a
    /// dossier unchanged since), so that the reader's thread does not make
    /// it. Otherwise (made already, or the dossier since replaced) it is
    /// dropped.
    pub fn set_baseline(&mut self, baseline: BTreeMap<crate::state::EntryId, Record>) {
        self.memory.baseline_coming = None;
        if self.memory.baseline.is_some() && self.reading.is_none() {
            self.memory.baseline = None;
            self.memory.seen_in_file = None;
            self.memory.seen = Arc::new(baseline);
            self.memory.seen_changes += 1;
        }
    }

    /// The loader will hand over the baseline of what was seen
    /// ([`App::set_baseline`]): until it does (for [`BASELINE_WAIT`] at
    /// most), saves wait for it, so that the reader's thread does not make
    /// it. Quitting does not wait: it makes it.
    pub fn expect_baseline(&mut self) {
        if self.memory.baseline.is_some() {
            self.memory.baseline_coming = Some(Instant::now() + BASELINE_WAIT);
        }
    }

    /// Whether a save waits, at `now`, for the loader's baseline.
    fn waits_for_baseline(&self, now: Instant) -> Option<Instant> {
        self.memory.baseline_coming.filter(|until| {
            self.memory.baseline.is_some() && self.memory.seen_in_file.is_none() && now < *until
        })
    }

    /// Makes a first visit's baseline of what was seen, if it is not yet
    /// made (before the dossier is replaced, and before a save).
    pub(super) fn settle_seen(&mut self) {
        // Not from a preview: its entries are not what they will be.
        if self.reading.is_some() {
            return;
        }
        if let Some(now) = self.memory.baseline.take() {
            self.memory.baseline_coming = None;
            self.memory.seen_in_file = None;
            self.memory.seen = Arc::new(match now {
                Some(now) => seen::baseline_from(&self.dossier, now),
                None => seen::baseline(&self.dossier),
            });
            self.memory.seen_changes += 1;
        }
    }

    /// Everything to remember, as the state file holds it (a first visit's
    /// baseline made first: see [`App::settle_seen`]). On a return to a
    /// dossier unchanged since, whose baseline is not made yet, what was seen
    /// is left out, and `checksums` are those the file holds it with: the
    /// saver writes the file's records again ([`crate::state::saver`]).
    pub fn state(&mut self) -> State {
        let in_file = self
            .memory
            .seen_in_file
            .filter(|_| self.memory.baseline.is_some() && self.reading.is_none());
        if in_file.is_none() {
            self.settle_seen();
        }
        let d = &self.dossier;
        // An open prompt previews its selection: the place is where the
        // prompt was opened.
        let here = match &self.overlay {
            Some(super::Overlay::Search(p) | super::Overlay::GoTo(p)) => p.origin.clone(),
            _ => location(self),
        };
        State {
            dossier: self.memory.label.clone(),
            place: Some(SavedPlace {
                here: spot(d, &here),
                back: self.history.back.iter().map(|l| spot(d, l)).collect(),
                forward: self.history.forward.iter().map(|l| spot(d, l)).collect(),
            }),
            // A first visit's baseline not made yet (the dossier is still
            // being read): still a first visit.
            seen: self
                .memory
                .baseline
                .is_none()
                .then(|| self.memory.seen.clone()),
            bookmarks: self.memory.bookmarks.clone(),
            picture: self.picture.on.then(|| crate::state::PictureMemory {
                per_col_milli: self
                    .picture
                    .per_col
                    .map(|z| (z * 1000.0).round().clamp(1.0, 1e9) as u32),
                from: self.picture.from,
            }),
            // Made by the saver, behind the frame ([`crate::state::saver`]),
            // but for records left in the file.
            checksums: in_file,
        }
    }
}

/// The marks made again for the dossier now shown, against what was seen
/// (none while a first visit's baseline is not made, and none for a reader
/// that cannot remember: it has seen nothing to compare with).
pub(super) fn remark(app: &mut App) {
    app.memory.marks = if app.memory.baseline.is_some() || !app.memory.enabled {
        seen::Marks::default()
    } else {
        seen::marks(&app.memory.seen, &app.dossier)
    };
}

/// After each action: notes what is shown (an entry opened is read at once,
/// one selected is read once it has stayed), and that there is something
/// to save.
pub(super) fn observe(app: &mut App) {
    if !app.memory.enabled {
        return;
    }
    let now = Instant::now();
    app.memory.dirty_since.get_or_insert(now);
    let shown = app.details.shown;
    if app.memory.dwell.map(|(e, _)| e) != shown {
        app.memory.dwell = shown.map(|e| (e, now));
    }
    // Opened: the reader went into its details or its article.
    if app.focus != Pane::List
        && app.overlay.is_none()
        && let Some(e) = shown
    {
        read(app, e);
    }
}

/// Time passed: an entry that stayed long enough is read, and a change
/// waiting long enough is saved.
pub(super) fn tick(app: &mut App, now: Instant, fx: &mut Vec<Effect>) {
    if !app.memory.enabled {
        return;
    }
    if let Some((e, since)) = app.memory.dwell
        && now >= since + DWELL
    {
        read(app, e);
    }
    if app
        .memory
        .dirty_since
        .is_some_and(|t| now >= t + SAVE_AFTER)
        && app.waits_for_baseline(now).is_none()
    {
        app.memory.dirty_since = None;
        let state = app.state();
        let bare = State {
            seen: None,
            ..state.clone()
        };
        let now = (bare, app.memory.seen_changes);
        if app.memory.last_saved.as_ref() != Some(&now) {
            app.memory.last_saved = Some(now);
            fx.push(Effect::Save(Box::new(state)));
        }
    }
}

/// What came of a save: a failure is said once.
pub(super) fn saved(app: &mut App, result: Result<(), String>) {
    match result {
        Ok(()) => app.memory.said_cannot_save = false,
        Err(why) if !app.memory.said_cannot_save => {
            app.memory.said_cannot_save = true;
            app.notice = Some(format!(
                "The reader cannot remember your place: {}",
                dossier_core::text::sanitize_line(&why)
            ));
        }
        Err(_) => {}
    }
}

/// An entry is read: its mark goes and it is recorded as it is now.
fn read(app: &mut App, e: EntityRef) {
    if app.memory.marks.unread(e).is_none() {
        return;
    }
    app.memory.marks.mark_read(e);
    if let (Some(id), Some(record)) = (EntryId::of(&app.dossier, e), seen::record(&app.dossier, e))
    {
        Arc::make_mut(&mut app.memory.seen).insert(id, record);
        app.memory.seen_changes += 1;
    }
    app.memory.dirty_since.get_or_insert(Instant::now());
}

/// The entries of a list, in its order (the timeline as its filter shows it).
fn list_entries(app: &App, kind: ListKind) -> Vec<EntityRef> {
    let d = &app.dossier;
    match kind {
        ListKind::Timeline => (0..app.lens.len(d))
            .filter_map(|r| app.lens.event_at(d, r).map(EntityRef::Event))
            .collect(),
        ListKind::Issues => (0..d.issues.len())
            .map(|i| EntityRef::Issue(IssueIx(i)))
            .collect(),
        ListKind::Articles => (0..d.articles.len())
            .map(|i| EntityRef::Article(ArticleIx(i)))
            .collect(),
    }
}

/// `u`: the next entry new or changed and not yet read, after the selection
/// in the list shown, then in the other lists; wraps around.
pub(super) fn next_new(app: &mut App) {
    let kind = app.nav.kind();
    let order = match kind {
        ListKind::Timeline => [ListKind::Timeline, ListKind::Issues, ListKind::Articles],
        ListKind::Issues => [ListKind::Issues, ListKind::Articles, ListKind::Timeline],
        ListKind::Articles => [ListKind::Articles, ListKind::Timeline, ListKind::Issues],
    };
    let current = app.selected_entity();
    let mut candidates: Vec<EntityRef> = Vec::new();
    for k in order {
        candidates.extend(list_entries(app, k));
    }
    // Start right after the selection; the selection itself comes last.
    let start = current
        .and_then(|c| candidates.iter().position(|&e| e == c))
        .map_or(0, |p| p + 1);
    let n = candidates.len();
    let found = (0..n)
        .map(|i| candidates[(start + i) % n])
        .find(|&e| app.memory.marks.unread(e).is_some());
    match found {
        Some(e) => {
            select_entity(app, e);
            super::navigate::focus(app, Pane::List);
        }
        None => app.notice = Some("Nothing new or changed since your last visit".into()),
    }
}

/// `m`: pins the highlighted passage (in the article pane) or the selected
/// entry; unpins it when it is pinned already.
pub(super) fn pin(app: &mut App) {
    let d = &app.dossier;
    let passage = (app.focus == Pane::Article)
        .then_some(app.article.followed)
        .flatten()
        .and_then(|f| {
            let a = app.article.shown?;
            let text = &d.articles.get(a.0)?.text;
            let range = match f {
                Followed::Passage(c) => d.get_source(c)?.span.clone(),
                Followed::Match { start, end } => start..end,
            };
            Some(Bookmark::Passage {
                entry: app.selected_entity().and_then(|e| EntryId::of(d, e)),
                article: d.articles.get(a.0)?.id.clone(),
                quote: text.get(range)?.to_string(),
            })
        });
    let pin = passage.or_else(|| {
        let e = app.selected_entity()?;
        Some(Bookmark::Entry(EntryId::of(d, e)?))
    });
    let Some(pin) = pin else {
        app.notice = Some("Nothing to pin here".into());
        return;
    };
    let same = |b: &Bookmark| match (b, &pin) {
        (Bookmark::Entry(a), Bookmark::Entry(b)) => a == b,
        (
            Bookmark::Passage {
                article: a1,
                quote: q1,
                ..
            },
            Bookmark::Passage {
                article: a2,
                quote: q2,
                ..
            },
        ) => a1 == a2 && q1 == q2,
        _ => false,
    };
    if let Some(at) = app.memory.bookmarks.iter().position(same) {
        app.memory.bookmarks.remove(at);
        app.notice = Some("Unpinned".into());
    } else {
        app.notice = Some(match &pin {
            Bookmark::Entry(_) => "Pinned: the list of pins is on '".into(),
            Bookmark::Passage { .. } => "Pinned the passage: the list of pins is on '".into(),
        });
        app.memory.bookmarks.push(pin);
    }
    app.memory.dirty_since.get_or_insert(Instant::now());
}

/// Where a pin leads, if it still exists.
pub fn pin_target(d: &Dossier, b: &Bookmark) -> Option<Target> {
    match b {
        Bookmark::Entry(id) => id.find(d).map(Target::Entity),
        Bookmark::Passage { article, quote, .. } => {
            let (a, range) = find_passage(d, article, quote)?;
            Some(Target::Match {
                article: a,
                start: range.start,
                end: range.end,
            })
        }
    }
}

/// In the list of pins: Enter goes to the selected pin.
pub(super) fn follow_pin(app: &mut App, selected: usize) {
    let target = app
        .memory
        .bookmarks
        .get(selected)
        .and_then(|b| pin_target(&app.dossier, b));
    app.overlay = None;
    match target {
        Some(t) => {
            jump(app, t);
            if matches!(t, Target::Match { .. }) {
                super::navigate::focus(app, Pane::Article);
            }
        }
        None => app.notice = Some("That pin's entry or passage is no longer in the dossier".into()),
    }
}

/// In the list of pins: removes the selected pin.
pub(super) fn unpin(app: &mut App, selected: usize) -> usize {
    if selected < app.memory.bookmarks.len() {
        app.memory.bookmarks.remove(selected);
        app.memory.dirty_since.get_or_insert(Instant::now());
    }
    let len = app.memory.bookmarks.len();
    if len == 0 {
        app.overlay = None;
    }
    selected.min(len.saturating_sub(1))
}

/// Opens the list of pins, or says there is none.
pub(super) fn open_bookmarks(app: &mut App) {
    if app.memory.bookmarks.is_empty() {
        let key = app
            .keymap
            .primary(super::Mode::Normal, super::Command::Pin)
            .unwrap_or_default();
        app.notice = Some(format!(
            "No pins yet: {key} pins the selected entry or passage"
        ));
    } else {
        app.overlay = Some(Overlay::Bookmarks { selected: 0 });
    }
}

fn list_name(k: ListKind) -> ListName {
    match k {
        ListKind::Timeline => ListName::Timeline,
        ListKind::Issues => ListName::Issues,
        ListKind::Articles => ListName::Articles,
    }
}

fn pane_name(p: Pane) -> PaneName {
    match p {
        Pane::List => PaneName::List,
        Pane::Details => PaneName::Details,
        Pane::Article => PaneName::Article,
    }
}

/// A location by ids.
pub(super) fn spot(d: &Dossier, l: &Location) -> Spot {
    let entity = match l.kind {
        ListKind::Timeline => Some(EntityRef::Event(EventIx(l.selected))),
        ListKind::Issues => Some(EntityRef::Issue(IssueIx(l.selected))),
        ListKind::Articles => Some(EntityRef::Article(ArticleIx(l.selected))),
    };
    Spot {
        list: list_name(l.kind),
        focus: pane_name(l.focus),
        entry: entity.and_then(|e| EntryId::of(d, e)),
        row: if l.selected == usize::MAX {
            0
        } else {
            l.selected
        },
        link: l.link,
        article: l
            .article
            .and_then(|a| d.articles.get(a.0))
            .map(|a| a.id.clone()),
        passage: l
            .followed
            .and_then(Followed::passage)
            .and_then(|c| PassageRef::of(d, c)),
        top: l.article_top,
    }
}

/// A spot found again in a dossier: what no longer exists falls back to the
/// nearest (the entry now at the same place in its list, no article).
pub(super) fn location_of(d: &Dossier, s: &Spot) -> Location {
    let kind = match s.list {
        ListName::Timeline => ListKind::Timeline,
        ListName::Issues => ListKind::Issues,
        ListName::Articles => ListKind::Articles,
    };
    let len = match kind {
        ListKind::Timeline => d.events.len(),
        ListKind::Issues => d.issues.len(),
        ListKind::Articles => d.articles.len(),
    };
    let found = s
        .entry
        .as_ref()
        .and_then(|id| id.find(d))
        .and_then(|e| match (kind, e) {
            (ListKind::Timeline, EntityRef::Event(i)) => Some(i.0),
            (ListKind::Issues, EntityRef::Issue(i)) => Some(i.0),
            (ListKind::Articles, EntityRef::Article(i)) => Some(i.0),
            _ => None,
        });
    let article = s.article.as_deref().and_then(|id| d.find_article(id));
    let followed = s
        .passage
        .as_ref()
        .and_then(|p| p.find(d))
        .filter(|&c| {
            d.get_source(c)
                .is_some_and(|src| Some(src.article) == article)
        })
        .map(Followed::Passage);
    let text_len = article
        .and_then(|a| d.articles.get(a.0))
        .map_or(0, |a| a.text.len());
    Location {
        focus: match s.focus {
            PaneName::List => Pane::List,
            PaneName::Details => Pane::Details,
            PaneName::Article => Pane::Article,
        },
        kind,
        selected: found.unwrap_or_else(|| s.row.min(len.saturating_sub(1))),
        list_offset: 0,
        link: s.link,
        details_scroll: 0,
        article,
        followed,
        article_top: if article.is_some() {
            s.top.min(text_len)
        } else {
            0
        },
        sides: None,
        // The filter is not remembered between runs.
        lens: super::Lens::default(),
    }
}

fn restore_place(app: &mut App, place: &SavedPlace) {
    let d = &app.dossier;
    let back: Vec<Location> = place.back.iter().map(|s| location_of(d, s)).collect();
    let forward: Vec<Location> = place.forward.iter().map(|s| location_of(d, s)).collect();
    let here = location_of(d, &place.here);
    let empty = match here.kind {
        ListKind::Timeline => d.events.is_empty(),
        ListKind::Issues => d.issues.is_empty(),
        ListKind::Articles => d.articles.is_empty(),
    };
    // A list that is empty now: the first screen stays.
    if !empty {
        restore(app, here);
    }
    app.history.back = back;
    app.history.forward = forward;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spot_found_again_falls_back_to_the_nearest_entry() {
        let d = crate::bundled::load_bundled();
        let l = Location {
            focus: Pane::Article,
            kind: ListKind::Issues,
            selected: 1,
            list_offset: 0,
            link: None,
            details_scroll: 0,
            article: Some(ArticleIx(0)),
            followed: None,
            article_top: 10,
            sides: None,
            lens: crate::app::Lens::default(),
        };
        let mut s = spot(&d, &l);
        assert_eq!(location_of(&d, &s), l);
        s.entry = Some(EntryId {
            kind: crate::state::EntryKind::Issue,
            id: "gone".into(),
        });
        s.row = 999;
        s.article = Some("gone".into());
        let back = location_of(&d, &s);
        assert_eq!(back.selected, d.issues.len() - 1);
        assert_eq!((back.article, back.article_top), (None, 0));
    }
}
