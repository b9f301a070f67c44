//! The configuration file, `$XDG_CONFIG_HOME/dossier/config.toml`: the
//! keys bound to each action, the theme, and any style of the theme.
//!
//! ```toml
//! theme = "light"
//!
//! [keys]
//! quit = ["Q", "Ctrl-c"]     # replaces quit's keys; others keep theirs
//!
//! [keys.prompt]              # in the search and go-to prompts
//! erase-all = ["Ctrl-w"]
//!
//! [styles]
//! passage = { fg = "blue", underlined = true }
//! ```
//!
//! A problem is reported as `config.toml:line:col: error: …`, with "did you
//! mean" for names of actions and styles, and the reader goes on with the
//! defaults for what was wrong. [`Schema`] says which names exist: it comes
//! from the keymap and the theme, so this module knows neither.

pub mod bind;
pub mod keys;

use std::path::{Path, PathBuf};

use ratatui::style::{Color, Modifier, Style};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use dossier_core::content::position::locate;
use dossier_core::content::suggest::closest;
use dossier_core::content::{Problem, Severity};
pub use keys::{Key, KeyCode, Mods};

/// The two themes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
}

impl ThemeName {
    pub const ALL: [ThemeName; 2] = [ThemeName::Dark, ThemeName::Light];

    pub fn name(self) -> &'static str {
        match self {
            ThemeName::Dark => "dark",
            ThemeName::Light => "light",
        }
    }
}

/// Where in the file something was written: line and column from 1.
pub type Pos = (usize, usize);

/// Which keys a `[keys]` entry sets: the panes and overlays, or the prompts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum KeyTable {
    Main,
    Prompt,
}

/// An action's keys as the file sets them, replacing its default keys in
/// that section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyOverride {
    pub section: KeyTable,
    pub action: String,
    pub at: Pos,
    pub keys: Vec<(Key, Pos)>,
}

/// A style as the file sets it, replacing the theme's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleOverride {
    pub name: String,
    pub style: Style,
}

/// The names a configuration may use.
#[derive(Debug, Clone, Copy)]
pub struct Schema<'a> {
    /// Actions bindable in the panes and overlays.
    pub actions: &'a [&'a str],
    /// Actions bindable in the prompts.
    pub prompt_actions: &'a [&'a str],
    /// The theme's styles.
    pub styles: &'a [&'a str],
}

/// The configuration read, with what was wrong in it.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// The file it came from, if one was read.
    pub path: Option<PathBuf>,
    pub theme: ThemeName,
    /// Each fresh search starts with whole words on (`whole-words = true`).
    pub whole_words: bool,
    pub keys: Vec<KeyOverride>,
    pub styles: Vec<StyleOverride>,
    /// Every problem found; what each concerned keeps its default.
    pub problems: Vec<Problem>,
}

impl Config {
    /// Reads the configuration file at `path`; a missing file is the default
    /// configuration, an unreadable one a problem.
    pub fn load(path: Option<&Path>, schema: &Schema) -> Config {
        let Some(path) = path else {
            return Config::default();
        };
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text, path, schema),
                Err(_) => Config {
                    problems: vec![problem(path, None, "not UTF-8 text".into(), None)],
                    ..Config::default()
                },
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => Config {
                problems: vec![problem(path, None, format!("cannot read it: {e}"), None)],
                ..Config::default()
            },
        }
    }

    /// Parses a configuration's text; `path` names it in problems.
    pub fn parse(text: &str, path: &Path, schema: &Schema) -> Config {
        // A BOM is not part of the TOML.
        let body = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut p = Parser {
            text,
            shift: text.len() - body.len(),
            path,
            schema,
            config: Config {
                path: Some(path.to_path_buf()),
                ..Config::default()
            },
        };
        match DeTable::parse(body) {
            Ok(root) => p.root(root.get_ref()),
            Err(e) => {
                let at = e.span().map(|s| s.start);
                p.error(at, e.message().trim().to_string(), None);
            }
        }
        // In the file's order (the table is read in the order of its names).
        p.config.problems.sort_by_key(|p| p.position);
        p.config.keys.sort_by_key(|k| k.at);
        p.config
    }

    /// One line saying that the reader uses defaults for what was wrong, for
    /// its status line; `None` when nothing was.
    pub fn summary(&self) -> Option<String> {
        let first = self.problems.first()?;
        let n = self.problems.len();
        let text = first.to_string();
        let first_line = text.lines().next().unwrap_or_default();
        Some(if n == 1 {
            format!("{first_line} (the default is used instead)")
        } else {
            format!(
                "{first_line} (and {} more; defaults used: `dossier config` lists them)",
                n - 1
            )
        })
    }
}

