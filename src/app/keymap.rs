//! Keys to actions: a pure lookup over one table, and the reverse lookup that
//! the footer hints and the help overlay are generated from.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, ListKind, Pane};

/// Which bindings apply: the panes, an overlay on top of them, or a prompt
/// that takes typed text (search, go to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Overlay,
    /// Letters type into the query: only the keys bound here do anything else.
    Prompt,
}

/// A key with its modifiers (Shift is folded into the character for letters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// One binding; `None` as mode means the panes and the overlays (not a prompt).
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub key: Key,
    pub action: Action,
    pub mode: Option<Mode>,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const ALT: KeyModifiers = KeyModifiers::ALT;

const fn b(code: KeyCode, mods: KeyModifiers, action: Action, mode: Option<Mode>) -> Binding {
    Binding {
        key: Key { code, mods },
        action,
        mode,
    }
}

const fn ch(c: char, action: Action) -> Binding {
    b(KeyCode::Char(c), NONE, action, None)
}

const fn n(code: KeyCode, action: Action) -> Binding {
    b(code, NONE, action, Some(Mode::Normal))
}

const fn nch(c: char, action: Action) -> Binding {
    b(KeyCode::Char(c), NONE, action, Some(Mode::Normal))
}

const fn p(code: KeyCode, mods: KeyModifiers, action: Action) -> Binding {
    b(code, mods, action, Some(Mode::Prompt))
}

/// Every binding, in the order the help lists them. The first key of an
/// action is the one the footer shows.
pub const BINDINGS: &[Binding] = &[
    ch('j', Action::Down),
    b(KeyCode::Down, NONE, Action::Down, None),
    ch('k', Action::Up),
    b(KeyCode::Up, NONE, Action::Up, None),
    b(KeyCode::PageDown, NONE, Action::PageDown, None),
    b(KeyCode::Char('d'), CTRL, Action::PageDown, None),
    ch(' ', Action::PageDown),
    b(KeyCode::PageUp, NONE, Action::PageUp, None),
    b(KeyCode::Char('u'), CTRL, Action::PageUp, None),
    ch('g', Action::First),
    b(KeyCode::Home, NONE, Action::First, None),
    ch('G', Action::Last),
    b(KeyCode::End, NONE, Action::Last, None),
    n(KeyCode::Tab, Action::NextPane),
    n(KeyCode::BackTab, Action::PrevPane),
    nch('h', Action::PaneLeft),
    n(KeyCode::Left, Action::PaneLeft),
    nch('l', Action::PaneRight),
    n(KeyCode::Right, Action::PaneRight),
    nch('1', Action::Focus(Pane::List)),
    nch('2', Action::Focus(Pane::Details)),
    nch('3', Action::Focus(Pane::Article)),
    nch('t', Action::Show(ListKind::Timeline)),
    nch('i', Action::Show(ListKind::Issues)),
    nch('a', Action::Show(ListKind::Articles)),
    n(KeyCode::Enter, Action::Follow),
    nch(']', Action::NextPassage),
    nch('[', Action::PrevPassage),
    n(KeyCode::Backspace, Action::Back),
    b(KeyCode::Char('o'), CTRL, Action::Back, Some(Mode::Normal)),
    nch('H', Action::Back),
    b(KeyCode::Left, ALT, Action::Back, Some(Mode::Normal)),
    nch('L', Action::Forward),
    b(KeyCode::Right, ALT, Action::Forward, Some(Mode::Normal)),
    nch('/', Action::Search),
    nch('n', Action::NextHit),
    nch('N', Action::PrevHit),
    b(KeyCode::Char('p'), CTRL, Action::GoTo, Some(Mode::Normal)),
    nch(':', Action::GoTo),
    nch('f', Action::FilterIssue),
    nch('K', Action::FilterKind),
    nch('F', Action::ClearFilter),
    nch('y', Action::Copy),
    nch('R', Action::Reload),
    ch('?', Action::Help),
    ch('p', Action::Problems),
    b(KeyCode::Esc, NONE, Action::Close, Some(Mode::Overlay)),
    b(KeyCode::Char('q'), NONE, Action::Close, Some(Mode::Overlay)),
    nch('q', Action::Quit),
    b(KeyCode::Char('c'), CTRL, Action::Quit, None),
    // In a prompt, every other plain character is typed into the query.
    p(KeyCode::Down, NONE, Action::Down),
    p(KeyCode::Char('n'), CTRL, Action::Down),
    p(KeyCode::Up, NONE, Action::Up),
    p(KeyCode::Char('p'), CTRL, Action::Up),
    p(KeyCode::PageDown, NONE, Action::PageDown),
    p(KeyCode::PageUp, NONE, Action::PageUp),
    p(KeyCode::Enter, NONE, Action::Follow),
    p(KeyCode::Esc, NONE, Action::Close),
    p(KeyCode::Backspace, NONE, Action::Erase),
    p(KeyCode::Char('u'), CTRL, Action::EraseAll),
    p(KeyCode::Char('c'), CTRL, Action::Quit),
];

