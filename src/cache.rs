//! The reader's cache of loaded dossiers, so that a large dossier opens
//! without being read and verified again while none of its files changed.
//!
//! After the reader has loaded a folder, it keeps a copy of the loaded
//! dossier (entries, verified passages, problems, order, and each entry's
//! record for the marks of new and changed entries) in
//! `$XDG_CACHE_HOME/dossier/` (else `~/.cache/dossier/`), one file per
//! folder, with the [stamps](dossier_core::content::stamp) of the files it
//! read. The next time, the copy is used only when:
//! - it was written by this very build of the program (its version and the
//!   size and time of its executable);
//! - the checksums of its parts hold and they decode whole;
//! - every file of the folder has the stamp it had, and no file came or went;
//! - every index, passage and link in it points where it should, and it has
//!   one record and one stamp per entry.
//!
//! Anything else, and the folder is loaded as if there were no cache. A
//! missing, unreadable or read-only cache folder only costs that time.
//! `dossier check` never reads the cache: it always verifies everything.
//!
//! A reader's first start ([`load_first`]) does not wait for every stamp:
//! it compares `dossier.toml` and the files of what its first screen shows
//! before drawing it, and the others behind it ([`Unchecked::holds`], which
//! also checks that the event index is in the order of the ids); one that
//! differs, and the folder is read again. The articles' texts stay in
//! the file until each is first read, checked against its hash
//! ([`Texts`]); [`read_texts`] reads the rest behind the first frame.
//!
//! The first two parts are read a piece at a time: once through to check
//! their checksum, then again, value by value, to decode them, so that their
//! bytes (tens of megabytes for a large dossier) are never all in memory
//! beside the dossier they decode to.

use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, SystemTime};

use std::collections::HashMap;

use dossier_core::content::body::{self, Fetch};
use dossier_core::content::date::Datings;
use dossier_core::content::integrity::{self, Later, Shape};
use dossier_core::content::stamp::{Stamp, Stamps};
use dossier_core::content::stamps_now;
use dossier_core::content::{
    Article, Dossier, EntityRef, Event, EventIx, FileHashes, Issue, Meta, Problem, load_dir_stamped,
};
use serde::Serialize;

use crate::hashing::Hashing;
use crate::state::seen::{self, Record};

/// The first bytes of every cache file.
const MAGIC: &[u8; 14] = b"dossier-cache\n";
/// The layout of what follows the magic: raised when it changes.
const FORMAT: u32 = 11;
/// The parts of a copy, each with its own checksum: the dossier's shape
/// ([`Shape`]), the events' index, the files' hashes and the first half of
/// the events; the rest of the dossier (the shape again before its events)
/// with each entry's stamp; the stamps of every file of the folder; each
/// entry's record. The first two are decoded
/// side by side; the other two are read when wanted ([`Unchecked`]): behind
/// the first frame, or before it for the records a revisit's marks compare.
const PARTS: usize = 4;
/// Magic, format, a checksum and a length per part, then the checksum of
/// the entries' kinds and ids ([`seen::ids_checksum`]), which a revisit
/// compares with what was seen. The articles' texts follow the parts, each
/// checked by the hash the copy holds for it.
const HEADER: usize = MAGIC.len() + 4 + PARTS * 16 + 8;

/// Set to a number of milliseconds to count every file as that much older
/// when telling whether the files had settled: the tests write a dossier and
/// read it at once. Debug builds only (see [`crate::test_hooks`]).
pub const SETTLED_VAR: &str = "DOSSIER_TEST_SETTLED_MS";

/// A loaded dossier, and where it came from.
#[derive(Debug)]
pub struct Loaded {
    pub dossier: Dossier,
    /// Served from the cache.
    pub cached: bool,
    /// The stamps to keep it with, when it was read from the folder and its
    /// files had settled ([`Stamps::settled`]).
    pub keep: Option<Stamps>,
    /// Every entry's record as it is now ([`seen::records`]), when it came
    /// from the cache: what the marks of new and changed entries compare.
    pub records: Option<Vec<Option<Record>>>,
    /// Nothing changed since what was seen ([`First::checksums`]): there is
    /// nothing to mark, and `records` were not read.
    pub seen_unchanged: bool,
    /// Where the articles' texts are, when it came from the cache: each is
    /// read the first time it is wanted ([`read_texts`] reads the rest).
    pub texts: Option<Arc<Texts>>,
    /// When it came from the cache with only the first screen's files
    /// compared ([`load_first`]): what compares the others.
    pub unchecked: Option<Unchecked>,
    /// When it is a preview of a large folder ([`load_first`]): what the
    /// whole load behind it needs ([`read_rest`]).
    pub rest: Option<Rest>,
    /// Its events' datings, when it came from the cache: gathered as the
    /// copy was decoded, they spare the reader a walk through every event.
    pub datings: Option<Datings>,
}

/// What a preview leaves to read: the loader reads the whole folder behind
/// it ([`read_rest`]).
#[derive(Debug)]
pub struct Rest {
    /// The entries the preview read whole, sorted.
    pub whole: Vec<EntityRef>,
    /// How many files the whole load reads.
    pub files: usize,
    /// The articles whose front matter is left to glance at behind the
    /// first frame.
    pub fronts: dossier_core::content::LaterFronts,
    skew: Option<Duration>,
}

/// The whole folder behind a preview, telling `progress` each file read and
/// each problem found on the way; kept in the cache afterwards as a load
/// from the folder is.
pub fn read_rest(
    folder: &Path,
    rest: Rest,
    progress: Arc<dossier_core::content::Progress>,
) -> Loaded {
    let Some(skew) = rest.skew else {
        return Loaded {
            dossier: dossier_core::content::load_dir_counted(folder, progress).0,
            ..from_folder(Dossier::default())
        };
    };
    let started = SystemTime::now() + skew;
    let (dossier, stamps) = dossier_core::content::load_dir_counted(folder, progress);
    Loaded {
        keep: stamps.filter(|s| s.settled(started)),
        ..from_folder(dossier)
    }
}

