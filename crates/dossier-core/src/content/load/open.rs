//! Opening a load's files: each by its name, from its folder opened once.
//!
//! A load opens every file of a folder, one after the other. Opened by its
//! whole path, each file costs the system a lookup of every folder on the
//! way (the dossier's path is resolved, so from the root): seven names for
//! `/home/me/dossiers/x/events/a.toml`. Opened from its folder, it costs
//! one. At 100,000 events that is a tenth of the time spent opening them.
//!
//! An [`Opener`] lives for one pass over the files (one thread's share of
//! one load): a folder replaced on disk since is opened anew by the next
//! load, never read through an old handle.

use std::fs::File;
use std::io;
use std::path::Path;

/// Opens files for reading; each in the folder of the file opened before
/// it is found from that folder, which stays open until a file of another
/// folder is asked for.
#[derive(Default)]
pub(super) struct Opener {
    #[cfg(unix)]
    folder: Option<(std::path::PathBuf, File)>,
}

impl Opener {
    /// The file at `path`, opened for reading, as [`File::open`] opens it
    /// (a link is followed, and an error is the system's own).
    #[cfg(unix)]
    pub(super) fn open(&mut self, path: &Path) -> io::Result<File> {
        let Some((folder, name)) = split(path) else {
            return File::open(path);
        };
        let same =
            matches!(&self.folder, Some((open, _)) if open.as_os_str() == folder.as_os_str());
        if !same {
            match open_folder(folder) {
                Ok(open) => self.folder = Some((folder.to_path_buf(), open)),
                // The file's own open says what is wrong.
                Err(_) => {
                    self.folder = None;
                    return File::open(path);
                }
            }
        }
        let Some((_, open)) = &self.folder else {
            return File::open(path);
        };
        openat(open, name)
    }

    /// The file at `path`, opened for reading.
    #[cfg(not(unix))]
    pub(super) fn open(&mut self, path: &Path) -> io::Result<File> {
        File::open(path)
    }
}

/// `path`'s folder and its name in it, split at its last `/`; `None` when
/// that is not plainly so (no folder, a name that is empty, `.` or `..`):
/// such a path is opened whole. Splitting the bytes is much quicker than
/// taking the path's components apart, done once per file of a load.
#[cfg(unix)]
fn split(path: &Path) -> Option<(&Path, &std::ffi::OsStr)> {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    let at = memchr::memrchr(b'/', bytes)?;
    let (folder, name) = (bytes.get(..at)?, bytes.get(at + 1..)?);
    if folder.is_empty() || matches!(name, b"" | b"." | b"..") {
        return None;
    }
    Some((
        Path::new(OsStr::from_bytes(folder)),
        OsStr::from_bytes(name),
    ))
}

/// The folder at `path`, opened to open its files by name, or to list it.
#[cfg(unix)]
pub(super) fn open_folder(path: &Path) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    Ok(File::from(rustix::fs::open(path, flags, Mode::empty())?))
}

/// The file `name` in the folder open as `dir`, opened for reading (a link
/// is followed, and an error is the system's own).
#[cfg(unix)]
fn openat(dir: &File, name: impl rustix::path::Arg) -> io::Result<File> {
    use rustix::fs::{Mode, OFlags};
    let file = rustix::fs::openat(dir, name, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty())?;
    Ok(File::from(file))
}

/// [`openat`], for a `name` that ends with a NUL byte, so that no copy of
/// it is made.
#[cfg(unix)]
pub(super) fn open_in(dir: &File, name: &std::ffi::CStr) -> io::Result<File> {
    openat(dir, name)
}

/// Opening by name in a folder is only done where folders are listed by
/// [`list_plain`](super::files::list_plain), which never gives one here.
#[cfg(not(unix))]
pub(super) fn open_in(_dir: &File, _name: &std::ffi::CStr) -> io::Result<File> {
    Err(io::ErrorKind::Unsupported.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn read(opener: &mut Opener, path: &Path) -> io::Result<String> {
        let mut s = String::new();
        opener.open(path)?.read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn opens_files_of_one_folder_and_of_another_and_says_what_is_missing() {
        let root = std::env::temp_dir().join(format!("dossier-open-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("1.toml"), "one").unwrap();
        std::fs::write(a.join("2.toml"), "two").unwrap();
        std::fs::write(b.join("1.toml"), "three").unwrap();
        let mut opener = Opener::default();
        assert_eq!(read(&mut opener, &a.join("1.toml")).unwrap(), "one");
        assert_eq!(read(&mut opener, &a.join("2.toml")).unwrap(), "two");
        // Another folder, then the first again: each file from its own.
        assert_eq!(read(&mut opener, &b.join("1.toml")).unwrap(), "three");
        assert_eq!(read(&mut opener, &a.join("1.toml")).unwrap(), "one");
        // A missing file, and a file in a missing folder: the system's own
        // error, as opening by the whole path gives it.
        let missing = opener.open(&a.join("3.toml")).unwrap_err();
        assert_eq!(
            missing.kind(),
            File::open(a.join("3.toml")).unwrap_err().kind()
        );
        assert_eq!(
            missing.to_string(),
            File::open(a.join("3.toml")).unwrap_err().to_string()
        );
        let gone = opener.open(&root.join("c").join("1.toml")).unwrap_err();
        assert_eq!(gone.kind(), io::ErrorKind::NotFound);
        // A folder where a file was: opening it for reading is refused.
        assert!(read(&mut opener, &a).is_err());
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_path_is_split_at_its_last_slash_only_when_that_gives_a_folder_and_a_name() {
        let parts = |p: &str| split(Path::new(p)).map(|(f, n)| (f.to_path_buf(), n.to_owned()));
        assert_eq!(
            parts("/home/me/d/events/a.toml"),
            Some(("/home/me/d/events".into(), "a.toml".into()))
        );
        assert_eq!(
            parts("events/a.toml"),
            Some(("events".into(), "a.toml".into()))
        );
        for whole in ["a.toml", "/a.toml", "events/", "events/.", "events/..", ""] {
            assert_eq!(parts(whole), None, "{whole}");
        }
        // Such paths are opened whole, and what is missing is said so.
        let mut opener = Opener::default();
        assert_eq!(
            opener
                .open(Path::new("no-such-file.toml"))
                .unwrap_err()
                .kind(),
            io::ErrorKind::NotFound
        );
        assert!(
            opener
                .open(Path::new("/"))
                .is_ok_and(|f| f.metadata().unwrap().is_dir())
        );
    }

    #[test]
    fn a_folder_replaced_between_two_openers_is_read_anew() {
        let root = std::env::temp_dir().join(format!("dossier-open-new-{}", std::process::id()));
        let a = root.join("a");
        std::fs::create_dir_all(&a).unwrap();
        std::fs::write(a.join("1.toml"), "old").unwrap();
        let mut first = Opener::default();
        assert_eq!(read(&mut first, &a.join("1.toml")).unwrap(), "old");
        std::fs::remove_dir_all(&a).unwrap();
        std::fs::create_dir_all(&a).unwrap();
        std::fs::write(a.join("1.toml"), "new").unwrap();
        assert_eq!(
            read(&mut Opener::default(), &a.join("1.toml")).unwrap(),
            "new"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
