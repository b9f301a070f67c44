//! The article pane: title and outlet, then the text wrapped to the pane with
//! every cited passage marked and the followed one highlighted, then who
//! cites it. Only the lines in view are sliced from the text.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::theme::{self, Theme};
use super::{Runs, cut, pane_block, put_line};
use crate::app::{App, Followed, Pane, layout};
use dossier_core::content::{Article, SourceRef};
use dossier_core::text::{is_printable_ascii, shown};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let article = app
        .article()
        .shown
        .and_then(|a| app.dossier().articles.get(a.0));
    let mut title = vec![Span::styled(" Article ", theme.pane_title)];
    if let Some(a) = article {
        let who = a.outlet.as_deref().unwrap_or("outlet not known");
        title.push(Span::styled(
            format!("· {} ", dossier_core::text::truncate(who, 24)),
            theme.dim,
        ));
    }
    let block = pane_block(app, Pane::Article, Line::from(title), theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(a) = article else {
        put_line(
            buf,
            inner,
            0,
            Line::styled("Select an event, an issue or an article", theme.dim),
        );
        return;
    };
    let w = usize::from(inner.width);
    let long = app.long_title(area);
    let header = layout::article_header(inner.height, long);
    let mut row = 0;
    if layout::article_title_rows(inner.height, long) == 2 {
        let (first, rest) = title_rows(&a.title, w);
        put_line(buf, inner, 0, Line::from(cut(first, w, theme.strong)));
        put_line(buf, inner, 1, Line::from(cut(rest, w, theme.strong)));
        row = 1;
    } else {
        put_line(buf, inner, 0, Line::from(cut(&a.title, w, theme.strong)));
    }
    put_line(buf, inner, row + 1, meta_line(app, a, w, theme));
    if header > row + 2 {
        put_line(
            buf,
            inner,
            row + 2,
            Line::styled("─".repeat(w), theme.border),
        );
    }

    let body = layout::article_body(area, long);
    if let Some(ix) = app.article().shown
        && !app.is_whole(dossier_core::content::EntityRef::Article(ix))
    {
        ratatui::widgets::Paragraph::new(crate::app::details::BEING_READ)
            .style(theme.dim)
            .wrap(ratatui::widgets::Wrap { trim: true })
            .render(body, buf);
        return;
    }
    let lines = app.article().lines();
    let h = usize::from(body.height);
    let first = app.article().scroll;
    let visible = first..(first + h);
    let text_rows = first.min(lines.len())..visible.end.min(lines.len());
    let window = match (
        lines.get(text_rows.start),
        text_rows.end.checked_sub(1).and_then(|l| lines.get(l)),
    ) {
        (Some(a), Some(b)) => a.start..b.end,
        _ => 0..0,
    };
    let hits = hits_in(app, window.clone());
    let marks = marks_in(app, a, window);
    let selection = app.selection();
    for (n, ix) in text_rows.clone().enumerate() {
        if let Some(range) = lines.get(ix) {
            let line = text_line(
                &a.text,
                range.clone(),
                (&marks, &hits, selection.as_ref()),
                theme,
            );
            put_line(buf, body, n as u16, line);
        }
    }
    // Below the text: a blank row, then who cites the article.
    let after = lines.len();
    for row in visible.clone().skip_while(|&r| r < after) {
        let y = (row - first) as u16;
        match row - after {
            0 => {}
            1 if !a.cited_by.is_empty() => put_line(
                buf,
                body,
                y,
                Line::styled(format!("Cited by ({})", a.cited_by.len()), theme.heading),
            ),
            k => {
                if let Some(&c) = a.cited_by.get(k.wrapping_sub(2)) {
                    // The body's measure, narrower than the pane on a wide screen.
                    let w = usize::from(body.width);
                    put_line(buf, body, y, citer_line(app, c, w, theme));
                }
            }
        }
    }
}

