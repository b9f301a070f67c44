//! The reader's cache of loaded dossiers (`dossier::cache`): a copy is used
//! only while it is true, and a damaged, stale or foreign one never is.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use dossier::cache::{self, Loaded};
use dossier_core::content::load_dir;
use proptest::prelude::*;

use crate::common;

/// Every file counts as settled: the tests read what they just wrote.
const SKEW: Duration = Duration::from_secs(60);

/// A copy of the reader's fixture dossier and an empty cache folder.
fn setup(name: &str) -> (PathBuf, PathBuf) {
    let folder = common::fixture_copy(&format!("cache-{name}"));
    let cache = common::scratch("cache-dir", name);
    (folder, cache)
}

fn load(folder: &Path, cache: &Path) -> Loaded {
    let loaded = cache::load_skewed(folder, Some(cache), SKEW);
    if let Some(stamps) = &loaded.keep {
        cache::keep(cache, folder, stamps, &loaded.dossier).expect("the copy is kept");
    }
    loaded
}

#[test]
fn a_second_load_is_served_from_the_cache_and_equals_a_full_load() {
    let (folder, cache) = setup("served");
    let first = load(&folder, &cache);
    assert!(!first.cached, "nothing was cached yet");
    assert!(first.keep.is_some(), "a settled folder is kept");
    assert!(cache::file_for(&cache, &folder).is_file());
    let second = load(&folder, &cache);
    assert!(second.cached, "the copy is used while nothing changed");
    assert!(second.keep.is_none(), "a copy served is not written again");
    assert_eq!(second.dossier, load_dir(&folder));
    // The datings gathered as it was decoded are its events' own.
    let datings =
        dossier_core::content::date::Datings::of(second.dossier.events.iter().map(|e| e.dating()));
    assert!(datings.each().count() > 1);
    assert_eq!(second.datings, Some(datings));
}

#[test]
fn a_copy_read_in_pieces_of_any_size_decodes_the_same() {
    let (folder, bytes, key, label) = written_copy("pieces");
    let (whole, stamps) = cache::decode_checked(&bytes, &key, &label).expect("a whole copy");
    assert_eq!(whole, load_dir(&folder));
    // Pieces that cut nearly every value, the articles' texts' places
    // included, which must not be counted twice.
    for (piece, events) in [(1, 1), (7, 2), (64, 3), (999, 1000), (4096, 4096)] {
        let (d, s) = cache::decode_in_pieces(&bytes, &key, &label, (piece, events))
            .unwrap_or_else(|e| panic!("pieces of {piece}: {}", e.0));
        assert_eq!(d, whole, "pieces of {piece}");
        assert_eq!(s, stamps);
        for (a, b) in d.articles.iter().zip(&whole.articles) {
            assert_eq!(a.text.as_str(), b.text.as_str(), "pieces of {piece}");
        }
    }
}

/// Replaces the first `from` in the file at `path` by `to`, of the same
/// length, in place, and sets the modification time back: the file keeps
/// its size and modification time (its change time moves on).
fn rewrite_in_place(path: &Path, from: &str, to: &str) {
    let before = fs::metadata(path).expect("the file");
    let text = fs::read_to_string(path).expect("the file");
    let changed = text.replacen(from, to, 1);
    assert_ne!(changed, text);
    assert_eq!(changed.len(), text.len());
    fs::write(path, &changed).expect("rewrite in place");
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(before.modified()?))
        .expect("set the modification time back");
    let after = fs::metadata(path).expect("the file");
    assert_eq!(
        (after.len(), after.modified().ok()),
        (before.len(), before.modified().ok())
    );
}

#[test]
fn one_byte_changed_with_size_and_modification_time_kept_is_seen() {
    let (folder, cache) = setup("one-byte");
    load(&folder, &cache);
    // One letter for another: the same size.
    rewrite_in_place(
        &folder.join("articles/shift-focus-to-ai.txt"),
        "studio",
        "stadio",
    );
    // The change time moved on: no program can set it back.
    let second = load(&folder, &cache);
    assert!(
        !second.cached,
        "the changed file's change time is not the one kept"
    );
    assert_eq!(second.dossier, load_dir(&folder));
    assert!(
        second
            .dossier
            .articles
            .iter()
            .any(|a| a.text.contains("stadio")),
        "the reader sees the file as it is now"
    );
}

