//! Writing the text fields' lists ([`super::invert`]) into the index.
//!
//! Tantivy indexes the records' other fields (facets, the record number, fast
//! and stored fields) with its own writer, the text fields (the three views,
//! title and number) left empty. Then the inverted index and the field norms
//! of each segment are written again with tantivy's public serializers (the
//! ones its merger uses): the other fields' lists copied term by term from
//! the segment, the text fields' from the lists. The new files replace the
//! segment's, under the same names.
//!
//! Records are numbered in the order they were added, and one indexing thread
//! files them into segments in that order, so a segment holds a contiguous
//! run of records whose first is its `rec` of document 0.

use std::path::Path;

use tantivy::fieldnorm::{FieldNormReader, FieldNormReaders, FieldNormsSerializer};
use tantivy::postings::InvertedIndexSerializer;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Index, Postings, SegmentComponent, SegmentReader, TERMINATED};

use super::invert::ViewLists;
use crate::error::{Error, Result};

/// The components rewritten: the inverted index and the field norms.
const REWRITTEN: [SegmentComponent; 4] = [
    SegmentComponent::FieldNorms,
    SegmentComponent::Terms,
    SegmentComponent::Postings,
    SegmentComponent::Positions,
];

fn err(context: &'static str) -> impl Fn(tantivy::TantivyError) -> Error {
    move |e| Error::Search(format!("{context}: {e}"))
}

fn io_err(context: &'static str) -> impl Fn(std::io::Error) -> Error {
    move |e| Error::Search(format!("{context}: {e}"))
}

/// Writes `views` (field, lists) into every segment of the index in `dir`.
pub fn write_views(dir: &Path, index: &Index, views: &[(Field, &ViewLists)]) -> Result<()> {
    let reader = index.reader().map_err(err("đọc chỉ mục"))?;
    let searcher = reader.searcher();
    let scratch_dir = dir.join(".views");
    std::fs::create_dir_all(&scratch_dir).map_err(|e| Error::io(&scratch_dir, e))?;
    let mut moves = Vec::new();
    {
        let scratch =
            Index::create_in_dir(&scratch_dir, index.schema()).map_err(err("tạo chỉ mục"))?;
        for seg in searcher.segment_readers() {
            let segment =
                scratch.segment(scratch.new_segment_meta(seg.segment_id(), seg.max_doc()));
            write_segment(segment.clone(), seg, views)?;
            for component in REWRITTEN {
                let path = segment.relative_path(component);
                moves.push((scratch_dir.join(&path), dir.join(&path)));
            }
        }
    }
    drop(searcher);
    drop(reader);
    for (from, to) in moves {
        std::fs::rename(&from, &to).map_err(|e| Error::io(&from, e))?;
    }
    std::fs::remove_dir_all(&scratch_dir).map_err(|e| Error::io(&scratch_dir, e))
}

/// The records `first..first + max_doc` of segment `seg`.
fn records_of(seg: &SegmentReader) -> Result<std::ops::Range<u32>> {
    let recs = seg.fast_fields().u64("rec").map_err(err("đọc chỉ mục"))?;
    let max_doc = seg.max_doc();
    if max_doc == 0 {
        return Ok(0..0);
    }
    let first = recs.first(0).unwrap_or_default() as u32;
    let last = recs.first(max_doc - 1).unwrap_or_default() as u32;
    if last.checked_sub(first) != Some(max_doc - 1) {
        return Err(Error::Search(format!(
            "phân đoạn chỉ mục không liền mạch: bản ghi {first}..={last} trong {max_doc} tài liệu"
        )));
    }
    Ok(first..first + max_doc)
}

