//! A large folder shown as a preview while the rest is read: what is shown
//! and said meanwhile, the keys that wait for the rest and are carried out
//! once it is there, in order, and a reader whose dossier, problems and
//! counts are then a full load's. Driven through the real keymap and update
//! on a test terminal, with the message the loader sends once it has read
//! the folder whole (`Reload::Completed`).

use std::sync::Arc;

use crate::common;

use common::{Screen, status_line};
use dossier::app::{Action, App, Pane, Reading, Reload};
use dossier_core::content::{Focus, Progress, load_dir, preview_dir, preview_dir_first};

/// A reader on a preview of `folder`, and the count its loader keeps.
fn previewed(folder: &std::path::Path, w: u16, h: u16) -> (Screen, Arc<Progress>) {
    let p = preview_dir(folder, 0, &Focus::default()).expect("a preview");
    let read = Arc::new(Progress::default());
    let app =
        App::new(p.dossier, w, h).with_reading(Reading::new(p.whole, p.files, Arc::clone(&read)));
    let mut s = Screen::of(app);
    s.draw();
    (s, read)
}

/// The loader's whole dossier comes, and the reader draws it.
fn whole_comes(s: &mut Screen, full: &dossier_core::content::Dossier) {
    s.apply(Action::Reload(Reload::Completed(Arc::new(full.clone()))));
    s.draw();
}

/// The loop's tick while the rest is read, and a frame.
fn tick(s: &mut Screen) {
    s.apply(Action::Tick(std::time::Instant::now()));
    s.draw();
}

/// A synthetic dossier with mistakes in some of its files.
fn broken_synthetic(name: &str) -> std::path::PathBuf {
    let dir = common::synthetic("reader-preview", name, 300, 5);
    common::spoil_events(&dir, 23);
    dir
}

#[test]
fn the_first_screen_is_whole_and_the_rest_says_it_is_being_read() {
    let folder = broken_synthetic("first");
    let (mut s, read) = previewed(&folder, 120, 40);
    let full = load_dir(&folder);
    let screen = s.text();
    // The count of the files read, in the header.
    let files = std::fs::read_dir(folder.join("events"))
        .expect("events")
        .count()
        + 20
        + 40
        + 1;
    assert!(
        screen.contains(&format!("reading the rest: 0 of {files} files read")),
        "{screen}"
    );
    // The first event with its summary and sources, and its article at the
    // cited passage, as a full load shows them.
    let first = &s.app.dossier().events[0];
    let same = full
        .events
        .iter()
        .find(|e| e.id == first.id)
        .expect("in the full load");
    assert_eq!(first, same);
    assert!(!screen.contains("Being read"), "{screen}");
    assert!(s.app.article().passage().is_some());
    for _ in 0..120 {
        read.file_read(&[]);
    }
    s.draw();
    assert!(s.text().contains(&format!("120 of {files} files read")));
    // The next event is not read whole: its row's title and dates, and a note.
    s.keys("j");
    let screen = s.text();
    assert!(screen.contains("Being read: its text"), "{screen}");
    assert!(!s.app.is_whole(s.app.selected_entity().expect("an event")));
    // An issue not read says how many events touch it (whole already).
    s.keys("i");
    let issue = &s.app.dossier().issues[0];
    let touched = format!("Touched by {} events", issue.events.len());
    let screen = s.text();
    assert!(screen.contains(&touched), "{screen}");
}

#[test]
fn the_articles_titles_left_behind_the_first_frame_fill_their_rows_in_place() {
    let folder = broken_synthetic("fronts");
    // The articles are glanced at while the events' folder is listed, and
    // only those left then wait: on a busy machine that can be none of
    // them, and the preview is made again.
    let p = (0..50)
        .map(|_| preview_dir_first(&folder, 0, &Focus::default()).expect("a preview"))
        .find(|p| !p.fronts.is_empty())
        .expect("the preview left no article for later");
    let read = Arc::new(Progress::default());
    let app = App::new(p.dossier, 120, 40).with_reading(Reading::new(
        p.whole,
        p.files,
        Arc::clone(&read),
    ));
    let mut s = Screen::of(app);
    s.draw();
    let full = load_dir(&folder);
    // The articles' list, a few rows down.
    s.keys("ajjj");
    let selected = s.app.selected_entity().expect("an article");
    let title_of = |d: &dossier_core::content::Dossier, n: usize| d.articles[n].title.clone();
    let untitled: Vec<usize> = (0..s.app.dossier().articles.len())
        .filter(|&n| title_of(s.app.dossier(), n).is_empty())
        .collect();
    assert!(!untitled.is_empty());
    s.apply(Action::Fronts(p.fronts.glance()));
    s.draw();
    let screen = s.text();
    // Every article has its title, as the full load gives it, and the rows
    // on screen show them; the selection has not moved.
    for &n in &untitled {
        let id = &s.app.dossier().articles[n].id;
        let whole = full.find_article(id).expect("in the full load");
        assert_eq!(title_of(s.app.dossier(), n), full.articles[whole.0].title);
    }
    let shown = untitled.iter().filter(|&&n| n < 30).count();
    assert!(shown > 0);
    for &n in untitled.iter().filter(|&&n| n < 30) {
        let title = &s.app.dossier().articles[n].title;
        let start: String = title.chars().take(12).collect();
        assert!(screen.contains(&start), "{start} not in\n{screen}");
    }
    assert_eq!(s.app.selected_entity(), Some(selected));
}

