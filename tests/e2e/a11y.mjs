#!/usr/bin/env node
// End-to-end accessibility suite: drives the real Quire window over W3C WebDriver
// (tauri-driver in front of WebKitWebDriver; the plumbing is in wd.mjs).
//
// 1. axe-core (ui/node_modules/axe-core, injected into the app's own webview) checks
//    the main screens: the library with a post open, the import report, the export
//    dialog, the conflict banner and the history dialog, each in the light theme and
//    again in the dark one. A step fails on any violation axe rates serious or critical.
// 2. A keyboard-only session: with no click and no pointer event at all (only
//    WebDriver key actions, which go to the focused element), it creates a post,
//    titles it, tags it, writes its body, finds it with the search box, opens it
//    from the results and exports the library as an HTML site through the Export
//    dialog, then checks the post's page on disk.
// Plain Node 20; its one dependency, axe-core, is a devDependency of ui/.
//
// Env (run.sh sets them; see wd.mjs for QUIRE_APP_BIN, WEBDRIVER_URL, QUIRE_E2E_SHOTS):
//   QUIRE_LIBRARY        the library folder the app opens (required, empty before the
//                        run): the suite writes the posts it starts with there, and
//                        edits one from outside to raise the conflict banner
//   QUIRE_E2E_IMPORT_SRC a folder to import (optional: without it the suite makes a
//                        small one beside the library)
// The export goes to a fresh folder beside the library (a11y-export-site).
//
// The dark theme follows the system (prefers-color-scheme), which WebDriver cannot
// change; the suite emulates it from the page by switching the stylesheets' own
// `prefers-color-scheme: dark` rules on (and the light ones off) and setting
// `color-scheme: dark`, so the colours checked are exactly the app's dark ones.

import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BIN,
  ELEMENT,
  KEY,
  click,
  deleteSession,
  editorText,
  exec,
  execAsync,
  find,
  findPostFile,
  newSession,
  passedSteps,
  setDarkTheme,
  runSuite,
  s,
  shot,
  slugOfPostFile,
  step,
  type,
  waitFor,
  wd,
} from './wd.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const AXE_PATH = resolve(here, '../../ui/node_modules/axe-core/axe.min.js');
const LIBRARY = process.env.QUIRE_LIBRARY || '';
const IMPORT_SRC = process.env.QUIRE_E2E_IMPORT_SRC || (LIBRARY ? join(dirname(LIBRARY), 'a11y-import-src') : '');
const EXPORT_OUT = LIBRARY ? join(dirname(LIBRARY), 'a11y-export-site') : '';

// The posts the library starts with. The long one overflows the preview, so the
// scrolling panes are checked as a writer with a real post meets them.
const LONG_TITLE = 'A Long Read';
const SHORT_TITLE = 'Short Note';
const LONG_PARAGRAPH = 'This paragraph of the long read is written before the app starts.';
const CONFLICT_MINE = 'Typed in Quire while the file changed.';
const CONFLICT_THEIRS = 'Another editor rewrote this paragraph.';
// What the keyboard-only session writes and looks for.
const KB_TITLE = 'Keyboard Only Post';
const KB_TAG = 'keyboard-tag';
const KB_WORD = 'xylophonic';
const KB_BODY = ['## Written without a mouse', '', `Every ${KB_WORD} word here was typed through key actions.`];

// WebDriver key codes beyond wd.mjs's KEY.
const K = {
  ...KEY,
  tab: '\uE004',
  escape: '\uE00C',
  space: ' ',
  shift: '\uE008',
  alt: '\uE00A',
  down: '\uE015',
  up: '\uE013',
};

const IMPACTS = ['critical', 'serious', 'moderate', 'minor'];
const FAILING = new Set(['critical', 'serious']);
/** Every screen checked: name and violation counts by impact, for the closing table. */
const checked = [];

// ---- the library on disk -------------------------------------------------------

// A 2x2 PNG, so the preview shows a real image from the library.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAYAAABytg0kAAAAFklEQVR4nGNkYGD4z8DAwMDAxMDAAAAEGgEBnq1lDQAAAABJRU5ErkJggg==',
  'base64',
);

