// @vitest-environment happy-dom
// The whole app on the real page, against an in-memory backend: what the writer
// sees when the library folder changes outside Quire, the history dialog, and
// exporting (the library, or the open post from its More menu). Each case of an
// outside change is tested on its own in openPostSync.test.ts; here the app's
// wiring carries it from the watcher to the editor, the list and the status bar.
import { EditorSelection } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import html from '../index.html?raw';
import type { ExportReport, Change, Post, Revision } from './api';
import { postSummary } from './testPosts';

/** The backend: posts by id, every call recorded. */
const db = vi.hoisted(() => ({
  posts: new Map<number, { text: string; title: string }>(),
  revisions: new Map<number, { id: number; at: string; source: string; text: string }[]>(),
  calls: [] as [string, ...unknown[]][],
  merged: null as string | null,
  changed: null as null | ((changes: unknown[]) => void),
  saveAs: null as string | null,
}));

vi.mock('./api', () => {
  const post = (id: number): Post => {
    const p = db.posts.get(id);
    if (!p) throw { kind: 'user', message: `there is no post with id ${id}` };
    return {
      ...postSummary(id, { title: p.title }),
      text: p.text,
      problem: null,
      words: p.text.split(/\s+/).filter(Boolean).length,
      readingMinutes: 1,
    } as Post;
  };
  const record =
    <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> => {
      db.calls.push([name, ...args]);
      return await fn(...args);
    };
  return {
    libraryInfo: record('libraryInfo', () => ({ folder: '/blog', postCount: db.posts.size })),
    listPosts: record('listPosts', () => [...db.posts.keys()].map((id) => postSummary(id, { title: db.posts.get(id)!.title }))),
    searchPosts: record('searchPosts', () => []),
    getPost: record('getPost', (id: number) => post(id)),
    createPost: record('createPost', () => post(1)),
    savePost: record('savePost', (id: number, text: string) => {
      db.posts.get(id)!.text = text;
      // As the backend: the derived fields, not the text the caller has.
      const { text: _text, words: _words, readingMinutes: _minutes, ...summary } = post(id);
      return { ...summary, snippet: null };
    }),
    setPostFields: record('setPostFields', (id: number) => post(id)),
    deletePost: record('deletePost', () => null),
    listTrash: record('listTrash', () => []),
    restorePost: record('restorePost', (id: number) => post(id)),
    listTags: record('listTags', () => []),
    listCategories: record('listCategories', () => []),
    postForLink: record('postForLink', () => null),
    renameTag: record('renameTag', () => []),
    renderPreview: record('renderPreview', (text: string) => ({ html: '<p>ok</p>', title: null, words: text.length, readingMinutes: 1 })),
    openExternal: record('openExternal', () => null),
    listShown: record('listShown', () => null),
    importFolder: record('importFolder', () => null),
    openLibrary: record('openLibrary', () => null),
    cancelJob: record('cancelJob', () => null),
    chooseFolder: record('chooseFolder', () => null),
    onWindowClose: async () => undefined,
    listRevisions: record('listRevisions', (id: number) => db.revisions.get(id) ?? []),
    restoreRevision: record('restoreRevision', (id: number, revisionId: number) => {
      const r = db.revisions.get(id)!.find((r) => r.id === revisionId)!;
      db.posts.get(id)!.text = r.text;
      return post(id);
    }),
    resolveConflict: record('resolveConflict', (id: number, _mine: string, chosen: string) => {
      db.posts.get(id)!.text = chosen;
      return post(id);
    }),
    mergeTexts: record('mergeTexts', () => db.merged),
    exportHtml: record('exportHtml', (_options: unknown, onProgress: (p: unknown) => void) => {
      onProgress({ done: 2, total: 2, current: 'post-2.md' });
      return { posts: 2, files: 5, bytes: 3072, seconds: 0.2, warnings: [] } satisfies ExportReport;
    }),
    exportMarkdown: record('exportMarkdown', () => ({ posts: 2, files: 2, bytes: 100, seconds: 0.1, warnings: [] })),
    exportPostHtml: record('exportPostHtml', () => ({ posts: 1, files: 1, bytes: 2048, seconds: 0.1, warnings: [] })),
    postHtml: record('postHtml', (id: number) => `<h1>Post ${id}</h1>`),
    chooseSaveFile: record('chooseSaveFile', () => db.saveAs),
    onLibraryChanged: async (handler: (changes: unknown[]) => void) => {
      db.changed = handler;
      return () => undefined;
    },
    onLibraryScanned: async () => () => undefined,
  };
});

const { App } = await import('./app');

const FIRST = 'First post\n\nA paragraph.\n\nThe end.';
const SECOND = 'Second post\n\nOther text.';

const wait = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const $ = <T extends HTMLElement>(sel: string) => document.querySelector<T>(sel)!;
const view = () => EditorView.findFromDOM($('.cm-editor'))!;
const editorText = () => view().state.doc.toString();
const typeAtEnd = (text: string) =>
  view().dispatch({ changes: { from: view().state.doc.length, insert: text }, userEvent: 'input.type' });
