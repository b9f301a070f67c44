//! Tests of the dossier library, the command line and the exports: loading,
//! checking, dates, quotes, curating, exporting. One test binary, one module
//! per part (see the files in `tests/library/`).

#[path = "../common/mod.rs"]
mod common;

/// The fuzz targets' harness, replayed on their corpus and by the mutation tests.
#[path = "../../fuzz/harness.rs"]
mod harness;

mod architecture;
mod bundled;
mod cache;
mod cite_positions;
mod cli;
mod codes;
mod curate;
mod dates;
mod diagnostics;
mod example;
mod export;
mod fuzz_corpus;
mod loading;
mod mutate;
mod preview;
mod problems;
mod prose_links;
mod quote_block;
mod start;
mod synth;
mod system_programs;
