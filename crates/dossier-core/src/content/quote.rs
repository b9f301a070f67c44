//! Finding a quote in an article's text, every run of whitespace counting as
//! one space, without building a folded copy of the text.
//!
//! The quote is cut into whitespace-separated words (which also trims it); the
//! first word is found with `memchr::memmem`, and each following word must come
//! after a run of whitespace. Whitespace is Unicode's: spaces (the no-break
//! space too, which articles copied from the web often hold), tabs and line
//! breaks.

use std::ops::Range;

use memchr::memmem;

/// The quote's words; empty when the quote is only whitespace.
pub fn words(quote: &str) -> Vec<&str> {
    quote.split_whitespace().collect()
}

/// Every place the quote occurs in `text`, as byte ranges from its first
/// character to its last, in order. Occurrences may overlap.
///
/// The search is anchored on the quote's longest word, which occurs far less
/// often than a first word such as "the": fewer places to check. The words
/// before the anchor are matched backwards from it, those after it forwards,
/// with the same rules as a match at one place.
pub fn find_all(text: &str, words: &[&str]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let Some((k, anchor)) = words
        .iter()
        .enumerate()
        .max_by_key(|&(i, w)| (w.len(), std::cmp::Reverse(i)))
    else {
        return out;
    };
    let hay = text.as_bytes();
    let finder = memmem::Finder::new(anchor.as_bytes());
    let mut from = 0;
    while let Some(hit) = finder.find(&hay[from..]) {
        // A match of a whole UTF-8 word starts on a character boundary.
        let at = from + hit;
        if let Some(start) = match_before(text, at, &words[..k]) {
            let (matched, end) = match_at(hay, at, &words[k..]);
            if matched == words.len() - k {
                out.push(start..end);
            }
        }
        // Step one byte, not past the match, so overlapping occurrences count.
        from = at + 1;
    }
    // Each start has one anchor place and the other way round, but anchors
    // in order do not promise starts in order.
    out.sort_by_key(|r| r.start);
    out
}

/// Where `words` start when they end just before `at`, each followed by a
/// run of whitespace: the mirror of [`match_at`] for the words before the anchor.
fn match_before(text: &str, at: usize, words: &[&str]) -> Option<usize> {
    let mut pos = at;
    for word in words.iter().rev() {
        let before = text.get(..pos)?;
        let gap_start = before.trim_end().len();
        if gap_start == pos {
            return None;
        }
        pos = gap_start;
        if !text[..pos].ends_with(word) {
            return None;
        }
        pos -= word.len();
    }
    Some(pos)
}

/// How many of `words` match in sequence at `start`, and where the last
/// matched word ends. `words[0]` is expected at `start` itself.
fn match_at(hay: &[u8], start: usize, words: &[&str]) -> (usize, usize) {
    let mut pos = start;
    let mut end = start;
    for (k, word) in words.iter().enumerate() {
        if k > 0 {
            let gap = whitespace_len(&hay[pos..]);
            if gap == 0 {
                return (k, end);
            }
            pos += gap;
        }
        if !hay[pos..].starts_with(word.as_bytes()) {
            return (k, end);
        }
        pos += word.len();
        end = pos;
    }
    (words.len(), end)
}

/// Length in bytes of the run of whitespace at the start of `bytes`.
fn whitespace_len(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&b) = bytes.get(n) {
        if b.is_ascii() {
            if !char::from(b).is_whitespace() {
                break;
            }
            n += 1;
        } else {
            // Decode the one character here; it starts at a character boundary
            // because the run so far is whole characters.
            let len = match b {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let c = bytes
                .get(n..n + len)
                .and_then(|s| std::str::from_utf8(s).ok())
                .and_then(|s| s.chars().next());
            match c {
                Some(c) if c.is_whitespace() => n += len,
                _ => break,
            }
        }
    }
    n
}

/// The passage of the text closest to a quote that was not found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Closest {
    /// Byte range of the longest run of the quote's words found in the text.
    pub span: Range<usize>,
    /// Index of the quote's first word in that run.
    pub first_word: usize,
    /// How many of the quote's words the run holds.
    pub matched: usize,
}

