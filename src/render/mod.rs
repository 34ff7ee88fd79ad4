//! Rendering: page contexts for the tera templates, and the site's files.
//!
//! Templates only lay out; everything they show (hrefs relative to the
//! current page, labels, counts, status) is computed here.

pub mod diagram;
pub mod exports;
pub mod feeds;
mod minify;
pub mod notes;
mod outputs;
pub mod pwa;
pub mod quotes;
pub mod recursion;
mod registry;
pub mod search_page;
pub mod taxonomy;
pub mod theme;
pub mod wording;

use serde::Serialize;
use tera::Context;

use crate::config::Config;
use crate::content::{Content, Document, Page};
use crate::error::{Diagnostic, Error, Result};
use crate::link::graph::{Graph, Relation};
use crate::link::linked::LinkedDoc;
use crate::link::reference::Citer;
use crate::link::tasks::Registry;
use crate::markdown::Rendered;
use crate::url::Linker;
use notes::Notes;
use taxonomy::Taxonomies;
pub use theme::Theme;
use wording::{fill, Wording};

/// Everything the render stage reads.
pub struct SiteView<'a> {
    pub config: &'a Config,
    pub content: &'a Content,
    pub docs: &'a [LinkedDoc],
    pub pages: &'a [Rendered],
    pub graph: &'a Graph,
    pub taxonomies: &'a Taxonomies,
    pub registry: &'a Registry,
    /// Notes on amended and amending provisions, by document.
    pub notes: &'a Notes,
    /// The bodies with quotations, filled (`None`: the body has none).
    pub quoted_docs: &'a [Option<Rendered>],
    pub quoted_pages: &'a [Option<Rendered>],
    pub offline: bool,
    pub live_reload: bool,
}

/// A document as it appears in lists.
#[derive(Debug, Clone, Serialize)]
pub struct DocLink {
    pub href: String,
    pub kind: &'static str,
    pub number: String,
    pub title: String,
    pub status: String,
    pub status_slug: &'static str,
    pub issued: Option<String>,
}

#[derive(Serialize)]
struct NavItem {
    title: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct Crumb {
    title: String,
    href: String,
}

#[derive(Serialize)]
struct Field {
    name: String,
    href: String,
}

#[derive(Serialize)]
struct Banner {
    class: &'static str,
    title: String,
    html: String,
}

#[derive(Serialize)]
struct DocView {
    number: String,
    title: String,
    kind: &'static str,
    kind_href: String,
    issuer: String,
    issuer_href: String,
    signer: Option<String>,
    issued: Option<String>,
    year_href: String,
    effective: Option<String>,
    expires: Option<String>,
    status: String,
    status_slug: &'static str,
    status_href: String,
    as_of: Option<String>,
    fields: Vec<Field>,
    source: Option<String>,
    source_host: String,
    summary: bool,
    overview: Option<String>,
    banners: Vec<Banner>,
}

#[derive(Serialize)]
struct CiterView {
    href: String,
    title: String,
    target: Option<String>,
    target_label: Option<String>,
}

#[derive(Serialize)]
struct RelationGroup<'a> {
    name: &'a str,
    docs: Vec<DocLink>,
}

