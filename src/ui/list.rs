//! The left pane: the timeline, the issues or the articles, one line each.
//! Only the rows in view are built.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{self, Theme};
use super::{cut, pad, pane_block, put_line, style_row};
use crate::app::{App, ListKind, Pane};
use dossier_core::text::{truncate, width};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if app.picture_shown() {
        super::picture::render(app, area, buf, theme);
        return;
    }
    let kind = app.nav().kind();
    let len = app.list_len(kind);
    let singular = match kind {
        ListKind::Timeline => "event",
        ListKind::Issues => "issue",
        ListKind::Articles => "article",
    };
    let filtered = kind == ListKind::Timeline && app.lens().is_active();
    let mut title = if filtered {
        // `Timeline · filter: AI protections, Wages · 4/18 events`, shortened
        // to `filter: AI protections, Wa… · 4/18` in a narrow pane.
        let room = usize::from(area.width.saturating_sub(2));
        let what = app.lens().describe(app.dossier());
        let total = app.dossier().events.len();
        let noun = if total == 1 {
            singular
        } else {
            &format!("{singular}s")
        };
        // While the rest of a preview is read, the count may still change
        // (an entry the whole dossier leaves out).
        let partial = if app.reading().is_some() {
            " · partial"
        } else {
            ""
        };
        let full = format!(
            " {} · filter: {what} · {len}/{total} {noun}{partial} ",
            kind.name()
        );
        let count = format!(" · {len}/{total}{partial} ");
        // The filter's words as far as they go (a few letters at least),
        // else only that there is one.
        let words = room.saturating_sub(9 + width(&count));
        if width(&full) <= room {
            full
        } else if words >= 4 {
            format!(" filter: {}{count}", truncate(&what, words))
        } else {
            format!(" filter{count}")
        }
    } else {
        format!(
            " {} · {}",
            kind.name(),
            dossier_core::text::count(len, singular)
        )
    };
    if let (false, ListKind::Timeline, Some(y)) = (filtered, kind, app.facts().common_year) {
        title.push_str(&format!(" · {y} "));
    } else if !filtered {
        title.push(' ');
    }
    let tabs = Line::styled(title, theme.pane_title);
    let block = pane_block(app, Pane::List, tabs, theme);
    let frame_inner = block.inner(area);
    block.render(area, buf);
    // The entries' rows; under them, the selection's full title when its
    // row cuts it.
    let inner = app.list_rows_area().intersection(frame_inner);
    let below = app.selection_title();
    if !below.is_empty() {
        let rule_y = inner.bottom().saturating_sub(frame_inner.y);
        put_line(
            buf,
            frame_inner,
            rule_y,
            Line::styled("─".repeat(usize::from(frame_inner.width)), theme.border),
        );
        for (n, line) in below.iter().enumerate() {
            put_line(
                buf,
                frame_inner,
                rule_y + 1 + n as u16,
                Line::styled(line.clone(), theme.strong),
            );
        }
    }

    let st = app.nav().state(kind);
    let h = usize::from(inner.height);
    // The update keeps the selection in view; this only guards a stale offset.
    let offset = if st.selected >= st.offset + h.max(1) {
        st.selected + 1 - h.max(1)
    } else {
        st.offset.min(st.selected)
    };
    if len == 0 {
        let text = if filtered {
            let key = app
                .keymap()
                .primary(
                    crate::app::keymap::Mode::Normal,
                    crate::app::Command::ClearFilter,
                )
                .unwrap_or_default();
            format!(" No events match the filter ({key} clears it)")
        } else {
            format!(" No {singular}s in this dossier")
        };
        put_line(
            buf,
            inner,
            0,
            Line::from(cut(&text, usize::from(inner.width), theme.dim)),
        );
        return;
    }
    let w = usize::from(inner.width);
    let marks = app.has_marks();
    // The date column as wide as the widest date in view.
    let dates = app.date_column(
        offset..len.min(offset + h),
        w.saturating_sub(1 + usize::from(marks)),
    );
    for (row, ix) in (offset..len.min(offset + h)).enumerate() {
        let selected = ix == st.selected;
        let mut spans = vec![Span::raw(if selected { theme::CURSOR } else { " " })];
        let mut rest = w.saturating_sub(1);
        // A column for the marks, only while there is something to mark.
        if marks {
            spans.push(mark(app, kind, ix, theme));
            rest = rest.saturating_sub(1);
        }
        let ts = title_style(app, kind, ix, theme);
        match kind {
            ListKind::Timeline => event_row(app, ix, rest, dates, theme, ts, &mut spans),
            ListKind::Issues => issue_row(app, ix, rest, theme, ts, &mut spans),
            ListKind::Articles => article_row(app, ix, rest, theme, ts, &mut spans),
        }
        let row = row as u16;
        if selected {
            let style = if app.focus() == Pane::List {
                theme.selected_focused
            } else {
                theme.selected
            };
            style_row(buf, inner, row, style);
        }
        put_line(buf, inner, row, Line::from(spans));
    }
}

