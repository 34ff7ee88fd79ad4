//! The record packs of the export (see the format in [`super`]): the
//! records, whole documents in packs of their own and provisions in packs
//! of consecutive records, each pack the rows of its records as JSON.

use rayon::prelude::*;

use super::pack::{self, Hash};
use crate::search::index::{SearchRecord, CRUMB};
use crate::search::schema::FLAG_EXPIRED;

/// About how many bytes of rows (before compression) a pack of documents
/// holds. Whole documents are most of the first results of a query (their
/// titles weigh most), so their packs are small.
pub const DOCUMENT_PACK_BYTES: usize = 4 * 1024;
/// About how many bytes of rows (before compression) a pack of provisions
/// holds.
pub const PROVISION_PACK_BYTES: usize = 32 * 1024;
/// Records per pack, at most.
pub const MAX_PACK: usize = 256;

/// Provision numbers a document keeps per run of this many: a document's
/// provisions are numbered from where the previous document's run ends, so
/// a document that gains or loses a provision moves no other's numbers
/// (unless it crosses a multiple of this).
pub const NUMBER_RUN: usize = 8;

/// The numbers of the records in the export (the postings and packs name
/// records by them): documents `0..D` in content order, then each
/// document's provisions in a run of its own, [`NUMBER_RUN`] numbers at a
/// time, with room to grow.
pub struct Numbering {
    /// Each record's number, by its place in the records.
    pub ids: Vec<u32>,
    /// Whole documents (the first records).
    pub documents: usize,
    /// Numbers given or kept for growth: every number is below this.
    pub end: usize,
}

impl Numbering {
    pub fn new(records: &[SearchRecord]) -> Numbering {
        let documents = records.iter().take_while(|r| r.is_document()).count();
        let mut ids: Vec<u32> = (0..documents as u32).collect();
        let mut next = documents;
        let mut i = documents;
        while i < records.len() {
            let doc = records[i].doc;
            let start = next;
            while i < records.len() && records[i].doc == doc {
                ids.push(next as u32);
                next += 1;
                i += 1;
            }
            // Room for one more at least, up to a multiple of the run.
            next = start + (next - start + 1).div_ceil(NUMBER_RUN) * NUMBER_RUN;
        }
        Numbering {
            ids,
            documents,
            end: next,
        }
    }
}

/// The record packs of a site, in order: the packs of documents, then those
/// of provisions.
pub struct RecordPacks {
    /// Each pack's file (site-relative path, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    /// Each pack's hash (the name of its file).
    pub hashes: Vec<Hash>,
    /// Documents per pack of documents.
    pub document_pack: usize,
    /// Provisions per pack of provisions.
    pub provision_pack: usize,
}

/// The records per pack for records of `bytes` bytes in all, about `target`
/// bytes a pack: a power of two, so that it changes only when the mean
/// record length doubles or halves (a pack holds the same records from one
/// build to the next unless the site's records change).
fn per_pack(count: usize, bytes: usize, target: usize) -> usize {
    if count == 0 {
        return 1;
    }
    let mean = (bytes as f64 / count as f64).max(1.0);
    let k = (target as f64 / mean).log2().round().clamp(0.0, 8.0);
    (1usize << k as u32).min(MAX_PACK)
}

