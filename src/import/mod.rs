//! `vanban import`: turn the plain text of a Vietnamese legal document into a
//! content file (TOML front matter + Markdown body, see `docs/conventions.md`).
//!
//! Why a pure library module: the CLI only reads a file and writes the result;
//! everything that can go wrong with real texts (NFD input, broken line wraps,
//! odd heading forms, missing header fields) is decided here, where it can be
//! tested against the corpus without touching the file system.
//!
//! Principles:
//! * **Never guess.** A field that cannot be read from the text is left `None`
//!   and named in [`ImportReport::missing`]. Repairs are only made when the text
//!   itself confirms them (e.g. a clause number without its dot is accepted only
//!   when it is the next number in sequence), and every repair is listed in
//!   [`ImportReport::irregular`] with its source line.
//! * **Count what the source has.** Every `Điều N.` unit of the source becomes
//!   exactly one `#### Điều N.` heading, in source order. Gaps and duplicates in
//!   the numbering are reported, never "fixed".
//! * **Nothing in the text may turn into Markdown or HTML by accident**: text is
//!   escaped, structure is written in the exact forms the renderer recognises.
//!
//! The work is split in two: [`header`] reads the front matter (issuer, number,
//! date, kind, title, signer, dates from the closing formulas) and
//! [`structure`] turns the body lines into units (parts, chapters, sections,
//! articles, clauses, points, paragraphs); a body without articles is read as
//! a plan by [`plan`] (I./1./a)). Tables ([`table`]) are kept as Markdown
//! tables, and a plan's assignment table becomes `[[tasks]]`, its agencies
//! matched against the hub's ([`agency`]). Word and PDF files are first read
//! into the same plain text by [`docx`] and [`pdf`].

pub mod agency;
pub mod docx;
pub mod files;
mod header;
pub mod pdf;
mod plan;
mod structure;
mod table;
#[cfg(test)]
mod tests;

use crate::date::Date;
use crate::legal::provision;
use std::fmt;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// Options for [`import_text`].
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// Kind override: a Vietnamese kind name ("Nghị định") or its slug
    /// ("nghi-dinh"). When set it wins over the kind read from the text.
    pub kind: Option<String>,
    /// The hub's agencies, for the lead and supporting agencies of an
    /// assignment table (none: every row is left for the editor).
    pub agencies: agency::Agencies,
}

pub use table::ImportedTask;

/// The front-matter fields read from the text. Every field is optional: a
/// field that could not be read is `None` and named in the report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedFront {
    /// Số hiệu as printed, e.g. `86/2015/QH13`.
    pub number: Option<String>,
    /// Kind name + title, e.g. `Luật An toàn thông tin mạng`.
    pub title: Option<String>,
    /// Vietnamese kind name: `Luật`, `Bộ luật`, `Nghị định`…
    pub kind: Option<String>,
    /// Cơ quan ban hành, sentence-cased: `Quốc hội`.
    pub issuer: Option<String>,
    /// Người ký.
    pub signer: Option<String>,
    /// Place of issue from the date line (`Hà Nội`). Not written to the
    /// content file (the conventions have no field for it).
    pub place: Option<String>,
    /// Ngày ban hành.
    pub issued: Option<Date>,
    /// Ngày hiệu lực (from "… có hiệu lực thi hành từ ngày …").
    pub effective: Option<Date>,
}

