//! Word wrapping into byte ranges, so an article is wrapped once per width and
//! a frame only slices the lines it shows. Scrolling to a passage needs line
//! numbers, which is why wrapping belongs to the state and not to drawing.

use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

use dossier_core::content::ArticleIx;
use dossier_core::text::char_width;

/// Lines of `text` at most `width` cells wide (after sanitising), as byte
/// ranges. Each `\n` ends a line (and nothing else does: other line and
/// paragraph separators are shown as stand-ins); blank lines stay as empty
/// ranges. Within a line, breaks fall where Unicode's line breaking
/// algorithm (UAX #14) allows them, for every script: after spaces (which a
/// break drops), after hyphens, dashes and slashes, between ideographs, after
/// a zero-width space or a soft hyphen, but never before closing punctuation
/// or a small kana. A line broken at a soft hyphen ends with it, and is
/// drawn with a hyphen there (see [`soft_hyphen_end`]), which the width
/// leaves room for. A word wider than the line, with no break in it, is cut.
///
/// Thai, Lao, Khmer and Burmese mark no word boundaries and UAX #14 leaves
/// them to a dictionary, which this does not have: their runs break at
/// spaces and, when longer than a line, are cut by width.
pub fn wrap(text: &str, width: usize) -> Vec<Range<usize>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut hard_start = 0;
    for hard in text.split('\n') {
        wrap_line(hard, hard_start, width, &mut lines);
        hard_start += hard.len() + 1;
    }
    lines
}

/// `text` wrapped to `width` as [`wrap`] does, each line sanitised and
/// without the spaces a break leaves at its end: for short texts drawn whole
/// (overlays, messages), where keeping byte ranges buys nothing.
pub fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    wrap(text, width)
        .into_iter()
        .map(|r| {
            let line = text.get(r).unwrap_or_default();
            dossier_core::text::sanitize_line(line)
                .trim_end()
                .to_string()
        })
        .collect()
}

const SOFT_HYPHEN: char = '\u{ad}';

/// Where a wrapped line of `text` shows a hyphen: the offset of the soft
/// hyphen it ends with when the line was broken there (not when the text, or
/// its line, ends after it).
pub fn soft_hyphen_end(text: &str, line: Range<usize>) -> Option<usize> {
    let at = line.end.checked_sub(SOFT_HYPHEN.len_utf8())?;
    // Broken there, the text goes on at once: a break never falls before a
    // space, and the end of a line of the text is no break.
    let continues = text
        .get(line.end..)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c != '\n' && !is_space(c));
    (continues && line.start <= at && text.get(at..line.end) == Some("\u{ad}")).then_some(at)
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

/// Whether UAX #14 may break before `c` under its strict Japanese rules,
/// which the breaking iterator (resolving small kana as ideographs) does not
/// apply: no line starts with a small kana or the prolonged sound mark.
fn may_start_line(c: char) -> bool {
    unicode_linebreak::break_property(c as u32)
        != unicode_linebreak::BreakClass::ConditionalJapaneseStarter
}

fn wrap_line(line: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let mut start = 0; // start of the current output line, relative to `line`
    let mut used = 0; // its width so far, spaces at its end included
    for (i, c) in line.char_indices() {
        let w = char_width(c);
        if is_space(c) {
            // Spaces may run past the edge: a break after them drops them.
            used += w;
            continue;
        }
        // Broken at an earlier opportunity, what follows it may still be too
        // wide: then it is cut here.
        while used + w > width && i > start {
            let end = match last_break(line, start, i, width) {
                Some(b) => b,
                // A cut right after a soft hyphen would show it as a hyphen
                // with no room for it: cut before it instead.
                None => match line[..i].trim_end_matches(SOFT_HYPHEN).len() {
                    before if before > start => before,
                    _ => i,
                },
            };
            // The spaces before the break are dropped from the line.
            let kept = line[start..end].trim_end_matches(is_space).len();
            out.push(base + start..base + start + kept);
            start = end;
            used = line[start..i].chars().map(char_width).sum();
        }
        used += w;
    }
    // The spaces at the end of the text's line are kept, unless they would
    // run past the edge.
    let end = if used > width {
        line.trim_end_matches(is_space).len().max(start)
    } else {
        line.len()
    };
    out.push(base + start..base + end);
}

