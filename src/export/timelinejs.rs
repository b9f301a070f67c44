//! The TimelineJS export: TimelineJS3's JSON, one slide per event (with a
//! title slide), dates at the precision known, the cited passages in each
//! slide's text, and rows grouped by kind or by issue.
//!
//! TimelineJS puts a slide's headline, text and group label into the page as
//! HTML, so all three are built with the HTML builder, which escapes all
//! content (the group label twice, see [`group_label`]). Each slide quotes at most [`PASSAGES_PER_SLIDE`] passages, each
//! with its article set as a citation (`<cite>`); the rest are counted, and
//! linked to the event on the web dossier when its address is given.

use serde::Serialize;

use super::markup::{Href, Html};
use super::{Group, article_name, passage, passage_url, safe_url};
use chrono::Datelike;
use dossier_core::content::{Dossier, Event, PartialDate};

/// At most this many cited passages are quoted on a slide, in the order the
/// event cites them; a slide stays short enough to read beside the timeline.
pub const PASSAGES_PER_SLIDE: usize = 3;

/// The export as bytes, without the web dossier's address.
pub fn render(d: &Dossier, group: Group) -> Vec<u8> {
    render_with(d, group, None)
}

/// The export as bytes: UTF-8 JSON ending with a newline. `site`, the web
/// dossier's published address (`http(s)`), gives each slide that leaves
/// passages out a link to its event there.
pub fn render_with(d: &Dossier, group: Group, site: Option<&str>) -> Vec<u8> {
    let site = site.and_then(safe_url);
    let site = site.as_deref();
    let mut title = Html::new();
    if let Some(s) = &d.meta.subtitle {
        title.open("p", &[]);
        prose(&mut title, s);
        title.close("p");
    }
    if let Some(s) = &d.meta.description {
        prose_paragraphs(&mut title, s);
    }
    let doc = Timeline {
        title: Slide {
            text: Text {
                headline: headline(&d.meta.title),
                text: title.into_string(),
            },
        },
        events: {
            // Each slide starts on its event's earliest possible day, which
            // never decreases along the timeline order; events of one day
            // are told apart by the time of day, which the slides hide, so
            // that TimelineJS's own sort by date gives the dossier's order.
            let mut same_day = 0u32;
            let mut last = None;
            d.events
                .iter()
                .map(|e| {
                    let day = e.bounds.earliest;
                    same_day = if last == Some(day) { same_day + 1 } else { 0 };
                    last = Some(day);
                    event(d, e, (group, site), start(day, same_day))
                })
                .collect()
        },
    };
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

#[derive(Serialize)]
struct Timeline {
    title: Slide,
    events: Vec<EventOut>,
}

#[derive(Serialize)]
struct Slide {
    text: Text,
}

#[derive(Serialize)]
struct Text {
    headline: String,
    text: String,
}

/// A date as TimelineJS takes it: the parts known, as strings.
#[derive(Serialize)]
struct DateOut {
    year: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    month: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<String>,
}

fn date(p: PartialDate) -> DateOut {
    DateOut {
        year: p.get_year().to_string(),
        month: p.get_month().map(|m| m.to_string()),
        day: p.get_day().map(|m| m.to_string()),
    }
}

/// A slide's start: a day, and the `k`th time of that day (hour, minute
/// and second, 86,400 of them; past that, the last second).
fn start(day: chrono::NaiveDate, k: u32) -> StartOut {
    let k = k.min(86_399);
    StartOut {
        year: day.year().to_string(),
        month: day.month().to_string(),
        day: day.day().to_string(),
        hour: (k / 3600).to_string(),
        minute: (k / 60 % 60).to_string(),
        second: (k % 60).to_string(),
    }
}

/// A slide's start as TimelineJS takes it: every part, as strings.
#[derive(Serialize)]
struct StartOut {
    year: String,
    month: String,
    day: String,
    hour: String,
    minute: String,
    second: String,
}

#[derive(Serialize)]
struct EventOut {
    unique_id: String,
    start_date: StartOut,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_date: Option<DateOut>,
    /// Shown instead of the computed date: the span as the reader writes it.
    display_date: String,
    text: Text,
    group: String,
}

fn event(
    d: &Dossier,
    e: &Event,
    (group, site): (Group, Option<&str>),
    start_date: StartOut,
) -> EventOut {
    let mut text = Html::new();
    prose_paragraphs(&mut text, &e.summary);
    if let Some(s) = &e.date_note {
        text.open("p", &[]).elem("strong", &[], "Date: ");
        prose(&mut text, s);
        text.close("p");
    }
    if let Some(s) = &e.disputed {
        text.open("p", &[]).elem("strong", &[], "Disputed: ");
        prose(&mut text, s);
        text.close("p");
    }
    for s in e.sources.iter().take(PASSAGES_PER_SLIDE) {
        let a = d.article(s.article);
        let quoted = squeeze(passage(d, s));
        text.open("p", &[("class", "dossier-source")])
            .text("“")
            .text(&quoted)
            .text("” ")
            .open("cite", &[])
            .text("— ");
        match passage_url(a, &quoted) {
            Some(u) => text.link(Href::External(&u), &[], &article_name(a)),
            None => text.text(&article_name(a)),
        };
        if let Some(p) = a.published {
            text.text(&format!(", {p}"));
        }
        text.close("cite").close("p");
    }
    let more = e.sources.len().saturating_sub(PASSAGES_PER_SLIDE);
    if more > 0 {
        let words = format!(
            "and {} more {} in the web dossier",
            more,
            dossier_core::text::noun(more, "passage", "passages")
        );
        text.open("p", &[("class", "dossier-more")]);
        match site {
            Some(site) => {
                let slash = if site.ends_with('/') { "" } else { "/" };
                let href = format!("{site}{slash}index.html#event-{}", e.id);
                text.link(Href::External(&href), &[], &words)
            }
            None => text.text(&words),
        };
        text.close("p");
    }
    let group = match group {
        Group::Kind => e.kind.name().to_string(),
        Group::Issue => e
            .issues
            .first()
            .map(|&i| group_label(&d.issue(i).title))
            .unwrap_or_else(|| "No issue".to_string()),
    };
    EventOut {
        unique_id: format!("event-{}", e.id),
        start_date,
        end_date: e.end.map(date),
        display_date: e.dating().phrase(),
        text: Text {
            headline: headline(&e.title),
            text: text.into_string(),
        },
        group,
    }
}

/// A group label: one line, escaped twice. TimelineJS (3.9) reads a
/// group as HTML and keeps its text (which decodes one level of escapes),
/// then puts that text into the page as HTML: escaped once, `&lt;b&gt;`
/// would come back as an element.
fn group_label(s: &str) -> String {
    let mut h = Html::new();
    h.text(&headline(s));
    h.into_string()
}

/// A headline: one line, escaped.
fn headline(s: &str) -> String {
    let mut h = Html::new();
    h.text(&squeeze(s));
    h.into_string()
}

/// A prose field inside an element: escaped, its whitespace on one line.
/// The one place this format renders prose.
fn prose(h: &mut Html, s: &str) {
    h.text(&squeeze(s));
}

/// A prose field as paragraphs, one `<p>` for each blank-line-separated part.
fn prose_paragraphs(h: &mut Html, s: &str) {
    for para in s.split("\n\n").filter(|p| !p.trim().is_empty()) {
        h.open("p", &[]);
        prose(h, para);
        h.close("p");
    }
}

/// Whitespace runs as one space.
fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
