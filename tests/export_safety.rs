//! What an export must never touch, on real folders and symlinks: a folder
//! someone else marked as an export, anything behind a symbolic link, files
//! the writer changed or added in the output, hidden files a post links to,
//! and a site folder that holds the library itself.

mod common;

use std::path::Path;
use std::sync::atomic::AtomicBool;

use common::{open_library, trash_titled, write_file};
use quire::{Flavor, HtmlExportOptions, ImportOptions, Library, MarkdownExportOptions};

fn hugo() -> MarkdownExportOptions {
    MarkdownExportOptions {
        flavor: Flavor::Hugo,
        include_drafts: true,
        tag: None,
    }
}

fn plain() -> MarkdownExportOptions {
    MarkdownExportOptions {
        flavor: Flavor::Plain,
        include_drafts: true,
        tag: None,
    }
}

fn export(
    lib: &Library,
    out: &Path,
    options: &MarkdownExportOptions,
) -> quire::Result<quire::ExportReport> {
    lib.export_markdown(out, options, &mut |_| {}, &AtomicBool::new(false))
}

fn export_html(lib: &Library, out: &Path) -> quire::Result<quire::ExportReport> {
    lib.export_html(
        out,
        &HtmlExportOptions {
            base_url: Some("https://example.org/".into()),
            title: Some("Notes".into()),
            include_drafts: true,
            theme: None,
        },
        &mut |_| {},
        &AtomicBool::new(false),
    )
}

/// A library in `root/library` holding the posts `files` (path, text), scanned.
fn library_with(root: &Path, files: &[(&str, &str)]) -> Library {
    let folder = root.join("library");
    for (rel, text) in files {
        write_file(&folder, rel, text);
    }
    let lib = open_library(&folder, &root.join("data"));
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    lib
}

fn messages(report: &quire::ExportReport) -> String {
    report
        .warnings
        .iter()
        .map(|w| w.message.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_marker_someone_else_wrote_deletes_nothing_inside_or_behind_a_link() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = library_with(tmp.path(), &[("post.md", "---\ntitle: Post\n---\nBody.\n")]);
    let outside = tmp.path().join("outside");
    write_file(&outside, "keep.txt", "kept outside");
    let victim = tmp.path().join("victim");
    write_file(&victim, "thesis.docx", "years of work");
    std::os::unix::fs::symlink(&outside, victim.join("link")).unwrap();

    // The audit's marker (the old format) and one in the new format naming
    // another library: neither makes the folder this library's.
    for marker in [
        r#"{"files":["thesis.docx","link/keep.txt"]}"#.to_string(),
        r#"{"library":"0123456789abcdef","files":{"thesis.docx":"x","link/keep.txt":"y"}}"#
            .to_string(),
    ] {
        std::fs::write(victim.join(".quire-export"), &marker).unwrap();
        for options in [plain(), hugo()] {
            let err = export(&lib, &victim, &options).unwrap_err();
            assert!(err.to_string().contains("not this library's"), "{err}");
        }
        let err = export_html(&lib, &victim).unwrap_err();
        assert!(err.to_string().contains("not this library's"), "{err}");
        assert_eq!(
            std::fs::read_to_string(victim.join("thesis.docx")).unwrap(),
            "years of work"
        );
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept outside"
        );
    }
}

#[test]
fn a_marker_with_this_librarys_id_still_removes_only_files_it_wrote_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = library_with(tmp.path(), &[("post.md", "---\ntitle: Post\n---\nBody.\n")]);
    let out = tmp.path().join("out");
    export(&lib, &out, &plain()).unwrap();
    // Someone who read this library's id from the marker lists a file of
    // theirs; its hash is not the one Quire recorded, so it stays.
    let marker = std::fs::read_to_string(out.join(".quire-export")).unwrap();
    let forged: serde_json::Value = serde_json::from_str(&marker).unwrap();
    let id = forged["library"].as_str().unwrap().to_string();
    write_file(&out, "thesis.docx", "years of work");
    std::fs::write(
        out.join(".quire-export"),
        format!(
            r#"{{"library":"{id}","files":{{"thesis.docx":"{}"}}}}"#,
            "0".repeat(64)
        ),
    )
    .unwrap();
    let report = export(&lib, &out, &plain()).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.docx")).unwrap(),
        "years of work"
    );
    assert!(
        messages(&report).contains("kept thesis.docx"),
        "{}",
        messages(&report)
    );
}

