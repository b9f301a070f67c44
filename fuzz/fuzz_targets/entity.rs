#![no_main]
//! Fuzz target: see `entity` in `fuzz/harness.rs`.

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::entity(data));
