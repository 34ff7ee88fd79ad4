//! Live preview: a source edit rebuilds the site and tells open pages to
//! reload; a broken edit keeps the last good site served, with its errors
//! in an overlay; fixing it removes the overlay.

use crate::serve_support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serve_support::*;

/// Reads the event stream in the background; returns what arrived so far.
fn listen(addr: std::net::SocketAddr) -> Arc<Mutex<String>> {
    let seen = Arc::new(Mutex::new(String::new()));
    let sink = seen.clone();
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        s,
        "GET /__vanban/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("request");
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = s.read(&mut buf) {
            if n == 0 {
                break;
            }
            if let Ok(mut seen) = sink.lock() {
                seen.push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        }
    });
    seen
}

fn seen(events: &Arc<Mutex<String>>) -> String {
    events.lock().map(|s| s.clone()).unwrap_or_default()
}

const LAW: &str = "content/luat/an-toan-thong-tin-mang.md";
const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn an_edit_rebuilds_and_reloads_and_a_broken_edit_keeps_the_last_good_site() {
    let (_tmp, root, server) = start_watch();
    let addr = server.addr();
    let events = listen(addr);
    assert!(
        wait_until(LIMIT, || seen(&events).contains("event: hello")),
        "the stream says hello"
    );
    let page = "/luat/86-2015-qh13/";
    assert!(!get(addr, page).text().contains("Chim lạc"));
    // Asked before the edit: the remembered answer must not outlive the index.
    assert_eq!(get(addr, "/api/search?q=chim+lac").json()["count"], 0);

    // 1. An edit: the page changes, open pages are told to reload.
    let law = root.join(LAW);
    let text = std::fs::read_to_string(&law).expect("read");
    let edited = text.replace("Luật này quy định", "Chim lạc. Luật này quy định");
    std::fs::write(&law, &edited).expect("write");
    assert!(
        wait_until(LIMIT, || get(addr, page).text().contains("Chim lạc")),
        "the page was rebuilt"
    );
    assert!(
        wait_until(LIMIT, || seen(&events).contains("event: reload")),
        "a reload event"
    );
    // The search index follows the rebuild.
    assert!(wait_until(LIMIT, || get(addr, "/api/search?q=chim+lac")
        .json()["count"]
        == 1));

    // 2. A broken edit: the last good page stays, with the errors on it.
    let broken = edited.replace("kind = \"Luật\"", "kind = \"Sắc lệnh\"");
    assert_ne!(broken, edited);
    std::fs::write(&law, &broken).expect("write");
    assert!(
        wait_until(LIMIT, || get(addr, page)
            .text()
            .contains("id=\"vanban-overlay\"")),
        "the overlay shows"
    );
    let html = get(addr, page).text();
    assert!(
        html.contains("Chim lạc"),
        "the last good page is still served"
    );
    let line = broken
        .lines()
        .position(|l| l.starts_with("kind = "))
        .expect("kind line")
        + 1;
    assert!(
        html.contains(&format!("{LAW}:{line}:")),
        "the overlay gives path:line:col:\n{html}"
    );
    assert!(html.contains("Sắc lệnh"), "and the message");
    // Every HTML page shows it, the 404 page and the search page too; assets do not.
    assert!(get(addr, "/").text().contains("id=\"vanban-overlay\""));
    assert!(get(addr, "/khong-co/")
        .text()
        .contains("id=\"vanban-overlay\""));
    assert!(get(addr, "/tim-kiem/?q=chim")
        .text()
        .contains("id=\"vanban-overlay\""));
    assert!(!get(addr, "/static/style.css")
        .text()
        .contains("vanban-overlay"));
    let errors = server.state().errors();
    assert!(
        errors.iter().any(|e| e.starts_with(&format!(
            "{LAW}:{line}:8: lỗi: loại văn bản không có: \"Sắc lệnh\""
        ))),
        "{errors:?}"
    );

    // 3. Fixed: the overlay goes, the new text is in.
    let fixed = edited.replace("Chim lạc", "Cá chép");
    std::fs::write(&law, &fixed).expect("write");
    assert!(
        wait_until(LIMIT, || {
            let html = get(addr, page).text();
            html.contains("Cá chép") && !html.contains("vanban-overlay")
        }),
        "fixed"
    );

    // 4. A template edit and a new page are picked up too.
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/404.html"),
    )
    .expect("404 template");
    std::fs::write(
        root.join("templates/404.html"),
        base.replace("{{ t.not_found_text }}", "Trang lạc mất"),
    )
    .expect("write");
    assert!(wait_until(LIMIT, || get(addr, "/khong-co/")
        .text()
        .contains("Trang lạc mất")));
    std::fs::write(
        root.join("content/dao-tao/bai-2.md"),
        "+++\ntitle = \"Bài 2\"\n+++\nNội dung mới.\n",
    )
    .expect("write");
    assert!(wait_until(LIMIT, || get(addr, "/dao-tao/bai-2/").status == 200));
}

#[test]
fn a_site_that_fails_its_first_build_is_served_with_the_overlay() {
    let (_tmp, root) = site_copy();
    std::fs::write(root.join("vanban.toml"), "title = \"x\"\nkhong_co = 1\n").expect("write");
    let server = vanban::serve::Server::start(options(&root, true)).expect("starts anyway");
    let addr = server.addr();
    let r = get(addr, "/");
    assert_eq!(r.status, 404);
    assert!(r.text().contains("vanban.toml:2:1"), "{}", r.text());
    // Fixing the config builds the site.
    std::fs::write(root.join("vanban.toml"), "title = \"x\"\n").expect("write");
    assert!(wait_until(LIMIT, || get(addr, "/").status == 200));
}
