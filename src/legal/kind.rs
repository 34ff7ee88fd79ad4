//! Kinds of legal documents (loại văn bản) and their URL slugs.
//!
//! One table, so the front matter, the URLs and the taxonomy pages agree.

/// (Vietnamese name, URL slug). Front matter may use either.
pub const KINDS: &[(&str, &str)] = &[
    ("Hiến pháp", "hien-phap"),
    ("Bộ luật", "bo-luat"),
    ("Luật", "luat"),
    ("Pháp lệnh", "phap-lenh"),
    ("Nghị quyết", "nghi-quyet"),
    ("Nghị định", "nghi-dinh"),
    ("Quyết định", "quyet-dinh"),
    ("Chỉ thị", "chi-thi"),
    ("Thông tư", "thong-tu"),
    ("Thông tư liên tịch", "thong-tu-lien-tich"),
    ("Kế hoạch", "ke-hoach"),
    ("Kết luận", "ket-luan"),
    ("Chương trình hành động", "chuong-trinh-hanh-dong"),
    ("Công văn", "cong-van"),
    ("Hướng dẫn", "huong-dan"),
    ("Thông báo", "thong-bao"),
    ("Văn bản hợp nhất", "van-ban-hop-nhat"),
];

/// A known kind of document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Kind(usize);

impl Kind {
    /// Finds a kind by its Vietnamese name (any case, NFC) or its slug.
    pub fn parse(text: &str) -> Option<Kind> {
        let text: String = unicode_normalization::UnicodeNormalization::nfc(text.trim()).collect();
        let lower = text.to_lowercase();
        KINDS
            .iter()
            .position(|(name, slug)| name.to_lowercase() == lower || *slug == lower)
            .map(Kind)
    }

    pub fn name(self) -> &'static str {
        KINDS[self.0].0
    }

    pub fn slug(self) -> &'static str {
        KINDS[self.0].1
    }

    pub fn all() -> impl Iterator<Item = Kind> {
        (0..KINDS.len()).map(Kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_slugs() {
        assert_eq!(Kind::parse("luật").map(Kind::slug), Some("luat"));
        assert_eq!(
            Kind::parse("Quyết định").map(Kind::slug),
            Some("quyet-dinh")
        );
        assert_eq!(
            Kind::parse("chuong-trinh-hanh-dong").map(Kind::name),
            Some("Chương trình hành động")
        );
        assert_eq!(Kind::parse("Sắc lệnh"), None);
    }
}
