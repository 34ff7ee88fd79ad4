//! Searching the tantivy index: what `vanban search` runs.
//!
//! The index is read at the level of postings: for every list of the query
//! [`Plan`] the term's postings (record, term frequency) and the field norms
//! are read from tantivy, and [`ranking`] turns them into scores, exhaustively
//! (every matching record is scored). Filters are tantivy facet queries.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Serialize;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocSet, Index, IndexReader, Postings, ReloadPolicy, Searcher, TantivyDocument, Term,
};

use super::ranking::{self, ListField, Plan};
use super::schema::{self, Fields, FLAG_DOCUMENT, FLAG_EXPIRED};
use super::{analyzer, guard, named};
use crate::error::{Error, Result};
use crate::legal::kind::Kind;
use crate::legal::status::Status;
use crate::text::slugify;

/// How to search.
#[derive(Debug, Clone)]
pub struct SearchOptions {
    pub limit: usize,
    /// Kind name or slug (`Luật`, `luat`).
    pub kind: Option<String>,
    /// Issuer name, with or without diacritics.
    pub issuer: Option<String>,
    /// Only documents in force, wholly or in part, or possibly ended (see
    /// [`Status::kept_by_in_force_filter`]).
    pub in_force: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            kind: None,
            issuer: None,
            in_force: false,
        }
    }
}

/// One result.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    pub number: String,
    /// Breadcrumb title: "Luật An toàn thông tin mạng › Chương I › Điều 3. …".
    pub title: String,
    /// Site-relative URL of the document page.
    pub url: String,
    /// Provision id, `""` for the whole document.
    pub anchor: String,
    /// The document's status slug as of the build (`con-hieu-luc`).
    pub status: String,
    pub score: f64,
    /// HTML: the best passage, escaped, matches in `<mark>`.
    pub snippet: String,
    #[serde(skip)]
    pub record: u64,
    #[serde(skip)]
    pub passage: Vec<(String, bool)>,
}

/// An opened index.
///
/// Opening and searching run under [`guard::guarded`]: a damaged index is
/// [`Error::CorruptIndex`], never a panic.
pub struct Searchable {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    /// Where the index is, for error messages.
    dir: PathBuf,
}

impl Searchable {
    /// Opens the index in `dir`; a clear error when there is none.
    pub fn open(dir: &Path) -> Result<Searchable> {
        if !dir.join("meta.json").is_file() {
            return Err(Error::Usage(format!(
                "chưa có chỉ mục tìm kiếm ở {}; hãy chạy `vanban build` trước",
                dir.display()
            )));
        }
        guard::guarded(dir, || {
            let index = Index::open_in_dir(dir).map_err(|e| guard::read_error(dir, e))?;
            Searchable::new(index, dir)
        })
    }

    /// Wraps an index opened by the caller (`vanban serve` opens it without
    /// writing a lock file); `dir` is where it is.
    pub fn from_index(index: Index, dir: &Path) -> Result<Searchable> {
        guard::guarded(dir, || Searchable::new(index, dir))
    }

    fn new(index: Index, dir: &Path) -> Result<Searchable> {
        schema::register_tokenizers(&index);
        let fields = schema::fields_of(&index.schema()).map_err(|e| {
            Error::CorruptIndex(format!(
                "{}: không đúng định dạng của vanban: {e}",
                dir.display()
            ))
        })?;
        // Manual: no thread watching meta.json. A build swaps a new index
        // in whole and the server opens it again; a watcher thread would
        // also read the files outside the guard.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|e| guard::read_error(dir, e))?;
        // Making the reader opens every segment's files: one missing or cut
        // short is found here, inside the guard.
        Ok(Searchable {
            index,
            reader,
            fields,
            dir: dir.to_path_buf(),
        })
    }

    /// A tantivy error while reading this index.
    fn damaged<E: Into<tantivy::TantivyError>>(&self) -> impl Fn(E) -> Error + '_ {
        move |e| guard::read_error(&self.dir, e.into())
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn fields(&self) -> &Fields {
        &self.fields
    }

    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    /// The tantivy field of a list field.
    pub fn list_field(&self, f: ListField) -> Field {
        match f {
            ListField::Folded => self.fields.folded,
            ListField::Exact => self.fields.exact,
            ListField::Pair => self.fields.pair,
            ListField::Title => self.fields.title,
        }
    }

