//! The interactive reader's loop: draw, wait for a message, turn it into
//! actions, update, carry out the effects, repeat. The state lives in
//! [`crate::app`], drawing in [`crate::ui`].
//!
//! Everything that can wake the loop arrives as a [`Msg`] on one channel:
//! input (read from the terminal by a thread of its own), a dossier loaded
//! on a thread, a terminating signal. A new source adds a message, not
//! another poll. While a search is running the loop does not wait: when no
//! message is there it lets the search scan one more small step
//! (`Action::Work`), so typing never waits on a search.

use std::collections::VecDeque;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    self, Event, KeyEvent, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};

use crate::app::{Action, App, Command, Effect, Exit, Mode, Reload, update};
use crate::config::{Key, KeyCode, Mods};
use dossier_core::content::{ArticleIx, Dossier, EntityRef, EventIx, IssueIx};

pub use crate::app::nothing_loaded;

/// Messages handled before a frame is drawn, at most, so a flood cannot starve drawing.
const BATCH: usize = 512;
/// While a search runs, hits found so far are drawn this often.
const FRAME: Duration = Duration::from_millis(30);

/// Everything that can wake the reader's loop.
#[derive(Debug)]
pub enum Msg {
    /// An input event from the terminal.
    Input(Event),
    /// Reading input failed: the terminal is gone.
    InputFailed(io::Error),
    /// A loader thread finished: the dossier, or `None` if it stopped
    /// without one.
    Loaded(Option<Fetched>),
    /// A terminating signal arrived.
    Signal,
    /// The saver thread wrote the state, or failed to.
    Saved(Result<(), String>),
    /// The clipboard's way was found (a program ran, tmux was asked): what
    /// to write to the terminal, and what to say.
    Clipboard(crate::system::clipboard::Delivery),
    /// A program the reader started ended badly (the opener), or something
    /// else to say on the status line.
    Outcome(String),
    /// Files of the dossier's folder changed (a burst of them, debounced).
    Changed,
    /// Every file of a dossier served from the cache was compared with the
    /// copy: none differed (one that did sends [`Msg::Changed`] first).
    Checked,
    /// What was seen, for a first visit or a return to a dossier unchanged
    /// since: each entry's record as it is now, made behind the first
    /// frame from the records a dossier served from the cache holds.
    Baseline(crate::state::SeenMap),
    /// Entries of the preview shown, read whole ahead of the rest.
    Whole(dossier_core::content::Patch),
    /// The preview's articles' front matter, glanced at behind its first
    /// frame.
    Fronts(dossier_core::content::Fronts),
}

/// What a loader thread hands over.
#[derive(Debug)]
pub struct Fetched {
    /// Shared: a dossier is large, and the loader writes its copy to the
    /// cache while the reader shows it.
    pub dossier: Arc<Dossier>,
    /// It came from the cache of loaded dossiers.
    pub cached: bool,
    /// Its entries' records as they are now, when the cache had them.
    pub records: Option<Vec<Option<crate::state::seen::Record>>>,
    /// Nothing changed since what was seen: nothing to mark.
    pub seen_unchanged: bool,
    /// The loader will hand over the baseline of what was seen
    /// ([`Msg::Baseline`]), made from the cache's records.
    pub baseline_coming: bool,
    /// Served from the cache with only the first screen's files compared:
    /// the others are being compared ([`Msg::Checked`] when they all hold).
    pub checking: bool,
    /// Tells the loader that the first frame is out: what it does behind
    /// that frame (comparing every file, reading the records and the
    /// texts) waits for it rather than competing with it for the
    /// processors and adding its memory to the first frame's.
    pub drawn: Option<Sender<()>>,
    /// A preview, with the rest of the folder being read behind it.
    pub reading: Option<crate::app::Reading>,
    /// The whole dossier, to take the place of the preview shown.
    pub completes: bool,
    /// Its events' datings, when the cache's copy gave them.
    pub datings: Option<dossier_core::content::date::Datings>,
}

impl Fetched {
    /// A dossier read whole from where it is, with nothing else to tell.
    fn whole(dossier: Arc<Dossier>) -> Fetched {
        Fetched {
            dossier,
            cached: false,
            records: None,
            seen_unchanged: false,
            baseline_coming: false,
            checking: false,
            drawn: None,
            reading: None,
            completes: false,
            datings: None,
        }
    }
}

/// How the reader starts.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// At the top of the dossier, not where the last run left off.
    pub top: bool,
    /// Where to find the configuration and keep the state; by default the
    /// XDG directories of the environment.
    pub dirs: Option<crate::xdg::Dirs>,
    /// Watch the dossier's folder and reload on every change (a folder only).
    pub watch: bool,
}

impl Options {
    fn dirs(&self) -> crate::xdg::Dirs {
        self.dirs.clone().unwrap_or_else(crate::xdg::Dirs::from_env)
    }
}

/// What the reader brings from outside the dossier: the configuration, and
/// the state of this dossier with where to save it.
struct Setup {
    settings: crate::settings::Settings,
    opened: crate::state::store::Opened,
    top: bool,
    watch: bool,
    /// Where copies of loaded dossiers are kept ([`crate::cache`]).
    cache: Option<std::path::PathBuf>,
    /// The key to keep the first frame under, in `cache`, when it is to be
    /// kept ([`crate::kept_frame`]).
    frame_key: Option<u64>,
}

impl Setup {
    fn new(options: &Options, id: &crate::state::store::DossierId) -> Setup {
        Setup::deferring(options, id, |_| false)
    }

    /// The setup of the dossier in the folder `dir`: what was seen is left
    /// unread when its checksums are those the cache's copy holds, for the
    /// loader's verdict ([`Fetched::seen_unchanged`]) to tell whether it
    /// is wanted at all ([`first_app`]).
    fn of_folder(options: &Options, dir: &Path) -> Setup {
        let cache = options.dirs().cache;
        Setup::deferring(options, &crate::state::store::DossierId::folder(dir), |c| {
            cache
                .as_deref()
                .and_then(|cache| crate::cache::seen_checksums(cache, dir))
                .as_ref()
                == Some(c)
        })
    }

    fn deferring(
        options: &Options,
        id: &crate::state::store::DossierId,
        defer: impl FnOnce(&crate::state::seen::Checksums) -> bool,
    ) -> Setup {
        let dirs = options.dirs();
        Setup {
            settings: crate::settings::Settings::load(dirs.config_file().as_deref()),
            opened: crate::state::store::open_deferring(dirs.state.as_deref(), id, defer),
            top: options.top,
            watch: options.watch,
            cache: dirs.cache,
            frame_key: None,
        }
    }
}

/// Opens the reader on the dossier bundled into the program and returns
/// when the user quits, with the first frame kept from an earlier start on
/// the screen before the dossier is even decoded ([`crate::kept_frame`]).
/// On quitting, keeps the frame the next start will draw.
///
/// When nothing at all could be loaded it does not start: it prints the
/// problems to stderr and returns an error. A terminating signal also ends it
/// with an error (`ErrorKind::Interrupted`), after the terminal is restored.
pub fn open_bundled(options: &Options) -> io::Result<()> {
    let slot = frame_slot(&options.dirs(), options.top);
    let opening = match &slot {
        Some(slot) => match crate::kept_frame::find(&slot.cache, slot.key) {
            Some(frame) => crate::terminal::Opening::Show(frame),
            None => crate::terminal::Opening::Record,
        },
        None => crate::terminal::Opening::Plain,
    };
    let session = crate::terminal::enter_with(opening)?;
    let dossier = Arc::new(crate::bundled::load_bundled());
    if nothing_loaded(&dossier) {
        drop(session);
        return Err(refuse(&dossier));
    }
    let mut setup = Setup::new(options, &crate::state::store::DossierId::Bundled);
    setup.frame_key = slot.map(|slot| slot.key);
    let fetched = Fetched::whole(Arc::clone(&dossier));
    let (tx, rx) = mpsc::channel();
    let quit = start(session, fetched, Vec::new(), None, setup, tx, rx);
    if quit.is_ok() {
        keep_next_frame(dossier, options);
    }
    quit
}

