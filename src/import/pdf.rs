//! PDF files with a text layer as the plain text the importer reads.
//!
//! Why `pdf-extract` (over `lopdf` alone): reading text out of a PDF means
//! decoding its fonts (Type0/Identity-H with ToUnicode maps, CFF and Type1
//! encodings: what LibreOffice, Word and the gazette's tools embed) and
//! following the text and graphics state to know where each glyph stands.
//! `lopdf` parses the file but leaves all of that to its user;
//! `pdf-extract` (maintained, built on `lopdf`) does it and hands every glyph
//! to an [`OutputDev`] with its position, size and advance, and every
//! stroked or filled path — which is what layout needs. Its own text output
//! is not used: it knows no columns, tables, page furniture or paragraphs.
//!
//! What is done with the glyphs, page by page:
//! * **reading order**: glyphs make runs on a baseline; runs far apart on one
//!   baseline are separate segments. Lines of two segments (the header block:
//!   issuer | motto, number | place and date; the signature block) are read
//!   column by column, as the plain-text copies have them; lines of three or
//!   more segments are rows of a borderless table (written tab-separated).
//! * **tables** with ruled borders (the strokes the page draws) are read cell
//!   by cell and written as pipe tables; a table going on over a page break
//!   is one table, a row split by the break one row.
//! * **page furniture**: a first or last line with words that repeats on
//!   most pages (digits aside) is a running header or footer; a lone page
//!   number ("3", "- 3 -", "Trang 3", "3/12") at the top or bottom is
//!   dropped when the numbers run with the pages (a lone "10" ending a
//!   page of a rates table is content).
//! * **paragraphs**: a line continues on the next when the next one's first
//!   word would not have fitted after it (the measure is what most lines
//!   reach), unless the next is indented, further down than the line spacing
//!   (read from the lines that fill the measure), or opens a unit after a
//!   finished sentence; centred titles wrap the same way; a word broken after
//!   its hyphen is joined back without a space. Text is returned in NFC.
//!
//! These rules were checked on PDFs that LibreOffice writes from the corpus
//! laws (`tests/suite/import_formats.rs`: the same text as the plain-text import);
//! PDFs from other tools may place glyphs differently, and the report says
//! how many lines were dropped as page furniture so an editor can check.
//!
//! A PDF whose pages hold no text (a scan) is an error that says so: there is
//! no OCR here.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use crate::legal::provision::Kind;
use pdf_extract::{ColorSpace, MediaBox, OutputDev, OutputError, Path, PathOp, Transform};
use unicode_normalization::UnicodeNormalization;

/// The text of a PDF and what was read on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    /// Remarks for the import report (Vietnamese).
    pub notes: Vec<String>,
}

/// Why a PDF could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The PDF reader's reason is kept for debugging, not shown.
    #[error("tệp PDF hỏng, không mở được (tệp bị cắt cụt, hoặc không phải PDF)")]
    Broken(String),
    #[error("tệp PDF có mật khẩu; mở bằng trình đọc PDF, lưu bản không có mật khẩu rồi nhập lại")]
    Encrypted,
    #[error("tệp PDF không có lớp chữ ({pages} trang không có chữ nào, có lẽ là bản quét); cần nhận dạng chữ (OCR) trước khi nhập")]
    NoText { pages: usize },
}

/// Reads a PDF file's bytes.
pub fn read(bytes: &[u8]) -> Result<Extracted, PdfError> {
    let mut doc =
        pdf_extract::Document::load_mem(bytes).map_err(|e| PdfError::Broken(e.to_string()))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(PdfError::Encrypted);
    }
    let page_count = doc.get_pages().len();
    let mut collector = Collector::default();
    let outcome = quietly(|| pdf_extract::output_doc(&doc, &mut collector));
    let glyphs: usize = collector
        .pages
        .iter()
        .map(|p| {
            p.glyphs
                .iter()
                .filter(|g| !g.text.trim().is_empty())
                .count()
        })
        .sum();
    // A scan has nothing but an image per page (a few stray glyphs, a stamp
    // or a page number, do not make a text layer).
    if glyphs < 20 * page_count.max(1) {
        return match outcome {
            Some(Err(e)) if glyphs == 0 && page_count == 0 => Err(PdfError::Broken(e.to_string())),
            _ => Err(PdfError::NoText { pages: page_count }),
        };
    }
    match outcome {
        Some(Ok(())) => {}
        Some(Err(e)) => return Err(PdfError::Broken(e.to_string())),
        None => return Err(PdfError::Broken("nội dung trang không đọc được".into())),
    }
    Ok(layout(&collector.pages))
}

