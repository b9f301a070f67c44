//! Key-to-frame time: one action through `update`, then a whole frame drawn
//! into a 200×50 test terminal, on the fixture, the bundled dossier and the
//! 24 MB synthetic one; each also as a reader that remembers, with half its
//! entries marked new (marks drawn, reads and saves noted on every key).
//! Last, the 24 MB one opened from the cache of loaded dossiers, while
//! another thread does again and again what the loader does behind a first
//! frame. Run with `cargo bench --bench reader`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use dossier::app::{App, Command, update};
use dossier::bundled::load_bundled;
use dossier_core::content::*;
use dossier_synth::{self as synth, Params};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The synthetic dossier of the target size (10,000 events, 500 issues,
/// 2,000 articles, about 24 MB), generated once under the target folder and
/// loaded by the real loader; the load benchmark shares it.
fn synthetic() -> Dossier {
    let dir = match synth::cached(&Params::TARGET, Path::new(env!("CARGO_TARGET_TMPDIR"))) {
        Ok((dir, _)) => dir,
        Err(e) => {
            eprintln!("cannot generate the synthetic dossier: {e}");
            std::process::exit(1);
        }
    };
    let d = load_dir(&dir);
    if d.errors() > 0 {
        eprintln!("the synthetic dossier has errors");
        std::process::exit(1);
    }
    d
}

const KEYS: &[Command] = &[
    Command::Down,
    Command::Down,
    Command::Follow,
    Command::NextPassage,
    Command::Down,
    Command::PageDown,
    Command::Back,
    Command::NextPane,
    Command::Down,
    Command::Follow,
    Command::Back,
    Command::ShowIssues,
    Command::Down,
    Command::ShowTimeline,
    Command::PageDown,
    Command::Last,
    Command::First,
    Command::ShowArticles,
    Command::Down,
    Command::ShowTimeline,
];

/// A reader that remembers `d`, with every other entry unknown (new).
fn remembering(d: Dossier, w: u16, h: u16) -> App {
    let mut seen = dossier::state::seen::baseline(&d);
    let mut n = 0;
    seen.retain(|_, _| {
        n += 1;
        n % 2 == 0
    });
    let state = dossier::state::State {
        dossier: "bench".into(),
        seen: Some(std::sync::Arc::new(seen)),
        ..Default::default()
    };
    App::new(d, w, h).remember(state, false)
}

fn bench(name: &str, d: Dossier, remember: bool) {
    let (w, h) = (200, 50);
    let app = if remember {
        remembering(d, w, h)
    } else {
        App::new(d, w, h)
    };
    bench_app(name, app, remember);
}

/// The keys of [`KEYS`] through `app`, each timed to its whole frame.
fn bench_app(name: &str, app: App, remember: bool) {
    bench_keys(name, app, remember, KEYS);
}

/// Moves through the lists only: on a preview, none of them waits for the
/// rest of the dossier (following a source would, and every key after it).
const MOVES: &[Command] = &[
    Command::Down,
    Command::Down,
    Command::PageDown,
    Command::Down,
    Command::ShowIssues,
    Command::Down,
    Command::ShowTimeline,
    Command::PageDown,
    Command::Last,
    Command::First,
    Command::ShowArticles,
    Command::Down,
    Command::ShowTimeline,
    Command::Up,
];

/// `keys` through `app`, each timed to its whole frame.
fn bench_keys(name: &str, mut app: App, remember: bool, keys: &[Command]) {
    let (w, h) = (app.size().width, app.size().height);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let rounds = 300;
    let mut times = Vec::with_capacity(rounds * KEYS.len());
    let mut by_key: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); keys.len()];
    for _ in 0..rounds {
        for (k, &action) in keys.iter().enumerate() {
            let t = Instant::now();
            update(&mut app, action);
            terminal
                .draw(|f| dossier::ui::render(&app, f))
                .expect("draw");
            times.push(t.elapsed());
            by_key[k].push(t.elapsed());
            black_box(terminal.backend().buffer().area);
        }
    }
    times.sort();
    let pct = |p: usize| times[(times.len() - 1) * p / 100];
    let mean: Duration = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "{name:<34} key to frame at {w}x{h}: mean {:>7.1?}  p50 {:>7.1?}  p99 {:>7.1?}  max {:>7.1?}  ({} keys)",
        mean,
        pct(50),
        pct(99),
        times[times.len() - 1],
        times.len()
    );
    // The slowest step of the sequence, by its median: where to look first.
    let (k, median) = by_key
        .iter_mut()
        .map(|t| {
            t.sort();
            t[t.len() / 2]
        })
        .enumerate()
        .max_by_key(|&(_, m)| m)
        .unwrap_or((0, Duration::ZERO));
    println!(
        "{:<34} slowest step: #{k} {:?}, median {median:.1?}",
        "", keys[k]
    );
    if remember {
        // The snapshot the loop hands to the saver, a moment after a change
        // (never on a key's way to its frame).
        let t = Instant::now();
        let state = black_box(app.state());
        println!(
            "{:<34} state snapshot for the saver: {:.1?} ({} entries seen)",
            "",
            t.elapsed(),
            state.seen.map_or(0, |s| s.len())
        );
    }
}

