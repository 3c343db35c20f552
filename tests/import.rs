//! Importing a generated folder that mixes every dialect Quire reads, page
//! bundles and bad input, into a real library on a real filesystem.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use quire::{
    FrontMatter, ImportOptions, ImportReport, Library, ListFilter, OpenOptions, RevisionSource,
    Status,
};

use common::Fixture;

const HUGO_YAML: &str = "---\ntitle: \"Hugo: YAML post\"\ndate: 2022-03-04T09:30:00+01:00\ntags: [Go, Static Sites]\ncategories: [tech]\ndescription: A summary\nweight: 10\n---\nHugo body with a [link](https://gohugo.io).\n";
const HUGO_TOML: &str = "+++\ntitle = \"Hugo TOML post\"\ndate = 2022-05-06\ntags = [\"Go\"]\ndraft = true\n[params]\nauthor = \"Ann\"\n+++\nTOML body.\n";
const BUNDLE: &str = "---\ntitle: My Trip\ndate: 2021-08-09\ntags: [Travel]\n---\n![The view](photo.jpg)\n\n![Map](images/map.png)\n";
const ZOLA: &str = "+++\ntitle = \"Zola post\"\ndate = 2020-01-02\ndraft = true\n\n[taxonomies]\ntags = [\"Rust\", \"Zola\"]\n\n[extra]\nlead = \"kept\"\n+++\nZola body.\n";
const JEKYLL: &str = "---\nlayout: post\ntitle: Jekyll post\ntags: ruby liquid\npublished: false\n---\nJekyll body.\n";
const ASTRO: &str = "---\ntitle: Astro post\npubDate: 2023-07-08\nupdatedDate: 2023-07-09\ndraft: false\ntags: [\"Astro\", \"JS\"]\n---\nAstro body with ![pic](./images/pic.png) and ![gone](missing.png) and ![up](../shared/up.png).\n";
const OBSIDIAN: &str = "# Note Heading\n\nA note with #inline tags and no front matter.\n";

fn write_corpus(fx: &Fixture) {
    fx.write_source("hugo/content/posts/yaml-post.md", HUGO_YAML);
    fx.write_source("hugo/content/posts/toml-post.md", HUGO_TOML);
    fx.write_source("hugo/content/posts/my-trip/index.md", BUNDLE);
    fx.write_source("hugo/content/posts/my-trip/photo.jpg", b"JPEG bytes");
    fx.write_source("hugo/content/posts/my-trip/images/map.png", b"PNG bytes");
    fx.write_source(
        "hugo/content/posts/my-trip/notes.txt",
        b"bundle file, not linked",
    );
    fx.write_source("hugo/content/posts/_index.md", "---\ntitle: Posts\n---\n");
    fx.write_source("zola/content/blog/zola-post.md", ZOLA);
    fx.write_source("jekyll/_posts/2019-10-11-jekyll-post.md", JEKYLL);
    fx.write_source("astro/src/content/blog/astro-post.md", ASTRO);
    fx.write_source("astro/src/content/blog/images/pic.png", b"pic");
    fx.write_source("astro/src/content/shared/up.png", b"up");
    fx.write_source("obsidian/Vault Note.md", OBSIDIAN);
    fx.write_source("obsidian/Untitled idea.md", "Just a thought.\n");
    fx.write_source("obsidian/.obsidian/workspace.md", "# not a post\n");
    fx.write_source("node_modules/pkg/README.md", "# not a post\n");
    fx.write_source("collide/a/same-name.md", "First\n");
    fx.write_source("collide/b/same-name.md", "Second\n");
    // Bad input: each must give a report line, and none stops the rest.
    fx.write_source("bad/unclosed.md", "---\ntitle: never closed\nbody\n");
    fx.write_source(
        "bad/broken-yaml.md",
        "---\ntitle: ok\ntags: [unclosed\n---\nbody\n",
    );
    fx.write_source("bad/latin1.md", [b'c', b'a', b'f', 0xe9, b'\n']);
    fx.write_source("bad/binary.md", [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0, 0]);
    fx.write_source("bad/empty.md", "");
    fx.write_source("bad/component.mdx", "# MDX\n");
    let mut bomb = String::from("---\na: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for i in 0..9 {
        let p = if i == 0 {
            "a".to_string()
        } else {
            format!("b{}", i - 1)
        };
        bomb.push_str(&format!(
            "b{i}: &b{i} [*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p},*{p}]\n"
        ));
    }
    bomb.push_str("---\nbody\n");
    fx.write_source("bad/bomb.md", bomb);
    let huge = std::fs::File::create(fx.src.join("bad/huge.md")).unwrap();
    huge.set_len(65 << 20).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&fx.src, fx.src.join("bad/loop")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", fx.src.join("bad/outside.md")).unwrap();
    }
}

