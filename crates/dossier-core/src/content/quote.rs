//! Finding a quote in an article's text, every run of whitespace counting as
//! one space, without building a folded copy of the text.
//!
//! Both sides are compared canonically: [`find_in`] takes the article as
//! [`canonical::Canonical`] (composed, invisible characters left out), the
//! quote's words are taken from the quote folded the same way
//! ([`quote_words`]), and matches come back as ranges of the original text;
//! a match never starts or ends inside a combining sequence.
//!
//! The quote is cut into whitespace-separated words (which also trims it); the
//! first word is found with `memchr::memmem`, and each following word must come
//! after a run of whitespace. Whitespace is Unicode's: spaces (the no-break
//! space too, which articles copied from the web often hold), tabs and line
//! breaks.

use std::ops::Range;

use memchr::memmem;
use unicode_normalization::UnicodeNormalization;

use crate::canonical;

/// The quote's words; empty when the quote is only whitespace.
pub fn words(quote: &str) -> Vec<&str> {
    quote.split_whitespace().collect()
}

/// The quote folded as articles are ([`canonical::Canonical`]), to take the
/// [`words`] of.
pub fn quote_words(quote: &str) -> canonical::Canonical<'_> {
    canonical::Canonical::new(quote)
}

/// Every place `quote` occurs in `text` by the loader's rule (both folded
/// canonically, whitespace runs alike), as byte ranges of `text`. For one
/// quote; the loader folds each article once for all of its quotes.
pub fn find_quote(text: &str, quote: &str) -> Vec<Range<usize>> {
    let q = quote_words(quote);
    find_in(&canonical::Canonical::new(text), &words(q.as_str()))
}

/// Every place the quote's `words` (of [`quote_words`]) occur in the folded
/// `article`, as byte ranges of the article's original text, in order. A
/// place that would start or end inside a combining sequence is none.
pub fn find_in(article: &canonical::Canonical, words: &[&str]) -> Vec<Range<usize>> {
    let text = article.as_str();
    find_all(text, words)
        .into_iter()
        .filter(|r| !canonical::splits_a_sequence(text, r.clone()))
        .map(|r| article.original(r))
        .collect()
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

/// A `[[sources]]` block, ready to paste into an event or issue file, that
/// cites `passage` of article `article` (with `occurrence = N` when given).
///
/// The quote is one TOML basic string: `"` and `\` are escaped, a run of
/// ordinary whitespace (spaces, tabs, line breaks) is written as one space,
/// which matches it, and every other character that would not show as itself
/// on a terminal (a no-break space, a soft hyphen, a control character) is
/// written as a `\uXXXX` escape. The block is thus safe to print and, loaded,
/// its quote matches exactly the passage it was made from.
pub fn source_block(article: &str, passage: &str, occurrence: Option<usize>) -> String {
    let mut quote = String::with_capacity(passage.len() + 2);
    let mut chars = passage.trim().chars().peekable();
    while let Some(c) = chars.next() {
        let plain_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
        if plain_space(c) {
            while chars.peek().is_some_and(|&c| plain_space(c)) {
                chars.next();
            }
            quote.push(' ');
            continue;
        }
        crate::escape::toml_char_into(&mut quote, c);
    }
    let mut block = format!(
        "[[sources]]\narticle = \"{}\"\nquote = \"{quote}\"\n",
        block_id(article)
    );
    if let Some(n) = occurrence {
        block.push_str(&format!("occurrence = {n}\n"));
    }
    block
}

/// An id for a block: ids are plain ASCII, but a block must stay valid TOML
/// whatever it is given.
fn block_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '.')
        .collect()
}

/// Why a quote is not in its article, found by trying again under each
/// folding in turn: the first step that matches names the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// The quote matches when both sides are folded to NFKC: it differs only
    /// by compatibility characters (a ligature, a full-width letter).
    Compatibility(CompatDifference),
    /// The quote matches when typographic quotation marks, apostrophes and
    /// dashes are made straight: `classes` names which ones differ
    /// (`quotation marks`, `apostrophes`, `dashes`).
    Typographic {
        /// The article's passage, in bytes of its text.
        span: Range<usize>,
        /// What differs, in words.
        classes: Vec<&'static str>,
    },
    /// The quote matches when letter case is ignored.
    Case {
        /// The article's passage, in bytes of its text.
        span: Range<usize>,
    },
    /// The quote is, verbatim, in another article.
    OtherArticle {
        /// That article's id.
        id: String,
    },
    /// The closest passage: the longest run of the quote's words that the
    /// article holds, and where the two part.
    Closest(Closest),
}

