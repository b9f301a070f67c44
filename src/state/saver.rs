//! The thread that writes the state file, so that a slow disk never delays a
//! key. The reader hands it whole snapshots; when several arrive while it is
//! writing, only the latest is written. Each save's outcome is handed to a
//! callback (the reader's loop turns it into a message).

use std::io;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

use dossier_core::content::Dossier;

use std::sync::{Arc, Weak};

use super::store::Store;
use super::{SeenMap, State, format, seen};

enum Job {
    /// With the dossier what was seen was seen in, for its checksums.
    Save(Box<State>, Option<Arc<Dossier>>),
    /// Answer once everything asked before is written.
    Flush(Sender<()>),
}

/// The saving thread; it stops when this is dropped, after writing what it
/// was given.
pub struct Saver {
    tx: Option<Sender<Job>>,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    /// Starts the thread for `store`. `report` is called on it after each
    /// write, with the error message if the write failed.
    pub fn start(
        store: Store,
        report: impl Fn(Result<(), String>) + Send + 'static,
    ) -> io::Result<Saver> {
        let (tx, rx) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("state saver".into())
            .spawn(move || run(&store, &rx, &report))?;
        Ok(Saver {
            tx: Some(tx),
            thread: Some(thread),
        })
    }

    /// Asks for `state` to be written; returns at once. With the dossier
    /// whose entries were seen (`seen_in`; none for a preview, whose
    /// entries are not what they will be), the state is written with the
    /// checksums of what was seen ([`seen::Checksums`]), made on the saving
    /// thread.
    pub fn save(&self, state: State, seen_in: Option<Arc<Dossier>>) {
        if let Some(tx) = &self.tx {
            let _ = tx.send(Job::Save(Box::new(state), seen_in));
        }
    }

    /// Waits until everything asked so far is written, or `timeout` passed;
    /// true when it was written.
    pub fn flush(&self, timeout: Duration) -> bool {
        let Some(tx) = &self.tx else { return false };
        let (ack, done) = mpsc::channel();
        if tx.send(Job::Flush(ack)).is_err() {
            return false;
        }
        !matches!(
            done.recv_timeout(timeout),
            Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected)
        )
    }
}

impl Drop for Saver {
    fn drop(&mut self) {
        // Closing the channel ends the thread once its queue is written.
        self.tx = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// What the last save wrote of what was seen: while the reader's records
/// and dossier are the very ones it was made from, the next save writes the
/// same text with the same checksums without making them again (at 100,000
/// entries that is over half a second of work at every save). Held weakly:
/// the reader changes its records in place when nothing else holds them,
/// and then these no longer match.
struct Written {
    seen: Weak<SeenMap>,
    dossier: Option<Weak<Dossier>>,
    text: String,
    checksums: Option<seen::Checksums>,
}

impl Written {
    fn of(&self, seen: &Arc<SeenMap>, dossier: Option<&Arc<Dossier>>) -> bool {
        let same = |weak: &Weak<SeenMap>| weak.upgrade().is_some_and(|s| Arc::ptr_eq(&s, seen));
        same(&self.seen)
            && match (&self.dossier, dossier) {
                (None, None) => true,
                (Some(weak), Some(d)) => weak.upgrade().is_some_and(|w| Arc::ptr_eq(&w, d)),
                _ => false,
            }
    }
}

/// The text under `[seen]` to write for `state` (none without records),
/// with `state.checksums` set to go with it:
/// - records never read (none, with the checksums the file holds them
///   with: [`crate::app::App::state`]) are written again as the file holds
///   them, when it still holds them so; else made from the dossier;
/// - records are made into text once, and that text serves the saves that
///   follow with the very same records ([`Written`]).
fn seen_text<'a>(
    state: &mut State,
    dossier: Option<&Arc<Dossier>>,
    store: &Store,
    written: &'a mut Option<Written>,
) -> Option<std::borrow::Cow<'a, str>> {
    if state.seen.is_none() {
        let checksums = state.checksums?;
        if let Ok(mut text) = std::fs::read_to_string(&store.path)
            && let Some(kept) = format::kept_seen(&text, &checksums)
        {
            // The records alone, moved to the front: no copy of 15 MB.
            let start = text.len() - kept.len();
            text.drain(..start);
            return Some(std::borrow::Cow::Owned(text));
        }
        state.checksums = None;
        state.seen = Some(Arc::new(seen::baseline(dossier?)));
    }
    let seen = state.seen.as_ref()?;
    let w = match written.take() {
        Some(w) if w.of(seen, dossier) => w,
        _ => Written {
            seen: Arc::downgrade(seen),
            dossier: dossier.map(Arc::downgrade),
            text: format::seen_text(seen),
            checksums: dossier.and_then(|d| seen::Checksums::of(seen, d)),
        },
    };
    state.checksums = w.checksums;
    Some(std::borrow::Cow::Borrowed(&written.insert(w).text))
}

