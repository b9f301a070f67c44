//! Tests in real terminals (tmux) and a real browser (Chromium): the whole
//! program as a person runs it. One test binary, one module per part (see
//! the files in `tests/terminals/`).

#[path = "../common/mod.rs"]
mod common;

mod browser;
// Counts the files as settled with a debug-only hook.
#[cfg(debug_assertions)]
mod cache_tmux;
mod cite_tmux;
mod clipboard_tmux;
mod edit_tmux;
mod kept_frame_tmux;
mod preview_tmux;
mod prompts_tmux;
mod reader_tmux;
mod reading_tmux;
mod remember_tmux;
mod sides_tmux;
mod terminal;
mod watch_tmux;
