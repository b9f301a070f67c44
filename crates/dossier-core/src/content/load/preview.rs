//! A first look at a large dossier, for a first screen that does not wait
//! for every file to be parsed and every quote verified.
//!
//! Every entry file is read, but only glanced at ([`super::head`]): the
//! fields of the timeline's rows and order (title, dates, relations, weekday,
//! kind, issues, whether it is disputed) and an issue's title and related
//! issues. The issues are glanced at first (with the articles, while
//! another thread lists the events' folder), so that each event's issues
//! are found among those that load as it is read, the model's indices kept
//! and no copy of their ids made. Articles are read only as far as their
//! front matter. So every
//! list is complete and in its final order, and only the entries the first
//! screen shows are read whole: the one selected, what it cites, and the
//! article shown, their passages verified against their articles as a full
//! load verifies them.
//!
//! Nothing else is verified, and no problem is reported: a preview is shown
//! while the full load ([`super::load_dir_counted`]) runs, and is replaced by
//! it. An entry a full load leaves out for an error past its first lines is
//! in the preview until then.

// Input decides every index here: reach values with `get`.
#![deny(clippy::indexing_slicing)]

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use super::super::names::Names;
use super::files::{self, Data, Folder, Job, Listing, Plan};
use super::open::{self, Opener};
use super::parse::{parse_event_head, parse_issue_head};
use super::read::{self, FileOut};
use super::resolve::{self, Context};
use super::{head, index, links, order};
use crate::content::draft::{ArticleDraft, EventDraft, IssueDraft, Item, MetaDraft};
use crate::content::index::IssueIndex;
pub use crate::content::index::Patch;
use crate::content::model::{Article, ArticleIx, Dossier, EntityRef, Event};

/// What a preview shows, and how much is left to read.
pub struct Preview {
    /// Every entry, in its final order; only those in `whole` have their
    /// details, sources and texts.
    pub dossier: Dossier,
    /// The entries read whole, sorted: as a full load gives them.
    pub whole: Vec<EntityRef>,
    /// How many files the full load reads (what its count goes up to).
    pub files: usize,
    /// The articles whose front matter is left to glance at behind the
    /// first frame ([`preview_dir_first`]); none for [`preview_dir`].
    pub fronts: LaterFronts,
}

/// Articles of a preview whose front matter was not glanced at before its
/// first frame: until [`LaterFronts::glance`]'s patch is applied, each has
/// its id and nothing else (no title, no text).
#[derive(Default)]
pub struct LaterFronts(Vec<(ArticleIx, Job)>);

impl std::fmt::Debug for LaterFronts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LaterFronts({} articles)", self.0.len())
    }
}

impl LaterFronts {
    /// How many articles are left.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether none is left.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Glances at each article's front matter, for the preview it was
    /// left from.
    pub fn glance(self) -> Fronts {
        let opener = &mut Opener::default();
        Fronts(
            self.0
                .into_iter()
                .filter_map(|(ix, job)| {
                    let Some((_, id)) = &job.entity else {
                        return None;
                    };
                    let Data::Disk(path) = &job.data else {
                        return None;
                    };
                    let a = front(id, path, opener).filter(|a| a.ok)?;
                    Some((ix, a.article))
                })
                .collect(),
        )
    }
}

/// Articles' front matter glanced at behind a preview's first frame
/// ([`LaterFronts::glance`]).
#[derive(Debug)]
pub struct Fronts(Vec<(ArticleIx, Article)>);

impl Fronts {
    /// Puts each article's front matter (title, outlet, date, byline, URL)
    /// in its place in `d`, the preview it was left from, but for the
    /// articles `whole` says were read whole meanwhile. An article whose
    /// front matter does not load keeps its id alone until the whole load
    /// leaves it out.
    pub fn apply(self, d: &mut Dossier, whole: impl Fn(ArticleIx) -> bool) {
        for (ix, a) in self.0 {
            if whole(ix) {
                continue;
            }
            if let Some(slot) = d.articles.get_mut(ix.0) {
                slot.title = a.title;
                slot.outlet = a.outlet;
                slot.published = a.published;
                slot.byline = a.byline;
                slot.url = a.url;
                slot.text_line = a.text_line;
            }
        }
    }
}

/// The fields of an event a glance keeps.
const EVENT_KEYS: &[&str] = &[
    "title", "date", "end", "after", "before", "weekday", "kind", "issues",
];
/// The fields of an issue a glance keeps.
const ISSUE_KEYS: &[&str] = &["title", "related"];
// A glance keeps each of them in place.
const _: () = assert!(EVENT_KEYS.len() <= head::MAX_KEPT && ISSUE_KEYS.len() <= head::MAX_KEPT);
/// How much of an article is read for its front matter (more when it is
/// longer).
const FRONT_BYTES: usize = 4096;

