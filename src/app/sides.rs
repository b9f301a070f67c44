//! The sides view: for each issue, what the union and what the studios are
//! reported to want, side by side (one above the other on a narrow screen),
//! each position followed by the passages it cites as links. Its rows are
//! built once per width, like the details pane's; links are numbered top to
//! bottom, so moving down the links moves down the screen and every row can
//! be brought into view.

use ratatui::layout::Rect;

use dossier_core::content::{Dossier, IssueIx, SourceRef};
use dossier_core::text::sanitize_line;

use super::wrap::wrap;

/// The sides, in the order of the columns.
pub const SIDES: [&str; 2] = ["union", "studios"];

/// Below this inner width the sides are stacked instead of side by side.
pub const TWO_COLUMNS_FROM: usize = 64;

/// Between the two columns.
pub const GUTTER: &str = " │ ";

/// How a text cell is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A side's position.
    Body,
    /// What the dossier does not have: no position, no passage.
    Missing,
    /// A side's name, above its position when the sides are stacked.
    Side,
}

/// Which line of a passage link a cell draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Its number and outlet.
    Head,
    /// The start of the quoted words.
    Quote,
}

/// What one column shows on one row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Empty,
    Text { role: Role, text: String },
    Link { item: usize, part: Part },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Blank,
    /// A line of an issue's title, across the columns.
    Heading {
        issue: IssueIx,
        text: String,
    },
    /// A line of an issue's status ("where it stands"), across the columns.
    Status(String),
    /// The two columns (the second empty when stacked).
    Cells([Cell; 2]),
}

/// A passage link and the rows it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkEntry {
    pub citer: SourceRef,
    pub first_row: usize,
    pub rows: usize,
    /// The column it is in.
    pub column: usize,
}

/// The view's rows at one width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub rows: Vec<Row>,
    /// In the order of their rows, left column first.
    pub links: Vec<LinkEntry>,
    /// 2 side by side, 1 stacked.
    pub columns: usize,
    /// The width of a column.
    pub column_width: usize,
}

/// The sides view: its rows at the current width, the selected passage and
/// the first row shown. Kept while the view is closed, so `s` comes back
/// to the same place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SidesView {
    pub width: u16,
    pub content: Content,
    pub selected: Option<usize>,
    pub scroll: usize,
    /// One side shown alone (its place in [`SIDES`]), each issue on a line.
    pub alone: Option<usize>,
    /// With a side alone: the selected issue and the first line shown.
    pub issue: usize,
    pub issue_scroll: usize,
}

/// Where the view was, for the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SidesSpot {
    pub selected: Option<usize>,
    pub scroll: usize,
    pub alone: Option<usize>,
    pub issue: usize,
    pub issue_scroll: usize,
}

impl SidesView {
    pub fn selected_link(&self) -> Option<&LinkEntry> {
        self.selected.and_then(|s| self.content.links.get(s))
    }

    pub fn place(&self) -> SidesSpot {
        SidesSpot {
            selected: self.selected,
            scroll: self.scroll,
            alone: self.alone,
            issue: self.issue,
            issue_scroll: self.issue_scroll,
        }
    }

    /// Back to a place the history kept.
    pub fn set_place(&mut self, p: SidesSpot) {
        self.selected = p.selected;
        self.scroll = p.scroll;
        self.alone = p.alone;
        self.issue = p.issue;
        self.issue_scroll = p.issue_scroll;
    }

    /// The issue the view is at: with a side alone, the selected one; else
    /// the selected passage's, or the one at the top of the view.
    pub fn current_issue(&self) -> Option<IssueIx> {
        if self.alone.is_some() {
            return Some(IssueIx(self.issue));
        }
        if let Some(SourceRef::Position(i, ..)) = self.selected_link().map(|l| l.citer) {
            return Some(i);
        }
        let top = self.scroll.min(self.content.rows.len());
        match self.content.rows.get(top) {
            Some(Row::Heading { issue, .. }) => Some(*issue),
            _ => context(&self.content, top).0,
        }
    }
}

