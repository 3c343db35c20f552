#!/usr/bin/env node
// End-to-end smoke test: drives the real Quire window over W3C WebDriver
// (tauri-driver in front of WebKitWebDriver; the plumbing is in wd.mjs).
// Plain Node 20, no dependencies.
//
// Env:
//   QUIRE_APP_BIN   absolute path of the built app binary (required)
//   WEBDRIVER_URL   default http://127.0.0.1:4444
//   QUIRE_E2E_SHOTS optional folder for screenshots (taken at the end of each
//                   session and when a step fails)
//   QUIRE_E2E_IMPORT_SRC absolute path of a folder to import (required; run.sh
//                   makes it: two posts tagged "Imported Tag"/"jekyll-tag" and broken.md)
//   QUIRE_LIBRARY   the library folder the app opens (required; the test edits a
//                   post's file there as another editor would). The HTML export
//                   goes to a fresh folder beside it (export-site).
// Xvfb, tauri-driver and a fresh QUIRE_LIBRARY / QUIRE_DATA_DIR come from run.sh.

import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import {
  BIN,
  ELEMENT,
  sleep,
  KEY,
  clear,
  click,
  deleteSession,
  editorText,
  exec,
  exportState,
  find,
  findPostFile,
  findAll,
  newSession,
  passedSteps,
  runSuite,
  s,
  shot,
  slugOfPostFile,
  startExport,
  step,
  text,
  type,
  typeLine,
  waitFor,
  wd,
} from './wd.mjs';
import { sql } from './system.mjs';

const IMPORT_SRC = process.env.QUIRE_E2E_IMPORT_SRC || '';
const LIBRARY = process.env.QUIRE_LIBRARY || '';
const DATA_DIR = process.env.QUIRE_DATA_DIR || '';
// Beside the library in run.sh's temp folder (outside the library, as export requires).
const EXPORT_OUT = LIBRARY ? join(dirname(LIBRARY), 'export-site') : '';

const TITLE = 'Smoke Test Post';
// Typed while a conflict waits, just before the app is killed.
const CRASH_TYPED = 'Typed while the banner was up';
const CRASH_MORE = ', then the app died.';
// Pasted a moment before the app is killed.
const PASTED = 'A paragraph pasted from elsewhere, a moment before the crash.';
const DIALOG_TYPED = 'Typed, then a dialog opened.';
const TAG = 'smoke-tag';
// Typed line by line; a blank line keeps the paragraph and the table apart.
const BODY = ['# Hello Quire', '', 'Quire keeps this paragraph.', '', '| a | b |', '|---|---|', '| 1 | 2 |'];
// What run.sh puts in QUIRE_E2E_IMPORT_SRC.
const IMPORTED = ['Imported Hugo Post', 'Jekyll Import'];
const IMPORTED_TAG = 'Imported Tag';
const WHILE_CLOSED = 'Written While Closed';
// Edits made to the post's file outside Quire, and what is typed meanwhile.
const PARAGRAPH = 'Quire keeps this paragraph.';
const OUTSIDE_EDIT = 'Another editor rewrote this paragraph.';
const OUTSIDE_AGAIN = 'Another editor rewrote this paragraph twice.';
const TYPED = 'Typed in Quire while the file changed.';

// ---- reading the app's state ---------------------------------------------------

const listedTitles = () =>
  exec(`return Array.from(document.querySelectorAll('#post-list li.post-row .post-title')).map((e) => e.textContent);`);
const chipNames = () => exec(`return Array.from(document.querySelectorAll('.tag-chip')).map((e) => e.textContent.trim());`);
const savedState = () => exec(`const el = document.querySelector('#status-saved'); return el ? el.textContent.trim() : null;`);
const previewState = () =>
  exec(`
    const p = document.querySelector('#preview');
    const h1 = p && p.querySelector('h1');
    return {
      h1: h1 ? h1.textContent : null,
      table: !!(p && p.querySelector('table')),
      cells: p ? Array.from(p.querySelectorAll('table td')).map((td) => td.textContent.trim()) : [],
    };`);

const importState = () =>
  exec(`
    const q = (sel) => document.querySelector(sel);
    const report = q('#import-report');
    const error = q('#import-error');
    return {
      open: !!(q('#import-dialog') && q('#import-dialog').open),
      busy: q('#import-dialog') ? q('#import-dialog').getAttribute('aria-busy') === 'true' : false,
      report: report && !report.hidden ? report.textContent : null,
      summary: q('#import-summary') ? q('#import-summary').textContent.trim() : '',
      skipped: q('#import-skipped') ? q('#import-skipped').textContent : '',
      posts: q('#import-posts') ? q('#import-posts').textContent : '',
      // Not "error": wd() reads a result's "error" key as the driver failing.
      failure: error && !error.hidden ? error.textContent : null,
    };`);
const selectValue = (select) => exec(`return document.querySelector(arguments[0]).value;`, [select]);

/** Picks an option of a <select> (matched without regard to case) by clicking it, as a writer would. */
async function chooseOption(select, value) {
  const option = await exec(
    `return Array.from(document.querySelectorAll(arguments[0] + ' option'))
      .find((o) => o.value.toLowerCase() === arguments[1].toLowerCase()) || null;`,
    [select, value],
  );
  if (!option) {
    const values = await exec(`return Array.from(document.querySelectorAll(arguments[0] + ' option')).map((o) => o.value);`, [
      select,
    ]);
    throw new Error(`${select} has no option ${JSON.stringify(value)} (it has ${JSON.stringify(values)})`);
  }
  const picked = async () => (await selectValue(select)).toLowerCase() === value.toLowerCase();
  // Clicking an <option> selects it (W3C Element Click) without opening the native popup.
  await click(option[ELEMENT]);
  try {
    await waitFor(picked, 3000, `${select} to read ${JSON.stringify(value)}`);
  } catch {
    // Some WebKitWebDriver builds leave a clicked <option> unselected: choose it the
    // way the browser would, firing the same change event the app listens to.
    console.error(`  (clicking the option did not select it; choosing ${JSON.stringify(value)} by script)`);
    await exec(
      `const s = document.querySelector(arguments[0]);
       s.value = Array.from(s.options).find((o) => o.value.toLowerCase() === arguments[1].toLowerCase()).value;
       s.dispatchEvent(new Event('change', { bubbles: true }));`,
      [select, value],
    );
    await waitFor(picked, 3000, `${select} to read ${JSON.stringify(value)}`);
  }
}

