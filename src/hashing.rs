//! Checksums of what is written: the cache's copy keeps one per part, and
//! the state one of what was seen, in the same form, so that a start can
//! tell the two apart without reading either ([`crate::state::seen::Checksums`]).

use std::io;

/// Writes to `to`, hashing (xxh3) and counting what passes.
pub struct Hashing<W> {
    to: W,
    hash: xxhash_rust::xxh3::Xxh3,
    len: u64,
}

impl<W> Hashing<W> {
    pub fn new(to: W) -> Hashing<W> {
        Hashing {
            to,
            hash: xxhash_rust::xxh3::Xxh3::new(),
            len: 0,
        }
    }

    /// The checksum and length of what was written since the last call.
    pub fn part(&mut self) -> (u64, u64) {
        let done = (self.hash.digest(), self.len);
        self.hash.reset();
        self.len = 0;
        done
    }

    /// What it writes to.
    pub fn inner(&mut self) -> &mut W {
        &mut self.to
    }
}

impl<W: io::Write> io::Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.to.write(buf)?;
        let done = buf.get(..n).unwrap_or_default();
        self.hash.update(done);
        self.len += done.len() as u64;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.to.flush()
    }
}

/// The checksum of `value` as a part of the cache's copy holds it: its
/// postcard bytes, hashed.
pub fn of_part(value: &impl serde::Serialize) -> u64 {
    let mut hashing = Hashing::new(io::sink());
    // Writing to nothing cannot fail, nor can a value's encoding in memory.
    let _ = postcard::to_io(value, &mut hashing);
    hashing.part().0
}