/// What was irregular in the source and how it was handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IrregularKind {
    /// A look-alike character was replaced (`Ð` U+00D0 → `Đ`, Cyrillic `р` → `p`).
    Homoglyph,
    /// An article heading in another form than `Điều N. Title` (no space,
    /// `:` or no separator, bare `Điều N`, typo `Điền N.`); counted as an article.
    ArticleHeadingForm,
    /// A line that starts like an article (`Điều 11 của Luật này.`) but is a
    /// cross-reference, a table cell or a wrapped line; not counted.
    NotAnArticle,
    /// Amending text quoted as `“Điều N. …`; kept as a paragraph, not counted.
    QuotedArticle,
    /// `Điều N.` alone, its title on the next line; joined.
    ArticleTitleNextLine,
    /// A `Phần`/`Chương`/`Mục`/`Tiểu mục` line without a title.
    HeadingTitleMissing,
    /// A heading title continued on the next line(s); joined.
    HeadingTitleSplit,
    /// A heading number repaired because the sequence confirms it (`Chương l` → `Chương I`).
    HeadingNumberRepaired,
    /// A table of contents (heading lines with nothing between them); kept as paragraphs.
    TableOfContents,
    /// An upper-case title line with no `Chương`/`Mục` line before it; kept as a paragraph.
    OrphanTitle,
    /// A clause in another form than `1. text` (`1- `, `1.Text`, `2..`, `2 .`,
    /// number alone on its line, missing dot); written as `1\. text`.
    ClauseForm,
    /// A point in another form than `a) text` (`a. text`, `e)Text`); written as `a) text`.
    PointForm,
    /// A wrapped line (starting in lower case, or a number continuing a
    /// sentence) joined to the unit before it.
    LineJoined,
    /// The signature block (title, name, "(Đã ký)") or recipient list, left
    /// out of the body; the signer goes to the front matter.
    SignatureBlock,
}

impl fmt::Display for IrregularKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            IrregularKind::Homoglyph => "look-alike character replaced",
            IrregularKind::ArticleHeadingForm => "article heading in an irregular form",
            IrregularKind::NotAnArticle => "starts like an article but is not one",
            IrregularKind::QuotedArticle => "quoted article (amending text)",
            IrregularKind::ArticleTitleNextLine => "article title on the next line",
            IrregularKind::HeadingTitleMissing => "heading without a title",
            IrregularKind::HeadingTitleSplit => "heading title split over lines",
            IrregularKind::HeadingNumberRepaired => "heading number repaired",
            IrregularKind::TableOfContents => "table of contents",
            IrregularKind::OrphanTitle => "title line without its heading",
            IrregularKind::ClauseForm => "clause in an irregular form",
            IrregularKind::PointForm => "point in an irregular form",
            IrregularKind::LineJoined => "wrapped line joined",
            IrregularKind::SignatureBlock => "signature block left out of the body",
        };
        f.write_str(s)
    }
}

/// One irregular source line and what was done with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Irregularity {
    /// 1-based line in the (NFC) source.
    pub line: usize,
    pub kind: IrregularKind,
    /// Short explanation, quoting the source where useful.
    pub detail: String,
}

/// A jump in the article numbering of the source (`after` → `next`, where
/// `next` is not `after + 1`; a smaller `next` means the numbering went back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleGap {
    pub after: String,
    pub next: String,
    /// Line of the `next` article.
    pub line: usize,
}

/// An article number that occurs more than once in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleDuplicate {
    pub number: String,
    /// Every line where it occurs, in order.
    pub lines: Vec<usize>,
}

/// Where each article of the body came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleSource {
    /// `5`, `5a`.
    pub number: String,
    /// 1-based source line of its heading.
    pub line: usize,
}

/// Everything the importer wants a person to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// Names of front-matter fields that could not be read (`"number"`, `"signer"`…).
    pub missing: Vec<&'static str>,
    /// Jumps in the source's article numbering.
    pub gaps: Vec<ArticleGap>,
    /// Article numbers used more than once in the source.
    pub duplicates: Vec<ArticleDuplicate>,
    /// Irregular lines and how they were handled, in source order.
    pub irregular: Vec<Irregularity>,
    /// Document-level remarks (NFD input, where a field came from…).
    pub notes: Vec<String>,
    /// Every article heading written to the body, in order, with its source line.
    pub articles: Vec<ArticleSource>,
    /// Units per level as recognised (`("chương", 4)`, `("mục I.", 3)`), none left out.
    pub units: Vec<(&'static str, usize)>,
    /// Tables kept in the body.
    pub tables: Vec<TableSummary>,
}

