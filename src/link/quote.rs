//! Quotations (`trich(...)`): what their arguments name. They are filled
//! with the quoted provision by the render stage (`render::quotes`), once
//! every document is rendered.

use crate::legal::provision;

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
