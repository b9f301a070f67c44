//! Search as less and vim users expect, and the prompts' conventions, driven
//! by real key events into the reader and drawn on a test backend: a fresh
//! query with a history on ↑, smart case, whole words on Tab, hits marked in
//! every pane, `n`/`N` saying where a hit is; Esc and Ctrl-c cancelling a
//! prompt, `:q` quitting, the order in which Esc undoes things, Back bringing
//! the filter back, paging keys and the messages at the ends.

use crate::common;

use common::{Screen, cells_in_style, ctrl, fixture, key};
use dossier::app::{ListKind, Overlay, Pane, location};
use dossier::ui::theme;
use dossier_core::content::{EntityRef, EventIx};
use dossier_core::search::{Field, HitIn};
use ratatui::crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

/// The status line, with the rows a long message wraps onto above it.
fn footer(s: &Screen) -> String {
    common::status_lines(s)
}

fn query(s: &Screen) -> String {
    s.app.find().search.query().to_string()
}

fn event(s: &Screen, id: &str) -> EntityRef {
    EntityRef::Event(s.app.dossier().find_event(id).expect("event"))
}

#[test]
fn slash_opens_a_fresh_query_and_up_recalls_the_earlier_ones() {
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys("/wages\n/prompts\n");
    assert_eq!(query(&s), "prompts");
    // A new prompt starts empty, however many searches came before.
    s.keys("/");
    assert_eq!(query(&s), "");
    assert!(s.text().contains("/ ▏"), "{}", s.text());
    // ↑ goes back through the history, newest first, and stops at the oldest.
    s.events([key(KeyCode::Up)]);
    assert_eq!(query(&s), "prompts");
    assert!(s.text().contains("/ prompts▏"), "{}", s.text());
    s.events([key(KeyCode::Up)]);
    assert_eq!(query(&s), "wages");
    s.events([key(KeyCode::Up)]);
    assert_eq!(query(&s), "wages");
    assert!(footer(&s).contains("oldest"), "{}", footer(&s));
    // ↓ comes forward again, down to the new, empty query.
    s.events([key(KeyCode::Down)]);
    assert_eq!(query(&s), "prompts");
    s.events([key(KeyCode::Down)]);
    assert_eq!(query(&s), "");
    s.events([key(KeyCode::Down)]);
    assert_eq!(query(&s), "");
    // What was being typed is kept while the history is looked through.
    s.keys("memo");
    s.events([key(KeyCode::Up), key(KeyCode::Up), key(KeyCode::Down)]);
    assert_eq!(query(&s), "prompts");
    s.events([key(KeyCode::Down)]);
    assert_eq!(query(&s), "memo");
    // Letters are typed, not obeyed; Ctrl-n/Ctrl-p select hits.
    s.keys("\x1b");
    assert!(s.app.overlay().is_none());
    // Cancelled, the search before it is back for n/N.
    assert_eq!(query(&s), "prompts");
    s.keys("/wages");
    let first = s.app.find().search.hits().len();
    assert!(first > 2);
    // The search starts at the first hit where the reader is; Ctrl-n/Ctrl-p
    // move from there.
    let start = match s.app.overlay() {
        Some(Overlay::Search(p)) => p.selected.min(first - 3),
        other => panic!("{other:?}"),
    };
    s.events(std::iter::repeat_n(ctrl('p'), 40));
    s.events(std::iter::repeat_n(ctrl('n'), start + 2));
    match s.app.overlay() {
        Some(Overlay::Search(p)) => assert_eq!(p.selected, start + 2),
        other => panic!("{other:?}"),
    }
    s.events([ctrl('p')]);
    match s.app.overlay() {
        Some(Overlay::Search(p)) => assert_eq!(p.selected, start + 1),
        other => panic!("{other:?}"),
    }
}

/// The text of every hit.
fn hit_texts(s: &Screen) -> Vec<String> {
    let d = s.app.dossier();
    s.app
        .find()
        .search
        .hits()
        .iter()
        .map(|h| h.text(d)[h.range.clone()].to_string())
        .collect()
}

