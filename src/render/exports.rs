//! The task exports officials take into their own tools: `tasks.json`,
//! `tasks.csv`, `tasks.ics` (the assignments only) and `tasks-all.json`
//! (every entry, with its kind). Field names, columns and codes are fixed;
//! the labels beside them (deadlines, statuses, kinds) are the theme's.

use serde::Serialize;

use super::wording::{fill, Wording};
use crate::content::Content;
use crate::date::Date;
use crate::legal::deadline::Deadline;
use crate::legal::status::Status;
use crate::link::tasks::{DeadlineState, Registry, TaskKind};

/// A task as exported (JSON, CSV, calendar) and shown in templates.
#[derive(Debug, Clone, Serialize)]
pub struct TaskRecord {
    pub id: String,
    pub kind: TaskKind,
    pub kind_label: String,
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
    wording: &Wording,
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
                kind_label: wording.task_kind(t.kind).to_string(),
                task: t.task.clone(),
                lead: agency(t.lead),
                support: t.support.iter().map(|&s| agency(s)).collect(),
                deadline: t.deadline.clone(),
                deadline_label: wording.deadline(&t.deadline),
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
pub fn csv(records: &[TaskRecord], wording: &Wording) -> String {
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
            wording.deadline_state(r.state).to_string(),
            r.document.clone(),
            r.provision.clone().unwrap_or_default(),
            r.basis.clone().unwrap_or_default(),
            r.url.clone(),
            r.kind.name().to_string(),
            wording.status(r.document_status).to_string(),
            r.basis_status
                .map(|s| wording.status(s).to_string())
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
pub fn ics(records: &[TaskRecord], base_url: &str, as_of: Date, wording: &Wording) -> String {
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
        &format!("X-WR-CALNAME:{}", wording.export.calendar),
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
                escape(&fill(
                    &wording.export.event,
                    &[
                        ("deadline", &r.deadline_label),
                        ("lead", &r.lead),
                        ("document", &r.document),
                        ("status", wording.status(r.document_status)),
                        (
                            "basis",
                            r.basis.as_deref().unwrap_or(&wording.export.no_basis)
                        ),
                        (
                            "basis_status",
                            &r.basis_status
                                .map(|s| fill(
                                    &wording.export.basis_status,
                                    &[("status", wording.status(s))]
                                ))
                                .unwrap_or_default(),
                        ),
                    ],
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
