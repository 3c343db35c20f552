//! Importing a folder of Markdown posts from a site generator or notes app:
//! each file is read, checked and turned into a post of this library, with
//! the images it links to. The database and file work is `Library::import`;
//! this module decides, for one file, what to write.

pub(crate) mod dialect;
pub(crate) mod walk;

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::frontmatter::{self, FrontMatter, Meta, PostFields};
use crate::library::Derived;
use crate::post::PostSummary;

/// What an import did, or would do with `dry_run`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ImportReport {
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub skipped: Vec<Skipped>,
    pub warnings: Vec<Warning>,
    /// The posts this run imported or updated, with their source file.
    pub posts: Vec<ImportedPost>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    /// Relative to the imported folder.
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportedPost {
    pub post: PostSummary,
    /// Relative to the imported folder.
    pub source: String,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Report what would happen and write nothing.
    pub dry_run: bool,
}

/// Where an import is, for a progress bar.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub done: usize,
    pub total: usize,
    pub current: String,
}

/// One source file, ready to become a post.
pub(crate) struct Prepared {
    /// The post's text: the source's, with only the fields its path gave added.
    pub text: String,
    pub slug: String,
    /// Files to copy: (absolute source, path relative to the post's folder).
    pub assets: Vec<(PathBuf, String)>,
    pub warnings: Vec<String>,
    pub hash: String,
    /// Where the post goes unless its name is taken: `<slug>.md`, or
    /// `<slug>/index.md` when it brings files.
    pub likely_path: String,
    /// The stored fields of `text` at `likely_path`.
    pub derived: Derived,
}

/// Reads one source file and decides what post it becomes, or why it is skipped.
pub(crate) fn prepare(src_root: &Path, rel: &str) -> Result<Prepared, String> {
    if dialect::is_section_page(rel) {
        return Err("a section page (_index.md) lists posts; it is not one".into());
    }
    let path = src_root.join(rel);
    let source = crate::library::read_post_file(&path)?;
    if source.trim().is_empty() {
        return Err("the file is empty".into());
    }
    let fm = FrontMatter::split(&source);
    if fm.unclosed {
        return Err(
            "the front matter that starts on line 1 is never closed (add the closing --- or +++)"
                .into(),
        );
    }
    let mut meta = Meta::from_text(&source);
    if let Some(problem) = meta.problem.take() {
        return Err(problem);
    }
    let mut warnings: Vec<String> = meta.warning.iter().cloned().collect();
    let hints = dialect::path_hints(rel);
    // Fields only the path gave are written into the front matter, because
    // the post's file gets a new name in the library.
    let mut fields = PostFields::default();
    if meta.date.is_none() {
        fields.date = hints.date.clone().map(Some);
    }
    if meta.title.is_none() {
        fields.title = Some(hints.slug.clone());
    }
    if hints.draft && meta.draft != Some(true) {
        fields.draft = Some(true);
    }
    let unchanged = fields == PostFields::default();
    let text = if unchanged {
        source.clone()
    } else {
        frontmatter::set_fields(&source, &fields).map_err(|e| e.to_string())?
    };
    let slug = crate::post::slugify(meta.slug.as_deref().unwrap_or(&hints.slug));

    let post_dir = path.parent().unwrap_or(src_root);
    let mut assets = Vec::new();
    for link in local_links(FrontMatter::split(&source).body) {
        match resolve_link(post_dir, &link) {
            LinkTarget::Inside(rel_target) => {
                let target = post_dir.join(&rel_target);
                // A symlinked folder on the way must not lead out of the source folder.
                let inside_source = target
                    .canonicalize()
                    .is_ok_and(|real| src_root.canonicalize().is_ok_and(|root| real.starts_with(root)));
                match std::fs::symlink_metadata(&target) {
                    Ok(m) if m.is_file() && !inside_source => warnings.push(format!(
                        "{link} leads outside the imported folder through a symbolic link; it was not copied"
                    )),
                    Ok(m) if m.is_file() => {
                        if !walk::is_markdown(&rel_target) && !assets.iter().any(|(_, r)| r == &rel_target) {
                            assets.push((target, rel_target));
                        }
                    }
                    Ok(m) if m.is_dir() => {}
                    Ok(_) => warnings.push(format!("{link} is a link to a link; it was not copied")),
                    Err(_) => warnings.push(format!("broken link: {link} points to nothing")),
                }
            }
            LinkTarget::Outside => warnings.push(format!(
                "{link} points outside the post's folder; it was not copied, so the link may not resolve"
            )),
            LinkTarget::Hidden => warnings.push(hidden_link_warning(&link)),
            LinkTarget::NotLocal => {}
        }
    }
    if hints.bundle {
        bundle_files(post_dir, post_dir, &mut assets, 0);
    }
    let likely_path = if assets.is_empty() {
        format!("{slug}.md")
    } else {
        format!("{slug}/index.md")
    };
    Ok(Prepared {
        hash: blake3::hash(source.as_bytes()).to_hex().to_string(),
        // The parsed front matter still describes the text when no field was added.
        derived: if unchanged {
            Derived::with_meta(&text, &likely_path, meta)
        } else {
            Derived::of(&text, &likely_path)
        },
        likely_path,
        text,
        slug,
        assets,
        warnings,
    })
}

