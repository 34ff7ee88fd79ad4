//! Whether text is already in Unicode Normalization Form C, answered fast for
//! Vietnamese.
//!
//! Every text of the hub is checked (on load, when citations are read, when
//! it is indexed), and almost all of it is NFC already. The general check
//! looks up each code point's properties; the letters of Vietnamese are in
//! two ranges where every code point is NFC by itself and a starter, so a text
//! made only of those is NFC without a lookup.

use unicode_normalization::{is_nfc_quick, IsNormalized};

/// A code point that is NFC by itself, never combines with the one before,
/// and has canonical combining class 0: everything below the combining
/// diacritics (ASCII, Latin-1, Latin Extended-A/B, IPA, spacing modifiers)
/// and Latin Extended Additional (`ạ`…`ỹ`).
fn plain(c: char) -> bool {
    c < '\u{300}' || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// Whether `text` is certainly NFC (`false`: it may not be; normalise it).
pub fn is_nfc_quick_yes(text: &str) -> bool {
    text.chars().all(plain) || is_nfc_quick(text.chars()) == IsNormalized::Yes
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::UnicodeNormalization;

    /// The shortcut agrees with the Unicode data for every plain code point,
    /// alone and after each other (no pair composes).
    #[test]
    fn plain_code_points_are_nfc_starters() {
        let plain: Vec<char> = ('\0'..='\u{1eff}').filter(|&c| plain(c)).collect();
        for &c in &plain {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(is_nfc_quick([c].into_iter()), IsNormalized::Yes, "{c:?}");
        }
        let all: String = plain.iter().collect();
        assert_eq!(all.nfc().collect::<String>(), all);
        assert!(is_nfc_quick_yes("Chuyển đổi số, Điều 5"));
        assert!(!is_nfc_quick_yes("Chuye\u{302}\u{309}n"));
    }
}
