//! The facade the app and the command line call: a folder of Markdown posts
//! and the SQLite database Quire keeps for it in its data dir.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::frontmatter::{self, FrontMatter, PostFields};
use crate::fsutil;
use crate::markdown;
use crate::naming::{self, NEW_POST_TITLE};
use crate::post::{
    check_field, slugify, ListFilter, Post, PostId, PostSummary, Revision, RevisionSource,
};
use crate::post_file::{
    claim_slug, content_hash, now, read_post_file, unique_path, unique_slug, Derived,
    NewPostLayout, MAX_POST_BYTES,
};
use crate::search::{snippet_html, SearchQuery};
use crate::store::{self, posts};

/// A new burst of editing starts after this long without a save; the text
/// from before it is kept as a revision (see DESIGN.md, "Revision").
const BURST_GAP: chrono::TimeDelta = chrono::TimeDelta::minutes(2);

/// A long burst of typing keeps a version this often, so an hour's session
/// is not one undivided change in History.
const LONG_BURST_STEP: chrono::TimeDelta = chrono::TimeDelta::minutes(10);

/// Where the databases live; `None` uses `QUIRE_DATA_DIR`, else the platform data dir.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    pub data_dir: Option<PathBuf>,
}

/// The platform data dir, or `QUIRE_DATA_DIR` when set.
pub fn default_data_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("QUIRE_DATA_DIR").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("app", "Quire", "Quire")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| Error::Invalid("no home folder found: set QUIRE_DATA_DIR".into()))
}

pub struct Library {
    pub(crate) folder: PathBuf,
    pub(crate) db_path: PathBuf,
    pub(crate) conn: Mutex<Connection>,
    /// A checkpoint bulk work left running (see `store::DeferCheckpoints`).
    pub(crate) checkpointer: store::Checkpointer,
    /// Set when the database was damaged at open and rebuilt: what happened.
    recovered: Mutex<Option<String>>,
    /// The post the writer last saved in the app: saving another one means
    /// they left it, which ends its editing burst (see DESIGN.md, "Revision").
    burst_post: Mutex<Option<PostId>>,
    /// What the folder says about its site (`site`): read at open, again
    /// at every scan.
    pub(crate) site: std::sync::RwLock<std::sync::Arc<crate::site::Site>>,
}

