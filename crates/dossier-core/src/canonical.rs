//! Text as quotes and searches compare it: canonically composed (Unicode
//! NFC), without the invisible format characters (see
//! [`crate::text::is_invisible`]), and with the way back to the original's bytes.
//!
//! Canonically equivalent texts look the same and mean the same: `é` written
//! as one character or as `e` and a combining acute. Articles saved by some
//! systems, or copied from some programs, are decomposed (NFD) while quotes
//! are typed composed, or the other way round; both sides are composed
//! before they are compared. Nothing else is folded: a ligature (`ﬁ`), a
//! full-width letter or a different quotation mark stays different
//! ([`crate::content::quote::compatibility_difference`] tells a curator when that is all that
//! differs).
//!
//! Most texts are composed already and hold no invisible character: a quick
//! check ([`needs_folding`], a pass over the bytes that skips ASCII) spares
//! them any copy, and only the others carry a folded copy and a small map of
//! the places where it differs.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick, is_nfkc_quick};

use crate::text::is_invisible;

/// Which equivalence a text is folded to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Canonical composition: what matching uses.
    Nfc,
    /// Compatibility composition: only to explain a quote that did not match.
    Nfkc,
}

impl Form {
    /// Whether `c` starts a stretch that normalizes on its own (nothing
    /// before it can combine with it or be reordered past it), and whether
    /// it is unchanged by this form on its own.
    fn classify(self, c: char) -> (bool, bool) {
        if c.is_ascii() {
            return (true, true);
        }
        let one = std::iter::once(c);
        let quick = match self {
            Form::Nfc => is_nfc_quick(one),
            Form::Nfkc => is_nfkc_quick(one),
        };
        let starter = canonical_combining_class(c) == 0;
        (
            starter && quick != IsNormalized::Maybe,
            starter && quick == IsNormalized::Yes,
        )
    }

    /// Appends `s` in this form, without its invisible characters.
    fn fold_into(self, s: &str, out: &mut String) {
        let visible = s.chars().filter(|&c| !is_invisible(c));
        match self {
            Form::Nfc => out.extend(visible.nfc()),
            Form::Nfkc => out.extend(visible.nfkc()),
        }
    }
}

/// Whether [`Canonical::new`] would change `s`: it holds an invisible character
/// or is not in NFC. A quick check: ASCII text costs one fast pass, and
/// other text one pass over its characters with no allocation. It may say
/// yes for a text whose folding changes nothing (a combining mark that
/// composes with nothing); the folding then costs a copy and no more.
pub fn needs_folding(s: &str) -> bool {
    if s.is_ascii() {
        return false;
    }
    let bytes = s.as_bytes();
    let mut last_class = 0u8;
    let mut at = 0;
    while at < bytes.len() {
        // ASCII runs are skipped eight bytes at a time: their characters
        // are NFC, visible, and of combining class 0.
        let run = ascii_run(bytes, at);
        if run > 0 {
            at += run;
            last_class = 0;
            continue;
        }
        let Some(c) = s.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        at += c.len_utf8();
        if is_invisible(c) {
            return true;
        }
        if stable(c) {
            last_class = 0;
            continue;
        }
        let class = canonical_combining_class(c);
        if class != 0 && last_class > class {
            return true;
        }
        if is_nfc_quick(std::iter::once(c)) != IsNormalized::Yes {
            return true;
        }
        last_class = class;
    }
    false
}

/// Characters NFC leaves as they are, of combining class 0, that need no
/// table lookup: Latin letters and signs below the combining diacritics
/// (U+0300), and the typographic dashes and quotation marks (U+2010 to
/// U+2027). Most of the non-ASCII text of an article is in these.
fn stable(c: char) -> bool {
    c < '\u{300}' || ('\u{2010}'..='\u{2027}').contains(&c)
}

/// How many ASCII bytes start `bytes[at..]`.
fn ascii_run(bytes: &[u8], at: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let rest = bytes.get(at..).unwrap_or_default();
    let mut n = 0;
    for chunk in rest.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if u64::from_ne_bytes(word) & HIGH != 0 {
            break;
        }
        n += 8;
    }
    n + rest
        .get(n..)
        .unwrap_or_default()
        .iter()
        .take_while(|b| b.is_ascii())
        .count()
}

