//! What the reader can be asked to do. A [`Command`] is what a user can bind
//! to a key, by a flat, stable name (`focus-list`, `show-timeline`); an
//! [`Action`] is everything [`super::update`] takes: a command, or a message
//! from the mouse, the terminal or the reader's loop. What `update` wants
//! from the outside world comes back as [`Effect`]s.

use dossier_core::content::{ArticleIx, Dossier, EntityRef, SourceRef};

/// One of the three panes, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pane {
    List,
    Details,
    Article,
}

impl Pane {
    pub const ALL: [Pane; 3] = [Pane::List, Pane::Details, Pane::Article];

    pub fn index(self) -> usize {
        match self {
            Pane::List => 0,
            Pane::Details => 1,
            Pane::Article => 2,
        }
    }
}

/// Which keys apply: the panes', an overlay's on top of them, or a
/// prompt's, which takes typed text (search, go to).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Normal,
    Overlay,
    /// Letters type into the query: only the keys bound here do anything else.
    Prompt,
}

/// What the left pane lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ListKind {
    Timeline,
    Issues,
    Articles,
}

impl ListKind {
    pub fn name(self) -> &'static str {
        match self {
            ListKind::Timeline => "Timeline",
            ListKind::Issues => "Issues",
            ListKind::Articles => "Articles",
        }
    }
}

/// What the article pane highlights: a cited passage, or a search match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Followed {
    /// A passage cited by a source (followed, previewed or stepped to with `]`).
    Passage(SourceRef),
    /// Bytes `start..end` of the shown article's text, found by a search.
    Match { start: usize, end: usize },
}

impl Followed {
    pub fn passage(self) -> Option<SourceRef> {
        match self {
            Followed::Passage(c) => Some(c),
            Followed::Match { .. } => None,
        }
    }
}

/// Where a followed link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An event, an issue or an article, shown in its list and in the details.
    Entity(EntityRef),
    /// A cited passage, highlighted and scrolled into view in its article.
    Passage(SourceRef),
    /// The event or issue that cites a passage, with that source selected.
    Citer(SourceRef),
    /// An article from its top.
    Article(ArticleIx),
    /// A search match: bytes `start..end` of an article's text, highlighted
    /// and scrolled into view.
    Match {
        article: ArticleIx,
        start: usize,
        end: usize,
    },
}

