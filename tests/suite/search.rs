//! Search over the fixture site tests/fixtures/search-site: the shared queries
//! of tests/search-queries.json, the ranking rules of src/search/ranking.rs,
//! the index on disk, and the errors of `vanban search`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vanban::date::Date;
use vanban::search::{self, Hit, SearchOptions};
use vanban::{BuildOptions, Error, Site};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search-site")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        let (a, b) = (entry.path(), to.join(&name));
        if a.is_dir() {
            if name != "public" && name != "search-index" {
                copy_dir(&a, &b);
            }
        } else if a.extension().is_some_and(|x| x == "md" || x == "toml") {
            std::fs::copy(&a, &b).expect("copy");
        }
    }
}

/// A copy of a site folder (or of files given inline), built at a fixed date.
fn built(from: Option<&Path>, files: &[(&str, &str)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    if let Some(from) = from {
        copy_dir(from, tmp.path());
    }
    for (path, text) in files {
        let p = tmp.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }
    let site = Site::load(tmp.path()).expect("site loads");
    site.build(&BuildOptions {
        as_of: Date::parse_iso("2025-06-01"),
        ..Default::default()
    })
    .unwrap_or_else(|e| panic!("build failed: {e:?}"));
    tmp
}

/// The fixture built as [`built`] builds it, once for all the tests that
/// only search it.
fn search_site() -> &'static Path {
    crate::common::once_per_run("search-site as of 2025-06-01", || {
        let tmp = built(Some(&fixture()), &[]);
        let path = tmp.path().to_path_buf();
        crate::common::keep(tmp);
        path
    })
}

fn find(site: &Path, query: &str, opts: &SearchOptions) -> Vec<Hit> {
    search::search(&site.join("search-index"), query, opts)
        .unwrap_or_else(|e| panic!("search {query:?} failed: {e}"))
}

fn top(site: &Path, query: &str, limit: usize) -> Vec<Hit> {
    find(
        site,
        query,
        &SearchOptions {
            limit,
            ..Default::default()
        },
    )
}

fn key(h: &Hit) -> String {
    if h.anchor.is_empty() {
        h.url.clone()
    } else {
        format!("{}#{}", h.url, h.anchor)
    }
}

#[test]
fn shared_queries_rank_as_expected() {
    let site = search_site();
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/search-queries.json");
    let json: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("queries"))
        .expect("queries are JSON");
    let queries = json["queries"].as_array().expect("queries array");
    assert!(queries.len() >= 30, "only {} queries", queries.len());
    for q in queries {
        let text = q["query"].as_str().expect("query text");
        let hits = top(site, text, 10);
        if let Some(first) = q["first"].as_str() {
            assert_eq!(
                hits.first().map(key).as_deref(),
                Some(first),
                "first result of {text:?}"
            );
        }
        if let Some(urls) = q["top"].as_array() {
            for u in urls.iter().filter_map(Value::as_str) {
                assert!(
                    hits.iter().take(5).any(|h| key(h) == u),
                    "{u} in the top 5 of {text:?}"
                );
            }
        }
        if q["none"].as_bool() == Some(true) {
            assert!(hits.is_empty(), "{text:?} finds nothing");
        } else {
            assert!(!hits.is_empty(), "{text:?} finds something");
        }
        for w in hits.windows(2) {
            assert!(w[0].score >= w[1].score, "sorted by score for {text:?}");
        }
    }
}

#[test]
fn a_number_query_returns_its_document_first() {
    let site = search_site();
    for (q, url) in [
        ("86/2015/QH13", "luat/86-2015-qh13/"),
        ("86/2015/qh13", "luat/86-2015-qh13/"),
        ("số 86/2015/QH13 về an ninh mạng", "luat/86-2015-qh13/"),
        ("QH14 24/2018", "luat/24-2018-qh14/"),
        ("45/2019", "bo-luat/45-2019-qh14/"),
        ("01/2011/QH13", "luat/01-2011-qh13/"),
    ] {
        let hits = top(site, q, 5);
        assert_eq!(hits.first().map(key).as_deref(), Some(url), "{q}");
        assert!(hits[0].score > 900.0, "the number boost dominates: {q}");
    }
}

