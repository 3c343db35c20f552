//! Import's write phase: each batch of prepared posts goes into the
//! database in one transaction, with their files written before it commits.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::fsutil;
use crate::import::{
    self, walk, ImportOptions, ImportProgress, ImportReport, ImportedPost, Prepared, Skipped,
    Warning,
};
use crate::library::Library;
use crate::parallel::{pipelined, IMPORT_BATCH};
use crate::post::{PostId, PostSummary, RevisionSource};
use crate::post_file::{
    content_hash, now, read_post_file, unique_bundle_path, unique_path, Derived,
};
use crate::site::{Kind, Site};
use crate::store::{self, posts};

impl Library {
    /// Imports the Markdown posts of `src` (a Hugo, Jekyll, Zola, Astro,
    /// Obsidian or plain folder) with the files they link to. Running it again
    /// changes nothing; a changed source updates its post, keeping a revision.
    pub fn import(
        &self,
        src: &Path,
        options: ImportOptions,
        progress: &mut dyn FnMut(&ImportProgress),
        cancel: &AtomicBool,
    ) -> Result<ImportReport> {
        let src = src
            .canonicalize()
            .map_err(|e| Error::io("open the folder to import", src, e))?;
        if !src.is_dir() {
            return Err(Error::Invalid(format!("{} is not a folder", src.display())));
        }
        if src.starts_with(&self.folder) || self.folder.starts_with(&src) {
            return Err(Error::Invalid(format!(
                "{} is this library's own folder, or holds it; import another folder",
                src.display()
            )));
        }
        // The source's own site says which of its files are posts and pages,
        // and which are not content at all (themes, templates, output).
        let mut site = Site::detect(&src);
        let mut found = walk::walk(&src, &|rel| site.skips_dir(rel));
        site.settle_sections(&found.markdown);
        let mut report = ImportReport {
            skipped: found
                .skipped
                .into_iter()
                .map(|(path, reason)| Skipped { path, reason })
                .collect(),
            ..ImportReport::default()
        };
        let mut kinds = std::collections::HashMap::new();
        found.markdown.retain(|rel| match site.kind_of(rel) {
            Ok(kind) => {
                kinds.insert(rel.clone(), kind);
                true
            }
            Err(reason) => {
                report.skipped.push(Skipped {
                    path: rel.clone(),
                    reason: reason.into(),
                });
                false
            }
        });
        let total = found.markdown.len();
        let mut work = ImportWork::default();
        let mut wrote = false;
        // Temp files go here before they are renamed into place; hidden, so
        // no walk ever takes it for posts, and removed when the import ends.
        let staging = self.folder.join(".quire-staging");
        if !options.dry_run {
            std::fs::create_dir_all(&staging)
                .map_err(|e| Error::io("create the folder", &staging, e))?;
        }
        let _remove_staging = RemoveOnDrop(staging.clone());
        // One checkpoint at the end instead of one per batch: each copies the
        // WAL into the database file and waits for the disk twice.
        let _checkpoint =
            store::DeferCheckpoints::new(&self.conn, &self.db_path, &self.checkpointer)?;
        let finish = |wrote: bool| {
            if wrote {
                fsutil::sync_filesystem(&self.folder)
            } else {
                Ok(())
            }
        };
        // Reading and parsing the next batch's sources overlaps this batch's
        // database and file work.
        let prepare_one = |rel: &String| {
            let kind = kinds.get(rel).copied().unwrap_or(Kind::Post);
            import::prepare(&src, rel, &site).map(|p| Prepared { kind, ..p })
        };
        let outcome = pipelined(
            &found.markdown,
            IMPORT_BATCH,
            prepare_one,
            |batch_index, batch, prepared| {
                if cancel.load(Ordering::Relaxed) {
                    return Err(Error::Cancelled);
                }
                progress(&ImportProgress {
                    done: batch_index * IMPORT_BATCH,
                    total,
                    current: batch[0].clone(),
                });
                work.files.clear();
                work.new_entries.clear();
                let mut conn = self.conn()?;
                // One transaction per batch; its files are all written before it commits.
                store::with_tx(&mut conn, |tx| {
                    for (rel, prepared) in batch.iter().zip(prepared) {
                        let prepared = match prepared {
                            Ok(prepared) => prepared,
                            Err(reason) => {
                                report.skipped.push(Skipped {
                                    path: rel.clone(),
                                    reason,
                                });
                                continue;
                            }
                        };
                        report
                            .warnings
                            .extend(prepared.warnings.iter().map(|message| Warning {
                                path: rel.clone(),
                                message: message.clone(),
                            }));
                        let source = src.join(rel).to_string_lossy().into_owned();
                        let outcome =
                            self.import_one(tx, &source, &prepared, options.dry_run, &mut work)?;
                        match outcome {
                            ImportOutcome::Unchanged => report.unchanged += 1,
                            ImportOutcome::Imported(post) => {
                                report.imported += 1;
                                report.posts.push(ImportedPost {
                                    post,
                                    source: rel.clone(),
                                });
                            }
                            ImportOutcome::Updated(post) => {
                                report.updated += 1;
                                report.posts.push(ImportedPost {
                                    post,
                                    source: rel.clone(),
                                });
                            }
                        }
                    }
                    wrote |= !work.files.is_empty();
                    // Files new in this batch are removed again if the batch fails,
                    // so a failed run leaves nothing a later one would trip over.
                    let created: Vec<PathBuf> = work
                        .files
                        .iter()
                        .filter_map(|j| j.new_post_file(&self.folder))
                        .collect();
                    // The batch's files are written while its search entries are
                    // indexed: one is system calls, the other tokenizing.
                    let (folder, files) = (&self.folder, &work.files);
                    let (indexed, outcomes) = std::thread::scope(|scope| {
                        let writer = scope.spawn(|| {
                            files
                                .iter()
                                .map(|job| job.run(folder, &staging))
                                .collect::<Vec<_>>()
                        });
                        let indexed = posts::index_new(tx, &work.new_entries);
                        let outcomes = writer
                            .join()
                            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                        (indexed, outcomes)
                    });
                    let mut first_error = indexed.err();
                    for outcome in outcomes {
                        match outcome {
                            Ok(Some(warning)) => report.warnings.push(warning),
                            Ok(None) => {}
                            Err(e) => {
                                first_error.get_or_insert(e);
                            }
                        }
                    }
                    match first_error {
                        Some(e) => {
                            for path in created {
                                let _ = std::fs::remove_file(path);
                            }
                            Err(e)
                        }
                        None => Ok(()),
                    }
                })
            },
        );
        // What was written reaches the disk even when the import stops early.
        finish(wrote)?;
        outcome?;
        progress(&ImportProgress {
            done: total,
            total,
            current: String::new(),
        });
        Ok(report)
    }

