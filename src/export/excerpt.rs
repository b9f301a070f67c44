//! What of each article an export publishes. News articles are copyrighted:
//! by default an export shows each cited passage with at most a sentence of
//! context on each side, and never more than [`CAP_NUM`]/[`CAP_DEN`] (a
//! third) of an article's words. When the cited passages alone are more than
//! that, they are shown without any context (a passage is never dropped).
//! `--full-text` publishes whole texts.
//!
//! Words are counted as runs of non-whitespace in each shown part; the share
//! is the shown words over the article's words.

use std::ops::Range;

use super::paragraph_around;
use dossier_core::content::{Article, Dossier};

/// The cap on the share of an article's words an excerpt shows: a third.
pub const CAP_NUM: usize = 1;
/// See [`CAP_NUM`].
pub const CAP_DEN: usize = 3;

/// How an article is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Its whole text (`--full-text`).
    Full,
    /// Its cited passages, each with what context fits under the cap.
    Context,
    /// Its cited passages alone: they exceed the cap, so no context.
    PassagesOnly,
}

/// The parts of one article an export shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub kind: Kind,
    /// Byte ranges of the article's text, in order, disjoint, each starting
    /// and ending with a non-blank character.
    pub parts: Vec<Range<usize>>,
    /// Words of the whole text.
    pub words: usize,
    /// Words of the shown parts.
    pub shown_words: usize,
}

impl Excerpt {
    /// The share of the article's words shown, in whole percent (rounded up,
    /// so a share just over a third never reads as 33%).
    pub fn percent(&self) -> usize {
        if self.words == 0 {
            return 0;
        }
        (self.shown_words * 100).div_ceil(self.words)
    }

    /// Whether the shown words are within the cap.
    pub fn within_cap(&self) -> bool {
        within_cap(self.shown_words, self.words)
    }
}

fn within_cap(shown: usize, words: usize) -> bool {
    shown * CAP_DEN <= words * CAP_NUM
}

/// The cap as people read it.
pub const CAP_TEXT: &str = "a third";

/// What each article of `d` shows, in the order of `d.articles`.
pub fn plan(d: &Dossier, full_text: bool) -> Vec<Excerpt> {
    d.articles
        .iter()
        .map(|a| {
            if full_text {
                whole(a)
            } else {
                let spans: Vec<Range<usize>> = a
                    .cited_by
                    .iter()
                    .map(|&c| d.source(c).span.clone())
                    .collect();
                excerpt(&a.text, &spans)
            }
        })
        .collect()
}

/// The whole text of `a`.
pub fn whole(a: &Article) -> Excerpt {
    let words = count_words(&a.text);
    let parts = trimmed(&a.text, 0..a.text.len()).into_iter().collect();
    Excerpt {
        kind: Kind::Full,
        parts,
        words,
        shown_words: words,
    }
}

/// Words in `s`: runs of non-whitespace.
pub fn count_words(s: &str) -> usize {
    s.split_whitespace().count()
}

fn words_in(text: &str, parts: &[Range<usize>]) -> usize {
    parts
        .iter()
        .map(|r| count_words(text.get(r.clone()).unwrap_or_default()))
        .sum()
}

/// The excerpt of `text` around the passages `spans`: each with the rest of
/// its sentence, or the sentence before or after it, as long as the whole
/// stays within the cap; the passages alone when they exceed it.
pub fn excerpt(text: &str, spans: &[Range<usize>]) -> Excerpt {
    let words = count_words(text);
    let clamp = |r: &Range<usize>| {
        let start = r.start.min(text.len());
        start..r.end.clamp(start, text.len())
    };
    let core = merge(text, spans.iter().map(clamp).collect());
    let core_words = words_in(text, &core);
    if !within_cap(core_words, words) {
        return Excerpt {
            kind: Kind::PassagesOnly,
            parts: core,
            words,
            shown_words: core_words,
        };
    }
    // Candidate contexts, smallest first: as many as fit.
    let mut candidates: Vec<(usize, Range<usize>)> = Vec::new();
    for r in &core {
        for c in [before(text, r.start), after(text, r.end)]
            .into_iter()
            .flatten()
        {
            let n = count_words(text.get(c.clone()).unwrap_or_default());
            if n > 0 {
                candidates.push((n, c));
            }
        }
    }
    candidates.sort_by_key(|(n, c)| (*n, c.start));
    let mut parts = core;
    let mut shown = core_words;
    for (_, c) in candidates {
        let mut next = parts.clone();
        next.push(c);
        let next = merge(text, next);
        let n = words_in(text, &next);
        if within_cap(n, words) {
            parts = next;
            shown = n;
        }
    }
    Excerpt {
        kind: Kind::Context,
        parts,
        words,
        shown_words: shown,
    }
}

/// `r` without blank characters at either end; `None` when nothing is left.
fn trimmed(text: &str, r: Range<usize>) -> Option<Range<usize>> {
    let s = text.get(r.clone())?;
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| r.start + lead..r.start + lead + t.len())
}

/// Ranges sorted, and merged where they overlap or only blank text lies
/// between them. (Not trimmed: a passage keeps every character of its span,
/// so its mark and its list of citers stay whole.)
fn merge(text: &str, mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::new();
    for r in ranges.into_iter().filter(|r| r.start < r.end) {
        match out.last_mut() {
            Some(last)
                if r.start <= last.end
                    || text
                        .get(last.end..r.start)
                        .is_some_and(|g| g.trim().is_empty()) =>
            {
                last.end = last.end.max(r.end);
            }
            _ => out.push(r),
        }
    }
    out
}

