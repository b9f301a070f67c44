//! Navigation: moving in the focused pane, selecting, focusing, following
//! links and jumps with their history, and the timeline's filter. The
//! prompts and the mouse call these directly.

use dossier_core::content::{ArticleIx, Dossier, EntityRef, EventIx, IssueIx, SourceRef};

use super::action::{ListKind, Pane, Target};
use super::details::{self, Link};
use super::history::Location;
use super::layout::inner;
use super::panes::{
    clamp_article, clamp_details, ensure_link_visible, ensure_list_visible, first_link_in_view,
    refresh_details, rewrap, scroll_to_passage, selected_link_in_view, top_byte,
};
use super::{App, Followed, Lens, Overlay, sides};

/// Shows one list in the left pane and focuses it.
pub(super) fn show_list(app: &mut App, kind: ListKind) {
    app.nav.kind = Some(kind);
    let selected = app.nav.state(kind).selected;
    select(app, kind, selected);
    focus(app, Pane::List);
}

/// Enter: follows what is selected in the focused pane; in the list, with
/// nothing to follow, moves on to the details.
pub(super) fn follow(app: &mut App) {
    // A passage cited by several entries: choose which to go to.
    if app.focus == Pane::Article
        && let Some(passage) = app.passage_index()
        && app
            .passages()
            .get(passage)
            .is_some_and(|p| p.entries().len() > 1)
    {
        let followed = app.article.passage().map(|c| c.owner());
        let selected = app
            .passages()
            .get(passage)
            .and_then(|p| p.entries().iter().position(|c| Some(c.owner()) == followed))
            .unwrap_or(0);
        app.overlay = Some(Overlay::Citers { passage, selected });
        return;
    }
    if let Some(target) = follow_target(app) {
        jump(app, target);
    } else if app.focus == Pane::List {
        focus(app, Pane::Details);
    }
}

/// Opens a target as a jump: where the reader was goes on the history.
pub(super) fn jump(app: &mut App, target: Target) {
    let here = location(app);
    open(app, target);
    if location(app) != here {
        app.history.jumped(here);
    }
}

/// Back (`forward` false) or forward along the history.
pub(super) fn travel(app: &mut App, forward: bool) {
    let here = location(app);
    let to = if forward {
        app.history.forward(here)
    } else {
        app.history.back(here)
    };
    match to {
        Some(to) => restore(app, to),
        None if forward => {
            app.notice = Some("Nothing to go forward to: this is the newest place".into())
        }
        None => app.notice = Some("Nothing to go back to: this is where you started".into()),
    }
}

pub(super) fn page(app: &App) -> isize {
    let areas = app.areas();
    let h = match app.focus {
        Pane::List => app.list_rows_area().height,
        Pane::Details => inner(areas.details).height,
        Pane::Article => app.article_body().height,
    };
    h.saturating_sub(1).max(1) as isize
}

pub(super) fn focus(app: &mut App, pane: Pane) {
    app.focus = pane;
    // In a narrow terminal the focused pane grows: keep things in view.
    refresh_details(app);
    rewrap(app);
    ensure_list_visible(app);
    clamp_details(app);
    clamp_article(app);
    // The details keep their place; a link off screen gives way to one on it.
    if pane == Pane::Details
        && !selected_link_in_view(app)
        && let Some(i) = first_link_in_view(app)
    {
        select_link(app, i);
    }
}

/// Gives the focused pane the whole screen (`on`), or gives it back.
pub(super) fn zoom(app: &mut App, on: bool) {
    super::panes::zoom(app, on);
}

/// Moves within the focused pane by `delta` rows.
pub(super) fn step(app: &mut App, delta: isize) {
    match app.focus {
        Pane::List => {
            let kind = app.nav.kind();
            let to = app.nav.state(kind).selected.saturating_add_signed(delta);
            select(app, kind, to);
        }
        Pane::Details => step_details(app, delta),
        Pane::Article => {
            app.article.scroll = app.article.scroll.saturating_add_signed(delta);
            clamp_article(app);
        }
    }
}