impl SiteView<'_> {
    pub fn doc_link(&self, w: &Wording, i: usize, linker: &Linker) -> DocLink {
        let d = &self.content.documents[i];
        let status = self.graph.status[i];
        DocLink {
            href: linker.href(&d.url),
            kind: d.kind.name(),
            number: d.number.canonical().to_string(),
            title: d.front.title.clone(),
            status: w.status(status).to_string(),
            status_slug: status.slug(),
            issued: d.front.issued.as_ref().map(|x| x.get_ref().to_string()),
        }
    }

    pub fn doc_links(&self, w: &Wording, docs: &[usize], linker: &Linker) -> Vec<DocLink> {
        docs.iter().map(|&j| self.doc_link(w, j, linker)).collect()
    }

    /// Sorts document indexes by issue date, newest first (undated last).
    pub fn newest_first(&self, docs: &mut [usize]) {
        let issued = |j: usize| {
            self.content.documents[j]
                .front
                .issued
                .as_ref()
                .map(|d| *d.get_ref())
        };
        docs.sort_by_key(|&j| (std::cmp::Reverse(issued(j)), j));
    }

    /// What every page shares that depends on the site.
    pub fn chrome(&self) -> Chrome<'_> {
        let page = |path: &str| self.content.pages.iter().any(|p| p.url == path);
        Chrome {
            config: self.config,
            live_reload: self.live_reload,
            training: page("dao-tao/"),
            agencies: page("co-quan/"),
            tasks: !self.registry.tasks.is_empty(),
        }
    }

    /// The context every page shares.
    fn base(
        &self,
        theme: &Theme,
        linker: &Linker,
        url: &str,
        title: &str,
        description: &str,
    ) -> Context {
        self.chrome()
            .context(theme, linker, url, title, description)
    }

    fn document(&self, theme: &Theme, i: usize) -> Result<(String, Vec<u8>)> {
        let d: &Document = &self.content.documents[i];
        let w = &theme.wording;
        let linker = Linker::new(&d.url, self.offline);
        let status = self.graph.status[i];
        let mut ctx = self.base(
            theme,
            &linker,
            &d.url,
            &d.front.title,
            &format!(
                "{} {} — {}",
                d.kind.name(),
                d.number.canonical(),
                d.front.title
            ),
        );
        let tax = self.taxonomies;
        let mut banners = Vec::new();
        if let Some(what) = &d.front.incomplete {
            banners.push(Banner {
                class: "incomplete",
                title: w.banner.incomplete.clone(),
                html: crate::markdown::render_plain(what),
            });
        }
        if status == crate::legal::status::Status::HetHieuLuc {
            let repl: Vec<String> = self.graph.replaced_by[i]
                .iter()
                .map(|&j| {
                    let l = self.doc_link(w, j, &linker);
                    let from = self.content.documents[j]
                        .front
                        .effective
                        .as_ref()
                        .map(|e| {
                            fill(
                                &w.banner.replaced_from,
                                &[("date", &e.get_ref().to_string())],
                            )
                        })
                        .unwrap_or_default();
                    format!(
                        "<a href=\"{}\">{} {}</a>{}",
                        l.href,
                        l.kind,
                        crate::markdown::escape_html(&l.number),
                        from
                    )
                })
                .collect();
            let html = if repl.is_empty() {
                fill(
                    &w.banner.expired_text,
                    &[("date", &self.graph.as_of.to_string())],
                )
            } else {
                fill(&w.banner.replaced_text, &[("documents", &repl.join(", "))])
            };
            banners.push(Banner {
                class: "expired",
                title: w.banner.expired.clone(),
                html,
            });
        } else {
            let upcoming: Vec<String> = self.graph.edges[i]
                .iter()
                .filter(|e| {
                    !e.outgoing && matches!(e.relation, Relation::Replaces | Relation::Amends)
                })
                .filter_map(|e| {
                    let other = &self.content.documents[e.other];
                    let from = other.front.effective.as_ref()?.get_ref();
                    let unverified = other.front.verify.is_some();
                    let l = self.doc_link(w, e.other, &linker);
                    let link = format!(
                        "<a href=\"{}\">{} {}</a>",
                        l.href,
                        l.kind,
                        crate::markdown::escape_html(&l.number)
                    );
                    let note = if unverified {
                        w.banner.unverified.as_str()
                    } else {
                        ""
                    };
                    let wording = if *from > self.graph.as_of {
                        &w.banner.will_change
                    } else if unverified {
                        &w.banner.reported_change
                    } else {
                        return None;
                    };
                    Some(fill(
                        wording,
                        &[
                            ("document", &link),
                            ("verb", &w.relation(e.relation).verb),
                            ("date", &from.to_string()),
                            ("note", note),
                        ],
                    ))
                })
                .collect();
            if !upcoming.is_empty() {
                let uncertain = status == crate::legal::status::Status::CoTheDaHetHieuLuc;
                banners.push(Banner {
                    class: if uncertain { "uncertain" } else { "upcoming" },
                    title: if uncertain {
                        fill(
                            &w.banner.uncertain,
                            &[
                                ("status", w.status(status)),
                                ("date", &self.graph.as_of.to_string()),
                            ],
                        )
                    } else {
                        w.banner.upcoming.clone()
                    },
                    html: format!("{}.", upcoming.join("; ")),
                });
            }
        }
        if let Some(why) = &d.front.verify {
            banners.push(Banner {
                class: "verify",
                title: w.banner.verify.clone(),
                html: crate::markdown::escape_html(why),
            });
        }
        let source_host = d
            .front
            .source
            .as_deref()
            .map(|s| s.split('/').nth(2).unwrap_or(s).to_string())
            .unwrap_or_default();
        let view = DocView {
            number: d.number.canonical().to_string(),
            title: d.front.title.clone(),
            kind: d.kind.name(),
            kind_href: linker.href(&tax.kind_url(d)),
            issuer: d.front.issuer.clone(),
            issuer_href: linker.href(&tax.issuer_url(d)),
            signer: d.front.signer.clone(),
            issued: d.front.issued.as_ref().map(|x| x.get_ref().to_string()),
            year_href: linker.href(&tax.year_url(d)),
            effective: d.front.effective.as_ref().map(|x| x.get_ref().to_string()),
            expires: d.front.expires.as_ref().map(|x| x.get_ref().to_string()),
            status: w.status(status).to_string(),
            status_slug: status.slug(),
            status_href: linker.href(&tax.status_url(status)),
            as_of: Some(self.graph.as_of.to_string()),
            fields: d
                .front
                .fields
                .iter()
                .map(|f| Field {
                    name: f.clone(),
                    href: linker.href(&tax.field_url(f)),
                })
                .collect(),
            source: d.front.source.clone(),
            source_host,
            summary: d.front.summary,
            overview: self.docs[i].overview.clone(),
            banners,
        };
        ctx.insert("doc", &view);
        // Notes on amended and amending provisions, written into a copy.
        let body = self.quoted_docs[i].as_ref().unwrap_or(&self.docs[i].body);
        let annotated = self.notes.get(&i).map(|n| notes::annotated(body, n));
        let rendered = annotated.as_ref().unwrap_or(body);
        ctx.insert("toc", &rendered.toc);
        ctx.insert("body", &rendered.html);
        ctx.insert("code_css", &rendered.html.contains("<pre class=\"code\""));
        let mut groups: Vec<RelationGroup> = Vec::new();
        for outgoing in [true, false] {
            for rel in Relation::ALL {
                let docs: Vec<DocLink> = self.graph.edges[i]
                    .iter()
                    .filter(|e| e.outgoing == outgoing && e.relation == rel)
                    .map(|e| self.doc_link(w, e.other, &linker))
                    .collect();
                if !docs.is_empty() {
                    let words = w.relation(rel);
                    let name = if outgoing {
                        &words.outgoing
                    } else {
                        &words.incoming
                    };
                    groups.push(RelationGroup { name, docs });
                }
            }
        }
        ctx.insert("relations", &groups);
        // One box per related document and side; a document related in two
        // ways (the basis a plan also implements) has both verbs on its edge.
        let nodes = |outgoing: bool| {
            let mut nodes: Vec<(usize, diagram::Node)> = Vec::new();
            for e in self.graph.edges[i]
                .iter()
                .filter(|e| e.outgoing == outgoing)
            {
                if let Some((_, n)) = nodes.iter_mut().find(|(other, _)| *other == e.other) {
                    n.relation = format!("{}, {}", n.relation, w.relation(e.relation).verb);
                    continue;
                }
                let l = self.doc_link(w, e.other, &linker);
                nodes.push((
                    e.other,
                    diagram::Node {
                        label: format!("{} {}", l.kind, l.number),
                        title: l.title,
                        href: l.href,
                        relation: w.relation(e.relation).verb.clone(),
                        expired: self.graph.status[e.other]
                            == crate::legal::status::Status::HetHieuLuc,
                    },
                ));
            }
            nodes.into_iter().map(|(_, n)| n).collect::<Vec<_>>()
        };
        let outgoing = nodes(true);
        let incoming = nodes(false);
        let svg = diagram::svg(
            &w.title.diagram,
            &format!("{} {}", d.kind.name(), d.number.canonical()),
            &d.front.title,
            &outgoing,
            &incoming,
        );
        ctx.insert("diagram", &svg.unwrap_or_default());
        ctx.insert("cited_by", &self.citers(i, &linker));
        let own: Vec<usize> = self
            .registry
            .by_deadline()
            .into_iter()
            .filter(|&k| self.registry.tasks[k].doc == i)
            .collect();
        let sections = self.task_sections(w, &own, &linker);
        ctx.insert("tasks", &sections.assigned);
        ctx.insert("other_tasks", &sections.other);
        ctx.insert("level", &None::<()>);
        let template = "document.html";
        let html = render(theme, template, &ctx, &d.src.path.display().to_string())?;
        Ok((format!("{}index.html", d.url), html))
    }

    /// "Được dẫn chiếu bởi": the pages citing document `i`, with the provision cited.
    fn citers(&self, i: usize, linker: &Linker) -> Vec<CiterView> {
        let rendered = &self.docs[i].body;
        self.docs[i]
            .cited_by
            .iter()
            .map(|(citer, anchor)| {
                let (href, title) = match *citer {
                    Citer::Document(j) => {
                        let d = &self.content.documents[j];
                        (
                            linker.href(&d.url),
                            format!(
                                "{} {} — {}",
                                d.kind.name(),
                                d.number.canonical(),
                                d.front.title
                            ),
                        )
                    }
                    Citer::Page(j) => {
                        let p = &self.content.pages[j];
                        (linker.href(&p.url), p.front.title.clone())
                    }
                };
                let target_label = anchor
                    .as_deref()
                    .and_then(|a| rendered.anchor(a))
                    .map(|a| a.label.clone());
                CiterView {
                    href,
                    title,
                    target: anchor.clone().filter(|_| target_label.is_some()),
                    target_label,
                }
            })
            .collect()
    }

    fn page(&self, theme: &Theme, i: usize) -> Result<(String, Vec<u8>)> {
        let p: &Page = &self.content.pages[i];
        let w = &theme.wording;
        let linker = Linker::new(&p.url, self.offline);
        let mut ctx = self.base(
            theme,
            &linker,
            &p.url,
            &p.front.title,
            p.front.description.as_deref().unwrap_or(""),
        );
        let rendered = self.quoted_pages[i].as_ref().unwrap_or(&self.pages[i]);
        ctx.insert("body", &rendered.html);
        ctx.insert("code_css", &rendered.html.contains("<pre class=\"code\""));
        ctx.insert("toc", &rendered.toc);
        let tasks = if p.front.agency.is_some() {
            self.registry.for_agency(i)
        } else {
            Vec::new()
        };
        let sections = self.task_sections(w, &tasks, &linker);
        ctx.insert("tasks", &sections.assigned);
        ctx.insert("other_tasks", &sections.other);
        ctx.insert("agency", &p.front.agency.is_some());
        ctx.insert("level", &self.level_link(w, i, &linker));
        ctx.insert("cited_by", &Vec::<()>::new());
        let mut crumbs = Vec::new();
        let mut prefix = String::new();
        for part in p.section.split('/').filter(|s| !s.is_empty()) {
            prefix.push_str(part);
            prefix.push('/');
            if prefix != p.url {
                if let Some(section) = self
                    .content
                    .pages
                    .iter()
                    .find(|q| q.is_section && q.url == prefix)
                {
                    crumbs.push(Crumb {
                        title: section.front.title.clone(),
                        href: linker.href(&prefix),
                    });
                }
            }
        }
        ctx.insert("crumbs", &crumbs);
        let template = if p.url.is_empty() {
            self.home_lists(w, &mut ctx, &linker);
            "index.html"
        } else if p.is_section {
            let children: Vec<serde_json::Value> = self
                .content
                .pages
                .iter()
                .filter(|q| !q.is_section && q.section == p.section)
                .map(|q| serde_json::json!({"href": linker.href(&q.url), "title": q.front.title, "description": q.front.description}))
                .collect();
            ctx.insert("pages", &children);
            let folder = std::path::Path::new("content").join(&p.section);
            let mut docs: Vec<usize> = (0..self.content.documents.len())
                .filter(|&j| self.content.documents[j].src.path.parent() == Some(folder.as_path()))
                .collect();
            self.newest_first(&mut docs);
            ctx.insert("docs", &self.doc_links(w, &docs, &linker));
            "list.html"
        } else {
            "page.html"
        };
        let template = p.front.template.as_deref().unwrap_or(template);
        let html = render(theme, template, &ctx, &p.src.path.display().to_string())?;
        Ok((format!("{}index.html", p.url), html))
    }

    /// The home page's lists: the newest documents and the most cited.
    fn home_lists(&self, w: &Wording, ctx: &mut Context, linker: &Linker) {
        let mut recent: Vec<usize> = (0..self.content.documents.len()).collect();
        self.newest_first(&mut recent);
        recent.truncate(10);
        ctx.insert("recent", &self.doc_links(w, &recent, linker));
        // The most used: the documents most pages cite.
        let mut cited: Vec<usize> = (0..self.content.documents.len())
            .filter(|&j| !self.docs[j].cited_by.is_empty())
            .collect();
        cited.sort_by_key(|&j| (std::cmp::Reverse(self.docs[j].cited_by.len()), j));
        cited.truncate(8);
        ctx.insert("most_cited", &self.doc_links(w, &cited, linker));
    }

    /// The home page of a site without `content/_index.md`: every page links
    /// to it, so it is rendered from the home template anyway, titled with the
    /// site's title (as Zola and Hugo do).
    fn default_home(&self, theme: &Theme) -> Result<(String, Vec<u8>)> {
        let w = &theme.wording;
        let linker = Linker::new("", self.offline);
        let mut ctx = self.base(
            theme,
            &linker,
            "",
            &self.config.title,
            &self.config.description,
        );
        ctx.insert("body", "");
        ctx.insert("code_css", &false);
        ctx.insert("toc", &Vec::<()>::new());
        ctx.insert("crumbs", &Vec::<()>::new());
        ctx.insert("tasks", &Vec::<()>::new());
        ctx.insert("other_tasks", &Vec::<()>::new());
        ctx.insert("level", &None::<()>);
        ctx.insert("cited_by", &Vec::<()>::new());
        self.home_lists(w, &mut ctx, &linker);
        Ok((
            "index.html".into(),
            render(theme, "index.html", &ctx, "index.html")?,
        ))
    }

    fn not_found(&self, theme: &Theme) -> Result<(String, Vec<u8>)> {
        let base_path = self
            .config
            .base_url
            .splitn(4, '/')
            .nth(3)
            .map(|p| format!("/{p}"))
            .unwrap_or_else(|| "/".into());
        let linker = if self.offline {
            Linker::new("", true)
        } else {
            Linker::absolute(&base_path)
        };
        let ctx = self.base(
            theme,
            &linker,
            "404.html",
            &theme.wording.title.not_found,
            "",
        );
        Ok((
            "404.html".into(),
            render(theme, "404.html", &ctx, "404.html")?,
        ))
    }

    /// The search page `tim-kiem/`: the browser search fills it in.
    fn search_page(&self, theme: &Theme) -> Result<(String, Vec<u8>)> {
        let view = search_page::SearchView::default();
        Ok((
            format!("{}index.html", search_page::URL),
            search_page::render_page(&self.chrome(), theme, self.offline, &view)?,
        ))
    }
}

