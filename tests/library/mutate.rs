//! Property: whatever is done to a valid dossier's files (byte edits, deleted
//! or duplicated lines, swapped values), loading never panics and every
//! reported position lies inside its file.

use crate::common;
// Only its position check is shared with the fuzz targets.
use crate::harness;

use dossier_core::content::load_files;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Edit {
    SetByte { file: usize, at: usize, byte: u8 },
    InsertByte { file: usize, at: usize, byte: u8 },
    DeleteByte { file: usize, at: usize },
    DeleteLine { file: usize, line: usize },
    DuplicateLine { file: usize, line: usize },
    SwapValues { file: usize, a: usize, b: usize },
}

fn edit() -> impl Strategy<Value = Edit> {
    let ix = || 0usize..1000;
    // Bytes that matter to the formats, and any byte at all.
    let byte = prop_oneof![
        prop::sample::select(b"\"'[]{}=+\n\r\t #.,-0123456789abcz\\".to_vec()),
        any::<u8>(),
    ];
    prop_oneof![
        (ix(), ix(), byte.clone()).prop_map(|(file, at, byte)| Edit::SetByte { file, at, byte }),
        (ix(), ix(), byte).prop_map(|(file, at, byte)| Edit::InsertByte { file, at, byte }),
        (ix(), ix()).prop_map(|(file, at)| Edit::DeleteByte { file, at }),
        (ix(), ix()).prop_map(|(file, line)| Edit::DeleteLine { file, line }),
        (ix(), ix()).prop_map(|(file, line)| Edit::DuplicateLine { file, line }),
        (ix(), ix(), ix()).prop_map(|(file, a, b)| Edit::SwapValues { file, a, b }),
    ]
}

/// Lines with their `\n`, so that joining them gives the file back.
fn lines(bytes: &[u8]) -> Vec<Vec<u8>> {
    bytes
        .split_inclusive(|&b| b == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

fn apply(files: &mut [(String, Vec<u8>)], e: &Edit) {
    let n = files.len();
    let pick = |f: usize| f % n;
    match *e {
        Edit::SetByte { file, at, byte } => {
            let b = &mut files[pick(file)].1;
            if !b.is_empty() {
                let at = at % b.len();
                b[at] = byte;
            }
        }
        Edit::InsertByte { file, at, byte } => {
            let b = &mut files[pick(file)].1;
            let at = at % (b.len() + 1);
            b.insert(at, byte);
        }
        Edit::DeleteByte { file, at } => {
            let b = &mut files[pick(file)].1;
            if !b.is_empty() {
                let at = at % b.len();
                b.remove(at);
            }
        }
        Edit::DeleteLine { file, line } | Edit::DuplicateLine { file, line } => {
            let b = &mut files[pick(file)].1;
            let mut ls = lines(b);
            if !ls.is_empty() {
                let at = line % ls.len();
                if matches!(e, Edit::DeleteLine { .. }) {
                    ls.remove(at);
                } else {
                    let copy = ls[at].clone();
                    ls.insert(at, copy);
                }
                *b = ls.concat();
            }
        }
        Edit::SwapValues { file, a, b: other } => {
            // Swap what follows `=` on two lines.
            let b = &mut files[pick(file)].1;
            let mut ls = lines(b);
            let with_eq: Vec<usize> = (0..ls.len()).filter(|&i| ls[i].contains(&b'=')).collect();
            if with_eq.len() >= 2 {
                let (x, y) = (with_eq[a % with_eq.len()], with_eq[other % with_eq.len()]);
                let split = |l: &[u8]| {
                    let eq = l.iter().position(|&c| c == b'=').unwrap_or(0);
                    (l[..=eq].to_vec(), l[eq + 1..].to_vec())
                };
                let (kx, vx) = split(&ls[x]);
                let (ky, vy) = split(&ls[y]);
                ls[x] = [kx, vy].concat();
                ls[y] = [ky, vx].concat();
                *b = ls.concat();
            }
        }
    }
}

fn base() -> Vec<(String, Vec<u8>)> {
    let mut files = common::with(&[
        (
            "events/second.toml",
            Some(
                &common::EVENT
                    .replace("[\"i\"]", "[\"i\", \"j\"]")
                    .replace("title = \"E\"", "title = \"Second\""),
            ),
        ),
        (
            "issues/j.toml",
            Some(&format!(
                "related = [\"i\"]\n{}\n[positions]\nunion = \"u\"\n",
                common::ISSUE.replace("title = \"I\"", "title = \"J\"")
            )),
        ),
    ]);
    files.sort();
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn loading_mutated_dossiers_never_panics_and_positions_are_inside(
        edits in prop::collection::vec(edit(), 1..8)
    ) {
        let mut files = base();
        for e in &edits {
            apply(&mut files, e);
        }
        let d = load_files(files.clone());
        for p in &d.problems {
            if let Some(pos) = p.position {
                let file = files.iter().find(|(path, _)| *path == p.path);
                let file = file.map(|(_, b)| b.as_slice()).unwrap_or_default();
                prop_assert!(harness::inside(file, pos), "{} outside its file", p);
            }
        }
        // Every resolved passage lies in its article, on character boundaries.
        for s in d.events.iter().flat_map(|e| &e.sources).chain(d.issues.iter().flat_map(|i| &i.sources)) {
            prop_assert!(d.article(s.article).text.get(s.span.clone()).is_some());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// A preview (each entry file glanced at) of the same files never
    /// panics, and where the full load finds no error it shows the same
    /// rows in the same order.
    #[test]
    fn a_preview_of_mutated_dossiers_never_panics_and_agrees_with_the_full_load(
        edits in prop::collection::vec(edit(), 1..8)
    ) {
        let mut files = base();
        for e in &edits {
            apply(&mut files, e);
        }
        let dir = std::env::temp_dir().join(format!("dossier-mutate-preview-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, bytes) in &files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("a folder");
            }
            std::fs::write(&path, bytes).expect("a file");
        }
        let full = load_files(files.clone());
        let preview = dossier_core::content::preview_dir(&dir, 0, &Default::default());
        let _ = std::fs::remove_dir_all(&dir);
        if full.errors() == 0 {
            let preview = preview.expect("a preview");
            prop_assert_eq!(common::timeline_rows(&preview.dossier), common::timeline_rows(&full));
        }
    }
}

#[test]
fn the_base_of_the_property_is_valid() {
    let d = load_files(base());
    assert_eq!(d.problems, []);
}
