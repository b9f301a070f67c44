//! The details pane's content for one entity at one width: rows of wrapped
//! text and rows of links. Built when the selection or the width changes; a
//! link row holds only its link, so long link lists cost nothing to draw.
//! Links inside prose sit in text rows, as ranges of the row's text; they
//! are links of the pane like the others, in reading order.

use std::ops::Range;

use dossier_core::content::{ArticleIx, Dossier, EntityRef, EventIx, IssueIx, Prose, SourceRef};
use dossier_core::search::{Field, Options, find_in};
use dossier_core::text::sanitize_line;

use super::wrap::wrap;

/// The mark of a disputed event (as the timeline shows it).
pub const DISPUTED_MARK: &str = "≠";

/// Width of the label column (`Sources`, `Related`, a side's name).
pub const LABEL_WIDTH: usize = 9;

/// Something the details pane links to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Link {
    Event(EventIx),
    Issue(IssueIx),
    /// An article (named in prose, or naming the shown entry): opens it.
    Article(ArticleIx),
    /// A source of the shown entity: follows to its passage.
    Source(SourceRef),
    /// Who cites the shown article: follows to that event or issue.
    Citer(SourceRef),
}

/// How a line of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Title,
    Meta,
    Body,
    Warning,
    Note,
}

/// Which line of a link this row draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Head,
    /// The quote, on one line cut with `…`, or the first line of it where
    /// quotes wrap (the pane zoomed).
    Quote,
    /// A further line of a wrapped quote, counted from 1.
    QuoteMore(u16),
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Blank,
    /// One wrapped line, already sanitised; the label sits on a group's first line.
    Text {
        label: Option<String>,
        /// Whether the text sits in the column after the labels.
        indented: bool,
        role: Role,
        text: String,
        /// Links in the text: a byte range of `text` and the link's item.
        links: Vec<(Range<usize>, usize)>,
        /// Search matches in the text: a byte range of `text` and the
        /// match's index in [`Content::marks`].
        marks: Vec<(Range<usize>, usize)>,
    },
    /// One line of link `item`; `label` names the group on its first row.
    Link {
        item: usize,
        part: Part,
        label: Option<&'static str>,
    },
}

/// A link and the rows it spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LinkEntry {
    pub link: Link,
    pub first_row: usize,
    pub rows: usize,
}

/// The rows of an entity at a width, and its links.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Content {
    pub rows: Vec<Row>,
    pub links: Vec<LinkEntry>,
    /// Every search match shown, in reading order (see [`Marker`]).
    pub marks: Vec<MarkEntry>,
    /// What to mark, while building.
    marker: Option<Marker>,
    /// The searched field the next text or prose is, while building.
    field: Option<Field>,
    /// The widest date of the events its links name, so that their dates
    /// make one column.
    pub date_width: usize,
    /// Quotes under sources take as many lines as they need (the pane is
    /// zoomed), instead of one cut with `…`.
    pub quotes_wrap: bool,
}

/// A quote as shown under its source, in quotation marks.
pub fn quoted(q: &str) -> String {
    let open = if q.starts_with('“') { "" } else { "“" };
    let close = if q.ends_with('”') { "" } else { "”" };
    format!("{open}{q}{close}")
}

/// How many sources the list `c` belongs to has.
pub fn source_count(d: &Dossier, c: SourceRef) -> usize {
    match c {
        SourceRef::Event(e, _) => d.events.get(e.0).map_or(0, |e| e.sources.len()),
        SourceRef::Issue(i, _) => d.issues.get(i.0).map_or(0, |i| i.sources.len()),
        SourceRef::Position(i, p, _) => d
            .issues
            .get(i.0)
            .and_then(|i| i.positions.get(p))
            .map_or(0, |p| p.sources.len()),
    }
}

/// The columns before a source's quote and note: its number's, right
/// aligned, and a space; two for a citer.
pub fn indent_of(d: &Dossier, link: Link) -> usize {
    match link {
        Link::Source(c) => source_count(d, c).max(1).to_string().len() + 1,
        _ => 2,
    }
}

