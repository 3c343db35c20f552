//! What a folder says about the site it belongs to (DESIGN.md, "Site",
//! "Kind", "Static folder"): its generator's config, where the site's root
//! is, which Markdown files are posts, which are pages and which are not
//! content at all, and where its static files are served from.

mod config;

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use config::{Generator, SiteConfig};

/// A post is in the site's blog section; a page is any other Markdown file
/// of the site (About, docs, a Jekyll page): no date order, never in the
/// index, feeds, archive or tag pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Post,
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Post => "post",
            Kind::Page => "page",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        match s {
            "post" => Some(Kind::Post),
            "page" => Some(Kind::Page),
            _ => None,
        }
    }
}

/// Folders under a site's root (or a plain library's) whose Markdown is
/// never a post or a page: templates, themes, generated output, packages.
const NEVER_CONTENT: &[&str] = &[
    "archetypes",
    "themes",
    "layouts",
    "_layouts",
    "_includes",
    "_data",
    "_sass",
    "public",
    "_site",
    "node_modules",
    "resources",
];

/// Where a library without a generator config keeps its pages.
pub const PLAIN_PAGES_DIR: &str = "pages";

/// A folder's site: its root, its config (none for a plain folder of
/// posts) and the sections that hold its blog.
#[derive(Debug, Clone, Default)]
pub struct Site {
    /// The site's root relative to the folder: "" or its one subfolder
    /// holding a config (`docs`).
    pub root: String,
    pub config: Option<SiteConfig>,
    /// The blog's sections, relative to the folder (`content/posts`).
    blog_sections: Vec<String>,
}

