//! Templates that would never finish rendering.
//!
//! tera 1.x renders by plain recursion (`render_body` → `render_node` →
//! `eval_expression` → `eval_macro_call` → `render_body`…, in
//! `tera/src/renderer/processor.rs`) and bounds none of it. A template that
//! includes itself, an `{% extends %}` or `{% import %}` chain that comes back
//! to where it started (tera's own inheritance and macro-import walks recurse
//! on those while loading), or a macro that calls itself with no way out runs
//! until the thread's stack overflows, and Rust then aborts the process: a
//! `vanban serve` with it. Two guards, because neither alone is enough:
//!
//! - At load, [`check`] reads every template's tags and rejects, at the file
//!   and line of the tag, every cycle of include, extends and import (none
//!   can ever end), and every cycle of macro calls and includes in which no
//!   step sits under an `{% if %}` or `{% for %}` (nothing can stop it).
//! - A macro may still recurse through data (a tree printing its children),
//!   legitimately, and only the data decides how deep: no static check can
//!   tell. [`instrument`] opens every macro body and template with a counter,
//!   and [`guarded`] fails a render that nests deeper than [`MAX_DEPTH`], or
//!   finds less than [`STACK_RESERVE`] of stack left, instead of overflowing.
//!
//! Why not render on a thread with a huge stack instead: any fixed stack is
//! exhausted by deep enough data (`n + 1` until a million), and a fresh stack
//! for each of tens of thousands of pages costs a mapping each. The counter
//! costs two function calls per macro call and per template.
//!
//! This reads tera's parsed templates (`tera::Template`, `tera::ast`, public
//! but hidden from its docs) and edits them after parsing: `Cargo.lock` pins
//! the tera release this was written against.

mod depth;
mod syntax;

use std::collections::{HashMap, VecDeque};
use std::ops::Range;

use crate::error::{Diagnostic, Position};
pub use depth::{guarded, instrument, Places, TooDeep, MAX_DEPTH, STACK_RESERVE};
use syntax::{locate, macro_ranges, tags, Found, Tag, Walker};

/// One parsed template and where it came from.
pub struct Source<'a> {
    /// The name templates use for it (`tasks.html`).
    pub name: &'a str,
    /// The path shown in messages (`templates/tasks.html`).
    pub shown: &'a str,
    pub text: &'a str,
    pub template: &'a tera::Template,
    /// Compiled into the binary (reported after the site's own templates).
    pub builtin: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Include,
    Extends,
    Import,
    Call,
}

impl Step {
    fn verb(self) -> &'static str {
        match self {
            Step::Include => "nhúng",
            Step::Extends => "kế thừa",
            Step::Import => "nạp macro từ",
            Step::Call => "gọi",
        }
    }
}

/// A template, or a macro of one (`template`, `macro name`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Vertex {
    pub(super) template: usize,
    pub(super) macro_name: Option<String>,
}

#[derive(Debug, Clone)]
struct Edge {
    from: usize,
    to: usize,
    step: Step,
    /// Taken whenever `from` renders (not under an `if` or a `for`).
    always: bool,
    /// Byte offset of the tag or call in the file of `from`.
    at: usize,
}

/// Every cycle that would keep a render from ending, one diagnostic each.
pub fn check(sources: &[Source<'_>]) -> Vec<Diagnostic> {
    let graph = Graph::new(sources);
    let mut diags = Vec::new();
    // Include, extends and import: no cycle of these can ever end.
    let structural = |e: &Edge| {
        matches!(e.step, Step::Include | Step::Extends | Step::Import)
            && graph.vertices[e.from].macro_name.is_none()
    };
    for cycle in graph.cycles(&structural, false) {
        diags.push(graph.diagnostic(
            &cycle,
            "vòng lặp giữa các mẫu",
            "bỏ thẻ này: một mẫu không được nhúng, kế thừa hay nạp lại chính nó, trực tiếp hay qua mẫu khác",
        ));
    }
    // Calls and includes that always happen: a cycle through a macro.
    let always = |e: &Edge| e.always && e.step != Step::Import;
    for cycle in graph.cycles(&always, true) {
        diags.push(graph.diagnostic(
            &cycle,
            "macro gọi lại chính nó mà không có điều kiện dừng",
            "chỉ gọi lại macro bên trong {% if %} (hoặc {% for %}) có điều kiện dừng",
        ));
    }
    diags
}

struct Graph<'a> {
    sources: &'a [Source<'a>],
    vertices: Vec<Vertex>,
    edges: Vec<Edge>,
}

