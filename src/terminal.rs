//! Entering and leaving the terminal: raw mode, the alternate screen and mouse
//! capture, undone on quit, on error, on panic, and on SIGTERM, SIGHUP or SIGINT;
//! and handing it to another program (the curator's editor) and back.
//!
//! Entering starts no thread: the signals are caught from the start, and the
//! threads that wait for them and watch for a hang-up are started by
//! [`Session::watch`], which the reader calls once its first frame is out.
//! Every thread started before that frame delayed it (a thread handed to the
//! other core can take milliseconds to get going on a virtual machine).

use std::io::{self, Stdout, Write, stdout};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{execute, queue};
use ratatui::layout::{Position, Size};
use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

/// The terminal while the reader owns it; dropping it gives the terminal back.
pub struct Session {
    pub terminal: Terminal<FrameBackend>,
    hooks: Vec<SigId>,
    /// SIGINT's hooks, apart: taken off while another program has the terminal.
    interrupt_hooks: Vec<SigId>,
    signalled: Arc<AtomicBool>,
    signals: Handle,
    /// The signals caught since [`enter`], until [`Session::watch`] hands
    /// them to the watchdog's thread.
    caught: Option<Signals>,
}

/// Registers the hooks of a terminating signal: a second one while the first
/// is being handled ends the process at once.
fn hook(sig: i32, signalled: &Arc<AtomicBool>) -> io::Result<Vec<SigId>> {
    Ok(vec![
        signal_hook::flag::register_conditional_shutdown(sig, 1, Arc::clone(signalled))?,
        signal_hook::flag::register(sig, Arc::clone(signalled))?,
    ])
}

impl Session {
    /// Starts the watchdog and the hang-up watch (see [`enter`]).
    /// `on_signal` is called (on the watchdog's thread) when SIGTERM, SIGHUP
    /// or SIGINT arrives, so the reader can stop by itself; if it has not
    /// within `GRACE`, the terminal is restored and the process ends. A
    /// signal that arrived before this call is acted on at once. True when
    /// this call started them; calling it again does nothing.
    pub fn watch(&mut self, on_signal: impl Fn() + Send + 'static) -> io::Result<bool> {
        let Some(signals) = self.caught.take() else {
            return Ok(false);
        };
        // A signal may have come before `signals` could catch it.
        let already = self.signalled.load(Ordering::SeqCst);
        spawn_watchdog(signals, already, on_signal)?;
        watch_for_hangup()?;
        Ok(true)
    }

    /// Writes a sequence the reader made itself (an OSC 52 request, see
    /// [`crate::system::clipboard`]) to the terminal, between frames.
    pub fn write_sequence(&mut self, seq: &str) -> io::Result<()> {
        let out = self.terminal.backend_mut();
        out.write_all(seq.as_bytes())?;
        Write::flush(out)
    }

    /// Hands the terminal to `program` (run by the caller in the
    /// foreground) and takes it back: the alternate screen is left and the
    /// terminal's mode restored exactly as on quitting; SIGINT and SIGQUIT
    /// (Ctrl-C, Ctrl-\ typed to the program) are ignored meanwhile, so the
    /// reader is neither stopped nor killed by its watchdog. Afterwards the
    /// terminal is taken again and the next frame redraws every cell. The
    /// caller stops reading input first: the program's keys are its own.
    pub fn hand_over<R>(&mut self, program: impl FnOnce() -> R) -> io::Result<R> {
        HANDED_OVER.store(true, Ordering::SeqCst);
        for id in self.interrupt_hooks.drain(..) {
            signal_hook::low_level::unregister(id);
        }
        // Caught and dropped: a flag no one reads.
        let quit = signal_hook::flag::register(SIGQUIT, Arc::new(AtomicBool::new(false)))?;
        // Ctrl-C typed to the program is noted as it arrives: the watchdog
        // may read it only after the program is done.
        INTERRUPTED_WHILE_HANDED.store(false, Ordering::SeqCst);
        let noted = signal_hook::flag::register(SIGINT, Arc::clone(&INTERRUPTED_WHILE_HANDED))?;
        let left = leave();
        let result = left.map(|()| program());
        let back = self.take_back();
        signal_hook::low_level::unregister(quit);
        signal_hook::low_level::unregister(noted);
        // Whatever was typed to the program is not a stop for the reader.
        self.signalled.store(false, Ordering::SeqCst);
        let hooks = hook(SIGINT, &self.signalled);
        HANDED_OVER.store(false, Ordering::SeqCst);
        self.interrupt_hooks = hooks?;
        back?;
        result
    }

