//! Keeping the database in step with the folder when its files change
//! outside Quire (another editor, `git pull`, a sync client): reconciling
//! what changed (`reconcile`), watching for it (`watcher`), and merging two
//! edits of the same post (`merge`).

mod merge;
mod reconcile;
mod watcher;

use serde::Serialize;

use crate::post::PostId;

pub use merge::{merge3, merge_texts};
pub use watcher::FolderWatcher;

/// What indexing the folder found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct ScanReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub trashed: usize,
    /// Posts whose file moved or was renamed (matched by content).
    pub renamed: usize,
    /// What changed, post by post, as the watcher reports it.
    pub changes: Vec<Change>,
    /// Files that could not be indexed, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// What a change did to a post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A new file became a post.
    Created,
    /// A post's file changed; the old text is kept as an `external` revision.
    Updated,
    /// A post's file moved or was renamed; the post keeps its history.
    Renamed,
    /// A post's file was deleted; the post went to the trash.
    Deleted,
    /// A post's file changed while Quire held text the file never had: both
    /// are kept (the file's text as a `conflict` revision).
    Conflict,
}

/// One post changed by the folder, as the app and `quire watch` report it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Change {
    pub kind: ChangeKind,
    pub id: PostId,
    /// Relative to the library folder (the old path for `Deleted`).
    pub path: String,
    pub slug: String,
    /// `Renamed` only: the path it had.
    pub from: Option<String>,
}
