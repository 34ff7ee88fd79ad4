//! The search page `tim-kiem/`, from the theme's `search.html`.
//!
//! The build renders it empty: the browser search fills it in. `vanban
//! serve` renders the same template with the query, a status line and the
//! results in its context (`search`), so search also works with JavaScript
//! off and a theme lays out and words that page like any other.

use std::path::Path;

use serde::Serialize;

use super::wording::{fill, Wording};
use super::{render, Chrome, Theme};
use crate::config::Config;
use crate::error::Result;
use crate::url::Linker;

/// Where the page is.
pub const URL: &str = "tim-kiem/";

/// One result, as `search.html` shows it.
#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    /// Site-relative.
    pub href: String,
    pub title: String,
    /// The provision's place in its document ("Chương II › Mục 1"), or empty.
    pub crumb: String,
    pub number: String,
    /// Already HTML (the matched words marked).
    pub snippet_html: String,
}

/// The `search` of `search.html`'s context: empty in the build.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SearchView {
    pub query: String,
    /// The status line: how many results, or why there are none.
    pub info: String,
    pub results: Vec<SearchHit>,
}

impl SearchView {
    /// The status line for `count` results of `query` (`unfiltered`: the
    /// request asked for a status filter the server does not apply).
    pub fn info(wording: &Wording, query: &str, count: usize, unfiltered: bool) -> String {
        let w = &wording.search;
        let mut info = if count == 0 {
            fill(&w.none, &[("query", query)])
        } else {
            fill(&w.found, &[("count", &count.to_string()), ("query", query)])
        };
        if unfiltered {
            info.push_str(&w.unfiltered);
        }
        info
    }
}

/// The search page with `view` filled in (`offline`: for a build opened from
/// disk).
pub fn render_page(
    chrome: &Chrome<'_>,
    theme: &Theme,
    offline: bool,
    view: &SearchView,
) -> Result<Vec<u8>> {
    let linker = Linker::new(URL, offline);
    let w = &theme.wording.title;
    let mut ctx = chrome.context(theme, &linker, URL, &w.search, &w.search_description);
    ctx.insert("search", view);
    render(theme, "search.html", &ctx, "search.html")
}

/// The search page as `vanban serve` renders it: the site's theme and the
/// sections its output holds.
pub struct ServedSearchPage {
    config: Config,
    theme: Theme,
    live_reload: bool,
    training: bool,
    agencies: bool,
    tasks: bool,
}

impl ServedSearchPage {
    /// The theme of the site at `root`, for its output `out` (which tells
    /// which sections the menu links to, as in the build that wrote it).
    pub fn load(root: &Path, out: &Path, live_reload: bool) -> Result<ServedSearchPage> {
        let config = Config::load(root)?;
        let theme = Theme::load(root, &config.theme)?;
        let exists = |section: &str| out.join(section).join("index.html").is_file();
        Ok(ServedSearchPage {
            training: exists("dao-tao"),
            agencies: exists("co-quan"),
            tasks: exists("nhiem-vu"),
            config,
            theme,
            live_reload,
        })
    }

    pub fn wording(&self) -> &Wording {
        &self.theme.wording
    }

    pub fn render(&self, view: &SearchView) -> Result<Vec<u8>> {
        let chrome = Chrome {
            config: &self.config,
            live_reload: self.live_reload,
            training: self.training,
            agencies: self.agencies,
            tasks: self.tasks,
        };
        render_page(&chrome, &self.theme, false, view)
    }
}
