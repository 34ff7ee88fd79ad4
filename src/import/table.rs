//! Tables in an imported text, and a plan's assignment table as `[[tasks]]`.
//!
//! In text and Markdown a table is a pipe table (`| a | b |`, the `|---|`
//! row optional) or a block of tab-separated lines (what copying a table
//! out of Word or a PDF viewer gives); the .docx and PDF readers write their
//! tables in the pipe form, so one reader serves all three formats. A table
//! is kept in the body as a Markdown table.
//!
//! An assignment table ("Phân công nhiệm vụ", "Danh mục nhiệm vụ") is one
//! whose headings name a task column (Nội dung / Nhiệm vụ) and a lead column
//! (Cơ quan chủ trì); its other columns are read when present: Cơ quan phối
//! hợp, Thời gian / Thời hạn / Tiến độ, Sản phẩm, STT. Each row becomes a
//! task only when everything it needs was read: the lead matched to an
//! agency of the hub and the deadline (if the row gives one) in a known form.
//! A row that falls short is written as a commented-out `[[tasks]]` with the
//! reason, so the editor sees it next to the tasks and nothing is guessed.

use super::agency::{Agencies, NameMatch};
use super::{escape_inline, toml_string};
use crate::legal::deadline::Deadline;
use crate::legal::number::fold;

/// A table found in the source lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// 0-based index of its first source line.
    pub start: usize,
    /// 0-based index one past its last source line.
    pub end: usize,
    /// Cells, every row as wide as the widest.
    pub rows: Vec<Vec<String>>,
    /// 0-based source line of each row.
    pub row_lines: Vec<usize>,
}

/// The tables of a text: runs of at least two pipe-table lines or of at
/// least two lines with tabs.
pub(super) fn find(lines: &[&str]) -> Vec<Table> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let pipe = |l: &str| l.starts_with('|');
        let tab = |l: &str| l.contains('\t');
        let kind: Option<fn(&str) -> bool> = if pipe(lines[i]) {
            Some(pipe)
        } else if tab(lines[i]) {
            Some(tab)
        } else {
            None
        };
        let Some(is_row) = kind else {
            i += 1;
            continue;
        };
        let end = (i..lines.len())
            .find(|&k| !is_row(lines[k]))
            .unwrap_or(lines.len());
        if end - i >= 2 {
            let mut rows = Vec::new();
            let mut row_lines = Vec::new();
            for (k, line) in lines.iter().enumerate().take(end).skip(i) {
                let cells = if pipe(lines[i]) {
                    pipe_cells(line)
                } else {
                    line.split('\t').map(|c| c.trim().to_string()).collect()
                };
                // The `|---|:---:|` row only marks the heading.
                if pipe(lines[i]) && cells.iter().all(|c| is_delimiter(c)) {
                    continue;
                }
                rows.push(cells);
                row_lines.push(k);
            }
            let width = rows.iter().map(Vec::len).max().unwrap_or(0);
            if width >= 2 && rows.len() >= 2 {
                for r in &mut rows {
                    r.resize(width, String::new());
                }
                out.push(Table {
                    start: i,
                    end,
                    rows,
                    row_lines,
                });
            }
        }
        i = end.max(i + 1);
    }
    out
}

/// The cells of `| a | b \| c |`: outer pipes dropped, `\|` and `\\` read back.
fn pipe_cells(line: &str) -> Vec<String> {
    let inner = line.trim().strip_prefix('|').unwrap_or(line.trim());
    let mut cells = vec![String::new()];
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(n @ ('|' | '\\')) => cells.last_mut().map_or((), |s| s.push(n)),
                Some(n) => {
                    if let Some(s) = cells.last_mut() {
                        s.push('\\');
                        s.push(n);
                    }
                }
                None => cells.last_mut().map_or((), |s| s.push('\\')),
            },
            '|' => cells.push(String::new()),
            c => cells.last_mut().map_or((), |s| s.push(c)),
        }
    }
    // The line's closing pipe leaves an empty last cell.
    if cells.len() > 1 && cells.last().is_some_and(|c| c.trim().is_empty()) {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

fn is_delimiter(cell: &str) -> bool {
    let c = cell.trim().trim_start_matches(':').trim_end_matches(':');
    !c.is_empty() && c.chars().all(|ch| ch == '-')
}

/// One table row of a pipe table, every cell escaped.
pub(crate) fn pipe_row(cells: &[String]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| c.replace('\\', "\\\\").replace('|', "\\|"))
        .collect();
    format!("| {} |", cells.join(" | "))
}