/// One of the dossier's three lists.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum List {
    /// The events, in timeline order.
    #[default]
    Timeline,
    /// The issues, by id.
    Issues,
    /// The articles, by id.
    Articles,
}

impl List {
    fn folder(self) -> Folder {
        match self {
            List::Timeline => Folder::Events,
            List::Issues => Folder::Issues,
            List::Articles => Folder::Articles,
        }
    }
}

/// What the first screen shows in full, by ids: the entry selected in
/// `list` (`entry` when it is there, else the one at `row`), the article
/// shown, and the entry whose passage is followed in it. By default the
/// first event of the timeline (or the first entry of the first list that
/// has one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Focus {
    /// The list shown.
    pub list: List,
    /// The entry selected: the list it is in, and its id.
    pub entry: Option<(List, String)>,
    /// Its row, where the entry is looked for when it is not there.
    pub row: usize,
    /// The id of the article shown.
    pub article: Option<String>,
    /// What cites the passage followed: its list and id.
    pub citer: Option<(List, String)>,
}

impl Focus {
    /// The entries to read whole, by folder and id; and the timeline's
    /// order when it was made to find the event at a row (the model's is
    /// the same: see [`index::build`]).
    fn wanted(
        &self,
        events: &[EventDraft],
        issues: &[IssueDraft],
        articles: &[ArticleDraft],
    ) -> (Vec<(Folder, String)>, Option<index::Timeline>) {
        // The lists as the model will have them: events that load, in
        // timeline order; issues and articles that load, by id.
        // `events` has those that load first.
        let n = events.iter().take_while(|e| loads(e)).count();
        let dated = events.get(..n).unwrap_or_default();
        let loaded_issues = index::loaded_issue_ids(issues);
        let mut timeline = None;
        let mut at_row = || -> Option<String> {
            let made = order::timeline(dated);
            let i = made.0.get(self.row).or(made.0.last()).copied();
            timeline = Some(made);
            dated.get(i?).map(|e| e.id.clone())
        };
        let list = if self.list == List::Timeline && dated.is_empty() && self.entry.is_none() {
            if loaded_issues.is_empty() {
                List::Articles
            } else {
                List::Issues
            }
        } else {
            self.list
        };
        let has = |l: List, id: &str| match l {
            List::Timeline => dated.iter().any(|e| e.id == id),
            List::Issues => loaded_issues.binary_search(&id).is_ok(),
            List::Articles => articles.iter().any(|a| a.article.id == id),
        };
        let chosen = match &self.entry {
            Some((l, id)) if *l == list && has(*l, id) => Some(id.clone()),
            _ => match list {
                List::Timeline => at_row(),
                List::Issues => loaded_issues
                    .get(self.row)
                    .or(loaded_issues.last())
                    .map(|s| s.to_string()),
                List::Articles => articles
                    .get(self.row)
                    .or(articles.last())
                    .map(|a| a.article.id.clone()),
            },
        };
        let wanted = chosen
            .map(|id| (list.folder(), id))
            .into_iter()
            .chain(self.article.clone().map(|a| (Folder::Articles, a)))
            .chain(self.citer.clone().map(|(l, id)| (l.folder(), id)))
            .collect();
        (wanted, timeline)
    }
}

/// A preview of the dossier in `dir` when it has at least `min_entries`
/// event and issue files; `None` for a smaller one (a full load is as
/// quick) or a folder that cannot be listed. The entries `focus` names are
/// read whole.
pub fn preview_dir(dir: &Path, min_entries: usize, focus: &Focus) -> Option<Preview> {
    preview(dir, min_entries, focus, false)
}

/// [`preview_dir`] for a first frame: the articles' front matter (their
/// titles, outlets and dates, which only the articles' list shows of an
/// article not read whole) is glanced at only while the events' folder is
/// still listed, and the rest left in [`Preview::fronts`] for behind the
/// first frame. Unless the first screen shows the articles' list: then it
/// is all glanced at first, as [`preview_dir`] does.
pub fn preview_dir_first(dir: &Path, min_entries: usize, focus: &Focus) -> Option<Preview> {
    preview(dir, min_entries, focus, focus.list != List::Articles)
}

