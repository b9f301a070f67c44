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

/// What a glance found.
pub(super) struct Glance {
    /// The kept keys' lines, each whole and in the file's order, as a TOML
    /// text of their own.
    pub text: String,
    /// Whether the key asked about (not kept) is there.
    pub flagged: bool,
}

/// The top-level lines of `keep` in `text` (which starts after any BOM),
/// and whether key `flag` is there; `None` when the file's shape is not
/// one the glance is sure of.
pub(super) fn glance(text: &str, keep: &[&str], flag: &str) -> Option<Glance> {
    let b = text.as_bytes();
    let mut at = 0;
    let mut out = Glance {
        text: String::new(),
        flagged: false,
    };
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
        let key = text.get(start..key_end)?;
        at = skip_space(b, key_end);
        if b.get(at) != Some(&b'=') {
            return None;
        }
        at = skip_space(b, at + 1);
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
        if keep.contains(&key) {
            out.text.push_str(text.get(start..value_end)?);
            out.text.push('\n');
        }
        out.flagged |= key == flag;
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

    #[test]
    fn keeps_the_chosen_top_level_lines_and_stops_at_the_first_table() {
        let text = "title = \"A [deal]\" # said\n\nsummary = \"\"\"\ndate = \"no\"\n\\\"\"\" still \"\"\"\ndate = \"2024-10\"\nissues = [\n  \"a\", # one\n  \"b\",\n]\nafter = ['x', 'y']\n[[sources]]\ndate = \"2020\"\n";
        let g = glance(text, KEEP, "issues").expect("a plain file");
        assert_eq!(
            g.text,
            "title = \"A [deal]\"\ndate = \"2024-10\"\nafter = ['x', 'y']\n"
        );
        assert!(g.flagged);
        assert!(
            !glance(text, KEEP, "disputed")
                .expect("a plain file")
                .flagged
        );
    }

    #[test]
    fn a_closing_run_of_quotes_keeps_up_to_two_in_the_text() {
        let text = "summary = \"\"\"He said \"no\"\"\"\"\ndate = \"2024\"\n";
        let g = glance(text, KEEP, "").expect("a plain file");
        assert_eq!(g.text, "date = \"2024\"\n");
        let text = "summary = '''it's'''''\ntitle = 'x'\n";
        assert_eq!(
            glance(text, KEEP, "").expect("a plain file").text,
            "title = 'x'\n"
        );
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
            assert!(glance(text, KEEP, "").is_none(), "{text:?}");
        }
    }

    #[test]
    fn numbers_dates_and_empty_strings_end_where_their_line_does() {
        let text = "date = 2024-10-05 # a TOML date\ntitle = \"\"\ncount = 3\n";
        let g = glance(text, KEEP, "").expect("a plain file");
        assert_eq!(g.text, "date = 2024-10-05\ntitle = \"\"\n");
    }
}
