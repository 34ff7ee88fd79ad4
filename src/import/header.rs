//! The header of a document (issuer, số hiệu, place and date, kind, title),
//! the signature block at the end, and the closing formulas.
//!
//! Why so many small rules: the corpus has headers from 1957 to 2022, with the
//! motto on one or two lines, separator rows of `-` or `*`, the number on its
//! own line, session lines ("QUỐC HỘI NƯỚC … Khóa XI, kỳ họp thứ 10"), titles
//! wrapped in boilerplate ("CỦA QUỐC HỘI … SỐ 24/2000/QH10 … VỀ KINH DOANH
//! BẢO HIỂM") and documents with no header at all. Each rule reads one printed
//! form; anything not matched is left `None`, never inferred.

use std::sync::LazyLock;

use regex::Regex;

use super::{is_upper_line, Date};
use crate::legal::provision::{self, Kind};

/// Kind names as printed in upper case, longest first, with the
/// conventional name and slug.
const KINDS: &[(&str, &str, &str)] = &[
    (
        "THÔNG TƯ LIÊN TỊCH",
        "Thông tư liên tịch",
        "thong-tu-lien-tich",
    ),
    (
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
        "Chương trình hành động",
        "chuong-trinh-hanh-dong",
    ),
    ("VĂN BẢN HỢP NHẤT", "Văn bản hợp nhất", "van-ban-hop-nhat"),
    ("HIẾN PHÁP", "Hiến pháp", "hien-phap"),
    ("BỘ LUẬT", "Bộ luật", "bo-luat"),
    ("PHÁP LỆNH", "Pháp lệnh", "phap-lenh"),
    ("NGHỊ QUYẾT", "Nghị quyết", "nghi-quyet"),
    ("NGHỊ ĐỊNH", "Nghị định", "nghi-dinh"),
    ("QUYẾT ĐỊNH", "Quyết định", "quyet-dinh"),
    ("CHỈ THỊ", "Chỉ thị", "chi-thi"),
    ("THÔNG TƯ", "Thông tư", "thong-tu"),
    ("KẾ HOẠCH", "Kế hoạch", "ke-hoach"),
    ("KẾT LUẬN", "Kết luận", "ket-luan"),
    ("CÔNG VĂN", "Công văn", "cong-van"),
    ("HƯỚNG DẪN", "Hướng dẫn", "huong-dan"),
    ("THÔNG BÁO", "Thông báo", "thong-bao"),
    ("LUẬT", "Luật", "luat"),
];

/// Kinds whose title names the document ("Luật An toàn thông tin mạng"):
/// the first word after the kind is capitalised. For the others the title is
/// a description ("Quyết định phê duyệt …") and stays lower case.
const NAMED_KINDS: &[&str] = &["Hiến pháp", "Bộ luật", "Luật", "Pháp lệnh"];

/// Words printed after a kind word that make it something else
/// ("LUẬT MẪU" is a UNCITRAL model law, not a Vietnamese document kind).
const NOT_A_KIND: &[&str] = &["LUẬT MẪU"];

/// The kind name for a slug (`nghi-dinh` → `Nghị định`), or for a name in any case.
pub(super) fn kind_from_slug(s: &str) -> Option<&'static str> {
    let upper = s.to_uppercase();
    KINDS
        .iter()
        .find(|(up, _, slug)| *slug == s || *up == upper)
        .map(|(_, name, _)| *name)
}

/// What the header gave.
#[derive(Debug, Default)]
pub(super) struct Header {
    pub number: Option<String>,
    pub kind: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub place: Option<String>,
    pub issued: Option<Date>,
    /// Index (0-based) of the first body line.
    pub body_start: usize,
    pub notes: Vec<String>,
}