/// A table of the source, as kept in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSummary {
    /// 1-based source line of its first row.
    pub line: usize,
    pub rows: usize,
    pub columns: usize,
    /// Rows read as tasks (`None`: not an assignment table).
    pub tasks: Option<usize>,
    /// Of those, the ones written as `[[tasks]]`.
    pub written: usize,
}

/// The result of importing one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    pub front: ImportedFront,
    /// Markdown body per `docs/conventions.md`.
    pub body: String,
    pub report: ImportReport,
    /// Number of `Điều N.` units found in the source (= `#### Điều` headings in `body`).
    pub article_count: usize,
    /// Rows of assignment tables, written as `[[tasks]]` (or commented out
    /// with the reason when a row falls short).
    pub tasks: Vec<ImportedTask>,
}

/// Why an import gave up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ImportError {
    /// 1-based line where the importer gave up.
    pub line: usize,
    /// Plain message (Vietnamese, with an English gloss).
    pub message: String,
}

/// Whether a file is plain text (not a PDF, a Word file or a zip), by its
/// first bytes and its name.
pub fn is_text(bytes: &[u8], name: &str) -> bool {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    !(bytes.starts_with(b"%PDF-")
        || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        || bytes.starts_with(b"PK\x03\x04")
        || matches!(ext.as_str(), "pdf" | "doc" | "docx"))
}

/// Import one document from a file's bytes: a Word document (.docx), a PDF
/// with a text layer, or plain text / Markdown (anything else). `name` is
/// the file's name (its extension decides when the bytes do not).
///
/// Errors of the Word and PDF readers have line 0 (no line of the source to
/// point at); so do errors in the text read from them.
pub fn import_bytes(
    bytes: &[u8],
    name: &str,
    opts: &ImportOptions,
) -> Result<Imported, ImportError> {
    let ext = std::path::Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let whole_file = |message: String| ImportError { line: 0, message };
    let (text, notes) = if bytes.starts_with(b"%PDF-") || ext == "pdf" {
        let read = pdf::read(bytes).map_err(|e| whole_file(e.to_string()))?;
        (read.text, read.notes)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) || ext == "doc" {
        return Err(whole_file(
            "tệp Word 97–2003 (.doc) chưa đọc được; mở bằng Word hoặc LibreOffice, \
             lưu thành .docx rồi nhập lại"
                .into(),
        ));
    } else if bytes.starts_with(b"PK\x03\x04") || ext == "docx" {
        let read = docx::read(bytes).map_err(|e| whole_file(e.to_string()))?;
        (read.text, read.notes)
    } else {
        return import_text(&String::from_utf8_lossy(bytes), opts);
    };
    let mut imported = import_text(&text, opts).map_err(|e| whole_file(e.message))?;
    imported.report.notes.splice(0..0, notes);
    Ok(imported)
}

