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
    pub description: Option<String>,
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
    pub note: Option<String>,
}

/// `events/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub title: Option<Spanned<String>>,
    pub date: Option<Spanned<toml::Value>>,
    pub end: Option<Spanned<toml::Value>>,
    /// Extension: the id of an event this one happened after.
    pub after: Option<Spanned<String>>,
    pub kind: Option<Spanned<String>>,
    pub issues: Option<Spanned<Vec<Spanned<String>>>>,
    pub summary: Option<Spanned<String>>,
    pub date_note: Option<String>,
    pub disputed: Option<String>,
    pub sources: Option<Spanned<Vec<Spanned<RawSource>>>>,
}

/// `issues/<id>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    pub title: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub status: Option<String>,
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
    pub note: Option<String>,
    pub occurrence: Option<Spanned<i64>>,
}

/// `[positions]`: side -> stance, kept in the order of the file.
#[derive(Debug, Default)]
pub struct Positions(pub Vec<(String, String)>);

impl<'de> Deserialize<'de> for Positions {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor;
        impl<'de> Visitor<'de> for PairsVisitor {
            type Value = Positions;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of side = \"stance\"")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Positions, A::Error> {
                let mut pairs = Vec::new();
                while let Some((side, stance)) = map.next_entry::<String, String>()? {
                    pairs.push((side, stance));
                }
                Ok(Positions(pairs))
            }
        }
        d.deserialize_map(PairsVisitor)
    }
}
