//! Drawing only: `render` reads the app state and draws a frame. One file per
//! pane, one theme; nothing here changes state or walks the whole dossier.

mod article;
mod details;
mod find;
mod list;
mod overlays;
mod picture;
mod sides;
mod status;
pub mod theme;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};

use crate::app::{App, Overlay, Pane, layout};
use theme::Theme;

/// Draws the whole screen in the default theme (or without colour, under
/// NO_COLOR).
pub fn render(app: &App, frame: &mut Frame) {
    let theme = if app.monochrome() {
        &theme::MONOCHROME
    } else {
        &theme::DARK
    };
    render_with(app, theme, frame);
}

/// Draws the whole screen in a theme.
pub fn render_with(app: &App, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if layout::too_small(area) {
        too_small(area, buf, theme);
        return;
    }
    let areas = app.areas();
    status::header(app, areas.header, buf, theme);
    // Zoomed, the panes not focused have no room and are not drawn.
    if !areas.list.is_empty() {
        list::render(app, areas.list, buf, theme);
    }
    if !areas.details.is_empty() {
        details::render(app, areas.details, buf, theme);
    }
    if !areas.article.is_empty() {
        article::render(app, areas.article, buf, theme);
    }
    match &app.overlay() {
        Some(Overlay::Help { scroll }) => overlays::help(app, *scroll, area, buf, theme),
        Some(Overlay::Problems { scroll }) => overlays::problems(app, *scroll, area, buf, theme),
        Some(Overlay::Search(p)) => find::search(app, p, app.prompt_area(), buf, theme),
        Some(Overlay::GoTo(p)) => find::goto(app, p, app.prompt_area(), buf, theme),
        Some(Overlay::Bookmarks { selected }) => {
            overlays::bookmarks(app, *selected, area, buf, theme)
        }
        Some(Overlay::About { scroll }) => overlays::about(app, *scroll, area, buf, theme),
        Some(Overlay::Sides) => sides::render(app, area, buf, theme),
        Some(Overlay::Citers { passage, selected }) => {
            overlays::citers(app, *passage, *selected, area, buf, theme);
        }
        Some(Overlay::Cite { block }) => overlays::cite(app, block, area, buf, theme),
        // The selection is drawn in the article; the question on the status line.
        Some(Overlay::Select | Overlay::Append) | None => {}
    }
    // Last, so a long message wrapped above the footer shows over an
    // overlay too.
    status::footer(app, areas.status, buf, theme);
}

/// The screen shown while a dossier that takes a while is loading.
pub fn loading(frame: &mut Frame, folder: &str, theme: &Theme, quit: &str) {
    let area = frame.area();
    let text = vec![
        Line::styled("Loading the dossier", theme.strong),
        Line::raw(folder.to_string()),
        Line::raw(""),
        Line::styled(
            format!("keys typed now apply once it is loaded · {quit} quits"),
            theme.dim,
        ),
    ];
    let height = area.height.min(6);
    let r = Rect {
        y: area.y + area.height.saturating_sub(height) / 2,
        height,
        ..area
    };
    ratatui::widgets::Widget::render(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        r,
        frame.buffer_mut(),
    );
}

fn too_small(area: Rect, buf: &mut Buffer, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.strong),
        Line::raw(format!(
            "{}×{}, needs at least {}×{}",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        )),
    ];
    let y = area.y + area.height.saturating_sub(2) / 2;
    let r = Rect {
        y,
        height: area.height.min(2),
        ..area
    }
    .intersection(area);
    ratatui::widgets::Widget::render(
        Paragraph::new(text).centered().wrap(Wrap { trim: true }),
        r,
        buf,
    );
}

/// A pane's frame: thick and bright when focused, so focus shows without
/// colour; a focused pane whose content does not fit says where it is, at
/// the right of its bottom border (`Top`, `40%`, `Bot`, as vim does).
fn pane_block<'a>(app: &App, pane: Pane, title: Line<'a>, theme: &Theme) -> Block<'a> {
    let focused = app.focus() == pane && app.overlay().is_none();
    let (style, kind) = if focused {
        (theme.border_focused, BorderType::Thick)
    } else {
        (theme.border, BorderType::Plain)
    };
    let block = Block::bordered()
        .border_type(kind)
        .border_style(style)
        .title(title);
    match app.scroll_position(pane).filter(|_| focused) {
        Some(p) => {
            block.title_bottom(Line::styled(format!(" {} ", p.label()), theme.dim).right_aligned())
        }
        None => block,
    }
}