/// A dossier read from its folder, with nothing else known.
fn from_folder(dossier: Dossier) -> Loaded {
    Loaded {
        dossier,
        cached: false,
        keep: None,
        records: None,
        seen_unchanged: false,
        texts: None,
        unchecked: None,
        rest: None,
        datings: None,
    }
}

/// A preview of `folder` (see [`dossier_core::content::preview_dir`]) when it
/// has at least `min` entry files, with what `focus` names read whole; else
/// the folder read whole.
fn preview_or_read(
    folder: &Path,
    skew: Option<Duration>,
    preview: Option<(usize, &dyn Fn() -> dossier_core::content::Focus)>,
) -> Loaded {
    let Some((min, focus)) = preview else {
        return read_folder(folder, skew);
    };
    match dossier_core::content::preview_dir_first(folder, min, &focus()) {
        Some(p) => Loaded {
            rest: Some(Rest {
                whole: p.whole,
                files: p.files,
                fronts: p.fronts,
                skew,
            }),
            ..from_folder(p.dossier)
        },
        None => read_folder(folder, skew),
    }
}

/// The texts' section of a cache file, kept open: an article's text is read
/// from it, and checked against the hash the copy holds for it, the first
/// time it is wanted (see [`dossier_core::content::body`]). A file replaced
/// meanwhile does not matter: what is open is the file that was decoded.
pub struct Texts {
    store: Store,
    /// Where the section starts, and its length.
    base: u64,
    len: u64,
    /// A text did not match its hash, or could not be read.
    damaged: AtomicBool,
    /// How many texts were read.
    fetched: AtomicUsize,
}

/// Where a copy's bytes are read from: its file, kept open, or (for the
/// tests) the bytes of one.
#[derive(Clone)]
enum Store {
    File(Arc<fs::File>),
    Bytes(Arc<[u8]>),
}

impl Store {
    /// The `len` bytes at `at`.
    fn read(&self, at: u64, len: usize) -> Option<Vec<u8>> {
        match self {
            Store::File(f) => {
                let mut buf = vec![0; len];
                f.read_exact_at(&mut buf, at).ok()?;
                Some(buf)
            }
            Store::Bytes(b) => {
                let from = usize::try_from(at).ok()?;
                b.get(from..from.checked_add(len)?).map(<[u8]>::to_vec)
            }
        }
    }

    /// A part of the copy, checked against its checksum.
    fn part(&self, part: Part) -> Result<Vec<u8>, Refused> {
        let len = usize::try_from(part.len).map_err(|_| Refused("too large".to_string()))?;
        let bytes = self
            .read(part.at, len)
            .ok_or_else(|| Refused("shorter than its header says".to_string()))?;
        if xxhash_rust::xxh3::xxh3_64(&bytes) != part.sum {
            return Err(Refused("damaged".to_string()));
        }
        Ok(bytes)
    }
}

impl Texts {
    fn new(store: Store, base: u64, len: u64) -> Texts {
        Texts {
            store,
            base,
            len,
            damaged: AtomicBool::new(false),
            fetched: AtomicUsize::new(0),
        }
    }

    /// Whether a text was found not to match (it then reads as spaces).
    pub fn damaged(&self) -> bool {
        self.damaged.load(Ordering::Relaxed)
    }

    /// How many texts were read from the file so far.
    pub fn fetched(&self) -> usize {
        self.fetched.load(Ordering::Relaxed)
    }
}

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts")
            .field("len", &self.len)
            .field("damaged", &self.damaged())
            .field("fetched", &self.fetched())
            .finish_non_exhaustive()
    }
}

impl Fetch for Texts {
    fn fetch(&self, at: u64, len: usize, hash: u64) -> Option<String> {
        self.fetched.fetch_add(1, Ordering::Relaxed);
        let end = at.checked_add(len as u64)?;
        if end > self.len {
            return None;
        }
        let buf = self.store.read(self.base.checked_add(at)?, len)?;
        if xxhash_rust::xxh3::xxh3_64(&buf) != hash {
            return None;
        }
        String::from_utf8(buf).ok()
    }
    fn failed(&self) {
        self.damaged.store(true, Ordering::Relaxed);
    }
    fn hash(&self, bytes: &[u8]) -> u64 {
        xxhash_rust::xxh3::xxh3_64(bytes)
    }
}

/// Reads every article text of `dossier` still in the cache file, as the
/// reader does behind its first frame. False when one did not match its
/// hash: the copy at `file` is then removed, so that the next load reads
/// the folder (the reader reloads at once).
pub fn read_texts(dossier: &Dossier, texts: &Texts, file: &Path) -> bool {
    for a in &dossier.articles {
        let _ = a.text.as_str();
    }
    if texts.damaged() {
        let _ = fs::remove_file(file);
        return false;
    }
    true
}

/// The first part of a copy, decoded on a thread of its own: the shape
/// its events are checked against, the events' index, the files' content
/// hashes and the first half of the events, in that order (about as much
/// to decode as the second part).
struct Front {
    /// What its events were checked against as they were decoded.
    shape: Shape,
    event_index: Vec<EventIx>,
    file_hashes: FileHashes,
    /// The first half, decoded straight into the vector of every event
    /// (sized by the index, which comes first); the second part's half is
    /// moved in after it, piece by piece, as the other thread decodes it.
    events: Vec<Event>,
    /// The ends of the passages of the first half's events.
    later: Later,
    /// The datings of its events, gathered as they were decoded.
    datings: Datings,
}

#[derive(Serialize)]
struct FrontRef<'a> {
    shape: &'a Shape,
    event_index: &'a [EventIx],
    file_hashes: &'a FileHashes,
    events: &'a [Event],
}

/// The second part: what the copy is of, the rest of the dossier, and the
/// stamp of each entry's file (events, issues, articles, then
/// `dossier.toml`), to compare the first screen's files by.
struct Back {
    key: String,
    folder: String,
    meta: Meta,
    /// What its events were checked against as they were decoded (they
    /// went to the other thread as they were).
    shape: Shape,
    later: Later,
    datings: Datings,
    issues: Vec<Issue>,
    articles: Vec<Article>,
    problems: Vec<Problem>,
    mentions: HashMap<EntityRef, Vec<EntityRef>>,
    entry_stamps: Vec<Option<Stamp>>,
}