    /// The mean length of a field over all records.
    pub fn avg_len(&self, searcher: &Searcher, field: Field) -> Result<f64> {
        let mut total = 0u64;
        for seg in searcher.segment_readers() {
            total += seg
                .inverted_index(field)
                .map_err(self.damaged())?
                .total_num_tokens();
        }
        Ok(ranking::avg_len(total, searcher.num_docs()))
    }

    /// Searches. Errors: empty or term-less query, unknown kind, a damaged
    /// index.
    pub fn search(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>> {
        guard::guarded(&self.dir, || self.search_unguarded(query, opts))
    }

    fn search_unguarded(&self, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>> {
        if query.trim().is_empty() {
            return Err(Error::Usage("câu tìm kiếm trống".into()));
        }
        let searcher = self.searcher();
        let number = |t: &str| Term::from_field_text(self.fields.number, t);
        // The documents each number names: those holding all its terms.
        let mut numbered: Vec<Vec<Posting>> = Vec::new();
        for group in named::numbers(query) {
            let mut matched: Option<HashMap<u64, Posting>> = None;
            for t in &group {
                let mut found = HashMap::new();
                self.for_postings(&searcher, self.fields.number, &number(t), |p| {
                    found.insert(p.rec, p);
                })?;
                matched = Some(match matched {
                    None => found,
                    Some(m) => m
                        .into_iter()
                        .filter(|(r, _)| found.contains_key(r))
                        .collect(),
                });
            }
            let mut docs: Vec<Posting> = matched.unwrap_or_default().into_values().collect();
            docs.sort_by_key(|p| p.rec);
            numbered.push(docs);
        }
        let mut terms = Vec::new();
        let recs: Vec<u64> = numbered.iter().flatten().map(|p| p.rec).collect();
        for addr in self.addresses(&searcher, recs)?.into_values() {
            let d: TantivyDocument = searcher.doc(addr).map_err(self.damaged())?;
            let printed = d.get_first(self.fields.doc_number).and_then(|v| v.as_str());
            terms.extend(analyzer::number_terms(printed.unwrap_or_default()));
        }
        let reading = named::read(
            query,
            |key| searcher.doc_freq(&number(key)).is_ok_and(|df| df > 0),
            &terms,
        );
        let plan = Plan::read(query, &reading);
        if plan.is_empty() && reading.names.is_empty() {
            return Err(Error::Usage(format!(
                "câu tìm kiếm \"{query}\" không có chữ hoặc số nào để tìm"
            )));
        }
        let allowed = self.filter(opts)?;
        let n = searcher.num_docs();
        let lists = plan.lists.len();
        let mut acc = Accumulator::new(n as usize, lists);
        for (i, list) in plan.lists.iter().enumerate() {
            let field = self.list_field(list.field);
            let term = Term::from_field_text(field, &list.term);
            let df = searcher.doc_freq(&term).map_err(self.damaged())?;
            if df == 0 {
                continue;
            }
            let idf = ranking::idf(n, df);
            let avg = self.avg_len(&searcher, field)?;
            self.for_postings(&searcher, field, &term, |p| {
                let doc = p.flags & FLAG_DOCUMENT != 0;
                let c = ranking::contribution(
                    ranking::list_weight(list.field, doc),
                    idf,
                    p.tf,
                    p.len,
                    avg,
                );
                let slot = acc.slot(&p);
                acc.contributions[slot * lists + i] = c;
            })?;
        }
        // The documents named, and how many times: number groups whose
        // terms are all in a document's number field, and names.
        let mut named: HashMap<u64, u32> = HashMap::new();
        for p in numbered.iter().flatten() {
            acc.slot(p);
            *named.entry(p.doc).or_default() += 1;
        }
        for name in &reading.names {
            self.for_postings(&searcher, self.fields.number, &number(name), |p| {
                acc.slot(&p);
                *named.entry(p.doc).or_default() += 1;
            })?;
        }
        // The articles cited, in the documents named: record → provision id.
        let mut cited: HashMap<u64, &str> = HashMap::new();
        let ids: Vec<Vec<String>> = reading.cited.iter().map(named::Cited::ids).collect();
        for id in ids.iter().flatten() {
            let term = number(&named::article_term(id));
            self.for_postings(&searcher, self.fields.number, &term, |p| {
                if named.contains_key(&p.doc) {
                    acc.slot(&p);
                    cited.entry(p.rec).or_insert(id);
                }
            })?;
        }
        let within = reading.rest.is_some();
        let mut scored: Vec<(f64, u64)> = (0..acc.recs.len())
            .filter(|&s| allowed.as_ref().is_none_or(|a| a.contains(&acc.recs[s])))
            .map(|s| {
                let c = &acc.contributions[s * lists..(s + 1) * lists];
                let flags = acc.flags[s];
                let units = ranking::units(
                    named.get(&acc.docs[s]).copied().unwrap_or(0),
                    flags & FLAG_DOCUMENT != 0,
                    within,
                    c.iter().any(|&x| x > 0.0),
                    cited.contains_key(&acc.recs[s]),
                );
                let expired = flags & FLAG_EXPIRED != 0;
                (ranking::score(c, units, expired), acc.recs[s])
            })
            .filter(|(s, _)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(opts.limit);
        let addresses = self.addresses(&searcher, scored.iter().map(|s| s.1).collect())?;
        scored
            .into_iter()
            .map(|(score, rec)| {
                let addr = addresses.get(&rec).copied().ok_or_else(|| {
                    Error::CorruptIndex(format!(
                        "{}: bản ghi {rec} không có trong chỉ mục",
                        self.dir.display()
                    ))
                })?;
                let d: TantivyDocument = searcher.doc(addr).map_err(self.damaged())?;
                let text = |f: Field| {
                    d.get_first(f)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                        .to_string()
                };
                let passage = passage(&text(self.fields.text), &plan.highlight, SNIPPET_SYLLABLES);
                let anchor = match cited.get(&rec) {
                    Some(a) => a.to_string(),
                    None => text(self.fields.anchor),
                };
                Ok(Hit {
                    number: text(self.fields.doc_number),
                    title: text(self.fields.heading),
                    url: text(self.fields.url),
                    anchor,
                    status: text(self.fields.status),
                    score,
                    snippet: passage_html(&passage),
                    record: rec,
                    passage,
                })
            })
            .collect()
    }

    /// Calls `f` with every posting of a term.
    pub fn for_postings(
        &self,
        searcher: &Searcher,
        field: Field,
        term: &Term,
        mut f: impl FnMut(Posting),
    ) -> Result<()> {
        for seg in searcher.segment_readers() {
            let inverted = seg.inverted_index(field).map_err(self.damaged())?;
            let Some(mut postings) = inverted
                .read_postings(term, IndexRecordOption::WithFreqs)
                .map_err(self.damaged())?
            else {
                continue;
            };
            let norms = seg.get_fieldnorms_reader(field).map_err(self.damaged())?;
            let recs = seg.fast_fields().u64("rec").map_err(self.damaged())?;
            let flags = seg.fast_fields().u64("flags").map_err(self.damaged())?;
            let docs = seg.fast_fields().u64("doc").map_err(self.damaged())?;
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if seg.is_deleted(doc) {
                    doc = postings.advance();
                    continue;
                }
                f(Posting {
                    rec: recs.first(doc).unwrap_or_default(),
                    flags: flags.first(doc).unwrap_or_default(),
                    doc: docs.first(doc).unwrap_or_default(),
                    tf: postings.term_freq(),
                    len: norms.fieldnorm(doc),
                });
                doc = postings.advance();
            }
        }
        Ok(())
    }

    /// Where records are, found through the indexed `rec` field.
    fn addresses(&self, searcher: &Searcher, recs: Vec<u64>) -> Result<HashMap<u64, DocAddress>> {
        let mut out = HashMap::new();
        for rec in recs {
            let term = Term::from_field_u64(self.fields.rec, rec);
            for (ord, seg) in searcher.segment_readers().iter().enumerate() {
                let inverted = seg
                    .inverted_index(self.fields.rec)
                    .map_err(self.damaged())?;
                let postings = inverted
                    .read_postings(&term, IndexRecordOption::Basic)
                    .map_err(self.damaged())?;
                if let Some(postings) = postings {
                    let doc = postings.doc();
                    if doc != tantivy::TERMINATED && !seg.is_deleted(doc) {
                        out.insert(rec, DocAddress::new(ord as u32, doc));
                    }
                }
            }
        }
        Ok(out)
    }

    /// The records allowed by the filters, or `None` when there is none.
    fn filter(&self, opts: &SearchOptions) -> Result<Option<HashSet<u64>>> {
        let facet = |path: [&str; 2]| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_facet(self.fields.facet, &Facet::from_path(path)),
                IndexRecordOption::Basic,
            ))
        };
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(kind) = &opts.kind {
            let k = Kind::parse(kind.trim())
                .or_else(|| Kind::all().find(|k| k.slug() == slugify(kind)))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "loại văn bản không có: \"{kind}\"; dùng một trong: {}",
                        Kind::all().map(Kind::name).collect::<Vec<_>>().join(", ")
                    ))
                })?;
            must.push((Occur::Must, facet(["loai", k.slug()])));
        }
        if let Some(issuer) = &opts.issuer {
            let slug = slugify(issuer);
            if slug.is_empty() {
                return Err(Error::Usage("cơ quan ban hành trống".into()));
            }
            must.push((Occur::Must, facet(["co-quan", &slug])));
        }
        if opts.in_force {
            let any = BooleanQuery::new(
                Status::ALL
                    .into_iter()
                    .filter(|s| s.kept_by_in_force_filter())
                    .map(|s| (Occur::Should, facet(["tinh-trang", s.slug()])))
                    .collect(),
            );
            must.push((Occur::Must, Box::new(any)));
        }
        if must.is_empty() {
            return Ok(None);
        }
        let searcher = self.searcher();
        let query = BooleanQuery::new(must);
        let weight = query
            .weight(tantivy::query::EnableScoring::disabled_from_searcher(
                &searcher,
            ))
            .map_err(self.damaged())?;
        let mut recs = HashSet::new();
        // Each segment's record column is opened once: most of the corpus
        // can pass a filter such as "in force".
        for seg in searcher.segment_readers() {
            let col = seg.fast_fields().u64("rec").map_err(self.damaged())?;
            weight
                .for_each_no_score(seg, &mut |docs| {
                    for &doc in docs.iter().filter(|&&d| !seg.is_deleted(d)) {
                        if let Some(rec) = col.first(doc) {
                            recs.insert(rec);
                        }
                    }
                })
                .map_err(self.damaged())?;
        }
        Ok(Some(recs))
    }
}

