//! The timeline picture, driven through real key events and drawn into a
//! test terminal: toggling, one selection with the list, the filter's
//! events and count, following and coming back, zoom, the mouse, the marks
//! of spans, ranges, deadlines and today, the band of days not known, what
//! lies beyond the axis, a restart, the smallest sizes, and a dossier too
//! large to draw event by event.

use crate::common;

use chrono::NaiveDate;
use common::{Screen, fixture};
use dossier::app::picture::Class;
use dossier::app::{Action, App, ListKind, Pane};
use dossier::bundled::load_bundled;
use dossier_core::content::Dossier;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A reader on `d` at `w`×`h`, whose clock says 2024-06-15, with the
/// timeline shown as its picture.
fn picture(d: Dossier, w: u16, h: u16) -> Screen {
    let mut s = Screen::new(d, w, h);
    s.app = App::new(s.app.dossier().clone(), w, h).with_today(Some(day("2024-06-15")));
    s.keys("t");
    assert!(s.app.picture_shown(), "t on the timeline shows the picture");
    s
}

/// The picture's rows as drawn: the pane's inside, one string a row.
fn pane_rows(s: &Screen) -> Vec<String> {
    s.rows(dossier::app::layout::inner(s.app.areas().list))
}

fn model(s: &Screen) -> &dossier::app::picture::Model {
    s.app.picture().model.as_ref().expect("the picture's cells")
}

#[test]
fn t_toggles_between_the_list_and_the_picture_with_one_selection() {
    let mut s = Screen::new(load_bundled(), 120, 40);
    s.keys("jjj");
    let selected = s.app.nav().state(ListKind::Timeline).selected;
    s.keys("t");
    assert!(s.app.picture_shown());
    assert!(
        s.text().contains("Timeline picture · 22 events"),
        "{}",
        s.text()
    );
    assert_eq!(s.app.nav().state(ListKind::Timeline).selected, selected);
    // j/k move through the events in the timeline's order, as in the list.
    s.keys("jj");
    assert_eq!(s.app.nav().state(ListKind::Timeline).selected, selected + 2);
    s.keys("t");
    assert!(!s.app.picture_shown());
    assert!(s.text().contains("Timeline · 22 events"));
    assert_eq!(s.app.nav().state(ListKind::Timeline).selected, selected + 2);
    // From another list, t shows the timeline as it was left.
    s.keys("tit");
    assert!(s.app.picture_shown());
    // T toggles too.
    s.keys("T");
    assert!(!s.app.picture_shown());
    // Esc never leaves the picture.
    s.keys("T\x1b\x1b");
    assert!(s.app.picture_shown());
}

#[test]
fn the_axis_has_room_and_the_details_stay_in_view() {
    for (w, h, axis) in [(120, 40, 80), (80, 24, 48)] {
        let s = picture(load_bundled(), w, h);
        let m = model(&s);
        assert!(m.axis_w >= axis, "{w}x{h}: axis of {}", m.axis_w);
        let details = s.app.areas().details;
        assert!(
            details.height >= 6 && details.width >= 40,
            "{w}x{h}: {details:?}"
        );
        assert!(s.text().contains("Event ·"), "{w}x{h}");
    }
}

