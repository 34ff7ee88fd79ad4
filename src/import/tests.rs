//! Tests for `import`: header shapes and irregular structures from the real
//! corpus (`../shared/corpus/vn-laws`, one table row per case, naming the file
//! it came from), an all-files check, and small synthetic texts for what the
//! corpus does not have (other kinds, errors, escaping, TOML output).

use std::path::{Path, PathBuf};

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use super::*;

/// The 208 real laws; a test that reads them fails, never passes, without them.
fn corpus_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/vn-laws");
    assert!(
        dir.is_dir(),
        "{} is missing: this test reads the real texts of ../shared/corpus, \
         which must be checked out next to the repository",
        dir.display()
    );
    dir
}

fn import_file(dir: &Path, name: &str) -> Imported {
    let path = dir.join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    import_text(&text, &ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Expect `None`.
const NONE: &str = "∅";
/// Do not check.
const ANY: &str = "*";

fn check(file: &str, field: &str, got: Option<String>, want: &str) {
    match want {
        ANY => {}
        NONE => assert_eq!(got, None, "{file}: {field}"),
        w => assert_eq!(got.as_deref(), Some(w), "{file}: {field}"),
    }
}

struct HeaderCase {
    file: &'static str,
    shape: &'static str,
    number: &'static str,
    kind: &'static str,
    issuer: &'static str,
    issued: &'static str,
    title: &'static str,
    signer: &'static str,
    effective: &'static str,
}

const HEADERS: &[HeaderCase] = &[
    HeaderCase {
        file: "Luat-an-toan-thong-tin-mang-2015-298365.txt",
        shape: "standard: issuer and dashes on one line, 'Luật số:'",
        number: "86/2015/QH13",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2015-11-19",
        title: "Luật An toàn thông tin mạng",
        signer: "Nguyễn Sinh Hùng",
        effective: "2016-07-01",
    },
    HeaderCase {
        file: "Bo-Luat-lao-dong-2019-333670.txt",
        shape: "'Bộ luật số:', dashes on their own line, kind BỘ LUẬT",
        number: "45/2019/QH14",
        kind: "Bộ luật",
        issuer: "Quốc hội",
        issued: "2019-11-20",
        title: "Bộ luật Lao động",
        signer: "Nguyễn Thị Kim Ngân",
        effective: "2021-01-01",
    },
    HeaderCase {
        file: "Bo-luat-hinh-su-2015-296661.txt",
        shape: "'Số:' without kind word",
        number: "100/2015/QH13",
        kind: "Bộ luật",
        issuer: "Quốc hội",
        issued: "2015-11-27",
        title: "Bộ luật Hình sự",
        signer: ANY,
        effective: "2016-07-01",
    },
    HeaderCase {
        file: "Bo-luat-to-tung-hinh-su-2015-296884.txt",
        shape: "NFD input",
        number: "101/2015/QH13",
        kind: "Bộ luật",
        issuer: "Quốc hội",
        issued: "2015-11-27",
        title: "Bộ luật Tố tụng hình sự",
        signer: "Nguyễn Sinh Hùng",
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-cong-nghe-thong-tin-2006-67-2006-QH11-12987.txt",
        shape: "session lines between date and kind",
        number: "67/2006/QH11",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2006-06-29",
        title: "Luật Công nghệ thông tin",
        signer: ANY,
        effective: "2007-01-01",
    },
    HeaderCase {
        file: "Luat-Binh-dang-gioi-2006-73-2006-QH11-15866.txt",
        shape: "number printed 'QH 11', asterisk separators",
        number: "73/2006/QH11",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2006-06-29",
        title: "Luật Bình đẳng giới",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Dien-Luc-2004-28-2004-QH11-18056.txt",
        shape: "'ngày03' without space",
        number: "28/2004/QH11",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2004-12-03",
        title: "Luật Điện lực",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Luc-luong-du-bi-dong-vien-2019-351558.txt",
        shape: "'Ngày' capitalised",
        number: "53/2019/QH14",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2019-11-26",
        title: ANY,
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-phong-chong-nhiem-vi-rut-gay-ra-hoi-chung-suy-giam-mien-dich-mac-phai-o-nguoi-HIV-AIDS-2006-64-2006-QH11-12980.txt",
        shape: "'Số:' with the number on the next line; acronym in title",
        number: "64/2006/QH11",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2006-06-29",
        title: "Luật Phòng, chống nhiễm vi rút gây ra hội chứng suy giảm miễn dịch mắc phải ở người (HIV/AIDS)",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Cac-cong-cu-chuyen-nhuong-2005-49-2005-QH11-7023.txt",
        shape: "motto and separators on four lines, session lines",
        number: "49/2005/QH11",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2005-11-29",
        title: "Luật Các công cụ chuyển nhượng",
        signer: "Nguyễn Văn An",
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Dau-khi-1993-18-L-CTN-38474.txt",
        shape: "old number, title 'SỐ … NGÀY … CỦA QUỐC HỘI VỀ DẦU KHÍ'",
        number: "18-L/CTN",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "1993-07-06",
        title: "Luật Dầu khí",
        signer: "Lê Đức Anh",
        effective: "1993-09-01",
    },
    HeaderCase {
        file: "Luat-Bao-ve-suc-khoe-nhan-dan-1989-21-LCT-HDNN8-37690.txt",
        shape: "number with Đ, title 'CỦA QUỐC HỘI SỐ … VỀ …', no effective date",
        number: "21-LCT/HĐNN8",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "1989-06-30",
        title: "Luật Bảo vệ sức khoẻ nhân dân",
        signer: "Võ Chí Công",
        effective: NONE,
    },
    HeaderCase {
        file: "Luat-thue-Su-dung-Dat-Nong-nghiep-1993-23-L-CTN-38480.txt",
        shape: "title 'THUẾ … SỐ … NGÀY … CỦA QUỐC HỘI' (subject before the number)",
        number: "23-L/CTN",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "1993-07-10",
        title: "Luật Thuế sử dụng đất nông nghiệp",
        signer: "Lê Đức Anh",
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Giao-thong-duong-thuy-noi-dia-2004-23-2004-QH11-52184.txt",
        shape: "title 'CỦA QUỐC HỘI NƯỚC … SỐ … NGÀY … VỀ …'",
        number: "23/2004/QH11",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2004-06-15",
        title: "Luật Giao thông đường thuỷ nội địa",
        signer: "Nguyễn Văn An",
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-buu-chinh-2010-108080.txt",
        shape: "kind and title on one line 'LUẬT BƯU CHÍNH'",
        number: "49/2010/QH12",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2010-06-17",
        title: "Luật Bưu chính",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-quy-hoach-do-thi-2009-30-2009-QH12-90631.txt",
        shape: "session line after the title",
        number: "30/2009/QH12",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2009-06-17",
        title: "Luật Quy hoạch đô thị",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Thi-hanh-an-hinh-su-2019-387991.txt",
        shape: "no date line: issued from 'Luật này được Quốc hội … thông qua ngày'",
        number: "41/2019/QH14",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2019-06-14",
        title: "Luật Thi hành án hình sự",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Bien-gioi-Quoc-gia-2003-06-2003-QH11-51044.txt",
        shape: "no header at all: kind, issuer, date from the adoption sentence",
        number: NONE,
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2003-06-17",
        title: NONE,
        signer: "Nguyễn Văn An",
        effective: "2004-01-01",
    },
    HeaderCase {
        file: "Luat-quyen-lap-hoi-1957-102-SL-L-004-36792.txt",
        shape: "1957: 'SẮC LỆNH', number and date inside the kind line",
        number: "102-SL/L-004",
        kind: "Luật",
        issuer: NONE,
        issued: "1957-05-20",
        title: "Luật Quy định quyền lập hội",
        signer: "Hồ Chí Minh",
        effective: NONE,
    },
    HeaderCase {
        file: "Luat-quyen-tu-do-hoi-hop-1957-101-SL-L-003-36793.txt",
        shape: "1957: number and date in the title line",
        number: "101-SL/L.003",
        kind: "Luật",
        issuer: NONE,
        issued: "1957-05-20",
        title: "Luật Quy định quyền tự do hội họp",
        signer: "Hồ Chí Minh",
        effective: NONE,
    },
    HeaderCase {
        file: "Luat-mau-ve-trong-tai-thuong-mai-quoc-te-cua-Uy-ban-lien-hiep-quoc-ve-Luat-thuong-mai-quoc-te-1985-81043.txt",
        shape: "'LUẬT MẪU' (UNCITRAL model law): no kind, number, issuer, date",
        number: NONE,
        kind: NONE,
        issuer: NONE,
        issued: NONE,
        title: "Luật mẫu về trọng tài thương mại quốc tế của ủy ban Liên hiệp quốc về luật thương mại quốc tế",
        signer: NONE,
        effective: NONE,
    },
    HeaderCase {
        file: "Luat-viec-hien-lay-ghep-mo-bo-phan-co-the-nguoi-va-hien-lay-xac-2006-75-2006-QH11-15868.txt",
        shape: "no kind/title lines: kind from the adoption sentence, title missing",
        number: "75/2006/QH11",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2006-11-29",
        title: NONE,
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-co-quan-dai-dien-nuoc-Cong-hoa-xa-hoi-chu-nghia-Viet-Nam-o-nuoc-ngoai-2009-33-2009-QH12-90632.txt",
        shape: "title printed 'NGHĨAVIỆT NAM': spacing and case from the enacting sentence",
        number: "33/2009/QH12",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2009-06-18",
        title: "Luật Cơ quan đại diện nước Cộng hòa xã hội chủ nghĩa Việt Nam ở nước ngoài",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-To-chuc-Quoc-hoi-2014-259784.txt",
        shape: "proper noun inside the title",
        number: "57/2014/QH13",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2014-11-20",
        title: "Luật Tổ chức Quốc hội",
        signer: ANY,
        effective: ANY,
    },
    HeaderCase {
        file: "Luat-Dau-tu-so-61-2020-QH14-321051.txt",
        shape: "signature before an appendix; effective 'từ ngày …, trừ …'",
        number: "61/2020/QH14",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2020-06-17",
        title: "Luật Đầu tư",
        signer: "Nguyễn Thị Kim Ngân",
        effective: "2021-01-01",
    },
    HeaderCase {
        file: "Luat-67-2011-QH12-kiem-toan-doc-lap-122184.txt",
        shape: "effective sentence with a typo ('ngày 2012'): left out, not guessed",
        number: "67/2011/QH12",
        kind: "Luật",
        issuer: "Quốc hội",
        issued: "2011-03-29",
        title: "Luật Kiểm toán độc lập",
        signer: ANY,
        effective: NONE,
    },
];

#[test]
fn header_table() {
    let dir = corpus_dir();
    for c in HEADERS {
        let imp = import_file(&dir, c.file);
        let f = &imp.front;
        println!("{}: {}", c.file, c.shape);
        check(c.file, "number", f.number.clone(), c.number);
        check(c.file, "kind", f.kind.clone(), c.kind);
        check(c.file, "issuer", f.issuer.clone(), c.issuer);
        check(c.file, "issued", f.issued.map(|d| d.iso()), c.issued);
        check(c.file, "title", f.title.clone(), c.title);
        check(c.file, "signer", f.signer.clone(), c.signer);
        check(
            c.file,
            "effective",
            f.effective.map(|d| d.iso()),
            c.effective,
        );
        // Whatever is None is named in the report.
        for (name, present) in [
            ("number", f.number.is_some()),
            ("kind", f.kind.is_some()),
            ("issuer", f.issuer.is_some()),
            ("issued", f.issued.is_some()),
            ("title", f.title.is_some()),
            ("signer", f.signer.is_some()),
            ("effective", f.effective.is_some()),
        ] {
            assert_eq!(
                imp.report.missing.contains(&name),
                !present,
                "{}: report.missing and {name}",
                c.file
            );
        }
    }
    assert!(HEADERS.len() >= 20);
}

struct StructureCase {
    file: &'static str,
    what: &'static str,
    /// Source line of the irregularity and how it must be reported.
    line: usize,
    kind: Option<IrregularKind>,
    /// Text the body must contain / must not contain.
    has: &'static [&'static str],
    lacks: &'static [&'static str],
}

