//! The interactive reader's loop: draw, wait for input, turn it into actions,
//! update, repeat. The state lives in [`crate::app`], drawing in [`crate::ui`].
//! While a search is running the loop does not wait: it polls for input
//! without blocking and, when there is none, lets the search scan one more
//! small step (`Action::Work`), so typing never waits on a search.

use std::io::{self, Write};
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::keymap::{self, Mode};
use crate::app::{Action, App, find, update};
use crate::content::Dossier;

/// How often the loop looks for a terminating signal while idle.
const TICK: Duration = Duration::from_millis(100);
/// Events handled before a frame is drawn, at most, so a flood cannot starve drawing.
const BATCH: usize = 512;
/// While a search runs, hits found so far are drawn this often.
const FRAME: Duration = Duration::from_millis(30);

/// Opens the reader on a loaded dossier and returns when the user quits.
///
/// When nothing at all could be loaded it does not start: it prints the
/// problems to stderr and returns an error. A terminating signal also ends it
/// with an error (`ErrorKind::Interrupted`), after the terminal is restored.
pub fn open(dossier: Dossier) -> io::Result<()> {
    open_from(dossier, None)
}

/// [`open`], for a dossier read from `folder` (so that `R` can read it again).
fn open_from(dossier: Dossier, folder: Option<&Path>) -> io::Result<()> {
    if nothing_loaded(&dossier) {
        return Err(refuse(&dossier));
    }
    start(crate::terminal::enter()?, dossier, Vec::new(), folder)
}

/// A dossier folder not loaded within this time gets a loading screen.
const LOADING_AFTER: Duration = Duration::from_millis(50);

/// Opens the reader on the dossier in `dir`, loaded on a thread of its own.
/// A small dossier opens as with [`open`]. One not loaded within
/// `LOADING_AFTER` (a large one, or one not yet in the page cache) first gets a
/// screen that says so: the quit keys work on it, and other keys typed
/// meanwhile are applied, in order, once the dossier is there.
pub fn open_dir(dir: &Path) -> io::Result<()> {
    let rx = load_beside(dir, "loader")?;
    let stopped = || io::Error::other("the loader stopped before the dossier was loaded");
    match rx.recv_timeout(LOADING_AFTER) {
        Ok(dossier) => return open_from(dossier, Some(dir)),
        Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
        Err(RecvTimeoutError::Timeout) => {}
    }
    let mut session = crate::terminal::enter()?;
    let folder = crate::text::sanitize_line(&dir.display().to_string()).into_owned();
    let monochrome = no_color();
    let mut typed = Vec::new();
    let mut redraw = true;
    let dossier = loop {
        if redraw {
            session
                .terminal
                .draw(|f| crate::ui::loading(f, &folder, monochrome))?;
            redraw = false;
        }
        if session.signalled() {
            return Err(interrupted());
        }
        match rx.recv_timeout(LOADING_POLL) {
            Ok(dossier) => break dossier,
            Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
            Err(RecvTimeoutError::Timeout) => {}
        }
        while event::poll(Duration::ZERO)? {
            match event::read()? {
                Event::Resize(..) => redraw = true,
                Event::Key(key)
                    if key.kind == KeyEventKind::Press
                        && keymap::lookup(Mode::Normal, key) == Some(Action::Quit) =>
                {
                    return Ok(());
                }
                other => typed.push(other),
            }
        }
    };
    if nothing_loaded(&dossier) {
        drop(session);
        return Err(refuse(&dossier));
    }
    start(session, dossier, typed, Some(dir))
}

/// How often the loading screen looks for keys and signals.
const LOADING_POLL: Duration = Duration::from_millis(20);

/// Set to a number of milliseconds to make every load of [`load_beside`]
/// wait that long first: the real-terminal tests use it to see the loading
/// screen and to type during a reload. Read as each load starts; nothing else
/// looks at it.
const LOAD_DELAY_VAR: &str = "DOSSIER_TEST_LOAD_DELAY_MS";

/// Loads the dossier in `dir` on a thread named `name`; the dossier arrives
/// on the receiver (which reports a disconnect if the thread dies).
fn load_beside(dir: &Path, name: &str) -> io::Result<Receiver<Dossier>> {
    let delay = crate::test_hooks::var(LOAD_DELAY_VAR)
        .and_then(|v| v.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis);
    let (tx, rx) = mpsc::channel();
    let dir = dir.to_path_buf();
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            std::thread::sleep(delay);
            let _ = tx.send(crate::content::load_dir(&dir));
        })?;
    Ok(rx)
}

/// Prints the problems of a dossier with nothing to read and says why the
/// reader does not start.
fn refuse(dossier: &Dossier) -> io::Error {
    let mut err = io::stderr().lock();
    for p in &dossier.problems {
        let _ = writeln!(err, "{}", crate::text::sanitize_multiline(&p.to_string()));
    }
    let n = dossier.problems.len();
    io::Error::other(format!(
        "nothing could be loaded from the dossier ({n} problem{})",
        if n == 1 { "" } else { "s" }
    ))
}

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "stopped by a signal")
}

/// Runs the reader in a terminal already taken, after applying the input
/// events that arrived before the dossier was there.
fn start(
    mut session: crate::terminal::Session,
    dossier: Dossier,
    typed: Vec<Event>,
    folder: Option<&Path>,
) -> io::Result<()> {
    let size = session.terminal.size()?;
    let mut app = App::new(dossier, size.width, size.height);
    app.monochrome = no_color();
    for ev in &typed {
        if let Some(action) = to_action(&app, ev) {
            update(&mut app, action);
        }
        if app.quit {
            return Ok(());
        }
    }
    let result = run(&mut session, &mut app, folder);
    drop(session);
    result
}

