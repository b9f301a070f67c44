//! Where the reader keeps what it remembers and reads its configuration, as
//! the XDG base directory specification says, on every system (not
//! `~/Library` on macOS): `$XDG_STATE_HOME/dossier/` (else
//! `~/.local/state/dossier/`) and `$XDG_CONFIG_HOME/dossier/config.toml`
//! (else `~/.config/dossier/config.toml`); the copies of loaded dossiers
//! in `$XDG_CACHE_HOME/dossier/` (else `~/.cache/dossier/`). A relative `XDG_*` value is
//! ignored, as the specification asks.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

/// The program's directories, or `None` where no home could be found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dirs {
    /// `$XDG_STATE_HOME/dossier`.
    pub state: Option<PathBuf>,
    /// `$XDG_CONFIG_HOME/dossier`.
    pub config: Option<PathBuf>,
    /// `$XDG_CACHE_HOME/dossier`: copies of loaded dossiers, safe to delete.
    pub cache: Option<PathBuf>,
}

impl Dirs {
    /// The directories from the process's environment.
    pub fn from_env() -> Dirs {
        Dirs::from_vars(|name| std::env::var_os(name))
    }

    /// The directories from the variables `var` gives (`XDG_STATE_HOME`,
    /// `XDG_CONFIG_HOME`, `HOME`): tests pass their own instead of changing
    /// the process's environment.
    pub fn from_vars(var: impl Fn(&str) -> Option<OsString>) -> Dirs {
        let absolute = |name: &str| var(name).map(PathBuf::from).filter(|p| p.is_absolute());
        let home = absolute("HOME");
        let base = |xdg: &str, fallback: &[&str]| {
            absolute(xdg)
                .or_else(|| {
                    home.as_ref()
                        .map(|h| fallback.iter().fold(h.clone(), |p, c| p.join(c)))
                })
                .map(|p| p.join("dossier"))
        };
        Dirs {
            state: base("XDG_STATE_HOME", &[".local", "state"]),
            config: base("XDG_CONFIG_HOME", &[".config"]),
            cache: base("XDG_CACHE_HOME", &[".cache"]),
        }
    }

    /// The configuration file, whether it exists or not.
    pub fn config_file(&self) -> Option<PathBuf> {
        self.config.as_ref().map(|c| c.join("config.toml"))
    }
}

/// Creates `dir` and any missing parent, each readable by its owner only
/// (mode 0700 on Unix); an existing directory is left as it is.
pub fn create_private(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn xdg_variables_win_over_home() {
        let d = Dirs::from_vars(vars(&[
            ("HOME", "/home/u"),
            ("XDG_STATE_HOME", "/s"),
            ("XDG_CONFIG_HOME", "/c"),
        ]));
        assert_eq!(d.state, Some(PathBuf::from("/s/dossier")));
        assert_eq!(
            d.config_file(),
            Some(PathBuf::from("/c/dossier/config.toml"))
        );
    }

    #[test]
    fn home_is_the_fallback_and_relative_values_are_ignored() {
        let d = Dirs::from_vars(vars(&[
            ("HOME", "/home/u"),
            ("XDG_STATE_HOME", "rel/state"),
        ]));
        assert_eq!(d.state, Some(PathBuf::from("/home/u/.local/state/dossier")));
        assert_eq!(d.config, Some(PathBuf::from("/home/u/.config/dossier")));
        assert_eq!(Dirs::from_vars(vars(&[])), Dirs::default());
    }

    #[cfg(unix)]
    #[test]
    fn created_directories_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/dossier");
        create_private(&dir).unwrap();
        for d in [tmp.path().join("a"), tmp.path().join("a/b"), dir.clone()] {
            let mode = std::fs::metadata(&d).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o700, "{}", d.display());
        }
        // Again: an existing directory is fine.
        create_private(&dir).unwrap();
    }
}
