//! Applying the folder's state to the database: for the whole folder when a
//! library opens (`Library::scan`, changes made while Quire was closed), or
//! for the paths the watcher saw change (`Library::sync_paths`). Both use the
//! same rules, file by file:
//! - a file whose text has the hash Quire last wrote or read: nothing (this
//!   is how Quire's own writes are told from others');
//! - a changed file: the post takes the new text, the old one is kept as an
//!   `external` revision;
//! - a new file with the text of a post whose file is gone: that post, moved
//!   or renamed (it keeps its id, history and tags);
//! - a new file otherwise: a new post;
//! - a post whose file is gone and did not reappear: to the trash.

use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use super::ScanReport;
use super::{Change, ChangeKind};
use crate::error::{Error, Result};
use crate::fsutil;
use crate::import::{dialect, walk};
use crate::library::Library;
use crate::parallel::{pipelined, IMPORT_BATCH};
use crate::post::{slugify, PostId, RevisionSource};
use crate::post_file::{claim_slug, now, read_post_file, unique_slug, Derived};
use crate::site::Site;
use crate::store::{self, posts};

/// A post moved to the trash this recently can still turn out to have been
/// moved (its new name seen in a later batch of events).
const MOVE_WINDOW: chrono::Duration = chrono::Duration::seconds(60);

/// How long an empty file is given to get its text before it is read again.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(30);

/// Posts whose file is gone, by the hash of the text their file last had.
#[derive(Default)]
struct Missing {
    by_hash: HashMap<String, Vec<Gone>>,
}

struct Gone {
    id: PostId,
    path: String,
    /// Already in the trash (gone in an earlier batch).
    trashed: bool,
}

impl Missing {
    fn add(&mut self, id: PostId, path: String, hash: Option<String>, trashed: bool) {
        let key = hash.unwrap_or_default();
        let list = self.by_hash.entry(key).or_default();
        if !list.iter().any(|g| g.id == id) {
            list.push(Gone { id, path, trashed });
        }
    }

    fn take(&mut self, hash: &str) -> Option<Gone> {
        let list = self.by_hash.get_mut(hash)?;
        (!list.is_empty()).then(|| list.remove(0))
    }

    /// The posts whose file did not reappear and that are not in the trash yet.
    fn remaining(self) -> impl Iterator<Item = Gone> {
        self.by_hash.into_values().flatten().filter(|g| !g.trashed)
    }
}

/// Whether a change at `rel` can concern a post: Markdown, not hidden, not in
/// a folder whose contents are never posts (editors' swap and temp files,
/// `.git`, Quire's own staging folder).
fn watched(rel: &str) -> bool {
    !rel.is_empty()
        && rel.split('/').all(|part| {
            !part.is_empty() && !part.starts_with('.') && !walk::IGNORED_DIRS.contains(&part)
        })
}

/// Whether a post's file is still there as one: a folder or a symbolic link
/// now at its path (the scan takes neither) leaves the post without a file.
fn is_post_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

impl Library {
    /// Indexes the whole folder: what changed while Quire was not watching.
    pub fn scan(
        &self,
        progress: &mut dyn FnMut(usize, usize),
        cancel: &AtomicBool,
    ) -> Result<ScanReport> {
        let mut report = ScanReport::default();
        // The site's config is read again: the writer may have changed it.
        let mut site = Site::detect(&self.folder);
        let found = walk::walk(&self.folder, &|rel| site.skips_dir(rel));
        site.settle_sections(&found.markdown);
        report.skipped = found.skipped;
        let mut files = Vec::new();
        for rel in found.markdown {
            if dialect::is_section_page(&rel) {
                report.skipped.push((
                    rel,
                    "a section page (_index.md) lists posts; it is not one".into(),
                ));
            } else if let Err(reason) = site.kind_of(&rel) {
                report.skipped.push((rel, reason.into()));
            } else {
                files.push(rel);
            }
        }
        self.refresh_site(site.clone());
        let total = files.len();
        // A first scan of a big folder is bulk work: its checkpoint is not waited for.
        let _checkpoint =
            store::DeferCheckpoints::new(&self.conn, &self.db_path, &self.checkpointer)?;
        let mut conn = self.conn()?;
        // One transaction for the whole scan keeps 10,000 posts fast; the
        // files are read and parsed in parallel, a batch at a time.
        store::with_tx(&mut conn, |tx| {
            let mut missing = Missing::default();
            for (id, path, hash) in posts::live_under(tx, "")? {
                // A file the site no longer counts as content (its config
                // changed) leaves the list as a file gone would.
                if !is_post_file(&self.folder.join(&path)) || site.kind_of(&path).is_err() {
                    missing.add(id, path, hash, false);
                }
            }
            let read_one = |rel: &String| {
                read_post_file(&self.folder.join(rel)).map(|text| {
                    let derived = Derived::of(&text, rel);
                    (text, derived)
                })
            };
            pipelined(
                &files,
                IMPORT_BATCH,
                read_one,
                |batch_index, batch, read| {
                    if cancel.load(Ordering::Relaxed) {
                        return Err(Error::Cancelled);
                    }
                    progress(batch_index * IMPORT_BATCH, total);
                    let mut new_entries = Vec::new();
                    for (rel, read) in batch.iter().zip(read) {
                        let (text, derived) = match read {
                            Ok(read) => read,
                            Err(reason) => {
                                report.skipped.push((rel.clone(), reason));
                                continue;
                            }
                        };
                        match apply_file(
                            tx,
                            rel,
                            &text,
                            &derived,
                            &mut missing,
                            &mut new_entries,
                            None,
                        )? {
                            None => report.unchanged += 1,
                            Some(change) => {
                                match change.kind {
                                    ChangeKind::Created => report.added += 1,
                                    ChangeKind::Renamed => report.renamed += 1,
                                    _ => report.updated += 1,
                                }
                                report.changes.push(change);
                            }
                        }
                    }
                    posts::index_new(tx, &new_entries)?;
                    Ok(())
                },
            )?;
            for gone in missing.remaining() {
                report.changes.push(trash_gone(tx, gone)?);
                report.trashed += 1;
            }
            self.settle_kinds(tx, None)
        })?;
        progress(total, total);
        Ok(report)
    }