/// The lines of a link's quote in a link row `width` wide (after the
/// labels' column), as byte ranges
/// of the quoted, sanitised text (which comes with them).
pub fn quote_lines(d: &Dossier, link: Link, width: usize) -> (String, Vec<Range<usize>>) {
    let c = match link {
        Link::Source(c) | Link::Citer(c) => c,
        _ => return (String::new(), Vec::new()),
    };
    let text = d
        .get_source(c)
        .map(|s| sanitize_line(&quoted(&s.quote)).into_owned())
        .unwrap_or_default();
    let room = width.saturating_sub(indent_of(d, link)).max(1);
    let lines = super::wrap::wrap(&text, room);
    (text, lines)
}

/// Gives every quote under a source the lines it needs, shifting the rows
/// of what follows (links, search marks).
fn wrap_quotes(c: &mut Content, d: &Dossier, width: usize) {
    c.quotes_wrap = true;
    for k in (0..c.links.len()).rev() {
        let entry = c.links[k];
        let Some(at) = (entry.first_row..entry.first_row + entry.rows).find(|&r| {
            matches!(
                c.rows.get(r),
                Some(Row::Link {
                    part: Part::Quote,
                    ..
                })
            )
        }) else {
            continue;
        };
        // Link rows are drawn after the labels' column.
        let extra = quote_lines(d, entry.link, width.saturating_sub(LABEL_WIDTH))
            .1
            .len()
            .saturating_sub(1);
        if extra == 0 {
            continue;
        }
        let more = (1..=extra).map(|n| Row::Link {
            item: k,
            part: Part::QuoteMore(u16::try_from(n).unwrap_or(u16::MAX)),
            label: None,
        });
        c.rows.splice(at + 1..at + 1, more);
        c.links[k].rows += extra;
        for later in &mut c.links[k + 1..] {
            later.first_row += extra;
        }
        for m in &mut c.marks {
            if m.row > at {
                m.row += extra;
            }
        }
    }
}

/// What the details mark: the matches of a search's query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub query: String,
    pub options: Options,
}

/// One search match in the details: the field it is in (as search names
/// it) and the row it starts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkEntry {
    pub field: Field,
    pub row: usize,
}

/// `text[range]` sanitised for one row, cut at `cuts` (byte offsets of
/// `text` inside `range`, in any order): the row's text and where each cut
/// went, in the order of `cuts`.
fn sanitized_row(text: &str, range: Range<usize>, cuts: &[usize]) -> (String, Vec<usize>) {
    let mut order: Vec<usize> = (0..cuts.len()).collect();
    order.sort_by_key(|&i| (cuts[i], i));
    let mut out = String::new();
    let mut at = range.start;
    let mut placed = vec![0; cuts.len()];
    for &i in &order {
        let cut = cuts[i].clamp(at, range.end);
        out.push_str(&sanitize_line(text.get(at..cut).unwrap_or("")));
        placed[i] = out.len();
        at = cut;
    }
    out.push_str(&sanitize_line(text.get(at..range.end).unwrap_or("")));
    (out, placed)
}

/// Puts at the top of an entity's details what is new about it since the
/// last visit: that it is new, or what changed (the status before and now).
pub fn note_mark(content: &mut Content, mark: &crate::state::seen::Mark, width: usize) {
    use crate::state::seen::Mark;
    let mut note = Content::default();
    match mark {
        Mark::New => note.text(None, Role::Warning, "New since your last visit", width),
        Mark::Changed(change) => {
            note.text(
                None,
                Role::Warning,
                "Changed since you last read it:",
                width,
            );
            for line in change.lines() {
                note.text(None, Role::Note, &line, width);
            }
        }
    }
    note.rows.push(Row::Blank);
    let shift = note.rows.len();
    for l in &mut content.links {
        l.first_row += shift;
    }
    for m in &mut content.marks {
        // A match never placed on a row (usize::MAX) stays unplaced.
        if m.row != usize::MAX {
            m.row += shift;
        }
    }
    note.rows.append(&mut content.rows);
    content.rows = note.rows;
}

