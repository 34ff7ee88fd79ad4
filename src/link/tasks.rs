//! The obligations registry (nhiệm vụ): who must do what, by when, on what basis.
//!
//! Tasks are written in documents' front matter (`[[tasks]]`), agencies are
//! pages with an `[agency]` table. This module checks that every reference
//! resolves (agency ids, the legal basis, the source provision), computes each
//! deadline's state as of the build date, and writes the exports officials
//! take into their own tools: `tasks.json`, `tasks.csv`, `tasks.ics` (the
//! assignments only) and `tasks-all.json` (every entry, with its kind).

use std::collections::HashMap;

use serde::Serialize;

use crate::content::Content;
use crate::date::Date;
use crate::error::Diagnostic;
use crate::legal::deadline::Deadline;
use crate::legal::status::Status;
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

    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::Overdue => "Quá hạn",
            DeadlineState::Upcoming => "Sắp đến hạn",
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

    /// How pages and exports label it: plainly, saying what it is not.
    pub fn label(self) -> &'static str {
        match self {
            TaskKind::NhiemVu => "Nhiệm vụ được giao",
            TaskKind::YeuCau => "Yêu cầu chung của văn bản, không phải nhiệm vụ được giao",
            TaskKind::MucDich => "Mục đích của văn bản, không phải nhiệm vụ được giao",
            TaskKind::GhiNhan => {
                "Văn bản ghi nhận (chức năng do văn bản khác quy định), không phải nhiệm vụ văn bản này giao"
            }
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

/// A task as exported (JSON, CSV, calendar) and shown in templates.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRecord {
    pub id: String,
    pub kind: TaskKind,
    pub kind_label: &'static str,
    pub task: String,
    pub lead: String,
    pub support: Vec<String>,
    pub deadline: Deadline,
    pub deadline_label: String,
    /// The last day of the deadline's period (`None` for standing tasks).
    pub due: Option<Date>,
    pub state: DeadlineState,
    pub document: String,
    pub provision: Option<String>,
    pub basis: Option<String>,
    /// Status of the document that states the task, as of the build.
    pub document_status: Status,
    /// Status of the legal basis, as of the build: a basis that may have
    /// ended (`co-the-da-het-hieu-luc`) must be checked before acting on it.
    pub basis_status: Option<Status>,
    /// Site-relative URL of the source provision.
    pub url: String,
}

/// The records of every task, in deadline order. `status`: the documents'
/// statuses as of `as_of`, in content order.
pub fn records(
    registry: &Registry,
    content: &Content,
    status: &[Status],
    as_of: Date,
) -> Vec<TaskRecord> {
    let agency = |i: usize| content.pages[i].front.title.clone();
    let status_of = |j: usize| status.get(j).copied().unwrap_or(Status::ChuaRo);
    registry
        .by_deadline()
        .into_iter()
        .map(|i| {
            let t = &registry.tasks[i];
            let d = &content.documents[t.doc];
            TaskRecord {
                id: format!("{}-{}", d.number.slug(), t.index + 1),
                kind: t.kind,
                kind_label: t.kind.label(),
                task: t.task.clone(),
                lead: agency(t.lead),
                support: t.support.iter().map(|&s| agency(s)).collect(),
                deadline: t.deadline.clone(),
                deadline_label: t.deadline.label(),
                due: t.deadline.due(),
                state: DeadlineState::of(&t.deadline, as_of),
                document: d.number.canonical().to_string(),
                provision: t.provision.clone(),
                basis: t.basis.as_ref().map(|(j, a)| {
                    let n = content.documents[*j].number.canonical().to_string();
                    match a {
                        Some(a) => format!("{n}#{a}"),
                        None => n,
                    }
                }),
                document_status: status_of(t.doc),
                basis_status: t.basis.as_ref().map(|(j, _)| status_of(*j)),
                url: format!(
                    "{}{}",
                    d.url,
                    t.provision
                        .as_ref()
                        .map(|p| format!("#{p}"))
                        .unwrap_or_default()
                ),
            }
        })
        .collect()
}

/// `tasks.csv`: RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs
/// read the diacritics right.
pub fn csv(records: &[TaskRecord]) -> String {
    fn field(s: &str) -> String {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::from("\u{feff}ma,nhiem_vu,chu_tri,phoi_hop,thoi_han,tinh_trang_thoi_han,van_ban,dieu_khoan,can_cu,duong_dan,loai,tinh_trang_van_ban,tinh_trang_can_cu,han_cuoi\r\n");
    for r in records {
        let row = [
            r.id.clone(),
            r.task.clone(),
            r.lead.clone(),
            r.support.join("; "),
            r.deadline_label.clone(),
            r.state.label().to_string(),
            r.document.clone(),
            r.provision.clone().unwrap_or_default(),
            r.basis.clone().unwrap_or_default(),
            r.url.clone(),
            r.kind.name().to_string(),
            r.document_status.name().to_string(),
            r.basis_status
                .map(|s| s.name().to_string())
                .unwrap_or_default(),
            r.due.map(|d| d.iso()).unwrap_or_default(),
        ];
        out.push_str(&row.iter().map(|f| field(f)).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    }
    out
}

/// `tasks.ics`: one all-day event per dated task, on the last day of its
/// period (a year on 31 December, "Quý II/2024" on 30 June); the period as
/// written is in the description. Standing tasks have no date and are left out.
pub fn ics(records: &[TaskRecord], base_url: &str, as_of: Date) -> String {
    fn escape(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace(';', "\\;")
            .replace(',', "\\,")
            .replace('\n', "\\n")
    }
    /// Lines longer than 75 octets are folded (RFC 5545 §3.1), never inside a character.
    fn fold(line: &str, out: &mut String) {
        let mut width = 0;
        for c in line.chars() {
            if width + c.len_utf8() > 75 {
                out.push_str("\r\n ");
                width = 1;
            }
            out.push(c);
            width += c.len_utf8();
        }
        out.push_str("\r\n");
    }
    let compact = |d: Date| format!("{:04}{:02}{:02}", d.year, d.month, d.day);
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//vanban//nhiem-vu//VI",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Nhiệm vụ",
    ] {
        fold(line, &mut out);
    }
    for r in records {
        let Some(due) = r.deadline.due() else {
            continue;
        };
        let mut end = due;
        end.day += 1;
        let end = Date::new(end.year, end.month, end.day)
            .or_else(|| Date::new(due.year, due.month + 1, 1))
            .or_else(|| Date::new(due.year + 1, 1, 1))
            .unwrap_or(due);
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}@vanban", r.id),
            format!("DTSTAMP:{}T000000Z", compact(as_of)),
            format!("DTSTART;VALUE=DATE:{}", compact(due)),
            format!("DTEND;VALUE=DATE:{}", compact(end)),
            format!("SUMMARY:{}", escape(&format!("[{}] {}", r.lead, r.task))),
            format!(
                "DESCRIPTION:{}",
                escape(&format!(
                    "Thời hạn: {}. Chủ trì: {}. Văn bản: {} ({}). Căn cứ: {}{}.",
                    r.deadline_label,
                    r.lead,
                    r.document,
                    r.document_status.name(),
                    r.basis.as_deref().unwrap_or("chưa rõ"),
                    r.basis_status
                        .map(|s| format!(" ({})", s.name()))
                        .unwrap_or_default()
                ))
            ),
            format!("URL:{base_url}{}", r.url),
            "END:VEVENT".to_string(),
        ] {
            fold(&line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
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
