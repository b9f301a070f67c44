//! Loading a dossier, by stage: [`files`] lists the folder and classifies
//! its paths, [`read`] reads each file and has [`parse`] turn it into a
//! draft (on two threads), [`resolve`] resolves references and quotes (again
//! on two threads), the relations between dates are checked ([`order`](super::order)), and [`index`](super::index)
//! builds the model and its derived links once. This module only sequences
//! the stages and gathers their problems; the drafts they pass along live in
//! [`draft`](super::draft), so no stage imports this module back.

// Input decides every index here: reach values with `get`, or where an index
// is proven in range say why where it is allowed.
#![deny(clippy::indexing_slicing)]

mod copies;
mod files;
mod head;
mod open;
mod parse;
mod preview;
mod read;
mod resolve;
mod sides;
mod sources;
mod toml_errors;

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use super::code::Code;
use super::draft::{Item, MetaDraft};
use super::links::{self, ProseDraft};
use super::model::{Article, Dossier};
use super::pending::{Pending, locate, whole_file_warning};
use super::problem::Problem;
use super::stamp::Stamps;
use super::{index, order};
use files::{Data, Folder, Listing, Plan};
use resolve::Context;

pub use files::{fixed_id, is_valid_id};
pub use preview::{
    Focus, Fronts, LaterFronts, List, Patch, Preview, preview_dir, preview_dir_first, read_whole,
};
pub use read::MAX_FILE_BYTES;

/// Loads the dossier in folder `dir`.
pub fn load_dir(dir: &Path) -> Dossier {
    match files::list_dir(dir) {
        Ok(listing) => load_entries(listing, false, None).0,
        Err(problem) => failed(problem),
    }
}

/// Loads the dossier in folder `dir` as [`load_dir`] does, with the stamps of
/// the files as they were read. No stamps when they could not tell a change:
/// a file that could not be read, a link out of the folder, a name that is
/// not UTF-8, or a system without change times.
pub fn load_dir_stamped(dir: &Path) -> (Dossier, Option<Stamps>) {
    match files::list_dir(dir) {
        Ok(listing) => load_entries(listing, true, None),
        Err(problem) => (failed(problem), None),
    }
}

/// [`load_dir_stamped`], telling `progress` what it has done so far: the
/// rest of a dossier a [`preview_dir`] showed first.
pub fn load_dir_counted(dir: &Path, progress: Arc<Progress>) -> (Dossier, Option<Stamps>) {
    match files::list_dir(dir) {
        Ok(listing) => load_entries(listing, true, Some(progress)),
        Err(problem) => (failed(problem), None),
    }
}

/// What a load ([`load_dir_counted`]) has done so far, for another thread
/// to show while it goes on: the files it has read, and the problems it
/// has found that the whole dossier will hold as they are.
///
/// Those are the problems of the listing (a badly named file) and of each
/// file on its own (its TOML, its fields, its dates), found as each file is
/// parsed. The problems that depend on other files (an unknown id, a quote
/// not in its article, a copy, an order that cannot hold) are found once
/// every file is read, and come with the whole dossier.
#[derive(Debug, Default)]
pub struct Progress {
    read: AtomicUsize,
    found: Mutex<Vec<Problem>>,
    /// How many problems `found` holds, read without the lock.
    count: AtomicUsize,
}

impl Progress {
    /// How many files have been read and parsed.
    pub fn read(&self) -> usize {
        self.read.load(Ordering::Relaxed)
    }

    /// How many problems have been found so far.
    pub fn found_count(&self) -> usize {
        self.count.load(Ordering::Acquire)
    }

    /// The problems found so far, in the order the whole dossier lists
    /// them (by file, then place).
    pub fn found(&self) -> Vec<Problem> {
        let mut found = self
            .found
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        found.sort_by(by_place);
        found
    }

    fn add(&self, problems: &[Problem]) {
        if problems.is_empty() {
            return;
        }
        let mut found = self.found.lock().unwrap_or_else(PoisonError::into_inner);
        found.extend_from_slice(problems);
        self.count.store(found.len(), Ordering::Release);
    }

    /// Counts one file read, with the problems found in it on its own:
    /// what a load calls as it goes (public for a loader of one's own, and
    /// for tests of what shows the progress).
    pub fn file_read(&self, problems: &[Problem]) {
        self.add(problems);
        self.read.fetch_add(1, Ordering::Relaxed);
    }
}

/// The order a dossier lists its problems in: by file, then place (a
/// stable sort keeps the order they were found in for the same place).
fn by_place(a: &Problem, b: &Problem) -> std::cmp::Ordering {
    (a.path.as_str(), a.position).cmp(&(b.path.as_str(), b.position))
}

