//! Partial and uncertain dates, written as EDTF level 1 strings.
//!
//! Archival dates are often known only to the year or month, approximately
//! ("circa 1969", `1969~`), uncertainly (`1969-04?`), or as ranges
//! (`1969-04/1969-06`, open ends `../1970`). chrono alone cannot say
//! "April 1969, approximately", so the model keeps precision and qualifiers and
//! checks the calendar only for the parts that are present.

use serde::Deserialize;
use std::fmt;
use std::str::FromStr;

/// How sure the source is of a date (EDTF level 1 qualifiers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Certainty {
    /// As stated.
    #[default]
    Exact,
    /// `~`: approximately ("circa").
    Approximate,
    /// `?`: uncertain.
    Uncertain,
    /// `%`: both approximate and uncertain.
    ApproximateUncertain,
}

impl Certainty {
    fn suffix(self) -> &'static str {
        match self {
            Certainty::Exact => "",
            Certainty::Approximate => "~",
            Certainty::Uncertain => "?",
            Certainty::ApproximateUncertain => "%",
        }
    }

    /// True for `~` and `%`.
    pub fn is_approximate(self) -> bool {
        matches!(self, Certainty::Approximate | Certainty::ApproximateUncertain)
    }

    /// True for `?` and `%`.
    pub fn is_uncertain(self) -> bool {
        matches!(self, Certainty::Uncertain | Certainty::ApproximateUncertain)
    }
}

/// A calendar date known to the year, the month or the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
    certainty: Certainty,
}

impl PartialDate {
    /// Check the parts against the calendar; a day needs a month.
    pub fn new(
        year: i32,
        month: Option<u8>,
        day: Option<u8>,
        certainty: Certainty,
    ) -> Result<Self, DateError> {
        // EDTF level 1 allows negative years (astronomical numbering: 0 is 1 BC).
        if !(-9999..=9999).contains(&year) {
            return Err(DateError::Year(year));
        }
        match (month, day) {
            (None, Some(_)) => return Err(DateError::DayWithoutMonth),
            (Some(m), _) if !(1..=12).contains(&m) => return Err(DateError::Month(m)),
            (Some(m), Some(d)) if chrono::NaiveDate::from_ymd_opt(year, m.into(), d.into()).is_none() => {
                return Err(DateError::Day { year, month: m, day: d })
            }
            _ => {}
        }
        Ok(PartialDate { year, month, day, certainty })
    }

    /// A full calendar date.
    pub fn ymd(year: i32, month: u8, day: u8) -> Result<Self, DateError> {
        Self::new(year, Some(month), Some(day), Certainty::Exact)
    }

    /// The year.
    pub fn year(&self) -> i32 {
        self.year
    }
    /// The month (1-12) when known.
    pub fn month(&self) -> Option<u8> {
        self.month
    }
    /// The day of the month when known.
    pub fn day(&self) -> Option<u8> {
        self.day
    }
    /// The qualifier.
    pub fn certainty(&self) -> Certainty {
        self.certainty
    }

    /// The same date with another qualifier.
    pub fn with_certainty(mut self, certainty: Certainty) -> Self {
        self.certainty = certainty;
        self
    }

    /// As a chrono date when the day is known.
    pub fn to_naive(&self) -> Option<chrono::NaiveDate> {
        chrono::NaiveDate::from_ymd_opt(self.year, self.month?.into(), self.day?.into())
    }

    /// The year as ISO 8601 and EDTF write it: four digits, a minus sign before
    /// years before 1 BC's successor (`-0044`, `0000`, `1969`).
    pub fn iso_year(&self) -> String {
        if self.year < 0 {
            format!("-{:04}", -self.year)
        } else {
            format!("{:04}", self.year)
        }
    }

    /// W3CDTF / ISO 8601 form without qualifier: `1969`, `1969-04`, `1969-04-14`.
    pub fn iso(&self) -> String {
        let year = self.iso_year();
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{year}-{m:02}-{d:02}"),
            (Some(m), None) => format!("{year}-{m:02}"),
            _ => year,
        }
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.iso(), self.certainty.suffix())
    }
}

impl FromStr for PartialDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        let (body, certainty) = match s.as_bytes().last() {
            Some(b'~') => (&s[..s.len() - 1], Certainty::Approximate),
            Some(b'?') => (&s[..s.len() - 1], Certainty::Uncertain),
            Some(b'%') => (&s[..s.len() - 1], Certainty::ApproximateUncertain),
            _ => (s, Certainty::Exact),
        };
        let bad = || DateError::Syntax(s.to_string());
        let (negative, body) = match body.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, body),
        };
        let mut parts = body.split('-');
        let year = parse_fixed(parts.next(), 4).ok_or_else(bad)?;
        let year = if negative { -year } else { year };
        let month = parts.next().map(|p| parse_fixed(Some(p), 2).ok_or_else(bad)).transpose()?;
        let day = parts.next().map(|p| parse_fixed(Some(p), 2).ok_or_else(bad)).transpose()?;
        if parts.next().is_some() {
            return Err(bad());
        }
        PartialDate::new(year, month.map(|m| m as u8), day.map(|d| d as u8), certainty)
    }
}

