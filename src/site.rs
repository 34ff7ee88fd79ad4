//! The site: one type that owns the configuration and the content, and runs
//! the pipeline's stages in order (load → graph → link → render → index → write;
//! the link stage parses each body once and checks cited provisions after).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content, Date};
use crate::error::{fail_on_errors, Diagnostic, Error, Result};
use crate::legal::graph::{self, CitedBy, Graph};
use crate::legal::link::{fill_quotes, Hub, PageLinks, Reference, Unresolved, UnresolvedReason};
use crate::legal::tasks::{self, Registry};
use crate::legal::verify::{self, Outcome, PageRefs, Provisions};
use crate::markdown::{self, Rendered};
use crate::output::Staging;
use crate::render::{feeds, taxonomy::Taxonomies, SiteView, Theme};
use crate::search;

/// A body rendered against the hub, with what it cited and could not link.
type Linked = (Rendered, PageRefs);

/// The editors' to-do list: one warning per cited document or provision the
/// hub cannot link, most cited first, naming the files that cite it.
fn citation_report(unresolved: &[(PathBuf, Unresolved)]) -> Vec<Diagnostic> {
    let mut by_cited: std::collections::BTreeMap<(&str, UnresolvedReason), Vec<&PathBuf>> =
        Default::default();
    for (path, u) in unresolved {
        by_cited
            .entry((u.cited.as_str(), u.reason))
            .or_default()
            .push(path);
    }
    let mut rows: Vec<_> = by_cited.into_iter().collect();
    rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    rows.into_iter()
        .map(|((cited, reason), mut paths)| {
            let count = paths.len();
            paths.sort();
            paths.dedup();
            let (message, hint) = match reason {
                UnresolvedReason::Missing => (
                    format!("văn bản {cited} được dẫn chiếu {count} lần nhưng chưa có trong kho"),
                    "thêm văn bản này vào content/ để các trích dẫn thành liên kết",
                ),
                UnresolvedReason::Ambiguous => (
                    format!("số hiệu {cited} được dẫn chiếu {count} lần mà không rõ cơ quan ban hành"),
                    "ghi rõ cơ quan ban hành sau số hiệu (\"... của Ủy ban nhân dân tỉnh Gia Lai\") hoặc dùng liên kết vb:",
                ),
                UnresolvedReason::AmbiguousName => (
                    format!("tên \"{cited}\" được dẫn chiếu {count} lần nhưng ứng với nhiều văn bản trong kho"),
                    "ghi kèm số hiệu (\"Luật ... số 20/2023/QH15\") hoặc dùng liên kết vb:",
                ),
                UnresolvedReason::MissingProvision => (
                    format!("{cited} được dẫn chiếu {count} lần nhưng văn bản trong kho không có điều khoản đó"),
                    "kiểm tra số điều, khoản hoặc bổ sung toàn văn",
                ),
            };
            let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            Diagnostic::warning(paths[0], crate::error::Position::FILE, message)
                .with_hint(format!("{hint}; dẫn chiếu trong: {}", files.join(", ")))
        })
        .collect()
}

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Output folder; default: `output_dir` of the config, under the root.
    pub output: Option<PathBuf>,
    /// Links spell out `index.html` so the folder works from file://.
    pub offline: bool,
    /// The date statuses are computed at; default: today (UTC+7).
    pub as_of: Option<Date>,
    /// Overrides `base_url` of the config.
    pub base_url: Option<String>,
    /// Folder of the search index; default: `index_dir` of the config, under the root.
    pub index: Option<PathBuf>,
    /// Adds the live-reload script (serve mode only).
    pub live_reload: bool,
}

/// What a build produced.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub documents: usize,
    pub pages: usize,
    pub files: usize,
    pub records: usize,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// A loaded site.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: Content,
    /// Problems found while loading; reported by `build` and `check`.
    pub load_diagnostics: Vec<Diagnostic>,
}

/// Wall-clock time of each stage, for `--timings` and the benchmarks.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, std::time::Duration)>,
    last: Option<std::time::Instant>,
}

impl Timings {
    /// Ends the stage `name` (started at the previous lap, or at creation).
    pub fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        if let Some(last) = self.last {
            self.stages.push((name, now - last));
        }
        self.last = Some(now);
    }
}