fn write_segment(
    mut segment: tantivy::Segment,
    seg: &SegmentReader,
    views: &[(Field, &ViewLists)],
) -> Result<()> {
    let range = records_of(seg)?;
    let view_of = |field: Field| views.iter().find(|(f, _)| *f == field).map(|(_, v)| *v);
    let schema = segment.schema();

    // Field norms first: the postings serializer reads them (block maxima).
    let write = segment
        .open_write(SegmentComponent::FieldNorms)
        .map_err(|e| Error::Search(format!("ghi chỉ mục: {e}")))?;
    let mut norms_out = FieldNormsSerializer::from_write(write).map_err(io_err("ghi chỉ mục"))?;
    for (field, _) in schema.fields() {
        let Some(old) = seg
            .fieldnorms_readers()
            .get_field(field)
            .map_err(err("đọc chỉ mục"))?
        else {
            continue;
        };
        let ids: Vec<u8> = match view_of(field) {
            Some(view) => view.norms[range.start as usize..range.end as usize]
                .iter()
                .map(|&n| FieldNormReader::fieldnorm_to_id(n))
                .collect(),
            None => (0..seg.max_doc()).map(|d| old.fieldnorm_id(d)).collect(),
        };
        norms_out
            .serialize_field(field, &ids)
            .map_err(io_err("ghi chỉ mục"))?;
    }
    norms_out.close().map_err(io_err("ghi chỉ mục"))?;
    let norms = FieldNormReaders::open(
        segment
            .open_read(SegmentComponent::FieldNorms)
            .map_err(|e| Error::Search(format!("đọc chỉ mục: {e}")))?,
    )
    .map_err(err("đọc chỉ mục"))?;

    let mut out = InvertedIndexSerializer::open(&mut segment).map_err(err("ghi chỉ mục"))?;
    for (field, entry) in schema.fields() {
        let Some(option) = entry.field_type().index_record_option() else {
            continue;
        };
        if !entry.is_indexed() {
            continue;
        }
        let field_norms = norms.get_field(field).map_err(err("đọc chỉ mục"))?;
        match view_of(field) {
            Some(view) => {
                let total: u64 = view.norms[range.start as usize..range.end as usize]
                    .iter()
                    .map(|&n| n as u64)
                    .sum();
                let mut terms = view
                    .merged()
                    .map(|(term, parts)| {
                        let parts: Vec<_> = parts
                            .into_iter()
                            .map(|p| {
                                let from = p.partition_point(|x| x.rec < range.start);
                                let to = p.partition_point(|x| x.rec < range.end);
                                &p[from..to]
                            })
                            .filter(|p| !p.is_empty())
                            .collect();
                        (term, parts)
                    })
                    .filter(|(_, parts)| !parts.is_empty())
                    .peekable();
                if terms.peek().is_none() {
                    continue;
                }
                let mut fs = out
                    .new_field(field, total, field_norms)
                    .map_err(io_err("ghi chỉ mục"))?;
                for (term, parts) in terms {
                    let df: usize = parts.iter().map(|p| p.len()).sum();
                    fs.new_term(term.as_bytes(), df as u32, true)
                        .map_err(io_err("ghi chỉ mục"))?;
                    for p in parts.iter().copied().flatten() {
                        fs.write_doc(p.rec - range.start, p.tf, &[]);
                    }
                    fs.close_term().map_err(io_err("ghi chỉ mục"))?;
                }
                fs.close().map_err(io_err("ghi chỉ mục"))?;
            }
            None => copy_field(&mut out, seg, field, option, field_norms)?,
        }
    }
    out.close().map_err(io_err("ghi chỉ mục"))
}

