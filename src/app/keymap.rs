//! Keys to commands, from one declarative table: each [`Row`] names a
//! command, the keys bound to it and where they work, the help section it is
//! listed in and what it does. The lookup, the help overlay, the README's key
//! list (checked by `tests/reader/readme.rs`), the footer hints and the prompts'
//! frame are all derived from it, so none can disagree with the others.

pub use super::action::Mode;
use super::action::{Action, Command};
pub use crate::config::keys::{Key, KeyCode, Mods};

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

const NONE: Mods = Mods::NONE;
const CTRL: Mods = Mods::CTRL;
const ALT: Mods = Mods::ALT;

const fn k(code: KeyCode, mods: Mods, scope: Scope) -> Bind {
    Bind {
        key: Key { code, mods },
        scope,
    }
}

/// A plain key in the panes and the overlays.
const fn both(code: KeyCode) -> Bind {
    k(code, NONE, Scope::PanesAndOverlays)
}

/// A character in the panes and the overlays.
const fn both_ch(c: char) -> Bind {
    both(KeyCode::Char(c))
}

/// A plain key in the panes.
const fn pane(code: KeyCode) -> Bind {
    k(code, NONE, Scope::Panes)
}

/// A character in the panes.
const fn pane_ch(c: char) -> Bind {
    pane(KeyCode::Char(c))
}

/// A key in the prompts.
const fn prompt(code: KeyCode, mods: Mods) -> Bind {
    k(code, mods, Scope::Prompt)
}

const fn row(
    section: HelpSection,
    command: Command,
    keys: &'static [Bind],
    what: &'static str,
) -> Row {
    Row {
        section,
        command,
        keys,
        what,
    }
}

use Command as C;
use HelpSection as S;
use KeyCode::{
    BackTab, Backspace, Char, Down, End, Enter, Esc, Home, Left, PageDown, PageUp, Right, Tab, Up,
};

