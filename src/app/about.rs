//! What the "about" overlay says: the dossier's title, its own description
//! (which explains what it covers and how it dates events), what it holds
//! and where it was read from, as lines wrapped to the overlay's width.
//! The update scrolls through the same lines the interface draws.

use ratatui::layout::Rect;

use crate::text::sanitize_line;

use super::App;
use super::wrap::wrap;

/// How a line of the overlay is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    Meta,
    Heading,
    Body,
}

/// One line of the overlay, already sanitised and no wider than asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AboutLine {
    pub role: Role,
    pub text: String,
}

/// The widest the overlay's box is, border included.
pub const BOX_WIDTH: u16 = 84;

/// The overlay's box on a screen.
pub fn area(screen: Rect, lines: usize) -> Rect {
    let h = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
    super::layout::overlay_box(screen, BOX_WIDTH, h)
}

/// The width of the text inside the box on a screen.
pub fn text_width(screen: Rect) -> usize {
    usize::from(
        super::layout::overlay_box(screen, BOX_WIDTH, 3)
            .width
            .saturating_sub(2),
    )
}

/// The overlay's lines at a width.
pub fn lines(app: &App, width: usize) -> Vec<AboutLine> {
    let d = app.dossier();
    let mut out = Vec::new();
    let mut push = |role: Role, text: &str| {
        for r in wrap(text, width) {
            out.push(AboutLine {
                role,
                text: sanitize_line(text.get(r).unwrap_or("")).into_owned(),
            });
        }
    };
    push(Role::Title, &d.meta.title);
    if let Some(sub) = &d.meta.subtitle {
        push(Role::Meta, sub);
    }
    push(Role::Body, "");
    match &d.meta.description {
        // Links in the description read as the titles of what they name.
        Some(desc) => {
            for (n, para) in desc.reflowed().as_str().split("\n\n").enumerate() {
                if n > 0 {
                    push(Role::Body, "");
                }
                push(Role::Body, para);
            }
        }
        None => push(Role::Meta, "The dossier has no description (dossier.toml)."),
    }
    push(Role::Body, "");
    push(Role::Heading, "What it holds");
    let disputed = d.events.iter().filter(|e| e.disputed.is_some()).count();
    let passages: usize = app.facts().passages.iter().map(Vec::len).sum();
    let holds = [
        count(d.events.len(), "event", "events"),
        format!("{disputed} disputed"),
        count(d.issues.len(), "issue", "issues"),
        count(d.articles.len(), "article", "articles"),
        count(passages, "cited passage", "cited passages"),
    ];
    push(Role::Body, &holds.join(" · "));
    let (e, w) = (app.facts().errors, app.facts().warnings);
    if e + w > 0 {
        push(
            Role::Body,
            &format!(
                "{} and {} found while loading",
                count(e, "error", "errors"),
                count(w, "warning", "warnings")
            ),
        );
    }
    push(Role::Body, "");
    push(Role::Heading, "Read from");
    match app.source_folder() {
        Some(folder) => push(Role::Body, folder),
        None => push(
            Role::Body,
            "the copy bundled with the program (--content DIR reads a folder)",
        ),
    }
    out
}

/// `1 event`, `2 events`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
