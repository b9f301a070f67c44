//! The one way the program writes a file: whole or not at all. The state
//! store, the exports and the curator (new files, and sources appended from
//! the reader) all write through here.
//!
//! The bytes go first into a temporary file created exclusively beside the
//! target (a dot-file named `.NAME.PID.N.tmp`, never one that exists), which
//! takes the target's permissions when it replaces one; the file is synced,
//! then renamed over the target ([`Staged::replace`]) or linked to a name
//! that must still be free ([`Staged::create`]: nothing is ever clobbered),
//! and the folder is synced so that the rename itself is on disk. A reader of
//! the target sees the old file or the new one, never a part; a process killed
//! on the way leaves at most a temporary file.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Set to a number of milliseconds to make every write stop that long
/// halfway through its temporary file: the tests kill the process then.
/// Debug builds only (see [`crate::test_hooks`]).
pub const WRITE_DELAY_VAR: &str = "DOSSIER_TEST_WRITE_DELAY_MS";

/// Who may read a new file: the permissions of a file replaced are always kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Access {
    /// As the process's umask allows (content files, exports).
    #[default]
    Shared,
    /// The owner alone (0600 on Unix): what the reader remembers.
    Private,
}

/// A temporary file written beside its target, not yet in place. Dropped
/// before it is put in place, it is removed.
#[derive(Debug)]
pub struct Staged {
    tmp: PathBuf,
    target: PathBuf,
    placed: bool,
}

/// The folder `path` is in (`.` for a bare name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Creates the temporary file for `target` exclusively: a name of this
/// process not taken yet (a stale one of a process long gone is skipped).
fn create_temporary(target: &Path, access: Access) -> io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let dir = folder_of(target);
    let mut last = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        if access == Access::Private {
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        }
        #[cfg(not(unix))]
        let _ = access;
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no temporary file could be made")))
}

/// Writes `bytes` into a new temporary file beside `target`, with the
/// target's permissions when it exists. Not synced: [`Staged::sync`] (or
/// [`replace`] and [`create_new`], which do everything) does that.
pub fn stage(target: &Path, bytes: &[u8], access: Access) -> io::Result<Staged> {
    stage_with(target, access, |file| {
        let delay = crate::test_hooks::var(WRITE_DELAY_VAR)
            .and_then(|v| v.parse().ok())
            .map(Duration::from_millis);
        let half = if delay.is_some() { bytes.len() / 2 } else { 0 };
        let (first, rest) = bytes.split_at(half);
        file.write_all(first)?;
        if let Some(d) = delay {
            file.flush()?;
            std::thread::sleep(d);
        }
        file.write_all(rest)
    })
}