/// The ladder of [`Miss`]: `text` is the article's, `others` every other
/// article as `(id, text)`. `None` when nothing in the article comes close.
pub fn explain(text: &str, quote: &str, others: &[(&str, &str)]) -> Option<Miss> {
    use crate::fold::{FoldedText, Folding};
    let words_of = words(quote);
    if words_of.is_empty() {
        return None;
    }
    if let Some(d) = compatibility_difference(text, quote) {
        return Some(Miss::Compatibility(d));
    }
    let typographic = Folding {
        typographic: true,
        ..Folding::default()
    };
    let case = Folding {
        case: true,
        ..Folding::default()
    };
    for (step, folding) in [(0, typographic), (1, case)] {
        let folded_quote = folding.apply(quote);
        let folded = FoldedText::new(text, folding);
        let qw = words(&folded_quote);
        let Some(span) = find_all(&folded.text, &qw)
            .into_iter()
            .find_map(|r| folded.original(r))
        else {
            continue;
        };
        return Some(match step {
            0 => Miss::Typographic {
                classes: differing_classes(&text[span.clone()], quote),
                span,
            },
            _ => Miss::Case { span },
        });
    }
    for (id, other) in others {
        if !find_all(other, &words_of).is_empty() {
            return Some(Miss::OtherArticle { id: id.to_string() });
        }
    }
    closest(text, &words_of).map(Miss::Closest)
}

/// Which kinds of typographic character differ between a passage and a quote.
fn differing_classes(passage: &str, quote: &str) -> Vec<&'static str> {
    let class = |c: char| match c {
        '"' => Some("quotation marks"),
        '\'' => Some("apostrophes"),
        '-' => Some("dashes"),
        c => crate::fold::typographic_class(c),
    };
    let mut out = Vec::new();
    for name in ["quotation marks", "apostrophes", "dashes"] {
        let of = |s: &str| -> Vec<char> { s.chars().filter(|&c| class(c) == Some(name)).collect() };
        if of(passage) != of(quote) {
            out.push(name);
        }
    }
    out
}

/// Where a quote whose first words do not match would start in the
/// article, and the first pair of words that differ: `(start offset,
/// quote's word, article's word)`. `None` when the closest run starts at the
/// quote's first word.
pub fn first_difference<'a>(
    text: &'a str,
    words: &[&'a str],
    c: &Closest,
) -> Option<(usize, &'a str, &'a str)> {
    // A run that starts inside a word of the article (`old` in `“old`):
    // that whole word is where the quote's word differs, unless an earlier
    // word already does.
    let inside = text
        .get(..c.span.start)
        .and_then(|head| head.chars().next_back())
        .filter(|ch| !ch.is_whitespace())
        .map(|_| {
            let head = &text[..c.span.start];
            let start = head.rfind(char::is_whitespace).map_or(0, |p| {
                p + head[p..].chars().next().map_or(1, char::len_utf8)
            });
            let word_end = text[start..]
                .find(char::is_whitespace)
                .map_or(text.len(), |n| start + n);
            (start, &text[start..word_end])
        });
    // A quote may begin inside a word: then there is nothing before to show.
    if c.first_word == 0 {
        return None;
    }
    // The article's words before the run, as many as the quote has there.
    let mut before: Vec<(usize, &str)> = Vec::new();
    let mut end = inside.map_or(c.span.start, |(at, _)| at);
    while before.len() < c.first_word {
        let head = &text[..end];
        let trimmed = head.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let start = trimmed.rfind(char::is_whitespace).map_or(0, |p| {
            p + trimmed[p..].chars().next().map_or(1, char::len_utf8)
        });
        before.push((start, &trimmed[start..]));
        end = start;
    }
    before.reverse();
    // Aligned at the run: the quote's word k stands before the run as the
    // article's word k - (first_word - before.len()).
    let skip = c.first_word - before.len();
    for (k, &(_, word)) in before.iter().enumerate() {
        if words[skip + k] != word {
            return Some((before[0].0, words[skip + k], word));
        }
    }
    if let Some((at, word)) = inside {
        let start = before.first().map_or(at, |&(b, _)| b);
        return Some((start, words.get(c.first_word).copied()?, word));
    }
    before.first().map(|&(at, w)| (at, words[skip], w))
}