    /// Takes the terminal again after [`Session::hand_over`]: raw mode,
    /// alternate screen, mouse, and a full redraw at the next frame.
    fn take_back(&mut self) -> io::Result<()> {
        enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        self.terminal.clear()
    }
}

/// Another program has the terminal: SIGINT is its, not the reader's.
static HANDED_OVER: AtomicBool = AtomicBool::new(false);

/// A SIGINT arrived while another program had the terminal (set as it
/// arrives, when the watchdog may not have read it yet).
static INTERRUPTED_WHILE_HANDED: std::sync::LazyLock<Arc<AtomicBool>> =
    std::sync::LazyLock::new(|| Arc::new(AtomicBool::new(false)));

/// Takes the terminal: raw mode now; the alternate screen and the mouse with
/// the first frame, in the same write. A panic or a terminating signal from
/// here on restores it: a signal is caught from here on, and acted on once
/// [`Session::watch`] has started the watchdog (a second one ends the
/// process at once, as always).
pub fn enter() -> io::Result<Session> {
    enter_with(Opening::Plain)
}

/// How the first frame goes out.
pub enum Opening {
    /// Written, as every other frame.
    Plain,
    /// Written, and its bytes kept for [`Session::first_frame_done`].
    Record,
    /// These bytes, a first frame kept from an earlier start, are written
    /// now; the first frame drawn is held back and compared with them.
    Show(Vec<u8>),
}

/// [`enter`], with the first frame going out as `opening` says.
pub fn enter_with(opening: Opening) -> io::Result<Session> {
    install_panic_hook();
    let signalled = Arc::new(AtomicBool::new(false));
    let mut hooks = Vec::new();
    for sig in [SIGTERM, SIGHUP] {
        hooks.extend(hook(sig, &signalled)?);
    }
    let interrupt_hooks = hook(SIGINT, &signalled)?;
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = opening_writer(stdout());
    let first = match opening {
        Opening::Plain => First::Written,
        Opening::Record => First::Recorded(Vec::new()),
        Opening::Show(kept) => {
            // Before ratatui's buffers are even made: that is the point.
            let shown = out.out.write_all(&kept).and_then(|()| out.out.flush());
            if let Err(e) = shown {
                let _ = leave();
                return Err(e);
            }
            First::Shown {
                kept,
                got: Vec::new(),
            }
        }
    };
    // After a kept frame: the pair of sockets the signals are read from
    // costs a start about 0.05 ms. A signal that comes before they exist
    // is still caught by the hooks above, which `Session::watch` reads.
    let caught = match Signals::new([SIGTERM, SIGHUP, SIGINT]) {
        Ok(caught) => caught,
        Err(e) => {
            let _ = leave();
            return Err(e);
        }
    };
    let signals = caught.handle();
    if matches!(first, First::Shown { .. }) {
        // The terminal takes the frame in while the rest of the start
        // waits: on a machine with few cores the two would compete.
        std::thread::sleep(SHOWN_PAUSE);
    }
    out.set_first(first);
    let terminal = match Terminal::new(FrameBackend::new(out)) {
        Ok(t) => t,
        Err(e) => {
            let _ = leave();
            return Err(e);
        }
    };
    Ok(Session {
        terminal,
        hooks,
        interrupt_hooks,
        signalled,
        signals,
        caught: Some(caught),
    })
}

