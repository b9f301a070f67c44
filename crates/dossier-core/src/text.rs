//! Untrusted text made safe and measurable for a terminal: every character from
//! a content file passes through here before it reaches a `Span` or stdout.

use std::borrow::Cow;

use unicode_width::UnicodeWidthChar;

/// Whether `c` is a format character that text legitimately holds and that
/// browsers and word processors never show: the soft hyphen (U+00AD), the
/// zero-width space (U+200B), the zero-width non-joiner (U+200C), the word
/// joiner (U+2060) and the byte-order mark inside text (U+FEFF, the zero-width
/// no-break space). They are never written to the terminal, take no cell, and
/// are ignored when a quote or a search is matched. (Where a line is wrapped
/// at a soft hyphen, the reader shows a hyphen there.)
///
/// The zero-width joiner (U+200D) is not among them: it joins emoji into
/// clusters whose width terminals disagree on, so it stays a visible stand-in.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{2060}' | '\u{feff}'
    )
}

/// The character to write for `c`, or `None` when it is [invisible](is_invisible)
/// and must not be written at all.
pub fn shown(c: char) -> Option<char> {
    (!is_invisible(c)).then(|| display_char(c))
}

/// The character to show for `c`: `c` itself when it is inert, otherwise a
/// visible stand-in one cell wide, so that no control character, escape
/// sequence, bidi override or zero-width joiner reaches the terminal and
/// alignment stays predictable.
///
/// Newlines are the caller's business (they split lines before this is called);
/// a tab becomes a space. [Invisible](is_invisible) characters are the caller's
/// too: they are not to be written (see [`shown`]); given one anyway, this
/// returns the stand-in `�`.
pub fn display_char(c: char) -> char {
    match c {
        '\t' => ' ',
        // C0 controls, shown as their Unicode control pictures (ESC as ␛).
        '\0'..='\x1f' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\x7f' => '\u{2421}',
        // C1 controls, bidi embeddings, overrides and isolates, zero-width and
        // other invisible format characters, line and paragraph separators.
        '\u{80}'..='\u{9f}'
        | '\u{ad}'
        | '\u{61c}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}'
        | '\u{feff}'
        | '\u{fff9}'..='\u{fffb}'
        // Variation selectors: terminals disagree on whether they widen the
        // character before them, so keeping them would shift whole rows.
        | '\u{fe00}'..='\u{fe0f}'
        | '\u{e0100}'..='\u{e01ef}'
        // Skin-tone modifiers join the emoji before them into one cluster of
        // a width no two terminals agree on.
        | '\u{1f3fb}'..='\u{1f3ff}' => '\u{fffd}',
        // Regional indicators pair into flags whose width terminals disagree
        // on; their letters say the same thing in one cell each.
        '\u{1f1e6}'..='\u{1f1ff}' => {
            char::from_u32('A' as u32 + (c as u32 - 0x1f1e6)).unwrap_or('\u{fffd}')
        }
        // Anything else a terminal gives no width (combining marks excepted,
        // which attach to the previous character) is shown as a stand-in too.
        _ if c.width().is_none() => '\u{fffd}',
        _ => c,
    }
}

/// Whether a byte of UTF-8 text may be (the start of) a control character:
/// one below a space, DEL, or 0xC2, which starts U+0080 to U+009F (and
/// other characters). Text with none of these bytes has no control
/// character, so its characters need not be decoded to tell.
pub fn may_start_control(b: u8) -> bool {
    b < b' ' || b == 0x7f || b == 0xc2
}

/// Whether `c` passes through [`display_char`] unchanged.
pub fn is_inert(c: char) -> bool {
    display_char(c) == c
}

/// The text with every character passed through [`shown`]: invisible ones
/// dropped, the others inert; newlines too become stand-ins, so the result is
/// always one line.
pub fn sanitize_line(s: &str) -> Cow<'_, str> {
    if s.chars().all(is_inert) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter_map(shown).collect())
    }
}

/// Like [`sanitize_line`] but keeps line breaks (`\n`), for multi-line output.
pub fn sanitize_multiline(s: &str) -> Cow<'_, str> {
    if s.chars().all(|c| c == '\n' || is_inert(c)) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(
            s.chars()
                .filter_map(|c| if c == '\n' { Some(c) } else { shown(c) })
                .collect(),
        )
    }
}

/// Display width of a character after sanitising, in terminal cells: none
/// for an [invisible](is_invisible) one.
pub fn char_width(c: char) -> usize {
    // Printable ASCII, most of any text, takes one cell: the lookups below
    // were a twentieth of a frame's time.
    if (' '..='~').contains(&c) {
        return 1;
    }
    if is_invisible(c) {
        return 0;
    }
    display_char(c).width().unwrap_or(1)
}

/// A count with its noun, singular for one: `1 event`, `2 events`, `0 events`.
/// For a noun whose plural is not the singular with an `s`, see [`count_as`].
pub fn count(n: usize, noun: &str) -> String {
    count_as(n, noun, &format!("{noun}s"))
}

/// A count with the singular or the plural given: `1 entry`, `3 entries`.
pub fn count_as(n: usize, singular: &str, plural: &str) -> String {
    format!("{n} {}", noun(n, singular, plural))
}

/// The noun for a count: `singular` for one, else `plural`.
pub fn noun<'a>(n: usize, singular: &'a str, plural: &'a str) -> &'a str {
    if n == 1 { singular } else { plural }
}

