//! The timeline picture in the list's place: copies the cells the update
//! made (`app::picture`), and draws the selected event's cells over them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::Theme;
use super::{pane_block, put_line};
use crate::app::picture::{Class, Model};
use crate::app::{App, ListKind, Pane};
use dossier_core::text::{truncate, width};

fn style(class: Class, theme: &Theme) -> Style {
    match class {
        Class::Empty => Style::new(),
        Class::Point | Class::Span => theme.strong,
        Class::Uncertain | Class::Count => theme.heading,
        Class::Range => theme.dim,
        Class::Deadline => theme.warning,
        Class::Today => theme.key,
    }
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let d = app.dossier();
    let len = app.list_len(ListKind::Timeline);
    let total = d.events.len();
    let what = if app.lens().is_active() {
        format!(
            " Timeline picture · filter: {} · {len}/{total} {}{} ",
            app.lens().describe(d),
            if total == 1 { "event" } else { "events" },
            if app.reading().is_some() {
                " · partial"
            } else {
                ""
            }
        )
    } else {
        format!(
            " Timeline picture · {} ",
            dossier_core::text::count(len, "event")
        )
    };
    let room = usize::from(area.width.saturating_sub(2));
    let title = Line::styled(truncate(&what, room), theme.pane_title);
    let block = pane_block(app, Pane::List, title, theme);
    let inner = block.inner(area);
    let Some(m) = app
        .picture()
        .model
        .as_ref()
        .filter(|m| m.width == inner.width)
    else {
        block.render(area, buf);
        return;
    };
    let block = if m.aggregated > 0 {
        block.title_bottom(
            Line::styled(
                format!(
                    " {} hold several events (the digit says how many) ",
                    dossier_core::text::count(m.aggregated, "cell")
                ),
                theme.dim,
            )
            .left_aligned(),
        )
    } else {
        block
    };
    block.render(area, buf);
    if let Some(why) = &m.too_small {
        put_line(
            buf,
            inner,
            0,
            Line::styled(truncate(why, room), theme.warning),
        );
        return;
    }
    if len == 0 {
        put_line(
            buf,
            inner,
            0,
            Line::styled(" No events match the filter", theme.dim),
        );
        return;
    }
    let lw = m.label_w;
    let axis_x = lw + 1;
    // Labels over the axis, in their unit.
    let mut top = vec![' '; m.axis_w];
    for (c, label) in &m.labels {
        for (k, ch) in label.chars().enumerate() {
            if let Some(t) = top.get_mut(c + k) {
                *t = ch;
            }
        }
    }
    let unit = truncate(m.unit, lw);
    put_line(
        buf,
        inner,
        0,
        Line::from(vec![
            Span::styled(format!("{unit:<lw$} "), theme.dim),
            Span::styled(top.into_iter().collect::<String>(), theme.dim),
        ]),
    );
    // The ticks, and what lies beyond each end.
    let mut ticks = vec!['─'; m.axis_w];
    for &c in &m.ticks {
        if let Some(t) = ticks.get_mut(c) {
            *t = '┬';
        }
    }
    let mut tick_line: String = ticks.into_iter().collect();
    let before = (m.before.0 > 0).then(|| format!("◂ {} in {}", m.before.0, m.before.1));
    let after = (m.after.0 > 0).then(|| format!("{} in {} ▸", m.after.0, m.after.1));
    let mut spans = vec![Span::styled(format!("{:lw$} ", ""), theme.dim)];
    if let Some(b) = &before {
        let w = width(b);
        tick_line = tick_line.chars().skip(w + 1).collect();
        spans.push(Span::styled(b.clone(), theme.warning));
        spans.push(Span::styled("─", theme.dim));
    }
    let tail = after.as_ref().map_or(0, |a| width(a) + 1);
    let keep = width(&tick_line).saturating_sub(tail);
    spans.push(Span::styled(
        tick_line.chars().take(keep).collect::<String>(),
        theme.dim,
    ));
    if let Some(a) = &after {
        spans.push(Span::styled("─", theme.dim));
        spans.push(Span::styled(a.clone(), theme.warning));
    }
    put_line(buf, inner, 1, Line::from(spans));
    let mut y = 2u16;
    if !m.marks.is_empty() {
        let mut line = vec![' '; m.axis_w];
        let mut next_free = 0;
        for (c, label, _) in &m.marks {
            // A label too long for the room right of its line ends at it.
            let lw = width(label);
            let start = if c + lw > m.axis_w {
                (c + 1).saturating_sub(lw)
            } else {
                *c
            };
            if start < next_free {
                continue;
            }
            for (k, ch) in label.chars().enumerate() {
                if let Some(t) = line.get_mut(start + k) {
                    *t = ch;
                }
            }
            next_free = start + lw + 1;
        }
        put_line(
            buf,
            inner,
            y,
            Line::from(vec![
                Span::raw(format!("{:lw$} ", "")),
                Span::styled(line.into_iter().collect::<String>(), theme.warning),
            ]),
        );
        y += 1;
    }
    // The issue rows in view, then the band of days not known.
    let selected = app.nav().state(ListKind::Timeline).selected;
    let scroll = app.picture().scroll;
    let view = m.rows_in_view();
    let shown_rows = (scroll..m.rows.len()).take(view);
    let band_y = y + shown_rows.len() as u16;
    for (k, r) in shown_rows.enumerate() {
        draw_row(m, r, y + k as u16, inner, buf, theme, selected, axis_x);
    }
    for (k, _) in m.band.iter().enumerate() {
        draw_row(
            m,
            m.rows.len() + k,
            band_y + k as u16,
            inner,
            buf,
            theme,
            selected,
            axis_x,
        );
    }
    // More rows than room: say which are shown.
    if m.rows.len() > view
        && let Some(cell) = buf.cell_mut((inner.x + inner.width.saturating_sub(1), inner.y + y))
    {
        cell.set_symbol(if scroll > 0 { "▴" } else { " " });
        let last = inner.y + band_y.saturating_sub(1);
        if scroll + view < m.rows.len()
            && let Some(cell) = buf.cell_mut((inner.x + inner.width.saturating_sub(1), last))
        {
            cell.set_symbol("▾");
        }
    }
}

