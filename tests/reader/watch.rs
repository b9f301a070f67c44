//! The reader's own reloads (the folder changed, the editor is done): the
//! status line says what changed, once; an entry that drops out moves the
//! details and the article together to the nearest one. Driven through the
//! real update with the reload the loop would do.

use crate::common;

use common::{Screen, fixture_copy, replace_in};
use dossier::app::{Action, App, Reload};
use dossier_core::content::{EntityRef, SourceRef, load_dir};

fn watched(s: &mut Screen, dir: &std::path::Path) {
    s.apply(Action::Reload(Reload::Watched(std::sync::Arc::new(
        load_dir(dir),
    ))));
    s.draw();
}

fn selected_event(s: &Screen) -> String {
    match s.app.selected_entity() {
        Some(EntityRef::Event(e)) => s.app.dossier().events[e.0].id.clone(),
        other => panic!("selected {other:?}"),
    }
}

#[test]
fn a_change_on_disk_is_said_once_with_what_changed() {
    let dir = fixture_copy("watch-said");
    let mut s = Screen::of(App::new(load_dir(&dir), 120, 40).with_folder(&dir));
    replace_in(
        &dir.join("events/asa-talks.toml"),
        "summary = \"\"\"",
        "summary = \"\"\"Edited. ",
    );
    replace_in(
        &dir.join("events/general-talks.toml"),
        "are scheduled to be active",
        "are scheduled to be idle",
    );
    watched(&mut s, &dir);
    assert_eq!(
        s.app.notice(),
        Some("The folder changed: 1 event changed, 1 event gone, 1 new error")
    );
    // The same folder again (the watch seeing the reader's own reload):
    // nothing more is said.
    s.apply(Action::Outcome("said before".into()));
    watched(&mut s, &dir);
    assert_eq!(s.app.notice(), Some("said before"));
    // R always says what the dossier holds.
    s.apply(Action::Reload(Reload::Done(std::sync::Arc::new(load_dir(
        &dir,
    )))));
    let notice = s.app.notice().unwrap_or_default().to_string();
    assert!(notice.starts_with("Reloaded: 5 events"), "{notice}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_entry_that_drops_out_moves_details_and_article_together() {
    let dir = fixture_copy("watch-drop");
    let mut s = Screen::of(App::new(load_dir(&dir), 120, 40).with_folder(&dir));
    // The second event, its passage followed in the article.
    s.keys("j");
    assert_eq!(selected_event(&s), "general-talks");
    s.keys("\n1");
    assert!(s.app.article().passage().is_some());
    // Its quote broken on disk: it no longer loads.
    replace_in(
        &dir.join("events/general-talks.toml"),
        "are scheduled to be active",
        "are scheduled to be idle",
    );
    watched(&mut s, &dir);
    let now = selected_event(&s);
    assert_ne!(now, "general-talks");
    // The nearest that remains: the event before it or after it.
    assert!(now == "nrg-survey" || now == "second-week-ends", "{now}");
    let d = s.app.dossier();
    let Some(EntityRef::Event(e)) = s.app.selected_entity() else {
        panic!("an event");
    };
    assert_eq!(s.app.details().shown, Some(EntityRef::Event(e)));
    // The article shown is one the selection cites, and the passage its own.
    let shown = s.app.article().shown.expect("an article");
    assert!(
        d.events[e.0].sources.iter().any(|src| src.article == shown),
        "the article belongs to the new selection"
    );
    if let Some(c) = s.app.article().passage() {
        assert!(matches!(c, SourceRef::Event(x, _) if x == e), "{c:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Waits (at most 10 s) for the watch to report a change.
fn reported(rx: &std::sync::mpsc::Receiver<Vec<std::path::PathBuf>>) -> bool {
    rx.recv_timeout(std::time::Duration::from_secs(10)).is_ok()
}

#[test]
fn the_watch_sees_files_and_a_folder_made_anew() {
    let dir = common::fixture_copy("watch-folders");
    let (tx, rx) = std::sync::mpsc::channel();
    let mut watch = dossier::watch::start(&dir, move |paths| {
        let _ = tx.send(paths);
    })
    .expect("the folder can be watched");
    // A file of an entry folder.
    common::replace_in(&dir.join("events/asa-talks.toml"), "ASA", "A.S.A.");
    assert!(reported(&rx), "a change to an event file is seen");
    while rx
        .recv_timeout(std::time::Duration::from_millis(400))
        .is_ok()
    {}
    // The events folder removed and made again, as a checkout may.
    let events = dir.join("events");
    let old = dir.join("old-events");
    std::fs::rename(&events, &old).expect("move the folder away");
    std::fs::create_dir(&events).expect("a new events folder");
    for entry in std::fs::read_dir(&old).expect("the old folder") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), events.join(entry.file_name())).expect("copy");
    }
    assert!(reported(&rx), "the folder made anew is seen");
    while rx
        .recv_timeout(std::time::Duration::from_millis(400))
        .is_ok()
    {}
    watch.renew();
    common::replace_in(&events.join("asa-talks.toml"), "A.S.A.", "ASA");
    assert!(
        reported(&rx),
        "a file of the new folder is seen once the watch is renewed"
    );
}

#[test]
fn a_search_being_typed_stays_open_when_the_folder_changes() {
    let dir = fixture_copy("watch-search");
    let mut s = Screen::of(App::new(load_dir(&dir), 120, 40).with_folder(&dir));
    let origin = selected_event(&s);
    s.keys("/");
    s.keys("strike");
    let hits = s.app.find().search.hits().len();
    assert!(hits > 0);
    replace_in(
        &dir.join("events/asa-talks.toml"),
        "summary = \"\"\"",
        "summary = \"\"\"Edited. ",
    );
    watched(&mut s, &dir);
    // Still typing, with the same words and their hits, and told what
    // changed.
    assert!(
        matches!(s.app.overlay(), Some(dossier::app::Overlay::Search(_))),
        "{}",
        s.text()
    );
    assert_eq!(s.app.find().search.query(), "strike");
    assert!(s.text().contains("/ strike"), "{}", s.text());
    assert!(
        s.app
            .notice()
            .is_some_and(|n| n.starts_with("The folder changed")),
        "{:?}",
        s.app.notice()
    );
    s.keys("s");
    assert_eq!(s.app.find().search.query(), "strikes");
    // Esc goes back to where the search was opened.
    s.keys("\x1b");
    assert_eq!(selected_event(&s), origin);
    // The help, open when the folder changes, stays open.
    s.keys("?");
    watched(&mut s, &dir);
    assert!(
        matches!(s.app.overlay(), Some(dossier::app::Overlay::Help { .. })),
        "{}",
        s.text()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