/// Rows of the details pane in view.
fn details_height(app: &App) -> usize {
    usize::from(inner(app.areas().details).height).max(1)
}

/// Moves in the details pane. One step selects the next (or previous) link
/// when it is on screen, and otherwise scrolls by a line toward it, so the
/// text between links comes into view; more than one step (a page, the top,
/// the end) scrolls, and selects a link in view if the selected one left it.
fn step_details(app: &mut App, delta: isize) {
    let h = details_height(app);
    let links = &app.details.content.links;
    let scroll = app.details.scroll;
    let in_view = |first: usize, rows: usize| first < scroll + h && first + rows > scroll;
    if delta == 1 || delta == -1 {
        // A selection scrolled out of view: the next link is the next in view.
        let sel = app.details.selected.filter(|_| {
            app.details
                .selected_link()
                .is_some_and(|l| in_view(l.first_row, l.rows))
        });
        let spans = links.iter().map(|l| (l.first_row, l.rows));
        match super::layout::link_step(spans, sel, (scroll, h), delta > 0) {
            Some((i, (first, rows))) if in_view(first, rows) => select_link(app, i),
            _ => {
                app.details.scroll = scroll.saturating_add_signed(delta);
                clamp_details(app);
            }
        }
        return;
    }
    app.details.scroll = scroll.saturating_add_signed(delta);
    clamp_details(app);
    let scroll = app.details.scroll;
    let fully =
        |l: &&details::LinkEntry| l.first_row >= scroll && l.first_row + l.rows <= scroll + h;
    let selected_shows = app.details.selected_link().is_some_and(|l| fully(&l));
    // The top and the end select the first or last link there; a page keeps
    // the selection while it shows.
    let ends = delta == isize::MIN / 2 || delta == isize::MAX / 2;
    if ends || !selected_shows {
        let links = &app.details.content.links;
        let pick = if delta > 0 {
            links.iter().rposition(|l| fully(&l))
        } else {
            links.iter().position(|l| fully(&l))
        };
        if let Some(i) = pick {
            select_link(app, i);
        }
    }
}

/// Selects entry `ix` of a list (clamped), shows it in the details and
/// previews its source in the article pane.
pub(super) fn select(app: &mut App, kind: ListKind, ix: usize) {
    let len = app.list_len(kind);
    app.nav.state_mut(kind).selected = ix.min(len.saturating_sub(1));
    ensure_list_visible(app);
    refresh_details(app);
    preview(app);
}

pub(super) fn select_link(app: &mut App, ix: usize) {
    if ix >= app.details.content.links.len() {
        return;
    }
    app.details.selected = Some(ix);
    ensure_link_visible(app);
    if let Some(entry) = app.details.content.links.get(ix)
        && let Link::Source(c) | Link::Citer(c) = entry.link
    {
        show_passage(app, c);
    }
}

/// Shows in the article pane what the selection in the list and details
/// points at, without moving focus or remembering a jump.
pub(super) fn preview(app: &mut App) {
    match app.selected_entity() {
        Some(EntityRef::Article(a)) => show_article(app, a, None),
        Some(_) => {
            let source = app.details.selected_link().and_then(|l| match l.link {
                Link::Source(c) | Link::Citer(c) => Some(c),
                _ => None,
            });
            let first = app.details.content.links.iter().find_map(|l| match l.link {
                Link::Source(c) => Some(c),
                _ => None,
            });
            if let Some(c) = source.or(first) {
                show_passage(app, c);
            }
        }
        None => {}
    }
}

pub(super) fn show_article(app: &mut App, a: ArticleIx, followed: Option<Followed>) {
    if app.article.shown != Some(a) {
        app.article.scroll = 0;
    }
    app.article.shown = Some(a);
    app.article.followed = followed;
    if followed.is_none() {
        app.article.scroll = 0;
    }
    rewrap(app);
}

