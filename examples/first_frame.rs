//! Where the time to the reader's first frame goes: loading, building the
//! reader's state, and drawing the first frame (into a test terminal).
//! `cargo run --release --example first_frame -- [DIR]` (the bundled dossier without DIR).

use std::time::Instant;

use dossier::app::App;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn main() {
    let dir = std::env::args().nth(1);
    let t0 = Instant::now();
    let dossier = match &dir {
        Some(d) => dossier_core::content::load_dir(std::path::Path::new(d)),
        None => dossier::bundled::load_bundled(),
    };
    let loaded = t0.elapsed();
    let app = App::new(dossier, 120, 40);
    let built = t0.elapsed();
    let mut terminal = match Terminal::new(TestBackend::new(120, 40)) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("first_frame: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = terminal.draw(|f| dossier::ui::render(&app, f)) {
        eprintln!("first_frame: {e}");
        std::process::exit(1);
    }
    let drawn = t0.elapsed();
    println!(
        "load {:.1} ms, state {:.1} ms, first frame {:.1} ms, total {:.1} ms",
        loaded.as_secs_f64() * 1e3,
        (built - loaded).as_secs_f64() * 1e3,
        (drawn - built).as_secs_f64() * 1e3,
        drawn.as_secs_f64() * 1e3
    );
}
