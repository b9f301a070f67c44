//! Parsing a content file's TOML so that its mistakes are reported as a
//! curator needs them: a syntax error at the first place it occurs, every
//! independent schema mistake of a file that parses (not only the first),
//! in TOML's words ("array", "table"), and a duplicate key with the line of
//! its first definition.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::super::code::Code;
use toml::de::{DeArray, DeTable, DeValue, Deserializer};

/// One mistake: where (a byte range of the TOML) and what.
pub(crate) struct TomlError {
    pub(crate) code: Code,
    pub(crate) span: Option<Range<usize>>,
    pub(crate) message: String,
    pub(crate) help: Option<String>,
}

/// `src` deserialized into `T`, or every mistake found, in order.
pub(crate) fn parse<T: DeserializeOwned>(src: &str) -> Result<T, Vec<TomlError>> {
    let (root, errors) = DeTable::parse_recoverable(src);
    if !errors.is_empty() {
        // The parser recovers and may report a later error first.
        let first = errors
            .into_iter()
            .min_by_key(|e| e.span().map_or(usize::MAX, |s| s.start));
        return Err(first.map(|e| syntax(src, &e)).into_iter().collect());
    }
    let first = match T::deserialize(Deserializer::from(root)) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    // Each leaf of the document alone: a mistake in one does not hide the
    // others. Parsed again (this is the failing path only) to own the tree.
    let (root, _) = DeTable::parse_recoverable(src);
    let span = root.span();
    let mut found: Vec<TomlError> = Vec::new();
    for probe in probes(root.get_ref()) {
        if let Err(e) = T::deserialize(Deserializer::from(Spanned::new(span.clone(), probe))) {
            let error = schema(&e);
            if !found
                .iter()
                .any(|f| f.span == error.span && f.message == error.message)
            {
                found.push(error);
            }
        }
    }
    if found.is_empty() {
        found.push(schema(&first));
    }
    found.sort_by_key(|e| e.span.as_ref().map_or(0, |s| s.start));
    Err(found)
}

/// Documents of one leaf each: a key with a plain value, or a path through
/// tables and arrays of tables down to one.
fn probes<'i>(table: &DeTable<'i>) -> Vec<DeTable<'i>> {
    let mut out = Vec::new();
    for (key, value) in table.iter() {
        let one = |v: Spanned<DeValue<'i>>| {
            let mut t = DeTable::new();
            t.insert(key.clone(), v);
            t
        };
        match value.get_ref() {
            DeValue::Table(inner) => {
                let inner_probes = probes(inner);
                if inner_probes.is_empty() {
                    out.push(one(value.clone()));
                }
                for p in inner_probes {
                    out.push(one(Spanned::new(value.span(), DeValue::Table(p))));
                }
            }
            DeValue::Array(items)
                if !items.is_empty()
                    && items
                        .iter()
                        .all(|i| matches!(i.get_ref(), DeValue::Table(_))) =>
            {
                for item in items.iter() {
                    let DeValue::Table(t) = item.get_ref() else {
                        continue;
                    };
                    let mut leaves = probes(t);
                    if leaves.is_empty() {
                        leaves.push(DeTable::new());
                    }
                    for p in leaves {
                        let mut array = DeArray::new();
                        array.push(Spanned::new(item.span(), DeValue::Table(p)));
                        out.push(one(Spanned::new(value.span(), DeValue::Array(array))));
                    }
                }
            }
            _ => out.push(one(value.clone())),
        }
    }
    out
}

/// A syntax error, with the help a curator needs for the common ones.
fn syntax(src: &str, e: &toml::de::Error) -> TomlError {
    let mut message = words(e.message());
    let span = e.span();
    let mut help = None;
    if message.starts_with("duplicate key")
        && let Some(key) = span.clone().and_then(|s| src.get(s))
    {
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        message = format!("duplicate key `{key}`");
        help = first_definition(src, key, span.as_ref().map_or(0, |s| s.start));
    } else if message.starts_with("invalid basic string") {
        help = Some(
            "a \"…\" string ends on the line it starts on: close it there, or write text on several lines as \"\"\"…\"\"\"".to_string(),
        );
    } else if message.starts_with("invalid literal string") {
        help = Some(
            "a '…' string ends on the line it starts on: close it there, or write text on several lines as '''…'''".to_string(),
        );
    }
    let code = if message.starts_with("duplicate key") {
        Code::DuplicateKey
    } else {
        Code::TomlSyntax
    };
    TomlError {
        code,
        span,
        message,
        help,
    }
}

fn schema(e: &toml::de::Error) -> TomlError {
    let message = words(e.message());
    let help = super::super::suggest::unknown_field_help(&message);
    // serde's errors come as text; its fixed openings name the kind.
    let code = if message.starts_with("unknown field") {
        Code::UnknownField
    } else if message.starts_with("missing field") || message.contains("missing required field") {
        Code::MissingField
    } else {
        Code::InvalidType
    };
    TomlError {
        code,
        span: e.span(),
        message,
        help,
    }
}

/// Where `key` was first defined before `before`: as `key =` at the start of
/// a line, or as a table header `[key]` (then `[[key]]` is what was meant).
fn first_definition(src: &str, key: &str, before: usize) -> Option<String> {
    let mut offset = 0;
    for (n, line) in src.split_inclusive('\n').enumerate() {
        if offset >= before {
            break;
        }
        let t = line.trim_start();
        let header = t
            .strip_prefix('[')
            .and_then(|r| r.trim_start().strip_prefix(key))
            .is_some_and(|r| r.trim_start().starts_with(']'));
        let assignment = t
            .strip_prefix(key)
            .is_some_and(|r| r.trim_start().starts_with('='));
        if header && !t.starts_with("[[") {
            return Some(format!(
                "`[{key}]` is first defined on line {}; for a list of tables write `[[{key}]]` each time",
                n + 1
            ));
        }
        if assignment || header {
            return Some(format!("`{key}` is first defined on line {}", n + 1));
        }
        offset += line.len();
    }
    None
}

/// The message of a parse error in TOML's words, on one line.
fn words(message: &str) -> String {
    let mut m = message.trim().replace('\n', "; ");
    for (rust, toml) in [
        ("invalid type: sequence", "invalid type: array"),
        ("expected a sequence", "expected an array"),
        ("invalid type: map", "invalid type: table"),
        ("expected a map", "expected a table"),
        ("expected i64", "expected an integer"),
    ] {
        m = m.replace(rust, toml);
    }
    // serde names the Rust type of a table: `struct RawSource`.
    while let Some(at) = m.find("struct Raw") {
        let name = at + "struct ".len();
        let end = m[name..]
            .find(|c: char| !c.is_ascii_alphanumeric())
            .map_or(m.len(), |n| name + n);
        m.replace_range(at..end, "a table");
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rust_words_become_toml_words() {
        assert_eq!(
            words("invalid type: sequence, expected struct RawSource"),
            "invalid type: array, expected a table"
        );
        assert_eq!(
            words("invalid type: map, expected a sequence"),
            "invalid type: table, expected an array"
        );
        assert_eq!(
            words("invalid type: string \"x\", expected i64"),
            "invalid type: string \"x\", expected an integer"
        );
    }
}