#[test]
fn the_bundled_talks_show_their_shape_in_one_screen() {
    let s = picture(load_bundled(), 120, 40);
    let m = model(&s);
    let d = s.app.dossier();
    let row_of = |id: &str| d.events.iter().position(|e| e.id == id).unwrap();
    // The ASA talks, 20-31 May, are a bar.
    let asa = &m.cells_of[row_of("asa-talks")];
    assert!(!asa.is_empty());
    let (r, a, b) = asa[0];
    assert!(b >= a + 3, "a bar over its days: {a}..{b}");
    let cells = &m.rows[r].cells;
    // Drawn as a bar wherever no point of another event (the added session
    // of 28 May) lies over it.
    assert!(
        cells[a..=b]
            .iter()
            .all(|c| c.class != Class::Empty && c.class != Class::Range)
    );
    assert!(cells[a + 1..=b].iter().filter(|c| c.ch == '━').count() >= 3);
    // The deal is a range, not a point: no cell of it is a point.
    let deal = &m.cells_of[row_of("tentative-deal")];
    let (r, a, b) = deal[0];
    assert!(b > a + 10, "the deal spans May to July: {a}..{b}");
    assert!(m.rows[r].cells[a..=b].iter().all(|c| matches!(
        c.class,
        Class::Range | Class::Deadline | Class::Today | Class::Span | Class::Point | Class::Count
    )));
    assert!(m.rows[r].cells[a..=b].iter().any(|c| c.ch == '┄'));
    // The July 31 deadline is a labelled line across the rows.
    assert!(
        m.marks
            .iter()
            .any(|(_, l, c)| *c == Class::Deadline && l.contains("31 Jul"))
    );
    let rows = pane_rows(&s);
    assert!(
        rows.iter().filter(|r| r.contains('┊')).count() >= 3,
        "{rows:#?}"
    );
    assert!(rows.iter().any(|r| r.contains("⚑ 31 Jul")), "{rows:#?}");
    // Today (15 June 2024 here) is marked.
    assert!(
        m.marks
            .iter()
            .any(|(_, l, c)| *c == Class::Today && l == "today")
    );
    // The fitted axis shows May to July, not the whole year the derived
    // ranges reach.
    assert!(
        m.from <= day("2024-03-01") && m.from >= day("2024-01-15"),
        "{}",
        m.from
    );
    let last = m.day_at(m.axis_w);
    assert!(
        last >= day("2024-07-31") && last <= day("2024-09-30"),
        "{last}"
    );
    // Events whose day is not known are in the band, by year.
    assert!(m.band.iter().any(|b| b.label.starts_with("2023")));
    let strikes = &m.cells_of[row_of("wga-sag-aftra-strikes-2023")];
    assert!(strikes.iter().all(|c| c.0 >= m.rows.len()), "in the band");
}

#[test]
fn each_issue_has_its_row_and_an_event_of_several_issues_is_on_each() {
    let s = picture(load_bundled(), 120, 40);
    let m = model(&s);
    let d = s.app.dossier();
    for (r, e) in d.events.iter().enumerate() {
        if e.bounds.day_unknown {
            continue;
        }
        let rows: std::collections::BTreeSet<usize> = m.cells_of[r].iter().map(|c| c.0).collect();
        assert_eq!(rows.len(), e.issues.len().max(1), "{}", e.id);
        for &i in &e.issues {
            let title = &d.issue(i).title;
            assert!(
                rows.iter().any(|&k| m.rows[k].label == *title),
                "{} is on the row of {title}",
                e.id
            );
        }
    }
}

#[test]
fn the_filter_draws_exactly_the_events_the_list_shows() {
    let mut s = picture(load_bundled(), 120, 40);
    s.keys("D");
    let n = s.app.list_len(ListKind::Timeline);
    assert!(n < 22);
    assert!(s.text().contains(&format!("{n}/22 events")), "{}", s.text());
    let m = model(&s);
    assert_eq!(m.cells_of.len(), n);
    for (r, cells) in m.cells_of.iter().enumerate() {
        assert!(!cells.is_empty(), "list row {r} is drawn");
    }
    // j through every event: each selected one is drawn.
    for _ in 0..n {
        s.keys("j");
        let sel = s.app.nav().state(ListKind::Timeline).selected;
        assert!(!model(&s).cells_of[sel].is_empty());
    }
}

#[test]
fn enter_follows_as_in_the_list_and_back_returns_to_the_picture() {
    let mut s = picture(load_bundled(), 80, 24);
    s.keys("jjj");
    let before = s.app.nav().state(ListKind::Timeline).selected;
    s.keys("\n");
    assert_eq!(s.app.focus(), Pane::Article);
    assert!(
        s.app.article().followed.is_some(),
        "the cited passage is followed"
    );
    // At 80 columns the article takes the details' place under the picture.
    assert!(!s.app.areas().article.is_empty());
    s.keys("\x08");
    assert_eq!(s.app.focus(), Pane::List);
    assert!(s.app.picture_shown());
    assert_eq!(s.app.nav().state(ListKind::Timeline).selected, before);
}

