//! What the reader has seen: for each entry read, the few facts whose change
//! is worth telling (an event's or article's date, an issue's status, the
//! sources cited), and the comparison of those with the dossier as it is now.

use std::collections::{BTreeMap, HashMap, HashSet};

use dossier_core::content::{ArticleIx, Dossier, EntityRef, EventIx, IssueIx, Source, date};

use super::{EntryId, EntryKind};

/// An entry as it was when last read.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// An event's dates or an article's publication date, as the reader shows them.
    pub date: Option<String>,
    /// An issue's status.
    pub status: Option<String>,
    /// Each source cited: the article's id and a short hash of the quote,
    /// `variety-deal#1f3a09c2`.
    pub sources: Vec<String>,
    /// Each text field that has a value: its name and a short hash of the
    /// text, `summary#1f3a09c2`. `None` in a file saved before texts were
    /// compared: such a record is upgraded ([`upgrade`]) without marking.
    pub text: Option<Vec<String>>,
}

/// What is new about an entry since it was last read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    /// Not in the dossier when it was last visited.
    New,
    Changed(Change),
}

/// How an entry changed since it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// The date before and now.
    pub date: Option<(Option<String>, Option<String>)>,
    /// The status before and now.
    pub status: Option<(Option<String>, Option<String>)>,
    /// Sources cited now that were not then.
    pub new_sources: usize,
    /// The text fields edited since, by the names the details give them
    /// (`title`, `summary`, `date note`, `dispute`).
    pub text: Vec<&'static str>,
}

impl Change {
    fn is_empty(&self) -> bool {
        self.date.is_none()
            && self.status.is_none()
            && self.new_sources == 0
            && self.text.is_empty()
    }

    /// One line per change, for the details pane.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".into());
        if let Some((was, now)) = &self.date {
            out.push(format!("date: was {}, now {}", or_none(was), or_none(now)));
        }
        if let Some((was, now)) = &self.status {
            out.push(format!("status was: {}", or_none(was)));
            out.push(format!("status now: {}", or_none(now)));
        }
        match self.text.as_slice() {
            [] => {}
            [one] => out.push(format!("{one} changed")),
            [rest @ .., last] => out.push(format!("{} and {last} changed", rest.join(", "))),
        }
        match self.new_sources {
            0 => {}
            n => out.push(dossier_core::text::count(n, "new source")),
        }
        out
    }
}

/// The marks of a whole dossier, and which have been read since; the
/// counts are of those not read.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub of: HashMap<EntityRef, Mark>,
    /// Marked entries read since the marks were made.
    pub read: HashSet<EntityRef>,
    pub new: usize,
    pub changed: usize,
}

impl Marks {
    /// An entry's mark, read or not (the details still say what changed).
    pub fn get(&self, e: EntityRef) -> Option<&Mark> {
        self.of.get(&e)
    }

    /// An entry's mark while it is not read.
    pub fn unread(&self, e: EntityRef) -> Option<&Mark> {
        self.of.get(&e).filter(|_| !self.read.contains(&e))
    }

    /// `3 new, 2 changed`, or nothing when there is neither.
    pub fn summary(&self) -> Option<String> {
        match (self.new, self.changed) {
            (0, 0) => None,
            (n, 0) => Some(format!("{n} new")),
            (0, c) => Some(format!("{c} changed")),
            (n, c) => Some(format!("{n} new, {c} changed")),
        }
    }

    /// An entry has just been read: its mark no longer counts.
    pub fn mark_read(&mut self, e: EntityRef) {
        if self.read.contains(&e) {
            return;
        }
        match self.of.get(&e) {
            Some(Mark::New) => self.new -= 1,
            Some(Mark::Changed(_)) => self.changed -= 1,
            None => return,
        }
        self.read.insert(e);
    }
}

