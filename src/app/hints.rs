//! The footer's key hints: which commands matter where the reader is, each
//! spelled by its first key in a keymap. A command with no key in the
//! keymap has no hint.

use dossier_core::content::EntityRef;

use super::App;
use super::action::{Command, ListKind, Mode, Pane};
use super::keymap::Keymap;

/// The few keys that matter in the focused pane, as (keys, word) pairs,
/// most important first; help and quit last.
pub fn hints(app: &App, keymap: Keymap) -> Vec<(String, &'static str)> {
    let mode = app.mode();
    use Command as C;
    // Typing what to find in the help: Enter keeps it, Esc drops it, as
    // the help's frame says.
    if mode == Mode::Prompt && matches!(app.overlay(), Some(super::Overlay::Help { .. })) {
        let keys: [(&[Command], &'static str); 2] =
            [(&[C::Follow], "done"), (&[C::Close], "cancel")];
        return keys
            .into_iter()
            .filter_map(|(commands, word)| keymap.hint(mode, commands).map(|k| (k, word)))
            .collect();
    }
    if mode == Mode::Prompt {
        let search = matches!(app.overlay(), Some(super::Overlay::Search(_)));
        return keymap.prompt_hints_for(search);
    }
    let mut list: Vec<(&[Command], &'static str)> = Vec::new();
    if let Some(super::Overlay::Sides) = app.overlay() {
        let alone = app.sides().alone;
        list.push((&[C::Down, C::Up], "move"));
        if alone.is_none() {
            list.push((&[C::NextIssue, C::PrevIssue], "issue"));
        }
        // The footer gives way from the third last: Enter, which the
        // view's frame names too, before Tab.
        list.push((
            &[C::Follow],
            if alone.is_some() {
                "open"
            } else {
                "go to the passage"
            },
        ));
        list.push((&[C::NextSide], next_side_word(alone)));
        list.push((&[C::Close], "close"));
    } else if let Some(super::Overlay::Citers { .. }) = app.overlay() {
        list.push((&[C::Down, C::Up], "select"));
        list.push((&[C::Follow], "go"));
        list.push((&[C::Close], "cancel"));
    } else if let Some(super::Overlay::About { .. }) = app.overlay() {
        // Its links are followed as the details' are.
        list.push((&[C::Down, C::Up], "link or scroll"));
        list.push((&[C::Follow], "follow"));
        list.push((&[C::Close], "close"));
    } else if app.overlay().is_some() {
        list.push((&[C::Down, C::Up], "scroll"));
        list.push((&[C::Close], "close"));
    } else {
        match app.focus() {
            Pane::List if app.picture_shown() => {
                list.push((&[C::Down, C::Up], "move"));
                list.push((&[C::Follow], "open source"));
                list.push((&[C::PictureZoomIn, C::PictureZoomOut], "zoom"));
                list.push((&[C::ShowTimeline], "list"));
            }
            Pane::List => {
                list.push((&[C::Down, C::Up], "move"));
                list.push((&[C::Follow], "open source"));
                list.push((&[C::ShowTimeline, C::ShowIssues, C::ShowArticles], "lists"));
                list.push((&[C::Sides], "sides"));
            }
            Pane::Details => {
                list.push((&[C::Down, C::Up], "move"));
                list.push((&[C::Follow], "follow"));
            }
            Pane::Article => {
                list.push((&[C::Down, C::Up], "scroll"));
                list.push((&[C::NextPassage, C::PrevPassage], "passage"));
                list.push((&[C::Follow], "cited by"));
            }
        }
        // A filter's key right after moving: it explains what the list shows.
        if app.lens().is_active()
            && app.nav().kind() == ListKind::Timeline
            && super::next_undo(app) != Some(super::Undo::Filter)
        {
            list.insert(1, (&[C::ClearFilter], "clear filter"));
        } else if matches!(app.details().shown, Some(EntityRef::Issue(_))) {
            list.insert(1, (&[C::FilterIssue], "filter timeline"));
        }
        // Entries new since the last visit: the key that goes to them.
        if app.marks().new + app.marks().changed > 0 {
            list.insert(1, (&[C::NextNew], "next new"));
        }
        // What Esc undoes next, right after moving.
        match super::next_undo(app) {
            Some(super::Undo::Zoom) => list.insert(1, (&[C::Cancel], "unzoom")),
            Some(super::Undo::Filter) => list.insert(1, (&[C::Cancel], "clear filter")),
            Some(super::Undo::Marks) => list.insert(1, (&[C::Cancel], "hide marks")),
            None => {}
        }
        // Back matters most once a jump was made: it goes right after moving.
        if !app.history().back.is_empty() {
            list.insert(1, (&[C::Back], "back"));
        }
        if app.find().search.current.is_some() {
            list.push((&[C::NextHit, C::PrevHit], "hit"));
        } else {
            list.push((&[C::Search], "search"));
        }
        list.push((&[C::NextPane], "pane"));
        list.push((&[C::Help], "help"));
        list.push((&[C::Quit], "quit"));
    }
    list.into_iter()
        .filter_map(|(commands, word)| keymap.hint(mode, commands).map(|k| (k, word)))
        .collect()
}

/// What the sides view's Tab shows next.
pub fn next_side_word(alone: Option<usize>) -> &'static str {
    match alone {
        None => "one side",
        Some(k) if k + 1 < super::sides::SIDES.len() => "other side",
        Some(_) => "both sides",
    }
}
