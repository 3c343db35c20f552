//! The commands the UI may call, listed once in `command_list.rs`. Each one
//! parses its input, calls the core or the session off the async runtime,
//! and maps the error: one expression, no logic of its own.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;

use quire::{
    ErrorKind, ExportProgress, ExportReport, Flavor, ImportOptions, ImportProgress, ImportReport,
    Library, ListFilter, Post, PostFields, PostId, PostSummary, Rendered, Revision, ScanReport,
    SearchQuery, TagCount,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;

use crate::session::{LibraryInfo, Session};

/// What a rejected `invoke` gives the UI: a kind it acts on and a message it shows.
#[derive(Debug, Serialize, specta::Type)]
pub struct CommandError {
    kind: ErrorKind,
    message: String,
}

impl From<quire::Error> for CommandError {
    fn from(err: quire::Error) -> Self {
        CommandError {
            kind: err.kind(),
            message: err.to_string(),
        }
    }
}

type Reply<T> = Result<T, CommandError>;

/// Runs blocking work on the blocking pool so the window never waits on disk or CPU.
async fn off_the_window<T: Send + 'static>(
    work: impl FnOnce() -> quire::Result<T> + Send + 'static,
) -> Reply<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| quire::Error::Bug(format!("a background task failed: {e}")))?
        .map_err(CommandError::from)
}

/// Runs core work on the open library, off the window.
async fn on_library<T: Send + 'static>(
    session: &Session,
    work: impl FnOnce(&Library) -> quire::Result<T> + Send + 'static,
) -> Reply<T> {
    let session = session.clone();
    off_the_window(move || work(&*session.library()?)).await
}

/// A long job (a scan, an import, an export): cancellable with `cancel_job`,
/// and afterwards the memory it filled (SQLite's page cache, the allocator's
/// free pages) goes back to the system, whether it succeeded or not.
async fn job<T: Send + 'static>(
    session: &Session,
    work: impl FnOnce(&Library, &AtomicBool) -> quire::Result<T> + Send + 'static,
) -> Reply<T> {
    let cancel = session.new_job();
    on_library(session, move |lib| {
        let result = work(lib, &cancel);
        lib.release_memory();
        result
    })
    .await
}

/// A folder the writer typed or chose: trimmed, not empty, absolute.
fn folder_argument(folder: &str, when_empty: &str) -> quire::Result<PathBuf> {
    let folder = PathBuf::from(folder.trim());
    if folder.as_os_str().is_empty() {
        return Err(quire::Error::Invalid(when_empty.into()));
    }
    if !folder.is_absolute() {
        return Err(quire::Error::Invalid(format!(
            "give the folder's full path, not {}",
            folder.display()
        )));
    }
    Ok(folder)
}

/// A channel's progress callback: a report the window no longer hears is dropped.
fn report_to<T: Clone + tauri::ipc::IpcResponse>(channel: Channel<T>) -> impl FnMut(&T) {
    move |progress| drop(channel.send(progress.clone()))
}

#[tauri::command]
#[specta::specta]
pub async fn library_info(state: State<'_, Session>) -> Reply<LibraryInfo> {
    let session = state.inner().clone();
    off_the_window(move || session.info()).await
}

/// The posts `filter` lets through, newest first; the first `limit` only when given.
#[tauri::command]
#[specta::specta]
pub async fn list_posts(
    state: State<'_, Session>,
    filter: ListFilter,
    limit: Option<usize>,
) -> Reply<Vec<PostSummary>> {
    on_library(&state, move |lib| match limit {
        Some(limit) => lib.list_first(&filter, limit),
        None => lib.list(&filter),
    })
    .await
}