#[test]
fn one_byte_of_one_quote_changed_with_size_and_modification_time_kept_is_seen() {
    let (folder, cache) = setup("one-quote");
    let first = load(&folder, &cache);
    let errors =
        |d: &dossier_core::content::Dossier| d.problems.iter().filter(|p| p.is_error()).count();
    assert_eq!(errors(&first.dossier), 0);
    rewrite_in_place(
        &folder.join("events/asa-talks.toml"),
        "quote = \"Negotiations",
        "quote = \"Negotiatiops",
    );
    let second = load(&folder, &cache);
    assert!(!second.cached, "the copy is not used");
    assert_eq!(errors(&second.dossier), 1, "{:?}", second.dossier.problems);
    assert!(
        second
            .dossier
            .problems
            .iter()
            .any(|p| p.path == "events/asa-talks.toml"),
        "the changed quote is reported where it is: {:?}",
        second.dossier.problems
    );
}

#[test]
fn a_file_added_or_removed_is_seen() {
    let (folder, cache) = setup("added");
    load(&folder, &cache);
    fs::write(folder.join("events/notes.md"), "scribbles").expect("add a file");
    let second = load(&folder, &cache);
    assert!(!second.cached, "a new file is a change, even one not read");
    assert_eq!(second.dossier.problems, load_dir(&folder).problems);
    let third = load(&folder, &cache);
    assert!(third.cached);
    fs::remove_file(folder.join("events/notes.md")).expect("remove it");
    assert!(!load(&folder, &cache).cached, "a file gone is a change");
}

#[test]
fn a_damaged_cache_file_is_never_trusted_and_is_written_again() {
    let (folder, cache) = setup("damaged");
    load(&folder, &cache);
    let file = cache::file_for(&cache, &folder);
    let good = fs::read(&file).expect("the cache file");
    let truncated = &good[..good.len() / 2];
    let mut flipped = good.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x20;
    // The last byte is in the last article's text, which the copy leaves in
    // the file until it is read.
    let mut last = good.clone();
    *last.last_mut().expect("not empty") ^= 0x01;
    let whole = load_dir(&folder);
    for bad in [
        truncated.to_vec(),
        flipped,
        last,
        b"dossier-cache\n".to_vec(),
        Vec::new(),
    ] {
        fs::write(&file, &bad).expect("damage the cache");
        let mut loaded = load(&folder, &cache);
        if loaded.cached {
            // Damage in a text is found when it is read: the copy is
            // dropped, and nothing it served reads as the damaged text.
            let texts = loaded.texts.take().expect("texts left in the file");
            assert!(!cache::read_texts(&loaded.dossier, &texts, &file));
            assert!(!file.exists(), "the damaged copy is removed");
            for (a, b) in loaded.dossier.articles.iter().zip(&whole.articles) {
                assert!(
                    a.text == b.text || a.text.bytes().all(|c| c == b' '),
                    "{} reads as it is or as blanks",
                    a.id
                );
            }
            loaded = load(&folder, &cache);
        }
        assert!(!loaded.cached, "a damaged copy is not used");
        assert_eq!(loaded.dossier, whole);
        assert!(loaded.keep.is_some(), "and a good one takes its place");
        assert!(load(&folder, &cache).cached);
    }
}

#[test]
fn a_start_from_the_cache_reads_only_the_texts_its_first_screen_shows() {
    let (folder, cache) = setup("lazy");
    load(&folder, &cache);
    let loaded = load(&folder, &cache);
    assert!(loaded.cached);
    let texts = loaded.texts.clone().expect("texts left in the file");
    assert_eq!(texts.fetched(), 0, "decoding reads no text");
    let articles = loaded.dossier.articles.len();
    assert!(articles > 2, "the fixture has {articles} articles");
    let app = dossier::app::App::new(loaded.dossier, 120, 40);
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 40)).expect("terminal");
    terminal
        .draw(|f| dossier::ui::render(&app, f))
        .expect("first frame");
    let first = app.dossier().events[0].sources[0].article.0;
    assert_eq!(texts.fetched(), 1, "only the first event's article is read");
    assert!(!app.dossier().articles[first].text.is_detached());
    let file = cache::file_for(&cache, &folder);
    assert!(cache::read_texts(app.dossier(), &texts, &file));
    assert_eq!(texts.fetched(), articles);
    assert_eq!(*app.dossier(), load_dir(&folder));
}

