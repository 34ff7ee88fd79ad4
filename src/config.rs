//! `vanban.toml`: the site's configuration.
//!
//! Every key has its default here and nowhere else. Unknown keys are errors
//! (`deny_unknown_fields`), so a typo never silently falls back to a default.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Diagnostic, Error, Position, Result};

pub const CONFIG_FILE: &str = "vanban.toml";

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL the site is published at; used for the sitemap and feed only,
    /// every link inside the site is relative.
    pub base_url: String,
    pub language: String,
    pub output_dir: PathBuf,
    pub index_dir: PathBuf,
    pub theme: String,
    pub taxonomies: Vec<String>,
    /// Build even when `content/` holds no page. Off by default: an empty
    /// folder (a wrong checkout, a failed copy) would otherwise replace a
    /// published hub with an empty site.
    pub allow_empty: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Kho văn bản".into(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111/".into(),
            language: "vi".into(),
            output_dir: "public".into(),
            index_dir: "search-index".into(),
            theme: "default".into(),
            taxonomies: vec![
                "loai".into(),
                "co-quan-ban-hanh".into(),
                "linh-vuc".into(),
                "nam".into(),
                "tinh-trang".into(),
            ],
            allow_empty: false,
        }
    }
}

/// The taxonomies a site may list (their names are the theme's:
/// `[taxonomy]` in `strings.toml`).
pub const KNOWN_TAXONOMIES: &[&str] =
    &["loai", "co-quan-ban-hanh", "linh-vuc", "nam", "tinh-trang"];

impl Config {
    /// Reads `vanban.toml` in `root`; a missing file means all defaults.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io(&path, e)),
        };
        Config::parse(&text, Path::new(CONFIG_FILE))
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let pos = e
                .span()
                .map_or(Position::FILE, |span| Position::at(text, span.start));
            let (message, hint) =
                crate::content::front_matter::explain_toml(&e.message().trim().replace('\n', "; "));
            Error::Invalid(vec![Diagnostic::error(path, pos, message).with_hint(hint)])
        })?;
        let mut diags = Vec::new();
        for name in &config.taxonomies {
            if !KNOWN_TAXONOMIES.contains(&name.as_str()) {
                let offset = text.find(&format!("\"{name}\"")).unwrap_or(0);
                diags.push(
                    Diagnostic::error(
                        path,
                        Position::at(text, offset),
                        format!("phân loại không có: \"{name}\""),
                    )
                    .with_hint("dùng một trong: loai, co-quan-ban-hanh, linh-vuc, nam, tinh-trang"),
                );
            }
        }
        if !diags.is_empty() {
            return Err(Error::Invalid(diags));
        }
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        Ok(config)
    }
}
