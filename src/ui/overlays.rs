//! The boxes drawn over the panes: the help (generated from the keymap),
//! the dossier's problems as `check` prints them, the pins, the "about"
//! overlay, the chooser of who cites a passage, and the copied block.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Widget};

use super::theme::{self, Theme};
use super::{cut, pad, put_line};
use crate::app::App;
use crate::app::overlay::{HELP_KEYS, HELP_WIDTH, HelpRow};
use crate::app::wrap::wrap_lines;
use dossier_core::content::Severity;
use dossier_core::text::width;

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
    let keys = app.keymap();
    let hint = |m: crate::app::keymap::Mode, c: &[crate::app::Command]| {
        keys.hint(m, c).unwrap_or_default()
    };
    use crate::app::Command as C;
    use crate::app::keymap::Mode as M;
    let find = app.help_find();
    let foot = if find.typing {
        format!(
            " /{}▏ {} done · {} cancel ",
            dossier_core::text::sanitize_line(&find.query),
            hint(M::Prompt, &[C::Follow]),
            hint(M::Prompt, &[C::Close]),
        )
    } else if !find.query.is_empty() {
        format!(
            " /{} · {} next · {} close ",
            dossier_core::text::sanitize_line(&find.query),
            hint(M::Overlay, &[C::NextHit, C::PrevHit]),
            hint(M::Overlay, &[C::Close]),
        )
    } else {
        format!(
            " {} scroll · {} find · {} close ",
            hint(M::Overlay, &[C::Down, C::Up]),
            hint(M::Normal, &[C::Search]),
            hint(M::Overlay, &[C::Close]),
        )
    };
    let mut block = frame(" Help ", &foot, theme);
    // Where it is in the help, as the panes say it.
    let page = usize::from(r.height.saturating_sub(2));
    if rows.len() > page && page > 0 {
        let p = crate::app::ScrollPosition {
            top: scroll,
            len: rows.len(),
            height: page,
        };
        block =
            block.title_bottom(Line::styled(format!(" {} ", p.label()), theme.dim).right_aligned());
    }
    let inner = block.inner(r);
    block.render(r, buf);
    let keys_w = HELP_KEYS.min(usize::from(inner.width) / 2).max(2);
    let h = usize::from(inner.height);
    let query = find.query.to_lowercase();
    // A row's words with the query marked, as search hits are.
    let marked = |t: &str, base: ratatui::style::Style| -> Vec<Span<'static>> {
        let lower = t.to_lowercase();
        if query.is_empty() || lower.len() != t.len() {
            return vec![Span::styled(t.to_string(), base)];
        }
        let mut out = Vec::new();
        let mut at = 0;
        for (i, _) in lower.match_indices(&query) {
            if i < at {
                continue;
            }
            out.push(Span::styled(t[at..i].to_string(), base));
            out.push(Span::styled(
                t[i..i + query.len()].to_string(),
                base.patch(theme.matched),
            ));
            at = i + query.len();
        }
        out.push(Span::styled(t[at..].to_string(), base));
        out
    };
    // The state keeps the scroll within the page (`App::overlay_page`).
    for (n, row) in rows.iter().skip(scroll).take(h).enumerate() {
        let l = match row {
            HelpRow::Heading(t) => Line::from(marked(t, theme.heading)),
            HelpRow::Keys { keys, what } => {
                let mut spans = vec![Span::raw(" ")];
                spans.extend(marked(keys, theme.key));
                spans.push(pad(width(keys) + 1, keys_w));
                spans.extend(marked(what, ratatui::style::Style::new()));
                Line::from(spans)
            }
            HelpRow::Kind(k) => Line::from(vec![
                Span::raw(" "),
                Span::raw(theme::glyph(*k)),
                pad(2, keys_w),
                Span::raw(k.name()),
            ]),
            HelpRow::Text(t) => {
                let mut spans = vec![Span::raw(" ")];
                spans.extend(marked(t, theme.dim));
                Line::from(spans)
            }
            HelpRow::Blank => Line::default(),
        };
        put_line(buf, inner, n as u16, l);
    }
}

