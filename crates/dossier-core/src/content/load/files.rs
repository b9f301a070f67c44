//! The first stage of a load: which files make up a dossier. Lists the
//! folder (or takes the files given in memory), classifies each path, and
//! turns the content files into jobs for the reading stage.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::ops::{Index, IndexMut};
use std::path::{Path, PathBuf};

use super::super::boundary::{Boundary, OUTSIDE};
use super::super::code::Code;
use super::super::names::Names;
use super::super::pending::file_problem;
use super::super::problem::{Problem, Severity};
use super::super::stamp::Stamp;

/// The three entity folders of a dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Folder {
    Articles,
    Events,
    Issues,
}

impl Folder {
    pub(super) const ALL: [Folder; 3] = [Folder::Articles, Folder::Events, Folder::Issues];

    pub(super) fn dir(self) -> &'static str {
        match self {
            Folder::Articles => "articles",
            Folder::Events => "events",
            Folder::Issues => "issues",
        }
    }
    pub(super) fn ext(self) -> &'static str {
        match self {
            Folder::Articles => ".txt",
            _ => ".toml",
        }
    }
    pub(super) fn noun(self) -> &'static str {
        match self {
            Folder::Articles => "article",
            Folder::Events => "event",
            Folder::Issues => "issue",
        }
    }
}

/// One value per entity folder, indexed by the folder itself (so no index
/// can be out of range).
#[derive(Debug, Default, Clone)]
pub(super) struct PerFolder<T> {
    articles: T,
    events: T,
    issues: T,
}

impl<T> PerFolder<T> {
    /// A value per folder, computed from each.
    pub(super) fn from_fn(mut f: impl FnMut(Folder) -> T) -> Self {
        PerFolder {
            articles: f(Folder::Articles),
            events: f(Folder::Events),
            issues: f(Folder::Issues),
        }
    }
}

impl<T> Index<Folder> for PerFolder<T> {
    type Output = T;
    fn index(&self, folder: Folder) -> &T {
        match folder {
            Folder::Articles => &self.articles,
            Folder::Events => &self.events,
            Folder::Issues => &self.issues,
        }
    }
}