static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[-–—*_=~.•\s]+$").expect("valid regex"));
static TRAILING_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*[-–—*_=~]{2,}\s*$").expect("valid regex"));
static MOTTO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|ĐẢNG CỘNG SẢN VIỆT NAM)")
        .expect("valid regex")
});
static MOTTO_SECOND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc").expect("valid regex")
});
/// `Luật số: 86/2015/QH13`, `Số: 1690/QĐ-TTg`, `Bộ luật số: …`, `Luật số 67/2006/QH11`, `Số:` (number on the next line).
static NUMBER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?i:bộ luật|luật|pháp lệnh|nghị quyết|nghị định|quyết định|thông tư liên tịch|thông tư|chỉ thị|kế hoạch|công văn)\s+)?(?i:số)\s*:?\s*(.*)$")
        .expect("valid regex")
});
/// A number as printed: starts with a digit, then letters, digits, `/ - .`;
/// a space before a trailing group of digits (`QH 11`) is tolerated.
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d+[\p{L}\d/.\-–]*(?:\s\d{1,2}\b)?)").expect("valid regex"));
/// `Hà Nội, ngày 19 tháng 11 năm 2015` (also `ngày03`, `Ngày`).
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:([^,\d]{2,40}),\s*)?(?i:ngày)\s*(\d{1,2})\s*(?i:tháng)\s*(\d{1,2})\s*(?i:năm)\s*(\d{4})")
        .expect("valid regex")
});
/// Session lines, printed between the date and the kind or after the title.
static SESSION_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:(?:của\s+)?quốc hội\s+(?:nước|khóa|khoá)|khóa\s+[ivxl]+\b|khoá\s+[ivxl]+\b|\(từ ngày)")
        .expect("valid regex")
});
/// First line of the body proper: the header stops here.
static BODY_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:căn cứ|{chuong}\s+({roman}|\d+)\b|{phan}\s+thứ\b|{dieu}\s*\d)",
        chuong = Kind::Chuong.keyword(),
        roman = provision::ROMAN,
        phan = Kind::Phan.keyword(),
        dieu = Kind::Dieu.keyword()
    ))
    .expect("valid regex")
});
/// `SỐ 24/2000/QH10`, `SỐ 101-SL/L.003` inside an old title line.
static TITLE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bSỐ\s+(\d+[\p{L}\d/.\-]*)").expect("valid regex"));
/// `NGÀY 30/06/1989`, `NGÀY 20-5-1957`, `NGÀY 15 THÁNG 6 NĂM 2004` inside an old title line.
static TITLE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bNGÀY\s+(?:(\d{1,2})[/-](\d{1,2})[/-](\d{4})|(\d{1,2})\s+THÁNG\s+(\d{1,2})\s+NĂM\s+(\d{4}))")
        .expect("valid regex")
});
/// `Quốc hội ban hành Luật An toàn thông tin mạng.` — the title in its printed case.
static ENACTING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"ban hành\s+(.+?)[.,;:]?$").expect("valid regex"));

