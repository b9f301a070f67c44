//! The third stage of a load: one file's text into a draft, with every
//! problem found in the file itself (TOML syntax, missing or empty fields,
//! dates, kinds, front matter).

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;

use super::super::code::Code;
use super::super::date::{EventDate, PartialDate};
use super::super::draft::{ArticleDraft, EventDraft, IssueDraft, Item, MetaDraft};
use super::super::frontmatter::{self, FrontError};
use super::super::links::{self, ProseDraft};
use super::super::model::{Article, Kind};
use super::super::pending::Pending;
use super::super::problem::Severity;
use super::super::raw::{
    IdList, RawEvent, RawEventHead, RawFront, RawIssue, RawIssueHead, RawMeta,
};
use super::super::suggest;
use super::head::{self, Glance, Simple};
use super::sides;
use super::sources::{parse_sources, shift};

/// The BOM's length at the start of `text`, which TOML must not see.
fn bom_len(text: &str) -> usize {
    if text.starts_with('\u{feff}') { 3 } else { 0 }
}

/// Parses `src` (found at offset `base` of its file) as TOML into `T`,
/// reporting every mistake found (see [`toml_errors`](super::toml_errors)).
fn parse_toml<T: DeserializeOwned>(
    src: &str,
    base: usize,
    pending: &mut Vec<Pending>,
) -> Option<T> {
    match super::toml_errors::parse(src) {
        Ok(v) => Some(v),
        Err(errors) => {
            for e in errors {
                let offset = e.span.map(|s| s.start + base);
                pending.push(Pending::error(e.code, offset, e.message).help(e.help));
            }
            None
        }
    }
}

/// Checks that a required field is there and not blank; reports it otherwise.
/// A missing field is reported at `missing_at` (the start of the file); the
/// value's own span is relative to the TOML, which starts at `base`.
fn required(
    value: Option<Spanned<String>>,
    name: &str,
    at: (usize, usize),
    pending: &mut Vec<Pending>,
) -> Option<String> {
    required_spanned(value, name, at, pending).map(Spanned::into_inner)
}

/// A required prose field of `file`, its links found; see [`required`].
fn required_prose(
    value: Option<Spanned<String>>,
    name: &str,
    (missing_at, base): (usize, usize),
    file: &str,
    pending: &mut Vec<Pending>,
) -> Option<ProseDraft> {
    let value = required_spanned(value, name, (missing_at, base), pending)?;
    Some(links::scan(file, shift(value, base), pending))
}

/// An optional prose field of `file`, whose TOML starts at `base`.
fn prose(
    value: Option<Spanned<String>>,
    (file, base): (&str, usize),
    pending: &mut Vec<Pending>,
) -> Option<ProseDraft> {
    value.map(|v| links::scan(file, shift(v, base), pending))
}

/// [`required`], keeping the value's span.
fn required_spanned(
    value: Option<Spanned<String>>,
    name: &str,
    (missing_at, base): (usize, usize),
    pending: &mut Vec<Pending>,
) -> Option<Spanned<String>> {
    match value {
        None => {
            pending.push(Pending::error(
                Code::MissingField,
                Some(missing_at),
                format!("missing required field `{name}`"),
            ));
            None
        }
        Some(v) if v.get_ref().trim().is_empty() => {
            pending.push(Pending::error(
                Code::EmptyField,
                Some(v.span().start + base),
                format!("required field `{name}` is empty"),
            ));
            None
        }
        Some(v) => Some(v),
    }
}

