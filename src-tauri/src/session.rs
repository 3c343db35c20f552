//! The open library and everything that comes with it: its watcher, the
//! running job's cancel flag, what the scan at opening found. Start-up and
//! "Open folder…" both go through here (open → check → scan → watch → swap),
//! and what the window must hear (outside changes, the scan at start done)
//! goes out through the one listener `main` sets.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use quire::{Change, FolderWatcher, Library, ScanReport};
use serde::Serialize;

/// What the window hears from the session.
pub enum News {
    /// Outside edits (or the scan at start) reached the database.
    Changed(Vec<Change>),
    /// The scan at start-up has caught up with the folder.
    Scanned(LibraryScanned),
}

/// Counts of the changes made to the folder while Quire was not watching it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, specta::Type)]
pub struct ChangedWhileClosed {
    pub added: usize,
    pub updated: usize,
    pub renamed: usize,
    pub trashed: usize,
}

impl From<&ScanReport> for ChangedWhileClosed {
    fn from(r: &ScanReport) -> Self {
        ChangedWhileClosed {
            added: r.added,
            updated: r.updated,
            renamed: r.renamed,
            trashed: r.trashed,
        }
    }
}

/// The library as the window shows it in its header and notices.
#[derive(Clone, Debug, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct LibraryInfo {
    pub folder: String,
    pub post_count: usize,
    /// What changed in the folder while Quire was not watching it.
    pub changed_while_closed: ChangedWhileClosed,
    /// When the library's database was damaged and made again from the
    /// folder: what happened and where the damaged file is.
    pub recovered: Option<String>,
    /// Titles of the posts whose unsaved text (typed while saving was
    /// paused) outlived the session that typed it: kept in their History.
    pub kept_unsaved: Vec<String>,
}

/// What the window hears once the scan at start-up has caught up with what
/// changed in the folder while Quire was closed.
#[derive(Clone, Debug, Serialize, specta::Type, tauri_specta::Event)]
#[serde(rename_all = "camelCase")]
pub struct LibraryScanned {
    pub changed_while_closed: ChangedWhileClosed,
    /// When the library's database was damaged and made again from the
    /// folder: what happened and where the damaged file is.
    pub recovered: Option<String>,
    /// As in `LibraryInfo`.
    pub kept_unsaved: Vec<String>,
}

/// What the window hears when outside edits have reached the database.
#[derive(Clone, Debug, Serialize, specta::Type, tauri_specta::Event)]
pub struct LibraryChanged {
    pub changes: Vec<Change>,
}

type Listener = Arc<dyn Fn(News) + Send + Sync>;

/// The session every command reaches; cheap to clone (one shared state).
#[derive(Clone)]
pub struct Session(Arc<Shared>);

struct Shared {
    data_dir: PathBuf,
    /// Empty while the start-up scan runs; replaced as a whole when the
    /// writer opens another folder.
    library: LibrarySlot,
    /// The running job's cancel flag (one long job at a time).
    cancel_job: Arc<AtomicBool>,
    /// Watches the open library's folder; replaced with the library.
    watcher: Mutex<Option<FolderWatcher>>,
    /// What the scan at opening found changed while Quire was closed.
    changed_while_closed: Mutex<ChangedWhileClosed>,
    /// Posts whose unsaved text the last session left, kept at opening.
    kept_unsaved: Mutex<Vec<String>>,
    listener: OnceLock<Listener>,
}

/// The open library. The window starts while the library is opened and its
/// folder scanned, so anything that needs the library waits here until it is.
#[derive(Default)]
struct LibrarySlot {
    library: Mutex<Option<Arc<Library>>>,
    opened: Condvar,
}

fn poisoned(what: &str) -> quire::Error {
    quire::Error::Bug(format!(
        "the {what} lock was poisoned by an earlier failure"
    ))
}

impl LibrarySlot {
    fn get(&self) -> quire::Result<Arc<Library>> {
        let mut slot = self.library.lock().map_err(|_| poisoned("library"))?;
        loop {
            if let Some(library) = slot.as_ref() {
                return Ok(Arc::clone(library));
            }
            slot = self.opened.wait(slot).map_err(|_| poisoned("library"))?;
        }
    }

