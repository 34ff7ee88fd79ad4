//! Tests of the analyzer: every vector of `tests/analyzer-vectors.json` (shared
//! with the JavaScript implementation) and a few Rust-only properties.

use super::*;
use serde_json::Value;
use std::borrow::Cow;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/analyzer-vectors.json");

fn vectors() -> Value {
    let text =
        std::fs::read_to_string(VECTORS).unwrap_or_else(|e| panic!("cannot read {VECTORS}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{VECTORS} is not JSON: {e}"))
}

fn array<'a>(value: &'a Value, key: &str) -> &'a Vec<Value> {
    value
        .get(key)
        .and_then(Value::as_array)
        .unwrap_or_else(|| panic!("vector field {key:?} is not an array: {value}"))
}

fn string<'a>(value: &'a Value, key: &str) -> &'a str {
    value
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("vector field {key:?} is not a string: {value}"))
}

fn strings(value: &Value, key: &str) -> Vec<String> {
    array(value, key)
        .iter()
        .map(|v| {
            v.as_str()
                .unwrap_or_else(|| panic!("{key:?} holds a non-string: {value}"))
                .to_string()
        })
        .collect()
}

/// Collects mismatches so that one run reports all of them.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check<T: PartialEq + std::fmt::Debug>(&mut self, input: &str, what: &str, got: T, want: T) {
        if got != want {
            self.0.push(format!(
                "{what}({input:?}):\n     got {got:?}\n    want {want:?}"
            ));
        }
    }

    fn assert_none(self, count: usize) {
        assert!(
            self.0.is_empty(),
            "{} of {count} checks failed:\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

#[test]
fn text_vectors() {
    let all = vectors();
    let vectors = array(&all, "text");
    assert!(vectors.len() >= 80, "only {} text vectors", vectors.len());
    let mut failures = Failures::default();
    for v in vectors {
        let input = string(v, "input");
        failures.check(
            input,
            "folded_terms",
            folded_terms(input),
            strings(v, "folded"),
        );
        failures.check(
            input,
            "exact_terms",
            exact_terms(input),
            strings(v, "exact"),
        );
        failures.check(input, "pair_terms", pair_terms(input), strings(v, "pairs"));
        let want = v.get("has_diacritics").and_then(Value::as_bool);
        failures.check(input, "has_diacritics", Some(has_diacritics(input)), want);
        if let Some(want) = v.get("syllables").and_then(Value::as_array) {
            // The vectors count code points; Token counts UTF-8 bytes.
            let text = nfc(input);
            let chars = |byte: usize| text.get(..byte).map(|s| s.chars().count());
            let got: Vec<(String, Option<usize>, Option<usize>)> = syllables(input)
                .into_iter()
                .map(|t| (t.text, chars(t.start), chars(t.end)))
                .collect();
            let want: Vec<(String, Option<usize>, Option<usize>)> = want
                .iter()
                .map(|s| {
                    let at = |i: usize| s.get(i).and_then(Value::as_u64).map(|n| n as usize);
                    let text = s.get(0).and_then(Value::as_str).unwrap_or_default();
                    (text.to_string(), at(1), at(2))
                })
                .collect();
            failures.check(input, "syllables", got, want);
        }
    }
    failures.assert_none(vectors.len());
}

#[test]
fn number_vectors() {
    let all = vectors();
    let vectors = array(&all, "numbers");
    let mut failures = Failures::default();
    for v in vectors {
        let input = string(v, "input");
        failures.check(
            input,
            "number_terms",
            number_terms(input),
            strings(v, "number_terms"),
        );
    }
    failures.assert_none(vectors.len());
}

#[test]
fn query_vectors() {
    let all = vectors();
    let vectors = array(&all, "queries");
    let mut failures = Failures::default();
    for v in vectors {
        let input = string(v, "input");
        failures.check(
            input,
            "query_number_terms",
            query_number_terms(input),
            strings(v, "query_number_terms"),
        );
        let want: Vec<Vec<String>> = array(v, "query_numbers")
            .iter()
            .map(|g| {
                g.as_array()
                    .map(|g| {
                        g.iter()
                            .filter_map(Value::as_str)
                            .map(String::from)
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
        failures.check(input, "query_numbers", query_numbers(input), want);
        if let Some(document) = v.get("document").and_then(Value::as_str) {
            let indexed = number_terms(document);
            let missing: Vec<String> = query_number_terms(input)
                .into_iter()
                .filter(|t| !indexed.contains(t))
                .collect();
            failures.check(
                input,
                "terms not indexed for the document",
                missing,
                Vec::new(),
            );
        }
    }
    failures.assert_none(vectors.len());
}

#[test]
fn nfc_borrows_normalized_text() {
    assert!(matches!(nfc("Chuyển đổi số"), Cow::Borrowed(_)));
    assert!(matches!(nfc("ascii"), Cow::Borrowed(_)));
    let decomposed = "Vie\u{323}\u{302}t";
    assert!(matches!(nfc(decomposed), Cow::Owned(_)));
    assert_eq!(nfc(decomposed), "Việt");
}

#[test]
fn token_offsets_are_utf8_bytes_of_the_nfc_text() {
    let input = "Vie\u{323}\u{302}t Nam";
    let text = nfc(input);
    let tokens = syllables(input);
    assert_eq!(
        tokens,
        vec![
            Token {
                text: "Việt".into(),
                start: 0,
                end: 6
            },
            Token {
                text: "Nam".into(),
                start: 7,
                end: 10
            },
        ]
    );
    for t in &tokens {
        assert_eq!(&text[t.start..t.end], t.text);
    }
}

#[test]
fn pair_tokens_span_both_syllables() {
    let pairs = pair_tokens("Chuyển đổi số");
    let spans: Vec<(&str, usize, usize)> = pairs
        .iter()
        .map(|t| (t.text.as_str(), t.start, t.end))
        .collect();
    assert_eq!(spans, vec![("chuyen_doi", 0, 15), ("doi_so", 9, 20)]);
}

#[test]
fn every_toned_vowel_round_trips_through_the_table() {
    for (row, forms) in VOWELS.iter().enumerate() {
        assert_eq!(forms.chars().count(), 6);
        for (tone, c) in forms.chars().enumerate() {
            assert_eq!(vowel_of(c), Some((row, tone)));
            assert_eq!(vowel_with_tone(row, tone), Some(c));
            // The table must agree with fold: every form folds to its row's base.
            let base = fold(&c.to_string());
            assert!(base.len() == 1 && base.is_ascii(), "{c} folds to {base}");
        }
    }
}

#[test]
fn exact_view_is_idempotent() {
    for word in ["hòa", "thủy", "qúy", "ngòai", "hóà", "email", "Ủy", "gìa"] {
        let once = exact_term(word);
        assert_eq!(exact_term(&once), once, "{word}");
        assert_eq!(fold(&once), fold(word), "{word}");
    }
}

#[test]
fn odd_input_does_not_panic() {
    for input in [
        "",
        "/",
        "-",
        "//--//",
        "1690/",
        "/1690",
        "1690-",
        "qd- 1690",
        "\u{301}",
        "\u{345}",
        "a\u{0}b",
        "𝐀/𝐁-1",
        "9999999999999999999999999/2015/qh",
    ] {
        let _ = (
            syllables(input),
            folded_terms(input),
            exact_terms(input),
            pair_tokens(input),
            has_diacritics(input),
            number_terms(input),
            query_numbers(input),
        );
    }
}

#[test]
fn fast_alphanumeric_agrees_with_the_unicode_tables() {
    for c in ('\0'..='\u{2fff}').chain('\u{1e00}'..='\u{1eff}') {
        assert_eq!(
            super::is_alphanumeric(c),
            c.is_alphanumeric(),
            "U+{:04X}",
            c as u32
        );
    }
}