#[test]
fn a_first_frame_compares_its_own_files_and_the_rest_are_compared_behind_it() {
    use dossier_core::content::{EntityRef, EventIx};
    let (folder, cache) = setup("first-screen");
    load(&folder, &cache);
    let whole = load_dir(&folder);
    let last = whole.events.len() - 1;
    assert!(last > 0);
    let first_only = |_: &dossier_core::content::Dossier| cache::First {
        shown: vec![EntityRef::Event(EventIx(0))],
        ..cache::First::default()
    };

    // Nothing changed: served, and every other file holds.
    let served = cache::load_first(&folder, Some(&cache), first_only);
    assert!(served.cached);
    let unchecked = served.unchecked.expect("the others are left to compare");
    assert!(unchecked.holds(&folder, &served.dossier));
    assert_eq!(served.dossier, whole);

    // A file off the first screen changes: the copy is served at once, and
    // the comparison behind it finds the change.
    let path = folder.join(format!("events/{}.toml", whole.events[last].id));
    let mut text = fs::read_to_string(&path).expect("the event file");
    text.push_str("\n# changed\n");
    fs::write(&path, text).expect("change it");
    let served = cache::load_first(&folder, Some(&cache), first_only);
    assert!(served.cached, "the first screen's files did not change");
    let unchecked = served.unchecked.expect("left to compare");
    assert!(!unchecked.holds(&folder, &served.dossier));

    // The same file on the first screen: the folder is read before it.
    let on_screen = |_: &dossier_core::content::Dossier| cache::First {
        shown: vec![EntityRef::Event(EventIx(last))],
        ..cache::First::default()
    };
    let read = cache::load_first(&folder, Some(&cache), on_screen);
    assert!(!read.cached && read.unchecked.is_none());
    assert_eq!(read.dossier, load_dir(&folder));

    // And `dossier.toml`, whatever the screen shows.
    let (folder, cache) = setup("first-screen-meta");
    load(&folder, &cache);
    let meta = folder.join("dossier.toml");
    let mut text = fs::read_to_string(&meta).expect("dossier.toml");
    text.push_str("\n# changed\n");
    fs::write(&meta, text).expect("change it");
    assert!(!cache::load_first(&folder, Some(&cache), |_| cache::First::default()).cached);
}

#[test]
fn a_first_visit_reads_the_records_after_its_first_frame_and_a_revisit_before() {
    let (folder, cache) = setup("records");
    load(&folder, &cache);
    let whole = load_dir(&folder);
    let now = dossier::state::seen::records(&whole);
    let first_visit = cache::load_first(&folder, Some(&cache), |_| cache::First::default());
    assert!(first_visit.cached);
    assert!(
        first_visit.records.is_none(),
        "not read before the first frame"
    );
    let later = first_visit
        .unchecked
        .as_ref()
        .expect("left in the file")
        .records(&first_visit.dossier)
        .expect("the records");
    assert_eq!(later, now);
    // The baseline a first visit saves is the same, made from them (by the
    // loader, behind the first frame).
    let made = dossier::state::seen::baseline_from(&first_visit.dossier, later);
    let mut app = dossier::app::App::new(first_visit.dossier, 80, 24).remember_with(
        dossier::state::State::default(),
        false,
        None,
        false,
    );
    app.set_baseline(made);
    assert_eq!(
        app.state().seen,
        Some(std::sync::Arc::new(dossier::state::seen::baseline(&whole)))
    );
    let revisit = cache::load_first(&folder, Some(&cache), |_| cache::First {
        shown: Vec::new(),
        marks: true,
        checksums: None,
    });
    assert_eq!(revisit.records, Some(now), "a revisit's marks compare them");
    assert!(!revisit.seen_unchanged);
}

