//! The bundled dossier's first frame, kept from one start to the next, so
//! that the reader can put it on the screen before it has decoded the
//! dossier, read its settings or built its state.
//!
//! A frame is kept under a key made of everything the first frame depends
//! on: this build of the program (its version, and the size and time of its
//! executable), the terminal's size, `NO_COLOR`, today's date, `--top`, and
//! the bytes of the configuration file and of the bundled dossier's state
//! file (or their absence). Two frames are kept for the next start:
//! - the one a start drew, under that start's key, when it had none kept
//!   or the kept one was not what it drew;
//! - on quitting, the one the next start will draw: the reader builds it
//!   from the state file it has just saved, as a start would.
//!
//! A kept frame is only ever a head start, never trusted: the reader then
//! does all it would have done and draws its first frame into memory. Where
//! that frame's bytes are the kept ones, nothing more is written; where
//! they differ (a key that missed something), the screen is cleared and
//! the true frame written at once. A damaged file (its checksum, its length
//! or its key do not hold) is not used.
//!
//! The frames are in `$XDG_CACHE_HOME/dossier/frames/`, the newest
//! [`KEEP`] of them; a folder that cannot be written only costs the head
//! start.

use std::fs;
use std::path::{Path, PathBuf};

/// The first bytes of a kept frame's file.
const MAGIC: &[u8; 14] = b"dossier-frame\n";
/// Magic, key, length and checksum of the frame, which follows.
const HEADER: usize = MAGIC.len() + 24;
/// A frame larger than this is not kept: a first frame of a 500×200
/// terminal full of styled wide characters stays well under it.
const MAX_FRAME: usize = 4 << 20;
/// How many frames are kept: one per key, the oldest removed first.
pub const KEEP: usize = 8;

/// The first frame's bytes for `key` in the cache folder `cache`, when a
/// whole, undamaged one is kept.
pub fn find(cache: &Path, key: u64) -> Option<Vec<u8>> {
    let bytes = fs::read(file_for(cache, key)).ok()?;
    decode(&bytes, key).map(<[u8]>::to_vec)
}

/// The frame in a kept file's bytes, when they hold one for `key`.
fn decode(bytes: &[u8], key: u64) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let word = |at: usize| -> Option<u64> {
        let b = rest.get(at..at + 8)?;
        Some(u64::from_le_bytes(b.try_into().ok()?))
    };
    let (stored, len, sum) = (word(0)?, word(8)?, word(16)?);
    let frame = rest.get(24..)?;
    let whole = stored == key
        && usize::try_from(len).ok() == Some(frame.len())
        && frame.len() <= MAX_FRAME
        && xxhash_rust::xxh3::xxh3_64(frame) == sum;
    whole.then_some(frame)
}

