//! Word wrapping into byte ranges, so an article is wrapped once per width and
//! a frame only slices the lines it shows. Scrolling to a passage needs line
//! numbers, which is why wrapping belongs to the state and not to drawing.

use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

use crate::content::ArticleIx;
use crate::text::char_width;

/// Lines of `text` at most `width` cells wide (after sanitising), as byte
/// ranges. Each `\n` ends a line; blank lines stay as empty ranges; a soft
/// break drops the spaces it falls on; a word wider than the line is cut.
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

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn wrap_line(line: &str, base: usize, width: usize, out: &mut Vec<Range<usize>>) {
    let mut start = 0; // start of the current output line, relative to `line`
    let mut used = 0; // its width so far
    let mut soft = false; // whether it began at a soft break
    let mut last_space: Option<usize> = None; // a space in it where it could end
    for (i, c) in line.char_indices() {
        let w = char_width(c);
        if is_space(c) {
            if soft && i == start {
                start = i + c.len_utf8();
                continue;
            }
            if used + w > width {
                out.push(base + start..base + i);
                start = i + c.len_utf8();
                used = 0;
                soft = true;
                last_space = None;
                continue;
            }
            last_space = Some(i);
            used += w;
            continue;
        }
        if used + w > width && i > start {
            match last_space {
                Some(sp) if sp > start => {
                    out.push(base + start..base + sp);
                    start = sp + 1;
                    // Leading spaces after the break are skipped like the first.
                    while line[start..i].starts_with(is_space) {
                        start += 1;
                    }
                    used = line[start..i].chars().map(char_width).sum();
                }
                _ => {
                    out.push(base + start..base + i);
                    start = i;
                    used = 0;
                }
            }
            soft = true;
            last_space = None;
        }
        used += w;
    }
    out.push(base + start..base + line.len());
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
    use crate::text::width;
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

    proptest! {
        #[test]
        fn lines_fit_and_lose_nothing(text in "[a-z \n日é\u{1b}]{0,200}", w in 1usize..40) {
            let lines = wrap(&text, w);
            for r in &lines {
                let line = &text[r.clone()];
                prop_assert!(width(line) <= w.max(2), "{line:?} wider than {w}");
            }
            let kept: String = lines.iter().flat_map(|r| text[r.clone()].chars()).filter(|c| !c.is_whitespace()).collect();
            let all: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            prop_assert_eq!(kept, all);
        }
    }
}
