//! Names that become URLs on purpose: a new post's file and slug follow its
//! title until it is published or exported, and an empty new post is never
//! written. Real folders and SQLite files in temp dirs.

mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use quire::{Flavor, Library, ListFilter, MarkdownExportOptions, Post, PostFields};

use common::Fixture;

/// Every file under `folder`, relative, sorted (the data dir is elsewhere).
fn files(folder: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(folder).unwrap();
                found.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

/// The writer types `title` into the title field.
fn retitle(lib: &Library, post: &Post, title: &str) -> Post {
    let fields = PostFields {
        title: Some(title.into()),
        ..PostFields::default()
    };
    lib.set_fields(post.id, &post.text, &fields).unwrap()
}

fn publish(lib: &Library, post: &Post) -> Post {
    let fields = PostFields {
        draft: Some(false),
        ..PostFields::default()
    };
    lib.set_fields(post.id, &post.text, &fields).unwrap()
}

fn scan(lib: &Library) -> quire::ScanReport {
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap()
}

#[test]
fn an_empty_new_post_is_not_written_and_is_dropped_when_left() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(None).unwrap();
    assert_eq!(post.title, "Untitled");
    assert!(files(&fx.folder).is_empty(), "{:?}", files(&fx.folder));
    // Autosave of the untouched text, and of white space typed and removed.
    lib.save(post.id, &post.text).unwrap();
    lib.save(post.id, &format!("{}\n\n  \n", post.text))
        .unwrap();
    assert!(files(&fx.folder).is_empty(), "{:?}", files(&fx.folder));
    // It is listed while the writer is on it, and a scan does not trash it.
    assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 1);
    let report = scan(&lib);
    assert_eq!((report.trashed, report.added), (0, 0));
    assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 1);
    assert!(lib.leave_new_post(post.id).unwrap());
    assert!(lib.list(&ListFilter::default()).unwrap().is_empty());
    assert!(lib.list_trash().unwrap().is_empty());
    assert!(files(&fx.folder).is_empty());
}

#[test]
fn a_new_post_is_written_once_it_has_text_and_then_never_dropped() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(None).unwrap();
    let typed = format!("{}A first sentence.\n", post.text);
    let saved = lib.save(post.id, &typed).unwrap();
    assert_eq!(saved.path, "untitled.md");
    assert_eq!(fx.read("untitled.md"), typed);
    assert!(!lib.leave_new_post(post.id).unwrap());
    assert_eq!(fx.read("untitled.md"), typed);
    // A new post left empty by a session that ended is dropped at the next
    // start; one with text stays.
    let empty = lib.create(None).unwrap();
    drop(lib);
    let lib = fx.open();
    assert_eq!(lib.drop_unwritten_posts().unwrap(), 1);
    assert!(lib.get(empty.id).is_err());
    assert_eq!(lib.get(post.id).unwrap().text, typed);
    assert_eq!(files(&fx.folder), vec!["untitled.md"]);
}

#[test]
fn a_new_posts_file_and_slug_follow_its_title_until_it_is_published() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(None).unwrap();
    let post = retitle(&lib, &post, "Why I switched to plain-text blogging");
    assert_eq!(post.slug, "why-i-switched-to-plain-text-blogging");
    assert_eq!(post.path, "why-i-switched-to-plain-text-blogging.md");
    assert_eq!(
        files(&fx.folder),
        vec!["why-i-switched-to-plain-text-blogging.md"]
    );
    let body = format!("{}Plain text lasts.\n", post.text);
    lib.save(post.id, &body).unwrap();
    let post = lib.get(post.id).unwrap();
    let post = retitle(&lib, &post, "Plain text, five years on");
    assert_eq!(post.path, "plain-text-five-years-on.md");
    assert_eq!(files(&fx.folder), vec!["plain-text-five-years-on.md"]);
    assert!(fx
        .read("plain-text-five-years-on.md")
        .contains("Plain text lasts."));
    // The same post, with its history: nothing was trashed or added.
    assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 1);
    assert!(lib.list_trash().unwrap().is_empty());
    let report = scan(&lib);
    assert_eq!((report.added, report.trashed, report.renamed), (0, 0, 0));
    // Published: the name is the URL now, and stays.
    let post = publish(&lib, &post);
    let post = retitle(&lib, &post, "Plain text, six years on");
    assert_eq!(post.path, "plain-text-five-years-on.md");
    assert_eq!(post.slug, "plain-text-five-years-on");
    // Back to draft: still fixed.
    let fields = PostFields {
        draft: Some(true),
        ..PostFields::default()
    };
    let post = lib.set_fields(post.id, &post.text, &fields).unwrap();
    let post = retitle(&lib, &post, "Something else");
    assert_eq!(post.path, "plain-text-five-years-on.md");
}

