//! A glance at an entry file: its top-level lines of a few chosen keys,
//! found without parsing the rest (the summary, the sources), for a first
//! screen that cannot wait for every file to be parsed ([`super::preview`]).
//!
//! The glance only finds where each top-level `key = value` line starts and
//! ends: the kept lines are then parsed as TOML by the same code as a whole
//! file's, so a value means the same in both. Anything the glance is not
//! sure of (a quoted or dotted key, a line it cannot end) gives up, and the
//! caller parses the whole file instead.

// Input decides every index here: reach values with `get`.
#![deny(clippy::indexing_slicing)]

use std::ops::Range;

/// The most lines a glance keeps: each kept key once (a key given twice is
/// the parser's to report).
pub(super) const MAX_KEPT: usize = 8;

/// What a glance found.
pub(super) struct Glance {
    /// Each kept key's line, in the file's order: kept in place, as a
    /// glance is made for every entry file of a large dossier.
    kept: [Option<Line>; MAX_KEPT],
    /// Whether the key asked about (not kept) is there.
    pub flagged: bool,
}

/// One kept `key = value` line: its key, where it starts, and where its
/// value starts and ends.
pub(super) struct Line {
    pub key: &'static str,
    pub start: usize,
    pub value: Range<usize>,
}

impl Glance {
    /// Each kept key's line, in the file's order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.kept.iter().map_while(Option::as_ref)
    }

    /// The line of `key`, when it is kept once.
    pub fn line(&self, key: &str) -> Option<&Line> {
        let mut of_key = self.lines().filter(|l| l.key == key);
        let line = of_key.next()?;
        of_key.next().is_none().then_some(line)
    }

    /// The lines without `key`'s.
    pub fn forget(&mut self, key: &str) {
        let mut kept: [Option<Line>; MAX_KEPT] = Default::default();
        let others = self.kept.iter_mut().filter_map(Option::take);
        for (slot, line) in kept.iter_mut().zip(others.filter(|l| l.key != key)) {
            *slot = Some(line);
        }
        self.kept = kept;
    }

    /// The kept lines, each whole, as a TOML text of their own; `None` if
    /// one is not UTF-8.
    pub fn text(&self, file: &[u8]) -> Option<String> {
        let mut out = String::new();
        for l in self.lines() {
            out.push_str(std::str::from_utf8(file.get(l.start..l.value.end)?).ok()?);
            out.push('\n');
        }
        Some(out)
    }
}

/// A value simple enough to read without a TOML parser: a string with no
/// escape on one line, or an array of such strings; each with its place.
pub(super) enum Simple {
    Str(String, Range<usize>),
    List(Vec<(String, Range<usize>)>),
}

/// The value at `range` of `file`, when it is simple ([`Simple`]).
pub(super) fn simple(file: &[u8], range: Range<usize>) -> Option<Simple> {
    match file.get(range.start)? {
        b'"' | b'\'' => {
            let (s, r) = simple_str(file, range.start)?;
            (r.end == range.end).then(|| Simple::Str(s.to_string(), r))
        }
        b'[' => {
            let mut items = Vec::new();
            each_simple_item(file, range, |s, r| items.push((s.to_string(), r)))?;
            Some(Simple::List(items))
        }
        _ => None,
    }
}