impl<'a> Graph<'a> {
    fn new(sources: &'a [Source<'a>]) -> Graph<'a> {
        let mut vertices: Vec<Vertex> = Vec::new();
        for (i, s) in sources.iter().enumerate() {
            vertices.push(Vertex {
                template: i,
                macro_name: None,
            });
            let mut names: Vec<&String> = s.template.macros.keys().collect();
            names.sort();
            for name in names {
                vertices.push(Vertex {
                    template: i,
                    macro_name: Some(name.clone()),
                });
            }
        }
        let index: HashMap<Vertex, usize> = vertices
            .iter()
            .cloned()
            .enumerate()
            .map(|(k, v)| (v, k))
            .collect();
        let by_name: HashMap<&str, usize> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.name, i))
            .collect();
        let mut graph = Graph {
            sources,
            vertices,
            edges: Vec::new(),
        };
        for (i, s) in sources.iter().enumerate() {
            let tags = tags(s.text);
            let macro_ranges = macro_ranges(s.text, &tags);
            let mut walker = Walker {
                sources,
                by_name: &by_name,
                index: &index,
                template: i,
                found: Vec::new(),
            };
            walker.nodes(&s.template.ast, true);
            let top = Found::drain(&mut walker.found);
            let own = |name: Option<&str>| {
                index[&Vertex {
                    template: i,
                    macro_name: name.map(str::to_string),
                }]
            };
            let outside: Vec<Range<usize>> = macro_ranges.values().cloned().collect();
            graph.add(own(None), top, s.text, &tags, 0..s.text.len(), &outside);
            let mut names: Vec<&String> = s.template.macros.keys().collect();
            names.sort();
            for name in names {
                let def = &s.template.macros[name];
                for arg in def.args.values().flatten() {
                    walker.expr(arg, false);
                }
                walker.nodes(&def.body, true);
                let found = Found::drain(&mut walker.found);
                let region = macro_ranges
                    .get(name.as_str())
                    .cloned()
                    .unwrap_or(0..s.text.len());
                graph.add(own(Some(name)), found, s.text, &tags, region, &[]);
            }
        }
        graph
    }

    /// Adds the edges `found` from vertex `from`, locating each in `region`
    /// of `text` (outside the ranges of `skip`).
    fn add(
        &mut self,
        from: usize,
        found: Vec<Found>,
        text: &str,
        tags: &[Tag],
        region: Range<usize>,
        skip: &[Range<usize>],
    ) {
        for f in found {
            // One edge per target: taken always if any of its uses is.
            if let Some(e) = self
                .edges
                .iter_mut()
                .find(|e| e.from == from && e.to == f.to && e.step == f.step)
            {
                e.always |= f.always;
                continue;
            }
            let at = locate(text, tags, &region, skip, &f).unwrap_or(region.start);
            self.edges.push(Edge {
                from,
                to: f.to,
                step: f.step,
                always: f.always,
                at,
            });
        }
    }

    /// The order vertices are reported in: the site's own templates first,
    /// then by path; macros first when `macros_first`.
    fn order(&self, macros_first: bool) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.vertices.len()).collect();
        order.sort_by_key(|&v| {
            let vx = &self.vertices[v];
            let s = &self.sources[vx.template];
            (
                s.builtin,
                macros_first && vx.macro_name.is_none(),
                s.shown,
                vx.macro_name.clone(),
            )
        });
        order
    }

    /// One shortest cycle (as edge indexes) per strongly connected group of
    /// vertices over the edges `keep` accepts; with `through_macro`, only
    /// groups holding a macro.
    fn cycles(&self, keep: &dyn Fn(&Edge) -> bool, through_macro: bool) -> Vec<Vec<usize>> {
        let n = self.vertices.len();
        let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (k, e) in self.edges.iter().enumerate() {
            if keep(e) {
                out_edges[e.from].push(k);
            }
        }
        let reach = |start: usize| -> Vec<bool> {
            let mut seen = vec![false; n];
            let mut queue = VecDeque::from([start]);
            while let Some(v) = queue.pop_front() {
                for &k in &out_edges[v] {
                    let to = self.edges[k].to;
                    if !seen[to] {
                        seen[to] = true;
                        queue.push_back(to);
                    }
                }
            }
            seen
        };
        let reaches: Vec<Vec<bool>> = (0..n).map(reach).collect();
        let mut reported = vec![false; n];
        let mut cycles = Vec::new();
        for v in self.order(through_macro) {
            if reported[v] || !reaches[v][v] {
                continue;
            }
            let group: Vec<usize> = (0..n).filter(|&u| reaches[v][u] && reaches[u][v]).collect();
            for &u in &group {
                reported[u] = true;
            }
            if through_macro && !group.iter().any(|&u| self.vertices[u].macro_name.is_some()) {
                continue;
            }
            if let Some(cycle) = self.shortest_cycle(v, &out_edges) {
                cycles.push(cycle);
            }
        }
        cycles
    }

    /// The shortest path of edges from `v` back to `v`.
    fn shortest_cycle(&self, v: usize, out_edges: &[Vec<usize>]) -> Option<Vec<usize>> {
        let mut came_by: Vec<Option<usize>> = vec![None; self.vertices.len()];
        let mut queue = VecDeque::from([v]);
        while let Some(u) = queue.pop_front() {
            for &k in &out_edges[u] {
                let to = self.edges[k].to;
                if to == v {
                    let mut path = vec![k];
                    let mut at = u;
                    while at != v {
                        let back = came_by[at]?;
                        path.push(back);
                        at = self.edges[back].from;
                    }
                    path.reverse();
                    return Some(path);
                }
                if came_by[to].is_none() {
                    came_by[to] = Some(k);
                    queue.push_back(to);
                }
            }
        }
        None
    }

    fn label(&self, v: usize) -> String {
        let vx = &self.vertices[v];
        let name = self.sources[vx.template].name;
        match &vx.macro_name {
            Some(m) => format!("macro {m} ({name})"),
            None => name.to_string(),
        }
    }

    /// A diagnostic at the first step of `cycle`, naming every step.
    fn diagnostic(&self, cycle: &[usize], what: &str, hint: &str) -> Diagnostic {
        let steps: Vec<String> = cycle
            .iter()
            .map(|&k| {
                let e = &self.edges[k];
                format!(
                    "{} {} {}",
                    self.label(e.from),
                    e.step.verb(),
                    self.label(e.to)
                )
            })
            .collect();
        let first = &self.edges[cycle[0]];
        let source = &self.sources[self.vertices[first.from].template];
        Diagnostic::error(
            source.shown,
            Position::at(source.text, first.at),
            format!("{what}: {}", steps.join(", ")),
        )
        .with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(list: &[(&'static str, &'static str)]) -> Vec<(tera::Template, &'static str)> {
        list.iter()
            .map(|(n, t)| (tera::Template::new(n, None, t).expect("parses"), *t))
            .collect()
    }

    fn check_all(list: &[(&'static str, &'static str)]) -> Vec<String> {
        let parsed = parse(list);
        let sources: Vec<Source<'_>> = parsed
            .iter()
            .zip(list)
            .map(|((tpl, text), (name, _))| Source {
                name,
                shown: name,
                text,
                template: tpl,
                builtin: false,
            })
            .collect();
        check(&sources).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn cycles_of_include_extends_and_import_are_found_at_their_tag() {
        let d = check_all(&[("a.html", "x\n{% include \"a.html\" %}")]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].starts_with("a.html:2:1: lỗi: vòng lặp giữa các mẫu: a.html nhúng a.html"));
        let d = check_all(&[
            ("a.html", "{% extends \"b.html\" %}"),
            ("b.html", "{% extends \"c.html\" %}"),
            ("c.html", "{% extends \"b.html\" %}"),
        ]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].contains("b.html kế thừa c.html, c.html kế thừa b.html"),
            "{d:?}"
        );
        let d = check_all(&[
            (
                "m.html",
                "{% import \"n.html\" as n %}{% macro a() %}{% endmacro %}",
            ),
            (
                "n.html",
                "{% import \"m.html\" as m %}{% macro b() %}{% endmacro %}",
            ),
        ]);
        assert_eq!(d.len(), 1, "{d:?}");
        // Conditional includes loop too: no data changes what they include.
        let d = check_all(&[("a.html", "{% if x %}{% include \"a.html\" %}{% endif %}")]);
        assert_eq!(d.len(), 1, "{d:?}");
    }

    #[test]
    fn macros_that_always_call_themselves_are_errors_and_guarded_ones_are_not() {
        let d = check_all(&[(
            "m.html",
            "{% macro ok(n) %}{% if n > 0 %}{{ self::ok(n=n - 1) }}{% endif %}{% endmacro %}\n\
             {% macro loop(n) %}\n<b>{{ self::loop(n=n) }}</b>{% endmacro %}",
        )]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(
            d[0].starts_with("m.html:3:7: lỗi: macro gọi lại chính nó mà không có điều kiện dừng: macro loop (m.html) gọi macro loop (m.html)"),
            "{d:?}"
        );
        // Through another file and an include.
        let d = check_all(&[
            (
                "m.html",
                "{% import \"n.html\" as n %}{% macro a() %}{{ n::b() }}{% endmacro %}",
            ),
            (
                "n.html",
                "{% macro b() %}{% include \"x.html\" %}{% endmacro %}",
            ),
            ("x.html", "{% import \"m.html\" as m %}{{ m::a() }}"),
        ]);
        assert!(
            d.iter()
                .any(|e| e.contains("macro a (m.html) gọi macro b (n.html)")),
            "{d:?}"
        );
        // The condition of an `if` always runs; the right side of `and` may not.
        let d = check_all(&[(
            "m.html",
            "{% macro a() %}{% if self::a() %}{% endif %}{% endmacro %}\
             {% macro b(x) %}{% if x and self::b(x=x) %}{% endif %}{% endmacro %}",
        )]);
        assert_eq!(d.len(), 1, "{d:?}");
        assert!(d[0].contains("macro a (m.html)"), "{d:?}");
    }

    #[test]
    fn the_bundled_theme_has_no_cycle() {
        let theme = super::super::Theme::load(std::path::Path::new("/nonexistent"), "default");
        assert!(theme.is_ok(), "{:?}", theme.err());
    }
}
