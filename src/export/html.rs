//! The web dossier: a static site in a folder that reads from the file system
//! without a server and without JavaScript. `index.html` holds the timeline
//! (every event, with its sources), `issues/<id>.html` each issue, and
//! `articles/<id>.html` each article with every cited passage marked and
//! anchored (`#p-` and a short hash of the passage's text and occurrence, so
//! that a link stays good when citations are added), each passage listing
//! what cites it, as the reader links both ways.
//!
//! Articles from news outlets are copyrighted: by default an article page
//! shows each cited passage with at most a sentence of context on each side,
//! within a cap on the share of its words (see [`super::excerpt`]), with a
//! link to the original; `--full-text` puts the whole text on the page.
//!
//! Every page is built with the escaping builder in [`super::markup`]; a
//! Content-Security-Policy allows no script at all and styles only from the
//! export's own style sheet.

use std::cell::RefCell;
use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use sha2::{Digest, Sha256};

use super::excerpt::{self, Excerpt};
use super::markup::{Href, Html};
use super::{ExportError, OutDir, Progress, article_name, passage, passage_url};
use dossier_core::content::prose::{Prose, Segment};
use dossier_core::content::{
    Article, ArticleIx, Dossier, EntityRef, Event, Issue, Source, SourceRef,
};

/// The policy every page carries: nothing runs, nothing loads but the style sheet.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
                   script-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

const STYLE: &str = include_str!("style.css");

/// Writes the whole site into `out`.
/// `shown` holds what of each article its page shows, in the order of
/// `d.articles`.
pub fn write(
    d: &Dossier,
    shown: &[Excerpt],
    out: &mut OutDir,
    progress: &mut Progress,
) -> Result<(), ExportError> {
    progress.total(2 + d.issues.len() + d.articles.len());
    let site = Site::new(d, shown);
    out.write("index.html", site.index().as_bytes())?;
    progress.step();
    for i in &d.issues {
        out.write(&format!("issues/{}.html", i.id), site.issue(i).as_bytes())?;
        progress.step();
    }
    for (n, a) in d.articles.iter().enumerate() {
        out.write(
            &format!("articles/{}.html", a.id),
            site.article(ArticleIx(n)).as_bytes(),
        )?;
        progress.step();
    }
    // Last: its rules for the passages split around others, found while
    // the article pages were marked.
    out.write("style.css", site.style().as_bytes())?;
    progress.step();
    Ok(())
}

/// How a prose field sits in the page.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    /// Its own paragraphs.
    Paragraphs,
    /// Inside an element already open (after a label); paragraphs run on.
    Inline,
}

/// Where a page lies, for relative links: at the top or one folder down.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    Top,
    Sub,
}

impl Depth {
    fn root(self) -> &'static str {
        match self {
            Depth::Top => "",
            Depth::Sub => "../",
        }
    }
}

struct Site<'a> {
    d: &'a Dossier,
    /// What of each article its page shows.
    shown: &'a [Excerpt],
    /// Each citation's anchor on its article's page (see [`anchors`]).
    anchor: HashMap<SourceRef, String>,
    /// The anchors of passages marked in more than one piece (split around
    /// another passage, or across paragraphs): the style sheet highlights
    /// every piece of each when it is followed.
    split: RefCell<BTreeSet<String>>,
}

