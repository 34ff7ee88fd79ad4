//! Load: 2,000 search requests from 32 concurrent clients on loopback, each
//! answer checked against the library's own results for the same query. Bounded by count and
//! by socket timeouts; no timing is asserted.

use crate::serve_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serve_support::*;

const CLIENTS: usize = 32;
const REQUESTS: usize = 2_000;

#[test]
fn two_thousand_searches_from_32_clients_are_all_answered_correctly() {
    let (_tmp, root, server) = start_read_only();
    let addr = server.addr();
    // 200 distinct queries, so the first asking of each runs the engine
    // (concurrently with others) and later ones may come from the cache.
    let words = [
        "an toàn",
        "thông tin",
        "an toan",
        "86/2015/QH13",
        "1690",
        "chiến lược",
        "phân loại",
        "cấp độ",
        "chuyen doi so",
        "nguyên tắc",
        "hệ thống",
        "quốc gia",
        "kế hoạch",
        "mạng",
        "luật",
        "quyết định",
        "phê duyệt",
        "hiệu quả",
        "bảo vệ",
        "tổ chức",
    ];
    let mut queries: Vec<String> = Vec::new();
    for a in words {
        for b in words.iter().take(10) {
            queries.push(format!("{a} {b}"));
        }
    }
    assert_eq!(queries.len(), 200);
    // The expected answers, from the library (the CLI's search), not the server.
    let index = root.join("search-index");
    let expected: Vec<(String, Vec<(String, String)>)> = queries
        .iter()
        .map(|q| {
            let opts = vanban::search::SearchOptions {
                limit: 5,
                ..Default::default()
            };
            let hits = vanban::search::search(&index, q, &opts).expect("search");
            let target = format!("/api/search?q={}&limit=5", encode(q));
            (
                target,
                hits.into_iter().map(|h| (h.url, h.anchor)).collect(),
            )
        })
        .collect();
    assert!(expected.iter().filter(|(_, r)| !r.is_empty()).count() > 150);
    let expected = Arc::new(expected);
    let next = Arc::new(AtomicUsize::new(0));
    let ok = Arc::new(AtomicUsize::new(0));
    let threads: Vec<_> = (0..CLIENTS)
        .map(|_| {
            let (expected, next, ok) = (expected.clone(), next.clone(), ok.clone());
            std::thread::spawn(move || loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                if i >= REQUESTS {
                    return;
                }
                let (target, results) = &expected[i % expected.len()];
                let r =
                    try_request(addr, "GET", target).unwrap_or_else(|e| panic!("request {i}: {e}"));
                assert_eq!(r.status, 200, "request {i}: {}", r.text());
                let got: Vec<(String, String)> = r.json()["results"]
                    .as_array()
                    .expect("results")
                    .iter()
                    .map(|h| {
                        (
                            h["url"].as_str().unwrap_or("").to_string(),
                            h["anchor"].as_str().unwrap_or("").to_string(),
                        )
                    })
                    .collect();
                assert_eq!(&got, results, "request {i}: {target}");
                ok.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
    assert_eq!(ok.load(Ordering::SeqCst), REQUESTS);
}
