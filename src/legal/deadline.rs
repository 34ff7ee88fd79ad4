//! Deadlines as plans write them: "Quý II/2024", "Tháng 6/2024",
//! "trước 30/6/2024", "năm 2025", "2024–2025", "Hằng năm", "Thường xuyên".
//!
//! One reader serves both places a deadline is written: a `deadline = "…"`
//! string in front matter and a cell of a plan's assignment table
//! (`vanban import`). Every period is due at its last day (a quarter on the
//! last day of its third month, a range of years on 31 December of the last),
//! which is what the deadline pages, `tasks.ics` and the overdue marks use.
//! Anything else ("theo tiến độ dự án", "quý II và quý III/2024") is not read:
//! the caller reports it, nothing is guessed.

use std::sync::LazyLock;

use regex::Regex;

use serde::Serialize;

use crate::date::Date;

/// When a task is due.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "type", content = "value", rename_all = "kebab-case")]
pub enum Deadline {
    Date(Date),
    /// By the end of that year.
    Year(i32),
    /// "Quý II/2024": by the end of that quarter.
    Quarter {
        year: i32,
        quarter: u8,
    },
    /// "Tháng 6/2024": by the end of that month.
    Month {
        year: i32,
        month: u8,
    },
    /// "2024–2025": over those years, by the end of the last.
    Years {
        from: i32,
        to: i32,
    },
    /// "hằng năm": every year.
    Yearly,
    /// "thường xuyên": ongoing.
    Ongoing,
}

impl Deadline {
    pub(crate) fn parse(value: &toml::Value) -> Option<Deadline> {
        match value {
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(d), None) => Date::new(i32::from(d.year), d.month, d.day).map(Deadline::Date),
                _ => None,
            },
            toml::Value::Integer(y) if (1900..=2200).contains(y) => Some(Deadline::Year(*y as i32)),
            toml::Value::String(s) => Deadline::from_text(s),
            _ => None,
        }
    }

    /// The deadline as editors write it in front matter (what `vanban
    /// import` writes); pages show the theme's wording
    /// (`render::wording::Wording::deadline`).
    pub fn label(&self) -> String {
        match self {
            Deadline::Date(d) => d.to_string(),
            Deadline::Year(y) => format!("Năm {y}"),
            Deadline::Quarter { year, quarter } => {
                format!("Quý {}/{year}", roman_quarter(*quarter))
            }
            Deadline::Month { year, month } => format!("Tháng {month}/{year}"),
            Deadline::Years { from, to } => format!("{from}–{to}"),
            Deadline::Yearly => "Hằng năm".into(),
            Deadline::Ongoing => "Thường xuyên".into(),
        }
    }

    /// The last day the task may be done, for dated deadlines.
    pub fn due(&self) -> Option<Date> {
        match self {
            Deadline::Date(d) => Some(*d),
            Deadline::Year(y) | Deadline::Years { to: y, .. } => Date::new(*y, 12, 31),
            Deadline::Quarter { year, quarter } => last_day(*year, quarter * 3),
            Deadline::Month { year, month } => last_day(*year, *month),
            Deadline::Yearly | Deadline::Ongoing => None,
        }
    }
}

static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:trước|chậm nhất|hạn|hoàn thành trước|xong trước)\s+)?(?:ngày\s*)?(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
        .expect("valid regex")
});
static DAY_MONTH_YEAR_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:trước|chậm nhất|hạn)\s+)?ngày\s*(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})$",
    )
    .expect("valid regex")
});
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})-(\d{2})$").expect("valid regex"));
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:trong|trước hết|hết|cuối)\s+)?quý\s+(iv|iii|ii|i|[1-4])\s*(?:/|năm|-)\s*(\d{4})$",
    )
    .expect("valid regex")
});
static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:trong|hết|cuối)\s+)?tháng\s+(\d{1,2})\s*(?:/|năm|-)\s*(\d{4})$")
        .expect("valid regex")
});
static MONTH_BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s*/\s*(\d{4})$").expect("valid regex"));
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:trong|trước hết|hết|cuối)\s+)?(?:năm\s+)?(\d{4})$").expect("valid regex")
});
static YEARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:giai đoạn|năm|các năm|từ năm|từ)\s+)?(\d{4})\s*(?:-|đến|đến năm)\s*(\d{4})$",
    )
    .expect("valid regex")
});

