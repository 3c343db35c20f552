//! Markdown export: one file per post in a site generator's layout and front
//! matter dialect, every key Quire does not know carried over, the body byte
//! for byte, and the files a post links to copied so its links still resolve.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::Deserialize;

use super::fields::{self, Fields, Value};
use super::{ExportPhase, ExportProgress, ExportReport, OutFolder};
use crate::error::{Error, Result};
use crate::frontmatter::{FrontMatter, FrontMatterKind};
use crate::import::Warning;
use crate::links::{self, LinkTarget};
use crate::post::{PostSummary, Status};
use crate::post_file::bundle_files;
use crate::site::Kind;

/// The site generators an export writes for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Flavor {
    /// `content/posts/<slug>.md`, YAML.
    Hugo,
    /// `content/blog/<slug>.md`, TOML with `[taxonomies] tags`.
    Zola,
    /// `_posts/YYYY-MM-DD-<slug>.md`, YAML, `published: false` for drafts.
    Jekyll,
    /// `src/content/blog/<slug>.md`, YAML with `pubDate`.
    Astro,
    /// `<slug>.md`, YAML.
    Plain,
}

impl Flavor {
    pub fn parse(name: &str) -> Option<Flavor> {
        Some(match name.to_ascii_lowercase().as_str() {
            "hugo" => Flavor::Hugo,
            "zola" => Flavor::Zola,
            "jekyll" => Flavor::Jekyll,
            "astro" => Flavor::Astro,
            "plain" => Flavor::Plain,
            _ => return None,
        })
    }

    /// Where a post goes. A post with linked files becomes a folder of its
    /// own (`<slug>/index.md`, a page bundle) so its files sit beside it;
    /// Jekyll has no bundles, so its files go beside the post in `_posts/`.
    fn path(self, slug: &str, day: &str, bundle: bool, kind: Kind) -> String {
        if kind == Kind::Page {
            // Where each generator keeps pages outside its blog.
            let dir = match self {
                Flavor::Hugo | Flavor::Zola => "content/",
                Flavor::Astro => "src/pages/",
                Flavor::Plain => "pages/",
                Flavor::Jekyll => "",
            };
            return if bundle && self != Flavor::Jekyll {
                format!("{dir}{slug}/index.md")
            } else {
                format!("{dir}{slug}.md")
            };
        }
        let dir = match self {
            Flavor::Hugo => "content/posts/",
            Flavor::Zola => "content/blog/",
            Flavor::Astro => "src/content/blog/",
            Flavor::Plain => "",
            Flavor::Jekyll => return format!("_posts/{day}-{slug}.md"),
        };
        if bundle {
            format!("{dir}{slug}/index.md")
        } else {
            format!("{dir}{slug}.md")
        }
    }

