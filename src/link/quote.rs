//! Quotations (`trich(...)`): what they quote, and how they are filled with
//! the quoted provision once every document is rendered (the quoted one may
//! come later, and its provisions are known only by rendering it).

use rayon::prelude::*;

use crate::content::Document;
use crate::date::Date;
use crate::legal::provision;
use crate::legal::status::Status;
use crate::link::amendments;
use crate::link::reference::Quote;
use crate::markdown::{escape_html, Rendered};
use crate::url::Linker;

/// What quotations are filled from: the hub's documents, as of a date.
pub struct Sources<'a> {
    pub docs: &'a [Document],
    /// A document number → the hub document, for the amendments a note names.
    pub find: &'a (dyn Fn(&str) -> Option<usize> + Sync),
    pub status: &'a [Status],
    pub as_of: Date,
    pub offline: bool,
}

/// Fills the quotations of every rendered body with the quoted provisions,
/// their label, source and whether their wording is still in force. A
/// quotation inside a quoted provision is left out. `*_quotes[i]` are the
/// quotations the link stage found in body `i`; `page_urls` the pages' URLs.
pub fn fill(
    sources: &Sources<'_>,
    docs: &mut [Rendered],
    doc_quotes: &[Vec<Quote>],
    pages: &mut [Rendered],
    page_quotes: &[Vec<Quote>],
    page_urls: &[&str],
) {
    let done: Vec<Option<Rendered>> = docs
        .par_iter()
        .zip(doc_quotes)
        .zip(sources.docs)
        .map(|((r, quotes), d)| filled(sources, docs, r, quotes, &d.url))
        .collect();
    pages
        .par_iter_mut()
        .zip(page_quotes)
        .zip(page_urls)
        .for_each(|((r, quotes), url)| {
            if let Some(done) = filled(sources, docs, r, quotes, url) {
                *r = done;
            }
        });
    for (r, done) in docs.iter_mut().zip(done) {
        if let Some(done) = done {
            *r = done;
        }
    }
}

/// `r` with its quotations in place (and the places after them moved), or
/// `None` if it has none.
fn filled(
    sources: &Sources<'_>,
    docs: &[Rendered],
    r: &Rendered,
    quotes: &[Quote],
    url: &str,
) -> Option<Rendered> {
    if r.quotes.is_empty() {
        return None;
    }
    let linker = Linker::new(url, sources.offline);
    let mut html = String::with_capacity(r.html.len() + r.quotes.len() * 1024);
    // (place in the old HTML, bytes inserted there)
    let mut inserted: Vec<(usize, usize)> = Vec::with_capacity(r.quotes.len());
    let mut at = 0;
    for spot in &r.quotes {
        html.push_str(&r.html[at..spot.at]);
        at = spot.at;
        if let Some(q) = quotes.get(spot.quote as usize) {
            let piece = quotation(sources, docs, &linker, q);
            inserted.push((spot.at, piece.len()));
            html.push_str(&piece);
        }
    }
    html.push_str(&r.html[at..]);
    // A quotation is inside the provisions open where it stands, and before
    // those that start there.
    let moved = |pos: usize| -> usize {
        pos + inserted
            .iter()
            .take_while(|(p, _)| *p <= pos)
            .map(|(_, len)| len)
            .sum::<usize>()
    };
    let mut done = r.clone();
    done.html = html;
    for a in &mut done.anchors {
        a.range = moved(a.range.start)..moved(a.range.end);
    }
    for c in &mut done.cites {
        c.open = moved(c.open.start)..moved(c.open.end);
        c.close = moved(c.close);
    }
    done.quotes.clear();
    Some(done)
}

/// One quotation's HTML, linked from the page `linker` is for.
fn quotation(sources: &Sources<'_>, docs: &[Rendered], linker: &Linker, q: &Quote) -> String {
    let label = |doc: usize, anchor: &str| -> String {
        docs.get(doc)
            .and_then(|r| r.anchor(anchor))
            .map(|a| escape_html(&a.label))
            .unwrap_or_default()
    };
    let href = |doc: usize, anchor: &str| linker.href_anchor(&sources.docs[doc].url, anchor);
    let d = &sources.docs[q.doc];
    // Whether the wording quoted is still the wording in force.
    let note = amendments::quote_note(
        sources.docs,
        sources.find,
        q.doc,
        &q.anchor,
        (sources.status[q.doc], sources.as_of),
        label,
        href,
    );
    let fragment = docs
        .get(q.doc)
        .and_then(|r| r.fragment(&q.anchor))
        .map(quotable)
        .unwrap_or_default();
    format!(
        "<blockquote class=\"quote\">\n<p class=\"quote-source\"><a href=\"{}\">{} {} {}</a></p>\n<p class=\"quote-note\">{note}</p>\n{fragment}</blockquote>\n",
        href(q.doc, &q.anchor),
        label(q.doc, &q.anchor),
        escape_html(d.kind.name()),
        escape_html(d.number.canonical()),
    )
}

