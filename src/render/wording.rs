//! The wording the build itself writes into pages and files: status names,
//! relation headings, deadlines, task kinds, the notices on a document's
//! page, the task exports, the server's search page.
//!
//! It all comes from the theme's `strings.toml`, so a site rewords or
//! translates what readers see without touching Rust; only the formatting
//! (dates, Roman numerals, which notice applies) is decided here. The
//! wording is read once, when the theme loads: a missing key, or a
//! placeholder the build cannot fill, is an error naming the key and the
//! file then, never an empty string on a page.
//!
//! What stays in Rust: the CLI's messages and diagnostics, the codes of
//! machine exports (JSON fields, CSV columns, status and kind codes), and the
//! legal vocabulary the content itself is written in and parsed by (kinds of
//! document, "Điều", "khoản", front-matter values such as "nhiệm vụ").

use crate::date::Date;
use crate::error::{Diagnostic, Error, Position, Result};
use crate::legal::deadline::{roman_quarter, Deadline};
use crate::legal::status::Status;
use crate::link::amendments::Action;
use crate::link::graph::Relation;
use crate::link::tasks::{DeadlineState, TaskKind};

/// Headings and verbs of one relation.
#[derive(Debug, Clone)]
pub struct RelationWords {
    /// On the page of the document that states it ("Văn bản căn cứ").
    pub outgoing: String,
    /// On the page of the other document.
    pub incoming: String,
    /// On the diagram's edges and in notices ("thay thế").
    pub verb: String,
}

/// Notices at the top of a document's page.
#[derive(Debug, Clone)]
pub struct BannerWords {
    pub incomplete: String,
    pub expired: String,
    /// `{date}`
    pub expired_text: String,
    /// `{documents}`
    pub replaced_text: String,
    /// `{date}`
    pub replaced_from: String,
    pub upcoming: String,
    /// `{status}`, `{date}`
    pub uncertain: String,
    /// `{document}`, `{verb}`, `{date}`, `{note}`
    pub will_change: String,
    /// `{document}`, `{verb}`, `{date}`, `{note}`
    pub reported_change: String,
    pub unverified: String,
    pub verify: String,
}

/// Deadlines and their states.
#[derive(Debug, Clone)]
pub struct DeadlineWords {
    /// `{year}`
    pub year: String,
    /// `{quarter}` (Roman), `{year}`
    pub quarter: String,
    /// `{month}`, `{year}`
    pub month: String,
    /// `{from}`, `{to}`
    pub years: String,
    pub yearly: String,
    pub ongoing: String,
    pub overdue: String,
    pub upcoming: String,
}

/// `nhiem-vu/`, `thoi-han/` and the agencies' pages.
#[derive(Debug, Clone)]
pub struct RegistryWords {
    pub by_agency: String,
    pub by_agency_intro: String,
    pub by_deadline: String,
    pub by_deadline_intro: String,
    /// `{intro}`, `{date}`
    pub intro_as_of: String,
    pub dated: String,
    pub standing: String,
    /// `{count}`
    pub level_assigned: String,
    pub level_none: String,
    /// `{count}`
    pub level_other: String,
}

/// `tasks.csv` and `tasks.ics`.
#[derive(Debug, Clone)]
pub struct ExportWords {
    pub calendar: String,
    /// `{deadline}`, `{lead}`, `{document}`, `{status}`, `{basis}`, `{basis_status}`
    pub event: String,
    /// `{status}`
    pub basis_status: String,
    pub no_basis: String,
}

/// The notes under amended and amending provisions.
#[derive(Debug, Clone)]
pub struct AmendmentWords {
    /// `{provision}`, `{tense}`, `{action}`, `{by}`, `{date}`, `{current}`
    pub amended: String,
    /// `{provision}`, `{action}`, `{target}`, `{date}`
    pub amending: String,
    pub will: String,
    pub did: String,
    pub not_current: String,
    /// Under a quotation, one amendment of the provision quoted:
    /// `{provision}`, `{tense}`, `{action}`, `{by}`, `{date}`.
    pub quote_change: String,
    /// Between two of them.
    pub quote_joiner: String,
    /// The wording quoted has changed since: `{changes}`.
    pub quote_changed: String,
    /// No change recorded up to the day they were checked: `{date}`.
    pub quote_unchanged: String,
    /// Nobody checked for changes.
    pub quote_unchecked: String,
    /// The note, then the status of a document not (or maybe not) in force:
    /// `{note}`, `{document}`, `{date}`, `{status}`.
    pub quote_status: String,
    /// By [`Action::ALL`]: how the amended provision's note says it.
    passive: Vec<String>,
    /// By [`Action::ALL`]: how the amending provision's note says it.
    active: Vec<String>,
}

