// Wires the panes together and owns the open post: loading and switching posts,
// autosave, front matter edits, the preview, edits made outside Quire (reloads,
// conflicts, deletions), history, export, shortcuts and the close guard.
import * as api from './api';
import type { ImportReport, LibraryChange, LibraryInfo, MergeResult, Post, PostFields, Preview, TagCount } from './api';
import { AutoSaver } from './autosaver';
import { browserClipboard, copyHtml } from './clipboard';
import { Coalescer } from './coalescer';
import { Editor, type ThemeName } from './editor';
import { toAppError } from './errors';
import {
  defaultPostFile,
  readExportMemory,
  rememberPostFile,
  writeExportMemory,
  type StorageLike,
} from './exportSettings';
import { postExportedMessage } from './exportSummary';
import { isMac, shortcutFor } from './keys';
import { closedChangesMessage, openedMessage, recoveredMessage } from './libraryOpen';
import { decide, mergeEvents, openPostEvent, outsideText, type OpenPostEvent } from './librarySync';
import { adjacentId, neighbourAfterRemoving } from './listNav';
import { isFiltered } from './postFilter';
import { sameTags } from './tags';
import { rebase } from './textDiff';
import { ConflictBanner } from './views/conflictBanner';
import { ExportDialog } from './views/exportDialog';
import { HistoryPanel } from './views/historyPanel';
import { ImportDialog } from './views/importDialog';
import { LibraryDialog } from './views/libraryDialog';
import { MenuButton } from './views/menuButton';
import { PostFieldsView } from './views/postFields';
import { PostList } from './views/postList';
import { PostProblemNotice } from './views/postProblem';
import { PreviewPane, timed } from './views/preview';
import { Sidebar } from './views/sidebar';
import { StatusBar } from './views/statusBar';
import { TagRename } from './views/tagRename';
import { Toasts } from './views/toasts';
import { TrashView } from './views/trash';

interface OpenPost {
  id: number;
  /** The post as the backend last returned it. */
  post: Post;
  saver: AutoSaver;
  /** Field edits not yet sent. */
  pending: PostFields;
  /**
   * Set while the conflict banner asks the writer: the outside text, and the text
   * both sides last agreed on (the base of a merge).
   */
  conflict: { theirs: string; base: string } | null;
  /** Deleted outside Quire with unsaved edits: shown read-only until restored or left. */
  gone: boolean;
}

/** What happened outside to the open post, waiting to be handled. */
interface PendingOutside {
  id: number;
  event: OpenPostEvent;
  /** Where to go if it was deleted, worked out before the list drops it. */
  neighbour: number | null;
}

type ConflictChoice = 'mine' | 'theirs' | 'merge';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

