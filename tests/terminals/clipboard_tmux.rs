//! `y` and `o` in a real terminal (tmux, a private server per test): with
//! tmux's `set-clipboard` on, the citation lands in tmux's paste buffer and
//! the reader says it was sent through tmux; with it off or `external`, the
//! reader says nothing reached the clipboard and how to enable it; with a
//! clipboard program on `PATH` (a fake `xclip` that records its input) the
//! program gets the citation and the reader says "Copied". `o` hands the
//! article's URL, as one argument, to a fake `xdg-open`.

use crate::common;

use std::path::{Path, PathBuf};

use common::tmux::{Tmux, missing, read_when_written};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");
/// Words of the passage the first source of the second event cites.
const PASSAGE: &str = "scheduled to be active through May 16";

/// The reader on `content` in a `w`×`h` pane, with `setup` (shell
/// assignments, `PATH`) before it, and no X or Wayland display unless the
/// setup gives one.
fn reader(name: &str, w: u16, h: u16, setup: &str, content: &Path) -> Tmux {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let t = Tmux::start(
        name,
        w,
        h,
        &format!(
            "unset DISPLAY WAYLAND_DISPLAY; {setup} {bin} --content {}",
            content.display()
        ),
    );
    t.until_flat("Timeline");
    t
}

#[test]
fn y_with_set_clipboard_on_reaches_tmux_and_says_so() {
    if missing() {
        return;
    }
    let t = reader("clip-on", 80, 24, "", Path::new(FIXTURE));
    t.run(&["set-option", "-g", "set-clipboard", "on"]);
    t.keys("j\n");
    t.until_flat("passage 5/7");
    assert_eq!(t.run(&["list-buffers"]), "", "a buffer before any copy");
    t.keys("y");
    let said = t.until_flat("Sent to the terminal's clipboard (OSC 52) through tmux");
    assert!(!said.contains("Copied"), "{said}");
    let buffer = t.buffer();
    assert!(
        buffer.starts_with('“') && buffer.contains(PASSAGE),
        "{buffer:?}"
    );
    // The citation: the passage, then the article's outlet, title and date.
    assert!(buffer.contains("” — "), "{buffer:?}");
    assert!(buffer.contains("2024"), "{buffer:?}");
    assert!(!buffer.chars().any(char::is_control), "{buffer:?}");
}

#[test]
fn y_with_set_clipboard_off_or_external_says_nothing_arrived_and_how_to_enable_it() {
    if missing() {
        return;
    }
    for setting in ["off", "external"] {
        let t = reader(&format!("clip-{setting}"), 80, 24, "", Path::new(FIXTURE));
        t.run(&["set-option", "-g", "set-clipboard", setting]);
        t.keys("j\n");
        t.until_flat("passage 5/7");
        t.keys("y");
        let said = t.until_flat("Nothing reached the clipboard");
        assert!(
            said.contains(&format!("tmux's set-clipboard is {setting}")),
            "{said}"
        );
        // How to enable it, whole, at 80 columns.
        assert!(
            said.contains("add `set -g set-clipboard on` to ~/.tmux.conf"),
            "{said}"
        );
        assert!(
            !said.contains("Copied") && !said.contains("Sent to"),
            "{said}"
        );
        // Turned on, the same key gets through.
        t.run(&["set-option", "-g", "set-clipboard", "on"]);
        t.keys("y");
        t.until_flat("through tmux");
        assert!(t.buffer().contains(PASSAGE), "{setting}");
    }
}

#[test]
fn y_through_tmux_passthrough_when_set_clipboard_drops_requests() {
    if missing() {
        return;
    }
    let t = reader("clip-pass", 80, 24, "", Path::new(FIXTURE));
    t.run(&["set-option", "-g", "set-clipboard", "external"]);
    t.run(&["set-option", "-g", "allow-passthrough", "on"]);
    t.keys("j\n");
    t.until_flat("passage 5/7");
    t.keys("y");
    let said = t.until_flat("through tmux's passthrough");
    assert!(
        said.contains("Sent to the terminal's clipboard (OSC 52)"),
        "{said}"
    );
    // Passed to the outer terminal as it is: tmux keeps no buffer of it.
    assert_eq!(t.run(&["list-buffers"]), "");
}

/// Outside tmux (here: `TMUX` unset, so the reader does not know tmux is
/// there) and with no clipboard program, the request goes to the terminal
/// as it is and the reader says it was sent, not copied. tmux, with
/// `set-clipboard on`, shows that it arrived.
#[test]
fn y_elsewhere_sends_osc_52_and_says_sent() {
    if missing() {
        return;
    }
    let t = reader(
        "clip-plain",
        80,
        24,
        "unset TMUX TMUX_PANE;",
        Path::new(FIXTURE),
    );
    t.run(&["set-option", "-g", "set-clipboard", "on"]);
    t.keys("j\n");
    t.until_flat("passage 5/7");
    t.keys("y");
    let said =
        t.until_flat("Sent to the terminal's clipboard (OSC 52): the passage and its source");
    assert!(
        !said.contains("through tmux") && !said.contains("Copied"),
        "{said}"
    );
    assert!(t.buffer().contains(PASSAGE));
}

