//! Files for machines: sitemap.xml, the Atom feed, robots.txt.
//!
//! These carry absolute URLs (from `base_url`), unlike the pages.

use super::wording::Wording;
use crate::content::Content;
use crate::legal::status::Status;
use crate::markdown::escape_html;

fn absolute(base: &str, path: &str) -> String {
    format!("{base}{path}")
}

pub fn sitemap(base: &str, paths: &[String]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for p in paths {
        out.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_html(&absolute(base, p))
        ));
    }
    out.push_str("</urlset>\n");
    out
}

pub fn robots(base: &str) -> String {
    format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n")
}

/// The Atom feed of documents, newest issue date first (at most 50). Each
/// entry carries its document's status as of the build (`status`, in content
/// order) as a category, so a reader never takes an ended law for a live one.
pub fn atom(
    base: &str,
    title: &str,
    content: &Content,
    status: &[Status],
    wording: &Wording,
) -> String {
    let mut docs: Vec<_> = content.documents.iter().zip(status).collect();
    docs.sort_by(|(a, _), (b, _)| {
        let key = |d: &crate::content::Document| d.front.issued.as_ref().map(|x| *x.get_ref());
        key(b).cmp(&key(a)).then(a.url.cmp(&b.url))
    });
    docs.truncate(50);
    let date = |d: &crate::content::Document| {
        d.front
            .issued
            .as_ref()
            .map_or("1970-01-01".to_string(), |x| x.get_ref().iso())
    };
    let updated = docs
        .first()
        .map_or("1970-01-01".to_string(), |(d, _)| date(d));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"vi\">\n  <title>{}</title>\n  <id>{}</id>\n  <link href=\"{}\"/>\n  <link rel=\"self\" href=\"{}atom.xml\"/>\n  <updated>{updated}T00:00:00+07:00</updated>\n",
        escape_html(title),
        escape_html(base),
        escape_html(base),
        escape_html(base)
    );
    for (d, status) in docs {
        let url = escape_html(&absolute(base, &d.url));
        out.push_str(&format!(
            "  <entry>\n    <title>{} {} — {}</title>\n    <id>{url}</id>\n    <link href=\"{url}\"/>\n    <updated>{}T00:00:00+07:00</updated>\n    <author><name>{}</name></author>\n    <category scheme=\"{}tinh-trang/\" term=\"{}\" label=\"{}\"/>\n  </entry>\n",
            escape_html(d.kind.name()),
            escape_html(d.number.canonical()),
            escape_html(&d.front.title),
            date(d),
            escape_html(&d.front.issuer),
            escape_html(base),
            status.slug(),
            escape_html(wording.status(*status)),
        ));
    }
    out.push_str("</feed>\n");
    out
}
