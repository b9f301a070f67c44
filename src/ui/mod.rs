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
use dossier_core::text::{is_printable_ascii, is_printable_byte};
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

/// Draws one line of spans into a row, clipped to it: the cells ratatui's
/// `Line` widget makes of it, made more quickly for a left-aligned line.
///
/// Nearly every cell of a frame is drawn here, and nearly all of them hold
/// a printable ASCII character: one byte, one grapheme, one column. Those
/// are put into their cells byte by byte, with no grapheme segmentation and
/// no width tables ([`put_span`]). The rest of a span is drawn by ratatui's
/// own `Span` widget, in pieces that begin where it would begin a grapheme.
/// A test compares the cells with the widget's on every kind of text.
fn put_line(buf: &mut Buffer, area: Rect, row: u16, line: Line) {
    if row >= area.height {
        return;
    }
    let r = Rect {
        y: area.y + row,
        height: 1,
        ..area
    }
    .intersection(buf.area);
    if !matches!(
        line.alignment,
        None | Some(ratatui::layout::Alignment::Left)
    ) {
        ratatui::widgets::Widget::render(line, r, buf);
        return;
    }
    // The widget draws nothing of a line of no width, not even its style.
    if r.is_empty() || line.spans.iter().all(|s| span_width(s) == 0) {
        return;
    }
    // (A line with no style of its own changes no cell's.)
    if line.style != Style::new() {
        buf.set_style(r, line.style);
    }
    let mut x = r.x;
    for span in &line.spans {
        if x >= r.right() {
            break;
        }
        // The widget leaves out a span of no width (a lone combining mark).
        let w = span_width(span);
        if w == 0 {
            continue;
        }
        put_span(buf, x, r.y, r.right(), &span.content, span.style);
        x = x.saturating_add(w).min(r.right());
    }
}

/// A span's width as ratatui's `Line` widget counts it to place the next
/// one (printable ASCII without the width tables).
fn span_width(span: &Span) -> u16 {
    let w = if is_printable_ascii(&span.content) {
        span.content.len()
    } else {
        span.width()
    };
    u16::try_from(w).unwrap_or(u16::MAX)
}