/// The packs of `records` (whole documents first, then provisions): the
/// documents `document_pack` to a pack, the provisions by their numbers
/// ([`Numbering`]), `provision_pack` numbers to a pack, so that a pack
/// holds the same records from one build to the next.
pub fn record_packs(records: &[SearchRecord]) -> RecordPacks {
    let numbering = Numbering::new(records);
    let documents = numbering.documents;
    let (docs, provisions) = records.split_at(documents);
    let row_bytes = |rs: &[SearchRecord]| rs.iter().map(row_bytes).sum::<usize>();
    let document_pack = per_pack(docs.len(), row_bytes(docs), DOCUMENT_PACK_BYTES);
    let provision_pack = per_pack(
        provisions.len(),
        row_bytes(provisions),
        PROVISION_PACK_BYTES,
    );
    // The records of each pack, with their places in it.
    let mut chunks: Vec<Vec<(usize, &SearchRecord)>> = docs
        .chunks(document_pack)
        .map(|chunk| chunk.iter().enumerate().collect())
        .collect();
    let first = chunks.len();
    let provision_packs = (numbering.end - documents).div_ceil(provision_pack);
    chunks.resize_with(first + provision_packs, Vec::new);
    for (r, &id) in provisions.iter().zip(&numbering.ids[documents..]) {
        let at = id as usize - documents;
        chunks[first + at / provision_pack].push((at % provision_pack, r));
    }
    let packs: Vec<(Hash, (String, Vec<u8>))> = chunks
        .into_par_iter()
        .map(|chunk| {
            let json = serde_json::to_vec(&record_file(&chunk))
                .expect("strings and numbers always serialise");
            let p = pack::pack("r", &json, pack::TEXT);
            (p.hash, (p.path, p.bytes))
        })
        .collect();
    let (hashes, mut files): (Vec<Hash>, Vec<(String, Vec<u8>)>) = packs.into_iter().unzip();
    // Packs of equal bytes are one file (runs of numbers kept for growth).
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    RecordPacks {
        files,
        hashes,
        document_pack,
        provision_pack,
    }
}

/// About how many bytes a record's row takes (for the pack sizes).
fn row_bytes(r: &SearchRecord) -> usize {
    r.text.len() + r.anchor.len() + r.heading.len() + r.url.len() / 4 + 20
}

/// A record's document title and the rest of its breadcrumb title.
pub(super) fn split_heading(r: &SearchRecord) -> (&str, &str) {
    match r.heading.split_once(CRUMB) {
        Some((title, crumb)) => (title, crumb),
        None => (r.heading.as_str(), ""),
    }
}

/// A pack's rows as the client reads them (see the module documentation):
/// the heads of the documents of its records, then the records.
#[derive(serde::Serialize)]
pub(super) struct RecordFile<'a>(Vec<DocHead<'a>>, Vec<Option<RecordRow<'a>>>);

/// doc, title, url, number, expired.
type DocHead<'a> = (usize, &'a str, &'a str, &'a str, u8);

/// The document's place in the file's heads, crumb, anchor, title, text.
type RecordRow<'a> = (usize, Crumb<'a>, &'a str, Title<'a>, &'a str);

