//! Watching the library folder: notify's events, debounced per path (so an
//! editor's multi-step save and a `git checkout` of thousands of files arrive
//! as settled batches), applied with `Library::sync_paths`.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};

use super::Change;
use crate::error::{Error, Result};
use crate::fsutil;
use crate::library::Library;

/// How long a path must be quiet before its events are applied. Editors
/// finish a save (temp file, write, rename) well within it; a writer does
/// not notice it (DESIGN.md: the database follows within 150 ms).
const QUIET: Duration = Duration::from_millis(50);

/// What the watcher reports: the changes one batch applied, or why a batch
/// could not be applied (it is retried with the next events or a rescan).
pub type WatchReport = std::result::Result<Vec<Change>, Error>;

/// Watches a library's folder until dropped.
pub struct FolderWatcher {
    debouncer: Option<Debouncer<notify::RecommendedWatcher, RecommendedCache>>,
}

impl FolderWatcher {
    /// Starts watching `library`'s folder; `report` is called (on the
    /// watcher's thread) after each batch of changes has been applied.
    pub fn start(
        library: Arc<Library>,
        mut report: impl FnMut(WatchReport) + Send + 'static,
    ) -> Result<FolderWatcher> {
        let folder = library.folder().to_path_buf();
        let root = folder.clone();
        let mut debouncer = new_debouncer_opt::<_, notify::RecommendedWatcher, RecommendedCache>(
            QUIET,
            Some(QUIET / 5),
            move |result: DebounceEventResult| {
                let mut rescan = false;
                let mut paths: Vec<String> = Vec::new();
                match result {
                    Ok(events) => {
                        for event in events {
                            rescan |= event.need_rescan();
                            for path in &event.paths {
                                if let Some(rel) = relative(&root, path) {
                                    paths.push(rel);
                                }
                            }
                        }
                    }
                    // The kernel's queue overflowed or a watch failed: only
                    // a look at the whole folder can say what changed.
                    Err(_) => rescan = true,
                }
                if rescan {
                    let scanned = library
                        .scan(&mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false))
                        .map(|r| r.changes);
                    report(scanned);
                } else if !paths.is_empty() {
                    paths.sort();
                    paths.dedup();
                    match library.sync_paths(&paths) {
                        Ok(changes) if changes.is_empty() => {}
                        outcome => report(outcome),
                    }
                }
            },
            RecommendedCache::new(),
            // A symbolic link to a folder is not followed, as the scan does
            // not follow it: what is behind it is not the library's.
            notify::Config::default().with_follow_symlinks(false),
        )
        .map_err(|e| Error::Invalid(format!("cannot watch {}: {e}", folder.display())))?;
        debouncer
            .watch(&folder, RecursiveMode::Recursive)
            .map_err(|e| Error::Invalid(format!("cannot watch {}: {e}", folder.display())))?;
        Ok(FolderWatcher {
            debouncer: Some(debouncer),
        })
    }

    /// Stops watching and waits for a batch being applied to finish.
    pub fn stop(mut self) {
        if let Some(debouncer) = self.debouncer.take() {
            debouncer.stop();
        }
    }
}

impl Drop for FolderWatcher {
    fn drop(&mut self) {
        if let Some(debouncer) = self.debouncer.take() {
            debouncer.stop_nonblocking();
        }
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    fsutil::relative(root, path).filter(|rel| !rel.is_empty())
}
