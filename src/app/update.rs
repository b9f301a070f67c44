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
            | Action::Whole(_)
            | Action::Fronts(_)
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
            | Action::Reload(Reload::Done(_) | Reload::Watched(_) | Reload::Completed(_))
            | Action::Tick(_)
            | Action::Saved(Ok(()))
    ) {
        app.notice = None;
    }
    // A key that needs what a preview has not read yet waits for it.
    let Some(action) = super::reading::hold(app, action, &mut fx) else {
        return fx;
    };
    // What the loop reports goes through whatever is open.
    let action = match action {
        Action::Whole(patch) => {
            for waited in super::reading::patched(app, patch) {
                fx.extend(update(app, waited));
            }
            return fx;
        }
        Action::Fronts(fronts) => {
            super::reading::fronts(app, fronts);
            return fx;
        }
        Action::Reload(Reload::Failed) if app.reading().is_some() => {
            super::reading::failed(app);
            return fx;
        }
        Action::Reload(Reload::Completed(d)) => {
            for waited in super::reading::complete(app, d) {
                fx.extend(update(app, waited));
            }
            return fx;
        }
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
            super::reading::tick(app);
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
            super::overlay_keys::update_overlay(app, overlay, &action, &mut fx)
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
        | Action::Whole(_)
        | Action::Fronts(_)
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
            // While the rest is read, the problems found so far (maybe none yet).
            if app.reading.is_some() || !app.dossier.problems.is_empty() {
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
