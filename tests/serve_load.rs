//! Load: 2,000 search requests from 32 concurrent clients on loopback, each
//! answer checked against the expected first result. Bounded by count and
//! by socket timeouts; no timing is asserted.

mod serve_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use serve_support::*;

const CLIENTS: usize = 32;
const REQUESTS: usize = 2_000;

#[test]
fn two_thousand_searches_from_32_clients_are_all_answered_correctly() {
    let (_tmp, _root, server) = start_read_only();
    let addr = server.addr();
    // The expected answers, asked once, one at a time.
    let queries = [
        "an toàn thông tin",
        "an toan thong tin",
        "86/2015/QH13",
        "1690",
        "chiến lược",
        "phân loại cấp độ",
        "chuyen doi so",
        "nguyên tắc",
    ];
    let expected: Vec<(String, serde_json::Value)> = queries
        .iter()
        .map(|q| {
            let target = format!("/api/search?q={}&limit=5", encode(q));
            let v = get(addr, &target).json();
            assert!(v["count"].as_u64().unwrap_or(0) > 0, "{q}: {v}");
            (target, v["results"].clone())
        })
        .collect();
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
                assert_eq!(&r.json()["results"], results, "request {i}");
                ok.fetch_add(1, Ordering::SeqCst);
            })
        })
        .collect();
    for t in threads {
        t.join().expect("client thread");
    }
    assert_eq!(ok.load(Ordering::SeqCst), REQUESTS);
}
