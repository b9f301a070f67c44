//! The command line's plain-text output (`check`'s summary, `list`, `show`, `search`),
//! built as strings so it can be tested without running the program. Every
//! piece of content text passes through [`dossier_core::text`] on its way here.

use std::fmt::Write as _;

use dossier_core::content::{Dossier, EntityRef, Source, SourceRef, suggest};
use dossier_core::escape::{workflow_data, workflow_property};
use dossier_core::text::{sanitize_line, sanitize_multiline};

/// `20 events, 10 issues, 5 articles: 0 errors, 1 warning`.
pub fn summary(d: &Dossier) -> String {
    d.summary()
}

/// `id, date, end, kind, issues, title`, tab-separated, in timeline order.
pub fn list_events(d: &Dossier) -> Vec<String> {
    d.events
        .iter()
        .map(|e| {
            let issues: Vec<&str> = e.issues.iter().map(|&i| d.issue(i).id.as_str()).collect();
            format!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                e.id,
                e.date.edtf(),
                e.end.map(|x| x.iso()).unwrap_or_default(),
                e.kind.name(),
                issues.join(","),
                sanitize_line(&e.title)
            )
        })
        .collect()
}

/// `id, number of events, status, title`, tab-separated, by id.
pub fn list_issues(d: &Dossier) -> Vec<String> {
    d.issues
        .iter()
        .map(|i| {
            format!(
                "{}\t{}\t{}\t{}",
                i.id,
                i.events.len(),
                sanitize_line(i.status.as_deref().unwrap_or("")),
                sanitize_line(&i.title)
            )
        })
        .collect()
}

/// `id, published, outlet, number of citations, title`, tab-separated, by id.
pub fn list_articles(d: &Dossier) -> Vec<String> {
    d.articles
        .iter()
        .map(|a| {
            format!(
                "{}\t{}\t{}\t{}\t{}",
                a.id,
                a.published.map(|p| p.iso()).unwrap_or_default(),
                sanitize_line(a.outlet.as_deref().unwrap_or("")),
                a.cited_by.len(),
                sanitize_line(&a.title)
            )
        })
        .collect()
}

/// Every entity an id names: `event:ID`, `issue:ID` or `article:ID` name one
/// kind; a bare id names each kind that has it.
pub fn lookup(d: &Dossier, query: &str) -> Vec<EntityRef> {
    let (kinds, id) = match query.split_once(':') {
        Some(("event", id)) => ([true, false, false], id),
        Some(("issue", id)) => ([false, true, false], id),
        Some(("article", id)) => ([false, false, true], id),
        _ => ([true; 3], query),
    };
    let mut found = Vec::new();
    if kinds[0] {
        found.extend(d.find_event(id).map(EntityRef::Event));
    }
    if kinds[1] {
        found.extend(d.find_issue(id).map(EntityRef::Issue));
    }
    if kinds[2] {
        found.extend(d.find_article(id).map(EntityRef::Article));
    }
    found
}

/// The plain-text page of every entity `query` names (see [`lookup`]), or a
/// message saying nothing has that id and what was probably meant.
pub fn show(d: &Dossier, query: &str) -> Result<String, String> {
    let found = lookup(d, query);
    if found.is_empty() {
        let id = query.rsplit(':').next().unwrap_or(query);
        let ids = d
            .events
            .iter()
            .map(|e| e.id.as_str())
            .chain(d.issues.iter().map(|i| i.id.as_str()))
            .chain(d.articles.iter().map(|a| a.id.as_str()));
        let hint = suggest::closest(id, ids)
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        return Err(format!(
            "no event, issue or article with id `{}`{hint}",
            sanitize_line(query)
        ));
    }
    let pages: Vec<String> = found.into_iter().map(|r| page(d, r)).collect();
    Ok(pages.join("\n"))
}

