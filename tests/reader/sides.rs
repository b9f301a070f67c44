//! Disputes, the dossier's own description, the sides and the article's
//! passages, each driven by keys through the real reader and drawn into a
//! test terminal at 80×24 and 120×40.

use crate::common;

use common::Screen;
use dossier::app::{Followed, ListKind, Overlay, Pane};
use dossier::bundled::load_bundled;
use dossier::ui::theme;
use dossier_core::content::{EntityRef, SourceRef};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

/// The rows of the left pane, as drawn.
fn list_rows(s: &Screen) -> Vec<String> {
    let area = dossier::app::layout::inner(s.app.areas().list);
    s.text()
        .lines()
        .skip(usize::from(area.y))
        .take(usize::from(area.height))
        .map(str::to_string)
        .collect()
}

#[test]
fn disputed_events_have_their_own_mark_and_a_filter() {
    let d = load_bundled();
    let disputed = d.events.iter().filter(|e| e.disputed.is_some()).count();
    assert!(disputed > 1);
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        // The timeline marks disputed events with ≠, never with the
        // header's ⚠.
        assert_ne!(theme::DISPUTED, theme::PROBLEMS);
        let text = s.text();
        assert!(text.contains(theme::DISPUTED), "{text}");
        let body: String = text.lines().skip(1).collect();
        assert!(!body.contains(theme::PROBLEMS), "{text}");

        // D: only the disputed events, said in the list's title.
        s.keys("D");
        assert_eq!(s.app.nav().kind(), ListKind::Timeline);
        assert!(s.app.lens().disputed);
        assert_eq!(s.app.list_len(ListKind::Timeline), disputed);
        let text = s.text();
        // `Timeline · filter: disputed · 5/22 events`, shortened on a
        // narrow pane to `filter: disputed · 5/22`.
        let title = format!("filter: disputed · {disputed}/{}", d.events.len());
        assert!(
            text.lines().nth(1).is_some_and(|l| l.contains(&title)),
            "{text}"
        );
        for row in list_rows(&s).iter().take(disputed) {
            assert!(row.contains(theme::DISPUTED), "{row}");
        }
        insta::assert_snapshot!(format!("disputed_filter_{w}x{h}"), text);

        // The details say what is disputed, under a label.
        s.keys("2");
        let text = s.text();
        assert!(text.contains("≠ Disputed: the sources disagree"), "{text}");

        // D again shows every event; Esc and F clear it too, and it
        // combines with the kind filter.
        s.keys("1D");
        assert!(!s.app.lens().is_active());
        assert_eq!(s.app.list_len(ListKind::Timeline), d.events.len());
        s.keys("D\x1b");
        assert!(!s.app.lens().is_active());
        s.keys("DF");
        assert!(!s.app.lens().is_active());
        s.keys("DK");
        let talks_disputed = d
            .events
            .iter()
            .filter(|e| e.disputed.is_some() && Some(e.kind) == s.app.lens().kind)
            .count();
        assert!(s.app.lens().disputed && s.app.lens().kind.is_some());
        assert_eq!(s.app.list_len(ListKind::Timeline), talks_disputed);
    }
}

#[test]
fn a_dossier_without_disputes_says_so_on_d() {
    let mut s = Screen::new(common::load(&[]), 80, 24);
    s.keys("D");
    assert!(!s.app.lens().is_active());
    assert!(s.text().contains("No event of this dossier is disputed"));
}

#[test]
fn the_help_explains_every_mark() {
    let mut s = Screen::new(load_bundled(), 120, 200);
    s.keys("?");
    let text = s.text();
    for mark in [
        theme::DISPUTED,
        theme::PROBLEMS,
        theme::NEW,
        theme::CHANGED,
        theme::PINNED,
        theme::CURSOR,
        "§",
        "¶",
        "Bot",
        "underlined in the details",
        "underlined in an article",
    ] {
        assert!(
            text.contains(mark),
            "the help does not explain {mark}:\n{text}"
        );
    }
    for kind in dossier_core::content::Kind::ALL {
        assert!(text.contains(kind.name()), "{kind:?}");
    }
}

