//! The details pane: the selected event, issue or article, with its links.
//! Text rows come prebuilt from the state; link rows are spelled here, and
//! only for the rows in view.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{self, Theme};
use super::{cut, pad, pane_block, put_line, style_row};
use crate::app::details::{LABEL_WIDTH, Link, Part, Role, Row};
use crate::app::{App, Pane};
use dossier_core::content::EntityRef;
use dossier_core::search::find_in;
use dossier_core::text::{truncate, width};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let title = match app.details().shown {
        Some(EntityRef::Event(_)) => " Event ",
        Some(EntityRef::Issue(_)) => " Issue ",
        Some(EntityRef::Article(_)) => " Article details ",
        None => " Details ",
    };
    let mut title = vec![Span::styled(title, theme.pane_title)];
    // Where the selected source is in its list, or nothing: a count of
    // every link says little.
    let d = app.dossier();
    let place = match app.details().selected_link().map(|l| l.link) {
        Some(Link::Source(c)) => Some(format!(
            "source {} of {}",
            c.number(),
            crate::app::details::source_count(d, c)
        )),
        Some(Link::Citer(_)) => {
            let links = &app.details().content.links;
            let citers: Vec<usize> = (0..links.len())
                .filter(|&i| matches!(links[i].link, Link::Citer(_)))
                .collect();
            let at = app
                .details()
                .selected
                .and_then(|s| citers.iter().position(|&i| i == s));
            // Citers still being read are not counted yet.
            let so_far = if app.reading().is_some() {
                " so far"
            } else {
                ""
            };
            at.map(|at| format!("cited by {} of {}{so_far}", at + 1, citers.len()))
        }
        _ => None,
    };
    if let Some(place) = place {
        title.push(Span::styled(format!("· {place} "), theme.dim));
    }
    let block = pane_block(app, Pane::Details, Line::from(title), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width);
    let rows = &app.details().content.rows;
    let h = usize::from(inner.height);
    let scroll = app.details().scroll.min(rows.len());
    for (n, row) in rows[scroll..rows.len().min(scroll + h)].iter().enumerate() {
        let y = n as u16;
        match row {
            Row::Blank => {}
            Row::Text {
                label,
                indented,
                role,
                text,
                links,
                marks,
            } => {
                let mut spans = Vec::new();
                if *indented {
                    let l = label.as_deref().unwrap_or("");
                    spans.push(Span::styled(l.to_string(), theme.label));
                    spans.push(pad(width(l), LABEL_WIDTH));
                }
                let style = match role {
                    Role::Title => theme.strong,
                    Role::Meta => theme.dim,
                    Role::Body => Style::new(),
                    Role::Warning => theme.warning,
                    Role::Note => theme.dim,
                };
                spans.extend(text_spans(app, text, links, marks, style, theme));
                put_line(buf, inner, y, Line::from(spans));
            }
            Row::Link { item, part, label } => {
                let selected = app.details().selected == Some(*item);
                let l = label.unwrap_or("");
                let mut spans = vec![Span::styled(l, theme.label), pad(width(l), LABEL_WIDTH - 1)];
                spans.push(Span::raw(if selected && *part == Part::Head {
                    theme::CURSOR
                } else {
                    " "
                }));
                let avail = w.saturating_sub(LABEL_WIDTH);
                if let Some(entry) = app.details().content.links.get(*item) {
                    link_text(app, entry.link, *part, avail, theme, &mut spans);
                }
                if selected {
                    let style = if app.focus() == Pane::Details {
                        theme.selected_focused
                    } else {
                        theme.selected
                    };
                    let bar = Rect {
                        x: inner.x + LABEL_WIDTH as u16 - 1,
                        width: inner.width.saturating_sub(LABEL_WIDTH as u16 - 1),
                        ..inner
                    }
                    .intersection(inner);
                    style_row(buf, bar, y, style);
                }
                put_line(buf, inner, y, Line::from(spans));
            }
        }
    }
    if rows.is_empty() {
        put_line(buf, inner, 0, Line::styled("Nothing selected", theme.dim));
    }
}

/// A text row cut where its links and search marks start and end: links
/// styled as links (the selected one as the selection), marks as matches
/// (the hit gone to as the followed passage is).
fn text_spans(
    app: &App,
    text: &str,
    links: &[(Range<usize>, usize)],
    marks: &[(Range<usize>, usize)],
    style: Style,
    theme: &Theme,
) -> Vec<Span<'static>> {
    let mut cuts: Vec<usize> = links
        .iter()
        .chain(marks)
        .flat_map(|(r, _)| [r.start, r.end])
        .chain([0, text.len()])
        .filter(|&c| c <= text.len() && text.is_char_boundary(c))
        .collect();
    cuts.sort_unstable();
    cuts.dedup();
    let details = app.details();
    let mut spans = Vec::new();
    for pair in cuts.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some(piece) = text.get(a..b) else {
            continue;
        };
        let mut s = style;
        if let Some((_, item)) = links.iter().find(|(r, _)| r.start <= a && b <= r.end) {
            s = if details.selected == Some(*item) {
                if app.focus() == Pane::Details {
                    theme.selected_focused
                } else {
                    theme.selected
                }
            } else {
                style.patch(theme.link)
            };
        }
        if let Some((_, m)) = marks.iter().find(|(r, _)| r.start <= a && b <= r.end) {
            s = s.patch(if details.current_mark == Some(*m) {
                theme.followed
            } else {
                theme.matched
            });
        }
        spans.push(Span::styled(piece.to_string(), s));
    }
    spans
}

