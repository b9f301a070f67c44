//! The dossier folder is a boundary: what is read from it stays inside it.
//!
//! A dossier received from someone else may hold a symbolic link, say
//! `articles/x.txt`, pointing at any file of the reader's machine; whatever
//! reads a dossier (the loader, and anything else that opens its files) asks
//! [`Boundary::admit`] first, and a link that resolves outside the folder is
//! not followed. Links that stay inside are followed. The folder itself may
//! be reached through a link: it is resolved once, when the boundary is made.
//!
//! Only what a directory listing reports as a link is resolved, so an
//! ordinary folder costs no system call more. Hard links cannot be told
//! apart from ordinary files and are read as such.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The message of the warning for a link that leaves the dossier folder.
pub const OUTSIDE: &str = "links outside the dossier are not followed";

/// A dossier folder, resolved, against which paths in it are admitted.
#[derive(Debug, Clone)]
pub struct Boundary {
    root: PathBuf,
}

/// A path that was not admitted: a link whose target is outside the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside;

impl fmt::Display for Outside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(OUTSIDE)
    }
}

impl Boundary {
    /// The boundary of folder `dir`, which may itself be a link (resolved
    /// here, once). Fails when `dir` cannot be resolved (it does not exist).
    pub fn new(dir: &Path) -> io::Result<Boundary> {
        Ok(Boundary {
            root: dir.canonicalize()?,
        })
    }

    /// The folder, resolved.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The path to read for `path`, an entry of the folder (or of a folder
    /// in it) that the listing reported as a link when `is_link`: `path`
    /// itself when it is no link, its target when that is inside the folder,
    /// and [`Outside`] otherwise. A link that cannot be resolved (its target
    /// is missing) is returned as it is, for the read to report.
    pub fn admit(&self, path: &Path, is_link: bool) -> Result<PathBuf, Outside> {
        if !is_link {
            return Ok(path.to_path_buf());
        }
        match path.canonicalize() {
            Ok(target) if target.starts_with(&self.root) => Ok(target),
            Ok(_) => Err(Outside),
            Err(_) => Ok(path.to_path_buf()),
        }
    }

    /// [`Boundary::admit`] for a path whose kind the caller does not know
    /// yet: asks the file system whether it is a link (one system call).
    pub fn admit_path(&self, path: &Path) -> Result<PathBuf, Outside> {
        let is_link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        self.admit(path, is_link)
    }
}
