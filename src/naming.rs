//! Names that become URLs on purpose. A new post's slug and file name follow
//! its title (Ctrl+N, then "Why I switched": `why-i-switched.md`) until it is
//! first published or exported, or its front matter names a slug; from then
//! on they stay, because on a published site the file name is the URL. An
//! empty new post has no file until the writer gives it a title or text, and
//! is dropped when they leave it empty.

use std::path::Path;

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::fsutil;
use crate::import::dialect;
use crate::library::Library;
use crate::post::PostId;
use crate::post_file::Derived;
use crate::store::{self, posts};

/// The title a new post starts with.
pub(crate) const NEW_POST_TITLE: &str = "Untitled";

/// Whether a new post is still as Ctrl+N made it, give or take white space:
/// the default title, no tags and no text.
pub(crate) fn is_blank_new(derived: &Derived, text: &str) -> bool {
    derived.title.eq_ignore_ascii_case(NEW_POST_TITLE)
        && derived.tags.is_empty()
        && text[derived.body_start..].trim().is_empty()
}

/// Where the post at `old` goes when its slug becomes `slug`: the same folder
/// and the same kind of name (a bundle's own folder, a Jekyll date prefix,
/// the same extension), with `-2`, `-3` when that is taken in the database
/// or on disk.
pub(crate) fn renamed_path(
    conn: &Connection,
    folder: &Path,
    old: &str,
    slug: &str,
) -> Result<String> {
    let (dir, name) = match old.rsplit_once('/') {
        Some((dir, name)) => (format!("{dir}/"), name),
        None => (String::new(), old),
    };
    let bundle_parent = is_bundle(old).then(|| match dir.trim_end_matches('/').rsplit_once('/') {
        Some((parent, _)) => format!("{parent}/"),
        None => String::new(),
    });
    let extension = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("md");
    let date_prefix = match dialect::path_hints(old).date {
        Some(date) if name.starts_with(&format!("{date}-")) => format!("{date}-"),
        _ => String::new(),
    };
    let mut candidate = slug.to_string();
    let mut n = 2;
    loop {
        let (path, on_disk) = match &bundle_parent {
            Some(parent) => (
                format!("{parent}{candidate}/{name}"),
                format!("{parent}{candidate}"),
            ),
            None => {
                let path = format!("{dir}{date_prefix}{candidate}.{extension}");
                (path.clone(), path)
            }
        };
        let taken =
            folder.join(&on_disk).symlink_metadata().is_ok() || posts::path_taken(conn, &path)?;
        if !taken {
            return Ok(path);
        }
        candidate = format!("{slug}-{n}");
        n += 1;
    }
}

/// Whether the file at `path` is named after `slug`: `slug.md`, a Jekyll
/// `2024-05-01-slug.md`, or a bundle `slug/index.md`. Only such a file moves
/// when the writer renames the slug; one named otherwise keeps its name.
pub(crate) fn named_after(path: &str, slug: &str) -> bool {
    let mut parts = path.rsplit('/');
    let name = parts.next().unwrap_or("");
    if is_bundle(path) {
        return parts.next() == Some(slug);
    }
    let stem = name.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(name);
    let stem = dialect::jekyll_name(stem)
        .map(|(_, rest)| rest)
        .unwrap_or(stem);
    stem == slug
}

/// A page bundle's `index.md`, whose folder is its name.
fn is_bundle(path: &str) -> bool {
    path.rsplit_once('/')
        .is_some_and(|(_, name)| name == "index.md" || name == "_index.md")
}

/// Moves a post's file from `old` to `new` (both relative to `folder`) with
/// `text` as its content, never over anything already at `new`; a bundle
/// moves with its folder, the files beside the post included. Returns what
/// the old file held at the moment it went, for the caller to keep when
/// another program changed it.
pub(crate) fn move_post_file(
    folder: &Path,
    old: &str,
    new: &str,
    text: &str,
) -> Result<Option<String>> {
    let old_file = fsutil::resolve_unlinked(folder, old)?;
    let new_file = fsutil::resolve_unlinked(folder, new)?;
    let taken = || {
        Error::Invalid(format!(
            "{new} appeared while the post was being renamed; try again"
        ))
    };
    if is_bundle(old) && is_bundle(new) {
        let (Some(from), Some(to)) = (old_file.parent(), new_file.parent()) else {
            return Err(Error::Bug(format!("{old} has no folder")));
        };
        if !fsutil::rename_folder_new(from, to)? {
            return Err(taken());
        }
        let replaced = fsutil::replace_returning_replaced(&new_file, text.as_bytes())?;
        return Ok(replaced.and_then(|bytes| String::from_utf8(bytes).ok()));
    }
    if !fsutil::write_new_atomic(&new_file, text.as_bytes())? {
        return Err(taken());
    }
    let last = std::fs::read(&old_file).ok();
    match std::fs::remove_file(&old_file) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(Error::io("remove", &old_file, e))
        }
        _ => {}
    }
    Ok(last.and_then(|bytes| String::from_utf8(bytes).ok()))
}

impl Library {
    /// The writer left post `id`: when it is an empty new post (it has no
    /// file), it is dropped. Returns whether it was.
    pub fn leave_new_post(&self, id: PostId) -> Result<bool> {
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| posts::delete_unwritten(tx, id))
    }

    /// Drops every empty new post a session left behind (the app ended with
    /// one open): the app calls it at start. Returns how many.
    pub fn drop_unwritten_posts(&self) -> Result<usize> {
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            let mut dropped = 0;
            for id in posts::unwritten(tx)? {
                if posts::delete_unwritten(tx, id)? {
                    dropped += 1;
                }
            }
            Ok(dropped)
        })
    }

    /// Exported posts keep the names they went out with.
    pub(crate) fn settle_names(&self, ids: &[PostId]) -> Result<()> {
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| posts::settle_names(tx, ids))
    }
}