fn short_hash(s: &str) -> u32 {
    // FNV-1a: stable across runs and versions, unlike std's hasher.
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn sources(d: &Dossier, sources: &[Source]) -> Vec<String> {
    sources
        .iter()
        .map(|s| {
            let article = d.articles.get(s.article.0).map_or("", |a| a.id.as_str());
            format!("{article}#{:08x}", short_hash(&s.quote))
        })
        .collect()
}

/// The text fields compared, by their names in the file and in the details.
const TEXT_FIELDS: [(&str, &str); 4] = [
    ("title", "title"),
    ("summary", "summary"),
    ("date-note", "date note"),
    ("disputed", "dispute"),
];

/// `name#hash` for each text field that has a value.
fn texts(fields: &[(&'static str, Option<&str>)]) -> Vec<String> {
    fields
        .iter()
        .filter_map(|(name, t)| t.map(|t| format!("{name}#{:08x}", short_hash(t))))
        .collect()
}

/// An entry as it is now.
pub fn record(d: &Dossier, e: EntityRef) -> Option<Record> {
    Some(match e {
        EntityRef::Event(i) => {
            let ev = d.events.get(i.0)?;
            Record {
                date: Some(date_fingerprint(ev)),
                status: None,
                sources: sources(d, &ev.sources),
                text: Some(texts(&[
                    ("title", Some(&ev.title)),
                    ("summary", Some(&ev.summary)),
                    ("date-note", ev.date_note.as_deref()),
                    ("disputed", ev.disputed.as_deref()),
                ])),
            }
        }
        EntityRef::Issue(i) => {
            let is = d.issues.get(i.0)?;
            let mut all = sources(d, &is.sources);
            for p in &is.positions {
                all.extend(sources(d, &p.sources));
            }
            Record {
                date: None,
                status: is.status.as_deref().map(str::to_string),
                sources: all,
                text: Some(texts(&[
                    ("title", Some(&is.title)),
                    ("summary", Some(&is.summary)),
                ])),
            }
        }
        EntityRef::Article(i) => {
            let a = d.articles.get(i.0)?;
            Record {
                date: a.published.map(|p| p.to_string()),
                status: None,
                sources: Vec::new(),
                text: Some(texts(&[("title", Some(&a.title))])),
            }
        }
    })
}

/// The text fields that differ between two lists of `name#hash`, by the
/// names the details give them.
fn changed_texts(was: &[String], now: &[String]) -> Vec<&'static str> {
    let hash_of = |list: &[String], name: &str| {
        list.iter()
            .find(|t| t.split_once('#').is_some_and(|(n, _)| n == name))
            .cloned()
    };
    TEXT_FIELDS
        .iter()
        .filter(|(name, _)| hash_of(was, name) != hash_of(now, name))
        .map(|(_, shown)| *shown)
        .collect()
}

/// Records saved before texts were compared take the texts as they are
/// now: nothing is marked for them, and an edit from now on is.
/// Whether any record was upgraded (and so is worth saving).
pub fn upgrade(seen: &mut BTreeMap<EntryId, Record>, d: &Dossier) -> bool {
    if seen.values().all(|r| r.text.is_some()) {
        return false;
    }
    for e in entries(d) {
        let Some(id) = EntryId::of(d, e) else {
            continue;
        };
        if let Some(r) = seen.get_mut(&id)
            && r.text.is_none()
        {
            r.text = record(d, e).and_then(|now| now.text);
        }
    }
    true
}

/// Every entry of a dossier.
pub fn entries(d: &Dossier) -> impl Iterator<Item = EntityRef> + '_ {
    (0..d.events.len())
        .map(|i| EntityRef::Event(EventIx(i)))
        .chain((0..d.issues.len()).map(|i| EntityRef::Issue(IssueIx(i))))
        .chain((0..d.articles.len()).map(|i| EntityRef::Article(ArticleIx(i))))
}

/// The checksums that tell, at a start, that nothing changed since what
/// was seen: of the records seen for the entries of the dossier, in the
/// order of [`entries`], as the cache's copy of that dossier holds its
/// records ([`records_checksum`]), and of the entries' kinds and ids in
/// that order ([`ids_checksum`]; a record carries no id, so a renamed
/// entry would otherwise pass for one seen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checksums {
    pub records: u64,
    pub ids: u64,
}

impl Checksums {
    /// Those of `seen` for the entries of `d`; none when `seen` also holds
    /// entries `d` does not have (removed since), so that checksums that
    /// match the dossier's say that what was seen is exactly each entry's
    /// record as it is now ([`baseline`]), and can stand for it.
    pub fn of(seen: &BTreeMap<EntryId, Record>, d: &Dossier) -> Option<Checksums> {
        let by_kind = by_kind(seen);
        let projected: Vec<Option<&Record>> = entries(d)
            .map(|e| {
                let (kind, id) = kind_and_id(d, e)?;
                by_kind.get(&(kind, id)).copied()
            })
            .collect();
        // Entries of one kind and id are one key: each record found once.
        let found = projected.iter().flatten().count();
        (found == seen.len()).then(|| Checksums {
            records: records_checksum(&projected),
            ids: ids_checksum(d),
        })
    }
}

