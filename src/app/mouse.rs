//! The mouse: a click focuses and selects (again on the selection, follows);
//! the wheel scrolls the pane under the pointer.

use dossier_core::content::SourceRef;

use super::action::Pane;
use super::details;
use super::layout::{contains, inner};
use super::navigate::{focus, follow, select, select_link};
use super::panes::{clamp_article, clamp_details, scroll_to_passage};
use super::{App, Followed};

/// Lines the wheel scrolls per notch.
const WHEEL: i16 = 3;

pub(super) fn click(app: &mut App, column: u16, row: u16) {
    let areas = app.areas();
    if contains(areas.list, column, row) {
        let was_focused = app.focus == Pane::List;
        focus(app, Pane::List);
        if app.picture_shown() {
            // The event drawn under the pointer (or beside it).
            let i = inner(app.areas().list);
            let hit = app.picture.model.as_ref().and_then(|m| {
                let (x, y) = (column.checked_sub(i.x)?, row.checked_sub(i.y)?);
                super::picture::event_at_cell(m, app.picture.scroll, x.into(), y.into())
            });
            let kind = super::ListKind::Timeline;
            if let Some(ix) = hit.filter(|&ix| ix < app.list_len(kind)) {
                if was_focused && ix == app.nav.state(kind).selected {
                    follow(app);
                } else {
                    select(app, kind, ix);
                }
            }
            return;
        }
        let i = app.list_rows_area();
        if !contains(i, column, row) {
            return;
        }
        let kind = app.nav.kind();
        let ix = app.nav.state(kind).offset + usize::from(row - i.y);
        if ix >= app.list_len(kind) {
            return;
        }
        if was_focused && ix == app.nav.state(kind).selected {
            follow(app);
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
        let col = usize::from(column - i.x);
        let item = match app.details.content.rows.get(r) {
            Some(details::Row::Link { item, .. }) => Some(*item),
            Some(details::Row::Text {
                indented,
                text,
                links,
                ..
            }) => {
                // A link inside prose: the one under the clicked cell.
                let start = if *indented { details::LABEL_WIDTH } else { 0 };
                links.iter().find_map(|(range, item)| {
                    let from =
                        start + dossier_core::text::width(text.get(..range.start).unwrap_or(""));
                    let w = dossier_core::text::width(text.get(range.clone()).unwrap_or(""));
                    (from..from + w).contains(&col).then_some(*item)
                })
            }
            _ => None,
        };
        if let Some(item) = item {
            if was_focused && app.details.selected == Some(item) {
                follow(app);
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
        // Where a drag would start selecting.
        super::select::press(app, byte_at_cell(app, column, row));
        if let Some(c) = citer_at(app, r, usize::from(column - body.x)) {
            if was_focused && app.article.passage() == Some(c) {
                follow(app);
            } else {
                app.article.followed = Some(Followed::Passage(c));
                scroll_to_passage(app, false);
            }
        }
    }
}

/// The byte of the shown article's text drawn at a cell of the screen, if
/// the cell is on a line of the text (past a line's end: its end).
pub(super) fn byte_at_cell(app: &App, column: u16, row: u16) -> Option<usize> {
    let body = app.article_body();
    if !contains(body, column, row) {
        return None;
    }
    let article = app.dossier.articles.get(app.article.shown?.0)?;
    let r = app.article.scroll + usize::from(row - body.y);
    let range = app.article.lines().get(r)?.clone();
    let line = article.text.get(range.clone())?;
    let column = usize::from(column - body.x);
    let mut used = 0;
    for (i, c) in line.char_indices() {
        used += dossier_core::text::char_width(c);
        if used > column {
            return Some(range.start + i);
        }
    }
    Some(range.end)
}

/// The pointer dragged with the left button down: in the article's text,
/// from where the press was, a selection.
pub(super) fn drag(app: &mut App, column: u16, row: u16) {
    if let Some(at) = byte_at_cell(app, column, row) {
        super::select::drag(app, at);
    }
}

/// The passage under a cell of the article body: a cited span in the text, or
/// a row of the "cited by" list below it.
pub(super) fn citer_at(app: &App, row: usize, column: usize) -> Option<SourceRef> {
    let article = app.dossier.articles.get(app.article.shown?.0)?;
    let lines = app.article.lines();
    if let Some(range) = lines.get(row) {
        let line = article.text.get(range.clone())?;
        let mut used = 0;
        let mut at = None;
        for (i, c) in line.char_indices() {
            used += dossier_core::text::char_width(c);
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

pub(super) fn wheel(app: &mut App, column: u16, row: u16, lines: i16) {
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

/// A click in the sides view: a passage is selected, and a click on the
/// selected one follows it.
pub(super) fn click_sides(app: &mut App, column: u16, row: u16) {
    let area = super::sides::rows_area(app.size);
    if !contains(area, column, row) {
        return;
    }
    let r = app.sides.scroll + usize::from(row - area.y);
    let x = usize::from(column - area.x);
    let cw = app.sides.content.column_width;
    let col = if x < cw {
        Some(0)
    } else {
        (x >= cw + 3).then_some(1)
    };
    let hit =
        app.sides.content.links.iter().position(|l| {
            Some(l.column) == col && (l.first_row..l.first_row + l.rows).contains(&r)
        });
    if let Some(i) = hit {
        if app.sides.selected == Some(i) {
            super::navigate::follow_side(app);
        } else {
            app.sides.selected = Some(i);
        }
    }
}
