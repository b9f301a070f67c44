//! The programs the reader hands things to, found on a `PATH` the test
//! makes: fake `xclip`, `xsel`, `wl-copy` and `xdg-open` scripts that record
//! what they were given, so the choice of program, the text piped to it and
//! the opener's arguments are checked without a desktop.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use dossier::system::Env;
use dossier::system::clipboard::{deliver, osc52, program};
use dossier::system::opener::{Refused, open};

/// A scratch folder that is removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("dossier-sys-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).expect("scratch bin");
        Scratch(dir)
    }

    fn bin(&self) -> PathBuf {
        self.0.join("bin")
    }

    /// A fake program: a shell script with this body, executable.
    fn program(&self, name: &str, body: &str) {
        use std::os::unix::fs::PermissionsExt;
        let path = self.bin().join(name);
        std::fs::write(&path, format!("#!/bin/sh\nPATH=/usr/bin:/bin\n{body}\n"))
            .expect("write fake");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    /// A fake that records its stdin in `NAME.in` and its arguments, one a
    /// line, in `NAME.args`.
    /// A program that records its arguments and its input, each file
    /// appearing whole (written aside, then renamed), so a test that sees
    /// one never reads it half written.
    fn recorder(&self, name: &str) {
        let out = self.0.join(name);
        self.program(
            name,
            &format!(
                "for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{o}.args.tmp'\nmv '{o}.args.tmp' '{o}.args'\ncat > '{o}.in.tmp'\nmv '{o}.in.tmp' '{o}.in'",
                o = out.display()
            ),
        );
    }

    fn read(&self, file: &str) -> Option<String> {
        std::fs::read_to_string(self.0.join(file)).ok()
    }

    fn env(&self) -> Env {
        Env::new().with("PATH", self.bin())
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn wait_for(path: &Path) -> Option<String> {
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(10) {
        if let Ok(t) = std::fs::read_to_string(path) {
            return Some(t);
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    None
}

const CITATION: &str = "“the deal is near” — Variety, “Talks resume”, 2024, https://example.org/a";

#[test]
fn xclip_gets_the_text_on_stdin_and_only_then_is_it_copied() {
    let s = Scratch::new("xclip");
    s.recorder("xclip");
    let env = s.env().with("DISPLAY", ":7");
    assert_eq!(program(&env).map(|p| p.name), Some("xclip"));
    let d = deliver(&env, CITATION, "the passage and its source");
    assert_eq!(
        d.write, None,
        "nothing for the terminal when a program copied"
    );
    assert_eq!(d.notice, "Copied the passage and its source (xclip)");
    assert_eq!(s.read("xclip.in").as_deref(), Some(CITATION));
    assert_eq!(
        s.read("xclip.args").as_deref(),
        Some("-selection\nclipboard\n")
    );
}

#[test]
fn the_program_depends_on_the_session() {
    let s = Scratch::new("choice");
    for p in ["wl-copy", "xclip", "xsel", "pbcopy"] {
        s.recorder(p);
    }
    let name = |env: &Env| program(env).map(|p| p.name);
    assert_eq!(
        name(
            &s.env()
                .with("WAYLAND_DISPLAY", "wayland-0")
                .with("DISPLAY", ":0")
        ),
        Some("wl-copy")
    );
    assert_eq!(name(&s.env().with("DISPLAY", ":0")), Some("xclip"));
    assert_eq!(name(&s.env().macos(true)), Some("pbcopy"));
    // No display and not macOS: no program, though all are on PATH.
    assert_eq!(name(&s.env()), None);
    assert_eq!(
        name(&s.env().with("DISPLAY", "")),
        None,
        "an empty DISPLAY is none"
    );
    std::fs::remove_file(s.bin().join("xclip")).expect("remove xclip");
    assert_eq!(name(&s.env().with("DISPLAY", ":0")), Some("xsel"));
    let d = deliver(&s.env().with("DISPLAY", ":0"), "hi", "it");
    assert_eq!(d.notice, "Copied it (xsel)");
    assert_eq!(s.read("xsel.in").as_deref(), Some("hi"));
    assert_eq!(
        s.read("xsel.args").as_deref(),
        Some("--clipboard\n--input\n")
    );
    // A file that is not executable is not a program.
    {
        use std::os::unix::fs::PermissionsExt;
        let plain = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(s.bin().join("xsel"), plain).expect("chmod");
    }
    assert_eq!(name(&s.env().with("DISPLAY", ":0")), None);
}

#[test]
fn a_failing_program_is_reported_and_the_terminal_tried() {
    let s = Scratch::new("fail");
    s.program(
        "xclip",
        "cat > /dev/null\necho \"Error: Can't open display: :7\" >&2\nexit 1",
    );
    let d = deliver(&s.env().with("DISPLAY", ":7"), "hi", "it");
    assert!(d.notice.starts_with("xclip failed"), "{d:?}");
    assert!(d.notice.contains("Can't open display"), "{d:?}");
    assert!(!d.notice.contains("Copied"), "{d:?}");
    assert!(
        d.notice
            .contains("Sent to the terminal's clipboard (OSC 52)"),
        "{d:?}"
    );
    assert_eq!(d.write.as_deref(), Some(osc52("hi").as_str()));
}

#[test]
fn a_program_that_hangs_is_given_up_on() {
    let s = Scratch::new("hang");
    s.program("xclip", "exec sleep 30");
    // Given up on: had the reader waited for the program, it would have
    // ended well 30 s later and said "Copied".
    let d = deliver(&s.env().with("DISPLAY", ":7"), "hi", "it");
    assert!(d.notice.contains("did not finish"), "{d:?}");
    assert!(!d.notice.contains("Copied"), "{d:?}");
}

#[test]
fn a_program_that_leaves_a_child_holding_stderr_is_not_waited_for() {
    // As xclip does: the process ends, a child keeps serving the selection.
    let s = Scratch::new("daemon");
    s.program("xclip", "cat > /dev/null\n(sleep 20 >&2 &)\nexit 0");
    // Not waited for: waiting for the child's end of stderr would have run
    // into the 3 s limit and said the program did not finish.
    let d = deliver(&s.env().with("DISPLAY", ":7"), "hi", "it");
    assert_eq!(d.notice, "Copied it (xclip)");
}

#[test]
fn the_opener_gets_the_url_as_one_argument_never_through_a_shell() {
    let s = Scratch::new("open");
    s.recorder("xdg-open");
    let url = "https://example.org/a b;touch PWNED;$(touch PWNED2)`touch PWNED3`";
    let (tx, rx) = std::sync::mpsc::channel();
    let name = open(&s.env(), url, move |r| {
        let _ = tx.send(r);
    })
    .expect("opened");
    assert_eq!(name, "xdg-open");
    let args = wait_for(&s.0.join("xdg-open.args")).expect("the opener ran");
    assert_eq!(args, format!("{url}\n"), "one argument, exactly the URL");
    assert_eq!(
        rx.recv_timeout(Duration::from_secs(10)),
        Ok(Ok(())),
        "the opener is reaped"
    );
    for f in ["PWNED", "PWNED2", "PWNED3"] {
        assert!(!s.0.join(f).exists() && !Path::new(f).exists(), "{f}");
    }
    // Its stdin is empty (not the terminal).
    assert_eq!(wait_for(&s.0.join("xdg-open.in")).as_deref(), Some(""));
}

#[test]
fn the_opener_is_refused_or_missing_with_a_reason() {
    let s = Scratch::new("refuse");
    s.recorder("xdg-open");
    for url in [
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https://x/\nrm",
    ] {
        assert_eq!(open(&s.env(), url, |_| {}), Err(Refused::Scheme), "{url:?}");
    }
    assert!(
        !s.0.join("xdg-open.args").exists(),
        "refused URLs reach no program"
    );
    assert_eq!(
        open(&s.env().macos(true), "https://x", |_| {}),
        Err(Refused::NoOpener("open"))
    );
    s.program("open", "exit 3");
    let (tx, rx) = std::sync::mpsc::channel();
    assert_eq!(
        open(&s.env().macos(true), "https://x", move |r| {
            let _ = tx.send(r);
        }),
        Ok("open")
    );
    let failed = rx.recv_timeout(Duration::from_secs(10)).expect("reaped");
    assert!(failed.is_err_and(|e| e.contains("open failed")));
}
