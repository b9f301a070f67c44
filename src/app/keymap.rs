//! Keys to commands. [`COMMANDS`] lists each command with default keys, the
//! help section it is in and what it does; its keys are in `keymap.toml`
//! ([`DEFAULT_KEYS`]), one line per command and where its keys work, spelled
//! as in the configuration file and read with its parser, so the defaults
//! and a user's keys cannot be spelled differently. Together they make the
//! [`ROWS`]: each names a command, the keys bound to it and where they work,
//! the help section and what it does. The lookup, the help overlay, the
//! README's key list (checked by `tests/reader/readme.rs`), the footer hints
//! and the prompts' frame are all derived from them, so none can disagree
//! with the others.

use std::sync::LazyLock;

pub use super::action::Mode;
use super::action::{Action, Command};

pub use crate::config::keys::{Key, KeyCode, Mods};
use crate::config::{KeyTable, Schema};
use dossier_core::content::Problem;

/// Where a key works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// In the panes only.
    Panes,
    /// In the help and problems overlays only.
    Overlays,
    /// In the panes and the overlays, not in a prompt (where letters type).
    PanesAndOverlays,
    /// In the search and go-to prompts only.
    Prompt,
    /// Everywhere.
    Everywhere,
}

impl Scope {
    pub fn applies(self, mode: Mode) -> bool {
        match self {
            Scope::Panes => mode == Mode::Normal,
            Scope::Overlays => mode == Mode::Overlay,
            Scope::PanesAndOverlays => mode != Mode::Prompt,
            Scope::Prompt => mode == Mode::Prompt,
            Scope::Everywhere => true,
        }
    }
}

/// One key of a row, and where it works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bind {
    pub key: Key,
    pub scope: Scope,
}

/// The sections of the help, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpSection {
    Move,
    Panes,
    Follow,
    Find,
    Prompt,
    Marks,
    Cite,
    Other,
}

impl HelpSection {
    pub const ALL: [HelpSection; 8] = [
        HelpSection::Move,
        HelpSection::Panes,
        HelpSection::Follow,
        HelpSection::Find,
        HelpSection::Prompt,
        HelpSection::Marks,
        HelpSection::Cite,
        HelpSection::Other,
    ];

    pub fn title(self) -> &'static str {
        match self {
            HelpSection::Move => "Move",
            HelpSection::Panes => "Panes and lists",
            HelpSection::Follow => "Follow sources",
            HelpSection::Find => "Find",
            HelpSection::Prompt => "In the search and go-to prompts (type to filter)",
            HelpSection::Marks => "New since your last visit, and pins",
            HelpSection::Cite => "Select a passage and cite it (a dossier opened from a folder)",
            HelpSection::Other => "Other",
        }
    }
}

/// One row of the table: a command, its keys, and what it does there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub section: HelpSection,
    pub command: Command,
    pub keys: &'static [Bind],
    pub what: &'static str,
}

use Command as C;
use HelpSection as S;