impl<'a> Site<'a> {
    fn new(d: &'a Dossier, shown: &'a [Excerpt]) -> Site<'a> {
        let mut anchor = HashMap::new();
        for a in &d.articles {
            let spans: Vec<Range<usize>> = a
                .cited_by
                .iter()
                .map(|&c| d.source(c).span.clone())
                .collect();
            for (&c, name) in a.cited_by.iter().zip(anchors(&a.text, &spans)) {
                anchor.insert(c, name);
            }
        }
        Site {
            d,
            shown,
            anchor,
            split: RefCell::new(BTreeSet::new()),
        }
    }

    /// The style sheet: the export's own, then, for each passage marked in
    /// pieces, a rule that highlights all of them when its anchor is the
    /// target (the anchor is on the first piece only).
    fn style(&self) -> String {
        let split = self.split.borrow();
        let mut out = String::with_capacity(STYLE.len() + split.len() * 120);
        out.push_str(STYLE);
        if !split.is_empty() {
            out.push_str(
                "/* Passages marked in pieces: every piece highlighted when followed. */\n",
            );
        }
        for name in split.iter() {
            // Anchors are `p-` and hex digits (and `-N`): nothing to escape.
            out.push_str(&format!(
                "body:has(#{name}:target) mark.{name} {{ background: var(--target); outline: 2px solid var(--target); }}\n"
            ));
        }
        out
    }

    fn event_href(&self, depth: Depth, e: &Event) -> String {
        format!("{}index.html#event-{}", depth.root(), e.id)
    }

    fn issue_href(&self, depth: Depth, i: &Issue) -> String {
        format!("{}issues/{}.html", depth.root(), i.id)
    }

    fn article_href(&self, depth: Depth, a: &Article) -> String {
        format!("{}articles/{}.html", depth.root(), a.id)
    }

    fn passage_href(&self, depth: Depth, c: SourceRef) -> String {
        let s = self.d.source(c);
        let a = self.d.article(s.article);
        let name = self.anchor.get(&c).map_or("", String::as_str);
        format!("{}#{name}", self.article_href(depth, a))
    }

    /// The page around `body`: doctype, policy, viewport, style, a header
    /// linking home.
    fn page(&self, depth: Depth, title: &str, body: &Html) -> String {
        let mut h = Html::with_capacity(body.len() + 1024);
        h.own("<!DOCTYPE html>\n");
        let meta = &self.d.meta;
        h.open("html", &[("lang", meta.lang()), ("dir", meta.dir())])
            .open("head", &[]);
        h.open("meta", &[("charset", "utf-8")]);
        h.open(
            "meta",
            &[("http-equiv", "Content-Security-Policy"), ("content", CSP)],
        );
        h.open(
            "meta",
            &[
                ("name", "viewport"),
                ("content", "width=device-width, initial-scale=1"),
            ],
        );
        h.open("meta", &[("name", "referrer"), ("content", "no-referrer")]);
        // Every page's title carries the dossier's name.
        let full = if depth == Depth::Top {
            squeeze(&meta.title)
        } else {
            format!("{} · {}", squeeze(title), squeeze(&meta.title))
        };
        h.elem("title", &[], &full);
        let style = format!("{}style.css", depth.root());
        h.open("link", &[("rel", "stylesheet"), ("href", &style)]);
        h.close("head").open("body", &[]);
        h.link(Href::Own("#text"), &[("class", "skip")], "Skip to the text");
        h.open("header", &[("class", "site")]);
        let home = format!("{}index.html", depth.root());
        h.link(Href::Own(&home), &[], &self.d.meta.title);
        h.close("header");
        h.open("main", &[("id", "text")]).append(body).close("main");
        h.close("body").close("html");
        h.own("\n");
        h.into_string()
    }

    /// The page of an entry, or its anchor on the index for an event.
    fn entry_href(&self, depth: Depth, r: EntityRef) -> String {
        let d = self.d;
        match r {
            EntityRef::Event(e) => self.event_href(depth, d.event(e)),
            EntityRef::Issue(i) => self.issue_href(depth, d.issue(i)),
            EntityRef::Article(a) => self.article_href(depth, d.article(a)),
        }
    }

    /// A prose field (summary, status, position, note, description): text
    /// escaped, each link to an entry a link to its page. As paragraphs
    /// (one `<p>` per blank-line-separated part) or inline in the element
    /// being written. The one place the web dossier renders prose.
    fn prose(&self, h: &mut Html, depth: Depth, p: &Prose, block: Block) {
        self.prose_paragraphs(h, depth, p, block, 0..usize::MAX);
    }

    /// The paragraphs `which` of a prose field (counted from 0), as
    /// [`Site::prose`] writes them.
    fn prose_paragraphs(
        &self,
        h: &mut Html,
        depth: Depth,
        p: &Prose,
        block: Block,
        which: Range<usize>,
    ) {
        let mut para = 0;
        let mut opened = false;
        let start = |h: &mut Html, para: usize, opened: &mut bool| {
            if !*opened && which.contains(&para) {
                if block == Block::Paragraphs {
                    h.open("p", &[]);
                } else if para > which.start {
                    h.text(" ");
                }
                *opened = true;
            }
        };
        for seg in p.segments() {
            match seg {
                Segment::Text(t) => {
                    for (k, part) in t.split("\n\n").enumerate() {
                        if k > 0 {
                            if opened && block == Block::Paragraphs {
                                h.close("p");
                            }
                            opened = false;
                            para += 1;
                        }
                        if (opened || !part.trim().is_empty()) && which.contains(&para) {
                            start(h, para, &mut opened);
                            h.text(part);
                        }
                    }
                }
                Segment::Link { target, shown } => {
                    if which.contains(&para) {
                        start(h, para, &mut opened);
                        h.link(
                            Href::Own(&self.entry_href(depth, target)),
                            &[("class", "mention")],
                            shown,
                        );
                    }
                }
            }
        }
        if opened && block == Block::Paragraphs {
            h.close("p");
        }
    }

    /// "Mentioned in": the entries whose prose links to `r`, linked.
    fn mentions(&self, h: &mut Html, depth: Depth, r: EntityRef) {
        let by = self.d.mentioned_by(r);
        if by.is_empty() {
            return;
        }
        h.open("p", &[("class", "mentioned")])
            .text("Mentioned in: ");
        for (k, &m) in by.iter().enumerate() {
            if k > 0 {
                h.text(", ");
            }
            let title = self.d.title(m).unwrap_or_default();
            h.link(Href::Own(&self.entry_href(depth, m)), &[], title);
        }
        h.close("p");
    }

    fn index(&self) -> String {
        let d = self.d;
        let mut h = Html::with_capacity(64 * 1024);
        h.elem("h1", &[], &d.meta.title);
        if let Some(s) = &d.meta.subtitle {
            h.elem("p", &[("class", "subtitle")], s);
        }
        // The summary: the description's first paragraph. The rest (how
        // the dossier was made) is under "About this dossier", at the end.
        if let Some(s) = &d.meta.description {
            h.open("div", &[("class", "description")]);
            self.prose_paragraphs(&mut h, Depth::Top, s, Block::Paragraphs, 0..1);
            if paragraphs(s) > 1 {
                h.open("p", &[("class", "more")]);
                h.link(
                    Href::Own("#about"),
                    &[],
                    "About this dossier: its sources and method",
                );
                h.close("p");
            }
            h.close("div");
        }
        if d.errors() > 0 {
            h.elem(
                "p",
                &[("class", "problems")],
                &format!(
                    "This dossier has {}: what did not load is missing here.",
                    dossier_core::text::count(d.errors(), "error")
                ),
            );
        }
        h.open("nav", &[("class", "contents")]);
        h.elem("h2", &[], "Issues");
        h.open("ul", &[]);
        for i in &d.issues {
            h.open("li", &[]);
            h.link(Href::Own(&self.issue_href(Depth::Top, i)), &[], &i.title);
            h.close("li");
        }
        h.close("ul").close("nav");

        h.elem("h2", &[], "Timeline");
        // Under a heading for each year (of each event's earliest day).
        let mut year = None;
        for e in &d.events {
            let y = chrono::Datelike::year(&e.bounds.earliest);
            if year != Some(y) {
                if year.is_some() {
                    h.close("ol");
                }
                h.elem(
                    "h3",
                    &[("class", "year"), ("id", &format!("year-{y}"))],
                    &y.to_string(),
                );
                h.open("ol", &[("class", "timeline")]);
                year = Some(y);
            }
            self.event(&mut h, e);
        }
        if year.is_some() {
            h.close("ol");
        }

        h.elem("h2", &[], "Articles");
        h.open("ul", &[("class", "articles")]);
        for a in &d.articles {
            h.open("li", &[]);
            h.link(
                Href::Own(&self.article_href(Depth::Top, a)),
                &[],
                &article_name(a),
            );
            if let Some(p) = a.published {
                h.text(&format!(", {p}"));
            }
            h.close("li");
        }
        h.close("ul");
        if let Some(s) = &d.meta.description
            && paragraphs(s) > 1
        {
            h.elem("h2", &[("id", "about")], "About this dossier");
            h.open("div", &[("class", "about")]);
            self.prose_paragraphs(&mut h, Depth::Top, s, Block::Paragraphs, 1..usize::MAX);
            h.close("div");
        }
        self.page(Depth::Top, &d.meta.title, &h)
    }

    fn event(&self, h: &mut Html, e: &Event) {
        let d = self.d;
        let id = format!("event-{}", e.id);
        h.open("li", &[("id", &id), ("class", "event")]);
        h.open("h4", &[]);
        h.elem(
            "span",
            &[("class", "date"), ("title", &e.dating().words())],
            &e.dating().label(),
        );
        h.text(" ");
        h.link(
            Href::Own(&format!("#{id}")),
            &[("class", "title")],
            &e.title,
        );
        h.close("h4");
        h.open("p", &[("class", "facts")]);
        h.elem("span", &[("class", "kind")], e.kind.name());
        if !e.issues.is_empty() {
            h.text(" · issues: ");
            for (k, &i) in e.issues.iter().enumerate() {
                if k > 0 {
                    h.text(", ");
                }
                let issue = d.issue(i);
                h.link(
                    Href::Own(&self.issue_href(Depth::Top, issue)),
                    &[],
                    &issue.title,
                );
            }
        }
        for (word, list) in [("after", &e.after), ("before", &e.before)] {
            for (k, &a) in list.iter().enumerate() {
                h.text(if k == 0 { " · " } else { ", " });
                if k == 0 {
                    h.text(word);
                    h.text(" ");
                }
                let other = d.event(a);
                h.link(
                    Href::Own(&self.event_href(Depth::Top, other)),
                    &[],
                    &other.title,
                );
            }
        }
        h.close("p");
        self.prose(h, Depth::Top, &e.summary, Block::Paragraphs);
        if let Some(s) = &e.date_note {
            h.open("p", &[("class", "note")])
                .elem("strong", &[], "Date: ");
            self.prose(h, Depth::Top, s, Block::Inline);
            h.close("p");
        }
        if let Some(s) = &e.disputed {
            h.open("p", &[("class", "disputed")])
                .elem("strong", &[], "Disputed: ");
            self.prose(h, Depth::Top, s, Block::Inline);
            h.close("p");
        }
        let ix = dossier_core::content::EventIx(self.event_ix(e));
        self.mentions(h, Depth::Top, EntityRef::Event(ix));
        let citers: Vec<SourceRef> = (0..e.sources.len())
            .map(|k| SourceRef::Event(ix, k))
            .collect();
        self.sources(h, Depth::Top, &e.sources, &citers);
        h.close("li");
    }

    fn event_ix(&self, e: &Event) -> usize {
        self.d.find_event(&e.id).map_or(0, |ix| ix.0)
    }

    /// A list of sources, each its passage quoted and linked to its place
    /// in the article page, with the article's name and date.
    fn sources(&self, h: &mut Html, depth: Depth, sources: &[Source], citers: &[SourceRef]) {
        if sources.is_empty() {
            return;
        }
        h.open("ul", &[("class", "sources")]);
        for (s, &c) in sources.iter().zip(citers) {
            let a = self.d.article(s.article);
            h.open("li", &[]);
            h.open("blockquote", &[]);
            let quoted = format!("“{}”", squeeze(passage(self.d, s)));
            h.link(
                Href::Own(&self.passage_href(depth, c)),
                &[("class", "passage")],
                &quoted,
            );
            h.close("blockquote");
            h.open("p", &[("class", "cite")]).text("— ");
            h.link(
                Href::Own(&self.article_href(depth, a)),
                &[],
                &article_name(a),
            );
            if let Some(p) = a.published {
                h.text(&format!(", {p}"));
            }
            if let Some(u) = passage_url(a, passage(self.d, s)) {
                h.text(" · ");
                h.link(
                    Href::External(&u),
                    &[("class", "at-outlet")],
                    "at the outlet",
                );
            }
            if let Some(n) = &s.note {
                h.text(". ");
                self.prose(h, depth, n, Block::Inline);
            }
            h.close("p").close("li");
        }
        h.close("ul");
    }

    fn issue(&self, i: &Issue) -> String {
        let d = self.d;
        let n = d.find_issue(&i.id).map_or(0, |ix| ix.0);
        let mut h = Html::with_capacity(16 * 1024);
        h.elem("h1", &[], &i.title);
        self.prose(&mut h, Depth::Sub, &i.summary, Block::Paragraphs);
        if let Some(s) = &i.status {
            h.open("p", &[("class", "status")])
                .elem("strong", &[], "Status: ");
            self.prose(&mut h, Depth::Sub, s, Block::Inline);
            h.close("p");
        }
        self.mentions(
            &mut h,
            Depth::Sub,
            EntityRef::Issue(dossier_core::content::IssueIx(n)),
        );
        if !i.positions.is_empty() {
            h.elem("h2", &[], "Positions");
            h.open("dl", &[("class", "positions")]);
            for (k, p) in i.positions.iter().enumerate() {
                h.elem("dt", &[], &d.meta.side_name(&p.side));
                h.open("dd", &[]);
                self.prose(&mut h, Depth::Sub, &p.text, Block::Paragraphs);
                let citers: Vec<SourceRef> = (0..p.sources.len())
                    .map(|s| SourceRef::Position(dossier_core::content::IssueIx(n), k, s))
                    .collect();
                self.sources(&mut h, Depth::Sub, &p.sources, &citers);
                h.close("dd");
            }
            h.close("dl");
        }
        if !i.sources.is_empty() {
            h.elem("h2", &[], "Sources");
            let citers: Vec<SourceRef> = (0..i.sources.len())
                .map(|k| SourceRef::Issue(dossier_core::content::IssueIx(n), k))
                .collect();
            self.sources(&mut h, Depth::Sub, &i.sources, &citers);
        }
        if !i.events.is_empty() {
            h.elem("h2", &[], "Events");
            h.open("ul", &[("class", "events")]);
            for &e in &i.events {
                let e = d.event(e);
                h.open("li", &[]);
                h.elem(
                    "span",
                    &[("class", "date"), ("title", &e.dating().words())],
                    &e.dating().label(),
                );
                h.text(" ");
                h.link(Href::Own(&self.event_href(Depth::Sub, e)), &[], &e.title);
                h.close("li");
            }
            h.close("ul");
        }
        if !i.related.is_empty() {
            h.elem("h2", &[], "Related issues");
            h.open("ul", &[]);
            for &r in &i.related {
                let r = d.issue(r);
                h.open("li", &[]);
                h.link(Href::Own(&self.issue_href(Depth::Sub, r)), &[], &r.title);
                h.close("li");
            }
            h.close("ul");
        }
        self.page(Depth::Sub, &i.title, &h)
    }

    fn article(&self, ix: ArticleIx) -> String {
        let d = self.d;
        let a = d.article(ix);
        let mut h = Html::with_capacity(a.text.len() * 2 + 4096);
        h.open("h1", &[]);
        if let Some(o) = &a.outlet {
            h.elem("span", &[("class", "outlet")], o);
            h.text(": ");
        }
        h.text(&a.title);
        h.close("h1");
        h.open("p", &[("class", "facts")]);
        let mut facts: Vec<String> = Vec::new();
        if let Some(p) = a.published {
            facts.push(p.to_string());
        }
        if let Some(b) = &a.byline {
            facts.push(squeeze(b));
        }
        h.text(&facts.join(" · "));
        h.close("p");
        if let Some(u) = &a.url {
            h.open("p", &[("class", "original")]);
            h.text("Original: ");
            h.link(Href::External(u), &[], u);
            h.close("p");
        }
        if let Some(n) = &a.note {
            h.open("section", &[("class", "note")]);
            h.elem("h2", &[], "Curator’s note");
            self.prose(&mut h, Depth::Sub, n, Block::Paragraphs);
            h.close("section");
        }
        self.mentions(&mut h, Depth::Sub, EntityRef::Article(ix));
        let whole = excerpt::whole(a);
        let ex = self.shown.get(ix.0).unwrap_or(&whole);
        if ex.kind != excerpt::Kind::Full {
            let rest = if a.url.as_deref().and_then(super::safe_url).is_some() {
                "the whole article is at the original."
            } else {
                "the whole article is not part of this export."
            };
            let what = match ex.kind {
                _ if ex.parts.is_empty() => {
                    "No passage of this article is cited, so none of its text is shown here"
                        .to_string()
                }
                excerpt::Kind::PassagesOnly => format!(
                    "The cited passages alone are more than {} of this article's words ({}%): only they are shown here, without context",
                    excerpt::CAP_TEXT,
                    ex.percent()
                ),
                _ => format!(
                    "Excerpts: each cited passage with at most a sentence of context on each side, {}% of this article's words (never more than {})",
                    ex.percent(),
                    excerpt::CAP_TEXT
                ),
            };
            h.elem("p", &[("class", "excerpt")], &format!("{what}; {rest}"));
        }
        // One mark per passage: citations of the same passage share it.
        let mut spans: Vec<Mark> = Vec::new();
        for (n, &c) in a.cited_by.iter().enumerate() {
            let span = d.source(c).span.clone();
            if let Some(m) = spans.iter_mut().find(|m| m.span == span) {
                m.citers.push(n);
            } else {
                let name = self.anchor.get(&c).cloned().unwrap_or_default();
                let number = spans.len() + 1;
                spans.push(Mark {
                    span,
                    name,
                    number,
                    citers: vec![n],
                });
            }
        }
        h.open("article", &[("class", "text")]);
        let text = a.text.as_str();
        for (k, part) in ex.parts.iter().enumerate() {
            let prev = k.checked_sub(1).and_then(|p| ex.parts.get(p));
            let from = prev.map_or(0, |p| p.end);
            if paragraph_left_out(text, from..part.start, prev.is_some(), true) {
                h.elem("p", &[("class", "gap")], "…");
            }
            let lead = !blank(text, paragraph_start(text, part.start)..part.start);
            let trail = !blank(text, part.end..paragraph_end(text, part.end));
            self.paragraphs(&mut h, a, part.clone(), &spans, (lead, trail));
        }
        if let Some(last) = ex.parts.last()
            && paragraph_left_out(text, last.end..text.len(), true, false)
        {
            h.elem("p", &[("class", "gap")], "…");
        }
        h.close("article");
        self.page(Depth::Sub, &article_name(a), &h)
    }

    /// The paragraphs of `range` (a shown part of the text), passages
    /// marked, with `…` before the first when `cut.0` (text of its paragraph
    /// left out before it) and after the last when `cut.1`; after each
    /// paragraph, what cites the passages that end in it.
    fn paragraphs(
        &self,
        h: &mut Html,
        a: &Article,
        range: Range<usize>,
        spans: &[Mark],
        cut: (bool, bool),
    ) {
        let text = &a.text;
        let mut start = range.start;
        while start < range.end {
            let end = text[start..range.end]
                .find("\n\n")
                .map_or(range.end, |i| start + i);
            if !text[start..end].trim().is_empty() {
                h.open("p", &[]);
                if cut.0 && start == range.start {
                    h.elem("span", &[("class", "gap")], "…");
                    h.text(" ");
                }
                let split = marked(h, text, start..end, spans);
                self.split.borrow_mut().extend(split);
                if cut.1 && end == range.end {
                    h.text(" ");
                    h.elem("span", &[("class", "gap")], "…");
                }
                h.close("p");
                let ending: Vec<&Mark> = spans
                    .iter()
                    .filter(|m| m.span.end > start && m.span.end <= end)
                    .collect();
                if !ending.is_empty() {
                    h.open("ul", &[("class", "citers")]);
                    for m in ending {
                        for &n in &m.citers {
                            self.citer(h, a, m, n);
                        }
                    }
                    h.close("ul");
                }
            }
            start = end + 2;
        }
    }

    /// One backlink: the passage `m`, named by its first words and linked,
    /// and which event or issue (the article's `n`th citation) cites it,
    /// linked.
    fn citer(&self, h: &mut Html, a: &Article, m: &Mark, n: usize) {
        let Some(&c) = a.cited_by.get(n) else {
            return;
        };
        let d = self.d;
        let back = format!("#{}", m.name);
        h.open("li", &[]);
        h.link(
            Href::Own(&back),
            &[("class", "back")],
            &format!(
                "Passage {} (“{}”)",
                m.number,
                first_words(a.text.get(m.span.clone()).unwrap_or_default(), 6)
            ),
        );
        h.text(" is cited by ");
        match c {
            SourceRef::Event(e, _) => {
                let e = d.event(e);
                h.text("event ");
                h.link(Href::Own(&self.event_href(Depth::Sub, e)), &[], &e.title);
            }
            SourceRef::Issue(i, _) => {
                let i = d.issue(i);
                h.text("issue ");
                h.link(Href::Own(&self.issue_href(Depth::Sub, i)), &[], &i.title);
            }
            SourceRef::Position(i, p, _) => {
                let i = d.issue(i);
                let side = i
                    .positions
                    .get(p)
                    .map_or(String::new(), |p| d.meta.side_name(&p.side));
                h.text(&format!("the position of {} on issue ", squeeze(&side)));
                h.link(Href::Own(&self.issue_href(Depth::Sub, i)), &[], &i.title);
            }
        }
        h.close("li");
    }
}

