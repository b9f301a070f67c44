//! Problems before their place is known: each carries a byte offset in its
//! file, and is turned into a line and column once per file, in one pass.

use super::position::locate_all;
use super::problem::{Problem, Severity};

/// A problem before its position is known: a byte offset in its file.
pub(crate) struct Pending {
    pub(crate) severity: Severity,
    offset: Option<usize>,
    message: String,
    help: Option<String>,
}

impl Pending {
    pub(crate) fn error(offset: Option<usize>, message: String) -> Self {
        Pending {
            severity: Severity::Error,
            offset,
            message,
            help: None,
        }
    }
    pub(crate) fn warning(offset: Option<usize>, message: String) -> Self {
        Pending {
            severity: Severity::Warning,
            ..Pending::error(offset, message)
        }
    }
    pub(crate) fn help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// Turns pending problems of one file into located problems.
pub(crate) fn locate(path: &str, text: &[u8], pending: Vec<Pending>) -> Vec<Problem> {
    let offsets: Vec<usize> = pending.iter().filter_map(|p| p.offset).collect();
    let mut places = locate_all(text, &offsets).into_iter();
    pending
        .into_iter()
        .map(|p| Problem {
            severity: p.severity,
            path: path.to_string(),
            position: p.offset.and_then(|_| places.next()),
            message: p.message,
            help: p.help,
        })
        .collect()
}

/// A problem of a whole file, with no position.
pub(crate) fn file_problem(path: &str, message: String) -> Problem {
    Problem {
        severity: Severity::Error,
        path: path.to_string(),
        position: None,
        message,
        help: None,
    }
}

/// A warning about a whole file, placed at its start.
pub(crate) fn whole_file_warning(path: &str, message: &str) -> Problem {
    Problem {
        severity: Severity::Warning,
        path: path.to_string(),
        position: Some((1, 1)),
        message: message.to_string(),
        help: None,
    }
}