/// Where the bundled dossier's first frame in this terminal is kept.
struct FrameSlot {
    /// The cache folder, the frame's key in it, and the terminal's size.
    cache: PathBuf,
    key: u64,
    size: ratatui::layout::Size,
}

/// The slot of the bundled dossier's first frame in this terminal, with the
/// configuration and state files as they are now; `None` without a cache
/// folder, a terminal size or a key for this build.
fn frame_slot(dirs: &crate::xdg::Dirs, top: bool) -> Option<FrameSlot> {
    let cache = dirs.cache.clone()?;
    let (width, height) = ratatui::crossterm::terminal::size().ok()?;
    let read = |path: Option<PathBuf>| path.and_then(|p| std::fs::read(p).ok());
    let config = read(dirs.config_file());
    let state_file = crate::state::store::DossierId::Bundled.file_name();
    let state = read(dirs.state.as_ref().map(|d| d.join(state_file)));
    let no_color = std::env::var_os("NO_COLOR");
    let key = crate::kept_frame::key(&crate::kept_frame::Inputs {
        width,
        height,
        top,
        no_color: no_color.as_deref(),
        today: today().map(|d| i64::from(chrono::Datelike::num_days_from_ce(&d))),
        config: config.as_deref(),
        state: state.as_deref(),
    })?;
    Some(FrameSlot {
        cache,
        key,
        size: ratatui::layout::Size { width, height },
    })
}

/// Keeps the first frame the next start on the bundled dossier will draw
/// in this terminal: built from the configuration and the state file just
/// saved, as that start will build it. Failing costs only its head start.
fn keep_next_frame(dossier: Arc<Dossier>, options: &Options) {
    let Some(slot) = frame_slot(&options.dirs(), false) else {
        return;
    };
    if crate::kept_frame::find(&slot.cache, slot.key).is_some() {
        return;
    }
    let next = Options {
        top: false,
        ..options.clone()
    };
    let setup = Setup::new(&next, &crate::state::store::DossierId::Bundled);
    let fetched = Fetched::whole(dossier);
    let first = first_app(fetched, slot.size, None, setup);
    let (app, theme) = (&first.app, &first.theme);
    if let Ok(frame) =
        crate::terminal::first_frame_bytes(slot.size, |f| crate::ui::render_with(app, theme, f))
    {
        crate::kept_frame::keep(&slot.cache, slot.key, &frame);
    }
}

/// A dossier folder not loaded within this time gets a loading screen.
const LOADING_AFTER: Duration = Duration::from_millis(50);

/// Opens the reader on the dossier in `dir`, loaded on a thread of its own.
/// A small dossier opens at once. One not loaded within
/// `LOADING_AFTER` (a large one, or one not yet in the page cache) first gets a
/// screen that says so: the quit keys work on it, and other keys typed
/// meanwhile are applied, in order, once the dossier is there.
pub fn open_dir(dir: &Path, options: &Options) -> io::Result<()> {
    let (tx, rx) = mpsc::channel();
    let (place, first) = mpsc::channel();
    load_beside(dir, "loader", tx.clone(), options.dirs().cache, Some(first))?;
    // Read while the dossier loads.
    let setup = Setup::of_folder(options, dir);
    let rows = ratatui::crossterm::terminal::size().map_or(50, |(_, h)| usize::from(h));
    let _ = place.send(FirstScreen {
        spot: setup
            .opened
            .state
            .place
            .as_ref()
            .filter(|_| !setup.top)
            .map(|p| p.here.clone()),
        rows,
        marks: setup.opened.state.seen.is_some() || setup.opened.deferred.is_some(),
        checksums: setup.opened.state.checksums,
    });
    let stopped = || io::Error::other("the loader stopped before the dossier was loaded");
    // Only the loader sends before the terminal is taken.
    let first = match rx.recv_timeout(LOADING_AFTER) {
        Ok(Msg::Loaded(Some(fetched))) => Some(fetched),
        Ok(Msg::Loaded(None)) | Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
        Ok(_) | Err(RecvTimeoutError::Timeout) => None,
    };
    if let Some(fetched) = first {
        if nothing_loaded(&fetched.dossier) {
            return Err(refuse(&fetched.dossier));
        }
        let session = enter()?;
        return start(session, fetched, Vec::new(), Some(dir), setup, tx, rx);
    }
    let mut session = enter()?;
    let folder = dossier_core::text::sanitize_line(&dir.display().to_string()).into_owned();
    let theme = setup.settings.theme(no_color());
    let keymap = setup.settings.keymap;
    let quit = keymap
        .primary(Mode::Normal, Command::Quit)
        .unwrap_or_default();
    let mut typed = Vec::new();
    let mut redraw = true;
    let fetched = loop {
        if redraw {
            session
                .terminal
                .draw(|f| crate::ui::loading(f, &folder, &theme, &quit))?;
            redraw = false;
            // Once the first frame is out; later calls do nothing.
            listen(&mut session, &tx)?;
        }
        match rx.recv() {
            Ok(Msg::Loaded(Some(fetched))) => break fetched,
            Ok(Msg::Loaded(None)) | Err(_) => return Err(stopped()),
            Ok(Msg::Signal) => return Err(interrupted()),
            Ok(Msg::InputFailed(e)) => return Err(e),
            Ok(Msg::Input(Event::Resize(..))) => redraw = true,
            Ok(Msg::Input(Event::Key(key)))
                if key.kind == KeyEventKind::Press
                    && key_of(&key).and_then(|k| keymap.lookup(Mode::Normal, k)?.command())
                        == Some(Command::Quit) =>
            {
                return Ok(());
            }
            Ok(Msg::Input(other)) => typed.push(other),
            Ok(Msg::Saved(_) | Msg::Clipboard(_) | Msg::Outcome(_)) => {}
            // Being loaded: the loader reads the folder as it is now.
            Ok(Msg::Changed | Msg::Checked | Msg::Baseline(_) | Msg::Whole(_) | Msg::Fronts(_)) => {
            }
        }
    };
    if nothing_loaded(&fetched.dossier) {
        drop(session);
        return Err(refuse(&fetched.dossier));
    }
    start(session, fetched, typed, Some(dir), setup, tx, rx)
}

/// Takes the terminal. Its input and its signals are sent to the loop once
/// [`listen`] is called, after the first frame: every thread started before
/// it delayed that frame. Keys typed meanwhile wait in the terminal, and a
/// signal is acted on when the watchdog starts (see
/// [`crate::terminal::enter`]).
fn enter() -> io::Result<crate::terminal::Session> {
    crate::terminal::enter()
}