/// What remembering adds before the first frame, on the bundled dossier:
/// reading the configuration and the state file, putting the reader back
/// where it was with its marks, starting the saver thread. Median of runs
/// on a state saved by the previous run, in a temporary XDG directory.
fn startup() {
    use dossier::state::{saver::Saver, store};
    let tmp = std::env::temp_dir().join(format!("dossier-bench-xdg-{}", std::process::id()));
    let dirs = dossier::xdg::Dirs {
        state: Some(tmp.join("state/dossier")),
        config: Some(tmp.join("config/dossier")),
        cache: Some(tmp.join("cache/dossier")),
    };
    let id = store::DossierId::Bundled;
    // A state to come back to: a place with history, marks, pins.
    {
        let opened = store::open(dirs.state.as_deref(), &id);
        let mut app = App::new(load_bundled(), 120, 40).remember(opened.state, false);
        for c in [
            Command::ShowIssues,
            Command::Down,
            Command::Follow,
            Command::Pin,
        ] {
            update(&mut app, c);
        }
        if let Some(s) = opened.store {
            let _ = s.save(&app.state());
        }
    }
    let mut times = Vec::new();
    let mut without = Vec::new();
    for _ in 0..200 {
        let d = load_bundled();
        let t = Instant::now();
        let app = App::new(d, 120, 40);
        without.push(t.elapsed());
        black_box(&app);
        let d = load_bundled();
        let t = Instant::now();
        let settings = dossier::settings::Settings::load(dirs.config_file().as_deref());
        let opened = store::open(dirs.state.as_deref(), &id);
        let saver = opened
            .store
            .map(|s| Saver::start(s, |_| {}).expect("saver thread"));
        let app = App::new(d, 120, 40)
            .with_keymap(settings.keymap)
            .remember(opened.state, false);
        times.push(t.elapsed());
        black_box(&app);
        drop(saver);
    }
    times.sort();
    without.sort();
    println!(
        "{:<34} start-up before the first frame: App::new {:>7.1?}, with configuration, state and saver {:>7.1?} (medians)",
        "bundled, remembering",
        without[without.len() / 2],
        times[times.len() / 2]
    );
    let _ = std::fs::remove_dir_all(&tmp);
}

/// The timeline picture at 200×50: each key's update and frame, the frame
/// alone (it only copies the cells the update made), and a zoom (which
/// makes the cells again).
fn bench_picture(name: &str, d: Dossier) {
    let (w, h) = (200, 50);
    let mut app = App::new(d, w, h);
    update(&mut app, Command::Picture);
    assert!(app.picture_shown(), "the picture is shown");
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    const MOVES: &[Command] = &[
        Command::Down,
        Command::Down,
        Command::PageDown,
        Command::Up,
        Command::Last,
        Command::First,
        Command::Down,
    ];
    let mut moves = Vec::new();
    let mut frames = Vec::new();
    let mut zooms = Vec::new();
    for round in 0..200 {
        for &c in MOVES {
            let t = Instant::now();
            update(&mut app, c);
            terminal
                .draw(|f| dossier::ui::render(&app, f))
                .expect("draw");
            moves.push(t.elapsed());
            let t = Instant::now();
            terminal
                .draw(|f| dossier::ui::render(&app, f))
                .expect("draw");
            frames.push(t.elapsed());
        }
        let zoom = if round % 2 == 0 {
            Command::PictureZoomIn
        } else {
            Command::PictureZoomOut
        };
        let t = Instant::now();
        update(&mut app, zoom);
        terminal
            .draw(|f| dossier::ui::render(&app, f))
            .expect("draw");
        zooms.push(t.elapsed());
        black_box(terminal.backend().buffer().area);
    }
    for v in [&mut moves, &mut frames, &mut zooms] {
        v.sort();
    }
    let p = |v: &[Duration], q: usize| v[(v.len() - 1) * q / 100];
    println!(
        "{name:<34} picture at {w}x{h}: key to frame p50 {:>7.1?} p99 {:>7.1?}; frame alone p50 {:>7.1?} p99 {:>7.1?}; zoom (cells made again) p50 {:>7.1?} p99 {:>7.1?}",
        p(&moves, 50),
        p(&moves, 99),
        p(&frames, 50),
        p(&frames, 99),
        p(&zooms, 50),
        p(&zooms, 99)
    );
}

