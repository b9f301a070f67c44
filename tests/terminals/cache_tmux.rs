//! The cache of loaded dossiers in a real terminal (tmux): the reader keeps
//! a copy of a folder it read, opens from that copy while the folder's files
//! are as they were, and reads the folder again as soon as one changed.

use std::path::{Path, PathBuf};

use crate::common;
use common::tmux::{Tmux, missing, until};
use dossier::cache;
use dossier_core::content::load_dir;

const BIN: &str = env!("CARGO_BIN_EXE_dossier");
const TITLE: &str = "General talks scheduled through May 16";

/// The reader on `dir`, every file counted as settled though the copy is
/// made just after the files were written.
fn reader(dir: &Path) -> String {
    format!(
        "DOSSIER_TEST_SETTLED_MS=60000 {BIN} --content '{}'",
        dir.display()
    )
}

/// The reader started in tmux (session `session`) on a fresh copy of the
/// fixture (`name`), once its first screen shows the first event: the
/// folder, the reader's command and the session.
fn opened_on_fixture(name: &str, session: &str) -> (PathBuf, String, Tmux) {
    let dir = common::fixture_copy(name);
    let reader = reader(&dir);
    let t = Tmux::start(session, 120, 40, &reader);
    let first = t.wait(|p| p.contains("General talks") && p.contains("Timeline"));
    assert!(first.contains("Timeline"), "{first}");
    (dir, reader, t)
}

#[test]
fn the_reader_opens_from_its_copy_only_while_the_files_are_unchanged() {
    if missing() {
        return;
    }
    let (dir, reader, t) = opened_on_fixture("fx-cache-tmux", "cache");
    let cache_dir = t.file("cache").join("dossier");
    let file = cache::file_for(&cache_dir, &dir);
    assert!(
        until(|| file.is_file()),
        "the copy is kept in XDG_CACHE_HOME"
    );

    // A copy that says something else of the same files, made for this
    // build: the reader shows what the copy says, so it is the copy it read.
    let changed = common::fixture_copy("fx-cache-tmux-other");
    common::replace_in(
        &changed.join("events/general-talks.toml"),
        TITLE,
        "Title only the copy has",
    );
    let key = cache::key_of(Path::new(BIN)).expect("the binary's build");
    let stamps = dossier_core::content::stamps_now(&dir).expect("stamps");
    let planted = cache::encode(
        &key,
        &cache::folder_label(&dir),
        &stamps,
        &load_dir(&changed),
    )
    .expect("encode");
    std::fs::write(&file, planted).expect("plant the copy");
    t.respawn(&reader);
    let served = t.wait(|p| p.contains("Title only the copy") || p.contains("General talks sch"));
    assert!(served.contains("Title only the copy"), "{served}");
    // The about overlay says where the dossier came from.
    t.keys("A");
    let about = t.wait(|p| p.contains("Read from") && p.contains("reader's cache"));
    assert!(about.contains("opened from the reader's cache"), "{about}");
    t.keys("\x1b");

    // One byte of the folder changes: the folder is read again.
    common::replace_in(
        &dir.join("events/general-talks.toml"),
        "title = \"General talks scheduled through May 16\"",
        "title = \"Disk talks scheduled through May 16\"",
    );
    t.respawn(&reader);
    let fresh = t.wait(|p| p.contains("Disk talks") && p.contains("Timeline"));
    assert!(fresh.contains("Disk talks"), "{fresh}");
    assert!(!fresh.contains("Title only the copy"), "{fresh}");
    t.keys("A");
    let about = t.wait(|p| p.contains("Read from"));
    assert!(about.contains("Read from"), "{about}");
    assert!(
        !about.contains("reader's cache"),
        "read from the folder:\n{about}"
    );
}

#[test]
fn quitting_at_once_still_leaves_a_whole_copy() {
    if missing() {
        return;
    }
    let (dir, _, t) = opened_on_fixture("fx-cache-quit", "cache-quit");
    t.keys("q");
    assert!(until(|| !t.capture().contains("Timeline")), "q quits");
    let cache_dir = t.file("cache").join("dossier");
    let file = cache::file_for(&cache_dir, &dir);
    assert!(
        file.is_file(),
        "the copy was written before the reader left"
    );
    let names: Vec<String> = std::fs::read_dir(&cache_dir)
        .expect("the cache folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| !n.ends_with(".tmp")),
        "no half-written copy is left: {names:?}"
    );
    let key = cache::key_of(Path::new(BIN)).expect("the binary's build");
    let bytes = std::fs::read(&file).expect("the copy");
    let (kept, _) =
        cache::decode_checked(&bytes, &key, &cache::folder_label(&dir)).expect("the copy is whole");
    assert_eq!(kept, load_dir(&dir));
}

