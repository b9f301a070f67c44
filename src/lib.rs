//! `dossier`: a terminal reader for curated news dossiers.
//!
//! The dossier as data (format, loading, quotes, search, ranking, sanitising)
//! is the `dossier_core` crate, which knows nothing of terminals; paths to
//! it name it (`dossier_core::content`). This crate adds, each layer
//! ignorant of the ones above it:
//! - [`app`]: the reader's state and behaviour, no drawing.
//! - [`ui`]: drawing only, from the app state.
//!
//! [`reader`] runs the interactive reader's loop and [`terminal`] takes and
//! restores the terminal. [`cli`] formats the non-interactive commands'
//! output. [`bundled`] holds the dossier built into the binary, and
//! [`kept_frame`] its first frame from one start to the next. [`export`]
//! writes a dossier out for readers outside the terminal. [`state`] is what
//! the reader remembers between runs, kept where [`xdg`] says. [`system`]
//! runs the programs the reader hands things to (clipboard, URL opener).

// Shipped code handles every failure; tests may assert with unwrap and panic.
// No unsafe code of its own: memory safety is what the program, linked at
// a fixed address (build.rs), relies on in place of a random one.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod app;
pub mod bundled;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod curate;
pub mod export;
pub mod hashing;
pub mod kept_frame;
pub mod reader;
pub mod settings;
pub mod state;
pub mod system;
pub mod terminal;
pub mod test_hooks;
pub mod ui;
pub mod watch;
pub mod xdg;
