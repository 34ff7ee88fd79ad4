//! The obligations registry (nhiệm vụ): who must do what, by when, on what basis.
//!
//! Tasks are written in documents' front matter (`[[tasks]]`), agencies are
//! pages with an `[agency]` table. This module checks that every reference
//! resolves (agency ids, the legal basis, the source provision) and computes
//! each deadline's state as of the build date. The pages and exports that
//! show them are the render stage's (`render/registry.rs`, `render/exports.rs`).

use std::collections::HashMap;

use serde::Serialize;

use crate::content::Content;
use crate::date::Date;
use crate::error::Diagnostic;
use crate::legal::deadline::Deadline;
use crate::link::hub::Hub;
use crate::link::verify::Provisions;

/// A deadline's state as of the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DeadlineState {
    Overdue,
    /// Due within [`UPCOMING_DAYS`].
    Upcoming,
    Later,
    Standing,
}

/// How far ahead a deadline counts as upcoming.
pub const UPCOMING_DAYS: i64 = 90;

impl DeadlineState {
    pub fn of(deadline: &Deadline, as_of: Date) -> DeadlineState {
        match deadline.due() {
            None => DeadlineState::Standing,
            Some(due) if due < as_of => DeadlineState::Overdue,
            Some(due) if days_between(as_of, due) <= UPCOMING_DAYS => DeadlineState::Upcoming,
            Some(_) => DeadlineState::Later,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            DeadlineState::Overdue => "qua-han",
            DeadlineState::Upcoming => "sap-toi",
            DeadlineState::Later | DeadlineState::Standing => "",
        }
    }
}

fn days_from_civil(d: Date) -> i64 {
    // Howard Hinnant's days-from-civil algorithm.
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

fn days_between(a: Date, b: Date) -> i64 {
    days_from_civil(b) - days_from_civil(a)
}

/// What a `[[tasks]]` entry is. Only an assignment is a task someone must
/// carry out; the purposes and requirements a plan states for everyone, and
/// the functions it records in its account of the situation, are kept
/// apart so that no page or export passes them off as assignments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskKind {
    /// "nhiệm vụ": the text assigns it to the lead agency.
    NhiemVu,
    /// "yêu cầu": a requirement the text states.
    YeuCau,
    /// "mục đích": a purpose of the text.
    MucDich,
    /// "ghi nhận": a function or fact the text records, assigned elsewhere.
    GhiNhan,
}

impl TaskKind {
    pub const ALL: [TaskKind; 4] = [
        TaskKind::NhiemVu,
        TaskKind::YeuCau,
        TaskKind::MucDich,
        TaskKind::GhiNhan,
    ];

    /// The front-matter value, as editors write it.
    pub fn name(self) -> &'static str {
        match self {
            TaskKind::NhiemVu => "nhiệm vụ",
            TaskKind::YeuCau => "yêu cầu",
            TaskKind::MucDich => "mục đích",
            TaskKind::GhiNhan => "ghi nhận",
        }
    }

    /// `"Yêu cầu"` or `"yeu-cau"` (any case) → the kind.
    pub fn parse(text: &str) -> Option<TaskKind> {
        let slug = crate::text::slugify(text);
        TaskKind::ALL
            .into_iter()
            .find(|k| crate::text::slugify(k.name()) == slug)
    }

    pub fn is_assignment(self) -> bool {
        self == TaskKind::NhiemVu
    }

    /// Its code (in `tasks-all.json`), which also names its label in the
    /// theme's `strings.toml` (`[task_kind]`).
    pub fn code(self) -> &'static str {
        match self {
            TaskKind::NhiemVu => "nhiem-vu",
            TaskKind::YeuCau => "yeu-cau",
            TaskKind::MucDich => "muc-dich",
            TaskKind::GhiNhan => "ghi-nhan",
        }
    }
}

/// One task, resolved.
#[derive(Debug, Clone)]
pub struct Task {
    pub doc: usize,
    /// Position among the document's tasks (stable ids for calendars).
    pub index: usize,
    pub kind: TaskKind,
    pub task: String,
    /// Agency page indexes.
    pub lead: usize,
    pub support: Vec<usize>,
    pub deadline: Deadline,
    pub basis: Option<(usize, Option<String>)>,
    pub provision: Option<String>,
}

/// All tasks and agencies of the site.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    pub tasks: Vec<Task>,
    /// Agency id → page index.
    pub agencies: HashMap<String, usize>,
    /// Agency page → the page of its whole level (`member_of`).
    pub level_of: HashMap<usize, usize>,
}

