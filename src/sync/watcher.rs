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
            move |result: DebounceEventResult| match classify(&root, result) {
                Batch::Quiet => {}
                Batch::Rescan => {
                    let scanned = library
                        .scan(&mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false))
                        .map(|r| r.changes);
                    report(scanned);
                }
                Batch::Paths(paths) => match library.sync_paths(&paths) {
                    Ok(changes) if changes.is_empty() => {}
                    outcome => report(outcome),
                },
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

/// What a settled batch of the folder's events asks of the library.
#[derive(Debug, PartialEq, Eq)]
enum Batch {
    /// Nothing a post could have changed by.
    Quiet,
    /// These library-relative paths changed: sync them (sorted, once each).
    Paths(Vec<String>),
    /// Events were lost (the kernel's queue overflowed, a watch failed):
    /// only a look at the whole folder can say what changed.
    Rescan,
}

/// Sorts one batch of events: a file only read says nothing; a path outside
/// the library or in a hidden file or folder (`.git/`, an editor's swap
/// file, Quire's own staging) is none of the library's, as the scan skips
/// them too; every other path is synced.
fn classify(root: &Path, result: DebounceEventResult) -> Batch {
    use notify::event::{AccessKind, AccessMode, EventKind};
    let Ok(events) = result else {
        return Batch::Rescan;
    };
    let mut paths = Vec::new();
    for event in &events {
        if event.need_rescan() {
            return Batch::Rescan;
        }
        let only_read = matches!(
            event.kind,
            EventKind::Access(
                AccessKind::Read | AccessKind::Open(_) | AccessKind::Close(AccessMode::Read)
            )
        );
        if only_read {
            continue;
        }
        paths.extend(
            event
                .paths
                .iter()
                .filter_map(|path| relative(root, path))
                .filter(|rel| !rel.split('/').any(|part| part.starts_with('.'))),
        );
    }
    paths.sort();
    paths.dedup();
    if paths.is_empty() {
        Batch::Quiet
    } else {
        Batch::Paths(paths)
    }
}

fn relative(root: &Path, path: &Path) -> Option<String> {
    fsutil::relative(root, path).filter(|rel| !rel.is_empty())
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Instant;

    use notify::event::{
        AccessKind, AccessMode, CreateKind, DataChange, EventKind, Flag, ModifyKind, RemoveKind,
        RenameMode,
    };
    use notify::Event;
    use notify_debouncer_full::DebouncedEvent;

    use super::{classify, Batch};

    fn event(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let event = paths
            .iter()
            .fold(Event::new(kind), |e, p| e.add_path(PathBuf::from(p)));
        DebouncedEvent::new(event, Instant::now())
    }

    fn paths(list: &[&str]) -> Batch {
        Batch::Paths(list.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn each_kind_of_event_asks_for_what_it_should() {
        let create = EventKind::Create(CreateKind::File);
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Content));
        let written = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let read = EventKind::Access(AccessKind::Close(AccessMode::Read));
        let opened = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let remove = EventKind::Remove(RemoveKind::File);
        let table: Vec<(&str, Vec<DebouncedEvent>, Batch)> = vec![
            ("nothing", vec![], Batch::Quiet),
            (
                "a new post",
                vec![event(create, &["/lib/a.md"])],
                paths(&["a.md"]),
            ),
            (
                "an editor's save, three events on one file",
                vec![
                    event(create, &["/lib/a.md"]),
                    event(write, &["/lib/a.md"]),
                    event(written, &["/lib/a.md"]),
                ],
                paths(&["a.md"]),
            ),
            (
                "a file only read",
                vec![event(read, &["/lib/a.md"])],
                Batch::Quiet,
            ),
            (
                "a file only opened",
                vec![event(opened, &["/lib/a.md"])],
                Batch::Quiet,
            ),
            (
                "a rename names both ends",
                vec![event(rename, &["/lib/old.md", "/lib/posts/new.md"])],
                paths(&["old.md", "posts/new.md"]),
            ),
            (
                "a hidden folder coming out of hiding is synced where it lands",
                vec![event(rename, &["/lib/.drafts/a.md", "/lib/drafts/a.md"])],
                paths(&["drafts/a.md"]),
            ),
            (
                "git's own files and an editor's swap file",
                vec![
                    event(write, &["/lib/.git/index"]),
                    event(create, &["/lib/posts/.a.md.swp"]),
                ],
                Batch::Quiet,
            ),
            (
                "a delete",
                vec![event(remove, &["/lib/gone.md"])],
                paths(&["gone.md"]),
            ),
            (
                "the library folder itself and a path outside it",
                vec![event(write, &["/lib", "/elsewhere/x.md"])],
                Batch::Quiet,
            ),
            (
                "a lost event means the whole folder is looked at",
                vec![
                    event(create, &["/lib/a.md"]),
                    DebouncedEvent::new(
                        Event::new(EventKind::Other).set_flag(Flag::Rescan),
                        Instant::now(),
                    ),
                ],
                Batch::Rescan,
            ),
        ];
        for (what, events, expected) in table {
            assert_eq!(
                classify(PathBuf::from("/lib").as_path(), Ok(events)),
                expected,
                "{what}"
            );
        }
        let failed = vec![notify::Error::generic("the watch failed")];
        assert_eq!(
            classify(PathBuf::from("/lib").as_path(), Err(failed)),
            Batch::Rescan
        );
    }
}
