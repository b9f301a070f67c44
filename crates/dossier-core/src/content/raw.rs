//! Each content file as TOML gives it, before validation. Every field is
//! optional here so that all missing required fields are reported in one
//! pass; unknown fields are refused by serde, so a typo cannot pass silently.

use std::fmt;

use serde::Deserialize;
use serde::de::{MapAccess, Visitor};
use toml::Spanned;

/// `dossier.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub title: Option<Spanned<String>>,
    pub subtitle: Option<String>,
    pub description: Option<Spanned<String>>,
    /// The language of the content, a BCP 47 tag (`en`, `fr-CA`).
    pub lang: Option<Spanned<String>>,
    /// The direction of the content's script: `ltr`, `rtl` or `auto`.
    pub dir: Option<Spanned<String>>,
    /// The sides of the dossier's positions, each key with its display name.
    pub sides: Option<std::collections::BTreeMap<String, Spanned<String>>>,
}

/// An article's front matter.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFront {
    pub title: Option<Spanned<String>>,
    pub outlet: Option<String>,
    /// A string or a bare TOML date; checked by hand.
    pub published: Option<Spanned<toml::Value>>,
    pub byline: Option<String>,
    pub url: Option<String>,
    pub note: Option<Spanned<String>>,
}

/// `events/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<toml::Value>>,
    pub end: Option<Spanned<toml::Value>>,
    /// The events this one happened on or after: an id or a list of ids.
    pub after: Option<Spanned<IdList>>,
    /// The events this one happened on or before: an id or a list of ids.
    pub before: Option<Spanned<IdList>>,
    /// The day of the week the sources give.
    pub weekday: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub issues: Option<Spanned<Vec<Spanned<String>>>>,
    pub summary: Option<Spanned<String>>,
    pub date_note: Option<Spanned<String>>,
    pub disputed: Option<Spanned<String>>,
    pub sources: Option<Spanned<Vec<Spanned<RawSource>>>>,
}

/// The fields of `events/<id>.toml` the timeline's rows and order use, as
/// a glance at the file finds them (other keys are not there to deny).
#[derive(Debug, Default, Deserialize)]
pub struct RawEventHead {
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<toml::Value>>,
    pub end: Option<Spanned<toml::Value>>,
    pub after: Option<Spanned<IdList>>,
    pub before: Option<Spanned<IdList>>,
    pub weekday: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub issues: Option<Spanned<Vec<Spanned<String>>>>,
    /// Set when the glance found the issues itself: `issues` is then not
    /// read, and not missing.
    #[serde(skip)]
    pub issues_found: bool,
}

/// The fields of `issues/<id>.toml` its row and its links use, as a
/// glance finds them.
#[derive(Debug, Default, Deserialize)]
pub struct RawIssueHead {
    pub title: Option<Spanned<String>>,
    pub related: Option<Vec<Spanned<String>>>,
}

/// `issues/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub title: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub status: Option<Spanned<String>>,
    pub related: Option<Vec<Spanned<String>>>,
    pub positions: Option<Positions>,
    pub sources: Option<Spanned<Vec<Spanned<RawSource>>>>,
}

/// One `[[sources]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub article: Option<Spanned<String>>,
    pub quote: Option<Spanned<String>>,
    pub note: Option<Spanned<String>>,
    pub occurrence: Option<Spanned<i64>>,
}

/// One id, or a list of ids, each with its place in the file.
#[derive(Debug)]
pub enum IdList {
    /// `after = "x"`: its place is the whole value's.
    One(String),
    /// `after = ["x", "y"]`.
    Many(Vec<Spanned<String>>),
}

impl IdList {
    /// Each id with its place; `whole` is the place of the whole value.
    pub fn into_spanned(self, whole: std::ops::Range<usize>) -> Vec<Spanned<String>> {
        match self {
            IdList::One(s) => vec![Spanned::new(whole, s)],
            IdList::Many(v) => v,
        }
    }
}

impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdsVisitor;
        impl<'de> Visitor<'de> for IdsVisitor {
            type Value = IdList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an event id, or a list of event ids")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<IdList, E> {
                Ok(IdList::One(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<IdList, E> {
                Ok(IdList::One(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<IdList, A::Error> {
                let mut out = Vec::new();
                while let Some(id) = seq.next_element::<Spanned<String>>()? {
                    out.push(id);
                }
                Ok(IdList::Many(out))
            }
        }
        d.deserialize_any(IdsVisitor)
    }
}

/// `[positions]`: side -> position, kept in the order of the file.
#[derive(Debug, Default)]
pub struct Positions(pub Vec<(String, Spanned<RawPosition>)>);

/// One side's position: a plain string, or a table with its text and its
/// own sources (an extension).
#[derive(Debug)]
pub enum RawPosition {
    Text(String),
    Table {
        text: Option<Spanned<String>>,
        sources: Option<Spanned<Vec<Spanned<RawSource>>>>,
    },
}

impl<'de> Deserialize<'de> for Positions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Positions;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of side = \"position\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Positions, A::Error> {
                let mut pairs = Vec::new();
                while let Some((side, position)) = map.next_entry()? {
                    pairs.push((side, position));
                }
                Ok(Positions(pairs))
            }
        }
        d.deserialize_map(PairsVisitor)
    }
}

impl<'de> Deserialize<'de> for RawPosition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PositionVisitor;
        impl<'de> Visitor<'de> for PositionVisitor {
            type Value = RawPosition;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a table with `text` and `sources`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawPosition, E> {
                Ok(RawPosition::Text(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawPosition, E> {
                Ok(RawPosition::Text(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawPosition, A::Error> {
                const FIELDS: &[&str] = &["text", "sources"];
                let mut text = None;
                let mut sources = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "text" if text.is_none() => text = Some(map.next_value()?),
                        "sources" if sources.is_none() => sources = Some(map.next_value()?),
                        "text" | "sources" => {
                            return Err(serde::de::Error::duplicate_field(if key == "text" {
                                "text"
                            } else {
                                "sources"
                            }));
                        }
                        other => return Err(serde::de::Error::unknown_field(other, FIELDS)),
                    }
                }
                Ok(RawPosition::Table { text, sources })
            }
        }
        d.deserialize_any(PositionVisitor)
    }
}
