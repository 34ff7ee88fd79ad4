//! Provision ids agree between the stage that gives them (headings and
//! paragraphs of a law) and the stages that link to them (citations in
//! running text), including articles inserted with a letter (`Điều 12a`,
//! `Điều 5đ`).

use crate::common;

use std::collections::BTreeSet;

use common::{fixture, ids, links, read};
use proptest::prelude::*;
use vanban::date::Date;
use vanban::legal::citation::{find_citations, LawNames};
use vanban::legal::provision;
use vanban::markdown::{render, NoLinks};
use vanban::{BuildOptions, Site};

/// Letters of articles inserted by amendments, and of points.
const LETTERS: [&str; 7] = ["a", "b", "c", "d", "đ", "e", "g"];

/// One article of a generated law: its number, the letter of an inserted
/// article, and its clauses (each with a letter or not, and its points); an
/// article without clauses holds points directly.
#[derive(Debug, Clone)]
struct Article {
    number: u16,
    letter: Option<&'static str>,
    clauses: Vec<(Option<&'static str>, Vec<&'static str>)>,
    points: Vec<&'static str>,
}

fn letters() -> impl Strategy<Value = Vec<&'static str>> {
    // An ordered run of distinct letters: a), b), đ)…
    proptest::sample::subsequence(LETTERS.to_vec(), 0..=LETTERS.len())
}

fn article() -> impl Strategy<Value = Article> {
    (
        1u16..2000,
        proptest::option::of(proptest::sample::select(LETTERS.to_vec())),
        proptest::collection::vec(
            (
                proptest::option::weighted(0.2, proptest::sample::select(LETTERS.to_vec())),
                letters(),
            ),
            0..4,
        ),
        letters(),
    )
        .prop_map(|(number, letter, clauses, points)| Article {
            number,
            letter,
            points: if clauses.is_empty() {
                points
            } else {
                Vec::new()
            },
            clauses,
        })
}

/// The parts a citation names a unit by: (article, clause, point).
type Parts = (String, Option<String>, Option<String>);

/// The law's Markdown, and the parts of every unit in order.
fn law(articles: &[Article]) -> (String, Vec<Parts>) {
    let mut body = String::from("## Chương I. NHỮNG QUY ĐỊNH CHUNG\n\n");
    let mut units = Vec::new();
    for a in articles {
        let dieu = format!("{}{}", a.number, a.letter.unwrap_or(""));
        body.push_str(&format!("#### Điều {dieu}. Tiêu đề\n\nNội dung.\n\n"));
        units.push((dieu.clone(), None, None));
        for (i, (letter, points)) in a.clauses.iter().enumerate() {
            let khoan = format!("{}{}", i + 1, letter.unwrap_or(""));
            body.push_str(&format!("{khoan}\\. Khoản.\n\n"));
            units.push((dieu.clone(), Some(khoan.clone()), None));
            for p in points {
                body.push_str(&format!("{p}) điểm;\n\n"));
                units.push((dieu.clone(), Some(khoan.clone()), Some(p.to_string())));
            }
        }
        for p in &a.points {
            body.push_str(&format!("{p}) điểm;\n\n"));
            units.push((dieu.clone(), None, Some(p.to_string())));
        }
    }
    (body, units)
}

proptest! {
    /// Every article, clause and point the Markdown stage gives an id is
    /// found by a citation of it ("điểm a khoản 1 Điều 5đ"), and the
    /// citation links to that same id.
    #[test]
    fn citations_link_to_the_ids_units_get(
        articles in proptest::collection::vec(article(), 1..6)
    ) {
        // Repeated article numbers would get `-2` ids (and a warning).
        let mut seen = BTreeSet::new();
        let articles: Vec<Article> = articles
            .into_iter()
            .filter(|a| seen.insert((a.number, a.letter)))
            .collect();
        let (body, units) = law(&articles);
        let rendered = render(&body, true, &NoLinks);
        let anchors: Vec<_> = rendered.anchors.iter().skip(1).collect();
        prop_assert_eq!(anchors.len(), units.len(), "{}", body);
        let names = LawNames::new();
        for (anchor, (dieu, khoan, diem)) in anchors.iter().zip(&units) {
            let cited = provision::citation_text(dieu, khoan.as_deref(), diem.as_deref());
            prop_assert_eq!(&anchor.label, &cited);
            let text = format!("Thực hiện theo {cited} của Luật này.");
            let found = find_citations(&text, &names);
            prop_assert_eq!(found.len(), 1, "{}", text);
            prop_assert_eq!(found[0].provisions.len(), 1, "{}", text);
            prop_assert_eq!(&found[0].provisions[0].anchor(), &anchor.id, "{}", text);
        }
    }
}

fn options() -> BuildOptions {
    BuildOptions {
        as_of: Date::parse_iso("2025-06-01"),
        ..Default::default()
    }
}

#[test]
fn citations_of_lettered_articles_link_without_warnings() {
    let site = Site::load(&fixture("provision-letters")).expect("site loads");
    let warnings = site.check(&options()).expect("check passes");
    let messages: Vec<String> = warnings.iter().map(|d| d.to_string()).collect();
    assert!(messages.is_empty(), "{messages:#?}");

    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let opts = BuildOptions {
        output: Some(out.clone()),
        index: Some(tmp.path().join("search-index")),
        ..options()
    };
    site.build(&opts).expect("build");
    let law = read(&out.join("luat/12-2024-qh15/index.html"));
    let law_ids: BTreeSet<String> = ids(&law).into_iter().collect();
    for id in ["dieu-5d", "dieu-5dd", "dieu-5dd-khoan-1-diem-a", "dieu-12a"] {
        assert!(law_ids.contains(id), "{id} not in {law_ids:?}");
    }

    // "khoản 1 Điều này" inside Điều 5đ is its clause 1.
    assert!(
        law.contains("href=\"../../luat/12-2024-qh15/#dieu-5dd-khoan-1\">khoản 1 Điều này</a>"),
        "{law}"
    );

    let plan = read(&out.join("ke-hoach/3-kh-ubnd/index.html"));
    let cited: Vec<String> = links(&plan)
        .into_iter()
        .filter_map(|href| {
            let (page, anchor) = href.split_once('#')?;
            page.ends_with("luat/12-2024-qh15/")
                .then(|| anchor.to_string())
        })
        .collect();
    assert_eq!(cited, ["dieu-5dd-khoan-1-diem-a", "dieu-12a"]);
    for anchor in &cited {
        assert!(law_ids.contains(anchor), "#{anchor} not in the law's page");
    }
}
