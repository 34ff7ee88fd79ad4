//! The obligations registry on pages: the task tables of documents and
//! agencies, `nhiem-vu/` (by agency) and `thoi-han/` (by deadline).
//!
//! Only assignments ("nhiệm vụ") are listed as tasks. The purposes,
//! requirements and recorded functions a text states ("mục đích", "yêu cầu",
//! "ghi nhận") are shown apart, under a heading that says they are not
//! assignments, and never on the deadlines page.

use serde::Serialize;

use super::wording::{fill, Wording};
use super::{render, SiteView, Theme};
use crate::error::Result;
use crate::legal::status::Status;
use crate::link::tasks::DeadlineState;
use crate::url::Linker;

#[derive(Serialize)]
pub(super) struct Named {
    name: String,
    href: String,
}

/// One row of `tasks.html`.
#[derive(Serialize)]
pub(super) struct TaskView {
    task: String,
    /// For entries that are not assignments: what they are.
    kind_label: Option<String>,
    provision_href: Option<String>,
    provision_label: Option<String>,
    lead: String,
    lead_href: Option<String>,
    support: Vec<Named>,
    deadline: String,
    state: &'static str,
    state_label: String,
    basis: String,
    basis_href: Option<String>,
    /// The basis's status when it is neither in force nor unknown.
    basis_status: Option<String>,
}

/// The tasks of a document or an agency: assignments, and the rest.
pub(super) struct TaskSections {
    pub assigned: Vec<TaskView>,
    pub other: Vec<TaskView>,
}

/// On the page of an agency that belongs to a level (a district, a
/// department): the page of the level, where the tasks given to all its
/// members are.
#[derive(Serialize)]
pub(super) struct LevelLink {
    title: String,
    href: String,
    summary: String,
}

