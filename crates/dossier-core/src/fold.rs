//! A text folded for matching (whitespace runs to one space, letter case,
//! typographic punctuation), with the way back to the original's byte
//! offsets.
//!
//! The way back is kept sparse: only where a folded character's length
//! differs from the original's (a run of whitespace longer than one byte, a
//! curly quote made straight) is a break point recorded, so that a text of
//! many megabytes with a few such places costs a few entries, not a map of
//! one offset per byte.

use std::ops::Range;

/// What a [`FoldedText`] text folds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Folding {
    /// Every run of whitespace becomes one space.
    pub whitespace: bool,
    /// Letters are lowercased.
    pub case: bool,
    /// Typographic quotes, apostrophes and dashes become their ASCII forms.
    pub typographic: bool,
}

impl Folding {
    /// Whitespace only, as quotes are matched.
    pub const WHITESPACE: Folding = Folding {
        whitespace: true,
        case: false,
        typographic: false,
    };
    /// What full-text search folds: whitespace and letter case.
    pub const SEARCH: Folding = Folding {
        whitespace: true,
        case: true,
        typographic: false,
    };

    /// `s` folded, without the way back (for a query or a quote).
    pub fn apply(self, s: &str) -> String {
        FoldedText::new(s, self).text
    }
}

/// The ASCII form of a typographic quote, apostrophe or dash, if `c` is one.
pub fn straight(c: char) -> Option<char> {
    match c {
        '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{201f}' | '\u{2033}' | '\u{00ab}'
        | '\u{00bb}' => Some('"'),
        '\u{2018}' | '\u{2019}' | '\u{201a}' | '\u{201b}' | '\u{2032}' | '\u{2039}'
        | '\u{203a}' => Some('\''),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => Some('-'),
        _ => None,
    }
}

/// What kind of typographic character `c` is, for messages.
pub fn typographic_class(c: char) -> Option<&'static str> {
    match straight(c)? {
        '"' => Some("quotation marks"),
        '\'' => Some("apostrophes"),
        _ => Some("dashes"),
    }
}

/// A folded text and the way back to its original.
#[derive(Debug, Clone)]
pub struct FoldedText {
    /// The folded text.
    pub text: String,
    /// `(folded offset, original offset, opaque)`, by folded offset: from
    /// this folded offset on, offsets differ from the original's by the same
    /// amount. An opaque point starts a folded character (a space for a run
    /// of whitespace) whose inside has no original offset.
    breaks: Vec<(usize, usize, bool)>,
}

impl FoldedText {
    /// `s` folded as `folding` says.
    pub fn new(s: &str, folding: Folding) -> FoldedText {
        let mut out = FoldedText {
            text: String::with_capacity(s.len()),
            breaks: Vec::new(),
        };
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii() && !(folding.whitespace && b.is_ascii_whitespace()) {
                // Runs of plain ASCII are copied in bulk: most text is ASCII.
                let run = bytes[i..]
                    .iter()
                    .position(|&b| !b.is_ascii() || (folding.whitespace && b.is_ascii_whitespace()))
                    .unwrap_or(bytes.len() - i);
                let chunk = &s[i..i + run];
                if folding.case {
                    out.text.push_str(&chunk.to_ascii_lowercase());
                } else {
                    out.text.push_str(chunk);
                }
                i += run;
                continue;
            }
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            if folding.whitespace && c.is_whitespace() {
                let run = s[i..]
                    .find(|c: char| !c.is_whitespace())
                    .unwrap_or(s.len() - i);
                out.push_folded(i, run, " ");
                i += run;
                continue;
            }
            let len = c.len_utf8();
            if folding.typographic
                && let Some(a) = straight(c)
            {
                let mut buf = [0; 4];
                out.push_folded(i, len, a.encode_utf8(&mut buf));
            } else if folding.case {
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.len()) {
                    (Some(l), 0) => {
                        let mut buf = [0; 4];
                        out.push_folded(i, len, l.encode_utf8(&mut buf));
                    }
                    _ => {
                        let all: String = c.to_lowercase().collect();
                        out.push_folded(i, len, &all);
                    }
                }
            } else {
                let mut buf = [0; 4];
                out.push_folded(i, len, c.encode_utf8(&mut buf));
            }
            i += len;
        }
        out
    }

    /// Appends `folded`, which stands for `len` bytes at `at` in the original.
    fn push_folded(&mut self, at: usize, len: usize, folded: &str) {
        let start = self.text.len();
        self.text.push_str(folded);
        if folded.len() != len {
            self.breaks.push((start, at, true));
            self.breaks.push((self.text.len(), at + len, false));
        }
    }

    /// The original offset of folded offset `p`, if it has one.
    pub fn original_offset(&self, p: usize) -> Option<usize> {
        let n = self.breaks.partition_point(|&(f, _, _)| f <= p);
        match n.checked_sub(1).map(|k| self.breaks[k]) {
            None => Some(p),
            Some((f, o, opaque)) => {
                if opaque && p > f {
                    None
                } else {
                    Some(o + (p - f))
                }
            }
        }
    }

    /// The original byte range of the folded range `range`, if both ends
    /// fall between whole original characters.
    pub fn original(&self, range: Range<usize>) -> Option<Range<usize>> {
        Some(self.original_offset(range.start)?..self.original_offset(range.end)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whitespace_runs_become_one_space_and_map_back() {
        let s = "a\n\n b\u{a0}c\td";
        let f = FoldedText::new(s, Folding::WHITESPACE);
        assert_eq!(f.text, "a b c d");
        let at = |needle: &str| f.text.find(needle).map(|p| p..p + needle.len());
        assert_eq!(f.original(at("b c").unwrap_or(0..0)), Some(4..8));
        assert_eq!(f.original(at("a b").unwrap_or(0..0)), Some(0..5));
        assert_eq!(f.original(at(" b").unwrap_or(0..0)), Some(1..5));
    }

    #[test]
    fn case_and_typographic_folds() {
        let all = Folding {
            whitespace: true,
            case: true,
            typographic: true,
        };
        let s = "“Quoted” — Ünion’s";
        let f = FoldedText::new(s, all);
        assert_eq!(f.text, "\"quoted\" - ünion's");
        let p = f.text.find("ünion's").unwrap_or(0);
        assert_eq!(
            f.original(p..f.text.len()),
            Some(s.find('Ü').unwrap_or(0)..s.len())
        );
        // A character that lowercases to two has no offset inside it.
        let f = FoldedText::new("İx", Folding::SEARCH);
        assert_eq!(f.text, "i\u{307}x");
        assert_eq!(f.original_offset(1), None);
        assert_eq!(f.original_offset(3), Some(2));
    }

    proptest! {
        #[test]
        fn offsets_map_back_to_the_same_text(
            parts in proptest::collection::vec(
                prop::sample::select(vec!["a", "B", " ", "\n\n", "\u{a0}", "“", "—", "İ", "é", "\t "]),
                0..40,
            ),
        ) {
            let s: String = parts.concat();
            let all = Folding { whitespace: true, case: true, typographic: true };
            let f = FoldedText::new(&s, all);
            // Every folded char boundary with an original offset maps to a
            // char boundary whose suffix folds to the folded suffix.
            for (p, _) in f.text.char_indices().chain([(f.text.len(), ' ')]) {
                if let Some(o) = f.original_offset(p) {
                    prop_assert!(s.is_char_boundary(o));
                    prop_assert_eq!(all.apply(&s[o..]), f.text[p..].to_string());
                }
            }
        }
    }
}