fn preview(dir: &Path, min_entries: usize, focus: &Focus, later: bool) -> Option<Preview> {
    // The events' folder is listed and its files classified on this thread.
    // Meanwhile another lists the rest of the dossier, glances at its
    // issues and makes the slots of the events' drafts ([`glance_rest`]);
    // then the events are glanced at while that thread glances at the
    // articles (or before, while the events' folder is still listed).
    let (count, counted) = std::sync::mpsc::channel();
    let (ready, rest_ready) = std::sync::mpsc::channel();
    let glanced = std::thread::scope(|s| {
        let fronts = s.spawn(move || glance_rest(dir, min_entries, &counted, &ready, later));
        let listed = plan_events(dir, count);
        let glanced = listed
            .zip(rest_ready.recv().ok())
            .and_then(|(listed, rest)| glance_listed(listed, rest, min_entries));
        glanced.zip(fronts.join().ok().flatten())
    });
    let (
        Glance {
            mut events,
            issues,
            mut meta,
            mut ids,
            unread,
            files,
        },
        RestFronts {
            glanced: mut articles,
            mut left,
        },
    ) = glanced?;
    articles.retain(|a| a.ok);
    // With no event or issue to show, the first screen is the articles'.
    if !left.is_empty() && !events.iter().any(loads) && !issues.iter().any(|i| i.ok) {
        let mut jobs = std::mem::take(&mut left).into_iter();
        articles.extend(glance_fronts(&mut jobs, &mut Opener::default(), || false));
        articles.retain(|a| a.ok);
    }
    // The others, their ids alone until they are glanced at.
    articles.extend(left.iter().filter_map(|job| match &job.entity {
        Some((Folder::Articles, id)) => Some(ArticleDraft::id_only(id)),
        _ => None,
    }));
    articles.sort_by(|a, b| a.article.id.cmp(&b.article.id));
    for f in Folder::ALL {
        ids[f].sort_dedup();
    }
    // A weekday no day of its date has leaves the event out, as it will
    // (what is said of it is the whole load's to say).
    drop(order::check(&mut events, &[], &[]));
    let known = links::Known::new(
        &ids[Folder::Events],
        &ids[Folder::Issues],
        &ids[Folder::Articles],
    );
    if let Some(d) = &mut meta.description {
        drop(links::check(&known, "dossier.toml", d));
    }

    // Those that load first, each part in the order of its files: the
    // model's events are then the first part as it stands, and the
    // timeline's order made of them to find the first event is the model's.
    if !events.iter().skip_while(|e| loads(e)).all(|e| !loads(e)) {
        events.sort_by_key(|e| !loads(e));
    }
    // The model's slots for its events are made, and their memory first
    // touched, on the other core while the timeline is ordered.
    let loading = events.iter().take_while(|e| loads(e)).count();
    let ((wanted, timeline), made) = std::thread::scope(|s| {
        let made = s.spawn(|| empty_slots(loading));
        let wanted = focus.wanted(&events, &issues, &articles);
        (wanted, made.join().unwrap_or_default())
    });

    for a in &mut articles {
        if let Some(d) = &mut a.note {
            drop(links::check(&known, "", d));
        }
    }
    drop(known);
    let mut dossier = build(meta, articles, events, issues, timeline, made);

    // The entries wanted, read whole as ahead of the rest, their references
    // checked against every file listed, as a full load checks them.
    let wanted: Vec<EntityRef> = wanted
        .iter()
        .filter_map(|(f, id)| match f {
            Folder::Events => dossier.find_event(id).map(EntityRef::Event),
            Folder::Issues => dossier.find_issue(id).map(EntityRef::Issue),
            Folder::Articles => dossier.find_article(id).map(EntityRef::Article),
        })
        .collect();
    let whole = read_whole_in(dir, &dossier, &ids, &unread, &wanted).apply(&mut dossier);
    let fronts = LaterFronts(
        left.into_iter()
            .filter_map(|job| {
                let ix = match &job.entity {
                    Some((Folder::Articles, id)) => dossier.find_article(id)?,
                    _ => return None,
                };
                (!whole.contains(&EntityRef::Article(ix))).then_some((ix, job))
            })
            .collect(),
    );
    Some(Preview {
        dossier,
        whole,
        files,
        fronts,
    })
}

/// What a preview's glance found, but for the articles.
struct Glance {
    /// In the order of their files.
    events: Vec<EventDraft>,
    issues: Vec<IssueDraft>,
    meta: MetaDraft,
    ids: files::PerFolder<Names>,
    unread: files::PerFolder<Vec<(String, String)>>,
    /// How many files the full load reads.
    files: usize,
}

/// The events of `listed` glanced at, with what `rest` found of the rest
/// of the dossier; `None` for a folder too small for a preview (fewer than
/// `min_entries` event and issue files).
fn glance_listed(listed: EventFiles, rest: Rest, min_entries: usize) -> Option<Glance> {
    let Rest {
        jobs: rest_jobs,
        issue_jobs,
        before_events,
        mut issues,
        meta,
        mut ids,
        mut unread,
        slots,
    } = rest;
    let EventFiles {
        files: event_files,
        ids: event_ids,
        unread: event_unread,
    } = listed;
    let event_count = event_files.len(&event_ids);
    if event_count + issue_jobs < min_entries {
        return None;
    }
    // The issues' files come after the events' in a load's order.
    for i in &mut issues {
        i.file += event_count;
    }
    // Each event's issues are found among those that load as the event is
    // glanced at, and no copy of their ids is made.
    let loaded = index::issue_index(&issues);
    let events = glance_events(event_files, &event_ids, before_events, slots, &loaded);
    ids[Folder::Events] = event_ids;
    unread[Folder::Events] = event_unread;
    Some(Glance {
        events,
        issues,
        meta,
        ids,
        unread,
        files: rest_jobs + event_count,
    })
}

