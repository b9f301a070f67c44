//! The configuration file applied to the reader: its keys laid over the
//! keymap, its theme and styles over the themes. [`crate::config`] reads the
//! file; this knows the names it may use (the keymap's commands, the theme's
//! styles) and builds what the reader draws and looks keys up with.

use std::path::{Path, PathBuf};

use crate::app::keymap::{HelpSection, KEYMAP, Keymap, ROWS};
use crate::config::{self, Config, KeyLine, Schema, StyleLine, StyleOverride, ThemeName};
use crate::ui::theme::{self, Theme};
use dossier_core::content::Problem;

/// The configuration in effect.
#[derive(Debug, Clone)]
pub struct Settings {
    pub keymap: Keymap<'static>,
    pub theme: ThemeName,
    /// Each fresh search starts with whole words on.
    pub whole_words: bool,
    pub styles: Vec<StyleOverride>,
    /// What was wrong in the file (each keeps its default).
    pub problems: Vec<Problem>,
    /// The file, whether it exists or not.
    pub path: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            keymap: *KEYMAP,
            theme: ThemeName::Dark,
            whole_words: false,
            styles: Vec::new(),
            problems: Vec::new(),
            path: None,
        }
    }
}

impl Settings {
    /// Reads the configuration file at `path` (none: the defaults) and
    /// applies it.
    pub fn load(path: Option<&Path>) -> Settings {
        let actions = Keymap::command_names(false);
        let prompt_actions = Keymap::command_names(true);
        let styles: Vec<&str> = theme::STYLES.iter().map(|(n, _)| *n).collect();
        let schema = Schema {
            actions: &actions,
            prompt_actions: &prompt_actions,
            styles: &styles,
        };
        let mut c = Config::load(path, &schema);
        let file = path.map_or_else(PathBuf::new, Path::to_path_buf);
        let keymap = Keymap::configured(&c.keys, &file, &mut c.problems);
        c.problems.sort_by_key(|p| p.position);
        Settings {
            keymap,
            theme: c.theme,
            whole_words: c.whole_words,
            styles: c.styles,
            problems: c.problems,
            path: path.map(Path::to_path_buf),
        }
    }

    /// The theme to draw with; `monochrome` (NO_COLOR) wins.
    pub fn theme(&self, monochrome: bool) -> Theme {
        Theme::configured(self.theme, &self.styles, monochrome)
    }

    /// One line for the status line when something in the file was wrong.
    pub fn summary(&self) -> Option<String> {
        Config {
            problems: self.problems.clone(),
            ..Config::default()
        }
        .summary()
    }

    /// The configuration in effect as a file ready to save (`dossier config`).
    pub fn print(&self) -> String {
        let spec = |b: &crate::app::keymap::Bind| b.key;
        let keys: Vec<KeyLine> = ROWS
            .iter()
            .zip(self.keymap.rows)
            .map(|(default, now)| KeyLine {
                section: if default.section == HelpSection::Prompt {
                    config::KeyTable::Prompt
                } else {
                    config::KeyTable::Main
                },
                heading: default.section.title(),
                name: default.command.name(),
                what: default.what,
                keys: now.keys.iter().map(spec).collect(),
                default: default.keys.iter().map(spec).collect(),
            })
            .collect();
        let now = self.theme(false);
        let base = Theme::configured(self.theme, &[], false);
        let styles: Vec<StyleLine> = theme::STYLES
            .iter()
            .filter_map(|(name, what)| {
                Some(StyleLine {
                    name,
                    what,
                    style: now.get(name)?,
                    default: base.get(name)?,
                })
            })
            .collect();
        config::print(
            self.path.as_deref(),
            self.theme,
            self.whole_words,
            &keys,
            &styles,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::Command;
    use crate::app::keymap::Mode;

    #[test]
    fn the_defaults_print_and_read_back_as_the_defaults() {
        let text = Settings::default().print();
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config.toml");
        std::fs::write(&path, &text).unwrap();
        let s = Settings::load(Some(&path));
        assert!(s.problems.is_empty(), "{:?}\n{text}", s.problems);
        assert_eq!(s.keymap.rows, KEYMAP.rows);
        assert_eq!(
            s.print(),
            text.replace(
                "$XDG_CONFIG_HOME/dossier/config.toml",
                &path.display().to_string()
            )
        );
        for (name, _) in theme::STYLES {
            assert!(text.contains(&format!("\n{name} = ")), "{name}");
        }
        for c in Command::ALL {
            assert!(text.contains(&format!("\n{} = ", c.name())), "{}", c.name());
        }
    }

    #[test]
    fn a_rebound_quit_and_the_light_theme() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("config.toml");
        std::fs::write(
            &path,
            "theme = \"light\"\n[keys]\nquit = [\"Q\"]\n[styles]\nnew = { fg = \"red\" }\nnope = {}\n",
        )
        .unwrap();
        let s = Settings::load(Some(&path));
        assert_eq!(s.problems.len(), 1);
        assert!(s.summary().unwrap().contains("unknown style `nope`"));
        assert_eq!(
            s.keymap.primary(Mode::Normal, Command::Quit).as_deref(),
            Some("Q")
        );
        assert_eq!(s.theme(false).new.fg, Some(ratatui::style::Color::Red));
        assert_eq!(s.theme(false).key, theme::LIGHT.key);
        assert_eq!(s.theme(true).new, theme::MONOCHROME.new);
        let printed = s.print();
        assert!(
            printed.contains("# quit; default: [\"q\", \"Ctrl-c\"]\nquit = [\"Q\"]\n"),
            "{printed}"
        );
        assert!(printed.contains("theme = \"light\""));
    }
}
