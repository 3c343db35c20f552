//! The invariants the fuzz targets (`fuzz/`, libFuzzer) and their property
//! tests (`tests/properties.rs`, part of `make test`) hold the core to. Each
//! `check_*` runs one of the core's parsers on arbitrary input and panics
//! when an invariant breaks; a crash or a hang is a failure too. Not an API
//! for anything else.

use std::path::Path;

use crate::frontmatter::{self, FrontMatter, Meta, PostFields};

/// Front matter: splitting never loses or invents text, reading never
/// panics, and a title set through `set_fields` reads back the same.
pub fn check_front_matter(text: &str) {
    let fm = FrontMatter::split(text);
    let whole = format!("{}{}{}{}{}", fm.bom, fm.open, fm.block, fm.close, fm.body);
    assert_eq!(whole, text, "the split parts are not the text");
    let meta = Meta::from_text(text);
    if meta.problem.is_some() || fm.unclosed {
        return;
    }
    let title = "A title: with \"quotes\", # and 'more'";
    let fields = PostFields {
        title: Some(title.to_string()),
        ..PostFields::default()
    };
    if let Ok(edited) = frontmatter::set_fields(text, &fields) {
        let again = Meta::from_text(&edited);
        assert_eq!(
            again.problem, None,
            "setting the title broke the front matter:\n{edited}"
        );
        assert_eq!(again.title.as_deref(), Some(title), "{edited}");
        assert_eq!(
            FrontMatter::split(&edited).body,
            fm.body,
            "setting the title changed the body"
        );
    }
}

/// Where a fuzzed file is put in the source folder, so each dialect's path
/// rules are exercised: picked by the input's first byte.
const IMPORT_PATHS: &[&str] = &[
    "post.md",
    "content/posts/2024-01-02-hello.md",
    "content/posts/bundle/index.md",
    "_posts/2023-05-06-jekyll-post.md",
    "_drafts/a-draft.md",
    "content/blog/zola.md",
    "src/content/blog/astro.mdx",
    "notes/Obsidian Note.md",
];

/// The importer on one file: it takes it or says why not, never panics; a
/// taken file keeps its body, gets a slug that is a legal file name, and its
/// text reads without a front matter problem.
pub fn check_import_file(src_root: &Path, data: &[u8]) {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let rel = IMPORT_PATHS[usize::from(pick) % IMPORT_PATHS.len()];
    let path = src_root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, bytes).unwrap();
    let outcome = crate::import::prepare(src_root, rel, &crate::site::Site::default());
    std::fs::remove_file(&path).unwrap();
    let Ok(prepared) = outcome else { return };
    check_file_name(&prepared.slug);
    check_file_name(&format!("{}.md", prepared.slug));
    let source = std::str::from_utf8(bytes).expect("only UTF-8 is imported");
    assert_eq!(
        FrontMatter::split(&prepared.text).body,
        FrontMatter::split(source).body,
        "the import changed the body"
    );
    assert_eq!(Meta::from_text(&prepared.text).problem, None);
}

/// The renderer and sanitizer: whatever the Markdown, the HTML has no
/// script, style, frame or embed, no event handler attribute, and no link
/// or source whose scheme is not http, https or mailto.
pub fn check_render(text: &str) {
    let rendered = crate::markdown::render(text);
    check_safe_html(&rendered.html);
    let linked = crate::local_files::link_local_images(
        &rendered.html,
        "notes/post.md",
        "quire-file://localhost/",
    );
    check_safe_html(&linked);
}

/// A slug is a file name every system takes, and stays in its folder.
pub fn check_slug(title: &str) {
    let slug = crate::post::slugify(title);
    check_file_name(&slug);
    check_file_name(&format!("{slug}.md"));
    let folder = Path::new("/library");
    let path = crate::fsutil::resolve(folder, &format!("{slug}.md")).expect("a path inside");
    assert_eq!(path.parent(), Some(folder), "{slug:?} left the folder");
}

/// A name legal as a file name on Windows, macOS and Linux.
pub fn check_file_name(name: &str) {
    assert!(!name.is_empty(), "an empty name");
    assert!(name.len() <= 255, "{name:?} is longer than 255 bytes");
    assert!(name != "." && name != "..", "{name:?}");
    for c in name.chars() {
        assert!(
            !c.is_control() && !"/\\:*?\"<>|".contains(c),
            "{name:?} has {c:?}"
        );
    }
    assert!(
        !name.ends_with('.') && !name.ends_with(' '),
        "{name:?} ends with a dot or space (Windows drops them)"
    );
    // Windows reserves these device names, with or without an extension.
    let stem = name.split('.').next().unwrap_or(name).to_lowercase();
    let device = ["con", "prn", "aux", "nul"].contains(&stem.as_str())
        || ["com", "lpt"].iter().any(|prefix| {
            stem.strip_prefix(prefix).is_some_and(|n| {
                n.chars().count() == 1 && n.chars().all(|c| "0123456789¹²³".contains(c))
            })
        });
    assert!(!device, "{name:?} is a Windows device name");
}

