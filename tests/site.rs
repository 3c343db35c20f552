//! A whole site as a writer brings it: its config read (never run), its
//! pages told from its posts, its themes and templates left alone, in every
//! generator's layout, opened in place and imported.

mod common;

use std::sync::atomic::AtomicBool;

use common::{write_file, Fixture};
use quire::{Generator, HtmlExportOptions, ImportOptions, Kind, ListFilter, Site, SiteConfig};

fn listed(lib: &quire::Library, kind: Option<Kind>) -> Vec<String> {
    let mut paths: Vec<String> = lib
        .list(&ListFilter {
            kind,
            ..ListFilter::default()
        })
        .unwrap()
        .into_iter()
        .map(|p| p.path)
        .collect();
    paths.sort();
    paths
}

fn scan(lib: &quire::Library) -> quire::ScanReport {
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap()
}

/// A Hugo blog as its writers keep them: posts in `content/posts`, an About
/// page at the top of `content`, a `page` section, a theme with its own
/// example site, archetypes, and a README that is not content.
fn hugo_site(root: &std::path::Path) {
    write_file(
        root,
        "hugo.toml",
        r#"baseURL = "https://example.org/blog/"
title = "Field Notes"
[permalinks]
posts = "/:year/:month/:slug/"
[taxonomies]
tag = "tags"
series = "series"
"#,
    );
    for n in 1..=3 {
        write_file(
            root,
            &format!("content/posts/post-{n}.md"),
            format!("---\ntitle: Post {n}\ndate: 2024-0{n}-01\ntags: [Notes]\n---\nText {n}.\n"),
        );
    }
    write_file(root, "content/posts/_index.md", "---\ntitle: Posts\n---\n");
    write_file(
        root,
        "content/about.md",
        "---\ntitle: About\n---\nWho I am.\n",
    );
    write_file(
        root,
        "content/page/contact.md",
        "---\ntitle: Contact\n---\nMail me.\n",
    );
    write_file(
        root,
        "archetypes/default.md",
        "---\ntitle: \"{{ .Name }}\"\n---\n",
    );
    write_file(
        root,
        "themes/paper/exampleSite/content/posts/demo.md",
        "---\ntitle: Theme demo\n---\n",
    );
    write_file(root, "themes/paper/README.md", "# Paper\n");
    write_file(root, "layouts/partials/note.md", "partial\n");
    write_file(root, "static/images/photo.png", b"\x89PNG\r\n\x1a\n");
    write_file(root, "README.md", "# How to build this site\n");
}

#[test]
fn each_generators_config_is_read_without_running_anything() {
    let fx = Fixture::new();
    let hugo = fx.src.join("hugo");
    hugo_site(&hugo);
    let config = SiteConfig::read(&hugo).unwrap();
    assert_eq!(config.generator, Generator::Hugo);
    assert_eq!(config.title.as_deref(), Some("Field Notes"));
    assert_eq!(
        config.base_url.as_deref(),
        Some("https://example.org/blog/")
    );
    assert_eq!(config.base_path, "/blog");
    assert_eq!(
        config.permalinks,
        [("posts".to_string(), "/:year/:month/:slug/".to_string())]
    );
    assert_eq!(config.taxonomies, ["series", "tags"]);
    assert_eq!(config.static_dirs, ["static", "assets"]);

    let zola = fx.src.join("zola");
    write_file(
        &zola,
        "config.toml",
        "base_url = \"https://zola.example\"\ntitle = \"Z\"\ntaxonomies = [{name = \"tags\"}, {name = \"authors\"}]\n",
    );
    let config = SiteConfig::read(&zola).unwrap();
    assert_eq!(config.generator, Generator::Zola);
    assert_eq!(config.taxonomies, ["tags", "authors"]);
    assert_eq!(config.base_path, "");

    // Hugo's older `config.toml` says `baseURL`, which makes it Hugo's.
    let old_hugo = fx.src.join("old-hugo");
    write_file(&old_hugo, "config.toml", "baseurl = \"https://old.example/\"\ntitle = \"Old\"\n[params]\nmainSections = [\"blog\"]\n");
    let config = SiteConfig::read(&old_hugo).unwrap();
    assert_eq!(config.generator, Generator::Hugo);
    assert_eq!(config.base_url.as_deref(), Some("https://old.example/"));
    assert_eq!(config.main_sections, ["blog"]);

    let jekyll = fx.src.join("jekyll");
    write_file(
        &jekyll,
        "_config.yml",
        "title: J's blog\nurl: https://j.example\nbaseurl: /notes\npermalink: /:year/:title/\nexclude: [docs-internal, Gemfile]\n",
    );
    let config = SiteConfig::read(&jekyll).unwrap();
    assert_eq!(config.generator, Generator::Jekyll);
    assert_eq!(config.base_url.as_deref(), Some("https://j.example/notes"));
    assert_eq!(config.base_path, "/notes");
    assert_eq!(config.exclude, ["docs-internal", "Gemfile"]);

    // Astro's config is JavaScript: noticed, never run.
    let astro = fx.src.join("astro");
    write_file(&astro, "astro.config.mjs", "throw new Error('never run')\n");
    let config = SiteConfig::read(&astro).unwrap();
    assert_eq!(config.generator, Generator::Astro);
    assert_eq!(config.static_dirs, ["public"]);
}