function seedLibrary() {
  if (readdirSync(LIBRARY).some((name) => !name.startsWith('.'))) {
    throw new Error(`${LIBRARY} is not empty; run.sh gives every suite a fresh library`);
  }
  const paragraphs = Array.from(
    { length: 24 },
    (_, i) => `${i === 0 ? LONG_PARAGRAPH : `Paragraph ${i + 1} keeps the preview long enough to scroll.`} ` +
      'Quire keeps posts as plain Markdown files, and the preview shows them as the site will.',
  );
  writeFileSync(join(LIBRARY, 'diagram.png'), PNG);
  writeFileSync(
    join(LIBRARY, 'a-long-read.md'),
    [
      '---',
      `title: ${LONG_TITLE}`,
      'date: 2024-03-01',
      'tags: [essays, accessibility]',
      'summary: A post long enough to scroll.',
      '---',
      '# A heading in the body',
      '',
      paragraphs[0],
      '',
      'A [link to the web](https://example.com/) and `inline code`.',
      '',
      '![A small diagram](diagram.png)',
      '',
      '> A quotation, kept as a blockquote.',
      '',
      '- one',
      '- two',
      '',
      '```rust',
      'fn main() {',
      '    println!("hello");',
      '}',
      '```',
      '',
      '| Column | Value |',
      '|--------|-------|',
      '| a      | 1     |',
      '',
      ...paragraphs.slice(1).flatMap((p) => [p, '']),
    ].join('\n'),
  );
  writeFileSync(
    join(LIBRARY, 'short-note.md'),
    ['---', `title: ${SHORT_TITLE}`, 'date: 2024-02-01', 'tags: [notes]', '---', 'A short note.', ''].join('\n'),
  );
}

/** The folder the import dialog imports, when run.sh gave none: two posts and a broken file. */
function makeImportSource() {
  if (process.env.QUIRE_E2E_IMPORT_SRC) return;
  mkdirSync(join(IMPORT_SRC, 'content', 'posts'), { recursive: true });
  mkdirSync(join(IMPORT_SRC, '_posts'), { recursive: true });
  writeFileSync(
    join(IMPORT_SRC, 'content', 'posts', 'imported-hugo-post.md'),
    '---\ntitle: Imported Hugo Post\ndate: 2024-02-03\ntags: [Imported Tag, Travel]\n---\nA post that came from a Hugo site.\n',
  );
  writeFileSync(
    join(IMPORT_SRC, '_posts', '2023-05-06-jekyll-import.md'),
    '---\ntitle: Jekyll Import\ntags: jekyll-tag\n---\nA post that came from a Jekyll site.\n',
  );
  writeFileSync(join(IMPORT_SRC, 'broken.md'), '---\ntitle: [unclosed\n---\nbody\n');
}

// ---- reading the app's state ---------------------------------------------------

const listedTitles = () =>
  exec(`return Array.from(document.querySelectorAll('#post-list li.post-row .post-title')).map((e) => e.textContent);`);
const titleValue = () => exec(`return document.querySelector('#title').value;`);
const savedState = () => exec(`const el = document.querySelector('#status-saved'); return el ? el.textContent.trim() : null;`);
const chipNames = () => exec(`return Array.from(document.querySelectorAll('.tag-chip')).map((e) => e.textContent.trim());`);
const dialogOpen = (id) => exec(`const d = document.getElementById(arguments[0]); return !!(d && d.open);`, [id]);
const conflictBannerShown = () =>
  exec(`const b = document.querySelector('#conflict-banner');
    return !!b && !b.hidden && b.getBoundingClientRect().height > 0;`);

/** What has the keyboard focus, described for messages: `#id`, or the tag and classes. */
const focused = () =>
  exec(`
    const a = document.activeElement;
    if (!a || a === document.body) return 'body';
    if (a.id) return '#' + a.id;
    return a.tagName.toLowerCase() + (a.className && typeof a.className === 'string' ? '.' + a.className.trim().split(/\\s+/).join('.') : '');`);
const editorFocused = () => exec(`const a = document.activeElement; return !!(a && a.closest && a.closest('.cm-content'));`);

const dialogState = (prefix) =>
  exec(
    `const q = (sel) => document.querySelector(sel);
    const p = arguments[0];
    const report = q('#' + p + '-report');
    const error = q('#' + p + '-error');
    const dialog = q('#' + p + '-dialog');
    return {
      open: !!(dialog && dialog.open),
      busy: dialog ? dialog.getAttribute('aria-busy') === 'true' : false,
      report: report && !report.hidden ? report.textContent : null,
      summary: q('#' + p + '-summary') ? q('#' + p + '-summary').textContent.trim() : '',
      // Not "error": wd() reads a result's "error" key as the driver failing.
      failure: error && !error.hidden ? error.textContent : null,
    };`,
    [prefix],
  );

