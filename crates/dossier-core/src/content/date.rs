//! Dates of year, month or day precision, and how they read on screen.

use std::fmt;

use chrono::NaiveDate;

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A date that means exactly what it says: a year, a month of a year, or a day.
///
/// The derived order sorts by year, then month, then day, with a missing part
/// first, so at equal dates the less precise one comes first, as the format asks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

/// How precise a date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// Only the year is known.
    Year,
    /// The year and month are known.
    Month,
    /// The day is known.
    Day,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// Not of the form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Form,
    /// Of the right form, but no such day or month exists.
    Impossible,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::Form => {
                f.write_str("expected a date as \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"")
            }
            DateError::Impossible => f.write_str("no such date"),
        }
    }
}

impl PartialDate {
    /// A whole year.
    pub fn year(year: i32) -> Self {
        PartialDate {
            year,
            month: None,
            day: None,
        }
    }

    /// A month of a year; `None` when the month is out of range.
    pub fn month(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(PartialDate {
            year,
            month: Some(month),
            day: None,
        })
    }

    /// A day; `None` when no such day exists.
    pub fn day(year: i32, month: u8, day: u8) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(day))?;
        Some(PartialDate {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (four-digit year, two-digit month and day).
    pub fn parse(s: &str) -> Result<Self, DateError> {
        let parts: Vec<&str> = s.split('-').collect();
        let widths = [4, 2, 2];
        if parts.is_empty()
            || parts.len() > 3
            || parts
                .iter()
                .zip(widths)
                .any(|(p, w)| p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(DateError::Form);
        }
        let num = |p: &str| p.parse::<u32>().map_err(|_| DateError::Form);
        let year = num(parts[0])? as i32;
        match parts.len() {
            1 => Ok(PartialDate::year(year)),
            2 => PartialDate::month(year, num(parts[1])? as u8).ok_or(DateError::Impossible),
            _ => PartialDate::day(year, num(parts[1])? as u8, num(parts[2])? as u8)
                .ok_or(DateError::Impossible),
        }
    }

    /// How precise the date is.
    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    /// The year.
    pub fn get_year(&self) -> i32 {
        self.year
    }
    /// The month (1 to 12), when known.
    pub fn get_month(&self) -> Option<u8> {
        self.month
    }
    /// The day of the month, when known.
    pub fn get_day(&self) -> Option<u8> {
        self.day
    }

    /// The ISO form as written in content files: `2024`, `2024-05`, `2024-05-10`.
    pub fn iso(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{:04}-{:02}-{:02}", self.year, m, d),
            (Some(m), None) => format!("{:04}-{:02}", self.year, m),
            _ => format!("{:04}", self.year),
        }
    }

    /// The first day this date could mean, for comparing an `end` with its `date`.
    pub fn first_day(&self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }
    /// The last day this date could mean.
    pub fn last_day(&self) -> (i32, u8, u8) {
        let month = self.month.unwrap_or(12);
        let day = self.day.unwrap_or_else(|| days_in_month(self.year, month));
        (self.year, month, day)
    }

    /// The first day this date could mean, as a calendar day.
    pub fn first_date(&self) -> NaiveDate {
        let (y, m, d) = self.first_day();
        NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d)).unwrap_or(NaiveDate::MIN)
    }
    /// The last day this date could mean, as a calendar day.
    pub fn last_date(&self) -> NaiveDate {
        let (y, m, d) = self.last_day();
        NaiveDate::from_ymd_opt(y, u32::from(m), u32::from(d)).unwrap_or(NaiveDate::MAX)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    (28..=31)
        .rev()
        .find(|&d| NaiveDate::from_ymd_opt(year, u32::from(month), u32::from(d)).is_some())
        .unwrap_or(28)
}

fn month_name(m: u8) -> &'static str {
    MONTHS
        .get(usize::from(m).wrapping_sub(1))
        .copied()
        .unwrap_or("???")
}

