//! The search and go-to overlays, drawn over the left pane so the other two
//! panes can preview the selection: a query line, a rule, then the rows in view.

use std::ops::Range;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::theme::{self, Theme};
use super::{cut, pad, put_line, style_row};
use crate::app::find::HitRow;
use crate::app::{App, Prompt, layout};
use dossier_core::content::EntityRef;
use dossier_core::picker::PickField;
use dossier_core::search::{HitIn, HitKind};
use dossier_core::text::{char_width, count, shown, truncate, width};

/// What a prompt's frame shows: its title, the query after its sigil, the
/// prompt's own state before the keys at the bottom, and which prompt it is.
struct Head<'a> {
    title: Vec<Span<'static>>,
    sigil: &'a str,
    query: &'a str,
    first: Vec<(String, String)>,
    search: bool,
    /// Said at the right of the query line, room permitting.
    note: Option<&'a str>,
}

/// The overlay's frame, its query line and rule; returns the list's area.
fn frame(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme, head: Head) -> Rect {
    let Head {
        title,
        sigil,
        query,
        first,
        search,
        note,
    } = head;
    Clear.render(area, buf);
    // From the keymap: a key taken out of it leaves the frame too. The
    // prompt's own state (`Tab words: off`) comes first and always shows.
    let hints: Vec<(String, String)> = first
        .into_iter()
        .chain(
            app.keymap()
                .prompt_hints_for(search)
                .into_iter()
                .map(|(k, w)| (k, w.to_string())),
        )
        .collect();
    let spell = |hints: &[(String, String)]| {
        let parts: Vec<String> = hints
            .iter()
            .map(|(k, w)| {
                if w.is_empty() {
                    k.clone()
                } else {
                    format!("{k} {w}")
                }
            })
            .collect();
        format!(" {} ", parts.join(" · "))
    };
    let room = usize::from(area.width.saturating_sub(2));
    let mut shown_hints = hints.clone();
    if width(&spell(&shown_hints)) > room {
        // Narrow: the selection keys go without their word.
        for (_, w) in &mut shown_hints {
            if w == "select" {
                w.clear();
            }
        }
    }
    // Still too wide: the last hints go (the footer shows them too).
    while shown_hints.len() > 1 && width(&spell(&shown_hints)) > room {
        shown_hints.pop();
    }
    let hint = spell(&shown_hints);
    let block = Block::bordered()
        .border_type(BorderType::Thick)
        .border_style(theme.border_focused)
        .title(Line::from(title))
        .title_bottom(Line::styled(
            truncate(&hint, usize::from(area.width.saturating_sub(2))),
            theme.dim,
        ));
    let inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width);
    // The end of a long query stays in view, where the typing happens.
    let room = w.saturating_sub(width(sigil) + 3);
    let mut shown: String = query.chars().filter_map(shown).collect();
    while width(&shown) > room {
        shown.remove(0);
    }
    let used = width(sigil) + 3 + width(&shown);
    let mut line = vec![
        Span::styled(format!(" {sigil} "), theme.key),
        Span::styled(shown, theme.strong),
        Span::styled("▏", theme.key),
    ];
    // How the query matches, at the right of it when there is room.
    if let Some(note) = note.filter(|n| used + width(n) + 2 <= w) {
        line.push(pad(used, w.saturating_sub(width(note) + 1)));
        line.push(Span::styled(note.to_string(), theme.dim));
    }
    put_line(buf, inner, 0, Line::from(line));
    put_line(buf, inner, 1, Line::styled("─".repeat(w), theme.border));
    layout::prompt_list(area)
}

/// The first of `words` that fits after `title` on the top border of a
/// prompt's box of `area` (its corners take two columns).
fn fitting<'w>(title: &[Span], area: Rect, words: &[&'w str]) -> Option<&'w str> {
    let used: usize = title.iter().map(|s| width(&s.content)).sum();
    let room = usize::from(area.width).saturating_sub(used + 2);
    words.iter().copied().find(|w| width(w) <= room)
}

