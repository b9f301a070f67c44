//! Load benchmark at the project's target scale: generates a synthetic dossier
//! (10,000 events, 500 issues, 2,000 articles of about 1,200 words) once under
//! target/, then times `content::load_dir`, its parts, and the `check` binary.
//!
//! `cargo bench --bench load [-- --runs N] [-- --events N --issues N --articles N --words N]`

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use std::{env, fs, io};

use dossier_core::content;
use dossier_synth::{self as synth, Params};

struct Opts {
    params: Params,
    runs: usize,
}

fn opts() -> Opts {
    let mut o = Opts {
        params: Params::TARGET,
        runs: 10,
    };
    let args: Vec<String> = env::args().skip(1).collect();
    let mut it = args.iter();
    // cargo passes `--bench`; anything not ours is ignored.
    while let Some(a) = it.next() {
        let mut num = |slot: &mut usize| {
            if let Some(n) = it.next().and_then(|v| v.parse().ok()) {
                *slot = n;
            }
        };
        match a.as_str() {
            "--runs" => num(&mut o.runs),
            "--events" => num(&mut o.params.events),
            "--issues" => num(&mut o.params.issues),
            "--articles" => num(&mut o.params.articles),
            "--words" => num(&mut o.params.words_per_article),
            _ => {}
        }
    }
    o.runs = o.runs.max(1);
    o
}

/// The generated dossier, reused across runs (see `synth::cached`).
fn dossier_dir(p: &Params) -> io::Result<PathBuf> {
    let t = Instant::now();
    let (dir, made) = synth::cached(p, Path::new(env!("CARGO_TARGET_TMPDIR")))?;
    if let Some(s) = made {
        println!(
            "generated {}: {} files, {:.1} MB in {:.1} s",
            dir.display(),
            s.files,
            s.bytes as f64 / 1e6,
            t.elapsed().as_secs_f64()
        );
    }
    Ok(dir)
}

/// Every file of the dossier, read the plain way, as `load_files` takes them.
fn read_all(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = vec![(
        "dossier.toml".to_string(),
        fs::read(dir.join("dossier.toml"))?,
    )];
    for sub in ["articles", "events", "issues"] {
        for entry in fs::read_dir(dir.join(sub))? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            files.push((format!("{sub}/{name}"), fs::read(entry.path())?));
        }
    }
    Ok(files)
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// Times `f` `runs` times; prints and returns (min, median).
fn time<T>(label: &str, runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            let out = f();
            let d = t.elapsed();
            drop(out);
            d
        })
        .collect();
    times.sort();
    let (min, med) = (times[0], times[times.len() / 2]);
    println!(
        "{label:<38} min {:>8.1} ms   median {:>8.1} ms   ({runs} runs)",
        ms(min),
        ms(med)
    );
    (min, med)
}

fn main() -> io::Result<()> {
    let o = opts();
    let dir = dossier_dir(&o.params)?;

    // Warm the page cache and check the dossier is what the generator promises.
    let d = content::load_dir(&dir);
    println!(
        "dossier: {} events, {} issues, {} articles, {} problems",
        d.events.len(),
        d.issues.len(),
        d.articles.len(),
        d.problems.len()
    );
    for p in d.problems.iter().take(5) {
        println!("  {p}");
    }
    drop(d);

    println!();
    time("load_dir (whole load)", o.runs, || content::load_dir(&dir));
    time(
        "preview_dir (every entry glanced at, the first screen whole)",
        o.runs,
        || content::preview_dir(&dir, 0, &content::Focus::default()),
    );
    preview_agrees(&dir);
    time("  read every file (std::fs)", o.runs, || read_all(&dir));
    let files = read_all(&dir)?;
    time("  load_files (parse, resolve, index)", o.runs, || {
        // The copy is part of the closure but costs a few ms at most; it is
        // reported on its own line just below so it can be subtracted.
        content::load_files(files.clone())
    });
    time("    of which: copying the input", o.runs, || files.clone());
    let mut d = Some(content::load_dir(&dir));
    time("  dropping a loaded dossier", 1, || drop(d.take()));

    cache_costs(&dir, o.runs)?;
    reference_costs(&files, o.runs);
    check_binary(&dir, o.runs);
    Ok(())
}