#[test]
fn keys_that_need_the_rest_wait_for_it_and_are_carried_out_in_order() {
    let folder = broken_synthetic("wait");
    let (mut s, _) = previewed(&folder, 120, 40);
    let full = load_dir(&folder);
    s.keys("jj");
    let chosen = s.selected_id();
    // Enter follows the first source, which is not read yet: it waits, and
    // the `j` typed after it waits behind it.
    s.keys("\n");
    assert!(
        status_line(&s).contains("Waiting for the rest of the dossier"),
        "{}",
        status_line(&s)
    );
    assert_eq!(s.app.focus(), Pane::List);
    s.keys("j");
    assert_eq!(s.selected_id(), chosen, "nothing moved while waiting");
    assert_eq!(s.app.waiting(), 2);
    whole_comes(&mut s, &full);
    // Carried out in order: the source followed into the article, then `j`
    // moved in it; the selection is the one chosen.
    assert!(s.app.reading().is_none());
    assert_eq!(s.selected_id(), chosen);
    assert_eq!(s.app.focus(), Pane::Article);
    assert!(s.app.article().passage().is_some());
    // The reader is a full load's: entries, order, problems and counts.
    assert_eq!(*s.app.dossier(), full);
    assert_eq!(s.app.facts().errors, full.errors());
    let screen = s.text();
    assert!(!screen.contains("reading the rest"), "{screen}");
    assert!(!screen.contains("Being read"), "{screen}");
}

#[test]
fn esc_stops_waiting_and_quitting_does_not_wait() {
    let folder = broken_synthetic("esc");
    let (mut s, _) = previewed(&folder, 100, 30);
    s.keys("j\n");
    assert_eq!(s.app.waiting(), 1);
    s.keys("\x1b");
    assert_eq!(s.app.waiting(), 0);
    assert!(
        status_line(&s).contains("Stopped waiting"),
        "{}",
        status_line(&s)
    );
    // Moving in the list does not wait.
    s.keys("j");
    assert_eq!(s.app.waiting(), 0);
    s.keys("\n");
    assert_eq!(s.app.waiting(), 1);
    s.keys("q");
    assert!(s.quit());
}

#[test]
fn a_search_made_meanwhile_says_it_is_partial_and_completes_itself() {
    let folder = broken_synthetic("search");
    let (mut s, _) = previewed(&folder, 120, 40);
    let full = load_dir(&folder);
    // A word of a summary the preview has not read.
    let word = full.events[5]
        .summary
        .as_str()
        .split_whitespace()
        .find(|w| w.len() > 6 && w.chars().all(char::is_alphabetic))
        .expect("a long word")
        .to_string();
    let origin = s.selected_id();
    s.keys("/");
    s.keys(&word);
    s.draw();
    let screen = s.text();
    assert!(screen.contains("partial"), "{screen}");
    let before = s.app.find().search.hits().len();
    let selected = s.selected_id();
    whole_comes(&mut s, &full);
    // The prompt stays open, its hits found again in the whole dossier.
    while dossier::app::busy(&s.app) {
        s.apply(Action::Work);
    }
    s.draw();
    let screen = s.text();
    assert!(!screen.contains("partial"), "{screen}");
    assert!(s.app.find().search.hits().len() > before);
    assert_eq!(s.selected_id(), selected);
    // Open with what was typed, though the whole dossier left entries of
    // the preview out and took its place by ids.
    assert!(
        matches!(s.app.overlay(), Some(dossier::app::Overlay::Search(_))),
        "{screen}"
    );
    assert!(screen.contains(&format!("/ {word}")), "{screen}");
    // Esc goes back to where the search was opened.
    s.keys("\x1b");
    assert_eq!(s.selected_id(), origin);
}

