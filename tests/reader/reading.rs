//! Reading comfort: nothing in the details pane is out of reach of the
//! keyboard. Every entry of the bundled dossier is opened at 80×24, its
//! details walked with `g` and `j`, and every line the pane has for it (as
//! drawn in a terminal tall enough to show them all) must appear in one of
//! the frames drawn on the way.

use crate::common;

use common::Screen;
use dossier::app::layout::inner;
use dossier::app::{ListKind, Pane};
use dossier::bundled::load_bundled;
use dossier::ui::theme::CURSOR;

/// The details pane's rows as drawn, the selection's cursor blanked out.
fn details_lines(s: &Screen) -> Vec<String> {
    let area = inner(s.app.areas().details);
    let buf = s.terminal.backend().buffer();
    (area.y..area.bottom())
        .map(|y| {
            (area.x..area.right())
                .map(|x| buf[(x, y)].symbol())
                .collect::<String>()
                .replace(CURSOR, " ")
                .trim_end()
                .to_string()
        })
        .collect()
}

/// The keys that select row `row` of a list.
fn select(list: char, row: usize) -> String {
    format!("{list}g{}", "j".repeat(row))
}

#[test]
fn every_line_of_every_entry_is_reachable_at_80x24() {
    let d = load_bundled();
    let lists = [
        ('t', ListKind::Timeline, d.events.len()),
        ('i', ListKind::Issues, d.issues.len()),
        ('a', ListKind::Articles, d.articles.len()),
    ];
    let mut checked = 0;
    for (key, kind, len) in lists {
        for row in 0..len {
            // Every line, in a terminal tall enough to show them all.
            let mut tall = Screen::new(d.clone(), 80, 400);
            tall.keys(&select(key, row)).keys("2");
            assert_eq!(tall.app.nav().kind(), kind);
            let rows = tall.app.details().content.rows.len();
            assert!(rows < 380, "{rows} rows do not fit the tall terminal");
            let want: Vec<String> = details_lines(&tall)
                .into_iter()
                .filter(|l| !l.is_empty())
                .collect();
            // The same entry at 80×24, walked by keyboard only.
            let mut s = Screen::new(d.clone(), 80, 24);
            s.keys(&select(key, row)).keys("2g");
            assert_eq!(s.app.focus(), Pane::Details);
            let mut seen: Vec<String> = details_lines(&s);
            for _ in 0..rows + s.app.details().content.links.len() + 2 {
                s.keys("j");
                seen.extend(details_lines(&s));
            }
            for line in &want {
                assert!(
                    seen.contains(line),
                    "{kind:?} row {row}: never shown at 80x24: {line:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 200, "only {checked} lines checked");
}

/// `z` gives the focused pane the whole screen and back; `Esc` gives it back
/// too. On a wide screen the article keeps a comfortable measure.
#[test]
fn zoom_gives_the_focused_pane_the_screen() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Screen::new(common::fixture(), w, h);
        s.keys("jj\n");
        assert_eq!(s.app.focus(), Pane::Article);
        let before = s.app.article_body();
        s.keys("z");
        assert!(s.app.zoomed());
        let body = s.app.article_body();
        assert!(body.height > before.height, "{body:?} vs {before:?}");
        assert!(s.app.areas().list.is_empty() && s.app.areas().details.is_empty());
        // The followed passage is still in view.
        let text = s.text();
        insta::assert_snapshot!(format!("zoom_{w}x{h}"), text);
        // Tab moves the zoom to the next pane; Esc gives the screen back.
        s.keys("\t");
        assert_eq!(s.app.focus(), Pane::List);
        assert!(!s.app.areas().list.is_empty() && s.app.areas().article.is_empty());
        s.keys("\x1b");
        assert!(!s.app.zoomed());
        assert!(!s.app.areas().details.is_empty());
        s.keys("3zz");
        assert!(!s.app.zoomed());
        assert_eq!(s.app.article_body(), before);
    }
    // 200 columns zoomed: the text keeps its measure, centred.
    let mut s = Screen::new(common::fixture(), 200, 50);
    s.keys("jj\nz");
    let body = s.app.article_body();
    assert_eq!(body.width, dossier::app::layout::MEASURE);
    assert!(body.x > 50, "{body:?}");
    let widest = s
        .text()
        .lines()
        .skip(5)
        .take(50 - 7)
        .map(|l| l.trim_matches(|c| c == ' ' || c == '┃').chars().count())
        .max()
        .unwrap_or(0);
    assert!(widest <= 80, "a line of {widest} columns");
}

/// `:` with nothing typed previews nothing; `:q` Enter quits and saves the
/// place from before the prompt opened, not the picker's preview.
#[test]
fn quitting_from_the_goto_prompt_saves_the_place_before_it() {
    let mut s = Screen::new(common::fixture(), 80, 24);
    s.keys("jj\n");
    let here = dossier::app::location(&s.app);
    let saved = s.app.state().place;
    let shown = s.app.details().shown;
    let back = s.app.history().back.clone();
    s.keys(":");
    assert_eq!(s.app.details().shown, shown, "`:` alone previews nothing");
    assert_eq!(dossier::app::location(&s.app), here);
    s.keys("q");
    assert_eq!(s.app.state().place, saved, "the preview is not the place");
    s.keys("\n");
    assert!(s.quit());
    assert_eq!(dossier::app::location(&s.app), here);
    assert_eq!(s.app.state().place, saved);
    assert_eq!(s.app.history().back, back);
    // A move down then chooses the first entry, and previews it.
    let mut s = Screen::new(common::fixture(), 80, 24);
    s.keys(":");
    let first = s.app.find().goto.picks()[0].entity;
    s.events([common::ctrl('n')]);
    assert_eq!(s.app.details().shown, Some(first));
}

/// The panes' place: what a zoom round-trip must give back exactly.
fn place(s: &Screen) -> (Option<usize>, usize, usize, String) {
    let d = s.app.details();
    (d.selected, d.scroll, s.app.article().scroll, s.text())
}

/// `z` then `z` puts every pane back as it was, as a resize round-trip
/// does: the details' selected link and scroll, the article's top line.
#[test]
fn a_zoom_round_trip_is_exact() {
    let d = load_bundled();
    for (w, h) in [(80, 24), (120, 40)] {
        // The details of an issue with many links, a link low down selected.
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("i2");
        for _ in 0..40 {
            s.keys("j");
        }
        let before = place(&s);
        assert!(before.0.is_some_and(|l| l > 3), "{before:?}");
        s.keys("z");
        assert!(s.app.zoomed());
        s.keys("z");
        assert_eq!(place(&s), before, "details at {w}x{h}");
        // `j` then moves on from the selected link (to the next one, or a
        // line toward it), not from a link elsewhere.
        s.keys("j");
        let after = s.app.details().selected;
        assert!(
            after == before.0 || after == before.0.map(|l| l + 1),
            "{after:?} after {:?}",
            before.0
        );

        // The article scrolled to a line that is not a passage's.
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("\n3");
        for _ in 0..7 {
            s.keys("j");
        }
        let before = place(&s);
        s.keys("zz");
        assert_eq!(place(&s), before, "article at {w}x{h}");
        // Zoomed, a move keeps the place as a resize would: the same
        // text at the article's top.
        let top = s.app.article().lines()[s.app.article().scroll].start;
        s.keys("zjkz");
        assert_eq!(s.app.article().lines()[s.app.article().scroll].start, top);
    }
}

/// Every status message shows whole, however long, beside the search's
/// place: it wraps, or the hints give way.
#[test]
fn no_status_message_is_ever_cut() {
    let d = load_bundled();
    let walks = [
        // A search on, then its marks hidden.
        "/wages\n\x1b",
        // n at the last hit wraps to the first, with a long place.
        "/wages\nNn",
        // The pins, with none yet.
        "'",
        "/ai\n\x1b\x1b",
        "D\x1bs",
    ];
    for w in [60, 80, 120] {
        for keys in walks {
            let mut s = Screen::new(d.clone(), w, 24);
            s.keys(keys);
            let Some(notice) = s.app.notice().map(str::to_string) else {
                continue;
            };
            // Wrapped lines read on, even where a line broke after a hyphen.
            let squeeze = |t: &str| t.split_whitespace().collect::<String>();
            let text = squeeze(&s.text().replace(['│', '┃'], " "));
            assert!(
                text.contains(&squeeze(&notice)),
                "{keys:?} at {w} columns: {notice:?} cut in\n{}",
                s.text()
            );
        }
    }
}

/// Under "Cited by", at every size, each quote ends whole (`”`) or with
/// `…` after a whole word, never cut by the pane's edge.
#[test]
fn quotes_under_cited_by_end_with_a_mark() {
    let d = load_bundled();
    for (w, h) in [(80, 24), (120, 40), (200, 50)] {
        for article in 0..d.articles.len() {
            let mut s = Screen::new(d.clone(), w, h);
            s.keys(&format!("a{}3G", select('a', article)));
            let body = s.app.article_body();
            let rows = s.rows(body);
            let Some(at) = rows.iter().position(|r| r.starts_with("Cited by")) else {
                continue;
            };
            for row in &rows[at + 1..] {
                let row = row.trim_end();
                if let Some(q) = row.find('“') {
                    let quote = &row[q..];
                    assert!(
                        quote.ends_with('”') || quote.ends_with('…'),
                        "{w}x{h}: {row:?}"
                    );
                    assert!(
                        !quote.ends_with('…')
                            || quote
                                .trim_end_matches('…')
                                .ends_with(|c: char| !c.is_whitespace()),
                        "{w}x{h}: {row:?}"
                    );
                }
            }
        }
    }
}

/// The bundled dossier's first issue with ten sources or more, and its row.
fn with_ten_sources(d: &dossier_core::content::Dossier) -> (usize, &dossier_core::content::Issue) {
    d.issues
        .iter()
        .enumerate()
        .find(|(_, i)| i.sources.len() >= 10)
        .expect("an issue with ten sources")
}

/// Source numbers from 10 up keep the outlets, and the quotes below them,
/// in one column with those of 1 to 9.
#[test]
fn source_numbers_from_10_up_stay_aligned() {
    let d = load_bundled();
    let (row, issue) = with_ten_sources(&d);
    let mut s = Screen::new(d.clone(), 120, 400);
    s.keys(&select('i', row)).keys("2");
    let lines = details_lines(&s);
    // `  9 Variety …` and ` 10 Variety …`: where the outlet starts.
    let from = lines
        .iter()
        .position(|l| l.starts_with("Sources"))
        .expect("the sources");
    let starts: Vec<(usize, usize)> = lines[from..]
        .iter()
        .take_while(|l| !l.is_empty())
        .map(|l| l.replacen("Sources", "       ", 1))
        .filter_map(|l| {
            let chars: Vec<char> = l.chars().collect();
            let digits_at = chars.iter().position(|c| !c.is_whitespace())?;
            let digits = chars[digits_at..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            let after = digits_at + digits;
            (digits > 0 && chars.get(after) == Some(&' ')).then(|| {
                (
                    chars[digits_at..after]
                        .iter()
                        .collect::<String>()
                        .parse()
                        .unwrap_or(0),
                    after + 1,
                )
            })
        })
        .collect();
    let numbers: Vec<usize> = starts.iter().map(|s| s.0).collect();
    assert!(
        numbers.contains(&9) && numbers.contains(&10),
        "{numbers:?} of {}",
        issue.id
    );
    let column = |n: usize| starts.iter().find(|s| s.0 == n).map(|s| s.1);
    assert_eq!(column(9), column(10), "{lines:#?}");
    assert_eq!(column(1), column(issue.sources.len()), "{lines:#?}");
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys(&select('i', row)).keys("2G");
        insta::assert_snapshot!(format!("sources_from_10_{w}x{h}"), s.text());
    }
}

/// A search hit inside the followed passage has a look of its own, apart
/// from the passage's and from other hits', in both themes and without
/// colour.
#[test]
fn a_hit_inside_the_followed_passage_stands_out() {
    use dossier::ui::theme::{self, Theme};
    for (name, theme) in [
        ("dark", theme::DARK),
        ("light", theme::LIGHT),
        (
            "no_color",
            Theme::configured(dossier::config::ThemeName::Dark, &[], true),
        ),
    ] {
        assert_ne!(theme.matched_followed, theme.followed, "{name}");
        assert_ne!(theme.matched_followed, theme.matched, "{name}");
        for (w, h) in [(80, 24), (120, 40)] {
            let mut s = Screen::new(load_bundled(), w, h);
            // A source followed into its article.
            s.keys("jj\n");
            let passage = s.app.article().passage().expect("a passage followed");
            let quote = s.app.source(passage).expect("its source").quote.clone();
            let word = quote
                .split(|c: char| !c.is_alphanumeric())
                .find(|w| w.len() >= 6)
                .expect("a word of the quote")
                .to_lowercase();
            // Searched for, then back to the passage: its hits are marked.
            s.keys(&format!("/{word}\n\x08"));
            assert_eq!(s.app.article().passage(), Some(passage), "{name}");
            let app = &s.app;
            s.terminal
                .draw(|f| dossier::ui::render_with(app, &theme, f))
                .expect("draw");
            let marked = common::cells_in_style(&s, theme.matched_followed);
            let cells: String = marked.chars().filter(|c| !c.is_whitespace()).collect();
            assert!(
                cells.to_lowercase().contains(&word),
                "{name} {w}x{h}: {word:?} not in its own look: {marked:?}"
            );
            if name == "dark" {
                insta::assert_snapshot!(format!("hit_in_passage_{w}x{h}"), s.text());
            }
        }
    }
}

/// The help says where it is (Top, 40%, Bot), and `/` finds a word in it,
/// as in less: the first row with it comes into view, marked; `n` the next.
#[test]
fn the_help_has_a_position_and_slash_finds_in_it() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Screen::new(common::fixture(), w, h);
        s.keys("?");
        let bottom = |s: &Screen| {
            s.text()
                .lines()
                .rev()
                .find(|l| l.contains('┗'))
                .unwrap_or("")
                .to_string()
        };
        assert!(bottom(&s).contains("Top"), "{}", bottom(&s));
        s.keys("G");
        assert!(bottom(&s).contains("Bot"), "{}", bottom(&s));
        s.keys("g/");
        assert!(s.app.help_find().typing);
        assert!(bottom(&s).contains("/▏"), "{}", bottom(&s));
        s.keys("pins");
        let text = s.text();
        let marked = common::cells_in_style(&s, dossier::ui::theme::COLOR.matched);
        assert!(marked.to_lowercase().contains("pins"), "{marked:?}\n{text}");
        insta::assert_snapshot!(format!("help_find_{w}x{h}"), text);
        let Some(dossier::app::Overlay::Help { scroll: first }) = s.app.overlay().cloned() else {
            panic!("the help closed");
        };
        assert!(first > 0, "the help did not move to the word");
        // Enter keeps the word; n goes on to the next row with it.
        s.keys("\nn");
        assert!(!s.app.help_find().typing);
        let Some(dossier::app::Overlay::Help { scroll: next }) = s.app.overlay().cloned() else {
            panic!("the help closed");
        };
        assert_ne!(next, first);
        // Esc then closes the help.
        s.keys("\x1b");
        assert!(s.app.overlay().is_none());
    }
}

