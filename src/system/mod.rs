//! The programs of the system the reader hands things to: the clipboard
//! ([`clipboard`]) and the URL opener ([`opener`]). Which programs exist and
//! what the session looks like come from an [`Env`], taken from the process
//! or built by a test, so the choice of program can be tested with fakes on
//! a temporary `PATH`. Programs are always started directly, never through a
//! shell, with their arguments as separate strings.

pub mod atomic;
pub mod clipboard;
pub mod editor;
pub mod opener;

use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The variables the reader's choice of programs depends on.
const VARS: &[&str] = &[
    "PATH",
    "DISPLAY",
    "WAYLAND_DISPLAY",
    "TMUX",
    "TMUX_PANE",
    "VISUAL",
    "EDITOR",
];

/// What the choice of a program looks at: some environment variables and
/// the operating system. [`Env::from_process`] takes them from the running
/// program; tests build their own with [`Env::new`] and [`Env::with`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: BTreeMap<String, OsString>,
    macos: bool,
}

impl Env {
    /// An environment with no variables, on a system other than macOS.
    pub fn new() -> Env {
        Env::default()
    }

    /// The running program's environment and system.
    pub fn from_process() -> Env {
        let mut env = Env {
            vars: BTreeMap::new(),
            macos: cfg!(target_os = "macos"),
        };
        for name in VARS {
            if let Some(v) = std::env::var_os(name) {
                env.vars.insert((*name).to_string(), v);
            }
        }
        env
    }

    /// With a variable set.
    pub fn with(mut self, name: &str, value: impl Into<OsString>) -> Env {
        self.vars.insert(name.to_string(), value.into());
        self
    }

    /// With a variable unset.
    pub fn without(mut self, name: &str) -> Env {
        self.vars.remove(name);
        self
    }

    /// As on macOS (`pbcopy`, `open`) or not.
    pub fn macos(mut self, on: bool) -> Env {
        self.macos = on;
        self
    }

    pub fn is_macos(&self) -> bool {
        self.macos
    }

    /// A variable, when it is set and not empty.
    pub fn var(&self, name: &str) -> Option<&OsStr> {
        self.vars
            .get(name)
            .map(OsString::as_os_str)
            .filter(|v| !v.is_empty())
    }

    /// The first executable file named `program` in the folders of `PATH`.
    pub fn find(&self, program: &str) -> Option<PathBuf> {
        let path = self.var("PATH")?;
        std::env::split_paths(path)
            .filter(|dir| !dir.as_os_str().is_empty())
            .map(|dir| dir.join(program))
            .find(|p| executable(p))
    }

    /// A command for `program`, with this environment's variables set over
    /// the process's own.
    fn command(&self, program: &Path) -> Command {
        let mut cmd = Command::new(program);
        cmd.envs(&self.vars);
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // A group of its own: keys and a closed terminal signal the
            // reader's group, never a program it started.
            cmd.process_group(0);
        }
        cmd
    }
}

#[cfg(unix)]
fn executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn executable(p: &Path) -> bool {
    p.is_file()
}

/// A program's name as the messages show it: its file name.
fn name_of(program: &Path) -> String {
    program.file_name().map_or_else(
        || program.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Starts `program` with `args`, writes `input` to its standard input and
/// closes it, and waits at most `timeout` for it to end (then kills it).
/// Its output is discarded; what it says on stderr before it ends (the
/// first line) is part of the error. A program that leaves a process behind
/// holding stderr (clipboard programs serve the selection from a child) is
/// not waited for beyond its own exit.
pub fn pipe_to(
    env: &Env,
    program: &Path,
    args: &[&str],
    input: &str,
    timeout: Duration,
) -> Result<(), String> {
    let name = name_of(program);
    let mut child = env
        .command(program)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{name} could not be started: {e}"))?;
    // Written on a thread: a program that does not read must not block us.
    if let Some(mut stdin) = child.stdin.take() {
        let input = input.as_bytes().to_vec();
        let _ = std::thread::Builder::new()
            .name("clipboard-input".into())
            .spawn(move || {
                let _ = stdin.write_all(&input);
            });
    }
    let (said_tx, said) = mpsc::channel();
    if let Some(mut stderr) = child.stderr.take() {
        let _ = std::thread::Builder::new()
            .name("clipboard-stderr".into())
            .spawn(move || {
                let mut buf = [0u8; 1024];
                while let Ok(n) = stderr.read(&mut buf) {
                    if n == 0 || said_tx.send(buf[..n].to_vec()).is_err() {
                        return;
                    }
                }
            });
    }
    let status = wait_within(&mut child, timeout, &name, "finish")?;
    if status.success() {
        return Ok(());
    }
    let mut stderr = Vec::new();
    let until = Instant::now() + Duration::from_millis(100);
    while let Ok(chunk) = said.recv_timeout(until.saturating_duration_since(Instant::now())) {
        stderr.extend(chunk);
    }
    let text = String::from_utf8_lossy(&stderr);
    let first = text.lines().map(str::trim).find(|l| !l.is_empty());
    let why = match first {
        Some(line) => format!("{name} failed ({status}): {line}"),
        None => format!("{name} failed ({status})"),
    };
    Err(dossier_core::text::sanitize_line(&why).into_owned())
}

/// Starts `program` with `args`, its standard streams on nothing, and does
/// not wait: a thread reaps it and calls `done` with an error when it ends
/// badly.
pub fn detach(
    env: &Env,
    program: &Path,
    args: &[&str],
    done: impl FnOnce(Result<(), String>) + Send + 'static,
) -> Result<(), String> {
    let name = name_of(program);
    let mut child = env
        .command(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{name} could not be started: {e}"))?;
    let _ = std::thread::Builder::new()
        .name("reaper".into())
        .spawn(move || {
            let result = match child.wait() {
                Ok(s) if s.success() => Ok(()),
                Ok(s) => Err(format!("{name} failed ({s})")),
                Err(e) => Err(format!("{name} could not be waited for: {e}")),
            };
            done(result);
        });
    Ok(())
}

/// Runs `cmd` with nothing on its standard input and returns what it
/// printed, waiting at most `timeout` for it to end (then kills it).
fn output(mut cmd: Command, timeout: Duration) -> Result<String, String> {
    let name = name_of(Path::new(cmd.get_program()));
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{name} could not be started: {e}"))?;
    let (out_tx, out) = mpsc::channel();
    if let Some(mut stdout) = child.stdout.take() {
        let _ = std::thread::Builder::new()
            .name("program-output".into())
            .spawn(move || {
                let mut text = Vec::new();
                let _ = stdout.by_ref().take(64 * 1024).read_to_end(&mut text);
                let _ = out_tx.send(text);
            });
    }
    let status = wait_within(&mut child, timeout, &name, "answer")?;
    if !status.success() {
        return Err(format!("{name} failed ({status})"));
    }
    let text = out
        .recv_timeout(Duration::from_millis(500))
        .map_err(|_| format!("{name} did not close its output"))?;
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// Waits for `child` to end, at most `timeout`; then kills it and says that
/// `name` did not `verb` ("finish", "answer") in time.
fn wait_within(
    child: &mut std::process::Child,
    timeout: Duration,
    name: &str,
    verb: &str,
) -> Result<std::process::ExitStatus, String> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{name} did not {verb} within {} s",
                    timeout.as_secs_f32()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("{name} could not be waited for: {e}")),
        }
    }
}
