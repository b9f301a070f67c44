//! `update`: the one entry to the reader's state. It dispatches each action
//! to the module that applies it (navigation, the prompts, the mouse, the
//! overlays), and returns what it wants done outside as [`Effect`]s.

use super::action::{Action, Command, Effect, Exit, ListKind, Pane, Reload};
use super::{App, Overlay, copy, mouse, navigate, panes, prompt, remember};

/// Applies one action; returns what it asks of the world outside.
pub fn update(app: &mut App, action: impl Into<Action>) -> Vec<Effect> {
    let action = action.into();
    // What the reader did, not time passing or the loop reporting.
    let acted = !matches!(
        action,
        Action::Work
            | Action::Tick(_)
            | Action::Saved(_)
            | Action::Resize { .. }
            | Action::Reload(_)
            | Action::Outcome(_)
            | Action::Signal
    );
    if acted {
        // Sizes come back to where the panes are now, not to before.
        app.resized_from = None;
    }
    // Esc's order counts what a prompt turned on once it closes, against
    // what was on when it opened (its previews come and go meanwhile).
    use super::action::Mode;
    let in_prompt = app.mode() == Mode::Prompt;
    let before = if in_prompt {
        app.undo_at_prompt
    } else {
        undoables(app)
    };
    let fx = dispatch(app, action);
    if app.mode() == Mode::Prompt {
        if !in_prompt {
            app.undo_at_prompt = before;
        }
    } else {
        // What was just turned on goes last in Esc's order.
        let after = undoables(app);
        for (thing, (was, is)) in Undo::ALL.iter().zip(before.iter().zip(after)) {
            if is && !was {
                app.undo.retain(|u| u != thing);
                app.undo.push(*thing);
            }
        }
    }
    super::picture::refresh(app);
    if acted {
        remember::observe(app);
    }
    fx
}

/// What `Esc` can undo in the panes, in its fixed order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undo {
    /// The search marks (hidden).
    Marks,
    /// The timeline's filter (cleared).
    Filter,
    /// The zoom (left).
    Zoom,
}

impl Undo {
    pub const ALL: [Undo; 3] = [Undo::Marks, Undo::Filter, Undo::Zoom];

    fn is_on(self, app: &App) -> bool {
        match self {
            Undo::Marks => app.find.search.marking(),
            Undo::Filter => app.lens.is_active(),
            Undo::Zoom => app.zoomed,
        }
    }
}

fn undoables(app: &App) -> [bool; 3] {
    Undo::ALL.map(|u| u.is_on(app))
}

/// What `Esc` in the panes undoes next: the most recent of the search
/// marks, the filter and the zoom that is still on.
pub fn next_undo(app: &App) -> Option<Undo> {
    app.undo
        .iter()
        .rev()
        .copied()
        .find(|u| u.is_on(app))
        .or_else(|| Undo::ALL.into_iter().find(|u| u.is_on(app)))
}

