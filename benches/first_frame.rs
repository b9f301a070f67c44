//! Time to first frame in a real terminal (tmux): `less` showing one bundled
//! article, the reader on the bundled dossier, on the 24 MB synthetic one and
//! on one of 100,000 events, and newsboat on the same 2,000 articles as the
//! 24 MB dossier, all measured the same way. Needs tmux; newsboat's row is
//! skipped when it is not installed.
//!
//!     cargo bench --bench first_frame                  # 15 runs each
//!     cargo bench --bench first_frame -- --runs 40
//!     cargo bench --bench first_frame -- --only 24     # the cases whose label has "24" (a comma between several)
//!     cargo bench --bench first_frame -- --no-huge     # without 100,000 events
//!     cargo bench --bench first_frame -- --bin OTHER/dossier   # another build, same cases
//!     cargo bench --bench first_frame -- --only less,bundled --against OTHER/dossier
//!                                                      # and another build's bundled case, interleaved
//!
//! Each run starts the command in a fresh 120×40 tmux pane, on a tmux server
//! of its own, held back until a control-mode client (`tmux -C`) is attached.
//! That client is sent every byte the program writes as soon as tmux reads
//! it, so nothing polls the pane and nothing competes with the program for
//! the processor. The time is from the go signal until tmux has received all
//! of the case's needles: for the reader, a word of the first event's title
//! and a word of its first source's article title, which the article pane
//! prints at its top (computed here from the dossier itself). Before the
//! next run, the program must be gone: a process still running from the last
//! run would share the processor with the next.
//!
//! Cases run interleaved (the first run of every case, then the second, ...)
//! after one uncounted run of each, which puts the files in the page cache,
//! so that peers share the machine's conditions. The reader gets state,
//! configuration and cache folders of its own per case (`XDG_STATE_HOME`,
//! `XDG_CONFIG_HOME`, `XDG_CACHE_HOME`); state and configuration are emptied
//! before every run, so it opens at the top. "Empty cache" empties the cache
//! folder before every counted run; "warm cache" keeps it across runs, filled
//! by the uncounted one. "Returning reader" keeps the cache and the reader's
//! state: the uncounted run ends once both are written, so each counted run
//! opens as a reader who has been there before does, at the remembered place
//! (the top), every entry compared with what was seen. For the bundled dossier, that cache holds its kept
//! first frame: `dossier, bundled dossier` keeps it (a start like every one
//! after the first), `..., empty cache` does not (a first start).

use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use dossier_core::content::{Dossier, load_dir};
use dossier_synth::{self as synth, Params};

/// How long one run may take before it counts as a failure.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The dossier of the issue's 100,000-event goal (`--events 100000 --issues
/// 2000 --articles 2000 --words 300`).
const HUGE: Params = Params {
    events: 100_000,
    issues: 2_000,
    articles: 2_000,
    words_per_article: 300,
    seed: Params::TARGET.seed,
};

/// At most this many counted runs of a 100,000-event case (about 2 s each).
const HUGE_RUNS: usize = 5;

/// The labels the goals compare.
const LESS: &str = "less, one bundled article";
const BUNDLED: &str = "dossier, bundled dossier";
/// `--against`'s build on the bundled dossier, its frame kept.
const AGAINST: &str = "other build, bundled dossier";
/// The bundled dossier with no first frame kept from an earlier start.
const BUNDLED_EMPTY: &str = "dossier, bundled dossier, empty cache";
const BIG_EMPTY: &str = "dossier, 24 MB synthetic, empty cache";
const BIG_WARM: &str = "dossier, 24 MB synthetic, warm cache";
const BIG_BACK: &str = "dossier, 24 MB synthetic, returning reader";
const NEWSBOAT: &str = "newsboat, same 2,000 articles";
const HUGE_EMPTY: &str = "dossier, 100,000 events, empty cache";
const HUGE_WARM: &str = "dossier, 100,000 events, warm cache";
const HUGE_BACK: &str = "dossier, 100,000 events, returning reader";

