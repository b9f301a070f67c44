//! The copy of `content/` built into the binary, so the installed program
//! needs no files beside it. `build.rs` generates the list, and loads the
//! dossier once, keeping it as loaded: a start decodes it (a fraction of a
//! millisecond) rather than parsing and checking every file again.

use dossier_core::content::{Dossier, integrity, load_files};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// The bundled dossier as `build.rs` loaded it (postcard, as the cache).
static LOADED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/bundled.postcard"));

/// The dossier bundled into the binary: as loaded at build time, or parsed
/// from its files if that copy cannot be read.
pub fn load_bundled() -> Dossier {
    postcard::from_bytes::<Dossier>(LOADED)
        .ok()
        .filter(|d| integrity::check(d).is_ok())
        .unwrap_or_else(parse_bundled)
}

/// The dossier bundled into the binary, parsed and checked from its files.
pub fn parse_bundled() -> Dossier {
    load_files(
        BUNDLED
            .iter()
            .map(|(path, bytes)| ((*path).to_string(), bytes.to_vec()))
            .collect(),
    )
}
