//! What a post's place in its folder says about it, per site generator:
//! Jekyll's `_posts/YYYY-MM-DD-slug.md`, Hugo's page bundles (`slug/index.md`),
//! section pages (`_index.md`) that are not posts.

/// Fields a file's path gives, used where the front matter has none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PathHints {
    /// From the file name, or the bundle's folder for `index.md`.
    pub slug: String,
    /// Jekyll's date from `YYYY-MM-DD-slug.md`.
    pub date: Option<String>,
    /// A page bundle: the other files in its folder belong to the post.
    pub bundle: bool,
    /// In Jekyll's `_drafts/`: a draft whatever its front matter says.
    pub draft: bool,
}

/// Hints from a library- or source-relative path with `/` separators.
pub(crate) fn path_hints(rel: &str) -> PathHints {
    let mut parts = rel.rsplit('/');
    let name = parts.next().unwrap_or(rel);
    let parent = parts.next();
    let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(name);
    let draft = rel.split('/').any(|part| part == "_drafts");
    // Only `index.md` makes a page bundle: a README sits beside other posts' files.
    if stem.eq_ignore_ascii_case("index") {
        if let Some(folder) = parent {
            let mut hints = path_hints(&format!("{folder}.md"));
            hints.bundle = true;
            hints.draft |= draft;
            return hints;
        }
    }
    if let Some((date, slug)) = jekyll_name(stem) {
        return PathHints {
            slug: slug.to_string(),
            date: Some(date.to_string()),
            bundle: false,
            draft,
        };
    }
    PathHints {
        slug: stem.to_string(),
        date: None,
        bundle: false,
        draft,
    }
}

/// Section list pages (Hugo's `_index.md`) describe a folder, not a post.
pub(crate) fn is_section_page(rel: &str) -> bool {
    rel.rsplit('/')
        .next()
        .is_some_and(|n| n.eq_ignore_ascii_case("_index.md"))
}

/// `2024-05-01-my-post` → (`2024-05-01`, `my-post`).
pub(crate) fn jekyll_name(stem: &str) -> Option<(&str, &str)> {
    let date = stem.get(..10)?;
    let rest = stem.get(10..)?.strip_prefix('-')?;
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    (!rest.is_empty()).then_some((date, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_from_each_layout() {
        assert_eq!(
            path_hints("_posts/2023-04-05-hello-world.md"),
            PathHints {
                slug: "hello-world".into(),
                date: Some("2023-04-05".into()),
                bundle: false,
                draft: false
            }
        );
        assert_eq!(
            path_hints("content/posts/my-trip/index.md"),
            PathHints {
                slug: "my-trip".into(),
                date: None,
                bundle: true,
                draft: false
            }
        );
        assert_eq!(path_hints("notes/Plain Note.md").slug, "Plain Note");
        assert!(path_hints("_drafts/unfinished.md").draft);
        assert!(
            !path_hints("docs/README.md").bundle,
            "a README is not a page bundle"
        );
        assert_eq!(path_hints("2023-13-45-not-a-date.md").date, None);
        assert!(is_section_page("content/posts/_index.md"));
        assert!(!is_section_page("content/posts/index.md"));
    }
}