impl Library {
    /// Opens the library in `folder` (created when missing) and its database.
    pub fn open(folder: &Path, options: OpenOptions) -> Result<Library> {
        std::fs::create_dir_all(folder)
            .map_err(|e| Error::io("create the library folder", folder, e))?;
        let folder = folder
            .canonicalize()
            .map_err(|e| Error::io("open the library folder", folder, e))?;
        if !folder.is_dir() {
            return Err(Error::Invalid(format!(
                "{} is not a folder",
                folder.display()
            )));
        }
        let data_dir = match options.data_dir {
            Some(dir) => dir,
            None => default_data_dir()?,
        };
        let db_dir = data_dir.join("libraries");
        fsutil::create_private_dir(&db_dir)?;
        let key = &blake3::hash(folder.to_string_lossy().as_bytes()).to_hex()[..16];
        let db_path = db_dir.join(format!("{key}.sqlite3"));
        // A note for people looking in the data dir: which folder this database is for.
        let _ = std::fs::write(
            db_dir.join(format!("{key}.folder")),
            folder.to_string_lossy().as_bytes(),
        );
        // A database SQLite cannot read at all is set aside, never deleted,
        // and a new one is made: the scan that follows fills it from the
        // folder. Damage deeper in the file is `check_database`'s to find.
        let recovered = match store::unreadable(&db_path) {
            Some(damage) => Some(store::recovery::recover(&db_path, damage)?),
            None => None,
        };
        fsutil::create_private_file(&db_path)?;
        let conn = store::open(&db_path)?;
        let site = crate::site::Site::detect(&folder);
        Ok(Library {
            site: std::sync::RwLock::new(std::sync::Arc::new(site)),
            folder,
            db_path,
            recovered: Mutex::new(recovered),
            conn: Mutex::new(conn),
            checkpointer: Mutex::new(None),
            burst_post: Mutex::new(None),
        })
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// When the database was found damaged at open and set aside: a message
    /// for the writer naming both files.
    pub fn recovered(&self) -> Option<String> {
        self.recovered.lock().ok().and_then(|r| r.clone())
    }

    /// SQLite's `quick_check` over every page of the database, which `open`
    /// does not do because it takes about 250 ms at 10,000 posts: the app
    /// runs it once its first list is on screen, the CLI before its long
    /// jobs. A damaged database is set aside and made again, empty: the
    /// caller scans next, which fills it from the folder. Returns the
    /// message for the writer, as `recovered` then does.
    pub fn check_database(&self) -> Result<Option<String>> {
        // Its own read-only connection: saves meanwhile are not held up.
        let Some(damage) = store::damage(&self.db_path) else {
            return Ok(None);
        };
        // No other connection may hold the file while it is moved aside.
        store::wait_for_checkpoint(&self.checkpointer);
        let mut conn = self.conn()?;
        // The old connection is closed before its files are moved.
        drop(std::mem::replace(&mut *conn, Connection::open_in_memory()?));
        let message = store::recovery::recover(&self.db_path, damage)?;
        fsutil::create_private_file(&self.db_path)?;
        *conn = store::open(&self.db_path)?;
        drop(conn);
        if let Ok(mut slot) = self.recovered.lock() {
            *slot = Some(message.clone());
        }
        Ok(Some(message))
    }

    pub fn database_path(&self) -> &Path {
        &self.db_path
    }

    pub(crate) fn conn(&self) -> Result<MutexGuard<'_, Connection>> {
        self.conn
            .lock()
            .map_err(|_| Error::Bug("the database lock was poisoned by an earlier failure".into()))
    }

    /// Gives back what bulk work (a scan, an import, an export) left in
    /// memory: SQLite's cached pages, which the next queries read again as
    /// they need them, and the allocator's free pages (see `memory`).
    pub fn release_memory(&self) {
        if let Ok(conn) = self.conn() {
            let _ = conn.execute_batch("PRAGMA shrink_memory");
        }
        crate::memory::release_free_heap();
    }

    pub fn list(&self, filter: &ListFilter) -> Result<Vec<PostSummary>> {
        posts::list(&*self.conn()?, filter, None)
    }

    /// The first `limit` posts of `list`, in its order: a first page to show
    /// while the rest of a big library is read.
    pub fn list_first(&self, filter: &ListFilter, limit: usize) -> Result<Vec<PostSummary>> {
        posts::list(&*self.conn()?, filter, Some(limit))
    }

    /// How many posts are listed (not in the trash), without reading them.
    pub fn post_count(&self) -> Result<usize> {
        posts::count(&*self.conn()?)
    }

    pub fn list_trash(&self) -> Result<Vec<PostSummary>> {
        posts::list_trash(&*self.conn()?)
    }

    /// Ranked full-text search over title, body and tags, with snippets.
    pub fn search(&self, query: &SearchQuery, limit: usize) -> Result<Vec<PostSummary>> {
        if query.matches_nothing() {
            return Ok(Vec::new());
        }
        let hits = posts::search(&*self.conn()?, &query.to_fts(), limit.min(1_000_000))?;
        Ok(hits
            .into_iter()
            .map(|(mut post, body)| {
                let tags = post.tags.join(" ");
                post.snippet = Some(snippet_html(&query.snippet(&[&post.title, &body, &tags])));
                post
            })
            .collect())
    }

    pub fn get(&self, id: PostId) -> Result<Post> {
        let (summary, text, _) = posts::get(&*self.conn()?, id)?
            .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
        Ok(full_post(summary, text))
    }