/// `29 Apr 2024`, `May 2024`, `2024`.
impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{} {} {}", d, month_name(m), self.year),
            (Some(m), None) => write!(f, "{} {}", month_name(m), self.year),
            _ => write!(f, "{}", self.year),
        }
    }
}

/// An EDTF qualifier on a date: `?` uncertain (a day derived by reasoning),
/// `~` approximate, `%` both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Qualifier {
    /// `?`: the date is uncertain, for example derived by reasoning.
    Uncertain,
    /// `~`: the date is approximate.
    Approximate,
    /// `%`: both uncertain and approximate.
    Both,
}

impl Qualifier {
    /// The EDTF character.
    pub fn symbol(self) -> char {
        match self {
            Qualifier::Uncertain => '?',
            Qualifier::Approximate => '~',
            Qualifier::Both => '%',
        }
    }
    /// Its name in the JSON export and in words.
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::Uncertain => "uncertain",
            Qualifier::Approximate => "approximate",
            Qualifier::Both => "uncertain and approximate",
        }
    }
}

/// An event's `date` as written: a year, a month or a day (each the range of
/// days it stands for), or one day not known exactly between two inclusive
/// bounds (`[2024-05-14..2024-07-30]`), with an optional EDTF qualifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct EventDate {
    /// The date, or the lower bound of a range.
    pub from: PartialDate,
    /// The upper bound, for one day of a range.
    pub to: Option<PartialDate>,
    /// `?`, `~` or `%`, on a single date.
    pub qualifier: Option<Qualifier>,
}

/// Why an event's date was refused, in words that name the allowed forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventDateError(pub String);

impl fmt::Display for EventDateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The forms a `date` may take, named in every refusal.
pub const DATE_FORMS: &str = "write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", optionally followed by `?` (uncertain), `~` (approximate) or `%` (both), or one day within bounds as \"[YYYY-MM-DD..YYYY-MM-DD]\"";

impl From<PartialDate> for EventDate {
    fn from(from: PartialDate) -> Self {
        EventDate {
            from,
            to: None,
            qualifier: None,
        }
    }
}

impl EventDate {
    /// Parses the EDTF subset the format takes (see [`DATE_FORMS`]).
    pub fn parse(s: &str) -> Result<Self, EventDateError> {
        let refuse = |why: &str| Err(EventDateError(format!("{why}; {DATE_FORMS}")));
        if s.is_empty() {
            return refuse("the date is empty");
        }
        if s.contains('{') || s.contains('}') {
            return refuse("a set of several dates (`{…}`) is not supported");
        }
        if s.contains('/') {
            return Err(EventDateError(
                "an interval `A/B` is not supported: for an event that lasted, write its first day in `date` and its last in `end`".to_string(),
            ));
        }
        if s.contains('T') || s.contains(':') {
            return refuse("a date has no time of day");
        }
        if let Some(inner) = s.strip_prefix('[') {
            let Some(inner) = inner.strip_suffix(']') else {
                return refuse("a range opened with `[` must close with `]`");
            };
            if inner.contains(',') {
                return refuse("a set of several dates or ranges is not supported, only one range");
            }
            let Some((lo, hi)) = inner.split_once("..") else {
                return refuse("a range needs `..` between its bounds");
            };
            if lo.is_empty() || hi.is_empty() {
                return Err(EventDateError(
                    "an open range is not supported: give both bounds, or say what the event came after or before with `after` and `before`".to_string(),
                ));
            }
            if [lo, hi].iter().any(|p| p.ends_with(['?', '~', '%'])) {
                return refuse(
                    "a qualifier (`?`, `~`, `%`) goes after a single date, not inside a range",
                );
            }
            let from = part(lo)?;
            let to = part(hi)?;
            if from.first_date() > to.last_date() {
                return Err(EventDateError(format!(
                    "the range's bounds are reversed: {} is after {}",
                    from.iso(),
                    to.iso()
                )));
            }
            return Ok(EventDate {
                from,
                to: Some(to),
                qualifier: None,
            });
        }
        if s.ends_with(']') {
            return refuse("a range must open with `[`");
        }
        let (body, qualifier) = match s.as_bytes().last() {
            Some(b'?') => (&s[..s.len() - 1], Some(Qualifier::Uncertain)),
            Some(b'~') => (&s[..s.len() - 1], Some(Qualifier::Approximate)),
            Some(b'%') => (&s[..s.len() - 1], Some(Qualifier::Both)),
            _ => (s, None),
        };
        if body.contains(['?', '~', '%']) {
            return refuse("a qualifier (`?`, `~`, `%`) is written once, after the whole date");
        }
        Ok(EventDate {
            from: part(body)?,
            to: None,
            qualifier,
        })
    }

