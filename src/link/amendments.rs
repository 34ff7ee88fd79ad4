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
use crate::legal::status::Status;
use crate::link::reference::Reference;
use crate::link::verify::Provisions;
use crate::markdown::{escape_html, Rendered};
use crate::render::wording::{fill, AmendmentWords};
use crate::url::Linker;

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
fn split_spec(spec: &str) -> (&str, Option<&str>) {
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
fn touches(amended: &str, cited: &str) -> bool {
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

/// How a provision is named in a note: "khoản 2 Điều 50 Luật 67/2006/QH11".
fn name_of(docs: &[Document], rendered: &[&Rendered], doc: usize, anchor: &str) -> String {
    let d = &docs[doc];
    format!(
        "{} {} {}",
        label_only(rendered, doc, anchor),
        d.kind.name(),
        d.number.canonical()
    )
}

/// The notes to write after each provision an amendment concerns ([`annotated`]):
/// on the amended one (what changed it, from when, and that the text shown
/// is the original wording) and on the amending one (what it changes). Each
/// links to the other. The notes are the hub's, not the documents', in the
/// theme's `wording`.
pub fn notes(
    list: &[Amendment],
    docs: &[Document],
    rendered: &[&Rendered],
    offline: bool,
    as_of: Date,
    wording: &AmendmentWords,
) -> Notes {
    // Per document: (anchor, note HTML), in record order.
    let mut notes: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for a in list {
        let amended = name_of(docs, rendered, a.doc, &a.provision);
        let amending = name_of(docs, rendered, a.by, &a.by_provision);
        let pending = a.from > as_of;
        let on_amended = {
            let linker = Linker::new(&docs[a.doc].url, offline);
            let href = linker.href_anchor(&docs[a.by].url, &a.by_provision);
            fill(
                &wording.amended,
                &[
                    (
                        "provision",
                        &escape_html(&capitalise(&label_only(rendered, a.doc, &a.provision))),
                    ),
                    ("tense", if pending { &wording.will } else { &wording.did }),
                    ("action", wording.passive(a.action)),
                    (
                        "by",
                        &format!(
                            "<a href=\"{}\">{}</a>",
                            escape_html(&href),
                            escape_html(&amending)
                        ),
                    ),
                    ("date", &a.from.to_string()),
                    ("current", if pending { "" } else { &wording.not_current }),
                ],
            )
        };
        let on_amending = {
            let linker = Linker::new(&docs[a.by].url, offline);
            let href = linker.href_anchor(&docs[a.doc].url, &a.provision);
            fill(
                &wording.amending,
                &[
                    (
                        "provision",
                        &escape_html(&capitalise(&label_only(rendered, a.by, &a.by_provision))),
                    ),
                    ("action", wording.active(a.action)),
                    (
                        "target",
                        &format!(
                            "<a href=\"{}\">{}</a>",
                            escape_html(&href),
                            escape_html(&amended)
                        ),
                    ),
                    ("date", &a.from.to_string()),
                ],
            )
        };
        notes
            .entry(a.doc)
            .or_default()
            .push((a.provision.clone(), on_amended));
        notes
            .entry(a.by)
            .or_default()
            .push((a.by_provision.clone(), on_amending));
    }
    notes
}

/// The notes of each document: (anchor of the provision, note HTML).
pub type Notes = BTreeMap<usize, Vec<(String, String)>>;

/// `body` with its notes written after the provisions they concern.
pub fn annotated(body: &Rendered, notes: &[(String, String)]) -> Rendered {
    let mut body = body.clone();
    for (anchor, html) in notes {
        insert_note(&mut body, anchor, html);
    }
    body
}

/// How a provision is named within its document: "khoản 2 Điều 50".
fn label_only<R: std::borrow::Borrow<Rendered>>(
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

fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Inserts `<div class="amend-note">` right after the element that carries
/// `id="anchor"`, keeping the provisions' ranges right.
fn insert_note(r: &mut Rendered, anchor: &str, note: &str) {
    let Some(at) = r.html.find(&format!(" id=\"{anchor}\"")) else {
        return;
    };
    let Some(open) = r.html[..at].rfind('<') else {
        return;
    };
    let tag: String = r.html[open + 1..at]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let close = format!("</{tag}>");
    let Some(end) = r.html[at..].find(&close).map(|i| at + i + close.len()) else {
        return;
    };
    let html = format!("\n<div class=\"amend-note\" role=\"note\">{note}</div>");
    r.html.insert_str(end, &html);
    let len = html.len();
    for a in &mut r.anchors {
        if a.range.start >= end {
            a.range.start += len;
        }
        if a.range.end >= end {
            a.range.end += len;
        }
    }
}

/// What a quotation of provision `anchor` of document `doc` says about its
/// wording: the original wording, changed since by …; or the original wording
/// whose later changes nobody has checked; or the wording with no change
/// recorded up to the day the document's amendments were checked. Then the
/// document's status (as of the build) when it is not, or may not be, in
/// force. `label` and `href` name and link a provision from the quoting page.
pub fn quote_note(
    docs: &[Document],
    find: impl Fn(&str) -> Option<usize>,
    doc: usize,
    anchor: &str,
    (status, as_of): (Status, Date),
    label: impl Fn(usize, &str) -> String,
    href: impl Fn(usize, &str) -> String,
) -> String {
    let d = &docs[doc];
    let changes: Vec<String> = d
        .front
        .amendments
        .iter()
        .filter(|a| touches(a.provision.get_ref().trim(), anchor))
        .filter_map(|a| {
            let action = Action::parse(a.action.get_ref())?;
            let (number, by_anchor) = split_spec(a.by.get_ref());
            let (by, by_anchor) = (find(number)?, by_anchor?);
            let from = *a.from.get_ref();
            Some(format!(
                "{} {} {} bởi <a href=\"{}\">{} {} {}</a> từ ngày {from}",
                label(doc, a.provision.get_ref().trim()),
                if from > as_of { "sẽ" } else { "đã" },
                action.passive(),
                escape_html(&href(by, by_anchor)),
                label(by, by_anchor),
                escape_html(docs[by].kind.name()),
                escape_html(docs[by].number.canonical()),
            ))
        })
        .collect();
    let wording = if !changes.is_empty() {
        format!(
            "Nguyên văn khi ban hành, không phải nội dung hiện hành: {}.",
            changes.join("; ")
        )
    } else if let Some(checked) = &d.front.amendments_checked {
        format!(
            "Nguyên văn; không có sửa đổi nào được ghi nhận đến ngày {}.",
            checked.get_ref()
        )
    } else {
        "Nguyên văn khi ban hành; việc sửa đổi, bổ sung sau đó chưa được rà soát — cần xác minh trước khi áp dụng.".into()
    };
    match status {
        Status::HetHieuLuc | Status::CoTheDaHetHieuLuc | Status::ChuaCoHieuLuc => format!(
            "{wording} Tình trạng của {} {} tính đến ngày {as_of}: {}.",
            escape_html(d.kind.name()),
            escape_html(d.number.canonical()),
            status.name()
        ),
        _ => wording,
    }
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

    #[test]
    fn a_note_goes_after_the_element_and_ranges_follow() {
        let html = "<h4 id=\"dieu-1\">Điều 1</h4>\n<p id=\"dieu-1-khoan-1\">1. A</p>\n<p id=\"dieu-1-khoan-2\">2. B</p>";
        let k1 = html.find("<p id=\"dieu-1-khoan-1\"").unwrap();
        let k2 = html.find("<p id=\"dieu-1-khoan-2\"").unwrap();
        let mut r = Rendered {
            html: html.to_string(),
            anchors: [
                ("dieu-1", 0..html.len()),
                ("dieu-1-khoan-1", k1..k2),
                ("dieu-1-khoan-2", k2..html.len()),
            ]
            .into_iter()
            .map(|(id, range)| crate::markdown::Anchor {
                id: id.into(),
                unit: None,
                label: String::new(),
                title: String::new(),
                range,
            })
            .collect(),
            ..Rendered::default()
        };
        insert_note(&mut r, "dieu-1-khoan-1", "N");
        assert!(r.html.contains(
            "1. A</p>\n<div class=\"amend-note\" role=\"note\">N</div>\n<p id=\"dieu-1-khoan-2\""
        ));
        assert_eq!(
            r.fragment("dieu-1-khoan-2"),
            Some("<p id=\"dieu-1-khoan-2\">2. B</p>")
        );
        assert!(r.fragment("dieu-1-khoan-1").unwrap().ends_with("N</div>\n"));
        assert!(r.fragment("dieu-1").unwrap().ends_with("2. B</p>"));
    }
}