const calls = (name: string) => db.calls.filter((c) => c[0] === name);
const change = (kind: Change['kind'], id: number): Change => ({
  kind,
  id,
  path: `post-${id}.md`,
  slug: `post-${id}`,
  from: null,
});
/** The watcher changed the file (and the database) outside Quire. */
async function outside(kind: Change['kind'], id: number, text?: string) {
  if (text !== undefined) db.posts.get(id)!.text = text;
  if (kind === 'deleted') db.posts.delete(id);
  db.changed!([change(kind, id)]);
  await wait(20);
}

async function start() {
  const app = new App();
  await app.start();
  await wait(20);
  return app;
}

beforeEach(() => {
  // happy-dom has no `new Option(text, value)`, which the tag filter uses.
  vi.stubGlobal(
    'Option',
    function Option(text: string, value: string) {
      const option = document.createElement('option');
      option.textContent = text;
      option.value = value;
      return option;
    },
  );
  document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(html)![1];
  db.posts = new Map([
    [1, { text: FIRST, title: 'First post' }],
    [2, { text: SECOND, title: 'Second post' }],
  ]);
  db.revisions = new Map();
  db.calls = [];
  db.merged = null;
  db.changed = null;
  db.saveAs = null;
  localStorage.clear();
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('an edit made outside Quire', () => {
  it('goes into the editor in place when nothing is unsaved, keeping the cursor and not saving it back', async () => {
    await start();
    expect(editorText()).toBe(FIRST);
    const at = FIRST.indexOf('paragraph');
    view().dispatch({ selection: EditorSelection.cursor(at) });
    const edited = 'First post, retitled\n\nA paragraph.\n\nThe end, rewritten.';
    await outside('updated', 1, edited);
    expect(editorText()).toBe(edited);
    expect(view().state.selection.main.head).toBe(edited.indexOf('paragraph'));
    expect($('#conflict-banner').hidden).toBe(true);
    expect($('#status-saved').textContent).toBe('Saved');
    await wait(900);
    expect(calls('savePost')).toEqual([]);
  });

  it('keeps a renamed post open', async () => {
    await start();
    await outside('renamed', 1);
    expect(editorText()).toBe(FIRST);
    expect($('#post-list [aria-selected="true"]').dataset.id).toBe('1');
  });

  it('stops for a conflict when the writer has unsaved edits, and keeps theirs on request… or mine', async () => {
    await start();
    typeAtEnd(' Mine.');
    const mine = FIRST + ' Mine.';
    await outside('updated', 1, FIRST.replace('A paragraph.', 'Their paragraph.'));
    expect(editorText()).toBe(mine);
    const banner = $('#conflict-banner');
    expect(banner.hidden).toBe(false);
    expect(banner.textContent).toContain('This post changed outside Quire while you were editing it.');
    expect($('#conflict-diff').textContent).toContain('Their paragraph.');
    expect($('#status-saved').textContent).toBe('Autosave paused');
    await wait(900);
    expect(calls('savePost')).toEqual([]);

    $('#conflict-keep-mine').click();
    await wait(20);
    expect(calls('resolveConflict')).toEqual([['resolveConflict', 1, mine, mine]]);
    expect(banner.hidden).toBe(true);
    expect(editorText()).toBe(mine);
    expect($('#status-saved').textContent).toBe('Saved');
  });

  it('merges from the last text both agreed on, or says why it cannot', async () => {
    await start();
    typeAtEnd(' Mine.');
    const theirs = FIRST.replace('A paragraph.', 'Their paragraph.');
    db.merged = null;
    await outside('updated', 1, theirs);
    const merge = $<HTMLButtonElement>('#conflict-merge');
    expect(calls('mergeTexts')[0]).toEqual(['mergeTexts', FIRST, FIRST + ' Mine.', theirs]);
    expect(merge.disabled).toBe(true);
    expect(merge.title).toMatch(/same lines/);

    db.merged = theirs + ' Mine.';
    typeAtEnd('');
    typeAtEnd(' ');
    await wait(350);
    expect(merge.disabled).toBe(false);
    merge.click();
    await wait(20);
    expect(calls('resolveConflict').slice(-1)[0]).toEqual(['resolveConflict', 1, FIRST + ' Mine. ', theirs + ' Mine.']);
    expect(editorText()).toBe(theirs + ' Mine.');
  });

  it('keeps the writer’s text when they switch posts with the banner up', async () => {
    await start();
    typeAtEnd(' Mine.');
    await outside('updated', 1, 'Theirs');
    ($('#post-row-2') as HTMLElement).click();
    await wait(30);
    expect(calls('resolveConflict')).toEqual([['resolveConflict', 1, FIRST + ' Mine.', FIRST + ' Mine.']]);
    expect(editorText()).toBe(SECOND);
    expect($('#toasts').textContent).toContain('Kept your version of “First post”');
  });

  it('closes a post deleted outside and says it is in the trash', async () => {
    await start();
    await outside('deleted', 1);
    await wait(20);
    expect($('#toasts').textContent).toContain('“First post” was deleted outside Quire; it is in the trash.');
    expect(editorText()).toBe(SECOND);
  });

  it('keeps unsaved edits of a deleted post on screen, read-only, until restored', async () => {
    await start();
    typeAtEnd(' Unsaved.');
    const text = db.posts.get(1)!;
    await outside('deleted', 1);
    expect(editorText()).toBe(FIRST + ' Unsaved.');
    expect(view().state.readOnly).toBe(true);
    expect($('#toasts').textContent).toContain('restore the post to keep them');
    db.posts.set(1, text);
    const restore = Array.from(document.querySelectorAll<HTMLButtonElement>('.toast-action')).find(
      (b) => b.textContent === 'Restore',
    )!;
    restore.click();
    await wait(30);
    expect(view().state.readOnly).toBe(false);
    expect(calls('savePost').slice(-1)[0]).toEqual(['savePost', 1, FIRST + ' Unsaved.']);
  });

  it('refreshes the list a few times, not once per change, in a storm', async () => {
    await start();
    const before = calls('listPosts').length;
    for (let i = 0; i < 5000; i++) db.changed!([change('updated', 1000 + i)]);
    await wait(50);
    expect(calls('listPosts').length - before).toBeLessThanOrEqual(2);
  });
});

describe('history', () => {
  it('opens from the toolbar, compares and restores a revision', async () => {
    await start();
    const old: Revision = { id: 3, at: new Date(Date.now() - 3_600_000 * 30).toISOString(), source: 'app', text: 'Old text' };
    db.revisions.set(1, [old]);
    const button = $<HTMLButtonElement>('#history-open');
    expect(button.disabled).toBe(false);
    button.click();
    await wait(20);
    expect($<HTMLDialogElement>('#history-panel').open).toBe(true);
    const row = $('.revision-row');
    expect(row.querySelector('.revision-source')!.textContent).toBe('you');
    expect($('#history-diff').textContent).toContain('Old text');
    $('#history-restore').click();
    await wait(30);
    expect(calls('restoreRevision')).toEqual([['restoreRevision', 1, 3]]);
    expect(editorText()).toBe('Old text');
    $('#history-close').click();
    expect($<HTMLDialogElement>('#history-panel').open).toBe(false);
  });
});

describe('export', () => {
  const key = (k: string, mods: KeyboardEventInit = {}) =>
    window.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));

  it('opens with Ctrl+Shift+E, stores the open post first, exports and remembers the folder', async () => {
    await start();
    typeAtEnd(' More.');
    key('E', { ctrlKey: true, shiftKey: true });
    const dialog = $<HTMLDialogElement>('#export-dialog');
    expect(dialog.open).toBe(true);
    const path = $<HTMLInputElement>('#export-path');
    path.value = '/out/site';
    path.dispatchEvent(new Event('input', { bubbles: true }));
    $('#export-start').click();
    await wait(30);
    const order = db.calls.map((c) => c[0]).filter((n) => n === 'savePost' || n === 'exportHtml');
    expect(order).toEqual(['savePost', 'exportHtml']);
    expect(calls('exportHtml')[0][1]).toEqual({ out: '/out/site', baseUrl: null, title: null, includeDrafts: false });
    expect($('#export-summary').textContent).toBe('Exported 2 posts: 5 files, 3 KB in 0.2 s.');
    expect($('#export-report').hidden).toBe(false);
    $('#export-close').click();
    expect(dialog.open).toBe(false);

    // Next time: filled in for this library.
    $('#export-open').click();
    expect(path.value).toBe('/out/site');
    expect(JSON.parse(localStorage.getItem('quire.export')!).libraries[0].library).toBe('/blog');
  });

  it('copies the open post as HTML from the More menu', async () => {
    await start();
    const written: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void written.push(text) },
    });
    try {
      $('#post-more').click();
      expect($('#post-menu').hidden).toBe(false);
      $('#post-copy-html').click();
      await wait(30);
      expect(calls('postHtml')).toEqual([['postHtml', 1]]);
      expect(written).toEqual(['<h1>Post 1</h1>']);
      expect($('#toasts').textContent).toContain('Copied as HTML');
    } finally {
      delete (navigator as { clipboard?: unknown }).clipboard;
    }
  });

  it('exports the open post as one HTML file where the writer chooses', async () => {
    await start();
    db.saveAs = '/home/me/out/first.html';
    $('#post-more').click();
    $('#post-export-html').click();
    await wait(30);
    expect(calls('chooseSaveFile')[0][1]).toMatchObject({ defaultPath: 'post-1.html' });
    expect(calls('exportPostHtml')).toEqual([['exportPostHtml', 1, '/home/me/out/first.html']]);
    expect($('#toasts').textContent).toContain('Exported “First post” to /home/me/out/first.html (2 KB).');

    // The save dialog offers the same folder next time; dismissing it exports nothing.
    db.saveAs = null;
    $('#post-more').click();
    $('#post-export-html').click();
    await wait(30);
    expect(calls('chooseSaveFile')[1][1]).toMatchObject({ defaultPath: '/home/me/out/post-1.html' });
    expect(calls('exportPostHtml')).toHaveLength(1);
  });
});
