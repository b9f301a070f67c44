//! The state file of one dossier: which file it is, reading it, and writing
//! it so that it is always whole.
//!
//! The bundled dossier's file is `bundled.toml`, a name that does not change
//! with the program or its content. A folder's file is named after the folder
//! and a hash of its canonical path (`iatse-2024-3f0c…​.toml`), and records that
//! path: two folders never share a file, and a folder moved or renamed starts
//! afresh.
//!
//! Writes go through the program's one atomic writer
//! ([`crate::system::atomic`]): a temporary file in the same directory,
//! flushed to disk and renamed over the old file, and the directory flushed: a
//! reader killed while saving leaves the previous file whole, and of two
//! readers saving at once the last rename wins, whole. The file keeps its
//! permissions (a new one is readable by its owner only).

use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::State;
use super::format;

/// Which dossier a state belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DossierId {
    /// The dossier built into the program.
    Bundled,
    /// A folder, by its canonical path.
    Folder(PathBuf),
}

impl DossierId {
    /// The dossier in `dir`, by its canonical path (or the path as given if it
    /// cannot be resolved).
    pub fn folder(dir: &Path) -> DossierId {
        DossierId::Folder(fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()))
    }

    /// How the state file names its dossier.
    pub fn label(&self) -> String {
        match self {
            DossierId::Bundled => "bundled".into(),
            DossierId::Folder(p) => p.display().to_string(),
        }
    }

    /// The state file's name in the state directory.
    pub fn file_name(&self) -> String {
        match self {
            DossierId::Bundled => "bundled.toml".into(),
            DossierId::Folder(p) => {
                let name = p
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                format!("{}-{:016x}.toml", slug(&name), fnv64(&path_bytes(p)))
            }
        }
    }
}

/// The path's bytes as the system has them.
fn path_bytes(p: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec()
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned().into_bytes()
    }
}

/// FNV-1a, 64 bits: stable across runs and versions, unlike std's hasher.
fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A folder's name reduced to lower-case ASCII letters, digits and dashes.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "folder".into()
    } else {
        out.into()
    }
}

/// One dossier's state file.
#[derive(Debug, Clone)]
pub struct Store {
    pub path: PathBuf,
}

/// What opening the state of a dossier found.
#[derive(Debug)]
pub struct Opened {
    /// Where to save, or `None` when the state cannot be kept.
    pub store: Option<Store>,
    /// What was remembered (empty on a first visit, or after a problem).
    pub state: State,
    /// Something the reader should say once: a file moved aside, a directory
    /// that cannot be written.
    pub warning: Option<String>,
    /// What was seen, not yet read: `state` holds the rest of the file,
    /// with the checksums of what was seen ([`open_deferring`]).
    pub deferred: Option<Deferred>,
}

/// A state file whose records of what was seen are read only if they are
/// wanted: a start that finds nothing changed since they were saved (their
/// checksums are those of the dossier loaded) never reads them.
///
/// Its text is not kept meanwhile (at 100,000 entries it is 15 MB): it is
/// read again when wanted, as it is then (another reader may have saved
/// since, and its records are as good).
#[derive(Debug)]
pub struct Deferred {
    path: PathBuf,
}

impl Deferred {
    /// What was seen (none if the file is gone). When the file cannot be
    /// read after all, it is moved aside as [`open`] moves an unreadable
    /// one, and the error says so: as `Ok` when it was moved, as `Err`
    /// when it could not be (and so must not be written over).
    pub fn read(self) -> Result<Option<std::sync::Arc<super::SeenMap>>, Result<String, String>> {
        let text = match fs::read(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(Err(format!("cannot read {}: {e}", self.path.display()))),
        };
        std::str::from_utf8(&text)
            .map_err(|e| format!("not UTF-8 text ({e})"))
            .and_then(|text| format::read(text).map_err(|e| e.why))
            .map(|state| state.seen)
            .map_err(|why| set_aside(&self.path, &why))
    }
}

