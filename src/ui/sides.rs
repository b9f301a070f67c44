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
use crate::app::sides::{self, Cell, GUTTER, Part, Role, Row};
use crate::app::{App, Command, Mode, ScrollPosition};
use dossier_core::text::width;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let view = app.sides();
    let c = &view.content;
    let pane = sides::pane(area);
    Clear.render(pane, buf);
    let issues = app.dossier().issues.len();
    let count = format!(" · {issues} issue{} ", if issues == 1 { "" } else { "s" });
    // The sides' names give way first, then the count.
    let room = usize::from(pane.width).saturating_sub(4);
    let names = sides::title(app.dossier(), view.alone);
    let title = if width(&names) + 1 + width(&count) <= room {
        format!(" {names}{count}")
    } else {
        format!(
            " {} ",
            dossier_core::text::truncate(&names, room.saturating_sub(2))
        )
    };
    let key = |command| app.keymap().primary(Mode::Overlay, command);
    let go = if view.alone.is_some() {
        "open"
    } else {
        "the passage"
    };
    let hints: Vec<String> = [
        (Command::Follow, go),
        (
            Command::NextSide,
            crate::app::hints::next_side_word(view.alone),
        ),
        (Command::Close, "close"),
    ]
    .into_iter()
    .filter_map(|(c, word)| key(c).map(|k| format!("{k} {word}")))
    .collect();
    let mut hint = format!(" {} ", hints.join(" · "));
    if width(&hint) + 8 > usize::from(pane.width) {
        hint.clear();
    }
    let rows_area = sides::rows_area(area);
    let h = usize::from(rows_area.height);
    let mut block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Line::styled(title, theme.pane_title))
        .title_bottom(Line::styled(hint, theme.dim));
    if let Some(k) = view.alone {
        let inner = block.inner(pane);
        block.render(pane, buf);
        render_alone(app, k, inner, rows_area, buf, theme);
        return;
    }
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

/// One side alone: an issue a line (its title, then the side's position
/// cut with "…"), and below a rule the selected issue's whole position.
fn render_alone(
    app: &App,
    side: usize,
    inner: Rect,
    rows_area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let d = app.dossier();
    let view = app.sides();
    let Some(key) = sides::SIDES.get(side) else {
        return;
    };
    let name = sides::side_name(d, key);
    let w = usize::from(inner.width);
    let tw = sides::alone_title_width(d, w.saturating_sub(2));
    // Where the positions start: after the cursor, the titles and a gutter.
    let px = 2 + tw + 3;
    let pw = w.saturating_sub(px);
    let two_rows = rows_area.y > inner.y + 1;
    if two_rows {
        let head = Line::from(vec![
            Span::raw("  "),
            Span::styled("Issue", theme.heading),
            super::pad(5, tw),
            Span::styled(GUTTER, theme.border),
            cut(&name, pw, theme.heading),
        ]);
        put_line(buf, inner, 0, head);
        let rule = format!(
            "{}─┼─{}",
            "─".repeat(2 + tw),
            "─".repeat(w.saturating_sub(px))
        );
        put_line(buf, inner, 1, Line::styled(rule, theme.border));
    } else {
        put_line(buf, inner, 0, Line::from(cut(&name, w, theme.heading)));
    }
    let issues = d.issues.len();
    if issues == 0 {
        put_line(
            buf,
            rows_area,
            0,
            Line::styled("No issue in this dossier", theme.dim),
        );
        return;
    }
    let h = usize::from(rows_area.height);
    let (list_h, preview_h) = sides::alone_heights(h, issues);
    let missing = "(no position recorded)";
    for n in 0..list_h {
        let i = view.issue_scroll + n;
        let Some(issue) = d.issues.get(i) else {
            break;
        };
        let y = n as u16;
        let selected = i == view.issue;
        if selected {
            style_row(buf, rows_area, y, theme.selected_focused);
        }
        let title = dossier_core::text::sanitize_line(&issue.title);
        let mut spans = vec![
            Span::raw(if selected { theme::CURSOR } else { " " }),
            Span::raw(" "),
            cut(&title, tw, theme.strong),
            super::pad(width(&dossier_core::text::truncate(&title, tw)), tw),
            Span::styled(GUTTER, theme.border),
        ];
        match sides::position_line(d, dossier_core::content::IssueIx(i), key) {
            Some((text, _)) => spans.push(super::cut_words(&text, pw, Style::new())),
            None => spans.push(cut(missing, pw, theme.dim)),
        }
        put_line(buf, rows_area, y, Line::from(spans));
    }
    if preview_h == 0 {
        return;
    }
    // The selected issue's position, whole as far as it fits.
    let Some(issue) = d.issues.get(view.issue) else {
        return;
    };
    let top = list_h as u16;
    let title = format!("─ {} ", dossier_core::text::sanitize_line(&issue.title));
    let title = dossier_core::text::truncate(&title, w);
    let rule = "─".repeat(w.saturating_sub(width(&title)));
    put_line(
        buf,
        rows_area,
        top,
        Line::from(vec![
            Span::styled(title, theme.heading),
            Span::styled(rule, theme.border),
        ]),
    );
    let (text, style) =
        match sides::position_line(d, dossier_core::content::IssueIx(view.issue), key) {
            Some((text, _)) => (text, Style::new()),
            None => (format!("(no position recorded for {name})"), theme.dim),
        };
    let lines = crate::app::wrap::wrap_lines(&text, w);
    let room = preview_h;
    for (n, line) in lines.iter().take(room).enumerate() {
        // The last line that fits ends the text with a mark, after a word.
        let line = if n + 1 == room && lines.len() > room {
            let rest = lines[n..].join(" ");
            super::cut_words(&rest, w, style)
        } else {
            Span::styled(line.clone(), style)
        };
        put_line(buf, rows_area, top + 1 + n as u16, Line::from(line));
    }
}
