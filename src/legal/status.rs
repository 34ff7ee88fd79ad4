//! Status of a document as of a date (tình trạng hiệu lực).
//!
//! A replacement known only from secondary sources (`verify` on the newer
//! document) does not end the older one: from the day it would take effect
//! the older one is "possibly ended — to be verified", never "in force".

use serde::Serialize;

use crate::date::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    ChuaCoHieuLuc,
    ConHieuLuc,
    HetHieuLucMotPhan,
    /// A replacement recorded from secondary sources only has taken effect:
    /// the document may have ended, which an official text must confirm.
    CoTheDaHetHieuLuc,
    HetHieuLuc,
    /// The data cannot tell (no effective date and no override).
    ChuaRo,
}

impl Status {
    /// Every status, in the order lists and filters show them. New ones go
    /// last: the browser export refers to statuses by position.
    pub const ALL: [Status; 6] = [
        Status::ConHieuLuc,
        Status::HetHieuLucMotPhan,
        Status::ChuaCoHieuLuc,
        Status::HetHieuLuc,
        Status::ChuaRo,
        Status::CoTheDaHetHieuLuc,
    ];

    /// Parses a front-matter override (the slug).
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.slug() == text.trim())
    }

    pub fn slug(self) -> &'static str {
        match self {
            Status::ChuaCoHieuLuc => "chua-co-hieu-luc",
            Status::ConHieuLuc => "con-hieu-luc",
            Status::HetHieuLucMotPhan => "het-hieu-luc-mot-phan",
            Status::CoTheDaHetHieuLuc => "co-the-da-het-hieu-luc",
            Status::HetHieuLuc => "het-hieu-luc",
            Status::ChuaRo => "chua-ro",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Status::ChuaCoHieuLuc => "Chưa có hiệu lực",
            Status::ConHieuLuc => "Còn hiệu lực",
            Status::HetHieuLucMotPhan => "Hết hiệu lực một phần",
            Status::CoTheDaHetHieuLuc => "Có thể đã hết hiệu lực — cần xác minh",
            Status::HetHieuLuc => "Hết hiệu lực",
            Status::ChuaRo => "Chưa rõ",
        }
    }

    /// In force, wholly or in part.
    pub fn in_force(self) -> bool {
        matches!(self, Status::ConHieuLuc | Status::HetHieuLucMotPhan)
    }

    /// What the search filter "in force" (`--in-force`, `in_force=true`)
    /// keeps: documents in force, wholly or in part, and documents that may
    /// have ended. Leaving the last out would hide a law that may well still
    /// apply; results show their status, so the doubt stays visible.
    pub fn kept_by_in_force_filter(self) -> bool {
        self.in_force() || self == Status::CoTheDaHetHieuLuc
    }
}

/// What the status computation needs to know about one document.
#[derive(Debug, Clone, Default)]
pub struct StatusFacts {
    pub effective: Option<Date>,
    pub expires: Option<Date>,
    /// Dates from which documents that replace this one take effect.
    pub replaced_from: Vec<Date>,
    /// The same for replacements recorded from secondary sources only.
    pub unverified_replaced_from: Vec<Date>,
    /// Dates from which documents that amend this one take effect.
    pub amended_from: Vec<Date>,
    pub overridden: Option<Status>,
}

/// The status as of `as_of`: an explicit override wins; then expiry or a
/// replacement in force ends the document; an unverified replacement in force
/// makes it uncertain; an amendment in force ends it in part; before its
/// effective date it is not yet in force.
pub fn status_as_of(facts: &StatusFacts, as_of: Date) -> Status {
    if let Some(status) = facts.overridden {
        return status;
    }
    let ended = facts.expires.is_some_and(|d| d <= as_of)
        || facts.replaced_from.iter().any(|d| *d <= as_of);
    if ended {
        return Status::HetHieuLuc;
    }
    if facts.unverified_replaced_from.iter().any(|d| *d <= as_of) {
        return Status::CoTheDaHetHieuLuc;
    }
    match facts.effective {
        None => Status::ChuaRo,
        Some(d) if d > as_of => Status::ChuaCoHieuLuc,
        Some(_) if facts.amended_from.iter().any(|d| *d <= as_of) => Status::HetHieuLucMotPhan,
        Some(_) => Status::ConHieuLuc,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn the_2005_e_transactions_law_ends_when_its_replacement_takes_effect() {
        let facts = StatusFacts {
            effective: Some(d("2006-03-01")),
            replaced_from: vec![d("2024-07-01")],
            ..Default::default()
        };
        assert_eq!(status_as_of(&facts, d("2006-02-28")), Status::ChuaCoHieuLuc);
        assert_eq!(status_as_of(&facts, d("2024-06-30")), Status::ConHieuLuc);
        assert_eq!(status_as_of(&facts, d("2024-07-01")), Status::HetHieuLuc);
    }

    #[test]
    fn an_unverified_replacement_makes_the_status_uncertain_from_its_date() {
        let mut facts = StatusFacts {
            effective: Some(d("2016-07-01")),
            amended_from: vec![d("2019-01-01")],
            unverified_replaced_from: vec![d("2026-07-01")],
            ..Default::default()
        };
        assert_eq!(
            status_as_of(&facts, d("2026-06-30")),
            Status::HetHieuLucMotPhan
        );
        assert_eq!(
            status_as_of(&facts, d("2026-07-01")),
            Status::CoTheDaHetHieuLuc
        );
        assert!(!Status::CoTheDaHetHieuLuc.in_force());
        assert!(Status::CoTheDaHetHieuLuc.kept_by_in_force_filter());
        assert!(!Status::HetHieuLuc.kept_by_in_force_filter());
        // A verified replacement ends it; an override still wins.
        facts.replaced_from = vec![d("2026-07-01")];
        assert_eq!(status_as_of(&facts, d("2026-12-03")), Status::HetHieuLuc);
        facts.overridden = Some(Status::ConHieuLuc);
        assert_eq!(status_as_of(&facts, d("2026-12-03")), Status::ConHieuLuc);
        assert_eq!(
            Status::parse("co-the-da-het-hieu-luc"),
            Some(Status::CoTheDaHetHieuLuc)
        );
    }

    #[test]
    fn amendments_expiry_and_overrides() {
        let mut facts = StatusFacts {
            effective: Some(d("2016-07-01")),
            amended_from: vec![d("2020-01-01")],
            ..Default::default()
        };
        assert_eq!(status_as_of(&facts, d("2019-12-31")), Status::ConHieuLuc);
        assert_eq!(
            status_as_of(&facts, d("2020-01-01")),
            Status::HetHieuLucMotPhan
        );
        facts.expires = Some(d("2021-01-01"));
        assert_eq!(status_as_of(&facts, d("2021-01-01")), Status::HetHieuLuc);
        facts.overridden = Some(Status::ConHieuLuc);
        assert_eq!(status_as_of(&facts, d("2030-01-01")), Status::ConHieuLuc);
        assert_eq!(
            status_as_of(&StatusFacts::default(), d("2030-01-01")),
            Status::ChuaRo
        );
    }
}
