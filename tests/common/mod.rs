//! Test support: the fixed fixture dossier, keys as the terminal sends them,
//! and a reader drawn into a `TestBackend`.
#![allow(dead_code)]

use std::path::Path;

use dossier::app::{App, update};
use dossier::content::*;
use dossier::reader::to_action;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reader");

/// A small reader of the fixture format for the tests, enough for the
/// well-formed fixture (no validation).
pub fn fixture() -> Dossier {
    load_fixture(Path::new(FIXTURE))
}

fn read_dir_sorted(dir: &Path, ext: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .expect("fixture folder")
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            let name = p.file_name()?.to_str()?.strip_suffix(ext)?.to_string();
            Some((name, std::fs::read_to_string(&p).ok()?))
        })
        .collect();
    out.sort();
    out
}

fn s(t: &toml::Table, k: &str) -> Option<String> {
    t.get(k).and_then(|v| v.as_str()).map(str::to_string)
}

fn date(t: &toml::Table, k: &str) -> Option<PartialDate> {
    s(t, k).map(|d| PartialDate::parse(&d).expect("fixture date"))
}

fn load_fixture(root: &Path) -> Dossier {
    let meta: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("dossier.toml")).expect("dossier.toml"))
            .expect("meta");
    let mut d = Dossier {
        meta: Meta {
            title: s(&meta, "title").unwrap_or_default(),
            subtitle: s(&meta, "subtitle"),
            description: s(&meta, "description"),
        },
        ..Dossier::default()
    };
    for (id, raw) in read_dir_sorted(&root.join("articles"), ".txt") {
        let rest = raw.strip_prefix("+++\n").expect("front matter");
        let (front, text) = rest.split_once("\n+++\n").expect("front matter end");
        let t: toml::Table = toml::from_str(front).expect("front matter toml");
        d.articles.push(Article {
            id,
            title: s(&t, "title").unwrap_or_default(),
            outlet: s(&t, "outlet"),
            published: date(&t, "published"),
            byline: s(&t, "byline"),
            url: s(&t, "url"),
            note: s(&t, "note"),
            text: text.to_string(),
            cited_by: Vec::new(),
        });
    }
    let issue_files = read_dir_sorted(&root.join("issues"), ".toml");
    let issue_ids: Vec<String> = issue_files.iter().map(|(id, _)| id.clone()).collect();
    let issue_ix = |id: &str| IssueIx(issue_ids.iter().position(|i| i == id).expect("issue id"));
    let sources = |d: &Dossier, t: &toml::Table| -> Vec<Source> {
        t.get("sources")
            .and_then(|v| v.as_array())
            .map(|a| {
                a.iter()
                    .map(|s0| {
                        let st = s0.as_table().expect("source table");
                        let article = d
                            .find_article(&s(st, "article").unwrap_or_default())
                            .expect("article id");
                        let quote = s(st, "quote").unwrap_or_default();
                        let start = d
                            .article(article)
                            .text
                            .find(&quote)
                            .unwrap_or_else(|| panic!("quote not found: {quote}"));
                        Source {
                            article,
                            span: start..start + quote.len(),
                            quote,
                            note: s(st, "note"),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut events = Vec::new();
    for (id, raw) in read_dir_sorted(&root.join("events"), ".toml") {
        let t: toml::Table = toml::from_str(&raw).expect("event toml");
        events.push(dossier::content::Event {
            id,
            title: s(&t, "title").unwrap_or_default(),
            date: date(&t, "date").expect("event date"),
            end: date(&t, "end"),
            kind: s(&t, "kind")
                .and_then(|k| Kind::from_name(&k))
                .unwrap_or_default(),
            issues: t
                .get("issues")
                .and_then(|v| v.as_array())
                .map(|a| a.iter().filter_map(|v| v.as_str()).map(issue_ix).collect())
                .unwrap_or_default(),
            summary: s(&t, "summary").unwrap_or_default(),
            date_note: s(&t, "date_note"),
            disputed: s(&t, "disputed"),
            sources: sources(&d, &t),
        });
    }
    events.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
    d.events = events;
    for (id, raw) in issue_files {
        let t: toml::Table = toml::from_str(&raw).expect("issue toml");
        let positions = t
            .get("positions")
            .and_then(|v| v.as_table())
            .map(|p| {
                p.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let related = t
            .get("related")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|v| v.as_str()).map(issue_ix).collect())
            .unwrap_or_default();
        let sources = sources(&d, &t);
        d.issues.push(Issue {
            id,
            title: s(&t, "title").unwrap_or_default(),
            summary: s(&t, "summary").unwrap_or_default(),
            status: s(&t, "status"),
            positions,
            related,
            sources,
            events: Vec::new(),
        });
    }
    derive_links(&mut d);
    d
}

/// Backlinks, as the loader derives them.
pub fn derive_links(d: &mut Dossier) {
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

/// A key press as a terminal reports it.
pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new_with_kind(
        code,
        KeyModifiers::NONE,
        KeyEventKind::Press,
    ))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new_with_kind(
        KeyCode::Char(c),
        KeyModifiers::CONTROL,
        KeyEventKind::Press,
    ))
}

/// A reader on a test terminal.
pub struct Screen {
    pub app: App,
    pub terminal: Terminal<TestBackend>,
}

impl Screen {
    pub fn new(d: Dossier, w: u16, h: u16) -> Screen {
        let mut s = Screen {
            app: App::new(d, w, h),
            terminal: Terminal::new(TestBackend::new(w, h)).expect("test terminal"),
        };
        s.draw();
        s
    }

    pub fn draw(&mut self) {
        let app = &self.app;
        self.terminal
            .draw(|f| dossier::ui::render(app, f))
            .expect("draw");
    }

    /// Feeds events through the same mapping the real loop uses, then draws.
    pub fn events(&mut self, events: impl IntoIterator<Item = Event>) -> &mut Self {
        for ev in events {
            if let Event::Resize(w, h) = ev {
                self.terminal.backend_mut().resize(w, h);
            }
            if let Some(a) = to_action(&self.app, &ev) {
                update(&mut self.app, a);
            }
        }
        self.draw();
        self
    }

    /// Types keys given as a string: each character is a key; `\n` is Enter.
    pub fn keys(&mut self, keys: &str) -> &mut Self {
        let evs: Vec<Event> = keys
            .chars()
            .map(|c| match c {
                '\n' => key(KeyCode::Enter),
                '\x08' => key(KeyCode::Backspace),
                '\t' => key(KeyCode::Tab),
                '\x1b' => key(KeyCode::Esc),
                c => key(KeyCode::Char(c)),
            })
            .collect();
        self.events(evs)
    }

    /// The screen as text, one line per row.
    pub fn text(&self) -> String {
        let buf = self.terminal.backend().buffer();
        let mut out = String::new();
        for y in 0..buf.area.height {
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let sym = buf[(x, y)].symbol();
                out.push_str(sym);
                skip = unicode_width::UnicodeWidthStr::width(sym).saturating_sub(1);
            }
            out.push('\n');
        }
        out
    }
}