/// Reads a keymap's text: tables named for where their keys work, each of
/// whose lines is an action and its keys exactly as under the
/// configuration's `[keys]` (`down = ["j", "Down"]`), read by the same
/// parser. `tables` names the tables, each with the section its actions are
/// in (`schema` says which names each has). Returns every line read with
/// the index of its table, in the text's order, and what was wrong; a bad
/// line is left out.
pub fn parse_keymap(
    text: &str,
    path: &Path,
    schema: &Schema,
    tables: &[(&str, KeyTable)],
) -> (Vec<(usize, KeyOverride)>, Vec<Problem>) {
    let mut p = Parser {
        text,
        shift: 0,
        path,
        schema,
        config: Config::default(),
    };
    let mut lines = Vec::new();
    match DeTable::parse(text) {
        Ok(root) => {
            for (k, v) in root.get_ref() {
                let name = k.get_ref().as_ref();
                let Some(at) = tables.iter().position(|(n, _)| *n == name) else {
                    let help = did_you_mean(name, tables.iter().map(|(n, _)| *n));
                    p.error_at(
                        k,
                        format!(
                            "unknown table `{}`",
                            dossier_core::text::sanitize_line(name)
                        ),
                        help,
                    );
                    continue;
                };
                let Some(table) = v.get_ref().as_table() else {
                    p.error_at(v, format!("`{name}` is a table of actions"), None);
                    continue;
                };
                for (k, v) in table {
                    let before = p.config.keys.len();
                    p.binding(tables[at].1, k, v);
                    lines.extend(p.config.keys.drain(before..).map(|o| (at, o)));
                }
            }
        }
        Err(e) => {
            let at = e.span().map(|s| s.start);
            p.error(at, e.message().trim().to_string(), None);
        }
    }
    lines.sort_by_key(|(_, o)| o.at);
    (lines, p.config.problems)
}

fn problem(path: &Path, at: Option<Pos>, message: String, help: Option<String>) -> Problem {
    Problem {
        severity: Severity::Error,
        code: dossier_core::content::Code::BadConfig,
        path: path.display().to_string(),
        position: at,
        message,
        help,
    }
}

/// The "did you mean" help for an unknown name.
fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    closest(name, known).map(|n| format!("did you mean `{n}`?"))
}

struct Parser<'a> {
    text: &'a str,
    /// Bytes before the TOML (a BOM): spans count from after them.
    shift: usize,
    path: &'a Path,
    schema: &'a Schema<'a>,
    config: Config,
}

const TOP: &[&str] = &["theme", "whole-words", "keys", "styles"];
const STYLE_FIELDS: &[&str] = &[
    "fg",
    "bg",
    "bold",
    "dim",
    "italic",
    "underlined",
    "reversed",
];

