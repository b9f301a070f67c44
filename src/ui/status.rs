//! The top line (what the dossier is, and its problems) and the bottom line
//! (a breadcrumb of where you are, and key hints drawn from the keymap).

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use super::{pad, put_line};
use crate::app::details::Link;
use crate::app::keymap::{Mode, primary};
use crate::app::{Action, App, Followed, ListKind, Pane};
use crate::content::{Citer, EntityRef};
use crate::text::{truncate, width};

pub fn header(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let d = &app.dossier;
    let mut right = format!(
        "{} events · {} issues · {} articles ",
        d.events.len(),
        d.issues.len(),
        d.articles.len()
    );
    let (e, wn) = (app.facts.errors, app.facts.warnings);
    let problems = if e + wn > 0 {
        let mut s = String::from("⚠ ");
        if e > 0 {
            s.push_str(&format!("{e} error{}", if e == 1 { "" } else { "s" }));
        }
        if wn > 0 {
            if e > 0 {
                s.push_str(", ");
            }
            s.push_str(&format!("{wn} warning{}", if wn == 1 { "" } else { "s" }));
        }
        let key = primary(Mode::Normal, Action::Problems).unwrap_or_default();
        s.push_str(&format!(" ({key}) "));
        s
    } else {
        String::new()
    };
    let w = usize::from(area.width);
    if width(&right) + width(&problems) + 12 > w {
        right.clear();
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
    spans.push(Span::styled(problems, theme.error));
    spans.push(Span::styled(right, theme.dim));
    put_line(buf, area, 0, Line::from(spans).style(theme.bar));
}

pub fn footer(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let w = usize::from(area.width);
    let mut hints = hints(app);
    let hint_w = |h: &[(String, &str)]| {
        h.iter()
            .map(|(k, l)| width(k) + width(l) + 3)
            .sum::<usize>()
    };
    // Help and quit go last; the pane's own keys before them go first.
    // A notice is read once: it may push hints out.
    let wanted = app
        .notice
        .as_deref()
        .map_or(0, |n| width(n) + 2)
        .max(w * 2 / 5);
    while !hints.is_empty() && hint_w(&hints) + wanted > w {
        let at = hints.len().saturating_sub(3);
        hints.remove(at);
    }
    let found = search_position(app)
        .map(|p| truncate(&format!(" {p} "), w / 3))
        .unwrap_or_default();
    let room = w.saturating_sub(hint_w(&hints) + width(&found) + 1);
    let (crumb, style) = match &app.notice {
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
    let s = &app.find.search;
    let at = s.current?;
    let more = if s.search.is_done() { "" } else { "+" };
    Some(format!(
        "/{} {}/{}{more}",
        crate::text::sanitize_line(s.query()),
        at + 1,
        s.hits().len()
    ))
}

/// Where the reader is, from the list down to the passage.
pub fn breadcrumb(app: &App) -> Vec<String> {
    let d = &app.dossier;
    let title = |e: EntityRef| -> String {
        let t = match e {
            EntityRef::Event(i) => d.events.get(i.0).map(|e| e.title.as_str()),
            EntityRef::Issue(i) => d.issues.get(i.0).map(|i| i.title.as_str()),
            EntityRef::Article(i) => d.articles.get(i.0).map(|a| a.title.as_str()),
        };
        truncate(t.unwrap_or(""), 36)
    };
    let source = |c: Citer| -> Vec<String> {
        let n = c.number();
        let who = app
            .source(c)
            .and_then(|s| d.articles.get(s.article.0))
            .map(|a| truncate(a.outlet.as_deref().unwrap_or(&a.title), 24))
            .unwrap_or_default();
        vec![format!("source {n}"), who]
    };
    let owner = |c: Citer| c.owner();
    let mut crumbs = vec![app.nav.kind().name().to_string()];
    let entity = app.selected_entity();
    if let Some(e) = entity {
        crumbs.push(title(e));
    }
    match app.focus {
        Pane::List => {}
        Pane::Details => match app.details.selected_link().map(|l| l.link) {
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
            None => {}
        },
        Pane::Article => match app.article.followed {
            Some(Followed::Passage(c)) if Some(owner(c)) == entity => crumbs.extend(source(c)),
            followed => {
                if app.nav.kind() != ListKind::Articles
                    || entity
                        .map(|e| matches!(e, EntityRef::Article(a) if Some(a) == app.article.shown))
                        != Some(true)
                {
                    crumbs = vec!["Article".into()];
                    if let Some(a) = app.article.shown {
                        crumbs.push(title(EntityRef::Article(a)));
                    }
                }
                match followed {
                    Some(Followed::Passage(c)) => {
                        crumbs.push(format!("passage cited by {}", title(owner(c))));
                    }
                    Some(Followed::Match { .. }) => crumbs.push("search match".into()),
                    None => {}
                }
            }
        },
    }
    crumbs
}

/// The few keys that matter in the focused pane, spelled from the keymap.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    let mode = match &app.overlay {
        Some(o) if o.is_prompt() => Mode::Prompt,
        Some(_) => Mode::Overlay,
        None => Mode::Normal,
    };
    let keys = |actions: &[Action]| -> String {
        actions
            .iter()
            .filter_map(|&a| primary(mode, a))
            .collect::<Vec<_>>()
            .join("/")
    };
    let mut list: Vec<(&[Action], &'static str)> = Vec::new();
    if mode == Mode::Prompt {
        list.push((&[Action::Down, Action::Up], "select"));
        list.push((&[Action::Follow], "go"));
        list.push((&[Action::Close], "cancel"));
    } else if app.overlay.is_some() {
        list.push((&[Action::Down, Action::Up], "scroll"));
        list.push((&[Action::Close], "close"));
    } else {
        match app.focus {
            Pane::List => {
                list.push((&[Action::Down, Action::Up], "move"));
                list.push((&[Action::Follow], "open source"));
                list.push((
                    &[
                        Action::Show(ListKind::Timeline),
                        Action::Show(ListKind::Issues),
                        Action::Show(ListKind::Articles),
                    ],
                    "lists",
                ));
            }
            Pane::Details => {
                list.push((&[Action::Down, Action::Up], "move"));
                list.push((&[Action::Follow], "follow"));
            }
            Pane::Article => {
                list.push((&[Action::Down, Action::Up], "scroll"));
                list.push((&[Action::NextPassage, Action::PrevPassage], "passage"));
                list.push((&[Action::Follow], "cited by"));
            }
        }
        // A filter's key right after moving: it explains what the list shows.
        if app.lens.is_active() && app.nav.kind() == ListKind::Timeline {
            list.insert(1, (&[Action::ClearFilter], "clear filter"));
        } else if matches!(app.details.shown, Some(EntityRef::Issue(_))) {
            list.insert(1, (&[Action::FilterIssue], "filter timeline"));
        }
        // Back matters most once a jump was made: it goes right after moving.
        if !app.history.back.is_empty() {
            list.insert(1, (&[Action::Back], "back"));
        }
        if app.find.search.current.is_some() {
            list.push((&[Action::NextHit, Action::PrevHit], "hit"));
        } else {
            list.push((&[Action::Search], "search"));
        }
        list.push((&[Action::NextPane], "pane"));
        list.push((&[Action::Help], "help"));
        list.push((&[Action::Quit], "quit"));
    }
    list.into_iter().map(|(a, l)| (keys(a), l)).collect()
}
