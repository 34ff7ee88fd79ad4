//! What a query names: a provision (`khoản 2 Điều 5`) and the documents it
//! belongs to, by name (`Luật An toàn thông tin mạng`) or by number
//! (`86/2015/QH13`).
//!
//! Officials ask "khoản 2 Điều 5 Luật An toàn thông tin mạng" or "Người lao
//! động được nghỉ bao nhiêu ngày theo Bộ luật Lao động?". Read as plain
//! words, the law's name matches its whole-document record best (its title is
//! the name), and the record that answers — an article of that law — comes
//! later. So the words that name something are read apart from the rest:
//!
//! * the named documents and the cited provision get boosts
//!   ([`super::ranking`] says how much);
//! * when other words remain, they alone are searched, and the named law is
//!   where to look, not the answer; when nothing else remains, the query is
//!   about the document itself and is searched as written, but for the
//!   words of its citations.
//!
//! The reading works on the query's syllables ([`analyzer::syllables`]),
//! folded, so it is the same with or without diacritics, and it is written
//! twice, here and in `vanban-search.js`, with the same steps in the same
//! order (the test vectors of `tests/named-vectors.json` hold both to it):
//!
//! 1. **Provisions**: `[điểm X] [khoản N] Điều M`, or `Điều M [khoản N]
//!    [điểm X]`, with M and N a syllable starting with a digit (`5`, `5a`)
//!    and X a single letter; the anchor is the provision id of
//!    [`ProvisionRef::anchor`] (`dieu-5-khoan-2`).
//! 2. **Numbers**: the [`analyzer::query_numbers`] groups of two or more
//!    terms (a bare `12` in "12 tháng" is a count, not a document); the
//!    syllables that are parts of their terms or of the numbers of the
//!    documents they name, with a `số` just before and a
//!    kind of document before that (`Luật số 80/2015/QH13`); and a `về`
//!    right after the number with the rest of its clause, the document's
//!    subject (`Quyết định số 1690/QĐ-TTg về việc …`).
//! 3. **Names**: at each syllable not yet read, the longest run of two or
//!    more syllables, none read, that is the name of a document of the site
//!    (`is_name`: the folded syllables joined by single spaces).
//!
//! Only when a document is named (2 or 3) are the syllables of 1 to 3 set
//! apart; a provision cited without its document stays plain words.

use super::analyzer;
use crate::legal::citation::ProvisionRef;
use crate::legal::kind::KINDS;

/// A provision cited by a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cited {
    /// Its provision id: `dieu-5-khoan-2`.
    pub anchor: String,
    /// The id of its article (`dieu-5`): the record that holds it.
    pub article: String,
}

impl Cited {
    /// The ids to look for, the most precise first: the provision's, then
    /// those of the units that hold it (`dieu-5-khoan-2-diem-a`,
    /// `dieu-5-khoan-2`, `dieu-5`). A result is shown at the first that its
    /// document has, so a clause the law does not have is never linked.
    pub fn ids(&self) -> Vec<String> {
        let mut out = vec![self.anchor.clone()];
        let mut id = self.anchor.as_str();
        while id != self.article {
            let Some(cut) = id.rfind("-khoan-").max(id.rfind("-diem-")) else {
                break;
            };
            id = &id[..cut];
            out.push(id.to_string());
        }
        out
    }
}

/// A query as read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    pub cited: Vec<Cited>,
    /// The names found, folded, each once, in query order.
    pub names: Vec<String>,
    /// The document-number groups of two or more terms.
    pub numbers: Vec<Vec<String>>,
    /// The query with every syllable read replaced by `,` (which also stops
    /// word pairs), when a document is named and other words remain.
    pub rest: Option<String>,
    /// The query with the syllables of its citations replaced by `,`, when
    /// a document is named: what is searched when nothing else remains
    /// (`khoản 2 Điều 5` would match every article with a clause 2).
    pub plain: Option<String>,
}

impl Reading {
    /// Whether the query names a document (by name or by number).
    pub fn names_document(&self) -> bool {
        !self.names.is_empty() || !self.numbers.is_empty()
    }
}

/// Kinds of documents whose title is a name that texts and people cite them
/// by (as the site's links do, [`crate::link::hub`]).
const NAMED_KINDS: [&str; 4] = ["luat", "bo-luat", "hien-phap", "phap-lenh"];

