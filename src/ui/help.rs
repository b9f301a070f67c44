//! The overlays: help, generated from the keymap, and the dossier's problems
//! as `check` prints them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::theme::{self, Theme};
use super::{cut, pad, put_line};
use crate::app::App;
use crate::app::keymap::{HelpLine, help_lines};
use crate::content::Severity;
use crate::text::width;

use crate::app::layout::overlay_box as boxed;

fn frame<'a>(title: &'a str, hint: &'a str, theme: &Theme) -> Block<'a> {
    Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Line::styled(title, theme.pane_title))
        .title_bottom(Line::styled(hint, theme.dim))
}

pub fn help(_app: &App, scroll: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines = help_lines();
    let r = boxed(area, 84, lines.len() as u16 + 2);
    Clear.render(r, buf);
    let block = frame(" Help ", " j/k scroll · Esc close ", theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let w = usize::from(inner.width);
    const KEYS: usize = 28;
    let h = usize::from(inner.height);
    // The state keeps the scroll within the page (`App::overlay_page`).
    for (n, line) in lines.iter().skip(scroll).take(h).enumerate() {
        let l = match line {
            HelpLine::Heading(t) => Line::styled(*t, theme.heading),
            HelpLine::Keys { keys, what } => {
                let k = crate::text::truncate(keys, KEYS - 1);
                let used = width(&k);
                Line::from(vec![
                    Span::raw(" "),
                    Span::styled(k, theme.key),
                    pad(used + 1, KEYS),
                    cut(what, w.saturating_sub(KEYS), ratatui::style::Style::new()),
                ])
            }
            HelpLine::Kind(k) => Line::from(vec![
                Span::raw(" "),
                Span::raw(theme::glyph(*k)),
                pad(2, KEYS),
                Span::raw(k.name()),
            ]),
            HelpLine::Text(t) => {
                Line::from(vec![Span::raw(" "), cut(t, w.saturating_sub(1), theme.dim)])
            }
            HelpLine::Blank => Line::default(),
        };
        put_line(buf, inner, n as u16, l);
    }
    if scroll == 0 && h > 0 {
        // The disputed mark is not a kind but belongs with them.
        let legend = lines
            .iter()
            .position(|l| matches!(l, HelpLine::Heading("Timeline marks")));
        if let Some(at) = legend.filter(|&at| at < h) {
            let r = Rect {
                y: inner.y + at as u16,
                height: 1,
                ..inner
            };
            let text = format!("{} disputed: the sources disagree ", theme::DISPUTED);
            let tw = width(&text) as u16;
            if tw < r.width {
                let r = Rect {
                    x: r.right() - tw,
                    width: tw,
                    ..r
                };
                Line::styled(text, theme.warning).render(r, buf);
            }
        }
    }
}

pub fn problems(app: &App, scroll: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = app.problem_rows();
    let r = boxed(area, area.width.saturating_sub(4), rows.len() as u16 + 2);
    Clear.render(r, buf);
    let title = format!(" Problems: {} ", app.dossier().problems.len());
    let block = frame(&title, " j/k scroll · Esc close ", theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    for (n, &(ix, is_help)) in rows.iter().skip(scroll).take(h).enumerate() {
        let Some(p) = app.dossier().problems.get(ix) else {
            continue;
        };
        let text = p.to_string();
        let mut parts = text.splitn(2, '\n');
        let first = parts.next().unwrap_or("");
        let line = if is_help {
            parts.next().unwrap_or("")
        } else {
            first
        };
        let style = match (is_help, p.severity) {
            (true, _) => theme.dim,
            (false, Severity::Error) => theme.error,
            (false, Severity::Warning) => theme.warning,
        };
        put_line(buf, inner, n as u16, Line::from(cut(line, w, style)));
    }
}
