//! The house's structure, read from the code's own paths: no module
//! imports one that imports it back, in either crate, through `use` lines
//! and through paths written inline (`super::update::about_len(app)`); the
//! dossier library knows no reader, and the reader's state never reads the
//! command line; every escaper lives in `dossier_core::escape`.
//!
//! A module's own parents do not count: a child naming its parent's items
//! (`super::App`) is how a folder's files share what the folder defines.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, with its module path (`app::navigate`).
fn modules(dir: &Path) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)
            .expect("read the source folder")
            .flatten()
        {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let rel = p.strip_prefix(dir).expect("inside").with_extension("");
                let mut parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    parts.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    parts.pop();
                }
                out.insert(parts.join("::"), p);
            }
        }
    }
    out
}

/// The module paths a file names: `crate::a::b`, `super::x::y`, and the
/// items of `use crate::{a, b::c}` groups, each resolved to the longest
/// known module.
fn references(module: &str, text: &str, known: &BTreeMap<String, PathBuf>) -> BTreeSet<String> {
    let parent = |m: &str| -> String {
        m.rsplit_once("::")
            .map_or(String::new(), |(p, _)| p.to_string())
    };
    let mut paths: Vec<String> = Vec::new();
    let bytes = text.as_bytes();
    let ident = |i: usize| -> usize {
        let mut j = i;
        while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || bytes[j] == b'_') {
            j += 1;
        }
        j
    };
    for lead in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(at) = text[from..].find(lead) {
            let start = from + at;
            from = start + lead.len();
            if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
                continue;
            }
            // The base module, and `super::super::` chains.
            let mut base = match lead {
                "crate::" => String::new(),
                "super::" => parent(module),
                _ => module.to_string(),
            };
            let mut i = from;
            while text[i..].starts_with("super::") {
                base = parent(&base);
                i += "super::".len();
            }
            let mut segs: Vec<String> = Vec::new();
            loop {
                if text[i..].starts_with('{') {
                    // A group: each item's first segment.
                    let end = text[i..].find('}').map_or(text.len(), |e| i + e);
                    for item in text[i + 1..end].split(',') {
                        let first = item.trim().split("::").next().unwrap_or("").trim();
                        let mut p = segs.clone();
                        p.push(first.to_string());
                        paths.push(join(&base, &p));
                    }
                    break;
                }
                let j = ident(i);
                if j == i {
                    break;
                }
                segs.push(text[i..j].to_string());
                if text[j..].starts_with("::") {
                    i = j + 2;
                } else {
                    break;
                }
            }
            paths.push(join(&base, &segs));
        }
    }
    paths
        .into_iter()
        .filter_map(|p| {
            let mut p = p;
            loop {
                if known.contains_key(&p) {
                    return Some(p);
                }
                p = p.rsplit_once("::")?.0.to_string();
            }
        })
        // Not the module itself, nor one of its parents.
        .filter(|p| p != module && !(p.is_empty() || module.starts_with(&format!("{p}::"))))
        .collect()
}

fn join(base: &str, segs: &[String]) -> String {
    let mut parts: Vec<&str> = if base.is_empty() { vec![] } else { vec![base] };
    parts.extend(segs.iter().map(String::as_str));
    parts.join("::")
}

/// Groups of modules that import each other, found by Tarjan's algorithm.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    let names: Vec<&String> = graph.keys().collect();
    let ix: BTreeMap<&String, usize> = names.iter().enumerate().map(|(i, n)| (*n, i)).collect();
    let n = names.len();
    let (mut index, mut low, mut on) = (vec![usize::MAX; n], vec![0; n], vec![false; n]);
    let (mut stack, mut next, mut out) = (Vec::new(), 0, Vec::new());
    fn visit(
        v: usize,
        g: &[Vec<usize>],
        st: &mut (Vec<usize>, Vec<usize>, Vec<bool>, Vec<usize>, usize),
        out: &mut Vec<Vec<usize>>,
    ) {
        st.0[v] = st.4;
        st.1[v] = st.4;
        st.4 += 1;
        st.3.push(v);
        st.2[v] = true;
        for &w in &g[v] {
            if st.0[w] == usize::MAX {
                visit(w, g, st, out);
                st.1[v] = st.1[v].min(st.1[w]);
            } else if st.2[w] {
                st.1[v] = st.1[v].min(st.0[w]);
            }
        }
        if st.1[v] == st.0[v] {
            let mut group = Vec::new();
            while let Some(w) = st.3.pop() {
                st.2[w] = false;
                group.push(w);
                if w == v {
                    break;
                }
            }
            if group.len() > 1 {
                out.push(group);
            }
        }
    }
    let g: Vec<Vec<usize>> = names
        .iter()
        .map(|m| {
            graph[*m]
                .iter()
                .filter_map(|t| ix.get(t).copied())
                .collect()
        })
        .collect();
    let mut st = (
        std::mem::take(&mut index),
        std::mem::take(&mut low),
        std::mem::take(&mut on),
        std::mem::take(&mut stack),
        std::mem::take(&mut next),
    );
    let mut groups = Vec::new();
    for v in 0..n {
        if st.0[v] == usize::MAX {
            visit(v, &g, &mut st, &mut groups);
        }
    }
    for group in groups {
        out.push(group.into_iter().map(|i| names[i].clone()).collect());
    }
    out
}

