//! The command line: parses the arguments and dispatches each command to
//! `dossier::commands` (or the reader); nothing else happens here.

// Shipped code handles every failure; tests may assert with unwrap and panic.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

use std::process::ExitCode;

use dossier::commands::{Args, run};

fn main() -> ExitCode {
    run(Args::from_command_line())
}