/// The records a query reaches and their contributions, in flat arrays
/// indexed by a slot per record: a query of common words reaches most of a
/// large corpus, and a hash map entry with its own vector per record cost
/// more than the scoring.
struct Accumulator {
    /// Record → slot + 1 (0: not reached yet).
    slot_of: Vec<u32>,
    recs: Vec<u64>,
    flags: Vec<u64>,
    /// The document of each record.
    docs: Vec<u64>,
    /// `lists` contributions per slot, in list order.
    contributions: Vec<f64>,
    lists: usize,
}

impl Accumulator {
    fn new(records: usize, lists: usize) -> Accumulator {
        Accumulator {
            slot_of: vec![0; records],
            recs: Vec::new(),
            flags: Vec::new(),
            docs: Vec::new(),
            contributions: Vec::new(),
            lists,
        }
    }

    fn slot(&mut self, p: &Posting) -> usize {
        let r = p.rec as usize;
        if r >= self.slot_of.len() {
            self.slot_of.resize(r + 1, 0);
        }
        if self.slot_of[r] == 0 {
            self.recs.push(p.rec);
            self.flags.push(p.flags);
            self.docs.push(p.doc);
            self.contributions
                .resize(self.contributions.len() + self.lists, 0.0);
            self.slot_of[r] = self.recs.len() as u32;
        }
        self.slot_of[r] as usize - 1
    }
}