const YEARS_ALLOWED: std::ops::RangeInclusive<i32> = 1900..=2200;

impl Deadline {
    /// Reads a deadline written in words, as front matter or a plan's table
    /// has it. `None` when the text is none of the forms above.
    pub fn from_text(text: &str) -> Option<Deadline> {
        let s = normalise(text);
        match s.as_str() {
            "thường xuyên" | "thường xuyên, liên tục" | "liên tục" => {
                return Some(Deadline::Ongoing)
            }
            "hằng năm" | "hàng năm" | "định kỳ hằng năm" | "định kỳ hàng năm" => {
                return Some(Deadline::Yearly)
            }
            _ => {}
        }
        let num = |m: &str| m.parse::<i32>().ok();
        let year = |m: &str| num(m).filter(|y| YEARS_ALLOWED.contains(y));
        for re in [&*DAY_MONTH_YEAR, &*DAY_MONTH_YEAR_WORDS] {
            if let Some(c) = re.captures(&s) {
                let (d, m, y) = (num(&c[1])?, num(&c[2])?, year(&c[3])?);
                return Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)
                    .map(Deadline::Date);
            }
        }
        if let Some(c) = ISO_DATE.captures(&s) {
            return Date::parse_iso(&c[0]).map(Deadline::Date);
        }
        if let Some(c) = QUARTER.captures(&s) {
            let quarter = match &c[1] {
                "i" | "1" => 1,
                "ii" | "2" => 2,
                "iii" | "3" => 3,
                _ => 4,
            };
            return Some(Deadline::Quarter {
                year: year(&c[2])?,
                quarter,
            });
        }
        if let Some(c) = MONTH.captures(&s).or_else(|| MONTH_BARE.captures(&s)) {
            let month = u8::try_from(num(&c[1])?)
                .ok()
                .filter(|m| (1..=12).contains(m))?;
            return Some(Deadline::Month {
                year: year(&c[2])?,
                month,
            });
        }
        if let Some(c) = YEAR.captures(&s) {
            return year(&c[1]).map(Deadline::Year);
        }
        if let Some(c) = YEARS.captures(&s) {
            let (from, to) = (year(&c[1])?, year(&c[2])?);
            return match from.cmp(&to) {
                std::cmp::Ordering::Less => Some(Deadline::Years { from, to }),
                std::cmp::Ordering::Equal => Some(Deadline::Year(from)),
                std::cmp::Ordering::Greater => None,
            };
        }
        None
    }

    /// The value written after `deadline = ` in front matter: a TOML date for
    /// a day, else a string [`Deadline::from_text`] reads back.
    pub fn to_toml(&self) -> String {
        match self {
            Deadline::Date(d) => d.iso(),
            Deadline::Year(y) => format!("\"{y}\""),
            Deadline::Yearly => "\"hằng năm\"".into(),
            Deadline::Ongoing => "\"thường xuyên\"".into(),
            other => format!("\"{}\"", other.label()),
        }
    }
}

/// The last day of a month.
pub(super) fn last_day(year: i32, month: u8) -> Option<Date> {
    (28..=31).rev().find_map(|day| Date::new(year, month, day))
}

/// The quarter's number as printed in plans: I, II, III, IV.
pub fn roman_quarter(quarter: u8) -> &'static str {
    match quarter {
        1 => "I",
        2 => "II",
        3 => "III",
        _ => "IV",
    }
}