/// How long a start steps aside once a kept first frame is written, so
/// that the terminal draws it without competing with the start's own work
/// (about 1.5 ms on the bundled dossier, twice that on a slower machine)
/// for the processors. A terminal on a slow 2-core machine still takes the
/// frame in 1 ms after it is written: 5 ms leaves it room there, and costs
/// nothing anyone sees (keys typed meanwhile wait in the terminal).
const SHOWN_PAUSE: Duration = Duration::from_millis(5);

/// A frame writer whose first frame enters the alternate screen and takes
/// the mouse, as every first frame does (kept ones too).
pub fn opening_writer<W: Write>(out: W) -> FrameWriter<W> {
    let mut w = FrameWriter::new(out);
    // Queued into the frame's bytes: cannot fail.
    let _ = queue!(w, EnterAlternateScreen, EnableMouseCapture);
    w
}

/// The first frame of a program that has not been started: drawn by
/// `draw` at `size` as the reader's first draw would write it, entering the
/// alternate screen included.
pub fn first_frame_bytes(
    size: Size,
    draw: impl FnOnce(&mut ratatui::Frame),
) -> io::Result<Vec<u8>> {
    let mut out = opening_writer(Vec::new());
    out.set_first(First::Recorded(Vec::new()));
    let mut terminal = Terminal::new(FrameBackend::sized(out, size))?;
    terminal.draw(draw)?;
    Ok(terminal
        .backend_mut()
        .first_frame_done()?
        .unwrap_or_default())
}

impl Session {
    /// Ends the first frame's special handling (see [`Opening`]), once it is
    /// drawn: returns its bytes when they are to be kept for the next start
    /// (recorded, or differing from the kept frame shown). A kept frame that
    /// differs from the true one is replaced on the screen, at once.
    pub fn first_frame_done(&mut self) -> io::Result<Option<Vec<u8>>> {
        self.terminal.backend_mut().first_frame_done()
    }
}

/// Where frames are drawn: the bytes of a frame are kept until ratatui
/// flushes at its end, then written to the terminal in one piece. Stdout alone
/// writes every kilobyte, so the terminal would wake up and parse a frame in a
/// dozen pieces. Bytes not flushed when it is dropped (a frame cut short by a
/// panic) are discarded, never written after the terminal has been restored.
pub struct FrameWriter<W: Write = Stdout> {
    frame: Vec<u8>,
    out: W,
    /// Shared with the [`FrameBackend`] that writes through this writer.
    first: Arc<Mutex<First>>,
}

/// What becomes of the first frame's bytes (see [`Opening`]).
enum First {
    /// Written, as any frame's.
    Written,
    /// Written, and kept here.
    Recorded(Vec<u8>),
    /// Held back in `got`: `kept`, an earlier start's, is on the screen.
    Shown { kept: Vec<u8>, got: Vec<u8> },
}

impl<W: Write> FrameWriter<W> {
    pub fn new(out: W) -> Self {
        FrameWriter {
            frame: Vec::new(),
            out,
            first: Arc::new(Mutex::new(First::Written)),
        }
    }

    fn set_first(&mut self, first: First) {
        *lock(&self.first) = first;
    }
}

fn lock(first: &Mutex<First>) -> std::sync::MutexGuard<'_, First> {
    first
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl<W: Write> Write for FrameWriter<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.frame.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut *lock(&self.first) {
            First::Written => {}
            First::Recorded(bytes) => bytes.extend_from_slice(&self.frame),
            First::Shown { got, .. } => {
                got.append(&mut self.frame);
                return Ok(());
            }
        }
        // Cleared even when the write fails, so a broken terminal cannot make
        // the buffer grow frame after frame.
        let written = self
            .out
            .write_all(&self.frame)
            .and_then(|()| self.out.flush());
        self.frame.clear();
        written
    }
}

