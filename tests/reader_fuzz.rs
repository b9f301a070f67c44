//! Long random sequences of keys, clicks, wheel turns and resizes never panic,
//! the search and go-to prompts and the timeline's filter included.

mod common;

use common::{Screen, fixture};
use proptest::prelude::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

fn event() -> impl Strategy<Value = Event> {
    let keys = prop_oneof![
        prop::sample::select(vec![
            KeyCode::Enter,
            KeyCode::Backspace,
            KeyCode::Tab,
            KeyCode::BackTab,
            KeyCode::Esc,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
        ]),
        prop::sample::select(
            "jkgGhlHLtia123[]?pq /:nNfFKwage"
                .chars()
                .collect::<Vec<_>>()
        )
        .prop_map(KeyCode::Char),
        any::<char>().prop_map(KeyCode::Char),
    ];
    let mods = prop::sample::select(vec![
        KeyModifiers::NONE,
        KeyModifiers::NONE,
        KeyModifiers::CONTROL,
        KeyModifiers::ALT,
        KeyModifiers::SHIFT,
    ]);
    prop_oneof![
        6 => (keys, mods).prop_map(|(k, m)| Event::Key(KeyEvent::new_with_kind(k, m, KeyEventKind::Press))),
        1 => (0u16..260, 0u16..90).prop_map(|(column, row)| Event::Mouse(MouseEvent { kind: MouseEventKind::Down(MouseButton::Left), column, row, modifiers: KeyModifiers::NONE })),
        1 => (0u16..260, 0u16..90, any::<bool>()).prop_map(|(column, row, down)| Event::Mouse(MouseEvent {
            kind: if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp }, column, row, modifiers: KeyModifiers::NONE })),
        1 => (1u16..250, 1u16..80).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]
    #[test]
    fn random_input_never_panics(events in prop::collection::vec(event(), 1..150), mono in any::<bool>()) {
        let mut s = Screen::new(fixture(), 100, 30);
        s.app.monochrome = mono;
        for ev in events {
            // Quitting ends a real session; here keep going to cover more.
            s.app.quit = false;
            s.events([ev]);
            // Let a running search go on, as the real loop does when idle.
            dossier::app::update(&mut s.app, dossier::app::Action::Work);
        }
    }
}