    /// The EDTF form: `2024-05-10?`, `[2024-05-14..2024-07-30]`.
    pub fn edtf(&self) -> String {
        match (self.to, self.qualifier) {
            (Some(to), _) => format!("[{}..{}]", self.from.iso(), to.iso()),
            (None, Some(q)) => format!("{}{}", self.from.iso(), q.symbol()),
            (None, None) => self.from.iso(),
        }
    }

    /// The first day the date allows.
    pub fn first_date(&self) -> NaiveDate {
        self.from.first_date()
    }
    /// The last day the date allows.
    pub fn last_date(&self) -> NaiveDate {
        self.to.unwrap_or(self.from).last_date()
    }

    /// Its precision as the JSON export names it: `year`, `month`, `day`, or
    /// `range` for one day within bounds.
    pub fn precision_name(&self) -> &'static str {
        match (self.to, self.from.precision()) {
            (Some(_), _) => "range",
            (None, Precision::Year) => "year",
            (None, Precision::Month) => "month",
            (None, Precision::Day) => "day",
        }
    }

    /// A year alone, qualified or not.
    pub fn is_year_alone(&self) -> bool {
        self.to.is_none() && self.from.precision() == Precision::Year
    }
}

/// One bound or single date of an event's `date`, with EDTF's other forms
/// refused by name.
fn part(s: &str) -> Result<PartialDate, EventDateError> {
    let refuse = |why: &str| Err(EventDateError(format!("{why}; {DATE_FORMS}")));
    if s.contains(['X', 'x', 'u']) {
        return refuse(
            "unspecified digits (`X`) are not supported: write the year or the month alone, or a range",
        );
    }
    if s.starts_with(['Y', '-', '+']) {
        return refuse("only years of four digits, 0000 to 9999, are supported");
    }
    let month = s
        .split('-')
        .nth(1)
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|_| s.len() == 7);
    if let Some(m) = month
        && (21..=41).contains(&m)
    {
        return refuse(
            "seasons and quarters (months 21 to 41) are not supported: write a month, or a range such as \"[2024-03..2024-05]\"",
        );
    }
    PartialDate::parse(s).map_err(|e| match e {
        DateError::Impossible => EventDateError("no such date".to_string()),
        DateError::Form => EventDateError(format!("expected a date; {DATE_FORMS}")),
    })
}

/// A weekday, as the format's `weekday` field names it.
pub fn parse_weekday(s: &str) -> Option<chrono::Weekday> {
    use chrono::Weekday::*;
    let lower = s.trim().to_ascii_lowercase();
    let days = [
        ("monday", Mon),
        ("tuesday", Tue),
        ("wednesday", Wed),
        ("thursday", Thu),
        ("friday", Fri),
        ("saturday", Sat),
        ("sunday", Sun),
    ];
    days.iter()
        .find(|(name, _)| lower == *name || (lower.len() == 3 && name.starts_with(&lower)))
        .map(|&(_, d)| d)
}

/// The English name of a weekday.
pub fn weekday_name(d: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match d {
        Mon => "Monday",
        Tue => "Tuesday",
        Wed => "Wednesday",
        Thu => "Thursday",
        Fri => "Friday",
        Sat => "Saturday",
        Sun => "Sunday",
    }
}

/// A weekday's three-letter name.
pub fn weekday_short(d: chrono::Weekday) -> &'static str {
    weekday_name(d).get(..3).unwrap_or("")
}

