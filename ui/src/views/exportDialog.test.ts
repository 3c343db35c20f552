// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExportProgress, ExportReport } from '../api';
import { EXPORT_FORMATS, type ExportRequest } from '../exportForm';
import { emptyMemory, rememberExport, type ExportMemory } from '../exportSettings';
import { ExportDialog, type ExportBackend, type ExportDialogElements } from './exportDialog';
import { deferred, dialogMarkup, el, flush, submit, typePath } from './testDom';

const report = (over: Partial<ExportReport> = {}): ExportReport => ({
  posts: 0,
  files: 0,
  bytes: 0,
  seconds: 0,
  warnings: [],
  ...over,
});

function setup(memory: ExportMemory = emptyMemory()) {
  document.body.innerHTML = `<button id="opener">Export…</button>${dialogMarkup('export-dialog')}`;
  const elements: ExportDialogElements = {
    dialog: el('export-dialog'),
    form: el('export-form'),
    format: el('export-format'),
    formatHint: el('export-format-hint'),
    path: el('export-path'),
    browse: el('export-browse'),
    includeDrafts: el('export-include-drafts'),
    markdownOptions: el('export-markdown-options'),
    tag: el('export-tag'),
    htmlOptions: el('export-html-options'),
    baseUrl: el('export-base-url'),
    title: el('export-title'),
    start: el('export-start'),
    close: el('export-close'),
    cancel: el('export-cancel'),
    running: el('export-running'),
    progress: el('export-progress'),
    count: el('export-count'),
    current: el('export-current'),
    error: el('export-error'),
    report: el('export-report'),
    summary: el('export-summary'),
    where: el('export-where'),
    details: el('export-details'),
    next: el('export-next'),
    openFolder: el('export-open-folder'),
    viewSite: el('export-view-site'),
  };
  const state = { memory, library: '/blog', pending: deferred<ExportReport>() };
  const calls = { run: [] as ExportRequest[], cancel: 0, opened: [] as [string, boolean][] };
  let openResult: Promise<null> = Promise.resolve(null);
  let progress: (p: ExportProgress) => void = () => undefined;
  const backend: ExportBackend = {
    choose: async () => '/picked/site',
    library: () => state.library,
    loadMemory: () => state.memory,
    saveMemory: (m) => void (state.memory = m),
    run: (request, onProgress) => {
      calls.run.push(request);
      progress = onProgress;
      return state.pending.promise;
    },
    cancel: async () => {
      calls.cancel++;
      return null;
    },
    openExport: (out, site) => {
      calls.opened.push([out, site]);
      return openResult;
    },
  };
  const dialog = new ExportDialog(elements.dialog, backend);
  return {
    el: elements,
    dialog,
    calls,
    state,
    progress: (p: ExportProgress) => progress(p),
    finish: (r: ExportReport) => state.pending.resolve(r),
    fail: (e: unknown) => state.pending.reject(e),
    failOpen: (e: unknown) => (openResult = Promise.reject(e)),
  };
}

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
}

