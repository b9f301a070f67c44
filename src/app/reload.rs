//! `R`: the dossier read again from its folder, with the reader kept where it
//! was. The place is carried over by ids, not by indices: the files may have
//! gained or lost entries meanwhile.

use dossier_core::content::{ArticleIx, Dossier, EventIx, IssueIx, SourceRef};

use super::App;
use super::action::{Followed, ListKind, Reload};
use super::navigate::{location, restore};

/// Whether the dossier failed so badly that there is nothing to read.
pub fn nothing_loaded(d: &Dossier) -> bool {
    d.errors() > 0 && d.events.is_empty() && d.issues.is_empty() && d.articles.is_empty()
}

/// What the loop reports of a reload: the status line says how it goes, and
/// a dossier read again replaces the one shown unless nothing in it could
/// be loaded.
pub(super) fn reported(app: &mut App, r: Reload) {
    let say = |app: &mut App, s: &str| app.notice = Some(s.to_string());
    match r {
        Reload::Bundled => say(
            app,
            "The bundled dossier is built into the program: open a folder with --content to reload it",
        ),
        Reload::Busy => say(app, "Already reloading…"),
        Reload::Started => say(app, "Reloading…"),
        Reload::Failed => say(app, "Reload failed: the loader stopped"),
        Reload::Done(dossier) | Reload::Watched(dossier) | Reload::Completed(dossier)
            if nothing_loaded(&dossier) =>
        {
            let why = dossier
                .problems
                .first()
                .map(|p| dossier_core::text::sanitize_line(&p.to_string()).into_owned())
                .unwrap_or_default();
            app.notice = Some(format!(
                "Reload failed, the dossier shown is the one loaded before: {why}"
            ));
        }
        Reload::Done(dossier) => reload(app, dossier, Said::All),
        Reload::Watched(dossier) => reload(app, dossier, Said::Changes),
        Reload::Completed(dossier) => reload(app, dossier, Said::Nothing),
    }
}

/// What the status line says of a reload.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Said {
    /// What was loaded, and what changed (`R`).
    All,
    /// Only what changed (the folder's watch).
    Changes,
    /// Nothing: the whole dossier in a preview's place.
    Nothing,
}

/// The whole dossier in place of a preview whose lists differ from it,
/// carried over by ids as a reload is.
pub(super) fn replace(app: &mut App, dossier: std::sync::Arc<Dossier>) {
    reload(app, dossier, Said::Nothing);
}

