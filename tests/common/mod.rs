//! Test support: a small valid dossier to build loader fixtures from, in
//! memory; the fixed reader fixture; keys as the terminal sends them; and a
//! reader drawn into a `TestBackend`.

#![allow(dead_code)]

pub mod huge;
pub mod tmux;

use dossier::app::{Action, App, Effect, Exit, update};
use dossier::reader::to_action;
use dossier_core::content::{Dossier, load_dir, load_files};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub const META: &str = "title = \"T\"\n";
pub const ARTICLE: &str = "+++\ntitle = \"A\"\n+++\nThe union and the studios met again.\nThe union said talks went well.\n";
pub const EVENT: &str = "title = \"E\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n";
pub const ISSUE: &str =
    "title = \"I\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n";

/// A fresh copy of the reader fixture in the temporary folder, for a test that
/// edits its files; `name` keeps the copies of different tests apart.
pub fn fixture_copy(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let from = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reader");
    copy_dir(&from, &dir);
    dir
}

/// Edits a file as a curator would, replacing `from` with `to`; the file
/// must hold `from`.
pub fn replace_in(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("the file to edit");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("edit the file");
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).expect("create the copy");
    for entry in std::fs::read_dir(from).expect("read the fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// The valid base dossier with some files replaced (`None` removes one) or added.
pub fn with(changes: &[(&str, Option<&str>)]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = [
        ("dossier.toml", META),
        ("articles/a.txt", ARTICLE),
        ("events/e.toml", EVENT),
        ("issues/i.toml", ISSUE),
    ]
    .iter()
    .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
    .collect();
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        if let Some(t) = text {
            files.push((path.to_string(), t.as_bytes().to_vec()));
        }
    }
    files
}

pub fn load(changes: &[(&str, Option<&str>)]) -> Dossier {
    load_files(with(changes))
}

/// Every problem as printed, help lines included.
pub fn printed(d: &Dossier) -> Vec<String> {
    d.problems.iter().map(|p| p.to_string()).collect()
}

/// The problems of a fixture, as printed.
pub fn problems(changes: &[(&str, Option<&str>)]) -> Vec<String> {
    printed(&load(changes))
}

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");

/// The reader fixture, loaded by the real loader. It must load without errors;
/// its one warning (an event that touches no issue) is on purpose, to show such
/// an event on screen.
pub fn fixture() -> Dossier {
    let d = load_dir(std::path::Path::new(FIXTURE));
    assert_eq!(d.errors(), 0, "fixture problems: {:?}", d.problems);
    assert_eq!(d.warnings(), 1, "fixture problems: {:?}", d.problems);
    d
}
/// A key press as a terminal reports it.
pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new_with_kind(
        code,
        KeyModifiers::NONE,
        KeyEventKind::Press,
    ))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new_with_kind(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
        KeyEventKind::Press,
    ))
}

/// A reader on a test terminal.
pub struct Screen {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
    /// Every effect the updates asked for, in order, for the test to look at
    /// (and to carry out, as the reader's loop would).
    pub effects: Vec<Effect>,
}

impl Screen {
    /// The rows of a rectangle of the screen, as drawn, one string a row
    /// (a wide character's second cell as its own, empty or blank).
    pub fn rows(&self, area: ratatui::layout::Rect) -> Vec<String> {
        let buf = self.terminal.backend().buffer();
        (area.y..area.bottom())
            .map(|y| {
                (area.x..area.right())
                    .map(|x| buf[(x, y)].symbol())
                    .collect::<String>()
            })
            .collect()
    }

    /// The links of the details pane, in reading order.
    pub fn detail_links(&self) -> Vec<dossier::app::details::Link> {
        self.app
            .details()
            .content
            .links
            .iter()
            .map(|l| l.link)
            .collect()
    }

    pub fn new(d: Dossier, w: u16, h: u16) -> Screen {
        Screen::with(App::new(d, w, h))
    }

    /// A reader drawn without colour (NO_COLOR).
    pub fn monochrome(d: Dossier, w: u16, h: u16, monochrome: bool) -> Screen {
        Screen::with(App::new(d, w, h).with_monochrome(monochrome))
    }

    /// A reader on an app built by the test (read from a folder, say).
    pub fn of(app: App) -> Screen {
        Screen::with(app)
    }

    fn with(app: App) -> Screen {
        let size = app.size();
        let mut s = Screen {
            app,
            terminal: Terminal::new(TestBackend::new(size.width, size.height))
                .expect("test terminal"),
            effects: Vec::new(),
        };
        s.draw();
        s
    }