pub(super) fn parse_meta(text: &str, pending: &mut Vec<Pending>) -> Option<MetaDraft> {
    let base = bom_len(text);
    let raw: RawMeta = parse_toml(&text[base..], base, pending)?;
    let title = required(raw.title, "title", (base, base), pending).unwrap_or_default();
    // A language tag: letters, digits and hyphens (BCP 47's alphabet), so
    // that it can be written into a page's `lang` as it is.
    let lang = raw.lang.and_then(|l| {
        let ok = !l.get_ref().is_empty()
            && l.get_ref().len() <= 35
            && l.get_ref()
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok {
            Some(l.into_inner())
        } else {
            pending.push(
                Pending::error(
                    Code::InvalidType,
                    Some(l.span().start + base),
                    format!(
                        "`lang` is not a language tag: `{}`",
                        crate::text::sanitize_line(l.get_ref())
                    ),
                )
                .help(Some(
                    "write a BCP 47 tag, such as \"en\", \"fr-CA\" or \"ar\"".into(),
                )),
            );
            None
        }
    });
    let dir = raw.dir.and_then(|d| {
        if ["ltr", "rtl", "auto"].contains(&d.get_ref().as_str()) {
            Some(d.into_inner())
        } else {
            pending.push(Pending::error(
                Code::InvalidType,
                Some(d.span().start + base),
                format!(
                    "`dir` must be \"ltr\", \"rtl\" or \"auto\", not `{}`",
                    crate::text::sanitize_line(d.get_ref())
                ),
            ));
            None
        }
    });
    let sides = raw.sides.map(|table| {
        let mut sides: Vec<(usize, String, String)> = Vec::with_capacity(table.len());
        for (key, name) in table {
            let at = name.span().start + base;
            if name.get_ref().trim().is_empty() {
                pending.push(Pending::error(
                    Code::EmptyField,
                    Some(at),
                    format!(
                        "side `{}` has an empty name",
                        crate::text::sanitize_line(&key)
                    ),
                ));
                continue;
            }
            sides.push((at, key, name.into_inner()));
        }
        // In the file's order.
        sides.sort_by_key(|s| s.0);
        sides.into_iter().map(|(_, k, n)| (k, n)).collect()
    });
    Some(MetaDraft {
        title,
        subtitle: raw.subtitle,
        description: prose(raw.description, (text, base), pending),
        lang,
        dir,
        sides,
    })
}

/// A date field: a string of three precisions or a bare TOML date.
fn parse_date(
    value: Spanned<toml::Value>,
    name: &str,
    base: usize,
    pending: &mut Vec<Pending>,
) -> Option<PartialDate> {
    let at = Some(value.span().start + base);
    let result = match value.get_ref() {
        toml::Value::String(s) => {
            PartialDate::parse(s).map_err(|e| format!("bad date `{s}` in `{name}`: {e}"))
        }
        toml::Value::Datetime(dt) => toml_day(dt, name),
        other => Err(format!(
            "bad date in `{name}`: expected a string such as \"2024-05-10\", \"2024-05\" or \"2024\", found {}",
            other.type_str()
        )),
    };
    result
        .map_err(|m| pending.push(Pending::error(Code::BadDate, at, m)))
        .ok()
}

/// A bare TOML date, which must be a day without a time.
fn toml_day(dt: &toml::value::Datetime, name: &str) -> Result<PartialDate, String> {
    match (dt.date, dt.time, dt.offset) {
        (Some(d), None, None) => PartialDate::day(i32::from(d.year), d.month, d.day)
            .ok_or_else(|| format!("bad date `{dt}` in `{name}`: no such date")),
        _ => Err(format!(
            "bad date `{dt}` in `{name}`: a date has no time of day"
        )),
    }
}

/// An event's `date`: the EDTF forms of [`EventDate`], or a bare TOML date.
fn parse_event_date(
    value: Spanned<toml::Value>,
    base: usize,
    pending: &mut Vec<Pending>,
) -> Option<EventDate> {
    let at = Some(value.span().start + base);
    let result = match value.get_ref() {
        toml::Value::String(s) => {
            EventDate::parse(s).map_err(|e| format!("bad date `{s}` in `date`: {e}"))
        }
        toml::Value::Datetime(dt) => toml_day(dt, "date").map(EventDate::from),
        other => Err(format!(
            "bad date in `date`: expected a string such as \"2024-05-10\", \"2024-05\", \"2024\" or \"[2024-05-14..2024-07-30]\", found {}",
            other.type_str()
        )),
    };
    result
        .map_err(|m| pending.push(Pending::error(Code::BadDate, at, m)))
        .ok()
}