/// Temporary files older than this are left-overs of a reader killed while
/// saving, and are removed.
const STALE: Duration = Duration::from_secs(60);

/// Opens the state of dossier `id` in the state directory `dir` (created
/// with private permissions if missing).
pub fn open(dir: Option<&Path>, id: &DossierId) -> Opened {
    open_deferring(dir, id, |_| false)
}

/// [`open`], leaving what was seen unread ([`Opened::deferred`]) when the
/// file holds good checksums of it and `defer` says they may well be the
/// dossier's (the cache's copy has them): a large dossier's records are
/// megabytes of text.
pub fn open_deferring(
    dir: Option<&Path>,
    id: &DossierId,
    defer: impl FnOnce(&super::seen::Checksums) -> bool,
) -> Opened {
    let fresh = State {
        dossier: id.label(),
        ..State::default()
    };
    let cannot = |why: String| Opened {
        store: None,
        state: fresh.clone(),
        warning: Some(format!("The reader cannot remember your place: {why}")),
        deferred: None,
    };
    let Some(dir) = dir else {
        return cannot("no home directory (set HOME or XDG_STATE_HOME)".into());
    };
    if let Err(e) = crate::xdg::create_private(dir) {
        return cannot(format!("cannot create {}: {e}", dir.display()));
    }
    let path = dir.join(id.file_name());
    remove_stale_temporaries(&path);
    let mut file = match fs::File::open(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Opened {
                store: Some(Store { path }),
                state: fresh,
                warning: None,
                deferred: None,
            };
        }
        // Not readable: it is not overwritten either.
        Err(e) => return cannot(format!("cannot read {}: {e}", path.display())),
    };
    // The lines before `[seen]` first: when they hold checksums of what
    // was seen that `defer` takes, the records are hashed, to tell that
    // they are the ones the checksums were written with, and not kept.
    let mut bytes = Vec::new();
    let mut hashed = false;
    if let Ok(Some(at)) = read_until_seen(&mut file, &mut bytes)
        && let Ok(head) = std::str::from_utf8(&bytes[..=at])
        && let Some((state, own)) = format::read_head(head)
        && state.dossier == fresh.dossier
        && state.checksums.as_ref().is_some_and(defer)
    {
        hashed = true;
        let after = at + format::SEEN_LINE.len();
        if hash_rest(&bytes[after..], &mut file).is_ok_and(|h| h == own) {
            return Opened {
                store: Some(Store { path: path.clone() }),
                state,
                warning: None,
                deferred: Some(Deferred { path }),
            };
        }
    }
    // Otherwise the whole file, read on from where the head ended (from
    // the start again when its end was only hashed).
    let read = if hashed {
        fs::read(&path).map(|whole| bytes = whole)
    } else {
        file.read_to_end(&mut bytes).map(drop)
    };
    if let Err(e) = read {
        return cannot(format!("cannot read {}: {e}", path.display()));
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let why = format!("not UTF-8 text ({})", e.utf8_error());
            return aside(path, fresh.clone(), &why, cannot);
        }
    };
    match format::read(&text).map_err(|u| u.why) {
        Ok(state) if state.dossier == fresh.dossier => Opened {
            store: Some(Store { path }),
            state,
            warning: None,
            deferred: None,
        },
        // Two folders whose names and hashes agree: vanishingly unlikely,
        // and then neither overwrites the other's file.
        Ok(state) => cannot(format!(
            "{} belongs to another dossier ({})",
            path.display(),
            dossier_core::text::sanitize_line(&state.dossier)
        )),
        Err(why) => aside(path, fresh.clone(), &why, cannot),
    }
}