    /// Imports one prepared source file inside the batch's transaction: a new
    /// post, an updated one, or nothing. The files to write are added to `files`.
    fn import_one(
        &self,
        tx: &Connection,
        source: &str,
        prepared: &import::Prepared,
        dry_run: bool,
        work: &mut ImportWork,
    ) -> Result<ImportOutcome> {
        let now = now();
        // Where files from the source's static folders go in the library.
        let library_static = self
            .site()
            .static_dirs()
            .into_iter()
            .next()
            .unwrap_or_default();
        if let Some((id, hash)) = posts::import_source(tx, source)? {
            let Some((summary, old_text, trashed)) = posts::get(tx, id)? else {
                return Err(Error::Bug("an import source names a missing post".into()));
            };
            // A post the writer has since deleted stays deleted.
            if trashed {
                return Ok(ImportOutcome::Unchanged);
            }
            if hash == prepared.hash {
                // An import cut short before its files reached the disk leaves
                // rows without files; this run writes them.
                if !dry_run && !self.folder.join(&summary.path).exists() {
                    work.files.push(FileJob::Write {
                        path: summary.path.clone(),
                        text: old_text,
                    });
                    work.files
                        .extend(FileJob::assets(&summary.path, &prepared.assets));
                }
                return Ok(ImportOutcome::Unchanged);
            }
            if dry_run {
                return Ok(ImportOutcome::Updated(summary));
            }
            if old_text != prepared.text {
                // The library's file changed outside since Quire last read it:
                // keep that text too before the import replaces it.
                let (synced_hash, _) = posts::sync_state(tx, id)?;
                if let Ok(on_disk) = read_post_file(&self.folder.join(&summary.path)) {
                    if synced_hash.as_deref() != Some(content_hash(&on_disk).as_str())
                        && on_disk != old_text
                    {
                        posts::add_revision(tx, id, RevisionSource::Conflict, &on_disk, &now)?;
                    }
                }
                posts::add_revision(tx, id, RevisionSource::Import, &old_text, &now)?;
                let derived = Derived::of(&prepared.text, &summary.path);
                posts::update(
                    tx,
                    id,
                    &derived.record(&prepared.text, &summary.slug, &summary.path, &now, false),
                )?;
                work.files.push(FileJob::Write {
                    path: summary.path.clone(),
                    text: prepared.text.clone(),
                });
            }
            work.files
                .extend(FileJob::assets(&summary.path, &prepared.assets));
            work.files.extend(FileJob::static_assets(
                &library_static,
                &prepared.static_assets,
            ));
            posts::set_import_source(tx, source, id, &prepared.hash)?;
            let post = posts::get(tx, id)?.map(|(post, _, _)| post);
            return post
                .map(ImportOutcome::Updated)
                .ok_or_else(|| Error::Bug("imported post vanished".into()));
        }
        let mut slug = prepared.slug.clone();
        let mut n = 2;
        while work.planned_slugs.contains(&slug) || posts::slug_taken(tx, &slug, None)? {
            slug = format!("{}-{n}", prepared.slug);
            n += 1;
        }
        work.planned_slugs.insert(slug.clone());
        // Pages go where this library keeps pages (`pages/` in a plain one).
        let dir = match prepared.kind {
            Kind::Post => String::new(),
            Kind::Page => self.site().pages_dir(),
        };
        let path = if prepared.assets.is_empty() {
            unique_path(tx, &self.folder, &dir, &slug)?
        } else {
            unique_bundle_path(tx, &self.folder, &dir, &slug)?
        };
        // Derived in parallel for the path the post most likely gets; a
        // taken name changes what the path says, so derive again then.
        let derived = if path == prepared.likely_path {
            prepared.derived.clone()
        } else {
            Derived::of(&prepared.text, &path)
        };
        if dry_run {
            return Ok(ImportOutcome::Imported(derived.summary(
                0,
                &slug,
                &path,
                &now,
                self.kind_at(&path),
            )));
        }
        let id = posts::insert_deferring_index(
            tx,
            &derived.record(&prepared.text, &slug, &path, &now, false),
        )?;
        work.new_entries.push(id);
        if self.kind_at(&path) == Kind::Page {
            posts::set_kind(tx, id, Kind::Page)?;
        }
        posts::set_import_source(tx, source, id, &prepared.hash)?;
        work.files.push(FileJob::Write {
            path: path.clone(),
            text: prepared.text.clone(),
        });
        work.files.extend(FileJob::assets(&path, &prepared.assets));
        work.files.extend(FileJob::static_assets(
            &library_static,
            &prepared.static_assets,
        ));
        Ok(ImportOutcome::Imported(derived.summary(
            id,
            &slug,
            &path,
            &now,
            self.kind_at(&path),
        )))
    }
}

