//! Builds the model from resolved drafts: the timeline order, ids to
//! indices, and every derived link (issue to events, article to citers,
//! related issues both ways), each computed once.

use std::collections::HashMap;

use super::draft::{EventDraft, IssueDraft, MetaDraft, PositionDraft, SourceDraft};
use super::ids::IdMap;
use super::links::{self, ProseDraft, Target};
use super::model::{
    Article, ArticleIx, Dossier, EntityRef, Event, EventIx, FileHashes, Issue, IssueIx, Meta,
    Position, Source, SourceRef,
};
use super::problem::Problem;
use super::prose::Prose;

/// The timeline's order of the drafts that load (as indices among them),
/// and each one's bounds ([`super::order::timeline`]).
pub(crate) type Timeline = (Vec<usize>, Vec<super::date::Bounds>);

/// The dossier from what loaded. Drafts with an error of their own are left
/// out; a reference to something left out is dropped (its error is reported
/// where it belongs).
pub(crate) fn build(
    meta: MetaDraft,
    articles: (Vec<Article>, Vec<Option<ProseDraft>>),
    events: Vec<EventDraft>,
    issues: Vec<IssueDraft>,
    problems: Vec<Problem>,
) -> Dossier {
    build_in_order(meta, articles, events, issues, problems, Ahead::default())
}

/// A draft in the making of the model: its index, its slot, and its issues.
type Placing<'a> = (usize, &'a mut Option<EventDraft>, &'a mut Vec<IssueIx>);

/// What a caller made ahead of the model's build, from the same drafts,
/// and how the build is to go.
#[derive(Default)]
pub(crate) struct Ahead {
    /// The timeline's order of the drafts that load, when it was made
    /// already (from the same dates and relations).
    pub timeline: Option<Timeline>,
    /// Slots for the model's events, their memory touched (more are made
    /// when there are too few).
    pub slots: Vec<Option<Event>>,
    /// Whether the events of a large timeline are made in two halves, one
    /// on each core ([`MAKE_THREADS_FROM`]): quicker for a preview's light
    /// drafts, 25 ms slower for a full load's at 100,000 events (measured
    /// with `check`).
    pub in_halves: bool,
}

/// Below this many events, the model's events are made on one thread: their
/// drafts are near enough in memory that a second thread saves nothing
/// (measured: `check` on 10,000 events was 2 ms slower with one).
const MAKE_THREADS_FROM: usize = 32_768;

/// The issues that load, by id, with their index in the model: their place
/// among them sorted by id.
pub(crate) type IssueIndex<'a> = IdMap<&'a str, IssueIx>;

/// The ids of the issues among the drafts `issues` that load, sorted: the
/// model's issues, in its order.
pub(crate) fn loaded_issue_ids(issues: &[IssueDraft]) -> Vec<&str> {
    let mut loaded: Vec<&str> = issues
        .iter()
        .filter(|i| i.ok)
        .map(|i| i.id.as_str())
        .collect();
    loaded.sort_unstable();
    loaded
}

/// The [`IssueIndex`] of `issues`, the drafts of a dossier's issues (those
/// that load are the model's).
pub(crate) fn issue_index(issues: &[IssueDraft]) -> IssueIndex<'_> {
    loaded_issue_ids(issues)
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, IssueIx(i)))
        .collect()
}

/// Adds issue `id` to `found` as the model's index: an id that is not in
/// `index` (no issue that loads) is left out, and each issue is added once.
pub(crate) fn add_issue(found: &mut Vec<IssueIx>, index: &IssueIndex, id: &str) {
    if let Some(&ix) = index.get(id)
        && !found.contains(&ix)
    {
        found.push(ix);
    }
}