impl Parser<'_> {
    fn pos(&self, offset: usize) -> Pos {
        locate(self.text.as_bytes(), offset + self.shift)
    }

    fn error(&mut self, at: Option<usize>, message: String, help: Option<String>) {
        let at = at.map(|o| self.pos(o));
        let p = problem(self.path, at, message, help);
        self.config.problems.push(p);
    }

    fn error_at<T>(&mut self, s: &Spanned<T>, message: String, help: Option<String>) {
        self.error(Some(s.span().start), message, help);
    }

    fn root(&mut self, root: &DeTable) {
        for (k, v) in root {
            match k.get_ref().as_ref() {
                "theme" => self.theme(v),
                "whole-words" => match v.get_ref().as_bool() {
                    Some(b) => self.config.whole_words = b,
                    None => self.error_at(
                        v,
                        format!(
                            "whole-words is true or false, not {}",
                            v.get_ref().type_str()
                        ),
                        None,
                    ),
                },
                "keys" => self.keys(v),
                "styles" => self.styles(v),
                other => {
                    let help = did_you_mean(other, TOP.iter().copied());
                    self.error_at(
                        k,
                        format!(
                            "unknown setting `{}` (the settings are theme, whole-words, [keys] and [styles])",
                            dossier_core::text::sanitize_line(other)
                        ),
                        help,
                    );
                }
            }
        }
    }

    fn theme(&mut self, v: &Spanned<DeValue>) {
        let names = ThemeName::ALL.map(ThemeName::name);
        match v.get_ref().as_str() {
            Some(s) => match ThemeName::ALL.into_iter().find(|t| t.name() == s) {
                Some(t) => self.config.theme = t,
                None => {
                    let help = did_you_mean(s, names);
                    self.error_at(
                        v,
                        format!(
                            "unknown theme `{}`: the themes are `dark` and `light`",
                            dossier_core::text::sanitize_line(s)
                        ),
                        help,
                    );
                }
            },
            None => self.error_at(
                v,
                format!(
                    "the theme is a string (`dark` or `light`), not {}",
                    v.get_ref().type_str()
                ),
                None,
            ),
        }
    }

    fn keys(&mut self, v: &Spanned<DeValue>) {
        let Some(table) = v.get_ref().as_table() else {
            return self.error_at(
                v,
                "[keys] is a table: `action = [\"key\", ...]`".into(),
                None,
            );
        };
        for (k, v) in table {
            let name = k.get_ref().as_ref();
            if name == "prompt" && v.get_ref().is_table() {
                let Some(prompt) = v.get_ref().as_table() else {
                    continue;
                };
                for (k, v) in prompt {
                    self.binding(KeyTable::Prompt, k, v);
                }
            } else {
                self.binding(KeyTable::Main, k, v);
            }
        }
    }

    fn binding(
        &mut self,
        section: KeyTable,
        k: &Spanned<std::borrow::Cow<str>>,
        v: &Spanned<DeValue>,
    ) {
        let name = k.get_ref().as_ref();
        let (known, where_) = match section {
            KeyTable::Main => (self.schema.actions, "[keys]"),
            KeyTable::Prompt => (self.schema.prompt_actions, "[keys.prompt]"),
        };
        if !known.contains(&name) {
            let mut help = did_you_mean(name, known.iter().copied());
            // An action of the other section, written in the wrong one.
            let other = match section {
                KeyTable::Main => self.schema.prompt_actions,
                KeyTable::Prompt => self.schema.actions,
            };
            if help.is_none() && other.contains(&name) {
                help = Some(match section {
                    KeyTable::Main => {
                        format!("`{name}` is an action of the prompts: put it under [keys.prompt]")
                    }
                    KeyTable::Prompt => {
                        format!("`{name}` is an action of the panes: put it under [keys]")
                    }
                });
            }
            return self.error_at(
                k,
                format!(
                    "unknown action `{}` in {where_} (`dossier config` lists them)",
                    dossier_core::text::sanitize_line(name)
                ),
                help,
            );
        }
        let items: Vec<&Spanned<DeValue>> = match v.get_ref() {
            DeValue::String(_) => vec![v],
            DeValue::Array(a) => a.iter().collect(),
            other => {
                return self.error_at(
                    v,
                    format!(
                        "the keys of `{name}` are a list of strings (`[\"q\", \"Ctrl-c\"]`), not {}",
                        other.type_str()
                    ),
                    None,
                );
            }
        };
        let mut keys = Vec::new();
        for item in items {
            let Some(s) = item.get_ref().as_str() else {
                return self.error_at(
                    item,
                    format!(
                        "a key is a string (`\"q\"`), not {}",
                        item.get_ref().type_str()
                    ),
                    None,
                );
            };
            match Key::parse(s) {
                Ok(key) => keys.push((key, self.pos(item.span().start))),
                Err(message) => return self.error_at(item, message, None),
            }
        }
        self.config.keys.push(KeyOverride {
            section,
            action: name.to_string(),
            at: self.pos(k.span().start),
            keys,
        });
    }

    fn styles(&mut self, v: &Spanned<DeValue>) {
        let Some(table) = v.get_ref().as_table() else {
            return self.error_at(
                v,
                "[styles] is a table: `name = { fg = \"blue\" }`".into(),
                None,
            );
        };
        for (k, v) in table {
            let name = k.get_ref().as_ref();
            if !self.schema.styles.contains(&name) {
                let help = did_you_mean(name, self.schema.styles.iter().copied());
                self.error_at(
                    k,
                    format!(
                        "unknown style `{}` (`dossier config` lists them)",
                        dossier_core::text::sanitize_line(name)
                    ),
                    help,
                );
                continue;
            }
            if let Some(style) = self.style(name, v) {
                self.config.styles.push(StyleOverride {
                    name: name.to_string(),
                    style,
                });
            }
        }
    }

    fn style(&mut self, name: &str, v: &Spanned<DeValue>) -> Option<Style> {
        let Some(table) = v.get_ref().as_table() else {
            self.error_at(
                v,
                format!(
                    "the style `{name}` is a table such as `{{ fg = \"blue\", bold = true }}`, not {}",
                    v.get_ref().type_str()
                ),
                None,
            );
            return None;
        };
        let mut style = Style::new();
        let mut ok = true;
        for (k, v) in table {
            let field = k.get_ref().as_ref();
            match field {
                "fg" | "bg" => match color_value(v.get_ref()) {
                    Some(c) => {
                        style = if field == "fg" {
                            style.fg(c)
                        } else {
                            style.bg(c)
                        };
                    }
                    _ => {
                        ok = false;
                        self.error_at(
                            v,
                            "a colour is a name (black, red, green, yellow, blue, magenta, cyan, gray, dark-gray, light-red... white, default), a number from 0 to 255, or `#rrggbb`".into(),
                            None,
                        );
                    }
                },
                "bold" | "dim" | "italic" | "underlined" | "reversed" => {
                    let m = match field {
                        "bold" => Modifier::BOLD,
                        "dim" => Modifier::DIM,
                        "italic" => Modifier::ITALIC,
                        "underlined" => Modifier::UNDERLINED,
                        _ => Modifier::REVERSED,
                    };
                    match v.get_ref().as_bool() {
                        Some(true) => style = style.add_modifier(m),
                        Some(false) => {}
                        None => {
                            ok = false;
                            self.error_at(v, format!("`{field}` is true or false"), None);
                        }
                    }
                }
                other => {
                    ok = false;
                    let help = did_you_mean(other, STYLE_FIELDS.iter().copied());
                    self.error_at(
                        k,
                        format!(
                            "unknown field `{}` of a style (fg, bg, bold, dim, italic, underlined, reversed)",
                            dossier_core::text::sanitize_line(other)
                        ),
                        help,
                    );
                }
            }
        }
        ok.then_some(style)
    }
}

