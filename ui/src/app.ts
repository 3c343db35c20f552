// The conductor: mounts the views on index.html and wires them to the backend and
// to each other. It decides which post is open (opening, creating, deleting and
// restoring posts, switching libraries) and guards closing the window; the open
// post itself is the editor pane's (editorPane.ts), and what happens to it outside
// Quire is openPostSync.ts's.
import * as api from './api';
import type { ImportReport, Change, LibraryInfo, Post, PostSummary } from './api';
import { EditorPane } from './editorPane';
import { toAppError } from './errors';
import { exportBackend, localStore } from './exporting';
import type { Shortcut } from './keys';
import { Library } from './library';
import { closedChangesMessage, keptUnsavedMessage, openedMessage } from './libraryOpen';
import { searchTerms } from './searchMatch';
import { adjacentId, neighbourAfterRemoving } from './listNav';
import { titleOf, type OpenPost } from './openPost';
import { OpenPostSync } from './openPostSync';
import { isFiltered } from './postFilter';
import { ExportDialog } from './views/exportDialog';
import { HistoryPanel } from './views/historyPanel';
import { ImportDialog } from './views/importDialog';
import { LayoutControls } from './views/layoutControls';
import { ShortcutsSheet } from './views/shortcutsSheet';
import { LibraryDialog } from './views/libraryDialog';
import { one, part } from './views/part';
import type { PostList } from './views/postList';
import { PreviewPane } from './views/preview';
import { Sidebar } from './views/sidebar';
import { StatusBar } from './views/statusBar';
import { Toasts } from './views/toasts';
import { listenToWindow, windowLabel } from './windowEvents';

/** Posts listed first at start-up, so a big library shows before it is all read. */
const FIRST_PAGE = 200;

export class App {
  /** Bumped by every navigation so a slower, older one cannot win. */
  private navigation = 0;
  /** The post a navigation in flight is heading to, so repeated Alt-Down keeps going. */
  private heading: number | null = null;
  private closeAnyway = false;
  /** The open post is being stored before another is shown. */
  private leaving = false;

  /** What each shortcut does; the buttons that share a shortcut do the same. */
  private readonly commands: Record<Shortcut, () => void> = {
    newPost: () => void this.newPost(),
    importFolder: () => this.importDialog.open(),
    exportLibrary: () => this.openExportDialog(),
    openLibrary: () => this.openLibraryDialog(),
    search: () => {
      // Searching needs the list, even when the writer hid it.
      this.layout.showList();
      this.sidebar.focusSearch();
    },
    history: () => this.openHistory(),
    prevPost: () => this.step(-1),
    nextPost: () => this.step(1),
    shortcuts: () => this.shortcutsSheet.open(),
    toggleList: () => this.layout.toggleList(),
    togglePreview: () => this.layout.togglePreview(),
  };

  private readonly toasts = new Toasts(part(document, 'toasts'));
  private readonly status = new StatusBar(one(document, '.statusbar'));
  private readonly sidebar: Sidebar;
  private readonly list: PostList;
  private readonly pane: EditorPane;
  private readonly layout: LayoutControls;
  private readonly importDialog: ImportDialog;
  private readonly shortcutsSheet = new ShortcutsSheet(part(document, 'shortcuts-dialog'));
  private readonly exportDialog: ExportDialog;
  private readonly libraryDialog: LibraryDialog;
  private readonly history: HistoryPanel;
  private readonly library: Library;
  private readonly sync: OpenPostSync;