/// Sends the terminal's input and its signals to `tx`, each from a thread
/// of its own. Calling it again does nothing.
fn listen(session: &mut crate::terminal::Session, tx: &Sender<Msg>) -> io::Result<()> {
    let signal = tx.clone();
    let started = session.watch(move || {
        let _ = signal.send(Msg::Signal);
    })?;
    if started {
        read_input(tx.clone())?;
    }
    Ok(())
}

/// How long the input thread waits for input before it looks whether it
/// is asked to stop reading: the longest a hand-over of the terminal waits.
const INPUT_POLL: Duration = Duration::from_millis(50);

/// The input thread is asked to stop reading the terminal (another program
/// has it), and says when it has.
static INPUT_PAUSED: AtomicBool = AtomicBool::new(false);
/// Whether the input thread is idle, out of any read of the terminal.
static INPUT_IDLE: Mutex<bool> = Mutex::new(false);
static INPUT_CHANGED: Condvar = Condvar::new();

fn input_idle() -> std::sync::MutexGuard<'static, bool> {
    INPUT_IDLE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Stops the input thread reading the terminal, and waits (at most a
/// second) until it is out of any read: what is typed next is another
/// program's.
fn pause_input() {
    INPUT_PAUSED.store(true, Ordering::SeqCst);
    let idle = input_idle();
    drop(INPUT_CHANGED.wait_timeout_while(idle, Duration::from_secs(1), |idle| !*idle));
}

/// Lets the input thread read the terminal again.
fn resume_input() {
    INPUT_PAUSED.store(false, Ordering::SeqCst);
    INPUT_CHANGED.notify_all();
}

/// Reads the terminal's input on a thread of its own, each event a message.
/// The thread ends when reading fails or the loop is gone. It never blocks
/// in a read: it waits for input at most [`INPUT_POLL`] at a time, so that it
/// can be paused ([`pause_input`]) while another program has the terminal.
fn read_input(tx: Sender<Msg>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                if INPUT_PAUSED.load(Ordering::SeqCst) {
                    let mut idle = input_idle();
                    *idle = true;
                    INPUT_CHANGED.notify_all();
                    while INPUT_PAUSED.load(Ordering::SeqCst) {
                        idle = INPUT_CHANGED
                            .wait_timeout(idle, INPUT_POLL)
                            .map_or_else(|e| e.into_inner().0, |(g, _)| g);
                    }
                    *idle = false;
                    continue;
                }
                let msg = match event::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => match event::read() {
                        Ok(ev) => Msg::Input(ev),
                        Err(e) => Msg::InputFailed(e),
                    },
                    Err(e) => Msg::InputFailed(e),
                };
                let failed = matches!(msg, Msg::InputFailed(_));
                if tx.send(msg).is_err() || failed {
                    return;
                }
            }
        })
        .map(drop)
}

/// Set to a number of milliseconds to make every load of [`load_beside`]
/// wait that long first: the real-terminal tests use it to see the loading
/// screen and to type during a reload. Read as each load starts; nothing else
/// looks at it.
const LOAD_DELAY_VAR: &str = "DOSSIER_TEST_LOAD_DELAY_MS";

/// Loads the dossier in `dir` on a thread named `name`, from the cache in
/// `cache` when it holds a true copy ([`crate::cache`]); the dossier arrives
/// as a [`Msg::Loaded`] (with none if the loader stops without one). A
/// dossier read from the folder is then kept in the cache, by the same
/// thread, while the reader shows it.
/// What the first screen will show, as the state tells it: the place (none
/// for the top of the first list) and the terminal's height.
struct FirstScreen {
    spot: Option<crate::state::Spot>,
    rows: usize,
    /// A revisit: the first frame shows the marks of what changed.
    marks: bool,
    /// The checksums saved with what was seen.
    checksums: Option<crate::state::seen::Checksums>,
}

/// The entries the first screen may show of `d`: the selected one (the
/// remembered, else the first of the first list), its neighbours in its
/// list within a screen's height, what its details name, and the article
/// shown.
fn first_screen(d: &Dossier, first: Option<&FirstScreen>) -> Vec<EntityRef> {
    use crate::state::ListName;
    let (spot, rows) = first.map_or((None, 50), |f| (f.spot.clone(), f.rows.max(1)));
    let list = spot.as_ref().map_or(
        if !d.events.is_empty() {
            ListName::Timeline
        } else if !d.issues.is_empty() {
            ListName::Issues
        } else {
            ListName::Articles
        },
        |s| s.list,
    );
    let selected = spot.as_ref().and_then(|s| s.entry.as_ref()?.find(d));
    let len = match list {
        ListName::Timeline => d.events.len(),
        ListName::Issues => d.issues.len(),
        ListName::Articles => d.articles.len(),
    };
    let at = match (list, selected) {
        (ListName::Timeline, Some(EntityRef::Event(e))) => e.0,
        (ListName::Issues, Some(EntityRef::Issue(i))) => i.0,
        (ListName::Articles, Some(EntityRef::Article(a))) => a.0,
        _ => spot.as_ref().map_or(0, |s| s.row),
    };
    let from = at.min(len).saturating_sub(rows);
    let to = at.saturating_add(rows).min(len);
    let mut shown: Vec<EntityRef> = (from..to)
        .map(|n| match list {
            ListName::Timeline => EntityRef::Event(EventIx(n)),
            ListName::Issues => EntityRef::Issue(IssueIx(n)),
            ListName::Articles => EntityRef::Article(ArticleIx(n)),
        })
        .collect();
    let chosen = selected.or(shown.get(at - from).copied());
    let sources = |s: &[dossier_core::content::Source]| {
        s.iter()
            .map(|s| EntityRef::Article(s.article))
            .collect::<Vec<_>>()
    };
    match chosen {
        Some(EntityRef::Event(e)) => {
            if let Some(ev) = d.events.get(e.0) {
                shown.push(EntityRef::Event(e));
                shown.extend(
                    ev.after
                        .iter()
                        .chain(&ev.before)
                        .map(|&x| EntityRef::Event(x)),
                );
                shown.extend(ev.issues.iter().map(|&i| EntityRef::Issue(i)));
                shown.extend(sources(&ev.sources));
            }
        }
        Some(EntityRef::Issue(i)) => {
            if let Some(is) = d.issues.get(i.0) {
                shown.push(EntityRef::Issue(i));
                shown.extend(is.related.iter().map(|&x| EntityRef::Issue(x)));
                shown.extend(is.events.iter().map(|&e| EntityRef::Event(e)));
                shown.extend(sources(&is.sources));
                for p in &is.positions {
                    shown.extend(sources(&p.sources));
                }
            }
        }
        Some(EntityRef::Article(a)) => shown.push(EntityRef::Article(a)),
        None => {}
    }
    if let Some(s) = &spot {
        if let Some(a) = s.article.as_deref().and_then(|id| d.find_article(id)) {
            shown.push(EntityRef::Article(a));
        }
        if let Some(by) = s.passage.as_ref().and_then(|p| p.by.find(d)) {
            shown.push(by);
        }
    }
    shown.sort_unstable();
    shown.dedup();
    shown
}

/// How long the loader waits for the first frame before its work behind
/// it starts anyway.
const FRAME_WAIT: Duration = Duration::from_secs(1);

