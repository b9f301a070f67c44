//! Hooks the tests use to make the program fail or slow down on purpose,
//! read from the environment (`DOSSIER_TEST_FAULT`, `DOSSIER_TEST_LOAD_DELAY_MS`).
//! They exist only in debug builds, which is what `cargo test` builds; a
//! release build reads nothing and every hook is off. Later hooks (a kill
//! during a save, a slow load) go through [`var`] too.

/// The value of a test hook's variable; always `None` in a release build.
#[cfg(debug_assertions)]
pub fn var(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The value of a test hook's variable; always `None` in a release build.
#[cfg(not(debug_assertions))]
pub fn var(_name: &str) -> Option<String> {
    None
}
