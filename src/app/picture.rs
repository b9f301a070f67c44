//! The timeline as a picture: the events the list shows (under the same
//! filter, in the same order, with the same selection) drawn on a date axis,
//! one row per issue and one for events with no issue, so the shape of the
//! talks shows before a line is read.
//!
//! The picture's cells are computed here, in the update, whenever what they
//! depend on changes (the filter, the size, the zoom, the axis's first day,
//! the dossier); a frame only copies them, and draws the selected event's
//! cells over them. Each mark is one of:
//!
//! - a known day: the event's kind glyph (as in the list), at its day;
//! - a span (`date` to `end`): a bar `━` from start to end, the kind glyph
//!   at its start;
//! - one day within bounds, a month or a year: a light range `┄` over the
//!   days it can be, with no point;
//! - an uncertain, approximate or derived day: `◌` at its day;
//! - several points in one cell: how many (`2`…`9`, `+` for more).
//!
//! Deadlines are vertical lines `┊` across the rows, labelled over the rows;
//! today (from the reader's clock) is a line `│`. Events whose day is not
//! known are drawn in a band of their own under the rows, by year, not on
//! the axis; events wholly outside the axis are counted at its ends.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use chrono::{Datelike, Days, NaiveDate};

use dossier_core::content::{Event, IssueIx, Kind};

/// Below this inside the pane, the picture says it needs more room.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 4;

/// The fewest and most days a column can stand for.
const MIN_PER_COL: f64 = 0.125;
const MAX_PER_COL: f64 = 3650.0;

/// The picture's state: whether it is shown, its zoom and first day (none:
/// fitted to the dated events), its rows' scroll, and its computed cells.
#[derive(Debug, Clone, Default)]
pub struct Picture {
    /// Shown in the list's place while the timeline is the list.
    pub on: bool,
    /// Days per column, when zoomed; `None` fits the dated events.
    pub per_col: Option<f64>,
    /// The axis's first day, when zoomed or moved.
    pub from: Option<NaiveDate>,
    /// The first issue row shown.
    pub scroll: usize,
    /// The cells, for the size and state they were made for.
    pub model: Option<Model>,
    key: u64,
}

/// What a cell shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Nothing: the axis's background.
    Empty,
    /// A known day.
    Point,
    /// An uncertain, approximate or derived day.
    Uncertain,
    /// A span's bar.
    Span,
    /// The days one day within bounds can be.
    Range,
    /// Several points in one cell.
    Count,
    /// A deadline's line.
    Deadline,
    /// Today's line.
    Today,
}

/// One cell of the picture: its character, what it shows, and the event it
/// belongs to (its row in the timeline list), for the mouse and the
/// selection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub ch: char,
    pub class: Class,
    pub event: Option<u32>,
}

const EMPTY: Cell = Cell {
    ch: ' ',
    class: Class::Empty,
    event: None,
};

/// A row of the picture: its label and its cells across the axis.
#[derive(Debug, Clone)]
pub struct PicRow {
    pub label: String,
    pub cells: Vec<Cell>,
}

/// The picture for one size and state.
#[derive(Debug, Clone)]
pub struct Model {
    /// The inside of the pane it was made for.
    pub width: u16,
    pub height: u16,
    /// Columns of the row labels, then one space, then the axis.
    pub label_w: usize,
    pub axis_w: usize,
    /// The axis's first day and the days a column stands for.
    pub from: NaiveDate,
    pub per_col: f64,
    /// What the axis's labels count: `days`, `weeks`, `months`, `years`.
    pub unit: &'static str,
    /// Labels over the axis, at their columns.
    pub labels: Vec<(usize, String)>,
    /// Tick columns.
    pub ticks: Vec<usize>,
    /// Labels of deadlines and today, at their columns.
    pub marks: Vec<(usize, String, Class)>,
    /// One row per issue with an event shown, then one for events with no issue.
    pub rows: Vec<PicRow>,
    /// Events whose day is not known: one row per year, the events in order.
    pub band: Vec<PicRow>,
    /// Events wholly before and after the axis, with the years they are in.
    pub before: (usize, String),
    pub after: (usize, String),
    /// Cells that hold several points.
    pub aggregated: usize,
    /// Each list row's cells: (row of `rows`, or `rows.len() + k` for the
    /// band's row k; first column; last column), in the axis's columns (the
    /// band's in its own).
    pub cells_of: Vec<Vec<(usize, usize, usize)>>,
    /// Not enough room: what to say instead.
    pub too_small: Option<String>,
}

