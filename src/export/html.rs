//! The static HTML site: a page per post (rendered and sanitized by the same
//! pipeline as the preview), index pages newest first, an archive by year, a
//! page per tag and an overview, feeds and a sitemap when the site's address
//! is known, a 404 page and a stylesheet. Pages link relatively (`../`), so
//! the site works from `file://` and under any base path. Templates are
//! minijinja files (`theme/`); `--theme DIR` overrides any of them by name.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::{ExportPhase, ExportProgress, ExportReport, OutFolder};
use crate::error::{Error, Result};
use crate::frontmatter::{FrontMatter, Meta};
use crate::import::Warning;
// Escapes text for HTML and XML alike.
use crate::markdown::escape_html as escape;
use crate::post::PostSummary;
use crate::site::Kind;

/// Posts per index page.
const PER_PAGE: usize = 10;
/// Posts in the feeds.
const FEED_POSTS: usize = 20;
/// Posts rendered and written per step (bounded memory for big libraries).
const BATCH: usize = 256;
/// Tags shown with a post in a list (index, tag and archive pages); the rest
/// are "and N more", so a post with thousands of tags does not repeat them on
/// every page that lists it. Its own page shows them all.
const LISTED_TAGS: usize = 8;

const THEME: &[(&str, &str)] = &[
    ("base.html", include_str!("theme/base.html")),
    ("macros.html", include_str!("theme/macros.html")),
    ("post.html", include_str!("theme/post.html")),
    ("index.html", include_str!("theme/index.html")),
    ("tag.html", include_str!("theme/tag.html")),
    ("tags.html", include_str!("theme/tags.html")),
    ("archive.html", include_str!("theme/archive.html")),
    ("404.html", include_str!("theme/404.html")),
];

const STYLE: &str = concat!(
    include_str!("theme/style.css"),
    "\n",
    include_str!("../../ui/src/styles/syntax.css")
);

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HtmlExportOptions {
    /// The site's address (`https://example.com/blog/`): feeds, sitemap and
    /// canonical links need it; pages always link relatively.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub include_drafts: bool,
    /// A folder of templates (and `style.css`, `theme.toml`) overriding the default theme's.
    #[serde(default)]
    pub theme: Option<PathBuf>,
}

/// `theme.toml` in a theme folder.
#[derive(Debug, Default, Deserialize)]
struct ThemeSettings {
    /// Tag and index pages show whole posts instead of excerpts.
    #[serde(default)]
    full_posts: bool,
}

#[derive(Serialize, Clone)]
struct TagRef {
    name: String,
    slug: String,
}

/// A post as the templates see it.
#[derive(Serialize, Clone)]
struct PagePost {
    slug: String,
    title: String,
    date: Option<String>,
    date_display: Option<String>,
    reading_minutes: usize,
    tags: Vec<TagRef>,
    /// Tags left out of `tags` in lists.
    more_tags: usize,
    excerpt_html: String,
    /// Kept only when the theme shows whole posts in lists.
    body_html: String,
    description: String,
    /// RFC 3339, for feeds.
    updated: String,
}

impl PagePost {
    /// Points the page's root-absolute addresses of the site's static files
    /// at their copies in the export, adding the files to copy to `found`.
    fn link_static(
        &mut self,
        site: &crate::site::Site,
        library: &Path,
        root: &str,
        found: &mut Vec<(PathBuf, String)>,
    ) {
        self.body_html = link_static(&self.body_html, site, library, root, found);
        self.excerpt_html = link_static(&self.excerpt_html, site, library, root, found);
    }
}

/// The site's own files in the export's root: a static file is at its
/// address, unless that is one of the export's own names (then under `files/`).
fn static_place(url_path: &str) -> String {
    const OWN: &[&str] = &[
        "index.html",
        "style.css",
        "feed.xml",
        "rss.xml",
        "sitemap.xml",
        "404.html",
        "posts",
        "tags",
        "archive",
        "page",
    ];
    let first = url_path.split('/').next().unwrap_or(url_path);
    if OWN.contains(&first) {
        format!("files/{url_path}")
    } else {
        url_path.to_string()
    }
}

/// Rewrites `src` and `href` values of sanitized HTML that name a file in
/// the site's static folders (`/images/x.png`, as the generator serves them)
/// into addresses relative to the page (`{root}images/x.png`), so the export
/// works from disk and under any base path.
fn link_static(
    html: &str,
    site: &crate::site::Site,
    library: &Path,
    root: &str,
    found: &mut Vec<(PathBuf, String)>,
) -> String {
    if !html.contains("=\"/") {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("=\"/") {
        let attribute_ok = rest[..at].ends_with(" src") || rest[..at].ends_with(" href");
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        let end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..end];
        let unescaped = value.replace("&amp;", "&");
        let resolved = attribute_ok
            .then(|| site.resolve_static(library, &unescaped))
            .flatten()
            .zip(site.static_path(&unescaped));
        match resolved {
            Some((rel, url_path)) => {
                let place = static_place(&url_path);
                let encoded: Vec<String> = place
                    .split('/')
                    .map(crate::local_files::encode_segment)
                    .collect();
                let suffix = value.find(['?', '#']).map(|i| &value[i..]).unwrap_or("");
                out.push_str(&format!("{root}{}{suffix}", encoded.join("/")));
                found.push((library.join(rel), place));
            }
            None => out.push_str(value),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[derive(Serialize)]
struct Site<'a> {
    title: &'a str,
    description: String,
    language: &'a str,
    feeds: bool,
    full_posts: bool,
    year: String,
    /// The site's pages, for its navigation: title and address from the root.
    nav: Vec<serde_json::Value>,
}

/// The tag's slug in URLs: lowercased, every run of characters other than
/// letters and digits turned into `-` (`Remote Work` → `remote-work`).
pub fn tag_slug(name: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            out.push(c);
            dash = false;
        } else {
            dash = true;
        }
    }
    if out.is_empty() {
        "tag".into()
    } else {
        out
    }
}