#[test]
fn a_loader_that_stops_before_the_rest_is_read_is_said_and_r_reads_again() {
    let folder = broken_synthetic("failed");
    let (mut s, _) = previewed(&folder, 120, 40);
    s.keys("j\n");
    assert_eq!(s.app.waiting(), 1);
    s.apply(Action::Reload(Reload::Failed));
    s.draw();
    assert_eq!(s.app.waiting(), 0);
    assert!(
        status_line(&s).contains("could not be read"),
        "{}",
        status_line(&s)
    );
    // Still a preview: what needs the rest says why, and does not wait.
    s.keys("\n");
    assert_eq!(s.app.waiting(), 0);
    assert!(status_line(&s).contains("R reads the folder again"));
    s.keys("R");
    assert_eq!(s.effects.last(), Some(&dossier::app::Effect::Reload));
    s.apply(Action::Reload(Reload::Done(Arc::new(load_dir(&folder)))));
    assert!(s.app.reading().is_none());
}

#[test]
fn the_about_overlay_says_the_dossier_is_a_preview() {
    let folder = broken_synthetic("about");
    let (mut s, _) = previewed(&folder, 120, 40);
    s.keys("A");
    let screen = s.text();
    assert!(
        screen.contains("a preview: the rest is being read"),
        "{screen}"
    );
    assert!(screen.contains("cited passages counted once"), "{screen}");
    assert!(screen.contains("as it is read"), "{screen}");
    s.keys("\x1b");
    whole_comes(&mut s, &load_dir(&folder));
    s.keys("A");
    let screen = s.text();
    assert!(!screen.contains("a preview"), "{screen}");
    assert!(screen.contains("found while loading"), "{screen}");
}

#[test]
fn a_click_in_the_list_selects_at_once_and_one_in_the_details_waits() {
    let folder = broken_synthetic("click");
    let (mut s, _) = previewed(&folder, 120, 40);
    s.keys("j");
    let list = s.app.areas().list;
    // The fourth row of the list.
    s.apply(Action::Click {
        column: list.x + 5,
        row: list.y + 4,
    });
    assert_eq!(s.app.waiting(), 0);
    assert_eq!(
        s.app.nav().state(dossier::app::ListKind::Timeline).selected,
        3
    );
    let details = s.app.areas().details;
    s.apply(Action::Click {
        column: details.x + 3,
        row: details.y + 2,
    });
    assert_eq!(s.app.waiting(), 1);
}

#[test]
fn a_key_that_waits_for_one_entry_asks_for_it_ahead_of_the_rest() {
    let folder = broken_synthetic("ahead");
    let (mut s, _) = previewed(&folder, 120, 40);
    let full = load_dir(&folder);
    s.keys("jjj");
    let chosen = s.selected_id();
    let event = s.app.selected_entity().expect("an event");
    // Enter waits, and asks for that event (and nothing more) to be read.
    s.keys("\n");
    let asked = match s.effects.last() {
        Some(dossier::app::Effect::ReadWhole(asked)) => asked.clone(),
        other => panic!("asked {other:?}"),
    };
    assert!(asked.contains(&event), "{asked:?}");
    // A second key waits behind it without asking again.
    s.keys("j");
    assert_eq!(s.app.waiting(), 2);
    assert!(!matches!(
        s.effects.last(),
        Some(dossier::app::Effect::Copy { .. })
    ));
    let asks = s
        .effects
        .iter()
        .filter(|e| matches!(e, dossier::app::Effect::ReadWhole(_)))
        .count();
    assert_eq!(asks, 1);
    // The loop reads it whole and hands it over: the keys are carried out,
    // the rest of the dossier still being read.
    let patch = dossier_core::content::read_whole(&folder, s.app.dossier(), &asked);
    s.apply(Action::Whole(patch));
    s.draw();
    assert!(s.app.reading().is_some());
    assert_eq!(s.app.waiting(), 0);
    assert_eq!(s.selected_id(), chosen);
    assert!(s.app.is_whole(event));
    assert_eq!(s.app.focus(), Pane::Article);
    assert!(s.app.article().passage().is_some());
    let shown = &s.app.dossier().events[match event {
        dossier_core::content::EntityRef::Event(e) => e.0,
        _ => unreachable!(),
    }];
    let same = full
        .events
        .iter()
        .find(|e| e.id == shown.id)
        .expect("in the full load");
    assert_eq!(shown, same);
    let screen = s.text();
    assert!(screen.contains("reading the rest"), "{screen}");
    assert!(!screen.contains("Being read"), "{screen}");
    // Then the whole dossier, as before.
    whole_comes(&mut s, &full);
    assert!(s.app.reading().is_none());
    assert_eq!(*s.app.dossier(), full);
    assert_eq!(s.selected_id(), chosen);
}

