//! A real terminal for tests: one tmux server per test on its own socket, so
//! tests neither see nor disturb each other's sessions, buffers or titles.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Whether tmux can be run here; tests that need it skip loudly without it.
pub fn available() -> bool {
    Command::new("tmux").arg("-V").output().is_ok()
}

/// For a test that needs tmux: true, after saying that the test is skipped,
/// when tmux cannot be run here. In CI (`CI` set to `true`) a missing tmux
/// fails the test instead: there, a skipped real-terminal test would pass
/// silently.
pub fn missing() -> bool {
    let missing = !available();
    if missing {
        let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
        assert!(
            !ci,
            "tmux is not installed, and CI is set: the real-terminal tests must run in CI"
        );
        eprintln!("SKIPPED: tmux is not installed; the real-terminal test needs it");
    }
    missing
}

/// How long a test waits for the terminal before it fails: long, since a
/// check that holds returns at once.
const PATIENCE: Duration = Duration::from_secs(20);

/// A tmux server with one session running a shell command; killed on drop.
pub struct Tmux {
    socket: String,
    pub dir: PathBuf,
}

impl Tmux {
    /// Starts `script` (run by `sh -c`) in a `width`×`height` pane. `name` keeps
    /// sockets and scratch folders of different tests apart.
    pub fn start(name: &str, width: u16, height: u16, script: &str) -> Tmux {
        // Tests of several parts run in one binary: a name used again gets
        // a count, so two servers of one name stay apart (the first keeps
        // the plain name, which a test may use to find its scratch folder).
        static USED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        let again = {
            let mut used = USED
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let n = used.iter().filter(|u| *u == name).count();
            used.push(name.to_string());
            n
        };
        let socket = match again {
            0 => format!("dossier-{name}-{}", std::process::id()),
            n => format!("dossier-{name}-{}-{n}", std::process::id()),
        };
        let dir = std::env::temp_dir().join(&socket);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch folder");
        let t = Tmux { socket, dir };
        // Keep the pane after the command ends, and let applications set
        // tmux's clipboard, so an OSC 52 that got through would show up.
        let (w, h) = (width.to_string(), height.to_string());
        t.run(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &w,
            "-y",
            &h,
            "sh",
            "-c",
            &format!("{script}; sleep 600"),
        ]);
        t.run(&["set-option", "-g", "set-clipboard", "on"]);
        t
    }

    /// Runs `command` in the pane again, in place of what ran there (the
    /// pane kept open after it ends, as [`Tmux::start`] keeps it).
    pub fn respawn(&self, command: &str) {
        self.run(&[
            "respawn-pane",
            "-k",
            "-t",
            "t",
            &format!("{command}; sleep 600"),
        ]);
    }

    /// Runs a tmux command on this server and returns its stdout. The
    /// server (started by the first command) and every program in it keep
    /// their state and configuration in this test's scratch folder, never
    /// in the real home.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.tmux(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// [`Tmux::run`], with what tmux said on its standard error when the
    /// command failed.
    pub fn try_run(&self, args: &[&str]) -> Result<String, String> {
        let out = self
            .tmux(args)
            .output()
            .map_err(|e| format!("tmux cannot be run: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "tmux {args:?}: {} {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// The tmux command `args` on this server, with this test's folders.
    fn tmux(&self, args: &[&str]) -> Command {
        let mut command = Command::new("tmux");
        command
            .env("XDG_STATE_HOME", self.dir.join("state"))
            .env("XDG_CONFIG_HOME", self.dir.join("config"))
            .env("XDG_CACHE_HOME", self.dir.join("cache"))
            .arg("-L")
            .arg(&self.socket)
            .args(args);
        command
    }

    /// The pane's text, one line per row, trailing spaces kept.
    pub fn capture(&self) -> String {
        self.run(&["capture-pane", "-p", "-N", "-t", "t"])
    }

    /// A tmux format evaluated for the pane (`#{pane_title}`, `#{alternate_on}`...).
    pub fn format(&self, f: &str) -> String {
        self.run(&["display-message", "-p", "-t", "t", f])
            .trim_end()
            .to_string()
    }

    /// Waits until `check` holds for the pane's text, or 20 s (the real-terminal
    /// tests run side by side on few cores); returns the last capture.
    pub fn wait(&self, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let pane = self.capture();
            if check(&pane) || start.elapsed() > PATIENCE {
                return pane;
            }
            sleep(Duration::from_millis(40));
        }
    }

    /// The pane's text once it has stopped changing (two captures 300 ms
    /// apart agree), or as it is after 20 s.
    pub fn settled(&self) -> String {
        let start = Instant::now();
        let mut last = self.capture();
        loop {
            sleep(Duration::from_millis(300));
            let now = self.capture();
            if now == last || start.elapsed() > PATIENCE {
                return now;
            }
            last = now;
        }
    }

    /// Sends keys written as in `Screen::keys`: `\n` Enter, `\x08` Backspace,
    /// `\t` Tab, `\x1b` Esc, any other character as itself.
    pub fn keys(&self, keys: &str) {
        for c in keys.chars() {
            match c {
                '\n' => self.run(&["send-keys", "-t", "t", "Enter"]),
                '\x08' => self.run(&["send-keys", "-t", "t", "BSpace"]),
                '\t' => self.run(&["send-keys", "-t", "t", "Tab"]),
                '\x1b' => self.run(&["send-keys", "-t", "t", "Escape"]),
                c => self.run(&["send-keys", "-t", "t", "-l", &c.to_string()]),
            };
        }
    }

    /// A file in this test's scratch folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Waits until the folded pane ([`flat`]) holds `needle`; fails with the
    /// pane if not. Returns the folded pane.
    pub fn until_flat(&self, needle: &str) -> String {
        let pane = self.wait(|p| flat(p).contains(needle));
        assert!(
            flat(&pane).contains(needle),
            "waiting for {needle:?}:\n{pane}"
        );
        flat(&pane)
    }

    /// tmux's paste buffer once something is in it, or empty after 10 s.
    pub fn buffer(&self) -> String {
        let start = Instant::now();
        let mut buffer = String::new();
        while buffer.is_empty() && start.elapsed() < Duration::from_secs(10) {
            buffer = self.run(&["show-buffer"]);
            sleep(Duration::from_millis(40));
        }
        buffer
    }
}

/// The pane's text as one line, whitespace folded: a message wrapped over
/// rows reads as it was written.
pub fn flat(pane: &str) -> String {
    pane.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Waits until a file has content (a command in the pane writes it), or 20 s.
pub fn read_when_written(path: &Path) -> String {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        if !text.is_empty() || start.elapsed() > PATIENCE {
            return text;
        }
        sleep(Duration::from_millis(40));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        // tmux leaves its socket file behind; remove it so runs do not pile up.
        let socket = self.run(&["display-message", "-p", "#{socket_path}"]);
        self.run(&["kill-server"]);
        if !socket.trim().is_empty() {
            let _ = std::fs::remove_file(socket.trim());
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Waits until `check` holds, or 20 s (the whole suite runs at once);
/// whether it came to hold.
pub fn until(check: impl Fn() -> bool) -> bool {
    let start = Instant::now();
    while !check() {
        if start.elapsed() > PATIENCE {
            return false;
        }
        sleep(Duration::from_millis(40));
    }
    true
}