/// The view's title: the sides by the names dossier.toml declares, or the
/// one shown alone.
pub fn title(d: &Dossier, alone: Option<usize>) -> String {
    match alone.and_then(|k| SIDES.get(k)) {
        Some(side) => format!("Sides: {} alone", side_name(d, side)),
        None => format!(
            "Sides: {} | {}",
            side_name(d, SIDES[0]),
            side_name(d, SIDES[1])
        ),
    }
}

/// A side's position on an issue on one line (its paragraphs joined, its
/// whitespace made single spaces), and the first passage it cites; `None`
/// when the side has no position on the issue.
pub fn position_line(d: &Dossier, ix: IssueIx, side: &str) -> Option<(String, Option<SourceRef>)> {
    let issue = d.issues.get(ix.0)?;
    let (p, position) = issue
        .positions
        .iter()
        .enumerate()
        .find(|(_, p)| p.side == side)?;
    let prose = position.text.reflowed();
    let text = prose
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let citer = (!position.sources.is_empty()).then_some(SourceRef::Position(ix, p, 0));
    Some((sanitize_line(&text).into_owned(), citer))
}

/// With a side alone, `h` rows split between the issues' lines and, below
/// a rule, the selected issue's whole position: (lines for the issues,
/// lines for the position). Every issue gets its line when that leaves
/// the position three; on a screen too short for both, the issues only.
pub fn alone_heights(h: usize, issues: usize) -> (usize, usize) {
    if issues + 4 <= h {
        (issues, h - issues - 1)
    } else if h >= 12 {
        (h - 5, 4)
    } else {
        (h, 0)
    }
}

/// The width of the titles' column with a side alone: the longest title,
/// up to two fifths of the width.
pub fn alone_title_width(d: &Dossier, width: usize) -> usize {
    let longest = d
        .issues
        .iter()
        .map(|i| dossier_core::text::width(&i.title))
        .max()
        .unwrap_or(0);
    longest.min(width * 2 / 5).max(1)
}

/// With a side alone: moves the selected issue by `delta` (a page, the
/// top, the end as in lists), keeping it among the `h` lines in view.
pub fn step_alone(view: &mut SidesView, delta: isize, issues: usize, h: usize) {
    let h = h.max(1);
    let last = issues.saturating_sub(1);
    view.issue = view.issue.saturating_add_signed(delta).min(last);
    keep_alone_in_view(view, issues, h);
}

/// Keeps the selected issue in view, and the scroll within the issues.
pub fn keep_alone_in_view(view: &mut SidesView, issues: usize, h: usize) {
    let h = h.max(1);
    view.issue = view.issue.min(issues.saturating_sub(1));
    if view.issue < view.issue_scroll {
        view.issue_scroll = view.issue;
    } else if view.issue >= view.issue_scroll + h {
        view.issue_scroll = view.issue + 1 - h;
    }
    view.issue_scroll = view.issue_scroll.min(issues.saturating_sub(h));
}

/// Tab: both sides, then each alone in turn, then both again; the issue
/// in view stays in view.
pub fn next_side(view: &mut SidesView, issues: usize, h: usize, alone_h: usize) {
    let at = view.current_issue();
    view.alone = match view.alone {
        None => Some(0),
        Some(k) if k + 1 < SIDES.len() => Some(k + 1),
        Some(_) => None,
    };
    match (view.alone, at) {
        (Some(_), Some(i)) => {
            view.issue = i.0;
            keep_alone_in_view(view, issues, alone_h);
        }
        (None, Some(i)) => show_issue(view, i, h),
        _ => {}
    }
}

/// `}` and `{` with both sides shown: the next issue's heading, or the
/// previous one's (the current one's first when scrolled into it). False
/// at the ends.
pub fn jump_issue(view: &mut SidesView, forward: bool, issues: usize, h: usize) -> bool {
    let Some(at) = view.current_issue() else {
        return false;
    };
    // Scrolled into an issue, `{` goes to its heading first, as vim's
    // goes to the start of the paragraph.
    let into = issue_row(&view.content, at).is_some_and(|r| view.scroll > r);
    let to = match (forward, into) {
        (true, _) => at.0 + 1,
        (false, true) => at.0,
        (false, false) => match at.0.checked_sub(1) {
            Some(i) => i,
            None => return false,
        },
    };
    if to >= issues {
        return false;
    }
    show_issue(view, IssueIx(to), h);
    true
}

