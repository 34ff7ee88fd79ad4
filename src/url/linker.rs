//! Relative links between pages.
//!
//! Every internal link is relative, so one output works at a domain root,
//! under a portal's sub-path and opened from disk. Offline output (file://)
//! spells out `index.html`, since a browser does not add it to a folder there.

/// Links from one page of the site to the others.
#[derive(Debug, Clone)]
pub struct Linker {
    /// `../` once per folder level of the current page.
    root: String,
    offline: bool,
}

impl Linker {
    /// For the page at site path `from` (`luat/86-2015-qh13/`, `""` for home,
    /// `404.html` for a root file).
    pub fn new(from: &str, offline: bool) -> Linker {
        let depth = from.matches('/').count();
        Linker {
            root: "../".repeat(depth),
            offline,
        }
    }

    /// A linker whose links start from an absolute path (`/chuyen-doi-so/`),
    /// for pages served at any URL such as 404.html.
    pub fn absolute(base_path: &str) -> Linker {
        let mut root = base_path.to_string();
        if !root.ends_with('/') {
            root.push('/');
        }
        Linker {
            root,
            offline: false,
        }
    }

    /// The prefix that leads to the site root (`../../`, or `./` at the root).
    pub fn root(&self) -> &str {
        if self.root.is_empty() {
            "./"
        } else {
            &self.root
        }
    }

    /// Whether links spell out `index.html`.
    pub fn offline(&self) -> bool {
        self.offline
    }

    /// The href of site path `to` (`ke-hoach/687-kh-ubnd/`, `static/style.css`),
    /// with an optional `#anchor`.
    pub fn href(&self, to: &str) -> String {
        let mut href = String::with_capacity(self.root.len() + to.len() + 11);
        href.push_str(&self.root);
        href.push_str(to);
        if self.offline && (to.is_empty() || to.ends_with('/')) {
            href.push_str("index.html");
        }
        if href.is_empty() {
            href.push_str("./");
        }
        href
    }

    pub fn href_anchor(&self, to: &str, anchor: &str) -> String {
        let mut href = self.href(to);
        if !anchor.is_empty() {
            href.push('#');
            href.push_str(anchor);
        }
        href
    }
}

#[cfg(test)]
mod tests {
    use super::Linker;

    #[test]
    fn relative_and_offline_links() {
        let l = Linker::new("luat/86-2015-qh13/", false);
        assert_eq!(
            l.href("ke-hoach/687-kh-ubnd/"),
            "../../ke-hoach/687-kh-ubnd/"
        );
        assert_eq!(l.href(""), "../../");
        assert_eq!(l.href("static/style.css"), "../../static/style.css");
        let home = Linker::new("", true);
        assert_eq!(home.href(""), "index.html");
        assert_eq!(home.href("luat/"), "luat/index.html");
        assert_eq!(Linker::new("", false).href(""), "./");
        assert_eq!(Linker::absolute("/cds").href("luat/"), "/cds/luat/");
        assert_eq!(l.href_anchor("luat/x/", "dieu-5"), "../../luat/x/#dieu-5");
    }
}
