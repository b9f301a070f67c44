//! Exports: the dossier written out for readers outside the terminal (JSON,
//! Markdown, TimelineJS, a static web dossier), one file per format. This
//! module holds what they share: which dossiers may be exported, the output
//! folder with its marker file, atomic writes, progress, and the small facts
//! about citations every format prints the same way.

pub mod excerpt;
pub mod html;
pub mod json;
pub mod markdown;
pub mod markup;
pub mod timelinejs;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::system::atomic::{self, Access, Staged};
use dossier_core::content::position::locate_all;
use dossier_core::content::{Article, Dossier, Severity, Source};
use dossier_core::escape::percent_fragment_into;
use dossier_core::text::{count, sanitize_line};

pub use excerpt::Excerpt;

/// The name of the file that marks a folder as an export, and lists the files
/// the export wrote (the only ones a later export may replace or remove).
pub const MARKER: &str = ".dossier-export";

/// What the marker file starts with.
const MARKER_HEAD: &str = "dossier export: files written by `dossier export`, each with the SHA-256 of what it wrote; a later export of the same format may replace or remove them while unchanged, and nothing else here";

/// What a folder may hold besides nothing and still be taken as empty: a
/// checkout for publishing pages (GitHub Pages and the like).
pub const PUBLISHING: [&str; 3] = [".git", "CNAME", ".nojekyll"];

/// The formats `dossier export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    TimelineJs,
    Html,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "markdown",
            Format::TimelineJs => "timelinejs",
            Format::Html => "html",
        }
    }

    /// The file a single-file format writes in its output folder.
    pub fn file_name(self) -> Option<&'static str> {
        match self {
            Format::Json => Some("dossier.json"),
            Format::Markdown => Some("dossier.md"),
            Format::TimelineJs => Some("timeline.json"),
            Format::Html => None,
        }
    }

    /// Whether a dossier with errors is exported without being asked to.
    fn takes_errors(self) -> bool {
        self == Format::Json
    }

    /// Whether the format publishes article text (excerpts, or whole texts
    /// with `--full-text`); the others publish only the cited passages.
    pub fn has_article_text(self) -> bool {
        matches!(self, Format::Json | Format::Html)
    }
}

/// How TimelineJS rows its events.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Group {
    /// One row per kind of event.
    #[default]
    Kind,
    /// One row per issue (an event's first issue).
    Issue,
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output, for the single-file formats.
    Stdout,
    /// A folder: created, or an empty one, or one holding a previous export.
    Dir(PathBuf),
}

#[derive(Debug, Clone)]
pub struct Options {
    pub format: Format,
    pub output: Output,
    /// Export a dossier with errors (what loaded) in every format.
    pub allow_errors: bool,
    /// TimelineJS: how events are rowed (`None`: not given, by kind).
    pub group: Option<Group>,
    /// HTML and JSON: publish each article's whole text, not excerpts.
    pub full_text: bool,
    /// TimelineJS: the web dossier's published address, for a link from
    /// each slide to the passages it leaves out.
    pub site_url: Option<String>,
    /// Show progress on stderr (the caller says whether it is a terminal).
    pub progress: bool,
}

impl Options {
    /// What is wrong with the command line, if anything: a flag that does
    /// not apply to the format, or standard output for a folder of files.
    pub fn usage_problem(&self) -> Option<String> {
        let format = self.format.name();
        if self.group.is_some() && self.format != Format::TimelineJs {
            return Some(format!(
                "--group applies only to the timelinejs format, not to {format}"
            ));
        }
        if let Some(url) = &self.site_url {
            if self.format != Format::TimelineJs {
                return Some(format!(
                    "--site-url applies only to the timelinejs format (its slides link to the web dossier), not to {format}"
                ));
            }
            if safe_url(url).is_none() {
                return Some(format!(
                    "--site-url takes the web dossier's http or https address, such as https://example.org/dossier/, not `{}`",
                    sanitize_line(url)
                ));
            }
        }
        if self.allow_errors && self.format == Format::Json {
            return Some(
                "--allow-errors applies only to the markdown, html and timelinejs formats; the json export always writes what loaded, with its problems listed".to_string(),
            );
        }
        if self.full_text && !self.format.has_article_text() {
            return Some(format!(
                "--full-text applies only to the html and json formats; the {format} export carries no article text, only the cited passages"
            ));
        }
        if self.output == Output::Stdout && self.format.file_name().is_none() {
            return Some(format!(
                "the {format} export is a folder of files: give --output a folder (`--output -` takes json, markdown or timelinejs)"
            ));
        }
        None
    }
}