/// The site after parsing and linking: everything needed to write it.
pub struct Compiled {
    pub timings: Timings,
    pub files: Vec<(String, Vec<u8>)>,
    pub docs: Vec<Rendered>,
    pub graph: Graph,
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    pub fn load(root: &Path) -> Result<Site> {
        let config = Config::load(root)?;
        let (content, load_diagnostics) = content::load(root)?;
        Ok(Site {
            root: root.to_path_buf(),
            config,
            content,
            load_diagnostics,
        })
    }

    pub fn output_dir(&self, opts: &BuildOptions) -> PathBuf {
        opts.output
            .clone()
            .unwrap_or_else(|| self.root.join(&self.config.output_dir))
    }

    /// The folder of the tantivy index (`index_dir` of the config).
    pub fn index_dir(&self) -> PathBuf {
        self.root.join(&self.config.index_dir)
    }

    /// Runs every stage but writing. Fails with every error found.
    pub fn compile(&self, opts: &BuildOptions) -> Result<Compiled> {
        let mut config = self.config.clone();
        if let Some(base) = &opts.base_url {
            config.base_url = if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            };
        }
        let mut timings = Timings::default();
        timings.lap("start");
        let mut diags = self.load_diagnostics.clone();
        let as_of = opts.as_of.unwrap_or_else(Date::today);
        let (graph, mut graph_diags) = graph::build(&self.content.documents, as_of);
        diags.append(&mut graph_diags);

