//! Pane upkeep: after anything moves or resizes, each pane's rows are
//! rebuilt for its width, its selection kept in view and its scroll clamped.
//! Nothing here moves the selection.

use super::action::Pane;
use super::details;
use super::layout::inner;
use super::{App, Followed, Overlay};

pub(super) fn ensure_list_visible(app: &mut App) {
    // The rows shown depend on the selection's title under the list, which
    // depends on the rows in view: a second pass settles it.
    for _ in 0..2 {
        let h = usize::from(app.list_rows_area().height).max(1);
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
}

/// Rebuilds the details when the selected entity or the pane's width changed.
pub(super) fn refresh_details(app: &mut App) {
    let entity = app.selected_entity();
    let width = inner(app.areas().details).width;
    let marker = app.find.search.marker();
    let wrap = app.zoomed && app.focus == Pane::Details;
    if entity == app.details.shown
        && width == app.details.width
        && marker == app.details.marker
        && wrap == app.details.content.quotes_wrap
    {
        return;
    }
    let changed = entity != app.details.shown;
    if let Some(
        e @ (dossier_core::content::EntityRef::Event(_)
        | dossier_core::content::EntityRef::Issue(_)),
    ) = entity
    {
        app.last_entry = Some(e);
    }
    if changed || marker != app.details.marker {
        app.details.current_mark = None;
    }
    app.details.marker = marker.clone();
    app.details.content = match entity {
        Some(e) if !app.is_whole(e) => details::build_pending(&app.dossier, e, usize::from(width)),
        Some(e) => {
            let mut content =
                details::build_zoomed(&app.dossier, e, usize::from(width), marker, wrap);
            if let Some(mark) = app.memory.marks.get(e) {
                details::note_mark(&mut content, mark, usize::from(width));
            }
            content
        }
        None => details::Content::default(),
    };
    app.details.shown = entity;
    app.details.width = width;
    if changed {
        // A new entity is read from its top. Its first source is selected,
        // for the article to preview; with the details focused, a link on
        // screen instead, if there is one.
        app.details.selected = app.details.content.default_link();
        app.details.scroll = 0;
        if app.focus == Pane::Details && !selected_link_in_view(app) {
            app.details.selected = first_link_in_view(app).or(app.details.selected);
        }
    } else {
        // The same entity at a new width: the same place, as near as the
        // new wrapping allows.
        let links = app.details.content.links.len();
        app.details.selected = app.details.selected.map(|s| s.min(links.saturating_sub(1)));
        clamp_details(app);
    }
}

/// Whether the selected link shows in full in the details pane.
pub(super) fn selected_link_in_view(app: &App) -> bool {
    app.details
        .selected_link()
        .is_some_and(|l| link_in_view(app, l.first_row, l.rows))
}

/// Whether rows `first..first + rows` of the details all show.
pub(super) fn link_in_view(app: &App, first: usize, rows: usize) -> bool {
    let h = usize::from(inner(app.areas().details).height).max(1);
    first >= app.details.scroll && first + rows <= app.details.scroll + h
}

/// The first link that shows in full in the details pane.
pub(super) fn first_link_in_view(app: &App) -> Option<usize> {
    app.details
        .content
        .links
        .iter()
        .position(|l| link_in_view(app, l.first_row, l.rows))
}

pub(super) fn ensure_link_visible(app: &mut App) {
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

/// Scrolls the details so that row `row` shows (a third of the way down
/// when it was out of view); a selected link scrolled away gives way to one
/// in view.
pub(super) fn scroll_details_to(app: &mut App, row: usize) {
    let h = usize::from(inner(app.areas().details).height).max(1);
    if row < app.details.scroll || row >= app.details.scroll + h {
        app.details.scroll = row.saturating_sub(h / 3);
    }
    clamp_details(app);
    if !selected_link_in_view(app)
        && let Some(i) = first_link_in_view(app)
    {
        app.details.selected = Some(i);
    }
}

pub(super) fn clamp_details(app: &mut App) {
    let h = usize::from(inner(app.areas().details).height);
    let max = app.details.content.rows.len().saturating_sub(h);
    app.details.scroll = app.details.scroll.min(max);
}

/// The byte range of the shown article that is highlighted.
pub(super) fn followed_span(app: &App) -> Option<std::ops::Range<usize>> {
    match app.article.followed? {
        Followed::Passage(c) => app.source(c).map(|s| s.span.clone()),
        Followed::Match { start, end } => Some(start..end),
    }
}

/// Wraps the shown article for the pane's width (from the cache when it can),
/// keeping the same text at the top.
pub(super) fn rewrap(app: &mut App) {
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

pub(super) fn top_byte(app: &App) -> usize {
    app.article
        .lines()
        .get(app.article.scroll)
        .map_or(0, |r| r.start)
}

pub(super) fn clamp_article(app: &mut App) {
    let h = usize::from(app.article_body().height);
    let max = app.article_rows().saturating_sub(h);
    app.article.scroll = app.article.scroll.min(max);
}

/// Scrolls the followed passage into view: always when `force`, otherwise
/// only when it is not already in full view.
pub(super) fn scroll_to_passage(app: &mut App, force: bool) {
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

/// Where the panes were before a run of resizes: when the terminal comes
/// back to that size with nothing done in between (only resizes, time
/// passing, the loop reporting), every pane is put back exactly as it was.
#[derive(Debug, Clone)]
pub(super) struct BeforeResize {
    size: ratatui::layout::Rect,
    nav: super::Nav,
    details_scroll: usize,
    details_selected: Option<usize>,
    article_scroll: usize,
    overlay: Option<Overlay>,
}

impl BeforeResize {
    fn of(app: &App) -> BeforeResize {
        BeforeResize {
            size: app.size,
            nav: app.nav.clone(),
            details_scroll: app.details.scroll,
            details_selected: app.details.selected,
            article_scroll: app.article.scroll,
            overlay: app.overlay.clone(),
        }
    }
}

/// Where every pane is, to tell whether anything moved while the screen
/// was zoomed: if nothing did, leaving the zoom puts back [`ZoomedFrom`]'s
/// place exactly, as a resize round-trip does.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PanesPlace {
    focus: super::Pane,
    nav: super::Nav,
    overlay: Option<Overlay>,
    details_shown: Option<dossier_core::content::EntityRef>,
    details_scroll: usize,
    details_selected: Option<usize>,
    article_shown: Option<dossier_core::content::ArticleIx>,
    followed: Option<Followed>,
    article_scroll: usize,
    lens: super::Lens,
}

impl PanesPlace {
    fn of(app: &App) -> PanesPlace {
        PanesPlace {
            focus: app.focus,
            nav: app.nav.clone(),
            overlay: app.overlay.clone(),
            details_shown: app.details.shown,
            details_scroll: app.details.scroll,
            details_selected: app.details.selected,
            article_shown: app.article.shown,
            followed: app.article.followed,
            article_scroll: app.article.scroll,
            lens: app.lens.clone(),
        }
    }
}

/// The place before a zoom, and the place just after it.
#[derive(Debug, Clone)]
pub(super) struct ZoomedFrom {
    before: PanesPlace,
    after: PanesPlace,
}

/// `z`: gives the focused pane the whole screen (`on`), or gives it back.
/// Each pane keeps its place as on a resize (the article the text at its
/// top, the details the selected link in view), and a round-trip with
/// nothing moved in between puts everything back exactly.
pub(super) fn zoom(app: &mut App, on: bool) {
    let before = PanesPlace::of(app);
    let passage_seen = passage_in_view(app);
    let link_seen = selected_link_in_view(app);
    // The article's top line, kept even while the article is hidden.
    let top = top_byte(app);
    app.zoomed = on;
    refresh_details(app);
    rewrap(app);
    if app.article.wrapped.is_some() {
        app.article.scroll = app.article.wrapped.as_ref().map_or(0, |w| w.line_of(top));
    }
    ensure_list_visible(app);
    if link_seen {
        ensure_link_visible(app);
    }
    clamp_details(app);
    if passage_seen {
        scroll_to_passage(app, false);
    }
    clamp_article(app);
    let back = app.zoomed_from.take();
    if on {
        app.zoomed_from = Some(ZoomedFrom {
            before,
            after: PanesPlace::of(app),
        });
    } else if let Some(z) = back
        && z.after == before
    {
        app.details.scroll = z.before.details_scroll;
        app.details.selected = z.before.details_selected;
        app.article.scroll = z.before.article_scroll;
        app.nav = z.before.nav;
        clamp_details(app);
        clamp_article(app);
    }
}

/// Whether the highlighted passage shows in the article pane: all of it,
/// or its start when it is taller than the pane.
fn passage_in_view(app: &App) -> bool {
    let (Some(span), Some(wrapped)) = (followed_span(app), app.article.wrapped.as_ref()) else {
        return false;
    };
    let h = usize::from(app.article_body().height).max(1);
    let first = wrapped.line_of(span.start);
    let last = wrapped.line_of(span.end.saturating_sub(1).max(span.start));
    let last = last.min(first + h - 1);
    first >= app.article.scroll && last < app.article.scroll + h
}

/// A new terminal size. Each pane keeps its place: the article the same
/// text at its top, and the highlighted passage in view if it was; the
/// details the selected link in view if it was. Back at the size before a
/// run of resizes, with nothing done meanwhile, everything is as it was.
pub(super) fn resize(app: &mut App, width: u16, height: u16) {
    let before = app
        .resized_from
        .take()
        .unwrap_or_else(|| BeforeResize::of(app));
    let passage_seen = passage_in_view(app);
    let link_seen = selected_link_in_view(app);
    app.size.width = width;
    app.size.height = height;
    clamp_overlay(app);
    if app.overlay == Some(Overlay::Sides) {
        refresh_sides(app);
    }
    ensure_list_visible(app);
    refresh_details(app);
    rewrap(app);
    if link_seen {
        ensure_link_visible(app);
    }
    clamp_details(app);
    if passage_seen {
        scroll_to_passage(app, false);
    }
    clamp_article(app);
    if app.size == before.size {
        app.nav = before.nav;
        app.details.scroll = before.details_scroll;
        app.details.selected = before.details_selected;
        app.article.scroll = before.article_scroll;
        app.overlay = before.overlay;
        clamp_details(app);
        clamp_article(app);
    } else {
        app.resized_from = Some(before);
    }
}

/// Keeps the help's or the problems' scroll within what the screen shows.
fn clamp_overlay(app: &mut App) {
    let page = app.overlay_page();
    let len = match app.overlay {
        Some(Overlay::Help { .. }) => app.help_rows().len(),
        Some(Overlay::Problems { .. }) => app.problem_lines().len(),
        Some(Overlay::About { .. }) => super::about::len(app),
        _ => return,
    };
    if let Some(
        Overlay::Help { scroll } | Overlay::Problems { scroll } | Overlay::About { scroll },
    ) = &mut app.overlay
    {
        *scroll = (*scroll).min(len.saturating_sub(page));
    }
}

/// Rows of the sides view in view.
pub(super) fn sides_height(app: &App) -> usize {
    usize::from(super::sides::rows_area(app.size).height).max(1)
}

/// Rebuilds the sides view's rows when the width changed, keeping the
/// selected passage in view.
pub(super) fn refresh_sides(app: &mut App) {
    let width = super::sides::rows_area(app.size).width;
    let h = sides_height(app);
    if app.sides.width != width || app.sides.content.rows.is_empty() {
        app.sides.content = super::sides::build(&app.dossier, usize::from(width));
        app.sides.width = width;
        let links = app.sides.content.links.len();
        app.sides.selected = app.sides.selected.filter(|&s| s < links);
        if let Some(l) = app.sides.selected_link().copied()
            && (l.first_row < app.sides.scroll || l.first_row + l.rows > app.sides.scroll + h)
        {
            app.sides.scroll = l.first_row.saturating_sub(h / 4);
        }
    }
    super::sides::clamp(&mut app.sides, h);
    let issues = app.dossier.issues.len();
    super::sides::keep_alone_in_view(
        &mut app.sides,
        issues,
        super::sides::alone_heights(h, issues).0,
    );
}