pub(super) struct ParsedArticle {
    title: Option<String>,
    note: Option<ProseDraft>,
    raw: RawFront,
    published: Option<PartialDate>,
    ok: bool,
    text: Range<usize>,
    text_line: usize,
}

impl ParsedArticle {
    pub(super) fn into_draft(self, id: String, mut file: String) -> ArticleDraft {
        // Keep only the text, in the file's own allocation.
        file.truncate(self.text.end);
        file.drain(..self.text.start);
        let text = normalise_crlf(file);
        self.with_text(id, text)
    }

    /// The draft of a glance at the front matter: no text (it is read
    /// with the rest), and none of the file's bytes moved or copied.
    pub(super) fn front_only(self, id: String) -> ArticleDraft {
        self.with_text(id, String::new())
    }

    fn with_text(self, id: String, text: String) -> ArticleDraft {
        ArticleDraft {
            ok: self.ok,
            note: self.note,
            article: Article {
                id,
                title: self.title.unwrap_or_default(),
                outlet: self.raw.outlet,
                published: self.published,
                byline: self.raw.byline,
                url: self.raw.url,
                note: None,
                text: text.into(),
                text_line: self.text_line,
                cited_by: Vec::new(),
            },
        }
    }
}

/// CRLF line ends become LF, in place.
fn normalise_crlf(text: String) -> String {
    if memchr::memmem::find(text.as_bytes(), b"\r\n").is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    let mut w = 0;
    // In place, to hold no second copy of a long article. `r` stays below the
    // length and `w` at or below `r`, so neither index can fail; the loader's
    // fuzz target (fuzz/, replayed by tests/library/fuzz_corpus.rs) guards it.
    #[allow(clippy::indexing_slicing)]
    for r in 0..bytes.len() {
        if bytes[r] == b'\r' && bytes.get(r + 1) == Some(&b'\n') {
            continue;
        }
        bytes[w] = bytes[r];
        w += 1;
    }
    bytes.truncate(w);
    // Removing a CR before an LF keeps UTF-8 valid.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

pub(super) fn parse_article(text: &str, pending: &mut Vec<Pending>) -> Option<ParsedArticle> {
    let base = bom_len(text);
    let split = match frontmatter::split(text) {
        Ok(s) => s,
        Err(FrontError::NoOpening) => {
            pending.push(
                Pending::error(
                    Code::FrontMatter,
                    Some(base),
                    "an article must start with front matter: a line `+++`".to_string(),
                )
                .help(Some(
                    "write `+++`, the article's fields (at least `title`), `+++`, then its text"
                        .to_string(),
                )),
            );
            return None;
        }
        Err(FrontError::Unclosed) => {
            pending.push(Pending::error(
                Code::FrontMatter,
                Some(base),
                "front matter is not closed: no line `+++` after this one".to_string(),
            ));
            return None;
        }
    };
    let mut raw: RawFront = parse_toml(&text[split.front.clone()], split.front.start, pending)?;
    let errors_before = pending.len();
    let title = required(
        raw.title.clone(),
        "title",
        (base, split.front.start),
        pending,
    );
    let published = raw
        .published
        .clone()
        .and_then(|v| parse_date(v, "published", split.front.start, pending));

    // The text, without the blank lines around it.
    let body = &text[split.body..];
    let lead = body.len() - body.trim_start().len();
    let start = split.body + body[..lead].rfind('\n').map_or(0, |n| n + 1);
    let end = split.body + body.trim_end().len();
    if end <= start {
        pending.push(Pending::error(
            Code::EmptyField,
            Some(split.close),
            "article has no text after its front matter".to_string(),
        ));
    }
    let ok = pending.len() == errors_before;
    // Problems in the note's links do not leave the article out.
    let note = prose(raw.note.take(), (text, split.front.start), pending);
    Some(ParsedArticle {
        title,
        note,
        raw,
        published,
        ok,
        text: start..end.max(start),
        text_line: 1 + memchr::memchr_iter(b'\n', text.as_bytes().get(..start).unwrap_or_default())
            .count(),
    })
}

pub(super) fn parse_event(id: &str, text: &str, pending: &mut Vec<Pending>) -> Item {
    let base = bom_len(text);
    let Some(raw) = parse_toml::<RawEvent>(&text[base..], base, pending) else {
        return Item::Failed;
    };
    let before = pending.len();
    let RawEvent {
        title,
        date,
        end,
        after,
        before: before_ids,
        weekday,
        kind,
        issues,
        summary,
        date_note,
        disputed,
        sources,
    } = raw;
    let head = RawEventHead {
        title,
        date,
        end,
        after,
        before: before_ids,
        weekday,
        kind,
        issues,
        issues_found: false,
    };
    let mut e = event_head(id, head, base, pending, |pending| {
        required_prose(summary, "summary", (base, base), text, pending)
    });
    e.sources = parse_sources(sources, (text, base), pending);
    e.date_note = prose(date_note, (text, base), pending);
    e.disputed = prose(disputed, (text, base), pending);
    e.ok = !pending
        .iter()
        .skip(before)
        .any(|p| p.severity == Severity::Error);
    Item::Event(e)
}

/// An event from a glance at its file `file` ([`super::head`]): the lines
/// of the fields its row and the timeline's order use, read as the whole
/// file's are (simple values directly, the others by the TOML parser),
/// and whether it has a `disputed` text (left empty here). Its summary and
/// sources are left empty; so are its issues when the glance found them
/// itself (`issues_found`, its `issues` line then left out of `g`). `None`
/// if the lines do not parse.
pub(super) fn parse_event_head(
    id: &str,
    file: &[u8],
    g: &Glance,
    issues_found: bool,
) -> Option<EventDraft> {
    let mut pending = Vec::new();
    let raw = match simple_event_head(file, g) {
        Some(raw) => raw,
        None => parse_toml::<RawEventHead>(&g.text(file)?, 0, &mut pending)?,
    };
    let raw = RawEventHead {
        issues_found,
        ..raw
    };
    let mut e = event_head(id, raw, 0, &mut pending, |_| None);
    e.disputed = g.flagged.then(ProseDraft::default);
    // The summary, not glanced at, is the one missing field allowed.
    e.ok = !pending.iter().any(|p| p.severity == Severity::Error);
    Some(e)
}

/// An issue from a glance at its file: its title and related issues.
pub(super) fn parse_issue_head(id: &str, file: &[u8], g: &Glance) -> Option<IssueDraft> {
    let mut pending = Vec::new();
    let raw = match simple_issue_head(file, g) {
        Some(raw) => raw,
        None => parse_toml::<RawIssueHead>(&g.text(file)?, 0, &mut pending)?,
    };
    let title = required(raw.title, "title", (0, 0), &mut pending)?;
    Some(IssueDraft {
        id: id.to_string(),
        file: 0,
        hash: 0,
        ok: true,
        title,
        summary: ProseDraft::default(),
        status: None,
        positions: Vec::new(),
        related: raw.related.unwrap_or_default(),
        sources: Vec::new(),
    })
}

/// Sets `slot` to `value` when it is empty: a key given twice is the
/// parser's to report.
fn once<T>(slot: &mut Option<T>, value: T) -> Option<()> {
    match slot {
        Some(_) => None,
        None => {
            *slot = Some(value);
            Some(())
        }
    }
}

/// The glanced lines of an event read without the TOML parser, when every
/// value is simple ([`head::simple`]) and of the type its field takes.
fn simple_event_head(file: &[u8], g: &Glance) -> Option<RawEventHead> {
    let mut raw = RawEventHead::default();
    for line in g.lines() {
        let value = head::simple(file, line.value.clone())?;
        let whole = line.value.clone();
        match (line.key, value) {
            ("title", Simple::Str(s, r)) => once(&mut raw.title, Spanned::new(r, s))?,
            ("weekday", Simple::Str(s, r)) => once(&mut raw.weekday, Spanned::new(r, s))?,
            ("kind", Simple::Str(s, r)) => once(&mut raw.kind, Spanned::new(r, s))?,
            ("date", Simple::Str(s, r)) => {
                once(&mut raw.date, Spanned::new(r, toml::Value::String(s)))?;
            }
            ("end", Simple::Str(s, r)) => {
                once(&mut raw.end, Spanned::new(r, toml::Value::String(s)))?;
            }
            ("issues", Simple::List(items)) => {
                once(&mut raw.issues, Spanned::new(whole, spanned_all(items)))?
            }
            (key @ ("after" | "before"), value) => {
                let list = match value {
                    Simple::Str(s, _) => IdList::One(s),
                    Simple::List(items) => IdList::Many(spanned_all(items)),
                };
                let slot = if key == "after" {
                    &mut raw.after
                } else {
                    &mut raw.before
                };
                once(slot, Spanned::new(whole, list))?;
            }
            _ => return None,
        }
    }
    Some(raw)
}

/// [`simple_event_head`] for an issue.
fn simple_issue_head(file: &[u8], g: &Glance) -> Option<RawIssueHead> {
    let mut raw = RawIssueHead::default();
    for line in g.lines() {
        match (line.key, head::simple(file, line.value.clone())?) {
            ("title", Simple::Str(s, r)) => once(&mut raw.title, Spanned::new(r, s))?,
            ("related", Simple::List(items)) => once(&mut raw.related, spanned_all(items))?,
            _ => return None,
        }
    }
    Some(raw)
}

fn spanned_all(items: Vec<(String, Range<usize>)>) -> Vec<Spanned<String>> {
    items.into_iter().map(|(s, r)| Spanned::new(r, s)).collect()
}

/// The fields of an event its row and the timeline's order use, with the
/// summary (from `summary`) checked between its date and its end, where a
/// whole file's problems have always been listed; `ok` is left to the caller.
fn event_head(
    id: &str,
    raw: RawEventHead,
    base: usize,
    pending: &mut Vec<Pending>,
    summary: impl FnOnce(&mut Vec<Pending>) -> Option<ProseDraft>,
) -> EventDraft {
    let title = required(raw.title, "title", (base, base), pending);
    let date_at = raw.date.as_ref().map_or(base, |d| d.span().start + base);
    let date = match raw.date {
        Some(d) => parse_event_date(d, base, pending),
        None => {
            pending.push(Pending::error(
                Code::MissingField,
                Some(base),
                "missing required field `date`".to_string(),
            ));
            None
        }
    };
    let summary = summary(pending);
    let mut end = None;
    if let Some(e) = raw.end {
        let at = e.span().start + base;
        end = parse_date(e, "end", base, pending);
        if let (Some(d), Some(_)) = (date, end)
            && d.to.is_some()
        {
            pending.push(
                Pending::error(
                    Code::BadDate,
                    Some(at),
                    "an event with `end` starts on a day, a month or a year, not within a range".to_string(),
                )
                .help(Some(
                    "write the start as a day, a month or a year, and say what is uncertain in `date_note`".to_string(),
                )),
            );
        } else if let (Some(d), Some(e)) = (date, end)
            && e.last_date() < d.first_date()
        {
            pending.push(Pending::error(
                Code::EndBeforeDate,
                Some(at),
                format!(
                    "the event ends ({}) before it starts ({})",
                    e.iso(),
                    d.edtf()
                ),
            ));
        }
    }
    let kind = match raw.kind {
        None => Kind::Other,
        Some(k) => match Kind::from_name(k.get_ref()) {
            Some(kind) => kind,
            None => {
                let names = Kind::ALL.map(Kind::name);
                let guess = suggest::closest(k.get_ref(), names)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                pending.push(
                    Pending::error(
                        Code::UnknownKind,
                        Some(k.span().start + base),
                        format!("unknown kind `{}`", k.get_ref()),
                    )
                    .help(Some(format!("{guess}kinds are: {}", names.join(", ")))),
                );
                Kind::Other
            }
        },
    };
    let issues = match raw.issues {
        Some(list) if !list.get_ref().is_empty() => list
            .into_inner()
            .into_iter()
            .map(|i| shift(i, base))
            .collect(),
        None if raw.issues_found => Vec::new(),
        other => {
            let at = other.map_or(base, |l| l.span().start + base);
            pending.push(
                Pending::warning(
                    Code::EventWithoutIssue,
                    Some(at),
                    "event touches no issue".to_string(),
                )
                .help(Some(
                    "list the issues it touches in `issues = [...]`".to_string(),
                )),
            );
            Vec::new()
        }
    };
    let weekday = raw.weekday.and_then(|w| {
        let at = w.span().start + base;
        match super::super::date::parse_weekday(w.get_ref()) {
            Some(d) => Some((d, at)),
            None => {
                pending.push(
                    Pending::error(
                        Code::BadWeekday,
                        Some(at),
                        format!("unknown weekday `{}`", w.get_ref()),
                    )
                    .help(Some(
                        "write a day of the week in English: \"Monday\" to \"Sunday\", or \"Mon\" to \"Sun\"".to_string(),
                    )),
                );
                None
            }
        }
    });
    let relation = |r: Option<Spanned<super::super::raw::IdList>>| -> Vec<Spanned<String>> {
        match r {
            None => Vec::new(),
            Some(r) => {
                let whole = r.span();
                r.into_inner()
                    .into_spanned(whole)
                    .into_iter()
                    .map(|a| shift(a, base))
                    .collect()
            }
        }
    };
    let after = relation(raw.after);
    let before_ids = relation(raw.before);
    EventDraft {
        id: id.to_string(),
        file: 0,
        hash: 0,
        ok: false,
        title: title.unwrap_or_default(),
        date,
        date_at,
        end,
        weekday,
        after,
        before: before_ids,
        kind,
        issues,
        issue_ixs: None,
        summary: summary.unwrap_or_default(),
        date_note: None,
        disputed: None,
        sources: Vec::new(),
    }
}

pub(super) fn parse_issue(id: &str, text: &str, pending: &mut Vec<Pending>) -> Item {
    let base = bom_len(text);
    let Some(raw) = parse_toml::<RawIssue>(&text[base..], base, pending) else {
        return Item::Failed;
    };
    let before = pending.len();
    let title = required(raw.title, "title", (base, base), pending);
    let summary = required_prose(raw.summary, "summary", (base, base), text, pending);
    let sources = parse_sources(raw.sources, (text, base), pending);
    let positions = sides::parse(raw.positions, (text, base), pending);
    let status = prose(raw.status, (text, base), pending);
    let ok = !pending
        .iter()
        .skip(before)
        .any(|p| p.severity == Severity::Error);
    Item::Issue(IssueDraft {
        id: id.to_string(),
        file: 0,
        hash: 0,
        ok,
        title: title.unwrap_or_default(),
        summary: summary.unwrap_or_default(),
        status,
        positions,
        related: raw
            .related
            .unwrap_or_default()
            .into_iter()
            .map(|r| shift(r, base))
            .collect(),
        sources,
    })
}