#[test]
fn smart_case_and_whole_words_on_tab() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("/ai");
    let any_case = hit_texts(&s);
    assert!(any_case.iter().any(|t| t == "AI"), "{any_case:?}");
    assert!(any_case.iter().any(|t| t == "ai"), "{any_case:?}");
    // An uppercase letter: that case only.
    s.events([ctrl('u')]);
    s.keys("AI");
    let exact = hit_texts(&s);
    assert!(!exact.is_empty());
    assert!(exact.iter().all(|t| t == "AI"), "{exact:?}");
    assert!(exact.len() < any_case.len());
    assert!(s.text().contains("exact case"), "{}", s.text());
    // Whole words, shown in the frame: `ai` inside a word is no hit.
    s.events([ctrl('u')]);
    s.keys("ai");
    assert!(s.text().contains("Tab words: off"), "{}", s.text());
    s.keys("\t");
    assert!(s.text().contains("Tab words: on"), "{}", s.text());
    let d = s.app.dossier().clone();
    let hits = s.app.find().search.hits().to_vec();
    assert!(!hits.is_empty());
    assert!(hits.len() < any_case.len(), "{} hits", hits.len());
    for h in &hits {
        let text = h.text(&d);
        let before = text[..h.range.start].chars().next_back();
        let after = text[h.range.end..].chars().next();
        for c in [before, after].into_iter().flatten() {
            assert!(!c.is_alphanumeric(), "{:?}", &text[h.range.clone()]);
        }
    }
    // The option stays for n/N, and ends with the next fresh search.
    s.keys("\n");
    assert!(s.app.find().search.search.options().words);
    s.keys("nn");
    assert!(s.app.find().search.search.options().words);
    assert_eq!(s.app.find().search.hits().len(), hits.len());
    s.keys("/");
    assert!(s.text().contains("Tab words: off"), "{}", s.text());
    s.keys("\t");
    assert!(s.text().contains("Tab words: on"), "{}", s.text());
}

#[test]
fn disputes_date_notes_and_statuses_are_searched_and_marked_in_the_details() {
    for (w, h) in SIZES {
        let mut s = Screen::new(fixture(), w, h);
        // In the summary and in the dispute of one event.
        s.keys("/disclosed\n");
        let deal = event(&s, "tentative-deal");
        assert_eq!(s.app.details().shown, Some(deal));
        let fields: Vec<Field> = s.app.find().search.hits().iter().map(|h| h.field).collect();
        assert_eq!(fields, [Field::Summary, Field::Disputed, Field::Text]);
        assert!(footer(&s).contains("hit 1/3"), "{}", footer(&s));
        assert!(
            footer(&s).contains("in the details (summary) of"),
            "{}",
            footer(&s)
        );
        // The hit gone to is marked as the current one, the other as a match.
        let current = cells_in_style(&s, theme::COLOR.followed);
        assert!(current.contains("disclosed"), "{current:?}\n{}", s.text());
        s.keys("n");
        assert!(footer(&s).contains("hit 2/3"), "{}", footer(&s));
        assert!(
            footer(&s).contains("in the details (disputed) of"),
            "{}",
            footer(&s)
        );
        // Both marks show (the dispute is in view, scrolled to if need be).
        let text = s.text();
        assert!(text.matches("disclosed").count() >= 2, "{text}");
        let marked = cells_in_style(&s, theme::COLOR.followed);
        assert!(marked.contains("disclosed"), "{marked:?}\n{text}");
        // A date note and an issue's status.
        s.keys("/per the memo\n");
        assert_eq!(s.app.details().shown, Some(event(&s, "second-week-ends")));
        assert!(footer(&s).contains("(date note)"), "{}", footer(&s));
        s.keys("/tentative agreement\n");
        let hits = s.app.find().search.hits().to_vec();
        assert!(hits.iter().any(|h| h.field == Field::Status), "{hits:?}");
    }
}

