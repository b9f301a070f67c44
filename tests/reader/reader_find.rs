//! Finding things in the reader, driven by real key events: the search
//! prompt and its hits, `n`/`N`, the go-to picker, and the timeline's filter.

use crate::common;

use common::{Screen, cells_in_style, ctrl, fixture, key};
use dossier::app::{Action, Followed, ListKind, Overlay, Pane, location};
use dossier::ui::theme;
use dossier_core::content::{EntityRef, EventIx, IssueIx, Kind};
use dossier_core::search::{Field, Index};
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn footer(s: &Screen) -> String {
    common::status_line(s)
}

#[test]
fn search_overlay_snapshot() {
    for (w, h) in SIZES {
        let mut s = Screen::new(fixture(), w, h);
        s.keys("/wages");
        insta::assert_snapshot!(format!("search_{w}x{h}"), s.terminal.backend());
    }
}

#[test]
fn picker_overlay_snapshot() {
    for (w, h) in SIZES {
        let mut s = Screen::new(fixture(), w, h);
        s.events([ctrl('p')]);
        s.keys("ai");
        insta::assert_snapshot!(format!("goto_{w}x{h}"), s.terminal.backend());
    }
}

#[test]
fn search_hits_are_grouped_with_the_match_marked() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("/wages");
    let text = s.text();
    let at = |needle: &str| {
        text.find(needle)
            .unwrap_or_else(|| panic!("{needle}: {text}"))
    };
    assert!(at("Events (1)") < at("Issues (1)"));
    assert!(at("Issues (1)") < at("Articles (4)"));
    assert!(text.contains("Search · 6 hits"), "{text}");
    // Each snippet marks its match, and only that (lowercase here: not a title).
    let marked = cells_in_style(&s, theme::COLOR.matched);
    for word in marked.split(' ') {
        assert!(word.eq_ignore_ascii_case("wages"), "{marked:?}");
    }
    assert!(marked.split(' ').count() >= 4, "{marked:?}");
}

/// Selects the first hit in an article's text and presses Enter.
fn enter_first_article_hit(s: &mut Screen, query: &str) -> (usize, std::ops::Range<usize>) {
    s.keys(&format!("/{query}"));
    let hits = s.app.find().search.hits().to_vec();
    let n = hits
        .iter()
        .position(|h| matches!(h.entity(), Some(EntityRef::Article(_))) && h.field == Field::Text)
        .expect("an article hit");
    for _ in 0..n {
        s.events([ctrl('n')]);
    }
    s.keys("\n");
    (n, hits[n].range.clone())
}

#[test]
fn enter_on_an_article_hit_highlights_exactly_the_match() {
    for monochrome in [false, true] {
        for (w, h) in SIZES {
            for query in [
                "wages",
                "working conditions",
                "evolution of the entertainment industry",
            ] {
                let mut s = Screen::monochrome(fixture(), w, h, monochrome);
                let (_, range) = enter_first_article_hit(&mut s, query);
                assert!(s.app.overlay().is_none());
                assert_eq!(s.app.focus(), Pane::Article);
                assert_eq!(
                    s.app.article().followed,
                    Some(Followed::Match {
                        start: range.start,
                        end: range.end
                    })
                );
                let a = s.app.article().shown.expect("an article");
                let matched = &s.app.dossier().articles[a.0].text[range];
                let want: Vec<&str> = matched.split_whitespace().collect();
                let style = if monochrome {
                    theme::MONOCHROME.followed
                } else {
                    theme::COLOR.followed
                };
                let shown = cells_in_style(&s, style);
                assert_eq!(
                    shown.split_whitespace().collect::<Vec<_>>(),
                    want,
                    "{query:?} at {w}x{h}, monochrome {monochrome}:\n{}",
                    s.text()
                );
                assert!(matched.eq_ignore_ascii_case(query));
            }
        }
    }
}

#[test]
fn a_long_match_wraps_and_stays_highlighted() {
    // At 80 columns the article pane is narrow enough for this to wrap.
    let mut s = Screen::new(fixture(), 80, 24);
    let (_, range) = enter_first_article_hit(&mut s, "evolution of the entertainment industry");
    let w = s.app.article().wrapped.as_ref().expect("wrapped");
    assert!(w.line_of(range.end - 1) > w.line_of(range.start));
}

