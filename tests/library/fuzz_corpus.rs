//! Replays the committed fuzz corpus (`fuzz/corpus/`) and the inputs that once
//! failed (`fuzz/regressions/`) through the fuzz targets' own checks, so every
//! `cargo test` guards what fuzzing found, without cargo-fuzz.

use crate::harness;

use std::path::Path;

type Target = fn(&[u8]);

const TARGETS: [(&str, Target); 4] = [
    ("frontmatter", harness::frontmatter),
    ("entity", harness::entity),
    ("quote", harness::quote),
    ("loader", harness::loader),
];

/// Runs every file under `fuzz/<kind>/<target>/` through its target; returns how many.
fn replay(kind: &str, name: &str, target: Target) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz")
        .join(kind)
        .join(name);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return 0;
    };
    let mut n = 0;
    for entry in entries {
        let path = entry.expect("corpus entry").path();
        let data = std::fs::read(&path).expect("corpus file");
        let result = std::panic::catch_unwind(|| target(&data));
        assert!(result.is_ok(), "{name}: {} fails", path.display());
        n += 1;
    }
    n
}

#[test]
fn every_corpus_input_passes_its_target() {
    for (name, target) in TARGETS {
        let n = replay("corpus", name, target);
        assert!(n > 0, "no corpus for the {name} target");
    }
}

#[test]
fn every_past_failure_passes_now() {
    let n: usize = TARGETS
        .iter()
        .map(|&(name, t)| replay("regressions", name, t))
        .sum();
    assert!(n > 0, "the regression inputs are missing");
}

/// The splitter the loader target uses: a duplicated path keeps the first file,
/// as a folder would, and text before the first mark is ignored.
#[test]
fn loader_inputs_split_into_files() {
    let files = harness::files_of(b"junk\n==> a.txt\nA\n==> b.toml\nB\n==> a.txt\nC\n");
    assert_eq!(
        files,
        [
            ("a.txt".to_string(), b"A\n".to_vec()),
            ("b.toml".to_string(), b"B\n".to_vec())
        ]
    );
}
