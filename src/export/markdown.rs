//! The Markdown export: one document with the timeline, the issues and the
//! articles, each claim's sources as footnotes quoting the passage.
//!
//! Footnotes are GitHub-flavoured Markdown, not CommonMark. Content text is
//! escaped so that it stays text under either: every ASCII punctuation mark
//! that could start markup is backslash-escaped, and what GitHub would turn
//! into a link by itself (`www.`, `scheme://`, `a@b`) is broken up. The only
//! links are the exporter's: headings within the document, and articles'
//! `http`/`https` addresses.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{article_name, passage, passage_url, safe_url};
use dossier_core::content::prose::{Prose, Segment};
use dossier_core::content::{Dossier, EntityRef, Source};
use dossier_core::escape::{markdown_line, page_clean};

/// The export as one string.
pub fn render(d: &Dossier) -> String {
    let mut doc = Doc::new(d);
    doc.write();
    doc.finish()
}

struct Doc<'a> {
    d: &'a Dossier,
    out: String,
    notes: String,
    note_count: usize,
    /// Each entity's heading anchor, as GitHub derives it from the heading text.
    anchors: HashMap<EntityRef, String>,
}

impl<'a> Doc<'a> {
    fn new(d: &'a Dossier) -> Doc<'a> {
        let mut anchors = HashMap::new();
        let mut slugs = Slugger::default();
        // In the order the headings appear, so repeated slugs number alike.
        slugs.take(&heading_text(&d.meta.title));
        for h in ["Timeline", "Issues", "Articles", "Notes"] {
            slugs.take(h);
        }
        for n in 0..d.events.len() {
            let text = event_heading(d, n);
            anchors.insert(
                EntityRef::Event(dossier_core::content::EventIx(n)),
                slugs.take(&text),
            );
        }
        for (n, i) in d.issues.iter().enumerate() {
            anchors.insert(
                EntityRef::Issue(dossier_core::content::IssueIx(n)),
                slugs.take(&heading_text(&i.title)),
            );
        }
        for (n, a) in d.articles.iter().enumerate() {
            anchors.insert(
                EntityRef::Article(dossier_core::content::ArticleIx(n)),
                slugs.take(&heading_text(&article_name(a))),
            );
        }
        Doc {
            d,
            out: String::with_capacity(1 << 16),
            notes: String::new(),
            note_count: 0,
            anchors,
        }
    }

    fn write(&mut self) {
        let d = self.d;
        let _ = writeln!(self.out, "# {}\n", inline(&d.meta.title));
        if let Some(s) = &d.meta.subtitle {
            let _ = writeln!(self.out, "*{}*\n", inline(s));
        }
        if let Some(s) = &d.meta.description {
            let text = self.prose(s);
            let _ = writeln!(self.out, "{text}\n");
        }
        self.out.push_str(
            "Each claim's sources are footnotes quoting the cited passage \
             (footnotes are GitHub-flavoured Markdown).\n\n",
        );

        self.out.push_str("## Timeline\n\n");
        for (n, e) in d.events.iter().enumerate() {
            let _ = writeln!(self.out, "### {}\n", inline(&event_heading(d, n)));
            let mut facts = vec![e.kind.name().to_string()];
            if !e.issues.is_empty() {
                let links: Vec<String> = e
                    .issues
                    .iter()
                    .map(|&i| self.link(EntityRef::Issue(i)))
                    .collect();
                facts.push(format!("issues: {}", links.join(", ")));
            }
            for (word, list) in [("after", &e.after), ("before", &e.before)] {
                if !list.is_empty() {
                    let links: Vec<String> = list
                        .iter()
                        .map(|&a| self.link(EntityRef::Event(a)))
                        .collect();
                    facts.push(format!("{word} {}", links.join(", ")));
                }
            }
            let _ = writeln!(self.out, "*{}*\n", facts.join(" · "));
            let notes = self.footnotes(&e.sources);
            let text = self.prose(&e.summary);
            let _ = writeln!(self.out, "{text}{notes}\n");
            if let Some(s) = &e.date_note {
                let text = self.prose(s);
                let _ = writeln!(self.out, "**Date:** {text}\n");
            }
            if let Some(s) = &e.disputed {
                let text = self.prose(s);
                let _ = writeln!(self.out, "**Disputed:** {text}\n");
            }
        }

        self.out.push_str("## Issues\n\n");
        for i in &d.issues {
            let _ = writeln!(self.out, "### {}\n", inline(&i.title));
            let notes = self.footnotes(&i.sources);
            let text = self.prose(&i.summary);
            let _ = writeln!(self.out, "{text}{notes}\n");
            if let Some(s) = &i.status {
                let text = self.prose(s);
                let _ = writeln!(self.out, "**Status:** {text}\n");
            }
            for p in &i.positions {
                let notes = self.footnotes(&p.sources);
                let _ = writeln!(
                    self.out,
                    "- **{}:** {}{notes}",
                    inline(&self.d.meta.side_name(&p.side)),
                    self.prose(&p.text).replace("\n", "\n  ")
                );
            }
            if !i.positions.is_empty() {
                self.out.push('\n');
            }
            if !i.events.is_empty() {
                let links: Vec<String> = i
                    .events
                    .iter()
                    .map(|&e| self.link(EntityRef::Event(e)))
                    .collect();
                let _ = writeln!(self.out, "**Events:** {}\n", links.join(", "));
            }
            if !i.related.is_empty() {
                let links: Vec<String> = i
                    .related
                    .iter()
                    .map(|&r| self.link(EntityRef::Issue(r)))
                    .collect();
                let _ = writeln!(self.out, "**Related:** {}\n", links.join(", "));
            }
        }

        self.out.push_str("## Articles\n\n");
        for a in &d.articles {
            let _ = writeln!(self.out, "### {}\n", inline(&article_name(a)));
            let mut facts = Vec::new();
            if let Some(p) = a.published {
                facts.push(p.to_string());
            }
            if let Some(b) = &a.byline {
                facts.push(inline(b));
            }
            if let Some(u) = &a.url {
                facts.push(url(u));
            }
            if !facts.is_empty() {
                let _ = writeln!(self.out, "{}\n", facts.join(" · "));
            }
            if let Some(n) = &a.note {
                let text = self.prose(n);
                let _ = writeln!(self.out, "{text}\n");
            }
            let mut citers: Vec<EntityRef> = a.cited_by.iter().map(|&c| c.owner()).collect();
            citers.sort();
            citers.dedup();
            if !citers.is_empty() {
                let links: Vec<String> = citers.into_iter().map(|r| self.link(r)).collect();
                let _ = writeln!(self.out, "**Cited by:** {}\n", links.join(", "));
            }
        }
    }

    fn finish(mut self) -> String {
        if !self.notes.is_empty() {
            self.out.push_str("## Notes\n\n");
            self.out.push_str(&self.notes);
        }
        self.out
    }

    /// A link to an entity's heading, shown as its title.
    fn link(&self, r: EntityRef) -> String {
        let d = self.d;
        let title = match r {
            EntityRef::Event(e) => d.event(e).title.clone(),
            EntityRef::Issue(i) => d.issue(i).title.clone(),
            EntityRef::Article(a) => article_name(d.article(a)),
        };
        self.link_shown(r, &title)
    }

    /// A link to an entity's heading, shown as `shown`.
    fn link_shown(&self, r: EntityRef, shown: &str) -> String {
        let anchor = self.anchors.get(&r).map(String::as_str).unwrap_or_default();
        format!("[{}](#{anchor})", inline(shown))
    }

    /// A prose field (summary, status, position, note, description): its
    /// paragraphs kept, every line escaped, each link to an entry a link to
    /// its heading. The one place prose is rendered.
    fn prose(&self, p: &Prose) -> String {
        let mut raw = String::new();
        for seg in p.segments() {
            match seg {
                Segment::Text(t) => {
                    let cleaned = page_clean(t);
                    let lines: Vec<String> = cleaned.split('\n').map(markdown_line).collect();
                    raw.push_str(&lines.join("\n"));
                }
                Segment::Link { target, shown } => raw.push_str(&self.link_shown(target, shown)),
            }
        }
        let mut paragraphs: Vec<String> = Vec::new();
        let mut current: Vec<&str> = Vec::new();
        for line in raw.lines() {
            let line = line.trim();
            if line.is_empty() {
                if !current.is_empty() {
                    paragraphs.push(current.join("\n"));
                    current.clear();
                }
            } else {
                current.push(line);
            }
        }
        if !current.is_empty() {
            paragraphs.push(current.join("\n"));
        }
        paragraphs.join("\n\n")
    }

    /// Footnote references for `sources`, their texts added to the notes.
    fn footnotes(&mut self, sources: &[Source]) -> String {
        let mut refs = String::new();
        for s in sources {
            self.note_count += 1;
            let n = self.note_count;
            let _ = write!(refs, "[^{n}]");
            let a = self.d.article(s.article);
            let mut line = format!(
                "[^{n}]: “{}” — {}",
                inline(passage(self.d, s)),
                self.link(EntityRef::Article(s.article))
            );
            if let Some(p) = a.published {
                let _ = write!(line, ", {p}");
            }
            if let Some(u) = &a.url {
                let _ = write!(line, ", {}", url(u));
            }
            if let Some(at) = passage_url(a, passage(self.d, s)) {
                let _ = write!(line, " ([at the passage](<{at}>))");
            }
            if let Some(note) = &s.note {
                let text = self.prose(note);
                let one_line: Vec<&str> = text.split_whitespace().collect();
                let _ = write!(line, ". {}", one_line.join(" "));
            }
            self.notes.push_str(&line);
            self.notes.push('\n');
        }
        refs
    }
}

/// An event's heading as it reads: `29 Apr–16 May 2024 · Title`.
fn event_heading(d: &Dossier, n: usize) -> String {
    let e = &d.events[n];
    heading_text(&format!("{} · {}", e.dating().label(), e.title))
}

/// A heading's text as shown (and slugged): one line, cleaned.
fn heading_text(s: &str) -> String {
    page_clean(s)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text on one line (titles, passages, names): whitespace runs become one space.
fn inline(s: &str) -> String {
    markdown_line(&heading_text(s))
}

/// An article's address: a link when it is `http`/`https`, escaped text otherwise.
fn url(u: &str) -> String {
    match safe_url(u) {
        Some(ok) => format!("<{ok}>"),
        None => inline(u),
    }
}

/// Heading anchors as GitHub makes them: lowercase, letters, digits, `-` and
/// `_` kept, spaces to `-`, anything else dropped; a repeat gets `-1`, `-2`...
#[derive(Default)]
struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    fn take(&mut self, heading: &str) -> String {
        let base = slug(heading);
        let n = self.seen.entry(base.clone()).or_insert(0);
        let out = if *n == 0 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        *n += 1;
        if out != base {
            self.seen.entry(out.clone()).or_insert(1);
        }
        out
    }
}

/// GitHub's anchor for a heading's text.
pub fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            _ if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            markdown_line("<b>*x*</b>"),
            "\\<b\\>\\*x\\*\\<\\/b\\>".replace("\\/", "/")
        );
        assert_eq!(markdown_line("1. one"), "1\\. one");
        assert_eq!(markdown_line("see www.x.org"), "see www\\.x.org");
        assert_eq!(markdown_line("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(markdown_line("https://x.org"), "https\\://x.org");
        assert_eq!(markdown_line("[a](b)"), "\\[a\\](b)");
        // Hyphens and pluses only where they would start a list.
        assert_eq!(
            markdown_line("SAG-AFTRA, a - b, 1+1"),
            "SAG-AFTRA, a - b, 1+1"
        );
        assert_eq!(markdown_line("- not a list"), "\\- not a list");
        assert_eq!(markdown_line("  + not a list"), "  \\+ not a list");
        // An e-mail address in a code span, which GitHub does not link.
        assert_eq!(
            markdown_line("write to mail_x@evil.example, or @someone"),
            "write to `mail_x@evil.example`, or \\@someone"
        );
        assert_eq!(markdown_line("-a@b.c"), "`-a@b.c`");
        assert_eq!(markdown_line("a@b"), "a\\@b");
    }

    #[test]
    fn slugs_like_github() {
        assert_eq!(
            slug("29 Apr 2024 · Talks begin!"),
            "29-apr-2024--talks-begin"
        );
        let mut s = Slugger::default();
        assert_eq!(s.take("A"), "a");
        assert_eq!(s.take("A"), "a-1");
        assert_eq!(s.take("A"), "a-2");
    }
}