/// Read the header from the first lines.
pub(super) fn parse_header(lines: &[&str]) -> Header {
    let mut h = Header::default();
    // The header zone ends at the first body line.
    let zone_end = lines
        .iter()
        .take(60)
        .position(|l| BODY_START.is_match(l))
        .unwrap_or(lines.len().min(60));

    // Issuer: the lines before the motto.
    let motto = lines[..zone_end].iter().position(|l| MOTTO.is_match(l));
    let mut consumed_upto = 0usize; // one past the last header line used
    if let Some(m) = motto {
        // A copy read column by column (a PDF's header block) has the number
        // under the issuer, before the motto.
        let number_of = |l: &str| {
            let c = NUMBER_LINE.captures(l)?;
            let rest = c.get(1).map_or("", |g| g.as_str()).trim();
            read_number(rest).filter(|n| n.len() == rest.len())
        };
        let number_at = lines[..m].iter().position(|l| number_of(l).is_some());
        if let Some(k) = number_at {
            h.number = number_of(lines[k]).map(|n| n.replace(' ', ""));
        }
        // The issuer is printed in capitals right above the motto; lines
        // before it (a web page's title and metadata) are not part of it.
        let before = &lines[..number_at.unwrap_or(m)];
        let from = before
            .iter()
            .rposition(|l| !l.is_empty() && !SEPARATOR.is_match(l) && !is_upper_line(l))
            .map_or(0, |k| k + 1);
        if before[..from].iter().any(|l| !l.is_empty()) {
            h.notes.push(format!(
                "dòng 1–{from} trước cơ quan ban hành (không thuộc văn bản) đã bỏ"
            ));
        }
        let parts: Vec<String> = before[from..]
            .iter()
            .map(|l| TRAILING_SEPARATOR.replace(l, "").trim().to_string())
            .filter(|l| !l.is_empty() && !SEPARATOR.is_match(l))
            .collect();
        if !parts.is_empty() {
            h.issuer = Some(issuer_case(&parts.join(" ")));
        }
        consumed_upto = m + 1;
    }

    let mut i = consumed_upto;
    let mut unknown: Vec<usize> = Vec::new();
    while i < zone_end {
        let line = lines[i];
        if line.is_empty() || SEPARATOR.is_match(line) || MOTTO_SECOND.is_match(line) {
            i += 1;
            continue;
        }
        if h.number.is_none() {
            if let Some(c) = NUMBER_LINE.captures(line) {
                let rest = c.get(1).map_or("", |m| m.as_str()).trim();
                let (text, used) = if rest.is_empty() && i + 1 < zone_end {
                    (lines[i + 1], 2)
                } else {
                    (rest, 1)
                };
                // The number must be all that is left on the line: "LUẬT SỐ
                // 102-SL/L-004 NGÀY … QUY ĐỊNH …" is a kind line, not a number line.
                if let Some(n) = read_number(text).filter(|n| n.len() == text.trim().len()) {
                    if n.contains(' ') {
                        h.notes.push(format!(
                            "dòng {}: số hiệu in có dấu cách (\"{n}\"); đã bỏ dấu cách",
                            i + 1
                        ));
                    }
                    h.number = Some(n.replace(' ', ""));
                    i += used;
                    consumed_upto = i;
                    continue;
                }
            }
        }
        if h.issued.is_none() {
            if let Some(c) = DATE_LINE.captures(line) {
                if let Some(p) = c.get(1) {
                    h.place = Some(p.as_str().trim().to_string());
                }
                h.issued = ymd(&c[4], &c[3], &c[2]);
                if h.issued.is_none() {
                    h.notes
                        .push(format!("dòng {}: ngày \"{line}\" không có thật", i + 1));
                }
                i += 1;
                consumed_upto = i;
                continue;
            }
        }
        if is_session_line(line) && h.kind.is_none() && h.title.is_none() {
            i += 1;
            consumed_upto = i;
            continue;
        }
        if h.kind.is_none() && h.title.is_none() && is_upper_line(line) {
            if let Some((kind, rest)) = kind_line(line) {
                let kind_line_no = i + 1;
                i += 1;
                let mut title_raw = rest.to_string();
                // Copies from web pages put a blank line between all lines.
                if title_raw.is_empty() {
                    while i < zone_end && lines[i].is_empty() {
                        i += 1;
                    }
                }
                if title_raw.is_empty() && i < zone_end && title_line_ok(lines[i]) {
                    title_raw = lines[i].to_string();
                    i += 1;
                }
                // A title line ending in a connector continues on the next line.
                while i < zone_end
                    && ends_with_connector(&title_raw)
                    && title_line_ok(lines[i])
                    && is_upper_line(lines[i])
                {
                    title_raw.push(' ');
                    title_raw.push_str(lines[i]);
                    i += 1;
                }
                // Session lines printed after the title.
                while i < zone_end && is_session_line(lines[i]) {
                    i += 1;
                }
                consumed_upto = i;
                let subject = strip_title_boilerplate(&title_raw, &mut h, kind_line_no);
                match kind {
                    KindLine::Kind(k) => {
                        h.kind = Some(k.to_string());
                        if !subject.is_empty() {
                            h.title = Some(make_title(k, &subject, lines, i));
                        }
                    }
                    KindLine::Designation(word) => {
                        h.notes.push(format!(
                            "dòng {kind_line_no}: \"{}\" không phải loại văn bản; để trống loại",
                            word
                        ));
                        let title = make_title(&sentence_case(word, true), &subject, lines, i);
                        h.title = Some(title);
                    }
                }
                continue;
            }
        }
        unknown.push(i);
        i += 1;
    }
    h.body_start = consumed_upto;
    let dropped: Vec<String> = unknown
        .iter()
        .filter(|&&u| u < consumed_upto)
        .map(|&u| format!("{} (\"{}\")", u + 1, lines[u]))
        .collect();
    if !dropped.is_empty() {
        h.notes.push(format!(
            "dòng đầu văn bản không nhận ra, đã bỏ: {}",
            dropped.join(", ")
        ));
    }
    h
}

