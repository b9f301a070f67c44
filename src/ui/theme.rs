//! The one theme: every colour and attribute the reader uses, in a colour
//! version and an attributes-only version for NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

use crate::content::Kind;

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
    /// A cited passage in an article.
    pub passage: Style,
    /// The passage being followed.
    pub followed: Style,
    pub key: Style,
    /// The characters a search or the go-to picker matched.
    pub matched: Style,
    pub error: Style,
    pub bar: Style,
}

pub const COLOR: Theme = Theme {
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
    error: Style::new()
        .fg(Color::LightRed)
        .add_modifier(Modifier::BOLD),
    bar: Style::new(),
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
    passage: Style::new().add_modifier(Modifier::UNDERLINED),
    followed: Style::new().add_modifier(Modifier::REVERSED.union(Modifier::BOLD)),
    key: Style::new().add_modifier(Modifier::BOLD),
    matched: Style::new().add_modifier(Modifier::BOLD.union(Modifier::UNDERLINED)),
    error: Style::new().add_modifier(Modifier::BOLD),
    bar: Style::new(),
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

/// The mark of a disputed event.
pub const DISPUTED: &str = "⚠";

/// The mark of the selected row, visible without colour.
pub const CURSOR: &str = "▸";
