//! The facade the app and the command line call: a folder of Markdown posts
//! and the SQLite database Quire keeps for it in its data dir.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use rusqlite::Connection;

use crate::error::{Error, Result};
use crate::export::{self, ExportProgress, ExportReport, HtmlExportOptions, MarkdownExportOptions};
use crate::frontmatter::{self, FrontMatter, Meta, PostFields};
use crate::fsutil;
use crate::import::{
    self, dialect, walk, ImportOptions, ImportProgress, ImportReport, ImportedPost, Skipped,
    Warning,
};
use crate::markdown;
use crate::post::{
    slugify, ListFilter, Post, PostId, PostSummary, Revision, RevisionSource, Status, TagCount,
};
use crate::search::{snippet_html, SearchQuery};
use crate::store::{self, posts, posts::PostRecord};

/// A new burst of editing starts after this long without a save; the text
/// from before it is kept as a revision (see DESIGN.md, "Revision").
const BURST_GAP: chrono::TimeDelta = chrono::TimeDelta::minutes(2);

/// Posts larger than this are not indexed: no writer's post is this big, and
/// reading one must not exhaust memory.
pub const MAX_POST_BYTES: u64 = 64 << 20;

/// The longest title or tag Quire takes, in characters: far beyond any
/// real one, and short enough for a list, a window title and a file name's
/// slug to handle.
pub const MAX_FIELD_CHARS: usize = 1_000;

/// Refuses a title or tag longer than `MAX_FIELD_CHARS`.
fn check_field(what: &str, value: &str) -> Result<()> {
    if value.chars().count() > MAX_FIELD_CHARS {
        return Err(Error::Invalid(format!(
            "this {what} is longer than {MAX_FIELD_CHARS} characters"
        )));
    }
    Ok(())
}

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

/// What indexing the folder found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ScanReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub trashed: usize,
    /// Posts whose file moved or was renamed (matched by content).
    pub renamed: usize,
    /// What changed, post by post, as the watcher reports it.
    pub changes: Vec<crate::sync::Change>,
    /// Files that could not be indexed, with the reason.
    pub skipped: Vec<(String, String)>,
}

/// Moves a damaged database (and its journal files) aside as
/// `<name>.damaged-<time>`, returning where it went.
fn set_aside(db_path: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let name = db_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let aside = db_path.with_file_name(format!("{name}.damaged-{stamp}"));
    std::fs::rename(db_path, &aside).map_err(|e| Error::io("move aside", db_path, e))?;
    for suffix in ["-wal", "-shm"] {
        let journal = db_path.with_file_name(format!("{name}{suffix}"));
        if journal.exists() {
            let _ = std::fs::rename(
                &journal,
                aside.with_file_name(format!("{name}.damaged-{stamp}{suffix}")),
            );
        }
    }
    Ok(aside)
}

/// Sets a damaged database aside and says so, naming both files.
fn recover(db_path: &Path, damage: store::Damage) -> Result<String> {
    let aside = set_aside(db_path)?;
    let versions = match damage.revisions {
        Some(1) => "its 1 earlier version".to_string(),
        Some(n) => format!("its {n} earlier versions"),
        None => "earlier versions".to_string(),
    };
    let message = format!(
        "the library database {} was damaged ({}); it was moved to {} and a new one is made from the folder. \
         Every post in the folder is there; {versions} and the trash stay in the damaged file.",
        db_path.display(),
        damage.reason,
        aside.display()
    );
    tracing::warn!("{message}");
    Ok(message)
}

/// The setting that holds `Library::export_id`.
const EXPORT_ID: &str = "export_id";

pub struct Library {
    pub(crate) folder: PathBuf,
    pub(crate) db_path: PathBuf,
    pub(crate) conn: Mutex<Connection>,
    /// Set when the database was damaged at open and rebuilt: what happened.
    recovered: Mutex<Option<String>>,
    /// The post the writer last saved in the app: saving another one means
    /// they left it, which ends its editing burst (see DESIGN.md, "Revision").
    burst_post: Mutex<Option<PostId>>,
}

