//! Quotations (`trich(...)`): where the link stage leaves them, and how they
//! are filled with the quoted provision once every document is rendered.

use crate::legal::provision;
use crate::markdown::{escape_html, Rendered};

/// Quotations are rendered as a placeholder and filled in once every
/// document is rendered, since the quoted one may come later.
pub(crate) const QUOTE_OPEN: &str = "<!--vanban:trich ";
/// The quoted provision's label ("khoản 2 Điều 5"), also filled in later.
pub(crate) const LABEL_OPEN: &str = "<!--vanban:nhan ";
pub(crate) const QUOTE_CLOSE: &str = "-->";

/// Fills the quotation placeholders of every rendered body with the quoted
/// provisions' HTML (a quotation inside a quoted provision is left out).
pub fn fill_quotes(docs: &mut [Rendered], pages: &mut [Rendered]) {
    let needs = |r: &Rendered| r.html.contains(QUOTE_OPEN);
    if !docs.iter().any(needs) && !pages.iter().any(needs) {
        return;
    }
    // `spec` is `DOC#ANCHOR`.
    let parse = |docs: &'_ [Rendered], spec: &str| -> Option<(usize, String)> {
        let (doc, anchor) = spec.split_once('#')?;
        let doc = doc.parse::<usize>().ok().filter(|&d| d < docs.len())?;
        Some((doc, anchor.to_string()))
    };
    let label = |docs: &[Rendered], spec: &str| -> String {
        parse(docs, spec)
            .and_then(|(d, a)| docs[d].anchor(&a).map(|a| escape_html(&a.label)))
            .unwrap_or_default()
    };
    let fragment = |docs: &[Rendered], spec: &str| -> String {
        let html = parse(docs, spec)
            .and_then(|(d, a)| docs[d].fragment(&a))
            .unwrap_or_default();
        let clean = replace_markers(html, QUOTE_OPEN, |_| String::new());
        quotable(&replace_markers(&clean, LABEL_OPEN, |spec| {
            label(docs, spec)
        }))
    };
    let fill = |html: &str, docs: &[Rendered]| -> String {
        let labelled = replace_markers(html, LABEL_OPEN, |spec| label(docs, spec));
        replace_markers(&labelled, QUOTE_OPEN, |spec| fragment(docs, spec))
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

/// `html` with every `OPEN spec -->` replaced by `with(spec)`.
fn replace_markers(html: &str, open: &str, with: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        let after = &rest[i + open.len()..];
        let (spec, tail) = after.split_once(QUOTE_CLOSE).unwrap_or((after, ""));
        out.push_str(&with(spec));
        rest = tail;
    }
    out.push_str(rest);
    out
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