/// Each tag's page name, unique in the export (../shared/CLI.md): tags are
/// one case-insensitively (`Rust` and `rust`), and a tag whose `tag_slug`
/// another tag already has (`C++` and `C#`) gets `-2`, `-3`, …, the tag seen
/// first (in the order given: the posts newest first, each post's tags in
/// order) keeping it. Keyed by the lowercase name.
fn unique_tag_slugs<'a>(names: impl Iterator<Item = &'a String>) -> HashMap<String, String> {
    let mut slugs = HashMap::new();
    let mut taken = std::collections::HashSet::new();
    for name in names {
        let key = name.to_lowercase();
        if slugs.contains_key(&key) {
            continue;
        }
        let base = tag_slug(name);
        let mut slug = base.clone();
        let mut n = 1;
        while !taken.insert(slug.clone()) {
            n += 1;
            slug = format!("{base}-{n}");
        }
        slugs.insert(key, slug);
    }
    slugs
}

pub(crate) struct HtmlSource<'a> {
    pub library_folder: &'a Path,
    /// The library's export id, which the output folder's marker must carry.
    pub export_id: &'a str,
    pub posts: &'a [PostSummary],
    pub text_of: &'a mut dyn FnMut(&PostSummary) -> Result<String>,
    pub default_title: String,
    /// The library's site: its static folders serve root-absolute addresses.
    pub site: &'a crate::site::Site,
}

/// A post's files that its page links to (source, path beside the page),
/// and the warnings finding them gave.
type LinkedFiles = (Vec<(std::path::PathBuf, String)>, Vec<Warning>);