/// Every command with default keys, in the order the help lists them: the
/// help section it is listed in, and what it does there. Its keys are in
/// [`DEFAULT_KEYS`]; a command of the prompts' section is bound in the
/// prompts, any other in the panes or the overlays.
#[rustfmt::skip]
pub const COMMANDS: &[(HelpSection, Command, &str)] = &[
    (S::Move, C::Down, "move down (select, or scroll the article)"),
    (S::Move, C::Up, "move up"),
    (S::Move, C::PageDown, "page down"),
    (S::Move, C::PageUp, "page up"),
    (S::Move, C::First, "first entry / top of the article"),
    (S::Move, C::Last, "last entry / end of the article"),
    (S::Panes, C::NextPane, "next pane"),
    (S::Panes, C::PrevPane, "previous pane"),
    (S::Panes, C::PaneLeft, "pane to the left"),
    (S::Panes, C::PaneRight, "pane to the right"),
    (S::Panes, C::FocusList, "focus the list"),
    (S::Panes, C::FocusDetails, "focus the details"),
    (S::Panes, C::FocusArticle, "focus the article"),
    (S::Panes, C::Zoom, "zoom: the focused pane fills the screen; again to give it back"),
    (S::Panes, C::ShowTimeline, "show the timeline; again, on the timeline: its picture on a date axis, or the list"),
    (S::Panes, C::Picture, "the timeline as a picture on a date axis, or as the list"),
    (S::Panes, C::PictureZoomIn, "in the timeline picture: zoom in around the selected event"),
    (S::Panes, C::PictureZoomOut, "in the timeline picture: zoom out"),
    (S::Panes, C::ShowIssues, "show the issues"),
    (S::Panes, C::ShowArticles, "show the articles"),
    (S::Panes, C::Sides, "sides: what the union and the studios want, issue by issue"),
    (S::Panes, C::NextSide, "in the sides: one side alone, an issue a line; again the other, then both"),
    (S::Panes, C::NextIssue, "in the sides: the next issue"),
    (S::Panes, C::PrevIssue, "in the sides: the previous issue"),
    (S::Follow, C::Follow, "follow: a source to its passage, an issue, an event, an entry named in prose; in the article, what cites the passage"),
    (S::Follow, C::NextPassage, "next cited passage in the article"),
    (S::Follow, C::PrevPassage, "previous cited passage in the article"),
    (S::Follow, C::Back, "back to where the last jump started"),
    (S::Follow, C::Forward, "forward again"),
    (S::Follow, C::Copy, "copy the highlighted passage with its citation"),
    (S::Follow, C::OpenUrl, "open the article's web page (http/https) with the system's opener"),
    (S::Find, C::Search, "search every text; a new query each time, ↑ recalls (in the help: find in it)"),
    (S::Find, C::NextHit, "next search hit, in any pane; the status says where"),
    (S::Find, C::PrevHit, "previous search hit"),
    (S::Find, C::GoTo, "go to any entry by title or id (:q Enter quits); while adding a cited passage to an entry, pick the entry"),
    (S::Find, C::FilterIssue, "timeline: events of this issue; f on another adds it"),
    (S::Find, C::FilterKind, "timeline: one kind of event; again for the next kind"),
    (S::Find, C::FilterDisputed, "timeline: only the disputed events (≠); again shows all"),
    (S::Find, C::ClearFilter, "clear the timeline's filter"),
    // In a prompt, every other plain character is typed into the query.
    (S::Prompt, C::Down, "select the next entry"),
    (S::Prompt, C::Up, "select the previous entry"),
    (S::Prompt, C::OlderQuery, "search: an earlier query; go to: the previous entry"),
    (S::Prompt, C::NewerQuery, "search: a later query, or a new one; go to: the next"),
    (S::Prompt, C::ToggleWords, "search: whole words on or off (kept for n/N)"),
    (S::Prompt, C::PageDown, "half a page down"),
    (S::Prompt, C::PageUp, "half a page up"),
    (S::Prompt, C::Follow, "go to the selection (go to: :q, :quit or :q! quits)"),
    (S::Prompt, C::Close, "cancel: back to where you were"),
    (S::Prompt, C::Erase, "erase a character"),
    (S::Prompt, C::EraseAll, "erase the query"),
    (S::Marks, C::NextNew, "next entry new or changed since your last visit"),
    (S::Marks, C::Pin, "pin the selected entry, or the highlighted passage; again unpins"),
    (S::Marks, C::Bookmarks, "the list of pins (Enter goes to one)"),
    (S::Marks, C::Unpin, "in the list of pins: remove the selected pin"),
    (S::Cite, C::Select, "select a passage of the article: the highlighted one, or the first word in view (a mouse drag selects too); then j/k extend or shrink it by a line"),
    (S::Cite, C::SelectWordNext, "while selecting: a word further"),
    (S::Cite, C::SelectWordPrev, "while selecting: a word back"),
    (S::Cite, C::SelectSentenceNext, "while selecting: a sentence further"),
    (S::Cite, C::SelectSentencePrev, "while selecting: a sentence back"),
    (S::Cite, C::SelectOtherEnd, "while selecting: move the other end from now on"),
    (S::Cite, C::CiteCopy, "while selecting: copy a [[sources]] block citing it (shown too)"),
    (S::Cite, C::CiteAppend, "while selecting: add it as a source of the selected event or issue, after Enter (j/k another entry, s a side's position)"),
    (S::Other, C::Help, "this help"),
    (S::Other, C::About, "about this dossier: what it covers, how it dates events, what it holds"),
    (S::Other, C::Problems, "problems found in the dossier"),
    (S::Other, C::Reload, "reload the dossier from its folder, keeping your place"),
    (S::Other, C::Edit, "edit the selected entry's file in $VISUAL or $EDITOR, at its selected source; in the problems, the top one's"),
    (S::Other, C::Cancel, "undo the last of: search marks (hidden), filter, zoom"),
    (S::Other, C::Close, "close the overlay"),
    (S::Other, C::Quit, "quit"),
];