#[test]
fn a_hostile_config_gets_a_message_and_the_defaults() {
    let fx = Fixture::new();
    let bomb = fx.src.join("bomb");
    let mut yaml = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for n in 1..12 {
        yaml.push_str(&format!(
            "l{n}: &l{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n",
            p = if n == 1 {
                "a".to_string()
            } else {
                format!("l{}", n - 1)
            }
        ));
    }
    write_file(&bomb, "_config.yml", yaml);
    let config = SiteConfig::read(&bomb).unwrap();
    assert_eq!(config.generator, Generator::Jekyll);
    assert!(
        config
            .problem
            .as_deref()
            .unwrap_or_default()
            .contains("too many values"),
        "{:?}",
        config.problem
    );

    let huge = fx.src.join("huge");
    write_file(&huge, "hugo.toml", "#".repeat(2 << 20));
    let config = SiteConfig::read(&huge).unwrap();
    assert!(config.problem.unwrap().contains("larger than 1 MB"));

    let broken = fx.src.join("broken");
    write_file(&broken, "hugo.toml", "title = \n");
    assert!(SiteConfig::read(&broken).unwrap().problem.is_some());

    // A config that is a link out of the folder is not read.
    let linked = fx.src.join("linked");
    write_file(&fx.src, "elsewhere/hugo.toml", "title = \"Not mine\"\n");
    std::fs::create_dir_all(&linked).unwrap();
    std::os::unix::fs::symlink(fx.src.join("elsewhere/hugo.toml"), linked.join("hugo.toml"))
        .unwrap();
    assert!(SiteConfig::read(&linked).is_none());
}

#[test]
fn a_hugo_site_opened_in_place_has_posts_and_pages_and_no_theme_files() {
    let fx = Fixture::new();
    hugo_site(&fx.folder);
    let lib = fx.open();
    let report = scan(&lib);
    assert_eq!(
        listed(&lib, Some(Kind::Post)),
        [
            "content/posts/post-1.md",
            "content/posts/post-2.md",
            "content/posts/post-3.md"
        ]
    );
    assert_eq!(
        listed(&lib, Some(Kind::Page)),
        ["content/about.md", "content/page/contact.md"]
    );
    assert_eq!(
        listed(&lib, None).len(),
        5,
        "nothing from themes, archetypes or layouts"
    );
    assert!(
        report.skipped.iter().any(|(p, _)| p == "README.md"),
        "the README outside content is said to be skipped: {:?}",
        report.skipped
    );
    let site = lib.site();
    assert_eq!(site.generator(), Some(Generator::Hugo));
    assert_eq!(site.blog_sections(), ["content/posts"]);

    // Moving a page into the blog's section makes it a post, as Hugo sees it.
    std::fs::rename(
        fx.folder.join("content/about.md"),
        fx.folder.join("content/posts/about.md"),
    )
    .unwrap();
    scan(&lib);
    assert_eq!(listed(&lib, Some(Kind::Page)), ["content/page/contact.md"]);
    let about = lib
        .list(&ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|p| p.title == "About")
        .unwrap();
    assert_eq!(about.kind, Kind::Post);
    lib.check_integrity().unwrap();
}

