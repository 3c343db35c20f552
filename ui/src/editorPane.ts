// The editor pane and the post open in it: shows the post in its fields, the
// editor, the preview and the status bar; autosaves the text; writes field edits
// into the front matter; takes in text the backend rewrote (a reload, a restored
// revision); and copies or exports the post as HTML. Which post is open, and
// when, is the app's to decide.
import * as api from './api';
import type { Post, PostFields, PostSummary, Rendered, Revision } from './api';
import { AutoSaver } from './autosaver';
import { Coalescer } from './coalescer';
import { Editor } from './editor';
import { toAppError } from './errors';
import { copyPostHtml, exportPostHtml } from './exporting';
import type { OpenPost } from './openPost';
import { sameTags } from './tags';
import { rebase } from './textDiff';
import { showDateAsListed } from './views/dateField';
import { EmptyState, type EmptyStateHandlers } from './views/emptyState';
import { part } from './views/part';
import { PostActions, type PostActionHandlers } from './views/postActions';
import { PostFieldsView } from './views/postFields';
import type { PostList } from './views/postList';
import { PostProblemNotice } from './views/postProblem';
import { timed, type PreviewPane } from './views/preview';
import type { StatusBar } from './views/statusBar';
import type { Toasts } from './views/toasts';
import { themeNow } from './windowEvents';

/** The views outside the pane that show the open post too. */
export interface EditorPaneViews {
  preview: PreviewPane;
  status: StatusBar;
  list: PostList;
  toasts: Toasts;
}

export interface EditorPaneHandlers {
  /** The post's History and Delete buttons. */
  actions: Pick<PostActionHandlers, 'history' | 'remove'>;
  /** The empty state's buttons. */
  start: EmptyStateHandlers;
  /** Another post, or none, takes the open one's place. */
  replaced(): void;
  /** The writer changed the text. */
  typed(): void;
  /** A stored post differs from its row (tags, status or date), or is not listed: the list follows. */
  listChanged(withTags: boolean): void;
  /** Everything typed is stored. */
  stored(): void;
}

export class EditorPane {
  readonly editor: Editor;
  readonly fields: PostFieldsView;
  private current: OpenPost | null = null;
  private readonly actions: PostActions;
  private readonly problem: PostProblemNotice;
  private readonly empty: EmptyState;
  private readonly render: Coalescer<string, Rendered>;
  private readonly preview: PreviewPane;
  private readonly status: StatusBar;
  private readonly list: PostList;
  private readonly toasts: Toasts;