/// A [`Miss`] in words, for a `help:` line or the quote finder. `place`
/// turns an offset of the article's text into `path:line:col`.
pub fn describe(miss: &Miss, text: &str, quote: &str, place: &dyn Fn(usize) -> String) -> String {
    let shown = |span: Range<usize>| {
        let passage = words(text.get(span).unwrap_or("")).join(" ");
        crate::text::truncate(&passage, 100)
    };
    match miss {
        Miss::Compatibility(d) => format!("at {} {}", place(d.span.start), d.message()),
        Miss::Typographic { span, classes } => {
            let what = match classes.as_slice() {
                [] => "typographic characters".to_string(),
                [one] => one.to_string(),
                [init @ .., last] => format!("{} and {last}", init.join(", ")),
            };
            format!(
                "only the {what} differ: the article has \"{}\" at {}",
                shown(span.clone()),
                place(span.start)
            )
        }
        Miss::Case { span } => format!(
            "only letter case differs: the article has \"{}\" at {}",
            shown(span.clone()),
            place(span.start)
        ),
        Miss::OtherArticle { id } => {
            format!("found in `{id}`: did you mean `article = \"{id}\"`?")
        }
        Miss::Closest(c) => {
            let words = words(quote);
            let quote_len: usize = words.iter().map(|w| w.len() + 1).sum();
            let first = first_difference(text, &words, c);
            let start = first.map_or(c.span.start, |(at, _, _)| at);
            let mut end = (start + quote_len.max(c.span.end - start) + 10).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            // To the end of the word it falls in.
            end += text[end..]
                .find(char::is_whitespace)
                .unwrap_or(text.len() - end);
            let mut why = Vec::new();
            if let Some((_, theirs, ours)) = first {
                why.push(format!(
                    "the quote has \"{theirs}\" where the article has \"{ours}\""
                ));
            }
            if let Some(next) = words.get(c.first_word + c.matched) {
                why.push(format!("the quote stops matching at \"{next}\""));
            }
            format!(
                "closest passage at {}: \"{}\"; {}",
                place(start),
                shown(start..end),
                why.join(", and ")
            )
        }
    }
}

/// A quote that differs from an article only by compatibility characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompatDifference {
    /// The passage of the article the quote matches once both are folded to
    /// NFKC, as a byte range of the article's original text.
    pub span: Range<usize>,
    /// A character that differs, as the quote has it ...
    pub in_quote: String,
    /// ... and as the article has it.
    pub in_article: String,
}

impl CompatDifference {
    /// The explanation for a curator, one line.
    pub fn message(&self) -> String {
        format!(
            "the quote has \"{}\" where the article has \"{}\": they differ only as compatibility forms (a ligature, a full-width or other variant of the same letters), which matching does not fold; copy the article's characters",
            self.in_quote, self.in_article
        )
    }
}