    pub fn get_by_slug(&self, slug: &str) -> Result<Post> {
        let id = posts::id_by_slug(&*self.conn()?, slug)?
            .ok_or_else(|| Error::NotFound(format!("there is no post {slug:?}")))?;
        self.get(id)
    }

    pub fn revisions(&self, id: PostId) -> Result<Vec<Revision>> {
        posts::revisions(&*self.conn()?, id)
    }

    /// Brings back an earlier text of a post; the current text is kept first
    /// as a `restore` revision, so the restore itself can be undone.
    pub fn restore_revision(&self, id: PostId, revision: i64) -> Result<Post> {
        let text = posts::revision_text(&*self.conn()?, id, revision)?
            .ok_or_else(|| Error::NotFound(format!("post {id} has no revision {revision}")))?;
        self.replace_text(id, &text, RevisionSource::Restore, true)?;
        self.get(id)
    }

    /// Ends a conflict (the post's file changed outside while the writer had
    /// unsaved text `mine`): `chosen` (mine, theirs, or a merge) becomes the
    /// text, and both sides are kept as `conflict` revisions unless chosen.
    pub fn resolve_conflict(&self, id: PostId, mine: &str, chosen: &str) -> Result<Post> {
        let current = self.get(id)?.text;
        if mine != chosen && mine != current {
            let mut conn = self.conn()?;
            store::with_tx(&mut conn, |tx| {
                posts::add_revision(tx, id, RevisionSource::Conflict, mine, &now())
            })?;
        }
        // The outside text (current) is kept by the replace, as a revision.
        self.replace_text(id, chosen, RevisionSource::Conflict, true)?;
        self.get(id)
    }

    /// Creates a draft titled `title`, dated today, with its file; without a
    /// title it is "Untitled" and has no file until the writer gives it a
    /// title or text (see `naming`). Its slug and file name follow its title
    /// until it is published or exported.
    pub fn create(&self, title: Option<&str>) -> Result<Post> {
        let title = title.map(str::trim).filter(|t| !t.is_empty());
        let unwritten = title.is_none();
        let title = title.unwrap_or(NEW_POST_TITLE);
        check_field("title", title)?;
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let fields = PostFields {
            title: Some(title.to_string()),
            tags: Some(Vec::new()),
            categories: None,
            draft: Some(true),
            date: Some(Some(today)),
        };
        let mut conn = self.conn()?;
        let layout = NewPostLayout::of(&conn)?;
        let text = frontmatter::set_fields(layout.empty_front_matter(), &fields)?;
        let id = store::with_tx(&mut conn, |tx| {
            let slug = unique_slug(tx, &slugify(title), None)?;
            let path = layout.unique_path(tx, &self.folder, &slug)?;
            let derived = Derived::of(&text, &path);
            let now = now();
            let id = posts::insert(tx, &derived.record(&text, &slug, &path, &now, false))?;
            self.settle_kinds(tx, Some(id))?;
            posts::set_naming(tx, id, true, unwritten)?;
            if !unwritten {
                fsutil::write_atomic(
                    &fsutil::resolve_unlinked(&self.folder, &path)?,
                    text.as_bytes(),
                )?;
            }
            Ok(id)
        })?;
        drop(conn);
        // Creating a post starts its first burst.
        self.set_burst_post(id);
        self.get(id)
    }

    /// Stores the writer's text (autosave): database, then the post's file,
    /// keeping the previous text as a revision when a new editing burst starts.
    /// Returns the fields derived from it, not the text the caller has.
    pub fn save(&self, id: PostId, text: &str) -> Result<PostSummary> {
        self.replace_text(id, text, RevisionSource::App, false)
    }

