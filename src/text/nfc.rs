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
/// and Latin Extended Additional (`ạ`…`ỹ`). [`all_plain`] reads the same
/// from bytes; the tests check both against each other and Unicode's data.
#[cfg(test)]
fn plain(c: char) -> bool {
    c < '\u{300}' || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

/// Whether `text` is made only of `plain` code points, read from its
/// UTF-8 bytes: ASCII; two-byte sequences led by C2..CB (U+0080..U+02FF);
/// three-byte ones led by E1 B8..BB (U+1E00..U+1EFF). Anything else is
/// looked up (see [`lone_starter`]).
///
/// Blocks of [`BLOCK`] bytes are checked whole first, with arithmetic the
/// compiler turns into vector instructions: a block passes when it has no
/// lead byte of a code point outside those ranges. Only a block that does
/// not pass is read code point by code point.
fn all_plain(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if i + BLOCK < b.len() && plain_block(&b[i..=i + BLOCK]) {
            i += BLOCK;
            // Back on a code point: its lead byte was in the block.
            while i < b.len() && b[i] & 0xc0 == 0x80 {
                i += 1;
            }
            continue;
        }
        let end = (i + BLOCK).min(b.len());
        while i < end {
            i += match b[i] {
                0x00..=0x7f => 1,
                0xc2..=0xcb => 2,
                0xe1 if matches!(b.get(i + 1), Some(0xb8..=0xbb)) => 3,
                // A dash, an ellipsis, a quotation mark pass if they are a
                // starter that is NFC on its own, whatever surrounds them.
                _ => match text[i..].chars().next() {
                    Some(c) if lone_starter(c) => c.len_utf8(),
                    _ => return false,
                },
            };
        }
    }
    true
}

/// Bytes checked at once by [`all_plain`].
const BLOCK: usize = 64;

/// Whether the first [`BLOCK`] bytes of `b` (which holds one more, the byte
/// after an E1 at the end) lead only plain code points: no byte from CC up
/// but E1 (CC..DF and E0..FF lead the others; C0 and C1 never occur), and
/// every E1 followed by B8..BB.
fn plain_block(b: &[u8]) -> bool {
    let mut bad = false;
    for (&x, &y) in b[..BLOCK].iter().zip(&b[1..]) {
        bad |= (x >= 0xcc) & (x != 0xe1);
        bad |= (x == 0xe1) & !(0xb8..=0xbb).contains(&y);
    }
    !bad
}

/// A starter (combining class 0) that the NFC quick check says `Yes` to on
/// its own. A text made only of such code points is NFC: one that might
/// compose with the code point before it is `Maybe`, never `Yes`.
fn lone_starter(c: char) -> bool {
    unicode_normalization::char::canonical_combining_class(c) == 0
        && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes
}

pub fn is_nfc_quick_yes(text: &str) -> bool {
    all_plain(text) || is_nfc_quick(text.chars()) == IsNormalized::Yes
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
        // The byte test says the same as the code point test.
        for c in '\0'..='\u{2ffff}' {
            let text = format!("a{c}b");
            let expected = text.chars().all(|c| super::plain(c) || lone_starter(c));
            assert_eq!(all_plain(&text), expected, "{c:?}");
            if expected {
                assert_eq!(is_nfc_quick(text.chars()), IsNormalized::Yes, "{c:?}");
            }
        }
        // Long texts go through the block check: every code point at every
        // place around a block's edge.
        let base = "Ủy ban nhân dân tỉnh Gia Lai ban hành kế hoạch chuyển đổi số. ";
        let samples = [
            'a', 'ạ', 'ỹ', '–', '…', '“', '\u{300}', '\u{1dc0}', '\u{1f00}', 'ἀ', '中', '😀', 'Ā',
            'ʰ',
        ];
        for c in samples {
            for at in 0..base.len() {
                if !base.is_char_boundary(at) {
                    continue;
                }
                let text = format!("{}{}{c}{}", base, &base[..at], &base[at..]);
                let expected = text.chars().all(|c| super::plain(c) || lone_starter(c));
                assert_eq!(all_plain(&text), expected, "{c:?} at {at}");
            }
        }
        assert!(is_nfc_quick_yes("Chuyển đổi số, Điều 5"));
        assert!(!is_nfc_quick_yes("Chuye\u{302}\u{309}n"));
    }
}
