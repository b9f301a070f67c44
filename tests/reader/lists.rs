//! The lists use the width they have: the timeline's date column is as wide
//! as the widest date in view, the selection's full title shows under the
//! list when its row cuts it, and dates in the details keep to one column.

use crate::common;

use common::Screen;
use dossier::app::layout::inner;
use dossier::bundled::load_bundled;
use dossier::ui::theme::glyph;

/// The column (in characters) where an event's kind mark is on a row.
fn mark_column(row: &str) -> Option<usize> {
    let marks: Vec<&str> = dossier_core::content::Kind::ALL
        .iter()
        .map(|&k| glyph(k))
        .collect();
    row.chars()
        .position(|c| marks.contains(&c.to_string().as_str()))
}

#[test]
fn the_date_column_is_as_wide_as_the_widest_date_in_view() {
    let d = load_bundled();
    let mut s = Screen::new(d.clone(), 80, 24);
    let area = s.app.list_rows_area();
    let drawn = s.rows(area);
    // Years and days side by side: the marks line up after the widest date
    // in view, which is narrower than the widest of the dossier.
    let cols: Vec<usize> = drawn.iter().filter_map(|r| mark_column(r)).collect();
    assert!(cols.windows(2).all(|w| w[0] == w[1]), "{drawn:#?}");
    assert_eq!(cols[0], 1 + "29 Apr 2024".chars().count() + 1, "{drawn:#?}");
    // Titles get the rest: more than the 12 characters left by a column sized
    // for the longest span.
    let first = &d.events[1].title;
    let shown: String = drawn[1].chars().skip(cols[0] + 2).collect();
    let shown = shown.trim_end().trim_end_matches('…');
    assert!(shown.chars().count() >= 14, "{shown:?}");
    assert!(first.starts_with(shown), "{shown:?}");
    // The disputed events start with the preliminary meetings, known only to
    // come before the opening of talks: their date says so as a range with
    // its mark, within the 11 cells an 80-column screen allows.
    s.keys("D");
    let drawn = s.rows(s.app.list_rows_area());
    assert!(drawn[0].starts_with("▸Jan–Apr’24↔ "), "{drawn:#?}");
}

#[test]
fn the_selections_full_title_shows_under_the_list_where_its_row_cuts_it() {
    let d = load_bundled();
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Screen::new(d.clone(), w, h);
        // The longest title of the timeline.
        let (row, e) = d
            .events
            .iter()
            .enumerate()
            .max_by_key(|(_, e)| e.title.len())
            .expect("events");
        s.keys(&format!("g{}", "j".repeat(row)));
        let frame = inner(s.app.areas().list);
        let list = s.app.list_rows_area();
        assert!(list.height < frame.height, "no room left under the list");
        let under: Vec<String> = s
            .rows(frame)
            .into_iter()
            .skip(usize::from(list.height) + 1)
            .map(|l| l.trim_end().to_string())
            .collect();
        let joined = under.join(" ");
        assert!(joined.contains(&e.title), "{w}x{h}: {joined:?}");
        // The selected row is still in view above it.
        let sel = s.app.nav().current();
        assert!(sel.selected >= sel.offset && sel.selected < sel.offset + usize::from(list.height));
        // A title that fits needs nothing under the list.
        s.keys("i");
        let wages = d
            .issues
            .iter()
            .position(|i| i.title == "Wages")
            .expect("wages");
        s.keys(&format!("g{}", "j".repeat(wages)));
        assert_eq!(s.app.list_rows_area().height, frame.height, "{w}x{h}");
        assert!(s.app.selection_title().is_empty());
    }
}

#[test]
fn dates_in_the_details_stay_in_their_column() {
    let d = load_bundled();
    for (w, h) in [(80, 24), (120, 40)] {
        // An article cited by events with a day, a month, a year and a span.
        let a = d.find_article("amptp-iatse-formal-talks").expect("article");
        let mut s = Screen::new(d.clone(), w, h);
        s.apply(dossier::app::Action::Open(dossier::app::Target::Entity(
            dossier_core::content::EntityRef::Article(a),
        )));
        s.keys("2");
        let mut cols = std::collections::BTreeSet::new();
        for _ in 0..s.app.details().content.rows.len() {
            let drawn = s.rows(inner(s.app.areas().details));
            cols.extend(
                drawn
                    .iter()
                    .filter(|r| {
                        r.chars()
                            .nth(10)
                            .is_some_and(|c| c.is_ascii_digit() || c.is_ascii_alphabetic())
                    })
                    .filter_map(|r| mark_column(r)),
            );
            s.keys("j");
        }
        assert_eq!(cols.len(), 1, "{w}x{h}: marks at columns {cols:?}");
    }
}
