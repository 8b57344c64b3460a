//! Dates in front matter: `2024-08-15` (a time after the date is accepted and ignored).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar date from front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub chrono::NaiveDate);

impl Date {
    /// Parses `YYYY-MM-DD`, optionally followed by `T…` or a space and a time.
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let day = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .ok()
            .map(Date)
    }

    /// ISO form, `2024-08-15`.
    pub fn iso(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// Vietnamese display form, `15/08/2024`.
    pub fn display_vi(&self) -> String {
        self.0.format("%d/%m/%Y").to_string()
    }

    /// RFC 3339 at midnight UTC, for the Atom feed.
    pub fn rfc3339(&self) -> String {
        format!("{}T00:00:00Z", self.iso())
    }

    /// Today's date (only for scaffolding new files; builds never read the clock).
    pub fn today() -> Date {
        Date(chrono::Local::now().date_naive())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "`{s}` is not a valid date; write it as YYYY-MM-DD, for example 2024-08-15"
            ))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

#[cfg(test)]
mod tests {
    use super::Date;

    #[test]
    fn parses_dates_and_datetimes() {
        assert_eq!(
            Date::parse("2024-08-15").unwrap().display_vi(),
            "15/08/2024"
        );
        assert!(Date::parse("2024-08-15T10:00:00+07:00").is_some());
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("15/08/2024").is_none());
        assert!(Date::parse("2024-08-155").is_none());
    }
}
