//! The commands the UI may call. Each one parses its input, calls the core
//! off the async runtime, and maps the error; none holds logic of its own.

use std::sync::atomic::Ordering;
use std::sync::Arc;

use quire::{
    ErrorKind, ImportOptions, ImportProgress, ImportReport, Library, ListFilter, Post, PostFields,
    PostId, PostSummary, Rendered, Revision, SearchQuery, TagCount,
};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use tauri_plugin_opener::OpenerExt;

use crate::AppState;

/// Longest search a writer could mean; longer input is refused, not truncated.
const MAX_QUERY_CHARS: usize = 1_000;
const MAX_TITLE_CHARS: usize = 1_000;

/// What a rejected `invoke` gives the UI: a kind it acts on and a message it shows.
#[derive(Debug, Serialize)]
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

/// Runs core work on the blocking pool so the window never waits on disk or CPU.
async fn on_library<T: Send + 'static>(
    state: &State<'_, AppState>,
    work: impl FnOnce(&Library) -> quire::Result<T> + Send + 'static,
) -> Reply<T> {
    let slot = Arc::clone(&state.library);
    tauri::async_runtime::spawn_blocking(move || work(&*slot.get()?))
        .await
        .map_err(|e| quire::Error::Bug(format!("a background task failed: {e}")))?
        .map_err(CommandError::from)
}

/// `on_library` for bulk work (a scan, an import, an export): afterwards the
/// memory it filled (SQLite's page cache, the allocator's free pages) goes
/// back to the system, whether it succeeded or not.
async fn on_library_bulk<T: Send + 'static>(
    state: &State<'_, AppState>,
    work: impl FnOnce(&Library) -> quire::Result<T> + Send + 'static,
) -> Reply<T> {
    on_library(state, move |lib| {
        let result = work(lib);
        lib.release_memory();
        result
    })
    .await
}

/// The cancel flag for a long job about to start (one at a time), cleared.
fn new_job(state: &State<'_, AppState>) -> Arc<std::sync::atomic::AtomicBool> {
    let cancel = Arc::clone(&state.cancel_job);
    cancel.store(false, Ordering::Relaxed);
    cancel
}

