//! Every hint follows the keys: with every command bound to other keys by
//! the configuration file, no screen shows a default key as a hint. The
//! walk visits each list's and pane's footer, the help, the problems, the
//! pins, the about overlay, the chooser of citers, the sides, both prompts,
//! a zoomed pane, the timeline picture, the loading screen, and the status
//! messages that name a key.

use crate::common::{self, Screen};
use dossier::app::keymap::Keymap;
use dossier::app::{App, Command, Mode};
use dossier::settings::Settings;

fn settings() -> Settings {
    let dir = common::scratch("rebound", "config");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    std::fs::write(&file, common::rebound_config()).unwrap();
    let s = Settings::load(Some(&file));
    assert!(
        s.problems.is_empty(),
        "{:?}\n{}",
        s.problems.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        common::rebound_config()
    );
    s
}

/// The hints a default keymap would draw: a key's label and the word after
/// it, as the footer, the frames and the messages write them.
fn default_hints() -> Vec<String> {
    let mut out = Vec::new();
    let k = *dossier::app::keymap::KEYMAP;
    for &c in Command::ALL {
        for mode in [Mode::Normal, Mode::Overlay, Mode::Prompt] {
            if let Some(label) = k.primary(mode, c) {
                // Labels that are words too ("Enter", "Esc", "Tab") are
                // checked as `label` + a space + a lowercase word; single
                // characters only as the hints spell them.
                out.push(label);
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Where a default key still shows as a hint on this screen. Hints are
/// written as the key, a space and a lowercase word (`q quit`, `j/k move`,
/// `Esc close`), or the key in brackets (`(u)`); they are looked for on
/// the status line and on the rows of frames, where the hints are, not in
/// the dossier's own text.
fn leftovers(text: &str, defaults: &[String], rebound: &Keymap) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    let is_frame =
        |l: &str| l.contains("──") || l.contains("━━") || l.contains('┗') || l.contains('└');
    for (n, line) in lines.iter().enumerate() {
        let status = n + 1 == lines.len();
        if !status && !is_frame(line) {
            continue;
        }
        for d in defaults {
            let word_key = d.chars().count() > 1;
            for (at, _) in line.match_indices(d.as_str()) {
                let before: String = line[..at].chars().rev().take(2).collect();
                let after: String = line[at + d.len()..].chars().take(2).collect();
                let edge = |c: char| " ─━(·/┗┛└┘┏┓┌┐".contains(c);
                let starts = match before.chars().next() {
                    None => true,
                    Some('(') | Some('/') | Some('─') | Some('━') => true,
                    Some(' ') => word_key || before.chars().nth(1).is_none_or(edge),
                    _ => false,
                };
                let hint_after = (after.starts_with(' ')
                    && after.chars().nth(1).is_some_and(|c| c.is_lowercase()))
                    || after.starts_with('/')
                    || after.starts_with(')');
                if starts && hint_after {
                    let still = Command::ALL.iter().any(|&c| {
                        [Mode::Normal, Mode::Overlay, Mode::Prompt]
                            .iter()
                            .any(|&m| rebound.primary(m, c).as_deref() == Some(d.as_str()))
                    });
                    if !still {
                        found.push(format!("{d:?} in: {line}"));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn no_default_key_is_shown_as_a_hint_after_rebinding_every_command() {
    let s = settings();
    let k = s.keymap;
    let defaults = default_hints();
    let press = |scr: &mut Screen, c: Command, mode: Mode| {
        let spec = k
            .keys_for(mode, c)
            .next()
            .unwrap_or_else(|| panic!("{c:?} has a key"));
        scr.press(spec);
    };
    let check = |scr: &Screen, what: &str, all: &mut Vec<String>| {
        for l in leftovers(&scr.text(), &defaults, &k) {
            all.push(format!("{what}: {l}"));
        }
    };
    // The detector finds the hints of the default keys where they are.
    let plain = Screen::new(dossier::bundled::load_bundled(), 80, 24);
    let plain_left = leftovers(&plain.text(), &defaults, &k);
    assert!(
        plain_left.iter().any(|l| l.contains("quit")),
        "the default footer's hints are found: {plain_left:?}"
    );
    let mut all = Vec::new();
    for (w, h) in [(80u16, 24u16), (120, 40)] {
        let d = dossier::bundled::load_bundled();
        let mut scr = Screen::of(
            App::new(d, w, h)
                .with_keymap(k)
                .with_folder(std::path::Path::new("/tmp")),
        );
        check(&scr, "start", &mut all);
        for (c, m, what) in [
            (Command::ShowIssues, Mode::Normal, "issues"),
            (Command::ShowArticles, Mode::Normal, "articles"),
            (Command::ShowTimeline, Mode::Normal, "timeline"),
            (Command::FocusDetails, Mode::Normal, "details"),
            (Command::FocusArticle, Mode::Normal, "article"),
            (Command::Zoom, Mode::Normal, "zoomed"),
            (Command::Zoom, Mode::Normal, "unzoomed"),
            (Command::FocusList, Mode::Normal, "list"),
            (Command::Picture, Mode::Normal, "picture"),
            (Command::Picture, Mode::Normal, "list again"),
            (Command::Help, Mode::Normal, "help"),
            (Command::Close, Mode::Overlay, "help closed"),
            (Command::About, Mode::Normal, "about"),
            (Command::Close, Mode::Overlay, "about closed"),
            (Command::Sides, Mode::Normal, "sides"),
            (Command::Close, Mode::Overlay, "sides closed"),
            (Command::Pin, Mode::Normal, "pinned"),
            (Command::Bookmarks, Mode::Normal, "pins"),
            (Command::Close, Mode::Overlay, "pins closed"),
            (Command::Search, Mode::Normal, "search prompt"),
            (Command::Close, Mode::Prompt, "search closed"),
            (Command::GoTo, Mode::Normal, "go-to prompt"),
            (Command::Close, Mode::Prompt, "go-to closed"),
            (Command::Back, Mode::Normal, "nothing back"),
            (Command::NextHit, Mode::Normal, "no search"),
            (
                Command::PictureZoomIn,
                Mode::Normal,
                "zoom outside the picture",
            ),
            (Command::OpenUrl, Mode::Normal, "no url"),
            (Command::Edit, Mode::Normal, "edit"),
        ] {
            press(&mut scr, c, m);
            check(&scr, &format!("{w}x{h} {what}"), &mut all);
        }
        // Problems, on a dossier that has one.
        let mut scr = Screen::of(App::new(common::fixture(), w, h).with_keymap(k));
        press(&mut scr, Command::Problems, Mode::Normal);
        check(&scr, &format!("{w}x{h} problems"), &mut all);
        // The chooser of who cites a passage: the bundled dossier's
        // articles hold passages cited by several entries.
        let d = dossier::bundled::load_bundled();
        let mut scr = Screen::of(App::new(d, w, h).with_keymap(k));
        press(&mut scr, Command::FocusArticle, Mode::Normal);
        for _ in 0..12 {
            press(&mut scr, Command::NextPassage, Mode::Normal);
            press(&mut scr, Command::Follow, Mode::Normal);
            check(&scr, &format!("{w}x{h} citers"), &mut all);
            press(&mut scr, Command::Close, Mode::Overlay);
        }
    }
    // The loading screen names the quit key of the keymap.
    let quit = k.primary(Mode::Normal, Command::Quit).unwrap();
    let backend = ratatui::backend::TestBackend::new(80, 24);
    let mut term = ratatui::Terminal::new(backend).unwrap();
    term.draw(|f| dossier::ui::loading(f, "/some/folder", &dossier::ui::theme::DARK, &quit))
        .unwrap();
    let loading = common::buffer_text(term.backend().buffer());
    assert!(loading.contains(&format!("{quit} quits")), "{loading}");
    assert!(!loading.contains("· q quits"), "{loading}");
    assert!(
        all.is_empty(),
        "default keys left as hints:\n{}",
        all.join("\n")
    );
}
