//! Every escaper of the project in one place: text written into another
//! syntax (HTML, Markdown, TOML, JSON, a URL's text fragment, GitHub's
//! workflow commands) so that it reads back as exactly that text and never
//! as the syntax's own markup. The reader, the command line and the exports
//! call these; no other module writes an escape of its own
//! (`tests/library/architecture.rs` checks it).
//!
//! Each escaper says what it guarantees. Those whose output may reach a
//! terminal (TOML blocks, `check`'s JSON, workflow commands) also keep out
//! every character a terminal would act on, using [`crate::text`], which
//! holds the terminal's own sanitising (characters replaced by visible
//! stand-ins, not escaped: nothing there reads back).

use std::borrow::Cow;
use std::fmt::Write as _;

use crate::text::{display_char, is_inert, sanitize_multiline};

// ---------------------------------------------------------------------------
// Pages: HTML and Markdown

/// Content text with the characters no page should carry replaced by visible
/// stand-ins: C0 and C1 controls (newlines and tabs kept), DEL, and the bidi
/// embeddings, overrides and isolates that could make text read backwards.
/// Everything else (emoji, joiners, marks) is kept for the browser to draw.
///
/// Guarantees: the result holds no control character but `\t` and `\n`, and
/// no bidi embedding, override or isolate; borrowed when there was none.
pub fn page_clean(s: &str) -> Cow<'_, str> {
    let bad = |c: char| {
        matches!(c, '\0'..='\x08' | '\x0b'..='\x1f' | '\x7f'..='\u{9f}'
            | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| if bad(c) { display_char(c) } else { c })
            .collect(),
    )
}

/// Appends `s` escaped for HTML text and attribute values alike: `&`, `<`,
/// `>`, `"` and `'` as character references, control characters and bidi
/// overrides as visible stand-ins (see [`page_clean`]).
///
/// Guarantees: inside an element or a quoted attribute value (either
/// quote), the output shows as the cleaned text and opens no tag, entity or
/// attribute.
pub fn html_into(out: &mut String, s: &str) {
    let s = page_clean(s);
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// One line of content text escaped for Markdown (CommonMark and GFM): every
/// ASCII punctuation mark that could start markup is backslash-escaped, a
/// `-`/`+` or `1.`/`1)` only where it would start a list, and what GitHub
/// links by itself is broken up (`www\.`, `scheme\://`) or, for an e-mail
/// address, put in a code span. Tabs and line feeds become spaces.
///
/// Guarantees: the result is one line that renders as exactly these
/// characters and never as markup or a link. It does not clean control
/// characters: give it [`page_clean`]ed text.
pub fn markdown_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 8);
    let chars: Vec<char> = line.chars().collect();
    let mut only_digits = true;
    let mut line_start = true;
    // Where each character's output starts.
    let mut starts: Vec<usize> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        starts.push(out.len());
        // An e-mail address: GitHub's renderer (cmark-gfm's autolink
        // extension) links it whatever is escaped in it, since it reads the
        // text after escapes are undone; a code span is the one thing it
        // leaves alone. Its characters hold no backtick.
        if c == '@'
            && let Some((from, to)) = email_around(&chars, i)
        {
            // What of it was already written goes back into the span.
            out.truncate(starts.get(from).copied().unwrap_or(out.len()));
            out.push('`');
            out.extend(&chars[from..to]);
            out.push('`');
            starts.resize(to, out.len());
            i = to;
            line_start = false;
            only_digits = false;
            continue;
        }
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '!' | '|' | '~'
            | '&' | '$' | '=' | '^' | '@' => true,
            // A list item or a heading's underline only at a line's start:
            // `SAG-AFTRA` needs no escape.
            '-' | '+' => line_start,
            // `1.` or `1)` opening a line would start a list.
            '.' | ')' if only_digits && i > 0 => true,
            // GitHub links `www.x` and `scheme://x` by itself.
            '.' => {
                i >= 3
                    && chars[i - 3..i]
                        .iter()
                        .collect::<String>()
                        .eq_ignore_ascii_case("www")
            }
            ':' => next == Some('/'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        match c {
            '\t' | '\n' => out.push(' '),
            _ => out.push(c),
        }
        only_digits = only_digits && c.is_ascii_digit();
        line_start = line_start && c.is_whitespace();
        i += 1;
    }
    out
}

