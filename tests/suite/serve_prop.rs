//! Arbitrary query strings and paths thrown at a running server: every
//! answer is a well-formed HTTP response below 500, and the server keeps
//! answering (no handler panicked, nothing hung).

use crate::serve_support;

use std::sync::OnceLock;

use proptest::prelude::*;
use serve_support::*;

struct Shared {
    _tmp: tempfile::TempDir,
    server: vanban::serve::Server,
}

/// One server for every case (starting one per case would be slow).
fn server() -> std::net::SocketAddr {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED
        .get_or_init(|| {
            let (tmp, _root, server) = start_watch();
            Shared { _tmp: tmp, server }
        })
        .server
        .addr()
}

/// A piece of a query string or path: mostly hostile.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>().prop_map(|s| encode(&s)),
        "[a-zA-Z0-9 ]{0,12}".prop_map(|s| s.replace(' ', "+")),
        Just("%".to_string()),
        Just("%zz".to_string()),
        Just("%ff%fe".to_string()),
        Just("%00".to_string()),
        Just("%2e%2e".to_string()),
        Just("%2f".to_string()),
        Just("%5c".to_string()),
        Just("..".to_string()),
        Just(".".to_string()),
        Just("%252e".to_string()),
        Just("&".to_string()),
        Just("=".to_string()),
        Just("+".to_string()),
        Just("luat".to_string()),
        Just("index.html".to_string()),
        (0u64..u64::MAX).prop_map(|n| n.to_string()),
        Just("-1".to_string()),
        Just("Lu%E1%BA%ADt".to_string()),
    ]
}

fn query_string() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("q"),
        Just("limit"),
        Just("kind"),
        Just("issuer"),
        Just("in_force"),
        Just("loai"),
        Just("co-quan"),
        Just("tinh-trang"),
        Just("x"),
        Just(""),
    ];
    prop::collection::vec((name, prop::collection::vec(piece(), 0..4)), 0..6).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(n, v)| format!("{n}={}", v.concat()))
            .collect::<Vec<_>>()
            .join("&")
    })
}

fn path() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..6).prop_map(|segs| format!("/{}", segs.join("/")))
}

fn check(target: &str) {
    let addr = server();
    let r = try_request(addr, "GET", target).unwrap_or_else(|e| panic!("{target}: no answer: {e}"));
    assert!(r.status >= 200 && r.status < 500, "{target}: {}", r.status);
    if target.starts_with("/api/") && r.status != 404 {
        let v: serde_json::Value =
            serde_json::from_slice(&r.body).unwrap_or_else(|e| panic!("{target}: {e}"));
        assert!(
            v.get("results").is_some() || v.get("error").is_some(),
            "{target}: {v}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn the_search_api_never_fails(q in query_string()) {
        check(&format!("/api/search?{q}"));
    }

    #[test]
    fn the_results_page_never_fails(q in query_string()) {
        check(&format!("/tim-kiem/?{q}"));
        check(&format!("/tim-kiem?{q}"));
    }

    #[test]
    fn static_paths_never_fail(p in path(), q in query_string()) {
        check(&p);
        check(&format!("{p}?{q}"));
        check(&format!("/api/search/{p}"));
    }
}

#[test]
fn the_server_still_answers_after_the_storm() {
    let addr = server();
    for _ in 0..20 {
        check("/api/search?q=%FF%FE&limit=%");
    }
    assert_eq!(get(addr, "/").status, 200);
    assert_eq!(
        get(addr, "/api/search?q=1690").json()["results"][0]["number"],
        "1690/QĐ-TTg"
    );
}