/// What was seen, by kind and id: looked up without building an id per
/// entry, hashed as the loader hashes ids (quicker than SipHash: at 100,000
/// entries a start waits on every one).
fn by_kind(
    seen: &BTreeMap<EntryId, Record>,
) -> dossier_core::content::ids::IdMap<(EntryKind, &str), &Record> {
    seen.iter()
        .map(|(k, r)| ((k.kind, k.id.as_str()), r))
        .collect()
}

/// The kind and id of entry `e` of `d`.
fn kind_and_id(d: &Dossier, e: EntityRef) -> Option<(EntryKind, &str)> {
    Some(match e {
        EntityRef::Event(i) => (EntryKind::Event, d.events.get(i.0)?.id.as_str()),
        EntityRef::Issue(i) => (EntryKind::Issue, d.issues.get(i.0)?.id.as_str()),
        EntityRef::Article(i) => (EntryKind::Article, d.articles.get(i.0)?.id.as_str()),
    })
}

/// The checksum of records as the cache writes them: the cache's header
/// holds it for the records of its copy.
pub fn records_checksum<R: serde::Serialize>(records: &[Option<R>]) -> u64 {
    crate::hashing::of_part(&records)
}

/// The checksum of every entry's kind and id, in the order of [`entries`].
pub fn ids_checksum(d: &Dossier) -> u64 {
    // Gathered, then hashed at once: the same checksum as hashing each
    // piece in turn, in a tenth of the time (at 100,000 entries a start
    // waits on it).
    let mut all = Vec::with_capacity((d.events.len() + d.issues.len() + d.articles.len()) * 24);
    for (kind, id) in entries(d).filter_map(|e| kind_and_id(d, e)) {
        all.extend_from_slice(kind.name().as_bytes());
        all.push(b':');
        all.extend_from_slice(id.as_bytes());
        all.push(b'\n');
    }
    xxhash_rust::xxh3::xxh3_64(&all)
}

/// The first visit: every entry as it is now counts as seen.
pub fn baseline(d: &Dossier) -> BTreeMap<EntryId, Record> {
    baseline_from(d, records(d))
}

/// [`baseline`] from the records of `now` (from [`records`] for this very
/// dossier; made again if they are not one per entry).
pub fn baseline_from(d: &Dossier, now: Vec<Option<Record>>) -> BTreeMap<EntryId, Record> {
    let now = if now.len() == entries(d).count() {
        now
    } else {
        records(d)
    };
    entries(d)
        .zip(now)
        .filter_map(|(e, r)| Some((EntryId::of(d, e)?, r?)))
        .collect()
}

/// What changed in one entry since `was`.
fn compare(was: &Record, now: &Record) -> Change {
    Change {
        date: (was.date != now.date).then(|| (was.date.clone(), now.date.clone())),
        status: (was.status != now.status).then(|| (was.status.clone(), now.status.clone())),
        new_sources: now
            .sources
            .iter()
            .filter(|s| !was.sources.contains(s))
            .count(),
        // A record saved before texts were compared has none to compare.
        text: match (&was.text, &now.text) {
            (Some(was), Some(now)) => changed_texts(was, now),
            _ => Vec::new(),
        },
    }
}

/// The marks of every entry of `d` against what was seen.
pub fn marks(seen: &BTreeMap<EntryId, Record>, d: &Dossier) -> Marks {
    marks_with(seen, d, None)
}

/// Every entry's record as it is now, in the order of [`entries`]: what a
/// start compares the seen records with, kept with the cache of loaded
/// dossiers so that a start from the cache need not make them again.
pub fn records(d: &Dossier) -> Vec<Option<Record>> {
    on_two_threads(d, |e| Some(record(d, e)))
}