/// Crossterm's backend, except that a frame drawn on a cleared screen (the
/// first, and the first after a resize or a hand-over) writes the blank
/// cells between two words of a row as spaces where that takes fewer bytes
/// than moving the cursor over them: the same cells, in the same style, with
/// a tenth fewer bytes for the terminal to take in (11.6 KB to 10.3 KB on
/// the bundled dossier's first frame). Only after a cell that is a single
/// ASCII character, written with no colour and no modifier, so that the
/// terminal's cursor and style are known to be those of a blank cell.
pub struct FrameBackend<W: Write = Stdout> {
    inner: CrosstermBackend<FrameWriter<W>>,
    /// The screen is blank and ratatui knows it: every cell a frame does
    /// not write is blank, in the default style.
    cleared: bool,
    /// The size to report instead of the terminal's, for a frame drawn
    /// with no terminal ([`first_frame_bytes`]).
    size: Option<Size>,
    /// The writer's handling of the first frame.
    first: Arc<Mutex<First>>,
}

impl<W: Write> FrameBackend<W> {
    pub fn new(out: FrameWriter<W>) -> Self {
        FrameBackend {
            first: Arc::clone(&out.first),
            inner: CrosstermBackend::new(out),
            cleared: true,
            size: None,
        }
    }

    /// See [`Session::first_frame_done`].
    fn first_frame_done(&mut self) -> io::Result<Option<Vec<u8>>> {
        let first = std::mem::replace(&mut *lock(&self.first), First::Written);
        match first {
            First::Written => Ok(None),
            First::Recorded(bytes) => Ok(Some(bytes)),
            First::Shown { kept, got } if kept == got => Ok(None),
            First::Shown { got, .. } => {
                // The true frame was drawn for a cleared screen.
                self.inner.write_all(b"\x1b[0m\x1b[2J")?;
                self.inner.write_all(&got)?;
                Write::flush(&mut self.inner)?;
                Ok(Some(got))
            }
        }
    }

    /// A backend of this size, whatever the terminal's.
    pub fn sized(out: FrameWriter<W>, size: Size) -> Self {
        FrameBackend {
            size: Some(size),
            ..FrameBackend::new(out)
        }
    }
}

/// What a cleared screen holds where a frame writes nothing.
static BLANK: Cell = Cell::EMPTY;

/// A cell of a frame: its column, its row, and what it holds.
type Placed<'a> = (u16, u16, &'a Cell);

/// A frame's cells with the blank ones between two words of a row added
/// (see [`FrameBackend`]).
struct Spaced<'a, I> {
    cells: I,
    /// The last cell given out.
    last: Option<Placed<'a>>,
    /// Blanks being given out, from the first to before the second, on the
    /// row, then the cell after them.
    blanks: Option<(u16, u16, u16, Placed<'a>)>,
}

impl<'a, I: Iterator<Item = Placed<'a>>> Iterator for Spaced<'a, I> {
    type Item = Placed<'a>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some((x, end, y, after)) = self.blanks {
            let item = if x < end {
                self.blanks = Some((x + 1, end, y, after));
                (x, y, &BLANK)
            } else {
                self.blanks = None;
                after
            };
            self.last = Some(item);
            return Some(item);
        }
        let next = self.cells.next()?;
        let (x, y, _) = next;
        if let Some((lx, ly, last)) = self.last
            && ly == y
            && x > lx + 1
            && plain(last)
            && usize::from(x - lx - 1) <= move_len(x, y)
        {
            self.blanks = Some((lx + 2, x, y, next));
            let item = (lx + 1, y, &BLANK);
            self.last = Some(item);
            return Some(item);
        }
        self.last = Some(next);
        Some(next)
    }
}

/// A single ASCII character, no colour, no modifier: the terminal's cursor
/// is one column on, and a blank written now needs no change of style.
fn plain(cell: &Cell) -> bool {
    single_ascii(cell)
        && cell.fg == BLANK.fg
        && cell.bg == BLANK.bg
        && cell.underline_color == BLANK.underline_color
        && cell.modifier == BLANK.modifier
}

/// A single printable ASCII character: it moves the terminal's cursor one
/// column on, whatever the terminal thinks of widths.
fn single_ascii(cell: &Cell) -> bool {
    matches!(cell.symbol().as_bytes(), [b' '..=b'~'])
}

