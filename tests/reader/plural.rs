//! Counts of one read as one: a dossier with one of each (event, issue,
//! article, cited passage, link, search hit, pin, problem) is drawn in every
//! view of the reader, printed by the command line and exported, and nowhere
//! does "1" stand before a plural noun ("1 events", "Articles · 1 articles").

use crate::common;

use std::path::{Path, PathBuf};

use common::Screen;
use dossier_core::content::load_dir;

/// The plural nouns the program counts.
const PLURALS: &[&str] = &[
    "events",
    "issues",
    "articles",
    "hits",
    "passages",
    "citations",
    "problems",
    "warnings",
    "errors",
    "pins",
    "links",
    "sources",
    "entries",
    "matches",
    "lines",
    "files",
    "times",
    "sides",
    "quotes",
    "mentions",
    "days",
    "results",
];

/// Every "1 <plural>" in a text: a "1" that is a whole number (not the end
/// of 21, 3/1 or 0.1), one space, and a plural noun.
fn one_plural(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("1 ") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '/' || c == '.' || c == ',') {
            continue;
        }
        let word: String = text[at + 2..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if PLURALS.contains(&word.as_str()) {
            found.push(format!("1 {word}"));
        }
    }
    found
}

/// One event, one issue, one article with one cited passage, one error (a
/// file that does not parse) and one warning (a file that is not read).
fn one_of_each(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-one-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let files = [
        ("dossier.toml", "title = \"One of each\"\n"),
        (
            "articles/a.txt",
            "+++\ntitle = \"Talks resume\"\noutlet = \"Variety\"\npublished = \"2024-05-10\"\n\
             url = \"https://example.org/a\"\n+++\nThe union and the studios met again.\n",
        ),
        (
            "events/e.toml",
            "title = \"Talks\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"They met.\"\n\n\
             [[sources]]\narticle = \"a\"\nquote = \"met again\"\n",
        ),
        (
            "issues/i.toml",
            "title = \"Wages\"\nsummary = \"Pay.\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n",
        ),
        ("events/stray.tml", "title = \"x\"\n"),
        ("issues/broken.toml", "title = \n"),
    ];
    for (path, text) in files {
        let p = dir.join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    dir
}

fn check(what: &str, text: &str) {
    let found = one_plural(text);
    assert!(found.is_empty(), "{what}: {found:?} in\n{text}");
}

#[test]
fn the_finder_of_one_plural_finds_them() {
    assert_eq!(one_plural("Timeline · 1 events · 2024"), ["1 events"]);
    assert_eq!(one_plural("Articles · 1 articles"), ["1 articles"]);
    assert!(one_plural("1 event · 21 events · 3/1 files · 2 hits").is_empty());
}

#[test]
fn every_view_of_one_of_each_says_one_in_the_singular() {
    let dir = one_of_each("views");
    let d = load_dir(&dir);
    assert_eq!(
        (
            d.events.len(),
            d.issues.len(),
            d.articles.len(),
            d.problems.len()
        ),
        (1, 1, 1, 2),
        "{:?}",
        d.problems
    );
    for (w, h) in [(80, 24), (120, 40)] {
        let mut s = Screen::new(load_dir(&dir), w, h);
        let mut seen = Vec::new();
        let mut look = |s: &mut Screen, keys: &str| {
            s.keys(keys);
            seen.push((keys.to_string(), s.text()));
        };
        look(&mut s, "");
        look(&mut s, "2");
        look(&mut s, "j");
        look(&mut s, "\n");
        look(&mut s, "3");
        look(&mut s, "1i");
        look(&mut s, "2");
        look(&mut s, "1a");
        look(&mut s, "2");
        look(&mut s, "1t");
        look(&mut s, "m");
        look(&mut s, "'");
        look(&mut s, "\x1b");
        look(&mut s, "p");
        look(&mut s, "\x1b");
        look(&mut s, "?");
        look(&mut s, "\x1b");
        look(&mut s, "/studios");
        look(&mut s, "\n");
        look(&mut s, ":talks");
        look(&mut s, "\x1b");
        look(&mut s, "f");
        look(&mut s, "y");
        look(&mut s, "\x1b\x1b");
        look(&mut s, "A");
        look(&mut s, "\x1b");
        look(&mut s, "s");
        look(&mut s, "\x1b");
        look(&mut s, "D");
        look(&mut s, "\x1b");
        look(&mut s, "3]");
        look(&mut s, "\n");
        for (keys, text) in seen {
            check(&format!("{w}x{h} after {keys:?}"), &text);
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn run(args: &[&str]) -> String {
    crate::common::printed_by(&crate::common::dossier(args))
}

fn read_all(dir: &Path, out: &mut String) {
    for entry in std::fs::read_dir(dir).expect("read export").flatten() {
        let p = entry.path();
        if p.is_dir() {
            read_all(&p, out);
        } else if let Ok(t) = std::fs::read_to_string(&p) {
            out.push_str(&t);
        }
    }
}

#[test]
fn the_command_line_and_exports_of_one_of_each_say_one_in_the_singular() {
    let dir = one_of_each("cli");
    let content = dir.to_str().expect("utf-8 path");
    for args in [
        vec!["check", "--content", content],
        vec!["list", "--content", content],
        vec!["list", "events", "--content", content],
        vec!["show", "e", "--content", content],
        vec!["show", "a", "--content", content],
        vec!["search", "studios", "--content", content],
    ] {
        check(&format!("{args:?}"), &run(&args));
    }
    for format in ["html", "markdown", "json"] {
        let out = dir.with_extension(format);
        let _ = std::fs::remove_dir_all(&out);
        let path = out.to_str().expect("utf-8 path");
        // json writes a dossier with errors as it is; the others need leave.
        let mut args = vec!["export", "--format", format];
        if format != "json" {
            args.push("--allow-errors");
        }
        args.extend(["--content", content, "--output", path]);
        let said = run(&args);
        check(&format!("export {format}"), &said);
        let mut text = String::new();
        if out.is_dir() {
            read_all(&out, &mut text);
        } else {
            text = std::fs::read_to_string(&out).unwrap_or_default();
        }
        assert!(!text.is_empty(), "export {format}: nothing written: {said}");
        check(&format!("export {format} files"), &text);
        let _ = std::fs::remove_dir_all(&out);
        let _ = std::fs::remove_file(&out);
    }
    let _ = std::fs::remove_dir_all(&dir);
}