/// Why an export did not happen.
#[derive(Debug)]
pub enum ExportError {
    /// The command line asks for something that does not apply (exit 2).
    Usage(String),
    /// The folder holds an export of another format.
    OtherFormat {
        dir: PathBuf,
        found: String,
        wanted: Format,
    },
    /// The folder's marker records no format: written by an older version.
    OldMarker(PathBuf),
    /// Files the export would write over that it did not write, or that
    /// changed since it wrote them: nothing was replaced.
    Changed(PathBuf, Vec<String>),
    /// The dossier has errors and the format refuses them unless asked.
    HasErrors(usize),
    /// The output folder exists, is not empty and holds no marker.
    NotAnExport(PathBuf),
    /// The output path exists and is not a folder.
    NotAFolder(PathBuf),
    Io(PathBuf, io::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = |p: &Path| sanitize_line(&p.display().to_string()).into_owned();
        match self {
            ExportError::Usage(m) => f.write_str(m),
            ExportError::OtherFormat { dir, found, wanted } => write!(
                f,
                "{} holds the {} export of a dossier; the {} export goes into another folder (a new or empty one), so that neither replaces the other",
                shown(dir),
                sanitize_line(found),
                wanted.name()
            ),
            ExportError::OldMarker(dir) => write!(
                f,
                "{} holds an export by an older version of dossier (its {MARKER} records no format or contents); choose a new or empty folder, or remove that one",
                shown(dir)
            ),
            ExportError::Changed(dir, files) => {
                let names: Vec<String> = files
                    .iter()
                    .map(|n| sanitize_line(n).into_owned())
                    .collect();
                write!(
                    f,
                    "{}: the export would write over {} that the last export did not write or that changed since: {}. Nothing was replaced; move {} away and export again",
                    shown(dir),
                    count(files.len(), "file"),
                    names.join(", "),
                    dossier_core::text::noun(files.len(), "it", "them"),
                )
            }
            ExportError::HasErrors(n) => write!(
                f,
                "the dossier has {} (listed above); nothing exported. --allow-errors exports what loaded",
                dossier_core::text::count(*n, "error")
            ),
            ExportError::NotAnExport(p) => write!(
                f,
                "{} exists and is not a previous export (it has no {MARKER} file); \
                 choose a new or empty folder",
                shown(p)
            ),
            ExportError::NotAFolder(p) => {
                write!(f, "{} exists and is not a folder", shown(p))
            }
            ExportError::Io(p, e) => write!(f, "{}: {e}", shown(p)),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub format: Format,
    /// The output folder, or `None` for standard output.
    pub dir: Option<PathBuf>,
    pub files: usize,
    pub bytes: u64,
    /// Files of the previous export that changed since it wrote them and
    /// that this export does not write: kept, and no longer listed.
    pub kept: Vec<String>,
    /// For the formats with article text: each article's id and what of it
    /// was published.
    pub shares: Vec<(String, Excerpt)>,
    /// The dossier's errors, and the entries left out because they did not
    /// load (only the JSON exports a dossier with errors without being asked).
    pub errors: usize,
    pub left_out: usize,
}

impl Report {
    /// What the export says on standard error when it succeeds: the share of
    /// each article published, the files kept, the errors, then one line
    /// saying what was written and what to open. Content in them (ids, names)
    /// is made inert.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        let full = self
            .shares
            .iter()
            .filter(|(_, e)| e.kind == excerpt::Kind::Full)
            .count();
        if full > 0 {
            out.push(format!(
                "published the whole text of {} (--full-text)",
                count(full, "article")
            ));
        }
        let mut uncited = 0;
        for (id, e) in &self.shares {
            let id = sanitize_line(id);
            match e.kind {
                excerpt::Kind::Full => {}
                _ if e.parts.is_empty() => uncited += 1,
                excerpt::Kind::Context => out.push(format!(
                    "article {id}: {}% of its words published ({} of {})",
                    e.percent(),
                    e.shown_words,
                    e.words
                )),
                excerpt::Kind::PassagesOnly => out.push(format!(
                    "article {id}: its cited passages alone are {}% of its words ({} of {}), over the cap of {}: published without context",
                    e.percent(),
                    e.shown_words,
                    e.words,
                    excerpt::CAP_TEXT
                )),
            }
        }
        if uncited > 0 {
            out.push(format!(
                "{} with no cited passage: no text published",
                count(uncited, "article")
            ));
        }
        for k in &self.kept {
            out.push(format!(
                "kept {}: it changed since the last export wrote it; it is yours now, no longer listed in {MARKER}",
                sanitize_line(k)
            ));
        }
        if self.errors > 0 {
            out.push(format!(
                "the dossier has {} (`dossier check` lists them): {} that did not load {} left out",
                count(self.errors, "error"),
                dossier_core::text::count_as(self.left_out, "entry", "entries"),
                dossier_core::text::noun(self.left_out, "is", "are"),
            ));
        }
        let shown = |p: &Path| sanitize_line(&p.display().to_string()).into_owned();
        out.push(match (&self.dir, self.format.file_name()) {
            (None, _) => format!(
                "wrote the {} export to standard output ({} bytes)",
                self.format.name(),
                self.bytes
            ),
            (Some(dir), Some(name)) => format!("wrote {}", shown(&dir.join(name))),
            (Some(dir), None) => format!(
                "wrote {}: open {}",
                count(self.files, "file"),
                shown(&dir.join("index.html"))
            ),
        });
        out
    }
}

/// How many events, issues and articles did not load: those whose file has
/// an error and whose id is not in the dossier.
pub fn left_out(d: &Dossier) -> usize {
    let mut files = BTreeSet::new();
    for p in d.problems.iter().filter(|p| p.severity == Severity::Error) {
        let path = p.path.as_str();
        let missing = if let Some(id) = path
            .strip_prefix("events/")
            .and_then(|r| r.strip_suffix(".toml"))
        {
            d.find_event(id).is_none()
        } else if let Some(id) = path
            .strip_prefix("issues/")
            .and_then(|r| r.strip_suffix(".toml"))
        {
            d.find_issue(id).is_none()
        } else if let Some(id) = path
            .strip_prefix("articles/")
            .and_then(|r| r.strip_suffix(".txt"))
        {
            d.find_article(id).is_none()
        } else {
            false
        };
        if missing {
            files.insert(path);
        }
    }
    files.len()
}

/// Exports `d` as `opts` asks. A dossier with errors is refused (before
/// anything is written) unless the format takes them or `allow_errors` is set.
pub fn export(d: &Dossier, opts: &Options) -> Result<Report, ExportError> {
    if let Some(problem) = opts.usage_problem() {
        return Err(ExportError::Usage(problem));
    }
    let errors = d.errors();
    if errors > 0 && !opts.format.takes_errors() && !opts.allow_errors {
        return Err(ExportError::HasErrors(errors));
    }
    let shown = if opts.format.has_article_text() {
        excerpt::plan(d, opts.full_text)
    } else {
        Vec::new()
    };
    let mut progress = Progress::new(opts.progress, opts.format);
    let mut report = match (&opts.output, opts.format.file_name()) {
        (Output::Stdout, _) => {
            let bytes = single(d, opts, &shown);
            let path = PathBuf::from("<stdout>");
            let mut out = io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| ExportError::Io(path, e))?;
            Report {
                format: opts.format,
                dir: None,
                files: 1,
                bytes: bytes.len() as u64,
                kept: Vec::new(),
                shares: Vec::new(),
                errors: 0,
                left_out: 0,
            }
        }
        (Output::Dir(dir), Some(name)) => {
            let mut out = OutDir::open(dir, opts.format)?;
            progress.total(1);
            let bytes = single(d, opts, &shown);
            out.write(name, &bytes)?;
            progress.step();
            progress.clear();
            out.finish()?
        }
        (Output::Dir(dir), None) => {
            let mut out = OutDir::open(dir, opts.format)?;
            let result = html::write(d, &shown, &mut out, &mut progress);
            progress.clear();
            result?;
            out.finish()?
        }
    };
    report.shares = d.articles.iter().map(|a| a.id.clone()).zip(shown).collect();
    report.errors = errors;
    report.left_out = if errors > 0 { left_out(d) } else { 0 };
    Ok(report)
}

