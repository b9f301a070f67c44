//! `dossier`: a terminal reader for curated news dossiers.
//!
//! The crate has three layers, each ignorant of the ones above it:
//! - [`content`]: the dossier as data (load, validate, resolve quotes, backlinks).
//! - [`app`]: the reader's state and behaviour, no drawing.
//! - [`ui`]: drawing only, from the app state.
//!
//! [`text`] makes untrusted text safe for the terminal; [`reader`] runs the
//! interactive reader's loop and [`terminal`] takes and restores the terminal.
//! [`search`] finds text across a dossier and [`picker`] ranks its entities
//! for "go to anything"; both are pure, with no drawing. [`synth`] writes
//! synthetic dossiers of any size for benchmarks and tests at scale.

pub mod app;
pub mod cli;
pub mod content;
pub mod picker;
pub mod reader;
pub mod search;
pub mod synth;
pub mod terminal;
pub mod text;
pub mod ui;