/// The characters of an e-mail address around the `@` at `at`, as GitHub's
/// renderer finds one: letters, digits, `.`, `+`, `-`, `_` before it, and
/// letters, digits, `.`, `-`, `_` after it, holding a `.`.
fn email_around(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let local = |c: char| c.is_alphanumeric() || matches!(c, '.' | '+' | '-' | '_');
    let domain = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_');
    let mut from = at;
    while from > 0 && local(chars[from - 1]) {
        from -= 1;
    }
    let mut to = at + 1;
    while to < chars.len() && domain(chars[to]) {
        to += 1;
    }
    (from < at && to > at + 1 && chars[at + 1..to].contains(&'.')).then_some((from, to))
}

// ---------------------------------------------------------------------------
// Addresses

/// Appends `s` percent-encoded for a text directive (`#:~:text=`): every byte
/// but ASCII letters, digits, `.`, `_` and `~` as `%XX` (UTF-8, upper-case
/// hex).
///
/// Guarantees: the output is plain ASCII holding none of the directive's own
/// syntax (`-`, `,`, `&`) nor anything an address may not hold, and decodes
/// to `s`.
pub fn percent_fragment_into(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
}

// ---------------------------------------------------------------------------
// TOML

/// Which characters a TOML basic string escapes besides `"`, `\` and the
/// control characters TOML requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TomlEscapes {
    /// Also every character that would not show as itself on a terminal
    /// (see [`crate::text::is_inert`]) and all whitespace but the space: the
    /// string is safe to print and shows every character it holds.
    Terminal,
    /// Only what TOML requires: the control characters. For files written
    /// for a program to read (the synthetic dossiers), whose bytes must not
    /// change.
    Required,
}

/// `s` as a TOML basic string, quotes included, with [`TomlEscapes::Terminal`]:
/// line feeds as `\n`, tabs as `\t`, every other character that is not
/// inert or is whitespace other than a space as `\uXXXX` or `\UXXXXXXXX`.
///
/// Guarantees: valid TOML that reads back as `s`, on one line, holding no
/// character a terminal would act on or not show as itself.
pub fn toml_string(s: &str) -> String {
    toml_string_as(s, TomlEscapes::Terminal)
}

/// `s` as a TOML basic string, quotes included, escaped as `escapes` says;
/// line feeds are always `\n` and tabs `\t`.
///
/// Guarantees: valid TOML, on one line, that reads back as `s`.
pub fn toml_string_as(s: &str, escapes: TomlEscapes) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => push_toml_char(&mut out, c, escapes),
        }
    }
    out.push('"');
    out
}

/// Appends `c` as it may stand inside a TOML basic string printed to a
/// terminal ([`TomlEscapes::Terminal`]): `"` and `\` backslash-escaped, a
/// tab or line break too as `\uXXXX` (for a caller that has its own use for
/// them, such as a quote's whitespace).
///
/// Guarantees: what is appended reads back as `c` inside a basic string and
/// holds no character a terminal would act on.
pub fn toml_char_into(out: &mut String, c: char) {
    push_toml_char(out, c, TomlEscapes::Terminal);
}

fn push_toml_char(out: &mut String, c: char, escapes: TomlEscapes) {
    let unicode = match escapes {
        // Whitespace other than a space looks like one, or like nothing.
        TomlEscapes::Terminal => c.is_control() || (c.is_whitespace() && c != ' ') || !is_inert(c),
        TomlEscapes::Required => c.is_control(),
    };
    match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        c if unicode => {
            let n = u32::from(c);
            if n <= 0xFFFF {
                let _ = write!(out, "\\u{n:04X}");
            } else {
                let _ = write!(out, "\\U{n:08X}");
            }
        }
        c => out.push(c),
    }
}

// ---------------------------------------------------------------------------
// JSON

/// `value` as one line of JSON (serde_json's compact form) in which every
/// character a terminal would act on, or not show as itself, is a `\uXXXX`
/// escape (a character beyond the BMP as its UTF-16 pair); a line feed is
/// `\n`, `"` and `\` are backslash-escaped, `/` is left alone. `None` when
/// `value` cannot be serialised.
///
/// Guarantees: valid JSON that reads back as `value`, on one line, safe to
/// print to a terminal.
pub fn inert_json<T: serde::Serialize + ?Sized>(value: &T) -> Option<String> {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, InertJson);
    value.serialize(&mut ser).ok()?;
    String::from_utf8(buf).ok()
}