/// The whole output of a single-file format.
fn single(d: &Dossier, opts: &Options, shown: &[Excerpt]) -> Vec<u8> {
    match opts.format {
        Format::Json => json::render_with(d, shown),
        Format::Markdown => markdown::render(d).into_bytes(),
        Format::TimelineJs => {
            timelinejs::render_with(d, opts.group.unwrap_or_default(), opts.site_url.as_deref())
        }
        Format::Html => Vec::new(),
    }
}

/// An output folder being written. Files are staged as temporary files
/// beside their targets; [`OutDir::finish`] syncs them all, then renames each
/// over its target, so no file of a previous export is replaced before the
/// whole new export is on disk, and none is ever half-written. (Syncing at the
/// end rather than file by file lets the file system flush them together: a
/// site of thousands of pages takes seconds, not minutes.) The marker records
/// the format and lists what was written, each file with the SHA-256 of its
/// content: a later export replaces or removes a file only while it is
/// unchanged.
pub struct OutDir {
    root: PathBuf,
    format: Format,
    /// What the previous export wrote (from its marker): each file's hashes.
    previous: Marker,
    /// What this export writes: each file's hash.
    written: BTreeMap<String, String>,
    /// Files this export would write over that are not the previous
    /// export's as it wrote them.
    conflicts: Vec<String>,
    /// Temporary files waiting to be renamed over their targets.
    staged: Vec<Staged>,
    bytes: u64,
}