/// Scans HTML as html5ever serializes it (quoted attributes, `<` in text
/// escaped) and fails on anything that could run script.
pub fn check_safe_html(html: &str) {
    check_markup(html, &["<meta", "<link"]);
}

/// The same for a whole exported page, whose own head has `<meta>` and
/// `<link>` (never a refresh): what a post brought must not add any.
pub fn check_safe_page(html: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("http-equiv"), "http-equiv in {html}");
    check_markup(html, &[]);
}

fn check_markup(html: &str, also_banned: &[&str]) {
    let lower = html.to_ascii_lowercase();
    for banned in [
        "<script", "<style", "<iframe", "<frame", "<object", "<embed", "<base", "<form", "<svg",
        "<math",
    ]
    .iter()
    .chain(also_banned)
    {
        assert!(!lower.contains(banned), "{banned} in {html}");
    }
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        rest = &rest[end..];
        if !tag.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        for (name, value) in attributes(tag) {
            let name = name.to_ascii_lowercase();
            assert!(
                !name.starts_with("on"),
                "event handler {name} in <{tag}> in {html}"
            );
            if [
                "href",
                "src",
                "action",
                "formaction",
                "srcset",
                "xlink:href",
            ]
            .contains(&name.as_str())
            {
                // As a browser reads a URL: tabs and newlines anywhere are
                // dropped, leading controls and spaces trimmed, and the part
                // before `:` is a scheme only if it has a scheme's letters.
                let url = decode_entities(&value);
                let squeezed: String = url
                    .chars()
                    .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                    .collect::<String>()
                    .trim_start_matches(|c: char| c <= ' ')
                    .to_ascii_lowercase();
                let scheme = squeezed.split_once(':').map(|(s, _)| s).filter(|s| {
                    s.starts_with(|c: char| c.is_ascii_alphabetic())
                        && s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                });
                assert!(
                    matches!(
                        scheme,
                        None | Some("http" | "https" | "mailto" | "quire-file")
                    ),
                    "{name}={value:?} in <{tag}> in {html}"
                );
            }
        }
    }
}

/// `name="value"` pairs of a serialized start tag (values still escaped).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.split_once(char::is_whitespace).map_or("", |(_, r)| r);
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let name = rest[..name_end].to_string();
        rest = &rest[name_end..];
        if let Some(after) = rest.strip_prefix("=\"") {
            let end = after.find('"').unwrap_or(after.len());
            out.push((name, after[..end].to_string()));
            rest = after.get(end + 1..).unwrap_or("");
        } else {
            out.push((name, String::new()));
        }
    }
}