pub(crate) fn export(
    source: HtmlSource,
    out: &Path,
    options: &HtmlExportOptions,
    progress: &mut dyn FnMut(&ExportProgress),
    cancel: &AtomicBool,
) -> Result<ExportReport> {
    let started = Instant::now();
    let HtmlSource {
        library_folder,
        export_id,
        posts,
        text_of,
        default_title,
        site: library_site,
    } = source;
    let library_root = library_folder
        .canonicalize()
        .map_err(|e| Error::io("open the library folder", library_folder, e))?;
    let theme = Theme::load(options.theme.as_deref())?;
    let base_url = options
        .base_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .map(|u| format!("{}/", u.trim_end_matches('/')));
    if let Some(url) = &base_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(Error::Invalid(format!(
                "the base URL {url:?} must start with https:// or http://"
            )));
        }
    }
    let title = options
        .title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or(default_title);
    let site = Site {
        title: &title,
        description: format!("{title}: posts"),
        language: "en",
        feeds: base_url.is_some(),
        full_posts: theme.settings.full_posts,
        year: chrono::Local::now().format("%Y").to_string(),
        nav: Vec::new(),
    };
    let mut report = ExportReport::default();
    if base_url.is_none() {
        report.warnings.push(Warning {
            path: String::new(),
            message: "no base URL: feeds and the sitemap need absolute addresses, so they were not written".into(),
        });
    }
    let mut folder = OutFolder::open(out, export_id)?;

    // Pages are written at `<slug>/` and linked from the site's navigation;
    // only posts go in the index, archive, tag pages and feeds.
    let (site_pages, posts): (Vec<&PostSummary>, Vec<&PostSummary>) =
        posts.iter().partition(|p| p.kind == Kind::Page);
    let page_dirs = page_dirs(&site_pages);
    let nav: Vec<serde_json::Value> = site_pages
        .iter()
        .zip(&page_dirs)
        .map(|(p, dir)| serde_json::json!({"title": p.title, "href": format!("{dir}/index.html")}))
        .collect();
    let site = Site { nav, ..site };
    let tag_slugs = unique_tag_slugs(posts.iter().flat_map(|p| p.tags.iter()));
    // Links between posts, in any of the site's forms, become links to the
    // other post's page.
    let dirs: Vec<(&PostSummary, String)> = posts
        .iter()
        .map(|p| (*p, format!("posts/{}", p.slug)))
        .chain(
            site_pages
                .iter()
                .zip(&page_dirs)
                .map(|(p, dir)| (*p, dir.clone())),
        )
        .collect();
    let dir_by_path = SiteLinks {
        by_path: dirs
            .iter()
            .map(|(p, d)| (p.path.as_str(), d.clone()))
            .collect(),
        by_slug: dirs
            .iter()
            .map(|(p, d)| (p.slug.as_str(), d.clone()))
            .collect(),
        site: library_site,
        dialect: crate::shortcodes::Dialect::of(library_site),
    };
    // Post pages: the texts are read from the snapshot first (it is one
    // connection), then rendered in parallel a batch ahead of the writing.
    let texts: Vec<String> = posts.iter().map(|p| text_of(p)).collect::<Result<_>>()?;
    let indices: Vec<usize> = (0..posts.len()).collect();
    let render_one = |&index: &usize| -> Result<(PagePost, String, LinkedFiles)> {
        let (mut page, links) = page_post(
            posts[index],
            &texts[index],
            "../../",
            &dir_by_path,
            &tag_slugs,
        );
        let mut warnings = Vec::new();
        let mut files =
            super::markdown::linked_files(&library_root, posts[index], &links, &mut warnings);
        // Site files are copied to their own places, not beside the page.
        let mut statics = Vec::new();
        page.link_static(library_site, &library_root, "../../", &mut statics);
        files.extend(
            statics
                .into_iter()
                .map(|(from, place)| (from, format!("../../{place}"))),
        );
        let link = |p: &&PostSummary| serde_json::json!({"slug": p.slug, "title": p.title});
        let html = theme.render(
            "post.html",
            minijinja::context! {
                site => &site,
                root => "../../",
                canonical => base_url.as_ref().map(|b| format!("{b}posts/{}/", page.slug)),
                post => &page,
                newer => index.checked_sub(1).map(|n| link(&posts[n])),
                older => posts.get(index + 1).map(link),
            },
        )?;
        Ok((page, html, (files, warnings)))
    };
    // The site's static files already copied (many posts share a file).
    let mut copied_static: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut summaries: Vec<PagePost> = Vec::with_capacity(posts.len());
    // Each post's whole tag list, for the tag pages (lists show a few).
    let mut all_tags: Vec<Vec<TagRef>> = Vec::with_capacity(posts.len());
    let written = crate::parallel::pipelined(
        &indices,
        BATCH,
        render_one,
        |batch_index, batch, rendered| {
            progress(&ExportProgress {
                phase: ExportPhase::Posts,
                done: batch_index * BATCH,
                total: posts.len(),
                current: posts[batch[0]].path.clone(),
            });
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            for (&index, outcome) in batch.iter().zip(rendered) {
                let (mut page, html, (files, warnings)) = outcome?;
                let post = posts[index];
                let dir = format!("posts/{}", page.slug);
                folder.write(&format!("{dir}/index.html"), html.as_bytes())?;
                report.warnings.extend(warnings);
                for (source_file, rel) in files {
                    let dest = match rel.strip_prefix("../../") {
                        // A site file, shared by every page that shows it.
                        Some(place) if !copied_static.insert(place.to_string()) => continue,
                        Some(place) => place.to_string(),
                        None => format!("{dir}/{rel}"),
                    };
                    if let Some(message) = folder.copy(&dest, &source_file)? {
                        report.warnings.push(Warning {
                            path: post.path.clone(),
                            message,
                        });
                    }
                }
                if !site.full_posts {
                    page.body_html = String::new();
                }
                all_tags.push(page.tags.clone());
                if page.tags.len() > LISTED_TAGS {
                    page.more_tags = page.tags.len() - LISTED_TAGS;
                    page.tags.truncate(LISTED_TAGS);
                }
                summaries.push(page);
            }
            report.posts += batch.len();
            Ok(())
        },
    );
    if let Err(err) = written {
        folder.abandon()?;
        return Err(err);
    }
    drop(texts);

    // The site's pages: no date order, not in any list.
    let mut sitemap: Vec<String> = Vec::new();
    for (post, dir) in site_pages.iter().zip(&page_dirs) {
        if cancel.load(Ordering::Relaxed) {
            folder.abandon()?;
            return Err(Error::Cancelled);
        }
        let text = text_of(post)?;
        let (mut page, links) = page_post(post, &text, "../", &dir_by_path, &tag_slugs);
        let mut statics = Vec::new();
        page.link_static(library_site, &library_root, "../", &mut statics);
        for (from, place) in statics {
            if copied_static.insert(place.clone()) {
                if let Some(message) = folder.copy(&place, &from)? {
                    report.warnings.push(Warning {
                        path: post.path.clone(),
                        message,
                    });
                }
            }
        }
        page.date = None;
        page.date_display = None;
        page.tags.clear();
        let html = theme.render(
            "post.html",
            minijinja::context! {
                site => &site,
                root => "../",
                canonical => base_url.as_ref().map(|b| format!("{b}{dir}/")),
                post => &page,
                is_page => true,
            },
        )?;
        folder.write(&format!("{dir}/index.html"), html.as_bytes())?;
        let mut warnings = Vec::new();
        let files = super::markdown::linked_files(&library_root, post, &links, &mut warnings);
        report.warnings.extend(warnings);
        for (source_file, rel) in files {
            if let Some(message) = folder.copy(&format!("{dir}/{rel}"), &source_file)? {
                report.warnings.push(Warning {
                    path: post.path.clone(),
                    message,
                });
            }
        }
        sitemap.push(format!("{dir}/"));
        report.posts += 1;
    }

    // Index pages, newest first.
    let pages: Vec<&[PagePost]> = if summaries.is_empty() {
        vec![&[]]
    } else {
        summaries.chunks(PER_PAGE).collect()
    };
    let page_path = |n: usize| {
        if n == 1 {
            "index.html".to_string()
        } else {
            format!("page/{n}/index.html")
        }
    };
    // Rendered in parallel a batch ahead of the writing, in order.
    let numbered: Vec<(usize, &[PagePost])> =
        pages.iter().enumerate().map(|(i, c)| (i + 1, *c)).collect();
    let render_index = |&(number, chunk): &(usize, &[PagePost])| {
        let root = if number == 1 { "" } else { "../../" };
        theme.render(
            "index.html",
            minijinja::context! {
                site => &site,
                root => root,
                canonical => base_url.as_ref().map(|b| if number == 1 { b.clone() } else { format!("{b}page/{number}/") }),
                posts => chunk,
                page => minijinja::context! {
                    number => number,
                    count => pages.len(),
                    newer => (number > 1).then(|| format!("{root}{}", page_path(number - 1))),
                    older => (number < pages.len()).then(|| format!("{root}{}", page_path(number + 1))),
                },
            },
        )
    };
    const PAGES_BATCH: usize = 64;
    crate::parallel::pipelined(
        &numbered,
        PAGES_BATCH,
        render_index,
        |batch_index, batch, rendered| {
            progress(&ExportProgress {
                phase: ExportPhase::Pages,
                done: batch_index * PAGES_BATCH,
                total: numbered.len(),
                current: page_path(batch[0].0),
            });
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            for (&(number, _), html) in batch.iter().zip(rendered) {
                folder.write(&page_path(number), html?.as_bytes())?;
                sitemap.push(if number == 1 {
                    String::new()
                } else {
                    format!("page/{number}/")
                });
            }
            Ok::<(), Error>(())
        },
    )?;

    // Tag pages and the overview.
    let mut by_tag: BTreeMap<String, (String, Vec<&PagePost>)> = BTreeMap::new();
    for (post, tags) in summaries.iter().zip(&all_tags) {
        for tag in tags {
            by_tag
                .entry(tag.slug.clone())
                .or_insert_with(|| (tag.name.clone(), Vec::new()))
                .1
                .push(post);
        }
    }
    // A tag page with whole posts can be megabytes: then a few at a time.
    let tag_batch = if site.full_posts { 4 } else { 16 };
    let tags: Vec<(&String, &(String, Vec<&PagePost>))> = by_tag.iter().collect();
    let render_tag = |(slug, (name, tagged)): &(&String, &(String, Vec<&PagePost>))| {
        theme.render(
            "tag.html",
            minijinja::context! {
                site => &site,
                root => "../../",
                canonical => base_url.as_ref().map(|b| format!("{b}tags/{slug}/")),
                tag => minijinja::context! { name => name, slug => slug },
                posts => tagged,
            },
        )
    };
    crate::parallel::pipelined(
        &tags,
        tag_batch,
        render_tag,
        |batch_index, batch, rendered| {
            progress(&ExportProgress {
                phase: ExportPhase::Tags,
                done: batch_index * tag_batch,
                total: tags.len(),
                current: format!("tags/{}/", batch[0].0),
            });
            if cancel.load(Ordering::Relaxed) {
                return Err(Error::Cancelled);
            }
            for ((slug, _), html) in batch.iter().zip(rendered) {
                folder.write(&format!("tags/{slug}/index.html"), html?.as_bytes())?;
                sitemap.push(format!("tags/{slug}/"));
            }
            Ok::<(), Error>(())
        },
    )?;
    let mut tag_list: Vec<serde_json::Value> = by_tag
        .iter()
        .map(|(slug, (name, tagged))| {
            serde_json::json!({"slug": slug, "name": name, "count": tagged.len()})
        })
        .collect();
    tag_list.sort_by(|a, b| {
        a["name"]
            .as_str()
            .unwrap_or_default()
            .to_lowercase()
            .cmp(&b["name"].as_str().unwrap_or_default().to_lowercase())
    });
    let html = theme.render(
        "tags.html",
        minijinja::context! {
            site => &site, root => "../", tags => tag_list,
            canonical => base_url.as_ref().map(|b| format!("{b}tags/")),
        },
    )?;
    folder.write("tags/index.html", html.as_bytes())?;
    sitemap.push("tags/".into());

    // The archive by year, and the site's own files.
    let mut years: Vec<(String, Vec<&PagePost>)> = Vec::new();
    for post in &summaries {
        let year = post
            .date
            .as_deref()
            .and_then(|d| d.get(..4))
            .unwrap_or("Undated")
            .to_string();
        match years.last_mut() {
            Some((y, list)) if *y == year => list.push(post),
            _ => years.push((year, vec![post])),
        }
    }
    let years: Vec<serde_json::Value> = years
        .into_iter()
        .map(|(name, posts)| serde_json::json!({"name": name, "posts": posts}))
        .collect();
    let html = theme.render(
        "archive.html",
        minijinja::context! {
            site => &site, root => "../", years => years,
            canonical => base_url.as_ref().map(|b| format!("{b}archive/")),
        },
    )?;
    folder.write("archive/index.html", html.as_bytes())?;
    sitemap.push("archive/".into());
    // Served for any missing address: links from the site's root address when known.
    let html = theme.render(
        "404.html",
        minijinja::context! { site => &site, root => base_url.clone().unwrap_or_default(), canonical => None::<String> },
    )?;
    folder.write("404.html", html.as_bytes())?;
    folder.write("style.css", theme.style.as_bytes())?;

    if let Some(base) = &base_url {
        let recent = &summaries[..summaries.len().min(FEED_POSTS)];
        folder.write("feed.xml", atom(base, &title, recent).as_bytes())?;
        folder.write("rss.xml", rss(base, &title, recent).as_bytes())?;
        let mut urls: Vec<String> = sitemap.iter().map(|p| format!("{base}{p}")).collect();
        urls.extend(summaries.iter().map(|p| format!("{base}posts/{}/", p.slug)));
        folder.write("sitemap.xml", sitemap_xml(&urls).as_bytes())?;
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

/// One post as a self-contained page at `out_file`: the stylesheet inlined,
/// the files it links to copied beside it (never over a different file).
pub(crate) fn single_page(
    library_folder: &Path,
    post: &PostSummary,
    text: &str,
    out_file: &Path,
) -> Result<ExportReport> {
    let started = Instant::now();
    let library_root = library_folder
        .canonicalize()
        .map_err(|e| Error::io("open the library folder", library_folder, e))?;
    let tag_slugs = unique_tag_slugs(post.tags.iter());
    let site = crate::site::Site::default();
    let no_links = SiteLinks {
        by_path: HashMap::new(),
        by_slug: HashMap::new(),
        site: &site,
        dialect: crate::shortcodes::Dialect::default(),
    };
    let (page, links) = page_post(post, text, "", &no_links, &tag_slugs);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<meta name=\"description\" content=\"{description}\">\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main id=\"main\">\n<article class=\"post\">\n<header>\n<h1>{title}</h1>\n<p class=\"post-meta\">{date}{minutes} min read</p>\n</header>\n<div class=\"post-body\">\n{body}</div>\n</article>\n</main>\n</body>\n</html>\n",
        title = escape(&page.title),
        description = escape(&page.description),
        date = page
            .date
            .as_ref()
            .zip(page.date_display.as_ref())
            .map(|(d, shown)| format!("<time datetime=\"{}\">{}</time> · ", escape(d), escape(shown)))
            .unwrap_or_default(),
        minutes = page.reading_minutes,
        body = page.body_html,
    );
    let mut report = ExportReport {
        posts: 1,
        ..ExportReport::default()
    };
    let dir = out_file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    crate::fsutil::write_atomic(out_file, html.as_bytes())?;
    report.files = 1;
    report.bytes = html.len() as u64;
    for (source, rel) in
        super::markdown::linked_files(&library_root, post, &links, &mut report.warnings)
    {
        let dest = crate::fsutil::resolve(dir, &rel)?;
        if dest.exists() {
            if std::fs::read(&dest).ok() != std::fs::read(&source).ok() {
                report.warnings.push(Warning {
                    path: rel.clone(),
                    message: format!(
                        "not copied: a different file is already at {}",
                        dest.display()
                    ),
                });
            }
            continue;
        }
        crate::fsutil::copy_atomic_unsynced(&source, &dest)?;
        report.files += 1;
        report.bytes += std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
    }
    crate::fsutil::sync_filesystem(dir)?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// A post's body as sanitized, valid HTML (for the clipboard).
pub(crate) fn body_html(text: &str) -> String {
    valid_html(&crate::markdown::render(text).html)
}

/// Where each page goes in the site: `<slug>/`, unless the slug is one of
/// the site's own folders (`tags`, `posts`, ...), then `<slug>-page/`.
fn page_dirs(pages: &[&PostSummary]) -> Vec<String> {
    const RESERVED: &[&str] = &["posts", "tags", "archive", "page", "index.html", "404.html"];
    pages
        .iter()
        .map(|p| {
            if RESERVED.contains(&p.slug.as_str()) {
                format!("{}-page", p.slug)
            } else {
                p.slug.clone()
            }
        })
        .collect()
}

/// Renders one post or page for its page and the lists (`root` leads from
/// its page to the site's root); gives the addresses its links and images
/// point to as well.
fn page_post(
    post: &PostSummary,
    text: &str,
    root: &str,
    dir_by_path: &SiteLinks,
    tag_slugs: &HashMap<String, String>,
) -> (PagePost, Vec<String>) {
    let body = FrontMatter::split(text).body;
    let body = crate::shortcodes::expand(body, &dir_by_path.dialect);
    let (mut rendered, links) = crate::markdown::render_body_and_links(&body);
    rendered.html = valid_html(&link_posts(&rendered.html, &post.path, root, dir_by_path));
    let meta = Meta::from_text(text);
    let excerpt_html = match &meta.summary {
        Some(summary) => format!("<p>{}</p>", escape(summary)),
        // The first paragraph is already rendered: no second parse (the
        // sanitizer drops comments, so `<!--more-->` needs the source).
        None if !body.contains("<!--more-->") => first_paragraph(&rendered.html).to_string(),
        None => valid_html(&link_posts(&excerpt(&body), &post.path, root, dir_by_path)),
    };
    let description = meta
        .summary
        .clone()
        .unwrap_or_else(|| truncate_words(&plain_text(&excerpt_html), 160));
    let page = PagePost {
        slug: post.slug.clone(),
        title: post.title.clone(),
        date: post.date.clone(),
        date_display: post.date.as_deref().and_then(|d| {
            chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
                .ok()
                .map(|d| d.format("%-d %B %Y").to_string())
        }),
        reading_minutes: rendered.reading_minutes.max(1),
        tags: {
            let mut seen = std::collections::HashSet::new();
            post.tags
                .iter()
                .filter_map(|name| {
                    let slug = tag_slugs
                        .get(&name.to_lowercase())
                        .cloned()
                        .unwrap_or_else(|| tag_slug(name));
                    seen.insert(slug.clone()).then(|| TagRef {
                        name: name.clone(),
                        slug,
                    })
                })
                .collect()
        },
        more_tags: 0,
        excerpt_html,
        body_html: headings_from(&rendered.html, 2),
        description,
        updated: post
            .date
            .as_deref()
            .map(|d| format!("{d}T00:00:00Z"))
            .unwrap_or_else(|| post.updated_at.clone()),
    };
    (page, links)
}

/// The first top-level paragraph of rendered HTML (comrak starts every
/// block on a line of its own), or nothing.
fn first_paragraph(html: &str) -> &str {
    const OPEN: &[&str] = &[
        "<ul",
        "<ol",
        "<blockquote",
        "<table",
        "<div",
        "<details",
        "<section",
        "<dl",
        "<figure",
    ];
    const CLOSE: &[&str] = &[
        "</ul>",
        "</ol>",
        "</blockquote>",
        "</table>",
        "</div>",
        "</details>",
        "</section>",
        "</dl>",
        "</figure>",
    ];
    let mut depth: usize = 0;
    let mut offset = 0;
    for line in html.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if !line.starts_with('<') {
            continue;
        }
        if depth == 0 && line.starts_with("<p>") {
            let end = html[start..]
                .find("</p>")
                .map(|i| start + i + 4)
                .unwrap_or(html.len());
            return &html[start..end];
        }
        if OPEN.iter().any(|t| {
            line.starts_with(t) && matches!(line.as_bytes().get(t.len()), Some(b'>' | b' '))
        }) {
            depth += 1;
        } else if CLOSE.iter().any(|t| line.starts_with(t)) {
            depth = depth.saturating_sub(1);
        }
    }
    ""
}

