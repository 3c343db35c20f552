// The open library as a whole, wherever the window shows it: its folder and post
// count (status bar), its tags (the tag filter, the tag input's suggestions, the
// export dialog's tag choice), renaming a tag across it, and the list, tags,
// counts and trash read again when posts change. Also tells once that its
// database had to be made again.
import * as api from './api';
import type { LibraryInfo, TagCount } from './api';
import { Coalescer } from './coalescer';
import type { EditorPane } from './editorPane';
import { recoveredMessage } from './libraryOpen';
import type { ExportDialog } from './views/exportDialog';
import type { Sidebar } from './views/sidebar';
import type { StatusBar } from './views/statusBar';
import type { Toasts } from './views/toasts';

export interface LibraryViews {
  sidebar: Sidebar;
  pane: EditorPane;
  exportDialog: ExportDialog;
  status: StatusBar;
  toasts: Toasts;
}

export class Library {
  private shownFolder = '';
  /** The repair notice already shown, so start-up and the scan do not both show it. */
  private repairAnnounced: string | null = null;
  private listRefreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** List, tags, counts and trash after outside changes: one refresh at a time, bursts coalesce. */
  private readonly outsideRefresh: Coalescer<null, void>;

  constructor(private readonly views: LibraryViews) {
    this.outsideRefresh = new Coalescer(
      () => this.refreshAfterOutsideChanges(),
      () => undefined,
    );
  }

  /** The open library's folder, as the backend names it ('' until known). */
  get folder(): string {
    return this.shownFolder;
  }

  show(info: LibraryInfo): void {
    this.shownFolder = info.folder;
    this.views.status.setLibrary(info.folder, info.postCount);
  }

  /** Tells once that the library's database was made again, and where the damaged one went. */
  announceRepair(recovered: string | null | undefined): void {
    const message = recoveredMessage(recovered);
    if (!message || message === this.repairAnnounced) return;
    this.repairAnnounced = message;
    this.views.toasts.show(message, { tone: 'error', timeoutMs: 30000 });
  }

  async refreshTags(): Promise<void> {
    const [tags, categories] = await Promise.all([
      this.views.toasts.attempt(api.listTags(), 'Could not load tags'),
      this.views.toasts.attempt(api.listCategories(), 'Could not load categories'),
    ]);
    if (tags) this.showTags(tags);
    if (categories) {
      this.views.sidebar.setCategories(categories);
      this.views.pane.fields.setKnownCategories(categories);
    }
  }

  /** A save changed the open post's row (or tags): the tags follow at once, the list after a pause. */
  refreshList(withTags: boolean): void {
    if (withTags) void this.refreshTags();
    if (this.listRefreshTimer !== null) clearTimeout(this.listRefreshTimer);
    this.listRefreshTimer = setTimeout(() => {
      this.listRefreshTimer = null;
      void this.views.sidebar.refresh();
    }, 250);
  }

  /** Posts changed outside Quire: everything that shows the library is read again. */
  changedOutside(): void {
    this.outsideRefresh.push(null);
  }

  /** Another library opened: refreshes still due are for posts no longer shown. */
  reset(): void {
    if (this.listRefreshTimer !== null) clearTimeout(this.listRefreshTimer);
    this.listRefreshTimer = null;
    this.outsideRefresh.reset();
  }

  /** Renames (or merges) a tag in every post, then brings the open post's text up to date. */
  async renameTag(from: string, to: string): Promise<boolean> {
    const { pane, sidebar, toasts } = this.views;
    const open = pane.editable();
    pane.fields.commitPending();
    if (open?.conflict) {
      toasts.show('First choose which version of the open post to keep (above the editor).', { tone: 'error' });
      return false;
    }
    if (open && !(await open.saver.flush())) {
      toasts.show('Save the open post first: it could not be stored.', { tone: 'error' });
      return false;
    }
    const tags = await toasts.attempt(api.renameTag(from, to), `Could not rename “${from}”`);
    if (!tags) return false;
    this.showTags(tags);
    sidebar.setTagFilter(tags.some((t) => t.name === to) ? to : null);
    await sidebar.refresh();
    if (open && pane.open === open && open.post.tags.some((t) => t.toLowerCase() === from.toLowerCase())) {
      await pane.reload(open);
    }
    return true;
  }

  private showTags(tags: TagCount[]): void {
    this.views.sidebar.setTags(tags);
    this.views.pane.fields.setKnownTags(tags);
    this.views.exportDialog.setTags(tags);
  }

  private async refreshAfterOutsideChanges(): Promise<void> {
    await Promise.all([
      this.views.sidebar.refresh(),
      this.refreshTags(),
      this.views.sidebar.reloadTrash(),
      api.libraryInfo().then(
        (info) => this.show(info),
        () => undefined,
      ),
    ]);
  }
}
