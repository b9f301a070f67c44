//! `y`'s way to the clipboard, and what the reader may truthfully say about
//! it. A terminal never confirms an OSC 52 request, so "Copied" is said only
//! when a clipboard program took the text and ended well:
//! 1. `wl-copy` when `WAYLAND_DISPLAY` is set; `xclip -selection clipboard`
//!    or `xsel --clipboard --input` when `DISPLAY` is set; `pbcopy` on
//!    macOS: the first found on `PATH` gets the text on its standard input;
//! 2. inside tmux (`TMUX` set), what tmux does with the request depends on
//!    its `set-clipboard` option: `on` takes it (into a paste buffer, and on
//!    to the outer terminal when that one declares clipboard support); with
//!    `external` or `off` tmux drops it, so the request goes through tmux's
//!    passthrough when `allow-passthrough` is on, or is not sent at all and
//!    the message says how to enable it;
//! 3. elsewhere, OSC 52 to the terminal, said as sent, not as copied.
//!
//! A clipboard program that fails (or takes longer than [`TIMEOUT`]) is
//! reported, and the terminal's way is tried after it.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::{Env, pipe_to};

/// How long a clipboard program (or tmux, asked for its options) may take.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// The clipboard programs, in the order they are looked for: the variable
/// that must be set (none: macOS only), the program, its arguments.
const PROGRAMS: &[(Option<&str>, &str, &[&str])] = &[
    (Some("WAYLAND_DISPLAY"), "wl-copy", &[]),
    (Some("DISPLAY"), "xclip", &["-selection", "clipboard"]),
    (Some("DISPLAY"), "xsel", &["--clipboard", "--input"]),
    (None, "pbcopy", &[]),
];

/// A clipboard program found for this session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Program {
    pub path: PathBuf,
    pub name: &'static str,
    pub args: &'static [&'static str],
}

/// The clipboard program this session would use, if any.
pub fn program(env: &Env) -> Option<Program> {
    PROGRAMS.iter().find_map(|&(var, name, args)| {
        let applies = match var {
            Some(v) => env.var(v).is_some(),
            None => env.is_macos(),
        };
        if !applies {
            return None;
        }
        env.find(name).map(|path| Program { path, name, args })
    })
}

/// What to write to the terminal, if anything, and what to tell the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// Bytes for the terminal (an OSC 52 request, wrapped for tmux if need be).
    pub write: Option<String>,
    /// The status line's message, true to what is known.
    pub notice: String,
}

/// What tmux does with a program's clipboard request, as read from tmux.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TmuxClipboard {
    /// The `set-clipboard` option: `on`, `external` or `off`.
    pub set_clipboard: String,
    /// Whether `allow-passthrough` lets a wrapped sequence through.
    pub passthrough: bool,
    /// The attached client's terminal features (`#{client_termfeatures}`);
    /// empty when no client is attached or tmux does not say.
    pub features: String,
}

/// Puts `text` (`what` names it in the message) where this session's
/// clipboard is, and says truthfully where it went. Runs programs and waits
/// for them (at most [`TIMEOUT`] each): call it off the drawing thread.
pub fn deliver(env: &Env, text: &str, what: &str) -> Delivery {
    let mut failed = None;
    if let Some(p) = program(env) {
        match pipe_to(env, &p.path, p.args, text, TIMEOUT) {
            Ok(()) => {
                return Delivery {
                    write: None,
                    notice: format!("Copied {what} ({})", p.name),
                };
            }
            Err(why) => failed = Some(why),
        }
    }
    let mut d = terminal_way(env, text, what);
    if let Some(why) = failed {
        d.notice = format!("{why}; {}", d.notice);
    }
    d
}

/// The terminal's way: through tmux when inside it, else OSC 52.
fn terminal_way(env: &Env, text: &str, what: &str) -> Delivery {
    if env.var("TMUX").is_none() {
        return Delivery {
            write: Some(osc52(text)),
            notice: format!("Sent to the terminal's clipboard (OSC 52): {what}"),
        };
    }
    let tmux = env
        .find("tmux")
        .ok_or_else(|| "tmux is not on PATH".to_string())
        .and_then(|t| read_tmux(env, &t));
    through_tmux(tmux, text, what)
}

/// What reaches the clipboard through tmux with these settings.
pub fn through_tmux(tmux: Result<TmuxClipboard, String>, text: &str, what: &str) -> Delivery {
    let enable = "add `set -g set-clipboard on` to ~/.tmux.conf \
                  (now: `tmux set -g set-clipboard on`)";
    let t = match tmux {
        Ok(t) => t,
        Err(why) => {
            return Delivery {
                write: Some(osc52(text)),
                notice: format!(
                    "Sent to the terminal's clipboard (OSC 52) through tmux: {what}; \
                     tmux's set-clipboard could not be read ({why}), and only `on` lets it through"
                ),
            };
        }
    };
    if t.set_clipboard == "on" {
        let outer = t.features.split(',').any(|f| f.trim() == "clipboard");
        // No client attached, or one whose terminal tmux knows can take it.
        // Else tmux may still pass it on (a terminfo `Ms`), so it is hedged.
        let notice = if t.features.is_empty() || outer {
            format!("Sent to the terminal's clipboard (OSC 52) through tmux: {what}")
        } else {
            format!(
                "Sent to the terminal's clipboard (OSC 52) through tmux: {what}; tmux lists \
                 no clipboard feature for the outer terminal, so it may be in tmux's paste \
                 buffer only (see tmux's terminal-features)"
            )
        };
        return Delivery {
            write: Some(osc52(text)),
            notice,
        };
    }
    if t.passthrough {
        return Delivery {
            write: Some(tmux_passthrough(&osc52(text))),
            notice: format!(
                "Sent to the terminal's clipboard (OSC 52) through tmux's passthrough: {what}"
            ),
        };
    }
    let setting = dossier_core::text::sanitize_line(&t.set_clipboard).into_owned();
    Delivery {
        write: None,
        notice: format!(
            "Nothing reached the clipboard: tmux's set-clipboard is {setting}, which drops \
             programs' requests. To enable it, {enable}"
        ),
    }
}