/// Whether `text[range]` is only blank characters.
fn blank(text: &str, range: Range<usize>) -> bool {
    text.get(range).is_none_or(|t| t.trim().is_empty())
}

/// Where the paragraph holding `at` starts.
fn paragraph_start(text: &str, at: usize) -> usize {
    text.get(..at)
        .and_then(|t| t.rfind("\n\n"))
        .map_or(0, |i| i + 2)
}

/// Where the paragraph holding `at` ends.
fn paragraph_end(text: &str, at: usize) -> usize {
    text.get(at..)
        .and_then(|t| t.find("\n\n"))
        .map_or(text.len(), |i| at + i)
}

/// Whether the text left out between two shown parts (or before the first,
/// or after the last) holds a whole paragraph of its own: one that is not
/// the paragraph of the part before it (`after_part`) or after it
/// (`before_part`), whose cut is marked `…` in line.
fn paragraph_left_out(text: &str, gap: Range<usize>, after_part: bool, before_part: bool) -> bool {
    let Some(g) = text.get(gap) else {
        return false;
    };
    let pieces: Vec<&str> = g.split("\n\n").collect();
    let last = pieces.len() - 1;
    pieces.iter().enumerate().any(|(i, p)| {
        let own = (after_part && i == 0) || (before_part && i == last);
        !own && !p.trim().is_empty()
    })
}