/// Lower case, NFC, one space between words, dashes as `-`, no final period.
fn normalise(text: &str) -> String {
    let lower = crate::text::nfc(text.trim()).to_lowercase();
    let dashed: String = lower
        .chars()
        .map(|c| {
            if matches!(c, '–' | '—' | '‒') {
                '-'
            } else {
                c
            }
        })
        .collect();
    dashed
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ';'])
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Deadline {
        Deadline::Date(Date::parse_iso(s).unwrap())
    }

    #[test]
    fn reads_the_forms_plans_use() {
        let cases: &[(&str, Deadline)] = &[
            (
                "Quý II/2024",
                Deadline::Quarter {
                    year: 2024,
                    quarter: 2,
                },
            ),
            (
                "quý 3/2024",
                Deadline::Quarter {
                    year: 2024,
                    quarter: 3,
                },
            ),
            (
                "Quý IV năm 2025",
                Deadline::Quarter {
                    year: 2025,
                    quarter: 4,
                },
            ),
            (
                "Trong quý I/2025",
                Deadline::Quarter {
                    year: 2025,
                    quarter: 1,
                },
            ),
            (
                "Tháng 6/2024",
                Deadline::Month {
                    year: 2024,
                    month: 6,
                },
            ),
            (
                "tháng 12 năm 2024",
                Deadline::Month {
                    year: 2024,
                    month: 12,
                },
            ),
            (
                "06/2024",
                Deadline::Month {
                    year: 2024,
                    month: 6,
                },
            ),
            ("trước 30/6/2024", date("2024-06-30")),
            ("Trước ngày 15/12/2024", date("2024-12-15")),
            ("30/06/2024", date("2024-06-30")),
            ("ngày 31 tháng 3 năm 2025", date("2025-03-31")),
            ("2025-12-31", date("2025-12-31")),
            ("năm 2025", Deadline::Year(2025)),
            ("Năm 2024.", Deadline::Year(2024)),
            ("2026", Deadline::Year(2026)),
            (
                "2024–2025",
                Deadline::Years {
                    from: 2024,
                    to: 2025,
                },
            ),
            (
                "2024 - 2025",
                Deadline::Years {
                    from: 2024,
                    to: 2025,
                },
            ),
            (
                "Giai đoạn 2024-2030",
                Deadline::Years {
                    from: 2024,
                    to: 2030,
                },
            ),
            (
                "từ năm 2024 đến năm 2025",
                Deadline::Years {
                    from: 2024,
                    to: 2025,
                },
            ),
            ("2025-2025", Deadline::Year(2025)),
            ("Hằng năm", Deadline::Yearly),
            ("hàng năm", Deadline::Yearly),
            ("Thường xuyên", Deadline::Ongoing),
            ("thường xuyên, liên tục", Deadline::Ongoing),
        ];
        for (text, want) in cases {
            assert_eq!(Deadline::from_text(text).as_ref(), Some(want), "{text}");
        }
    }

    #[test]
    fn leaves_other_texts_unread() {
        for text in [
            "",
            "sớm",
            "Theo tiến độ dự án",
            "Quý V/2024",
            "Quý II và quý III/2024",
            "Tháng 13/2024",
            "31/2/2024",
            "2025-2024",
            "năm 0025",
            "trước 15/7",
        ] {
            assert_eq!(Deadline::from_text(text), None, "{text}");
        }
    }

    #[test]
    fn periods_are_due_on_their_last_day_and_round_trip_through_toml() {
        let cases = [
            (
                Deadline::Quarter {
                    year: 2024,
                    quarter: 2,
                },
                "2024-06-30",
                "Quý II/2024",
            ),
            (
                Deadline::Quarter {
                    year: 2024,
                    quarter: 1,
                },
                "2024-03-31",
                "Quý I/2024",
            ),
            (
                Deadline::Month {
                    year: 2024,
                    month: 2,
                },
                "2024-02-29",
                "Tháng 2/2024",
            ),
            (
                Deadline::Month {
                    year: 2025,
                    month: 2,
                },
                "2025-02-28",
                "Tháng 2/2025",
            ),
            (
                Deadline::Years {
                    from: 2024,
                    to: 2025,
                },
                "2025-12-31",
                "2024–2025",
            ),
            (Deadline::Year(2025), "2025-12-31", "Năm 2025"),
        ];
        for (deadline, due, label) in cases {
            assert_eq!(deadline.due(), Date::parse_iso(due), "{deadline:?}");
            assert_eq!(deadline.label(), label);
            let toml_text = format!("x = {}", deadline.to_toml());
            let value = toml::from_str::<toml::Table>(&toml_text).unwrap()["x"].clone();
            assert_eq!(Deadline::parse(&value), Some(deadline), "{toml_text}");
        }
        let value = toml::Value::String("thường xuyên".into());
        assert_eq!(Deadline::parse(&value), Some(Deadline::Ongoing));
        assert_eq!(Deadline::Ongoing.due(), None);
        assert_eq!(Deadline::Yearly.due(), None);
    }
}