#[derive(Serialize)]
struct BackRef<'a> {
    key: &'a str,
    folder: &'a str,
    meta: &'a Meta,
    shape: &'a Shape,
    events: &'a [Event],
    issues: &'a [Issue],
    articles: &'a [Article],
    problems: &'a [Problem],
    mentions: &'a HashMap<EntityRef, Vec<EntityRef>>,
    entry_stamps: &'a [Option<Stamp>],
}

/// A copy decoded: the dossier, and the stamps of the entries' files.
struct Copy {
    dossier: Dossier,
    entry_stamps: Vec<Option<Stamp>>,
    /// Its events' datings ([`Loaded::datings`]).
    datings: Datings,
}

/// Where each part of a copy is in its file, after the header.
#[derive(Debug, Clone, Copy)]
struct Part {
    sum: u64,
    at: u64,
    len: u64,
}

/// What identifies this build: the version, and the size and modification
/// time of the running executable. `None` when the executable cannot be
/// found, and then nothing is cached.
pub fn build_key() -> Option<String> {
    // The running file itself, even when a new build has since replaced it
    // at its path; and one call less at every start than finding the path.
    #[cfg(target_os = "linux")]
    if let Some(key) = key_of(Path::new("/proc/self/exe")) {
        return Some(key);
    }
    key_of(&std::env::current_exe().ok()?)
}

/// The key of the build whose executable is `exe`.
pub fn key_of(exe: &Path) -> Option<String> {
    let meta = fs::metadata(exe).ok()?;
    let modified = meta
        .modified()
        .ok()?
        .duration_since(SystemTime::UNIX_EPOCH)
        .ok()?;
    Some(format!(
        "{} {} {}",
        env!("CARGO_PKG_VERSION"),
        meta.len(),
        modified.as_nanos()
    ))
}

/// The cache file of the dossier in `folder`, in the cache folder `dir`.
pub fn file_for(dir: &Path, folder: &Path) -> PathBuf {
    let name = crate::state::store::DossierId::folder(folder).file_name();
    let stem = name.strip_suffix(".toml").unwrap_or(&name);
    dir.join(format!("{stem}.cache"))
}

/// The folder as the cache names it: its canonical path.
pub fn folder_label(folder: &Path) -> String {
    crate::state::store::DossierId::folder(folder).label()
}

/// Loads the dossier in `folder`: from the cache in `dir` when it holds a
/// copy that is still true (see the module's docs), else from the folder.
pub fn load(folder: &Path, dir: Option<&Path>) -> Loaded {
    load_skewed(folder, dir, skew())
}

/// How much older than they are files count as when telling whether they
/// had settled: none, but for the tests ([`SETTLED_VAR`]), whose dossiers
/// are written just before they are read.
fn skew() -> Duration {
    crate::test_hooks::var(SETTLED_VAR)
        .and_then(|v| v.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis)
}

/// [`load`], counting every file `skew` older than it is when telling
/// whether the files had settled: for tests, which read a dossier as soon
/// as they have written it.
pub fn load_skewed(folder: &Path, dir: Option<&Path>, skew: Duration) -> Loaded {
    let key = build_key();
    let (Some(dir), Some(key)) = (dir, key) else {
        return read_folder(folder, None);
    };
    let file = file_for(dir, folder);
    let label = folder_label(folder);
    // The files are stamped on one thread while the copy is read on this one.
    let (now, opened) = std::thread::scope(|s| {
        let stamping = s.spawn(|| stamps_now(folder));
        let opened = open_copy(&file, &key, &label).ok();
        (stamping.join().ok().flatten(), opened)
    });
    let checked = opened.and_then(|(copy, texts, unchecked)| {
        integrity::index_in_order(&copy.dossier).ok()?;
        let then = unchecked.stamps().ok()?;
        let records = unchecked.records(&copy.dossier).ok()?;
        (now? == then).then_some((copy, texts, records))
    });
    match checked {
        Some((copy, texts, records)) => Loaded {
            dossier: copy.dossier,
            cached: true,
            keep: None,
            records: Some(records),
            seen_unchanged: false,
            texts: Some(texts),
            unchecked: None,
            rest: None,
            datings: Some(copy.datings),
        },
        None => read_folder(folder, Some(skew)),
    }
}

/// What a first frame needs of a copy: the entries it shows, and whether
/// it shows the marks of what changed since the last visit (which compare
/// each entry's record).
#[derive(Debug, Clone, Default)]
pub struct First {
    pub shown: Vec<EntityRef>,
    pub marks: bool,
    /// The checksums of what was seen, saved with it: when the copy's
    /// records and ids have the same, nothing changed since, and the
    /// records are not read.
    pub checksums: Option<seen::Checksums>,
}

/// Loads the dossier in `folder` for a first frame that does not wait for
/// every file to be compared: from the cache in `dir` when its copy is
/// whole and the files of the first screen (what `first` names of the
/// copy's dossier, and `dossier.toml`) have the stamps the copy has for
/// them; the other files are compared by [`Unchecked::holds`], behind the
/// first frame. The records come with it only when the first frame shows
/// marks; otherwise [`Unchecked::records`] reads them. Anything else, and
/// the folder is read as by [`load`].
pub fn load_first(
    folder: &Path,
    dir: Option<&Path>,
    first: impl FnOnce(&Dossier) -> First,
) -> Loaded {
    load_first_or_preview(folder, dir, first, None)
}