/// `29 Apr 2024` for a day.
pub fn format_day(d: NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {} {}", d.day(), month_name(d.month() as u8), d.year())
}

/// The day as a [`PartialDate`] of day precision.
pub fn day_of(d: NaiveDate) -> PartialDate {
    use chrono::Datelike;
    PartialDate {
        year: d.year(),
        month: Some(d.month() as u8),
        day: Some(d.day() as u8),
    }
}

/// What is known of an event's day: the earliest and the latest day it can
/// be on, from its date, its weekday and the events it is related to, and
/// whether nothing bounds it within its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Bounds {
    /// The earliest possible day.
    #[serde(with = "days")]
    pub earliest: NaiveDate,
    /// The latest possible day.
    #[serde(with = "days")]
    pub latest: NaiveDate,
    /// Its date is a year alone and no `after` or `before` touches it:
    /// the timeline shows it as "day not known".
    pub day_unknown: bool,
}

impl Bounds {
    /// The bounds a date and weekday give alone, before any relation.
    /// `None` when no day of the date falls on the weekday.
    pub fn own(date: &EventDate, weekday: Option<chrono::Weekday>) -> Option<Bounds> {
        let (earliest, latest) = on_weekday(date.first_date(), date.last_date(), weekday)?;
        Some(Bounds {
            earliest,
            latest,
            day_unknown: date.is_year_alone(),
        })
    }
}

/// The first and last days of `lo..=hi` on `weekday` (all of it without
/// one); `None` when none is.
pub fn on_weekday(
    lo: NaiveDate,
    hi: NaiveDate,
    weekday: Option<chrono::Weekday>,
) -> Option<(NaiveDate, NaiveDate)> {
    use chrono::Datelike;
    let Some(w) = weekday else {
        return (lo <= hi).then_some((lo, hi));
    };
    let ahead = (7 + w.num_days_from_monday() - lo.weekday().num_days_from_monday()) % 7;
    let back = (7 + hi.weekday().num_days_from_monday() - w.num_days_from_monday()) % 7;
    let first = lo.checked_add_days(chrono::Days::new(u64::from(ahead)))?;
    let last = hi.checked_sub_days(chrono::Days::new(u64::from(back)))?;
    (first <= last).then_some((first, last))
}

/// Everything that says when an event was: its date and `end` as written,
/// its weekday, and its derived bounds. Its methods word it the one way
/// every view and export does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dating {
    /// `date` as written.
    pub date: EventDate,
    /// `end`, for an event that lasted.
    pub end: Option<PartialDate>,
    /// `weekday`, when the sources name it.
    pub weekday: Option<chrono::Weekday>,
    /// The derived bounds.
    pub bounds: Bounds,
}

/// The datings of a list of events, each once: what depends only on the
/// events' datings (the widest date the timeline shows, the year they all
/// share) is worked out from these alone. 100,000 synthetic events over
/// two years have about 20,000 runs of events dated alike, and fewer
/// datings still.
#[derive(Debug, Clone, Default)]
pub struct Datings {
    each: super::ids::IdSet<Dating>,
    /// The last one noted: in timeline order most events share the dating
    /// of the one before, and are not looked up again.
    last: Option<Dating>,
}

impl Datings {
    /// The datings among these.
    pub fn of(datings: impl IntoIterator<Item = Dating>) -> Datings {
        let mut all = Datings::default();
        for d in datings {
            all.note(d);
        }
        all
    }

    /// Adds an event's dating.
    pub fn note(&mut self, d: Dating) {
        if self.last != Some(d) {
            self.last = Some(d);
            self.each.insert(d);
        }
    }

    /// Adds the datings of other events.
    pub fn extend(&mut self, other: Datings) {
        self.each.extend(other.each);
    }

    /// Each dating once, in no particular order.
    pub fn each(&self) -> impl Iterator<Item = &Dating> {
        self.each.iter()
    }
}

/// The same datings, whatever the order they were noted in.
impl PartialEq for Datings {
    fn eq(&self, other: &Datings) -> bool {
        self.each == other.each
    }
}