#[test]
fn a_jekyll_site_root_has_its_pages_as_pages() {
    let fx = Fixture::new();
    let root = &fx.folder;
    write_file(root, "_config.yml", "title: J\nexclude: [vendor-docs]\n");
    write_file(
        root,
        "_posts/2020-01-02-first.md",
        "---\ntitle: First\n---\nA.\n",
    );
    write_file(
        root,
        "blog/_posts/2021-03-04-second.md",
        "---\ntitle: Second\n---\nB.\n",
    );
    write_file(root, "_drafts/idea.md", "---\ntitle: Idea\n---\nC.\n");
    write_file(
        root,
        "about.md",
        "---\ntitle: About\nlayout: page\n---\nMe.\n",
    );
    write_file(root, "docs/guide.md", "---\ntitle: Guide\n---\nHow.\n");
    write_file(root, "_includes/snippet.md", "included\n");
    write_file(root, "_layouts/default.md", "layout\n");
    write_file(root, "_site/about/index.md", "built\n");
    write_file(root, "vendor-docs/readme.md", "excluded\n");
    let lib = fx.open();
    scan(&lib);
    assert_eq!(
        listed(&lib, Some(Kind::Post)),
        [
            "_drafts/idea.md",
            "_posts/2020-01-02-first.md",
            "blog/_posts/2021-03-04-second.md"
        ]
    );
    assert_eq!(
        listed(&lib, Some(Kind::Page)),
        ["about.md", "docs/guide.md"]
    );
}

#[test]
fn a_site_in_a_docs_folder_is_found_and_only_it_is_read() {
    let fx = Fixture::new();
    write_file(&fx.folder, "README.md", "# The project\n");
    write_file(&fx.folder, "src/notes.md", "code notes\n");
    write_file(&fx.folder, "docs/_config.yml", "title: Project blog\n");
    write_file(
        &fx.folder,
        "docs/_posts/2022-02-02-release.md",
        "---\ntitle: Release\n---\nOut.\n",
    );
    write_file(
        &fx.folder,
        "docs/index.md",
        "---\ntitle: Home\n---\nWelcome.\n",
    );
    let site = Site::detect(&fx.folder);
    assert_eq!(site.root, "docs");
    let lib = fx.open();
    scan(&lib);
    assert_eq!(
        listed(&lib, Some(Kind::Post)),
        ["docs/_posts/2022-02-02-release.md"]
    );
    assert_eq!(listed(&lib, Some(Kind::Page)), ["docs/index.md"]);
}

#[test]
fn a_plain_folder_keeps_every_file_a_post_but_pages() {
    let fx = Fixture::new();
    write_file(&fx.folder, "one.md", "---\ntitle: One\n---\n");
    write_file(&fx.folder, "notes/two.md", "---\ntitle: Two\n---\n");
    write_file(&fx.folder, "pages/about.md", "---\ntitle: About\n---\n");
    write_file(&fx.folder, "static/readme.md", "a static file\n");
    let lib = fx.open();
    scan(&lib);
    assert_eq!(listed(&lib, Some(Kind::Post)), ["notes/two.md", "one.md"]);
    assert_eq!(listed(&lib, Some(Kind::Page)), ["pages/about.md"]);
}