/// The name a document of kind `kind_slug` is cited by, as a query is read:
/// its title's folded syllables joined by spaces (`luat an toan thong tin
/// mang`); none for other kinds or a title of one syllable. Indexed among
/// the terms of the document's number field.
pub fn name_key(kind_slug: &str, title: &str) -> Option<String> {
    if !NAMED_KINDS.contains(&kind_slug) {
        return None;
    }
    let words = analyzer::folded_terms(title);
    (words.len() >= 2).then(|| words.join(" "))
}

/// The term of a provision record in the number field: `@` and its id
/// (`@dieu-5`), so that a cited article is found by its id.
pub fn article_term(anchor: &str) -> String {
    format!("@{anchor}")
}

/// The provisions a query cites, without its names: what can be known before
/// the site's names are.
pub fn cited(query: &str) -> Vec<Cited> {
    let text = analyzer::nfc(query);
    let syl = Syllables::new(&text);
    let mut used = vec![false; syl.len()];
    provisions(&syl, &mut used)
}

/// The numbers of a query that name documents: groups of two or more terms.
pub fn numbers(query: &str) -> Vec<Vec<String>> {
    analyzer::query_numbers(query)
        .into_iter()
        .filter(|g| g.len() >= 2)
        .collect()
}

/// The syllables of the kinds of documents, folded (`["bo", "luat"]`).
pub fn kinds() -> Vec<Vec<String>> {
    KINDS
        .iter()
        .map(|(_, slug)| slug.split('-').map(str::to_string).collect())
        .collect()
}

/// Reads `query`; `is_name` tells whether a folded run of syllables is the
/// name of a document of the site, `numbered` holds the [`analyzer::number_terms`]
/// of the numbers of the documents that the query's [`numbers`] name (so
/// that `QH14` in "QH14 24/2018" is read as part of the number).
pub fn read(query: &str, is_name: impl Fn(&str) -> bool, numbered: &[String]) -> Reading {
    let text = analyzer::nfc(query);
    let syl = Syllables::new(&text);
    let n = syl.len();
    let mut used = vec![false; n];
    let cited = provisions(&syl, &mut used);
    let citation = used.clone();
    let numbers = numbers(query);
    // 2. The parts of the numbers' terms.
    let parts: Vec<&str> = numbers
        .iter()
        .flatten()
        .chain(numbered)
        .flat_map(|t| t.split(['/', '-']))
        .collect();
    let mut number = vec![false; n];
    for i in 0..n {
        if !used[i] && parts.contains(&syl.folded[i].as_str()) {
            used[i] = true;
            number[i] = true;
        }
    }
    let kinds = kinds();
    for i in 0..n {
        if !number[i] || (i > 0 && number[i - 1]) {
            continue;
        }
        let mut end = i;
        if end > 0 && !used[end - 1] && syl.folded[end - 1] == "so" {
            used[end - 1] = true;
            end -= 1;
        }
        let kind = kinds
            .iter()
            .filter(|k| {
                k.len() <= end
                    && (0..k.len()).all(|j| {
                        let at = end - k.len() + j;
                        !used[at] && syl.folded[at] == k[j]
                    })
            })
            .map(Vec::len)
            .max();
        if let Some(len) = kind {
            used[end - len..end].iter_mut().for_each(|u| *u = true);
        }
    }
    // What follows a number's `về`, to the end of the clause, is the
    // document's subject (`Quyết định số 1690/QĐ-TTg về việc …`).
    for i in 0..n {
        if !number[i] || number.get(i + 1).copied().unwrap_or(true) {
            continue;
        }
        let mut j = i + 1;
        if used[j] || !syl.is(j, "ve") || syl.breaks(j) {
            continue;
        }
        while j < n && !used[j] && (j == i + 1 || !syl.breaks(j)) {
            used[j] = true;
            j += 1;
        }
    }
    // 3. Names, longest first.
    let mut names: Vec<String> = Vec::new();
    let mut i = 0;
    while i < n {
        if used[i] {
            i += 1;
            continue;
        }
        let free = (i..n).take_while(|&j| !used[j]).count();
        let found = (2..=free).rev().find_map(|len| {
            let key = syl.folded[i..i + len].join(" ");
            is_name(&key).then_some((len, key))
        });
        match found {
            Some((len, key)) => {
                used[i..i + len].iter_mut().for_each(|u| *u = true);
                if !names.contains(&key) {
                    names.push(key);
                }
                i += len;
            }
            None => i += 1,
        }
    }
    let mut reading = Reading {
        cited,
        names,
        numbers,
        rest: None,
        plain: None,
    };
    if reading.names_document() {
        let rest = syl.without(&text, &used);
        if !analyzer::folded_terms(&rest).is_empty() {
            reading.rest = Some(rest);
        }
        reading.plain = Some(syl.without(&text, &citation));
    }
    reading
}