/// Keeps `frame` as the first frame for `key`, replacing the file whole
/// (not synced: losing it costs only a head start), and removes the oldest
/// frames beyond [`KEEP`]. Errors are ignored for the same reason.
pub fn keep(cache: &Path, key: u64, frame: &[u8]) {
    if frame.is_empty() || frame.len() > MAX_FRAME {
        return;
    }
    let dir = cache.join("frames");
    if crate::xdg::create_private(&dir).is_err() {
        return;
    }
    let mut bytes = Vec::with_capacity(HEADER + frame.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(&(frame.len() as u64).to_le_bytes());
    bytes.extend_from_slice(&xxhash_rust::xxh3::xxh3_64(frame).to_le_bytes());
    bytes.extend_from_slice(frame);
    let access = crate::system::atomic::Access::Private;
    let placed = crate::system::atomic::stage(&file_for(cache, key), &bytes, access)
        .and_then(|mut staged| staged.rename());
    if placed.is_ok() {
        prune(&dir);
    }
}

/// Removes the oldest kept frames beyond [`KEEP`].
fn prune(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut frames: Vec<(std::time::SystemTime, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".frame"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if frames.len() <= KEEP {
        return;
    }
    frames.sort();
    for (_, path) in &frames[..frames.len() - KEEP] {
        let _ = fs::remove_file(path);
    }
}

/// The file of the frame kept for `key`.
fn file_for(cache: &Path, key: u64) -> PathBuf {
    cache
        .join("frames")
        .join(format!("bundled-{key:016x}.frame"))
}

/// What a first frame of the bundled dossier depends on besides the
/// program's own code.
pub struct Inputs<'a> {
    pub width: u16,
    pub height: u16,
    /// `--top`: at the top rather than at the remembered place.
    pub top: bool,
    /// `NO_COLOR`'s value, if set.
    pub no_color: Option<&'a std::ffi::OsStr>,
    /// Days since 1970 (the date the reader uses for "today").
    pub today: Option<i64>,
    /// The configuration file's bytes, `None` when there is none.
    pub config: Option<&'a [u8]>,
    /// The state file's bytes, `None` when there is none.
    pub state: Option<&'a [u8]>,
}

/// The key of a first frame: `None` when this build cannot be told from
/// another (its executable cannot be found), and then nothing is kept.
pub fn key(inputs: &Inputs<'_>) -> Option<u64> {
    let build = crate::cache::build_key()?;
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    let mut part = |bytes: &[u8]| {
        h.update(&(bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(build.as_bytes());
    part(&inputs.width.to_le_bytes());
    part(&inputs.height.to_le_bytes());
    part(&[u8::from(inputs.top)]);
    let absent = |b: Option<&[u8]>| [u8::from(b.is_none())];
    let no_color = inputs.no_color.map(std::ffi::OsStr::as_encoded_bytes);
    part(&absent(no_color));
    part(no_color.unwrap_or_default());
    part(&inputs.today.unwrap_or(i64::MIN).to_le_bytes());
    part(&absent(inputs.config));
    part(inputs.config.unwrap_or_default());
    part(&absent(inputs.state));
    part(inputs.state.unwrap_or_default());
    Some(h.digest())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs<'a>(state: Option<&'a [u8]>) -> Inputs<'a> {
        Inputs {
            width: 120,
            height: 40,
            top: false,
            no_color: None,
            today: Some(20_000),
            config: None,
            state,
        }
    }

    #[test]
    fn a_kept_frame_is_found_under_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let frame = b"\x1b[?1049h\x1b[1;1Hhello".to_vec();
        keep(dir.path(), 7, &frame);
        assert_eq!(find(dir.path(), 7), Some(frame));
        assert_eq!(find(dir.path(), 8), None);
    }

    #[test]
    fn a_damaged_frame_is_never_used() {
        let dir = tempfile::tempdir().unwrap();
        keep(dir.path(), 7, b"a frame of some length");
        let file = file_for(dir.path(), 7);
        let good = fs::read(&file).unwrap();
        // Every byte changed in turn, and every length cut short.
        for at in 0..good.len() {
            let mut bad = good.clone();
            bad[at] ^= 0x20;
            fs::write(&file, &bad).unwrap();
            assert_eq!(find(dir.path(), 7), None, "byte {at} changed");
        }
        for len in 0..good.len() {
            fs::write(&file, &good[..len]).unwrap();
            assert_eq!(find(dir.path(), 7), None, "cut at {len}");
        }
    }

    #[test]
    fn only_the_newest_frames_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        for key in 0..(KEEP as u64 + 3) {
            keep(dir.path(), key, b"frame");
            // Modification times one apart, whatever the file system's
            // resolution.
            let t = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + key);
            fs::File::options()
                .write(true)
                .open(file_for(dir.path(), key))
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        let kept = (0..(KEEP as u64 + 3))
            .filter(|k| find(dir.path(), *k).is_some())
            .collect::<Vec<_>>();
        // The last write pruned all but the newest `KEEP`, itself included.
        assert_eq!(kept.len(), KEEP, "{kept:?}");
        assert!(kept.contains(&(KEEP as u64 + 2)));
    }

    #[test]
    fn the_key_changes_with_each_input() {
        let base = key(&inputs(None)).unwrap();
        let state = key(&inputs(Some(b"place = 1"))).unwrap();
        let empty_state = key(&inputs(Some(b""))).unwrap();
        let mut keys = vec![base, state, empty_state];
        let mut i = inputs(None);
        i.width = 80;
        keys.push(key(&i).unwrap());
        let mut i = inputs(None);
        i.top = true;
        keys.push(key(&i).unwrap());
        let mut i = inputs(None);
        i.no_color = Some(std::ffi::OsStr::new("1"));
        keys.push(key(&i).unwrap());
        let mut i = inputs(None);
        i.today = Some(20_001);
        keys.push(key(&i).unwrap());
        let mut i = inputs(None);
        i.config = Some(b"");
        keys.push(key(&i).unwrap());
        let n = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), n, "two inputs gave one key");
        assert_eq!(
            key(&inputs(None)),
            Some(base),
            "the same inputs, the same key"
        );
    }
}
