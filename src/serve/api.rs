//! Search on the server: `GET /api/search` (JSON) and `GET /tim-kiem` (an
//! HTML results page that works with JavaScript off).
//!
//! Parameters are parsed by hand from the raw query string, so every way a
//! query can be malformed (bad percent escape, invalid UTF-8, a repeated
//! parameter, a limit that is not a number…) is a 400 with a plain
//! Vietnamese message, never a panic or a 5xx.

use std::sync::Arc;

use axum::extract::{RawQuery, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::{files, with_overlay, AppState};
use crate::legal::kind::Kind;
use crate::markdown::escape_html;

pub use super::engine::SearchState;

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
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
        let get = |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.trim())
                .filter(|v| !v.is_empty())
        };
        let q = get("q").unwrap_or("");
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
        let limit = match get("limit") {
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
        let kind = match get("kind") {
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
        let issuer = match get("issuer") {
            None => None,
            Some(v) if v.chars().count() > MAX_QUERY_CHARS || v.chars().any(char::is_control) => {
                return Err(bad(format!(
                    "Tên cơ quan ban hành không hợp lệ (tối đa {MAX_QUERY_CHARS} ký tự)."
                )))
            }
            Some(v) => Some(v.to_string()),
        };
        let in_force = match get("in_force") {
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
    results: Vec<ApiHit>,
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
                results,
            },
        ),
        Err(msg) => json_response(StatusCode::SERVICE_UNAVAILABLE, &ApiError { error: msg }),
    }
}

/// Runs a search off the async threads (scoring reads postings exhaustively).
async fn run(state: &Arc<AppState>, params: SearchParams) -> Result<Vec<ApiHit>, String> {
    let engine = state.search.clone_engine();
    tokio::task::spawn_blocking(move || engine.search(&params))
        .await
        .unwrap_or_else(|_| Err("Lỗi khi tìm kiếm.".to_string()))
}

/// `GET /tim-kiem?q=` and `/tim-kiem/?q=`: the results page, rendered in the
/// shell of the site's 404.html (whose links are absolute, so it fits any URL).
pub async fn search_page(
    State(state): State<Arc<AppState>>,
    uri: Uri,
    RawQuery(raw): RawQuery,
) -> Response {
    // Links in the results are relative to the page's own folder.
    let to_root = if uri.path().ends_with('/') { "../" } else { "" };
    let shell = tokio::fs::read_to_string(state.out.join("404.html"))
        .await
        .ok();
    let (status, q, body) = match SearchParams::from_query(raw.as_deref(), false, 20) {
        Err(BadRequest(msg)) => (
            StatusCode::BAD_REQUEST,
            String::new(),
            format!(
                "<p class=\"error\" role=\"alert\">{}</p>",
                escape_html(&msg)
            ),
        ),
        Ok(params) if params.q.is_empty() => (StatusCode::OK, String::new(), String::new()),
        Ok(params) => {
            let q = params.q.clone();
            match run(&state, params).await {
                Ok(hits) => (StatusCode::OK, q.clone(), results_html(&q, &hits, to_root)),
                Err(msg) => (
                    StatusCode::SERVICE_UNAVAILABLE,
                    q,
                    format!(
                        "<p class=\"error\" role=\"alert\">{}</p>",
                        escape_html(&msg)
                    ),
                ),
            }
        }
    };
    let html = page_html(shell.as_deref(), &q, &body, to_root);
    let bytes = with_overlay(&state, html.into_bytes());
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

fn results_html(q: &str, hits: &[ApiHit], to_root: &str) -> String {
    let mut html = String::new();
    if hits.is_empty() {
        html.push_str(&format!(
            "<p class=\"none\">Không tìm thấy kết quả cho «{}».</p>",
            escape_html(q)
        ));
        return html;
    }
    html.push_str(&format!(
        "<p class=\"count\">{} kết quả cho «{}».</p>\n<ol class=\"results\">\n",
        hits.len(),
        escape_html(q)
    ));
    for h in hits {
        html.push_str(&format!(
            "<li><a href=\"{}{}\">{}</a> <span class=\"number\">{}</span><p class=\"snippet\">{}</p></li>\n",
            to_root,
            escape_html(&h.href),
            escape_html(&h.title),
            escape_html(&h.number),
            h.snippet_html
        ));
    }
    html.push_str("</ol>\n");
    html
}

/// The whole page: the 404 shell with its title, search box and main replaced.
pub fn page_html(shell: Option<&str>, q: &str, results: &str, to_root: &str) -> String {
    let title = if q.is_empty() {
        "Tìm kiếm".to_string()
    } else {
        format!("Tìm kiếm: {}", escape_html(q))
    };
    let main = format!(
        "\n<section class=\"search-page\">\n<h1>Tìm kiếm</h1>\n<form role=\"search\" action=\"{to_root}tim-kiem/\" method=\"get\">\n<label for=\"q-trang\">Từ khóa</label>\n<input id=\"q-trang\" name=\"q\" type=\"search\" value=\"{}\" maxlength=\"{MAX_QUERY_CHARS}\">\n<label><input type=\"checkbox\" name=\"in_force\" value=\"true\"> Chỉ văn bản còn hiệu lực</label>\n<button type=\"submit\">Tìm</button>\n</form>\n{results}</section>\n",
        escape_html(q)
    );
    let Some(shell) = shell else {
        return format!(
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n</head>\n<body>\n<main id=\"noi-dung\">{main}</main>\n</body>\n</html>\n"
        );
    };
    let mut html = shell.to_string();
    if let (Some(a), Some(b)) = (html.find("<title>"), html.find("</title>")) {
        if a < b {
            html.replace_range(a + "<title>".len()..b, &title);
        }
    }
    let open = "<main id=\"noi-dung\">";
    match (html.find(open), html.rfind("</main>")) {
        (Some(a), Some(b)) if a + open.len() <= b => html.replace_range(a + open.len()..b, &main),
        _ => html = super::live::inject(&html, &main),
    }
    html
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
            "q=%zz",
            "q=%ff%fe",
            "q=%00",
        ] {
            assert!(p(raw).is_err(), "{raw}");
        }
        assert!(SearchParams::from_query(None, false, 20).is_ok());
    }

    #[test]
    fn page_replaces_title_and_main_of_the_shell() {
        let shell = "<html><head><title>404</title></head><body><main id=\"noi-dung\">gone</main></body></html>";
        let html = page_html(Some(shell), "<x>", "<ol></ol>", "");
        assert!(html.contains("<title>Tìm kiếm: &lt;x&gt;</title>"));
        assert!(!html.contains("gone"));
        assert!(html.contains("value=\"&lt;x&gt;\""));
        assert!(page_html(None, "", "", "../").contains("action=\"../tim-kiem/\""));
    }
}