/// [`marks`], with the records of `now` (from [`records`] for this very
/// dossier) instead of making them again.
pub fn marks_with(
    seen: &BTreeMap<EntryId, Record>,
    d: &Dossier,
    now: Option<&[Option<Record>]>,
) -> Marks {
    let now = now.filter(|n| n.len() == entries(d).count());
    let mut marks = Marks::default();
    let by_kind = by_kind(seen);
    let position = |e: EntityRef| match e {
        EntityRef::Event(i) => i.0,
        EntityRef::Issue(i) => d.events.len() + i.0,
        EntityRef::Article(i) => d.events.len() + d.issues.len() + i.0,
    };
    let mark_of = |e: EntityRef| -> Option<(EntityRef, Mark)> {
        let (kind, id) = kind_and_id(d, e)?;
        let mark = match by_kind.get(&(kind, id)) {
            None => Mark::New,
            Some(was) => {
                let made;
                let now = match now {
                    Some(all) => all.get(position(e))?.as_ref()?,
                    None => {
                        made = record(d, e)?;
                        &made
                    }
                };
                let change = compare(was, now);
                if change.is_empty() {
                    return None;
                }
                Mark::Changed(change)
            }
        };
        Some((e, mark))
    };
    for (e, mark) in on_two_threads(d, mark_of) {
        match mark {
            Mark::New => marks.new += 1,
            Mark::Changed(_) => marks.changed += 1,
        }
        marks.of.insert(e, mark);
    }
    marks
}

/// `f` of every entry of `d`, in order, half of them on a second thread
/// for a large dossier: a start waits on this for every entry.
fn on_two_threads<T: Send>(d: &Dossier, f: impl Fn(EntityRef) -> Option<T> + Sync) -> Vec<T> {
    let all: Vec<EntityRef> = entries(d).collect();
    dossier_core::parallel::map_in_halves(all, 2048, f)
        .into_iter()
        .flatten()
        .collect()
}

