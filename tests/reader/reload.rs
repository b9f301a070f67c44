//! `R`: the dossier read again from its folder while the reader runs, the
//! place kept by ids. Driven through the real keymap and update on a test
//! terminal, with the reload the loop would do (`Action::Reload`).

use crate::common;

use common::{Screen, fixture_copy, replace_in};
use dossier::app::{Action, Effect, ListKind, Reload};
use dossier_core::content::{SourceRef, load_dir};

/// What the reader's loop does once the folder is read again.
fn reload(s: &mut Screen, d: dossier_core::content::Dossier) {
    s.apply(Action::Reload(Reload::Done(std::sync::Arc::new(d))));
    s.draw();
}

#[test]
fn reload_keeps_the_place_by_id_and_shows_the_edit() {
    let dir = fixture_copy("reload-place");
    let mut s = Screen::new(load_dir(&dir), 120, 40);
    // The third event, then its first source, followed into the article.
    s.keys("jj");
    assert_eq!(s.selected_id(), "second-week-ends");
    s.keys("\n");
    let followed = s.app.article().passage().expect("a followed passage");
    assert!(matches!(followed, SourceRef::Event(_, 0)));

    // Meanwhile the curator retitles that event and deletes an earlier one,
    // so every index after it moves.
    replace_in(
        &dir.join("events/second-week-ends.toml"),
        "title = \"Second week of general talks ends\"",
        "title = \"Second week of talks closes\"",
    );
    std::fs::remove_file(dir.join("events/general-talks.toml")).expect("delete an event");

    s.keys("R");
    assert_eq!(s.effects, [Effect::Reload], "R asks the loop to reload");
    reload(&mut s, load_dir(&dir));

    assert_eq!(s.app.dossier().events.len(), 5);
    assert_eq!(s.app.nav().kind(), ListKind::Timeline);
    assert_eq!(s.selected_id(), "second-week-ends");
    let passage = s
        .app
        .article()
        .passage()
        .expect("the passage is still followed");
    let SourceRef::Event(e, 0) = passage else {
        panic!("followed {passage:?}");
    };
    assert_eq!(s.app.dossier().events[e.0].id, "second-week-ends");
    let screen = s.text();
    assert!(screen.contains("Second week of talks closes"), "{screen}");
    assert!(screen.contains("Reloaded: 5 events"), "{screen}");
    // The old places may be gone: the history starts afresh.
    assert!(s.app.history().back.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn reload_falls_back_when_the_selection_is_gone() {
    let dir = fixture_copy("reload-gone");
    let mut s = Screen::new(load_dir(&dir), 80, 24);
    s.keys("i"); // the issues list
    s.keys("G"); // the last one, which no other issue relates to
    let last = s.selected_id();
    assert_eq!(last, "working-conditions");
    std::fs::remove_file(dir.join(format!("issues/{last}.toml"))).expect("delete the issue");
    reload(&mut s, load_dir(&dir));
    assert!(s.app.dossier().issues.iter().all(|i| i.id != last));
    // Still the issues list, at the nearest issue that remains; the events
    // that named the issue are now errors, counted in the header.
    assert_eq!(s.app.nav().kind(), ListKind::Issues);
    assert_eq!(s.selected_id(), "wages");
    assert!(s.app.dossier().errors() > 0);
    let screen = s.text();
    assert!(screen.contains("Reloaded:"), "{screen}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_header_says_while_the_files_are_compared_with_the_cache_copy() {
    for (w, h, said) in [
        (120, 40, "checking files for changes"),
        (80, 24, "checking files…"),
    ] {
        let mut app = dossier::app::App::new(common::fixture(), w, h);
        app.set_checking(true);
        let mut s = Screen::of(app);
        let top = s.text().lines().next().unwrap_or_default().to_string();
        assert!(top.contains(said), "{w}×{h}: {top}");
        s.app.set_checking(false);
        s.draw();
        let top = s.text().lines().next().unwrap_or_default().to_string();
        assert!(!top.contains("checking"), "{w}×{h}: {top}");
    }
}

#[test]
fn the_about_overlay_says_whether_the_files_were_all_compared_with_the_copy() {
    let mut app =
        dossier::app::App::new(common::fixture(), 120, 40).with_folder(std::path::Path::new("/d"));
    app.set_from_cache(true);
    app.set_checking(true);
    let mut s = Screen::of(app);
    s.keys("A");
    let about = s.text();
    assert!(
        about.contains("the files shown were compared with it"),
        "{about}"
    );
    assert!(!about.contains("no file of the folder changed"), "{about}");
    s.keys("\x1b");
    s.app.set_checking(false);
    s.keys("A");
    let about = s.text();
    assert!(about.contains("no file of the folder changed"), "{about}");
}