impl Table {
    /// The table in Markdown: the first row is the heading, text escaped.
    pub fn markdown(&self) -> String {
        let row = |cells: &[String]| {
            let cells: Vec<String> = cells
                .iter()
                .map(|c| {
                    let e = escape_inline(c);
                    if e.is_empty() {
                        " ".to_string()
                    } else {
                        e
                    }
                })
                .collect();
            format!("| {} |", cells.join(" | "))
        };
        let width = self.rows.first().map_or(0, Vec::len);
        let mut out = vec![row(&self.rows[0])];
        out.push(format!("|{}", " --- |".repeat(width)));
        out.extend(self.rows[1..].iter().map(|r| row(r)));
        out.join("\n")
    }
}

/// The roles of an assignment table's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    task: usize,
    lead: usize,
    support: Option<usize>,
    deadline: Option<usize>,
    product: Option<usize>,
    number: Option<usize>,
    /// Rows of headings (1, or 2 when "Cơ quan thực hiện" spans "Chủ trì" and "Phối hợp").
    heading_rows: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Number,
    Task,
    Lead,
    Support,
    Deadline,
    Product,
}

fn role(heading: &str) -> Option<Role> {
    let h = fold(heading);
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    if has(&["phoi hop"]) {
        Some(Role::Support)
    } else if has(&[
        "chu tri",
        "co quan thuc hien",
        "don vi thuc hien",
        "co quan, don vi thuc hien",
    ]) {
        Some(Role::Lead)
    } else if has(&["thoi gian", "thoi han", "tien do", "han hoan thanh"]) {
        Some(Role::Deadline)
    } else if has(&["san pham", "ket qua"]) {
        Some(Role::Product)
    } else if ["stt", "tt", "so tt", "so thu tu"].contains(&h.trim()) {
        Some(Role::Number)
    } else if has(&[
        "noi dung",
        "nhiem vu",
        "cong viec",
        "ten de an",
        "hoat dong",
    ]) {
        Some(Role::Task)
    } else {
        None
    }
}

fn columns(table: &Table) -> Option<Columns> {
    let width = table.rows[0].len();
    let read = |heading_rows: usize| {
        let mut cols = Columns {
            task: usize::MAX,
            lead: usize::MAX,
            support: None,
            deadline: None,
            product: None,
            number: None,
            heading_rows,
        };
        for c in 0..width {
            let heading: Vec<&str> = table.rows[..heading_rows]
                .iter()
                .map(|r| r[c].as_str())
                .collect();
            // The most specific heading wins: "Cơ quan thực hiện" over "Chủ trì".
            let found = heading.iter().rev().find_map(|h| role(h));
            match found {
                Some(Role::Task) if cols.task == usize::MAX => cols.task = c,
                Some(Role::Lead) if cols.lead == usize::MAX => cols.lead = c,
                Some(Role::Support) => cols.support = cols.support.or(Some(c)),
                Some(Role::Deadline) => cols.deadline = cols.deadline.or(Some(c)),
                Some(Role::Product) => cols.product = cols.product.or(Some(c)),
                Some(Role::Number) => cols.number = cols.number.or(Some(c)),
                _ => {}
            }
        }
        (cols.task != usize::MAX && cols.lead != usize::MAX).then_some(cols)
    };
    // A second heading row: its first cell is no row number.
    let two = table.rows.len() > 2
        && !table.rows[1][0].chars().any(|c| c.is_ascii_digit())
        && table.rows[1].iter().any(|c| role(c).is_some());
    if two {
        if let Some(cols) = read(2) {
            return Some(cols);
        }
    }
    read(1)
}