/** Waits for an import or export to end with its report; fails on its error line. */
async function waitForReport(prefix) {
  const st = await waitFor(async () => {
    const st = await dialogState(prefix);
    return st.failure !== null || (st.report !== null && !st.busy) ? st : false;
  }, 30000, `#${prefix}-report or #${prefix}-error`);
  if (st.failure !== null) throw new Error(`the ${prefix} failed: ${st.failure}`);
  return st;
}

// ---- the keyboard: W3C key actions ---------------------------------------------

/**
 * One Perform Actions request: every key of `chord` goes down in order, then up in
 * reverse. Key actions go to the focused element, as a writer's keys do. A chord
 * with a modifier is always a request of its own: WebKitWebDriver may keep a
 * modifier held through the rest of a request. `landed` tells whether a request
 * dropped on the way took effect after all (so it is not sent twice).
 */
function press(chord, landed) {
  const keys = Array.isArray(chord) ? chord : [chord];
  const actions = [
    ...keys.map((value) => ({ type: 'keyDown', value })),
    ...[...keys].reverse().map((value) => ({ type: 'keyUp', value })),
  ];
  return wd('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] }, { landed });
}

/** Types plain text, key by key, into whatever has the focus. */
function typeText(text, landed) {
  const actions = [...text].flatMap((value) => [
    { type: 'keyDown', value },
    { type: 'keyUp', value },
  ]);
  return wd('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] }, { landed });
}

/** Control (Command on a Mac, which these tests do not run on) plus `key`. */
const ctrl = (key, landed) => press([K.control, key], landed);
const ctrlShift = (key, landed) => press([K.control, K.shift, key], landed);

/** Presses Tab (Shift+Tab with `back`) and returns what has the focus after it. */
async function tab(back = false) {
  const before = await focused();
  await press(back ? [K.shift, K.tab] : K.tab, async () => (await focused()) !== before);
  return focused();
}

/** Tabs until `wanted()` holds, at most `max` times; fails naming every stop. */
async function tabUntil(wanted, what, { max = 15, back = false } = {}) {
  const path = [await focused()];
  for (let i = 0; i < max; i++) {
    if (await wanted()) return path;
    path.push(await tab(back));
  }
  if (await wanted()) return path;
  throw new Error(`${max} presses of ${back ? 'Shift+Tab' : 'Tab'} did not reach ${what}; the focus went ${path.join(' -> ')}`);
}

async function expectFocus(id, after) {
  try {
    await waitFor(async () => (await focused()) === `#${id}`, 3000, `#${id} to have the focus`);
  } catch {
    throw new Error(`after ${after} the focus is on ${await focused()}, expected #${id}`);
  }
}

// ---- axe -------------------------------------------------------------------------

let axeSource = null;

async function injectAxe() {
  if (await exec(`return typeof window.axe === 'object' && typeof window.axe.run === 'function';`)) return;
  if (axeSource === null) {
    if (!existsSync(AXE_PATH)) throw new Error(`${AXE_PATH} is missing: run npm ci in ui/ (axe-core is a devDependency)`);
    axeSource = readFileSync(AXE_PATH, 'utf8');
  }
  // The UMD bundle sets window.axe when neither module nor define is around.
  const version = await exec(`${axeSource}\n;return window.axe && window.axe.version;`);
  if (!version) throw new Error('axe-core did not load into the page');
}

/** Runs axe on the whole document; resolves to its violations, trimmed to what a report needs. */
async function runAxe() {
  await injectAxe();
  const result = await execAsync(
    `const done = arguments[arguments.length - 1];
    window.axe
      .run(document, { resultTypes: ['violations'] })
      .then(
        (r) => done({ violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(' '), summary: n.failureSummary || '' })),
        })) }),
        (e) => done({ failed: String(e && e.message ? e.message : e) }),
      );`,
    [],
    { timeoutMs: 60000 },
  );
  if (!result || result.failed) throw new Error(`axe.run failed: ${result ? result.failed : 'no result'}`);
  return result.violations;
}

function describeViolation(v) {
  const nodes = v.nodes.slice(0, 3).map((n) => `      ${n.target}${n.summary ? `: ${n.summary.replace(/\s+/g, ' ').slice(0, 240)}` : ''}`);
  const more = v.nodes.length > 3 ? [`      … and ${v.nodes.length - 3} more`] : [];
  return [`    ${v.impact} ${v.id}: ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}) ${v.helpUrl}`, ...nodes, ...more].join('\n');
}

/** Runs axe on what is on screen now; fails when anything serious or critical is found. */
async function axeCheck(screen) {
  const violations = await runAxe();
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0]));
  for (const v of violations) counts[v.impact ?? 'minor'] = (counts[v.impact ?? 'minor'] ?? 0) + 1;
  checked.push({ screen, counts, ids: violations.map((v) => `${v.id} (${v.impact})`) });
  const line = IMPACTS.map((i) => `${counts[i]} ${i}`).join(', ');
  console.log(`  axe ${screen}: ${line}`);
  const minor = violations.filter((v) => !FAILING.has(v.impact));
  if (minor.length) console.log(minor.map(describeViolation).join('\n'));
  const failing = violations.filter((v) => FAILING.has(v.impact));
  if (failing.length) {
    await shot(`axe-${screen.replace(/[^a-z0-9]+/gi, '-')}`);
    throw new Error(`axe found ${failing.length} serious or critical violation(s) on ${screen}:\n${failing.map(describeViolation).join('\n')}`);
  }
}