/// The view's frame on a screen: everything between the top and bottom lines.
pub fn pane(screen: Rect) -> Rect {
    Rect {
        y: screen.y.saturating_add(1),
        height: screen.height.saturating_sub(2),
        ..screen
    }
}

/// Where the rows go inside the frame: below the columns' names and a rule
/// when the sides are side by side, below a line naming the side and issue
/// in view when they are stacked.
pub fn rows_area(screen: Rect) -> Rect {
    let inner = super::layout::inner(pane(screen));
    let top = if usize::from(inner.width) >= TWO_COLUMNS_FROM {
        2
    } else {
        1
    };
    Rect {
        y: inner.y.saturating_add(top),
        height: inner.height.saturating_sub(top),
        ..inner
    }
}

/// The issue, and the side when the sides are stacked, that row `top` is
/// in: what the view keeps in sight once their headings scrolled away.
pub fn context(c: &Content, top: usize) -> (Option<IssueIx>, Option<String>) {
    let mut side = None;
    for r in c.rows[..top.min(c.rows.len())].iter().rev() {
        match r {
            Row::Heading { issue, .. } => return (Some(*issue), side),
            Row::Cells(
                [
                    Cell::Text {
                        role: Role::Side,
                        text,
                    },
                    _,
                ],
            ) if side.is_none() => {
                side = Some(text.clone());
            }
            _ => {}
        }
    }
    (None, side)
}

/// A side's name as a heading: the name `[sides]` in dossier.toml declares,
/// or else the key with a capital (`Union`).
pub fn side_name(d: &Dossier, side: &str) -> String {
    sanitize_line(&d.meta.side_name(side)).into_owned()
}

/// The view's rows at an inner width.
pub fn build(d: &Dossier, width: usize) -> Content {
    let two = width >= TWO_COLUMNS_FROM;
    let column_width = if two {
        width.saturating_sub(GUTTER.chars().count()) / 2
    } else {
        width
    }
    .max(1);
    let mut c = Content {
        columns: if two { 2 } else { 1 },
        column_width,
        ..Content::default()
    };
    // Links are gathered per issue, then numbered in the order of the rows.
    let mut links: Vec<LinkEntry> = Vec::new();
    for (ix, issue) in d.issues.iter().enumerate() {
        let ix = IssueIx(ix);
        if ix.0 > 0 {
            c.rows.push(Row::Blank);
        }
        for r in wrap(&issue.title, width) {
            c.rows.push(Row::Heading {
                issue: ix,
                text: sanitize_line(issue.title.get(r).unwrap_or("")).into_owned(),
            });
        }
        if let Some(status) = &issue.status {
            let text = format!("Where it stands: {}", status.as_str());
            for r in wrap(&text, width) {
                c.rows.push(Row::Status(
                    sanitize_line(text.get(r).unwrap_or("")).into_owned(),
                ));
            }
        }
        let columns: Vec<SideCells> = SIDES
            .iter()
            .map(|side| side_cells(d, ix, side, column_width, !two))
            .collect();
        let top = c.rows.len();
        if two {
            let height = columns
                .iter()
                .map(|(cells, _)| cells.len())
                .max()
                .unwrap_or(0);
            for n in 0..height {
                let cell = |k: usize| {
                    columns
                        .get(k)
                        .and_then(|(cells, _)| cells.get(n).cloned())
                        .unwrap_or(Cell::Empty)
                };
                c.rows.push(Row::Cells([cell(0), cell(1)]));
            }
            for (k, (_, found)) in columns.iter().enumerate() {
                for &(citer, at) in found {
                    links.push(LinkEntry {
                        citer,
                        first_row: top + at,
                        rows: 2,
                        column: k,
                    });
                }
            }
        } else {
            let mut at = top;
            for (n, (cells, found)) in columns.into_iter().enumerate() {
                if n > 0 {
                    c.rows.push(Row::Blank);
                    at += 1;
                }
                for &(citer, row) in &found {
                    links.push(LinkEntry {
                        citer,
                        first_row: at + row,
                        rows: 2,
                        column: 0,
                    });
                }
                at += cells.len();
                c.rows.extend(
                    cells
                        .into_iter()
                        .map(|cell| Row::Cells([cell, Cell::Empty])),
                );
            }
        }
    }
    links.sort_by_key(|l| (l.first_row, l.column));
    // The cells name their link by its place in the sorted list.
    for (item, l) in links.iter().enumerate() {
        for (n, part) in [Part::Head, Part::Quote].into_iter().enumerate() {
            if let Some(Row::Cells(cells)) = c.rows.get_mut(l.first_row + n)
                && let Some(cell) = cells.get_mut(l.column)
            {
                *cell = Cell::Link { item, part };
            }
        }
    }
    c.links = links;
    c
}

