//! Watching a dossier's folder for saved changes: the reader reloads by
//! itself, and `dossier check --watch` checks again.
//!
//! Editors save by writing a temporary file and renaming it over the
//! original, so the folders are watched, not the files, and a
//! burst of events (an editor's save, a `git checkout`) is debounced into
//! one change. Files the loader never reads are ignored: anything outside
//! `dossier.toml`, `articles/`, `events/` and `issues/` (so `check --watch >
//! report.txt` in the folder does not wake itself), dot-files (the program's
//! own temporary files, editors' swap files), backups ending in `~`, and
//! vim's `4913` probe.

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Set (debug builds only) to make [`start`] fail with its value, as on a
/// file system without notifications: the real-terminal tests use it.
const FAIL_VAR: &str = "DOSSIER_TEST_WATCH_FAIL";

/// How long the folder must be quiet before a change is reported.
pub const QUIET: Duration = Duration::from_millis(120);

/// The folder's watch; dropping it stops watching.
pub struct Watch {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    /// The entry folders watched one by one (none when the tree is).
    folders: Vec<PathBuf>,
}

impl Watch {
    /// Watches the entry folders again after the folder changed: one that
    /// was removed and made anew (a checkout, a copy) is a new folder, which
    /// the old watch does not see.
    pub fn renew(&mut self) {
        for f in &self.folders {
            let _ = self.debouncer.watch(f, RecursiveMode::NonRecursive);
        }
    }
}

/// Whether a changed path under the dossier's folder `dir` can change
/// what the dossier loads.
pub fn matters(dir: &Path, path: &Path) -> bool {
    if let Ok(rel) = path.strip_prefix(dir) {
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy());
        match first.as_deref() {
            // The folder itself (made, moved or removed).
            None => return true,
            Some("dossier.toml" | "articles" | "events" | "issues") => {}
            Some(_) => return false,
        }
    }
    let Some(name) = path.file_name().map(|n| n.to_string_lossy()) else {
        return true;
    };
    !(name.starts_with('.') || name.ends_with('~') || name == "4913")
}

/// Watches `dir`'s top and its three entry folders (everything under it
/// when one of them is missing); `changed` is called (on the
/// watch's own thread) with the paths of each debounced burst that
/// matters. `Err` says why the folder cannot be watched (a file system
/// without notifications, too many watches).
pub fn start(
    dir: &Path,
    mut changed: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<Watch, String> {
    if let Some(why) = crate::test_hooks::var(FAIL_VAR) {
        return Err(why);
    }
    let root = dir.to_path_buf();
    let canonical = dir.canonicalize().unwrap_or_else(|_| root.clone());
    let mut debouncer = new_debouncer(QUIET, None, move |result: DebounceEventResult| {
        if let Ok(events) = result {
            let paths: Vec<PathBuf> = events
                .into_iter()
                // A file opened or read (the loader itself) changes nothing.
                .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                .flat_map(|e| e.event.paths)
                .filter(|p| {
                    let base = if p.starts_with(&root) {
                        &root
                    } else {
                        &canonical
                    };
                    matters(base, p)
                })
                .collect();
            if !paths.is_empty() {
                changed(paths);
            }
        }
    })
    .map_err(|e| e.to_string())?;
    // The loader reads the folder's top and its three entry folders, never
    // below them: each is watched alone, which costs one watch each, where a
    // recursive watch would first visit every file. A folder missing now
    // may be made later, with files in it: then the whole tree is watched.
    let mut folders = ["articles", "events", "issues"]
        .map(|f| dir.join(f))
        .to_vec();
    if folders.iter().all(|f| f.is_dir()) {
        debouncer
            .watch(dir, RecursiveMode::NonRecursive)
            .map_err(|e| e.to_string())?;
        for f in &folders {
            debouncer
                .watch(f, RecursiveMode::NonRecursive)
                .map_err(|e| e.to_string())?;
        }
    } else {
        folders.clear();
        debouncer
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| e.to_string())?;
    }
    Ok(Watch { debouncer, folders })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_and_swap_files_do_not_matter() {
        let d = Path::new("/d");
        for p in [
            "events/.x.toml.123.0.tmp",
            "events/.x.toml.swp",
            "events/x.toml~",
            "articles/4913",
            "report.txt",
            ".git/index",
        ] {
            assert!(!matters(d, &d.join(p)), "{p}");
        }
        for p in [
            "events/x.toml",
            "articles/a.txt",
            "dossier.toml",
            "events",
            "",
        ] {
            assert!(matters(d, &d.join(p)), "{p}");
        }
    }

    #[test]
    fn a_save_is_reported_and_what_is_not_the_dossiers_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let events = dir.path().join("events");
        std::fs::create_dir(&events).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let _watch = start(dir.path(), move |paths| {
            let _ = tx.send(paths);
        })
        .unwrap();
        // An editor's save: a temporary file written, renamed over the file.
        let tmp = events.join(".e.toml.swp");
        for i in 0..5 {
            std::fs::write(&tmp, format!("title = \"{i}\"")).unwrap();
            std::fs::rename(&tmp, events.join("e.toml")).unwrap();
        }
        let paths = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(paths.iter().all(|p| p.starts_with(&events)), "{paths:?}");
        // The burst's last paths may come a tick later; then nothing more.
        while rx.recv_timeout(QUIET * 3).is_ok() {}
        // Beside the content folders: no report.
        std::fs::write(dir.path().join("report.txt"), "x").unwrap();
        assert!(rx.recv_timeout(QUIET * 3).is_err(), "not the dossier's");
        // Read, as the loader reads: no report either (a reload would
        // otherwise wake the next one).
        let _ = std::fs::read_to_string(events.join("e.toml")).unwrap();
        let _ = std::fs::read_dir(&events).unwrap().count();
        assert!(rx.recv_timeout(QUIET * 3).is_err(), "reading is no change");
    }
}