fn dispatch(app: &mut App, action: Action) -> Vec<Effect> {
    let mut fx = Vec::new();
    if !matches!(
        action,
        Action::Work
            | Action::Resize { .. }
            | Action::Reload(Reload::Done(_) | Reload::Watched(_))
            | Action::Tick(_)
            | Action::Saved(Ok(()))
    ) {
        app.notice = None;
    }
    // What the loop reports goes through whatever is open.
    let action = match action {
        Action::Reload(r) => {
            super::reload::reported(app, r);
            return fx;
        }
        Action::Outcome(said) => {
            app.notice = Some(dossier_core::text::sanitize_line(&said).into_owned());
            return fx;
        }
        Action::Signal => {
            fx.push(Effect::Exit(Exit::Signal));
            return fx;
        }
        Action::Tick(now) => {
            remember::tick(app, now, &mut fx);
            return fx;
        }
        Action::Saved(result) => {
            remember::saved(app, result);
            return fx;
        }
        other => other,
    };
    // The go-to picker, opened to choose where a cited passage goes: Enter
    // chooses, Esc goes back to the question, without moving the panes.
    if app.append_pick {
        match (&app.overlay, &action) {
            (Some(Overlay::GoTo(_)), Action::Command(Command::Follow)) => {
                let chosen = prompt::chosen_entity(app);
                prompt::close(app);
                app.append_pick = false;
                super::cite::retarget(app, chosen);
                return fx;
            }
            (Some(Overlay::GoTo(_)), Action::Command(Command::Close)) => {
                prompt::close(app);
                app.append_pick = false;
                super::cite::retarget(app, None);
                return fx;
            }
            (Some(Overlay::GoTo(_)), _) => {}
            _ => app.append_pick = false,
        }
    }
    if matches!(app.overlay, Some(Overlay::Append))
        && matches!(action, Action::Command(Command::GoTo))
    {
        app.append_pick = true;
        prompt::open_goto(app);
        return fx;
    }
    if let Some(overlay) = app.overlay.clone() {
        let handled = if overlay.is_prompt() {
            prompt::prompt_action(app, &action, &mut fx)
        } else {
            update_overlay(app, overlay, &action, &mut fx)
        };
        if handled {
            return fx;
        }
    }
    match action {
        Action::Command(command) => run(app, command, &mut fx),
        Action::Open(target) => navigate::jump(app, target),
        Action::Work => prompt::work(app),
        // Typing means something only in a prompt.
        Action::Type(_) => {}
        Action::Click { column, row } => mouse::click(app, column, row),
        Action::Drag { column, row } => mouse::drag(app, column, row),
        Action::Scroll { column, row, lines } => mouse::wheel(app, column, row, lines),
        Action::Resize { width, height } => panes::resize(app, width, height),
        Action::Reload(_)
        | Action::Outcome(_)
        | Action::Signal
        | Action::Tick(_)
        | Action::Saved(_) => {}
    }
    fx
}