describe('ExportDialog', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('is labelled by its heading and offers every format, labelled as the form module says', () => {
    expect(t.el.dialog.getAttribute('aria-labelledby')).toBe('export-heading');
    expect(document.getElementById('export-heading')!.textContent).toBe('Export for publishing');
    const options = Array.from(t.el.format.options).map((o) => [o.value, o.textContent]);
    expect(options).toEqual(EXPORT_FORMATS.map((f) => [f.value, f.label]));
    expect(t.el.report.getAttribute('role')).toBe('status');
    expect(t.el.error.getAttribute('role')).toBe('alert');
  });

  it('opens modally with the folder focused and Export disabled until a folder is named', () => {
    document.getElementById('opener')!.focus();
    t.dialog.open();
    expect(t.dialog.isOpen).toBe(true);
    expect(document.activeElement).toBe(t.el.path);
    expect(t.el.format.value).toBe('html');
    expect(t.el.start.disabled).toBe(true);
    typePath(t.el.path, '/out');
    expect(t.el.start.disabled).toBe(false);
  });

  it('shows the HTML fields for the site and the tag filter for Markdown', () => {
    t.dialog.open();
    expect(t.el.htmlOptions.hidden).toBe(false);
    expect(t.el.markdownOptions.hidden).toBe(true);
    expect(t.el.baseUrl.placeholder).toBe('https://example.com/');
    expect(document.getElementById('export-base-url-hint')!.textContent).toMatch(/feed and the sitemap/);
    choose(t.el.format, 'hugo');
    expect(t.el.htmlOptions.hidden).toBe(true);
    expect(t.el.markdownOptions.hidden).toBe(false);
    expect(t.el.formatHint.textContent).toMatch(/content\/posts\//);
  });

  it('lists the library’s tags as text and keeps the chosen one', () => {
    t.dialog.open();
    t.dialog.setTags([
      { name: 'travel', count: 3 },
      { name: '<b>x</b>', count: 1200 },
    ]);
    expect(Array.from(t.el.tag.options).map((o) => o.textContent)).toEqual(['All posts', 'travel (3)', '<b>x</b> (1,200)']);
    expect(t.el.tag.querySelector('b')).toBeNull();
    t.el.tag.value = 'travel';
    t.dialog.setTags([{ name: 'food', count: 1 }]);
    expect(t.el.tag.value).toBe('travel');
  });

  it('runs an HTML export with progress, disabling the fields and holding Escape', async () => {
    t.dialog.open();
    typePath(t.el.path, '  /home/me/site ');
    t.el.baseUrl.value = 'https://example.com/';
    t.el.includeDrafts.checked = true;
    submit(t.el.form);
    await flush();
    expect(t.calls.run).toEqual([
      {
        kind: 'html',
        options: { out: '/home/me/site', baseUrl: 'https://example.com/', title: null, includeDrafts: true },
      },
    ]);
    expect(t.el.running.hidden).toBe(false);
    expect(t.el.cancel.hidden).toBe(false);
    expect(document.activeElement).toBe(t.el.cancel);
    for (const input of [t.el.format, t.el.path, t.el.browse, t.el.includeDrafts, t.el.baseUrl, t.el.title, t.el.start, t.el.close]) {
      expect(input.disabled).toBe(true);
    }
    expect(t.el.count.textContent).toBe('Exporting…');
    expect(t.el.progress.hasAttribute('value')).toBe(false);

    t.progress({ phase: 'posts', done: 64, total: 256, current: 'posts/<i>a</i>.md' });
    expect(t.el.progress.max).toBe(256);
    expect(t.el.progress.value).toBe(64);
    expect(t.el.count.textContent).toBe('64 of 256 posts (25%)');
    expect(t.el.current.textContent).toContain('posts/<i>a</i>.md');
    // After the posts, an HTML site's tag pages: the bar starts over and says so.
    t.progress({ phase: 'tags', done: 16, total: 64, current: 'tags/remote-work/' });
    expect(t.el.progress.max).toBe(64);
    expect(t.el.count.textContent).toBe('16 of 64 tag pages (25%)');
    expect(t.el.current.querySelector('i')).toBeNull();

    const escape = new Event('cancel', { cancelable: true });
    t.el.dialog.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);

    t.finish(report({ posts: 3, files: 9, bytes: 20480, seconds: 0.25 }));
    await flush();
    expect(t.el.running.hidden).toBe(true);
    expect(t.el.cancel.hidden).toBe(true);
    expect(t.el.report.hidden).toBe(false);
    expect(t.el.summary.textContent).toBe('Exported 3 posts: 9 files, 20 KB in 0.3 s.');
    expect(t.el.where.textContent).toBe('Written to /home/me/site');
    expect(document.activeElement).toBe(t.el.close);
    expect(t.el.close.disabled).toBe(false);
  });

  it('runs a Markdown export with its flavor and tag', async () => {
    t.dialog.setTags([{ name: 'travel', count: 3 }]);
    t.dialog.open();
    choose(t.el.format, 'zola');
    typePath(t.el.path, '/zola');
    choose(t.el.tag, 'travel');
    t.el.baseUrl.value = 'not checked for Markdown';
    submit(t.el.form);
    await flush();
    expect(t.calls.run).toEqual([
      { kind: 'markdown', options: { out: '/zola', flavor: 'zola', includeDrafts: false, tag: 'travel' } },
    ]);
  });

  it('lists warnings as text and explains an export of nothing', async () => {
    t.dialog.open();
    typePath(t.el.path, '/site');
    submit(t.el.form);
    await flush();
    const evil = '<img src=x onerror="alert(1)">.md';
    t.finish(report({ files: 2, warnings: [{ path: evil, message: 'links to <b>missing.png</b>' }] }));
    await flush();
    const warnings = document.getElementById('export-warnings') as HTMLDetailsElement;
    expect(warnings.tagName).toBe('DETAILS');
    expect(warnings.textContent).toContain(evil);
    expect(warnings.textContent).toContain('links to <b>missing.png</b>');
    expect(t.el.report.querySelector('img, b')).toBeNull();
    expect(t.el.details.textContent).toMatch(/No published posts to export/);
  });

  it('refuses a base URL a feed cannot use, without running', async () => {
    t.dialog.open();
    typePath(t.el.path, '/site');
    t.el.baseUrl.value = 'example.com';
    submit(t.el.form);
    await flush();
    expect(t.calls.run).toHaveLength(0);
    expect(t.el.error.hidden).toBe(false);
    expect(t.el.error.textContent).toMatch(/whole web address/);
    expect(t.el.baseUrl.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(t.el.baseUrl);
  });

  it('shows an error in the dialog and keeps the fields to fix', async () => {
    t.dialog.open();
    typePath(t.el.path, '/full');
    t.el.title.value = 'My blog';
    submit(t.el.form);
    await flush();
    const message =
      '/full is not empty and Quire did not export into it; choose an empty folder (or one Quire exported to before)';
    t.fail({ kind: 'user', message });
    await flush();
    expect(t.el.error.hidden).toBe(false);
    expect(t.el.error.textContent).toBe(`The export failed: ${message}`);
    expect(t.el.report.hidden).toBe(true);
    expect(t.el.path.value).toBe('/full');
    expect(t.el.title.value).toBe('My blog');
    expect(t.el.path.disabled).toBe(false);
    expect(t.el.start.disabled).toBe(false);
    expect(document.activeElement).toBe(t.el.path);
  });

  it('cancels through cancel_job and says how to finish', async () => {
    t.dialog.open();
    typePath(t.el.path, '/site');
    submit(t.el.form);
    await flush();
    t.el.cancel.click();
    await flush();
    expect(t.calls.cancel).toBe(1);
    expect(t.el.cancel.disabled).toBe(true);
    expect(t.el.cancel.textContent).toBe('Cancelling…');
    t.fail({ kind: 'user', message: 'cancelled' });
    await flush();
    expect(t.el.summary.textContent).toBe('Export cancelled; running it again finishes the job.');
    expect(t.el.error.hidden).toBe(true);
    expect(t.el.path.disabled).toBe(false);
  });

  it('remembers the export for this library and fills it in next time, ready to go', async () => {
    t.dialog.open();
    typePath(t.el.path, '/site');
    t.el.baseUrl.value = 'https://example.com/';
    t.el.title.value = 'My blog';
    submit(t.el.form);
    await flush();
    t.finish(report({ posts: 1 }));
    await flush();
    t.el.close.click();

    const next = setup(t.state.memory);
    const opener = document.getElementById('opener')!;
    opener.focus();
    next.dialog.open();
    expect(next.el.format.value).toBe('html');
    expect(next.el.path.value).toBe('/site');
    expect(next.el.baseUrl.value).toBe('https://example.com/');
    expect(next.el.title.value).toBe('My blog');
    expect(next.el.start.disabled).toBe(false);
    expect(document.activeElement).toBe(next.el.start);
    next.el.close.click();
    expect(document.activeElement).toBe(opener);
  });

  it('fills in per library and swaps folders with the format', () => {
    let memory = rememberExport(emptyMemory(), '/blog', {
      format: 'hugo',
      out: '/hugo',
      baseUrl: 'https://a/',
      title: 'A',
    });
    memory = rememberExport(memory, '/blog', { format: 'html', out: '/site', baseUrl: 'https://a/', title: 'A' });
    const s = setup(memory);
    s.dialog.open();
    expect(s.el.path.value).toBe('/site');
    choose(s.el.format, 'hugo');
    expect(s.el.path.value).toBe('/hugo');
    choose(s.el.format, 'jekyll');
    expect(s.el.path.value).toBe('');
    typePath(s.el.path, '/typed');
    choose(s.el.format, 'html');
    expect(s.el.path.value).toBe('/typed');
    s.dialog.close();

    // Reopened for the same library: what was typed stays.
    s.dialog.open();
    expect(s.el.path.value).toBe('/typed');
    s.dialog.close();

    // Another library: its own memory (none), the last format.
    s.state.library = '/other';
    s.dialog.open();
    expect(s.el.format.value).toBe('html');
    expect(s.el.path.value).toBe('');
    expect(s.el.baseUrl.value).toBe('');
  });

  it('offers Open folder and View site after an HTML export', async () => {
    t.dialog.open();
    expect(t.el.next.hidden).toBe(true);
    typePath(t.el.path, ' /home/me/site ');
    submit(t.el.form);
    await flush();
    expect(t.el.next.hidden).toBe(true);
    t.finish(report({ posts: 3, files: 9 }));
    await flush();
    expect(t.el.next.hidden).toBe(false);
    expect(t.el.openFolder.textContent).toBe('Open folder');
    expect(t.el.viewSite.hidden).toBe(false);
    expect(t.el.viewSite.textContent).toBe('View site');
    // The report still has the focus on Close, as before.
    expect(document.activeElement).toBe(t.el.close);
    t.el.openFolder.click();
    t.el.viewSite.click();
    await flush();
    expect(t.calls.opened).toEqual([
      ['/home/me/site', false],
      ['/home/me/site', true],
    ]);
  });

  it('offers only Open folder after a Markdown export, and nothing after a cancelled one', async () => {
    t.dialog.open();
    choose(t.el.format, 'hugo');
    typePath(t.el.path, '/hugo');
    submit(t.el.form);
    await flush();
    t.finish(report({ posts: 1 }));
    await flush();
    expect(t.el.next.hidden).toBe(false);
    expect(t.el.viewSite.hidden).toBe(true);
    t.el.openFolder.click();
    await flush();
    expect(t.calls.opened).toEqual([['/hugo', false]]);

    t.state.pending = deferred<ExportReport>();
    submit(t.el.form);
    await flush();
    // A new run clears the last one's next steps.
    expect(t.el.next.hidden).toBe(true);
    t.fail({ kind: 'user', message: 'cancelled' });
    await flush();
    expect(t.el.report.hidden).toBe(false);
    expect(t.el.next.hidden).toBe(true);
  });

  it('shows in the dialog why the folder could not be opened', async () => {
    t.dialog.open();
    typePath(t.el.path, '/site');
    submit(t.el.form);
    await flush();
    t.finish(report({ posts: 1 }));
    await flush();
    t.failOpen({ kind: 'user', message: 'it could not be opened: no file manager' });
    t.el.viewSite.click();
    await flush();
    expect(t.el.error.hidden).toBe(false);
    expect(t.el.error.textContent).toBe('Could not open the site: it could not be opened: no file manager');
    // The report stays, to try the other button.
    expect(t.el.report.hidden).toBe(false);
    expect(t.el.next.hidden).toBe(false);
  });

  it('clears the next steps when opened again', async () => {
    t.dialog.open();
    typePath(t.el.path, '/site');
    submit(t.el.form);
    await flush();
    t.finish(report({ posts: 1 }));
    await flush();
    t.el.close.click();
    t.dialog.open();
    expect(t.el.next.hidden).toBe(true);
  });
});