impl AmendmentWords {
    pub fn passive(&self, a: Action) -> &str {
        &self.passive[Action::ALL.iter().position(|x| *x == a).unwrap_or(0)]
    }

    pub fn active(&self, a: Action) -> &str {
        &self.active[Action::ALL.iter().position(|x| *x == a).unwrap_or(0)]
    }
}

/// The status line of the server's search page.
#[derive(Debug, Clone)]
pub struct SearchWords {
    /// `{query}`
    pub none: String,
    /// `{count}`, `{query}`
    pub found: String,
    pub unfiltered: String,
}

/// Page titles the build gives (the templates show them).
#[derive(Debug, Clone)]
pub struct TitleWords {
    pub not_found: String,
    pub search: String,
    pub search_description: String,
    pub taxonomies: String,
    /// The year term of documents without an issue date.
    pub unknown_year: String,
    /// `{document}`: the relation diagram's accessible name.
    pub diagram: String,
}

/// The wording of a theme, checked when it loads.
#[derive(Debug, Clone)]
pub struct Wording {
    /// In the order of [`Status::ALL`].
    status: Vec<String>,
    /// In the order of [`Relation::ALL`].
    relation: Vec<RelationWords>,
    /// In the order of [`TaskKind::ALL`].
    task_kind: Vec<String>,
    /// (code, name) in the order of [`crate::config::KNOWN_TAXONOMIES`].
    taxonomy: Vec<(&'static str, String)>,
    pub banner: BannerWords,
    pub deadline: DeadlineWords,
    pub registry: RegistryWords,
    pub export: ExportWords,
    pub amendment: AmendmentWords,
    pub search: SearchWords,
    pub title: TitleWords,
}

impl Wording {
    /// Reads the wording from a theme's parsed `strings.toml` (`file`: the
    /// path shown in errors). Every missing key and every unknown placeholder
    /// is reported, at once.
    pub fn from_table(table: &toml::Table, file: &str) -> Result<Wording> {
        let mut r = Reader {
            table,
            file,
            diags: Vec::new(),
        };
        let status = Status::ALL
            .iter()
            .map(|s| r.text(&format!("statuses.{}", s.slug()), &[]))
            .collect();
        let relation = Relation::ALL
            .iter()
            .map(|rel| RelationWords {
                outgoing: r.text(&format!("relation.outgoing.{}", rel.key()), &[]),
                incoming: r.text(&format!("relation.incoming.{}", rel.key()), &[]),
                verb: r.text(&format!("relation.verb.{}", rel.key()), &[]),
            })
            .collect();
        let task_kind = TaskKind::ALL
            .iter()
            .map(|k| r.text(&format!("task_kind.{}", k.code()), &[]))
            .collect();
        let taxonomy = crate::config::KNOWN_TAXONOMIES
            .iter()
            .map(|&code| (code, r.text(&format!("taxonomy.{code}"), &[])))
            .collect();
        let banner = BannerWords {
            incomplete: r.text("banner.incomplete", &[]),
            expired: r.text("banner.expired", &[]),
            expired_text: r.text("banner.expired_text", &["date"]),
            replaced_text: r.text("banner.replaced_text", &["documents"]),
            replaced_from: r.text("banner.replaced_from", &["date"]),
            upcoming: r.text("banner.upcoming", &[]),
            uncertain: r.text("banner.uncertain", &["status", "date"]),
            will_change: r.text("banner.will_change", &["document", "verb", "date", "note"]),
            reported_change: r.text(
                "banner.reported_change",
                &["document", "verb", "date", "note"],
            ),
            unverified: r.text("banner.unverified", &[]),
            verify: r.text("banner.verify", &[]),
        };
        let deadline = DeadlineWords {
            year: r.text("deadlines.year", &["year"]),
            quarter: r.text("deadlines.quarter", &["quarter", "year"]),
            month: r.text("deadlines.month", &["month", "year"]),
            years: r.text("deadlines.years", &["from", "to"]),
            yearly: r.text("deadlines.yearly", &[]),
            ongoing: r.text("deadlines.ongoing", &[]),
            overdue: r.text("deadlines.overdue", &[]),
            upcoming: r.text("deadlines.upcoming", &[]),
        };
        let registry = RegistryWords {
            by_agency: r.text("registry.by_agency", &[]),
            by_agency_intro: r.text("registry.by_agency_intro", &[]),
            by_deadline: r.text("registry.by_deadline", &[]),
            by_deadline_intro: r.text("registry.by_deadline_intro", &[]),
            intro_as_of: r.text("registry.intro_as_of", &["intro", "date"]),
            dated: r.text("registry.dated", &[]),
            standing: r.text("registry.standing", &[]),
            level_assigned: r.text("registry.level_assigned", &["count"]),
            level_none: r.text("registry.level_none", &[]),
            level_other: r.text("registry.level_other", &["count"]),
        };
        let export = ExportWords {
            calendar: r.text("export.calendar", &[]),
            event: r.text(
                "export.event",
                &[
                    "deadline",
                    "lead",
                    "document",
                    "status",
                    "basis",
                    "basis_status",
                ],
            ),
            basis_status: r.text("export.basis_status", &["status"]),
            no_basis: r.text("export.no_basis", &[]),
        };
        let amendment = AmendmentWords {
            amended: r.text(
                "amendment.amended",
                &["provision", "tense", "action", "by", "date", "current"],
            ),
            amending: r.text(
                "amendment.amending",
                &["provision", "action", "target", "date"],
            ),
            will: r.text("amendment.will", &[]),
            did: r.text("amendment.did", &[]),
            not_current: r.text("amendment.not_current", &[]),
            quote_change: r.text(
                "amendment.quote_change",
                &["provision", "tense", "action", "by", "date"],
            ),
            quote_joiner: r.text("amendment.quote_joiner", &[]),
            quote_changed: r.text("amendment.quote_changed", &["changes"]),
            quote_unchanged: r.text("amendment.quote_unchanged", &["date"]),
            quote_unchecked: r.text("amendment.quote_unchecked", &[]),
            quote_status: r.text(
                "amendment.quote_status",
                &["note", "document", "date", "status"],
            ),
            passive: Action::ALL
                .iter()
                .map(|a| r.text(&format!("amendment.passive.{}", a.code()), &[]))
                .collect(),
            active: Action::ALL
                .iter()
                .map(|a| r.text(&format!("amendment.active.{}", a.code()), &[]))
                .collect(),
        };
        let search = SearchWords {
            none: r.text("search_page.none", &["query"]),
            found: r.text("search_page.found", &["count", "query"]),
            unfiltered: r.text("search_page.unfiltered", &[]),
        };
        let title = TitleWords {
            not_found: r.text("not_found", &[]),
            search: r.text("search_title", &[]),
            search_description: r.text("search_label", &[]),
            taxonomies: r.text("nav_taxonomies", &[]),
            unknown_year: r.text("taxonomy.unknown_year", &[]),
            diagram: r.text("relation.diagram", &["document"]),
        };
        if !r.diags.is_empty() {
            return Err(Error::Invalid(r.diags));
        }
        Ok(Wording {
            status,
            relation,
            task_kind,
            taxonomy,
            banner,
            deadline,
            registry,
            export,
            amendment,
            search,
            title,
        })
    }