/// Runs a command in the panes.
fn run(app: &mut App, command: Command, fx: &mut Vec<Effect>) {
    use navigate::{focus, step};
    match command {
        Command::Down => step(app, 1),
        Command::Up => step(app, -1),
        Command::PageDown => step(app, navigate::page(app)),
        Command::PageUp => step(app, -navigate::page(app)),
        Command::First => step(app, isize::MIN / 2),
        Command::Last => step(app, isize::MAX / 2),
        Command::NextPane => focus(app, Pane::ALL[(app.focus.index() + 1) % 3]),
        Command::PrevPane => focus(app, Pane::ALL[(app.focus.index() + 2) % 3]),
        Command::PaneLeft => focus(app, Pane::ALL[app.focus.index().saturating_sub(1)]),
        Command::PaneRight => focus(app, Pane::ALL[(app.focus.index() + 1).min(2)]),
        Command::FocusList => focus(app, Pane::List),
        Command::FocusDetails => focus(app, Pane::Details),
        Command::FocusArticle => focus(app, Pane::Article),
        Command::ShowTimeline => {
            // Again on the timeline, in the list: the list or its picture.
            if app.nav.kind() == ListKind::Timeline && app.focus == Pane::List && !app.zoomed {
                navigate::toggle_picture(app);
            } else {
                navigate::show_list(app, ListKind::Timeline);
            }
        }
        Command::Picture => navigate::toggle_picture(app),
        Command::PictureZoomIn | Command::PictureZoomOut => {
            navigate::zoom_picture(app, command == Command::PictureZoomIn);
        }
        Command::ShowIssues => navigate::show_list(app, ListKind::Issues),
        Command::ShowArticles => navigate::show_list(app, ListKind::Articles),
        Command::Follow => navigate::follow(app),
        Command::NextPassage => navigate::step_passage(app, true),
        Command::PrevPassage => navigate::step_passage(app, false),
        Command::Back => navigate::travel(app, false),
        Command::Forward => navigate::travel(app, true),
        Command::Help => {
            app.overlay = Some(Overlay::Help { scroll: 0 });
            app.help_find = Default::default();
        }
        Command::Problems => {
            if !app.dossier.problems.is_empty() {
                app.overlay = Some(Overlay::Problems { scroll: 0 });
            }
        }
        Command::Close => app.overlay = None,
        Command::Copy => fx.extend(copy::copy(app)),
        Command::OpenUrl => fx.extend(copy::open_url(app)),
        Command::Reload => fx.push(Effect::Reload),
        Command::Quit => fx.push(Effect::Exit(Exit::Quit)),
        Command::Search => prompt::open_search(app),
        Command::GoTo => prompt::open_goto(app),
        Command::NextHit => prompt::next_hit(app, true),
        Command::PrevHit => prompt::next_hit(app, false),
        Command::FilterIssue => navigate::filter_issue(app),
        Command::FilterKind => navigate::change_lens(app, |lens, d| lens.cycle_kind(d)),
        Command::FilterDisputed => navigate::filter_disputed(app),
        Command::About => super::about::open(app),
        Command::Sides => navigate::open_sides(app),
        Command::ClearFilter => {
            if app.lens.is_active() {
                navigate::change_lens(app, |lens, _| lens.clear());
            }
        }
        Command::NextNew => remember::next_new(app),
        Command::Pin => remember::pin(app),
        Command::Bookmarks => remember::open_bookmarks(app),
        Command::Zoom => navigate::zoom(app, !app.zoomed),
        Command::Edit => super::edit::edit(app, fx),
        Command::Select => super::select::start(app),
        // Only while selecting (in its overlay).
        Command::SelectWordNext
        | Command::SelectWordPrev
        | Command::SelectSentenceNext
        | Command::SelectSentencePrev
        | Command::SelectOtherEnd
        | Command::CiteCopy
        | Command::CiteAppend => {}
        // The most recent thing turned on first, as Esc leaves the last
        // mode entered in vim.
        Command::Cancel => match next_undo(app) {
            Some(Undo::Marks) => {
                app.find.search.hidden = true;
                panes::refresh_details(app);
                let key = app
                    .keymap
                    .primary(super::keymap::Mode::Normal, Command::NextHit)
                    .unwrap_or_default();
                app.notice = Some(format!("Search marks hidden ({key} shows them again)"));
            }
            Some(Undo::Filter) => navigate::change_lens(app, |lens, _| lens.clear()),
            Some(Undo::Zoom) => navigate::zoom(app, false),
            None => {}
        },
        // Editing means something only in a prompt, unpinning in the pins.
        Command::Erase
        | Command::EraseAll
        | Command::Unpin
        | Command::NextSide
        | Command::NextIssue
        | Command::PrevIssue
        | Command::OlderQuery
        | Command::NewerQuery
        | Command::ToggleWords => {}
    }
}