impl Content {
    fn blank(&mut self) {
        if !matches!(self.rows.last(), None | Some(Row::Blank)) {
            self.rows.push(Row::Blank);
        }
    }

    fn text(&mut self, label: Option<&str>, role: Role, text: &str, width: usize) {
        let avail = if label.is_some() {
            width.saturating_sub(LABEL_WIDTH)
        } else {
            width
        };
        let text = reflow(text);
        let text = text.as_str();
        let found = self.matches(text);
        for (n, r) in wrap(text, avail).into_iter().enumerate() {
            let row = self.rows.len();
            let mut cuts = Vec::new();
            let here = self.row_marks(&found, &r, row, &mut cuts);
            let (out, placed) = sanitized_row(text, r, &cuts);
            let marks = here
                .into_iter()
                .enumerate()
                .map(|(k, m)| (placed[2 * k]..placed[2 * k + 1], m))
                .collect();
            self.rows.push(Row::Text {
                label: if n == 0 {
                    label.map(|l| dossier_core::text::truncate(l, LABEL_WIDTH - 1))
                } else {
                    None
                },
                indented: label.is_some(),
                role,
                text: out,
                links: Vec::new(),
                marks,
            });
        }
    }

    /// The search matches in the text of the field being built (set by
    /// [`Content::at`], then spent), each given its index in `marks` and
    /// recorded there with its first row when it is reached.
    fn matches(&mut self, text: &str) -> Vec<(Range<usize>, usize)> {
        let Some(field) = self.field.take() else {
            return Vec::new();
        };
        let Some(m) = &self.marker else {
            return Vec::new();
        };
        let found = find_in(text, &m.query, m.options);
        let first = self.marks.len();
        self.marks.extend(found.iter().map(|_| MarkEntry {
            field,
            row: usize::MAX,
        }));
        found
            .into_iter()
            .enumerate()
            .map(|(k, r)| (r, first + k))
            .collect()
    }

    /// The matches that touch row `row` (byte range `r` of the text), cut
    /// to it; their bounds are appended to `cuts` in order.
    fn row_marks(
        &mut self,
        found: &[(Range<usize>, usize)],
        r: &Range<usize>,
        row: usize,
        cuts: &mut Vec<usize>,
    ) -> Vec<usize> {
        let mut here = Vec::new();
        for (range, m) in found {
            let (start, end) = (range.start.max(r.start), range.end.min(r.end));
            if start >= end {
                continue;
            }
            if let Some(entry) = self.marks.get_mut(*m)
                && entry.row == usize::MAX
            {
                entry.row = row;
            }
            cuts.push(start);
            cuts.push(end);
            here.push(*m);
        }
        here
    }

    /// The next text or prose built is this searched field.
    fn at(&mut self, field: Field) {
        self.field = Some(field);
    }

    /// Prose, wrapped like [`Content::text`], its links registered as links
    /// of the pane in reading order.
    fn prose(&mut self, label: Option<&str>, role: Role, prose: &Prose, width: usize) {
        let avail = if label.is_some() {
            width.saturating_sub(LABEL_WIDTH)
        } else {
            width
        };
        let prose = prose.reflowed();
        let text = prose.as_str();
        let first_item = self.links.len();
        for l in prose.links() {
            self.links.push(LinkEntry {
                link: Link::to(l.target),
                first_row: self.rows.len(),
                rows: 0,
            });
        }
        let found = self.matches(text);
        for (n, r) in wrap(text, avail).into_iter().enumerate() {
            let row = self.rows.len();
            // Cut where links and matches start and end, in order.
            let mut cuts = Vec::new();
            let here = self.row_marks(&found, &r, row, &mut cuts);
            let mark_cuts = cuts.len();
            let mut row_links = Vec::new();
            for (k, l) in prose.links().iter().enumerate() {
                let (start, end) = (l.range.start.max(r.start), l.range.end.min(r.end));
                if start >= end {
                    continue;
                }
                cuts.push(start);
                cuts.push(end);
                row_links.push(first_item + k);
                if let Some(entry) = self.links.get_mut(first_item + k) {
                    if entry.rows == 0 {
                        entry.first_row = row;
                    }
                    entry.rows = row + 1 - entry.first_row;
                }
            }
            let (out, placed) = sanitized_row(text, r, &cuts);
            let marks = here
                .into_iter()
                .enumerate()
                .map(|(k, m)| (placed[2 * k]..placed[2 * k + 1], m))
                .collect();
            let links = row_links
                .into_iter()
                .enumerate()
                .map(|(k, item)| {
                    let c = mark_cuts + 2 * k;
                    (placed[c]..placed[c + 1], item)
                })
                .collect();
            self.rows.push(Row::Text {
                label: if n == 0 {
                    label.map(|l| dossier_core::text::truncate(l, LABEL_WIDTH - 1))
                } else {
                    None
                },
                indented: label.is_some(),
                role,
                text: out,
                links,
                marks,
            });
        }
    }

