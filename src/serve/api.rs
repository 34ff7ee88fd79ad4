//! Search on the server: `GET /api/search` (JSON) and `GET /tim-kiem` (an
//! HTML results page that works with JavaScript off).
//!
//! Parameters are parsed by hand from the raw query string, so every way a
//! query can be malformed (bad percent escape, invalid UTF-8, a repeated
//! parameter, a limit that is not a number…) is a 400 with a plain
//! Vietnamese message, never a panic or a 5xx.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::{files, with_overlay, AppState};
use crate::legal::kind::Kind;
use crate::render::search_page::{SearchHit, SearchView};

pub use super::engine::{SearchFailure, SearchState};

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// Largest `limit`.
pub const MAX_LIMIT: usize = 100;
/// `limit` when not given.
pub const DEFAULT_LIMIT: usize = 10;
/// Longest raw query string accepted, in bytes (a 200-character query
/// percent-encoded is at most 200 × 4 × 3 bytes, plus the other parameters).
pub const MAX_RAW_QUERY: usize = 4096;

/// A validated search request.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SearchParams {
    pub q: String,
    pub limit: usize,
    /// Kind slug (`luat`).
    pub kind: Option<String>,
    pub issuer: Option<String>,
    pub in_force: bool,
}

/// Why a request was refused (400).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRequest(pub String);

fn bad(msg: impl Into<String>) -> BadRequest {
    BadRequest(msg.into())
}

/// Splits and decodes `a=1&b=2` (`+` is a space). Errors on bad escapes,
/// invalid UTF-8 and repeated names.
pub fn parse_query_string(raw: &str) -> Result<Vec<(String, String)>, BadRequest> {
    if raw.len() > MAX_RAW_QUERY {
        return Err(bad("Chuỗi truy vấn quá dài."));
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for pair in raw.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |s: &str| {
            files::percent_decode(&s.replace('+', " "))
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| bad("Chuỗi truy vấn không hợp lệ: mã hóa phần trăm hoặc UTF-8 sai."))
        };
        let name = decode(name)?;
        let value = decode(value)?;
        if out.iter().any(|(n, _)| *n == name) {
            return Err(bad(format!("Tham số \"{}\" bị lặp lại.", short(&name))));
        }
        out.push((name, value));
    }
    Ok(out)
}

fn short(s: &str) -> String {
    s.chars().take(40).collect()
}

impl SearchParams {
    /// Validates the parameters; `require_q`: an empty query is an error (the
    /// API) rather than an empty results page.
    pub fn from_query(
        raw: Option<&str>,
        require_q: bool,
        default_limit: usize,
    ) -> Result<SearchParams, BadRequest> {
        let pairs = parse_query_string(raw.unwrap_or(""))?;
        // The static search page's form names its filters `loai` and
        // `co-quan`; they are the same as `kind` and `issuer`.
        let get = |name: &str| {
            let alias = match name {
                "kind" => "loai",
                "issuer" => "co-quan",
                other => other,
            };
            let found: Vec<&str> = pairs
                .iter()
                .filter(|(n, _)| n == name || n == alias)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
                .collect();
            match found.as_slice() {
                [] => Ok(None),
                [v] => Ok(Some(*v)),
                _ => Err(bad(format!("Tham số \"{name}\" bị lặp lại."))),
            }
        };
        let q = get("q")?.unwrap_or("");
        if q.chars().any(char::is_control) {
            return Err(bad("Từ khóa chứa ký tự điều khiển."));
        }
        if q.chars().count() > MAX_QUERY_CHARS {
            return Err(bad(format!(
                "Từ khóa quá dài (tối đa {MAX_QUERY_CHARS} ký tự)."
            )));
        }
        if require_q && q.is_empty() {
            return Err(bad(
                "Thiếu từ khóa tìm kiếm: hãy thêm tham số q, ví dụ ?q=an+toàn+thông+tin.",
            ));
        }
        let limit = match get("limit")? {
            None => default_limit,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(bad(format!(
                        "Tham số limit phải là số nguyên từ 1 đến {MAX_LIMIT}."
                    )))
                }
            },
        };
        let kind = match get("kind")? {
            None => None,
            Some(v) => match Kind::parse(v) {
                Some(k) => Some(k.slug().to_string()),
                None => {
                    return Err(bad(format!(
                    "Loại văn bản không có: \"{}\" (dùng tên như \"Luật\" hoặc mã như \"luat\").",
                    short(v)
                )))
                }
            },
        };
        let issuer = match get("issuer")? {
            None => None,
            Some(v) if v.chars().count() > MAX_QUERY_CHARS || v.chars().any(char::is_control) => {
                return Err(bad(format!(
                    "Tên cơ quan ban hành không hợp lệ (tối đa {MAX_QUERY_CHARS} ký tự)."
                )))
            }
            Some(v) => Some(v.to_string()),
        };
        let in_force = match get("in_force")? {
            None => false,
            Some("1" | "true" | "on" | "co" | "có") => true,
            Some("0" | "false" | "off" | "khong" | "không") => false,
            Some(_) => return Err(bad("Tham số in_force phải là true hoặc false.")),
        };
        Ok(SearchParams {
            q: q.to_string(),
            limit,
            kind,
            issuer,
            in_force,
        })
    }
}