/// Import one document from its plain text.
///
/// Fails only when the text is not a legal document at all: no `Điều` unit
/// and no plan structure (`I.` sections, or `1.` items in a plan's kind), or
/// no header field of any kind. Everything else is imported and reported.
pub fn import_text(text: &str, opts: &ImportOptions) -> Result<Imported, ImportError> {
    let norm = normalize(text);
    let lines: Vec<&str> = norm.text.split('\n').map(str::trim).collect();
    let last_line = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(1, |i| i + 1);
    if lines.iter().all(|l| l.is_empty()) {
        return Err(ImportError {
            line: 1,
            message: "văn bản rỗng (empty text)".into(),
        });
    }

    let mut report = ImportReport::default();
    if norm.was_not_nfc {
        report
            .notes
            .push("văn bản nguồn không ở dạng NFC (ví dụ NFD); đã chuẩn hóa về NFC".into());
    }
    for &line in &norm.homoglyph_lines {
        report.irregular.push(Irregularity {
            line,
            kind: IrregularKind::Homoglyph,
            detail: "'Ð' (U+00D0, Icelandic eth) replaced by 'Đ' (U+0110)".into(),
        });
    }

    // Tables are read whole, left out of the line-by-line reading and put
    // back where they stood.
    let tables = table::find(&lines);

    // Header: fields and where the body starts.
    let head = header::parse_header(&lines);
    report.notes.extend(head.notes.iter().cloned());

    // Signature block: after the last line that starts like an article.
    let last_article_like = lines
        .iter()
        .rposition(|l| structure::starts_like_article(l))
        .unwrap_or(head.body_start);
    let sig = header::find_signature(&lines, last_article_like.max(head.body_start));
    let mut dropped = vec![false; lines.len()];
    for t in &tables {
        dropped[t.start..t.end].fill(true);
    }
    if let Some(sig) = &sig {
        for &i in &sig.dropped {
            if let Some(d) = dropped.get_mut(i) {
                *d = true;
            }
        }
        if let Some(&last) = sig.dropped.iter().max() {
            if let Some(after) = (last + 1..lines.len()).find(|&k| !lines[k].is_empty()) {
                report.notes.push(format!(
                    "phần sau chữ ký (phụ lục, từ dòng {}) giữ trong thân văn bản, sau điều cuối",
                    after + 1
                ));
            }
        }
        if let Some(&first) = sig.dropped.iter().min() {
            report.irregular.push(Irregularity {
                line: first + 1,
                kind: IrregularKind::SignatureBlock,
                detail: format!(
                    "{} line(s) left out of the body{}",
                    sig.dropped.len(),
                    sig.signer
                        .as_deref()
                        .map(|s| format!("; signer: {s}"))
                        .unwrap_or_default()
                ),
            });
        }
    }

    // Body: articles, else the sections of a plan.
    let body = structure::parse_body(&lines, head.body_start, &dropped);
    let plan = if body.articles.is_empty() {
        let plan = plan::parse(&lines, head.body_start, &dropped);
        let kind = opts.kind.as_deref().or(head.kind.as_deref()).map(|k| {
            header::kind_from_slug(k.trim())
                .unwrap_or(k.trim())
                .to_string()
        });
        let plan_kind = kind.is_some_and(|k| plan::PLAN_KINDS.contains(&k.as_str()));
        if plan.count(plan::Level::Roman) == 0
            && !(plan_kind && plan.count(plan::Level::Arabic) > 0)
        {
            return Err(ImportError {
                line: last_line,
                message: "không tìm thấy \"Điều\" nào, cũng không có mục I., 1. của kế hoạch \
                          (no article \"Điều N.\" and no plan sections found)"
                    .into(),
            });
        }
        report.irregular.extend(plan.irregular.iter().cloned());
        Some(plan)
    } else {
        report.irregular.extend(body.irregular.iter().cloned());
        report.notes.extend(body.notes.iter().cloned());
        None
    };

    let mut front = ImportedFront {
        number: head.number.clone(),
        title: head.title.clone(),
        kind: head.kind.clone(),
        issuer: head.issuer.clone(),
        signer: sig.as_ref().and_then(|s| s.signer.clone()),
        place: head.place.clone(),
        issued: head.issued,
        effective: None,
    };

    // Effective date from the text of the units.
    match structure::effective_date(&body.units) {
        structure::Effective::Found(d, line) => {
            front.effective = Some(d);
            report
                .notes
                .push(format!("ngày hiệu lực đọc từ dòng {line}"));
        }
        structure::Effective::Unreadable(line, text) => report.notes.push(format!(
            "dòng {line}: có câu về hiệu lực nhưng không đọc được ngày: \"{text}\""
        )),
        structure::Effective::Absent => {}
    }

    // Closing formula ("Luật này đã được Quốc hội … thông qua ngày …"): a
    // second, explicit source for kind, issuer and date.
    if let Some(close) = header::closing_formula(&lines) {
        if front.kind.is_none() {
            if let Some(k) = &close.kind {
                front.kind = Some(k.clone());
                report.notes.push(format!(
                    "loại văn bản đọc từ câu thông qua (dòng {})",
                    close.line
                ));
            }
        }
        if front.issuer.is_none() {
            if let Some(i) = &close.issuer {
                front.issuer = Some(i.clone());
                report.notes.push(format!(
                    "cơ quan ban hành đọc từ câu thông qua (dòng {})",
                    close.line
                ));
            }
        }
        match (front.issued, close.date) {
            (None, Some(d)) => {
                front.issued = Some(d);
                report.notes.push(format!(
                    "ngày ban hành đọc từ ngày thông qua (dòng {}); đầu văn bản không có ngày",
                    close.line
                ));
            }
            (Some(h), Some(d)) if h != d => report.notes.push(format!(
                "ngày ở đầu văn bản {h} khác ngày thông qua {d} (dòng {}); giữ ngày ở đầu văn bản",
                close.line
            )),
            _ => {}
        }
    }

    if front.number.is_none()
        && front.title.is_none()
        && front.kind.is_none()
        && front.issuer.is_none()
        && front.issued.is_none()
    {
        return Err(ImportError {
            line: 1,
            message: "không nhận ra phần đầu văn bản (no recognisable header: \
                      no number, kind, title, issuer or date)"
                .into(),
        });
    }

    // Kind override (after the header check: an override alone is not a header;
    // the title keeps the kind word printed in the text).
    if let Some(k) = opts
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        let name = header::kind_from_slug(k).unwrap_or(k).to_string();
        if front.kind.as_deref().is_some_and(|found| found != name) {
            report.notes.push(format!(
                "loại \"{}\" đọc từ văn bản, thay bằng \"{name}\" theo --kind",
                front.kind.as_deref().unwrap_or_default()
            ));
        }
        front.kind = Some(name);
    }

    // Numbering check.
    check_numbering(&body.articles, &mut report);
    report.articles = body.articles.clone();

    let fields: [(&'static str, bool); 8] = [
        ("number", front.number.is_some()),
        ("title", front.title.is_some()),
        ("kind", front.kind.is_some()),
        ("issuer", front.issuer.is_some()),
        ("signer", front.signer.is_some()),
        ("place", front.place.is_some()),
        ("issued", front.issued.is_some()),
        ("effective", front.effective.is_some()),
    ];
    report.missing = fields
        .iter()
        .filter(|(_, present)| !present)
        .map(|(name, _)| *name)
        .collect();
    report.irregular.sort_by_key(|i| i.line);

    let article_count = body.articles.len();
    let (markdown, anchors) = match &plan {
        None => structure_with_tables(&body, &tables),
        Some(p) => plan_with_tables(p, &tables),
    };
    report.units = match &plan {
        None => unit_counts(&body.units),
        Some(p) => vec![
            ("mục I.", p.count(plan::Level::Roman)),
            ("mục 1.", p.count(plan::Level::Arabic)),
            ("điểm a)", p.count(plan::Level::Letter)),
        ],
    };
    report.units.retain(|&(_, n)| n > 0);
    let mut tasks = Vec::new();
    for (t, anchor) in tables.iter().zip(&anchors) {
        let found = table::tasks(t, &opts.agencies, anchor.as_deref());
        report.tables.push(TableSummary {
            line: t.start + 1,
            rows: t.rows.len(),
            columns: t.rows.first().map_or(0, Vec::len),
            tasks: found.as_ref().map(Vec::len),
            written: found
                .as_ref()
                .map_or(0, |f| f.iter().filter(|k| k.is_written()).count()),
        });
        tasks.extend(found.unwrap_or_default());
    }
    Ok(Imported {
        front,
        body: markdown,
        report,
        article_count,
        tasks,
    })
}