    /// Applies an action as the loop would, keeping its effects.
    pub fn apply(&mut self, action: impl Into<Action>) -> &mut Self {
        let fx = update(&mut self.app, action);
        self.effects.extend(fx);
        self
    }

    /// Whether an update asked the reader to quit.
    pub fn quit(&self) -> bool {
        self.effects.contains(&Effect::Exit(Exit::Quit))
    }

    /// The text last sent to the clipboard, if any.
    pub fn clipboard(&self) -> Option<&str> {
        self.effects.iter().rev().find_map(|e| match e {
            Effect::Copy { text, .. } => Some(text.as_str()),
            _ => None,
        })
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| dossier::ui::render(app, f))
            .expect("draw");
    }

    /// Feeds events through the same mapping the real loop uses, then draws.
    pub fn events(&mut self, events: impl IntoIterator<Item = Event>) -> &mut Self {
        for ev in events {
            if let Event::Resize(w, h) = ev {
                self.terminal.backend_mut().resize(w, h);
            }
            if let Some(a) = to_action(&self.app, &ev) {
                self.apply(a);
            }
        }
        self.draw();
        self
    }

    /// Presses a key of the reader's own, looked up in the app's keymap as
    /// the real loop does once it has read the key, then draws.
    pub fn press(&mut self, key: dossier::config::Key) -> &mut Self {
        if let Some(a) = self.app.keymap().lookup(self.app.mode(), key) {
            self.apply(a);
        }
        self.draw();
        self
    }

    /// Types keys given as a string: each character is a key; `\n` is Enter.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        let evs: Vec<Event> = keys
            .chars()
            .map(|c| match c {
                '\n' => key(KeyCode::Enter),
                '\x08' => key(KeyCode::Backspace),
                '\t' => key(KeyCode::Tab),
                '\x1b' => key(KeyCode::Esc),
                c => key(KeyCode::Char(c)),
            })
            .collect();
        self.events(evs)
    }

    /// The screen as text, one line per row.
    pub fn text(&self) -> String {
        buffer_text(self.terminal.backend().buffer())
    }
}

/// The cells drawn in a style, in reading order, rows joined by a space.
pub fn cells_in_style(s: &Screen, style: ratatui::style::Style) -> String {
    let buf = s.terminal.backend().buffer();
    let mut rows = Vec::new();
    for y in 0..buf.area.height {
        let mut row = String::new();
        for x in 0..buf.area.width {
            let cell = &buf[(x, y)];
            let matches = (style.bg.is_none() || cell.bg == style.bg.unwrap_or_default())
                && (style.fg.is_none() || cell.fg == style.fg.unwrap_or_default())
                && cell.modifier.contains(style.add_modifier);
            if matches {
                row.push_str(cell.symbol());
            }
        }
        if !row.is_empty() {
            rows.push(row);
        }
    }
    rows.join(" ")
}

/// A buffer as text, one line per row; the cell after a wide character is
/// skipped, as a terminal shows it.
pub fn buffer_text(buf: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buf.area.height {
        let mut skip = 0;
        for x in 0..buf.area.width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            out.push_str(sym);
            skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
        }
        out.push('\n');
    }
    out
}

