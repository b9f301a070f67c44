//! An issue's `[positions]`: each side's position, as a plain string or, as
//! an extension, a table with its text and its own sources.

use toml::Spanned;

use super::super::code::Code;
use super::super::draft::PositionDraft;
use super::super::links;
use super::super::pending::Pending;
use super::super::raw::{Positions, RawPosition};
use super::sources::{parse_sources, shift};

/// The positions of an issue whose TOML starts at `base` in `file`; every
/// problem is reported to `pending` (an error there leaves the issue out).
pub(super) fn parse(
    raw: Option<Positions>,
    (file, base): (&str, usize),
    pending: &mut Vec<Pending>,
) -> Vec<PositionDraft> {
    let Some(Positions(raw)) = raw else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(raw.len());
    for (side, position) in raw {
        let span = position.span();
        let at = span.start + base;
        let (text, sources) = match position.into_inner() {
            RawPosition::Text(text) => (Some(Spanned::new(at..span.end + base, text)), Vec::new()),
            RawPosition::Table { text, sources } => (
                text.map(|t| shift(t, base)),
                // A table without sources is a plain position; an empty list
                // of them is refused as an issue's is.
                match sources {
                    Some(list) => parse_sources(Some(list), (file, base), pending),
                    None => Vec::new(),
                },
            ),
        };
        let Some(text) = text else {
            pending.push(Pending::error(
                Code::MissingField,
                Some(at),
                format!("position `{side}` is missing required field `text`"),
            ));
            continue;
        };
        if text.get_ref().trim().is_empty() {
            pending.push(Pending::error(
                Code::EmptyField,
                Some(text.span().start),
                format!("position `{side}` is empty"),
            ));
            continue;
        }
        out.push(PositionDraft {
            side,
            side_at: at,
            text: links::scan(file, text, pending),
            sources,
        });
    }
    out
}