impl Site {
    /// The site in `folder`: a config at its top, else in its one subfolder
    /// that holds one; otherwise a plain folder of posts.
    pub fn detect(folder: &Path) -> Site {
        if let Some(config) = SiteConfig::read(folder) {
            return Site::with(String::new(), config);
        }
        let mut found = Vec::new();
        if let Ok(entries) = std::fs::read_dir(folder) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
                if !is_dir || name.starts_with('.') || NEVER_CONTENT.contains(&name.as_str()) {
                    continue;
                }
                if let Some(config) = SiteConfig::read(&entry.path()) {
                    found.push((name, config));
                }
            }
        }
        if found.len() == 1 {
            let (name, config) = found.remove(0);
            return Site::with(name, config);
        }
        Site::default()
    }

    fn with(root: String, config: SiteConfig) -> Site {
        let mut site = Site {
            root,
            config: Some(config),
            blog_sections: Vec::new(),
        };
        let main: Vec<String> = site
            .config
            .as_ref()
            .map(|c| c.main_sections.clone())
            .unwrap_or_default();
        site.blog_sections = main.iter().map(|s| site.content_path(s)).collect();
        site
    }

    pub fn generator(&self) -> Option<Generator> {
        self.config.as_ref().map(|c| c.generator)
    }

    /// `rel` (relative to the site root) relative to the folder.
    fn at_root(&self, rel: &str) -> String {
        join(&self.root, rel)
    }

    /// A path under the content folder, relative to the folder.
    fn content_path(&self, rel: &str) -> String {
        let content = self
            .config
            .as_ref()
            .map(|c| c.content_dir.clone())
            .unwrap_or_default();
        self.at_root(&join(&content, rel))
    }

    /// The folder holding the site's Markdown, relative to the folder.
    pub(crate) fn content_root(&self) -> String {
        match self.generator() {
            Some(Generator::Astro) => self.at_root("src/content"),
            _ => self.content_path(""),
        }
    }

    /// Works out the blog's section from the Markdown files found (Hugo's
    /// rule: `mainSections` when set, else the section with the most files).
    pub fn settle_sections(&mut self, markdown: &[String]) {
        let Some(config) = &self.config else { return };
        if !config.main_sections.is_empty() {
            return;
        }
        let content = match config.generator {
            Generator::Jekyll => return,
            Generator::Astro => self.at_root("src/content"),
            Generator::Hugo | Generator::Zola => self.content_path(""),
        };
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for rel in markdown {
            let Some(inside) = strip_dir(rel, &content) else {
                continue;
            };
            if let Some((section, _)) = inside.split_once('/') {
                *counts.entry(section).or_default() += 1;
            }
        }
        let most = counts
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(section, _)| join(&content, section));
        self.blog_sections = most.into_iter().collect();
    }

    /// The blog's sections, relative to the folder.
    pub fn blog_sections(&self) -> &[String] {
        &self.blog_sections
    }

    /// Whether a walk should leave the folder `rel_dir` (relative to the
    /// folder) alone: nothing in it is a post or a page.
    pub fn skips_dir(&self, rel_dir: &str) -> bool {
        let Some(inside) = strip_dir(rel_dir, &self.root) else {
            // Outside the site root: only the way down to it is walked.
            return !is_ancestor(rel_dir, &self.root);
        };
        if inside.is_empty() {
            return false;
        }
        let first = inside.split('/').next().unwrap_or(inside);
        if NEVER_CONTENT.contains(&first) {
            return true;
        }
        let Some(config) = &self.config else {
            return first == "static";
        };
        if config
            .static_dirs
            .iter()
            .any(|d| !d.is_empty() && strip_dir(inside, d).is_some())
        {
            return true;
        }
        match config.generator {
            Generator::Jekyll => {
                (first.starts_with('_') && first != "_posts" && first != "_drafts")
                    || config.exclude.iter().any(|e| {
                        let e = e.trim_matches('/');
                        !e.is_empty() && strip_dir(inside, e).is_some()
                    })
            }
            Generator::Hugo | Generator::Zola | Generator::Astro => {
                let content = &config.content_dir;
                strip_dir(inside, content).is_none() && !is_ancestor(inside, content)
            }
        }
    }

    /// Whether the Markdown file at `rel` is a post or a page, or why it is
    /// neither.
    pub fn kind_of(&self, rel: &str) -> Result<Kind, &'static str> {
        let mut dir = rel;
        while let Some((parent, _)) = dir.rsplit_once('/') {
            if self.skips_dir(parent) {
                return Err("not part of the site's content (a theme, template, static or generated folder)");
            }
            dir = parent;
        }
        let Some(inside) = strip_dir(rel, &self.root) else {
            return Err("outside the site's folder");
        };
        let Some(config) = &self.config else {
            let in_pages =
                inside.split('/').next() == Some(PLAIN_PAGES_DIR) && inside.contains('/');
            return Ok(if in_pages { Kind::Page } else { Kind::Post });
        };
        match config.generator {
            Generator::Jekyll => {
                let parts: Vec<&str> = inside.split('/').collect();
                let in_posts = parts[..parts.len() - 1]
                    .iter()
                    .any(|p| *p == "_posts" || *p == "_drafts");
                Ok(if in_posts { Kind::Post } else { Kind::Page })
            }
            Generator::Hugo | Generator::Zola | Generator::Astro => {
                if strip_dir(inside, &config.content_dir).is_none() {
                    return Err("outside the site's content folder");
                }
                if config.generator == Generator::Astro
                    && strip_dir(rel, &self.at_root("src/pages")).is_some()
                {
                    return Ok(Kind::Page);
                }
                if config.generator == Generator::Astro
                    && strip_dir(rel, &self.at_root("src/content")).is_none()
                {
                    return Err("not in the site's content collections or pages");
                }
                let in_blog = self
                    .blog_sections
                    .iter()
                    .any(|s| strip_dir(rel, s).is_some_and(|r| !r.is_empty()));
                Ok(if in_blog { Kind::Post } else { Kind::Page })
            }
        }
    }

    /// The site's static folders, relative to the folder, most specific
    /// first (Jekyll's is the root itself, minus its `_` folders).
    pub fn static_dirs(&self) -> Vec<String> {
        match &self.config {
            Some(config) => config.static_dirs.iter().map(|d| self.at_root(d)).collect(),
            None => vec!["static".into()],
        }
    }

    /// The file (relative to the folder) a root-absolute address such as
    /// `/images/x.png` names in the site's static folders, if one exists
    /// there as a plain file inside the folder.
    pub fn resolve_static(&self, folder: &Path, address: &str) -> Option<String> {
        let decoded = self.static_path(address)?;
        for dir in self.static_dirs() {
            let rel = join(&dir, &decoded);
            // Jekyll serves its root minus the `_` folders.
            if dir == self.root
                && self.generator() == Some(Generator::Jekyll)
                && decoded.starts_with('_')
            {
                continue;
            }
            if crate::fsutil::resolve_unlinked(folder, &rel).is_ok()
                && std::fs::symlink_metadata(folder.join(&rel)).is_ok_and(|m| m.is_file())
            {
                return Some(rel);
            }
        }
        None
    }

    /// The path a root-absolute address names under the site's root URL
    /// (`/blog/img/a%20b.png` → `img/a b.png` with the base path `/blog`),
    /// when it is a plain path without hidden parts.
    pub fn static_path(&self, address: &str) -> Option<String> {
        let base_path = self
            .config
            .as_ref()
            .map(|c| c.base_path.as_str())
            .unwrap_or("");
        let path = address.split(['?', '#']).next().unwrap_or(address);
        if path.starts_with("//") {
            return None;
        }
        let path = strip_url_prefix(path, base_path).unwrap_or(path);
        let path = path.strip_prefix('/')?;
        let decoded = crate::links::percent_decode(path);
        let plain = !decoded.is_empty()
            && decoded.split('/').all(|part| {
                !part.is_empty()
                    && part != ".."
                    && part != "."
                    && !part.starts_with('.')
                    && !part.contains('\\')
            });
        plain.then_some(decoded)
    }

    /// Where pages go in this site (relative to the folder).
    pub fn pages_dir(&self) -> String {
        match self.generator() {
            None => PLAIN_PAGES_DIR.into(),
            Some(Generator::Jekyll) => self.root.clone(),
            Some(Generator::Astro) => self.at_root("src/pages"),
            Some(Generator::Hugo | Generator::Zola) => self.content_path(""),
        }
    }
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

