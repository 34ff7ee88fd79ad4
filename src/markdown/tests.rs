use super::*;

const LAW: &str = "\
Căn cứ Hiến pháp;

## Chương I. NHỮNG QUY ĐỊNH CHUNG

#### Điều 1. Phạm vi điều chỉnh

Luật này quy định về an toàn thông tin mạng.

#### Điều 2. Giải thích từ ngữ

1\\. Mạng là môi trường.

a) điểm a;

đ) điểm đ.

2\\. Hệ thống thông tin là tập hợp.

## Chương II

### Mục 1. BẢO VỆ

#### Điều 3. Nguyên tắc

1. Khoản một trong danh sách.
2. Khoản hai.
";

#[test]
fn law_ids_toc_and_records() {
    let r = render(LAW, true, &NoLinks);
    let ids: Vec<&str> = r.anchors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "chuong-i",
            "dieu-1",
            "dieu-2",
            "dieu-2-khoan-1",
            "dieu-2-khoan-1-diem-a",
            "dieu-2-khoan-1-diem-dd",
            "dieu-2-khoan-2",
            "chuong-ii",
            "chuong-ii-muc-1",
            "dieu-3",
            "dieu-3-khoan-1",
            "dieu-3-khoan-2",
        ]
    );
    for id in &ids {
        assert!(
            r.html.contains(&format!("id=\"{id}\"")),
            "{id} missing in html"
        );
    }
    assert_eq!(r.records.len(), 3);
    assert_eq!(r.records[1].label, "Điều 2");
    assert_eq!(r.records[1].breadcrumb, ["Chương I"]);
    assert_eq!(r.records[2].breadcrumb, ["Chương II", "Mục 1"]);
    assert!(r.records[1].text.contains("Mạng là môi trường"));
    assert_eq!(r.intro, "Căn cứ Hiến pháp;");
    let labels: Vec<&str> = r.anchors.iter().map(|a| a.label.as_str()).collect();
    assert!(labels.contains(&"điểm a khoản 1 Điều 2"), "{labels:?}");
    // Heading levels follow the structure, not the author's hashes.
    assert!(r.html.contains("<h2 id=\"chuong-i\""));
    assert!(r.html.contains("<h3 id=\"dieu-1\""));
    assert!(r.html.contains("<h4 id=\"dieu-3\""));
    // Fragments are whole provisions.
    let frag = r.fragment("dieu-2").unwrap();
    assert!(frag.starts_with("<h3 id=\"dieu-2\""));
    assert!(frag.contains("Hệ thống thông tin"));
    assert!(!frag.contains("Chương II"));
    assert_eq!(
        r.toc.iter().map(|t| t.depth).collect::<Vec<_>>(),
        [0, 1, 1, 0, 1, 2]
    );
}

#[test]
fn plan_ids() {
    let plan = "## I. THỰC TRẠNG\n\n### 1. Tình hình\n\n#### a) Các sở, ban, ngành:\n\n- Sở A\n- Sở B\n\n## II. MỤC ĐÍCH\n\n### 1. Mục đích:\n\na) Triển khai.\n\nb) Kiện toàn.\n";
    let r = render(plan, true, &NoLinks);
    let ids: Vec<&str> = r.anchors.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "phan-i",
            "phan-i-1",
            "phan-i-1-a",
            "phan-ii",
            "phan-ii-1",
            "phan-ii-1-a",
            "phan-ii-1-b"
        ]
    );
    assert!(r.html.contains("<li>Sở A</li>"));
}

#[test]
fn duplicates_get_suffixes_and_warnings() {
    let r = render("#### Điều 1. A\n\n#### Điều 1. B\n", true, &NoLinks);
    assert_eq!(r.anchors[1].id, "dieu-1-2");
    assert_eq!(r.issues.len(), 1);
    assert!(!r.issues[0].error);
}

#[test]
fn code_is_highlighted_with_classes() {
    let r = render("```toml\nnumber = \"1\"\n```\n", false, &NoLinks);
    assert!(r.html.contains("class=\"hl-"), "{}", r.html);
    assert!(!r.html.contains("style="));
}