  /** Mounts on the <main class="editor-pane">. */
  constructor(
    pane: HTMLElement,
    views: EditorPaneViews,
    private readonly on: EditorPaneHandlers,
  ) {
    this.preview = views.preview;
    this.status = views.status;
    this.list = views.list;
    this.toasts = views.toasts;
    const header = part(pane, 'post-fields');
    this.fields = new PostFieldsView(
      header,
      (fields) => this.changeFields(fields),
      () => this.editor.focus(),
    );
    showDateAsListed(part(header, 'date'), part(header, 'date-shown'));
    this.actions = new PostActions(header, {
      ...on.actions,
      copyHtml: () => {
        const open = this.editable();
        if (open) copyPostHtml(open, () => this.flush(), this.toasts);
      },
      exportHtml: () => {
        const open = this.editable();
        if (open) void exportPostHtml(open, () => this.flush(), this.toasts);
      },
    });
    this.problem = new PostProblemNotice(part(pane, 'post-problem'));
    this.empty = new EmptyState(pane, on.start);
    this.editor = new Editor(part(pane, 'editor'), {
      theme: themeNow(),
      onChange: (pasted) => this.onDocChange(pasted),
      onScroll: (fraction) => this.preview.syncTo(fraction),
    });
    this.render = new Coalescer<string, Rendered>(
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
  }

  /** The post on screen, or null. */
  get open(): OpenPost | null {
    return this.current;
  }

  /** The open post, unless it was deleted outside Quire (then it is read-only). */
  editable(): OpenPost | null {
    return this.current && !this.current.gone ? this.current : null;
  }

  show(post: Post): void {
    this.current?.saver.dispose();
    const id = post.id;
    const saver: AutoSaver = new AutoSaver(post.text, {
      // Once another post is shown this saver has nothing left to read.
      getText: () => (this.open?.id === id ? this.editor.getText() : saver.savedText),
      save: async (text) => this.afterSave(await api.savePost(id, text)),
      keepPending: async (text) => void (await api.keepPendingText(id, text)),
      onState: (state) => {
        if (this.open?.id === id) this.status.setSaveState(state);
        if (state.kind === 'saved') this.on.stored();
      },
      errorMessage: (e) => toAppError(e).message,
    });
    this.current = { id, post, saver, pending: {}, conflict: null, gone: false };
    this.on.replaced();

    this.empty.hide();
    this.fields.setDisabled(false);
    this.actions.setDisabled(false);
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

  /** No post open: everything empty and locked. */
  clear(): void {
    this.current?.saver.dispose();
    this.current = null;
    this.on.replaced();
    this.actions.setDisabled(true);
    this.render.reset();
    this.editor.load('');
    this.editor.setLocked(true);
    this.fields.setDisabled(true);
    this.problem.show(null);
    this.preview.clear();
    this.status.clearCounts();
    this.status.setSaveState({ kind: 'saved' });
    this.list.select(null);
  }

  /** After `clear`, once it is known: the empty state in place of the post, saying why. */
  showEmpty(libraryEmpty: boolean): void {
    this.empty.show(libraryEmpty);
  }

  /** The post was deleted: nothing is stored for it any more, and no post is open. */
  drop(open: OpenPost): void {
    open.saver.dispose();
    this.current = null;
  }

  /** Locks the open post's text, fields and actions, or unlocks them. */
  lock(locked: boolean): void {
    this.editor.setLocked(locked);
    this.fields.setDisabled(locked);
    this.actions.setDisabled(locked);
  }

  /** Stores the open post's latest edits (a title still being typed too). */
  async flush(): Promise<void> {
    this.fields.commitPending();
    await this.open?.saver.flush();
  }

  changeFields(fields: PostFields): void {
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
          this.on.listChanged(true);
        },
        (e) => {
          this.toasts.error(toAppError(e), 'Could not change the post');
          if (this.open === open) this.fields.show(open.post);
        },
      );
  }

  /**
   * A save returned the fields derived from the stored text (a plain save
   * sends back no text, which the editor has): reflect them everywhere.
   */
  afterSave(saved: Post | PostSummary): void {
    const open = this.open;
    if (!open || open.id !== saved.id) {
      this.list.update(saved);
      return;
    }
    const before = open.post;
    const post: Post = { ...before, ...saved };
    open.post = post;
    this.fields.show(post);
    this.problem.show(post.problem);
    const listed = this.list.update(post);
    const tagsChanged = !sameTags(before.tags, post.tags);
    if (tagsChanged || before.status !== post.status || before.date !== post.date || !listed) {
      this.on.listChanged(tagsChanged);
    }
  }

  /** The backend changed the open post's file: take its text, keeping what was typed since. */
  async reload(open: OpenPost): Promise<void> {
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

  /**
   * Makes a revision the open post's text. The editor's text is stored first, so the
   * backend keeps exactly what the writer saw as the `restore` revision.
   */
  async restoreRevision(revisionId: number): Promise<void> {
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

  /**
   * Names a version of the open post (`revisionId` null: its current text, kept as a
   * version). The editor's text is stored first, so the named text is what the writer sees.
   */
  async labelVersion(revisionId: number | null, label: string): Promise<Revision[]> {
    const open = this.open;
    if (!open || open.gone) throw { kind: 'user', message: 'no post is open' };
    if (revisionId === null) {
      // While a conflict waits, what is stored is not what the editor shows.
      if (open.conflict) {
        throw { kind: 'user', message: 'first choose which version to keep in the banner above the editor' };
      }
      this.fields.commitPending();
      if (!(await open.saver.flush())) throw { kind: 'retry', message: 'your latest edits could not be stored first' };
    }
    return api.labelVersion(open.id, revisionId, label);
  }

  private onDocChange(pasted: boolean): void {
    const open = this.open;
    if (!open) return;
    open.saver.changed(pasted);
    this.render.push(this.editor.getText());
    this.on.typed();
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
}