/// Esc's order, as the help states it: an overlay, a prompt, then the most
/// recent of the search marks, the filter and the zoom; the footer names
/// what Esc undoes next.
#[test]
fn esc_undoes_the_most_recent_thing_first() {
    use dossier::app::{Undo, next_undo};
    for (w, h) in [(80, 24), (120, 40)] {
        let d = load_bundled();
        // D 2 z Esc: the zoom goes, the filter stays.
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("D2z");
        assert_eq!(next_undo(&s.app), Some(Undo::Zoom));
        let footer = s.text().lines().last().unwrap_or("").to_string();
        assert!(footer.contains("Esc unzoom"), "{footer}");
        insta::assert_snapshot!(format!("esc_next_{w}x{h}"), s.text());
        s.keys("\x1b");
        assert!(!s.app.zoomed());
        assert!(s.app.lens().is_active());
        s.keys("\x1b");
        assert!(!s.app.lens().is_active());
        // z then D: the filter goes first.
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("zD\x1b");
        assert!(!s.app.lens().is_active() && s.app.zoomed());
        s.keys("\x1b");
        assert!(!s.app.zoomed());
        // A search, then the filter, then the zoom: Esc undoes them back
        // to front.
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("/emphasized\n");
        assert!(s.app.overlay().is_none());
        s.keys("Dz");
        assert_eq!(next_undo(&s.app), Some(Undo::Zoom));
        s.keys("\x1b");
        assert!(!s.app.zoomed() && s.app.lens().is_active());
        assert!(s.app.find().search.marking());
        s.keys("\x1b");
        assert!(!s.app.lens().is_active() && s.app.find().search.marking());
        s.keys("\x1b");
        assert!(!s.app.find().search.marking());
        assert_eq!(next_undo(&s.app), None);
        // An overlay and a prompt come before all of them.
        s.keys("Dz?");
        s.keys("\x1b");
        assert!(s.app.overlay().is_none() && s.app.zoomed());
        s.keys("/x\x1b");
        assert!(s.app.overlay().is_none() && s.app.zoomed() && s.app.lens().is_active());
    }
}