fn load_beside(
    dir: &Path,
    name: &str,
    tx: Sender<Msg>,
    cache: Option<PathBuf>,
    first: Option<Receiver<FirstScreen>>,
) -> io::Result<()> {
    let delay = crate::test_hooks::var(LOAD_DELAY_VAR)
        .and_then(|v| v.parse().ok())
        .map_or(Duration::ZERO, Duration::from_millis);
    let dir = dir.to_path_buf();
    let waits_for_frame = first.is_some();
    let min = crate::test_hooks::var(PREVIEW_MIN_VAR)
        .and_then(|v| v.parse().ok())
        .unwrap_or(PREVIEW_MIN_ENTRIES);
    std::thread::Builder::new()
        .name(name.into())
        .spawn(move || {
            std::thread::sleep(delay);
            let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match first {
                // The first screen's files are compared before it is drawn,
                // the others behind it; with no true copy, a large folder
                // is previewed and read whole behind the first frame.
                Some(first) => {
                    let screen = std::cell::OnceCell::new();
                    let screen = || screen.get_or_init(|| first.recv().ok()).as_ref();
                    let focus = || focus_of(screen());
                    crate::cache::load_first_or_preview(
                        &dir,
                        cache.as_deref(),
                        |d| crate::cache::First {
                            marks: screen().is_some_and(|f| f.marks),
                            checksums: screen().and_then(|f| f.checksums),
                            shown: first_screen(d, screen()),
                        },
                        Some((min, &focus)),
                    )
                }
                None => crate::cache::load(&dir, cache.as_deref()),
            }));
            let Ok(mut loaded) = loaded else {
                let _ = tx.send(Msg::Loaded(None));
                return;
            };
            if let Some(rest) = loaded.rest.take() {
                read_behind(&dir, loaded.dossier, rest, cache, &tx);
                return;
            }
            let dossier = Arc::new(loaded.dossier);
            let texts = loaded.texts;
            let unchecked = loaded.unchecked;
            // (What was seen, when nothing changed since and it was left
            // unread, is made from them as a first visit's baseline is.)
            let records_later = unchecked.is_some() && loaded.records.is_none();
            let file = cache.as_deref().map(|c| crate::cache::file_for(c, &dir));
            let keep = cache.zip(loaded.keep);
            // Counted before the reader has the dossier, so a quit that
            // follows at once still waits for the copy.
            if keep.is_some() {
                *keeping() += 1;
            }
            let (drawn, frame_out) = waits_for_frame.then(mpsc::channel).unzip();
            let _ = tx.send(Msg::Loaded(Some(Fetched {
                dossier: Arc::clone(&dossier),
                cached: loaded.cached,
                records: loaded.records,
                seen_unchanged: loaded.seen_unchanged,
                baseline_coming: records_later,
                checking: unchecked.is_some(),
                drawn,
                reading: None,
                completes: false,
                datings: loaded.datings,
            })));
            // Behind the first frame, not beside it (a reader that never
            // draws drops its end, and this goes on at once).
            if let Some(out) = frame_out {
                let _ = out.recv_timeout(FRAME_WAIT);
            }
            if let Some(unchecked) = unchecked {
                // A file that differs from the copy: the folder is read again.
                let _ = tx.send(if unchecked.holds(&dir, &dossier) {
                    Msg::Checked
                } else {
                    Msg::Changed
                });
                // A baseline of what was seen is made from them, here
                // rather than on the reader's thread (at 100,000 entries it
                // takes a tenth of a second or more), and from the dossier
                // if they cannot be read: the reader waits for it.
                if records_later {
                    let baseline = match unchecked.records(&dossier) {
                        Ok(records) => crate::state::seen::baseline_from(&dossier, records),
                        Err(_) => crate::state::seen::baseline(&dossier),
                    };
                    let _ = tx.send(Msg::Baseline(baseline));
                }
            }
            // The articles' texts a copy from the cache left in its file
            // are read behind the first frame; one that does not match
            // drops the copy, and the folder is read again.
            if let (Some(texts), Some(file)) = (texts, file)
                && !crate::cache::read_texts(&dossier, &texts, &file)
            {
                let _ = tx.send(Msg::Changed);
            }
            if let Some((cache, stamps)) = keep {
                keep_copy(&cache, &dir, &stamps, &dossier);
            }
        })
        .map(drop)
}

/// Below this many event and issue files, a folder with no true copy in
/// the cache is read whole before the first frame: it takes a few tens of
/// milliseconds at most, and a preview would save little of it.
const PREVIEW_MIN_ENTRIES: usize = 2_000;
/// A test hook (debug builds only): the fewest entry files a preview is
/// made for, so that the tests can preview a small dossier.
pub const PREVIEW_MIN_VAR: &str = "DOSSIER_TEST_PREVIEW_MIN";
/// A test hook (debug builds only): how long the whole load behind a
/// preview waits before it starts, in milliseconds, so that the tests can
/// see the preview.
pub const REST_DELAY_VAR: &str = "DOSSIER_TEST_REST_DELAY_MS";

/// Sends a preview, then reads the whole folder behind its first frame
/// (counting the files read, which the status line shows) and sends it to
/// take the preview's place; then keeps it in the cache.
fn read_behind(
    dir: &Path,
    preview: Dossier,
    mut rest: crate::cache::Rest,
    cache: Option<PathBuf>,
    tx: &Sender<Msg>,
) {
    let progress = Arc::new(dossier_core::content::Progress::default());
    let (drawn, frame_out) = mpsc::channel();
    let reading = crate::app::Reading::new(rest.whole.clone(), rest.files, Arc::clone(&progress));
    let _ = tx.send(Msg::Loaded(Some(Fetched {
        drawn: Some(drawn),
        reading: Some(reading),
        ..Fetched::whole(Arc::new(preview))
    })));
    let _ = frame_out.recv_timeout(FRAME_WAIT);
    // The articles' titles and outlets the first frame did not wait for.
    let fronts = std::mem::take(&mut rest.fronts);
    if !fronts.is_empty() {
        let _ = tx.send(Msg::Fronts(fronts.glance()));
    }
    if let Some(ms) = crate::test_hooks::var(REST_DELAY_VAR).and_then(|v| v.parse().ok()) {
        std::thread::sleep(Duration::from_millis(ms));
    }
    let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::cache::read_rest(dir, rest, progress)
    }));
    let Ok(loaded) = loaded else {
        let _ = tx.send(Msg::Loaded(None));
        return;
    };
    let dossier = Arc::new(loaded.dossier);
    let keep = cache.zip(loaded.keep);
    if keep.is_some() {
        *keeping() += 1;
    }
    let _ = tx.send(Msg::Loaded(Some(Fetched {
        completes: true,
        ..Fetched::whole(Arc::clone(&dossier))
    })));
    if let Some((cache, stamps)) = keep {
        keep_copy(&cache, dir, &stamps, &dossier);
    }
}

/// Writes the copy of a dossier read from its folder into the cache (it
/// only costs the next start its speed if it fails), and says it is done.
fn keep_copy(cache: &Path, dir: &Path, stamps: &dossier_core::content::stamp::Stamps, d: &Dossier) {
    let _ = crate::cache::keep(cache, dir, stamps, d);
    *keeping() -= 1;
    KEPT.notify_all();
}