/// Whether an event is in the model: no error of its own, and a date.
fn loads(e: &EventDraft) -> bool {
    e.ok && e.date.is_some()
}

/// The model from the drafts, with no problems.
fn build(
    meta: MetaDraft,
    articles: Vec<ArticleDraft>,
    events: Vec<EventDraft>,
    issues: Vec<IssueDraft>,
    timeline: Option<index::Timeline>,
    made: Vec<Option<Event>>,
) -> Dossier {
    let (models, notes) = articles.into_iter().map(|a| (a.article, a.note)).unzip();
    let ahead = index::Ahead {
        timeline,
        slots: made,
        in_halves: true,
    };
    index::build_in_order(meta, (models, notes), events, issues, Vec::new(), ahead)
}

/// What a glance at one file found.
enum Glanced {
    Meta(MetaDraft),
    /// With the content hash of its file.
    Event(EventDraft, u64),
    Issue(IssueDraft, u64),
    /// Its front matter, and no text.
    Article(ArticleDraft),
    Nothing,
}

/// Glances at the event files of `files` (the events' folder, its first
/// file the file at `base` in a load's order; `ids` the ids of its files),
/// on two threads of their own for a large dossier: each event into its
/// slot of `slots` (more are made if there are too few; those left over are
/// dropped), its issues found in `loaded`; the events, in the order of
/// their files.
///
/// Each thread puts the events of its half straight into their own part of
/// one vector: 100,000 drafts gathered from each thread's results instead
/// would be written twice, and the memory they take is the larger part of
/// what a preview costs. Each job is dropped as soon as it is done, so that
/// the memory it held is what the next drafts are made in.
fn glance_events(
    files: Listed,
    ids: &Names,
    base: usize,
    mut slots: Vec<Option<EventDraft>>,
    loaded: &IssueIndex,
) -> Vec<EventDraft> {
    let n = files.len(ids);
    if slots.len() < n {
        slots.resize_with(n, || None);
    }
    let dir;
    let all = match files {
        Listed::Jobs(jobs) => Part::Jobs(jobs),
        Listed::Plain(open) => {
            dir = open;
            Part::Plain(&dir, ids, 0..n)
        }
    };
    if n < read::PARALLEL_MIN_FILES {
        glance_part(all, base, &mut slots, loaded);
    } else {
        let (mine, theirs) = all.halves();
        let first = base + n / 2;
        let (slots_a, slots_b) = slots.split_at_mut(n / 2);
        crate::parallel::both_apart(
            (mine, base, slots_a),
            (theirs, first, slots_b),
            |(part, first, slots)| glance_part(part, first, slots, loaded),
        );
    }
    // Taken out of their slots in place (`flatten` would copy them into a
    // vector of their own).
    #[allow(clippy::filter_map_identity)]
    slots.into_iter().filter_map(|s| s).collect()
}

/// `n` empty slots (for drafts of events, or the model's events), each
/// written: their memory is touched here.
fn empty_slots<T>(n: usize) -> Vec<Option<T>> {
    let mut slots = Vec::new();
    slots.resize_with(n, || None);
    slots
}

/// The files of the events' folder, as [`plan_events`] lists them.
enum Listed {
    /// A plain folder ([`files::list_plain`]), open: its files are the ids'.
    Plain(File),
    /// Any other, as a load lists it.
    Jobs(Vec<Job>),
}

impl Listed {
    /// How many files a load reads; `ids` are those of the folder.
    fn len(&self, ids: &Names) -> usize {
        match self {
            Listed::Plain(_) => ids.len(),
            Listed::Jobs(jobs) => jobs.len(),
        }
    }
}

/// The events' folder, listed: its files, the ids that have a file, and
/// the files not read for their names.
struct EventFiles {
    files: Listed,
    ids: Names,
    unread: Vec<(String, String)>,
}

/// Part of the events' files, for one thread to glance at.
enum Part<'a> {
    /// Those of the ids at the range, each opened by its name in the folder.
    Plain(&'a File, &'a Names, std::ops::Range<usize>),
    Jobs(Vec<Job>),
}

