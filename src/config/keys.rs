//! Keys, the reader's own type for them, and how the configuration file
//! spells them: `q`, `Q`, `Ctrl-d`, `Alt-Left`, `Enter`, `Space`, `PgDn`,
//! `F5`... Named keys are matched without regard to case, a single character
//! exactly (`G` is Shift-g). The app, the keymap and the configuration know
//! only these types; the terminal's key events become them where input is
//! read (`reader::key_of`).

use std::ops::BitOr;

/// A key on the keyboard, without its modifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyCode {
    /// A character; Shift is folded into it (`G`).
    Char(char),
    /// A function key, `F1` to `F12`.
    F(u8),
    Enter,
    Esc,
    Tab,
    /// Shift-Tab.
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
    Insert,
    Delete,
}

/// The modifiers a key is bound with: only Ctrl and Alt count (Shift is in
/// the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Mods {
    pub ctrl: bool,
    pub alt: bool,
}

impl Mods {
    pub const NONE: Mods = Mods {
        ctrl: false,
        alt: false,
    };
    pub const CTRL: Mods = Mods {
        ctrl: true,
        alt: false,
    };
    pub const ALT: Mods = Mods {
        ctrl: false,
        alt: true,
    };

    pub fn is_empty(self) -> bool {
        !self.ctrl && !self.alt
    }
}

impl BitOr for Mods {
    type Output = Mods;

    fn bitor(self, o: Mods) -> Mods {
        Mods {
            ctrl: self.ctrl || o.ctrl,
            alt: self.alt || o.alt,
        }
    }
}

/// A key with its modifiers, as the keymap matches it: Shift is folded into
/// the character for letters, and only Ctrl and Alt count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: Mods,
}

/// Named keys: the label the help and the footer show (when it is not the
/// first name), the spelling written by `dossier config`, then other
/// spellings accepted. The label is accepted too.
const NAMED: &[(KeyCode, Option<&str>, &[&str])] = &[
    (KeyCode::Enter, None, &["Enter", "Return"]),
    (KeyCode::Esc, None, &["Esc", "Escape"]),
    (KeyCode::Tab, None, &["Tab"]),
    (KeyCode::BackTab, None, &["Shift-Tab", "BackTab"]),
    (KeyCode::Backspace, None, &["Backspace", "BS"]),
    (KeyCode::Char(' '), None, &["Space"]),
    (KeyCode::Up, Some("↑"), &["Up"]),
    (KeyCode::Down, Some("↓"), &["Down"]),
    (KeyCode::Left, Some("←"), &["Left"]),
    (KeyCode::Right, Some("→"), &["Right"]),
    (KeyCode::PageUp, None, &["PgUp", "PageUp"]),
    (KeyCode::PageDown, None, &["PgDn", "PageDown"]),
    (KeyCode::Home, None, &["Home"]),
    (KeyCode::End, None, &["End"]),
    (KeyCode::Insert, None, &["Insert", "Ins"]),
    (KeyCode::Delete, None, &["Delete", "Del"]),
];

impl Key {
    pub const fn new(code: KeyCode, mods: Mods) -> Key {
        Key { code, mods }
    }

    /// The key as the keymap matches it: terminals send Ctrl-letters in
    /// either case (matched as lower case), and Shift-Tab with or without
    /// Shift among its modifiers (matched without any).
    pub fn normalized(self) -> Key {
        match self.code {
            KeyCode::Char(c) if self.mods.ctrl => Key {
                code: KeyCode::Char(c.to_ascii_lowercase()),
                mods: self.mods,
            },
            KeyCode::BackTab => Key {
                code: KeyCode::BackTab,
                mods: Mods::NONE,
            },
            _ => self,
        }
    }

