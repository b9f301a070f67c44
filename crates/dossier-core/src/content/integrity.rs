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
    let shape = Shape::of(d);
    // A large dossier's events are checked on a second thread meanwhile.
    let events = |range: std::ops::Range<usize>| {
        let mut later = Later::default();
        for n in range {
            if let Some(e) = d.events.get(n) {
                shape
                    .event(e, &mut later)
                    .map_err(|w| format!("event {n}: {w}"))?;
            }
        }
        Ok::<Later, String>(later)
    };
    let half = if d.events.len() >= PARALLEL_FROM {
        d.events.len() / 2
    } else {
        0
    };
    let (first, second) = std::thread::scope(|s| {
        let first = (half > 0).then(|| s.spawn(|| events(0..half)));
        let second = events(half..d.events.len());
        let first = first.map_or(Ok(Later::default()), |t| {
            t.join()
                .unwrap_or_else(|_| Err("events could not be checked".to_string()))
        });
        (first, second)
    });
    check_rest(d, &shape, vec![first?, second?])?;
    index_in_order(d)
}

/// Whether the event index is in the order of the ids: with
/// [`check_rest`]'s one entry per event, each in range, it then names every
/// event once. Apart from the rest: a lookup by id in an index out of order
/// finds nothing rather than something else, so a start from the reader's
/// cache checks it behind its first frame (at 100,000 events it reaches
/// into every event at random: 14 ms).
pub fn index_in_order(d: &Dossier) -> Result<(), String> {
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
    Ok(())
}

/// What a dossier's events are checked against before the dossier is
/// whole, as a copy is decoded: how many events and issues it has, and the
/// length of each article's text. [`check_rest`] checks that the dossier
/// has this shape.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    /// How many events.
    pub events: usize,
    /// How many issues.
    pub issues: usize,
    /// The length of each article's text, in bytes.
    pub articles: Vec<usize>,
}

/// The ends of passages in articles whose text is not there yet, kept to
/// be checked to fall between two characters when it is fetched: the
/// article's index, the start and the end.
#[derive(Debug, Default)]
pub struct Later(Vec<(u32, u32, u32)>);

impl Shape {
    /// The shape of `d`.
    pub fn of(d: &Dossier) -> Shape {
        Shape {
            events: d.events.len(),
            issues: d.issues.len(),
            articles: d.articles.iter().map(|a| a.text.len()).collect(),
        }
    }

    /// Checks one event of a dossier of this shape: its indices, links and
    /// passages; the ends of its passages are kept in `later`, for
    /// [`check_rest`].
    pub fn event(&self, e: &Event, later: &mut Later) -> Result<(), String> {
        let ix = Indices {
            events: self.events,
            issues: self.issues,
            articles: self.articles.len(),
        };
        for r in e.after.iter().chain(&e.before) {
            ix.event(*r)?;
        }
        for i in &e.issues {
            ix.issue(*i)?;
        }
        for p in [Some(&e.summary), e.date_note.as_ref(), e.disputed.as_ref()]
            .into_iter()
            .flatten()
        {
            ix.prose(p)?;
        }
        for s in &e.sources {
            self.passage(s, later)?;
            if let Some(note) = &s.note {
                ix.prose(note)?;
            }
        }
        if e.bounds.earliest > e.bounds.latest {
            return Err("bounds out of order".to_string());
        }
        Ok(())
    }

    /// Checks that a source's passage falls within its article's text, and
    /// keeps its ends in `later`.
    fn passage(&self, s: &Source, later: &mut Later) -> Result<(), String> {
        let n = s.article.0;
        let len = *self
            .articles
            .get(n)
            .ok_or_else(|| format!("no article {n}"))?;
        if s.span.start > s.span.end || s.span.end > len {
            return Err("a passage outside its article".to_string());
        }
        let at = |v: usize| u32::try_from(v).ok();
        let (Some(a), Some(start), Some(end)) = (at(n), at(s.span.start), at(s.span.end)) else {
            return Err("a passage beyond 4 GB".to_string());
        };
        later.0.push((a, start, end));
        Ok(())
    }
}