/// [`load_first`], with a preview of the folder instead of the whole of it
/// when the cache has no true copy and the folder has at least `min` entry
/// files, what `focus` names read whole ([`Loaded::rest`] is then what the
/// whole load behind it needs).
pub fn load_first_or_preview(
    folder: &Path,
    dir: Option<&Path>,
    first: impl FnOnce(&Dossier) -> First,
    preview: Option<(usize, &dyn Fn() -> dossier_core::content::Focus)>,
) -> Loaded {
    let skew = skew();
    let (Some(dir), Some(key)) = (dir, build_key()) else {
        return preview_or_read(folder, None, preview);
    };
    let file = file_for(dir, folder);
    let label = folder_label(folder);
    let Ok((copy, texts, unchecked)) = open_copy(&file, &key, &label) else {
        return preview_or_read(folder, Some(skew), preview);
    };
    let first = first(&copy.dossier);
    if !first_screen_holds(folder, &copy, &first.shown) {
        return preview_or_read(folder, Some(skew), preview);
    }
    // Nothing changed since what was seen: its records are the copy's,
    // and there is nothing to mark.
    let seen_unchanged = first.marks
        && first
            .checksums
            .is_some_and(|c| c.records == unchecked.records.sum && c.ids == unchecked.ids);
    let records = if first.marks && !seen_unchanged {
        match unchecked.records(&copy.dossier) {
            Ok(r) => Some(r),
            Err(_) => return read_folder(folder, Some(skew)),
        }
    } else {
        None
    };
    Loaded {
        dossier: copy.dossier,
        cached: true,
        keep: None,
        records,
        seen_unchanged,
        texts: Some(texts),
        unchecked: Some(unchecked),
        rest: None,
        datings: Some(copy.datings),
    }
}

/// The checksums of the records and of the entries' ids of the copy the
/// cache in `dir` holds of the dossier in `folder`, from its header alone,
/// as [`seen::Checksums`]: a start compares them with what was seen before
/// it knows whether the copy will serve ([`First::checksums`]).
pub fn seen_checksums(dir: &Path, folder: &Path) -> Option<seen::Checksums> {
    let (_, header, size) = open_header(&file_for(dir, folder)).ok()?;
    let head = read_header(&header, size).ok()?;
    Some(seen::Checksums {
        records: head.parts[3].sum,
        ids: head.ids,
    })
}

/// Whether `dossier.toml` and the files of `entries` have the stamps the
/// copy holds for them.
fn first_screen_holds(folder: &Path, copy: &Copy, entries: &[EntityRef]) -> bool {
    let d = &copy.dossier;
    let (events, issues) = (d.events.len(), d.issues.len());
    let articles = d.articles.len();
    let same = |path: String, slot: usize| {
        let then = copy.entry_stamps.get(slot).copied().flatten();
        let now = fs::metadata(folder.join(path))
            .ok()
            .and_then(|m| Stamp::of(&m));
        then.is_some() && then == now
    };
    let meta = same("dossier.toml".to_string(), events + issues + articles);
    meta && entries.iter().all(|e| match *e {
        EntityRef::Event(i) => d
            .events
            .get(i.0)
            .is_some_and(|e| same(format!("events/{}.toml", e.id), i.0)),
        EntityRef::Issue(i) => d
            .issues
            .get(i.0)
            .is_some_and(|x| same(format!("issues/{}.toml", x.id), events + i.0)),
        EntityRef::Article(i) => d
            .articles
            .get(i.0)
            .is_some_and(|a| same(format!("articles/{}.txt", a.id), events + issues + i.0)),
    })
}

/// The parts of a copy left in the cache file: the stamps of every file,
/// compared behind the first frame, and each entry's record.
pub struct Unchecked {
    store: Store,
    stamps: Part,
    records: Part,
    /// The checksum of the copy's entries' kinds and ids, as its header
    /// holds it.
    ids: u64,
}

impl std::fmt::Debug for Unchecked {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Unchecked")
            .field("stamps", &self.stamps)
            .finish_non_exhaustive()
    }
}

impl Unchecked {
    /// The stamps the copy was made with.
    fn stamps(&self) -> Result<Stamps, Refused> {
        let part = self.store.part(self.stamps)?;
        postcard::from_bytes(&part).map_err(|e| Refused(e.to_string()))
    }

    /// Each entry's record as the copy holds it, one per entry of `d` (the
    /// dossier decoded from the same copy).
    pub fn records(&self, d: &Dossier) -> Result<Vec<Option<Record>>, Refused> {
        let part = self.store.part(self.records)?;
        let records: Vec<Option<Record>> =
            postcard::from_bytes(&part).map_err(|e| Refused(e.to_string()))?;
        if records.len() != d.events.len() + d.issues.len() + d.articles.len() {
            return Err(Refused("its records are not one per entry".to_string()));
        }
        Ok(records)
    }

    /// Whether every file of `folder` still has the stamp it had when the
    /// copy was made, and no file came or went; and whether the event
    /// index of `d`, the dossier decoded from the copy, is in the order of
    /// the ids ([`integrity::index_in_order`], left for behind the first
    /// frame too).
    ///
    /// The stamps of now are encoded as the copy encodes them and compared
    /// byte for byte with the copy's (the encoding is canonical: equal
    /// bytes, equal stamps), so that the copy's are never decoded: at
    /// 100,000 events they are about 19 MB decoded against 7 MB encoded.
    pub fn holds(&self, folder: &Path, d: &Dossier) -> bool {
        let (now, then) = std::thread::scope(|s| {
            let then = s.spawn(|| self.store.part(self.stamps).ok());
            let now = stamps_now(folder).and_then(|now| postcard::to_allocvec(&now).ok());
            (now, then.join().ok().flatten())
        });
        now.is_some() && now == then && integrity::index_in_order(d).is_ok()
    }
}

/// Reads the copy in `file`: its header and its first two parts, leaving
/// the stamps and the articles' texts in the file until they are wanted.
fn open_copy(
    file: &Path,
    key: &str,
    folder: &str,
) -> Result<(Copy, Arc<Texts>, Unchecked), Refused> {
    let (f, header, size) = open_header(file)?;
    open_parts(
        &header,
        Store::File(Arc::new(f)),
        size,
        (key, folder),
        (CHUNK, EVENTS_PIECE),
    )
}

/// The cache file `file` opened, with its header's bytes (not yet read for
/// what they say) and its size.
fn open_header(file: &Path) -> Result<(fs::File, [u8; HEADER], u64), Refused> {
    let mut f = fs::File::open(file).map_err(|e| Refused(e.to_string()))?;
    let size = f.metadata().map_err(|e| Refused(e.to_string()))?.len();
    let mut header = [0; HEADER];
    f.read_exact(&mut header)
        .map_err(|_| Refused("shorter than its header".to_string()))?;
    Ok((f, header, size))
}