/// The syllables of an NFC text, as written and folded.
struct Syllables {
    text: String,
    tokens: Vec<analyzer::Token>,
    folded: Vec<String>,
}

impl Syllables {
    fn new(text: &str) -> Syllables {
        let tokens = analyzer::syllables(text);
        let folded = tokens.iter().map(|t| analyzer::fold(&t.text)).collect();
        Syllables {
            text: text.to_string(),
            tokens,
            folded,
        }
    }

    fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Syllable `i` when it is a provision number (`5`, `5a`), lower case.
    fn number(&self, i: usize) -> Option<String> {
        let t = &self.tokens.get(i)?.text;
        let ok = t.starts_with(|c: char| c.is_ascii_digit())
            && t.chars().all(|c| c.is_ascii_alphanumeric());
        ok.then(|| t.to_ascii_lowercase())
    }

    /// Syllable `i` when it is one letter (`a`, `đ`), lower case.
    fn letter(&self, i: usize) -> Option<String> {
        let t = self.tokens.get(i)?.text.to_lowercase();
        let mut chars = t.chars();
        let ok = matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == 'đ')
            && chars.next().is_none();
        ok.then_some(t)
    }

    /// `text` with the syllables marked in `used` replaced by `,`.
    fn without(&self, text: &str, used: &[bool]) -> String {
        let mut out = String::with_capacity(text.len());
        let mut at = 0;
        for (t, _) in self.tokens.iter().zip(used).filter(|(_, &u)| u) {
            out.push_str(&text[at..t.start]);
            out.push(',');
            at = t.end;
        }
        out.push_str(&text[at..]);
        out
    }

    /// Whether the text before syllable `i` stops a word pair (`,`, `.`…).
    fn breaks(&self, i: usize) -> bool {
        let (a, b) = (&self.tokens[i - 1], &self.tokens[i]);
        self.text[a.end..b.start]
            .chars()
            .any(analyzer::is_pair_break)
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.folded.get(i).is_some_and(|f| f == word)
    }
}

