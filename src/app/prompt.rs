//! The search prompt and the go-to picker at work: opening them, typing,
//! moving the selection (the panes preview it), Enter and Esc, and `n`/`N`.
//! Jumps go straight to [`super::navigate`].

use dossier_core::search::STEP_BYTES;

use super::action::{Action, Command, Effect, Exit, Target};
use super::find::{HitRow, Prompt, hit_target, nth_in_field};
use super::layout::{self, contains};
use super::{App, Overlay, navigate, panes};
use dossier_core::search::Field;

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
        before: None,
        recall: None,
        from: None,
        moved: false,
    }
}

/// Rows of the prompt's list at the current size.
fn list_height(app: &App) -> usize {
    usize::from(layout::prompt_list(app.prompt_area()).height).max(1)
}

/// Opens the search prompt on a new, empty query (the last ones are on ↑);
/// the last search is kept aside, for `n`/`N` if the prompt is cancelled.
pub(super) fn open_search(app: &mut App) {
    let mut p = new_prompt(app);
    p.from = reading_place(app);
    // Whole words last for the search they were asked for and its n/N.
    app.find.search.words = app.find.search.words_default;
    let s = &app.find.search;
    p.before =
        (!s.query().is_empty()).then(|| (s.query().to_owned(), s.search.options(), s.current));
    app.find.search.restart(&app.dossier, "");
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
            Command::OlderQuery if search => recall(app, true),
            Command::NewerQuery if search => recall(app, false),
            Command::OlderQuery => select(app, -1),
            Command::NewerQuery => select(app, 1),
            Command::ToggleWords if search => toggle_words(app),
            Command::PageDown => select(app, (h / 2).max(1)),
            Command::PageUp => select(app, -(h / 2).max(1)),
            Command::First => select(app, isize::MIN / 2),
            Command::Last => select(app, isize::MAX / 2),
            Command::Follow if !search && is_quit(&app.find.goto.query) => {
                // The place saved is the one from before the prompt opened.
                close(app);
                fx.push(Effect::Exit(Exit::Quit));
            }
            Command::Follow => accept(app),
            Command::Close => cancel(app),
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

/// Whether a go-to query asks to quit, as in vim: `q`, `quit` or `q!`.
fn is_quit(query: &str) -> bool {
    matches!(query.trim(), "q" | "quit" | "q!" | "qa" | "qa!")
}

/// ↑ (`older`) or ↓ in the search prompt: an earlier or later query of the
/// history; below the newest, the query that was being typed.
fn recall(app: &mut App, older: bool) {
    let len = app.find.search.history.len();
    let Some(p) = prompt_mut(app) else {
        return;
    };
    let (at, draft) = match (p.recall.take(), older) {
        (None, true) if len > 0 => (Some(0), app.find.search.query().to_owned()),
        (None, _) => {
            if older {
                app.notice = Some("No earlier searches".into());
            }
            return;
        }
        (Some((at, draft)), true) => {
            if at + 1 >= len {
                p.recall = Some((at, draft));
                app.notice = Some("The oldest search".into());
                return;
            }
            (Some(at + 1), draft)
        }
        (Some((0, draft)), false) => (None, draft),
        (Some((at, draft)), false) => (Some(at - 1), draft),
    };
    let query = match at {
        Some(at) => app.find.search.history[len - 1 - at].clone(),
        None => draft.clone(),
    };
    if let Some(p) = prompt_mut(app) {
        p.recall = at.map(|at| (at, draft));
    }
    edit(app, true, |q| *q = query);
}

/// Tab in the search prompt: whole words on or off, for this search and
/// the ones to come.
fn toggle_words(app: &mut App) {
    app.find.search.words = !app.find.search.words;
    let q = app.find.search.query().to_owned();
    edit(app, true, |s| *s = q);
}

/// Where the reader is, for a search to start from: the article's top
/// line when the article has the focus, else the entry selected.
fn reading_place(app: &App) -> Option<(dossier_core::search::HitIn, Option<usize>)> {
    use dossier_core::content::EntityRef;
    use dossier_core::search::HitIn;
    if app.focus == super::Pane::Article
        && let Some(a) = app.article.shown
    {
        return Some((
            HitIn::Entity(EntityRef::Article(a)),
            Some(panes::top_byte(app)),
        ));
    }
    let e = if app.focus == super::Pane::Details {
        app.details.shown
    } else {
        app.selected_entity()
    };
    e.map(|e| (HitIn::Entity(e), None))
}

/// Selects the first hit at or after where the reader was; once the search
/// is done with none after it, the first hit, saying so.
fn aim(app: &mut App) {
    let Some(Overlay::Search(p)) = &app.overlay else {
        return;
    };
    let Some(from) = p.from else {
        return;
    };
    let hits = app.find.search.hits();
    let at = super::find::first_from(hits, from);
    let done = app.find.search.search.is_done();
    let wrapped = at >= hits.len() && done && !hits.is_empty();
    let to = if wrapped { 0 } else { at };
    if let Some(p) = prompt_mut(app) {
        p.selected = to;
    }
    scroll_into_view(app);
    preview(app);
    if wrapped {
        app.notice = Some("No hit after where you were: the first hit".into());
    }
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
        p.moved = false;
    }
    if !search {
        let h = list_height(app);
        app.find.goto.rank(&app.dossier, 0..h);
    }
    preview(app);
    if search {
        aim(app);
    }
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
    let goto = matches!(app.overlay, Some(Overlay::GoTo(_)));
    let query_empty = app.find.goto.query.is_empty();
    let Some(p) = prompt_mut(app) else {
        return;
    };
    // In the go-to picker with nothing chosen yet, the first move down
    // chooses the first entry.
    let first_choice = goto && query_empty && !p.moved;
    let delta = if first_choice && delta > 0 {
        delta - 1
    } else {
        delta
    };
    p.moved = true;
    let to = p
        .selected
        .saturating_add_signed(delta)
        .min(n.saturating_sub(1));
    if to == p.selected && !first_choice {
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

/// The entry chosen in the go-to picker, if one is.
pub(super) fn chosen_entity(app: &App) -> Option<dossier_core::content::EntityRef> {
    match selected_target(app) {
        Some(Target::Entity(e)) => Some(e),
        _ => None,
    }
}

/// The target of the selected entry, if there is one.
fn selected_target(app: &App) -> Option<Target> {
    match &app.overlay {
        Some(Overlay::Search(p)) => app.find.search.hits().get(p.selected).and_then(hit_target),
        Some(Overlay::GoTo(p)) if p.chosen(&app.find.goto.query) => app
            .find
            .goto
            .picks()
            .get(p.selected)
            .map(|pick| Target::Entity(pick.entity)),
        _ => None,
    }
}

/// The search prompt opened again, with `query` typed, on a dossier that
/// took the place of the one it was opened on: from `origin` (where it was
/// opened, found again by ids), with the search it had put aside
/// (`before`), its first hit the one at or after where the reader stands.
pub(super) fn reopen_search(
    app: &mut App,
    origin: super::Location,
    before: Option<(String, dossier_core::search::Options, Option<usize>)>,
    query: &str,
) {
    open_search(app);
    if let Some(p) = prompt_mut(app) {
        p.origin = origin;
        p.before = before;
    }
    edit(app, true, |q| *q = query.to_string());
}

/// The go-to picker opened again, with `query` typed, on a dossier that
/// took the place of the one it was opened on, from `origin`.
pub(super) fn reopen_goto(app: &mut App, origin: super::Location, query: &str) {
    open_goto(app);
    if let Some(p) = prompt_mut(app) {
        p.origin = origin;
    }
    if !query.is_empty() {
        edit(app, false, |q| *q = query.to_string());
    }
}

/// Shows the selected entry in the panes under the prompt, without a jump;
/// with nothing selected, the place the prompt was opened from.
fn preview(app: &mut App) {
    let Some(p) = prompt(app) else {
        return;
    };
    let origin = p.origin.clone();
    let hit = match &app.overlay {
        Some(Overlay::Search(p)) => Some(p.selected),
        _ => None,
    };
    navigate::restore(app, origin);
    if let Some(target) = selected_target(app) {
        navigate::open(app, target);
        if let Some(n) = hit {
            mark_hit(app, n);
        }
    }
    app.notice = None;
}

/// Puts hit `n` in view in the details, when it is there, as the current mark.
fn mark_hit(app: &mut App, n: usize) {
    let hits = app.find.search.hits();
    let Some(hit) = hits.get(n) else {
        return;
    };
    if hit.field == Field::Text {
        app.details.current_mark = None;
        return;
    }
    let k = nth_in_field(hits, n);
    let field = hit.field;
    let mark = app.details.content.mark_of(field, k);
    app.details.current_mark = mark;
    if let Some(row) = mark
        .and_then(|m| app.details.content.marks.get(m))
        .map(|m| m.row)
    {
        panes::scroll_details_to(app, row);
    }
}

/// Enter: closes the prompt and jumps to the selection from where it was opened.
fn accept(app: &mut App) {
    let target = selected_target(app);
    let hit = match &app.overlay {
        Some(Overlay::Search(p)) => Some(p.selected),
        _ => None,
    };
    close(app);
    if hit.is_some() {
        let q = app.find.search.query().to_owned();
        app.find.search.remember(&q);
        if q.is_empty() {
            return;
        }
    }
    match (target, hit) {
        (Some(t), _) => {
            if hit.is_some() {
                app.find.search.current = hit;
            }
            navigate::jump(app, t);
            if let Some(n) = hit {
                mark_hit(app, n);
                app.notice = where_is(app, n);
            }
        }
        (None, Some(n)) => {
            app.find.search.current = Some(n);
            show_description(app, n);
            app.notice = where_is(app, n).or_else(|| no_hits(app));
        }
        (None, None) => {}
    }
}

/// A hit in the dossier's own description opens what the dossier says
/// about itself, where the hit is marked.
fn show_description(app: &mut App, n: usize) {
    let in_description = app
        .find
        .search
        .hits()
        .get(n)
        .is_some_and(|h| h.place == dossier_core::search::HitIn::Dossier);
    if in_description {
        super::about::open(app);
    }
}

/// "No hits for …", for a finished search that found nothing.
fn no_hits(app: &App) -> Option<String> {
    let s = &app.find.search;
    (s.hits().is_empty() && !s.query().is_empty()).then(|| {
        format!(
            "No hits for “{}”{}",
            dossier_core::text::sanitize_line(s.query()),
            if s.search.options().words {
                " as whole words"
            } else {
                ""
            }
        )
    })
}

/// Closes the prompt and puts the panes back where it was opened.
pub(super) fn close(app: &mut App) {
    if let Some(p) = prompt(app) {
        let origin = p.origin.clone();
        app.overlay = None;
        navigate::restore(app, origin);
    }
}

/// Esc or Ctrl-c: closes the prompt and puts everything back as it was,
/// the search `n`/`N` step through included.
fn cancel(app: &mut App) {
    let before = match &app.overlay {
        Some(Overlay::Search(p)) => Some(p.before.clone()),
        _ => None,
    };
    if before.is_some() {
        // What was typed is on ↑ next time, as a search gone to would be.
        let q = app.find.search.query().to_owned();
        app.find.search.remember(&q);
    }
    close(app);
    match before {
        Some(Some((query, options, current))) => {
            app.find.search.restart_with(&app.dossier, &query, options);
            app.find.search.current = current;
        }
        Some(None) => app.find.search.restart(&app.dossier, ""),
        None => {}
    }
    // The marks of the search put back.
    panes::refresh_details(app);
}

/// Where hit `n` is, for the status line: `hit 3/17 · in the details of …`.
pub(super) fn where_is(app: &App, n: usize) -> Option<String> {
    let s = &app.find.search;
    let hit = s.hits().get(n)?;
    let d = &app.dossier;
    let more = if s.search.is_done() { "" } else { "+" };
    let title = |e| {
        dossier_core::text::truncate(
            &dossier_core::text::sanitize_line(d.title(e).unwrap_or("")),
            40,
        )
    };
    let place = match (hit.place, hit.field) {
        (dossier_core::search::HitIn::Dossier, _) => "in the dossier's description".to_string(),
        (dossier_core::search::HitIn::Entity(e), Field::Text) => {
            format!("in the text of {}", title(e))
        }
        (dossier_core::search::HitIn::Entity(e), Field::Title) => {
            format!("in the title of {}", title(e))
        }
        (dossier_core::search::HitIn::Entity(e), f) => {
            format!("in the details ({}) of {}", f.name(), title(e))
        }
    };
    Some(format!("hit {}/{}{more} · {place}", n + 1, s.hits().len()))
}

fn click(app: &mut App, column: u16, row: u16) {
    let list = layout::prompt_list(app.prompt_area());
    if !contains(app.prompt_area(), column, row) {
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
    let moved = prompt(app).is_some_and(|p| p.moved);
    let from_after = prompt(app).is_some_and(|p| p.from.is_some());
    if from_after && !moved && selected >= had {
        // Still looking for the first hit after where the reader was.
        aim(app);
    } else if selected >= had && selected < has {
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
        app.notice = no_hits(app);
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
    s.hidden = false;
    let target = s.hits().get(to).and_then(hit_target);
    if let Some(t) = target {
        navigate::jump(app, t);
    }
    show_description(app, to);
    panes::refresh_details(app);
    mark_hit(app, to);
    let mut notice = where_is(app, to).unwrap_or_default();
    if wrapped {
        notice.push_str(if forward {
            " · wrapped to the first"
        } else {
            " · wrapped to the last"
        });
    }
    app.notice = Some(notice);
}