/// Decodes the first two parts of a copy of `size` bytes whose header is
/// `header`, read from `store`; the other parts and the texts are left
/// there.
fn open_parts(
    header: &[u8],
    store: Store,
    size: u64,
    (key, folder): (&str, &str),
    piece: (usize, usize),
) -> Result<(Copy, Arc<Texts>, Unchecked), Refused> {
    let Header {
        parts,
        texts_at,
        ids,
    } = read_header(header, size)?;
    let [front, back, stamps, records] = parts;
    let texts = Arc::new(Texts::new(store.clone(), texts_at, size - texts_at));
    let copy = decode_parts(&store, (front, back), &texts, (key, folder), piece)?;
    let unchecked = Unchecked {
        store,
        stamps,
        records,
        ids,
    };
    Ok((copy, texts, unchecked))
}

/// What a header says.
struct Header {
    parts: [Part; PARTS],
    /// Where the texts start.
    texts_at: u64,
    /// The checksum of the entries' kinds and ids.
    ids: u64,
}

/// What the header says of a file of `size` bytes.
fn read_header(header: &[u8], size: u64) -> Result<Header, Refused> {
    let refuse = |why: &str| Refused(why.to_string());
    let (magic, rest) = header
        .split_at_checked(MAGIC.len())
        .ok_or_else(|| refuse("shorter than its header"))?;
    if magic != MAGIC {
        return Err(refuse("not a cache file"));
    }
    let word = |at: usize| {
        rest.get(at..at + 8)
            .and_then(|w| w.try_into().ok())
            .map_or(0, u64::from_le_bytes)
    };
    let format = rest
        .get(..4)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u32::from_le_bytes);
    if format != FORMAT {
        return Err(refuse("another format"));
    }
    let mut at = HEADER as u64;
    let mut parts = [Part {
        sum: 0,
        at: 0,
        len: 0,
    }; PARTS];
    for (n, part) in parts.iter_mut().enumerate() {
        let (sum, len) = (word(4 + n * 16), word(12 + n * 16));
        *part = Part { sum, at, len };
        at = at
            .checked_add(len)
            .filter(|&end| end <= size)
            .ok_or_else(|| refuse("shorter than its header says"))?;
    }
    Ok(Header {
        parts,
        texts_at: at,
        ids: word(4 + PARTS * 16),
    })
}

/// Decodes the first two parts of a copy side by side, each checked
/// against its checksum as it is read, and each event as it is decoded
/// (while it is still in the processor's cache: checked all together
/// afterwards, 100,000 events took 40 to 50 ms); the texts are left in
/// `texts`.
fn decode_parts(
    store: &Store,
    (front, back): (Part, Part),
    texts: &Arc<Texts>,
    (key, folder): (&str, &str),
    piece: (usize, usize),
) -> Result<Copy, Refused> {
    let refuse = |why: &str| Refused(why.to_string());
    // The second half's events go to the first thread piece by piece, as
    // they are decoded: it moves them in after its own while this one
    // decodes the rest of its part.
    let (pieces, second_half) = mpsc::channel::<Vec<Event>>();
    let (front, back) = std::thread::scope(|s| {
        let front = s.spawn(move || {
            let mut part = Chunks::new(store, front, piece)?;
            let shape: Shape = part.take()?;
            let event_index: Vec<EventIx> = part.take_seq()?;
            let file_hashes = part.take()?;
            let mut events = Vec::with_capacity(event_index.len());
            let (mut later, mut datings) = (Later::default(), Datings::default());
            part.take_into(&mut events, as_decoded(&shape, &mut later, &mut datings))?;
            part.finish()?;
            // Each piece let go once moved: two whole halves side by side
            // would hold one of them twice at the peak.
            for piece in second_half {
                events.extend(piece);
            }
            Ok::<_, Refused>(Front {
                shape,
                event_index,
                file_hashes,
                events,
                later,
                datings,
            })
        });
        let back = (|| {
            let mut part = Chunks::new(store, back, piece)?;
            let from: Arc<dyn Fetch> = texts.clone();
            let (back, total) = body::attached(from, || {
                let (key, folder, meta) = (part.take()?, part.take()?, part.take()?);
                let shape: Shape = part.take()?;
                let (mut later, mut datings) = (Later::default(), Datings::default());
                part.take_pieces(as_decoded(&shape, &mut later, &mut datings), |piece| {
                    pieces.send(piece).is_ok()
                })?;
                drop(pieces);
                let issues = part.take_seq()?;
                // An article's text is placed as it is decoded: none may be
                // decoded twice, as a value cut by a piece's end would be.
                part.read_rest()?;
                let back = Back {
                    key,
                    folder,
                    meta,
                    shape,
                    later,
                    datings,
                    issues,
                    articles: part.take_seq()?,
                    problems: part.take_seq()?,
                    mentions: part.take()?,
                    entry_stamps: part.take_seq()?,
                };
                part.finish()?;
                Ok::<_, Refused>(back)
            });
            let back = back?;
            if total != texts.len {
                return Err(refuse("its texts are not all there"));
            }
            Ok(back)
        })();
        let front = front
            .join()
            .unwrap_or_else(|_| Err(refuse("could not be decoded")));
        (front, back)
    });
    let (front, back) = (front?, back?);
    if back.key != key {
        return Err(refuse("written by another build"));
    }
    if back.folder != folder {
        return Err(refuse("of another folder"));
    }
    if front.shape != back.shape {
        return Err(refuse("its parts are not of one dossier"));
    }
    let mut datings = front.datings;
    datings.extend(back.datings);
    let copy = Copy {
        datings,
        dossier: Dossier {
            meta: back.meta,
            events: front.events,
            issues: back.issues,
            articles: back.articles,
            problems: back.problems,
            event_index: front.event_index,
            mentions: back.mentions,
            file_hashes: front.file_hashes,
        },
        entry_stamps: back.entry_stamps,
    };
    holds(&copy, &back.shape, vec![front.later, back.later])?;
    Ok(copy)
}