/// The default keys: one line per command and where its keys work, each key
/// spelled as in the configuration file and read with its parser.
pub const DEFAULT_KEYS: &str = include_str!("keymap.toml");

/// The name [`DEFAULT_KEYS`] has in what is wrong in it.
const DEFAULT_KEYS_PATH: &str = "src/app/keymap.toml";

/// The tables of [`DEFAULT_KEYS`], and where the keys of each work.
const TABLES: &[(&str, Scope)] = &[
    ("both", Scope::PanesAndOverlays),
    ("panes", Scope::Panes),
    ("overlays", Scope::Overlays),
    ("prompt", Scope::Prompt),
];

/// The configuration's section a help section's commands are bound in.
fn table_of(section: HelpSection) -> KeyTable {
    if section == HelpSection::Prompt {
        KeyTable::Prompt
    } else {
        KeyTable::Main
    }
}

/// The keys of each command of [`COMMANDS`], in its order, read from a
/// keymap's text as [`DEFAULT_KEYS`] writes it, and what was wrong in the
/// text (a bad line is left out).
fn read_keys(text: &str) -> (Vec<Vec<Bind>>, Vec<Problem>) {
    let actions = Keymap::command_names(false);
    let prompt_actions = Keymap::command_names(true);
    let schema = Schema {
        actions: &actions,
        prompt_actions: &prompt_actions,
        styles: &[],
    };
    // The prompts' table holds the prompts' commands, every other the panes'.
    let tables: Vec<(&str, KeyTable)> = TABLES
        .iter()
        .map(|&(name, scope)| match scope {
            Scope::Prompt => (name, KeyTable::Prompt),
            _ => (name, KeyTable::Main),
        })
        .collect();
    let path = std::path::Path::new(DEFAULT_KEYS_PATH);
    let (lines, problems) = crate::config::parse_keymap(text, path, &schema, &tables);
    let keys = COMMANDS
        .iter()
        .map(|&(section, command, _)| {
            lines
                .iter()
                .filter(|(_, o)| o.section == table_of(section) && o.action == command.name())
                .flat_map(|&(table, ref o)| {
                    o.keys.iter().map(move |&(key, _)| Bind {
                        key,
                        scope: TABLES[table].1,
                    })
                })
                .collect()
        })
        .collect();
    (keys, problems)
}

/// [`read_keys`] without the TOML parser, for a text written as
/// [`DEFAULT_KEYS`] is: comments, blank lines, and lines
/// `table.command = ["key", ...]` (one space either side of `=`, `", "`
/// between keys, no backslash). `None` at the first line that is anything
/// else, or that names a table, command or key that is not one, or a
/// command twice: [`read_keys`] then reads the text, as TOML, and says what
/// is wrong. Reading the default keys as TOML took 0.27 ms of the 2 ms
/// before the reader's first frame; this takes a hundredth of that.
fn read_plain(text: &str) -> Option<Vec<Vec<Bind>>> {
    let mut keys = vec![Vec::new(); COMMANDS.len()];
    let mut seen = Vec::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (name, mut list) = line.split_once(" = ")?;
        let (table, command) = name.split_once('.')?;
        let &(_, scope) = TABLES.iter().find(|(n, _)| *n == table)?;
        if seen.contains(&name) {
            return None;
        }
        seen.push(name);
        let section = match scope {
            Scope::Prompt => KeyTable::Prompt,
            _ => KeyTable::Main,
        };
        let mut found = Vec::new();
        list = list.strip_prefix('[')?.strip_suffix(']')?;
        while !list.is_empty() {
            let (spec, rest) = list.strip_prefix('"')?.split_once('"')?;
            if spec.contains('\\') {
                return None;
            }
            found.push(Bind {
                key: Key::parse(spec).ok()?,
                scope,
            });
            list = if rest.is_empty() {
                rest
            } else {
                rest.strip_prefix(", ")?
            };
        }
        let mut known = false;
        for (at, &(s, c, _)) in COMMANDS.iter().enumerate() {
            if table_of(s) == section && c.name() == command {
                known = true;
                keys[at].extend_from_slice(&found);
            }
        }
        if !known {
            return None;
        }
    }
    Some(keys)
}