#[test]
fn an_earlier_export_whose_folder_became_a_link_is_neither_written_nor_pruned_through_it() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = library_with(
        tmp.path(),
        &[
            ("first.md", "---\ntitle: First\n---\nOne.\n"),
            ("second.md", "---\ntitle: Second\n---\nTwo.\n"),
        ],
    );
    let out = tmp.path().join("site");
    export(&lib, &out, &hugo()).unwrap();
    assert!(out.join("content/posts/first.md").is_file());

    // content/posts replaced by a link to a folder of the writer's with a
    // file of the same name as an exported post.
    let outside = tmp.path().join("elsewhere");
    write_file(&outside, "first.md", "the writer's own first.md");
    write_file(&outside, "second.md", "the writer's own second.md");
    std::fs::remove_dir_all(out.join("content/posts")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("content/posts")).unwrap();
    // One post trashed: its file would be pruned, through the link.
    trash_titled(&lib, "Second");

    let report = export(&lib, &out, &hugo()).unwrap();
    assert_eq!(
        std::fs::read_to_string(outside.join("first.md")).unwrap(),
        "the writer's own first.md"
    );
    assert_eq!(
        std::fs::read_to_string(outside.join("second.md")).unwrap(),
        "the writer's own second.md"
    );
    assert!(
        messages(&report).contains("symbolic link"),
        "{}",
        messages(&report)
    );
    assert!(std::fs::symlink_metadata(out.join("content/posts"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn files_the_writer_changed_or_added_in_the_output_are_never_overwritten_or_removed() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = library_with(
        tmp.path(),
        &[
            ("first.md", "---\ntitle: First\n---\nOne.\n"),
            ("second.md", "---\ntitle: Second\n---\nTwo.\n"),
        ],
    );
    let out = tmp.path().join("site");
    export(&lib, &out, &hugo()).unwrap();
    // The writer touched up one exported post by hand, and the other's post
    // is trashed after they edited its exported file too.
    std::fs::write(out.join("content/posts/first.md"), "hand-edited first").unwrap();
    std::fs::write(out.join("content/posts/second.md"), "hand-edited second").unwrap();
    trash_titled(&lib, "Second");
    let report = export(&lib, &out, &hugo()).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("content/posts/first.md")).unwrap(),
        "hand-edited first"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("content/posts/second.md")).unwrap(),
        "hand-edited second"
    );
    let said = messages(&report);
    assert!(
        said.contains("not written: content/posts/first.md"),
        "{said}"
    );
    assert!(said.contains("kept content/posts/second.md"), "{said}");

    // Unchanged files are still Quire's: a third export after the writer
    // removed their edit replaces and prunes as before.
    std::fs::remove_file(out.join("content/posts/first.md")).unwrap();
    export(&lib, &out, &hugo()).unwrap();
    assert!(std::fs::read_to_string(out.join("content/posts/first.md"))
        .unwrap()
        .contains("One."));
}

#[test]
fn hidden_files_a_post_links_to_are_never_copied_by_export_or_import() {
    let tmp = tempfile::tempdir().unwrap();
    let post = "---\ntitle: Leaky\n---\n[config](.env) and ![](.git/config) and ![ok](pic.png)\n";
    let lib = library_with(
        tmp.path(),
        &[
            ("leaky/index.md", post),
            ("leaky/.env", "TOKEN=secret"),
            ("leaky/.git/config", "url = https://token@example.org/repo"),
            ("leaky/pic.png", "PNG"),
        ],
    );
    for options in [hugo(), plain()] {
        let out = tmp.path().join(format!("out-{:?}", options.flavor));
        let report = export(&lib, &out, &options).unwrap();
        let copied: Vec<String> = walk(&out);
        assert!(copied.iter().any(|p| p.ends_with("pic.png")), "{copied:?}");
        assert!(
            !copied
                .iter()
                .any(|p| p.contains(".env") || p.contains(".git")),
            "{copied:?}"
        );
        assert!(
            messages(&report).contains(".env is a hidden file"),
            "{}",
            messages(&report)
        );
    }
    let site = tmp.path().join("html");
    let report = export_html(&lib, &site).unwrap();
    let copied = walk(&site);
    assert!(
        !copied
            .iter()
            .any(|p| p.contains(".env") || p.contains(".git")),
        "{copied:?}"
    );
    assert!(
        messages(&report).contains(".git/config is a hidden file"),
        "{}",
        messages(&report)
    );

    // Importing a folder whose post links to its hidden files.
    let source = tmp.path().join("source");
    write_file(&source, "posts/leaky.md", post);
    write_file(&source, "posts/.env", "TOKEN=secret");
    write_file(
        &source,
        "posts/.git/config",
        "url = https://token@example.org/repo",
    );
    write_file(&source, "posts/pic.png", "PNG");
    let other = open_library(&tmp.path().join("other"), &tmp.path().join("other-data"));
    let report = other
        .import(
            &source,
            ImportOptions::default(),
            &mut |_| {},
            &AtomicBool::new(false),
        )
        .unwrap();
    let imported = walk(&tmp.path().join("other"));
    assert!(
        imported.iter().any(|p| p.ends_with("pic.png")),
        "{imported:?}"
    );
    assert!(
        !imported
            .iter()
            .any(|p| p.contains(".env") || p.contains(".git/")),
        "{imported:?}"
    );
    let said: Vec<&str> = report.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        said.iter().any(|m| m.contains(".env is a hidden file")),
        "{said:?}"
    );
}

