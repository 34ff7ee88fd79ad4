//! URL slugs: Vietnamese text folded to lower-case ASCII words joined by `-`.
//!
//! URLs must be stable and typeable on any keyboard, so diacritics are dropped
//! (`đ` → `d`) and every run of other characters becomes one `-`.

/// `"1690/QĐ-TTg"` → `"1690-qd-ttg"`, `"Chương II"` → `"chuong-ii"`.
pub fn slugify(text: &str) -> String {
    let folded = super::fold(text);
    let mut out = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn folds_vietnamese_to_ascii() {
        assert_eq!(slugify("1690/QĐ-TTg"), "1690-qd-ttg");
        assert_eq!(slugify("86/2015/QH13"), "86-2015-qh13");
        assert_eq!(slugify("04-NQ/TU"), "04-nq/tu".replace('/', "-"));
        assert_eq!(slugify("Chương II"), "chuong-ii");
        assert_eq!(
            slugify("Sở Thông tin và Truyền thông"),
            "so-thong-tin-va-truyen-thong"
        );
        assert_eq!(slugify("  --Đắk Đoa--  "), "dak-doa");
    }
}