/// A colour written as a string or as a number.
fn color_value(v: &DeValue) -> Option<Color> {
    match v {
        DeValue::String(s) => parse_color(s),
        DeValue::Integer(i) => u8::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(Color::Indexed),
        _ => None,
    }
}

/// A colour by name (`light-red`, `dark-gray`, `default`), number or `#rrggbb`.
pub fn parse_color(s: &str) -> Option<Color> {
    if s.eq_ignore_ascii_case("default") {
        return Some(Color::Reset);
    }
    s.parse().ok()
}

/// A colour as the file spells it.
pub fn color_name(c: Color) -> String {
    match c {
        Color::Reset => "default".into(),
        Color::Black => "black".into(),
        Color::Red => "red".into(),
        Color::Green => "green".into(),
        Color::Yellow => "yellow".into(),
        Color::Blue => "blue".into(),
        Color::Magenta => "magenta".into(),
        Color::Cyan => "cyan".into(),
        Color::Gray => "gray".into(),
        Color::DarkGray => "dark-gray".into(),
        Color::LightRed => "light-red".into(),
        Color::LightGreen => "light-green".into(),
        Color::LightYellow => "light-yellow".into(),
        Color::LightBlue => "light-blue".into(),
        Color::LightMagenta => "light-magenta".into(),
        Color::LightCyan => "light-cyan".into(),
        Color::White => "white".into(),
        Color::Indexed(n) => n.to_string(),
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
    }
}