/// The files a marker lists, each with the hashes of the contents the
/// exporter wrote there (one, or two while an export is being put in place).
type Marker = BTreeMap<String, BTreeSet<String>>;

impl OutDir {
    /// Takes `root` as the output folder for a `format` export: a path that
    /// does not exist yet (created), an empty folder (or one holding only
    /// [`PUBLISHING`] files), or one with a marker of the same format.
    /// Anything else is refused, untouched.
    pub fn open(root: &Path, format: Format) -> Result<OutDir, ExportError> {
        let io_err = |e| ExportError::Io(root.to_path_buf(), e);
        let mut previous = Marker::new();
        let mut marked = false;
        match fs::symlink_metadata(root) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir_all(root).map_err(io_err)?;
            }
            Err(e) => return Err(io_err(e)),
            Ok(m) if !m.is_dir() => return Err(ExportError::NotAFolder(root.to_path_buf())),
            Ok(_) => {
                let marker = root.join(MARKER);
                match fs::read_to_string(&marker) {
                    Ok(text) => {
                        let (found, files) = parse_marker(&text);
                        match found {
                            None => return Err(ExportError::OldMarker(root.to_path_buf())),
                            // A marker listing nothing (an export that
                            // failed before writing) binds no format.
                            Some(f) if f != format.name() && !files.is_empty() => {
                                return Err(ExportError::OtherFormat {
                                    dir: root.to_path_buf(),
                                    found: f,
                                    wanted: format,
                                });
                            }
                            Some(_) => {}
                        }
                        previous = files;
                        marked = true;
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        for entry in fs::read_dir(root).map_err(io_err)? {
                            let name = entry.map_err(io_err)?.file_name();
                            if !PUBLISHING.iter().any(|p| name == *p) {
                                return Err(ExportError::NotAnExport(root.to_path_buf()));
                            }
                        }
                    }
                    Err(e) => return Err(ExportError::Io(marker, e)),
                }
            }
        }
        let out = OutDir {
            root: root.to_path_buf(),
            format,
            previous,
            written: BTreeMap::new(),
            conflicts: Vec::new(),
            staged: Vec::new(),
            bytes: 0,
        };
        // Marked from the start: an export cut short leaves a folder the next
        // one recognises.
        if !marked {
            out.write_marker(&out.previous)?;
        }
        Ok(out)
    }

    /// Stages `bytes` for `rel` (a `/`-separated path of the exporter's own
    /// making) inside the folder; [`OutDir::finish`] puts it in place. A
    /// file already there that the previous export did not write, or that
    /// changed since, is noted and left alone: [`OutDir::finish`] then
    /// refuses the whole export.
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        debug_assert!(is_own_name(rel), "{rel}");
        let path = self.root.join(rel);
        if !self.replaceable(rel, &path)? {
            self.conflicts.push(rel.to_string());
            return Ok(());
        }
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| ExportError::Io(parent.to_path_buf(), e))?;
        }
        match atomic::stage(&path, bytes, Access::Shared) {
            Ok(staged) => self.staged.push(staged),
            Err(e) => {
                self.abandon();
                return Err(ExportError::Io(path, e));
            }
        }
        self.bytes += bytes.len() as u64;
        self.written.insert(rel.to_string(), hash(bytes));
        Ok(())
    }

    /// Whether the file at `path` may be replaced: there is none, or it is
    /// the previous export's, unchanged.
    fn replaceable(&self, rel: &str, path: &Path) -> Result<bool, ExportError> {
        // The folder it goes in must be a folder of the export's, not a
        // link that would lead the export elsewhere.
        if let Some((folder, _)) = rel.split_once('/') {
            match fs::symlink_metadata(self.root.join(folder)) {
                Ok(m) if !m.is_dir() => return Ok(false),
                _ => {}
            }
        }
        match fs::symlink_metadata(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(true),
            Err(e) => Err(ExportError::Io(path.to_path_buf(), e)),
            Ok(m) if !m.is_file() => Ok(false),
            Ok(_) => self.unchanged(rel, path),
        }
    }

    /// Whether the regular file at `path` holds what the previous export
    /// wrote there.
    fn unchanged(&self, rel: &str, path: &Path) -> Result<bool, ExportError> {
        let Some(hashes) = self.previous.get(rel) else {
            return Ok(false);
        };
        let bytes = fs::read(path).map_err(|e| ExportError::Io(path.to_path_buf(), e))?;
        Ok(hashes.contains(&hash(&bytes)))
    }

    /// Removes the staged files after a failure: the previous export stays whole.
    fn abandon(&mut self) {
        // Each staged file not yet in place removes itself when dropped.
        self.staged.clear();
    }

    /// Syncs the staged files and renames each over its target, removes
    /// what the previous export wrote and this one did not (when unchanged),
    /// then writes the marker with this export's files. Refuses, replacing
    /// nothing, when a file to write over was not the previous export's.
    pub fn finish(mut self) -> Result<Report, ExportError> {
        if !self.conflicts.is_empty() {
            self.abandon();
            let files = std::mem::take(&mut self.conflicts);
            return Err(ExportError::Changed(self.root.clone(), files));
        }
        let synced = each_staged(&mut self.staged, |s| s.sync());
        if let Err((path, e)) = synced {
            self.abandon();
            return Err(ExportError::Io(path, e));
        }
        // While files are being renamed the marker lists both contents of
        // each, so an export cut short leaves a folder the next one knows.
        let mut both = self.previous.clone();
        for (rel, h) in &self.written {
            both.entry(rel.clone()).or_default().insert(h.clone());
        }
        if let Err(e) = self.write_marker(&both) {
            self.abandon();
            return Err(e);
        }
        // Renamed only once every file is on disk. A rename that fails
        // leaves the folder with some files new and some old.
        let renamed = each_staged(&mut self.staged, Staged::rename);
        if let Err((path, e)) = renamed {
            self.abandon();
            return Err(ExportError::Io(path, e));
        }
        let mut dirs: BTreeSet<PathBuf> = std::mem::take(&mut self.staged)
            .iter()
            .filter_map(|s| s.target().parent().map(Path::to_path_buf))
            .collect();
        let mut kept = Vec::new();
        let stale: Vec<String> = self
            .previous
            .keys()
            .filter(|k| !self.written.contains_key(*k))
            .cloned()
            .collect();
        for rel in stale {
            let path = self.root.join(&rel);
            match fs::symlink_metadata(&path) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(ExportError::Io(path, e)),
                // A folder or a link there is not the exporter's.
                Ok(m) if !m.is_file() => kept.push(rel),
                Ok(_) if !self.unchanged(&rel, &path)? => kept.push(rel),
                Ok(_) => {
                    fs::remove_file(&path).map_err(|e| ExportError::Io(path.clone(), e))?;
                    // The folder, if that left it empty (fails otherwise).
                    if let Some(parent) = path.parent()
                        && parent != self.root
                    {
                        let _ = fs::remove_dir(parent);
                    }
                }
            }
        }
        let written: Marker = self
            .written
            .iter()
            .map(|(k, h)| (k.clone(), BTreeSet::from([h.clone()])))
            .collect();
        self.write_marker(&written)?;
        dirs.insert(self.root.clone());
        for dir in dirs {
            if let Ok(d) = File::open(&dir) {
                let _ = d.sync_all();
            }
        }
        Ok(Report {
            format: self.format,
            dir: Some(self.root.clone()),
            files: self.written.len(),
            bytes: self.bytes,
            kept,
            shares: Vec::new(),
            errors: 0,
            left_out: 0,
        })
    }

    fn write_marker(&self, files: &Marker) -> Result<(), ExportError> {
        let mut text = String::with_capacity(128 + files.len() * 96);
        text.push_str(MARKER_HEAD);
        text.push('\n');
        text.push_str("format: ");
        text.push_str(self.format.name());
        text.push('\n');
        for (f, hashes) in files {
            for h in hashes {
                text.push_str(h);
                text.push_str("  ");
                text.push_str(f);
                text.push('\n');
            }
        }
        let path = self.root.join(MARKER);
        atomic_write(&path, text.as_bytes()).map_err(|e| ExportError::Io(path, e))
    }
}

