//! Loading a dossier: the files are read and parsed on two threads into
//! drafts, references and quotes are resolved (again on two threads), then
//! [`index`](super::index) builds the model and its derived links once.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::date::PartialDate;
use super::frontmatter::{self, FrontError};
use super::model::{Article, ArticleIx, Dossier, Kind, Meta};
use super::position::locate_all;
use super::problem::{Problem, Severity};
use super::raw::{RawEvent, RawFront, RawIssue, RawMeta, RawSource};
use super::{after, index, quote, suggest};

/// Files larger than this are refused: a dossier's files are small, and a
/// stray huge file should cost a message, not the machine's memory. 64 MiB
/// leaves room for a very long article (a 50 MB one is tested).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// The three entity folders of a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Folder {
    Articles,
    Events,
    Issues,
}

impl Folder {
    const ALL: [Folder; 3] = [Folder::Articles, Folder::Events, Folder::Issues];

    fn dir(self) -> &'static str {
        match self {
            Folder::Articles => "articles",
            Folder::Events => "events",
            Folder::Issues => "issues",
        }
    }
    fn ext(self) -> &'static str {
        match self {
            Folder::Articles => ".txt",
            _ => ".toml",
        }
    }
    fn noun(self) -> &'static str {
        match self {
            Folder::Articles => "article",
            Folder::Events => "event",
            Folder::Issues => "issue",
        }
    }
    fn slot(self) -> usize {
        self as usize
    }
}

/// Whether `id` is a valid id: `^[a-z0-9][a-z0-9-]*$`.
pub fn is_valid_id(id: &str) -> bool {
    let ok = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    match id.as_bytes() {
        [first, rest @ ..] => ok(*first) && rest.iter().all(|&b| ok(b) || b == b'-'),
        [] => false,
    }
}

/// What a file is to the loader.
enum Class {
    Meta,
    Entity(Folder, String),
    /// In an entity folder with the right extension, but not a valid id.
    BadName(Folder, String),
    Ignored,
}

/// Classifies a `/`-separated path relative to the dossier folder.
fn classify(path: &str) -> Class {
    if path == "dossier.toml" {
        return Class::Meta;
    }
    let Some((dir, name)) = path.split_once('/') else {
        return Class::Ignored;
    };
    match Folder::ALL.into_iter().find(|f| f.dir() == dir) {
        Some(folder) if !name.contains('/') => classify_name(folder, name),
        _ => Class::Ignored,
    }
}

fn classify_name(folder: Folder, name: &str) -> Class {
    let readme = name
        .split('.')
        .next()
        .is_some_and(|stem| stem.eq_ignore_ascii_case("readme"));
    if name.starts_with('.') || name.ends_with('~') || readme {
        return Class::Ignored;
    }
    match name.strip_suffix(folder.ext()) {
        Some(stem) if is_valid_id(stem) => Class::Entity(folder, stem.to_string()),
        Some(stem) => Class::BadName(folder, stem.to_string()),
        None => Class::Ignored,
    }
}

/// A problem before its position is known: a byte offset in its file.
pub(super) struct Pending {
    severity: Severity,
    offset: Option<usize>,
    message: String,
    help: Option<String>,
}