/// The last place in `start..=at` of `line` where UAX #14 allows a break
/// that suits a line starting at `start` in `width` cells: not before a
/// small kana, and after a soft hyphen only with room for the hyphen.
///
/// Breaks are looked for first in the last word, from the character before
/// the last run of spaces (the rules that reach back over spaces look at one
/// character), and only when there is none there in the whole line. So a
/// line costs about one word, or its own length, however long the text:
/// wrapping stays linear. The text before `start`, a break or a cut itself,
/// is not looked at.
fn last_break(line: &str, start: usize, at: usize, width: usize) -> Option<usize> {
    let next = line.get(at..)?.chars().next()?;
    let upto = at + next.len_utf8();
    let fits = |b: usize| {
        let Some(head) = line.get(start..b) else {
            return false;
        };
        let starts_ok = line
            .get(b..)
            .and_then(|r| r.chars().next())
            .is_some_and(may_start_line);
        let shy = head.ends_with(SOFT_HYPHEN);
        starts_ok && (!shy || head.chars().map(char_width).sum::<usize>() < width)
    };
    let last_in = |from: usize| {
        let window = line.get(from..upto)?;
        unicode_linebreak::linebreaks(window)
            .map(|(b, _)| from + b)
            .filter(|&b| b > start && b <= at && fits(b))
            .last()
    };
    let head = line.get(start..at)?;
    let run_end = head.trim_end_matches(|c| !is_space(c)).len();
    let run_start = head.get(..run_end)?.trim_end_matches(is_space).len();
    if run_end > 0 {
        let from = head
            .get(..run_start)?
            .char_indices()
            .last()
            .map_or(0, |(k, _)| k);
        if let Some(b) = last_in(start + from) {
            return Some(b);
        }
        if from == 0 {
            return None;
        }
    }
    last_in(start)
}

/// An article's lines at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wrapped {
    pub article: ArticleIx,
    pub width: u16,
    pub lines: Vec<Range<usize>>,
}

impl Wrapped {
    /// The line holding byte `at` (the last line that starts at or before it).
    pub fn line_of(&self, at: usize) -> usize {
        self.lines
            .partition_point(|r| r.start <= at)
            .saturating_sub(1)
    }
}

/// The last few wrappings, so moving back and forth between articles, or a
/// preview flicking through sources, does not wrap the same text again.
#[derive(Debug, Default)]
pub struct WrapCache {
    entries: VecDeque<Rc<Wrapped>>,
}

const CACHE_SIZE: usize = 16;

