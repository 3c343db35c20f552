// The only module that talks to Tauri. Views call these typed wrappers, never
// `invoke` directly, so the IPC contract with the Rust side lives in one place.
import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { getCurrentWindow } from '@tauri-apps/api/window';
import { open as openDialog, save as saveDialog } from '@tauri-apps/plugin-dialog';
import { toAppError } from './errors';

export type Status = 'draft' | 'scheduled' | 'published';

export interface PostSummary {
  id: number;
  slug: string;
  title: string;
  path: string;
  tags: string[];
  status: Status;
  date: string | null;
  updatedAt: string;
  /** Only from search: plain text with matches wrapped in <mark>…</mark>. Never trusted as HTML. */
  snippet: string | null;
  /**
   * Why the front matter could not be read (the fields then fell back to the file
   * name; the text is intact). Null when it read fine. Plain text, never HTML.
   */
  problem: string | null;
}

/** A post with its raw text (front matter included), the truth every other field derives from. */
export interface Post extends Omit<PostSummary, 'snippet'> {
  /** Why the front matter could not be read, or null. Plain text, never HTML. */
  problem: string | null;
  text: string;
  words: number;
  readingMinutes: number;
}

export interface TagCount {
  name: string;
  count: number;
}

export interface Preview {
  /** Already sanitized by the backend. */
  html: string;
  /** The front matter title: plain text, shown with textContent, never as HTML. */
  title: string | null;
  words: number;
  readingMinutes: number;
}

/** Counts of what the scan at opening found changed in the folder while Quire was closed. */
export interface ChangedWhileClosed {
  added: number;
  updated: number;
  renamed: number;
  trashed: number;
}

export interface LibraryInfo {
  folder: string;
  postCount: number;
  changedWhileClosed?: ChangedWhileClosed;
  /** When the library's database was damaged and made again from the folder: what happened, naming both files. */
  recovered?: string | null;
}

/** What the scan at start-up found. */
export interface LibraryScanned {
  changedWhileClosed: ChangedWhileClosed;
  recovered?: string | null;
}

export type ErrorKind = 'user' | 'retry' | 'bug';

export interface AppError {
  kind: ErrorKind;
  message: string;
}

/** Front matter fields the UI edits. `date` is 'YYYY-MM-DD'; null removes it. */
export interface PostFields {
  title?: string;
  tags?: string[];
  draft?: boolean;
  date?: string | null;
}

export interface ListFilter {
  tag: string | null;
  status: Status | null;
}

/** Where an import is: sent every 16 files and once at the end with done === total. */
export interface ImportProgress {
  done: number;
  total: number;
  /** The source file being read, relative to the imported folder. Untrusted text. */
  current: string;
}

/** Paths, reasons and messages come from the imported files: plain text, never HTML. */
export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  skipped: { path: string; reason: string }[];
  warnings: { path: string; message: string }[];
  /** The posts this run imported or updated, with their source file. */
  posts: { post: PostSummary; source: string }[];
}

/** The site generators a Markdown export lays its posts out for. */
export type MarkdownFlavor = 'hugo' | 'zola' | 'jekyll' | 'astro' | 'plain';

/** The parts of an export, in the order they run (a Markdown export has only posts). */
export type ExportPhase = 'posts' | 'pages' | 'tags';

/**
 * Where an export is: `done` of `total` items of the current phase, sent every
 * batch of each phase and once at the end with phase 'posts' and done === total.
 */
export interface ExportProgress {
  phase: ExportPhase;
  done: number;
  total: number;
  /** What is being written: a post's path in the library or a page's in the output. Untrusted text. */
  current: string;
}

/** What an export wrote. Paths and messages are plain text, never HTML. */
export interface ExportReport {
  posts: number;
  files: number;
  bytes: number;
  seconds: number;
  warnings: { path: string; message: string }[];
}

/** `export_markdown`'s arguments (the progress channel aside). */
export interface MarkdownExportOptions {
  out: string;
  flavor: MarkdownFlavor;
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

/** Why a revision was kept: the text before a change made in Quire, outside it, by an import, etc. */
export type RevisionSource = 'app' | 'external' | 'import' | 'conflict' | 'restore';

/** A post's text as it was before a change. */
export interface Revision {
  id: number;
  /** RFC 3339. */
  at: string;
  source: RevisionSource;
  /** Untrusted: shown with textContent only. */
  text: string;
}

/** The result of a three-way line merge: null when both sides changed the same lines. */
export interface MergeResult {
  merged: string | null;
}

export type LibraryChangeKind = 'created' | 'updated' | 'renamed' | 'deleted' | 'conflict';

/**
 * One post the folder watcher found changed outside Quire, already applied to the
 * database. `path` and `from` (the old path of a rename) are library-relative.
 */
export interface LibraryChange {
  kind: LibraryChangeKind;
  id: number;
  path: string;
  slug: string;
  from: string | null;
}

/** Every rejection is normalised to an AppError so callers can rely on `kind` and `message`. */
async function call<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
  try {
    return await invoke<T>(cmd, args);
  } catch (e) {
    throw toAppError(e);
  }
}

