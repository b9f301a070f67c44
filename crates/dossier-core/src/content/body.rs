//! An article's text: held in memory, or left in the reader's cache of
//! loaded dossiers until it is first read.
//!
//! A [`Body`] reads as a `str` (it derefs to one). One made from a `String`
//! is that string. One decoded from a cache file in the *detached* mode
//! ([`Mode`]) holds only its length, a hash and where it is in the file;
//! its bytes are fetched, checked and kept the first time it is read. The
//! reader's first screen shows one article, so a start from the cache reads
//! that one before drawing and the others afterwards.
//!
//! A detached body whose bytes cannot be fetched or do not match (a cache
//! file changed in place, a disk error) reads as spaces of the same length,
//! so that every passage still falls on the text, and its [`Fetch`] is told:
//! the reader then reads the folder again and drops the copy.

use std::cell::RefCell;
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::{Arc, Mutex, OnceLock};

/// Where a detached body's bytes are, and how they are checked.
pub trait Fetch: Send + Sync {
    /// The `len` bytes at `at` of the texts' section, when they are there,
    /// hash to `hash` and are UTF-8.
    fn fetch(&self, at: u64, len: usize, hash: u64) -> Option<String>;
    /// A body could not be fetched (it now reads as spaces).
    fn failed(&self);
    /// The hash written with a body, to check it by when it is fetched.
    fn hash(&self, bytes: &[u8]) -> u64;
}

/// An article's text.
pub struct Body(Inner);

enum Inner {
    Held(String),
    Detached(Box<Detached>),
}

struct Detached {
    text: OnceLock<String>,
    from: Arc<dyn Fetch>,
    at: u64,
    len: usize,
    hash: u64,
    /// Offsets that passages start or end at, checked to fall between two
    /// characters once the bytes are there; `None` once the fetch has taken
    /// them (a passage checked later is checked on the text).
    bounds: Mutex<Option<Vec<usize>>>,
}

impl Body {
    /// The text, fetched first when it is detached.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Inner::Held(s) => s,
            Inner::Detached(d) => d.text.get_or_init(|| d.fetch()),
        }
    }

    /// Its length in bytes, without fetching it.
    pub fn len(&self) -> usize {
        match &self.0 {
            Inner::Held(s) => s.len(),
            Inner::Detached(d) => d.len,
        }
    }

    /// Whether it is empty, without fetching it.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether it is still to be fetched.
    pub fn is_detached(&self) -> bool {
        matches!(&self.0, Inner::Detached(d) if d.text.get().is_none())
    }

    /// Whether `span` is a passage of the text: in order, within it, and
    /// between characters. For a body not yet fetched, the last part is
    /// checked when it is fetched (one that fails reads as spaces).
    pub fn holds_span(&self, span: &Range<usize>) -> bool {
        span.start <= span.end
            && span.end <= self.len()
            && self.check_when_fetched([span.start, span.end])
    }

    /// Offsets that passages within it start or end at, to be checked to
    /// fall between two characters when its text is fetched (a text they
    /// do not fit reads as spaces). False when the text is there already
    /// and one does not fall between two characters.
    pub fn check_when_fetched(&self, ends: impl IntoIterator<Item = usize>) -> bool {
        if let Inner::Detached(d) = &self.0 {
            let mut bounds = d.bounds.lock().unwrap_or_else(|e| e.into_inner());
            // Still open: the fetch, when it comes, checks them.
            if let Some(bounds) = bounds.as_mut() {
                bounds.extend(ends);
                return true;
            }
        }
        // Fetched, or being fetched (this waits for it).
        let s = self.as_str();
        ends.into_iter().all(|b| s.is_char_boundary(b))
    }
}

impl Detached {
    fn fetch(&self) -> String {
        let bounds = self
            .bounds
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_default();
        match self.from.fetch(self.at, self.len, self.hash) {
            Some(s) if s.len() == self.len && bounds.iter().all(|&b| s.is_char_boundary(b)) => s,
            _ => {
                self.from.failed();
                " ".repeat(self.len)
            }
        }
    }
}

impl From<String> for Body {
    fn from(s: String) -> Body {
        Body(Inner::Held(s))
    }
}

impl From<&str> for Body {
    fn from(s: &str) -> Body {
        Body(Inner::Held(s.to_owned()))
    }
}