/// The text up to `<!--more-->`, else the first paragraph, rendered.
fn excerpt(body: &str) -> String {
    if let Some((before, _)) = body.split_once("<!--more-->") {
        return crate::markdown::render_body(before).html;
    }
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, &comrak::Options::default());
    for node in root.descendants() {
        if matches!(node.data().value, NodeValue::Paragraph)
            && node
                .parent()
                .is_some_and(|p| matches!(p.data().value, NodeValue::Document))
        {
            let pos = node.data().sourcepos;
            let lines: Vec<&str> = body
                .lines()
                .skip(pos.start.line.saturating_sub(1))
                .take(pos.end.line + 1 - pos.start.line)
                .collect();
            return crate::markdown::render_body(&lines.join("\n")).html;
        }
    }
    String::new()
}

fn plain_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn truncate_words(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    match cut.rsplit_once(' ') {
        Some((head, _)) => format!("{head}…"),
        None => format!("{cut}…"),
    }
}

/// Makes sanitized post HTML valid HTML5 where the writer's raw HTML was
/// not: an image without `alt` gets an empty one (decorative, as far as
/// anyone can tell), and a link whose address the sanitizer removed loses the
/// `rel` that only a link with an address may have.
fn valid_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 16);
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('>').map(|i| i + 1).unwrap_or(rest.len());
        let tag = &rest[..end];
        if tag.starts_with("<img ") && !tag.contains(" alt=") {
            let close = if tag.ends_with("/>") {
                end - 2
            } else {
                end - 1
            };
            out.push_str(&tag[..close]);
            out.push_str(" alt=\"\"");
            out.push_str(&tag[close..]);
        } else if (tag.starts_with("<a ") || tag == "<a>") && !tag.contains(" href=") {
            out.push_str("<a>");
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where links between posts lead in the export: each post's and page's
/// folder in the site, by its file and by its slug, and how the site's
/// shortcodes read.
struct SiteLinks<'a> {
    by_path: HashMap<&'a str, String>,
    by_slug: HashMap<&'a str, String>,
    site: &'a crate::site::Site,
    dialect: crate::shortcodes::Dialect<'a>,
}

