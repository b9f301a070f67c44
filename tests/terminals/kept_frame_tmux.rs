//! The bundled dossier's first frame kept from one start to the next
//! (`dossier::kept_frame`), in a real terminal: a start shows it before
//! doing anything else, and then the frame it would have drawn anyway, so
//! that a kept frame that is not the true one never stays on the screen.
//! And the frame writer's bytes, shown by tmux as crossterm's own would be.

use crate::common;

use std::cell::RefCell;
use std::io::Write;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::SystemTime;

use common::tmux::{Tmux, missing, until};

const BIN: &str = env!("CARGO_BIN_EXE_dossier");

/// The reader on the bundled dossier, started in a folder with no
/// `dossier.toml` above it.
fn bundled(t: &Tmux) -> String {
    let away = t.file("away");
    std::fs::create_dir_all(&away).expect("a folder");
    format!("cd {} && {BIN}", away.display())
}

fn frames_dir(t: &Tmux) -> PathBuf {
    t.dir.join("cache/dossier/frames")
}

/// The kept frames: each file with its key, bytes and modification time.
fn frames(t: &Tmux) -> Vec<(u64, Vec<u8>, SystemTime)> {
    let Ok(entries) = std::fs::read_dir(frames_dir(t)) else {
        return Vec::new();
    };
    let mut all: Vec<_> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let hex = name.strip_prefix("bundled-")?.strip_suffix(".frame")?;
            let key = u64::from_str_radix(hex, 16).ok()?;
            let bytes = std::fs::read(e.path()).ok()?;
            Some((key, bytes, e.metadata().ok()?.modified().ok()?))
        })
        .collect();
    all.sort_by_key(|(k, _, _)| *k);
    all
}

/// The reader's first screen, settled, once a frame is kept for it.
fn first_screen(t: &Tmux, kept: usize) -> String {
    let screen = t.wait(|p| p.contains("Timeline") && p.contains("Article"));
    assert!(screen.contains("Timeline"), "{screen}");
    assert!(
        until(|| frames(t).len() >= kept),
        "no frame was kept: {:?}",
        std::fs::read_dir(t.dir.join("cache")).map(|d| d.count())
    );
    t.settled()
}

/// A first visit to the bundled dossier in a new `width`×`height` terminal,
/// quit at once: the terminal, and the first screen it showed. Two frames
/// are kept then, the one drawn and the one for the next start.
fn visited_once(name: &str, width: u16, height: u16) -> (Tmux, String) {
    let t = Tmux::start(name, width, height, "true");
    t.respawn(&bundled(&t));
    let first = first_screen(&t, 1);
    quit(&t);
    assert!(until(|| frames(&t).len() == 2), "{:?}", frames(&t).len());
    (t, first)
}

fn quit(t: &Tmux) {
    t.keys("q");
    assert!(
        until(|| !t.capture().contains("Timeline")),
        "the reader did not quit"
    );
}

#[test]
fn a_kept_first_frame_is_the_frame_a_start_draws() {
    if missing() {
        return;
    }
    let t = Tmux::start("kept-same", 120, 40, "true");
    t.respawn(&bundled(&t));
    // A first visit: the frame it drew is kept under its key.
    let first = first_screen(&t, 1);
    assert_eq!(frames(&t).len(), 1);
    // On quitting, the frame of the next start (the state file is there
    // now, so its key differs) is kept too.
    quit(&t);
    assert!(until(|| frames(&t).len() == 2), "{:?}", frames(&t).len());
    let before = frames(&t);
    // The next start shows that frame first, and it is the true one: the
    // screen is the first one again, and no frame is written again (a kept
    // frame that differed from the true one would be).
    t.respawn(&bundled(&t));
    let again = first_screen(&t, 2);
    assert_eq!(again, first);
    quit(&t);
    // The state file is the same after a visit that did not move: the
    // same key, nothing new to keep.
    assert!(until(|| frames(&t) == before), "a frame was written again");
    let after = frames(&t);
    assert_eq!(after, before);
}

#[test]
fn a_kept_frame_that_is_not_the_true_one_is_replaced_at_once() {
    if missing() {
        return;
    }
    let (t, first) = visited_once("kept-stale", 120, 40);
    // Every kept frame replaced by another, whole and well formed, under
    // the same key: what a build that draws differently would have kept.
    let cache = t.dir.join("cache/dossier");
    let stale = b"\x1b[?1049h\x1b[1;1HSTALE FRAME\x1b[20;30Hfrom another time".to_vec();
    for (key, _, _) in frames(&t) {
        dossier::kept_frame::keep(&cache, key, &stale);
        assert_eq!(dossier::kept_frame::find(&cache, key), Some(stale.clone()));
    }
    t.respawn(&bundled(&t));
    let shown = first_screen(&t, 2);
    assert!(!shown.contains("STALE"), "{shown}");
    assert!(!shown.contains("another time"), "{shown}");
    assert_eq!(shown, first);
    // The true frame is kept in its place.
    assert!(
        until(|| frames(&t)
            .iter()
            .any(|(_, bytes, _)| !contains(bytes, b"STALE"))),
        "the stale frame was kept"
    );
}