/// The details' frame says where the selected source is in its list
/// (`source 3 of 12`), or nothing: never a count of every link.
#[test]
fn the_details_frame_says_which_source_of_how_many() {
    let d = load_bundled();
    let (row, issue) = with_ten_sources(&d);
    let n = issue.sources.len();
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys(&select('i', row)).keys("2G");
        let frame = s.text().lines().nth(1).unwrap_or("").to_string();
        assert!(frame.contains(&format!("source {n} of {n}")), "{frame}");
        assert!(!s.text().contains(" links "), "{}", s.text());
        // A link that is not a source: nothing.
        s.keys("g");
        let shown = s.app.details().selected_link().map(|l| l.link);
        if !matches!(shown, Some(dossier::app::details::Link::Source(_))) {
            let frame = s.text().lines().nth(1).unwrap_or("").to_string();
            assert!(!frame.contains("source "), "{frame}");
        }
    }
}

/// A search starts where the reader is: its first hit is the first at or
/// after the selected entry, or the article's top line when the article
/// has the focus; hits keep their numbers in dossier order; with none
/// after, it wraps to the first and says so.
#[test]
fn a_search_starts_where_you_read() {
    use dossier::app::Overlay;
    use dossier_core::content::EntityRef;
    use dossier_core::search::{Field, HitIn};
    let d = load_bundled();
    let selected_hit = |s: &Screen| match s.app.overlay() {
        Some(Overlay::Search(p)) => p.selected,
        other => panic!("{other:?}"),
    };
    // In the timeline, on the 12th event.
    let mut s = Screen::new(d.clone(), 80, 24);
    s.keys(&format!("t{}", select('t', 12)));
    let here = s.app.selected_entity().expect("an event");
    s.keys("/the");
    let n = selected_hit(&s);
    let hits = s.app.find().search.hits().to_vec();
    assert!(n > 0, "the first hit of the dossier");
    assert!(hits[n].place >= HitIn::Entity(here), "{:?}", hits[n].place);
    assert!(hits[n - 1].place < HitIn::Entity(here));
    s.keys("\n");
    let status = common::flat(&s.text());
    assert!(
        status.contains(&format!("hit {}/{}", n + 1, hits.len())),
        "{status}"
    );
    // In an article scrolled down: the first hit at or below its top line.
    let mut s = Screen::new(d.clone(), 80, 24);
    s.keys("a3");
    for _ in 0..20 {
        s.keys("j");
    }
    let a = s.app.article().shown.expect("an article");
    let top = s.app.article().lines()[s.app.article().scroll].start;
    s.keys("/the");
    let n = selected_hit(&s);
    let hit = &s.app.find().search.hits()[n];
    assert_eq!(hit.place, HitIn::Entity(EntityRef::Article(a)));
    assert_eq!(hit.field, Field::Text);
    assert!(hit.range.start >= top);
    // Nothing after the end of the last article: the first hit, said so.
    let last = d.articles.len() - 1;
    let word = ["Teamsters", "strike", "SAG", "survey", "rally", "memo"]
        .into_iter()
        .find(|w| !d.articles[last].text.contains(w))
        .expect("a word not in the last article");
    let mut s = Screen::new(d.clone(), 80, 24);
    s.keys(&format!("a{}3G", select('a', last)));
    s.keys(&format!("/{word}"));
    assert!(!s.app.find().search.hits().is_empty(), "{word}");
    assert_eq!(selected_hit(&s), 0, "{word}");
    assert!(
        s.app.notice().is_some_and(|n| n.contains("the first hit")),
        "{:?}",
        s.app.notice()
    );
    let text = common::flat(&s.text());
    assert!(text.contains("No hit after where you were"), "{text}");
}