/** axe on the screen as it is, in the light theme, then in the (emulated) dark one. */
async function axeBothThemes(screen) {
  await axeCheck(`${screen} (light)`);
  const light = await exec(`return getComputedStyle(document.documentElement).getPropertyValue('--bg').trim();`);
  const dark = await setDarkTheme(true);
  try {
    if (!dark || dark === light) throw new Error(`switching to the dark rules did not change --bg (still ${JSON.stringify(dark)})`);
    // Transitions would leave colours half-way when axe reads them.
    await exec(`return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));`).catch(() => undefined);
    await shot(`axe-${screen.replace(/[^a-z0-9]+/gi, '-')}-dark`);
    await axeCheck(`${screen} (dark)`);
  } finally {
    await setDarkTheme(false);
  }
}

// ---- the suite -----------------------------------------------------------------

async function startApp() {
  await newSession();
  await waitFor(() => exec(`return !!document.querySelector('#post-list');`), 20000, '#post-list');
  await waitFor(async () => {
    const titles = await listedTitles();
    return titles.includes(LONG_TITLE) && titles.includes(SHORT_TITLE);
  }, 20000, `rows titled ${JSON.stringify([LONG_TITLE, SHORT_TITLE])}`);
}

async function openPostByTitle(title) {
  if ((await titleValue()) === title) return;
  const row = await exec(
    `return Array.from(document.querySelectorAll('#post-list li.post-row'))
      .find((r) => r.querySelector('.post-title').textContent.trim() === arguments[0]) || null;`,
    [title],
  );
  if (!row) throw new Error(`no row titled ${JSON.stringify(title)}`);
  await click(row[ELEMENT]);
  await waitFor(async () => (await titleValue()) === title, 10000, `#title to read ${JSON.stringify(title)}`);
}

