//! Front matter of legal documents and ordinary pages, as typed structs.
//!
//! `deny_unknown_fields` everywhere: a misspelt key is an error with a hint,
//! never a silently ignored field.

use serde::Deserialize;
use toml::Spanned;

use crate::date::Date;

/// The front matter of a legal document (any file with `number`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentFront {
    pub number: Spanned<String>,
    pub title: String,
    pub kind: Spanned<String>,
    pub issuer: String,
    #[serde(default)]
    pub signer: Option<String>,
    #[serde(default)]
    pub issued: Option<Spanned<Date>>,
    #[serde(default)]
    pub effective: Option<Spanned<Date>>,
    #[serde(default)]
    pub expires: Option<Spanned<Date>>,
    #[serde(default)]
    pub fields: Vec<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub summary: bool,
    /// Explicit status when the dates and relations cannot tell.
    #[serde(default)]
    pub status: Option<Spanned<String>>,
    /// Why this record needs checking; shows a "Cần xác minh" banner.
    #[serde(default)]
    pub verify: Option<String>,
    /// The body holds only part of the official text: what it holds and
    /// where the whole is (Markdown). Shows a "Văn bản chưa đầy đủ" notice
    /// at the top of the page.
    #[serde(default)]
    pub incomplete: Option<String>,
    /// A short Markdown summary for officials, shown above the official text.
    #[serde(default)]
    pub overview: Option<String>,
    #[serde(default)]
    pub relations: Relations,
    #[serde(default)]
    pub tasks: Vec<TaskFront>,
    /// Provisions of this document amended, replaced or repealed by a
    /// provision of another (`[[amendments]]`).
    #[serde(default)]
    pub amendments: Vec<AmendmentFront>,
    /// The day up to which every amendment of this document is recorded in
    /// `[[amendments]]`; without it, the amendment status of its provisions
    /// is unknown and `vanban check` lists the cited ones.
    #[serde(default)]
    pub amendments_checked: Option<Spanned<Date>>,
}

/// One `[[amendments]]` entry: a provision of this document changed by a
/// provision of another, from a date.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmendmentFront {
    /// The provision of this document (its anchor, `dieu-50-khoan-2`).
    pub provision: Spanned<String>,
    /// "sửa đổi, bổ sung", "thay thế" or "bãi bỏ".
    pub action: Spanned<String>,
    /// The provision that makes the change: `vb:NUMBER#anchor`.
    pub by: Spanned<String>,
    /// The day the change takes effect.
    pub from: Spanned<Date>,
}

/// `[relations]`: lists of document numbers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relations {
    #[serde(default)]
    pub based_on: Vec<Spanned<String>>,
    #[serde(default)]
    pub implements: Vec<Spanned<String>>,
    #[serde(default)]
    pub guides: Vec<Spanned<String>>,
    #[serde(default)]
    pub amends: Vec<Spanned<String>>,
    #[serde(default)]
    pub replaces: Vec<Spanned<String>>,
    /// Named in the text without being its basis ("văn bản liên quan").
    #[serde(default)]
    pub related: Vec<Spanned<String>>,
}

/// One `[[tasks]]` entry of the obligations registry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskFront {
    pub task: String,
    /// What the entry is: "nhiệm vụ" (an assignment, the default), "yêu cầu",
    /// "mục đích" or "ghi nhận" (the registry of the link stage reads it).
    #[serde(default)]
    pub kind: Option<Spanned<String>>,
    pub lead: Spanned<String>,
    #[serde(default)]
    pub support: Vec<Spanned<String>>,
    #[serde(default)]
    pub deadline: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub basis: Option<Spanned<String>>,
    #[serde(default)]
    pub provision: Option<Spanned<String>>,
}

/// The front matter of an ordinary page (guide, training module, section index, agency).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageFront {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub date: Option<Date>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub agency: Option<AgencyFront>,
}

/// `[agency]`: makes a page the home of an agency in the obligations registry.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyFront {
    pub id: Spanned<String>,
    pub level: String,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The id of the agency page that stands for this agency's whole level
    /// (a district → "ubnd-cap-huyen"): its page links to the tasks given
    /// to that level as a whole.
    #[serde(default)]
    pub member_of: Option<Spanned<String>>,
    #[serde(default)]
    pub changes: Vec<AgencyChange>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyChange {
    pub date: Date,
    pub note: String,
    #[serde(default)]
    pub source: Option<String>,
}
