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
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