impl Model {
    /// Rows above the issue rows: labels over the axis, the ticks, and a row
    /// for deadline labels when there are any.
    pub fn header_rows(&self) -> usize {
        2 + usize::from(!self.marks.is_empty())
    }

    /// How many issue rows show at once.
    pub fn rows_in_view(&self) -> usize {
        usize::from(self.height)
            .saturating_sub(self.header_rows() + self.band.len())
            .max(1)
    }

    /// The day column `c` starts at.
    pub fn day_at(&self, c: usize) -> NaiveDate {
        add_days(self.from, (c as f64 * self.per_col).floor() as i64)
    }

    /// The column of a day, which may lie outside the axis.
    pub fn col(&self, d: NaiveDate) -> i64 {
        ((d - self.from).num_days() as f64 / self.per_col).floor() as i64
    }
}

fn add_days(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

/// Where an event is drawn: its first and last day on the axis, and how.
fn extent(e: &Event) -> (NaiveDate, NaiveDate, Class) {
    let dating = e.dating();
    let b = &e.bounds;
    if let Some(end) = e.end {
        return (b.earliest, end.last_date().max(b.earliest), Class::Span);
    }
    if b.earliest < b.latest {
        return (b.earliest, b.latest, Class::Range);
    }
    if dating.mark().is_some() {
        (b.earliest, b.earliest, Class::Uncertain)
    } else {
        (b.earliest, b.earliest, Class::Point)
    }
}

/// The days the first view fits: the events whose own date says more than
/// a year (a day, a month, a span, a range), from the first day of each to
/// its last, so that events known by their year alone, related or not, do
/// not flatten the months where the talks happened; those alone when there
/// is nothing else.
fn fit(events: &[&Event]) -> Option<(NaiveDate, NaiveDate)> {
    let dated: Vec<&&Event> = events
        .iter()
        .filter(|e| !(e.bounds.day_unknown || (e.end.is_none() && e.date.is_year_alone())))
        .collect();
    let pool: Vec<&&Event> = if dated.is_empty() {
        events.iter().filter(|e| !e.bounds.day_unknown).collect()
    } else {
        dated
    };
    let lo = pool.iter().map(|e| extent(e).0).min()?;
    let hi = pool.iter().map(|e| extent(e).1).max()?;
    Some((lo, hi))
}

/// The glyph of a kind, as the list shows it.
fn glyph(kind: Kind) -> char {
    crate::ui::theme::glyph(kind).chars().next().unwrap_or('•')
}

/// The key of what the cells depend on.
fn key(app: &super::App, width: u16, height: u16) -> u64 {
    let mut h = DefaultHasher::new();
    let d = app.dossier();
    (d.events.as_ptr() as usize, d.events.len()).hash(&mut h);
    (width, height).hash(&mut h);
    app.picture.per_col.map(f64::to_bits).hash(&mut h);
    app.picture.from.hash(&mut h);
    app.picture.scroll.hash(&mut h);
    app.lens().issues.hash(&mut h);
    app.lens().kind.hash(&mut h);
    app.lens().disputed.hash(&mut h);
    app.today.hash(&mut h);
    h.finish()
}

/// Makes the cells again when what they depend on changed, first bringing
/// the selected event into view (the axis moves to it, the rows scroll to
/// its first row).
pub fn refresh(app: &mut super::App) {
    if !app.picture.on || app.nav.kind() != super::ListKind::Timeline {
        return;
    }
    let area = super::layout::inner(app.areas().list);
    if area.width == 0 || area.height == 0 {
        return;
    }
    for _ in 0..2 {
        let k = key(app, area.width, area.height);
        if app.picture.model.is_none() || app.picture.key != k {
            app.picture.model = Some(build(app, area.width, area.height));
            app.picture.key = k;
        }
        if !follow_selection(app) {
            break;
        }
    }
}

/// Moves the axis or scrolls the rows so the selected event shows; true
/// when anything moved.
fn follow_selection(app: &mut super::App) -> bool {
    let Some(m) = &app.picture.model else {
        return false;
    };
    if m.too_small.is_some() {
        return false;
    }
    let row = app.nav.state(super::ListKind::Timeline).selected;
    let Some(e) = app
        .lens()
        .event_at(app.dossier(), row)
        .and_then(|e| app.dossier().events.get(e.0))
    else {
        return false;
    };
    if e.bounds.day_unknown {
        return false;
    }
    let (first, last, _) = extent(e);
    let (c0, c1) = (m.col(first), m.col(last));
    let mut moved = false;
    if c1 < 0 || c0 >= m.axis_w as i64 {
        // Centre the event, keeping the zoom.
        let half = (m.axis_w as f64 * m.per_col / 2.0) as i64;
        let mid = first + chrono::Duration::days((last - first).num_days() / 2);
        app.picture.per_col = Some(m.per_col);
        app.picture.from = Some(add_days(mid, -half));
        moved = true;
    }
    if let Some(cells) = m.cells_of.get(row)
        && let Some(&(r, _, _)) = cells.iter().find(|c| c.0 < m.rows.len())
    {
        let view = m.rows_in_view();
        let scroll = app.picture.scroll;
        if r < scroll {
            app.picture.scroll = r;
            moved = true;
        } else if r >= scroll + view {
            app.picture.scroll = r + 1 - view;
            moved = true;
        }
    }
    moved
}

/// Zooms in (`true`) or out around the selected event.
pub fn zoom(app: &mut super::App, zoom_in: bool) {
    let Some(m) = app.picture.model.clone() else {
        return;
    };
    let per_col = if zoom_in {
        m.per_col / 2.0
    } else {
        m.per_col * 2.0
    }
    .clamp(MIN_PER_COL, MAX_PER_COL);
    // The selected event's start stays where it is on the screen.
    let row = app.nav.state(super::ListKind::Timeline).selected;
    let centre = app
        .lens()
        .event_at(app.dossier(), row)
        .and_then(|e| app.dossier().events.get(e.0))
        .filter(|e| !e.bounds.day_unknown)
        .map(|e| extent(e).0)
        .unwrap_or_else(|| m.day_at(m.axis_w / 2));
    let col = m.col(centre).clamp(0, m.axis_w as i64) as f64;
    app.picture.per_col = Some(per_col);
    app.picture.from = Some(add_days(centre, -((col * per_col) as i64)));
    refresh(app);
}

fn build(app: &super::App, width: u16, height: u16) -> Model {
    let d = app.dossier();
    let lens = app.lens();
    let n = lens.len(d);
    let shown: Vec<&Event> = (0..n)
        .filter_map(|r| lens.event_at(d, r))
        .filter_map(|e| d.events.get(e.0))
        .collect();
    let w = usize::from(width);
    // Row labels: the issues' titles, cut, on a column a fifth of the width.
    let mut issue_rows: Vec<IssueIx> = Vec::new();
    let mut seen = vec![false; d.issues.len()];
    let mut no_issue = false;
    for e in shown.iter().filter(|e| !e.bounds.day_unknown) {
        if e.issues.is_empty() {
            no_issue = true;
        }
        for &i in &e.issues {
            if let Some(s) = seen.get_mut(i.0)
                && !*s
            {
                *s = true;
            }
        }
    }
    for (i, s) in seen.iter().enumerate() {
        if *s {
            issue_rows.push(IssueIx(i));
        }
    }
    let widest = issue_rows
        .iter()
        .filter_map(|i| d.issues.get(i.0))
        .map(|i| dossier_core::text::width(&i.title))
        .chain(std::iter::once(if no_issue { 8 } else { 0 }))
        .chain(std::iter::once(13))
        .max()
        .unwrap_or(13);
    let label_w = widest.min(w / 5).max(6);
    let axis_w = w.saturating_sub(label_w + 1);
    let (lo, hi) = fit(&shown).unwrap_or_else(|| {
        let today = app.today.unwrap_or_default();
        (today, today)
    });
    let per_col = app.picture.per_col.unwrap_or_else(|| {
        let days = (hi - lo).num_days().max(14) as f64;
        // A margin of a twentieth each side.
        (days * 1.1 / axis_w.max(1) as f64).clamp(MIN_PER_COL, MAX_PER_COL)
    });
    let from = app.picture.from.unwrap_or_else(|| {
        let margin = ((axis_w as f64 * per_col) - (hi - lo).num_days() as f64) / 2.0;
        add_days(lo, -(margin.max(0.0) as i64))
    });
    let mut m = Model {
        width,
        height,
        label_w,
        axis_w,
        from,
        per_col,
        unit: "",
        labels: Vec::new(),
        ticks: Vec::new(),
        marks: Vec::new(),
        rows: Vec::new(),
        band: Vec::new(),
        before: (0, String::new()),
        after: (0, String::new()),
        aggregated: 0,
        cells_of: vec![Vec::new(); n],
        too_small: None,
    };
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        m.too_small = Some(format!(
            "The picture needs {MIN_WIDTH}×{MIN_HEIGHT} cells here, it has {width}×{height}"
        ));
        return m;
    }
    axis(&mut m);

    // Deadlines and today.
    for e in &shown {
        if e.kind == Kind::Deadline && !e.bounds.day_unknown {
            let c = m.col(e.bounds.earliest);
            if (0..axis_w as i64).contains(&c) {
                m.marks.push((
                    c as usize,
                    format!("⚑ {}", short_day(e.bounds.earliest)),
                    Class::Deadline,
                ));
            }
        }
    }
    if let Some(t) = app.today {
        let c = m.col(t);
        if (0..axis_w as i64).contains(&c) {
            m.marks
                .push((c as usize, "today".to_string(), Class::Today));
        }
    }
    m.marks.sort_by_key(|x| x.0);

    // The rows, with the deadlines' and today's lines.
    let line = |cells: &mut Vec<Cell>, marks: &[(usize, String, Class)]| {
        for (c, _, class) in marks {
            if let Some(cell) = cells.get_mut(*c) {
                *cell = Cell {
                    ch: if *class == Class::Today { '│' } else { '┊' },
                    class: *class,
                    event: None,
                };
            }
        }
    };
    let row_of_issue: std::collections::HashMap<IssueIx, usize> = issue_rows
        .iter()
        .enumerate()
        .map(|(k, &i)| (i, k))
        .collect();
    for &i in &issue_rows {
        let title = d.issues.get(i.0).map_or("", |x| x.title.as_str());
        let mut cells = vec![EMPTY; axis_w];
        line(&mut cells, &m.marks);
        m.rows.push(PicRow {
            label: dossier_core::text::sanitize_line(title).into_owned(),
            cells,
        });
    }
    let none_row = no_issue.then(|| {
        let mut cells = vec![EMPTY; axis_w];
        line(&mut cells, &m.marks);
        m.rows.push(PicRow {
            label: "No issue".to_string(),
            cells,
        });
        m.rows.len() - 1
    });

    // Bars and ranges first, points over them.
    let mut before: Vec<i32> = Vec::new();
    let mut after: Vec<i32> = Vec::new();
    for pass in [false, true] {
        for (r, e) in shown.iter().enumerate() {
            if e.bounds.day_unknown {
                continue;
            }
            let (first, last, class) = extent(e);
            let point = matches!(class, Class::Point | Class::Uncertain);
            if point != pass {
                continue;
            }
            let (c0, c1) = (m.col(first), m.col(last));
            if c1 < 0 || c0 >= axis_w as i64 {
                if pass || !point {
                    if c1 < 0 {
                        before.push(last.year());
                    } else {
                        after.push(first.year());
                    }
                }
                continue;
            }
            let (a, b) = (c0.max(0) as usize, (c1.min(axis_w as i64 - 1)) as usize);
            let rows: Vec<usize> = if e.issues.is_empty() {
                none_row.into_iter().collect()
            } else {
                e.issues
                    .iter()
                    .filter_map(|i| row_of_issue.get(i).copied())
                    .collect()
            };
            for row in rows {
                let Some(pr) = m.rows.get_mut(row) else {
                    continue;
                };
                if let Some(v) = m.cells_of.get_mut(r) {
                    v.push((row, a, b));
                }
                let me = Some(r as u32);
                match class {
                    Class::Span | Class::Range => {
                        for (k, cell) in pr.cells.iter_mut().enumerate().take(b + 1).skip(a) {
                            let ch = if class == Class::Range {
                                '┄'
                            } else if k == a && c0 >= 0 {
                                glyph(e.kind)
                            } else {
                                '━'
                            };
                            *cell = Cell {
                                ch,
                                class,
                                event: me,
                            };
                        }
                    }
                    _ => {
                        if let Some(cell) = pr.cells.get_mut(a) {
                            *cell = match cell.class {
                                Class::Point | Class::Uncertain => {
                                    m.aggregated += 1;
                                    Cell {
                                        ch: '2',
                                        class: Class::Count,
                                        event: me,
                                    }
                                }
                                Class::Count => Cell {
                                    ch: match cell.ch {
                                        '2'..='8' => (cell.ch as u8 + 1) as char,
                                        _ => '+',
                                    },
                                    class: Class::Count,
                                    event: cell.event,
                                },
                                _ => Cell {
                                    ch: if class == Class::Uncertain {
                                        '◌'
                                    } else {
                                        glyph(e.kind)
                                    },
                                    class,
                                    event: me,
                                },
                            };
                        }
                    }
                }
            }
        }
    }
    m.before = (before.len(), years(&before));
    m.after = (after.len(), years(&after));

    // The band: events whose day is not known, by year, in the list's order.
    let mut years_band: Vec<(i32, Vec<usize>)> = Vec::new();
    for (r, e) in shown.iter().enumerate() {
        if !e.bounds.day_unknown {
            continue;
        }
        let y = e.date.from.get_year();
        match years_band.iter_mut().find(|(yy, _)| *yy == y) {
            Some((_, v)) => v.push(r),
            None => years_band.push((y, vec![r])),
        }
    }
    for (y, rows) in years_band {
        let k = m.rows.len() + m.band.len();
        let mut cells = vec![EMPTY; axis_w];
        for (j, &r) in rows.iter().enumerate() {
            let c = j * 2;
            if let (Some(cell), Some(e)) = (cells.get_mut(c), shown.get(r)) {
                *cell = Cell {
                    ch: glyph(e.kind),
                    class: Class::Point,
                    event: Some(r as u32),
                };
                if let Some(v) = m.cells_of.get_mut(r) {
                    v.push((k, c, c));
                }
            } else if let Some(v) = m.cells_of.get_mut(r) {
                // More than the band's width: counted on its last cell.
                let last = axis_w.saturating_sub(1);
                v.push((k, last, last));
                if let Some(cell) = cells.get_mut(last) {
                    *cell = Cell {
                        ch: '+',
                        class: Class::Count,
                        event: Some(r as u32),
                    };
                }
            }
        }
        m.band.push(PicRow {
            label: format!("{y}, day ?"),
            cells,
        });
    }
    m
}