#[test]
fn a_revisit_whose_checksums_are_the_copys_reads_no_records() {
    use dossier::state::seen::{self, Checksums};
    let (folder, cache) = setup("checksums");
    load(&folder, &cache);
    let whole = load_dir(&folder);
    let revisit = |checksums| {
        cache::load_first(&folder, Some(&cache), |_| cache::First {
            shown: Vec::new(),
            marks: true,
            checksums,
        })
    };
    // What a reader saves after a visit: every entry seen as it is.
    let seen = seen::baseline(&whole);
    let same = Checksums::of(&seen, &whole).expect("one record per entry");
    let served = revisit(Some(same));
    assert!(served.cached && served.seen_unchanged);
    assert_eq!(served.records, None, "nothing to compare: not read");
    // The checksums are those the copy's header holds, which a start reads
    // there before the copy is decoded.
    assert_eq!(same.records, seen::records_checksum(&seen::records(&whole)));
    assert_eq!(cache::seen_checksums(&cache, &folder), Some(same));
    assert_eq!(
        cache::seen_checksums(&cache, &folder.join("elsewhere")),
        None
    );

    // One entry seen otherwise, or the ids otherwise (a renamed entry):
    // the records are read and compared.
    let mut older = seen.clone();
    if let Some(r) = older.values_mut().next() {
        r.date = Some("long ago".into());
    }
    let other_records = Checksums::of(&older, &whole).expect("one record per entry");
    assert_ne!(other_records.records, same.records);
    let other_ids = Checksums {
        ids: same.ids ^ 1,
        ..same
    };
    for checksums in [other_records, other_ids] {
        let served = revisit(Some(checksums));
        assert!(served.cached && !served.seen_unchanged);
        assert_eq!(served.records, Some(seen::records(&whole)));
    }
    let mut renamed = whole.clone();
    renamed.events[0].id.push_str("-renamed");
    assert_ne!(seen::ids_checksum(&renamed), same.ids);

    // What was seen of an entry removed since: no checksums, for matching
    // ones say that what was seen is the dossier's own records, no more.
    let mut gone = seen.clone();
    let mut record = gone.values().next().cloned().expect("a record");
    record.date = Some("then".into());
    gone.insert(
        dossier::state::EntryId {
            kind: dossier::state::EntryKind::Event,
            id: "removed-since".into(),
        },
        record,
    );
    assert_eq!(Checksums::of(&gone, &whole), None);
}

#[test]
fn a_copy_from_another_build_or_folder_is_refused() {
    let (_, bytes, key, label) = written_copy("foreign");
    assert!(cache::decode_checked(&bytes, &key, &label).is_ok());
    assert!(cache::decode_checked(&bytes, "0.0.0 1 2", &label).is_err());
    assert!(cache::decode_checked(&bytes, &key, "/elsewhere").is_err());
}

#[test]
fn a_cache_folder_that_cannot_be_written_only_costs_speed() {
    let (folder, scratch) = setup("unwritable");
    fs::create_dir_all(&scratch).expect("scratch");
    // A file where the cache folder should be: nothing can be created in it.
    let blocked = scratch.join("file");
    fs::write(&blocked, "not a folder").expect("a file");
    let cache = blocked.join("dossier");
    for _ in 0..2 {
        let loaded = cache::load_skewed(&folder, Some(&cache), SKEW);
        assert!(!loaded.cached);
        assert_eq!(loaded.dossier, load_dir(&folder));
        let stamps = loaded.keep.expect("settled");
        assert!(cache::keep(&cache, &folder, &stamps, &loaded.dossier).is_err());
    }
    // No cache folder at all.
    let none = cache::load_skewed(&folder, None, SKEW);
    assert!(!none.cached && none.keep.is_none());
}

#[test]
fn files_changed_in_the_last_seconds_are_not_kept() {
    let (folder, cache) = setup("recent");
    // Just written, and counted as just written.
    let loaded = cache::load_skewed(&folder, Some(&cache), Duration::ZERO);
    assert!(!loaded.cached);
    assert!(
        loaded.keep.is_none(),
        "a file changed within a clock tick of the read could keep its stamp"
    );
}