/// What a run does to the reader's cache folder.
#[derive(Clone, Copy, PartialEq)]
enum Cache {
    /// Emptied before every counted run.
    Empty,
    /// Kept across runs.
    Warm,
    /// Kept across runs, and the reader's state with it.
    Returning,
}

struct Case {
    label: &'static str,
    /// The shell command run in the pane, after the go signal.
    command: String,
    /// Text that is in the first frame, each unbroken by escape sequences;
    /// the frame has arrived when all of them have.
    needles: Vec<String>,
    /// The reader's folders, for the reader's cases.
    xdg: Option<Xdg>,
    /// Counted runs at most.
    cap: usize,
    /// The dossier's size on disk, for the memory goal.
    bytes: Option<u64>,
    times: Vec<f64>,
    /// Peak resident memory at the first frame (VmHWM), in bytes.
    peaks: Vec<u64>,
}

/// State, configuration and cache folders of one case's own.
struct Xdg {
    root: tempfile::TempDir,
    cache: Cache,
}

impl Xdg {
    fn new(cache: Cache) -> Xdg {
        let root = tempfile::Builder::new()
            .prefix("first-frame-xdg-")
            .tempdir_in(env!("CARGO_TARGET_TMPDIR"))
            .unwrap_or_else(|e| fail(&format!("cannot make a temporary folder: {e}")));
        Xdg { root, cache }
    }

    fn dir(&self, name: &str) -> PathBuf {
        self.root.path().join(name)
    }

    /// The variables, as shell assignments before the command.
    fn env(&self) -> String {
        format!(
            "XDG_STATE_HOME={} XDG_CONFIG_HOME={} XDG_CACHE_HOME={}",
            quote(&self.dir("state")),
            quote(&self.dir("config")),
            quote(&self.dir("cache"))
        )
    }