fn main() {
    startup();
    bench_picture("bundled", load_bundled());
    bench("fixture (6 events, 3 articles)", common::fixture(), false);
    bench("bundled (20 events, 5 articles)", load_bundled(), false);
    bench("bundled, remembering", load_bundled(), true);
    let t = Instant::now();
    let big = synthetic();
    let size: usize = big.articles.iter().map(|a| a.text.len()).sum();
    eprintln!(
        "synthetic dossier: {} MB loaded in {:?}",
        size / 1_000_000,
        t.elapsed()
    );
    bench(
        "synthetic (10,000 events, 2,000 articles, 24 MB)",
        big.clone(),
        false,
    );
    bench_picture("synthetic", big.clone());
    bench("synthetic, remembering", big, true);
    while_loading();
    while_previewing();
}

/// The synthetic dossier shown as a preview (its folder with no copy in
/// the cache), timed while another thread reads the folder whole over and
/// over, as the loader does behind a preview's first frame. Only moves
/// through the lists: a key that needs the rest waits for it.
fn while_previewing() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let Ok((dir, _)) = synth::cached(&Params::TARGET, Path::new(env!("CARGO_TARGET_TMPDIR")))
    else {
        eprintln!("cannot generate the synthetic dossier");
        return;
    };
    let Some(p) = preview_dir(&dir, 0, &Focus::default()) else {
        eprintln!("no preview of the synthetic dossier");
        return;
    };
    let progress = Arc::new(dossier_core::content::Progress::default());
    let reading = dossier::app::Reading::new(p.whole, p.files, progress);
    let app = App::new(p.dossier, 200, 50).with_reading(reading);
    let done = AtomicBool::new(false);
    let rounds = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                let progress = Arc::new(dossier_core::content::Progress::default());
                black_box(load_dir_counted(&dir, progress));
                rounds.fetch_add(1, Ordering::Relaxed);
            }
        });
        bench_keys("synthetic previewed, while reading", app, false, MOVES);
        done.store(true, Ordering::Relaxed);
    });
    println!(
        "{:<34} meanwhile the other thread read the folder whole {} times",
        "",
        rounds.load(Ordering::Relaxed)
    );
}

/// The synthetic dossier opened from the cache of loaded dossiers as a
/// reader's first start opens it (texts left in the copy, read as the keys
/// show them), timed while another thread does, over and over, what the
/// loader does behind a first frame: opening the copy, comparing every file
/// with it and reading every text.
fn while_loading() {
    use dossier::cache;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let Ok((dir, _)) = synth::cached(&Params::TARGET, Path::new(env!("CARGO_TARGET_TMPDIR")))
    else {
        eprintln!("cannot generate the synthetic dossier");
        return;
    };
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-reader-cache");
    let _ = std::fs::remove_dir_all(&home);
    let first = cache::load_skewed(&dir, Some(&home), Duration::from_secs(3600));
    let kept = first
        .keep
        .as_ref()
        .map(|stamps| cache::keep(&home, &dir, stamps, &first.dossier));
    if !matches!(kept, Some(Ok(()))) {
        eprintln!("the copy could not be kept");
        return;
    }
    let nothing = |_: &Dossier| cache::First::default();
    let served = cache::load_first(&dir, Some(&home), nothing);
    if !served.cached {
        eprintln!("the copy was not served");
        return;
    }
    let app = App::new(Arc::new(served.dossier), 200, 50);
    let done = AtomicBool::new(false);
    let rounds = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            let file = cache::file_for(&home, &dir);
            while !done.load(Ordering::Relaxed) {
                let again = cache::load_first(&dir, Some(&home), nothing);
                if let (Some(u), Some(t)) = (&again.unchecked, &again.texts) {
                    black_box(u.holds(&dir, &again.dossier));
                    black_box(cache::read_texts(&again.dossier, t, &file));
                }
                rounds.fetch_add(1, Ordering::Relaxed);
            }
        });
        bench_app("synthetic from the cache, while loading", app, false);
        done.store(true, Ordering::Relaxed);
    });
    println!(
        "{:<34} meanwhile the other thread opened the copy, compared every file and read every text {} times",
        "",
        rounds.load(Ordering::Relaxed)
    );
}
