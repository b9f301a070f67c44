//! The search prompt and the go-to picker at work: opening them, typing,
//! moving the selection (the panes preview it), Enter and Esc, and `n`/`N`.
//! Jumps go straight to [`super::navigate`].

use crate::search::STEP_BYTES;

use super::action::{Action, Command, Effect, Exit, Target};
use super::find::{HitRow, Prompt, hit_target};
use super::layout::{self, contains};
use super::{App, Overlay, navigate, panes};

fn prompt(app: &App) -> Option<&Prompt> {
    match &app.overlay {
        Some(Overlay::Search(p) | Overlay::GoTo(p)) => Some(p),
        _ => None,
    }
}

fn prompt_mut(app: &mut App) -> Option<&mut Prompt> {
    match &mut app.overlay {
        Some(Overlay::Search(p) | Overlay::GoTo(p)) => Some(p),
        _ => None,
    }
}

fn new_prompt(app: &App) -> Prompt {
    Prompt {
        selected: 0,
        offset: 0,
        origin: navigate::location(app),
        lens: app.lens.clone(),
    }
}

/// Rows of the prompt's list at the current size.
fn list_height(app: &App) -> usize {
    usize::from(layout::prompt_list(app.areas().list).height).max(1)
}

/// Opens the search prompt on the last query, its first hit (or the one
/// `n` is at) selected.
pub(super) fn open_search(app: &mut App) {
    let mut p = new_prompt(app);
    p.selected = app.find.search.current.unwrap_or(0);
    app.overlay = Some(Overlay::Search(p));
    scroll_into_view(app);
    preview(app);
}

pub(super) fn open_goto(app: &mut App) {
    // Unlike the search, the picker starts afresh: it is for the next place.
    app.find.goto.query.clear();
    app.overlay = Some(Overlay::GoTo(new_prompt(app)));
    let h = list_height(app);
    app.find.goto.rank(&app.dossier, 0..h);
    preview(app);
}

/// Handles an action while a prompt is open; false lets it through.
pub(super) fn prompt_action(app: &mut App, action: &Action, fx: &mut Vec<Effect>) -> bool {
    let Some(overlay) = &app.overlay else {
        return false;
    };
    let search = matches!(overlay, Overlay::Search(_));
    let h = list_height(app) as isize;
    match *action {
        Action::Type(c) => edit(app, search, |q| q.push(c)),
        Action::Command(command) => match command {
            Command::Erase => edit(app, search, |q| {
                q.pop();
            }),
            Command::EraseAll => edit(app, search, String::clear),
            Command::Down => select(app, 1),
            Command::Up => select(app, -1),
            Command::PageDown => select(app, (h / 2).max(1)),
            Command::PageUp => select(app, -(h / 2).max(1)),
            Command::First => select(app, isize::MIN / 2),
            Command::Last => select(app, isize::MAX / 2),
            Command::Follow => accept(app),
            Command::Close => cancel(app),
            Command::Quit => fx.push(Effect::Exit(Exit::Quit)),
            _ => {}
        },
        Action::Click { column, row } => click(app, column, row),
        Action::Scroll { lines, .. } => select(app, isize::from(lines.signum() * 3)),
        Action::Work => work(app),
        Action::Resize { width, height } => {
            panes::resize(app, width, height);
            scroll_into_view(app);
            if !search {
                let v = visible(app);
                app.find.goto.highlight(v);
            }
        }
        _ => {}
    }
    true
}

/// Changes the query, reruns the search or the ranking, selects the first entry.
fn edit(app: &mut App, search: bool, change: impl FnOnce(&mut String)) {
    if search {
        let mut q = app.find.search.query().to_owned();
        change(&mut q);
        app.find.search.restart(&app.dossier, &q);
    } else {
        change(&mut app.find.goto.query);
    }
    if let Some(p) = prompt_mut(app) {
        p.selected = 0;
        p.offset = 0;
    }
    if !search {
        let h = list_height(app);
        app.find.goto.rank(&app.dossier, 0..h);
    }
    preview(app);
}

/// How many entries the open prompt lists.
fn entries(app: &App) -> usize {
    match &app.overlay {
        Some(Overlay::Search(_)) => app.find.search.hits().len(),
        Some(Overlay::GoTo(_)) => app.find.goto.picks().len(),
        _ => 0,
    }
}

fn select(app: &mut App, delta: isize) {
    let n = entries(app);
    let Some(p) = prompt_mut(app) else {
        return;
    };
    let to = p
        .selected
        .saturating_add_signed(delta)
        .min(n.saturating_sub(1));
    if to == p.selected {
        return;
    }
    p.selected = to;
    scroll_into_view(app);
    if let Some(Overlay::GoTo(_)) = app.overlay {
        let v = visible(app);
        app.find.goto.highlight(v);
    }
    preview(app);
}

/// The rows of the prompt's list in view.
fn visible(app: &App) -> std::ops::Range<usize> {
    let offset = prompt(app).map_or(0, |p| p.offset);
    offset..offset + list_height(app)
}

