//! Calendar dates in front matter (ngày ban hành, ngày hiệu lực...).
//!
//! Legal dates have no time of day, so a plain (year, month, day) is enough;
//! written in TOML as `2024-03-27` and shown as `27/03/2024`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// A valid calendar date, or `None`.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days && (1000..=9999).contains(&year)).then_some(Date {
            year,
            month,
            day,
        })
    }

    /// `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    pub fn iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// Today in UTC+7 (Vietnam has one time zone and no daylight saving).
    pub fn today() -> Date {
        let now = time::OffsetDateTime::now_utc()
            .to_offset(time::UtcOffset::from_hms(7, 0, 0).unwrap_or(time::UtcOffset::UTC));
        Date {
            year: now.year(),
            month: u8::from(now.month()),
            day: now.day(),
        }
    }
}

impl fmt::Display for Date {
    /// The Vietnamese way: `27/03/2024`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}/{:04}", self.day, self.month, self.year)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.iso())
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let value = toml::value::Datetime::deserialize(d)?;
        match (value.date, value.time) {
            (Some(date), None) => Date::new(i32::from(date.year), date.month, date.day)
                .ok_or_else(|| serde::de::Error::custom(format!("ngày không có thật: {value}"))),
            _ => Err(serde::de::Error::custom(format!(
                "cần một ngày dạng 2024-03-27, không có giờ: {value}"
            ))),
        }
    }
}