/// A law's body with its tables put back before the first unit after them;
/// and for each table the provision it stands in (`dieu-5`, `dieu-5-khoan-2`).
fn structure_with_tables(
    body: &structure::Body,
    tables: &[table::Table],
) -> (String, Vec<Option<String>>) {
    let mut parts = Vec::new();
    let mut anchors = Vec::new();
    let mut from = 0;
    for t in tables {
        // Units carry 1-based lines: those before the table's first line.
        let to = body.units.partition_point(|u| u.line <= t.start);
        if to > from {
            parts.push(
                structure::render(&body.units[from..to])
                    .trim_end()
                    .to_string(),
            );
        }
        parts.push(t.markdown());
        anchors.push(law_anchor(&body.units[..to]));
        from = to;
    }
    if from < body.units.len() || parts.is_empty() {
        parts.push(
            structure::render(&body.units[from..])
                .trim_end()
                .to_string(),
        );
    }
    (format!("{}\n", parts.join("\n\n")), anchors)
}

/// Units per level of a law's body.
fn unit_counts(units: &[structure::Unit]) -> Vec<(&'static str, usize)> {
    use structure::UnitKind as K;
    let count = |k: K| units.iter().filter(|u| u.kind == k).count();
    vec![
        ("phần", count(K::Part)),
        ("chương", count(K::Chapter)),
        ("mục", count(K::Section)),
        ("tiểu mục", count(K::Subsection)),
        ("điều", count(K::Article)),
        ("khoản", count(K::Clause)),
        ("điểm", count(K::Point)),
    ]
}

