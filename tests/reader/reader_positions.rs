//! A position's own passages in the reader: listed under it in the issue's
//! details, followed with Enter to the passage, and Back returns.

use crate::common;

use common::{Screen, fixture, key};
use dossier::app::details::Link;
use dossier::app::{ListKind, Pane, location};
use dossier_core::content::{IssueIx, SourceRef};
use ratatui::crossterm::event::KeyCode;

/// The working-conditions issue (the third), its details focused.
fn on_the_issue(w: u16, h: u16) -> Screen {
    let mut s = Screen::new(fixture(), w, h);
    s.keys("ijj\t");
    assert_eq!(s.app.nav().kind(), ListKind::Issues);
    assert_eq!(s.app.focus(), Pane::Details);
    s
}

#[test]
fn the_details_list_a_positions_passages_under_it() {
    for (w, h) in [(120, 40), (80, 24)] {
        let s = on_the_issue(w, h);
        insta::assert_snapshot!(format!("issue_{w}x{h}"), s.terminal.backend());
    }
    // Wide enough for whole lines.
    let s = on_the_issue(240, 50);
    let text = s.text();
    let union = text.find("Union").expect("the union's position");
    let passage = text
        .find("“We are constructively engaging with")
        .expect("its passage");
    let sources = text.find("Sources").expect("the issue's sources");
    assert!(union < passage && passage < sources, "{text}");
}

#[test]
fn enter_follows_a_positions_passage_and_back_returns() {
    let mut s = on_the_issue(120, 40);
    let position = SourceRef::Position(IssueIx(2), 0, 0);
    // The position's passage is the first source in the pane, selected first.
    let link = s.app.details().selected_link().expect("a link").link;
    assert_eq!(link, Link::Source(position));
    let here = location(&s.app);
    s.keys("\n");
    assert_eq!(s.app.focus(), Pane::Article);
    let passage = s.app.article().passage().expect("a highlighted passage");
    assert_eq!(passage, position);
    let article = &s.app.dossier().articles[s.app.article().shown.expect("an article").0];
    assert_eq!(article.id, "thewrap-second-week");
    let highlighted = common::cells_in_style(&s, dossier::ui::theme::COLOR.followed);
    assert_eq!(
        highlighted,
        "We are constructively engaging with employers to upgrade it"
    );
    s.events([key(KeyCode::Backspace)]);
    assert_eq!(location(&s.app), here);
    assert_eq!(
        s.app.details().selected_link().map(|l| l.link),
        Some(Link::Source(position))
    );
}

#[test]
fn the_article_lists_the_position_among_what_cites_it() {
    let mut s = Screen::new(fixture(), 240, 50);
    // The articles list, thewrap-second-week is the second.
    s.keys("aj");
    let position = Link::Citer(SourceRef::Position(IssueIx(2), 0, 0));
    let links = s.detail_links();
    assert!(links.contains(&position), "{links:?}");
    let text = s.text();
    assert!(text.contains("Issue: Working conditions (union)"), "{text}");
}