/// The default keys of each command, read once.
static DEFAULT_BINDS: LazyLock<Vec<Vec<Bind>>> =
    LazyLock::new(|| read_plain(DEFAULT_KEYS).unwrap_or_else(|| read_keys(DEFAULT_KEYS).0));

/// Every default binding: [`COMMANDS`] with their keys from [`DEFAULT_KEYS`].
/// The first key of a command is the one hints show; no key is bound twice
/// where it works.
pub static ROWS: LazyLock<Vec<Row>> = LazyLock::new(|| {
    COMMANDS
        .iter()
        .zip(DEFAULT_BINDS.iter())
        .map(|(&(section, command, what), keys)| Row {
            section,
            command,
            keys,
            what,
        })
        .collect()
});

/// The prompts' own keys and the word for each, in the order the prompt's
/// frame and the footer show them.
pub const PROMPT_HINTS: &[(&[Command], &str)] = &[
    (&[C::NewerQuery, C::OlderQuery], "select"),
    (&[C::Follow], "go"),
    (&[C::Close], "cancel"),
];

/// The same in the search prompt, where ↑/↓ go through the history.
pub const SEARCH_PROMPT_HINTS: &[(&[Command], &str)] = &[
    (&[C::Down, C::Up], "select"),
    (&[C::Follow], "go"),
    (&[C::Close], "cancel"),
];

/// What every other mark on screen means, for the help (and so the README).
pub const LEGEND: &[&str] = &[
    "≠ after an event's title: disputed, the sources disagree (its details say how)",
    "↔ after a date: one day, not known exactly, within that range (the",
    "  range the sources or the events around it allow; When says why)",
    "? after a date: uncertain, or derived by reasoning; ~ approximate",
    "2024, day ? (day not known): nothing places the event in its year;",
    "  such events stay together at the top of their year",
    "● new since your last visit, ◐ changed since you read it (its details say",
    "  what changed), ✱ pinned: in the column before a list's titles",
    "⚠ in the top line: errors or warnings found in the dossier",
    "▸ the selected row or link; the thick frame is the pane with the focus",
    "Top, 40%, Bot on a frame: where the pane is in a text longer than it",
    "underlined in the details: an entry named in prose, followed by Enter",
    "underlined in an article: a cited passage; highlighted: the one followed",
    "in the go-to list: § an issue, ¶ an article",
    "bold underlined: a search hit (in a list, an entry with hits); Esc hides them",
    "  inside the followed passage, a hit has a colour of its own (italic too)",
    "the timeline picture (t on the timeline): a kind's mark, a known day;",
    "  ━ a span, from its first day to its last; ┄ one day within that",
    "  range, a month or a year, not known exactly (no point); ◌ an",
    "  uncertain, approximate or derived day; 2-9, + several events in one",
    "  cell; ┊ and ⚑ a deadline; │ today; ◂ N and N ▸ events before and",
    "  after the axis; the band under the rows: events whose day is not",
    "  known; the selected event is highlighted on every row",
];
/// The search prompt's own keys, before the ones both prompts share.
pub const SEARCH_HINTS: &[(&[Command], &str)] = &[(&[C::OlderQuery], "history")];

/// What the help says under a section's keys.
fn section_notes(section: HelpSection) -> &'static [&'static str] {
    match section {
        HelpSection::Find => &[
            "Search: /wages finds any case, /Wages only that case; Tab",
            "in the prompt: whole words (/ai finds AI, not said); a space",
            "matches a line break; hits are marked in every pane",
        ],
        HelpSection::Prompt => &[
            "Esc, anywhere: closes an overlay, else cancels a prompt,",
            "else undoes the most recent of the search marks (hidden; n",
            "shows them), the filter (cleared) and the zoom (left): the",
            "footer says which (Esc unzoom)",
        ],
        _ => &[],
    }
}