impl SiteLinks<'_> {
    /// The folder of the post or page `href` (written in the post at
    /// `from`) leads to, in any of the forms `links::link_candidates` knows.
    fn dir_for(&self, from: &str, href: &str) -> Option<&str> {
        let address = href.split(['#', '?']).next().unwrap_or(href);
        let last = address
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or("");
        // A link to a file (an image, a PDF) is not a link to a post.
        let to_file = last.rsplit_once('.').is_some_and(|(_, ext)| {
            !["md", "markdown", "html", "htm"].contains(&ext.to_ascii_lowercase().as_str())
        });
        if to_file {
            return None;
        }
        let candidates = crate::links::link_candidates(from, href, self.site)?;
        for path in &candidates.paths {
            if let Some(dir) = self.by_path.get(path.as_str()) {
                return Some(dir);
            }
        }
        candidates
            .slug
            .and_then(|slug| self.by_slug.get(slug.as_str()))
            .map(String::as_str)
    }
}

/// Rewrites links to other posts (`../notes/other.md#part`, `/other/`,
/// `@/blog/other.md`, a `relref`'s path) into links to their pages
/// (`../../posts/other-slug/index.html#part`, relative to this post's page,
/// which `root` leads out of).
fn link_posts(html: &str, post_path: &str, root: &str, links: &SiteLinks) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(" href=\"") {
        out.push_str(&rest[..at + 7]);
        rest = &rest[at + 7..];
        let end = rest.find('"').unwrap_or(rest.len());
        let href = &rest[..end];
        let fragment = href.find('#').map(|i| &href[i..]).unwrap_or("");
        let local = !href.starts_with('#') && !href.starts_with("//");
        match local
            .then(|| links.dir_for(post_path, &href.replace("&amp;", "&")))
            .flatten()
        {
            Some(dir) => out.push_str(&format!("{root}{dir}/index.html{fragment}")),
            None => out.push_str(href),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Moves a post's headings down so the highest is `<h{top}>`: under the
/// page's own `<h1>` (the title), headings keep their order for readers of
/// the outline. Headings already low enough stay; none goes below `<h6>`.
fn headings_from(html: &str, top: usize) -> String {
    // Where each heading tag's level digit is: `<hN` or `</hN` then `>` or ` `.
    let bytes = html.as_bytes();
    let mut digits = Vec::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let at = i + found;
        let mut j = at + 1;
        if bytes.get(j) == Some(&b'/') {
            j += 1;
        }
        if bytes.get(j) == Some(&b'h')
            && bytes.get(j + 1).is_some_and(|d| (b'1'..=b'6').contains(d))
            && matches!(bytes.get(j + 2), Some(b'>' | b' '))
        {
            digits.push(j + 1);
        }
        i = at + 1;
    }
    let highest = digits.iter().map(|&d| (bytes[d] - b'0') as usize).min();
    let shift = match highest {
        Some(highest) if highest < top => top - highest,
        _ => return html.to_string(),
    };
    let mut out = bytes.to_vec();
    for d in digits {
        let level = (bytes[d] - b'0') as usize;
        out[d] = b'0' + (level + shift).min(6) as u8;
    }
    // Only ASCII digits changed, so the text is still UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| html.to_string())
}

/// Prefixes every relative `src` and `href` in sanitized HTML with `prefix`.
fn rebase(html: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    loop {
        let next = [" src=\"", " href=\""]
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
            .min();
        let Some((at, len)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at + len]);
        rest = &rest[at + len..];
        let value_end = rest.find('"').unwrap_or(rest.len());
        let value = &rest[..value_end];
        let scheme = value
            .split_once(':')
            .is_some_and(|(s, _)| !s.contains('/') && !s.is_empty());
        // Zola's `@/` names a file, not an address: a link no post answered
        // stays as written.
        let zola_path = value.starts_with("@/");
        if !(value.is_empty()
            || value.starts_with('/')
            || value.starts_with('#')
            || scheme
            || zola_path)
        {
            // `posts/a/` + `../../images/x.png` is `images/x.png`.
            let mut parts: Vec<&str> = prefix.split('/').filter(|p| !p.is_empty()).collect();
            let mut climbed = 0;
            for _ in value.matches("../") {
                if parts.last().is_some_and(|p| *p != "..")
                    && value[climbed * 3..].starts_with("../")
                {
                    parts.pop();
                    climbed += 1;
                } else {
                    break;
                }
            }
            out.push_str(&parts.join("/"));
            if !parts.is_empty() {
                out.push('/');
            }
            rest = &rest[climbed * 3..];
        }
    }
}