/// Everything stored about a post's text, derived from the raw text.
#[derive(Clone)]
pub(crate) struct Derived {
    pub(crate) title: String,
    /// The front matter's `slug`, when it has one.
    pub(crate) slug: Option<String>,
    /// Why the front matter could not be read, or a value in it understood.
    pub(crate) problem: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) draft: bool,
    pub(crate) date: Option<String>,
    pub(crate) body_start: usize,
    pub(crate) hash: String,
}

impl Derived {
    /// Derives the stored fields from `text`; the file's path stands in for a
    /// title or date the front matter does not give (Jekyll names, bundles).
    pub(crate) fn of(text: &str, path: &str) -> Derived {
        Derived::with_meta(text, path, Meta::from_text(text))
    }

    /// `of`, for a caller that has parsed `text`'s front matter already.
    pub(crate) fn with_meta(text: &str, path: &str, meta: Meta) -> Derived {
        let fm = FrontMatter::split(text);
        let hints = dialect::path_hints(path);
        Derived {
            title: meta
                .title
                .filter(|t| !t.trim().is_empty())
                .unwrap_or(hints.slug),
            slug: meta.slug,
            problem: meta.problem.or(meta.warning),
            tags: meta.tags,
            draft: meta.draft.unwrap_or(false) || hints.draft,
            date: meta.date.or(hints.date),
            body_start: text.len() - fm.body.len(),
            hash: content_hash(text),
        }
    }

    /// Draft; scheduled when dated after today; else published.
    pub(crate) fn status(&self) -> Status {
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        match (&self.draft, &self.date) {
            (true, _) => Status::Draft,
            (false, Some(date)) if date.as_str() > today.as_str() => Status::Scheduled,
            _ => Status::Published,
        }
    }

    pub(crate) fn record<'a>(
        &'a self,
        text: &'a str,
        slug: &'a str,
        path: &'a str,
        now: &'a str,
        external: bool,
    ) -> PostRecord<'a> {
        PostRecord {
            slug,
            title: &self.title,
            raw: text,
            body: &text[self.body_start..],
            draft: self.draft,
            date: self.date.as_deref(),
            tags: &self.tags,
            hash: &self.hash,
            path,
            now,
            external,
            problem: self.problem.as_deref(),
        }
    }
}

pub(crate) fn content_hash(text: &str) -> String {
    blake3::hash(text.as_bytes()).to_hex().to_string()
}

