//! Table tests for the citation recogniser, on sentences taken from real
//! Vietnamese legal texts (the Gia Lai plan 687/KH-UBND and laws in the
//! corpus). Each row lists every citation expected in the input, described
//! as `SPAN => DOC [anchor<sub-span>]… [@issuer] [date]`; `DOC` is the number
//! key, `name:KEY`, `this`, or `same` (no document named).

use super::*;
use unicode_normalization::UnicodeNormalization;

fn names() -> LawNames {
    [
        ("Luật An toàn thông tin mạng", "86/2015/qh13"),
        ("Luật Giao dịch điện tử", "20/2023/qh15"),
        ("Bộ luật Dân sự", "91/2015/qh13"),
        ("Luật Công nghệ thông tin", "67/2006/qh11"),
        ("Luật An ninh mạng", "24/2018/qh14"),
        ("Luật Đầu tư", "61/2020/qh14"),
        ("Luật Đầu tư công", "39/2019/qh14"),
        ("Bộ luật Lao động", "45/2019/qh14"),
        ("Bộ luật Hình sự", "100/2015/qh13"),
        ("Bộ luật Tố tụng dân sự", "92/2015/qh13"),
    ]
    .into_iter()
    .collect()
}

fn describe(text: &str, c: &Citation) -> String {
    let mut s = format!("{} =>", &text[c.span.clone()]);
    match &c.doc {
        None => s.push_str(" same"),
        Some(DocRef::Number(n)) => s.push_str(&format!(" {}", n.key())),
        Some(DocRef::Name(k)) => s.push_str(&format!(" name:{k}")),
        Some(DocRef::ThisDocument) => s.push_str(" this"),
    }
    for p in &c.provisions {
        s.push_str(&format!(" {}<{}>", p.anchor(), &text[p.span.clone()]));
    }
    if let Some(i) = &c.issuer_hint {
        s.push_str(&format!(" @{i}"));
    }
    if let Some(d) = c.date {
        s.push_str(&format!(" {:04}-{:02}-{:02}", d.year, d.month, d.day));
    }
    s
}

/// (input, current article, expected citations).
type Row = (&'static str, Option<&'static str>, &'static [&'static str]);