    /// Where the flavor's generator serves files from the site's root URL.
    fn static_dir(self) -> &'static str {
        match self {
            Flavor::Hugo | Flavor::Zola | Flavor::Plain => "static/",
            Flavor::Astro => "public/",
            Flavor::Jekyll => "",
        }
    }

    fn front_matter(self) -> FrontMatterKind {
        match self {
            Flavor::Zola => FrontMatterKind::Toml,
            _ => FrontMatterKind::Yaml,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MarkdownExportOptions {
    pub flavor: Flavor,
    /// Drafts, and posts scheduled after today, are left out unless asked for.
    #[serde(default)]
    pub include_drafts: bool,
    /// Only the posts with this tag (any case).
    #[serde(default)]
    pub tag: Option<String>,
}

/// Keys Zola accepts at the top of a page's front matter; it refuses any
/// other, so those go under `[extra]`.
const ZOLA_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "weight",
    "draft",
    "slug",
    "path",
    "aliases",
    "authors",
    "in_search_index",
    "template",
    "render",
    "taxonomies",
    "extra",
];

/// Writes `posts` (each with its raw text, read by `text_of`) from the
/// library in `origin.folder` into `out`.
pub(crate) fn export(
    origin: super::Origin,
    posts: &[PostSummary],
    text_of: &mut dyn FnMut(&PostSummary) -> Result<String>,
    out: &Path,
    options: &MarkdownExportOptions,
    progress: &mut dyn FnMut(&ExportProgress),
    cancel: &AtomicBool,
) -> Result<ExportReport> {
    let started = Instant::now();
    let library_root = origin
        .folder
        .canonicalize()
        .map_err(|e| Error::io("open the library folder", origin.folder, e))?;
    let mut folder = OutFolder::open(out, origin.export_id)?;
    let mut report = ExportReport::default();
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let mut copied_static = std::collections::HashSet::new();
    for (index, post) in posts.iter().enumerate() {
        if cancel.load(Ordering::Relaxed) {
            folder.abandon()?;
            return Err(Error::Cancelled);
        }
        if index % 64 == 0 {
            progress(&ExportProgress {
                phase: ExportPhase::Posts,
                done: index,
                total: posts.len(),
                current: post.path.clone(),
            });
        }
        let text = text_of(post)?;
        let file_text = match convert(post, &text, options.flavor) {
            Ok(converted) => converted,
            Err(reason) => {
                report.warnings.push(Warning {
                    path: post.path.clone(),
                    message: format!(
                        "its front matter could not be read ({reason}); it was exported unchanged"
                    ),
                });
                text.strip_prefix('\u{feff}').unwrap_or(&text).to_string()
            }
        };
        let links = links::local_links(FrontMatter::split(&text).body);
        let assets = linked_files(&library_root, post, &links, &mut report.warnings);
        // The site's static files go to the flavor's static folder, where the
        // same root-absolute addresses find them.
        for link in links.iter().filter(|l| l.trim().starts_with('/')) {
            let site = origin.site;
            let found = site
                .resolve_static(&library_root, link.trim())
                .zip(site.static_path(link.trim()));
            if let Some((rel, url_path)) = found {
                let dest = format!("{}{url_path}", options.flavor.static_dir());
                if copied_static.insert(dest.clone()) {
                    if let Some(message) = folder.copy(&dest, &library_root.join(rel))? {
                        report.warnings.push(Warning {
                            path: post.path.clone(),
                            message,
                        });
                    }
                }
            }
        }
        let bundle = !assets.is_empty() && options.flavor != Flavor::Jekyll;
        let day = post
            .date
            .clone()
            .unwrap_or_else(|| post.updated_at.get(..10).unwrap_or(&today).to_string());
        let rel = options.flavor.path(&post.slug, &day, bundle, post.kind);
        folder.write(&rel, file_text.as_bytes())?;
        let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        for (source, asset_rel) in assets {
            let dest = if dir.is_empty() {
                asset_rel
            } else {
                format!("{dir}/{asset_rel}")
            };
            if let Some(message) = folder.copy(&dest, &source)? {
                report.warnings.push(Warning {
                    path: post.path.clone(),
                    message,
                });
            }
        }
        report.posts += 1;
    }
    if options.flavor == Flavor::Zola {
        // Zola builds only sections that have an index page.
        folder.write(
            "content/blog/_index.md",
            b"+++\ntitle = \"Blog\"\nsort_by = \"date\"\n+++\n",
        )?;
    }
    let finished = folder.finish()?;
    report.files = finished.files;
    report.bytes = finished.bytes;
    report.warnings.extend(finished.warnings);
    report.seconds = started.elapsed().as_secs_f64();
    progress(&ExportProgress {
        phase: ExportPhase::Posts,
        done: posts.len(),
        total: posts.len(),
        current: String::new(),
    });
    Ok(report)
}

/// Whether an export with `include_drafts` takes a post of this status.
pub(crate) fn exported(status: Status, include_drafts: bool) -> bool {
    include_drafts || status == Status::Published
}

/// The post's text in `flavor`'s front matter: Quire's fields (title, date,
/// draft, tags) spelled the flavor's way, every other key carried, the body
/// unchanged. `Err` when the front matter cannot be read.
pub(crate) fn convert(post: &PostSummary, text: &str, flavor: Flavor) -> Result<String, String> {
    let fm = FrontMatter::split(text);
    if fm.unclosed {
        return Err("it is never closed".into());
    }
    let original = fields::read(&fm)?;
    let mut f = original.clone();
    let draft = post.status == Status::Draft;

    let mut taxonomies = match fields::remove(&mut f, "taxonomies") {
        Some(Value::Map(map)) => map,
        Some(other) => vec![("taxonomies".to_string(), other)],
        None => Vec::new(),
    };
    fields::remove(&mut taxonomies, "tags");

    put(
        &mut f,
        &["title"],
        "title",
        Some(Value::Str(post.title.clone())),
        0,
    );
    let date_key = if flavor == Flavor::Astro {
        "pubDate"
    } else {
        "date"
    };
    let date_value = fields::get(&f, "date")
        .or_else(|| fields::get(&f, "pubDate"))
        .cloned()
        .or_else(|| post.date.clone().map(Value::Date));
    put(&mut f, &["date", "pubDate"], date_key, date_value, 1);
    if fields::get(&f, "slug").is_some() {
        // The library's slug is unique; a front matter slug may not be.
        put(
            &mut f,
            &["slug"],
            "slug",
            Some(Value::Str(post.slug.clone())),
            1,
        );
    }
    if flavor == Flavor::Jekyll {
        fields::remove(&mut f, "draft");
        let published = if draft {
            Some(Value::Bool(false))
        } else {
            fields::get(&f, "published").map(|_| Value::Bool(true))
        };
        put(&mut f, &["published"], "published", published, 2);
    } else {
        fields::remove(&mut f, "published");
        let value = if draft {
            Some(Value::Bool(true))
        } else {
            fields::get(&f, "draft").map(|_| Value::Bool(false))
        };
        put(&mut f, &["draft"], "draft", value, 2);
    }
    // The post's own spelling of its tags (the library shows one spelling
    // per tag, whichever came first).
    let own_tags = crate::frontmatter::Meta::from_text(text).tags;
    let tags =
        (!own_tags.is_empty()).then(|| Value::List(own_tags.into_iter().map(Value::Str).collect()));

    if flavor == Flavor::Zola {
        fields::remove(&mut f, "tags");
        if let Some(tags) = tags {
            taxonomies.insert(0, ("tags".to_string(), tags));
        }
        if let Some(categories) = fields::remove(&mut f, "categories") {
            fields::set(&mut taxonomies, "categories", categories, 1);
        }
        let mut extra = match fields::remove(&mut f, "extra") {
            Some(Value::Map(map)) => map,
            _ => Vec::new(),
        };
        let (known, unknown): (Fields, Fields) = f
            .into_iter()
            .partition(|(k, _)| ZOLA_KEYS.contains(&k.as_str()));
        f = known;
        for (key, value) in unknown {
            if fields::get(&extra, &key).is_none() {
                extra.push((key, value));
            }
        }
        if !taxonomies.is_empty() {
            f.push(("taxonomies".to_string(), Value::Map(taxonomies)));
        }
        if !extra.is_empty() {
            f.push(("extra".to_string(), Value::Map(extra)));
        }
    } else {
        put(&mut f, &["tags"], "tags", tags, 3);
        if let Some(categories) = fields::remove(&mut taxonomies, "categories") {
            if fields::get(&f, "categories").is_none() {
                f.push(("categories".to_string(), categories));
            }
        }
        if !taxonomies.is_empty() {
            f.push(("taxonomies".to_string(), Value::Map(taxonomies)));
        }
    }

    let nl = fm.newline();
    let kind = flavor.front_matter();
    // Already in the flavor's shape: the writer's own block, comments and all.
    if fm.kind == Some(kind) && f == original {
        let mut close = fm.close.to_string();
        if !close.ends_with('\n') {
            close.push_str(nl);
        }
        return Ok(format!("{}{}{close}{}", fm.open, fm.block, fm.body));
    }
    Ok(match kind {
        FrontMatterKind::Yaml => format!("---{nl}{}---{nl}{}", fields::write_yaml(&f, nl), fm.body),
        FrontMatterKind::Toml => format!("+++{nl}{}+++{nl}{}", fields::write_toml(&f, nl), fm.body),
    })
}

/// Sets the first of `keys` present to `key: value` in its place (removing
/// the others), or adds it at `position`; `None` removes them all.
fn put(f: &mut Fields, keys: &[&str], key: &str, value: Option<Value>, position: usize) {
    let at = f.iter().position(|(k, _)| keys.contains(&k.as_str()));
    f.retain(|(k, _)| !keys.contains(&k.as_str()));
    if let Some(value) = value {
        f.insert(
            at.unwrap_or(position).min(f.len()),
            (key.to_string(), value),
        );
    }
}

/// The files a post links to with a relative path, and a page bundle's own
/// files: (absolute source, path relative to the post's folder). Only files
/// inside the library are taken; others are warnings.
pub(crate) fn linked_files(
    library_root: &Path,
    post: &PostSummary,
    links: &[String],
    warnings: &mut Vec<Warning>,
) -> Vec<(std::path::PathBuf, String)> {
    let post_dir_rel = post.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let post_dir = library_root.join(post_dir_rel);
    let mut files = Vec::new();
    for link in links {
        let rel = match links::resolve_link(&post_dir, link) {
            LinkTarget::Inside(rel) => rel,
            LinkTarget::Hidden => {
                warnings.push(Warning {
                    path: post.path.clone(),
                    message: links::hidden_link_warning(link),
                });
                continue;
            }
            LinkTarget::Outside | LinkTarget::NotLocal => continue,
        };
        let source = post_dir.join(&rel);
        let inside = source
            .canonicalize()
            .is_ok_and(|real| real.starts_with(library_root));
        match std::fs::metadata(&source) {
            Ok(m) if m.is_file() && inside => {
                if !crate::import::walk::is_markdown(&rel) && !files.iter().any(|(_, r)| r == &rel)
                {
                    files.push((source, rel));
                }
            }
            Ok(m) if m.is_file() => warnings.push(Warning {
                path: post.path.clone(),
                message: format!("{link} leads outside the library; it was not copied"),
            }),
            Ok(_) => {}
            Err(_) => warnings.push(Warning {
                path: post.path.clone(),
                message: format!("broken link: {link} points to nothing"),
            }),
        }
    }
    if crate::import::dialect::path_hints(&post.path).bundle {
        bundle_files(&post_dir, &post_dir, &mut files, 0);
    }
    files
}
