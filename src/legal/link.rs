//! The link stage: turns references in a page's Markdown into hub links.
//!
//! It answers the Markdown renderer's [`Links`] questions for one page: explicit
//! `vb:NUMBER#anchor` links and site paths (`/co-quan/`) become relative hrefs,
//! `trich(...)` quotes another provision's text, and citations in running text
//! become links when their target is in the hub. Every reference is recorded so
//! that the cited document can list what cites it.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::content::Document;
use crate::legal::number::DocNumber;
use crate::markdown::{escape_html, Anchor, Links, Rendered};
use crate::render::Linker;

/// What all pages link against: the documents and their provisions.
pub struct Hub<'a> {
    pub docs: &'a [Document],
    pub by_key: &'a std::collections::HashMap<String, usize>,
    /// Each document's provisions: id → label.
    anchors: Vec<HashMap<&'a str, &'a str>>,
}

impl<'a> Hub<'a> {
    pub fn new(
        docs: &'a [Document],
        by_key: &'a std::collections::HashMap<String, usize>,
        outlines: &'a [Vec<Anchor>],
    ) -> Hub<'a> {
        let anchors = outlines
            .iter()
            .map(|list| {
                list.iter()
                    .map(|a| (a.id.as_str(), a.label.as_str()))
                    .collect()
            })
            .collect();
        Hub {
            docs,
            by_key,
            anchors,
        }
    }

    pub fn find(&self, number: &str) -> Option<usize> {
        DocNumber::parse(number).and_then(|n| self.by_key.get(&n.key()).copied())
    }

    pub fn has_anchor(&self, doc: usize, anchor: &str) -> bool {
        self.anchors[doc].contains_key(anchor)
    }

    pub fn anchor_label(&self, doc: usize, anchor: &str) -> Option<&str> {
        self.anchors[doc].get(anchor).copied()
    }
}

/// A reference from one page to a document (and maybe one of its provisions).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    pub target: usize,
    pub anchor: Option<String>,
}

/// The [`Links`] of one page.
pub struct PageLinks<'h, 'a> {
    hub: &'h Hub<'a>,
    linker: Linker,
    /// The document being rendered, for citations of "Điều 5" in the same text.
    this: Option<usize>,
    refs: RefCell<Vec<Reference>>,
}

impl<'h, 'a> PageLinks<'h, 'a> {
    pub fn new(hub: &'h Hub<'a>, page_url: &str, offline: bool, this: Option<usize>) -> Self {
        PageLinks {
            hub,
            linker: Linker::new(page_url, offline),
            this,
            refs: RefCell::new(Vec::new()),
        }
    }

    /// The references made while rendering, sorted, without repeats.
    pub fn into_references(self) -> Vec<Reference> {
        let mut refs = self.refs.into_inner();
        refs.sort();
        refs.dedup();
        refs
    }

    fn record(&self, target: usize, anchor: Option<&str>) {
        if Some(target) != self.this {
            self.refs.borrow_mut().push(Reference {
                target,
                anchor: anchor.map(str::to_string),
            });
        }
    }

    fn href(&self, target: usize, anchor: Option<&str>) -> String {
        self.linker
            .href_anchor(&self.hub.docs[target].url, anchor.unwrap_or(""))
    }

    /// `vb:NUMBER` or `vb:NUMBER#anchor` → (document, anchor).
    fn target(&self, spec: &str) -> Result<(usize, Option<String>), String> {
        let (number, anchor) = match spec.split_once('#') {
            Some((n, a)) => (n, Some(a.to_string())),
            None => (spec, None),
        };
        let number = percent_decode(number);
        let doc = self
            .hub
            .find(&number)
            .ok_or_else(|| format!("không có văn bản số {number} trong kho"))?;
        if let Some(a) = &anchor {
            if !self.hub.has_anchor(doc, a) {
                return Err(format!(
                    "văn bản {} không có điều khoản #{a}",
                    self.hub.docs[doc].number.canonical()
                ));
            }
        }
        Ok((doc, anchor))
    }
}

/// `%C4%90` → `Đ`; links written in some editors arrive percent-encoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Links for PageLinks<'_, '_> {
    fn resolve(&self, dest: &str) -> Option<Result<String, String>> {
        if let Some(spec) = dest.strip_prefix("vb:") {
            return Some(self.target(spec).map(|(doc, anchor)| {
                self.record(doc, anchor.as_deref());
                self.href(doc, anchor.as_deref())
            }));
        }
        // A site path written from the root: make it relative like every link.
        if dest.starts_with('/') && !dest.starts_with("//") {
            let (path, anchor) = dest.split_once('#').unwrap_or((dest, ""));
            return Some(Ok(self
                .linker
                .href_anchor(path.trim_start_matches('/'), anchor)));
        }
        None
    }

    fn cite(&self, _text: &str, _article: Option<&str>) -> Option<String> {
        None
    }

    fn quote(&self, args: &str) -> Result<String, String> {
        let args = parse_args(args)?;
        let get = |k: &str| args.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        let number = get("vb").ok_or("thiếu vb=\"số hiệu\"")?;
        let mut anchor = String::new();
        if let Some(dieu) = get("dieu") {
            anchor = format!("dieu-{}", crate::slug::slugify(dieu));
            if let Some(k) = get("khoan") {
                anchor.push_str(&format!("-khoan-{}", crate::slug::slugify(k)));
            }
            if let Some(d) = get("diem") {
                let d = if d == "đ" {
                    "dd".to_string()
                } else {
                    crate::slug::slugify(d)
                };
                anchor.push_str(&format!("-diem-{d}"));
            }
        } else if let Some(id) = get("neo") {
            anchor = id.to_string();
        }
        for (k, _) in &args {
            if !["vb", "dieu", "khoan", "diem", "neo"].contains(&k.as_str()) {
                return Err(format!("tham số không có: {k}"));
            }
        }
        if anchor.is_empty() {
            return Err("thiếu dieu=... (hoặc neo=\"mã neo\")".into());
        }
        let (doc, anchor) = self.target(&format!("{number}#{anchor}"))?;
        let anchor = anchor.unwrap_or_default();
        self.record(doc, Some(&anchor));
        let label = self.hub.anchor_label(doc, &anchor).unwrap_or_default();
        let d = &self.hub.docs[doc];
        Ok(format!(
            "<blockquote class=\"quote\">\n<p class=\"quote-source\"><a href=\"{}\">{} {} {}</a></p>\n{QUOTE_OPEN}{doc}#{anchor}{QUOTE_CLOSE}</blockquote>\n",
            self.href(doc, Some(&anchor)),
            escape_html(label),
            escape_html(d.kind.name()),
            escape_html(d.number.canonical()),
        ))
    }
}