/// What every page shares that depends on the site rather than on the page:
/// its name and the sections the menu links to. The build takes it from the
/// content; `vanban serve`'s search page from the output it serves.
pub struct Chrome<'a> {
    pub config: &'a Config,
    pub live_reload: bool,
    /// `dao-tao/` exists.
    pub training: bool,
    /// `co-quan/` exists.
    pub agencies: bool,
    /// The task pages `nhiem-vu/` and `thoi-han/` exist.
    pub tasks: bool,
}

impl Chrome<'_> {
    /// The context every page starts from.
    pub fn context(
        &self,
        theme: &Theme,
        linker: &Linker,
        url: &str,
        title: &str,
        description: &str,
    ) -> Context {
        let mut ctx = Context::new();
        ctx.insert(
            "site",
            &serde_json::json!({
                "title": self.config.title,
                "description": self.config.description,
                "language": self.config.language,
            }),
        );
        ctx.insert("t", &theme.strings);
        ctx.insert("root", linker.root());
        ctx.insert("offline", &linker.offline());
        ctx.insert("live_reload", &self.live_reload);
        ctx.insert("home_href", &linker.href(""));
        ctx.insert("search_href", &linker.href("tim-kiem/"));
        ctx.insert("taxonomies_href", &linker.href("phan-loai/"));
        ctx.insert("page_title", title);
        ctx.insert("description", description);
        ctx.insert("url", url);
        let t = |k: &str| {
            theme
                .strings
                .get(k)
                .and_then(|v| v.as_str())
                .unwrap_or(k)
                .to_string()
        };
        let mut nav = vec![("", t("home"))];
        for (path, key) in [
            ("loai/", "nav_documents"),
            ("nhiem-vu/", "nav_tasks"),
            ("thoi-han/", "nav_deadlines"),
            ("dao-tao/", "nav_training"),
            ("co-quan/", "nav_agencies"),
            ("phan-loai/", "nav_taxonomies"),
        ] {
            let exists = match path {
                "dao-tao/" => self.training,
                "co-quan/" => self.agencies,
                "nhiem-vu/" | "thoi-han/" => self.tasks,
                _ => true,
            };
            if exists {
                nav.push((path, t(key)));
            }
        }
        let nav: Vec<NavItem> = nav
            .into_iter()
            .map(|(path, title)| NavItem {
                current: if path.is_empty() {
                    url.is_empty()
                } else {
                    url.starts_with(path)
                },
                href: linker.href(path),
                title,
            })
            .collect();
        ctx.insert("nav", &nav);
        ctx
    }
}