impl SiteView<'_> {
    /// Tasks as the `tasks.html` table shows them, with hrefs from this page.
    pub(super) fn task_views(
        &self,
        w: &Wording,
        tasks: &[usize],
        linker: &Linker,
    ) -> Vec<TaskView> {
        tasks
            .iter()
            .map(|&k| {
                let t = &self.registry.tasks[k];
                let d = &self.content.documents[t.doc];
                let agency = |a: usize| Named {
                    name: self.content.pages[a].front.title.clone(),
                    href: linker.href(&self.content.pages[a].url),
                };
                let state = DeadlineState::of(&t.deadline, self.graph.as_of);
                let provision_label = t
                    .provision
                    .as_deref()
                    .and_then(|p| self.docs[t.doc].body.anchor(p))
                    .map(|a| format!("{} {}, {}", d.kind.name(), d.number.canonical(), a.label));
                let (basis, basis_href, basis_status) = match &t.basis {
                    Some((j, anchor)) => {
                        let b = &self.content.documents[*j];
                        let label = anchor
                            .as_deref()
                            .and_then(|a| self.docs[*j].body.anchor(a))
                            .map(|a| format!("{} ", a.label))
                            .unwrap_or_default();
                        let status = self.graph.status[*j];
                        (
                            format!("{label}{} {}", b.kind.name(), b.number.canonical()),
                            Some(linker.href_anchor(&b.url, anchor.as_deref().unwrap_or(""))),
                            // Only a status that should stop the reader is shown.
                            (!matches!(status, Status::ConHieuLuc | Status::ChuaRo))
                                .then(|| w.status(status).to_string()),
                        )
                    }
                    None => (String::new(), None, None),
                };
                TaskView {
                    task: t.task.clone(),
                    kind_label: (!t.kind.is_assignment()).then(|| w.task_kind(t.kind).to_string()),
                    provision_href: t
                        .provision
                        .as_deref()
                        .map(|p| linker.href_anchor(&d.url, p)),
                    provision_label,
                    lead: agency(t.lead).name,
                    lead_href: Some(agency(t.lead).href),
                    support: t.support.iter().map(|&a| agency(a)).collect(),
                    deadline: w.deadline(&t.deadline),
                    state: state.class(),
                    state_label: w.deadline_state(state).to_string(),
                    basis,
                    basis_href,
                    basis_status,
                }
            })
            .collect()
    }

    /// `tasks` (in order) split into assignments and the rest.
    pub(super) fn task_sections(
        &self,
        w: &Wording,
        tasks: &[usize],
        linker: &Linker,
    ) -> TaskSections {
        let (assigned, other): (Vec<usize>, Vec<usize>) = tasks
            .iter()
            .partition(|&&k| self.registry.tasks[k].kind.is_assignment());
        TaskSections {
            assigned: self.task_views(w, &assigned, linker),
            other: self.task_views(w, &other, linker),
        }
    }

    /// The level page of agency page `page`, if it belongs to one.
    pub(super) fn level_link(
        &self,
        w: &Wording,
        page: usize,
        linker: &Linker,
    ) -> Option<LevelLink> {
        let &level = self.registry.level_of.get(&page)?;
        let tasks = self.registry.for_agency(level);
        let assigned = tasks
            .iter()
            .filter(|&&k| self.registry.tasks[k].kind.is_assignment())
            .count();
        let other = tasks.len() - assigned;
        let mut summary = if assigned > 0 {
            fill(
                &w.registry.level_assigned,
                &[("count", &assigned.to_string())],
            )
        } else {
            w.registry.level_none.clone()
        };
        if other > 0 {
            summary.push_str(&fill(
                &w.registry.level_other,
                &[("count", &other.to_string())],
            ));
        }
        let p = &self.content.pages[level];
        let anchor = if tasks.is_empty() { "" } else { "nhiem-vu" };
        Some(LevelLink {
            title: p.front.title.clone(),
            href: linker.href_anchor(&p.url, anchor),
            summary,
        })
    }

    /// `nhiem-vu/` (assignments by agency, then the rest) and `thoi-han/`
    /// (assignments by deadline).
    pub(super) fn registry_pages(&self, theme: &Theme) -> Vec<Result<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        let w = &theme.wording;
        let all = self.registry.by_deadline();
        let (assigned, other): (Vec<usize>, Vec<usize>) = all
            .iter()
            .partition(|&&k| self.registry.tasks[k].kind.is_assignment());
        for (url, title, intro) in [
            (
                "nhiem-vu/",
                &w.registry.by_agency,
                &w.registry.by_agency_intro,
            ),
            (
                "thoi-han/",
                &w.registry.by_deadline,
                &w.registry.by_deadline_intro,
            ),
        ] {
            let linker = Linker::new(url, self.offline);
            let mut ctx = self.base(theme, &linker, url, title, intro);
            let intro = w.intro_as_of(intro, self.graph.as_of);
            ctx.insert("intro", &intro);
            ctx.insert(
                "exports",
                &serde_json::json!({"json": linker.href("nhiem-vu/tasks.json"), "csv": linker.href("nhiem-vu/tasks.csv"), "ics": linker.href("nhiem-vu/tasks.ics"), "all": linker.href("nhiem-vu/tasks-all.json")}),
            );
            let mut groups = Vec::new();
            if url == "nhiem-vu/" {
                let mut leads: Vec<usize> = assigned
                    .iter()
                    .map(|&k| self.registry.tasks[k].lead)
                    .collect();
                leads.sort_by_key(|&a| {
                    (
                        self.content.pages[a].front.weight,
                        self.content.pages[a].front.title.clone(),
                    )
                });
                leads.dedup();
                for a in leads {
                    let tasks: Vec<usize> = assigned
                        .iter()
                        .copied()
                        .filter(|&k| self.registry.tasks[k].lead == a)
                        .collect();
                    groups.push(serde_json::json!({"title": self.content.pages[a].front.title, "href": linker.href(&self.content.pages[a].url), "tasks": self.task_views(w, &tasks, &linker)}));
                }
                ctx.insert("other_tasks", &self.task_views(w, &other, &linker));
            } else {
                for (name, pick) in [(&w.registry.dated, true), (&w.registry.standing, false)] {
                    let tasks: Vec<usize> = assigned
                        .iter()
                        .copied()
                        .filter(|&k| self.registry.tasks[k].deadline.due().is_some() == pick)
                        .collect();
                    if !tasks.is_empty() {
                        groups.push(serde_json::json!({"title": name, "href": null, "tasks": self.task_views(w, &tasks, &linker)}));
                    }
                }
                ctx.insert("other_tasks", &Vec::<()>::new());
            }
            ctx.insert("groups", &groups);
            out.push(
                render(theme, "registry.html", &ctx, url).map(|h| (format!("{url}index.html"), h)),
            );
        }
        out
    }
}