impl Deref for Body {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl Clone for Body {
    fn clone(&self) -> Body {
        Body(Inner::Held(self.as_str().to_owned()))
    }
}

impl PartialEq for Body {
    fn eq(&self, other: &Body) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Body {}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// How bodies are written and read by serde on this thread.
enum Mode {
    /// As strings (the default: the bundled dossier, exports, tests).
    Inline,
    /// As their length and hash; the caller writes the bytes after.
    Detach(Arc<dyn Fetch>),
    /// Read as detached, numbered from the start of the texts' section.
    Attach { from: Arc<dyn Fetch>, next: u64 },
}

thread_local! {
    static MODE: RefCell<Mode> = const { RefCell::new(Mode::Inline) };
}

/// Runs `f` with the bodies serialized on this thread as their length and
/// hash (by `with`'s [`Fetch::hash`]) instead of their text. The caller
/// writes the texts after, in the order they were serialized.
pub fn detached<R>(with: Arc<dyn Fetch>, f: impl FnOnce() -> R) -> R {
    scoped(Mode::Detach(with), f).0
}

/// Runs `f` with the bodies deserialized on this thread as detached ones
/// that fetch from `from`, the first at offset 0 of its texts' section and
/// each after the one before. Returns what `f` returned and the bytes the
/// bodies read take in all.
pub fn attached<R>(from: Arc<dyn Fetch>, f: impl FnOnce() -> R) -> (R, u64) {
    let (r, mode) = scoped(Mode::Attach { from, next: 0 }, f);
    let total = match mode {
        Mode::Attach { next, .. } => next,
        _ => 0,
    };
    (r, total)
}

fn scoped<R>(mode: Mode, f: impl FnOnce() -> R) -> (R, Mode) {
    struct Restore(Option<Mode>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take().unwrap_or(Mode::Inline);
            MODE.with(|m| *m.borrow_mut() = before);
        }
    }
    let before = MODE.with(|m| std::mem::replace(&mut *m.borrow_mut(), mode));
    let restore = Restore(Some(before));
    let r = f();
    let used = MODE.with(|m| std::mem::replace(&mut *m.borrow_mut(), Mode::Inline));
    drop(restore);
    (r, used)
}

impl serde::Serialize for Body {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let hasher = MODE.with(|m| match &*m.borrow() {
            Mode::Detach(with) => Some(Arc::clone(with)),
            _ => None,
        });
        match hasher {
            None => s.serialize_str(self.as_str()),
            Some(with) => {
                let text = self.as_str();
                (text.len() as u64, with.hash(text.as_bytes())).serialize(s)
            }
        }
    }
}