fn graph_of(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let known = modules(dir);
    known
        .iter()
        .map(|(m, p)| {
            let text = std::fs::read_to_string(p).expect("read a source file");
            // Code only: comments name modules without importing them.
            let code: String = text
                .lines()
                .map(|l| l.split("//").next().unwrap_or(""))
                .collect::<Vec<_>>()
                .join("\n");
            (m.clone(), references(m, &code, &known))
        })
        .collect()
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let core = circles(&graph_of(&root.join("crates/dossier-core/src")));
    assert!(core.is_empty(), "circles in dossier-core: {core:?}");
    let reader = circles(&graph_of(&root.join("src")));
    assert!(reader.is_empty(), "circles in the reader: {reader:?}");
}

#[test]
fn the_reading_of_paths_finds_inline_calls_and_groups() {
    let known: BTreeMap<String, PathBuf> =
        ["app", "app::update", "app::panes", "app::navigate", "cli"]
            .iter()
            .map(|m| (m.to_string(), PathBuf::new()))
            .collect();
    let text =
        "use super::{navigate, App};\nfn f(app: &mut App) { super::update::about_len(app); }\n";
    let refs = references("app::panes", text, &known);
    assert_eq!(
        refs,
        ["app::navigate", "app::update"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    );
    // A circle of two is found; a parent named by its child is not one.
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_string()].into());
    g.insert("b".into(), ["a".to_string()].into());
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(circles(&g).len(), 1);
}

#[test]
fn the_library_knows_no_reader_and_the_state_no_command_line() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let core = root.join("crates/dossier-core");
    let manifest = std::fs::read_to_string(core.join("Cargo.toml")).expect("the manifest");
    for reader in ["ratatui", "crossterm"] {
        assert!(
            !manifest.contains(reader),
            "dossier-core depends on {reader}"
        );
    }
    let g = graph_of(&root.join("src"));
    for (m, refs) in &g {
        if m.starts_with("app") {
            assert!(
                !refs.iter().any(|r| r == "cli" || r == "main"),
                "{m} reads the command line: {refs:?}"
            );
        }
    }
}

/// No module but `dossier_core::escape` writes an escape of its own: the
/// shipped code of every crate (tests left out: they check the escapers
/// against their own oracles) holds none of the pieces an escaper is made of.
#[test]
fn every_escaper_lives_in_the_escape_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let home = root.join("crates/dossier-core/src/escape.rs");
    // An HTML reference, a backslash-escaped quote or backslash, a percent
    // sign percent-encoded, a `\u`/`\U` escape written out, serde_json's
    // escapes.
    let pieces = [
        "\"&amp;\"",
        "\"&lt;\"",
        "\"\\\\\\\"\"",
        "\"\\\\\\\\\"",
        "\"%25\"",
        "\\\\u{",
        "\\\\U{",
        "CharEscape",
    ];
    let mut found = Vec::new();
    for dir in ["src", "crates/dossier-core/src", "crates/dossier-synth/src"] {
        for path in modules(&root.join(dir)).values() {
            if *path == home {
                continue;
            }
            let text = std::fs::read_to_string(path).expect("a source file");
            let shipped = text.split("#[cfg(test)]").next().unwrap_or("");
            for piece in pieces {
                if shipped.contains(piece) {
                    found.push(format!("{}: {piece}", path.display()));
                }
            }
        }
    }
    assert!(found.is_empty(), "escapers outside escape.rs: {found:#?}");
}

/// Every path of the project named in README.md and docs/ exists: the map
/// matches the tree.
#[test]
fn every_path_named_in_the_readme_and_docs_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs"))
        .expect("docs")
        .flatten()
    {
        if entry.path().extension().is_some_and(|e| e == "md") {
            files.push(entry.path());
        }
    }
    let starts = [
        "src/",
        "tests/",
        "crates/",
        "docs/",
        "benches/",
        "examples/",
        "fuzz/",
        ".ci/",
    ];
    let mut missing = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("a document");
        for (i, _) in text.match_indices('/') {
            // The start of the word this slash is in.
            let begin = text[..i]
                .rfind(|c: char| !(c.is_alphanumeric() || "._-/".contains(c)))
                .map_or(0, |b| {
                    b + text[b..].chars().next().map_or(1, char::len_utf8)
                });
            if begin != i - text[begin..i].len() || text[begin..i].contains('/') {
                continue;
            }
            let end = text[i..]
                .find(|c: char| !(c.is_alphanumeric() || "._-/".contains(c)))
                .map_or(text.len(), |e| i + e);
            let path = text[begin..end].trim_end_matches(['.', ',']);
            if !starts.iter().any(|s| path.starts_with(s)) {
                continue;
            }
            if !root.join(path).exists() {
                missing.push(format!("{}: {path}", f.display()));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "paths that do not exist:\n{}",
        missing.join("\n")
    );
}
