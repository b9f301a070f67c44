//! A dossier shown before it is whole: a preview (every list complete and
//! in its final order, the first screen's entries read whole) while the
//! loader reads and verifies the rest ([`dossier_core::content::preview_dir`]).
//!
//! Meanwhile the status line counts the files read; an entry not yet read
//! whole shows its title and dates with a note that the rest is coming; a
//! search says it is partial; and what needs what is not read yet (its
//! sources, the problems, the sides, curating) waits: that key, and every
//! key typed after it, is kept and carried out, in order, once the dossier
//! is whole. Esc stops waiting; `q` quits at once.
//!
//! When the whole dossier comes, it takes the preview's place where it
//! stands when its lists are the preview's (the common case: the selection,
//! the open prompt and the history all stay), and by ids as `R` does
//! otherwise.

use std::sync::Arc;

use dossier_core::content::{Dossier, EntityRef, Problem, Progress};

use super::action::{Action, Command, Effect, Target};
use super::{App, Pane};

/// What is still being read.
#[derive(Debug, Default)]
pub struct Reading {
    /// The entries read whole, sorted.
    whole: Vec<EntityRef>,
    /// How many files the loader reads; what it has read and found so far.
    files: usize,
    progress: Arc<Progress>,
    /// The problems found so far, as last taken from `progress` (a tick
    /// takes them again when there are more).
    found: Vec<Problem>,
    /// Keys that wait for the whole dossier, in the order they came.
    waiting: Vec<Action>,
    /// The loader stopped before the dossier was whole: nothing waits any
    /// more, and `R` reads the folder again.
    failed: bool,
    /// Entries asked to be read whole ahead of the rest.
    asked: Vec<EntityRef>,
}

impl Reading {
    /// `whole` (sorted) is read; the loader tells `progress` the `files` it
    /// reads and the problems it finds on the way.
    pub fn new(whole: Vec<EntityRef>, files: usize, progress: Arc<Progress>) -> Reading {
        let found = progress.found();
        Reading {
            whole,
            files,
            progress,
            found,
            waiting: Vec::new(),
            failed: false,
            asked: Vec::new(),
        }
    }

    /// The files read, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        (self.progress.read().min(self.files), self.files)
    }

    /// The problems found so far, each as the whole dossier will list it.
    pub fn found(&self) -> &[Problem] {
        &self.found
    }

    /// Whether problems were found since the last ones were taken.
    fn has_more(&self) -> bool {
        self.progress.found_count() != self.found.len()
    }

    /// Takes the problems found so far.
    fn refresh(&mut self) {
        self.found = self.progress.found();
    }

    /// "4210 of 12501 files read", or that every quote is being checked.
    pub fn said(&self) -> String {
        let (read, files) = self.progress();
        if read >= files {
            "checking every quote".to_string()
        } else {
            format!(
                "{read} of {} read",
                dossier_core::text::count(files, "file")
            )
        }
    }
}

impl App {
    /// Shows a preview: what the loader still reads is counted in `reading`.
    pub fn with_reading(mut self, reading: Reading) -> App {
        self.reading = Some(reading);
        // What the first screen shows is read whole, but its details and
        // article were laid out before this was known.
        let here = super::navigate::location(&self);
        super::navigate::restore(&mut self, here);
        self
    }

    /// The dossier is a preview, still being read.
    pub fn reading(&self) -> Option<&Reading> {
        self.reading.as_ref()
    }

    /// Whether an entry is shown as it will stay: always, once the dossier
    /// is whole.
    pub fn is_whole(&self, e: EntityRef) -> bool {
        self.reading
            .as_ref()
            .is_none_or(|r| r.whole.binary_search(&e).is_ok())
    }

    /// The problems to show: those found so far while the dossier is read,
    /// then the whole dossier's.
    pub fn problems(&self) -> &[Problem] {
        match &self.reading {
            Some(r) => r.found(),
            None => &self.dossier.problems,
        }
    }

    /// The problems' counts to show, errors and warnings.
    pub fn problem_counts(&self) -> (usize, usize) {
        match &self.reading {
            Some(r) => {
                let errors = r
                    .found()
                    .iter()
                    .filter(|p| p.severity == dossier_core::content::Severity::Error)
                    .count();
                (errors, r.found().len() - errors)
            }
            None => (self.facts.errors, self.facts.warnings),
        }
    }

    /// How many keys wait for the whole dossier.
    pub fn waiting(&self) -> usize {
        self.reading.as_ref().map_or(0, |r| r.waiting.len())
    }
}