fn parse_fixed(part: Option<&str>, width: usize) -> Option<i32> {
    let p = part?;
    (p.len() == width && p.bytes().all(|b| b.is_ascii_digit())).then(|| p.parse().ok())?
}

/// A document date: one partial date or an interval with optional open ends.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub enum EdtfDate {
    /// One date.
    Single(PartialDate),
    /// `start/end`; `None` for an open (`..`) or unknown (empty) end.
    Interval(Option<PartialDate>, Option<PartialDate>),
}

impl EdtfDate {
    /// The earliest known point: the date itself or the interval's start.
    pub fn start(&self) -> Option<&PartialDate> {
        match self {
            EdtfDate::Single(d) => Some(d),
            EdtfDate::Interval(a, _) => a.as_ref(),
        }
    }

    /// The interval's end; `None` for a single date.
    pub fn end(&self) -> Option<&PartialDate> {
        match self {
            EdtfDate::Single(_) => None,
            EdtfDate::Interval(_, b) => b.as_ref(),
        }
    }
}

impl From<PartialDate> for EdtfDate {
    fn from(d: PartialDate) -> Self {
        EdtfDate::Single(d)
    }
}

impl fmt::Display for EdtfDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EdtfDate::Single(d) => write!(f, "{d}"),
            EdtfDate::Interval(a, b) => {
                match a {
                    Some(a) => write!(f, "{a}/")?,
                    None => f.write_str("../")?,
                }
                match b {
                    Some(b) => write!(f, "{b}"),
                    None => f.write_str(".."),
                }
            }
        }
    }
}

impl FromStr for EdtfDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, DateError> {
        let Some((a, b)) = s.split_once('/') else {
            return Ok(EdtfDate::Single(s.parse()?));
        };
        let end = |p: &str| -> Result<Option<PartialDate>, DateError> {
            if p == ".." || p.is_empty() {
                Ok(None)
            } else {
                p.parse().map(Some)
            }
        };
        let (start, stop) = (end(a)?, end(b)?);
        if start.is_none() && stop.is_none() {
            return Err(DateError::Syntax(s.to_string()));
        }
        if let (Some(x), Some(y)) = (&start, &stop) {
            if (x.year, x.month.unwrap_or(1), x.day.unwrap_or(1))
                > (y.year, y.month.unwrap_or(12), y.day.unwrap_or(31))
            {
                return Err(DateError::Backwards(s.to_string()));
            }
        }
        Ok(EdtfDate::Interval(start, stop))
    }
}

/// The English month names, lower case, January first: what date readers of
/// several formats match written months against.
pub const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

impl EdtfDate {
    /// A date as records write it: EDTF, or an ISO 8601 / W3CDTF date-time
    /// (`2003-04-15T10:18:51Z`, `2003-04-15 10:18`), of which the day is kept.
    pub fn parse_loose(s: &str) -> Option<EdtfDate> {
        let s = s.trim();
        if let Ok(d) = s.parse() {
            return Some(d);
        }
        let (day, time) = (s.get(..10)?, s.get(10..)?);
        let time_follows =
            time.starts_with(['T', ' ']) && time[1..].starts_with(|c: char| c.is_ascii_digit());
        time_follows.then(|| day.parse().ok()).flatten()
    }
}

impl TryFrom<String> for EdtfDate {
    type Error = DateError;
    fn try_from(s: String) -> Result<Self, DateError> {
        s.parse()
    }
}

impl From<EdtfDate> for String {
    fn from(d: EdtfDate) -> String {
        d.to_string()
    }
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// Not EDTF level 1 text.
    #[error("`{0}` is not an EDTF date: write YYYY, YYYY-MM or YYYY-MM-DD, optionally with ~ ? or %, or START/END")]
    Syntax(String),
    /// Year out of range.
    #[error("year {0} is out of range -9999 to 9999")]
    Year(i32),
    /// Month out of range.
    #[error("month {0} does not exist: use 01-12")]
    Month(u8),
    /// A day that the calendar does not have.
    #[error("{year:04}-{month:02}-{day:02} does not exist in the calendar")]
    Day {
        /// Year.
        year: i32,
        /// Month.
        month: u8,
        /// Day.
        day: u8,
    },
    /// A day given without a month.
    #[error("a day needs a month")]
    DayWithoutMonth,
    /// An interval whose end is before its start.
    #[error("interval `{0}` ends before it starts")]
    Backwards(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_level_1_forms() {
        for s in [
            "1969",
            "1969-04",
            "1969-04-14",
            "1969~",
            "1969-04?",
            "1969%",
            "1969/1970",
            "../1970",
            "1969-04-01/..",
        ] {
            assert_eq!(s.parse::<EdtfDate>().unwrap().to_string(), s);
        }
    }

    #[test]
    fn refuses_impossible_dates() {
        assert!(matches!("1969-02-30".parse::<EdtfDate>(), Err(DateError::Day { .. })));
        assert!(matches!("1969-13".parse::<EdtfDate>(), Err(DateError::Month(13))));
        assert!(matches!("April 1969".parse::<EdtfDate>(), Err(DateError::Syntax(_))));
        assert!(matches!("1970/1969".parse::<EdtfDate>(), Err(DateError::Backwards(_))));
        assert!("../..".parse::<EdtfDate>().is_err());
    }
}
