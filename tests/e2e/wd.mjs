// WebDriver plumbing shared by the end-to-end suites (smoke.mjs, security.mjs):
// W3C WebDriver over plain HTTP to tauri-driver (WebKitWebDriver behind it),
// with retries for dropped requests, one session (one running app) at a time,
// numbered steps and screenshots. Plain Node 20, no dependencies.
//
// Env:
//   QUIRE_APP_BIN   absolute path of the built app binary (required)
//   WEBDRIVER_URL   default http://127.0.0.1:4444
//   QUIRE_E2E_SHOTS optional folder for screenshots (taken at the end of each
//                   session and when a step fails)

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { displayShot } from './system.mjs';

export const BIN = process.env.QUIRE_APP_BIN;
export const WD = (process.env.WEBDRIVER_URL || 'http://127.0.0.1:4444').replace(/\/+$/, '');
export const SHOTS = process.env.QUIRE_E2E_SHOTS || '';
export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
export const KEY = {
  enter: '\uE007',
  backspace: '\uE003',
  control: '\uE009',
  shift: '\uE008',
  end: '\uE010',
  home: '\uE011',
  escape: '\uE00C',
  release: '\uE000',
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- WebDriver over HTTP -------------------------------------------------------

/** A request that reached the driver and failed; `code` is the W3C error code ("no such alert", …). */
export class WebDriverError extends Error {
  constructor(message, code = '') {
    super(message);
    this.code = code;
  }
}

/** A request that reached the driver and failed: retrying it would not help. */
function driverError(method, path, status, value) {
  const what = value && typeof value === 'object' ? `${value.error}: ${value.message}` : `HTTP ${status}`;
  return new WebDriverError(`${method} ${path} -> ${what}`, value && typeof value === 'object' ? value.error : '');
}

/** Every "unexpected alert open" any request met: a page dialog opened (a suite asserts none did). */
export const alertsSeen = [];

/**
 * One WebDriver call. A dropped connection between tauri-driver and WebKitWebDriver
 * (about one request in ten or twenty) is retried up to 3 times; a request that
 * must not run twice passes `landed`, which says whether it took effect after all.
 */
export async function wd(method, path, body, { landed, timeoutMs = 60000 } = {}) {
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
      if (!res.ok || (json.value && json.value.error)) {
        const err = driverError(method, path, res.status, json.value);
        if (err.code === 'unexpected alert open') alertsSeen.push(`${method} ${path}: ${json.value.message}`);
        throw err;
      }
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
/** The running session's id, or null. */
export const sessionId = () => session;
/** A path under the running session. */
export const s = (path) => `/session/${session}${path}`;

/** Starts the app (one WebDriver session); `args` are passed to it on its command line. */
export async function newSession({ args } = {}) {
  if (!BIN) throw new Error('QUIRE_APP_BIN is not set');
  const options = { application: BIN };
  if (args) options.args = args;
  const capabilities = { alwaysMatch: { browserName: 'wry', 'tauri:options': options } };
  // Dropped here, a retry could start a second app; it is still the best we can do.
  const value = await wd('POST', '/session', { capabilities });
  session = value.sessionId;
  await wd('POST', s('/timeouts'), { implicit: 0, script: 30000, pageLoad: 30000 });
  return session;
}

export async function deleteSession() {
  if (!session) return;
  const id = session;
  session = null;
  await wd('DELETE', `/session/${id}`).catch((e) => console.error(`  (closing the session failed: ${e.message})`));
}

export async function find(css) {
  const value = await wd('POST', s('/element'), { using: 'css selector', value: css });
  return value[ELEMENT];
}

export async function findAll(css) {
  const value = await wd('POST', s('/elements'), { using: 'css selector', value: css });
  return value.map((v) => v[ELEMENT]);
}

export const click = (el) => wd('POST', s(`/element/${el}/click`), {});
export const clear = (el) => wd('POST', s(`/element/${el}/clear`), {});
export const text = (el) => wd('GET', s(`/element/${el}/text`));

/** Types into an element (W3C Element Send Keys). */
export function type(el, keys, landed) {
  return wd('POST', s(`/element/${el}/value`), { text: keys }, { landed });
}

export const exec = (script, args = []) => wd('POST', s('/execute/sync'), { script, args });
/** Runs an async script: it calls `arguments[arguments.length - 1]` with its result. */
export const execAsync = (script, args = [], opts) => wd('POST', s('/execute/async'), { script, args }, opts);

/** Polls `fn` until it returns something truthy; fails naming what it waited for. */
export async function waitFor(fn, timeoutMs, what) {
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

export async function screenshot(path) {
  const png = await wd('GET', s('/screenshot'), undefined, { timeoutMs: 20000 });
  writeFileSync(path, Buffer.from(png, 'base64'));
  return path;
}

// ---- steps ---------------------------------------------------------------------

let passed = 0;
let current = '';
/** How many steps passed so far. */
export const passedSteps = () => passed;

export async function step(name, fn) {
  current = name;
  const started = Date.now();
  await fn();
  passed++;
  console.log(`ok ${passed} - ${name} (${Date.now() - started} ms)`);
}

export async function shot(name) {
  if (!SHOTS || !session) return;
  const path = join(SHOTS, `${name}.png`);
  try {
    mkdirSync(SHOTS, { recursive: true });
    console.log(`  screenshot: ${await screenshot(path)}`);
  } catch (e) {
    // WebKitWebDriver's screenshot sometimes never answers: the X display,
    // as the writer sees it, is captured instead.
    try {
      console.log(`  screenshot (of the display): ${displayShot(path)}`);
    } catch (e2) {
      console.error(`  (screenshot failed: ${e.message}; of the display: ${e2.message})`);
    }
  }
}

/**
 * Runs a suite's `main`, then prints `summary()` (its last line, which run.sh
 * reads) or `<label>: FAILED at step N "name": why`, and closes the app.
 */
export async function runSuite(label, main, summary) {
  try {
    await main();
    console.log(summary());
  } catch (e) {
    console.error(`${label}: FAILED at step ${passed + 1} "${current}": ${e.message}`);
    await shot('failure');
    process.exitCode = 1;
  } finally {
    await deleteSession();
  }
}

// ---- the editor, shared by the suites ------------------------------------------

export const editorText = () =>
  exec(`return Array.from(document.querySelectorAll('.cm-content .cm-line')).map((l) => l.textContent).join('\\n');`);

/** Types one line at the end of the editor and checks it arrived exactly once. */
export async function typeLine(content, line, last) {
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

// ---- the library's files ------------------------------------------------------

/** The Markdown file under `folder` (hidden folders skipped) whose text holds every one of `needles`. */
export function findPostFile(folder, needles) {
  const found = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && /\.(md|markdown)$/i.test(entry.name)) {
        const text = readFileSync(path, 'utf8');
        if (needles.every((n) => text.includes(n))) found.push(path);
      }
    }
  };
  walk(folder);
  if (found.length !== 1) {
    throw new Error(`expected one file under ${folder} holding ${JSON.stringify(needles)}, found ${JSON.stringify(found)}`);
  }
  return found[0];
}

/** A post's slug as its file under the library names it: `<slug>.md`, `<slug>/index.md` or Jekyll's `YYYY-MM-DD-<slug>.md`. */
export function slugOfPostFile(file) {
  const stem = basename(file).replace(/\.(md|markdown)$/i, '');
  const name = stem.toLowerCase() === 'index' ? basename(dirname(file)) : stem;
  return name.replace(/^\d{4}-\d{2}-\d{2}-/, '');
}

/**
 * How many posts the list holds. It renders only the rows in view, so this is
 * read from aria-setsize, which every rendered row carries.
 */
export const listedCount = () =>
  exec(`const row = document.querySelector('#post-list li.post-row');
        return row ? Number(row.getAttribute('aria-setsize')) : 0;`);

/**
 * The list's row matching `css` (and titled `title`, when given), scrolled into
 * view as a writer would find it: the list renders only the rows in view, so
 * unless the row is already there this scrolls down from the top a view at a
 * time, letting the page handle each scroll. Null when no row matches.
 */
export const revealRow = (css, title = null) =>
  execAsync(
    `const [css, title, done] = arguments;
     const list = document.querySelector('#post-list');
     const scroller = list.parentElement;
     const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
     const match = () =>
       Array.from(list.querySelectorAll(css)).find(
         (r) => title === null || r.querySelector('.post-title')?.textContent.trim() === title,
       ) || null;
     const scan = async () => {
       for (;;) {
         const row = match();
         if (row) return row;
         const before = scroller.scrollTop;
         scroller.scrollTop = before + scroller.clientHeight;
         await frame();
         if (scroller.scrollTop === before) return null;
       }
     };
     (async () => {
       let row = match();
       if (!row) {
         scroller.scrollTop = 0;
         await frame();
         row = await scan();
       }
       if (row) {
         row.scrollIntoView({ block: 'center' });
         await frame();
       }
       return row;
     })().then(done, () => done(null));`,
    [css, title],
  );

/** The export dialog as a writer sees it: open, busy, the report's text, the error's text. */
export const exportState = () =>
  exec(`
    const q = (sel) => document.querySelector(sel);
    const report = q('#export-report');
    const error = q('#export-error');
    return {
      open: !!(q('#export-dialog') && q('#export-dialog').open),
      busy: q('#export-dialog') ? q('#export-dialog').getAttribute('aria-busy') === 'true' : false,
      report: report && !report.hidden ? report.textContent : null,
      summary: q('#export-summary') ? q('#export-summary').textContent.trim() : '',
      // Not "error": wd() reads a result's "error" key as the driver failing.
      failure: error && !error.hidden ? error.textContent : null,
    };`);

/**
 * Clicks the export dialog's Export button (once: a dropped click is not
 * repeated after the export started) and waits for its report or its error.
 */
export async function startExport(timeoutMs = 30000) {
  await waitFor(() => exec(`return !document.querySelector('#export-start').disabled;`), 5000, '#export-start to be enabled');
  await wd('POST', s(`/element/${await find('#export-start')}/click`), {}, {
    landed: async () => {
      const st = await exportState();
      return st.busy || st.report !== null || st.failure !== null;
    },
  });
  return waitFor(async () => {
    const st = await exportState();
    return st.failure !== null || (st.report !== null && !st.busy) ? st : false;
  }, timeoutMs, '#export-report or #export-error');
}

/**
 * Emulates the system's dark theme (the suites run in a light desktop): the stylesheets' dark rules
 * apply, their light-only rules do not, and form controls draw dark. Reports
 * whether the app's colours changed (the page background variable).
 */
export function setDarkTheme(on) {
  return exec(
    `const on = arguments[0];
    const state = (window.__quireDarkRules = window.__quireDarkRules || []);
    if (on) {
      for (const sheet of Array.from(document.styleSheets)) {
        let rules;
        try { rules = sheet.cssRules; } catch { continue; }
        const walk = (list) => {
          for (const rule of Array.from(list)) {
            if (typeof CSSMediaRule !== 'undefined' && rule instanceof CSSMediaRule) {
              const text = rule.media.mediaText;
              if (/prefers-color-scheme\\s*:\\s*dark/i.test(text)) {
                state.push([rule, text]);
                rule.media.mediaText = 'all';
              } else if (/prefers-color-scheme\\s*:\\s*light/i.test(text)) {
                state.push([rule, text]);
                rule.media.mediaText = 'not all';
              }
              walk(rule.cssRules);
            }
          }
        };
        walk(rules);
      }
      document.documentElement.style.colorScheme = 'dark';
    } else {
      for (const [rule, text] of state.splice(0)) rule.media.mediaText = text;
      document.documentElement.style.colorScheme = '';
    }
    return getComputedStyle(document.documentElement).getPropertyValue('--bg').trim();`,
    [on],
  );
}
