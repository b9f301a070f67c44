//! Key-to-frame time: one action through `update`, then a whole frame drawn
//! into a 200×50 test terminal, on the fixture, the bundled dossier and the
//! 24 MB synthetic one. Run with `cargo bench --bench reader`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use dossier::app::{App, Command, update};
use dossier::content::*;
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

fn bench(name: &str, d: Dossier) {
    let (w, h) = (200, 50);
    let mut app = App::new(d, w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let rounds = 300;
    let mut times = Vec::with_capacity(rounds * KEYS.len());
    let mut by_key: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); KEYS.len()];
    for _ in 0..rounds {
        for (k, &action) in KEYS.iter().enumerate() {
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
        "", KEYS[k]
    );
}

fn main() {
    bench("fixture (6 events, 3 articles)", common::fixture());
    bench("bundled (20 events, 5 articles)", load_bundled());
    let t = Instant::now();
    let big = synthetic();
    let size: usize = big.articles.iter().map(|a| a.text.len()).sum();
    eprintln!(
        "synthetic dossier: {} MB loaded in {:?}",
        size / 1_000_000,
        t.elapsed()
    );
    bench("synthetic (10,000 events, 2,000 articles, 24 MB)", big);
}
