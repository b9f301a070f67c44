//! `update`: the one place the reader's state changes, one action at a time.

use crate::content::{ArticleIx, Citer, EntityRef, EventIx, IssueIx};

use super::action::{Action, ListKind, Pane, Target};
use super::details::{self, Link};
use super::find;
use super::history::Location;
use super::layout::{contains, inner};
use super::{App, Followed, Overlay, keymap};

/// Lines the wheel scrolls per notch.
const WHEEL: i16 = 3;

/// Puts a new reader on its first screen.
pub(super) fn start(app: &mut App) {
    let kind = if !app.dossier.events.is_empty() {
        ListKind::Timeline
    } else if !app.dossier.issues.is_empty() {
        ListKind::Issues
    } else {
        ListKind::Articles
    };
    app.nav.kind = Some(kind);
    select(app, kind, 0);
}

/// Applies one action.
pub fn update(app: &mut App, action: Action) {
    if !matches!(action, Action::Work | Action::Resize { .. }) {
        app.notice = None;
    }
    if let Some(overlay) = app.overlay.clone() {
        let handled = if overlay.is_prompt() {
            find::prompt_action(app, action)
        } else {
            update_overlay(app, overlay, action)
        };
        if handled {
            return;
        }
    }
    match action {
        Action::Down => step(app, 1),
        Action::Up => step(app, -1),
        Action::PageDown => step(app, page(app)),
        Action::PageUp => step(app, -page(app)),
        Action::First => step(app, isize::MIN / 2),
        Action::Last => step(app, isize::MAX / 2),
        Action::NextPane => focus(app, Pane::ALL[(app.focus.index() + 1) % 3]),
        Action::PrevPane => focus(app, Pane::ALL[(app.focus.index() + 2) % 3]),
        Action::PaneLeft => focus(app, Pane::ALL[app.focus.index().saturating_sub(1)]),
        Action::PaneRight => focus(app, Pane::ALL[(app.focus.index() + 1).min(2)]),
        Action::Focus(pane) => focus(app, pane),
        Action::Show(kind) => {
            app.nav.kind = Some(kind);
            let selected = app.nav.state(kind).selected;
            select(app, kind, selected);
            focus(app, Pane::List);
        }
        Action::Follow => {
            if let Some(target) = follow_target(app) {
                update(app, Action::Open(target));
            } else if app.focus == Pane::List {
                focus(app, Pane::Details);
            }
        }
        Action::Open(target) => {
            let here = location(app);
            open(app, target);
            if location(app) != here {
                app.history.jumped(here);
            }
        }
        Action::NextPassage => step_passage(app, true),
        Action::PrevPassage => step_passage(app, false),
        Action::Back => {
            let here = location(app);
            if let Some(to) = app.history.back(here) {
                restore(app, to);
            }
        }
        Action::Forward => {
            let here = location(app);
            if let Some(to) = app.history.forward(here) {
                restore(app, to);
            }
        }
        Action::Help => app.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Problems => {
            if !app.dossier.problems.is_empty() {
                app.overlay = Some(Overlay::Problems { scroll: 0 });
            }
        }
        Action::Close => app.overlay = None,
        Action::Copy => super::copy::copy(app),
        Action::Reload => app.reload_requested = true,
        Action::Quit => app.quit = true,
        Action::Search => find::open_search(app),
        Action::GoTo => find::open_goto(app),
        Action::NextHit => find::next_hit(app, true),
        Action::PrevHit => find::next_hit(app, false),
        Action::FilterIssue => filter_issue(app),
        Action::FilterKind => change_lens(app, |lens, d| lens.cycle_kind(d)),
        Action::ClearFilter => {
            if app.lens.is_active() {
                change_lens(app, |lens, _| lens.clear());
            }
        }
        Action::Work => find::work(app),
        // Typing means something only in a prompt.
        Action::Type(_) | Action::Erase | Action::EraseAll => {}
        Action::Click { column, row } => click(app, column, row),
        Action::Scroll { column, row, lines } => wheel(app, column, row, lines),
        Action::Resize { width, height } => resize(app, width, height),
    }
}