/// A table of rows, and every lookup derived from it.
#[derive(Debug, Clone, Copy)]
pub struct Keymap<'a> {
    pub rows: &'a [Row],
}

/// The reader's keymap, read from [`DEFAULT_KEYS`] when first used.
pub static KEYMAP: LazyLock<Keymap<'static>> = LazyLock::new(|| Keymap { rows: &ROWS });

/// One line of the help overlay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HelpLine {
    Heading(&'static str),
    /// Every key of a command, and what it does.
    Keys {
        keys: String,
        what: &'static str,
    },
    /// The mark of an event kind, drawn by the interface.
    Kind(dossier_core::content::Kind),
    Text(&'static str),
    Blank,
}

impl<'a> Keymap<'a> {
    /// Every binding that works in a mode: the key and its command.
    fn binds(self, mode: Mode) -> impl Iterator<Item = (Key, Command)> + 'a {
        self.rows.iter().flat_map(move |r| {
            r.keys
                .iter()
                .filter(move |b| b.scope.applies(mode))
                .map(|b| (b.key, r.command))
        })
    }

    /// The action a key press means in a mode, if any.
    pub fn lookup(self, mode: Mode, key: Key) -> Option<Action> {
        let key = key.normalized();
        let bound = self
            .binds(mode)
            .find(|(k, _)| *k == key)
            .map(|(_, c)| Action::Command(c));
        let Key { code, mods } = key;
        match (bound, mode, code) {
            (None, Mode::Prompt, KeyCode::Char(c)) if mods.is_empty() && !c.is_control() => {
                Some(Action::Type(c))
            }
            (bound, _, _) => bound,
        }
    }

    /// Every key bound to a command in a mode, in table order.
    pub fn keys_for(self, mode: Mode, command: Command) -> impl Iterator<Item = Key> + 'a {
        self.binds(mode)
            .filter(move |(_, c)| *c == command)
            .map(|(k, _)| k)
    }

    /// The first key bound to a command, spelled for a hint.
    pub fn primary(self, mode: Mode, command: Command) -> Option<String> {
        self.keys_for(mode, command).next().map(|k| k.label())
    }

    /// The first keys of some commands, joined by `/` (`j/k`); `None` when
    /// none of them has a key.
    pub fn hint(self, mode: Mode, commands: &[Command]) -> Option<String> {
        let keys: Vec<String> = commands
            .iter()
            .filter_map(|&c| self.primary(mode, c))
            .collect();
        (!keys.is_empty()).then(|| keys.join("/"))
    }

    /// The prompts' keys with their words (`↓/↑ select`), for the prompt's
    /// frame and the footer.
    pub fn prompt_hints(self) -> Vec<(String, &'static str)> {
        self.prompt_hints_for(false)
    }

    /// The keys of the search prompt (`search`) or of the go-to prompt,
    /// with their words.
    pub fn prompt_hints_for(self, search: bool) -> Vec<(String, &'static str)> {
        let table = if search {
            SEARCH_PROMPT_HINTS
        } else {
            PROMPT_HINTS
        };
        table
            .iter()
            .filter_map(|(commands, word)| self.hint(Mode::Prompt, commands).map(|k| (k, *word)))
            .collect()
    }

    /// The search prompt's own keys with their words (`↑ history`).
    pub fn search_hints(self) -> Vec<(String, &'static str)> {
        SEARCH_HINTS
            .iter()
            .filter_map(|(commands, word)| self.hint(Mode::Prompt, commands).map(|k| (k, *word)))
            .collect()
    }

    /// The help overlay, section by section, then the mouse and the marks.
    pub fn help_lines(self) -> Vec<HelpLine> {
        let mut lines = Vec::new();
        for section in HelpSection::ALL {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| r.section == section).collect();
            if rows.is_empty() {
                continue;
            }
            lines.push(HelpLine::Heading(section.title()));
            for r in rows {
                let keys: Vec<String> = r.keys.iter().map(|b| b.key.label()).collect();
                lines.push(HelpLine::Keys {
                    keys: keys.join(" "),
                    what: r.what,
                });
            }
            lines.extend(section_notes(section).iter().map(|t| HelpLine::Text(t)));
            lines.push(HelpLine::Blank);
        }
        lines.push(HelpLine::Heading("Mouse"));
        lines.push(HelpLine::Text(
            "click to focus and select; click the selection again to follow",
        ));
        lines.push(HelpLine::Text(
            "the wheel scrolls the pane under the pointer",
        ));
        lines.push(HelpLine::Blank);
        lines.push(HelpLine::Heading("Timeline marks: the kind of event"));
        lines.extend(
            dossier_core::content::Kind::ALL
                .into_iter()
                .map(HelpLine::Kind),
        );
        lines.push(HelpLine::Blank);
        lines.push(HelpLine::Heading("Other marks"));
        for text in LEGEND {
            lines.push(HelpLine::Text(text));
        }
        lines
    }
}

