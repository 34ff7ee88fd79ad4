//! Reading templates for [`super::check`]: what each part of a template
//! may render (from tera's syntax tree), and where each tag or call is in
//! the text (the tree keeps no positions).

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use tera::ast::{Expr, ExprVal, FunctionCall, LogicOperator, Node};

use super::{Source, Step, Vertex};

/// A step found in the syntax tree, before it is located in the text.
pub(super) struct Found {
    pub(super) to: usize,
    pub(super) step: Step,
    pub(super) always: bool,
    /// What to look for: a tag's keyword and quoted name, or a call.
    needle: Needle,
}

enum Needle {
    Tag(&'static str, String),
    Call(String, String),
}

impl Found {
    pub(super) fn drain(found: &mut Vec<Found>) -> Vec<Found> {
        std::mem::take(found)
    }
}

/// Walks one template's syntax tree, noting what each part may render.
pub(super) struct Walker<'w> {
    pub(super) sources: &'w [Source<'w>],
    pub(super) by_name: &'w HashMap<&'w str, usize>,
    pub(super) index: &'w HashMap<Vertex, usize>,
    pub(super) template: usize,
    pub(super) found: Vec<Found>,
}

impl Walker<'_> {
    fn template_vertex(&self, name: &str) -> Option<usize> {
        let t = *self.by_name.get(name)?;
        self.index
            .get(&Vertex {
                template: t,
                macro_name: None,
            })
            .copied()
    }

    pub(super) fn nodes(&mut self, nodes: &[Node], always: bool) {
        for node in nodes {
            self.node(node, always);
        }
    }

    fn node(&mut self, node: &Node, always: bool) {
        match node {
            Node::VariableBlock(_, e) => self.expr(e, always),
            Node::Extends(_, name) => {
                if let Some(to) = self.template_vertex(name) {
                    self.found.push(Found {
                        to,
                        step: Step::Extends,
                        always: true,
                        needle: Needle::Tag("extends", name.clone()),
                    });
                }
            }
            Node::Include(_, names, _) => {
                // tera renders the first of the list that exists.
                if let Some((name, to)) = names
                    .iter()
                    .find_map(|n| self.template_vertex(n).map(|t| (n, t)))
                {
                    self.found.push(Found {
                        to,
                        step: Step::Include,
                        always,
                        needle: Needle::Tag("include", name.clone()),
                    });
                }
            }
            Node::ImportMacro(_, name, _) => {
                if let Some(to) = self.template_vertex(name) {
                    self.found.push(Found {
                        to,
                        step: Step::Import,
                        always: true,
                        needle: Needle::Tag("import", name.clone()),
                    });
                }
            }
            Node::Set(_, set) => self.expr(&set.value, always),
            Node::FilterSection(_, section, _) => {
                self.call_args(&section.filter, always);
                self.nodes(&section.body, always);
            }
            Node::Block(_, block, _) => self.nodes(&block.body, always),
            Node::Forloop(_, forloop, _) => {
                self.expr(&forloop.container, always);
                self.nodes(&forloop.body, false);
                if let Some(body) = &forloop.empty_body {
                    self.nodes(body, false);
                }
            }
            Node::If(cond, _) => {
                for (k, (_, test, body)) in cond.conditions.iter().enumerate() {
                    self.expr(test, always && k == 0);
                    self.nodes(body, false);
                }
                if let Some((_, body)) = &cond.otherwise {
                    self.nodes(body, false);
                }
            }
            // Macro definitions are walked as macros of their own.
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }

    fn call_args(&mut self, call: &FunctionCall, always: bool) {
        for arg in call.args.values() {
            self.expr(arg, always);
        }
    }

    pub(super) fn expr(&mut self, e: &Expr, always: bool) {
        self.value(&e.val, always);
        for filter in &e.filters {
            self.call_args(filter, always);
        }
    }

    fn value(&mut self, v: &ExprVal, always: bool) {
        match v {
            ExprVal::MacroCall(call) => {
                if let Some(to) = self.resolve(&call.namespace, &call.name) {
                    self.found.push(Found {
                        to,
                        step: Step::Call,
                        always,
                        needle: Needle::Call(call.namespace.clone(), call.name.clone()),
                    });
                }
                for arg in call.args.values() {
                    self.expr(arg, always);
                }
            }
            ExprVal::FunctionCall(call) => self.call_args(call, always),
            ExprVal::Math(m) => {
                self.expr(&m.lhs, always);
                self.expr(&m.rhs, always);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs, always);
                // `and` and `or` stop early: their right side may not run.
                let short = matches!(l.operator, LogicOperator::And | LogicOperator::Or);
                self.expr(&l.rhs, always && !short);
            }
            ExprVal::Test(t) => {
                for arg in &t.args {
                    self.expr(arg, always);
                }
            }
            ExprVal::Array(items) => {
                for item in items {
                    self.expr(item, always);
                }
            }
            ExprVal::StringConcat(c) => {
                for part in &c.values {
                    self.value(part, always);
                }
            }
            ExprVal::In(i) => {
                self.expr(&i.lhs, always);
                self.expr(&i.rhs, always);
            }
            ExprVal::String(_)
            | ExprVal::Int(_)
            | ExprVal::Float(_)
            | ExprVal::Bool(_)
            | ExprVal::Ident(_) => {}
        }
    }

    /// The macro `namespace::name` as the walked template sees it: `self`
    /// is the template itself; other namespaces come from its imports, its
    /// parents' and those of the templates they import, as tera looks them up.
    fn resolve(&self, namespace: &str, name: &str) -> Option<usize> {
        let file = if namespace == "self" {
            Some(self.template)
        } else {
            let mut seen = vec![false; self.sources.len()];
            let mut queue = VecDeque::from([self.template]);
            let mut file = None;
            while let Some(t) = queue.pop_front() {
                if std::mem::replace(&mut seen[t], true) {
                    continue;
                }
                let tpl = self.sources[t].template;
                if let Some((f, _)) = tpl
                    .imported_macro_files
                    .iter()
                    .find(|(_, ns)| ns == namespace)
                {
                    file = self.by_name.get(f.as_str()).copied();
                    break;
                }
                let next = tpl
                    .parent
                    .iter()
                    .chain(tpl.imported_macro_files.iter().map(|(f, _)| f));
                queue.extend(next.filter_map(|n| self.by_name.get(n.as_str()).copied()));
            }
            file
        }?;
        self.index
            .get(&Vertex {
                template: file,
                macro_name: Some(name.to_string()),
            })
            .copied()
    }
}