    pub fn status(&self, s: Status) -> &str {
        let i = Status::ALL.iter().position(|x| *x == s).unwrap_or(0);
        &self.status[i]
    }

    pub fn relation(&self, rel: Relation) -> &RelationWords {
        let i = Relation::ALL.iter().position(|x| *x == rel).unwrap_or(0);
        &self.relation[i]
    }

    /// How pages and exports label an entry of this kind.
    pub fn task_kind(&self, k: TaskKind) -> &str {
        let i = TaskKind::ALL.iter().position(|x| *x == k).unwrap_or(0);
        &self.task_kind[i]
    }

    /// The name of a taxonomy (`""` for a code vanban does not know, which
    /// the configuration has already refused).
    pub fn taxonomy(&self, code: &str) -> &str {
        self.taxonomy
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, name)| name)
    }

    /// A deadline as pages and exports show it.
    pub fn deadline(&self, d: &Deadline) -> String {
        let w = &self.deadline;
        match d {
            Deadline::Date(d) => d.to_string(),
            Deadline::Year(y) => fill(&w.year, &[("year", &y.to_string())]),
            Deadline::Quarter { year, quarter } => fill(
                &w.quarter,
                &[
                    ("quarter", roman_quarter(*quarter)),
                    ("year", &year.to_string()),
                ],
            ),
            Deadline::Month { year, month } => fill(
                &w.month,
                &[("month", &month.to_string()), ("year", &year.to_string())],
            ),
            Deadline::Years { from, to } => fill(
                &w.years,
                &[("from", &from.to_string()), ("to", &to.to_string())],
            ),
            Deadline::Yearly => w.yearly.clone(),
            Deadline::Ongoing => w.ongoing.clone(),
        }
    }

    /// The badge of a deadline's state (`""`: none).
    pub fn deadline_state(&self, s: DeadlineState) -> &str {
        match s {
            DeadlineState::Overdue => &self.deadline.overdue,
            DeadlineState::Upcoming => &self.deadline.upcoming,
            DeadlineState::Later | DeadlineState::Standing => "",
        }
    }

    /// " Tính đến ngày …" after a registry page's introduction.
    pub fn intro_as_of(&self, intro: &str, as_of: Date) -> String {
        fill(
            &self.registry.intro_as_of,
            &[("intro", intro), ("date", &as_of.to_string())],
        )
    }
}