/// An export that stops before [`OutDir::finish`] (an error, a panic)
/// leaves no temporary file behind, and the previous export whole.
impl Drop for OutDir {
    fn drop(&mut self) {
        self.abandon();
    }
}

/// The SHA-256 of `bytes`, in lowercase hex.
fn hash(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write as _;
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// Runs `step` on every staged file from several threads: syncing and
/// renaming thousands of files one by one waits on the disk for each, while
/// the file system can serve many at once.
fn each_staged(
    staged: &mut [Staged],
    step: impl Fn(&mut Staged) -> io::Result<()> + Sync,
) -> Result<(), (PathBuf, io::Error)> {
    const THREADS: usize = 16;
    let chunk = staged.len().div_ceil(THREADS).max(1);
    let step = &step;
    std::thread::scope(|scope| {
        let workers: Vec<_> = staged
            .chunks_mut(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter_mut()
                        .try_for_each(|s| step(s).map_err(|e| (s.target().to_path_buf(), e)))
                })
            })
            .collect();
        workers.into_iter().try_for_each(|w| {
            w.join().unwrap_or_else(|_| {
                Err((PathBuf::new(), io::Error::other("a writer thread failed")))
            })
        })
    })
}

/// The format a marker records and the files it lists with their hashes,
/// keeping only names the exporter could have written: a hand-edited marker
/// cannot make an export delete or replace anything else, and a file it
/// lists is replaced or removed only while its content has a listed hash.
fn parse_marker(text: &str) -> (Option<String>, Marker) {
    let mut format = None;
    let mut files = Marker::new();
    for line in text.lines().skip(1) {
        if let Some(f) = line.strip_prefix("format: ") {
            format = Some(f.trim().to_string());
        } else if let Some((h, name)) = line.split_once("  ")
            && h.len() == 64
            && h.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && is_own_name(name)
        {
            files
                .entry(name.to_string())
                .or_default()
                .insert(h.to_string());
        }
    }
    (format, files)
}