/// What changed from `old` to `new`, as the status line says it: entries
/// changed (any field the reader compares for "changed since you read it",
/// summaries included), added and removed, and errors and warnings come or
/// gone. `None` when nothing did.
pub fn changes(old: &Dossier, new: &Dossier) -> Option<String> {
    use crate::state::EntryKind;
    use crate::state::seen::baseline;
    let (was, now) = (baseline(old), baseline(new));
    let kinds = [
        (EntryKind::Event, "event"),
        (EntryKind::Issue, "issue"),
        (EntryKind::Article, "article"),
    ];
    let mut parts = Vec::new();
    for (kind, word) in kinds {
        let (mut changed, mut added, mut removed) = (0, 0, 0);
        for (id, r) in now.iter().filter(|(id, _)| id.kind == kind) {
            match was.get(id) {
                None => added += 1,
                Some(w) if w != r => changed += 1,
                Some(_) => {}
            }
        }
        removed += was
            .keys()
            .filter(|id| id.kind == kind && !now.contains_key(*id))
            .count();
        let n = |k: usize| dossier_core::text::count(k, word);
        if changed > 0 {
            parts.push(format!("{} changed", n(changed)));
        }
        if added > 0 {
            parts.push(format!("{} added", n(added)));
        }
        if removed > 0 {
            parts.push(format!("{} gone", n(removed)));
        }
    }
    for (was, now, word) in [
        (old.errors(), new.errors(), "error"),
        (old.warnings(), new.warnings(), "warning"),
    ] {
        if now > was {
            parts.push(dossier_core::text::count(now - was, &format!("new {word}")));
        } else if now < was {
            parts.push(format!(
                "{} fewer",
                dossier_core::text::count(was - now, word)
            ));
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// A citation by ids: the citer's kind and id, and the source's index.
enum CiterId {
    Event(String, usize),
    Issue(String, usize),
    /// An issue, the side of its position, and the source's index in it.
    Position(String, String, usize),
}

/// Replaces the app's dossier with `dossier` (loaded again from the same
/// folder): the same list, selection, link, article, followed passage, filter
/// and search query, each found again by id, the zoom and the timeline's
/// picture, and what was open over the panes ([`Kept`]); what no longer
/// exists falls back to the top. The history is cleared (its places may be
/// gone) and the status line says what was loaded.
fn reload(app: &mut App, dossier: std::sync::Arc<Dossier>, said: Said) {
    let kept = Kept::of(app);
    let top = super::overlay::top_problem(app);
    let changed = match said {
        Said::Nothing => None,
        Said::All | Said::Changes => changes(&app.dossier, &dossier),
    };
    let mut here = location(app);
    let old = &app.dossier;
    let selected = match here.kind {
        ListKind::Timeline => old.events.get(here.selected).map(|e| e.id.clone()),
        ListKind::Issues => old.issues.get(here.selected).map(|i| i.id.clone()),
        ListKind::Articles => old.articles.get(here.selected).map(|a| a.id.clone()),
    };
    let article = here
        .article
        .and_then(|a| old.articles.get(a.0))
        .map(|a| a.id.clone());
    let followed = match here.followed {
        Some(Followed::Passage(SourceRef::Event(e, s))) => {
            old.events.get(e.0).map(|e| CiterId::Event(e.id.clone(), s))
        }
        Some(Followed::Passage(SourceRef::Issue(i, s))) => {
            old.issues.get(i.0).map(|i| CiterId::Issue(i.id.clone(), s))
        }
        Some(Followed::Passage(SourceRef::Position(i, p, s))) => {
            old.issues.get(i.0).and_then(|i| {
                Some(CiterId::Position(
                    i.id.clone(),
                    i.positions.get(p)?.side.clone(),
                    s,
                ))
            })
        }
        // A search match is bytes of the old text: it may not match any more.
        _ => None,
    };
    let lens_issues: Vec<String> = app
        .lens
        .issues
        .iter()
        .filter_map(|i| old.issues.get(i.0).map(|i| i.id.clone()))
        .collect();
    // The entries around the selection, nearest first, for when it is gone.
    let neighbours: Vec<String> = {
        let ids: Vec<&str> = match here.kind {
            ListKind::Timeline => old.events.iter().map(|e| e.id.as_str()).collect(),
            ListKind::Issues => old.issues.iter().map(|i| i.id.as_str()).collect(),
            ListKind::Articles => old.articles.iter().map(|a| a.id.as_str()).collect(),
        };
        let at = here.selected;
        (1..ids.len())
            .flat_map(|d| [at.checked_add(d), at.checked_sub(d)])
            .flatten()
            .filter_map(|k| ids.get(k).map(|s| s.to_string()))
            .collect()
    };
    let lens_kind = app.lens.kind;
    let lens_disputed = app.lens.disputed;
    let query = app.find.search.search.query().to_string();

    let mut new = App::new(dossier, app.size.width, app.size.height);
    new.monochrome = app.monochrome;
    new.keymap = app.keymap;
    new.folder = app.folder.clone();
    // What was seen and pinned stays; the marks are made again against it.
    app.settle_seen();
    new.memory = std::mem::take(&mut app.memory);
    super::remember::remark(&mut new);
    let d = &new.dossier;
    let event = |id: &str| d.events.iter().position(|e| e.id == id);
    let issue = |id: &str| d.issues.iter().position(|i| i.id == id);
    let issues: Vec<IssueIx> = lens_issues
        .iter()
        .filter_map(|id| issue(id).map(IssueIx))
        .collect();
    let kind = lens_kind.filter(|k| d.events.iter().any(|e| e.kind == *k));
    let find = |id: &str| match here.kind {
        ListKind::Timeline => event(id),
        ListKind::Issues => issue(id),
        ListKind::Articles => d.articles.iter().position(|a| a.id == id),
    };
    let found = selected.as_deref().and_then(find);
    // The selected entry gone (deleted, or dropped out with an error): the
    // nearest that remains, and the details and article move with it.
    let lost = selected.is_some() && found.is_none();
    let found = found.or_else(|| {
        if lost {
            neighbours.iter().find_map(|id| find(id))
        } else {
            None
        }
    });
    here.selected = match (found, here.kind) {
        (Some(at), _) => at,
        // The first event the filter shows, or none when it shows none.
        (None, ListKind::Timeline) => usize::MAX,
        (None, _) => 0,
    };
    here.article = article
        .as_deref()
        .and_then(|id| d.articles.iter().position(|a| a.id == id))
        .map(ArticleIx);
    here.followed = followed
        .and_then(|f| match f {
            CiterId::Event(id, s) => event(&id)
                .filter(|&e| d.events[e].sources.len() > s)
                .map(|e| SourceRef::Event(EventIx(e), s)),
            CiterId::Issue(id, s) => issue(&id)
                .filter(|&i| d.issues[i].sources.len() > s)
                .map(|i| SourceRef::Issue(IssueIx(i), s)),
            CiterId::Position(id, side, s) => issue(&id).and_then(|i| {
                let p = d.issues[i].positions.iter().position(|p| p.side == side)?;
                (d.issues[i].positions[p].sources.len() > s).then_some(SourceRef::Position(
                    IssueIx(i),
                    p,
                    s,
                ))
            }),
        })
        .filter(|&c| {
            here.article
                .is_some_and(|a| new.source(c).is_some_and(|s| s.article == a))
        })
        .map(Followed::Passage);
    // `set` keeps whether only disputed events are shown.
    new.lens.disputed = lens_disputed;
    new.lens.set(&new.dossier, issues, kind);
    here.lens = new.lens.clone();
    if here.kind == ListKind::Timeline && here.selected == usize::MAX {
        here.selected = new.lens.event_at(&new.dossier, 0).map_or(0, |e| e.0);
    }
    if lost {
        // Nothing of the old selection's is shown for the new one.
        here.link = None;
        here.details_scroll = 0;
        here.article = None;
        here.followed = None;
        here.article_top = 0;
    }
    let kind = here.kind;
    restore(&mut new, here);
    // The zoom and the timeline's picture, as they were.
    if app.zoomed {
        super::panes::zoom(&mut new, true);
    }
    if app.picture.on && kind == ListKind::Timeline {
        new.picture.on = true;
        new.picture.per_col = app.picture.per_col;
        new.picture.from = app.picture.from;
        new.picture.scroll = app.picture.scroll;
        super::picture::refresh(&mut new);
    }
    if lost {
        let row = new.nav.state(kind).selected;
        super::navigate::select(&mut new, kind, row);
    }
    if !query.is_empty() {
        new.find.search.restart(&new.dossier, &query);
    }
    new.notice = match (said, changed) {
        (Said::Nothing, _) => app.notice.take(),
        (Said::All, changed) => Some(format!(
            "Reloaded: {}{}",
            new.dossier.summary(),
            changed.map(|c| format!(" · {c}")).unwrap_or_default()
        )),
        (Said::Changes, Some(changed)) => Some(format!("The folder changed: {changed}")),
        // Reported already (by the reload before, or by what caused it).
        (Said::Changes, None) => app.notice.take(),
    };
    *app = new;
    // What was open stays open; the notice said above stays too.
    let notice = app.notice.take();
    kept.reopen(app);
    super::overlay::keep_at_top(app, top);
    if app.notice.is_none() {
        app.notice = notice;
    }
}

/// The overlay open when the dossier is loaded again, kept: the prompts by
/// what was typed and where they were opened, found again by ids; the
/// lists that hold no index of the dossier as they were. One whose place
/// is indices into the dossier (a selection in the shown article, its
/// citers, the sides' view) or that waits for an answer (citing) is not
/// kept.
enum Kept {
    Search {
        origin: crate::state::Spot,
        before: Option<(String, dossier_core::search::Options, Option<usize>)>,
        query: String,
    },
    GoTo {
        origin: crate::state::Spot,
        query: String,
    },
    As(super::Overlay),
    Nothing,
}

impl Kept {
    fn of(app: &App) -> Kept {
        use super::Overlay;
        match &app.overlay {
            Some(Overlay::Search(p)) => Kept::Search {
                origin: super::remember::spot(&app.dossier, &p.origin),
                before: p.before.clone(),
                query: app.find.search.query().to_string(),
            },
            Some(Overlay::GoTo(p)) => Kept::GoTo {
                origin: super::remember::spot(&app.dossier, &p.origin),
                query: app.find.goto.query.clone(),
            },
            Some(
                o @ (Overlay::Help { .. }
                | Overlay::Problems { .. }
                | Overlay::About { .. }
                | Overlay::Bookmarks { .. }),
            ) => Kept::As(o.clone()),
            _ => Kept::Nothing,
        }
    }

    fn reopen(self, app: &mut App) {
        let origin = |app: &App, spot: &crate::state::Spot| {
            let mut origin = super::remember::location_of(&app.dossier, spot);
            origin.lens = app.lens.clone();
            origin
        };
        match self {
            Kept::Search {
                origin: o,
                before,
                query,
            } => {
                let o = origin(app, &o);
                super::prompt::reopen_search(app, o, before, &query);
            }
            Kept::GoTo { origin: o, query } => {
                let o = origin(app, &o);
                super::prompt::reopen_goto(app, o, &query);
            }
            Kept::As(overlay) => app.overlay = Some(overlay),
            Kept::Nothing => {}
        }
    }
}
