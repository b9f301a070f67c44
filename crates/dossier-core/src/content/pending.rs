//! Problems before their place is known: each carries a byte offset in its
//! file, and is turned into a line and column once per file, in one pass.

use super::code::Code;
use super::position::locate_all;
use super::problem::{Problem, Severity};

/// A problem before its position is known: a byte offset in its file.
pub(crate) struct Pending {
    pub(crate) severity: Severity,
    code: Code,
    offset: Option<usize>,
    message: String,
    help: Option<String>,
}

impl Pending {
    pub(crate) fn error(code: Code, offset: Option<usize>, message: String) -> Self {
        Pending {
            severity: Severity::Error,
            code,
            offset,
            message,
            help: None,
        }
    }
    pub(crate) fn warning(code: Code, offset: Option<usize>, message: String) -> Self {
        Pending {
            severity: Severity::Warning,
            ..Pending::error(code, offset, message)
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
            code: p.code,
            path: path.to_string(),
            position: p.offset.and_then(|_| places.next()),
            message: p.message,
            help: p.help,
        })
        .collect()
}

/// A problem of a whole file, with no position.
pub(crate) fn file_problem(code: Code, path: &str, message: String) -> Problem {
    Problem {
        severity: Severity::Error,
        code,
        path: path.to_string(),
        position: None,
        message,
        help: None,
    }
}

/// A warning about a whole file, placed at its start.
pub(crate) fn whole_file_warning(code: Code, path: &str, message: &str) -> Problem {
    Problem {
        severity: Severity::Warning,
        code,
        path: path.to_string(),
        position: Some((1, 1)),
        message: message.to_string(),
        help: None,
    }
}
