//! The top line (what the dossier is, and its problems) and the bottom line
//! (a breadcrumb of where you are, and key hints drawn from the keymap).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{pad, put_line};
use crate::app::details::Link;
use crate::app::keymap::Mode;
use crate::app::{App, Command, Followed, ListKind, Pane};
use dossier_core::content::{EntityRef, SourceRef};
use dossier_core::text::{count, truncate, width};

pub fn header(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let d = app.dossier();
    let reading = app
        .reading()
        .map(|r| format!("reading the rest: {} · ", r.said()));
    let mut right = format!(
        "{}{} · {} · {} ",
        match &reading {
            Some(r) => r.as_str(),
            None if app.checking() => "checking files for changes · ",
            None => "",
        },
        count(d.events.len(), "event"),
        count(d.issues.len(), "issue"),
        count(d.articles.len(), "article")
    );
    let (e, wn) = app.problem_counts();
    let problems = if e + wn > 0 {
        let mut s = format!("{} ", super::theme::PROBLEMS);
        if e > 0 {
            s.push_str(&count(e, "error"));
        }
        if wn > 0 {
            if e > 0 {
                s.push_str(", ");
            }
            s.push_str(&count(wn, "warning"));
        }
        if reading.is_some() {
            s.push_str(" so far");
        }
        let key = app
            .keymap()
            .primary(Mode::Normal, Command::Problems)
            .unwrap_or_default();
        s.push_str(&format!(" ({key}) "));
        s
    } else {
        String::new()
    };
    // What is new since the last visit, with the key that goes to it.
    // Each count with the mark the lists give it: `● 3 new, ◐ 2 changed (u)`.
    let (new, changed) = (app.marks().new, app.marks().changed);
    let key = app
        .keymap()
        .primary(Mode::Normal, Command::NextNew)
        .map(|k| format!(" ({k})"))
        .unwrap_or_default();
    let (news, changes) = match (new, changed) {
        (0, 0) => (String::new(), String::new()),
        (n, 0) => (
            format!("{} {n} new{key} ", super::theme::NEW),
            String::new(),
        ),
        (0, c) => (
            String::new(),
            format!("{} {c} changed{key} ", super::theme::CHANGED),
        ),
        (n, c) => (
            format!("{} {n} new, ", super::theme::NEW),
            format!("{} {c} changed{key} ", super::theme::CHANGED),
        ),
    };
    let news_len = news.len();
    let changes_len = changes.len();
    let problems = format!("{news}{changes}{problems}");
    let w = usize::from(area.width);
    if width(&right) + width(&problems) + 12 > w {
        // The counts give way; that the files are being compared stays.
        right = if let Some(r) = app.reading() {
            let (read, files) = r.progress();
            format!("reading {read}/{files}… ")
        } else if app.checking() {
            "checking files… ".to_string()
        } else {
            String::new()
        };
    }
    let avail = w.saturating_sub(width(&right) + width(&problems) + 1);
    let title = truncate(&format!(" {}", d.meta.title), avail);
    let mut used = width(&title);
    let mut spans = vec![Span::styled(title, theme.strong)];
    if let Some(sub) = &d.meta.subtitle {
        let sub = truncate(&format!(" — {sub}"), avail.saturating_sub(used));
        used += width(&sub);
        spans.push(Span::styled(sub, theme.dim));
    }
    spans.push(pad(
        used,
        w.saturating_sub(width(&right) + width(&problems)),
    ));
    let (news, rest) = problems.split_at(news_len);
    let (changes, problems) = rest.split_at(changes_len);
    spans.push(Span::styled(news.to_string(), theme.new));
    spans.push(Span::styled(changes.to_string(), theme.changed));
    spans.push(Span::styled(problems.to_string(), theme.error));
    spans.push(Span::styled(right, theme.dim));
    put_line(buf, area, 0, Line::from(spans).style(theme.bar));
}

