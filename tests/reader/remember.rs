//! What the reader remembers, driven through real key events and drawn into
//! a test terminal: the place put back, entries new or changed since the
//! last visit, reading by dwelling, saves asked for a moment after a change,
//! pins, and the configuration's keys and themes. No file is written here
//! but in temporary folders.

use crate::common;

use std::time::{Duration, Instant};

use common::{Screen, buffer_text, fixture, fixture_copy};
use dossier::app::remember::{DWELL, SAVE_AFTER};
use dossier::app::{Action, App, Command, Effect, ListKind, location};
use dossier::settings::Settings;
use dossier::state::seen::Mark;
use dossier::state::{Bookmark, EntryId, EntryKind, State, format};
use dossier::ui::theme::{self, Theme};
use dossier_core::content::{Dossier, EntityRef, EventIx, IssueIx};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

fn fresh() -> State {
    State {
        dossier: "test".into(),
        ..State::default()
    }
}

fn screen(app: App) -> Screen {
    let mut s = Screen::new(fixture(), 10, 10);
    let size = app.size();
    s.app = app;
    s.terminal = Terminal::new(TestBackend::new(size.width, size.height)).unwrap();
    s.draw();
    s
}

/// A reader on `d` that remembers `state`.
fn remembering(d: Dossier, state: State) -> Screen {
    screen(App::new(d, 120, 40).remember(state, false))
}

/// Time passes: the loop's tick `after` from now.
fn tick(s: &mut Screen, after: Duration) {
    s.apply(Action::Tick(Instant::now() + after));
    s.draw();
}