impl Keymap<'static> {
    /// The names of the commands a configuration file can bind in the panes
    /// and overlays (`prompt` false) or in the prompts, in table order.
    pub fn command_names(prompt: bool) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = Vec::new();
        for &(section, command, _) in COMMANDS {
            let name = command.name();
            if (section == HelpSection::Prompt) == prompt && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }

    /// The reader's keymap with the keys a configuration sets; what cannot
    /// be applied is added to `problems` and keeps its default keys. Built
    /// once when the reader starts, it lives as long as the program.
    pub fn configured(
        overrides: &[crate::config::KeyOverride],
        path: &std::path::Path,
        problems: &mut Vec<dossier_core::content::Problem>,
    ) -> Keymap<'static> {
        use crate::config::bind::{self, Bound, Modes};
        use KeyTable as S;
        let section = |r: &Row| {
            if r.section == HelpSection::Prompt {
                S::Prompt
            } else {
                S::Main
            }
        };
        let modes = |scope: Scope| Modes {
            panes: scope.applies(Mode::Normal),
            overlays: scope.applies(Mode::Overlay),
            prompt: scope.applies(Mode::Prompt),
        };
        let defaults: Vec<Bound> = ROWS
            .iter()
            .flat_map(|r| {
                r.keys.iter().map(move |b| Bound {
                    section: section(r),
                    action: r.command.name(),
                    key: b.key,
                    modes: modes(b.scope),
                })
            })
            .collect();
        let replaced = bind::apply(&defaults, overrides, path, problems);
        if replaced.is_empty() {
            return *KEYMAP;
        }
        let scope = |m: Modes| match (m.panes, m.overlays, m.prompt) {
            (true, false, false) => Scope::Panes,
            (false, true, false) => Scope::Overlays,
            (true, true, false) => Scope::PanesAndOverlays,
            (false, false, true) => Scope::Prompt,
            _ => Scope::Everywhere,
        };
        let rows: Vec<Row> = ROWS
            .iter()
            .map(
                |r| match replaced.get(&(section(r), r.command.name().to_string())) {
                    Some(keys) => {
                        let binds: Vec<Bind> = keys
                            .iter()
                            .map(|(k, m)| Bind {
                                key: *k,
                                scope: scope(*m),
                            })
                            .collect();
                        Row {
                            keys: Box::leak(binds.into_boxed_slice()),
                            ..*r
                        }
                    }
                    None => *r,
                },
            )
            .collect();
        Keymap {
            rows: Box::leak(rows.into_boxed_slice()),
        }
    }
}

/// The action a key press means in a mode, in the reader's keymap.
pub fn lookup(mode: Mode, key: Key) -> Option<Action> {
    KEYMAP.lookup(mode, key)
}

/// The first key bound to a command in the reader's keymap.
pub fn primary(mode: Mode, command: Command) -> Option<String> {
    KEYMAP.primary(mode, command)
}

/// The reader's help overlay.
pub fn help_lines() -> Vec<HelpLine> {
    KEYMAP.help_lines()
}

#[cfg(test)]
mod tests {
    use super::*;
    const NONE: Mods = Mods::NONE;
    const CTRL: Mods = Mods::CTRL;
    const ALT: Mods = Mods::ALT;