/// A style as the file spells it: `{ fg = "cyan", bold = true }`.
pub fn style_text(s: Style) -> String {
    let mut parts = Vec::new();
    if let Some(fg) = s.fg {
        parts.push(format!("fg = \"{}\"", color_name(fg)));
    }
    if let Some(bg) = s.bg {
        parts.push(format!("bg = \"{}\"", color_name(bg)));
    }
    for (m, name) in [
        (Modifier::BOLD, "bold"),
        (Modifier::DIM, "dim"),
        (Modifier::ITALIC, "italic"),
        (Modifier::UNDERLINED, "underlined"),
        (Modifier::REVERSED, "reversed"),
    ] {
        if s.add_modifier.contains(m) {
            parts.push(format!("{name} = true"));
        }
    }
    if parts.is_empty() {
        "{}".into()
    } else {
        format!("{{ {} }}", parts.join(", "))
    }
}

/// One action's keys, for [`print`].
#[derive(Debug, Clone)]
pub struct KeyLine<'a> {
    pub section: KeyTable,
    /// The help section it is listed in, printed as a comment before the
    /// first action of each.
    pub heading: &'a str,
    pub name: &'a str,
    pub what: &'a str,
    pub keys: Vec<Key>,
    pub default: Vec<Key>,
}

/// One style, for [`print`].
#[derive(Debug, Clone)]
pub struct StyleLine<'a> {
    pub name: &'a str,
    pub what: &'a str,
    pub style: Style,
    pub default: Style,
}

fn key_list(keys: &[Key]) -> String {
    let names: Vec<String> = keys
        .iter()
        .map(|k| crate::state::format::quote(&k.config_name()))
        .collect();
    format!("[{}]", names.join(", "))
}

