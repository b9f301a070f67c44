//! `o` and `y` in the reader's state, drawn on a test terminal: which
//! article's URL `o` asks to open from each pane, what it says when there is
//! none or it is not `http`/`https`, what `y` puts in the citation, and that
//! a long message from the loop wraps on screen instead of being cut.

use crate::common;

use common::{Screen, fixture_copy, replace_in};
use dossier::app::{Action, Effect};
use dossier_core::content::load_dir;

const WRAP: &str = "https://www.thewrap.com/iatse-amptp-ai-wages";
const VARIETY: &str = "file:///etc/passwd";

/// The reader fixture with a URL on two articles (the third has none).
fn with_urls(name: &str) -> Screen {
    let dir = fixture_copy(name);
    replace_in(
        &dir.join("articles/thewrap-second-week.txt"),
        "+++\ntitle",
        &format!("+++\nurl = \"{WRAP}\"\ntitle"),
    );
    replace_in(
        &dir.join("articles/variety-ai-deal.txt"),
        "+++\ntitle",
        &format!("+++\nurl = \"{VARIETY}\"\ntitle"),
    );
    let d = load_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    Screen::new(d, 80, 24)
}

fn opened(s: &mut Screen) -> Option<String> {
    std::mem::take(&mut s.effects)
        .into_iter()
        .find_map(|e| match e {
            Effect::Open(url) => Some(url),
            _ => None,
        })
}

#[test]
fn o_opens_the_article_in_view_from_every_pane() {
    let mut s = with_urls("open-panes");
    // The list: the event's source leads to TheWrap's article.
    s.keys("j");
    s.keys("o");
    assert_eq!(opened(&mut s).as_deref(), Some(WRAP), "{}", s.text());
    // The article pane, after following the source.
    s.keys("\n");
    s.keys("o");
    assert_eq!(opened(&mut s).as_deref(), Some(WRAP));
    // The details, on the source link.
    s.keys("2");
    s.keys("o");
    assert_eq!(opened(&mut s).as_deref(), Some(WRAP));
    // Nothing is claimed before the opener is started: the loop says that.
    assert!(!s.text().contains("Opening"), "{}", s.text());
}

#[test]
fn o_says_why_it_opens_nothing() {
    let mut s = with_urls("open-refused");
    // The articles list, in file order: no URL, TheWrap, then a file: URL.
    s.keys("a");
    s.keys("o");
    assert_eq!(opened(&mut s), None);
    assert!(s.text().contains("No URL for this article"), "{}", s.text());
    s.keys("j");
    s.keys("o");
    assert_eq!(opened(&mut s).as_deref(), Some(WRAP));
    s.keys("j");
    s.keys("o");
    assert_eq!(opened(&mut s), None);
    let text = common::flat(&s.text());
    assert!(
        text.contains("Not opened: only http and https URLs are opened"),
        "{text}"
    );
    // The URL may wrap after a slash.
    assert!(
        text.replace(' ', "")
            .contains("thisoneisfile:///etc/passwd"),
        "{text}"
    );
}

#[test]
fn y_cites_outlet_title_date_and_url() {
    let mut s = with_urls("copy-cite");
    s.keys("j\n");
    s.keys("y");
    let clip = s.clipboard().expect("y copies").to_string();
    assert!(clip.starts_with('“'), "{clip}");
    assert!(
        clip.ends_with(&format!(
            "” — TheWrap, “IATSE and Studios Talk AI Protections, Wages in Latest Negotiations”, May 2024, {WRAP}"
        )),
        "{clip}"
    );
    assert!(!clip.chars().any(char::is_control), "{clip:?}");
}

#[test]
fn a_long_message_wraps_above_the_status_line() {
    let mut s = Screen::new(common::fixture(), 80, 24);
    let said = "Nothing reached the clipboard: tmux's set-clipboard is off, which drops \
                programs' requests. To enable it, add `set -g set-clipboard on` to \
                ~/.tmux.conf (now: `tmux set -g set-clipboard on`)";
    s.apply(Action::Outcome(said.into()));
    s.draw();
    let text = s.text();
    assert!(common::flat(&text).contains(said), "{text}");
    assert!(
        !text.contains('…') || !text.lines().last().unwrap_or("").contains('…'),
        "{text}"
    );
    // The next key clears it and the panes are whole again.
    s.keys("j");
    assert!(!s.text().contains("set-clipboard"), "{}", s.text());
}