pub fn search(app: &App, prompt: &Prompt, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = &app.find().search;
    let hits = s.hits();
    let mut title = vec![Span::styled(" Search ", theme.pane_title)];
    let count = match (hits.len(), s.search.is_done(), s.search.is_truncated()) {
        (_, _, true) => format!("· first {} ", count(hits.len(), "hit")),
        (n, false, _) => format!("· {} so far… ", count(n, "hit")),
        (0, true, _) if s.query().is_empty() => "· type to search ".into(),
        (n, true, _) => format!("· {} ", count(n, "hit")),
    };
    title.push(Span::styled(count, theme.dim));
    // A preview's texts are not all read: the hits come again once they are.
    // Said first, as short as it can be: the prompt may be narrow.
    if app.reading().is_some() {
        let said =
            fitting(&title, area, &["· partial until read ", "· partial "]).unwrap_or("· partial ");
        title.push(Span::styled(said, theme.warning));
    }
    let keys = app.keymap();
    let mode = crate::app::keymap::Mode::Prompt;
    let mut first = Vec::new();
    if let Some(k) = keys.primary(mode, crate::app::Command::ToggleWords) {
        let on = if s.words { "on" } else { "off" };
        first.push((k, format!("words: {on}")));
    }
    first.extend(
        keys.search_hints()
            .into_iter()
            .map(|(k, w)| (k, w.to_string())),
    );
    let head = Head {
        title,
        sigil: "/",
        query: s.query(),
        first,
        search: true,
        note: s.search.case_sensitive().then_some("exact case"),
    };
    let list = frame(app, area, buf, theme, head);
    let w = usize::from(list.width);
    if hits.is_empty() {
        let words_key = app
            .keymap()
            .primary(crate::app::Mode::Prompt, crate::app::Command::ToggleWords)
            .unwrap_or_default();
        let no_hits = format!("No hits (whole words: {words_key} for any part of a word)");
        let text = if s.query().is_empty() {
            "Every text: titles, summaries, statuses, positions, disputes, date notes, notes, the description, articles"
        } else if s.search.is_done() {
            if s.words { no_hits.as_str() } else { "No hits" }
        } else {
            "Searching…"
        };
        put_line(buf, list, 0, Line::from(cut(text, w, theme.dim)));
        return;
    }
    let h = usize::from(list.height);
    let d = app.dossier();
    let end = s.rows.len().min(prompt.offset + h);
    let in_view = &s.rows[prompt.offset.min(end)..end];
    // The events' dates in a column, as in the go-to list.
    let avail = w.saturating_sub(1);
    let cap = (avail / if avail >= 60 { 4 } else { 5 }).min(20);
    let dw = in_view
        .iter()
        .filter_map(|r| match r {
            HitRow::Entity(HitIn::Entity(EntityRef::Event(i))) => d.events.get(i.0),
            _ => None,
        })
        .map(|e| width(&App::fit_date(e, app.facts().common_year, cap)))
        .max()
        .unwrap_or(0);
    for (y, row) in in_view.iter().enumerate() {
        let y = y as u16;
        match *row {
            HitRow::Heading(kind) => {
                let name = match kind {
                    HitKind::Dossier => "This dossier",
                    HitKind::Event => "Events",
                    HitKind::Issue => "Issues",
                    HitKind::Article => "Articles",
                };
                let n = s.search.group(kind).len();
                put_line(
                    buf,
                    list,
                    y,
                    Line::styled(format!("{name} ({n})"), theme.heading),
                );
            }
            HitRow::Entity(e) => {
                let line = entity_line(app, e, (w.saturating_sub(1), dw), theme);
                let mut spans = vec![Span::raw(" ")];
                spans.extend(line);
                put_line(buf, list, y, Line::from(spans));
            }
            HitRow::Hit(n) => {
                let Some(hit) = hits.get(n) else {
                    continue;
                };
                let selected = n == prompt.selected;
                let snip = hit.snippet(d);
                let avail = w.saturating_sub(4);
                let (text, mark) = fit(&snip.text, snip.highlight.clone(), avail);
                let mut spans = vec![Span::raw(if selected {
                    format!("{}   ", theme::CURSOR)
                } else {
                    "    ".into()
                })];
                let style = match_style(theme, selected);
                spans.extend(marked(&text, |at, _| mark.contains(&at), avail, style));
                if selected {
                    style_row(buf, list, y, theme.selected_focused);
                }
                put_line(buf, list, y, Line::from(spans));
            }
        }
    }
}