fn skipped_reason<'a>(report: &'a ImportReport, path: &str) -> &'a str {
    report
        .skipped
        .iter()
        .find(|s| s.path == path)
        .map(|s| s.reason.as_str())
        .unwrap_or_else(|| panic!("{path} not skipped: {:?}", report.skipped))
}

fn body(text: &str) -> &str {
    FrontMatter::split(text).body
}

#[test]
fn imports_every_dialect_with_fields_assets_and_a_clear_report() {
    let fx = Fixture::new();
    write_corpus(&fx);
    let lib = fx.open();
    let report = fx.import(&lib, false);

    assert_eq!(
        (report.imported, report.updated, report.unchanged),
        (10, 0, 0),
        "{report:#?}"
    );
    assert!(skipped_reason(&report, "hugo/content/posts/_index.md").contains("section page"));
    assert!(skipped_reason(&report, "bad/unclosed.md").contains("never closed"));
    assert!(
        skipped_reason(&report, "bad/broken-yaml.md")
            .starts_with("front matter error at line 4, column"),
        "{report:#?}"
    );
    assert!(skipped_reason(&report, "bad/latin1.md").contains("not UTF-8"));
    assert!(skipped_reason(&report, "bad/binary.md").contains("binary"));
    assert!(skipped_reason(&report, "bad/empty.md").contains("empty"));
    assert!(skipped_reason(&report, "bad/component.mdx").contains("MDX"));
    assert!(skipped_reason(&report, "bad/bomb.md").contains("too many values"));
    assert!(skipped_reason(&report, "bad/huge.md").contains("64 MB"));
    assert!(skipped_reason(&report, "bad/loop").contains("symbolic link"));
    assert!(skipped_reason(&report, "bad/outside.md").contains("symbolic link"));
    assert_eq!(report.skipped.len(), 11, "{:#?}", report.skipped);
    let warnings: Vec<String> = report
        .warnings
        .iter()
        .map(|w| format!("{}: {}", w.path, w.message))
        .collect();
    assert_eq!(warnings.len(), 2, "{warnings:#?}");
    assert!(warnings
        .iter()
        .any(|w| w.contains("broken link: missing.png")));
    assert!(warnings
        .iter()
        .any(|w| w.contains("../shared/up.png points outside")));

    let get = |slug: &str| {
        lib.get_by_slug(slug)
            .unwrap_or_else(|e| panic!("{slug}: {e}"))
    };
    let p = get("yaml-post");
    assert_eq!(
        (p.title.as_str(), p.status, p.date.as_deref()),
        ("Hugo: YAML post", Status::Published, Some("2022-03-04"))
    );
    assert_eq!(p.tags, vec!["Go", "Static Sites"]);
    assert_eq!(
        p.text, HUGO_YAML,
        "unknown keys (categories, weight) are kept verbatim"
    );
    let p = get("toml-post");
    assert_eq!(
        (p.status, p.tags.clone(), p.text.as_str()),
        (Status::Draft, vec!["Go".to_string()], HUGO_TOML)
    );
    let p = get("my-trip");
    assert_eq!(p.path, "my-trip/index.md");
    assert_eq!(
        std::fs::read(fx.folder.join("my-trip/photo.jpg")).unwrap(),
        b"JPEG bytes"
    );
    assert_eq!(
        std::fs::read(fx.folder.join("my-trip/images/map.png")).unwrap(),
        b"PNG bytes"
    );
    assert!(
        fx.folder.join("my-trip/notes.txt").exists(),
        "every file of a page bundle comes along"
    );
    let p = get("zola-post");
    assert_eq!(
        (p.status, p.tags.clone(), p.date.as_deref()),
        (
            Status::Draft,
            vec!["Rust".to_string(), "Zola".to_string()],
            Some("2020-01-02")
        )
    );
    assert_eq!(p.text, ZOLA);
    let p = get("jekyll-post");
    assert_eq!(
        (p.status, p.date.as_deref(), p.tags.clone()),
        (
            Status::Draft,
            Some("2019-10-11"),
            vec!["ruby".to_string(), "liquid".to_string()]
        )
    );
    assert_eq!(
        body(&p.text),
        body(JEKYLL),
        "the body is kept byte for byte"
    );
    assert!(
        p.text.contains("date: 2019-10-11\n"),
        "the date from the file name is written down: {}",
        p.text
    );
    let p = get("astro-post");
    assert_eq!(
        (p.status, p.date.as_deref(), p.path.as_str()),
        (Status::Published, Some("2023-07-08"), "astro-post/index.md")
    );
    assert_eq!(
        std::fs::read(fx.folder.join("astro-post/images/pic.png")).unwrap(),
        b"pic"
    );
    assert_eq!(p.text, ASTRO);
    let p = get("vault-note");
    assert_eq!(
        (p.title.as_str(), p.text.as_str(), p.status),
        ("Note Heading", OBSIDIAN, Status::Published)
    );
    let p = get("untitled-idea");
    assert_eq!(
        p.title, "Untitled idea",
        "the file name is the title of a bare note"
    );
    assert_eq!(body(&p.text), "Just a thought.\n");
    assert_eq!(body(&get("same-name").text), "First\n");
    assert_eq!(
        body(&get("same-name-2").text),
        "Second\n",
        "a slug collision gets a stable suffix"
    );

    // The report's posts carry where each came from.
    let sources: Vec<&str> = report.posts.iter().map(|p| p.source.as_str()).collect();
    assert!(sources.contains(&"jekyll/_posts/2019-10-11-jekyll-post.md"));
    assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 10);
}

