//! Entering and leaving the terminal: raw mode, the alternate screen and mouse
//! capture, undone on quit, on error, on panic, and on SIGTERM, SIGHUP or SIGINT.

use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

/// The terminal while the reader owns it; dropping it gives the terminal back.
pub struct Session {
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
    signalled: Arc<AtomicBool>,
    hooks: Vec<SigId>,
}

impl Session {
    /// Whether a signal asked the reader to stop.
    pub fn signalled(&self) -> bool {
        self.signalled.load(Ordering::Relaxed)
    }
}

/// Takes the terminal: raw mode, alternate screen, mouse. A panic or a
/// terminating signal from here on restores it.
pub fn enter() -> io::Result<Session> {
    install_panic_hook();
    let signalled = Arc::new(AtomicBool::new(false));
    let mut hooks = Vec::new();
    for sig in [SIGTERM, SIGHUP, SIGINT] {
        // A second signal while the first is being handled ends the process at once.
        hooks.push(signal_hook::flag::register_conditional_shutdown(
            sig,
            1,
            Arc::clone(&signalled),
        )?);
        hooks.push(signal_hook::flag::register(sig, Arc::clone(&signalled))?);
    }
    spawn_watchdog(Arc::clone(&signalled))?;
    enable_raw_mode()?;
    ACTIVE.store(true, Ordering::SeqCst);
    let mut out = stdout();
    if let Err(e) = execute!(out, EnterAlternateScreen, EnableMouseCapture) {
        let _ = leave();
        return Err(e);
    }
    let terminal = match Terminal::new(CrosstermBackend::new(out)) {
        Ok(t) => t,
        Err(e) => {
            let _ = leave();
            return Err(e);
        }
    };
    Ok(Session {
        terminal,
        signalled,
        hooks,
    })
}

/// How long the main loop has to notice a signal before the watchdog steps in.
const GRACE: Duration = Duration::from_millis(500);

/// When the terminal is closed under the reader (a window closed, `tmux
/// kill-session`), crossterm's input reader reads end-of-file in a loop and
/// never returns, so the main loop cannot see the SIGHUP that came with it.
/// This thread waits for the signal flag, gives the main loop `GRACE` to stop
/// on its own, then restores the terminal and ends the process.
fn spawn_watchdog(signalled: Arc<AtomicBool>) -> io::Result<()> {
    std::thread::Builder::new()
        .name("signal-watchdog".into())
        .spawn(move || {
            while !signalled.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
            }
            std::thread::sleep(GRACE);
            let _ = leave();
            std::process::exit(1);
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
        for id in self.hooks.drain(..) {
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