async function axeScreens() {
  await step('start the app on a library of two posts', async () => {
    await startApp();
  });

  await step('axe: the library with a post open', async () => {
    await openPostByTitle(LONG_TITLE);
    await waitFor(
      () =>
        exec(`const p = document.querySelector('#preview');
          const img = p && p.querySelector('img');
          return !!(p && p.querySelector('h1') && p.querySelector('table') && p.querySelector('pre') && img && img.complete);`),
      10000,
      'the preview to show the heading, table, code block and image',
    );
    await waitFor(async () => (await chipNames()).includes('essays'), 5000, 'a .tag-chip "essays"');
    await shot('a11y-1-library');
    await axeBothThemes('library with a post open');
  });

  await step('axe: the import dialog with its report', async () => {
    await click(await find('#import-open'));
    await waitFor(() => dialogOpen('import-dialog'), 5000, '#import-dialog to open');
    await axeCheck('import dialog, empty (light)');
    const path = await find('#import-path');
    await type(path, IMPORT_SRC, async () => (await exec(`return document.querySelector('#import-path').value;`)) !== '');
    const typed = await exec(`return document.querySelector('#import-path').value;`);
    if (typed !== IMPORT_SRC) throw new Error(`#import-path reads ${JSON.stringify(typed)}, expected ${JSON.stringify(IMPORT_SRC)}`);
    await waitFor(() => exec(`return !document.querySelector('#import-start').disabled;`), 5000, '#import-start to be enabled');
    // A dropped click is not repeated once the import started.
    await wd('POST', s(`/element/${await find('#import-start')}/click`), {}, {
      landed: async () => {
        const st = await dialogState('import');
        return st.busy || st.report !== null || st.failure !== null;
      },
    });
    const st = await waitForReport('import');
    if (!/\bImported 2 posts\b/.test(st.summary)) throw new Error(`#import-summary reads ${JSON.stringify(st.summary)}`);
    await shot('a11y-2-import-report');
    await axeBothThemes('import report');
    await click(await find('#import-close'));
    await waitFor(async () => !(await dialogOpen('import-dialog')), 5000, '#import-dialog to close');
  });

  await step('axe: the export dialog', async () => {
    await click(await find('#export-open'));
    await waitFor(() => dialogOpen('export-dialog'), 5000, '#export-dialog to open');
    await waitFor(() => exec(`return !document.querySelector('#export-html-options').hidden;`), 3000, 'the HTML site options');
    await shot('a11y-3-export-dialog');
    await axeBothThemes('export dialog');
    await click(await find('#export-close'));
    await waitFor(async () => !(await dialogOpen('export-dialog')), 5000, '#export-dialog to close');
  });

  await step('axe: the conflict banner', async () => {
    await openPostByTitle(LONG_TITLE);
    await waitFor(async () => (await savedState()) === 'Saved', 15000, '#status-saved to read "Saved"');
    const file = findPostFile(LIBRARY, [LONG_TITLE, LONG_PARAGRAPH]);
    const content = await find('.cm-content');
    await click(content);
    // Control+End alone first: WebKitWebDriver may keep Control held through the request.
    await type(content, KEY.control + KEY.end + KEY.release);
    await type(content, KEY.enter + CONFLICT_MINE, async () => (await editorText()).includes(CONFLICT_MINE));
    // At once, well inside the autosave pause: the typed line is not stored yet.
    writeFileSync(file, readFileSync(file, 'utf8').replace(LONG_PARAGRAPH, CONFLICT_THEIRS));
    await waitFor(conflictBannerShown, 10000, '#conflict-banner to show');
    await waitFor(
      () => exec(`return document.querySelector('#conflict-diff').textContent.includes(arguments[0]);`, [CONFLICT_THEIRS]),
      5000,
      '#conflict-diff to show the outside text',
    );
    // Merge is checked in the background; wait until the banner settled.
    await waitFor(() => exec(`return !document.querySelector('#conflict-merge').title.startsWith('Checking');`), 5000, 'the merge check');
    await shot('a11y-4-conflict');
    await axeBothThemes('conflict banner');
    // The side-by-side comparison, in its dialog.
    await click(await find('#conflict-compare'));
    await waitFor(() => dialogOpen('conflict-dialog'), 5000, '#conflict-dialog to open');
    await axeBothThemes('conflict comparison dialog');
    await click(await find('#conflict-dialog-close'));
    await waitFor(async () => !(await dialogOpen('conflict-dialog')), 5000, '#conflict-dialog to close');
    await wd('POST', s(`/element/${await find('#conflict-keep-mine')}/click`), {}, {
      landed: async () => !(await conflictBannerShown()),
    });
    await waitFor(async () => !(await conflictBannerShown()), 5000, '#conflict-banner to close');
    await waitFor(async () => (await savedState()) === 'Saved', 10000, '#status-saved to read "Saved"');
  });

  await step('axe: the history dialog', async () => {
    await click(await find('#history-open'));
    await waitFor(() => dialogOpen('history-panel'), 5000, '#history-panel to open');
    await waitFor(
      () => exec(`return document.querySelectorAll('#history-panel .revision-row').length >= 1;`),
      5000,
      'revisions in #history-list',
    );
    await click(await find('#history-panel .revision-row'));
    await waitFor(
      () => exec(`return document.querySelector('#history-diff').textContent.trim().length > 0;`),
      5000,
      '#history-diff to show a version',
    );
    await shot('a11y-5-history');
    await axeBothThemes('history dialog');
    // Naming the current text: the form in the dialog.
    await click(await find('#history-name-current'));
    await waitFor(() => exec(`return !document.querySelector('#history-label-form').hidden;`), 5000, 'the naming form');
    await axeBothThemes('history dialog, naming a version');
    await click(await find('#history-label-cancel'));
    await click(await find('#history-close'));
    await waitFor(async () => !(await dialogOpen('history-panel')), 5000, '#history-panel to close');
  });

  await step('axe: the View menu and the layout with the list and the preview hidden', async () => {
    await click(await find('#view-menu-button'));
    await waitFor(() => exec(`return !document.querySelector('#view-menu').hidden;`), 5000, '#view-menu to open');
    await axeBothThemes('View menu');
    await type(await find('#view-list'), K.escape);
    await waitFor(() => exec(`return document.querySelector('#view-menu').hidden;`), 5000, '#view-menu to close');
    await click(await find('#list-toggle'));
    await click(await find('#preview-toggle'));
    await waitFor(() => exec(`const a = document.querySelector('.app'); return a.dataset.list === 'hidden' && a.dataset.preview === 'hidden';`), 5000, 'the list and the preview hidden');
    await axeBothThemes('the text alone');
    await click(await find('#list-toggle'));
    await click(await find('#preview-toggle'));
    await waitFor(() => exec(`const a = document.querySelector('.app'); return a.dataset.list === 'shown' && a.dataset.preview === 'beside';`), 5000, 'the list and the preview back');
  });

  await step('axe: the keyboard shortcuts sheet', async () => {
    await click(await find('#shortcuts-open'));
    await waitFor(() => dialogOpen('shortcuts-dialog'), 5000, '#shortcuts-dialog to open');
    await shot('a11y-7-shortcuts');
    await axeBothThemes('keyboard shortcuts sheet');
    await click(await find('#shortcuts-close'));
    await waitFor(async () => !(await dialogOpen('shortcuts-dialog')), 5000, '#shortcuts-dialog to close');
  });

  await step('close the app', async () => {
    await deleteSession();
  });
}

