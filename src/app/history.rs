//! Back and forward: two stacks of locations, each saying what to reopen
//! (list, selection, link, article, passage and scroll), never pane objects.

use dossier_core::content::ArticleIx;

use super::action::{Followed, ListKind, Pane};
use super::lens::Lens;

/// Everything needed to put the reader back where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub focus: Pane,
    pub kind: ListKind,
    /// The selected entry's index in its kind (for the timeline, the event's
    /// index in the dossier, not its row: the filter may have changed since).
    pub selected: usize,
    pub list_offset: usize,
    pub link: Option<usize>,
    pub details_scroll: usize,
    pub article: Option<ArticleIx>,
    pub followed: Option<Followed>,
    /// Byte offset of the article's top line, so a resize in between keeps the place.
    pub article_top: usize,
    /// The sides view, when it was open: where it was.
    pub sides: Option<super::sides::SidesSpot>,
    /// The timeline's filter: a jump may clear it, and back brings it back.
    pub lens: Lens,
}

/// Where back and forward lead.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub back: Vec<Location>,
    pub forward: Vec<Location>,
}

/// Jumps remembered; the oldest are dropped beyond this.
const LIMIT: usize = 1000;

impl History {
    /// A jump leaves `from`: remember it and forget the forward path.
    pub fn jumped(&mut self, from: Location) {
        if self.back.last() != Some(&from) {
            self.back.push(from);
        }
        if self.back.len() > LIMIT {
            self.back.remove(0);
        }
        self.forward.clear();
    }

    /// Where back leads from `here`, if anywhere.
    pub fn back(&mut self, here: Location) -> Option<Location> {
        let to = self.back.pop()?;
        self.forward.push(here);
        Some(to)
    }

    /// Where forward leads from `here`, if anywhere.
    pub fn forward(&mut self, here: Location) -> Option<Location> {
        let to = self.forward.pop()?;
        self.back.push(here);
        Some(to)
    }
}
