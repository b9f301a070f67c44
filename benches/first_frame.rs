//! Time to first frame in a real terminal (tmux), for `less` showing one
//! bundled article and for the reader on the bundled dossier and on the 24 MB
//! synthetic one, all measured the same way. Needs tmux.
//!
//!     cargo bench --bench first_frame                # 15 runs each
//!     cargo bench --bench first_frame -- --runs 40
//!
//! Each run starts the command in a fresh 120×40 tmux pane, on a tmux server
//! of its own, held back until a control-mode client (`tmux -C`) is attached.
//! That client is sent every byte the program writes as soon as tmux reads
//! it, so nothing polls the pane and nothing competes with the program for
//! the processor. The time is from the go signal until tmux has received the
//! expected text. Before the next run, the program must be gone: a process
//! still running from the last run would share the processor with the next.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use dossier_synth::{self as synth, Params};

/// How long one run may take before it counts as a failure.
const TIMEOUT: Duration = Duration::from_secs(20);

struct Case {
    label: String,
    /// The shell command run in the pane.
    command: String,
    /// Text that is in the first frame, unbroken by escape sequences.
    needle: &'static str,
}

fn main() {
    let runs = runs();
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("first_frame: tmux is needed (apt-get install tmux)");
        std::process::exit(1);
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = env!("CARGO_BIN_EXE_dossier");
    let big = match synth::cached(&Params::TARGET, Path::new(env!("CARGO_TARGET_TMPDIR"))) {
        Ok((dir, _)) => dir,
        Err(e) => fail(&format!("cannot generate the synthetic dossier: {e}")),
    };
    let article = root.join("content/articles/variety-ai-protections-deal.txt");
    let cases = [
        Case {
            label: "less, one bundled article".into(),
            command: format!("exec less {}", quote(&article)),
            needle: "Will AI Protections",
        },
        Case {
            label: "dossier, bundled dossier".into(),
            command: format!("exec {}", quote(Path::new(bin))),
            needle: "Timeline",
        },
        Case {
            label: "dossier, 24 MB synthetic".into(),
            command: format!("exec {} --content {}", quote(Path::new(bin)), quote(&big)),
            needle: "Timeline",
        },
    ];
    println!("time to first frame in tmux, 120×40, {runs} runs each (ms)");
    for case in &cases {
        // One run first, not counted, so every file is in the page cache.
        if let Err(e) = first_frame(case) {
            fail(&format!("{}: {e}", case.label));
        }
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            match first_frame(case) {
                Ok(t) => times.push(t.as_secs_f64() * 1000.0),
                Err(e) => fail(&format!("{}: {e}", case.label)),
            }
        }
        times.sort_by(f64::total_cmp);
        let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "{:<28} min {:6.1}  median {:6.1}  p90 {:6.1}  max {:6.1}",
            case.label,
            at(0.0),
            at(0.5),
            at(0.9),
            at(1.0)
        );
    }
}

/// One run: the time from the go signal until tmux has the needle.
fn first_frame(case: &Case) -> Result<Duration, String> {
    let server = Server::new();
    let held = format!("tmux -L {} wait-for go; {}", server.socket, case.command);
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
    let mut client = server
        .command()
        .args(["-C", "attach-session", "-t", "ff"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot attach a control client: {e}"))?;
    let result = measure(&server, &mut client, case.needle);
    let _ = server.run(&["kill-server"]);
    let _ = client.kill();
    let _ = client.wait();
    wait_gone(pid.trim())?;
    result
}

fn measure(server: &Server, client: &mut Child, needle: &str) -> Result<Duration, String> {
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
    // Control mode escapes only bytes below a space and the backslash, so an
    // ASCII needle shows as itself; chunks are joined in case it is split.
    let mut seen = Vec::new();
    loop {
        let left = TIMEOUT.saturating_sub(start.elapsed());
        match chunks.recv_timeout(left) {
            Ok(chunk) => {
                let from = seen.len().saturating_sub(needle.len());
                seen.extend_from_slice(&chunk);
                if memchr::memmem::find(&seen[from..], needle.as_bytes()).is_some() {
                    return Ok(start.elapsed());
                }
            }
            Err(_) => return Err(format!("`{needle}` did not show in {TIMEOUT:?}")),
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
    while proc.exists() {
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
        // The reader keeps its state under the target dir, never in the real home.
        let xdg = Path::new(env!("CARGO_TARGET_TMPDIR")).join("first-frame-xdg");
        c.env("XDG_STATE_HOME", xdg.join("state"))
            .env("XDG_CONFIG_HOME", xdg.join("config"))
            .args(["-L", &self.socket]);
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

fn runs() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--runs")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(15)
}

fn fail(message: &str) -> ! {
    eprintln!("first_frame: {message}");
    std::process::exit(1);
}