    /// Edits fields of the front matter of `text` (the editor's current text) and saves it.
    pub fn set_fields(&self, id: PostId, text: &str, fields: &PostFields) -> Result<Post> {
        if let Some(title) = &fields.title {
            check_field("title", title)?;
        }
        for tag in fields.tags.iter().flatten() {
            check_field("tag", tag)?;
        }
        let mut fields = fields.clone();
        if let Some(tags) = fields.tags.take() {
            fields.tags = Some(crate::tags::normalized(tags));
        }
        let new_text = frontmatter::set_fields(text, &fields)?;
        self.save(id, &new_text)?;
        self.get(id)
    }

    /// Replaces a post's text, in the database and its file, in one transaction.
    /// `always_keep` keeps the previous text as a revision even inside a burst.
    pub(crate) fn replace_text(
        &self,
        id: PostId,
        text: &str,
        source: RevisionSource,
        always_keep: bool,
    ) -> Result<PostSummary> {
        if text.len() as u64 > MAX_POST_BYTES {
            return Err(Error::Invalid(
                "this post is larger than 64 MB; split it up".into(),
            ));
        }
        let mut conn = self.conn()?;
        let saved = store::with_tx(&mut conn, |tx| {
            let (old, old_text, trashed) = posts::get(tx, id)?
                .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
            if trashed {
                return Err(Error::Invalid(format!(
                    "{:?} is in the trash; restore it first",
                    old.title
                )));
            }
            // Whatever was kept pending is superseded by what is saved now.
            posts::clear_pending(tx, id)?;
            if old_text == text {
                return Ok(old);
            }
            let now = now();
            let path = fsutil::resolve_unlinked(&self.folder, &old.path)?;
            let (synced_hash, text_from_file) = posts::sync_state(tx, id)?;
            // The file changed outside since Quire last wrote or read it: keep
            // that text before overwriting it (the watcher usually sees it first).
            let on_disk = read_post_file(&path).ok();
            if let Some(on_disk) = &on_disk {
                let changed_outside =
                    synced_hash.as_deref() != Some(content_hash(on_disk).as_str());
                if changed_outside && *on_disk != old_text && on_disk != text {
                    posts::add_revision(tx, id, RevisionSource::Conflict, on_disk, &now)?;
                }
            }
            let since = |at: &str| {
                chrono::DateTime::parse_from_rfc3339(at)
                    .map(|t| chrono::Utc::now().signed_duration_since(t))
                    .unwrap_or(chrono::TimeDelta::MAX)
            };
            let paused = since(&old.updated_at) >= BURST_GAP;
            let new_burst = paused || (source == RevisionSource::App && !self.in_burst(id));
            let long_burst = source == RevisionSource::App
                && since(&posts::last_kept_at(tx, id)?) >= LONG_BURST_STEP;
            if always_keep || new_burst || long_burst || text_from_file {
                posts::add_revision(tx, id, source, &old_text, &now)?;
            }
            let derived = Derived::of(text, &old.path);
            let (named_by_title, unwritten) = posts::naming(tx, id)?;
            // A draft Quire named keeps following its title; publishing it or
            // giving it a `slug:` fixes its name for good.
            let follows_title = named_by_title && derived.draft && derived.slug.is_none();
            let (slug, new_path) = if follows_title {
                let slug = unique_slug(tx, &slugify(&derived.title), Some(id))?;
                let new_path = if slug == old.slug {
                    old.path.clone()
                } else {
                    naming::renamed_path(tx, &self.folder, &old.path, &slug)?
                };
                (slug, new_path)
            } else {
                let slug = match derived.slug.as_deref().map(slugify) {
                    Some(wanted) if wanted != old.slug => claim_slug(tx, &wanted, Some(id))?.0,
                    _ => old.slug.clone(),
                };
                // The writer renamed the slug in Quire, and the file is named
                // after it: the file follows, keeping the post and its history.
                let new_path = if source == RevisionSource::App
                    && slug != old.slug
                    && naming::named_after(&old.path, &old.slug)
                {
                    naming::renamed_path(tx, &self.folder, &old.path, &slug)?
                } else {
                    old.path.clone()
                };
                (slug, new_path)
            };
            let still_blank = unwritten && naming::is_blank_new(&derived, text);
            if (named_by_title, unwritten) != (follows_title, still_blank) {
                posts::set_naming(tx, id, follows_title, still_blank)?;
            }
            posts::update(tx, id, &derived.record(text, &slug, &new_path, &now, false))?;
            if new_path != old.path {
                self.settle_kinds(tx, Some(id))?;
            }
            let summary = derived.summary(id, &slug, &new_path, &now, self.kind_at(&new_path));
            if still_blank {
                // Nothing of the writer's yet: no file.
                return Ok(summary);
            }
            let replaced = if unwritten {
                let file = fsutil::resolve_unlinked(&self.folder, &new_path)?;
                if !fsutil::write_new_atomic(&file, text.as_bytes())? {
                    return Err(Error::Invalid(format!(
                        "{new_path} appeared while the post was being written; try again"
                    )));
                }
                None
            } else if new_path != old.path {
                naming::move_post_file(&self.folder, &old.path, &new_path, text)?
            } else {
                fsutil::replace_returning_replaced(&path, text.as_bytes())?
                    .and_then(|bytes| String::from_utf8(bytes).ok())
            };
            // Another program wrote the file while this text went to disk:
            // what it wrote is kept too.
            if let Some(replaced) = replaced {
                let seen_before = on_disk.as_deref() == Some(replaced.as_str());
                if !seen_before && replaced != old_text && replaced != text {
                    posts::add_revision(tx, id, RevisionSource::Conflict, &replaced, &now)?;
                }
            }
            Ok(summary)
        })?;
        drop(conn);
        if source == RevisionSource::App && !always_keep {
            self.set_burst_post(id);
        }
        Ok(saved)
    }

