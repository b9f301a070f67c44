//! Prose with inline links: the text of a prose field as a reader sees it,
//! and where in it the links to other entries are.
//!
//! Curators write a link as `[[id]]`, `[[kind:id]]` or `[[id|shown text]]`
//! (see `docs/format.md`). The loader resolves each link once and stores the
//! prose with every link already replaced by its shown text: the entry's
//! title (an article as `Outlet, “Headline”`), or the text the curator gave.
//! So [`Prose::as_str`] (and `Deref`, `Display`) is readable text, never the
//! `[[...]]` markup, and a consumer that does not care about links can treat
//! prose as a string.
//!
//! A consumer that renders links (the reader, exports) walks
//! [`Prose::segments`]:
//!
//! ```
//! use dossier_core::content::{EntityRef, EventIx, Prose, ProseLink, Segment};
//!
//! let p = Prose::from_parts(
//!     "After Talks open, the memo.".into(),
//!     vec![ProseLink { range: 6..16, target: EntityRef::Event(EventIx(0)) }],
//! );
//! let mut out = String::new();
//! for segment in p.segments() {
//!     match segment {
//!         Segment::Text(t) => out.push_str(t),
//!         Segment::Link { target: _, shown } => out.push_str(&format!("<{shown}>")),
//!     }
//! }
//! assert_eq!(out, "After <Talks open>, the memo.");
//! ```

use std::fmt;
use std::ops::{Deref, Range};

use super::ids::EntityRef;

/// One link in a [`Prose`]: where its shown text is, and what it names.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct ProseLink {
    /// Byte range of the link's shown text in [`Prose::as_str`].
    pub range: Range<usize>,
    /// The entry it names.
    pub target: EntityRef,
}

/// A piece of prose: plain text, or a link with the text it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text between links.
    Text(&'a str),
    /// A link.
    Link {
        /// The entry it names.
        target: EntityRef,
        /// The text it shows: the entry's title, or the curator's own words.
        shown: &'a str,
    },
}

/// The text of a prose field, its links resolved (see the module's docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Prose {
    // Boxed rather than `String` and `Vec`: 32 bytes instead of 48 in every
    // event, issue, position and source, and no spare capacity behind them
    // (100,000 events hold about half a million of these).
    text: Box<str>,
    links: Box<[ProseLink]>,
}

impl Prose {
    /// Prose from its shown text and its links. Links that do not fit (out
    /// of order, overlapping, empty, outside the text or not on character
    /// boundaries) are dropped: their text stays, as plain text.
    pub fn from_parts(text: String, links: Vec<ProseLink>) -> Prose {
        let mut kept: Vec<ProseLink> = Vec::with_capacity(links.len());
        for l in links {
            let after_last = kept.last().is_none_or(|k| k.range.end <= l.range.start);
            let fits =
                l.range.start < l.range.end && text.get(l.range.clone()).is_some() && after_last;
            if fits {
                kept.push(l);
            }
        }
        Prose {
            text: text.into_boxed_str(),
            links: kept.into_boxed_slice(),
        }
    }

    /// The text as shown: each link replaced by its shown text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The links, in the order of the text.
    pub fn links(&self) -> &[ProseLink] {
        &self.links
    }

    /// The text and its links, in order; the text segments are never empty.
    pub fn segments(&self) -> Segments<'_> {
        Segments {
            prose: self,
            at: 0,
            next: 0,
        }
    }

    /// The text, trimmed and whitespace folded (each run of whitespace one
    /// space, a blank line between paragraphs kept as `\n\n`), with the links
    /// at their new places. Curators' line breaks inside a TOML multi-line
    /// string are for the file, not the reader.
    pub fn reflowed(&self) -> Prose {
        let mut text = String::with_capacity(self.text.len());
        // Where each link's bounds went.
        let mut bounds: Vec<usize> = self
            .links
            .iter()
            .flat_map(|l| [l.range.start, l.range.end])
            .collect();
        let mut out_bounds = vec![0; bounds.len()];
        let mut b = 0;
        let trimmed_start = self.text.len() - self.text.trim_start().len();
        let trimmed_end = self.text.trim_end().len();
        let mut pending: Option<bool> = None; // whitespace seen: Some(paragraph break)
        let mut newlines = 0;
        for (i, c) in self.text.char_indices() {
            if c.is_whitespace() {
                if i >= trimmed_start && i < trimmed_end {
                    if c == '\n' {
                        newlines += 1;
                    }
                    pending = Some(newlines >= 2);
                }
            } else {
                if let Some(paragraph) = pending.take() {
                    text.push_str(if paragraph { "\n\n" } else { " " });
                }
                newlines = 0;
            }
            while b < bounds.len() && bounds[b] <= i {
                out_bounds[b] = text.len();
                b += 1;
            }
            if !c.is_whitespace() {
                text.push(c);
            }
        }
        while b < bounds.len() {
            out_bounds[b] = text.len();
            b += 1;
        }
        bounds.clear();
        let links = self
            .links
            .iter()
            .enumerate()
            .map(|(k, l)| ProseLink {
                range: out_bounds[2 * k]..out_bounds[2 * k + 1],
                target: l.target,
            })
            .collect();
        Prose::from_parts(text, links)
    }
}