impl Part<'_> {
    /// The first half (the smaller one), and the rest.
    fn halves(self) -> (Self, Self) {
        match self {
            Part::Plain(dir, ids, range) => {
                let middle = range.start + range.len() / 2;
                (
                    Part::Plain(dir, ids, range.start..middle),
                    Part::Plain(dir, ids, middle..range.end),
                )
            }
            Part::Jobs(mut jobs) => {
                let theirs = jobs.split_off(jobs.len() / 2);
                (Part::Jobs(jobs), Part::Jobs(theirs))
            }
        }
    }
}

/// The events' folder of `dir`, listed and classified; how many files it
/// has is sent on `count` as soon as they are listed.
fn plan_events(dir: &Path, count: std::sync::mpsc::Sender<usize>) -> Option<EventFiles> {
    // The other thread may be waiting for the count: it is sent before the
    // files are sorted.
    let send = |n| {
        let _ = count.send(n);
    };
    if let Some(plain) = files::list_plain(dir, Folder::Events, send) {
        return Some(EventFiles {
            files: Listed::Plain(plain.dir),
            ids: plain.ids,
            unread: Vec::new(),
        });
    }
    let Listing {
        files,
        mut problems,
        ..
    } = files::list_dir_part(dir, &[Folder::Events], false).ok()?;
    let _ = count.send(files.len());
    let Plan {
        jobs,
        mut ids,
        mut unread,
        ..
    } = files::plan(files, &mut problems);
    Some(EventFiles {
        files: Listed::Jobs(jobs),
        ids: std::mem::take(&mut ids[Folder::Events]),
        unread: std::mem::take(&mut unread[Folder::Events]),
    })
}

/// What the rest of a dossier (its articles, issues and `dossier.toml`)
/// gives a preview, from [`glance_rest`].
struct Rest {
    /// How many of its files a load reads.
    jobs: usize,
    /// How many of them are issues.
    issue_jobs: usize,
    /// How many of them come before the events' files in a load's order
    /// (the articles and `dossier.toml`).
    before_events: usize,
    /// Each issue, its file counted as if the events' came before it.
    issues: Vec<IssueDraft>,
    meta: MetaDraft,
    ids: files::PerFolder<Names>,
    unread: files::PerFolder<Vec<(String, String)>>,
    /// The slots of the events' drafts, as many as the events' files
    /// listed, their memory touched.
    slots: Vec<Option<EventDraft>>,
}

/// The rest of the dossier in `dir` (its articles, issues and
/// `dossier.toml`), listed and glanced at on one thread while another lists
/// the events: what the events' glance needs (the issues, and the slots of
/// the events' drafts once `count` says how many files the events' folder
/// has) is sent on `ready` as soon as it is made, and the articles' front
/// matter returned. The articles are glanced at while the events' folder
/// is still listed when it is (a large folder), else while the events are
/// glanced at. `None` for a folder with no `dossier.toml`, or too small
/// for a preview (fewer than `min_entries` event and issue files): nothing
/// is glanced at then, and nothing sent.
fn glance_rest(
    dir: &Path,
    min_entries: usize,
    count: &std::sync::mpsc::Receiver<usize>,
    ready: &std::sync::mpsc::Sender<Rest>,
    later: bool,
) -> Option<RestFronts> {
    let Listing {
        files,
        mut problems,
        ..
    } = files::list_dir_part(dir, &[Folder::Articles, Folder::Issues], true).ok()?;
    let Plan {
        jobs, ids, unread, ..
    } = files::plan(files, &mut problems);
    let is_issue = |j: &Job| matches!(j.entity, Some((Folder::Issues, _)));
    let is_article = |j: &Job| matches!(j.entity, Some((Folder::Articles, _)));
    let issue_jobs = jobs.iter().filter(|j| is_issue(j)).count();
    let before_events = jobs.iter().take_while(|j| !is_issue(j)).count();
    let total = jobs.len();
    // The events are waited for only when the issues alone are too few.
    let mut events = None;
    if issue_jobs < min_entries {
        let n = count.recv().unwrap_or(0);
        if n + issue_jobs < min_entries {
            return None;
        }
        events = Some(n);
    }
    let mut meta = MetaDraft::default();
    let mut issues = Vec::with_capacity(issue_jobs);
    // Each file keeps its place in a load's order.
    let (article_jobs, others): (Vec<_>, Vec<_>) = jobs
        .into_iter()
        .enumerate()
        .partition(|(_, job)| is_article(job));
    let opener = &mut Opener::default();
    glance_each(others, opener, |file, glanced| match glanced {
        Glanced::Meta(m) => meta = m,
        Glanced::Issue(i, hash) => issues.push(IssueDraft { file, hash, ..i }),
        Glanced::Article(..) | Glanced::Event(..) | Glanced::Nothing => {}
    });
    let mut article_jobs = article_jobs.into_iter().map(|(_, job)| job);
    // The events' folder still being listed, the articles are glanced at
    // meanwhile (those left for later only until the listing ends); else
    // the events' glance is not kept waiting for them.
    let mut articles = Vec::new();
    let events = match events.or_else(|| count.try_recv().ok()) {
        Some(n) => n,
        None => {
            let mut listed = None;
            articles = glance_fronts(&mut article_jobs, opener, || {
                later && {
                    listed = count.try_recv().ok();
                    listed.is_some()
                }
            });
            listed.unwrap_or_else(|| count.recv().unwrap_or(0))
        }
    };
    ready
        .send(Rest {
            jobs: total,
            issue_jobs,
            before_events,
            issues,
            meta,
            ids,
            unread,
            slots: empty_slots(events),
        })
        .ok()?;
    if later {
        return Some(RestFronts {
            glanced: articles,
            left: article_jobs.collect(),
        });
    }
    articles.extend(glance_fronts(&mut article_jobs, opener, || false));
    Some(RestFronts {
        glanced: articles,
        left: Vec::new(),
    })
}