    fn key(code: KeyCode, mods: Mods) -> Key {
        Key::new(code, mods)
    }

    fn cmd(mode: Mode, k: Key) -> Option<Command> {
        lookup(mode, k).and_then(|a| a.command())
    }

    #[test]
    fn shifted_letters_and_backtab_match() {
        assert_eq!(
            cmd(Mode::Normal, key(KeyCode::Char('G'), NONE)),
            Some(Command::Last)
        );
        assert_eq!(
            cmd(Mode::Normal, key(KeyCode::BackTab, NONE)),
            Some(Command::PrevPane)
        );
        assert_eq!(
            cmd(Mode::Normal, key(KeyCode::Char('C'), CTRL)),
            Some(Command::Quit)
        );
    }

    #[test]
    fn q_closes_an_overlay_but_quits_the_panes() {
        let q = key(KeyCode::Char('q'), NONE);
        assert_eq!(cmd(Mode::Normal, q), Some(Command::Quit));
        assert_eq!(cmd(Mode::Overlay, q), Some(Command::Close));
        assert!(lookup(Mode::Overlay, key(KeyCode::Char('x'), NONE)).is_none());
    }

    #[test]
    fn no_key_is_bound_twice_in_a_mode() {
        for mode in [Mode::Normal, Mode::Overlay, Mode::Prompt] {
            let bound: Vec<(Key, Command)> = KEYMAP.binds(mode).collect();
            for (i, (a, _)) in bound.iter().enumerate() {
                for (b, _) in &bound[i + 1..] {
                    assert!(a != b, "{} bound twice", a.label());
                }
            }
        }
    }

    #[test]
    fn a_prompt_takes_letters_as_text_but_keeps_its_keys() {
        let j = key(KeyCode::Char('j'), NONE);
        assert!(matches!(lookup(Mode::Prompt, j), Some(Action::Type('j'))));
        assert_eq!(cmd(Mode::Normal, j), Some(Command::Down));
        let big = key(KeyCode::Char('Q'), NONE);
        assert!(matches!(lookup(Mode::Prompt, big), Some(Action::Type('Q'))));
        assert_eq!(
            cmd(Mode::Prompt, key(KeyCode::Char('p'), CTRL)),
            Some(Command::Up)
        );
        assert_eq!(
            cmd(Mode::Normal, key(KeyCode::Char('p'), CTRL)),
            Some(Command::GoTo)
        );
        assert_eq!(
            cmd(Mode::Prompt, key(KeyCode::Esc, NONE)),
            Some(Command::Close)
        );
        assert!(lookup(Mode::Prompt, key(KeyCode::Char('x'), ALT)).is_none());
        assert_eq!(
            cmd(Mode::Prompt, key(KeyCode::Char('c'), CTRL)),
            Some(Command::Close)
        );
        assert_eq!(
            cmd(Mode::Normal, key(KeyCode::Char('c'), CTRL)),
            Some(Command::Quit)
        );
        assert_eq!(
            cmd(Mode::Prompt, key(KeyCode::Up, NONE)),
            Some(Command::OlderQuery)
        );
        assert_eq!(
            cmd(Mode::Prompt, key(KeyCode::Tab, NONE)),
            Some(Command::ToggleWords)
        );
        for (code, mods, c) in [
            (KeyCode::Char('b'), NONE, Command::PageUp),
            (KeyCode::Char('b'), CTRL, Command::PageUp),
            (KeyCode::Char('f'), CTRL, Command::PageDown),
        ] {
            assert_eq!(cmd(Mode::Normal, key(code, mods)), Some(c));
        }
    }

    #[test]
    fn reverse_lookup_gives_the_first_key() {
        assert_eq!(
            primary(Mode::Normal, Command::Back).as_deref(),
            Some("Backspace")
        );
        let back: Vec<String> = KEYMAP
            .keys_for(Mode::Normal, Command::Back)
            .map(|k| k.label())
            .collect();
        assert_eq!(back, ["Backspace", "Ctrl-o", "H", "Alt-←"]);
        assert_eq!(
            primary(Mode::Overlay, Command::Quit).as_deref(),
            Some("Ctrl-c")
        );
    }

