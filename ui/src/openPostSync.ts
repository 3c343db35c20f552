// Keeps the open post in step with what happens to its file outside Quire. The
// folder watcher reports edits, renames, conflicts and deletions; librarySync.ts
// decides what each means for the post on screen, and this carries it out: the
// outside text goes into the editor in place when nothing is unsaved; with unsaved
// edits autosave pauses and the conflict banner asks which version to keep; a
// deleted post closes, or stays on screen read-only while it holds unsaved edits.
import * as api from './api';
import type { Change, Post } from './api';
import { Coalescer } from './coalescer';
import type { Editor } from './editor';
import { toAppError } from './errors';
import { decide, mergeEvents, openPostEvent, outsideText, type OpenPostEvent } from './librarySync';
import { neighbourAfterRemoving } from './listNav';
import { titleOf, type OpenPost } from './openPost';
import { ConflictBanner } from './views/conflictBanner';
import type { HistoryPanel } from './views/historyPanel';
import type { StatusBar } from './views/statusBar';
import type { Toasts } from './views/toasts';

/** What happened outside to the open post, waiting to be handled. */
interface PendingOutside {
  id: number;
  event: OpenPostEvent;
  /** Where to go if it was deleted, worked out before the list drops it. */
  neighbour: number | null;
}

type ConflictChoice = 'mine' | 'theirs' | 'merge';

/** The views the sync works on besides its banner. */
export interface OpenPostViews {
  editor: Pick<Editor, 'getText' | 'replaceText' | 'setLocked' | 'focus'>;
  history: Pick<HistoryPanel, 'isOpen' | 'close' | 'currentChanged' | 'reload'>;
  status: Pick<StatusBar, 'setSaveState'>;
  toasts: Toasts;
}

/** What the sync asks of the app that owns the open post. */
export interface OpenPostHost {
  /** The post on screen, or null. */
  current(): OpenPost | null;
  /** The open post is being stored before another is shown: what happened outside waits. */
  leaving(): boolean;
  /** The listed posts' ids, in order. */
  listedIds(): number[];
  /** A call returned the stored open post: reflect it everywhere. */
  saved(post: Post): void;
  /** Sends the field edits held back while the banner asked. */
  sendPendingFields(): void;
  /** Locks the open post (its text, fields and actions), or unlocks it. */
  lockPost(locked: boolean): void;
  /** Closes the open post and shows `neighbour`, or another post, or none. */
  closeDeleted(open: OpenPost, neighbour: number | null): Promise<void>;
  /** Restores a post from the trash and opens it. */
  restore(id: number): Promise<void>;
  /** Reads the list, tags, counts and trash again. */
  refreshLibrary(): void;
}

export class OpenPostSync {
  private outside: PendingOutside | null = null;
  /** The conflict choice being stored, so leaving the post waits for it. */
  private resolution: Promise<boolean> | null = null;
  private conflictRefreshTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly banner: ConflictBanner;
  /** The open post after outside changes, one at a time. */
  private readonly outsideSync: Coalescer<null, void>;
  private readonly mergeCheck: Coalescer<{ base: string; mine: string; theirs: string }, string | null>;
  private readonly editor: OpenPostViews['editor'];
  private readonly history: OpenPostViews['history'];
  private readonly status: OpenPostViews['status'];
  private readonly toasts: Toasts;

  /** Mounts the conflict banner on #conflict-banner. */
  constructor(
    bannerRoot: HTMLElement,
    views: OpenPostViews,
    private readonly host: OpenPostHost,
  ) {
    this.editor = views.editor;
    this.history = views.history;
    this.status = views.status;
    this.toasts = views.toasts;
    this.banner = new ConflictBanner(bannerRoot, {
      keepMine: () => void this.chooseVersion('mine'),
      takeTheirs: () => void this.chooseVersion('theirs'),
      merge: () => void this.chooseVersion('merge'),
    });
    this.mergeCheck = new Coalescer(
      ({ base, mine, theirs }) => api.mergeTexts(base, mine, theirs),
      (result, input) => {
        const conflict = this.open?.conflict;
        if (conflict?.theirs === input.theirs && this.editor.getText() === input.mine) {
          this.banner.setMerge(result === null ? 'clashes' : 'possible');
        }
      },
      () => this.banner.setMerge('unknown'),
    );
    this.outsideSync = new Coalescer(
      () => this.syncOpenPost(),
      () => undefined,
      (e) => this.toasts.error(toAppError(e), 'Could not reload the post'),
    );
  }

  /** The writer is comparing the two versions in the conflict's dialog (a modal). */
  get comparing(): boolean {
    return this.banner.isComparing;
  }

  private get open(): OpenPost | null {
    return this.host.current();
  }

  /** The folder watcher applied outside edits to the database. */
  changed(changes: readonly Change[]): void {
    const open = this.open;
    const event = openPostEvent(changes, open?.id ?? null);
    if (!open || !event) return;
    const pending = this.outside?.id === open.id ? this.outside : null;
    const neighbour =
      pending?.neighbour ?? (event === 'deleted' ? neighbourAfterRemoving(this.host.listedIds(), open.id) : null);
    this.outside = { id: open.id, event: mergeEvents(pending?.event ?? null, event) ?? event, neighbour };
    this.outsideSync.push(null);
  }

  /** The writer typed: with the banner up, it compares their new text (after a pause). */
  textChanged(): void {
    if (this.open?.conflict) this.scheduleConflictRefresh();
  }

