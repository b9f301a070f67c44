//! The rows of the text overlays (help, problems) at the width they are
//! drawn: long lines wrap instead of being cut, so scrolling, which counts
//! these rows, reaches every word. Drawing and scrolling both use these.

use ratatui::layout::Rect;

use super::keymap::HelpLine;
use super::layout::overlay_box;
use super::wrap::wrap_lines;
use super::{App, Overlay};
use dossier_core::content::{Kind, Severity};

/// Width of the help's key column.
pub const HELP_KEYS: usize = 28;
/// The help box's widest width, border included.
pub const HELP_WIDTH: u16 = 84;

/// One row of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpRow {
    Heading(String),
    /// Keys (empty on the rows that continue a description) and what they do.
    Keys {
        keys: String,
        what: String,
    },
    /// The mark of an event kind, drawn by the interface.
    Kind(Kind),
    Text(String),
    Blank,
}

/// The inside of the help box on a screen.
pub fn help_inner(screen: Rect) -> Rect {
    inner(overlay_box(screen, HELP_WIDTH, screen.height))
}

/// The inside of the problems box on a screen.
pub fn problems_inner(screen: Rect) -> Rect {
    inner(overlay_box(
        screen,
        screen.width.saturating_sub(4),
        screen.height,
    ))
}

fn inner(r: Rect) -> Rect {
    Rect {
        x: r.x.saturating_add(1),
        y: r.y.saturating_add(1),
        width: r.width.saturating_sub(2),
        height: r.height.saturating_sub(2),
    }
}

/// The help's lines wrapped to a box `width` cells wide inside.
pub fn help_rows(lines: &[HelpLine], width: usize) -> Vec<HelpRow> {
    let keys_w = HELP_KEYS.min(width / 2).max(2);
    let what_w = width.saturating_sub(keys_w).max(8);
    let text_w = width.saturating_sub(1).max(8);
    let mut rows = Vec::new();
    for line in lines {
        match line {
            HelpLine::Heading(t) => {
                rows.extend(
                    wrap_lines(t, width.max(8))
                        .into_iter()
                        .map(HelpRow::Heading),
                );
            }
            HelpLine::Keys { keys, what } => {
                let keys = wrap_lines(keys, keys_w - 1);
                let what = wrap_lines(what, what_w);
                for i in 0..keys.len().max(what.len()) {
                    rows.push(HelpRow::Keys {
                        keys: keys.get(i).cloned().unwrap_or_default(),
                        what: what.get(i).cloned().unwrap_or_default(),
                    });
                }
            }
            HelpLine::Kind(k) => rows.push(HelpRow::Kind(*k)),
            HelpLine::Text(t) => {
                rows.extend(wrap_lines(t, text_w).into_iter().map(HelpRow::Text));
            }
            HelpLine::Blank => rows.push(HelpRow::Blank),
        }
    }
    rows
}

/// One row of the problems overlay: the problem's severity, whether it is
/// (part of) its help line, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemRow {
    /// The problem's index in the dossier's problems.
    pub problem: usize,
    pub severity: Severity,
    pub help: bool,
    pub text: String,
}

impl App {
    /// The help overlay's rows at the current size.
    pub fn help_rows(&self) -> Vec<HelpRow> {
        let width = usize::from(help_inner(self.size).width);
        help_rows(&self.keymap.help_lines(), width)
    }

    /// The problems overlay's rows at the current size: each problem's
    /// line, and its help line, wrapped.
    pub fn problem_lines(&self) -> Vec<ProblemRow> {
        let width = usize::from(problems_inner(self.size).width).max(8);
        let mut rows = Vec::new();
        for (ix, p) in self.problems().iter().enumerate() {
            // Its line, then its help's (the text after the first line end).
            let text = p.to_string();
            let mut parts = text.splitn(2, '\n');
            let first = parts.next().unwrap_or("");
            let help = parts.next().filter(|_| p.help.is_some());
            let lines = std::iter::once((first, false)).chain(help.map(|h| (h, true)));
            for (line, help) in lines {
                for text in wrap_lines(line, width) {
                    rows.push(ProblemRow {
                        problem: ix,
                        severity: p.severity,
                        help,
                        text,
                    });
                }
            }
        }
        rows
    }
}