/// A text folded for comparison, with the way back to the original's bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical<'a> {
    text: Cow<'a, str>,
    /// Where folding changed the text, in order: for each changed stretch,
    /// its range in the folded text and in the original. Empty when the
    /// folded text is the original.
    changes: Vec<(Range<usize>, Range<usize>)>,
}

impl<'a> Canonical<'a> {
    /// `s` in NFC without invisible characters; borrowed when `s` is so already.
    pub fn new(s: &'a str) -> Canonical<'a> {
        if needs_folding(s) {
            fold(s, Form::Nfc)
        } else {
            Canonical {
                text: Cow::Borrowed(s),
                changes: Vec::new(),
            }
        }
    }

    /// The folded text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether the folded text is the original itself.
    pub fn is_unchanged(&self) -> bool {
        self.changes.is_empty()
    }

    /// The same, owning its text.
    pub fn into_owned(self) -> Canonical<'static> {
        Canonical {
            text: Cow::Owned(self.text.into_owned()),
            changes: self.changes,
        }
    }

    /// The original byte range of the folded range `r`. An end inside a
    /// changed stretch (a composed character, or marks that were
    /// reordered) widens to the whole stretch.
    pub fn original(&self, r: Range<usize>) -> Range<usize> {
        let start = self.to_original(r.start, false);
        start..self.to_original(r.end, true).max(start)
    }

    fn to_original(&self, at: usize, is_end: bool) -> usize {
        // The last change that starts before `at` (for an end) or at it (for
        // a start): an end stops before invisible characters dropped right
        // there, a start comes after them.
        let k = self
            .changes
            .partition_point(|(f, _)| f.start < at || (!is_end && f.start == at));
        let Some((f, o)) = k.checked_sub(1).and_then(|k| self.changes.get(k)) else {
            return at;
        };
        if at >= f.end {
            // Past the change: the offsets differ by a constant since.
            at - f.end + o.end
        } else if is_end {
            o.end
        } else {
            o.start
        }
    }
}

/// Folds `s` to `form`, without invisible characters, stretch by stretch:
/// a stretch runs from one stable character to the next, so it normalizes
/// on its own, and only stretches that hold something else are normalized.
fn fold(s: &str, form: Form) -> Canonical<'static> {
    let mut out = String::with_capacity(s.len());
    let mut changes = Vec::new();
    // The stretch being gathered, and whether it needs normalizing.
    let mut stretch = 0;
    let mut dirty = false;
    for (i, c) in s.char_indices() {
        if is_invisible(c) {
            // Dropped from its stretch when that is normalized.
            dirty = true;
        } else {
            match form.classify(c) {
                (true, clean) => {
                    flush(s, stretch..i, dirty, form, &mut out, &mut changes);
                    stretch = i;
                    dirty = !clean;
                }
                (false, _) => dirty = true,
            }
        }
    }
    flush(s, stretch..s.len(), dirty, form, &mut out, &mut changes);
    Canonical {
        text: Cow::Owned(out),
        changes,
    }
}

/// Appends the stretch `from` of `s` to `out`, normalized when `dirty`, and
/// records it in `changes` when normalizing changed it.
fn flush(
    s: &str,
    from: Range<usize>,
    dirty: bool,
    form: Form,
    out: &mut String,
    changes: &mut Vec<(Range<usize>, Range<usize>)>,
) {
    let Some(part) = s.get(from.clone()) else {
        return;
    };
    if !dirty {
        out.push_str(part);
        return;
    }
    let at = out.len();
    form.fold_into(part, out);
    if out.get(at..) != Some(part) {
        changes.push((at..out.len(), from));
    }
}

/// Whether a match at `r` of folded `text` would start or end inside a
/// combining sequence: the character at its start, or the one right after
/// its end, is a combining mark. Such a match is no match (`Zoe` is not at
/// the start of `Zoë` when the `ë` is an `e` and a combining diaeresis).
pub fn splits_a_sequence(text: &str, r: Range<usize>) -> bool {
    let mark_at = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.chars().next())
            .is_some_and(is_combining_mark)
    };
    mark_at(r.start) || mark_at(r.end)
}