/// A title too long for a row, on two: broken after the last space that
/// fits, or inside a word longer than the row. The second part may still be
/// too long; the caller cuts it.
fn title_rows(title: &str, w: usize) -> (&str, &str) {
    let mut used = 0;
    let mut space = None;
    let mut end = title.len();
    for (i, c) in title.char_indices() {
        let cw = dossier_core::text::char_width(c);
        if used + cw > w {
            end = i;
            break;
        }
        if c.is_whitespace() && i > 0 {
            space = Some(i);
        }
        used += cw;
    }
    let at = if end < title.len() {
        space.unwrap_or(end)
    } else {
        end
    };
    (title[..at].trim_end(), title[at..].trim_start())
}

fn meta_line(app: &App, a: &Article, w: usize, theme: &Theme) -> Line<'static> {
    let mut meta = Vec::new();
    if let Some(p) = a.published {
        meta.push(p.to_string());
    }
    if let Some(by) = &a.byline {
        meta.push(format!("by {}", dossier_core::text::sanitize_line(by)));
    }
    // Passages, not citations: the same words cited twice are one passage.
    let n = app.passages().len();
    let pos = app.passage_index();
    let name = app.highlight_name();
    if name == Some("search match") {
        let next = app
            .keymap()
            .primary(
                crate::app::keymap::Mode::Normal,
                crate::app::Command::NextHit,
            )
            .unwrap_or_default();
        meta.push(format!("search match · {next} next"));
    } else if let Some(name) = name.filter(|n| *n != "passage") {
        meta.push(name.to_string());
    }
    let step = app
        .keymap()
        .hint(
            crate::app::keymap::Mode::Normal,
            &[
                crate::app::Command::NextPassage,
                crate::app::Command::PrevPassage,
            ],
        )
        .unwrap_or_default();
    let whole = app
        .article()
        .shown
        .is_none_or(|ix| app.is_whole(dossier_core::content::EntityRef::Article(ix)));
    // What cites it is counted once every entry is read.
    let reading = app.reading().is_some();
    meta.push(match (pos, n) {
        _ if !whole => "being read".into(),
        (Some(p), n) if reading => format!("passage {}/{n} so far · {step}", p + 1),
        (None, n) if reading => format!(
            "{} so far · {step}",
            dossier_core::text::count(n, "cited passage")
        ),
        (_, 0) => "not cited".into(),
        (Some(p), n) => {
            // How many entries (events, issues) cite it.
            let by = app.passages().get(p).map_or(0, |p| p.entries().len());
            format!("passage {}/{n} · cited by {by} · {step}", p + 1)
        }
        (None, n) => format!("{} · {step}", dossier_core::text::count(n, "cited passage")),
    });
    Line::from(cut(&meta.join(" · "), w, theme.dim))
}

/// The search's hits in the shown article's text that touch a byte window
/// (none while the marks are hidden).
fn hits_in(app: &App, window: Range<usize>) -> Vec<Range<usize>> {
    let s = &app.find().search;
    let Some(shown) = app.article().shown.filter(|_| s.marking()) else {
        return Vec::new();
    };
    let hits = s.text_hits(shown);
    let from = hits.partition_point(|h| h.range.end <= window.start);
    hits[from..]
        .iter()
        .take_while(|h| h.range.start < window.end)
        .map(|h| h.range.clone())
        .collect()
}

/// The cited spans that touch a byte window, and whether each is followed.
fn marks_in(app: &App, a: &Article, window: Range<usize>) -> Vec<(Range<usize>, bool)> {
    let mut marks = Vec::new();
    if let Some(Followed::Match { start, end }) = app.article().followed
        && start < window.end
        && end > window.start
    {
        marks.push((start..end, true));
    }
    // `cited_by` is sorted by span start: nothing after the window's end matters.
    let end = a
        .cited_by
        .partition_point(|&c| app.source(c).is_some_and(|s| s.span.start < window.end));
    let followed = app.article().passage();
    marks.extend(a.cited_by[..end].iter().filter_map(|&c| {
        let s = app.source(c)?;
        (s.span.end > window.start).then(|| (s.span.clone(), Some(c) == followed))
    }));
    marks
}

/// One wrapped line, its characters made safe, split where the marks change.
/// What a line of text is drawn with: the cited spans (and whether each is
/// followed), the search hits, the selection.
type Looks<'a> = (
    &'a [(Range<usize>, bool)],
    &'a [Range<usize>],
    Option<&'a Range<usize>>,
);