/// [`stage`], with the bytes written by `write` into the temporary file
/// (which it may also seek in).
fn stage_with(
    target: &Path,
    access: Access,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<Staged> {
    let (tmp, mut file) = create_temporary(target, access)?;
    let staged = Staged {
        tmp,
        target: target.to_path_buf(),
        placed: false,
    };
    // The file keeps the permissions it had.
    if let Ok(meta) = fs::metadata(target) {
        file.set_permissions(meta.permissions())?;
    }
    write(&mut file)?;
    Ok(staged)
}

impl Staged {
    /// The file this one is to become.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Puts the temporary file's bytes on disk.
    pub fn sync(&self) -> io::Result<()> {
        File::open(&self.tmp)?.sync_all()
    }

    /// Renames the temporary file over the target (replacing it whole).
    /// The folder is not synced: [`sync_folder`] does that, once for many.
    pub fn rename(&mut self) -> io::Result<()> {
        fs::rename(&self.tmp, &self.target)?;
        self.placed = true;
        Ok(())
    }

    /// Gives the temporary file the target's name, which must be free: an
    /// existing file is never replaced (`AlreadyExists`).
    pub fn link(&mut self) -> io::Result<()> {
        match fs::hard_link(&self.tmp, &self.target) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(e),
            // A file system without hard links: create the name exclusively.
            Err(_) => {
                let bytes = fs::read(&self.tmp)?;
                let mut file = OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&self.target)?;
                file.write_all(&bytes)?;
                file.sync_all()
            }
        }?;
        // The temporary name goes; the file stays under its new one.
        let _ = fs::remove_file(&self.tmp);
        self.placed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.placed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Syncs a folder, so that the renames and links made in it are on disk.
pub fn sync_folder(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Replaces `path` with `bytes` (or creates it), whole or not at all.
pub fn replace(path: &Path, bytes: &[u8], access: Access) -> io::Result<()> {
    replace_checked(path, bytes, access, || Ok(()))
}

/// As [`replace`], calling `check` once the bytes are on disk, just before
/// the rename: an `Err` from it (the target changed meanwhile) leaves the
/// target untouched and is returned.
pub fn replace_checked(
    path: &Path,
    bytes: &[u8],
    access: Access,
    check: impl FnOnce() -> io::Result<()>,
) -> io::Result<()> {
    let mut staged = stage(path, bytes, access)?;
    staged.sync()?;
    check()?;
    staged.rename()?;
    sync_folder(&folder_of(path))
}

/// As [`replace`], with the bytes written by `write` into the temporary
/// file (which it may also seek in), for a file too large to build in
/// memory first.
pub fn replace_streamed(
    path: &Path,
    access: Access,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let mut staged = stage_with(path, access, write)?;
    staged.sync()?;
    staged.rename()?;
    sync_folder(&folder_of(path))
}

/// Creates `path` with `bytes`; `AlreadyExists` if there is a file there
/// (then nothing is written).
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if fs::symlink_metadata(path).is_ok() {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "the file already exists",
        ));
    }
    let mut staged = stage(path, bytes, Access::Shared)?;
    staged.sync()?;
    staged.link()?;
    sync_folder(&folder_of(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn replace_writes_whole_and_keeps_the_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.toml");
        replace(&path, b"one", Access::Shared).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
            replace(&path, b"two", Access::Private).unwrap();
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o640);
            let new = dir.path().join("private");
            replace(&new, b"x", Access::Private).unwrap();
            let mode = fs::metadata(&new).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_check_that_fails_leaves_the_target_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        fs::write(&path, b"kept").unwrap();
        let e = replace_checked(&path, b"new", Access::Shared, || {
            Err(io::Error::other("changed on disk"))
        });
        assert!(e.is_err());
        assert_eq!(fs::read(&path).unwrap(), b"kept");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn create_new_never_clobbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.toml");
        create_new(&path, b"first").unwrap();
        let e = create_new(&path, b"second").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        // A name taken between the look and the link is not replaced either.
        let mut staged = stage(&path, b"third", Access::Shared).unwrap();
        assert_eq!(
            staged.link().unwrap_err().kind(),
            io::ErrorKind::AlreadyExists
        );
        drop(staged);
        assert_eq!(fs::read(&path).unwrap(), b"first");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn temporaries_are_made_exclusively_past_stale_ones() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        // Stale names of this process, as a process of the same id left them.
        let stale: Vec<PathBuf> = (0..4)
            .map(|_| {
                let (tmp, _) = create_temporary(&path, Access::Shared).unwrap();
                fs::write(&tmp, b"stale").unwrap();
                tmp
            })
            .collect();
        let mut staged = stage(&path, b"fresh", Access::Shared).unwrap();
        assert!(!stale.contains(&staged.tmp));
        for s in &stale {
            assert_eq!(fs::read(s).unwrap(), b"stale");
        }
        staged.rename().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"fresh");
    }

    #[test]
    fn a_staged_file_dropped_before_its_place_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let staged = stage(&path, b"x", Access::Shared).unwrap();
        assert_eq!(leftovers(dir.path()).len(), 1);
        drop(staged);
        assert!(leftovers(dir.path()).is_empty());
        assert!(!path.exists());
    }
}