#[test]
fn an_output_folder_that_holds_the_library_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    // A Hugo site whose content/ is the open library, with a draft in it.
    let site = tmp.path().join("site");
    let library = site.join("content");
    write_file(
        &library,
        "draft.md",
        "---\ntitle: Draft\ndraft: true\n---\nUnfinished.\n",
    );
    write_file(&site, "hugo.toml", "title = 'Site'");
    let lib = open_library(&library, &tmp.path().join("data"));
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    for out in [site.clone(), tmp.path().to_path_buf()] {
        let err = export(&lib, &out, &hugo()).unwrap_err();
        assert!(err.to_string().contains("holds the library"), "{err}");
        let err = export_html(&lib, &out).unwrap_err();
        assert!(err.to_string().contains("holds the library"), "{err}");
    }
    assert!(std::fs::read_to_string(library.join("draft.md"))
        .unwrap()
        .contains("Unfinished."));
    assert!(!site.join(".quire-export").exists());
}

/// Every file under `root`, relative, `/`-separated, links not followed.
fn walk(root: &Path) -> Vec<String> {
    fn visit(root: &Path, dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                visit(root, &path, out);
            } else {
                out.push(
                    path.strip_prefix(root)
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/"),
                );
            }
        }
    }
    let mut out = Vec::new();
    visit(root, root, &mut out);
    out.sort();
    out
}

#[test]
fn control_characters_in_a_title_or_first_paragraph_leave_the_feeds_valid_xml() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = library_with(
        tmp.path(),
        &[(
            "bell.md",
            "---\ntitle: \"Bell\\a and \\e[2J escape\"\n---\nFirst \u{1}paragraph\u{b} with \u{7f}controls\u{85}.\n",
        )],
    );
    let site = tmp.path().join("site");
    export_html(&lib, &site).unwrap();
    for feed in ["feed.xml", "rss.xml", "sitemap.xml"] {
        let text = std::fs::read_to_string(site.join(feed)).unwrap();
        if let Err(err) = roxmltree::Document::parse(&text) {
            panic!("{feed} is not XML: {err}\n{text}");
        }
        if feed != "sitemap.xml" {
            assert!(text.contains("Bell and [2J escape"), "{feed}: {text}");
            assert!(
                text.contains("First paragraph with controls."),
                "{feed}: {text}"
            );
        }
    }
}

/// Bytes of every file under `root`.
fn size_of(root: &Path) -> u64 {
    walk(root)
        .iter()
        .map(|rel| std::fs::metadata(root.join(rel)).unwrap().len())
        .sum()
}

#[test]
fn tags_whose_names_make_the_same_slug_get_pages_of_their_own_and_list_each_post_once() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = library_with(
        tmp.path(),
        &[
            (
                "cpp.md",
                "---\ntitle: Plus plus\ntags: [\"C++\"]\n---\nA.\n",
            ),
            ("cs.md", "---\ntitle: Sharp\ntags: [\"C#\"]\n---\nB.\n"),
            (
                "both.md",
                "---\ntitle: Both\ntags: [\"C++\", \"C#\", Rust, rust]\n---\nC.\n",
            ),
        ],
    );
    let site = tmp.path().join("site");
    export_html(&lib, &site).unwrap();
    let page =
        |slug: &str| std::fs::read_to_string(site.join(format!("tags/{slug}/index.html"))).unwrap();
    let count = |html: &str, title: &str| html.matches(&format!(">{title}</a>")).count();
    // The tag seen first keeps `c`, the other gets `c-2` (../shared/CLI.md).
    let (first, second) = (page("c"), page("c-2"));
    let (sharp, plus) = if first.contains("Tag: C#<") {
        (first, second)
    } else {
        (second, first)
    };
    assert!(
        sharp.contains("Tag: C#<") && plus.contains("Tag: C++<"),
        "{sharp}\n{plus}"
    );
    assert_eq!(
        (
            count(&sharp, "Sharp"),
            count(&sharp, "Both"),
            count(&sharp, "Plus plus")
        ),
        (1, 1, 0)
    );
    assert_eq!(
        (
            count(&plus, "Plus plus"),
            count(&plus, "Both"),
            count(&plus, "Sharp")
        ),
        (1, 1, 0)
    );
    assert_eq!(count(&page("rust"), "Both"), 1);
    // The same addresses on the next export.
    let before = page("c");
    export_html(&lib, &site).unwrap();
    assert_eq!(page("c"), before);
}