    fn links(&mut self, label: &'static str, links: impl IntoIterator<Item = (Link, bool)>) {
        self.link_rows(Some(label), true, links);
    }

    /// Link rows; `label` names the group on its first row, and a blank row
    /// comes before the group when `spaced`.
    fn link_rows(
        &mut self,
        label: Option<&'static str>,
        spaced: bool,
        links: impl IntoIterator<Item = (Link, bool)>,
    ) {
        let mut first = true;
        for (link, with_note) in links {
            if first && spaced {
                self.blank();
            }
            let item = self.links.len();
            let first_row = self.rows.len();
            let mut parts = vec![Part::Head];
            if matches!(link, Link::Source(_) | Link::Citer(_)) {
                parts.push(Part::Quote);
            }
            if with_note {
                parts.push(Part::Note);
            }
            for (n, part) in parts.iter().enumerate() {
                self.rows.push(Row::Link {
                    item,
                    part: *part,
                    label: label.filter(|_| first && n == 0),
                });
            }
            self.links.push(LinkEntry {
                link,
                first_row,
                rows: parts.len(),
            });
            first = false;
        }
    }

    /// The first link that is a source, else the first link.
    /// (A link in prose counts as any other.)
    pub fn default_link(&self) -> Option<usize> {
        self.links
            .iter()
            .position(|l| matches!(l.link, Link::Source(_) | Link::Citer(_)))
            .or(if self.links.is_empty() { None } else { Some(0) })
    }
}

impl Link {
    /// The link to an entry.
    pub fn to(entry: EntityRef) -> Link {
        match entry {
            EntityRef::Event(e) => Link::Event(e),
            EntityRef::Issue(i) => Link::Issue(i),
            EntityRef::Article(a) => Link::Article(a),
        }
    }
}

impl Content {
    /// What names the entry in its prose (a label short enough for the
    /// label column).
    fn mentions(&mut self, d: &Dossier, entry: EntityRef) {
        let list = d.mentioned_by(entry);
        self.links("Named in", list.iter().map(|&m| (Link::to(m), false)));
    }
}

/// The details of an entity at a width.
pub fn build(d: &Dossier, entity: EntityRef, width: usize) -> Content {
    build_marked(d, entity, width, None)
}

/// [`build_marked`], with quotes that take the lines they need when
/// `wrap` (the pane zoomed).
pub fn build_zoomed(
    d: &Dossier,
    entity: EntityRef,
    width: usize,
    marker: Option<Marker>,
    wrap: bool,
) -> Content {
    let mut c = build_marked(d, entity, width, marker);
    if wrap {
        wrap_quotes(&mut c, d, width);
    }
    c
}