/// Keeps `action` for later when it needs what is not read yet, or when a
/// key already waits (so that keys keep their order). Returns it back when
/// it can be carried out now. A key that waits for some entries only asks
/// for them to be read ahead of the rest (`fx`).
pub(super) fn hold(app: &mut App, action: Action, fx: &mut Vec<Effect>) -> Option<Action> {
    let Some(reading) = &app.reading else {
        return Some(action);
    };
    let input = matches!(
        action,
        Action::Command(_)
            | Action::Open(_)
            | Action::Type(_)
            | Action::Click { .. }
            | Action::Drag { .. }
            | Action::Scroll { .. }
    );
    if !input {
        return Some(action);
    }
    match action {
        // Always at once: quitting, and giving up the wait.
        Action::Command(Command::Quit) => return Some(action),
        Action::Command(Command::Cancel | Command::Close) if !reading.waiting.is_empty() => {
            if let Some(r) = &mut app.reading {
                r.waiting.clear();
            }
            app.notice = Some("Stopped waiting: the keys typed meanwhile are dropped".into());
            return None;
        }
        _ => {}
    }
    if reading.failed {
        if matches!(action, Action::Command(Command::Reload)) || ready(app, &action) {
            return Some(action);
        }
        app.notice = Some(FAILED.into());
        return None;
    }
    let first = reading.waiting.is_empty();
    if first && ready(app, &action) {
        return Some(action);
    }
    let said = reading.said();
    let wanted = if first {
        needed(app, &action)
    } else {
        Vec::new()
    };
    if let Some(r) = &mut app.reading {
        let ask: Vec<EntityRef> = wanted
            .into_iter()
            .filter(|e| r.whole.binary_search(e).is_err() && !r.asked.contains(e))
            .collect();
        if !ask.is_empty() {
            r.asked.extend(&ask);
            fx.push(Effect::ReadWhole(ask));
        }
        r.waiting.push(action);
    }
    app.notice = Some(format!(
        "Waiting for the rest of the dossier ({said}); Esc stops waiting"
    ));
    None
}

/// What is said when the rest of the dossier could not be read.
const FAILED: &str =
    "The rest of the dossier could not be read (the loader stopped): R reads the folder again";

/// The loader stopped before the dossier was whole: the keys that waited
/// are dropped, and what needs the rest says why it cannot be done.
pub(super) fn failed(app: &mut App) {
    if let Some(r) = &mut app.reading {
        r.waiting.clear();
        r.failed = true;
    }
    app.notice = Some(FAILED.into());
}

/// The entries `action` waits for when it waits for some only (not for the
/// whole dossier): the entry shown and its article, or what it opens.
fn needed(app: &App, action: &Action) -> Vec<EntityRef> {
    let shown = || {
        app.details
            .shown
            .into_iter()
            .chain(app.article.shown.map(EntityRef::Article))
            .collect()
    };
    match action {
        Action::Command(c) if needs_everything(*c) => Vec::new(),
        Action::Open(Target::Passage(c) | Target::Citer(c)) => vec![c.owner()],
        Action::Open(Target::Article(a) | Target::Match { article: a, .. }) => {
            vec![EntityRef::Article(*a)]
        }
        _ => shown(),
    }
}

/// Entries read whole ahead of the rest take their place in the preview;
/// returns the keys that waited, to be carried out in order (those that
/// still wait are kept again).
pub(super) fn patched(app: &mut App, patch: dossier_core::content::Patch) -> Vec<Action> {
    if app.reading.is_none() {
        // The whole dossier came first.
        return Vec::new();
    }
    in_place(app, |app| {
        let now = patch.apply(Arc::make_mut(&mut app.dossier));
        let Some(r) = &mut app.reading else {
            return Vec::new();
        };
        r.whole.extend(now);
        r.whole.sort_unstable();
        r.whole.dedup();
        std::mem::take(&mut r.waiting)
    })
}

/// The preview's articles' front matter, glanced at behind its first frame,
/// put in place: but for the articles read whole meanwhile, which have it
/// already. Nothing moves: the lists are the same, by id.
pub(super) fn fronts(app: &mut App, fronts: dossier_core::content::Fronts) {
    if app.reading.is_none() {
        // The whole dossier came first.
        return;
    }
    in_place(app, |app| {
        let Some(r) = &app.reading else {
            return;
        };
        fronts.apply(Arc::make_mut(&mut app.dossier), |ix| {
            r.whole.binary_search(&EntityRef::Article(ix)).is_ok()
        });
    });
}

/// The dossier changed by `change` in place, its lists unchanged: the
/// views laid out again where they were.
fn in_place<T>(app: &mut App, change: impl FnOnce(&mut App) -> T) -> T {
    let was_whole = app.details.shown.is_none_or(|e| app.is_whole(e));
    let here = super::navigate::location(app);
    let out = change(app);
    app.facts = super::Facts::of(&app.dossier);
    app.sides = Default::default();
    app.details = Default::default();
    app.article = Default::default();
    super::navigate::restore(app, here);
    // An entry shown before its sources were read: its first passage
    // is shown now, as on selecting it.
    if !was_whole && app.details.shown.is_some_and(|e| app.is_whole(e)) {
        super::navigate::preview(app);
    }
    out
}