enum KindLine {
    Kind(&'static str),
    /// A kind word that is not a kind here ("LUẬT MẪU").
    Designation(&'static str),
}

/// `LUẬT`, `BỘ LUẬT`, `LUẬT GIÁ`, `NGHỊ ĐỊNH` …: the kind and the rest of the line.
fn kind_line(line: &str) -> Option<(KindLine, &str)> {
    for word in NOT_A_KIND {
        if let Some(rest) = line.strip_prefix(word) {
            if rest.is_empty() || rest.starts_with(' ') {
                return Some((KindLine::Designation(word), rest.trim()));
            }
        }
    }
    for (up, name, _) in KINDS {
        if let Some(rest) = line.strip_prefix(up) {
            if rest.is_empty() || rest.starts_with(' ') {
                return Some((KindLine::Kind(name), rest.trim()));
            }
        }
    }
    None
}

/// A line that can be (part of) a title: not the start of the body, not a session line.
fn title_line_ok(line: &str) -> bool {
    !line.is_empty() && !BODY_START.is_match(line) && !is_session_line(line)
}

/// "QUỐC HỘI NƯỚC CỘNG HÒA …", "Khóa XI, kỳ họp thứ 10", "(Từ ngày …)"; but not
/// an old title line that starts the same way ("CỦA QUỐC HỘI NƯỚC … SỐ … VỀ …").
fn is_session_line(line: &str) -> bool {
    SESSION_LINE.is_match(line) && !line.contains(" SỐ ") && !line.contains(" VỀ ")
}

fn ends_with_connector(s: &str) -> bool {
    let s = s.trim_end();
    s.ends_with(',')
        || s.ends_with('-')
        || s.ends_with('–')
        || ["VÀ", "CỦA", "VỀ", "CHO", "TRONG", "Ở", "TẠI", "ĐỐI VỚI"]
            .iter()
            .any(|w| s.ends_with(&format!(" {w}")))
}

/// Remove "CỦA QUỐC HỘI … SỐ x NGÀY y VỀ" from an old title line, taking the
/// number and date from it when the header had none.
fn strip_title_boilerplate(raw: &str, h: &mut Header, line_no: usize) -> String {
    let raw = raw.trim();
    let has_boilerplate = raw.starts_with("CỦA ")
        || raw.starts_with("SỐ ")
        || (raw.contains(" SỐ ") && TITLE_DATE.is_match(raw));
    if !has_boilerplate {
        return raw.to_string();
    }
    if h.number.is_none() {
        if let Some(c) = TITLE_NUMBER.captures(raw) {
            h.number = Some(c[1].trim_end_matches(['.', ',']).to_string());
            h.notes
                .push(format!("dòng {line_no}: số hiệu đọc từ dòng tiêu đề"));
        }
    }
    if h.issued.is_none() {
        if let Some(c) = TITLE_DATE.captures(raw) {
            let d = if c.get(1).is_some() {
                ymd(&c[3], &c[2], &c[1])
            } else {
                ymd(&c[6], &c[5], &c[4])
            };
            if d.is_some() {
                h.issued = d;
                h.notes
                    .push(format!("dòng {line_no}: ngày ban hành đọc từ dòng tiêu đề"));
            }
        }
    }
    // The subject: after the first " VỀ ", else what is left around the number/date.
    if let Some(pos) = raw.find(" VỀ ") {
        return raw[pos + " VỀ ".len()..].trim().to_string();
    }
    let mut s = raw.to_string();
    if let Some(m) = TITLE_DATE.find(&s) {
        let (a, b) = (m.start(), m.end());
        s = format!("{} {}", &s[..a], &s[b..]);
    }
    if let Some(m) = TITLE_NUMBER.find(&s) {
        let (a, b) = (m.start(), m.end());
        s = format!("{} {}", &s[..a], &s[b..]);
    }
    let s = s.replace("CỦA QUỐC HỘI", " ");
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Luật" + "AN TOÀN THÔNG TIN MẠNG" → "Luật An toàn thông tin mạng".
///
/// The printed case is taken from the enacting sentence ("Quốc hội ban hành
/// Luật An toàn thông tin mạng.") when it names the same title; otherwise the
/// title is sentence-cased with the proper nouns that can be recognised safely.
fn make_title(kind: &str, subject: &str, lines: &[&str], from: usize) -> String {
    let named = NAMED_KINDS.contains(&kind);
    // Compared without spaces: the enacting sentence also repairs a title
    // printed with a missing space ("CHỦ NGHĨAVIỆT NAM").
    let squash = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let want = squash(&format!("{kind} {subject}"));
    for line in lines.iter().skip(from).take(15) {
        if let Some(c) = ENACTING.captures(line) {
            let found = c[1].trim();
            if squash(found) != want {
                continue;
            }
            if let Some(rest) = found.get(kind.len()..) {
                let rest = rest.trim_start();
                let rest = if named {
                    capitalize_first(rest)
                } else {
                    rest.to_string()
                };
                return format!("{kind} {rest}");
            }
        }
    }
    format!("{kind} {}", sentence_case(subject, named))
}

fn capitalize_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Proper-noun phrases kept capitalised inside a sentence-cased title, as
/// printed in Vietnamese legal texts. Only names that are always capitalised.
const PROPER: &[&str] = &[
    "Việt Nam",
    "Quốc hội",
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Ủy ban Thường vụ Quốc hội",
    "Uỷ ban Thường vụ Quốc hội",
    "Hội đồng nhân dân",
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "Mặt trận Tổ quốc",
    "Tổ quốc",
    "Tòa án nhân dân",
    "Toà án nhân dân",
    "Viện kiểm sát nhân dân",
    "Công an nhân dân",
    "Quân đội nhân dân",
    "Cộng hòa xã hội chủ nghĩa",
    "Cộng hoà xã hội chủ nghĩa",
    "Hồ Chí Minh",
    "Hà Nội",
    "Liên hợp quốc",
    "Liên hiệp quốc",
    "Ngân hàng Nhà nước",
    "Đảng Cộng sản Việt Nam",
];

/// Sentence case for an upper-case title or issuer; mixed-case text is kept.
pub(super) fn sentence_case(s: &str, capitalize: bool) -> String {
    let s = s.trim();
    if !is_upper_line(s) {
        // Mixed case as printed: only the first letter is decided here (a
        // line-initial capital is not part of a descriptive title), unless
        // the title starts with a proper noun.
        return if capitalize || PROPER.iter().any(|p| s.starts_with(p)) {
            capitalize_first(s)
        } else {
            let mut chars = s.chars();
            match chars.next() {
                Some(c) => c.to_lowercase().chain(chars).collect(),
                None => String::new(),
            }
        };
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out: Vec<String> = words
        .iter()
        .map(|w| {
            if is_acronym(w) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    // Proper-noun phrases, matched on whole words.
    for phrase in PROPER {
        let pw: Vec<&str> = phrase.split(' ').collect();
        let lower: Vec<String> = pw.iter().map(|w| w.to_lowercase()).collect();
        if pw.len() > out.len() {
            continue;
        }
        for start in 0..=out.len() - pw.len() {
            let matches = (0..pw.len()).all(|k| {
                let word = out[start + k].trim_matches(|c: char| !c.is_alphanumeric());
                word == lower[k]
            });
            if matches {
                for (k, p) in pw.iter().enumerate() {
                    if p.chars().next().is_some_and(char::is_uppercase) {
                        out[start + k] = capitalize_word(&out[start + k]);
                    }
                }
            }
        }
    }
    let joined = out.join(" ");
    if capitalize {
        capitalize_first(&joined)
    } else {
        joined
    }
}

/// Capitalise the first letter of a word, skipping leading punctuation ("(việt" → "(Việt").
fn capitalize_word(w: &str) -> String {
    match w.char_indices().find(|(_, c)| c.is_alphabetic()) {
        Some((i, c)) => {
            let mut s = w[..i].to_string();
            s.extend(c.to_uppercase());
            s.push_str(&w[i + c.len_utf8()..]);
            s
        }
        None => w.to_string(),
    }
}

/// `HIV/AIDS`, `(HIV/AIDS)`, `UBND`, `HĐND`: kept upper case.
fn is_acronym(w: &str) -> bool {
    let core = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
    if ["UBND", "HĐND", "MTTQ", "TW", "BCH", "TƯ"].contains(&core) {
        return true;
    }
    core.contains('/')
        && core
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '/')
        && core.chars().any(|c| c.is_ascii_uppercase())
}

/// Issuer names as usually printed in sentence case.
pub(super) fn issuer_case(raw: &str) -> String {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    const KNOWN: &[(&str, &str)] = &[
        ("QUỐC HỘI", "Quốc hội"),
        ("CHÍNH PHỦ", "Chính phủ"),
        ("THỦ TƯỚNG CHÍNH PHỦ", "Thủ tướng Chính phủ"),
        ("CHỦ TỊCH NƯỚC", "Chủ tịch nước"),
        ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
        ("UỶ BAN THƯỜNG VỤ QUỐC HỘI", "Uỷ ban Thường vụ Quốc hội"),
        ("HỘI ĐỒNG NHÀ NƯỚC", "Hội đồng Nhà nước"),
        ("HỘI ĐỒNG BỘ TRƯỞNG", "Hội đồng Bộ trưởng"),
        ("TÒA ÁN NHÂN DÂN TỐI CAO", "Tòa án nhân dân tối cao"),
        ("TOÀ ÁN NHÂN DÂN TỐI CAO", "Toà án nhân dân tối cao"),
        (
            "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
            "Viện kiểm sát nhân dân tối cao",
        ),
        ("KIỂM TOÁN NHÀ NƯỚC", "Kiểm toán nhà nước"),
        ("NGÂN HÀNG NHÀ NƯỚC VIỆT NAM", "Ngân hàng Nhà nước Việt Nam"),
        ("BAN CHẤP HÀNH TRUNG ƯƠNG", "Ban Chấp hành Trung ương"),
        ("BỘ CHÍNH TRỊ", "Bộ Chính trị"),
        ("BAN BÍ THƯ", "Ban Bí thư"),
    ];
    if let Some((_, name)) = KNOWN.iter().find(|(up, _)| *up == raw) {
        return name.to_string();
    }
    if !is_upper_line(&raw) {
        return raw;
    }
    // Party committees: "TỈNH ỦY GIA LAI" → "Tỉnh ủy Gia Lai".
    for committee in [
        "TỈNH ỦY",
        "TỈNH UỶ",
        "THÀNH ỦY",
        "THÀNH UỶ",
        "HUYỆN ỦY",
        "HUYỆN UỶ",
    ] {
        if let Some(rest) = raw.strip_prefix(committee) {
            return format!("{}{}", sentence_case(committee, true), title_case(rest));
        }
    }
    // Local bodies: the place name after "TỈNH", "HUYỆN"… is title-cased.
    for unit in [
        " THÀNH PHỐ ",
        " TỈNH ",
        " HUYỆN ",
        " QUẬN ",
        " THỊ XÃ ",
        " XÃ ",
        " PHƯỜNG ",
        " THỊ TRẤN ",
    ] {
        if let Some(pos) = raw.find(unit) {
            let (body, place) = raw.split_at(pos);
            let place = place
                .trim_start()
                .strip_prefix(unit.trim())
                .unwrap_or(place);
            return format!(
                "{} {}{}",
                issuer_case(body),
                unit.trim().to_lowercase(),
                title_case(place)
            );
        }
    }
    // Ministries and departments: "BỘ THÔNG TIN VÀ TRUYỀN THÔNG" → "Bộ Thông tin và Truyền thông".
    for head in ["BỘ ", "SỞ "] {
        if let Some(rest) = raw.strip_prefix(head) {
            let mut out = capitalize_first(&head.trim().to_lowercase());
            let mut cap_next = true;
            for w in rest.split_whitespace() {
                out.push(' ');
                let lw = w.to_lowercase();
                if cap_next {
                    out.push_str(&capitalize_word(&lw));
                } else {
                    out.push_str(&lw);
                }
                cap_next = lw == "và" || w.ends_with(',') || w == "-" || w == "–";
            }
            return out;
        }
    }
    sentence_case(&raw, true)
}

/// " GIA LAI" → " Gia Lai".
fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| format!(" {}", capitalize_word(&w.to_lowercase())))
        .collect()
}

/// A number at the start of `text` (`86/2015/QH13`, `21-LCT/HĐNN8`, `73/2006/QH 11`).
fn read_number(text: &str) -> Option<String> {
    let c = NUMBER.captures(text.trim())?;
    let n = c[1].trim_end_matches(['.', ',', '-', '–']).to_string();
    // A bare integer is not a số hiệu.
    if n.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some(n)
}

pub(super) fn ymd(y: &str, m: &str, d: &str) -> Option<Date> {
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// The signature block found at the end of the document.
#[derive(Debug, Default)]
pub(super) struct Signature {
    pub signer: Option<String>,
    /// 0-based lines to leave out of the body.
    pub dropped: Vec<usize>,
}

/// Signature titles: `CHỦ TỊCH QUỐC HỘI`, `TM. CHÍNH PHỦ`, `KT. BỘ TRƯỞNG` …
static SIGNATURE_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:TM|KT|TL|TUQ|Q)\.\s*\S.*|(?:PHÓ\s+)?(?:CHỦ TỊCH|THỦ TƯỚNG|BỘ TRƯỞNG|THỨ TRƯỞNG|TỔNG BÍ THƯ|BÍ THƯ|CHÁNH ÁN|VIỆN TRƯỞNG|TỔNG KIỂM TOÁN|GIÁM ĐỐC|CHÁNH VĂN PHÒNG|TỔNG THƯ KÝ|CHỦ NHIỆM|TRƯỞNG BAN|THỐNG ĐỐC)(?:\s.*)?)$")
        .expect("valid regex")
});
static SIGNED_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[(\[]?\s*(?i:đã ký)\s*[)\]]?\.?$").expect("valid regex"));
static RECIPIENTS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?i:nơi nhận)\s*:").expect("valid regex"));