/// A path the exporter writes: at most two parts, each made of lowercase
/// letters, digits, `-` and `.`, starting with a letter or digit (so never
/// `..`, a dot-file, or an absolute path).
pub fn is_own_name(rel: &str) -> bool {
    let parts: Vec<&str> = rel.split('/').collect();
    parts.len() <= 2
        && parts.iter().all(|p| {
            p.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
                && p.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
        })
}

/// Writes `path` whole or not at all, through the program's one atomic writer.
fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    atomic::replace(path, bytes, Access::Shared)
}

/// Progress on stderr, when it is a terminal: `exporting html: 120/900 files`,
/// redrawn at most ten times a second, erased at the end.
pub struct Progress {
    enabled: bool,
    format: Format,
    total: usize,
    done: usize,
    last: Option<Instant>,
}

impl Progress {
    fn new(enabled: bool, format: Format) -> Progress {
        Progress {
            enabled,
            format,
            total: 0,
            done: 0,
            last: None,
        }
    }

    pub fn total(&mut self, total: usize) {
        self.total = total;
    }

    pub fn step(&mut self) {
        self.done += 1;
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if self
            .last
            .is_some_and(|t| now.duration_since(t) < Duration::from_millis(100))
            && self.done < self.total
        {
            return;
        }
        self.last = Some(now);
        let mut err = io::stderr().lock();
        let _ = write!(
            err,
            "\rexporting {}: {}/{} {}",
            self.format.name(),
            self.done,
            self.total,
            dossier_core::text::noun(self.total, "file", "files")
        );
        let _ = err.flush();
    }