/// The sentences of the paragraph around `at`, as byte ranges starting at
/// their first non-blank character and ending after their closing mark.
fn sentences(text: &str, at: usize) -> Vec<Range<usize>> {
    let para = paragraph_around(text, at..at);
    let Some(p) = text.get(para.clone()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut chars = p.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if start.is_none() && !c.is_whitespace() {
            start = Some(i);
        }
        if matches!(c, '.' | '!' | '?' | '…') {
            // Closing quotes and brackets belong to the sentence.
            let mut end = i + c.len_utf8();
            while let Some(&(j, q)) = chars.peek() {
                if matches!(q, '"' | '\'' | '”' | '’' | ')' | ']' | '»') || q == c {
                    end = j + q.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let ends = chars.peek().is_none_or(|&(_, n)| n.is_whitespace());
            if ends && let Some(s) = start.take() {
                out.push(para.start + s..para.start + end);
            }
        }
    }
    if let Some(s) = start
        && let Some(r) = trimmed(text, para.start + s..para.end)
    {
        out.push(r);
    }
    out
}

/// The context before a passage starting at `at`: the start of its
/// sentence, or, when it starts a sentence, the sentence before it.
fn before(text: &str, at: usize) -> Option<Range<usize>> {
    let all = sentences(text, at);
    let k = all.iter().rposition(|s| s.start <= at)?;
    let own = &all[k];
    let blank = |r: Range<usize>| text.get(r).is_none_or(|t| t.trim().is_empty());
    if !blank(own.start..at) {
        return Some(own.start..at);
    }
    let prev = all.get(k.checked_sub(1)?)?;
    Some(prev.start..at)
}

/// The context after a passage ending at `at`: the rest of its sentence,
/// or, when it ends one, the sentence after it.
fn after(text: &str, at: usize) -> Option<Range<usize>> {
    // The paragraph of the passage's last character.
    let last = text
        .get(..at)?
        .char_indices()
        .next_back()
        .map_or(0, |(i, _)| i);
    let all = sentences(text, last);
    let blank = |r: Range<usize>| text.get(r).is_none_or(|t| t.trim().is_empty());
    let k = all.iter().rposition(|s| s.start < at)?;
    let own = &all[k];
    if own.end > at && !blank(at..own.end) {
        return Some(at..own.end);
    }
    let next = all.get(k + 1)?;
    Some(at..next.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str, s: &str) -> Range<usize> {
        let i = t.find(s).unwrap_or(0);
        i..i + s.len()
    }

    fn shown(t: &str, e: &Excerpt) -> Vec<String> {
        e.parts.iter().map(|r| t[r.clone()].to_string()).collect()
    }

    #[test]
    fn a_passage_gets_a_sentence_each_side_within_the_cap() {
        let filler = "Filler words here to make the text long. ".repeat(20);
        let t =
            format!("{filler}One before. The cited part is here. One after! Not this.\n\n{filler}");
        let e = excerpt(&t, &[at(&t, "The cited part is here.")]);
        assert_eq!(e.kind, Kind::Context);
        assert_eq!(
            shown(&t, &e),
            ["One before. The cited part is here. One after!"]
        );
        assert!(e.within_cap());
    }

    #[test]
    fn a_passage_in_mid_sentence_gets_the_rest_of_its_sentence() {
        let filler = " Filler words here to make the text long.".repeat(20);
        let t = format!("Before. He said “the cited part” and left. After.{filler}");
        let e = excerpt(&t, &[at(&t, "the cited part")]);
        assert_eq!(shown(&t, &e), ["He said “the cited part” and left."]);
    }

    #[test]
    fn context_stops_at_the_cap() {
        // Twelve words in all: a third is four.
        let t = "Alpha beta gamma. Delta epsilon. Zeta eta theta iota kappa lambda mu.";
        let e = excerpt(t, &[at(t, "Delta epsilon.")]);
        assert_eq!(e.words, 12);
        assert!(e.shown_words <= 4, "{e:?}");
        assert!(shown(t, &e).concat().contains("Delta epsilon."));
    }

    #[test]
    fn passages_over_the_cap_are_shown_alone() {
        let t = "One two three four. Five six seven eight. Nine ten.";
        let e = excerpt(t, &[at(t, "One two three four."), at(t, "Five six")]);
        assert_eq!(e.kind, Kind::PassagesOnly);
        assert_eq!(shown(t, &e), ["One two three four. Five six"]);
        assert_eq!(e.shown_words, 6);
        assert!(!e.within_cap());
    }

    #[test]
    fn a_passage_ending_in_a_wide_character_gets_context() {
        let filler = " Filler words here to make the text long.".repeat(20);
        let t = format!("Before. He said “the cited part” and left. After.{filler}");
        let e = excerpt(&t, &[at(&t, "He said “the cited part”")]);
        assert_eq!(
            shown(&t, &e),
            ["Before. He said “the cited part” and left."]
        );
    }

    #[test]
    fn context_never_crosses_a_paragraph() {
        let filler = "Filler words here to make the text long. ".repeat(20);
        let t = format!("{filler}\n\nPrevious paragraph.\n\nCited first. Then more.\n\n{filler}");
        let e = excerpt(&t, &[at(&t, "Cited first.")]);
        assert_eq!(shown(&t, &e), ["Cited first. Then more."]);
    }
}