/// Every other file of a page bundle, however deep, but not its Markdown
/// (other posts) nor hidden files.
pub(crate) fn bundle_files(
    root: &Path,
    dir: &Path,
    out: &mut Vec<(PathBuf, String)>,
    depth: usize,
) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if name.starts_with('.') || walk::is_markdown(&name) || file_type.is_symlink() {
            continue;
        }
        let path = entry.path();
        if file_type.is_dir() && depth < 8 {
            bundle_files(root, &path, out, depth + 1);
        } else if file_type.is_file() {
            if let Some(rel) = crate::fsutil::relative(root, &path) {
                if !out.iter().any(|(_, r)| r == &rel) {
                    out.push((path, rel));
                }
            }
        }
    }
}

/// The destinations of the links and images in a Markdown body.
pub(crate) fn local_links(body: &str) -> Vec<String> {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, &comrak::Options::default());
    let mut links = Vec::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Image(link) | NodeValue::Link(link) => links.push(link.url.clone()),
            _ => {}
        }
    }
    links
}

pub(crate) enum LinkTarget {
    /// A path inside the post's folder, relative to it.
    Inside(String),
    /// A path inside the post's folder to a hidden file or through a hidden
    /// folder (`.env`, `.git/config`): never copied, whatever links to it.
    Hidden,
    /// A relative path that climbs out of the post's folder, or an absolute one.
    Outside,
    /// A web address, mail link, anchor or other scheme.
    NotLocal,
}

pub(crate) fn resolve_link(_post_dir: &Path, url: &str) -> LinkTarget {
    let url = url.trim();
    if url.is_empty() || url.starts_with('#') || url.starts_with("//") || url.contains("://") {
        return LinkTarget::NotLocal;
    }
    if let Some((scheme, _)) = url.split_once(':') {
        if !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && scheme.len() > 1
        {
            return LinkTarget::NotLocal;
        }
    }
    let path = url.split(['?', '#']).next().unwrap_or("");
    let path = percent_decode(path);
    if path.starts_with('/') || path.contains('\\') {
        return LinkTarget::Outside;
    }
    let mut parts = Vec::new();
    for component in Path::new(&path).components() {
        match component {
            Component::Normal(part) => match part.to_str() {
                Some(part) => parts.push(part.to_string()),
                None => return LinkTarget::Outside,
            },
            Component::CurDir => {}
            _ => return LinkTarget::Outside,
        }
    }
    if parts.is_empty() {
        return LinkTarget::NotLocal;
    }
    if parts.iter().any(|part| part.starts_with('.')) {
        return LinkTarget::Hidden;
    }
    LinkTarget::Inside(parts.join("/"))
}

/// Why a link to a hidden file was not copied, in import reports and export
/// warnings alike.
pub(crate) fn hidden_link_warning(link: &str) -> String {
    format!("{link} is a hidden file or in a hidden folder; it was not copied")
}

/// `%20` and friends, as editors write spaces in links.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_classified() {
        let dir = Path::new("/src/post");
        let inside = |u: &str| match resolve_link(dir, u) {
            LinkTarget::Inside(p) => Some(p),
            _ => None,
        };
        assert_eq!(inside("images/a.png").as_deref(), Some("images/a.png"));
        assert_eq!(inside("./a%20b.png?x=1#y").as_deref(), Some("a b.png"));
        assert!(matches!(
            resolve_link(dir, "../static/a.png"),
            LinkTarget::Outside
        ));
        assert!(matches!(
            resolve_link(dir, "/images/a.png"),
            LinkTarget::Outside
        ));
        for hidden in [".env", ".git/config", "./a/.secret/b.png", "%2Eenv"] {
            assert!(
                matches!(resolve_link(dir, hidden), LinkTarget::Hidden),
                "{hidden}"
            );
        }
        for not_local in [
            "https://x.org/a.png",
            "mailto:a@b.c",
            "#top",
            "//cdn/x.png",
            "data:image/png;base64,xx",
        ] {
            assert!(
                matches!(resolve_link(dir, not_local), LinkTarget::NotLocal),
                "{not_local}"
            );
        }
    }

    #[test]
    fn links_come_from_markdown_not_code() {
        let links = local_links("![a](a.png) [b](b.md)\n\n```\n![c](c.png)\n```\n`![d](d.png)`\n");
        assert_eq!(links, vec!["a.png", "b.md"]);
    }
}