/// Handles an action while the help or the problems are open; false lets
/// it through.
fn update_overlay(app: &mut App, overlay: Overlay, action: &Action, fx: &mut Vec<Effect>) -> bool {
    match overlay {
        Overlay::Select => return update_select(app, action, fx),
        Overlay::Cite { .. } => return update_cite(app, action),
        Overlay::Append => return super::cite::update(app, action, fx),
        Overlay::Bookmarks { selected } => return update_bookmarks(app, selected, action),
        Overlay::Sides => return update_sides(app, action),
        Overlay::Citers { passage, selected } => {
            return update_citers(app, passage, selected, action);
        }
        _ => {}
    }
    let (scroll, len) = match overlay {
        Overlay::Help { scroll } => (scroll, app.help_rows().len()),
        Overlay::Problems { scroll } => (scroll, app.problem_lines().len()),
        Overlay::About { scroll } => (scroll, super::about::len(app)),
        Overlay::Search(_)
        | Overlay::GoTo(_)
        | Overlay::Bookmarks { .. }
        | Overlay::Sides
        | Overlay::Citers { .. }
        | Overlay::Select
        | Overlay::Cite { .. }
        | Overlay::Append => return false,
    };
    let h = app.overlay_page();
    let close = |app: &mut App| {
        app.overlay = None;
        true
    };
    // In the help, `/` finds a word, `n`/`N` the next row with it.
    if let Overlay::Help { scroll } = overlay
        && let Some(scroll) = super::overlay::help_find(app, scroll, action)
    {
        app.overlay = Some(Overlay::Help { scroll });
        return true;
    }
    // In the problems, `e` opens the file of the problem at the top.
    if let (Overlay::Problems { scroll }, Action::Command(Command::Edit)) = (&overlay, action) {
        super::edit::edit_problem(app, *scroll, fx);
        return true;
    }
    // In the about overlay, j/k go from link to link, Enter follows one.
    if let Overlay::About { scroll } = overlay {
        match *action {
            Action::Command(c @ (Command::Down | Command::Up)) => {
                let forward = c == Command::Down;
                let scroll = super::about::step(app, scroll, forward);
                app.overlay = Some(Overlay::About { scroll });
                return true;
            }
            Action::Command(Command::Follow) => {
                navigate::follow_about(app);
                return true;
            }
            _ => {}
        }
    }
    let delta: isize = match *action {
        Action::Scroll { lines, .. } => isize::from(lines),
        Action::Click { .. } => return close(app),
        Action::Resize { .. } => return false,
        Action::Command(c) => match c {
            Command::Down => 1,
            Command::Up => -1,
            Command::PageDown => h as isize - 1,
            Command::PageUp => 1 - h as isize,
            Command::First => isize::MIN / 2,
            Command::Last => isize::MAX / 2,
            Command::Close => return close(app),
            Command::Help if matches!(overlay, Overlay::Help { .. }) => return close(app),
            Command::Problems if matches!(overlay, Overlay::Problems { .. }) => {
                return close(app);
            }
            Command::About if matches!(overlay, Overlay::About { .. }) => return close(app),
            // A search hit in the description opened it: n/N go on to the next.
            Command::NextHit | Command::PrevHit if matches!(overlay, Overlay::About { .. }) => {
                app.overlay = None;
                return false;
            }
            Command::Quit | Command::Help | Command::Problems | Command::About => return false,
            _ => return true,
        },
        _ => return true,
    };
    let max = len.saturating_sub(h);
    let scroll = scroll.saturating_add_signed(delta).min(max);
    app.overlay = Some(match overlay {
        Overlay::Help { .. } => Overlay::Help { scroll },
        Overlay::Problems { .. } => Overlay::Problems { scroll },
        Overlay::About { .. } => Overlay::About { scroll },
        other => other,
    });
    true
}

/// Handles an action while a passage is being selected; false lets it
/// through (a resize, the wheel, quitting).
fn update_select(app: &mut App, action: &Action, fx: &mut Vec<Effect>) -> bool {
    use super::select::{self, Unit};
    match *action {
        Action::Command(c) => match c {
            Command::Down => select::extend(app, Unit::Line, true),
            Command::Up => select::extend(app, Unit::Line, false),
            Command::SelectWordNext => select::extend(app, Unit::Word, true),
            Command::SelectWordPrev => select::extend(app, Unit::Word, false),
            Command::SelectSentenceNext => select::extend(app, Unit::Sentence, true),
            Command::SelectSentencePrev => select::extend(app, Unit::Sentence, false),
            Command::SelectOtherEnd => select::swap(app),
            Command::CiteCopy => select::copy(app, fx),
            Command::CiteAppend => super::cite::ask(app),
            Command::Close | Command::Select => select::cancel(app),
            Command::Quit | Command::Help => return false,
            _ => {}
        },
        // A press in the text starts another selection by dragging; elsewhere
        // it ends this one and does what it does.
        Action::Click { column, row } => {
            if super::mouse::byte_at_cell(app, column, row).is_none() {
                select::cancel(app);
                return false;
            }
            return false;
        }
        Action::Drag { .. } | Action::Scroll { .. } | Action::Resize { .. } => return false,
        _ => {}
    }
    true
}

