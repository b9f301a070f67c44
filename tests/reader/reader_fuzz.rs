//! Long random sequences of keys, clicks, wheel turns and resizes (1×1 to
//! 500×200) never panic, on the reader fixture and on the hostile one, the
//! search and go-to prompts and the timeline's filter included.

use crate::common;

use common::{Screen, fixture};
use dossier::app::{Action, Effect, Reload};
use dossier_core::content::load_dir;
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
            "jkgGhlHLtia123[]?pq /:nNfFKwageyRz"
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
        1 => (0u16..510, 0u16..210).prop_map(|(column, row)| Event::Mouse(MouseEvent { kind: MouseEventKind::Down(MouseButton::Left), column, row, modifiers: KeyModifiers::NONE })),
        1 => (0u16..510, 0u16..210, any::<bool>()).prop_map(|(column, row, down)| Event::Mouse(MouseEvent {
            kind: if down { MouseEventKind::ScrollDown } else { MouseEventKind::ScrollUp }, column, row, modifiers: KeyModifiers::NONE })),
        1 => (1u16..=500, 1u16..=200).prop_map(|(w, h)| Event::Resize(w, h)),
    ]
}

const HOSTILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");

proptest! {
    #![proptest_config(ProptestConfig { cases: 30, ..ProptestConfig::default() })]
    #[test]
    fn random_input_never_panics(events in prop::collection::vec(event(), 1..150), mono in any::<bool>(), hostile in any::<bool>()) {
        let d = if hostile { load_dir(std::path::Path::new(HOSTILE)) } else { fixture() };
        let mut s = Screen::monochrome(d, 100, 30, mono);
        for ev in events {
            s.events([ev]);
            // Let a running search go on, as the real loop does when idle.
            s.apply(Action::Work);
            // The loop's part of `y` and `R`: the clipboard text is taken, and
            // the same folder is read again. Quitting ends a real session;
            // here keep going to cover more.
            if std::mem::take(&mut s.effects).contains(&Effect::Reload) {
                let again = if hostile { load_dir(std::path::Path::new(HOSTILE)) } else { fixture() };
                s.apply(Action::Reload(Reload::Started));
                s.apply(Action::Reload(Reload::Done(std::sync::Arc::new(again))));
                s.draw();
            }
        }
    }
}

/// Every size from 1×1 up, in steps, to 500×200 draws on both fixtures, and a
/// storm of resizes with no key in between ends at the last size.
#[test]
fn every_size_draws_and_storms_settle() {
    let sizes: Vec<(u16, u16)> = (1..=500u16)
        .step_by(7)
        .flat_map(|w| [1, 2, 3, 5, 8, 13, 24, 50, 120, 200].map(|h| (w, h)))
        .chain([(1, 1), (500, 200)])
        .collect();
    for d in [fixture(), load_dir(std::path::Path::new(HOSTILE))] {
        let mut s = Screen::new(d, 80, 24);
        s.events(sizes.iter().map(|&(w, h)| Event::Resize(w, h)));
        assert_eq!(s.terminal.backend().buffer().area.width, 500);
        for &(w, h) in sizes.iter().step_by(5) {
            s.events([Event::Resize(w, h)]);
            s.keys("j\n3G");
            let rows = s.text();
            assert_eq!(rows.lines().count(), h as usize);
        }
    }
}
