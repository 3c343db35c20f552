// @vitest-environment happy-dom
// The open post kept in step with outside changes, on the real conflict banner,
// against an in-memory backend, a stand-in editor and a stand-in app. The app
// test (app.outside.test.ts) drives the same flows through the whole page.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as api from './api';
import type { Change, Post, PostSummary, Revision } from './api';
import { AutoSaver, type SaveState } from './autosaver';
import type { OpenPost } from './openPost';
import { OpenPostSync } from './openPostSync';
import { postSummary } from './testPosts';
import { dialogMarkup, sectionMarkup } from './views/testDom';
import { Toasts } from './views/toasts';

/** The backend: posts by id, every call recorded. */
const db = vi.hoisted(() => ({
  posts: new Map<number, string>(),
  revisions: new Map<number, Revision[]>(),
  calls: [] as [string, ...unknown[]][],
  merged: null as string | null,
}));

vi.mock('./api', () => {
  const post = (id: number): Post => {
    const text = db.posts.get(id);
    if (text === undefined) throw { kind: 'user', message: `there is no post with id ${id}` };
    return { ...postSummary(id, { title: 'First post' }), text, problem: null, words: 1, readingMinutes: 1 } as Post;
  };
  const record =
    <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> => {
      db.calls.push([name, ...args]);
      return await fn(...args);
    };
  return {
    getPost: record('getPost', (id: number) => post(id)),
    savePost: record('savePost', (id: number, text: string) => {
      db.posts.set(id, text);
      // As the backend: the derived fields, not the text the caller has.
      const { text: _text, words: _words, readingMinutes: _minutes, ...summary } = post(id);
      return { ...summary, snippet: null };
    }),
    listRevisions: record('listRevisions', (id: number) => db.revisions.get(id) ?? []),
    mergeTexts: record('mergeTexts', () => db.merged),
    resolveConflict: record('resolveConflict', (id: number, _mine: string, chosen: string) => {
      db.posts.set(id, chosen);
      return post(id);
    }),
    restorePost: record('restorePost', (id: number) => post(id)),
  };
});

const FIRST = 'First post\n\nA paragraph.\n\nThe end.';
const THEIRS = FIRST.replace('A paragraph.', 'Their paragraph.');

const wait = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const calls = (name: string) => db.calls.filter((c) => c[0] === name);
const restoreButton = () =>
  Array.from(document.querySelectorAll<HTMLButtonElement>('.toast-action')).find((b) => b.textContent === 'Restore')!;
const change = (kind: Change['kind'], id = 1): Change => ({
  kind,
  id,
  path: `post-${id}.md`,
  slug: `post-${id}`,
  from: null,
});

/** The editor, as far as the sync reads and writes it. */
function stubEditor(text: string) {
  return {
    text,
    locked: false,
    focused: 0,
    replaced: [] as [string, 'outside' | 'choice'][],
    getText() {
      return this.text;
    },
    replaceText(next: string, origin: 'outside' | 'choice') {
      this.replaced.push([next, origin]);
      const changed = next !== this.text;
      this.text = next;
      return changed;
    },
    setLocked(locked: boolean) {
      this.locked = locked;
    },
    focus() {
      this.focused++;
    },
  };
}

function setup() {
  const editor = stubEditor(FIRST);
  const history = {
    isOpen: false,
    changed: 0,
    currentChanged: () => void history.changed++,
    close: () => undefined,
    reload: async () => undefined,
  };
  const states: SaveState[] = [];
  const status = { setSaveState: (s: SaveState) => void states.push(s) };
  const host = {
    open: null as OpenPost | null,
    leaving: false,
    saved: [] as (Post | PostSummary)[],
    locks: [] as boolean[],
    pendingSent: 0,
    closed: [] as [number, number | null][],
    restored: [] as number[],
    refreshed: 0,
  };
  const sync = new OpenPostSync(
    $('#conflict-banner'),
    { editor, history, status, toasts: new Toasts($('#toasts')) },
    {
      current: () => host.open,
      leaving: () => host.leaving,
      listedIds: () => [1, 2, 3],
      saved: (post) => {
        host.saved.push(post);
        if (host.open?.id === post.id) host.open.post = post;
      },
      sendPendingFields: () => host.pendingSent++,
      lockPost: (locked) => {
        host.locks.push(locked);
        editor.setLocked(locked);
      },
      closeDeleted: async (open, neighbour) => {
        host.closed.push([open.id, neighbour]);
        host.open = null;
      },
      restore: async (id) => void host.restored.push(id),
      refreshLibrary: () => host.refreshed++,
    },
  );
  const saver: AutoSaver = new AutoSaver(FIRST, {
    getText: () => editor.getText(),
    save: async (text) => void host.saved.push(await api.savePost(1, text)),
    onState: (s) => states.push(s),
  });
  host.open = {
    id: 1,
    post: {
      ...postSummary(1, { title: 'First post' }),
      text: FIRST,
      problem: null,
      words: 1,
      readingMinutes: 1,
    } as Post,
    saver,
    pending: {},
    conflict: null,
    gone: false,
  };
  const open = host.open;
  /** The writer types: the editor's change reaches the saver and the sync, as the pane sends it. */
  const type = (text: string) => {
    editor.text += text;
    saver.changed();
    sync.textChanged();
  };
  /** The watcher changed the file (and the database) outside Quire. */
  const outside = async (kind: Change['kind'], text?: string) => {
    if (text !== undefined) db.posts.set(1, text);
    if (kind === 'deleted') db.posts.delete(1);
    sync.changed([change(kind)]);
    await wait(20);
  };
  return { sync, editor, history, states, host, open, saver, type, outside };
}