fn saves(s: &Screen) -> Vec<State> {
    s.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Save(state) => Some((**state).clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn the_place_comes_back_whole_through_the_file() {
    let mut s = remembering(fixture(), fresh());
    // The issues, the second one, into its details, follow a link, scroll
    // the article, jump on, then back once: a back and a forward path.
    s.keys("ij\t\n3jjjj");
    s.keys("\n");
    s.apply(Command::Back);
    s.draw();
    let before = location(&s.app);
    assert!(
        !s.app.history().back.is_empty() && !s.app.history().forward.is_empty(),
        "{:?}\n{}",
        s.app.history(),
        s.text()
    );
    let screen_before = s.text();
    let text = format::write(&s.app.state());
    let state = format::read(&text).unwrap();
    let again = remembering(fixture(), state);
    assert_eq!(location(&again.app), before);
    assert_eq!(again.app.history().back, s.app.history().back);
    assert_eq!(again.app.history().forward, s.app.history().forward);
    assert_eq!(again.text(), screen_before);
    // Nothing said about it.
    assert_eq!(again.app.notice(), None);
}

#[test]
fn top_starts_at_the_top() {
    let mut s = remembering(fixture(), fresh());
    s.keys("ijj\t");
    let state = s.app.state();
    let top = screen(App::new(fixture(), 120, 40).remember(state, true));
    let first = Screen::new(fixture(), 120, 40);
    assert_eq!(location(&top.app), location(&first.app));
}

#[test]
fn an_entry_gone_falls_back_to_the_nearest_silently() {
    let mut s = remembering(fixture(), fresh());
    s.keys("jjj");
    let mut state = s.app.state();
    let here = &mut state.place.as_mut().unwrap().here;
    here.entry = Some(EntryId {
        kind: EntryKind::Event,
        id: "no-longer-there".into(),
    });
    here.article = Some("gone-too".into());
    let back = remembering(fixture(), state);
    assert_eq!(back.app.nav().kind(), ListKind::Timeline);
    assert_eq!(back.app.nav().timeline.selected, 3);
    assert_eq!(back.app.notice(), None);
    // An empty dossier list or a wholly strange place: the first screen.
    let mut odd = s.app.state();
    let here = &mut odd.place.as_mut().unwrap().here;
    here.row = 10_000;
    here.entry = None;
    let back = remembering(fixture(), odd);
    assert_eq!(back.app.nav().timeline.selected, fixture().events.len() - 1);
}

/// The fixture with one more event, `brand-new`, as a curator adds it.
fn with_new_event() -> Dossier {
    // Tests run at once: each call has a copy of its own.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = fixture_copy(&format!("remember-new-event-{n}"));
    let from = dir.join("events/asa-talks.toml");
    let text = std::fs::read_to_string(&from)
        .unwrap()
        .lines()
        .map(|l| {
            if l.starts_with("title = ") {
                "title = \"A brand new event\"".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(dir.join("events/brand-new.toml"), text).unwrap();
    let d = dossier_core::content::load_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    d
}

#[test]
fn a_first_visit_marks_nothing_then_a_new_event_is_marked_and_one_key_away() {
    let mut first = remembering(fixture(), fresh());
    assert_eq!(first.app.marks().summary(), None);
    assert!(!first.app.has_marks());
    let seen = first.app.state();
    assert!(seen.seen.as_ref().is_some_and(|s| !s.is_empty()));

    let d = with_new_event();
    let new = EntityRef::Event(d.find_event("brand-new").unwrap());
    let mut s = remembering(d, seen);
    assert_eq!(s.app.marks().summary().as_deref(), Some("1 new"));
    let header = s.text().lines().next().unwrap().to_string();
    assert!(header.contains("● 1 new (u)"), "{header}");
    // One key away.
    s.keys("u");
    assert_eq!(s.app.selected_entity(), Some(new));
    assert!(s.text().contains("▸●"), "{}", s.text());
    assert!(
        s.text().contains("New since your last visit"),
        "{}",
        s.text()
    );
    // Read once it has stayed selected a moment.
    tick(&mut s, DWELL + Duration::from_millis(10));
    assert_eq!(s.app.marks().summary(), None);
    assert!(!s.text().lines().next().unwrap().contains("new"));
    let state = s.app.state();
    assert!(state.seen.unwrap().contains_key(&EntryId {
        kind: EntryKind::Event,
        id: "brand-new".into()
    }));
    // u with nothing left says so.
    s.keys("u");
    assert_eq!(
        s.app.notice(),
        Some("Nothing new or changed since your last visit")
    );
}

#[test]
fn passing_over_an_entry_does_not_read_it_dwelling_or_opening_does() {
    let d = fixture();
    let mut state = remembering(fixture(), fresh()).app.state();
    // Every event unknown: all new.
    std::sync::Arc::make_mut(state.seen.as_mut().unwrap())
        .retain(|k, _| k.kind != EntryKind::Event);
    let mut s = remembering(d, state);
    let n = fixture().events.len();
    assert_eq!(s.app.marks().new, n);
    // The first event was selected at start; j passes over the next ones
    // within the dwell, each restarting it.
    s.keys("jj");
    tick(&mut s, Duration::from_millis(100));
    assert_eq!(s.app.marks().new, n);
    tick(&mut s, DWELL + Duration::from_millis(1));
    assert_eq!(s.app.marks().new, n - 1);
    assert!(s.app.marks().unread(EntityRef::Event(EventIx(2))).is_none());
    assert!(s.app.marks().unread(EntityRef::Event(EventIx(1))).is_some());
    // Opening one (Enter into its details) reads it at once.
    s.keys("j\n");
    assert_eq!(s.app.marks().new, n - 2);
}

#[test]
fn a_changed_issue_says_its_status_before_and_now() {
    let d = fixture();
    let ai = d.find_issue("ai").unwrap();
    let now = d.issues[ai.0].status.clone().unwrap_or_default();
    let mut state = remembering(fixture(), fresh()).app.state();
    let seen = std::sync::Arc::make_mut(state.seen.as_mut().unwrap());
    let rec = seen
        .get_mut(&EntryId {
            kind: EntryKind::Issue,
            id: "ai".into(),
        })
        .unwrap();
    rec.status = Some("Still far apart".into());
    rec.sources.pop();
    let mut s = remembering(d, state);
    assert_eq!(s.app.marks().summary().as_deref(), Some("1 changed"));
    s.keys("u");
    assert_eq!(s.app.selected_entity(), Some(EntityRef::Issue(ai)));
    let Some(Mark::Changed(c)) = s.app.marks().get(EntityRef::Issue(ai)) else {
        panic!("not marked changed");
    };
    assert_eq!(c.new_sources, 1);
    s.keys("\t");
    let text = s.text();
    assert!(text.contains("Changed since you last read it:"), "{text}");
    assert!(text.contains("status was: Still far apart"), "{text}");
    let first_words: String = now.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(&format!("status now: {first_words}")),
        "{text}"
    );
    assert!(text.contains("1 new source"), "{text}");
    // Read (opened): the list mark goes, the details still say it.
    assert_eq!(s.app.marks().summary(), None);
    assert!(s.text().contains("status was: Still far apart"));
}

#[test]
fn a_change_is_saved_a_moment_later_once() {
    let mut s = remembering(fixture(), fresh());
    // A first visit saves its baseline.
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    assert_eq!(saves(&s).len(), 1);
    s.keys("j");
    tick(&mut s, Duration::ZERO);
    assert_eq!(saves(&s).len(), 1, "saved at once");
    let deadline = s.app.deadline().expect("a save waits");
    assert!(deadline <= Instant::now() + SAVE_AFTER);
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    let all = saves(&s);
    assert_eq!(all.len(), 2);
    assert_eq!(all[1], s.app.state());
    // Nothing new: nothing saved.
    s.keys("jk");
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    assert_eq!(saves(&s).len(), 2);
    // A failed save is said once.
    s.apply(Action::Saved(Err("cannot save /x: read-only".into())));
    assert!(
        s.app
            .notice()
            .unwrap()
            .contains("cannot remember your place")
    );
    s.keys("j");
    s.apply(Action::Saved(Err("cannot save /x: read-only".into())));
    assert_eq!(s.app.notice(), None);
}

#[test]
fn a_save_shares_what_was_seen_and_a_later_read_leaves_it_as_handed_over() {
    let mut s = remembering(fixture(), fresh());
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    let handed = match s.effects.iter().rev().find_map(|e| match e {
        Effect::Save(state) => Some(state.clone()),
        _ => None,
    }) {
        Some(state) => state,
        None => panic!("a first visit saves its baseline"),
    };
    let shared = handed.seen.clone().expect("the baseline");
    // Not a copy: the very map the reader holds.
    assert!(std::sync::Arc::ptr_eq(
        &shared,
        s.app.state().seen.as_ref().expect("seen")
    ));
    // An entry changed on disk, then read after the save: the reader's map
    // takes it, the snapshot being written does not.
    let mut state = s.app.state();
    let ai = EntryId {
        kind: EntryKind::Issue,
        id: "ai".into(),
    };
    std::sync::Arc::make_mut(state.seen.as_mut().unwrap())
        .get_mut(&ai)
        .expect("the ai issue")
        .status = Some("an old status".into());
    let mut s = remembering(fixture(), state);
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    let before = saves(&s).last().cloned().unwrap_or_else(|| s.app.state());
    let old = before.seen.clone().expect("seen");
    s.keys("i");
    let row = fixture().find_issue("ai").expect("ai").0;
    for _ in 0..row {
        s.keys("j");
    }
    s.keys("\n");
    tick(&mut s, DWELL + Duration::from_millis(10));
    let now = s.app.state().seen.expect("seen");
    assert_ne!(now.get(&ai), old.get(&ai), "read: recorded as it is now");
    assert_eq!(
        old.get(&ai).and_then(|r| r.status.as_deref()),
        Some("an old status"),
        "the snapshot handed over is not changed under the save"
    );
    // And that change is saved.
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    assert_eq!(saves(&s).last().and_then(|st| st.seen.clone()), Some(now));
}

#[test]
fn a_reader_that_cannot_remember_asks_for_nothing() {
    let mut s = Screen::new(fixture(), 120, 40);
    s.keys("jjj");
    assert_eq!(s.app.deadline(), None);
    tick(&mut s, Duration::from_secs(5));
    assert!(saves(&s).is_empty());
    // Nor does it mark anything new after a reload: it has seen nothing
    // to compare with.
    s.apply(Action::Reload(dossier::app::Reload::Done(
        std::sync::Arc::new(with_new_event()),
    )));
    s.draw();
    assert_eq!(s.app.marks().summary(), None);
    assert!(!s.text().contains(" new (u)"), "{}", s.text());
}

#[test]
fn pins_an_entry_and_a_passage_lists_follows_and_removes_them() {
    let mut s = remembering(fixture(), fresh());
    // Pin the third event.
    s.keys("jjm");
    assert!(s.app.has_marks());
    assert!(s.text().contains("▸✱"), "{}", s.text());
    // The second event's first source, followed into the article: pin the passage.
    s.keys("k\n");
    assert_eq!(s.app.focus(), dossier::app::Pane::Article);
    s.keys("m");
    let pins = s.app.bookmarks().to_vec();
    assert_eq!(pins.len(), 2);
    let Bookmark::Passage { quote, article, .. } = &pins[1] else {
        panic!("not a passage pin: {pins:?}");
    };
    assert!(!quote.is_empty());
    // The list of pins, with the passage's words.
    s.keys("'");
    let text = s.text();
    assert!(text.contains("Pins: 2"), "{text}");
    let d = fixture();
    let third = &d.events[2].title;
    assert!(text.contains(&third[..20.min(third.len())]), "{text}");
    assert!(text.contains(&format!("“{}", &quote[..15])), "{text}");
    // Enter goes to the entry pinned.
    s.keys("t\n");
    assert_eq!(s.app.selected_entity(), Some(EntityRef::Event(EventIx(2))));
    // The passage pin: found by its words, in its article.
    s.keys("'j\n");
    let shown = s.app.article().shown.unwrap();
    assert_eq!(&s.app.dossier().articles[shown.0].id, article);
    // It says it is a pinned passage, and claims no search.
    let text = s.text();
    assert!(!text.contains("search match"), "{text}");
    assert!(text.contains("pinned passage"), "{text}");
    s.keys("n");
    assert!(
        s.app
            .notice()
            .is_some_and(|n| n.starts_with("No search yet"))
    );
    // d removes the selected pin; the state no longer has it.
    s.keys("'jd");
    assert_eq!(s.app.bookmarks().len(), 1);
    assert!(matches!(s.app.bookmarks()[0], Bookmark::Entry(_)));
    s.keys("\x1b");
    // Again on a pinned entry unpins it.
    s.keys("1tgjjm");
    assert!(s.app.bookmarks().is_empty());
    let round = format::read(&format::write(&s.app.state())).unwrap();
    assert!(round.bookmarks.is_empty());
}

#[test]
fn a_rebound_quit_and_the_light_theme_show_in_help_and_footer() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("config.toml");
    std::fs::write(&path, "theme = \"light\"\n[keys]\nquit = [\"Q\"]\n").unwrap();
    let settings = Settings::load(Some(&path));
    assert!(settings.problems.is_empty());
    let app = App::new(fixture(), 120, 40).with_keymap(settings.keymap);
    let mut s = screen(app);
    let theme = settings.theme(false);
    let draw = |s: &mut Screen, theme: &Theme| {
        let app = &s.app;
        s.terminal
            .draw(|f| dossier::ui::render_with(app, theme, f))
            .unwrap();
    };
    draw(&mut s, &theme);
    let footer = s.text().lines().last().unwrap().to_string();
    assert!(footer.contains("Q quit"), "{footer}");
    // q no longer quits; Q does.
    s.keys("q");
    assert!(!s.quit());
    // The row whose description is `quit`, scrolling up from the help's end
    // (the legend of marks comes after the keys).
    let quit_of = |help: &str| common::help_row(help, "quit");
    s.keys("?G");
    draw(&mut s, &theme);
    let mut help = s.text();
    for _ in 0..120 {
        if quit_of(&help).is_some() {
            break;
        }
        s.keys("k");
        draw(&mut s, &theme);
        help = s.text();
    }
    let quit_row = quit_of(&help).unwrap_or_default();
    assert!(quit_row.contains(" Q "), "{help}");
    assert!(!quit_row.contains("Ctrl-c"), "{help}");
    // The help's keys are in the light theme's key style.
    let buf = s.terminal.backend().buffer();
    let at = quit_row.find(" Q ").unwrap();
    let x = quit_row[..at + 1].chars().count() as u16;
    let y = help.lines().position(|l| l == quit_row).unwrap() as u16;
    assert_eq!(buf[(x, y)].fg, theme::LIGHT.key.fg.unwrap());
    s.keys("\x1bQ");
    assert!(s.quit());
}

/// A screen with a new, a changed and a pinned entry in the timeline.
fn marked() -> Screen {
    let mut state = remembering(fixture(), fresh()).app.state();
    let seen = std::sync::Arc::make_mut(state.seen.as_mut().unwrap());
    let d = fixture();
    let id = |i: usize| EntryId {
        kind: EntryKind::Event,
        id: d.events[i].id.clone(),
    };
    seen.remove(&id(1));
    seen.get_mut(&id(3)).unwrap().date = Some("1 Jan 2020".into());
    state.bookmarks.push(Bookmark::Entry(id(4)));
    remembering(fixture(), state)
}

/// Where each mark is drawn: the column after the cursor, rows of events 1, 3, 4.
fn mark_cells(s: &Screen) -> Vec<(String, ratatui::buffer::Cell)> {
    let buf = s.terminal.backend().buffer();
    // The list's rows start below the header and the pane's top border.
    [1u16, 3, 4]
        .iter()
        .map(|&i| {
            let cell = buf[(2, 2 + i)].clone();
            (cell.symbol().to_string(), cell)
        })
        .collect()
}

#[test]
fn every_mark_in_the_dark_and_light_themes_and_without_colour() {
    for (name, theme, monochrome) in [
        ("dark", theme::DARK, false),
        ("light", theme::LIGHT, false),
        ("no_color", theme::MONOCHROME, true),
    ] {
        let mut s = marked();
        let theme = if monochrome {
            Theme::configured(dossier::config::ThemeName::Light, &[], true)
        } else {
            theme
        };
        let app = &s.app;
        s.terminal
            .draw(|f| dossier::ui::render_with(app, &theme, f))
            .unwrap();
        insta::assert_snapshot!(
            format!("marks_{name}"),
            buffer_text(s.terminal.backend().buffer())
        );
        let cells = mark_cells(&s);
        let symbols: Vec<&str> = cells.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            symbols,
            [theme::NEW, theme::CHANGED, theme::PINNED],
            "{name}"
        );
        for ((_, cell), style) in cells.iter().zip([theme.new, theme.changed, theme.pinned]) {
            assert_eq!(cell.fg, style.fg.unwrap_or(Color::Reset), "{name}");
            assert!(cell.modifier.contains(style.add_modifier), "{name}");
        }
        // Under NO_COLOR nothing on the screen has a colour, and the new
        // mark stands out by its attribute.
        if monochrome {
            let buf = s.terminal.backend().buffer();
            assert!(
                buf.content()
                    .iter()
                    .all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
                "a colour under NO_COLOR"
            );
            assert!(!cells[0].1.modifier.is_empty());
        }
        // The header counts them.
        let header = buffer_text(s.terminal.backend().buffer());
        assert!(
            header
                .lines()
                .next()
                .unwrap()
                .contains("● 1 new, ◐ 1 changed (u)"),
            "{name}"
        );
        // Each count in the style of its mark in the lists.
        let buf = s.terminal.backend().buffer();
        let top: Vec<&ratatui::buffer::Cell> = (0..buf.area.width).map(|x| &buf[(x, 0)]).collect();
        for (mark, style) in [(theme::NEW, theme.new), (theme::CHANGED, theme.changed)] {
            let cell = top.iter().find(|c| c.symbol() == mark).unwrap();
            assert_eq!(cell.fg, style.fg.unwrap_or(Color::Reset), "{name} {mark}");
        }
    }
}

#[test]
fn a_reload_keeps_what_was_seen_and_marks_again() {
    let first = remembering(fixture(), fresh()).app.state();
    let mut s = remembering(fixture(), first);
    s.apply(Action::Reload(dossier::app::Reload::Done(
        std::sync::Arc::new(with_new_event()),
    )));
    s.draw();
    assert_eq!(s.app.marks().summary().as_deref(), Some("1 new"));
    let _ = IssueIx(0);
}

#[test]
fn a_state_saved_before_date_ranges_marks_nothing_on_a_dossier_whose_dates_did_not_change() {
    // Saved by the reader of the previous release on the reader fixture,
    // whose dates this release words anew ("Apr–May", a mark column): the
    // same dates must read as unchanged.
    let text = include_str!("../fixtures/state/reader-saved-before-ranges.toml");
    let state = format::read(text).expect("the old state file reads");
    let s = remembering(fixture(), state);
    let shown = buffer_text(s.terminal.backend().buffer());
    assert!(!shown.contains('◐') && !shown.contains('●'), "{shown}");
    let top = shown.lines().next().unwrap_or_default();
    assert!(!top.contains("changed") && !top.contains(" new"), "{top}");
}

/// An edited summary marks its entry changed, and the details say so; a
/// state file saved before texts were compared marks nothing.
#[test]
fn an_edited_summary_is_marked_and_the_details_say_what_changed() {
    let d = fixture();
    let id = EntryId {
        kind: EntryKind::Event,
        id: d.events[3].id.clone(),
    };
    let base = remembering(fixture(), fresh()).app.state();
    // The summary as it was read differs from the one now.
    let mut state = base.clone();
    let record = std::sync::Arc::make_mut(state.seen.as_mut().unwrap())
        .get_mut(&id)
        .unwrap();
    let text = record.text.as_mut().expect("texts are recorded");
    for t in text.iter_mut() {
        if t.starts_with("summary#") {
            *t = "summary#00000000".into();
        }
    }
    let mut s = remembering(fixture(), state);
    assert_eq!(s.app.marks().changed, 1);
    s.keys("gjjj");
    let text = s.text();
    assert!(text.contains("summary changed"), "{text}");
    assert!(text.contains("◐ 1 changed"), "{text}");
    // The same file as an earlier version wrote it: no texts at all.
    let mut old = base;
    for r in std::sync::Arc::make_mut(old.seen.as_mut().unwrap()).values_mut() {
        r.text = None;
    }
    let mut s = remembering(fixture(), old);
    assert_eq!(s.app.marks().changed, 0);
    // Upgraded: the state to save has the texts.
    let saved = s.app.state();
    assert!(saved.seen.unwrap().values().all(|r| r.text.is_some()));
}

/// A return to a dossier unchanged since what was seen (the loader found
/// the checksums saved with it in the cache's copy) reads no records: what
/// was seen is each entry's record as it is now, handed over by the loader
/// behind the first frame, and is saved again the same. A baseline handed
/// over once the dossier was replaced is not taken.
#[test]
fn an_unchanged_return_takes_the_baseline_handed_over_and_saves_it_whole() {
    use dossier::state::seen::baseline;
    let d = fixture();
    let before = baseline(&d);
    let unread = State {
        seen: None,
        ..remembering(fixture(), fresh()).app.state()
    };
    let app = App::new(fixture(), 120, 40).remember_with(unread.clone(), false, None, true);
    let mut s = screen(app);
    // Not a first visit: nothing is saved until something changes.
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    assert!(saves(&s).is_empty(), "nothing to save yet");
    let handed = baseline(&d);
    s.app.set_baseline(handed);
    s.keys("j");
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    let saved = saves(&s).last().cloned().expect("a save after a move");
    assert_eq!(saved.seen.as_deref(), Some(&before));
    assert_eq!(s.app.marks().summary(), None);

    // Replaced by a reload before the loader's baseline came: the baseline
    // was made from the dossier shown until then, and the late one is
    // dropped (it would take the new event as seen).
    let app = App::new(fixture(), 120, 40).remember_with(unread, false, None, true);
    let mut s = screen(app);
    s.apply(Action::Reload(dossier::app::Reload::Done(
        std::sync::Arc::new(with_new_event()),
    )));
    s.draw();
    assert_eq!(s.app.marks().summary().as_deref(), Some("1 new"));
    s.app.set_baseline(baseline(&with_new_event()));
    assert_eq!(s.app.marks().summary().as_deref(), Some("1 new"));
    assert_eq!(s.app.state().seen.as_deref(), Some(&before));
}

/// A return to a dossier unchanged since, whose state file holds what was
/// seen with its checksums: until the loader's baseline comes, a save waits
/// for nothing and asks for the file's records to be written again (no
/// records, the file's checksums); once it came, the records are saved.
#[test]
fn an_unchanged_return_saves_at_once_keeping_the_files_records() {
    use dossier::state::seen::{Checksums, baseline};
    let d = fixture();
    let checksums = Some(Checksums { records: 1, ids: 2 });
    let unread = State {
        seen: None,
        checksums,
        ..remembering(fixture(), fresh()).app.state()
    };
    let mut app = App::new(fixture(), 120, 40).remember_with(unread, false, None, true);
    app.expect_baseline();
    let mut s = screen(app);
    s.keys("j");
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    let saved = saves(&s).last().cloned().expect("saved without waiting");
    assert_eq!((saved.seen, saved.checksums), (None, checksums));
    s.app.set_baseline(baseline(&d));
    s.keys("j");
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    let saved = saves(&s).last().cloned().expect("saved");
    assert_eq!(saved.seen.as_deref(), Some(&baseline(&d)));
    assert_eq!(saved.checksums, None, "made by the saver");
}

/// A first visit whose baseline the loader will hand over does not make it
/// on the reader's thread: its save waits for it, and takes it; a baseline
/// that never comes is made once the wait is over.
#[test]
fn a_save_waits_for_the_baseline_the_loader_hands_over() {
    use dossier::app::remember::BASELINE_WAIT;
    use dossier::state::seen::baseline;
    let d = fixture();
    let mut app = App::new(fixture(), 120, 40).remember(fresh(), false);
    app.expect_baseline();
    let mut s = screen(app);
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    assert!(saves(&s).is_empty(), "waits for the loader's baseline");
    let handed = baseline(&d);
    let mut marked = handed.clone();
    // Told apart from one made here: one record the loader made otherwise.
    if let Some(r) = marked.values_mut().next() {
        r.status = Some("from the loader".into());
    }
    s.app.set_baseline(marked.clone());
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    let saved = saves(&s).last().cloned().expect("saved once it came");
    assert_eq!(saved.seen.as_deref(), Some(&marked));

    // None comes: saved, made here, once the wait is over.
    let mut app = App::new(fixture(), 120, 40).remember(fresh(), false);
    app.expect_baseline();
    let mut s = screen(app);
    tick(&mut s, SAVE_AFTER + Duration::from_millis(10));
    assert!(saves(&s).is_empty());
    tick(&mut s, BASELINE_WAIT + Duration::from_millis(10));
    let saved = saves(&s).last().cloned().expect("saved after the wait");
    assert_eq!(saved.seen.as_deref(), Some(&handed));
}