/// The articles' front matter a glance at the rest of a dossier found, and
/// the articles left to glance at behind the first frame.
struct RestFronts {
    glanced: Vec<ArticleDraft>,
    left: Vec<Job>,
}

/// The front matter of the articles of `jobs`, glanced at on this thread
/// until `stop` says so after one of them: the others are left in `jobs`.
fn glance_fronts(
    jobs: &mut impl Iterator<Item = Job>,
    opener: &mut Opener,
    mut stop: impl FnMut() -> bool,
) -> Vec<ArticleDraft> {
    let mut articles = Vec::new();
    BUFFER.with_borrow_mut(|buffer| {
        for job in jobs {
            if let Glanced::Article(a) = glance_at(job, buffer, opener) {
                articles.push(a);
            }
            if stop() {
                break;
            }
        }
    });
    articles
}

/// Glances at each of `jobs` (with its file's place in a load's order) on
/// this thread, and tells `found` what it found.
fn glance_each(
    jobs: Vec<(usize, Job)>,
    opener: &mut Opener,
    mut found: impl FnMut(usize, Glanced),
) {
    BUFFER.with_borrow_mut(|buffer| {
        for (file, job) in jobs {
            found(file, glance_at(job, buffer, opener));
        }
    });
}

/// Glances at the event files of `part` (the first the file at `first`),
/// each event into its slot of `slots`, its issues found in `loaded`.
fn glance_part(part: Part, first: usize, slots: &mut [Option<EventDraft>], loaded: &IssueIndex) {
    BUFFER.with_borrow_mut(|buffer| {
        let mut glance = |file: usize, id: &str, open: io::Result<File>, slot: &mut Option<_>| {
            if let Ok(open) = open
                && let Glanced::Event(e, hash) =
                    glance_entry(Folder::Events, id, open, buffer, loaded)
            {
                *slot = Some(EventDraft { file, hash, ..e });
            }
        };
        // Every event has its slot, read or not.
        match part {
            Part::Plain(dir, ids, range) => {
                let mut name = Vec::new();
                let ids = range.filter_map(|i| ids.get(i));
                for ((file, id), slot) in (first..).zip(ids).zip(slots) {
                    // The file's name, ending with a NUL byte as the system
                    // wants it.
                    name.clear();
                    name.extend_from_slice(id.as_bytes());
                    name.extend_from_slice(Folder::Events.ext().as_bytes());
                    name.push(0);
                    let open = std::ffi::CStr::from_bytes_with_nul(&name)
                        .map_err(|_| io::ErrorKind::InvalidInput.into())
                        .and_then(|name| open::open_in(dir, name));
                    glance(file, id, open, slot);
                }
            }
            Part::Jobs(jobs) => {
                let opener = &mut Opener::default();
                for ((file, job), slot) in (first..).zip(jobs).zip(slots) {
                    if let Job {
                        entity: Some((Folder::Events, id)),
                        data: Data::Disk(path),
                        ..
                    } = &job
                    {
                        glance(file, id, opener.open(path), slot);
                    }
                }
            }
        }
    });
}

fn glance_at(job: Job, buffer: &mut Vec<u8>, opener: &mut Opener) -> Glanced {
    let Job { path, entity, data } = job;
    let Some((folder, id)) = entity else {
        return match read::process(Job {
            path,
            entity: None,
            data,
        })
        .item
        {
            Item::Meta(m) => Glanced::Meta(m),
            _ => Glanced::Nothing,
        };
    };
    let Data::Disk(path) = data else {
        return Glanced::Nothing;
    };
    if folder == Folder::Articles {
        return front(&id, &path, opener).map_or(Glanced::Nothing, Glanced::Article);
    }
    let Ok(open) = opener.open(&path) else {
        return Glanced::Nothing;
    };
    glance_entry(folder, &id, open, buffer, &IssueIndex::default())
}