impl Key {
    /// The key as the help and the footer spell it.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Down => "↓".into(),
            KeyCode::Up => "↑".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "Shift-Tab".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Backspace => "Backspace".into(),
            KeyCode::Esc => "Esc".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{base}")
        } else if self.mods.contains(KeyModifiers::ALT) {
            format!("Alt-{base}")
        } else {
            base
        }
    }
}

fn applies(binding: &Binding, mode: Mode) -> bool {
    match binding.mode {
        Some(m) => m == mode,
        None => mode != Mode::Prompt,
    }
}

/// The action a key press means in a mode, if any.
pub fn lookup(mode: Mode, key: KeyEvent) -> Option<Action> {
    let mut mods = key.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
    let mut code = key.code;
    // Terminals disagree on whether Ctrl-letter arrives upper or lower case.
    if let KeyCode::Char(c) = code
        && mods.contains(KeyModifiers::CONTROL)
    {
        code = KeyCode::Char(c.to_ascii_lowercase());
    }
    if code == KeyCode::BackTab {
        mods = KeyModifiers::NONE;
    }
    let bound = BINDINGS
        .iter()
        .find(|b| applies(b, mode) && b.key.code == code && b.key.mods == mods)
        .map(|b| b.action);
    match (bound, mode, code) {
        (None, Mode::Prompt, KeyCode::Char(c)) if mods.is_empty() && !c.is_control() => {
            Some(Action::Type(c))
        }
        _ => bound,
    }
}

/// Every key bound to an action in a mode, in table order.
pub fn keys_for(mode: Mode, action: Action) -> impl Iterator<Item = Key> {
    BINDINGS
        .iter()
        .filter(move |b| applies(b, mode) && b.action == action)
        .map(|b| b.key)
}

/// The first key bound to an action, spelled for a hint.
pub fn primary(mode: Mode, action: Action) -> Option<String> {
    keys_for(mode, action).next().map(|k| k.label())
}

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    /// Every key of an action, and what it does.
    Keys {
        keys: String,
        what: &'static str,
    },
    /// The mark of an event kind, drawn by the interface.
    Kind(crate::content::Kind),
    Text(&'static str),
    Blank,
}

/// What a key does in a prompt, where some actions mean something else.
fn describe_in_prompt(action: Action) -> &'static str {
    match action {
        Action::Down => "select the next entry",
        Action::Up => "select the previous entry",
        Action::PageDown => "half a page down",
        Action::PageUp => "half a page up",
        Action::Follow => "go to the selection",
        Action::Close => "cancel: back to where you were",
        Action::Erase => "erase a character",
        Action::EraseAll => "erase the query",
        other => other.describe(),
    }
}

const SECTIONS: &[(&str, &[Action])] = &[
    (
        "Move",
        &[
            Action::Down,
            Action::Up,
            Action::PageDown,
            Action::PageUp,
            Action::First,
            Action::Last,
        ],
    ),
    (
        "Panes and lists",
        &[
            Action::NextPane,
            Action::PrevPane,
            Action::PaneLeft,
            Action::PaneRight,
            Action::Focus(Pane::List),
            Action::Focus(Pane::Details),
            Action::Focus(Pane::Article),
            Action::Show(ListKind::Timeline),
            Action::Show(ListKind::Issues),
            Action::Show(ListKind::Articles),
        ],
    ),
    (
        "Follow sources",
        &[
            Action::Follow,
            Action::NextPassage,
            Action::PrevPassage,
            Action::Back,
            Action::Forward,
            Action::Copy,
        ],
    ),
    (
        "Find",
        &[
            Action::Search,
            Action::NextHit,
            Action::PrevHit,
            Action::GoTo,
            Action::FilterIssue,
            Action::FilterKind,
            Action::ClearFilter,
        ],
    ),
    (
        "In the search and go-to prompts (type to filter)",
        &[
            Action::Down,
            Action::Up,
            Action::PageDown,
            Action::PageUp,
            Action::Follow,
            Action::Close,
            Action::Erase,
            Action::EraseAll,
        ],
    ),
    (
        "Other",
        &[
            Action::Help,
            Action::Problems,
            Action::Reload,
            Action::Close,
            Action::Quit,
        ],
    ),
];

