//! The copy of `content/` built into the binary, so the installed program
//! needs no files beside it. `build.rs` generates the list.

use dossier_core::content::{Dossier, load_files};

include!(concat!(env!("OUT_DIR"), "/bundled.rs"));

/// Loads the dossier bundled into the binary at build time.
pub fn load_bundled() -> Dossier {
    load_files(
        BUNDLED
            .iter()
            .map(|(path, bytes)| ((*path).to_string(), bytes.to_vec()))
            .collect(),
    )
}