#[test]
fn importing_a_site_root_brings_pages_as_pages_and_leaves_themes() {
    let fx = Fixture::new();
    hugo_site(&fx.src);
    let lib = fx.open();
    let report = lib
        .import(
            &fx.src,
            ImportOptions::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(report.imported, 5, "{:?}", report.skipped);
    assert_eq!(
        listed(&lib, Some(Kind::Page)),
        ["pages/about.md", "pages/contact.md"]
    );
    assert_eq!(listed(&lib, Some(Kind::Post)).len(), 3);
    assert!(report
        .posts
        .iter()
        .all(|p| !p.post.title.contains("Theme demo")));
    // A scan of the library agrees with what the import said.
    scan(&lib);
    assert_eq!(listed(&lib, Some(Kind::Page)).len(), 2);
}

#[test]
fn pages_stay_out_of_the_index_feeds_archive_and_tags() {
    let fx = Fixture::new();
    hugo_site(&fx.folder);
    write_file(
        &fx.folder,
        "content/about.md",
        "---\ntitle: About\ntags: [Notes]\n---\nWho I am. See [the first post](posts/post-1.md).\n",
    );
    let lib = fx.open();
    scan(&lib);
    let out = fx.src.join("site");
    lib.export_html(
        &out,
        &HtmlExportOptions {
            base_url: Some("https://example.org/".into()),
            ..HtmlExportOptions::default()
        },
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    let about = read("about/index.html");
    assert!(about.contains("Who I am."));
    assert!(
        about.contains(r#"href="../posts/post-1/index.html""#),
        "a page links to a post's page: {about}"
    );
    assert!(read("contact/index.html").contains("Mail me."));
    for rel in [
        "index.html",
        "archive/index.html",
        "tags/notes/index.html",
        "feed.xml",
        "rss.xml",
    ] {
        let text = read(rel);
        assert!(!text.contains("Who I am"), "{rel} lists a page");
        assert!(
            !text.contains("posts/about/"),
            "{rel} links the page as a post"
        );
    }
    assert!(read("tags/notes/index.html").contains("Post 1"));
    // Every page of the site links the pages from its navigation.
    assert!(read("index.html").contains(r#"<a href="about/index.html">About</a>"#));
    assert!(
        read("posts/post-1/index.html").contains(r#"<a href="../../about/index.html">About</a>"#)
    );
    let sitemap = read("sitemap.xml");
    assert!(sitemap.contains("https://example.org/about/"));
    assert!(!sitemap.contains("posts/about/"));
}

/// Posts that show images from the site's static folder the generator's
/// way: Markdown and raw HTML, with and without the site's base path.
fn add_static_images(root: &std::path::Path) {
    write_file(
        root,
        "content/posts/post-1.md",
        "---\ntitle: Post 1\ndate: 2024-01-01\n---\n![A photo](/images/photo.png)\n\n<img src=\"/blog/images/photo.png\" alt=\"again\">\n\n![Gone](/images/gone.png)\n",
    );
    write_file(
        root,
        "content/posts/post-2.md",
        "---\ntitle: Post 2\ndate: 2024-02-01\n---\n<figure><img src=\"/images/photo.png\" alt=\"shared\"></figure>\n\nA [PDF](/files/talk%20slides.pdf).\n",
    );
    write_file(root, "static/files/talk slides.pdf", b"%PDF-1.4");
}

#[test]
fn static_images_are_copied_once_on_import_and_missing_ones_named() {
    let fx = Fixture::new();
    hugo_site(&fx.src);
    add_static_images(&fx.src);
    let lib = fx.open();
    let report = lib
        .import(
            &fx.src,
            ImportOptions::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    assert_eq!(
        std::fs::read(fx.folder.join("static/images/photo.png")).unwrap(),
        b"\x89PNG\r\n\x1a\n"
    );
    assert!(fx.folder.join("static/files/talk slides.pdf").is_file());
    let gone: Vec<&quire::Warning> = report
        .warnings
        .iter()
        .filter(|w| w.message.contains("/images/gone.png"))
        .collect();
    assert_eq!(gone.len(), 1, "{:?}", report.warnings);
    assert_eq!(gone[0].path, "content/posts/post-1.md");
    assert!(
        gone[0].message.contains("not in the site's static folders"),
        "{}",
        gone[0].message
    );
    assert!(
        !report
            .warnings
            .iter()
            .any(|w| w.message.contains("photo.png")),
        "{:?}",
        report.warnings
    );
    // A static folder is never taken for posts.
    scan(&lib);
    assert_eq!(listed(&lib, None).len(), 5);
}

#[test]
fn the_preview_shows_site_images_from_the_static_folder() {
    let fx = Fixture::new();
    hugo_site(&fx.folder);
    add_static_images(&fx.folder);
    let lib = fx.open();
    scan(&lib);
    let text = std::fs::read_to_string(fx.folder.join("content/posts/post-1.md")).unwrap();
    let site = lib.site();
    let html = quire::render_preview(
        &text,
        Some("content/posts/post-1.md"),
        "quire-file://localhost/",
        Some((lib.folder(), &site)),
    )
    .unwrap()
    .html;
    assert!(
        html.contains(
            r#"<img src="quire-file://localhost/static/images/photo.png" alt="A photo">"#
        ),
        "{html}"
    );
    assert!(
        html.contains(r#"src="quire-file://localhost/static/images/photo.png" alt="again""#),
        "the base path is understood: {html}"
    );
    assert!(
        html.contains("Missing image</span> <code>/images/gone.png</code>"),
        "{html}"
    );
    // The scheme serves the file the address now names.
    assert!(lib
        .library_image_answer("static/images/photo.png", None)
        .is_ok());
}

#[test]
fn exports_carry_site_files_with_addresses_that_work_there() {
    let fx = Fixture::new();
    hugo_site(&fx.folder);
    add_static_images(&fx.folder);
    let lib = fx.open();
    scan(&lib);
    let out = fx.src.join("site");
    lib.export_html(
        &out,
        &HtmlExportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
    assert!(out.join("images/photo.png").is_file());
    assert!(out.join("files/talk slides.pdf").is_file());
    let post = read("posts/post-1/index.html");
    assert!(
        post.contains(r#"src="../../images/photo.png" alt="A photo""#),
        "{post}"
    );
    assert!(
        post.contains(r#"src="../../images/photo.png" alt="again""#),
        "{post}"
    );
    let post2 = read("posts/post-2/index.html");
    assert!(
        post2.contains(r#"href="../../files/talk%20slides.pdf""#),
        "{post2}"
    );
    // The index shows the excerpt with the image, relative to itself.
    assert!(read("index.html").contains(r#"src="images/photo.png""#));
    // The site's title comes from its config when the library sets none.
    assert!(read("index.html").contains("<title>Field Notes</title>"));

    let md = fx.src.join("zola-out");
    lib.export_markdown(
        &md,
        &quire::MarkdownExportOptions {
            flavor: quire::Flavor::Zola,
            include_drafts: false,
            tag: None,
        },
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    assert!(md.join("static/images/photo.png").is_file());
    assert!(md.join("static/files/talk slides.pdf").is_file());
    assert!(
        md.join("content/about.md").is_file(),
        "a page where Zola keeps pages"
    );
}

fn export_site(lib: &quire::Library, out: &std::path::Path) -> quire::ExportReport {
    lib.export_html(
        out,
        &HtmlExportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap()
}

#[test]
fn every_link_form_leads_to_its_post_in_the_html_export() {
    // Hugo: relref from the content root and from the section, a root
    // permalink, a relative path, a page.
    let fx = Fixture::new();
    hugo_site(&fx.folder);
    write_file(
        &fx.folder,
        "content/posts/post-3.md",
        "---\ntitle: Post 3\ndate: 2024-03-01\n---\n[a]({{< relref \"/posts/post-1.md\" >}}) [b]({{< ref \"post-2.md#part\" >}}) [c](/2024/01/post-1/) [d](post-2.md) [e](/about/) [f]({{< relref \"posts/post-2.md\" >}})\n",
    );
    let lib = fx.open();
    scan(&lib);
    let out = fx.src.join("hugo-out");
    export_site(&lib, &out);
    let post = std::fs::read_to_string(out.join("posts/post-3/index.html")).unwrap();
    for (text, href) in [
        ("a", "../../posts/post-1/index.html"),
        ("b", "../../posts/post-2/index.html#part"),
        ("c", "../../posts/post-1/index.html"),
        ("d", "../../posts/post-2/index.html"),
        ("e", "../../about/index.html"),
        ("f", "../../posts/post-2/index.html"),
    ] {
        assert!(post.contains(&format!("href=\"{href}\"")), "{text}: {post}");
    }
    let (checked, dead) = common::dead_links(&out);
    assert!(dead.is_empty() && checked > 20, "{dead:?}");

    // Zola: `@/` from the content folder, bundles with their images.
    let fx = Fixture::new();
    write_file(
        &fx.folder,
        "config.toml",
        "base_url = \"https://z.example\"\ntitle = \"Z\"\n",
    );
    write_file(
        &fx.folder,
        "content/blog/_index.md",
        "+++\ntitle = \"Blog\"\n+++\n",
    );
    write_file(
        &fx.folder,
        "content/blog/first/index.md",
        "+++\ntitle = \"First\"\ndate = 2023-01-01\n+++\n![Shot](shot.png)\n\nNext: [second](@/blog/second.md). {{ youtube(id=\"x\") }}\n",
    );
    write_file(
        &fx.folder,
        "content/blog/first/shot.png",
        b"\x89PNG\r\n\x1a\n",
    );
    write_file(
        &fx.folder,
        "content/blog/second.md",
        "+++\ntitle = \"Second\"\ndate = 2023-02-01\n+++\nBack to [first](@/blog/first/index.md) and [about](@/about.md).\n",
    );
    write_file(
        &fx.folder,
        "content/about.md",
        "+++\ntitle = \"About\"\n+++\nMe.\n",
    );
    let lib = fx.open();
    scan(&lib);
    assert_eq!(listed(&lib, Some(Kind::Page)), ["content/about.md"]);
    let out = fx.src.join("zola-out");
    export_site(&lib, &out);
    let second = std::fs::read_to_string(out.join("posts/second/index.html")).unwrap();
    assert!(
        second.contains(r#"href="../../posts/first/index.html""#),
        "{second}"
    );
    assert!(
        second.contains(r#"href="../../about/index.html""#),
        "{second}"
    );
    assert!(out.join("posts/first/shot.png").is_file());
    let (_, dead) = common::dead_links(&out);
    assert!(dead.is_empty(), "{dead:?}");

    // Jekyll: post_url and link, root permalinks by the config's pattern.
    let fx = Fixture::new();
    write_file(
        &fx.folder,
        "_config.yml",
        "title: J\npermalink: /:year/:month/:day/:title/\n",
    );
    write_file(
        &fx.folder,
        "_posts/2013-05-06-hello-world.md",
        "---\ntitle: Hello\n---\nFirst.\n",
    );
    write_file(
        &fx.folder,
        "_posts/2014-01-01-guide.md",
        "---\ntitle: Guide\n---\nSee [hello]({% post_url 2013-05-06-hello-world %}), [again]({% link _posts/2013-05-06-hello-world.md %}) and [old](/2013/05/06/hello-world/).\n",
    );
    let lib = fx.open();
    scan(&lib);
    let out = fx.src.join("jekyll-out");
    export_site(&lib, &out);
    let guide = std::fs::read_to_string(out.join("posts/guide/index.html")).unwrap();
    let body = &guide[guide.find("<p>See ").unwrap()..];
    let body = &body[..body.find("</p>").unwrap()];
    assert_eq!(
        body.matches(r#"href="../../posts/hello-world/index.html""#)
            .count(),
        3,
        "{body}"
    );
    let (_, dead) = common::dead_links(&out);
    assert!(dead.is_empty(), "{dead:?}");
}

#[test]
fn the_preview_follows_each_link_form_to_its_post() {
    let fx = Fixture::new();
    write_file(
        &fx.folder,
        "config.toml",
        "base_url = \"https://z.example\"\n",
    );
    write_file(
        &fx.folder,
        "content/blog/first/index.md",
        "+++\ntitle = \"First\"\n+++\n",
    );
    write_file(
        &fx.folder,
        "content/blog/second.md",
        "+++\ntitle = \"Second\"\n+++\n",
    );
    let lib = fx.open();
    scan(&lib);
    let title = |href: &str| {
        lib.post_for_link("content/blog/second.md", href)
            .unwrap()
            .map(|p| p.title)
    };
    assert_eq!(title("@/blog/first/index.md").as_deref(), Some("First"));
    assert_eq!(title("/blog/first/").as_deref(), Some("First"));
    assert_eq!(title("first/index.md").as_deref(), Some("First"));
    assert_eq!(title("@/blog/missing.md"), None);
}