fn text_line(text: &str, range: Range<usize>, looks: Looks<'_>, theme: &Theme) -> Line<'static> {
    let Some(line) = text.get(range.clone()) else {
        return Line::default();
    };
    // A line wrapped at a soft hyphen ends with it: there, and only there,
    // it shows as a hyphen.
    let hyphen_at = crate::app::wrap::soft_hyphen_end(text, range.clone());
    let on_line = LineLooks::new(looks, &range);
    // The line in pieces of one look each: cut wherever a mark, a hit or
    // the selection begins or ends. Each piece's look is its first byte's.
    let mut cuts = vec![range.start, range.end];
    let ends = on_line
        .marks
        .iter()
        .map(|(m, _)| m)
        .chain(on_line.hits.iter().copied())
        .chain(on_line.selection);
    for r in ends {
        cuts.extend([r.start, r.end].into_iter().filter(|c| range.contains(c)));
    }
    cuts.sort_unstable();
    cuts.dedup();
    if cuts.windows(2).any(|w| text.get(w[0]..w[1]).is_none()) {
        // A cut inside a character (never made by the reader): character by
        // character, each in its own look.
        cuts = line.char_indices().map(|(i, _)| range.start + i).collect();
        cuts.push(range.end);
    }
    let mut runs = Runs::default();
    let mut piece_text = String::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let piece = text.get(a..b).unwrap_or_default();
        let shown_piece: &str = if is_printable_ascii(piece) {
            // Printable ASCII is shown as it is.
            piece
        } else {
            piece_text.clear();
            for (i, c) in piece.char_indices() {
                match shown(c) {
                    Some(c) => piece_text.push(c),
                    None if Some(a + i) == hyphen_at => piece_text.push('-'),
                    None => {}
                }
            }
            &piece_text
        };
        if !shown_piece.is_empty() {
            runs.push(shown_piece, on_line.look_at(a, theme));
        }
    }
    Line::from(runs.spans())
}

/// What a line of text is drawn with, only what touches it: an article's
/// every citation is in the window's marks.
struct LineLooks<'a> {
    marks: Vec<&'a (Range<usize>, bool)>,
    hits: Vec<&'a Range<usize>>,
    selection: Option<&'a Range<usize>>,
    /// Whether the followed passage is itself a search hit.
    followed_is_hit: bool,
}

impl<'a> LineLooks<'a> {
    fn new((marks, hits, selection): Looks<'a>, line: &Range<usize>) -> Self {
        let followed_is_hit = marks.iter().any(|(m, f)| *f && hits.iter().any(|h| h == m));
        let touches = |r: &Range<usize>| r.start < line.end && r.end > line.start;
        LineLooks {
            marks: marks.iter().filter(|(m, _)| touches(m)).collect(),
            hits: hits.iter().filter(|h| touches(h)).collect(),
            selection: selection.filter(|r| touches(r)),
            followed_is_hit,
        }
    }

    /// The look of the character at byte `at`.
    fn look_at(&self, at: usize, theme: &Theme) -> Style {
        let mut s = Style::new();
        for &(span, followed) in &self.marks {
            if span.contains(&at) {
                s = if *followed {
                    theme.followed
                } else {
                    theme.passage
                };
                if *followed {
                    break;
                }
            }
        }
        if self.hits.iter().any(|h| h.contains(&at)) {
            // A hit inside the followed passage has a look of its own; the
            // hit that is itself the highlight stays the highlight.
            s = if s == theme.followed {
                if self.followed_is_hit {
                    s
                } else {
                    theme.matched_followed
                }
            } else {
                s.patch(theme.matched)
            };
        }
        // The selection shows over everything.
        if self.selection.is_some_and(|r| r.contains(&at)) {
            s = theme.selection;
        }
        s
    }
}