impl HelpRow {
    /// The row's words, for finding in the help.
    pub fn text(&self) -> String {
        match self {
            HelpRow::Heading(t) | HelpRow::Text(t) => t.clone(),
            HelpRow::Keys { keys, what } => format!("{keys} {what}"),
            HelpRow::Kind(k) => k.name().to_string(),
            HelpRow::Blank => String::new(),
        }
    }
}

/// Finding in the help, as in less: `/` then a word; `n`/`N` for the next
/// and previous row that has it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpFind {
    pub query: String,
    /// The query is being typed.
    pub typing: bool,
}

/// Whether a help row has the query (any case).
pub fn row_has(row: &HelpRow, query: &str) -> bool {
    !query.is_empty() && row.text().to_lowercase().contains(&query.to_lowercase())
}

/// An action in the help while finding (`/` typed, or a query kept for
/// `n`/`N`); `None` lets the help's usual keys have it.
pub(super) fn help_find(app: &mut App, scroll: usize, action: &super::Action) -> Option<usize> {
    use super::{Action, Command};
    let rows = app.help_rows();
    let max = rows.len().saturating_sub(app.overlay_page());
    // The first row at or after `from` (before it, backwards) that has the
    // query, wrapping around.
    let find = |query: &str, from: usize, forward: bool| -> Option<usize> {
        let n = rows.len();
        (0..n)
            .map(|k| {
                if forward {
                    (from + k) % n
                } else {
                    (from + n - k % n) % n
                }
            })
            .find(|&r| rows.get(r).is_some_and(|row| row_has(row, query)))
    };
    let f = &mut app.help_find;
    if f.typing {
        match *action {
            Action::Type(c) => f.query.push(c),
            Action::Command(Command::Erase) => {
                f.query.pop();
            }
            Action::Command(Command::EraseAll) => f.query.clear(),
            Action::Command(Command::Follow) => {
                f.typing = false;
                return Some(scroll);
            }
            Action::Command(Command::Close) => {
                *f = HelpFind::default();
                return Some(scroll);
            }
            Action::Resize { .. } => return None,
            _ => return Some(scroll),
        }
        let q = f.query.clone();
        return Some(find(&q, scroll, true).map_or(scroll, |r| r.min(max)));
    }
    match *action {
        Action::Command(Command::Search) => {
            app.help_find = HelpFind {
                query: String::new(),
                typing: true,
            };
            Some(scroll)
        }
        Action::Command(c @ (Command::NextHit | Command::PrevHit)) if !f.query.is_empty() => {
            let q = f.query.clone();
            let forward = c == Command::NextHit;
            let from = if forward {
                scroll + 1
            } else {
                scroll.saturating_sub(1)
            };
            match find(&q, from, forward) {
                Some(r) => Some(r.min(max)),
                None => {
                    app.notice = Some(format!(
                        "Not in the help: {}",
                        dossier_core::text::sanitize_line(&q)
                    ));
                    Some(scroll)
                }
            }
        }
        _ => None,
    }
}

/// The problem at the top of the open problems' list, if it is open.
pub(super) fn top_problem(app: &App) -> Option<dossier_core::content::Problem> {
    let Some(Overlay::Problems { scroll }) = app.overlay else {
        return None;
    };
    app.problem_lines()
        .get(scroll)
        .and_then(|r| app.problems().get(r.problem))
        .cloned()
}

/// Scrolls the open problems' list so that `top` is at its top again (as
/// far as it scrolls), in a list that may hold others before it now;
/// closes a list left empty.
pub(super) fn keep_at_top(app: &mut App, top: Option<dossier_core::content::Problem>) {
    let Some(Overlay::Problems { scroll }) = app.overlay else {
        return;
    };
    let rows = app.problem_lines();
    if rows.is_empty() && app.reading.is_none() {
        app.notice = Some("The dossier has no problems".into());
        app.overlay = None;
        return;
    }
    let at = top
        .and_then(|p| app.problems().iter().position(|q| *q == p))
        .and_then(|n| rows.iter().position(|r| r.problem == n));
    // As far as the list scrolls: when it all fits, from its first row.
    let last = rows.len().saturating_sub(app.overlay_page());
    app.overlay = Some(Overlay::Problems {
        scroll: at.unwrap_or(scroll).min(last),
    });
}