/// A `{% ... %}` tag: where it starts and its words, without `-` and spaces.
pub(super) struct Tag {
    start: usize,
    inner: String,
}

pub(super) fn tags(text: &str) -> Vec<Tag> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("{%") {
        let start = from + i;
        let Some(len) = text[start + 2..].find("%}") else {
            break;
        };
        let inner = &text[start + 2..start + 2 + len];
        out.push(Tag {
            start,
            inner: inner
                .trim_matches(|c: char| c == '-' || c.is_whitespace())
                .to_string(),
        });
        from = start + 2 + len + 2;
    }
    out
}

/// Where each `{% macro name(...) %}` … `{% endmacro %}` is in the text.
pub(super) fn macro_ranges(text: &str, tags: &[Tag]) -> HashMap<String, Range<usize>> {
    let mut out = HashMap::new();
    let mut open: Option<(String, usize)> = None;
    for tag in tags {
        if let Some(rest) = tag.inner.strip_prefix("macro") {
            let name: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            open = Some((name, tag.start));
        } else if tag.inner.starts_with("endmacro") {
            if let Some((name, start)) = open.take() {
                out.entry(name).or_insert(start..tag.start);
            }
        }
    }
    if let Some((name, start)) = open {
        out.entry(name).or_insert(start..text.len());
    }
    out
}

/// The byte offset of the tag or call `found` stands for, in `region` and
/// outside `skip`.
pub(super) fn locate(
    text: &str,
    tags: &[Tag],
    region: &Range<usize>,
    skip: &[Range<usize>],
    found: &Found,
) -> Option<usize> {
    let usable = |at: usize| region.contains(&at) && !skip.iter().any(|r| r.contains(&at));
    match &found.needle {
        Needle::Tag(keyword, name) => tags
            .iter()
            .filter(|t| usable(t.start))
            .find(|t| {
                t.inner.starts_with(keyword)
                    && ['"', '\'', '`']
                        .iter()
                        .any(|q| t.inner.contains(&format!("{q}{name}{q}")))
            })
            .map(|t| t.start),
        Needle::Call(namespace, name) => {
            let pattern = format!(
                r"\b{}\s*::\s*{}\s*\(",
                regex::escape(namespace),
                regex::escape(name)
            );
            let re = regex::Regex::new(&pattern).ok()?;
            let at = re.find_iter(text).map(|m| m.start()).find(|&at| usable(at));
            at
        }
    }
}