#[test]
fn n_and_shift_n_step_through_hits_with_the_position_shown() {
    let mut s = Screen::new(fixture(), 120, 40);
    let (n, _) = enter_first_article_hit(&mut s, "wages");
    let total = s.app.find().search.hits().len();
    assert_eq!(total, 6);
    assert!(
        footer(&s).contains(&format!("/wages {}/6", n + 1)),
        "{}",
        footer(&s)
    );
    s.keys("n");
    assert_eq!(s.app.find().search.current, Some(n + 1));
    assert!(
        footer(&s).contains(&format!("/wages {}/6", n + 2)),
        "{}",
        footer(&s)
    );
    s.keys("NN");
    assert_eq!(s.app.find().search.current, Some(n - 1));
    // The hit before the article hits is an issue: it is selected and shown.
    let hit = s.app.find().search.hits()[n - 1].clone();
    assert_eq!(s.app.selected_entity(), hit.entity());
    assert_eq!(s.app.details().shown, hit.entity());
    // Across articles, then around the end with a word about it.
    s.keys("nnnnnn");
    assert_eq!(s.app.find().search.current, Some((n + 5) % 6));
    let mut seen = Vec::new();
    for _ in 0..6 {
        s.keys("n");
        seen.push(s.app.article().shown);
        if s.app.find().search.current == Some(0) {
            assert!(footer(&s).contains("wrapped"), "{}", footer(&s));
        }
    }
    seen.dedup();
    assert!(seen.len() >= 2, "{seen:?}");
    // Back returns along the jumps.
    let before = location(&s.app);
    s.keys("n");
    s.events([key(KeyCode::Backspace)]);
    assert_eq!(location(&s.app), before);
}

#[test]
fn esc_restores_the_place_and_the_query_is_on_up() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("ij\t");
    let here = location(&s.app);
    s.keys("/wages");
    // The selected hit is previewed underneath.
    for _ in 0..4 {
        s.events([ctrl('n')]);
    }
    assert_ne!(location(&s.app), here);
    s.keys("\x1b");
    assert!(s.app.overlay().is_none());
    assert_eq!(location(&s.app), here);
    assert!(
        s.app.history().back.is_empty(),
        "a cancelled search is no jump"
    );
    // Reopened: a new, empty query; the last one is on ↑, its hits listed,
    // and ↓ comes back to the new one.
    s.keys("/");
    assert_eq!(s.app.find().search.query(), "");
    assert!(s.text().contains("type to search"), "{}", s.text());
    s.events([key(KeyCode::Up)]);
    assert!(s.text().contains("/ wages"), "{}", s.text());
    assert!(s.text().contains("Search · 6 hits"), "{}", s.text());
    s.events([key(KeyCode::Down)]);
    assert_eq!(s.app.find().search.query(), "");
    s.events([key(KeyCode::Up)]);
    // Editing it: letters like j and q are typed, not obeyed.
    s.keys("jq");
    assert_eq!(s.app.find().search.query(), "wagesjq");
    assert!(!s.quit());
    s.events([key(KeyCode::Backspace), key(KeyCode::Backspace)]);
    assert_eq!(s.app.find().search.query(), "wages");
    s.events([ctrl('u')]);
    assert_eq!(s.app.find().search.query(), "");
    assert!(s.app.find().search.hits().is_empty());
    s.keys("\x1b");
    assert_eq!(location(&s.app), here);
}

