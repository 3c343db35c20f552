// The only module that talks to Tauri. Views call these wrappers, never
// `invoke` directly. The commands, their argument and result types and the
// events are generated from Rust into `bindings.ts` (see src-tauri/src/ipc.rs);
// this module only adapts them to the UI: errors normalised, progress
// callbacks as channels, events as handlers.
import { Channel } from '@tauri-apps/api/core';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import * as bindings from './bindings';
import { commands, events } from './bindings';
import { toAppError } from './errors';

// What Rust sends is its `_Serialize` shape; what the UI sends, `_Deserialize`.
export type Post = bindings.Post_Serialize;
export type PostSummary = bindings.PostSummary_Serialize;
export type LibraryInfo = bindings.LibraryInfo_Serialize;
export type LibraryScanned = bindings.LibraryScanned_Serialize;
export type Rendered = bindings.Rendered_Serialize;
export type ImportReport = bindings.ImportReport_Serialize;
export type Change = bindings.Change_Serialize;
export type PostFields = bindings.PostFields_Deserialize;
export type ListFilter = bindings.ListFilter_Deserialize;
export type {
  ChangedWhileClosed,
  ChangeKind,
  ErrorKind,
  ExportPhase,
  ExportProgress,
  ExportReport,
  Flavor,
  ImportProgress,
  Revision,
  RevisionSource,
  Status,
  TagCount,
} from './bindings';

/** A rejected call, normalised: a kind the UI acts on and a message it shows. */
export type AppError = bindings.CommandError;

/** `export_markdown`'s arguments (the progress channel aside). */
export interface MarkdownExportOptions {
  out: string;
  flavor: bindings.Flavor;
  includeDrafts: boolean;
  /** Only the posts with this tag (any case); null for every post. */
  tag: string | null;
}

/** `export_html`'s arguments (the progress channel aside). */
export interface HtmlExportOptions {
  out: string;
  /** Where the site will be served; the feed and the sitemap need it. */
  baseUrl: string | null;
  title: string | null;
  includeDrafts: boolean;
}

/** Every rejection is normalised to an AppError so callers can rely on `kind` and `message`. */
async function call<T>(pending: Promise<T>): Promise<T> {
  try {
    return await pending;
  } catch (e) {
    throw toAppError(e);
  }
}

export const libraryInfo = () => call(commands.libraryInfo());
/** The posts, newest first; only the first `limit` when given. */
export const listPosts = (filter: ListFilter, limit?: number) => call(commands.listPosts(filter, limit ?? null));
export const searchPosts = (query: string, limit: number | null) => call(commands.searchPosts(query, limit));
export const getPost = (id: number) => call(commands.getPost(id));
export const createPost = (title: string | null) => call(commands.createPost(title));
/** Stores the text; resolves to the fields derived from it (not the text, which the caller has). */
export const savePost = (id: number, text: string) => call(commands.savePost(id, text));
/** Keeps the text as the post's pending version while saving it is paused (a conflict waits). */
export const keepPendingText = (id: number, text: string) => call(commands.keepPendingText(id, text));
/** The writer left a post: an empty new one (no file yet) is dropped; true when it was. */
export const leavePost = (id: number) => call(commands.leavePost(id));
export const setPostFields = (id: number, text: string, fields: PostFields) =>
  call(commands.setPostFields(id, text, fields));
export const deletePost = (id: number) => call(commands.deletePost(id));
export const listTrash = () => call(commands.listTrash());
export const restorePost = (id: number) => call(commands.restorePost(id));
/** Every category with its post count (none where the library's dialect has no categories). */
export const listCategories = () => call(commands.listCategories());
export const listTags = () => call(commands.listTags());
export const renameTag = (from: string, to: string) => call(commands.renameTag(from, to));
/** `path`: the post's library-relative path, so its relative images show. */
export const renderPreview = (text: string, path?: string) => call(commands.renderPreview(text, path ?? null));
/** The post's revisions, newest first. */
export const listRevisions = (id: number) => call(commands.listRevisions(id));
/** The post a link in the post at `from` points to, or null. */
export const postForLink = (from: string, href: string) => call(commands.postForLink(from, href));
/** Names a version (`revisionId` null: the text as it is now, kept as a version); '' removes a name. */
export const labelVersion = (id: number, revisionId: number | null, label: string) =>
  call(commands.labelVersion(id, revisionId, label));
/** Makes a revision the post's text again; the text it replaces is kept as a `restore` revision. */
export const restoreRevision = (id: number, revisionId: number) => call(commands.restoreRevision(id, revisionId));
/**
 * Settles a conflict: saves `chosen`, keeping the writer's text (`mine`) and the
 * outside text as `conflict` revisions when they differ from it.
 */