/// Scrolls the prompt's list so the selection shows, with the headings just
/// above it when they fit.
fn scroll_into_view(app: &mut App) {
    let h = list_height(app);
    let search = matches!(app.overlay, Some(Overlay::Search(_)));
    let (row, len) = match prompt(app) {
        Some(p) if search => (
            app.find
                .search
                .hit_rows
                .get(p.selected)
                .copied()
                .unwrap_or(0),
            app.find.search.rows.len(),
        ),
        Some(p) => (p.selected, app.find.goto.picks().len()),
        None => return,
    };
    let above = if search {
        let rows = &app.find.search.rows;
        (1..=2)
            .take_while(|k| {
                row.checked_sub(*k)
                    .and_then(|r| rows.get(r))
                    .is_some_and(|r| !matches!(r, HitRow::Hit(_)))
            })
            .count()
    } else {
        0
    };
    let Some(p) = prompt_mut(app) else {
        return;
    };
    if row < p.offset + above {
        p.offset = row.saturating_sub(above);
    } else if row >= p.offset + h {
        p.offset = row + 1 - h;
    }
    p.offset = p.offset.min(len.saturating_sub(h));
}

/// The target of the selected entry, if there is one.
fn selected_target(app: &App) -> Option<Target> {
    match &app.overlay {
        Some(Overlay::Search(p)) => app.find.search.hits().get(p.selected).map(hit_target),
        Some(Overlay::GoTo(p)) => app
            .find
            .goto
            .picks()
            .get(p.selected)
            .map(|pick| Target::Entity(pick.entity)),
        _ => None,
    }
}

/// Shows the selected entry in the panes under the prompt, without a jump;
/// with nothing selected, the place the prompt was opened from.
fn preview(app: &mut App) {
    let Some(p) = prompt(app) else {
        return;
    };
    let (origin, lens) = (p.origin, p.lens.clone());
    app.lens = lens;
    navigate::restore(app, origin);
    if let Some(target) = selected_target(app) {
        navigate::open(app, target);
    }
    app.notice = None;
}

/// Enter: closes the prompt and jumps to the selection from where it was opened.
fn accept(app: &mut App) {
    let target = selected_target(app);
    let hit = match &app.overlay {
        Some(Overlay::Search(p)) => Some(p.selected),
        _ => None,
    };
    cancel(app);
    if let Some(t) = target {
        if hit.is_some() {
            app.find.search.current = hit;
        }
        navigate::jump(app, t);
    }
}

/// Esc: closes the prompt and puts everything back as it was.
fn cancel(app: &mut App) {
    if let Some(p) = prompt(app) {
        let (origin, lens) = (p.origin, p.lens.clone());
        app.overlay = None;
        app.lens = lens;
        navigate::restore(app, origin);
    }
}

fn click(app: &mut App, column: u16, row: u16) {
    let list = layout::prompt_list(app.areas().list);
    if !contains(app.areas().list, column, row) {
        cancel(app);
        return;
    }
    if !contains(list, column, row) {
        return;
    }
    let r = prompt(app).map_or(0, |p| p.offset) + usize::from(row - list.y);
    let entry = match app.overlay {
        Some(Overlay::Search(_)) => {
            let rows = &app.find.search.rows;
            // A heading or an entity row stands for the first hit below it.
            rows.get(r..)
                .and_then(|rest| {
                    rest.iter().find_map(|x| match x {
                        HitRow::Hit(n) => Some(*n),
                        _ => None,
                    })
                })
                .filter(|_| r < rows.len())
        }
        _ => (r < app.find.goto.picks().len()).then_some(r),
    };
    let Some(entry) = entry else {
        return;
    };
    let selected = prompt(app).map(|p| p.selected);
    if selected == Some(entry) {
        accept(app);
    } else {
        let delta = entry as isize - selected.unwrap_or(0) as isize;
        select(app, delta);
    }
}

/// Whether a search is still scanning (the loop then keeps calling `Work`).
pub fn busy(app: &App) -> bool {
    !app.find.search.search.is_done()
}

/// Scans a little more; previews the first hit once one turns up.
pub(super) fn work(app: &mut App) {
    let had = app.find.search.hits().len();
    app.find.search.step(&app.dossier, STEP_BYTES);
    let has = app.find.search.hits().len();
    let selected = match &app.overlay {
        Some(Overlay::Search(p)) => p.selected,
        _ => return,
    };
    if selected >= had && selected < has {
        preview(app);
    }
}

/// `n`/`N`: the next or previous hit, wrapping around, opened as a jump.
pub(super) fn next_hit(app: &mut App, forward: bool) {
    let s = &mut app.find.search;
    if s.query().is_empty() {
        app.notice = Some("No search yet: / to search".into());
        return;
    }
    s.finish(&app.dossier);
    let n = s.hits().len();
    if n == 0 {
        app.notice = Some(format!(
            "No hits for “{}”",
            crate::text::sanitize_line(s.query())
        ));
        return;
    }
    let to = match (s.current, forward) {
        (Some(i), true) => (i + 1) % n,
        (Some(i), false) => (i + n - 1) % n,
        (None, true) => 0,
        (None, false) => n - 1,
    };
    let wrapped = matches!((s.current, forward), (Some(i), true) if to < i)
        || matches!((s.current, forward), (Some(i), false) if to > i);
    s.current = Some(to);
    let target = s.hits().get(to).map(hit_target);
    if let Some(t) = target {
        navigate::jump(app, t);
    }
    if wrapped {
        app.notice = Some(if forward {
            "Search wrapped to the first hit".into()
        } else {
            "Search wrapped to the last hit".into()
        });
    }
}