impl Registry {
    /// Resolves every task; unresolvable references are errors at their place.
    pub fn build(
        content: &Content,
        hub: &Hub<'_>,
        provisions: &Provisions<'_>,
    ) -> (Registry, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut agencies = HashMap::new();
        for (i, page) in content.pages.iter().enumerate() {
            if let Some(agency) = &page.front.agency {
                let id = agency.id.get_ref().clone();
                if agencies.insert(id.clone(), i).is_some() {
                    diags.push(
                        Diagnostic::error(
                            &page.src.path,
                            page.src.front_pos(agency.id.span()),
                            format!("mã cơ quan \"{id}\" trùng"),
                        )
                        .with_hint("mỗi cơ quan có một mã riêng"),
                    );
                }
            }
        }
        let mut level_of = HashMap::new();
        for (i, page) in content.pages.iter().enumerate() {
            let Some(group) = page
                .front
                .agency
                .as_ref()
                .and_then(|a| a.member_of.as_ref())
            else {
                continue;
            };
            match agencies.get(group.get_ref()) {
                Some(&j) if j != i => {
                    level_of.insert(i, j);
                }
                found => diags.push(
                    Diagnostic::error(
                        &page.src.path,
                        page.src.front_pos(group.span()),
                        if found.is_some() {
                            "cơ quan không thể thuộc chính nó".to_string()
                        } else {
                            format!("không có cơ quan mã \"{}\"", group.get_ref())
                        },
                    )
                    .with_hint(
                        "member_of là mã của trang đại diện cho cả cấp, ví dụ \"ubnd-cap-huyen\"",
                    ),
                ),
            }
        }
        let mut tasks = Vec::new();
        for (doc, d) in content.documents.iter().enumerate() {
            for (index, t) in d.front.tasks.iter().enumerate() {
                let pos = |span: std::ops::Range<usize>| d.src.front_pos(span);
                let agency = |id: &toml::Spanned<String>, diags: &mut Vec<Diagnostic>| {
                    let found = agencies.get(id.get_ref()).copied();
                    if found.is_none() {
                        diags.push(
                            Diagnostic::error(&d.src.path, pos(id.span()), format!("không có cơ quan mã \"{}\"", id.get_ref()))
                                .with_hint("tạo trang cơ quan trong content/co-quan/ với [agency] id = \"...\""),
                        );
                    }
                    found
                };
                let kind = match &t.kind {
                    None => TaskKind::NhiemVu,
                    Some(k) => TaskKind::parse(k.get_ref()).unwrap_or_else(|| {
                        diags.push(
                            Diagnostic::error(&d.src.path, pos(k.span()), format!("loại nhiệm vụ không có: \"{}\"", k.get_ref()))
                                .with_hint("viết \"nhiệm vụ\" (văn bản giao), \"yêu cầu\", \"mục đích\" hoặc \"ghi nhận\""),
                        );
                        TaskKind::NhiemVu
                    }),
                };
                let lead = agency(&t.lead, &mut diags);
                let support: Vec<usize> = t
                    .support
                    .iter()
                    .filter_map(|s| agency(s, &mut diags))
                    .collect();
                let deadline = match &t.deadline {
                    None => Some(Deadline::Ongoing),
                    Some(v) => {
                        let parsed = Deadline::parse(v.get_ref());
                        if parsed.is_none() {
                            diags.push(
                                Diagnostic::error(&d.src.path, pos(v.span()), "thời hạn không đọc được")
                                    .with_hint("viết một ngày 2025-12-31, một năm \"2025\", \"Quý II/2025\", \"Tháng 6/2025\", \"2024–2025\", \"thường xuyên\" hoặc \"hằng năm\""),
                            );
                        }
                        parsed
                    }
                };
                let basis = t.basis.as_ref().and_then(|b| {
                    let spec = b.get_ref().strip_prefix("vb:").unwrap_or(b.get_ref());
                    let (number, anchor) = match spec.split_once('#') {
                        Some((n, a)) => (n, Some(a.to_string())),
                        None => (spec, None),
                    };
                    let target = hub.find(number);
                    match (target, &anchor) {
                        (None, _) => {
                            diags.push(
                                Diagnostic::error(&d.src.path, pos(b.span()), format!("căn cứ không có trong kho: {number}"))
                                    .with_hint("căn cứ phải là văn bản có trong kho, dạng vb:SỐ-HIỆU hoặc vb:SỐ-HIỆU#dieu-5"),
                            );
                            None
                        }
                        (Some(j), Some(a)) if !provisions.has(j, a) => {
                            diags.push(
                                Diagnostic::error(&d.src.path, pos(b.span()), format!("văn bản {number} không có điều khoản #{a}"))
                                    .with_hint("kiểm tra mã neo của điều khoản"),
                            );
                            None
                        }
                        (Some(j), _) => Some((j, anchor)),
                    }
                });
                if let Some(p) = &t.provision {
                    if !provisions.has(doc, p.get_ref()) {
                        diags.push(
                            Diagnostic::error(&d.src.path, pos(p.span()), format!("văn bản này không có điều khoản #{}", p.get_ref()))
                                .with_hint("provision là mã neo của điều khoản giao nhiệm vụ, trong chính văn bản này"),
                        );
                    }
                }
                if let (Some(lead), Some(deadline)) = (lead, deadline) {
                    tasks.push(Task {
                        doc,
                        index,
                        kind,
                        task: t.task.trim().to_string(),
                        lead,
                        support,
                        deadline,
                        basis,
                        provision: t.provision.as_ref().map(|p| p.get_ref().clone()),
                    });
                }
            }
        }
        (
            Registry {
                tasks,
                agencies,
                level_of,
            },
            diags,
        )
    }

