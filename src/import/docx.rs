//! Word documents (.docx) as the plain text the importer reads: one line per
//! paragraph, Word's automatic numbering written out as the reader sees it
//! ("Điều 5.", "2.", "a)"), data tables as pipe tables, and the layout tables
//! that hold the header block (issuer | motto, number | place and date) and
//! the signature block written cell by cell, as a gazette copy has them.
//!
//! Why `zip` + `quick-xml` and no docx crate: a .docx is a zip of XML parts,
//! and what the importer needs from them is narrow (paragraph text, tables,
//! numbering). The docx crates on crates.io are either writers (docx-rs
//! reads little of numbering), unmaintained (docx 1.1, 2019) or far larger
//! than this reader; none computes the visible numbers, which is the part
//! that matters here (`numbering.xml`: `w:abstractNum` levels with
//! `w:lvlText` "Điều %1.", `w:numFmt`, `w:start`; `w:num` instances with
//! `w:lvlOverride`/`w:startOverride`; `w:numPr` on the paragraph or inherited
//! from its style and the styles it is based on).
//!
//! Numbering follows Word: a level's counter belongs to the abstract
//! definition, so lists that share one continue each other's count unless an
//! instance restarts it with `w:startOverride`; counting at a level restarts
//! the levels below it. Bold is not read: the text rules already tell
//! headings by their numbering and case, and in real documents bold also
//! marks emphasis inside clauses. Text in deleted revisions, field codes and
//! the fallback copies of text boxes is left out.

use std::collections::{HashMap, HashSet};
use std::io::Read as _;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// The text of a Word document and what was read on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub text: String,
    /// Remarks for the import report (Vietnamese).
    pub notes: Vec<String>,
}

/// Why a .docx could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// The zip crate's reason is kept for debugging, not shown.
    #[error(
        "tệp .docx hỏng, không mở được như một tệp nén (tệp bị cắt cụt, hoặc không phải .docx)"
    )]
    Zip(String),
    #[error("tệp .docx không có phần nội dung (word/document.xml)")]
    NoDocument,
    #[error("tệp .docx hỏng: phần {part} không phải XML đọc được")]
    Xml { part: String, detail: String },
}

/// No part of a real document comes near this; a zip that claims more is refused.
const MAX_PART: u64 = 256 << 20;

/// Reads a .docx file's bytes.
pub fn read(bytes: &[u8]) -> Result<Extracted, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::Zip(e.to_string()))?;
    let main = main_part(&mut zip)?;
    let document = part(&mut zip, &main)?.ok_or(DocxError::NoDocument)?;
    let styles = part(&mut zip, "word/styles.xml")?
        .map(|x| parse_styles(&x))
        .transpose()
        .map_err(|detail| xml_error("word/styles.xml", detail))?
        .unwrap_or_default();
    let numbering = part(&mut zip, "word/numbering.xml")?
        .map(|x| parse_numbering(&x))
        .transpose()
        .map_err(|detail| xml_error("word/numbering.xml", detail))?
        .unwrap_or_default();
    let blocks = parse_body(&document).map_err(|detail| xml_error(&main, detail))?;
    Ok(write_text(&blocks, &styles, &numbering))
}

fn xml_error(part: &str, detail: String) -> DocxError {
    DocxError::Xml {
        part: part.to_string(),
        detail,
    }
}

type Zip<'a> = zip::ZipArchive<std::io::Cursor<&'a [u8]>>;

/// The main document part: `word/document.xml`, or where `_rels/.rels` points.
fn main_part(zip: &mut Zip<'_>) -> Result<String, DocxError> {
    if zip.by_name("word/document.xml").is_ok() {
        return Ok("word/document.xml".into());
    }
    let rels = part(zip, "_rels/.rels")?.ok_or(DocxError::NoDocument)?;
    let mut reader = Reader::from_str(&rels);
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == b"Relationship" => {
                let kind = attr(&e, b"Type").unwrap_or_default();
                if kind.ends_with("/officeDocument") {
                    let target = attr(&e, b"Target").unwrap_or_default();
                    return Ok(target.trim_start_matches('/').to_string());
                }
            }
            Ok(Event::Eof) => return Err(DocxError::NoDocument),
            Err(e) => return Err(xml_error("_rels/.rels", e.to_string())),
            _ => {}
        }
    }
}