/// The footer follows what the keys do: typing what to find in the help,
/// Enter keeps it and Esc drops it; in the about overlay, j/k go from link
/// to link and Enter follows one.
#[test]
fn the_footer_names_the_keys_of_help_finding_and_about_links() {
    let d = dossier::bundled::load_bundled();
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = common::Screen::new(d.clone(), w, h);
        s.keys("?/pin");
        let footer = s.text().lines().last().unwrap_or_default().to_string();
        assert!(
            footer.contains("Enter done") && footer.contains("Esc cancel"),
            "{footer}"
        );
        assert!(
            !footer.contains("select") && !footer.contains("Enter go"),
            "{footer}"
        );
        s.keys("\x1b\x1bA");
        let footer = s.text().lines().last().unwrap_or_default().to_string();
        assert!(
            footer.contains("j/k link or scroll") && footer.contains("Enter follow"),
            "{footer}"
        );
    }
}

/// With the details zoomed, a quote under a source takes the lines it
/// needs; unzoomed, it is one line cut with `…`.
#[test]
fn quotes_under_sources_wrap_when_the_details_are_zoomed() {
    let d = dossier::bundled::load_bundled();
    // The deal cites long passages.
    let deal = d.find_event("tentative-deal").expect("the deal").0;
    let long = d.event(dossier_core::content::EventIx(deal)).sources[1]
        .quote
        .clone();
    // The details pane's text, its rows joined by spaces.
    let details = |s: &Screen| -> String {
        let a = dossier::app::layout::inner(s.app.areas().details);
        let buf = s.terminal.backend().buffer();
        let rows: Vec<String> = (a.y..a.bottom())
            .map(|y| {
                (a.x..a.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect();
        common::flat(&rows.join(" "))
    };
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys(&format!("g{}2", "j".repeat(deal)));
        assert!(!details(&s).contains(&long), "{w}x{h}: cut when not zoomed");
        s.keys("z");
        let mut seen = details(&s);
        for _ in 0..40 {
            if seen.contains(&long) {
                break;
            }
            s.keys("j");
            seen = details(&s);
        }
        assert!(
            seen.contains(&long),
            "{w}x{h}: the whole quote, wrapped\n{}",
            s.text()
        );
        s.keys("z");
        assert!(!details(&s).contains(&long), "{w}x{h}: cut again");
    }
}