    #[test]
    fn command_names_are_kebab_case_and_go_both_ways() {
        for &c in Command::ALL {
            let name = c.name();
            assert!(
                name.chars().all(|ch| ch.is_ascii_lowercase() || ch == '-'),
                "{name}"
            );
            assert_eq!(Command::from_name(name), Some(c));
        }
        assert_eq!(Command::from_name("focus-list"), Some(Command::FocusList));
        assert_eq!(
            Command::from_name("show-timeline"),
            Some(Command::ShowTimeline)
        );
        assert_eq!(Command::from_name("nope"), None);
    }

    /// A typo in the default keys fails here, never when the reader
    /// starts (which leaves a bad line out).
    #[test]
    fn the_default_keys_read_without_a_problem_and_bind_every_command() {
        let (keys, problems) = read_keys(DEFAULT_KEYS);
        let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        for (&(_, command, _), keys) in COMMANDS.iter().zip(&keys) {
            assert!(!keys.is_empty(), "{command:?} has no default key");
        }
        // Every key the table had when the keys became text, where it was.
        let count = |scope: Scope| keys.iter().flatten().filter(|b| b.scope == scope).count();
        assert_eq!(COMMANDS.len(), 70);
        assert_eq!(keys.iter().map(Vec::len).sum::<usize>(), 91);
        assert_eq!(count(Scope::PanesAndOverlays), 29);
        assert_eq!(count(Scope::Panes), 37);
        assert_eq!(count(Scope::Overlays), 13);
        assert_eq!(count(Scope::Prompt), 12);
    }

    #[test]
    fn the_default_keys_read_plainly_as_they_read_as_toml() {
        assert_eq!(read_plain(DEFAULT_KEYS), Some(read_keys(DEFAULT_KEYS).0));
        let two = "# keys\n\nboth.down = [\"j\", \"Ctrl-d\"]\nprompt.close = [\"Esc\"]\npanes.zoom = []\n";
        assert_eq!(read_plain(two), Some(read_keys(two).0));
    }

    #[test]
    fn what_is_not_plainly_written_is_left_to_the_toml_reader() {
        for text in [
            "both.down = [\"j\"]\nboth.up = [\"Ctlr-k\"]\n",
            "both.dwn = [\"x\"]\n",
            "prompt.search = [\"Ctrl-s\"]\n",
            "nowhere.quit = [\"q\"]\n",
            "both.down = [\"j\"]\nboth.down = [\"k\"]\n",
            "both.down = [\"j\"] # a comment\n",
            "both.down = [\"\\\\\"]\n",
            "both.down = [\"j\",\"k\"]\n",
            "  both.down = [\"j\"]\n",
            "[both]\ndown = [\"j\"]\n",
            "both.down = [",
        ] {
            assert_eq!(read_plain(text), None, "{text}");
        }
    }

    #[test]
    fn a_bad_line_is_a_problem_and_is_left_out() {
        let text = "both.down = [\"j\"]\nboth.up = [\"Ctlr-k\"]\nboth.dwn = [\"x\"]\n\
                    prompt.search = [\"Ctrl-s\"]\nnowhere.quit = [\"q\"]\npanes.quit = [\"Q\"]\n";
        let (keys, problems) = read_keys(text);
        let problems: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 4, "{problems:#?}");
        assert!(
            problems[0].starts_with("src/app/keymap.toml:2:12: error: `Ctlr-k` is not a key"),
            "{problems:#?}"
        );
        assert!(problems[1].contains("3:6: error: unknown action `dwn`"));
        assert!(problems[2].contains("4:8: error: unknown action `search` in [keys.prompt]"));
        assert!(problems[3].contains("5:1: error: unknown table `nowhere`"));
        let bound: Vec<(Command, String)> = COMMANDS
            .iter()
            .zip(&keys)
            .flat_map(|(&(_, c, _), keys)| keys.iter().map(move |b| (c, b.key.label())))
            .collect();
        assert_eq!(
            bound,
            [
                (Command::Down, "j".to_string()),
                (Command::Quit, "Q".into())
            ]
        );
        // Not TOML at all: nothing is bound, and nothing panics.
        let (keys, problems) = read_keys("both.down = [");
        assert_eq!(problems.len(), 1);
        assert!(keys.iter().all(Vec::is_empty));
    }
}
