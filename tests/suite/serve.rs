//! `vanban serve` over HTTP on a free loopback port: pages and assets, the
//! search API and the no-JavaScript results page, bad parameters, traversal
//! attempts, and the read-only production mode.

use crate::serve_support;

use serve_support::*;

#[test]
fn pages_and_assets_have_the_right_content_types() {
    let (_tmp, _root, server) = start_watch();
    let addr = server.addr();
    assert!(addr.ip().is_loopback());
    for (path, ctype, needle) in [
        ("/", "text/html; charset=utf-8", "<!DOCTYPE html>"),
        (
            "/luat/86-2015-qh13/",
            "text/html; charset=utf-8",
            "id=\"dieu-5-khoan-1\"",
        ),
        (
            "/luat/86-2015-qh13/index.html",
            "text/html; charset=utf-8",
            "86/2015/QH13",
        ),
        ("/static/style.css", "text/css; charset=utf-8", ":root"),
        (
            "/static/vanban.js",
            "text/javascript; charset=utf-8",
            "serviceWorker",
        ),
        ("/sitemap.xml", "application/xml; charset=utf-8", "<urlset"),
        ("/atom.xml", "application/xml; charset=utf-8", "<feed"),
        ("/robots.txt", "text/plain; charset=utf-8", "Sitemap:"),
        (
            "/manifest.webmanifest",
            "application/manifest+json",
            "\"scope\": \"./\"",
        ),
        ("/sw.js", "text/javascript; charset=utf-8", "caches.open"),
        ("/icon.svg", "image/svg+xml", "<svg"),
        (
            "/__vanban/live.js",
            "text/javascript; charset=utf-8",
            "EventSource",
        ),
    ] {
        let r = get(addr, path);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("content-type"), Some(ctype), "{path}");
        assert!(r.text().contains(needle), "{path} lacks {needle}");
        assert_eq!(
            r.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
    }
    // Serve mode pages carry the live-reload script; HEAD has no body.
    assert!(get(addr, "/").text().contains("/__vanban/live.js"));
    let head = request(addr, "HEAD", "/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(request(addr, "POST", "/").status, 405);
}

#[test]
fn folders_redirect_to_their_slash_and_missing_pages_get_the_404_page() {
    let (_tmp, _root, server) = start_watch();
    let addr = server.addr();
    let r = get(addr, "/luat/86-2015-qh13?x=1");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/luat/86-2015-qh13/?x=1"));
    // Never an open redirect to another host.
    let r = get(addr, "//luat");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/luat/"));
    let r = get(addr, "/khong-co/");
    assert_eq!(r.status, 404);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.text().contains("Không tìm thấy trang"));
}