#[test]
fn a_opens_what_the_dossier_says_about_itself() {
    let d = load_bundled();
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        // Not an opening page: the reader opens on the timeline.
        assert!(s.app.overlay().is_none());
        assert_eq!(s.app.nav().kind(), ListKind::Timeline);
        s.keys("A");
        assert!(matches!(s.app.overlay(), Some(Overlay::About { .. })));
        let text = s.text();
        assert!(text.contains("About this dossier"), "{text}");
        assert!(text.contains("IATSE and the AMPTP, 2024"), "{text}");
        assert!(text.contains("What it covers"), "{text}");
        // A link in the description reads as the title it names.
        assert!(!text.contains("[["), "{text}");
        insta::assert_snapshot!(format!("about_{w}x{h}"), text);
        // Its end: the dating policy, the counts and where it was read from.
        s.keys("G");
        let text = s.text();
        assert!(
            text.contains("22 events · 5 disputed · 11 issues · 5 articles"),
            "{text}"
        );
        assert!(text.contains("bundled with the program"), "{text}");
        // The description's last words (the line breaks fall where its text puts them).
        assert!(text.contains("Los Angeles)."), "{text}");
        s.keys("\x1b");
        assert!(s.app.overlay().is_none());
    }
    // Read from a folder: the folder is named.
    let app = dossier::app::App::new(common::fixture(), 120, 40)
        .with_folder(std::path::Path::new(common::FIXTURE));
    let mut s = Screen::new(common::fixture(), 120, 40);
    s.app = app;
    s.keys("AG");
    assert!(s.text().contains("tests/fixtures/reader"), "{}", s.text());
}

#[test]
fn s_shows_the_sides_and_enter_follows_a_position_to_its_passage() {
    let d = load_bundled();
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("s");
        assert_eq!(s.app.overlay(), Some(&Overlay::Sides));
        let text = s.text();
        assert!(
            text.contains("Sides: The union (IATSE) | The studios (AMPTP)"),
            "{text}"
        );
        // Side by side: the two sides' names, as dossier.toml declares
        // them, on one row.
        assert!(
            text.lines()
                .any(|l| l.contains("The union (IATSE)") && l.contains("│ The studios (AMPTP)")),
            "{text}"
        );
        assert!(text.contains(&d.issues[0].title), "{text}");
        insta::assert_snapshot!(format!("sides_{w}x{h}"), text);

        // Every passage of every position is reached by j alone.
        let links = s.app.sides().content.links.len();
        let mut reached = std::collections::HashSet::new();
        reached.extend(s.app.sides().selected);
        for _ in 0..s.app.sides().content.rows.len() + links {
            s.keys("j");
            reached.extend(s.app.sides().selected);
        }
        assert_eq!(reached.len(), links);
        // A position without passages says so.
        assert!(s.app.sides().content.rows.iter().any(|r| matches!(
            r,
            dossier::app::sides::Row::Cells(cells) if cells.iter().any(|c| matches!(
                c,
                dossier::app::sides::Cell::Text { text, .. }
                    if text.contains("no passage cited")
            ))
        )),);

        // Enter: the passage in its article; back: the sides again, where
        // they were.
        // The top, where no passage may show yet: Enter says how to
        // select one, j brings the first.
        s.keys("g");
        if s.app.sides().selected.is_none() {
            s.keys("\n");
            assert_eq!(s.app.overlay(), Some(&Overlay::Sides));
            assert!(
                s.text()
                    .contains("No passage selected: j moves to the next")
            );
        }
        for _ in 0..40 {
            if s.app.sides().selected.is_some() {
                break;
            }
            s.keys("j");
        }
        continue_with(&mut s);
    }
}