const chooseTagFilter = (value) => chooseOption('#filter-tag', value);

const conflictBannerShown = () =>
  exec(`const b = document.querySelector('#conflict-banner');
    return !!b && !b.hidden && b.getBoundingClientRect().height > 0;`);


async function previewHasPost() {
  const p = await previewState();
  return p.h1 && p.h1.includes('Hello Quire') && p.table && p.cells.includes('1') ? p : false;
}

async function main() {
  if (!BIN || !isAbsolute(BIN)) throw new Error('set QUIRE_APP_BIN to the absolute path of the built app binary');
  if (!IMPORT_SRC || !isAbsolute(IMPORT_SRC)) {
    throw new Error('set QUIRE_E2E_IMPORT_SRC to the absolute path of a folder to import (run.sh makes one)');
  }
  if (!LIBRARY || !isAbsolute(LIBRARY)) throw new Error('set QUIRE_LIBRARY to the absolute path of the library folder (run.sh does)');

  await step('start the app', async () => {
    await newSession();
    await waitFor(() => exec(`return !!document.querySelector('#post-list');`), 20000, '#post-list');
    // Loaded: a post is listed, or the empty library says so.
    await waitFor(
      () => exec(`return !!document.querySelector('#post-list li.post-row, #empty-state:not([hidden])');`),
      20000,
      'the post list or the empty state',
    );
  });

  await step('create a post', async () => {
    const before = (await listedTitles()).length;
    await click(await find('#new-post'));
    await waitFor(async () => (await listedTitles()).length > before, 10000, 'a new row in #post-list');
    await waitFor(() => exec(`return !document.querySelector('#title').disabled;`), 5000, '#title to be enabled');
    // Empty, it has no file yet.
    const empty = markdownFiles(LIBRARY).filter((f) => /untitled/.test(f));
    if (empty.length) throw new Error(`an empty new post was written: ${empty.join(', ')}`);
  });

  await step('set the title', async () => {
    const title = await find('#title');
    await clear(title);
    await type(title, TITLE, async () => (await exec(`return document.querySelector('#title').value;`)) !== '');
    const value = await exec(`return document.querySelector('#title').value;`);
    if (value !== TITLE) throw new Error(`#title reads ${JSON.stringify(value)}, expected ${JSON.stringify(TITLE)}`);
    await waitFor(async () => (await listedTitles()).includes(TITLE), 10000, `a row titled ${JSON.stringify(TITLE)}`);
    // The file is named after the title, which is the post's URL on a site.
    await waitFor(() => markdownFiles(LIBRARY).some((f) => f.endsWith('/smoke-test-post.md')), 10000, 'smoke-test-post.md on disk');
    const stray = markdownFiles(LIBRARY).filter((f) => /untitled/.test(f));
    if (stray.length) throw new Error(`the titled post left ${stray.join(', ')}`);
  });

  await step('type Markdown into the editor', async () => {
    const content = await find('.cm-content');
    await click(content);
    // To the end of the document, then a blank line after whatever the new post holds.
    const before = await editorText();
    await type(content, KEY.control + KEY.end + KEY.release + KEY.enter + KEY.enter, async () => (await editorText()) !== before);
    for (let i = 0; i < BODY.length; i++) await typeLine(content, BODY[i], i === BODY.length - 1);
    const doc = await editorText();
    if (!doc.includes(BODY.join('\n'))) throw new Error(`the editor holds ${JSON.stringify(doc)}`);
  });

  await step('preview shows the heading and the table', async () => {
    await waitFor(previewHasPost, 10000, '#preview h1 "Hello Quire" and a table cell "1"');
  });

  await step('add a tag', async () => {
    const input = await find('#tags-input');
    await type(input, TAG + KEY.enter, async () => (await chipNames()).includes(TAG));
    await waitFor(async () => (await chipNames()).includes(TAG), 10000, `a .tag-chip "${TAG}"`);
  });

  await step('everything is saved', async () => {
    await waitFor(async () => (await savedState()) === 'Saved', 15000, '#status-saved to read "Saved"');
    const shown = await text(await find('#status-saved'));
    if (shown !== 'Saved') throw new Error(`#status-saved shows ${JSON.stringify(shown)}`);
    // The tag went into the text: the editor still holds the body once.
    const doc = await editorText();
    if (!doc.includes(TAG)) throw new Error(`the front matter does not mention ${TAG}: ${JSON.stringify(doc)}`);
    if (doc.split('# Hello Quire').length !== 2) throw new Error(`the body is not there exactly once: ${JSON.stringify(doc)}`);
  });

  await step('search finds the post', async () => {
    const search = await find('#search');
    await click(search);
    await type(search, 'Smoke', async () => (await exec(`return document.querySelector('#search').value;`)) === 'Smoke');
    await waitFor(async () => (await listedTitles()).includes(TITLE), 10000, `a search result titled ${JSON.stringify(TITLE)}`);
  });

  await step('open the import dialog', async () => {
    await click(await find('#import-open'));
    await waitFor(async () => (await importState()).open, 5000, '#import-dialog to open');
    const start = await exec(`return document.querySelector('#import-start').disabled;`);
    if (!start) throw new Error('#import-start is enabled with no folder named');
  });

  await step('import a folder', async () => {
    const path = await find('#import-path');
    await clear(path);
    const pathValue = () => exec(`return document.querySelector('#import-path').value;`);
    await type(path, IMPORT_SRC, async () => (await pathValue()) !== '');
    const typed = await pathValue();
    if (typed !== IMPORT_SRC) throw new Error(`#import-path reads ${JSON.stringify(typed)}, expected ${JSON.stringify(IMPORT_SRC)}`);
    await waitFor(() => exec(`return !document.querySelector('#import-start').disabled;`), 5000, '#import-start to be enabled');
    // A dropped click is not repeated once the import started (a second run would report "unchanged").
    await wd('POST', s(`/element/${await find('#import-start')}/click`), {}, {
      landed: async () => {
        const st = await importState();
        return st.busy || st.report !== null || st.failure !== null;
      },
    });
    const st = await waitFor(async () => {
      const st = await importState();
      return st.failure !== null || (st.report !== null && !st.busy) ? st : false;
    }, 30000, '#import-report or #import-error');
    if (st.failure !== null) throw new Error(`the import failed: ${st.failure}`);
    if (!/\bImported 2 posts\b/.test(st.summary) || !/\b1 skipped\b/.test(st.summary)) {
      throw new Error(`#import-summary reads ${JSON.stringify(st.summary)}, expected "Imported 2 posts" and "1 skipped"`);
    }
    if (!st.skipped.includes('broken.md')) throw new Error(`#import-skipped does not mention broken.md: ${JSON.stringify(st.skipped)}`);
    for (const title of IMPORTED) {
      if (!st.posts.includes(title)) throw new Error(`#import-posts does not list ${JSON.stringify(title)}: ${JSON.stringify(st.posts)}`);
    }
  });

  await shot('1-import-report');

  await step('close the import dialog', async () => {
    await click(await find('#import-close'));
    await waitFor(async () => !(await importState()).open, 5000, '#import-dialog to close');
  });

  await step('the imported posts are listed', async () => {
    await waitFor(async () => {
      const titles = await listedTitles();
      return [TITLE, ...IMPORTED].every((t) => titles.includes(t));
    }, 10000, `rows titled ${JSON.stringify([TITLE, ...IMPORTED])} in #post-list`);
  });

  await step('filter by an imported tag', async () => {
    await chooseTagFilter(IMPORTED_TAG);
    await waitFor(async () => {
      const titles = await listedTitles();
      return titles.length === 1 && titles[0] === IMPORTED[0] ? titles : false;
    }, 10000, `#post-list to list only ${JSON.stringify(IMPORTED[0])}`);
  });

  await step('reset the tag filter', async () => {
    await chooseTagFilter('');
    await waitFor(async () => {
      const titles = await listedTitles();
      return [TITLE, ...IMPORTED].every((t) => titles.includes(t));
    }, 10000, 'every post listed again');
  });

  await shot('1-first-session');

  await step('close the app, then change the folder in another editor', async () => {
    await closeApp();
    writeFileSync(join(LIBRARY, 'written-while-closed.md'), `---\ntitle: ${WHILE_CLOSED}\n---\nWritten while Quire was closed.\n`);
    const jekyll = findPostFile(LIBRARY, [IMPORTED[1]]);
    writeFileSync(jekyll, `${readFileSync(jekyll, 'utf8')}\nA line added while Quire was closed.\n`);
  });

  await step('start the app again on the same library', async () => {
    await newSession();
    await waitFor(async () => (await listedTitles()).includes(TITLE), 20000, `a row titled ${JSON.stringify(TITLE)} after restart`);
  });

  await step('what changed while Quire was closed is listed and told', async () => {
    // The folder is scanned once the list is on screen: the news comes after it.
    await waitFor(async () => (await listedTitles()).includes(WHILE_CLOSED), 20000, `a row titled ${JSON.stringify(WHILE_CLOSED)}`);
    const toast = await waitFor(
      () => exec(`return Array.from(document.querySelectorAll('#toasts *')).map((e) => e.textContent).find((t) => t.startsWith('While Quire was closed')) || null;`),
      20000,
      'a notice of what changed while Quire was closed',
    );
    if (!toast.includes('1 post changed') || !toast.includes('1 post added')) throw new Error(`the notice reads ${JSON.stringify(toast)}`);
  });

  await step('the imported posts survived the restart', async () => {
    await waitFor(async () => {
      const titles = await listedTitles();
      return IMPORTED.every((t) => titles.includes(t));
    }, 10000, `rows titled ${JSON.stringify(IMPORTED)} after restart`);
  });

  await step('open the post again', async () => {
    const rows = await findAll('#post-list li.post-row');
    if (rows.length === 0) throw new Error('#post-list is empty');
    const row = await exec(
      `return Array.from(document.querySelectorAll('#post-list li.post-row'))
        .find((r) => r.querySelector('.post-title').textContent.trim() === arguments[0]) || null;`,
      [TITLE],
    );
    if (!row) throw new Error(`no row titled ${JSON.stringify(TITLE)}`);
    await click(row[ELEMENT]);
    await waitFor(
      async () => (await exec(`return document.querySelector('#title').value;`)) === TITLE,
      10000,
      `#title to read ${JSON.stringify(TITLE)}`,
    );
  });

  await step('the text, preview and tag survived the restart', async () => {
    await waitFor(previewHasPost, 10000, '#preview h1 "Hello Quire" and a table cell "1"');
    await waitFor(async () => (await chipNames()).includes(TAG), 5000, `a .tag-chip "${TAG}"`);
    const doc = await editorText();
    if (!doc.includes(BODY.join('\n'))) throw new Error(`the editor holds ${JSON.stringify(doc)}`);
    // The counts follow the post a moment after it opens (COUNTS_DELAY_MS).
    const words = () => exec(`return document.querySelector('#status-words').textContent;`);
    await waitFor(async () => /\d+ words?/.test(await words()), 5000, '#status-words to read "N words"');
  });

  await shot('2-after-restart');

  await step('an edit made outside Quire appears in the open post', async () => {
    await waitFor(async () => (await savedState()) === 'Saved', 15000, '#status-saved to read "Saved"');
    const file = findPostFile(LIBRARY, [TITLE, PARAGRAPH]);
    const before = readFileSync(file, 'utf8');
    writeFileSync(file, before.replace(PARAGRAPH, OUTSIDE_EDIT));
    await waitFor(async () => {
      const doc = await editorText();
      return doc.includes(OUTSIDE_EDIT) && !doc.includes(PARAGRAPH);
    }, 5000, `.cm-content to show ${JSON.stringify(OUTSIDE_EDIT)}`);
    await waitFor(
      () => exec(`return document.querySelector('#preview').textContent.includes(arguments[0]);`, [OUTSIDE_EDIT]),
      5000,
      `#preview to show ${JSON.stringify(OUTSIDE_EDIT)}`,
    );
    if (await conflictBannerShown()) throw new Error('#conflict-banner showed for an edit made with nothing unsaved');
    // Taken as stored, not saved back.
    const shown = await savedState();
    if (shown !== 'Saved') throw new Error(`#status-saved reads ${JSON.stringify(shown)} after the outside edit`);
  });

  await step('typing meets an outside edit: keep mine', async () => {
    const file = findPostFile(LIBRARY, [TITLE, OUTSIDE_EDIT]);
    const content = await find('.cm-content');
    await click(content);
    const before = await editorText();
    // Control+End alone first: WebKitWebDriver may keep Control held through
    // the rest of one request, which turns the typed letters into shortcuts.
    await type(content, KEY.control + KEY.end + KEY.release);
    await type(content, KEY.enter + TYPED, async () => (await editorText()).includes(TYPED));
    // At once, well inside the autosave pause: the typed line is not stored yet.
    writeFileSync(file, readFileSync(file, 'utf8').replace(OUTSIDE_EDIT, OUTSIDE_AGAIN));
    await waitFor(conflictBannerShown, 10000, '#conflict-banner to show');
    const typed = await editorText();
    if (!typed.includes(TYPED)) throw new Error(`the banner came but the editor lost the typing: ${JSON.stringify(typed)}`);
    const diff = await exec(`return document.querySelector('#conflict-diff').textContent;`);
    if (!diff.includes(OUTSIDE_AGAIN)) throw new Error(`#conflict-diff does not show the outside text: ${JSON.stringify(diff)}`);
    await shot('2b-conflict');
    // A dropped click is not repeated once the banner went (the button is gone then).
    await wd('POST', s(`/element/${await find('#conflict-keep-mine')}/click`), {}, {
      landed: async () => !(await conflictBannerShown()),
    });
    await waitFor(async () => !(await conflictBannerShown()), 5000, '#conflict-banner to close');
    const doc = await editorText();
    if (!doc.includes(TYPED)) throw new Error(`the editor lost the typed text: ${JSON.stringify(doc)}`);
    if (doc.includes(OUTSIDE_AGAIN)) throw new Error(`the editor took the outside text: ${JSON.stringify(doc)}`);
    await waitFor(async () => (await savedState()) === 'Saved', 10000, '#status-saved to read "Saved"');
    await waitFor(() => readFileSync(file, 'utf8').includes(TYPED), 5000, `${file} to hold the typed text`);
  });

  await step('history lists the outside and conflict versions and shows a diff', async () => {
    await click(await find('#history-open'));
    await waitFor(() => exec(`return document.querySelector('#history-panel').open;`), 5000, '#history-panel to open');
    const sources = await waitFor(async () => {
      const s = await exec(`return Array.from(document.querySelectorAll('#history-panel .revision-row .revision-source')).map((e) => e.textContent.trim());`);
      return s.includes('another app') && s.includes('conflict') ? s : false;
    }, 5000, 'revisions from outside and from the conflict');
    const rows = await exec(`return document.querySelectorAll('#history-panel .revision-row').length;`);
    if (rows !== sources.length) throw new Error(`${rows} rows but ${sources.length} sources`);
    // The newest revision (the outside text kept by "keep mine") against the current text.
    await click(await find('#history-panel .revision-row'));
    await waitFor(
      () => exec(`return document.querySelector('#history-diff').textContent.includes(arguments[0]);`, [OUTSIDE_AGAIN]),
      5000,
      `#history-diff to show ${JSON.stringify(OUTSIDE_AGAIN)}`,
    );
    await shot('2c-history');
    await click(await find('#history-close'));
    await waitFor(async () => !(await exec(`return document.querySelector('#history-panel').open;`)), 5000, '#history-panel to close');
  });

  await step('export the library as an HTML site', async () => {
    // A fresh, empty folder, so the export does not refuse it (or replace an older run's).
    if (existsSync(EXPORT_OUT) && readdirSync(EXPORT_OUT).length > 0) {
      throw new Error(`${EXPORT_OUT} is not empty; run.sh gives every run a fresh temp folder`);
    }
    mkdirSync(EXPORT_OUT, { recursive: true });
    const slug = slugOfPostFile(findPostFile(LIBRARY, [TITLE]));
    await click(await find('#export-open'));
    await waitFor(async () => (await exportState()).open, 5000, '#export-dialog to open');
    await chooseOption('#export-format', 'html');
    await waitFor(
      () => exec(`return !document.querySelector('#export-html-options').hidden;`),
      3000,
      '#export-html-options to show for the HTML site',
    );
    const path = await find('#export-path');
    await clear(path);
    const pathValue = () => exec(`return document.querySelector('#export-path').value;`);
    await type(path, EXPORT_OUT, async () => (await pathValue()) !== '');
    const typed = await pathValue();
    if (typed !== EXPORT_OUT) throw new Error(`#export-path reads ${JSON.stringify(typed)}, expected ${JSON.stringify(EXPORT_OUT)}`);
    // The smoke test post is still a draft (new posts are).
    const drafts = () => exec(`return document.querySelector('#export-include-drafts').checked;`);
    if (!(await drafts())) {
      await wd('POST', s(`/element/${await find('#export-include-drafts')}/click`), {}, { landed: drafts });
      await waitFor(drafts, 3000, '#export-include-drafts to be ticked');
    }
    const st = await startExport();
    if (st.failure !== null) throw new Error(`the export failed: ${st.failure}`);
    if (!/^Exported \d[\d,]* posts?: /.test(st.summary)) {
      throw new Error(`#export-summary reads ${JSON.stringify(st.summary)}, expected "Exported N posts: …"`);
    }
    const index = join(EXPORT_OUT, 'index.html');
    if (!existsSync(index)) throw new Error(`${index} was not written`);
    const page = join(EXPORT_OUT, 'posts', slug, 'index.html');
    if (!existsSync(page)) throw new Error(`${page} (the page of the post ${JSON.stringify(slug)}) was not written`);
    if (!readFileSync(page, 'utf8').includes(TITLE)) throw new Error(`${page} does not contain ${JSON.stringify(TITLE)}`);
    await shot('2d-export-report');
    // The report's next steps open the site and its folder (run.sh's opener records them).
    const opened = () => (existsSync(process.env.QUIRE_E2E_OPENED) ? readFileSync(process.env.QUIRE_E2E_OPENED, 'utf8') : '');
    await click(await find('#export-view-site'));
    await waitFor(() => opened().includes(`${realpathSync(EXPORT_OUT)}/index.html`), 10000, 'View site to open the exported index.html');
    await click(await find('#export-open-folder'));
    await waitFor(() => opened().split('\n').some((l) => l.replace(/^file:\/\//, '').replace(/\/$/, '') === realpathSync(EXPORT_OUT)), 10000, 'Open folder to open the export folder');
    await click(await find('#export-close'));
    await waitFor(async () => !(await exportState()).open, 5000, '#export-dialog to close');
  });

  await step('open the imported folder in place', async () => {
    await click(await find('#library-open'));
    await waitFor(() => exec(`return document.querySelector('#library-dialog').open;`), 5000, '#library-dialog to open');
    const path = await find('#library-path');
    await clear(path);
    const pathValue = () => exec(`return document.querySelector('#library-path').value;`);
    await type(path, IMPORT_SRC, async () => (await pathValue()) !== '');
    if ((await pathValue()) !== IMPORT_SRC) throw new Error(`#library-path reads ${JSON.stringify(await pathValue())}`);
    await click(await find('#library-open-confirm'));
    // The folder's own posts, where they are: the two good files; the library's posts are gone from the list.
    await waitFor(async () => {
      const titles = await listedTitles();
      return IMPORTED.every((t) => titles.includes(t)) && !titles.includes(TITLE);
    }, 15000, `the list to show ${JSON.stringify(IMPORTED)} and not ${JSON.stringify(TITLE)}`);
    const folder = await exec(`return document.body.textContent;`);
    if (!folder.includes(IMPORT_SRC)) throw new Error('the status bar does not show the opened folder');
  });

  await shot('3-opened-in-place');

  await step('a post with broken front matter says so', async () => {
    const row = await waitFor(
      () => exec(`return Array.from(document.querySelectorAll('#post-list li.post-row')).find((r) => r.querySelector('.problem-badge')) || null;`),
      5000,
      'a row with a .problem-badge',
    );
    await click(row[ELEMENT]);
    const notice = await waitFor(async () => {
      const t = await exec(`const el = document.querySelector('#post-problem'); return el && !el.hidden ? el.textContent : null;`);
      return t || false;
    }, 5000, '#post-problem to show');
    if (!/front matter/i.test(notice) || !/line \d+/.test(notice)) throw new Error(`#post-problem reads ${JSON.stringify(notice)}`);
    // Its body still renders, and nothing of the previous post lingers in the preview.
    await waitFor(
      () => exec(`const p = document.querySelector('#preview'); const t = document.querySelector('#preview-title'); return p.textContent.trim() === 'body' && t.hidden;`),
      5000,
      '#preview to show only "body", with no title',
    );
  });

  await shot('4-front-matter-problem');

  await step('a damaged library database is repaired from the folder, with a notice', async () => {
    await closeApp();
    // The library's database, found by the note beside it naming its folder.
    const dir = join(DATA_DIR, 'libraries');
    const folders = [LIBRARY, realpathSync(LIBRARY)];
    const note = readdirSync(dir).find((f) => f.endsWith('.folder') && folders.includes(readFileSync(join(dir, f), 'utf8')));
    if (!note) throw new Error(`no database in ${dir} names ${LIBRARY}`);
    const db = join(dir, note.replace(/\.folder$/, '.sqlite3'));
    for (const journal of [`${db}-wal`, `${db}-shm`]) rmSync(journal, { force: true });
    // Its first page (the schema) stays sound; pages after the middle become
    // garbage, as a failing disk leaves them.
    const bytes = readFileSync(db);
    const page = 4096;
    const pages = Math.floor(bytes.length / page);
    if (pages < 4) throw new Error(`${db} has only ${pages} pages`);
    for (let n = Math.max(1, Math.floor(pages / 2)); n < pages; n++) bytes.fill(0xa5, n * page, n * page + 64);
    writeFileSync(db, bytes);

    await newSession();
    const toast = await waitFor(
      () => exec(`return Array.from(document.querySelectorAll('#toasts *')).map((e) => e.textContent).find((t) => t.startsWith('Quire repaired this library')) || null;`),
      30000,
      'a notice that the library was repaired',
    );
    if (!toast.includes(db) || !toast.includes('.damaged-')) throw new Error(`the notice reads ${JSON.stringify(toast)}`);
    if (!readdirSync(dir).some((f) => f.startsWith(`${note.replace(/\.folder$/, '.sqlite3')}.damaged-`))) {
      throw new Error(`the damaged database was not set aside in ${dir}`);
    }
    // Every post in the folder is listed again, from the folder.
    await waitFor(async () => {
      const titles = await listedTitles();
      return [TITLE, WHILE_CLOSED, ...IMPORTED].every((t) => titles.includes(t));
    }, 20000, 'every post of the folder listed after the repair');
  });

  await shot('5-database-repaired');

  await step('text typed while a conflict waits outlives kill -9 and is offered back', async () => {
    await clickRowTitled(TITLE);
    await waitFor(async () => (await editorText()).includes(BODY[0]), 10000, `the editor to show ${JSON.stringify(TITLE)}`);
    const file = findPostFile(LIBRARY, [TITLE]);
    const content = await find('.cm-content');
    await click(content);
    await type(content, KEY.control + KEY.end + KEY.release);
    await type(content, KEY.enter + CRASH_TYPED, async () => (await editorText()).includes(CRASH_TYPED));
    writeFileSync(file, readFileSync(file, 'utf8').replace(BODY[0], '# Changed by another app'));
    await waitFor(conflictBannerShown, 10000, '#conflict-banner to show');
    await type(content, CRASH_MORE, async () => (await editorText()).includes(CRASH_MORE));
    // Autosave is paused; within a second of the pause in typing the text is
    // kept as the post's pending version. Then the app dies as a crash does.
    await new Promise((r) => setTimeout(r, 2500));
    const killed = killApp();
    if (killed === 0) throw new Error(`no process of ${BIN} to kill`);
    await deleteSession();
    if (readFileSync(file, 'utf8').includes(CRASH_MORE)) throw new Error('the paused text reached the file');

    await newSession();
    const toast = await waitFor(
      () => exec(`return Array.from(document.querySelectorAll('#toasts *')).map((e) => e.textContent).find((t) => t.startsWith('Quire closed before it could save')) || null;`),
      30000,
      'a notice that the unsaved text was kept',
    );
    if (!toast.includes(TITLE)) throw new Error(`the notice reads ${JSON.stringify(toast)}`);
    await clickRowTitled(TITLE);
    await waitFor(async () => (await editorText()).includes('# Changed by another app'), 10000, 'the editor to show the file as it is');
    await click(await find('#history-open'));
    await waitFor(() => exec(`return document.querySelector('#history-panel').open;`), 5000, '#history-panel to open');
    await click(await find('#history-panel .revision-row'));
    await waitFor(
      () => exec(`return document.querySelector('#history-diff').textContent.includes(arguments[0]);`, [CRASH_TYPED + CRASH_MORE]),
      5000,
      `#history-diff to show the text typed before the crash, ${JSON.stringify(CRASH_TYPED + CRASH_MORE)}`,
    );
    await shot('6-kept-after-crash');
    await click(await find('#history-close'));
    await waitFor(async () => !(await exec(`return document.querySelector('#history-panel').open;`)), 5000, '#history-panel to close');
  });

  await step('text typed just before a dialog opens reaches the file; kill -9 loses none of it', async () => {
    const file = findPostFile(LIBRARY, [TITLE]);
    const content = await find('.cm-content');
    await click(content);
    await type(content, KEY.control + KEY.end + KEY.release);
    await type(content, KEY.enter + DIALOG_TYPED, async () => (await editorText()).includes(DIALOG_TYPED));
    await click(await find('#export-open'));
    await waitFor(async () => (await exportState()).open, 5000, '#export-dialog to open');
    // Autosave writes the file within a second of the pause in typing, dialog or not.
    await waitFor(() => readFileSync(file, 'utf8').includes(DIALOG_TYPED), 5000, `${file} to hold the typed text`);
    if (killApp() === 0) throw new Error(`no process of ${BIN} to kill`);
    await deleteSession();
    await newSession();
    await waitFor(async () => (await listedTitles()).includes(TITLE), 20000, `a row titled ${JSON.stringify(TITLE)} after the kill`);
    if (!readFileSync(file, 'utf8').includes(DIALOG_TYPED)) throw new Error(`${file} lost the typed text`);
  });

  await step('text pasted a moment before kill -9 is in the file after the restart', async () => {
    await clickRowTitled(TITLE);
    await waitFor(async () => (await editorText()).includes(DIALOG_TYPED), 10000, 'the editor to show the post');
    const file = findPostFile(LIBRARY, [TITLE]);
    const content = await find('.cm-content');
    await click(content);
    await type(content, KEY.control + KEY.end + KEY.release);
    // A paste as the clipboard delivers it: CodeMirror reads the event's data.
    await exec(`const data = new DataTransfer();
      data.setData('text/plain', arguments[0]);
      document.querySelector('.cm-content').dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));`, [PASTED]);
    await waitFor(async () => (await editorText()).includes(PASTED), 2000, 'the pasted text in the editor');
    // Less than the 800 ms pause after which typing is saved: only a paste saved at once survives.
    await sleep(300);
    if (killApp() === 0) throw new Error(`no process of ${BIN} to kill`);
    await deleteSession();
    await newSession();
    await waitFor(async () => (await listedTitles()).includes(TITLE), 20000, `a row titled ${JSON.stringify(TITLE)} after the kill`);
    if (!readFileSync(file, 'utf8').includes(PASTED)) throw new Error(`${file} lost the pasted text`);
  });

  await step('formatting keys: bold, italic, code, link, heading, both lists (a double Enter ends one), and Ctrl+I stays in the text', async () => {
    await clickRowTitled(TITLE);
    await waitFor(async () => (await editorText()).includes(DIALOG_TYPED), 10000, 'the editor to show the post');
    const content = await find('.cm-content');
    await click(content);
    await type(content, KEY.control + KEY.end + KEY.release);
    await type(content, KEY.enter + KEY.enter + 'bold', async () => (await editorText()).endsWith('bold'));
    await type(content, KEY.shift + KEY.home + KEY.release);
    await type(content, KEY.control + 'b' + KEY.release, async () => (await editorText()).endsWith('**bold**'));
    await type(content, KEY.end + KEY.enter + KEY.enter);
    await type(content, KEY.control + KEY.shift + '8' + KEY.release, async () => (await editorText()).endsWith('- '));
    const seen = [JSON.stringify((await editorText()).slice(-12))];
    await type(content, 'first' + KEY.enter, async () => (await editorText()).endsWith('- first\n- '));
    seen.push(JSON.stringify((await editorText()).slice(-12)));
    // Enter on the empty item ends the list: what follows is a paragraph of its own.
    await type(content, KEY.enter + 'after', async () => (await editorText()).endsWith('after'));
    const doc = await editorText();
    if (!doc.endsWith('**bold**\n\n- first\n\nafter')) {
      throw new Error(`the text ends ${JSON.stringify(doc.slice(-40))}; on the way ${seen.join(', ')}`);
    }
    await type(content, KEY.shift + KEY.home + KEY.release);
    await type(content, KEY.control + 'i' + KEY.release, async () => (await editorText()).endsWith('*after*'));
    if (await exec(`return document.querySelector('#import-dialog').open;`)) throw new Error('Ctrl+I in the text opened the import dialog');
    // The rest of the formatting keys, each on a line of its own.
    const endsWith = (tail) => async () => (await editorText()).endsWith(tail);
    await type(content, KEY.end + KEY.enter + KEY.enter + 'code');
    await type(content, KEY.shift + KEY.home + KEY.release);
    await type(content, KEY.control + 'e' + KEY.release, endsWith('`code`'));
    await waitFor(endsWith('`code`'), 3000, 'Ctrl+E to make `code`');
    await type(content, KEY.end + KEY.enter + KEY.enter + 'a link');
    await type(content, KEY.shift + KEY.home + KEY.release);
    await type(content, KEY.control + 'k' + KEY.release, endsWith('[a link]()'));
    await waitFor(endsWith('[a link]()'), 3000, 'Ctrl+K to make [a link]()');
    await type(content, 'https://example.org', endsWith('[a link](https://example.org)'));
    await waitFor(endsWith('[a link](https://example.org)'), 3000, 'the caret inside the link\'s ()');
    await type(content, KEY.end + KEY.enter + KEY.enter + 'A heading');
    await type(content, KEY.control + '2' + KEY.release, endsWith('## A heading'));
    await waitFor(endsWith('## A heading'), 3000, 'Ctrl+2 to make a level-two heading');
    await type(content, KEY.end + KEY.enter + KEY.enter + 'step');
    await type(content, KEY.control + KEY.shift + '7' + KEY.release, endsWith('1. step'));
    await waitFor(endsWith('1. step'), 3000, 'Ctrl+Shift+7 to make a numbered list');
    await type(content, KEY.enter + KEY.enter, endsWith('1. step\n\n'));
    await type(content, KEY.control + '/' + KEY.release, () => exec(`return document.querySelector('#shortcuts-dialog').open;`));
    await waitFor(() => exec(`return document.querySelector('#shortcuts-list').textContent.includes('Bulleted list');`), 5000, 'the shortcuts sheet to list the keys');
    await shot('7-shortcuts');
    await click(await find('#shortcuts-close'));
    await waitFor(async () => !(await exec(`return document.querySelector('#shortcuts-dialog').open;`)), 5000, '#shortcuts-dialog to close');
  });

  await step('keyboard flow: Enter in the title goes to the text, a tag suggestion is taken on Enter, Escape clears the search', async () => {
    await click(await find('#title'));
    await type(await find('#title'), KEY.end + KEY.enter, () => exec(`return document.activeElement?.classList.contains('cm-content') ?? false;`));
    await waitFor(() => exec(`return document.activeElement?.classList.contains('cm-content') ?? false;`), 5000, 'Enter in the title to move the focus to the text');
    const input = await find('#tags-input');
    await click(input);
    const prefix = IMPORTED_TAG.slice(0, 4).toLowerCase();
    await type(input, prefix, () => exec(`return !document.querySelector('#tag-suggestions').hidden;`));
    await waitFor(() => exec(`return !document.querySelector('#tag-suggestions').hidden;`), 5000, '#tag-suggestions to show');
    await type(input, KEY.enter, async () => (await chipNames()).includes(IMPORTED_TAG));
    await waitFor(async () => (await chipNames()).includes(IMPORTED_TAG), 5000, `Enter on "${prefix}" to add the suggested "${IMPORTED_TAG}"`);
    if ((await chipNames()).includes(prefix)) throw new Error(`Enter added what was typed, ${JSON.stringify(prefix)}`);
    const search = await find('#search');
    await click(search);
    await type(search, 'Jekyll', async () => (await listedTitles()).length === 1);
    await waitFor(async () => (await listedTitles()).length === 1, 10000, 'the search to find one post');
    await type(search, KEY.escape, () => exec(`return document.querySelector('#search').value === '';`));
    await waitFor(async () => (await listedTitles()).includes(TITLE), 10000, 'every post listed again after Escape');
    const value = await exec(`return document.querySelector('#search').value;`);
    if (value !== '') throw new Error(`#search still reads ${JSON.stringify(value)}`);
    if (await exec(`return document.activeElement?.id === 'search';`)) throw new Error('the focus stayed in #search');
  });

  await step('history after a ten-minute session (the clock moved back in the database, not slept) shows clock times, and a version gets a name', async () => {
    await clickRowTitled(TITLE);
    await waitFor(async () => (await exec(`return document.querySelector('#title').value;`)) === TITLE, 10000, 'the post to open');
    await click(await find('.cm-content'));
    await waitFor(() => exec(`return document.activeElement?.classList.contains('cm-content') ?? false;`), 5000, 'the focus in the text');
    // Ctrl+End: to the end of the text.
    await wd('POST', s('/actions'), {
      actions: [{ type: 'key', id: 'keyboard', actions: [KEY.control, KEY.end].map((k) => ({ type: 'keyDown', value: k })).concat([KEY.end, KEY.control].map((k) => ({ type: 'keyUp', value: k }))) }],
    });
    await pressKeys([KEY.enter, KEY.enter, ...'Typed at the start of a long session.']);
    await waitFor(async () => (await editorText()).includes('Typed at the start of a long session.'), 5000, 'the first words in the editor');
    await waitFor(async () => (await savedState()) === 'Saved', 10000, 'the first words to be saved');
    // Ten minutes of steady typing, as the database sees it: when the post was
    // made and its versions were kept move eleven minutes back.
    // The post lives in LIBRARY (the kill -9 steps above found its file there).
    const db = libraryDatabase(LIBRARY);
    const back = "'-11 minutes'";
    sql(db, `UPDATE posts SET created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ${back}) WHERE title = '${TITLE}';
      UPDATE revisions SET at = strftime('%Y-%m-%dT%H:%M:%fZ', at, ${back}) WHERE post_id = (SELECT id FROM posts WHERE title = '${TITLE}');`);
    const before = Number(sql(db, `SELECT count(*) FROM revisions WHERE post_id = (SELECT id FROM posts WHERE title = '${TITLE}');`));
    await pressKeys([...' Still typing, ten minutes on.']);
    await waitFor(async () => (await editorText()).includes('ten minutes on.'), 5000, 'the later words in the editor');
    await waitFor(async () => (await savedState()) === 'Saved', 10000, 'the later words to be saved');
    const after = Number(sql(db, `SELECT count(*) FROM revisions WHERE post_id = (SELECT id FROM posts WHERE title = '${TITLE}');`));
    if (after !== before + 1) throw new Error(`ten minutes of typing kept ${after - before} versions, not one`);
    await click(await find('#history-open'));
    await waitFor(() => exec(`return document.querySelector('#history-panel').open;`), 5000, '#history-panel to open');
    await waitFor(() => exec(`return document.querySelectorAll('#history-list .revision-row').length > 0;`), 10000, 'the versions listed');
    const rows = await exec(`return Array.from(document.querySelectorAll('#history-list .revision-row')).map((r) => ({
      time: r.querySelector('.revision-time')?.textContent ?? '', source: r.querySelector('.revision-source')?.textContent ?? '' }));`);
    const yours = rows.find((r) => r.source === 'you');
    if (!yours || !/\d{1,2}:\d{2}/.test(yours.time)) throw new Error(`no version by "you" with a clock time: ${JSON.stringify(rows)}`);
    // The writer names the text as it is now.
    await click(await find('#history-name-current'));
    await waitFor(() => exec(`return !document.querySelector('#history-label-form').hidden;`), 5000, 'the naming form');
    await waitFor(() => exec(`return document.activeElement?.id === 'history-label-input';`), 5000, 'the focus in the name field');
    await pressKeys([...'sent to editor', KEY.enter]);
    await waitFor(
      () => exec(`return Array.from(document.querySelectorAll('#history-list .revision-row.labelled .revision-label')).map((e) => e.textContent).includes('sent to editor');`),
      10000,
      'a version named "sent to editor" in the list',
    );
    await shot('8-history-named');
    await exec(`document.querySelector('#history-panel').close();`);
  });

  await step('two Ctrl+N presses leave no empty post behind, in the list or on disk', async () => {
    const before = await listedTitles();
    const content = await find('.cm-content');
    await click(content);
    const untitledRows = async () => (await listedTitles()).filter((t) => t === 'Untitled').length;
    await type(content, KEY.control + 'n' + KEY.release, async () => (await untitledRows()) === 1);
    await waitFor(async () => (await untitledRows()) === 1, 10000, 'one "Untitled" row after Ctrl+N');
    await waitFor(() => exec(`return document.activeElement?.id === 'title';`), 5000, 'the focus in #title');
    await type(await find('#title'), KEY.control + 'n' + KEY.release);
    await waitFor(async () => (await untitledRows()) === 1, 10000, 'still one "Untitled" row after a second Ctrl+N');
    await clickRowTitled(TITLE);
    await waitFor(async () => (await untitledRows()) === 0, 10000, 'the empty new post to leave the list');
    const after = await listedTitles();
    if (after.length !== before.length) throw new Error(`the list went from ${before.length} to ${after.length} posts`);
    const stray = markdownFiles(LIBRARY).filter((f) => /untitled/.test(f));
    if (stray.length) throw new Error(`empty new posts were written: ${stray.join(', ')}`);
  });
}

/**
 * Clicks the list's row whose text includes `title`. The list is drawn again
 * as posts come and go, so a row found a moment ago may be gone: it is found
 * and clicked again until a click lands.
 */
function clickRowTitled(title) {
  return waitFor(
    async () => {
      const row = await exec(`return Array.from(document.querySelectorAll('#post-list li.post-row')).find((r) => r.textContent.includes(arguments[0])) || null;`, [title]);
      if (!row) return false;
      try {
        await click(row[ELEMENT]);
        return true;
      } catch (e) {
        if (/stale element/.test(e.message)) return false;
        throw e;
      }
    },
    10000,
    `a click on the row titled ${JSON.stringify(title)}`,
  );
}

/** Types `keys` (characters or WebDriver key codes) one after another into whatever has the focus. */
function pressKeys(keys) {
  const actions = keys.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
  return wd('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] });
}

/** The database of the library in `folder`: the data dir notes which folder each one is for. */
function libraryDatabase(folder) {
  const dir = join(process.env.QUIRE_DATA_DIR, 'libraries');
  for (const note of readdirSync(dir).filter((f) => f.endsWith('.folder'))) {
    if (readFileSync(join(dir, note), 'utf8') === realpathSync(folder)) return join(dir, note.replace(/\.folder$/, '.sqlite3'));
  }
  throw new Error(`no database in ${dir} is for ${folder}`);
}


/** Every Markdown file under `folder`, as absolute paths. */
function markdownFiles(folder) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.md')) found.push(path);
    }
  };
  walk(folder);
  return found;
}

/**
 * Closes the app's window and waits for its process to be gone. In about one
 * run of four the process outlives the window WebDriver closed (its watcher
 * still running, see the closing note of issue 17): it is then ended as the
 * desktop ends a process whose window is gone.
 */
async function closeApp() {
  await deleteSession();
  const gone = async () => appPids().length === 0;
  try {
    await waitFor(gone, 5000, "the app's process to exit after its window closed");
  } catch {
    console.log(`  (the app outlived its window; ending process ${appPids().join(', ')} with SIGTERM)`);
    for (const pid of appPids()) process.kill(pid, 'SIGTERM');
    await waitFor(gone, 10000, "the app's process to exit on SIGTERM");
  }
}

/** The processes running the app's binary. */
function appPids() {
  const pids = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] === BIN) pids.push(Number(pid));
    } catch {
      // Gone while listed.
    }
  }
  return pids;
}

/** SIGKILLs every process running the app's binary; how many there were. */
function killApp() {
  const pids = appPids();
  for (const pid of pids) process.kill(pid, 'SIGKILL');
  return pids.length;
}

await runSuite('e2e', main, () => `e2e: ${passedSteps()} steps passed`);