thread_local! {
    /// Where each thread reads the entry files it glances at: most fit.
    static BUFFER: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; GLANCE_BYTES]);
}

/// The size of the buffer an entry file is read into: one read for most
/// files (a short read is the file's end), the rest read whole.
const GLANCE_BYTES: usize = 16 * 1024;

/// A glance at the entry file open as `file`: an event's issues are found
/// in `loaded`.
fn glance_entry(
    folder: Folder,
    id: &str,
    mut file: File,
    buffer: &mut Vec<u8>,
    loaded: &IssueIndex,
) -> Glanced {
    // Kept at its size between files: only a longer file grows it (and it
    // shrinks back without being filled again).
    buffer.resize(GLANCE_BYTES, 0);
    let Ok(n) = file.read(buffer) else {
        return Glanced::Nothing;
    };
    let read = if n < GLANCE_BYTES {
        buffer.get(..n).unwrap_or_default()
    } else if file
        .take(read::MAX_FILE_BYTES as u64)
        .read_to_end(buffer)
        .is_ok()
    {
        buffer.as_slice()
    } else {
        return Glanced::Nothing;
    };
    let hash = crate::content::model::content_hash(read);
    let body = read.strip_prefix("\u{feff}".as_bytes()).unwrap_or(read);
    // The whole file, parsed, where the glance is not sure of it.
    let whole = || std::str::from_utf8(read).ok();
    match folder {
        Folder::Events => {
            let head = head::glance(body, EVENT_KEYS, "disputed").and_then(|mut g| {
                // Simple ids are found as they are in the file, and the
                // line is not parsed.
                let found = match g.line("issues") {
                    Some(line) => {
                        let mut found = Vec::new();
                        let simple = head::each_simple_item(body, line.value.clone(), |id, _| {
                            index::add_issue(&mut found, loaded, id)
                        });
                        simple.map(|()| found)
                    }
                    // Given twice: the parser's to refuse.
                    None if g.lines().any(|l| l.key == "issues") => None,
                    None => Some(Vec::new()),
                };
                if found.is_some() {
                    g.forget("issues");
                }
                let e = parse_event_head(id, body, &g, found.is_some())?;
                Some(EventDraft {
                    issue_ixs: found,
                    ..e
                })
            });
            let e =
                head.or_else(
                    || match super::parse::parse_event(id, whole()?, &mut Vec::new()) {
                        Item::Event(e) => Some(EventDraft {
                            summary: Default::default(),
                            date_note: None,
                            disputed: e.disputed.as_ref().map(|_| Default::default()),
                            sources: Vec::new(),
                            ..e
                        }),
                        _ => None,
                    },
                );
            e.map_or(Glanced::Nothing, |mut e| {
                if e.issue_ixs.is_none() {
                    let mut found = Vec::new();
                    for i in std::mem::take(&mut e.issues) {
                        index::add_issue(&mut found, loaded, i.get_ref());
                    }
                    e.issue_ixs = Some(found);
                }
                Glanced::Event(e, hash)
            })
        }
        Folder::Issues => {
            let head =
                head::glance(body, ISSUE_KEYS, "").and_then(|g| parse_issue_head(id, body, &g));
            let i =
                head.or_else(
                    || match super::parse::parse_issue(id, whole()?, &mut Vec::new()) {
                        Item::Issue(i) if i.ok => Some(IssueDraft {
                            summary: Default::default(),
                            status: None,
                            positions: Vec::new(),
                            sources: Vec::new(),
                            ..i
                        }),
                        _ => None,
                    },
                );
            i.map_or(Glanced::Nothing, |i| Glanced::Issue(i, hash))
        }
        Folder::Articles => Glanced::Nothing,
    }
}

/// An article's front matter, read from the start of its file (all of it
/// when the front matter is longer), with no text.
fn front(id: &str, path: &Path, opener: &mut Opener) -> Option<ArticleDraft> {
    let mut start = Vec::with_capacity(FRONT_BYTES);
    opener
        .open(path)
        .ok()?
        .take(FRONT_BYTES as u64)
        .read_to_end(&mut start)
        .ok()?;
    let cut = start.len() == FRONT_BYTES;
    let text = match String::from_utf8(start) {
        Ok(t) => t,
        // A character cut at the end.
        Err(e) if cut && e.utf8_error().error_len().is_none() => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).ok()?
        }
        Err(_) => return None,
    };
    let mut pending = Vec::new();
    let parsed = super::parse::parse_article(&text, &mut pending);
    let parsed = match parsed {
        Some(p) => p,
        // The front matter goes on past what was read.
        None if cut => {
            let FileOut { item, .. } = read::process(Job {
                path: String::new(),
                entity: Some((Folder::Articles, id.to_string())),
                data: Data::Disk(path.to_path_buf()),
            });
            let Item::Article(mut a) = item else {
                return None;
            };
            a.article.text = String::new().into();
            return Some(a);
        }
        None => return None,
    };
    Some(parsed.front_only(id.to_string()))
}