/// An entity as a search group's line: date (in a column `dw` wide), mark
/// and title; or a title; or outlet and title; or, for the dossier's own
/// text, its description.
fn entity_line(
    app: &App,
    place: HitIn,
    (w, dw): (usize, usize),
    theme: &Theme,
) -> Vec<Span<'static>> {
    let d = app.dossier();
    let HitIn::Entity(e) = place else {
        return vec![cut("Description", w, theme.strong)];
    };
    match e {
        EntityRef::Event(i) => d.events.get(i.0).map_or_else(Vec::new, |e| {
            let date = App::fit_date(e, app.facts().common_year, dw);
            let used = dw + 3;
            vec![
                Span::styled(date.clone(), theme.dim),
                pad(width(&date), dw),
                Span::raw(format!(" {} ", theme::glyph(e.kind))),
                cut(&e.title, w.saturating_sub(used), theme.strong),
            ]
        }),
        EntityRef::Issue(i) => d
            .issues
            .get(i.0)
            .map_or_else(Vec::new, |x| vec![cut(&x.title, w, theme.strong)]),
        EntityRef::Article(i) => d
            .articles
            .get(i.0)
            .map_or_else(Vec::new, |a| match &a.outlet {
                Some(o) => {
                    let o = truncate(o, 16);
                    let used = width(&o) + 3;
                    vec![
                        Span::styled(o, theme.dim),
                        Span::styled(" · ", theme.dim),
                        cut(&a.title, w.saturating_sub(used), theme.strong),
                    ]
                }
                None => vec![cut(&a.title, w, theme.strong)],
            }),
    }
}

/// The matched characters' style; on the selection bar, attributes only so
/// the bar's colours stay readable.
fn match_style(theme: &Theme, selected: bool) -> Style {
    if selected {
        Style::new().add_modifier(theme.matched.add_modifier)
    } else {
        theme.matched
    }
}

/// Cuts a snippet's start, if needed, so the match and a little of what
/// follows fit in `avail` cells. Returns the text and the match's new range.
pub fn fit(text: &str, mark: Range<usize>, avail: usize) -> (String, Range<usize>) {
    let before = text.get(..mark.start).unwrap_or("");
    let matched = text.get(mark.clone()).unwrap_or("");
    let after = text.get(mark.end..).unwrap_or("");
    let want_after = width(after).min(8);
    if width(before) + width(matched) + want_after <= avail {
        return (text.to_owned(), mark);
    }
    let room = avail.saturating_sub(width(matched) + want_after + 1);
    let mut keep = before.len();
    let mut used = 0;
    for (i, c) in before.char_indices().rev() {
        used += char_width(c);
        if used > room {
            break;
        }
        keep = i;
    }
    let mut out = String::from("…");
    out.push_str(before.get(keep..).unwrap_or("").trim_start());
    let start = out.len();
    out.push_str(matched);
    let end = out.len();
    out.push_str(after);
    (out, start..end)
}

/// Sanitised text in `w` cells, the characters `is_hit(byte, char_index)`
/// in the `mark` style, cut with `…` when too long.
fn marked(
    text: &str,
    is_hit: impl Fn(usize, usize) -> bool,
    w: usize,
    mark: Style,
) -> Vec<Span<'static>> {
    let total = width(text);
    let budget = if total > w { w.saturating_sub(1) } else { w };
    let mut runs = super::Runs::default();
    let mut used = 0;
    for (n, (at, c)) in text.char_indices().enumerate() {
        let Some(c) = shown(c) else {
            continue;
        };
        let cw = char_width(c);
        if used + cw > budget {
            break;
        }
        used += cw;
        runs.push_char(c, if is_hit(at, n) { mark } else { Style::new() });
    }
    let mut spans = runs.spans();
    if total > w && w > 0 {
        spans.push(Span::raw("…"));
    }
    spans
}

