//! The sources of an event, an issue or a position, as parsed: shared by the
//! parser of entity files and that of positions.

use toml::Spanned;

use super::super::code::Code;
use super::super::draft::SourceDraft;
use super::super::links;
use super::super::pending::Pending;
use super::super::raw::RawSource;

/// An entity's or position's `sources`, each with its required fields;
/// `file` is the whole file, whose TOML starts at `base`.
pub(super) fn parse_sources(
    raw: Option<Spanned<Vec<Spanned<RawSource>>>>,
    (file, base): (&str, usize),
    pending: &mut Vec<Pending>,
) -> Vec<SourceDraft> {
    let Some(list) = raw else {
        pending.push(Pending::error(
            Code::MissingField,
            Some(base),
            "missing required field `sources`".to_string(),
        ));
        return Vec::new();
    };
    if list.get_ref().is_empty() {
        pending.push(Pending::error(
            Code::EmptyField,
            Some(list.span().start + base),
            "source list is empty: at least one source is required".to_string(),
        ));
    }
    // Sized exactly: a vector grown by pushing starts at four drafts, and
    // most events have one source, so that would waste three quarters of it.
    let list = list.into_inner();
    let mut out = Vec::with_capacity(list.len());
    for source in list {
        let at = source.span().start + base;
        let raw = source.into_inner();
        for (name, missing) in [
            ("article", raw.article.is_none()),
            ("quote", raw.quote.is_none()),
        ] {
            if missing {
                pending.push(Pending::error(
                    Code::MissingField,
                    Some(at),
                    format!("source is missing required field `{name}`"),
                ));
            }
        }
        let (Some(article), Some(quote)) = (raw.article, raw.quote) else {
            continue;
        };
        if quote.get_ref().trim().is_empty() {
            pending.push(Pending::error(
                Code::EmptyField,
                Some(quote.span().start + base),
                "quote is empty".to_string(),
            ));
            continue;
        }
        out.push(SourceDraft {
            article: shift(article, base),
            quote: shift(quote, base),
            occurrence: raw.occurrence.map(|o| shift(o, base)),
            note: raw.note.map(|n| links::scan(file, shift(n, base), pending)),
            resolved: None,
            line: 0,
        });
    }
    out
}

/// The same value with its span made relative to the whole file.
pub(super) fn shift<T>(v: Spanned<T>, base: usize) -> Spanned<T> {
    let span = v.span();
    Spanned::new(span.start + base..span.end + base, v.into_inner())
}