#[test]
fn an_exported_post_keeps_its_name() {
    let fx = Fixture::new();
    let lib = fx.open();
    let post = lib.create(Some("Sent out")).unwrap();
    let out = fx.dir().join("out");
    let options = MarkdownExportOptions {
        flavor: Flavor::Hugo,
        include_drafts: true,
        tag: None,
    };
    lib.export_markdown(&out, &options, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    let post = retitle(&lib, &post, "Renamed after the export");
    assert_eq!(post.path, "sent-out.md");
    // A single page exported as HTML fixes the name too.
    let other = lib.create(Some("One page")).unwrap();
    lib.export_post_html(other.id, &fx.dir().join("one.html"))
        .unwrap();
    assert_eq!(retitle(&lib, &other, "Two pages").path, "one-page.md");
}

#[test]
fn an_explicit_slug_or_a_taken_name_is_respected() {
    let fx = Fixture::new();
    fx.write("notes.md", "A file Quire did not make\n");
    let lib = fx.open();
    scan(&lib);
    let post = lib.create(None).unwrap();
    let post = retitle(&lib, &post, "Notes");
    // `notes.md` (and the slug `notes`) belong to the other file's post.
    assert_eq!(post.path, "notes-2.md");
    assert_eq!(fx.read("notes.md"), "A file Quire did not make\n");
    // The writer names a slug: the file, named after the old one, follows
    // it; from then on the title no longer renames it.
    let with_slug = post.text.replacen("title:", "slug: my-notes\ntitle:", 1);
    lib.save(post.id, &with_slug).unwrap();
    let post = lib.get(post.id).unwrap();
    assert_eq!(
        (post.slug.as_str(), post.path.as_str()),
        ("my-notes", "my-notes.md")
    );
    let post = retitle(&lib, &post, "Other");
    assert_eq!(post.path, "my-notes.md");
}

#[test]
fn a_bundle_moves_with_its_folder_and_a_jekyll_name_keeps_its_date() {
    let fx = Fixture::new();
    for slug in ["first", "second"] {
        fx.write(
            &format!("content/posts/{slug}/index.md"),
            format!("---\ntitle: {slug}\n---\nText.\n"),
        );
    }
    let lib = fx.open();
    scan(&lib);
    let post = lib.create(None).unwrap();
    assert_eq!(post.path, "content/posts/untitled/index.md");
    let post = retitle(&lib, &post, "A bundle");
    assert_eq!(post.path, "content/posts/a-bundle/index.md");
    // A file beside the post (an image) moves with its folder.
    fx.write("content/posts/a-bundle/cover.png", b"PNG");
    let post = retitle(&lib, &post, "A better bundle");
    assert_eq!(post.path, "content/posts/a-better-bundle/index.md");
    assert_eq!(
        files(&fx.folder),
        vec![
            "content/posts/a-better-bundle/cover.png",
            "content/posts/a-better-bundle/index.md",
            "content/posts/first/index.md",
            "content/posts/second/index.md",
        ]
    );

    let fx = Fixture::new();
    for name in ["2020-01-02-one", "2021-03-04-two"] {
        fx.write(&format!("_posts/{name}.md"), "---\ntitle: x\n---\nText.\n");
    }
    let lib = fx.open();
    scan(&lib);
    let post = lib.create(None).unwrap();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    assert_eq!(post.path, format!("_posts/{today}-untitled.md"));
    let post = retitle(&lib, &post, "Dated");
    assert_eq!(post.path, format!("_posts/{today}-dated.md"));
    assert!(fx.folder.join(&post.path).is_file());
}

#[test]
fn renaming_the_slug_in_quire_moves_a_file_named_after_it_with_its_history() {
    let fx = Fixture::new();
    fx.write(
        "old-name.md",
        "---\ntitle: Old name\nslug: old-name\n---\nText\n",
    );
    fx.write(
        "2020-01-02-dated.md",
        "---\ntitle: Dated\nslug: dated\n---\nText\n",
    );
    fx.write(
        "custom-file.md",
        "---\ntitle: Custom\nslug: custom\n---\nText\n",
    );
    let lib = fx.open();
    scan(&lib);
    let post = lib.get_by_slug("old-name").unwrap();
    let renamed = post.text.replace("slug: old-name", "slug: new-name");
    lib.save(post.id, &renamed).unwrap();
    let post = lib.get(post.id).unwrap();
    assert_eq!(
        (post.slug.as_str(), post.path.as_str()),
        ("new-name", "new-name.md")
    );
    assert!(!fx.folder.join("old-name.md").exists());
    assert_eq!(fx.read("new-name.md"), renamed);
    // The history came along: the text before the rename is a version of it.
    let again = renamed.replace("Text", "Text, edited after the rename");
    lib.save(post.id, &again).unwrap();
    assert!(lib.revisions(post.id).unwrap().len() <= 2);
    // A Jekyll name keeps its date.
    let dated = lib.get_by_slug("dated").unwrap();
    lib.save(
        dated.id,
        &dated.text.replace("slug: dated", "slug: redated"),
    )
    .unwrap();
    assert_eq!(lib.get(dated.id).unwrap().path, "2020-01-02-redated.md");
    // A file named otherwise keeps its name: only the slug changes.
    let custom = lib.get_by_slug("custom").unwrap();
    lib.save(
        custom.id,
        &custom.text.replace("slug: custom", "slug: other"),
    )
    .unwrap();
    let custom = lib.get(custom.id).unwrap();
    assert_eq!(
        (custom.slug.as_str(), custom.path.as_str()),
        ("other", "custom-file.md")
    );
    // Nothing was trashed or added along the way.
    let report = scan(&lib);
    assert_eq!((report.added, report.trashed), (0, 0));
    assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 3);
}