pub fn goto(app: &App, prompt: &Prompt, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let g = &app.find().goto;
    let picks = g.picks();
    let d = app.dossier();
    let total = d.events.len() + d.issues.len() + d.articles.len();
    let mut title = vec![
        Span::styled(" Go to ", theme.pane_title),
        Span::styled(format!("· {}/{} ", picks.len(), total), theme.dim),
    ];
    // While the rest of a preview is read, an entry listed may be one the
    // whole dossier leaves out: the picks are found again once it comes.
    if app.reading().is_some()
        && let Some(said) = fitting(&title, area, &["· partial "])
    {
        title.push(Span::styled(said, theme.warning));
    }
    let head = Head {
        title,
        sigil: ":",
        query: &g.query,
        first: Vec::new(),
        search: false,
        note: None,
    };
    let list = frame(app, area, buf, theme, head);
    let w = usize::from(list.width);
    if picks.is_empty() {
        put_line(
            buf,
            list,
            0,
            Line::from(cut("Nothing matches", w, theme.dim)),
        );
        return;
    }
    let h = usize::from(list.height);
    let end = picks.len().min(prompt.offset + h);
    let in_view = picks.get(prompt.offset.min(end)..end).unwrap_or(&[]);
    let avail = w.saturating_sub(3);
    // The events' dates in a column, in the timeline's forms: the longest
    // form that fits a quarter of the row (a fifth, narrow).
    let cy = app.facts().common_year;
    let cap = (avail / if avail >= 60 { 4 } else { 5 }).min(20);
    let date = |pick: &dossier_core::picker::Pick| match pick.entity {
        EntityRef::Event(i) => d.events.get(i.0).map(|e| App::fit_date(e, cy, cap)),
        _ => None,
    };
    let dw = in_view
        .iter()
        .filter_map(|p| date(p).map(|d| width(&d)))
        .max()
        .unwrap_or(0);
    for (y, (n, pick)) in picks
        .iter()
        .enumerate()
        .take(end)
        .skip(prompt.offset.min(end))
        .enumerate()
    {
        let y = y as u16;
        let selected = n == prompt.selected && prompt.chosen(&app.find().goto.query);
        let entry = match pick.entity {
            EntityRef::Event(i) => d
                .events
                .get(i.0)
                .map(|e| (theme::glyph(e.kind), &e.title, &e.id)),
            EntityRef::Issue(i) => d.issues.get(i.0).map(|x| ("§", &x.title, &x.id)),
            EntityRef::Article(i) => d.articles.get(i.0).map(|a| ("¶", &a.title, &a.id)),
        };
        let Some((mark, title, id)) = entry else {
            continue;
        };
        let hit = |field: PickField| {
            move |_: usize, ch: usize| {
                pick.field == field && pick.indices.binary_search(&(ch as u32)).is_ok()
            }
        };
        let date_w = if dw > 0 { dw + 1 } else { 0 };
        // The id at the right when it matched (in half the row), or when
        // it fits whole beside the whole title: the title never gives way.
        let free = avail.saturating_sub(date_w + width(title) + 2);
        let id_w = if pick.field == PickField::Id {
            width(id).min(avail / 2)
        } else if free >= width(id) {
            width(id)
        } else {
            0
        };
        let gap = if id_w > 0 { 2 } else { 0 };
        let title_w = avail.saturating_sub(date_w + id_w + gap);
        let style = match_style(theme, selected);
        let title_spans = marked(title, hit(PickField::Title), title_w, style);
        let used: usize = title_spans.iter().map(|s| width(&s.content)).sum();
        let mut spans = vec![
            Span::raw(if selected { theme::CURSOR } else { " " }),
            Span::raw(mark),
            Span::raw(" "),
        ];
        if dw > 0 {
            let shown = date(pick).unwrap_or_default();
            let dl = width(&shown);
            spans.push(Span::styled(shown, theme.dim));
            spans.push(pad(dl, dw + 1));
        }
        spans.extend(title_spans);
        if id_w > 0 {
            spans.push(pad(used, title_w + gap));
            spans.extend(
                marked(id, hit(PickField::Id), id_w, style)
                    .into_iter()
                    .map(|s| {
                        if s.style == Style::new() {
                            s.style(theme.dim)
                        } else {
                            s
                        }
                    }),
            );
        }
        if selected {
            style_row(buf, list, y, theme.selected_focused);
        }
        put_line(buf, list, y, Line::from(spans));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_keeps_the_match_in_view() {
        let text = "…one two three four five six seven eight MATCH nine ten…";
        let at = text.find("MATCH").unwrap_or(0);
        let (out, mark) = fit(text, at..at + 5, 24);
        assert_eq!(&out[mark.clone()], "MATCH");
        assert!(width(&out[..mark.end]) <= 24 - 8, "{out}");
        assert!(out.starts_with('…'));
        // Room enough: unchanged.
        let (same, _) = fit(text, at..at + 5, 80);
        assert_eq!(same, text);
    }
}
