//! Links in a post to local files: which ones a Markdown body has, and where
//! each one points (inside the post's folder, hidden, outside, not a file).
//! Import copies what they point to, export carries it along.

use std::path::{Component, Path};

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
