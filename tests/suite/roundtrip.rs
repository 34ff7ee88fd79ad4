//! Import → build round trip over the whole real corpus (208 laws): every
//! article of the source is an `dieu-N` id on the built page, in order, with
//! no repeats; where the source itself has a gap, the import report names it.
//! The pages are rendered in memory: the search export is tested elsewhere.

use crate::common;

use vanban::date::Date;
use vanban::import::{import_text, ImportOptions};
use vanban::{BuildOptions, Site};

#[test]
fn every_article_survives_import_and_build() {
    let corpus = common::shared_data("corpus/vn-laws");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("site");
    std::fs::create_dir_all(site.join("content/luat")).unwrap();
    std::fs::write(site.join("vanban.toml"), "title = \"Kho luật\"\n").unwrap();
    let mut expected = Vec::new();
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 200,
        "{} holds {} files, not the 208 laws",
        corpus.display(),
        files.len()
    );
    for (i, file) in files.iter().enumerate() {
        let text = String::from_utf8_lossy(&std::fs::read(file).unwrap()).into_owned();
        let imported = import_text(&text, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // Numbers and kinds may be missing or repeat across the corpus (an
        // amended law keeps its number): give each file its own for the site.
        let mut front = imported.front.clone();
        front.number = Some(format!("{}/9999/RT", i + 1));
        front.kind = Some("Luật".into());
        front.title = front
            .title
            .or_else(|| Some(file.file_stem().unwrap().to_string_lossy().into_owned()));
        front.issuer = front.issuer.or_else(|| Some("Quốc hội".into()));
        let doc = vanban::import::Imported {
            front,
            ..imported.clone()
        };
        std::fs::write(
            site.join(format!("content/luat/{}.md", i + 1)),
            doc.to_content_file(),
        )
        .unwrap();
        let numbers: Vec<String> = imported
            .report
            .articles
            .iter()
            .map(|a| a.number.clone())
            .collect();
        assert_eq!(numbers.len(), imported.article_count, "{}", file.display());
        expected.push((
            file.clone(),
            numbers,
            imported.report.gaps.len(),
            imported.report.duplicates.len(),
        ));
    }
    // The pages in memory: the search export is not what this test is about.
    let files: std::collections::HashMap<String, Vec<u8>> = Site::load(&site)
        .unwrap()
        .compile(&BuildOptions {
            as_of: Date::parse_iso("2025-01-01"),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("corpus build failed: {e:#?}"))
        .into_iter()
        .collect();
    let mut total = 0;
    for (i, (file, numbers, gaps, duplicates)) in expected.iter().enumerate() {
        let path = format!("luat/{}-9999-rt/index.html", i + 1);
        let html = std::str::from_utf8(&files[&path]).unwrap();
        let got: Vec<String> = common::ids(html)
            .into_iter()
            .filter(|id| {
                id.starts_with("dieu-") && !id.contains("-khoan-") && !id.contains("-diem-")
            })
            .collect();
        let want: Vec<String> = numbers
            .iter()
            .map(|n| format!("dieu-{}", vanban::text::slugify(n)))
            .collect();
        if *duplicates == 0 {
            assert_eq!(got, want, "{}", file.display());
        } else {
            assert_eq!(got.len(), want.len(), "{}", file.display());
        }
        // In order: numbers never go back, except where the report names a gap.
        let values: Vec<u32> = numbers
            .iter()
            .filter_map(|n| n.trim_end_matches(|c: char| c.is_alphabetic()).parse().ok())
            .collect();
        let backwards = values.windows(2).filter(|w| w[1] <= w[0]).count();
        assert!(
            backwards <= *gaps + *duplicates,
            "{}: {backwards} steps back, report names {gaps} gaps",
            file.display()
        );
        total += got.len();
    }
    eprintln!("{} files, {total} articles", expected.len());
    assert_eq!(expected.len(), 208);
    assert!(total > 17_000, "{total}");
}