/// A task read from one row of an assignment table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTask {
    pub task: String,
    /// The lead agency's id, when the name matched one.
    pub lead: Option<String>,
    pub support: Vec<String>,
    /// `None`: the row gives no deadline, or one that could not be read (see `problems`).
    pub deadline: Option<Deadline>,
    /// Anchor of the provision the table stands in.
    pub provision: Option<String>,
    /// 1-based source line of the row.
    pub line: usize,
    /// The row's number as printed (STT), or its position.
    pub number: String,
    /// Why the row is not written as a task (Vietnamese, empty when it is).
    pub problems: Vec<String>,
    /// Remarks the task is written with (Vietnamese).
    pub remarks: Vec<String>,
}

impl ImportedTask {
    pub fn is_written(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The tasks of an assignment table, or `None` when the table is not one.
pub(super) fn tasks(
    table: &Table,
    agencies: &Agencies,
    provision: Option<&str>,
) -> Option<Vec<ImportedTask>> {
    let cols = columns(table)?;
    let mut out = Vec::new();
    for (r, row) in table.rows.iter().enumerate().skip(cols.heading_rows) {
        let task_text = row[cols.task].trim();
        let lead_text = row[cols.lead].trim();
        // A group heading ("I | Nhiệm vụ về thể chế") or an empty row.
        let filled = row.iter().filter(|c| !c.trim().is_empty()).count();
        if task_text.is_empty() || (filled <= 2 && lead_text.is_empty()) {
            continue;
        }
        let number = cols
            .number
            .map(|c| row[c].trim().to_string())
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| (r + 1 - cols.heading_rows).to_string());
        let mut t = ImportedTask {
            task: task_text.to_string(),
            lead: None,
            support: Vec::new(),
            deadline: None,
            provision: provision.map(String::from),
            line: table.row_lines[r] + 1,
            number,
            problems: Vec::new(),
            remarks: Vec::new(),
        };
        if let Some(product) = cols
            .product
            .map(|c| row[c].trim())
            .filter(|p| !p.is_empty())
        {
            let sep = if t.task.ends_with(['.', ';', ':']) {
                " "
            } else {
                ". "
            };
            t.task = format!("{}{sep}Sản phẩm: {product}.", t.task.trim_end_matches(';'));
        }
        let leads = agencies.names_in(lead_text);
        let mut lead_ids = Vec::new();
        for m in &leads {
            match m {
                NameMatch::Agency(id) => lead_ids.push(id.clone()),
                NameMatch::Unknown { name, closest } => t
                    .problems
                    .push(format!("cơ quan chủ trì {}", unknown(name, closest))),
                NameMatch::Generic(name) => t
                    .problems
                    .push(format!("cơ quan chủ trì \"{name}\" không chỉ một cơ quan")),
            }
        }
        if leads.is_empty() {
            t.problems.push("không ghi cơ quan chủ trì".into());
        }
        let mut lead_ids = lead_ids.into_iter();
        t.lead = lead_ids.next();
        // A second lead named in the same cell co-leads: recorded as support.
        let co_leads: Vec<String> = lead_ids.collect();
        if !co_leads.is_empty() {
            t.remarks.push(format!(
                "ô chủ trì nêu nhiều cơ quan; {} ghi là phối hợp",
                co_leads.join(", ")
            ));
        }
        t.support.extend(co_leads);
        if let Some(c) = cols.support {
            for m in agencies.names_in(&row[c]) {
                match m {
                    NameMatch::Agency(id) => {
                        if Some(&id) != t.lead.as_ref() && !t.support.contains(&id) {
                            t.support.push(id)
                        }
                    }
                    NameMatch::Unknown { name, closest } => t.remarks.push(format!(
                        "cơ quan phối hợp {} bị bỏ qua",
                        unknown(&name, &closest)
                    )),
                    NameMatch::Generic(_) => {}
                }
            }
        }
        if let Some(c) = cols.deadline {
            let text = row[c].trim();
            if text.is_empty() {
                t.remarks
                    .push("không ghi thời hạn: coi là thường xuyên".into());
            } else {
                t.deadline = Deadline::from_text(text);
                if t.deadline.is_none() {
                    t.problems
                        .push(format!("thời hạn \"{text}\" không đọc được"));
                }
            }
        }
        out.push(t);
    }
    Some(out)
}

fn unknown(name: &str, closest: &[String]) -> String {
    if closest.is_empty() {
        format!("\"{name}\" chưa có trong kho")
    } else {
        format!(
            "\"{name}\" chưa có trong kho (gần nhất: {})",
            closest.join(", ")
        )
    }
}

/// The `[[tasks]]` tables for the front matter; rows that cannot be tasks
/// are written commented out, with the reason above them.
pub(super) fn tasks_toml(tasks: &[ImportedTask]) -> String {
    let mut out = String::new();
    if tasks.is_empty() {
        return out;
    }
    out.push_str(
        "\n# Nhiệm vụ đọc từ bảng phân công khi nhập văn bản: kiểm tra trước khi xuất bản.\n",
    );
    for t in tasks {
        let mut lines = vec!["[[tasks]]".to_string()];
        lines.push(format!("task = {}", toml_string(&t.task)));
        lines.push(format!(
            "lead = {}",
            toml_string(t.lead.as_deref().unwrap_or("?"))
        ));
        if !t.support.is_empty() {
            let ids: Vec<String> = t.support.iter().map(|s| toml_string(s)).collect();
            lines.push(format!("support = [{}]", ids.join(", ")));
        }
        if let Some(d) = &t.deadline {
            lines.push(format!("deadline = {}", d.to_toml()));
        }
        if let Some(p) = &t.provision {
            lines.push(format!("provision = {}", toml_string(p)));
        }
        out.push('\n');
        for r in &t.remarks {
            out.push_str(&format!("# Dòng {} (STT {}): {r}.\n", t.line, t.number));
        }
        if t.is_written() {
            out.push_str(&lines.join("\n"));
            out.push('\n');
        } else {
            out.push_str(&format!(
                "# Dòng {} (STT {}) chưa ghi thành nhiệm vụ: {}.\n",
                t.line,
                t.number,
                t.problems.join("; ")
            ));
            for l in lines {
                out.push_str(&format!("# {l}\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::agency::Agency;

    fn hub() -> Agencies {
        let a = |id: &str, names: &[&str]| Agency {
            id: id.into(),
            names: names.iter().map(|s| s.to_string()).collect(),
        };
        Agencies::new(vec![
            a("so-tttt", &["Sở Thông tin và Truyền thông", "Sở TTTT"]),
            a("so-khdt", &["Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"]),
            a("cac-so-ban-nganh", &["Các sở, ban, ngành"]),
        ])
    }

    #[test]
    fn pipe_and_tab_tables_are_found_and_read_back() {
        let lines = [
            "Đoạn văn.",
            "| STT | Nội dung | Ghi chú |",
            "|---|:---:|---|",
            "| 1 | a \\| b | c\\\\d |",
            "| 2 | e |",
            "Đoạn khác.",
            "1\tTriển khai\tSở TTTT",
            "2\tBáo cáo\tSở KH&ĐT",
            "Một dòng\tlẻ",
        ];
        let tables = find(&lines);
        assert_eq!(tables.len(), 2);
        assert_eq!((tables[0].start, tables[0].end), (1, 5));
        assert_eq!(tables[0].rows[1], ["1", "a | b", "c\\d"]);
        assert_eq!(tables[0].rows[2], ["2", "e", ""]);
        assert_eq!(tables[0].row_lines, [1, 3, 4]);
        assert_eq!((tables[1].start, tables[1].end), (6, 9));
        assert_eq!(tables[1].rows[2], ["Một dòng", "lẻ", ""]);
        assert_eq!(
            tables[0].markdown(),
            "| STT | Nội dung | Ghi chú |\n| --- | --- | --- |\n| 1 | a \\| b | c\\\\d |\n| 2 | e |   |"
        );
        assert_eq!(
            pipe_cells(&pipe_row(&["a|b".into(), "c\\".into()])),
            ["a|b", "c\\"]
        );
        // Lone lines are not tables.
        assert!(find(&["| một dòng |", "văn bản"]).is_empty());
    }

    #[test]
    fn assignment_rows_become_tasks_or_say_why_not() {
        let lines = [
            "STT\tNội dung nhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tSản phẩm",
            "I\tNhóm nhiệm vụ về tổ chức\t\t\t\t",
            "1\tKiện toàn Ban Chỉ đạo\tSở TTTT\tCác sở, ban, ngành; Sở Nội vụ\tQuý II/2024\tQuyết định",
            "2\tBảo đảm kinh phí\tSở Tài chính\tSở KH&ĐT\tHằng năm\t",
            "3\tBáo cáo\tSở KH&ĐT\t\tTheo tiến độ\t",
            "4\tTổng hợp\tSở Thông tin và Truyền thông, Sở KH&ĐT\t\t\t",
        ];
        let table = &find(&lines)[0];
        let tasks = tasks(table, &hub(), Some("phan-iii-2")).unwrap();
        assert_eq!(tasks.len(), 4, "the group heading is no task");
        let t = &tasks[0];
        assert_eq!(t.task, "Kiện toàn Ban Chỉ đạo. Sản phẩm: Quyết định.");
        assert_eq!(t.lead.as_deref(), Some("so-tttt"));
        assert_eq!(t.support, ["cac-so-ban-nganh"]);
        assert_eq!(
            t.deadline,
            Some(Deadline::Quarter {
                year: 2024,
                quarter: 2
            })
        );
        assert_eq!(t.provision.as_deref(), Some("phan-iii-2"));
        assert_eq!((t.line, t.number.as_str()), (3, "1"));
        assert!(t.is_written());
        assert!(t.remarks[0].contains("\"Sở Nội vụ\""), "{:?}", t.remarks);
        assert!(!tasks[1].is_written());
        assert!(tasks[1].problems[0].contains("\"Sở Tài chính\" chưa có trong kho"));
        assert!(tasks[2].problems[0].contains("\"Theo tiến độ\" không đọc được"));
        assert_eq!(tasks[3].lead.as_deref(), Some("so-tttt"));
        assert_eq!(tasks[3].support, ["so-khdt"]);
        assert_eq!(tasks[3].deadline, None);

        let toml_text = tasks_toml(&tasks);
        let parsed: toml::Table = toml::from_str(&toml_text).unwrap();
        let written = parsed["tasks"].as_array().unwrap();
        assert_eq!(written.len(), 2, "{toml_text}");
        assert_eq!(written[0]["deadline"].as_str(), Some("Quý II/2024"));
        assert!(toml_text.contains(
            "# Dòng 4 (STT 2) chưa ghi thành nhiệm vụ: cơ quan chủ trì \"Sở Tài chính\""
        ));
        assert!(toml_text.contains("# lead = \"?\""));
    }

    #[test]
    fn two_heading_rows_and_tables_without_roles() {
        let lines = [
            "| TT | Nhiệm vụ | Cơ quan thực hiện | | Thời hạn |",
            "| | | Chủ trì | Phối hợp | |",
            "| 1 | Rà soát | Sở TTTT | Sở KH&ĐT | 2025 |",
        ];
        let table = &find(&lines)[0];
        let tasks = tasks(table, &hub(), None).unwrap();
        assert_eq!(tasks.len(), 1);
        assert_eq!(tasks[0].lead.as_deref(), Some("so-tttt"));
        assert_eq!(tasks[0].support, ["so-khdt"]);
        assert_eq!(tasks[0].deadline, Some(Deadline::Year(2025)));
        let other = &find(&["| Chỉ tiêu | 2024 |", "| Tỷ lệ | 80% |"])[0];
        assert_eq!(super::tasks(other, &hub(), None), None);
    }
}