pub fn footer(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let w = usize::from(area.width);
    // The search's place (`/wages 3/17`) stays beside any notice.
    let found = search_position(app)
        .map(|p| truncate(&format!(" {p} "), w / 3))
        .unwrap_or_default();
    let found_w = width(&found);
    // A notice too long for the line wraps: its first lines go on rows
    // above the footer, over the panes' bottom, its last on the footer.
    // It is never cut: the hints give way to its last line.
    let wrapped;
    let mut notice = app.notice();
    let notice_w = w.saturating_sub(2 + found_w).max(8);
    if let Some(n) = notice.filter(|n| width(n) > notice_w) {
        wrapped = crate::app::wrap::wrap_lines(n, notice_w);
        let above = wrapped
            .len()
            .saturating_sub(1)
            .min(usize::from(area.y.saturating_sub(1)));
        let skip = wrapped.len() - 1 - above;
        for (i, line) in wrapped.iter().skip(skip).take(above).enumerate() {
            let row = Rect {
                y: area.y - (above - i) as u16,
                ..area
            };
            put_line(
                buf,
                row,
                0,
                Line::from(vec![
                    Span::styled(format!(" {line}"), theme.warning),
                    pad(width(line) + 1, w),
                ])
                .style(theme.bar),
            );
        }
        notice = wrapped.last().map(String::as_str);
    }
    let mut hints = crate::app::hints::hints(app, app.keymap());
    let hint_w = |h: &[(String, &str)]| {
        h.iter()
            .map(|(k, l)| width(k) + width(l) + 3)
            .sum::<usize>()
    };
    // Help and quit go last; the pane's own keys before them go first.
    // A notice is read once: it may push hints out.
    let wanted = notice.map_or(0, |n| width(n) + 2 + found_w).max(w * 2 / 5);
    while !hints.is_empty() && hint_w(&hints) + wanted > w {
        let at = hints.len().saturating_sub(3);
        hints.remove(at);
    }
    let room = w.saturating_sub(hint_w(&hints) + width(&found) + 1);
    let (crumb, style) = match &notice {
        Some(notice) => (truncate(&format!(" {notice}"), room), theme.warning),
        None => (
            truncate(&format!(" {}", breadcrumb(app).join(" › ")), room),
            theme.strong,
        ),
    };
    let used = width(&crumb) + width(&found);
    let mut spans = vec![Span::styled(crumb, style), Span::styled(found, theme.key)];
    spans.push(pad(used, w.saturating_sub(hint_w(&hints))));
    for (key, label) in hints {
        spans.push(Span::styled(key, theme.key));
        spans.push(Span::styled(format!(" {label}  "), theme.dim));
    }
    put_line(buf, area, 0, Line::from(spans).style(theme.bar));
}

/// The last search and the hit `n`/`N` are at: `/wages 3/17`.
pub fn search_position(app: &App) -> Option<String> {
    let s = &app.find().search;
    let at = s.current?;
    let more = if app.reading().is_some() {
        " (partial)"
    } else if s.search.is_done() {
        ""
    } else {
        "+"
    };
    Some(format!(
        "/{} {}/{}{more}",
        dossier_core::text::sanitize_line(s.query()),
        at + 1,
        s.hits().len()
    ))
}

/// Where the reader is, from the list down to the passage.
pub fn breadcrumb(app: &App) -> Vec<String> {
    let d = app.dossier();
    let title = |e: EntityRef| -> String { truncate(d.title(e).unwrap_or(""), 36) };
    let source = |c: SourceRef| -> Vec<String> {
        let n = c.number();
        let who = app
            .source(c)
            .and_then(|s| d.articles.get(s.article.0))
            .map(|a| truncate(a.outlet.as_deref().unwrap_or(&a.title), 24))
            .unwrap_or_default();
        vec![format!("source {n}"), who]
    };
    let owner = SourceRef::owner;
    let mut crumbs = vec![app.nav().kind().name().to_string()];
    let entity = app.selected_entity();
    if let Some(e) = entity {
        crumbs.push(title(e));
    }
    match app.focus() {
        Pane::List => {}
        Pane::Details => match app.details().selected_link().map(|l| l.link) {
            Some(Link::Source(c)) => crumbs.extend(source(c)),
            Some(Link::Citer(c)) => {
                crumbs.push("cited by".into());
                crumbs.push(title(owner(c)));
            }
            Some(Link::Event(e)) => {
                crumbs.push("event".into());
                crumbs.push(title(EntityRef::Event(e)));
            }
            Some(Link::Issue(i)) => {
                crumbs.push("issue".into());
                crumbs.push(title(EntityRef::Issue(i)));
            }
            Some(Link::Article(a)) => {
                crumbs.push("article".into());
                crumbs.push(title(EntityRef::Article(a)));
            }
            None => {}
        },
        Pane::Article => match app.article().followed {
            Some(Followed::Passage(c)) if Some(owner(c)) == entity => crumbs.extend(source(c)),
            followed => {
                if app.nav().kind() != ListKind::Articles
                    || entity.map(
                        |e| matches!(e, EntityRef::Article(a) if Some(a) == app.article().shown),
                    ) != Some(true)
                {
                    crumbs = vec!["Article".into()];
                    if let Some(a) = app.article().shown {
                        crumbs.push(title(EntityRef::Article(a)));
                    }
                }
                match followed {
                    Some(Followed::Passage(c)) => {
                        crumbs.push(format!("passage cited by {}", title(owner(c))));
                    }
                    Some(Followed::Match { .. }) => {
                        crumbs.extend(app.highlight_name().map(str::to_string));
                    }
                    None => {}
                }
            }
        },
    }
    crumbs
}