impl Eq for Datings {}

/// The mark after a date that is not one known day: see [`Dating::mark`].
pub const RANGE_MARK: char = '↔';

impl Dating {
    /// The dating of a date alone, with the bounds it gives itself.
    pub fn of(date: EventDate, end: Option<PartialDate>) -> Dating {
        let bounds = Bounds::own(&date, None).unwrap_or(Bounds {
            earliest: date.first_date(),
            latest: date.last_date(),
            day_unknown: date.is_year_alone(),
        });
        Dating {
            date,
            end,
            weekday: None,
            bounds,
        }
    }

    /// The bounds span more than one day and are not simply the month or
    /// the year the date names: one day, not known exactly, of a range.
    pub fn is_range(&self) -> bool {
        let b = &self.bounds;
        self.end.is_none()
            && !b.day_unknown
            && b.earliest < b.latest
            && !(self.date.to.is_none()
                && self.date.from.precision() != Precision::Day
                && b.earliest == self.date.first_date()
                && b.latest == self.date.last_date())
    }

    /// The relations or the weekday narrowed the date to one day it does
    /// not name itself.
    pub fn is_derived_day(&self) -> bool {
        self.end.is_none()
            && self.bounds.earliest == self.bounds.latest
            && (self.date.to.is_some() || self.date.from.precision() != Precision::Day)
    }

    /// The one-cell mark after the date in the timeline: `↔` for one day of
    /// a range, `?` for an uncertain or derived day (and for `%`), `~` for an
    /// approximate one; none for a known day, a span, a month or a year.
    pub fn mark(&self) -> Option<char> {
        if self.is_range() {
            return Some(RANGE_MARK);
        }
        match self.date.qualifier {
            Some(Qualifier::Approximate) => Some('~'),
            Some(_) => Some('?'),
            None if self.is_derived_day() => Some('?'),
            None => None,
        }
    }

    /// The date as the reader, `show` and the exports write it, without
    /// its mark: `29 Apr 2024`, `20–31 May 2024`, `a Tue, 14 May–30 Jul
    /// 2024`, `2024, day not known`.
    pub fn text(&self) -> String {
        let b = &self.bounds;
        if self.end.is_some() {
            return format_span(self.date.from, self.end);
        }
        if b.day_unknown {
            return format!("{}, day not known", self.date.from);
        }
        let weekday = self
            .weekday
            .map(|w| format!("a {}, ", weekday_short(w)))
            .unwrap_or_default();
        if b.earliest == b.latest {
            return format_day(b.earliest);
        }
        if self.is_range() {
            return format!(
                "{weekday}{}",
                format_span(day_of(b.earliest), Some(day_of(b.latest)))
            );
        }
        format!("{weekday}{}", self.date.from)
    }

    /// The date as a phrase for pages that have no legend for the marks
    /// (TimelineJS): `Between 14 May and 30 Jul 2024, a Tuesday`, `2024,
    /// day not known`, `10 May 2024 (uncertain)`.
    pub fn phrase(&self) -> String {
        let b = &self.bounds;
        let q = self
            .date
            .qualifier
            .map(|q| format!(" ({})", q.name()))
            .unwrap_or_default();
        if self.end.is_some() || b.day_unknown || !self.is_range() {
            let derived = if self.is_derived_day() && q.is_empty() {
                " (derived)"
            } else {
                ""
            };
            return format!("{}{q}{derived}", self.text());
        }
        let weekday = self
            .weekday
            .map(|w| format!(", a {}", weekday_name(w)))
            .unwrap_or_default();
        let (lo, hi) = (day_of(b.earliest), day_of(b.latest));
        let span = format_span(lo, Some(hi));
        let between = span.replacen('–', " and ", 1);
        format!("Between {between}{weekday}{q}")
    }

    /// [`Dating::text`] followed by its mark.
    pub fn label(&self) -> String {
        let mut s = self.text();
        if let Some(m) = self.mark() {
            s.push(m);
        }
        s
    }