/// What a preview reads whole for the first screen, from the place the
/// state remembers.
fn focus_of(first: Option<&FirstScreen>) -> dossier_core::content::Focus {
    use crate::state::{EntryKind, ListName};
    use dossier_core::content::{Focus, List};
    let list_of = |k: EntryKind| match k {
        EntryKind::Event => List::Timeline,
        EntryKind::Issue => List::Issues,
        EntryKind::Article => List::Articles,
    };
    let Some(spot) = first.and_then(|f| f.spot.as_ref()) else {
        return Focus::default();
    };
    Focus {
        list: match spot.list {
            ListName::Timeline => List::Timeline,
            ListName::Issues => List::Issues,
            ListName::Articles => List::Articles,
        },
        entry: spot.entry.as_ref().map(|e| (list_of(e.kind), e.id.clone())),
        row: spot.row,
        article: spot.article.clone(),
        citer: spot
            .passage
            .as_ref()
            .map(|p| (list_of(p.by.kind), p.by.id.clone())),
    }
}

/// Prints the problems of a dossier with nothing to read and says why the
/// reader does not start.
fn refuse(dossier: &Dossier) -> io::Error {
    let mut err = io::stderr().lock();
    for p in &dossier.problems {
        let _ = writeln!(
            err,
            "{}",
            dossier_core::text::sanitize_multiline(&p.to_string())
        );
    }
    let n = dossier.problems.len();
    io::Error::other(format!(
        "nothing could be loaded from the dossier ({})",
        dossier_core::text::count(n, "problem")
    ))
}

fn interrupted() -> io::Error {
    io::Error::new(io::ErrorKind::Interrupted, "stopped by a signal")
}

/// NO_COLOR set to anything but the empty string.
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Set to `panic` or `error` to make the reader fail right after its first
/// frame: the real-terminal tests use it to prove the terminal is restored in
/// both cases. Read once; nothing else looks at it.
const FAULT_VAR: &str = "DOSSIER_TEST_FAULT";

/// The reader at work: the state, the terminal, and what the loop keeps
/// for the effects it carries out.
struct Reader<'a> {
    app: App,
    session: crate::terminal::Session,
    /// Where the dossier was read from, for `R` (none for the bundled one).
    folder: Option<&'a Path>,
    /// Where copies of loaded dossiers are kept, for reloads too.
    cache: Option<PathBuf>,
    /// A reload is under way.
    reloading: bool,
    /// Another reload was asked for while one was under way: it starts
    /// when that one is done, so that it reads what changed meanwhile.
    again: bool,
    tx: Sender<Msg>,
    theme: crate::ui::theme::Theme,
    /// Writes the state, when it can be kept: started after the first
    /// frame, or at the first save if that comes sooner ([`Reader::saver`]).
    saver: Option<crate::state::saver::Saver>,
    /// Where the state is kept, until the saver is started.
    store: Option<crate::state::store::Store>,
    /// Input, signals, the saver and the folder's watch are taken care of
    /// ([`Reader::listen`]).
    listening: bool,
    /// The folder's watch, while it runs.
    watch: Option<crate::watch::Watch>,
    /// The folder is to be watched (it starts with [`Reader::listen`]).
    watching: bool,
    /// The reload under way is the reader's own (the folder changed, or
    /// after the editor): it says only what changed.
    quiet: bool,
    /// The reload asked for while one was under way was asked by `R`.
    again_loud: bool,
    /// The key to keep the first frame under for the next start, in
    /// `cache`, until it is drawn ([`crate::kept_frame`]).
    frame_key: Option<u64>,
    /// Told once the first frame is out ([`Fetched::drawn`]).
    drawn: Option<Sender<()>>,
}

/// What the loop does after an action.
enum Flow {
    Go,
    Stop(Exit),
}

/// What a start builds before its first frame, from the dossier and the
/// setup.
struct FirstApp {
    app: App,
    theme: crate::ui::theme::Theme,
    store: Option<crate::state::store::Store>,
    watch: bool,
    cache: Option<PathBuf>,
    frame_key: Option<u64>,
    drawn: Option<Sender<()>>,
}