/// Runs `f`, turning a panic into `None` without printing it: `pdf-extract`
/// unwraps on some malformed files, and a bad file must be an error with a
/// message, not a crash. The panic hook is the process's, so runs are serialised.
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: Mutex<()> = Mutex::new(());
    let _guard = HOOK.lock().unwrap_or_else(|e| e.into_inner());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(f)).ok();
    std::panic::set_hook(previous);
    result
}

/// One glyph: its baseline origin (top-down page coordinates), size and advance.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    size: f64,
    advance: f64,
    text: String,
}

/// A ruled line: `at` is y for a horizontal rule, x for a vertical one.
#[derive(Debug, Clone, Copy)]
struct Rule {
    horizontal: bool,
    at: f64,
    from: f64,
    to: f64,
}

#[derive(Debug, Default)]
struct Page {
    height: f64,
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    flip: Transform,
}

impl Collector {
    fn page(&mut self) -> Option<&mut Page> {
        self.pages.last_mut()
    }

    fn rules(&mut self, ctm: &Transform, path: &Path) {
        let flip = self.flip;
        let m = ctm.post_transform(&flip);
        let point = |x: f64, y: f64| (x * m.m11 + y * m.m21 + m.m31, x * m.m12 + y * m.m22 + m.m32);
        let mut segments = Vec::new();
        let mut at = (0.0, 0.0);
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => at = point(x, y),
                PathOp::LineTo(x, y) => {
                    let to = point(x, y);
                    segments.push((at, to));
                    at = to;
                }
                PathOp::Rect(x, y, w, h) => {
                    let (a, b) = (point(x, y), point(x + w, y + h));
                    let (w, h) = ((b.0 - a.0).abs(), (b.1 - a.1).abs());
                    // A thin filled rectangle is a rule; a box is four.
                    if h < 2.0 || w < 2.0 {
                        segments.push((a, b));
                    } else {
                        let (c, d) = ((a.0, b.1), (b.0, a.1));
                        segments.extend([(a, c), (c, b), (b, d), (d, a)]);
                    }
                }
                PathOp::CurveTo(.., x, y) => at = point(x, y),
                PathOp::Close => {}
            }
        }
        let Some(page) = self.page() else {
            return;
        };
        for ((x0, y0), (x1, y1)) in segments {
            if (y1 - y0).abs() < 2.0 && (x1 - x0).abs() > 4.0 {
                page.rules.push(Rule {
                    horizontal: true,
                    at: (y0 + y1) / 2.0,
                    from: x0.min(x1),
                    to: x0.max(x1),
                });
            } else if (x1 - x0).abs() < 2.0 && (y1 - y0).abs() > 4.0 {
                page.rules.push(Rule {
                    horizontal: false,
                    at: (x0 + x1) / 2.0,
                    from: y0.min(y1),
                    to: y0.max(y1),
                });
            }
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        let height = media_box.ury - media_box.lly;
        self.flip = Transform::row_major(1.0, 0.0, 0.0, -1.0, 0.0, media_box.ury);
        self.pages.push(Page {
            height,
            ..Page::default()
        });
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let position = trm.post_transform(&self.flip);
        // The font size in page units (the text matrix may scale it).
        let (vx, vy) = (
            font_size * (trm.m11 + trm.m21),
            font_size * (trm.m12 + trm.m22),
        );
        let size = (vx * vy).abs().sqrt();
        if let Some(page) = self.page() {
            page.glyphs.push(Glyph {
                x: position.m31,
                y: position.m32,
                size,
                advance: width * size,
                text: text.to_string(),
            });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path);
        Ok(())
    }

    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &ColorSpace,
        _color: &[f64],
        path: &Path,
    ) -> Result<(), OutputError> {
        self.rules(ctm, path);
        Ok(())
    }
}