impl WrapCache {
    pub fn get(&mut self, article: ArticleIx, width: u16, text: &str) -> Rc<Wrapped> {
        if let Some(hit) = self
            .entries
            .iter()
            .find(|w| w.article == article && w.width == width)
        {
            return Rc::clone(hit);
        }
        let wrapped = Rc::new(Wrapped {
            article,
            width,
            lines: wrap(text, usize::from(width)),
        });
        if self.entries.len() >= CACHE_SIZE {
            self.entries.pop_front();
        }
        self.entries.push_back(Rc::clone(&wrapped));
        wrapped
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::text::width;
    use proptest::prelude::*;

    fn show(text: &str, w: usize) -> Vec<&str> {
        wrap(text, w).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn wraps_at_spaces_and_keeps_blank_lines() {
        assert_eq!(
            show("one two three four\n\nfive", 9),
            ["one two", "three", "four", "", "five"]
        );
        assert_eq!(show("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(show("", 4), [""]);
        assert_eq!(show("日本語テキスト", 5), ["日本", "語テ", "キス", "ト"]);
    }

    #[test]
    fn breaks_after_hyphens_dashes_and_slashes() {
        assert_eq!(show("a well-known fact", 8), ["a well-", "known", "fact"]);
        assert_eq!(show("either and/or both", 8), ["either", "and/or", "both"]);
        assert_eq!(show("and/or", 4), ["and/", "or"]);
        assert_eq!(show("one—two—three", 8), ["one—two—", "three"]);
        // Not before a number: "-5" stays whole.
        assert_eq!(show("ab -5", 3), ["ab", "-5"]);
    }

    #[test]
    fn only_a_newline_ends_a_line() {
        assert_eq!(show("a\u{2028}b\u{b}c", 20), ["a\u{2028}b\u{b}c"]);
        assert_eq!(show("a\nb", 20), ["a", "b"]);
    }

    #[test]
    fn soft_hyphens_and_zero_width_spaces_are_break_opportunities() {
        let german = "Arbeitnehmer\u{ad}vertretungs\u{ad}gesetz";
        let lines = wrap(german, 16);
        assert_eq!(
            lines.iter().map(|r| &german[r.clone()]).collect::<Vec<_>>(),
            ["Arbeitnehmer\u{ad}", "vertretungs\u{ad}", "gesetz"]
        );
        // The hyphen shown at a break counts: 12 letters and the hyphen fit in 13.
        assert_eq!(show(german, 13)[0], "Arbeitnehmer\u{ad}");
        assert_eq!(show(german, 12)[0], "Arbeitnehmer");
        assert_eq!(soft_hyphen_end(german, lines[0].clone()), Some(12));
        assert_eq!(soft_hyphen_end(german, lines[2].clone()), None);
        // Not where the text or its line ends after the soft hyphen.
        assert_eq!(soft_hyphen_end("ab\u{ad}", 0..4), None);
        assert_eq!(soft_hyphen_end("ab\u{ad}\nc", 0..4), None);
        // Unbroken, a soft hyphen takes no room.
        assert_eq!(show(german, 40), [german]);
        assert_eq!(show("aaaa\u{200b}bbbb", 5), ["aaaa\u{200b}", "bbbb"]);
        // A word joiner forbids the break a hyphen would allow.
        assert_eq!(show("ab-\u{2060}cd", 4), ["ab-\u{2060}c", "d"]);
    }

    #[test]
    fn japanese_lines_do_not_start_with_closing_marks_or_small_kana() {
        // "。" may not start a line: the character before it comes along.
        assert_eq!(show("ああああ。", 8), ["あああ", "あ。"]);
        // Nor a small kana.
        assert_eq!(show("あいっと", 4), ["あ", "いっ", "と"]);
        assert_eq!(show("「あい」", 6), ["「あ", "い」"]);
    }

    /// Text made of ideographs and kana, each optionally followed by one
    /// character that may not start a line.
    fn japanese() -> impl Strategy<Value = String> {
        let token = (
            prop::sample::select(vec!["日", "本", "語", "あ", "い", "カ", "タ"]),
            prop::sample::select(vec!["", "", "。", "、", "」", "っ", "ゃ", "ー", "）"]),
        );
        proptest::collection::vec(token, 0..60)
            .prop_map(|t| t.into_iter().map(|(a, b)| format!("{a}{b}")).collect())
    }

    /// How wide a line is drawn: its characters, and the hyphen of a soft break.
    fn drawn(text: &str, r: Range<usize>) -> usize {
        width(&text[r.clone()]) + usize::from(soft_hyphen_end(text, r).is_some())
    }

    proptest! {
        #[test]
        fn no_line_starts_with_what_japanese_forbids(text in japanese(), w in 4usize..30) {
            for r in wrap(&text, w).into_iter().skip(1) {
                let first = text[r].chars().next();
                prop_assert!(
                    !matches!(first, Some('。' | '、' | '」' | 'っ' | 'ゃ' | 'ー' | '）')),
                    "{first:?}"
                );
            }
        }

        #[test]
        fn lines_fit_and_lose_nothing(
            text in "[a-z \n日é\u{1b}\u{ad}\u{200b}/-]{0,200}",
            w in 1usize..40,
        ) {
            let lines = wrap(&text, w);
            let mut last = 0;
            for r in &lines {
                prop_assert!(r.start >= last, "lines in order");
                last = r.end;
                prop_assert!(drawn(&text, r.clone()) <= w.max(2), "{:?} wider than {w}", &text[r.clone()]);
            }
            let kept: String = lines.iter().flat_map(|r| text[r.clone()].chars()).filter(|c| !c.is_whitespace()).collect();
            let all: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert_eq!(kept, all);
        }
    }
}