/// The id of the article (and clause) the last of `units` is in.
fn law_anchor(units: &[structure::Unit]) -> Option<String> {
    use structure::UnitKind as K;
    let article = units.iter().rposition(|u| u.kind == K::Article)?;
    let clause = units[article..].iter().rposition(|u| u.kind == K::Clause);
    let clause = clause.map(|c| units[article + c].number.as_str());
    Some(provision::anchor(&units[article].number, clause, None))
}

/// A plan's body with its tables put back where they stood; and for each
/// table the section, item or point it stands in (`phan-ii-3`).
fn plan_with_tables(p: &plan::Body, tables: &[table::Table]) -> (String, Vec<Option<String>>) {
    let mut parts: Vec<(usize, String)> =
        p.units.iter().map(|u| (u.line, plan::render(u))).collect();
    let mut anchors = Vec::new();
    for t in tables {
        parts.push((t.start, t.markdown()));
        anchors.push(p.anchor_before(t.start));
    }
    parts.sort_by_key(|(line, _)| *line);
    let text: Vec<String> = parts.into_iter().map(|(_, s)| s).collect();
    (format!("{}\n", text.join("\n\n")), anchors)
}

impl Imported {
    /// The content file: `+++`, TOML front matter, `+++`, a blank line, the body.
    ///
    /// Missing fields are left out; dates are TOML local dates; `summary = false`
    /// because the body is the official text. `place` is not written (the
    /// conventions have no field for it).
    pub fn to_content_file(&self) -> String {
        let f = &self.front;
        let mut toml = Vec::new();
        let strings = [
            ("number", &f.number),
            ("title", &f.title),
            ("kind", &f.kind),
            ("issuer", &f.issuer),
            ("signer", &f.signer),
        ];
        for (key, value) in strings {
            if let Some(v) = value {
                toml.push(format!("{key} = {}", toml_string(v)));
            }
        }
        for (key, value) in [("issued", f.issued), ("effective", f.effective)] {
            if let Some(d) = value {
                toml.push(format!("{key} = {}", d.iso()));
            }
        }
        toml.push("summary = false".into());
        format!(
            "+++\n{}\n{}+++\n\n{}",
            toml.join("\n"),
            table::tasks_toml(&self.tasks),
            self.body
        )
    }
}

/// A TOML basic string.
pub(crate) fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text after normalisation, and what normalisation changed.
struct Normalized {
    text: String,
    was_not_nfc: bool,
    /// 1-based lines where `Ð`/`ð` were replaced.
    homoglyph_lines: Vec<usize>,
}