fn atom(base: &str, title: &str, posts: &[PagePost]) -> String {
    let updated = posts
        .iter()
        .map(|p| p.updated.as_str())
        .max()
        .map(str::to_string)
        .unwrap_or_else(|| chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<link rel=\"self\" href=\"{}feed.xml\"/>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
        xml_text(title),
        xml_text(base),
        xml_text(base),
        xml_text(base),
        xml_text(&updated),
        xml_text(title)
    );
    for p in posts {
        let url = format!("{base}posts/{}/", p.slug);
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{}</id>\n<link href=\"{}\"/>\n<updated>{}</updated>\n<summary type=\"html\">{}</summary>\n</entry>\n",
            xml_text(&p.title),
            xml_text(&url),
            xml_text(&url),
            xml_text(&p.updated),
            xml_text(&p.excerpt_html)
        ));
    }
    out.push_str("</feed>\n");
    out
}

fn rss(base: &str, title: &str, posts: &[PagePost]) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n<title>{}</title>\n<link>{}</link>\n<description>{}</description>\n<atom:link href=\"{}rss.xml\" rel=\"self\" type=\"application/rss+xml\"/>\n",
        xml_text(title),
        xml_text(base),
        xml_text(title),
        xml_text(base)
    );
    for p in posts {
        let url = format!("{base}posts/{}/", p.slug);
        let date = chrono::DateTime::parse_from_rfc3339(&p.updated)
            .map(|d| d.to_rfc2822())
            .unwrap_or_default();
        out.push_str(&format!(
            "<item>\n<title>{}</title>\n<link>{}</link>\n<guid>{}</guid>\n<pubDate>{}</pubDate>\n<description>{}</description>\n</item>\n",
            xml_text(&p.title),
            xml_text(&url),
            xml_text(&url),
            xml_text(&date),
            xml_text(&p.excerpt_html)
        ));
    }
    out.push_str("</channel>\n</rss>\n");
    out
}