/// Display width of a string after sanitising, in terminal cells.
pub fn width(s: &str) -> usize {
    if is_printable_ascii(s) {
        return s.len();
    }
    s.chars().map(char_width).sum()
}

/// Whether a byte is a printable ASCII character, a space to a tilde: shown
/// as it is, one cell wide, and a grapheme of its own (between two of them
/// there is always a grapheme boundary).
pub fn is_printable_byte(b: u8) -> bool {
    (b' '..=b'~').contains(&b)
}

/// Whether every byte of `s` is [printable ASCII](is_printable_byte): most
/// of any text, which then needs no width tables and no sanitising.
pub fn is_printable_ascii(s: &str) -> bool {
    s.bytes().all(is_printable_byte)
}

/// The sanitised text cut to at most `max` cells, ending in `…` when it was
/// cut. Never splits a wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return sanitize_line(s).into_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    let budget = max.saturating_sub(1);
    for c in s.chars().filter_map(shown) {
        let w = c.width().unwrap_or(1);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    if max > 0 {
        out.push('…');
    }
    out
}

/// What follows `http://` or `https://` (the scheme in any case) at the
/// start of `url`; `None` for any other scheme.
pub fn after_http_scheme(url: &str) -> Option<&str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if lower.starts_with("https://") {
        url.get(8..)
    } else if lower.starts_with("http://") {
        url.get(7..)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn counts_are_singular_for_one() {
        assert_eq!(count(0, "event"), "0 events");
        assert_eq!(count(1, "event"), "1 event");
        assert_eq!(count(2, "hit"), "2 hits");
        assert_eq!(count_as(1, "entry", "entries"), "1 entry");
        assert_eq!(count_as(7, "entry", "entries"), "7 entries");
    }

    use super::*;

    #[test]
    fn escape_sequences_become_inert() {
        let s = sanitize_line("a\x1b[2Jb\x1b]0;title\x07c\u{9b}31m");
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert_eq!(s, "a␛[2Jb␛]0;title␇c\u{fffd}31m");
    }

    #[test]
    fn the_quick_widths_of_plain_ascii_are_the_lookups_own() {
        use unicode_width::UnicodeWidthChar;
        let looked_up = |c: char| {
            if is_invisible(c) {
                0
            } else {
                display_char(c).width().unwrap_or(1)
            }
        };
        for c in (0u8..=127).map(char::from) {
            assert_eq!(char_width(c), looked_up(c), "{:x}", c as u32);
        }
        let all: String = (0u8..=127).map(char::from).collect();
        assert_eq!(width(&all), all.chars().map(looked_up).sum::<usize>());
        assert_eq!(width("plain words ~"), 13);
        assert_eq!(width("a\tb"), 1 + looked_up('\t') + 1);
    }

    #[test]
    fn bidi_and_zero_width_are_replaced() {
        for c in [
            '\u{202e}', '\u{2066}', '\u{200d}', '\u{200e}', '\u{2028}', '\u{2061}',
        ] {
            assert_eq!(display_char(c), '\u{fffd}', "{:x}", c as u32);
            assert_eq!(shown(c), Some('\u{fffd}'), "{:x}", c as u32);
            assert_eq!(char_width(c), 1);
        }
    }

    #[test]
    fn format_characters_text_holds_are_never_written() {
        for c in ['\u{ad}', '\u{200b}', '\u{200c}', '\u{2060}', '\u{feff}'] {
            assert!(is_invisible(c));
            assert_eq!(shown(c), None, "{:x}", c as u32);
            assert_eq!(char_width(c), 0);
        }
        let german = "Arbeitnehmer\u{ad}vertretungs\u{ad}gesetz";
        assert_eq!(sanitize_line(german), "Arbeitnehmervertretungsgesetz");
        assert_eq!(width(german), "Arbeitnehmervertretungsgesetz".len());
        assert_eq!(
            sanitize_multiline("a\u{200b}b\n\u{feff}c\u{2060}d"),
            "ab\ncd"
        );
        assert_eq!(truncate("ab\u{ad}cdef", 4), "abc…");
        // The joiner stays a stand-in, hostile controls too.
        assert_eq!(sanitize_line("a\u{200d}b\u{1b}"), "a\u{fffd}b␛");
    }

    #[test]
    fn emoji_sequences_terminals_disagree_on_are_broken_up() {
        // A variation selector becomes a one-cell stand-in; a flag, its letters.
        assert_eq!(sanitize_line("\u{2764}\u{fe0f}"), "\u{2764}\u{fffd}");
        assert_eq!(sanitize_line("\u{1f1eb}\u{1f1f7}"), "FR");
        assert_eq!(sanitize_line("\u{1f44d}\u{1f3fd}"), "\u{1f44d}\u{fffd}");
        assert_eq!(width("\u{2764}\u{fe0f} \u{1f1eb}\u{1f1f7}"), 5);
        // Joined emoji are split at the joiner.
        assert_eq!(
            sanitize_line("\u{1f469}\u{200d}\u{1f467}"),
            "\u{1f469}\u{fffd}\u{1f467}"
        );
    }

    #[test]
    fn ordinary_text_is_borrowed() {
        assert!(matches!(
            sanitize_line("Café “quoted” – 日本"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(sanitize_multiline("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn truncate_respects_wide_characters() {
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(width(&truncate("日本語テキスト", 7)), 7);
        assert_eq!(truncate("short", 10), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abcdef", 0), "");
    }
}