/// One row: its label, its cells, and the selected event's cells over them.
#[allow(clippy::too_many_arguments)]
fn draw_row(
    m: &Model,
    r: usize,
    y: u16,
    inner: Rect,
    buf: &mut Buffer,
    theme: &Theme,
    selected: usize,
    axis_x: usize,
) {
    if y >= inner.height {
        return;
    }
    let (label, cells, band) = match m.rows.get(r) {
        Some(row) => (&row.label, &row.cells, false),
        None => match m.band.get(r - m.rows.len()) {
            Some(row) => (&row.label, &row.cells, true),
            None => return,
        },
    };
    let lw = m.label_w;
    let mut spans = vec![Span::styled(
        format!("{:<lw$} ", truncate(label, lw)),
        if band { theme.dim } else { theme.label },
    )];
    let mut run = String::new();
    let mut run_style = Style::new();
    for cell in cells.iter() {
        let s = style(cell.class, theme);
        if s != run_style && !run.is_empty() {
            spans.push(Span::styled(std::mem::take(&mut run), run_style));
        }
        run_style = s;
        run.push(cell.ch);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, run_style));
    }
    put_line(buf, inner, y, Line::from(spans));
    // The selected event, over whatever shares its cells.
    if let Some(parts) = m.cells_of.get(selected) {
        for &(_, a, b) in parts.iter().filter(|p| p.0 == r) {
            for c in a..=b {
                let x = inner.x + (axis_x + c) as u16;
                if x >= inner.right() {
                    break;
                }
                if let Some(cell) = buf.cell_mut((x, inner.y + y)) {
                    cell.set_style(theme.selected_focused);
                }
            }
        }
    }
}