    /// Applies what changed at these library-relative paths, as the watcher
    /// saw them: files created, changed, renamed, moved or deleted, and
    /// folders (a folder moved or deleted takes its posts along).
    pub fn sync_paths(&self, paths: &[String]) -> Result<Vec<Change>> {
        let site = self.site();
        let mut files: Vec<String> = Vec::new();
        let mut gone_places: Vec<String> = Vec::new();
        for rel in paths {
            // Nothing behind a symbolic link is the library's, as the scan
            // does not follow links either.
            if !watched(rel) || fsutil::resolve_unlinked(&self.folder, rel).is_err() {
                continue;
            }
            let path = self.folder.join(rel);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if m.is_dir() => {
                    // A folder moved in, or created with posts already in it.
                    let found = walk::walk(&path, &|sub| site.skips_dir(&format!("{rel}/{sub}")));
                    files.extend(found.markdown.into_iter().map(|f| format!("{rel}/{f}")));
                    gone_places.push(rel.clone());
                }
                Ok(m) if m.is_file() && walk::is_markdown(rel) => files.push(rel.clone()),
                Ok(_) => {}
                Err(_) => gone_places.push(rel.clone()),
            }
        }
        files.sort();
        files.dedup();
        files.retain(|rel| !dialect::is_section_page(rel) && site.kind_of(rel).is_ok());
        if files.is_empty() && gone_places.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            // Read under the write lock: an app save is then either wholly
            // before (its hash recorded, so its write is recognised) or after.
            let read: Vec<(String, String, Derived)> = files
                .iter()
                .filter_map(|rel| {
                    let path = self.folder.join(rel);
                    let mut text = read_post_file(&path).ok()?;
                    if text.is_empty() {
                        // Most likely caught between an editor's truncate and
                        // its write: look again before taking an empty post.
                        std::thread::sleep(SETTLE);
                        text = read_post_file(&path).ok()?;
                    }
                    let derived = Derived::of(&text, rel);
                    Some((rel.clone(), text, derived))
                })
                .collect();
            let mut missing = Missing::default();
            for place in &gone_places {
                for (id, path, hash) in posts::live_under(tx, place)? {
                    if !is_post_file(&self.folder.join(&path)) {
                        missing.add(id, path, hash, false);
                    }
                }
            }
            let since = (chrono::Utc::now() - MOVE_WINDOW)
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            for (id, path, hash) in posts::trashed_since(tx, &since)? {
                if !is_post_file(&self.folder.join(&path)) {
                    missing.add(id, path, hash, true);
                }
            }
            let mut changes = Vec::new();
            let mut new_entries = Vec::new();
            for (rel, text, derived) in &read {
                if let Some(change) = apply_file(
                    tx,
                    rel,
                    text,
                    derived,
                    &mut missing,
                    &mut new_entries,
                    Some(&self.folder),
                )? {
                    changes.push(change);
                }
            }
            posts::index_new(tx, &new_entries)?;
            for gone in missing.remaining() {
                changes.push(trash_gone(tx, gone)?);
            }
            if !changes.is_empty() {
                self.settle_kinds(tx, None)?;
            }
            Ok(changes)
        })
    }
}

