//! Tags across the library: counts, renaming and merging, and the one
//! normalisation every tag list goes through.

use crate::error::{Error, Result};
use crate::frontmatter::{self, PostFields};
use crate::library::Library;
use crate::post::{check_field, RevisionSource, TagCount};
use crate::store::posts;

impl Library {
    /// Renames a tag on every post that has it (merging into `to` when that
    /// exists), editing each post's front matter and keeping a revision.
    pub fn rename_tag(&self, from: &str, to: &str) -> Result<usize> {
        let to = to.trim();
        check_field("tag", to)?;
        if to.is_empty() {
            return Err(Error::Invalid("a tag needs a name".into()));
        }
        let ids = posts::ids_with_tag(&*self.conn()?, from.trim())?;
        for &id in &ids {
            let post = self.get(id)?;
            let from_key = from.trim().to_lowercase();
            let renamed = post.tags.iter().map(|t| {
                if t.to_lowercase() == from_key {
                    to.to_string()
                } else {
                    t.clone()
                }
            });
            let tags = normalized(renamed);
            let fields = PostFields {
                tags: Some(tags),
                ..PostFields::default()
            };
            let new_text = frontmatter::set_fields(&post.text, &fields)?;
            self.replace_text(id, &new_text, RevisionSource::App, true)?;
        }
        posts::set_tag_display(&*self.conn()?, to)?;
        Ok(ids.len())
    }

    pub fn tags(&self) -> Result<Vec<TagCount>> {
        posts::tag_counts(&*self.conn()?)
    }

    /// Every category with how many posts carry it, by name; empty where the
    /// library's dialect has none.
    pub fn categories(&self) -> Result<Vec<TagCount>> {
        posts::category_counts(&*self.conn()?)
    }
}

/// A tag list as Quire stores it: each tag trimmed, empty ones dropped, and
/// the first of tags that differ only in case kept, in the writer's order.
pub(crate) fn normalized(tags: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty() && seen.insert(t.to_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::normalized;

    #[test]
    fn tags_are_trimmed_and_kept_once_whatever_their_case() {
        let tags = [" Rust ", "", "rust", "Remote Work", "  "].map(String::from);
        assert_eq!(normalized(tags), ["Rust", "Remote Work"]);
    }
}