impl<T> IndexMut<Folder> for PerFolder<T> {
    fn index_mut(&mut self, folder: Folder) -> &mut T {
        match folder {
            Folder::Articles => &mut self.articles,
            Folder::Events => &mut self.events,
            Folder::Issues => &mut self.issues,
        }
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
///
/// Names are borrowed from the path classified: a listing classifies every
/// file twice, and only what it keeps is copied.
enum Class<'a> {
    Meta,
    Entity(Folder, &'a str),
    /// In an entity folder with the right extension, but not a valid id.
    BadName(Folder, &'a str),
    /// In an entity folder, but with another extension (`.tml`, `.md`): not
    /// read, and said so. Dot-files, backups and readmes are [`Class::Ignored`].
    Unread(Folder, &'a str),
    Ignored,
}

/// Whether a load reads the file at `path`: `dossier.toml` and the files
/// named as entries (the others count only by their presence).
pub(super) fn is_read(path: &str) -> bool {
    matches!(classify(path), Class::Meta | Class::Entity(..))
}

/// Classifies a `/`-separated path relative to the dossier folder.
fn classify(path: &str) -> Class<'_> {
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

fn classify_name(folder: Folder, name: &str) -> Class<'_> {
    let readme = name
        .split('.')
        .next()
        .is_some_and(|stem| stem.eq_ignore_ascii_case("readme"));
    if name.starts_with('.') || name.ends_with('~') || readme {
        return Class::Ignored;
    }
    match name.strip_suffix(folder.ext()) {
        Some(stem) if is_valid_id(stem) => Class::Entity(folder, stem),
        Some(stem) => Class::BadName(folder, stem),
        None => Class::Unread(folder, name),
    }
}

/// The id a bad file name (or a typed id) probably meant: lowercase, other
/// characters as hyphens; `None` when nothing valid is left.
pub fn fixed_id(stem: &str) -> Option<String> {
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

/// Help to rename a file to `id` + the folder's extension, unless that name
/// is taken.
fn rename_help(folder: Folder, id: &str, names: &HashSet<String>) -> String {
    let target = format!("{id}{}", folder.ext());
    if names.contains(&target) {
        format!(
            "`{}/{target}` already exists: give this file another name, or remove it if it is a copy",
            folder.dir()
        )
    } else {
        format!("rename it to `{target}`")
    }
}

fn bad_name(
    path: &str,
    folder: Folder,
    fixed: &Option<String>,
    names: &HashSet<String>,
) -> Problem {
    Problem {
        help: fixed.as_ref().map(|f| rename_help(folder, f, names)),
        ..file_problem(
            Code::BadFileName,
            path,
            format!(
                "bad file name: an {}'s id (its file name without `{}`) must be lowercase letters, digits and hyphens, starting with a letter or digit",
                folder.noun(),
                folder.ext()
            ),
        )
    }
}

/// Where a file's bytes come from.
pub(super) enum Data {
    Disk(PathBuf),
    Mem(Vec<u8>),
    /// A link out of the dossier folder: not read.
    Outside,
}

/// One file to read and parse.
pub(super) struct Job {
    pub path: String,
    /// `None` for `dossier.toml`.
    pub entity: Option<(Folder, String)>,
    pub data: Data,
}

/// The files that make up a dossier, sorted by path, and the problems found
/// listing them.
pub(super) struct Listing {
    pub files: Vec<(String, Data)>,
    pub problems: Vec<Problem>,
    /// Each file's stamp as the listing found it, in the order of `files`,
    /// when asked for ([`list_dir_stamped`]); empty otherwise.
    pub stamps: Vec<Option<Stamp>>,
}

/// The files of folder `dir`, sorted by path, and the problems found listing
/// them; or the one problem that makes `dir` no dossier at all.
pub(super) fn list_dir(dir: &Path) -> Result<Listing, Problem> {
    list(dir, false, &Folder::ALL, true)
}

/// [`list_dir`] for part of the folder: the entity folders `folders`, and
/// `dossier.toml` when `meta` (which alone makes `dir` no dossier when it is
/// missing).
pub(super) fn list_dir_part(
    dir: &Path,
    folders: &[Folder],
    meta: bool,
) -> Result<Listing, Problem> {
    list(dir, false, folders, meta)
}

/// [`list_dir`], with each file's stamp taken as it is listed (relative to
/// its folder, which costs less than a path looked up from the root).
pub(super) fn list_dir_stamped(dir: &Path) -> Result<Listing, Problem> {
    list(dir, true, &Folder::ALL, true)
}

fn list(dir: &Path, stamp: bool, folders: &[Folder], with_meta: bool) -> Result<Listing, Problem> {
    let shown = dir.display().to_string();
    let cannot_open = |e: io::Error| {
        file_problem(
            Code::CannotRead,
            &shown,
            format!("cannot open the dossier folder: {e}"),
        )
    };
    match fs::metadata(dir) {
        Err(e) => return Err(cannot_open(e)),
        Ok(m) if !m.is_dir() => {
            return Err(file_problem(
                Code::CannotRead,
                &shown,
                "not a folder".to_string(),
            ));
        }
        Ok(_) => {}
    }
    // `dir` itself may be a link: what is inside is judged from its target.
    let boundary = Boundary::new(dir).map_err(cannot_open)?;
    let dir = boundary.root();
    let mut problems = Vec::new();
    let outside = |path: &str| Problem {
        severity: Severity::Warning,
        ..file_problem(Code::LinkOutside, path, OUTSIDE.to_string())
    };
    // What to stat for each file, when stamps are asked for: done after the
    // listing, on two threads for a large folder.
    let mut to_stat: Vec<ToStat> = Vec::new();
    let mut paths = Vec::new();
    if with_meta {
        let meta = match boundary.admit_path(&dir.join("dossier.toml")) {
            Ok(path) if path.is_file() => Data::Disk(path),
            Ok(_) => {
                return Err(file_problem(
                    Code::NotADossier,
                    "dossier.toml",
                    format!("missing dossier.toml: `{shown}` is not a dossier folder"),
                ));
            }
            Err(_) => Data::Outside,
        };
        if stamp {
            to_stat.push(match &meta {
                Data::Disk(p) => ToStat::Path(p.clone()),
                _ => ToStat::Nothing,
            });
        }
        paths.push(("dossier.toml".to_string(), meta));
    }
    for &folder in folders {
        let folder_dir = match boundary.admit_path(&dir.join(folder.dir())) {
            Ok(path) => path,
            Err(_) => {
                problems.push(outside(folder.dir()));
                continue;
            }
        };
        let Ok(entries) = fs::read_dir(folder_dir) else {
            continue;
        };
        for entry in entries.flatten() {
            // The entry's type usually comes with the directory listing itself;
            // asking the path (`is_dir`) would cost one more system call per file.
            let full = entry.path();
            let (is_link, is_dir) = match entry.file_type() {
                Ok(t) if t.is_symlink() => (true, full.is_dir()),
                Ok(t) => (false, t.is_dir()),
                Err(_) => (false, full.is_dir()),
            };
            if is_dir {
                continue;
            }
            let name = entry.file_name();
            match name.to_str() {
                Some(name) => {
                    let rel = format!("{}/{name}", folder.dir());
                    // Only links are resolved; a link out of the folder is
                    // reported (when it names a content file) and not read.
                    // The path kept is a copy made at its size: keeping the
                    // entry's own (made with room to grow) instead made a
                    // load of 100,000 files 150 ms slower, measured twice,
                    // as the threads that read the files let go of them.
                    let data = match boundary.admit(&full, is_link) {
                        Ok(path) => Data::Disk(path),
                        Err(_) => Data::Outside,
                    };
                    if stamp {
                        to_stat.push(match &data {
                            Data::Disk(p) if is_link => ToStat::Path(p.clone()),
                            Data::Disk(_) => ToStat::Entry(entry),
                            _ => ToStat::Nothing,
                        });
                    }
                    paths.push((rel, data));
                }
                None => {
                    // A name that is not UTF-8 cannot be an id; say so if it
                    // otherwise looks like a content file.
                    let lossy = name.to_string_lossy().into_owned();
                    if let Class::BadName(..) = classify_name(folder, &lossy) {
                        problems.push(file_problem(
                            Code::BadFileName,
                            &format!("{}/{lossy}", folder.dir()),
                            "bad file name: not UTF-8".to_string(),
                        ));
                    }
                }
            }
        }
    }
    if stamp {
        let stamps = stat_all(to_stat);
        let mut both: Vec<_> = paths.into_iter().zip(stamps).collect();
        both.sort_unstable_by(|a, b| a.0.0.cmp(&b.0.0));
        let (files, stamps) = both.into_iter().unzip();
        return Ok(Listing {
            files,
            problems,
            stamps,
        });
    }
    paths.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(Listing {
        files: paths,
        problems,
        stamps: Vec::new(),
    })
}

/// An entity folder whose every entry is a plain file named as an entry of
/// its kind, a folder, or a file the loader ignores: what
/// [`list_plain`] gives.
pub(super) struct Plain {
    /// The folder, open: each file is opened by its name in it.
    pub dir: std::fs::File,
    /// The ids of its files (their names without the extension), in the
    /// order of the files' names.
    pub ids: Names,
}

/// The folder `folder` of the dossier in `dir`, listed with no string made
/// per file, when it is [`Plain`]; `None` when any entry needs what
/// [`list_dir_part`] does (a link, a name that is not UTF-8 or not an id,
/// another extension, an entry whose type the listing does not give), when
/// the folder is missing or a link out of the dossier, or on a system that
/// does not list folders this way. At 100,000 files this listing takes a
/// third of the time of the general one.
///
/// `counted` is told how many files there are as soon as they are listed,
/// before they are sorted.
pub(super) fn list_plain(dir: &Path, folder: Folder, counted: impl FnOnce(usize)) -> Option<Plain> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{FileType, RawDir};
        let boundary = Boundary::new(dir).ok()?;
        let path = boundary
            .admit_path(&boundary.root().join(folder.dir()))
            .ok()?;
        let open = super::open::open_folder(&path).ok()?;
        // File names first: the files' order is their names' (`a-2.toml`
        // before `a.toml`), which is not always their ids'.
        let mut names = Names::default();
        let mut buffer = Vec::with_capacity(64 * 1024);
        let mut entries = RawDir::new(&open, buffer.spare_capacity_mut());
        while let Some(entry) = entries.next() {
            let entry = entry.ok()?;
            let name = entry.file_name().to_bytes();
            if name == b"." || name == b".." {
                continue;
            }
            let name = std::str::from_utf8(name).ok()?;
            match (entry.file_type(), classify_name(folder, name)) {
                (FileType::Directory, _) | (FileType::RegularFile, Class::Ignored) => {}
                (FileType::RegularFile, Class::Entity(..)) => names.push(name),
                _ => return None,
            }
        }
        counted(names.len());
        names.sort_dedup();
        let ext = folder.ext();
        let bytes = names.bytes().saturating_sub(ext.len() * names.len());
        let mut ids = Names::with_capacity(names.len(), bytes);
        for name in names.iter() {
            ids.push(name.strip_suffix(ext)?);
        }
        Some(Plain { dir: open, ids })
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (dir, folder, counted);
        None
    }
}

/// A listed file to stat: by its directory entry (relative to its folder,
/// cheaper than a path looked up from the root), by its path (a link, whose
/// target counts), or not at all.
enum ToStat {
    Entry(fs::DirEntry),
    Path(PathBuf),
    Nothing,
}

/// Above this many files a folder is stamped on two threads. Below it, the
/// reader's start decodes its cached copy on the other core meanwhile, and
/// that takes longer than stamping: a second stamping thread would only
/// take the core from it.
const STAT_THREADS_FROM: usize = 32_768;

/// The stamps of `files`, in order, on two threads for very many.
fn stat_all(files: Vec<ToStat>) -> Vec<Option<Stamp>> {
    let stat = |t: ToStat| match t {
        ToStat::Entry(e) => e.metadata().ok().and_then(|m| Stamp::of(&m)),
        ToStat::Path(p) => fs::metadata(p).ok().and_then(|m| Stamp::of(&m)),
        ToStat::Nothing => None,
    };
    crate::parallel::map_in_halves(files, STAT_THREADS_FROM, stat)
}

/// In-memory files, sorted by path, with duplicates reported and dropped; or
/// the one problem that makes them no dossier at all.
pub(super) fn list_mem(files: Vec<(String, Vec<u8>)>) -> Result<Listing, Problem> {
    let mut problems = Vec::new();
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    for (path, bytes) in files {
        if !seen.insert(path.clone()) {
            problems.push(file_problem(
                Code::DuplicateFile,
                &path,
                "duplicate file".to_string(),
            ));
            continue;
        }
        entries.push((path, Data::Mem(bytes)));
    }
    if !seen.contains("dossier.toml") {
        return Err(file_problem(
            Code::NotADossier,
            "dossier.toml",
            "missing dossier.toml: this is not a dossier".to_string(),
        ));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Listing {
        files: entries,
        problems,
        stamps: Vec::new(),
    })
}

/// The content files of a listing, as jobs, and what the listing says about ids.
pub(super) struct Plan {
    pub jobs: Vec<Job>,
    /// Every id that has a file, per folder, loaded or not (with the ids
    /// that badly named files probably meant).
    pub ids: PerFolder<Names>,
    /// Per folder: whether a file there has references that are unknown.
    pub incomplete: PerFolder<bool>,
    /// Per folder: files not read for their extension, as `(stem, name)`.
    pub unread: PerFolder<Vec<(String, String)>>,
}

/// Classifies every listed file: content files become jobs, badly named ones
/// problems, the rest is ignored.
pub(super) fn plan(entries: Vec<(String, Data)>, problems: &mut Vec<Problem>) -> Plan {
    let mut incomplete = PerFolder::<bool>::default();
    let mut ids = PerFolder::<Names>::default();
    // Sized from the listing: 100,000 jobs grown by doubling are copied
    // over and over.
    let mut jobs = Vec::with_capacity(entries.len());
    let mut unread = PerFolder::<Vec<(String, String)>>::default();
    // The names in each folder, so that no rename is suggested onto one:
    // only wanted for a file badly named (a set of every name is a tenth of
    // the listing's time at 100,000 files).
    let misnamed = entries
        .iter()
        .any(|(p, _)| matches!(classify(p), Class::BadName(..) | Class::Unread(..)));
    let names: PerFolder<HashSet<String>> = PerFolder::from_fn(|f| {
        entries
            .iter()
            .filter(|_| misnamed)
            .filter_map(|(p, _)| p.strip_prefix(f.dir())?.strip_prefix('/'))
            .filter(|n| !n.contains('/'))
            .map(str::to_string)
            .collect()
    });
    for (path, data) in entries {
        match classify(&path) {
            Class::Meta => jobs.push(Job {
                path,
                entity: None,
                data,
            }),
            Class::Entity(folder, id) => {
                ids[folder].push(id);
                let id = id.to_string();
                jobs.push(Job {
                    path,
                    entity: Some((folder, id)),
                    data,
                });
            }
            Class::BadName(folder, stem) => {
                // References to the file by its name or by the id it should
                // have are not unknown: the name is the one problem.
                incomplete[folder] = true;
                let fixed = fixed_id(stem);
                problems.push(bad_name(&path, folder, &fixed, &names[folder]));
                ids[folder].push(stem);
                ids[folder].extend(fixed);
            }
            Class::Unread(folder, name) => {
                let stem = name.split('.').next().unwrap_or_default().to_string();
                let help = if is_valid_id(&stem) {
                    rename_help(folder, &stem, &names[folder])
                } else {
                    format!("give it a name that is an id, ending in `{}`", folder.ext())
                };
                problems.push(Problem {
                    severity: Severity::Warning,
                    help: Some(help),
                    ..file_problem(
                        Code::FileNotRead,
                        &path,
                        format!(
                            "not read: an {}'s file name must end in `{}`",
                            folder.noun(),
                            folder.ext()
                        ),
                    )
                });
                unread[folder].push((stem, name.to_string()));
            }
            Class::Ignored => {}
        }
    }
    Plan {
        jobs,
        ids,
        incomplete,
        unread,
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// A dossier folder named `name`, its events' folder holding `files`
    /// (with `x` in each).
    fn folder(name: &str, files: &[&str]) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("dossier-plain-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("events")).unwrap();
        fs::write(root.join("dossier.toml"), "title = \"t\"").unwrap();
        for f in files {
            fs::write(root.join("events").join(f), "x").unwrap();
        }
        root
    }

    fn plain_ids(root: &Path) -> Option<Vec<String>> {
        let mut told = None;
        let plain = list_plain(root, Folder::Events, |n| told = Some(n));
        let ids: Option<Vec<String>> = plain.map(|p| p.ids.iter().map(str::to_string).collect());
        if let Some(ids) = &ids {
            assert_eq!(told, Some(ids.len()));
        }
        ids
    }

    #[test]
    fn a_plain_folder_is_listed_with_its_ids_in_the_files_order_and_what_is_ignored_left_out() {
        let root = folder(
            "plain",
            &[
                "b.toml",
                "a-2.toml",
                "a.toml",
                ".hidden.toml",
                "x.toml~",
                "README.md",
            ],
        );
        fs::create_dir(root.join("events").join("drafts")).unwrap();
        // In the order of the files' names, a load's order.
        assert_eq!(plain_ids(&root).unwrap(), ["a-2", "a", "b"]);
        let listing = list_dir(&root).unwrap();
        let plan = plan(listing.files, &mut Vec::new());
        let loaded: Vec<String> = plan.ids[Folder::Events]
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(plain_ids(&root).unwrap(), loaded);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_folder_with_anything_a_load_must_look_at_closer_is_not_plain() {
        for (name, odd) in [
            ("bad-name", "Bad Name.toml"),
            ("other-extension", "notes.md"),
            ("not-an-id", "-a.toml"),
        ] {
            let root = folder(name, &["a.toml", odd]);
            assert_eq!(plain_ids(&root), None, "{odd}");
            fs::remove_dir_all(&root).unwrap();
        }
        // A link, even to a file of the folder.
        let root = folder("link", &["a.toml"]);
        std::os::unix::fs::symlink("a.toml", root.join("events").join("b.toml")).unwrap();
        assert_eq!(plain_ids(&root), None);
        fs::remove_dir_all(&root).unwrap();
        // No events' folder, or one that is a link out of the dossier.
        let root = folder("none", &[]);
        fs::remove_dir(root.join("events")).unwrap();
        assert_eq!(plain_ids(&root), None);
        let elsewhere = folder("elsewhere", &["a.toml"]);
        std::os::unix::fs::symlink(elsewhere.join("events"), root.join("events")).unwrap();
        assert_eq!(plain_ids(&root), None);
        fs::remove_dir_all(&root).unwrap();
        fs::remove_dir_all(&elsewhere).unwrap();
    }
}
