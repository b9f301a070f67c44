//! The reader driven by real key events into a test terminal: whole screens as
//! insta snapshots, the highlighted passage cell by cell, and the history.

use crate::common;

use common::{Screen, cells_in_style, ctrl, fixture, key};
use dossier::app::{Command, ListKind, Pane, location};
use dossier::ui::theme;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

const SIZES: [(u16, u16); 2] = [(120, 40), (80, 24)];

fn snap(name: &str, keys: &str) {
    for (w, h) in SIZES {
        let mut s = Screen::new(fixture(), w, h);
        s.keys(keys);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), s.terminal.backend());
    }
}

#[test]
fn start_screen() {
    snap("start", "");
}

#[test]
fn an_issue() {
    // The issues list, the second issue, then into its details.
    snap("issue", "ij\t");
}

#[test]
fn a_followed_source() {
    // Second event, Enter follows its first source to the passage.
    snap("followed", "j\n");
}

#[test]
fn back_after_following() {
    snap("back", "j\n\x08");
}

#[test]
fn help_overlay() {
    snap("help", "?");
}

#[test]
fn an_article_from_the_articles_list() {
    snap("article", "a\n");
}

fn fold_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn highlighted_cells_hold_exactly_the_quoted_passage() {
    for monochrome in [false, true] {
        for (w, h) in SIZES {
            let mut s = Screen::monochrome(fixture(), w, h, monochrome);
            // The last event cites a long passage that wraps over several lines.
            s.keys("G\n");
            assert_eq!(s.app.focus(), Pane::Article);
            let followed = s.app.article().passage().expect("a followed passage");
            let source = s.app.source(followed).expect("its source").clone();
            let article = &s.app.dossier().articles[source.article.0];
            let passage = fold_whitespace(&article.text[source.span.clone()]);
            let style = if monochrome {
                theme::MONOCHROME.followed
            } else {
                theme::COLOR.followed
            };
            let shown = cells_in_style(&s, style);
            assert_eq!(shown, passage, "at {w}x{h}, monochrome {monochrome}");
            let lines = s.app.article().lines();
            let first = s
                .app
                .article()
                .wrapped
                .as_ref()
                .expect("wrapped")
                .line_of(source.span.start);
            let last = s
                .app
                .article()
                .wrapped
                .as_ref()
                .expect("wrapped")
                .line_of(source.span.end - 1);
            assert!(
                last > first,
                "the passage should wrap at {w}x{h}: {:?}",
                &lines[first..=last]
            );
        }
    }
}

#[test]
fn other_cited_passages_are_marked_and_the_selection_shows_without_colour() {
    let mut s = Screen::monochrome(fixture(), 120, 40, true);
    s.keys("jj");
    // Second week: its article has several passages cited by others too.
    let marked = cells_in_style(&s, theme::MONOCHROME.passage);
    assert!(!marked.is_empty());
    let selected = cells_in_style(&s, theme::MONOCHROME.selected_focused);
    assert!(selected.contains("Second week"), "{selected:?}");
    // No colour at all under NO_COLOR.
    let buf = s.terminal.backend().buffer();
    assert!(
        buf.content
            .iter()
            .all(|c| c.fg == ratatui::style::Color::Reset && c.bg == ratatui::style::Color::Reset)
    );
}

#[test]
fn back_and_forward_restore_the_place() {
    let mut s = Screen::new(fixture(), 120, 40);
    // Second week, into its details, up from its first source to an issue.
    s.keys("jj\tk");
    assert!(s.app.history().back.is_empty());
    let here = location(&s.app);
    assert_eq!(here.focus, Pane::Details);
    s.keys("\n");
    assert_eq!(s.app.nav().kind(), ListKind::Issues);
    assert_eq!(s.app.focus(), Pane::Details);
    let there = location(&s.app);
    // Follow a source from the issue, then come all the way back.
    s.keys("\n");
    assert_eq!(s.app.focus(), Pane::Article);
    let article = location(&s.app);
    s.events([key(KeyCode::Backspace)]);
    assert_eq!(location(&s.app), there);
    s.events([ctrl('o')]);
    assert_eq!(location(&s.app), here);
    // Nothing further back.
    s.keys("H");
    assert_eq!(location(&s.app), here);
    s.keys("L");
    assert_eq!(location(&s.app), there);
    s.events([Event::Key(ratatui::crossterm::event::KeyEvent::new(
        KeyCode::Right,
        KeyModifiers::ALT,
    ))]);
    assert_eq!(location(&s.app), article);
    // A new jump forgets the way forward.
    s.keys("HH\n");
    assert!(s.app.history().forward.is_empty());
}

#[test]
fn enter_in_an_article_goes_to_what_cites_the_passage() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("a\n");
    assert_eq!(s.app.focus(), Pane::Article);
    assert_eq!(s.app.article().followed, None);
    s.keys("]");
    let first = s.app.article().passage().expect("] highlights a passage");
    s.keys("]");
    assert_ne!(s.app.article().passage(), Some(first));
    s.keys("[\n");
    assert_eq!(s.app.focus(), Pane::Details);
    let link = s.app.details().selected_link().expect("a link").link;
    assert_eq!(link, dossier::app::details::Link::Source(first));
}

