//! Code highlighting with syntect, as CSS classes (never inline styles), so one
//! generated stylesheet themes every code block and pages stay small.

use std::sync::LazyLock;

use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

const STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Highlights `code` written in `lang`; unknown languages come out escaped and plain.
pub fn highlight(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',']).next().unwrap_or("");
    let syntax = SYNTAXES
        .find_syntax_by_token(lang)
        .unwrap_or_else(|| SYNTAXES.find_syntax_plain_text());
    let mut gen = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, STYLE);
    for line in LinesWithEndings::from(code) {
        if gen
            .parse_html_for_line_which_includes_newline(line)
            .is_err()
        {
            return format!("<pre><code>{}</code></pre>", super::escape_html(code));
        }
    }
    let class = crate::text::slugify(lang);
    format!(
        "<pre class=\"code\"><code class=\"language-{class}\">{}</code></pre>\n",
        gen.finalize()
    )
}

/// The one stylesheet for all highlighted code.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    themes
        .themes
        .get("InspiredGitHub")
        .and_then(|t| css_for_theme_with_class_style(t, STYLE).ok())
        .unwrap_or_default()
}
