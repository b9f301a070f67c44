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
//!
//! On Linux the folders are watched through the system's own inotify, for
//! changes only. notify, used elsewhere, also asks the system for every
//! file opened in them; a load opens every file of the dossier, and at
//! 100,000 events each open woke the watch's threads: a tenth of the
//! processor's time of a start and of the whole load behind it.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// Set (debug builds only) to make [`start`] fail with its value, as on a
/// file system without notifications: the real-terminal tests use it.
const FAIL_VAR: &str = "DOSSIER_TEST_WATCH_FAIL";

/// How long the folder must be quiet before a change is reported.
pub const QUIET: Duration = Duration::from_millis(120);

/// The folders the loader reads below the dossier's own.
const ENTRY_FOLDERS: [&str; 3] = ["articles", "events", "issues"];

/// The folder's watch; dropping it stops watching.
pub struct Watch {
    inner: imp::Watch,
}

impl Watch {
    /// Watches the entry folders again after the folder changed: one that
    /// was removed and made anew (a checkout, a copy) is a new folder, which
    /// the old watch does not see.
    pub fn renew(&mut self) {
        self.inner.renew();
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

/// Watches `dir`'s top and its three entry folders; `changed` is called (on
/// the watch's own thread) with the paths of each burst of changes that
/// matter, once the folder has been quiet for [`QUIET`]. `Err` says why the
/// folder cannot be watched (a file system without notifications, too many
/// watches).
pub fn start(
    dir: &Path,
    changed: impl FnMut(Vec<PathBuf>) + Send + 'static,
) -> Result<Watch, String> {
    if let Some(why) = crate::test_hooks::var(FAIL_VAR) {
        return Err(why);
    }
    imp::start(dir, changed).map(|inner| Watch { inner })
}

#[cfg(target_os = "linux")]
mod imp {
    //! The watch on Linux: inotify, asked for changes only, read on a thread
    //! of its own that waits for the folder to be quiet.

    use std::collections::HashMap;
    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex, PoisonError};
    use std::time::{Duration, Instant};

    use inotify::{EventMask, Inotify, WatchDescriptor, WatchMask, Watches};

    use super::{ENTRY_FOLDERS, QUIET, matters};

    /// The folder each watch is on.
    type Folders = Arc<Mutex<HashMap<WatchDescriptor, PathBuf>>>;

    /// How often the thread looks whether the watch was dropped, while
    /// nothing happens.
    const IDLE: Duration = Duration::from_millis(250);

    pub struct Watch {
        dir: PathBuf,
        watches: Watches,
        folders: Folders,
        stop: Arc<AtomicBool>,
    }

    impl Watch {
        pub fn renew(&mut self) {
            for f in ENTRY_FOLDERS {
                let _ = add(&mut self.watches, &self.folders, &self.dir.join(f));
            }
        }
    }

    impl Drop for Watch {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::Relaxed);
        }
    }

    /// What changes are asked for: not opens, reads or closes after reading
    /// (the loader's own).
    fn mask() -> WatchMask {
        WatchMask::ATTRIB
            | WatchMask::CREATE
            | WatchMask::DELETE
            | WatchMask::CLOSE_WRITE
            | WatchMask::MODIFY
            | WatchMask::MOVED_FROM
            | WatchMask::MOVED_TO
            | WatchMask::DELETE_SELF
            | WatchMask::MOVE_SELF
    }

    fn add(watches: &mut Watches, folders: &Folders, path: &Path) -> std::io::Result<()> {
        let wd = watches.add(path, mask())?;
        folders
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(wd, path.to_path_buf());
        Ok(())
    }

    pub fn start(
        dir: &Path,
        changed: impl FnMut(Vec<PathBuf>) + Send + 'static,
    ) -> Result<Watch, String> {
        let inotify = Inotify::init().map_err(|e| e.to_string())?;
        let mut watches = inotify.watches();
        let folders = Folders::default();
        add(&mut watches, &folders, dir).map_err(|e| e.to_string())?;
        // A folder missing now is watched once it is made (see `read`).
        for f in ENTRY_FOLDERS.map(|f| dir.join(f)) {
            if f.is_dir() {
                add(&mut watches, &folders, &f).map_err(|e| e.to_string())?;
            }
        }
        let stop = Arc::new(AtomicBool::new(false));
        let watch = Watch {
            dir: dir.to_path_buf(),
            watches: watches.clone(),
            folders: Arc::clone(&folders),
            stop: Arc::clone(&stop),
        };
        let dir = dir.to_path_buf();
        std::thread::Builder::new()
            .name("watch".into())
            .spawn(move || run(inotify, watches, &folders, &dir, &stop, changed))
            .map_err(|e| e.to_string())?;
        Ok(watch)
    }

    /// Reads the changes, and reports those that matter once the folder has
    /// been quiet for [`QUIET`]; returns when the watch is dropped, or the
    /// system fails it.
    fn run(
        mut inotify: Inotify,
        mut watches: Watches,
        folders: &Folders,
        dir: &Path,
        stop: &AtomicBool,
        mut changed: impl FnMut(Vec<PathBuf>),
    ) {
        use rustix::event::{PollFd, PollFlags, poll};
        let mut buffer = [0u8; 16 * 1024];
        let mut pending: Vec<PathBuf> = Vec::new();
        let mut last = Instant::now();
        while !stop.load(Ordering::Relaxed) {
            let wait = if pending.is_empty() {
                IDLE
            } else {
                QUIET.saturating_sub(last.elapsed())
            };
            if !pending.is_empty() && wait.is_zero() {
                changed(std::mem::take(&mut pending));
                continue;
            }
            let timeout = rustix::time::Timespec::try_from(wait).ok();
            let mut fds = [PollFd::new(&inotify, PollFlags::IN)];
            match poll(&mut fds, timeout.as_ref()) {
                Ok(0) => continue,
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(_) => return,
            }
            let events = match inotify.read_events(&mut buffer) {
                Ok(events) => events,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
                Err(_) => return,
            };
            let before = pending.len();
            for event in events {
                if event.mask.contains(EventMask::Q_OVERFLOW) {
                    // Changes were lost: the whole folder may have changed.
                    pending.push(dir.to_path_buf());
                    continue;
                }
                let mut known = folders.lock().unwrap_or_else(PoisonError::into_inner);
                if event.mask.contains(EventMask::IGNORED) {
                    // Its folder is gone (its removal was reported).
                    known.remove(&event.wd);
                    continue;
                }
                let Some(folder) = known.get(&event.wd).cloned() else {
                    continue;
                };
                drop(known);
                let path = match event.name {
                    Some(name) => folder.join(name),
                    None => folder.clone(),
                };
                // An entry folder made in the dossier's (a checkout, a
                // copy) is watched at once.
                let made = EventMask::CREATE | EventMask::MOVED_TO;
                if folder == dir
                    && event.mask.contains(EventMask::ISDIR)
                    && event.mask.intersects(made)
                    && event
                        .name
                        .is_some_and(|n| ENTRY_FOLDERS.iter().any(|f| n == *f))
                {
                    let _ = add(&mut watches, folders, &path);
                }
                if matters(dir, &path) {
                    pending.push(path);
                }
            }
            // Only what matters keeps the folder from being quiet.
            if pending.len() > before {
                last = Instant::now();
            }
        }
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    //! The watch elsewhere: notify, with its maintainers' debouncer.

    use std::path::{Path, PathBuf};

    use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
    use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

    use super::{ENTRY_FOLDERS, QUIET, matters};

    pub struct Watch {
        debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
        /// The entry folders watched one by one (none when the tree is).
        folders: Vec<PathBuf>,
    }

    impl Watch {
        pub fn renew(&mut self) {
            for f in &self.folders {
                let _ = self.debouncer.watch(f, RecursiveMode::NonRecursive);
            }
        }
    }

    pub fn start(
        dir: &Path,
        mut changed: impl FnMut(Vec<PathBuf>) + Send + 'static,
    ) -> Result<Watch, String> {
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
        // The loader reads the folder's top and its three entry folders,
        // never below them: each is watched alone, which costs one watch
        // each, where a recursive watch would first visit every file. A
        // folder missing now may be made later, with files in it: then the
        // whole tree is watched.
        let mut folders = ENTRY_FOLDERS.map(|f| dir.join(f)).to_vec();
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

    /// A watch of `dir`, and where it sends what it reports.
    fn watched(dir: &Path) -> (Watch, std::sync::mpsc::Receiver<Vec<PathBuf>>) {
        let (tx, rx) = std::sync::mpsc::channel();
        let watch = start(dir, move |paths| {
            let _ = tx.send(paths);
        })
        .unwrap();
        (watch, rx)
    }

    #[test]
    fn a_save_is_reported_and_what_is_not_the_dossiers_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let events = dir.path().join("events");
        std::fs::create_dir(&events).unwrap();
        let (_watch, rx) = watched(dir.path());
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

    #[test]
    fn an_entry_folder_made_after_the_watch_started_is_watched() {
        let dir = tempfile::tempdir().unwrap();
        let (_watch, rx) = watched(dir.path());
        let issues = dir.path().join("issues");
        std::fs::create_dir(&issues).unwrap();
        assert!(
            rx.recv_timeout(Duration::from_secs(5)).is_ok(),
            "the folder made"
        );
        while rx.recv_timeout(QUIET * 3).is_ok() {}
        std::fs::write(issues.join("wages.toml"), "title = \"Wages\"").unwrap();
        let paths = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        assert!(paths.contains(&issues.join("wages.toml")), "{paths:?}");
    }

    #[test]
    fn changes_that_do_not_matter_do_not_hold_back_one_that_does() {
        let dir = tempfile::tempdir().unwrap();
        let events = dir.path().join("events");
        std::fs::create_dir(&events).unwrap();
        let (_watch, rx) = watched(dir.path());
        // A report written beside the dossier's folders every 20 ms, for
        // two seconds: the folder is never quiet, but nothing of it matters.
        let noise = dir.path().join("report.txt");
        let writer = std::thread::spawn(move || {
            for i in 0..100 {
                std::fs::write(&noise, format!("{i}")).unwrap();
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        std::thread::sleep(Duration::from_millis(200));
        let sent = std::time::Instant::now();
        std::fs::write(events.join("e.toml"), "title = \"E\"").unwrap();
        let paths = rx.recv_timeout(Duration::from_secs(5)).unwrap();
        let after = sent.elapsed();
        assert!(paths.iter().all(|p| p.starts_with(&events)), "{paths:?}");
        assert!(
            after < Duration::from_millis(1500),
            "reported after {after:?}, while the report was still written"
        );
        writer.join().unwrap();
    }

    #[test]
    fn a_dropped_watch_lets_go_of_what_it_calls() {
        let dir = tempfile::tempdir().unwrap();
        let (watch, rx) = watched(dir.path());
        drop(watch);
        // Its thread ends, and with it the only sender.
        assert_eq!(
            rx.recv_timeout(Duration::from_secs(5)),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected)
        );
    }
}
