//! What the "about" overlay says: the dossier's title, its own description
//! (which explains what it covers and how it dates events), what it holds
//! and where it was read from, as lines wrapped to the overlay's width.
//! The update scrolls through the same lines the interface draws.

use ratatui::layout::Rect;

use dossier_core::text::sanitize_line;

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
    /// The links on the line: bytes of `text`, and which link of the
    /// overlay (counted from 0, in reading order) each is part of.
    pub links: Vec<(std::ops::Range<usize>, usize)>,
}

/// A link in the description: the entry it names and the line it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AboutLink {
    pub target: dossier_core::content::EntityRef,
    pub line: usize,
}

/// The links of the overlay's lines, in reading order.
pub fn links(lines: &[AboutLine], d: &dossier_core::content::Dossier) -> Vec<AboutLink> {
    let targets: Vec<dossier_core::content::EntityRef> = d
        .meta
        .description
        .as_ref()
        .map(|desc| desc.reflowed().links().iter().map(|l| l.target).collect())
        .unwrap_or_default();
    let mut first: Vec<Option<usize>> = vec![None; targets.len()];
    for (n, line) in lines.iter().enumerate() {
        for &(_, k) in &line.links {
            if let Some(f) = first.get_mut(k) {
                f.get_or_insert(n);
            }
        }
    }
    targets
        .into_iter()
        .zip(first)
        .filter_map(|(target, line)| line.map(|line| AboutLink { target, line }))
        .collect()
}

/// `j`/`k` in the overlay (`forward` for `j`): the next or previous link in
/// view when there is one, else a line of scrolling toward it.
pub(super) fn step(app: &mut App, scroll: usize, forward: bool) -> usize {
    let width = text_width(app.size);
    let lines = lines(app, width);
    let links = links(&lines, &app.dossier);
    let h = app.overlay_page();
    let max = lines.len().saturating_sub(h);
    let sel = app.about_link.filter(|&s| {
        links
            .get(s)
            .is_some_and(|l| l.line >= scroll && l.line < scroll + h)
    });
    let spans: Vec<(usize, usize)> = links.iter().map(|l| (l.line, 1)).collect();
    match super::layout::link_step(spans.into_iter(), sel, (scroll, h), forward) {
        Some((i, (line, _))) if line >= scroll && line < scroll + h => {
            app.about_link = Some(i);
            scroll
        }
        _ => {
            let to = if forward {
                (scroll + 1).min(max)
            } else {
                scroll.saturating_sub(1)
            };
            // The selection scrolled out of view is dropped.
            if app
                .about_link
                .and_then(|s| links.get(s))
                .is_some_and(|l| l.line < to || l.line >= to + h)
            {
                app.about_link = None;
            }
            to
        }
    }
}

/// How many lines the overlay has at the screen's size.
pub(super) fn len(app: &App) -> usize {
    lines(app, text_width(app.size)).len()
}

/// Opens the overlay at its top, no link selected.
pub(super) fn open(app: &mut App) {
    app.overlay = Some(super::Overlay::About { scroll: 0 });
    app.about_link = None;
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
    let o = &mut out;
    push_linked(o, width, Role::Title, &d.meta.title, &[]);
    if let Some(sub) = &d.meta.subtitle {
        push_linked(o, width, Role::Meta, sub, &[]);
    }
    push_linked(o, width, Role::Body, "", &[]);
    match &d.meta.description {
        // Links in the description read as the titles of what they name,
        // marked as links.
        Some(desc) => {
            let prose = desc.reflowed();
            let mut at = 0;
            for (n, para) in prose.as_str().split("\n\n").enumerate() {
                if n > 0 {
                    push_linked(o, width, Role::Body, "", &[]);
                }
                // The links of this paragraph, from its start.
                let end = at + para.len();
                let here: Vec<(std::ops::Range<usize>, usize)> = prose
                    .links()
                    .iter()
                    .enumerate()
                    .filter(|(_, l)| l.range.start >= at && l.range.end <= end)
                    .map(|(k, l)| (l.range.start - at..l.range.end - at, k))
                    .collect();
                push_linked(o, width, Role::Body, para, &here);
                at = end + 2;
            }
        }
        None => push_linked(
            o,
            width,
            Role::Meta,
            "The dossier has no description (dossier.toml).",
            &[],
        ),
    }
    let mut push = |role: Role, text: &str| push_linked(&mut out, width, role, text, &[]);
    push(Role::Body, "");
    push(Role::Heading, "What it holds");
    let disputed = d.events.iter().filter(|e| e.disputed.is_some()).count();
    let passages: usize = (0..d.articles.len())
        .map(|a| {
            app.facts()
                .passages_of(d, dossier_core::content::ArticleIx(a))
                .len()
        })
        .sum();
    let holds = [
        count(d.events.len(), "event", "events"),
        format!("{disputed} disputed"),
        count(d.issues.len(), "issue", "issues"),
        count(d.articles.len(), "article", "articles"),
        match app.reading() {
            // Only the entries read so far cite anything yet.
            Some(_) => "cited passages counted once it is read".to_string(),
            None => count(passages, "cited passage", "cited passages"),
        },
    ];
    push(Role::Body, &holds.join(" · "));
    if let Some(r) = app.reading() {
        push(
            Role::Body,
            &format!(
                "a preview: the rest is being read ({}); each file's own problems are told as it is read, the others once every file is",
                r.said()
            ),
        );
    }
    let (e, w) = app.problem_counts();
    if e + w > 0 {
        push(
            Role::Body,
            &format!(
                "{} and {} found while loading{}",
                count(e, "error", "errors"),
                count(w, "warning", "warnings"),
                if app.reading().is_some() {
                    ", so far"
                } else {
                    ""
                }
            ),
        );
    }
    push(Role::Body, "");
    push(Role::Heading, "Read from");
    match app.source_folder() {
        Some(folder) => {
            push(Role::Body, folder);
            if app.from_cache() && app.checking() {
                push(
                    Role::Body,
                    "opened from the reader's cache: the files shown were compared with it, the others are being compared",
                );
            } else if app.from_cache() {
                push(
                    Role::Body,
                    "opened from the reader's cache: no file of the folder changed since it was last read",
                );
            }
        }
        None => push(
            Role::Body,
            "the copy bundled with the program (--content DIR reads a folder)",
        ),
    }
    out
}

/// Wraps `text` into lines of the overlay; `links` are byte ranges of
/// `text` that are links, each with its number.
fn push_linked(
    out: &mut Vec<AboutLine>,
    width: usize,
    role: Role,
    text: &str,
    links: &[(std::ops::Range<usize>, usize)],
) {
    for r in wrap(text, width) {
        let mut line = String::new();
        let mut marks = Vec::new();
        let mut at = r.start;
        let pieces = links
            .iter()
            .filter(|(l, _)| l.start < r.end && l.end > r.start)
            .map(|(l, k)| (l.start.max(r.start)..l.end.min(r.end), *k));
        for (l, k) in pieces {
            line.push_str(&sanitize_line(text.get(at..l.start).unwrap_or("")));
            let start = line.len();
            line.push_str(&sanitize_line(text.get(l.clone()).unwrap_or("")));
            marks.push((start..line.len(), k));
            at = l.end;
        }
        line.push_str(&sanitize_line(text.get(at..r.end).unwrap_or("")));
        out.push(AboutLine {
            role,
            text: line,
            links: marks,
        });
    }
}

/// `1 event`, `2 events`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}