#[test]
fn zoom_changes_the_days_to_a_column_around_the_selection() {
    let mut s = picture(load_bundled(), 120, 40);
    // The ASA talks.
    let asa = s
        .app
        .dossier()
        .events
        .iter()
        .position(|e| e.id == "asa-talks")
        .unwrap();
    s.keys(&"j".repeat(asa));
    let per = model(&s).per_col;
    let col = model(&s).cells_of[asa][0].1;
    s.keys("+");
    assert!((model(&s).per_col - per / 2.0).abs() < 1e-9);
    let after = model(&s).cells_of[asa][0].1;
    assert!(
        after.abs_diff(col) <= 1,
        "the selection stays put: {col} -> {after}"
    );
    assert!(s.text().contains("to a column"), "{}", s.text());
    s.keys("--");
    assert!((model(&s).per_col - per * 2.0).abs() < 1e-9);
    // Zoomed in far, events leave the axis and are counted at its ends;
    // selecting one brings it into view.
    s.keys("++++++");
    let m = model(&s);
    assert!(m.before.0 + m.after.0 > 0);
    assert!(s.text().contains(" in 2024"), "{}", s.text());
    s.keys("g");
    let m = model(&s);
    assert!(!m.cells_of[0].is_empty());
    let sel = s.app.nav().state(ListKind::Timeline).selected;
    let e = &s.app.dossier().events[sel];
    if !e.bounds.day_unknown {
        let (_, a, _) = m.cells_of[sel][0];
        assert!(a < m.axis_w);
    }
}

#[test]
fn a_click_selects_the_event_under_the_pointer_and_again_follows_it() {
    let mut s = picture(load_bundled(), 120, 40);
    let m = model(&s).clone();
    let inner = dossier::app::layout::inner(s.app.areas().list);
    let asa = s
        .app
        .dossier()
        .events
        .iter()
        .position(|e| e.id == "asa-talks")
        .unwrap();
    let (r, a, _) = m.cells_of[asa][0];
    let y = inner.y + (m.header_rows() + r - s.app.picture().scroll) as u16;
    let x = inner.x + (m.label_w + 1 + a + 2) as u16;
    s.apply(Action::Click { column: x, row: y });
    assert_eq!(s.app.nav().state(ListKind::Timeline).selected, asa);
    s.apply(Action::Click { column: x, row: y });
    assert_eq!(s.app.focus(), Pane::Article);
}

#[test]
fn quitting_with_the_picture_shown_reopens_it_with_its_zoom() {
    let mut s = picture(load_bundled(), 120, 40);
    s.keys("++");
    let per = model(&s).per_col;
    let from = model(&s).from;
    let text = dossier::state::format::write(&s.app.state());
    assert!(text.contains("[picture]"), "{text}");
    let state = dossier::state::format::read(&text).unwrap();
    let mut again = Screen::new(load_bundled(), 120, 40);
    again.app = App::new(load_bundled(), 120, 40).remember(state, false);
    again.draw();
    assert!(again.app.picture_shown());
    assert!((model(&again).per_col - per).abs() < 1e-3);
    assert_eq!(model(&again).from, from);
    // --top starts with the list.
    let state = dossier::state::format::read(&text).unwrap();
    let top = App::new(load_bundled(), 120, 40).remember(state, true);
    assert!(!top.picture_shown());
}

#[test]
fn snapshots_at_80x24_and_120x40_and_without_colour() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let s = picture(fixture(), w, h);
        insta::assert_snapshot!(format!("picture_{w}x{h}"), s.terminal.backend());
    }
    let mut s = Screen::monochrome(fixture(), 80, 24, true);
    s.app = App::new(fixture(), 80, 24)
        .with_monochrome(true)
        .with_today(Some(day("2024-06-15")));
    s.keys("tjj");
    insta::assert_snapshot!("picture_no_color_80x24", s.terminal.backend());
    // Without colour the selection still shows: the selected event's cells
    // carry an attribute of their own.
    let m = model(&s);
    let sel = s.app.nav().state(ListKind::Timeline).selected;
    let (r, a, _) = m.cells_of[sel][0];
    let inner = dossier::app::layout::inner(s.app.areas().list);
    let cell = &s.terminal.backend().buffer()[(
        inner.x + (m.label_w + 1 + a) as u16,
        inner.y + (m.header_rows() + r) as u16,
    )];
    assert!(!cell.modifier.is_empty(), "{cell:?}");
}

