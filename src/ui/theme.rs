//! The themes: every colour and attribute the reader uses, in a version for
//! dark terminals (the default), one for light terminals, and an
//! attributes-only version for NO_COLOR, which wins over any configuration.
//! Every style has a name ([`STYLES`]) by which the configuration file can
//! replace it.

use ratatui::style::{Color, Modifier, Style};

use dossier_core::content::Kind;

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub border: Style,
    pub border_focused: Style,
    pub pane_title: Style,
    /// The selected row of the focused pane.
    pub selected_focused: Style,
    /// The selected row of a pane without focus.
    pub selected: Style,
    pub strong: Style,
    pub dim: Style,
    pub label: Style,
    pub heading: Style,
    pub warning: Style,
    pub quote: Style,
    /// A link inside prose in the details.
    pub link: Style,
    /// A cited passage in an article.
    pub passage: Style,
    /// The passage being followed.
    pub followed: Style,
    pub key: Style,
    /// The characters a search or the go-to picker matched.
    pub matched: Style,
    /// A search hit inside the passage being followed.
    pub matched_followed: Style,
    /// The passage being selected to cite it (`v`).
    pub selection: Style,
    pub error: Style,
    pub bar: Style,
    /// The mark of an entry new since the last visit.
    pub new: Style,
    /// The mark of an entry changed since it was read.
    pub changed: Style,
    /// The mark of a bookmarked entry.
    pub pinned: Style,
}

/// Every style by the name the configuration uses, with what it styles.
pub const STYLES: &[(&str, &str)] = &[
    ("border", "the frame of a pane without focus"),
    ("border-focused", "the frame of the focused pane"),
    ("pane-title", "a pane's title"),
    ("selected-focused", "the selected row of the focused pane"),
    ("selected", "the selected row of a pane without focus"),
    ("strong", "titles and the breadcrumb"),
    ("dim", "dates, counts and secondary text"),
    ("label", "field names in the details"),
    ("heading", "headings in the details and overlays"),
    ("warning", "a notice, a disputed mark"),
    ("quote", "a quoted passage in the details"),
    ("link", "a link inside prose in the details"),
    ("passage", "a cited passage in an article"),
    ("followed", "the passage being followed"),
    ("key", "a key in the footer and the help"),
    ("matched", "characters a search or the go-to list matched"),
    (
        "matched-followed",
        "a search hit inside the passage being followed",
    ),
    ("selection", "the passage being selected to cite it"),
    ("error", "problems in the dossier"),
    ("bar", "the top and bottom lines"),
    ("new", "the mark of an entry new since the last visit"),
    ("changed", "the mark of an entry changed since it was read"),
    ("pinned", "the mark of a bookmarked entry"),
];

impl Theme {
    /// The theme to draw with: NO_COLOR (`monochrome`) wins over everything;
    /// otherwise the theme named, with the styles the configuration sets.
    pub fn configured(
        name: crate::config::ThemeName,
        overrides: &[crate::config::StyleOverride],
        monochrome: bool,
    ) -> Theme {
        if monochrome {
            return MONOCHROME;
        }
        let mut theme = match name {
            crate::config::ThemeName::Dark => DARK,
            crate::config::ThemeName::Light => LIGHT,
        };
        for o in overrides {
            if let Some(style) = theme.get_mut(&o.name) {
                *style = o.style;
            }
        }
        theme
    }

    /// A style by its name.
    pub fn get(&self, name: &str) -> Option<Style> {
        let mut t = *self;
        t.get_mut(name).map(|s| *s)
    }

    /// A style by its name, to change it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Style> {
        Some(match name {
            "border" => &mut self.border,
            "border-focused" => &mut self.border_focused,
            "pane-title" => &mut self.pane_title,
            "selected-focused" => &mut self.selected_focused,
            "selected" => &mut self.selected,
            "strong" => &mut self.strong,
            "dim" => &mut self.dim,
            "label" => &mut self.label,
            "heading" => &mut self.heading,
            "warning" => &mut self.warning,
            "quote" => &mut self.quote,
            "link" => &mut self.link,
            "passage" => &mut self.passage,
            "followed" => &mut self.followed,
            "key" => &mut self.key,
            "matched" => &mut self.matched,
            "matched-followed" => &mut self.matched_followed,
            "selection" => &mut self.selection,
            "error" => &mut self.error,
            "bar" => &mut self.bar,
            "new" => &mut self.new,
            "changed" => &mut self.changed,
            "pinned" => &mut self.pinned,
            _ => return None,
        })
    }
}