/// One side's cells for an issue, and where its passages start (row, from
/// the first cell).
type SideCells = (Vec<Cell>, Vec<(SourceRef, usize)>);

/// One side's cells for an issue. Link cells are placeholders until the
/// links are numbered.
fn side_cells(d: &Dossier, ix: IssueIx, side: &str, width: usize, named: bool) -> SideCells {
    let mut cells = Vec::new();
    let mut found = Vec::new();
    let text = |cells: &mut Vec<Cell>, role: Role, s: &str| {
        for r in wrap(s, width) {
            cells.push(Cell::Text {
                role,
                text: sanitize_line(s.get(r).unwrap_or("")).into_owned(),
            });
        }
    };
    if named {
        text(&mut cells, Role::Side, &side_name(d, side));
    }
    let Some(issue) = d.issues.get(ix.0) else {
        return (cells, found);
    };
    let Some((p, position)) = issue
        .positions
        .iter()
        .enumerate()
        .find(|(_, p)| p.side == side)
    else {
        text(
            &mut cells,
            Role::Missing,
            "(no position recorded in the dossier)",
        );
        return (cells, found);
    };
    let prose = position.text.reflowed();
    for (n, para) in prose.as_str().split("\n\n").enumerate() {
        if n > 0 {
            cells.push(Cell::Empty);
        }
        text(&mut cells, Role::Body, para);
    }
    if position.sources.is_empty() {
        text(
            &mut cells,
            Role::Missing,
            "(no passage cited for this position)",
        );
    } else {
        let n = position.sources.len();
        text(
            &mut cells,
            Role::Missing,
            &if n == 1 {
                "1 passage:".to_string()
            } else {
                format!("{n} passages:")
            },
        );
        for s in 0..n {
            found.push((SourceRef::Position(ix, p, s), cells.len()));
            cells.push(Cell::Empty);
            cells.push(Cell::Empty);
        }
    }
    (cells, found)
}

/// Moves in the view by `delta` rows with `h` rows in view. One step selects
/// the next (or previous) link when it shows, and otherwise scrolls a line
/// toward it, so the text between links comes into view; more than one step
/// (a page, the top, the end) scrolls, then selects a link in view if the
/// selected one left it.
pub fn step(view: &mut SidesView, delta: isize, h: usize) {
    let h = h.max(1);
    let links = &view.content.links;
    let scroll = view.scroll;
    let max = view.content.rows.len().saturating_sub(h);
    let in_view = |l: &LinkEntry| l.first_row >= scroll && l.first_row + l.rows <= scroll + h;
    if delta == 1 || delta == -1 {
        let sel = view
            .selected
            .filter(|_| view.selected_link().is_some_and(in_view));
        let spans = links.iter().map(|l| (l.first_row, l.rows));
        match super::layout::link_step(spans, sel, (scroll, h), delta > 0) {
            Some((i, _)) if links.get(i).is_some_and(in_view) => view.selected = Some(i),
            _ => view.scroll = scroll.saturating_add_signed(delta).min(max),
        }
        return;
    }
    view.scroll = scroll.saturating_add_signed(delta).min(max);
    let scroll = view.scroll;
    let fully = |l: &LinkEntry| l.first_row >= scroll && l.first_row + l.rows <= scroll + h;
    // A page that reaches the top or the end selects the first or last
    // passage there, as the ends do.
    let ends = delta == isize::MIN / 2
        || delta == isize::MAX / 2
        || (delta > 0 && scroll == max)
        || (delta < 0 && scroll == 0);
    if ends || !view.selected_link().is_some_and(fully) {
        let pick = if delta > 0 {
            view.content.links.iter().rposition(fully)
        } else {
            view.content.links.iter().position(fully)
        };
        // At the top or the end with no passage in view, none is selected
        // (Enter would follow one out of sight).
        if pick.is_some() || ends {
            view.selected = pick;
        }
    }
}

