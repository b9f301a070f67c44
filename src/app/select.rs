//! Selecting a passage of the shown article to cite it (`v`), by keyboard
//! and by mouse, and the `[[sources]]` block citing it.
//!
//! A selection is two byte offsets of the article's text: the anchor, where
//! it started, and the head, which the keys move. The head stops on the
//! boundaries of the unit moved by (a word, a sentence as Unicode's sentence
//! boundaries find them, a wrapped line): at their ends when it is after the
//! anchor, at their starts when before, so the selection extends and shrinks
//! in both directions and always holds whole words. Boundaries are looked
//! for in a window around the head, never the whole text: a key in a long
//! article costs what it does in a short one.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation;

use super::action::{Effect, Pane};
use super::{App, Followed, Overlay};

/// Bytes on each side of the head looked at for the next boundary.
const WINDOW: usize = 4096;

/// A selection in the shown article's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Selection {
    pub anchor: usize,
    pub head: usize,
}

impl Selection {
    /// The bytes selected.
    pub fn range(&self) -> Range<usize> {
        self.anchor.min(self.head)..self.anchor.max(self.head)
    }
}

/// What the head moves by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Word,
    Sentence,
    Line,
}

/// The char boundary at or before `at`.
fn floor(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The pieces of `unit` around `at`, as byte ranges of `text`, whitespace
/// trimmed off their ends.
fn pieces(app: &App, text: &str, at: usize, unit: Unit) -> Vec<Range<usize>> {
    let from = floor(text, at.saturating_sub(WINDOW));
    let to = floor(text, at.saturating_add(WINDOW));
    let window = text.get(from..to).unwrap_or("");
    let trim = |r: Range<usize>| -> Option<Range<usize>> {
        let s = text.get(r.clone())?;
        let start = r.start + (s.len() - s.trim_start().len());
        let end = r.end - (s.len() - s.trim_end().len());
        (start < end).then_some(start..end)
    };
    match unit {
        Unit::Word => window
            .unicode_word_indices()
            .map(|(i, w)| from + i..from + i + w.len())
            .collect(),
        Unit::Sentence => window
            .split_sentence_bound_indices()
            .filter_map(|(i, s)| trim(from + i..from + i + s.len()))
            .collect(),
        Unit::Line => app
            .article
            .lines()
            .iter()
            .filter(|l| l.end > from && l.start < to)
            .filter_map(|l| trim(l.clone()))
            .collect(),
    }
}

/// Where the head goes when moved one `unit` forward (or back).
fn moved(app: &App, text: &str, s: Selection, unit: Unit, forward: bool) -> usize {
    // Starts before the anchor, ends after it: the selection holds whole pieces.
    let mut stops: Vec<usize> = pieces(app, text, s.head, unit)
        .iter()
        .flat_map(|p| {
            [
                (p.start < s.anchor).then_some(p.start),
                (p.end > s.anchor).then_some(p.end),
            ]
        })
        .flatten()
        .collect();
    stops.sort_unstable();
    stops.dedup();
    let next = if forward {
        stops.into_iter().find(|&b| b > s.head)
    } else {
        stops.into_iter().rev().find(|&b| b < s.head)
    };
    next.unwrap_or(s.head)
}

/// The shown article's text.
fn shown_text(app: &App) -> Option<&str> {
    let a = app.article.shown?;
    app.dossier.articles.get(a.0).map(|a| a.text.as_str())
}

/// `v`: starts a selection at the highlighted passage, or at the first word
/// of the text in view; the article gets the focus.
pub(super) fn start(app: &mut App) {
    let Some(text) = shown_text(app) else {
        app.notice = Some("Nothing to select: no article is shown".into());
        return;
    };
    let highlighted = match app.article.followed {
        Some(Followed::Passage(c)) => app.source(c).map(|s| s.span.clone()),
        Some(Followed::Match { start, end }) => Some(start..end),
        None => None,
    };
    let top = app
        .article
        .lines()
        .get(app.article.scroll)
        .map_or(0, |l| l.start);
    let range = highlighted.filter(|r| r.start < r.end).or_else(|| {
        let text = text.get(top..)?;
        let (i, w) = text.unicode_word_indices().next()?;
        Some(top + i..top + i + w.len())
    });
    let Some(range) = range else {
        app.notice = Some("Nothing to select: the text in view has no word".into());
        return;
    };
    super::navigate::focus(app, Pane::Article);
    app.selection = Some(Selection {
        anchor: range.start,
        head: range.end,
    });
    app.overlay = Some(Overlay::Select);
    describe(app);
}

/// Moves the head by a unit, forward or back.
pub(super) fn extend(app: &mut App, unit: Unit, forward: bool) {
    let (Some(s), Some(text)) = (app.selection, shown_text(app)) else {
        return;
    };
    let head = moved(app, text, s, unit, forward);
    app.selection = Some(Selection { head, ..s });
    keep_head_in_view(app);
    describe(app);
}

/// Swaps the anchor and the head: the keys then move the other end.
pub(super) fn swap(app: &mut App) {
    if let Some(s) = app.selection {
        app.selection = Some(Selection {
            anchor: s.head,
            head: s.anchor,
        });
        keep_head_in_view(app);
    }
    describe(app);
}

/// Ends the selection (Esc, or the article changed).
pub(super) fn cancel(app: &mut App) {
    app.selection = None;
    app.drag = None;
    if app.overlay == Some(Overlay::Select) {
        app.overlay = None;
    }
}

/// Scrolls the article so that the head's line is in view.
fn keep_head_in_view(app: &mut App) {
    let Some(s) = app.selection else { return };
    let lines = app.article.lines();
    let Some(row) = lines
        .iter()
        .position(|l| s.head <= l.end && s.head >= l.start)
    else {
        return;
    };
    let h = usize::from(app.article_body().height).max(1);
    if row < app.article.scroll {
        app.article.scroll = row;
    } else if row >= app.article.scroll + h {
        app.article.scroll = row + 1 - h;
    }
    super::panes::clamp_article(app);
}

/// The status line while selecting: the passage's start and length, and the keys.
fn describe(app: &mut App) {
    let Some(passage) = selected_text(app) else {
        return;
    };
    let words = passage.unicode_words().count();
    let first: String = passage.chars().take(40).collect();
    let more = if passage.chars().count() > 40 {
        "…"
    } else {
        ""
    };
    let key = |c| {
        app.keymap
            .primary(super::keymap::Mode::Overlay, c)
            .unwrap_or_default()
    };
    use super::action::Command as C;
    app.notice = Some(format!(
        "Selected “{}{more}” ({}) · {} copy as a source · {} add it to an entry · {} cancel",
        dossier_core::text::sanitize_line(&first),
        dossier_core::text::count(words, "word"),
        key(C::CiteCopy),
        key(C::CiteAppend),
        key(C::Close),
    ));
}

/// The selected passage, whitespace trimmed off its ends.
pub fn selected_text(app: &App) -> Option<&str> {
    let text = shown_text(app)?;
    let passage = text.get(app.selection?.range())?.trim();
    (!passage.is_empty()).then_some(passage)
}

/// The selected span, whitespace trimmed off its ends.
fn selected_span(app: &App) -> Option<Range<usize>> {
    let text = shown_text(app)?;
    let r = app.selection?.range();
    let s = text.get(r.clone())?;
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    (start < end).then_some(start..end)
}

/// The `[[sources]]` block citing the selection, made by the function
/// `dossier quote` uses: the article's id, the exact text as a TOML string,
/// and `occurrence` when it occurs more than once.
pub fn block(app: &App) -> Option<String> {
    let article = app.dossier.articles.get(app.article.shown?.0)?;
    Some(crate::curate::block_for(article, selected_span(app)?))
}

/// `y` while selecting: the block to the clipboard, and shown in a popup
/// so that it can be read and copied by hand where the terminal refuses.
pub(super) fn copy(app: &mut App, fx: &mut Vec<Effect>) {
    let Some(block) = block(app) else {
        return;
    };
    fx.push(Effect::Copy {
        text: block.clone(),
        what: "the [[sources]] block",
    });
    app.notice = Some("Copying the [[sources]] block…".into());
    app.overlay = Some(Overlay::Cite { block });
}

/// A press of the left button in the article body: where a drag starts.
pub(super) fn press(app: &mut App, at: Option<usize>) {
    app.drag = at;
}

/// The pointer dragged to `at` (a byte of the text) with the button down:
/// the selection runs from where the press was, in whole words.
pub(super) fn drag(app: &mut App, at: usize) {
    let (Some(from), Some(text)) = (app.drag, shown_text(app)) else {
        return;
    };
    let words = pieces(app, text, from.min(at), Unit::Word);
    let word_at = |b: usize| words.iter().find(|w| w.start <= b && b < w.end).cloned();
    let (lo, hi) = (from.min(at), from.max(at));
    let start = word_at(lo).map_or(lo, |w| w.start);
    let end = word_at(hi).map_or(hi, |w| w.end);
    if start >= end {
        return;
    }
    let (anchor, head) = if at >= from {
        (start, end)
    } else {
        (end, start)
    };
    app.selection = Some(Selection { anchor, head });
    app.overlay = Some(Overlay::Select);
    app.focus = Pane::Article;
    describe(app);
}