/// Draws `text` from column `x` of row `y`, up to column `right`, in
/// `style`, as ratatui's `Span` widget draws it: a printable ASCII byte
/// between two others (or the text's ends) is a grapheme of its own and
/// takes one cell; the text between such bytes goes to the widget. Between
/// two printable ASCII bytes there is always a grapheme boundary, so each
/// piece the widget gets begins with a grapheme of one column or more, as
/// its first grapheme then is in the whole text too.
fn put_span(buf: &mut Buffer, mut x: u16, y: u16, right: u16, text: &str, style: Style) {
    use ratatui::buffer::CellWidth;
    use unicode_segmentation::UnicodeSegmentation;
    let bytes = text.as_bytes();
    let plain = |i: usize| bytes.get(i).copied().is_some_and(is_printable_byte);
    let mut i = 0;
    while i < bytes.len() && x < right {
        if plain(i) && (i + 1 == bytes.len() || plain(i + 1)) {
            if let Some(&b) = bytes.get(i) {
                buf[(x, y)].set_char(char::from(b)).set_style(style);
            }
            x += 1;
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < bytes.len() && !(plain(j - 1) && plain(j)) {
            j += 1;
        }
        // `j` is the text's end or a printable ASCII byte: a character's
        // start.
        let piece = text.get(i..j).unwrap_or_default();
        let area = Rect::new(x, y, right - x, 1);
        ratatui::widgets::Widget::render(Span::styled(piece, style), area, buf);
        let w = piece
            .graphemes(true)
            .filter(|g| !g.contains(char::is_control))
            .fold(0u16, |w, g| w.saturating_add(g.cell_width()));
        x = x.saturating_add(w);
        i = j;
    }
}

/// Text gathered into spans, a new one wherever the style changes: a line
/// whose look is worked out character by character, or piece by piece.
#[derive(Default)]
struct Runs {
    spans: Vec<Span<'static>>,
    current: String,
    style: Style,
}

impl Runs {
    /// Adds `text` in `style`: to the last span when it has that style.
    fn push(&mut self, text: &str, style: Style) {
        if text.is_empty() {
            return;
        }
        if style != self.style && !self.current.is_empty() {
            self.spans
                .push(Span::styled(std::mem::take(&mut self.current), self.style));
        }
        self.style = style;
        self.current.push_str(text);
    }

    /// Adds one character in `style`.
    fn push_char(&mut self, c: char, style: Style) {
        self.push(c.encode_utf8(&mut [0; 4]), style);
    }

    /// The spans, the last one ended.
    fn spans(mut self) -> Vec<Span<'static>> {
        if !self.current.is_empty() {
            self.spans.push(Span::styled(self.current, self.style));
        }
        self.spans
    }
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
    use super::{cut_words, put_line, quoted};
    use proptest::prelude::*;
    use ratatui::buffer::Buffer;
    use ratatui::layout::{Alignment, Rect};
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::{Line, Span};

    /// The cells `put_line` makes of `line` in row 1 of an area `x..x+w`,
    /// and those ratatui's `Line` widget makes, on a buffer first filled
    /// with something else (so that a cell left alone shows).
    fn both(line: &Line<'static>, x: u16, w: u16) -> (Buffer, Buffer) {
        let full = Rect::new(0, 0, 24, 3);
        let mut ours = Buffer::empty(full);
        for y in 0..3 {
            for cx in 0..24 {
                ours[(cx, y)].set_char('.').set_bg(Color::Blue);
            }
        }
        let mut theirs = ours.clone();
        let area = Rect::new(x, 0, w, 3);
        put_line(&mut ours, area, 1, line.clone());
        let row = Rect {
            y: 1,
            height: 1,
            ..area
        };
        ratatui::widgets::Widget::render(line.clone(), row, &mut theirs);
        (ours, theirs)
    }

    fn line_of(pieces: &[(&str, Style)]) -> Line<'static> {
        Line::from(
            pieces
                .iter()
                .map(|(t, s)| Span::styled(t.to_string(), *s))
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn a_line_is_drawn_in_the_cells_ratatuis_line_widget_draws() {
        let bold = Style::new().add_modifier(Modifier::BOLD).fg(Color::Red);
        let plain = Style::new();
        let texts: &[&[(&str, Style)]] = &[
            &[("plain words", plain), (" and bold", bold)],
            &[("it\u{2019}s a \u{201c}quote\u{201d} \u{2014} fine", plain)],
            // Combining marks after ASCII, at a span's start, alone.
            &[
                ("cafe\u{301} ", plain),
                ("\u{301}x", bold),
                ("a\u{301}\u{302}b", plain),
            ],
            // Wide characters, one at the last column that does not fit.
            &[
                ("\u{65e5}\u{672c}\u{8a9e} wide", plain),
                ("abcdefghijklmnopq\u{4e2d}z", bold),
            ],
            // An emoji sequence joined by ZWJ, flags, a variation selector.
            &[
                (
                    "x\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}y \u{1f1eb}\u{1f1f7}\u{1f1e9}",
                    plain,
                ),
                ("\u{2764}\u{fe0f}!", bold),
            ],
            // A prepended mark joins the ASCII digit after it.
            &[("n\u{600}1 2", plain)],
            // Zero-width characters, controls, half-width sound marks.
            &[
                ("a\u{200b}b\u{200d}c\u{7}d\te", plain),
                ("\u{ff76}\u{ff9e}k", bold),
            ],
            &[("", plain), ("", bold)],
            &[("\u{301}", plain)],
            &[("a line far longer than the row it is drawn in, cut", bold)],
        ];
        for pieces in texts {
            let mut line = line_of(pieces);
            for styled in [false, true] {
                if styled {
                    line = line.style(Style::new().bg(Color::Green).add_modifier(Modifier::DIM));
                }
                for (x, w) in [(0, 24), (3, 10), (5, 1), (2, 0), (20, 4)] {
                    let (ours, theirs) = both(&line, x, w);
                    assert_eq!(
                        ours, theirs,
                        "{pieces:?} at {x}, {w} wide, line styled: {styled}"
                    );
                }
            }
        }
        // Lines aligned otherwise go to the widget as they are.
        for a in [Alignment::Center, Alignment::Right] {
            let line = line_of(texts[1]).alignment(a);
            let (ours, theirs) = both(&line, 1, 20);
            assert_eq!(ours, theirs);
        }
    }

    proptest! {
        #[test]
        fn any_line_is_drawn_as_ratatuis_line_widget_draws_it(
            spans in proptest::collection::vec(
                (
                    proptest::collection::vec(
                        prop::sample::select(vec![
                            "a", "Z", " ", "~", "e\u{301}", "\u{301}", "\u{2019}", "\u{4e2d}",
                            "\u{1f468}", "\u{200d}", "\u{fe0f}", "\u{1f1eb}", "\u{600}", "1",
                            "\u{200b}", "\u{7}", "\u{ff9e}", "\u{ad}", "\u{e9}", "\t", "\r", "\n",
                            "\u{1100}", "\u{1161}", "\u{11a8}",
                        ]),
                        0..8,
                    ),
                    0u8..3,
                ),
                0..5,
            ),
            x in 0u16..24,
            w in 0u16..24,
        ) {
            let styles = [
                Style::new(),
                Style::new().fg(Color::Yellow),
                Style::new().add_modifier(Modifier::UNDERLINED).remove_modifier(Modifier::BOLD),
            ];
            let line = Line::from(
                spans
                    .iter()
                    .map(|(parts, s)| Span::styled(parts.concat(), styles[usize::from(*s)]))
                    .collect::<Vec<_>>(),
            );
            let w = w.min(24 - x);
            let (ours, theirs) = both(&line, x, w);
            prop_assert_eq!(ours, theirs);
        }
    }

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
