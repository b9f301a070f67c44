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
//! - its checksum holds and it decodes whole;
//! - every file of the folder has the stamp it had, and no file came or went;
//! - every index, passage and link in it points where it should, and it has
//!   one record per entry.
//!
//! Anything else, and the folder is loaded as if there were no cache. A
//! missing, unreadable or read-only cache folder only costs that time.
//! `dossier check` never reads the cache: it always verifies everything.

use std::fs;
use std::io::{self, Read};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use dossier_core::content::body::{self, Fetch};
use dossier_core::content::stamp::Stamps;
use dossier_core::content::stamps_now;
use dossier_core::content::{Dossier, integrity, load_dir_stamped};
use serde::{Deserialize, Serialize};

use crate::state::seen::{self, Record};

/// The first bytes of every cache file.
const MAGIC: &[u8; 14] = b"dossier-cache\n";
/// The layout of what follows the magic: raised when it changes.
const FORMAT: u32 = 3;
/// Magic, format, checksum of the copy, length of the copy. The articles'
/// texts follow the copy, each checked by the hash the copy holds for it.
const HEADER: usize = MAGIC.len() + 4 + 8 + 8;

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
    /// Where the articles' texts are, when it came from the cache: each is
    /// read the first time it is wanted ([`read_texts`] reads the rest).
    pub texts: Option<Arc<Texts>>,
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

enum Store {
    File(fs::File),
    Bytes(Vec<u8>),
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
        let mut buf = vec![0; len];
        let from = self.base.checked_add(at)?;
        match &self.store {
            Store::File(f) => f.read_exact_at(&mut buf, from).ok()?,
            Store::Bytes(b) => {
                let from = usize::try_from(from).ok()?;
                buf.copy_from_slice(b.get(from..from.checked_add(len)?)?);
            }
        }
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

/// What a cache file holds, after its header.
#[derive(Deserialize)]
struct Snapshot {
    key: String,
    folder: String,
    stamps: Stamps,
    dossier: Dossier,
    records: Vec<Option<Record>>,
}

/// The same, borrowed, to write one.
#[derive(Serialize)]
struct SnapshotRef<'a> {
    key: &'a str,
    folder: &'a str,
    stamps: &'a Stamps,
    dossier: &'a Dossier,
    records: &'a [Option<Record>],
}

/// What identifies this build: the version, and the size and modification
/// time of the running executable. `None` when the executable cannot be
/// found, and then nothing is cached.
pub fn build_key() -> Option<String> {
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
    // The tests' dossiers are written just before they are read.
    let skew = crate::test_hooks::var(SETTLED_VAR)
        .and_then(|v| v.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis);
    load_skewed(folder, dir, skew)
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
    let (now, snapshot) = std::thread::scope(|s| {
        let stamping = s.spawn(|| stamps_now(folder));
        let snapshot = read_copy(&file, &key, &label).ok();
        (stamping.join().ok().flatten(), snapshot)
    });
    match (now, snapshot) {
        (Some(now), Some((s, texts))) if now == s.stamps && holds(&s) => Loaded {
            dossier: s.dossier,
            cached: true,
            keep: None,
            records: Some(s.records),
            texts: Some(texts),
        },
        _ => read_folder(folder, Some(skew)),
    }
}

/// Reads the copy in `file`: its header and the copy itself, leaving the
/// articles' texts in the file until they are wanted.
fn read_copy(file: &Path, key: &str, folder: &str) -> Result<(Snapshot, Arc<Texts>), Refused> {
    let refuse = |why: &str| Refused(why.to_string());
    let mut f = fs::File::open(file).map_err(|e| Refused(e.to_string()))?;
    let size = f.metadata().map_err(|e| Refused(e.to_string()))?.len();
    let mut header = [0; HEADER];
    f.read_exact(&mut header)
        .map_err(|_| refuse("shorter than its header"))?;
    let (sum, len) = read_header(&header)?;
    let rest = size - HEADER as u64;
    if len > rest {
        return Err(refuse("shorter than its header says"));
    }
    let mut copy = vec![0; usize::try_from(len).map_err(|_| refuse("too large"))?];
    f.read_exact(&mut copy)
        .map_err(|e| Refused(e.to_string()))?;
    if sum != xxhash_rust::xxh3::xxh3_64(&copy) {
        return Err(refuse("damaged"));
    }
    let texts = Arc::new(Texts::new(Store::File(f), HEADER as u64 + len, rest - len));
    let snapshot = decode_copy(&copy, &texts, key, folder)?;
    Ok((snapshot, texts))
}