/// [`build`], with what the caller made ahead of it ([`Ahead`]).
pub(crate) fn build_in_order(
    meta: MetaDraft,
    (mut articles, article_notes): (Vec<Article>, Vec<Option<ProseDraft>>),
    events: Vec<EventDraft>,
    issues: Vec<IssueDraft>,
    problems: Vec<Problem>,
    ahead: Ahead,
) -> Dossier {
    let Ahead {
        timeline,
        slots: made,
        in_halves,
    } = ahead;
    let mut issues: Vec<IssueDraft> = issues.into_iter().filter(|i| i.ok).collect();
    issues.sort_by(|a, b| a.id.cmp(&b.id));
    let issue_ix = issue_index(&issues);

    // Kept in place: a filter gathered into a new vector would move every
    // draft even when none is left out, as none is in most dossiers.
    let mut events = events;
    events.retain(|e| e.ok && e.date.is_some());
    // The order as draft indices, then each draft moved once: drafts are large, and a
    // sort that moves them touches hundreds of bytes per step.
    let (order, bounds) = match timeline {
        Some(t) if t.0.len() == events.len() && t.1.len() == events.len() => t,
        _ => super::order::timeline(&events),
    };
    // What the build needs to know of all the drafts, in one pass over
    // them (at 100,000 events each pass is a few milliseconds of waiting
    // for memory): whether they come in the order of their ids, as their
    // files nearly always do (then the index by id needs no sort); how many
    // have relations (most dossiers have few: the index of every id is
    // made only when there are some); whether any prose has a link.
    let (mut by_id, mut related_drafts, mut event_links) = (true, 0, false);
    let mut previous: Option<&str> = None;
    for e in &events {
        by_id &= previous.is_none_or(|p| p < e.id.as_str());
        previous = Some(&e.id);
        related_drafts += usize::from(e.is_related());
        event_links = event_links || any_link(e.prose());
    }
    // The relations of the drafts that have any, as draft indices (those
    // that loaded), made before the drafts are consumed.
    let relations: Vec<(usize, Vec<usize>, Vec<usize>)> = if related_drafts == 0 {
        Vec::new()
    } else {
        let draft_ix: IdMap<&str, usize> = events
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.as_str(), i))
            .collect();
        let ids = |list: &[toml::Spanned<String>]| -> Vec<usize> {
            let mut v: Vec<usize> = list
                .iter()
                .filter_map(|r| draft_ix.get(r.get_ref().as_str()).copied())
                .collect();
            v.dedup();
            v
        };
        let mut relations = Vec::with_capacity(related_drafts);
        for (i, e) in events.iter().enumerate() {
            if e.is_related() {
                relations.push((i, ids(&e.after), ids(&e.before)));
            }
        }
        relations
    };
    let any_links = event_links
        || issues.iter().any(|i| any_link(i.prose()))
        || any_link(article_notes.iter().flatten())
        || any_link(meta.description.iter());
    let titles = any_links.then(|| Titles::new(&events, &order, &issues, &articles));
    let lookup = |kind: Target, id: &str| titles.as_ref()?.lookup(kind, id);
    let prose = |d: ProseDraft| links::build(d, &lookup);
    let sources = |drafts: Vec<SourceDraft>| sources(drafts, &prose);
    let resolve_issues = |list: &[toml::Spanned<String>]| {
        let mut out: Vec<IssueIx> = Vec::with_capacity(list.len());
        for id in list {
            add_issue(&mut out, &issue_ix, id.get_ref());
        }
        out
    };
    // Each event's issues, found in the order of the drafts (the order they
    // were made in, so their ids are read from memory in sequence, not in
    // the timeline's scattered order), and the ids dropped there.
    let mut touched: Vec<Vec<IssueIx>> = events
        .iter_mut()
        .map(|e| match e.issue_ixs.take() {
            Some(found) => found,
            None => resolve_issues(&std::mem::take(&mut e.issues)),
        })
        .collect();
    let mut slots: Vec<Option<EventDraft>> = events.into_iter().map(Some).collect();

    // Each event is written into the next of these slots: made by the
    // caller (a preview makes them, and touches their memory, on its other
    // core while it orders the timeline) or here.
    let mut event_slots = made;
    if event_slots.len() < order.len() {
        event_slots.resize_with(order.len(), || None);
    }
    let citations = slots
        .iter()
        .flatten()
        .map(|e| e.sources.len())
        .sum::<usize>()
        + issues
            .iter()
            .map(|i| i.sources.len() + i.positions.iter().map(|p| p.sources.len()).sum::<usize>())
            .sum::<usize>();
    let mut cites: Vec<Cite> = Vec::with_capacity(citations);
    // Drafts are consumed, so their strings move into the model uncopied.
    // They are taken from their slots in timeline order, not gathered into a
    // sorted vector first: that would hold a second copy of every draft.
    // What is gathered in that order is where each draft and its issues
    // lie, so that the model's events can be made in two halves of the
    // timeline, one on each core: taking drafts in a scattered order is
    // mostly waiting for memory.
    let mut by_draft: Vec<Option<Placing>> = slots
        .iter_mut()
        .zip(touched.iter_mut())
        .enumerate()
        .map(|(i, (draft, issues))| draft.is_some().then_some((i, draft, issues)))
        .collect();
    let mut in_order: Vec<Placing> = order
        .iter()
        .filter_map(|&i| by_draft.get_mut(i)?.take())
        .take(event_slots.len())
        .collect();
    drop(by_draft);
    let mut placed: Vec<Option<EventIx>> = vec![None; order.len()];
    for (n, (i, ..)) in in_order.iter().enumerate() {
        if let Some(p) = placed.get_mut(*i) {
            *p = Some(EventIx(n));
        }
    }
    let make = |(part, first, out): (Vec<Placing>, usize, &mut [Option<Event>])| {
        let mut hashes = Vec::with_capacity(part.len());
        let mut cites = Vec::new();
        for ((n, (i, draft, touched)), slot) in (first..).zip(part).zip(out.iter_mut()) {
            // Only drafts there are gathered.
            let Some(e) = draft.take() else {
                continue;
            };
            let ix = EventIx(n);
            hashes.push(e.hash);
            let sources = sources(e.sources);
            cites.extend(event_cites(ix, &sources));
            *slot = Some(Event {
                id: e.id,
                title: e.title,
                date: e
                    .date
                    .unwrap_or_else(|| super::date::PartialDate::year(0).into()),
                end: e.end,
                weekday: e.weekday.map(|w| w.0),
                bounds: bounds[i],
                after: Vec::new(),
                before: Vec::new(),
                kind: e.kind,
                issues: std::mem::take(touched),
                summary: prose(e.summary),
                date_note: e.date_note.map(prose),
                disputed: e.disputed.map(prose),
                sources,
            });
        }
        (hashes, cites)
    };
    let (event_hashes, made_cites) = if !in_halves || in_order.len() < MAKE_THREADS_FROM {
        make((in_order, 0, &mut event_slots))
    } else {
        let half = in_order.len() / 2;
        let second = in_order.split_off(half);
        let (out_first, out_second) = event_slots.split_at_mut(half);
        let ((hashes, mut made), (more_hashes, more)) =
            crate::parallel::both((in_order, 0, out_first), (second, half, out_second), make);
        let mut hashes = hashes;
        hashes.extend(more_hashes);
        made.extend(more);
        (hashes, made)
    };
    cites.extend(made_cites);
    // Taken out of their slots in place (`flatten` would copy them).
    #[allow(clippy::filter_map_identity)]
    let mut event_list: Vec<Event> = event_slots.into_iter().filter_map(|e| e).collect();
    // Each issue's events in timeline order, each list made at its size.
    let mut touches = vec![0usize; issues.len()];
    for e in &event_list {
        for i in &e.issues {
            if let Some(n) = touches.get_mut(i.0) {
                *n += 1;
            }
        }
    }
    let mut issue_events: Vec<Vec<EventIx>> = touches.into_iter().map(Vec::with_capacity).collect();
    for (n, e) in event_list.iter().enumerate() {
        for i in &e.issues {
            if let Some(list) = issue_events.get_mut(i.0) {
                list.push(EventIx(n));
            }
        }
    }
    for (i, after, before) in relations {
        let Some(ix) = placed.get(i).copied().flatten() else {
            continue;
        };
        let map = |v: Vec<usize>| -> Vec<EventIx> {
            v.into_iter()
                .filter_map(|d| placed.get(d).copied().flatten())
                .collect()
        };
        if let Some(e) = event_list.get_mut(ix.0) {
            e.after = map(after);
            e.before = map(before);
        }
    }

    // Related both ways: every listed pair is added in both directions.
    let mut related: Vec<Vec<IssueIx>> = vec![Vec::new(); issues.len()];
    for (n, d) in issues.iter().enumerate() {
        for r in resolve_issues(&d.related) {
            if r.0 != n {
                related[n].push(r);
                related[r.0].push(IssueIx(n));
            }
        }
    }

    let mut issue_list = Vec::with_capacity(issues.len());
    let mut issue_hashes = Vec::with_capacity(issues.len());
    for (n, (d, (events, mut related))) in issues
        .into_iter()
        .zip(issue_events.into_iter().zip(related))
        .enumerate()
    {
        related.sort();
        related.dedup();
        let positions = positions(d.positions, &prose);
        let sources = sources(d.sources);
        cites.extend(issue_cites(IssueIx(n), &sources, &positions));
        issue_hashes.push(d.hash);
        issue_list.push(Issue {
            id: d.id,
            title: d.title,
            summary: prose(d.summary),
            status: d.status.map(prose),
            positions,
            related,
            sources,
            events,
        });
    }

    for (a, note) in articles.iter_mut().zip(article_notes) {
        a.note = note.map(prose);
    }
    let meta = Meta {
        title: meta.title,
        subtitle: meta.subtitle,
        description: meta.description.map(prose),
        lang: meta.lang,
        dir: meta.dir,
        sides: meta.sides.unwrap_or_default(),
    };
    let mentions = if titles.is_some() {
        mentions(&event_list, &issue_list, &articles)
    } else {
        HashMap::new()
    };

    cites.sort();
    for (article, _, citer) in cites {
        if let Some(a) = articles.get_mut(article) {
            a.cited_by.push(citer);
        }
    }

    let event_index: Vec<EventIx> = if by_id {
        placed.iter().flatten().copied().collect()
    } else {
        let mut ix: Vec<EventIx> = (0..event_list.len()).map(EventIx).collect();
        ix.sort_by(|a, b| event_list[a.0].id.cmp(&event_list[b.0].id));
        ix
    };
    Dossier {
        meta,
        events: event_list,
        issues: issue_list,
        articles,
        problems,
        event_index,
        mentions,
        file_hashes: FileHashes {
            events: event_hashes,
            issues: issue_hashes,
        },
    }
}