/** localStorage, or null where the webview refuses it (then nothing is remembered). */
function localStore(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');
const themeNow = (): ThemeName => (darkQuery().matches ? 'dark' : 'light');

/** Posts listed first at start-up, so a big library shows before it is all read. */
const FIRST_PAGE = 200;

export class App {
  private open: OpenPost | null = null;
  /** Bumped by every navigation so a slower, older one cannot win. */
  private navigation = 0;
  /** The post a navigation in flight is heading to, so repeated Alt-Down keeps going. */
  private heading: number | null = null;
  private closeAnyway = false;
  private listRefreshTimer: ReturnType<typeof setTimeout> | null = null;
  private outside: PendingOutside | null = null;
  /** The open post is being stored before another is shown. */
  private leaving = false;
  /** The conflict choice being stored, so leaving the post waits for it. */
  private resolution: Promise<boolean> | null = null;
  private conflictRefreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** The open library's folder, as the backend names it ('' until known). */
  private libraryFolder = '';

  private readonly toasts = new Toasts(byId('toasts'));
  /** The repair notice already shown, so start-up and the scan do not both show it. */
  private repairAnnounced: string | null = null;
  private readonly status = new StatusBar(
    byId('status-words'),
    byId('status-reading'),
    byId('status-saved'),
    byId('status-library'),
  );
  private readonly list: PostList;
  private readonly sidebar: Sidebar;
  private readonly trash: TrashView;
  private readonly tagRename: TagRename;
  private readonly importDialog: ImportDialog;
  private readonly exportDialog: ExportDialog;
  private readonly libraryDialog: LibraryDialog;
  private readonly fields: PostFieldsView;
  private readonly editor: Editor;
  private readonly preview: PreviewPane;
  private readonly render: Coalescer<string, Preview>;
  private readonly conflictBanner: ConflictBanner;
  private readonly history: HistoryPanel;
  /** List, tags, counts and trash after outside changes: one refresh at a time, bursts coalesce. */
  private readonly libraryRefresh: Coalescer<null, void>;
  /** The open post after outside changes, one at a time. */
  private readonly outsideSync: Coalescer<null, void>;
  private readonly mergeCheck: Coalescer<{ base: string; mine: string; theirs: string }, MergeResult>;
  private readonly historyButton = byId<HTMLButtonElement>('history-open');
  /** "More": the open post's Copy as HTML and Export as HTML…. */
  private readonly postMenu: MenuButton;

  private readonly fieldsHeader = byId('post-fields');
  private readonly problem = new PostProblemNotice(byId('post-problem'));
  private readonly editorHost = byId('editor');
  private readonly emptyState = byId('empty-state');

  constructor() {
    const listEl = byId('post-list');
    this.list = new PostList(listEl, (id) => void this.openPost(id));
    this.sidebar = new Sidebar(
      {
        search: byId('search'),
        tagFilter: byId('filter-tag'),
        statusFilter: byId('filter-status'),
        empty: byId('list-empty'),
      },
      this.list,
      listEl,
      {
        leaveSearch: () => (this.open ? this.editor.focus() : listEl.focus()),
        openFirst: (id) => void this.openPost(id).then((ok) => ok && this.editor.focus()),
        loaded: () => this.list.select(this.open?.id ?? null),
        failed: (e) => this.toasts.error(e, 'Could not load posts'),
        filterChanged: () => this.tagRename.setTag(this.sidebar.filter.tag),
      },
    );
    this.tagRename = new TagRename(
      {
        tools: byId('tag-tools'),
        open: byId('rename-tag'),
        form: byId('rename-tag-form'),
        input: byId('rename-tag-input'),
        save: byId('rename-tag-save'),
        cancel: byId('rename-tag-cancel'),
      },
      (from, to) => this.renameTag(from, to),
    );
    this.trash = new TrashView(byId('show-trash'), byId('trash-panel'), byId('trash-list'), byId('posts-section'), {
      load: () => this.attempt(api.listTrash(), 'Could not open the trash'),
      restore: (id) => this.restore(id),
    });
    this.fields = new PostFieldsView(
      {
        title: byId('title'),
        tagChips: byId('tag-chips'),
        tagsInput: byId('tags-input'),
        tagSuggestions: byId('tag-suggestions'),
        draft: byId('draft-switch'),
        draftLabel: byId('post-status'),
        date: byId('date'),
        remove: byId('delete-post'),
      },
      (fields) => this.changeFields(fields),
    );
    this.editor = new Editor(this.editorHost, {
      theme: themeNow(),
      onChange: () => this.onDocChange(),
      onScroll: (fraction) => this.preview.syncTo(fraction),
    });
    this.preview = new PreviewPane(byId('preview'), byId('preview-pane'), (url) => {
      void this.attempt(api.openExternal(url), 'Could not open the link');
    });
    this.render = new Coalescer<string, Preview>(
      (text) => {
        const asked = performance.now();
        return api
          .renderPreview(text, this.open?.post.path)
          .finally(() => timed('quire:preview-ipc', asked, performance.now()));
      },
      (p) => {
        this.preview.show(p.html, p.title);
        this.status.setCountsSoon(p.words, p.readingMinutes);
      },
      (e) => this.toasts.error(toAppError(e), 'Preview failed'),
    );

    this.importDialog = new ImportDialog(
      {
        dialog: byId('import-dialog'),
        form: byId('import-form'),
        path: byId('import-path'),
        browse: byId('import-browse'),
        dryRun: byId('import-dry-run'),
        start: byId('import-start'),
        close: byId('import-close'),
        cancel: byId('import-cancel'),
        running: byId('import-running'),
        progress: byId('import-progress'),
        count: byId('import-count'),
        current: byId('import-current'),
        error: byId('import-error'),
        report: byId('import-report'),
        summary: byId('import-summary'),
        details: byId('import-details'),
      },
      {
        run: (src, dryRun, onProgress) => api.importFolder(src, dryRun, onProgress),
        cancel: () => api.cancelJob(),
        choose: () => api.chooseFolder(),
        countPosts: async () => (await api.libraryInfo()).postCount,
        changed: (report) => void this.afterImport(report),
      },
    );

    this.exportDialog = new ExportDialog(
      {
        dialog: byId('export-dialog'),
        form: byId('export-form'),
        format: byId('export-format'),
        formatHint: byId('export-format-hint'),
        path: byId('export-path'),
        browse: byId('export-browse'),
        includeDrafts: byId('export-include-drafts'),
        markdownOptions: byId('export-markdown-options'),
        tag: byId('export-tag'),
        htmlOptions: byId('export-html-options'),
        baseUrl: byId('export-base-url'),
        title: byId('export-title'),
        start: byId('export-start'),
        close: byId('export-close'),
        cancel: byId('export-cancel'),
        running: byId('export-running'),
        progress: byId('export-progress'),
        count: byId('export-count'),
        current: byId('export-current'),
        error: byId('export-error'),
        report: byId('export-report'),
        summary: byId('export-summary'),
        where: byId('export-where'),
        details: byId('export-details'),
      },
      {
        choose: () => api.chooseFolder('Choose a folder to export to'),
        library: () => this.libraryFolder,
        loadMemory: () => readExportMemory(localStore()),
        saveMemory: (memory) => void writeExportMemory(localStore(), memory),
        run: async (request, onProgress) => {
          // The export reads what is stored: the open post's latest edits go first.
          await this.flushQuietly();
          return request.kind === 'html'
            ? api.exportHtml(request.options, onProgress)
            : api.exportMarkdown(request.options, onProgress);
        },
        cancel: () => api.cancelJob(),
      },
    );

    this.libraryDialog = new LibraryDialog(
      {
        dialog: byId('library-dialog'),
        form: byId('library-form'),
        path: byId('library-path'),
        browse: byId('library-browse'),
        confirm: byId('library-open-confirm'),
        cancel: byId('library-cancel'),
        error: byId('library-error'),
      },
      {
        choose: () => api.chooseFolder('Open a folder as your library'),
        // Exactly what switching posts does: store the open post or stay put.
        leave: () => {
          ++this.navigation;
          return this.leaveOpenPost();
        },
        open: async (folder) => {
          try {
            return await api.openLibrary(folder);
          } catch (e) {
            // Nothing switched: the open post stays editable.
            this.editor.setLocked(this.open === null);
            throw e;
          }
        },
        opened: (info) => void this.afterLibraryOpen(info),
      },
    );

    this.conflictBanner = new ConflictBanner(
      {
        banner: byId('conflict-banner'),
        diff: byId('conflict-diff'),
        keepMine: byId('conflict-keep-mine'),
        takeTheirs: byId('conflict-take-theirs'),
        merge: byId('conflict-merge'),
        mergeNote: byId('conflict-merge-note'),
      },
      {
        keepMine: () => void this.chooseVersion('mine'),
        takeTheirs: () => void this.chooseVersion('theirs'),
        merge: () => void this.chooseVersion('merge'),
      },
    );
    this.mergeCheck = new Coalescer(
      ({ base, mine, theirs }) => api.mergeTexts(base, mine, theirs),
      (result, input) => {
        const conflict = this.open?.conflict;
        if (conflict?.theirs === input.theirs && this.editor.getText() === input.mine) {
          this.conflictBanner.setMerge(result.merged === null ? 'clashes' : 'possible');
        }
      },
      () => this.conflictBanner.setMerge('unknown'),
    );
    this.history = new HistoryPanel(
      {
        dialog: byId('history-panel'),
        subtitle: byId('history-post'),
        list: byId('history-list'),
        empty: byId('history-empty'),
        diff: byId('history-diff'),
        status: byId('history-status'),
        error: byId('history-error'),
        restore: byId('history-restore'),
        close: byId('history-close'),
      },
      {
        load: async () => (this.open ? api.listRevisions(this.open.id) : []),
        current: () => this.editor.getText(),
        restore: (revisionId) => this.restoreRevision(revisionId),
      },
    );
    this.libraryRefresh = new Coalescer(
      () => this.refreshAfterOutsideChanges(),
      () => undefined,
    );
    this.outsideSync = new Coalescer(
      () => this.syncOpenPost(),
      () => undefined,
      (e) => this.toasts.error(toAppError(e), 'Could not reload the post'),
    );

    byId('new-post').addEventListener('click', () => void this.newPost());
    this.historyButton.addEventListener('click', () => this.openHistory());
    byId('library-open').addEventListener('click', () => this.openLibraryDialog());
    byId('import-open').addEventListener('click', () => this.importDialog.open());
    byId('export-open').addEventListener('click', () => this.openExportDialog());
    this.postMenu = new MenuButton(byId('post-more'), byId('post-menu'), {
      'post-copy-html': () => this.copyOpenPostHtml(),
      'post-export-html': () => void this.exportOpenPostHtml(),
    });
    byId('empty-import').addEventListener('click', () => this.importDialog.open());
    byId('empty-new-post').addEventListener('click', () => void this.newPost());
    byId('delete-post').addEventListener('click', () => void this.deleteOpenPost());
    this.installGlobalHandlers();
  }

  async start(): Promise<void> {
    // The list is what the writer waits for: asked for before the window's
    // first layout (showNothing), so the backend reads it meanwhile, and
    // shown before the rest (the library's folder, the tag filter) is asked.
    const listing = this.sidebar.refresh(FIRST_PAGE);
    const library = this.attempt(api.libraryInfo(), 'Could not open the library');
    this.showNothing(true);
    const nav = this.navigation;
    const posts = await listing;
    // Once painted: the log (and the start-up benchmark) learn when.
    requestAnimationFrame(() => void api.listShown().catch(() => undefined));
    void this.refreshTags();
    // The rest of a big library follows its first page.
    if (posts && posts.length >= FIRST_PAGE) void this.sidebar.refresh();
    // What changed while Quire was closed is told once the folder is scanned
    // (onLibraryScanned), after this list is shown.
    const info = await library;
    if (info) {
      this.showLibrary(info);
      // Repaired at open, before this window could hear of it.
      this.announceRepair(info.recovered);
    }
    // The writer may already have opened or created a post while this loaded.
    if (nav !== this.navigation || posts === null) return;
    if (posts.length === 0 || !(await this.openPostOrNothing(posts[0].id))) this.showNothing(false);
  }

  // ---- opening, creating, deleting ------------------------------------------------

  async openPost(id: number): Promise<boolean> {
    if (this.open?.id === id && this.heading === null) {
      this.list.select(id);
      return true;
    }
    const nav = ++this.navigation;
    this.heading = id;
    try {
      if (!(await this.leaveOpenPost())) return false;
      if (nav !== this.navigation) return false;
      // The row is marked while the post is read: its repaint is done before
      // the editor's, not in the same frame (without a GPU one frame that
      // changes both the list and the editor repaints the box around both).
      this.list.select(id);
      let post: Post;
      try {
        post = await api.getPost(id);
      } catch (e) {
        if (nav === this.navigation) {
          this.list.select(this.open?.id ?? null);
          this.editor.setLocked(this.open === null);
          this.toasts.error(toAppError(e), 'Could not open the post');
        }
        return false;
      }
      if (nav !== this.navigation) return false;
      this.show(post);
      return true;
    } finally {
      if (nav === this.navigation) this.heading = null;
    }
  }

  async newPost(): Promise<void> {
    const nav = ++this.navigation;
    if (!(await this.leaveOpenPost())) return;
    let post: Post;
    try {
      post = await api.createPost(null);
    } catch (e) {
      this.editor.setLocked(this.open === null);
      this.toasts.error(toAppError(e), 'Could not create a post');
      return;
    }
    this.trash.close();
    // Show every post again so the new one is in the list.
    this.sidebar.reset();
    this.tagRename.setTag(null);
    if (nav === this.navigation) this.show(post);
    await this.sidebar.refresh();
    void this.refreshTags();
    if (this.open?.id === post.id) this.fields.focusTitle(true);
  }

  private async deleteOpenPost(): Promise<void> {
    const open = this.open;
    if (!open) return;
    const nav = ++this.navigation;
    if (!(await this.leaveOpenPost())) return;
    const next = neighbourAfterRemoving(this.list.ids(), open.id);
    try {
      await api.deletePost(open.id);
    } catch (e) {
      this.editor.setLocked(false);
      this.toasts.error(toAppError(e), 'Could not delete the post');
      return;
    }
    open.saver.dispose();
    this.open = null;
    const title = open.post.title.trim() || 'Untitled';
    this.toasts.show(`Moved “${title}” to the trash.`, {
      action: { label: 'Undo', run: () => void this.restore(open.id) },
    });
    const posts = await this.sidebar.refresh();
    void this.refreshTags();
    void this.trash.reload();
    if (nav !== this.navigation) return;
    const target = next !== null && posts?.some((p) => p.id === next) ? next : posts?.[0]?.id;
    if (target === undefined || !(await this.openPostOrNothing(target))) this.showNothing(false);
  }

  /**
   * Opens a post; false only when it failed and nothing newer took over, i.e. when
   * the caller should show the empty pane.
   */
  private async openPostOrNothing(id: number): Promise<boolean> {
    const before = this.navigation;
    if (await this.openPost(id)) return true;
    return this.navigation !== before + 1 || this.open !== null;
  }

  private async restore(id: number): Promise<void> {
    const post = await this.attempt(api.restorePost(id), 'Could not restore the post');
    if (!post) return;
    this.trash.close();
    this.sidebar.reset();
    this.tagRename.setTag(null);
    await this.sidebar.refresh();
    void this.refreshTags();
    await this.openPost(post.id);
  }

  /**
   * A real import ended (finished, cancelled or failed part way): show every post
   * again with the new tags, reload the open post if the import rewrote it, and
   * open the newest post if none was open (the library was empty).
   */
  private async afterImport(report: ImportReport | null): Promise<void> {
    const nav = this.navigation;
    const open = this.open;
    this.trash.close();
    this.sidebar.reset();
    this.tagRename.setTag(null);
    void this.refreshTags();
    void api.libraryInfo().then(
      (info) => this.showLibrary(info),
      () => undefined,
    );
    const posts = await this.sidebar.refresh();
    if (open && this.open === open && report?.posts.some((p) => p.post.id === open.id)) {
      await this.reloadOpenPost(open);
    }
    if (open || this.open || nav !== this.navigation || !posts?.length) return;
    if (!(await this.openPostOrNothing(posts[0].id))) this.showNothing(false);
  }

  private openLibraryDialog(): void {
    if (this.importDialog.isOpen || this.exportDialog.isOpen) return;
    this.libraryDialog.open();
  }

  /** Tells once that the library's database was made again, and where the damaged one went. */
  private announceRepair(recovered: string | null | undefined): void {
    const message = recoveredMessage(recovered);
    if (!message || message === this.repairAnnounced) return;
    this.repairAnnounced = message;
    this.toasts.show(message, { tone: 'error', timeoutMs: 30000 });
  }

  private showLibrary(info: LibraryInfo): void {
    this.libraryFolder = info.folder;
    this.status.setLibrary(info.folder, info.postCount);
  }

  /**
   * Another folder is now the library, or this one's database was made again (its
   * post ids are new): forget the old post (already stored), clear search and
   * filters, reload tags and posts, and open the newest post.
   */
  private async afterLibraryOpen(info: LibraryInfo, announce = true): Promise<void> {
    const nav = ++this.navigation;
    this.heading = null;
    this.closeAnyway = false;
    if (this.listRefreshTimer !== null) clearTimeout(this.listRefreshTimer);
    this.listRefreshTimer = null;
    // Whatever the old folder's watcher reported is about posts no longer shown.
    this.outside = null;
    this.libraryRefresh.reset();
    this.outsideSync.reset();
    this.showNothing(true);
    this.trash.close();
    this.sidebar.reset();
    this.tagRename.setTag(null);
    this.showLibrary(info);
    if (announce) this.toasts.show(openedMessage(info));
    this.announceRepair(info.recovered);
    void this.refreshTags();
    const posts = await this.sidebar.refresh();
    if (nav !== this.navigation) return;
    if (!posts?.length) {
      this.showNothing(false);
      return;
    }
    if (await this.openPostOrNothing(posts[0].id)) {
      if (this.open) this.editor.focus();
    } else {
      this.showNothing(false);
    }
  }

  /** Stores the open post before another is shown; false (and staying put) if that failed. */
  private async leaveOpenPost(): Promise<boolean> {
    const open = this.open;
    // A post deleted outside has nowhere to store its edits; its notice offered Restore.
    if (!open || open.gone) return true;
    this.fields.commitPending();
    if (!(await this.settleConflict(open))) return false;
    this.editor.setLocked(true);
    this.leaving = true;
    const ok = await open.saver.flush().finally(() => {
      this.leaving = false;
    });
    if (!ok) {
      this.editor.setLocked(false);
      this.toasts.show('This post could not be saved, so it stays open. Quire keeps trying.', { tone: 'error' });
      // It stays open: what changed outside meanwhile is handled now.
      if (this.outside) this.outsideSync.push(null);
    }
    return ok;
  }

  private show(post: Post): void {
    this.open?.saver.dispose();
    const id = post.id;
    const saver: AutoSaver = new AutoSaver(post.text, {
      // Once another post is shown this saver has nothing left to read.
      getText: () => (this.open?.id === id ? this.editor.getText() : saver.savedText),
      save: async (text) => this.afterSave(await api.savePost(id, text)),
      onState: (state) => {
        if (this.open?.id === id) this.status.setSaveState(state);
        if (state.kind === 'saved') this.closeAnyway = false;
      },
      errorMessage: (e) => toAppError(e).message,
    });
    this.open = { id, post, saver, pending: {}, conflict: null, gone: false };
    this.outside = null;
    this.endConflictView();
    if (this.history.isOpen) this.history.close();

    this.emptyState.hidden = true;
    this.fieldsHeader.hidden = false;
    this.editorHost.hidden = false;
    this.fields.setDisabled(false);
    this.historyButton.disabled = false;
    this.postMenu.setDisabled(false);
    this.fields.show(post);
    this.problem.show(post.problem);
    this.editor.load(post.text);
    this.editor.setLocked(false);
    this.list.select(id);
    // In a frame of its own, as while typing (see COUNTS_DELAY_MS).
    this.status.setCountsSoon(post.words, post.readingMinutes);
    this.status.setSaveState({ kind: 'saved' });
    this.render.reset();
    this.render.push(post.text);
    this.preview.syncTo(0);
  }

  /** No post open: the empty library, or a start that failed. */
  private showNothing(loading: boolean): void {
    this.open?.saver.dispose();
    this.open = null;
    this.outside = null;
    this.endConflictView();
    if (this.history.isOpen) this.history.close();
    this.historyButton.disabled = true;
    this.postMenu.setDisabled(true);
    this.render.reset();
    this.editor.load('');
    this.editor.setLocked(true);
    this.fields.setDisabled(true);
    this.problem.show(null);
    this.preview.clear();
    this.status.clearCounts();
    this.status.setSaveState({ kind: 'saved' });
    this.list.select(null);
    if (loading) return;
    const libraryEmpty = this.list.length === 0 && !isFiltered(this.sidebar.query, this.sidebar.filter);
    this.fieldsHeader.hidden = true;
    this.editorHost.hidden = true;
    this.emptyState.hidden = false;
    this.emptyState.querySelector('h2')!.textContent = libraryEmpty ? 'No posts yet' : 'No post open';
    this.emptyState.querySelector('p')!.textContent = libraryEmpty
      ? 'Your library is empty. Start with a new post, or import a folder you already have.'
      : 'Pick a post from the list, or start a new one.';
  }

  // ---- editing ----------------------------------------------------------------------

  private onDocChange(): void {
    const open = this.open;
    if (!open) return;
    open.saver.changed();
    this.render.push(this.editor.getText());
    if (open.conflict) this.scheduleConflictRefresh();
  }

  private changeFields(fields: PostFields): void {
    const open = this.open;
    if (!open) return;
    Object.assign(open.pending, fields);
    // Nothing is written while the conflict banner asks; the edit goes out once it is settled.
    if (open.conflict || open.gone) return;
    open.saver
      .exclusive(async () => {
        const pending = open.pending;
        open.pending = {};
        if (Object.keys(pending).length === 0) return { saved: open.saver.savedText, value: null };
        const post = await this.writeFields(open, pending);
        return { saved: post.text, value: post };
      })
      .then(
        (post) => {
          if (!post) return;
          this.afterSave(post);
          this.scheduleListRefresh(true);
        },
        (e) => {
          this.toasts.error(toAppError(e), 'Could not change the post');
          if (this.open === open) this.fields.show(open.post);
        },
      );
  }

  /**
   * Sends the editor's text with the field edits; the backend rewrites the front
   * matter and we apply its change without disturbing what was typed meanwhile.
   */
  private async writeFields(open: OpenPost, fields: PostFields): Promise<Post> {
    let sent = this.editor.getText();
    for (let attempt = 0; ; attempt++) {
      const post = await api.setPostFields(open.id, sent, fields);
      const current = this.editor.getText();
      const change = rebase(sent, post.text, current);
      if (change !== 'overlap') {
        if (change && this.open === open) this.editor.apply(change);
        return post;
      }
      if (attempt >= 2) {
        // The writer keeps typing in the front matter: their text wins and autosaves.
        this.toasts.show('Your typing overlapped the field change; the text as typed was kept.');
        return post;
      }
      sent = current;
    }
  }

  /** A save returned the stored post: reflect its derived fields everywhere. */
  private afterSave(post: Post): void {
    const open = this.open;
    if (!open || open.id !== post.id) {
      this.list.update(post);
      return;
    }
    const before = open.post;
    open.post = post;
    this.fields.show(post);
    this.problem.show(post.problem);
    const listed = this.list.update(post);
    const tagsChanged = !sameTags(before.tags, post.tags);
    if (tagsChanged || before.status !== post.status || before.date !== post.date || !listed) {
      this.scheduleListRefresh(tagsChanged);
    }
  }

  private scheduleListRefresh(withTags: boolean): void {
    if (withTags) void this.refreshTags();
    if (this.listRefreshTimer !== null) clearTimeout(this.listRefreshTimer);
    this.listRefreshTimer = setTimeout(() => {
      this.listRefreshTimer = null;
      void this.sidebar.refresh();
    }, 250);
  }

  /** Renames (or merges) a tag in every post, then brings the open post's text up to date. */
  private async renameTag(from: string, to: string): Promise<boolean> {
    const open = this.open && !this.open.gone ? this.open : null;
    this.fields.commitPending();
    if (open?.conflict) {
      this.toasts.show('First choose which version of the open post to keep (above the editor).', { tone: 'error' });
      return false;
    }
    if (open && !(await open.saver.flush())) {
      this.toasts.show('Save the open post first: it could not be stored.', { tone: 'error' });
      return false;
    }
    const tags = await this.attempt(api.renameTag(from, to), `Could not rename “${from}”`);
    if (!tags) return false;
    this.sidebar.setTags(tags);
    this.fields.setKnownTags(tags);
    this.exportDialog.setTags(tags);
    this.sidebar.setTagFilter(tags.some((t) => t.name === to) ? to : null);
    await this.sidebar.refresh();
    if (open && this.open === open && open.post.tags.some((t) => t.toLowerCase() === from.toLowerCase())) {
      await this.reloadOpenPost(open);
    }
    return true;
  }

  /** The backend changed the open post's file: take its text, keeping what was typed since. */
  private async reloadOpenPost(open: OpenPost): Promise<void> {
    try {
      const post = await open.saver.exclusive(async () => {
        const base = open.saver.savedText;
        const post = await api.getPost(open.id);
        const change = rebase(base, post.text, this.editor.getText());
        if (change && change !== 'overlap' && this.open === open) this.editor.apply(change);
        return { saved: change === 'overlap' ? base : post.text, value: post };
      });
      this.afterSave(post);
    } catch (e) {
      this.toasts.error(toAppError(e), 'Could not reload the post');
    }
  }

  private async refreshTags(): Promise<void> {
    const tags: TagCount[] | null = await this.attempt(api.listTags(), 'Could not load tags');
    if (!tags) return;
    this.sidebar.setTags(tags);
    this.fields.setKnownTags(tags);
    this.exportDialog.setTags(tags);
  }

  private async flushQuietly(): Promise<void> {
    this.fields.commitPending();
    await this.open?.saver.flush();
  }

  // ---- changes made outside Quire ------------------------------------------------------

  /** The folder watcher applied outside edits to the database. */
  private libraryChanged(changes: LibraryChange[]): void {
    if (changes.length === 0) return;
    this.libraryRefresh.push(null);
    const open = this.open;
    const event = openPostEvent(changes, open?.id ?? null);
    if (!open || !event) return;
    const pending = this.outside?.id === open.id ? this.outside : null;
    const neighbour =
      pending?.neighbour ?? (event === 'deleted' ? neighbourAfterRemoving(this.list.ids(), open.id) : null);
    this.outside = { id: open.id, event: mergeEvents(pending?.event ?? null, event) ?? event, neighbour };
    this.outsideSync.push(null);
  }

  private async refreshAfterOutsideChanges(): Promise<void> {
    await Promise.all([
      this.sidebar.refresh(),
      this.refreshTags(),
      this.trash.reload(),
      api.libraryInfo().then(
        (info) => this.showLibrary(info),
        () => undefined,
      ),
    ]);
  }

  /** Brings the open post up to date with what happened to it outside. */
  private async syncOpenPost(): Promise<void> {
    const pending = this.outside;
    this.outside = null;
    const open = this.open;
    if (!pending || !open || open.id !== pending.id || open.gone) return;
    if (pending.event === 'deleted') {
      await this.openPostDeleted(open, pending.neighbour);
      return;
    }
    // Being left for another post: its save stores the writer's text and the backend
    // keeps the outside text as a revision. Should it stay open, this runs again.
    if (this.heading !== null || this.leaving) {
      this.requeue(pending);
      return;
    }
    const post = await api.getPost(open.id);
    // For a conflict the database kept Quire's text; the file's is the newest conflict revision.
    const revisions =
      pending.event === 'conflict'
        ? await this.attempt(api.listRevisions(open.id), 'Could not read the post’s history')
        : null;
    if (this.open !== open) return;
    if (this.heading !== null || this.leaving) {
      this.requeue(pending);
      return;
    }
    const theirs = outsideText(pending.event, post.text, revisions ?? []);
    const outcome = decide({
      event: pending.event,
      outside: theirs,
      saved: open.saver.savedText,
      current: this.editor.getText(),
      saving: open.saver.busy,
      inConflict: open.conflict !== null,
    });
    if (outcome === 'conflict') {
      this.showConflict(open, theirs);
      return;
    }
    if (outcome === 'apply') {
      open.saver.adopt(post.text);
      this.editor.replaceText(post.text, 'outside');
    } else if (outcome === 'same') {
      // Stored only when the database holds it too (a conflict leaves Quire's older text there).
      if (!open.saver.busy && theirs === post.text) open.saver.adopt(theirs);
      if (open.conflict) this.endConflict(open);
    }
    this.afterSave(post);
    this.history.currentChanged();
    if (this.history.isOpen) void this.history.reload();
  }

  /** Keeps an event for later, with any that arrived since. */
  private requeue(pending: PendingOutside): void {
    const later = this.outside?.id === pending.id ? this.outside : null;
    this.outside = {
      id: pending.id,
      event: mergeEvents(pending.event, later?.event ?? null) ?? pending.event,
      neighbour: pending.neighbour ?? later?.neighbour ?? null,
    };
  }

  private showConflict(open: OpenPost, theirs: string): void {
    // The base stays what both sides agreed on before the first outside edit.
    open.conflict = { theirs, base: open.conflict?.base ?? open.saver.savedText };
    open.saver.pause();
    this.conflictBanner.show(this.editor.getText(), theirs);
    this.checkMerge(open);
  }

  /** The writer typed with the banner up: compare their new text (after a pause). */
  private scheduleConflictRefresh(): void {
    if (this.conflictRefreshTimer !== null) clearTimeout(this.conflictRefreshTimer);
    this.conflictRefreshTimer = setTimeout(() => {
      this.conflictRefreshTimer = null;
      const open = this.open;
      if (!open?.conflict) return;
      this.conflictBanner.show(this.editor.getText(), open.conflict.theirs);
      this.checkMerge(open);
    }, 300);
  }

  private checkMerge(open: OpenPost): void {
    const conflict = open.conflict;
    if (!conflict) return;
    this.conflictBanner.setMerge('checking');
    this.mergeCheck.push({ base: conflict.base, mine: this.editor.getText(), theirs: conflict.theirs });
  }

  /** A banner button: store the choice, then give the keyboard back to the editor. */
  private async chooseVersion(choice: ConflictChoice): Promise<void> {
    if (await this.resolveConflict(choice)) this.editor.focus();
  }

  private resolveConflict(choice: ConflictChoice): Promise<boolean> {
    if (this.resolution) return this.resolution;
    const run = this.storeChoice(choice).finally(() => {
      this.resolution = null;
    });
    this.resolution = run;
    return run;
  }

  /**
   * Saves the chosen text through `resolve_conflict`, which keeps the writer's text
   * and the outside text as revisions when they differ from it.
   */
  private async storeChoice(choice: ConflictChoice): Promise<boolean> {
    const open = this.open;
    const conflict = open?.conflict;
    if (!open || !conflict) return true;
    this.conflictBanner.setBusy(true);
    // Nothing typed may slip in between reading the writer's text and storing the choice.
    this.editor.setLocked(true);
    try {
      const mine = this.editor.getText();
      let chosen = choice === 'mine' ? mine : conflict.theirs;
      if (choice === 'merge') {
        const { merged } = await api.mergeTexts(conflict.base, mine, conflict.theirs);
        if (merged === null) {
          this.conflictBanner.setMerge('clashes');
          return false;
        }
        chosen = merged;
      }
      const post = await open.saver.exclusive(async () => {
        const post = await api.resolveConflict(open.id, mine, chosen);
        if (this.open === open) this.editor.replaceText(post.text, 'choice');
        return { saved: post.text, value: post };
      });
      if (this.open !== open) return true;
      this.endConflict(open);
      this.afterSave(post);
      return true;
    } catch (e) {
      this.toasts.error(toAppError(e), 'Could not keep the chosen version');
      return false;
    } finally {
      if (this.open === open && open.conflict) this.conflictBanner.setBusy(false);
      if (this.open === open && !open.gone) this.editor.setLocked(false);
    }
  }

  /**
   * Before the post is left (or the window closes) with the banner still up: keep
   * the writer's text, which autosave would have stored anyway; the outside text
   * stays in History. False when that could not be stored.
   */
  private async settleConflict(open: OpenPost): Promise<boolean> {
    if (this.resolution) await this.resolution;
    if (!open.conflict) return true;
    const ok = await this.resolveConflict('mine');
    if (ok) {
      const title = open.post.title.trim() || 'Untitled';
      this.toasts.show(`Kept your version of “${title}”. The version from outside Quire is in its History.`);
    }
    return ok;
  }

  /** The conflict is settled: hide the banner and save again. */
  private endConflict(open: OpenPost): void {
    open.conflict = null;
    if (this.open === open) this.endConflictView();
    open.saver.resume();
    if (this.open === open && Object.keys(open.pending).length > 0) this.changeFields({});
  }

  private endConflictView(): void {
    if (this.conflictRefreshTimer !== null) clearTimeout(this.conflictRefreshTimer);
    this.conflictRefreshTimer = null;
    this.mergeCheck.reset();
    this.conflictBanner.hide();
  }

  /**
   * The open post's file was deleted outside Quire (the post is in the trash).
   * Without unsaved edits it closes as deleting it here does; with them it stays on
   * screen, read-only, until the writer restores it or moves on.
   */
  private async openPostDeleted(open: OpenPost, neighbour: number | null): Promise<void> {
    const title = open.post.title.trim() || 'Untitled';
    if (this.history.isOpen) this.history.close();
    const unsaved = open.saver.dirty || open.conflict !== null;
    open.conflict = null;
    this.endConflictView();
    if (unsaved) {
      open.gone = true;
      open.saver.pause();
      this.editor.setLocked(true);
      this.fields.setDisabled(true);
      this.historyButton.disabled = true;
      this.postMenu.setDisabled(true);
      this.status.setSaveState({ kind: 'error', message: 'deleted outside Quire' });
      this.toasts.show(
        `“${title}” was deleted outside Quire; it is in the trash. Your unsaved edits are still shown: restore the post to keep them.`,
        { tone: 'error', timeoutMs: 30000, action: { label: 'Restore', run: () => void this.restoreGone(open) } },
      );
      return;
    }
    open.saver.dispose();
    this.open = null;
    this.editor.setLocked(true);
    this.toasts.show(`“${title}” was deleted outside Quire; it is in the trash.`, {
      action: { label: 'Restore', run: () => void this.restore(open.id) },
    });
    const target = neighbour ?? this.list.ids().find((id) => id !== open.id);
    if (target === undefined || !(await this.openPostOrNothing(target))) this.showNothing(false);
  }

  /** Restore, from the notice of a post deleted outside: it comes back with the edits shown. */
  private async restoreGone(open: OpenPost): Promise<void> {
    if (this.open !== open) return this.restore(open.id);
    const post = await this.attempt(api.restorePost(open.id), 'Could not restore the post');
    if (!post || this.open !== open) return;
    open.gone = false;
    this.editor.setLocked(false);
    this.fields.setDisabled(false);
    this.historyButton.disabled = false;
    this.postMenu.setDisabled(false);
    this.afterSave(post);
    // The edits on screen differ from the restored text: they are saved now.
    open.saver.resume();
    void open.saver.flush();
    this.libraryRefresh.push(null);
  }

  // ---- history ----------------------------------------------------------------------------

  private openHistory(): void {
    const open = this.open;
    if (!open || open.gone || this.importDialog.isOpen || this.exportDialog.isOpen || this.libraryDialog.isOpen) return;
    this.fields.commitPending();
    void this.history.open(open.post.title);
  }

  /**
   * Makes a revision the open post's text. The editor's text is stored first, so the
   * backend keeps exactly what the writer saw as the `restore` revision.
   */
  private async restoreRevision(revisionId: number): Promise<void> {
    const open = this.open;
    if (!open || open.gone) throw { kind: 'user', message: 'no post is open' };
    if (open.conflict) {
      throw { kind: 'user', message: 'first choose which version to keep in the banner above the editor' };
    }
    this.fields.commitPending();
    if (!(await open.saver.flush())) throw { kind: 'retry', message: 'your latest edits could not be stored first' };
    if (this.open !== open) throw { kind: 'user', message: 'another post was opened' };
    this.editor.setLocked(true);
    try {
      const post = await open.saver.exclusive(async () => {
        const post = await api.restoreRevision(open.id, revisionId);
        if (this.open === open) this.editor.replaceText(post.text, 'choice');
        return { saved: post.text, value: post };
      });
      this.afterSave(post);
    } finally {
      if (this.open === open && !open.gone) this.editor.setLocked(false);
    }
  }

  // ---- export -------------------------------------------------------------------------

  private openExportDialog(): void {
    if (this.importDialog.isOpen || this.libraryDialog.isOpen || this.history.isOpen) return;
    this.fields.commitPending();
    this.exportDialog.open();
  }

  /**
   * "Copy as HTML": the open post's rendered body, as rich text with the HTML
   * source as plain text. Runs inside the menu's click, which the clipboard needs.
   */
  private copyOpenPostHtml(): void {
    const open = this.open;
    if (!open || open.gone) return;
    // The post is stored first, so what is copied is what is on screen.
    const html = this.flushQuietly().then(() => api.postHtml(open.id));
    copyHtml(html, browserClipboard()).then(
      () => this.toasts.show('Copied as HTML'),
      (e) => this.toasts.error(toAppError(e), 'Could not copy as HTML'),
    );
  }

  /** "Export as HTML…": one self-contained .html file where the writer chooses. */
  private async exportOpenPostHtml(): Promise<void> {
    const open = this.open;
    if (!open || open.gone) return;
    let file: string | null;
    try {
      file = await api.chooseSaveFile({
        title: 'Export the post as HTML',
        defaultPath: defaultPostFile(open.post.slug, readExportMemory(localStore()).postFolder),
        filters: [{ name: 'HTML', extensions: ['html', 'htm'] }],
      });
    } catch (e) {
      this.toasts.error(toAppError(e), 'Could not open the save dialog');
      return;
    }
    if (file === null) return;
    await this.flushQuietly();
    const report = await this.attempt(api.exportPostHtml(open.id, file), 'Could not export the post');
    if (!report) return;
    writeExportMemory(localStore(), rememberPostFile(readExportMemory(localStore()), file));
    this.toasts.show(postExportedMessage(open.post.title, file, report), {
      timeoutMs: report.warnings.length ? 20000 : 8000,
    });
  }

  // ---- app-wide handlers --------------------------------------------------------------

  private installGlobalHandlers(): void {
    const mac = isMac(navigator.platform);
    // Capture phase: these win over the editor's own keys (Alt-Arrow moves lines there).
    window.addEventListener(
      'keydown',
      (e) => {
        // The dialogs are modal: the app's shortcuts wait until they close.
        if (this.importDialog.isOpen || this.exportDialog.isOpen || this.libraryDialog.isOpen || this.history.isOpen) {
          return;
        }
        const shortcut = shortcutFor(e, mac);
        if (!shortcut) return;
        e.preventDefault();
        e.stopPropagation();
        if (shortcut === 'newPost') void this.newPost();
        else if (shortcut === 'importFolder') this.importDialog.open();
        else if (shortcut === 'exportLibrary') this.openExportDialog();
        else if (shortcut === 'openLibrary') this.openLibraryDialog();
        else if (shortcut === 'search') this.sidebar.focusSearch();
        else if (shortcut === 'history') this.openHistory();
        else this.step(shortcut === 'prevPost' ? -1 : 1);
      },
      true,
    );

    window.addEventListener('blur', () => void this.flushQuietly());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') void this.flushQuietly();
    });

    // The window never navigates: no link, dropped file or middle click leaves the app.
    document.addEventListener('click', (e) => {
      if ((e.target as Element | null)?.closest?.('a[href]')) e.preventDefault();
    });
    window.addEventListener('dragover', (e) => e.preventDefault());
    window.addEventListener('drop', (e) => e.preventDefault());

    darkQuery().addEventListener('change', () => this.editor.setTheme(themeNow()));

    api
      .onWindowClose(async () => {
        const open = this.open;
        if (!open) return true;
        this.fields.commitPending();
        // A conflict still open keeps the writer's text; the outside text stays in History.
        const stored = open.gone ? !open.saver.dirty : (await this.settleConflict(open)) && (await open.saver.flush());
        if (stored || this.closeAnyway) return true;
        this.closeAnyway = true;
        this.toasts.show('Your latest changes could not be saved. Close again to quit without them.', {
          tone: 'error',
          timeoutMs: 30000,
        });
        return false;
      })
      .catch(() => {
        // Not inside Tauri (the UI opened in a plain browser): nothing to guard.
      });

    api.onLibraryChanged((changes) => this.libraryChanged(changes)).catch(() => {
      // Not inside Tauri: no folder is watched.
    });
    // The folder is scanned after the first list is shown: its news comes later.
    api.onLibraryScanned((scanned) => {
      if (scanned.recovered) {
        // The posts on screen were listed from the damaged file, under ids the
        // new database does not share: start over as for another folder.
        void api.libraryInfo().then(
          (info) => this.afterLibraryOpen(info, false),
          (e) => this.toasts.error(toAppError(e), 'Could not open the library'),
        );
        return;
      }
      const closed = closedChangesMessage(scanned.changedWhileClosed);
      if (closed) this.toasts.show(closed, { timeoutMs: 12000 });
    }).catch(() => {
      // Not inside Tauri: nothing is scanned.
    });
  }

  private step(delta: number): void {
    const id = adjacentId(this.list.ids(), this.heading ?? this.open?.id ?? null, delta);
    if (id !== null) void this.openPost(id);
  }

  /** Awaits a call; on failure shows the error and resolves null. */
  private async attempt<T>(promise: Promise<T>, context: string): Promise<T | null> {
    try {
      return await promise;
    } catch (e) {
      this.toasts.error(toAppError(e), context);
      return null;
    }
  }
}