/// Shows a cited passage, highlighted and scrolled into view.
pub(super) fn show_passage(app: &mut App, c: SourceRef) {
    let Some(article) = app.source(c).map(|s| s.article) else {
        return;
    };
    if app.dossier.articles.get(article.0).is_none() {
        return;
    }
    show_article(app, article, Some(Followed::Passage(c)));
    scroll_to_passage(app, true);
}

/// Shows a search match, highlighted and scrolled into view.
pub(super) fn show_match(app: &mut App, a: ArticleIx, start: usize, end: usize) {
    let Some(article) = app.dossier.articles.get(a.0) else {
        return;
    };
    // Clamp to the text so a stale range cannot point outside it.
    let end = end.min(article.text.len());
    let start = start.min(end);
    show_article(app, a, Some(Followed::Match { start, end }));
    scroll_to_passage(app, true);
}

/// `]` (`forward`) or `[`: highlights the next or previous cited passage of
/// the article (citations of the same or overlapping words are one passage);
/// at either end, says so.
pub(super) fn step_passage(app: &mut App, forward: bool) {
    if app.article.shown.is_none() {
        return;
    }
    let len = app.passages().len();
    if len == 0 {
        app.notice = Some("No passage of this article is cited".into());
        return;
    }
    let next = match (app.passage_index(), forward) {
        (Some(i), true) => (i + 1 < len).then_some(i + 1),
        (Some(i), false) => i.checked_sub(1),
        (None, _) => {
            // From the top of the view: the first passage at or below it.
            let top = top_byte(app);
            let after = app.passages().iter().position(|p| p.span.start >= top);
            match (after, forward) {
                (Some(i), true) => Some(i),
                (Some(i), false) => i.checked_sub(1),
                (None, true) => None,
                (None, false) => Some(len - 1),
            }
        }
    };
    app.focus = Pane::Article;
    let Some(i) = next else {
        app.notice = Some(if forward {
            format!("Last cited passage ({len}/{len})")
        } else {
            format!("First cited passage (1/{len})")
        });
        return;
    };
    app.article.followed = app
        .passages()
        .get(i)
        .and_then(|p| p.citers.first().copied())
        .map(Followed::Passage);
    rewrap(app);
    scroll_to_passage(app, false);
}

/// Enter in the chooser of a passage's citers: goes to entry `selected`.
pub(super) fn follow_citer(app: &mut App, passage: usize, selected: usize) {
    let target = app
        .passages()
        .get(passage)
        .and_then(|p| p.entries().get(selected).copied());
    app.overlay = None;
    if let Some(c) = target {
        jump(app, Target::Citer(c));
    }
}

/// Opens the sides view where it was left, its rows at the screen's width.
pub(super) fn open_sides(app: &mut App) {
    super::panes::refresh_sides(app);
    // At the issue selected (in the list, or shown in the details), else
    // where the view was left.
    let issue = match (app.selected_entity(), app.details.shown) {
        (Some(EntityRef::Issue(i)), _) | (_, Some(EntityRef::Issue(i))) => Some(i),
        _ => None,
    };
    // A passage of that issue already selected keeps its place.
    let within = app.sides.selected_link().is_some_and(
        |l| matches!(l.citer, dossier_core::content::SourceRef::Position(j, ..) if Some(j) == issue),
    );
    if app.sides.alone.is_some() {
        if let Some(i) = issue {
            app.sides.issue = i.0;
        }
    } else if let Some(i) = issue.filter(|_| !within) {
        let h = super::panes::sides_height(app);
        sides::show_issue(&mut app.sides, i, h);
    } else if app.sides.selected.is_none() {
        let h = super::panes::sides_height(app);
        app.sides.selected = app
            .sides
            .content
            .links
            .iter()
            .position(|l| l.first_row + l.rows <= app.sides.scroll + h);
    }
    app.overlay = Some(Overlay::Sides);
}