/// Applies one file's text: see the module's rules. New posts' search
/// entries are left in `new_entries` for the caller to write in bulk.
///
/// `folder` is given when events may arrive out of order (the watcher): a new
/// file is then also matched against every post whose file is gone, so a
/// move is a move even when its new name is seen before its old one.
fn apply_file(
    tx: &Connection,
    rel: &str,
    text: &str,
    derived: &Derived,
    missing: &mut Missing,
    new_entries: &mut Vec<PostId>,
    folder: Option<&Path>,
) -> Result<Option<Change>> {
    let now = now();
    match posts::by_path(tx, rel)? {
        Some((_, Some(synced))) if synced == derived.hash => Ok(None),
        Some((id, _)) => {
            let (old, old_text, _) = posts::get(tx, id)?
                .ok_or_else(|| Error::Bug("a post vanished while syncing".into()))?;
            let (stored, synced) = posts::hashes(tx, id)?;
            let change = |kind| Change {
                kind,
                id,
                path: rel.to_string(),
                slug: old.slug.clone(),
                from: None,
            };
            if synced.as_deref() != Some(stored.as_str()) && old_text != text {
                // Quire holds text its file never had (a save that could not
                // reach the file): keep both, the file's as a conflict revision.
                posts::add_revision(tx, id, RevisionSource::Conflict, text, &now)?;
                posts::set_synced_hash(tx, id, &derived.hash)?;
                return Ok(Some(change(ChangeKind::Conflict)));
            }
            posts::add_revision(tx, id, RevisionSource::External, &old_text, &now)?;
            let slug = slug_after_edit(tx, derived, &old.slug, id)?;
            posts::update(tx, id, &derived.record(text, &slug, rel, &now, true))?;
            Ok(Some(Change {
                slug,
                ..change(ChangeKind::Updated)
            }))
        }
        None => {
            let moved = match (missing.take(&derived.hash), folder) {
                (Some(gone), _) => Some(gone),
                (None, Some(folder)) => posts::live_by_synced_hash(tx, &derived.hash)?
                    .into_iter()
                    .find(|(_, path)| !is_post_file(&folder.join(path)))
                    .map(|(id, path)| Gone {
                        id,
                        path,
                        trashed: false,
                    }),
                (None, None) => None,
            };
            if let Some(gone) = moved {
                // The same text under a new name: the post moved.
                if gone.trashed {
                    posts::untrash(tx, gone.id)?;
                }
                let (old, _, _) = posts::get(tx, gone.id)?
                    .ok_or_else(|| Error::Bug("a moved post vanished".into()))?;
                posts::update(
                    tx,
                    gone.id,
                    &derived.record(text, &old.slug, rel, &now, true),
                )?;
                return Ok(Some(Change {
                    kind: ChangeKind::Renamed,
                    id: gone.id,
                    path: rel.to_string(),
                    slug: old.slug,
                    from: Some(gone.path),
                }));
            }
            // A post whose file went missing and came back (here or
            // elsewhere, after any time) is that post again, not a new one.
            let explicit = derived.slug.as_deref().map(slugify);
            if let Some((id, from)) =
                posts::missing_returning(tx, rel, &derived.hash, explicit.as_deref())?
            {
                let (old, old_text, _) = posts::get(tx, id)?
                    .ok_or_else(|| Error::Bug("a returning post vanished".into()))?;
                posts::untrash(tx, id)?;
                if old_text != text {
                    posts::add_revision(tx, id, RevisionSource::External, &old_text, &now)?;
                }
                posts::update(tx, id, &derived.record(text, &old.slug, rel, &now, true))?;
                let moved = from != rel;
                return Ok(Some(Change {
                    kind: if moved {
                        ChangeKind::Renamed
                    } else {
                        ChangeKind::Updated
                    },
                    id,
                    path: rel.to_string(),
                    slug: old.slug,
                    from: moved.then_some(from),
                }));
            }
            let slug = match derived.slug.as_deref().map(slugify) {
                Some(explicit) => claim_slug(tx, &explicit, None)?.0,
                None => unique_slug(tx, &slugify(&dialect::path_hints(rel).slug), None)?,
            };
            let id =
                posts::insert_deferring_index(tx, &derived.record(text, &slug, rel, &now, true))?;
            new_entries.push(id);
            Ok(Some(Change {
                kind: ChangeKind::Created,
                id,
                path: rel.to_string(),
                slug,
                from: None,
            }))
        }
    }
}

/// The slug of post `id` after its file changed: the front matter's `slug:`
/// when it now asks for another one (an explicit slug wins over a generated
/// one), else the slug it had.
fn slug_after_edit(tx: &Connection, derived: &Derived, old: &str, id: PostId) -> Result<String> {
    match derived.slug.as_deref().map(slugify) {
        Some(wanted) if wanted != old => Ok(claim_slug(tx, &wanted, Some(id))?.0),
        _ => Ok(old.to_string()),
    }
}

/// A post whose file was deleted outside goes to the trash, restorable.
fn trash_gone(tx: &Connection, gone: Gone) -> Result<Change> {
    let (post, _, _) =
        posts::get(tx, gone.id)?.ok_or_else(|| Error::Bug("a deleted post vanished".into()))?;
    posts::move_to_trash(tx, gone.id, &now(), true)?;
    Ok(Change {
        kind: ChangeKind::Deleted,
        id: gone.id,
        path: gone.path,
        slug: post.slug,
        from: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_markdown_outside_ignored_folders_is_watched() {
        for yes in ["a.md", "posts/a.md", "content/blog", "notes"] {
            assert!(watched(yes), "{yes}");
        }
        for no in [
            "",
            ".git/index",
            "posts/.a.md.swp",
            ".quire-staging/x.tmp",
            "node_modules/a.md",
            "a/_site/b.md",
            ".#a.md",
        ] {
            assert!(!watched(no), "{no}");
        }
    }
}