    /// Empties what this run must find empty.
    fn reset(&self, counted: bool) -> Result<(), String> {
        let mut empty = vec!["config"];
        if self.cache != Cache::Returning {
            empty.push("state");
        }
        if counted && self.cache == Cache::Empty {
            empty.push("cache");
        }
        for name in ["state", "config", "cache"] {
            let dir = self.dir(name);
            if empty.contains(&name) && dir.exists() {
                fs::remove_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        Ok(())
    }
}

struct Options {
    runs: usize,
    only: Option<String>,
    huge: bool,
    /// Another build of the reader to time instead of this one
    /// (`--bin PATH`), to compare two builds in the same conditions.
    bin: Option<String>,
    /// Another build whose bundled-dossier case (warm) runs interleaved
    /// with this one's (`--against PATH`): two builds in one run.
    against: Option<String>,
}

impl Options {
    fn from_args() -> Options {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let value = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        Options {
            runs: value("--runs")
                .and_then(|n| n.parse().ok())
                .filter(|&n| n > 0)
                .unwrap_or(15),
            only: value("--only"),
            huge: !args.iter().any(|a| a == "--no-huge"),
            bin: value("--bin"),
            against: value("--against"),
        }
    }

    fn wants(&self, label: &str) -> bool {
        if !self.huge && [HUGE_EMPTY, HUGE_WARM, HUGE_BACK].contains(&label) {
            return false;
        }
        self.only
            .as_ref()
            .is_none_or(|s| s.split(',').any(|part| label.contains(part)))
    }
}

fn main() {
    let opts = Options::from_args();
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("first_frame: tmux is needed (apt-get install tmux)");
        std::process::exit(1);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let bin = quote(Path::new(
        opts.bin.as_deref().unwrap_or(env!("CARGO_BIN_EXE_dossier")),
    ));
    let newsboat = Command::new("newsboat").arg("--version").output().is_ok();

    println!("time to first frame in tmux, 120×40 (ms)");
    println!("machine: {}", machine());
    let mut notes = Vec::new();
    let mut cases = Vec::new();

    if opts.wants(LESS) {
        let article = root.join("content/articles/variety-ai-protections-deal.txt");
        cases.push(case(
            LESS,
            format!("exec less {}", quote(&article)),
            vec!["Will AI Protections".into()],
            None,
        ));
    }
    for (label, cache) in [(BUNDLED, Cache::Warm), (BUNDLED_EMPTY, Cache::Empty)] {
        if !opts.wants(label) {
            continue;
        }
        let xdg = Xdg::new(cache);
        let needles = needles(&dossier::bundled::load_bundled(), "bundled dossier");
        cases.push(case(
            label,
            format!("{} exec {bin}", xdg.env()),
            needles,
            Some(xdg),
        ));
    }
    if let Some(other) = &opts.against {
        let xdg = Xdg::new(Cache::Warm);
        let needles = needles(&dossier::bundled::load_bundled(), "bundled dossier");
        cases.push(case(
            AGAINST,
            format!("{} exec {}", xdg.env(), quote(Path::new(other))),
            needles,
            Some(xdg),
        ));
    }
    let wants_big = [BIG_EMPTY, BIG_WARM, BIG_BACK]
        .iter()
        .any(|l| opts.wants(l));
    let wants_newsboat = opts.wants(NEWSBOAT);
    if wants_big || wants_newsboat {
        let big = generated(&Params::TARGET, tmp);
        let dossier = load_dir(&big);
        if wants_big {
            let needles = needles(&dossier, "24 MB dossier");
            cases.extend(reader_cases(
                &opts,
                [BIG_EMPTY, BIG_WARM, BIG_BACK],
                &bin,
                &big,
                &needles,
                usize::MAX,
            ));
        }
        if wants_newsboat && !newsboat {
            notes.push(format!("{NEWSBOAT}: skipped, newsboat is not installed"));
        } else if wants_newsboat {
            let feeds = newsboat_feeds(&dossier, &big, tmp)
                .unwrap_or_else(|e| fail(&format!("cannot build newsboat's cache: {e}")));
            cases.push(case(
                NEWSBOAT,
                format!("{} exec {}", feeds.env(), feeds.command()),
                feeds.needles(),
                None,
            ));
        }
    }
    if [HUGE_EMPTY, HUGE_WARM, HUGE_BACK]
        .iter()
        .any(|l| opts.wants(l))
    {
        let huge = generated(&HUGE, tmp);
        let needles = needles(&load_dir(&huge), "100,000-event dossier");
        cases.extend(reader_cases(
            &opts,
            [HUGE_EMPTY, HUGE_WARM, HUGE_BACK],
            &bin,
            &huge,
            &needles,
            HUGE_RUNS.min(opts.runs),
        ));
        if HUGE_RUNS < opts.runs {
            notes.push(format!(
                "100,000 events: {HUGE_RUNS} runs each, not {} (a run takes seconds)",
                opts.runs
            ));
        }
    }
    if cases.is_empty() {
        fail("no case matches --only");
    }

    println!(
        "{} runs each, interleaved, after one uncounted run of each",
        opts.runs
    );
    for note in &notes {
        println!("note: {note}");
    }
    for c in &cases {
        println!("{:<43} waits for {}", c.label, c.needles.join(" + "));
    }
    // One run of each first, not counted, so every file is in the page cache
    // and the warm caches are filled.
    for c in &mut cases {
        if let Err(e) = run(c, false) {
            fail(&format!("{}: {e}", c.label));
        }
    }
    for round in 1..=opts.runs {
        // Progress on the terminal only, where a long session shows it.
        eprint!("\rround {round} of {}", opts.runs);
        for c in &mut cases {
            if c.times.len() < c.cap
                && let Err(e) = run(c, true)
            {
                fail(&format!("{}: {e}", c.label));
            }
        }
    }

    eprint!("\r{:24}\r", "");
    println!();
    for c in &mut cases {
        c.times.sort_by(f64::total_cmp);
        c.peaks.sort_unstable();
        let at = |q: f64| quantile(&c.times, q);
        let peak = c.peaks.get(c.peaks.len() / 2).map_or(String::new(), |&p| {
            format!("  peak {:6.1} MB", p as f64 / 1e6)
        });
        println!(
            "{:<43} min {:7.1}  median {:7.1}  p90 {:7.1}  max {:7.1}  ({} runs){peak}",
            c.label,
            at(0.0),
            at(0.5),
            at(0.9),
            at(1.0),
            c.times.len()
        );
    }
    println!();
    goals(&cases);
    println!("load average at the end: {}", loadavg());
}

/// The reader on the dossier in `dir`, with an empty and with a warm cache,
/// and returning (`labels`, in that order), for the labels wanted; at most
/// `cap` counted runs each.
fn reader_cases(
    opts: &Options,
    labels: [&'static str; 3],
    bin: &str,
    dir: &Path,
    needles: &[String],
    cap: usize,
) -> Vec<Case> {
    let bytes = folder_bytes(dir);
    labels
        .into_iter()
        .zip([Cache::Empty, Cache::Warm, Cache::Returning])
        .filter(|(label, _)| opts.wants(label))
        .map(|(label, cache)| {
            let xdg = Xdg::new(cache);
            let mut c = case(
                label,
                format!("{} exec {bin} --content {}", xdg.env(), quote(dir)),
                needles.to_vec(),
                Some(xdg),
            );
            c.cap = cap;
            c.bytes = Some(bytes);
            c
        })
        .collect()
}

fn case(label: &'static str, command: String, needles: Vec<String>, xdg: Option<Xdg>) -> Case {
    Case {
        label,
        command,
        needles,
        xdg,
        cap: usize::MAX,
        bytes: None,
        times: Vec::new(),
        peaks: Vec::new(),
    }
}

/// The ratios and limits the issue sets, for the cases that ran.
fn goals(cases: &[Case]) {
    let find = |label: &str| {
        cases
            .iter()
            .find(|c| c.label == label && !c.times.is_empty())
    };
    let median = |c: &Case| quantile(&c.times, 0.5);
    let mut lines = String::new();
    if let (Some(r), Some(l)) = (find(BUNDLED), find(LESS)) {
        let ratio = median(r) / median(l);
        let _ = writeln!(
            lines,
            "bundled / less:            {ratio:5.2}  (goal: at most 1.10) {}",
            verdict(ratio <= 1.10)
        );
    }
    if let (Some(r), Some(l)) = (find(AGAINST), find(LESS)) {
        let ratio = median(r) / median(l);
        let _ = writeln!(lines, "other build / less:        {ratio:5.2}");
    }
    if let (Some(r), Some(l)) = (find(BUNDLED_EMPTY), find(LESS)) {
        let ratio = median(r) / median(l);
        let _ = writeln!(
            lines,
            "bundled, nothing kept / less: {ratio:5.2}  (a first start: no goal)"
        );
    }
    for (label, name, limit) in [
        (BIG_WARM, "24 MB warm / newsboat:     ", 60.0),
        (BIG_BACK, "24 MB returning / newsboat:", 60.0),
        (BIG_EMPTY, "24 MB empty / newsboat:    ", 120.0),
    ] {
        let Some(d) = find(label) else { continue };
        let m = median(d);
        match find(NEWSBOAT) {
            Some(n) => {
                let ratio = m / median(n);
                let below = label != BIG_EMPTY;
                let goal = if below { "below 1, " } else { "" };
                let ok = m < limit && (!below || ratio < 1.0);
                let _ = writeln!(
                    lines,
                    "{name}{ratio:5.2}  (goal: {goal}median under {limit} ms: {m:.1} ms) {}",
                    verdict(ok)
                );
            }
            None => {
                let _ = writeln!(
                    lines,
                    "{}: median {m:.1} ms (goal: under {limit} ms) {}",
                    d.label,
                    verdict(m < limit)
                );
            }
        }
    }
    for label in [HUGE_EMPTY, HUGE_WARM, HUGE_BACK] {
        let Some(h) = find(label) else { continue };
        let m = median(h);
        let _ = write!(
            lines,
            "{label}: median {m:.1} ms (goal: under 300 ms) {}",
            verdict(m < 300.0)
        );
        if let (Some(&peak), Some(bytes)) = (h.peaks.iter().max(), h.bytes) {
            let _ = write!(
                lines,
                "; peak memory at the first frame {:.1} MB, {:.2}× the dossier's {:.1} MB (goal: under 2×) {}",
                peak as f64 / 1e6,
                peak as f64 / bytes as f64,
                bytes as f64 / 1e6,
                verdict((peak as f64) < 2.0 * bytes as f64)
            );
        }
        lines.push('\n');
    }
    print!("{lines}");
}

fn verdict(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT MET" }
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

/// The dossier of `p`, generated under `tmp` the first time.
fn generated(p: &Params, tmp: &Path) -> PathBuf {
    match synth::cached(p, tmp) {
        Ok((dir, stats)) => {
            if let Some(s) = stats {
                println!(
                    "generated {}: {} files, {:.1} MB",
                    dir.display(),
                    s.files,
                    s.bytes as f64 / 1e6
                );
            }
            dir
        }
        Err(e) => fail(&format!("cannot generate the synthetic dossier: {e}")),
    }
}

/// A word of the first event's title and one of its first source's article
/// title, as the reader's first frame shows them (see [`word`]).
fn needles(d: &Dossier, what: &str) -> Vec<String> {
    let Some(first) = d.events.first() else {
        fail(&format!("the {what} has no event"));
    };
    let mut needles = vec![word(&first.title)];
    if let Some(s) = first.sources.first() {
        needles.push(word(&d.article(s.article).title));
    }
    needles
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .unwrap_or_else(|| fail(&format!("no needle in the {what}'s first event")))
}

/// The longest run of ASCII letters and digits (three or more) within the
/// first 30 characters of a title: short enough to be on its first line in
/// any pane at 120 columns, never wrapped, and written by the terminal as it
/// is. A space would not do: cells left blank may be skipped over by moving
/// the cursor rather than written.
fn word(title: &str) -> Option<String> {
    let head: String = title.chars().take(30).collect();
    // A run cut off at the 30th character may continue: drop it.
    let cut = title
        .chars()
        .nth(30)
        .is_some_and(|c| c.is_ascii_alphanumeric());
    let mut runs: Vec<&str> = head
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() >= 3)
        .collect();
    if cut && head.ends_with(|c: char| c.is_ascii_alphanumeric()) {
        runs.retain(|w| !head.ends_with(w));
    }
    let mut best: Option<&str> = None;
    for w in runs {
        if best.is_none_or(|b| w.len() > b.len()) {
            best = Some(w);
        }
    }
    best.map(str::to_owned)
}

/// The total size of the files under `dir`.
fn folder_bytes(dir: &Path) -> u64 {
    let mut total = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            match e.metadata() {
                Ok(m) if m.is_dir() => stack.push(e.path()),
                Ok(m) => total += m.len(),
                Err(_) => {}
            }
        }
    }
    total
}

/// newsboat's files for the 2,000 articles of a synthetic dossier: 20 RSS
/// feeds of 100 items (title, and the article's text as description), read
/// once into newsboat's cache.
struct Feeds {
    dir: PathBuf,
    count: usize,
}

const FEEDS: usize = 20;
const PER_FEED: usize = 100;

impl Feeds {
    fn env(&self) -> String {
        // newsboat keeps its history under these; never the real home.
        let home = self.dir.join("home");
        format!(
            "HOME={} XDG_CONFIG_HOME={} XDG_DATA_HOME={}",
            quote(&home),
            quote(&home.join("config")),
            quote(&home.join("data"))
        )
    }