/// Handles an action while the copied block is shown: any key closes it
/// (the selection stays); false lets the others through.
fn update_cite(app: &mut App, action: &Action) -> bool {
    match *action {
        Action::Command(Command::Quit) => false,
        Action::Command(_) | Action::Click { .. } => {
            app.overlay = app.selection.map(|_| Overlay::Select);
            true
        }
        _ => false,
    }
}

/// Where a moving action (a line, a page, an end, the wheel) takes the
/// selection of an overlay's list of `len` entries; `None` for any other.
fn moved_in_list(action: &Action, selected: usize, len: usize) -> Option<usize> {
    let to = match *action {
        Action::Command(Command::Down) => selected + 1,
        Action::Command(Command::Up) => selected.saturating_sub(1),
        Action::Command(Command::First | Command::PageUp) => 0,
        Action::Command(Command::Last | Command::PageDown) => len,
        Action::Scroll { lines, .. } => selected.saturating_add_signed(isize::from(lines)),
        _ => return None,
    };
    Some(to.min(len.saturating_sub(1)))
}

/// Handles an action while the list of pins is open; false lets it through.
fn update_bookmarks(app: &mut App, selected: usize, action: &Action) -> bool {
    if let Some(s) = moved_in_list(action, selected, app.bookmarks().len()) {
        app.overlay = Some(Overlay::Bookmarks { selected: s });
        return true;
    }
    match *action {
        Action::Command(c) => match c {
            Command::Follow => {
                remember::follow_pin(app, selected);
                true
            }
            Command::Unpin => {
                let s = remember::unpin(app, selected);
                if app.overlay.is_some() {
                    app.overlay = Some(Overlay::Bookmarks { selected: s });
                }
                true
            }
            Command::Close | Command::Bookmarks => {
                app.overlay = None;
                true
            }
            Command::Quit | Command::Help | Command::Problems => false,
            _ => true,
        },
        Action::Click { .. } => {
            app.overlay = None;
            true
        }
        _ => false,
    }
}

/// Handles an action in the sides view; false lets it through.
fn update_sides(app: &mut App, action: &Action) -> bool {
    let h = panes::sides_height(app);
    let issues = app.dossier.issues.len();
    let alone_h = super::sides::alone_heights(h, issues).0;
    if let Action::Command(c @ (Command::NextSide | Command::NextIssue | Command::PrevIssue)) =
        *action
    {
        match c {
            Command::NextSide => super::sides::next_side(&mut app.sides, issues, h, alone_h),
            _ if app.sides.alone.is_some() => {
                let delta = if c == Command::NextIssue { 1 } else { -1 };
                let before = app.sides.issue;
                super::sides::step_alone(&mut app.sides, delta, issues, alone_h);
                if app.sides.issue == before {
                    say_issue_end(app, c == Command::NextIssue);
                }
            }
            _ => {
                let forward = c == Command::NextIssue;
                if !super::sides::jump_issue(&mut app.sides, forward, issues, h) {
                    say_issue_end(app, forward);
                }
            }
        }
        return true;
    }
    if app.sides.alone.is_some() {
        return update_sides_alone(app, action, issues, alone_h);
    }
    let step = |app: &mut App, delta: isize| {
        super::sides::step(&mut app.sides, delta, h);
        true
    };
    let page = h.saturating_sub(1).max(1) as isize;
    match *action {
        Action::Command(c) => match c {
            Command::Down => step(app, 1),
            Command::Up => step(app, -1),
            Command::PageDown => step(app, page),
            Command::PageUp => step(app, -page),
            Command::First => step(app, isize::MIN / 2),
            Command::Last => step(app, isize::MAX / 2),
            Command::Follow => {
                navigate::follow_side(app);
                true
            }
            Command::Close | Command::Sides => {
                app.overlay = None;
                true
            }
            Command::Quit | Command::Help | Command::Problems | Command::About => false,
            _ => true,
        },
        Action::Scroll { lines, .. } => {
            app.sides.scroll = app.sides.scroll.saturating_add_signed(isize::from(lines));
            super::sides::clamp(&mut app.sides, h);
            true
        }
        Action::Click { column, row } => {
            // A passage: a click selects it, a click on the selected one
            // follows it.
            let area = super::sides::rows_area(app.size);
            if super::layout::contains(area, column, row) {
                let r = app.sides.scroll + usize::from(row - area.y);
                let x = usize::from(column - area.x);
                let cw = app.sides.content.column_width;
                let col = if x < cw {
                    Some(0)
                } else {
                    (x >= cw + 3).then_some(1)
                };
                let hit = app.sides.content.links.iter().position(|l| {
                    Some(l.column) == col && (l.first_row..l.first_row + l.rows).contains(&r)
                });
                if let Some(i) = hit {
                    if app.sides.selected == Some(i) {
                        navigate::follow_side(app);
                    } else {
                        app.sides.selected = Some(i);
                    }
                }
            }
            true
        }
        Action::Resize { .. } => false,
        _ => true,
    }
}