/// The reader's state as a start builds it: the same for a real start and
/// for the frame kept for the next one ([`keep_next_frame`]).
fn first_app(
    fetched: Fetched,
    size: ratatui::layout::Size,
    folder: Option<&Path>,
    setup: Setup,
) -> FirstApp {
    let Setup {
        settings,
        mut opened,
        top,
        watch,
        cache,
        frame_key,
    } = setup;
    let Fetched {
        dossier,
        cached,
        records,
        seen_unchanged,
        baseline_coming,
        checking,
        drawn,
        reading,
        completes: _,
        datings,
    } = fetched;
    let mut app = App::new_dated(dossier, size.width, size.height, datings.as_ref())
        .with_monochrome(no_color())
        .with_keymap(settings.keymap)
        .with_whole_words(settings.whole_words)
        .with_today(today());
    if let Some(reading) = reading {
        app = app.with_reading(reading);
    }
    if let Some(dir) = folder {
        app = app.with_folder(dir);
        app.set_from_cache(cached);
        app.set_checking(checking);
    }
    // What was seen, left unread: not wanted when nothing changed since
    // (the loader found its checksums in the copy that served), when it
    // stands for each entry's record as it is now.
    if let Some(deferred) = opened.deferred.take()
        && !seen_unchanged
    {
        match deferred.read() {
            Ok(seen) => opened.state.seen = seen,
            Err(said) => {
                opened.state.seen = None;
                opened.state.checksums = None;
                opened.warning = Some(match said {
                    Ok(moved) => moved,
                    // Not moved aside: not written over either.
                    Err(why) => {
                        opened.store = None;
                        format!("The reader cannot remember your place: {why}")
                    }
                });
            }
        }
    }
    let store = opened.store;
    if store.is_some() {
        app = app.remember_with(opened.state, top, records, seen_unchanged);
        if baseline_coming {
            app.expect_baseline();
        }
    }
    // Said once, on the status line: a state file moved aside, a home that
    // cannot be written, a configuration with problems.
    let notice = [opened.warning, settings.summary()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
    if !notice.is_empty() {
        app = app.with_notice(notice.join(" · "));
    }
    FirstApp {
        app,
        theme: settings.theme(no_color()),
        store,
        watch,
        cache,
        frame_key,
        drawn,
    }
}

/// Runs the reader in a terminal already taken, after applying the input
/// events that arrived before the dossier was there.
fn start(
    session: crate::terminal::Session,
    fetched: Fetched,
    typed: Vec<Event>,
    folder: Option<&Path>,
    setup: Setup,
    tx: Sender<Msg>,
    rx: Receiver<Msg>,
) -> io::Result<()> {
    let size = session.terminal.size()?;
    let FirstApp {
        app,
        theme,
        store,
        watch,
        cache,
        frame_key,
        drawn,
    } = first_app(fetched, size, folder, setup);
    // A preview's whole dossier is on its way, as a reload's would be.
    let reloading = app.reading().is_some();
    let mut r = Reader {
        app,
        session,
        folder,
        cache,
        reloading,
        again: false,
        tx,
        theme,
        saver: None,
        store,
        listening: false,
        watch: None,
        watching: watch,
        quiet: false,
        again_loud: false,
        frame_key,
        drawn,
    };
    let mut early = None;
    for ev in &typed {
        if let Some(action) = to_action(&r.app, ev)
            && let Flow::Stop(exit) = r.apply(action)?
        {
            early = Some(stopped(exit));
            break;
        }
    }
    let result = match early {
        Some(result) => result,
        None => r.run(&rx),
    };
    r.save_now();
    drop(r);
    keeping_done(LAST_SAVE);
    result
}

/// How many copies of a loaded dossier are being written to the cache, so
/// that quitting waits for them (a moment) rather than leaving half a file.
static KEEPING: Mutex<usize> = Mutex::new(0);
static KEPT: Condvar = Condvar::new();

fn keeping() -> std::sync::MutexGuard<'static, usize> {
    KEEPING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Waits until no copy is being written, or `limit`.
fn keeping_done(limit: Duration) {
    drop(KEPT.wait_timeout_while(keeping(), limit, |n| *n > 0));
}

/// How long quitting waits for the last save.
const LAST_SAVE: Duration = Duration::from_secs(2);

fn stopped(exit: Exit) -> io::Result<()> {
    match exit {
        Exit::Quit => Ok(()),
        Exit::Signal => Err(interrupted()),
    }
}

impl Reader<'_> {
    fn draw(&mut self) -> io::Result<()> {
        let (app, theme) = (&self.app, &self.theme);
        self.session
            .terminal
            .draw(|f| crate::ui::render_with(app, theme, f))
            .map(drop)
    }

    /// Starts the folder's watch. Where it cannot start, says so once, and
    /// returns false; R still works.
    fn start_watch(&mut self) -> bool {
        let Some(dir) = self.folder else {
            return true;
        };
        let changed = self.tx.clone();
        match crate::watch::start(dir, move |_| {
            let _ = changed.send(Msg::Changed);
        }) {
            Ok(w) => {
                self.watch = Some(w);
                true
            }
            Err(why) => {
                self.app.add_notice(format!(
                    "Not watching the folder ({}): R reloads",
                    dossier_core::text::sanitize_line(&why)
                ));
                false
            }
        }
    }

    /// The dossier the state is saved with, for the checksums of what was
    /// seen: the one shown, when it is whole (a preview's entries are not
    /// what they will be).
    fn seen_in(&self) -> Option<Arc<Dossier>> {
        self.app
            .reading()
            .is_none()
            .then(|| self.app.shared_dossier())
    }

    /// Saves the state as it is and waits (a little) for it to be written:
    /// on quitting, and on a terminating signal.
    fn save_now(&mut self) {
        // A saver that cannot start now leaves the state as it was.
        if !matches!(self.saver(), Ok(Some(_))) {
            return;
        }
        let state = self.app.state();
        let seen_in = self.seen_in();
        if let Some(saver) = &self.saver {
            saver.save(state, seen_in);
            saver.flush(LAST_SAVE);
        }
    }

    /// The saver, started if it was not.
    fn saver(&mut self) -> io::Result<Option<&crate::state::saver::Saver>> {
        if let Some(store) = self.store.take() {
            let report = self.tx.clone();
            self.saver = Some(crate::state::saver::Saver::start(store, move |result| {
                let _ = report.send(Msg::Saved(result));
            })?);
        }
        Ok(self.saver.as_ref())
    }

    /// Keeps the first frame for the next start, where it is to be kept
    /// and was not already (see [`crate::terminal::Opening`]).
    fn first_drawn(&mut self) -> io::Result<()> {
        if let Some(drawn) = self.drawn.take() {
            let _ = drawn.send(());
        }
        if let Some(frame) = self.session.first_frame_done()?
            && let (Some(key), Some(cache)) = (self.frame_key.take(), &self.cache)
        {
            crate::kept_frame::keep(cache, key, &frame);
        }
        Ok(())
    }

    /// What waits for the first frame: reading input and signals, the
    /// saver's thread and the folder's watch. Every thread started before
    /// that frame delayed it. True when the status line has something new
    /// to say (a watch that could not start), to draw again.
    fn listen(&mut self) -> io::Result<bool> {
        if self.listening {
            return Ok(false);
        }
        self.listening = true;
        listen(&mut self.session, &self.tx)?;
        self.saver()?;
        Ok(self.watching && !self.start_watch())
    }

    /// The loop: draw, then wait on the channel for the next message (or,
    /// while a search runs, let it scan when none is there).
    fn run(&mut self, rx: &Receiver<Msg>) -> io::Result<()> {
        let mut fault = crate::test_hooks::var(FAULT_VAR);
        loop {
            self.draw()?;
            // The first time only; later calls do nothing.
            self.first_drawn()?;
            let said = self.listen()?;
            match fault.take().as_deref() {
                // A test hook (debug builds only): proves the terminal is restored after a panic.
                #[allow(clippy::panic)]
                Some("panic") => panic!("{FAULT_VAR}=panic"),
                Some("error") => return Err(io::Error::other(format!("{FAULT_VAR}=error"))),
                _ => {}
            }
            if said {
                continue;
            }
            let mut drawn = Instant::now();
            let first = loop {
                // What waits on time (an entry read by dwelling, a save).
                let deadline = self.app.deadline();
                if deadline.is_some_and(|t| t <= Instant::now()) {
                    break None;
                }
                if !crate::app::busy(&self.app) {
                    let msg = match deadline {
                        None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
                        Some(t) => rx.recv_timeout(t.saturating_duration_since(Instant::now())),
                    };
                    match msg {
                        Ok(msg) => break Some(msg),
                        Err(RecvTimeoutError::Timeout) => break None,
                        Err(RecvTimeoutError::Disconnected) => {
                            return Err(io::Error::other("the reader's channel closed"));
                        }
                    }
                }
                match rx.try_recv() {
                    Ok(msg) => break Some(msg),
                    Err(TryRecvError::Disconnected) => {
                        return Err(io::Error::other("the reader's channel closed"));
                    }
                    Err(TryRecvError::Empty) => {}
                }
                if let Flow::Stop(exit) = self.apply(Action::Work)? {
                    return stopped(exit);
                }
                if !crate::app::busy(&self.app) || drawn.elapsed() >= FRAME {
                    self.draw()?;
                    drawn = Instant::now();
                }
            };
            let Some(first) = first else {
                if let Flow::Stop(exit) = self.apply(Action::Tick(Instant::now()))? {
                    return stopped(exit);
                }
                continue;
            };
            // Handle everything already waiting before drawing again;
            // consecutive resizes collapse into the last one.
            let mut resize = None;
            let mut next = Some(first);
            let mut handled = 0;
            while let Some(msg) = next.take() {
                let flow = match msg {
                    Msg::Input(Event::Resize(width, height)) => {
                        resize = Some(Action::Resize { width, height });
                        Flow::Go
                    }
                    other => {
                        if let Some(r) = resize.take()
                            && let Flow::Stop(exit) = self.apply(r)?
                        {
                            return stopped(exit);
                        }
                        self.message(other)?
                    }
                };
                if let Flow::Stop(exit) = flow {
                    return stopped(exit);
                }
                handled += 1;
                if handled < BATCH {
                    next = rx.try_recv().ok();
                }
            }
            if let Some(r) = resize
                && let Flow::Stop(exit) = self.apply(r)?
            {
                return stopped(exit);
            }
        }
    }

    fn message(&mut self, msg: Msg) -> io::Result<Flow> {
        match msg {
            Msg::Input(ev) => match to_action(&self.app, &ev) {
                Some(action) => self.apply(action),
                None => Ok(Flow::Go),
            },
            Msg::InputFailed(e) => Err(e),
            Msg::Loaded(loaded) => {
                self.reloading = false;
                if let Some(f) = &loaded {
                    self.app.set_from_cache(f.cached);
                    self.app.set_checking(f.checking);
                }
                let flow = self.apply(Action::Reload(match loaded {
                    Some(f) if f.completes => Reload::Completed(f.dossier),
                    Some(f) if self.quiet => Reload::Watched(f.dossier),
                    Some(f) => Reload::Done(f.dossier),
                    None => Reload::Failed,
                }))?;
                if std::mem::take(&mut self.again) && matches!(flow, Flow::Go) {
                    let loud = std::mem::take(&mut self.again_loud);
                    self.reload(loud)?;
                }
                Ok(flow)
            }
            Msg::Checked => {
                self.app.set_checking(false);
                Ok(Flow::Go)
            }
            Msg::Baseline(seen) => {
                self.app.set_baseline(seen);
                Ok(Flow::Go)
            }
            Msg::Whole(patch) => self.apply(Action::Whole(patch)),
            Msg::Fronts(fronts) => self.apply(Action::Fronts(fronts)),
            Msg::Changed => {
                self.app.set_checking(false);
                if let Some(w) = &mut self.watch {
                    w.renew();
                }
                self.reload(false)?;
                Ok(Flow::Go)
            }
            Msg::Signal => self.apply(Action::Signal),
            Msg::Saved(result) => self.apply(Action::Saved(result)),
            Msg::Clipboard(delivery) => {
                let mut notice = delivery.notice;
                if let Some(seq) = delivery.write
                    && let Err(e) = self.session.write_sequence(&seq)
                {
                    notice = format!(
                        "Nothing reached the clipboard: writing to the terminal failed: {e}"
                    );
                }
                self.apply(Action::Outcome(notice))
            }
            Msg::Outcome(said) => self.apply(Action::Outcome(said)),
        }
    }

    /// Applies an action and carries out its effects, reporting back what
    /// came of them as further actions.
    fn apply(&mut self, action: Action) -> io::Result<Flow> {
        let mut queue = VecDeque::from([action]);
        while let Some(action) = queue.pop_front() {
            for effect in update(&mut self.app, action) {
                match effect {
                    Effect::Copy { text, what } => queue.extend(self.copy(text, what)),
                    Effect::Open(url) => queue.push_back(Action::Outcome(self.open_url(&url))),
                    Effect::Reload => queue.push_back(Action::Reload(self.reload(true)?)),
                    Effect::Exit(exit) => return Ok(Flow::Stop(exit)),
                    Effect::Save(state) => {
                        let seen_in = self.seen_in();
                        if let Some(saver) = self.saver()? {
                            saver.save(*state, seen_in);
                        }
                    }
                    Effect::Edit(place) => queue.extend(self.edit(&place)?),
                    Effect::Append(append) => {
                        let said = self.append(&append)?;
                        queue.push_back(Action::Outcome(said));
                    }
                    Effect::ReadWhole(entries) => self.read_whole(entries)?,
                }
            }
        }
        Ok(Flow::Go)
    }

    /// Reads entries of the preview shown whole, on a thread of its own,
    /// ahead of the rest of the folder the loader is reading; a
    /// [`Msg::Whole`] brings them.
    fn read_whole(&mut self, entries: Vec<EntityRef>) -> io::Result<()> {
        let Some(dir) = self.folder else {
            return Ok(());
        };
        let dir = dir.to_path_buf();
        let dossier = self.app.shared_dossier();
        let tx = self.tx.clone();
        std::thread::Builder::new()
            .name("ahead".into())
            .spawn(move || {
                let patch = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    dossier_core::content::read_whole(&dir, &dossier, &entries)
                }));
                // Let go of the preview before it is patched, so that it is
                // patched in place rather than copied.
                drop(dossier);
                if let Ok(patch) = patch {
                    let _ = tx.send(Msg::Whole(patch));
                }
            })
            .map(drop)
    }

    /// Finds the clipboard's way on a thread of its own (a clipboard program
    /// or tmux may be slow to answer); a [`Msg::Clipboard`] reports.
    fn copy(&mut self, text: String, what: &'static str) -> Option<Action> {
        let tx = self.tx.clone();
        let env = crate::system::Env::from_process();
        std::thread::Builder::new()
            .name("clipboard".into())
            .spawn(move || {
                let delivery = crate::system::clipboard::deliver(&env, &text, what);
                let _ = tx.send(Msg::Clipboard(delivery));
            })
            .err()
            .map(|e| Action::Outcome(format!("Nothing was copied: {e}")))
    }

    /// Hands a URL to the system's opener and says what became of it; an
    /// opener that fails later reports with a [`Msg::Outcome`].
    fn open_url(&mut self, url: &str) -> String {
        use crate::system::opener::{Refused, open};
        let shown = dossier_core::text::sanitize_line(url).into_owned();
        let tx = self.tx.clone();
        let later = shown.clone();
        let done = move |result: Result<(), String>| {
            if let Err(why) = result {
                let _ = tx.send(Msg::Outcome(format!("Could not open {later}: {why}")));
            }
        };
        match open(&crate::system::Env::from_process(), url, done) {
            Ok(opener) => format!("Opening {shown} with {opener}"),
            Err(Refused::Scheme) => {
                format!("Not opened: only http and https URLs are opened, and this one is {shown}")
            }
            Err(Refused::NoOpener(name)) => {
                format!("No opener found ({name} is not on PATH): the URL is {shown}")
            }
            Err(Refused::Failed(why)) => format!("Could not open {shown}: {why}"),
        }
    }

    /// Hands the terminal to the curator's editor on `place` and waits for
    /// it; then takes the terminal back (the next frame redraws it all) and
    /// reloads, keeping the place. Input is not read meanwhile: every key is
    /// the editor's. A reload under way, or one the folder's watch asks
    /// for, waits in the channel until the editor is done.
    fn edit(&mut self, place: &crate::app::OpenAt) -> io::Result<Vec<Action>> {
        use crate::system::editor;
        let Some(dir) = self.folder else {
            return Ok(vec![Action::Outcome(
                "The bundled dossier is built into the program and cannot be edited".into(),
            )]);
        };
        let path = dir.join(&place.file);
        let env = crate::system::Env::from_process();
        let shown = dossier_core::text::sanitize_line(&place.file).into_owned();
        // An editor that cannot be found leaves the screen alone.
        if let Err(why) = editor::invocation(&env, &path, place.line, place.column) {
            return Ok(vec![Action::Outcome(format!("{shown} not opened: {why}"))]);
        }
        pause_input();
        let ran = self
            .session
            .hand_over(|| editor::run(&env, &path, place.line, place.column));
        resume_input();
        Ok(match ran? {
            Ok(name) => {
                self.reload(false)?;
                vec![Action::Outcome(format!("{shown}: back from {name}"))]
            }
            // Said, and left on the status line: R reloads what it saved.
            Err(why) => vec![Action::Outcome(format!(
                "{shown}: {why}; the reader goes on (R reloads)"
            ))],
        })
    }

    /// Adds a source to an entry's file: only if the file holds what the
    /// dossier shown was read from (compared by content, not by time), edited
    /// so that every other byte stays, checked, and written through the one
    /// atomic writer, which looks at the file once more just before the
    /// rename. Then the reader reloads by itself. Says what came of it.
    fn append(&mut self, a: &crate::app::Append) -> io::Result<String> {
        let Some(dir) = self.folder else {
            return Ok(
                "The bundled dossier is built into the program and cannot be changed".into(),
            );
        };
        let shown = dossier_core::text::sanitize_line(&a.file).into_owned();
        let path = dir.join(&a.file);
        use crate::curate::Refused;
        match crate::curate::append_to_file(&path, &a.block, a.side.as_deref(), a.read_as) {
            Ok(()) => {}
            Err(Refused::Changed) => {
                return Ok(format!(
                    "{shown} changed on disk since it was read: nothing was written. R reloads it, then add the source again"
                ));
            }
            Err(Refused::Edit(e)) => return Ok(format!("{shown}: {e}; nothing was written")),
            Err(Refused::Io(e)) => {
                return Ok(format!(
                    "{shown} could not be written: {e}; it is as it was"
                ));
            }
        }
        self.reload(false)?;
        Ok(format!("Added the source to {} ({shown})", a.name))
    }

    /// Starts reading the dossier again from its folder, on a thread of its
    /// own: the reader goes on meanwhile, on the dossier it has. `loud` for
    /// `R`; the reader's own reloads (the folder changed, the editor is
    /// done) say only what changed. One asked for while another is under way
    /// starts when it is done, so that it reads what changed meanwhile.
    fn reload(&mut self, loud: bool) -> io::Result<Reload> {
        let Some(dir) = self.folder else {
            return Ok(Reload::Bundled);
        };
        if self.reloading {
            self.again = true;
            self.again_loud |= loud;
            return Ok(Reload::Busy);
        }
        load_beside(dir, "reloader", self.tx.clone(), self.cache.clone(), None)?;
        self.reloading = true;
        self.quiet = !loud;
        Ok(Reload::Started)
    }
}