    /// Tasks in deadline order: dated first (earliest first), then yearly, then ongoing.
    pub fn by_deadline(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.tasks.len()).collect();
        order.sort_by_key(|&k| {
            let t = &self.tasks[k];
            (
                t.deadline.due().is_none(),
                t.deadline.due(),
                t.deadline.clone(),
                t.doc,
                t.index,
            )
        });
        order
    }

    /// Tasks an agency leads or supports.
    pub fn for_agency(&self, page: usize) -> Vec<usize> {
        self.by_deadline()
            .into_iter()
            .filter(|&i| self.tasks[i].lead == page || self.tasks[i].support.contains(&page))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn task_kinds_parse_with_or_without_diacritics() {
        assert_eq!(TaskKind::parse("nhiệm vụ"), Some(TaskKind::NhiemVu));
        assert_eq!(TaskKind::parse("Yêu cầu"), Some(TaskKind::YeuCau));
        assert_eq!(TaskKind::parse("muc-dich"), Some(TaskKind::MucDich));
        assert_eq!(TaskKind::parse(" ghi nhận "), Some(TaskKind::GhiNhan));
        assert_eq!(TaskKind::parse("nhiệm vụ chung"), None);
        assert_eq!(TaskKind::parse(""), None);
        assert!(TaskKind::NhiemVu.is_assignment());
        assert!(TaskKind::ALL[1..].iter().all(|k| !k.is_assignment()));
    }

    #[test]
    fn deadlines_parse_and_have_states() {
        let v = |s: &str| toml::from_str::<toml::Table>(&format!("x = {s}")).unwrap()["x"].clone();
        assert_eq!(
            Deadline::parse(&v("2025-12-31")),
            Some(Deadline::Date(d("2025-12-31")))
        );
        assert_eq!(Deadline::parse(&v("\"2025\"")), Some(Deadline::Year(2025)));
        assert_eq!(Deadline::parse(&v("2026")), Some(Deadline::Year(2026)));
        assert_eq!(
            Deadline::parse(&v("\"Thường xuyên\"")),
            Some(Deadline::Ongoing)
        );
        assert_eq!(Deadline::parse(&v("\"hằng năm\"")), Some(Deadline::Yearly));
        assert_eq!(Deadline::parse(&v("\"sớm\"")), None);
        let as_of = d("2025-06-01");
        assert_eq!(
            DeadlineState::of(&Deadline::Date(d("2025-05-31")), as_of),
            DeadlineState::Overdue
        );
        assert_eq!(
            DeadlineState::of(&Deadline::Date(d("2025-08-01")), as_of),
            DeadlineState::Upcoming
        );
        assert_eq!(
            DeadlineState::of(&Deadline::Year(2025), as_of),
            DeadlineState::Later
        );
        assert_eq!(
            DeadlineState::of(&Deadline::Year(2024), as_of),
            DeadlineState::Overdue
        );
        assert_eq!(
            DeadlineState::of(&Deadline::Ongoing, as_of),
            DeadlineState::Standing
        );
        assert_eq!(days_between(d("2024-02-28"), d("2024-03-01")), 2);
    }
}