/// Whether any of these prose fields holds a link.
fn any_link<'a>(mut prose: impl Iterator<Item = &'a ProseDraft>) -> bool {
    prose.any(|d| !d.refs.is_empty())
}

/// What links in prose resolve to: each entry's index and title as shown,
/// by id. Built only when some prose has a link.
struct Titles {
    events: HashMap<String, (EventIx, String)>,
    issues: HashMap<String, (IssueIx, String)>,
    articles: HashMap<String, (ArticleIx, String)>,
}

impl Titles {
    /// `events` are the drafts that will be placed, in the timeline `order`
    /// (each takes the next index); `issues` are sorted as in the model.
    fn new(
        events: &[EventDraft],
        order: &[usize],
        issues: &[IssueDraft],
        articles: &[Article],
    ) -> Titles {
        Titles {
            events: order
                .iter()
                .filter_map(|&i| events.get(i))
                .enumerate()
                .map(|(n, e)| (e.id.clone(), (EventIx(n), e.title.clone())))
                .collect(),
            issues: issues
                .iter()
                .enumerate()
                .map(|(n, i)| (i.id.clone(), (IssueIx(n), i.title.clone())))
                .collect(),
            articles: articles
                .iter()
                .enumerate()
                .map(|(n, a)| {
                    let shown = links::article_title(a.outlet.as_deref(), &a.title);
                    (a.id.clone(), (ArticleIx(n), shown))
                })
                .collect(),
        }
    }