/// Enter in the sides view: the selected passage in its article; back
/// comes back to the view.
pub(super) fn follow_side(app: &mut App) {
    if let Some(k) = app.sides.alone {
        follow_side_alone(app, k);
        return;
    }
    let Some(c) = app.sides.selected_link().map(|l| l.citer) else {
        let key = app
            .keymap
            .primary(super::Mode::Overlay, super::Command::Down)
            .unwrap_or_default();
        app.notice = Some(format!("No passage selected: {key} moves to the next"));
        return;
    };
    let here = location(app);
    app.overlay = None;
    // The issue in the list and its details, the position's passage
    // selected there and highlighted in the article, which takes the focus.
    open(app, Target::Citer(c));
    open(app, Target::Passage(c));
    app.history.jumped(here);
}

/// Enter with a side alone: the first passage its position on the
/// selected issue cites, beside the issue; the issue alone when the
/// position cites nothing or there is none.
fn follow_side_alone(app: &mut App, side: usize) {
    let issue = IssueIx(app.sides.issue);
    if app.dossier.issues.get(issue.0).is_none() {
        return;
    }
    let cited = sides::SIDES
        .get(side)
        .and_then(|s| sides::position_line(&app.dossier, issue, s))
        .and_then(|(_, c)| c);
    let here = location(app);
    app.overlay = None;
    match cited {
        Some(c) => {
            open(app, Target::Citer(c));
            open(app, Target::Passage(c));
        }
        None => open(app, Target::Entity(EntityRef::Issue(issue))),
    }
    app.history.jumped(here);
}

/// What Enter follows in the focused pane.
pub(super) fn follow_target(app: &App) -> Option<Target> {
    match app.focus {
        Pane::List => match app.selected_entity()? {
            EntityRef::Article(a) => Some(Target::Article(a)),
            _ => {
                let selected = app.details.selected_link().and_then(|l| match l.link {
                    Link::Source(c) => Some(c),
                    _ => None,
                });
                let first = app.details.content.links.iter().find_map(|l| match l.link {
                    Link::Source(c) => Some(c),
                    _ => None,
                });
                selected.or(first).map(Target::Passage)
            }
        },
        Pane::Details => Some(match app.details.selected_link()?.link {
            Link::Source(c) => Target::Passage(c),
            Link::Citer(c) => Target::Citer(c),
            Link::Event(e) => Target::Entity(EntityRef::Event(e)),
            Link::Issue(i) => Target::Entity(EntityRef::Issue(i)),
            Link::Article(a) => Target::Entity(EntityRef::Article(a)),
        }),
        Pane::Article => match app.article.followed? {
            Followed::Passage(c) => Some(Target::Citer(c)),
            // A match inside a cited passage leads to what cites it.
            Followed::Match { start, .. } => {
                let article = app.dossier.articles.get(app.article.shown?.0)?;
                article
                    .cited_by
                    .iter()
                    .rev()
                    .find(|&&c| app.source(c).is_some_and(|s| s.span.contains(&start)))
                    .map(|&c| Target::Citer(c))
            }
        },
    }
}

pub(super) fn select_entity(app: &mut App, entity: EntityRef) {
    let (kind, ix) = match entity {
        EntityRef::Event(e) => (ListKind::Timeline, timeline_row(app, e)),
        EntityRef::Issue(IssueIx(i)) => (ListKind::Issues, i),
        EntityRef::Article(ArticleIx(i)) => (ListKind::Articles, i),
    };
    app.nav.kind = Some(kind);
    select(app, kind, ix);
}

/// The timeline row of an event. An event the filter hides clears the
/// filter: a jump always lands on what it names.
pub(super) fn timeline_row(app: &mut App, e: EventIx) -> usize {
    if let Some(row) = app.lens.row_of(e) {
        return row;
    }
    if e.0 < app.dossier.events.len() {
        app.lens.clear();
        app.notice = Some("Filter cleared to show the event".into());
    }
    e.0
}