/// The details of an entity at a width, the matches of `marker` marked.
pub fn build_marked(
    d: &Dossier,
    entity: EntityRef,
    width: usize,
    marker: Option<Marker>,
) -> Content {
    let mut c = Content {
        marker: marker.filter(|m| !m.query.is_empty()),
        ..Content::default()
    };
    build_into(&mut c, d, entity, width);
    c.note_marks(d);
    c.marker = None;
    c.date_width = c
        .links
        .iter()
        .filter_map(|l| match l.link {
            Link::Event(e) | Link::Citer(SourceRef::Event(e, _)) => d.events.get(e.0),
            _ => None,
        })
        .map(|e| dossier_core::text::width(&super::timeline_date(e, None)))
        .max()
        .unwrap_or(0);
    c
}

/// What is said of an entry a preview has not read whole yet.
pub const BEING_READ: &str = "Being read: its text, links and sources come once the dossier is read (the status line counts the files).";

/// The details of an entry a preview has not read whole: what its row
/// shows (its dates and kind, its title), and that the rest is coming.
pub fn build_pending(d: &Dossier, entity: EntityRef, width: usize) -> Content {
    let mut c = Content::default();
    let title = match entity {
        EntityRef::Event(ix) => d.events.get(ix.0).map(|e| {
            let when = format!("{} · {}", e.dating().label(), e.kind.name());
            c.text(None, Role::Meta, &when, width);
            e.title.as_str()
        }),
        EntityRef::Issue(ix) => d.issues.get(ix.0).map(|i| {
            let touched = dossier_core::text::count(i.events.len(), "event");
            c.text(None, Role::Meta, &format!("Touched by {touched}"), width);
            i.title.as_str()
        }),
        EntityRef::Article(ix) => d.articles.get(ix.0).map(|a| {
            let outlet = a.outlet.as_deref().unwrap_or("Outlet not known");
            let meta = match a.published {
                Some(p) => format!("{outlet} · {p}"),
                None => outlet.to_string(),
            };
            c.text(None, Role::Meta, &meta, width);
            a.title.as_str()
        }),
    };
    if let Some(title) = title {
        c.at(Field::Title);
        c.text(None, Role::Title, title, width);
        c.blank();
        c.text(None, Role::Note, BEING_READ, width);
    }
    c
}

