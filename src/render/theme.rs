//! Themes: tera templates and static assets.
//!
//! The default theme is compiled into the binary, so vanban works from an
//! empty folder. A site may pick a theme folder of its own
//! (`themes/<name>/templates`, `themes/<name>/static`) and override any single
//! template in its own `templates/`; later sources win. A theme's
//! `strings.toml` replaces the default's as a whole, and must hold every key
//! the build formats itself ([`Wording`]).

use std::path::Path;

use tera::Tera;

use super::wording::Wording;
use super::{minify, recursion};
use crate::error::{Diagnostic, Error, Position, Result};

macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/", $name)))),*]
    };
}
macro_rules! embed_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/", $name)).as_slice())),*]
    };
}

const TEMPLATES: &[(&str, &str)] = embed!(
    "base.html",
    "macros.html",
    "index.html",
    "document.html",
    "page.html",
    "list.html",
    "taxonomy.html",
    "taxonomies.html",
    "tasks.html",
    "registry.html",
    "404.html",
    "search.html",
);

pub(super) const STATIC: &[(&str, &[u8])] = embed_static!(
    "style.css",
    "vanban.js",
    "vanban-analyzer.js",
    "vanban-search.js",
    "favicon.svg"
);

const STRINGS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/themes/default/strings.toml"
));

/// Loaded templates, UI strings and static files.
pub struct Theme {
    pub tera: Tera,
    pub strings: toml::Table,
    /// The strings the build formats itself, checked (see [`Wording`]).
    pub wording: Wording,
    /// (site-relative path, bytes), e.g. `static/style.css`.
    pub static_files: Vec<(String, Vec<u8>)>,
    /// Where each template and macro is, for errors found while rendering.
    pub places: recursion::Places,
}

impl Theme {
    pub fn load(root: &Path, theme: &str) -> Result<Theme> {
        // (name, text, shown path, compiled into the binary)
        let mut sources: Vec<(String, String, String, bool)> = TEMPLATES
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    t.to_string(),
                    format!("themes/default/templates/{n}"),
                    true,
                )
            })
            .collect();
        let mut static_files: Vec<(String, Vec<u8>)> = STATIC
            .iter()
            .map(|(n, b)| (format!("static/{n}"), b.to_vec()))
            .collect();
        let mut strings_text = STRINGS.to_string();
        let theme_dir = root.join("themes").join(theme);
        let mut diags = Vec::new();
        for dir in [theme_dir.join("templates"), root.join("templates")] {
            read_dir_files(&dir, "", &mut |rel, bytes| {
                if rel.ends_with(".html") {
                    let shown = dir
                        .strip_prefix(root)
                        .unwrap_or(&dir)
                        .join(rel)
                        .display()
                        .to_string();
                    match String::from_utf8(bytes) {
                        Ok(text) => {
                            sources.retain(|(n, _, _, _)| n != rel);
                            sources.push((rel.to_string(), text, shown, false));
                        }
                        Err(_) => diags.push(Diagnostic::error(
                            shown,
                            Position { line: 1, col: 1 },
                            "mẫu không phải UTF-8",
                        )),
                    }
                }
            })?;
        }
        for dir in [theme_dir.join("static"), root.join("static")] {
            read_dir_files(&dir, "", &mut |rel, bytes| {
                let path = format!("static/{rel}");
                static_files.retain(|(p, _)| *p != path);
                static_files.push((path, bytes));
            })?;
        }
        let mut strings_file = "themes/default/strings.toml".to_string();
        if let Ok(text) = std::fs::read_to_string(theme_dir.join("strings.toml")) {
            strings_text = text;
            strings_file = format!("themes/{theme}/strings.toml");
        }
        let strings: toml::Table = toml::from_str(&strings_text).map_err(|e| {
            Error::Invalid(vec![Diagnostic::error(
                &strings_file,
                Position { line: 1, col: 1 },
                e.message().to_string(),
            )])
        })?;
        let wording = Wording::from_table(&strings, &strings_file)?;
        if !diags.is_empty() {
            return Err(Error::Invalid(diags));
        }
        let (tera, places) = compile(&sources)?;
        for (path, bytes) in &mut static_files {
            if path.ends_with(".js") {
                let stripped = std::str::from_utf8(bytes).ok().and_then(minify::strip_js);
                if let Some(stripped) = stripped {
                    *bytes = stripped.into_bytes();
                }
            }
        }
        static_files.sort();
        Ok(Theme {
            tera,
            strings,
            wording,
            static_files,
            places,
        })
    }
}

/// Parses every template, rejects those that could never finish rendering
/// (see [`recursion`]), and makes the tera instance that renders them.
fn compile(sources: &[(String, String, String, bool)]) -> Result<(Tera, recursion::Places)> {
    let mut diags = Vec::new();
    let mut parsed = Vec::with_capacity(sources.len());
    for (name, text, shown, _) in sources {
        match tera::Template::new(name, None, text) {
            Ok(t) => parsed.push(t),
            Err(e) => diags.push(template_diagnostic(shown, &e)),
        }
    }
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    let views: Vec<recursion::Source<'_>> = sources
        .iter()
        .zip(&parsed)
        .map(
            |((name, text, shown, builtin), template)| recursion::Source {
                name,
                shown,
                text,
                template,
                builtin: *builtin,
            },
        )
        .collect();
    let diags = recursion::check(&views);
    if !diags.is_empty() {
        return Err(Error::Invalid(diags));
    }
    let places = recursion::Places::new(&views);
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Escape only what HTML needs; tera's default also escapes `/`, which
    // bloats every URL and document number.
    tera.set_escape_fn(crate::markdown::escape_html);
    for template in parsed {
        tera.templates.insert(template.name.clone(), template);
    }
    if let Err(e) = tera
        .build_inheritance_chains()
        .and_then(|()| tera.check_macro_files())
    {
        // Tera names the template that failed; show the file it came from.
        let message = e.to_string();
        let shown = sources
            .iter()
            .find(|(n, _, _, _)| {
                message.contains(&format!("'{n}'")) || message.contains(&format!("`{n}`"))
            })
            .map_or("templates".to_string(), |(_, _, shown, _)| shown.clone());
        return Err(Error::Invalid(vec![template_diagnostic(&shown, &e)]));
    }
    recursion::instrument(&mut tera);
    Ok((tera, places))
}

/// A tera error with its chain of causes, at the line tera names when it does.
pub fn template_diagnostic(path: &str, err: &tera::Error) -> Diagnostic {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    let pos = line_col_in(&message).unwrap_or(Position { line: 1, col: 1 });
    Diagnostic::error(path, pos, message.replace('\n', " "))
        .with_hint("kiểm tra cú pháp tera của mẫu: {{ }}, {% %}, các khối mở và đóng")
}

/// Tera parse errors say `--> 12:5`.
fn line_col_in(message: &str) -> Option<Position> {
    let at = message.find("--> ")? + 4;
    let rest = &message[at..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == ':'))
        .unwrap_or(rest.len());
    let (line, col) = rest[..end].split_once(':')?;
    Some(Position {
        line: line.parse().ok()?,
        col: col.parse().ok()?,
    })
}

fn read_dir_files(dir: &Path, prefix: &str, f: &mut dyn FnMut(&str, Vec<u8>)) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = format!("{prefix}{}", rel.to_string_lossy().replace('\\', "/"));
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            f(&rel, bytes);
        }
    }
    Ok(())
}