#[test]
fn a_file_off_the_first_screen_changed_is_found_behind_the_first_frame() {
    if missing() {
        return;
    }
    let dir = common::scratch("cache-tmux-behind", "dossier");
    dossier_synth::write(
        &dossier_synth::Params {
            events: 300,
            issues: 10,
            articles: 20,
            words_per_article: 100,
            seed: 3,
        },
        &dir,
    )
    .expect("generate");
    let whole = load_dir(&dir);
    let last = whole.events.last().expect("events");
    let first_title = &whole.events[0].title;
    let reader = reader(&dir);
    let t = Tmux::start("cache-behind", 120, 40, &reader);
    let needle: String = first_title.chars().take(20).collect();
    t.wait(|p| p.contains(&needle));
    let file = cache::file_for(&t.file("cache").join("dossier"), &dir);
    assert!(until(|| file.is_file()), "the copy is kept");

    // The last event of the timeline, 300 rows below the first screen,
    // gets a new title: the reader opens from its copy, finds the change
    // behind its first frame, and reads the folder again.
    let path = dir.join(format!("events/{}.toml", last.id));
    common::replace_in(
        &path,
        &format!("title = \"{}\"", last.title),
        "title = \"Retitled far below the first screen\"",
    );
    t.respawn(&reader);
    t.wait(|p| p.contains(&needle));
    t.keys("G");
    let end = t.wait(|p| p.contains("Retitled far below"));
    assert!(end.contains("Retitled far below"), "{end}");
    t.keys("A");
    let about = t.wait(|p| p.contains("Read from"));
    assert!(
        !about.contains("reader's cache"),
        "read from the folder once the change was found:\n{about}"
    );
}

#[test]
fn a_returning_reader_of_an_unchanged_dossier_keeps_what_was_seen_whole() {
    if missing() {
        return;
    }
    let (dir, reader, t) = opened_on_fixture("fx-cache-returning", "cache-returning");
    let file = cache::file_for(&t.file("cache").join("dossier"), &dir);
    assert!(until(|| file.is_file()), "the copy is kept");
    let state = t
        .file("state/dossier")
        .join(dossier::state::store::DossierId::folder(&dir).file_name());
    // The first visit saves every entry as seen, with its checksums.
    t.keys("q");
    assert!(until(|| !t.capture().contains("Timeline")), "q quits");
    // The last save may land after the screen is given back: read once it
    // holds what is waited for (or as it is after 20 s).
    let read_when = |holds: &dyn Fn(&str) -> bool| {
        until(|| std::fs::read_to_string(&state).is_ok_and(|t| holds(&t)));
        std::fs::read_to_string(&state).expect("the state file")
    };
    let seen_of = |text: &str| -> (String, String) {
        let line = text
            .lines()
            .find(|l| l.starts_with("checksums = "))
            .unwrap_or_else(|| panic!("no checksums line:\n{text}"))
            .to_string();
        let (_, seen) = text.split_once("\n[seen]\n").expect("[seen]");
        (line, seen.to_string())
    };
    let first = seen_of(&read_when(&|t| {
        t.contains("checksums = ") && t.contains("\n[seen]\n")
    }));
    assert!(
        first.1.contains("[seen.\"event:general-talks\"]"),
        "{}",
        first.1
    );

    // Back, with nothing changed: no marks, and what was seen is saved
    // again as it was (with a new place), though this start never read it.
    t.respawn(&reader);
    let back = t.wait(|p| p.contains("General talks") && p.contains("Timeline"));
    assert!(
        !back.contains("changed") && !back.contains(" new"),
        "{back}"
    );
    t.keys("jj");
    let moved = t.settled();
    t.keys("q");
    assert!(
        until(|| !t.capture().contains("Timeline")),
        "q quits:\n{moved}"
    );
    let again = read_when(&|t| t.contains("row = 3"));
    assert_eq!(seen_of(&again), first, "what was seen, saved again");
    assert!(again.contains("row = 3"), "the place moved:\n{again}");

    // A title edited since: the next start reads what was seen and marks it.
    common::replace_in(
        &dir.join("events/general-talks.toml"),
        TITLE,
        "General talks moved to June",
    );
    t.respawn(&reader);
    let marked = t.wait(|p| p.contains("1 changed"));
    assert!(marked.contains("1 changed"), "{marked}");
}