/// The fixture's folder copied under `name`, the cache file a load of it
/// writes, this build's key and the folder's label.
fn written_copy(name: &str) -> (PathBuf, Vec<u8>, String, String) {
    let (folder, cache) = setup(name);
    load(&folder, &cache);
    let bytes = fs::read(cache::file_for(&cache, &folder)).expect("the cache file");
    let key = cache::build_key().expect("this build");
    let label = cache::folder_label(&folder);
    (folder, bytes, key, label)
}

/// A valid cache file of the fixture, its build key and its folder's label.
fn valid_cache() -> (Vec<u8>, String, String) {
    let (_, bytes, key, label) = written_copy("fuzz");
    (bytes, key, label)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Any damage, even with the checksum made to match, is refused or
    /// decodes to a dossier whose every index and passage is in place;
    /// nothing panics.
    #[test]
    fn the_decoder_refuses_what_it_cannot_trust(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
        fix_checksum in any::<bool>(),
    ) {
        thread_local! {
            static VALID: (Vec<u8>, String, String) = valid_cache();
        }
        VALID.with(|(good, key, label)| {
            let mut bytes = good.clone();
            for (at, b) in &edits {
                let i = at.index(bytes.len());
                bytes[i] = *b;
            }
            if let Some(c) = cut {
                bytes.truncate(c.index(bytes.len()));
            }
            if fix_checksum {
                cache::write_header(&mut bytes);
            }
            if let Ok((d, _)) = cache::decode_checked(&bytes, key, label) {
                prop_assert!(dossier_core::content::integrity::check(&d).is_ok());
            }
            Ok(())
        })?;
    }

    /// Bytes from nowhere are refused.
    #[test]
    fn random_bytes_are_refused(mut bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        cache::write_header(&mut bytes);
        prop_assert!(cache::decode_checked(&bytes, "k", "/f").is_err());
    }
}

#[test]
fn check_never_reads_the_cache() {
    // A forged copy for folder B that holds folder A's dossier, stamped with
    // B's files and the check binary's build: the reader would serve it.
    let (a, cache_home) = setup("forged-a");
    common::replace_in(
        &a.join("events/asa-talks.toml"),
        "quote = \"",
        "quote = \"NOT IN THE ARTICLE ",
    );
    let b = common::fixture_copy("cache-forged-b");
    let dir = cache_home.join("dossier");
    let exe = Path::new(env!("CARGO_BIN_EXE_dossier"));
    let key = cache::key_of(exe).expect("the binary's build");
    let stamps = dossier_core::content::stamps_now(&b).expect("B's stamps");
    let dossier_a = load_dir(&a);
    assert!(
        dossier_a.problems.iter().any(|p| p.is_error()),
        "A has an error"
    );
    let forged =
        cache::encode(&key, &cache::folder_label(&b), &stamps, &dossier_a).expect("encode");
    // As the reader built from that binary would find it: whole, and true to B's files.
    let (served, kept) = cache::decode_checked(&forged, &key, &cache::folder_label(&b))
        .expect("the forged copy decodes");
    assert_eq!(served, dossier_a);
    assert_eq!(Some(kept), dossier_core::content::stamps_now(&b));
    fs::create_dir_all(&dir).expect("cache dir");
    fs::write(cache::file_for(&dir, &b), forged).expect("plant it");
    let out = std::process::Command::new(exe)
        .args(["check", "--content"])
        .arg(&b)
        .env("XDG_CACHE_HOME", &cache_home)
        .env("XDG_STATE_HOME", cache_home.join("state"))
        .env("XDG_CONFIG_HOME", cache_home.join("config"))
        .output()
        .expect("check runs");
    let printed = common::printed_by(&out);
    assert!(out.status.success(), "{printed}");
    assert!(printed.contains("0 errors"), "{printed}");
}