const ROWS: &[Row] = &[
    // --- documents by number -------------------------------------------
    (
        "Thực hiện Quyết định số 1690/QĐ-TTg ngày 26 tháng 12 năm 2023 của Thủ tướng Chính phủ về việc phê duyệt Đề án",
        None,
        &["Quyết định số 1690/QĐ-TTg ngày 26 tháng 12 năm 2023 của Thủ tướng Chính phủ => 1690/qd-ttg @Thủ tướng Chính phủ 2023-12-26"],
    ),
    (
        "chức năng, nhiệm vụ quyền hạn của Sở được quy định tại Quyết định số 16/2023/QĐ-UBND ngày 06/4/2023 của Ủy ban nhân dân tỉnh Gia Lai và Thông tư số 11/2022/TT-BTTTT ngày 29/7/2022 của Bộ trưởng Bộ Thông tin và Truyền thông. Tuy nhiên",
        None,
        &[
            "Quyết định số 16/2023/QĐ-UBND ngày 06/4/2023 của Ủy ban nhân dân tỉnh Gia Lai => 16/2023/qd-ubnd @Ủy ban nhân dân tỉnh Gia Lai 2023-04-06",
            "Thông tư số 11/2022/TT-BTTTT ngày 29/7/2022 của Bộ trưởng Bộ Thông tin và Truyền thông => 11/2022/tt-btttt @Bộ trưởng Bộ Thông tin và Truyền thông 2022-07-29",
        ],
    ),
    (
        "theo Nghị quyết số 04-NQ/TU ngày 20/01/2022 của Ban Chấp hành Đảng bộ tỉnh (khóa XVI) về chuyển đổi số",
        None,
        &["Nghị quyết số 04-NQ/TU ngày 20/01/2022 của Ban Chấp hành Đảng bộ tỉnh => 04-nq/tu @Ban Chấp hành Đảng bộ tỉnh 2022-01-20"],
    ),
    (
        "Chương trình hành động số 921/CTHĐ- UBND ngày 12/5/2022 của Ủy ban nhân dân tỉnh về triển khai thực hiện Nghị quyết số 04-NQ/TU của Ban Chấp hành Đảng bộ tỉnh Gia Lai (khoá XVI)",
        None,
        &[
            "Chương trình hành động số 921/CTHĐ- UBND ngày 12/5/2022 của Ủy ban nhân dân tỉnh => 921/cthd-ubnd @Ủy ban nhân dân tỉnh 2022-05-12",
            "Nghị quyết số 04-NQ/TU của Ban Chấp hành Đảng bộ tỉnh Gia Lai => 04-nq/tu @Ban Chấp hành Đảng bộ tỉnh Gia Lai",
        ],
    ),
    (
        "theo yêu cầu của Bộ Chính trị tại Kết luận số 28-KL/TW ngày 21 tháng 02 năm 2022 về tinh giản biên chế và Kết luận số 40-KL/TW ngày 18 tháng 07 năm 2022 về nâng cao hiệu quả công tác quản lý biên chế của hệ thống chính trị giai đoạn 2022-2026.",
        None,
        &[
            "Kết luận số 28-KL/TW ngày 21 tháng 02 năm 2022 => 28-kl/tw 2022-02-21",
            "Kết luận số 40-KL/TW ngày 18 tháng 07 năm 2022 => 40-kl/tw 2022-07-18",
        ],
    ),
    (
        "Thực hiện Kế hoạch số 687/KH-UBND ngày 27/3/2024 của Ủy ban nhân dân tỉnh Gia Lai, Sở Thông tin và Truyền thông",
        None,
        &["Kế hoạch số 687/KH-UBND ngày 27/3/2024 của Ủy ban nhân dân tỉnh Gia Lai => 687/kh-ubnd @Ủy ban nhân dân tỉnh Gia Lai 2024-03-27"],
    ),
    ("Số: 687/KH-UBND", None, &["687/KH-UBND => 687/kh-ubnd"]),
    (
        "Kế hoạch 687/KH-UBND năm 2024 thực hiện Đề án",
        None,
        &["Kế hoạch 687/KH-UBND => 687/kh-ubnd"],
    ),
    ("Luật số: 86/2015/QH13", None, &["Luật số: 86/2015/QH13 => 86/2015/qh13"]),
    (
        "Căn cứ Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13;",
        None,
        &["Luật Ban hành văn bản quy phạm pháp luật số 80/2015/QH13 => 80/2015/qh13"],
    ),
    (
        "Căn cứ Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ về bảo vệ dữ liệu cá nhân;",
        None,
        &["Nghị định số 13/2023/NĐ-CP ngày 17/4/2023 của Chính phủ => 13/2023/nd-cp @Chính phủ 2023-04-17"],
    ),
    (
        "theo hướng dẫn tại Thông tư liên tịch số 01/2021/TTLT-BTP-BNV.",
        None,
        &["Thông tư liên tịch số 01/2021/TTLT-BTP-BNV => 01/2021/ttlt-btp-bnv"],
    ),
    (
        "Luật này đã được sửa đổi, bổ sung theo Luật số 20/2023/QH15 và 86/2015/QH13.",
        None,
        &["Luật số 20/2023/QH15 => 20/2023/qh15", "86/2015/QH13 => 86/2015/qh13"],
    ),
    (
        "Thay thế Nghị quyết số 725/2009/UBTVQH12 của Ủy ban thường vụ Quốc hội ấn định thuế",
        None,
        &["Nghị quyết số 725/2009/UBTVQH12 của Ủy ban thường vụ Quốc hội => 725/2009/ubtvqh12 @Ủy ban thường vụ Quốc hội"],
    ),
    (
        "Pháp lệnh số 30/2006/PL-UBTVQH11 hết hiệu lực",
        None,
        &["Pháp lệnh số 30/2006/PL-UBTVQH11 => 30/2006/pl-ubtvqh11"],
    ),
    ("Luật Dầu khí được công bố theo Lệnh số 18-L/CTN", None, &["Lệnh số 18-L/CTN => 18-l/ctn"]),
    ("xem Quyết định 1690/QD-TTg", None, &["Quyết định 1690/QD-TTg => 1690/qd-ttg"]),
    (
        "được hướng dẫn tại nghị định số 13/2023/NĐ-CP và nghị định 15/2020/NĐ-CP",
        None,
        &["nghị định số 13/2023/NĐ-CP => 13/2023/nd-cp", "nghị định 15/2020/NĐ-CP => 15/2020/nd-cp"],
    ),
    (
        "Nghị quyết số 51/2001/QH10 ngày 25 tháng 12 năm 2001 của Quốc hội khoá X, kỳ họp thứ 10",
        None,
        &["Nghị quyết số 51/2001/QH10 ngày 25 tháng 12 năm 2001 của Quốc hội => 51/2001/qh10 @Quốc hội 2001-12-25"],
    ),
    (
        "Thông tư số 10/2020/TT-BLĐTBXH ngày 12/11/2020 của Bộ Lao động - Thương binh và Xã hội.",
        None,
        &["Thông tư số 10/2020/TT-BLĐTBXH ngày 12/11/2020 của Bộ Lao động - Thương binh và Xã hội => 10/2020/tt-bldtbxh @Bộ Lao động - Thương binh và Xã hội 2020-11-12"],
    ),
    ("thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị", None, &["Chỉ thị số 05-CT/TW của Bộ Chính trị => 05-ct/tw @Bộ Chính trị"]),
    (
        "Luật số 21-LCT/HĐNN8 ngày 11/7/1989",
        None,
        &["Luật số 21-LCT/HĐNN8 ngày 11/7/1989 => 21-lct/hdnn8 1989-07-11"],
    ),
    // --- documents by name -----------------------------------------------
    (
        "quyền hạn quy định tại Luật Công nghệ thông tin, Luật An toàn thông tin mạng, Luật An ninh mạng, Luật Giao dịch điện tử… chưa được rà soát",
        None,
        &[
            "Luật Công nghệ thông tin => name:67/2006/qh11",
            "Luật An toàn thông tin mạng => name:86/2015/qh13",
            "Luật An ninh mạng => name:24/2018/qh14",
            "Luật Giao dịch điện tử => name:20/2023/qh15",
        ],
    ),
    (
        "theo quy định của Luật Đầu tư công và Luật Đầu tư",
        None,
        &["Luật Đầu tư công => name:39/2019/qh14", "Luật Đầu tư => name:61/2020/qh14"],
    ),
    ("được áp dụng theo Bộ luật dân sự", None, &["Bộ luật dân sự => name:91/2015/qh13"]),
    (
        "theo Luật An toàn thông tin mạng số 86/2015/QH13",
        None,
        &["Luật An toàn thông tin mạng số 86/2015/QH13 => 86/2015/qh13"],
    ),
    ("quy định của Bộ luật Dân sự năm 2015 về hợp đồng", None, &["Bộ luật Dân sự năm 2015 => name:91/2015/qh13"]),
    (
        "thuộc thẩm quyền theo Luật Xử lý vi phạm hành chính số 15/2012/QH13 đã được sửa đổi",
        None,
        &["Luật Xử lý vi phạm hành chính số 15/2012/QH13 => 15/2012/qh13"],
    ),
    (
        "Luật Cán bộ, công chức số 22/2008/QH12",
        None,
        &["Luật Cán bộ, công chức số 22/2008/QH12 => 22/2008/qh12"],
    ),
    // --- provisions --------------------------------------------------------
    (
        "hỗ trợ nạn nhân theo quy định tại Điều 25 và Điều 26 của Luật này",
        None,
        &["Điều 25 và Điều 26 của Luật này => this dieu-25<Điều 25> dieu-26<Điều 26>"],
    ),
    (
        "những người quy định tại các điểm a, b, c, d và đ khoản 2 Điều 35 của Bộ luật này có những nhiệm vụ",
        None,
        &["các điểm a, b, c, d và đ khoản 2 Điều 35 của Bộ luật này => this dieu-35-khoan-2-diem-a<điểm a> dieu-35-khoan-2-diem-b<b> dieu-35-khoan-2-diem-c<c> dieu-35-khoan-2-diem-d<d> dieu-35-khoan-2-diem-dd<đ>"],
    ),
    (
        "trừ trường hợp quy định tại Điều 109, điểm a khoản 2 Điều 113 hoặc điểm a khoản 2 Điều 299 của Bộ luật này",
        None,
        &["Điều 109, điểm a khoản 2 Điều 113 hoặc điểm a khoản 2 Điều 299 của Bộ luật này => this dieu-109<Điều 109> dieu-113-khoan-2-diem-a<điểm a khoản 2 Điều 113> dieu-299-khoan-2-diem-a<điểm a khoản 2 Điều 299>"],
    ),
    (
        "chuyển giao, tiếp nhận theo quy định tại khoản 1 và khoản 2 Điều 3 của Luật này",
        None,
        &["khoản 1 và khoản 2 Điều 3 của Luật này => this dieu-3-khoan-1<khoản 1> dieu-3-khoan-2<khoản 2>"],
    ),
    ("đ) Bãi bỏ Điều 81.", None, &["Điều 81 => same dieu-81<Điều 81>"]),
    (
        "vi phạm quy định tại điểm đ khoản 1 Điều 12 thì bị xử phạt",
        None,
        &["điểm đ khoản 1 Điều 12 => same dieu-12-khoan-1-diem-dd<điểm đ khoản 1 Điều 12>"],
    ),
    ("theo khoản 1, 2 Điều 5", None, &["khoản 1, 2 Điều 5 => same dieu-5-khoan-1<khoản 1> dieu-5-khoan-2<2>"]),
    (
        "Bãi bỏ các Điều 5, 6 và 7.",
        None,
        &["các Điều 5, 6 và 7 => same dieu-5<Điều 5> dieu-6<6> dieu-7<7>"],
    ),
    ("theo quy định tại Điều 5 của Luật này", None, &["Điều 5 của Luật này => this dieu-5<Điều 5>"]),
    ("theo quy định tại Điều 5 Luật này", None, &["Điều 5 Luật này => this dieu-5<Điều 5>"]),
    (
        "áp dụng biện pháp quy định tại điểm b, điểm c khoản 3 và điểm đ, điểm e khoản 4 Điều 110 của Luật này",
        None,
        &["điểm b, điểm c khoản 3 và điểm đ, điểm e khoản 4 Điều 110 của Luật này => this dieu-110-khoan-3-diem-b<điểm b> dieu-110-khoan-3-diem-c<điểm c> dieu-110-khoan-4-diem-dd<điểm đ> dieu-110-khoan-4-diem-e<điểm e>"],
    ),
    (
        "quy định tại khoản 2 Điều 422 và khoản 2 Điều 423 của Bộ luật này",
        None,
        &["khoản 2 Điều 422 và khoản 2 Điều 423 của Bộ luật này => this dieu-422-khoan-2<khoản 2 Điều 422> dieu-423-khoan-2<khoản 2 Điều 423>"],
    ),
    (
        "tuổi nghỉ hưu quy định tại khoản 2 Điều 169 của Bộ luật Lao động và có đủ 15 năm",
        None,
        &["khoản 2 Điều 169 của Bộ luật Lao động => name:45/2019/qh14 dieu-169-khoan-2<khoản 2 Điều 169>"],
    ),
    (
        "Sửa đổi điểm đ khoản 1 Điều 24 của Luật Xử lý vi phạm hành chính số 15/2012/QH13 như sau:",
        None,
        &["điểm đ khoản 1 Điều 24 của Luật Xử lý vi phạm hành chính số 15/2012/QH13 => 15/2012/qh13 dieu-24-khoan-1-diem-dd<điểm đ khoản 1 Điều 24>"],
    ),
    (
        "theo Điều 12 Luật An toàn thông tin mạng",
        None,
        &["Điều 12 Luật An toàn thông tin mạng => name:86/2015/qh13 dieu-12<Điều 12>"],
    ),
    (
        "quy định tại khoản 3 Điều 71 của Luật này và Điều 368 của Bộ luật Tố tụng hình sự",
        None,
        &["khoản 3 Điều 71 của Luật này => this dieu-71-khoan-3<khoản 3 Điều 71>"],
    ),
    (
        "theo quy định tại khoản 1 Điều 191 của Bộ luật Tố tụng dân sự, khoản 1 Điều 121 của Luật Tố tụng hành chính",
        None,
        &["khoản 1 Điều 191 của Bộ luật Tố tụng dân sự => name:92/2015/qh13 dieu-191-khoan-1<khoản 1 Điều 191>"],
    ),
    (
        "đăng, phát cải chính tại Khoản 5 Điều 42 của Luật này",
        None,
        &["Khoản 5 Điều 42 của Luật này => this dieu-42-khoan-5<Khoản 5 Điều 42>"],
    ),
    ("quyền quy định tại điểm a Điều 5", None, &["điểm a Điều 5 => same dieu-5-diem-a<điểm a Điều 5>"]),
    ("Bổ sung Điều 5a vào sau Điều 5", None, &["Điều 5a => same dieu-5a<Điều 5a>", "Điều 5 => same dieu-5<Điều 5>"]),
    (
        "theo khoản 2 Điều 5 Nghị định số 13/2023/NĐ-CP",
        None,
        &["khoản 2 Điều 5 Nghị định số 13/2023/NĐ-CP => 13/2023/nd-cp dieu-5-khoan-2<khoản 2 Điều 5>"],
    ),
    (
        "tại Điều 7 Thông tư số 11/2022/TT-BTTTT ngày 29/7/2022 của Bộ trưởng Bộ Thông tin và Truyền thông.",
        None,
        &["Điều 7 Thông tư số 11/2022/TT-BTTTT ngày 29/7/2022 của Bộ trưởng Bộ Thông tin và Truyền thông => 11/2022/tt-btttt dieu-7<Điều 7> @Bộ trưởng Bộ Thông tin và Truyền thông 2022-07-29"],
    ),
    (
        "c) Không quá 09 ngày đối với trường hợp quy định tại các khoản 2, 4 và 5 Điều 206 của Bộ luật này",
        None,
        &["các khoản 2, 4 và 5 Điều 206 của Bộ luật này => this dieu-206-khoan-2<khoản 2> dieu-206-khoan-4<4> dieu-206-khoan-5<5>"],
    ),
    (
        "a) Quyền quy định tại điểm a và điểm b khoản 1 Điều 42 của Luật này",
        None,
        &["điểm a và điểm b khoản 1 Điều 42 của Luật này => this dieu-42-khoan-1-diem-a<điểm a> dieu-42-khoan-1-diem-b<điểm b>"],
    ),
    (
        "các điều 134, 135, 136 và 226 của Bộ luật hình sự",
        None,
        &["các điều 134, 135, 136 và 226 của Bộ luật hình sự => name:100/2015/qh13 dieu-134<điều 134> dieu-135<135> dieu-136<136> dieu-226<226>"],
    ),
    ("Điều 5 và khoản 2", None, &["Điều 5 => same dieu-5<Điều 5>"]),
    ("quy định tại Điều 5, 10 ngày sau", None, &["Điều 5 => same dieu-5<Điều 5>"]),
    (
        "từ Điều 5 đến Điều 10 của Luật này",
        None,
        &["Điều 5 đến Điều 10 của Luật này => this dieu-5<Điều 5> dieu-10<Điều 10>"],
    ),
    (
        "Điều 5 được sửa đổi, bổ sung như sau:",
        None,
        &["Điều 5 => same dieu-5<Điều 5>"],
    ),
    (
        "được thực hiện theo quy định tại các điều 223, 224 và 234 Mục 5 Chương XIV của Bộ luật lao động",
        None,
        &["các điều 223, 224 và 234 Mục 5 Chương XIV của Bộ luật lao động => name:45/2019/qh14 dieu-223<điều 223> dieu-224<224> dieu-234<234>"],
    ),
    (
        "theo quy định tại Điều 40 Mục 2 Chương III.",
        None,
        &["Điều 40 => same dieu-40<Điều 40>"],
    ),
    (
        "Điều 12 Luật An toàn thông tin mạng được sửa đổi như sau:",
        None,
        &["Điều 12 Luật An toàn thông tin mạng => name:86/2015/qh13 dieu-12<Điều 12>"],
    ),
    // --- provisions of the current article ----------------------------------
    (
        "người sử dụng lao động quy định tại khoản 1 Điều này",
        Some("12"),
        &["khoản 1 Điều này => same dieu-12-khoan-1<khoản 1 Điều này>"],
    ),
    (
        "trừ trường hợp quy định tại khoản 2 và khoản 3",
        Some("7"),
        &["khoản 2 và khoản 3 => same dieu-7-khoan-2<khoản 2> dieu-7-khoan-3<khoản 3>"],
    ),
    (
        "a) Thực hiện quy định tại điểm c và điểm d khoản 2 Điều này",
        Some("9a"),
        &["điểm c và điểm d khoản 2 Điều này => same dieu-9a-khoan-2-diem-c<điểm c> dieu-9a-khoan-2-diem-d<điểm d>"],
    ),
    // --- must not match ----------------------------------------------------
    ("về chuyển đổi số ngày 20/01/2022", None, &[]),
    ("Gia Lai, ngày 27/3/2024", None, &[]),
    ("phạt tiền từ 1.000.000 đồng đến 2.000.000 đồng", None, &[]),
    ("tỷ lệ 10/100 số thành viên", None, &[]),
    ("ít nhất 1/3 tổng số thành viên", None, &[]),
    ("Điện thoại: 0269.3823.456, 0269-3823456", None, &[]),
    ("Điều kiện hành nghề của luật sư nước ngoài", None, &[]),
    ("việc điều chỉnh giá đất", None, &[]),
    ("Chương trình mục tiêu quốc gia giai đoạn 2021-2025", None, &[]),
    ("của hệ thống chính trị giai đoạn 2022-2026.", None, &[]),
    ("đạt 95% số hồ sơ, 100% các Sở", None, &[]),
    ("thì phải trả một khoản tiền tương ứng", None, &[]),
    ("điểm số trung bình", None, &[]),
    ("điểm đến du lịch", None, &[]),
    ("theo quy định của Luật Doanh nghiệp", None, &[]),
    ("quy định tại khoản 2 Điều 5 của Luật Doanh nghiệp", None, &[]),
    ("theo Điều 5 Công ước Viên năm 1969 về luật điều ước quốc tế", None, &[]),
    ("hệ thống pháp luật an toàn thông tin mạng", None, &[]),
    ("Điều 5. Phạm vi điều chỉnh", None, &[]),
    ("Điều 3", None, &[]),
    ("Điều 17 Lưu trữ tạm thời thông tin số", None, &[]),
    ("“Điều 4. Phân loại đô thị", None, &[]),
    ("1- Công dân có quyền", None, &[]),
    ("1- Trong trường hợp", None, &[]),
    ("quy định tại khoản 1 Điều này", None, &[]),
    ("c) Thông báo thông tin quy định tại điểm a và điểm b khoản này", Some("5"), &[]),
    ("xe biển số 81A-123.45", None, &[]),
    ("phòng, chống dịch COVID-19", None, &[]),
    ("tiêu chuẩn ISO/IEC 27001:2013 và QCVN 01:2019/BTC", None, &[]),
    ("3-O-acetyltetrahydro", None, &[]),
    ("theo Quyết định số", None, &[]),
    ("có hiệu lực từ ngày 01-7-2016", None, &[]),
    ("theo quy định tại Mục 3 Chương XIV của Bộ luật này", None, &[]),
];