/// A part's text, `None` when the zip has no such part.
fn part(zip: &mut Zip<'_>, name: &str) -> Result<Option<String>, DocxError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError::Zip(e.to_string())),
    };
    if file.size() > MAX_PART {
        return Err(xml_error(name, "phần quá lớn".into()));
    }
    let mut text = String::new();
    file.take(MAX_PART)
        .read_to_string(&mut text)
        .map_err(|e| xml_error(name, e.to_string()))?;
    Ok(Some(text))
}

/// An attribute's value by local name (`w:val` → `val`).
fn attr(e: &BytesStart<'_>, name: &[u8]) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, b"val")
}

/// A paragraph's numbering reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct NumRef {
    num: Option<u32>,
    level: Option<u8>,
}

/// A paragraph style: what it is based on and the numbering it gives.
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num: NumRef,
}

type Styles = HashMap<String, Style>;

fn parse_styles(xml: &str) -> Result<Styles, String> {
    let mut styles = Styles::new();
    let mut reader = Reader::from_str(xml);
    let mut current: Option<(String, Style)> = None;
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => {
                    if let Some((id, s)) = current.take() {
                        styles.insert(id, s);
                    }
                    current = attr(&e, b"styleId").map(|id| (id, Style::default()));
                }
                b"basedOn" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.based_on = val(&e);
                    }
                }
                b"numId" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.num.num = val(&e).and_then(|v| v.parse().ok());
                    }
                }
                b"ilvl" => {
                    if let Some((_, s)) = current.as_mut() {
                        s.num.level = val(&e).and_then(|v| v.parse().ok());
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => {
                if let Some((id, s)) = current.take() {
                    styles.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// One level of a numbering definition.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// `w:isLgl`: the numbers of all levels in decimal.
    legal: bool,
    /// `w:lvlRestart`: restart after this (1-based) level, 0 never; `None`: after any higher level.
    restart: Option<u8>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: "decimal".into(),
            text: String::new(),
            legal: false,
            restart: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: HashMap<u8, Level>,
    /// `w:numStyleLink`: the levels are those of a numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Instance {
    abstract_id: u32,
    start_overrides: HashMap<u8, u32>,
    level_overrides: HashMap<u8, Level>,
}

#[derive(Debug, Clone, Default)]
struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    instances: HashMap<u32, Instance>,
}

fn parse_numbering(xml: &str) -> Result<Numbering, String> {
    let mut n = Numbering::default();
    let mut reader = Reader::from_str(xml);
    let mut abstract_id: Option<u32> = None;
    let mut instance_id: Option<u32> = None;
    let mut override_level: Option<u8> = None;
    let mut level: Option<(u8, Level)> = None;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let (e, empty) = match &event {
            Event::Start(e) => (e.clone(), false),
            Event::Empty(e) => (e.clone(), true),
            Event::End(e) => {
                match e.local_name().as_ref() {
                    b"lvl" => {
                        if let Some((l, def)) = level.take() {
                            if let (Some(i), Some(_)) = (instance_id, override_level) {
                                if let Some(inst) = n.instances.get_mut(&i) {
                                    inst.level_overrides.insert(l, def);
                                }
                            } else if let Some(a) = abstract_id {
                                n.abstracts.entry(a).or_default().levels.insert(l, def);
                            }
                        }
                    }
                    b"abstractNum" => abstract_id = None,
                    b"num" => instance_id = None,
                    b"lvlOverride" => override_level = None,
                    _ => {}
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let number = |name: &[u8]| attr(&e, name).and_then(|v| v.parse::<u32>().ok());
        match e.local_name().as_ref() {
            b"abstractNum" if !empty => {
                abstract_id = number(b"abstractNumId");
                if let Some(a) = abstract_id {
                    n.abstracts.entry(a).or_default();
                }
            }
            b"num" if !empty => {
                instance_id = number(b"numId");
                if let Some(i) = instance_id {
                    n.instances.entry(i).or_default();
                }
            }
            b"abstractNumId" => {
                if let (Some(i), Some(a)) = (instance_id, val(&e).and_then(|v| v.parse().ok())) {
                    if let Some(inst) = n.instances.get_mut(&i) {
                        inst.abstract_id = a;
                    }
                }
            }
            b"lvlOverride" => {
                override_level = attr(&e, b"ilvl").and_then(|v| v.parse().ok());
            }
            b"startOverride" => {
                if let (Some(i), Some(l), Some(v)) = (
                    instance_id,
                    override_level,
                    val(&e).and_then(|v| v.parse().ok()),
                ) {
                    if let Some(inst) = n.instances.get_mut(&i) {
                        inst.start_overrides.insert(l, v);
                    }
                }
            }
            b"numStyleLink" => {
                if let Some(a) = abstract_id {
                    n.abstracts.entry(a).or_default().style_link = val(&e);
                }
            }
            b"lvl" if !empty => {
                let l = attr(&e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                level = Some((l, Level::default()));
            }
            name => {
                if let Some((_, def)) = level.as_mut() {
                    match name {
                        b"start" => def.start = val(&e).and_then(|v| v.parse().ok()).unwrap_or(1),
                        b"numFmt" => def.format = val(&e).unwrap_or_else(|| "decimal".into()),
                        b"lvlText" => def.text = val(&e).unwrap_or_default(),
                        b"isLgl" => def.legal = val(&e).is_none_or(|v| v != "0" && v != "false"),
                        b"lvlRestart" => def.restart = val(&e).and_then(|v| v.parse().ok()),
                        _ => {}
                    }
                }
            }
        }
    }
    Ok(n)
}

/// A paragraph or a table of the body, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Para(Para),
    Table(Vec<Vec<Vec<Para>>>),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Para {
    style: Option<String>,
    num: NumRef,
    text: String,
    /// Set when the paragraph gives a numbering reference itself (even `numId` 0, "none").
    direct_num: bool,
}

/// Where the reader is inside the body.
#[derive(Debug, Default)]
struct BodyReader {
    out: Vec<Block>,
    /// Open tables: rows of cells of paragraphs.
    tables: Vec<Vec<Vec<Vec<Para>>>>,
    /// Open paragraphs (a text box's paragraphs sit inside another one).
    paras: Vec<Para>,
    in_ppr: usize,
    in_text: bool,
    /// Inside content that is not shown (deleted text, field codes, fallbacks).
    hidden: usize,
    /// Cells a `w:gridSpan` spreads the current cell over.
    span: usize,
    /// The current cell continues the one above (`w:vMerge` without "restart").
    merged: bool,
}

impl BodyReader {
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        let name = e.local_name();
        let name = name.as_ref();
        if matches!(
            name,
            b"del" | b"moveFrom" | b"instrText" | b"delText" | b"Fallback"
        ) {
            if !empty {
                self.hidden += 1;
            }
            return;
        }
        if self.hidden > 0 {
            return;
        }
        match name {
            b"tbl" if !empty => self.tables.push(Vec::new()),
            b"tr" if !empty => {
                if let Some(t) = self.tables.last_mut() {
                    t.push(Vec::new());
                }
            }
            b"tc" if !empty => {
                self.span = 1;
                self.merged = false;
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    row.push(Vec::new());
                }
            }
            b"gridSpan" => {
                self.span = val(e)
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(1)
                    .clamp(1, 64)
            }
            b"vMerge" => self.merged = val(e).is_none_or(|v| v != "restart"),
            b"p" => {
                self.paras.push(Para::default());
                if empty {
                    self.end_para();
                }
            }
            b"pPr" if !empty => self.in_ppr += 1,
            b"pStyle" if self.in_ppr > 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.style = val(e);
                }
            }
            b"numId" if self.in_ppr > 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.num.num = val(e).and_then(|v| v.parse().ok());
                    p.direct_num = true;
                }
            }
            b"ilvl" if self.in_ppr > 0 => {
                if let Some(p) = self.paras.last_mut() {
                    p.num.level = val(e).and_then(|v| v.parse().ok());
                }
            }
            b"t" => self.in_text = !empty,
            b"tab" | b"ptab" if self.in_ppr == 0 => self.push_text(" "),
            // A line break; page and column breaks are not lines.
            b"br" | b"cr"
                if self.in_ppr == 0 && attr(e, b"type").is_none_or(|t| t == "textWrapping") =>
            {
                self.push_text("\n")
            }
            b"noBreakHyphen" => self.push_text("-"),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        if matches!(
            name,
            b"del" | b"moveFrom" | b"instrText" | b"delText" | b"Fallback"
        ) {
            self.hidden = self.hidden.saturating_sub(1);
            return;
        }
        if self.hidden > 0 {
            return;
        }
        match name {
            b"t" => self.in_text = false,
            b"pPr" => self.in_ppr = self.in_ppr.saturating_sub(1),
            b"p" => self.end_para(),
            b"tc" => {
                // The spanned grid columns are empty cells; a cell that
                // continues the one above is empty too.
                if let Some(row) = self.tables.last_mut().and_then(|t| t.last_mut()) {
                    if self.merged {
                        if let Some(cell) = row.last_mut() {
                            cell.clear();
                        }
                    }
                    for _ in 1..self.span {
                        row.push(Vec::new());
                    }
                }
            }
            b"tbl" => {
                if let Some(t) = self.tables.pop() {
                    match self
                        .tables
                        .last_mut()
                        .and_then(|t| t.last_mut())
                        .and_then(|r| r.last_mut())
                    {
                        // A table inside a cell: its text joins the cell's.
                        Some(cell) => cell.extend(t.into_iter().flatten().flatten()),
                        None => self.out.push(Block::Table(t)),
                    }
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.paras.last_mut() {
            p.text.push_str(s);
        }
    }

    fn end_para(&mut self) {
        let Some(p) = self.paras.pop() else {
            return;
        };
        match self
            .tables
            .last_mut()
            .and_then(|t| t.last_mut())
            .and_then(|r| r.last_mut())
        {
            Some(cell) if self.paras.is_empty() => cell.push(p),
            _ => self.out.push(Block::Para(p)),
        }
    }
}

fn parse_body(xml: &str) -> Result<Vec<Block>, String> {
    let mut reader = Reader::from_str(xml);
    let mut r = BodyReader::default();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => r.start(&e, false),
            Event::Empty(e) => r.start(&e, true),
            Event::End(e) => r.end(e.local_name().as_ref()),
            Event::Text(t) if r.in_text && r.hidden == 0 => {
                let text = t.unescape().map_err(|e| e.to_string())?;
                r.push_text(&text);
            }
            Event::CData(t) if r.in_text && r.hidden == 0 => {
                r.push_text(&String::from_utf8_lossy(&t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(r.out)
}

/// Counters of every abstract numbering, and the instances whose start
/// override has been applied.
#[derive(Default)]
struct Counters {
    values: HashMap<u32, [Option<u32>; 9]>,
    restarted: HashSet<(u32, u8)>,
}

impl Numbering {
    fn abstract_of(&self, num: u32, styles: &Styles) -> Option<(u32, &Abstract)> {
        let mut id = self.instances.get(&num)?.abstract_id;
        // A numbering style's levels live in another abstract definition.
        for _ in 0..4 {
            let a = self.abstracts.get(&id)?;
            let Some(link) = &a.style_link else {
                return Some((id, a));
            };
            let linked = style_num(styles, link)?.num?;
            id = self.instances.get(&linked)?.abstract_id;
        }
        None
    }

    fn level(&self, num: u32, abs: &Abstract, level: u8) -> Option<Level> {
        let inst = self.instances.get(&num)?;
        inst.level_overrides
            .get(&level)
            .or_else(|| abs.levels.get(&level))
            .cloned()
    }

    /// The visible label of the next paragraph numbered `num`/`level`.
    fn label(
        &self,
        styles: &Styles,
        counters: &mut Counters,
        num: u32,
        level: u8,
    ) -> Option<String> {
        let level = level.min(8);
        let (abs_id, abs) = self.abstract_of(num, styles)?;
        let def = self.level(num, abs, level)?;
        let inst = self.instances.get(&num)?;
        let values = counters.values.entry(abs_id).or_default();
        let mut start = def.start;
        if let Some(&s) = inst.start_overrides.get(&level) {
            start = s;
            if counters.restarted.insert((num, level)) {
                values[usize::from(level)] = None;
            }
        }
        let i = usize::from(level);
        values[i] = Some(values[i].map_or(start, |v| v + 1));
        for (deeper, value) in values.iter_mut().enumerate().skip(i + 1) {
            let restarts = abs.levels.get(&(deeper as u8)).and_then(|l| l.restart);
            // lvlRestart = n: restart after level n (1-based) only.
            if restarts.is_none_or(|r| r != 0 && usize::from(r) > i) {
                *value = None;
            }
        }
        if def.format == "none" {
            return Some(String::new());
        }
        if def.format == "bullet" {
            return Some("-".into());
        }
        let mut out = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            let digit = chars.peek().and_then(|d| d.to_digit(10));
            match (c, digit) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let k = (d - 1) as usize;
                    let other = self.level(num, abs, k as u8).unwrap_or_default();
                    let n = values[k].unwrap_or(other.start);
                    let format = if def.legal && k < i {
                        "decimal"
                    } else {
                        other.format.as_str()
                    };
                    out.push_str(&format_number(n, format));
                }
                _ => out.push(c),
            }
        }
        Some(out)
    }
}

/// A style's numbering, inherited along `w:basedOn`.
fn style_num(styles: &Styles, id: &str) -> Option<NumRef> {
    let mut id = id;
    for _ in 0..16 {
        let s = styles.get(id)?;
        if s.num.num.is_some() {
            return Some(s.num);
        }
        id = s.based_on.as_deref()?;
    }
    None
}

fn format_number(n: u32, format: &str) -> String {
    match format {
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerLetter" => letters(n),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Word's letters: a…z, then aa…zz, aaa… (the letter repeated).
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let letter = char::from(b'a' + ((n - 1) % 26) as u8);
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

/// Lines of text from the blocks.
fn write_text(blocks: &[Block], styles: &Styles, numbering: &Numbering) -> Extracted {
    let mut counters = Counters::default();
    let mut lines: Vec<String> = Vec::new();
    let (mut paras, mut numbered, mut data_tables, mut layout_tables) = (0, 0, 0, 0);
    let para_text = |p: &Para, counters: &mut Counters, numbered: &mut usize| -> String {
        let num = if p.direct_num {
            p.num
        } else {
            p.style
                .as_deref()
                .and_then(|s| style_num(styles, s))
                .map(|n| NumRef {
                    level: p.num.level.or(n.level),
                    ..n
                })
                .unwrap_or_default()
        };
        let text = clean(&p.text);
        match num.num.filter(|&n| n != 0) {
            Some(n) => match numbering.label(styles, counters, n, num.level.unwrap_or(0)) {
                Some(label) if !label.is_empty() => {
                    *numbered += 1;
                    if text.is_empty() {
                        label
                    } else {
                        format!("{label} {text}")
                    }
                }
                _ => text,
            },
            None => text,
        }
    };
    for block in blocks {
        match block {
            Block::Para(p) => {
                paras += 1;
                lines.push(para_text(p, &mut counters, &mut numbered));
            }
            Block::Table(rows) => {
                let cells: Vec<Vec<Vec<String>>> = rows
                    .iter()
                    .map(|r| {
                        r.iter()
                            .map(|c| {
                                c.iter()
                                    .map(|p| para_text(p, &mut counters, &mut numbered))
                                    .filter(|t| !t.trim().is_empty())
                                    .collect()
                            })
                            .collect()
                    })
                    .collect();
                if is_layout(&cells) {
                    layout_tables += 1;
                    for cell in cells.iter().flatten() {
                        lines.extend(cell.iter().flat_map(|t| t.split('\n')).map(String::from));
                    }
                } else {
                    data_tables += 1;
                    lines.push(String::new());
                    let width = cells.iter().map(Vec::len).max().unwrap_or(0);
                    for row in &cells {
                        let mut texts: Vec<String> = row.iter().map(|c| join_cell(c)).collect();
                        texts.resize(width, String::new());
                        lines.push(super::table::pipe_row(&texts));
                    }
                    lines.push(String::new());
                }
            }
        }
    }
    let mut notes = vec![format!(
        "đọc từ tệp Word (.docx): {paras} đoạn, {numbered} đoạn có số tự động, {data_tables} bảng, {layout_tables} bảng bố cục (đầu, chữ ký) đọc theo ô"
    )];
    if paras == 0 && data_tables == 0 {
        notes.push("tệp Word không có đoạn văn nào".into());
    }
    Extracted {
        text: lines.join("\n"),
        notes,
    }
}

/// Non-breaking and other odd spaces as plain spaces; runs of spaces as one;
/// each line trimmed.
fn clean(text: &str) -> String {
    text.split('\n')
        .map(|l| {
            l.split(|c: char| c.is_whitespace() || c == '\u{a0}')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A cell's paragraphs on one line: "; " between names written one per
/// paragraph, a space after a paragraph that ends a sentence.
fn join_cell(paras: &[String]) -> String {
    let mut out = String::new();
    for p in paras.iter().flat_map(|p| p.split('\n')) {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push_str(if out.ends_with(['.', ';', ':', ',']) {
                " "
            } else {
                "; "
            });
        }
        out.push_str(p);
    }
    out
}

/// The tables that only lay out the header block or the signature: they
/// hold the motto, the number line, "Nơi nhận" or a signature title, or
/// have at most two columns and three rows.
fn is_layout(cells: &[Vec<Vec<String>>]) -> bool {
    let text = |f: &dyn Fn(&str) -> bool| cells.iter().flatten().flatten().any(|t| f(t.trim()));
    let width = cells.iter().map(Vec::len).max().unwrap_or(0);
    text(&|t| {
        t.starts_with("CỘNG HÒA XÃ HỘI CHỦ NGHĨA")
            || t.starts_with("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA")
            || t.starts_with("Độc lập")
            || t.starts_with("Nơi nhận")
            || t.starts_with("Số:")
            || t.starts_with("TM.")
            || t.starts_with("KT.")
    }) || (width <= 2 && cells.len() <= 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip with the given parts, written by the zip crate.
    fn docx(parts: &[(&str, &str)]) -> Vec<u8> {
        use std::io::Write;
        let mut buf = std::io::Cursor::new(Vec::new());
        let mut zip = zip::ZipWriter::new(&mut buf);
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        buf.into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn p(style: Option<&str>, num: Option<(u32, u8)>, text: &str) -> String {
        let style = style.map_or(String::new(), |s| format!(r#"<w:pStyle w:val="{s}"/>"#));
        let num = num.map_or(String::new(), |(n, l)| {
            format!(r#"<w:numPr><w:ilvl w:val="{l}"/><w:numId w:val="{n}"/></w:numPr>"#)
        });
        format!(
            r#"<w:p><w:pPr>{style}{num}</w:pPr><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#
        )
    }

    fn lvl(i: u8, fmt: &str, text: &str, start: u32) -> String {
        format!(
            r#"<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl>"#
        )
    }

    #[test]
    fn automatic_numbers_are_written_out() {
        let numbering = format!(
            r#"<w:numbering {W}>
            <w:abstractNum w:abstractNumId="0">{}</w:abstractNum>
            <w:abstractNum w:abstractNumId="1">{}{}</w:abstractNum>
            <w:abstractNum w:abstractNumId="2">{}{}{}</w:abstractNum>
            <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
            <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
            <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
            <w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>
            </w:numbering>"#,
            lvl(0, "decimal", "Điều %1.", 1),
            lvl(0, "decimal", "%1.", 1),
            lvl(1, "lowerLetter", "%2)", 1),
            lvl(0, "upperRoman", "%1.", 1),
            lvl(1, "decimal", "%2.", 1),
            lvl(2, "lowerLetter", "%3)", 1),
        );
        let styles = format!(
            r#"<w:styles {W}>
            <w:style w:type="paragraph" w:styleId="Dieu"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="DieuDam"><w:basedOn w:val="Dieu"/></w:style>
            </w:styles>"#
        );
        let body = [
            p(Some("Dieu"), None, "Phạm vi điều chỉnh"),
            p(None, Some((2, 0)), "Khoản một"),
            p(None, Some((2, 1)), "điểm a"),
            p(None, Some((2, 1)), "điểm b"),
            p(None, Some((2, 0)), "Khoản hai"),
            p(None, Some((2, 1)), "điểm a lại"),
            p(Some("DieuDam"), None, "Đối tượng áp dụng"),
            p(None, Some((3, 0)), "Khoản một của Điều 2"),
            p(None, Some((2, 0)), "vẫn tiếp số (cùng định nghĩa)"),
            p(Some("Dieu"), Some((0, 0)), "không đánh số"),
            p(None, Some((4, 0)), "MỤC ĐÍCH"),
            p(None, Some((4, 1)), "Mục đích"),
            p(None, Some((4, 2)), "Triển khai"),
            p(None, Some((4, 0)), "NHIỆM VỤ"),
            p(None, Some((4, 1)), "Nhiệm vụ chung"),
            p(None, Some((9, 0)), "số không có định nghĩa"),
        ]
        .concat();
        let document = format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#);
        let bytes = docx(&[
            ("word/document.xml", &document),
            ("word/styles.xml", &styles),
            ("word/numbering.xml", &numbering),
        ]);
        let read = read(&bytes).unwrap();
        let lines: Vec<&str> = read.text.lines().collect();
        assert_eq!(
            lines,
            [
                "Điều 1. Phạm vi điều chỉnh",
                "1. Khoản một",
                "a) điểm a",
                "b) điểm b",
                "2. Khoản hai",
                "a) điểm a lại",
                "Điều 2. Đối tượng áp dụng",
                "1. Khoản một của Điều 2",
                "2. vẫn tiếp số (cùng định nghĩa)",
                "không đánh số",
                "I. MỤC ĐÍCH",
                "1. Mục đích",
                "a) Triển khai",
                "II. NHIỆM VỤ",
                "1. Nhiệm vụ chung",
                "số không có định nghĩa",
            ]
        );
    }

    #[test]
    fn tables_deleted_text_and_breaks() {
        let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(None, None, t));
        let header = format!(
            "<w:tbl><w:tr>{}{}</w:tr><w:tr>{}{}</w:tr></w:tbl>",
            cell("QUỐC HỘI"),
            cell("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            cell("Luật số: 1/2020/QH14"),
            cell("Hà Nội, ngày 01 tháng 01 năm 2020"),
        );
        let data = format!(
            r#"<w:tbl><w:tr>{}{}{}</w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>{}</w:tc>{}</w:tr><w:tr>{}<w:tc>{}{}</w:tc>{}</w:tr></w:tbl>"#,
            cell("STT"),
            cell("Nội dung | cột"),
            cell("Chủ trì"),
            p(None, None, "Nhóm I"),
            cell(""),
            cell("1"),
            p(None, None, "Sở A"),
            p(None, None, "Sở B"),
            cell("x"),
        );
        let body = format!(
            r#"{header}<w:p><w:r><w:t>Đã sửa</w:t></w:r><w:del><w:r><w:delText>bỏ</w:delText></w:r></w:del><w:r><w:br/><w:t>dòng hai</w:t><w:tab/><w:t>sau tab</w:t></w:r></w:p>{data}"#
        );
        let document = format!(r#"<w:document {W}><w:body>{body}</w:body></w:document>"#);
        let read = read(&docx(&[("word/document.xml", &document)])).unwrap();
        let lines: Vec<&str> = read.text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            [
                "QUỐC HỘI",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Luật số: 1/2020/QH14",
                "Hà Nội, ngày 01 tháng 01 năm 2020",
                "Đã sửa",
                "dòng hai sau tab",
                "| STT | Nội dung \\| cột | Chủ trì |",
                "| Nhóm I |  |  |",
                "| 1 | Sở A; Sở B | x |",
            ]
        );
    }

    #[test]
    fn broken_files_are_errors() {
        assert!(matches!(
            read(b"PK\x03\x04 not a zip"),
            Err(DocxError::Zip(_))
        ));
        assert_eq!(
            read(&docx(&[("word/other.xml", "<x/>")])),
            Err(DocxError::NoDocument)
        );
        let bad = docx(&[("word/document.xml", "<w:document><w:body><w:p></w:body>")]);
        assert!(
            matches!(read(&bad), Err(DocxError::Xml { .. })),
            "{:?}",
            read(&bad)
        );
        assert_eq!(letters(27), "aa");
        assert_eq!(roman(2024), "MMXXIV");
        assert_eq!(format_number(3, "decimalZero"), "03");
    }
}