/// The configuration in effect, as a file ready to be saved: every setting
/// with its value, and above it what it does and its default.
pub fn print(
    path: Option<&Path>,
    theme: ThemeName,
    whole_words: bool,
    keys: &[KeyLine],
    styles: &[StyleLine],
) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    out.push_str("# The dossier reader's configuration, as in effect now: every setting with\n");
    out.push_str("# its value, and its default in a comment. Save it as\n");
    match path {
        Some(p) => {
            let _ = writeln!(
                out,
                "#   {}",
                dossier_core::text::sanitize_line(&p.display().to_string())
            );
        }
        None => out.push_str("#   $XDG_CONFIG_HOME/dossier/config.toml\n"),
    }
    out.push_str("# and change what you like; a setting left out keeps its default.\n\n");
    out.push_str("# The colours: \"dark\" for a dark terminal, or \"light\". NO_COLOR in the\n");
    out.push_str("# environment turns colours off whatever is set here.\n");
    out.push_str("# default: \"dark\"\n");
    let _ = writeln!(out, "theme = \"{}\"", theme.name());
    out.push_str(
        "\n# Whether each fresh search (/) starts with whole words on, as Tab in the\n\
         # search prompt turns them on: /ai then finds \"AI\" but not \"said\".\n\
         # default: false\n",
    );
    let _ = writeln!(out, "whole-words = {whole_words}");
    out.push_str(
        "\n# Keys: an action's list of keys replaces its default keys. A key is a\n\
         # character (\"q\", \"G\", \"?\"), or Enter, Esc, Tab, Shift-Tab, Backspace,\n\
         # Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Insert, Delete, F1 to\n\
         # F12, with Ctrl- or Alt- before it if needed (\"Ctrl-d\"). A key bound to two\n\
         # actions where both work is an error. An empty list unbinds an action.\n",
    );
    for (section, title) in [
        (KeyTable::Main, "[keys]"),
        (KeyTable::Prompt, "[keys.prompt]"),
    ] {
        let lines: Vec<&KeyLine> = keys.iter().filter(|k| k.section == section).collect();
        if lines.is_empty() {
            continue;
        }
        if section == KeyTable::Prompt {
            out.push_str(
                "\n# In the search and go-to prompts, where other characters are typed.\n",
            );
        }
        let _ = writeln!(out, "{title}");
        let mut heading = "";
        for k in lines {
            if section == KeyTable::Main && k.heading != heading {
                heading = k.heading;
                let _ = writeln!(out, "\n# --- {heading} ---");
            }
            let _ = writeln!(out, "# {}; default: {}", k.what, key_list(&k.default));
            let _ = writeln!(out, "{} = {}", k.name, key_list(&k.keys));
        }
    }
    out.push_str(
        "\n# Styles, for the theme above: fg and bg are colours (black, red, green,\n\
         # yellow, blue, magenta, cyan, gray, dark-gray, light-red, light-green,\n\
         # light-yellow, light-blue, light-magenta, light-cyan, white, default, a\n\
         # number from 0 to 255, or \"#rrggbb\"); bold, dim, italic, underlined and\n\
         # reversed are true or false. A style set here replaces the theme's whole.\n\
         [styles]\n",
    );
    for s in styles {
        let _ = writeln!(out, "# {}; default: {}", s.what, style_text(s.default));
        let _ = writeln!(out, "{} = {}", s.name, style_text(s.style));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: Schema = Schema {
        actions: &["quit", "down", "focus-list", "show-timeline"],
        prompt_actions: &["erase-all", "down"],
        styles: &["passage", "selected-focused", "new"],
    };

    fn parse(text: &str) -> Config {
        Config::parse(text, Path::new("/c/config.toml"), &SCHEMA)
    }

    fn messages(c: &Config) -> Vec<String> {
        c.problems.iter().map(|p| p.to_string()).collect()
    }

    #[test]
    fn a_good_file() {
        let c = parse(
            "theme = \"light\"\n[keys]\nquit = [\"Q\", \"Ctrl-c\"]\ndown = \"J\"\n[keys.prompt]\nerase-all = [\"Ctrl-w\"]\n\
             [styles]\npassage = { fg = \"#0000ff\", underlined = true }\nnew = { bg = \"default\", fg = 4 }\n",
        );
        assert!(c.problems.is_empty(), "{:?}", messages(&c));
        assert_eq!(c.theme, ThemeName::Light);
        assert_eq!(c.keys.len(), 3);
        let quit = c.keys.iter().find(|k| k.action == "quit").unwrap();
        assert_eq!(quit.section, KeyTable::Main);
        assert_eq!(quit.at, (3, 1));
        assert_eq!(
            quit.keys
                .iter()
                .map(|(k, _)| k.config_name())
                .collect::<Vec<_>>(),
            ["Q", "Ctrl-c"]
        );
        assert_eq!(quit.keys[1].1, (3, 14));
        let erase = c.keys.iter().find(|k| k.action == "erase-all").unwrap();
        assert_eq!(erase.section, KeyTable::Prompt);
        let passage = &c.styles.iter().find(|s| s.name == "passage").unwrap().style;
        assert_eq!(passage.fg, Some(Color::Rgb(0, 0, 255)));
        assert_eq!(
            style_text(*passage),
            "{ fg = \"#0000ff\", underlined = true }"
        );
        let new = &c.styles.iter().find(|s| s.name == "new").unwrap().style;
        assert_eq!(style_text(*new), "{ fg = \"4\", bg = \"default\" }");
    }

    #[test]
    fn problems_are_placed_and_suggest_a_name() {
        let c = parse(
            "theme = \"lihgt\"\ncolours = 1\n[keys]\nquitt = [\"x\"]\ndown = [\"j\", \"Hyper-j\"]\nerase-all = [\"x\"]\n\
             [styles]\npasage = {}\nnew = { fg = \"purple-ish\", boold = true }\n",
        );
        let m = messages(&c);
        assert_eq!(m.len(), 8, "{m:#?}");
        assert!(
            m[0].starts_with("/c/config.toml:1:9: error: unknown theme `lihgt`"),
            "{}",
            m[0]
        );
        assert!(m[0].ends_with("help: did you mean `light`?"), "{}", m[0]);
        assert!(
            m[1].starts_with("/c/config.toml:2:1: error: unknown setting `colours`"),
            "{}",
            m[1]
        );
        assert!(
            m[2].starts_with("/c/config.toml:4:1: error: unknown action `quitt`"),
            "{}",
            m[2]
        );
        assert!(m[2].ends_with("did you mean `quit`?"), "{}", m[2]);
        assert!(
            m[3].starts_with("/c/config.toml:5:14: error: `Hyper-j` is not a key"),
            "{}",
            m[3]
        );
        assert!(
            m[4].contains("6:1: error: unknown action `erase-all` in [keys]"),
            "{}",
            m[4]
        );
        assert!(m[4].contains("put it under [keys.prompt]"), "{}", m[4]);
        assert!(
            m[5].contains("8:1: error: unknown style `pasage`"),
            "{}",
            m[5]
        );
        assert!(m[5].ends_with("did you mean `passage`?"), "{}", m[5]);
        assert!(m[6].contains("9:14: error: a colour is"), "{}", m[6]);
        assert!(
            m[7].contains("9:28: error: unknown field `boold`"),
            "{}",
            m[7]
        );
        assert!(m[7].ends_with("did you mean `bold`?"), "{}", m[7]);
        // What was wrong keeps its default.
        assert_eq!(c.theme, ThemeName::Dark);
        assert!(c.keys.is_empty());
        assert!(c.styles.is_empty());
        assert!(c.summary().unwrap().contains("and 7 more"));
    }

    #[test]
    fn a_syntax_error_is_placed_and_nothing_is_applied() {
        let c = parse("theme = \"light\"\n[keys\nquit = 1\n");
        let m = messages(&c);
        assert_eq!(m.len(), 1);
        assert!(m[0].starts_with("/c/config.toml:2:"), "{}", m[0]);
        assert_eq!(c.theme, ThemeName::Dark);
    }

    #[test]
    fn a_missing_file_is_the_default_and_an_unreadable_one_a_problem() {
        let tmp = tempfile::tempdir().unwrap();
        let c = Config::load(Some(&tmp.path().join("config.toml")), &SCHEMA);
        assert!(c.problems.is_empty() && c.path.is_none());
        let c = Config::load(Some(tmp.path()), &SCHEMA);
        assert_eq!(c.problems.len(), 1);
        let bom = "\u{feff}theme = 3\n";
        let c = parse(bom);
        assert!(
            messages(&c)[0].starts_with("/c/config.toml:1:9:"),
            "{:?}",
            messages(&c)
        );
    }

    #[test]
    fn what_is_printed_reads_back_the_same() {
        let q = Key::parse("q").unwrap();
        let big_q = Key::parse("Q").unwrap();
        let ctrl_w = Key::parse("Ctrl-w").unwrap();
        let keys = vec![
            KeyLine {
                section: KeyTable::Main,
                heading: "Other",
                name: "quit",
                what: "quit",
                keys: vec![big_q],
                default: vec![q],
            },
            KeyLine {
                section: KeyTable::Main,
                heading: "Other",
                name: "down",
                what: "move \"down\"",
                keys: vec![],
                default: vec![q],
            },
            KeyLine {
                section: KeyTable::Prompt,
                heading: "Prompt",
                name: "erase-all",
                what: "erase",
                keys: vec![ctrl_w],
                default: vec![ctrl_w],
            },
        ];
        let styles = vec![StyleLine {
            name: "passage",
            what: "a passage",
            style: Style::new()
                .fg(Color::Indexed(4))
                .add_modifier(Modifier::BOLD),
            default: Style::new(),
        }];
        let text = print(None, ThemeName::Light, true, &keys, &styles);
        let c = parse(&text);
        assert!(c.problems.is_empty(), "{:?}\n{text}", messages(&c));
        assert_eq!(c.theme, ThemeName::Light);
        assert!(c.whole_words, "whole-words reads back as printed");
        let got: Vec<(KeyTable, &str, Vec<Key>)> = c
            .keys
            .iter()
            .map(|k| {
                (
                    k.section,
                    k.action.as_str(),
                    k.keys.iter().map(|(k, _)| *k).collect(),
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (KeyTable::Main, "quit", vec![big_q]),
                (KeyTable::Main, "down", vec![]),
                (KeyTable::Prompt, "erase-all", vec![ctrl_w]),
            ]
        );
        assert_eq!(c.styles[0].style, styles[0].style);
        assert!(
            text.contains("# quit; default: [\"q\"]\nquit = [\"Q\"]\n"),
            "{text}"
        );
    }
}