#[test]
fn table() {
    let names = names();
    let mut failures = Vec::new();
    for (text, article, expected) in ROWS {
        let got: Vec<String> = find_citations_in(text, &names, *article)
            .iter()
            .map(|c| describe(text, c))
            .collect();
        let expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        if got != expected {
            failures.push(format!(
                "input: {text}\n  expected: {expected:#?}\n  got: {got:#?}"
            ));
        }
    }
    assert!(ROWS.len() >= 60, "{} rows", ROWS.len());
    assert!(ROWS.iter().filter(|r| r.2.is_empty()).count() >= 15);
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        ROWS.len(),
        failures.join("\n")
    );
}

#[test]
fn spans_are_byte_ranges_into_the_input() {
    let text = "theo Điều 5, 6 và 7 của Luật này";
    let found = find_citations(text, &LawNames::new());
    assert_eq!(found.len(), 1);
    let c = &found[0];
    assert_eq!(c.span, 5..text.len());
    let starts: Vec<usize> = c.provisions.iter().map(|p| p.span.start).collect();
    let six = text.find('6').unwrap_or(0);
    let seven = text.find('7').unwrap_or(0);
    assert_eq!(starts, vec![5, six, seven]);
    assert_eq!(c.provisions[2].span, seven..seven + 1);
}