macro_rules! commands {
    ($($(#[$doc:meta])* $variant:ident = $name:literal,)*) => {
        /// Something a user can bind to a key. The names are stable: a
        /// configuration file refers to commands by them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Command {
            $($(#[$doc])* $variant,)*
        }

        impl Command {
            /// Every command, in the order they are declared.
            pub const ALL: &[Command] = &[$(Command::$variant,)*];

            /// The command's stable name, in kebab case.
            pub fn name(self) -> &'static str {
                match self {
                    $(Command::$variant => $name,)*
                }
            }
        }
    };
}

commands! {
    /// Move the selection, or the text, one line down.
    Down = "down",
    /// Move the selection, or the text, one line up.
    Up = "up",
    /// Move one page down.
    PageDown = "page-down",
    /// Move one page up.
    PageUp = "page-up",
    /// Go to the first entry, or the top of the text.
    First = "first",
    /// Go to the last entry, or the end of the text.
    Last = "last",
    /// Focus the next pane, wrapping around.
    NextPane = "next-pane",
    /// Focus the previous pane, wrapping around.
    PrevPane = "prev-pane",
    /// Focus the pane to the left.
    PaneLeft = "pane-left",
    /// Focus the pane to the right.
    PaneRight = "pane-right",
    /// Focus the left list.
    FocusList = "focus-list",
    /// Focus the details pane.
    FocusDetails = "focus-details",
    /// Focus the article pane.
    FocusArticle = "focus-article",
    /// Show the timeline in the left pane.
    ShowTimeline = "show-timeline",
    /// Show the issues in the left pane.
    ShowIssues = "show-issues",
    /// Show the articles in the left pane.
    ShowArticles = "show-articles",
    /// Follow what is selected in the focused pane.
    Follow = "follow",
    /// Highlight the next cited passage of the article.
    NextPassage = "next-passage",
    /// Highlight the previous cited passage of the article.
    PrevPassage = "prev-passage",
    /// Go back to where the last jump started.
    Back = "back",
    /// Undo a `back`.
    Forward = "forward",
    /// Show or hide the help overlay.
    Help = "help",
    /// Show or hide the list of problems found while loading.
    Problems = "problems",
    /// Put the highlighted passage and its source on the clipboard.
    Copy = "copy",
    /// Open the article's URL with the system's opener.
    OpenUrl = "open-url",
    /// Read the dossier again from its folder, keeping the place.
    Reload = "reload",
    /// Close the overlay, or cancel the prompt.
    Close = "close",
    /// Leave the reader.
    Quit = "quit",
    /// Open the search prompt.
    Search = "search",
    /// Open the go-to picker over every event, issue and article.
    GoTo = "go-to",
    /// Go to the next hit of the last search.
    NextHit = "next-hit",
    /// Go to the previous hit of the last search.
    PrevHit = "prev-hit",
    /// Filter the timeline to the events of the issue in view (adds to the filter).
    FilterIssue = "filter-issue",
    /// Filter the timeline by the next kind of event.
    FilterKind = "filter-kind",
    /// Filter the timeline to the disputed events; again shows them all.
    FilterDisputed = "filter-disputed",
    /// Clear the timeline's filter.
    ClearFilter = "clear-filter",
    /// Show or hide what the dossier says about itself: its description,
    /// its dating policy, what it holds and where it was read from.
    About = "about",
    /// Show or hide the sides: what the union and the studios want, issue
    /// by issue, side by side, with the passages each position cites.
    Sides = "sides",
    /// In the sides view: one side alone, each issue on one line; again
    /// the other side alone, then both sides again.
    NextSide = "next-side",
    /// In the sides view: the next issue.
    NextIssue = "next-issue",
    /// In the sides view: the previous issue.
    PrevIssue = "prev-issue",
    /// Give the focused pane the whole screen, or give it back.
    Zoom = "zoom",
    /// Show the timeline as a picture on a date axis, or as the list again.
    Picture = "picture",
    /// In the timeline picture: fewer days to a column, around the selection.
    PictureZoomIn = "picture-zoom-in",
    /// In the timeline picture: more days to a column, around the selection.
    PictureZoomOut = "picture-zoom-out",
    /// Undo what is on, one thing at a time: the search's marks, then the
    /// filter, then the zoom.
    Cancel = "cancel",
    /// In the search prompt: the query searched before the one shown (in
    /// the go-to prompt: the previous entry).
    OlderQuery = "older-query",
    /// In the search prompt: the query searched after the one shown, then
    /// the new one (in the go-to prompt: the next entry).
    NewerQuery = "newer-query",
    /// In the search prompt: match whole words only, or not.
    ToggleWords = "toggle-words",
    /// Erase the prompt's last character.
    Erase = "erase",
    /// Erase the whole prompt.
    EraseAll = "erase-all",
    /// Go to the next entry new or changed since the last visit.
    NextNew = "next-new",
    /// Pin the selected entry, or the highlighted passage; again unpins it.
    Pin = "pin",
    /// Show or hide the list of pins.
    Bookmarks = "bookmarks",
    /// Remove the pin selected in the list of pins.
    Unpin = "unpin",
    /// Open the file of the selected entry (or, in the problems, of the
    /// problem at the top) in `$VISUAL` or `$EDITOR`, at its line.
    Edit = "edit",
    /// Select a passage of the shown article, from the highlighted one or
    /// the first word in view, to cite it.
    Select = "select",
    /// While selecting: extend by a word (shrink when before the anchor).
    SelectWordNext = "select-word-next",
    /// While selecting: move back by a word.
    SelectWordPrev = "select-word-prev",
    /// While selecting: extend by a sentence.
    SelectSentenceNext = "select-sentence-next",
    /// While selecting: move back by a sentence.
    SelectSentencePrev = "select-sentence-prev",
    /// While selecting: move the other end from now on.
    SelectOtherEnd = "select-other-end",
    /// While selecting: copy the `[[sources]]` block citing the selection.
    CiteCopy = "cite-copy",
    /// While selecting: add the `[[sources]]` block to an entry's file.
    CiteAppend = "cite-append",
}

impl Command {
    /// The command a name stands for, if any.
    pub fn from_name(name: &str) -> Option<Command> {
        Command::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The command that focuses a pane.
    pub fn focus(pane: Pane) -> Command {
        match pane {
            Pane::List => Command::FocusList,
            Pane::Details => Command::FocusDetails,
            Pane::Article => Command::FocusArticle,
        }
    }

    /// The command that shows a list.
    pub fn show(kind: ListKind) -> Command {
        match kind {
            ListKind::Timeline => Command::ShowTimeline,
            ListKind::Issues => Command::ShowIssues,
            ListKind::Articles => Command::ShowArticles,
        }
    }
}

/// How a reload the reader asked for went, as the loop reports it.
#[derive(Debug)]
pub enum Reload {
    /// The dossier is built into the program: there is no folder to read.
    Bundled,
    /// A reload is already under way.
    Busy,
    /// The folder is being read on a thread of its own.
    Started,
    /// The dossier read again, as `R` asked: the status line says what it holds
    /// and what changed.
    Done(std::sync::Arc<Dossier>),
    /// The dossier read again by the reader itself (the folder changed, or
    /// it wrote there): the status line says what changed, and nothing when
    /// nothing did, so a change is reported once.
    Watched(std::sync::Arc<Dossier>),
    /// The whole dossier, read behind the preview shown meanwhile
    /// ([`super::Reading`]): it takes the preview's place, unannounced.
    Completed(std::sync::Arc<Dossier>),
    /// The loader stopped without a dossier.
    Failed,
}

/// Everything `update` takes: a bindable command, or a message.
#[derive(Debug)]
pub enum Action {
    /// A command, from a key or from the program.
    Command(Command),
    /// Open a target, remembering where we were.
    Open(Target),
    /// Type a character into the prompt.
    Type(char),
    /// Continue a running search for a moment (sent by the loop when idle).
    Work,
    /// The left button was pressed at a cell.
    Click { column: u16, row: u16 },
    /// The pointer moved to a cell with the left button down.
    Drag { column: u16, row: u16 },
    /// The wheel turned over a cell; positive is down.
    Scroll { column: u16, row: u16, lines: i16 },
    /// The terminal has a new size.
    Resize { width: u16, height: u16 },
    /// What became of an [`Effect::Reload`].
    Reload(Reload),
    /// What became of an effect the loop carried out (a copy, a URL
    /// handed to the opener), for the status line.
    Outcome(String),
    /// A terminating signal arrived.
    Signal,
    /// Time passed: the loop sends this at [`super::App::deadline`], for
    /// what waits on time (an entry read by dwelling on it, a save).
    Tick(std::time::Instant),
    /// What became of an [`Effect::Save`]: the error if it failed.
    Saved(Result<(), String>),
    /// Entries of a preview read whole ahead of the rest, for keys that
    /// wait for them ([`super::Reading`]).
    Whole(dossier_core::content::Patch),
    /// A preview's articles' front matter, glanced at behind its first
    /// frame.
    Fronts(dossier_core::content::Fronts),
}

impl From<Command> for Action {
    fn from(c: Command) -> Action {
        Action::Command(c)
    }
}

impl Action {
    /// The command this action carries, if it is one.
    pub fn command(&self) -> Option<Command> {
        match self {
            Action::Command(c) => Some(*c),
            _ => None,
        }
    }
}

/// Why the reader stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// The user quit.
    Quit,
    /// A terminating signal.
    Signal,
}

/// What `update` asks of the world outside the state; the reader's loop
/// carries each out and reports back with an [`Action`] where there is
/// something to report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put this text on the clipboard; `what` names it in the message.
    Copy { text: String, what: &'static str },
    /// Open this URL (already checked to be `http` or `https`) with the
    /// system's opener.
    Open(String),
    /// Read the dossier again from its folder ([`Action::Reload`] reports).
    Reload,
    /// Stop the reader.
    Exit(Exit),
    /// Write what the reader remembers ([`Action::Saved`] reports).
    Save(Box<crate::state::State>),
    /// Open a file of the dossier in the curator's editor, then reload.
    Edit(OpenAt),
    /// Add a source to an entry's file (unless it changed on disk), then reload.
    Append(Append),
    /// Read these entries of the preview shown whole, ahead of the rest of
    /// the folder: a key waits for them ([`Action::Whole`] brings them).
    ReadWhole(Vec<EntityRef>),
}

/// A file of the dossier, relative to its folder, and where to open it in
/// the curator's editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenAt {
    pub file: String,
    pub line: usize,
    pub column: Option<usize>,
}

/// What the loop writes: the block added to the sources of `file` (or of
/// its position of `side`), if the file still holds what was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Append {
    pub file: String,
    pub side: Option<String>,
    pub block: String,
    /// The hash of the file as the dossier shown was read from it.
    pub read_as: Option<u64>,
    /// How the entry is named on the status line.
    pub name: String,
}
