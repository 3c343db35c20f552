// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { ImportProgress, ImportReport } from '../api';
import { ImportDialog, type ImportBackend, type ImportDialogElements } from './importDialog';
import { deferred, dialogMarkup, el, flush, submit, typePath } from './testDom';
import { postSummary } from '../testPosts';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  imported: 0,
  updated: 0,
  unchanged: 0,
  skipped: [],
  warnings: [],
  posts: [],
  ...over,
});

function setup() {
  document.body.innerHTML = `<button id="opener">Import folder…</button>${dialogMarkup('import-dialog')}`;
  const elements: ImportDialogElements = {
    dialog: el('import-dialog'),
    form: el('import-form'),
    path: el('import-path'),
    browse: el('import-browse'),
    dryRun: el('import-dry-run'),
    start: el('import-start'),
    close: el('import-close'),
    again: el('import-again'),
    cancel: el('import-cancel'),
    running: el('import-running'),
    progress: el('import-progress'),
    count: el('import-count'),
    current: el('import-current'),
    error: el('import-error'),
    report: el('import-report'),
    summary: el('import-summary'),
    details: el('import-details'),
  };
  const calls = {
    run: [] as { src: string; dryRun: boolean }[],
    cancel: 0,
    changed: [] as (ImportReport | null)[],
  };
  let pending = deferred<ImportReport>();
  let progress: (p: ImportProgress) => void = () => undefined;
  let posts = 5;
  const backend: ImportBackend = {
    run: (src, dryRun, onProgress) => {
      calls.run.push({ src, dryRun });
      progress = onProgress;
      return pending.promise;
    },
    cancel: async () => {
      calls.cancel++;
      return null;
    },
    choose: async () => '/picked/blog',
    countPosts: async () => posts,
    changed: (r) => void calls.changed.push(r),
  };
  const dialog = new ImportDialog(elements.dialog, backend);
  return {
    el: elements,
    dialog,
    calls,
    progress: (p: ImportProgress) => progress(p),
    finish: (r: ImportReport) => pending.resolve(r),
    fail: (e: unknown) => pending.reject(e),
    setPosts: (n: number) => (posts = n),
    reset: () => (pending = deferred<ImportReport>()),
  };
}