/// Copies the terms and postings of `field` from `seg` (a field with no term
/// is left out, as tantivy's writer leaves it out).
fn copy_field(
    out: &mut InvertedIndexSerializer,
    seg: &SegmentReader,
    field: Field,
    option: IndexRecordOption,
    field_norms: Option<FieldNormReader>,
) -> Result<()> {
    if option.has_positions() {
        return Err(Error::Search(
            "chỉ mục: trường có vị trí không được hỗ trợ".to_string(),
        ));
    }
    let inverted = seg.inverted_index(field).map_err(err("đọc chỉ mục"))?;
    if inverted.terms().num_terms() == 0 {
        return Ok(());
    }
    let mut fs = out
        .new_field(field, inverted.total_num_tokens(), field_norms)
        .map_err(io_err("ghi chỉ mục"))?;
    let mut stream = inverted.terms().stream().map_err(io_err("đọc chỉ mục"))?;
    while stream.advance() {
        let info = stream.value().clone();
        fs.new_term(stream.key(), info.doc_freq, option.has_freq())
            .map_err(io_err("ghi chỉ mục"))?;
        let mut postings = inverted
            .read_postings_from_terminfo(&info, option)
            .map_err(io_err("đọc chỉ mục"))?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            fs.write_doc(doc, postings.term_freq(), &[]);
            doc = postings.advance();
        }
        fs.close_term().map_err(io_err("ghi chỉ mục"))?;
    }
    fs.close().map_err(io_err("ghi chỉ mục"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::tests::record;
    use crate::search::index::{self, SearchRecord};
    use crate::search::invert;
    use crate::search::schema::{self, text_views, View};
    use tantivy::schema::Schema;
    use tantivy::tokenizer::PreTokenizedString;
    use tantivy::{IndexWriter, Searcher};

    /// Indexes `records` the plain way: every field, text fields included,
    /// through tantivy's writer.
    fn plain_index(dir: &Path, records: &[SearchRecord]) -> Index {
        let (schema, f) = schema::schema();
        let index = Index::create_in_dir(dir, schema).unwrap();
        schema::register_tokenizers(&index);
        let mut writer: IndexWriter = index.writer_with_num_threads(1, 50_000_000).unwrap();
        for (rec, r) in records.iter().enumerate() {
            let mut d = index::document(&f, rec as u64, r, &r.facets());
            let [folded, exact, pair] = text_views(&r.text);
            d.add_pre_tokenized_text(f.folded, folded);
            d.add_pre_tokenized_text(f.exact, exact);
            d.add_pre_tokenized_text(f.pair, pair);
            d.add_pre_tokenized_text(f.title, View::Folded.pre_tokenized(&r.title));
            d.add_pre_tokenized_text(
                f.number,
                PreTokenizedString {
                    text: r.number.to_string(),
                    tokens: crate::search::schema::tantivy_tokens(invert::named_terms(r)),
                },
            );
            writer.add_document(d).unwrap();
        }
        writer.commit().unwrap();
        index
    }

    /// Every field's terms, postings (doc, tf), token total and field norms.
    fn contents(schema: &Schema, searcher: &Searcher) -> Vec<String> {
        let seg = searcher.segment_reader(0);
        let mut out = Vec::new();
        // Stored fields, in the order they were given.
        let store = seg.get_store_reader(1).unwrap();
        for d in 0..seg.max_doc() {
            let doc: tantivy::TantivyDocument = store.get(d).unwrap();
            out.push(format!("stored {d} {:?}", doc.field_values()));
        }
        // Fast fields.
        for name in ["rec", "flags", "doc"] {
            let column = seg.fast_fields().u64(name).unwrap();
            let values: Vec<u64> = (0..seg.max_doc())
                .map(|d| column.first(d).unwrap())
                .collect();
            out.push(format!("fast {name} {values:?}"));
        }
        for (field, entry) in schema.fields() {
            if let Some(norms) = seg.fieldnorms_readers().get_field(field).unwrap() {
                let ids: Vec<u8> = (0..seg.max_doc()).map(|d| norms.fieldnorm_id(d)).collect();
                out.push(format!("{} norms {ids:?}", entry.name()));
            }
            let Some(option) = entry.field_type().index_record_option() else {
                continue;
            };
            if !entry.is_indexed() {
                continue;
            }
            let inverted = seg.inverted_index(field).unwrap();
            out.push(format!(
                "{} tokens {}",
                entry.name(),
                inverted.total_num_tokens()
            ));
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                let mut postings = inverted
                    .read_postings_from_terminfo(stream.value(), option)
                    .unwrap();
                let mut list = Vec::new();
                while postings.doc() != TERMINATED {
                    list.push((postings.doc(), postings.term_freq()));
                    postings.advance();
                }
                out.push(format!(
                    "{} {:?} {list:?}",
                    entry.name(),
                    String::from_utf8_lossy(stream.key())
                ));
            }
        }
        out
    }

    /// The index written with the lists holds what tantivy's writer gives
    /// when it indexes the text views itself.
    #[test]
    fn the_index_is_the_one_tantivy_writes() {
        let texts = [
            "Điều 5. Hòa thủy, Hoà thuỷ: an toàn thông tin mạng (khoản 2).",
            "Quyết định 1690/QĐ-TTg\nngày 26/12/2023 – số 1.000.000 đồng; chuyển đổi số",
            "",
            "Chương II. Chuyển đổi số an toàn an toàn; ơ ư ạ ỹ",
        ];
        let records: Vec<SearchRecord> = (0..2500)
            .map(|i| {
                let mut r = record(&format!("{} {i}", texts[i % texts.len()]));
                if i % 7 == 0 {
                    r.anchor.clear();
                }
                r
            })
            .collect();
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let plain = plain_index(a.path(), &records);
        let records: std::sync::Arc<[SearchRecord]> = records.into();
        let (ours, ()) = index::write_and(b.path(), &records, |_| ()).unwrap();
        let (schema, _) = schema::schema();
        let read = |i: &Index| i.reader().unwrap().searcher();
        let (want, got) = (
            contents(&schema, &read(&plain)),
            contents(&schema, &read(&ours)),
        );
        assert!(want.len() > 1000);
        let first_difference = got.iter().zip(&want).find(|(g, w)| g != w);
        assert_eq!(first_difference, None);
        assert_eq!(got.len(), want.len());
        assert!(!b.path().join(".views").exists());
    }
}