/// Whether the dossier failed so badly that there is nothing to read.
pub fn nothing_loaded(d: &Dossier) -> bool {
    d.errors() > 0 && d.events.is_empty() && d.issues.is_empty() && d.articles.is_empty()
}

/// NO_COLOR set to anything but the empty string.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Set to `panic` or `error` to make the reader fail right after its first
/// frame: the real-terminal tests use it to prove the terminal is restored in
/// both cases. Read once; nothing else looks at it.
const FAULT_VAR: &str = "DOSSIER_TEST_FAULT";

/// The loop. `folder` is where the dossier was read from, for `R` (none for
/// the bundled dossier).
fn run(
    session: &mut crate::terminal::Session,
    app: &mut App,
    folder: Option<&Path>,
) -> io::Result<()> {
    let mut fault = crate::test_hooks::var(FAULT_VAR);
    // A reload in progress: the dossier arrives here from its thread.
    let mut reloading: Option<Receiver<Dossier>> = None;
    loop {
        if let Some(text) = app.clipboard.take() {
            session.set_clipboard(&text)?;
        }
        if std::mem::take(&mut app.reload_requested) {
            start_reload(app, folder, &mut reloading)?;
        }
        session.terminal.draw(|f| crate::ui::render(app, f))?;
        match fault.take().as_deref() {
            // A test hook (debug builds only): proves the terminal is restored after a panic.
            #[allow(clippy::panic)]
            Some("panic") => panic!("{FAULT_VAR}=panic"),
            Some("error") => return Err(io::Error::other(format!("{FAULT_VAR}=error"))),
            _ => {}
        }
        let mut drawn = Instant::now();
        // Wait for input, looking up now and then for a signal and for a
        // reload to be done; a running search advances in small steps between
        // polls that do not wait.
        let input = loop {
            if session.signalled() {
                return Err(interrupted());
            }
            match reloading.as_ref().map(Receiver::try_recv) {
                None | Some(Err(TryRecvError::Empty)) => {}
                Some(done) => {
                    reloading = None;
                    match done {
                        Ok(dossier) => finish_reload(app, dossier),
                        Err(_) => app.notice = Some("Reload failed: the loader stopped".into()),
                    }
                    break false;
                }
            }
            if !find::busy(app) {
                let wait = if reloading.is_some() {
                    RELOAD_POLL
                } else {
                    TICK
                };
                if event::poll(wait)? {
                    break true;
                }
                continue;
            }
            if event::poll(Duration::ZERO)? {
                break true;
            }
            update(app, Action::Work);
            if !find::busy(app) || drawn.elapsed() >= FRAME {
                session.terminal.draw(|f| crate::ui::render(app, f))?;
                drawn = Instant::now();
            }
        };
        if !input {
            continue;
        }
        // Handle everything already waiting before drawing again; consecutive
        // resizes collapse into the last one.
        let mut resize = None;
        for _ in 0..BATCH {
            match event::read()? {
                Event::Resize(width, height) => resize = Some(Action::Resize { width, height }),
                other => {
                    if let Some(r) = resize.take() {
                        update(app, r);
                    }
                    if let Some(action) = to_action(app, &other) {
                        update(app, action);
                    }
                }
            }
            if app.quit || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        if let Some(r) = resize {
            update(app, r);
        }
        if app.quit {
            return Ok(());
        }
    }
}

/// How often the loop looks whether a reload is done.
const RELOAD_POLL: Duration = Duration::from_millis(10);

/// Starts reading the dossier again from `folder`, on a thread of its own:
/// the reader goes on meanwhile, on the dossier it has.
fn start_reload(
    app: &mut App,
    folder: Option<&Path>,
    reloading: &mut Option<Receiver<Dossier>>,
) -> io::Result<()> {
    let Some(dir) = folder else {
        app.notice = Some(
            "The bundled dossier is built into the program: open a folder with --content to reload it"
                .into(),
        );
        return Ok(());
    };
    if reloading.is_some() {
        app.notice = Some("Already reloading…".into());
        return Ok(());
    }
    *reloading = Some(load_beside(dir, "reloader")?);
    app.notice = Some("Reloading…".into());
    Ok(())
}

/// Moves the reader onto the dossier read again, where it is now; when
/// nothing could be loaded any more, keeps the old one and says why.
fn finish_reload(app: &mut App, dossier: Dossier) {
    if nothing_loaded(&dossier) {
        let why = dossier
            .problems
            .first()
            .map(|p| crate::text::sanitize_line(&p.to_string()).into_owned())
            .unwrap_or_default();
        app.notice = Some(format!(
            "Reload failed, the dossier shown is the one loaded before: {why}"
        ));
    } else {
        crate::app::reload(app, dossier);
    }
}

/// The action an input event means, if any.
pub fn to_action(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            let mode = match &app.overlay {
                Some(o) if o.is_prompt() => Mode::Prompt,
                Some(_) => Mode::Overlay,
                None => Mode::Normal,
            };
            keymap::lookup(mode, *key)
        }
        Event::Mouse(MouseEvent {
            kind, column, row, ..
        }) => match kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: *column,
                row: *row,
            }),
            MouseEventKind::ScrollDown => Some(Action::Scroll {
                column: *column,
                row: *row,
                lines: 1,
            }),
            MouseEventKind::ScrollUp => Some(Action::Scroll {
                column: *column,
                row: *row,
                lines: -1,
            }),
            _ => None,
        },
        Event::Resize(width, height) => Some(Action::Resize {
            width: *width,
            height: *height,
        }),
        _ => None,
    }
}
