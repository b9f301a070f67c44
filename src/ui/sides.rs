//! The sides view, over the panes: each issue's title across the screen,
//! then what the union and the studios want in two columns (stacked on a
//! narrow screen), each with its passages as links. Only the rows in view
//! are spelled.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::theme::{self, Theme};
use super::{cut, put_line, style_row};
use crate::app::sides::{self, Cell, GUTTER, Part, Role, Row, TITLE};
use crate::app::{App, Command, Mode, ScrollPosition};
use crate::text::width;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let view = app.sides();
    let c = &view.content;
    let pane = sides::pane(area);
    Clear.render(pane, buf);
    let issues = app.dossier().issues.len();
    let title = format!(
        " {TITLE} · {issues} issue{} ",
        if issues == 1 { "" } else { "s" }
    );
    let key = |command| app.keymap().primary(Mode::Overlay, command);
    let hint = match (key(Command::Follow), key(Command::Close)) {
        (Some(go), Some(close)) => format!(" {go} the passage · {close} close "),
        _ => String::new(),
    };
    let rows_area = sides::rows_area(area);
    let h = usize::from(rows_area.height);
    let mut block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Line::styled(title, theme.pane_title))
        .title_bottom(Line::styled(hint, theme.dim));
    if c.rows.len() > h && h > 0 {
        let p = ScrollPosition {
            top: view.scroll,
            len: c.rows.len(),
            height: h,
        };
        block =
            block.title_bottom(Line::styled(format!(" {} ", p.label()), theme.dim).right_aligned());
    }
    let inner = block.inner(pane);
    block.render(pane, buf);
    let cw = c.column_width;
    let gutter_x = rows_area.x + cw as u16;
    if c.columns == 2 {
        // The columns' names, and a rule under them.
        let mut names = vec![Span::styled(
            sides::side_name(app.dossier(), sides::SIDES[0]),
            theme.heading,
        )];
        names.push(super::pad(
            width(&sides::side_name(app.dossier(), sides::SIDES[0])),
            cw,
        ));
        names.push(Span::styled(GUTTER, theme.border));
        names.push(Span::styled(
            sides::side_name(app.dossier(), sides::SIDES[1]),
            theme.heading,
        ));
        put_line(buf, inner, 0, Line::from(names));
        let rule = format!(
            "{}─┼─{}",
            "─".repeat(cw),
            "─".repeat(usize::from(inner.width).saturating_sub(cw + 3))
        );
        put_line(buf, inner, 1, Line::styled(rule, theme.border));
        // Scrolled into an issue: its title stays in sight on the rule.
        let top = view.scroll.min(c.rows.len());
        let shown = matches!(c.rows.get(top), Some(Row::Heading { .. }));
        let (current, _) = sides::context(c, top);
        if let (false, Some(issue)) = (shown, current)
            && let Some(i) = app.dossier().issues.get(issue.0)
        {
            let text = format!(" {} (continued) ", i.title);
            let w = usize::from(inner.width).saturating_sub(2);
            let r = Rect {
                x: inner.x + 1,
                width: inner.width.saturating_sub(1),
                ..inner
            };
            put_line(buf, r, 1, Line::from(cut(&text, w, theme.heading)));
        }
    }
    if c.columns == 1 {
        // Stacked: the side and issue in view, once their headings left it.
        let top = view.scroll.min(c.rows.len());
        let (issue, side) = sides::context(c, top);
        let title = issue
            .and_then(|i| app.dossier().issues.get(i.0))
            .map(|i| i.title.as_str());
        let text = match (side, title) {
            (Some(side), Some(t)) => format!("{side} · {t}"),
            (None, Some(t)) => t.to_string(),
            _ => format!(
                "{} | {}",
                sides::side_name(app.dossier(), sides::SIDES[0]),
                sides::side_name(app.dossier(), sides::SIDES[1])
            ),
        };
        put_line(
            buf,
            inner,
            0,
            Line::from(cut(&text, usize::from(inner.width), theme.heading)),
        );
    }
    if c.rows.is_empty() {
        put_line(
            buf,
            rows_area,
            0,
            Line::styled("No issue in this dossier", theme.dim),
        );
        return;
    }
    let scroll = view.scroll.min(c.rows.len());
    for (n, row) in c.rows[scroll..c.rows.len().min(scroll + h)]
        .iter()
        .enumerate()
    {
        let y = n as u16;
        match row {
            Row::Blank => {}
            Row::Heading { text, .. } => {
                put_line(buf, rows_area, y, Line::styled(text.clone(), theme.heading));
            }
            Row::Status(text) => {
                put_line(buf, rows_area, y, Line::styled(text.clone(), theme.dim));
            }
            Row::Cells(cells) => {
                for (k, cell) in cells.iter().enumerate().take(c.columns) {
                    let x = if k == 0 { rows_area.x } else { gutter_x + 3 };
                    let col = Rect {
                        x,
                        width: (cw as u16).min(rows_area.right().saturating_sub(x)),
                        ..rows_area
                    };
                    draw_cell(app, cell, col, y, theme, buf);
                }
                if c.columns == 2 {
                    let g = Rect {
                        x: gutter_x,
                        width: 3,
                        ..rows_area
                    }
                    .intersection(rows_area);
                    put_line(buf, g, y, Line::styled(GUTTER, theme.border));
                }
            }
        }
    }
}

fn draw_cell(app: &App, cell: &Cell, col: Rect, y: u16, theme: &Theme, buf: &mut Buffer) {
    let w = usize::from(col.width);
    match cell {
        Cell::Empty => {}
        Cell::Text { role, text } => {
            let style = match role {
                Role::Body => Style::new(),
                Role::Missing => theme.dim,
                Role::Side => theme.heading,
            };
            put_line(buf, col, y, Line::from(cut(text, w, style)));
        }
        Cell::Link { item, part } => {
            let view = app.sides();
            let selected = view.selected == Some(*item);
            let Some(entry) = view.content.links.get(*item) else {
                return;
            };
            let Some(source) = app.source(entry.citer) else {
                return;
            };
            let d = app.dossier();
            let line = match part {
                Part::Head => {
                    let who = d
                        .articles
                        .get(source.article.0)
                        .map_or(String::new(), |a| match &a.outlet {
                            Some(o) => format!("{o} · {}", a.title),
                            None => a.title.clone(),
                        });
                    let num = format!("{} ", entry.citer.number());
                    Line::from(vec![
                        Span::raw(if selected { theme::CURSOR } else { " " }),
                        Span::raw(" "),
                        Span::styled(num.clone(), theme.dim),
                        cut(&who, w.saturating_sub(2 + width(&num)), theme.strong),
                    ])
                }
                Part::Quote => Line::from(vec![
                    Span::raw("    "),
                    cut(
                        &super::quoted(&source.quote),
                        w.saturating_sub(4),
                        theme.quote,
                    ),
                ]),
            };
            if selected {
                style_row(buf, col, y, theme.selected_focused);
            }
            put_line(buf, col, y, line);
        }
    }
}
