//! Text foundations every stage uses: Unicode NFC, folding to plain lower
//! case, URL slugs.
//!
//! They sit below the stages (content, legal, markdown, search) so that none
//! of those reaches into another for them: a slug, a document number's key
//! and a search term fold text the same way because they call the same
//! function here. The search analyzer's own rules (syllables, the exact
//! view, pairs) build on these and are specified in `search::analyzer`.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

pub mod nfc;
pub mod slug;

pub use slug::slugify;

/// `text` in Unicode Normalization Form C, borrowed when it already is.
pub fn nfc(text: &str) -> Cow<'_, str> {
    match nfc::is_nfc_quick_yes(text) {
        true => Cow::Borrowed(text),
        false => {
            let normalized: String = text.nfc().collect();
            if normalized == text {
                Cow::Borrowed(text)
            } else {
                Cow::Owned(normalized)
            }
        }
    }
}

/// Lower case without any diacritics: `"Chuyển ĐỔI"` → `"chuyen doi"`.
///
/// NFC, lower-case, NFD, drop U+0300..=U+036F, `đ ð ɖ` → `d`, NFC.
pub fn fold(text: &str) -> String {
    // ASCII has nothing to compose, strip or map: only case to fold.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let lower = nfc(text).to_lowercase();
    let stripped: String = lower
        .nfd()
        .filter(|&c| !is_combining_diacritic(c))
        .map(|c| {
            if matches!(c, 'đ' | 'ð' | 'ɖ') {
                'd'
            } else {
                c
            }
        })
        .collect();
    if stripped.is_ascii() {
        stripped
    } else {
        nfc(&stripped).into_owned()
    }
}

/// A combining diacritic of the block U+0300..=U+036F (tone and vowel marks
/// once decomposed).
pub fn is_combining_diacritic(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}