/// A personal name: 2–6 capitalised words of letters only ("Nguyễn Sinh Hùng").
fn is_name(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && line.chars().count() <= 40
        && words.iter().all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.clone().all(char::is_alphabetic)
                && cs.all(char::is_lowercase)
        })
}

/// Find the signature block at or after line index `from`: a signature title
/// followed by the signer's name (optionally "(Đã ký)"), or a name followed by
/// "(Đã ký)". A "Nơi nhận:" recipient list is left out with it.
pub(super) fn find_signature(lines: &[&str], from: usize) -> Option<Signature> {
    let mut i = from;
    while i < lines.len() {
        let line = lines[i];
        if is_upper_line(line) && line.chars().count() <= 80 && SIGNATURE_TITLE.is_match(line) {
            // Title lines, then "(Đã ký)" marks, then the name.
            let mut j = i + 1;
            while j < lines.len()
                && (lines[j].is_empty()
                    || SIGNED_MARK.is_match(lines[j])
                    || (is_upper_line(lines[j]) && SIGNATURE_TITLE.is_match(lines[j])))
            {
                j += 1;
            }
            if j < lines.len() && is_name(lines[j]) {
                let mut end = j;
                while end + 1 < lines.len() && SIGNED_MARK.is_match(lines[end + 1]) {
                    end += 1;
                }
                let mut sig = Signature {
                    signer: Some(lines[j].to_string()),
                    dropped: (i..=end).collect(),
                };
                add_recipients(lines, from, &mut sig);
                return Some(sig);
            }
        }
        if is_name(line) && i + 1 < lines.len() && SIGNED_MARK.is_match(lines[i + 1]) {
            let mut sig = Signature {
                signer: Some(line.to_string()),
                dropped: vec![i, i + 1],
            };
            add_recipients(lines, from, &mut sig);
            return Some(sig);
        }
        i += 1;
    }
    // No signer, but maybe a recipient list.
    let mut sig = Signature::default();
    add_recipients(lines, from, &mut sig);
    (!sig.dropped.is_empty()).then_some(sig)
}