#[test]
fn the_bundled_picture_snapshots() {
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let s = picture(load_bundled(), w, h);
        insta::assert_snapshot!(format!("picture_bundled_{w}x{h}"), s.terminal.backend());
    }
}

#[test]
fn too_small_a_pane_says_so_and_every_size_draws() {
    for (w, h) in [
        (60u16, 15u16),
        (61, 16),
        (80, 24),
        (100, 30),
        (200, 50),
        (300, 80),
    ] {
        let mut s = picture(load_bundled(), w, h);
        s.keys("jjjjjjjjjj+-");
        let m = model(&s);
        if let Some(why) = &m.too_small {
            assert!(s.text().contains("The picture needs"), "{w}x{h}: {why}");
        } else {
            assert!(s.text().contains("Timeline picture"), "{w}x{h}");
        }
    }
}

#[test]
fn ten_thousand_events_and_500_issues_aggregate_and_scroll() {
    let dir = std::env::temp_dir().join(format!("dossier-picture-big-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dossier_synth::write(
        &dossier_synth::Params {
            events: 10_000,
            issues: 500,
            articles: 100,
            words_per_article: 300,
            seed: 7,
        },
        &dir,
    )
    .unwrap();
    let d = dossier_core::content::load_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    let mut s = picture(d, 200, 50);
    let m = model(&s);
    assert!(m.rows.len() > m.rows_in_view(), "500 issue rows scroll");
    assert!(m.aggregated > 0);
    assert!(s.text().contains("hold several events"), "{}", s.text());
    // Moving far down scrolls the rows to the selected event's row.
    s.keys("G");
    let m = model(&s);
    let sel = s.app.nav().state(ListKind::Timeline).selected;
    if let Some(&(r, _, _)) = m.cells_of[sel].iter().find(|c| c.0 < m.rows.len()) {
        let scroll = s.app.picture().scroll;
        assert!(r >= scroll && r < scroll + m.rows_in_view());
    }
}

/// In a real terminal at 80×24: t shows the picture, j moves, Enter follows
/// the selected event to its cited passage, Backspace comes back to the
/// picture, and a restart reopens it.
#[test]
fn toggle_move_follow_and_come_back_in_tmux() {
    use common::tmux::{Tmux, missing};
    if missing() {
        return;
    }
    let bin = env!("CARGO_BIN_EXE_dossier");
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content");
    let t = Tmux::start("picture", 80, 24, &format!("{bin} --content {content}"));
    t.wait(|p| p.contains("Timeline · 22 events"));
    t.keys("t");
    // The whole frame: a capture can fall between two writes of one.
    let pic = t.wait(|p| {
        p.contains("Timeline picture · 22 events")
            && p.contains("⚑ 31 Jul")
            && p.contains("2023, day ?")
    });
    assert!(pic.contains("⚑ 31 Jul"), "{pic}");
    assert!(pic.contains("2023, day ?"), "{pic}");
    // The ASA talks, drawn as a bar.
    let asa = dossier::bundled::load_bundled()
        .events
        .iter()
        .position(|e| e.id == "asa-talks")
        .unwrap();
    t.keys(&"j".repeat(asa));
    let moved = t.wait(|p| p.contains("Area Standards Agreement talks"));
    assert!(moved.contains('━'), "{moved}");
    t.keys("\r");
    let followed = t.wait(|p| p.contains("Article ·") && p.contains("passage"));
    assert!(followed.contains("Timeline picture"), "{followed}");
    t.keys("\x7f");
    let back = t.wait(|p| p.contains("Event ·") && p.contains("Area Standards Agreement"));
    assert!(back.contains("Timeline picture"), "{back}");
    // Quit and start again: the picture comes back.
    t.keys("q");
    t.wait(|p| !p.contains("Timeline picture"));
    t.respawn(&format!("{bin} --content {content}"));
    // The whole frame again: the selection's row is drawn below the title.
    let again =
        t.wait(|p| p.contains("Timeline picture · 22 events") && p.contains("Area Standards"));
    assert!(again.contains("Area Standards"), "{again}");
}