#[test]
fn importing_again_changes_nothing_and_a_changed_source_updates_with_a_revision() {
    let fx = Fixture::new();
    write_corpus(&fx);
    let lib = fx.open();
    fx.import(&lib, false);
    let again = fx.import(&lib, false);
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 10));
    assert!(again.posts.is_empty());
    assert_eq!(
        lib.list(&ListFilter::default()).unwrap().len(),
        10,
        "nothing duplicated"
    );

    let changed = HUGO_YAML.replace("Hugo body", "Edited Hugo body");
    fx.write_source("hugo/content/posts/yaml-post.md", &changed);
    let third = fx.import(&lib, false);
    assert_eq!((third.imported, third.updated, third.unchanged), (0, 1, 9));
    let post = lib.get_by_slug("yaml-post").unwrap();
    assert_eq!(post.text, changed);
    assert_eq!(
        std::fs::read_to_string(fx.folder.join(&post.path)).unwrap(),
        changed
    );
    let revisions = lib.revisions(post.id).unwrap();
    assert_eq!(
        (revisions[0].source, revisions[0].text.as_str()),
        (RevisionSource::Import, HUGO_YAML)
    );
}

#[test]
fn a_dry_run_reports_the_same_and_writes_nothing() {
    let fx = Fixture::new();
    write_corpus(&fx);
    let lib = fx.open();
    let dry = fx.import(&lib, true);
    assert_eq!(dry.imported, 10);
    assert!(lib.list(&ListFilter::default()).unwrap().is_empty());
    let files: Vec<_> = std::fs::read_dir(&fx.folder).unwrap().collect();
    assert!(files.is_empty(), "{files:?}");
    let real = fx.import(&lib, false);
    let slugs = |r: &ImportReport| {
        r.posts
            .iter()
            .map(|p| p.post.slug.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(slugs(&dry), slugs(&real));
}

#[test]
fn the_library_itself_cannot_be_imported_into_itself() {
    let fx = Fixture::new();
    let lib = fx.open();
    let err = lib
        .import(
            &fx.folder,
            ImportOptions::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap_err();
    assert!(err.to_string().contains("own folder"), "{err}");
}

#[test]
fn a_cancelled_import_keeps_what_it_did_and_running_again_finishes() {
    let fx = Fixture::new();
    for i in 0..600 {
        fx.write_source(
            &format!("posts/post-{i:03}.md"),
            format!("---\ntitle: Post {i}\n---\nBody {i}\n"),
        );
    }
    let lib = fx.open();
    let cancel = AtomicBool::new(false);
    let err = lib
        .import(
            &fx.src,
            ImportOptions::default(),
            &mut |p| {
                if p.done >= 256 {
                    cancel.store(true, std::sync::atomic::Ordering::Relaxed);
                }
            },
            &cancel,
        )
        .unwrap_err();
    assert!(matches!(err, quire::Error::Cancelled));
    let partial = lib.list(&ListFilter::default()).unwrap().len();
    assert!(partial > 0 && partial < 600, "{partial}");
    let report = fx.import(&lib, false);
    assert_eq!(
        (report.imported, report.unchanged),
        (600 - partial, partial)
    );
    assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 600);
}

#[test]
fn opening_a_folder_in_place_reads_each_dialect_where_it_is() {
    let fx = Fixture::new();
    write_corpus(&fx);
    let lib = Library::open(
        &fx.src,
        OpenOptions {
            data_dir: Some(fx.data.clone()),
        },
    )
    .unwrap();
    let report = lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    // In place, a file whose front matter is broken stays a post (its text is
    // the truth and the writer fixes it in the editor); unreadable ones are skipped.
    assert_eq!(report.added, 14, "{report:#?}");
    let skipped: Vec<&str> = report.skipped.iter().map(|(p, _)| p.as_str()).collect();
    for path in [
        "bad/binary.md",
        "bad/latin1.md",
        "bad/huge.md",
        "bad/component.mdx",
        "bad/loop",
        "bad/outside.md",
    ] {
        assert!(skipped.contains(&path), "{path} in {skipped:?}");
    }
    let broken = lib.get_by_slug("broken-yaml").unwrap();
    assert!(broken.text.contains("tags: [unclosed"));
    assert!(
        broken
            .problem
            .as_deref()
            .is_some_and(|p| p.starts_with("front matter error at line 4")),
        "{:?}",
        broken.problem
    );
    assert_eq!(lib.get_by_slug("jekyll-post").unwrap().problem, None);
    let jekyll = lib.get_by_slug("jekyll-post").unwrap();
    assert_eq!(
        (jekyll.path.as_str(), jekyll.date.as_deref()),
        (
            "jekyll/_posts/2019-10-11-jekyll-post.md",
            Some("2019-10-11")
        )
    );
    assert_eq!(jekyll.text, JEKYLL, "opened in place, nothing is rewritten");
    assert_eq!(
        lib.get_by_slug("my-trip").unwrap().path,
        "hugo/content/posts/my-trip/index.md"
    );
    assert_eq!(
        lib.get_by_slug("untitled-idea").unwrap().title,
        "Untitled idea"
    );
    assert!(report
        .skipped
        .iter()
        .any(|(p, r)| p == "hugo/content/posts/_index.md" && r.contains("section page")));
    assert!(Path::new(&fx.src)
        .join("hugo/content/posts/yaml-post.md")
        .exists());
}

#[test]
fn new_posts_follow_the_layout_of_a_folder_opened_in_place() {
    for (files, expected_prefix, toml) in [
        (
            vec![
                (
                    "content/blog/a.md",
                    "+++\ntitle = \"A\"\n[taxonomies]\ntags = [\"x\"]\n+++\n",
                ),
                (
                    "content/blog/b.md",
                    "+++\ntitle = \"B\"\n[taxonomies]\ntags = []\n+++\n",
                ),
            ],
            "content/blog/new-post.md",
            true,
        ),
        (
            vec![
                ("_posts/2020-01-01-a.md", "---\ntitle: A\n---\n"),
                ("_posts/2021-01-01-b.md", "---\ntitle: B\n---\n"),
            ],
            "_posts/",
            false,
        ),
        (
            vec![
                ("content/posts/a/index.md", "---\ntitle: A\n---\n"),
                ("content/posts/b/index.md", "---\ntitle: B\n---\n"),
            ],
            "content/posts/new-post/index.md",
            false,
        ),
        (vec![], "new-post.md", false),
    ] {
        let fx = Fixture::new();
        for (path, text) in &files {
            fx.write_source(path, text);
        }
        let lib = Library::open(
            &fx.src,
            OpenOptions {
                data_dir: Some(fx.data.clone()),
            },
        )
        .unwrap();
        lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
        let post = lib.create(Some("New Post")).unwrap();
        assert!(
            post.path.starts_with(expected_prefix),
            "{} for {files:?}",
            post.path
        );
        if expected_prefix == "_posts/" {
            let today = chrono::Local::now().format("%Y-%m-%d").to_string();
            assert_eq!(post.path, format!("_posts/{today}-new-post.md"));
        }
        assert_eq!(post.text.starts_with("+++\n"), toml, "{}", post.text);
        if toml {
            // Zola keeps tags under [taxonomies] and refuses unknown top-level keys.
            assert!(
                post.text.contains("[taxonomies]\ntags = []"),
                "{}",
                post.text
            );
        }
        assert_eq!(post.title, "New Post");
        assert_eq!(post.status, Status::Draft);
        assert!(fx.src.join(&post.path).exists());
    }
}

#[test]
fn drafts_symlinked_folders_and_existing_files_are_respected() {
    let fx = Fixture::new();
    fx.write_source(
        "_drafts/unfinished.md",
        "---\ntitle: Unfinished\n---\nNot yet.\n",
    );
    let outside = fx.src.parent().unwrap().join("secrets");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("id_rsa"), "KEY").unwrap();
    fx.write_source("posts/leak.md", "---\ntitle: Leak\n---\n![k](sub/id_rsa)\n");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, fx.src.join("posts/sub")).unwrap();
    let lib = fx.open();
    let report = fx.import(&lib, false);
    let draft = lib.get_by_slug("unfinished").unwrap();
    assert_eq!(draft.status, Status::Draft, "Jekyll's _drafts are drafts");
    assert!(draft.text.contains("draft: true"));
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.message.contains("outside the imported folder")),
        "{:?}",
        report.warnings
    );
    let all: Vec<_> = walk_files(&fx.folder);
    assert!(!all.iter().any(|p| p.ends_with("id_rsa")), "{all:?}");

    // A post imported without images sits at the library's top. When its
    // source later links an image whose name a different library file has,
    // that file is not copied over.
    fx.write_source("later/new.md", "---\ntitle: New\n---\nNo image yet.\n");
    fx.import(&lib, false);
    assert_eq!(lib.get_by_slug("new").unwrap().path, "new.md");
    std::fs::write(fx.folder.join("photo.jpg"), "MINE").unwrap();
    fx.write_source("later/new.md", "---\ntitle: New\n---\n![p](photo.jpg)\n");
    fx.write_source("later/photo.jpg", "THEIRS");
    let report = fx.import(&lib, false);
    assert_eq!(report.updated, 1);
    assert_eq!(
        std::fs::read_to_string(fx.folder.join("photo.jpg")).unwrap(),
        "MINE"
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.path == "photo.jpg" && w.message.contains("a different file")),
        "{:?}",
        report.warnings
    );
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            out.extend(walk_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}