/// Whether the list row showing `title` draws the start of it as a match.
fn title_marked(s: &Screen, title: &str) -> Option<bool> {
    let buf = s.terminal.backend().buffer();
    let list_width = s.app.areas().list.width;
    let start: String = title.chars().take(5).collect();
    for y in 0..buf.area.height {
        let row: String = (0..list_width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(at) = row.find(&start) {
            let x = row[..at].chars().count() as u16;
            let style = buf[(x, y)].style();
            return Some(
                style
                    .add_modifier
                    .contains(theme::COLOR.matched.add_modifier),
            );
        }
    }
    None
}

#[test]
fn the_lists_mark_entries_with_hits() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("/disclosed\n");
    // Esc leaves nothing open but the marks; the timeline shows.
    s.keys("t");
    assert_eq!(s.app.nav().kind(), ListKind::Timeline);
    let d = s.app.dossier().clone();
    let mut seen = 0;
    for (i, e) in d.events.iter().enumerate() {
        let hit = s.app.find().search.has_hit(EntityRef::Event(EventIx(i)));
        if let Some(marked) = title_marked(&s, &e.title) {
            assert_eq!(marked, hit, "{}", e.title);
            seen += 1;
        }
    }
    assert!(seen >= 4, "{}", s.text());
    // The articles list too: the article that says it.
    s.keys("a");
    let marked: Vec<bool> = d
        .articles
        .iter()
        .filter_map(|a| title_marked(&s, &a.title))
        .collect();
    assert!(
        marked.contains(&true) && marked.contains(&false),
        "{marked:?}"
    );
    // Esc hides the marks; n shows them again.
    s.keys("\x1b");
    assert!(!s.app.find().search.marking());
    assert!(footer(&s).contains("hidden"), "{}", footer(&s));
    let none: Vec<bool> = d
        .articles
        .iter()
        .filter_map(|a| title_marked(&s, &a.title))
        .collect();
    assert!(!none.contains(&true), "{none:?}");
    s.keys("n");
    assert!(s.app.find().search.marking());
}

#[test]
fn the_article_marks_every_hit_in_view() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("/the union\n");
    let hits = s.app.find().search.hits().to_vec();
    let n = hits
        .iter()
        .position(|h| h.field == Field::Text)
        .expect("a hit in an article");
    while s.app.find().search.current != Some(n) {
        s.keys("n");
    }
    assert_eq!(s.app.focus(), Pane::Article);
    let HitIn::Entity(EntityRef::Article(a)) = hits[n].place else {
        panic!("{:?}", hits[n]);
    };
    let in_article = hits.iter().filter(|h| h.place == hits[n].place).count();
    assert!(in_article >= 2, "want two hits in one article");
    // The current hit as the followed passage, the others in view as matches.
    let followed = cells_in_style(&s, theme::COLOR.followed);
    assert!(
        followed.to_lowercase().contains("the union"),
        "{followed:?}"
    );
    let text = &s.app.dossier().articles[a.0].text;
    let body = s.text();
    let others: Vec<_> = hits
        .iter()
        .skip(n + 1)
        .filter(|h| h.place == hits[n].place && h.field == Field::Text)
        .collect();
    assert!(!others.is_empty());
    let marked = cells_in_style(&s, theme::COLOR.matched).to_lowercase();
    assert!(marked.contains("the union"), "{marked:?}\n{body}");
    let _ = text;
}

#[test]
fn n_without_hits_and_back_and_forward_at_the_ends_say_so() {
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys("n");
    assert!(footer(&s).contains("No search yet"), "{}", footer(&s));
    s.keys("H");
    assert!(
        footer(&s).contains("Nothing to go back to"),
        "{}",
        footer(&s)
    );
    s.keys("L");
    assert!(
        footer(&s).contains("Nothing to go forward to"),
        "{}",
        footer(&s)
    );
    s.keys("/zzzq\n");
    assert!(footer(&s).contains("No hits for"), "{}", footer(&s));
    s.keys("n");
    assert!(footer(&s).contains("No hits for"), "{}", footer(&s));
    // At the ends of the article's passages.
    s.keys(&format!("3G{}", "]".repeat(30)));
    assert!(footer(&s).contains("Last cited passage"), "{}", footer(&s));
}

#[test]
fn esc_and_ctrl_c_cancel_either_prompt_back_to_where_it_was() {
    for cancel in [key(KeyCode::Esc), ctrl('c')] {
        let mut s = Screen::new(fixture(), 80, 24);
        s.keys("jj\t");
        let here = location(&s.app);
        s.keys("/wages");
        s.events([ctrl('n'), ctrl('n')]);
        assert_ne!(location(&s.app), here);
        s.events([cancel.clone()]);
        assert!(s.app.overlay().is_none());
        assert!(!s.quit(), "a prompt's cancel key does not quit");
        assert_eq!(location(&s.app), here);
        s.keys(":wages");
        assert_ne!(location(&s.app), here);
        s.events([cancel.clone()]);
        assert!(s.app.overlay().is_none());
        assert!(!s.quit());
        assert_eq!(location(&s.app), here);
        assert!(s.app.history().back.is_empty());
    }
    // In the panes, Ctrl-c still quits.
    let mut s = Screen::new(fixture(), 80, 24);
    s.events([ctrl('c')]);
    assert!(s.quit());
}