  constructor() {
    this.sidebar = new Sidebar(one(document, '.sidebar'), {
      open: (id) => void this.openFromList(id),
      leaveSearch: () => (this.open ? this.pane.editor.focus() : this.sidebar.focusList()),
      openFirst: (id) => void this.openFromList(id),
      loaded: () => this.list.select(this.open?.id ?? null),
      failed: (e) => this.toasts.error(e, 'Could not load posts'),
      renameTag: (from, to) => this.library.renameTag(from, to),
      trash: {
        load: () => this.toasts.attempt(api.listTrash(), 'Could not open the trash'),
        restore: (id) => this.restore(id),
      },
      buttons: this.commands,
    });
    this.list = this.sidebar.list;
    const preview = new PreviewPane(
      part(document, 'preview-pane'),
      (url) => void this.toasts.attempt(api.openExternal(url), 'Could not open the link'),
      (href) => void this.followPostLink(href),
    );
    this.pane = new EditorPane(
      one(document, '.editor-pane'),
      { preview, status: this.status, list: this.list, toasts: this.toasts },
      {
        actions: { history: this.commands.history, remove: () => void this.deleteOpenPost() },
        start: this.commands,
        replaced: () => {
          this.sync.reset();
          if (this.history.isOpen) this.history.close();
        },
        typed: () => this.sync.textChanged(),
        listChanged: (withTags) => this.library.refreshList(withTags),
        stored: () => (this.closeAnyway = false),
      },
    );
    this.layout = new LayoutControls(one(document, '.app'), {
      storage: localStore(),
      windowLabel: windowLabel(),
      width: () => window.innerWidth,
      editor: this.pane.editor,
    });
    this.importDialog = new ImportDialog(part(document, 'import-dialog'), {
      run: (src, dryRun, onProgress) => api.importFolder(src, dryRun, onProgress),
      cancel: () => api.cancelJob(),
      choose: () => api.chooseFolder(),
      countPosts: async () => (await api.libraryInfo()).postCount,
      changed: (report) => void this.afterImport(report),
    });
    const exportTo = exportBackend(
      () => this.library.folder,
      () => this.pane.flush(),
    );
    this.exportDialog = new ExportDialog(part(document, 'export-dialog'), exportTo);
    this.libraryDialog = new LibraryDialog(part(document, 'library-dialog'), {
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
          this.pane.editor.setLocked(this.open === null);
          throw e;
        }
      },
      opened: (info) => void this.afterLibraryOpen(info),
    });
    this.library = new Library({
      sidebar: this.sidebar,
      pane: this.pane,
      exportDialog: this.exportDialog,
      status: this.status,
      toasts: this.toasts,
    });
    this.history = new HistoryPanel(part(document, 'history-panel'), {
      load: async () => (this.open ? api.listRevisions(this.open.id) : []),
      current: () => this.pane.editor.getText(),
      restore: (revisionId) => this.pane.restoreRevision(revisionId),
      // Stores the open post's edits first, so the text named is the text on screen.
      label: (revisionId, label) => this.pane.labelVersion(revisionId, label),
    });
    this.sync = new OpenPostSync(
      part(document, 'conflict-banner'),
      { editor: this.pane.editor, history: this.history, status: this.status, toasts: this.toasts },
      {
        current: () => this.open,
        leaving: () => this.heading !== null || this.leaving,
        listedIds: () => this.list.ids(),
        saved: (post) => this.pane.afterSave(post),
        sendPendingFields: () => this.pane.changeFields({}),
        lockPost: (locked) => this.pane.lock(locked),
        closeDeleted: (open, neighbour) => this.closeDeleted(open, neighbour),
        restore: (id) => this.restore(id),
        refreshLibrary: () => this.library.changedOutside(),
      },
    );
    listenToWindow({
      // The dialogs are modal: the app's shortcuts wait until they close.
      modalOpen: () =>
        this.importDialog.isOpen ||
        this.exportDialog.isOpen ||
        this.libraryDialog.isOpen ||
        this.history.isOpen ||
        this.shortcutsSheet.isOpen ||
        this.sync.comparing,
      shortcut: (shortcut) => this.commands[shortcut](),
      left: () => void this.pane.flush(),
      themeChanged: (theme) => this.pane.editor.setTheme(theme),
    });
    this.listenToBackend();
  }

  /** The post on screen, or null. */
  private get open(): OpenPost | null {
    return this.pane.open;
  }

  async start(): Promise<void> {
    // The list is what the writer waits for: asked for before the window's
    // first layout (showNothing), so the backend reads it meanwhile, and
    // shown before the rest (the library's folder, the tag filter) is asked.
    const listing = this.sidebar.refresh(FIRST_PAGE);
    const library = this.toasts.attempt(api.libraryInfo(), 'Could not open the library');
    this.showNothing(true);
    const nav = this.navigation;
    const posts = await listing;
    // Once painted: the log (and the start-up benchmark) learn when.
    requestAnimationFrame(() => void api.listShown().catch(() => undefined));
    void this.library.refreshTags();
    // The rest of a big library follows its first page.
    if (posts && posts.length >= FIRST_PAGE) void this.sidebar.refresh();
    // What changed while Quire was closed is told once the folder is scanned
    // (onLibraryScanned), after this list is shown.
    const info = await library;
    if (info) {
      this.library.show(info);
      // Repaired at open, before this window could hear of it.
      this.library.announceRepair(info.recovered);
    }
    // The writer may already have opened or created a post while this loaded.
    if (nav !== this.navigation || posts === null) return;
    if (posts.length === 0 || !(await this.openPostOrNothing(posts[0].id))) {
      this.showNothing(false);
    } else if (document.activeElement === document.body && nav === this.navigation) {
      // At launch the writer's hands go to the text, unless they went elsewhere first.
      this.pane.editor.focus();
    }
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
          this.pane.editor.setLocked(this.open === null);
          this.toasts.error(toAppError(e), 'Could not open the post');
        }
        return false;
      }
      if (nav !== this.navigation) return false;
      this.pane.show(post);
      return true;
    } finally {
      if (nav === this.navigation) this.heading = null;
    }
  }

  /** A link in the preview that may be another post: opens it, or says why not. */
  private async followPostLink(href: string): Promise<void> {
    const from = this.open?.post.path;
    if (!from) return;
    let target: PostSummary | null;
    try {
      target = await api.postForLink(from, href);
    } catch (e) {
      this.toasts.error(toAppError(e), 'Could not follow the link');
      return;
    }
    if (!target) {
      this.toasts.show(`“${href}” is not a post in this library, so there is nothing to open.`);
      return;
    }
    if (target.id !== this.open?.id) await this.openFromList(target.id);
  }

  /**
   * A post chosen in the list (click, Enter): the writer goes on in its text,
   * at the search's first match when a search found it.
   */
  private async openFromList(id: number): Promise<void> {
    if (!(await this.openPost(id))) return;
    const query = this.sidebar.query;
    if (query) this.pane.editor.selectFirstMatch(searchTerms(query));
    this.pane.editor.focus();
  }

  async newPost(): Promise<void> {
    const nav = ++this.navigation;
    if (!(await this.leaveOpenPost())) return;
    let post: Post;
    try {
      post = await api.createPost(null);
    } catch (e) {
      this.pane.editor.setLocked(this.open === null);
      this.toasts.error(toAppError(e), 'Could not create a post');
      return;
    }
    // Show every post again so the new one is in the list.
    this.sidebar.showAll();
    if (nav === this.navigation) this.pane.show(post);
    await this.sidebar.refresh();
    void this.library.refreshTags();
    if (this.open?.id === post.id) this.pane.fields.focusTitle(true);
  }

  private async deleteOpenPost(): Promise<void> {
    const open = this.open;
    if (!open) return;
    const nav = ++this.navigation;
    if (!(await this.leaveOpenPost())) return;
    const next = neighbourAfterRemoving(this.list.ids(), open.id);
    if (this.open !== open) {
      // An empty new post: leaving it dropped it, with nothing to undo.
      const target = next ?? this.list.ids().find((id) => id !== open.id);
      if (target === undefined || !(await this.openPostOrNothing(target))) this.showNothing(false);
      return;
    }
    try {
      await api.deletePost(open.id);
    } catch (e) {
      this.pane.editor.setLocked(false);
      this.toasts.error(toAppError(e), 'Could not delete the post');
      return;
    }
    this.pane.drop(open);
    this.toasts.show(`Moved “${titleOf(open)}” to the trash.`, {
      action: { label: 'Undo', run: () => void this.restore(open.id) },
    });
    const posts = await this.sidebar.refresh();
    void this.library.refreshTags();
    void this.sidebar.reloadTrash();
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
    const post = await this.toasts.attempt(api.restorePost(id), 'Could not restore the post');
    if (!post) return;
    this.sidebar.showAll();
    await this.sidebar.refresh();
    void this.library.refreshTags();
    await this.openPost(post.id);
  }

  /** Stores the open post before another is shown; false (and staying put) if that failed. */
  private async leaveOpenPost(): Promise<boolean> {
    const open = this.open;
    // A post deleted outside has nowhere to store its edits; its notice offered Restore.
    if (!open || open.gone) return true;
    this.pane.fields.commitPending();
    if (!(await this.sync.settle(open))) return false;
    this.pane.editor.setLocked(true);
    this.leaving = true;
    const ok = await open.saver.flush().finally(() => {
      this.leaving = false;
    });
    if (!ok) {
      this.pane.editor.setLocked(false);
      this.toasts.show('This post could not be saved, so it stays open. Quire keeps trying.', { tone: 'error' });
      // It stays open: what changed outside meanwhile is handled now.
      this.sync.handlePending();
      return false;
    }
    await this.dropIfEmpty(open);
    return true;
  }

  /** A new post left without a title or text is dropped (it never had a file), and leaves the list. */
  private async dropIfEmpty(open: OpenPost): Promise<void> {
    let dropped = false;
    try {
      dropped = await api.leavePost(open.id);
    } catch {
      // Nothing is lost by keeping an empty draft; the next start drops it.
      return;
    }
    if (!dropped) return;
    if (this.open === open) this.pane.drop(open);
    void this.sidebar.refresh();
  }

  /** No post open: the empty library, or a start that failed. */
  private showNothing(loading: boolean): void {
    this.pane.clear();
    if (loading) return;
    this.pane.showEmpty(this.list.length === 0 && !isFiltered(this.sidebar.query, this.sidebar.filter));
  }

  /** The open post was deleted outside Quire with nothing unsaved: it closes, as deleting it here does. */
  private async closeDeleted(open: OpenPost, neighbour: number | null): Promise<void> {
    this.pane.drop(open);
    this.pane.editor.setLocked(true);
    const target = neighbour ?? this.list.ids().find((id) => id !== open.id);
    if (target === undefined || !(await this.openPostOrNothing(target))) this.showNothing(false);
  }

  private step(delta: number): void {
    const id = adjacentId(this.list.ids(), this.heading ?? this.open?.id ?? null, delta);
    if (id !== null) void this.openPost(id);
  }

  // ---- libraries ----------------------------------------------------------------------

  /**
   * A real import ended (finished, cancelled or failed part way): show every post
   * again with the new tags, reload the open post if the import rewrote it, and
   * open the newest post if none was open (the library was empty).
   */
  private async afterImport(report: ImportReport | null): Promise<void> {
    const nav = this.navigation;
    const open = this.open;
    this.sidebar.showAll();
    void this.library.refreshTags();
    void api.libraryInfo().then(
      (info) => this.library.show(info),
      () => undefined,
    );
    const posts = await this.sidebar.refresh();
    if (open && this.open === open && report?.posts.some((p) => p.post.id === open.id)) {
      await this.pane.reload(open);
    }
    if (open || this.open || nav !== this.navigation || !posts?.length) return;
    if (!(await this.openPostOrNothing(posts[0].id))) this.showNothing(false);
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
    // Whatever the old folder's watcher reported is about posts no longer shown.
    this.library.reset();
    this.sync.forgetLibrary();
    this.showNothing(true);
    this.sidebar.showAll();
    this.library.show(info);
    if (announce) this.toasts.show(openedMessage(info));
    this.library.announceRepair(info.recovered);
    const kept = keptUnsavedMessage(info.keptUnsaved);
    if (kept) this.toasts.show(kept, { timeoutMs: 30000 });
    void this.library.refreshTags();
    const posts = await this.sidebar.refresh();
    if (nav !== this.navigation) return;
    if (!posts?.length) {
      this.showNothing(false);
      return;
    }
    if (await this.openPostOrNothing(posts[0].id)) {
      if (this.open) this.pane.editor.focus();
    } else {
      this.showNothing(false);
    }
  }

  // ---- dialogs --------------------------------------------------------------------------

  private openLibraryDialog(): void {
    if (this.importDialog.isOpen || this.exportDialog.isOpen) return;
    this.libraryDialog.open();
  }

  private openHistory(): void {
    const open = this.open;
    if (!open || open.gone || this.importDialog.isOpen || this.exportDialog.isOpen || this.libraryDialog.isOpen) return;
    this.pane.fields.commitPending();
    void this.history.open(open.post.title);
  }

  private openExportDialog(): void {
    if (this.importDialog.isOpen || this.libraryDialog.isOpen || this.history.isOpen) return;
    this.pane.fields.commitPending();
    this.exportDialog.open();
  }

  // ---- the backend's events ---------------------------------------------------------

  private listenToBackend(): void {
    api.onWindowClose(() => this.mayClose()).catch(() => {
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
      const kept = keptUnsavedMessage(scanned.keptUnsaved);
      if (kept) this.toasts.show(kept, { timeoutMs: 30000 });
    }).catch(() => {
      // Not inside Tauri: nothing is scanned.
    });
  }

  /** The folder watcher applied outside edits to the database. */
  private libraryChanged(changes: Change[]): void {
    if (changes.length === 0) return;
    this.library.changedOutside();
    this.sync.changed(changes);
  }

  /** Before the window closes: the open post is stored, or the writer is told and must close again. */
  private async mayClose(): Promise<boolean> {
    const open = this.open;
    if (!open) return true;
    this.pane.fields.commitPending();
    // A conflict still open keeps the writer's text; the outside text stays in History.
    const stored = open.gone ? !open.saver.dirty : (await this.sync.settle(open)) && (await open.saver.flush());
    if (stored || this.closeAnyway) return true;
    this.closeAnyway = true;
    this.toasts.show('Your latest changes could not be saved. Close again to quit without them.', {
      tone: 'error',
      timeoutMs: 30000,
    });
    return false;
  }
}