/// A passage marked on an article page: its range, its anchor, its number
/// on the page (by start, for its title), and the citations that cite it
/// (indices into the article's `cited_by`).
struct Mark {
    span: Range<usize>,
    name: String,
    number: usize,
    citers: Vec<usize>,
}

/// Each span's anchor, from its text and occurrence, not its position
/// among the citations: `p-` and 8 hex digits of the SHA-256 of the text
/// (whitespace runs as one space) and of how many times the same text
/// starts earlier in the article. Adding, removing or reordering citations
/// never changes another passage's anchor; spans with the same range share
/// one. Two different spans that hash alike (about one pair in four
/// billion) are told apart by `-2`, `-3`, ... after the later ones.
pub fn anchors(text: &str, spans: &[Range<usize>]) -> Vec<String> {
    let mut by_span: HashMap<Range<usize>, String> = HashMap::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut order: Vec<&Range<usize>> = spans.iter().collect();
    order.sort_by_key(|r| (r.start, r.end));
    for span in order {
        if by_span.contains_key(span) {
            continue;
        }
        let passage = text.get(span.clone()).unwrap_or_default();
        let occurrence = if passage.is_empty() {
            0
        } else {
            memchr::memmem::find_iter(text.as_bytes(), passage.as_bytes())
                .take_while(|&at| at < span.start)
                .count()
        };
        let mut hasher = Sha256::new();
        hasher.update(squeeze(passage).as_bytes());
        hasher.update(b"\0");
        hasher.update(occurrence.to_string().as_bytes());
        let digest = hasher.finalize();
        let mut name = String::from("p-");
        for b in digest.iter().take(4) {
            name.push_str(&format!("{b:02x}"));
        }
        let mut unique = name.clone();
        let mut k = 2;
        while used.contains(&unique) {
            unique = format!("{name}-{k}");
            k += 1;
        }
        used.insert(unique.clone());
        by_span.insert(span.clone(), unique);
    }
    spans
        .iter()
        .map(|s| by_span.get(s).cloned().unwrap_or_default())
        .collect()
}

