//! The `[[sources]]` block that `dossier quote` prints: for passages of
//! every bundled article, the block pasted into an event resolves back to
//! exactly the passage it was made from.

use std::ops::Range;
use std::path::Path;

use dossier::curate::block_for;
use dossier_core::content::{Article, load_dir, load_files};
use proptest::prelude::*;

type Parts = Vec<(Article, Vec<u8>, Vec<Range<usize>>)>;

/// Each bundled article with its file as on disk and the byte ranges of its words.
fn articles() -> &'static Parts {
    static ALL: std::sync::OnceLock<Parts> = std::sync::OnceLock::new();
    ALL.get_or_init(read_articles)
}

fn read_articles() -> Parts {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let d = load_dir(&dir);
    assert_eq!(d.errors(), 0);
    d.articles
        .iter()
        .map(|a| {
            let file =
                std::fs::read(dir.join(format!("articles/{}.txt", a.id))).expect("article file");
            let mut words = Vec::new();
            let mut start = None;
            for (i, c) in a.text.char_indices().chain([(a.text.len(), ' ')]) {
                match (c.is_whitespace(), start) {
                    (true, Some(s)) => {
                        words.push(s..i);
                        start = None;
                    }
                    (false, None) => start = Some(i),
                    _ => {}
                }
            }
            (a.clone(), file, words)
        })
        .collect()
}

fn resolves_back(a: &Article, file: &[u8], span: Range<usize>) -> Result<(), TestCaseError> {
    let block = block_for(a, span.clone());
    let event =
        format!("title = \"E\"\ndate = \"2024\"\nissues = [\"i\"]\nsummary = \"S\"\n\n{block}");
    let issue = format!("title = \"I\"\nsummary = \"S\"\n\n{block}");
    let d = load_files(vec![
        ("dossier.toml".to_string(), b"title = \"T\"\n".to_vec()),
        (format!("articles/{}.txt", a.id), file.to_vec()),
        ("events/e.toml".to_string(), event.into_bytes()),
        ("issues/i.toml".to_string(), issue.into_bytes()),
    ]);
    // The article's own note may link to entries this small dossier lacks:
    // only the block's files matter here (the article loads cleanly in the
    // whole dossier, checked by `read_articles`).
    let problems: Vec<String> = d
        .problems
        .iter()
        .filter(|p| !p.path.starts_with("articles/"))
        .map(|p| p.to_string())
        .collect();
    prop_assert!(problems.is_empty(), "{block}\n{problems:?}");
    let got = &d.events[0].sources[0];
    prop_assert_eq!(got.span.clone(), span.clone(), "{}", block);
    prop_assert_eq!(
        &d.articles[0].text.as_bytes()[got.span.clone()],
        &a.text.as_bytes()[span]
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
    #[test]
    fn a_block_resolves_to_the_same_bytes(which in 0usize..1000, first in 0usize..100_000, len in 1usize..40) {
        let all = articles();
        let (a, file, words) = &all[which % all.len()];
        let first = first % words.len();
        let last = (first + len - 1).min(words.len() - 1);
        resolves_back(a, file, words[first].start..words[last].end)?;
    }
}

#[test]
fn every_paragraph_of_every_bundled_article_resolves_back() {
    for (a, file, _) in articles() {
        let mut at = 0;
        for para in a.text.split("\n\n") {
            let trimmed = para.trim();
            if !trimmed.is_empty() {
                let start = at + (para.len() - para.trim_start().len());
                resolves_back(a, file, start..start + trimmed.len()).expect("resolves");
            }
            at += para.len() + 2;
        }
    }
}