describe('ImportDialog', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('is labelled by its heading and opens modally with the path focused', () => {
    expect(t.el.dialog.getAttribute('aria-labelledby')).toBe('import-heading');
    expect(document.getElementById('import-heading')!.textContent).toBe('Import a folder');
    document.getElementById('opener')!.focus();
    t.dialog.open();
    expect(t.dialog.isOpen).toBe(true);
    expect(document.activeElement).toBe(t.el.path);
  });

  it('enables Import only once a folder is named', () => {
    t.dialog.open();
    expect(t.el.start.disabled).toBe(true);
    typePath(t.el.path, '   ');
    expect(t.el.start.disabled).toBe(true);
    typePath(t.el.path, '/home/me/blog');
    expect(t.el.start.disabled).toBe(false);
  });

  it('fills the field from the folder picker', async () => {
    t.dialog.open();
    t.el.browse.click();
    await flush();
    expect(t.el.path.value).toBe('/picked/blog');
    expect(t.el.start.disabled).toBe(false);
  });

  it('runs, shows progress, disables the inputs and holds Escape meanwhile', async () => {
    t.dialog.open();
    typePath(t.el.path, '  /home/me/blog ');
    submit(t.el.form);
    await flush();
    expect(t.calls.run).toEqual([{ src: '/home/me/blog', dryRun: false }]);
    expect(t.el.running.hidden).toBe(false);
    expect(t.el.cancel.hidden).toBe(false);
    for (const input of [t.el.path, t.el.browse, t.el.dryRun, t.el.start, t.el.close]) expect(input.disabled).toBe(true);

    t.progress({ done: 16, total: 64, current: 'content/posts/a.md' });
    expect(t.el.progress.max).toBe(64);
    expect(t.el.progress.value).toBe(16);
    expect(t.el.count.textContent).toBe('16 of 64 files (25%)');
    expect(t.el.current.title).toBe('content/posts/a.md');

    const escape = new Event('cancel', { cancelable: true });
    t.el.dialog.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);
    t.dialog.close();
    expect(t.dialog.isOpen).toBe(true);

    t.finish(report({ imported: 2 }));
    await flush();
    expect(t.el.running.hidden).toBe(true);
    expect(t.el.close.disabled).toBe(false);
    const after = new Event('cancel', { cancelable: true });
    t.el.dialog.dispatchEvent(after);
    expect(after.defaultPrevented).toBe(false);
  });

  it('reports as text only, with lists of skipped files, warnings and posts', async () => {
    t.dialog.open();
    typePath(t.el.path, '/blog');
    submit(t.el.form);
    await flush();
    const evil = '<img src=x onerror="alert(1)">.md';
    t.finish(
      report({
        imported: 2,
        skipped: [{ path: evil, reason: 'front matter: <b>bad</b>' }],
        warnings: [{ path: 'a.md', message: 'links to missing.png' }],
        posts: [
          {
            post: postSummary(1, { slug: 'a', title: 'A <i>title</i>', path: 'a.md' }),
            source: 'a.md',
          },
        ],
      }),
    );
    await flush();
    expect(t.el.report.hidden).toBe(false);
    expect(t.el.summary.textContent).toBe('Imported 2 posts, 1 skipped, 1 warning.');
    const skipped = document.getElementById('import-skipped') as HTMLDetailsElement;
    expect(skipped.tagName).toBe('DETAILS');
    expect(skipped.textContent).toContain(evil);
    expect(skipped.textContent).toContain('front matter: <b>bad</b>');
    expect(t.el.report.querySelector('img, b, i')).toBeNull();
    expect(document.getElementById('import-warnings')!.textContent).toContain('links to missing.png');
    expect(document.getElementById('import-posts')!.textContent).toContain('A <i>title</i>');
    expect(t.calls.changed).toHaveLength(1);
  });

  it('says "Would import" for a dry run and does not refresh the library', async () => {
    t.dialog.open();
    typePath(t.el.path, '/blog');
    t.el.dryRun.checked = true;
    submit(t.el.form);
    await flush();
    expect(t.calls.run[0].dryRun).toBe(true);
    t.finish(report({ imported: 3, unchanged: 1 }));
    await flush();
    expect(t.el.summary.textContent).toBe('Would import 3 posts, 1 unchanged.');
    expect(t.calls.changed).toHaveLength(0);
  });

  it('cancels, counting what was imported so far', async () => {
    t.dialog.open();
    typePath(t.el.path, '/blog');
    submit(t.el.form);
    await flush();
    t.el.cancel.click();
    await flush();
    expect(t.calls.cancel).toBe(1);
    expect(t.el.cancel.disabled).toBe(true);
    t.setPosts(9);
    t.fail({ kind: 'user', message: 'cancelled' });
    await flush();
    await flush();
    expect(t.el.summary.textContent).toBe('Import cancelled: 4 posts imported so far; import again to finish.');
    expect(t.el.error.hidden).toBe(true);
    expect(t.calls.changed).toEqual([null]);
    expect(t.el.path.disabled).toBe(false);
  });

  it('shows an error in the dialog', async () => {
    t.dialog.open();
    typePath(t.el.path, '/nowhere');
    submit(t.el.form);
    await flush();
    t.fail({ kind: 'user', message: 'open the folder to import /nowhere: not found' });
    await flush();
    expect(t.el.error.hidden).toBe(false);
    expect(t.el.error.textContent).toBe('The import failed: open the folder to import /nowhere: not found');
    expect(t.el.report.hidden).toBe(true);
    expect(t.el.start.disabled).toBe(false);
  });

  it('clears the last outcome when opened again and returns focus on close', async () => {
    const opener = document.getElementById('opener')!;
    opener.focus();
    t.dialog.open();
    typePath(t.el.path, '/blog');
    submit(t.el.form);
    await flush();
    t.finish(report({ imported: 1 }));
    await flush();
    t.el.close.click();
    expect(t.dialog.isOpen).toBe(false);
    expect(document.activeElement).toBe(opener);
    t.dialog.open();
    expect(t.el.report.hidden).toBe(true);
    expect(t.el.summary.textContent).toBe('');
    expect(t.el.path.value).toBe('/blog');
  });

  it('ends a finished import in its next step: Done, or Import another folder', async () => {
    const opener = document.getElementById('opener')!;
    opener.focus();
    t.dialog.open();
    expect(t.el.again.hidden).toBe(true);
    expect(t.el.close.textContent).toBe('Close');
    typePath(t.el.path, '/blog');
    submit(t.el.form);
    await flush();
    t.finish(report({ imported: 2 }));
    await flush();
    // Importing the same folder again would change nothing: Import gives way to Done.
    expect(t.el.start.hidden).toBe(true);
    expect(t.el.start.disabled).toBe(true);
    expect(t.el.close.textContent).toBe('Done');
    expect(t.el.close.classList.contains('primary')).toBe(true);
    expect(document.activeElement).toBe(t.el.close);
    expect(t.el.again.hidden).toBe(false);
    expect(t.el.again.textContent).toBe('Import another folder');

    t.el.again.click();
    expect(t.el.path.value).toBe('');
    expect(document.activeElement).toBe(t.el.path);
    expect(t.el.report.hidden).toBe(true);
    expect(t.el.again.hidden).toBe(true);
    expect(t.el.start.hidden).toBe(false);
    expect(t.el.start.disabled).toBe(true);
    expect(t.el.close.textContent).toBe('Close');

    t.reset();
    typePath(t.el.path, '/other');
    submit(t.el.form);
    await flush();
    t.finish(report({ imported: 1 }));
    await flush();
    t.el.close.click();
    expect(t.dialog.isOpen).toBe(false);
    expect(document.activeElement).toBe(opener);
    expect(t.calls.run.map((r) => r.src)).toEqual(['/blog', '/other']);
  });

  it('offers Import again once the folder changes after an import', async () => {
    t.dialog.open();
    typePath(t.el.path, '/blog');
    submit(t.el.form);
    await flush();
    t.finish(report({ imported: 2 }));
    await flush();
    typePath(t.el.path, '/blog2');
    expect(t.el.start.hidden).toBe(false);
    expect(t.el.start.disabled).toBe(false);
    expect(t.el.close.textContent).toBe('Close');
    // What the last import did stays in view.
    expect(t.el.summary.textContent).toBe('Imported 2 posts.');
  });

  it('keeps Import after a dry run, cancelled or failed import: running it is the next step', async () => {
    t.dialog.open();
    typePath(t.el.path, '/blog');
    t.el.dryRun.checked = true;
    submit(t.el.form);
    await flush();
    t.finish(report({ imported: 3 }));
    await flush();
    expect(t.el.start.hidden).toBe(false);
    expect(t.el.start.textContent).toBe('Import');
    expect(t.el.start.disabled).toBe(false);
    expect(t.el.again.hidden).toBe(true);

    t.reset();
    t.el.dryRun.checked = false;
    submit(t.el.form);
    await flush();
    t.fail({ kind: 'user', message: 'cancelled' });
    await flush();
    await flush();
    expect(t.el.start.hidden).toBe(false);
    expect(t.el.close.textContent).toBe('Close');
  });

  it('opens again as new after a finished import', async () => {
    t.dialog.open();
    typePath(t.el.path, '/blog');
    submit(t.el.form);
    await flush();
    t.finish(report({ imported: 2 }));
    await flush();
    t.el.close.click();
    t.dialog.open();
    expect(t.el.start.hidden).toBe(false);
    expect(t.el.start.disabled).toBe(false);
    expect(t.el.close.textContent).toBe('Close');
    expect(t.el.again.hidden).toBe(true);
  });
});