/// The bytes of moving the cursor to column `x`, row `y` (`ESC [ row ; col H`).
fn move_len(x: u16, y: u16) -> usize {
    let digits = |n: u16| n.checked_ilog10().map_or(1, |d| d as usize + 1);
    4 + digits(y + 1) + digits(x + 1)
}

/// Writes a frame's cells as crossterm's backend does (the same cells, the
/// same colours, the same attributes), in fewer bytes: a colour change
/// sets only the colour that changed (crossterm sets both), a move along the
/// row after an ASCII character is relative (`CSI n C`), and the style is
/// reset once at the end. About a fifth fewer bytes on a first frame.
fn draw_cells<'a, W: Write>(
    w: &mut W,
    content: impl Iterator<Item = Placed<'a>>,
) -> io::Result<()> {
    use ratatui::backend::IntoCrossterm;
    use ratatui::crossterm::cursor::{MoveRight, MoveTo};
    use ratatui::crossterm::style::{
        Attribute, Colors, Print, SetAttribute, SetBackgroundColor, SetColors, SetForegroundColor,
        SetUnderlineColor,
    };
    use ratatui::style::{Color, Modifier};
    let (mut fg, mut bg, mut underline) = (Color::Reset, Color::Reset, Color::Reset);
    let mut modifier = Modifier::empty();
    // The last cell written, and whether the cursor is known to be right
    // after it (a single ASCII character moves it by exactly one column).
    let mut last: Option<(u16, u16, bool)> = None;
    let mut styled = false;
    for (x, y, cell) in content {
        match last {
            Some((lx, ly, _)) if ly == y && x == lx + 1 => {}
            Some((lx, ly, true)) if ly == y && x > lx + 1 => queue!(w, MoveRight(x - lx - 1))?,
            _ => queue!(w, MoveTo(x, y))?,
        }
        last = Some((x, y, single_ascii(cell)));
        if cell.modifier != modifier {
            queue_modifiers(w, modifier, cell.modifier)?;
            modifier = cell.modifier;
            styled = true;
        }
        match (cell.fg != fg, cell.bg != bg) {
            (true, true) => queue!(
                w,
                SetColors(Colors::new(
                    cell.fg.into_crossterm(),
                    cell.bg.into_crossterm()
                ))
            )?,
            (true, false) => queue!(w, SetForegroundColor(cell.fg.into_crossterm()))?,
            (false, true) => queue!(w, SetBackgroundColor(cell.bg.into_crossterm()))?,
            (false, false) => {}
        }
        if (cell.fg, cell.bg) != (fg, bg) {
            (fg, bg) = (cell.fg, cell.bg);
            styled = true;
        }
        if cell.underline_color != underline {
            queue!(w, SetUnderlineColor(cell.underline_color.into_crossterm()))?;
            underline = cell.underline_color;
            styled = true;
        }
        queue!(w, Print(cell.symbol()))?;
    }
    if styled {
        // Colours, underline colour and attributes, all at once.
        queue!(w, SetAttribute(Attribute::Reset))?;
    }
    Ok(())
}