  /** The open post stays open after all (leaving it failed): what changed outside meanwhile is handled now. */
  handlePending(): void {
    if (this.outside) this.outsideSync.push(null);
  }

  /** Another post, or none, is shown: what waited for the old one is dropped and the banner hides. */
  reset(): void {
    this.outside = null;
    this.endConflictView();
  }

  /** Another library is open: whatever the old folder's watcher reported is about posts no longer shown. */
  forgetLibrary(): void {
    this.outside = null;
    this.outsideSync.reset();
  }

  /**
   * Before the post is left (or the window closes) with the banner still up: keep
   * the writer's text, which autosave would have stored anyway; the outside text
   * stays in History. False when that could not be stored.
   */
  async settle(open: OpenPost): Promise<boolean> {
    if (this.resolution) await this.resolution;
    if (!open.conflict) return true;
    const ok = await this.resolveConflict('mine');
    if (ok) {
      const title = titleOf(open);
      this.toasts.show(`Kept your version of “${title}”. The version from outside Quire is in its History.`);
    }
    return ok;
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
    if (this.host.leaving()) {
      this.requeue(pending);
      return;
    }
    const post = await api.getPost(open.id);
    // For a conflict the database kept Quire's text; the file's is the newest conflict revision.
    const revisions =
      pending.event === 'conflict'
        ? await this.toasts.attempt(api.listRevisions(open.id), 'Could not read the post’s history')
        : null;
    if (this.open !== open) return;
    if (this.host.leaving()) {
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
    this.host.saved(post);
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
    this.banner.show(this.editor.getText(), theirs);
    this.checkMerge(open);
  }

  private scheduleConflictRefresh(): void {
    if (this.conflictRefreshTimer !== null) clearTimeout(this.conflictRefreshTimer);
    this.conflictRefreshTimer = setTimeout(() => {
      this.conflictRefreshTimer = null;
      const open = this.open;
      if (!open?.conflict) return;
      this.banner.show(this.editor.getText(), open.conflict.theirs);
      this.checkMerge(open);
    }, 300);
  }

  private checkMerge(open: OpenPost): void {
    const conflict = open.conflict;
    if (!conflict) return;
    this.banner.setMerge('checking');
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
    this.banner.setBusy(true);
    // Nothing typed may slip in between reading the writer's text and storing the choice.
    this.editor.setLocked(true);
    try {
      const mine = this.editor.getText();
      let chosen = choice === 'mine' ? mine : conflict.theirs;
      if (choice === 'merge') {
        const merged = await api.mergeTexts(conflict.base, mine, conflict.theirs);
        if (merged === null) {
          this.banner.setMerge('clashes');
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
      this.host.saved(post);
      return true;
    } catch (e) {
      this.toasts.error(toAppError(e), 'Could not keep the chosen version');
      return false;
    } finally {
      if (this.open === open && open.conflict) this.banner.setBusy(false);
      if (this.open === open && !open.gone) this.editor.setLocked(false);
    }
  }

  /** The conflict is settled: hide the banner and save again. */
  private endConflict(open: OpenPost): void {
    open.conflict = null;
    if (this.open === open) this.endConflictView();
    open.saver.resume();
    if (this.open === open && Object.keys(open.pending).length > 0) this.host.sendPendingFields();
  }

  private endConflictView(): void {
    if (this.conflictRefreshTimer !== null) clearTimeout(this.conflictRefreshTimer);
    this.conflictRefreshTimer = null;
    this.mergeCheck.reset();
    this.banner.hide();
  }

  /**
   * The open post's file was deleted outside Quire (the post is in the trash).
   * Without unsaved edits it closes as deleting it here does; with them it stays on
   * screen, read-only, until the writer restores it or moves on.
   */
  private async openPostDeleted(open: OpenPost, neighbour: number | null): Promise<void> {
    const title = titleOf(open);
    if (this.history.isOpen) this.history.close();
    const unsaved = open.saver.dirty || open.conflict !== null;
    open.conflict = null;
    this.endConflictView();
    if (unsaved) {
      open.gone = true;
      open.saver.pause();
      this.host.lockPost(true);
      this.status.setSaveState({ kind: 'error', message: 'deleted outside Quire' });
      this.toasts.show(
        `“${title}” was deleted outside Quire; it is in the trash. Your unsaved edits are still shown: restore the post to keep them.`,
        { tone: 'error', timeoutMs: 30000, action: { label: 'Restore', run: () => void this.restoreGone(open) } },
      );
      return;
    }
    this.toasts.show(`“${title}” was deleted outside Quire; it is in the trash.`, {
      action: { label: 'Restore', run: () => void this.host.restore(open.id) },
    });
    await this.host.closeDeleted(open, neighbour);
  }

  /** Restore, from the notice of a post deleted outside: it comes back with the edits shown. */
  private async restoreGone(open: OpenPost): Promise<void> {
    if (this.open !== open) return this.host.restore(open.id);
    const post = await this.toasts.attempt(api.restorePost(open.id), 'Could not restore the post');
    if (!post || this.open !== open) return;
    open.gone = false;
    this.host.lockPost(false);
    this.host.saved(post);
    // The edits on screen differ from the restored text: they are saved now.
    open.saver.resume();
    void open.saver.flush();
    this.host.refreshLibrary();
  }
}