#[test]
fn the_law_named_by_the_query_ranks_above_texts_that_merely_mention_it() {
    let site = search_site();
    let hits = top(site, "an toan thong tin mang", 20);
    assert_eq!(key(&hits[0]), "luat/86-2015-qh13/");
    // Every other document that says "an toàn" somewhere comes after the
    // law and after its articles about network information security.
    let first_other = hits
        .iter()
        .position(|h| h.number != "86/2015/QH13")
        .expect("other documents mention an toàn");
    assert!(
        first_other >= 5,
        "other documents start at rank {first_other}"
    );
    let mentions = top(site, "an toàn", 50);
    assert!(mentions.iter().any(|h| h.number == "24/2018/QH14"));
    assert_eq!(key(&mentions[0]), "luat/86-2015-qh13/");
}

#[test]
fn a_provision_ranks_above_its_document_when_the_match_is_in_it() {
    let site = search_site();
    let hits = top(site, "phần mềm độc hại", 5);
    assert_eq!(hits[0].number, "86/2015/QH13");
    assert!(!hits[0].anchor.is_empty(), "the provision, not the law");
    assert!(hits[0].snippet.contains("<mark>độc</mark>"));
}

const LAW: &str = "+++\nnumber = \"NUM\"\ntitle = \"TITLE\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2010-01-01\neffective = 2010-06-01\nEXTRA\n+++\n\n## Chương I. QUY ĐỊNH CHUNG\n\n#### Điều 1. ARTICLE\n\nBODY\n";

fn law(number: &str, title: &str, article: &str, body: &str, extra: &str) -> String {
    LAW.replace("NUM", number)
        .replace("TITLE", title)
        .replace("ARTICLE", article)
        .replace("BODY", body)
        .replace("EXTRA", extra)
}

#[test]
fn exact_diacritics_rank_higher_only_when_typed() {
    let a = law(
        "1/2010/QH12",
        "Luật Một",
        "Hàng hóa",
        "Việc bán hàng hóa tại chợ.",
        "",
    );
    let b = law(
        "2/2010/QH12",
        "Luật Hai",
        "Hàng hóa",
        "Việc bàn hàng hóa tại chợ.",
        "",
    );
    let tmp = built(
        None,
        &[("content/luat/a.md", &a), ("content/luat/b.md", &b)],
    );
    let sell = top(tmp.path(), "bán hàng", 2);
    assert_eq!(sell[0].number, "1/2010/QH12");
    let table = top(tmp.path(), "bàn hàng", 2);
    assert_eq!(table[0].number, "2/2010/QH12");
    // Without marks the two texts are alike: same score.
    let plain = top(tmp.path(), "ban", 10);
    let scores: Vec<f64> = plain
        .iter()
        .filter(|h| !h.anchor.is_empty())
        .map(|h| h.score)
        .collect();
    assert_eq!(scores.len(), 2);
    assert_eq!(scores[0], scores[1]);
}

#[test]
fn in_force_ranks_slightly_above_expired() {
    let body = "Cơ quan nhà nước bảo đảm an toàn thông tin trên môi trường mạng.";
    let old = law(
        "3/2005/QH11",
        "Luật Cũ",
        "An toàn",
        body,
        "expires = 2015-01-01",
    );
    let new = law("4/2015/QH13", "Luật Mới", "An toàn", body, "");
    let tmp = built(
        None,
        &[("content/luat/a.md", &old), ("content/luat/b.md", &new)],
    );
    let hits = top(tmp.path(), "an toan thong tin", 4);
    let provisions: Vec<&Hit> = hits.iter().filter(|h| !h.anchor.is_empty()).collect();
    assert_eq!(provisions[0].number, "4/2015/QH13");
    assert_eq!(provisions[1].number, "3/2005/QH11");
    assert!((provisions[1].score / provisions[0].score - 0.9).abs() < 1e-9);
    let in_force = find(
        tmp.path(),
        "an toan thong tin",
        &SearchOptions {
            in_force: true,
            ..Default::default()
        },
    );
    assert!(in_force.iter().all(|h| h.number == "4/2015/QH13"));
}