/// `rel` relative to `dir` ("" for `dir` itself), when it is in it.
fn strip_dir<'a>(rel: &'a str, dir: &str) -> Option<&'a str> {
    if dir.is_empty() {
        return Some(rel);
    }
    if rel == dir {
        return Some("");
    }
    rel.strip_prefix(dir)?.strip_prefix('/')
}

/// Whether `dir` is a folder on the way down to `target`.
fn is_ancestor(dir: &str, target: &str) -> bool {
    dir.is_empty() || strip_dir(target, dir).is_some()
}

/// `path` without the site's base path (`/blog/img/x.png` → `/img/x.png`).
fn strip_url_prefix<'a>(path: &'a str, base_path: &str) -> Option<&'a str> {
    if base_path.is_empty() {
        return None;
    }
    let rest = path.strip_prefix(base_path)?;
    rest.starts_with('/').then_some(rest)
}

impl crate::library::Library {
    /// The library folder's site, as last read.
    pub fn site(&self) -> std::sync::Arc<Site> {
        self.site.read().map(|s| s.clone()).unwrap_or_default()
    }

    /// Reads the site's config again and works out its blog section from
    /// the Markdown files a walk found; kept until the next scan.
    pub(crate) fn refresh_site(&self, site: Site) {
        if let Ok(mut current) = self.site.write() {
            *current = std::sync::Arc::new(site);
        }
    }

    /// Stores the kind each live post's path now gives it (all of them, or
    /// only `only`), changing only those that differ.
    pub(crate) fn settle_kinds(
        &self,
        conn: &rusqlite::Connection,
        only: Option<crate::post::PostId>,
    ) -> crate::error::Result<()> {
        let site = self.site();
        for (id, path, stored) in crate::store::posts::kinds(conn, only)? {
            let kind = site.kind_of(&path).unwrap_or(Kind::Post);
            if kind != stored {
                crate::store::posts::set_kind(conn, id, kind)?;
            }
        }
        Ok(())
    }

    /// The kind a post at `path` has in this library.
    pub(crate) fn kind_at(&self, path: &str) -> Kind {
        self.site().kind_of(path).unwrap_or(Kind::Post)
    }
}