/// The attributes that take a cell from modifiers `from` to `to`, in
/// crossterm's backend's way (bold and dim share one reset).
fn queue_modifiers<W: Write>(
    w: &mut W,
    from: ratatui::style::Modifier,
    to: ratatui::style::Modifier,
) -> io::Result<()> {
    use ratatui::crossterm::style::{Attribute as A, SetAttribute};
    use ratatui::style::Modifier as M;
    let removed = from - to;
    let added = to - from;
    let mut set = |a: A| queue!(w, SetAttribute(a));
    if removed.contains(M::REVERSED) {
        set(A::NoReverse)?;
    }
    let reset_intensity = removed.intersects(M::BOLD | M::DIM);
    if reset_intensity {
        set(A::NormalIntensity)?;
        if to.contains(M::DIM) {
            set(A::Dim)?;
        }
        if to.contains(M::BOLD) {
            set(A::Bold)?;
        }
    }
    for (m, off) in [
        (M::ITALIC, A::NoItalic),
        (M::UNDERLINED, A::NoUnderline),
        (M::CROSSED_OUT, A::NotCrossedOut),
        (M::HIDDEN, A::NoHidden),
    ] {
        if removed.contains(m) {
            set(off)?;
        }
    }
    if removed.intersects(M::SLOW_BLINK | M::RAPID_BLINK) {
        set(A::NoBlink)?;
    }
    if added.contains(M::REVERSED) {
        set(A::Reverse)?;
    }
    if added.contains(M::BOLD) && !reset_intensity {
        set(A::Bold)?;
    }
    for (m, on) in [(M::ITALIC, A::Italic), (M::UNDERLINED, A::Underlined)] {
        if added.contains(m) {
            set(on)?;
        }
    }
    if added.contains(M::DIM) && !reset_intensity {
        set(A::Dim)?;
    }
    for (m, on) in [
        (M::CROSSED_OUT, A::CrossedOut),
        (M::HIDDEN, A::Hidden),
        (M::SLOW_BLINK, A::SlowBlink),
        (M::RAPID_BLINK, A::RapidBlink),
    ] {
        if added.contains(m) {
            set(on)?;
        }
    }
    Ok(())
}

impl<W: Write> Backend for FrameBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        if !std::mem::take(&mut self.cleared) {
            return draw_cells(&mut self.inner, content);
        }
        draw_cells(
            &mut self.inner,
            Spaced {
                cells: content,
                last: None,
                blanks: None,
            },
        )
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.cleared = false;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        // Ratatui clears its own idea of the screen with it.
        self.cleared = clear_type == ClearType::All;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        match self.size {
            Some(size) => Ok(size),
            None => self.inner.size(),
        }
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

impl<W: Write> Write for FrameBackend<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

/// How long the main loop has to stop after a signal before the watchdog
/// steps in. When the loop is stuck the process spins at full speed until
/// the watchdog ends it, so the grace is kept short: a reader closed with
/// its terminal would otherwise slow down whatever is started next.
const GRACE: Duration = Duration::from_millis(200);

/// Waits for a terminating signal on a thread of its own (no polling), tells
/// the reader through `on_signal`, gives it `GRACE` to stop on its own, then
/// restores the terminal and ends the process: when the terminal is closed
/// under the reader (a window closed, `tmux kill-session`), drawing may
/// never return. Closing the signals' handle ends the thread.
fn spawn_watchdog(
    mut signals: Signals,
    already: bool,
    on_signal: impl Fn() + Send + 'static,
) -> io::Result<()> {
    std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            // SIGINT while another program has the terminal is its own,
            // even when read after the program is done.
            let stop = already
                || signals.forever().any(|sig| {
                    sig != SIGINT || {
                        let noted = INTERRUPTED_WHILE_HANDED.swap(false, Ordering::SeqCst);
                        !(noted || HANDED_OVER.load(Ordering::SeqCst))
                    }
                });
            if !stop {
                return;
            }
            on_signal();
            std::thread::sleep(GRACE);
            let _ = leave();
            std::process::exit(1);
        })
        .map(drop)
}

/// How often the terminal is looked at to see whether it is still there.
const HANGUP_CHECK: Duration = Duration::from_millis(250);

/// Watches, while the reader holds the terminal, for the terminal going
/// away without a SIGHUP reaching the reader (its session leader survived
/// the hang-up: a wrapper that ignores it, a tracer): input then reads an
/// endless end of file and the reader would spin. A hung-up terminal no
/// longer answers as one, so the watch raises SIGHUP itself and the
/// watchdog takes over as for a real one.
fn watch_for_hangup() -> io::Result<()> {
    use std::io::IsTerminal;
    std::thread::Builder::new()
        .name("hangup-watch".into())
        .spawn(|| {
            while ACTIVE.load(Ordering::SeqCst) || HANDED_OVER.load(Ordering::SeqCst) {
                std::thread::sleep(HANGUP_CHECK);
                if ACTIVE.load(Ordering::SeqCst) && !io::stdin().is_terminal() {
                    let _ = signal_hook::low_level::raise(SIGHUP);
                    return;
                }
            }
        })
        .map(drop)
}