/// The help overlay, generated from the bindings so it cannot disagree with them.
pub fn help_lines() -> Vec<HelpLine> {
    let mut lines = Vec::new();
    for (title, actions) in SECTIONS {
        lines.push(HelpLine::Heading(title));
        let prompt = title.starts_with("In the search");
        for &action in *actions {
            let labels = |mode| {
                keys_for(mode, action)
                    .map(|k| k.label())
                    .collect::<Vec<_>>()
            };
            let (keys, what) = if prompt {
                (labels(Mode::Prompt), describe_in_prompt(action))
            } else {
                let mut keys = labels(Mode::Normal);
                if keys.is_empty() {
                    keys = labels(Mode::Overlay);
                }
                (keys, action.describe())
            };
            lines.push(HelpLine::Keys {
                keys: keys.join(" "),
                what,
            });
        }
        lines.push(HelpLine::Blank);
    }
    lines.push(HelpLine::Heading("Mouse"));
    lines.push(HelpLine::Text(
        "click to focus and select; click the selection again to follow",
    ));
    lines.push(HelpLine::Text(
        "the wheel scrolls the pane under the pointer",
    ));
    lines.push(HelpLine::Blank);
    lines.push(HelpLine::Heading("Timeline marks"));
    lines.extend(crate::content::Kind::ALL.into_iter().map(HelpLine::Kind));
    lines.push(HelpLine::Text(
        "in the go-to list: § an issue, ¶ an article",
    ));
    lines.push(HelpLine::Text(
        "underlined text in an article is a cited passage; the",
    ));
    lines.push(HelpLine::Text(
        "highlighted one is the passage being followed",
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventKind;

    fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new_with_kind(code, mods, KeyEventKind::Press)
    }

    #[test]
    fn shifted_letters_and_backtab_match() {
        assert_eq!(
            lookup(Mode::Normal, key(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Last)
        );
        assert_eq!(
            lookup(Mode::Normal, key(KeyCode::BackTab, KeyModifiers::SHIFT)),
            Some(Action::PrevPane)
        );
        assert_eq!(
            lookup(Mode::Normal, key(KeyCode::Char('C'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn q_closes_an_overlay_but_quits_the_panes() {
        let q = key(KeyCode::Char('q'), NONE);
        assert_eq!(lookup(Mode::Normal, q), Some(Action::Quit));
        assert_eq!(lookup(Mode::Overlay, q), Some(Action::Close));
        assert_eq!(lookup(Mode::Overlay, key(KeyCode::Enter, NONE)), None);
    }

    /// A key the help does not list is a key nobody finds.
    #[test]
    fn the_help_lists_every_bound_action() {
        let listed: Vec<Action> = SECTIONS
            .iter()
            .flat_map(|(_, actions)| actions.iter().copied())
            .collect();
        for binding in BINDINGS {
            assert!(
                listed.contains(&binding.action),
                "{:?} is bound but not in the help",
                binding.action
            );
        }
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [Mode::Normal, Mode::Overlay, Mode::Prompt] {
            let bound: Vec<&Binding> = BINDINGS.iter().filter(|b| applies(b, mode)).collect();
            for (i, a) in bound.iter().enumerate() {
                for b in &bound[i + 1..] {
                    assert!(a.key != b.key, "{} bound twice", a.key.label());
                }
            }
        }
    }

    #[test]
    fn a_prompt_takes_letters_as_text_but_keeps_its_keys() {
        let j = key(KeyCode::Char('j'), NONE);
        assert_eq!(lookup(Mode::Prompt, j), Some(Action::Type('j')));
        assert_eq!(lookup(Mode::Normal, j), Some(Action::Down));
        let big = key(KeyCode::Char('Q'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Mode::Prompt, big), Some(Action::Type('Q')));
        assert_eq!(
            lookup(Mode::Prompt, key(KeyCode::Char('p'), CTRL)),
            Some(Action::Up)
        );
        assert_eq!(
            lookup(Mode::Normal, key(KeyCode::Char('p'), CTRL)),
            Some(Action::GoTo)
        );
        assert_eq!(
            lookup(Mode::Prompt, key(KeyCode::Esc, NONE)),
            Some(Action::Close)
        );
        assert_eq!(lookup(Mode::Prompt, key(KeyCode::Char('x'), ALT)), None);
        assert_eq!(
            lookup(Mode::Prompt, key(KeyCode::Char('c'), CTRL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn reverse_lookup_gives_the_first_key() {
        assert_eq!(
            primary(Mode::Normal, Action::Back).as_deref(),
            Some("Backspace")
        );
        let back: Vec<String> = keys_for(Mode::Normal, Action::Back)
            .map(|k| k.label())
            .collect();
        assert_eq!(back, ["Backspace", "Ctrl-o", "H", "Alt-←"]);
        assert_eq!(
            primary(Mode::Overlay, Action::Quit).as_deref(),
            Some("Ctrl-c")
        );
    }
}