/// The first `n` words of `s`, with `…` when there are more.
fn first_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = words.iter().take(n).copied().collect::<Vec<_>>().join(" ");
    if words.len() > n {
        out.push('…');
    }
    out
}

/// `text[range]` with every passage that overlaps it marked. Marks nest:
/// a passage that starts inside another and ends after it is split into
/// pieces, the one holding its start anchored (its `id`), every piece
/// carrying the anchor as a class. Returns the anchors of the passages
/// marked here by a piece that does not hold the anchor (split around
/// another passage, or continued from the paragraph before).
fn marked(h: &mut Html, text: &str, range: Range<usize>, spans: &[Mark]) -> Vec<String> {
    let mut split = Vec::new();
    // Boundaries inside the range: (position, opening?, span index in `spans`).
    let mut inside: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter(|(_, m)| {
            m.span.start < range.end && m.span.end > range.start && m.span.start < m.span.end
        })
        .map(|(k, m)| (m.span.start.max(range.start), m.span.end.min(range.end), k))
        .collect();
    // Outermost first at equal starts: the longer one opens first.
    inside.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let mut points: Vec<usize> = inside.iter().flat_map(|&(s, e, _)| [s, e]).collect();
    points.push(range.start);
    points.push(range.end);
    points.sort_unstable();
    points.dedup();

    let mut open: Vec<(usize, usize)> = Vec::new(); // (end, span index)
    let mut next = 0;
    let mut pos = range.start;
    for &p in &points {
        if p > pos {
            h.text(&text[pos..p]);
            pos = p;
        }
        // Close what ends here; what was opened inside it closes and reopens.
        if open.iter().any(|&(e, _)| e == p) {
            let mut reopen = Vec::new();
            while let Some((e, k)) = open.pop() {
                h.close("mark");
                if e != p {
                    reopen.push((e, k));
                }
                if !open.iter().any(|&(e, _)| e == p) {
                    break;
                }
            }
            for (e, k) in reopen.into_iter().rev() {
                open_mark(h, &spans[k], false);
                split.push(spans[k].name.clone());
                open.push((e, k));
            }
        }
        while next < inside.len() && inside[next].0 == p {
            let (_, e, k) = inside[next];
            let first = spans[k].span.start == p;
            open_mark(h, &spans[k], first);
            if !first {
                split.push(spans[k].name.clone());
            }
            open.push((e, k));
            next += 1;
        }
    }
    while open.pop().is_some() {
        h.close("mark");
    }
    split
}