/// What each event of a copy goes through as it is decoded: checked
/// against the copy's shape, the ends of its passages kept in `later`, its
/// dating noted in `datings`.
fn as_decoded<'a>(
    shape: &'a Shape,
    later: &'a mut Later,
    datings: &'a mut Datings,
) -> impl FnMut(&Event) -> Result<(), String> + 'a {
    move |e| {
        datings.note(e.dating());
        shape.event(e, later)
    }
}

/// A part of a copy read a piece at a time, so that its bytes are never
/// all in memory beside what they decode to (tens of megabytes for a large
/// dossier). Its checksum is made as it is read, and checked at its end
/// ([`Chunks::finish`]): what was decoded of a damaged part is dropped.
struct Chunks<'a> {
    store: &'a Store,
    /// Where the next piece is read from, and where the part ends.
    at: u64,
    end: u64,
    /// The part's checksum, and what it should be.
    hash: xxhash_rust::xxh3::Xxh3,
    sum: u64,
    buf: Vec<u8>,
    /// What of `buf` is decoded.
    pos: usize,
    /// How much is read at a time, at least.
    piece: usize,
    /// How many events go in one vector ([`Chunks::take_pieces`]).
    events_piece: usize,
}

/// How many events are decoded into one vector before the next is begun.
const EVENTS_PIECE: usize = 4096;

/// How much of a part is read at a time (more when one value needs it).
const CHUNK: usize = 1 << 20;

impl<'a> Chunks<'a> {
    /// The part, to be read from its start.
    fn new(
        store: &'a Store,
        part: Part,
        (piece, events_piece): (usize, usize),
    ) -> Result<Chunks<'a>, Refused> {
        let end = part
            .at
            .checked_add(part.len)
            .ok_or_else(|| Refused("too large".to_string()))?;
        Ok(Chunks {
            store,
            at: part.at,
            end,
            hash: xxhash_rust::xxh3::Xxh3::new(),
            sum: part.sum,
            buf: Vec::new(),
            pos: 0,
            piece: piece.max(1),
            events_piece: events_piece.max(1),
        })
    }

    /// Reads what is left of the part and checks its checksum: the part
    /// was whole, and nothing is left undecoded in it.
    fn finish(&mut self) -> Result<(), Refused> {
        while self.next_piece(self.piece)?.is_some() {}
        if self.hash.digest() != self.sum {
            return Err(Refused("damaged".to_string()));
        }
        Ok(())
    }

    /// The next `want` bytes of the part (fewer at its end), or `None` at
    /// its end.
    fn next_piece(&mut self, want: usize) -> Result<Option<Vec<u8>>, Refused> {
        if self.at >= self.end {
            return Ok(None);
        }
        let n = usize::try_from((self.end - self.at).min(want as u64)).unwrap_or(want);
        let bytes = self
            .store
            .read(self.at, n)
            .ok_or_else(|| Refused("shorter than its header says".to_string()))?;
        self.at += n as u64;
        self.hash.update(&bytes);
        Ok(Some(bytes))
    }

    /// Reads at least `more` bytes beyond what is left undecoded (or the
    /// rest of the part), dropping what is decoded. False at the part's end.
    fn refill(&mut self, more: usize) -> Result<bool, Refused> {
        let Some(bytes) = self.next_piece(more.max(self.piece))? else {
            return Ok(false);
        };
        self.buf.drain(..self.pos);
        self.pos = 0;
        self.buf.extend_from_slice(&bytes);
        Ok(true)
    }

    /// Reads the rest of the part, so that what follows is decoded in one go.
    fn read_rest(&mut self) -> Result<(), Refused> {
        let rest =
            usize::try_from(self.end - self.at).map_err(|_| Refused("too large".to_string()))?;
        self.refill(rest)?;
        Ok(())
    }

    /// The next value of the part.
    fn take<T: serde::de::DeserializeOwned>(&mut self) -> Result<T, Refused> {
        loop {
            let left = self.buf.get(self.pos..).unwrap_or_default();
            match postcard::take_from_bytes::<T>(left) {
                Ok((value, rest)) => {
                    self.pos = self.buf.len() - rest.len();
                    return Ok(value);
                }
                // A value cut by the end of what is read: read as much
                // again, and decode it from its start.
                Err(postcard::Error::DeserializeUnexpectedEnd) => {
                    let more = left.len();
                    if !self.refill(more)? {
                        return Err(Refused("cut short".to_string()));
                    }
                }
                Err(e) => return Err(Refused(e.to_string())),
            }
        }
    }

    /// The length of the sequence that comes next: postcard writes it as a
    /// varint, as it writes a u64.
    fn take_len(&mut self) -> Result<usize, Refused> {
        let len: u64 = self.take()?;
        usize::try_from(len).map_err(|_| Refused("too long".to_string()))
    }

    /// The next value of the part, a sequence, in pieces of at most
    /// `events_piece` elements, each element checked by `check` as it is
    /// decoded and each piece handed to `sink` (which says false to stop).
    fn take_pieces<T: serde::de::DeserializeOwned>(
        &mut self,
        mut check: impl FnMut(&T) -> Result<(), String>,
        mut sink: impl FnMut(Vec<T>) -> bool,
    ) -> Result<(), Refused> {
        let len = self.take_len()?;
        let mut left = len;
        while left > 0 {
            let n = left.min(self.events_piece);
            let mut piece = Vec::with_capacity(n);
            self.push_n(n, &mut piece, &mut check)?;
            if !sink(piece) {
                return Err(Refused("could not be decoded".to_string()));
            }
            left -= n;
        }
        Ok(())
    }

    /// The next value of the part, a sequence, pushed onto `out` one
    /// element at a time, each checked by `check` as it is decoded.
    fn take_into<T: serde::de::DeserializeOwned>(
        &mut self,
        out: &mut Vec<T>,
        mut check: impl FnMut(&T) -> Result<(), String>,
    ) -> Result<(), Refused> {
        let len = self.take_len()?;
        self.push_n(len, out, &mut check)
    }

    /// The next `n` values of the part, pushed onto `out`, each checked
    /// by `check`.
    fn push_n<T: serde::de::DeserializeOwned>(
        &mut self,
        n: usize,
        out: &mut Vec<T>,
        check: &mut impl FnMut(&T) -> Result<(), String>,
    ) -> Result<(), Refused> {
        for _ in 0..n {
            let value = self.take()?;
            check(&value).map_err(Refused)?;
            out.push(value);
        }
        Ok(())
    }

    /// The next value of the part, a sequence, one element at a time.
    fn take_seq<T: serde::de::DeserializeOwned>(&mut self) -> Result<Vec<T>, Refused> {
        let len = self.take_len()?;
        // Sized at once, without trusting the length further than the bytes
        // left could hold (every element takes 16 bytes or more, but a few
        // small ones, which then grow the vector).
        let left = self.end.saturating_sub(self.at) as usize + self.buf.len() - self.pos;
        let mut out = Vec::with_capacity(len.min(left / 16 + 1));
        self.push_n(len, &mut out, &mut |_| Ok(()))?;
        Ok(out)
    }
}