    /// The widest of [`Dating::forms`] alone (the first), without making
    /// the others: what a timeline of many thousand events measures.
    pub fn first_form(&self, common_year: Option<i32>) -> String {
        let mut s = if self.bounds.day_unknown {
            format!("{}, day not known", self.date.from)
        } else {
            let full = self.text();
            match common_year {
                Some(y) if full.contains(' ') => full
                    .strip_suffix(&format!(" {y}"))
                    .map(str::to_string)
                    .unwrap_or(full),
                _ => full,
            }
        };
        if let Some(m) = self.mark() {
            s.push(m);
        }
        s
    }

    /// The date's forms from the widest to the narrowest, each with its
    /// mark, every one true to the date; without the year when every event
    /// of the dossier shares `common_year`. The timeline shows the widest
    /// that fits its date column.
    pub fn forms(&self, common_year: Option<i32>) -> Vec<String> {
        let mark: String = self.mark().map(String::from).unwrap_or_default();
        let b = &self.bounds;
        let strip = |s: String| -> String {
            match common_year {
                Some(y) if !b.day_unknown && s.contains(' ') => s
                    .strip_suffix(&format!(" {y}"))
                    .map(str::to_string)
                    .unwrap_or(s),
                _ => s,
            }
        };
        let mut out = Vec::new();
        let mut push = |s: String| {
            let s = format!("{s}{mark}");
            if !out.contains(&s) {
                out.push(s);
            }
        };
        if b.day_unknown {
            let y = self.date.from.to_string();
            push(format!("{y}, day not known"));
            push(format!("{y}, day ?"));
            push(format!("{y} ?"));
            push(y);
            return out;
        }
        let full = strip(self.text());
        push(full.clone());
        let plain = full
            .split_once(", ")
            .filter(|_| self.weekday.is_some() && !self.is_derived_day())
            .map_or(full.clone(), |(_, rest)| rest.to_string());
        let short = compact_years(&full);
        push(short.clone());
        push(compact_years(&plain));
        // Without its last year, where a month still names it (`Apr–16
        // May`): the rows around it and the selection's line say the year.
        for s in [&short, &compact_years(&plain)] {
            let cut = s.trim_end_matches(['↔', '?', '~']);
            if let Some((rest, year)) = cut.rsplit_once(" ’")
                && year.len() == 2
                && year.bytes().all(|b| b.is_ascii_digit())
                && rest.chars().any(|c| c.is_ascii_alphabetic())
            {
                push(rest.to_string());
            }
        }
        // The months (and years) of the bounds, or of a span's ends.
        let (lo, hi) = match self.end {
            Some(end) => (self.date.from, end),
            None if self.is_range() => (day_of(b.earliest), day_of(b.latest)),
            None => (self.date.from, self.date.from),
        };
        let month = |d: PartialDate| d.month.map(month_name);
        if let (Some(m1), Some(m2)) = (month(lo), month(hi)) {
            let months = if lo.year == hi.year {
                let span = if m1 == m2 {
                    m1.to_string()
                } else {
                    format!("{m1}–{m2}")
                };
                match common_year {
                    Some(y) if y == lo.year => span,
                    _ => format!("{span} {}", lo.year),
                }
            } else {
                format!("{m1} {}–{m2} {}", lo.year, hi.year)
            };
            if lo != hi {
                push(months.clone());
                push(compact_years(&months));
                push(compact_years(&months).replace(" ’", "’"));
            }
        }
        let years = if lo.year == hi.year {
            lo.year.to_string()
        } else {
            format!("{}–{}", lo.year, hi.year)
        };
        if lo.month.is_some() || common_year.is_none() {
            push(years);
        }
        out
    }