fn open_mark(h: &mut Html, m: &Mark, first: bool) {
    let class = format!("cited {}", m.name);
    let title = format!("passage {}", m.number);
    if first {
        h.open(
            "mark",
            &[("id", &m.name), ("class", &class), ("title", &title)],
        );
    } else {
        h.open("mark", &[("class", &class), ("title", &title)]);
    }
}

/// How many paragraphs (blank-line-separated parts) a prose field has.
fn paragraphs(p: &Prose) -> usize {
    let mut n = 1;
    for seg in p.segments() {
        if let Segment::Text(t) = seg {
            n += t.matches("\n\n").count();
        }
    }
    n
}

fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(text: &str, spans: &[(Range<usize>, &str)]) -> (String, Vec<String>) {
        let marks: Vec<Mark> = spans
            .iter()
            .enumerate()
            .map(|(k, (span, name))| Mark {
                span: span.clone(),
                name: name.to_string(),
                number: k + 1,
                citers: vec![k],
            })
            .collect();
        let mut h = Html::new();
        let split = marked(&mut h, text, 0..text.len(), &marks);
        (h.into_string(), split)
    }

    #[test]
    fn nested_and_crossing_passages_nest_as_segments() {
        // abcdefgh: A = bcd, B = cdef (crosses A), C = c (inside both).
        let t = "abcdefgh";
        let (got, split) = mark(t, &[(1..4, "p-a"), (2..6, "p-b"), (2..3, "p-c")]);
        assert_eq!(
            got,
            concat!(
                "a",
                r#"<mark id="p-a" class="cited p-a" title="passage 1">b"#,
                r#"<mark id="p-b" class="cited p-b" title="passage 2">"#,
                r#"<mark id="p-c" class="cited p-c" title="passage 3">c</mark>"#,
                "d</mark></mark>",
                r#"<mark class="cited p-b" title="passage 2">ef</mark>"#,
                "gh"
            )
        );
        assert_eq!(split, ["p-b"]);
        // Well nested: every open has its close, in order.
        let mut depth = 0i32;
        for piece in got.split('<').skip(1) {
            depth += if piece.starts_with('/') { -1 } else { 1 };
            assert!(depth >= 0);
        }
        assert_eq!(depth, 0);
    }

    #[test]
    fn anchors_come_from_text_and_occurrence_not_position() {
        let t = "the union said no. Then the union said yes. the union";
        let first = 0..14; // "the union said"
        let second = 24..38; // "the union said", again
        let yes = 24..42;
        let a = anchors(t, &[first.clone(), second.clone()]);
        assert_ne!(a[0], a[1], "{a:?}");
        assert!(
            a.iter().all(|n| n.len() == 10 && n.starts_with("p-")),
            "{a:?}"
        );
        // A citation added before, or between, changes no other anchor.
        let b = anchors(t, &[yes.clone(), second.clone(), 45..53, first.clone()]);
        assert_eq!(b[1], a[1]);
        assert_eq!(b[3], a[0]);
        // The same range shares one anchor.
        let c = anchors(t, &[second.clone(), second.clone()]);
        assert_eq!(c[0], c[1]);
        // Whitespace is folded: a re-wrapped paragraph keeps its anchors.
        let (wrapped, one) = (0..6, 0..5);
        assert_eq!(
            anchors("a  b\nc", std::slice::from_ref(&wrapped)),
            anchors("a b c", std::slice::from_ref(&one))
        );
    }

    #[test]
    fn left_out_paragraphs_are_found_between_parts() {
        let t = "one a\n\ntwo\n\nthree b";
        // Between "a" and "three": the paragraph "two" is left out.
        let a = t.find(" a").unwrap_or(0);
        let three = t.find("three").unwrap_or(0);
        assert!(paragraph_left_out(t, a..three, true, true));
        // Between "one" and " a" in one paragraph: no paragraph of its own.
        assert!(!paragraph_left_out(t, 3..a, true, true));
        // Before the first part, in its own paragraph: nothing whole.
        assert!(!paragraph_left_out(t, 0..3, false, true));
        assert!(paragraph_left_out(t, 0..three, false, true));
    }
}