/// `search`: one line per hit, `kind id: snippet`, and whether the search
/// stopped at its limit of hits.
/// Matching is the reader's: smart case, and whole words when `words`.
pub fn search(d: &Dossier, query: &str, words: bool) -> (Vec<String>, bool) {
    let index = dossier_core::search::Index::new(d);
    let mut s =
        dossier_core::search::Search::with_options(query, dossier_core::search::Options { words });
    while !s.step(&index, d, usize::MAX) {}
    let lines = s
        .hits()
        .iter()
        .map(|h| {
            let id = match h.entity() {
                // The dossier's own description.
                None => Some("description"),
                Some(EntityRef::Event(i)) => d.events.get(i.0).map(|e| e.id.as_str()),
                Some(EntityRef::Issue(i)) => d.issues.get(i.0).map(|x| x.id.as_str()),
                Some(EntityRef::Article(i)) => d.articles.get(i.0).map(|a| a.id.as_str()),
            };
            format!(
                "{} {}: {}",
                h.kind().name(),
                sanitize_line(id.unwrap_or("")),
                h.snippet(d).text
            )
        })
        .collect();
    (lines, s.is_truncated())
}

const LABEL: usize = 11;

/// One field: the label, then the value; continuation lines are indented.
fn field(out: &mut String, label: &str, value: &str) {
    let value = value.trim_end();
    let mut lines = value.lines();
    let first = lines.next().unwrap_or("");
    let _ = writeln!(out, "  {label:<LABEL$}{}", sanitize_line(first));
    for line in lines {
        let _ = writeln!(out, "  {:LABEL$}{}", "", sanitize_line(line));
    }
}

fn opt_field(out: &mut String, label: &str, value: Option<&str>) {
    if let Some(v) = value {
        field(out, label, v);
    }
}

/// The passage a source quotes, from the article's text, on one line.
fn passage(d: &Dossier, s: &Source) -> String {
    let text = &d.article(s.article).text;
    let quoted = text.get(s.span.clone()).unwrap_or("");
    let folded: Vec<&str> = quoted.split_whitespace().collect();
    format!("“{}”", sanitize_line(&folded.join(" ")))
}

fn sources(out: &mut String, d: &Dossier, sources: &[Source]) {
    if sources.is_empty() {
        return;
    }
    let _ = writeln!(out, "  Sources");
    source_list(out, d, sources, "    ");
}

/// Numbered sources, each with its passage and note, indented by `indent`.
fn source_list(out: &mut String, d: &Dossier, sources: &[Source], indent: &str) {
    for (n, s) in sources.iter().enumerate() {
        let a = d.article(s.article);
        let outlet = a.outlet.as_deref().unwrap_or(&a.title);
        let _ = writeln!(
            out,
            "{indent}{}. {} ({})",
            n + 1,
            a.id,
            sanitize_line(outlet)
        );
        let _ = writeln!(out, "{indent}   {}", passage(d, s));
        if let Some(note) = &s.note {
            let _ = writeln!(out, "{indent}   note: {}", sanitize_line(note));
        }
    }
}

/// The entries whose prose links to `r`, one a line: kind, id, title.
fn mentioned_by(out: &mut String, d: &Dossier, r: EntityRef) {
    let list = d.mentioned_by(r);
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "  Mentioned by");
    for &m in list {
        let (kind, id, title) = match m {
            EntityRef::Event(e) => ("event", &d.event(e).id, &d.event(e).title),
            EntityRef::Issue(i) => ("issue", &d.issue(i).id, &d.issue(i).title),
            EntityRef::Article(a) => ("article", &d.article(a).id, &d.article(a).title),
        };
        let _ = writeln!(out, "    {kind} {id}  {}", sanitize_line(title));
    }
}