#[test]
fn colon_q_enter_quits_and_other_queries_do_not() {
    for q in ["q", "quit", "q!"] {
        let mut s = Screen::new(fixture(), 80, 24);
        s.keys(&format!(":{q}"));
        assert!(!s.quit());
        s.keys("\n");
        assert!(s.quit(), ":{q}");
    }
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys(":qu\n");
    assert!(!s.quit());
    // A search for q quits nothing either.
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys("/q\n");
    assert!(!s.quit());
}

#[test]
fn esc_undoes_one_thing_at_a_time_the_most_recent_first() {
    let mut s = Screen::new(fixture(), 120, 40);
    // A filter, a search's marks, the zoom, then the help over it all.
    s.keys("K");
    assert!(s.app.lens().is_active());
    s.keys("/wages\n");
    s.keys("z");
    assert!(s.app.zoomed());
    s.keys("?");
    assert!(matches!(s.app.overlay(), Some(Overlay::Help { .. })));
    // The overlay first.
    s.keys("\x1b");
    assert!(s.app.overlay().is_none());
    assert!(s.app.find().search.marking() && s.app.lens().is_active() && s.app.zoomed());
    // A prompt next: Esc cancels it, and only it.
    s.keys("/");
    s.keys("\x1b");
    assert!(s.app.overlay().is_none());
    assert!(s.app.find().search.marking() && s.app.lens().is_active() && s.app.zoomed());
    // Then the most recent first: the zoom, the search marks, the filter.
    s.keys("\x1b");
    assert!(!s.app.zoomed());
    assert!(s.app.find().search.marking() && s.app.lens().is_active());
    s.keys("\x1b");
    assert!(!s.app.find().search.marking());
    assert!(s.app.lens().is_active());
    s.keys("\x1b");
    assert!(!s.app.lens().is_active());
    // The help says so.
    s.keys("?");
    let mut help = String::new();
    for _ in 0..30 {
        help.push_str(&s.text());
        s.events([key(KeyCode::PageDown)]);
    }
    let flat = common::flat(&help);
    assert!(
        flat.contains("else undoes the most recent of the search marks"),
        "{flat}"
    );
}

#[test]
fn back_and_forward_bring_the_filter_back_with_the_place() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("K");
    let filtered = location(&s.app);
    let shown = s.app.list_len(ListKind::Timeline);
    assert!(shown < s.app.dossier().events.len());
    // A search hit in an event the filter hides: the jump clears it.
    let hidden = s
        .app
        .dossier()
        .events
        .iter()
        .position(|e| Some(e.kind) != s.app.lens().kind)
        .expect("an event the filter hides");
    let title = s.app.dossier().events[hidden].title.clone();
    s.keys(&format!("/{title}\n"));
    assert!(!s.app.lens().is_active());
    assert_eq!(
        s.app.selected_entity(),
        Some(EntityRef::Event(EventIx(hidden)))
    );
    s.keys("H");
    assert!(s.app.lens().is_active());
    assert_eq!(s.app.list_len(ListKind::Timeline), shown);
    assert_eq!(location(&s.app), filtered);
    s.keys("L");
    assert!(!s.app.lens().is_active());
    assert_eq!(
        s.app.selected_entity(),
        Some(EntityRef::Event(EventIx(hidden)))
    );
}

#[test]
fn b_ctrl_b_and_ctrl_f_page_in_lists_details_and_article() {
    let mut s = Screen::new(fixture(), 80, 24);
    // The article: down a page and back.
    s.keys("3");
    assert_eq!(s.app.focus(), Pane::Article);
    s.keys("g");
    s.events([ctrl('f')]);
    let down = s.app.article().scroll;
    assert!(down > 1, "{down}");
    s.keys("b");
    assert_eq!(s.app.article().scroll, 0);
    s.events([ctrl('f'), ctrl('b')]);
    assert_eq!(s.app.article().scroll, 0);
    // The list: a page moves the selection as far as PgDn does.
    s.keys("1g");
    s.events([key(KeyCode::PageDown)]);
    let pgdn = s.app.nav().current().selected;
    s.keys("g");
    s.events([ctrl('f')]);
    assert_eq!(s.app.nav().current().selected, pgdn);
    assert!(pgdn > 0);
    s.keys("b");
    assert_eq!(s.app.nav().current().selected, 0);
    // The details of a long entry.
    s.keys("G2g");
    s.events([ctrl('f')]);
    let scrolled = s.app.details().scroll;
    s.events([ctrl('b')]);
    assert!(s.app.details().scroll < scrolled || scrolled == 0);
}