export const libraryInfo = () => call<LibraryInfo>('library_info');
/** The posts, newest first; only the first `limit` when given. */
export const listPosts = (filter: ListFilter, limit?: number) =>
  call<PostSummary[]>('list_posts', { filter, limit: limit ?? null });
export const searchPosts = (query: string, limit: number | null) =>
  call<PostSummary[]>('search_posts', { query, limit });
export const getPost = (id: number) => call<Post>('get_post', { id });
export const createPost = (title: string | null) => call<Post>('create_post', { title });
export const savePost = (id: number, text: string) => call<Post>('save_post', { id, text });
export const setPostFields = (id: number, text: string, fields: PostFields) =>
  call<Post>('set_post_fields', { id, text, fields });
export const deletePost = (id: number) => call<null>('delete_post', { id });
export const listTrash = () => call<PostSummary[]>('list_trash');
export const restorePost = (id: number) => call<Post>('restore_post', { id });
export const listTags = () => call<TagCount[]>('list_tags');
export const renameTag = (from: string, to: string) => call<TagCount[]>('rename_tag', { from, to });
/** `path`: the post's library-relative path, so its relative images show. */
export const renderPreview = (text: string, path?: string) =>
  call<Preview>('render_preview', { text, path: path ?? null });
/** The post's revisions, newest first. */
export const listRevisions = (id: number) => call<Revision[]>('list_revisions', { id });
/** Makes a revision the post's text again; the text it replaces is kept as a `restore` revision. */
export const restoreRevision = (id: number, revisionId: number) =>
  call<Post>('restore_revision', { id, revisionId });
/**
 * Settles a conflict: saves `chosen`, keeping the writer's text (`mine`) and the
 * outside text as `conflict` revisions when they differ from it.
 */
export const resolveConflict = (id: number, mine: string, chosen: string) =>
  call<Post>('resolve_conflict', { id, mine, chosen });
/** Three-way line merge of `mine` and `theirs`, both edited from `base`. */
export const mergeTexts = (base: string, mine: string, theirs: string) =>
  call<MergeResult>('merge_texts', { base, mine, theirs });
/** The backend opens https and mailto links in the system browser and refuses anything else. */
export const openExternal = (url: string) => call<null>('open_external', { url });

/**
 * Imports a folder of Markdown posts (or, with `dryRun`, only reports what it
 * would do). A cancelled import rejects with the message `cancelled`.
 */
export function importFolder(
  src: string,
  dryRun: boolean,
  onProgress: (progress: ImportProgress) => void,
): Promise<ImportReport> {
  const channel = new Channel<ImportProgress>(onProgress);
  return call<ImportReport>('import_folder', { src, dryRun, onProgress: channel });
}

/**
 * Opens another folder as the library in place (its posts stay where they are and
 * new ones follow its layout); the backend remembers it for the next start.
 */
export const openLibrary = (folder: string) => call<LibraryInfo>('open_library', { folder });

/** Stops the running import or export after its current file; what it wrote stays. */
export const cancelJob = () => call<null>('cancel_job');

/**
 * Writes the library's posts into `out` laid out for a site generator. The folder
 * must be empty or one Quire exported to before. A cancelled export rejects with
 * the message `cancelled`.
 */
export function exportMarkdown(
  options: MarkdownExportOptions,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportReport> {
  const channel = new Channel<ExportProgress>(onProgress);
  return call<ExportReport>('export_markdown', { ...options, onProgress: channel });
}

/** Writes the library as a static HTML site into `out`; folder rules and cancelling as for `exportMarkdown`. */
export function exportHtml(
  options: HtmlExportOptions,
  onProgress: (progress: ExportProgress) => void,
): Promise<ExportReport> {
  const channel = new Channel<ExportProgress>(onProgress);
  return call<ExportReport>('export_html', { ...options, onProgress: channel });
}

/** Writes one post as a single self-contained .html file at `out` (a file path). */
export const exportPostHtml = (id: number, out: string) => call<ExportReport>('export_post_html', { id, out });

/** The post's rendered body, already sanitized by the backend (for "Copy as HTML"). */
export const postHtml = (id: number) => call<string>('post_html', { id });

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
export async function onLibraryChanged(handler: (changes: LibraryChange[]) => void): Promise<() => void> {
  try {
    return await listen<{ changes: LibraryChange[] }>('library-changed', (event) => handler(event.payload.changes));
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
    return await listen<LibraryScanned>('library-scanned', (event) => handler(event.payload));
  } catch (e) {
    throw toAppError(e);
  }
}

/** The first post list is on screen (logged with the time since launch). */
export const listShown = () => call<null>('list_shown');