#[test]
fn a_damaged_kept_frame_is_not_used() {
    if missing() {
        return;
    }
    let (t, first) = visited_once("kept-damaged", 80, 24);
    // Each file's frame changed without its checksum, and one cut short.
    let dir = frames_dir(&t);
    let files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("frames")
        .flatten()
        .map(|e| e.path())
        .collect();
    for (i, path) in files.iter().enumerate() {
        let mut bytes = std::fs::read(path).expect("a frame");
        if i == 0 {
            let n = bytes.len();
            bytes.truncate(n / 2);
        } else {
            let at = bytes.len() - 5;
            bytes[at..].copy_from_slice(b"BROKE");
        }
        std::fs::write(path, bytes).expect("damaged");
    }
    t.respawn(&bundled(&t));
    let shown = first_screen(&t, 2);
    assert!(!shown.contains("BROKE"), "{shown}");
    assert_eq!(shown, first);
    // Kept again, whole.
    let cache = t.dir.join("cache/dossier");
    assert!(until(|| frames(&t).iter().any(|(key, _, _)| {
        dossier::kept_frame::find(&cache, *key).is_some()
    })));
}

#[test]
fn the_frame_kept_on_quitting_is_the_next_start_s_at_its_place() {
    if missing() {
        return;
    }
    let t = Tmux::start("kept-place", 120, 40, "true");
    t.respawn(&bundled(&t));
    first_screen(&t, 1);
    // Somewhere else: the issues, the second one, its first source.
    t.keys("ij\t\n");
    t.wait(|p| p.contains("source 1"));
    let there = t.settled();
    quit(&t);
    assert!(until(|| frames(&t).len() == 2));
    let kept = frames(&t);
    t.respawn(&bundled(&t));
    let again = t.wait(|p| p == there);
    assert_eq!(again, there);
    t.settled();
    quit(&t);
    // The frame kept for this start was the one it drew: not written again.
    let now = frames(&t);
    for k in &kept {
        assert!(
            now.contains(k),
            "the kept frame {:x} was written again",
            k.0
        );
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A writer whose bytes the test reads after the terminal is gone.
#[derive(Clone, Default)]
struct Shared(Rc<RefCell<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Cells of every style the reader uses and some it does not: colours set
/// together and apart, modifiers on and off, wide characters, gaps.
fn busy(f: &mut ratatui::Frame, shift: u16) {
    use ratatui::style::{Color, Modifier, Style};
    use ratatui::text::{Line, Span};
    let styles = [
        Style::new(),
        Style::new().fg(Color::Indexed(8)),
        Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
        Style::new().bg(Color::Yellow).fg(Color::Black),
        Style::new().bg(Color::Yellow),
        Style::new().add_modifier(Modifier::DIM | Modifier::ITALIC),
        Style::new().add_modifier(Modifier::UNDERLINED | Modifier::REVERSED),
        Style::new()
            .fg(Color::Rgb(200, 10, 10))
            .add_modifier(Modifier::BOLD),
        Style::new().add_modifier(Modifier::BOLD),
        Style::new().fg(Color::Indexed(14)),
    ];
    let words = [
        "one",
        "字幕",
        "  gap  ",
        "x",
        "—",
        "quite a long word",
        "é",
        "z",
    ];
    for row in 0..f.area().height {
        let spans: Vec<Span> = (0..12u16)
            .map(|i| {
                let n = usize::from(row + i + shift);
                Span::styled(
                    format!("{}{}", words[n % words.len()], " ".repeat(n % 4)),
                    styles[(n * 7) % styles.len()],
                )
            })
            .collect();
        let area = ratatui::layout::Rect::new(row % 5, row, f.area().width - row % 5, 1);
        f.render_widget(Line::from(spans), area);
    }
}

/// Two frames (`busy`, then `busy` shifted) as the reader's frame writer
/// writes them, and as crossterm's backend does.
fn both_ways(width: u16, height: u16) -> (Vec<u8>, Vec<u8>) {
    use ratatui::Terminal;
    use ratatui::backend::CrosstermBackend;
    let size = ratatui::layout::Size::new(width, height);
    let ours = Shared::default();
    {
        let writer = dossier::terminal::opening_writer(ours.clone());
        let mut t = Terminal::new(dossier::terminal::FrameBackend::sized(writer, size))
            .expect("a terminal");
        t.draw(|f| busy(f, 0)).expect("drawn");
        t.draw(|f| busy(f, 3)).expect("drawn");
    }
    let theirs = Shared::default();
    {
        let mut writer = theirs.clone();
        writer.write_all(b"\x1b[?1049h").expect("written");
        let area = ratatui::layout::Rect::new(0, 0, width, height);
        let mut t = Terminal::with_options(
            CrosstermBackend::new(writer),
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(area),
            },
        )
        .expect("a terminal");
        t.draw(|f| busy(f, 0)).expect("drawn");
        t.draw(|f| busy(f, 3)).expect("drawn");
    }
    let ours = ours.0.borrow().clone();
    let theirs = theirs.0.borrow().clone();
    (ours, theirs)
}

/// What tmux shows, with every cell's style, after `bytes` are written to
/// a pane of this size.
fn shown(name: &str, width: u16, height: u16, bytes: &[u8]) -> String {
    let t = Tmux::start(name, width, height, "true");
    let file = t.file("frame");
    std::fs::write(&file, bytes).expect("the frame");
    t.respawn(&format!("stty raw -echo; cat {}", file.display()));
    let done = |p: &str| p.contains('z');
    t.wait(done);
    t.settled();
    t.run(&["capture-pane", "-p", "-e", "-N", "-t", "t"])
}

#[test]
fn the_frame_writer_shows_what_crossterm_would_show() {
    if missing() {
        return;
    }
    let (width, height) = (70, 12);
    let (ours, theirs) = both_ways(width, height);
    assert!(
        ours.len() < theirs.len(),
        "{} bytes, crossterm {}",
        ours.len(),
        theirs.len()
    );
    let a = shown("writer-ours", width, height, &ours);
    let b = shown("writer-theirs", width, height, &theirs);
    assert!(a.contains("quite a long"), "{a}");
    assert_eq!(a, b);
}