fn invalid(message: &str) -> CommandError {
    quire::Error::Invalid(message.to_string()).into()
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LibraryInfo {
    folder: String,
    post_count: usize,
    /// What changed in the folder while Quire was not watching it.
    changed_while_closed: crate::ChangedWhileClosed,
    /// When the library's database was damaged and made again from the
    /// folder: what happened and where the damaged file is.
    recovered: Option<String>,
}

#[tauri::command]
pub async fn library_info(state: State<'_, AppState>) -> Reply<LibraryInfo> {
    let changed_while_closed = state
        .changed_while_closed
        .lock()
        .map(|c| *c)
        .unwrap_or_default();
    on_library(&state, move |lib| {
        Ok(LibraryInfo {
            folder: lib.folder().display().to_string(),
            post_count: lib.post_count()?,
            changed_while_closed,
            recovered: lib.recovered(),
        })
    })
    .await
}

#[tauri::command]
pub async fn list_posts(
    state: State<'_, AppState>,
    filter: ListFilter,
    limit: Option<usize>,
) -> Reply<Vec<PostSummary>> {
    on_library(&state, move |lib| match limit {
        Some(limit) => lib.list_first(&filter, limit),
        None => lib.list(&filter),
    })
    .await
}

#[tauri::command]
pub async fn search_posts(
    state: State<'_, AppState>,
    query: String,
    limit: Option<usize>,
) -> Reply<Vec<PostSummary>> {
    if query.chars().count() > MAX_QUERY_CHARS {
        return Err(invalid("that search is too long"));
    }
    let query = SearchQuery::parse(&query)?.with_prefix_last();
    on_library(&state, move |lib| {
        lib.search(&query, limit.unwrap_or(50).min(500))
    })
    .await
}

#[tauri::command]
pub async fn get_post(state: State<'_, AppState>, id: PostId) -> Reply<Post> {
    on_library(&state, move |lib| lib.get(id)).await
}

#[tauri::command]
pub async fn create_post(state: State<'_, AppState>, title: Option<String>) -> Reply<Post> {
    if title
        .as_ref()
        .is_some_and(|t| t.chars().count() > MAX_TITLE_CHARS)
    {
        return Err(invalid("that title is too long"));
    }
    on_library(&state, move |lib| lib.create(title.as_deref())).await
}

#[tauri::command]
pub async fn save_post(state: State<'_, AppState>, id: PostId, text: String) -> Reply<Post> {
    on_library(&state, move |lib| lib.save(id, &text)).await
}

#[tauri::command]
pub async fn set_post_fields(
    state: State<'_, AppState>,
    id: PostId,
    text: String,
    fields: PostFields,
) -> Reply<Post> {
    on_library(&state, move |lib| lib.set_fields(id, &text, &fields)).await
}

#[tauri::command]
pub async fn delete_post(state: State<'_, AppState>, id: PostId) -> Reply<()> {
    on_library(&state, move |lib| lib.trash(id)).await
}

#[tauri::command]
pub async fn list_trash(state: State<'_, AppState>) -> Reply<Vec<PostSummary>> {
    on_library(&state, |lib| lib.list_trash()).await
}

#[tauri::command]
pub async fn restore_post(state: State<'_, AppState>, id: PostId) -> Reply<Post> {
    on_library(&state, move |lib| lib.restore(id)).await
}

#[tauri::command]
pub async fn list_tags(state: State<'_, AppState>) -> Reply<Vec<TagCount>> {
    on_library(&state, |lib| lib.tags()).await
}

#[tauri::command]
pub async fn rename_tag(
    state: State<'_, AppState>,
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
pub async fn render_preview(text: String, path: Option<String>) -> Reply<Rendered> {
    tauri::async_runtime::spawn_blocking(move || {
        quire::render_preview(&text, path.as_deref(), crate::library_files::BASE)
    })
    .await
    .map_err(|e| quire::Error::Bug(format!("the preview failed: {e}")))?
    .map_err(Into::into)
}

#[tauri::command]
pub fn open_external(app: tauri::AppHandle, url: String) -> Reply<()> {
    // The address checked is the one opened.
    let Some(url) = quire::external_link(&url) else {
        return Err(invalid("only web and mail links open outside Quire"));
    };
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|e| quire::Error::Invalid(format!("the link could not be opened: {e}")).into())
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    done: usize,
    total: usize,
}

/// Re-reads the library folder, reporting progress; `cancel_job` stops it.
#[tauri::command]
pub async fn rescan_library(
    state: State<'_, AppState>,
    on_progress: Channel<Progress>,
) -> Reply<quire::ScanReport> {
    let cancel = new_job(&state);
    on_library_bulk(&state, move |lib| {
        lib.scan(
            &mut |done, total| drop(on_progress.send(Progress { done, total })),
            &cancel,
        )
    })
    .await
}

/// Imports a folder of Markdown posts, reporting each file; `cancel_job` stops it.
#[tauri::command]
pub async fn import_folder(
    state: State<'_, AppState>,
    src: String,
    dry_run: bool,
    on_progress: Channel<ImportProgress>,
) -> Reply<ImportReport> {
    if src.trim().is_empty() {
        return Err(invalid("type or choose the folder to import"));
    }
    let cancel = new_job(&state);
    on_library_bulk(&state, move |lib| {
        lib.import(
            std::path::Path::new(src.trim()),
            ImportOptions { dry_run },
            &mut |p| drop(on_progress.send(p.clone())),
            &cancel,
        )
    })
    .await
}

/// Opens another folder as the library, in place: its posts are indexed
/// where they are and edited in their own layout and front matter dialect.
#[tauri::command]
pub async fn open_library(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    folder: String,
) -> Reply<LibraryInfo> {
    let folder = std::path::PathBuf::from(folder.trim());
    if !folder.is_dir() {
        return Err(invalid("that folder does not exist"));
    }
    let opened = tauri::async_runtime::spawn_blocking(
        move || -> quire::Result<(Library, crate::ChangedWhileClosed)> {
            let data_dir = quire::default_data_dir()?;
            let library = Library::open(
                &folder,
                quire::OpenOptions {
                    data_dir: Some(data_dir.clone()),
                },
            )?;
            library.check_database()?;
            let report = library.scan(&mut |_, _| {}, &std::sync::atomic::AtomicBool::new(false));
            library.release_memory();
            let report = report?;
            quire::choose_library_folder(Some(library.folder()), &data_dir, library.folder())?;
            Ok((library, crate::ChangedWhileClosed::from(&report)))
        },
    )
    .await
    .map_err(|e| quire::Error::Bug(format!("opening the folder failed: {e}")))??;
    let (opened, changed_while_closed) = opened;
    if let Ok(mut slot) = state.changed_while_closed.lock() {
        *slot = changed_while_closed;
    }
    let info = LibraryInfo {
        folder: opened.folder().display().to_string(),
        post_count: opened.post_count()?,
        changed_while_closed,
        recovered: opened.recovered(),
    };
    let opened = Arc::new(opened);
    // The old folder's watcher stops before the new one starts.
    let mut watcher = state
        .watcher
        .lock()
        .map_err(|_| quire::Error::Bug("the watcher lock was poisoned".into()))?;
    if let Some(old) = watcher.take() {
        old.stop();
    }
    state.library.set(Arc::clone(&opened))?;
    *watcher = crate::watch(&app, opened);
    Ok(info)
}

/// Stops the running import or rescan after its current file.
#[tauri::command]
pub fn cancel_job(state: State<'_, AppState>) {
    state.cancel_job.store(true, Ordering::Relaxed);
}

/// A post's earlier texts, newest first.
#[tauri::command]
pub async fn list_revisions(state: State<'_, AppState>, id: PostId) -> Reply<Vec<Revision>> {
    on_library(&state, move |lib| lib.revisions(id)).await
}

/// Brings back an earlier text; the current one is kept as a revision first.
#[tauri::command]
pub async fn restore_revision(
    state: State<'_, AppState>,
    id: PostId,
    revision_id: i64,
) -> Reply<Post> {
    on_library(&state, move |lib| lib.restore_revision(id, revision_id)).await
}

/// Ends a conflict with `chosen`, keeping the writer's and the outside text.
#[tauri::command]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    id: PostId,
    mine: String,
    chosen: String,
) -> Reply<Post> {
    on_library(&state, move |lib| lib.resolve_conflict(id, &mine, &chosen)).await
}

