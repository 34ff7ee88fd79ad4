//! Relations between documents and their status as of a date.
//!
//! The front matter records one side of each relation (this plan *implements*
//! that decision); the graph adds the inverse side (that decision *is
//! implemented by* this plan), so both pages show it. Status follows from the
//! dates and from replacements and amendments that have taken effect.

use std::collections::HashMap;

use serde::Serialize;

use crate::content::Document;
use crate::date::Date;
use crate::error::Diagnostic;
use crate::legal::number::DocNumber;
use crate::legal::status::{status_as_of, Status, StatusFacts};

/// A relation as written in `[relations]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Relation {
    BasedOn,
    Implements,
    Guides,
    Amends,
    Replaces,
    /// A document the text names without resting on it (vbpl's "văn bản
    /// liên quan"): a plan's purposes cite a resolution, not as its basis.
    Related,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::BasedOn,
        Relation::Implements,
        Relation::Guides,
        Relation::Amends,
        Relation::Replaces,
        Relation::Related,
    ];

    /// Its key in `[relations]`, which also names its wording in the
    /// theme's `strings.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Relation::BasedOn => "based_on",
            Relation::Implements => "implements",
            Relation::Guides => "guides",
            Relation::Amends => "amends",
            Relation::Replaces => "replaces",
            Relation::Related => "related",
        }
    }

    /// The verb in `vanban check`'s messages (pages show the theme's).
    pub fn verb(self) -> &'static str {
        match self {
            Relation::BasedOn => "căn cứ",
            Relation::Implements => "thực hiện",
            Relation::Guides => "hướng dẫn",
            Relation::Amends => "sửa đổi",
            Relation::Replaces => "thay thế",
            Relation::Related => "liên quan",
        }
    }
}

/// One edge seen from a document: to `other`, outgoing or incoming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub relation: Relation,
    pub other: usize,
    pub outgoing: bool,
}

/// Documents, the edges between them and their status.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Number key (`1690/qd-ttg`) → document index.
    pub by_key: HashMap<String, usize>,
    pub edges: Vec<Vec<Edge>>,
    pub status: Vec<Status>,
    /// For expired documents: the documents that replaced them.
    pub replaced_by: Vec<Vec<usize>>,
    pub as_of: Date,
}

fn relation_lists(doc: &Document) -> [(Relation, &Vec<toml::Spanned<String>>); 6] {
    let r = &doc.front.relations;
    [
        (Relation::BasedOn, &r.based_on),
        (Relation::Implements, &r.implements),
        (Relation::Guides, &r.guides),
        (Relation::Amends, &r.amends),
        (Relation::Replaces, &r.replaces),
        (Relation::Related, &r.related),
    ]
}

/// Builds the graph. Relations to documents not in the hub are warnings.
pub fn build(docs: &[Document], as_of: Date) -> (Graph, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let by_key: HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.number.key(), i))
        .collect();
    let mut edges = vec![Vec::new(); docs.len()];
    for (i, doc) in docs.iter().enumerate() {
        for (relation, list) in relation_lists(doc) {
            for number in list {
                let target =
                    DocNumber::parse(number.get_ref()).and_then(|n| by_key.get(&n.key()).copied());
                match target {
                    Some(j) if j != i => {
                        edges[i].push(Edge {
                            relation,
                            other: j,
                            outgoing: true,
                        });
                        edges[j].push(Edge {
                            relation,
                            other: i,
                            outgoing: false,
                        });
                    }
                    Some(_) => diags.push(
                        Diagnostic::error(
                            &doc.src.path,
                            doc.src.front_pos(number.span()),
                            "văn bản không thể liên quan tới chính nó",
                        )
                        .with_hint("xóa số hiệu này khỏi [relations]"),
                    ),
                    None => diags.push(
                        Diagnostic::warning(
                            &doc.src.path,
                            doc.src.front_pos(number.span()),
                            format!("văn bản {} chưa có trong kho", number.get_ref()),
                        )
                        .with_hint("thêm văn bản đó vào content/ để liên kết được"),
                    ),
                }
            }
        }
    }
    for list in &mut edges {
        list.sort();
        list.dedup();
    }
    diags.extend(replacement_cycles(docs, &edges));
    let effective = |j: usize| docs[j].front.effective.as_ref().map(|d| *d.get_ref());
    let verified = |j: usize| docs[j].front.verify.is_none();
    let mut status = Vec::with_capacity(docs.len());
    let mut replaced_by = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        let incoming = |rel: Relation| {
            edges[i]
                .iter()
                .filter(move |e| !e.outgoing && e.relation == rel)
                .map(|e| e.other)
        };
        let facts = StatusFacts {
            effective: doc.front.effective.as_ref().map(|d| *d.get_ref()),
            expires: doc.front.expires.as_ref().map(|d| *d.get_ref()),
            // Only verified records end a document; an unverified replacement
            // makes its status uncertain, and the page warns (see render).
            replaced_from: incoming(Relation::Replaces)
                .filter(|&j| verified(j))
                .filter_map(effective)
                .collect(),
            unverified_replaced_from: incoming(Relation::Replaces)
                .filter(|&j| !verified(j))
                .filter_map(effective)
                .collect(),
            amended_from: incoming(Relation::Amends)
                .filter(|&j| verified(j))
                .filter_map(effective)
                .chain(crate::link::amendments::dates_for_status(
                    doc, docs, &by_key,
                ))
                .collect(),
            overridden: doc
                .front
                .status
                .as_ref()
                .and_then(|s| Status::parse(s.get_ref())),
        };
        status.push(status_as_of(&facts, as_of));
        replaced_by.push(
            incoming(Relation::Replaces)
                .filter(|&j| verified(j))
                .collect(),
        );
    }
    (
        Graph {
            by_key,
            edges,
            status,
            replaced_by,
            as_of,
        },
        diags,
    )
}

