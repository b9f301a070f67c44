//! Adding the selected passage to an entry as a source (`a` while
//! selecting): which entry, confirmed on the status line before anything is
//! written. The loop writes it ([`Effect::Append`]) and reloads.
//!
//! The entry is the one selected in the list; when the list shows articles,
//! the event or issue last shown in the details. While asking, `j`/`k` go
//! to another event or issue (every one, in the dossier's order), `s` puts
//! the source on one side's position of an issue instead, Enter adds it and
//! Esc goes back to the selection.

use dossier_core::content::{EntityRef, EventIx, IssueIx};

use super::action::{Action, Append, Command, Effect, ListKind};
use super::{App, Overlay};

/// The entry a source is about to be added to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub entry: EntityRef,
    /// For an issue: the index of the position the source goes to, or none
    /// for the issue's own sources.
    pub position: Option<usize>,
}

/// Every event and issue, in the order `j` goes through them.
fn entries(app: &App) -> Vec<EntityRef> {
    (0..app.dossier.events.len())
        .map(|i| EntityRef::Event(EventIx(i)))
        .chain((0..app.dossier.issues.len()).map(|i| EntityRef::Issue(IssueIx(i))))
        .collect()
}

/// `a` while selecting: asks where the source goes.
pub(super) fn ask(app: &mut App) {
    if app.folder.is_none() {
        app.notice = Some(format!(
            "The bundled dossier is built into the program: copy the block ({}) into a dossier of your own",
            app.keymap
                .primary(super::keymap::Mode::Overlay, Command::CiteCopy)
                .unwrap_or_default()
        ));
        return;
    }
    if super::select::block(app).is_none() {
        return;
    }
    let from_list = match app.nav.kind() {
        ListKind::Articles => None,
        _ => app
            .selected_entity()
            .filter(|e| !matches!(e, EntityRef::Article(_))),
    };
    let Some(entry) = from_list
        .or(app.last_entry)
        .or_else(|| entries(app).first().copied())
    else {
        app.notice = Some("No event or issue to add the source to".into());
        return;
    };
    app.target = Some(Target {
        entry,
        position: None,
    });
    app.overlay = Some(Overlay::Append);
    describe(app);
}

/// Back from the go-to picker: the entry chosen there takes the passage
/// (an event or an issue; anything else, or nothing, keeps the entry asked
/// about), and the question is asked again.
pub(super) fn retarget(app: &mut App, chosen: Option<EntityRef>) {
    app.overlay = Some(Overlay::Append);
    let article = matches!(chosen, Some(EntityRef::Article(_)));
    if let Some(entry) = chosen.filter(|e| !matches!(e, EntityRef::Article(_)))
        && app.target.is_some()
    {
        app.target = Some(Target {
            entry,
            position: None,
        });
    }
    describe(app);
    if article && let Some(n) = app.notice.take() {
        app.notice = Some(format!("An article takes no source: {n}"));
    }
}

/// The file of an entry, relative to the dossier's folder, and its name.
fn file_and_name(app: &App, t: &Target) -> Option<(String, String)> {
    let d = &app.dossier;
    Some(match t.entry {
        EntityRef::Event(e) => {
            let e = d.events.get(e.0)?;
            (
                format!("events/{}.toml", e.id),
                format!("event “{}”", dossier_core::text::sanitize_line(&e.title)),
            )
        }
        EntityRef::Issue(i) => {
            let i = d.issues.get(i.0)?;
            let side = t
                .position
                .and_then(|p| i.positions.get(p))
                .map(|p| {
                    format!(
                        ", the position of {}",
                        dossier_core::text::sanitize_line(&p.side)
                    )
                })
                .unwrap_or_default();
            (
                format!("issues/{}.toml", i.id),
                format!(
                    "issue “{}”{side}",
                    dossier_core::text::sanitize_line(&i.title)
                ),
            )
        }
        EntityRef::Article(_) => return None,
    })
}

fn describe(app: &mut App) {
    let Some(t) = app.target.clone() else { return };
    let Some((file, name)) = file_and_name(app, &t) else {
        return;
    };
    let key = |c| {
        app.keymap
            .primary(super::keymap::Mode::Overlay, c)
            .unwrap_or_default()
    };
    let sides = match t.entry {
        EntityRef::Issue(i)
            if app
                .dossier
                .issues
                .get(i.0)
                .is_some_and(|i| !i.positions.is_empty()) =>
        {
            format!(" · {} a side's position", key(Command::Sides))
        }
        _ => String::new(),
    };
    app.notice = Some(format!(
        "Add the source to {name} ({file})? {} adds · {}/{} another entry · {} picks one{sides} · {} cancels",
        key(Command::Follow),
        key(Command::Down),
        key(Command::Up),
        key(Command::GoTo),
        key(Command::Close),
    ));
}

/// Handles an action while asking; false lets it through.
pub(super) fn update(app: &mut App, action: &Action, fx: &mut Vec<Effect>) -> bool {
    let Some(t) = app.target.clone() else {
        app.overlay = None;
        return false;
    };
    match *action {
        Action::Command(c) => match c {
            Command::Follow => {
                if let (Some((file, name)), Some(block)) =
                    (file_and_name(app, &t), super::select::block(app))
                {
                    let side = match (t.entry, t.position) {
                        (EntityRef::Issue(i), Some(p)) => app
                            .dossier
                            .issues
                            .get(i.0)
                            .and_then(|i| i.positions.get(p))
                            .map(|p| p.side.clone()),
                        _ => None,
                    };
                    let read_as = app.dossier.file_hash(t.entry);
                    app.notice = Some(format!("Adding the source to {file}…"));
                    fx.push(Effect::Append(Append {
                        file,
                        side,
                        block,
                        read_as,
                        name,
                    }));
                }
                app.target = None;
                super::select::cancel(app);
            }
            Command::Down | Command::Up => {
                let all = entries(app);
                let at = all.iter().position(|e| *e == t.entry).unwrap_or(0);
                let n = all.len().max(1);
                let next = if c == Command::Down {
                    (at + 1) % n
                } else {
                    (at + n - 1) % n
                };
                if let Some(&entry) = all.get(next) {
                    app.target = Some(Target {
                        entry,
                        position: None,
                    });
                }
                describe(app);
            }
            Command::Sides => {
                if let EntityRef::Issue(i) = t.entry {
                    let n = app.dossier.issues.get(i.0).map_or(0, |i| i.positions.len());
                    let position = match t.position {
                        None if n > 0 => Some(0),
                        Some(p) if p + 1 < n => Some(p + 1),
                        _ => None,
                    };
                    app.target = Some(Target { position, ..t });
                }
                describe(app);
            }
            Command::Close => {
                app.target = None;
                app.overlay = Some(Overlay::Select);
                app.notice = None;
            }
            Command::Quit => return false,
            _ => describe(app),
        },
        Action::Resize { .. } => return false,
        _ => {}
    }
    true
}