/// The breadcrumb title after the document title: whole, or its parent
/// part and the length (UTF-16 code units, as the client counts) of the head
/// of the text that is its last part (`Điều 3. Giải thích từ ngữ`).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Crumb<'a> {
    Whole(&'a str),
    Head(&'a str, usize),
}

/// The record's own title: whole, or a length: of the end of the crumb's
/// last part that it is (`Giải thích từ ngữ`), or for a document (crumb
/// `""`), of the head of the text that it is.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Title<'a> {
    Whole(&'a str),
    Tail(usize),
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// How a record's crumb and title are written (see the module
/// documentation): as lengths of its text's head where they are that head.
fn row_fields(r: &SearchRecord) -> (Crumb<'_>, Title<'_>) {
    let crumb = split_heading(r).1;
    let (parent, last) = crumb.rsplit_once(CRUMB).unwrap_or(("", crumb));
    if !last.is_empty() && r.text.starts_with(last) {
        let title = if !r.title.is_empty() && last.ends_with(r.title.as_str()) {
            Title::Tail(utf16_len(&r.title))
        } else {
            Title::Whole(&r.title)
        };
        (Crumb::Head(parent, utf16_len(last)), title)
    } else if crumb.is_empty() && !r.title.is_empty() && r.text.starts_with(r.title.as_str()) {
        // A document: its text starts with its title.
        (Crumb::Whole(crumb), Title::Tail(utf16_len(&r.title)))
    } else {
        (Crumb::Whole(crumb), Title::Whole(&r.title))
    }
}

/// The heads and rows of the records of one pack, each record at its place
/// (a number kept for growth is a `null` row).
pub(super) fn record_file<'a>(records: &[(usize, &'a SearchRecord)]) -> RecordFile<'a> {
    let mut heads: Vec<DocHead<'a>> = Vec::new();
    let mut rows: Vec<Option<RecordRow<'a>>> = Vec::new();
    for &(at, r) in records {
        let doc_title = split_heading(r).0;
        let head = match heads.iter().position(|h| h.0 == r.doc) {
            Some(i) => i,
            None => {
                let expired = u8::from(r.flags() & FLAG_EXPIRED != 0);
                heads.push((r.doc, doc_title, &r.url, &r.number, expired));
                heads.len() - 1
            }
        };
        let (crumb, title) = row_fields(r);
        if rows.len() <= at {
            rows.resize_with(at + 1, || None);
        }
        rows[at] = Some((head, crumb, r.anchor.as_str(), title, r.text.as_str()));
    }
    RecordFile(heads, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legal::status::Status;
    use serde_json::Value;

    fn record(text_bytes: usize) -> SearchRecord {
        SearchRecord {
            doc: 0,
            url: "luat/1-2020-qh14/".into(),
            anchor: "dieu-1".into(),
            parts: Vec::new(),
            number: "1/2020/QH14".into(),
            heading: "Luật Thử › Điều 1. Một".into(),
            title: "Một".into(),
            text: "a".repeat(text_bytes),
            kind_slug: "luat",
            kind: "Luật",
            issuer: "Quốc hội".into(),
            fields: Vec::new().into(),
            year: Some(2020),
            status: Status::ConHieuLuc,
        }
    }

    #[test]
    fn a_document_that_grows_moves_no_other_numbers() {
        let mut records: Vec<SearchRecord> = (0..3).map(|_| record(10)).collect();
        for r in &mut records {
            r.anchor = String::new();
        }
        for (doc, n) in [(0, 3), (1, 7), (2, 2)] {
            for _ in 0..n {
                let mut r = record(10);
                r.doc = doc;
                records.push(r);
            }
        }
        let before = Numbering::new(&records);
        assert_eq!(before.documents, 3);
        assert_eq!(&before.ids[..4], [0, 1, 2, 3]);
        // Document 0: 3..6 (room to 11); document 1: 11..18 (to 19);
        // document 2 from 19.
        assert_eq!(before.ids[6], 11);
        assert_eq!(before.ids[13], 19);
        assert_eq!(before.end, 27);
        let mut grown = records.clone();
        let mut extra = record(10);
        extra.doc = 0;
        grown.insert(6, extra);
        let after = Numbering::new(&grown);
        assert_eq!(after.ids[7], 11, "document 1 keeps its numbers");
        assert_eq!(after.ids[14], 19, "document 2 keeps its numbers");
    }

    #[test]
    fn packs_hold_a_power_of_two_of_records_by_their_length() {
        assert_eq!(per_pack(0, 0, 4096), 1);
        assert_eq!(per_pack(10, 10 * 1000, 32 * 1024), 32);
        assert_eq!(per_pack(10, 10 * 3000, 32 * 1024), 8);
        assert_eq!(per_pack(10, 10 * 10, 32 * 1024), MAX_PACK);
        assert_eq!(per_pack(10, 10 * 100_000, 4096), 1);
        let mut records = vec![record(3000); 18];
        for (doc, r) in records[..4].iter_mut().enumerate() {
            r.anchor = String::new();
            r.doc = doc;
        }
        for (i, r) in records[4..].iter_mut().enumerate() {
            r.doc = i / 7;
        }
        let packs = record_packs(&records);
        assert_eq!(packs.document_pack, 1);
        assert_eq!(packs.provision_pack, 8);
        // Two documents of 7 provisions, numbered 4..11 and 12..19.
        assert_eq!(packs.hashes.len(), 4 + 2);
        assert_eq!(packs.files.len(), packs.hashes.len(), "all different");
    }

    /// What the client's `expand` does with a row: the record's doc, document
    /// title, url, number, crumb, anchor, expired flag, title and text.
    type Expanded = (
        u64,
        String,
        String,
        String,
        String,
        String,
        u64,
        String,
        String,
    );

    fn expand(file: &Value, k: usize) -> Expanded {
        let row = &file[1][k];
        let head = &file[0][row[0].as_u64().unwrap() as usize];
        let text = row[4].as_str().unwrap().to_string();
        let units: Vec<u16> = text.encode_utf16().collect();
        let (crumb, title) = match (&row[1], &row[3]) {
            (Value::String(c), Value::String(t)) => (c.clone(), t.clone()),
            (Value::String(c), Value::Number(m)) if c.is_empty() => {
                let m = m.as_u64().unwrap() as usize;
                (String::new(), String::from_utf16(&units[..m]).unwrap())
            }
            (Value::Array(c), t) => {
                let n = c[1].as_u64().unwrap() as usize;
                let head = String::from_utf16(&units[..n]).unwrap();
                let title = match t {
                    Value::Number(m) => {
                        let m = m.as_u64().unwrap() as usize;
                        let units: Vec<u16> = head.encode_utf16().collect();
                        String::from_utf16(&units[units.len() - m..]).unwrap()
                    }
                    t => t.as_str().unwrap().to_string(),
                };
                let parent = c[0].as_str().unwrap();
                let crumb = if parent.is_empty() {
                    head
                } else {
                    format!("{parent}{CRUMB}{head}")
                };
                (crumb, title)
            }
            other => panic!("unexpected row fields {other:?}"),
        };
        let s = |v: &Value| v.as_str().unwrap().to_string();
        (
            head[0].as_u64().unwrap(),
            s(&head[1]),
            s(&head[2]),
            s(&head[3]),
            crumb,
            s(&row[2]),
            head[4].as_u64().unwrap(),
            title,
            text,
        )
    }

    #[test]
    fn a_pack_gives_back_every_field_of_its_records() {
        let mut doc = record(0);
        doc.doc = 3;
        doc.anchor = String::new();
        doc.heading = "Luật Giao dịch điện tử".into();
        doc.title = "Luật Giao dịch điện tử".into();
        doc.text = "Luật Giao dịch điện tử\nLuật số 20/2023/QH15".into();
        doc.status = Status::HetHieuLuc;
        let mut article = record(0);
        article.doc = 3;
        article.anchor = "dieu-3".into();
        article.heading = "Luật Giao dịch điện tử › Chương I › Điều 3. Giải thích từ ngữ".into();
        article.title = "Giải thích từ ngữ".into();
        article.text = "Điều 3. Giải thích từ ngữ 1. Chữ ký điện tử là…".into();
        article.status = Status::HetHieuLuc;
        let mut untitled = article.clone();
        untitled.anchor = "dieu-3-khoan-1".into();
        untitled.heading = "Luật Giao dịch điện tử › Điều 3 › Khoản 1".into();
        untitled.title = String::new();
        untitled.text = "Khoản 1 nói về chữ ký.".into();
        let mut elsewhere = record(0);
        elsewhere.heading = "Luật Thử › Mục lục".into();
        elsewhere.text = "Văn bản không bắt đầu bằng tiêu đề".into();
        let records = [doc, article, untitled, elsewhere];
        let placed: Vec<(usize, &SearchRecord)> = records.iter().enumerate().collect();
        let file = serde_json::to_value(record_file(&placed)).unwrap();
        assert_eq!(
            file[0].as_array().unwrap().len(),
            2,
            "two documents, each once"
        );
        assert!(
            file[1][0][3].is_number() && file[1][1][1].is_array() && file[1][1][3].is_number(),
            "{}",
            file[1][1]
        );
        for (k, r) in records.iter().enumerate() {
            let (title, crumb) = split_heading(r);
            let expired = u64::from(r.flags() & FLAG_EXPIRED != 0);
            let want = (
                r.doc as u64,
                title.to_string(),
                r.url.to_string(),
                r.number.to_string(),
                crumb.to_string(),
                r.anchor.clone(),
                expired,
                r.title.clone(),
                r.text.clone(),
            );
            assert_eq!(expand(&file, k), want, "record {k}");
        }
    }
}