/// The preview's lists against the whole load's: the same entries in the
/// same order, each row the same (a check on the large dossier that the
/// tests make on small ones).
fn preview_agrees(dir: &Path) {
    let Some(p) = content::preview_dir(dir, 0, &content::Focus::default()) else {
        println!("  no preview");
        return;
    };
    let full = content::load_dir(dir);
    let same_events = common::timeline_rows(&p.dossier) == common::timeline_rows(&full);
    let same_others = p
        .dossier
        .issues
        .iter()
        .map(|i| (&i.id, &i.title, i.events.len()))
        .eq(full
            .issues
            .iter()
            .map(|i| (&i.id, &i.title, i.events.len())))
        && p.dossier
            .articles
            .iter()
            .map(|a| (&a.id, &a.title))
            .eq(full.articles.iter().map(|a| (&a.id, &a.title)));
    println!(
        "  the preview's rows and order are the whole load's: events {}, issues and articles {}",
        if same_events { "yes" } else { "NO" },
        if same_others { "yes" } else { "NO" }
    );
}

/// The reader's cache (`dossier::cache`): a start that finds a true copy
/// (stamping the folder and decoding the copy, in parallel), and its parts.
fn cache_costs(dir: &Path, runs: usize) -> io::Result<()> {
    use dossier::cache;
    let home = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bench-cache");
    let _ = fs::remove_dir_all(&home);
    // Kept as a start would keep it, counting the files as settled.
    let first = cache::load_skewed(dir, Some(&home), Duration::from_secs(3600));
    let stamps = first
        .keep
        .as_ref()
        .ok_or_else(|| io::Error::other("the folder's files cannot be stamped"))?;
    let t = Instant::now();
    cache::keep(&home, dir, stamps, &first.dossier)?;
    let bytes = fs::read(cache::file_for(&home, dir))?;
    println!(
        "\ncache: {:.1} MB, written in {:.1} ms",
        bytes.len() as f64 / 1e6,
        ms(t.elapsed())
    );
    let served = cache::load(dir, Some(&home));
    if !served.cached {
        return Err(io::Error::other("the copy was not used"));
    }
    drop(served);
    let first_screen = |_: &content::Dossier| cache::First {
        shown: vec![content::EntityRef::Event(content::EventIx(0))],
        ..cache::First::default()
    };
    time(
        "cache::load_first (a true copy, the first screen's files compared)",
        runs,
        || cache::load_first(dir, Some(&home), first_screen),
    );
    time(
        "  then comparing every other file (behind the first frame)",
        runs,
        || {
            let served = cache::load_first(dir, Some(&home), first_screen);
            served.unchecked.map(|u| u.holds(dir, &served.dossier))
        },
    );
    time(
        "cache::load (a true copy, every file compared first)",
        runs,
        || cache::load(dir, Some(&home)),
    );
    time("  stamping the folder", runs, || content::stamps_now(dir));
    time("  reading the copy", runs, || {
        fs::read(cache::file_for(&home, dir))
    });
    let key = cache::build_key().unwrap_or_default();
    let label = cache::folder_label(dir);
    time("  decoding every part, reading every text", runs, || {
        cache::decode_checked(&bytes, &key, &label)
    });
    let served = cache::load_first(dir, Some(&home), first_screen);
    time(
        "  the integrity check (texts left in the file)",
        runs,
        || dossier_core::content::integrity::check(&served.dossier),
    );
    Ok(())
}

/// The TOML part and the text of a file: the front matter and body of an
/// article (LF files only: close enough for a reference), the whole of any other.
fn split<'a>(path: &str, s: &'a str) -> (&'a str, &'a str) {
    if path.starts_with("articles/") {
        let body = s.strip_prefix("+++\n").unwrap_or(s);
        match body.find("\n+++\n") {
            Some(i) => (&body[..i + 1], &body[i + 5..]),
            None => (body, ""),
        }
    } else {
        (s, "")
    }
}