fn sitemap_xml(urls: &[String]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in urls {
        out.push_str(&format!("<url><loc>{}</loc></url>\n", xml_text(url)));
    }
    out.push_str("</urlset>\n");
    out
}

/// Text for the feeds and the sitemap, escaped: XML 1.0 forbids control
/// characters even as references, and one in a title would make the whole
/// feed unreadable, so they are left out (tab and newline kept).
fn xml_text(text: &str) -> String {
    let allowed =
        |c: char| c == '\t' || c == '\n' || !(c.is_control() || c == '\u{fffe}' || c == '\u{ffff}');
    if text.chars().all(allowed) {
        escape(text)
    } else {
        escape(&text.chars().filter(|&c| allowed(c)).collect::<String>())
    }
}

/// The templates, the stylesheet and the settings in use.
struct Theme {
    env: minijinja::Environment<'static>,
    style: String,
    settings: ThemeSettings,
}

impl Theme {
    fn load(dir: Option<&Path>) -> Result<Theme> {
        let mut env = minijinja::Environment::new();
        // Templates are HTML: every value is escaped unless marked safe
        // (only the five characters HTML needs: URLs keep their slashes).
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
        env.set_formatter(|out, state, value| {
            if value.is_safe() || state.auto_escape() == minijinja::AutoEscape::None {
                return minijinja::escape_formatter(out, state, value);
            }
            if value.is_undefined() || value.is_none() {
                return Ok(());
            }
            let text = match value.as_str() {
                Some(s) => escape(s),
                None => escape(&value.to_string()),
            };
            out.write_str(&text).map_err(minijinja::Error::from)
        });
        let overrides = dir.map(Path::to_path_buf);
        if let Some(dir) = &overrides {
            if !dir.is_dir() {
                return Err(Error::Invalid(format!(
                    "the theme folder {} does not exist",
                    dir.display()
                )));
            }
        }
        // A post's HTML shown in a list elsewhere: its relative links and
        // images are made relative to that page (`{{ html | rebase(root, slug) }}`).
        env.add_filter("headings_from", |html: String, top: usize| {
            minijinja::Value::from_safe_string(headings_from(&html, top))
        });
        env.add_filter("rebase", |html: String, root: String, slug: String| {
            minijinja::Value::from_safe_string(rebase(&html, &format!("{root}posts/{slug}/")))
        });
        let loader_dir = overrides.clone();
        env.set_loader(move |name| {
            if let Some(dir) = &loader_dir {
                // Only plain names: a template never reads outside its folder.
                if !name.contains(['/', '\\']) && !name.starts_with('.') {
                    if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                        return Ok(Some(text));
                    }
                }
            }
            Ok(THEME
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, t)| t.to_string()))
        });
        let read = |name: &str| {
            overrides
                .as_ref()
                .and_then(|d| std::fs::read_to_string(d.join(name)).ok())
        };
        let style = read("style.css").unwrap_or_else(|| STYLE.to_string());
        let settings = match read("theme.toml") {
            Some(text) => toml::from_str(&text)
                .map_err(|e| Error::Invalid(format!("theme.toml: {}", e.message())))?,
            None => ThemeSettings::default(),
        };
        Ok(Theme {
            env,
            style,
            settings,
        })
    }

    fn render(&self, name: &str, ctx: minijinja::Value) -> Result<String> {
        let template = self
            .env
            .get_template(name)
            .map_err(|e| Error::Invalid(format!("the theme's {name}: {e}")))?;
        template
            .render(ctx)
            .map_err(|e| Error::Invalid(format!("the theme's {name}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_slugs_follow_the_contract() {
        assert_eq!(tag_slug("Remote Work"), "remote-work");
        assert_eq!(tag_slug("  C++ / Rust!! "), "c-rust");
        assert_eq!(tag_slug("Éditions"), "éditions");
        assert_eq!(tag_slug("+++"), "tag");
    }

    #[test]
    fn excerpts_stop_at_more_or_take_the_first_paragraph() {
        assert_eq!(
            excerpt("# Title\n\nFirst *para*.\n\nSecond.\n"),
            "<p>First <em>para</em>.</p>\n"
        );
        assert!(excerpt("One.\n\nTwo.\n<!--more-->\nThree.\n").contains("Two."));
        assert!(!excerpt("One.\n\nTwo.\n<!--more-->\nThree.\n").contains("Three."));
    }

    #[test]
    fn headings_move_below_the_title_in_order() {
        assert_eq!(
            headings_from("<h1 id=\"a\">A</h1><h2>B</h2><h6>C</h6>", 2),
            "<h2 id=\"a\">A</h2><h3>B</h3><h6>C</h6>"
        );
        assert_eq!(headings_from("<h2>B</h2>", 2), "<h2>B</h2>");
        assert_eq!(
            headings_from("<h2>B</h2><h3>C</h3>", 3),
            "<h3>B</h3><h4>C</h4>"
        );
    }

    #[test]
    fn links_to_other_posts_point_to_their_pages() {
        let site = crate::site::Site::default();
        let links = SiteLinks {
            by_path: [
                ("notes/other.md", "posts/other".to_string()),
                ("top.md", "about".to_string()),
            ]
            .into_iter()
            .collect(),
            by_slug: [("other", "posts/other".to_string())].into_iter().collect(),
            site: &site,
            dialect: crate::shortcodes::Dialect::default(),
        };
        assert_eq!(
            link_posts(
                r#"<a href="other.md#part">o</a> <a href="../top.md">t</a> <a href="missing.md">m</a> <a href="https://x.org/a.md">x</a> <a href="/2020/01/other/">p</a> <a href="/img/other.png">i</a>"#,
                "notes/this.md",
                "../../",
                &links
            ),
            r#"<a href="../../posts/other/index.html#part">o</a> <a href="../../about/index.html">t</a> <a href="missing.md">m</a> <a href="https://x.org/a.md">x</a> <a href="../../posts/other/index.html">p</a> <a href="/img/other.png">i</a>"#
        );
    }

    #[test]
    fn the_first_paragraph_is_taken_from_the_top_level() {
        let html = "<h1>T</h1>\n<ul>\n<li>\n<p>in a list</p>\n</li>\n</ul>\n<blockquote>\n<p>quoted</p>\n</blockquote>\n<p>First\nline <em>two</em></p>\n<p>Second</p>\n";
        assert_eq!(first_paragraph(html), "<p>First\nline <em>two</em></p>");
        assert_eq!(first_paragraph("<h1>Only</h1>\n"), "");
    }

    #[test]
    fn raw_html_is_made_valid() {
        assert_eq!(
            valid_html(
                r#"<p><img src="x.png"> <img src="y.png" alt="y"> <a rel="noopener noreferrer">z</a> <a href="h" rel="noopener noreferrer">h</a></p>"#
            ),
            r#"<p><img src="x.png" alt=""> <img src="y.png" alt="y"> <a>z</a> <a href="h" rel="noopener noreferrer">h</a></p>"#
        );
    }

    #[test]
    fn rebase_prefixes_only_relative_links() {
        assert_eq!(
            rebase(
                r##"<img src="a/b.png"> <a href="https://x.org">x</a> <a href="#fn">1</a> <a href="mailto:a@b">m</a> <a href="/abs">a</a>"##,
                "../../posts/p/"
            ),
            r##"<img src="../../posts/p/a/b.png"> <a href="https://x.org">x</a> <a href="#fn">1</a> <a href="mailto:a@b">m</a> <a href="/abs">a</a>"##
        );
        assert_eq!(
            rebase(
                r#"<img src="../../images/x.png"> <a href="../../../up">u</a>"#,
                "posts/p/"
            ),
            r#"<img src="images/x.png"> <a href="../up">u</a>"#
        );
        assert_eq!(
            rebase(r#"<img src="../../images/x.png">"#, "../../posts/p/"),
            r#"<img src="../../images/x.png">"#
        );
    }
}
