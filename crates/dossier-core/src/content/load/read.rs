//! The second stage of a load: reading each file (bounded in size) and
//! handing its text to the parser for its kind, on two threads for a large
//! dossier.

use std::io::Read;
use std::sync::Arc;

use super::super::boundary::OUTSIDE;
use super::super::code::Code;
use super::super::draft::Item;
use super::super::pending::{Pending, file_problem, locate};
use super::super::problem::{Problem, Severity};
use super::super::stamp::Stamp;
use super::Progress;
use super::files::{Data, Folder, Job};
use super::open::Opener;
use super::parse::{parse_article, parse_event, parse_issue, parse_meta};

/// Files larger than this are refused: a dossier's files are small, and a
/// stray huge file should cost a message, not the machine's memory. 64 MiB
/// leaves room for a very long article (a 50 MB one is tested).
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Phase one's result for one file.
pub(super) struct FileOut {
    pub path: String,
    pub entity: Option<(Folder, String)>,
    /// The file as on disk, kept for events and issues to place the problems
    /// found later; empty for articles (their text moves into the model).
    pub text: String,
    pub problems: Vec<Problem>,
    pub item: Item,
    /// What the file was when it was read (from the same open file).
    pub stamp: Option<Stamp>,
    /// The content hash of an event's or an issue's file
    /// ([`content_hash`](super::super::model::content_hash)).
    pub hash: Option<u64>,
}

/// Below this many files, loading stays on one thread: a small dossier loads
/// in a millisecond or two, less than waking a second processor can take.
pub(super) const PARALLEL_MIN_FILES: usize = 256;

/// Reads and parses every file, on two threads (on this one, as they are
/// consumed, below `PARALLEL_MIN_FILES`). The results come back in the jobs'
/// (sorted) order, interleaved on the fly: copying them into one vector first
/// would hold every result twice at the peak.
pub(super) fn read_and_parse(
    jobs: Vec<Job>,
    progress: Option<Arc<Progress>>,
) -> Box<dyn Iterator<Item = FileOut>> {
    match progress {
        None => on_two_threads(jobs, |opener, job| process_with(job, opener)),
        Some(progress) => on_two_threads(jobs, move |opener, job| {
            let out = process_with(job, opener);
            progress.file_read(&out.problems);
            out
        }),
    }
}

