//! Links in a post to local files: which ones a Markdown body has, and where
//! each one points (inside the post's folder, hidden, outside, not a file).
//! Import copies what they point to, export carries it along.

use std::path::{Component, Path};

use crate::site::Site;

/// The destinations of the links and images in a Markdown body.
pub(crate) fn local_links(body: &str) -> Vec<String> {
    use comrak::nodes::NodeValue;
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, &comrak::Options::default());
    let mut links = Vec::new();
    for node in root.descendants() {
        match &node.data().value {
            NodeValue::Image(link) | NodeValue::Link(link) => links.push(link.url.clone()),
            // Most real posts put their images in raw HTML (`<img src=...>`).
            NodeValue::HtmlBlock(block) => links.extend(html_addresses(&block.literal)),
            NodeValue::HtmlInline(html) => links.extend(html_addresses(html)),
            _ => {}
        }
    }
    links
}

/// The `src` and `href` values in a piece of raw HTML, quoted either way.
pub(crate) fn html_addresses(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    for name in ["src", "href"] {
        let mut from = 0;
        while let Some(at) = lower[from..].find(name) {
            let start = from + at;
            from = start + name.len();
            // A whole attribute name: after a space, then `=` and a quote.
            let before_ok = lower[..start].ends_with(|c: char| c.is_ascii_whitespace());
            let after = lower[from..].trim_start();
            let Some(after_eq) = after.strip_prefix('=') else {
                continue;
            };
            let value_start = html.len() - after_eq.trim_start().len();
            let Some(quote) = html[value_start..].chars().next() else {
                continue;
            };
            if !before_ok || !(quote == '"' || quote == '\'') {
                continue;
            }
            if let Some(len) = html[value_start + 1..].find(quote) {
                let value = &html[value_start + 1..value_start + 1 + len];
                found.push(value.replace("&amp;", "&"));
                from = value_start + 1 + len;
            }
        }
    }
    found
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

impl crate::library::Library {
    /// The post a link in the post at `from` (library-relative) points to:
    /// a relative path to its file (`other.md`, `../2024/trip/`, a bundle's
    /// folder), or an address on the site whose last part is its slug
    /// (`/other-post/`, `/2024/05/01/other-post.html`, a Jekyll file name).
    /// `None` for a web address or a link to no post here.
    pub fn post_for_link(
        &self,
        from: &str,
        href: &str,
    ) -> crate::error::Result<Option<crate::post::PostSummary>> {
        use crate::store::posts;
        let Some(candidates) = link_candidates(from, href, &self.site()) else {
            return Ok(None);
        };
        let conn = self.conn()?;
        let found = |id: Option<crate::post::PostId>| -> crate::error::Result<_> {
            Ok(match id {
                Some(id) => posts::get(&conn, id)?.filter(|(_, _, trashed)| !trashed),
                None => None,
            })
        };
        for path in &candidates.paths {
            if let Some((post, _, _)) = found(posts::by_path(&conn, path)?.map(|(id, _)| id))? {
                return Ok(Some(post));
            }
        }
        if let Some(slug) = &candidates.slug {
            if let Some((post, _, _)) = found(posts::id_by_slug(&conn, slug)?)? {
                return Ok(Some(post));
            }
        }
        Ok(None)
    }
}

/// Where a link might point: post files (library-relative), then a slug.
pub(crate) struct LinkCandidates {
    pub(crate) paths: Vec<String>,
    pub(crate) slug: Option<String>,
}

/// Where `href`, written in the post at `from`, may point in `site`: the
/// forms of DESIGN.md's "Link" (a relative path; a path from the content
/// folder, as Hugo's `relref` and Zola's `@/` write it; a path from the
/// site's root; a root permalink, whose last part is the slug).
pub(crate) fn link_candidates(from: &str, href: &str, site: &Site) -> Option<LinkCandidates> {
    let href = href.trim();
    if let Some(rest) = href.strip_prefix("@/") {
        let mut candidates = relative_candidates("", rest)?;
        let content = site.content_root();
        candidates.paths = candidates
            .paths
            .iter()
            .map(|p| join_dirs(&content, p))
            .collect();
        return Some(candidates);
    }
    let mut candidates = relative_candidates(from, href)?;
    let address = percent_decode(href.split(['#', '?']).next().unwrap_or(""));
    let is_markdown = |p: &str| [".md", ".markdown"].iter().any(|e| p.ends_with(e));
    if let Some(from_root) = address.strip_prefix('/') {
        for base in [site.root.clone(), site.content_root()] {
            let joined = join_dirs(&base, from_root.trim_end_matches('/'));
            if is_markdown(&joined) {
                candidates.paths.push(joined);
            }
        }
    } else if is_markdown(&address) {
        // Hugo's `relref` finds a path from the content folder too.
        if let Some(joined) = relative_candidates("", &address) {
            let content = site.content_root();
            candidates
                .paths
                .extend(joined.paths.iter().map(|p| join_dirs(&content, p)));
        }
    }
    candidates.paths.dedup();
    Some(candidates)
}

fn join_dirs(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}/{b}"),
    }
}

fn relative_candidates(from: &str, href: &str) -> Option<LinkCandidates> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') || href.starts_with("//") {
        return None;
    }
    if let Some((scheme, _)) = href.split_once(':') {
        if scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        {
            return None;
        }
    }
    let address = href.split(['#', '?']).next().unwrap_or("");
    let address = percent_decode(address);
    let mut paths = Vec::new();
    if !address.starts_with('/') {
        // Relative to the linking post's folder, never above the library.
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for part in address.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                part => parts.push(part),
            }
        }
        let joined = parts.join("/");
        let is_markdown = [".md", ".markdown"].iter().any(|e| joined.ends_with(e));
        if is_markdown {
            paths.push(joined);
        } else if !joined.is_empty() {
            for suffix in [".md", "/index.md", "/_index.md", ".markdown"] {
                paths.push(format!("{joined}{suffix}"));
            }
        }
    }
    let last = address
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let stem = last
        .strip_suffix(".html")
        .or_else(|| last.strip_suffix(".md"))
        .or_else(|| last.strip_suffix(".markdown"))
        .unwrap_or(last);
    // A Jekyll file name: the date goes, the rest is the slug.
    let stem = crate::import::dialect::jekyll_name(stem)
        .map(|(_, slug)| slug)
        .unwrap_or(stem);
    let slug = (!stem.is_empty() && stem != "index").then(|| crate::post::slugify(stem));
    Some(LinkCandidates { paths, slug })
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

#[cfg(test)]
mod html_tests {
    use super::*;

    #[test]
    fn raw_html_images_and_links_are_found() {
        assert_eq!(
            html_addresses(
                r#"<img class="x" src="/img/a.png" alt="srcset"><a HREF='b.md?x=1&amp;y=2'>b</a> <p data-src="no">"#
            ),
            ["/img/a.png", "b.md?x=1&y=2"]
        );
        assert_eq!(
            local_links("Text <img src=\"pics/a.png\"> and ![b](b.png)\n\n<figure><img src=\"/c.jpg\"></figure>\n"),
            ["pics/a.png", "b.png", "/c.jpg"]
        );
    }
}
