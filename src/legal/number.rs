//! Document numbers (số hiệu). Provisional: replaced by the full parser.

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocNumber {
    canonical: String,
}

fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

impl DocNumber {
    pub fn parse(s: &str) -> Option<DocNumber> {
        let s: String = s.nfc().collect::<String>().split_whitespace().collect();
        if s.is_empty() || !s.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(DocNumber { canonical: s })
    }
    pub fn canonical(&self) -> &str {
        &self.canonical
    }
    pub fn key(&self) -> String {
        fold(&self.canonical).replace(['–', '—'], "-")
    }
    pub fn slug(&self) -> String {
        let mut out = String::new();
        for c in fold(&self.canonical).chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c);
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        out.trim_end_matches('-').to_string()
    }
}