beforeEach(() => {
  document.body.innerHTML = `${sectionMarkup('conflict-banner')}${dialogMarkup('conflict-dialog')}<section id="toasts"></section>`;
  db.posts = new Map([[1, FIRST]]);
  db.revisions = new Map();
  db.calls = [];
  db.merged = null;
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('an outside edit of the open post', () => {
  it('goes into the editor in place when nothing is unsaved, and is not saved back', async () => {
    const t = setup();
    const edited = 'First post, retitled\n\nA paragraph.\n\nThe end, rewritten.';
    await t.outside('updated', edited);
    expect(t.editor.replaced).toEqual([[edited, 'outside']]);
    expect(t.saver.savedText).toBe(edited);
    expect(t.host.saved.map((p) => ('text' in p ? p.text : null))).toEqual([edited]);
    expect(t.history.changed).toBe(1);
    expect($('#conflict-banner').hidden).toBe(true);
    await wait(900);
    expect(calls('savePost')).toEqual([]);
  });

  it('leaves the text alone for a rename, and refreshes the fields', async () => {
    const t = setup();
    await t.outside('renamed');
    expect(t.editor.replaced).toEqual([]);
    expect(t.editor.text).toBe(FIRST);
    expect(t.host.saved).toHaveLength(1);
    expect(t.host.closed).toEqual([]);
  });

  it('ignores changes to other posts', async () => {
    const t = setup();
    t.sync.changed([change('updated', 2), change('deleted', 3)]);
    await wait(20);
    expect(db.calls).toEqual([]);
  });

  it('waits while the post is being left, and is handled if it stays open', async () => {
    const t = setup();
    t.host.leaving = true;
    await t.outside('updated', THEIRS);
    expect(calls('getPost')).toEqual([]);
    t.host.leaving = false;
    t.sync.handlePending();
    await wait(20);
    expect(t.editor.text).toBe(THEIRS);
  });

  it('is dropped once another post is shown', async () => {
    const t = setup();
    t.host.leaving = true;
    await t.outside('updated', THEIRS);
    t.sync.reset();
    t.host.leaving = false;
    t.sync.handlePending();
    await wait(20);
    expect(calls('getPost')).toEqual([]);
  });
});

describe('a conflict', () => {
  it('stops for the writer’s unsaved edits, with autosave paused, and keeps mine on request', async () => {
    const t = setup();
    t.type(' Mine.');
    const mine = FIRST + ' Mine.';
    await t.outside('updated', THEIRS);
    expect(t.editor.text).toBe(mine);
    const banner = $('#conflict-banner');
    expect(banner.hidden).toBe(false);
    expect(banner.textContent).toContain('This post changed outside Quire while you were editing it.');
    expect($('#conflict-diff').textContent).toContain('Their paragraph.');
    expect(t.states.slice(-1)[0]).toEqual({ kind: 'paused' });
    expect(t.open.conflict).toEqual({ theirs: THEIRS, base: FIRST });
    await wait(900);
    expect(calls('savePost')).toEqual([]);

    $('#conflict-keep-mine').click();
    await wait(20);
    expect(calls('resolveConflict')).toEqual([['resolveConflict', 1, mine, mine]]);
    expect(banner.hidden).toBe(true);
    expect(t.editor.text).toBe(mine);
    expect(t.open.conflict).toBeNull();
    expect(t.saver.isPaused).toBe(false);
    expect(t.editor.locked).toBe(false);
    expect(t.editor.focused).toBe(1);
  });

  it('takes the outside version when asked', async () => {
    const t = setup();
    t.type(' Mine.');
    await t.outside('updated', THEIRS);
    $('#conflict-take-theirs').click();
    await wait(20);
    expect(calls('resolveConflict')).toEqual([['resolveConflict', 1, FIRST + ' Mine.', THEIRS]]);
    expect(t.editor.text).toBe(THEIRS);
    expect(t.editor.replaced.slice(-1)[0]).toEqual([THEIRS, 'choice']);
    expect($('#conflict-banner').hidden).toBe(true);
  });

  it('merges from the last text both agreed on, or says why it cannot', async () => {
    const t = setup();
    t.type(' Mine.');
    db.merged = null;
    await t.outside('updated', THEIRS);
    const merge = $<HTMLButtonElement>('#conflict-merge');
    expect(calls('mergeTexts')[0]).toEqual(['mergeTexts', FIRST, FIRST + ' Mine.', THEIRS]);
    expect(merge.disabled).toBe(true);
    expect(merge.title).toMatch(/same lines/);

    db.merged = THEIRS + ' Mine.';
    t.type('');
    t.type(' ');
    await wait(350);
    expect(merge.disabled).toBe(false);
    merge.click();
    await wait(20);
    expect(calls('resolveConflict').slice(-1)[0]).toEqual(['resolveConflict', 1, FIRST + ' Mine. ', THEIRS + ' Mine.']);
    expect(t.editor.text).toBe(THEIRS + ' Mine.');
  });

  it('sends the field edits held back while the banner asked once it is settled', async () => {
    const t = setup();
    t.type(' Mine.');
    await t.outside('updated', THEIRS);
    t.open.pending = { title: 'New title' };
    $('#conflict-keep-mine').click();
    await wait(20);
    expect(t.host.pendingSent).toBe(1);
  });

  it('shows the banner for a conflict the watcher reports, with the outside text kept aside', async () => {
    const t = setup();
    const kept = { id: 5, at: new Date().toISOString(), source: 'conflict', text: 'Outside text' } as Revision;
    db.revisions.set(1, [kept]);
    await t.outside('conflict');
    expect($('#conflict-banner').hidden).toBe(false);
    expect($('#conflict-diff').textContent).toContain('Outside text');
  });

  it('takes the outside side of a reported conflict from History even while the writer types', async () => {
    const t = setup();
    t.type(' Typing on.');
    db.revisions.set(1, [
      { id: 6, at: new Date().toISOString(), source: 'app', text: 'older' } as Revision,
      { id: 5, at: new Date().toISOString(), source: 'conflict', text: 'The file’s text' } as Revision,
    ]);
    await t.outside('conflict');
    const right = Array.from(document.querySelectorAll('#conflict-diff .diff-right'), (c) => c.textContent).join('\n');
    expect(right).toContain('The file’s text');
    expect(right).not.toContain('A paragraph.');
    expect(t.editor.text).toBe(FIRST + ' Typing on.');
  });

  it('is settled with the writer’s text before the post is left', async () => {
    const t = setup();
    t.type(' Mine.');
    await t.outside('updated', 'Theirs');
    expect(await t.sync.settle(t.open)).toBe(true);
    expect(calls('resolveConflict')).toEqual([['resolveConflict', 1, FIRST + ' Mine.', FIRST + ' Mine.']]);
    expect($('#toasts').textContent).toContain('Kept your version of “First post”');
  });
});

describe('a deletion outside Quire', () => {
  it('closes the post, says it is in the trash, and goes to its neighbour', async () => {
    const t = setup();
    await t.outside('deleted');
    expect($('#toasts').textContent).toContain('“First post” was deleted outside Quire; it is in the trash.');
    expect(t.host.closed).toEqual([[1, 2]]);
    restoreButton().click();
    expect(t.host.restored).toEqual([1]);
  });

  it('keeps unsaved edits on screen, read-only, until restored', async () => {
    const t = setup();
    t.type(' Unsaved.');
    await t.outside('deleted');
    expect(t.host.closed).toEqual([]);
    expect(t.open.gone).toBe(true);
    expect(t.host.locks).toEqual([true]);
    expect(t.editor.locked).toBe(true);
    expect(t.states.slice(-1)[0]).toEqual({ kind: 'error', message: 'deleted outside Quire' });
    expect($('#toasts').textContent).toContain('restore the post to keep them');

    db.posts.set(1, FIRST);
    restoreButton().click();
    await wait(30);
    expect(calls('restorePost')).toEqual([['restorePost', 1]]);
    expect(t.open.gone).toBe(false);
    expect(t.host.locks).toEqual([true, false]);
    expect(t.editor.locked).toBe(false);
    expect(t.host.refreshed).toBe(1);
    expect(calls('savePost').slice(-1)[0]).toEqual(['savePost', 1, FIRST + ' Unsaved.']);
  });
});