/// One posting of a term, with what scoring needs of its record.
#[derive(Debug, Clone, Copy)]
pub struct Posting {
    pub rec: u64,
    pub flags: u64,
    /// The record's document (its index in the content order).
    pub doc: u64,
    pub tf: u32,
    /// The field's length in the record (its field norm).
    pub len: u32,
}

/// How many syllables a snippet shows.
pub const SNIPPET_SYLLABLES: usize = 30;

/// The passage of `text` with the most distinct highlighted terms (first such
/// window wins), as (text, is-a-match) pieces, with `…` where it was cut.
pub fn passage(text: &str, terms: &[String], width: usize) -> Vec<(String, bool)> {
    let text = analyzer::nfc(text).into_owned();
    let syl = analyzer::syllables(&text);
    if syl.is_empty() {
        return Vec::new();
    }
    let hit: Vec<Option<usize>> = syl
        .iter()
        .map(|t| {
            let f = analyzer::fold(&t.text);
            terms.iter().position(|q| *q == f)
        })
        .collect();
    let mut best = (0usize, 0usize);
    for start in 0..syl.len() {
        let end = (start + width).min(syl.len());
        let mut seen: Vec<usize> = hit[start..end].iter().flatten().copied().collect();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() > best.1 {
            best = (start, seen.len());
        }
        if end == syl.len() {
            break;
        }
    }
    let start = best.0.saturating_sub(3);
    let end = (start + width).min(syl.len());
    let from = if start == 0 { 0 } else { syl[start].start };
    let to = if end == syl.len() {
        text.len()
    } else {
        syl[end - 1].end
    };
    let mut out = Vec::new();
    if from > 0 {
        out.push(("…".to_string(), false));
    }
    let mut at = from;
    for (t, h) in syl[start..end].iter().zip(&hit[start..end]) {
        if h.is_some() {
            out.push((text[at..t.start].to_string(), false));
            out.push((text[t.start..t.end].to_string(), true));
            at = t.end;
        }
    }
    out.push((text[at..to].to_string(), false));
    if to < text.len() {
        out.push(("…".to_string(), false));
    }
    for piece in &mut out {
        piece.0 = collapse_spaces(&piece.0);
    }
    out.retain(|(s, _)| !s.is_empty());
    out
}