/// Cycles of replacements and amendments (A replaces B, B replaces A): a
/// document only replaces or amends older ones, so a cycle is a typing
/// error, and left in, it would mark every document of it expired. One error
/// per cycle, at the first document's entry, naming every step.
fn replacement_cycles(docs: &[Document], edges: &[Vec<Edge>]) -> Vec<Diagnostic> {
    let ends = |r: Relation| matches!(r, Relation::Replaces | Relation::Amends);
    let next: Vec<Vec<usize>> = edges
        .iter()
        .map(|list| {
            list.iter()
                .filter(|e| e.outgoing && ends(e.relation))
                .map(|e| e.other)
                .collect()
        })
        .collect();
    let mut diags = Vec::new();
    for group in strongly_connected(&next) {
        let Some(&first) = group.first() else {
            continue;
        };
        let Some(cycle) = shortest_cycle(first, &next, &group) else {
            continue;
        };
        // The relation each step is written as, and where.
        let step = |from: usize, to: usize| {
            relation_lists(&docs[from])
                .into_iter()
                .filter(|(r, _)| ends(*r))
                .find_map(|(r, list)| {
                    list.iter()
                        .find(|n| {
                            DocNumber::parse(n.get_ref())
                                .is_some_and(|n| n.key() == docs[to].number.key())
                        })
                        .map(|n| (r, n.span()))
                })
        };
        let names: Vec<String> = cycle
            .iter()
            .zip(cycle.iter().cycle().skip(1))
            .map(|(&a, &b)| {
                let verb = step(a, b).map_or("thay thế", |(r, _)| r.verb());
                format!(
                    "{} {verb} {}",
                    docs[a].number.canonical(),
                    docs[b].number.canonical()
                )
            })
            .collect();
        let to = cycle.get(1).copied().unwrap_or(first);
        let pos = step(first, to)
            .map_or(crate::error::Position { line: 1, col: 1 }, |(_, span)| {
                docs[first].src.front_pos(span)
            });
        diags.push(
            Diagnostic::error(
                &docs[first].src.path,
                pos,
                format!(
                    "các văn bản thay thế, sửa đổi nhau thành vòng: {}",
                    names.join(", ")
                ),
            )
            .with_hint(
                "một văn bản chỉ thay thế hoặc sửa đổi văn bản ban hành trước nó; xóa số hiệu sai khỏi replaces hoặc amends trong [relations]",
            ),
        );
    }
    diags
}

/// The groups of more than one vertex that all reach one another (Tarjan's
/// algorithm, without recursion: a long chain of amendments must not
/// exhaust the stack). Each group is sorted; groups come in no set order
/// but the caller's output is by the group's first vertex.
fn strongly_connected(next: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = next.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut counter = 0;
    let mut groups = Vec::new();
    for root in 0..n {
        if index[root] != UNSEEN || next[root].is_empty() {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        index[root] = counter;
        low[root] = counter;
        counter += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(top) = work.last_mut() {
            let (v, k) = *top;
            if let Some(&w) = next[v].get(k) {
                top.1 += 1;
                if index[w] == UNSEEN {
                    index[w] = counter;
                    low[w] = counter;
                    counter += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let mut group = Vec::new();
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        group.push(w);
                        if w == v {
                            break;
                        }
                    }
                    if group.len() > 1 {
                        group.sort_unstable();
                        groups.push(group);
                    }
                }
            }
        }
    }
    groups.sort();
    groups
}

/// The shortest cycle from `start` back to it, inside `group`, as the
/// vertices in order (starting with `start`).
fn shortest_cycle(start: usize, next: &[Vec<usize>], group: &[usize]) -> Option<Vec<usize>> {
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &next[v] {
            if group.binary_search(&w).is_err() {
                continue;
            }
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = *came_from.get(&at)?;
                    path.push(at);
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::hash_map::Entry::Vacant(e) = came_from.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_that_reach_one_another_and_their_shortest_cycle() {
        // 0 → 1 → 2 → 0, 2 → 3 → 4 → 3, 5 → 0: groups {0, 1, 2} and {3, 4}.
        let next = vec![vec![1], vec![2], vec![0, 3], vec![4], vec![3], vec![0]];
        assert_eq!(strongly_connected(&next), [vec![0, 1, 2], vec![3, 4]]);
        assert_eq!(shortest_cycle(0, &next, &[0, 1, 2]), Some(vec![0, 1, 2]));
        assert_eq!(shortest_cycle(3, &next, &[3, 4]), Some(vec![3, 4]));
        // A long chain: no recursion, no cycle.
        let chain: Vec<Vec<usize>> = (0..200_000).map(|i| vec![i + 1]).chain([vec![]]).collect();
        assert!(strongly_connected(&chain).is_empty());
    }
}
