//! Exports: the dossier written out for readers outside the terminal (JSON,
//! Markdown, TimelineJS, a static web dossier), one file per format. This
//! module holds what they share: which dossiers may be exported, the output
//! folder with its marker file, atomic writes, progress, and the small facts
//! about citations every format prints the same way.

pub mod html;
pub mod json;
pub mod markdown;
pub mod markup;
pub mod timelinejs;

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::position::locate_all;
use crate::content::{Article, Dossier, Source};
use crate::text::display_char;

/// The name of the file that marks a folder as an export, and lists the files
/// the export wrote (the only ones a later export may replace or remove).
pub const MARKER: &str = ".dossier-export";

/// What the marker file starts with.
const MARKER_HEAD: &str = "dossier export: files written by `dossier export`; a later export may replace or remove them, and nothing else here";

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
    /// TimelineJS: how events are rowed.
    pub group: Group,
    /// HTML: put each article's whole text on its page, not only the
    /// paragraphs with cited passages.
    pub full_text: bool,
    /// Show progress on stderr (the caller says whether it is a terminal).
    pub progress: bool,
}

/// Why an export did not happen.
#[derive(Debug)]
pub enum ExportError {
    /// The dossier has errors and the format refuses them unless asked.
    HasErrors(usize),
    /// The output folder exists, is not empty and holds no marker.
    NotAnExport(PathBuf),
    /// The output path exists and is not a folder.
    NotAFolder(PathBuf),
    /// The format writes many files and cannot go to standard output.
    NoStdout(Format),
    Io(PathBuf, io::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::HasErrors(n) => write!(
                f,
                "the dossier has {} (listed above); nothing exported. --allow-errors exports what loaded",
                crate::text::count(*n, "error")
            ),
            ExportError::NotAnExport(p) => write!(
                f,
                "{} exists and is not a previous export (it has no {MARKER} file); \
                 choose a new or empty folder",
                p.display()
            ),
            ExportError::NotAFolder(p) => {
                write!(f, "{} exists and is not a folder", p.display())
            }
            ExportError::NoStdout(format) => write!(
                f,
                "the {} export is a folder of files: give --output a folder",
                format.name()
            ),
            ExportError::Io(p, e) => write!(f, "{}: {e}", p.display()),
        }
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub files: usize,
    pub bytes: u64,
}

/// Exports `d` as `opts` asks. A dossier with errors is refused (before
/// anything is written) unless the format takes them or `allow_errors` is set.
pub fn export(d: &Dossier, opts: &Options) -> Result<Report, ExportError> {
    let errors = d.errors();
    if errors > 0 && !opts.format.takes_errors() && !opts.allow_errors {
        return Err(ExportError::HasErrors(errors));
    }
    let mut progress = Progress::new(opts.progress, opts.format);
    match (&opts.output, opts.format.file_name()) {
        (Output::Stdout, None) => Err(ExportError::NoStdout(opts.format)),
        (Output::Stdout, Some(_)) => {
            let bytes = single(d, opts);
            let path = PathBuf::from("<stdout>");
            let mut out = io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|()| out.flush())
                .map_err(|e| ExportError::Io(path, e))?;
            Ok(Report {
                files: 1,
                bytes: bytes.len() as u64,
            })
        }
        (Output::Dir(dir), Some(name)) => {
            let mut out = OutDir::open(dir)?;
            progress.total(1);
            let bytes = single(d, opts);
            out.write(name, &bytes)?;
            progress.step();
            progress.clear();
            out.finish()
        }
        (Output::Dir(dir), None) => {
            let mut out = OutDir::open(dir)?;
            let result = html::write(d, opts, &mut out, &mut progress);
            progress.clear();
            result?;
            out.finish()
        }
    }
}

/// The whole output of a single-file format.
fn single(d: &Dossier, opts: &Options) -> Vec<u8> {
    match opts.format {
        Format::Json => json::render(d),
        Format::Markdown => markdown::render(d).into_bytes(),
        Format::TimelineJs => timelinejs::render(d, opts.group),
        Format::Html => Vec::new(),
    }
}

/// An output folder being written. Files are staged as temporary files
/// beside their targets; [`OutDir::finish`] syncs them all, then renames each
/// over its target, so no file of a previous export is replaced before the
/// whole new export is on disk, and none is ever half-written. (Syncing at the
/// end rather than file by file lets the file system flush them together: a
/// site of thousands of pages takes seconds, not minutes.) The marker lists
/// what was written.
pub struct OutDir {
    root: PathBuf,
    /// What the previous export wrote (from its marker).
    previous: BTreeSet<String>,
    written: BTreeSet<String>,
    /// Temporary files waiting to be renamed over their targets.
    staged: Vec<(PathBuf, PathBuf)>,
    bytes: u64,
}

