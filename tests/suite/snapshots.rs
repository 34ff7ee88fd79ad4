//! Snapshots of the rendered body of a law and a plan: layout changes show up
//! as reviewable diffs (`cargo insta review`).

use crate::common;

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("main");
    let end = html.find("</main>").expect("/main");
    &html[start..end + 7]
}

#[test]
fn law_page() {
    let out = common::build_once("basic", false);
    let html = common::read(&out.join("luat/86-2015-qh13/index.html"));
    insta::assert_snapshot!(main_of(&html));
}

#[test]
fn plan_page() {
    let out = common::build_once("basic", false);
    let html = common::read(&out.join("ke-hoach/687-kh-ubnd/index.html"));
    insta::assert_snapshot!(main_of(&html));
}