/// 1. The provisions cited, their syllables marked in `used`.
fn provisions(syl: &Syllables, used: &mut [bool]) -> Vec<Cited> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < syl.len() {
        let mut j = i;
        let (mut diem, mut khoan) = (None, None);
        let letter = |j: usize| syl.is(j, "diem").then(|| syl.letter(j + 1)).flatten();
        let clause = |j: usize| syl.is(j, "khoan").then(|| syl.number(j + 1)).flatten();
        if let Some(x) = letter(j) {
            diem = Some(x);
            j += 2;
        }
        if let Some(k) = clause(j) {
            khoan = Some(k);
            j += 2;
        }
        let Some(dieu) = syl.is(j, "dieu").then(|| syl.number(j + 1)).flatten() else {
            i += 1;
            continue;
        };
        j += 2;
        if khoan.is_none() {
            if let Some(k) = clause(j) {
                khoan = Some(k);
                j += 2;
            }
        }
        if diem.is_none() {
            if let Some(x) = letter(j) {
                diem = Some(x);
                j += 2;
            }
        }
        let cite = ProvisionRef {
            dieu,
            khoan,
            diem,
            span: 0..0,
        };
        let article = ProvisionRef {
            khoan: None,
            diem: None,
            ..cite.clone()
        };
        out.push(Cited {
            anchor: cite.anchor(),
            article: article.anchor(),
        });
        used[i..j].iter_mut().for_each(|u| *u = true);
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    /// The vectors both readers are held to.
    #[test]
    fn shared_vectors() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/named-vectors.json");
        let text = std::fs::read_to_string(path).expect("tests/named-vectors.json");
        let all: Value = serde_json::from_str(&text).expect("valid JSON");
        let strings = |v: &Value| -> Vec<String> {
            v.as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|x| x.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default()
        };
        let known = strings(&all["names"]);
        let vectors = all["vectors"].as_array().expect("vectors");
        assert!(vectors.len() >= 15);
        for v in vectors {
            let query = v["query"].as_str().expect("query");
            let r = read(
                query,
                |k| known.iter().any(|n| n == k),
                &strings(&v["numbered"]),
            );
            let cited: Vec<Vec<String>> = v["cited"]
                .as_array()
                .map(|a| a.iter().map(strings).collect())
                .unwrap_or_default();
            let got: Vec<Vec<String>> = r
                .cited
                .iter()
                .map(|c| vec![c.anchor.clone(), c.article.clone()])
                .collect();
            assert_eq!(got, cited, "cited in {query:?}");
            assert_eq!(r.names, strings(&v["found"]), "names in {query:?}");
            let numbers: Vec<Vec<String>> = v["numbers"]
                .as_array()
                .map(|a| a.iter().map(strings).collect())
                .unwrap_or_default();
            assert_eq!(r.numbers, numbers, "numbers in {query:?}");
            assert_eq!(r.rest.as_deref(), v["rest"].as_str(), "rest of {query:?}");
            if let Some(plain) = v.get("plain") {
                assert_eq!(r.plain.as_deref(), plain.as_str(), "plain {query:?}");
            }
        }
    }

    fn names(key: &str) -> bool {
        [
            "luat an toan thong tin mang",
            "bo luat lao dong",
            "luat an ninh",
        ]
        .contains(&key)
    }

    #[test]
    fn a_cited_provision_of_a_named_law() {
        let r = read("khoản 2 Điều 5 Luật An toàn thông tin mạng", names, &[]);
        assert_eq!(
            r.cited,
            [Cited {
                anchor: "dieu-5-khoan-2".into(),
                article: "dieu-5".into()
            }]
        );
        assert_eq!(r.names, ["luat an toan thong tin mang"]);
        assert_eq!(r.rest, None, "nothing else is asked");
    }

    #[test]
    fn a_named_law_leaves_the_question() {
        let r = read(
            "Người lao động được nghỉ bao nhiêu ngày theo Bộ luật Lao động?",
            names,
            &[],
        );
        assert_eq!(r.names, ["bo luat lao dong"]);
        assert_eq!(
            r.rest.as_deref(),
            Some("Người lao động được nghỉ bao nhiêu ngày theo , , , ,?")
        );
    }

    #[test]
    fn numbers_with_their_kind() {
        let r = read("Luật số 80/2015/QH13", names, &[]);
        assert_eq!(r.numbers, [["80", "2015", "qh13"]]);
        assert_eq!(r.rest, None);
        let r = read("dieu 8 nghi dinh 15/2020/ND-CP xu phat", names, &[]);
        assert_eq!(r.cited[0].anchor, "dieu-8");
        assert_eq!(r.rest.as_deref(), Some(", , , , ,/,/,-, xu phat"));
        let r = read("số 86/2015/QH13 về an ninh mạng, phạm vi", names, &[]);
        assert_eq!(r.rest.as_deref(), Some(", ,/,/, , , , ,, phạm vi"));
        let numbered = [
            "24/2018/qh14".to_string(),
            "24".into(),
            "2018".into(),
            "qh14".into(),
        ];
        assert_eq!(read("QH14 24/2018", names, &numbered).rest, None);
        // A count is not a document.
        assert!(read("nghỉ 12 ngày", names, &[]).numbers.is_empty());
    }

    #[test]
    fn a_citation_falls_back_to_what_holds_it() {
        let c = &cited("điểm a khoản 2 Điều 5")[0];
        assert_eq!(
            c.ids(),
            ["dieu-5-khoan-2-diem-a", "dieu-5-khoan-2", "dieu-5"]
        );
        assert_eq!(cited("Điều 5 điểm b")[0].ids(), ["dieu-5-diem-b", "dieu-5"]);
        assert_eq!(cited("Điều 5")[0].ids(), ["dieu-5"]);
    }

    #[test]
    fn orders_and_what_is_not_a_citation() {
        assert_eq!(
            cited("Điều 5 khoản 2 điểm đ")[0].anchor,
            "dieu-5-khoan-2-diem-dd"
        );
        assert_eq!(
            cited("diem a khoan 3 dieu 12a")[0].anchor,
            "dieu-12a-khoan-3-diem-a"
        );
        assert!(cited("Điều kiện khoản 2").is_empty());
        assert!(cited("khoản tiền").is_empty());
        // Without its document, a provision is plain words.
        let r = read("Điều 5 an ninh", names, &[]);
        assert!(!r.names_document() && r.rest.is_none());
        // The longest name wins; a name is two syllables or more.
        assert_eq!(
            read("luat an ninh mang", names, &[]).names,
            ["luat an ninh"]
        );
    }
}
