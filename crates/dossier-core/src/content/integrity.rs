//! Whether a dossier's parts point at each other as a load leaves them:
//! every index in range, every span and link on the text it names. A load
//! always passes; a dossier that did not come from a load (the reader's
//! cache, read back from disk) is used only if it passes, so that a damaged
//! copy is refused rather than trusted.

use super::ids::{ArticleIx, EntityRef, EventIx, IssueIx};
use super::model::{Article, Dossier, Event, Issue, Source, SourceRef};
use super::prose::Prose;

/// From this many events, half of them are checked on a second thread
/// (below, waking a second thread costs more than it saves).
const PARALLEL_FROM: usize = 32_768;

/// Checks every index, span and link of `d`; says what is wrong first.
pub fn check(d: &Dossier) -> Result<(), String> {
    let ix = Indices(d);
    if let Some(p) = &d.meta.description {
        ix.prose(p)
            .map_err(|w| format!("the dossier's description: {w}"))?;
    }
    // A large dossier's events are checked on a second thread meanwhile.
    let events = |range: std::ops::Range<usize>| {
        let ix = Indices(d);
        for n in range {
            if let Some(e) = d.events.get(n) {
                ix.event_parts(e).map_err(|w| format!("event {n}: {w}"))?;
            }
        }
        Ok::<(), String>(())
    };
    let half = if d.events.len() >= PARALLEL_FROM {
        d.events.len() / 2
    } else {
        0
    };
    std::thread::scope(|s| {
        let first = (half > 0).then(|| s.spawn(|| events(0..half)));
        let second = events(half..d.events.len());
        let first = first.map_or(Ok(()), |t| {
            t.join()
                .unwrap_or_else(|_| Err("events could not be checked".to_string()))
        });
        first.and(second)
    })?;
    for (n, i) in d.issues.iter().enumerate() {
        ix.issue_parts(i).map_err(|w| format!("issue {n}: {w}"))?;
    }
    for (n, a) in d.articles.iter().enumerate() {
        ix.article_parts(a)
            .map_err(|w| format!("article {n}: {w}"))?;
    }
    // Empty, or every event once, in the order of their ids.
    if !d.event_index.is_empty() {
        if d.event_index.len() != d.events.len() {
            return Err("the event index does not name every event".to_string());
        }
        let mut last: Option<&str> = None;
        for e in &d.event_index {
            let id = d
                .events
                .get(e.0)
                .map(|event| event.id.as_str())
                .ok_or_else(|| format!("the event index names {e:?}, which is not there"))?;
            if last.is_some_and(|l| l >= id) {
                return Err(format!("the event index is out of order at {e:?}"));
            }
            last = Some(id);
        }
    }
    // Empty (a dossier built by hand), or one hash per entry.
    let h = &d.file_hashes;
    if (!h.events.is_empty() || !h.issues.is_empty())
        && (h.events.len() != d.events.len() || h.issues.len() != d.issues.len())
    {
        return Err("the files' hashes are not one per event and issue".to_string());
    }
    for (k, v) in &d.mentions {
        for r in std::iter::once(k).chain(v) {
            ix.entity(*r)?;
        }
    }
    Ok(())
}

struct Indices<'a>(&'a Dossier);