/// Loads a dossier from in-memory files: `(relative path with '/', contents)`.
pub fn load_files(files: Vec<(String, Vec<u8>)>) -> Dossier {
    match files::list_mem(files) {
        Ok(listing) => load_entries(listing, false, None).0,
        Err(problem) => failed(problem),
    }
}

/// A dossier with nothing loaded and one problem saying why.
fn failed(problem: Problem) -> Dossier {
    Dossier {
        problems: vec![problem],
        ..Dossier::default()
    }
}

fn load_entries(
    listing: Listing,
    stamp: bool,
    progress: Option<Arc<Progress>>,
) -> (Dossier, Option<Stamps>) {
    let Listing {
        files: entries,
        mut problems,
        ..
    } = listing;
    // Every listed path, and whether it is read; none when stamps cannot tell.
    let mut listed: Option<Vec<(String, bool)>> = (stamp && problems.is_empty())
        .then(|| {
            entries
                .iter()
                .map(|(p, data)| match data {
                    Data::Disk(_) => Some((p.clone(), files::is_read(p))),
                    Data::Mem(_) | Data::Outside => None,
                })
                .collect()
        })
        .flatten();
    let mut read_stamps = Vec::new();
    let Plan {
        jobs,
        mut ids,
        mut incomplete,
        unread,
    } = files::plan(entries, &mut problems);
    if let Some(p) = &progress {
        p.add(&problems);
    }

    let files = jobs.len();
    let outs = read::read_and_parse(jobs, progress);

    let mut meta = MetaDraft::default();
    // Sized from the file counts: growing by doubling would briefly hold
    // two copies of the drafts, the largest allocation of a big load.
    let [articles_n, events_n, issues_n] = Folder::ALL.map(|f| ids[f].len());
    let mut articles = Vec::with_capacity(articles_n);
    let mut events = Vec::with_capacity(events_n);
    let mut issues = Vec::with_capacity(issues_n);
    let mut texts = Vec::with_capacity(files);
    let mut paths = Vec::with_capacity(files);
    for (file, out) in outs.enumerate() {
        problems.extend(out.problems);
        if listed.is_some() {
            match out.stamp {
                Some(s) => read_stamps.push(s),
                None => listed = None,
            }
        }
        match out.item {
            Item::Meta(m) => meta = m,
            Item::Article(a) => articles.push((out.path.clone(), a)),
            Item::Event(mut e) => {
                e.file = file;
                e.hash = out.hash.unwrap_or_default();
                events.push(e);
            }
            Item::Issue(mut i) => {
                i.file = file;
                i.hash = out.hash.unwrap_or_default();
                issues.push(i);
            }
            Item::Failed => {
                if let Some((folder, _)) = &out.entity {
                    incomplete[*folder] = true;
                }
            }
        }
        texts.push(out.text);
        paths.push(out.path);
    }

    // Ids borrowed from the drafts, not copied: there are tens of thousands.
    let cited: crate::content::ids::IdSet<&str> = events
        .iter()
        .flat_map(|e| &e.sources)
        .chain(issues.iter().flat_map(|i| &i.sources))
        .chain(
            issues
                .iter()
                .flat_map(|i| &i.positions)
                .flat_map(|p| &p.sources),
        )
        .map(|s| s.article.get_ref().as_str())
        .collect();
    // Articles never fail later than phase one, so their indices are final now.
    let uncited: Vec<(String, String)> = articles
        .iter()
        .filter(|(_, a)| !cited.contains(a.article.id.as_str()))
        .map(|(p, a)| (p.clone(), a.article.id.clone()))
        .collect();
    drop(cited);
    articles.retain(|(_, a)| a.ok);
    articles.sort_by(|a, b| a.1.article.id.cmp(&b.1.article.id));
    let article_places = articles
        .iter()
        .map(|(p, a)| (p.clone(), a.article.text_line))
        .collect();
    for f in Folder::ALL {
        ids[f].sort_dedup();
    }
    // Links in prose, checked against every id that has a file.
    let mut article_notes: Vec<Option<ProseDraft>> = Vec::with_capacity(articles.len());
    {
        let known = links::Known::new(
            &ids[Folder::Events],
            &ids[Folder::Issues],
            &ids[Folder::Articles],
        );
        let mut check = |path: &str, d: &mut ProseDraft| {
            if !d.refs.is_empty() {
                problems.extend(links::check(&known, path, d));
            }
        };
        if let Some(d) = &mut meta.description {
            check("dossier.toml", d);
        }
        for (path, a) in &mut articles {
            if let Some(d) = &mut a.note {
                check(path, d);
            }
        }
        for e in &mut events {
            let path = paths.get(e.file).map_or("", String::as_str);
            e.prose_mut().for_each(|d| check(path, d));
        }
        for i in &mut issues {
            let path = paths.get(i.file).map_or("", String::as_str);
            i.prose_mut().for_each(|d| check(path, d));
        }
    }
    let articles: Vec<Article> = articles
        .into_iter()
        .map(|(_, a)| {
            article_notes.push(a.note);
            a.article
        })
        .collect();
    let (mut later, unknown) = {
        let ctx = Context::new(&articles, article_places, &ids, &unread);
        resolve::resolve_all(&ctx, &mut events, &mut issues)
    };
    later.extend(order::check(&mut events, &paths, &texts));
    problems.extend(copies::check(&events, &issues, &paths));

    // Warnings that depend on every other file: only when every file that
    // could change them has loaded and every reference in them resolved, so
    // that a broken file or a mistyped id causes no echoes.
    let events_complete = !incomplete[Folder::Events] && !unknown.issue_in_event;
    let issues_complete = !incomplete[Folder::Issues];
    if events_complete {
        let touched: crate::content::ids::IdSet<&str> = events
            .iter()
            .flat_map(|e| &e.issues)
            .map(|i| i.get_ref().as_str())
            .collect();
        for i in issues.iter().filter(|i| !touched.contains(i.id.as_str())) {
            if let Some(path) = paths.get(i.file) {
                problems.push(whole_file_warning(
                    Code::IssueUntouched,
                    path,
                    "no event touches this issue",
                ));
            }
        }
    }
    if events_complete && issues_complete && !unknown.article {
        for (path, _) in &uncited {
            problems.push(whole_file_warning(
                Code::ArticleUncited,
                path,
                "nothing cites this article",
            ));
        }
    }

    // Positions on sides dossier.toml does not declare, when it declares any.
    if let Some(declared) = &meta.sides {
        for i in &issues {
            for p in &i.positions {
                if !declared.iter().any(|(k, _)| *k == p.side) {
                    let names: Vec<&str> = declared.iter().map(|(k, _)| k.as_str()).collect();
                    later.push((
                        i.file,
                        Pending::warning(
                            Code::UndeclaredSide,
                            Some(p.side_at),
                            format!(
                                "position on side `{}`, which dossier.toml's [sides] does not declare",
                                crate::text::sanitize_line(&p.side)
                            ),
                        )
                        .help(Some(format!(
                            "declare it in [sides] with its name, or use one of: {}",
                            names.join(", ")
                        ))),
                    ));
                }
            }
        }
    }

    // Place the problems found while resolving, one pass per file.
    let mut by_file: crate::content::ids::IdMap<usize, Vec<Pending>> = Default::default();
    for (file, p) in later {
        by_file.entry(file).or_default().push(p);
    }
    for (file, pending) in by_file {
        if let (Some(path), Some(text)) = (paths.get(file), texts.get(file)) {
            problems.extend(locate(path, text.as_bytes(), pending));
        }
    }
    drop(texts);
    drop(paths);

    problems.sort_by(by_place);
    let d = index::build(meta, (articles, article_notes), events, issues, problems);
    let stamps = listed.and_then(|listed| {
        let mut read = read_stamps.into_iter();
        let files: Option<Vec<_>> = listed
            .into_iter()
            .map(|(path, is_read)| {
                if is_read {
                    read.next().map(|s| (path, Some(s)))
                } else {
                    Some((path, None))
                }
            })
            .collect();
        files.map(|files| Stamps { files })
    });
    (d, stamps)
}