/// Draws one line of spans into a row, clipped to it.
fn put_line(buf: &mut Buffer, area: Rect, row: u16, line: Line) {
    if row >= area.height {
        return;
    }
    let r = Rect {
        y: area.y + row,
        height: 1,
        ..area
    };
    ratatui::widgets::Widget::render(line, r, buf);
}

/// Fills a row with a style (for the selection bar).
fn style_row(buf: &mut Buffer, area: Rect, row: u16, style: Style) {
    if row >= area.height {
        return;
    }
    buf.set_style(
        Rect {
            y: area.y + row,
            height: 1,
            ..area
        },
        style,
    );
}

/// Sanitised text cut to a width, as a span.
fn cut(s: &str, width: usize, style: Style) -> Span<'static> {
    Span::styled(dossier_core::text::truncate(s, width), style)
}

/// Text cut to a width with `…`, after the last whole word that fits when
/// one ends in the second half of the width (a quote reads better so).
fn cut_words(s: &str, width: usize, style: Style) -> Span<'static> {
    let cut = dossier_core::text::truncate(s, width);
    let Some(kept) = cut.strip_suffix('…') else {
        return Span::styled(cut, style);
    };
    let word_end = kept
        .char_indices()
        .filter(|&(i, c)| c == ' ' && dossier_core::text::width(&kept[..i]) >= width / 2)
        .map(|(i, _)| i)
        .next_back();
    match word_end {
        Some(i) => Span::styled(format!("{}…", kept[..i].trim_end()), style),
        None => Span::styled(cut, style),
    }
}

/// Spaces up to a width.
fn pad(used: usize, width: usize) -> Span<'static> {
    Span::raw(" ".repeat(width.saturating_sub(used)))
}

/// Who cites a passage, as one line: an event with its date and mark, or an issue.
fn citer_head(app: &App, c: dossier_core::content::SourceRef) -> Option<String> {
    let d = app.dossier();
    match c {
        dossier_core::content::SourceRef::Event(e, _) => d.events.get(e.0).map(|e| {
            format!(
                "{} {} {}",
                crate::app::timeline_date(e, None),
                theme::glyph(e.kind),
                e.title
            )
        }),
        dossier_core::content::SourceRef::Issue(i, _) => {
            d.issues.get(i.0).map(|i| format!("Issue: {}", i.title))
        }
        dossier_core::content::SourceRef::Position(i, p, _) => d.issues.get(i.0).map(|i| {
            let side = i.positions.get(p).map_or("", |p| p.side.as_str());
            format!("Issue: {} ({side})", i.title)
        }),
    }
}

/// A quote between typographic quotes, without doubling the marks a quote
/// that is itself a whole quotation already has.
fn quoted(q: &str) -> String {
    crate::app::details::quoted(q)
}

#[cfg(test)]
mod tests {
    use super::{cut_words, quoted};

    #[test]
    fn a_cut_quote_ends_after_a_whole_word_with_a_mark() {
        let style = ratatui::style::Style::new();
        let cut = |s: &str, w: usize| cut_words(s, w, style).content.to_string();
        assert_eq!(
            cut("“no employee is required”", 40),
            "“no employee is required”"
        );
        assert_eq!(cut("“no employee is required to”", 20), "“no employee is…");
        // One long word: cut inside it, still marked.
        assert_eq!(cut("“Supercalifragilistic”", 10), "“Supercal…");
    }

    #[test]
    fn quotes_are_marked_once() {
        assert_eq!(quoted("plain words"), "“plain words”");
        assert_eq!(quoted("“we want some”"), "“we want some”");
        assert_eq!(quoted("“opens only"), "“opens only”");
    }
}
