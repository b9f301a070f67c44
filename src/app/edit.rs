//! `e`: which file to open in the curator's editor, and at which line. The
//! loop hands the terminal to the editor ([`Effect::Edit`]), reloads after
//! and keeps the place, as `R` does.
//!
//! In the panes it is the file of what is selected: an event or an issue
//! at the line of its selected source (the details' selected source, else
//! the passage highlighted, when either is one of its own), else at its
//! first line; an article at the line of the passage highlighted. In the
//! problems list, the file of the problem at the top of the view, at its
//! line and column.

use super::action::{Effect, OpenAt, Pane};
use super::details::Link;
use super::{App, Followed};
use dossier_core::content::{EntityRef, SourceRef};

/// What `e` asks for in the panes: the file under the cursor, or a notice
/// saying why there is none (the bundled dossier is read-only).
pub(super) fn edit(app: &mut App, fx: &mut Vec<Effect>) {
    if app.folder.is_none() {
        app.notice = Some(read_only().into());
        return;
    }
    match place(app) {
        Some(p) => fx.push(Effect::Edit(p)),
        None => app.notice = Some("Nothing to edit: no entry is selected".into()),
    }
}

/// `e` in the problems list: the problem at the top of the view.
pub(super) fn edit_problem(app: &mut App, scroll: usize, fx: &mut Vec<Effect>) {
    if app.folder.is_none() {
        app.notice = Some(read_only().into());
        return;
    }
    let rows = app.problem_lines();
    let Some(p) = rows.get(scroll).and_then(|r| app.problems().get(r.problem)) else {
        return;
    };
    if p.path.is_empty() {
        app.notice = Some("This problem is not in a file of the dossier".into());
        return;
    }
    let (line, column) = p.position.unwrap_or((1, 1));
    fx.push(Effect::Edit(OpenAt {
        file: p.path.clone(),
        line,
        column: Some(column),
    }));
}

fn read_only() -> &'static str {
    "The bundled dossier is built into the program and cannot be edited: open a folder with --content, or make one with `dossier new DIR`"
}

/// The file and line of what is under the cursor.
pub fn place(app: &App) -> Option<OpenAt> {
    let entity = match app.focus {
        Pane::List => app.selected_entity(),
        Pane::Details => app.details.shown,
        Pane::Article => app.article.shown.map(EntityRef::Article),
    }?;
    let d = &app.dossier;
    // The selected source, when it is one of this entity's own.
    let own = |c: SourceRef| c.owner() == entity;
    let source = match app.details.selected_link().map(|l| l.link) {
        Some(Link::Source(c)) if own(c) && app.details.shown == Some(entity) => Some(c),
        _ => app.article.passage().filter(|&c| own(c)),
    };
    let line = source
        .and_then(|c| app.source(c))
        .map_or(1, |s| s.line.max(1));
    Some(match entity {
        EntityRef::Event(e) => OpenAt {
            file: format!("events/{}.toml", d.events.get(e.0)?.id),
            line,
            column: None,
        },
        EntityRef::Issue(i) => OpenAt {
            file: format!("issues/{}.toml", d.issues.get(i.0)?.id),
            line,
            column: None,
        },
        EntityRef::Article(a) => {
            let article = d.articles.get(a.0)?;
            // At the highlighted passage, when this article shows one.
            let at = match app.article.followed {
                Some(Followed::Passage(c)) if app.article.shown == Some(a) => {
                    app.source(c).map(|s| s.span.start)
                }
                Some(Followed::Match { start, .. }) if app.article.shown == Some(a) => Some(start),
                _ => None,
            };
            let line = at.map_or(1, |at| {
                let (l, _) =
                    dossier_core::content::position::locate_all(article.text.as_bytes(), &[at])
                        .first()
                        .copied()
                        .unwrap_or((1, 1));
                article.text_line + l - 1
            });
            OpenAt {
                file: format!("articles/{}.txt", article.id),
                line,
                column: None,
            }
        }
    })
}