#[test]
fn the_problems_found_so_far_are_listed_as_the_rest_is_read() {
    let folder = broken_synthetic("problems");
    let (mut s, progress) = previewed(&folder, 120, 40);
    let full = load_dir(&folder);
    // `p` does not wait: it lists what is found so far, which is nothing yet.
    s.keys("p");
    assert_eq!(s.app.waiting(), 0);
    let screen = s.text();
    assert!(
        screen.contains("Problems found so far: 0 · 0 of"),
        "{screen}"
    );
    assert!(screen.contains("None yet"), "{screen}");
    // The loader reads a file with an error of its own (its TOML): the
    // next tick lists it, in the whole load's words, and the header counts
    // it "so far".
    let own = full
        .problems
        .iter()
        .rfind(|p| p.code == dossier_core::content::Code::TomlSyntax)
        .expect("a file with an unclosed array")
        .clone();
    progress.file_read(std::slice::from_ref(&own));
    tick(&mut s);
    let screen = s.text();
    assert!(
        screen.contains("Problems found so far: 1 · 1 of"),
        "{screen}"
    );
    let first_line = own.to_string();
    let first_line = first_line.lines().next().expect("a line");
    assert!(
        screen.contains(&first_line[..first_line.len().min(60)]),
        "{screen}"
    );
    assert!(screen.contains("1 error so far"), "{screen}");

    // Moving in the list does not wait either.
    s.keys("j");
    assert_eq!(s.app.waiting(), 0);
    // The whole dossier comes: the list stays open and is the whole one,
    // with the problems found only against the articles.
    whole_comes(&mut s, &full);
    let screen = s.text();
    assert!(s.app.reading().is_none());
    assert!(
        screen.contains(&format!("Problems: {}", full.problems.len())),
        "{screen}"
    );
    assert!(!screen.contains("so far"), "{screen}");
    assert!(full.problems.len() > 1);
}

/// The problem at the top of the open problems' list.
fn top_problem(s: &Screen) -> dossier_core::content::Problem {
    let Some(dossier::app::Overlay::Problems { scroll }) = s.app.overlay().cloned() else {
        panic!("the problems' list is open: {}", s.text());
    };
    let rows = s.app.problem_lines();
    let row = rows.get(scroll).expect("a row at the top");
    s.app.problems()[row.problem].clone()
}

#[test]
fn the_problem_at_the_top_of_the_list_stays_there_as_others_come() {
    use dossier_core::content::Code;
    let folder = common::synthetic("reader-preview", "top", 300, 5);
    common::spoil_events(&folder, 5);
    let full = load_dir(&folder);
    // A short terminal: the list scrolls.
    let (mut s, progress) = previewed(&folder, 100, 16);
    let own: Vec<_> = full
        .problems
        .iter()
        .filter(|p| p.code == Code::TomlSyntax)
        .cloned()
        .collect();
    assert!(own.len() >= 20, "{own:?}");
    // The last files' problems are found first; the reader scrolls to the
    // last of them.
    let (first, last) = own.split_at(1);
    progress.file_read(last);
    s.keys("p");
    tick(&mut s);
    s.keys("G");
    s.draw();
    let looked_at = top_problem(&s);
    assert_ne!(looked_at, last[0], "scrolled: {}", s.text());
    // Problems of earlier files come, listed before it: it stays at the top.
    progress.file_read(first);
    tick(&mut s);
    assert_eq!(top_problem(&s), looked_at, "{}", s.text());
    // So it does when the whole dossier comes, with the quotes not found.
    whole_comes(&mut s, &full);
    assert!(s.app.reading().is_none());
    assert_eq!(top_problem(&s), looked_at, "{}", s.text());
}