/// NFC, `\r\n` → `\n`, BOM and `Ð`/`ð` (eth, never Vietnamese) → `Đ`/`đ`.
fn normalize(text: &str) -> Normalized {
    let was_not_nfc = !is_nfc(text);
    let mut nfc: String = if was_not_nfc {
        text.nfc().collect()
    } else {
        text.to_string()
    };
    // Each step copies the text only when it has something to change: a
    // text is tens of megabytes at most, but copied five times it showed.
    let bom = nfc.len() - nfc.trim_start_matches('\u{feff}').len();
    nfc.drain(..bom);
    if nfc.contains('\r') {
        nfc = nfc.replace("\r\n", "\n").replace('\r', "\n");
    }
    let mut homoglyph_lines = Vec::new();
    if !nfc.contains(['\u{d0}', '\u{f0}']) {
        return Normalized {
            text: nfc,
            was_not_nfc,
            homoglyph_lines,
        };
    }
    let mut out = String::with_capacity(nfc.len());
    for (i, line) in nfc.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.contains(['\u{d0}', '\u{f0}']) {
            homoglyph_lines.push(i + 1);
            out.push_str(
                &line
                    .replace('\u{d0}', "\u{110}")
                    .replace('\u{f0}', "\u{111}"),
            );
        } else {
            out.push_str(line);
        }
    }
    Normalized {
        text: out,
        was_not_nfc,
        homoglyph_lines,
    }
}

/// Article number split for ordering: `12a` → (12, Some('a')).
fn split_number(n: &str) -> (u32, Option<char>) {
    let digits: String = n.chars().take_while(|c| c.is_ascii_digit()).collect();
    let suffix = n.chars().find(|c| !c.is_ascii_digit());
    (digits.parse().unwrap_or(0), suffix)
}

/// Gaps (and backward jumps) and duplicates in the article numbering.
///
/// Numbers are looked up in a hash map, not by scanning the ones seen: a
/// scan made the import quadratic in the number of articles (a text of
/// 200,000 articles took minutes).
fn check_numbering(articles: &[ArticleSource], report: &mut ImportReport) {
    // Each number's lines, in order of first occurrence.
    let mut seen: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut slot_of: rustc_hash::FxHashMap<&str, usize> = Default::default();
    let mut prev: Option<&ArticleSource> = None;
    for a in articles {
        match slot_of.get(a.number.as_str()) {
            Some(&slot) => seen[slot].1.push(a.line),
            None => {
                slot_of.insert(&a.number, seen.len());
                seen.push((&a.number, vec![a.line]));
            }
        }
        let (n, suffix) = split_number(&a.number);
        let ok = match prev {
            None => n == 1 && suffix.is_none(),
            Some(p) => {
                let (pn, _) = split_number(&p.number);
                // "5" → "5a" and "5a" → "6" are in sequence; so is "5" → "6".
                (suffix.is_some() && n == pn) || (suffix.is_none() && n == pn + 1)
            }
        };
        if !ok && prev.is_none_or(|p| p.number != a.number) {
            report.gaps.push(ArticleGap {
                after: prev
                    .map(|p| p.number.clone())
                    .unwrap_or_else(|| "(start)".into()),
                next: a.number.clone(),
                line: a.line,
            });
        }
        prev = Some(a);
    }
    report.duplicates = seen
        .into_iter()
        .filter(|(_, lines)| lines.len() > 1)
        .map(|(number, lines)| ArticleDuplicate {
            number: number.to_string(),
            lines,
        })
        .collect();
}

/// Escape text so that nothing in it is read as Markdown or HTML, wherever
/// it stands in a line: `\ ` * _ [ ] < > & | ~ #`.
pub(crate) fn escape_inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

/// [`escape_inline`], appended to `out`.
pub(crate) fn push_escaped(out: &mut String, s: &str) {
    let mut from = 0;
    for (i, b) in s.bytes().enumerate() {
        if matches!(
            b,
            b'\\' | b'`' | b'*' | b'_' | b'[' | b']' | b'<' | b'>' | b'&' | b'|' | b'~' | b'#'
        ) {
            out.push_str(&s[from..i]);
            out.push('\\');
            from = i;
        }
    }
    out.push_str(&s[from..]);
}

