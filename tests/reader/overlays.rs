//! The overlays wrap their lines instead of cutting them: at 80×24, scrolling
//! the help from top to bottom shows every word of every line of it, and no
//! line of it ends in "…"; the same for the problems of the hostile fixture.

use crate::common;

use std::collections::BTreeSet;

use common::{Screen, fixture};
use dossier::app::keymap::{HelpLine, help_lines};

/// The text inside the overlay's box: the rows between its thick borders.
fn boxed(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter_map(|l| {
            let a = l.find('┃')?;
            let b = l.rfind('┃')?;
            (b > a).then(|| l[a + '┃'.len_utf8()..b].to_string())
        })
        .collect()
}

/// Every frame of an overlay, scrolling down one row at a time until the
/// frame no longer changes.
fn frames(s: &mut Screen) -> Vec<String> {
    let mut all = vec![s.text()];
    for _ in 0..500 {
        s.keys("j");
        let now = s.text();
        if all.last() == Some(&now) {
            break;
        }
        all.push(now);
    }
    all
}

fn words_of(frames: &[String]) -> BTreeSet<String> {
    frames
        .iter()
        .flat_map(|f| boxed(f))
        .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[test]
fn every_word_of_the_help_is_reached_at_80x24() {
    let mut s = Screen::new(fixture(), 80, 24);
    s.keys("?");
    let frames = frames(&mut s);
    assert!(frames.len() > 2, "the help does not scroll at 80x24");
    for f in &frames {
        for row in boxed(f) {
            assert!(!row.contains('…'), "a help line is cut:\n{f}");
        }
    }
    let seen = words_of(&frames);
    let mut missing = Vec::new();
    for line in help_lines() {
        let text = match line {
            HelpLine::Heading(t) | HelpLine::Text(t) => t.to_string(),
            HelpLine::Keys { keys, what } => format!("{keys} {what}"),
            HelpLine::Kind(k) => k.name().to_string(),
            HelpLine::Blank => continue,
        };
        for w in text.split_whitespace() {
            // A word may wrap after a hyphen or slash: then its parts show.
            let found = seen.contains(w)
                || seen
                    .iter()
                    .any(|s| w.starts_with(s.as_str()) && (s.ends_with('-') || s.ends_with('/')));
            if !found {
                missing.push(format!("{w:?} of {text:?}"));
            }
        }
    }
    assert!(missing.is_empty(), "never shown:\n{}", missing.join("\n"));
}

#[test]
fn every_problem_is_shown_whole_at_80x24() {
    // Problems with long lines: quotes not found in the article, and an
    // unknown article.
    let long = "the studios and the union agreed on every single point of the \
                contract after many weeks of talks in Los Angeles";
    let event = format!(
        "title = \"E\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"S\"\n\n\
         [[sources]]\narticle = \"a\"\nquote = \"met again\"\n\n\
         [[sources]]\narticle = \"a\"\nquote = \"{long}\"\n\n\
         [[sources]]\narticle = \"an-article-that-does-not-exist-anywhere-in-this-dossier\"\nquote = \"x\"\n"
    );
    let d = common::load(&[("events/e.toml", Some(&event))]);
    assert!(d.problems.len() >= 2, "{:?}", d.problems);
    assert!(
        d.problems
            .iter()
            .any(|p| p.to_string().lines().any(|l| l.chars().count() > 80)),
        "no problem wider than the screen: {:?}",
        d.problems
    );
    let mut s = Screen::new(d, 80, 24);
    s.keys("p");
    let frames = frames(&mut s);
    let shown = common::flat(
        &frames
            .iter()
            .flat_map(|f| boxed(f))
            .collect::<Vec<_>>()
            .join(" "),
    )
    .replace(' ', "");
    let problems = s.app.dossier().problems.clone();
    for p in problems {
        let text =
            dossier_core::text::sanitize_multiline(&p.to_string()).replace(char::is_whitespace, "");
        assert!(
            !text.is_empty() && shown.contains(&text),
            "problem not shown whole: {text}\n{}",
            frames.join("\n")
        );
    }
}