/// Handles an action while an overlay is open; false lets it through.
fn update_overlay(app: &mut App, overlay: Overlay, action: Action) -> bool {
    let (scroll, len) = match overlay {
        Overlay::Help { scroll } => (scroll, keymap::help_lines().len()),
        Overlay::Problems { scroll } => (scroll, app.problem_rows().len()),
        Overlay::Search(_) | Overlay::GoTo(_) => return false,
    };
    let h = usize::from(app.size.height.saturating_sub(4)).max(1);
    let max = len.saturating_sub(h);
    let delta: isize = match action {
        Action::Down => 1,
        Action::Up => -1,
        Action::PageDown => h as isize - 1,
        Action::PageUp => 1 - h as isize,
        Action::First => isize::MIN / 2,
        Action::Last => isize::MAX / 2,
        Action::Scroll { lines, .. } => isize::from(lines),
        Action::Click { .. } | Action::Close => {
            app.overlay = None;
            return true;
        }
        Action::Help if matches!(overlay, Overlay::Help { .. }) => {
            app.overlay = None;
            return true;
        }
        Action::Problems if matches!(overlay, Overlay::Problems { .. }) => {
            app.overlay = None;
            return true;
        }
        Action::Quit | Action::Resize { .. } | Action::Help | Action::Problems => return false,
        _ => return true,
    };
    let scroll = scroll.saturating_add_signed(delta).min(max);
    app.overlay = Some(match overlay {
        Overlay::Help { .. } => Overlay::Help { scroll },
        Overlay::Problems { .. } => Overlay::Problems { scroll },
        other => other,
    });
    true
}

fn page(app: &App) -> isize {
    let areas = app.areas();
    let h = match app.focus {
        Pane::List => inner(areas.list).height,
        Pane::Details => inner(areas.details).height,
        Pane::Article => app.article_body().height,
    };
    h.saturating_sub(1).max(1) as isize
}

fn focus(app: &mut App, pane: Pane) {
    app.focus = pane;
    // In a narrow terminal the focused pane grows: keep things in view.
    refresh_details(app);
    rewrap(app);
    ensure_list_visible(app);
    if pane == Pane::Details {
        ensure_link_visible(app);
    }
    clamp_details(app);
    clamp_article(app);
}

/// Moves within the focused pane by `delta` rows.
fn step(app: &mut App, delta: isize) {
    match app.focus {
        Pane::List => {
            let kind = app.nav.kind();
            let to = app.nav.state(kind).selected.saturating_add_signed(delta);
            select(app, kind, to);
        }
        Pane::Details => {
            let links = app.details.content.links.len();
            match app.details.selected {
                Some(sel) if links > 0 => {
                    let to = sel.saturating_add_signed(delta).min(links - 1);
                    select_link(app, to);
                }
                _ => {
                    let max = app.details.content.rows.len();
                    app.details.scroll = app.details.scroll.saturating_add_signed(delta).min(max);
                    clamp_details(app);
                }
            }
        }
        Pane::Article => {
            app.article.scroll = app.article.scroll.saturating_add_signed(delta);
            clamp_article(app);
        }
    }
}

/// Selects entry `ix` of a list (clamped), shows it in the details and
/// previews its source in the article pane.
fn select(app: &mut App, kind: ListKind, ix: usize) {
    let len = app.list_len(kind);
    app.nav.state_mut(kind).selected = ix.min(len.saturating_sub(1));
    ensure_list_visible(app);
    refresh_details(app);
    preview(app);
}

fn ensure_list_visible(app: &mut App) {
    let h = usize::from(inner(app.areas().list).height).max(1);
    let kind = app.nav.kind();
    let len = app.list_len(kind);
    let st = app.nav.state_mut(kind);
    if st.selected < st.offset {
        st.offset = st.selected;
    } else if st.selected >= st.offset + h {
        st.offset = st.selected + 1 - h;
    }
    st.offset = st.offset.min(len.saturating_sub(h));
}

/// Rebuilds the details when the selected entity or the pane's width changed.
fn refresh_details(app: &mut App) {
    let entity = app.selected_entity();
    let width = inner(app.areas().details).width;
    if entity == app.details.shown && width == app.details.width {
        return;
    }
    let changed = entity != app.details.shown;
    app.details.content = match entity {
        Some(e) => details::build(&app.dossier, e, usize::from(width)),
        None => details::Content::default(),
    };
    app.details.shown = entity;
    app.details.width = width;
    if changed {
        // A new entity is read from its top; the selected link scrolls into
        // view once the details pane has focus.
        app.details.selected = app.details.content.default_link();
        app.details.scroll = 0;
        if app.focus == Pane::Details {
            ensure_link_visible(app);
        }
    } else {
        let links = app.details.content.links.len();
        app.details.selected = app.details.selected.map(|s| s.min(links.saturating_sub(1)));
        ensure_link_visible(app);
    }
}