/// One result, as the API returns it.
#[derive(Debug, Clone, Serialize)]
pub struct ApiHit {
    pub number: String,
    pub title: String,
    /// Site path of the page (`luat/86-2015-qh13/`).
    pub url: String,
    /// Provision id, empty for the document itself.
    pub anchor: String,
    /// `url#anchor` from the site root, ready for `<a href>` there.
    pub href: String,
    /// The document's status slug as of the build (`co-the-da-het-hieu-luc`).
    pub status: String,
    pub score: f64,
    /// Plain text around the matched terms.
    pub snippet: String,
    /// The same passage as HTML, matched terms in `<mark>` (escaped).
    pub snippet_html: String,
}

#[derive(Debug, Serialize)]
struct ApiAnswer<'a> {
    query: &'a str,
    limit: usize,
    count: usize,
    results: &'a [ApiHit],
}

#[derive(Serialize)]
struct ApiError {
    error: String,
}

fn json_response(status: StatusCode, body: &impl Serialize) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => (StatusCode::INTERNAL_SERVER_ERROR, "serialisation").into_response(),
    }
}

/// `GET /api/search?q=&limit=&kind=&issuer=&in_force=`
pub async fn search_json(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let params = match SearchParams::from_query(raw.as_deref(), true, DEFAULT_LIMIT) {
        Ok(p) => p,
        Err(BadRequest(msg)) => {
            return json_response(StatusCode::BAD_REQUEST, &ApiError { error: msg })
        }
    };
    match run(&state, params.clone()).await {
        Ok(results) => json_response(
            StatusCode::OK,
            &ApiAnswer {
                query: &params.q,
                limit: params.limit,
                count: results.len(),
                results: &results,
            },
        ),
        Err(SearchFailure::Query(msg)) => {
            json_response(StatusCode::BAD_REQUEST, &ApiError { error: msg })
        }
        Err(SearchFailure::Unavailable(msg)) => {
            json_response(StatusCode::SERVICE_UNAVAILABLE, &ApiError { error: msg })
        }
    }
}

/// Runs a search off the async threads (scoring reads postings exhaustively).
/// At most [`SearchState::permits`] searches run at once (one per core): a
/// search is CPU-bound and allocates per matching record, so more at once
/// only share the cores and multiply the memory; the others wait their turn.
/// Answers come from the cache of the current index when they can.
async fn run(
    state: &Arc<AppState>,
    params: SearchParams,
) -> Result<Arc<Vec<ApiHit>>, SearchFailure> {
    if let Some(hits) = state.search.cached(&params) {
        return Ok(hits);
    }
    let busy = || SearchFailure::Unavailable("Lỗi khi tìm kiếm.".to_string());
    let _permit = state.search.permits().acquire().await.map_err(|_| busy())?;
    let engine = state.search.clone_engine();
    let (e, p) = (engine.clone(), params.clone());
    let hits = Arc::new(
        tokio::task::spawn_blocking(move || e.search(&p))
            .await
            .unwrap_or_else(|_| Err(busy()))?,
    );
    state.search.remember(&engine, params, hits.clone());
    Ok(hits)
}

/// `GET /tim-kiem?…`: the results page, answered at this address too (a
/// form or a portal link may leave out the slash). The page's links are
/// written for `tim-kiem/`, one folder down: each loses one `../`, so they
/// resolve from here, also under a portal's sub-path.
pub async fn search_page_bare(state: State<Arc<AppState>>, raw: RawQuery) -> Response {
    let response = search_page(state, raw).await;
    let (parts, body) = response.into_parts();
    match axum::body::to_bytes(body, MAX_PAGE_BYTES).await {
        Ok(bytes) => {
            let html = String::from_utf8_lossy(&bytes);
            (parts.status, parts.headers, up_one_folder(&html)).into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Largest results page rebased by [`search_page_bare`].
const MAX_PAGE_BYTES: usize = 16 * 1024 * 1024;

/// Relative URLs of a page one folder down made relative to its parent:
/// `href="../luat/"` → `href="luat/"`, `href="../"` → `href="./"`.
pub fn up_one_folder(html: &str) -> String {
    use std::sync::LazyLock;
    static URL: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r#"\b(href|src|action|data-root)="\.\./([^"]*)""#).expect("valid pattern")
    });
    URL.replace_all(html, |c: &regex::Captures<'_>| {
        let rest = if c[2].is_empty() { "./" } else { &c[2] };
        format!("{}=\"{rest}\"", &c[1])
    })
    .into_owned()
}