/// Text with every run of whitespace folded to one space: words wrapped
/// over rows read as they were written.
pub fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `dossier` program run with `args`, its output kept.
pub fn dossier<S: AsRef<std::ffi::OsStr>>(args: &[S]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A run's standard output then standard error, as text.
pub fn printed_by(out: &std::process::Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// An empty scratch folder for this test run: `dossier-{what}-{name}-PID`
/// in the temporary directory.
pub fn scratch(what: &str, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-{what}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The help overlay's row whose description is `description` (the text
/// after the keys), if it is on the screen.
pub fn help_row(help: &str, description: &str) -> Option<String> {
    let end = format!("  {description}");
    help.lines()
        .find(|l| {
            l.split('┃')
                .nth(1)
                .is_some_and(|inner| inner.trim_end().ends_with(&end))
        })
        .map(str::to_string)
}

/// The screen's last line: the status line with its key hints.
pub fn status_line(s: &Screen) -> String {
    s.text().lines().last().unwrap_or("").to_string()
}

/// The status line with the rows a long message wraps onto above it, on
/// one line.
pub fn status_lines(s: &Screen) -> String {
    let text = s.text();
    let lines: Vec<&str> = text.lines().collect();
    flat(&lines[lines.len().saturating_sub(3)..].join("\n"))
}

/// A configuration binding every command to keys no default uses: F-keys,
/// then Alt- with a letter or a digit.
pub fn rebound_config() -> String {
    let mut pool: Vec<String> = (1..=12).map(|n| format!("F{n}")).collect();
    pool.extend(('a'..='z').map(|c| format!("Alt-{c}")));
    pool.extend(('0'..='9').map(|c| format!("Alt-{c}")));
    pool.extend(('A'..='Z').map(|c| format!("Alt-{c}")));
    let mut pool = pool.into_iter();
    let mut text = String::from("[keys]\n");
    for name in dossier::app::keymap::Keymap::command_names(false) {
        let key = pool.next().expect("enough keys for every command");
        text.push_str(&format!("{name} = [\"{key}\"]\n"));
    }
    text.push_str("[keys.prompt]\n");
    let mut pool: Vec<String> = ('a'..='z').map(|c| format!("Ctrl-Alt-{c}")).collect();
    pool.extend((1..=12).map(|n| format!("Ctrl-F{n}")));
    let mut pool = pool.into_iter();
    for name in dossier::app::keymap::Keymap::command_names(true) {
        let key = pool.next().expect("enough keys for every prompt command");
        text.push_str(&format!("{name} = [\"{key}\"]\n"));
    }
    text
}

/// What each timeline row shows and what orders it (id, title, dates,
/// weekday, kind, disputed or not, issues, bounds), in the timeline's
/// order, then each issue's id and title: what a preview and a full load
/// of the same files must agree on.
pub fn timeline_rows(d: &Dossier) -> Vec<String> {
    d.events
        .iter()
        .map(|e| {
            let issues: Vec<&str> = e.issues.iter().map(|i| d.issue(*i).id.as_str()).collect();
            format!(
                "{} {:?} {:?} {:?} {:?} {:?} {} {issues:?} {:?}",
                e.id,
                e.title,
                e.date,
                e.end,
                e.weekday,
                e.kind,
                e.disputed.is_some(),
                e.bounds
            )
        })
        .chain(d.issues.iter().map(|i| format!("{} {:?}", i.id, i.title)))
        .collect()
}

impl Screen {
    /// The id of the entry selected in the list, or nothing.
    pub fn selected_id(&self) -> String {
        use dossier_core::content::EntityRef;
        let d = self.app.dossier();
        match self.app.selected_entity() {
            Some(EntityRef::Event(e)) => d.events[e.0].id.clone(),
            Some(EntityRef::Issue(i)) => d.issues[i.0].id.clone(),
            Some(EntityRef::Article(a)) => d.articles[a.0].id.clone(),
            None => String::new(),
        }
    }
}

/// A synthetic dossier of `events` events, 20 issues and 40 articles of
/// 200 words, written into a fresh scratch folder.
pub fn synthetic(what: &str, name: &str, events: usize, seed: u64) -> std::path::PathBuf {
    let dir = scratch(what, name);
    let params = dossier_synth::Params {
        events,
        issues: 20,
        articles: 40,
        words_per_article: 200,
        seed,
    };
    dossier_synth::write(&params, &dir).expect("generate");
    dir
}

/// Rewrites every `every`-th event file of the dossier in `dir` (counted in
/// the folder's listing order) as `change` makes it of its count and text.
pub fn rewrite_events(
    dir: &std::path::Path,
    every: usize,
    change: impl Fn(usize, String) -> String,
) {
    for (n, path) in std::fs::read_dir(dir.join("events"))
        .expect("events")
        .map(|e| e.expect("entry").path())
        .enumerate()
        .filter(|(n, _)| n % every == 0)
    {
        let text = std::fs::read_to_string(&path).expect("an event");
        std::fs::write(&path, change(n, text)).expect("rewrite it");
    }
}

/// Spoils every `every`-th event file of the dossier in `dir`, in turn two
/// ways: a quote its article does not hold (found only against the
/// article) and an unclosed array at its end (its file's own TOML error).
pub fn spoil_events(dir: &std::path::Path, every: usize) {
    rewrite_events(dir, every, |n, text| {
        if n % 2 == 0 {
            text.replacen("quote = \"", "quote = \"not said ", 1)
        } else {
            format!("{text}\nsurprise = [\n")
        }
    });
}