/// Asks tmux (the server of this session, from `TMUX`) how it treats
/// clipboard requests from the program in this pane.
fn read_tmux(env: &Env, tmux: &Path) -> Result<TmuxClipboard, String> {
    let mut cmd = env.command(tmux);
    cmd.arg("display-message").arg("-p");
    if let Some(pane) = env.var("TMUX_PANE") {
        cmd.arg("-t").arg(pane);
    }
    cmd.arg("#{set-clipboard}|#{allow-passthrough}|#{client_termfeatures}");
    let out = super::output(cmd, TIMEOUT)?;
    let mut parts = out.trim_end().splitn(3, '|');
    let set_clipboard = parts.next().unwrap_or_default().trim().to_string();
    if set_clipboard.is_empty() {
        return Err("tmux said nothing".into());
    }
    let passthrough = matches!(parts.next().map(str::trim), Some("1" | "on" | "all"));
    let features = parts.next().unwrap_or_default().trim().to_string();
    Ok(TmuxClipboard {
        set_clipboard,
        passthrough,
        features,
    })
}

/// The OSC 52 sequence that sets the clipboard to `text`. The text travels
/// base64-encoded, so nothing in it can act as a sequence.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// A sequence wrapped for tmux's passthrough (`DCS tmux; … ST`, every ESC
/// inside doubled), which tmux hands to the outer terminal as it is.
pub fn tmux_passthrough(seq: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", seq.replace('\x1b', "\x1b\x1b"))
}

/// Standard base64 (RFC 4648) with padding.
fn base64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        let vectors = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ];
        for (plain, encoded) in vectors {
            assert_eq!(base64(plain.as_bytes()), encoded, "{plain:?}");
        }
        assert_eq!(base64(&[0xff, 0xfe, 0x00]), "//4A");
        assert_eq!(osc52("hi"), "\x1b]52;c;aGk=\x07");
        assert_eq!(
            tmux_passthrough(&osc52("hi")),
            "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\"
        );
    }

    fn tmux(set: &str, passthrough: bool, features: &str) -> Result<TmuxClipboard, String> {
        Ok(TmuxClipboard {
            set_clipboard: set.into(),
            passthrough,
            features: features.into(),
        })
    }

    #[test]
    fn tmux_settings_decide_what_is_sent_and_said() {
        let on = through_tmux(tmux("on", false, ""), "hi", "it");
        assert_eq!(on.write.as_deref(), Some(osc52("hi").as_str()));
        assert!(
            on.notice
                .starts_with("Sent to the terminal's clipboard (OSC 52) through tmux"),
            "{}",
            on.notice
        );
        let outer = through_tmux(tmux("on", false, "256,RGB,clipboard,title"), "hi", "it");
        assert_eq!(outer.notice, on.notice);
        let buffer_only = through_tmux(tmux("on", false, "256,RGB,title"), "hi", "it");
        assert!(
            buffer_only.notice.contains("paste buffer only"),
            "{buffer_only:?}"
        );
        for set in ["off", "external"] {
            let d = through_tmux(tmux(set, false, ""), "hi", "it");
            assert_eq!(d.write, None, "{set}");
            assert!(d.notice.contains("Nothing reached the clipboard"), "{d:?}");
            assert!(
                d.notice.contains(&format!("set-clipboard is {set}")),
                "{d:?}"
            );
            assert!(d.notice.contains("set -g set-clipboard on"), "{d:?}");
            assert!(
                !d.notice.contains("Copied") && !d.notice.contains("Sent"),
                "{d:?}"
            );
            let p = through_tmux(tmux(set, true, ""), "hi", "it");
            assert_eq!(p.write, Some(tmux_passthrough(&osc52("hi"))), "{set}");
            assert!(p.notice.contains("passthrough"), "{p:?}");
        }
        let unknown = through_tmux(Err("tmux is not on PATH".into()), "hi", "it");
        assert_eq!(unknown.write.as_deref(), Some(osc52("hi").as_str()));
        assert!(unknown.notice.contains("could not be read"), "{unknown:?}");
    }

    #[test]
    fn outside_tmux_without_a_program_it_is_osc_52_and_never_copied() {
        let d = deliver(&Env::new().with("PATH", ""), "hi", "the passage");
        assert_eq!(d.write.as_deref(), Some(osc52("hi").as_str()));
        assert_eq!(
            d.notice,
            "Sent to the terminal's clipboard (OSC 52): the passage"
        );
    }
}