/// A key press as the reader's own [`Key`]: the one place the terminal's
/// key events become it. Shift is in the character (`G`) and Shift-Tab is a
/// key of its own, so only Ctrl and Alt are kept; a key the reader has no
/// name for (Caps Lock, a media key) is none.
pub fn key_of(key: &KeyEvent) -> Option<Key> {
    use ratatui::crossterm::event::{KeyCode as K, KeyModifiers as M};
    let code = match key.code {
        K::Char(c) => KeyCode::Char(c),
        K::F(n) => KeyCode::F(n),
        K::Enter => KeyCode::Enter,
        K::Esc => KeyCode::Esc,
        K::Tab => KeyCode::Tab,
        K::BackTab => KeyCode::BackTab,
        K::Backspace => KeyCode::Backspace,
        K::Up => KeyCode::Up,
        K::Down => KeyCode::Down,
        K::Left => KeyCode::Left,
        K::Right => KeyCode::Right,
        K::PageUp => KeyCode::PageUp,
        K::PageDown => KeyCode::PageDown,
        K::Home => KeyCode::Home,
        K::End => KeyCode::End,
        K::Insert => KeyCode::Insert,
        K::Delete => KeyCode::Delete,
        _ => return None,
    };
    let mods = Mods {
        ctrl: key.modifiers.contains(M::CONTROL),
        alt: key.modifiers.contains(M::ALT),
    };
    Some(Key::new(code, mods))
}

