//! Theme scripts without their comments and indentation.
//!
//! The search scripts are read on every first visit, over connections that
//! are often slow; their comments (for whoever maintains them) are a fifth
//! of their gzipped bytes. This is not a minifier: it removes only whole
//! comment lines and leading spaces, which is safe line by line because a
//! JavaScript string or regular expression cannot span lines. A script it
//! cannot be sure of (a template literal, a line continued by a
//! backslash, a block comment with code after its end) is left as it is.

/// `source` without whole-line comments, blank lines and indentation, or
/// `None` when it has a construct this cannot be sure about.
pub fn strip_js(source: &str) -> Option<String> {
    let mut out = String::with_capacity(source.len());
    let mut in_block = false;
    for line in source.lines() {
        let code = line.trim();
        if code.ends_with('\\') {
            return None;
        }
        if in_block {
            if let Some(end) = code.find("*/") {
                if end + 2 != code.len() {
                    return None;
                }
                in_block = false;
            }
            continue;
        }
        if code.starts_with("//") {
            if code.contains("*/") {
                return None;
            }
            continue;
        }
        if let Some(rest) = code.strip_prefix("/*") {
            match rest.find("*/") {
                None => {
                    in_block = true;
                    continue;
                }
                Some(end) if end + 2 == rest.len() => continue,
                // Closed on its line, with code after it: a line of code.
                Some(_) => {}
            }
        }
        // A backtick in code may open a template literal, whose lines are
        // text: leave the whole script alone.
        if code.contains('`') {
            return None;
        }
        // A block comment opened after code and left open: the lines that
        // follow are its text, which this does not track.
        if let Some(open) = code.rfind("/*") {
            if code.rfind("*/").is_none_or(|close| close < open) {
                return None;
            }
        }
        if code.is_empty() {
            continue;
        }
        out.push_str(code);
        out.push('\n');
    }
    if in_block {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_indentation_go_code_stays() {
        let src = "/*\n * Header.\n */\n'use strict';\n  // a note\n  var u = 'http://x'; // kept\n\n  var r = /\\/\\//g;\n  /* one line */\n  f(a /* inline */, b);\n  /* a */ var x = 1;\n";
        assert_eq!(
            strip_js(src).as_deref(),
            Some("'use strict';\nvar u = 'http://x'; // kept\nvar r = /\\/\\//g;\nf(a /* inline */, b);\n/* a */ var x = 1;\n")
        );
    }

    #[test]
    fn what_it_cannot_be_sure_of_is_left_alone() {
        for src in [
            "var t = `a\n// not a comment\n`;\n",
            "var s = 'a\\\n// b';\n",
            "/* a\n*/ var x = 1;\n",
            "/* open\n",
            "// a */ b\n",
            "x(); /* open\n/* inner\nend */\ny();\n",
        ] {
            assert_eq!(strip_js(src), None, "{src:?}");
        }
    }

    #[test]
    fn the_bundled_scripts_are_stripped() {
        for (name, bytes) in super::super::theme::STATIC {
            if name.ends_with(".js") {
                let src = std::str::from_utf8(bytes).expect("UTF-8");
                let out = strip_js(src).unwrap_or_else(|| panic!("{name} is left as it is"));
                assert!(out.len() < src.len(), "{name}");
            }
        }
    }
}