/// Enter on the selected passage of the sides view, then back.
fn continue_with(s: &mut Screen) {
    let link = s
        .app
        .sides()
        .selected_link()
        .copied()
        .expect("a passage selected");
    let place = (s.app.sides().selected, s.app.sides().scroll);
    s.keys("\n");
    assert!(s.app.overlay().is_none());
    assert_eq!(s.app.focus(), Pane::Article);
    assert_eq!(
        s.app.article().followed,
        Some(Followed::Passage(link.citer))
    );
    // The issue is in the list and its details.
    assert_eq!(s.app.details().shown, Some(link.citer.owner()));
    s.keys("\x08");
    assert_eq!(s.app.overlay(), Some(&Overlay::Sides));
    assert_eq!((s.app.sides().selected, s.app.sides().scroll), place);
    s.keys("s");
    assert!(s.app.overlay().is_none());
}

/// The TheWrap article: a passage of it is cited by three entries.
fn thewrap(d: &dossier_core::content::Dossier) -> dossier_core::content::ArticleIx {
    d.find_article("thewrap-second-week").expect("the article")
}

#[test]
fn brackets_step_by_passage_and_the_header_counts_who_cites_it() {
    let d = load_bundled();
    let a = thewrap(&d);
    let article = &d.articles[a.0];
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.apply(dossier::app::Action::Open(dossier::app::Target::Article(a)));
        s.draw();
        let passages = s.app.passages().len();
        assert!(
            passages < article.cited_by.len(),
            "some words are cited twice"
        );
        // ] from the top reaches every passage once, then says it is the last.
        let mut seen = Vec::new();
        for _ in 0..passages {
            s.keys("]");
            seen.push(s.app.passage_index().expect("a passage"));
        }
        assert_eq!(seen, (0..passages).collect::<Vec<_>>());
        s.keys("]");
        assert!(s.text().contains("Last cited passage"), "{}", s.text());
        assert_eq!(s.app.passage_index(), Some(passages - 1));
        // Back to the passage cited by three entries.
        let many = s
            .app
            .passages()
            .iter()
            .position(|p| p.entries().len() == 3)
            .expect("a passage cited by three entries");
        for _ in many..passages - 1 {
            s.keys("[");
        }
        let text = s.text();
        let header = format!("passage {}/{passages} · cited by 3", many + 1);
        assert!(text.contains(&header), "{text}");
        insta::assert_snapshot!(format!("article_header_{w}x{h}"), text);
        s.keys("]");
        assert_eq!(s.app.passage_index(), Some(many + 1));
    }
}

#[test]
fn enter_on_a_passage_cited_by_several_entries_offers_a_choice() {
    let d = load_bundled();
    let a = thewrap(&d);
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.apply(dossier::app::Action::Open(dossier::app::Target::Article(a)));
        let many = s
            .app
            .passages()
            .iter()
            .position(|p| p.entries().len() == 3)
            .expect("a passage cited by three entries");
        let entries: Vec<SourceRef> = s.app.passages()[many].entries();
        s.keys(&"]".repeat(many + 1));
        s.keys("\n");
        assert!(matches!(s.app.overlay(), Some(Overlay::Citers { .. })));
        let text = s.text();
        assert!(text.contains("Cited by 3 entries"), "{text}");
        insta::assert_snapshot!(format!("passage_chooser_{w}x{h}"), text);
        // Esc cancels: the article as it was.
        s.keys("\x1b");
        assert!(s.app.overlay().is_none());
        assert_eq!(s.app.focus(), Pane::Article);
        assert_eq!(s.app.passage_index(), Some(many));
        // Enter on the second entry goes to it, its source selected.
        s.keys("\nj\n");
        assert!(s.app.overlay().is_none());
        assert_eq!(s.app.focus(), Pane::Details);
        assert_eq!(s.app.details().shown, Some(entries[1].owner()));
        assert_eq!(
            s.app.details().selected_link().map(|l| l.link),
            Some(dossier::app::details::Link::Source(entries[1]))
        );
        // Back: the article again.
        s.keys("\x08");
        assert_eq!(s.app.focus(), Pane::Article);
        assert_eq!(s.app.passage_index(), Some(many));
    }
    // A passage cited by one entry: Enter goes straight to it.
    let mut s = Screen::new(d.clone(), 120, 40);
    s.apply(dossier::app::Action::Open(dossier::app::Target::Article(a)));
    let one = s
        .app
        .passages()
        .iter()
        .position(|p| p.entries().len() == 1)
        .expect("a passage cited once");
    s.keys(&"]".repeat(one + 1));
    s.keys("\n");
    assert!(s.app.overlay().is_none());
    assert_eq!(s.app.focus(), Pane::Details);
    assert!(matches!(
        s.app.details().shown,
        Some(EntityRef::Event(_) | EntityRef::Issue(_))
    ));
}