    fn command(&self) -> String {
        format!(
            "newsboat -u {} -c {} -C {}",
            quote(&self.dir.join("urls")),
            quote(&self.dir.join("cache.db")),
            quote(&self.dir.join("config"))
        )
    }

    /// Its first screen lists the feeds: the first's title and the last's.
    fn needles(&self) -> Vec<String> {
        vec![feed_name(1), feed_name(self.count)]
    }
}

/// A feed's title starts with this, unbroken and with no letter twice in a
/// row (a terminal library may repeat a character by an escape sequence).
fn feed_name(n: usize) -> String {
    format!("Synth{n:02}")
}

fn newsboat_feeds(d: &Dossier, source: &Path, tmp: &Path) -> Result<Feeds, String> {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = tmp.join(format!("newsboat-{name}"));
    let done = tmp.join(format!("newsboat-{name}.done"));
    let count = d.articles.len().div_ceil(PER_FEED).min(FEEDS);
    let feeds = Feeds { dir, count };
    if done.exists() {
        return Ok(feeds);
    }
    let dir = &feeds.dir;
    let _ = fs::remove_dir_all(dir);
    let io = |e: std::io::Error| format!("{}: {e}", dir.display());
    fs::create_dir_all(dir.join("feeds")).map_err(io)?;
    fs::create_dir_all(dir.join("home")).map_err(io)?;
    let mut urls = String::new();
    for (i, chunk) in d.articles.chunks(PER_FEED).take(FEEDS).enumerate() {
        let n = i + 1;
        let mut rss = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\n",
        );
        let _ = writeln!(
            rss,
            "<title>{} synthetic articles {} to {}</title><link>https://example.org/synth/{n}</link><description>Part {n} of the synthetic dossier's articles</description>",
            feed_name(n),
            i * PER_FEED + 1,
            i * PER_FEED + chunk.len()
        );
        for a in chunk {
            let _ = writeln!(
                rss,
                "<item><title>{}</title><link>https://example.org/a/{}</link><guid>{}</guid><description>{}</description></item>",
                xml(&a.title),
                a.id,
                a.id,
                xml(&a.text)
            );
        }
        rss.push_str("</channel></rss>\n");
        let file = dir.join("feeds").join(format!("feed{n:02}.xml"));
        fs::write(&file, rss).map_err(io)?;
        let _ = writeln!(urls, "file://{}", file.display());
    }
    fs::write(dir.join("urls"), urls).map_err(io)?;
    fs::write(
        dir.join("config"),
        "auto-reload no\nshow-read-feeds yes\nconfirm-exit no\ncleanup-on-quit no\n",
    )
    .map_err(io)?;
    let reload = format!("{} {} -x reload", feeds.env(), feeds.command());
    let out = Command::new("sh")
        .args(["-c", &reload])
        .output()
        .map_err(|e| format!("newsboat: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "newsboat -x reload: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    // Every article must be in the cache.
    let count_unread = format!("{} {} -x print-unread", feeds.env(), feeds.command());
    let out = Command::new("sh")
        .args(["-c", &count_unread])
        .output()
        .map_err(|e| format!("newsboat: {e}"))?;
    let said = String::from_utf8_lossy(&out.stdout);
    let expected = d.articles.len().min(FEEDS * PER_FEED);
    if !said.trim_start().starts_with(&format!("{expected} ")) {
        return Err(format!(
            "newsboat's cache holds `{}`, not {expected} unread articles",
            said.trim()
        ));
    }
    println!(
        "built newsboat's cache: {} feeds, {expected} articles, {}",
        feeds.count,
        dir.display()
    );
    fs::write(&done, "").map_err(io)?;
    Ok(feeds)
}

/// Text escaped for XML.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if c < ' ' && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_owned())
        })
        .unwrap_or_else(|| "processor not known".into());
    format!("{cores} cores (nproc), {cpu}; load average {}", loadavg())
}