/// `}` past the last issue or `{` before the first: said, as at the ends
/// of the article's passages.
fn say_issue_end(app: &mut App, forward: bool) {
    app.notice = Some(
        if forward {
            "Last issue: no issue after this one"
        } else {
            "First issue: no issue before this one"
        }
        .to_string(),
    );
}

/// The sides view with one side alone: an issue a line, moved through as
/// a list; `h` is the number of issue lines in view.
fn update_sides_alone(app: &mut App, action: &Action, issues: usize, h: usize) -> bool {
    let step = |app: &mut App, delta: isize| {
        super::sides::step_alone(&mut app.sides, delta, issues, h);
        true
    };
    let page = h.saturating_sub(1).max(1) as isize;
    match *action {
        Action::Command(c) => match c {
            Command::Down => step(app, 1),
            Command::Up => step(app, -1),
            Command::PageDown => step(app, page),
            Command::PageUp => step(app, -page),
            Command::First => step(app, isize::MIN / 2),
            Command::Last => step(app, isize::MAX / 2),
            Command::Follow => {
                navigate::follow_side(app);
                true
            }
            Command::Close | Command::Sides => {
                app.overlay = None;
                true
            }
            Command::Quit | Command::Help | Command::Problems | Command::About => false,
            _ => true,
        },
        Action::Scroll { lines, .. } => step(app, isize::from(lines)),
        Action::Click { column, row } => {
            // An issue's line: a click selects it, a click on the selected
            // one opens it.
            let area = super::sides::rows_area(app.size);
            let lines = u16::try_from(h).unwrap_or(u16::MAX);
            if super::layout::contains(area, column, row) && row - area.y < lines {
                let i = app.sides.issue_scroll + usize::from(row - area.y);
                if i < issues {
                    if app.sides.issue == i {
                        navigate::follow_side(app);
                    } else {
                        app.sides.issue = i;
                    }
                }
            }
            true
        }
        Action::Resize { .. } => false,
        _ => true,
    }
}

/// Handles an action in the chooser of a passage's citers; false lets it
/// through.
fn update_citers(app: &mut App, passage: usize, selected: usize, action: &Action) -> bool {
    let len = app.passages().get(passage).map_or(0, |p| p.entries().len());
    if let Some(s) = moved_in_list(action, selected, len) {
        app.overlay = Some(Overlay::Citers {
            passage,
            selected: s,
        });
        return true;
    }
    match *action {
        Action::Command(c) => match c {
            Command::Follow => {
                navigate::follow_citer(app, passage, selected);
                true
            }
            Command::Close => {
                app.overlay = None;
                true
            }
            Command::Quit | Command::Help => false,
            _ => true,
        },
        Action::Click { .. } => {
            app.overlay = None;
            true
        }
        _ => false,
    }
}