fn citer_line(app: &App, c: SourceRef, w: usize, theme: &Theme) -> Line<'static> {
    let followed = app.article().passage() == Some(c);
    let head = super::citer_head(app, c).unwrap_or_default();
    let style = if followed {
        theme.followed
    } else {
        Style::new()
    };
    // Half for who cites, half for the start of the passage, so two sources
    // of one event can be told apart.
    let head = cut(&head, w.saturating_sub(2) / 2, style);
    let used = 2 + dossier_core::text::width(&head.content);
    let quote = app
        .source(c)
        .map(|s| format!(" {}", super::quoted(&s.quote)))
        .unwrap_or_default();
    Line::from(vec![
        Span::raw(if followed { theme::CURSOR } else { " " }),
        Span::raw(" "),
        head,
        super::cut_words(&quote, w.saturating_sub(used), theme.quote),
    ])
}

#[cfg(test)]
mod tests {
    use super::{LineLooks, Looks, Range, Runs, Theme, shown, text_line, title_rows};
    use proptest::prelude::*;
    use ratatui::text::Line;

    /// The line as it was made before it was made by pieces: the look of
    /// every character asked of it. `text_line` must make the same spans.
    fn text_line_by_character(
        text: &str,
        range: Range<usize>,
        looks: Looks<'_>,
        theme: &Theme,
    ) -> Line<'static> {
        let Some(line) = text.get(range.clone()) else {
            return Line::default();
        };
        let hyphen_at = crate::app::wrap::soft_hyphen_end(text, range.clone());
        let on_line = LineLooks::new(looks, &range);
        let mut runs = Runs::default();
        for (i, c) in line.char_indices() {
            let at = range.start + i;
            let c = match shown(c) {
                Some(c) => c,
                None if Some(at) == hyphen_at => '-',
                None => continue,
            };
            runs.push_char(c, on_line.look_at(at, theme));
        }
        Line::from(runs.spans())
    }

    proptest! {
        #[test]
        fn a_line_by_pieces_is_the_line_character_by_character(
            parts in proptest::collection::vec(
                prop::sample::select(vec!["a", "b ", "\u{2019}", "\u{ad}", "\u{200b}", "\t", "\u{4e2d}", "\u{7}", "é"]),
                0..24,
            ),
            start in 0usize..6,
            len in 0usize..60,
            ranges in proptest::collection::vec((0usize..60, 0usize..20, any::<bool>()), 0..5),
            hit_ranges in proptest::collection::vec((0usize..60, 0usize..20), 0..3),
            selected in proptest::option::of((0usize..60, 0usize..30)),
        ) {
            let text = parts.concat();
            // Byte offsets moved back to a character's start, as the reader's are.
            let at = |i: usize| {
                let mut i = i.min(text.len());
                while !text.is_char_boundary(i) {
                    i -= 1;
                }
                i
            };
            let range = at(start)..at(start + len).max(at(start));
            let marks: Vec<(Range<usize>, bool)> = ranges
                .iter()
                .map(|&(s, l, f)| (at(s)..at(s + l).max(at(s)), f))
                .collect();
            let hits: Vec<Range<usize>> = hit_ranges
                .iter()
                .map(|&(s, l)| at(s)..at(s + l).max(at(s)))
                .collect();
            let selection = selected.map(|(s, l)| at(s)..at(s + l).max(at(s)));
            let theme = &crate::ui::theme::DARK;
            let looks: Looks<'_> = (&marks, &hits, selection.as_ref());
            prop_assert_eq!(
                text_line(&text, range.clone(), looks, theme),
                text_line_by_character(&text, range, looks, theme)
            );
        }
    }

    #[test]
    fn a_long_title_breaks_after_the_last_word_that_fits() {
        let t = "Will AI Protections in IATSE’s Deal Be Enough to Calm Fears?";
        assert_eq!(
            title_rows(t, 42),
            (
                "Will AI Protections in IATSE’s Deal Be",
                "Enough to Calm Fears?"
            )
        );
        // A title that fits stays on one row.
        assert_eq!(title_rows("Short title", 11), ("Short title", ""));
        // A word longer than the row is broken inside.
        assert_eq!(
            title_rows("Supercalifragilistic", 5),
            ("Super", "califragilistic")
        );
        // Wide characters count two cells.
        assert_eq!(title_rows("劇場 労働者", 5), ("劇場", "労働者"));
    }
}