pub(crate) fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
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
            Some(damage) => Some(recover(&db_path, damage)?),
            None => None,
        };
        fsutil::create_private_file(&db_path)?;
        let conn = store::open(&db_path)?;
        Ok(Library {
            folder,
            db_path,
            recovered: Mutex::new(recovered),
            conn: Mutex::new(conn),
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
        let mut conn = self.conn()?;
        // The old connection is closed before its files are moved.
        drop(std::mem::replace(&mut *conn, Connection::open_in_memory()?));
        let message = recover(&self.db_path, damage)?;
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

    pub fn tags(&self) -> Result<Vec<TagCount>> {
        posts::tag_counts(&*self.conn()?)
    }

    pub fn revisions(&self, id: PostId) -> Result<Vec<Revision>> {
        posts::revisions(&*self.conn()?, id)
    }

    /// Brings back an earlier text of a post; the current text is kept first
    /// as a `restore` revision, so the restore itself can be undone.
    pub fn restore_revision(&self, id: PostId, revision: i64) -> Result<Post> {
        let text = posts::revision_text(&*self.conn()?, id, revision)?
            .ok_or_else(|| Error::NotFound(format!("post {id} has no revision {revision}")))?;
        self.replace_text(id, &text, RevisionSource::Restore, true)
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
        self.replace_text(id, chosen, RevisionSource::Conflict, true)
    }

    /// Creates a draft titled `title` (or "Untitled"), dated today, with its file.
    pub fn create(&self, title: Option<&str>) -> Result<Post> {
        let title = title
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or("Untitled");
        check_field("title", title)?;
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let fields = PostFields {
            title: Some(title.to_string()),
            tags: Some(Vec::new()),
            draft: Some(true),
            date: Some(Some(today)),
        };
        let mut conn = self.conn()?;
        let layout = NewPostLayout::of(&conn)?;
        let empty = match (layout.toml, layout.taxonomies) {
            (true, true) => "+++\n[taxonomies]\ntags = []\n+++\n",
            (true, false) => "+++\n+++\n",
            _ => "\n",
        };
        let text = frontmatter::set_fields(empty, &fields)?;
        let id = store::with_tx(&mut conn, |tx| {
            let slug = unique_slug(tx, &slugify(title), None)?;
            let path = layout.unique_path(tx, &self.folder, &slug)?;
            let derived = Derived::of(&text, &path);
            let now = now();
            let id = posts::insert(tx, &derived.record(&text, &slug, &path, &now, false))?;
            fsutil::write_atomic(
                &fsutil::resolve_unlinked(&self.folder, &path)?,
                text.as_bytes(),
            )?;
            Ok(id)
        })?;
        drop(conn);
        // Creating a post starts its first burst.
        self.set_burst_post(id);
        self.get(id)
    }

    /// Stores the writer's text (autosave): database, then the post's file,
    /// keeping the previous text as a revision when a new editing burst starts.
    pub fn save(&self, id: PostId, text: &str) -> Result<Post> {
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
        if let Some(tags) = &mut fields.tags {
            let mut seen = std::collections::HashSet::new();
            tags.retain(|t| !t.trim().is_empty() && seen.insert(t.trim().to_lowercase()));
            for tag in tags.iter_mut() {
                *tag = tag.trim().to_string();
            }
        }
        let new_text = frontmatter::set_fields(text, &fields)?;
        self.save(id, &new_text)
    }

    /// Replaces a post's text, in the database and its file, in one transaction.
    /// `always_keep` keeps the previous text as a revision even inside a burst.
    fn replace_text(
        &self,
        id: PostId,
        text: &str,
        source: RevisionSource,
        always_keep: bool,
    ) -> Result<Post> {
        if text.len() as u64 > MAX_POST_BYTES {
            return Err(Error::Invalid(
                "this post is larger than 64 MB; split it up".into(),
            ));
        }
        let mut conn = self.conn()?;
        store::with_tx(&mut conn, |tx| {
            let (old, old_text, trashed) = posts::get(tx, id)?
                .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
            if trashed {
                return Err(Error::Invalid(format!(
                    "{:?} is in the trash; restore it first",
                    old.title
                )));
            }
            if old_text == text {
                return Ok(());
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
            let paused = chrono::DateTime::parse_from_rfc3339(&old.updated_at)
                .map(|t| chrono::Utc::now().signed_duration_since(t) >= BURST_GAP)
                .unwrap_or(true);
            let new_burst = paused || (source == RevisionSource::App && !self.in_burst(id));
            if always_keep || new_burst || text_from_file {
                posts::add_revision(tx, id, source, &old_text, &now)?;
            }
            let derived = Derived::of(text, &old.path);
            // The front matter is parsed once, by `Derived::of`: this runs on every autosave.
            let slug = match derived.slug.as_deref().map(slugify) {
                Some(wanted) if wanted != old.slug => claim_slug(tx, &wanted, Some(id))?.0,
                _ => old.slug.clone(),
            };
            posts::update(tx, id, &derived.record(text, &slug, &old.path, &now, false))?;
            let replaced = fsutil::replace_returning_replaced(&path, text.as_bytes())?;
            // Another program wrote the file while this text went to disk:
            // what it wrote is kept too.
            if let Some(replaced) = replaced.and_then(|bytes| String::from_utf8(bytes).ok()) {
                let seen_before = on_disk.as_deref() == Some(replaced.as_str());
                if !seen_before && replaced != old_text && replaced != text {
                    posts::add_revision(tx, id, RevisionSource::Conflict, &replaced, &now)?;
                }
            }
            Ok(())
        })?;
        drop(conn);
        if source == RevisionSource::App && !always_keep {
            self.set_burst_post(id);
        }
        self.get(id)
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
                unique_path(tx, &self.folder, &post.slug)?
            } else {
                old_path
            };
            let derived = Derived::of(&text, &path);
            posts::update(
                tx,
                id,
                &derived.record(&text, &post.slug, &path, &post.updated_at, false),
            )?;
            fsutil::write_atomic(
                &fsutil::resolve_unlinked(&self.folder, &path)?,
                text.as_bytes(),
            )
        })?;
        drop(conn);
        self.get(id)
    }

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
            let mut seen = std::collections::HashSet::new();
            let tags: Vec<String> = post
                .tags
                .iter()
                .map(|t| {
                    if t.to_lowercase() == from_key {
                        to.to_string()
                    } else {
                        t.clone()
                    }
                })
                .filter(|t| seen.insert(t.to_lowercase()))
                .collect();
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
        let found = walk::walk(&src);
        let mut report = ImportReport {
            skipped: found
                .skipped
                .into_iter()
                .map(|(path, reason)| Skipped { path, reason })
                .collect(),
            ..ImportReport::default()
        };
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
        let _checkpoint = store::DeferCheckpoints::new(&self.conn, &self.db_path)?;
        let finish = |wrote: bool| {
            if wrote {
                fsutil::sync_filesystem(&self.folder)
            } else {
                Ok(())
            }
        };
        // Reading and parsing the next batch's sources overlaps this batch's
        // database and file work.
        let prepare_one = |rel: &String| import::prepare(&src, rel);
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
        let path = if prepared.assets.is_empty() {
            unique_path(tx, &self.folder, &slug)?
        } else {
            unique_bundle_path(tx, &self.folder, &slug)?
        };
        // Derived in parallel for the path the post most likely gets; a
        // taken name changes what the path says, so derive again then.
        let derived = if path == prepared.likely_path {
            prepared.derived.clone()
        } else {
            Derived::of(&prepared.text, &path)
        };
        if dry_run {
            return Ok(ImportOutcome::Imported(PostSummary {
                id: 0,
                slug: slug.clone(),
                title: derived.title.clone(),
                path,
                tags: derived.tags.clone(),
                status: derived.status(),
                date: derived.date.clone(),
                updated_at: now,
                snippet: None,
                problem: derived.problem.clone(),
            }));
        }
        let id = posts::insert_deferring_index(
            tx,
            &derived.record(&prepared.text, &slug, &path, &now, false),
        )?;
        work.new_entries.push(id);
        posts::set_import_source(tx, source, id, &prepared.hash)?;
        work.files.push(FileJob::Write {
            path: path.clone(),
            text: prepared.text.clone(),
        });
        work.files.extend(FileJob::assets(&path, &prepared.assets));
        Ok(ImportOutcome::Imported(PostSummary {
            id,
            slug,
            title: derived.title.clone(),
            path,
            tags: derived.tags.clone(),
            status: derived.status(),
            date: derived.date.clone(),
            updated_at: now,
            snippet: None,
            problem: derived.problem,
        }))
    }

    /// Writes the library's posts into `out` for a site generator (see
    /// `export::markdown`). Drafts and scheduled posts only when asked for.
    /// Reads one snapshot of the database, so saves meanwhile are not mixed in.
    pub fn export_markdown(
        &self,
        out: &Path,
        options: &MarkdownExportOptions,
        progress: &mut dyn FnMut(&ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        self.check_export_root(out)?;
        let export_id = self.export_id()?;
        let filter = ListFilter {
            tag: options.tag.clone(),
            status: None,
        };
        self.with_export_snapshot(&filter, options.include_drafts, |posts, text_of| {
            export::markdown::export(
                export::Origin {
                    folder: &self.folder,
                    export_id: &export_id,
                },
                posts,
                text_of,
                out,
                options,
                progress,
                cancel,
            )
        })
    }

    /// Runs `export` over one snapshot of the database, read on a connection
    /// of its own (saves meanwhile are not mixed in): the posts `filter` and
    /// `include_drafts` let through, and a way to read each one's text.
    fn with_export_snapshot<T>(
        &self,
        filter: &ListFilter,
        include_drafts: bool,
        export: impl FnOnce(&[PostSummary], &mut dyn FnMut(&PostSummary) -> Result<String>) -> Result<T>,
    ) -> Result<T> {
        let mut reader = store::open_reader(&self.db_path)?;
        let snapshot = reader.transaction()?;
        let posts: Vec<PostSummary> = posts::list(&snapshot, filter, None)?
            .into_iter()
            .filter(|p| export::markdown::exported(p.status, include_drafts))
            .collect();
        let mut text_of = |post: &PostSummary| -> Result<String> {
            posts::get(&snapshot, post.id)?
                .map(|(_, text, _)| text)
                .ok_or_else(|| Error::Bug("a listed post vanished from the snapshot".into()))
        };
        export(&posts, &mut text_of)
    }

    /// Writes the library as a static HTML site into `out` (see `export::html`).
    /// The base URL and title fall back to the library's `site_url` and
    /// `site_title` settings, then the folder's name for the title.
    pub fn export_html(
        &self,
        out: &Path,
        options: &HtmlExportOptions,
        progress: &mut dyn FnMut(&ExportProgress),
        cancel: &AtomicBool,
    ) -> Result<ExportReport> {
        self.check_export_root(out)?;
        let export_id = self.export_id()?;
        let mut options = options.clone();
        if options.base_url.is_none() {
            options.base_url = self.setting("site_url")?;
        }
        let default_title = match self.setting("site_title")? {
            Some(title) => title,
            None => self
                .folder
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "My blog".into()),
        };
        self.with_export_snapshot(
            &ListFilter::default(),
            options.include_drafts,
            |posts, text_of| {
                export::html::export(
                    export::html::HtmlSource {
                        library_folder: &self.folder,
                        export_id: &export_id,
                        posts,
                        text_of,
                        default_title,
                    },
                    out,
                    &options,
                    progress,
                    cancel,
                )
            },
        )
    }

    /// One post as a self-contained HTML page at `out_file`, the files it
    /// links to copied beside it.
    pub fn export_post_html(&self, id: PostId, out_file: &Path) -> Result<ExportReport> {
        // Only ever an .html page, into a folder that is already there: a
        // name like `authorized_keys` or a new folder is never written.
        let is_html = out_file
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
        if !is_html {
            return Err(Error::Invalid(format!(
                "{} is not an .html file name",
                out_file.display()
            )));
        }
        let parent = out_file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return Err(Error::NotFound(format!(
                "there is no folder {}",
                parent.display()
            )));
        }
        if out_file.is_dir() {
            return Err(Error::Invalid(format!(
                "{} is a folder",
                out_file.display()
            )));
        }
        self.check_export_folder(parent)?;
        let (summary, text, _) = posts::get(&*self.conn()?, id)?
            .ok_or_else(|| Error::NotFound(format!("there is no post with id {id}")))?;
        export::html::single_page(&self.folder, &summary, &text, out_file)
    }

    /// A post's body as sanitized HTML, as exported (for "Copy as HTML").
    pub fn post_html(&self, id: PostId) -> Result<String> {
        Ok(export::html::body_html(&self.get(id)?.text))
    }

    /// An export folder inside the library would be read back as posts.
    fn check_export_folder(&self, out: &Path) -> Result<()> {
        let absolute = if out.is_absolute() {
            out.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| Error::io("find the current folder", out, e))?
                .join(out)
        };
        // The nearest existing ancestor tells where a new folder would land.
        let existing = absolute
            .ancestors()
            .find_map(|a| a.canonicalize().ok())
            .unwrap_or(absolute);
        if existing.starts_with(&self.folder) {
            return Err(Error::Invalid(format!(
                "{} is inside the library folder; export to a folder outside it",
                out.display()
            )));
        }
        Ok(())
    }

    /// A whole export's folder: outside the library, and not holding it either
    /// (a site folder whose `content/` is the library would have the export
    /// prune and overwrite the library's own files). A single page written
    /// into a folder (`export_post_html`) prunes nothing, so it may go anywhere
    /// outside the library.
    fn check_export_root(&self, out: &Path) -> Result<()> {
        self.check_export_folder(out)?;
        // A folder that does not exist yet holds nothing.
        if out
            .canonicalize()
            .is_ok_and(|real| self.folder.starts_with(real))
        {
            return Err(Error::Invalid(format!(
                "{} holds the library folder {}; export to a folder outside it",
                out.display(),
                self.folder.display()
            )));
        }
        Ok(())
    }

    /// Checks the database file and that the search index matches the posts.
    pub fn check_integrity(&self) -> Result<()> {
        store::check_search_index(&*self.conn()?)
    }

    /// This library's export id, made on first use: an export folder's
    /// marker carries it, so an export replaces and prunes only folders this
    /// library exported to, never one whose marker someone else wrote.
    pub(crate) fn export_id(&self) -> Result<String> {
        if let Some(id) = self.setting(EXPORT_ID)? {
            return Ok(id);
        }
        let id: String = self
            .conn()?
            .query_row("SELECT lower(hex(randomblob(16)))", [], |r| r.get(0))?;
        self.set_setting(EXPORT_ID, &id)?;
        Ok(id)
    }

    /// A per-library setting (site title, base URL, ...).
    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn()?
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        self.conn()?.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
            [key, value],
        )?;
        Ok(())
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
        status: summary.status,
        date: summary.date,
        updated_at: summary.updated_at,
        words,
        reading_minutes,
        text,
        problem: summary.problem,
    }
}

