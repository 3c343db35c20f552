#!/usr/bin/env node
// End-to-end smoke test: drives the real Quire window over W3C WebDriver
// (tauri-driver in front of WebKitWebDriver). Plain Node 20, no dependencies.
//
// Env:
//   QUIRE_APP_BIN   absolute path of the built app binary (required)
//   WEBDRIVER_URL   default http://127.0.0.1:4444
//   QUIRE_E2E_SHOTS optional folder for screenshots (taken at the end of each
//                   session and when a step fails)
// Xvfb, tauri-driver and a fresh QUIRE_LIBRARY / QUIRE_DATA_DIR come from run.sh.

import { mkdirSync, writeFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const BIN = process.env.QUIRE_APP_BIN;
const WD = (process.env.WEBDRIVER_URL || 'http://127.0.0.1:4444').replace(/\/+$/, '');
const SHOTS = process.env.QUIRE_E2E_SHOTS || '';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const KEY = { enter: '\uE007', backspace: '\uE003', control: '\uE009', end: '\uE010', release: '\uE000' };

const TITLE = 'Smoke Test Post';
const TAG = 'smoke-tag';
// Typed line by line; a blank line keeps the paragraph and the table apart.
const BODY = ['# Hello Quire', '', 'Quire keeps this paragraph.', '', '| a | b |', '|---|---|', '| 1 | 2 |'];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- WebDriver over HTTP -------------------------------------------------------

class WebDriverError extends Error {}

/** A request that reached the driver and failed: retrying it would not help. */
function driverError(method, path, status, value) {
  const what = value && typeof value === 'object' ? `${value.error}: ${value.message}` : `HTTP ${status}`;
  return new WebDriverError(`${method} ${path} -> ${what}`);
}

/**
 * One WebDriver call. A dropped connection between tauri-driver and WebKitWebDriver
 * (about one request in ten or twenty) is retried up to 3 times; a request that
 * must not run twice passes `landed`, which says whether it took effect after all.
 */
async function wd(method, path, body, { landed, timeoutMs = 60000 } = {}) {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(WD + path, {
        method,
        headers: body === undefined ? undefined : { 'content-type': 'application/json; charset=utf-8' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let json = {};
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        throw driverError(method, path, res.status, { error: 'bad response', message: text.slice(0, 200) });
      }
      if (!res.ok || (json.value && json.value.error)) throw driverError(method, path, res.status, json.value);
      return json.value;
    } catch (e) {
      if (e instanceof WebDriverError) throw e;
      // No answer is not a dropped request: it may still be running (a second
      // POST /session would start a second app), so it is not retried.
      if (e?.name === 'TimeoutError') throw new Error(`${method} ${path}: no answer within ${timeoutMs / 1000}s`);
      if (attempt >= 3) throw e;
      const reason = e?.cause?.code || e?.cause?.message || e?.name || String(e);
      console.error(`  (retrying ${method} ${path} after a dropped request: ${reason})`);
      await sleep(200 * (attempt + 1));
      if (landed && (await landed().catch(() => false))) return null;
    }
  }
}

let session = null;
const s = (path) => `/session/${session}${path}`;

async function newSession() {
  if (!BIN) throw new Error('QUIRE_APP_BIN is not set');
  const capabilities = { alwaysMatch: { browserName: 'wry', 'tauri:options': { application: BIN } } };
  // Dropped here, a retry could start a second app; it is still the best we can do.
  const value = await wd('POST', '/session', { capabilities });
  session = value.sessionId;
  await wd('POST', s('/timeouts'), { implicit: 0, script: 30000, pageLoad: 30000 });
  return session;
}

async function deleteSession() {
  if (!session) return;
  const id = session;
  session = null;
  await wd('DELETE', `/session/${id}`).catch((e) => console.error(`  (closing the session failed: ${e.message})`));
}

async function find(css) {
  const value = await wd('POST', s('/element'), { using: 'css selector', value: css });
  return value[ELEMENT];
}

async function findAll(css) {
  const value = await wd('POST', s('/elements'), { using: 'css selector', value: css });
  return value.map((v) => v[ELEMENT]);
}

const click = (el) => wd('POST', s(`/element/${el}/click`), {});
const clear = (el) => wd('POST', s(`/element/${el}/clear`), {});
const text = (el) => wd('GET', s(`/element/${el}/text`));

/** Types into an element (W3C Element Send Keys). */
function type(el, keys, landed) {
  return wd('POST', s(`/element/${el}/value`), { text: keys }, { landed });
}

const exec = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });

