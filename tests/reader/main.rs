//! Tests of the reader, driven through real key events into the real state
//! and drawn into ratatui's test terminal. One test binary, one module per
//! part (see the files in `tests/reader/`).

#[path = "../common/mod.rs"]
mod common;

mod cite;
mod edit;
mod huge;
mod keys;
mod lists;
mod overlays;
mod picture;
mod plural;
mod preview;
mod reader_find;
mod reader_fuzz;
mod reader_links;
mod reader_open;
mod reader_positions;
mod reader_screens;
mod reader_search;
mod reading;
mod readme;
mod rebound;
mod reload;
mod remember;
mod resize;
mod sides;
mod watch;
