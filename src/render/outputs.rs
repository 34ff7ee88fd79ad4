//! The render stage's outputs: every page, and the files made from them or
//! beside them (static files, sitemap, feed, task exports, the web app
//! files), handed to a sink as they are made.

use std::sync::Mutex;

use rayon::prelude::*;

use super::{exports, feeds, pwa, SiteView, Theme};
use crate::date::Date;
use crate::error::{Diagnostic, Error, Result};
use crate::markdown;
use crate::output::{Hashed, Sink};

/// Pages rendered before they are handed on: enough to keep both cores
/// busy and the writes batched, few enough that a large hub's pages are
/// never all in memory at once.
const BATCH: usize = 64;

impl SiteView<'_> {
    /// Renders the whole site into `sink`. Fails with every template error
    /// found (after rendering every page); files already handed on are the
    /// sink's to drop.
    pub fn render_site(&self, theme: &Theme, sink: &Hashed<'_>, as_of: Date) -> Result<()> {
        let paths = self.render_pages(theme, sink)?;
        let mut files: Vec<(String, Vec<u8>)> = theme.static_files.clone();
        files.push((
            "static/highlight.css".into(),
            markdown::highlight::stylesheet().into_bytes(),
        ));
        files.push((
            "sitemap.xml".into(),
            feeds::sitemap(&self.config.base_url, &paths).into_bytes(),
        ));
        files.push((
            "atom.xml".into(),
            feeds::atom(
                &self.config.base_url,
                &self.config.title,
                self.content,
                &self.graph.status,
                &theme.wording,
            )
            .into_bytes(),
        ));
        files.push((
            "robots.txt".into(),
            feeds::robots(&self.config.base_url).into_bytes(),
        ));
        files.extend(self.task_exports(theme, as_of)?);
        sink.put(&files)?;
        // Portal visitors: installable, readable offline after a visit.
        // Not in offline builds: opened from disk, they need neither.
        if !self.offline {
            sink.put(&pwa::files(self.config, &sink.hashes()))?;
        }
        Ok(())
    }

    /// Every page, in batches rendered in parallel. Returns the folders of
    /// the pages (`dao-tao/bai-1/`), sorted, for the sitemap.
    fn render_pages(&self, theme: &Theme, sink: &dyn Sink) -> Result<Vec<String>> {
        let docs = self.content.documents.len();
        let pages = self.content.pages.len();
        // Errors by the place of their batch, reported in page order.
        let errors: Mutex<Vec<(usize, Vec<Diagnostic>)>> = Mutex::new(Vec::new());
        let paths: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let hand_on = |place: usize, jobs: Vec<Result<(String, Vec<u8>)>>| -> Result<()> {
            let mut files = Vec::with_capacity(jobs.len());
            let mut found = Vec::new();
            for job in jobs {
                match job {
                    Ok(file) => files.push(file),
                    Err(Error::Invalid(mut d)) => found.append(&mut d),
                    Err(e) => return Err(e),
                }
            }
            if !found.is_empty() {
                errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push((place, found));
            }
            let folders = files
                .iter()
                .filter(|(p, _)| p.ends_with("index.html"))
                .map(|(p, _)| p.trim_end_matches("index.html").to_string());
            paths
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .extend(folders);
            sink.put(&files)
        };
        (0..docs + pages)
            .into_par_iter()
            .chunks(BATCH)
            .try_for_each(|batch| {
                let place = batch.first().copied().unwrap_or_default();
                let jobs = batch
                    .into_iter()
                    .map(|k| match k.checked_sub(docs) {
                        None => self.document(theme, k),
                        Some(j) => self.page(theme, j),
                    })
                    .collect();
                hand_on(place, jobs)
            })?;
        let mut rest = Vec::new();
        if !self.content.pages.iter().any(|p| p.url.is_empty()) {
            rest.push(self.default_home(theme));
        }
        rest.push(self.not_found(theme));
        rest.push(self.search_page(theme));
        if !self.registry.tasks.is_empty() {
            rest.extend(self.registry_pages(theme));
        }
        rest.extend(self.taxonomies.render(self, theme));
        hand_on(docs + pages, rest)?;
        let mut errors = errors.into_inner().unwrap_or_else(|e| e.into_inner());
        if !errors.is_empty() {
            errors.sort_by_key(|(place, _)| *place);
            return Err(Error::Invalid(
                errors.into_iter().flat_map(|(_, d)| d).collect(),
            ));
        }
        let mut paths = paths.into_inner().unwrap_or_else(|e| e.into_inner());
        paths.sort();
        Ok(paths)
    }

    /// The obligations registry for other tools: `tasks-all.json` holds
    /// every entry; `tasks.json`, `.csv` and `.ics` the assignments.
    fn task_exports(&self, theme: &Theme, as_of: Date) -> Result<Vec<(String, Vec<u8>)>> {
        if self.registry.tasks.is_empty() {
            return Ok(Vec::new());
        }
        let wording = &theme.wording;
        let all = exports::records(
            self.registry,
            self.content,
            &self.graph.status,
            as_of,
            wording,
        );
        let mut files = vec![("nhiem-vu/tasks-all.json".to_string(), json(&all)?)];
        let records: Vec<_> = all.into_iter().filter(|r| r.kind.is_assignment()).collect();
        files.push(("nhiem-vu/tasks.json".into(), json(&records)?));
        files.push((
            "nhiem-vu/tasks.csv".into(),
            exports::csv(&records, wording).into_bytes(),
        ));
        files.push((
            "nhiem-vu/tasks.ics".into(),
            exports::ics(&records, &self.config.base_url, as_of, wording).into_bytes(),
        ));
        Ok(files)
    }
}

fn json(value: &impl serde::Serialize) -> Result<Vec<u8>> {
    serde_json::to_string_pretty(value)
        .map(String::into_bytes)
        .map_err(|e| Error::Usage(e.to_string()))
}