#[test]
fn tables_and_pages_without_structure() {
    let r = render(
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n1. một\n2. hai\n",
        false,
        &NoLinks,
    );
    assert!(r.html.contains("<th>a</th>"), "{}", r.html);
    assert!(r.html.contains("<ol>"));
    assert!(r.anchors.is_empty());
}

#[test]
fn collapsing_white_space_splits_where_char_is_whitespace_does() {
    let reference = |text: &str| {
        text.split(char::is_whitespace)
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Every white space code point, and neighbours that share a lead byte.
    let pieces: Vec<char> = (0..=0x3001u32)
        .filter_map(char::from_u32)
        .filter(|c| {
            c.is_whitespace()
                || matches!(*c as u32, 0x80..=0xBF | 0x1600..=0x16FF | 0x2000..=0x20FF | 0x3001)
        })
        .chain("aĐđờ ủ".chars())
        .collect();
    let mut seed = 7u64;
    for _ in 0..2000 {
        let mut text = String::new();
        for _ in 0..12 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push(pieces[(seed >> 33) as usize % pieces.len()]);
        }
        assert_eq!(
            super::collapse_whitespace(&text),
            reference(&text),
            "{text:?}"
        );
        // Long enough for the vectorised scan, with white space of every kind.
        let words = "Điều 5. Quy định chung về chuyển đổi số ".repeat(3);
        let long = format!("{text}{words}{text}  ");
        assert_eq!(super::collapsed(long.clone()), reference(&long), "{long:?}");
    }
    let plain = "Điều 5. Quy định chung về chuyển đổi số ".repeat(4);
    assert_eq!(super::collapsed(plain.clone()), plain.trim_end());
    assert_eq!(super::lowercase_first("Điều 5"), "điều 5");
    assert_eq!(super::lowercase_first("Khoản 2"), "khoản 2");
}

/// Links every "Điều 9" as a checked citation, numbered in text order;
/// every quotation is number 0.
#[derive(Default)]
struct CiteNine(std::cell::Cell<u32>);

impl Links for CiteNine {
    fn resolve(&self, _dest: &str, _offset: usize) -> Option<Result<String, String>> {
        None
    }
    fn cite(&self, text: &str, _article: Option<&str>) -> Vec<CiteLink> {
        text.match_indices("Điều 9")
            .map(|(at, m)| {
                let check = self.0.get();
                self.0.set(check + 1);
                CiteLink {
                    span: at..at + m.len(),
                    href: format!("x/#c{check}"),
                    check: Some(check),
                }
            })
            .collect()
    }
    fn quote(&self, _args: &str, _offset: usize) -> Result<u32, String> {
        Ok(0)
    }
}

#[test]
fn checked_citations_and_quotations_are_placed_by_data() {
    let body = "#### Điều 1. A\n\nTheo Điều 9 và *Điều 9* \0 nữa.\n\n{{ trich(vb=\"1\", dieu=1) }}\n\n| c |\n|---|\n| Điều 9 |\n\n#### Điều 2. B\n\nHết.\n";
    let r = render(body, true, &CiteNine::default());
    // A NUL of the text is a space; none is left from the placing.
    assert!(!r.html.contains('\0'), "{}", r.html);
    assert!(r.html.contains("</em>   nữa."), "{}", r.html);
    let checks: Vec<u32> = r.cites.iter().map(|c| c.check).collect();
    assert_eq!(checks, [0, 1, 2]);
    for c in &r.cites {
        let open = format!("<a class=\"cite\" href=\"x/#c{}\">", c.check);
        assert_eq!(&r.html[c.open.clone()], open);
        assert_eq!(&r.html[c.open.end..c.close], "Điều 9");
        assert_eq!(&r.html[c.close..c.close + 4], "</a>");
    }
    // The quotation stands inside Điều 1, after the paragraph before it.
    assert_eq!(r.quotes.len(), 1);
    let spot = r.quotes[0].at;
    let dieu1 = r.anchor("dieu-1").unwrap().range.clone();
    assert!(dieu1.contains(&spot) && r.html[..spot].ends_with("</p>\n"));
}