export const resolveConflict = (id: number, mine: string, chosen: string) =>
  call(commands.resolveConflict(id, mine, chosen));
/** Three-way line merge of `mine` and `theirs`, both edited from `base`; null when they overlap. */
export const mergeTexts = (base: string, mine: string, theirs: string) =>
  call(commands.mergeTexts(base, mine, theirs));
/** The backend opens https and mailto links in the system browser and refuses anything else. */
export const openExternal = (url: string) => call(commands.openExternal(url));

/**
 * Imports a folder of Markdown posts (or, with `dryRun`, only reports what it
 * would do). A cancelled import rejects with the message `cancelled`.
 */
export const importFolder = (src: string, dryRun: boolean, onProgress: (progress: bindings.ImportProgress) => void) =>
  call(commands.importFolder(src, dryRun, new Channel(onProgress)));

/**
 * Opens another folder as the library in place (its posts stay where they are and
 * new ones follow its layout); the backend remembers it for the next start.
 */
export const openLibrary = (folder: string) => call(commands.openLibrary(folder));

/** Stops the running import or export after its current file; what it wrote stays. */
export const cancelJob = () => call(commands.cancelJob());

/**
 * Writes the library's posts into `out` laid out for a site generator. The folder
 * must be empty or one Quire exported to before. A cancelled export rejects with
 * the message `cancelled`.
 */
export const exportMarkdown = (o: MarkdownExportOptions, onProgress: (progress: bindings.ExportProgress) => void) =>
  call(commands.exportMarkdown(o.out, o.flavor, o.includeDrafts, o.tag, new Channel(onProgress)));

/** Writes the library as a static HTML site into `out`; folder rules and cancelling as for `exportMarkdown`. */
export const exportHtml = (o: HtmlExportOptions, onProgress: (progress: bindings.ExportProgress) => void) =>
  call(commands.exportHtml(o.out, o.baseUrl, o.title, o.includeDrafts, new Channel(onProgress)));

/** Writes one post as a single self-contained .html file at `out` (a file path). */
export const exportPostHtml = (id: number, out: string) => call(commands.exportPostHtml(id, out));

/**
 * Shows what an export wrote: the folder in the file manager, or with `site` its
 * index.html in the browser. The backend opens only a folder this library exported to.
 */
export const openExport = (out: string, site: boolean) => call(commands.openExport(out, site));

/** The post's rendered body, already sanitized by the backend (for "Copy as HTML"). */
export const postHtml = (id: number) => call(commands.postHtml(id));

/** The native folder picker; null when the writer dismissed it. */
export async function chooseFolder(title = 'Choose a folder to import'): Promise<string | null> {
  try {
    const picked = await openDialog({ directory: true, multiple: false, title });
    return typeof picked === 'string' ? picked : null;
  } catch (e) {
    throw toAppError(e);
  }
}

/** The native save-file picker; null when the writer dismissed it. */
export async function chooseSaveFile(options: {
  title: string;
  defaultPath: string;
  filters: { name: string; extensions: string[] }[];
}): Promise<string | null> {
  try {
    const picked = await saveDialog(options);
    return typeof picked === 'string' ? picked : null;
  } catch (e) {
    throw toAppError(e);
  }
}

/**
 * Runs `beforeClose` when the writer closes the window, and closes it once that
 * resolves. If it resolves to false the window stays open (e.g. a save failed).
 */
export async function onWindowClose(beforeClose: () => Promise<boolean>): Promise<void> {
  await getCurrentWindow().onCloseRequested(async (event) => {
    const ok = await beforeClose().catch(() => false);
    if (!ok) event.preventDefault();
  });
}

/**
 * Calls `handler` each time the folder watcher has applied outside changes to the
 * database. Resolves to a function that stops listening.
 */
export async function onLibraryChanged(handler: (changes: Change[]) => void): Promise<() => void> {
  try {
    return await events.libraryChanged.listen((event) => handler(event.payload.changes as Change[]));
  } catch (e) {
    throw toAppError(e);
  }
}

/**
 * Calls `handler` once the scan at start-up has caught up with the folder, with
 * what it found changed while Quire was closed (its changes also arrive through
 * `onLibraryChanged`) and whether the database had to be made again.
 */
export async function onLibraryScanned(handler: (scanned: LibraryScanned) => void): Promise<() => void> {
  try {
    return await events.libraryScanned.listen((event) => handler(event.payload as LibraryScanned));
  } catch (e) {
    throw toAppError(e);
  }
}

/** The first post list is on screen (logged with the time since launch). */
export const listShown = () => call(commands.listShown());