/** Polls `fn` until it returns something truthy; fails naming what it waited for. */
async function waitFor(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      last = value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what} (last seen: ${seen})`);
    }
    await sleep(150);
  }
}

async function screenshot(path) {
  const png = await wd('GET', s('/screenshot'), undefined, { timeoutMs: 20000 });
  writeFileSync(path, Buffer.from(png, 'base64'));
  return path;
}

// ---- reading the app's state ---------------------------------------------------

const editorText = () =>
  exec(`return Array.from(document.querySelectorAll('.cm-content .cm-line')).map((l) => l.textContent).join('\\n');`);
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

async function previewHasPost() {
  const p = await previewState();
  return p.h1 && p.h1.includes('Hello Quire') && p.table && p.cells.includes('1') ? p : false;
}

// ---- steps ---------------------------------------------------------------------

let passed = 0;
let current = '';

async function step(name, fn) {
  current = name;
  const started = Date.now();
  await fn();
  passed++;
  console.log(`ok ${passed} - ${name} (${Date.now() - started} ms)`);
}

async function shot(name) {
  if (!SHOTS || !session) return;
  try {
    mkdirSync(SHOTS, { recursive: true });
    console.log(`  screenshot: ${await screenshot(join(SHOTS, `${name}.png`))}`);
  } catch (e) {
    console.error(`  (screenshot failed: ${e.message})`);
  }
}

/** Types one line at the end of the editor and checks it arrived exactly once. */
async function typeLine(content, line, last) {
  const before = await editorText();
  const keys = line + (last ? '' : KEY.enter);
  await type(content, keys, async () => (await editorText()) !== before);
  const after = await waitFor(async () => {
    const t = await editorText();
    return t !== before ? t : false;
  }, 5000, `the editor to show ${JSON.stringify(line)}`);
  const lines = after.split('\n');
  const typedLine = last ? lines[lines.length - 1] : lines[lines.length - 2];
  if (typedLine !== line) {
    throw new Error(`typed ${JSON.stringify(line)} but the editor line reads ${JSON.stringify(typedLine)}`);
  }
}

async function main() {
  if (!BIN || !isAbsolute(BIN)) throw new Error('set QUIRE_APP_BIN to the absolute path of the built app binary');

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
  });

  await step('set the title', async () => {
    const title = await find('#title');
    await clear(title);
    await type(title, TITLE, async () => (await exec(`return document.querySelector('#title').value;`)) !== '');
    const value = await exec(`return document.querySelector('#title').value;`);
    if (value !== TITLE) throw new Error(`#title reads ${JSON.stringify(value)}, expected ${JSON.stringify(TITLE)}`);
    await waitFor(async () => (await listedTitles()).includes(TITLE), 10000, `a row titled ${JSON.stringify(TITLE)}`);
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

  await shot('1-first-session');

  await step('close the app', async () => {
    await deleteSession();
  });

  await step('start the app again on the same library', async () => {
    await newSession();
    await waitFor(async () => (await listedTitles()).includes(TITLE), 20000, `a row titled ${JSON.stringify(TITLE)} after restart`);
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
    const words = await exec(`return document.querySelector('#status-words').textContent;`);
    if (!/\d+ words?/.test(words)) throw new Error(`#status-words reads ${JSON.stringify(words)}`);
  });

  await shot('2-after-restart');
}

try {
  await main();
  console.log(`e2e: ${passed} steps passed`);
} catch (e) {
  console.error(`e2e: FAILED at step ${passed + 1} "${current}": ${e.message}`);
  await shot('failure');
  process.exitCode = 1;
} finally {
  await deleteSession();
}
