//! A small valid dossier to build test fixtures from, in memory.

#![allow(dead_code)]

use dossier::content::{Dossier, load_files};

pub const META: &str = "title = \"T\"\n";
pub const ARTICLE: &str = "+++\ntitle = \"A\"\n+++\nThe union and the studios met again.\nThe union said talks went well.\n";
pub const EVENT: &str = "title = \"E\"\ndate = \"2024-05-10\"\nissues = [\"i\"]\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"met again\"\n";
pub const ISSUE: &str =
    "title = \"I\"\nsummary = \"S\"\n\n[[sources]]\narticle = \"a\"\nquote = \"talks went well\"\n";

/// The valid base dossier with some files replaced (`None` removes one) or added.
pub fn with(changes: &[(&str, Option<&str>)]) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = [
        ("dossier.toml", META),
        ("articles/a.txt", ARTICLE),
        ("events/e.toml", EVENT),
        ("issues/i.toml", ISSUE),
    ]
    .iter()
    .map(|(p, t)| (p.to_string(), t.as_bytes().to_vec()))
    .collect();
    for (path, text) in changes {
        files.retain(|(p, _)| p != path);
        if let Some(t) = text {
            files.push((path.to_string(), t.as_bytes().to_vec()));
        }
    }
    files
}

pub fn load(changes: &[(&str, Option<&str>)]) -> Dossier {
    load_files(with(changes))
}

/// Every problem as printed, help lines included.
pub fn printed(d: &Dossier) -> Vec<String> {
    d.problems.iter().map(|p| p.to_string()).collect()
}

/// The problems of a fixture, as printed.
pub fn problems(changes: &[(&str, Option<&str>)]) -> Vec<String> {
    printed(&load(changes))
}
