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
                format!("---\ntitle: Hugo post {i}\ndate: 2021-02-{:02}\ntags: [Remote Work, Habits]\ndraft: false\nauthor: Ann\ndescription: A summary.\n---\nHugo body {i}.\n\n## Heading\n\nText.\n", 1 + i % 28),
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
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    generated_source(&source, 8);
    let lib = open_library(&tmp.path().join("library"), &tmp.path().join("data"));
    import(&lib, &source);

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
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    generated_source(&source, 8);
    let lib = open_library(&tmp.path().join("library"), &tmp.path().join("data"));
    import(&lib, &source);
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
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    generated_source(&source, 8);
    let lib = open_library(&tmp.path().join("library"), &tmp.path().join("data"));
    import(&lib, &source);

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
    let tmp = tempfile::tempdir().unwrap();
    let source = tmp.path().join("source");
    generated_source(&source, 16);
    let lib = open_library(&tmp.path().join("library"), &tmp.path().join("data"));
    import(&lib, &source);
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
