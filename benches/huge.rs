//! Huge inputs: load time, peak memory and key-to-frame time for a 50 MB
//! article, an article that is one 1 MB line, and 100,000 events. Each case is
//! generated, then measured, in its own process so peak RSS is its own.
//! Run with `cargo bench --bench huge`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use dossier::app::{App, update};
use dossier::reader::to_action;
use dossier_core::content::load_dir;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

const CASES: [&str; 3] = ["article-50mb", "line-1mb", "events-100k"];

fn generate(case: &str) -> std::path::PathBuf {
    match case {
        "article-50mb" => common::huge::long_article("bench-50mb", 50_000_000),
        "line-1mb" => common::huge::one_line_article("bench-line", 1_000_000),
        _ => common::huge::many_events("bench-100k", 100_000),
    }
}

/// Peak resident memory of this process so far, in MB.
fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}

fn measure(case: &str, dir: &Path) {
    let t = Instant::now();
    let d = load_dir(dir);
    let load = t.elapsed();
    assert_eq!(d.errors(), 0, "{:?}", d.problems.first());
    let (w, h) = (200, 50);
    // The start screen previews the first event's passage: the article is
    // wrapped here.
    let t = Instant::now();
    let mut app = App::new(d, w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal
        .draw(|f| dossier::ui::render(&app, f))
        .expect("draw");
    let start = t.elapsed();
    let mut press = |app: &mut App, code: KeyCode| {
        let t = Instant::now();
        if let Some(a) = to_action(app, &common::key(code)) {
            update(app, a);
        }
        terminal
            .draw(|f| dossier::ui::render(app, f))
            .expect("draw");
        black_box(terminal.backend().buffer().area);
        t.elapsed()
    };
    // The articles list, then the article pane focused.
    let first: Duration = [KeyCode::Char('a'), KeyCode::Char('3')]
        .into_iter()
        .map(|k| press(&mut app, k))
        .sum();
    let keys = [
        KeyCode::Char('j'),
        KeyCode::PageDown,
        KeyCode::Char('G'),
        KeyCode::Char('k'),
        KeyCode::PageUp,
        KeyCode::Char('g'),
    ];
    let mut times: Vec<Duration> = (0..200)
        .flat_map(|_| keys)
        .map(|k| press(&mut app, k))
        .collect();
    times.sort();
    println!(
        "{case:<13} load {load:>8.1?}  first frame {start:>8.1?}  list+focus {first:>7.1?}  key to frame p50 {:>7.1?} max {:>7.1?}  peak RSS {:.0} MB",
        times[times.len() / 2],
        times[times.len() - 1],
        peak_rss_mb()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => println!("{}", generate(&args[2]).display()),
        Some("measure") => measure(&args[2], Path::new(&args[3])),
        _ => {
            let me = std::env::current_exe().expect("own path");
            for case in CASES {
                let out = Command::new(&me).args(["gen", case]).output().expect("gen");
                let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
                let status = Command::new(&me)
                    .args(["measure", case, &dir])
                    .status()
                    .expect("measure");
                assert!(status.success());
                let _ = std::fs::remove_dir_all(&dir);
            }
        }
    }
}