/// On a tick while the rest is read: takes the problems found since the
/// last one, keeping the problems' list where it was scrolled to.
pub(super) fn tick(app: &mut App) {
    if !app.reading.as_ref().is_some_and(Reading::has_more) {
        return;
    }
    let top = super::overlay::top_problem(app);
    if let Some(r) = &mut app.reading {
        r.refresh();
    }
    super::overlay::keep_at_top(app, top);
}

/// Whether a command needs every entry read (it is answered by the whole
/// dossier, or writes to the folder), not only the one shown.
fn needs_everything(c: Command) -> bool {
    matches!(
        c,
        Command::Sides
            | Command::NextSide
            | Command::NextNew
            | Command::Reload
            | Command::Edit
            | Command::CiteAppend
    )
}

/// Whether `action` can be carried out on the preview as it is.
fn ready(app: &App, action: &Action) -> bool {
    let shown = app.details.shown.is_none_or(|e| app.is_whole(e));
    let article = app
        .article
        .shown
        .is_none_or(|a| app.is_whole(EntityRef::Article(a)));
    // The problems found so far are listed as they come: moving in their
    // list needs nothing more (opening one in the editor does).
    if matches!(app.overlay, Some(super::Overlay::Problems { .. })) {
        return match action {
            Action::Command(c) => !needs_everything(*c),
            _ => true,
        };
    }
    match action {
        Action::Command(c) => match c {
            _ if needs_everything(*c) => false,
            // What the entry shown cites, or its article's text.
            Command::Follow
            | Command::NextPassage
            | Command::PrevPassage
            | Command::Copy
            | Command::OpenUrl
            | Command::Select
            | Command::SelectWordNext
            | Command::SelectWordPrev
            | Command::SelectSentenceNext
            | Command::SelectSentencePrev
            | Command::SelectOtherEnd
            | Command::CiteCopy => shown && article,
            // Moving in the details or the article: their text.
            Command::Down
            | Command::Up
            | Command::PageDown
            | Command::PageUp
            | Command::First
            | Command::Last
                if app.focus != Pane::List =>
            {
                shown && article
            }
            _ => true,
        },
        Action::Open(target) => match *target {
            Target::Entity(_) => true,
            Target::Passage(_) | Target::Citer(_) => false,
            Target::Article(a) | Target::Match { article: a, .. } => {
                app.is_whole(EntityRef::Article(a))
            }
        },
        // A click in the list selects; elsewhere it may follow a link or
        // select text, and waits unless what it can reach is whole.
        Action::Click { column, row } | Action::Drag { column, row } => {
            let at = ratatui::layout::Position::new(*column, *row);
            (app.overlay.is_none() && app.areas().list.contains(at)) || (shown && article)
        }
        _ => true,
    }
}

/// The whole dossier in the preview's place; returns the keys that waited
/// for it, to be carried out in order.
pub(super) fn complete(app: &mut App, dossier: Arc<Dossier>) -> Vec<Action> {
    let waiting = app
        .reading
        .as_mut()
        .map(|r| std::mem::take(&mut r.waiting))
        .unwrap_or_default();
    if same_lists(&app.dossier, &dossier) {
        // The problem at the top of the problems' list, kept at the top of
        // the whole dossier's (which may list others before it): a key
        // waiting to open it in the editor opens that one. (A reload keeps
        // it by itself.)
        let top = super::overlay::top_problem(app);
        in_place(app, |app| {
            app.reading = None;
            app.dossier = dossier;
        });
        super::remember::remark(app);
        let query = app.find.search.search.query().to_string();
        if !query.is_empty() {
            app.find.search.restart(&app.dossier, &query);
        }
        super::overlay::keep_at_top(app, top);
    } else {
        // The way back and forward, by ids (a reload clears it).
        let spots = |l: &[super::Location], d: &Dossier| -> Vec<crate::state::Spot> {
            l.iter().map(|l| super::remember::spot(d, l)).collect()
        };
        let back = spots(&app.history.back, &app.dossier);
        let forward = spots(&app.history.forward, &app.dossier);
        // Replaced while still a preview: a first visit's baseline of what
        // was seen is not made from it (see `App::settle_seen`), but from
        // the whole dossier, later.
        super::reload::replace(app, dossier);
        let places = |spots: Vec<crate::state::Spot>, d: &Dossier| -> Vec<super::Location> {
            spots
                .iter()
                .map(|s| super::remember::location_of(d, s))
                .collect()
        };
        app.history.back = places(back, &app.dossier);
        app.history.forward = places(forward, &app.dossier);
    }
    waiting
}

/// Whether two dossiers list the same entries in the same order.
fn same_lists(a: &Dossier, b: &Dossier) -> bool {
    a.events.len() == b.events.len()
        && a.issues.len() == b.issues.len()
        && a.articles.len() == b.articles.len()
        && a.events.iter().zip(&b.events).all(|(x, y)| x.id == y.id)
        && a.issues.iter().zip(&b.issues).all(|(x, y)| x.id == y.id)
        && a.articles
            .iter()
            .zip(&b.articles)
            .all(|(x, y)| x.id == y.id)
}