/// What an event's date is compared by between visits: for a date of the
/// forms that existed before ranges and qualifiers (a day, a month or a
/// year, with or without `end`), exactly the words state files have always
/// kept, so a new wording of the same date marks nothing as changed; for the
/// newer forms, the date as written (EDTF) with its weekday.
fn date_fingerprint(ev: &dossier_core::content::Event) -> String {
    let d = ev.date;
    if d.to.is_none() && d.qualifier.is_none() && ev.weekday.is_none() {
        return date::format_span(d.from, ev.end);
    }
    let mut s = d.edtf();
    if let Some(end) = ev.end {
        s.push_str(&format!("/{}", end.iso()));
    }
    if let Some(w) = ev.weekday {
        s.push_str(&format!(" {}", date::weekday_name(w)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ids_checksum_is_of_one_line_per_entry_kind_and_id() {
        let d = bundled();
        let mut lines = String::new();
        for e in entries(&d) {
            let id = EntryId::of(&d, e).expect("an id");
            lines.push_str(&format!("{}:{}\n", id.kind.name(), id.id));
        }
        assert!(lines.starts_with("event:"), "{lines}");
        assert_eq!(
            ids_checksum(&d),
            xxhash_rust::xxh3::xxh3_64(lines.as_bytes())
        );
    }

    #[test]
    fn an_edited_text_is_marked_by_name_and_an_old_record_is_upgraded_unmarked() {
        let d = bundled();
        let base = baseline(&d);
        // Each text field edited, one at a time.
        type Edit = fn(&mut Dossier);
        let edits: [(&str, Edit); 4] = [
            ("title changed", |d| d.events[0].title.push('!')),
            ("summary changed", |d| {
                d.events[0].summary = format!("{}!", d.events[0].summary.as_str()).into();
            }),
            ("date note changed", |d| {
                d.events[0].date_note = Some("a new note".into());
            }),
            ("dispute changed", |d| {
                d.events[0].disputed = Some("now disputed".into());
            }),
        ];
        for (said, edit) in edits {
            let mut now = d.clone();
            edit(&mut now);
            let m = marks(&base, &now);
            assert_eq!(m.changed, 1, "{said}");
            let Some(Mark::Changed(c)) = m.get(EntityRef::Event(EventIx(0))) else {
                panic!("{said}: not marked");
            };
            assert_eq!(c.lines(), [said]);
        }
        // An issue's summary.
        let mut now = d.clone();
        now.issues[1].summary = format!("{}!", now.issues[1].summary.as_str()).into();
        let m = marks(&base, &now);
        let Some(Mark::Changed(c)) = m.get(EntityRef::Issue(IssueIx(1))) else {
            panic!("the issue is not marked");
        };
        assert_eq!(c.lines(), ["summary changed"]);
        // A record saved before texts were compared (no `text`), against an
        // edited dossier: upgraded, nothing marked; an edit after is.
        let mut old = base.clone();
        old.values_mut().for_each(|r| r.text = None);
        let mut edited = d.clone();
        edited.events[0].summary = format!("{}!", edited.events[0].summary.as_str()).into();
        assert!(upgrade(&mut old, &edited));
        assert_eq!(marks(&old, &edited).changed, 0);
        assert!(!upgrade(&mut old, &edited));
        edited.events[0].summary = format!("{}?", edited.events[0].summary.as_str()).into();
        assert_eq!(marks(&old, &edited).changed, 1);
        // The date's wording is what it always was.
        let e = &d.events[0];
        assert_eq!(
            record(&d, EntityRef::Event(EventIx(0))).and_then(|r| r.date),
            Some(date::format_span(e.date.from, e.end))
        );
    }

    fn bundled() -> Dossier {
        crate::bundled::load_bundled()
    }

    #[test]
    fn nothing_is_new_against_its_own_baseline() {
        let d = bundled();
        let base = baseline(&d);
        assert_eq!(
            base.len(),
            d.events.len() + d.issues.len() + d.articles.len()
        );
        let m = marks(&base, &d);
        assert_eq!((m.new, m.changed), (0, 0));
        assert_eq!(m.summary(), None);
    }

    #[test]
    fn new_entries_and_changed_status_date_and_sources_are_told() {
        let d = bundled();
        let mut base = baseline(&d);
        // One event unknown, an issue whose status was different, an event
        // with one source fewer and another date.
        let ev0 = EntryId::of(&d, EntityRef::Event(EventIx(0))).unwrap();
        base.remove(&ev0);
        let issue = EntryId::of(&d, EntityRef::Issue(IssueIx(0))).unwrap();
        base.get_mut(&issue).unwrap().status = Some("Open".into());
        let ev1 = EntryId::of(&d, EntityRef::Event(EventIx(1))).unwrap();
        let r = base.get_mut(&ev1).unwrap();
        r.sources.pop();
        r.date = Some("1 Jan 2020".into());
        let m = marks(&base, &d);
        assert_eq!((m.new, m.changed), (1, 2));
        assert_eq!(m.summary().as_deref(), Some("1 new, 2 changed"));
        assert_eq!(m.get(EntityRef::Event(EventIx(0))), Some(&Mark::New));
        let Some(Mark::Changed(c)) = m.get(EntityRef::Issue(IssueIx(0))) else {
            panic!("issue not changed")
        };
        assert_eq!(c.status.as_ref().unwrap().0.as_deref(), Some("Open"));
        assert_eq!(
            c.status.as_ref().unwrap().1.as_deref(),
            d.issues[0].status.as_deref()
        );
        let lines = c.lines();
        assert_eq!(lines[0], "status was: Open");
        let Some(Mark::Changed(c)) = m.get(EntityRef::Event(EventIx(1))) else {
            panic!("event not changed")
        };
        assert_eq!(c.new_sources, 1);
        assert!(c.lines()[0].starts_with("date: was 1 Jan 2020, now "));
        let mut m = m;
        m.mark_read(EntityRef::Event(EventIx(0)));
        m.mark_read(EntityRef::Event(EventIx(0)));
        assert_eq!(m.summary().as_deref(), Some("2 changed"));
        assert_eq!(m.unread(EntityRef::Event(EventIx(0))), None);
        assert_eq!(m.get(EntityRef::Event(EventIx(0))), Some(&Mark::New));
    }

    #[test]
    fn records_made_once_give_the_same_baseline_and_marks() {
        let d = bundled();
        let now = records(&d);
        assert_eq!(now.len(), entries(&d).count());
        assert_eq!(baseline_from(&d, now.clone()), baseline(&d));
        // What was seen: one entry missing, one with another date and text.
        let mut seen = baseline(&d);
        let first = seen.keys().next().cloned().expect("an entry");
        seen.remove(&first);
        if let Some(r) = seen.values_mut().nth(3) {
            r.date = Some("another day".into());
            r.text = Some(vec!["title#00000000".into()]);
        }
        let made = marks(&seen, &d);
        let given = marks_with(&seen, &d, Some(&now));
        assert_eq!((given.new, given.changed), (made.new, made.changed));
        assert_eq!(given.of, made.of);
        assert_eq!((made.new, made.changed), (1, 1));
        // Records that do not fit the dossier are made again.
        let fewer = &now[1..];
        assert_eq!(marks_with(&seen, &d, Some(fewer)).of, made.of);
    }
}