static LEADING_NUMBER_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+)([.)])").expect("valid regex"));

/// Escape a whole paragraph line: [`escape_inline`] plus the line starts that
/// open a block (`-`, `+`, `=`, `1.`, `1)` …; the others are already escaped).
pub(crate) fn escape_line(s: &str) -> String {
    let esc = escape_inline(s);
    if let Some(c) = LEADING_NUMBER_MARK.captures(&esc) {
        let n = &c[1];
        return format!("{n}\\{}", &esc[n.len()..]);
    }
    if esc.starts_with(['-', '+', '=']) {
        return format!("\\{esc}");
    }
    esc
}

/// Upper-case letters only (at least one letter, no lower-case letter).
pub(crate) fn is_upper_line(s: &str) -> bool {
    s.chars().any(char::is_alphabetic) && !s.chars().any(char::is_lowercase)
}

impl Imported {
    /// The file name the import is written under: the number's slug, else the
    /// source's own name.
    pub fn file_name(&self, fallback: &str) -> String {
        let stem = self
            .front
            .number
            .as_deref()
            .map(crate::text::slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| crate::text::slugify(fallback));
        format!("{stem}.md")
    }

    /// The report in plain Vietnamese lines, for the terminal.
    pub fn report_lines(&self) -> Vec<String> {
        let r = &self.report;
        let mut lines = Vec::new();
        if self.article_count > 0 {
            lines.push(format!("{} điều", self.article_count));
        }
        let units: Vec<String> = r
            .units
            .iter()
            .map(|(name, n)| format!("{n} {name}"))
            .collect();
        if !units.is_empty() {
            lines.push(format!("cấu trúc: {}", units.join(", ")));
        }
        let f = &self.front;
        let mut head = Vec::new();
        head.extend(f.number.as_ref().map(|n| format!("số {n}")));
        head.extend(f.kind.clone());
        head.extend(f.issuer.clone());
        head.extend(f.place.clone());
        head.extend(f.issued.map(|d| format!("ban hành {d}")));
        head.extend(f.effective.map(|d| format!("hiệu lực {d}")));
        head.extend(f.signer.as_ref().map(|s| format!("ký: {s}")));
        if !head.is_empty() {
            lines.push(format!("đầu văn bản: {}", head.join("; ")));
        }
        for t in &r.tables {
            let shape = format!(
                "bảng ở dòng {}: {} hàng × {} cột",
                t.line, t.rows, t.columns
            );
            lines.push(match t.tasks {
                None => shape,
                Some(n) => format!(
                    "{shape}; bảng phân công: {n} hàng nhiệm vụ, {} ghi thành [[tasks]]",
                    t.written
                ),
            });
        }
        for t in &self.tasks {
            for remark in &t.remarks {
                lines.push(format!("dòng {} (STT {}): {remark}", t.line, t.number));
            }
            if !t.is_written() {
                lines.push(format!(
                    "dòng {} (STT {}) chưa ghi thành nhiệm vụ: {}",
                    t.line,
                    t.number,
                    t.problems.join("; ")
                ));
            }
        }
        if !r.missing.is_empty() {
            lines.push(format!(
                "chưa đọc được (để trống): {}",
                r.missing.join(", ")
            ));
        }
        for g in &r.gaps {
            lines.push(format!(
                "dòng {}: số điều nhảy từ {} sang {}",
                g.line, g.after, g.next
            ));
        }
        for d in &r.duplicates {
            lines.push(format!(
                "Điều {} lặp lại ở các dòng {:?}",
                d.number, d.lines
            ));
        }
        if !r.irregular.is_empty() {
            lines.push(format!("{} dòng bất thường đã xử lý", r.irregular.len()));
        }
        lines.extend(r.notes.iter().cloned());
        lines
    }
}