fn page(d: &Dossier, r: EntityRef) -> String {
    let mut out = String::new();
    match r {
        EntityRef::Event(ix) => {
            let e = d.event(ix);
            let _ = writeln!(out, "event {}", e.id);
            field(&mut out, "Title", &e.title);
            let dating = e.dating();
            field(&mut out, "Date", &dating.label());
            if dating.label() != dating.words().trim_end_matches('.') {
                field(&mut out, "When", &dating.words());
            }
            field(&mut out, "Kind", e.kind.name());
            for (name, list) in [("After", &e.after), ("Before", &e.before)] {
                if !list.is_empty() {
                    let names: Vec<String> = list
                        .iter()
                        .map(|&a| format!("{} ({})", d.event(a).title, d.event(a).id))
                        .collect();
                    field(&mut out, name, &names.join(", "));
                }
            }
            let issues: Vec<String> = e
                .issues
                .iter()
                .map(|&i| format!("{} ({})", d.issue(i).id, d.issue(i).title))
                .collect();
            field(&mut out, "Issues", &issues.join(", "));
            field(&mut out, "Summary", &e.summary);
            opt_field(&mut out, "Date note", e.date_note.as_deref());
            opt_field(&mut out, "Disputed", e.disputed.as_deref());
            sources(&mut out, d, &e.sources);
        }
        EntityRef::Issue(ix) => {
            let i = d.issue(ix);
            let _ = writeln!(out, "issue {}", i.id);
            field(&mut out, "Title", &i.title);
            opt_field(&mut out, "Status", i.status.as_deref());
            field(&mut out, "Summary", &i.summary);
            if !i.positions.is_empty() {
                let _ = writeln!(out, "  Positions");
                for p in &i.positions {
                    let _ = writeln!(
                        out,
                        "    {}: {}",
                        sanitize_line(&p.side),
                        sanitize_line(p.text.trim())
                    );
                    source_list(&mut out, d, &p.sources, "      ");
                }
            }
            let related: Vec<String> = i
                .related
                .iter()
                .map(|&r| format!("{} ({})", d.issue(r).id, d.issue(r).title))
                .collect();
            if !related.is_empty() {
                field(&mut out, "Related", &related.join(", "));
            }
            if !i.events.is_empty() {
                let _ = writeln!(out, "  Events");
                for &e in &i.events {
                    let e = d.event(e);
                    let _ = writeln!(
                        out,
                        "    {}  {}  {}",
                        e.dating().label(),
                        e.id,
                        sanitize_line(&e.title)
                    );
                }
            }
            sources(&mut out, d, &i.sources);
        }
        EntityRef::Article(ix) => {
            let a = d.article(ix);
            let _ = writeln!(out, "article {}", a.id);
            field(&mut out, "Title", &a.title);
            opt_field(&mut out, "Outlet", a.outlet.as_deref());
            opt_field(
                &mut out,
                "Published",
                a.published.map(|p| p.to_string()).as_deref(),
            );
            opt_field(&mut out, "Byline", a.byline.as_deref());
            opt_field(&mut out, "URL", a.url.as_deref());
            opt_field(&mut out, "Note", a.note.as_deref());
            if !a.cited_by.is_empty() {
                let _ = writeln!(out, "  Cited by");
                for &c in &a.cited_by {
                    let (kind, id, side) = match c {
                        SourceRef::Event(e, _) => ("event", &d.event(e).id, String::new()),
                        SourceRef::Issue(i, _) => ("issue", &d.issue(i).id, String::new()),
                        SourceRef::Position(i, p, _) => (
                            "issue",
                            &d.issue(i).id,
                            format!(
                                ", position {}",
                                sanitize_line(&d.issue(i).positions[p].side)
                            ),
                        ),
                    };
                    let _ = writeln!(
                        out,
                        "    {kind} {id}{side}, source {}: {}",
                        c.number(),
                        passage(d, d.source(c))
                    );
                }
            }
            mentioned_by(&mut out, d, r);
            let _ = writeln!(out, "\n{}", sanitize_multiline(&a.text));
        }
    }
    if !matches!(r, EntityRef::Article(_)) {
        mentioned_by(&mut out, d, r);
    }
    // One last pass over the whole page, so that no line above can let
    // content text through unsanitised.
    sanitize_multiline(&out).into_owned()
}

/// `problem` with every path in it (its own, and those its help names)
/// led by `prefix`: the dossier folder as the user wrote it, so that each
/// path can be used from the current folder.
pub fn prefixed(
    problem: &dossier_core::content::Problem,
    prefix: &str,
) -> dossier_core::content::Problem {
    let mut p = problem.clone();
    // A problem of the folder itself is already named as it was written.
    if prefix.is_empty() || p.path == prefix.trim_end_matches('/') {
        return p;
    }
    p.path = format!("{prefix}{}", p.path);
    if let Some(help) = &p.help {
        let mut h = help.clone();
        for dir in ["articles/", "events/", "issues/"] {
            for lead in [" ", "`"] {
                h = h.replace(&format!("{lead}{dir}"), &format!("{lead}{prefix}{dir}"));
            }
        }
        p.help = Some(h);
    }
    p
}