/// Files an import batch writes, one after another, before its transaction
/// commits (in parallel they only contend for the folder: measured no faster).
enum FileJob {
    /// A post's text, at a library-relative path.
    Write { path: String, text: String },
    /// A linked file, copied to a library-relative path.
    Copy { from: PathBuf, to: String },
}

impl FileJob {
    /// The copies of a post's linked files, beside it at the same relative paths.
    fn assets<'a>(
        post_path: &'a str,
        assets: &'a [(PathBuf, String)],
    ) -> impl Iterator<Item = FileJob> + 'a {
        let post_dir = post_path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("");
        assets.iter().map(move |(from, rel)| FileJob::Copy {
            from: from.clone(),
            to: if post_dir.is_empty() {
                rel.clone()
            } else {
                format!("{post_dir}/{rel}")
            },
        })
    }

    /// The copies of files from the source site's static folders, into the
    /// library's (`static` holds its path), at the same paths under it: a
    /// file many posts share is copied once.
    fn static_assets<'a>(
        library_static: &'a str,
        assets: &'a [(PathBuf, String)],
    ) -> impl Iterator<Item = FileJob> + 'a {
        assets.iter().map(move |(from, url_path)| FileJob::Copy {
            from: from.clone(),
            to: if library_static.is_empty() {
                url_path.clone()
            } else {
                format!("{library_static}/{url_path}")
            },
        })
    }

    /// Does the job. A post's text that cannot be written is an error (the
    /// batch rolls back); a linked file that cannot be copied, or would replace
    /// a different file already in the library, is a warning and is left alone.
    fn run(&self, folder: &Path, staging: &Path) -> Result<Option<Warning>> {
        match self {
            FileJob::Write { path, text } => {
                fsutil::write_staged_unsynced(
                    staging,
                    &fsutil::resolve_unlinked(folder, path)?,
                    text.as_bytes(),
                )?;
                Ok(None)
            }
            FileJob::Copy { from, to } => {
                let dest = fsutil::resolve_unlinked(folder, to)?;
                let warn = |message: String| {
                    Ok(Some(Warning {
                        path: to.clone(),
                        message,
                    }))
                };
                if dest.exists() {
                    return match (std::fs::read(from), std::fs::read(&dest)) {
                        (Ok(a), Ok(b)) if a == b => Ok(None),
                        _ => warn(format!(
                            "not copied: a different file is already at {to} in the library"
                        )),
                    };
                }
                match fsutil::copy_atomic_unsynced(from, &dest) {
                    Ok(()) => Ok(None),
                    Err(e) => warn(format!("not copied: {e}")),
                }
            }
        }
    }

    /// The post file a write job creates, when it did not exist before.
    fn new_post_file(&self, folder: &Path) -> Option<PathBuf> {
        match self {
            FileJob::Write { path, .. } => {
                fsutil::resolve(folder, path).ok().filter(|p| !p.exists())
            }
            FileJob::Copy { .. } => None,
        }
    }
}

/// Removes a folder (and what is left in it) when dropped, however the work ends.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What an import carries from file to file: slugs it has given out (a dry
/// run inserts none), and the current batch's files and full-text entries.
#[derive(Default)]
struct ImportWork {
    planned_slugs: std::collections::HashSet<String>,
    files: Vec<FileJob>,
    new_entries: Vec<PostId>,
}

/// What importing one file did.
enum ImportOutcome {
    Imported(PostSummary),
    Updated(PostSummary),
    Unchanged,
}