#[test]
fn filters_by_kind_and_issuer() {
    let site = search_site();
    let opts = |kind: Option<&str>, issuer: Option<&str>| SearchOptions {
        limit: 50,
        kind: kind.map(str::to_string),
        issuer: issuer.map(str::to_string),
        in_force: false,
    };
    let by_kind = find(site, "nguoi lao dong", &opts(Some("Bộ luật"), None));
    assert!(!by_kind.is_empty());
    assert!(by_kind.iter().all(|h| h.url.starts_with("bo-luat/")));
    let by_slug = find(site, "nguoi lao dong", &opts(Some("bo-luat"), None));
    assert_eq!(by_kind.len(), by_slug.len());
    let issuer = find(site, "thong tin", &opts(None, Some("Quoc hoi")));
    assert!(!issuer.is_empty());
    let nobody = find(site, "thong tin", &opts(None, Some("Bộ Công an")));
    assert!(nobody.is_empty());
    let err = search::search(
        &site.join("search-index"),
        "thong tin",
        &opts(Some("Sắc lệnh"), None),
    );
    assert!(matches!(err, Err(Error::Usage(m)) if m.contains("loại văn bản")));
}

#[test]
fn search_errors_are_typed_and_clear() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let missing = search::search(
        &tmp.path().join("search-index"),
        "an toan",
        &SearchOptions::default(),
    );
    assert!(
        matches!(&missing, Err(Error::Usage(m)) if m.contains("vanban build")),
        "{missing:?}"
    );
    let site = search_site();
    let dir = site.join("search-index");
    for q in ["", "   ", "!!! … ;;"] {
        let r = search::search(&dir, q, &SearchOptions::default());
        assert!(matches!(r, Err(Error::Usage(_))), "{q:?}: {r:?}");
    }
    // A damaged index is an error, not a panic.
    let broken = tempfile::tempdir().expect("temp dir");
    std::fs::write(broken.path().join("meta.json"), "{ not json").expect("write");
    let r = search::search(broken.path(), "an toan", &SearchOptions::default());
    assert!(matches!(r, Err(Error::CorruptIndex(_))), "{r:?}");
}

#[test]
fn the_cli_prints_results_and_errors() {
    let bin = env!("CARGO_BIN_EXE_vanban");
    let site = search_site();
    let out = Command::new(bin)
        .args(["search", "--json", "--limit", "3", "an toan thong tin mang"])
        .current_dir(site)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let hits: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let hits = hits.as_array().expect("array");
    assert_eq!(hits.len(), 3);
    let keys: Vec<&str> = hits[0]
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["anchor", "number", "score", "snippet", "status", "title", "url"]
    );
    let raw = String::from_utf8_lossy(&out.stdout);
    let order: Vec<usize> = [
        "number", "title", "url", "anchor", "status", "score", "snippet",
    ]
    .iter()
    .map(|k| raw.find(&format!("\"{k}\"")).expect("key printed"))
    .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "keys in the documented order"
    );
    let text = Command::new(bin)
        .args(["search", "an toan thong tin mang"])
        .current_dir(site)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.starts_with("1. Luật An toàn thông tin mạng"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[an] [toàn]") || stdout.contains("[An] [toàn]"),
        "{stdout}"
    );
    let empty = tempfile::tempdir().expect("temp dir");
    for args in [
        vec!["search", "an toan"],
        vec!["search", ""],
        vec!["search", "--limit", "0", "x"],
    ] {
        let dir = if args[1] == "an toan" {
            empty.path()
        } else {
            site
        };
        let out = Command::new(bin)
            .args(&args)
            .current_dir(dir)
            .output()
            .expect("runs");
        assert!(!out.status.success(), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert!(!err.trim().is_empty());
    }
}

