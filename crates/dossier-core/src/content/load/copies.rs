//! Entries copied under a new id and left unchanged: an event or an issue
//! whose title, date and sources repeat another's. The timeline would show
//! the same thing twice, so each copy gets a warning naming both files.
//!
//! Dates are compared by meaning, not spelling: the EDTF form of the date
//! (`2025-03-04?`, `[2025-03-04..2025-03-20]`), the end's ISO form, the
//! bounds the date and weekday give, and the events it is placed `after` and
//! `before` (from which the rest of its bounds are derived). Sources are
//! compared by the passage they resolve to, in any order.

use std::collections::HashMap;

use super::super::code::Code;
use super::super::date::Bounds;
use super::super::draft::{EventDraft, IssueDraft, SourceDraft};
use super::super::pending::whole_file_warning;
use super::super::problem::Problem;

/// What identifies a citation: the article, and the passage it resolves to
/// (or, unresolved, the quote as written with its occurrence).
type SourceKey = (String, String);

fn source_keys(sources: &[SourceDraft]) -> Vec<SourceKey> {
    let mut keys: Vec<SourceKey> = sources
        .iter()
        .map(|s| {
            let place = match &s.resolved {
                Some((_, span)) => format!("{}..{}", span.start, span.end),
                None => format!(
                    "{}#{}",
                    s.quote.get_ref(),
                    s.occurrence.as_ref().map_or(1, |o| *o.get_ref())
                ),
            };
            (s.article.get_ref().clone(), place)
        })
        .collect();
    keys.sort();
    keys
}

/// The events an event is said to come after and before, sorted: a copy
/// left unchanged keeps them, an event placed elsewhere does not.
fn relations(e: &EventDraft) -> (Vec<String>, Vec<String>) {
    let ids = |list: &[toml::Spanned<String>]| {
        let mut v: Vec<String> = list.iter().map(|r| r.get_ref().clone()).collect();
        v.sort();
        v
    };
    (ids(&e.after), ids(&e.before))
}

/// A title compared as a reader sees it: runs of whitespace folded.
fn title_key(title: &str) -> String {
    title.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A hash of what [`title_key`] and [`source_keys`] compare, made without
/// building them: entries whose keys are equal have equal fingerprints, so
/// an entry whose fingerprint no other entry has repeats none, and only the
/// others (almost always none) have their whole keys built and compared.
fn fingerprint(title: &str, sources: &[SourceDraft]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    // Hashed as they are read, with no copy: this runs for every entry.
    let state = foldhash::fast::FixedState::with_seed(0x5eed);
    let mut h = state.build_hasher();
    for word in title.split_whitespace() {
        h.write(word.as_bytes());
        h.write_u8(0);
    }
    // Sources in any order: a sum of each one's hash.
    let sum = sources.iter().fold(0u64, |sum, s| {
        let mut one = state.build_hasher();
        one.write(s.article.get_ref().as_bytes());
        match &s.resolved {
            Some((_, span)) => {
                one.write_u8(1);
                one.write_u64(span.start as u64);
                one.write_u64(span.end as u64);
            }
            None => {
                one.write_u8(2);
                one.write(s.quote.get_ref().as_bytes());
                let n = s.occurrence.as_ref().map_or(1, |o| *o.get_ref());
                one.write_u64(n as u64);
            }
        }
        sum.wrapping_add(one.finish())
    });
    h.write_u64(sum);
    h.write_u64(sources.len() as u64);
    h.finish()
}

/// The items whose fingerprint another item shares, in their order: only
/// they can repeat one another (usually none, so only they are sorted).
fn shared<T>(items: Vec<T>, fingerprint: impl Fn(&T) -> u64) -> Vec<T> {
    let prints: Vec<u64> = items.iter().map(fingerprint).collect();
    let mut count: crate::content::ids::IdMap<u64, u32> =
        crate::content::ids::IdMap::with_capacity_and_hasher(prints.len(), Default::default());
    for p in &prints {
        *count.entry(*p).or_default() += 1;
    }
    items
        .into_iter()
        .zip(prints)
        .filter(|(_, p)| count.get(p) > Some(&1))
        .map(|(item, _)| item)
        .collect()
}

/// Warnings for the events and issues that repeat an earlier one (in the
/// order of their paths), each naming the file it repeats.
pub(super) fn check(
    events: &[EventDraft],
    issues: &[IssueDraft],
    paths: &[String],
) -> Vec<Problem> {
    type EventKey = (
        String,
        String,
        Option<String>,
        Option<Bounds>,
        [Vec<String>; 2],
        Vec<SourceKey>,
        (Vec<String>, Vec<String>),
    );
    let ids = |list: &[toml::Spanned<String>]| {
        let mut ids: Vec<String> = list.iter().map(|s| s.get_ref().clone()).collect();
        ids.sort();
        ids
    };
    let mut problems = Vec::new();
    let path = |file: usize| paths.get(file).map(String::as_str);

    let candidates: Vec<(&str, &EventDraft)> = events
        .iter()
        .filter(|e| !e.sources.is_empty() && !e.title.trim().is_empty())
        .filter_map(|e| Some((path(e.file)?, e)))
        .collect();
    let mut by_path = shared(candidates, |(_, e)| fingerprint(&e.title, &e.sources));
    by_path.sort_by_key(|(p, _)| *p);
    let mut seen: HashMap<EventKey, &str> = HashMap::new();
    for (p, e) in by_path {
        let Some(date) = &e.date else { continue };
        let key = (
            title_key(&e.title),
            date.edtf(),
            e.end.map(|d| d.iso()),
            Bounds::own(date, e.weekday.map(|(w, _)| w)),
            [ids(&e.after), ids(&e.before)],
            source_keys(&e.sources),
            relations(e),
        );
        match seen.get(&key) {
            Some(first) => problems.push(copied(p, first, "event", "title, date and sources")),
            None => {
                seen.insert(key, p);
            }
        }
    }

    let candidates: Vec<(&str, &IssueDraft)> = issues
        .iter()
        .filter(|i| !i.sources.is_empty() && !i.title.trim().is_empty())
        .filter_map(|i| Some((path(i.file)?, i)))
        .collect();
    let mut by_path = shared(candidates, |(_, i)| fingerprint(&i.title, &i.sources));
    by_path.sort_by_key(|(p, _)| *p);
    let mut seen: HashMap<(String, Vec<SourceKey>), &str> = HashMap::new();
    for (p, i) in by_path {
        let key = (title_key(&i.title), source_keys(&i.sources));
        match seen.get(&key) {
            Some(first) => problems.push(copied(p, first, "issue", "title and sources")),
            None => {
                seen.insert(key, p);
            }
        }
    }
    problems
}

fn copied(path: &str, first: &str, what: &str, same: &str) -> Problem {
    let mut p = whole_file_warning(
        Code::CopiedEntry,
        path,
        &format!("this {what} repeats `{first}`: the same {same} under another id"),
    );
    p.help = Some(format!(
        "a copied file left unchanged shows the same {what} twice: change what differs, or delete one of `{path}` and `{first}`"
    ));
    p
}