    fn lookup(&self, kind: Target, id: &str) -> Option<(EntityRef, String)> {
        match kind {
            Target::Event => self
                .events
                .get(id)
                .map(|(ix, t)| (EntityRef::Event(*ix), t.clone())),
            Target::Issue => self
                .issues
                .get(id)
                .map(|(ix, t)| (EntityRef::Issue(*ix), t.clone())),
            Target::Article => self
                .articles
                .get(id)
                .map(|(ix, t)| (EntityRef::Article(*ix), t.clone())),
        }
    }
}

/// The notes of some sources.
fn notes(sources: &[Source]) -> impl Iterator<Item = &Prose> {
    sources.iter().filter_map(|s| s.note.as_ref())
}

/// Who mentions whom: every link in the prose of an event, an issue or an
/// article (its sources' notes and its positions included), by target.
fn mentions(
    events: &[Event],
    issues: &[Issue],
    articles: &[Article],
) -> HashMap<EntityRef, Vec<EntityRef>> {
    let mut out: HashMap<EntityRef, Vec<EntityRef>> = HashMap::new();
    let mut add = |from: EntityRef, prose: &Prose| {
        for l in prose.links() {
            if l.target != from {
                out.entry(l.target).or_default().push(from);
            }
        }
    };
    for (n, e) in events.iter().enumerate() {
        let from = EntityRef::Event(EventIx(n));
        add(from, &e.summary);
        for p in e
            .date_note
            .iter()
            .chain(&e.disputed)
            .chain(notes(&e.sources))
        {
            add(from, p);
        }
    }
    for (n, i) in issues.iter().enumerate() {
        let from = EntityRef::Issue(IssueIx(n));
        add(from, &i.summary);
        for p in i.status.iter().chain(notes(&i.sources)) {
            add(from, p);
        }
        for position in &i.positions {
            add(from, &position.text);
            for p in notes(&position.sources) {
                add(from, p);
            }
        }
    }
    for (n, a) in articles.iter().enumerate() {
        if let Some(note) = &a.note {
            add(EntityRef::Article(ArticleIx(n)), note);
        }
    }
    for list in out.values_mut() {
        list.sort();
        list.dedup();
    }
    out
}

