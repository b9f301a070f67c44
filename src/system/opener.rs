//! `o`: an article's URL, handed to the system's opener: `open` on macOS,
//! `xdg-open` elsewhere (Linux, the BSDs). Only `http` and `https` URLs
//! are opened. The URL is the opener's one argument, never read by a shell;
//! the opener starts with its standard streams on nothing, in a process
//! group of its own, and is not waited for, so the reader's screen stays
//! as it is.
//!
//! `$BROWSER` is not read here: it often names a terminal browser, which
//! would fight the reader for the terminal; `xdg-open` consults it itself
//! where no desktop environment decides.

use std::path::PathBuf;

use super::{Env, detach};

/// Why a URL is not opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Not an `http` or `https` URL (or it holds control characters).
    Scheme,
    /// No opener on `PATH`.
    NoOpener(&'static str),
    /// The opener could not be started.
    Failed(String),
}

/// The opener this session would use: its name and where it is.
pub fn opener(env: &Env) -> Result<(&'static str, PathBuf), Refused> {
    let name = if env.is_macos() { "open" } else { "xdg-open" };
    env.find(name)
        .map(|p| (name, p))
        .ok_or(Refused::NoOpener(name))
}

/// Whether the reader opens this URL: `http://` or `https://` (the scheme
/// in any case), something after it, and no control character.
pub fn openable(url: &str) -> bool {
    let Some(rest) = dossier_core::text::after_http_scheme(url) else {
        return false;
    };
    !rest.trim().is_empty() && !url.chars().any(char::is_control)
}

/// Hands `url` to the opener and returns its name; `done` is called when
/// the opener ends, with an error if it failed.
pub fn open(
    env: &Env,
    url: &str,
    done: impl FnOnce(Result<(), String>) + Send + 'static,
) -> Result<&'static str, Refused> {
    if !openable(url) {
        return Err(Refused::Scheme);
    }
    let (name, path) = opener(env)?;
    detach(env, &path, &[url], done).map_err(Refused::Failed)?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_with_something_after_them() {
        for ok in [
            "https://example.org/a",
            "HTTP://example.org",
            "https://example.org/a b;$(touch x)",
        ] {
            assert!(openable(ok), "{ok}");
        }
        for no in [
            "file:///etc/passwd",
            "javascript:alert(1)",
            "ftp://example.org",
            "https://",
            "http:// ",
            "example.org",
            "",
            "-https://x",
            "https://example.org/\nrm",
            "https://example.org/\u{1b}]0;x\u{7}",
        ] {
            assert!(!openable(no), "{no:?}");
        }
    }

    #[test]
    fn no_opener_on_path_is_refused_by_name() {
        let linux = Env::new().with("PATH", "");
        assert_eq!(opener(&linux), Err(Refused::NoOpener("xdg-open")));
        assert_eq!(
            opener(&linux.clone().macos(true)),
            Err(Refused::NoOpener("open"))
        );
        assert_eq!(open(&linux, "file:///x", |_| {}), Err(Refused::Scheme));
    }
}