impl Pending {
    pub(super) fn error(offset: Option<usize>, message: String) -> Self {
        Pending {
            severity: Severity::Error,
            offset,
            message,
            help: None,
        }
    }
    fn warning(offset: Option<usize>, message: String) -> Self {
        Pending {
            severity: Severity::Warning,
            ..Pending::error(offset, message)
        }
    }
    pub(super) fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// Turns pending problems of one file into located problems.
fn locate(path: &str, text: &[u8], pending: Vec<Pending>) -> Vec<Problem> {
    let offsets: Vec<usize> = pending.iter().filter_map(|p| p.offset).collect();
    let mut places = locate_all(text, &offsets).into_iter();
    pending
        .into_iter()
        .map(|p| Problem {
            severity: p.severity,
            path: path.to_string(),
            position: p.offset.and_then(|_| places.next()),
            message: p.message,
            help: p.help,
        })
        .collect()
}

fn file_problem(path: &str, message: String) -> Problem {
    Problem {
        severity: Severity::Error,
        path: path.to_string(),
        position: None,
        message,
        help: None,
    }
}

enum Data {
    Disk(PathBuf),
    Mem(Vec<u8>),
}

struct Job {
    path: String,
    /// `None` for `dossier.toml`.
    entity: Option<(Folder, String)>,
    data: Data,
}

/// A source as written, once its required fields are known to be there.
pub(crate) struct SourceDraft {
    pub article: Spanned<String>,
    pub quote: Spanned<String>,
    pub occurrence: Option<Spanned<i64>>,
    pub note: Option<String>,
    /// Resolved later: the article and the matched passage.
    pub resolved: Option<(ArticleIx, Range<usize>)>,
}

/// An event as parsed; `ok` is false once any of its own problems is an error.
pub(crate) struct EventDraft {
    pub id: String,
    pub file: usize,
    pub ok: bool,
    pub title: String,
    pub date: Option<PartialDate>,
    pub end: Option<PartialDate>,
    /// Extension: the event this one happened after (span in the whole file).
    pub after: Option<Spanned<String>>,
    pub kind: Kind,
    pub issues: Vec<Spanned<String>>,
    pub summary: String,
    pub date_note: Option<String>,
    pub disputed: Option<String>,
    pub sources: Vec<SourceDraft>,
}

pub(crate) struct IssueDraft {
    pub id: String,
    pub file: usize,
    pub ok: bool,
    pub title: String,
    pub summary: String,
    pub status: Option<String>,
    pub positions: Vec<super::sides::PositionDraft>,
    pub related: Vec<Spanned<String>>,
    pub sources: Vec<SourceDraft>,
}

struct ArticleDraft {
    ok: bool,
    article: Article,
}

enum Item {
    Meta(Meta),
    Article(ArticleDraft),
    Event(EventDraft),
    Issue(IssueDraft),
    /// The file could not be parsed at all: what it refers to is unknown.
    Failed,
}

/// Phase one's result for one file.
struct FileOut {
    path: String,
    entity: Option<(Folder, String)>,
    /// The file as on disk, kept for events and issues to place the problems
    /// found later; empty for articles (their text moves into the model).
    text: String,
    problems: Vec<Problem>,
    item: Item,
}

/// Loads the dossier in folder `dir`.
pub fn load_dir(dir: &Path) -> Dossier {
    let shown = dir.display().to_string();
    match fs::metadata(dir) {
        Err(e) => return failed(&shown, format!("cannot open the dossier folder: {e}")),
        Ok(m) if !m.is_dir() => return failed(&shown, "not a folder".to_string()),
        Ok(_) => {}
    }
    if !dir.join("dossier.toml").is_file() {
        return failed(
            "dossier.toml",
            format!("missing dossier.toml: `{shown}` is not a dossier folder"),
        );
    }
    let mut paths = vec![("dossier.toml".to_string(), dir.join("dossier.toml"))];
    let mut problems = Vec::new();
    for folder in Folder::ALL {
        let Ok(entries) = fs::read_dir(dir.join(folder.dir())) else {
            continue;
        };
        for entry in entries.flatten() {
            // The entry's type usually comes with the directory listing itself;
            // asking the path (`is_dir`) would cost one more system call per file.
            let full = entry.path();
            let is_dir = match entry.file_type() {
                Ok(t) if t.is_symlink() => full.is_dir(),
                Ok(t) => t.is_dir(),
                Err(_) => full.is_dir(),
            };
            if is_dir {
                continue;
            }
            let name = entry.file_name();
            match name.to_str() {
                Some(name) => paths.push((format!("{}/{name}", folder.dir()), full)),
                None => {
                    // A name that is not UTF-8 cannot be an id; say so if it
                    // otherwise looks like a content file.
                    let lossy = name.to_string_lossy().into_owned();
                    if let Class::BadName(..) = classify_name(folder, &lossy) {
                        problems.push(file_problem(
                            &format!("{}/{lossy}", folder.dir()),
                            "bad file name: not UTF-8".to_string(),
                        ));
                    }
                }
            }
        }
    }
    paths.sort();
    let files = paths
        .into_iter()
        .map(|(rel, full)| (rel, Data::Disk(full)))
        .collect();
    load_entries(files, problems)
}

/// Loads a dossier from in-memory files: `(relative path with '/', contents)`.
pub fn load_files(files: Vec<(String, Vec<u8>)>) -> Dossier {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for (path, bytes) in files {
        if !seen.insert(path.clone()) {
            problems.push(file_problem(&path, "duplicate file".to_string()));
            continue;
        }
        entries.push((path, Data::Mem(bytes)));
    }
    if !seen.contains("dossier.toml") {
        return failed(
            "dossier.toml",
            "missing dossier.toml: this is not a dossier".to_string(),
        );
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    load_entries(entries, problems)
}

/// A dossier with nothing loaded and one problem saying why.
fn failed(path: &str, message: String) -> Dossier {
    Dossier {
        problems: vec![file_problem(path, message)],
        ..Dossier::default()
    }
}

/// Everything needed to resolve references, shared by the resolving threads.
struct Context<'a> {
    /// Articles that loaded, by id.
    articles: HashMap<&'a str, ArticleIx>,
    texts: &'a [Article],
    /// Per article: its path and the line its text starts on.
    article_places: Vec<(String, usize)>,
    /// Every id that has a file, per folder, loaded or not (sorted, for suggestions).
    known: [Vec<&'a str>; 3],
    known_sets: [HashSet<&'a str>; 3],
}

fn load_entries(entries: Vec<(String, Data)>, mut problems: Vec<Problem>) -> Dossier {
    // Which folders hold a file whose references are unknown.
    let mut incomplete = [false; 3];
    let mut ids: [Vec<String>; 3] = Default::default();
    let mut jobs = Vec::new();
    for (path, data) in entries {
        match classify(&path) {
            Class::Meta => jobs.push(Job {
                path,
                entity: None,
                data,
            }),
            Class::Entity(folder, id) => {
                ids[folder.slot()].push(id.clone());
                jobs.push(Job {
                    path,
                    entity: Some((folder, id)),
                    data,
                });
            }
            Class::BadName(folder, stem) => {
                // References to the file by its name or by the id it should
                // have are not unknown: the name is the one problem.
                incomplete[folder.slot()] = true;
                let fixed = fixed_id(&stem);
                problems.push(bad_name(&path, folder, &fixed));
                ids[folder.slot()].push(stem);
                ids[folder.slot()].extend(fixed);
            }
            Class::Ignored => {}
        }
    }

    let files = jobs.len();
    let outs = phase_one(jobs);

    let mut meta = Meta::default();
    // Sized from the file counts: growing by doubling would briefly hold
    // two copies of the drafts, the largest allocation of a big load.
    let [articles_n, events_n, issues_n] = Folder::ALL.map(|f| ids[f.slot()].len());
    let mut articles = Vec::with_capacity(articles_n);
    let mut events = Vec::with_capacity(events_n);
    let mut issues = Vec::with_capacity(issues_n);
    let mut texts = Vec::with_capacity(files);
    let mut paths = Vec::with_capacity(files);
    for (file, out) in outs.enumerate() {
        problems.extend(out.problems);
        match out.item {
            Item::Meta(m) => meta = m,
            Item::Article(a) => articles.push((out.path.clone(), a)),
            Item::Event(mut e) => {
                e.file = file;
                events.push(e);
            }
            Item::Issue(mut i) => {
                i.file = file;
                issues.push(i);
            }
            Item::Failed => {
                if let Some((folder, _)) = &out.entity {
                    incomplete[folder.slot()] = true;
                }
            }
        }
        texts.push(out.text);
        paths.push(out.path);
    }

    // Ids borrowed from the drafts, not copied: there are tens of thousands.
    let cited: HashSet<&str> = events
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
    let articles: Vec<Article> = articles.into_iter().map(|(_, a)| a.article).collect();

    for list in &mut ids {
        list.sort();
        list.dedup();
    }
    let (mut later, unknown) = {
        let ctx = Context {
            articles: articles
                .iter()
                .enumerate()
                .map(|(i, a)| (a.id.as_str(), ArticleIx(i)))
                .collect(),
            texts: &articles,
            article_places,
            known: ids
                .each_ref()
                .map(|l| l.iter().map(String::as_str).collect()),
            known_sets: ids
                .each_ref()
                .map(|l| l.iter().map(String::as_str).collect()),
        };
        resolve_all(&ctx, &mut events, &mut issues)
    };
    later.extend(after::check(&mut events));

    // Warnings that depend on every other file: only when every file that
    // could change them has loaded and every reference in them resolved, so
    // that a broken file or a mistyped id causes no echoes.
    let events_complete = !incomplete[Folder::Events.slot()] && !unknown.issue_in_event;
    let issues_complete = !incomplete[Folder::Issues.slot()];
    if events_complete {
        let touched: HashSet<&str> = events
            .iter()
            .flat_map(|e| &e.issues)
            .map(|i| i.get_ref().as_str())
            .collect();
        for i in issues.iter().filter(|i| !touched.contains(i.id.as_str())) {
            problems.push(whole_file_warning(
                &paths[i.file],
                "no event touches this issue",
            ));
        }
    }
    if events_complete && issues_complete && !unknown.article {
        for (path, _) in &uncited {
            problems.push(whole_file_warning(path, "nothing cites this article"));
        }
    }

    // Place the problems found while resolving, one pass per file.
    let mut by_file: HashMap<usize, Vec<Pending>> = HashMap::new();
    for (file, p) in later {
        by_file.entry(file).or_default().push(p);
    }
    for (file, pending) in by_file {
        problems.extend(locate(&paths[file], texts[file].as_bytes(), pending));
    }
    drop(texts);

    problems.sort_by(|a, b| (a.path.as_str(), a.position).cmp(&(b.path.as_str(), b.position)));
    index::build(meta, articles, events, issues, problems)
}

fn whole_file_warning(path: &str, message: &str) -> Problem {
    Problem {
        severity: Severity::Warning,
        path: path.to_string(),
        position: Some((1, 1)),
        message: message.to_string(),
        help: None,
    }
}

/// The id a bad file name probably meant: lowercase, other characters as hyphens.
fn fixed_id(stem: &str) -> Option<String> {
    let mut fixed = String::new();
    for c in stem.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            fixed.push(c);
        } else if !fixed.is_empty() && !fixed.ends_with('-') {
            fixed.push('-');
        }
    }
    let fixed = fixed.trim_end_matches('-');
    is_valid_id(fixed).then(|| fixed.to_string())
}

fn bad_name(path: &str, folder: Folder, fixed: &Option<String>) -> Problem {
    Problem {
        help: fixed
            .as_ref()
            .map(|f| format!("rename it to `{f}{}`", folder.ext())),
        ..file_problem(
            path,
            format!(
                "bad file name: an {}'s id (its file name without `{}`) must be lowercase letters, digits and hyphens, starting with a letter or digit",
                folder.noun(),
                folder.ext()
            ),
        )
    }
}

/// Below this many files, loading stays on one thread: a small dossier loads
/// in a millisecond or two, less than waking a second processor can take.
const PARALLEL_MIN_FILES: usize = 256;

/// Reads and parses every file, on two threads (on this one, as they are
/// consumed, below `PARALLEL_MIN_FILES`). The results come back in the jobs'
/// (sorted) order, interleaved on the fly: copying them into one vector first
/// would hold every result twice at the peak.
fn phase_one(jobs: Vec<Job>) -> Box<dyn Iterator<Item = FileOut>> {
    let n = jobs.len();
    if n < PARALLEL_MIN_FILES {
        return Box::new(jobs.into_iter().map(process));
    }
    let mut mine = Vec::with_capacity(n / 2 + 1);
    let mut theirs = Vec::with_capacity(n / 2 + 1);
    for (i, job) in jobs.into_iter().enumerate() {
        if i % 2 == 0 {
            mine.push(job);
        } else {
            theirs.push(job);
        }
    }
    let (a, b) = std::thread::scope(|s| {
        let other = s.spawn(move || theirs.into_iter().map(process).collect::<Vec<_>>());
        let a: Vec<FileOut> = mine.into_iter().map(process).collect();
        match other.join() {
            Ok(b) => (a, b),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    // Even jobs went to `a`, odd ones to `b`, and `a` has the extra one.
    let mut b = b.into_iter();
    Box::new(
        a.into_iter()
            .flat_map(move |x| std::iter::once(x).chain(b.next())),
    )
}

fn read(data: Data) -> Result<Vec<u8>, String> {
    match data {
        Data::Mem(bytes) if bytes.len() > MAX_FILE_BYTES => Err(too_large(bytes.len())),
        Data::Mem(bytes) => Ok(bytes),
        Data::Disk(path) => {
            let file = fs::File::open(&path).map_err(|e| format!("cannot read the file: {e}"))?;
            // Sized from the file's length so it is read in one call, with no
            // regrowing; `take` still bounds a file that grows meanwhile.
            let len = file.metadata().map_or(0, |m| m.len());
            if len > MAX_FILE_BYTES as u64 {
                return Err(too_large(usize::try_from(len).unwrap_or(usize::MAX)));
            }
            let mut bytes = Vec::with_capacity(len as usize + 1);
            file.take(MAX_FILE_BYTES as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read the file: {e}"))?;
            if bytes.len() > MAX_FILE_BYTES {
                return Err(too_large(bytes.len()));
            }
            Ok(bytes)
        }
    }
}

fn too_large(len: usize) -> String {
    format!(
        "file is too large ({}{} bytes; the limit is {} MiB)",
        if len > MAX_FILE_BYTES { "over " } else { "" },
        len.min(MAX_FILE_BYTES),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// Reads and parses one file.
fn process(job: Job) -> FileOut {
    let Job { path, entity, data } = job;
    let fail = |problems: Vec<Problem>, entity| FileOut {
        path: path.clone(),
        entity,
        text: String::new(),
        problems,
        item: Item::Failed,
    };
    let bytes = match read(data) {
        Ok(b) => b,
        Err(message) => return fail(vec![file_problem(&path, message)], entity),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let problems = locate(
                &path,
                &bytes[..valid],
                vec![
                    Pending::error(Some(valid), "file is not valid UTF-8".to_string())
                        .help(Some("save the file as UTF-8".to_string())),
                ],
            );
            return fail(problems, entity);
        }
    };
    let mut pending = Vec::new();
    let (item, text) = match &entity {
        None => match parse_meta(&text, &mut pending) {
            Some(m) => (Item::Meta(m), String::new()),
            None => (Item::Failed, String::new()),
        },
        Some((Folder::Articles, id)) => {
            let problems;
            let item = match parse_article(&text, &mut pending) {
                Some(parsed) => {
                    problems = locate(&path, text.as_bytes(), pending);
                    Item::Article(parsed.into_draft(id.clone(), text))
                }
                None => {
                    problems = locate(&path, text.as_bytes(), pending);
                    Item::Failed
                }
            };
            return FileOut {
                path,
                entity,
                text: String::new(),
                problems,
                item,
            };
        }
        Some((Folder::Events, id)) => (parse_event(id, &text, &mut pending), text),
        Some((Folder::Issues, id)) => (parse_issue(id, &text, &mut pending), text),
    };
    let problems = locate(&path, text.as_bytes(), pending);
    FileOut {
        path,
        entity,
        text,
        problems,
        item,
    }
}

/// The BOM's length at the start of `text`, which TOML must not see.
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Parses `src` (found at offset `base` of its file) as TOML into `T`.
fn parse_toml<T: DeserializeOwned>(
    src: &str,
    base: usize,
    pending: &mut Vec<Pending>,
) -> Option<T> {
    match toml::from_str(src) {
        Ok(v) => Some(v),
        Err(e) => {
            let message = e.message().trim().replace('\n', "; ");
            let help = suggest::unknown_field_help(&message);
            let offset = e.span().map(|s| s.start + base);
            pending.push(Pending::error(offset, message).help(help));
            None
        }
    }
}

/// Checks that a required field is there and not blank; reports it otherwise.
/// A missing field is reported at `missing_at` (the start of the file); the
/// value's own span is relative to the TOML, which starts at `base`.
fn required(
    value: Option<Spanned<String>>,
    name: &str,
    (missing_at, base): (usize, usize),
    pending: &mut Vec<Pending>,
) -> Option<String> {
    match value {
        None => {
            pending.push(Pending::error(
                Some(missing_at),
                format!("missing required field `{name}`"),
            ));
            None
        }
        Some(v) if v.get_ref().trim().is_empty() => {
            pending.push(Pending::error(
                Some(v.span().start + base),
                format!("required field `{name}` is empty"),
            ));
            None
        }
        Some(v) => Some(v.into_inner()),
    }
}

fn parse_meta(text: &str, pending: &mut Vec<Pending>) -> Option<Meta> {
    let base = bom_len(text);
    let raw: RawMeta = parse_toml(&text[base..], base, pending)?;
    let title = required(raw.title, "title", (base, base), pending).unwrap_or_default();
    Some(Meta {
        title,
        subtitle: raw.subtitle,
        description: raw.description,
    })
}

/// A date field: a string of three precisions or a bare TOML date.
fn parse_date(
    value: Spanned<toml::Value>,
    name: &str,
    base: usize,
    pending: &mut Vec<Pending>,
) -> Option<PartialDate> {
    let at = Some(value.span().start + base);
    let result = match value.get_ref() {
        toml::Value::String(s) => {
            PartialDate::parse(s).map_err(|e| format!("bad date `{s}` in `{name}`: {e}"))
        }
        toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => PartialDate::day(i32::from(d.year), d.month, d.day)
                .ok_or_else(|| format!("bad date `{dt}` in `{name}`: no such date")),
            _ => Err(format!(
                "bad date `{dt}` in `{name}`: a date has no time of day"
            )),
        },
        other => Err(format!(
            "bad date in `{name}`: expected a string such as \"2024-05-10\", \"2024-05\" or \"2024\", found {}",
            other.type_str()
        )),
    };
    result.map_err(|m| pending.push(Pending::error(at, m))).ok()
}

struct ParsedArticle {
    title: Option<String>,
    raw: RawFront,
    published: Option<PartialDate>,
    ok: bool,
    text: Range<usize>,
    text_line: usize,
}

impl ParsedArticle {
    fn into_draft(self, id: String, mut file: String) -> ArticleDraft {
        // Keep only the text, in the file's own allocation.
        file.truncate(self.text.end);
        file.drain(..self.text.start);
        let text = normalise_crlf(file);
        ArticleDraft {
            ok: self.ok,
            article: Article {
                id,
                title: self.title.unwrap_or_default(),
                outlet: self.raw.outlet,
                published: self.published,
                byline: self.raw.byline,
                url: self.raw.url,
                note: self.raw.note,
                text,
                text_line: self.text_line,
                cited_by: Vec::new(),
            },
        }
    }
}

/// CRLF line ends become LF, in place.
fn normalise_crlf(text: String) -> String {
    if memchr::memmem::find(text.as_bytes(), b"\r\n").is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    let mut w = 0;
    for r in 0..bytes.len() {
        if bytes[r] == b'\r' && bytes.get(r + 1) == Some(&b'\n') {
            continue;
        }
        bytes[w] = bytes[r];
        w += 1;
    }
    bytes.truncate(w);
    // Removing a CR before an LF keeps UTF-8 valid.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn parse_article(text: &str, pending: &mut Vec<Pending>) -> Option<ParsedArticle> {
    let base = bom_len(text);
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(FrontError::NoOpening) => {
            pending.push(
                Pending::error(
                    Some(base),
                    "an article must start with front matter: a line `+++`".to_string(),
                )
                .help(Some(
                    "write `+++`, the article's fields (at least `title`), `+++`, then its text"
                        .to_string(),
                )),
            );
            return None;
        }
        Err(FrontError::Unclosed) => {
            pending.push(Pending::error(
                Some(base),
                "front matter is not closed: no line `+++` after this one".to_string(),
            ));
            return None;
        }
    };
    let raw: RawFront = parse_toml(&text[split.front.clone()], split.front.start, pending)?;
    let errors_before = pending.len();
    let title = required(
        raw.title.clone(),
        "title",
        (base, split.front.start),
        pending,
    );
    let published = raw
        .published
        .clone()
        .and_then(|v| parse_date(v, "published", split.front.start, pending));

    // The text, without the blank lines around it.
    let body = &text[split.body..];
    let lead = body.len() - body.trim_start().len();
    let start = split.body + body[..lead].rfind('\n').map_or(0, |n| n + 1);
    let end = split.body + body.trim_end().len();
    if end <= start {
        pending.push(Pending::error(
            Some(split.close),
            "article has no text after its front matter".to_string(),
        ));
    }
    let ok = pending.len() == errors_before;
    Some(ParsedArticle {
        title,
        raw,
        published,
        ok,
        text: start..end.max(start),
        text_line: 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..start]).count(),
    })
}

pub(super) fn parse_sources(
    raw: Option<Spanned<Vec<Spanned<RawSource>>>>,
    base: usize,
    pending: &mut Vec<Pending>,
) -> Vec<SourceDraft> {
    let Some(list) = raw else {
        pending.push(Pending::error(
            Some(base),
            "missing required field `sources`".to_string(),
        ));
        return Vec::new();
    };
    if list.get_ref().is_empty() {
        pending.push(Pending::error(
            Some(list.span().start + base),
            "source list is empty: at least one source is required".to_string(),
        ));
    }
    // Sized exactly: a vector grown by pushing starts at four drafts, and
    // most events have one source, so that would waste three quarters of it.
    let list = list.into_inner();
    let mut out = Vec::with_capacity(list.len());
    for source in list {
        let at = source.span().start + base;
        let raw = source.into_inner();
        for (name, missing) in [
            ("article", raw.article.is_none()),
            ("quote", raw.quote.is_none()),
        ] {
            if missing {
                pending.push(Pending::error(
                    Some(at),
                    format!("source is missing required field `{name}`"),
                ));
            }
        }
        let (Some(article), Some(quote)) = (raw.article, raw.quote) else {
            continue;
        };
        if quote.get_ref().trim().is_empty() {
            pending.push(Pending::error(
                Some(quote.span().start + base),
                "quote is empty".to_string(),
            ));
            continue;
        }
        out.push(SourceDraft {
            article: shift(article, base),
            quote: shift(quote, base),
            occurrence: raw.occurrence.map(|o| shift(o, base)),
            note: raw.note,
            resolved: None,
        });
    }
    out
}

/// The same value with its span made relative to the whole file.
pub(super) fn shift<T>(v: Spanned<T>, base: usize) -> Spanned<T> {
    let span = v.span();
    Spanned::new(span.start + base..span.end + base, v.into_inner())
}

fn parse_event(id: &str, text: &str, pending: &mut Vec<Pending>) -> Item {
    let base = bom_len(text);
    let Some(raw) = parse_toml::<RawEvent>(&text[base..], base, pending) else {
        return Item::Failed;
    };
    let before = pending.len();
    let title = required(raw.title, "title", (base, base), pending);
    let date = match raw.date {
        Some(d) => parse_date(d, "date", base, pending),
        None => {
            pending.push(Pending::error(
                Some(base),
                "missing required field `date`".to_string(),
            ));
            None
        }
    };
    let summary = required(raw.summary, "summary", (base, base), pending);
    let mut end = None;
    if let Some(e) = raw.end {
        let at = e.span().start + base;
        end = parse_date(e, "end", base, pending);
        if let (Some(d), Some(e)) = (date, end)
            && e.last_day() < d.first_day()
        {
            pending.push(Pending::error(
                Some(at),
                format!(
                    "the event ends ({}) before it starts ({})",
                    e.iso(),
                    d.iso()
                ),
            ));
        }
    }
    let kind = match raw.kind {
        None => Kind::Other,
        Some(k) => match Kind::from_name(k.get_ref()) {
            Some(kind) => kind,
            None => {
                let names = Kind::ALL.map(Kind::name);
                let guess = suggest::closest(k.get_ref(), names)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                pending.push(
                    Pending::error(
                        Some(k.span().start + base),
                        format!("unknown kind `{}`", k.get_ref()),
                    )
                    .help(Some(format!("{guess}kinds are: {}", names.join(", ")))),
                );
                Kind::Other
            }
        },
    };
    let issues = match raw.issues {
        Some(list) if !list.get_ref().is_empty() => list
            .into_inner()
            .into_iter()
            .map(|i| shift(i, base))
            .collect(),
        other => {
            let at = other.map_or(base, |l| l.span().start + base);
            pending.push(
                Pending::warning(Some(at), "event touches no issue".to_string()).help(Some(
                    "list the issues it touches in `issues = [...]`".to_string(),
                )),
            );
            Vec::new()
        }
    };
    let sources = parse_sources(raw.sources, base, pending);
    let ok = !pending[before..]
        .iter()
        .any(|p| p.severity == Severity::Error);
    Item::Event(EventDraft {
        id: id.to_string(),
        file: 0,
        ok,
        title: title.unwrap_or_default(),
        date,
        end,
        after: raw.after.map(|a| shift(a, base)),
        kind,
        issues,
        summary: summary.unwrap_or_default(),
        date_note: raw.date_note,
        disputed: raw.disputed,
        sources,
    })
}

fn parse_issue(id: &str, text: &str, pending: &mut Vec<Pending>) -> Item {
    let base = bom_len(text);
    let Some(raw) = parse_toml::<RawIssue>(&text[base..], base, pending) else {
        return Item::Failed;
    };
    let before = pending.len();
    let title = required(raw.title, "title", (base, base), pending);
    let summary = required(raw.summary, "summary", (base, base), pending);
    let sources = parse_sources(raw.sources, base, pending);
    let positions = super::sides::parse(raw.positions, base, pending);
    let ok = !pending[before..]
        .iter()
        .any(|p| p.severity == Severity::Error);
    Item::Issue(IssueDraft {
        id: id.to_string(),
        file: 0,
        ok,
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        status: raw.status,
        positions,
        related: raw
            .related
            .unwrap_or_default()
            .into_iter()
            .map(|r| shift(r, base))
            .collect(),
        sources,
    })
}

/// Resolves every reference and quote of events and issues, on two threads.
/// Returns the problems found, each with the index of its file.
fn resolve_all(
    ctx: &Context,
    events: &mut [EventDraft],
    issues: &mut [IssueDraft],
) -> (Vec<(usize, Pending)>, Unknown) {
    if events.len() + issues.len() < PARALLEL_MIN_FILES {
        return resolve(ctx, events, issues);
    }
    let mid = events.len() / 2;
    let (first, second) = events.split_at_mut(mid);
    std::thread::scope(|s| {
        let other = s.spawn(|| resolve(ctx, second, &mut []));
        let (mut found, mut unknown) = resolve(ctx, first, issues);
        match other.join() {
            Ok((more, u)) => {
                found.extend(more);
                unknown.issue_in_event |= u.issue_in_event;
                unknown.article |= u.article;
            }
            Err(panic) => std::panic::resume_unwind(panic),
        }
        (found, unknown)
    })
}

/// Resolves the references and quotes of some events and issues on this thread.
fn resolve(
    ctx: &Context,
    events: &mut [EventDraft],
    issues: &mut [IssueDraft],
) -> (Vec<(usize, Pending)>, Unknown) {
    let mut r = Resolver::new(ctx);
    for e in events.iter_mut() {
        r.event(e);
    }
    for i in issues.iter_mut() {
        r.issue(i);
    }
    (r.found, r.unknown)
}

/// Which kinds of unknown reference were found: they make the warnings about
/// untouched issues and uncited articles unreliable.
#[derive(Default)]
struct Unknown {
    issue_in_event: bool,
    article: bool,
}

struct Resolver<'c, 'a> {
    ctx: &'c Context<'a>,
    found: Vec<(usize, Pending)>,
    unknown: Unknown,
    /// Suggestions already computed, per folder and unknown id.
    memo: HashMap<(usize, String), Option<String>>,
}

impl<'c, 'a> Resolver<'c, 'a> {
    fn new(ctx: &'c Context<'a>) -> Self {
        Resolver {
            ctx,
            found: Vec::new(),
            unknown: Unknown::default(),
            memo: HashMap::new(),
        }
    }

    fn event(&mut self, e: &mut EventDraft) {
        let mut ok = true;
        for issue in &e.issues {
            let known = self.reference(e.file, Folder::Issues, issue);
            self.unknown.issue_in_event |= !known;
            ok &= known;
        }
        if let Some(after) = &e.after {
            ok &= self.reference(e.file, Folder::Events, after);
        }
        ok &= self.sources(e.file, &mut e.sources);
        e.ok &= ok;
    }

    fn issue(&mut self, i: &mut IssueDraft) {
        let mut ok = true;
        for related in &i.related {
            ok &= self.reference(i.file, Folder::Issues, related);
        }
        ok &= self.sources(i.file, &mut i.sources);
        for p in &mut i.positions {
            ok &= self.sources(i.file, &mut p.sources);
        }
        i.ok &= ok;
    }

    /// Checks that `id` names a file of `folder`; false after reporting it otherwise.
    fn reference(&mut self, file: usize, folder: Folder, id: &Spanned<String>) -> bool {
        let name = id.get_ref().as_str();
        if self.ctx.known_sets[folder.slot()].contains(name) {
            return true;
        }
        let help = self.suggestion(folder, name);
        self.found.push((
            file,
            Pending::error(
                Some(id.span().start),
                format!("unknown {} `{name}`", folder.noun()),
            )
            .help(help),
        ));
        false
    }

    fn suggestion(&mut self, folder: Folder, name: &str) -> Option<String> {
        let key = (folder.slot(), name.to_string());
        if let Some(s) = self.memo.get(&key) {
            return s.clone();
        }
        let ctx = self.ctx;
        // The same id in another folder is the likeliest mistake; then a typo.
        let help = match Folder::ALL
            .into_iter()
            .find(|f| ctx.known_sets[f.slot()].contains(name))
        {
            Some(f) => Some(format!(
                "`{name}` is an {}, not an {}",
                f.noun(),
                folder.noun()
            )),
            None => suggest::closest(name, ctx.known[folder.slot()].iter().copied())
                .map(|id| format!("did you mean `{id}`?")),
        };
        self.memo.insert(key, help.clone());
        help
    }

    fn sources(&mut self, file: usize, sources: &mut [SourceDraft]) -> bool {
        let mut ok = true;
        for s in sources.iter_mut() {
            let id = s.article.get_ref().as_str();
            let Some(&ix) = self.ctx.articles.get(id) else {
                // A known article that failed to load has its own error.
                let known = self.reference(file, Folder::Articles, &s.article);
                self.unknown.article |= !known;
                ok &= known;
                continue;
            };
            match self.quote(file, ix, s) {
                Some(span) => s.resolved = Some((ix, span)),
                None => ok = false,
            }
        }
        ok
    }

    /// The passage a source names, or `None` after reporting why there is none.
    fn quote(&mut self, file: usize, ix: ArticleIx, s: &SourceDraft) -> Option<Range<usize>> {
        let article = &self.ctx.texts[ix.0];
        let words = quote::words(s.quote.get_ref());
        let found = quote::find_all(&article.text, &words);
        let at = Some(s.quote.span().start);
        let count = found.len();
        if count == 0 {
            let help = self.closest_help(ix, &words);
            self.found.push((
                file,
                Pending::error(at, format!("quote not found in article `{}`", article.id))
                    .help(help),
            ));
            return None;
        }
        let times = if count == 1 {
            "once".to_string()
        } else {
            format!("{count} times")
        };
        match &s.occurrence {
            Some(n) => {
                let wanted = *n.get_ref();
                match usize::try_from(wanted) {
                    Ok(k) if (1..=count).contains(&k) => Some(found[k - 1].clone()),
                    _ => {
                        self.found.push((
                            file,
                            Pending::error(
                                Some(n.span().start),
                                format!(
                                    "occurrence {wanted} is out of range: the quote occurs {times} in article `{}`",
                                    article.id
                                ),
                            )
                            .help(Some(format!("use a number from 1 to {count}"))),
                        ));
                        None
                    }
                }
            }
            None => {
                if count > 1 {
                    self.found.push((
                        file,
                        Pending::warning(
                            at,
                            format!(
                                "ambiguous quote: it occurs {times} in article `{}`; the first is used",
                                article.id
                            ),
                        )
                        .help(Some(format!(
                            "add `occurrence = N` (1 to {count}) to name one, or quote a longer passage"
                        ))),
                    ));
                }
                found.into_iter().next()
            }
        }
    }

    /// Where the article comes closest to a quote that is not in it.
    fn closest_help(&self, ix: ArticleIx, words: &[&str]) -> Option<String> {
        let text = &self.ctx.texts[ix.0].text;
        let c = quote::closest(text, words)?;
        let (path, text_line) = &self.ctx.article_places[ix.0];
        let (line, col) = locate_all(text.as_bytes(), &[c.span.start])[0];
        // Show the passage, running on about as long as the quote would.
        let quote_len: usize = words.iter().map(|w| w.len() + 1).sum();
        let mut end = (c.span.start + quote_len.max(c.span.len()) + 10).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let passage = quote::words(&text[c.span.start..end]).join(" ");
        let passage = crate::text::truncate(&passage, 100);
        let mut why = Vec::new();
        if c.first_word > 0 {
            why.push(format!(
                "the quote's words before \"{}\" do not match there",
                words[c.first_word]
            ));
        }
        if let Some(next) = words.get(c.first_word + c.matched) {
            why.push(format!("the quote stops matching at \"{next}\""));
        }
        Some(format!(
            "closest passage at {}:{}:{}: \"{}\"; {}",
            path,
            text_line + line - 1,
            col,
            passage,
            why.join(", and ")
        ))
    }
}