/// Whether `quote` fails to match `article` only because of compatibility
/// characters (a ligature `ﬁ`, a full-width `Ａ`, a superscript): its words,
/// whitespace folded as always, occur in the article once both are folded to
/// NFKC. Returns the first such place and a character that differs there.
///
/// Meant for a quote already known not to match (it folds the whole
/// article, so it costs more than a match).
pub fn compatibility_difference(article: &str, quote: &str) -> Option<CompatDifference> {
    let wide_quote = canonical::fold_compatible(quote);
    let wide_article = canonical::fold_compatible(article);
    let words = words(wide_quote.as_str());
    let found = find_all(wide_article.as_str(), &words)
        .into_iter()
        .find(|r| !canonical::splits_a_sequence(wide_article.as_str(), r.clone()))?;
    let span = wide_article.original(found);
    let passage = article.get(span.clone())?;
    // The first character on either side that NFKC changes, and what it
    // becomes: the other side has that.
    let differs = |c: &char| canonical::fold_compatible(&c.to_string()).as_str() != c.to_string();
    let (in_quote, in_article) = match quote.chars().find(differs) {
        Some(c) => (c.to_string(), c.to_string().nfkc().collect()),
        None => {
            let c = passage.chars().find(differs)?;
            (c.to_string().nfkc().collect(), c.to_string())
        }
    };
    Some(CompatDifference {
        span,
        in_quote,
        in_article,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn compatibility_differences_are_found_and_named() {
        let d = compatibility_difference("the ﬁnal offer", "final offer").expect("found");
        assert_eq!(d.span, 4.."the ﬁnal offer".len());
        assert_eq!((d.in_quote.as_str(), d.in_article.as_str()), ("fi", "ﬁ"));
        let d = compatibility_difference("ＡＢＣ rules", "ABC rules").expect("found");
        assert_eq!((d.in_quote.as_str(), d.in_article.as_str()), ("A", "Ａ"));
        let d = compatibility_difference("final offer", "ﬁnal").expect("found");
        assert_eq!((d.in_quote.as_str(), d.in_article.as_str()), ("ﬁ", "fi"));
        assert!(d.message().contains("compatibility"));
        assert_eq!(compatibility_difference("final offer", "last offer"), None);
    }

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

    /// As the loader matches: both sides folded, ranges of the original.
    fn find_canonical(text: &str, quote: &str) -> Vec<Range<usize>> {
        let q = quote_words(quote);
        find_in(&canonical::Canonical::new(text), &words(q.as_str()))
    }

    #[test]
    fn canonically_equal_text_matches() {
        let nfd = "Zoe\u{308} said";
        assert_eq!(find_canonical(nfd, "Zoë said"), vec![0..nfd.len()]);
        assert_eq!(
            find_canonical("Zoë said", "Zoe\u{308}"),
            vec![0.."Zoë".len()]
        );
        // Not the start of a combining sequence, nor its end.
        assert!(find_canonical("q\u{307}x", "\u{307}x").is_empty());
        assert!(find_canonical("aq\u{307}", "aq").is_empty());
    }

    proptest! {
        // `Zoe` does not match the start of `Zoë`, composed or not, whatever
        // the mark, the word and what follows.
        #[test]
        fn a_match_never_ends_inside_a_combining_sequence(
            word in "[a-zA-Z]{1,8}",
            mark in prop::sample::select(vec!["\u{301}", "\u{308}", "\u{323}", "\u{307}", "\u{30a}"]),
            composed in any::<bool>(),
            rest in "[0-9 ]{0,6}",
        ) {
            let text = format!("{word}{mark}{rest}");
            let text = if composed { canonical::Canonical::new(&text).as_str().to_string() } else { text };
            prop_assert!(find_canonical(&text, &word).is_empty(), "{text:?}");
            // The whole sequence does match, from the start.
            let whole = format!("{word}{mark}");
            let found = find_canonical(&text, &whole);
            prop_assert_eq!(found.first().map(|r| r.start), Some(0));
        }
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

    #[test]
    fn a_block_escapes_what_toml_and_terminals_need() {
        let b = source_block(
            "a",
            "said \"no\" \\ then\n  left\u{a0}at\u{ad}once\u{1b}",
            Some(2),
        );
        assert_eq!(
            b,
            "[[sources]]\narticle = \"a\"\nquote = \"said \\\"no\\\" \\\\ then left\\u00A0at\\u00ADonce\\u001B\"\noccurrence = 2\n"
        );
        assert_eq!(
            source_block("b", "  one\ttwo  ", None),
            "[[sources]]\narticle = \"b\"\nquote = \"one two\"\n"
        );
    }

    #[test]
    fn the_ladder_names_the_first_folding_that_matches() {
        let text = "He said “no” — then The Union left.";
        let miss = explain(text, "said \"no\" - then", &[]);
        let span = text.find("said").unwrap_or(0)..text.find(" The").unwrap_or(0);
        assert_eq!(
            miss,
            Some(Miss::Typographic {
                span,
                classes: vec!["quotation marks", "dashes"]
            })
        );
        let miss = explain(text, "the union left", &[]);
        let span = text.find("The").unwrap_or(0)..text.len() - 1;
        assert_eq!(miss, Some(Miss::Case { span }));
        let miss = explain(text, "went home", &[("b", "they went\nhome")]);
        assert_eq!(
            miss,
            Some(Miss::OtherArticle {
                id: "b".to_string()
            })
        );
        assert!(matches!(
            explain(text, "then The Union right", &[]),
            Some(Miss::Closest(_))
        ));
        assert_eq!(explain(text, "nothing here", &[]), None);
        // A ligature is named before anything else.
        let text = "the ﬁnal “offer”";
        match explain(text, "final “offer”", &[]) {
            Some(Miss::Compatibility(d)) => {
                assert_eq!((d.in_quote.as_str(), d.in_article.as_str()), ("fi", "ﬁ"));
                assert_eq!(d.span.start, 4);
            }
            other => panic!("expected a compatibility difference, got {other:?}"),
        }
    }

    #[test]
    fn the_first_difference_shows_the_articles_word() {
        let text = "they completed a second week of general talks";
        let w = words("completed a 2nd week of general talks");
        let c = closest(text, &w).unwrap_or(Closest {
            span: 0..0,
            first_word: 0,
            matched: 0,
        });
        assert_eq!(first_difference(text, &w, &c), Some((5, "2nd", "second")));
        // The run starts inside a word: that word is the difference.
        let text = "The team said the “old API” would stay.";
        let w = words("the old API");
        let c = closest(text, &w).unwrap_or(Closest {
            span: 0..0,
            first_word: 0,
            matched: 0,
        });
        assert_eq!(c.first_word, 1);
        assert_eq!(first_difference(text, &w, &c), Some((14, "old", "“old")));
    }
}