/// The iterator of [`Prose::segments`].
#[derive(Debug, Clone)]
pub struct Segments<'a> {
    prose: &'a Prose,
    /// Byte offset reached in the text.
    at: usize,
    /// Index of the next link.
    next: usize,
}

impl<'a> Iterator for Segments<'a> {
    type Item = Segment<'a>;

    fn next(&mut self) -> Option<Segment<'a>> {
        let text = &self.prose.text;
        match self.prose.links.get(self.next) {
            Some(l) if l.range.start > self.at => {
                let t = &text[self.at..l.range.start];
                self.at = l.range.start;
                Some(Segment::Text(t))
            }
            Some(l) => {
                self.at = l.range.end;
                self.next += 1;
                Some(Segment::Link {
                    target: l.target,
                    shown: &text[l.range.clone()],
                })
            }
            None if self.at < text.len() => {
                let t = &text[self.at..];
                self.at = text.len();
                Some(Segment::Text(t))
            }
            None => None,
        }
    }
}

impl Deref for Prose {
    type Target = str;
    fn deref(&self) -> &str {
        &self.text
    }
}

impl AsRef<str> for Prose {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for Prose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<String> for Prose {
    fn from(text: String) -> Prose {
        Prose {
            text: text.into_boxed_str(),
            links: Box::default(),
        }
    }
}

impl From<&str> for Prose {
    fn from(text: &str) -> Prose {
        Prose::from(text.to_string())
    }
}

impl PartialEq<str> for Prose {
    fn eq(&self, other: &str) -> bool {
        *self.text == *other
    }
}

impl PartialEq<&str> for Prose {
    fn eq(&self, other: &&str) -> bool {
        *self.text == **other
    }
}

impl PartialEq<Prose> for str {
    fn eq(&self, other: &Prose) -> bool {
        *self == *other.text
    }
}

impl PartialEq<Prose> for &str {
    fn eq(&self, other: &Prose) -> bool {
        **self == *other.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::ids::{ArticleIx, EventIx, IssueIx};

    fn link(start: usize, end: usize, target: EntityRef) -> Vec<ProseLink> {
        vec![ProseLink {
            range: start..end,
            target,
        }]
    }

    #[test]
    fn segments_alternate_text_and_links() {
        let e = EntityRef::Event(EventIx(1));
        let i = EntityRef::Issue(IssueIx(0));
        let p = Prose::from_parts(
            "Talks and Wages".into(),
            [link(0, 5, e), link(10, 15, i)].concat(),
        );
        let got: Vec<Segment> = p.segments().collect();
        assert_eq!(
            got,
            [
                Segment::Link {
                    target: e,
                    shown: "Talks"
                },
                Segment::Text(" and "),
                Segment::Link {
                    target: i,
                    shown: "Wages"
                },
            ]
        );
        assert_eq!(p.as_str(), "Talks and Wages");
        assert_eq!(&*p, "Talks and Wages");
        assert_eq!(Prose::from("").segments().count(), 0);
    }

    #[test]
    fn links_that_do_not_fit_are_dropped() {
        let a = EntityRef::Article(ArticleIx(0));
        let p = Prose::from_parts(
            "é and x".into(),
            [
                link(1, 2, a),
                link(3, 6, a),
                link(4, 5, a),
                link(6, 9, a),
                link(7, 7, a),
            ]
            .concat(),
        );
        assert_eq!(p.links(), link(3, 6, a));
    }

    #[test]
    fn reflow_folds_whitespace_and_moves_links() {
        let e = EntityRef::Event(EventIx(0));
        let text = "  See\n  the  Talks\nopen,\n\n\nthen  more. ";
        let start = text.find("Talks").unwrap_or(0);
        let p = Prose::from_parts(text.into(), link(start, start + 5, e));
        let r = p.reflowed();
        assert_eq!(r.as_str(), "See the Talks open,\n\nthen more.");
        assert_eq!(&r[r.links()[0].range.clone()], "Talks");
        // A link whose text holds a line break keeps its words.
        let text = "a [two\n  words] b";
        let p = Prose::from_parts(text.into(), link(3, 14, e));
        let r = p.reflowed();
        assert_eq!(&r[r.links()[0].range.clone()], "two words");
    }
}