/// A citation: the article's index, where the passage starts in it, and
/// what cites it (how an article's `cited_by` is sorted).
type Cite = (usize, usize, SourceRef);

/// The citations of event `ix`'s `sources`.
fn event_cites(ix: EventIx, sources: &[Source]) -> impl Iterator<Item = Cite> + '_ {
    sources
        .iter()
        .enumerate()
        .map(move |(k, s)| (s.article.0, s.span.start, SourceRef::Event(ix, k)))
}

/// The citations of issue `ix`'s `sources` and of its `positions`' sources.
fn issue_cites<'a>(
    ix: IssueIx,
    sources: &'a [Source],
    positions: &'a [Position],
) -> impl Iterator<Item = Cite> + 'a {
    let own = sources
        .iter()
        .enumerate()
        .map(move |(k, s)| (s.article.0, s.span.start, SourceRef::Issue(ix, k)));
    let sides = positions.iter().enumerate().flat_map(move |(p, position)| {
        position
            .sources
            .iter()
            .enumerate()
            .map(move |(k, s)| (s.article.0, s.span.start, SourceRef::Position(ix, p, k)))
    });
    own.chain(sides)
}

/// An issue's positions as written, their texts and sources' notes made prose.
fn positions(drafts: Vec<PositionDraft>, prose: &dyn Fn(ProseDraft) -> Prose) -> Vec<Position> {
    drafts
        .into_iter()
        .map(|p| Position {
            side: p.side,
            text: prose(p.text),
            sources: sources(p.sources, prose),
        })
        .collect()
}

/// The sources that resolved to a passage, their notes made prose.
fn sources(drafts: Vec<SourceDraft>, prose: &dyn Fn(ProseDraft) -> Prose) -> Vec<Source> {
    drafts
        .into_iter()
        .filter_map(|s| {
            let (article, span) = s.resolved?;
            Some(Source {
                article,
                quote: s.quote.into_inner(),
                span,
                note: s.note.map(prose),
                line: s.line,
            })
        })
        .collect()
}

/// Entries read whole after a preview was built: each in its place in the
/// preview's model ([`super::load::read_whole`]).
#[derive(Debug, Default)]
pub struct Patch {
    events: Vec<(EventIx, Event)>,
    issues: Vec<(IssueIx, Issue)>,
    articles: Vec<(ArticleIx, Article)>,
}

