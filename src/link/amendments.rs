//! Amendments by provision: a provision amended, replaced or repealed by a
//! provision of another document, from a date.
//!
//! The hub holds texts as passed. A document records, in `[[amendments]]`,
//! which of its provisions a later text changed; from that record the build
//! writes a note on both provisions (each linking to the other), makes a
//! quotation of a changed provision say that it quotes the original wording,
//! counts the change in the document's status, and lists for `vanban check`
//! the provisions the hub cites whose amendment status nobody has recorded.

use std::collections::{BTreeMap, HashMap};

use crate::content::Document;
use crate::date::Date;
use crate::error::{Diagnostic, Position};
use crate::legal::number::DocNumber;
use crate::legal::provision::Kind;
use crate::link::reference::Reference;
use crate::link::verify::Provisions;
use crate::markdown::Rendered;

/// What the later provision does to the earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// "sửa đổi, bổ sung"
    Amend,
    /// "thay thế"
    Replace,
    /// "bãi bỏ"
    Repeal,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Amend, Action::Replace, Action::Repeal];

    /// Its code, which names its wording in the theme (`[amendment]`).
    pub fn code(self) -> &'static str {
        match self {
            Action::Amend => "sua-doi-bo-sung",
            Action::Replace => "thay-the",
            Action::Repeal => "bai-bo",
        }
    }

    /// The front-matter value, and how the amending provision's note says it.
    pub fn name(self) -> &'static str {
        match self {
            Action::Amend => "sửa đổi, bổ sung",
            Action::Replace => "thay thế",
            Action::Repeal => "bãi bỏ",
        }
    }

    /// How the amended provision's note says it.
    pub fn passive(self) -> &'static str {
        match self {
            Action::Amend => "được sửa đổi, bổ sung",
            Action::Replace => "được thay thế",
            Action::Repeal => "bị bãi bỏ",
        }
    }

    /// `"Sửa đổi, bổ sung"`, `"sua doi bo sung"`, `"bãi bỏ"` … → the action.
    pub fn parse(text: &str) -> Option<Action> {
        let slug = crate::text::slugify(text);
        Action::ALL
            .into_iter()
            .find(|a| crate::text::slugify(a.name()) == slug)
    }
}

/// One amendment, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amendment {
    /// The amended document and its provision.
    pub doc: usize,
    pub provision: String,
    pub action: Action,
    /// The amending document and its provision.
    pub by: usize,
    pub by_provision: String,
    pub from: Date,
}

/// `vb:NUMBER#anchor` (or `NUMBER#anchor`) → (number, anchor).
pub(crate) fn split_spec(spec: &str) -> (&str, Option<&str>) {
    let spec = spec.trim();
    let spec = spec.strip_prefix("vb:").unwrap_or(spec);
    match spec.split_once('#') {
        Some((n, a)) => (n, Some(a)),
        None => (spec, None),
    }
}

/// Whether provision `inner` is `outer` or lies inside it (`dieu-5-khoan-2`
/// inside `dieu-5`, not inside `dieu-50`).
fn within(inner: &str, outer: &str) -> bool {
    inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('-'))
}

/// Whether an amendment of `amended` touches a quotation or citation of `cited`:
/// one lies inside the other.
pub(crate) fn touches(amended: &str, cited: &str) -> bool {
    within(amended, cited) || within(cited, amended)
}

/// Resolves every `[[amendments]]` entry; what does not resolve is an error at
/// its place (the provisions on both sides must exist, the amending document
/// must be in the hub, so that the notes link both ways).
pub fn resolve(
    docs: &[Document],
    find: impl Fn(&str) -> Option<usize>,
    provisions: &Provisions<'_>,
) -> (Vec<Amendment>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    let mut diags = Vec::new();
    for (doc, d) in docs.iter().enumerate() {
        for a in &d.front.amendments {
            let error = |span: std::ops::Range<usize>, message: String, hint: &str| {
                Diagnostic::error(&d.src.path, d.src.front_pos(span), message).with_hint(hint)
            };
            let mut ok = true;
            let provision = a.provision.get_ref().trim();
            if !provisions.has(doc, provision) {
                ok = false;
                diags.push(error(
                    a.provision.span(),
                    format!("văn bản này không có điều khoản #{provision}"),
                    "provision là mã neo của điều khoản được sửa đổi, trong chính văn bản này",
                ));
            }
            let action = Action::parse(a.action.get_ref());
            if action.is_none() {
                ok = false;
                diags.push(error(
                    a.action.span(),
                    format!("không rõ việc sửa đổi \"{}\"", a.action.get_ref()),
                    "viết \"sửa đổi, bổ sung\", \"thay thế\" hoặc \"bãi bỏ\"",
                ));
            }
            let (number, anchor) = split_spec(a.by.get_ref());
            let by = find(number);
            match (by, anchor) {
                (None, _) => {
                    ok = false;
                    diags.push(error(
                        a.by.span(),
                        format!("văn bản sửa đổi {number} chưa có trong kho"),
                        "thêm văn bản sửa đổi vào content/ (ít nhất điều khoản sửa đổi), để ghi chú liên kết được cả hai chiều",
                    ));
                }
                (Some(_), None) => {
                    ok = false;
                    diags.push(error(
                        a.by.span(),
                        "thiếu mã neo của điều khoản sửa đổi".into(),
                        "viết by = \"vb:SỐ-HIỆU#dieu-57-khoan-1\"",
                    ));
                }
                (Some(j), _) if j == doc => {
                    ok = false;
                    diags.push(error(
                        a.by.span(),
                        "văn bản không thể tự sửa đổi chính nó".into(),
                        "by là điều khoản của văn bản khác",
                    ));
                }
                (Some(j), Some(anchor)) if !provisions.has(j, anchor) => {
                    ok = false;
                    diags.push(error(
                        a.by.span(),
                        format!(
                            "văn bản {} không có điều khoản #{anchor}",
                            docs[j].number.canonical()
                        ),
                        "kiểm tra mã neo của điều khoản sửa đổi",
                    ));
                }
                _ => {}
            }
            if let (true, Some(action), Some(by), Some(anchor)) = (ok, action, by, anchor) {
                out.push(Amendment {
                    doc,
                    provision: provision.to_string(),
                    action,
                    by,
                    by_provision: anchor.to_string(),
                    from: *a.from.get_ref(),
                });
            }
        }
    }
    (out, diags)
}

