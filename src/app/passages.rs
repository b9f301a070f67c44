//! An article's cited passages as a reader counts them: each distinct span
//! of text that is cited, however many sources cite it. Citations of the
//! same words, or of words that overlap, are one passage. Computed once per
//! dossier, so `]`/`[` and the article's header only index into them.

use std::ops::Range;

use dossier_core::content::{Article, Dossier, EntityRef, SourceRef};

/// One passage of an article and the citations of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// Bytes of the article's text: from the first cited byte to the last.
    pub span: Range<usize>,
    /// The citations that fall in it, in the article's `cited_by` order.
    pub citers: Vec<SourceRef>,
}

impl Passage {
    /// One citation per entry that cites the passage (an event or an issue;
    /// a position's citation counts as its issue's), in order.
    pub fn entries(&self) -> Vec<SourceRef> {
        let mut seen: Vec<EntityRef> = Vec::new();
        let mut out = Vec::new();
        for &c in &self.citers {
            if !seen.contains(&c.owner()) {
                seen.push(c.owner());
                out.push(c);
            }
        }
        out
    }
}

/// Every article's passages, by article index.
pub fn of_dossier(d: &Dossier) -> Vec<Vec<Passage>> {
    d.articles.iter().map(|a| of_article(d, a)).collect()
}

/// An article's passages, in the order of the text.
pub fn of_article(d: &Dossier, a: &Article) -> Vec<Passage> {
    let mut out: Vec<Passage> = Vec::new();
    // `cited_by` is sorted by span start.
    for &c in &a.cited_by {
        let Some(s) = d.get_source(c) else { continue };
        let span = s.span.clone();
        match out.last_mut() {
            Some(p) if span.start < p.span.end || span == p.span => {
                p.span.end = p.span.end.max(span.end);
                p.citers.push(c);
            }
            _ => out.push(Passage {
                span,
                citers: vec![c],
            }),
        }
    }
    out
}

/// The passage that holds a citation, by its index.
pub fn index_of(passages: &[Passage], c: SourceRef) -> Option<usize> {
    passages.iter().position(|p| p.citers.contains(&c))
}

/// The passage that holds a byte of the text, by its index.
pub fn index_at(passages: &[Passage], byte: usize) -> Option<usize> {
    let i = passages.partition_point(|p| p.span.end <= byte);
    passages
        .get(i)
        .filter(|p| p.span.contains(&byte))
        .map(|_| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_core::content::{Event, EventIx, Kind, PartialDate, Source};

    fn event(spans: &[Range<usize>]) -> Event {
        Event {
            id: String::new(),
            title: String::new(),
            date: PartialDate::year(2024).into(),
            end: None,
            weekday: None,
            bounds: dossier_core::content::Dating::of(PartialDate::year(2024).into(), None).bounds,
            after: Vec::new(),
            before: Vec::new(),
            kind: Kind::Talks,
            issues: Vec::new(),
            summary: String::new().into(),
            date_note: None,
            disputed: None,
            sources: spans
                .iter()
                .map(|s| Source {
                    article: dossier_core::content::ArticleIx(0),
                    quote: String::new(),
                    span: s.clone(),
                    note: None,
                    line: 0,
                })
                .collect(),
        }
    }

    #[test]
    fn the_same_or_overlapping_words_are_one_passage() {
        // Event 0 cites 0..5 and 20..30; event 1 cites 0..5 again, 3..8
        // (overlapping), and 8..10 (touching, a passage of its own).
        let mut d = Dossier {
            events: vec![event(&[0..5, 20..30]), event(&[0..5, 3..8, 8..10])],
            ..Dossier::default()
        };
        let mut a = dossier_core::content::Article::stub("a", "A", &"x".repeat(40));
        a.cited_by = vec![
            SourceRef::Event(EventIx(0), 0),
            SourceRef::Event(EventIx(1), 0),
            SourceRef::Event(EventIx(1), 1),
            SourceRef::Event(EventIx(1), 2),
            SourceRef::Event(EventIx(0), 1),
        ];
        d.articles.push(a);
        let p = of_dossier(&d).remove(0);
        let spans: Vec<Range<usize>> = p.iter().map(|p| p.span.clone()).collect();
        assert_eq!(spans, [0..8, 8..10, 20..30]);
        // Three citations by two entries.
        assert_eq!(p[0].citers.len(), 3);
        assert_eq!(
            p[0].entries(),
            [
                SourceRef::Event(EventIx(0), 0),
                SourceRef::Event(EventIx(1), 0)
            ]
        );
        assert_eq!(index_of(&p, SourceRef::Event(EventIx(1), 2)), Some(1));
        assert_eq!(index_at(&p, 7), Some(0));
        assert_eq!(index_at(&p, 15), None);
        assert_eq!(index_at(&p, 29), Some(2));
    }
}