    fn set(&self, library: Arc<Library>) -> quire::Result<()> {
        *self.library.lock().map_err(|_| poisoned("library"))? = Some(library);
        self.opened.notify_all();
        Ok(())
    }
}

impl Session {
    /// A session keeping its databases in `data_dir`, with no library yet.
    pub fn new(data_dir: PathBuf) -> Session {
        Session(Arc::new(Shared {
            data_dir,
            library: LibrarySlot::default(),
            cancel_job: Arc::new(AtomicBool::new(false)),
            watcher: Mutex::new(None),
            changed_while_closed: Mutex::new(ChangedWhileClosed::default()),
            kept_unsaved: Mutex::new(Vec::new()),
            listener: OnceLock::new(),
        }))
    }

    /// Where the window hears the session's news; set once, before start.
    pub fn listen(&self, listener: impl Fn(News) + Send + Sync + 'static) {
        let _ = self.0.listener.set(Arc::new(listener));
    }

    fn tell(&self, news: News) {
        if let Some(listener) = self.0.listener.get() {
            listener(news);
        }
    }

    /// The open library, once there is one. Blocks: call it off the async runtime.
    pub fn library(&self) -> quire::Result<Arc<Library>> {
        self.0.library.get()
    }

    /// The cancel flag for a long job about to start, cleared.
    pub fn new_job(&self) -> Arc<AtomicBool> {
        let cancel = Arc::clone(&self.0.cancel_job);
        cancel.store(false, std::sync::atomic::Ordering::Relaxed);
        cancel
    }