fn run(store: &Store, rx: &Receiver<Job>, report: &dyn Fn(Result<(), String>)) {
    let mut written: Option<Written> = None;
    while let Ok(job) = rx.recv() {
        let mut latest = None;
        let mut acks = Vec::new();
        let mut next = Some(job);
        // Everything already queued: only the last snapshot matters.
        while let Some(job) = next {
            match job {
                Job::Save(s, d) => latest = Some((s, d)),
                Job::Flush(ack) => acks.push(ack),
            }
            next = rx.try_recv().ok();
        }
        if let Some((mut state, dossier)) = latest {
            let text = seen_text(&mut state, dossier.as_ref(), store, &mut written);
            report(
                store
                    .save_with(&state, text.as_deref())
                    .map_err(|e| format!("cannot save {}: {e}", store.path.display())),
            );
        }
        for ack in acks {
            let _ = ack.send(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn saves_the_latest_and_reports_each_write() {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store {
            path: tmp.path().join("bundled.toml"),
        };
        let results = Arc::new(Mutex::new(Vec::new()));
        let r = results.clone();
        let saver = Saver::start(store.clone(), move |res| r.lock().unwrap().push(res)).unwrap();
        for n in 0..20 {
            saver.save(
                State {
                    dossier: format!("d{n}"),
                    ..State::default()
                },
                None,
            );
        }
        assert!(saver.flush(Duration::from_secs(5)));
        let text = std::fs::read_to_string(&store.path).unwrap();
        assert!(text.contains("dossier = \"d19\""), "{text}");
        let results = results.lock().unwrap();
        assert!(!results.is_empty() && results.len() <= 20);
        assert!(results.iter().all(Result::is_ok));
    }

    /// A saver writing to a scratch folder's file (kept while the folder
    /// is), and the bundled dossier to save what was seen of.
    fn saving() -> (tempfile::TempDir, Store, Saver, Arc<Dossier>) {
        let tmp = tempfile::tempdir().unwrap();
        let store = Store {
            path: tmp.path().join("bundled.toml"),
        };
        let saver = Saver::start(store.clone(), |_| {}).unwrap();
        (tmp, store, saver, Arc::new(crate::bundled::load_bundled()))
    }

    /// The text under `[seen]` of a state file's `text`.
    fn seen_part(text: &str) -> String {
        text.split_once("\n[seen]\n").unwrap().1.to_string()
    }

    #[test]
    fn what_was_seen_is_written_again_as_it_is_now_never_as_it_was() {
        use crate::state::{EntryId, EntryKind};
        let (_tmp, store, saver, d) = saving();
        let mut seen = Arc::new(seen::baseline(&d));
        let read = || std::fs::read_to_string(&store.path).unwrap();
        let state = |dossier: &str, seen: &Arc<SeenMap>| State {
            dossier: dossier.into(),
            seen: Some(Arc::clone(seen)),
            ..State::default()
        };
        saver.save(state("one", &seen), Some(Arc::clone(&d)));
        assert!(saver.flush(Duration::from_secs(5)));
        let first = read();
        assert!(first.contains("checksums = "), "{first}");
        // The same records and dossier: the same text and checksums.
        saver.save(state("two", &seen), Some(Arc::clone(&d)));
        assert!(saver.flush(Duration::from_secs(5)));
        let second = read();
        assert!(second.contains("dossier = \"two\""));
        assert_eq!(seen_part(&second), seen_part(&first));
        let line = |t: &str| {
            t.lines()
                .find(|l| l.starts_with("checksums"))
                .map(str::to_string)
        };
        assert_eq!(line(&second), line(&first));
        // The records changed in place (nothing else holds them): written as
        // they are now.
        let id = EntryId {
            kind: EntryKind::Event,
            id: d.events[0].id.clone(),
        };
        Arc::make_mut(&mut seen).get_mut(&id).unwrap().date = Some("long ago".into());
        saver.save(state("three", &seen), Some(Arc::clone(&d)));
        assert!(saver.flush(Duration::from_secs(5)));
        let third = read();
        assert!(seen_part(&third).contains("long ago"), "{third}");
        assert_ne!(line(&third), line(&first));
        assert_eq!(
            crate::state::format::read(&third).unwrap().seen,
            Some(seen.clone())
        );
        // An entry gone from what was seen, with another dossier: no stale
        // checksums either.
        Arc::make_mut(&mut seen).remove(&id);
        saver.save(state("four", &seen), None);
        assert!(saver.flush(Duration::from_secs(5)));
        let fourth = read();
        assert!(!seen_part(&fourth).contains("long ago"));
        assert_eq!(line(&fourth), None, "no dossier, no checksums");
    }

    #[test]
    fn records_never_read_are_written_again_as_the_file_holds_them() {
        let (_tmp, store, saver, d) = saving();
        let seen = Arc::new(seen::baseline(&d));
        let read = || std::fs::read_to_string(&store.path).unwrap();
        saver.save(
            State {
                dossier: "one".into(),
                seen: Some(seen.clone()),
                ..State::default()
            },
            Some(Arc::clone(&d)),
        );
        assert!(saver.flush(Duration::from_secs(5)));
        let first = read();
        let checksums = crate::state::format::read(&first).unwrap().checksums;
        assert!(checksums.is_some());
        // Left in the file: written again as it is there, with the new head.
        let unread = |dossier: &str| State {
            dossier: dossier.into(),
            seen: None,
            checksums,
            ..State::default()
        };
        saver.save(unread("two"), Some(Arc::clone(&d)));
        assert!(saver.flush(Duration::from_secs(5)));
        let second = read();
        assert!(second.contains("dossier = \"two\""));
        assert_eq!(seen_part(&second), seen_part(&first));
        let back = crate::state::format::read(&second).unwrap();
        assert_eq!((back.seen, back.checksums), (Some(seen.clone()), checksums));
        // The file no longer holds them so (edited by hand): made from the
        // dossier instead, never lost.
        let mut edited = read();
        edited.push_str("# a note\n");
        std::fs::write(&store.path, edited).unwrap();
        saver.save(unread("three"), Some(Arc::clone(&d)));
        assert!(saver.flush(Duration::from_secs(5)));
        let third = crate::state::format::read(&read()).unwrap();
        assert_eq!(third.dossier, "three");
        assert_eq!(third.seen, Some(seen));
        assert!(!read().contains("# a note"));
    }

    #[test]
    fn a_failed_write_is_reported_and_dropping_writes_what_is_queued() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("file"), "").unwrap();
        let bad = Store {
            path: tmp.path().join("file/bundled.toml"),
        };
        let results = Arc::new(Mutex::new(Vec::new()));
        let r = results.clone();
        let saver = Saver::start(bad, move |res| r.lock().unwrap().push(res)).unwrap();
        saver.save(State::default(), None);
        drop(saver);
        let results = results.lock().unwrap();
        assert_eq!(results.len(), 1);
        assert!(results[0].as_ref().unwrap_err().contains("cannot save"));
    }
}