/// `work` done on every job, on two threads (on this one, as they are
/// consumed, below `PARALLEL_MIN_FILES`), the results in the jobs' order.
/// Each thread opens its files with an [`Opener`] of its own.
pub(super) fn on_two_threads<T: Send + 'static>(
    jobs: Vec<Job>,
    work: impl Fn(&mut Opener, Job) -> T + Sync + 'static,
) -> Box<dyn Iterator<Item = T>> {
    let n = jobs.len();
    if n < PARALLEL_MIN_FILES {
        let mut opener = Opener::default();
        return Box::new(jobs.into_iter().map(move |job| work(&mut opener, job)));
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
    let (a, b) = crate::parallel::both(mine, theirs, |half| {
        let mut opener = Opener::default();
        half.into_iter()
            .map(|job| work(&mut opener, job))
            .collect::<Vec<T>>()
    });
    // Even jobs went to `a`, odd ones to `b`, and `a` has the extra one.
    let mut b = b.into_iter();
    Box::new(
        a.into_iter()
            .flat_map(move |x| std::iter::once(x).chain(b.next())),
    )
}

/// A file's bytes, with its stamp when it is on disk.
type Bytes = (Vec<u8>, Option<Stamp>);

pub(super) fn read(data: Data, opener: &mut Opener) -> Result<Bytes, (Code, String)> {
    match data {
        Data::Mem(bytes) if bytes.len() > MAX_FILE_BYTES => Err(too_large(bytes.len())),
        Data::Mem(bytes) => Ok((bytes, None)),
        Data::Outside => Err((Code::LinkOutside, OUTSIDE.to_string())),
        Data::Disk(path) => {
            let file = opener
                .open(&path)
                .map_err(|e| (Code::CannotRead, format!("cannot read the file: {e}")))?;
            let meta = file.metadata().ok();
            let len = meta.as_ref().map_or(0, |m| m.len());
            let stamp = meta.as_ref().and_then(Stamp::of);
            if len > MAX_FILE_BYTES as u64 {
                return Err(too_large(usize::try_from(len).unwrap_or(usize::MAX)));
            }
            let bytes = match usize::try_from(len) {
                Ok(len) if len > 0 => read_sized(file, len),
                // A file the system gives no length for is read to its end,
                // bounded all the same.
                _ => {
                    let mut bytes = Vec::new();
                    file.take(MAX_FILE_BYTES as u64 + 1)
                        .read_to_end(&mut bytes)
                        .map(|_| bytes)
                }
            }
            .map_err(|e| (Code::CannotRead, format!("cannot read the file: {e}")))?;
            if bytes.len() > MAX_FILE_BYTES {
                return Err(too_large(bytes.len()));
            }
            Ok((bytes, stamp))
        }
    }
}

/// The first `len` bytes of `file` (fewer if it ends before), the length
/// its stamp gives: read in one call where the system gives them all, with
/// no second call to find the end and no regrowing of the buffer (reading
/// to the end takes at least two calls, and a first one of 8 KiB).
fn read_sized(mut file: std::fs::File, len: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = vec![0; len];
    let mut filled = 0;
    while let Some(rest) = bytes.get_mut(filled..).filter(|r| !r.is_empty()) {
        match file.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

fn too_large(len: usize) -> (Code, String) {
    let message = format!(
        "file is too large ({}{} bytes; the limit is {} MiB)",
        if len > MAX_FILE_BYTES { "over " } else { "" },
        len.min(MAX_FILE_BYTES),
        MAX_FILE_BYTES / (1024 * 1024)
    );
    (Code::FileTooLarge, message)
}

/// Reads and parses one file.
pub(super) fn process(job: Job) -> FileOut {
    process_with(job, &mut Opener::default())
}

/// Reads and parses one file, opened with `opener`.
fn process_with(job: Job, opener: &mut Opener) -> FileOut {
    let Job { path, entity, data } = job;
    let fail = |problems: Vec<Problem>, entity| FileOut {
        path: path.clone(),
        entity,
        text: String::new(),
        problems,
        item: Item::Failed,
        stamp: None,
        hash: None,
    };
    if let Data::Outside = data {
        let problem = Problem {
            severity: Severity::Warning,
            ..file_problem(Code::LinkOutside, &path, OUTSIDE.to_string())
        };
        return fail(vec![problem], entity);
    }
    let (bytes, stamp) = match read(data, opener) {
        Ok(b) => b,
        Err((code, message)) => return fail(vec![file_problem(code, &path, message)], entity),
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let problems = locate(
                &path,
                bytes.get(..valid).unwrap_or_default(),
                vec![
                    Pending::error(
                        Code::NotUtf8,
                        Some(valid),
                        "file is not valid UTF-8".to_string(),
                    )
                    .help(Some("save the file as UTF-8".to_string())),
                ],
            );
            return fail(problems, entity);
        }
    };
    let mut pending = Vec::new();
    let (mut item, text) = match &entity {
        None => {
            // Placed against the file's own text before it is let go.
            let item = match parse_meta(&text, &mut pending) {
                Some(m) => Item::Meta(m),
                None => Item::Failed,
            };
            return FileOut {
                problems: locate(&path, text.as_bytes(), pending),
                path,
                entity,
                text: String::new(),
                item,
                stamp,
                hash: None,
            };
        }
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
                stamp,
                hash: None,
            };
        }
        Some((Folder::Events, id)) => (parse_event(id, &text, &mut pending), text),
        Some((Folder::Issues, id)) => (parse_issue(id, &text, &mut pending), text),
    };
    // Each source's line, for an editor opened on it; done here, on the
    // file's own thread, while its text is at hand.
    match &mut item {
        Item::Event(e) => super::source_lines(&text, e.sources.iter_mut()),
        Item::Issue(i) => super::source_lines(
            &text,
            i.sources
                .iter_mut()
                .chain(i.positions.iter_mut().flat_map(|p| p.sources.iter_mut())),
        ),
        _ => {}
    }
    let problems = locate(&path, text.as_bytes(), pending);
    FileOut {
        path,
        entity,
        hash: Some(super::super::model::content_hash(text.as_bytes())),
        text,
        problems,
        item,
        stamp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> std::fs::File {
        let dir = std::env::temp_dir().join(format!("dossier-read-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        std::fs::File::open(&path).unwrap()
    }

    #[test]
    fn a_file_is_read_to_the_length_its_stamp_gives() {
        // Longer than a first read of 8 KiB, with its last byte told apart.
        let mut long = vec![b'a'; 20_000];
        long.push(b'z');
        assert_eq!(read_sized(file("long", &long), long.len()).unwrap(), long);
        // Grown since its length was taken: what the length gave.
        assert_eq!(read_sized(file("grown", b"abcdef"), 4).unwrap(), b"abcd");
        // Shrunk since: what is there, with no zeros after it.
        assert_eq!(read_sized(file("shrunk", b"ab"), 10).unwrap(), b"ab");
    }

    #[test]
    fn a_file_on_disk_comes_with_its_stamp_and_one_with_no_length_is_read_to_its_end() {
        let dir = std::env::temp_dir().join(format!("dossier-read-disk-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("e.toml");
        std::fs::write(&path, "title = \"x\"\n").unwrap();
        let (bytes, stamp) = read(Data::Disk(path), &mut Opener::default()).unwrap();
        assert_eq!(bytes, b"title = \"x\"\n");
        assert_eq!(stamp.map(|s| s.len), Some(12));
        // A file the system gives no length for: read to its end.
        #[cfg(target_os = "linux")]
        {
            let (bytes, _) =
                read(Data::Disk("/proc/self/stat".into()), &mut Opener::default()).unwrap();
            assert!(!bytes.is_empty());
        }
    }
}