/// Renders one template into the page's bytes; a failure names the content
/// file being rendered. (Written straight into bytes: a page is written out
/// as bytes, and a rendered `String` would be checked for UTF-8 once more.)
/// A render that nests too deep stops with an error at the template or
/// macro that went too deep (see [`recursion`]).
pub fn render(theme: &Theme, template: &str, ctx: &Context, for_path: &str) -> Result<Vec<u8>> {
    let mut html = Vec::with_capacity(32 * 1024);
    let (result, too_deep) = recursion::guarded(|| theme.tera.render_to(template, ctx, &mut html));
    match (result, too_deep) {
        (Ok(()), _) => Ok(html),
        (Err(_), Some(stop)) => {
            let (path, pos) = theme.places.of(&stop.template, stop.macro_name.as_deref());
            let what = match &stop.macro_name {
                Some(m) => format!("macro {m}"),
                None => format!("mẫu {}", stop.template),
            };
            let why = if stop.stack {
                "hết bộ nhớ ngăn xếp".to_string()
            } else {
                format!("quá {} cấp", recursion::MAX_DEPTH)
            };
            Err(Error::Invalid(vec![Diagnostic::error(
                path,
                pos,
                format!("{what} lồng quá sâu ({why}) khi hiển thị {for_path}"),
            )
            .with_hint("macro gọi lại chính nó phải dừng sau ít lần: kiểm tra điều kiện {% if %} quanh lời gọi")]))
        }
        (Err(e), None) => {
            let mut d = theme::template_diagnostic(for_path, &e);
            d.message = format!("mẫu {template}: {}", d.message);
            Err(Error::Invalid(vec![d]))
        }
    }
}
