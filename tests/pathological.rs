//! Markdown built to break parsers: deep nesting, floods of `<`, a huge
//! post. Each renders on a thread with the ordinary 2 MiB stack (as the
//! app's preview and export do) without overflowing it, and safely. The
//! timeout only guards against a hang; `cargo bench --bench preview`
//! measures how long these take.

use std::sync::mpsc;
use std::time::Duration;

/// Far beyond any real render of these inputs, even in a debug build on a
/// busy machine: only a hang reaches it.
const HANG: Duration = Duration::from_secs(600);

fn renders_within_the_stack(name: &str, text: String) {
    let check = text.len() < 1024 * 1024;
    let (done, finished) = mpsc::channel();
    let worker = std::thread::Builder::new()
        .name(name.into())
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let rendered = quire::render(&text);
            // The scanner is slow on 50 MB in a debug build; the post is benign.
            if check {
                quire::fuzzing::check_safe_html(&rendered.html);
            }
            let _ = done.send(rendered.html.len());
        })
        .unwrap();
    match finished.recv_timeout(HANG) {
        Ok(len) => assert!(len > 0, "{name}: nothing rendered"),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: still rendering after {HANG:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            // The thread panicked: join shows why.
            worker.join().unwrap();
            panic!("{name}: the render thread ended without a result");
        }
    }
}

#[test]
fn fifty_thousand_nested_quotes() {
    renders_within_the_stack("quotes", format!("{}deep\n", ">".repeat(50_000)));
}

#[test]
fn eighty_thousand_angle_brackets() {
    renders_within_the_stack("brackets", "<".repeat(80_000));
    renders_within_the_stack("tags", "<a>".repeat(30_000));
}

#[test]
fn deeply_nested_lists_and_emphasis() {
    let list: String = (0..10_000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    renders_within_the_stack("lists", list);
    renders_within_the_stack(
        "emphasis",
        format!("{}x{}", "*_".repeat(40_000), "_*".repeat(40_000)),
    );
    renders_within_the_stack(
        "links",
        format!("{}x{}", "[".repeat(50_000), "](y)".repeat(50_000)),
    );
}

#[test]
fn a_fifty_megabyte_post() {
    let paragraph =
        "Words of a long post, with *emphasis*, `code` and a [link](https://example.com).\n\n";
    let text = paragraph.repeat(50 * 1024 * 1024 / paragraph.len() + 1);
    renders_within_the_stack("huge", text);
}

#[test]
fn two_hundred_thousand_nested_divs_show_as_text_and_shallow_html_still_renders() {
    let deep = format!(
        "{}deep{}",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    let rendered = quire::render(&deep);
    assert!(
        rendered.html.contains("&lt;div&gt;&lt;div&gt;"),
        "{}",
        &rendered.html[..200]
    );
    assert!(!rendered.html.contains("<div>"));
    renders_within_the_stack("divs", deep);
    // Raw HTML a writer nests as writers do is still HTML.
    let shallow = format!("{}shallow{}", "<div>".repeat(100), "</div>".repeat(100));
    assert!(quire::render(&shallow).html.contains("<div><div>"));
}

/// Shortcode and Liquid tags by the hundred thousand, none of them closed:
/// each block's closing tag is looked for once, not once per tag.
#[test]
fn unclosed_shortcodes_and_liquid_blocks_render() {
    let dir = tempfile::tempdir().unwrap();
    for (config, line) in [
        (
            "_config.yml",
            "{% highlight ruby %} {% raw %} {% comment %} {{ site.x \n",
        ),
        (
            "hugo.toml",
            "{{< highlight go >}} {{% notice %}} {{< figure \n",
        ),
    ] {
        let root = dir.path().join(config);
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(root.join(config), "title = \"x\"\n").unwrap();
        let text = line.repeat(100_000);
        let (done, finished) = mpsc::channel();
        std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let site = quire::Site::detect(&root);
                let html = quire::render_preview(
                    &text,
                    Some("p.md"),
                    "quire-file://localhost/",
                    Some((&root, &site)),
                )
                .unwrap()
                .html;
                let _ = done.send(html.len());
            })
            .unwrap();
        let len = finished.recv_timeout(HANG).expect("the render finishes");
        assert!(len > 0);
    }
}