#[test]
fn a_first_visit_through_a_preview_marks_nothing_when_the_whole_dossier_leaves_entries_out() {
    use dossier::state::State;
    let folder = broken_synthetic("first-visit");
    let p = preview_dir(&folder, 0, &Focus::default()).expect("a preview");
    let full = load_dir(&folder);
    // Files with errors past their first lines: the whole dossier lists
    // fewer events than the preview, and takes its place by ids.
    assert!(full.events.len() < p.dossier.events.len());
    let first = State {
        dossier: "test".into(),
        ..State::default()
    };
    let app = App::new(p.dossier, 120, 40)
        .remember(first, false)
        .with_reading(Reading::new(
            p.whole,
            p.files,
            Arc::new(Progress::default()),
        ));
    let mut s = Screen::of(app);
    s.draw();
    whole_comes(&mut s, &full);
    assert!(s.app.reading().is_none());
    assert_eq!(s.app.marks().summary(), None, "{}", s.text());
    assert!(!s.text().contains("changed (u)"), "{}", s.text());
    // What is remembered as seen is the whole dossier: the next visit to
    // the same folder marks nothing either.
    let seen = s.app.state();
    let again = App::new(full, 120, 40).remember(seen, false);
    assert_eq!(again.marks().summary(), None);
}

#[test]
fn what_is_open_when_the_whole_dossier_comes_stays_open() {
    use dossier::app::Overlay;
    let folder = broken_synthetic("open");
    let full = load_dir(&folder);
    // The whole dossier leaves entries of the preview out: it takes the
    // preview's place by ids, as a reload does.
    for key in ["?", "A", "m'"] {
        let (mut s, _) = previewed(&folder, 120, 40);
        s.keys(key);
        let open = s.app.overlay().cloned();
        assert!(open.is_some(), "{key} opens an overlay");
        whole_comes(&mut s, &full);
        assert!(s.app.reading().is_none());
        assert_eq!(s.app.overlay().cloned(), open, "{key}: {}", s.text());
    }
    // The zoom, and the timeline as a picture.
    let (mut s, _) = previewed(&folder, 120, 40);
    s.keys("z");
    assert!(s.app.zoomed());
    whole_comes(&mut s, &full);
    assert!(s.app.zoomed(), "{}", s.text());
    let (mut s, _) = previewed(&folder, 120, 40);
    s.keys("T");
    assert!(s.app.picture_shown());
    whole_comes(&mut s, &full);
    assert!(s.app.picture_shown(), "{}", s.text());
    assert!(s.text().contains("Timeline picture"), "{}", s.text());
    // The go-to picker: open with what was typed, and Esc goes back to
    // where it was opened.
    let (mut s, _) = previewed(&folder, 120, 40);
    s.keys("jj");
    let origin = s.selected_id();
    let title = full.events[40].title.clone();
    let typed: String = title
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    s.keys(":");
    s.keys(&typed);
    whole_comes(&mut s, &full);
    assert!(
        matches!(s.app.overlay(), Some(Overlay::GoTo(_))),
        "{}",
        s.text()
    );
    assert_eq!(s.app.find().goto.query, typed);
    assert!(s.text().contains(&format!(": {typed}")), "{}", s.text());
    s.keys("\x1b");
    assert_eq!(s.selected_id(), origin);
}

#[test]
fn the_way_back_made_on_a_preview_is_kept_when_the_whole_dossier_takes_its_place() {
    let folder = broken_synthetic("history");
    let full = load_dir(&folder);
    let (mut s, _) = previewed(&folder, 120, 40);
    let origin = s.selected_id();
    // The first event is read whole: Enter follows its first source into
    // the article at once, and the place left is remembered.
    s.keys("\n");
    assert_eq!(s.app.waiting(), 0);
    assert_eq!(s.app.focus(), Pane::Article);
    assert_eq!(s.app.history().back.len(), 1);
    whole_comes(&mut s, &full);
    assert!(s.app.reading().is_none());
    assert_eq!(s.app.history().back.len(), 1, "{}", s.text());
    // Backspace goes back to where the jump was made, found by its id.
    s.keys("\x08");
    assert_eq!(s.app.focus(), Pane::List);
    assert_eq!(s.selected_id(), origin, "{}", s.text());
}

#[test]
fn a_filter_and_the_go_to_picker_say_they_are_partial_until_the_whole_dossier_comes() {
    let folder = broken_synthetic("partial");
    let full = load_dir(&folder);
    for (key, said) in [("D", "filter: disputed"), (":", "Go to ·")] {
        let (mut s, _) = previewed(&folder, 120, 40);
        s.keys(key);
        let screen = s.text();
        let title = screen
            .lines()
            .find(|l| l.contains(said))
            .unwrap_or_else(|| panic!("{key}: {screen}"))
            .to_string();
        assert!(title.contains("· partial"), "{key}: {title}");
        whole_comes(&mut s, &full);
        let screen = s.text();
        let title = screen
            .lines()
            .find(|l| l.contains(said))
            .unwrap_or_else(|| panic!("{key}, whole: {screen}"))
            .to_string();
        assert!(!title.contains("partial"), "{key}: {title}");
    }
}
