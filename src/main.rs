//! The command line: parses the arguments and dispatches each command to
//! `dossier::commands` (or the reader); nothing else happens here.

// Shipped code handles every failure; tests may assert with unwrap and panic.
// No unsafe code of its own: memory safety is what the program, linked at
// a fixed address (build.rs), relies on in place of a random one.
#![forbid(unsafe_code)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::process::ExitCode;

use dossier::commands::{Args, run};

fn main() -> ExitCode {
    run(Args::from_command_line())
}