impl<'de> serde::Deserialize<'de> for Body {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Body, D::Error> {
        let attached = MODE.with(|m| matches!(&*m.borrow(), Mode::Attach { .. }));
        if !attached {
            return String::deserialize(d).map(Body::from);
        }
        let (len, hash) = <(u64, u64)>::deserialize(d)?;
        let len = usize::try_from(len).map_err(serde::de::Error::custom)?;
        MODE.with(|m| match &mut *m.borrow_mut() {
            Mode::Attach { from, next } => {
                let at = *next;
                *next = next
                    .checked_add(len as u64)
                    .ok_or_else(|| serde::de::Error::custom("texts beyond any file"))?;
                Ok(Body(Inner::Detached(Box::new(Detached {
                    text: OnceLock::new(),
                    from: Arc::clone(from),
                    at,
                    len,
                    hash,
                    bounds: Mutex::new(Some(Vec::new())),
                }))))
            }
            _ => Err(serde::de::Error::custom("bodies read out of their mode")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Texts in memory, with a count of fetches and failures.
    struct Store {
        bytes: Vec<u8>,
        fetched: AtomicUsize,
        failed: AtomicUsize,
    }

    impl Fetch for Store {
        fn fetch(&self, at: u64, len: usize, hash: u64) -> Option<String> {
            self.fetched.fetch_add(1, Ordering::Relaxed);
            let at = usize::try_from(at).ok()?;
            let bytes = self.bytes.get(at..at.checked_add(len)?)?;
            (self.hash(bytes) == hash).then_some(())?;
            String::from_utf8(bytes.to_vec()).ok()
        }
        fn failed(&self) {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        fn hash(&self, bytes: &[u8]) -> u64 {
            bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
                (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
            })
        }
    }

    fn store(bytes: Vec<u8>) -> Arc<Store> {
        Arc::new(Store {
            bytes,
            fetched: AtomicUsize::new(0),
            failed: AtomicUsize::new(0),
        })
    }

    fn write(bodies: &[Body]) -> (Vec<u8>, Vec<u8>) {
        let hasher = store(Vec::new());
        let meta = detached(hasher, || postcard::to_allocvec(bodies)).unwrap();
        let texts = bodies.iter().flat_map(|b| b.as_bytes().to_vec()).collect();
        (meta, texts)
    }

    #[test]
    fn inline_bodies_are_plain_strings() {
        let b = Body::from("Crews ratified the deal.");
        let bytes = postcard::to_allocvec(&b).unwrap();
        assert_eq!(
            bytes,
            postcard::to_allocvec("Crews ratified the deal.").unwrap()
        );
        let back: Body = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(back, b);
        assert!(!back.is_detached());
    }

    #[test]
    fn detached_bodies_are_fetched_once_when_read() {
        let bodies = [
            Body::from("Crews ratified the deal."),
            Body::from("Épisode — deux"),
        ];
        let (meta, texts) = write(&bodies);
        let from = store(texts);
        let (back, total) = attached(from.clone(), || postcard::from_bytes::<Vec<Body>>(&meta));
        let back = back.unwrap();
        assert_eq!(total, bodies.iter().map(|b| b.len() as u64).sum::<u64>());
        assert!(back.iter().all(Body::is_detached));
        assert_eq!(back[1].len(), "Épisode — deux".len());
        assert_eq!(from.fetched.load(Ordering::Relaxed), 0);
        assert_eq!(&*back[1], "Épisode — deux");
        assert_eq!(&*back[1], "Épisode — deux");
        assert_eq!(from.fetched.load(Ordering::Relaxed), 1);
        assert_eq!(back[0], bodies[0]);
        assert_eq!(from.failed.load(Ordering::Relaxed), 0);
        // The mode ends with the call.
        let plain: Body = postcard::from_bytes(&postcard::to_allocvec("x").unwrap()).unwrap();
        assert!(!plain.is_detached());
    }

    #[test]
    fn a_changed_text_or_a_passage_inside_a_character_reads_as_spaces() {
        let bodies = [Body::from("Épisode"), Body::from("deal")];
        let (meta, mut texts) = write(&bodies);
        texts[8] = b'D';
        let from = store(texts);
        let (back, _) = attached(from.clone(), || postcard::from_bytes::<Vec<Body>>(&meta));
        let back = back.unwrap();
        // Byte 1 is inside the "É".
        assert!(back[0].holds_span(&(1..3)));
        assert!(!back[0].holds_span(&(0..100)));
        assert_eq!(&*back[0], " ".repeat("Épisode".len()));
        assert_eq!(&*back[1], "    ");
        assert_eq!(from.failed.load(Ordering::Relaxed), 2);
        let reversed = Range { start: 3, end: 1 };
        assert!(!back[0].holds_span(&reversed));
    }

    #[test]
    fn ends_handed_over_in_bulk_are_checked_when_fetched_or_at_once_after() {
        let bodies = [Body::from("Épisode"), Body::from("Épisode")];
        let (meta, texts) = write(&bodies);
        let from = store(texts);
        let (back, _) = attached(from.clone(), || postcard::from_bytes::<Vec<Body>>(&meta));
        let back = back.unwrap();
        // Before the fetch, taken and kept; the fetch then finds byte 1
        // inside the "É" and reads spaces.
        assert!(back[0].check_when_fetched([0, 2, 1]));
        assert_eq!(&*back[0], " ".repeat("Épisode".len()));
        // After the fetch, checked on the text at once.
        assert_eq!(&*back[1], "Épisode");
        assert!(back[1].check_when_fetched([0, 2, 8]));
        assert!(!back[1].check_when_fetched([2, 1]));
        assert_eq!(from.failed.load(Ordering::Relaxed), 1);
        // A text held in memory is checked at once too.
        assert!(!Body::from("Épisode").check_when_fetched([1]));
    }

    #[test]
    fn a_short_section_fails_the_bodies_past_its_end() {
        let bodies = [Body::from("one"), Body::from("two")];
        let (meta, texts) = write(&bodies);
        let from = store(texts[..4].to_vec());
        let (back, _) = attached(from.clone(), || postcard::from_bytes::<Vec<Body>>(&meta));
        let back = back.unwrap();
        assert_eq!(&*back[0], "one");
        assert_eq!(&*back[1], "   ");
        assert_eq!(from.failed.load(Ordering::Relaxed), 1);
    }
}
