//! What each fuzz target does with one input, shared by the fuzz targets and by
//! `tests/library/fuzz_corpus.rs`, which replays the committed corpus under `cargo test`.
//! Each function panics only when an invariant of the loader is broken.
#![allow(dead_code)]

use dossier_core::content::fuzzing::split;
use dossier_core::content::quote::{closest, find_all, words};
use dossier_core::content::{Dossier, load_files};

/// The front matter splitter: ranges lie inside the text, in order, on
/// character boundaries.
pub fn frontmatter(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(s) = split(text) {
        assert!(s.front.start <= s.front.end && s.front.end <= s.close);
        assert!(s.close < s.body && s.body <= text.len());
        assert!(text.get(s.front.clone()).is_some());
        assert!(
            text.get(s.close..s.body)
                .is_some_and(|f| f.starts_with("+++"))
        );
        assert!(text.get(s.body..).is_some());
    }
}

const META: &[u8] = b"title = \"T\"\n";
const ARTICLE: &[u8] = b"+++\ntitle = \"A\"\n+++\nThe union and the studios met again.\n";
const ISSUE: &[u8] = b"title = \"I\"\nsummary = \"S\"\n";

/// One entity file in an otherwise valid dossier; the first byte chooses
/// which: `dossier.toml`, an article, an event or an issue.
pub fn entity(data: &[u8]) {
    let Some((&which, body)) = data.split_first() else {
        return;
    };
    let mut files = vec![
        ("dossier.toml".to_string(), META.to_vec()),
        ("articles/a.txt".to_string(), ARTICLE.to_vec()),
        ("issues/i.toml".to_string(), ISSUE.to_vec()),
    ];
    let path = match which % 4 {
        0 => "dossier.toml",
        1 => "articles/a.txt",
        2 => "events/e.toml",
        _ => "issues/i.toml",
    };
    files.retain(|(p, _)| p != path);
    files.push((path.to_string(), body.to_vec()));
    check(&files, &load_files(files.clone()));
}

/// The quote matcher: the text and the quote are split at the first NUL.
/// Every occurrence lies on character boundaries and holds exactly the quote's
/// words; the closest passage too lies on boundaries.
pub fn quote(data: &[u8]) {
    let Ok(all) = std::str::from_utf8(data) else {
        return;
    };
    let (text, quote) = all.split_once('\0').unwrap_or((all, ""));
    let ws = words(quote);
    for r in find_all(text, &ws) {
        let found = text.get(r.clone()).expect("occurrence on char boundaries");
        assert_eq!(words(found), ws, "occurrence {r:?} holds other words");
    }
    if let Some(c) = closest(text, &ws) {
        let found = text
            .get(c.span.clone())
            .expect("closest on char boundaries");
        assert!(c.first_word + c.matched <= ws.len());
        assert_eq!(words(found), ws[c.first_word..c.first_word + c.matched]);
    }
}

/// The separator between files in a `loader` input: each file is
/// `==> path\n` then its bytes.
pub const FILE_MARK: &[u8] = b"==> ";

/// A whole dossier folder, as files separated by [`FILE_MARK`] lines.
pub fn loader(data: &[u8]) {
    let files = files_of(data);
    check(&files, &load_files(files.clone()));
}

/// Splits a `loader` input into `(path, bytes)` pairs.
pub fn files_of(data: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut rest = data;
    // Text before the first mark is ignored.
    while let Some(at) = find(rest, FILE_MARK) {
        rest = &rest[at + FILE_MARK.len()..];
        let eol = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
        let path = String::from_utf8_lossy(&rest[..eol]).into_owned();
        rest = rest.get(eol + 1..).unwrap_or_default();
        let end = find(rest, b"\n==> ").map_or(rest.len(), |n| n + 1);
        // A folder holds one file per path: later duplicates are dropped.
        if !files.iter().any(|(p, _)| *p == path) {
            files.push((path, rest[..end].to_vec()));
        }
        rest = &rest[end..];
    }
    files
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// What every load must hold, whatever the input: positions inside their
/// files, resolved passages inside their articles on character boundaries,
/// and every problem printable on lines free of control characters.
fn check(files: &[(String, Vec<u8>)], d: &Dossier) {
    for p in &d.problems {
        let printed = p.to_string();
        assert!(
            !printed.chars().any(|c| c != '\n' && c.is_control()),
            "control character in {printed:?}"
        );
        if let Some(pos) = p.position {
            let file = files.iter().find(|(path, _)| *path == p.path);
            let bytes = file.map(|(_, b)| b.as_slice()).unwrap_or_default();
            assert!(inside(bytes, pos), "{p} outside its file");
        }
    }
    let sources = d.events.iter().flat_map(|e| &e.sources);
    let positions = d.issues.iter().flat_map(|i| &i.positions);
    for s in sources
        .chain(d.issues.iter().flat_map(|i| &i.sources))
        .chain(positions.flat_map(|p| &p.sources))
    {
        assert!(d.article(s.article).text.get(s.span.clone()).is_some());
    }
}

/// Whether `(line, col)` names a place in the file: a line that exists, and a
/// column at most one past its last character.
pub fn inside(bytes: &[u8], (line, col): (usize, usize)) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    match text.split('\n').nth(line.wrapping_sub(1)) {
        Some(l) => col >= 1 && col <= l.chars().count() + 1,
        None => false,
    }
}