impl OutDir {
    /// Takes `root` as the output folder: a path that does not exist yet
    /// (created), an empty folder, or one with a marker. Anything else is refused.
    pub fn open(root: &Path) -> Result<OutDir, ExportError> {
        let io_err = |e| ExportError::Io(root.to_path_buf(), e);
        let mut previous = BTreeSet::new();
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
                        previous = parse_marker(&text);
                        marked = true;
                    }
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {
                        let mut entries = fs::read_dir(root).map_err(io_err)?;
                        if entries.next().is_some() {
                            return Err(ExportError::NotAnExport(root.to_path_buf()));
                        }
                    }
                    Err(e) => return Err(ExportError::Io(marker, e)),
                }
            }
        }
        let out = OutDir {
            root: root.to_path_buf(),
            previous,
            written: BTreeSet::new(),
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
    /// making) inside the folder; [`OutDir::finish`] puts it in place.
    pub fn write(&mut self, rel: &str, bytes: &[u8]) -> Result<(), ExportError> {
        debug_assert!(is_own_name(rel), "{rel}");
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| ExportError::Io(parent.to_path_buf(), e))?;
        }
        let tmp = temp_path(&path);
        if let Err(e) = fs::write(&tmp, bytes) {
            let _ = fs::remove_file(&tmp);
            self.abandon();
            return Err(ExportError::Io(path, e));
        }
        self.staged.push((tmp, path));
        self.bytes += bytes.len() as u64;
        self.written.insert(rel.to_string());
        Ok(())
    }

    /// Removes the staged files after a failure: the previous export stays whole.
    fn abandon(&mut self) {
        for (tmp, _) in self.staged.drain(..) {
            let _ = fs::remove_file(tmp);
        }
    }

    /// Syncs the staged files and renames each over its target, removes
    /// what the previous export wrote and this one did not, then writes the
    /// marker with this export's files.
    pub fn finish(mut self) -> Result<Report, ExportError> {
        let synced = each_staged(&self.staged, |tmp, _| File::open(tmp)?.sync_all());
        if let Err((path, e)) = synced {
            self.abandon();
            return Err(ExportError::Io(path, e));
        }
        // Renamed only once every file is on disk. A rename that fails
        // leaves the folder with some files new and some old.
        let renamed = each_staged(&self.staged, |tmp, path| fs::rename(tmp, path));
        if let Err((path, e)) = renamed {
            self.abandon();
            return Err(ExportError::Io(path, e));
        }
        let mut dirs: BTreeSet<PathBuf> = std::mem::take(&mut self.staged)
            .into_iter()
            .filter_map(|(_, path)| path.parent().map(Path::to_path_buf))
            .collect();
        for stale in self.previous.difference(&self.written) {
            let path = self.root.join(stale);
            // Only regular files: a folder or link there is not the exporter's.
            if fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                fs::remove_file(&path).map_err(|e| ExportError::Io(path.clone(), e))?;
            }
        }
        self.write_marker(&self.written)?;
        dirs.insert(self.root.clone());
        for dir in dirs {
            if let Ok(d) = File::open(&dir) {
                let _ = d.sync_all();
            }
        }
        Ok(Report {
            files: self.written.len(),
            bytes: self.bytes,
        })
    }

    fn write_marker(&self, files: &BTreeSet<String>) -> Result<(), ExportError> {
        let mut text = String::with_capacity(64 + files.len() * 32);
        text.push_str(MARKER_HEAD);
        text.push('\n');
        for f in files {
            text.push_str(f);
            text.push('\n');
        }
        let path = self.root.join(MARKER);
        atomic_write(&path, text.as_bytes()).map_err(|e| ExportError::Io(path, e))
    }
}

/// Runs `step` on every staged `(temporary, target)` pair from several
/// threads: syncing and renaming thousands of files one by one waits on the
/// disk for each, while the file system can serve many at once.
fn each_staged(
    staged: &[(PathBuf, PathBuf)],
    step: impl Fn(&Path, &Path) -> io::Result<()> + Sync,
) -> Result<(), (PathBuf, io::Error)> {
    const THREADS: usize = 16;
    let chunk = staged.len().div_ceil(THREADS).max(1);
    let step = &step;
    std::thread::scope(|scope| {
        let workers: Vec<_> = staged
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .try_for_each(|(tmp, path)| step(tmp, path).map_err(|e| (path.clone(), e)))
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

/// The temporary file beside `path`: a dot-file, named after it and this process.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

/// The files a marker lists, keeping only names the exporter could have
/// written: a hand-edited marker cannot make an export delete anything else.
fn parse_marker(text: &str) -> BTreeSet<String> {
    text.lines()
        .skip(1)
        .filter(|l| is_own_name(l))
        .map(str::to_string)
        .collect()
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

/// Writes `path` through a temporary file in the same folder: write, sync,
/// rename over. A reader of `path` sees the old file or the new one, never half.
fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
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
            crate::text::noun(self.total, "file", "files")
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
pub fn safe_url(url: &str) -> Option<&str> {
    let url = url.trim();
    let rest = crate::text::after_http_scheme(url)?;
    let host_ok = rest
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_alphanumeric() || b == b'[');
    let chars_ok = url
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&()*+,;=%".contains(&b));
    (host_ok && chars_ok).then_some(url)
}

/// Content text with the characters no page should carry replaced by visible
/// stand-ins: C0 and C1 controls (newlines and tabs kept), DEL, and the bidi
/// embeddings, overrides and isolates that could make text read backwards.
/// Everything else (emoji, joiners, marks) is kept for the browser to draw.
pub fn clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if bad(c) { display_char(c) } else { c })
            .collect(),
    )
}

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
            safe_url("https://example.org/a?b=1#c"),
            Some("https://example.org/a?b=1#c")
        );
        assert_eq!(safe_url(" HTTP://x.org "), Some("HTTP://x.org"));
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
        ] {
            assert_eq!(safe_url(bad), None, "{bad}");
        }
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