    /// What is known of the day, in words, for the details: `One day
    /// between 14 May and 30 Jul 2024, a Tuesday.`
    pub fn words(&self) -> String {
        let b = &self.bounds;
        let q = self
            .date
            .qualifier
            .map(|q| format!(" The date is marked {}.", q.name()))
            .unwrap_or_default();
        if let Some(end) = self.end {
            return format!("From {} to {}.{q}", self.date.from, end);
        }
        if b.day_unknown {
            return format!(
                "Some day in {}: nothing places it within the year.{q}",
                self.date.from
            );
        }
        let weekday = self
            .weekday
            .map(|w| format!(", a {}", weekday_name(w)))
            .unwrap_or_default();
        let own_wider = b.earliest > self.date.first_date() || b.latest < self.date.last_date();
        let why = if own_wider {
            format!(
                " The date says {}; the rest is derived from {}.",
                self.date_said(),
                if self.weekday.is_some() && !self.related_narrowed() {
                    "the weekday"
                } else {
                    "the events it came after or before"
                }
            )
        } else {
            String::new()
        };
        if b.earliest == b.latest {
            return format!("{}{weekday}.{why}{q}", format_day(b.earliest));
        }
        if self.is_range() {
            return format!(
                "One day, not known exactly, between {} and {}{weekday}.{why}{q}",
                format_day(b.earliest),
                format_day(b.latest)
            );
        }
        format!("Some day in {}{weekday}.{why}{q}", self.date.from)
    }

    fn date_said(&self) -> String {
        match self.date.to {
            Some(to) => format!("between {} and {}", self.date.from, to),
            None => self.date.from.to_string(),
        }
    }

    /// The bounds are narrower than the date and weekday alone give.
    fn related_narrowed(&self) -> bool {
        Bounds::own(&self.date, self.weekday)
            .is_some_and(|o| o.earliest != self.bounds.earliest || o.latest != self.bounds.latest)
    }
}

/// `2024` to `’24` after a month or day: `Apr–16 May ’24`.
pub fn compact_years(date: &str) -> String {
    let b = date.as_bytes();
    let mut out = String::with_capacity(date.len());
    let mut last = 0;
    let mut i = 0;
    while i + 5 <= b.len() {
        let year = b[i] == b' '
            && b[i + 1..i + 5].iter().all(u8::is_ascii_digit)
            && b.get(i + 5).is_none_or(|c| !c.is_ascii_digit());
        if year {
            out.push_str(&date[last..i]);
            out.push_str(" ’");
            out.push_str(&date[i + 3..i + 5]);
            i += 5;
            last = i;
        } else {
            i += 1;
        }
    }
    out.push_str(&date[last..]);
    out
}