pub(super) fn open(app: &mut App, target: Target) {
    match target {
        Target::Entity(entity @ EntityRef::Article(a)) => {
            select_entity(app, entity);
            show_article(app, a, None);
            focus(app, Pane::Article);
        }
        Target::Entity(entity) => {
            select_entity(app, entity);
            focus(app, Pane::Details);
        }
        Target::Article(a) => {
            if app.dossier.articles.get(a.0).is_some() {
                show_article(app, a, None);
                focus(app, Pane::Article);
            }
        }
        Target::Passage(c) => {
            show_passage(app, c);
            focus(app, Pane::Article);
            scroll_to_passage(app, true);
        }
        Target::Match {
            article,
            start,
            end,
        } => {
            // The article's details (who cites it) show beside it.
            select_entity(app, EntityRef::Article(article));
            show_match(app, article, start, end);
            focus(app, Pane::Article);
            scroll_to_passage(app, true);
        }
        Target::Citer(c) => {
            select_entity(app, c.owner());
            let link = app
                .details
                .content
                .links
                .iter()
                .position(|l| l.link == Link::Source(c));
            if let Some(ix) = link {
                select_link(app, ix);
            }
            focus(app, Pane::Details);
        }
    }
}

/// Where the reader is now, for the history.
pub fn location(app: &App) -> Location {
    let kind = app.nav.kind();
    let row = app.nav.state(kind).selected;
    // The timeline may be filtered: remember the event, not its row.
    let selected = match kind {
        // An empty (filtered) timeline names no event, so restoring it
        // does not clear the filter.
        ListKind::Timeline => app
            .lens
            .event_at(&app.dossier, row)
            .map_or(usize::MAX, |e| e.0),
        _ => row,
    };
    Location {
        focus: app.focus,
        kind,
        selected,
        list_offset: app.nav.state(kind).offset,
        link: app.details.selected,
        details_scroll: app.details.scroll,
        article: app.article.shown,
        followed: app.article.followed,
        article_top: top_byte(app),
        sides: matches!(app.overlay, Some(Overlay::Sides)).then(|| app.sides.place()),
        lens: app.lens.clone(),
    }
}

pub(super) fn restore(app: &mut App, to: Location) {
    app.lens = to.lens;
    app.focus = to.focus;
    app.nav.kind = Some(to.kind);
    let selected = match to.kind {
        ListKind::Timeline => timeline_row(app, EventIx(to.selected)),
        _ => to.selected,
    };
    let len = app.list_len(to.kind);
    let st = app.nav.state_mut(to.kind);
    st.selected = selected.min(len.saturating_sub(1));
    st.offset = to.list_offset;
    ensure_list_visible(app);
    refresh_details(app);
    let links = app.details.content.links.len();
    app.details.selected = to.link.filter(|&l| l < links);
    app.details.scroll = to.details_scroll;
    clamp_details(app);
    app.article.shown = to.article.filter(|a| a.0 < app.dossier.articles.len());
    app.article.followed = to.followed;
    app.article.wrapped = None;
    rewrap(app);
    app.article.scroll = app
        .article
        .wrapped
        .as_ref()
        .map_or(0, |w| w.line_of(to.article_top));
    clamp_article(app);
    match to.sides {
        Some(place) => {
            super::panes::refresh_sides(app);
            app.sides.set_place(place);
            super::panes::refresh_sides(app);
            app.overlay = Some(Overlay::Sides);
        }
        None if app.overlay == Some(Overlay::Sides) => app.overlay = None,
        None => {}
    }
}

/// The issue `f` filters by: the issue link selected in the details, else
/// the issue shown in the details or selected in the issues list.
pub(super) fn issue_in_view(app: &App) -> Option<IssueIx> {
    if app.focus == Pane::Details
        && let Some(Link::Issue(i)) = app.details.selected_link().map(|l| l.link)
    {
        return Some(i);
    }
    match app.details.shown {
        Some(EntityRef::Issue(i)) => Some(i),
        _ => None,
    }
}

