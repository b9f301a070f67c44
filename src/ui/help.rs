//! The overlays: help, generated from the keymap, and the dossier's problems
//! as `check` prints them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::theme::{self, Theme};
use super::{pad, put_line};
use crate::app::App;
use crate::app::overlay::{HELP_KEYS, HELP_WIDTH, HelpRow};
use crate::app::wrap::wrap_lines;
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

pub fn help(app: &App, scroll: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = app.help_rows();
    let r = boxed(
        area,
        HELP_WIDTH,
        u16::try_from(rows.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2),
    );
    Clear.render(r, buf);
    let block = frame(" Help ", " j/k scroll · Esc close ", theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let keys_w = HELP_KEYS.min(usize::from(inner.width) / 2).max(2);
    let h = usize::from(inner.height);
    // The state keeps the scroll within the page (`App::overlay_page`).
    for (n, row) in rows.iter().skip(scroll).take(h).enumerate() {
        let l = match row {
            HelpRow::Heading(t) => Line::styled(t.clone(), theme.heading),
            HelpRow::Keys { keys, what } => Line::from(vec![
                Span::raw(" "),
                Span::styled(keys.clone(), theme.key),
                pad(width(keys) + 1, keys_w),
                Span::raw(what.clone()),
            ]),
            HelpRow::Kind(k) => Line::from(vec![
                Span::raw(" "),
                Span::raw(theme::glyph(*k)),
                pad(2, keys_w),
                Span::raw(k.name()),
            ]),
            HelpRow::Text(t) => {
                Line::from(vec![Span::raw(" "), Span::styled(t.clone(), theme.dim)])
            }
            HelpRow::Blank => Line::default(),
        };
        put_line(buf, inner, n as u16, l);
    }
    if scroll == 0 && h > 0 {
        // The disputed mark is not a kind but belongs with them.
        let legend = rows
            .iter()
            .position(|l| matches!(l, HelpRow::Heading(t) if t == "Timeline marks"));
        if let Some(at) = legend.filter(|&at| at < h) {
            let r = Rect {
                y: inner.y + at as u16,
                height: 1,
                ..inner
            };
            let text = format!("{} disputed: the sources disagree ", theme::DISPUTED);
            let tw = width(&text) as u16;
            if tw < r.width.saturating_sub(width("Timeline marks") as u16) {
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
    let rows = app.problem_lines();
    let r = boxed(
        area,
        area.width.saturating_sub(4),
        u16::try_from(rows.len())
            .unwrap_or(u16::MAX)
            .saturating_add(2),
    );
    Clear.render(r, buf);
    let title = format!(" Problems: {} ", app.dossier().problems.len());
    let block = frame(&title, " j/k scroll · Esc close ", theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let h = usize::from(inner.height);
    for (n, row) in rows.iter().skip(scroll).take(h).enumerate() {
        let style = match (row.help, row.severity) {
            (true, _) => theme.dim,
            (false, Severity::Error) => theme.error,
            (false, Severity::Warning) => theme.warning,
        };
        put_line(buf, inner, n as u16, Line::styled(row.text.clone(), style));
    }
}

/// The list of pins: each entry's title, or a passage's article and words.
pub fn bookmarks(app: &App, selected: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let pins = app.bookmarks();
    let d = app.dossier();
    // The box is as wide as it can be; each pin's lines wrap inside it.
    let w = usize::from(boxed(area, 84, area.height).width.saturating_sub(4)).max(8);
    let wrapped: Vec<(Vec<String>, Vec<String>)> = pins
        .iter()
        .map(|pin| {
            let (head, body) = pin_lines(d, pin);
            (wrap_lines(&head, w), wrap_lines(&body, w))
        })
        .collect();
    let total: usize = wrapped.iter().map(|(a, b)| a.len() + b.len()).sum();
    let r = boxed(
        area,
        84,
        u16::try_from(total).unwrap_or(u16::MAX).saturating_add(2),
    );
    Clear.render(r, buf);
    let keys = app.keymap();
    let key = |c| {
        keys.primary(crate::app::Mode::Overlay, c)
            .unwrap_or_default()
    };
    let hint = format!(
        " {} go · {} remove · {} close ",
        key(crate::app::Command::Follow),
        key(crate::app::Command::Unpin),
        key(crate::app::Command::Close)
    );
    let title = format!(" Pins: {} ", pins.len());
    let block = frame(&title, &hint, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let h = usize::from(inner.height);
    // The selected pin stays in view: the first pin shown is the earliest
    // from which the selected one still fits.
    let mut first = selected.min(wrapped.len().saturating_sub(1));
    let mut used = wrapped.get(first).map_or(0, |(a, b)| a.len() + b.len());
    while first > 0 {
        let more = wrapped[first - 1].0.len() + wrapped[first - 1].1.len();
        if used + more > h {
            break;
        }
        used += more;
        first -= 1;
    }
    let mut row = 0u16;
    for (i, (head, body)) in wrapped.iter().enumerate().skip(first) {
        if usize::from(row) >= h {
            break;
        }
        for (n, line) in head.iter().enumerate() {
            let marker = if i == selected && n == 0 {
                theme::CURSOR
            } else {
                " "
            };
            put_line(
                buf,
                inner,
                row,
                Line::from(vec![
                    Span::raw(marker),
                    Span::raw(" "),
                    Span::styled(line.clone(), theme.strong),
                ]),
            );
            if i == selected {
                super::style_row(buf, inner, row, theme.selected_focused);
            }
            row = row.saturating_add(1);
        }
        for line in body {
            put_line(
                buf,
                inner,
                row,
                Line::from(vec![
                    Span::raw("  "),
                    Span::styled(line.clone(), theme.quote),
                ]),
            );
            row = row.saturating_add(1);
        }
    }
}

/// A pin as two lines: what it is, and its passage or kind.
fn pin_lines(d: &crate::content::Dossier, pin: &crate::state::Bookmark) -> (String, String) {
    use crate::state::{Bookmark, EntryKind};
    let title = |id: &crate::state::EntryId| -> Option<String> {
        Some(match id.find(d)? {
            crate::content::EntityRef::Event(e) => d.events.get(e.0)?.title.clone(),
            crate::content::EntityRef::Issue(i) => format!("Issue: {}", d.issues.get(i.0)?.title),
            crate::content::EntityRef::Article(a) => {
                let a = d.articles.get(a.0)?;
                match &a.outlet {
                    Some(o) => format!("{o}, “{}”", a.title),
                    None => a.title.clone(),
                }
            }
        })
    };
    match pin {
        Bookmark::Entry(id) => {
            let kind = match id.kind {
                EntryKind::Event => "event",
                EntryKind::Issue => "issue",
                EntryKind::Article => "article",
            };
            (
                title(id).unwrap_or_else(|| format!("{id} (no longer in the dossier)")),
                kind.into(),
            )
        }
        Bookmark::Passage { article, quote, .. } => {
            let head = d
                .find_article(article)
                .and_then(|a| d.articles.get(a.0))
                .map(|a| match &a.outlet {
                    Some(o) => format!("Passage in {o}, “{}”", a.title),
                    None => format!("Passage in “{}”", a.title),
                })
                .unwrap_or_else(|| format!("Passage in {article} (no longer in the dossier)"));
            let found = crate::state::find_passage(d, article, quote).is_some();
            let text = crate::text::sanitize_line(quote).into_owned();
            (
                head,
                if found {
                    super::quoted(&text)
                } else {
                    format!("{} (these words are no longer in it)", super::quoted(&text))
                },
            )
        }
    }
}