/// `GET /tim-kiem/?q=`: the site's search page, rendered from the theme's
/// `search.html` with the query, the status line and the results in its
/// context, so search works with JavaScript off. (With JavaScript on, the
/// page's script searches again in the browser, with the same ranking rules.)
pub async fn search_page(State(state): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    let loading = state.clone();
    let page = match tokio::task::spawn_blocking(move || loading.search_page()).await {
        Ok(Ok(page)) => page,
        Ok(Err(why)) => return unavailable(why),
        Err(e) => return unavailable(e.to_string()),
    };
    let status_filter = raw.as_deref().is_some_and(|r| {
        parse_query_string(r).is_ok_and(|pairs| {
            pairs
                .iter()
                .any(|(n, v)| n == "tinh-trang" && !v.trim().is_empty())
        })
    });
    let mut view = SearchView::default();
    let status = match SearchParams::from_query(raw.as_deref(), false, 50) {
        Err(BadRequest(msg)) => {
            view.info = msg;
            StatusCode::BAD_REQUEST
        }
        Ok(params) if params.q.is_empty() => StatusCode::OK,
        Ok(params) => {
            view.query = params.q.clone();
            match run(&state, params).await {
                Ok(hits) => {
                    view.info =
                        SearchView::info(page.wording(), &view.query, hits.len(), status_filter);
                    view.results = hits.iter().map(hit_view).collect();
                    StatusCode::OK
                }
                Err(SearchFailure::Query(msg)) => {
                    view.info = msg;
                    StatusCode::BAD_REQUEST
                }
                Err(SearchFailure::Unavailable(msg)) => {
                    view.info = msg;
                    StatusCode::SERVICE_UNAVAILABLE
                }
            }
        }
    };
    let bytes = match page.render(&view) {
        Ok(bytes) => bytes,
        Err(e) => return unavailable(super::error_lines(&e).join("\n")),
    };
    let bytes = with_overlay(&state, bytes);
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        bytes,
    )
        .into_response()
}

/// The search page could not be made (a theme that never loaded).
fn unavailable(why: String) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("Không hiển thị được trang tìm kiếm: {why}\n"),
    )
        .into_response()
}

/// A result as the search page shows it: the provision's own title, and
/// the chapters above it apart.
fn hit_view(h: &ApiHit) -> SearchHit {
    let (title, crumb) = match h.title.rsplit_once(" › ") {
        Some((crumb, own)) => (own, crumb),
        None => (h.title.as_str(), ""),
    };
    SearchHit {
        href: h.href.clone(),
        title: title.to_string(),
        crumb: crumb.to_string(),
        number: h.number.clone(),
        snippet_html: h.snippet_html.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(raw: &str) -> Result<SearchParams, BadRequest> {
        SearchParams::from_query(Some(raw), true, DEFAULT_LIMIT)
    }

    #[test]
    fn valid_parameters() {
        let got = p("q=an+to%C3%A0n&limit=5&kind=Lu%E1%BA%ADt&issuer=Qu%E1%BB%91c%20h%E1%BB%99i&in_force=true").expect("valid");
        assert_eq!(got.q, "an toàn");
        assert_eq!(got.limit, 5);
        assert_eq!(got.kind.as_deref(), Some("luat"));
        assert_eq!(got.issuer.as_deref(), Some("Quốc hội"));
        assert!(got.in_force);
        // Empty optional fields (an HTML form's "all") mean absent.
        let got = p("q=x&kind=&limit=&issuer=").expect("valid");
        assert_eq!(
            (got.kind, got.limit, got.issuer),
            (None, DEFAULT_LIMIT, None)
        );
    }

    #[test]
    fn malformed_parameters_are_refused() {
        let long = format!("q={}", "a".repeat(MAX_QUERY_CHARS + 1));
        for raw in [
            "",
            "q=",
            "q=+++",
            long.as_str(),
            "q=x&limit=0",
            "q=x&limit=101",
            "q=x&limit=-1",
            "q=x&limit=abc",
            "q=x&limit=99999999999999999999999",
            "q=x&kind=sac-lenh",
            "q=x&in_force=maybe",
            "q=x&q=y",
            "q=x&kind=luat&loai=luat",
            "q=%zz",
            "q=%ff%fe",
            "q=%00",
        ] {
            assert!(p(raw).is_err(), "{raw}");
        }
        assert!(SearchParams::from_query(None, false, 20).is_ok());
    }
}