/// Whether a copy's parts point where they should, its events checked
/// against `shape` as they were decoded (the ends of their passages in
/// `later`), and its stamps are one per entry.
fn holds(c: &Copy, shape: &Shape, later: Vec<Later>) -> Result<(), Refused> {
    let d = &c.dossier;
    let entries = d.events.len() + d.issues.len() + d.articles.len();
    if c.entry_stamps.len() != entries + 1 {
        return Err(Refused("its stamps are not one per entry".to_string()));
    }
    integrity::check_rest(d, shape, later).map_err(Refused)
}

/// Loads the folder itself, with the stamps to keep it by when `stamp`
/// (the skew of [`load_skewed`]) is given.
fn read_folder(folder: &Path, stamp: Option<Duration>) -> Loaded {
    let Some(skew) = stamp else {
        return from_folder(dossier_core::content::load_dir(folder));
    };
    let started = SystemTime::now() + skew;
    let (dossier, stamps) = load_dir_stamped(folder);
    Loaded {
        keep: stamps.filter(|s| s.settled(started)),
        ..from_folder(dossier)
    }
}

/// Writes the copy of `dossier`, read from `folder` with `stamps`, into the
/// cache folder `dir` (created if needed), replacing the last one whole.
pub fn keep(dir: &Path, folder: &Path, stamps: &Stamps, dossier: &Dossier) -> io::Result<()> {
    let key = build_key().ok_or_else(|| io::Error::other("the program's build is unknown"))?;
    crate::xdg::create_private(dir)?;
    let file = file_for(dir, folder);
    crate::state::store::remove_stale_temporaries(&file);
    let label = folder_label(folder);
    // Streamed to the file, hashed on the way: a copy in memory would cost
    // as much again as the dossier itself.
    let access = crate::system::atomic::Access::Private;
    crate::system::atomic::replace_streamed(&file, access, |f| {
        write_copy(f, &key, &label, stamps, dossier)
    })
}

/// A cache file's bytes, for the build `key` and the folder `folder` (as
/// [`folder_label`] names it).
pub fn encode(key: &str, folder: &str, stamps: &Stamps, dossier: &Dossier) -> io::Result<Vec<u8>> {
    let mut out = io::Cursor::new(Vec::new());
    write_copy(&mut out, key, folder, stamps, dossier)?;
    Ok(out.into_inner())
}

/// Writes a cache file (header, then the copy with each entry's record) to
/// `to`, hashing the copy on its way and filling in the header after it.
fn write_copy(
    to: &mut (impl io::Write + io::Seek),
    key: &str,
    folder: &str,
    stamps: &Stamps,
    dossier: &Dossier,
) -> io::Result<()> {
    let records = seen::records(dossier);
    let entry_stamps = entry_stamps(stamps, dossier);
    let half = dossier.events.len() / 2;
    let (first, second) = dossier.events.split_at(half);
    to.write_all(&[0; HEADER])?;
    let mut out = Hashing::new(io::BufWriter::with_capacity(1 << 16, &mut *to));
    let mut parts = [(0, 0); PARTS];
    let shape = Shape::of(dossier);
    let front = FrontRef {
        shape: &shape,
        event_index: &dossier.event_index,
        file_hashes: &dossier.file_hashes,
        events: first,
    };
    postcard::to_io(&front, &mut out).map_err(io::Error::other)?;
    parts[0] = out.part();
    let back = BackRef {
        key,
        folder,
        meta: &dossier.meta,
        shape: &shape,
        events: second,
        issues: &dossier.issues,
        articles: &dossier.articles,
        problems: &dossier.problems,
        mentions: &dossier.mentions,
        entry_stamps: &entry_stamps,
    };
    // The texts are written after the parts; the copy holds each one's
    // length and hash.
    let hasher: Arc<dyn Fetch> = Arc::new(Texts::new(Store::Bytes(Arc::from([])), 0, 0));
    body::detached(hasher, || postcard::to_io(&back, &mut out).map(drop))
        .map_err(io::Error::other)?;
    parts[1] = out.part();
    postcard::to_io(stamps, &mut out).map_err(io::Error::other)?;
    parts[2] = out.part();
    postcard::to_io(&records, &mut out).map_err(io::Error::other)?;
    parts[3] = out.part();
    for a in &dossier.articles {
        io::Write::write_all(out.inner(), a.text.as_bytes())?;
    }
    io::Write::flush(out.inner())?;
    drop(out);
    to.seek(io::SeekFrom::Start(0))?;
    to.write_all(&header(&parts, seen::ids_checksum(dossier)))
}

/// The stamp of each entry's file, in the order of [`Back::entry_stamps`].
fn entry_stamps(stamps: &Stamps, d: &Dossier) -> Vec<Option<Stamp>> {
    let by_path: HashMap<&str, Option<Stamp>> =
        stamps.files.iter().map(|(p, s)| (p.as_str(), *s)).collect();
    let of = |path: String| by_path.get(path.as_str()).copied().flatten();
    d.events
        .iter()
        .map(|e| of(format!("events/{}.toml", e.id)))
        .chain(d.issues.iter().map(|i| of(format!("issues/{}.toml", i.id))))
        .chain(
            d.articles
                .iter()
                .map(|a| of(format!("articles/{}.txt", a.id))),
        )
        .chain(std::iter::once(of("dossier.toml".to_string())))
        .collect()
}