#[test]
fn thousands_of_tags_on_a_few_posts_export_in_linear_space() {
    let tmp = tempfile::tempdir().unwrap();
    let tags: Vec<String> = (0..1500).map(|i| format!("topic-{i}")).collect();
    let text = format!(
        "---\ntitle: Tagged\ntags: [{}]\n---\nBody.\n",
        tags.join(", ")
    );
    let files: Vec<(String, String)> = (0..10)
        .map(|i| {
            (
                format!("post-{i}.md"),
                text.replace("Tagged", &format!("Tagged {i}")),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let lib = library_with(tmp.path(), &refs);
    let site = tmp.path().join("site");
    export_html(&lib, &site).unwrap();
    let bytes = size_of(&site);
    assert!(bytes < 20 * 1024 * 1024, "{bytes} bytes");
    let tag_page = std::fs::read_to_string(site.join("tags/topic-0/index.html")).unwrap();
    assert!(tag_page.contains("and 1492 more"), "{tag_page}");
    // A post's own page still shows every tag.
    let post = std::fs::read_to_string(site.join("posts/post-0/index.html")).unwrap();
    assert!(post.contains(">topic-1499</a>"));
}

#[test]
fn footnotes_and_a_posts_own_anchor_links_lead_somewhere_in_the_exported_page() {
    let tmp = tempfile::tempdir().unwrap();
    let lib = library_with(
        tmp.path(),
        &[(
            "notes.md",
            "---\ntitle: Notes\n---\n## Part one\n\nA claim.[^1] See [part one](#part-one).\n\n[^1]: The source.\n",
        )],
    );
    let site = tmp.path().join("site");
    export_html(&lib, &site).unwrap();
    let page = std::fs::read_to_string(site.join("posts/notes/index.html")).unwrap();
    let ids: Vec<&str> = page
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let anchors: Vec<&str> = page
        .split("href=\"#")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert!(anchors.len() >= 3, "{page}");
    for anchor in anchors {
        assert!(ids.contains(&anchor), "#{anchor} leads nowhere in {page}");
    }
}

#[test]
fn only_a_folder_this_library_exported_to_is_shown_after_an_export() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("blog");
    write_file(
        &folder,
        "post.md",
        "---\ntitle: Post\ndate: 2024-01-01\n---\nText\n",
    );
    let lib = open_library(&folder, &dir.path().join("data"));
    lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
    let out = dir.path().join("site");
    lib.export_html(
        &out,
        &HtmlExportOptions::default(),
        &mut |_| {},
        &AtomicBool::new(false),
    )
    .unwrap();
    let site = out.canonicalize().unwrap();
    assert_eq!(lib.exported_place(&out, false).unwrap(), site);
    assert_eq!(
        lib.exported_place(&out, true).unwrap(),
        site.join("index.html")
    );
    // Not an export, or another library's: refused.
    assert!(lib.exported_place(&folder, false).is_err());
    assert!(lib.exported_place(Path::new("/etc"), false).is_err());
    let other = open_library(&folder, &dir.path().join("other-data"));
    assert!(other.exported_place(&out, false).is_err());
    // A Markdown export has no site to view.
    let md = dir.path().join("md");
    let options = MarkdownExportOptions {
        flavor: Flavor::Hugo,
        include_drafts: false,
        tag: None,
    };
    lib.export_markdown(&md, &options, &mut |_| {}, &AtomicBool::new(false))
        .unwrap();
    assert!(lib.exported_place(&md, false).is_ok());
    assert!(lib.exported_place(&md, true).is_err());
}