/// Each string of the array at `range` of `file`, when it is simple (an
/// array of strings with no escape, each on one line: [`Simple::List`]),
/// given to `each` as it is, with its place; `None` when it is not, after
/// giving it those that came before.
pub(super) fn each_simple_item<'f>(
    file: &'f [u8],
    range: Range<usize>,
    mut each: impl FnMut(&'f str, Range<usize>),
) -> Option<()> {
    if file.get(range.start) != Some(&b'[') {
        return None;
    }
    let mut at = range.start + 1;
    loop {
        at = skip_blank(file, at);
        match file.get(at)? {
            b']' => return (at + 1 == range.end).then_some(()),
            b'"' | b'\'' => {
                let (s, r) = simple_str(file, at)?;
                at = skip_blank(file, r.end);
                each(s, r);
                match file.get(at)? {
                    b',' => at += 1,
                    b']' => {}
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
}

/// A string with no escape, on one line, starting at `at`: its text, as it
/// is in `file`, and its place (quotes included).
fn simple_str(file: &[u8], at: usize) -> Option<(&str, Range<usize>)> {
    let q = *file.get(at)?;
    if file.get(at + 1) == Some(&q) {
        // Empty, or a string on several lines: left to the parser.
        return None;
    }
    let rest = file.get(at + 1..)?;
    let len = rest
        .iter()
        .position(|&c| c == q || c == b'\\' || c == b'\n' || c == b'\r')?;
    if rest.get(len) != Some(&q) {
        return None;
    }
    let text = std::str::from_utf8(rest.get(..len)?).ok()?;
    // Control characters other than a tab are the parser's to refuse: the
    // characters are looked at only where a byte may start one.
    let suspect = |c: &u8| crate::text::may_start_control(*c) && *c != b'\t';
    if text.as_bytes().iter().any(suspect) && text.chars().any(|c| c.is_control() && c != '\t') {
        return None;
    }
    Some((text, at..at + len + 2))
}

/// The top-level lines of `keep` in `b` (which starts after any BOM), and
/// whether key `flag` is there; `None` when the file's shape is not one
/// the glance is sure of. Only ASCII is looked at: no byte of a character
/// written in several bytes is ASCII.
pub(super) fn glance(b: &[u8], keep: &[&'static str], flag: &str) -> Option<Glance> {
    let mut at = 0;
    let mut out = Glance {
        kept: Default::default(),
        flagged: false,
    };
    let mut kept = 0;
    loop {
        at = skip_blank(b, at);
        match b.get(at) {
            None | Some(b'[') => return Some(out),
            Some(b'#') => {
                at = line_end(b, at);
                continue;
            }
            _ => {}
        }
        let start = at;
        let key_end = bare_key(b, at)?;
        let key = b.get(start..key_end)?;
        at = skip_space(b, key_end);
        if b.get(at) != Some(&b'=') {
            return None;
        }
        at = skip_space(b, at + 1);
        let value_start = at;
        let value_end = value(b, at)?;
        at = skip_space(b, value_end);
        if b.get(at) == Some(&b'#') {
            at = line_end(b, at);
        }
        match b.get(at) {
            None => {}
            Some(b'\n') => at += 1,
            Some(b'\r') if b.get(at + 1) == Some(&b'\n') => at += 2,
            Some(_) => return None,
        }
        if let Some(&k) = keep.iter().find(|k| k.as_bytes() == key) {
            // More lines than keys: a key given twice.
            *out.kept.get_mut(kept)? = Some(Line {
                key: k,
                start,
                value: value_start..value_end,
            });
            kept += 1;
        }
        out.flagged |= key == flag.as_bytes();
    }
}

/// Past spaces, tabs and line ends.
fn skip_blank(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// Past spaces and tabs.
fn skip_space(b: &[u8], mut at: usize) -> usize {
    while matches!(b.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

/// Where the line that `at` is on ends (at its `\n`, or the text's end).
fn line_end(b: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', b.get(at..).unwrap_or_default()).map_or(b.len(), |n| at + n)
}

/// The end of a bare key starting at `at`; none for an empty, quoted or
/// dotted one.
fn bare_key(b: &[u8], mut at: usize) -> Option<usize> {
    let start = at;
    while b
        .get(at)
        .is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-'))
    {
        at += 1;
    }
    let next = b.get(skip_space(b, at));
    (at > start && next != Some(&b'.')).then_some(at)
}

/// The end of the value that starts at `at`.
fn value(b: &[u8], at: usize) -> Option<usize> {
    match b.get(at)? {
        b'"' | b'\'' => string(b, at),
        b'[' | b'{' => nested(b, at),
        // A number, a boolean or a date: up to a comment or the line's end.
        _ => {
            let mut end = at;
            while b
                .get(end)
                .is_some_and(|c| !matches!(c, b'#' | b'\n' | b'\r'))
            {
                end += 1;
            }
            while end > at && matches!(b.get(end - 1), Some(b' ' | b'\t')) {
                end -= 1;
            }
            (end > at).then_some(end)
        }
    }
}

/// The end of the string (basic or literal, on one line or several) that
/// starts at `at`.
fn string(b: &[u8], at: usize) -> Option<usize> {
    let q = *b.get(at)?;
    let escapes = q == b'"';
    let triple = b.get(at + 1) == Some(&q) && b.get(at + 2) == Some(&q);
    if !triple && b.get(at + 1) == Some(&q) {
        // The empty string.
        return Some(at + 2);
    }
    let mut i = at + if triple { 3 } else { 1 };
    loop {
        // Straight to the next byte that matters: the quote, a backslash
        // in a string with escapes, a line's end in a string on one line.
        let rest = b.get(i..)?;
        i += match (escapes, triple) {
            (true, true) => memchr::memchr2(q, b'\\', rest),
            (true, false) => memchr::memchr3(q, b'\\', b'\n', rest),
            (false, true) => memchr::memchr(q, rest),
            (false, false) => memchr::memchr2(q, b'\n', rest),
        }?;
        let c = *b.get(i)?;
        if escapes && c == b'\\' {
            i += 2;
            continue;
        }
        if c == b'\n' && !triple {
            return None;
        }
        if c == q {
            if !triple {
                return Some(i + 1);
            }
            let mut run = 0;
            while b.get(i + run) == Some(&q) {
                run += 1;
            }
            // Up to two quotes may end the text just before the closing three.
            match run {
                0..=2 => i += run,
                3..=5 => return Some(i + run),
                _ => return None,
            }
            continue;
        }
        i += 1;
    }
}

/// The end of the array or inline table that starts at `at`: brackets and
/// braces counted, strings and comments passed over.
fn nested(b: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    loop {
        match *b.get(i)? {
            b'[' | b'{' => {
                depth += 1;
                i += 1;
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                i += 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            b'"' | b'\'' => i = string(b, i)?,
            b'#' => i = line_end(b, i),
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEEP: &[&str] = &["title", "date", "after"];

    /// The kept lines as a text, and whether `flag` is there.
    fn kept(text: &str, flag: &str) -> Option<(String, bool)> {
        let g = glance(text.as_bytes(), KEEP, flag)?;
        Some((g.text(text.as_bytes())?, g.flagged))
    }

    fn read(text: &str) -> Option<Simple> {
        simple(text.as_bytes(), 0..text.len())
    }

    #[test]
    fn a_line_is_found_by_its_key_when_kept_once_and_can_be_forgotten() {
        let text = "title = \"A\"\ndate = \"2024\"\nafter = \"x\"\n";
        let mut g = glance(text.as_bytes(), KEEP, "").unwrap();
        let date = g.line("date").unwrap();
        assert_eq!(&text[date.value.clone()], "\"2024\"");
        g.forget("date");
        assert!(g.line("date").is_none());
        let left: Vec<&str> = g.lines().map(|l| l.key).collect();
        assert_eq!(left, ["title", "after"]);
        assert_eq!(
            g.text(text.as_bytes()).unwrap(),
            "title = \"A\"\nafter = \"x\"\n"
        );
        // Given twice: no line is the key's.
        let twice = "date = \"1\"\ndate = \"2\"\n";
        assert!(
            glance(twice.as_bytes(), KEEP, "")
                .unwrap()
                .line("date")
                .is_none()
        );
    }

    #[test]
    fn each_item_of_a_simple_array_is_given_as_it_is_in_the_file() {
        let each = |text: &str| {
            let mut items = Vec::new();
            let whole = each_simple_item(text.as_bytes(), 0..text.len(), |s, r| {
                assert_eq!(&text[r.start + 1..r.end - 1], s);
                items.push(s.to_string());
            });
            (whole.is_some(), items)
        };
        assert_eq!(
            each("[\"a\", 'b' ,\n \"c\",]"),
            (true, vec!["a".into(), "b".into(), "c".into()])
        );
        assert_eq!(each("[]"), (true, vec![]));
        // Not simple: those before are given, and the whole is refused.
        assert_eq!(each("[\"a\", \"b\\u002d\"]"), (false, vec!["a".into()]));
        assert_eq!(each("[\"a\" # note\n]"), (false, vec!["a".into()]));
        assert_eq!(each("\"a\""), (false, vec![]));
        assert_eq!(each("[\"a\"] x"), (false, vec!["a".into()]));
    }

    #[test]
    fn a_key_kept_more_often_than_there_is_room_gives_up() {
        let twice = "title = \"a\"\n".repeat(MAX_KEPT);
        let g = glance(twice.as_bytes(), KEEP, "").unwrap();
        assert_eq!(g.lines().count(), MAX_KEPT);
        let more = "title = \"a\"\n".repeat(MAX_KEPT + 1);
        assert!(glance(more.as_bytes(), KEEP, "").is_none());
    }

    #[test]
    fn keeps_the_chosen_top_level_lines_and_stops_at_the_first_table() {
        let text = "title = \"A [deal]\" # said\n\nsummary = \"\"\"\ndate = \"no\"\n\\\"\"\" still \"\"\"\ndate = \"2024-10\"\nissues = [\n  \"a\", # one\n  \"b\",\n]\nafter = ['x', 'y']\n[[sources]]\ndate = \"2020\"\n";
        let (lines, flagged) = kept(text, "issues").expect("a plain file");
        assert_eq!(
            lines,
            "title = \"A [deal]\"\ndate = \"2024-10\"\nafter = ['x', 'y']\n"
        );
        assert!(flagged);
        assert!(!kept(text, "disputed").expect("a plain file").1);
    }

    #[test]
    fn a_closing_run_of_quotes_keeps_up_to_two_in_the_text() {
        let text = "summary = \"\"\"He said \"no\"\"\"\"\ndate = \"2024\"\n";
        assert_eq!(kept(text, "").expect("a plain file").0, "date = \"2024\"\n");
        let text = "summary = '''it's'''''\ntitle = 'x'\n";
        assert_eq!(kept(text, "").expect("a plain file").0, "title = 'x'\n");
    }

    #[test]
    fn an_escaped_quote_ends_no_string_and_a_literal_string_has_no_escapes() {
        let text = "title = \"say \\\"hi\\\" [x]\"\nsummary = 'C:\\dir\\'\ndate = \"2024\"\n";
        assert_eq!(
            kept(text, "").expect("a plain file").0,
            "title = \"say \\\"hi\\\" [x]\"\ndate = \"2024\"\n"
        );
    }

    #[test]
    fn a_control_character_is_the_parsers_and_a_character_like_one_is_not() {
        // U+0085 and U+009F are controls, written 0xC2 0x85 and 0xC2 0x9F;
        // the cent sign (0xC2 0xA2) and a no-break space (0xC2 0xA0) are not.
        for text in ["\"a\u{85}b\"", "\"\u{9f}\"", "'a\u{7f}'", "\"a\u{1}\""] {
            assert!(read(text).is_none(), "{text:?}");
        }
        for text in ["\"5\u{a2}\"", "\"a\u{a0}b\"", "\"a\tb\"", "'Café'"] {
            assert!(matches!(read(text), Some(Simple::Str(..))), "{text:?}");
        }
    }

    #[test]
    fn gives_up_where_it_is_not_sure() {
        for text in [
            "\"title\" = \"x\"\n",
            "date.from = \"2024\"\n",
            "title = \"unclosed\ndate = \"2024\"\n",
            "title \"x\"\n",
            "title = \"x\" y\n",
            "summary = \"\"\"never closed\n",
            "issues = [\"a\"\n",
            "= \"x\"\n",
        ] {
            assert!(glance(text.as_bytes(), KEEP, "").is_none(), "{text:?}");
        }
    }

    #[test]
    fn numbers_dates_and_empty_strings_end_where_their_line_does() {
        let text = "date = 2024-10-05 # a TOML date\ntitle = \"\"\ncount = 3\n";
        assert_eq!(
            kept(text, "").expect("a plain file").0,
            "date = 2024-10-05\ntitle = \"\"\n"
        );
    }

    #[test]
    fn strings_and_lists_of_strings_with_no_escape_are_simple() {
        let Some(Simple::Str(s, r)) = read("\"Café ‘deal’\"") else {
            panic!("a string");
        };
        assert_eq!((s.as_str(), r), ("Café ‘deal’", 0..18));
        let Some(Simple::List(items)) = read("[ \"a\", 'b' ,\n \"c\", ]") else {
            panic!("a list");
        };
        let ids: Vec<&str> = items.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(ids, ["a", "b", "c"]);
        assert_eq!(items.get(1).map(|i| i.1.clone()), Some(7..10));
        assert!(matches!(read("[]"), Some(Simple::List(v)) if v.is_empty()));
    }

    #[test]
    fn anything_else_is_left_to_the_parser() {
        for text in [
            "\"a\\nb\"",
            "\"\"",
            "\"\"\"x\"\"\"",
            "2024-10-05",
            "[\"a\" \"b\"]",
            "[1]",
            "{ a = 1 }",
            "\"a\tb\u{7}\"",
            "\"a\" ",
        ] {
            assert!(read(text).is_none(), "{text:?}");
        }
    }
}