#[test]
fn a_click_selects_a_passage_of_the_sides_and_a_second_click_follows_it() {
    let d = load_bundled();
    let mut s = Screen::new(d, 120, 40);
    s.keys("s");
    let area = dossier::app::sides::rows_area(s.app.size());
    // The studios' second passage of the first issue, in the right column.
    let link = *s
        .app
        .sides()
        .content
        .links
        .iter()
        .filter(|l| l.column == 1)
        .nth(1)
        .expect("a studios passage");
    let item = s.app.sides().content.links.iter().position(|l| *l == link);
    let cw = s.app.sides().content.column_width as u16;
    let (column, row) = (area.x + cw + 6, area.y + link.first_row as u16 + 1);
    s.apply(dossier::app::Action::Click { column, row });
    assert_eq!(s.app.sides().selected, item);
    assert_eq!(s.app.overlay(), Some(&Overlay::Sides));
    s.apply(dossier::app::Action::Click { column, row });
    assert!(s.app.overlay().is_none());
    assert_eq!(
        s.app.article().followed,
        Some(Followed::Passage(link.citer))
    );
}

#[test]
fn on_a_narrow_screen_the_sides_are_stacked_and_say_which_is_in_view() {
    let d = load_bundled();
    let mut s = Screen::new(d.clone(), 64, 20);
    s.keys("s");
    assert_eq!(s.app.sides().content.columns, 1);
    let text = s.text();
    assert!(
        text.contains("Sides: The union (IATSE) | The studios (AMPTP)"),
        "{text}"
    );
    // Down into the studios' position of the first issue: its side and
    // issue stay named above the rows.
    let studios = format!("The studios (AMPTP) · {}", d.issues[0].title);
    let mut seen = false;
    for _ in 0..60 {
        s.keys("j");
        if s.text()
            .lines()
            .nth(2)
            .is_some_and(|l| l.contains(&studios))
        {
            seen = true;
            break;
        }
    }
    assert!(seen, "{}", s.text());
}

/// `s` opens the sides at the issue selected, its first passage selected.
#[test]
fn s_opens_the_sides_at_the_selected_issue() {
    let d = load_bundled();
    for (w, h) in SIZES {
        for row in [0, 5, d.issues.len() - 1] {
            let mut s = Screen::new(d.clone(), w, h);
            s.keys(&format!("ig{}s", "j".repeat(row)));
            assert!(matches!(s.app.overlay(), Some(Overlay::Sides)));
            let title = &d.issues[row].title;
            let text = s.text();
            assert!(
                text.contains(&title[..title.len().min(20)]),
                "{w}x{h}: {title} not in view\n{text}"
            );
            if let Some(l) = s.app.sides().selected_link() {
                assert!(
                    matches!(l.citer, SourceRef::Position(i, ..) if i.0 == row),
                    "{w}x{h}: a passage of another issue selected"
                );
            }
        }
    }
}

/// Paging to the end of the sides selects the last passage; to the top,
/// the first when it shows (none when the top has no passage in view).
#[test]
fn paging_to_the_end_of_the_sides_selects_the_last_passage() {
    let d = load_bundled();
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("s");
        let last = s.app.sides().content.links.len() - 1;
        for _ in 0..200 {
            s.keys(" ");
        }
        assert_eq!(s.app.sides().selected, Some(last), "{w}x{h}");
        for _ in 0..200 {
            s.keys("b");
        }
        let first = s.app.sides().selected;
        assert!(first.is_none() || first == Some(0), "{w}x{h}: {first:?}");
    }
}