/// Checks what [`Shape::event`] does not of `d`, whose every event was
/// checked by it against `shape`, the ends of their passages kept in
/// `later`: that `d` has that shape, and its other parts, but for the
/// order of the event index ([`index_in_order`]).
pub fn check_rest(d: &Dossier, shape: &Shape, later: Vec<Later>) -> Result<(), String> {
    if *shape != Shape::of(d) {
        return Err("its parts are not the size its events were checked by".to_string());
    }
    let ix = Indices {
        events: d.events.len(),
        issues: d.issues.len(),
        articles: d.articles.len(),
    };
    if let Some(p) = &d.meta.description {
        ix.prose(p)
            .map_err(|w| format!("the dossier's description: {w}"))?;
    }
    let mut later = later;
    let mut mine = Later::default();
    for (n, i) in d.issues.iter().enumerate() {
        ix.issue_parts(shape, i, &mut mine)
            .map_err(|w| format!("issue {n}: {w}"))?;
    }
    later.push(mine);
    hand_over(d, later)?;
    for (n, a) in d.articles.iter().enumerate() {
        ix.article_parts(d, a)
            .map_err(|w| format!("article {n}: {w}"))?;
    }
    // Empty, or one entry per event, each in range (their order is
    // checked by `index_in_order`).
    if !d.event_index.is_empty() {
        if d.event_index.len() != d.events.len() {
            return Err("the event index does not name every event".to_string());
        }
        if let Some(e) = d.event_index.iter().find(|e| e.0 >= d.events.len()) {
            return Err(format!("the event index names {e:?}, which is not there"));
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

/// The number of each kind of entry, which every index is checked against.
struct Indices {
    events: usize,
    issues: usize,
    articles: usize,
}

impl Indices {
    fn issue_parts(&self, shape: &Shape, i: &Issue, later: &mut Later) -> Result<(), String> {
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
        self.sources(shape, &i.sources, later)?;
        for p in &i.positions {
            self.prose(&p.text)?;
            self.sources(shape, &p.sources, later)?;
        }
        Ok(())
    }
    fn article_parts(&self, d: &Dossier, a: &Article) -> Result<(), String> {
        if let Some(p) = &a.note {
            self.prose(p)?;
        }
        for r in &a.cited_by {
            source_ref(d, *r)?;
        }
        Ok(())
    }
    fn event(&self, e: EventIx) -> Result<(), String> {
        in_range(e.0, self.events, "event")
    }
    fn issue(&self, i: IssueIx) -> Result<(), String> {
        in_range(i.0, self.issues, "issue")
    }
    fn article(&self, a: ArticleIx) -> Result<(), String> {
        in_range(a.0, self.articles, "article")
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
    fn sources(&self, shape: &Shape, sources: &[Source], later: &mut Later) -> Result<(), String> {
        for s in sources {
            shape.passage(s, later)?;
            if let Some(note) = &s.note {
                self.prose(note)?;
            }
        }
        Ok(())
    }
}

/// Whether the source `r` is there in `d`.
fn source_ref(d: &Dossier, r: SourceRef) -> Result<(), String> {
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

/// Hands each article of `d` the ends of its passages in `later`, in one
/// go per article: checked at once on a text that is there, else when it
/// is fetched.
fn hand_over(d: &Dossier, later: Vec<Later>) -> Result<(), String> {
    let articles = &d.articles;
    // Where each article's ends go in one list, by counting them first.
    let mut from = vec![0usize; articles.len() + 1];
    for (a, _, _) in later.iter().flat_map(|l| &l.0) {
        if let Some(c) = from.get_mut(*a as usize + 1) {
            *c += 2;
        }
    }
    let mut total = 0;
    for c in &mut from {
        total += *c;
        *c = total;
    }
    let mut ends = vec![0u32; total];
    let mut next = from.clone();
    for (a, start, end) in later.iter().flat_map(|l| &l.0) {
        let at = next.get_mut(*a as usize).ok_or("no such article")?;
        let slot = ends.get_mut(*at..*at + 2).ok_or("no such article")?;
        slot.copy_from_slice(&[*start, *end]);
        *at += 2;
    }
    drop(later);
    for (a, bounds) in articles.iter().zip(from.windows(2)) {
        let mine = ends.get(bounds[0]..bounds[1]).unwrap_or_default();
        if !mine.is_empty() && !a.text.check_when_fetched(mine.iter().map(|&b| b as usize)) {
            return Err("a passage inside a character".to_string());
        }
    }
    Ok(())
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

    #[test]
    fn events_checked_against_a_shape_are_held_to_it() {
        let text = "+++\ntitle = \"A\"\n+++\nThe crews\u{2019} deal was agreed.\n";
        let files = vec![
            ("dossier.toml".to_string(), b"title = \"T\"\n".to_vec()),
            ("articles/a.txt".to_string(), text.as_bytes().to_vec()),
            (
                "events/e.toml".to_string(),
                b"title = \"E\"\ndate = \"2024-05-01\"\nkind = \"agreement\"\nsummary = \"S\"\n[[sources]]\narticle = \"a\"\nquote = \"deal was agreed\"\n".to_vec(),
            ),
        ];
        let mut d = super::super::load_files(files);
        let shape = Shape::of(&d);
        let checked = |d: &Dossier, shape: &Shape| {
            let mut later = Later::default();
            for e in &d.events {
                shape.event(e, &mut later)?;
            }
            check_rest(d, shape, vec![later])
        };
        assert_eq!(checked(&d, &shape), Ok(()));
        // A shape that is not the dossier's.
        let mut other = shape.clone();
        other.issues += 1;
        assert!(checked(&d, &other).unwrap_err().contains("not the size"));
        // A passage past its article's end, and one ending inside the
        // curly apostrophe (three bytes): both refused, the second once
        // its ends are handed to the text.
        let span = d.events[0].sources[0].span.clone();
        d.events[0].sources[0].span = span.start..shape.articles[0] + 1;
        assert!(checked(&d, &shape).unwrap_err().contains("outside"));
        let apostrophe = d.articles[0].text.find('\u{2019}').expect("there");
        d.events[0].sources[0].span = 0..apostrophe + 1;
        assert!(
            checked(&d, &shape)
                .unwrap_err()
                .contains("inside a character")
        );
        assert!(check(&d).is_err());
        // An event whose index points past the shape's events.
        d.events[0].sources[0].span = span;
        d.events[0].before.push(EventIx(1));
        assert!(checked(&d, &shape).unwrap_err().contains("no event 1"));
    }
}