/// For dark terminals: the default.
pub const DARK: Theme = Theme {
    border: Style::new().fg(Color::DarkGray),
    border_focused: Style::new().fg(Color::Cyan),
    pane_title: Style::new().add_modifier(Modifier::BOLD),
    selected_focused: Style::new()
        .fg(Color::Black)
        .bg(Color::Cyan)
        .add_modifier(Modifier::BOLD),
    selected: Style::new().bg(Color::DarkGray),
    strong: Style::new().add_modifier(Modifier::BOLD),
    dim: Style::new().fg(Color::Gray),
    label: Style::new().fg(Color::Cyan),
    heading: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    warning: Style::new().fg(Color::Yellow),
    quote: Style::new().add_modifier(Modifier::ITALIC),
    link: Style::new()
        .fg(Color::LightCyan)
        .add_modifier(Modifier::UNDERLINED),
    passage: Style::new()
        .fg(Color::LightCyan)
        .add_modifier(Modifier::UNDERLINED),
    followed: Style::new()
        .fg(Color::Black)
        .bg(Color::Yellow)
        .add_modifier(Modifier::BOLD),
    key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
    matched: Style::new()
        .fg(Color::Yellow)
        .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    matched_followed: Style::new()
        .fg(Color::Black)
        .bg(Color::LightRed)
        .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    selection: Style::new()
        .fg(Color::White)
        .bg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED),
    error: Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD),
    bar: Style::new(),
    new: Style::new()
        .fg(Color::LightGreen)
        .add_modifier(Modifier::BOLD),
    changed: Style::new()
        .fg(Color::LightYellow)
        .add_modifier(Modifier::BOLD),
    pinned: Style::new().fg(Color::LightMagenta),
};

/// The dark theme, by the name the tests have long used.
pub const COLOR: Theme = DARK;

/// For light terminals: dark text, no yellow or light colour as foreground.
pub const LIGHT: Theme = Theme {
    border: Style::new().fg(Color::Gray),
    border_focused: Style::new().fg(Color::Blue),
    pane_title: Style::new().add_modifier(Modifier::BOLD),
    selected_focused: Style::new()
        .fg(Color::White)
        .bg(Color::Blue)
        .add_modifier(Modifier::BOLD),
    selected: Style::new().bg(Color::Gray),
    strong: Style::new().add_modifier(Modifier::BOLD),
    dim: Style::new().fg(Color::DarkGray),
    label: Style::new().fg(Color::Blue),
    heading: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
    warning: Style::new().fg(Color::Magenta),
    quote: Style::new().add_modifier(Modifier::ITALIC),
    link: Style::new()
        .fg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED),
    passage: Style::new()
        .fg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED),
    followed: Style::new()
        .fg(Color::Black)
        .bg(Color::LightYellow)
        .add_modifier(Modifier::BOLD),
    key: Style::new().fg(Color::Blue).add_modifier(Modifier::BOLD),
    matched: Style::new()
        .fg(Color::Magenta)
        .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    matched_followed: Style::new()
        .fg(Color::White)
        .bg(Color::Magenta)
        .add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    selection: Style::new()
        .fg(Color::White)
        .bg(Color::Blue)
        .add_modifier(Modifier::UNDERLINED),
    error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
    bar: Style::new(),
    new: Style::new().fg(Color::Green).add_modifier(Modifier::BOLD),
    changed: Style::new()
        .fg(Color::Indexed(130))
        .add_modifier(Modifier::BOLD),
    pinned: Style::new().fg(Color::Magenta),
};