/// The action an input event means, if any.
pub fn to_action(app: &App, ev: &Event) -> Option<Action> {
    match ev {
        Event::Key(key) if key.kind == KeyEventKind::Press => {
            app.keymap().lookup(app.mode(), key_of(key)?)
        }
        Event::Mouse(MouseEvent {
            kind, column, row, ..
        }) => match kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click {
                column: *column,
                row: *row,
            }),
            MouseEventKind::Drag(MouseButton::Left) => Some(Action::Drag {
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

/// Today's date from the system clock (UTC), for the timeline picture's
/// mark of today; tests give the app a date of their own.
fn today() -> Option<chrono::NaiveDate> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    chrono::NaiveDate::from_ymd_opt(1970, 1, 1)?.checked_add_days(chrono::Days::new(secs / 86_400))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{EntryId, EntryKind, ListName, Spot};

    fn spot(list: ListName, kind: EntryKind, id: &str) -> Spot {
        Spot {
            list,
            entry: Some(EntryId {
                kind,
                id: id.to_string(),
            }),
            ..Spot::default()
        }
    }

    /// What the first screen shows of `d` at `spot`, `rows` high.
    fn screen(d: &Dossier, spot: Option<Spot>, rows: usize) -> Vec<EntityRef> {
        first_screen(
            d,
            Some(&FirstScreen {
                spot,
                rows,
                marks: false,
                checksums: None,
            }),
        )
    }

    #[test]
    fn the_first_screen_is_the_remembered_entry_its_neighbours_and_what_it_names() {
        let d = crate::bundled::load_bundled();
        let n = d.events.len();
        assert!(n > 8, "the bundled dossier has {n} events");
        // No place: the top of the timeline, within a screen's height.
        let top = screen(&d, None, 3);
        for i in 0..3 {
            assert!(top.contains(&EntityRef::Event(EventIx(i))));
        }
        assert!(!top.contains(&EntityRef::Event(EventIx(n - 1))));
        for s in &d.events[0].sources {
            assert!(top.contains(&EntityRef::Article(s.article)));
        }
        // A remembered event at the end: it, the rows above it, its
        // articles and issues, and not the top of the list.
        let last = &d.events[n - 1];
        let at_end = screen(
            &d,
            Some(spot(ListName::Timeline, EntryKind::Event, &last.id)),
            3,
        );
        for i in n - 3..n {
            assert!(at_end.contains(&EntityRef::Event(EventIx(i))));
        }
        assert!(!at_end.contains(&EntityRef::Event(EventIx(0))));
        for s in &last.sources {
            assert!(at_end.contains(&EntityRef::Article(s.article)));
        }
        for i in &last.issues {
            assert!(at_end.contains(&EntityRef::Issue(*i)));
        }
        // A remembered issue: its list, and what it names.
        let issue = &d.issues[0];
        let shown = screen(
            &d,
            Some(spot(ListName::Issues, EntryKind::Issue, &issue.id)),
            40,
        );
        assert!(shown.contains(&EntityRef::Issue(IssueIx(0))));
        for e in &issue.events {
            assert!(shown.contains(&EntityRef::Event(*e)));
        }
        // An entry that is gone: its row is kept, and nothing panics.
        let gone = screen(
            &d,
            Some(Spot {
                row: n + 10,
                ..spot(ListName::Timeline, EntryKind::Event, "no-such-event")
            }),
            2,
        );
        assert!(gone.contains(&EntityRef::Event(EventIx(n - 1))));
        // Nothing known: the top, at a default height.
        assert!(first_screen(&d, None).contains(&EntityRef::Event(EventIx(0))));
    }

    #[test]
    fn a_preview_reads_whole_what_the_remembered_place_shows() {
        use dossier_core::content::{Focus, List};
        assert_eq!(focus_of(None), Focus::default());
        let mut place = spot(ListName::Issues, EntryKind::Issue, "wages");
        place.row = 4;
        place.article = Some("variety-deal".into());
        place.passage = Some(crate::state::PassageRef {
            by: EntryId {
                kind: EntryKind::Event,
                id: "deal".into(),
            },
            side: None,
            source: 0,
        });
        let first = FirstScreen {
            spot: Some(place),
            rows: 40,
            marks: false,
            checksums: None,
        };
        assert_eq!(
            focus_of(Some(&first)),
            Focus {
                list: List::Issues,
                entry: Some((List::Issues, "wages".into())),
                row: 4,
                article: Some("variety-deal".into()),
                citer: Some((List::Timeline, "deal".into())),
            }
        );
        // At the top: the first entry of the first list.
        let top = FirstScreen {
            spot: None,
            rows: 40,
            marks: true,
            checksums: None,
        };
        assert_eq!(focus_of(Some(&top)), Focus::default());
    }
}