fn build_into(c: &mut Content, d: &Dossier, entity: EntityRef, width: usize) {
    match entity {
        EntityRef::Event(ix) => {
            let Some(e) = d.events.get(ix.0) else {
                return;
            };
            let dating = e.dating();
            let when = format!("{} · {}", dating.label(), e.kind.name());
            c.text(None, Role::Meta, &when, width);
            c.at(Field::Title);
            c.text(None, Role::Title, &e.title, width);
            c.blank();
            c.at(Field::Summary);
            c.prose(None, Role::Body, &e.summary, width);
            if let Some(disputed) = &e.disputed {
                c.blank();
                c.text(
                    None,
                    Role::Warning,
                    &format!("{DISPUTED_MARK} Disputed: the sources disagree"),
                    width,
                );
                c.at(Field::Disputed);
                c.prose(None, Role::Body, disputed, width);
            }
            // In words, what is known of the day, when it is not simply a
            // known day, a span, a month or a year.
            if dating.mark().is_some() || e.bounds.day_unknown || e.weekday.is_some() {
                c.blank();
                c.text(Some("When"), Role::Note, &dating.words(), width);
            }
            if let Some(note) = &e.date_note {
                c.blank();
                c.at(Field::DateNote);
                c.prose(Some("Date"), Role::Note, note, width);
            }
            c.links("After", e.after.iter().map(|&a| (Link::Event(a), false)));
            c.links("Before", e.before.iter().map(|&a| (Link::Event(a), false)));
            c.links("Issues", e.issues.iter().map(|&i| (Link::Issue(i), false)));
            c.links(
                "Sources",
                e.sources
                    .iter()
                    .enumerate()
                    .map(|(n, s)| (Link::Source(SourceRef::Event(ix, n)), s.note.is_some())),
            );
            c.mentions(d, entity);
        }
        EntityRef::Issue(ix) => {
            let Some(i) = d.issues.get(ix.0) else {
                return;
            };
            c.at(Field::Title);
            c.text(None, Role::Title, &i.title, width);
            if let Some(status) = &i.status {
                c.at(Field::Status);
                c.prose(Some("Status"), Role::Meta, status, width);
            }
            c.blank();
            c.at(Field::Summary);
            c.prose(None, Role::Body, &i.summary, width);
            if !i.positions.is_empty() {
                c.blank();
                for (p, position) in i.positions.iter().enumerate() {
                    let side = capitalise(&position.side);
                    c.at(Field::Position(p));
                    c.prose(Some(&side), Role::Body, &position.text, width);
                    // The passages a position cites, right under it.
                    c.link_rows(
                        None,
                        false,
                        position.sources.iter().enumerate().map(|(n, s)| {
                            (
                                Link::Source(SourceRef::Position(ix, p, n)),
                                s.note.is_some(),
                            )
                        }),
                    );
                }
            }
            c.links(
                "Related",
                i.related.iter().map(|&r| (Link::Issue(r), false)),
            );
            c.links("Events", i.events.iter().map(|&e| (Link::Event(e), false)));
            c.links(
                "Sources",
                i.sources
                    .iter()
                    .enumerate()
                    .map(|(n, s)| (Link::Source(SourceRef::Issue(ix, n)), s.note.is_some())),
            );
            c.mentions(d, entity);
        }
        EntityRef::Article(ix) => {
            let Some(a) = d.articles.get(ix.0) else {
                return;
            };
            c.at(Field::Title);
            c.text(None, Role::Title, &a.title, width);
            let mut meta = a
                .outlet
                .clone()
                .unwrap_or_else(|| "Outlet not known".into());
            if let Some(p) = a.published {
                meta.push_str(&format!(" · {p}"));
            }
            c.text(None, Role::Meta, &meta, width);
            if let Some(by) = &a.byline {
                c.text(Some("By"), Role::Meta, by, width);
            }
            if let Some(url) = &a.url {
                c.text(Some("URL"), Role::Meta, url, width);
            }
            if let Some(note) = &a.note {
                c.blank();
                c.at(Field::Note);
                c.prose(Some("Note"), Role::Note, note, width);
            }
            c.links(
                "Cited by",
                a.cited_by.iter().map(|&citer| (Link::Citer(citer), false)),
            );
            c.mentions(d, entity);
        }
    }
}

impl Content {
    /// Marks for the matches in the notes of sources, which show on their
    /// link's last row.
    fn note_marks(&mut self, d: &Dossier) {
        let Some(m) = &self.marker else {
            return;
        };
        for entry in &self.links {
            let (Link::Source(c), true) = (entry.link, entry.rows == 3) else {
                continue;
            };
            let Some(note) = d.get_source(c).and_then(|s| s.note.as_deref()) else {
                continue;
            };
            let field = match c {
                SourceRef::Event(_, n) | SourceRef::Issue(_, n) => Field::SourceNote(n),
                SourceRef::Position(_, p, n) => Field::PositionSourceNote(p, n),
            };
            let row = entry.first_row + entry.rows - 1;
            let n = find_in(note, &m.query, m.options).len();
            self.marks
                .extend(std::iter::repeat_n(MarkEntry { field, row }, n));
        }
    }

    /// The mark of the `k`-th match in `field` (counted from 0), if shown.
    pub fn mark_of(&self, field: Field, k: usize) -> Option<usize> {
        self.marks
            .iter()
            .enumerate()
            .filter(|(_, m)| m.field == field)
            .nth(k)
            .map(|(i, _)| i)
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Curators' prose as one paragraph per blank-line-separated block: the line
/// breaks of a TOML multi-line string are for the file, not the reader.
fn reflow(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|para| para.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|para| !para.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod reflow_tests {
    use super::reflow;

    #[test]
    fn joins_lines_and_keeps_paragraphs() {
        assert_eq!(
            reflow("  one\ntwo  three\n\n\nfour\n"),
            "one two three\n\nfour"
        );
        assert_eq!(reflow("\n\n"), "");
    }
}
