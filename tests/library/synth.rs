//! Synthetic dossiers load with zero problems and every citation resolves to
//! the passage it copied: the generator and the loader checked against each other.

use std::path::PathBuf;

use dossier_core::content;
use dossier_synth::{self as synth, Params};

fn generate(name: &str, p: &Params) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("synth-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let stats = synth::write(p, &dir).expect("write synthetic dossier");
    assert_eq!(stats.files, 1 + p.events + p.issues + p.articles);
    // The generator must exercise the harder paths of quote matching.
    assert!(stats.with_occurrence > 0, "no citation needed occurrence");
    assert!(stats.across_lines > 0, "no citation crossed a line break");
    assert!(stats.decomposed > 0, "no article was written decomposed");
    dir
}

/// Whitespace-folded and composed text, the way the format matches quotes.
fn fold(s: &str) -> String {
    dossier_core::canonical::Canonical::new(s)
        .as_str()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn small_synthetic_dossier_loads_without_problems() {
    let p = Params {
        events: 200,
        issues: 20,
        articles: 40,
        words_per_article: 300,
        seed: 7,
    };
    let dir = generate("small", &p);
    let d = content::load_dir(&dir);
    let problems: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(d.events.len(), 200);
    assert_eq!(d.issues.len(), 20);
    assert_eq!(d.articles.len(), 40);

    let mut sources = 0;
    let all = d
        .events
        .iter()
        .flat_map(|e| &e.sources)
        .chain(d.issues.iter().flat_map(|i| &i.sources));
    for s in all {
        let text = &d.article(s.article).text;
        let passage = text.get(s.span.clone()).expect("span inside the text");
        assert_eq!(fold(passage), s.quote);
        sources += 1;
    }
    assert!(sources >= 220);
    // Every issue is touched and every article cited, as the generator promises.
    assert!(d.issues.iter().all(|i| !i.events.is_empty()));
    assert!(d.articles.iter().all(|a| !a.cited_by.is_empty()));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn another_seed_and_shape_also_loads_cleanly() {
    // As many articles as events and issues together: each is cited exactly once or twice.
    let p = Params {
        events: 30,
        issues: 30,
        articles: 60,
        words_per_article: 120,
        seed: 99,
    };
    let dir = generate("shape", &p);
    let d = content::load_dir(&dir);
    let problems: Vec<String> = d.problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "problems:\n{}", problems.join("\n"));
    assert_eq!(
        (d.events.len(), d.issues.len(), d.articles.len()),
        (30, 30, 60)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