pub fn problems(app: &App, scroll: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let rows = app.problem_lines();
    let reading = app.reading();
    // While the rest is read: a line that says none is found yet.
    let shown = rows.len().max(usize::from(reading.is_some()));
    let r = boxed(
        area,
        area.width.saturating_sub(4),
        u16::try_from(shown).unwrap_or(u16::MAX).saturating_add(2),
    );
    Clear.render(r, buf);
    let title = match reading {
        Some(r) => format!(
            " Problems found so far: {} · {} ",
            app.problems().len(),
            r.said()
        ),
        None => format!(" Problems: {} ", app.problems().len()),
    };
    let hint = format!(
        " {} scroll · {} close ",
        app.keymap()
            .hint(
                crate::app::Mode::Overlay,
                &[crate::app::Command::Down, crate::app::Command::Up]
            )
            .unwrap_or_default(),
        overlay_key(app, crate::app::Command::Close)
    );
    let block = frame(&title, &hint, theme);
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
    if rows.is_empty() && reading.is_some() {
        let none = "None yet: a file's own problems show as it is read, the rest at the end";
        put_line(buf, inner, 0, Line::styled(none, theme.dim));
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
    let key = |c| overlay_key(app, c);
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
            head_line(buf, inner, row, line, (i == selected, n == 0), theme);
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
fn pin_lines(d: &dossier_core::content::Dossier, pin: &crate::state::Bookmark) -> (String, String) {
    use crate::state::{Bookmark, EntryKind};
    let title = |id: &crate::state::EntryId| -> Option<String> {
        Some(match id.find(d)? {
            dossier_core::content::EntityRef::Event(e) => d.events.get(e.0)?.title.clone(),
            dossier_core::content::EntityRef::Issue(i) => {
                format!("Issue: {}", d.issues.get(i.0)?.title)
            }
            dossier_core::content::EntityRef::Article(a) => {
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
            let text = dossier_core::text::sanitize_line(quote).into_owned();
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

/// What the dossier says about itself, wrapped to the box.
pub fn about(app: &App, scroll: usize, area: Rect, buf: &mut Buffer, theme: &Theme) {
    use crate::app::about::{self, Role};
    let lines = about::lines(app, about::text_width(area));
    let r = about::area(area, lines.len());
    Clear.render(r, buf);
    let keys = app.keymap();
    let hint = |c: &[crate::app::Command]| {
        keys.hint(crate::app::keymap::Mode::Overlay, c)
            .unwrap_or_default()
    };
    let foot = format!(
        " {} link or scroll · {} follow · {} close ",
        hint(&[crate::app::Command::Down, crate::app::Command::Up]),
        hint(&[crate::app::Command::Follow]),
        hint(&[crate::app::Command::Close]),
    );
    let mut block = frame(" About this dossier ", &foot, theme);
    // Longer than the box: where it is, as the panes say it.
    let rows = usize::from(r.height.saturating_sub(2));
    if lines.len() > rows && rows > 0 {
        let p = crate::app::ScrollPosition {
            top: scroll,
            len: lines.len(),
            height: rows,
        };
        block =
            block.title_bottom(Line::styled(format!(" {} ", p.label()), theme.dim).right_aligned());
    }
    let inner = block.inner(r);
    block.render(r, buf);
    let w = usize::from(inner.width);
    let h = usize::from(inner.height);
    for (n, line) in lines.iter().skip(scroll).take(h).enumerate() {
        let style = match line.role {
            Role::Title => theme.strong,
            Role::Meta => theme.dim,
            Role::Heading => theme.heading,
            Role::Body => ratatui::style::Style::new(),
        };
        let shown = cut(&line.text, w, style);
        let text = shown.content.to_string();
        // The search's matches, marked as in the panes.
        let search = &app.find().search;
        let found = match search.marker() {
            Some(m) if line.role == Role::Body => {
                dossier_core::search::find_in(&text, &m.query, m.options)
            }
            _ => Vec::new(),
        };
        // Each byte's style: a link (the selected one as a selection),
        // then a search match over it.
        let style_at = |i: usize| {
            let mut s = style;
            if let Some((_, k)) = line.links.iter().find(|(r, _)| r.contains(&i)) {
                s = if app.about_link() == Some(*k) {
                    theme.selected_focused
                } else {
                    theme.link
                };
            }
            if found.iter().any(|r| r.contains(&i)) {
                s = s.patch(theme.matched);
            }
            s
        };
        let mut runs = super::Runs::default();
        for (i, c) in text.char_indices() {
            runs.push_char(c, style_at(i));
        }
        put_line(buf, inner, n as u16, Line::from(runs.spans()));
    }
}

/// The entries that cite one passage: Enter goes to the one selected.
pub fn citers(
    app: &App,
    passage: usize,
    selected: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let Some(p) = app.passages().get(passage) else {
        return;
    };
    let entries = p.entries();
    // Lines wrap inside the box: the passage (its first rows, up to a third
    // of the box), then each entry, as many rows as it needs.
    let w = usize::from(boxed(area, 76, area.height).width.saturating_sub(2)).max(8);
    let quote = app
        .article()
        .shown
        .and_then(|a| app.dossier().articles.get(a.0))
        .and_then(|a| a.text.get(p.span.clone()))
        .map(|t| super::quoted(&dossier_core::text::sanitize_line(t)))
        .unwrap_or_default();
    let quote = wrap_lines(&quote, w);
    let heads: Vec<Vec<String>> = entries
        .iter()
        .map(|&c| {
            wrap_lines(
                &super::citer_head(app, c).unwrap_or_default(),
                w.saturating_sub(2).max(8),
            )
        })
        .collect();
    let want = quote.len() + 1 + heads.iter().map(Vec::len).sum::<usize>();
    let r = boxed(
        area,
        76,
        u16::try_from(want).unwrap_or(u16::MAX).saturating_add(2),
    );
    Clear.render(r, buf);
    let key = |c| overlay_key(app, c);
    let hint = format!(
        " {} go · {} cancel ",
        key(crate::app::Command::Follow),
        key(crate::app::Command::Close)
    );
    let title = format!(
        " Cited by {}: go to which? ",
        dossier_core::text::count_as(entries.len(), "entry", "entries")
    );
    let block = frame(&title, &hint, theme);
    let inner = block.inner(r);
    block.render(r, buf);
    let h = usize::from(inner.height);
    let quote_rows = quote.len().min((h / 3).max(1));
    for (n, line) in quote.iter().take(quote_rows).enumerate() {
        put_line(
            buf,
            inner,
            n as u16,
            Line::styled(line.clone(), theme.quote),
        );
    }
    let list = Rect {
        y: inner.y.saturating_add(quote_rows as u16 + 1),
        height: inner.height.saturating_sub(quote_rows as u16 + 1),
        ..inner
    };
    // The selected entry stays in view: the first shown is the earliest
    // from which it still fits.
    let room = usize::from(list.height);
    let mut first = selected.min(heads.len().saturating_sub(1));
    let mut used = heads.get(first).map_or(0, Vec::len);
    while first > 0 && used + heads[first - 1].len() <= room {
        used += heads[first - 1].len();
        first -= 1;
    }
    let mut row = 0u16;
    for (i, head) in heads.iter().enumerate().skip(first) {
        for (n, line) in head.iter().enumerate() {
            if usize::from(row) >= room {
                return;
            }
            head_line(buf, list, row, line, (i == selected, n == 0), theme);
            row = row.saturating_add(1);
        }
    }
}

/// One line of an entry's head in an overlay's list: the cursor on the
/// selected entry's first line, and the selection's colour on all of them.
fn head_line(
    buf: &mut Buffer,
    area: Rect,
    row: u16,
    line: &str,
    (selected, first): (bool, bool),
    theme: &Theme,
) {
    let marker = if selected && first {
        theme::CURSOR
    } else {
        " "
    };
    put_line(
        buf,
        area,
        row,
        Line::from(vec![
            Span::raw(marker),
            Span::raw(" "),
            Span::styled(line.to_string(), theme.strong),
        ]),
    );
    if selected {
        super::style_row(buf, area, row, theme.selected_focused);
    }
}

/// The first key of `command` in the overlays, as hints spell it.
fn overlay_key(app: &App, command: crate::app::Command) -> String {
    app.keymap()
        .primary(crate::app::Mode::Overlay, command)
        .unwrap_or_default()
}

/// The `[[sources]]` block citing the selection, as it was copied: shown so
/// that it can be read, and copied by hand where the terminal refused it.
pub fn cite(app: &App, block: &str, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let lines: Vec<&str> = block.lines().collect();
    let widest = lines.iter().map(|l| width(l)).max().unwrap_or(0);
    let w = u16::try_from(widest + 4).unwrap_or(u16::MAX).max(40);
    let h = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX);
    let r = boxed(area, w, h);
    Clear.render(r, buf);
    let hint = format!(" {} close ", overlay_key(app, crate::app::Command::Close));
    let block_frame = frame(" Copied: paste it into an event or issue ", &hint, theme);
    let inner = block_frame.inner(r);
    block_frame.render(r, buf);
    let iw = usize::from(inner.width);
    for (row, line) in lines.iter().enumerate().take(usize::from(inner.height)) {
        let row = u16::try_from(row).unwrap_or(u16::MAX);
        put_line(buf, inner, row, Line::from(cut(line, iw, theme.quote)));
    }
}