/// A scratch folder with a `bin` of fake programs.
struct Fakes(PathBuf);

impl Fakes {
    fn new(name: &str) -> Fakes {
        let dir = std::env::temp_dir().join(format!("dossier-fakes-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).expect("fake bin");
        Fakes(dir)
    }

    /// A fake `name` that records its arguments (one a line) in `name.args`
    /// and its standard input in `name.in`.
    fn recorder(&self, name: &str) {
        use std::os::unix::fs::PermissionsExt;
        let out = self.0.join(name);
        let path = self.0.join("bin").join(name);
        let script = format!(
            "#!/bin/sh\nPATH=/usr/bin:/bin\ncat > '{o}.in.tmp'; mv '{o}.in.tmp' '{o}.in'\n\
             for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{o}.args.tmp'; mv '{o}.args.tmp' '{o}.args'\n",
            o = out.display()
        );
        std::fs::write(&path, script).expect("write fake");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }

    fn path(&self) -> String {
        format!("PATH={}:$PATH", self.0.join("bin").display())
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Fakes {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn y_with_a_clipboard_program_pipes_the_citation_to_it() {
    if missing() {
        return;
    }
    let fakes = Fakes::new("xclip");
    fakes.recorder("xclip");
    let setup = format!("DISPLAY=:97 {}", fakes.path());
    let t = reader("clip-xclip", 80, 24, &setup, Path::new(FIXTURE));
    t.keys("j\n");
    t.until_flat("passage 5/7");
    t.keys("y");
    t.until_flat("Copied the passage and its source (xclip)");
    let got = read_when_written(&fakes.file("xclip.in"));
    assert!(got.starts_with('“') && got.contains(PASSAGE), "{got:?}");
    assert!(got.contains("” — "), "{got:?}");
    assert_eq!(
        read_when_written(&fakes.file("xclip.args")),
        "-selection\nclipboard\n"
    );
    // The program took it: nothing went through the terminal.
    assert_eq!(t.run(&["list-buffers"]), "");
}

const URL: &str = "https://example.org/a b;touch PWNED;$(touch PWNED2)";

#[test]
fn o_hands_the_url_to_the_opener_as_one_argument() {
    if missing() {
        return;
    }
    let dir = common::fixture_copy("tmux-open");
    for a in ["variety-ai-deal", "thewrap-second-week"] {
        common::replace_in(
            &dir.join(format!("articles/{a}.txt")),
            "+++\ntitle",
            &format!("+++\nurl = \"{URL}\"\ntitle"),
        );
    }
    let fakes = Fakes::new("open");
    fakes.recorder("xdg-open");
    let t = reader("open", 80, 24, &fakes.path(), &dir);
    t.keys("j\n");
    // Followed: the article pane has the focus (its thick border).
    t.until_flat("┏ Article");
    let before = t.capture();
    t.keys("o");
    let said = t.until_flat("Opening https://example.org/a b;touch");
    assert!(said.contains("with xdg-open"), "{said}");
    assert_eq!(
        read_when_written(&fakes.file("xdg-open.args")),
        format!("{URL}\n"),
        "the URL is one argument, as written"
    );
    for f in ["PWNED", "PWNED2"] {
        assert!(
            !dir.join(f).exists() && !fakes.file(f).exists(),
            "{f}: a shell ran"
        );
    }
    // The screen is the reader's: the panes on the right are as they were
    // (the list's marks may change as time passes), only the status line
    // (and a message's rows above it) changed.
    let after = t.capture();
    let right = |l: &str| l.chars().skip(31).collect::<String>();
    let changed = before
        .lines()
        .zip(after.lines())
        .take(21)
        .filter(|(b, a)| right(b) != right(a))
        .count();
    assert_eq!(changed, 0, "before:\n{before}\nafter:\n{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn o_without_an_opener_or_a_url_says_why() {
    if missing() {
        return;
    }
    let dir = common::fixture_copy("tmux-no-opener");
    common::replace_in(
        &dir.join("articles/thewrap-second-week.txt"),
        "+++\ntitle",
        "+++\nurl = \"https://example.org/wrap\"\ntitle",
    );
    common::replace_in(
        &dir.join("articles/variety-ai-deal.txt"),
        "+++\ntitle",
        "+++\nurl = \"file:///etc/passwd\"\ntitle",
    );
    let empty = Fakes::new("no-opener");
    let t = reader(
        "no-opener",
        80,
        24,
        &format!("PATH={}", empty.0.join("bin").display()),
        &dir,
    );
    // The articles list, in file order: shift-focus (no URL), thewrap, variety.
    t.keys("a");
    t.until_flat("Articles");
    t.keys("o");
    t.until_flat("No URL for this article");
    t.keys("j");
    t.keys("o");
    t.until_flat("No opener found (xdg-open is not on PATH): the URL is https://example.org/wrap");
    t.keys("j");
    t.keys("o");
    t.until_flat("Not opened: only http and https URLs are opened");
    let _ = std::fs::remove_dir_all(&dir);
}
