//! The relation diagram ("lược đồ") of a document, as inline SVG made at build
//! time: no JavaScript, prints, and works from file://.
//!
//! Layout is fixed and deterministic: the document in the middle, the
//! documents it points to (its bases, what it implements, amends, replaces) on
//! the left, the documents that point to it on the right, one row each, with
//! the relation written on the edge (documents it names without resting on
//! them, "liên quan", are on the left too). Two columns need no layout engine.

use crate::markdown::escape_html;

/// One box of the diagram.
pub struct Node {
    pub label: String,
    pub title: String,
    pub href: String,
    /// The relation (or relations, comma-separated), read from the centre
    /// document's side.
    pub relation: String,
    pub expired: bool,
}

const WIDTH: u32 = 760;
const BOX_W: u32 = 230;
const BOX_H: u32 = 46;
const ROW: u32 = 58;

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}

fn node_box(out: &mut String, n: &Node, x: u32, y: u32) {
    let class = if n.expired { "n expired" } else { "n" };
    out.push_str(&format!(
        "<a href=\"{}\"><title>{}</title><rect class=\"{class}\" x=\"{x}\" y=\"{y}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" class=\"l\">{}</text><text x=\"{}\" y=\"{}\" class=\"t\">{}</text></a>",
        escape_html(&n.href),
        escape_html(&format!("{} — {}", n.label, n.title)),
        x + 10,
        y + 19,
        escape_html(&truncate(&n.label, 30)),
        x + 10,
        y + 37,
        escape_html(&truncate(&n.title, 34)),
    ));
}

/// The SVG, or `None` when the document has no relations. `name`: the
/// theme's accessible name of the diagram, with `{document}` in it.
pub fn svg(
    name: &str,
    centre_label: &str,
    centre_title: &str,
    outgoing: &[Node],
    incoming: &[Node],
) -> Option<String> {
    if outgoing.is_empty() && incoming.is_empty() {
        return None;
    }
    let rows = outgoing.len().max(incoming.len()).max(1) as u32;
    let height = rows * ROW + 20;
    let cy = height / 2 - BOX_H / 2;
    let cx = (WIDTH - BOX_W) / 2;
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"group\" aria-label=\"{}\">",
        escape_html(&super::wording::fill(name, &[("document", centre_label)]))
    );
    out.push_str("<style>.n{fill:#eef4fb;stroke:#0b4f9c}.n.expired{fill:#fdecec;stroke:#8a1c1c}.c{fill:#0b4f9c}.l{font:600 13px sans-serif;fill:#1a1a1a}.t{font:12px sans-serif;fill:#333}.c+.l,.c~.t{fill:#fff}.e{stroke:#4d4d4d;fill:none}.v{font:11px sans-serif;fill:#4d4d4d}</style>");
    let column = |out: &mut String, nodes: &[Node], left: bool| {
        let total = nodes.len() as u32 * ROW;
        let top = (height - total) / 2 + (ROW - BOX_H) / 2;
        for (k, n) in nodes.iter().enumerate() {
            let y = top + k as u32 * ROW;
            let x = if left { 10 } else { WIDTH - BOX_W - 10 };
            let (x1, x2) = if left {
                (x + BOX_W, cx)
            } else {
                (cx + BOX_W, x)
            };
            let (y1, y2) = (y + BOX_H / 2, cy + BOX_H / 2);
            out.push_str(&format!("<path class=\"e\" d=\"M{x1} {y1} L{x2} {y2}\"/>"));
            let (mx, my) = ((x1 + x2) / 2, (y1 + y2) / 2);
            out.push_str(&format!(
                "<text class=\"v\" x=\"{mx}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                my.saturating_sub(4),
                escape_html(&n.relation)
            ));
            node_box(out, n, x, y);
        }
    };
    column(&mut out, outgoing, true);
    column(&mut out, incoming, false);
    out.push_str(&format!(
        "<rect class=\"c\" x=\"{cx}\" y=\"{cy}\" width=\"{BOX_W}\" height=\"{BOX_H}\" rx=\"6\"/><text x=\"{}\" y=\"{}\" class=\"l\" fill=\"#fff\" style=\"fill:#fff\">{}</text><text x=\"{}\" y=\"{}\" class=\"t\" style=\"fill:#fff\">{}</text>",
        cx + 10,
        cy + 19,
        escape_html(&truncate(centre_label, 30)),
        cx + 10,
        cy + 37,
        escape_html(&truncate(centre_title, 34))
    ));
    out.push_str("</svg>");
    Some(out)
}