/// Copies `from` into a fresh folder.
fn copy_of(from: &Path, name: &str) -> PathBuf {
    let to = common::scratch("cache-copy", name);
    copy_tree(from, &to);
    to
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("a folder");
    for entry in fs::read_dir(from).expect("a folder to copy") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

#[test]
fn a_copy_serves_the_same_problems_in_the_same_words_as_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A synthetic dossier with mistakes spread over many files.
    let synth = common::synthetic("cache-synth", "errors", 300, 7);
    common::rewrite_events(&synth, 37, |n, text| match n % 3 {
        0 => text.replacen("quote = \"", "quote = \"not said ", 1),
        1 => text.replacen("date = \"", "date = \"20x", 1),
        _ => format!("{text}\nsurprise = [\n"),
    });
    let mut folders = vec![
        copy_of(&root.join("tests/fixtures/hostile"), "hostile"),
        copy_of(&root.join("tests/fixtures/reader"), "reader"),
        copy_of(&root.join("docs/example"), "example"),
        copy_of(&root.join("content"), "content"),
    ];
    folders.push(synth);
    let exe = Path::new(env!("CARGO_BIN_EXE_dossier"));
    for folder in &folders {
        let cache = common::scratch(
            "cache-words",
            &folder.file_name().unwrap().to_string_lossy(),
        );
        load(folder, &cache);
        let served = load(folder, &cache);
        assert!(served.cached, "{}", folder.display());
        let from_copy: Vec<String> = served
            .dossier
            .problems
            .iter()
            .map(|p| p.to_string())
            .collect();
        let out = std::process::Command::new(exe)
            .args(["check", "--content"])
            .arg(folder)
            .env("XDG_CACHE_HOME", &cache)
            .output()
            .expect("check runs");
        let printed = String::from_utf8_lossy(&out.stdout);
        for line in &from_copy {
            let first = line.lines().next().unwrap_or_default();
            assert!(
                printed.contains(first),
                "{}: check does not say {first:?}",
                folder.display()
            );
        }
        assert_eq!(served.dossier.problems, load_dir(folder).problems);
    }
    // The mistakes are errors in many files.
    let synth_problems = load_dir(folders.last().expect("the synthetic one")).problems;
    let files: std::collections::HashSet<&str> = synth_problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.path.as_str())
        .collect();
    assert!(files.len() >= 5, "{synth_problems:?}");
}

#[test]
fn a_copy_whose_event_index_is_out_of_order_serves_no_start() {
    let (folder, cache) = setup("index-order");
    let mut d = load_dir(&folder);
    assert!(d.event_index.len() > 2);
    let key = cache::build_key().expect("this build");
    let stamps = dossier_core::content::stamps_now(&folder).expect("stamps");
    let label = cache::folder_label(&folder);
    fs::create_dir_all(&cache).expect("cache dir");
    let plant = |d: &dossier_core::content::Dossier| {
        let bytes = cache::encode(&key, &label, &stamps, d).expect("encode");
        fs::write(cache::file_for(&cache, &folder), &bytes).expect("plant it");
        bytes
    };
    // In order: served, and the comparison behind the first frame holds.
    plant(&d);
    let served = cache::load_first(&folder, Some(&cache), |_| cache::First::default());
    assert!(served.cached);
    let unchecked = served.unchecked.expect("left to compare");
    assert!(unchecked.holds(&folder, &served.dossier));
    // Two ids swapped in the index, every index still in range: the first
    // frame may come from it (a lookup in it finds nothing rather than
    // something else), the comparison behind it refuses it, and a start
    // that compares everything first, or the decoder's own check, never
    // takes it.
    d.event_index.swap(0, 1);
    let bytes = plant(&d);
    let served = cache::load_first(&folder, Some(&cache), |_| cache::First::default());
    assert!(served.cached);
    let unchecked = served.unchecked.expect("left to compare");
    assert!(!unchecked.holds(&folder, &served.dossier));
    let refused = cache::decode_checked(&bytes, &key, &label).expect_err("refused");
    assert!(refused.0.contains("out of order"), "{}", refused.0);
    plant(&d);
    assert!(!cache::load_skewed(&folder, Some(&cache), SKEW).cached);
}