/// The checksum and length of the copy a header announces.
fn read_header(header: &[u8]) -> Result<(u64, u64), Refused> {
    let refuse = |why: &str| Refused(why.to_string());
    let (magic, rest) = header
        .split_at_checked(MAGIC.len())
        .ok_or_else(|| refuse("shorter than its header"))?;
    if magic != MAGIC {
        return Err(refuse("not a cache file"));
    }
    let word = |at: usize, n: usize| rest.get(at..at + n).unwrap_or_default();
    let format = u32::from_le_bytes(word(0, 4).try_into().unwrap_or_default());
    let sum = u64::from_le_bytes(word(4, 8).try_into().unwrap_or_default());
    let len = u64::from_le_bytes(word(12, 8).try_into().unwrap_or_default());
    if format != FORMAT {
        return Err(refuse("another format"));
    }
    Ok((sum, len))
}

/// Decodes a copy whose checksum held, its texts left in `texts`.
fn decode_copy(
    copy: &[u8],
    texts: &Arc<Texts>,
    key: &str,
    folder: &str,
) -> Result<Snapshot, Refused> {
    let refuse = |why: &str| Refused(why.to_string());
    let from: Arc<dyn Fetch> = texts.clone();
    let (snapshot, total) = body::attached(from, || postcard::from_bytes::<Snapshot>(copy));
    let snapshot = snapshot.map_err(|e| Refused(e.to_string()))?;
    if total != texts.len {
        return Err(refuse("its texts are not all there"));
    }
    if snapshot.key != key {
        return Err(refuse("written by another build"));
    }
    if snapshot.folder != folder {
        return Err(refuse("of another folder"));
    }
    Ok(snapshot)
}

/// Whether a copy's parts point where they should, and its records are
/// one per entry.
fn holds(s: &Snapshot) -> bool {
    let d = &s.dossier;
    s.records.len() == d.events.len() + d.issues.len() + d.articles.len()
        && integrity::check(d).is_ok()
}

/// Loads the folder itself, with the stamps to keep it by when `stamp`
/// (the skew of [`load_skewed`]) is given.
fn read_folder(folder: &Path, stamp: Option<Duration>) -> Loaded {
    let Some(skew) = stamp else {
        return Loaded {
            dossier: dossier_core::content::load_dir(folder),
            cached: false,
            keep: None,
            records: None,
            texts: None,
        };
    };
    let started = SystemTime::now() + skew;
    let (dossier, stamps) = load_dir_stamped(folder);
    Loaded {
        dossier,
        cached: false,
        keep: stamps.filter(|s| s.settled(started)),
        records: None,
        texts: None,
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
    let snapshot = SnapshotRef {
        key,
        folder,
        stamps,
        dossier,
        records: &records,
    };
    to.write_all(&[0; HEADER])?;
    let mut out = Hashing {
        to: io::BufWriter::with_capacity(1 << 16, &mut *to),
        hash: xxhash_rust::xxh3::Xxh3::new(),
        len: 0,
    };
    // The texts are written after the copy, which holds each one's length
    // and hash.
    let hasher: Arc<dyn Fetch> = Arc::new(Texts::new(Store::Bytes(Vec::new()), 0, 0));
    body::detached(hasher, || postcard::to_io(&snapshot, &mut out).map(drop))
        .map_err(io::Error::other)?;
    let (sum, len) = (out.hash.digest(), out.len);
    for a in &dossier.articles {
        io::Write::write_all(&mut out.to, a.text.as_bytes())?;
    }
    io::Write::flush(&mut out.to)?;
    drop(out);
    to.seek(io::SeekFrom::Start(0))?;
    to.write_all(&header(sum, len))
}

/// Writes to `to`, hashing and counting what passes.
struct Hashing<W> {
    to: W,
    hash: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.to.write(buf)?;
        let done = buf.get(..n).unwrap_or_default();
        self.hash.update(done);
        self.len += done.len() as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.to.flush()
    }
}