fn select_link(app: &mut App, ix: usize) {
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

fn ensure_link_visible(app: &mut App) {
    let h = usize::from(inner(app.areas().details).height).max(1);
    if let Some(entry) = app.details.selected_link().copied() {
        let end = entry.first_row + entry.rows;
        if app.details.selected == Some(0) && end <= h {
            // The first link: show the text above it too.
            app.details.scroll = 0;
        } else if entry.first_row < app.details.scroll {
            app.details.scroll = entry.first_row;
        } else if end > app.details.scroll + h {
            app.details.scroll = end.saturating_sub(h);
        }
    }
    clamp_details(app);
}

fn clamp_details(app: &mut App) {
    let h = usize::from(inner(app.areas().details).height);
    let max = app.details.content.rows.len().saturating_sub(h);
    app.details.scroll = app.details.scroll.min(max);
}

/// Shows in the article pane what the selection in the list and details
/// points at, without moving focus or remembering a jump.
fn preview(app: &mut App) {
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

fn show_article(app: &mut App, a: ArticleIx, followed: Option<Followed>) {
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
fn show_passage(app: &mut App, c: Citer) {
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
fn show_match(app: &mut App, a: ArticleIx, start: usize, end: usize) {
    let Some(article) = app.dossier.articles.get(a.0) else {
        return;
    };
    // Clamp to the text so a stale range cannot point outside it.
    let end = end.min(article.text.len());
    let start = start.min(end);
    show_article(app, a, Some(Followed::Match { start, end }));
    scroll_to_passage(app, true);
}

/// The byte range of the shown article that is highlighted.
fn followed_span(app: &App) -> Option<std::ops::Range<usize>> {
    match app.article.followed? {
        Followed::Passage(c) => app.source(c).map(|s| s.span.clone()),
        Followed::Match { start, end } => Some(start..end),
    }
}

/// Wraps the shown article for the pane's width (from the cache when it can),
/// keeping the same text at the top.
fn rewrap(app: &mut App) {
    let width = app.article_body().width;
    let Some(a) = app.article.shown else {
        app.article.wrapped = None;
        return;
    };
    let Some(article) = app.dossier.articles.get(a.0) else {
        app.article.wrapped = None;
        return;
    };
    if app
        .article
        .wrapped
        .as_ref()
        .is_some_and(|w| w.article == a && w.width == width)
    {
        return;
    }
    let top = top_byte(app);
    let same_article = app.article.wrapped.as_ref().is_some_and(|w| w.article == a);
    let wrapped = app.article.cache.get(a, width, &article.text);
    if same_article {
        app.article.scroll = wrapped.line_of(top);
    }
    app.article.wrapped = Some(wrapped);
    clamp_article(app);
}

fn top_byte(app: &App) -> usize {
    app.article
        .lines()
        .get(app.article.scroll)
        .map_or(0, |r| r.start)
}

fn clamp_article(app: &mut App) {
    let h = usize::from(app.article_body().height);
    let max = app.article_rows().saturating_sub(h);
    app.article.scroll = app.article.scroll.min(max);
}

/// Scrolls the followed passage into view: always when `force`, otherwise
/// only when it is not already in full view.
fn scroll_to_passage(app: &mut App, force: bool) {
    let Some(span) = followed_span(app) else {
        return;
    };
    let Some(wrapped) = app.article.wrapped.clone() else {
        return;
    };
    let h = usize::from(app.article_body().height).max(1);
    let first = wrapped.line_of(span.start);
    let last = wrapped.line_of(span.end.saturating_sub(1).max(span.start));
    let visible = first >= app.article.scroll && last < app.article.scroll + h;
    if force || !visible {
        // A little context above the passage, unless that would hide its end.
        let context = (h / 4).min(h.saturating_sub(last - first + 1));
        app.article.scroll = first.saturating_sub(context);
    }
    clamp_article(app);
}

fn step_passage(app: &mut App, forward: bool) {
    let Some(article) = app
        .article
        .shown
        .and_then(|a| app.dossier.articles.get(a.0))
    else {
        return;
    };
    let cited = &article.cited_by;
    if cited.is_empty() {
        return;
    }
    let current = app
        .article
        .passage()
        .and_then(|f| cited.iter().position(|&c| c == f));
    let next = match (current, forward) {
        (Some(i), true) => (i + 1 < cited.len()).then_some(i + 1),
        (Some(i), false) => i.checked_sub(1),
        (None, _) => {
            // From the top of the view: the first passage at or below it.
            let top = top_byte(app);
            let after = cited
                .iter()
                .position(|&c| app.source(c).is_some_and(|s| s.span.start >= top));
            match (after, forward) {
                (Some(i), true) => Some(i),
                (Some(i), false) => i.checked_sub(1),
                (None, true) => None,
                (None, false) => Some(cited.len() - 1),
            }
        }
    };
    app.focus = Pane::Article;
    if let Some(i) = next {
        app.article.followed = cited.get(i).copied().map(Followed::Passage);
        rewrap(app);
        scroll_to_passage(app, false);
    }
}

/// What Enter follows in the focused pane.
fn follow_target(app: &App) -> Option<Target> {
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

fn select_entity(app: &mut App, entity: EntityRef) {
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
fn timeline_row(app: &mut App, e: EventIx) -> usize {
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
    }
}

pub(super) fn restore(app: &mut App, to: Location) {
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
}

fn click(app: &mut App, column: u16, row: u16) {
    let areas = app.areas();
    if contains(areas.list, column, row) {
        let was_focused = app.focus == Pane::List;
        focus(app, Pane::List);
        let i = inner(areas.list);
        if !contains(i, column, row) {
            return;
        }
        let kind = app.nav.kind();
        let ix = app.nav.state(kind).offset + usize::from(row - i.y);
        if ix >= app.list_len(kind) {
            return;
        }
        if was_focused && ix == app.nav.state(kind).selected {
            update(app, Action::Follow);
        } else {
            select(app, kind, ix);
        }
    } else if contains(areas.details, column, row) {
        let was_focused = app.focus == Pane::Details;
        focus(app, Pane::Details);
        let i = inner(app.areas().details);
        if !contains(i, column, row) {
            return;
        }
        let r = app.details.scroll + usize::from(row - i.y);
        if let Some(details::Row::Link { item, .. }) = app.details.content.rows.get(r) {
            let item = *item;
            if was_focused && app.details.selected == Some(item) {
                update(app, Action::Follow);
            } else {
                select_link(app, item);
            }
        }
    } else if contains(areas.article, column, row) {
        let was_focused = app.focus == Pane::Article;
        focus(app, Pane::Article);
        let body = app.article_body();
        if !contains(body, column, row) {
            return;
        }
        let r = app.article.scroll + usize::from(row - body.y);
        if let Some(c) = citer_at(app, r, usize::from(column - body.x)) {
            if was_focused && app.article.passage() == Some(c) {
                update(app, Action::Follow);
            } else {
                app.article.followed = Some(Followed::Passage(c));
                scroll_to_passage(app, false);
            }
        }
    }
}

/// The passage under a cell of the article body: a cited span in the text, or
/// a row of the "cited by" list below it.
fn citer_at(app: &App, row: usize, column: usize) -> Option<Citer> {
    let article = app.dossier.articles.get(app.article.shown?.0)?;
    let lines = app.article.lines();
    if let Some(range) = lines.get(row) {
        let line = article.text.get(range.clone())?;
        let mut used = 0;
        let mut at = None;
        for (i, c) in line.char_indices() {
            used += crate::text::char_width(c);
            if used > column {
                at = Some(range.start + i);
                break;
            }
        }
        let at = at?;
        // The innermost (latest-starting) passage holding the byte wins.
        return article
            .cited_by
            .iter()
            .rev()
            .find(|&&c| app.source(c).is_some_and(|s| s.span.contains(&at)))
            .copied();
    }
    // Below the text: a blank row, the heading, then one row per citer.
    row.checked_sub(lines.len() + 2)
        .and_then(|i| article.cited_by.get(i))
        .copied()
}

fn wheel(app: &mut App, column: u16, row: u16, lines: i16) {
    let areas = app.areas();
    let delta = isize::from(lines.signum() * WHEEL);
    if contains(areas.list, column, row) {
        let kind = app.nav.kind();
        let to = app.nav.state(kind).selected.saturating_add_signed(delta);
        select(app, kind, to);
    } else if contains(areas.details, column, row) {
        app.details.scroll = app.details.scroll.saturating_add_signed(delta);
        clamp_details(app);
    } else if contains(areas.article, column, row) {
        app.article.scroll = app.article.scroll.saturating_add_signed(delta);
        clamp_article(app);
    }
}

pub(super) fn resize(app: &mut App, width: u16, height: u16) {
    app.size.width = width;
    app.size.height = height;
    ensure_list_visible(app);
    refresh_details(app);
    rewrap(app);
    ensure_link_visible(app);
    clamp_article(app);
}

/// The issue `f` filters by: the issue link selected in the details, else
/// the issue shown in the details or selected in the issues list.
fn issue_in_view(app: &App) -> Option<IssueIx> {
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

fn filter_issue(app: &mut App) {
    let Some(issue) = issue_in_view(app) else {
        app.notice = Some("f filters the timeline by an issue: select one first".into());
        return;
    };
    change_lens(app, |lens, d| lens.toggle_issue(d, issue));
}

/// Changes the timeline's filter and shows the timeline, keeping the selected
/// event if it is still shown, else the first shown event after it.
pub(super) fn change_lens(
    app: &mut App,
    change: impl FnOnce(&mut super::Lens, &crate::content::Dossier),
) {
    let before = app.lens.event_at(&app.dossier, app.nav.timeline.selected);
    change(&mut app.lens, &app.dossier);
    let row = before.map_or(0, |e| app.lens.row_at_or_after(e));
    app.nav.kind = Some(ListKind::Timeline);
    app.nav.timeline.offset = 0;
    focus(app, Pane::List);
    select(app, ListKind::Timeline, row);
}
