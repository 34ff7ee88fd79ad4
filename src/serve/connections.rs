//! Accepting connections, and letting go of the ones that do nothing.
//!
//! `axum::serve` (axum 0.8) takes every connection it can and keeps it as
//! long as the client likes: it sets no timer on hyper, so a client that
//! connects and sends nothing, or half a request, holds its connection and
//! a file descriptor for ever. A few hundred such clients exhaust a low
//! descriptor limit, and from then on every accept fails and nobody is
//! served. This loop replaces it, with hyper's HTTP/1 connection directly:
//!
//! * **A header timeout** ([`Limits::header_timeout`]): the complete
//!   headers of a request must arrive within it, counted from the moment the
//!   server waits for them: when the connection opens, and again after each
//!   answer on a kept-alive connection. So the same timer closes connections
//!   that send nothing, send headers slowly, or stay idle between requests.
//!   An answer being sent (a large page, the live-reload event stream) is
//!   not idleness: the timer only runs while the server waits for headers.
//! * **A cap on open connections** ([`Limits::max_connections`], lowered to
//!   fit the process's descriptor limit, see [`effective_cap`]): past it the
//!   server stops accepting, and new connections wait in the kernel's
//!   accept queue until a slot frees. Waiting rather than closing: a
//!   connection in the queue costs this process no descriptor and no
//!   memory, the header timeout frees a slot held by an idle client within
//!   that timeout, and a normal burst (a browser opens several connections
//!   per page) is served a moment later instead of being refused.
//! * **A graceful stop**: on the stop signal the server stops accepting,
//!   asks every connection to close after its current answer, and waits for
//!   them for at most [`GRACE`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};

/// How long open connections may finish their answers after a stop.
pub const GRACE: Duration = Duration::from_secs(2);

/// The default [`Limits::header_timeout`]. Long enough for a slow mobile
/// link to send a request's headers (a few hundred bytes); short enough
/// that idle clients free their slots quickly.
pub const DEFAULT_HEADER_TIMEOUT: Duration = Duration::from_secs(15);

/// The default [`Limits::max_connections`].
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// Descriptors kept for what is not a connection: the index, the watcher,
/// the standard streams, the runtime.
const RESERVED_DESCRIPTORS: u64 = 64;

/// Limits on connections; see the module doc.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time allowed for a request's complete headers, from the moment the
    /// server waits for them (on a new connection, or after an answer on a
    /// kept-alive one); when it passes, the connection is closed.
    pub header_timeout: Duration,
    /// Connections open at once, at most.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: DEFAULT_HEADER_TIMEOUT,
            max_connections: DEFAULT_MAX_CONNECTIONS,
        }
    }
}

/// The cap actually applied: `wanted`, lowered so that the connections fit
/// the process's limit on open files. Each connection holds its socket and,
/// while it answers, a file it reads: two descriptors.
pub fn effective_cap(wanted: usize) -> usize {
    let fitting = open_file_limit()
        .map(|limit| limit.saturating_sub(RESERVED_DESCRIPTORS) / 2)
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
    wanted.min(fitting).max(1)
}

/// The soft limit on open files (`ulimit -n`), where there is one.
#[cfg(unix)]
fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given, nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    #[allow(clippy::unnecessary_cast)] // rlim_t is u64 on Linux, not on every unix
    (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as u64)
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

/// Serves `app` on `listener` until `stop` completes, then closes
/// gracefully (see the module doc).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    stop: impl Future<Output = ()>,
) {
    let cap = effective_cap(limits.max_connections);
    let slots = Arc::new(Semaphore::new(cap));
    let (closing_tx, closing) = watch::channel(false);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(stop);
    loop {
        let slot = tokio::select! {
            slot = slots.clone().acquire_owned() => slot,
            () = &mut stop => break,
        };
        let Ok(slot) = slot else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let service = TowerToHyperService::new(app.clone());
        let connection = http.serve_connection(TokioIo::new(stream), service);
        let mut closing = closing.clone();
        tokio::spawn(async move {
            let _slot = slot;
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                // The one change ever sent is `true`: the server stops.
                _ = closing.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
        });
    }
    drop(listener);
    let _ = closing_tx.send(true);
    let all = u32::try_from(cap).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(GRACE, slots.acquire_many(all)).await;
}

/// After a failed accept: errors of one connection (reset before it was
/// accepted) are passed over; others (out of descriptors, despite the cap:
/// another part of the process holds them) are waited out briefly instead
/// of spinning.
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_fits_the_descriptor_limit() {
        assert_eq!(effective_cap(0), 1);
        match open_file_limit() {
            Some(limit) => {
                let fitting = usize::try_from(limit.saturating_sub(RESERVED_DESCRIPTORS) / 2)
                    .unwrap_or(usize::MAX);
                assert_eq!(effective_cap(usize::MAX), fitting.max(1));
                assert_eq!(effective_cap(2), fitting.clamp(1, 2));
            }
            None => assert_eq!(effective_cap(usize::MAX), usize::MAX),
        }
    }
}