#[test]
fn the_search_api_answers_json_ranked_like_the_cli() {
    let (_tmp, root, server) = start_watch();
    let addr = server.addr();
    let r = get(
        addr,
        &format!("/api/search?q={}&limit=5", encode("an toàn thông tin")),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    let v = r.json();
    assert_eq!(v["query"], "an toàn thông tin");
    assert_eq!(v["limit"], 5);
    let results = v["results"].as_array().expect("results");
    assert!(!results.is_empty() && results.len() <= 5);
    assert_eq!(v["count"], results.len());
    assert_eq!(results[0]["number"], "86/2015/QH13");
    for h in results {
        for key in [
            "number",
            "title",
            "url",
            "anchor",
            "href",
            "snippet",
            "snippet_html",
            "status",
        ] {
            assert!(h[key].is_string(), "{key} in {h}");
        }
        assert!(h["score"].is_number());
    }
    // Same order as `vanban search` (the CLI) on the same index.
    let config = vanban::config::Config::load(&root).expect("config");
    let cli = vanban::search::search(
        &root.join(config.index_dir),
        "an toàn thông tin",
        &vanban::search::SearchOptions {
            limit: 5,
            ..Default::default()
        },
    )
    .expect("cli search");
    let api: Vec<(String, String)> = results
        .iter()
        .map(|h| {
            (
                h["url"].as_str().unwrap_or("").into(),
                h["anchor"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    let cli: Vec<(String, String)> = cli.into_iter().map(|h| (h.url, h.anchor)).collect();
    assert_eq!(api, cli);

    // A provision (articles are the search records): its href carries the anchor.
    let v = get(
        addr,
        &format!("/api/search?q={}", encode("phân loại cấp độ")),
    )
    .json();
    let first = &v["results"][0];
    assert_eq!(first["anchor"], "dieu-5", "{v}");
    assert_eq!(first["href"], "luat/86-2015-qh13/#dieu-5");

    // Filters.
    let v = get(
        addr,
        &format!("/api/search?q={}&kind=quyet-dinh", encode("an toàn")),
    )
    .json();
    let results = v["results"].as_array().expect("results");
    assert!(!results.is_empty());
    assert!(results.iter().all(|h| h["number"] == "1690/QĐ-TTg"), "{v}");
    let v = get(
        addr,
        &format!(
            "/api/search?q={}&issuer={}",
            encode("an toàn"),
            encode("Quốc hội")
        ),
    )
    .json();
    assert!(
        v["results"]
            .as_array()
            .expect("results")
            .iter()
            .all(|h| h["number"] == "86/2015/QH13"),
        "{v}"
    );
    let v = get(
        addr,
        &format!("/api/search?q={}&in_force=true", encode("an toàn")),
    )
    .json();
    assert!(v["count"].as_u64().unwrap_or(0) > 0);
    let v = get(addr, "/api/search?q=xyzzyqwerty").json();
    assert_eq!(v["count"], 0);
}

#[test]
fn the_results_page_works_without_javascript() {
    let (_tmp, _root, server) = start_watch();
    let addr = server.addr();
    // Without the slash: the same results, every link rebased to resolve
    // from the parent folder (each one is fetched from there).
    let r = get(addr, "/tim-kiem?q=an+to%C3%A0n");
    assert_eq!(r.status, 200);
    let bare = r.text();
    assert!(
        bare.contains("<a class=\"hit\" href=\"luat/86-2015-qh13/\">"),
        "{bare}"
    );
    assert!(bare.contains("href=\"static/style.css\"") && bare.contains("action=\"tim-kiem/\""));
    assert!(!bare.contains("\"../"), "{bare}");
    let urls = regex::Regex::new(r##"(?:href|src)="([^"#:/][^"#:]*)""##).unwrap();
    let mut checked = 0;
    for c in urls.captures_iter(&bare) {
        let url = format!("/{}", c[1].trim_start_matches("./"));
        assert_eq!(get(addr, &url).status, 200, "{url} from /tim-kiem");
        checked += 1;
    }
    assert!(checked > 10, "{checked} links");
    let r = get(addr, "/tim-kiem/?q=an+to%C3%A0n");
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    let html = r.text();
    assert!(
        html.contains("value=\"an toàn\""),
        "the query is kept in the box"
    );
    assert!(html.contains("kết quả cho “an toàn”"));
    assert!(html.contains("<a class=\"hit\" href=\"../luat/86-2015-qh13/\">"));
    assert!(html.contains("<mark>"));
    assert!(
        !html.contains("<noscript>"),
        "no JavaScript-off notice when results are there"
    );
    // Links in the results resolve from the page's folder.
    assert_eq!(
        get(addr, "/tim-kiem/../luat/86-2015-qh13/").status,
        404,
        "raw .. refused"
    );
    assert_eq!(get(addr, "/luat/86-2015-qh13/").status, 200);
    // Without a query: the site's page as built.
    let r = get(addr, "/tim-kiem/");
    assert_eq!(r.status, 200);
    assert!(r.text().contains("id=\"tk-ket-qua\""));
    let r = get(addr, "/tim-kiem/?q=xyzzyqwerty");
    assert!(r
        .text()
        .contains("Không tìm thấy kết quả cho “xyzzyqwerty”"));
    // Bad parameters: 400 with the message on the page.
    let r = get(addr, "/tim-kiem/?q=x&limit=0");
    assert_eq!(r.status, 400);
    assert!(r
        .text()
        .contains("Tham số limit phải là số nguyên từ 1 đến 100."));
}

#[test]
fn malformed_parameters_get_a_400_with_a_plain_message() {
    let (_tmp, _root, server) = start_watch();
    let addr = server.addr();
    let long = format!("/api/search?q={}", "a".repeat(201));
    let cases: &[(&str, &str)] = &[
        ("/api/search", "Thiếu từ khóa"),
        ("/api/search?q=", "Thiếu từ khóa"),
        ("/api/search?q=%20%20", "Thiếu từ khóa"),
        (&long, "quá dài"),
        ("/api/search?q=x&limit=0", "limit"),
        ("/api/search?q=x&limit=101", "limit"),
        ("/api/search?q=x&limit=abc", "limit"),
        ("/api/search?q=x&limit=-5", "limit"),
        ("/api/search?q=x&limit=1e3", "limit"),
        ("/api/search?q=x&kind=sac-lenh", "Loại văn bản"),
        ("/api/search?q=x&in_force=maybe", "in_force"),
        ("/api/search?q=x&q=y", "bị lặp lại"),
        ("/api/search?q=%E0%A4", "UTF-8"),
        ("/api/search?q=%zz", "mã hóa"),
        ("/api/search?q=%00", "điều khiển"),
        ("/api/search?q=%21%21%21", "không có chữ hoặc số"),
    ];
    for (target, needle) in cases {
        let r = get(addr, target);
        assert_eq!(r.status, 400, "{target}: {}", r.text());
        let msg = r.json()["error"].as_str().unwrap_or("").to_string();
        assert!(msg.contains(needle), "{target}: {msg}");
    }
}

/// A file outside the output folder that no request may read.
const SECRET: &str = "bí mật ngoài thư mục";

#[test]
fn no_path_outside_the_output_can_be_read() {
    let (tmp, root, server) = start_read_only();
    let addr = server.addr();
    let out = root.join("public");
    std::fs::write(tmp.path().join("secret.txt"), SECRET).expect("secret");
    std::fs::write(root.join("secret.txt"), SECRET).expect("secret");
    std::fs::write(out.join(".hidden"), SECRET).expect("hidden");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("secret.txt"), out.join("link.txt"))
            .expect("symlink");
        std::os::unix::fs::symlink(tmp.path(), out.join("outside")).expect("symlink");
        // A symlink that stays inside the tree is served.
        std::os::unix::fs::symlink(out.join("robots.txt"), out.join("robots2.txt"))
            .expect("symlink");
        assert_eq!(get(addr, "/robots2.txt").status, 200);
    }
    let variants = [
        "/../secret.txt",
        "/../../secret.txt",
        "/static/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/%2e%2e%2fsecret.txt",
        "/static/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%2fsecret.txt",
        "/..%5csecret.txt",
        "/%5c..%5csecret.txt",
        "/static%5c..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/..;/secret.txt",
        "/.hidden",
        "/%2ehidden",
        "/link.txt",
        "/outside/secret.txt",
        "/outside/site/secret.txt",
        "/static/%00/../../secret.txt",
        "/C:/secret.txt",
        "/static/style.css%00.txt",
        "/./../secret.txt",
        "/%2e/%2e%2e/secret.txt",
    ];
    assert!(variants.len() >= 15);
    for v in variants {
        let r = get(addr, v);
        assert_eq!(r.status, 404, "{v}");
        assert!(!r.text().contains(SECRET), "{v} leaked the file");
    }
    // Absolute-form request targets are paths too.
    let r = get(addr, &format!("http://{addr}/../secret.txt"));
    assert!(r.status == 404 || r.status == 400, "{}", r.status);
    assert!(!r.text().contains(SECRET));
}

#[test]
fn read_only_mode_serves_a_prebuilt_site_without_building_or_writing() {
    let (_tmp, root, server) = start_read_only();
    let addr = server.addr();
    let out = root.join("public");
    let before = snapshot(&root);
    assert_eq!(get(addr, "/").status, 200);
    // No live reload in production mode.
    assert!(!get(addr, "/").text().contains("/__vanban/live.js"));
    assert_eq!(get(addr, "/__vanban/live.js").status, 404);
    assert_eq!(get(addr, "/__vanban/events").status, 404);
    // Search works from the prebuilt index.
    let v = get(addr, "/api/search?q=1690").json();
    assert_eq!(v["results"][0]["number"], "1690/QĐ-TTg");
    // A source edit changes nothing: nothing watches, nothing builds. (No
    // watcher means no event to wait for: the server's state says it has
    // none and has never built, before and after the edit.)
    let state = server.state();
    assert!(!state.watch, "a server with --no-watch watches nothing");
    assert_eq!(state.generation(), 0, "no build at start");
    std::fs::write(
        root.join("content/dao-tao/bai-2.md"),
        "+++\ntitle = \"Bài 2\"\n+++\nMới.\n",
    )
    .expect("write");
    assert_eq!(get(addr, "/dao-tao/bai-2/").status, 404);
    assert_eq!(state.generation(), 0, "no build after an edit");
    let mut after = snapshot(&root);
    after.retain(|(p, _)| !p.ends_with("bai-2.md"));
    assert_eq!(before, after, "the server wrote nothing");
    assert!(out.join("index.html").is_file());
    drop(server);
    // No prebuilt site: a clear error, not an empty server.
    let (_tmp2, bare) = site_copy();
    let err = vanban::serve::Server::start(options(&bare, false))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("vanban build"), "{err}");
}

fn snapshot(root: &std::path::Path) -> Vec<(String, u64)> {
    let mut files: Vec<(String, u64)> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let m = e.metadata().expect("meta");
            let t = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos() as u64);
            (e.path().display().to_string(), t ^ m.len())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn binds_to_loopback_by_default() {
    let o = vanban::serve::ServeOptions::new(std::path::Path::new("."));
    assert!(o.bind.is_loopback());
    assert_eq!(o.port, 1111);
    assert!(o.watch);
}