/// Entries of `d`, a preview of the folder `dir`, read whole ahead of the
/// rest: each entry's file parsed, the articles it cites (and the articles
/// named) read whole, its references resolved and its quotes verified as a
/// full load does. An entry that does not resolve is left out (the full
/// load reports it). Apply the patch to the same preview
/// ([`Patch::apply`]).
pub fn read_whole(dir: &Path, d: &Dossier, wanted: &[EntityRef]) -> Patch {
    // The ids of what loaded: a reference to a file that did not load is
    // taken as unknown, and the entry waits for the whole load instead.
    let ids = files::PerFolder::from_fn(|f| {
        let mut v: Names = match f {
            Folder::Events => d.events.iter().map(|e| &e.id).collect(),
            Folder::Issues => d.issues.iter().map(|i| &i.id).collect(),
            Folder::Articles => d.articles.iter().map(|a| &a.id).collect(),
        };
        v.sort_dedup();
        v
    });
    read_whole_in(dir, d, &ids, &files::PerFolder::default(), wanted)
}

/// [`read_whole`], references checked against `ids` (sorted), with the
/// files of `unread` not read for their names.
fn read_whole_in(
    dir: &Path,
    d: &Dossier,
    ids: &files::PerFolder<Names>,
    unread: &files::PerFolder<Vec<(String, String)>>,
    wanted: &[EntityRef],
) -> Patch {
    let path_of = |folder: Folder, id: &str| format!("{}/{id}{}", folder.dir(), folder.ext());
    let whole_file = |folder: Folder, id: &str| -> Item {
        let path = path_of(folder, id);
        let data = Data::Disk(dir.join(&path));
        read::process(Job {
            path,
            entity: Some((folder, id.to_string())),
            data,
        })
        .item
    };
    let mut events = Vec::new();
    let mut issues = Vec::new();
    let mut cited: Vec<String> = Vec::new();
    for &e in wanted {
        match e {
            EntityRef::Event(ix) => {
                let Some(at) = d.events.get(ix.0) else {
                    continue;
                };
                if let Item::Event(e) = whole_file(Folder::Events, &at.id) {
                    cited.extend(e.sources.iter().map(|s| s.article.get_ref().clone()));
                    events.push(e);
                }
            }
            EntityRef::Issue(ix) => {
                let Some(at) = d.issues.get(ix.0) else {
                    continue;
                };
                if let Item::Issue(i) = whole_file(Folder::Issues, &at.id) {
                    cited.extend(
                        i.sources
                            .iter()
                            .chain(i.positions.iter().flat_map(|p| &p.sources))
                            .map(|s| s.article.get_ref().clone()),
                    );
                    issues.push(i);
                }
            }
            EntityRef::Article(ix) => {
                if let Some(a) = d.articles.get(ix.0) {
                    cited.push(a.id.clone());
                }
            }
        }
    }
    cited.sort();
    cited.dedup();
    // Every article as the preview has it, those read now with their text.
    let mut models: Vec<Article> = d.articles.clone();
    let mut read_now: Vec<(Article, Option<links::ProseDraft>)> = Vec::new();
    for id in &cited {
        let Some(ix) = d.find_article(id) else {
            continue;
        };
        if let Item::Article(a) = whole_file(Folder::Articles, id)
            && a.ok
        {
            if let Some(slot) = models.get_mut(ix.0) {
                *slot = a.article.clone();
            }
            read_now.push((a.article, a.note));
        }
    }
    let known = links::Known::new(
        &ids[Folder::Events],
        &ids[Folder::Issues],
        &ids[Folder::Articles],
    );
    for d in events.iter_mut().flat_map(EventDraft::prose_mut) {
        drop(links::check(&known, "", d));
    }
    for d in issues.iter_mut().flat_map(IssueDraft::prose_mut) {
        drop(links::check(&known, "", d));
    }
    for (_, note) in &mut read_now {
        if let Some(n) = note {
            drop(links::check(&known, "", n));
        }
    }
    let places = models
        .iter()
        .map(|a| (path_of(Folder::Articles, &a.id), a.text_line))
        .collect();
    let ctx = Context::new(&models, places, ids, unread);
    drop(resolve::resolve_all(&ctx, &mut events, &mut issues));
    events.retain(|e| e.ok);
    issues.retain(|i| i.ok);
    index::patch(d, events, issues, read_now)
}
