//! Links in prose in the reader: shown by title and styled as links in the
//! details pane, reached with j/k in reading order, followed with Enter,
//! and Back returns; what names an entry is listed under it.

use crate::common;

use common::{EVENT, ISSUE, Screen, key, load};
use dossier::app::details::{Link, Row};
use dossier::app::{ListKind, Pane, location};
use dossier::ui::theme;
use dossier_core::content::{ArticleIx, Dossier, EventIx, IssueIx};
use ratatui::crossterm::event::KeyCode;

/// The base dossier with an event whose summary links to the issue (by its
/// title) and to the article (by the curator's words), and a second event
/// whose date note names the first.
fn dossier() -> Dossier {
    let e = EVENT.replace(
        "summary = \"S\"",
        "summary = \"\"\"\nThe sides met on [[i]] and \\\nthe press wrote it up in [[article:a|the Courier’s \\\nreport]].\"\"\"",
    );
    let e2 = EVENT
        .replace("title = \"E\"", "title = \"Later\"")
        .replace("2024-05-10", "2024-05-11")
        .replace(
            "summary = \"S\"",
            "summary = \"S2\"\ndate_note = \"The day after [[e]].\"",
        );
    let issue = ISSUE.replace("title = \"I\"", "title = \"Pay\"");
    let d = load(&[
        ("events/e.toml", Some(&e)),
        ("events/e2.toml", Some(&e2)),
        ("issues/i.toml", Some(&issue)),
    ]);
    assert_eq!(common::printed(&d), Vec::<String>::new());
    d
}

/// The first event's details, focused.
fn on_the_event(w: u16, h: u16) -> Screen {
    let mut s = Screen::new(dossier(), w, h);
    s.keys("\t");
    assert_eq!(s.app.focus(), Pane::Details);
    assert_eq!(
        s.app.details().shown,
        Some(dossier_core::content::EntityRef::Event(EventIx(0)))
    );
    s
}

fn selected(s: &Screen) -> Option<Link> {
    s.app.details().selected_link().map(|l| l.link)
}

#[test]
fn prose_links_read_as_titles_and_are_links_of_the_pane_in_reading_order() {
    let s = on_the_event(80, 24);
    let links = s.detail_links();
    assert_eq!(
        links,
        [
            // The summary's links, then the pane's own.
            Link::Issue(IssueIx(0)),
            Link::Article(ArticleIx(0)),
            Link::Issue(IssueIx(0)),
            Link::Source(dossier_core::content::SourceRef::Event(EventIx(0), 0)),
            // What names this event: the second one's date note.
            Link::Event(EventIx(1)),
        ]
    );
    let text = s.text();
    assert!(
        text.contains("The sides met on Pay and the press"),
        "{text}"
    );
    assert!(!text.contains("[["), "{text}");
    // The link's words sit in text rows, as ranges of them.
    let ranges: Vec<(String, usize)> = s
        .app
        .details()
        .content
        .rows
        .iter()
        .flat_map(|r| match r {
            Row::Text { text, links, .. } => links
                .iter()
                .map(|(range, item)| (text[range.clone()].to_string(), *item))
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    let words: Vec<&str> = ranges.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(words.join(" "), "Pay the Courier’s report");
    assert!(
        ranges.iter().skip(1).all(|(_, item)| *item == 1),
        "{ranges:?}"
    );
}

#[test]
fn the_details_pane_with_links_in_prose() {
    for (w, h) in [(120, 40), (80, 24)] {
        let mut s = on_the_event(w, h);
        // Up from the source, through the issue link, to the article link.
        s.keys("kk");
        assert_eq!(selected(&s), Some(Link::Article(ArticleIx(0))));
        insta::assert_snapshot!(format!("event_{w}x{h}"), s.terminal.backend());
    }
}

#[test]
fn a_link_is_styled_as_a_link_and_the_selected_one_as_the_selection() {
    let mut s = on_the_event(80, 24);
    s.keys("kk");
    let selected_cells = common::cells_in_style(&s, theme::COLOR.selected_focused);
    assert!(
        selected_cells.contains("the Courier’s") && selected_cells.contains("report"),
        "{selected_cells}"
    );
    let link_cells = common::cells_in_style(&s, theme::COLOR.link);
    assert!(link_cells.starts_with("Pay"), "{link_cells}");
    assert!(!link_cells.contains("Courier"), "{link_cells}");
}

#[test]
fn enter_follows_a_link_in_prose_and_back_returns() {
    let mut s = on_the_event(120, 40);
    s.keys("kkk");
    assert_eq!(selected(&s), Some(Link::Issue(IssueIx(0))));
    let here = location(&s.app);
    s.keys("\n");
    assert_eq!(s.app.nav().kind(), ListKind::Issues);
    assert_eq!(
        s.app.details().shown,
        Some(dossier_core::content::EntityRef::Issue(IssueIx(0)))
    );
    // The issue lists what names it.
    let text = s.text();
    assert!(text.contains("Named in"), "{text}");
    s.events([key(KeyCode::Backspace)]);
    assert_eq!(location(&s.app), here);
    assert_eq!(selected(&s), Some(Link::Issue(IssueIx(0))));

    // An article link opens the article.
    s.keys("j\n");
    assert_eq!(s.app.focus(), Pane::Article);
    assert_eq!(s.app.article().shown, Some(ArticleIx(0)));
    s.events([key(KeyCode::Backspace)]);
    assert_eq!(selected(&s), Some(Link::Article(ArticleIx(0))));
}

#[test]
fn the_named_in_link_leads_to_the_entry_that_names_this_one() {
    let mut s = on_the_event(120, 40);
    s.keys("G");
    assert_eq!(selected(&s), Some(Link::Event(EventIx(1))));
    s.keys("\n");
    assert_eq!(
        s.app.details().shown,
        Some(dossier_core::content::EntityRef::Event(EventIx(1)))
    );
    let text = s.text();
    assert!(text.contains("The day after E."), "{text}");
}

#[test]
fn a_click_on_a_link_in_prose_selects_it_and_a_second_follows_it() {
    use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let mut s = on_the_event(120, 40);
    let text = s.text();
    let (row, line) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("met on Pay"))
        .expect("the summary's row");
    let byte = line.find("Pay").expect("the link");
    let column = line[..byte].chars().count() as u16 + 1;
    let click = Event::Mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row: row as u16,
        modifiers: KeyModifiers::NONE,
    });
    s.events([click.clone()]);
    assert_eq!(selected(&s), Some(Link::Issue(IssueIx(0))));
    assert_eq!(s.app.details().selected, Some(0));
    s.events([click]);
    assert_eq!(s.app.nav().kind(), ListKind::Issues);
}