/// Fills the `{name}` placeholders of `text` (all known: [`Reader::text`]
/// checked them when the theme loaded).
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, args.iter().find(|(n, _)| *n == &after[..close])?)))
        {
            Some((close, (_, value))) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reads keys (dotted paths) out of `strings.toml`, collecting what is wrong.
struct Reader<'a> {
    table: &'a toml::Table,
    file: &'a str,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    /// The string at `path`, whose placeholders must be among `names`.
    fn text(&mut self, path: &str, names: &[&str]) -> String {
        let mut parts = path.split('.');
        let first = parts.next().unwrap_or_default();
        let mut value = self.table.get(first);
        for part in parts {
            value = value.and_then(|v| v.as_table()).and_then(|t| t.get(part));
        }
        let Some(text) = value.and_then(|v| v.as_str()) else {
            let (table, key) = match path.rsplit_once('.') {
                Some((table, key)) => (format!("[{table}] "), key),
                None => (String::new(), path),
            };
            self.diags.push(
                Diagnostic::error(
                    self.file,
                    Position { line: 1, col: 1 },
                    format!("thiếu chuỗi \"{path}\" trong {}", self.file),
                )
                .with_hint(format!(
                    "thêm {table}{key} = \"...\" vào tệp (xem themes/default/strings.toml)"
                )),
            );
            return String::new();
        };
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else { break };
            let name = &after[..close];
            if !names.contains(&name) {
                let known = if names.is_empty() {
                    "chuỗi này không có chỗ điền nào".to_string()
                } else {
                    format!(
                        "dùng: {}",
                        names
                            .iter()
                            .map(|n| format!("{{{n}}}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                self.diags.push(
                    Diagnostic::error(
                        self.file,
                        Position { line: 1, col: 1 },
                        format!("chuỗi \"{path}\" có chỗ điền {{{name}}} không có"),
                    )
                    .with_hint(known),
                );
            }
            rest = &after[close + 1..];
        }
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_known_placeholders_only() {
        assert_eq!(
            fill(
                "Quý {quarter}/{year}",
                &[("quarter", "II"), ("year", "2025")]
            ),
            "Quý II/2025"
        );
        assert_eq!(fill("{a} {b}", &[("a", "x")]), "x {b}");
        assert_eq!(fill("no {", &[]), "no {");
    }

    #[test]
    fn default_wording_loads() {
        let table: toml::Table = toml::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/strings.toml"
        )))
        .unwrap();
        let w = Wording::from_table(&table, "themes/default/strings.toml").unwrap();
        assert_eq!(w.status(Status::HetHieuLuc), "Hết hiệu lực");
        assert_eq!(
            w.deadline(&Deadline::Quarter {
                year: 2025,
                quarter: 2
            }),
            "Quý II/2025"
        );
        assert_eq!(w.relation(Relation::Replaces).verb, "thay thế");
    }

    #[test]
    fn missing_keys_and_unknown_placeholders_are_named() {
        let mut table: toml::Table = toml::from_str(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/strings.toml"
        )))
        .unwrap();
        let status = table["statuses"].as_table().cloned().unwrap();
        let mut status = status;
        status.remove("het-hieu-luc");
        table.insert("statuses".into(), toml::Value::Table(status));
        let mut deadline = table["deadlines"].as_table().cloned().unwrap();
        deadline.insert("year".into(), "Năm {nam}".into());
        table.insert("deadlines".into(), toml::Value::Table(deadline));
        let Err(Error::Invalid(diags)) = Wording::from_table(&table, "themes/x/strings.toml")
        else {
            panic!("expected errors");
        };
        let messages: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        assert_eq!(
            messages,
            [
                "thiếu chuỗi \"statuses.het-hieu-luc\" trong themes/x/strings.toml",
                "chuỗi \"deadlines.year\" có chỗ điền {nam} không có",
            ]
        );
    }
}