/// Makes the checksums in the header of `bytes` match the parts it
/// announces (as far as they are there): for the tests, which forge
/// damaged files that pass them.
pub fn write_header(bytes: &mut [u8]) {
    let Some((head, payload)) = bytes.split_at_mut_checked(HEADER) else {
        return;
    };
    let mut parts = [(0, 0); PARTS];
    let mut at = 0usize;
    for (n, part) in parts.iter_mut().enumerate() {
        let said = head
            .get(MAGIC.len() + 12 + n * 16..MAGIC.len() + 20 + n * 16)
            .and_then(|w| w.try_into().ok())
            .map_or(0, u64::from_le_bytes);
        let len = usize::try_from(said)
            .unwrap_or(usize::MAX)
            .min(payload.len().saturating_sub(at));
        let end = at + len;
        *part = (
            xxhash_rust::xxh3::xxh3_64(payload.get(at..end).unwrap_or_default()),
            len as u64,
        );
        at = end;
    }
    let ids = head
        .get(HEADER - 8..)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u64::from_le_bytes);
    head.copy_from_slice(&header(&parts, ids));
}

/// The header of parts with these checksums and lengths, and of entries
/// with the checksum `ids`.
fn header(parts: &[(u64, u64); PARTS], ids: u64) -> [u8; HEADER] {
    let mut h = [0; HEADER];
    let mut fields: Vec<Vec<u8>> = vec![MAGIC.to_vec(), FORMAT.to_le_bytes().to_vec()];
    for (sum, len) in parts {
        fields.push(sum.to_le_bytes().to_vec());
        fields.push(len.to_le_bytes().to_vec());
    }
    fields.push(ids.to_le_bytes().to_vec());
    let mut at = 0;
    for p in fields {
        if let Some(slot) = h.get_mut(at..at + p.len()) {
            slot.copy_from_slice(&p);
        }
        at += p.len();
    }
    h
}

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// Reads a cache file's bytes as [`load`] does, checks included (every
/// text read and checked): for the tests, which feed it damaged copies.
pub fn decode_checked(bytes: &[u8], key: &str, folder: &str) -> Result<(Dossier, Stamps), Refused> {
    decode_in_pieces(bytes, key, folder, (CHUNK, EVENTS_PIECE))
}

/// [`decode_checked`], reading the parts `piece.0` bytes at a time and
/// decoding the events `piece.1` at a time: the tests show that where the
/// pieces end changes nothing.
pub fn decode_in_pieces(
    bytes: &[u8],
    key: &str,
    folder: &str,
    piece: (usize, usize),
) -> Result<(Dossier, Stamps), Refused> {
    let header = bytes
        .get(..HEADER)
        .ok_or_else(|| Refused("shorter than its header".to_string()))?;
    let store = Store::Bytes(Arc::from(bytes));
    let size = bytes.len() as u64;
    let (copy, texts, unchecked) = open_parts(header, store, size, (key, folder), piece)?;
    integrity::index_in_order(&copy.dossier).map_err(Refused)?;
    let stamps = unchecked.stamps()?;
    unchecked.records(&copy.dossier)?;
    for a in &copy.dossier.articles {
        let _ = a.text.as_str();
    }
    if texts.damaged() {
        return Err(Refused("a text does not match its hash".to_string()));
    }
    Ok((copy.dossier, stamps))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dossier() -> Dossier {
        dossier_core::content::load_files(vec![
            ("dossier.toml".into(), b"title = \"T\"\n".to_vec()),
            (
                "articles/a.txt".into(),
                "+++\ntitle = \"A\"\n+++\nThe studios\u{2019} deal was agreed.\n"
                    .as_bytes()
                    .to_vec(),
            ),
            (
                "events/e.toml".into(),
                b"title = \"E\"\ndate = \"2024-05-01\"\nkind = \"agreement\"\nissues = [\"i\"]\nsummary = \"S\"\n[[sources]]\narticle = \"a\"\nquote = \"deal was agreed\"\n".to_vec(),
            ),
            (
                "issues/i.toml".into(),
                b"title = \"I\"\nsummary = \"S\"\n[[sources]]\narticle = \"a\"\nquote = \"The studios\"\n".to_vec(),
            ),
        ])
    }

    #[test]
    fn a_copy_whose_parts_give_two_shapes_is_refused() {
        let d = dossier();
        assert!(d.problems.iter().all(|p| !p.is_error()), "{:?}", d.problems);
        let mut bytes = encode("k", "/f", &Stamps::default(), &d).expect("encoded");
        let (whole, _) = decode_checked(&bytes, "k", "/f").expect("the copy as written");
        assert_eq!(whole, d);
        // The front part begins with its shape: events, then issues. One
        // more issue there, the checksums made to match, and every event
        // still fits it; only the two parts disagree.
        assert_eq!(bytes[HEADER..HEADER + 2], [1, 1]);
        bytes[HEADER + 1] = 2;
        write_header(&mut bytes);
        let refused = decode_checked(&bytes, "k", "/f").expect_err("refused");
        assert!(refused.0.contains("not of one dossier"), "{}", refused.0);
    }

    #[test]
    fn a_part_damaged_after_its_values_is_refused_once_read_to_its_end() {
        let d = dossier();
        let bytes = encode("k", "/f", &Stamps::default(), &d).expect("encoded");
        // Every byte of the first two parts counts, the last included.
        let head = read_header(&bytes[..HEADER], bytes.len() as u64).expect("a header");
        for part in &head.parts[..2] {
            let mut damaged = bytes.clone();
            let last = usize::try_from(part.at + part.len - 1).expect("small");
            damaged[last] ^= 0x55;
            let refused = decode_checked(&damaged, "k", "/f").expect_err("refused");
            assert!(!refused.0.is_empty());
        }
    }
}