/// NO_COLOR: attributes only, and no colour at all (not even a reset to the
/// default colours), so the selection stays visible by reverse video.
pub const MONOCHROME: Theme = Theme {
    border: Style::new(),
    border_focused: Style::new().add_modifier(Modifier::BOLD),
    pane_title: Style::new().add_modifier(Modifier::BOLD),
    selected_focused: Style::new().add_modifier(Modifier::REVERSED),
    selected: Style::new().add_modifier(Modifier::UNDERLINED),
    strong: Style::new().add_modifier(Modifier::BOLD),
    dim: Style::new(),
    label: Style::new().add_modifier(Modifier::BOLD),
    heading: Style::new().add_modifier(Modifier::BOLD),
    warning: Style::new().add_modifier(Modifier::BOLD),
    quote: Style::new().add_modifier(Modifier::ITALIC),
    link: Style::new().add_modifier(Modifier::UNDERLINED),
    passage: Style::new().add_modifier(Modifier::UNDERLINED),
    followed: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    key: Style::new().add_modifier(Modifier::BOLD),
    matched: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    // The followed passage's reverse video, and a hit's underline, in italics.
    matched_followed: Style::new().add_modifier(
        Modifier::REVERSED
            .union(Modifier::BOLD)
            .union(Modifier::UNDERLINED)
            .union(Modifier::ITALIC),
    ),
    selection: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::UNDERLINED)),
    error: Style::new().add_modifier(Modifier::BOLD),
    bar: Style::new(),
    new: Style::new().add_modifier(Modifier::BOLD),
    changed: Style::new().add_modifier(Modifier::BOLD),
    pinned: Style::new(),
};

/// One mark per event kind, each a single cell wide in every terminal.
pub fn glyph(kind: Kind) -> &'static str {
    match kind {
        Kind::Talks => "▶",
        Kind::Statement => "◆",
        Kind::Deadline => "⚑",
        Kind::Agreement => "★",
        Kind::Vote => "✓",
        Kind::Survey => "%",
        Kind::Rally => "▲",
        Kind::Context => "○",
        Kind::Other => "•",
    }
}

/// The mark of an entry new since the last visit.
pub const NEW: &str = "●";

/// The mark of an entry changed since it was read.
pub const CHANGED: &str = "◐";

/// The mark of a bookmarked entry.
pub const PINNED: &str = "✱";

/// The mark of a disputed event: the sources disagree. (The header's `⚠`
/// is for the dossier's errors and warnings.)
pub const DISPUTED: &str = crate::app::details::DISPUTED_MARK;

/// The header's mark of errors and warnings found in the dossier.
pub const PROBLEMS: &str = "⚠";

/// The mark of the selected row, visible without colour.
pub const CURSOR: &str = "▸";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_has_a_name_and_every_name_a_style() {
        let mut t = DARK;
        for (name, _) in STYLES {
            assert!(t.get_mut(name).is_some(), "{name}");
        }
        assert!(t.get("nonsense").is_none());
        // As many names as fields: a field added without a name is caught.
        let fields = format!("{t:?}").matches(": Style").count();
        assert_eq!(fields, STYLES.len());
    }

    #[test]
    fn no_color_wins_over_the_configuration() {
        use crate::config::{StyleOverride, ThemeName};
        let red = StyleOverride {
            name: "passage".into(),
            style: Style::new().fg(Color::Red),
        };
        let t = Theme::configured(ThemeName::Light, std::slice::from_ref(&red), false);
        assert_eq!(t.passage, red.style);
        assert_eq!(t.key, LIGHT.key);
        let m = Theme::configured(ThemeName::Light, &[red], true);
        assert_eq!(format!("{m:?}"), format!("{MONOCHROME:?}"));
        // Nothing in the monochrome theme has a colour.
        for (name, _) in STYLES {
            let s = MONOCHROME.get(name).unwrap();
            assert!(s.fg.is_none() && s.bg.is_none(), "{name}");
        }
    }

    /// The help explains the marks the lists show.
    #[test]
    fn the_help_names_the_marks() {
        let help: String = crate::app::keymap::KEYMAP
            .help_lines()
            .iter()
            .filter_map(|l| match l {
                crate::app::keymap::HelpLine::Text(t) => Some(*t),
                _ => None,
            })
            .collect();
        for (mark, word) in [(NEW, "● new"), (CHANGED, "◐ changed"), (PINNED, "✱ pinned")] {
            assert!(word.starts_with(mark) && help.contains(word), "{word}");
        }
    }

    #[test]
    fn marks_are_one_cell_wide() {
        for m in [NEW, CHANGED, PINNED, DISPUTED, PROBLEMS, CURSOR] {
            assert_eq!(dossier_core::text::width(m), 1, "{m}");
        }
    }
}
