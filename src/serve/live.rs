//! Live reload (serve mode only): the `/__vanban/live.js` script, the
//! server-sent events stream at `/__vanban/events`, and the error overlay
//! injected into pages while the last rebuild failed.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use futures_util::stream::{self, Stream};
use tokio::sync::broadcast;

use super::AppState;
use crate::markdown::escape_html;

/// Reloads the page when the server says a rebuild finished (successful or
/// not: a failed one shows its overlay on the reloaded page). Also removes any
/// service worker a published copy of the site left on this origin, so the
/// preview is never served from a stale cache.
pub const LIVE_JS: &str = r#"/* vanban serve: live reload */
(function () {
  "use strict";
  if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
    navigator.serviceWorker.getRegistrations().then(function (rs) {
      rs.forEach(function (r) { r.unregister(); });
    });
  }
  if (!window.EventSource) return;
  var es = new EventSource("/__vanban/events");
  var seen = null;
  es.addEventListener("hello", function (ev) {
    if (seen !== null && seen !== ev.data) location.reload();
    seen = ev.data;
  });
  es.addEventListener("reload", function () { location.reload(); });
  var close = document.getElementById("vanban-overlay-close");
  if (close) close.addEventListener("click", function () {
    var o = document.getElementById("vanban-overlay");
    if (o) o.remove();
  });
})();
"#;

pub async fn script() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        LIVE_JS,
    )
}

/// The event stream: `hello` with the current build generation on connect
/// (a page that missed a reload while connecting reloads on reconnect), then
/// `reload` with the new generation after every rebuild.
pub async fn events(
    State(state): State<Arc<AppState>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = state.reload.subscribe();
    let hello = state.generation().to_string();
    let first = stream::once(async move { Ok(Event::default().event("hello").data(hello)) });
    let rest = stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(None) => return None,
                Ok(Some(generation)) => {
                    let ev = Event::default()
                        .event("reload")
                        .data(generation.to_string());
                    return Some((Ok(ev), rx));
                }
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    use futures_util::StreamExt;
    Sse::new(first.chain(rest)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The overlay listing the errors of the failed rebuild, one `path:line:col:
/// message` per line. Styled inline so a broken stylesheet cannot hide it.
pub fn overlay(errors: &[String]) -> String {
    let mut html = String::from(
        "<div id=\"vanban-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:70vh;overflow:auto;z-index:2147483647;background:#fff5f5;color:#1a1a1a;border-top:4px solid #b00020;box-shadow:0 -4px 16px rgba(0,0,0,.25);padding:1rem 1.25rem;font:15px/1.5 system-ui,sans-serif\">\
<button id=\"vanban-overlay-close\" type=\"button\" style=\"float:right\">Đóng</button>\
<h2 style=\"margin:0 0 .5rem;font-size:1.1rem;color:#b00020\">Dựng lại trang không thành công — đang hiển thị bản dựng tốt gần nhất</h2>\
<pre style=\"white-space:pre-wrap;margin:0;font:14px/1.5 system-ui,sans-serif\">",
    );
    for e in errors {
        html.push_str(&escape_html(e));
        html.push('\n');
    }
    html.push_str("</pre><p style=\"margin:.5rem 0 0\">Sửa các lỗi trên và lưu tệp: trang sẽ tự tải lại.</p></div>");
    html
}

/// Inserts `fragment` before the last `</body>` (or at the end).
pub fn inject(html: &str, fragment: &str) -> String {
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + fragment.len());
    out.push_str(&html[..at]);
    out.push_str(fragment);
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlay_escapes_and_injects_before_body_end() {
        let o = overlay(&["content/a.md:3:1: lỗi: <bad>".into()]);
        assert!(o.contains("content/a.md:3:1: lỗi: &lt;bad&gt;"));
        let page = inject("<html><body><p>x</p></body></html>", "<i>o</i>");
        assert_eq!(page, "<html><body><p>x</p><i>o</i></body></html>");
        assert_eq!(inject("plain", "!"), "plain!");
    }
}