/// Every run of white space as one space.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// A passage as HTML, matches in `<mark>`.
pub fn passage_html(passage: &[(String, bool)]) -> String {
    passage
        .iter()
        .map(|(s, hit)| {
            let e = crate::markdown::escape_html(s);
            if *hit {
                format!("<mark>{e}</mark>")
            } else {
                e
            }
        })
        .collect()
}

/// Results as a JSON array of `{number, title, url, anchor, status, score, snippet}`.
pub fn hits_json(hits: &[Hit]) -> String {
    serde_json::to_string_pretty(hits).unwrap_or_else(|_| "[]".into())
}

/// Results for a terminal: rank, breadcrumb title, number, status, link and the
/// passage with matches highlighted (bold yellow when `color`, else `[…]`).
pub fn hits_text(hits: &[Hit], color: bool) -> String {
    use std::fmt::Write;
    if hits.is_empty() {
        return "Không tìm thấy kết quả.\n".into();
    }
    let mut out = String::new();
    for (i, h) in hits.iter().enumerate() {
        let link = if h.anchor.is_empty() {
            format!("/{}", h.url)
        } else {
            format!("/{}#{}", h.url, h.anchor)
        };
        let (b, r) = if color {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("", "")
        };
        let _ = writeln!(out, "{}. {b}{}{r}", i + 1, h.title);
        let status = Status::parse(&h.status).map_or("tình trạng chưa rõ", Status::name);
        let _ = writeln!(
            out,
            "   {} · {status} · {} · điểm {:.3}",
            h.number, link, h.score
        );
        let mut line = String::new();
        for (s, hit) in &h.passage {
            match (*hit, color) {
                (true, true) => {
                    let _ = write!(line, "\x1b[1;33m{s}\x1b[0m");
                }
                (true, false) => {
                    let _ = write!(line, "[{s}]");
                }
                _ => line.push_str(s),
            }
        }
        if !line.is_empty() {
            let _ = writeln!(out, "   {line}");
        }
        out.push('\n');
    }
    out
}
