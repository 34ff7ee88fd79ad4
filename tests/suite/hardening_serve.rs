//! `vanban serve` under clients that hold connections and send nothing:
//! they are closed after the header timeout, at most the cap of connections
//! is open at once, and a normal request is still answered. Loopback only,
//! bounded in count; times are only upper bounds on waiting, never asserted
//! as speeds.

use crate::serve_support;

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use serve_support::{get, options, site_copy, start_read_only_with};
use vanban::serve::connections::Limits;
use vanban::serve::Server;

/// Short, so that the test waits little; far above what loopback needs.
const HEADER_TIMEOUT: Duration = Duration::from_secs(1);

/// How long a test waits for the server to close a connection before
/// deciding that it never will.
const PATIENCE: Duration = Duration::from_secs(30);

fn limits(max_connections: usize) -> Limits {
    Limits {
        header_timeout: HEADER_TIMEOUT,
        max_connections,
    }
}

/// Reads until the server closes the connection; `Err` when it has not
/// closed it after [`PATIENCE`]. Returns what was read.
fn until_closed(s: &mut TcpStream) -> Result<Vec<u8>, String> {
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return Ok(got),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return Ok(got),
            Err(e) => {
                let so_far: String = String::from_utf8_lossy(&got).chars().take(200).collect();
                return Err(format!(
                    "still open after {PATIENCE:?} ({e}); read so far: {so_far:?}"
                ));
            }
        }
    }
}

fn idle(addr: SocketAddr, partial: &str) -> TcpStream {
    let mut s = TcpStream::connect(addr).expect("connect");
    if !partial.is_empty() {
        s.write_all(partial.as_bytes()).expect("send");
    }
    s
}

#[test]
fn idle_clients_are_closed_and_do_not_keep_others_out() {
    let cap = 4;
    let (_tmp, _root, server) = start_read_only_with(|o| o.limits = limits(cap));
    let addr = server.addr();
    // Three times the cap: clients that send nothing, and clients that send
    // half a request and stop.
    let mut idle_clients: Vec<TcpStream> = (0..3 * cap)
        .map(|i| match i % 3 {
            0 => idle(addr, ""),
            1 => idle(addr, "GET / HTTP/1.1\r\n"),
            _ => idle(
                addr,
                &format!("GET /tim-kiem/?q=an HTTP/1.1\r\nHost: {addr}\r\nX-"),
            ),
        })
        .collect();

    // A normal request is answered: it waits in the accept queue until the
    // header timeout frees the slots the idle clients hold.
    let home = get(addr, "/");
    assert_eq!(home.status, 200, "{}", home.text());
    assert!(home.text().contains("<html"), "{}", home.text());
    let search = get(addr, "/api/search?q=an+toan");
    assert_eq!(search.status, 200, "{}", search.text());

    // And every idle client was (or is about to be) closed by the server,
    // with no answer or only an error answer, never a page.
    for (i, s) in idle_clients.iter_mut().enumerate() {
        let got = until_closed(s).unwrap_or_else(|e| panic!("idle client {i}: {e}"));
        let text = String::from_utf8_lossy(&got);
        assert!(
            got.is_empty() || text.starts_with("HTTP/1.1 4"),
            "idle client {i} got {text:?}"
        );
    }
}

#[test]
fn an_idle_kept_alive_connection_is_closed() {
    let (_tmp, _root, server) = start_read_only_with(|o| o.limits = limits(16));
    let addr = server.addr();
    let mut s = TcpStream::connect(addr).expect("connect");
    // No `Connection: close`: HTTP/1.1 keeps the connection open.
    write!(s, "GET / HTTP/1.1\r\nHost: {addr}\r\n\r\n").expect("send");
    let got = until_closed(&mut s).expect("the server closes the idle connection");
    let text = String::from_utf8_lossy(&got);
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // The page was complete: the connection was kept alive after it and
    // closed for idleness, not cut short.
    let head_end = text.find("\r\n\r\n").expect("headers") + 4;
    let length: usize = text[..head_end]
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .expect("content-length");
    assert_eq!(got.len() - head_end, length);
    assert!(
        !text[..head_end]
            .to_lowercase()
            .contains("connection: close"),
        "{text}"
    );
}

#[test]
fn a_long_answer_is_not_cut_by_the_header_timeout() {
    let (_tmp, root) = site_copy();
    let mut opts = options(&root, true);
    opts.limits = limits(16);
    let server = Server::start(opts).expect("server starts");
    let addr = server.addr();
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET /__vanban/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("send");
    s.set_read_timeout(Some(PATIENCE)).expect("timeout");
    let mut buf = [0u8; 4096];
    let n = s.read(&mut buf).expect("the stream starts");
    assert!(
        String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&buf[..n])
    );
    // Three header timeouts later the event stream is still open: reading
    // waits (the server has nothing to say) instead of finding the end.
    s.set_read_timeout(Some(3 * HEADER_TIMEOUT))
        .expect("timeout");
    loop {
        match s.read(&mut buf) {
            Ok(0) => panic!("the event stream was closed"),
            Ok(_) => continue, // the rest of the first event
            Err(e) => {
                assert!(
                    matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
                    "{e}"
                );
                break;
            }
        }
    }
}