#[test]
fn search_prompt_with_whole_words_snapshot() {
    for (w, h) in SIZES {
        let mut s = Screen::new(fixture(), w, h);
        s.keys("/ai\t");
        assert!(s.text().contains("words: on"), "{}", s.text());
        insta::assert_snapshot!(format!("search_words_{w}x{h}"), s.terminal.backend());
    }
}

#[test]
fn details_with_marked_hits_snapshot() {
    for (w, h) in SIZES {
        let mut s = Screen::new(fixture(), w, h);
        s.keys("/ai\t\nnnn");
        // Somewhere in an event's or issue's details, its hits marked.
        assert_eq!(s.app.focus(), Pane::Details);
        let marked = cells_in_style(&s, theme::COLOR.matched);
        let current = cells_in_style(&s, theme::COLOR.followed);
        assert!(
            marked.to_lowercase().contains("ai") || current.to_lowercase().contains("ai"),
            "{}",
            s.text()
        );
        insta::assert_snapshot!(format!("details_hits_{w}x{h}"), s.terminal.backend());
    }
}

#[test]
fn a_hit_in_the_description_opens_the_about_overlay_and_n_goes_on() {
    let mut s = Screen::new(dossier::bundled::load_bundled(), 80, 24);
    // The description comes before every entry: chosen at the top of the list.
    s.keys("/ai\t");
    s.events(std::iter::repeat_n(ctrl('p'), 200));
    s.keys("\n");
    let first = s.app.find().search.hits()[0].clone();
    assert_eq!(first.place, HitIn::Dossier);
    assert!(matches!(s.app.overlay(), Some(Overlay::About { .. })));
    assert!(
        footer(&s).contains("hit 1/") && footer(&s).contains("description"),
        "{}",
        footer(&s)
    );
    // The hit is marked in the overlay.
    let marked = cells_in_style(&s, theme::COLOR.matched);
    assert!(marked.contains("AI"), "{marked:?}\n{}", s.text());
    // The description may hold several hits: n steps through them in the
    // overlay, then goes on to the first hit outside it.
    let in_description = s
        .app
        .find()
        .search
        .hits()
        .iter()
        .take_while(|h| h.place == HitIn::Dossier)
        .count();
    s.keys(&"n".repeat(in_description));
    assert!(s.app.overlay().is_none());
    assert_eq!(s.app.find().search.current, Some(in_description));
    assert!(
        footer(&s).contains(&format!("hit {}/", in_description + 1)),
        "{}",
        footer(&s)
    );
}

/// With `whole-words = true` in the configuration, each fresh `/` starts
/// with whole words on; Tab still turns them off for that search.
#[test]
fn the_configuration_can_start_every_search_with_whole_words() {
    let dir = common::scratch("config", "whole-words");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, "whole-words = true\n").unwrap();
    let settings = dossier::settings::Settings::load(Some(&file));
    assert!(settings.whole_words);
    assert!(settings.problems.is_empty());
    let mut s = Screen::new(fixture(), 120, 40);
    s.app = dossier::app::App::new(fixture(), 120, 40).with_whole_words(settings.whole_words);
    s.keys("/ai");
    assert!(s.text().contains("Tab words: on"), "{}", s.text());
    s.keys("\t");
    assert!(s.text().contains("Tab words: off"), "{}", s.text());
    s.keys("\x1b/");
    assert!(s.text().contains("Tab words: on"), "{}", s.text());
    // A value that is not true or false is a problem, and the default stays.
    std::fs::write(&file, "whole-words = \"yes\"\n").unwrap();
    let settings = dossier::settings::Settings::load(Some(&file));
    assert!(!settings.whole_words);
    assert!(
        settings.problems[0]
            .to_string()
            .contains("whole-words is true or false, not string"),
        "{:?}",
        settings.problems
    );
    // `dossier config` prints it.
    assert!(settings.print().contains("whole-words = false"));
    let _ = std::fs::remove_dir_all(&dir);
}