/// "Nơi nhận:" and the `- …` lines under it.
fn add_recipients(lines: &[&str], from: usize, sig: &mut Signature) {
    if let Some(start) = (from..lines.len()).find(|&k| RECIPIENTS.is_match(lines[k])) {
        let mut k = start + 1;
        while k < lines.len() && (lines[k].starts_with(['-', '–', '+', '•']) || lines[k].is_empty())
        {
            k += 1;
        }
        for idx in start..k {
            if !sig.dropped.contains(&idx) {
                sig.dropped.push(idx);
            }
        }
        sig.dropped.sort_unstable();
    }
}

/// What the adoption sentence says.
#[derive(Debug)]
pub(super) struct Closing {
    pub kind: Option<String>,
    pub issuer: Option<String>,
    pub date: Option<Date>,
    /// 1-based line.
    pub line: usize,
}

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(Bộ luật|Luật|Pháp lệnh|Nghị quyết) này (?:đã )?được (.+?)\s+(?:biểu quyết\s+)?thông qua(?: vào)? ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})")
        .expect("valid regex")
});

/// "Luật này đã được Quốc hội nước … thông qua ngày 19 tháng 11 năm 2015."
pub(super) fn closing_formula(lines: &[&str]) -> Option<Closing> {
    let (idx, c) = lines
        .iter()
        .enumerate()
        .rev()
        .find_map(|(i, l)| CLOSING.captures(l).map(|c| (i, c)))?;
    let by = &c[2];
    let issuer = if by.starts_with("Quốc hội") {
        Some("Quốc hội".to_string())
    } else if by.starts_with("Ủy ban thường vụ Quốc hội")
        || by.starts_with("Ủy ban Thường vụ Quốc hội")
    {
        Some("Ủy ban Thường vụ Quốc hội".to_string())
    } else {
        None
    };
    Some(Closing {
        kind: Some(c[1].to_string()),
        issuer,
        date: ymd(&c[5], &c[4], &c[3]),
        line: idx + 1,
    })
}