#[test]
fn the_index_is_swapped_in_whole_and_the_export_is_deterministic() {
    let site = built(Some(&fixture()), &[]);
    let first = snapshot(&site.path().join("public/search"));
    Site::load(site.path())
        .expect("loads")
        .build(&BuildOptions {
            as_of: Date::parse_iso("2025-06-01"),
            ..Default::default()
        })
        .expect("rebuilds");
    assert_eq!(first, snapshot(&site.path().join("public/search")));
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .expect("read_dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    // Only the replaced output, kept for the next build to write into.
    assert_eq!(leftovers, [".public.prev"]);
    assert!(site.path().join("search-index/meta.json").is_file());
    assert!(site.path().join("public/tim-kiem/index.html").is_file());
    // Packs are named after their bytes; only the manifest and the index
    // pages keep their names.
    let mut packs = 0;
    for (path, bytes) in &first {
        assert!(bytes.len() < 64 * 1024, "{path} is {} bytes", bytes.len());
        if path == "manifest.js" || path.starts_with("i/") {
            continue;
        }
        assert_eq!(
            path,
            &pack_name(bytes),
            "{path} is not named after its data"
        );
        packs += 1;
    }
    assert!(packs > 5, "only {packs} packs");
}

/// The name a pack of the export must have (src/search/export.rs): its kind
/// folder and the first 6 bytes of the FNV-1a 64-bit hash of its DATA text,
/// in base64url.
fn pack_name(bytes: &[u8]) -> String {
    let text = std::str::from_utf8(bytes).expect("UTF-8");
    let call = text
        .strip_prefix("vanban.shard(\"")
        .and_then(|t| t.strip_suffix(");\n"))
        .expect("one vanban.shard call");
    let (name, data) = call.split_once("\",").expect("name, data");
    let data = data.trim_matches('"');
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data.as_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let top = h >> 16;
    let hash: String = (0..8)
        .map(|i| BASE64[(top >> (42 - 6 * i) & 63) as usize] as char)
        .collect();
    let kind = name.rsplit_once('/').expect("kind/hash").0;
    format!("{kind}/{hash}.js")
}

#[test]
fn an_edit_rewrites_only_the_packs_it_changes() {
    let site = built(Some(&fixture()), &[]);
    let search = site.path().join("public/search");
    let first = stamped(&search);
    let rebuild = || {
        Site::load(site.path())
            .expect("loads")
            .build(&BuildOptions {
                as_of: Date::parse_iso("2025-06-01"),
                ..Default::default()
            })
            .expect("rebuilds")
    };
    // A second build writes into a fresh folder; the third reuses the
    // first's (src/output.rs), so what it leaves alone keeps its time.
    rebuild();
    let law = site.path().join("content/luat/86-2015-qh13.md");
    let text = std::fs::read_to_string(&law).expect("law");
    let edited = text.replacen("phần mềm độc hại", "phần mềm gián điệp", 1);
    assert_ne!(edited, text);
    std::fs::write(&law, edited).expect("edit");
    rebuild();
    let after = stamped(&search);
    let changed: Vec<&String> = after
        .keys()
        .filter(|p| first.get(*p).map(|f| &f.0) != after.get(*p).map(|a| &a.0))
        .collect();
    let packs: Vec<&&String> = changed
        .iter()
        .filter(|p| p.as_str() != "manifest.js" && !p.starts_with("i/"))
        .collect();
    // Two words replaced by two others: the lists of the four (folded and
    // exact) and of the three pairs each side, at most 12 shards; the law's
    // record pack and directory; the index pages naming those and the
    // manifest.
    assert!(
        !packs.is_empty() && packs.len() <= 14,
        "{} packs changed: {packs:?}",
        packs.len()
    );
    assert!(
        changed.len() <= 2 * packs.len() + 1,
        "{} files changed: {changed:?}",
        changed.len()
    );
    assert!(
        changed.iter().any(|p| p.starts_with("r/")),
        "the law's records"
    );
    for (path, (bytes, modified)) in &after {
        if path == "manifest.js" || path.starts_with("i/") {
            continue;
        }
        assert_eq!(path, &pack_name(bytes));
        if let Some((_, was)) = first.get(path) {
            assert_eq!(modified, was, "{path} was written again");
        }
    }
}

/// The files under `dir`: bytes and modification time, by relative path.
fn stamped(dir: &Path) -> std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    snapshot(dir)
        .into_iter()
        .map(|(rel, bytes)| {
            let modified = std::fs::metadata(dir.join(&rel))
                .and_then(|m| m.modified())
                .expect("mtime");
            (rel, (bytes, modified))
        })
        .collect()
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("prefix")
                .display()
                .to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// The titles of the fixture's documents, with their URLs, from the CLI.
fn fixture_titles(site: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for dir in ["luat", "bo-luat"] {
        for entry in std::fs::read_dir(site.join("content").join(dir)).expect("content") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("read");
            let title = text
                .lines()
                .find_map(|l| l.strip_prefix("title = \""))
                .and_then(|t| t.strip_suffix('"'))
                .expect("title");
            let slug = text
                .lines()
                .find_map(|l| l.strip_prefix("number = \""))
                .and_then(|t| t.strip_suffix('"'))
                .expect("number")
                .to_lowercase()
                .replace('/', "-");
            out.push((title.to_string(), format!("{dir}/{slug}/")));
        }
    }
    out.sort();
    out
}

