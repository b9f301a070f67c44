//! Key presses as the terminal reports them become the reader's own keys in
//! one place (`reader::key_of`): Shift is in the character or in Shift-Tab,
//! a Ctrl-letter is matched in either case, and a key the reader has no name
//! for means nothing.

use crate::common;

use dossier::app::{Action, App, Command};
use dossier::config::{Key, KeyCode, Mods};
use dossier::reader::{key_of, to_action};
use ratatui::crossterm::event::{self as ct, Event, KeyEvent, KeyEventKind, KeyModifiers};

fn press(code: ct::KeyCode, mods: KeyModifiers) -> Event {
    Event::Key(KeyEvent::new_with_kind(code, mods, KeyEventKind::Press))
}

fn command(app: &App, ev: Event) -> Option<Command> {
    to_action(app, &ev).and_then(|a| a.command())
}

#[test]
fn shift_is_in_the_key_and_ctrl_letters_match_in_either_case() {
    let mut app = App::new(common::fixture(), 80, 24);
    let shift = KeyModifiers::SHIFT;
    assert_eq!(
        command(&app, press(ct::KeyCode::Char('G'), shift)),
        Some(Command::Last)
    );
    assert_eq!(
        command(&app, press(ct::KeyCode::BackTab, shift)),
        Some(Command::PrevPane)
    );
    assert_eq!(
        command(&app, press(ct::KeyCode::Char('C'), KeyModifiers::CONTROL)),
        Some(Command::Quit)
    );
    assert_eq!(
        key_of(&KeyEvent::new(ct::KeyCode::Left, KeyModifiers::ALT | shift)),
        Some(Key::new(KeyCode::Left, Mods::ALT))
    );
    // Keys the reader has no name for, and key releases, mean nothing.
    assert_eq!(key_of(&KeyEvent::new(ct::KeyCode::CapsLock, shift)), None);
    assert!(to_action(&app, &press(ct::KeyCode::Null, KeyModifiers::NONE)).is_none());
    let release = Event::Key(KeyEvent::new_with_kind(
        ct::KeyCode::Char('q'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    ));
    assert!(to_action(&app, &release).is_none());
    // In a prompt a shifted letter is typed as it is.
    let _ = dossier::app::update(&mut app, Command::Search);
    assert!(matches!(
        to_action(&app, &press(ct::KeyCode::Char('Q'), shift)),
        Some(Action::Type('Q'))
    ));
}