/// Floors that any loader pays, measured without the loader: generic TOML
/// parsing of every file and front matter, and a plain search for every quote
/// in its article (no whitespace folding). They say where the loader's own
/// overhead is, not what it should cost.
fn reference_costs(files: &[(String, Vec<u8>)], runs: usize) {
    println!(
        "
reference costs (not the loader):"
    );
    time("  UTF-8 check of every file", runs, || {
        files
            .iter()
            .filter(|(_, b)| std::str::from_utf8(b).is_ok())
            .count()
    });
    let texts: Vec<(&str, &str)> = files
        .iter()
        .filter_map(|(p, b)| Some((p.as_str(), std::str::from_utf8(b).ok()?)))
        .collect();
    time("  toml::from_str::<Table> on all", runs, || {
        texts
            .iter()
            .filter(|(p, s)| toml::from_str::<toml::Table>(split(p, s).0).is_ok())
            .count()
    });
    let mut bodies = std::collections::HashMap::new();
    let mut quotes = Vec::new();
    for (p, s) in &texts {
        let (head, body) = split(p, s);
        if let Some(id) = p
            .strip_prefix("articles/")
            .and_then(|n| n.strip_suffix(".txt"))
        {
            bodies.insert(id.to_string(), body);
        } else if let Ok(t) = toml::from_str::<toml::Table>(head) {
            for src in t
                .get("sources")
                .and_then(|v| v.as_array())
                .into_iter()
                .flatten()
            {
                if let (Some(a), Some(q)) = (
                    src.get("article").and_then(|v| v.as_str()),
                    src.get("quote").and_then(|v| v.as_str()),
                ) {
                    quotes.push((a.to_string(), q.to_string()));
                }
            }
        }
    }
    time("  memmem for every quote (unfolded)", runs, || {
        quotes
            .iter()
            .filter(|(a, q)| {
                bodies
                    .get(a)
                    .is_some_and(|b| memchr::memmem::find(b.as_bytes(), q.as_bytes()).is_some())
            })
            .count()
    });
}

/// The whole `dossier check` process, as a user runs it.
fn check_binary(dir: &Path, runs: usize) {
    let exe = env!("CARGO_BIN_EXE_dossier");
    let run = || {
        Command::new(exe)
            .args(["check", "--content"])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
    };
    match run() {
        Ok(s) => println!("\n`dossier check` exit status: {s}"),
        Err(e) => {
            println!("\ncannot run {exe}: {e}");
            return;
        }
    }
    time("dossier check (wall, process)", runs, run);
    // Peak memory and CPU time need the child's rusage: GNU time reports them.
    // CPU time (user + system) is the figure to compare when other work
    // shares the cores and makes wall times drift.
    let usage: Vec<(u64, f64)> = (0..5)
        .filter_map(|_| {
            let out = Command::new("/usr/bin/time")
                .args(["-f", "%M %U %S"])
                .arg(exe)
                .args(["check", "--content"])
                .arg(dir)
                .stdout(Stdio::null())
                .output()
                .ok()?;
            let err = String::from_utf8_lossy(&out.stderr);
            let mut f = err.lines().last()?.split_whitespace();
            let kb = f.next()?.parse().ok()?;
            let user: f64 = f.next()?.parse().ok()?;
            let sys: f64 = f.next()?.parse().ok()?;
            Some((kb, user + sys))
        })
        .collect();
    if usage.is_empty() {
        println!("peak RSS: /usr/bin/time not available (apt-get install time)");
        return;
    }
    let kb = usage.iter().map(|u| u.0).max().unwrap_or(0);
    let mut cpu: Vec<f64> = usage.iter().map(|u| u.1 * 1e3).collect();
    cpu.sort_by(f64::total_cmp);
    println!(
        "{:<38} {:.1} MB (max of {} runs, /usr/bin/time)",
        "dossier check peak RSS",
        kb as f64 / 1024.0,
        usage.len()
    );
    println!(
        "{:<38} min {:>8.0} ms   median {:>8.0} ms   (10 ms resolution)",
        "dossier check CPU (user+sys)",
        cpu[0],
        cpu[cpu.len() / 2]
    );
}