#[test]
fn a_cited_provision_of_a_named_law_comes_first_at_its_anchor() {
    let site = search_site();
    let titles = fixture_titles(site);
    assert!(titles.len() >= 8);
    for (title, url) in &titles {
        let page = std::fs::read_to_string(site.join("public").join(url).join("index.html"))
            .expect("the law's page");
        let has = |id: &str| page.contains(&format!("id=\"{id}\""));
        for (q, ids) in [
            (format!("Điều 1 {title}"), ["dieu-1", "dieu-1"]),
            (
                format!("điểm a khoản 1 Điều 2 của {title}"),
                ["dieu-2-khoan-1-diem-a", "dieu-2-khoan-1"],
            ),
            (
                format!("khoan 1 dieu 1 {}", vanban::search::analyzer::fold(title)),
                ["dieu-1-khoan-1", "dieu-1-khoan-1"],
            ),
        ] {
            let hits = top(site, &q, 3);
            assert_eq!(hits[0].url, *url, "{q}");
            // The most precise place the law has.
            let want = ids
                .into_iter()
                .find(|id| has(id))
                .unwrap_or(if q.contains("Điều 2") {
                    "dieu-2"
                } else {
                    "dieu-1"
                });
            assert_eq!(hits[0].anchor, want, "{q}");
            assert!(hits[0].score > hits[1].score, "{q}");
        }
    }
    // By number too, and only in the document named.
    let hits = top(site, "Điều 8 Luật số 86/2015/QH13", 3);
    assert_eq!(key(&hits[0]), "luat/86-2015-qh13/#dieu-8");
    assert_eq!(key(&hits[1]), "luat/86-2015-qh13/");
    // A provision without its document is plain words.
    let hits = top(site, "Điều 8", 10);
    assert!(hits.iter().all(|h| !h.anchor.contains("khoan")));
}

#[test]
fn a_named_law_is_where_to_look_not_the_answer() {
    let site = search_site();
    for (title, url) in fixture_titles(site) {
        let q = format!("Phạm vi điều chỉnh của {title} là gì?");
        let hits = top(site, &q, 10);
        assert_eq!(hits[0].url, url, "{q}");
        assert_eq!(hits[0].anchor, "dieu-1", "{q}");
        let whole = hits
            .iter()
            .position(|h| h.url == url && h.anchor.is_empty());
        assert!(
            whole.is_none_or(|w| w > 0),
            "{q}: the law's record is not first"
        );
        // Only its title: the law itself.
        let hits = top(site, &title, 3);
        assert_eq!(key(&hits[0]), url, "{title}");
    }
    let hits = top(
        site,
        "Người lao động được nghỉ bao nhiêu ngày theo Bộ luật Lao động?",
        10,
    );
    assert!(hits[..5]
        .iter()
        .all(|h| h.url == "bo-luat/45-2019-qh14/" && !h.anchor.is_empty()));
}

#[test]
fn the_bundled_hub_answers_a_cited_provision() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&root.join("content"), &tmp.path().join("content"));
    std::fs::copy(root.join("vanban.toml"), tmp.path().join("vanban.toml")).expect("copy");
    let site = Site::load(tmp.path()).expect("hub loads");
    site.build(&BuildOptions {
        as_of: Date::parse_iso("2025-06-01"),
        ..Default::default()
    })
    .expect("hub builds");
    for q in [
        "khoản 2 Điều 5 Luật An toàn thông tin mạng",
        "khoan 2 dieu 5 luat an toan thong tin mang",
        "khoản 2 Điều 5 Luật số 86/2015/QH13",
    ] {
        let hits = top(tmp.path(), q, 1);
        assert_eq!(hits[0].number, "86/2015/QH13", "{q}");
        assert_eq!(hits[0].anchor, "dieu-5-khoan-2", "{q}");
        let page = std::fs::read_to_string(
            tmp.path()
                .join("public")
                .join(&hits[0].url)
                .join("index.html"),
        )
        .expect("the law's page");
        assert!(page.contains("id=\"dieu-5-khoan-2\""), "the anchor exists");
    }
}
