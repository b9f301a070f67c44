//! Problems found while loading a dossier, printed as `path:line:col: error: message`.

use std::fmt;

use crate::text::sanitize_line;

/// How bad a problem is: errors make `check` fail, warnings do not.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// The dossier is wrong here; what it concerns is left out.
    Error,
    /// Probably a mistake, but the dossier loads as written.
    Warning,
}

/// One problem, located in a file of the dossier.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Problem {
    /// Error or warning.
    pub severity: Severity,
    /// What kind of problem it is, as a stable code.
    pub code: super::code::Code,
    /// Relative to the dossier folder, with `/` separators: `events/second-week.toml`.
    pub path: String,
    /// Line and column, counted from 1 in the file as it is on disk (columns in characters).
    pub position: Option<(usize, usize)>,
    /// What is wrong, in one line.
    pub message: String,
    /// What was probably meant, when it can be told.
    pub help: Option<String>,
}

impl Problem {
    /// This problem's stable code.
    pub fn code(&self) -> super::code::Code {
        self.code
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// `path:line:col: error: message`, then `  help: ...` on its own line when there is help.
///
/// Paths, messages and help can quote content files, so each is sanitised for
/// the terminal and kept to one line.
impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = sanitize_line(&self.path);
        let message = sanitize_line(&self.message);
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        match self.position {
            Some((line, col)) => write!(f, "{}:{}:{}: {}: {}", path, line, col, sev, message)?,
            None => write!(f, "{}: {}: {}", path, sev, message)?,
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {}", sanitize_line(help))?;
        }
        Ok(())
    }
}
