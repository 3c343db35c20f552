//! Importing a folder of Markdown posts from a site generator or notes app:
//! each file is read, checked and turned into a post of this library, with
//! the images it links to. The database and file work is `Library::import`;
//! this module decides, for one file, what to write.

pub(crate) mod dialect;
pub(crate) mod walk;
mod write;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::frontmatter::{self, FrontMatter, Meta, PostFields};
use crate::links::{hidden_link_warning, local_links, resolve_link, LinkTarget};
use crate::post::PostSummary;
use crate::post_file::{bundle_files, read_post_file, Derived};
use crate::site::{Kind, Site};

/// What an import did, or would do with `dry_run`.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Skipped {
    /// Relative to the imported folder.
    pub path: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Warning {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
#[cfg_attr(feature = "specta", derive(specta::Type))]
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
    /// A post of the source's blog, or a page of its site.
    pub kind: Kind,
    /// Files from the source site's static folders: (absolute source, path
    /// under the site's root URL), copied into the library's static folder.
    pub static_assets: Vec<(PathBuf, String)>,
}

/// Reads one source file and decides what post it becomes, or why it is skipped.
pub(crate) fn prepare(src_root: &Path, rel: &str, site: &Site) -> Result<Prepared, String> {
    if dialect::is_section_page(rel) {
        return Err("a section page (_index.md) lists posts; it is not one".into());
    }
    let path = src_root.join(rel);
    let source = read_post_file(&path)?;
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
    let mut static_assets: Vec<(PathBuf, String)> = Vec::new();
    for link in local_links(FrontMatter::split(&source).body) {
        match resolve_link(post_dir, &link) {
            LinkTarget::Inside(rel_target) => {
                let target = post_dir.join(&rel_target);
                // A symlinked folder on the way must not lead out of the source folder.
                let inside_source = inside(src_root, &target);
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
            LinkTarget::Outside if link.trim().starts_with('/') => {
                // Served from the site's static folders, as the generator does.
                match site.resolve_static(src_root, link.trim()) {
                    Some(found) if inside(src_root, &src_root.join(&found)) => {
                        if let Some(url_path) = site.static_path(link.trim()) {
                            if !static_assets.iter().any(|(_, r)| *r == url_path) {
                                static_assets.push((src_root.join(found), url_path));
                            }
                        }
                    }
                    Some(_) => warnings.push(format!(
                        "{link} leads outside the imported folder through a symbolic link; it was not copied"
                    )),
                    None if looks_like_file(&link) => warnings.push(format!(
                        "broken link: {link} is not in the site's static folders ({})",
                        site.static_dirs().join(", ")
                    )),
                    None => warnings.push(format!(
                        "{link} points outside the post's folder; it was not copied, so the link may not resolve"
                    )),
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
        kind: Kind::Post,
        static_assets,
    })
}

/// Whether `path`, symbolic links followed, is inside `root`.
fn inside(root: &Path, path: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|real| root.canonicalize().is_ok_and(|root| real.starts_with(root)))
}

/// Whether an address names a file (`/img/a.png`) rather than a page (`/about/`).
fn looks_like_file(link: &str) -> bool {
    let path = link.split(['?', '#']).next().unwrap_or(link);
    let last = path.rsplit('/').next().unwrap_or("");
    last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty() && !ext.is_empty() && ext.len() <= 5 && !ext.eq_ignore_ascii_case("html")
    })
}
