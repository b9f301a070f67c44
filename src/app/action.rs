//! Everything the reader can be asked to do, as one enum: keys, clicks and
//! resizes all become an `Action` before they touch the state.

use crate::content::{ArticleIx, Citer, EntityRef};

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

/// Where a followed link leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// An event, an issue or an article, shown in its list and in the details.
    Entity(EntityRef),
    /// A cited passage, highlighted and scrolled into view in its article.
    Passage(Citer),
    /// The event or issue that cites a passage, with that source selected.
    Citer(Citer),
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

/// One thing the reader does. Keys map to these through the keymap; mouse and
/// resize events are translated by the event loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Move the selection, or the text, one line down.
    Down,
    /// Move the selection, or the text, one line up.
    Up,
    /// Move one page down.
    PageDown,
    /// Move one page up.
    PageUp,
    /// Go to the first entry, or the top of the text.
    First,
    /// Go to the last entry, or the end of the text.
    Last,
    /// Focus the next pane, wrapping around.
    NextPane,
    /// Focus the previous pane, wrapping around.
    PrevPane,
    /// Focus the pane to the left.
    PaneLeft,
    /// Focus the pane to the right.
    PaneRight,
    /// Focus one pane.
    Focus(Pane),
    /// Show one list in the left pane.
    Show(ListKind),
    /// Follow what is selected in the focused pane.
    Follow,
    /// Open a target, remembering where we were.
    Open(Target),
    /// Highlight the next cited passage of the article.
    NextPassage,
    /// Highlight the previous cited passage of the article.
    PrevPassage,
    /// Go back to where the last jump started.
    Back,
    /// Undo a `Back`.
    Forward,
    /// Show or hide the help overlay.
    Help,
    /// Show or hide the list of problems found while loading.
    Problems,
    /// Put the highlighted passage and its source on the clipboard.
    Copy,
    /// Read the dossier again from its folder, keeping the place.
    Reload,
    /// Close the overlay.
    Close,
    /// Leave the reader.
    Quit,
    /// Open the search prompt (the last query is kept).
    Search,
    /// Open the go-to picker over every event, issue and article.
    GoTo,
    /// Go to the next hit of the last search.
    NextHit,
    /// Go to the previous hit of the last search.
    PrevHit,
    /// Filter the timeline to the events of the issue in view (adds to the filter).
    FilterIssue,
    /// Filter the timeline by the next kind of event.
    FilterKind,
    /// Clear the timeline's filter.
    ClearFilter,
    /// Type a character into the prompt.
    Type(char),
    /// Erase the prompt's last character.
    Erase,
    /// Erase the whole prompt.
    EraseAll,
    /// Continue a running search for a moment (sent by the loop when idle).
    Work,
    /// The left button was pressed at a cell.
    Click { column: u16, row: u16 },
    /// The wheel turned over a cell; positive is down.
    Scroll { column: u16, row: u16, lines: i16 },
    /// The terminal has a new size.
    Resize { width: u16, height: u16 },
}

impl Action {
    /// What the action does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Down => "move down (select, or scroll the article)",
            Action::Up => "move up",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::First => "first entry / top of the article",
            Action::Last => "last entry / end of the article",
            Action::NextPane => "next pane",
            Action::PrevPane => "previous pane",
            Action::PaneLeft => "pane to the left",
            Action::PaneRight => "pane to the right",
            Action::Focus(Pane::List) => "focus the list",
            Action::Focus(Pane::Details) => "focus the details",
            Action::Focus(Pane::Article) => "focus the article",
            Action::Show(ListKind::Timeline) => "show the timeline",
            Action::Show(ListKind::Issues) => "show the issues",
            Action::Show(ListKind::Articles) => "show the articles",
            Action::Follow => {
                "follow: a source to its passage, an issue, an event; in the article, what cites the passage"
            }
            Action::Open(_) => "open a link",
            Action::NextPassage => "next cited passage in the article",
            Action::PrevPassage => "previous cited passage in the article",
            Action::Back => "back to where the last jump started",
            Action::Forward => "forward again",
            Action::Help => "this help",
            Action::Problems => "problems found in the dossier",
            Action::Copy => "copy the highlighted passage and its source (OSC 52)",
            Action::Reload => "reload the dossier from its folder, keeping your place",
            Action::Close => "close the overlay",
            Action::Quit => "quit",
            Action::Search => "search all the text (the last query is kept)",
            Action::GoTo => "go to any event, issue or article by title or id",
            Action::NextHit => "next search hit, across articles",
            Action::PrevHit => "previous search hit",
            Action::FilterIssue => "timeline: events of this issue; f on another adds it",
            Action::FilterKind => "timeline: one kind of event; again for the next kind",
            Action::ClearFilter => "clear the timeline's filter",
            Action::Type(_) => "type into the prompt",
            Action::Erase => "erase a character",
            Action::EraseAll => "erase the query",
            Action::Work => "continue searching",
            Action::Click { .. } => "click: focus and select; click again to follow",
            Action::Scroll { .. } => "wheel: scroll",
            Action::Resize { .. } => "resize",
        }
    }
}