const STRUCTURES: &[StructureCase] = &[
    StructureCase {
        file: "Bo-luat-to-tung-hinh-su-2015-296884.txt",
        what: "'Ðiều' typed with Ð (U+00D0)",
        line: 2766,
        kind: Some(IrregularKind::Homoglyph),
        has: &["\n#### Điều 413. Phạm vi áp dụng\n"],
        lacks: &["Ð"],
    },
    StructureCase {
        file: "Bo-luat-hinh-su-2015-296661.txt",
        what: "'Ðiều 317' with Ð: counted, so no false gap 316 → 318",
        line: 3891,
        kind: Some(IrregularKind::Homoglyph),
        has: &["\n#### Điều 317. Tội vi phạm quy định về vệ sinh an toàn thực phẩm\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Quan-ly-no-cong-337165.txt",
        what: "typo 'Điền 25.' as next article",
        line: 204,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 25. Mục đích vay của Chính phủ\n"],
        lacks: &["Điền 25"],
    },
    StructureCase {
        file: "Luat-Bau-cu-dai-bieu-Quoc-hoi-va-dai-bieu-Hoi-dong-nhan-dan-2015-282376.txt",
        what: "typo 'Điền 47.'",
        line: 294,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 47. Ủy ban thường vụ Quốc hội điều chỉnh lần thứ hai\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Si-quan-Quan-doi-nhan-dan-Viet-Nam-1999-16-1999-QH10-46063.txt",
        what: "'Điều15.' without space",
        line: 120,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 15. Cấp bậc quân hàm cao nhất"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-cong-nghe-thong-tin-2006-67-2006-QH11-12987.txt",
        what: "'Điều 24:Nguyên tắc' colon, no space",
        line: 189,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 24. Nguyên tắc ứng dụng công nghệ thông tin"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-cong-nghe-thong-tin-2006-67-2006-QH11-12987.txt",
        what: "'Điều 5 Chính sách' without separator",
        line: 40,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 5. Chính sách của Nhà nước về ứng dụng"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Bien-gioi-Quoc-gia-2003-06-2003-QH11-51044.txt",
        what: "bare 'Điều 1', text on the next line (not a title)",
        line: 7,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 1\n\nBiên giới quốc gia của nước"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-da-dang-sinh-hoc-2008-20-2008-QH12-82200.txt",
        what: "'Điều 31.' with its title on the next line",
        line: 243,
        kind: Some(IrregularKind::ArticleTitleNextLine),
        has: &["\n#### Điều 31. Quyền và nghĩa vụ của tổ chức, cá nhân có hoạt động hợp pháp trong khu bảo tồn\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-quyen-lap-hoi-1957-102-SL-L-004-36792.txt",
        what: "'Điều 1.' followed by a sentence (kept as body, not a title)",
        line: 8,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 1\n\nQuyền lập hội của nhân dân"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-mau-ve-trong-tai-thuong-mai-quoc-te-cua-Uy-ban-lien-hiep-quoc-ve-Luat-thuong-mai-quoc-te-1985-81043.txt",
        what: "'Điều 1: PHẠM VI ÁP DỤNG' colon",
        line: 16,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n#### Điều 1. PHẠM VI ÁP DỤNG\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Ngan-hang-Nha-nuoc-Viet-Nam-2010-108078.txt",
        what: "wrapped cross-reference 'Điều 11 của Luật này.' joined to its clause",
        line: 140,
        kind: Some(IrregularKind::NotAnArticle),
        has: &["theo quy định tại điểm a khoản 2 Điều 11 của Luật này.\n"],
        lacks: &["#### Điều 11 của"],
    },
    StructureCase {
        file: "Luat-so-72-2020-QH14-Bao-ve-moi-truong-2020-431147.txt",
        what: "'a) Bãi bỏ' + 'Điều 37 và điểm đ …' joined",
        line: 1939,
        kind: Some(IrregularKind::LineJoined),
        has: &["\na) Bãi bỏ Điều 37 và điểm đ khoản 1 Điều 38;\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-so-66-2020-QH14-Bien-phong-Viet-Nam-2020-439845.txt",
        what: "'Điều 21 của Luật Biên giới …' under an article heading: a paragraph",
        line: 277,
        kind: Some(IrregularKind::NotAnArticle),
        has: &["\n\nĐiều 21 của Luật Biên giới quốc gia số 06/2003/QH11 như sau:\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-quy-hoach-322935.txt",
        what: "bare 'Điều 11' in the appendix table (number goes back): not an article",
        line: 827,
        kind: Some(IrregularKind::NotAnArticle),
        has: &["\n\nĐiều 11\n\n"],
        lacks: &["#### Điều 11\n"],
    },
    StructureCase {
        file: "Bo-Luat-lao-dong-2019-333670.txt",
        what: "article quoted by an amendment '“Điều 54. …'",
        line: 1298,
        kind: Some(IrregularKind::QuotedArticle),
        has: &["\n“Điều 54. Điều kiện hưởng lương hưu\n"],
        lacks: &["#### Điều 54. Điều kiện hưởng lương hưu"],
    },
    StructureCase {
        file: "Luat-Binh-dang-gioi-2006-73-2006-QH11-15866.txt",
        what: "'Chương II' without title",
        line: 64,
        kind: Some(IrregularKind::HeadingTitleMissing),
        has: &["\n## Chương II\n\n#### Điều 11."],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Binh-dang-gioi-2006-73-2006-QH11-15866.txt",
        what: "chapter title without its 'Chương' line",
        line: 224,
        kind: Some(IrregularKind::OrphanTitle),
        has: &["\n\nTHANH TRA, GIÁM SÁT VÀ XỬ LÝ VI PHẠM PHÁP LUẬT VỀ BÌNH ĐẲNG GIỚI\n\n#### Điều 35."],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Hoa-giai-doi-thoai-tai-Toa-an-so-58-2020-QH14-395767.txt",
        what: "'Chương l' (lower-case L) as first chapter",
        line: 9,
        kind: Some(IrregularKind::HeadingNumberRepaired),
        has: &["\n## Chương I. NHỮNG QUY ĐỊNH CHUNG\n"],
        lacks: &["Chương l"],
    },
    StructureCase {
        file: "Luat-Phong-chong-tham-nhung-322049.txt",
        what: "Mục title split over two lines",
        line: 504,
        kind: Some(IrregularKind::HeadingTitleSplit),
        has: &["\n### Mục 1. XÂY DỰNG VĂN HÓA KINH DOANH LÀNH MẠNH, KHÔNG THAM NHŨNG\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Phong-chong-tham-nhung-322049.txt",
        what: "'Tiểu mục 1' with its title on the next line",
        line: 208,
        kind: None,
        has: &["\n#### Tiểu mục 1. THẨM QUYỀN, TRÁCH NHIỆM CỦA CƠ QUAN"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-The-duc-The-thao-2006-77-2006-QH11-15870.txt",
        what: "'Mục.2' with the title on the next line",
        line: 221,
        kind: None,
        has: &["\n### Mục 2. THỂ THAO CHUYÊN NGHIỆP\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Giao-dich-dien-tu-2005-51-2005-QH11-6922.txt",
        what: "'Mục 1:GIÁ TRỊ' and 'Mục 3 : QUẢN LÝ'",
        line: 118,
        kind: None,
        has: &[
            "\n### Mục 1. GIÁ TRỊ PHÁP LÝ CỦA CHỮ KÝ ĐIỆN TỬ\n",
            "\n### Mục 3. QUẢN LÝ DỊCH VỤ CHỨNG THỰC CHỮ KÝ ĐIỆN TỬ\n",
        ],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Cac-cong-cu-chuyen-nhuong-2005-49-2005-QH11-7023.txt",
        what: "'Mục II' (roman) with the title on the next line",
        line: 111,
        kind: None,
        has: &["\n### Mục II. CHẤP NHẬN HỐI PHIẾU ĐÒI NỢ\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-So-huu-tri-tue-2005-50-2005-QH11-7022.txt",
        what: "'PHẦN THỨ NHẤT' in capitals",
        line: 12,
        kind: None,
        has: &["\n## Phần thứ nhất. NHỮNG QUY ĐỊNH CHUNG\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-viec-hien-lay-ghep-mo-bo-phan-co-the-nguoi-va-hien-lay-xac-2006-75-2006-QH11-15868.txt",
        what: "'Mục 3' without title",
        line: 185,
        kind: Some(IrregularKind::HeadingTitleMissing),
        has: &["\n### Mục 3\n\n#### Điều 26."],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-viec-hien-lay-ghep-mo-bo-phan-co-the-nguoi-va-hien-lay-xac-2006-75-2006-QH11-15868.txt",
        what: "two title lines without their Chương/Mục lines",
        line: 240,
        kind: Some(IrregularKind::OrphanTitle),
        has: &["\n\nNGÂN HÀNG MÔ VÀ TRUNG TÂM ĐIỀU PHỐI QUỐC GIA\n\nVỀ GHÉP BỘ PHẬN CƠ THỂ NGƯỜI\n\n#### Điều 35."],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-mau-ve-trong-tai-thuong-mai-quoc-te-cua-Uy-ban-lien-hiep-quoc-ve-Luat-thuong-mai-quoc-te-1985-81043.txt",
        what: "table of contents before the first chapter",
        line: 6,
        kind: Some(IrregularKind::TableOfContents),
        has: &[
            "\n\nCHƯƠNG I: NHỮNG QUY ĐỊNH CHUNG\n\nCHƯƠNG II: THOẢ THUẬN TRỌNG TÀI\n",
            "\n## Chương I. NHỮNG QUY ĐỊNH CHUNG\n",
        ],
        lacks: &["## Chương II. THOẢ THUẬN TRỌNG TÀI\n\n## Chương III"],
    },
    StructureCase {
        file: "Luat-mau-ve-trong-tai-thuong-mai-quoc-te-cua-Uy-ban-lien-hiep-quoc-ve-Luat-thuong-mai-quoc-te-1985-81043.txt",
        what: "points 'a. ', 'b. ' as the next letters; roman items 'i.' kept apart",
        line: 21,
        kind: Some(IrregularKind::PointForm),
        has: &["\nb) Một trong những địa điểm", "\n\ni. Nơi xét xử trọng tài"],
        lacks: &["hoặc b. Một"],
    },
    StructureCase {
        file: "Luat-Bao-ve-suc-khoe-nhan-dan-1989-21-LCT-HDNN8-37690.txt",
        what: "clauses written '1- '",
        line: 11,
        kind: Some(IrregularKind::ClauseForm),
        has: &["\n1\\. Công dân có quyền được bảo vệ sức khoẻ"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-cong-nghe-thong-tin-2006-67-2006-QH11-12987.txt",
        what: "clause '2..Thông tin số' (two dots, no space)",
        line: 23,
        kind: Some(IrregularKind::ClauseForm),
        has: &["\n2\\. Thông tin số là thông tin"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Dau-tu-cong-2019-362113.txt",
        what: "clause '2 . Ủy ban' (space before the dot)",
        line: 284,
        kind: Some(IrregularKind::ClauseForm),
        has: &["\n2\\. Ủy ban nhân dân trình Hội đồng nhân dân"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Dau-tu-so-61-2020-QH14-321051.txt",
        what: "'4 - meta - …' chemical name in an appendix table is not a clause '4-'",
        line: 926,
        kind: None,
        has: &["\n\n4 - meta - hydroxyphenyl - 1 - methyl - 4 - propionylpiperidine\n"],
        lacks: &["4\\. meta"],
    },
    StructureCase {
        file: "Luat-cong-nghe-cao-2008-21-2008-QH12-82201.txt",
        what: "clause number '4.' alone, text on the next line",
        line: 19,
        kind: Some(IrregularKind::ClauseForm),
        has: &["\n4\\. Doanh nghiệp công nghệ cao là doanh nghiệp"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-cong-nghe-thong-tin-2006-67-2006-QH11-12987.txt",
        what: "clause '1 Cá nhân' without dot (next number in sequence)",
        line: 174,
        kind: Some(IrregularKind::ClauseForm),
        has: &["\n1\\. Cá nhân có quyền yêu cầu"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-canh-tranh-345182.txt",
        what: "point 'a.Được' (dot instead of parenthesis)",
        line: 540,
        kind: Some(IrregularKind::PointForm),
        has: &["\na) Được đọc các tài liệu"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Cong-chung-2014-238638.txt",
        what: "point 'e)Kiểm' without space",
        line: 466,
        kind: Some(IrregularKind::PointForm),
        has: &["\ne) Kiểm tra, thanh tra"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-lam-nghiep-367277.txt",
        what: "point letter typed in Cyrillic 'р)'",
        line: 883,
        kind: Some(IrregularKind::Homoglyph),
        has: &["\np) Đầu mối hợp tác quốc tế về lâm nghiệp;\n"],
        lacks: &["р)"],
    },
    StructureCase {
        file: "Luat-khoang-san-2010-115263.txt",
        what: "lines wrapped mid-sentence (preamble)",
        line: 9,
        kind: Some(IrregularKind::LineJoined),
        has: &["bổ sung một số điều theo Nghị quyết số 51/2001/QH10;\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-khoang-san-2010-115263.txt",
        what: "adoption sentence wrapped before 'XII,' and '2010.'",
        line: 793,
        kind: Some(IrregularKind::LineJoined),
        has: &["khóa XII, kỳ họp thứ 8 thông qua ngày 17 tháng 11 năm 2010.\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-68-2020-QH14-cu-tru-435315.txt",
        what: "defined term on its own line, definition on the next",
        line: 20,
        kind: Some(IrregularKind::LineJoined),
        has: &["\n5\\. Đăng ký cư trú là việc thực hiện thủ tục"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Thi-hanh-an-hinh-su-2019-387991.txt",
        what: "point letter 'c)' alone, text on the next line",
        line: 1008,
        kind: Some(IrregularKind::LineJoined),
        has: &["\nc) Giấy chứng nhận chấp hành xong án phạt tù;\n"],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Bao-ve-suc-khoe-nhan-dan-1989-21-LCT-HDNN8-37690.txt",
        what: "signature 'name + (Đã ký)' without title, left out of the body",
        line: 209,
        kind: Some(IrregularKind::SignatureBlock),
        has: &[],
        lacks: &["Đã ký", "Võ Chí Công"],
    },
    StructureCase {
        file: "Luat-Dau-tu-so-61-2020-QH14-321051.txt",
        what: "signature block before the appendix; appendix kept",
        line: 877,
        kind: Some(IrregularKind::SignatureBlock),
        has: &["\n\nPHỤ LỤC\n\n"],
        lacks: &["CHỦ TỊCH QUỐC HỘI\n", "Nguyễn Thị Kim Ngân"],
    },
    StructureCase {
        file: "Luat-Kinh-doanh-bao-hiem-2022-465916.txt",
        what: "truncated source: chapter title without its line",
        line: 1088,
        kind: Some(IrregularKind::OrphanTitle),
        has: &["\n\nĐIỀU KHOẢN THI HÀNH\n\n#### Điều 155."],
        lacks: &[],
    },
    StructureCase {
        file: "Luat-Thi-dua-Khen-thuong-2003-15-2003-QH11-51686.txt",
        what: "'Mục 4: \"…\", \"…\"' with quotes, then bare 'Điều 66'",
        line: 391,
        kind: Some(IrregularKind::ArticleHeadingForm),
        has: &["\n### Mục 4. \"GIẢI THƯỞNG HỒ CHÍ MINH\", \"GIẢI THƯỞNG NHÀ NƯỚC\"\n\n#### Điều 66\n"],
        lacks: &[],
    },
];

#[test]
fn structure_table() {
    let dir = corpus_dir();
    for c in STRUCTURES {
        let imp = import_file(&dir, c.file);
        if let Some(kind) = c.kind {
            assert!(
                imp.report
                    .irregular
                    .iter()
                    .any(|i| i.line == c.line && i.kind == kind),
                "{} ({}): expected {kind:?} at line {}; got {:?}",
                c.file,
                c.what,
                c.line,
                imp.report
                    .irregular
                    .iter()
                    .filter(|i| i.line.abs_diff(c.line) < 3)
                    .collect::<Vec<_>>()
            );
        }
        for s in c.has {
            assert!(
                imp.body.contains(s),
                "{} ({}): body lacks {s:?}",
                c.file,
                c.what
            );
        }
        for s in c.lacks {
            assert!(
                !imp.body.contains(s),
                "{} ({}): body has {s:?}",
                c.file,
                c.what
            );
        }
    }
}

#[test]
fn numbering_gaps_are_reported_not_fixed() {
    let dir = corpus_dir();
    let imp = import_file(&dir, "Luat-Giao-dich-dien-tu-2005-51-2005-QH11-6922.txt");
    let gaps: Vec<(&str, &str)> = imp
        .report
        .gaps
        .iter()
        .map(|g| (g.after.as_str(), g.next.as_str()))
        .collect();
    assert_eq!(gaps, [("3", "5"), ("28", "30")]);
    assert!(!imp.body.contains("#### Điều 4."));

    let imp = import_file(
        &dir,
        "Luat-trung-mua-trung-dung-tai-san-2008-15-2008-QH12-66950.txt",
    );
    assert_eq!(imp.report.gaps[0].after, "(start)");
    assert_eq!(imp.report.gaps[0].next, "2");

    let imp = import_file(&dir, "Luat-Kinh-doanh-bao-hiem-2022-465916.txt");
    assert!(imp
        .report
        .gaps
        .iter()
        .any(|g| g.after == "66" && g.next == "155"));
}

/// Every file imports; the body has exactly `article_count` article headings,
/// in source order; and the count agrees with a simple independent count of
/// lines `^Điều \d+[a-z]?[.:]?\s` in the NFC source, every difference being a
/// line the report names. In two halves, so the test threads share them.
#[test]
fn all_corpus_files_even() {
    all_corpus_files(0);
}

#[test]
fn all_corpus_files_odd() {
    all_corpus_files(1);
}

/// The checks of `all_corpus_files_*` over every other file from `half`.
fn all_corpus_files(half: usize) {
    let dir = corpus_dir();
    let simple = Regex::new(r"^Điều \d+[a-z]?[.:]?\s").expect("regex");
    let heading = Regex::new(r"^#### Điều (\d+[a-zđ]?)(?:\. |$)").expect("regex");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("read corpus dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 208, "corpus file count");
    let (mut files, mut articles, mut simple_total, mut named_extra, mut named_missing) =
        (0, 0, 0, 0, 0);
    for path in paths.iter().skip(half).step_by(2) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let raw = std::fs::read_to_string(path).expect("read");
        let imp =
            import_text(&raw, &ImportOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
        files += 1;
        articles += imp.article_count;

        // Headings in the body = article_count = report.articles, same order.
        let in_body: Vec<&str> = imp
            .body
            .lines()
            .filter_map(|l| {
                heading
                    .captures(l)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str())
            })
            .collect();
        let in_report: Vec<&str> = imp
            .report
            .articles
            .iter()
            .map(|a| a.number.as_str())
            .collect();
        assert_eq!(in_body.len(), imp.article_count, "{name}");
        assert_eq!(in_body, in_report, "{name}");
        assert!(
            imp.report
                .articles
                .windows(2)
                .all(|w| w[0].line < w[1].line),
            "{name}: source order"
        );

        // Independent count.
        // Most files are NFC already: normalising only the others keeps
        // this check to what it needs (the full pass is slow unoptimised).
        let nfc: String = if unicode_normalization::is_nfc(&raw) {
            raw.clone()
        } else {
            raw.nfc().collect()
        };
        let simple_lines: Vec<usize> = nfc
            .split('\n')
            .enumerate()
            .filter(|(_, l)| simple.is_match(l.trim_end_matches('\r')))
            .map(|(i, _)| i + 1)
            .collect();
        simple_total += simple_lines.len();
        let mine: Vec<usize> = imp.report.articles.iter().map(|a| a.line).collect();
        let named = |line: usize, kinds: &[IrregularKind]| {
            imp.report
                .irregular
                .iter()
                .any(|i| i.line == line && kinds.contains(&i.kind))
        };
        let (mut missing_here, mut extra_here) = (0, 0);
        for &l in &simple_lines {
            if !mine.contains(&l) {
                assert!(
                    named(l, &[IrregularKind::NotAnArticle]),
                    "{name}:{l}: matches the simple count but is neither an article nor reported"
                );
                missing_here += 1;
            }
        }
        for &l in &mine {
            if !simple_lines.contains(&l) {
                assert!(
                    named(
                        l,
                        &[IrregularKind::ArticleHeadingForm, IrregularKind::Homoglyph]
                    ),
                    "{name}:{l}: article not in the simple count and not reported"
                );
                extra_here += 1;
            }
        }
        assert_eq!(
            imp.article_count + missing_here,
            simple_lines.len() + extra_here,
            "{name}"
        );
        named_missing += missing_here;
        named_extra += extra_here;

        check_markdown_safety(&name, &imp.body);
        check_toml(&name, &imp.to_content_file());
    }
    println!(
        "{files} files, {articles} articles; simple count {simple_total}; \
         {named_extra} articles in irregular forms and {named_missing} non-article lines, all named in the reports"
    );
    assert_eq!(files, 104, "files in this half");
}

/// Nothing in the body can be read as Markdown or HTML other than our own
/// headings and escaped clause numbers.
fn check_markdown_safety(name: &str, body: &str) {
    let ours = Regex::new(r"^(## Phần thứ |## Chương |### Mục |#### Tiểu mục |#### Điều )")
        .expect("regex");
    let list = Regex::new(r"^\d+[.)]").expect("regex");
    for (n, line) in body.lines().enumerate() {
        if line.starts_with('#') {
            assert!(
                ours.is_match(line),
                "{name}: body line {}: stray heading {line:?}",
                n + 1
            );
        }
        assert!(
            !list.is_match(line),
            "{name}: body line {}: list marker {line:?}",
            n + 1
        );
        assert!(
            !line.starts_with(['-', '+', '*', '>', '|', '=', '~', '`', '<', ' ', '\t']),
            "{name}: body line {}: block start {line:?}",
            n + 1
        );
        let mut escaped = false;
        for ch in line.chars() {
            if !escaped && matches!(ch, '<' | '&' | '_' | '*' | '[' | ']' | '`') {
                panic!("{name}: body line {}: unescaped {ch:?} in {line:?}", n + 1);
            }
            escaped = !escaped && ch == '\\';
        }
    }
}

/// The front matter is the small TOML subset we write: `key = "string"`,
/// `key = YYYY-MM-DD`, `summary = false`.
fn check_toml(name: &str, file: &str) {
    let rest = file
        .strip_prefix("+++\n")
        .unwrap_or_else(|| panic!("{name}: no opening +++"));
    let (toml, body) = rest
        .split_once("\n+++\n\n")
        .unwrap_or_else(|| panic!("{name}: no closing +++"));
    assert!(!body.is_empty());
    let string = Regex::new(r#"^"(?:[^"\\\x00-\x1f]|\\["\\nt]|\\u[0-9A-F]{4})*"$"#).expect("regex");
    let date = Regex::new(r"^\d{4}-\d{2}-\d{2}$").expect("regex");
    let mut keys = Vec::new();
    for line in toml.lines() {
        let (key, value) = line
            .split_once(" = ")
            .unwrap_or_else(|| panic!("{name}: {line:?}"));
        match key {
            "number" | "title" | "kind" | "issuer" | "signer" => {
                assert!(string.is_match(value), "{name}: {line:?}");
            }
            "issued" | "effective" => assert!(date.is_match(value), "{name}: {line:?}"),
            "summary" => assert_eq!(value, "false"),
            other => panic!("{name}: unexpected key {other}"),
        }
        assert!(!keys.contains(&key), "{name}: duplicate key {key}");
        keys.push(key);
    }
    assert!(keys.contains(&"summary"));
}

// ---- Synthetic texts: what the corpus does not have. ----

const DECISION: &str = "THỦ TƯỚNG CHÍNH PHỦ
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 123/QĐ-TTg
Hà Nội, ngày 06 tháng 10 năm 2020
QUYẾT ĐỊNH
PHÊ DUYỆT ĐỀ ÁN THỬ NGHIỆM
THỦ TƯỚNG CHÍNH PHỦ
Căn cứ Luật Tổ chức Chính phủ ngày 19 tháng 6 năm 2015;
QUYẾT ĐỊNH:
Điều 1. Phê duyệt Đề án
1. Mục tiêu: <b>mở</b> & đóng_*x* [y](z) `c` \\ hết.
- gạch đầu dòng
a) Điểm một;
đ) Điểm đ.
Điều 2. Hiệu lực
Quyết định này có hiệu lực thi hành từ ngày ký ban hành.
Nơi nhận:
- Ban Bí thư;
- Lưu: VT.
KT. THỦ TƯỚNG
PHÓ THỦ TƯỚNG
Nguyễn Văn A
";

#[test]
fn decision_header_and_end_matter() {
    let imp = import_text(DECISION, &ImportOptions::default()).expect("import");
    let f = &imp.front;
    assert_eq!(f.number.as_deref(), Some("123/QĐ-TTg"));
    assert_eq!(f.kind.as_deref(), Some("Quyết định"));
    assert_eq!(
        f.title.as_deref(),
        Some("Quyết định phê duyệt đề án thử nghiệm")
    );
    assert_eq!(f.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
    assert_eq!(f.place.as_deref(), Some("Hà Nội"));
    assert_eq!(f.issued, Date::new(2020, 10, 6));
    assert_eq!(f.signer.as_deref(), Some("Nguyễn Văn A"));
    // "từ ngày ký ban hành" is not a date: left out, and said so.
    assert_eq!(f.effective, None);
    assert!(imp.report.missing.contains(&"effective"));
    assert!(imp
        .report
        .notes
        .iter()
        .any(|n| n.contains("không đọc được ngày")));
    assert_eq!(imp.article_count, 2);
    assert!(!imp.body.contains("Nơi nhận"));
    assert!(!imp.body.contains("Nguyễn Văn A"));
    assert!(imp.body.contains(
        "1\\. Mục tiêu: \\<b\\>mở\\</b\\> \\& đóng\\_\\*x\\* \\[y\\](z) \\`c\\` \\\\ hết.\n"
    ));
    assert!(imp.body.contains("\n\\- gạch đầu dòng\n"));
    assert!(imp.body.contains("\nđ) Điểm đ.\n"));
    assert!(imp
        .body
        .starts_with("THỦ TƯỚNG CHÍNH PHỦ\n\nCăn cứ Luật Tổ chức Chính phủ"));
    check_markdown_safety("DECISION", &imp.body);
    check_toml("DECISION", &imp.to_content_file());
}

#[test]
fn content_file_format() {
    let imp = import_text(DECISION, &ImportOptions::default()).expect("import");
    let file = imp.to_content_file();
    let expected_front = "+++\n\
        number = \"123/QĐ-TTg\"\n\
        title = \"Quyết định phê duyệt đề án thử nghiệm\"\n\
        kind = \"Quyết định\"\n\
        issuer = \"Thủ tướng Chính phủ\"\n\
        signer = \"Nguyễn Văn A\"\n\
        issued = 2020-10-06\n\
        summary = false\n\
        +++\n\n";
    assert!(file.starts_with(expected_front), "{file}");
    assert!(file.ends_with(&imp.body));
    assert!(!file.contains("effective"));
    assert!(!file.contains("place"));
    assert_eq!(toml_string("a \"b\" \\ c\td"), "\"a \\\"b\\\" \\\\ c\\td\"");
}

#[test]
fn kind_override_by_slug_or_name() {
    for k in ["nghi-dinh", "Nghị định"] {
        let opts = ImportOptions {
            kind: Some(k.to_string()),
            ..ImportOptions::default()
        };
        let imp = import_text(DECISION, &opts).expect("import");
        assert_eq!(imp.front.kind.as_deref(), Some("Nghị định"));
        assert!(imp.report.notes.iter().any(|n| n.contains("theo --kind")));
    }
}

#[test]
fn nfd_input_is_normalised() {
    let nfd: String = DECISION.nfd().collect();
    assert_ne!(nfd, DECISION);
    let a = import_text(&nfd, &ImportOptions::default()).expect("nfd");
    let b = import_text(DECISION, &ImportOptions::default()).expect("nfc");
    assert_eq!(a.front, b.front);
    assert_eq!(a.body, b.body);
    assert!(a.report.notes.iter().any(|n| n.contains("NFC")));
}

#[test]
fn duplicates_gaps_and_suffixes() {
    let text = "QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLuật số: 1/2099/QH99\nLUẬT\nTHỬ\n\
                Điều 1. Một\nĐiều 2. Hai\nĐiều 2. Hai lần\nĐiều 2a. Chen\nĐiều 3. Ba\nĐiều 7. Bảy\n";
    let imp = import_text(text, &ImportOptions::default()).expect("import");
    assert_eq!(imp.article_count, 6);
    assert_eq!(imp.report.duplicates.len(), 1);
    assert_eq!(imp.report.duplicates[0].number, "2");
    assert_eq!(imp.report.duplicates[0].lines, [7, 8]);
    let gaps: Vec<(&str, &str)> = imp
        .report
        .gaps
        .iter()
        .map(|g| (g.after.as_str(), g.next.as_str()))
        .collect();
    assert_eq!(gaps, [("3", "7")]);
    assert!(imp.body.contains("\n#### Điều 2a. Chen\n"));
    assert_eq!(imp.front.title.as_deref(), Some("Luật Thử"));
}

#[test]
fn errors_carry_a_line() {
    let e = import_text("", &ImportOptions::default()).expect_err("empty");
    assert_eq!(e.line, 1);

    let no_article = "QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLuật số: 1/2099/QH99\nLUẬT\nTHỬ\nCăn cứ Hiến pháp;\nNội dung.\n";
    let e = import_text(no_article, &ImportOptions::default()).expect_err("no article");
    assert_eq!(e.line, 7);
    assert!(e.message.contains("Điều"), "{e}");

    let no_header = "Điều 1. Một\nNội dung.\n";
    let e = import_text(no_header, &ImportOptions::default()).expect_err("no header");
    assert_eq!(e.line, 1);
    assert!(e.to_string().starts_with("line 1: "));
}

#[test]
fn escaping_line_starts() {
    let cases = [
        ("- a", "\\- a"),
        ("+ b", "\\+ b"),
        ("# c", "\\# c"),
        ("> d", "\\> d"),
        ("| e", "\\| e"),
        ("1) f", "1\\) f"),
        ("2010. g", "2010\\. g"),
        ("= h", "\\= h"),
        ("~~~", "\\~\\~\\~"),
        ("* i", "\\* i"),
        ("`j`", "\\`j\\`"),
        ("<k>", "\\<k\\>"),
        ("a & b_c", "a \\& b\\_c"),
        ("3.2 m", "3\\.2 m"),
    ];
    for (input, want) in cases {
        assert_eq!(escape_line(input), want, "{input:?}");
    }
}

#[test]
fn dates_are_checked() {
    assert_eq!(Date::new(2019, 2, 29), None);
    assert_eq!(
        Date::new(2020, 2, 29).map(|d| d.iso()).as_deref(),
        Some("2020-02-29")
    );
    assert_eq!(Date::new(2020, 13, 1), None);
    let text = "QUỐC HỘI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLuật số: 1/2099/QH99\n\
                Hà Nội, ngày 31 tháng 4 năm 2015\nLUẬT\nTHỬ\nĐiều 1. Một\n";
    let imp = import_text(text, &ImportOptions::default()).expect("import");
    assert_eq!(imp.front.issued, None);
    assert!(imp.report.missing.contains(&"issued"));
}

#[test]
fn issuer_casing() {
    for (raw, want) in [
        ("QUỐC HỘI", "Quốc hội"),
        (
            "BỘ THÔNG TIN VÀ TRUYỀN THÔNG",
            "Bộ Thông tin và Truyền thông",
        ),
        (
            "BỘ NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN",
            "Bộ Nông nghiệp và Phát triển nông thôn",
        ),
        (
            "ỦY BAN NHÂN DÂN TỈNH GIA LAI",
            "Ủy ban nhân dân tỉnh Gia Lai",
        ),
        ("UBND TỈNH GIA LAI", "UBND tỉnh Gia Lai"),
        ("TỈNH ỦY GIA LAI", "Tỉnh ủy Gia Lai"),
        ("ỦY BAN THƯỜNG VỤ QUỐC HỘI", "Ủy ban Thường vụ Quốc hội"),
    ] {
        assert_eq!(header::issuer_case(raw), want, "{raw}");
    }
}

#[test]
fn sentence_case_heading_title_and_missing_title() {
    let text = "CHÍNH PHỦ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSố: 9/2099/NĐ-CP\n\
                Hà Nội, ngày 01 tháng 02 năm 2099\nNGHỊ ĐỊNH\nQuy định thử nghiệm\n\
                Căn cứ Luật Tổ chức Chính phủ;\nChương I\nNhững quy định chung\n\
                Điều 1. Phạm vi\nNội dung.\nChương II\nĐiều 2. Hiệu lực\n\
                Nghị định này có hiệu lực thi hành từ ngày 15 tháng 3 năm 2099.\n";
    let imp = import_text(text, &ImportOptions::default()).expect("import");
    assert_eq!(imp.front.kind.as_deref(), Some("Nghị định"));
    assert_eq!(
        imp.front.title.as_deref(),
        Some("Nghị định quy định thử nghiệm")
    );
    assert_eq!(imp.front.issuer.as_deref(), Some("Chính phủ"));
    assert_eq!(imp.front.effective, Date::new(2099, 3, 15));
    assert!(imp
        .body
        .contains("\n## Chương I. Những quy định chung\n\n#### Điều 1. Phạm vi\n"));
    assert!(imp
        .body
        .contains("\n## Chương II\n\n#### Điều 2. Hiệu lực\n"));
    assert!(imp
        .report
        .irregular
        .iter()
        .any(|i| i.line == 12 && i.kind == IrregularKind::HeadingTitleMissing));
}