/// Posts matching `query` (the last word a prefix, as the writer types), best first.
#[tauri::command]
#[specta::specta]
pub async fn search_posts(
    state: State<'_, Session>,
    query: String,
    limit: Option<usize>,
) -> Reply<Vec<PostSummary>> {
    on_library(&state, move |lib| {
        lib.search(
            &SearchQuery::parse(&query)?.with_prefix_last(),
            limit.unwrap_or(50).min(500),
        )
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn get_post(state: State<'_, Session>, id: PostId) -> Reply<Post> {
    on_library(&state, move |lib| lib.get(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn create_post(state: State<'_, Session>, title: Option<String>) -> Reply<Post> {
    on_library(&state, move |lib| lib.create(title.as_deref())).await
}

/// Stores the writer's text (autosave) in the database and the post's file.
#[tauri::command]
#[specta::specta]
pub async fn save_post(state: State<'_, Session>, id: PostId, text: String) -> Reply<PostSummary> {
    on_library(&state, move |lib| lib.save(id, &text)).await
}

/// Keeps the editor's text as the post's pending version while saving it
/// to the file is paused (a conflict waits), so a crash cannot lose it.
#[tauri::command]
#[specta::specta]
pub async fn keep_pending_text(state: State<'_, Session>, id: PostId, text: String) -> Reply<()> {
    on_library(&state, move |lib| lib.keep_pending(id, &text)).await
}

/// The writer left post `id`: an empty new post (no file yet) is dropped.
/// Returns whether it was.
#[tauri::command]
#[specta::specta]
pub async fn leave_post(state: State<'_, Session>, id: PostId) -> Reply<bool> {
    on_library(&state, move |lib| lib.leave_new_post(id)).await
}

/// Sets fields of the front matter of `text` (the editor's text) and saves it.
#[tauri::command]
#[specta::specta]
pub async fn set_post_fields(
    state: State<'_, Session>,
    id: PostId,
    text: String,
    fields: PostFields,
) -> Reply<Post> {
    on_library(&state, move |lib| lib.set_fields(id, &text, &fields)).await
}

/// Moves a post to the trash, its file too; restorable.
#[tauri::command]
#[specta::specta]
pub async fn delete_post(state: State<'_, Session>, id: PostId) -> Reply<()> {
    on_library(&state, move |lib| lib.trash(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_trash(state: State<'_, Session>) -> Reply<Vec<PostSummary>> {
    on_library(&state, |lib| lib.list_trash()).await
}

#[tauri::command]
#[specta::specta]
pub async fn restore_post(state: State<'_, Session>, id: PostId) -> Reply<Post> {
    on_library(&state, move |lib| lib.restore(id)).await
}

#[tauri::command]
#[specta::specta]
pub async fn list_tags(state: State<'_, Session>) -> Reply<Vec<TagCount>> {
    on_library(&state, |lib| lib.tags()).await
}

/// Every category with its count (empty where the dialect has none).
#[tauri::command]
#[specta::specta]
pub async fn list_categories(state: State<'_, Session>) -> Reply<Vec<TagCount>> {
    on_library(&state, |lib| lib.categories()).await
}

/// Renames (or merges) a tag on every post; the tags as they are then.
#[tauri::command]
#[specta::specta]
pub async fn rename_tag(
    state: State<'_, Session>,
    from: String,
    to: String,
) -> Reply<Vec<TagCount>> {
    on_library(&state, move |lib| {
        lib.rename_tag(&from, &to).and_then(|_| lib.tags())
    })
    .await
}

/// Renders a post's text; with the post's library-relative path, its
/// relative images are shown from the library (the `quire-file` scheme).
#[tauri::command]
#[specta::specta]
pub async fn render_preview(
    state: State<'_, Session>,
    text: String,
    path: Option<String>,
) -> Reply<Rendered> {
    // Without a library (none open yet) images are simply not checked.
    let library = state
        .library()
        .ok()
        .map(|lib| (lib.folder().to_path_buf(), lib.site()));
    off_the_window(move || {
        quire::render_preview(
            &text,
            path.as_deref(),
            crate::library_files::BASE,
            library
                .as_ref()
                .map(|(folder, site)| (folder.as_path(), &**site)),
        )
    })
    .await
}

/// Shows what an export wrote: its folder in the file manager, or with
/// `site` its index.html in the browser. Only a folder this library
/// exported to is opened.
#[tauri::command]
#[specta::specta]
pub async fn open_export(state: State<'_, Session>, out: String, site: bool) -> Reply<()> {
    let place = on_library(&state, move |lib| {
        lib.exported_place(std::path::Path::new(&out), site)
    })
    .await?;
    tauri_plugin_opener::open_path(place, None::<&str>)
        .map_err(|e| quire::Error::Invalid(format!("it could not be opened: {e}")).into())
}

/// The post a link in the post at `from` points to, if it is one here.
#[tauri::command]
#[specta::specta]
pub async fn post_for_link(
    state: State<'_, Session>,
    from: String,
    href: String,
) -> Reply<Option<PostSummary>> {
    on_library(&state, move |lib| lib.post_for_link(&from, &href)).await
}

/// Opens a web or mail link in the system's browser or mail app; the
/// address checked is the one opened.
#[tauri::command]
#[specta::specta]
pub fn open_external(url: String) -> Reply<()> {
    quire::external_link(&url)
        .ok_or_else(|| quire::Error::Invalid("only web and mail links open outside Quire".into()))
        .and_then(|url| {
            tauri_plugin_opener::open_url(url, None::<&str>)
                .map_err(|e| quire::Error::Invalid(format!("the link could not be opened: {e}")))
        })
        .map_err(CommandError::from)
}

/// How far a rescan is.
#[derive(Clone, Serialize, specta::Type)]
pub struct Progress {
    done: usize,
    total: usize,
}

/// Re-reads the library folder, reporting progress; `cancel_job` stops it.
#[tauri::command]
#[specta::specta]
pub async fn rescan_library(
    state: State<'_, Session>,
    on_progress: Channel<Progress>,
) -> Reply<ScanReport> {
    job(&state, move |lib, cancel| {
        lib.scan(
            &mut |done, total| drop(on_progress.send(Progress { done, total })),
            cancel,
        )
    })
    .await
}

/// Imports a folder of Markdown posts, reporting each file; `cancel_job` stops it.
#[tauri::command]
#[specta::specta]
pub async fn import_folder(
    state: State<'_, Session>,
    src: String,
    dry_run: bool,
    on_progress: Channel<ImportProgress>,
) -> Reply<ImportReport> {
    job(&state, move |lib, cancel| {
        lib.import(
            &folder_argument(&src, "type or choose the folder to import")?,
            ImportOptions { dry_run },
            &mut report_to(on_progress),
            cancel,
        )
    })
    .await
}

/// Opens another folder as the library, in place.
#[tauri::command]
#[specta::specta]
pub async fn open_library(state: State<'_, Session>, folder: String) -> Reply<LibraryInfo> {
    let session = state.inner().clone();
    off_the_window(move || {
        session.open_folder(&folder_argument(&folder, "choose the folder to open")?)
    })
    .await
}

/// Stops the running import, rescan or export after its current step.
#[tauri::command]
#[specta::specta]
pub fn cancel_job(state: State<'_, Session>) {
    state.cancel_job()
}

/// A post's earlier texts, newest first.
#[tauri::command]
#[specta::specta]
pub async fn list_revisions(state: State<'_, Session>, id: PostId) -> Reply<Vec<Revision>> {
    on_library(&state, move |lib| lib.revisions(id)).await
}

/// Names an earlier version, or (with no `revision_id`) the current text,
/// kept as a version first; an empty label removes a name. The versions then.
#[tauri::command]
#[specta::specta]
pub async fn label_version(
    state: State<'_, Session>,
    id: PostId,
    revision_id: Option<i64>,
    label: String,
) -> Reply<Vec<Revision>> {
    on_library(&state, move |lib| {
        lib.label_version(id, revision_id, &label)
    })
    .await
}

/// Brings back an earlier text; the current one is kept as a revision first.
#[tauri::command]
#[specta::specta]
pub async fn restore_revision(
    state: State<'_, Session>,
    id: PostId,
    revision_id: i64,
) -> Reply<Post> {
    on_library(&state, move |lib| lib.restore_revision(id, revision_id)).await
}

/// Ends a conflict with `chosen`, keeping the writer's and the outside text.
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    state: State<'_, Session>,
    id: PostId,
    mine: String,
    chosen: String,
) -> Reply<Post> {
    on_library(&state, move |lib| lib.resolve_conflict(id, &mine, &chosen)).await
}

/// Three-way merge of the writer's and the outside edit against their
/// base: both in one text, or null when they touch the same lines.
#[tauri::command]
#[specta::specta]
pub async fn merge_texts(base: String, mine: String, theirs: String) -> Reply<Option<String>> {
    off_the_window(move || quire::merge_texts(&base, &mine, &theirs)).await
}

/// Markdown for a site generator into `out`; `cancel_job` stops it.
#[tauri::command]
#[specta::specta]
pub async fn export_markdown(
    state: State<'_, Session>,
    out: String,
    flavor: Flavor,
    include_drafts: bool,
    tag: Option<String>,
    on_progress: Channel<ExportProgress>,
) -> Reply<ExportReport> {
    job(&state, move |lib, cancel| {
        lib.export_markdown(
            &folder_argument(&out, "type or choose the folder to export to")?,
            &quire::MarkdownExportOptions {
                flavor,
                include_drafts,
                tag: tag.filter(|t| !t.trim().is_empty()),
            },
            &mut report_to(on_progress),
            cancel,
        )
    })
    .await
}

/// The whole site as static HTML into `out`; `cancel_job` stops it.
#[tauri::command]
#[specta::specta]
pub async fn export_html(
    state: State<'_, Session>,
    out: String,
    base_url: Option<String>,
    title: Option<String>,
    include_drafts: bool,
    on_progress: Channel<ExportProgress>,
) -> Reply<ExportReport> {
    job(&state, move |lib, cancel| {
        lib.export_html(
            &folder_argument(&out, "type or choose the folder to export to")?,
            &quire::HtmlExportOptions {
                base_url: base_url.filter(|u| !u.trim().is_empty()),
                title: title.filter(|t| !t.trim().is_empty()),
                include_drafts,
                theme: None,
            },
            &mut report_to(on_progress),
            cancel,
        )
    })
    .await
}

/// One post as a self-contained HTML file at `out`, a full path the writer chose.
#[tauri::command]
#[specta::specta]
pub async fn export_post_html(
    state: State<'_, Session>,
    id: PostId,
    out: String,
) -> Reply<ExportReport> {
    on_library(&state, move |lib| {
        lib.export_post_html(id, &folder_argument(&out, "choose where to save the page")?)
    })
    .await
}

/// A post's body as sanitized HTML, for the clipboard.
#[tauri::command]
#[specta::specta]
pub async fn post_html(state: State<'_, Session>, id: PostId) -> Reply<String> {
    on_library(&state, move |lib| lib.post_html(id)).await
}

/// The UI reports its first post list on screen: logged once, with the
/// time since launch, for the log and for the start-up benchmark.
#[tauri::command]
#[specta::specta]
pub fn list_shown() {
    crate::startup::list_shown()
}