    fn in_burst(&self, id: PostId) -> bool {
        self.burst_post
            .lock()
            .map(|p| *p == Some(id))
            .unwrap_or(false)
    }

    fn set_burst_post(&self, id: PostId) {
        if let Ok(mut post) = self.burst_post.lock() {
            *post = Some(id);
        }
    }

    /// Moves a post to the trash: its file is removed, its text kept in the database.
    pub fn trash(&self, id: PostId) -> Result<()> {
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            let (post, text, trashed) = posts::get(tx, id)?
                .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
            if trashed {
                return Ok(());
            }
            let now = now();
            let path = fsutil::resolve_unlinked(&self.folder, &post.path)?;
            // An edit made outside and not yet read is kept before the file goes.
            if let Ok(on_disk) = read_post_file(&path) {
                if on_disk != text {
                    posts::add_revision(tx, id, RevisionSource::External, &on_disk, &now)?;
                }
            }
            posts::move_to_trash(tx, id, &now, false)?;
            match std::fs::remove_file(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    Err(Error::io("delete", &path, e))
                }
                _ => Ok(()),
            }
        })
    }

    /// Brings a post back from the trash, to its old path when that is free.
    pub fn restore(&self, id: PostId) -> Result<Post> {
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            let (post, text, trashed) = posts::get(tx, id)?
                .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
            if !trashed {
                return Ok(());
            }
            let old_path =
                posts::trashed_from(tx, id)?.unwrap_or_else(|| format!("{}.md", post.slug));
            posts::untrash(tx, id)?;
            let path = if fsutil::resolve(&self.folder, &old_path)?.exists()
                || posts::path_taken(tx, &old_path)?
            {
                unique_path(tx, &self.folder, "", &post.slug)?
            } else {
                old_path
            };
            let derived = Derived::of(&text, &path);
            posts::update(
                tx,
                id,
                &derived.record(&text, &post.slug, &path, &post.updated_at, false),
            )?;
            self.settle_kinds(tx, Some(id))?;
            fsutil::write_atomic(
                &fsutil::resolve_unlinked(&self.folder, &path)?,
                text.as_bytes(),
            )
        })?;
        drop(conn);
        self.get(id)
    }

    /// Checks the database file and that the search index matches the posts.
    pub fn check_integrity(&self) -> Result<()> {
        store::check_search_index(&*self.conn()?)
    }

    /// A per-library setting (site title, base URL, ...).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        store::settings::get(&*self.conn()?, key)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        store::settings::set(&*self.conn()?, key, value)
    }
}