    fn clear(&mut self) {
        if self.enabled && self.last.is_some() {
            let mut err = io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

/// The passage a source quotes, as it stands in its article.
pub fn passage<'a>(d: &'a Dossier, s: &Source) -> &'a str {
    d.article(s.article)
        .text
        .get(s.span.clone())
        .unwrap_or_default()
}

/// The file's own `(line, column)` of each offset of `a.text`: lines and
/// columns from 1, columns in characters, as `dossier check` prints them.
pub fn file_positions(a: &Article, offsets: &[usize]) -> Vec<(usize, usize)> {
    locate_all(a.text.as_bytes(), offsets)
        .into_iter()
        .map(|(line, col)| (line + a.text_line.saturating_sub(1), col))
        .collect()
}

/// The character offset (Unicode scalar values, as Python's `str` and
/// Rust's `chars()` count) of each byte offset of `text`, in the order
/// given, in one pass over the text. An offset inside a character or past
/// the end counts the characters before it.
pub fn char_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&k| offsets[k]);
    let mut out = vec![0; offsets.len()];
    let bytes = text.as_bytes();
    let (mut at, mut chars) = (0usize, 0usize);
    for k in order {
        let to = offsets[k].min(bytes.len());
        if to > at {
            // Every byte that does not continue a character starts one.
            chars += bytes[at..to]
                .iter()
                .filter(|&&b| (b as i8) >= -0x40)
                .count();
            at = to;
        }
        out[k] = chars;
    }
    out
}

/// The path of an article's file in the dossier folder.
pub fn article_path(a: &Article) -> String {
    format!("articles/{}.txt", a.id)
}

/// How an article is named in a citation: `Outlet, “Title”`, or the title
/// alone when there is no outlet.
pub fn article_name(a: &Article) -> String {
    match &a.outlet {
        Some(o) => format!("{o}, “{}”", a.title),
        None => a.title.clone(),
    }
}

/// The URL when it may become a link: `http` or `https`, a host, and only
/// characters that need no escaping in an HTML attribute or a Markdown link.
/// Letters beyond ASCII (`https://de.wikipedia.org/wiki/Gewerkschaft_für_…`,
/// an internationalised host) are allowed and given percent-encoded in
/// UTF-8, as a browser sends them; spaces, controls, bidi and other
/// invisible format characters are not.
pub fn safe_url(url: &str) -> Option<Cow<'_, str>> {
    let url = url.trim();
    let rest = dossier_core::text::after_http_scheme(url)?;
    let host_ok = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '[');
    let chars_ok = url.chars().all(|c| {
        if c.is_ascii() {
            c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&()*+,;=%".contains(c)
        } else {
            !c.is_whitespace() && !c.is_control() && !invisible(c)
        }
    });
    if !(host_ok && chars_ok) {
        return None;
    }
    if url.is_ascii() {
        return Some(Cow::Borrowed(url));
    }
    let mut out = String::with_capacity(url.len() * 2);
    for c in url.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            percent_fragment_into(&mut out, c.encode_utf8(&mut buf));
        }
    }
    Some(Cow::Owned(out))
}

/// Characters that show nothing or turn text around: bidi marks,
/// embeddings, overrides and isolates, zero-width characters, the BOM.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{061c}' | '\u{00ad}')
}

/// The article's own address at a passage: its `http(s)` URL (see
/// [`safe_url`]) with a text fragment (`#:~:text=`) that current browsers
/// scroll to and highlight. A passage of more than [`FRAGMENT_WORDS`] words is
/// given as its first and last words (`textStart,textEnd`), so that a long
/// passage still matches across the outlet's markup. `None` without a URL
/// that may be a link.
pub fn passage_url(a: &Article, passage: &str) -> Option<String> {
    let url = safe_url(a.url.as_deref()?)?;
    let url = url.as_ref();
    let words: Vec<&str> = passage.split_whitespace().collect();
    if words.is_empty() {
        return Some(url.to_string());
    }
    let mut out = String::with_capacity(url.len() + passage.len() * 2);
    out.push_str(url);
    out.push_str(if url.contains(":~:") {
        "&text="
    } else if url.contains('#') {
        ":~:text="
    } else {
        "#:~:text="
    });
    if words.len() > FRAGMENT_WORDS {
        let edge = FRAGMENT_WORDS / 2;
        percent_fragment_into(&mut out, &words[..edge].join(" "));
        out.push(',');
        percent_fragment_into(&mut out, &words[words.len() - edge..].join(" "));
    } else {
        percent_fragment_into(&mut out, &words.join(" "));
    }
    Some(out)
}

/// Passages up to this many words are given whole in a text fragment;
/// longer ones as half as many words from each end.
pub const FRAGMENT_WORDS: usize = 10;