/// serde_json's compact output with the escapes of [`inert_json`].
struct InertJson;

impl serde_json::ser::Formatter for InertJson {
    fn write_char_escape<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        escape: serde_json::ser::CharEscape,
    ) -> std::io::Result<()> {
        use serde_json::ser::CharEscape as E;
        match escape {
            E::Quote => writer.write_all(b"\\\""),
            E::ReverseSolidus => writer.write_all(b"\\\\"),
            E::LineFeed => writer.write_all(b"\\n"),
            E::Solidus => writer.write_all(b"/"),
            E::Backspace => writer.write_all(b"\\u0008"),
            E::FormFeed => writer.write_all(b"\\u000c"),
            E::CarriageReturn => writer.write_all(b"\\u000d"),
            E::Tab => writer.write_all(b"\\u0009"),
            E::AsciiControl(b) => write!(writer, "\\u{:04x}", b),
        }
    }

    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if c.is_control() || !is_inert(c) {
                writer.write_all(fragment.get(start..i).unwrap_or("").as_bytes())?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = i + c.len_utf8();
            }
        }
        writer.write_all(fragment.get(start..).unwrap_or("").as_bytes())
    }
}

// ---------------------------------------------------------------------------
// GitHub Actions workflow commands

/// A workflow command's message (what follows `::`): sanitised for a
/// terminal with its line breaks kept (see [`sanitize_multiline`]), then
/// `%`, CR and LF percent-escaped.
///
/// Guarantees: one line, which GitHub shows as the sanitised text with its
/// line breaks, holding no character a terminal would act on.
pub fn workflow_data(s: &str) -> String {
    sanitize_multiline(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value (`file=…`, `title=…`): as
/// [`workflow_data`], and `:` and `,` escaped too.
///
/// Guarantees: as [`workflow_data`], and the value never ends the property
/// list or starts another property.
pub fn workflow_property(s: &str) -> String {
    workflow_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_and_cleans_controls() {
        let mut out = String::new();
        html_into(&mut out, "a\"b' <script>&amp;\u{1b}\u{202e}");
        assert_eq!(out, "a&quot;b&#39; &lt;script&gt;&amp;amp;\u{241b}\u{fffd}");
    }

    #[test]
    fn markdown_lines_stay_text() {
        assert_eq!(markdown_line("1. one"), "1\\. one");
        assert_eq!(markdown_line("see www.x.org"), "see www\\.x.org");
        assert_eq!(markdown_line("a@b.c"), "`a@b.c`");
    }

    #[test]
    fn fragments_are_percent_encoded() {
        let mut out = String::new();
        percent_fragment_into(&mut out, "a-b, c&d é");
        assert_eq!(out, "a%2Db%2C%20c%26d%20%C3%A9");
    }

    #[test]
    fn toml_strings_escape_for_the_terminal_or_only_as_required() {
        let s = "a\"b\\c\td\ne\u{a0}f\u{1b}g😀";
        assert_eq!(toml_string(s), "\"a\\\"b\\\\c\\td\\ne\\u00A0f\\u001Bg😀\"");
        assert_eq!(
            toml_string_as(s, TomlEscapes::Required),
            "\"a\\\"b\\\\c\\td\\ne\u{a0}f\\u001Bg😀\""
        );
        let mut out = String::new();
        toml_char_into(&mut out, '\t');
        toml_char_into(&mut out, '\u{1f3fb}');
        assert_eq!(out, "\\u0009\\U0001F3FB");
        for s in ["plain", s, "\u{feff}\u{202e}x\r\n"] {
            let doc = format!("v = {}", toml_string(s));
            let table: toml::Table = toml::from_str(&doc).unwrap();
            assert_eq!(table["v"].as_str(), Some(s));
        }
    }

    #[test]
    fn json_is_inert() {
        let json = inert_json(&["a\"\\/\n\t\u{1b}\u{202e}😀"]).unwrap();
        assert_eq!(json, "[\"a\\\"\\\\/\\n\\u0009\\u001b\\u202e😀\"]");
    }

    #[test]
    fn workflow_commands_keep_their_syntax() {
        assert_eq!(workflow_data("50%\nx"), "50%25%0Ax");
        assert_eq!(workflow_property("a:b,c"), "a%3Ab%2Cc");
    }
}
