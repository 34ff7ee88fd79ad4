//! The site: one type that owns the configuration and the content, and runs
//! the pipeline's stages in order (load → graph → link → render → index → write;
//! the link stage parses each body once and checks cited provisions after).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content};
use crate::date::Date;
use crate::error::{fail_on_errors_by_stage, Diagnostic, Error, Result};
use crate::incremental::{self, BuildCache, Rebuilt};
use crate::link::amendments;
use crate::link::graph::{self, Graph};
use crate::link::hub::{Hub, PageLinks};
use crate::link::quote::fill_quotes;
use crate::link::reference::{CitedBy, Reference, Unresolved, UnresolvedReason};
use crate::link::tasks::Registry;
use crate::link::verify::{self, Outcome, PageRefs, Provisions};
use crate::markdown::{self, Rendered};
use crate::output::{guard, Staging};
use crate::render::{exports, feeds, taxonomy::Taxonomies, SiteView, Theme};
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
    /// Bodies parsed and linked by this build (not taken from a cache).
    pub rendered: usize,
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
    pub fn index_dir(&self, opts: &BuildOptions) -> PathBuf {
        opts.index
            .clone()
            .unwrap_or_else(|| self.root.join(&self.config.index_dir))
    }

    /// Runs every stage but writing. Fails with every error found.
    pub fn compile(&self, opts: &BuildOptions) -> Result<Compiled> {
        self.compile_with(opts, None)
    }

    /// [`Site::compile`], reusing the bodies `cache` rendered before when
    /// their inputs are the same, and remembering this build's.
    pub fn compile_with(
        &self,
        opts: &BuildOptions,
        cache: Option<&mut BuildCache>,
    ) -> Result<Compiled> {
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
        // By stage: what failed to load explains what cannot be linked.
        let mut loaded = self.load_diagnostics.clone();
        if self.content.documents.is_empty() && self.content.pages.is_empty() && !config.allow_empty
        {
            loaded.push(
                Diagnostic::error(
                    "content",
                    crate::error::Position::FILE,
                    "content/ không có trang nào: dựng bây giờ sẽ thay trang đã có bằng một trang trống",
                )
                .with_hint("thêm tệp .md vào content/, hoặc đặt allow_empty = true trong vanban.toml nếu muốn dựng trang trống"),
            );
        }
        let as_of = opts.as_of.unwrap_or_else(Date::today);
        let (graph, graph_diags) = graph::build(&self.content.documents, as_of);
        let mut diags = Vec::new();

        timings.lap("graph");
        // Parse and link: every body once, resolving references against the
        // hub; citations of provisions are checked when all are rendered.
        let hub = Hub::new(&self.content.documents, &graph);
        let (linked_docs, linked_pages, rendered_now) =
            self.link_bodies(&hub, &graph, opts.offline, cache);
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
        let (amended, mut amendment_diags) =
            amendments::resolve(&self.content.documents, |n| hub.find(n), &provisions);
        diags.append(&mut amendment_diags);
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
        let mut to_do = citation_report(&unresolved);
        let doc_refs: Vec<Vec<Reference>> = doc_refs.into_iter().map(|r| r.refs).collect();
        let page_refs: Vec<Vec<Reference>> = page_refs.into_iter().map(|r| r.refs).collect();
        let all_refs: Vec<&[Reference]> = doc_refs
            .iter()
            .chain(&page_refs)
            .map(Vec::as_slice)
            .collect();
        to_do.extend(amendments::unknown_report(
            &self.content.documents,
            &docs,
            &all_refs,
            &amended,
        ));
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
        let mut warnings = fail_on_errors_by_stage(vec![loaded, graph_diags, diags])?;
        warnings.extend(to_do);

        timings.lap("link");
        // Render.
        let theme = Theme::load(&self.root, &config.theme)?;
        amendments::annotate(
            &amended,
            &self.content.documents,
            &mut docs,
            opts.offline,
            as_of,
            &theme.wording.amendment,
        );
        let taxonomies = Taxonomies::build(&self.content, &graph, &theme.wording);
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
            feeds::atom(
                &config.base_url,
                &config.title,
                &self.content,
                &graph.status,
                &theme.wording,
            )
            .into_bytes(),
        ));
        files.push((
            "robots.txt".into(),
            feeds::robots(&config.base_url).into_bytes(),
        ));
        if !registry.tasks.is_empty() {
            // The exports hold the assignments; tasks-all.json every entry.
            let all = exports::records(
                &registry,
                &self.content,
                &graph.status,
                as_of,
                &theme.wording,
            );
            let json =
                serde_json::to_string_pretty(&all).map_err(|e| Error::Usage(e.to_string()))?;
            files.push(("nhiem-vu/tasks-all.json".into(), json.into_bytes()));
            let records: Vec<_> = all.into_iter().filter(|r| r.kind.is_assignment()).collect();
            let json =
                serde_json::to_string_pretty(&records).map_err(|e| Error::Usage(e.to_string()))?;
            files.push(("nhiem-vu/tasks.json".into(), json.into_bytes()));
            files.push((
                "nhiem-vu/tasks.csv".into(),
                exports::csv(&records, &theme.wording).into_bytes(),
            ));
            files.push((
                "nhiem-vu/tasks.ics".into(),
                exports::ics(&records, &config.base_url, as_of, &theme.wording).into_bytes(),
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
            rendered: rendered_now,
            timings,
            files,
            docs,
            graph,
            warnings,
        })
    }

    /// Parses and links every body against the hub: documents, then pages.
    /// With a cache, a body whose inputs did not change is taken from it.
    /// Also returns how many bodies were parsed.
    fn link_bodies(
        &self,
        hub: &Hub<'_>,
        graph: &Graph,
        offline: bool,
        cache: Option<&mut BuildCache>,
    ) -> (Vec<Linked>, Vec<Linked>, usize) {
        let fingerprint = cache
            .as_ref()
            .map(|_| incremental::hub_fingerprint(&self.content.documents, graph, offline));
        // A body's key: its text, its place, and what it reads of the others.
        let key = |kind: u8, i: usize, body: &str, url: &str| {
            fingerprint.map(|f| incremental::hash_of((f, kind, i, body, url)))
        };
        let cached = cache.as_deref();
        let link = |path: &Path, key: Option<u64>, render: &dyn Fn() -> Linked| -> (Linked, bool) {
            match key.and_then(|k| cached.and_then(|c| c.linked(path, k))) {
                Some(hit) => (hit, false),
                None => (render(), true),
            }
        };
        let linked_docs: Vec<(Linked, bool)> = self
            .content
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                link(&d.src.path, key(0, i, d.src.body(), &d.url), &|| {
                    let links = PageLinks::new(hub, &d.url, offline, Some(i));
                    let rendered = markdown::render(d.src.body(), true, &links);
                    (rendered, links.into_references())
                })
            })
            .collect();
        let linked_pages: Vec<(Linked, bool)> = self
            .content
            .pages
            .par_iter()
            .enumerate()
            .map(|(j, p)| {
                link(&p.src.path, key(1, j, p.src.body(), &p.url), &|| {
                    let links = PageLinks::new(hub, &p.url, offline, None);
                    let rendered = markdown::render(p.src.body(), false, &links);
                    (rendered, links.into_references())
                })
            })
            .collect();
        let rendered_now = linked_docs
            .iter()
            .chain(&linked_pages)
            .filter(|(_, fresh)| *fresh)
            .count();
        if let Some(cache) = cache {
            let docs = self
                .content
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (0, i, &d.src, &d.url));
            let pages = self
                .content
                .pages
                .iter()
                .enumerate()
                .map(|(j, p)| (1, j, &p.src, &p.url));
            let keep = docs
                .chain(pages)
                .zip(linked_docs.iter().chain(&linked_pages))
                .filter_map(|((kind, i, src, url), ((r, refs), _))| {
                    key(kind, i, src.body(), url)
                        .map(|k| (src.path.clone(), k, r.clone(), refs.clone()))
                })
                .collect();
            cache.keep_linked(keep);
        }
        let linked_docs: Vec<Linked> = linked_docs.into_iter().map(|(l, _)| l).collect();
        let linked_pages: Vec<Linked> = linked_pages.into_iter().map(|(l, _)| l).collect();
        (linked_docs, linked_pages, rendered_now)
    }

    /// Builds the site into a staging folder and swaps it in.
    pub fn build(&self, opts: &BuildOptions) -> Result<BuildReport> {
        self.build_with(opts, None)
    }

    /// A build for `vanban serve`: the first one, or one into a folder the
    /// cache does not know, is a full [`Site::build`]; after that, only what
    /// changed is rendered, indexed and written (see [`crate::incremental`]).
    pub fn rebuild(
        &self,
        opts: &BuildOptions,
        cache: &mut BuildCache,
    ) -> Result<(BuildReport, Rebuilt)> {
        let output = self.output_dir(opts);
        guard::check_build(&self.root, &output, &self.index_dir(opts))?;
        if !cache.knows(&output) {
            let report = self.build_with(opts, Some(cache))?;
            let done = Rebuilt {
                rendered: self.content.documents.len() + self.content.pages.len(),
                written: report.files,
                removed: 0,
                indexed: true,
            };
            return Ok((report, done));
        }
        let mut compiled = self.compile_with(opts, Some(cache))?;
        let mut done = Rebuilt {
            rendered: compiled.rendered,
            ..Rebuilt::default()
        };
        let records = search::index::records(&self.content, &mut compiled.docs, &compiled.graph);
        let records_hash = incremental::hash_of(&records);
        let _lock = search::write_lock();
        let mut index_staging = None;
        let search_files = if cache.same_records(records_hash) {
            None
        } else {
            let index_dir = self.index_dir(opts);
            let staging = Staging::new(&index_dir)?;
            let files = search::build_records(staging.dir(), &records)?;
            search::keep_readme(&index_dir, staging.dir())?;
            index_staging = Some(staging);
            done.indexed = true;
            Some(files)
        };
        compiled.timings.lap("index");
        cache.write_changes(
            &output,
            &compiled.files,
            search_files.as_deref(),
            records_hash,
            &mut done,
        )?;
        if let Some(staging) = index_staging {
            staging.commit()?;
        }
        compiled.timings.lap("write");
        let report = self.report(compiled, output, done.written);
        Ok((report, done))
    }

    fn build_with(
        &self,
        opts: &BuildOptions,
        mut cache: Option<&mut BuildCache>,
    ) -> Result<BuildReport> {
        let output = self.output_dir(opts);
        let index_dir = self.index_dir(opts);
        guard::check_build(&self.root, &output, &index_dir)?;
        let mut compiled = self.compile_with(opts, cache.as_deref_mut())?;
        // Index: the tantivy index in a staging folder, and its browser export.
        let _lock = search::write_lock();
        let index_staging = Staging::new(&index_dir)?;
        let records = search::index::records(&self.content, &mut compiled.docs, &compiled.graph);
        // The bodies are in the pages by now: freed where they were made,
        // their memory goes to the index instead of fresh pages.
        compiled.docs.par_iter_mut().for_each(|d| {
            d.html = String::new();
            d.anchors = Vec::new();
            d.toc = Vec::new();
        });
        let staging = Staging::reusing(&output)?;
        // The pages and the search records do not depend on the index: they
        // are written while it is made (writing many files is mostly the
        // kernel's work, indexing mostly one thread's). Once written, they
        // are only needed again by a cache: without one, their memory goes
        // back to the index being made.
        let pages = std::mem::take(&mut compiled.files);
        let page_count = pages.len();
        let keep = cache.is_some();
        let (written, index) = std::thread::scope(|scope| {
            let writer = scope.spawn(|| -> Result<_> {
                staging.write_all(&pages)?;
                let pages = if keep { pages } else { Vec::new() };
                let mut packs = search::export::record_packs(&records);
                staging.write_all(&packs.files)?;
                let count = packs.files.len();
                if !keep {
                    packs.files = Vec::new();
                }
                Ok((pages, packs, count))
            });
            let index = search::build_index(index_staging.dir(), &records);
            (writer.join(), index)
        });
        let (pages, mut packs, record_count) =
            written.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        compiled.files = pages;
        let index_files = search::export::finish(index?, &packs);
        search::keep_readme(&index_dir, index_staging.dir())?;
        compiled.timings.lap("index");
        staging.write_all(&index_files)?;
        let files = page_count + index_files.len() + record_count;
        let mut search_files = index_files;
        search_files.append(&mut packs.files);
        staging.commit()?;
        index_staging.commit()?;
        if let Some(cache) = cache {
            let all: Vec<&(String, Vec<u8>)> = compiled.files.iter().chain(&search_files).collect();
            cache.wrote_all(&output, &all, incremental::hash_of(&records));
        }
        compiled.timings.lap("write");
        drop_later((records, search_files));
        Ok(self.report(compiled, output, files))
    }

    fn report(&self, compiled: Compiled, output: PathBuf, files: usize) -> BuildReport {
        let records = compiled.docs.iter().map(|d| d.records.len()).sum();
        let Compiled {
            timings,
            warnings,
            files: pages,
            docs,
            graph,
            ..
        } = compiled;
        drop_later((pages, docs, graph));
        BuildReport {
            timings,
            output,
            documents: self.content.documents.len(),
            pages: self.content.pages.len(),
            files,
            records,
            warnings,
        }
    }

    /// Every validation of the build, writing nothing.
    pub fn check(&self, opts: &BuildOptions) -> Result<Vec<Diagnostic>> {
        self.compile(opts).map(|c| c.warnings)
    }
}

/// Drops `value` on a thread of its own: freeing the hundreds of megabytes
/// of a large build (pages, parsed bodies, search records) takes a moment
/// that nothing needs to wait for.
fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}