/// A source's note as its row shows it, the search's matches marked.
fn note_spans(app: &App, note: &str, w: usize, theme: &Theme) -> Vec<Span<'static>> {
    const PREFIX: &str = "note: ";
    let shown = truncate(&format!("{PREFIX}{note}"), w);
    let marks: Vec<(Range<usize>, usize)> = match &app.details().marker {
        Some(m) => find_in(&shown, &m.query, m.options)
            .into_iter()
            .filter(|r| r.start >= PREFIX.len())
            .map(|r| (r, usize::MAX))
            .collect(),
        None => Vec::new(),
    };
    text_spans(app, &shown, &[], &marks, theme.dim, theme)
}

/// The words of one row of a link.
fn link_text(
    app: &App,
    link: Link,
    part: Part,
    w: usize,
    theme: &Theme,
    spans: &mut Vec<Span<'static>>,
) {
    let d = app.dossier();
    match (link, part) {
        (Link::Event(e), _)
        | (Link::Citer(dossier_core::content::SourceRef::Event(e, _)), Part::Head) => {
            if let Some(e) = d.events.get(e.0) {
                // Dates in one column, as wide as the widest of the pane's
                // event links, and no more than two fifths of the row: a
                // wider date is shortened, never pushes its title aside.
                let dw = app.details().content.date_width.min(w * 2 / 5);
                let date = App::fit_date(e, None, dw);
                let used = dw + 3;
                spans.push(Span::styled(date.clone(), theme.dim));
                spans.push(super::pad(width(&date), dw));
                spans.push(Span::raw(format!(" {} ", theme::glyph(e.kind))));
                let style = if matches!(link, Link::Citer(_)) {
                    theme.strong
                } else {
                    Style::new()
                };
                spans.push(cut(&e.title, w.saturating_sub(used), style));
            }
        }
        (Link::Issue(i), _) => {
            if let Some(i) = d.issues.get(i.0) {
                spans.push(cut(&i.title, w, Style::new()));
            }
        }
        (Link::Article(a), _) => {
            if let Some(a) = d.articles.get(a.0) {
                match &a.outlet {
                    Some(outlet) => {
                        let outlet = truncate(outlet, w);
                        let used = width(&outlet);
                        spans.push(Span::styled(outlet, theme.strong));
                        spans.push(cut(
                            &format!(" · {}", a.title),
                            w.saturating_sub(used),
                            theme.dim,
                        ));
                    }
                    None => spans.push(cut(&a.title, w, theme.strong)),
                }
            }
        }
        (Link::Source(c), Part::Head) => {
            let n = c.number();
            let Some(a) = app.source(c).and_then(|s| d.articles.get(s.article.0)) else {
                return;
            };
            // Right-aligned to the widest number of its list, so 9 and 10
            // start their outlets in one column.
            let num = format!("{n:>0$} ", number_width(d, c));
            let used = width(&num);
            spans.push(Span::styled(num, theme.dim));
            match &a.outlet {
                Some(outlet) => {
                    let outlet = truncate(outlet, w.saturating_sub(used));
                    let used = used + width(&outlet);
                    spans.push(Span::styled(outlet, theme.strong));
                    spans.push(cut(
                        &format!(" · {}", a.title),
                        w.saturating_sub(used),
                        theme.dim,
                    ));
                }
                None => spans.push(cut(&a.title, w.saturating_sub(used), theme.strong)),
            }
        }
        (Link::Citer(c), Part::Head) => {
            let head = super::citer_head(app, c);
            if let Some(head) = head {
                spans.push(cut(&head, w, theme.strong));
            }
        }
        (Link::Source(c) | Link::Citer(c), Part::Quote) if !app.details().content.quotes_wrap => {
            if let Some(s) = app.source(c) {
                let indent = indent_of(d, link);
                spans.push(Span::raw(" ".repeat(indent)));
                spans.push(cut(
                    &super::quoted(&s.quote),
                    w.saturating_sub(indent),
                    theme.quote,
                ));
            }
        }
        (Link::Source(_) | Link::Citer(_), Part::Quote | Part::QuoteMore(_)) => {
            // A zoomed pane: the quote's lines, whole.
            let n = match part {
                Part::QuoteMore(n) => usize::from(n),
                _ => 0,
            };
            let (text, lines) = crate::app::details::quote_lines(d, link, w);
            if let Some(r) = lines.get(n) {
                spans.push(Span::raw(" ".repeat(indent_of(d, link))));
                spans.push(Span::styled(
                    text.get(r.clone()).unwrap_or("").trim_end().to_string(),
                    theme.quote,
                ));
            }
        }
        (Link::Source(c) | Link::Citer(c), Part::Note) => {
            if let Some(note) = app.source(c).and_then(|s| s.note.as_deref()) {
                let indent = indent_of(d, link);
                spans.push(Span::raw(" ".repeat(indent)));
                spans.extend(note_spans(app, note, w.saturating_sub(indent), theme));
            }
        }
    }
}

/// Digits of the largest source number in `c`'s list.
fn number_width(d: &dossier_core::content::Dossier, c: dossier_core::content::SourceRef) -> usize {
    crate::app::details::source_count(d, c)
        .max(1)
        .to_string()
        .len()
}

fn indent_of(d: &dossier_core::content::Dossier, link: Link) -> usize {
    crate::app::details::indent_of(d, link)
}