/// `2023` or `2023–2024` for the years of events outside the axis.
fn years(ys: &[i32]) -> String {
    match (ys.iter().min(), ys.iter().max()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) => format!("{a}–{b}"),
        _ => String::new(),
    }
}

fn short_day(d: NaiveDate) -> String {
    let s = dossier_core::content::date::format_day(d);
    s.rsplit_once(' ').map_or(s.clone(), |(h, _)| h.to_string())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The axis's ticks and labels, in the unit the zoom calls for.
fn axis(m: &mut Model) {
    let w = m.axis_w;
    let last = m.day_at(w);
    let mut ticks: Vec<(NaiveDate, String)> = Vec::new();
    let per = m.per_col;
    if per <= 0.6 {
        m.unit = "days";
        let step = if per <= 0.2 { 1 } else { 2 };
        let mut d = m.from;
        while d <= last {
            if d.day() == 1 || (d.day() - 1).is_multiple_of(step) {
                let label = if d.day() == 1 || ticks.is_empty() {
                    format!("{} {}", d.day(), MONTHS[d.month0() as usize])
                } else {
                    d.day().to_string()
                };
                ticks.push((d, label));
            }
            d = add_days(d, 1);
        }
    } else if per <= 3.0 {
        m.unit = "weeks";
        let mut d = add_days(
            m.from,
            i64::from((7 - m.from.weekday().num_days_from_monday()) % 7),
        );
        while d <= last {
            ticks.push((d, format!("{} {}", d.day(), MONTHS[d.month0() as usize])));
            d = add_days(d, 7);
        }
    } else if per <= 20.0 {
        m.unit = "months";
        let mut d = NaiveDate::from_ymd_opt(m.from.year(), m.from.month(), 1).unwrap_or(m.from);
        if d < m.from {
            d = d.checked_add_months(chrono::Months::new(1)).unwrap_or(last);
        }
        while d <= last {
            let label = if d.month() == 1 || ticks.is_empty() {
                format!("{} {}", MONTHS[d.month0() as usize], d.year())
            } else {
                MONTHS[d.month0() as usize].to_string()
            };
            ticks.push((d, label));
            match d.checked_add_months(chrono::Months::new(1)) {
                Some(n) => d = n,
                None => break,
            }
        }
    } else {
        m.unit = "years";
        let step = if per <= 120.0 { 1 } else { 10 };
        let mut y = m.from.year() + 1;
        while let Some(d) = NaiveDate::from_ymd_opt(y, 1, 1)
            && d <= last
        {
            if y.rem_euclid(step) == 0 {
                ticks.push((d, y.to_string()));
            }
            y += 1;
        }
    }
    let mut next_free = 0;
    for (d, label) in ticks {
        let c = m.col(d);
        if !(0..w as i64).contains(&c) {
            continue;
        }
        let c = c as usize;
        m.ticks.push(c);
        let lw = dossier_core::text::width(&label);
        if c >= next_free && c + lw <= w {
            m.labels.push((c, label));
            next_free = c + lw + 1;
        }
    }
}

/// The list row of the event drawn at a cell of the picture (inside the
/// pane, from its top left), or the nearest one on that row within two
/// columns.
pub fn event_at_cell(m: &Model, scroll: usize, x: usize, y: usize) -> Option<usize> {
    let header = m.header_rows();
    let view = m.rows_in_view();
    let ax = x.checked_sub(m.label_w + 1)?;
    let row = y.checked_sub(header)?;
    let cells = if row < view.min(m.rows.len().saturating_sub(scroll)) {
        &m.rows.get(scroll + row)?.cells
    } else {
        let band = row.checked_sub(view.min(m.rows.len().saturating_sub(scroll)))?;
        &m.band.get(band)?.cells
    };
    (0..=2)
        .flat_map(|k| [ax.checked_sub(k), Some(ax + k)])
        .flatten()
        .find_map(|c| cells.get(c).and_then(|cell| cell.event))
        .map(|e| e as usize)
}