/// Where a new post goes and how its front matter is written, following the
/// layout most of the folder's recent posts use: a Zola post stays TOML under
/// `content/blog/`, a Jekyll post gets its dated name in `_posts/`.
#[derive(Debug, Default, PartialEq, Eq)]
struct NewPostLayout {
    /// Folder relative to the library, `""` for the top.
    dir: String,
    /// Page bundles: `<dir>/<slug>/index.md`.
    bundle: bool,
    /// Jekyll names: `<dir>/YYYY-MM-DD-<slug>.md`.
    dated_names: bool,
    /// TOML (`+++`) front matter rather than YAML.
    toml: bool,
    /// Tags under `[taxonomies]`, as Zola wants them.
    taxonomies: bool,
}

impl NewPostLayout {
    fn of(conn: &Connection) -> Result<NewPostLayout> {
        let recent = posts::recent_layouts(conn, 200)?;
        let mut votes: std::collections::HashMap<(String, bool), usize> =
            std::collections::HashMap::new();
        for (path, _, _) in &recent {
            let hints = dialect::path_hints(path);
            let parent = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            let key = if hints.bundle {
                (
                    parent
                        .rsplit_once('/')
                        .map(|(d, _)| d)
                        .unwrap_or("")
                        .to_string(),
                    true,
                )
            } else {
                (parent.to_string(), false)
            };
            *votes.entry(key).or_default() += 1;
        }
        // Most votes wins; ties go to the shorter folder, for a stable choice.
        let Some(((dir, bundle), _)) = votes.into_iter().max_by(|a, b| {
            a.1.cmp(&b.1)
                .then(b.0 .0.len().cmp(&a.0 .0.len()))
                .then(b.0 .0.cmp(&a.0 .0))
                .then(a.0 .1.cmp(&b.0 .1))
        }) else {
            return Ok(NewPostLayout::default());
        };
        let in_dir: Vec<&(String, String, bool)> = recent
            .iter()
            .filter(|(p, _, _)| {
                p.strip_prefix(dir.as_str())
                    .is_some_and(|rest| dir.is_empty() || rest.starts_with('/'))
            })
            .collect();
        let dated = in_dir
            .iter()
            .filter(|(p, _, _)| dialect::path_hints(p).date.is_some())
            .count();
        let toml = in_dir
            .iter()
            .filter(|(_, opening, _)| opening.trim_start_matches('\u{feff}').starts_with("+++"))
            .count();
        let taxonomies = in_dir.iter().filter(|(_, _, t)| *t).count();
        Ok(NewPostLayout {
            dated_names: !bundle && dated * 2 > in_dir.len(),
            toml: toml * 2 > in_dir.len(),
            taxonomies: taxonomies * 2 > in_dir.len(),
            dir,
            bundle,
        })
    }