/// A date or a span as a reader says it, sharing what both ends share:
/// `20–31 May 2024`, `29 Apr–16 May 2024`, `May–Jun 2024`, `Dec 2023–Jan 2024`.
pub fn format_span(start: PartialDate, end: Option<PartialDate>) -> String {
    let Some(end) = end else {
        return start.to_string();
    };
    if start == end {
        return start.to_string();
    }
    let same_year = start.year == end.year;
    match (start.precision(), end.precision()) {
        (Precision::Day, Precision::Day) if same_year && start.month == end.month => {
            format!(
                "{}–{} {} {}",
                start.day.unwrap_or(0),
                end.day.unwrap_or(0),
                month_name(end.month.unwrap_or(0)),
                end.year
            )
        }
        // Within one year the year is said once, at the end, whatever the
        // precisions: `29 Apr–16 May 2024`, `May–Jun 2024`, `Apr–16 May 2024`.
        (Precision::Day | Precision::Month, Precision::Day | Precision::Month) if same_year => {
            let head = start.to_string();
            let head = head
                .strip_suffix(&format!(" {}", start.year))
                .unwrap_or(&head);
            format!("{head}–{end}")
        }
        _ => format!("{start}–{end}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> PartialDate {
        PartialDate::parse(s).expect("valid date in test")
    }

    #[test]
    fn parses_three_precisions() {
        assert_eq!(d("2024").precision(), Precision::Year);
        assert_eq!(d("2024-05").precision(), Precision::Month);
        assert_eq!(d("2024-05-10").precision(), Precision::Day);
        assert_eq!(d("2024-05-10").iso(), "2024-05-10");
    }

    #[test]
    fn refuses_bad_and_impossible_dates() {
        for bad in [
            "",
            "24",
            "2024-5",
            "2024-05-1",
            "2024/05/01",
            "2024-05-10-01",
            "２０２４",
            "+024",
        ] {
            assert_eq!(PartialDate::parse(bad), Err(DateError::Form), "{bad:?}");
        }
        for bad in [
            "2024-02-30",
            "2023-02-29",
            "2024-13",
            "2024-00",
            "2024-04-31",
            "2024-01-00",
        ] {
            assert_eq!(
                PartialDate::parse(bad),
                Err(DateError::Impossible),
                "{bad:?}"
            );
        }
        assert!(PartialDate::parse("2024-02-29").is_ok());
    }

    #[test]
    fn less_precise_sorts_first_at_equal_dates() {
        let mut v = [
            d("2024-05-01"),
            d("2024-06"),
            d("2024-05"),
            d("2024"),
            d("2023-12-31"),
        ];
        v.sort();
        let iso: Vec<String> = v.iter().map(PartialDate::iso).collect();
        assert_eq!(
            iso,
            ["2023-12-31", "2024", "2024-05", "2024-05-01", "2024-06"]
        );
    }

    #[test]
    fn displays_in_its_own_precision() {
        assert_eq!(d("2024-04-29").to_string(), "29 Apr 2024");
        assert_eq!(d("2024-05").to_string(), "May 2024");
        assert_eq!(d("2024").to_string(), "2024");
    }

    #[test]
    fn spans_share_what_both_ends_share() {
        assert_eq!(
            format_span(d("2024-05-20"), Some(d("2024-05-31"))),
            "20–31 May 2024"
        );
        assert_eq!(
            format_span(d("2024-04-29"), Some(d("2024-05-16"))),
            "29 Apr–16 May 2024"
        );
        assert_eq!(
            format_span(d("2024-05"), Some(d("2024-06"))),
            "May–Jun 2024"
        );
        assert_eq!(
            format_span(d("2023-12"), Some(d("2024-01"))),
            "Dec 2023–Jan 2024"
        );
        assert_eq!(
            format_span(d("2024-05"), Some(d("2024-06-02"))),
            "May–2 Jun 2024"
        );
        assert_eq!(
            format_span(d("2024-04"), Some(d("2024-05-16"))),
            "Apr–16 May 2024"
        );
        assert_eq!(
            format_span(d("2024-04-30"), Some(d("2024-06"))),
            "30 Apr–Jun 2024"
        );
        assert_eq!(format_span(d("2024"), Some(d("2024-06"))), "2024–Jun 2024");
        assert_eq!(
            format_span(d("2023-12-30"), Some(d("2024-01-02"))),
            "30 Dec 2023–2 Jan 2024"
        );
        assert_eq!(format_span(d("2024-05-02"), None), "2 May 2024");
    }

    #[test]
    fn last_day_knows_month_lengths() {
        assert_eq!(d("2024-02").last_day(), (2024, 2, 29));
        assert_eq!(d("2023-02").last_day(), (2023, 2, 28));
        assert_eq!(d("2024").last_day(), (2024, 12, 31));
    }
}

/// A day stored as its number of days from the common era (the reader's
/// cache of loaded dossiers): a number, not text to parse again.
pub(crate) mod days {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        d.num_days_from_ce().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        NaiveDate::from_num_days_from_ce_opt(n)
            .ok_or_else(|| serde::de::Error::custom("a day out of range"))
    }
}

/// A weekday stored as its number from Monday (0) to Sunday (6).
pub(crate) mod weekday {
    use chrono::Weekday;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(w: &Option<Weekday>, s: S) -> Result<S::Ok, S::Error> {
        w.map(|w| w.num_days_from_monday() as u8).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Weekday>, D::Error> {
        match Option::<u8>::deserialize(d)? {
            None => Ok(None),
            Some(n) => Weekday::try_from(n)
                .map(Some)
                .map_err(|_| serde::de::Error::custom("a weekday out of range")),
        }
    }
}
