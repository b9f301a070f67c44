//! The overlays: help, generated from the keymap, and the dossier's problems
//! as `check` prints them.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::theme::{self, Theme};
use super::{cut, pad, put_line};
use crate::app::App;
use crate::app::keymap::HelpLine;
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
    let lines = app.keymap().help_lines();
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

/// The list of pins: each entry's title, or a passage's article and words.
pub fn bookmarks(app: &App, selected: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let pins = app.bookmarks();
    let rows = u16::try_from(pins.len()).unwrap_or(u16::MAX);
    let r = boxed(area, 84, rows.saturating_mul(2).saturating_add(2));
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
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    // Two rows a pin; the selected one stays in view.
    let per_page = (h / 2).max(1);
    let first = selected.saturating_sub(per_page - 1);
    let d = app.dossier();
    for (n, (i, pin)) in pins
        .iter()
        .enumerate()
        .skip(first)
        .take(per_page)
        .enumerate()
    {
        let (head, body) = pin_lines(d, pin);
        let row = (n * 2) as u16;
        let marker = if i == selected { theme::CURSOR } else { " " };
        put_line(
            buf,
            inner,
            row,
            Line::from(vec![
                Span::raw(marker),
                Span::raw(" "),
                cut(&head, w.saturating_sub(2), theme.strong),
            ]),
        );
        put_line(
            buf,
            inner,
            row + 1,
            Line::from(vec![
                Span::raw("  "),
                cut(&body, w.saturating_sub(2), theme.quote),
            ]),
        );
        if i == selected {
            super::style_row(buf, inner, row, theme.selected_focused);
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