pub(super) fn filter_issue(app: &mut App) {
    let Some(issue) = issue_in_view(app) else {
        app.notice = Some("f filters the timeline by an issue: select one first".into());
        return;
    };
    change_lens(app, |lens, d| lens.toggle_issue(d, issue));
}

/// `D`: only the disputed events in the timeline, or all again.
pub(super) fn filter_disputed(app: &mut App) {
    if !app.dossier.events.iter().any(|e| e.disputed.is_some()) {
        app.notice = Some("No event of this dossier is disputed".into());
        return;
    }
    change_lens(app, |lens, d| lens.toggle_disputed(d));
}

/// Changes the timeline's filter and shows the timeline, keeping the selected
/// event if it is still shown, else the first shown event after it.
pub(super) fn change_lens(app: &mut App, change: impl FnOnce(&mut Lens, &Dossier)) {
    let before = app.lens.event_at(&app.dossier, app.nav.timeline.selected);
    change(&mut app.lens, &app.dossier);
    let row = before.map_or(0, |e| app.lens.row_at_or_after(e));
    app.nav.kind = Some(ListKind::Timeline);
    app.nav.timeline.offset = 0;
    focus(app, Pane::List);
    select(app, ListKind::Timeline, row);
}

/// Shows the timeline as a picture, or as the list again (from another
/// list, shows the timeline as its picture).
pub fn toggle_picture(app: &mut App) {
    if app.nav.kind() != ListKind::Timeline {
        show_list(app, ListKind::Timeline);
        app.picture.on = true;
    } else {
        app.picture.on = !app.picture.on;
    }
    focus(app, Pane::List);
    super::picture::refresh(app);
    let key = |c| {
        app.keymap
            .primary(super::keymap::Mode::Normal, c)
            .unwrap_or_default()
    };
    app.notice = Some(if app.picture.on {
        match app.picture.model.as_ref().and_then(|m| m.too_small.clone()) {
            Some(why) => format!(
                "{why}: {} shows the list",
                key(super::Command::ShowTimeline)
            ),
            None => format!(
                "The timeline as a picture: {}/{} move through the events, {}/{} zoom, {} shows the list",
                key(super::Command::Down),
                key(super::Command::Up),
                key(super::Command::PictureZoomIn),
                key(super::Command::PictureZoomOut),
                key(super::Command::ShowTimeline)
            ),
        }
    } else {
        format!(
            "The timeline as a list ({} shows the picture)",
            key(super::Command::ShowTimeline)
        )
    });
    super::panes::refresh_details(app);
}

/// Zooms the timeline picture in or out around the selected event.
pub fn zoom_picture(app: &mut App, zoom_in: bool) {
    if !app.picture_shown() {
        let key = app
            .keymap
            .primary(super::keymap::Mode::Normal, super::Command::ShowTimeline)
            .unwrap_or_default();
        app.notice = Some(format!(
            "Zoom works in the timeline picture ({key} on the timeline shows it)"
        ));
        return;
    }
    super::picture::zoom(app, zoom_in);
    if let Some(m) = &app.picture.model {
        let days = m.per_col;
        let per = if days >= 1.0 {
            dossier_core::text::count(days.round() as usize, "day")
        } else {
            format!("{:.2} day", days)
        };
        app.notice = Some(format!(
            "Picture: {per} to a column, labelled by {}",
            m.unit
        ));
    }
}

/// Enter in the "about" overlay: goes to the entry the selected link names.
pub(super) fn follow_about(app: &mut App) {
    let width = super::about::text_width(app.size);
    let lines = super::about::lines(app, width);
    let target = app.about_link.and_then(|s| {
        super::about::links(&lines, &app.dossier)
            .get(s)
            .map(|l| l.target)
    });
    match target {
        Some(t) => {
            app.overlay = None;
            app.about_link = None;
            jump(app, super::Target::Entity(t));
        }
        None => {
            let key = app
                .keymap
                .primary(super::Mode::Overlay, super::Command::Down)
                .unwrap_or_default();
            app.notice = Some(format!("No link selected: {key} selects the next in view"));
        }
    }
}