/// Makes the checksum in the header of `bytes` match the copy the header
/// announces (all that follows the header when the announced length does
/// not fit): for the tests, which forge damaged files that pass it.
pub fn write_header(bytes: &mut [u8]) {
    let Some((header, payload)) = bytes.split_at_mut_checked(HEADER) else {
        return;
    };
    let said = u64::from_le_bytes(
        header
            .get(MAGIC.len() + 12..MAGIC.len() + 20)
            .and_then(|w| w.try_into().ok())
            .unwrap_or_default(),
    );
    let len = usize::try_from(said)
        .ok()
        .filter(|&n| n <= payload.len())
        .unwrap_or(payload.len());
    let sum = xxhash_rust::xxh3::xxh3_64(payload.get(..len).unwrap_or_default());
    header.copy_from_slice(&self::header(sum, len as u64));
}

/// The header of a payload with checksum `sum` and length `len`.
fn header(sum: u64, len: u64) -> [u8; HEADER] {
    let mut h = [0; HEADER];
    let parts: [&[u8]; 4] = [
        MAGIC,
        &FORMAT.to_le_bytes(),
        &sum.to_le_bytes(),
        &len.to_le_bytes(),
    ];
    let mut at = 0;
    for p in parts {
        if let Some(slot) = h.get_mut(at..at + p.len()) {
            slot.copy_from_slice(p);
        }
        at += p.len();
    }
    h
}

/// Why a cache file was not used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

/// Reads a cache file's bytes: its dossier, if the file is whole, of this
/// build (`key`), of this folder, and every part of it in place.
fn decode(bytes: &[u8], key: &str, folder: &str) -> Result<(Snapshot, Arc<Texts>), Refused> {
    let refuse = |why: &str| Refused(why.to_string());
    let (header, payload) = bytes
        .split_at_checked(HEADER)
        .ok_or_else(|| refuse("shorter than its header"))?;
    let (sum, len) = read_header(header)?;
    let len = usize::try_from(len).map_err(|_| refuse("too large"))?;
    let (copy, rest) = payload
        .split_at_checked(len)
        .ok_or_else(|| refuse("shorter than its header says"))?;
    if sum != xxhash_rust::xxh3::xxh3_64(copy) {
        return Err(refuse("damaged"));
    }
    let texts = Arc::new(Texts::new(
        Store::Bytes(rest.to_vec()),
        0,
        rest.len() as u64,
    ));
    let snapshot = decode_copy(copy, &texts, key, folder)?;
    Ok((snapshot, texts))
}

/// Decodes a cache file's bytes as [`load`] does, checks included: for
/// the tests, which feed it damaged copies.
pub fn decode_checked(bytes: &[u8], key: &str, folder: &str) -> Result<(Dossier, Stamps), Refused> {
    let (s, texts) = decode(bytes, key, folder)?;
    integrity::check(&s.dossier).map_err(Refused)?;
    if !holds(&s) {
        return Err(Refused("its records are not one per entry".to_string()));
    }
    for a in &s.dossier.articles {
        let _ = a.text.as_str();
    }
    if texts.damaged() {
        return Err(Refused("a text does not match its hash".to_string()));
    }
    Ok((s.dossier, s.stamps))
}