/// The names in About's prose are marked as links, `j` selects the next
/// in view, and Enter goes to the entry it names.
#[test]
fn links_in_about_are_marked_and_followed() {
    let d = load_bundled();
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("A");
        let lines =
            dossier::app::about::lines(&s.app, dossier::app::about::text_width(s.app.size()));
        let links = dossier::app::about::links(&lines, &d);
        assert!(!links.is_empty(), "the description names entries");
        // Marked in the link style.
        let marked = common::cells_in_style(&s, theme::COLOR.link);
        let first = &lines[links[0].line];
        let (range, _) = &first.links[0];
        let name = &first.text[range.clone()];
        let rows = s.app.overlay_page();
        if links[0].line < rows {
            assert!(
                marked.contains(name.split(' ').next().unwrap_or("")),
                "{marked:?}"
            );
        }
        // j until a link is selected, then Enter goes to it.
        for _ in 0..60 {
            if s.app.about_link().is_some() {
                break;
            }
            s.keys("j");
        }
        let k = s.app.about_link().expect("a link selected");
        let selected = common::cells_in_style(&s, theme::COLOR.selected_focused);
        assert!(!selected.is_empty());
        if k == 0 {
            insta::assert_snapshot!(format!("about_link_{w}x{h}"), s.text());
        }
        s.keys("\n");
        assert!(s.app.overlay().is_none());
        assert_eq!(s.app.details().shown, Some(links[k].target), "{w}x{h}");
        // Back comes back to where the reader was.
        s.keys("\x08");
        assert_eq!(s.app.nav().kind(), ListKind::Timeline);
    }
}

/// Sides named in dossier.toml's `[sides]` are shown by those names, side
/// by side and stacked; without the table, by their keys with a capital.
#[test]
fn the_sides_view_shows_the_names_dossier_toml_declares() {
    let mut d = load_bundled();
    d.meta.sides = vec![
        ("union".into(), "The union (IATSE)".into()),
        ("studios".into(), "The studios (AMPTP)".into()),
    ];
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("s");
        let text = s.text();
        assert!(text.contains("The union (IATSE)"), "{text}");
        assert!(text.contains("The studios (AMPTP)"), "{text}");
        assert!(!text.lines().any(|l| l.contains("│ Studios")), "{text}");
    }
}

