//! The writer's nouns: a post, its status, its tags and its revisions, as the
//! app and the command line see them.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::site::Kind;

pub type PostId = i64;

/// Draft; scheduled = not a draft but dated in the future; published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Draft,
    Scheduled,
    Published,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Scheduled => "scheduled",
            Status::Published => "published",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s.to_ascii_lowercase().as_str() {
            "draft" => Some(Status::Draft),
            "scheduled" => Some(Status::Scheduled),
            "published" => Some(Status::Published),
            _ => None,
        }
    }
}

/// A post as listed: everything but its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PostSummary {
    pub id: PostId,
    pub slug: String,
    pub title: String,
    /// Path of its file relative to the library folder, with `/` separators.
    pub path: String,
    /// Display names.
    pub tags: Vec<String>,
    /// Display names, where the dialect has categories.
    pub categories: Vec<String>,
    pub status: Status,
    /// `YYYY-MM-DD`, or none when the post has no date.
    pub date: Option<String>,
    pub updated_at: String,
    /// A post of the blog, or a page of the site.
    pub kind: Kind,
    /// Search results only: plain text, HTML-escaped, matches in `<mark>`.
    pub snippet: Option<String>,
    /// Why the front matter could not be read (its fields fell back to the
    /// file name), for the writer to fix.
    pub problem: Option<String>,
}

/// A post with its raw text (front matter included), the truth from which
/// every other field is derived.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct Post {
    pub id: PostId,
    pub slug: String,
    pub title: String,
    pub path: String,
    pub tags: Vec<String>,
    pub categories: Vec<String>,
    pub status: Status,
    pub date: Option<String>,
    pub updated_at: String,
    pub kind: Kind,
    pub text: String,
    /// As in `PostSummary`.
    pub problem: Option<String>,
    pub words: usize,
    pub reading_minutes: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct TagCount {
    pub name: String,
    pub count: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum RevisionSource {
    App,
    External,
    Import,
    Conflict,
    Restore,
}

impl RevisionSource {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisionSource::App => "app",
            RevisionSource::External => "external",
            RevisionSource::Import => "import",
            RevisionSource::Conflict => "conflict",
            RevisionSource::Restore => "restore",
        }
    }

    pub(crate) fn parse(s: &str) -> RevisionSource {
        match s {
            "external" => RevisionSource::External,
            "import" => RevisionSource::Import,
            "conflict" => RevisionSource::Conflict,
            "restore" => RevisionSource::Restore,
            _ => RevisionSource::App,
        }
    }
}

/// The text of a post as it was before a change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Revision {
    pub id: i64,
    /// RFC 3339.
    pub at: String,
    pub source: RevisionSource,
    pub text: String,
    /// The writer's name for this version ("sent to editor"), if they gave one.
    pub label: Option<String>,
}

/// What `list` shows: every post not in the trash, optionally narrowed.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ListFilter {
    pub tag: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(optional))]
    pub category: Option<String>,
    pub status: Option<Status>,
    /// Posts, pages, or both when none.
    #[serde(default)]
    #[cfg_attr(feature = "specta", specta(optional))]
    pub kind: Option<Kind>,
}

/// Turns a title into a slug that is safe as a file name on every OS:
/// lowercase letters and digits joined by single hyphens, at most 80 bytes.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    let mut pending_dash = false;
    for ch in title.chars().flat_map(char::to_lowercase) {
        if ch.is_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            if slug.len() + ch.len_utf8() > 80 {
                break;
            }
            slug.push(ch);
        } else {
            pending_dash = true;
        }
    }
    if slug.is_empty() {
        slug.push_str("untitled");
    } else if windows_device_name(&slug) {
        slug.push_str("-post");
    }
    slug
}

/// Names Windows keeps for devices, whatever the extension: CON, PRN, AUX,
/// NUL, and COM or LPT followed by a digit or a superscript 1, 2 or 3.
fn windows_device_name(slug: &str) -> bool {
    let numbered = |prefix: &str| {
        slug.strip_prefix(prefix).is_some_and(|n| {
            let mut chars = n.chars();
            let digit = chars.next().is_some_and(|c| "0123456789¹²³".contains(c));
            digit && chars.next().is_none()
        })
    };
    ["con", "prn", "aux", "nul"].contains(&slug) || numbered("com") || numbered("lpt")
}

/// The longest title or tag Quire takes, in characters: far beyond any
/// real one, and short enough for a list, a window title and a file name's
/// slug to handle.
pub const MAX_FIELD_CHARS: usize = 1_000;

/// Refuses a title or tag longer than `MAX_FIELD_CHARS`.
pub(crate) fn check_field(what: &str, value: &str) -> Result<()> {
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(Error::Invalid(format!(
            "this {what} is longer than {MAX_FIELD_CHARS} characters"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  Remote   Work  "), "remote-work");
        assert_eq!(slugify("../../etc/passwd"), "etc-passwd");
        assert_eq!(slugify("CON"), "con-post");
        assert_eq!(slugify("com¹"), "com¹-post");
        assert_eq!(slugify("LPT0"), "lpt0-post");
        assert_eq!(slugify("com10"), "com10");
        assert_eq!(slugify("!!!"), "untitled");
        assert_eq!(slugify("Café au lait"), "café-au-lait");
        assert!(slugify(&"long ".repeat(100)).len() <= 80);
    }
}