#[derive(Serialize)]
pub struct Merged {
    merged: Option<String>,
}

/// Longest text a merge is asked to handle; the diff grows with both sides.
const MAX_MERGE_BYTES: usize = 8 << 20;

/// Three-way merge of the writer's and the outside edit against their base.
#[tauri::command]
pub async fn merge_texts(base: String, mine: String, theirs: String) -> Reply<Merged> {
    if [&base, &mine, &theirs]
        .iter()
        .any(|t| t.len() > MAX_MERGE_BYTES)
    {
        return Err(invalid(
            "these texts are too long to merge; choose one side",
        ));
    }
    tauri::async_runtime::spawn_blocking(move || Merged {
        merged: quire::merge3(&base, &mine, &theirs),
    })
    .await
    .map_err(|e| quire::Error::Bug(format!("a background task failed: {e}")).into())
}

/// Markdown for a site generator into `out`; `cancel_job` stops it.
#[tauri::command]
pub async fn export_markdown(
    state: State<'_, AppState>,
    out: String,
    flavor: quire::Flavor,
    include_drafts: bool,
    tag: Option<String>,
    on_progress: Channel<quire::ExportProgress>,
) -> Reply<quire::ExportReport> {
    let out = export_folder(&out)?;
    let cancel = new_job(&state);
    let options = quire::MarkdownExportOptions {
        flavor,
        include_drafts,
        tag: tag.filter(|t| !t.trim().is_empty()),
    };
    on_library_bulk(&state, move |lib| {
        lib.export_markdown(
            &out,
            &options,
            &mut |p| drop(on_progress.send(p.clone())),
            &cancel,
        )
    })
    .await
}

/// The whole site as static HTML into `out`; `cancel_job` stops it.
#[tauri::command]
pub async fn export_html(
    state: State<'_, AppState>,
    out: String,
    base_url: Option<String>,
    title: Option<String>,
    include_drafts: bool,
    on_progress: Channel<quire::ExportProgress>,
) -> Reply<quire::ExportReport> {
    let out = export_folder(&out)?;
    let cancel = new_job(&state);
    let options = quire::HtmlExportOptions {
        base_url: base_url.filter(|u| !u.trim().is_empty()),
        title: title.filter(|t| !t.trim().is_empty()),
        include_drafts,
        theme: None,
    };
    on_library_bulk(&state, move |lib| {
        lib.export_html(
            &out,
            &options,
            &mut |p| drop(on_progress.send(p.clone())),
            &cancel,
        )
    })
    .await
}

/// One post as a self-contained HTML file.
#[tauri::command]
pub async fn export_post_html(
    state: State<'_, AppState>,
    id: PostId,
    out: String,
) -> Reply<quire::ExportReport> {
    let out = std::path::PathBuf::from(out.trim());
    if !out.is_absolute() || out.file_name().is_none() {
        return Err(invalid("choose where to save the page"));
    }
    on_library(&state, move |lib| lib.export_post_html(id, &out)).await
}

/// A post's body as sanitized HTML, for the clipboard.
#[tauri::command]
pub async fn post_html(state: State<'_, AppState>, id: PostId) -> Reply<String> {
    on_library(&state, move |lib| lib.post_html(id)).await
}

/// An export goes to an absolute folder the writer named.
fn export_folder(out: &str) -> Reply<std::path::PathBuf> {
    let out = std::path::PathBuf::from(out.trim());
    if out.as_os_str().is_empty() {
        return Err(invalid("type or choose the folder to export to"));
    }
    if !out.is_absolute() {
        return Err(invalid("give the export folder's full path"));
    }
    Ok(out)
}

/// When Quire's process began (set first thing in `main`).
pub static LAUNCHED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// The UI reports its first post list on screen: logged once, with the time
/// since launch, for the log and for the start-up benchmark.
#[tauri::command]
pub fn list_shown() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let ms = LAUNCHED.get().map_or(0, |t| t.elapsed().as_millis());
        tracing::info!("the post list is shown, {ms} ms after launch");
        if let Ok(mut shown) = LIST_SHOWN.0.lock() {
            *shown = true;
            LIST_SHOWN.1.notify_all();
        }
    });
}

/// Set once the first post list is on screen.
static LIST_SHOWN: (std::sync::Mutex<bool>, std::sync::Condvar) =
    (std::sync::Mutex::new(false), std::sync::Condvar::new());

/// Waits until the first post list is on screen, or `timeout` has passed.
pub fn wait_for_list_shown(timeout: std::time::Duration) {
    if let Ok(shown) = LIST_SHOWN.0.lock() {
        let _ = LIST_SHOWN
            .1
            .wait_timeout_while(shown, timeout, |shown| !*shown);
    }
}