/// The first row of an issue's heading.
pub fn issue_row(c: &Content, issue: IssueIx) -> Option<usize> {
    c.rows
        .iter()
        .position(|r| matches!(r, Row::Heading { issue: i, .. } if *i == issue))
}

/// Scrolls the view to an issue's heading and selects its first passage
/// (none when the issue's positions cite nothing).
pub fn show_issue(view: &mut SidesView, issue: IssueIx, h: usize) {
    let Some(row) = issue_row(&view.content, issue) else {
        return;
    };
    let next = view.content.rows[row + 1..]
        .iter()
        .position(|r| matches!(r, Row::Heading { issue: i, .. } if *i != issue))
        .map_or(view.content.rows.len(), |n| row + 1 + n);
    view.scroll = row;
    clamp(view, h);
    let scroll = view.scroll;
    view.selected = view.content.links.iter().position(|l| {
        l.first_row >= row && l.first_row < next && l.first_row + l.rows <= scroll + h.max(1)
    });
}

/// Keeps the view's scroll within its rows.
pub fn clamp(view: &mut SidesView, h: usize) {
    view.scroll = view
        .scroll
        .min(view.content.rows.len().saturating_sub(h.max(1)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_issue_says_where_it_stands_under_its_title() {
        let d = crate::bundled::load_bundled();
        for width in [40, 120] {
            let c = build(&d, width);
            for (ix, issue) in d.issues.iter().enumerate() {
                let Some(status) = &issue.status else {
                    continue;
                };
                let heading = c
                    .rows
                    .iter()
                    .rposition(|r| matches!(r, Row::Heading { issue, .. } if issue.0 == ix))
                    .unwrap_or(usize::MAX);
                let shown: String = c.rows[heading + 1..]
                    .iter()
                    .map_while(|r| match r {
                        Row::Status(t) => Some(t.as_str()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                let words = |s: &str| s.split_whitespace().map(str::to_string).collect::<Vec<_>>();
                assert_eq!(
                    words(&shown),
                    words(&format!("Where it stands: {}", status.as_str())),
                    "{}",
                    issue.title
                );
            }
        }
    }

    #[test]
    fn every_position_and_passage_of_the_bundled_dossier_is_in_the_view() {
        let d = crate::bundled::load_bundled();
        for width in [40, 78, 118] {
            let c = build(&d, width);
            let cited: usize = d
                .issues
                .iter()
                .flat_map(|i| &i.positions)
                .map(|p| p.sources.len())
                .sum();
            assert_eq!(c.links.len(), cited, "{width}");
            // Numbered top to bottom, each link's rows naming it.
            for (item, l) in c.links.iter().enumerate() {
                if let Some(prev) = item.checked_sub(1).and_then(|p| c.links.get(p)) {
                    assert!((prev.first_row, prev.column) < (l.first_row, l.column));
                }
                let Some(Row::Cells(cells)) = c.rows.get(l.first_row) else {
                    panic!("no row for link {item}");
                };
                assert_eq!(
                    cells[l.column],
                    Cell::Link {
                        item,
                        part: Part::Head
                    }
                );
            }
            let headings = c
                .rows
                .iter()
                .filter(|r| matches!(r, Row::Heading { .. }))
                .count();
            assert!(headings >= d.issues.len());
            for r in &c.rows {
                if let Row::Cells(cells) = r {
                    for cell in cells {
                        if let Cell::Text { text, .. } = cell {
                            assert!(dossier_core::text::width(text) <= c.column_width, "{text}");
                        }
                    }
                }
            }
        }
    }
}
