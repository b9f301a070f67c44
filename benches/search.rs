//! Times full-text search and picker ranking over a large dossier (10,000
//! events, 500 issues, 2,000 articles, about 24 MB of text) built in memory.
//!
//! Run with `cargo bench --bench search`; prints min and median per case.

use std::hint::black_box;
use std::time::{Duration, Instant};

use dossier_core::content::{
    Article, ArticleIx, Dossier, Event, Issue, IssueIx, Kind, PartialDate, Position, Source,
};
use dossier_core::picker::Picker;
use dossier_core::search::{Index, STEP_BYTES, Search};

const WORDS: &[&str] = &[
    "the",
    "union",
    "studios",
    "contract",
    "talks",
    "members",
    "crews",
    "wages",
    "health",
    "pension",
    "plan",
    "artificial",
    "intelligence",
    "protections",
    "negotiators",
    "said",
    "agreement",
    "tentative",
    "ratification",
    "vote",
    "deadline",
    "memo",
    "proposal",
    "residuals",
    "streaming",
    "hours",
    "rest",
    "periods",
    "turnaround",
    "safety",
    "local",
    "president",
    "statement",
    "bargaining",
    "committee",
    "producers",
    "alliance",
    "week",
    "Friday",
    "Monday",
    "Hollywood",
    "Basic",
    "Agreement",
    "IATSE",
    "AMPTP",
    "Loeb",
    "“quoted”",
    "café",
    "—",
    "and",
    "of",
    "to",
    "in",
    "a",
    "for",
    "on",
    "with",
    "that",
];

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(if self.below(15) == 0 { '\n' } else { ' ' });
            }
            s.push_str(WORDS[self.below(WORDS.len())]);
        }
        s
    }
}

fn big_dossier() -> Dossier {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut d = Dossier::default();
    for i in 0..2_000 {
        d.articles.push(Article {
            id: format!("article-{i:05}"),
            title: rng.words(9),
            outlet: Some("Variety".into()),
            published: PartialDate::month(2024, 5),
            byline: None,
            url: None,
            note: None,
            text: rng.words(1_400).into(),
            text_line: 1,
            cited_by: Vec::new(),
        });
    }
    for i in 0..500 {
        d.issues.push(Issue {
            id: format!("issue-{i:04}"),
            title: rng.words(3),
            summary: rng.words(80).into(),
            status: None,
            positions: vec![
                Position::plain("union", &rng.words(20)),
                Position::plain("studios", &rng.words(20)),
            ],
            related: Vec::new(),
            sources: Vec::new(),
            events: Vec::new(),
        });
    }
    for i in 0..10_000 {
        let article = ArticleIx(rng.below(2_000));
        d.events.push(Event {
            id: format!("event-{i:05}"),
            title: rng.words(8),
            date: PartialDate::year(2024).into(),
            end: None,
            weekday: None,
            bounds: dossier_core::content::Dating::of(PartialDate::year(2024).into(), None).bounds,
            after: Vec::new(),
            before: Vec::new(),
            kind: Kind::Talks,
            issues: vec![IssueIx(rng.below(500))],
            summary: rng.words(60).into(),
            date_note: None,
            disputed: None,
            sources: vec![Source {
                article,
                quote: String::new(),
                span: 0..0,
                note: None,
                line: 0,
            }],
        });
    }
    d
}

fn time<T>(name: &str, runs: usize, mut f: impl FnMut() -> T) {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "{name:<44} min {:>9.3} ms   median {:>9.3} ms   ({runs} runs)",
        times[0].as_secs_f64() * 1e3,
        times[runs / 2].as_secs_f64() * 1e3
    );
}

fn main() {
    let d = big_dossier();
    let bytes: usize = d
        .articles
        .iter()
        .map(|a| a.text.len() + a.title.len())
        .sum::<usize>()
        + d.events
            .iter()
            .map(|e| e.title.len() + e.summary.len())
            .sum::<usize>()
        + d.issues
            .iter()
            .map(|i| i.title.len() + i.summary.len())
            .sum::<usize>();
    println!(
        "dossier: {} events, {} issues, {} articles, {:.1} MB of searchable text",
        d.events.len(),
        d.issues.len(),
        d.articles.len(),
        bytes as f64 / 1e6
    );

    time("index: build all lowercased copies", 5, || {
        let index = Index::new(&d);
        index.build_all(&d);
        index
    });
    let index = Index::new(&d);
    index.build_all(&d);

    for query in [
        "ratification vote",
        "Tentative",
        "café",
        "zzz-not-there",
        "loeb",
    ] {
        let hits = index.search_all(&d, query).len();
        time(&format!("search {query:?} ({hits} hits)"), 21, || {
            index.search_all(&d, query)
        });
    }
    time("search \"the\" in steps of STEP_BYTES", 11, || {
        let mut s = Search::new("the");
        let mut steps = 0;
        while !s.step(&index, &d, STEP_BYTES) {
            steps += 1;
        }
        steps
    });
    let mut longest = Duration::ZERO;
    let mut s = Search::new("the");
    loop {
        let t = Instant::now();
        let done = s.step(&index, &d, STEP_BYTES);
        longest = longest.max(t.elapsed());
        if done {
            break;
        }
    }
    println!(
        "{:<44} max {:>9.3} ms",
        "one step of STEP_BYTES (\"the\")",
        longest.as_secs_f64() * 1e3
    );

    let mut picker = Picker::new(&d);
    println!("picker: {} entities", picker.len());
    for query in [
        "",
        "r",
        "ra",
        "rat",
        "ratif",
        "tentative vote",
        "event-00042",
        "ISSUE",
    ] {
        let n = picker.rank(query).len();
        time(&format!("picker rank {query:?} ({n} picks)"), 51, || {
            picker.rank(query).len()
        });
    }
    time("picker rank \"rat\" + highlight 50 rows", 51, || {
        picker.rank("rat");
        picker.highlight(0..50).len()
    });
}