impl Patch {
    /// Puts the entries in their places in `d` (the preview they were read
    /// for), and returns them. An article gains what the patched entries
    /// cite in it.
    pub fn apply(self, d: &mut Dossier) -> Vec<EntityRef> {
        let mut done = Vec::new();
        for (ix, a) in self.articles {
            if let Some(slot) = d.articles.get_mut(ix.0) {
                let cited_by = std::mem::take(&mut slot.cited_by);
                *slot = Article { cited_by, ..a };
                done.push(EntityRef::Article(ix));
            }
        }
        let mut cites: Vec<Cite> = Vec::new();
        for (ix, e) in self.events {
            cites.extend(event_cites(ix, &e.sources));
            if let Some(slot) = d.events.get_mut(ix.0) {
                *slot = e;
                done.push(EntityRef::Event(ix));
            }
        }
        for (ix, i) in self.issues {
            cites.extend(issue_cites(ix, &i.sources, &i.positions));
            if let Some(slot) = d.issues.get_mut(ix.0) {
                *slot = i;
                done.push(EntityRef::Issue(ix));
            }
        }
        let mut touched: Vec<usize> = cites.iter().map(|c| c.0).collect();
        touched.sort_unstable();
        touched.dedup();
        for (article, _, citer) in cites {
            if let Some(a) = d.articles.get_mut(article)
                && !a.cited_by.contains(&citer)
            {
                a.cited_by.push(citer);
            }
        }
        // By where each passage starts, as a whole load orders them.
        for n in touched {
            let Some(a) = d.articles.get_mut(n) else {
                continue;
            };
            let mut by = std::mem::take(&mut a.cited_by);
            by.sort_by_key(|c| (d.get_source(*c).map_or(usize::MAX, |s| s.span.start), *c));
            if let Some(a) = d.articles.get_mut(n) {
                a.cited_by = by;
            }
        }
        done.sort_unstable();
        done
    }
}

/// The model of resolved drafts of entries already in `d` (a preview): each
/// takes the place its id has there, with the relations, bounds and derived
/// links the preview has; references to other entries go to theirs.
pub(crate) fn patch(
    d: &Dossier,
    events: Vec<EventDraft>,
    issues: Vec<IssueDraft>,
    articles: Vec<(Article, Option<ProseDraft>)>,
) -> Patch {
    let lookup = |kind: Target, id: &str| -> Option<(EntityRef, String)> {
        match kind {
            Target::Event => d
                .find_event(id)
                .map(|ix| (EntityRef::Event(ix), d.events[ix.0].title.clone())),
            Target::Issue => d
                .find_issue(id)
                .map(|ix| (EntityRef::Issue(ix), d.issues[ix.0].title.clone())),
            Target::Article => d.find_article(id).map(|ix| {
                let a = &d.articles[ix.0];
                let shown = links::article_title(a.outlet.as_deref(), &a.title);
                (EntityRef::Article(ix), shown)
            }),
        }
    };
    let prose = |p: ProseDraft| links::build(p, &lookup);
    let sources = |s: Vec<SourceDraft>| sources(s, &prose);
    let issue_ixs = |list: &[toml::Spanned<String>]| -> Vec<IssueIx> {
        let mut out: Vec<IssueIx> = Vec::new();
        for id in list {
            if let Some(ix) = d.find_issue(id.get_ref())
                && !out.contains(&ix)
            {
                out.push(ix);
            }
        }
        out
    };
    let mut patch = Patch::default();
    for e in events {
        let Some(ix) = d.find_event(&e.id) else {
            continue;
        };
        let Some(was) = d.events.get(ix.0) else {
            continue;
        };
        let event = Event {
            issues: issue_ixs(&e.issues),
            summary: prose(e.summary),
            date_note: e.date_note.map(prose),
            disputed: e.disputed.map(prose),
            sources: sources(e.sources),
            id: e.id,
            title: e.title,
            ..was.clone()
        };
        patch.events.push((ix, event));
    }
    for i in issues {
        let Some(ix) = d.find_issue(&i.id) else {
            continue;
        };
        let Some(was) = d.issues.get(ix.0) else {
            continue;
        };
        let positions = positions(i.positions, &prose);
        let issue = Issue {
            summary: prose(i.summary),
            status: i.status.map(prose),
            positions,
            sources: sources(i.sources),
            id: i.id,
            title: i.title,
            ..was.clone()
        };
        patch.issues.push((ix, issue));
    }
    for (mut a, note) in articles {
        let Some(ix) = d.find_article(&a.id) else {
            continue;
        };
        a.note = note.map(prose);
        patch.articles.push((ix, a));
    }
    patch
}