    /// Parses a key; the error says what is accepted.
    pub fn parse(s: &str) -> Result<Key, String> {
        let mut mods = Mods::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            // A modifier needs a key after it: `Ctrl--` is Ctrl and `-`.
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                mods.ctrl = true;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                mods.alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let named = NAMED.iter().find(|(_, label, names)| {
            label
                .iter()
                .chain(names.iter())
                .any(|n| n.eq_ignore_ascii_case(rest))
        });
        let code = match (named, chars.next(), chars.next()) {
            (Some((code, _, _)), _, _) => *code,
            (None, Some(c), None) if !c.is_control() => {
                // Terminals send Ctrl-letters in either case: match lower case.
                if mods.ctrl {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else {
                    KeyCode::Char(c)
                }
            }
            _ => {
                if let Some(n) = rest
                    .strip_prefix(['F', 'f'])
                    .and_then(|n| n.parse::<u8>().ok())
                    .filter(|n| (1..=12).contains(n))
                {
                    KeyCode::F(n)
                } else if let Some(letter) = shifted_letter(rest) {
                    KeyCode::Char(letter)
                } else {
                    let names: Vec<&str> = NAMED.iter().map(|(_, _, names)| names[0]).collect();
                    return Err(format!(
                        "`{}` is not a key: write a character (`q`, `G`, `?`), a name ({}, F1 to F12), with Ctrl- or Alt- before it if needed",
                        dossier_core::text::sanitize_line(s),
                        names.join(", ")
                    ));
                }
            }
        };
        if code == KeyCode::BackTab && !mods.is_empty() {
            return Err("Shift-Tab takes no other modifier".into());
        }
        Ok(Key { code, mods })
    }

    /// The key as the configuration file spells it (and [`Key::parse`] reads).
    pub fn config_name(&self) -> String {
        self.spelled(false)
    }

    /// The key as the help and the footer spell it: as the configuration
    /// file does, with arrows for the arrow keys (`Alt-←`).
    pub fn label(&self) -> String {
        self.spelled(true)
    }

    fn spelled(&self, label: bool) -> String {
        let named = NAMED.iter().find(|(code, _, _)| *code == self.code);
        let base = match (named, self.code) {
            (Some((_, Some(l), _)), _) if label => (*l).to_string(),
            (Some((_, _, names)), _) => names[0].to_string(),
            (None, KeyCode::F(n)) => format!("F{n}"),
            (None, KeyCode::Char(c)) => c.to_string(),
            // Every other code is named.
            (None, other) => format!("{other:?}"),
        };
        let mut out = String::new();
        if self.mods.ctrl {
            out.push_str("Ctrl-");
        }
        if self.mods.alt {
            out.push_str("Alt-");
        }
        out.push_str(&base);
        out
    }
}

/// `Shift-g` is `G`.
fn shifted_letter(s: &str) -> Option<char> {
    let rest = s
        .get(..6)
        .filter(|p| p.eq_ignore_ascii_case("shift-"))
        .map(|_| &s[6..])?;
    let mut chars = rest.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => Some(c.to_ascii_uppercase()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn k(code: KeyCode, mods: Mods) -> Key {
        Key { code, mods }
    }

    #[test]
    fn spellings() {
        let none = Mods::NONE;
        let ctrl = Mods::CTRL;
        assert_eq!(Key::parse("q"), Ok(k(KeyCode::Char('q'), none)));
        assert_eq!(Key::parse("Q"), Ok(k(KeyCode::Char('Q'), none)));
        assert_eq!(Key::parse("Shift-q"), Ok(k(KeyCode::Char('Q'), none)));
        assert_eq!(Key::parse("-"), Ok(k(KeyCode::Char('-'), none)));
        assert_eq!(Key::parse("Ctrl-D"), Ok(k(KeyCode::Char('d'), ctrl)));
        assert_eq!(Key::parse("ctrl--"), Ok(k(KeyCode::Char('-'), ctrl)));
        assert_eq!(Key::parse("Alt-Left"), Ok(k(KeyCode::Left, Mods::ALT)));
        assert_eq!(Key::parse("alt-←"), Key::parse("Alt-Left"));
        assert_eq!(Key::parse("pgdn"), Ok(k(KeyCode::PageDown, none)));
        assert_eq!(Key::parse("space"), Ok(k(KeyCode::Char(' '), none)));
        assert_eq!(Key::parse(" "), Ok(k(KeyCode::Char(' '), none)));
        assert_eq!(Key::parse("F5"), Ok(k(KeyCode::F(5), none)));
        assert_eq!(Key::parse("shift-tab"), Ok(k(KeyCode::BackTab, none)));
        assert_eq!(
            Key::parse("Hyper-x"),
            Err("`Hyper-x` is not a key: write a character (`q`, `G`, `?`), a name (Enter, Esc, Tab, Shift-Tab, Backspace, Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Insert, Delete, F1 to F12), with Ctrl- or Alt- before it if needed".into())
        );
        for bad in [
            "",
            "qq",
            "F13",
            "Ctrl-",
            "Hyper-x",
            "\u{1b}",
            "Ctrl-Shift-Tab",
        ] {
            assert!(Key::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn names_read_back() {
        for s in [
            "q",
            "G",
            "Space",
            "Ctrl-d",
            "Alt-Left",
            "Shift-Tab",
            "PgDn",
            "F12",
            "Enter",
            "?",
        ] {
            let key = Key::parse(s).unwrap();
            assert_eq!(key.config_name(), s);
            assert_eq!(Key::parse(&key.config_name()), Ok(key));
        }
    }

    #[test]
    fn labels_are_the_names_with_arrows() {
        for (s, label) in [
            ("Alt-Left", "Alt-←"),
            ("Down", "↓"),
            ("Space", "Space"),
            ("PgDn", "PgDn"),
            ("Ctrl-o", "Ctrl-o"),
            ("Shift-Tab", "Shift-Tab"),
            ("F2", "F2"),
        ] {
            let key = Key::parse(s).unwrap();
            assert_eq!(key.label(), label);
            assert_eq!(Key::parse(label), Ok(key));
        }
    }

    #[test]
    fn ctrl_letters_and_shift_tab_are_matched_as_one_key() {
        let ctrl_c = Key::new(KeyCode::Char('c'), Mods::CTRL);
        assert_eq!(
            Key::new(KeyCode::Char('C'), Mods::CTRL).normalized(),
            ctrl_c
        );
        assert_eq!(ctrl_c.normalized(), ctrl_c);
        let big_c = Key::new(KeyCode::Char('C'), Mods::NONE);
        assert_eq!(big_c.normalized(), big_c);
        assert_eq!(
            Key::new(KeyCode::BackTab, Mods::ALT).normalized(),
            Key::new(KeyCode::BackTab, Mods::NONE)
        );
    }
}