/// Reads `file` into `bytes` until they hold the line `[seen]` (where the
/// line break before it is), or to its end (`None`).
fn read_until_seen(file: &mut fs::File, bytes: &mut Vec<u8>) -> io::Result<Option<usize>> {
    const CHUNK: usize = 64 * 1024;
    let seen = format::SEEN_LINE.as_bytes();
    loop {
        // Where the line may start that the last chunk did not hold whole.
        let from = bytes.len().saturating_sub(seen.len() - 1);
        let len = bytes.len();
        bytes.resize(len + CHUNK, 0);
        let n = loop {
            match file.read(&mut bytes[len..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    bytes.truncate(len);
                    return Err(e);
                }
            }
        };
        bytes.truncate(len + n);
        if let Some(at) = memchr::memmem::find(&bytes[from..], seen) {
            return Ok(Some(from + at));
        }
        if n == 0 {
            return Ok(None);
        }
    }
}

/// The checksum of `start` followed by the rest of `file`, read a piece
/// at a time and kept nowhere.
fn hash_rest(start: &[u8], file: &mut fs::File) -> io::Result<u64> {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    hash.update(start);
    let mut piece = vec![0; 256 * 1024];
    loop {
        match file.read(&mut piece) {
            Ok(0) => return Ok(hash.digest()),
            Ok(n) => hash.update(&piece[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// An unreadable state file, moved aside: the reader starts afresh and
/// says so. One that cannot be moved is not overwritten either.
fn aside(path: PathBuf, fresh: State, why: &str, cannot: impl FnOnce(String) -> Opened) -> Opened {
    match set_aside(&path, why) {
        Ok(warning) => Opened {
            store: Some(Store { path }),
            state: fresh,
            warning: Some(warning),
            deferred: None,
        },
        Err(warning) => cannot(warning),
    }
}

/// Moves the unreadable state file at `path` aside: what to say, as `Ok`
/// when it was moved, as `Err` when it could not be (and so must not be
/// written over).
fn set_aside(path: &Path, why: &str) -> Result<String, String> {
    match move_aside(path) {
        Ok(aside) => Ok(format!(
            "{}: the state could not be read, so it was moved to {} and the reader starts afresh",
            located(path, why),
            aside.display()
        )),
        Err(e) => Err(format!(
            "{} (the state file cannot be read, nor moved aside: {e})",
            located(path, why)
        )),
    }
}

/// `path:line:col: message`, or `path: message` when there is no position.
fn located(path: &Path, why: &str) -> String {
    let why = dossier_core::text::sanitize_line(why);
    if why.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{}:{why}", path.display())
    } else {
        format!("{}: {why}", path.display())
    }
}

/// Renames an unreadable file to `NAME.corrupt-SECONDS` (with `-2`, `-3`...
/// if taken), never over another file.
fn move_aside(path: &Path) -> io::Result<PathBuf> {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let base = format!("{}.corrupt-{secs}", path.display());
    for n in 1..1000 {
        let aside = PathBuf::from(if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        });
        if fs::symlink_metadata(&aside).is_ok() {
            continue;
        }
        fs::rename(path, &aside)?;
        return Ok(aside);
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        "too many files moved aside already",
    ))
}

/// The prefix of the temporary files of a state file: `.NAME.`.
fn temp_prefix(path: &Path) -> String {
    format!(
        ".{}.",
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    )
}

pub(crate) fn remove_stale_temporaries(path: &Path) {
    let (Some(dir), prefix) = (path.parent(), temp_prefix(path)) else {
        return;
    };
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !(name.starts_with(&prefix) && name.ends_with(".tmp")) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE);
        if old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

impl Store {
    /// Writes `state` atomically.
    pub fn save(&self, state: &State) -> io::Result<()> {
        self.save_with(state, None)
    }

    /// [`Store::save`], with the text under `[seen]` made already
    /// ([`format::write_with`]).
    pub fn save_with(&self, state: &State, seen_text: Option<&str>) -> io::Result<()> {
        write_atomic(&self.path, format::write_with(state, seen_text).as_bytes())
    }
}

/// Replaces `path` with `bytes`, whole or not at all, through the program's
/// one atomic writer: a new file is the owner's alone, a replaced one keeps
/// its permissions. (A test stops it halfway with
/// [`crate::system::atomic::WRITE_DELAY_VAR`] and kills the reader then.)
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if path.parent().is_none() {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "no directory"));
    }
    crate::system::atomic::replace(path, bytes, crate::system::atomic::Access::Private)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(dossier: &str) -> State {
        State {
            dossier: dossier.into(),
            bookmarks: vec![super::super::Bookmark::Entry(super::super::EntryId {
                kind: super::super::EntryKind::Issue,
                id: "ai".into(),
            })],
            ..State::default()
        }
    }

    #[test]
    fn names_are_fixed_for_the_bundled_dossier_and_differ_per_folder() {
        assert_eq!(DossierId::Bundled.file_name(), "bundled.toml");
        let a = DossierId::Folder("/home/u/IATSE 2024!".into()).file_name();
        let b = DossierId::Folder("/srv/IATSE 2024!".into()).file_name();
        assert!(a.starts_with("iatse-2024-") && a.ends_with(".toml"), "{a}");
        assert_ne!(a, b);
        assert_eq!(
            a,
            DossierId::Folder("/home/u/IATSE 2024!".into()).file_name()
        );
        assert!(
            DossierId::Folder("/".into())
                .file_name()
                .starts_with("folder-")
        );
        assert!(
            DossierId::Folder("/x/ééé".into())
                .file_name()
                .starts_with("folder-")
        );
    }

    #[test]
    fn a_folder_is_known_by_its_canonical_path() {
        let tmp = tempfile::tempdir().unwrap();
        let d = tmp.path().join("d");
        fs::create_dir(&d).unwrap();
        let via_dots = tmp.path().join("d/../d");
        assert_eq!(DossierId::folder(&d), DossierId::folder(&via_dots));
    }

    #[test]
    fn first_visit_then_saved_then_read_back() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("state/dossier");
        let o = open(Some(&dir), &DossierId::Bundled);
        assert!(o.warning.is_none());
        assert_eq!(o.state.dossier, "bundled");
        assert_eq!(o.state.seen, None);
        let store = o.store.unwrap();
        store.save(&state("bundled")).unwrap();
        let again = open(Some(&dir), &DossierId::Bundled);
        assert_eq!(again.state, state("bundled"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&dir), 0o700);
            assert_eq!(mode(&store.path), 0o600);
            // A permission the user chose is kept.
            fs::set_permissions(&store.path, fs::Permissions::from_mode(0o640)).unwrap();
            store.save(&state("bundled")).unwrap();
            assert_eq!(mode(&store.path), 0o640);
        }
        // No temporary file is left.
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("bundled.toml")]);
    }

    /// The files moved aside in `dir`.
    fn moved_aside(dir: &Path) -> Vec<PathBuf> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().contains(".corrupt-"))
            .collect()
    }

    /// A state file of the bundled dossier in a scratch folder, as the
    /// reader saves it with checksums of what was seen (whose values do not
    /// matter to the reading), and the state it holds.
    fn saved_with_checksums() -> (tempfile::TempDir, PathBuf, State) {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bundled.toml");
        let mut saved = format::tests::sample();
        saved.dossier = "bundled".into();
        saved.checksums = Some(super::super::seen::Checksums { records: 7, ids: 9 });
        (tmp, path, saved)
    }

    #[test]
    fn a_corrupt_file_is_moved_aside_never_deleted() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let path = dir.join("bundled.toml");
        fs::write(&path, "version = 1\ndossier = \"bundled\"\n[place\ngarbage").unwrap();
        let o = open(Some(dir), &DossierId::Bundled);
        let warning = o.warning.unwrap();
        assert!(warning.contains("bundled.toml:3:"), "{warning}");
        assert!(warning.contains("moved to"), "{warning}");
        assert_eq!(o.state.seen, None);
        assert!(!path.exists());
        let aside = moved_aside(dir);
        assert_eq!(aside.len(), 1);
        assert!(fs::read_to_string(&aside[0]).unwrap().ends_with("garbage"));
        // The store still saves, to the usual name.
        o.store.unwrap().save(&state("bundled")).unwrap();
        assert_eq!(open(Some(dir), &DossierId::Bundled).state, state("bundled"));
        // Binary garbage too.
        fs::write(&path, [0xff, 0xfe, 0]).unwrap();
        let o = open(Some(dir), &DossierId::Bundled);
        assert!(o.warning.unwrap().contains("not UTF-8"));
    }

    #[test]
    fn what_was_seen_is_left_unread_only_with_good_checksums_and_when_asked() {
        let (tmp, path, saved) = saved_with_checksums();
        let dir = tmp.path();
        fs::write(&path, format::write(&saved)).unwrap();
        let asked = std::cell::Cell::new(None);
        let o = open_deferring(Some(dir), &DossierId::Bundled, |c| {
            asked.set(Some(*c));
            true
        });
        assert_eq!(
            asked.get(),
            saved.checksums,
            "asked with the file's checksums"
        );
        assert!(o.warning.is_none() && o.store.is_some());
        // All but what was seen, which reads back whole when wanted.
        assert_eq!(o.state.seen, None);
        assert_eq!(o.state.place, saved.place);
        assert_eq!(o.state.bookmarks, saved.bookmarks);
        assert_eq!(o.state.checksums, saved.checksums);
        let deferred = o.deferred.expect("left unread");
        assert_eq!(deferred.read(), Ok(saved.seen.clone()));
        // Not asked for: read at once, as `open` reads it.
        let o = open_deferring(Some(dir), &DossierId::Bundled, |_| false);
        assert!(o.deferred.is_none());
        assert_eq!(o.state, saved);
        // A file edited by hand has no good checksums: read at once.
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, format!("{text}# a note\n")).unwrap();
        let o = open_deferring(Some(dir), &DossierId::Bundled, |_| true);
        assert!(o.deferred.is_none());
        assert!(o.state.seen.is_some() && o.state.checksums.is_none());
    }

    #[test]
    fn a_head_longer_than_a_read_is_read_whole_wherever_its_end_falls() {
        let (tmp, path, saved) = saved_with_checksums();
        let dir = tmp.path();
        // Pins enough to pass a read's 64 KiB, with the line `[seen]`
        // starting on each side of that boundary and across it.
        let pin = |quote: String| super::super::Bookmark::Passage {
            entry: None,
            article: "a".into(),
            quote,
        };
        let base = format::write(&saved).find("\n[seen]\n").unwrap();
        let mut across = 0;
        for extra in 0..12 {
            let mut state = saved.clone();
            let long = "q".repeat(1000);
            let fill = pin(long.clone());
            let one = format::write(&State {
                bookmarks: vec![fill.clone()],
                ..State::default()
            })
            .len()
                - format::write(&State::default()).len();
            let n = (64 * 1024 - base) / one;
            state.bookmarks.extend(std::iter::repeat_n(fill, n));
            // The last pin's length sets where the head ends.
            let at = format::write(&state).find("\n[seen]\n").unwrap();
            let target: usize = 64 * 1024 - 6 + extra;
            let short = target
                .saturating_sub(at + (one - long.len()))
                .clamp(1, 1000);
            state.bookmarks.push(pin("r".repeat(short)));
            let text = format::write(&state);
            let at = text.find("\n[seen]\n").unwrap();
            if at < 64 * 1024 && at + 8 > 64 * 1024 {
                across += 1;
            }
            fs::write(&path, &text).unwrap();
            let o = open_deferring(Some(dir), &DossierId::Bundled, |_| true);
            assert!(o.deferred.is_some(), "at {at}");
            assert_eq!(o.state.bookmarks, state.bookmarks, "at {at}");
            assert_eq!(o.deferred.unwrap().read(), Ok(state.seen.clone()));
            // And read at once, whole, when not left unread.
            let o = open_deferring(Some(dir), &DossierId::Bundled, |_| false);
            assert_eq!(o.state, state, "at {at}");
        }
        assert!(across > 0, "the line [seen] fell across the boundary");
    }

    #[test]
    fn what_was_seen_left_unread_and_then_unreadable_is_moved_aside() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let path = dir.join("bundled.toml");
        // A head the reader wrote, records no reader wrote, and a checksum
        // that matches them: made on purpose, as no reader makes it.
        let seen = "[seen.\"event:a\"\ndate = ";
        let own = xxhash_rust::xxh3::xxh3_64(seen.as_bytes());
        let text = format!(
            "version = 1\ndossier = \"bundled\"\nchecksums = \"{:016x}-{:016x}-{own:016x}\"\n[seen]\n{seen}",
            1, 2
        );
        fs::write(&path, &text).unwrap();
        let o = open_deferring(Some(dir), &DossierId::Bundled, |_| true);
        let said = o.deferred.expect("left unread").read().unwrap_err();
        let said = said.expect("moved aside");
        assert!(said.contains("moved to"), "{said}");
        assert!(!path.exists());
        let aside = moved_aside(dir);
        assert_eq!(aside.len(), 1);
        assert_eq!(fs::read_to_string(&aside[0]).unwrap(), text);
    }

    #[test]
    fn an_unwritable_directory_means_no_store_and_one_warning() {
        let tmp = tempfile::tempdir().unwrap();
        // A directory under a regular file cannot exist, even for root.
        let file = tmp.path().join("file");
        fs::write(&file, "").unwrap();
        let o = open(Some(&file.join("dossier")), &DossierId::Bundled);
        assert!(o.store.is_none());
        assert!(o.warning.unwrap().starts_with("The reader cannot remember"));
        let o = open(None, &DossierId::Bundled);
        assert!(o.store.is_none());
        // Saving into it fails cleanly.
        let s = Store {
            path: file.join("dossier/bundled.toml"),
        };
        assert!(s.save(&state("bundled")).is_err());
    }

    #[test]
    fn another_dossiers_file_is_not_taken_over() {
        let tmp = tempfile::tempdir().unwrap();
        let id = DossierId::Folder("/a/b".into());
        let path = tmp.path().join(id.file_name());
        let text = format::write(&state("/somewhere/else"));
        fs::write(&path, &text).unwrap();
        let o = open(Some(tmp.path()), &id);
        assert!(o.store.is_none());
        assert!(o.warning.unwrap().contains("another dossier"));
        assert_eq!(fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn stale_temporaries_are_cleared_fresh_ones_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let old = tmp.path().join(".bundled.toml.999.0.tmp");
        let new = tmp.path().join(".bundled.toml.998.0.tmp");
        fs::write(&old, "half").unwrap();
        fs::write(&new, "half").unwrap();
        let f = fs::File::options().write(true).open(&old).unwrap();
        f.set_modified(SystemTime::now() - Duration::from_secs(3600))
            .unwrap();
        drop(f);
        open(Some(tmp.path()), &DossierId::Bundled);
        assert!(!old.exists());
        assert!(new.exists());
    }

    /// Two writers racing on one file: every read finds one whole version.
    #[test]
    fn concurrent_writers_leave_one_whole_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("bundled.toml");
        let texts: Vec<String> = (0..2)
            .map(|w| format::write(&state(&format!("writer {w} {}", "x".repeat(20_000)))))
            .collect();
        std::thread::scope(|s| {
            for t in &texts {
                let path = &path;
                s.spawn(move || {
                    for _ in 0..50 {
                        write_atomic(path, t.as_bytes()).unwrap();
                    }
                });
            }
            s.spawn(|| {
                for _ in 0..200 {
                    if let Ok(read) = fs::read_to_string(&path) {
                        assert!(texts.contains(&read), "a torn file was read");
                    }
                }
            });
        });
        let last = fs::read_to_string(&path).unwrap();
        assert!(texts.contains(&last));
    }
}