    /// Stops the running job after its current step.
    pub fn cancel_job(&self) {
        self.0
            .cancel_job
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// The open library as the window's header shows it. Blocks until there is one.
    pub fn info(&self) -> quire::Result<LibraryInfo> {
        let library = self.library()?;
        Ok(LibraryInfo {
            folder: library.folder().display().to_string(),
            post_count: library.post_count()?,
            changed_while_closed: *self
                .0
                .changed_while_closed
                .lock()
                .map_err(|_| poisoned("session"))?,
            recovered: library.recovered(),
            kept_unsaved: self.kept_unsaved(),
        })
    }

    fn kept_unsaved(&self) -> Vec<String> {
        self.0
            .kept_unsaved
            .lock()
            .map(|k| k.clone())
            .unwrap_or_default()
    }

    /// Opens the library Quire starts with (`chosen`, else the one opened
    /// last, else the default folder), lets the window list it, then catches
    /// up with the folder and starts watching it. The scan reads every post
    /// and holds the database meanwhile, so it waits until the first list is
    /// on screen (`list_shown`); what it finds reaches the window as outside
    /// changes do. A library without posts yet is scanned before it is listed.
    pub fn start(&self, chosen: Option<&Path>, list_shown: impl FnOnce()) -> quire::Result<()> {
        let started = std::time::Instant::now();
        let folder = quire::choose_library_folder(
            chosen,
            &self.0.data_dir,
            &quire::default_library_folder(&self.0.data_dir),
        )?;
        let library = Arc::new(self.open_library(&folder)?);
        let opened_ms = started.elapsed().as_millis();
        let scan_first = library.post_count().map_or(true, |n| n == 0);
        if !scan_first {
            self.0.library.set(Arc::clone(&library))?;
            list_shown();
        }
        let scanned = std::time::Instant::now();
        let scan = self.catch_up(&library);
        if scan_first {
            self.0.library.set(Arc::clone(&library))?;
        }
        match scan {
            Ok(report) => {
                tracing::info!(
                    folder = %library.folder().display(),
                    opened_ms,
                    scan_ms = scanned.elapsed().as_millis(),
                    added = report.added,
                    updated = report.updated,
                    renamed = report.renamed,
                    trashed = report.trashed,
                    skipped = report.skipped.len(),
                    "library opened"
                );
                if !report.changes.is_empty() {
                    self.tell(News::Changed(report.changes));
                }
                self.tell(News::Scanned(LibraryScanned {
                    changed_while_closed: self.info_counts(),
                    recovered: library.recovered(),
                    kept_unsaved: self.kept_unsaved(),
                }));
            }
            // The posts as last stored stay usable; the watcher and "Rescan" catch up later.
            Err(err) => tracing::warn!(%err, "the library folder could not be scanned at start"),
        }
        self.watch(library)
    }

    /// "Open folder…": the folder becomes the library, in place: its posts
    /// are indexed where they are and edited in their own layout and front
    /// matter dialect. The folder is remembered for the next start.
    pub fn open_folder(&self, folder: &Path) -> quire::Result<LibraryInfo> {
        if !folder.is_dir() {
            return Err(quire::Error::Invalid("that folder does not exist".into()));
        }
        let library = Arc::new(self.open_library(folder)?);
        self.catch_up(&library)?;
        quire::choose_library_folder(Some(library.folder()), &self.0.data_dir, library.folder())?;
        // The old folder's watcher stops before the new one starts.
        if let Some(old) = self
            .0
            .watcher
            .lock()
            .map_err(|_| poisoned("watcher"))?
            .take()
        {
            old.stop();
        }
        self.0.library.set(Arc::clone(&library))?;
        self.watch(library)?;
        self.info()
    }

    fn open_library(&self, folder: &Path) -> quire::Result<Library> {
        Library::open(
            folder,
            quire::OpenOptions {
                data_dir: Some(self.0.data_dir.clone()),
            },
        )
    }

    /// Checks the database (a damaged one is made again by the scan that
    /// follows), scans the folder (giving back the memory the scan filled),
    /// and keeps the unsaved text a crashed session left as revisions.
    fn catch_up(&self, library: &Library) -> quire::Result<ScanReport> {
        if let Err(err) = library.check_database() {
            tracing::warn!(%err, "the library database could not be checked");
        }
        let scan = library.scan(&mut |_, _| {}, &AtomicBool::new(false));
        library.release_memory();
        let report = scan?;
        *self
            .0
            .changed_while_closed
            .lock()
            .map_err(|_| poisoned("session"))? = ChangedWhileClosed::from(&report);
        // Text typed in a session that ended before it could be saved (a
        // crash while a conflict waited) goes to its post's History now.
        let kept = library.keep_pending_as_revisions()?;
        // An empty new post the last session left open has nothing to keep.
        library.drop_unwritten_posts()?;
        *self
            .0
            .kept_unsaved
            .lock()
            .map_err(|_| poisoned("session"))? = kept.into_iter().map(|post| post.title).collect();
        Ok(report)
    }

    fn info_counts(&self) -> ChangedWhileClosed {
        self.0
            .changed_while_closed
            .lock()
            .map(|c| *c)
            .unwrap_or_default()
    }

    /// Watches `library`'s folder, telling the window about each batch
    /// applied. Without a watcher (the folder cannot be watched) Quire still
    /// works; the writer's "Rescan" picks outside edits up.
    fn watch(&self, library: Arc<Library>) -> quire::Result<()> {
        // Weak: the session owns the watcher, which must not own the session.
        let session = Arc::downgrade(&self.0);
        let started = FolderWatcher::start(library, move |batch| match batch {
            Ok(changes) => {
                if let Some(shared) = session.upgrade() {
                    Session(shared).tell(News::Changed(changes));
                }
            }
            Err(err) => tracing::warn!(%err, "outside changes could not be applied yet"),
        });
        let watcher = match started {
            Ok(watcher) => Some(watcher),
            Err(err) => {
                tracing::warn!(%err, "the library folder is not watched");
                None
            }
        };
        *self.0.watcher.lock().map_err(|_| poisoned("watcher"))? = watcher;
        Ok(())
    }

    /// The window is gone: the folder is no longer watched, without waiting
    /// (a batch being applied finishes or rolls back with its transaction).
    /// What changes from here on is the next start's "changed while closed".
    pub fn stop_watching(&self) {
        let watcher = self.0.watcher.lock().ok().and_then(|mut w| w.take());
        drop(watcher);
    }

    /// Stops watching, waiting for a batch being applied (a test is done).
    #[cfg(test)]
    pub fn stop(&self) {
        if let Ok(mut watcher) = self.0.watcher.lock() {
            if let Some(watcher) = watcher.take() {
                watcher.stop();
            }
        }
    }
}
