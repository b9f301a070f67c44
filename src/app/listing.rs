//! How the left list lays out its rows, shared by drawing and the update so
//! they agree: the timeline's date column as wide as the widest date in
//! view (a column of years is narrow, one with a span is wider), each row's
//! room for its title, and, when the selected entry's title is cut, its full
//! title under the list, which then shows fewer rows.

use std::ops::Range;

use ratatui::layout::Rect;

use dossier_core::content::EntityRef;
use dossier_core::text::{sanitize_line, width};

use super::action::ListKind;
use super::wrap::wrap;
use super::{App, timeline_date};

/// The widest the selection's title takes under the list, in rows.
pub const TITLE_ROWS: usize = 4;

/// The widest an article's outlet is in the articles list.
pub const OUTLET_WIDTH: usize = 12;

impl App {
    /// The list pane's rows of entries: inside its frame, above the
    /// selection's full title when that is shown.
    pub fn list_rows_area(&self) -> Rect {
        let inner = super::layout::inner(self.areas().list);
        let below = self.selection_title().len();
        let below = if below > 0 { below + 1 } else { 0 };
        Rect {
            height: inner
                .height
                .saturating_sub(u16::try_from(below).unwrap_or(u16::MAX))
                .max(1.min(inner.height)),
            ..inner
        }
    }

    /// The selected entry's full title, wrapped to the list's width, when
    /// its row may not show all of it; empty otherwise.
    pub fn selection_title(&self) -> Vec<String> {
        let inner = super::layout::inner(self.areas().list);
        let w = usize::from(inner.width);
        let kind = self.nav.kind();
        let st = self.nav.state(kind);
        let Some(entity) = self.selected_entity() else {
            return Vec::new();
        };
        // The date column of the rows that can show: the actual one is no wider.
        let window = st.offset..st.offset + usize::from(inner.height);
        let room = self.title_room(kind, st.selected, w, window);
        let d = &self.dossier;
        let full = match entity {
            EntityRef::Event(e) => d.events.get(e.0).map(|e| {
                // The widest form of the date with which the whole line
                // fits the rows it may take.
                let forms = e.dating().forms(None);
                let shown = forms
                    .iter()
                    .map(|date| format!("{date} · {}", e.title))
                    .find(|s| wrap(s, w.max(1)).len() <= TITLE_ROWS)
                    .unwrap_or_else(|| format!("{} · {}", e.dating().label(), e.title));
                (e.title.clone(), shown)
            }),
            EntityRef::Issue(i) => d
                .issues
                .get(i.0)
                .map(|i| (i.title.clone(), i.title.clone())),
            EntityRef::Article(a) => d.articles.get(a.0).map(|a| {
                let shown = match &a.outlet {
                    Some(o) => format!("{o}, “{}”", a.title),
                    None => a.title.clone(),
                };
                (a.title.clone(), shown)
            }),
        };
        let Some((title, shown)) = full else {
            return Vec::new();
        };
        let outlet_cut = matches!(entity, EntityRef::Article(a)
            if d.articles.get(a.0).and_then(|a| a.outlet.as_deref())
                .is_some_and(|o| width(o) > OUTLET_WIDTH));
        if width(&title) <= room && !outlet_cut {
            return Vec::new();
        }
        let lines: Vec<Range<usize>> = wrap(&shown, w.max(1));
        let mut out: Vec<String> = lines
            .iter()
            .take(TITLE_ROWS)
            .map(|r| sanitize_line(shown.get(r.clone()).unwrap_or("")).into_owned())
            .collect();
        if lines.len() > TITLE_ROWS
            && let Some(last) = out.last_mut()
        {
            *last = dossier_core::text::truncate(&format!("{last} …"), w);
        }
        out
    }

    /// Width of the timeline's date column for rows `rows` in a list `w`
    /// columns wide: the widest date among them, but never more than two
    /// fifths of the row.
    pub fn date_column(&self, rows: Range<usize>, w: usize) -> usize {
        let widest = rows
            .filter_map(|r| self.lens.event_at(&self.dossier, r))
            .filter_map(|e| self.dossier.events.get(e.0))
            .map(|e| width(&timeline_date(e, self.facts.common_year)))
            .max()
            .unwrap_or(0);
        // Narrow lists (an 80-column screen) keep the column to 11 cells,
        // so every title keeps at least 13: the forms ladder fits any date
        // in 11 cells.
        let cap = if w < 36 {
            (w * 2 / 5).min(11)
        } else {
            w * 2 / 5
        };
        widest.min(cap)
    }

    /// An event's date for a column `dw` wide: the widest of its forms
    /// that fits (see [`dossier_core::content::Dating::forms`]: years shortened,
    /// then the months of a range, then its years), each with its mark;
    /// cut only when even the narrowest does not fit.
    pub fn fit_date(
        e: &dossier_core::content::Event,
        common_year: Option<i32>,
        dw: usize,
    ) -> String {
        let forms = e.dating().forms(common_year);
        forms
            .iter()
            .find(|f| width(f) <= dw)
            .cloned()
            .unwrap_or_else(|| {
                dossier_core::text::truncate(forms.last().map_or("", String::as_str), dw)
            })
    }

    /// The room for the title on row `ix` of a list `w` columns wide (its
    /// frame's inside), with the timeline's dates of rows `window`.
    pub fn title_room(&self, kind: ListKind, ix: usize, w: usize, window: Range<usize>) -> usize {
        // The cursor, and the marks' column while there is something to mark.
        let rest = w.saturating_sub(1 + usize::from(self.has_marks()));
        match kind {
            ListKind::Timeline => {
                let dw = self.date_column(window, rest);
                let disputed = self
                    .lens
                    .event_at(&self.dossier, ix)
                    .and_then(|e| self.dossier.events.get(e.0))
                    .is_some_and(|e| e.disputed.is_some());
                rest.saturating_sub(dw + 3 + if disputed { 2 } else { 0 })
            }
            ListKind::Issues => {
                let count = self.issue_count_width();
                rest.saturating_sub(count + 1)
            }
            ListKind::Articles => {
                let outlet = self
                    .dossier
                    .articles
                    .get(ix)
                    .and_then(|a| a.outlet.as_deref())
                    .map_or(0, |o| width(o).min(OUTLET_WIDTH) + 1);
                rest.saturating_sub(outlet)
            }
        }
    }

    /// Width of the issues list's count column (`14 ev`).
    pub fn issue_count_width(&self) -> usize {
        self.dossier
            .issues
            .iter()
            .map(|i| width(&format!("{} ev", i.events.len())))
            .max()
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::App;

    #[test]
    fn dates_shrink_to_their_column() {
        use dossier_core::content::{Event, EventDate};
        let e = |d: &str| Event::dated("e", "E", EventDate::parse(d).unwrap());
        let fit = |d: &str, w| App::fit_date(&e(d), None, w);
        assert_eq!(fit("2024-04-29", 11), "29 Apr 2024");
        assert_eq!(fit("2024-04-29", 10), "29 Apr ’24");
        assert_eq!(fit("[2024-05-14..2024-07-30]", 30), "14 May–30 Jul 2024↔");
        assert_eq!(fit("[2024-05-14..2024-07-30]", 11), "May–Jul’24↔");
        assert_eq!(fit("[2024-05-14..2024-07-30]", 12), "May–Jul ’24↔");
        assert_eq!(fit("2024-05-10?", 11), "10 May ’24?");
        assert_eq!(fit("2024", 11), "2024, day ?");
        assert_eq!(fit("2024", 30), "2024, day not known");
        assert_eq!(fit("2024", 4), "2024");
    }
}