impl Drop for Library {
    /// The database is whole when the library closes: a checkpoint still
    /// copying the WAL in is waited for (the last connection's close then
    /// folds in the rest and removes the WAL).
    fn drop(&mut self) {
        store::wait_for_checkpoint(&self.checkpointer);
    }
}

fn full_post(summary: PostSummary, text: String) -> Post {
    let body = FrontMatter::split(&text).body;
    let (words, reading_minutes) = markdown::counts(body);
    Post {
        id: summary.id,
        slug: summary.slug,
        title: summary.title,
        path: summary.path,
        tags: summary.tags,
        categories: summary.categories,
        status: summary.status,
        date: summary.date,
        updated_at: summary.updated_at,
        kind: summary.kind,
        words,
        reading_minutes,
        text,
        problem: summary.problem,
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::AtomicBool;

    use super::*;

    #[test]
    fn cancelled_scan_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path()
                .join("lib/a.md")
                .parent()
                .map(|p| {
                    std::fs::create_dir_all(p).unwrap();
                    p.join("a.md")
                })
                .unwrap(),
            "# A\n",
        )
        .unwrap();
        let lib = Library::open(
            &dir.path().join("lib"),
            OpenOptions {
                data_dir: Some(dir.path().join("data")),
            },
        )
        .unwrap();
        let cancel = AtomicBool::new(true);
        assert!(matches!(
            lib.scan(&mut |_, _| {}, &cancel),
            Err(Error::Cancelled)
        ));
        assert!(lib.list(&ListFilter::default()).unwrap().is_empty());
    }

    /// Bytes of SQLite page cache the library's connection holds.
    fn cache_used(lib: &Library) -> i32 {
        let conn = lib.conn().unwrap();
        let (mut current, mut highest) = (0, 0);
        // SAFETY: the handle is the open connection's, held locked meanwhile.
        let rc = unsafe {
            rusqlite::ffi::sqlite3_db_status(
                conn.handle(),
                rusqlite::ffi::SQLITE_DBSTATUS_CACHE_USED,
                &mut current,
                &mut highest,
                0,
            )
        };
        assert_eq!(rc, rusqlite::ffi::SQLITE_OK);
        current
    }

    #[test]
    fn after_a_scan_the_page_cache_is_given_back_and_the_posts_still_read() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("lib");
        std::fs::create_dir_all(&folder).unwrap();
        let paragraph = "A quiet morning of writing about remote teams and habits. ".repeat(40);
        for i in 0..300 {
            std::fs::write(
                folder.join(format!("post-{i}.md")),
                format!("---\ntitle: Post {i}\n---\n{paragraph}\n"),
            )
            .unwrap();
        }
        let lib = Library::open(
            &folder,
            OpenOptions {
                data_dir: Some(dir.path().join("data")),
            },
        )
        .unwrap();
        lib.scan(&mut |_, _| {}, &AtomicBool::new(false)).unwrap();
        let after_scan = cache_used(&lib);
        assert!(after_scan > 1_000_000, "the scan cached {after_scan} bytes");
        lib.release_memory();
        let released = cache_used(&lib);
        assert!(
            released < after_scan / 10,
            "{released} of {after_scan} bytes still cached"
        );
        assert_eq!(lib.list(&ListFilter::default()).unwrap().len(), 300);
        let query = SearchQuery::parse("quiet").unwrap();
        assert_eq!(lib.search(&query, 5).unwrap().len(), 5);
    }
}