/// The paragraph (text between blank lines) around `span`, as a byte range
/// of `text`; a span across paragraphs gets all of them.
pub fn paragraph_around(text: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let from = text[..start].rfind("\n\n").map_or(0, |i| i + 2);
    let to = text[end..].find("\n\n").map_or(text.len(), |i| end + i);
    from..to
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_urls_with_plain_characters_are_links() {
        assert_eq!(
            safe_url("https://example.org/a?b=1#c").as_deref(),
            Some("https://example.org/a?b=1#c")
        );
        assert_eq!(safe_url(" HTTP://x.org ").as_deref(), Some("HTTP://x.org"));
        // Letters beyond ASCII, percent-encoded as a browser sends them.
        assert_eq!(
            safe_url("https://de.wikipedia.org/wiki/Gewerkschaft_für_Künstler").as_deref(),
            Some("https://de.wikipedia.org/wiki/Gewerkschaft_f%C3%BCr_K%C3%BCnstler")
        );
        assert_eq!(
            safe_url("https://bücher.example/").as_deref(),
            Some("https://b%C3%BCcher.example/")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript://x.org/%0aalert(1)",
            "data:text/html,<script>",
            "https://",
            "https://x.org/\"onmouseover=alert(1)",
            "https://x.org/<script>",
            "https://x.org/a b",
            "https://x.org/'x",
            "ftp://x.org",
            "//x.org",
            "https://x.org/\u{202e}",
            "https://x.org/a\u{a0}b",
            "https://x.org/\u{200b}",
            "https://\u{2066}x.org/",
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
    }

    #[test]
    fn text_fragments_encode_their_syntax_and_everything_else() {
        let a = |url: &str| {
            let mut a = Article::stub("a", "A", "");
            a.url = Some(url.to_string());
            a
        };
        let at = |url: &str, p: &str| passage_url(&a(url), p);
        assert_eq!(
            at("https://e.org/x", "SAG-AFTRA, the “union” & co"),
            Some(
                "https://e.org/x#:~:text=SAG%2DAFTRA%2C%20the%20%E2%80%9Cunion%E2%80%9D%20%26%20co"
                    .to_string()
            )
        );
        assert_eq!(
            at("https://e.org/x#top", "a b"),
            Some("https://e.org/x#top:~:text=a%20b".to_string())
        );
        assert_eq!(
            at("https://e.org/x", "one two three four five six seven eight nine ten eleven"),
            Some(
                "https://e.org/x#:~:text=one%20two%20three%20four%20five,seven%20eight%20nine%20ten%20eleven"
                    .to_string()
            )
        );
        assert_eq!(at("javascript:alert(1)", "a"), None);
        let hostile = at("https://e.org/", "\"'><script>-,&%#\u{202e}").unwrap_or_default();
        assert!(
            hostile
                .trim_start_matches("https://e.org/#:~:text=")
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'%'),
            "{hostile}"
        );
        assert!(safe_url(&hostile).is_some());
    }

    #[test]
    fn own_names_only() {
        for ok in [
            "index.html",
            "articles/a-1.html",
            "dossier.json",
            "style.css",
        ] {
            assert!(is_own_name(ok), "{ok}");
        }
        for bad in [
            "",
            "..",
            "../x",
            "/etc/passwd",
            ".dossier-export",
            "a/../b",
            "a/b/c",
            "A.html",
            "x/.y",
            "a//b",
        ] {
            assert!(!is_own_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_marker_keeps_its_format_and_only_well_formed_own_lines() {
        let h = "a".repeat(64);
        let text = format!(
            "head\nformat: html\n{h}  index.html\n{h}  ../x\nmine.txt\n{h} one-space.html\nABC  a.html\n{h}  articles/a.html\n"
        );
        let (format, files) = parse_marker(&text);
        assert_eq!(format.as_deref(), Some("html"));
        let names: Vec<&str> = files.keys().map(String::as_str).collect();
        assert_eq!(names, ["articles/a.html", "index.html"]);
        assert_eq!(parse_marker("head\nindex.html\n").0, None);
        assert_eq!(hash(b"").len(), 64);
        assert_eq!(
            hash(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn paragraphs_around_a_span() {
        let t = "one\n\ntwo three\nfour\n\nfive";
        let at = t.find("three").unwrap_or(0);
        assert_eq!(&t[paragraph_around(t, at..at + 5)], "two three\nfour");
        let five = t.find("five").unwrap_or(0);
        assert_eq!(
            &t[paragraph_around(t, at..five + 2)],
            "two three\nfour\n\nfive"
        );
        assert_eq!(&t[paragraph_around(t, 0..3)], "one");
    }
}