#[test]
fn picker_ranks_previews_and_opens() {
    let mut s = Screen::new(fixture(), 120, 40);
    let here = location(&s.app);
    s.keys(":wg");
    assert!(matches!(s.app.overlay(), Some(Overlay::GoTo(_))));
    let first = s.app.find().goto.picks()[0].entity;
    // The best pick is previewed in the details.
    assert_eq!(s.app.details().shown, Some(first));
    // Its matched characters are marked.
    let marked = cells_in_style(&s, theme::COLOR.matched);
    assert!(!marked.is_empty());
    s.keys("\x1b");
    assert_eq!(location(&s.app), here);
    // Reopened, it starts afresh; an id typed in full comes first; Enter
    // opens it as a jump.
    s.events([ctrl('p')]);
    assert_eq!(s.app.find().goto.query, "");
    s.keys("working-conditions\n");
    assert!(s.app.overlay().is_none());
    assert_eq!(s.app.nav().kind(), ListKind::Issues);
    assert_eq!(s.app.details().shown, Some(EntityRef::Issue(IssueIx(2))));
    assert_eq!(s.app.focus(), Pane::Details);
    s.keys("H");
    assert_eq!(location(&s.app), here);
}

#[test]
fn the_issue_lens_adds_issues_and_clears() {
    let mut s = Screen::new(fixture(), 120, 40);
    let d = s.app.dossier().clone();
    let touches = |e: EntityRef, issues: &[usize]| match e {
        EntityRef::Event(ix) => d.events[ix.0].issues.iter().any(|i| issues.contains(&i.0)),
        _ => false,
    };
    // AI protections, from the issues list.
    s.keys("if");
    assert_eq!(s.app.nav().kind(), ListKind::Timeline);
    assert_eq!(s.app.list_len(ListKind::Timeline), 3);
    assert!(
        s.text().contains("filter: AI protections · 3/6"),
        "{}",
        s.text()
    );
    // Wages, from its details: added.
    s.keys("ij\tf");
    assert_eq!(s.app.list_len(ListKind::Timeline), 5);
    assert!(
        s.text().contains("filter: AI protections, Wages · 5/6"),
        "{}",
        s.text()
    );
    // Movement visits only the events shown.
    s.keys("g");
    let mut seen = Vec::new();
    for _ in 0..8 {
        let e = s.app.selected_entity().expect("an event");
        assert!(touches(e, &[0, 1]), "{e:?}");
        seen.push(e);
        s.keys("j");
    }
    seen.dedup();
    assert_eq!(seen.len(), 5);
    // The same issue again takes it out.
    s.keys("igjf");
    assert_eq!(s.app.list_len(ListKind::Timeline), 3);
    // F clears it.
    s.keys("F");
    assert!(!s.app.lens().is_active());
    assert_eq!(s.app.list_len(ListKind::Timeline), 6);
    assert!(s.text().contains("Timeline · 6 events"), "{}", s.text());
    // f with no issue in view says how to use it.
    s.keys("f");
    assert!(footer(&s).contains("select one first"), "{}", footer(&s));
}

#[test]
fn the_kind_filter_cycles_through_the_kinds_present() {
    let mut s = Screen::new(fixture(), 120, 40);
    let mut kinds = Vec::new();
    loop {
        s.keys("K");
        let Some(k) = s.app.lens().kind else { break };
        kinds.push(k);
        let n = s.app.list_len(ListKind::Timeline);
        assert!(n > 0);
        for row in 0..n {
            let e = s.app.lens().event_at(s.app.dossier(), row).expect("a row");
            assert_eq!(s.app.dossier().events[e.0].kind, k);
        }
        assert!(
            s.text().contains(&format!("filter: {} · ", k.name())),
            "{}",
            s.text()
        );
        assert!(kinds.len() < 10);
    }
    assert_eq!(
        kinds,
        [Kind::Talks, Kind::Deadline, Kind::Agreement, Kind::Survey]
    );
    assert_eq!(s.app.list_len(ListKind::Timeline), 6);
}

