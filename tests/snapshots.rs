//! What Quire writes, read as a whole: the preview's HTML for small inputs
//! of each kind, and one exported post page, tag page and feed. A change in
//! any of them shows as a diff of the committed `.snap` file under
//! `tests/snapshots/` (`cargo insta review` accepts an intended one).

mod common;

use std::sync::atomic::AtomicBool;

use common::Fixture;
use quire::HtmlExportOptions;

fn preview(body: &str) -> String {
    quire::render_body(body).html
}

#[test]
fn headings_get_anchors_in_order() {
    insta::assert_snapshot!(preview(
        "# Remote work\n\n## Remote work\n\n### Tools & *habits*\n"
    ));
}

#[test]
fn a_table_keeps_its_alignment() {
    insta::assert_snapshot!(preview(
        "| Tool | Cost |\n|:-----|-----:|\n| Quire | 0 |\n| Notes | 12 |\n"
    ));
}

#[test]
fn footnotes_link_both_ways() {
    insta::assert_snapshot!(preview(
        "Plain text keeps.[^1] Twice.[^note]\n\n[^1]: Files outlive apps.\n[^note]: Even this one.\n"
    ));
}

#[test]
fn code_is_highlighted_and_escaped() {
    insta::assert_snapshot!(preview(
        "```rust\nfn main() { println!(\"<b>hi</b>\"); }\n```\n\n`a < b`\n"
    ));
}

#[test]
fn hostile_html_is_made_harmless() {
    insta::assert_snapshot!(preview(concat!(
        "<script>alert(1)</script>\n\n",
        "<img src=x onerror=alert(1)>\n\n",
        "<a href=\"javascript:alert(1)\">click</a>\n\n",
        "<p class=\"notice\" style=\"position:fixed\">fake notice</p>\n\n",
        "<iframe src=\"https://example.com\"></iframe>\n\n",
        "[link](javascript:alert(1)) <details><summary>more</summary>kept</details>\n",
    )));
}

/// One post on a tag, exported as a site with a fixed base URL.
fn exported_site() -> (Fixture, tempfile::TempDir) {
    let fx = Fixture::new();
    fx.write(
        "working-from-anywhere.md",
        "---\ntitle: Working from anywhere\ndate: 2024-03-05\ntags: [Remote Work]\n---\nA **bold** start, with a footnote.[^1]\n\n[^1]: From the seed page.\n",
    );
    let lib = fx.open();
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let options = HtmlExportOptions {
        base_url: Some("https://blog.example.org/".into()),
        title: Some("Field Notes".into()),
        include_drafts: false,
        theme: None,
    };
    lib.export_html(
        &out.path().join("site"),
        &options,
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    (fx, out)
}

#[test]
fn an_exported_post_page_tag_page_and_feed() {
    let (_fx, out) = exported_site();
    let site = out.path().join("site");
    let read = |rel: &str| std::fs::read_to_string(site.join(rel)).unwrap();
    // The feed's own `updated` is the time of the export.
    insta::with_settings!({filters => vec![
        (r"<updated>\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)</updated>", "<updated>[export time]</updated>"),
    ]}, {
        insta::assert_snapshot!("post_page", read("posts/working-from-anywhere/index.html"));
        insta::assert_snapshot!("tag_page", read("tags/remote-work/index.html"));
        insta::assert_snapshot!("feed", read("feed.xml"));
    });
}
