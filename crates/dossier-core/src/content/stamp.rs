//! What a dossier's files were when they were read, to tell later, without
//! reading them again, whether they still are: each file's size, times of
//! last change, inode and device (a "stamp"). The reader keeps a copy of a
//! loaded dossier with its stamps; it is used again only while every stamp
//! still matches (see docs/performance.md, "The cache").
//!
//! A stamp misses a change only when a file is rewritten with the same size
//! within the same tick of the file system's clock and its inode kept:
//! [`Stamps::settled`] refuses stamps that recent, so a dossier whose files
//! changed in the last seconds before it was read is never kept.

use std::fs;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// One file's size, modification and change times, inode and device.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    /// Size in bytes.
    pub len: u64,
    /// Last modification, in seconds and nanoseconds since the epoch.
    pub modified: (i64, i64),
    /// Last change of the content or the metadata (`ctime`), which no
    /// program can set back.
    pub changed: (i64, i64),
    /// Inode number: a file replaced by another (an editor's save by
    /// rename) has a new one.
    pub inode: u64,
    /// The device the file is on.
    pub device: u64,
}

impl Stamp {
    /// The stamp of a file's metadata; `None` where the system does not
    /// give change times and inodes (only Unix does), so nothing is kept.
    pub fn of(m: &fs::Metadata) -> Option<Stamp> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Some(Stamp {
                len: m.len(),
                modified: (m.mtime(), m.mtime_nsec()),
                changed: (m.ctime(), m.ctime_nsec()),
                inode: m.ino(),
                device: m.dev(),
            })
        }
        #[cfg(not(unix))]
        {
            let _ = m;
            None
        }
    }

    /// The later of its two times.
    fn latest(&self) -> (i64, i64) {
        self.modified.max(self.changed)
    }
}

/// Every file a load listed, sorted by path: read files with their stamp,
/// files listed but not read (a `.md` in `events/`) with none, since only
/// their presence counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamps {
    /// `(path relative to the folder with '/', stamp)`.
    pub files: Vec<(String, Option<Stamp>)>,
}

/// How old every stamp must be for [`Stamps::settled`]: longer than any
/// file system's clock tick (FAT's is two seconds).
pub const SETTLED: Duration = Duration::from_secs(3);

impl Stamps {
    /// Whether every file last changed at least [`SETTLED`] before `t` (the
    /// time the load started): a later change within one clock tick could
    /// keep a file's stamp, so stamps that recent are not to be kept.
    pub fn settled(&self, t: SystemTime) -> bool {
        let Ok(since) = t.duration_since(SystemTime::UNIX_EPOCH) else {
            return false;
        };
        let Some(limit) = since.checked_sub(SETTLED) else {
            return false;
        };
        let limit = (
            i64::try_from(limit.as_secs()).unwrap_or(i64::MAX),
            i64::from(limit.subsec_nanos()),
        );
        self.files
            .iter()
            .filter_map(|(_, s)| s.as_ref())
            .all(|s| s.latest() <= limit)
    }
}
