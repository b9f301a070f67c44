//! Key-to-frame time: one action through `update`, then a whole frame drawn
//! into a 200×50 test terminal, on the fixture dossier and on a large
//! generated one. Run with `cargo bench --bench reader`.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use dossier::app::{Action, App, ListKind, update};
use dossier::content::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// A dossier of `events` events, `issues` issues and `articles` articles of
/// about 2 KB each, every event citing two passages.
fn generated(events: usize, issues: usize, articles: usize) -> Dossier {
    let mut d = Dossier {
        meta: Meta {
            title: "Generated".into(),
            ..Meta::default()
        },
        ..Dossier::default()
    };
    let para = "The union and the studios met again on Tuesday to discuss wages, health and pension contributions, and the use of artificial intelligence in production. ";
    for a in 0..articles {
        let mut text = String::new();
        for p in 0..14 {
            text.push_str(&format!("Paragraph {p} of article {a}. "));
            text.push_str(para);
            text.push_str("\n\n");
        }
        d.articles.push(Article {
            id: format!("a{a:05}"),
            title: format!("Article number {a} about the negotiations"),
            outlet: Some("Outlet".into()),
            published: PartialDate::month(2024, 5),
            byline: None,
            url: None,
            note: None,
            text,
            cited_by: Vec::new(),
        });
    }
    let quote = "the use of artificial intelligence in production";
    let src = |d: &Dossier, a: usize, nth: usize| {
        let text = &d.articles[a].text;
        let start = text
            .match_indices(quote)
            .nth(nth % 14)
            .map_or(0, |(i, _)| i);
        Source {
            article: ArticleIx(a),
            quote: quote.into(),
            span: start..start + quote.len(),
            note: None,
        }
    };
    for i in 0..issues {
        let sources = vec![src(&d, i % articles, i)];
        d.issues.push(Issue {
            id: format!("i{i:05}"),
            title: format!("Issue {i}"),
            summary: "What is at stake in this issue, in a few sentences of summary.".into(),
            status: Some("open".into()),
            positions: vec![("union".into(), "A position.".into())],
            related: Vec::new(),
            sources,
            events: Vec::new(),
        });
    }
    for e in 0..events {
        let sources = vec![src(&d, e % articles, e), src(&d, (e * 7) % articles, e + 3)];
        d.events.push(Event {
            id: format!("e{e:05}"),
            title: format!("Event {e}: talks continue on the main issues"),
            date: PartialDate::day(2024, 1 + (e % 12) as u8, 1 + (e % 28) as u8)
                .unwrap_or(PartialDate::year(2024)),
            end: None,
            kind: Kind::ALL[e % Kind::ALL.len()],
            issues: vec![IssueIx(e % issues), IssueIx((e * 3) % issues)],
            summary:
                "A summary of what happened, in the curator's own words, over two lines or so."
                    .into(),
            date_note: None,
            disputed: (e % 5 == 0).then(|| "The sources disagree.".into()),
            sources,
        });
    }
    d.events.sort_by_key(|e| e.date);
    derive_links(&mut d);
    d
}

const KEYS: &[Action] = &[
    Action::Down,
    Action::Down,
    Action::Follow,
    Action::NextPassage,
    Action::Down,
    Action::PageDown,
    Action::Back,
    Action::NextPane,
    Action::Down,
    Action::Follow,
    Action::Back,
    Action::Show(ListKind::Issues),
    Action::Down,
    Action::Show(ListKind::Timeline),
    Action::PageDown,
    Action::Last,
    Action::First,
    Action::Show(ListKind::Articles),
    Action::Down,
    Action::Show(ListKind::Timeline),
];

fn bench(name: &str, d: Dossier) {
    let (w, h) = (200, 50);
    let mut app = App::new(d, w, h);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    let rounds = 300;
    let mut times = Vec::with_capacity(rounds * KEYS.len());
    for _ in 0..rounds {
        for &action in KEYS {
            let t = Instant::now();
            update(&mut app, action);
            terminal
                .draw(|f| dossier::ui::render(&app, f))
                .expect("draw");
            times.push(t.elapsed());
            black_box(terminal.backend().buffer().area);
        }
    }
    times.sort();
    let pct = |p: usize| times[(times.len() - 1) * p / 100];
    let mean: Duration = times.iter().sum::<Duration>() / times.len() as u32;
    println!(
        "{name:<34} key to frame at {w}x{h}: mean {:>7.1?}  p50 {:>7.1?}  p99 {:>7.1?}  max {:>7.1?}  ({} keys)",
        mean,
        pct(50),
        pct(99),
        times[times.len() - 1],
        times.len()
    );
}

fn main() {
    bench("fixture (6 events, 3 articles)", common::fixture());
    let t = Instant::now();
    let big = generated(12_500, 500, 10_000);
    let size: usize = big.articles.iter().map(|a| a.text.len()).sum();
    eprintln!("generated {} MB in {:?}", size / 1_000_000, t.elapsed());
    bench("generated (12,500 events, 24 MB)", big);
}
/// Backlinks for the hand-built dossier, as the loader derives them.
fn derive_links(d: &mut Dossier) {
    for i in 0..d.issues.len() {
        let related = d.issues[i].related.clone();
        for r in related {
            if !d.issues[r.0].related.contains(&IssueIx(i)) {
                d.issues[r.0].related.push(IssueIx(i));
            }
        }
    }
    for issue in &mut d.issues {
        issue.related.sort();
    }
    for (e, ev) in d.events.iter().enumerate() {
        for &i in &ev.issues {
            d.issues[i.0].events.push(EventIx(e));
        }
    }
    let mut cited: Vec<(ArticleIx, usize, Citer)> = Vec::new();
    for (e, ev) in d.events.iter().enumerate() {
        for (n, s) in ev.sources.iter().enumerate() {
            cited.push((s.article, s.span.start, Citer::Event(EventIx(e), n)));
        }
    }
    for (i, is) in d.issues.iter().enumerate() {
        for (n, s) in is.sources.iter().enumerate() {
            cited.push((s.article, s.span.start, Citer::Issue(IssueIx(i), n)));
        }
    }
    cited.sort();
    for (a, _, c) in cited {
        d.articles[a.0].cited_by.push(c);
    }
}