#[test]
fn decomposed_input_maps_spans_back() {
    let nfc = "Căn cứ khoản 2 Điều 5 của Luật này và Quyết định số 1690/QĐ-TTg ngày 26/12/2023 của Thủ tướng Chính phủ về việc";
    let nfd: String = nfc.nfd().collect();
    assert_ne!(nfc.len(), nfd.len());
    let names = names();
    let a = find_citations(nfc, &names);
    let b = find_citations(&nfd, &names);
    assert_eq!(a.len(), 2);
    assert_eq!(b.len(), 2);
    for (x, y) in a.iter().zip(&b) {
        let nx: String = nfc[x.span.clone()].to_string();
        let ny: String = nfd[y.span.clone()].nfc().collect();
        assert_eq!(nx, ny);
        assert_eq!(x.doc, y.doc);
        assert_eq!(x.issuer_hint, y.issuer_hint);
        for (p, q) in x.provisions.iter().zip(&y.provisions) {
            assert_eq!(p.anchor(), q.anchor());
            assert_eq!(
                nfc[p.span.clone()].to_string(),
                nfd[q.span.clone()].nfc().collect::<String>()
            );
        }
    }
    // A decomposed law name still resolves.
    let law: String = "theo Luật An toàn thông tin mạng".nfd().collect();
    let found = find_citations(&law, &names);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].doc, Some(DocRef::Name("86/2015/qh13".into())));
    assert_eq!(found[0].span.end, law.len());
}