        timings.lap("graph");
        // Parse and link: every body once, resolving references against the
        // hub; citations of provisions are checked when all are rendered.
        let hub = Hub::new(&self.content.documents, &graph);
        let linked_docs: Vec<Linked> = self
            .content
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let links = PageLinks::new(&hub, &d.url, opts.offline, Some(i));
                let rendered = markdown::render(d.src.body(), true, &links);
                (rendered, links.into_references())
            })
            .collect();
        let linked_pages: Vec<Linked> = self
            .content
            .pages
            .par_iter()
            .map(|p| {
                let links = PageLinks::new(&hub, &p.url, opts.offline, None);
                let rendered = markdown::render(p.src.body(), false, &links);
                (rendered, links.into_references())
            })
            .collect();
        let sources = self
            .content
            .documents
            .iter()
            .map(|d| &d.src)
            .chain(self.content.pages.iter().map(|p| &p.src));
        let mut unresolved: Vec<(PathBuf, Unresolved)> = Vec::new();
        let (mut docs, mut doc_refs): (Vec<Rendered>, Vec<PageRefs>) =
            linked_docs.into_iter().unzip();
        let (mut pages, mut page_refs): (Vec<Rendered>, Vec<PageRefs>) =
            linked_pages.into_iter().unzip();
        let provisions = Provisions::new(&docs);
        let outcomes: Vec<Outcome> = doc_refs
            .par_iter_mut()
            .chain(page_refs.par_iter_mut())
            .map(|refs| verify::outcome(refs, &provisions, &self.content.documents))
            .collect();
        let (registry, mut task_diags) = Registry::build(&self.content, &hub, &provisions);
        diags.append(&mut task_diags);
        drop(provisions);
        drop(hub);
        for (r, o) in docs.iter_mut().chain(pages.iter_mut()).zip(outcomes) {
            o.apply(r);
        }
        for (src, refs) in sources.zip(doc_refs.iter().chain(&page_refs)) {
            let list = &refs.unresolved;
            unresolved.extend(list.iter().map(|u| (src.path.clone(), u.clone())));
        }
        // Kept apart: the to-do list is ordered by how often, not by file.
        let to_do = citation_report(&unresolved);
        let doc_refs: Vec<Vec<Reference>> = doc_refs.into_iter().map(|r| r.refs).collect();
        let page_refs: Vec<Vec<Reference>> = page_refs.into_iter().map(|r| r.refs).collect();
        fill_quotes(&mut docs, &mut pages);
        let cited_by = CitedBy::build(self.content.documents.len(), &doc_refs, &page_refs);
        let overviews: Vec<Option<String>> = self
            .content
            .documents
            .iter()
            .map(|d| d.front.overview.as_deref().map(markdown::render_plain))
            .collect();
        for (src, rendered) in self
            .content
            .documents
            .iter()
            .map(|d| &d.src)
            .zip(&docs)
            .chain(self.content.pages.iter().map(|p| &p.src).zip(&pages))
        {
            for issue in &rendered.issues {
                let pos = src.body_pos(issue.offset);
                let d = if issue.error {
                    Diagnostic::error(&src.path, pos, &issue.message)
                } else {
                    Diagnostic::warning(&src.path, pos, &issue.message)
                };
                diags.push(d.with_hint(&issue.hint));
            }
        }
        let mut warnings = fail_on_errors(diags)?;
        warnings.extend(to_do);

        timings.lap("link");
        // Render.
        let theme = Theme::load(&self.root, &config.theme)?;
        let taxonomies = Taxonomies::build(&self.content, &graph);
        let view = SiteView {
            config: &config,
            content: &self.content,
            docs: &docs,
            pages: &pages,
            overviews: &overviews,
            graph: &graph,
            taxonomies: &taxonomies,
            cited_by: &cited_by,
            registry: &registry,
            offline: opts.offline,
            live_reload: opts.live_reload,
        };
        let mut files = view.render_all(&theme)?;
        let mut paths: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.ends_with("index.html"))
            .map(|(p, _)| p.trim_end_matches("index.html").to_string())
            .collect();
        paths.sort();
        files.extend(theme.static_files.iter().cloned());
        files.push((
            "static/highlight.css".into(),
            markdown::highlight::stylesheet().into_bytes(),
        ));
        files.push((
            "sitemap.xml".into(),
            feeds::sitemap(&config.base_url, &paths).into_bytes(),
        ));
        files.push((
            "atom.xml".into(),
            feeds::atom(&config.base_url, &config.title, &self.content).into_bytes(),
        ));
        files.push((
            "robots.txt".into(),
            feeds::robots(&config.base_url).into_bytes(),
        ));
        if !registry.tasks.is_empty() {
            let records = tasks::records(&registry, &self.content, as_of);
            let json =
                serde_json::to_string_pretty(&records).map_err(|e| Error::Usage(e.to_string()))?;
            files.push(("nhiem-vu/tasks.json".into(), json.into_bytes()));
            files.push((
                "nhiem-vu/tasks.csv".into(),
                tasks::csv(&records).into_bytes(),
            ));
            files.push((
                "nhiem-vu/tasks.ics".into(),
                tasks::ics(&records, &config.base_url, as_of).into_bytes(),
            ));
        }
        // Portal visitors: installable, readable offline after a visit.
        // Not in offline builds: opened from disk, they need neither.
        if !opts.offline {
            let pwa = crate::publish::pwa::files(&config, &files);
            files.extend(pwa);
        }
        files.sort_by(|a, b| a.0.cmp(&b.0));
        timings.lap("render");
        Ok(Compiled {
            timings,
            files,
            docs,
            graph,
            warnings,
        })
    }

    /// Builds the site into a staging folder and swaps it in.
    pub fn build(&self, opts: &BuildOptions) -> Result<BuildReport> {
        let mut compiled = self.compile(opts)?;
        let output = self.output_dir(opts);
        if output == self.root || self.root.starts_with(&output) {
            return Err(Error::Usage(format!(
                "thư mục xuất {} không được chứa thư mục trang",
                output.display()
            )));
        }
        // Index: the tantivy index in a staging folder, and its browser export.
        let index_dir = opts.index.clone().unwrap_or_else(|| self.index_dir());
        let _lock = search::write_lock();
        let index_staging = Staging::new(&index_dir)?;
        let search_files = search::build(
            index_staging.dir(),
            &self.content,
            &compiled.docs,
            &compiled.graph,
        )?;
        search::keep_readme(&index_dir, index_staging.dir())?;
        compiled.timings.lap("index");
        let staging = Staging::new(&output)?;
        staging.write_all(&compiled.files)?;
        staging.write_all(&search_files)?;
        staging.commit()?;
        index_staging.commit()?;
        compiled.timings.lap("write");
        Ok(BuildReport {
            timings: compiled.timings.clone(),
            output,
            documents: self.content.documents.len(),
            pages: self.content.pages.len(),
            files: compiled.files.len() + search_files.len(),
            records: compiled.docs.iter().map(|d| d.records.len()).sum(),
            warnings: compiled.warnings,
        })
    }

    /// Every validation of the build, writing nothing.
    pub fn check(&self, opts: &BuildOptions) -> Result<Vec<Diagnostic>> {
        self.compile(opts).map(|c| c.warnings)
    }
}
