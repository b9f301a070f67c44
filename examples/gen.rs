//! Writes a synthetic dossier, valid by construction, for benchmarks and tests:
//! `cargo run --release --example gen -- --events 10000 --issues 500 --articles 2000 --words 1200 OUT_DIR`

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use dossier_synth::{self as synth, Params};

#[derive(Parser)]
#[command(about = "Write a synthetic dossier of any size")]
struct Args {
    #[arg(long, default_value_t = Params::TARGET.events)]
    events: usize,
    #[arg(long, default_value_t = Params::TARGET.issues)]
    issues: usize,
    #[arg(long, default_value_t = Params::TARGET.articles)]
    articles: usize,
    /// Approximate words per article.
    #[arg(long, default_value_t = Params::TARGET.words_per_article)]
    words: usize,
    #[arg(long, default_value_t = Params::TARGET.seed)]
    seed: u64,
    /// Folder to write into (created if missing).
    out: PathBuf,
}

fn main() -> ExitCode {
    let a = Args::parse();
    let p = Params {
        events: a.events,
        issues: a.issues,
        articles: a.articles,
        words_per_article: a.words,
        seed: a.seed,
    };
    let t = Instant::now();
    match synth::write(&p, &a.out) {
        Ok(s) => {
            println!(
                "{}: {} files, {:.1} MB ({} events, {} issues, {} articles, {} decomposed; {} citations, {} with occurrence, {} across a line break) in {:.2} s",
                a.out.display(),
                s.files,
                s.bytes as f64 / 1e6,
                s.events,
                s.issues,
                s.articles,
                s.decomposed,
                s.sources,
                s.with_occurrence,
                s.across_lines,
                t.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen: {}: {e}", a.out.display());
            ExitCode::FAILURE
        }
    }
}
