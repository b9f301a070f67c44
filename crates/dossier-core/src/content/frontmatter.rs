//! Splitting an article file into its `+++` front matter and its text.

use std::ops::Range;

/// Where the front matter and the text lie in an article file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The TOML between the two `+++` lines.
    pub front: Range<usize>,
    /// Offset of the closing `+++` line.
    pub close: usize,
    /// Offset of the first byte after the closing `+++` line.
    pub body: usize,
}

/// Why an article file has no usable front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrontError {
    /// The first line is not `+++`.
    NoOpening,
    /// No `+++` line after the opening one.
    Unclosed,
}

/// Finds the front matter: a first line `+++`, then TOML, then a line `+++`.
/// A leading BOM is skipped; trailing spaces and a CR on a `+++` line are allowed.
pub fn split(text: &str) -> Result<Split, FrontError> {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = Lines { text, pos: start };
    match lines.next() {
        Some((_, line)) if is_fence(line) => {}
        _ => return Err(FrontError::NoOpening),
    }
    let front_start = lines.pos;
    while let Some((at, line)) = lines.next() {
        if is_fence(line) {
            return Ok(Split {
                front: front_start..at,
                close: at,
                body: lines.pos,
            });
        }
    }
    Err(FrontError::Unclosed)
}

fn is_fence(line: &str) -> bool {
    line.trim_end_matches([' ', '\t', '\r']) == "+++"
}

/// Lines with their offsets, without their `\n`.
struct Lines<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<(usize, &'a str)> {
        let rest = self.text.get(self.pos..).filter(|r| !r.is_empty())?;
        let at = self.pos;
        match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(n) => {
                self.pos += n + 1;
                Some((at, &rest[..n]))
            }
            None => {
                self.pos = self.text.len();
                Some((at, rest))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_text() {
        let t = "+++\ntitle = \"x\"\n+++\nText.\n";
        let s = split(t).expect("valid");
        assert_eq!(&t[s.front.clone()], "title = \"x\"\n");
        assert_eq!(&t[s.body..], "Text.\n");
        assert_eq!(&t[s.close..s.body], "+++\n");
    }

    #[test]
    fn handles_crlf_bom_and_trailing_space() {
        let t = "\u{feff}+++ \r\ntitle = \"x\"\r\n+++\r\nText.";
        let s = split(t).expect("valid");
        assert_eq!(&t[s.front.clone()], "title = \"x\"\r\n");
        assert_eq!(&t[s.body..], "Text.");
    }

    #[test]
    fn reports_missing_and_unclosed_fences() {
        assert_eq!(split(""), Err(FrontError::NoOpening));
        assert_eq!(split("title = 1\n+++\n"), Err(FrontError::NoOpening));
        assert_eq!(split("+++\ntitle = 1\n"), Err(FrontError::Unclosed));
        assert_eq!(split("++++\n+++\n"), Err(FrontError::NoOpening));
        // A fence at the very end, with no text after it, still closes.
        let s = split("+++\n+++").expect("closed");
        assert_eq!(s.body, 7);
    }
}