#[test]
fn anchors_follow_the_conventions() {
    let p = |dieu: &str, khoan: Option<&str>, diem: Option<&str>| ProvisionRef {
        dieu: dieu.into(),
        khoan: khoan.map(Into::into),
        diem: diem.map(Into::into),
        span: 0..0,
    };
    assert_eq!(p("5", None, None).anchor(), "dieu-5");
    assert_eq!(p("5a", None, None).anchor(), "dieu-5a");
    assert_eq!(p("5", Some("2"), None).anchor(), "dieu-5-khoan-2");
    assert_eq!(
        p("5", Some("2"), Some("a")).anchor(),
        "dieu-5-khoan-2-diem-a"
    );
    assert_eq!(
        p("12", Some("1"), Some("đ")).anchor(),
        "dieu-12-khoan-1-diem-dd"
    );
    assert_eq!(p("5", None, Some("đ")).anchor(), "dieu-5-diem-dd");
}

#[test]
fn law_names_fold_and_prefer_the_last_insert() {
    let mut names = LawNames::new();
    assert!(names.is_empty());
    assert_eq!(names.insert("Luật Đất đai", "45/2013/qh13"), None);
    assert_eq!(names.get("luật đất đai"), Some("45/2013/qh13"));
    assert_eq!(names.get("LUAT DAT DAI"), Some("45/2013/qh13"));
    assert_eq!(
        names.insert("Luật  đất  đai", "31/2024/qh15"),
        Some("45/2013/qh13".into())
    );
    assert_eq!(names.len(), 1);
    assert_eq!(names.insert("  ", "x"), None);
    assert_eq!(names.len(), 1);
    let found = find_citations("theo Luật Đất Đai", &names);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].doc, Some(DocRef::Name("31/2024/qh15".into())));
}

