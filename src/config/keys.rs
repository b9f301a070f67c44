//! Keys as the configuration file spells them: `q`, `Q`, `Ctrl-d`, `Alt-Left`,
//! `Enter`, `Space`, `PgDn`, `F5`... Named keys are matched without regard to
//! case, a single character exactly (`G` is Shift-g).

use ratatui::crossterm::event::{KeyCode, KeyModifiers};

/// A key with its modifiers, as the keymap matches it: Shift is folded into
/// the character for letters, and only Ctrl and Alt count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Named keys: the spelling written by `dossier config`, then other spellings
/// accepted.
const NAMED: &[(KeyCode, &[&str])] = &[
    (KeyCode::Enter, &["Enter", "Return"]),
    (KeyCode::Esc, &["Esc", "Escape"]),
    (KeyCode::Tab, &["Tab"]),
    (KeyCode::BackTab, &["Shift-Tab", "BackTab"]),
    (KeyCode::Backspace, &["Backspace", "BS"]),
    (KeyCode::Char(' '), &["Space"]),
    (KeyCode::Up, &["Up", "↑"]),
    (KeyCode::Down, &["Down", "↓"]),
    (KeyCode::Left, &["Left", "←"]),
    (KeyCode::Right, &["Right", "→"]),
    (KeyCode::PageUp, &["PgUp", "PageUp"]),
    (KeyCode::PageDown, &["PgDn", "PageDown"]),
    (KeyCode::Home, &["Home"]),
    (KeyCode::End, &["End"]),
    (KeyCode::Insert, &["Insert", "Ins"]),
    (KeyCode::Delete, &["Delete", "Del"]),
];

impl KeySpec {
    pub const fn new(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        KeySpec { code, mods }
    }

    /// Parses a key; the error says what is accepted.
    pub fn parse(s: &str) -> Result<KeySpec, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = s;
        loop {
            let lower = rest.to_ascii_lowercase();
            // A modifier needs a key after it: `Ctrl--` is Ctrl and `-`.
            if lower.starts_with("ctrl-") && rest.len() > 5 {
                mods |= KeyModifiers::CONTROL;
                rest = &rest[5..];
            } else if lower.starts_with("alt-") && rest.len() > 4 {
                mods |= KeyModifiers::ALT;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let named = NAMED
            .iter()
            .find(|(_, names)| names.iter().any(|n| n.eq_ignore_ascii_case(rest)));
        let code = match (named, chars.next(), chars.next()) {
            (Some((code, _)), _, _) => *code,
            (None, Some(c), None) if !c.is_control() => {
                // Terminals send Ctrl-letters in either case: match lower case.
                if mods.contains(KeyModifiers::CONTROL) {
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
                    return Err(format!(
                        "`{}` is not a key: write a character (`q`, `G`, `?`), a name (Enter, Esc, Tab, Shift-Tab, Backspace, Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Insert, Delete, F1 to F12), with Ctrl- or Alt- before it if needed",
                        dossier_core::text::sanitize_line(s)
                    ));
                }
            }
        };
        if code == KeyCode::BackTab && !mods.is_empty() {
            return Err("Shift-Tab takes no other modifier".into());
        }
        Ok(KeySpec { code, mods })
    }

    /// The key as the configuration file spells it (and [`KeySpec::parse`] reads).
    pub fn config_name(&self) -> String {
        let base = NAMED
            .iter()
            .find(|(code, _)| *code == self.code)
            .map(|(_, names)| names[0].to_string())
            .unwrap_or_else(|| match self.code {
                KeyCode::Char(c) => c.to_string(),
                KeyCode::F(n) => format!("F{n}"),
                other => format!("{other:?}"),
            });
        let mut out = String::new();
        if self.mods.contains(KeyModifiers::CONTROL) {
            out.push_str("Ctrl-");
        }
        if self.mods.contains(KeyModifiers::ALT) {
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

    fn k(code: KeyCode, mods: KeyModifiers) -> KeySpec {
        KeySpec { code, mods }
    }

    #[test]
    fn spellings() {
        let none = KeyModifiers::NONE;
        let ctrl = KeyModifiers::CONTROL;
        assert_eq!(KeySpec::parse("q"), Ok(k(KeyCode::Char('q'), none)));
        assert_eq!(KeySpec::parse("Q"), Ok(k(KeyCode::Char('Q'), none)));
        assert_eq!(KeySpec::parse("Shift-q"), Ok(k(KeyCode::Char('Q'), none)));
        assert_eq!(KeySpec::parse("-"), Ok(k(KeyCode::Char('-'), none)));
        assert_eq!(KeySpec::parse("Ctrl-D"), Ok(k(KeyCode::Char('d'), ctrl)));
        assert_eq!(KeySpec::parse("ctrl--"), Ok(k(KeyCode::Char('-'), ctrl)));
        assert_eq!(
            KeySpec::parse("Alt-Left"),
            Ok(k(KeyCode::Left, KeyModifiers::ALT))
        );
        assert_eq!(KeySpec::parse("alt-←"), KeySpec::parse("Alt-Left"));
        assert_eq!(KeySpec::parse("pgdn"), Ok(k(KeyCode::PageDown, none)));
        assert_eq!(KeySpec::parse("space"), Ok(k(KeyCode::Char(' '), none)));
        assert_eq!(KeySpec::parse(" "), Ok(k(KeyCode::Char(' '), none)));
        assert_eq!(KeySpec::parse("F5"), Ok(k(KeyCode::F(5), none)));
        assert_eq!(KeySpec::parse("shift-tab"), Ok(k(KeyCode::BackTab, none)));
        for bad in [
            "",
            "qq",
            "F13",
            "Ctrl-",
            "Hyper-x",
            "\u{1b}",
            "Ctrl-Shift-Tab",
        ] {
            assert!(KeySpec::parse(bad).is_err(), "{bad:?}");
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
            let key = KeySpec::parse(s).unwrap();
            assert_eq!(key.config_name(), s);
            assert_eq!(KeySpec::parse(&key.config_name()), Ok(key));
        }
    }
}
