//! Publishing: the offline .zip bundle, a portal sub-path, the manifest and
//! service worker, and `build --check-links`.

use crate::common;
use crate::serve_support;

use std::path::Path;
use std::process::Command;

use common::html_files;
use serve_support::*;
use vanban::publish::links::{self, CheckOptions};

fn vanban(root: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("-r")
        .arg(root)
        .args(args)
        .args(["--as-of", "2025-01-01"])
        .output()
        .expect("run vanban")
}

#[test]
fn the_bundle_unpacks_into_a_site_with_relative_offline_links() {
    let (tmp, root) = site_copy();
    let zip_path = tmp.path().join("usb/kho.zip");
    let out = vanban(&root, &["bundle", "-o", zip_path.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("kho.zip"));

    let unpacked = tmp.path().join("unpacked");
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(&zip_path).expect("zip")).expect("archive");
    archive.extract(&unpacked).expect("extract");
    let site = unpacked.join("kho");
    assert!(
        site.join("index.html").is_file(),
        "one top folder named after the archive"
    );
    let pages = html_files(&site);
    assert!(pages.len() > 10);
    for page in &pages {
        let html = std::fs::read_to_string(page).expect("read");
        for link in links::scan_html(&html).links {
            assert!(
                link.starts_with("https://")
                    || link.starts_with("http://")
                    || link.starts_with('#')
                    || !link.contains("://") && !link.starts_with('/'),
                "{}: {link} is not relative",
                page.display()
            );
        }
    }
    let home = std::fs::read_to_string(site.join("index.html")).expect("home");
    assert!(
        home.contains("href=\"luat/86-2015-qh13/index.html\""),
        "folder links spell out index.html"
    );
    assert!(!home.contains("manifest.webmanifest") && !home.contains("/__vanban/"));
    assert!(
        !site.join("sw.js").exists(),
        "no service worker for file://"
    );
    // The browser search's data travels with it.
    assert!(site.join("static/vanban-search.js").is_file());
    assert!(site.join("search").is_dir());
    // And every link and anchor resolves offline.
    let broken = links::check(
        &site,
        &CheckOptions {
            base_url: None,
            offline: true,
        },
    )
    .expect("check");
    assert!(broken.is_empty(), "{broken:?}");
    // The same site gives the same bytes.
    let again = tmp.path().join("usb/kho2.zip");
    assert!(
        vanban(&root, &["bundle", "-o", again.to_str().expect("utf-8")])
            .status
            .success()
    );
    let names = |p: &Path| {
        let mut a = zip::ZipArchive::new(std::fs::File::open(p).expect("zip")).expect("archive");
        (0..a.len())
            .map(|i| {
                a.by_index(i)
                    .expect("entry")
                    .name()
                    .replace("kho2/", "kho/")
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&zip_path), names(&again));
}

#[test]
fn a_portal_sub_path_build_passes_the_link_check() {
    let (tmp, root) = site_copy();
    let out_dir = tmp.path().join("portal");
    let base = "https://example.gov.vn/chuyen-doi-so/";
    let out = vanban(
        &root,
        &[
            "build",
            "-o",
            out_dir.to_str().expect("utf-8"),
            "--base-url",
            base,
            "--check-links",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // 404.html is served at any URL: its links are absolute under the sub-path.
    let not_found = std::fs::read_to_string(out_dir.join("404.html")).expect("404");
    assert!(not_found.contains("href=\"/chuyen-doi-so/static/style.css\""));
    assert!(not_found.contains("href=\"/chuyen-doi-so/manifest.webmanifest\""));
    assert!(!not_found.contains("href=\"/static"));
    // Sitemap, feed and robots name the public address.
    let sitemap = std::fs::read_to_string(out_dir.join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<loc>https://example.gov.vn/chuyen-doi-so/luat/86-2015-qh13/</loc>"));
    let feed = std::fs::read_to_string(out_dir.join("atom.xml")).expect("feed");
    assert!(feed.contains("href=\"https://example.gov.vn/chuyen-doi-so/quyet-dinh/1690-qd-ttg/\""));
    assert!(std::fs::read_to_string(out_dir.join("robots.txt"))
        .expect("robots")
        .contains("Sitemap: https://example.gov.vn/chuyen-doi-so/sitemap.xml"));
    // Manifest and worker: relative scope, so they cover the sub-path only.
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join("manifest.webmanifest")).expect("manifest"),
    )
    .expect("json");
    assert_eq!(manifest["scope"], "./");
    assert_eq!(manifest["start_url"], "./");
    assert_eq!(manifest["icons"][0]["src"], "icon.svg");
    let sw = std::fs::read_to_string(out_dir.join("sw.js")).expect("sw");
    assert!(sw.contains("self.registration.scope") && !sw.contains("\"/static"));
    let home = std::fs::read_to_string(out_dir.join("index.html")).expect("home");
    assert!(home.contains("<link rel=\"manifest\" href=\"./manifest.webmanifest\">"));
    let js = std::fs::read_to_string(out_dir.join("static/vanban.js")).expect("js");
    assert!(
        js.contains("proto === \"http:\" || proto === \"https:\""),
        "never registered on file://"
    );
}

#[test]
fn the_link_check_reports_every_broken_link_and_fails() {
    let (tmp, root) = site_copy();
    let out_dir = tmp.path().join("out");
    assert!(
        vanban(&root, &["build", "-o", out_dir.to_str().expect("utf-8")])
            .status
            .success()
    );
    let page = out_dir.join("dao-tao/bai-1/index.html");
    let html = std::fs::read_to_string(&page).expect("page");
    let html = html.replace(
        "</main>",
        "<a href=\"../../luat/khong-co/\">x</a><a href=\"../../luat/86-2015-qh13/#dieu-99\">y</a><img src=\"../../static/khong-co.png\"><a href=\"../../../../etc/passwd\">z</a><a href=\"https://example.gov.vn/\">ok</a></main>",
    );
    std::fs::write(&page, html).expect("write");
    let broken = links::check(
        &out_dir,
        &CheckOptions {
            base_url: Some("http://127.0.0.1:1111/".into()),
            offline: false,
        },
    )
    .expect("check");
    let shown: Vec<String> = broken.iter().map(|b| b.to_string()).collect();
    assert_eq!(broken.len(), 4, "{shown:#?}");
    assert!(
        shown
            .iter()
            .all(|s| s.starts_with("dao-tao/bai-1/index.html: ")),
        "{shown:#?}"
    );
    assert!(shown.iter().any(|s| s.contains("#dieu-99")));

    // The CLI: a sound build passes, a broken one exits non-zero with `file: link`.
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html");
    let tpl = std::fs::read_to_string(theme).expect("template");
    std::fs::write(
        root.join("templates/page.html"),
        tpl.replacen(
            "{% block main %}",
            "{% block main %}<a href=\"{{ root }}khong-co/\">x</a>",
            1,
        ),
    )
    .expect("write");
    let out = vanban(
        &root,
        &[
            "build",
            "-o",
            out_dir.to_str().expect("utf-8"),
            "--check-links",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("dao-tao/bai-1/index.html: ../../khong-co/ (không có tệp đích)"),
        "{err}"
    );
}
