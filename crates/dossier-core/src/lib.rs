//! `dossier-core`: curated news dossiers as data, with no terminal code.
//!
//! A dossier is a folder of TOML and text files (see `docs/format.md`):
//! events, issues and the articles they quote. This crate reads one, checks
//! it and makes it searchable; the `dossier` program's reader, command line
//! and exports are built on it, and any other program can be too.
//!
//! - [`content`]: the format's model, loading, validation, quote
//!   resolution and derived links. [`content::load_dir`] reads a folder and
//!   returns a [`content::Dossier`] with every problem found.
//! - [`search`]: full-text search across a dossier, pure.
//! - [`picker`]: ranks a dossier's entities for "go to anything".
//! - [`text`]: makes untrusted text safe to show on a terminal.
//! - [`escape`]: every escaper (HTML, Markdown, TOML, JSON, URL fragments,
//!   workflow commands), each saying what it guarantees.
//! - [`canonical`]: text as quotes and searches compare it (NFC, invisible
//!   characters ignored), with the way back to the original bytes.

// Shipped code handles every failure; tests may assert with unwrap and panic.
// No unsafe code of its own: memory safety is what the program, linked at
// a fixed address (build.rs), relies on in place of a random one.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]
#![warn(missing_docs)]

pub mod canonical;
pub mod content;
pub mod escape;
pub mod fold;
pub mod parallel;
pub mod picker;
pub mod search;
pub mod text;