/// The stamps of the files in `dir` as they are now, listed and classified
/// as a load lists them (read files with their stamp, the others by their
/// presence); `None` when they cannot be kept at all (see
/// [`load_dir_stamped`]).
pub fn stamps_now(dir: &Path) -> Option<Stamps> {
    let listing = files::list_dir_stamped(dir).ok()?;
    if !listing.problems.is_empty() {
        return None;
    }
    let files: Option<Vec<_>> = listing
        .files
        .into_iter()
        .zip(listing.stamps)
        .map(|((path, data), stamp)| match data {
            Data::Disk(_) if files::is_read(&path) => Some((path, Some(stamp?))),
            Data::Disk(_) => Some((path, None)),
            Data::Mem(_) | Data::Outside => None,
        })
        .collect();
    files.map(|files| Stamps { files })
}

/// Sets each source's line from where its `article` key is in the file's text.
fn source_lines<'a>(text: &str, sources: impl Iterator<Item = &'a mut super::draft::SourceDraft>) {
    let mut sources: Vec<&mut super::draft::SourceDraft> = sources.collect();
    let offsets: Vec<usize> = sources.iter().map(|s| s.article.span().start).collect();
    let places = super::position::locate_all(text.as_bytes(), &offsets);
    for (s, (line, _)) in sources.iter_mut().zip(places) {
        s.line = line;
    }
}