/// `s` folded to compatibility composition (NFKC), without invisible
/// characters: only to explain a quote that did not match canonically.
pub fn fold_compatible(s: &str) -> Canonical<'static> {
    fold(s, Form::Nfkc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn composed_text_is_borrowed() {
        for s in ["plain ASCII", "Zoë and José, 日本語", "“quoted” – dash"] {
            assert!(!needs_folding(s), "{s}");
            let f = Canonical::new(s);
            assert!(f.is_unchanged() && matches!(f.text, Cow::Borrowed(_)));
            assert_eq!(f.original(2..5), 2..5);
        }
    }

    #[test]
    fn decomposed_text_is_composed_and_maps_back() {
        let nfd = "Zoe\u{308} and Jose\u{301}!";
        assert!(needs_folding(nfd));
        let f = Canonical::new(nfd);
        assert_eq!(f.as_str(), "Zoë and José!");
        let at = f.as_str().find("José").unwrap_or(0);
        let r = f.original(at..at + "José".len());
        assert_eq!(&nfd[r], "Jose\u{301}");
        let zoe = f.original(0.."Zoë".len());
        assert_eq!(&nfd[zoe], "Zoe\u{308}");
        // Offsets after a change shift by what it changed.
        let bang = f.as_str().find('!').unwrap_or(0);
        assert_eq!(f.original(bang..bang + 1), nfd.len() - 1..nfd.len());
    }

    #[test]
    fn invisible_characters_are_dropped_and_mapped_around() {
        let s = "Arbeit\u{ad}nehmer a\u{200b}b\u{feff}";
        let f = Canonical::new(s);
        assert_eq!(f.as_str(), "Arbeitnehmer ab");
        let r = f.original(0.."Arbeitnehmer".len());
        assert_eq!(&s[r], "Arbeit\u{ad}nehmer");
        assert!(!needs_folding("a\u{200d}b"), "the joiner is kept");
    }

    #[test]
    fn nothing_else_is_folded() {
        for s in ["ﬁnal", "Ｆｕｌｌ", "x²", "“q”"] {
            assert_eq!(Canonical::new(s).as_str(), s);
        }
    }

    #[test]
    fn the_stable_characters_need_no_lookup() {
        for c in ('\0'..'\u{300}').chain('\u{2010}'..='\u{2027}') {
            assert!(stable(c));
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
        }
        assert!(!stable('\u{300}') && !stable('\u{2028}') && !stable('\u{2000}'));
    }

    proptest! {
        // Texts of letters, combining marks, precomposed letters and
        // invisible characters, in any order.
        #[test]
        fn folding_is_nfc_and_maps_back_onto_whole_characters(
            parts in proptest::collection::vec(
                prop::sample::select(vec![
                    "a", "e", "o", " ", "é", "ë", "\u{301}", "\u{308}", "\u{323}",
                    "\u{ad}", "\u{200b}", "가", "\u{1100}", "\u{1161}", "ﬁ",
                    // Long enough for the eight-byte ASCII skip.
                    "the long ASCII run ",
                ]),
                0..30,
            ),
            from in 0usize..40,
            len in 0usize..40,
        ) {
            let s: String = parts.concat();
            let f = Canonical::new(&s);
            let expected: String = s.chars().filter(|c| !is_invisible(*c)).nfc().collect();
            prop_assert_eq!(f.as_str(), expected.as_str());
            let folded = f.as_str();
            let mut start = from.min(folded.len());
            while !folded.is_char_boundary(start) { start -= 1; }
            let mut end = (start + len).min(folded.len());
            while !folded.is_char_boundary(end) { end += 1; }
            let r = f.original(start..end);
            prop_assert!(r.start <= r.end && r.end <= s.len());
            prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
        }

        #[test]
        fn nfd_and_nfc_fold_alike(word in "[a-zA-Zéëöçñ ]{0,20}") {
            let decomposed = nfd(&word);
            let (a, b) = (Canonical::new(&decomposed), Canonical::new(&word));
            prop_assert_eq!(a.as_str(), b.as_str());
        }
    }
}