/// The longest run of consecutive quote words that occurs in the text (the
/// earliest such run in the quote, then in the text). Only used to explain a
/// quote that was not found, so it may be slower than [`find_all`]; the work
/// is bounded all the same.
pub fn closest(text: &str, words: &[&str]) -> Option<Closest> {
    const MAX_WORDS: usize = 64;
    const MAX_HITS: usize = 2_000;
    let hay = text.as_bytes();
    let mut best: Option<Closest> = None;
    for i in 0..words.len().min(MAX_WORDS) {
        let rest = &words[i..];
        if best.as_ref().is_some_and(|b| b.matched >= rest.len()) {
            break;
        }
        let finder = memmem::Finder::new(rest[0].as_bytes());
        let mut from = 0;
        let mut hits = 0;
        while let Some(hit) = finder.find(&hay[from..]) {
            let start = from + hit;
            let (matched, end) = match_at(hay, start, rest);
            if best.as_ref().is_none_or(|b| matched > b.matched) {
                best = Some(Closest {
                    span: start..end,
                    first_word: i,
                    matched,
                });
            }
            hits += 1;
            if hits >= MAX_HITS {
                break;
            }
            from = start + 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain algorithm the anchored search must agree with: try the
    /// first word everywhere, then the rest forwards.
    fn find_all_from_first_word(text: &str, words: &[&str]) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let Some(first) = words.first() else {
            return out;
        };
        let hay = text.as_bytes();
        let finder = memmem::Finder::new(first.as_bytes());
        let mut from = 0;
        while let Some(hit) = finder.find(&hay[from..]) {
            let start = from + hit;
            let (matched, end) = match_at(hay, start, words);
            if matched == words.len() {
                out.push(start..end);
            }
            from = start + 1;
        }
        out
    }

    proptest! {
        // Small alphabets so quotes occur often, overlap, repeat words and
        // straddle odd whitespace (tabs, line breaks, no-break spaces).
        #[test]
        fn anchored_search_agrees_with_first_word_search(
            text in proptest::collection::vec(
                prop::sample::select(vec!["a", "b", "ab", "ba", "aab", "é", " ", "  ", "\n", "\t", "\u{a0}"]),
                0..60,
            ),
            quote in proptest::collection::vec(
                prop::sample::select(vec!["a", "b", "ab", "ba", "aab", "é", " ", "\n", "\u{a0}"]),
                1..8,
            ),
        ) {
            let text: String = text.concat();
            let quote: String = quote.concat();
            let words = words(&quote);
            prop_assert_eq!(find_all(&text, &words), find_all_from_first_word(&text, &words));
        }
    }

    fn find(text: &str, quote: &str) -> Vec<Range<usize>> {
        find_all(text, &words(quote))
    }

    #[test]
    fn whitespace_runs_fold_to_one_space() {
        let text = "completed a\n  second\tweek of talks";
        let got = find(text, "a second week");
        assert_eq!(got, vec![10..text.find(" of").unwrap_or(0)]);
        assert_eq!(
            find(text, "  a second  week \n"),
            got,
            "quote trimmed and folded"
        );
    }

    #[test]
    fn unicode_spaces_fold_too() {
        let text = "Basic\u{a0}Agreement General\u{2003}\u{2028}Negotiations";
        assert_eq!(
            find(text, "Basic Agreement General Negotiations"),
            vec![0..text.len()]
        );
        assert_eq!(find("a\u{a0}\u{a0} b", "a\u{a0}b").len(), 1);
        assert!(find("a\u{a0}b", "a\u{a0}b").len() == 1 && find("ab", "a\u{a0}b").is_empty());
    }

    #[test]
    fn words_must_be_separated_by_whitespace() {
        assert!(find("second-week", "second week").is_empty());
        assert!(find("secondweek", "second week").is_empty());
        // Substring semantics at the quote's ends, as for a plain search.
        assert_eq!(find("weeks", "week"), vec![0..4]);
    }

    #[test]
    fn typographic_characters_are_not_folded() {
        assert!(find("“quoted”", "\"quoted\"").is_empty());
        assert_eq!(find("a – b", "a – b").len(), 1);
    }

    #[test]
    fn counts_every_occurrence_including_overlaps() {
        assert_eq!(find("ab ab ab", "ab ab").len(), 2);
        assert_eq!(find("aaa", "aa"), vec![0..2, 1..3]);
        assert!(find("anything", "   ").is_empty());
    }

    #[test]
    fn closest_finds_longest_run_of_words() {
        let text = "they completed a second week of general talks";
        let c = closest(text, &words("completed a 2nd week of general talks")).expect("some");
        // "week of general talks" (4 words) beats "completed a" (2 words).
        assert_eq!(c.first_word, 3);
        assert_eq!(c.matched, 4);
        assert_eq!(&text[c.span], "week of general talks");
        assert_eq!(closest(text, &words("nothing here")), None);
    }
}