#[test]
fn issuer_hint_disambiguates_a_shared_number() {
    let a = find_citations(
        "Kế hoạch số 687/KH-UBND ngày 27/3/2024 của Ủy ban nhân dân tỉnh Gia Lai",
        &LawNames::new(),
    );
    let b = find_citations(
        "Kế hoạch số 687/KH-UBND của UBND tỉnh Kon Tum",
        &LawNames::new(),
    );
    let key = |c: &Citation| match &c.doc {
        Some(DocRef::Number(n)) => n.key(),
        _ => String::new(),
    };
    assert_eq!(key(&a[0]), key(&b[0]));
    assert_eq!(
        a[0].issuer_hint.as_deref(),
        Some("Ủy ban nhân dân tỉnh Gia Lai")
    );
    assert_eq!(
        a[0].date,
        Some(CitedDate {
            year: 2024,
            month: 3,
            day: 27
        })
    );
    assert_eq!(b[0].issuer_hint.as_deref(), Some("UBND tỉnh Kon Tum"));
}

#[test]
fn empty_and_odd_inputs() {
    let names = names();
    assert!(find_citations("", &names).is_empty());
    assert!(find_citations("Điều", &names).is_empty());
    assert!(find_citations("Điều ", &names).is_empty());
    assert!(find_citations("số 1690/", &names).is_empty());
    assert!(find_citations("khoản 1,", &names).is_empty());
    assert!(find_citations("\u{301}\u{301}Điều 5 của", &names).len() <= 1);
    // Every char boundary of a real sentence as a start: no panic.
    let s = "Quyết định số 1690/QĐ-TTg ngày 26/12/2023; điểm đ khoản 1 Điều 12 của Luật An toàn thông tin mạng";
    for (i, _) in s.char_indices() {
        let _ = find_citations(&s[i..], &names);
        let _ = find_citations(&s[..i], &names);
    }
}

#[test]
fn runs_in_linear_time_on_pathological_input() {
    let names = names();
    let unit = "Điều 1, khoản 2, điểm a, các Điều 3 và 4 của Luật Doanh nghiệp 1/2/2020 Luật Đầu tư Luật Xyz số 12/ Quyết định số 5-";
    let big = unit.repeat(2000);
    let start = std::time::Instant::now();
    let found = find_citations(&big, &names);
    let elapsed = start.elapsed();
    assert!(!found.is_empty());
    // Generous bound for a debug build on a shared machine; a quadratic
    // scan of this input (~230 kB) would take minutes.
    assert!(elapsed.as_secs() < 20, "took {elapsed:?}");
}