/// Glyphs in stream order made into text on one baseline.
#[derive(Debug, Clone)]
struct Run {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

impl Run {
    fn center(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Runs from glyphs kept in the order the page draws them (combining marks
/// stay after their letter); a new run starts where the baseline changes or
/// the pen jumps back or far ahead.
fn runs(glyphs: &[&Glyph]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    for g in glyphs {
        let text: String = g
            .text
            .chars()
            .map(|c| if c.is_whitespace() { ' ' } else { c })
            .collect();
        if let Some(r) = out.last_mut() {
            let same_line = (g.y - r.y).abs() < 0.4 * r.size.max(g.size);
            let gap = g.x - r.x1;
            if same_line && gap > -0.5 * r.size && gap < 1.5 * r.size {
                if gap > 0.12 * r.size && !r.text.ends_with(' ') && !text.starts_with(' ') {
                    r.text.push(' ');
                }
                r.text.push_str(&text);
                r.x1 = r.x1.max(g.x + g.advance);
                continue;
            }
        }
        out.push(Run {
            x0: g.x,
            x1: g.x + g.advance,
            y: g.y,
            size: g.size,
            text,
        });
    }
    for r in &mut out {
        r.text = r.text.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    out.retain(|r| !r.text.is_empty());
    out
}

/// Runs sharing a baseline, left to right; runs closer than the segment gap merged.
#[derive(Debug, Clone)]
struct Line {
    segments: Vec<Run>,
    y: f64,
    size: f64,
}

impl Line {
    fn x0(&self) -> f64 {
        self.segments.first().map_or(0.0, |s| s.x0)
    }
    fn x1(&self) -> f64 {
        self.segments.last().map_or(0.0, |s| s.x1)
    }
    fn text(&self) -> String {
        let parts: Vec<&str> = self.segments.iter().map(|s| s.text.as_str()).collect();
        parts.join(" ")
    }
    /// The width of the line's first word (from the line's mean advance).
    fn first_word_width(&self) -> f64 {
        let Some(s) = self.segments.first() else {
            return 0.0;
        };
        let chars = s.text.chars().count().max(1) as f64;
        let word = s.text.split(' ').next().map_or(0, |w| w.chars().count()) as f64;
        (s.x1 - s.x0) / chars * word
    }
    /// Whether the line was broken because `next`'s first word did not fit
    /// before `right`.
    fn wraps_before(&self, next: &Line, right: f64) -> bool {
        right - self.x1() < next.first_word_width() + 0.6 * self.size
    }
}

fn lines(mut runs: Vec<Run>) -> Vec<Line> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut out: Vec<Line> = Vec::new();
    for r in runs {
        match out.last_mut() {
            Some(l) if (r.y - l.y).abs() < 0.4 * l.size.max(r.size) => {
                l.size = l.size.max(r.size);
                l.segments.push(r);
            }
            _ => out.push(Line {
                y: r.y,
                size: r.size,
                segments: vec![r],
            }),
        }
    }
    for l in &mut out {
        l.segments.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        let mut merged: Vec<Run> = Vec::new();
        for s in l.segments.drain(..) {
            match merged.last_mut() {
                Some(m) if s.x0 - m.x1 < 1.5 * l.size => {
                    m.text.push(' ');
                    m.text.push_str(&s.text);
                    m.x1 = m.x1.max(s.x1);
                }
                _ => merged.push(s),
            }
        }
        l.segments = merged;
    }
    out
}

/// A ruled table on one page: column edges and row edges (top-down).
#[derive(Debug, Clone)]
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

impl Grid {
    fn contains(&self, x: f64, y: f64) -> bool {
        let (Some(&x0), Some(&x1), Some(&y0), Some(&y1)) = (
            self.xs.first(),
            self.xs.last(),
            self.ys.first(),
            self.ys.last(),
        ) else {
            return false;
        };
        x > x0 && x < x1 && y > y0 && y < y1
    }

    fn cell(&self, x: f64, y: f64) -> (usize, usize) {
        let col = self.xs.iter().filter(|&&e| e < x).count().saturating_sub(1);
        let row = self.ys.iter().filter(|&&e| e < y).count().saturating_sub(1);
        (row, col)
    }
}

/// Values within `tolerance` of each other as one (their mean), sorted.
fn cluster(mut values: Vec<f64>, tolerance: f64) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut out: Vec<(f64, usize)> = Vec::new();
    for v in values {
        match out.last_mut() {
            Some((sum, n)) if v - *sum / *n as f64 <= tolerance => {
                *sum += v;
                *n += 1;
            }
            _ => out.push((v, 1)),
        }
    }
    out.into_iter().map(|(s, n)| s / n as f64).collect()
}

/// The ruled tables of a page: groups of rules that touch each other, with
/// at least two rows and two columns.
fn grids(rules: &[Rule]) -> Vec<Grid> {
    let n = rules.len();
    let mut group: Vec<usize> = (0..n).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    let touches = |a: &Rule, b: &Rule| {
        let near = 2.0;
        match (a.horizontal, b.horizontal) {
            (true, false) | (false, true) => {
                let (h, v) = if a.horizontal { (a, b) } else { (b, a) };
                v.at >= h.from - near
                    && v.at <= h.to + near
                    && h.at >= v.from - near
                    && h.at <= v.to + near
            }
            _ => (a.at - b.at).abs() < near && a.from <= b.to + near && b.from <= a.to + near,
        }
    };
    for i in 0..n {
        for j in i + 1..n {
            if touches(&rules[i], &rules[j]) {
                let (a, b) = (root(&mut group, i), root(&mut group, j));
                group[a] = b;
            }
        }
    }
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for i in 0..n {
        let r = root(&mut group, i);
        if seen.contains(&r) {
            continue;
        }
        seen.push(r);
        let members: Vec<&Rule> = (0..n)
            .filter(|&k| root(&mut group, k) == r)
            .map(|k| &rules[k])
            .collect();
        let xs = cluster(
            members
                .iter()
                .filter(|m| !m.horizontal)
                .map(|m| m.at)
                .collect(),
            2.0,
        );
        let ys = cluster(
            members
                .iter()
                .filter(|m| m.horizontal)
                .map(|m| m.at)
                .collect(),
            2.0,
        );
        if xs.len() >= 3 && ys.len() >= 2 {
            out.push(Grid { xs, ys });
        }
    }
    out.sort_by(|a, b| a.ys[0].total_cmp(&b.ys[0]));
    out
}

/// What a page gives, in reading order.
#[derive(Debug, Clone)]
enum Item {
    Line(Line),
    /// Rows of cells, each cell's text on one line.
    Table {
        y: f64,
        cells: Vec<Vec<String>>,
    },
}

impl Item {
    fn y(&self) -> f64 {
        match self {
            Item::Line(l) => l.y,
            Item::Table { y, .. } => *y,
        }
    }
}

/// A page's lines and tables, top to bottom.
fn page_items(page: &Page) -> Vec<Item> {
    let grids = grids(&page.rules);
    let mut outside: Vec<&Glyph> = Vec::new();
    let mut inside: Vec<Vec<Vec<Vec<&Glyph>>>> = grids
        .iter()
        .map(|g| vec![vec![Vec::new(); g.xs.len() - 1]; g.ys.len() - 1])
        .collect();
    for g in &page.glyphs {
        let (cx, cy) = (g.x + g.advance / 2.0, g.y - 0.3 * g.size);
        match grids.iter().position(|grid| grid.contains(cx, cy)) {
            Some(k) => {
                let (r, c) = grids[k].cell(cx, cy);
                if let Some(cell) = inside[k].get_mut(r).and_then(|row| row.get_mut(c)) {
                    cell.push(g);
                }
            }
            None => outside.push(g),
        }
    }
    let mut items: Vec<Item> = lines(runs(&outside)).into_iter().map(Item::Line).collect();
    for (grid, rows) in grids.iter().zip(inside) {
        let cells: Vec<Vec<String>> = rows
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .zip(grid.xs.windows(2))
                    .map(|(glyphs, edges)| cell_text(lines(runs(&glyphs)), edges[1]))
                    .collect()
            })
            .filter(|row: &Vec<String>| row.iter().any(|c| !c.is_empty()))
            .collect();
        if !cells.is_empty() {
            items.push(Item::Table {
                y: grid.ys[0],
                cells,
            });
        }
    }
    items.sort_by(|a, b| a.y().total_cmp(&b.y()));
    items
}

/// A cell's lines as one text: wrapped lines joined with a space, a line
/// that ended with room for the next one's first word (one name per line)
/// with "; ".
fn cell_text(lines: Vec<Line>, right: f64) -> String {
    let mut out = String::new();
    let mut prev: Option<&Line> = None;
    for l in &lines {
        let text = l.text();
        match prev {
            Some(p) if p.wraps_before(l, right) => join(&mut out, &text),
            Some(_) => {
                out.push_str(if out.ends_with(['.', ';', ':', ',']) {
                    " "
                } else {
                    "; "
                });
                out.push_str(&text);
            }
            None => out.push_str(&text),
        }
        prev = Some(l);
    }
    out
}

/// Appends a wrapped line. A word broken after its hyphen is joined back
/// without a space, the hyphen kept: Vietnamese is not hyphenated by
/// syllable, so a hyphen at the end of a line belongs to the word
/// ("ô-pan", "1690/QĐ-TTg"); a soft hyphen (U+00AD) is dropped.
fn join(out: &mut String, next: &str) {
    if out.ends_with('\u{ad}') {
        out.pop();
        out.push_str(next);
        return;
    }
    let hyphen_after_letter =
        out.ends_with('-') && out.chars().rev().nth(1).is_some_and(char::is_alphanumeric);
    if hyphen_after_letter {
        out.push_str(next);
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(next);
}

/// Reading order of the lines: blocks of two-column lines column by column,
/// rows of three or more segments as tab-separated rows.
fn reading_order(items: Vec<Item>) -> Vec<Item> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let Item::Line(l) = &items[i] else {
            out.push(items[i].clone());
            i += 1;
            continue;
        };
        if l.segments.len() >= 3 {
            let mut row = l.clone();
            let text: Vec<String> = l.segments.iter().map(|s| s.text.clone()).collect();
            row.segments = vec![Run {
                text: text.join("\t"),
                ..l.segments[0].clone()
            }];
            out.push(Item::Line(row));
            i += 1;
            continue;
        }
        if l.segments.len() != 2 {
            out.push(items[i].clone());
            i += 1;
            continue;
        }
        // A two-column block: the lines of two segments, and the one-segment
        // lines aligned with one of the columns between and right after them.
        let split = (l.segments[0].x1 + l.segments[1].x0) / 2.0;
        let (left_center, right_center) = (l.segments[0].center(), l.segments[1].center());
        let (left_x0, right_x0) = (l.segments[0].x0, l.segments[1].x0);
        let mut left: Vec<Line> = Vec::new();
        let mut right: Vec<Line> = Vec::new();
        let mut k = i;
        while k < items.len() {
            let Item::Line(m) = &items[k] else {
                break;
            };
            let near = |a: f64, b: f64| (a - b).abs() < 1.5 * m.size;
            match m.segments.as_slice() {
                [a, b] if a.x1 < split && b.x0 > split => {
                    left.push(Line {
                        segments: vec![a.clone()],
                        ..m.clone()
                    });
                    right.push(Line {
                        segments: vec![b.clone()],
                        ..m.clone()
                    });
                }
                [s] if s.x1 < split && (near(s.center(), left_center) || near(s.x0, left_x0)) => {
                    left.push(m.clone())
                }
                [s] if s.x0 > split && (near(s.center(), right_center) || near(s.x0, right_x0)) => {
                    right.push(m.clone())
                }
                _ => break,
            }
            k += 1;
        }
        out.extend(left.into_iter().chain(right).map(Item::Line));
        i = k;
    }
    out
}