/// The entry on row `ix` of a list.
fn entry_at(app: &App, kind: ListKind, ix: usize) -> Option<dossier_core::content::EntityRef> {
    use dossier_core::content::{ArticleIx, EntityRef, IssueIx};
    match kind {
        ListKind::Timeline => app.lens().event_at(app.dossier(), ix).map(EntityRef::Event),
        ListKind::Issues => Some(EntityRef::Issue(IssueIx(ix))),
        ListKind::Articles => Some(EntityRef::Article(ArticleIx(ix))),
    }
}

/// How row `ix`'s title is drawn: marked as a match when the search found
/// something anywhere in the entry (its title, its details, its text).
fn title_style(app: &App, kind: ListKind, ix: usize, theme: &Theme) -> Style {
    let s = &app.find().search;
    let hit = s.marking() && entry_at(app, kind, ix).is_some_and(|e| s.has_hit(e));
    if hit { theme.matched } else { Style::new() }
}

/// Row `row` of the timeline (the filter may hide some events), its dates
/// in a column `dw` wide.
fn event_row(
    app: &App,
    row: usize,
    w: usize,
    dw: usize,
    theme: &Theme,
    title_style: Style,
    spans: &mut Vec<Span<'static>>,
) {
    let Some(e) = app
        .lens()
        .event_at(app.dossier(), row)
        .and_then(|e| app.dossier().events.get(e.0))
    else {
        return;
    };
    let date = App::fit_date(e, app.facts().common_year, dw);
    let used = width(&date);
    spans.push(Span::styled(date, theme.dim));
    spans.push(pad(used, dw + 1));
    spans.push(Span::raw(theme::glyph(e.kind)));
    spans.push(Span::raw(" "));
    let mark = if e.disputed.is_some() { 2 } else { 0 };
    let title_w = w.saturating_sub(dw + 3 + mark);
    let title = truncate(&e.title, title_w);
    let used = width(&title);
    spans.push(Span::styled(title, title_style));
    if e.disputed.is_some() {
        spans.push(pad(used, title_w + 1));
        spans.push(Span::styled(theme::DISPUTED, theme.warning));
    }
}

fn issue_row(
    app: &App,
    ix: usize,
    w: usize,
    theme: &Theme,
    title_style: Style,
    spans: &mut Vec<Span<'static>>,
) {
    let Some(i) = app.dossier().issues.get(ix) else {
        return;
    };
    // The counts in a column as wide as the widest, at the right.
    let count = format!("{} ev", i.events.len());
    let count_w = app.issue_count_width();
    let title_w = w.saturating_sub(count_w + 1);
    let title = truncate(&i.title, title_w);
    let used = width(&title);
    spans.push(Span::styled(title, title_style));
    spans.push(pad(used + width(&count), title_w + 1 + count_w));
    spans.push(Span::styled(count, theme.dim));
}

fn article_row(
    app: &App,
    ix: usize,
    w: usize,
    theme: &Theme,
    title_style: Style,
    spans: &mut Vec<Span<'static>>,
) {
    let Some(a) = app.dossier().articles.get(ix) else {
        return;
    };
    if let Some(outlet) = &a.outlet {
        let outlet = truncate(outlet, crate::app::OUTLET_WIDTH);
        let used = width(&outlet) + 1;
        spans.push(Span::styled(outlet, theme.dim));
        spans.push(Span::raw(" "));
        spans.push(cut(&a.title, w.saturating_sub(used), title_style));
    } else {
        spans.push(cut(&a.title, w, title_style));
    }
}

/// The mark of row `ix`: new, changed (until read), or pinned.
fn mark(app: &App, kind: ListKind, ix: usize, theme: &Theme) -> Span<'static> {
    use crate::state::seen::Mark;
    let Some(e) = entry_at(app, kind, ix) else {
        return Span::raw(" ");
    };
    match app.marks().unread(e) {
        Some(Mark::New) => Span::styled(theme::NEW, theme.new),
        Some(Mark::Changed(_)) => Span::styled(theme::CHANGED, theme.changed),
        None if app.is_pinned(e) => Span::styled(theme::PINNED, theme.pinned),
        None => Span::raw(" "),
    }
}