impl Indices<'_> {
    fn event_parts(&self, e: &Event) -> Result<(), String> {
        for r in e.after.iter().chain(&e.before) {
            self.event(*r)?;
        }
        for i in &e.issues {
            self.issue(*i)?;
        }
        for p in [Some(&e.summary), e.date_note.as_ref(), e.disputed.as_ref()]
            .into_iter()
            .flatten()
        {
            self.prose(p)?;
        }
        self.sources(&e.sources)?;
        if e.bounds.earliest > e.bounds.latest {
            return Err("bounds out of order".to_string());
        }
        Ok(())
    }
    fn issue_parts(&self, i: &Issue) -> Result<(), String> {
        for r in &i.related {
            self.issue(*r)?;
        }
        for r in &i.events {
            self.event(*r)?;
        }
        self.prose(&i.summary)?;
        if let Some(s) = &i.status {
            self.prose(s)?;
        }
        self.sources(&i.sources)?;
        for p in &i.positions {
            self.prose(&p.text)?;
            self.sources(&p.sources)?;
        }
        Ok(())
    }
    fn article_parts(&self, a: &Article) -> Result<(), String> {
        if let Some(p) = &a.note {
            self.prose(p)?;
        }
        for r in &a.cited_by {
            self.source_ref(*r)?;
        }
        Ok(())
    }
    fn event(&self, e: EventIx) -> Result<(), String> {
        in_range(e.0, self.0.events.len(), "event")
    }
    fn issue(&self, i: IssueIx) -> Result<(), String> {
        in_range(i.0, self.0.issues.len(), "issue")
    }
    fn article(&self, a: ArticleIx) -> Result<(), String> {
        in_range(a.0, self.0.articles.len(), "article")
    }
    fn entity(&self, r: EntityRef) -> Result<(), String> {
        match r {
            EntityRef::Event(e) => self.event(e),
            EntityRef::Issue(i) => self.issue(i),
            EntityRef::Article(a) => self.article(a),
        }
    }
    fn prose(&self, p: &Prose) -> Result<(), String> {
        let mut end = 0;
        for l in p.links() {
            let fits = l.range.start >= end
                && l.range.start < l.range.end
                && p.as_str().get(l.range.clone()).is_some();
            if !fits {
                return Err("a link outside its text".to_string());
            }
            end = l.range.end;
            self.entity(l.target)?;
        }
        Ok(())
    }
    fn sources(&self, sources: &[Source]) -> Result<(), String> {
        for s in sources {
            let article = self
                .0
                .articles
                .get(s.article.0)
                .ok_or_else(|| format!("no article {}", s.article.0))?;
            if !article.text.holds_span(&s.span) {
                return Err("a passage outside its article".to_string());
            }
            if let Some(n) = &s.note {
                self.prose(n)?;
            }
        }
        Ok(())
    }
    fn source_ref(&self, r: SourceRef) -> Result<(), String> {
        let d = self.0;
        let found = match r {
            SourceRef::Event(e, n) => d.events.get(e.0).and_then(|e| e.sources.get(n)),
            SourceRef::Issue(i, n) => d.issues.get(i.0).and_then(|i| i.sources.get(n)),
            SourceRef::Position(i, p, n) => d
                .issues
                .get(i.0)
                .and_then(|i| i.positions.get(p))
                .and_then(|p| p.sources.get(n)),
        };
        found.map(drop).ok_or_else(|| format!("no source {r:?}"))
    }
}

fn in_range(n: usize, len: usize, what: &str) -> Result<(), String> {
    if n < len {
        Ok(())
    } else {
        Err(format!("no {what} {n} of {len}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loaded_dossier_passes_and_a_broken_index_does_not() {
        let files = vec![
            (
                "dossier.toml".to_string(),
                b"title = \"T\"\n".to_vec(),
            ),
            (
                "articles/a.txt".to_string(),
                b"+++\ntitle = \"A\"\n+++\nThe studios agreed to the deal.\n".to_vec(),
            ),
            (
                "events/e.toml".to_string(),
                b"title = \"E\"\ndate = \"2024-05-01\"\nkind = \"agreement\"\nsummary = \"S\"\n[[sources]]\narticle = \"a\"\nquote = \"agreed to the deal\"\n".to_vec(),
            ),
        ];
        let event_file = files[2].1.clone();
        let mut d = super::super::load_files(files);
        assert!(d.problems.iter().all(|p| !p.is_error()), "{:?}", d.problems);
        assert_eq!(check(&d), Ok(()));
        // Each entry's file hash is kept by its index.
        assert_eq!(
            d.file_hash(EntityRef::Event(EventIx(0))),
            Some(super::super::model::content_hash(&event_file))
        );
        assert_eq!(d.file_hash(EntityRef::Event(EventIx(1))), None);
        d.file_hashes.events.push(0);
        assert!(check(&d).unwrap_err().contains("hashes"));
        d.file_hashes.events.pop();
        d.events[0].sources[0].span = 0..10_000;
        assert!(check(&d).is_err());
        d.events[0].sources[0].span = 0..0;
        d.events[0].after.push(EventIx(7));
        assert!(check(&d).unwrap_err().contains("no event 7"));
    }
}