/// With one side alone, each issue takes one line, its title then the
/// side's position cut with "…": the bundled dossier's 11 issues fit one
/// 80×24 screen, and "what do the studios say, issue by issue" takes
/// three keys (`s` Tab Tab). Enter opens the position's first passage
/// beside its issue; Backspace comes back to the same line.
#[test]
fn tab_shows_one_side_alone_an_issue_a_line() {
    use dossier::app::sides::position_line;
    use dossier_core::content::IssueIx;
    let d = load_bundled();
    assert_eq!(d.issues.len(), 11);
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("s\t");
        assert_eq!(s.app.sides().alone, Some(0));
        let text = s.text();
        assert!(text.contains("Sides: The union (IATSE) alone"), "{text}");
        assert!(text.contains("Tab other side"), "{text}");
        s.keys("\t");
        assert_eq!(s.app.sides().alone, Some(1));
        let text = s.text();
        assert!(
            text.contains("Sides: The studios (AMPTP) alone · 11 issues"),
            "{text}"
        );
        insta::assert_snapshot!(format!("studios_alone_{w}x{h}"), text);
        for (ix, issue) in d.issues.iter().enumerate() {
            let (position, _) =
                position_line(&d, IssueIx(ix), "studios").expect("a studios' position");
            let title: String = issue.title.chars().take(14).collect();
            let start: String = position.chars().take(14).collect();
            let line = text
                .lines()
                .find(|l| l.contains(&title) && l.contains(&start))
                .unwrap_or_else(|| panic!("{w}x{h}: no line for {}\n{text}", issue.title));
            // Cut with a mark, never mid-word without one.
            let shown = line.rsplit(" │ ").next().unwrap_or("");
            let shown = shown.trim_end_matches(['┃', ' ']);
            assert!(
                shown.ends_with('…') || position.ends_with(shown),
                "{w}x{h}: {shown:?}"
            );
        }

        // j moves from issue to issue, and so does }; G the last; } past
        // it says so.
        s.keys("j");
        assert_eq!(s.app.sides().issue, 1);
        s.keys("}");
        assert_eq!(s.app.sides().issue, 2);
        s.keys("{");
        assert_eq!(s.app.sides().issue, 1);
        s.keys("G}");
        assert_eq!(s.app.sides().issue, 10);
        assert!(s.text().contains("Last issue"), "{}", s.text());
        s.keys("g");
        assert_eq!(s.app.sides().issue, 0);

        // Enter on AI protections: the studios' first passage, in its
        // article, beside the issue; Backspace: the same line again.
        s.keys("j\n");
        assert!(s.app.overlay().is_none());
        let (_, citer) = position_line(&d, IssueIx(1), "studios").expect("a position");
        let citer = citer.expect("the studios' AI position cites a passage");
        assert_eq!(s.app.article().followed, Some(Followed::Passage(citer)));
        assert_eq!(s.app.details().shown, Some(EntityRef::Issue(IssueIx(1))));
        s.keys("\x08");
        assert_eq!(s.app.overlay(), Some(&Overlay::Sides));
        assert_eq!((s.app.sides().alone, s.app.sides().issue), (Some(1), 1));

        // Tab again: both sides, at the same issue.
        s.keys("\t");
        assert_eq!(s.app.sides().alone, None);
        let text = s.text();
        assert!(text.contains("AI protections"), "{text}");
        if let Some(l) = s.app.sides().selected_link() {
            assert!(matches!(l.citer, SourceRef::Position(i, ..) if i.0 == 1));
        }
    }
}

/// With both sides shown, `}` and `{` go from issue to issue, `{` first
/// to the heading of the issue scrolled into; at the ends they say so.
#[test]
fn braces_jump_from_issue_to_issue_in_the_sides() {
    use dossier::app::sides::issue_row;
    use dossier_core::content::IssueIx;
    let d = load_bundled();
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("s");
        assert_eq!(s.app.sides().current_issue(), Some(IssueIx(0)));
        s.keys("{");
        assert!(s.text().contains("First issue"), "{}", s.text());
        for n in 1..d.issues.len() {
            s.keys("}");
            assert_eq!(s.app.sides().current_issue(), Some(IssueIx(n)), "{w}x{h}");
            let title: String = d.issues[n].title.chars().take(14).collect();
            assert!(s.text().contains(&title), "{w}x{h}\n{}", s.text());
        }
        s.keys("}");
        assert!(s.text().contains("Last issue"), "{}", s.text());
        // Into issue 3, then {: its heading; again: issue 2.
        s.keys("g}}}jj{");
        let row = issue_row(&s.app.sides().content, IssueIx(3)).expect("a heading");
        assert!(s.app.sides().scroll <= row, "{w}x{h}");
        assert_eq!(s.app.sides().current_issue(), Some(IssueIx(3)));
        s.keys("{");
        assert_eq!(s.app.sides().current_issue(), Some(IssueIx(2)));
    }
}

/// The frame's title names the sides as dossier.toml declares them, cut
/// to fit with a mark.
#[test]
fn the_sides_title_is_cut_to_fit() {
    let mut d = load_bundled();
    d.meta.sides = vec![
        (
            "union".into(),
            "The International Alliance of Theatrical Stage Employees".into(),
        ),
        (
            "studios".into(),
            "The Alliance of Motion Picture and Television Producers".into(),
        ),
    ];
    let mut s = Screen::new(d, 80, 24);
    s.keys("s");
    let top = s.text().lines().nth(1).unwrap_or_default().to_string();
    assert!(
        top.starts_with("┏ Sides: The International Alliance"),
        "{top}"
    );
    assert!(top.contains('…') && top.ends_with('┓'), "{top}");
}