/// Every binding, in the order the help lists them. The first key of a
/// command is the one hints show; no key is bound twice where it works.
pub const ROWS: &[Row] = &[
    row(
        S::Move,
        C::Down,
        &[both_ch('j'), both(Down)],
        "move down (select, or scroll the article)",
    ),
    row(S::Move, C::Up, &[both_ch('k'), both(Up)], "move up"),
    row(
        S::Move,
        C::PageDown,
        &[
            both(PageDown),
            k(Char('d'), CTRL, Scope::PanesAndOverlays),
            both_ch(' '),
            k(Char('f'), CTRL, Scope::PanesAndOverlays),
        ],
        "page down",
    ),
    row(
        S::Move,
        C::PageUp,
        &[
            both(PageUp),
            k(Char('u'), CTRL, Scope::PanesAndOverlays),
            both_ch('b'),
            k(Char('b'), CTRL, Scope::PanesAndOverlays),
        ],
        "page up",
    ),
    row(
        S::Move,
        C::First,
        &[both_ch('g'), both(Home)],
        "first entry / top of the article",
    ),
    row(
        S::Move,
        C::Last,
        &[both_ch('G'), both(End)],
        "last entry / end of the article",
    ),
    row(S::Panes, C::NextPane, &[pane(Tab)], "next pane"),
    row(S::Panes, C::PrevPane, &[pane(BackTab)], "previous pane"),
    row(
        S::Panes,
        C::PaneLeft,
        &[pane_ch('h'), pane(Left)],
        "pane to the left",
    ),
    row(
        S::Panes,
        C::PaneRight,
        &[pane_ch('l'), pane(Right)],
        "pane to the right",
    ),
    row(S::Panes, C::FocusList, &[pane_ch('1')], "focus the list"),
    row(
        S::Panes,
        C::FocusDetails,
        &[pane_ch('2')],
        "focus the details",
    ),
    row(
        S::Panes,
        C::FocusArticle,
        &[pane_ch('3')],
        "focus the article",
    ),
    row(
        S::Panes,
        C::Zoom,
        &[pane_ch('z')],
        "zoom: the focused pane fills the screen; again to give it back",
    ),
    row(
        S::Panes,
        C::ShowTimeline,
        &[pane_ch('t')],
        "show the timeline; again, on the timeline: its picture on a date axis, or the list",
    ),
    row(
        S::Panes,
        C::Picture,
        &[pane_ch('T')],
        "the timeline as a picture on a date axis, or as the list",
    ),
    row(
        S::Panes,
        C::PictureZoomIn,
        &[pane_ch('+'), pane_ch('=')],
        "in the timeline picture: zoom in around the selected event",
    ),
    row(
        S::Panes,
        C::PictureZoomOut,
        &[pane_ch('-')],
        "in the timeline picture: zoom out",
    ),
    row(S::Panes, C::ShowIssues, &[pane_ch('i')], "show the issues"),
    row(
        S::Panes,
        C::ShowArticles,
        &[pane_ch('a')],
        "show the articles",
    ),
    row(
        S::Panes,
        C::Sides,
        &[both_ch('s')],
        "sides: what the union and the studios want, issue by issue",
    ),
    row(
        S::Panes,
        C::NextSide,
        &[k(Tab, NONE, Scope::Overlays)],
        "in the sides: one side alone, an issue a line; again the other, then both",
    ),
    row(
        S::Panes,
        C::NextIssue,
        &[k(Char('}'), NONE, Scope::Overlays)],
        "in the sides: the next issue",
    ),
    row(
        S::Panes,
        C::PrevIssue,
        &[k(Char('{'), NONE, Scope::Overlays)],
        "in the sides: the previous issue",
    ),
    row(
        S::Follow,
        C::Follow,
        &[both(Enter)],
        "follow: a source to its passage, an issue, an event, an entry named in prose; in the article, what cites the passage",
    ),
    row(
        S::Follow,
        C::NextPassage,
        &[pane_ch(']')],
        "next cited passage in the article",
    ),
    row(
        S::Follow,
        C::PrevPassage,
        &[pane_ch('[')],
        "previous cited passage in the article",
    ),
    row(
        S::Follow,
        C::Back,
        &[
            pane(Backspace),
            k(Char('o'), CTRL, Scope::Panes),
            pane_ch('H'),
            k(Left, ALT, Scope::Panes),
        ],
        "back to where the last jump started",
    ),
    row(
        S::Follow,
        C::Forward,
        &[pane_ch('L'), k(Right, ALT, Scope::Panes)],
        "forward again",
    ),
    row(
        S::Follow,
        C::Copy,
        &[pane_ch('y')],
        "copy the highlighted passage with its citation",
    ),
    row(
        S::Follow,
        C::OpenUrl,
        &[pane_ch('o')],
        "open the article's web page (http/https) with the system's opener",
    ),
    row(
        S::Find,
        C::Search,
        &[both_ch('/')],
        "search every text; a new query each time, ↑ recalls (in the help: find in it)",
    ),
    row(
        S::Find,
        C::NextHit,
        &[both_ch('n')],
        "next search hit, in any pane; the status says where",
    ),
    row(S::Find, C::PrevHit, &[both_ch('N')], "previous search hit"),
    row(
        S::Find,
        C::GoTo,
        &[k(Char('p'), CTRL, Scope::PanesAndOverlays), pane_ch(':')],
        "go to any entry by title or id (:q Enter quits); while adding a cited passage to an entry, pick the entry",
    ),
    row(
        S::Find,
        C::FilterIssue,
        &[pane_ch('f')],
        "timeline: events of this issue; f on another adds it",
    ),
    row(
        S::Find,
        C::FilterKind,
        &[pane_ch('K')],
        "timeline: one kind of event; again for the next kind",
    ),
    row(
        S::Find,
        C::FilterDisputed,
        &[pane_ch('D')],
        "timeline: only the disputed events (≠); again shows all",
    ),
    row(
        S::Find,
        C::ClearFilter,
        &[pane_ch('F')],
        "clear the timeline's filter",
    ),
    // In a prompt, every other plain character is typed into the query.
    row(
        S::Prompt,
        C::Down,
        &[prompt(Char('n'), CTRL)],
        "select the next entry",
    ),
    row(
        S::Prompt,
        C::Up,
        &[prompt(Char('p'), CTRL)],
        "select the previous entry",
    ),
    row(
        S::Prompt,
        C::OlderQuery,
        &[prompt(Up, NONE)],
        "search: an earlier query; go to: the previous entry",
    ),
    row(
        S::Prompt,
        C::NewerQuery,
        &[prompt(Down, NONE)],
        "search: a later query, or a new one; go to: the next",
    ),
    row(
        S::Prompt,
        C::ToggleWords,
        &[prompt(Tab, NONE)],
        "search: whole words on or off (kept for n/N)",
    ),
    row(
        S::Prompt,
        C::PageDown,
        &[prompt(PageDown, NONE)],
        "half a page down",
    ),
    row(
        S::Prompt,
        C::PageUp,
        &[prompt(PageUp, NONE)],
        "half a page up",
    ),
    row(
        S::Prompt,
        C::Follow,
        &[prompt(Enter, NONE)],
        "go to the selection (go to: :q, :quit or :q! quits)",
    ),
    row(
        S::Prompt,
        C::Close,
        &[prompt(Esc, NONE), prompt(Char('c'), CTRL)],
        "cancel: back to where you were",
    ),
    row(
        S::Prompt,
        C::Erase,
        &[prompt(Backspace, NONE)],
        "erase a character",
    ),
    row(
        S::Prompt,
        C::EraseAll,
        &[prompt(Char('u'), CTRL)],
        "erase the query",
    ),
    row(
        S::Marks,
        C::NextNew,
        &[pane_ch('u')],
        "next entry new or changed since your last visit",
    ),
    row(
        S::Marks,
        C::Pin,
        &[pane_ch('m')],
        "pin the selected entry, or the highlighted passage; again unpins",
    ),
    row(
        S::Marks,
        C::Bookmarks,
        &[both_ch('\'')],
        "the list of pins (Enter goes to one)",
    ),
    row(
        S::Marks,
        C::Unpin,
        &[k(Char('d'), NONE, Scope::Overlays)],
        "in the list of pins: remove the selected pin",
    ),
    row(
        S::Cite,
        C::Select,
        &[both_ch('v')],
        "select a passage of the article: the highlighted one, or the first word in view (a mouse drag selects too); then j/k extend or shrink it by a line",
    ),
    row(
        S::Cite,
        C::SelectWordNext,
        &[k(Char('w'), NONE, Scope::Overlays)],
        "while selecting: a word further",
    ),
    row(
        S::Cite,
        C::SelectWordPrev,
        &[k(Char('W'), NONE, Scope::Overlays)],
        "while selecting: a word back",
    ),
    row(
        S::Cite,
        C::SelectSentenceNext,
        &[k(Char(')'), NONE, Scope::Overlays)],
        "while selecting: a sentence further",
    ),
    row(
        S::Cite,
        C::SelectSentencePrev,
        &[k(Char('('), NONE, Scope::Overlays)],
        "while selecting: a sentence back",
    ),
    row(
        S::Cite,
        C::SelectOtherEnd,
        &[k(Char('o'), NONE, Scope::Overlays)],
        "while selecting: move the other end from now on",
    ),
    row(
        S::Cite,
        C::CiteCopy,
        &[k(Char('y'), NONE, Scope::Overlays)],
        "while selecting: copy a [[sources]] block citing it (shown too)",
    ),
    row(
        S::Cite,
        C::CiteAppend,
        &[k(Char('a'), NONE, Scope::Overlays)],
        "while selecting: add it as a source of the selected event or issue, after Enter (j/k another entry, s a side's position)",
    ),
    row(S::Other, C::Help, &[both_ch('?')], "this help"),
    row(
        S::Other,
        C::About,
        &[both_ch('A')],
        "about this dossier: what it covers, how it dates events, what it holds",
    ),
    row(
        S::Other,
        C::Problems,
        &[both_ch('p')],
        "problems found in the dossier",
    ),
    row(
        S::Other,
        C::Reload,
        &[pane_ch('R')],
        "reload the dossier from its folder, keeping your place",
    ),
    row(
        S::Other,
        C::Edit,
        &[both_ch('e')],
        "edit the selected entry's file in $VISUAL or $EDITOR, at its selected source; in the problems, the top one's",
    ),
    row(
        S::Other,
        C::Cancel,
        &[pane(Esc)],
        "undo the last of: search marks (hidden), filter, zoom",
    ),
    row(
        S::Other,
        C::Close,
        &[
            k(Esc, NONE, Scope::Overlays),
            k(Char('q'), NONE, Scope::Overlays),
        ],
        "close the overlay",
    ),
    row(
        S::Other,
        C::Quit,
        &[pane_ch('q'), k(Char('c'), CTRL, Scope::PanesAndOverlays)],
        "quit",
    ),
];

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

/// The reader's keymap.
pub const KEYMAP: Keymap<'static> = Keymap { rows: ROWS };

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
        for r in ROWS {
            let name = r.command.name();
            if (r.section == HelpSection::Prompt) == prompt && !names.contains(&name) {
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
        use crate::config::KeyTable as S;
        use crate::config::bind::{self, Bound, Modes};
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
            return KEYMAP;
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
}