#[test]
fn a_jump_to_a_hidden_event_clears_the_filter() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("if");
    assert_eq!(s.app.list_len(ListKind::Timeline), 3);
    let filtered_here = location(&s.app);
    // The contract's expiry touches no issue: hidden by any issue filter.
    s.events([ctrl('p')]);
    s.keys("contract-expires\n");
    assert!(!s.app.lens().is_active());
    let expiry = s
        .app
        .dossier()
        .find_event("contract-expires")
        .expect("event");
    assert_eq!(s.app.selected_entity(), Some(EntityRef::Event(expiry)));
    assert!(footer(&s).contains("Filter cleared"), "{}", footer(&s));
    // Back lands on the same event as before, the filter back on.
    s.keys("H");
    assert_eq!(location(&s.app), filtered_here);
    assert!(s.app.lens().is_active());
    assert_eq!(s.app.list_len(ListKind::Timeline), 3);
    assert_eq!(
        s.app.selected_entity(),
        Some(EntityRef::Event(EventIx(filtered_here.selected)))
    );
    // Forward clears it again, with the event it went to.
    s.keys("L");
    assert!(!s.app.lens().is_active());
    assert_eq!(s.app.selected_entity(), Some(EntityRef::Event(expiry)));
}

#[test]
fn a_search_on_a_big_dossier_runs_in_steps_off_the_keystroke() {
    let mut d = fixture();
    // About 12 MB of text: more than one step scans.
    d.articles[0].text = "lorem ipsum wages dolor sit amet ".repeat(400_000).into();
    let expected = Index::new(&d).search_all(&d, "wages").len();
    let mut s = Screen::new(d, 120, 40);
    s.keys("/wages");
    assert!(
        dossier::app::busy(&s.app),
        "one keystroke scans one step only"
    );
    let mut steps = 0;
    while dossier::app::busy(&s.app) {
        s.apply(Action::Work);
        steps += 1;
        assert!(steps < 10_000);
    }
    assert!(steps > 10, "{steps}");
    assert_eq!(
        s.app.find().search.hits().len(),
        expected.min(dossier_core::search::MAX_HITS)
    );
    // A new keystroke replaces the running search.
    s.keys("x");
    assert_eq!(s.app.find().search.query(), "wagesx");
}

/// At 80×24 the go-to and search lists take the whole width, each event
/// with its date in the timeline's forms, so entries whose titles begin
/// alike are told apart; from 100 columns they stay over the left pane
/// and the others preview.
#[test]
fn at_80_columns_the_prompts_use_the_whole_width_with_dates() {
    use dossier::app::App;
    let d = dossier::bundled::load_bundled();
    let cy = {
        let s = Screen::new(d.clone(), 80, 24);
        s.app.facts().common_year
    };
    let mut s = Screen::new(d.clone(), 80, 24);
    s.keys(":");
    let text = s.text();
    let top = text.lines().nth(1).unwrap_or_default();
    assert!(top.starts_with("┏ Go to") && top.ends_with('┓'), "{text}");
    assert_eq!(dossier_core::text::width(top), 80);
    let rows: Vec<&str> = text.lines().skip(4).take(18).collect();
    for (n, row) in rows.iter().enumerate() {
        // No two rows alike, however their titles begin.
        assert!(!rows[n + 1..].contains(row), "{row}\n{text}");
    }
    // Every event in view shows its date, in the form the timeline uses.
    for e in &d.events {
        let title: String = e.title.chars().take(30).collect();
        if let Some(row) = rows.iter().find(|r| r.contains(&title)) {
            // A quarter of the row, as the list gives it.
            let date = App::fit_date(e, cy, (78 - 3) / 4);
            assert!(row.contains(&date), "{date} not in {row}");
        }
    }
    // Titles beginning alike ("Loeb calls…", "Loeb at a rally…") both whole.
    s.keys("loeb");
    let text = s.text();
    for title in ["Loeb calls AI a challenge, not a threat", "Loeb at a rally"] {
        assert!(text.contains(title), "{title}\n{text}");
    }
    s.keys("\x1b/wages");
    let text = s.text();
    let top = text.lines().nth(1).unwrap_or_default();
    assert!(top.starts_with("┏ Search") && top.ends_with('┓'), "{text}");
    assert!(
        text.contains("Discussions on craft-specific concerns"),
        "{text}"
    );
    // Wide: over the left pane, the details beside it.
    let mut s = Screen::new(d, 120, 40);
    s.keys(":");
    let top = s.text().lines().nth(1).unwrap_or_default().to_string();
    assert!(top.contains("┓┌"), "{top}");
}