/// Quotations are rendered as a placeholder and filled in once every
/// document is rendered, since the quoted one may come later.
const QUOTE_OPEN: &str = "<!--vanban:trich ";
const QUOTE_CLOSE: &str = "-->";

/// Fills the quotation placeholders of every rendered body with the quoted
/// provisions' HTML (a quotation inside a quoted provision is left out).
pub fn fill_quotes(docs: &mut [Rendered], pages: &mut [Rendered]) {
    let needs = |r: &Rendered| r.html.contains(QUOTE_OPEN);
    if !docs.iter().any(needs) && !pages.iter().any(needs) {
        return;
    }
    let fragment = |docs: &[Rendered], spec: &str| -> String {
        let (doc, anchor) = spec.split_once('#').unwrap_or((spec, ""));
        let html = doc
            .parse::<usize>()
            .ok()
            .and_then(|d| docs.get(d))
            .and_then(|r| r.fragment(anchor))
            .unwrap_or_default();
        let mut clean = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find(QUOTE_OPEN) {
            clean.push_str(&rest[..i]);
            rest = rest[i..]
                .split_once(QUOTE_CLOSE)
                .map_or("", |(_, after)| after);
        }
        clean.push_str(rest);
        quotable(&clean)
    };
    let fill = |html: &str, docs: &[Rendered]| -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(i) = rest.find(QUOTE_OPEN) {
            out.push_str(&rest[..i]);
            let after = &rest[i + QUOTE_OPEN.len()..];
            let (spec, tail) = after.split_once(QUOTE_CLOSE).unwrap_or((after, ""));
            out.push_str(&fragment(docs, spec));
            rest = tail;
        }
        out.push_str(rest);
        out
    };
    let filled: Vec<Option<String>> = docs
        .iter()
        .map(|r| needs(r).then(|| fill(&r.html, docs)))
        .collect();
    for page in pages.iter_mut().filter(|r| needs(r)) {
        page.html = fill(&page.html, docs);
    }
    for (doc, html) in docs.iter_mut().zip(filled) {
        if let Some(html) = html {
            doc.html = html;
        }
    }
}

/// A provision's HTML made fit to stand inside another page: no ids (they
/// belong to the source page), no copy-link controls, headings as bold text.
fn quotable(fragment: &str) -> String {
    use std::sync::LazyLock;
    static ID: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r#" id="[^"]*""#).expect("valid pattern"));
    static PL: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r#"<a class="pl"[^>]*>#</a>"#).expect("valid pattern"));
    static H_OPEN: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"<h[1-6]( [^>]*)?>").expect("valid pattern"));
    static H_CLOSE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"</h[1-6]>").expect("valid pattern"));
    let s = PL.replace_all(fragment, "");
    let s = ID.replace_all(&s, "");
    let s = H_OPEN.replace_all(&s, "<p class=\"quote-title\"><strong>");
    H_CLOSE.replace_all(&s, "</strong></p>").into_owned()
}

/// `vb="86/2015/QH13", dieu=5` → [("vb", "86/2015/QH13"), ("dieu", "5")].
fn parse_args(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (name, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("không đọc được tham số: {rest}"))?;
        let name = name.trim().to_string();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').ok_or("thiếu dấu \" đóng")?;
            (quoted[..end].to_string(), &quoted[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_string(), &after[end..])
        };
        out.push((name, value));
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcode_arguments() {
        assert_eq!(
            parse_args(r#"vb="86/2015/QH13", dieu=5, diem="đ""#).unwrap(),
            [
                ("vb".into(), "86/2015/QH13".into()),
                ("dieu".into(), "5".into()),
                ("diem".into(), "đ".into())
            ]
        );
        assert!(parse_args("vb").is_err());
        assert_eq!(percent_decode("1690%2FQ%C4%90-TTg"), "1690/QĐ-TTg");
    }

    #[test]
    fn quoted_fragments_lose_ids_and_headings() {
        let q = quotable(
            r##"<h3 id="dieu-4" class="dieu"><a class="pl" href="#dieu-4" aria-label="x">#</a>Điều 4. A</h3><p id="dieu-4-khoan-1" class="khoan">1. B</p>"##,
        );
        assert_eq!(
            q,
            r#"<p class="quote-title"><strong>Điều 4. A</strong></p><p class="khoan">1. B</p>"#
        );
    }
}