/// One problem as one line of JSON: path, line, column, severity, code,
/// message, help (`null` when absent). Every character a terminal would not
/// show as itself is escaped, so the line is safe to print.
pub fn problem_json(p: &dossier_core::content::Problem) -> String {
    #[derive(serde::Serialize)]
    struct Out<'a> {
        path: &'a str,
        line: Option<usize>,
        column: Option<usize>,
        severity: &'static str,
        code: &'static str,
        message: &'a str,
        help: Option<&'a str>,
    }
    let out = Out {
        path: &p.path,
        line: p.position.map(|(l, _)| l),
        column: p.position.map(|(_, c)| c),
        severity: if p.is_error() { "error" } else { "warning" },
        code: p.code().name(),
        message: &p.message,
        help: p.help.as_deref(),
    };
    dossier_core::escape::inert_json(&out).unwrap_or_default()
}

/// One problem as a GitHub Actions workflow command, so that it is shown on
/// the file's line in a pull request: `::error file=…,line=…,col=…,title=…::…`.
pub fn problem_github(p: &dossier_core::content::Problem) -> String {
    let kind = if p.is_error() { "error" } else { "warning" };
    let mut props = format!("file={}", workflow_property(&p.path));
    if let Some((line, col)) = p.position {
        let _ = write!(props, ",line={line},col={col}");
    }
    let _ = write!(props, ",title={}", workflow_property(p.code().name()));
    let mut message = p.message.clone();
    if let Some(help) = &p.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!("::{kind} {props}::{}", workflow_data(&message))
}

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    /// The hand-written escaper `check --format json` used before it was
    /// built with serde: the output must stay byte for byte the same.
    fn json_string_before(s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 2);
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                c if c.is_control() || !dossier_core::text::is_inert(c) => {
                    let mut buf = [0u16; 2];
                    for unit in c.encode_utf16(&mut buf) {
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                }
                c => out.push(c),
            }
        }
        out.push('"');
        out
    }

    fn problem_json_before(p: &dossier_core::content::Problem) -> String {
        let (line, col) = match p.position {
            Some((l, c)) => (l.to_string(), c.to_string()),
            None => ("null".to_string(), "null".to_string()),
        };
        let severity = if p.is_error() { "error" } else { "warning" };
        let help = p
            .help
            .as_deref()
            .map_or("null".to_string(), json_string_before);
        format!(
            "{{\"path\":{},\"line\":{line},\"column\":{col},\"severity\":\"{severity}\",\"code\":\"{}\",\"message\":{},\"help\":{help}}}",
            json_string_before(&p.path),
            p.code().name(),
            json_string_before(&p.message),
        )
    }

    #[test]
    fn check_json_is_byte_for_byte_what_it_was() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut problems = Vec::new();
        for dir in [
            "tests/fixtures/hostile",
            "tests/fixtures/reader",
            "docs/example",
        ] {
            problems.extend(dossier_core::content::load_dir(&root.join(dir)).problems);
        }
        // Mistakes of every kind, with hostile text in them.
        let broken = dossier_core::content::load_files(vec![
            ("dossier.toml".into(), b"title = \"T\x1b[31m\"\nbogus = 1\n".to_vec()),
            ("events/e\u{202e}.toml".into(), b"title = \"E\"\ndate = \"2024-02-30\"\n".to_vec()),
            ("events/f.toml".into(), "title = \"F\"\ndate = \"[2024..2023]\"\nafter = \"nope\\u0007\"\nsummary = \"S\"\n".as_bytes().to_vec()),
            ("issues/i.toml".into(), b"title = \"I\nsummary = 1\n".to_vec()),
            ("articles/a.txt".into(), b"+++\ntitle = \"A\"\n+++\ntext\n".to_vec()),
        ]);
        problems.extend(broken.problems);
        // Every character up to the end of the supplementary planes' start,
        // and the ones terminals act on, in a message, a path and a help.
        let all: String = (0u32..0x3100)
            .chain([0x1_f600, 0x10_ffff, 0xe_0001, 0xfeff, 0x202e])
            .filter_map(char::from_u32)
            .collect();
        let mut p = problems
            .first()
            .cloned()
            .expect("a problem in the hostile fixture");
        p.message = all.clone();
        p.path = format!("events/{all}.toml");
        p.help = Some(all);
        problems.push(p.clone());
        p.help = None;
        p.position = None;
        problems.push(p);
        assert!(problems.len() > 3);
        for p in &problems {
            assert_eq!(super::problem_json(p), problem_json_before(p));
        }
    }
}