/// A provision's HTML made fit to stand inside another page: no ids (they
/// belong to the source page), no copy-link controls, headings as bold text.
pub(crate) fn quotable(fragment: &str) -> String {
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

/// The arguments of `trich(...)` → (document number, anchor). Every
/// argument is checked: a provision number that is not one (`dieu=-1`,
/// `dieu=0`, `khoan=2x`) would otherwise slug into another provision's id
/// and quote the wrong text without a word.
pub fn quote_target(args: &[(String, String)]) -> Result<(String, String), String> {
    const NAMES: [&str; 5] = ["vb", "dieu", "khoan", "diem", "neo"];
    for (k, (name, _)) in args.iter().enumerate() {
        if !NAMES.contains(&name.as_str()) {
            return Err(format!(
                "tham số không có: {name} (dùng vb, dieu, khoan, diem hoặc neo)"
            ));
        }
        if args[..k].iter().any(|(n, _)| n == name) {
            return Err(format!("tham số {name} lặp lại"));
        }
    }
    let get = |k: &str| args.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim());
    let number = get("vb")
        .filter(|v| !v.is_empty())
        .ok_or("thiếu vb=\"số hiệu\"")?;
    if number.contains('#') {
        return Err(format!(
            "vb=\"{number}\": chỉ ghi số hiệu; điều khoản ghi bằng dieu=, khoan=, diem="
        ));
    }
    let anchor = match (get("dieu"), get("neo")) {
        (Some(_), Some(_)) => {
            return Err("dùng dieu=... hoặc neo=\"...\", không dùng cả hai".into())
        }
        (Some(dieu), None) => {
            let dieu = provision_number("dieu", dieu)?;
            let khoan = get("khoan")
                .map(|k| provision_number("khoan", k))
                .transpose()?;
            let diem = get("diem").map(point_letter).transpose()?;
            provision::anchor(&dieu, khoan.as_deref(), diem.as_deref())
        }
        (None, Some(neo)) => {
            if get("khoan").is_some() || get("diem").is_some() {
                return Err("khoan và diem đi cùng dieu=..., không đi cùng neo".into());
            }
            let valid = !neo.is_empty()
                && neo
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                return Err(format!(
                    "mã neo không hợp lệ: \"{neo}\" (chỉ chữ thường không dấu, số và -)"
                ));
            }
            neo.to_string()
        }
        (None, None) => {
            if get("khoan").is_some() || get("diem").is_some() {
                return Err("thiếu dieu=... cho khoan hoặc diem".into());
            }
            return Err("thiếu dieu=... (hoặc neo=\"mã neo\")".into());
        }
    };
    Ok((number.to_string(), anchor))
}

/// An article or clause number, lower case: `5`, `12a`, `5đ` (articles
/// inserted by an amendment). Zero, signs and other text are errors.
fn provision_number(name: &str, value: &str) -> Result<String, String> {
    let lower = value.to_lowercase();
    let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
    let mut suffix = lower[digits..].chars();
    let valid = digits > 0
        && !lower.starts_with('0')
        && suffix.next().is_none_or(provision::is_letter)
        && suffix.next().is_none();
    if valid {
        Ok(lower)
    } else {
        Err(format!(
            "{name}={value}: số {} phải là số dương (1, 2, 12a…)",
            if name == "dieu" { "điều" } else { "khoản" }
        ))
    }
}

/// A point's letter, lower case: `a`, `đ`.
fn point_letter(value: &str) -> Result<String, String> {
    let lower = value.to_lowercase();
    let mut chars = lower.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if provision::is_letter(c) => Ok(lower),
        _ => Err(format!(
            "diem={value}: điểm là một chữ cái (a, b, c, d, đ, …)"
        )),
    }
}

/// `vb="86/2015/QH13", dieu=5` → [("vb", "86/2015/QH13"), ("dieu", "5")].
pub(crate) fn parse_args(text: &str) -> Result<Vec<(String, String)>, String> {
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