async function keyboardOnly() {
  await step('keyboard: start the app; from here on no click', async () => {
    await startApp();
    // Loaded: the newest post is open.
    await waitFor(async () => (await titleValue()) !== '', 10000, 'a post to open');
    // Any pointer event from here on fails the session: the keys must do everything.
    await exec(`
      window.__quirePointerEvents = [];
      for (const type of ['pointerdown', 'mousedown', 'click', 'contextmenu']) {
        document.addEventListener(type, (e) => {
          // Activating a button with Enter or Space fires a click with no pointer (detail 0).
          if (type === 'click' && e.detail === 0) return;
          window.__quirePointerEvents.push(type + ' on ' + (e.target && (e.target.id || e.target.tagName)));
        }, true);
      }`);
  });

  await step('keyboard: Ctrl+N creates a post and puts the focus in its title', async () => {
    const before = (await listedTitles()).length;
    await ctrl('n', async () => (await listedTitles()).length > before);
    await waitFor(async () => (await listedTitles()).length > before, 10000, 'a new row in #post-list');
    await waitFor(async () => (await titleValue()) === 'Untitled', 5000, '#title to read "Untitled"');
    await expectFocus('title', 'Ctrl+N');
  });

  await step('keyboard: type the title', async () => {
    // The new title is selected: typing replaces it.
    await typeText(KB_TITLE, async () => (await titleValue()) !== 'Untitled');
    const value = await titleValue();
    if (value !== KB_TITLE) throw new Error(`#title reads ${JSON.stringify(value)}, expected ${JSON.stringify(KB_TITLE)}`);
  });

  await step('keyboard: Tab to the tags, add a tag with Enter', async () => {
    await tab();
    await expectFocus('tags-input', 'Tab from the title');
    // Leaving the title stored it.
    await waitFor(async () => (await listedTitles()).includes(KB_TITLE), 10000, `a row titled ${JSON.stringify(KB_TITLE)}`);
    await typeText(KB_TAG, async () => (await exec(`return document.querySelector('#tags-input').value;`)) !== '');
    await press(K.enter, async () => (await chipNames()).includes(KB_TAG));
    await waitFor(async () => (await chipNames()).includes(KB_TAG), 10000, `a .tag-chip "${KB_TAG}"`);
    await expectFocus('tags-input', 'adding a tag');
  });

  await step('keyboard: Tab on to the editor and write the body', async () => {
    const path = await tabUntil(editorFocused, 'the editor (.cm-content)');
    console.log(`  tab order: ${path.join(' -> ')} -> editor`);
    await ctrl(K.end);
    const before = await editorText();
    await typeText(K.enter + K.enter, async () => (await editorText()) !== before);
    for (let i = 0; i < KB_BODY.length; i++) {
      const was = await editorText();
      const keys = KB_BODY[i] + (i < KB_BODY.length - 1 ? K.enter : '');
      await typeText(keys, async () => (await editorText()) !== was);
    }
    const doc = await editorText();
    if (!doc.includes(KB_BODY.join('\n'))) throw new Error(`the editor holds ${JSON.stringify(doc)}`);
    if (!(await editorFocused())) throw new Error(`the focus left the editor while typing: ${await focused()}`);
  });

  await step('keyboard: the post is saved with its title, tag and body', async () => {
    await waitFor(async () => (await savedState()) === 'Saved', 15000, '#status-saved to read "Saved"');
    const file = findPostFile(LIBRARY, [KB_TITLE, KB_WORD]);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(KB_TAG)) throw new Error(`${file} does not hold the tag ${KB_TAG}: ${JSON.stringify(text)}`);
  });

  await step('keyboard: Alt+Down leaves for another post', async () => {
    for (const key of [K.down, K.up]) {
      await press([K.alt, key], async () => (await titleValue()) !== KB_TITLE);
      const left = await waitFor(async () => ((await titleValue()) !== KB_TITLE ? true : false), 3000, 'another post').catch(() => false);
      if (left) return;
    }
    throw new Error(`Alt+Down and Alt+Up left ${JSON.stringify(KB_TITLE)} open`);
  });

  await step('keyboard: Ctrl+P and the search box find the post', async () => {
    await ctrl('p', async () => (await focused()) === '#search');
    await expectFocus('search', 'Ctrl+P');
    await typeText(KB_WORD, async () => (await exec(`return document.querySelector('#search').value;`)) !== '');
    await waitFor(async () => {
      const titles = await listedTitles();
      return titles.length === 1 && titles[0] === KB_TITLE;
    }, 10000, `#post-list to list only ${JSON.stringify(KB_TITLE)}`);
  });

  await step('keyboard: Down to the results, Enter opens the post', async () => {
    await press(K.down, async () => (await focused()) === '#post-list');
    await expectFocus('post-list', 'Down in the search box');
    const active = await exec(`
      const list = document.querySelector('#post-list');
      const row = document.getElementById(list.getAttribute('aria-activedescendant') || '');
      return row ? row.querySelector('.post-title').textContent.trim() : null;`);
    if (active !== KB_TITLE) throw new Error(`the list's active row is ${JSON.stringify(active)}, expected ${JSON.stringify(KB_TITLE)}`);
    await press(K.enter, async () => (await titleValue()) === KB_TITLE);
    await waitFor(async () => (await titleValue()) === KB_TITLE, 10000, `#title to read ${JSON.stringify(KB_TITLE)}`);
    await waitFor(async () => (await editorText()).includes(KB_WORD), 5000, 'the editor to show the body');
    await waitFor(async () => (await chipNames()).includes(KB_TAG), 5000, `a .tag-chip "${KB_TAG}"`);
  });

  await step('keyboard: the opened result has the caret on the first match, in the text', async () => {
    await waitFor(
      () => exec(`return document.activeElement?.classList.contains('cm-content') ?? false;`),
      5000,
      'the focus in the post text',
    );
    const selected = await waitFor(() => exec(`return window.getSelection().toString() || null;`), 5000, 'a selection');
    if (selected.toLowerCase() !== KB_WORD.toLowerCase()) {
      throw new Error(`the selection is ${JSON.stringify(selected)}, expected the match ${JSON.stringify(KB_WORD)}`);
    }
  });

  await step('keyboard: Ctrl+Shift+E, fill in the Export dialog, export the HTML site', async () => {
    if (existsSync(EXPORT_OUT) && readdirSync(EXPORT_OUT).length > 0) {
      throw new Error(`${EXPORT_OUT} is not empty; run.sh gives every run a fresh temp folder`);
    }
    mkdirSync(EXPORT_OUT, { recursive: true });
    const slug = slugOfPostFile(findPostFile(LIBRARY, [KB_TITLE, KB_WORD]));
    const before = await focused();
    await ctrlShift('E', () => dialogOpen('export-dialog'));
    await waitFor(() => dialogOpen('export-dialog'), 5000, '#export-dialog to open');
    await expectFocus('export-path', 'Ctrl+Shift+E');
    const format = await exec(`return document.querySelector('#export-format').value;`);
    if (format !== 'html') throw new Error(`#export-format reads ${JSON.stringify(format)}; a fresh data dir starts on "html"`);
    const pathValue = () => exec(`return document.querySelector('#export-path').value;`);
    if ((await pathValue()) !== '') {
      // Opening selects the remembered folder: typing replaces it.
      await press(K.backspace, async () => (await pathValue()) === '');
    }
    await typeText(EXPORT_OUT, async () => (await pathValue()) !== '');
    const typed = await pathValue();
    if (typed !== EXPORT_OUT) throw new Error(`#export-path reads ${JSON.stringify(typed)}, expected ${JSON.stringify(EXPORT_OUT)}`);
    // The new post is a draft: tick "Include drafts" with Space.
    await tabUntil(async () => (await focused()) === '#export-include-drafts', '#export-include-drafts', { max: 10 });
    const drafts = () => exec(`return document.querySelector('#export-include-drafts').checked;`);
    if (await drafts()) throw new Error('#export-include-drafts starts ticked');
    await press(K.space, drafts);
    await waitFor(drafts, 3000, '#export-include-drafts to be ticked by Space');
    await tabUntil(async () => (await focused()) === '#export-start', '#export-start', { max: 6 });
    await press(K.enter, async () => {
      const st = await dialogState('export');
      return st.busy || st.report !== null || st.failure !== null;
    });
    const st = await waitForReport('export');
    if (!/^Exported \d[\d,]* posts?: /.test(st.summary)) {
      throw new Error(`#export-summary reads ${JSON.stringify(st.summary)}, expected "Exported N posts: …"`);
    }
    const page = join(EXPORT_OUT, 'posts', slug, 'index.html');
    if (!existsSync(join(EXPORT_OUT, 'index.html'))) throw new Error(`${join(EXPORT_OUT, 'index.html')} was not written`);
    if (!existsSync(page)) throw new Error(`${page} (the page of the post ${JSON.stringify(slug)}) was not written`);
    const html = readFileSync(page, 'utf8');
    if (!html.includes(KB_TITLE) || !html.includes(KB_WORD)) throw new Error(`${page} does not hold the post's title and body`);
    // The report has the focus (on Close), so a screen reader hears it and Escape is at hand.
    await expectFocus('export-close', 'the export finished');
    await shot('a11y-6-export-report');
    await axeBothThemes('export report');
    await press(K.escape, async () => !(await dialogOpen('export-dialog')));
    await waitFor(async () => !(await dialogOpen('export-dialog')), 5000, 'Escape to close #export-dialog');
    const back = await focused();
    if (back !== before) throw new Error(`closing the dialog left the focus on ${back}, expected it back on ${before}`);
  });

  await step('keyboard: no pointer event reached the page', async () => {
    const events = await exec(`return window.__quirePointerEvents || null;`);
    if (events === null) throw new Error('the pointer-event log is gone (did the page reload?)');
    if (events.length) throw new Error(`pointer events during the keyboard session: ${events.join(', ')}`);
  });
}

async function main() {
  if (!BIN || !isAbsolute(BIN)) throw new Error('set QUIRE_APP_BIN to the absolute path of the built app binary');
  if (!LIBRARY || !isAbsolute(LIBRARY)) throw new Error('set QUIRE_LIBRARY to the absolute path of the library folder (run.sh does)');
  if (!isAbsolute(IMPORT_SRC)) throw new Error('QUIRE_E2E_IMPORT_SRC must be an absolute path');
  seedLibrary();
  makeImportSource();
  await axeScreens();
  await keyboardOnly();
  console.log('axe results (violations by impact; serious and critical fail):');
  for (const { screen, counts, ids } of checked) {
    console.log(`  ${screen}: ${IMPACTS.map((i) => `${counts[i]} ${i}`).join(', ')}${ids.length ? ` [${ids.join(', ')}]` : ''}`);
  }
}

await runSuite('e2e a11y', main, () => `e2e a11y: ${passedSteps()} steps passed`);