    /// The first free path for `slug` in this layout.
    fn unique_path(&self, conn: &Connection, folder: &Path, slug: &str) -> Result<String> {
        let prefix = if self.dir.is_empty() {
            String::new()
        } else {
            format!("{}/", self.dir)
        };
        let today = chrono::Local::now().format("%Y-%m-%d").to_string();
        let make = |name: &str| {
            if self.bundle {
                format!("{prefix}{name}/index.md")
            } else if self.dated_names {
                format!("{prefix}{today}-{name}.md")
            } else {
                format!("{prefix}{name}.md")
            }
        };
        let mut name = slug.to_string();
        let mut n = 2;
        loop {
            let path = make(&name);
            let taken_on_disk = if self.bundle {
                folder.join(format!("{prefix}{name}")).exists()
            } else {
                folder.join(&path).exists()
            };
            if !taken_on_disk && !posts::path_taken(conn, &path)? {
                return Ok(path);
            }
            name = format!("{slug}-{n}");
            n += 1;
        }
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

/// Files an import reads, parses and writes per transaction.
pub(crate) const IMPORT_BATCH: usize = 256;

/// Calls `consume` with each `batch`-sized part of `items` and `f` mapped
/// over it, in order. The next part is mapped (in parallel) while `consume`
/// works on this one, so reading files overlaps the database work. An error
/// from `consume` stops the whole run and is returned.
pub(crate) fn pipelined<T: Sync, R: Send, E>(
    items: &[T],
    batch: usize,
    f: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, &[T], Vec<R>) -> std::result::Result<(), E>,
) -> std::result::Result<(), E> {
    std::thread::scope(|scope| {
        // One batch waits while the next is mapped: at most three in memory.
        let (sender, receiver) = std::sync::mpsc::sync_channel(1);
        let f = &f;
        scope.spawn(move || {
            for part in items.chunks(batch) {
                // The receiver is gone when `consume` stopped the run.
                if sender.send(parallel_map(part, f)).is_err() {
                    break;
                }
            }
        });
        for (index, part) in items.chunks(batch).enumerate() {
            // No batch means the mapping thread panicked; the scope re-raises it.
            let Ok(mapped) = receiver.recv() else { break };
            consume(index, part, mapped)?;
        }
        Ok(())
    })
}

/// `f` over `items` on up to 4 threads, results in order. Reading and
/// writing many small files is bound by system calls, which overlap well.
pub(crate) fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    if threads < 2 || items.len() < 16 {
        return items.iter().map(f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let workers: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        workers
            .into_iter()
            .flat_map(|w| {
                w.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
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

/// `<slug>/index.md` in a folder of its own, for a post with files beside it.
fn unique_bundle_path(conn: &Connection, folder: &Path, slug: &str) -> Result<String> {
    let mut dir = slug.to_string();
    let mut n = 2;
    while folder.join(&dir).exists() || posts::path_taken(conn, &format!("{dir}/index.md"))? {
        dir = format!("{slug}-{n}");
        n += 1;
    }
    Ok(format!("{dir}/index.md"))
}

pub(crate) fn unique_slug(
    conn: &Connection,
    wanted: &str,
    except: Option<PostId>,
) -> Result<String> {
    let mut slug = wanted.to_string();
    let mut n = 2;
    while posts::slug_taken(conn, &slug, except)? {
        slug = format!("{wanted}-{n}");
        n += 1;
    }
    Ok(slug)
}

/// The slug for a post whose front matter says `slug: wanted`. An explicit
/// slug wins over one Quire generated (from a title or file name): a post
/// holding `wanted` only because it was generated is moved to the next free
/// `wanted-N`, and returned so the caller can report it. Two posts that both
/// ask for the same slug keep first come, first served.
pub(crate) fn claim_slug(
    conn: &Connection,
    wanted: &str,
    claimant: Option<PostId>,
) -> Result<(String, Option<PostId>)> {
    let Some((holder, raw)) = posts::slug_holder(conn, wanted)? else {
        return Ok((wanted.to_string(), None));
    };
    if Some(holder) == claimant {
        return Ok((wanted.to_string(), None));
    }
    let holder_asks_for_it =
        Meta::from_text(&raw).slug.as_deref().map(slugify) == Some(wanted.to_string());
    if holder_asks_for_it {
        return Ok((unique_slug(conn, wanted, claimant)?, None));
    }
    let moved_to = unique_slug(conn, wanted, None)?;
    posts::set_slug(conn, holder, &moved_to)?;
    Ok((wanted.to_string(), Some(holder)))
}

fn unique_path(conn: &Connection, folder: &Path, slug: &str) -> Result<String> {
    let mut path = format!("{slug}.md");
    let mut n = 2;
    while posts::path_taken(conn, &path)? || folder.join(&path).exists() {
        path = format!("{slug}-{n}.md");
        n += 1;
    }
    Ok(path)
}

/// Reads a post's file, or says in a writer's words why it cannot be a post.
pub(crate) fn read_post_file(path: &Path) -> std::result::Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot be read: {e}"))?;
    if meta.len() > MAX_POST_BYTES {
        return Err(format!(
            "is {} MB; posts over 64 MB are skipped",
            meta.len() >> 20
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    if bytes.contains(&0) {
        return Err("contains NUL bytes: it looks like a binary file, not Markdown".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
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