/// The number of a line that is only a page number ("3", "- 3 -", "Trang 3", "3/12").
fn page_number(text: &str) -> Option<i64> {
    let t = crate::legal::number::fold(text);
    let t = t.trim_start_matches("trang").trim();
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c == ' ');
    let mut parts = t
        .split(['/', ' '])
        .filter(|p| !p.is_empty() && *p != "tren");
    let first = parts.next()?;
    let digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit());
    (digits(first) && parts.all(digits)).then(|| first.parse().ok())?
}

/// A line's text with digits hidden, for telling running headers.
fn furniture_key(text: &str) -> String {
    crate::legal::number::fold(text)
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Drops running headers and footers and page numbers; returns how many lines.
fn drop_furniture(pages: &mut [Vec<Item>], heights: &[f64]) -> usize {
    let mut dropped = 0;
    let n = pages.len();
    for top in [true, false] {
        // Up to two lines at each end.
        for _ in 0..2 {
            let ends: Vec<Option<(usize, String, f64)>> = pages
                .iter()
                .map(|items| {
                    let idx = if top {
                        items.iter().position(|it| matches!(it, Item::Line(_)))
                    } else {
                        items.iter().rposition(|it| matches!(it, Item::Line(_)))
                    }?;
                    match &items[idx] {
                        Item::Line(l) => Some((idx, l.text(), l.y)),
                        Item::Table { .. } => None,
                    }
                })
                .collect();
            let mut counts: std::collections::HashMap<String, usize> = Default::default();
            // Page numbers go up with the pages: the offset most of them share.
            let mut offsets: std::collections::HashMap<i64, usize> = Default::default();
            for (p, end) in ends.iter().enumerate() {
                let Some((_, text, _)) = end else { continue };
                *counts.entry(furniture_key(text)).or_default() += 1;
                if let Some(v) = page_number(text) {
                    *offsets.entry(v - p as i64).or_default() += 1;
                }
            }
            let offset = offsets
                .into_iter()
                .filter(|&(_, votes)| votes >= 2)
                .max_by_key(|&(o, votes)| (votes, -o))
                .map(|(o, _)| o);
            let mut removed_any = false;
            for (p, end) in ends.iter().enumerate() {
                let Some((idx, text, y)) = end else { continue };
                let key = furniture_key(text);
                // A running head has words; repeated on most pages.
                let repeated = n >= 2
                    && key.chars().any(char::is_alphabetic)
                    && counts[&key] >= 2
                    && counts[&key] * 2 >= n;
                let margin = if top {
                    *y < 0.08 * heights[p]
                } else {
                    *y > 0.92 * heights[p]
                };
                let number = page_number(text)
                    .is_some_and(|v| offset == Some(v - p as i64) || (n == 1 && margin));
                if repeated || number {
                    pages[p].remove(*idx);
                    dropped += 1;
                    removed_any = true;
                }
            }
            if !removed_any {
                break;
            }
        }
    }
    dropped
}

/// Everything laid out as text.
fn layout(pages: &[Page]) -> Extracted {
    let heights: Vec<f64> = pages.iter().map(|p| p.height).collect();
    let mut items: Vec<Vec<Item>> = pages.iter().map(|p| reading_order(page_items(p))).collect();
    let furniture = drop_furniture(&mut items, &heights);

    // The text's left and right edges: where most lines start, and what
    // the lines that fill the measure reach.
    let percentile = |f: &dyn Fn(&Line) -> f64, at: usize| {
        let mut v: Vec<f64> = items
            .iter()
            .flatten()
            .filter_map(|it| match it {
                Item::Line(l) => Some(f(l)),
                Item::Table { .. } => None,
            })
            .collect();
        v.sort_by(f64::total_cmp);
        v.get(v.len() * at / 100).copied().unwrap_or(0.0)
    };
    let left = percentile(&|l: &Line| l.x0(), 10);
    let right = percentile(&|l: &Line| l.x1(), 90);
    let full = |l: &Line| right - l.x1() < 2.0 * l.size;
    let centred = |l: &Line| ((l.x0() + l.x1()) / 2.0 - (left + right) / 2.0).abs() < l.size;
    // The line spacing inside a paragraph: the most common step after a
    // line that fills the measure (most of those wrap).
    let mut steps: std::collections::HashMap<i64, usize> = Default::default();
    for page in &items {
        for w in page.windows(2) {
            if let (Item::Line(a), Item::Line(b)) = (&w[0], &w[1]) {
                let step = b.y - a.y;
                if full(a) && step > 0.0 && step < 3.0 * a.size {
                    *steps.entry((step * 2.0).round() as i64).or_default() += 1;
                }
            }
        }
    }
    let step = steps
        .into_iter()
        .max_by_key(|&(s, n)| (n, -s))
        .map_or(14.0, |(s, _)| s as f64 / 2.0);

    let mut out: Vec<String> = Vec::new();
    let mut prev: Option<Line> = None;
    let mut last_table: Option<usize> = None;
    let mut tables = 0;
    for page in items {
        let mut first_on_page = true;
        for item in page {
            match item {
                Item::Line(l) => {
                    last_table = None;
                    let text = l.text();
                    let continues = prev.as_ref().is_some_and(|a| {
                        // Centred and right-aligned lines (titles, the
                        // signature) stand alone.
                        let body = |l: &Line| l.x0() < left + 4.0 * l.size;
                        let full = a.wraps_before(&l, right)
                            && ((body(a) && body(&l)) || (centred(a) && centred(&l)));
                        let gap_ok = first_on_page || l.y - a.y <= step * 1.15 + 0.5;
                        let indented = l.x0() > a.x0() + 0.5 * l.size
                            && !first_on_page
                            && !(centred(a) && centred(&l));
                        let tab =
                            text.contains('\t') || out.last().is_some_and(|o| o.contains('\t'));
                        full && gap_ok && !indented && !tab && !opens_unit(out.last(), &text)
                    });
                    match (continues, out.last_mut()) {
                        (true, Some(last)) => join(last, &text),
                        _ => out.push(text),
                    }
                    prev = Some(l);
                }
                Item::Table { cells, .. } => {
                    prev = None;
                    // A table going on from the previous page.
                    let width = cells.first().map_or(0, Vec::len);
                    match last_table {
                        Some(w) if first_on_page && w == width => {
                            let mut rows = cells.into_iter();
                            if let Some(first) = rows.next() {
                                append_continued_row(&mut out, first);
                            }
                            out.extend(rows.map(|r| super::table::pipe_row(&r)));
                        }
                        _ => {
                            tables += 1;
                            out.push(String::new());
                            out.extend(cells.iter().map(|r| super::table::pipe_row(r)));
                        }
                    }
                    last_table = Some(width);
                }
            }
            first_on_page = false;
        }
    }
    let text: String = out.join("\n").nfc().collect();
    let text = text
        .replace('\u{fb01}', "fi")
        .replace('\u{fb02}', "fl")
        .replace('\u{ad}', "");
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    Extracted {
        text,
        notes: vec![format!(
            "đọc từ PDF: {} trang, {lines} đoạn, {tables} bảng; bỏ {furniture} dòng đầu trang, chân trang và số trang",
            pages.len()
        )],
    }
}

/// The first row of a table's part on a new page: a row the break split
/// (no number in its first cell) is joined to the last row before the break.
fn append_continued_row(out: &mut Vec<String>, row: Vec<String>) {
    let split = row.first().is_some_and(|c| c.trim().is_empty());
    if split {
        if let Some(last) = out.last_mut() {
            let mut cells = pipe_cells_of(last);
            for (a, b) in cells.iter_mut().zip(&row) {
                if !b.is_empty() {
                    join(a, b);
                }
            }
            *last = super::table::pipe_row(&cells);
            return;
        }
    }
    out.push(super::table::pipe_row(&row));
}

/// The cells of a row this module wrote.
fn pipe_cells_of(row: &str) -> Vec<String> {
    let found = super::table::find(&[row, row]);
    found
        .into_iter()
        .next()
        .and_then(|t| t.rows.into_iter().next())
        .unwrap_or_default()
}

/// Whether `text` opens a unit of its own after a finished line: an
/// article, a numbered clause or a lettered point after `.`, `;` or `:`.
fn opens_unit(prev: Option<&String>, text: &str) -> bool {
    let finished = prev.is_some_and(|p| p.ends_with(['.', ';', ':']));
    if !finished {
        return false;
    }
    let mut chars = text.chars();
    let first = chars.next();
    let second = chars.next();
    let opens_with = |kind: Kind| {
        text.strip_prefix(kind.word())
            .is_some_and(|rest| rest.starts_with(' '))
    };
    opens_with(Kind::Dieu)
        || opens_with(Kind::Chuong)
        || opens_with(Kind::Muc)
        || first.is_some_and(|c| c.is_ascii_digit())
        || (first.is_some_and(|c| c.is_lowercase()) && second == Some(')'))
        || text.starts_with(['-', '+', '•'])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f64, y: f64) -> Vec<Glyph> {
        let mut at = x;
        text.chars()
            .map(|c| {
                let g = Glyph {
                    x: at,
                    y,
                    size: 10.0,
                    advance: 5.0,
                    text: c.to_string(),
                };
                at += 5.0;
                g
            })
            .collect()
    }

    #[test]
    fn page_numbers_and_running_heads_are_furniture() {
        for t in ["3", "- 3 -", "Trang 3", "3/12", "Trang 3 / 12", "– 3 –"] {
            assert_eq!(page_number(t), Some(3), "{t}");
        }
        for t in ["2010.", "Điều 3", "3 ngày", ""] {
            assert_eq!(page_number(t), None, "{t}");
        }
        // A lone number at the foot of one page is content; page numbers run
        // with the pages.
        let page = |lines: &[(&str, f64)]| -> Vec<Item> {
            lines
                .iter()
                .map(|(t, y)| {
                    let p = Page {
                        glyphs: glyphs(t, 100.0, *y),
                        ..Page::default()
                    };
                    page_items(&p).remove(0)
                })
                .collect()
        };
        let mut pages = vec![
            page(&[
                ("Luật Thuế 2009", 40.0),
                ("Điều 1. Phạm vi", 100.0),
                ("1", 700.0),
                ("Trang 1", 800.0),
            ]),
            page(&[
                ("Luật Thuế 2009", 40.0),
                ("Điều 2. Đối tượng", 100.0),
                ("Trang 2", 800.0),
            ]),
            page(&[
                ("Luật Thuế 2009", 40.0),
                ("Điều 3. Hiệu lực", 100.0),
                ("10", 700.0),
            ]),
        ];
        assert_eq!(drop_furniture(&mut pages, &[842.0; 3]), 5);
        let left: Vec<Vec<String>> = pages
            .iter()
            .map(|p| {
                p.iter()
                    .map(|i| match i {
                        Item::Line(l) => l.text(),
                        Item::Table { .. } => String::new(),
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            left,
            [
                vec!["Điều 1. Phạm vi", "1"],
                vec!["Điều 2. Đối tượng"],
                vec!["Điều 3. Hiệu lực", "10"]
            ]
        );
        assert_eq!(
            furniture_key("Trang 3"),
            furniture_key("Trang 12").replace("##", "#")
        );
    }

    #[test]
    fn two_column_blocks_are_read_column_by_column() {
        let mut page = Page {
            height: 800.0,
            ..Page::default()
        };
        for (text, x, y) in [
            ("ỦY BAN NHÂN DÂN", 60.0, 50.0),
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 260.0, 50.0),
            ("TỈNH GIA LAI", 75.0, 62.0),
            ("Độc lập - Tự do - Hạnh phúc", 290.0, 62.0),
            ("Số: 01/KH-X", 70.0, 80.0),
            ("Gia Lai, ngày 15 tháng 4 năm 2024", 270.0, 80.0),
            ("KẾ HOẠCH", 250.0, 110.0),
        ] {
            page.glyphs.extend(glyphs(text, x, y));
        }
        let items = reading_order(page_items(&page));
        let texts: Vec<String> = items
            .iter()
            .map(|i| match i {
                Item::Line(l) => l.text(),
                Item::Table { .. } => "table".into(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                "ỦY BAN NHÂN DÂN",
                "TỈNH GIA LAI",
                "Số: 01/KH-X",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Gia Lai, ngày 15 tháng 4 năm 2024",
                "KẾ HOẠCH",
            ]
        );
    }

    #[test]
    fn hyphenated_words_are_joined_back() {
        let mut s = String::from("đá quý ô-");
        join(&mut s, "pan");
        assert_eq!(s, "đá quý ô-pan");
        let mut s = String::from("tin học hoá\u{ad}");
        join(&mut s, "ba");
        assert_eq!(s, "tin học hoába");
        let mut s = String::from("Quyết định số 1690/QĐ-");
        join(&mut s, "TTg");
        assert_eq!(s, "Quyết định số 1690/QĐ-TTg");
        let mut s = String::from("kinh tế -");
        join(&mut s, "xã hội");
        assert_eq!(s, "kinh tế - xã hội");
    }

    #[test]
    fn not_a_pdf() {
        assert!(matches!(
            read(b"%PDF-1.4 garbage"),
            Err(PdfError::Broken(_))
        ));
    }
}