/// The character references a browser would decode in an attribute.
fn decode_entities(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        let end = rest.find(';').unwrap_or(rest.len());
        let entity = &rest[..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "colon" => Some(':'),
            "tab" => Some('\t'),
            "newline" => Some('\n'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) if end < rest.len() => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

/// A library for `check_export_paths`: a few posts that link to images and
/// to the library's hidden files (`.env`, `.git/config`), opened once.
pub struct ExportFixture {
    root: tempfile::TempDir,
    library: crate::Library,
}

impl ExportFixture {
    pub fn new() -> ExportFixture {
        let root = tempfile::tempdir().expect("a temp folder");
        let folder = root.path().join("library");
        let files: &[(&str, &str)] = &[
            (
                "leaky/index.md",
                "---\ntitle: Leaky\ntags: [A, b]\n---\n[c](.env) ![g](.git/config) ![p](pic.png) [h](../.hidden.png)\n",
            ),
            ("leaky/pic.png", "PNG"),
            ("leaky/.env", "TOKEN=fuzz-secret"),
            ("leaky/.git/config", "url = https://fuzz-secret@example.org"),
            (".hidden.png", "fuzz-secret"),
            ("plain.md", "---\ntitle: Plain\ndraft: true\n---\nText [self](plain.md).\n"),
        ];
        for (rel, text) in files {
            let path = folder.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let library = crate::Library::open(
            &folder,
            crate::OpenOptions {
                data_dir: Some(root.path().join("data")),
            },
        )
        .expect("the fixture library opens");
        library
            .scan(&mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false))
            .expect("the fixture library scans");
        ExportFixture { root, library }
    }
}

impl Default for ExportFixture {
    fn default() -> Self {
        ExportFixture::new()
    }
}

/// Paths the input builds an output folder from.
const EXPORT_TREE_PATHS: &[&str] = &[
    "index.html",
    "posts",
    "posts/leaky",
    "posts/leaky/index.html",
    "posts/leaky/pic.png",
    "content",
    "content/posts",
    "content/posts/leaky",
    "content/posts/leaky/index.md",
    "leaky",
    "leaky/index.md",
    "plain.md",
    "tags",
    ".quire-staging",
    "thesis.docx",
];

/// Export on an output folder made by the input (files, folders, symbolic
/// links to outside it and into the library, markers listing anything, with
/// this library's id or another): nothing outside the output folder changes
/// (the folder beside it and the library alike), and no hidden file is
/// written into it, whatever the posts link to.
pub fn check_export_paths(fixture: &ExportFixture, data: &[u8]) {
    let case = tempfile::tempdir_in(fixture.root.path()).expect("a case folder");
    let outside = case.path().join("outside");
    let out = case.path().join("out");
    std::fs::create_dir_all(outside.join("dir")).unwrap();
    std::fs::write(outside.join("keep.txt"), "outside").unwrap();
    std::fs::write(outside.join("dir/index.html"), "outside page").unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let export_id = fixture.library.export_id().expect("an export id");
    let mut listed: Vec<String> = Vec::new();
    let mut bytes = data.iter().copied();
    let (flavor_pick, html) = match bytes.next() {
        Some(b) => (b % 5, b & 0x80 != 0),
        None => return,
    };
    while let (Some(op), Some(arg)) = (bytes.next(), bytes.next()) {
        let rel = EXPORT_TREE_PATHS[usize::from(arg) % EXPORT_TREE_PATHS.len()];
        let path = out.join(rel);
        let _ = std::fs::create_dir_all(path.parent().unwrap());
        match op % 6 {
            0 => {
                let _ = std::fs::write(&path, [arg]);
            }
            1 => {
                let _ = std::fs::create_dir_all(&path);
            }
            2 => {
                let _ = std::os::unix::fs::symlink(&outside, &path);
            }
            3 => {
                let _ = std::os::unix::fs::symlink(outside.join("keep.txt"), &path);
            }
            4 => {
                let _ = std::os::unix::fs::symlink(fixture.library.folder(), &path);
            }
            _ => {
                listed.push(rel.to_string());
                listed.push(format!("{rel}/keep.txt"));
                let library = if arg & 1 == 0 {
                    export_id.as_str()
                } else {
                    "someone-else"
                };
                let files: serde_json::Map<String, serde_json::Value> = listed
                    .iter()
                    .map(|f| (f.clone(), serde_json::Value::from("0".repeat(64))))
                    .collect();
                let marker = serde_json::json!({ "library": library, "files": files });
                let _ = std::fs::write(out.join(".quire-export"), marker.to_string());
            }
        }
    }
    let outside_before = snapshot(&outside);
    let library_before = snapshot(fixture.library.folder());
    let hidden_before: Vec<(String, Option<Vec<u8>>)> = snapshot(&out)
        .into_iter()
        .filter(|(rel, _)| rel.split('/').any(|part| part.starts_with('.')))
        .collect();

    let cancel = std::sync::atomic::AtomicBool::new(false);
    let _ = if html {
        fixture.library.export_html(
            &out,
            &crate::HtmlExportOptions {
                base_url: Some("https://example.org/".into()),
                title: None,
                include_drafts: true,
                theme: None,
            },
            &mut |_| {},
            &cancel,
        )
    } else {
        let flavor = [
            crate::Flavor::Hugo,
            crate::Flavor::Zola,
            crate::Flavor::Jekyll,
            crate::Flavor::Astro,
            crate::Flavor::Plain,
        ][usize::from(flavor_pick)];
        fixture.library.export_markdown(
            &out,
            &crate::MarkdownExportOptions {
                flavor,
                include_drafts: true,
                tag: None,
            },
            &mut |_| {},
            &cancel,
        )
    };

    assert_eq!(
        snapshot(&outside),
        outside_before,
        "the folder beside the output changed"
    );
    assert_eq!(
        snapshot(fixture.library.folder()),
        library_before,
        "the library changed"
    );
    for (rel, content) in snapshot(&out) {
        let hidden = rel.split('/').any(|part| part.starts_with('.'));
        if !hidden || rel == ".quire-export" || rel == ".quire-staging" {
            continue;
        }
        let before = hidden_before.iter().find(|(r, _)| *r == rel);
        assert!(
            before.is_some_and(|(_, c)| *c == content),
            "the export wrote the hidden file {rel}"
        );
    }
}

/// Every path under `root` without following links: a file's bytes, a
/// link's target (as bytes), a folder as None.
fn snapshot(root: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    fn visit(root: &Path, dir: &Path, out: &mut Vec<(String, Option<Vec<u8>>)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap_or_default();
                out.push((
                    rel,
                    Some(target.to_string_lossy().into_owned().into_bytes()),
                ));
            } else if kind.is_dir() {
                out.push((rel, None));
                visit(root, &path, out);
            } else {
                out.push((rel, std::fs::read(&path).ok()));
            }
        }
    }
    let mut out = Vec::new();
    visit(root, root, &mut out);
    out.sort();
    out
}