/// The days from which verified amendments of `doc` take effect, for its
/// status: an amendment made by a document recorded from secondary sources
/// (`verify`) does not count, as for document relations.
pub fn dates_for_status<'a>(
    doc: &'a Document,
    docs: &'a [Document],
    by_key: &'a HashMap<String, usize>,
) -> impl Iterator<Item = Date> + 'a {
    doc.front.amendments.iter().filter_map(move |a| {
        let (number, _) = split_spec(a.by.get_ref());
        let j = DocNumber::parse(number).and_then(|n| by_key.get(&n.key()).copied())?;
        docs[j].front.verify.is_none().then(|| *a.from.get_ref())
    })
}

/// How a provision is named within its document: "khoản 2 Điều 50".
pub(crate) fn label_only<R: std::borrow::Borrow<Rendered>>(
    rendered: &[R],
    doc: usize,
    anchor: &str,
) -> String {
    rendered[doc]
        .borrow()
        .anchor(anchor)
        .map(|a| a.label.clone())
        .unwrap_or_else(|| format!("#{anchor}"))
}

/// For `vanban check`: per cited document whose amendments nobody has
/// checked (`amendments_checked`), the provisions the hub cites that no
/// amendment record covers. One warning per document, most provisions first.
pub fn unknown_report(
    docs: &[Document],
    rendered: &[Rendered],
    refs: &[&[Reference]],
    list: &[Amendment],
) -> Vec<Diagnostic> {
    let mut cited: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
    for r in refs.iter().flat_map(|r| r.iter()) {
        let Some(anchor) = r.anchor.as_deref() else {
            continue;
        };
        let d = &docs[r.target];
        if d.front.summary || d.front.amendments_checked.is_some() {
            continue;
        }
        let covered = list
            .iter()
            .any(|a| a.doc == r.target && within(anchor, &a.provision));
        if !covered {
            cited.entry(r.target).or_default().push(anchor);
        }
    }
    let mut rows: Vec<(usize, Vec<&str>)> = cited.into_iter().collect();
    for (_, anchors) in &mut rows {
        anchors.sort_by_key(|a| order_key(a));
        anchors.dedup();
    }
    rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    rows.into_iter()
        .map(|(doc, anchors)| {
            let d = &docs[doc];
            // Articles and clauses by their names; a plan's parts (whose
            // label is just "a)") by their anchors.
            let labels: Vec<String> = anchors
                .iter()
                .map(|a| {
                    let label = label_only(rendered, doc, a);
                    if label.contains(Kind::Dieu.word()) {
                        label
                    } else {
                        format!("#{a}")
                    }
                })
                .collect();
            Diagnostic::warning(
                &d.src.path,
                Position::FILE,
                format!(
                    "{} điều khoản của {} {} được dẫn chiếu mà chưa rõ đã được sửa đổi, bổ sung hay chưa: {}",
                    labels.len(),
                    d.kind.name(),
                    d.number.canonical(),
                    labels.join(", ")
                ),
            )
            .with_hint("rà soát các văn bản sửa đổi; ghi [[amendments]] cho điều khoản đã được sửa đổi, rồi ghi amendments_checked = NGÀY-RÀ-SOÁT")
        })
        .collect()
}

/// `dieu-5-khoan-12` sorts after `dieu-5-khoan-2`: numbers compare as numbers.
fn order_key(anchor: &str) -> Vec<(u32, String)> {
    anchor
        .split('-')
        .map(|part| match part.parse::<u32>() {
            Ok(n) => (n, String::new()),
            Err(_) => (u32::MAX, part.to_string()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_and_provisions_within_provisions() {
        assert_eq!(Action::parse("sửa đổi, bổ sung"), Some(Action::Amend));
        assert_eq!(Action::parse("Sửa đổi bổ sung"), Some(Action::Amend));
        assert_eq!(Action::parse("thay the"), Some(Action::Replace));
        assert_eq!(Action::parse("bãi bỏ"), Some(Action::Repeal));
        assert_eq!(Action::parse("hủy"), None);
        assert!(within("dieu-5-khoan-2", "dieu-5"));
        assert!(within("dieu-5", "dieu-5"));
        assert!(!within("dieu-50-khoan-2", "dieu-5"));
        assert!(!within("dieu-5", "dieu-5-khoan-2"));
        assert!(touches("dieu-50-khoan-2", "dieu-50"));
        assert!(touches("dieu-50", "dieu-50-khoan-2-diem-a"));
        assert!(!touches("dieu-50-khoan-2", "dieu-50-khoan-1"));
        assert_eq!(
            split_spec("vb:21/2017/QH14#dieu-57-khoan-1"),
            ("21/2017/QH14", Some("dieu-57-khoan-1"))
        );
        assert_eq!(split_spec("21/2017/QH14"), ("21/2017/QH14", None));
        let mut v = vec!["dieu-5-khoan-12", "dieu-5-khoan-2", "dieu-12", "dieu-5"];
        v.sort_by_key(|a| order_key(a));
        assert_eq!(
            v,
            ["dieu-5", "dieu-5-khoan-2", "dieu-5-khoan-12", "dieu-12"]
        );
    }
}
