//! The site: one type that owns the configuration and the content, and runs
//! the pipeline's stages in order, each a function from one named value to
//! the next (see `docs/pipeline.md`): load ([`Site::load`] → [`Site`]), link
//! ([`Site::link`] → [`Linked`]), render ([`Site::render`], into a
//! [`Sink`]), index (search records → the tantivy index and its browser
//! export), write (`Site::write`, shared by a build and `vanban serve`'s
//! rebuild).

mod link;

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, Content};
use crate::date::Date;
use crate::error::{Diagnostic, Result};
use crate::incremental::{self, BuildCache, Rebuilt};
use crate::legal::number::DocNumber;
use crate::legal::status::Status;
use crate::link::linked::Linked;
use crate::link::reference::Quote;
use crate::markdown::Rendered;
use crate::output::{guard, Collect, Discard, Hashed, Sink, Staging};
use crate::render::{notes, quotes, taxonomy::Taxonomies, SiteView, Theme};
use crate::search;

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

    /// The configuration with the options' overrides.
    fn config_for(&self, opts: &BuildOptions) -> Config {
        let mut config = self.config.clone();
        if let Some(base) = &opts.base_url {
            config.base_url = if base.ends_with('/') {
                base.clone()
            } else {
                format!("{base}/")
            };
        }
        config
    }

    /// The theme of the site (templates, static files, wording).
    pub fn theme(&self, opts: &BuildOptions) -> Result<Theme> {
        Theme::load(&self.root, &self.config_for(opts).theme)
    }

    /// Links and renders the site, writing nothing: every output file but
    /// the search export, in path order. Fails with every error found.
    pub fn compile(&self, opts: &BuildOptions) -> Result<Vec<(String, Vec<u8>)>> {
        let linked = self.link(opts, None, &mut Timings::default())?;
        let files = Collect::default();
        let theme = self.theme(opts)?;
        self.render(opts, &linked, &theme, &Hashed::new(&files))?;
        Ok(files.into_files())
    }

    /// The render stage: every page and the files made beside them (static
    /// files, sitemap, feed, task exports, web app files) into `sink`.
    pub fn render(
        &self,
        opts: &BuildOptions,
        linked: &Linked,
        theme: &Theme,
        sink: &Hashed<'_>,
    ) -> Result<()> {
        let config = self.config_for(opts);
        let bodies: Vec<&Rendered> = linked.docs.iter().map(|d| &d.body).collect();
        let find =
            |n: &str| DocNumber::parse(n).and_then(|n| linked.graph.by_key.get(&n.key()).copied());
        let sources = quotes::Sources {
            docs: &self.content.documents,
            wording: &theme.wording,
            find: &find,
            status: &linked.graph.status,
            as_of: linked.as_of,
            offline: opts.offline,
        };
        let doc_quotes: Vec<&[Quote]> = linked.docs.iter().map(|d| d.quotes.as_slice()).collect();
        let pages: Vec<&Rendered> = linked.pages.iter().collect();
        let page_quotes: Vec<&[Quote]> = linked.page_quotes.iter().map(Vec::as_slice).collect();
        let page_urls: Vec<&str> = self.content.pages.iter().map(|p| p.url.as_str()).collect();
        let (quoted_docs, quoted_pages) = quotes::fill(
            &sources,
            &bodies,
            &doc_quotes,
            &pages,
            &page_quotes,
            &page_urls,
        );
        let notes = notes::notes(
            &linked.amended,
            &self.content.documents,
            &bodies,
            opts.offline,
            linked.as_of,
            &theme.wording.amendment,
        );
        let taxonomies = Taxonomies::build(&self.content, &linked.graph, &theme.wording);
        let view = SiteView {
            config: &config,
            content: &self.content,
            docs: &linked.docs,
            pages: &linked.pages,
            graph: &linked.graph,
            taxonomies: &taxonomies,
            registry: &linked.registry,
            notes: &notes,
            quoted_docs: &quoted_docs,
            quoted_pages: &quoted_pages,
            offline: opts.offline,
            live_reload: opts.live_reload,
        };
        view.render_site(theme, sink, linked.as_of)
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
        let index_dir = self.index_dir(opts);
        guard::check_build(&self.root, &output, &index_dir)?;
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
        let mut timings = Timings::default();
        let mut linked = self.link(opts, Some(cache), &mut timings)?;
        let mut done = Rebuilt {
            rendered: linked.parsed,
            ..Rebuilt::default()
        };
        let theme = self.theme(opts)?;
        let records = search::index::records(&self.content, &mut linked.docs, &linked.graph);
        // The export holds the theme's names of the statuses too.
        let records_hash = incremental::hash_of((&records, status_names(&theme)));
        let _lock = search::write_lock();
        // The index is made again only when a search record changed.
        let index_staging = if cache.same_records(records_hash) {
            None
        } else {
            Some(Staging::new(&index_dir)?)
        };
        let changes = cache.changes(&output);
        let sink = Hashed::new(&changes);
        let index = index_staging.as_ref().map(|s| s.dir());
        self.write(
            opts,
            (&mut linked, &theme),
            &records,
            &sink,
            index,
            &mut timings,
        )?;
        drop(sink);
        cache.write_changes(changes, index.is_none(), records_hash, &mut done)?;
        if let Some(staging) = index_staging {
            search::keep_readme(&index_dir, staging.dir())?;
            staging.commit()?;
            done.indexed = true;
        }
        timings.lap("write");
        let report = self.report(linked, timings, output, done.written);
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
        let mut timings = Timings::default();
        let mut linked = self.link(opts, cache.as_deref_mut(), &mut timings)?;
        let theme = self.theme(opts)?;
        let records = search::index::records(&self.content, &mut linked.docs, &linked.graph);
        let _lock = search::write_lock();
        let index_staging = Staging::new(&index_dir)?;
        let staging = Staging::reusing(&output)?;
        let sink = Hashed::new(&staging);
        self.write(
            opts,
            (&mut linked, &theme),
            &records,
            &sink,
            Some(index_staging.dir()),
            &mut timings,
        )?;
        search::keep_readme(&index_dir, index_staging.dir())?;
        let hashes = sink.hashes();
        let files = hashes.len();
        staging.commit()?;
        index_staging.commit()?;
        timings.lap("write");
        if let Some(cache) = cache {
            let records_hash = incremental::hash_of((&records, status_names(&theme)));
            cache.wrote_all(&output, hashes, records_hash);
        }
        drop_later(records);
        Ok(self.report(linked, timings, output, files))
    }

    /// What `build` and `serve`'s rebuild share after the link stage: the
    /// pages rendered into `sink`, then the tantivy index made into `index`
    /// (kept as it is when `None`) and its browser export into `sink`.
    fn write(
        &self,
        opts: &BuildOptions,
        (linked, theme): (&mut Linked, &Theme),
        records: &std::sync::Arc<[search::SearchRecord]>,
        sink: &Hashed<'_>,
        index: Option<&Path>,
        timings: &mut Timings,
    ) -> Result<()> {
        let statuses = status_names(theme);
        // Rendering keeps both cores busy and hands pages on as they are
        // made; then the bodies' memory goes to the index, made while the
        // record packs are compressed and written.
        self.render(opts, linked, theme, sink)?;
        linked.free_bodies();
        timings.lap("render");
        let Some(dir) = index else {
            return Ok(());
        };
        let (packs, built) = std::thread::scope(|scope| {
            let writer = scope.spawn(|| -> Result<_> {
                let mut packs = search::export::record_packs(records);
                sink.put(&packs.files)?;
                packs.files = Vec::new();
                Ok(packs)
            });
            let built = search::build_index(dir, records, &statuses);
            (writer.join(), built)
        });
        let packs = packs.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        sink.put(&search::export::finish(built?, &packs))?;
        timings.lap("index");
        Ok(())
    }

    fn report(
        &self,
        linked: Linked,
        timings: Timings,
        output: PathBuf,
        files: usize,
    ) -> BuildReport {
        let records = linked.docs.iter().map(|d| d.body.records.len()).sum();
        let warnings = linked.warnings.clone();
        drop_later(linked);
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
        let linked = self.link(opts, None, &mut Timings::default())?;
        let theme = self.theme(opts)?;
        self.render(opts, &linked, &theme, &Hashed::new(&Discard))?;
        Ok(linked.warnings)
    }
}

/// The theme's name of each status, in the order of `Status::ALL`.
fn status_names(theme: &Theme) -> Vec<String> {
    Status::ALL
        .iter()
        .map(|s| theme.wording.status(*s).to_string())
        .collect()
}

/// Drops `value` on a thread of its own: freeing the hundreds of megabytes
/// of a large build (pages, parsed bodies, search records) takes a moment
/// that nothing needs to wait for.
fn drop_later<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}
