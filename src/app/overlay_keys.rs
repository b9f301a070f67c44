//! The keys and clicks of the overlays: the help, the problems and the
//! "about" text (scrolling, finding, following a link), the pins, the sides
//! view, the chooser of who cites a passage, and the selection of a passage
//! with its questions. `update` hands an action here while an overlay is
//! open; what is not handled goes on to the panes.

use super::action::{Action, Command, Effect};
use super::{App, Overlay, navigate, panes, remember};

/// Handles an action while the help or the problems are open; false lets
/// it through.
pub(super) fn update_overlay(
    app: &mut App,
    overlay: Overlay,
    action: &Action,
    fx: &mut Vec<Effect>,
) -> bool {
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
        Action::Command(c) => sides_command(app, c, page, step),
        Action::Scroll { lines, .. } => {
            app.sides.scroll = app.sides.scroll.saturating_add_signed(isize::from(lines));
            super::sides::clamp(&mut app.sides, h);
            true
        }
        Action::Click { column, row } => {
            super::mouse::click_sides(app, column, row);
            true
        }
        Action::Resize { .. } => false,
        _ => true,
    }
}

/// A command in the sides view, in either layout: `step` moves by a count
/// (of passages, or of issue lines), `page` is a page of them.
fn sides_command(
    app: &mut App,
    c: Command,
    page: isize,
    step: impl Fn(&mut App, isize) -> bool,
) -> bool {
    match c {
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
        Action::Command(c) => sides_command(app, c, page, step),
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