/// Whether the reader holds the terminal, so a panic elsewhere leaves it alone.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Gives the terminal back. Safe to call more than once.
pub fn leave() -> io::Result<()> {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return Ok(());
    }
    let mut out = stdout();
    let screen = execute!(
        out,
        DisableMouseCapture,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let raw = disable_raw_mode();
    screen.and(raw)
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = leave();
        self.signals.close();
        for id in self.hooks.drain(..).chain(self.interrupt_hooks.drain(..)) {
            signal_hook::low_level::unregister(id);
        }
    }
}

fn install_panic_hook() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            // Restore first, so the panic message lands on a sane screen.
            let _ = leave();
            previous(info);
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each write it is given.
    #[derive(Default)]
    struct Writes(Vec<Vec<u8>>);

    impl Write for &mut Writes {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.push(bytes.to_vec());
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_frame_goes_out_in_one_write_at_flush() -> io::Result<()> {
        let mut writes = Writes::default();
        let mut w = FrameWriter::new(&mut writes);
        for _ in 0..100 {
            w.write_all(&[b'x'; 300])?;
        }
        w.flush()?;
        w.write_all(b"next")?;
        w.flush()?;
        drop(w);
        assert_eq!(writes.0.len(), 2);
        assert_eq!(writes.0[0].len(), 30_000);
        assert_eq!(writes.0[1], b"next");
        Ok(())
    }

    /// The bytes of two frames drawn on a 40×3 screen: `first` on a cleared
    /// screen, then `second`.
    fn two_frames(
        first: impl Fn(&mut ratatui::Frame),
        second: impl Fn(&mut ratatui::Frame),
    ) -> io::Result<(String, String)> {
        let mut writes = Writes::default();
        {
            let area = ratatui::layout::Rect::new(0, 0, 40, 3);
            let mut t = Terminal::with_options(
                FrameBackend::new(FrameWriter::new(&mut writes)),
                ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(area),
                },
            )?;
            t.draw(first)?;
            t.draw(second)?;
        }
        let frames: Vec<String> = writes
            .0
            .iter()
            .map(|w| String::from_utf8_lossy(w).into_owned())
            .filter(|w| !w.is_empty())
            .collect();
        Ok((frames[0].clone(), frames[1].clone()))
    }

    fn text(line: &'static str) -> impl Fn(&mut ratatui::Frame) {
        move |f| f.render_widget(ratatui::text::Line::raw(line), f.area())
    }

    #[test]
    fn on_a_cleared_screen_short_gaps_are_written_as_spaces() -> io::Result<()> {
        let (first, second) = two_frames(
            text("one two  three        four"),
            text("onE twO  three        four"),
        )?;
        // A gap of up to six cells costs fewer bytes than `ESC [ 1 ; 10 H`.
        assert!(first.contains("one two  three"), "{first:?}");
        // A longer one is a move along the row.
        assert!(first.contains("three\x1b[8Cfour"), "{first:?}");
        // Not cleared: only what changed; the cursor is known after an
        // ASCII character, and nothing was styled, so nothing is reset.
        assert_eq!(second, "\x1b[1;3HE\x1b[3CO\x1b[?25l");
        Ok(())
    }

    #[test]
    fn no_gap_is_filled_after_a_styled_or_wide_character() -> io::Result<()> {
        use ratatui::style::{Color, Style};
        use ratatui::text::{Line, Span};
        let styled = |f: &mut ratatui::Frame| {
            let line = Line::from(vec![
                Span::styled("red", Style::new().fg(Color::Red)),
                Span::raw(" plain 字 x"),
            ]);
            f.render_widget(line, f.area());
        };
        let (first, _) = two_frames(styled, styled)?;
        // Moved over, not filled; only the colour that changed is set.
        assert!(first.contains("red\x1b[1C\x1b[39mplain"), "{first:?}");
        // After a wide character the cursor's column is the terminal's
        // guess: an absolute move.
        assert!(first.contains("字\x1b[1;14Hx"), "{first:?}");
        Ok(())
    }

    /// The writes of the first frame, those of `first_frame_done`, and what
    /// it returned.
    type FirstWrites = (Vec<Vec<u8>>, Vec<Vec<u8>>, Option<Vec<u8>>);

    /// The writes of one 40×3 frame drawn by `draw` with the first frame
    /// handled as `first`, then those of `first_frame_done`, and what it
    /// returned.
    fn first_frame(first: First, draw: impl Fn(&mut ratatui::Frame)) -> io::Result<FirstWrites> {
        let mut writes = Writes::default();
        let done = {
            let mut w = opening_writer(&mut writes);
            w.set_first(first);
            let size = Size::new(40, 3);
            let mut t = Terminal::new(FrameBackend::sized(w, size))?;
            t.draw(&draw)?;
            let returned = t.backend_mut().first_frame_done()?;
            // Later frames are written as usual.
            t.draw(text("LATER"))?;
            returned
        };
        let mut all = writes.0;
        all.retain(|w| !w.is_empty());
        // ratatui shows the cursor again when its terminal is dropped.
        assert_eq!(all.pop().as_deref(), Some(b"\x1b[?25h".as_slice()));
        let later = all.pop().expect("the later frame");
        assert!(
            String::from_utf8_lossy(&later).contains("LATER"),
            "{all:?} {later:?}"
        );
        let split = all.len().min(1);
        let (during, after) = all.split_at(split);
        Ok((during.to_vec(), after.to_vec(), done))
    }

    #[test]
    fn a_recorded_first_frame_is_written_and_returned() -> io::Result<()> {
        let (during, after, done) = first_frame(First::Recorded(Vec::new()), text("one two"))?;
        assert_eq!(during.len(), 1);
        assert!(after.is_empty());
        assert_eq!(done.as_deref(), Some(during[0].as_slice()));
        let frame = String::from_utf8_lossy(&during[0]).into_owned();
        assert!(frame.starts_with("\x1b[?1049h"), "{frame:?}");
        assert!(frame.contains("one two"), "{frame:?}");
        Ok(())
    }

    #[test]
    fn a_kept_frame_equal_to_the_first_one_leaves_it_on_the_screen() -> io::Result<()> {
        let (drawn, _, kept) = first_frame(First::Recorded(Vec::new()), text("one two"))?;
        let kept = kept.expect("recorded");
        let shown = First::Shown {
            kept,
            got: Vec::new(),
        };
        let (during, after, done) = first_frame(shown, text("one two"))?;
        // Nothing at all is written for the first frame: it is there.
        assert!(
            during.is_empty() && after.is_empty(),
            "{during:?} {after:?}"
        );
        assert_eq!(done, None);
        assert_eq!(drawn.len(), 1);
        Ok(())
    }

    #[test]
    fn a_kept_frame_unlike_the_first_one_is_cleared_and_replaced() -> io::Result<()> {
        let (_, _, true_frame) = first_frame(First::Recorded(Vec::new()), text("the true one"))?;
        let shown = First::Shown {
            kept: b"\x1b[?1049h\x1b[1;1Hstale".to_vec(),
            got: Vec::new(),
        };
        let (written, after, done) = first_frame(shown, text("the true one"))?;
        assert!(after.is_empty());
        let mut expected = b"\x1b[0m\x1b[2J".to_vec();
        expected.extend_from_slice(true_frame.as_deref().expect("recorded"));
        assert_eq!(written, vec![expected]);
        assert_eq!(done, true_frame, "the true frame is to be kept");
        Ok(())
    }

    #[test]
    fn what_is_not_flushed_is_never_written() -> io::Result<()> {
        let mut writes = Writes::default();
        let mut w = FrameWriter::new(&mut writes);
        w.write_all(b"half a frame")?;
        drop(w);
        assert!(writes.0.is_empty());
        Ok(())
    }
}