/// The 1, 5 and 15 minute load averages.
fn loadavg() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "not known".into())
}

/// One run, counted or not.
fn run(case: &mut Case, counted: bool) -> Result<(), String> {
    if let Some(xdg) = &case.xdg {
        xdg.reset(counted)?;
    }
    // The uncounted run of a warm case of a folder waits for the reader's
    // copy to be written before it ends the reader: a large dossier's copy
    // takes longer to write than the reader is given to quit. (The bundled
    // dossier keeps only its frame, written as soon as it is drawn.)
    let kept = case
        .xdg
        .as_ref()
        .filter(|x| !counted && x.cache != Cache::Empty && case.bytes.is_some())
        .map(|x| Kept {
            cache: x.dir("cache").join("dossier"),
            state: (x.cache == Cache::Returning).then(|| x.dir("state").join("dossier")),
        });
    let (time, peak) = first_frame(&case.command, &case.needles, kept.as_ref())?;
    if counted {
        case.times.push(time.as_secs_f64() * 1000.0);
        if let Some(p) = peak {
            case.peaks.push(p);
        }
    }
    Ok(())
}

/// One run: the time from the go signal until tmux has every needle, and the
/// program's peak resident memory then.
fn first_frame(
    command: &str,
    needles: &[String],
    kept: Option<&Kept>,
) -> Result<(Duration, Option<u64>), String> {
    let server = Server::new();
    let held = format!("tmux -L {} wait-for go; {}", server.socket, command);
    server.run(&[
        "new-session",
        "-d",
        "-s",
        "ff",
        "-x",
        "120",
        "-y",
        "40",
        &held,
    ])?;
    // A control client would otherwise resize the window to its own size.
    server.run(&["set-option", "-t", "ff", "window-size", "manual"])?;
    let pid = server.output(&["display-message", "-p", "-t", "ff", "#{pane_pid}"])?;
    let pid = pid.trim();
    let mut client = server
        .command()
        .args(["-C", "attach-session", "-t", "ff"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot attach a control client: {e}"))?;
    let result = measure(&server, &mut client, needles).map(|t| (t, peak_memory(pid)));
    if let Some(k) = kept {
        wait_kept(&k.cache);
        if let Some(state) = &k.state {
            // Quit as a reader does: that saves what was seen.
            server.run(&["send-keys", "-t", "ff", "q"])?;
            wait_gone(pid)?;
            wait_seen(state)?;
        }
    }
    let _ = server.run(&["kill-server"]);
    let _ = client.kill();
    let _ = client.wait();
    wait_gone(pid)?;
    result
}

/// What an uncounted run waits for before it ends the reader: the copy of
/// the dossier in `cache`, and, for a returning reader, the state in
/// `state` with a record of every entry seen.
struct Kept {
    cache: PathBuf,
    state: Option<PathBuf>,
}

/// Waits (at most a minute) until a state file in `dir` holds what was
/// seen; an error when none does by then.
fn wait_seen(dir: &Path) -> Result<(), String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let seen = fs::read_dir(dir).is_ok_and(|r| {
            r.flatten().any(|e| {
                e.path().extension().is_some_and(|x| x == "toml")
                    && fs::read_to_string(e.path()).is_ok_and(|t| t.contains("\n[seen]\n"))
            })
        });
        if seen {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Err(format!(
        "no state with what was seen in {} after a minute",
        dir.display()
    ))
}

/// Waits (at most a minute) until `dir` holds a cache file and no file
/// being written.
fn wait_kept(dir: &Path) {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(60) {
        let names: Vec<String> = fs::read_dir(dir)
            .map(|r| {
                r.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if names.iter().any(|n| n.ends_with(".cache")) && !names.iter().any(|n| n.ends_with(".tmp"))
        {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The process's peak resident memory so far (VmHWM), in bytes.
fn peak_memory(pid: &str) -> Option<u64> {
    let status = fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

fn measure(server: &Server, client: &mut Child, needles: &[String]) -> Result<Duration, String> {
    let mut input = client.stdin.take().ok_or("no client input")?;
    let output = client.stdout.take().ok_or("no client output")?;
    // The client is ready once it has answered a first command.
    writeln!(input, "display-message -p ready").map_err(|e| e.to_string())?;
    let mut lines = BufReader::new(output);
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).map_err(|e| e.to_string())? == 0 {
            return Err("the control client ended before it was ready".into());
        }
        if line.trim_end() == "ready" {
            break;
        }
    }
    let chunks = reader(lines);
    let start = Instant::now();
    server.run(&["wait-for", "-S", "go"])?;
    let mut pane = Pane::default();
    let mut missing: Vec<&str> = needles.iter().map(String::as_str).collect();
    loop {
        let left = TIMEOUT.saturating_sub(start.elapsed());
        match chunks.recv_timeout(left) {
            Ok(chunk) => {
                let before = pane.bytes.len();
                pane.feed(&chunk);
                missing.retain(|n| {
                    let from = before.saturating_sub(n.len().saturating_sub(1));
                    memchr::memmem::find(&pane.bytes[from..], n.as_bytes()).is_none()
                });
                if missing.is_empty() {
                    return Ok(start.elapsed());
                }
            }
            Err(_) => {
                return Err(format!(
                    "`{}` did not show in {TIMEOUT:?}",
                    missing.join("`, `")
                ));
            }
        }
    }
}

/// What the program wrote, from the control client's `%output` lines: tmux
/// writes a pane's output as `%output %ID TEXT`, one line per read, with
/// bytes below a space and the backslash as `\ooo` (octal). The lines'
/// payloads are decoded and joined, so a needle split between two reads is
/// still found.
#[derive(Default)]
struct Pane {
    /// A line not yet ended.
    line: Vec<u8>,
    bytes: Vec<u8>,
}

impl Pane {
    fn feed(&mut self, chunk: &[u8]) {
        for &b in chunk {
            if b == b'\n' {
                let line = std::mem::take(&mut self.line);
                self.decode(&line);
            } else {
                self.line.push(b);
            }
        }
    }

    fn decode(&mut self, line: &[u8]) {
        let Some(rest) = line.strip_prefix(b"%output ") else {
            return;
        };
        // Past the pane's id.
        let Some(space) = rest.iter().position(|&b| b == b' ') else {
            return;
        };
        let text = &rest[space + 1..];
        let mut i = 0;
        while i < text.len() {
            let octal = text
                .get(i + 1..i + 4)
                .filter(|d| text[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
            match octal {
                Some(d) => {
                    let v = d.iter().fold(0u32, |v, c| v * 8 + u32::from(c - b'0'));
                    self.bytes.push(v as u8);
                    i += 4;
                }
                None => {
                    self.bytes.push(text[i]);
                    i += 1;
                }
            }
        }
    }
}

/// Reads the client's output on a thread of its own, chunk by chunk.
fn reader(mut from: BufReader<ChildStdout>) -> Receiver<Vec<u8>> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut buf = vec![0u8; 1 << 16];
        // What the line reader had already taken in comes first.
        let pending = from.buffer().to_vec();
        if !pending.is_empty() && tx.send(pending).is_err() {
            return;
        }
        let n = from.buffer().len();
        from.consume(n);
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => return,
                Ok(n) => {
                    if tx.send(buf[..n].to_vec()).is_err() {
                        return;
                    }
                }
            }
        }
    });
    rx
}

/// Waits until the process is gone, so it cannot slow the next run.
fn wait_gone(pid: &str) -> Result<(), String> {
    let proc = PathBuf::from(format!("/proc/{pid}"));
    let start = Instant::now();
    // A zombie is gone for the processor: one whose terminal's server was
    // killed is left to the system's first process to reap, which may take
    // its time.
    let zombie = || {
        fs::read_to_string(proc.join("stat")).is_ok_and(|stat| {
            stat.rsplit_once(')')
                .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
        })
    };
    while proc.exists() && !zombie() {
        if start.elapsed() > Duration::from_secs(5) {
            return Err(format!(
                "process {pid} still running 5 s after its terminal closed"
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(())
}

/// A tmux server of one run's own.
struct Server {
    socket: String,
}

impl Server {
    fn new() -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        Server {
            socket: format!(
                "dossier-first-frame-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ),
        }
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket]);
        c
    }

    fn output(&self, args: &[&str]) -> Result<String, String> {
        let out = self
            .command()
            .args(args)
            .output()
            .map_err(|e| format!("tmux {}: {e}", args[0]))?;
        if !out.status.success() {
            return Err(format!(
                "tmux {}: {}",
                args[0],
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn run(&self, args: &[&str]) -> Result<(), String> {
        self.output(args).map(drop)
    }
}

/// A path quoted for the shell.
fn quote(path: &Path) -> String {
    format!("'{}'", path.display().to_string().replace('\'', r"'\''"))
}

fn fail(message: &str) -> ! {
    eprintln!("first_frame: {message}");
    std::process::exit(1);
}