#[test]
fn mouse_click_selects_and_follows() {
    let mut s = Screen::new(fixture(), 120, 40);
    let click = |column, row| {
        Event::Mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // The fourth row of the timeline (row 0 is the header, row 1 the border).
    s.events([click(5, 5)]);
    assert_eq!(s.app.nav().current().selected, 3);
    s.events([click(5, 5)]);
    assert_eq!(s.app.focus(), Pane::Article);
    let wheel = Event::Mouse(MouseEvent {
        kind: MouseEventKind::ScrollDown,
        column: 100,
        row: 20,
        modifiers: KeyModifiers::NONE,
    });
    let before = s.app.article().scroll;
    s.events([wheel]);
    assert!(s.app.article().scroll > before || s.app.article_rows() <= 34);
}

#[test]
fn too_small_and_problems() {
    let mut d = fixture();
    d.problems.push(dossier_core::content::Problem {
        severity: dossier_core::content::Severity::Error,
        code: dossier_core::content::Code::UnknownField,
        path: "events/broken.toml".into(),
        position: Some((3, 7)),
        message: "unknown field `titel`".into(),
        help: Some("did you mean `title`?".into()),
    });
    let mut s = Screen::new(d, 120, 40);
    assert!(
        s.text().contains("⚠ 1 error, 1 warning (p)"),
        "{}",
        s.text()
    );
    s.keys("p");
    assert!(
        s.text()
            .contains("events/broken.toml:3:7: error: unknown field `titel`")
    );
    assert!(s.text().contains("help: did you mean `title`?"));
    s.keys("\x1b");
    assert!(s.app.overlay().is_none());
    s.events([Event::Resize(40, 10)]);
    assert!(s.text().contains("Terminal too small"), "{}", s.text());
    s.events([Event::Resize(120, 40)]);
    assert!(!s.text().contains("Terminal too small"));
}

#[test]
fn hostile_text_is_inert_and_wide_text_aligned() {
    let mut d = fixture();
    d.events[0].title = "Evil \x1b[2J\x1b]0;pwned\x07 title 日本語の見出し 👩‍👩‍👧 \u{202e}x".into();
    d.articles[0].text = format!(
        "\x1b[31mred\r\n{}\n日本語のテキストがここに 😀 続きます。",
        "long ".repeat(50)
    )
    .into();
    for (w, h) in SIZES {
        let mut s = Screen::new(d.clone(), w, h);
        s.keys("a\n");
        let buf = s.terminal.backend().buffer();
        for c in buf.content.iter() {
            assert!(
                !c.symbol().chars().any(|ch| ch.is_control()),
                "control character in {:?}",
                c.symbol()
            );
        }
        // Every row keeps its borders at the same columns.
        let text = s.text();
        let widths: Vec<usize> = text
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .collect();
        assert!(widths.iter().all(|&x| x == usize::from(w)), "{text}");
    }
}

#[test]
fn quit_keys() {
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys("?q");
    assert!(!s.quit(), "q closes the overlay first");
    s.keys("q");
    assert!(s.quit());
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys("?");
    s.events([ctrl('c')]);
    assert!(s.quit());
    s.apply(Command::Quit);
}

/// At 80 columns the bundled timeline's date column is narrower than its
/// longest date, so that titles have room: no date is cut by an ellipsis;
/// a date keeps its year (shortened as `’24` when needed), except a span too
/// long for the column, which shows its months (its year is on the rows
/// around it, and in full under the list when it is selected).
#[test]
fn narrow_timeline_keeps_every_year_in_sight() {
    let d = dossier::bundled::load_bundled();
    let events = d.events.len();
    let mut s = Screen::new(d, 80, 24);
    let text = s.text();
    let area = s.app.list_rows_area();
    // Rows of the timeline pane, the date before the kind mark.
    let rows: Vec<String> = text
        .lines()
        .skip(usize::from(area.y))
        .take(events.min(usize::from(area.height)))
        .map(|l| l.trim_start_matches(['┃', '│', '▸', ' ']).to_string())
        .collect();
    // The general negotiations, a span from a derived day: its months and
    // year, with the mark.
    assert!(rows.iter().any(|r| r.starts_with("Apr–May’24? ")), "{text}");
    for r in &rows {
        let date: String = r.chars().take(11).collect();
        assert!(!date.contains('…'), "a date is cut: {r:?}\n{text}");
        assert!(
            date.contains("’2") || date.contains("202") || date.contains('–'),
            "no year in {date:?}\n{text}"
        );
    }
    // The span selected: its whole date under the list.
    let span = rows
        .iter()
        .position(|r| r.starts_with("Apr–May’24? "))
        .unwrap_or(0);
    s.keys(&"j".repeat(span));
    assert!(s.text().contains("30 Apr–16 May 2024? · "), "{}", s.text());
}

/// `y` on a followed source puts the exact passage (whitespace folded) and
/// its article's reference on the clipboard, and says so.
#[test]
fn y_copies_the_followed_passage_and_its_source() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("j\n");
    let passage = s.app.article().passage().expect("a passage is followed");
    let source = s.app.source(passage).expect("its source").clone();
    let article = &s.app.dossier().articles[source.article.0];
    let quoted = fold_whitespace(&article.text[source.span.clone()]);
    let title = article.title.clone();
    s.keys("y");
    let clip = s.clipboard().expect("y fills the clipboard").to_string();
    assert!(clip.starts_with(&format!("“{quoted}” — ")), "{clip}");
    assert!(clip.contains(&format!("“{title}”")), "{clip}");
    // Where it went is the loop's to say once a program or tmux answered:
    // until then nothing claims it was copied.
    assert!(
        s.text().contains("Copying the passage and its source"),
        "{}",
        s.text()
    );
    assert!(!s.text().contains("Copied"), "{}", s.text());
    // The next key clears the notice; the clipboard text is the loop's to send.
    s.keys("j");
    assert!(!s.text().contains("Copying"), "{}", s.text());
}
