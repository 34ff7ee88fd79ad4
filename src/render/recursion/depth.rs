//! The render-time guard of [`super`]: a counter that every template and
//! macro body opens and closes, and the render that stops when it runs too
//! deep.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

use super::syntax::{macro_ranges, tags};
use super::Source;
use crate::error::Position;

/// How many templates and macro calls a render may nest. A table of contents
/// nests as deep as a law (part, chapter, section, article, clause, point):
/// far less than this. A level of a macro that recurses through an `if`,
/// a `for` and another `if` took about 4 KiB of stack in a release build
/// (30 KiB in a debug one), so 64 levels fit in the 2 MiB of any thread
/// that renders (rayon's, the watcher's, the main thread's 8 MiB).
pub const MAX_DEPTH: usize = 64;

/// The stack a render must keep free when it enters a macro or template:
/// enough for one level of the deepest nesting of tags a template holds.
/// In a debug build, or on a thread with a small stack, this check stops a
/// deep render before [`MAX_DEPTH`] does.
pub const STACK_RESERVE: usize = 256 * 1024;

/// Where a template or macro is defined, for errors found while rendering.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// Template name → (shown path, position of each macro by name).
    files: HashMap<String, (String, HashMap<String, Position>)>,
}

impl Places {
    pub fn new(sources: &[Source<'_>]) -> Places {
        let files = sources
            .iter()
            .map(|s| {
                let ranges = macro_ranges(s.text, &tags(s.text));
                let macros = ranges
                    .into_iter()
                    .map(|(name, r)| (name, Position::at(s.text, r.start)))
                    .collect();
                (s.name.to_string(), (s.shown.to_string(), macros))
            })
            .collect();
        Places { files }
    }

    /// The shown path of `template` and the position of `macro_name` in it.
    pub fn of(&self, template: &str, macro_name: Option<&str>) -> (String, Position) {
        match self.files.get(template) {
            Some((shown, macros)) => (
                shown.clone(),
                macro_name
                    .and_then(|m| macros.get(m).copied())
                    .unwrap_or(Position { line: 1, col: 1 }),
            ),
            None => (template.to_string(), Position { line: 1, col: 1 }),
        }
    }
}

const ENTER: &str = "__vanban_enter";
const LEAVE: &str = "__vanban_leave";

/// Opens every template and macro body with a call that counts one level
/// more (one function of its own for each, `__vanban_enter_N`, that knows
/// where it is: a call without arguments costs no allocation) and closes it
/// with [`LEAVE`], which counts one less.
pub fn instrument(tera: &mut Tera) {
    let call = |name: String| {
        Node::VariableBlock(
            WS::default(),
            Expr::new(ExprVal::FunctionCall(FunctionCall {
                name,
                args: HashMap::new(),
            })),
        )
    };
    let mut enters = Vec::new();
    let mut names: Vec<String> = tera.templates.keys().cloned().collect();
    names.sort();
    for name in names {
        let Some(template) = tera.templates.get_mut(&name) else {
            continue;
        };
        let mut open = |macro_name: Option<&String>| {
            let function = format!("{ENTER}_{}", enters.len());
            enters.push((
                function.clone(),
                Enter(TooDeep {
                    template: name.clone(),
                    macro_name: macro_name.cloned(),
                    stack: false,
                }),
            ));
            call(function)
        };
        template.ast.insert(0, open(None));
        template.ast.push(call(LEAVE.to_string()));
        for (macro_name, def) in template.macros.iter_mut() {
            def.body.insert(0, open(Some(macro_name)));
            def.body.push(call(LEAVE.to_string()));
        }
    }
    for (function, enter) in enters {
        tera.register_function(&function, enter);
    }
    tera.register_function(LEAVE, leave);
}

/// Why a render was stopped: where it was when it went too deep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooDeep {
    pub template: String,
    pub macro_name: Option<String>,
    /// Out of stack before [`MAX_DEPTH`] was reached.
    pub stack: bool,
}

thread_local! {
    static DEPTH: Cell<usize> = const { Cell::new(0) };
    static STOPPED: RefCell<Option<TooDeep>> = const { RefCell::new(None) };
}

/// Entering a template or macro body: one level deeper, and stopped there
/// when too deep.
struct Enter(TooDeep);

impl tera::Function for Enter {
    fn call(&self, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let depth = DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        let low_stack = stacker::remaining_stack().is_some_and(|left| left < STACK_RESERVE);
        if depth > MAX_DEPTH || low_stack {
            let stop = TooDeep {
                stack: low_stack && depth <= MAX_DEPTH,
                ..self.0.clone()
            };
            STOPPED.with(|s| *s.borrow_mut() = Some(stop));
            return Err(tera::Error::msg("lồng quá sâu"));
        }
        Ok(Value::String(String::new()))
    }

    /// Writes nothing, so there is nothing to escape.
    fn is_safe(&self) -> bool {
        true
    }
}

fn leave(_: &HashMap<String, Value>) -> tera::Result<Value> {
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    Ok(Value::String(String::new()))
}

/// Runs one render with the depth counter at zero; also returns where it
/// was stopped for going too deep, if it was.
pub fn guarded<T>(render: impl FnOnce() -> T) -> (T, Option<TooDeep>) {
    DEPTH.with(|d| d.set(0));
    STOPPED.with(|s| s.borrow_mut().take());
    let out = render();
    DEPTH.with(|d| d.set(0));
    (out, STOPPED.with(|s| s.borrow_mut().take()))
}
