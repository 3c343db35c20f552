#!/usr/bin/env node
// End-to-end security suite: drives the real Quire window over W3C WebDriver
// (tauri-driver in front of WebKitWebDriver; the plumbing is in wd.mjs) and
// proves, in the running app, that
//   - no hostile post (tests/fixtures/hostile, copied into the library before
//     the app starts) runs script, opens a dialog, navigates the window or
//     leaves anything live in the preview, and hostile titles and tags show as text;
//   - the page cannot call what capabilities/main.json does not allow;
//   - every allowed command refuses hostile arguments (or does something harmless,
//     inside the library), the app still answers, and nothing is written elsewhere;
//   - links in the preview open in the system browser only for web and mail addresses.
// Plain Node 20, no dependencies. Checks that find a problem are reported as
// "not ok" and the suite goes on, so one run lists every finding; it fails if any did.
//
// Env (run.sh sets all of them; see wd.mjs for QUIRE_APP_BIN, WEBDRIVER_URL, QUIRE_E2E_SHOTS):
//   QUIRE_LIBRARY     the library folder the app opens (required, empty before the run)
//   QUIRE_E2E_WORK    this suite's own folder (required): the library's parent and
//                     the app's working folder are in it; the suite writes its
//                     export folder and the folders of its hostile paths there
//   QUIRE_E2E_OPENED  the file the stand-in browser appends each opened URL to (required)
//   QUIRE_E2E_CORPUS  the hostile corpus (default tests/fixtures/hostile)
//   QUIRE_E2E_CASES   optional regular expression: only the cases whose name matches
//                     are opened one by one (all are still copied and listed)

import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BIN,
  ELEMENT,
  KEY,
  WebDriverError,
  alertsSeen,
  click,
  exec,
  execAsync,
  exportState,
  find,
  findPostFile,
  listedCount,
  newSession,
  passedSteps,
  revealRow,
  runSuite,
  s,
  shot,
  sleep,
  startExport,
  step,
  type,
  waitFor,
  wd,
} from './wd.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const LIBRARY = process.env.QUIRE_LIBRARY || '';
const WORK = process.env.QUIRE_E2E_WORK || '';
const OPENED = process.env.QUIRE_E2E_OPENED || '';
const CORPUS = process.env.QUIRE_E2E_CORPUS || resolve(here, '../fixtures/hostile');
const ONLY = process.env.QUIRE_E2E_CASES ? new RegExp(process.env.QUIRE_E2E_CASES) : null;
// The export folder this suite chooses (outside the library, as exports require).
const EXPORT_OUT = WORK ? join(WORK, 'export-site') : '';
// Where the suite puts files a hostile call must not touch, and folders standing
// in for places outside the library nobody chose (never /etc itself: this runs as root).
const OUTSIDE = WORK ? join(WORK, 'outside') : '';

const CLASSES = [
  'event-handler',
  'dangerous-element',
  'javascript-url',
  'other-scheme',
  'svg-mathml',
  'parser-differential',
  'code-fence-info',
  'heading-html',
  'front-matter-html',
];
const MIN_CASES = 60;
const MB = 1 << 20;
// How long a payload gets to fire (an image error, a zero-second refresh, a focus) before the canaries are read.
const SETTLE_MS = 300;

// A post of links written beside the corpus: which ones the system opener may get.
const LINKS_SLUG = 'e2e-links';
const WEB_URL = 'https://example.com/quire-e2e?a=1&b=2';
const MAIL_URL = 'mailto:quire-e2e@example.com?subject=Quire';
const LINKS_POST = `---
title: E2E links
---
SAFE-${LINKS_SLUG}

[web link](${WEB_URL})

[mail link](${MAIL_URL})

[file link](file:///etc/passwd)

[share link](smb://example.com/share)

[custom link](obsidian://open?vault=quire-pwned)

[editor link](vscode://file/etc/passwd)

[script link](javascript:document.title='PWNED')

<a href="javascript:window.top.__pwned=1">raw script link</a>

<a href="JaVaScRiPt&#58;document.body.setAttribute('data-pwned','1')">encoded script link</a>
`;
// A 1×1 PNG: an image the quire-file scheme may serve from inside the library, and must not from outside.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const NEGATIVE_LINKS = ['file link', 'share link', 'custom link', 'editor link', 'script link', 'raw script link', 'encoded script link'];

// ---- soft checks: a finding is reported and the suite goes on -------------------

const failures = [];
let checks = 0;

/** A check that reports its failure ("not ok") and lets the suite go on; the suite fails at the end. */
async function check(name, fn) {
  checks++;
  try {
    await step(name, fn);
  } catch (e) {
    failures.push(`${name}: ${e.message}`);
    console.log(`not ok - ${name}: ${e.message}`);
    await shot(`failure-${failures.length}`);
  }
}

// ---- the corpus ----------------------------------------------------------------------

/** Reads one fixture: YAML front matter with `title` (plain or a JSON-style double-quoted string), `class`, optional `tags` (a flow list of such strings). */
function readCase(file) {
  const name = basename(file, '.md');
  const text = readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  if (!m) throw new Error(`${file}: no YAML front matter`);
  const fields = {};
  for (const line of m[1].split('\n')) {
    const kv = /^([a-z]+): (.*)$/.exec(line);
    if (!kv) throw new Error(`${file}: cannot read front matter line ${JSON.stringify(line)}`);
    const raw = kv[2].trim();
    fields[kv[1]] = raw.startsWith('"') || raw.startsWith('[') ? JSON.parse(raw) : raw;
  }
  const unknown = Object.keys(fields).filter((k) => !['title', 'class', 'tags'].includes(k));
  if (unknown.length) throw new Error(`${file}: unknown front matter keys ${unknown}`);
  if (typeof fields.title !== 'string' || !fields.title.trim()) throw new Error(`${file}: no title`);
  if (!CLASSES.includes(fields.class)) throw new Error(`${file}: class ${JSON.stringify(fields.class)} is not one of ${CLASSES}`);
  if (!new RegExp(`^${fields.class}-\\d\\d$`).test(name)) throw new Error(`${file}: the name does not read <class>-<nn>.md`);
  if (!m[2].includes(`SAFE-${name}`)) throw new Error(`${file}: the body has no SAFE-${name} line`);
  const tags = fields.tags ?? [];
  if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string')) throw new Error(`${file}: tags is not a list of strings`);
  return { name, file, title: fields.title, cls: fields.class, tags };
}

function readCorpus() {
  if (!existsSync(CORPUS)) throw new Error(`no corpus at ${CORPUS}`);
  const files = readdirSync(CORPUS).filter((f) => /^[a-z-]+-\d\d\.md$/.test(f)).sort();
  const cases = files.map((f) => readCase(join(CORPUS, f)));
  if (cases.length < MIN_CASES) throw new Error(`${CORPUS} holds ${cases.length} cases, fewer than ${MIN_CASES}`);
  const missing = CLASSES.filter((c) => !cases.some((k) => k.cls === c));
  if (missing.length) throw new Error(`${CORPUS} has no case of ${missing}`);
  const titles = new Set(cases.map((c) => c.title.trim()));
  if (titles.size !== cases.length) throw new Error(`${CORPUS}: two cases share a title`);
  return cases;
}

// ---- files outside the library -------------------------------------------------------

/** Every path under `dir` (relative), not following symlinks, skipping the top-level names in `skip`. */
function tree(dir, skip = []) {
  const out = [];
  const walk = (d, rel) => {
    let entries = [];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (!rel && skip.includes(e.name)) continue;
      out.push(r);
      if (e.isDirectory()) walk(join(d, e.name), r);
    }
  };
  walk(dir, '');
  return out;
}

const names = (dir) => {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
};

// What belongs to run.sh, the app and this suite in WORK; anything else appearing there is a finding.
const WORK_OWN = ['library', 'data', 'xdg-config', 'xdg-data', 'export-site', 'export-hidden', 'outside', 'output.log', 'tauri-driver.log', 'opened.txt', 'opener.sh'];
// A post linking to the library's hidden files, which no export may publish.
const HIDDEN_SLUG = 'e2e-hidden-links';
const HIDDEN_POST = `---
title: Links to hidden files
---
SAFE-e2e-hidden-links: [settings](.env) and ![config](.git/config) and ![fine](images/inside.png)
`;
// Folders a hostile path could reach: a new entry named like a payload there is a finding.
const WATCHED = () => [...new Set(['/', '/tmp', '/etc', homedir(), dirname(WORK), dirname(dirname(WORK))])];
const PAYLOAD_NAME = /pwned/i;

function snapshotOutside() {
  return {
    work: new Set(tree(WORK, WORK_OWN)),
    watched: Object.fromEntries(WATCHED().map((d) => [d, new Set(names(d))])),
  };
}

/** Files that appeared since `before`: anything new in WORK outside its own folders, and payload-named entries elsewhere. */
function appearedOutside(before) {
  const found = [];
  for (const p of tree(WORK, WORK_OWN)) if (!before.work.has(p)) found.push(join(WORK, p));
  for (const [d, seen] of Object.entries(before.watched)) {
    for (const n of names(d)) if (!seen.has(n) && PAYLOAD_NAME.test(n)) found.push(join(d, n));
  }
  // Payload-named files anywhere under OUTSIDE except what the suite made there.
  for (const p of tree(OUTSIDE)) {
    if (PAYLOAD_NAME.test(basename(p)) && !ownOutside.has(p)) found.push(join(OUTSIDE, p));
  }
  return found;
}

/** What the suite itself put under OUTSIDE (relative paths), so it is not mistaken for a hostile write. */
const ownOutside = new Set();
/** Writes outside already reported by a check, so the next checks do not report them again. */
const reportedOutside = new Set();

/** Writes outside that no check reported yet. */
function newlyAppearedOutside() {
  const found = appearedOutside(before).filter((p) => !reportedOutside.has(p));
  for (const p of found) reportedOutside.add(p);
  return found;
}

// ---- reading the app -------------------------------------------------------------------

const openedUrls = () => (existsSync(OPENED) ? readFileSync(OPENED, 'utf8').split('\n').filter(Boolean) : []);

/** What a payload would change, read from the page. */
const pageState = () =>
  exec(`
    let topPwned = null;
    try { topPwned = typeof window.top.__pwned === 'undefined' ? null : String(window.top.__pwned); } catch (e) { topPwned = 'unreadable: ' + e; }
    return {
      docTitle: document.title,
      pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
      topPwned,
      marked: Array.from(document.querySelectorAll('[data-pwned]')).map((e) => e.localName),
      href: location.href,
      scripts: document.scripts.length,
      frames: document.querySelectorAll('iframe, frame, object, embed').length + window.frames.length,
      heads: document.querySelectorAll('base, meta[http-equiv], link[rel=import]').length,
      sheets: document.styleSheets.length,
      dialogs: window.__quireE2eDialogs ? window.__quireE2eDialogs.slice() : 'not recorded',
      app: !!document.querySelector('#post-list'),
    };`);

/**
 * Records every call of alert, confirm, prompt and print, then calls the page's
 * own. In Quire these never reach WebDriver as a dialog: the dialog plugin
 * replaces them with calls of plugin:dialog|message and friends, which the
 * capability refuses; so a payload's alert(1) is seen here, or not at all.
 */
const recordDialogs = () =>
  exec(`
    if (window.__quireE2eDialogs) return;
    window.__quireE2eDialogs = [];
    for (const name of ['alert', 'confirm', 'prompt', 'print']) {
      const original = window[name];
      window[name] = function (...args) {
        window.__quireE2eDialogs.push(name + '(' + String(args[0]) + ')');
        return typeof original === 'function' ? original.apply(this, args) : undefined;
      };
    }`);

/** The preview's DOM: anything live, foreign, or pointing at a scheme other than web and mail. */
const previewProblems = () =>
  exec(`
    const root = document.querySelector('#preview');
    if (!root) return ['no #preview'];
    const problems = [];
    const forbidden = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link',
      'style', 'form', 'button', 'svg', 'math', 'template', 'noscript', 'textarea', 'select', 'option', 'audio', 'video',
      'source', 'track', 'portal', 'xmp', 'plaintext', 'marquee', 'area', 'map', 'keygen', 'isindex', 'title', 'body', 'html', 'head']);
    const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcset', 'poster', 'background',
      'cite', 'longdesc', 'usemap', 'ping', 'codebase', 'dynsrc', 'lowsrc', 'srcdoc']);
    for (const el of root.querySelectorAll('*')) {
      const tag = el.localName;
      if (forbidden.has(tag)) problems.push('<' + tag + '>');
      if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push('foreign <' + tag + '> in ' + el.namespaceURI);
      if (tag === 'input' && !(el.type === 'checkbox' && el.disabled)) problems.push('a live <input type=' + el.type + '>');
      for (const a of Array.from(el.attributes)) {
        const n = a.name.toLowerCase();
        if (n.startsWith('on')) problems.push(tag + '[' + n + ']');
        if (n === 'style') problems.push(tag + '[style]');
        if (n === 'name' || n === 'form' || n === 'autofocus' || n === 'contenteditable' || n === 'target') problems.push(tag + '[' + n + ']');
        if (n === 'id' && !a.value.startsWith('user-content-')) problems.push(tag + '[id=' + JSON.stringify(a.value) + '] without the user-content- prefix');
        if (urlAttrs.has(n)) {
          const v = a.value.replace(/[\\u0000-\\u0020\\u007f-\\u009f]/g, '').toLowerCase();
          const scheme = (/^([a-z][a-z0-9+.-]*):/.exec(v) || [])[1];
          const ok = !scheme || ['http', 'https', 'mailto'].includes(scheme) ||
            (tag === 'img' && n === 'src' && scheme === 'quire-file');
          if (!ok || n === 'srcdoc') problems.push(tag + '[' + n + '=' + JSON.stringify(a.value.slice(0, 80)) + ']');
        }
      }
    }
    return problems;`);

async function noAlertOpen() {
  try {
    const t = await wd('GET', s('/alert/text'));
    return `a dialog is open: ${JSON.stringify(t)}`;
  } catch (e) {
    if (e instanceof WebDriverError && e.code === 'no such alert') return null;
    return `GET /alert/text did not answer "no such alert": ${e.message}`;
  }
}

let baseline = null;

/** Records what the untouched app looks like: the canaries every later check compares with. */
async function takeBaseline() {
  await recordDialogs();
  const st = await pageState();
  baseline = {
    url: await wd('GET', s('/url')),
    windowTitle: await wd('GET', s('/title')),
    handles: (await wd('GET', s('/window/handles'))).length,
    ...st,
  };
  if (baseline.docTitle === 'PWNED' || baseline.pwned !== null || baseline.marked.length) {
    throw new Error(`the app starts with a canary already set: ${JSON.stringify(baseline)}`);
  }
}

/** Throws naming every canary that changed since the baseline: script ran, a dialog opened or the window navigated. */
async function assertUntouched(what) {
  const problems = [];
  const alert = await noAlertOpen();
  if (alert) problems.push(alert);
  if (alertsSeen.length) problems.push(`WebDriver met an open dialog: ${alertsSeen.splice(0).join('; ')}`);
  const url = await wd('GET', s('/url'));
  if (url !== baseline.url) problems.push(`the window navigated to ${url} (was ${baseline.url})`);
  const windowTitle = await wd('GET', s('/title'));
  if (windowTitle !== baseline.windowTitle) problems.push(`the window title reads ${JSON.stringify(windowTitle)}`);
  const handles = (await wd('GET', s('/window/handles'))).length;
  if (handles !== baseline.handles) problems.push(`${handles} windows are open (was ${baseline.handles})`);
  const st = await pageState();
  if (!st.app) problems.push('the app is gone from the page');
  if (st.docTitle !== baseline.docTitle) problems.push(`document.title reads ${JSON.stringify(st.docTitle)}`);
  if (st.pwned !== null) problems.push(`window.__pwned is ${st.pwned}`);
  if (st.topPwned !== null) problems.push(`window.top.__pwned is ${st.topPwned}`);
  if (st.marked.length) problems.push(`data-pwned is set on ${st.marked.join(', ')}`);
  if (!Array.isArray(st.dialogs) || st.dialogs.length) problems.push(`page dialogs were called: ${JSON.stringify(st.dialogs)}`);
  if (st.href !== baseline.href) problems.push(`location is ${st.href}`);
  for (const k of ['scripts', 'frames', 'heads', 'sheets']) {
    if (st[k] !== baseline[k]) problems.push(`the page has ${st[k]} ${k} (was ${baseline[k]})`);
  }
  if (problems.length) throw new Error(`${what}: ${problems.join('; ')}`);
}

const rowSelector = (slug) => `#post-list li.post-row[data-slug="${slug.replace(/["\\]/g, '\\$&')}"]`;

const rowState = async (slug) =>
  (await revealRow(rowSelector(slug))) &&
  exec(
    `const row = document.querySelector(arguments[0]);
     if (!row) return null;
     const t = row.querySelector('.post-title');
     const tags = row.querySelector('.post-tags');
     return {
       title: t ? t.textContent : null,
       titleElements: t ? t.children.length : -1,
       tags: tags ? tags.textContent : '',
       tagElements: tags ? tags.children.length : 0,
       problem: !!row.querySelector('.problem-badge'),
     };`,
    [rowSelector(slug)],
  );

const openState = () =>
  exec(`
    const p = document.querySelector('#preview');
    const h = document.querySelector('#preview-title');
    return {
      title: document.querySelector('#title').value,
      preview: p ? p.innerText : '',
      previewTitle: h && !h.hidden ? h.textContent : null,
      previewTitleElements: h ? h.children.length : 0,
      chips: Array.from(document.querySelectorAll('#tag-chips .tag-chip')).map((c) => c.textContent),
      chipElements: Array.from(document.querySelectorAll('#tag-chips .tag-chip')).reduce((n, c) => n + c.children.length, 0),
    };`);

const hasSafe = (textShown, name) => new RegExp(`(^|[^\\w-])SAFE-${name}(?![\\w-])`).test(textShown);

/** Opens a post by clicking its row, and waits until the preview shows its SAFE line. */
async function openPost(slug, title) {
  // As a writer scrolls the list to it first.
  const row = await revealRow(rowSelector(slug));
  if (!row) throw new Error(`no row for ${slug} in #post-list`);
  await click(row[ELEMENT]);
  let last = null;
  const shown = async () => {
    last = await openState();
    return last.title === title && hasSafe(last.preview, slug) ? last : false;
  };
  try {
    return await waitFor(shown, 3000, `#title to read ${JSON.stringify(title)}`);
  } catch {
    // The click's mousedown focuses #post-list, whose focus handler scrolls the
    // open post's row into view (PostList's focus listener, setActive with scroll):
    // the list jumps under the pointer and the click lands beside the row. A UI
    // bug, not this suite's subject: click the row the way the browser would.
    console.error(`  (the click did not reach the row of ${slug}: focusing the list scrolled it; clicking it by script)`);
    await exec(`arguments[0].scrollIntoView({ block: 'center' }); arguments[0].click();`, [row]);
  }
  try {
    return await waitFor(shown, 10000, `#title to read ${JSON.stringify(title)} and #preview to show SAFE-${slug}`);
  } catch (e) {
    const seen = last && { title: last.title, preview: last.preview.slice(0, 300) };
    throw new Error(`${e.message}; the window shows ${JSON.stringify(seen)}`);
  }
}

/** Clicks every link in the preview as a writer would (by script when WebDriver cannot: an empty link has no size). */
async function clickPreviewLinks() {
  const links = await exec(`return Array.from(document.querySelectorAll('#preview a'));`);
  for (const link of links) {
    try {
      await click(link[ELEMENT]);
    } catch (e) {
      if (!(e instanceof WebDriverError)) throw e;
      if (e.code === 'unexpected alert open') throw e;
      await exec(`arguments[0].click();`, [link]);
    }
  }
  return links.length;
}

// ---- invoking commands from the page -------------------------------------------------------

/** `{ $big: n }` anywhere in the arguments becomes a string of n bytes, made in the page. */
const big = (n) => ({ $big: n });

/**
 * Calls `window.__TAURI_INTERNALS__.invoke(cmd, args)` from the page, as any script
 * in the webview could. `channels` names arguments that get a fresh IPC channel.
 * Resolves to { ok, value } or { ok: false, failure }; large values come back cut.
 */
async function invoke(cmd, args = {}, channels = []) {
  const result = await execAsync(
    `const [cmd, args, channels] = arguments;
     const done = arguments[arguments.length - 1];
     const fill = (v) => {
       if (Array.isArray(v)) return v.map(fill);
       if (v && typeof v === 'object') {
         if (typeof v.$big === 'number') return 'x'.repeat(v.$big);
         const o = {};
         for (const k of Object.keys(v)) o[k] = fill(v[k]);
         return o;
       }
       return v;
     };
     const a = fill(args);
     for (const k of channels) a[k] = '__CHANNEL__:' + window.__TAURI_INTERNALS__.transformCallback(() => {});
     const describe = (e) => {
       if (typeof e === 'string') return e;
       try { return JSON.stringify(e) || String(e); } catch (x) { return String(e); }
     };
     let p;
     try {
       p = window.__TAURI_INTERNALS__.invoke(cmd, a);
     } catch (e) {
       done({ ok: false, failure: 'threw: ' + describe(e && e.message ? e.message : e) });
       return;
     }
     Promise.resolve(p).then(
       (v) => {
         let text;
         try { text = JSON.stringify(v); } catch (e) { text = String(v); }
         const size = text === undefined ? 0 : text.length;
         if (size <= 200000) {
           done({ ok: true, size, value: v === undefined ? null : v });
           return;
         }
         // Too big to send back whole: the top-level fields that are small (a post's path, id…).
         const small = {};
         if (v && typeof v === 'object' && !Array.isArray(v)) {
           for (const k of Object.keys(v)) {
             const t = JSON.stringify(v[k]);
             if (t === undefined || t.length < 10000) small[k] = v[k];
           }
         }
         done({ ok: true, cut: true, size, value: Array.isArray(v) ? { length: v.length } : small });
       },
       (e) => done({ ok: false, failure: describe(e) }));`,
    [cmd, args, channels],
    { timeoutMs: 90000 },
  );
  return result;
}

const short = (v) => {
  const t = typeof v === 'string' ? v : JSON.stringify(v);
  return t === undefined ? String(t) : t.length > 160 ? `${t.slice(0, 160)}…` : t;
};
const describeArgs = (args) => short(args).replace(/\{"\$big":(\d+)\}/g, (_, n) => `<${n} bytes>`);

/** Throws unless the call was refused. */
async function mustReject(cmd, args, channels = []) {
  const r = await invoke(cmd, args, channels);
  if (r.ok) throw new Error(`${cmd}(${describeArgs(args)}) was accepted: ${short(r.value)}`);
  return r.failure;
}

/** A call that may succeed (it is harmless) or be refused; `verify` checks a success. */
async function mayAccept(cmd, args, channels = [], verify) {
  const r = await invoke(cmd, args, channels);
  if (r.ok && verify) {
    const why = await verify(r.value, r);
    if (why) throw new Error(`${cmd}(${describeArgs(args)}) succeeded but ${why}`);
  }
  console.log(`  ${r.ok ? 'accepted (harmless)' : 'refused'}: ${cmd}(${describeArgs(args).slice(0, 120)})`);
  return r;
}

async function mustAccept(cmd, args = {}, channels = []) {
  const r = await invoke(cmd, args, channels);
  if (!r.ok) throw new Error(`${cmd}(${describeArgs(args)}) failed: ${r.failure}`);
  return r.value;
}

/** A library-relative path a command returned: it must stay inside the library. */
function insideLibrary(rel) {
  if (typeof rel !== 'string' || !rel) return `its path is ${JSON.stringify(rel)}`;
  if (isAbsolute(rel) || rel.split(/[\\/]/).includes('..')) return `its path ${JSON.stringify(rel)} leaves the library`;
  const abs = join(LIBRARY, rel);
  if (!existsSync(abs)) return `its file ${abs} does not exist`;
  const real = realpathSync(abs);
  if (relative(realpathSync(LIBRARY), real).startsWith('..')) return `its file resolves to ${real}, outside the library`;
  return null;
}

const ALL = { tag: null, status: null };
// The commands commandCheck tried (filled as it runs).
const triedCommands = [];

// ---- the suite ----------------------------------------------------------------------------

let cases = [];
let before = null;
// Posts the suite creates through hostile calls.
let testId = null;
let otherId = null;

async function main() {
  if (!BIN || !isAbsolute(BIN)) throw new Error('set QUIRE_APP_BIN to the absolute path of the built app binary');
  if (!LIBRARY || !isAbsolute(LIBRARY)) throw new Error('set QUIRE_LIBRARY to the absolute path of the library folder (run.sh does)');
  if (!WORK || !isAbsolute(WORK)) throw new Error('set QUIRE_E2E_WORK to the absolute path of this suite\'s folder (run.sh does)');
  if (!OPENED || !isAbsolute(OPENED)) throw new Error('set QUIRE_E2E_OPENED to the file the stand-in browser writes (run.sh does)');

  await step('copy the hostile corpus into the library before the app starts', async () => {
    cases = readCorpus();
    mkdirSync(LIBRARY, { recursive: true });
    const already = readdirSync(LIBRARY).filter((f) => !f.startsWith('.'));
    if (already.length) throw new Error(`${LIBRARY} is not empty: ${already.slice(0, 5)}`);
    for (const c of cases) copyFileSync(c.file, join(LIBRARY, `${c.name}.md`));
    writeFileSync(join(LIBRARY, `${LINKS_SLUG}.md`), LINKS_POST);
    writeFileSync(join(LIBRARY, `${HIDDEN_SLUG}.md`), HIDDEN_POST);
    writeFileSync(join(LIBRARY, '.env'), 'TOKEN=e2e-secret-token\n');
    mkdirSync(join(LIBRARY, '.git'), { recursive: true });
    writeFileSync(join(LIBRARY, '.git', 'config'), '[remote "origin"]\n\turl = https://e2e-secret-token@example.com/blog.git\n');
    // A folder someone else marked as an export of theirs: a thesis in it,
    // and a link to a folder beside it, both listed in the marker.
    mkdirSync(join(OUTSIDE, 'marked'), { recursive: true });
    mkdirSync(join(OUTSIDE, 'beside'), { recursive: true });
    writeFileSync(join(OUTSIDE, 'marked', 'thesis.docx'), 'years of work\n');
    writeFileSync(join(OUTSIDE, 'beside', 'keep.txt'), 'kept beside\n');
    symlinkSync(join(OUTSIDE, 'beside'), join(OUTSIDE, 'marked', 'link'));
    writeFileSync(join(OUTSIDE, 'marked', '.quire-export'), JSON.stringify({ files: ['thesis.docx', 'link/keep.txt'] }));
    // Things hostile calls must leave alone, and folders standing in for "somewhere nobody chose".
    mkdirSync(join(OUTSIDE, 'victim'), { recursive: true });
    writeFileSync(join(OUTSIDE, 'victim', 'authorized_keys'), 'ssh-ed25519 AAAA victim\n');
    writeFileSync(join(OUTSIDE, 'victim', 'page.html'), '<p>victim page</p>\n');
    writeFileSync(join(OUTSIDE, 'secret.txt'), 'secret\n');
    mkdirSync(join(OUTSIDE, 'etc'), { recursive: true });
    symlinkSync(LIBRARY, join(OUTSIDE, 'library-link'));
    // An image inside the library, one outside it, and a link from the one to the other.
    mkdirSync(join(LIBRARY, 'images'), { recursive: true });
    writeFileSync(join(LIBRARY, 'images', 'inside.png'), PNG);
    writeFileSync(join(OUTSIDE, 'secret.png'), PNG);
    symlinkSync(join(OUTSIDE, 'secret.png'), join(LIBRARY, 'images', 'link.png'));
    const src = join(OUTSIDE, 'import-src');
    mkdirSync(src, { recursive: true });
    writeFileSync(
      join(src, 'hostile-import.md'),
      `---\ntitle: Hostile import\nslug: ../../../../quire-pwned-import-slug\n---\nSAFE-hostile-import\n\n![up](../secret.txt) ![abs](/etc/passwd) ![far](../../../../../../etc/passwd)\n\n[link](../secret.txt)\n`,
    );
    for (const p of tree(OUTSIDE)) ownOutside.add(p);
    before = snapshotOutside();
    console.log(`  ${cases.length} hostile cases in ${CLASSES.length} classes from ${CORPUS}`);
  });

  await step('start the app on the hostile library', async () => {
    await newSession();
    await waitFor(
      async () => (await listedCount()) >= cases.length + 1,
      30000,
      `${cases.length + 1} rows in #post-list`,
    );
    // The app opens a post by itself at start: let it, so a click does not race it.
    await waitFor(
      () => exec(`return document.querySelector('#title').value !== '' && /SAFE-/.test(document.querySelector('#preview').innerText);`),
      20000,
      'the first post to open by itself',
    );
    await sleep(500);
    await takeBaseline();
    console.log(`  window at ${baseline.url}, titled ${JSON.stringify(baseline.windowTitle)}`);
  });

  await check('the canaries see a change when one is made (control)', async () => {
    // Made by the test itself, so a broken probe cannot pass every case unseen.
    const expectChange = async (what, make, undo) => {
      await exec(make);
      let seen = null;
      try {
        await assertUntouched(what);
      } catch (e) {
        seen = e.message;
      }
      await exec(undo);
      if (!seen) throw new Error(`${what} went unnoticed`);
    };
    await expectChange('document.title', `document.title = 'PWNED';`, `document.title = ${JSON.stringify(baseline.docTitle)};`);
    await expectChange('window.__pwned', `window.__pwned = 1;`, `delete window.__pwned;`);
    await expectChange('data-pwned', `document.body.setAttribute('data-pwned', '1');`, `document.body.removeAttribute('data-pwned');`);
    await exec(`
      const img = document.createElement('img');
      img.setAttribute('onerror', 'void 0');
      img.id = 'pwned-control';
      document.querySelector('#preview').append(img);
      return null;`);
    const found = await previewProblems();
    await exec(`document.querySelector('#preview #pwned-control').remove();`);
    if (!found.some((p) => p.includes('onerror'))) throw new Error(`an img[onerror] in the preview went unnoticed: ${JSON.stringify(found)}`);
    await expectChange('alert()', `alert('control');`, `window.__quireE2eDialogs.length = 0;`);
    await assertUntouched('after the controls');
  });

  await check('the post list shows every hostile title and tag as text', async () => {
    const problems = [];
    for (const c of cases) {
      const row = await rowState(c.name);
      if (!row) {
        problems.push(`${c.name}: not listed`);
        continue;
      }
      if (row.title !== c.title.trim()) problems.push(`${c.name}: the row reads ${JSON.stringify(row.title)}`);
      if (row.titleElements) problems.push(`${c.name}: the row title holds ${row.titleElements} elements`);
      if (row.problem) problems.push(`${c.name}: the row says the front matter has a problem`);
      const tags = c.tags.map((t) => `#${t}`).join(' ');
      if (row.tags !== tags) problems.push(`${c.name}: the row's tags read ${JSON.stringify(row.tags)}, expected ${JSON.stringify(tags)}`);
      if (row.tagElements) problems.push(`${c.name}: the row's tags hold elements`);
    }
    if (problems.length) throw new Error(problems.join('; '));
    await assertUntouched('after listing');
  });

  await check('the tag filter lists hostile tags as text', async () => {
    const options = await exec(
      `return Array.from(document.querySelectorAll('#filter-tag option')).map((o) => ({ value: o.value, text: o.textContent, children: o.children.length }));`,
    );
    const values = options.map((o) => o.value);
    const wanted = [...new Set(cases.flatMap((c) => c.tags))];
    const missing = wanted.filter((t) => !values.some((v) => v.toLowerCase() === t.toLowerCase()));
    if (missing.length) throw new Error(`#filter-tag has no option for ${JSON.stringify(missing)}`);
    const withElements = options.filter((o) => o.children);
    if (withElements.length) throw new Error(`options hold elements: ${JSON.stringify(withElements)}`);
  });

  for (const c of cases.filter((k) => !ONLY || ONLY.test(k.name))) {
    await check(`hostile ${c.name} (${c.cls}) renders inert`, async () => {
      const opened0 = openedUrls().length;
      const st = await openPost(c.name, c.title);
      await sleep(SETTLE_MS);
      const problems = [];
      if (st.previewTitle !== c.title) problems.push(`#preview-title reads ${JSON.stringify(st.previewTitle)}`);
      if (st.previewTitleElements) problems.push(`#preview-title holds ${st.previewTitleElements} elements`);
      const chips = [...st.chips].sort();
      const tags = [...c.tags].sort();
      if (JSON.stringify(chips) !== JSON.stringify(tags)) problems.push(`the tag chips read ${JSON.stringify(st.chips)}`);
      if (st.chipElements) problems.push('a tag chip holds elements');
      const dom = await previewProblems();
      if (dom.length) problems.push(`the preview holds ${dom.join(', ')}`);
      if (problems.length) throw new Error(problems.join('; '));
      await assertUntouched('after opening');
      // Clicking what is left of its links opens nothing and goes nowhere.
      const clicked = await clickPreviewLinks();
      if (clicked) {
        await sleep(SETTLE_MS);
        await assertUntouched(`after clicking its ${clicked} links`);
      }
      // A web address left as text is a link like any other (autolinked); anything else is not.
      const opened = openedUrls().slice(opened0).filter((u) => !/^(https?:\/\/|mailto:)/i.test(u));
      if (opened.length) throw new Error(`the system opener was asked to open ${JSON.stringify(opened)}`);
    });
  }

  await check('search snippets of hostile posts are text', async () => {
    const search = await find('#search');
    await click(search);
    const query = 'onerror';
    await type(search, query, async () => (await exec(`return document.querySelector('#search').value;`)) === query);
    const rows = await waitFor(
      async () => {
        const n = await exec(`return document.querySelectorAll('#post-list li.post-row .post-snippet').length;`);
        return n >= 5 ? n : false;
      },
      10000,
      'search results with snippets',
    );
    await sleep(SETTLE_MS);
    const bad = await exec(`
      return Array.from(document.querySelectorAll('#post-list .post-snippet *'))
        .filter((e) => e.localName !== 'mark' || e.attributes.length || e.children.length)
        .map((e) => e.outerHTML.slice(0, 80));`);
    if (bad.length) throw new Error(`snippets hold markup other than <mark>: ${JSON.stringify(bad.slice(0, 5))}`);
    await assertUntouched(`after listing ${rows} snippets`);
    await type(search, KEY.backspace.repeat(query.length));
    await waitFor(
      async () => (await exec(`return document.querySelectorAll('#post-list li.post-row .post-snippet').length;`)) === 0,
      10000,
      'the search to clear',
    );
  });

  await shot('security-1-hostile-posts');

  // ---- links -----------------------------------------------------------------------------

  let openedBeforeLinks = 0;
  await check('links that are not web or mail open nothing', async () => {
    openedBeforeLinks = openedUrls().length;
    await openPost(LINKS_SLUG, 'E2E links');
    // Which link each click reached: a click that lands elsewhere proves nothing.
    await exec(`
      window.__quireE2eClicks = [];
      document.addEventListener('click', (e) => {
        const a = e.target.closest && e.target.closest('a');
        window.__quireE2eClicks.push(a ? a.textContent.trim() : e.target.localName);
      }, true);`);
    for (const name of NEGATIVE_LINKS) {
      const link = await exec(
        `return Array.from(document.querySelectorAll('#preview a')).find((a) => a.textContent.trim() === arguments[0]) || null;`,
        [name],
      );
      if (!link) throw new Error(`the preview has no link ${JSON.stringify(name)}`);
      await exec(`window.__quireE2eClicks.length = 0; arguments[0].scrollIntoView({ block: 'center' });`, [link]);
      await click(link[ELEMENT]);
      const reached = await exec(`return window.__quireE2eClicks.slice();`);
      if (!reached.includes(name)) throw new Error(`the click meant for ${JSON.stringify(name)} reached ${JSON.stringify(reached)}`);
      await sleep(100);
      await assertUntouched(`after clicking ${JSON.stringify(name)}`);
    }
    // xdg-open runs detached: give a wrong call the time to arrive.
    await sleep(1500);
    const opened = openedUrls().slice(openedBeforeLinks);
    if (opened.length) throw new Error(`the system opener was asked to open ${JSON.stringify(opened)}`);
  });

  await check('a web link opens in the system browser', async () => {
    const link = await exec(`return Array.from(document.querySelectorAll('#preview a')).find((a) => a.textContent.trim() === 'web link') || null;`);
    if (!link) throw new Error('the preview has no "web link"');
    await click(link[ELEMENT]);
    await waitFor(async () => openedUrls().slice(openedBeforeLinks).includes(WEB_URL), 10000, `${OPENED} to list ${WEB_URL}`);
    await assertUntouched('after clicking the web link');
  });

  await check('a mail link opens in the system mailer', async () => {
    const link = await exec(`return Array.from(document.querySelectorAll('#preview a')).find((a) => a.textContent.trim() === 'mail link') || null;`);
    if (!link) throw new Error('the preview has no "mail link"');
    await click(link[ELEMENT]);
    await waitFor(async () => openedUrls().slice(openedBeforeLinks).includes(MAIL_URL), 10000, `${OPENED} to list ${MAIL_URL}`);
    await sleep(1000);
    const opened = openedUrls().slice(openedBeforeLinks);
    if (JSON.stringify(opened) !== JSON.stringify([WEB_URL, MAIL_URL])) {
      throw new Error(`the system opener got ${JSON.stringify(opened)}, expected exactly ${JSON.stringify([WEB_URL, MAIL_URL])}`);
    }
    await assertUntouched('after clicking the mail link');
  });

  await shot('security-2-links');

  await check('the quire-file scheme serves only images inside the library', async () => {
    const base = 'quire-file://localhost/';
    const rel = relative(LIBRARY, join(OUTSIDE, 'secret.png'));
    const abs = join(OUTSIDE, 'secret.png');
    const attempts = [
      base + rel,
      base + rel.replaceAll('/', '%2F'),
      base + rel.replaceAll('.', '%2e').replaceAll('/', '%2F'),
      base + rel.replaceAll('..', '%2e%2e'),
      base + rel.replaceAll('/', '%5C'),
      base + encodeURIComponent(encodeURIComponent(rel)),
      base + encodeURIComponent(abs),
      base + abs.replace(/^\//, '/'),
      `quire-file://${abs}`,
      `${base}images/${encodeURIComponent(`../${rel}`)}`,
      `${base}images/link.png`,
    ];
    const r = await execAsync(
      `const [control, attempts] = arguments;
       const done = arguments[arguments.length - 1];
       const load = (src) => new Promise((resolve) => {
         const img = new Image();
         const timer = setTimeout(() => resolve({ src, loaded: 'no answer' }), 5000);
         img.onload = () => { clearTimeout(timer); resolve({ src, loaded: img.naturalWidth > 0 }); };
         img.onerror = () => { clearTimeout(timer); resolve({ src, loaded: false }); };
         img.src = src;
       });
       Promise.all([load(control), ...attempts.map(load)]).then(([c, ...rest]) => done({ control: c, rest }));`,
      [`${base}images/inside.png`, attempts],
    );
    if (r.control.loaded !== true) {
      console.log(`  note: an image inside the library did not load over quire-file (${JSON.stringify(r.control)}); this build may not have the scheme, nothing to test`);
      return;
    }
    const served = r.rest.filter((x) => x.loaded !== false);
    if (served.length) throw new Error(`served from outside the library: ${JSON.stringify(served)}`);
    await assertUntouched('after the quire-file requests');
  });

  // ---- capabilities ------------------------------------------------------------------------

  await check('the page cannot call what the capability does not allow', async () => {
    const forbidden = [
      ['plugin:fs|read_text_file', { path: '/etc/passwd' }],
      ['plugin:fs|write_text_file', { path: join(WORK, 'quire-pwned-fs'), data: 'x' }],
      ['plugin:shell|execute', { program: 'sh', args: ['-c', `touch ${join(WORK, 'quire-pwned-shell')}`] }],
      ['plugin:shell|open', { path: 'https://example.com/quire-pwned-shell-open' }],
      ['plugin:opener|open_url', { url: 'https://example.com/quire-pwned-opener' }],
      ['plugin:opener|open_path', { path: '/etc/passwd' }],
      ['plugin:opener|reveal_item_in_dir', { paths: ['/etc/passwd'] }],
      ['plugin:dialog|message', { message: 'PWNED', title: 'PWNED' }],
      ['plugin:dialog|ask', { message: 'PWNED', title: 'PWNED' }],
      ['plugin:dialog|confirm', { message: 'PWNED', title: 'PWNED' }],
      ['plugin:window|set_title', { label: 'main', value: 'PWNED' }],
      ['plugin:window|set_size', { label: 'main', value: { Logical: { width: 10, height: 10 } } }],
      ['plugin:window|hide', { label: 'main' }],
      ['plugin:window|create', { options: { label: 'pwned', url: 'https://example.com/quire-pwned-window' } }],
      ['plugin:webview|create_webview_window', { options: { label: 'pwned', url: 'https://example.com/quire-pwned-webview' } }],
      ['plugin:webview|internal_toggle_devtools', {}],
      ['plugin:event|emit', { event: 'library-changed', payload: { changes: [] } }],
      ['plugin:event|emit_to', { target: { kind: 'Any' }, event: 'library-changed', payload: { changes: [] } }],
      ['plugin:app|version', {}],
      ['plugin:app|app_hide', {}],
      ['plugin:path|resolve_directory', { directory: 14, path: 'x' }],
      ['plugin:image|from_path', { path: '/etc/passwd' }],
      ['plugin:menu|new', { kind: 'Menu', options: {} }],
      ['plugin:resources|close', { rid: 1 }],
      ['quire_pwned', {}],
      ['plugin:quire|library_info', {}],
      ['plugin:quire-app|library_info', {}],
    ];
    const accepted = [];
    for (const [cmd, args] of forbidden) {
      const r = await invoke(cmd, args);
      if (r.ok) accepted.push(`${cmd} -> ${short(r.value)}`);
    }
    if (accepted.length) throw new Error(`accepted: ${accepted.join('; ')}`);
    await sleep(1000);
    const opened = openedUrls().filter((u) => PAYLOAD_NAME.test(u));
    if (opened.length) throw new Error(`the system opener got ${JSON.stringify(opened)}`);
    await assertUntouched('after the forbidden calls');
  });

  // ---- hostile arguments to every allowed command ---------------------------------------------

  const commandCheck = (cmd, fn) =>
    check(`${cmd} refuses hostile arguments`, async () => {
      triedCommands.push(cmd);
      const problems = [];
      await fn().catch((e) => problems.push(e.message));
      // Whatever happened: the app still answers, on the same library, and wrote nothing elsewhere.
      try {
        const info = await mustAccept('library_info');
        if (info.folder !== LIBRARY) problems.push(`after ${cmd} the library is ${JSON.stringify(info.folder)}`);
        const found = newlyAppearedOutside();
        if (found.length) problems.push(`after ${cmd} these appeared outside the library: ${JSON.stringify(found)}`);
        await assertUntouched(`after ${cmd}`);
      } catch (e) {
        problems.push(e.message);
      }
      if (problems.length) throw new Error(problems.join('; '));
    });

  await commandCheck('library_info', async () => {
    const info = await mustAccept('library_info', { folder: '/etc', path: '../../etc/passwd' });
    if (info.folder !== LIBRARY) throw new Error(`library_info reads ${JSON.stringify(info.folder)}`);
  });

  await commandCheck('list_posts', async () => {
    await mustReject('list_posts', {});
    await mustReject('list_posts', { filter: 5 });
    await mustReject('list_posts', { filter: '../../etc/passwd' });
    await mustReject('list_posts', { filter: { tag: 5, status: null } });
    await mustReject('list_posts', { filter: { tag: null, status: 'pwned' } });
    const empty = (v) => (Array.isArray(v) && v.length === 0 ? null : `it listed ${short(v)}`);
    await mayAccept('list_posts', { filter: { tag: 'quire-pwned/../../../etc/passwd', status: null } }, [], empty);
    await mayAccept('list_posts', { filter: { tag: big(5 * MB), status: null } }, [], empty);
  });

  await commandCheck('search_posts', async () => {
    await mustReject('search_posts', { query: big(5 * MB), limit: 10 });
    await mustReject('search_posts', { query: 5, limit: 10 });
    await mustReject('search_posts', { query: 'x', limit: -1 });
    await mustReject('search_posts', { query: 'x', limit: 'all' });
    await mustReject('search_posts', { query: 'x', limit: 1.5 });
    // FTS5 syntax and SQL are words to search for, never an error.
    for (const query of ['" OR 1=1 -- NEAR( * ^ col:x AND', "'); DROP TABLE posts; --", 'SAFE* NOT x', '\u0000\uFFFF']) {
      await mustAccept('search_posts', { query, limit: 10 });
    }
    const many = await mustAccept('search_posts', { query: 'SAFE', limit: Number.MAX_SAFE_INTEGER });
    if (!Array.isArray(many) || many.length > 500) throw new Error(`a huge limit gave ${short(many?.length)} results`);
    const all = await mustAccept('list_posts', { filter: ALL });
    if (all.length < cases.length + 1) throw new Error(`after the searches only ${all.length} posts are listed`);
  });

  await commandCheck('get_post', async () => {
    for (const id of [-1, 0, 2 ** 53 - 1, 1.5, '1', '../../etc/passwd', null, {}, [1], 1e300]) {
      await mustReject('get_post', { id });
    }
    await mustReject('get_post', {});
  });

  await commandCheck('create_post', async () => {
    await mustReject('create_post', { title: big(5 * MB) });
    await mustReject('create_post', { title: 5 });
    await mustReject('create_post', { title: ['x'] });
    const made = [];
    for (const title of ['../../quire-pwned-create', '/tmp/quire-pwned-create-abs', '..\\..\\quire-pwned-create-win', 'quire-pwned\u0000nul']) {
      const r = await mayAccept('create_post', { title }, [], (post) => insideLibrary(post?.path));
      if (r.ok) made.push(r.value);
    }
    if (!made.length) throw new Error('create_post refused every title: the rest of the suite needs one post');
    testId = made[0].id;
    otherId = made[1]?.id ?? null;
  });

  await commandCheck('save_post', async () => {
    await mustReject('save_post', { id: 999999999, text: 'x' });
    await mustReject('save_post', { id: -1, text: 'x' });
    await mustReject('save_post', { id: '../../etc/passwd', text: 'x' });
    await mustReject('save_post', { id: testId, text: 5 });
    await mustReject('save_post', { id: testId });
    const stays = (post) => insideLibrary(post?.path);
    // A slug that climbs out, and a huge text: saved, in the library.
    await mayAccept(
      'save_post',
      { id: testId, text: '---\ntitle: quire-pwned\nslug: ../../../quire-pwned-slug\n---\nSAFE\n' },
      [],
      stays,
    );
    await mayAccept('save_post', { id: testId, text: big(5 * MB) }, [], stays);
    await mayAccept('save_post', { id: testId, text: '---\ntitle: quire-pwned\n---\nback to small\n' }, [], stays);
  });

  await commandCheck('keep_pending_text', async () => {
    await mustReject('keep_pending_text', { id: 999999999, text: 'x' });
    await mustReject('keep_pending_text', { id: '../../etc/passwd', text: 'x' });
    await mustReject('keep_pending_text', { id: testId, text: 5 });
    await mustReject('keep_pending_text', { id: testId });
    // Kept in the database only: the post's file is not written.
    const file = findPostFile(LIBRARY, ['back to small']);
    const before = readFileSync(file, 'utf8');
    await mustAccept('keep_pending_text', { id: testId, text: '---\ntitle: quire-pwned\n---\nPENDING\n' });
    if (readFileSync(file, 'utf8') !== before) throw new Error(`keep_pending_text wrote ${file}`);
  });

  await commandCheck('leave_post', async () => {
    await mustReject('leave_post', { id: 999999999 });
    await mustReject('leave_post', { id: '../../etc/passwd' });
    await mustReject('leave_post', {});
    // A post with text is never dropped by leaving it.
    const file = findPostFile(LIBRARY, ['back to small']);
    if ((await mustAccept('leave_post', { id: testId })) !== false) throw new Error('leave_post dropped a post with text');
    if (!existsSync(file)) throw new Error(`leave_post removed ${file}`);
    await mustAccept('get_post', { id: testId });
  });

  await commandCheck('set_post_fields', async () => {
    await mustReject('set_post_fields', { id: 999999999, text: 'x', fields: {} });
    await mustReject('set_post_fields', { id: testId, text: 'x', fields: 'title' });
    await mustReject('set_post_fields', { id: testId, text: 'x', fields: { title: 5 } });
    await mustReject('set_post_fields', { id: testId, text: 'x', fields: { tags: 'x' } });
    await mustReject('set_post_fields', { id: testId, text: 5, fields: {} });
    const stays = (post) => insideLibrary(post?.path);
    const text = '---\ntitle: quire-pwned\n---\nfields\n';
    await mayAccept('set_post_fields', { id: testId, text, fields: { date: '../../etc/passwd' } }, [], stays);
    await mayAccept('set_post_fields', { id: testId, text, fields: { tags: ['../../quire-pwned-tag', '<img src=x onerror=alert(1)>'] } }, [], stays);
    await mayAccept('set_post_fields', { id: testId, text, fields: { title: big(5 * MB) } }, [], stays);
  });

  await commandCheck('delete_post', async () => {
    for (const id of [999999999, -1, 'x', null]) await mustReject('delete_post', { id });
  });

  await commandCheck('list_trash', async () => {
    const trash = await mustAccept('list_trash', { id: 5, folder: '/etc' });
    if (!Array.isArray(trash)) throw new Error(`list_trash gave ${short(trash)}`);
  });

  await commandCheck('restore_post', async () => {
    for (const id of [999999999, -1, 'x']) await mustReject('restore_post', { id });
    // Not in the trash: refused, or a harmless no-op.
    await mayAccept('restore_post', { id: testId }, [], (post) => insideLibrary(post?.path));
  });

  await commandCheck('list_tags', async () => {
    const tags = await mustAccept('list_tags', { folder: '/etc' });
    if (!Array.isArray(tags)) throw new Error(`list_tags gave ${short(tags)}`);
  });

  await commandCheck('list_categories', async () => {
    const categories = await mustAccept('list_categories', { folder: '/etc' });
    if (!Array.isArray(categories)) throw new Error(`list_categories gave ${short(categories)}`);
    // A hostile category filter is a value, never SQL.
    const posts = await mustAccept('list_posts', { filter: { category: "x' OR 1=1 --" }, limit: null });
    if (!Array.isArray(posts) || posts.length !== 0) throw new Error(`a category filter of SQL listed ${short(posts?.length)} posts`);
    await mustReject('list_posts', { filter: { category: 5 }, limit: null });
  });

  await commandCheck('rename_tag', async () => {
    await mustReject('rename_tag', { from: 5, to: 'x' });
    await mustReject('rename_tag', { from: 'x' });
    await mustReject('rename_tag', { from: 'x', to: ['y'] });
    const list = (v) => (Array.isArray(v) ? null : `it gave ${short(v)}`);
    await mayAccept('rename_tag', { from: 'quire-pwned-no-such-tag', to: '../../quire-pwned-renamed' }, [], list);
    await mayAccept('rename_tag', { from: big(5 * MB), to: 'quire-pwned-big' }, [], list);
    await mayAccept('rename_tag', { from: 'quire-pwned-no-such-tag', to: big(5 * MB) }, [], list);
  });

  await commandCheck('render_preview', async () => {
    await mustReject('render_preview', { text: 5 });
    await mustReject('render_preview', {});
    await mustReject('render_preview', { text: 'x', path: 5 });
    await mayAccept('render_preview', { text: big(5 * MB) });
    // A post path that climbs out: harmless, as long as the quire-file scheme
    // refuses what it is asked for (checked on its own below); noted when the
    // preview's image addresses climb out with it.
    const text = '![a](../../../../etc/passwd)\n\n<img src="../../../etc/passwd">\n\n![b](/etc/passwd)\n\n![c](%2e%2e/%2e%2e/etc/passwd)\n';
    for (const path of ['../../etc/passwd', '/etc/passwd', 'a/../../../b.md', big(MB)]) {
      const r = await mayAccept('render_preview', { text, path });
      const urls = (r.ok && typeof r.value?.html === 'string' && r.value.html.match(/quire-file:\/\/[^"' >]*/g)) || [];
      const climbing = urls.filter((u) => /\/\.\.(\/|$)/.test(u));
      if (climbing.length) console.log(`  note: render_preview with path ${describeArgs(path)} gives image addresses ${JSON.stringify(climbing)}`);
    }
  });

  await commandCheck('open_external', async () => {
    const opened0 = openedUrls().length;
    const refused = [
      "javascript:document.title='PWNED'",
      'JAVASCRIPT:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'file:///etc/passwd',
      'FILE:///etc/passwd',
      'smb://example.com/quire-pwned',
      'obsidian://open?vault=quire-pwned',
      'vscode://file/etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'quire-file://localhost/etc/passwd',
      'tauri://localhost/',
      'https:quire-pwned',
      'https:/quire-pwned',
      '/etc/passwd',
      '../../etc/passwd',
      '--help',
      '-https://example.com/quire-pwned',
      '',
      big(5 * MB),
      5,
      null,
      ['https://example.com/quire-pwned'],
    ];
    for (const url of refused) await mustReject('open_external', { url });
    await sleep(1500);
    const opened = openedUrls().slice(opened0);
    if (opened.length) throw new Error(`the system opener got ${JSON.stringify(opened)}`);
    // Web addresses with shell syntax reach the browser as they are and run nothing.
    const shellish = [
      `https://example.com/$(touch\${IFS}${join(WORK, 'quire-pwned-dollar')})`,
      `https://example.com/\`touch ${join(WORK, 'quire-pwned-backtick')}\``,
      `https://example.com/';touch ${join(WORK, 'quire-pwned-quote')};'`,
    ];
    for (const url of shellish) await mayAccept('open_external', { url });
    await sleep(1500);
    const got = openedUrls().slice(opened0);
    const strange = got.filter((u) => !shellish.includes(u));
    if (strange.length) throw new Error(`the system opener got ${JSON.stringify(strange)}`);
  });

  await commandCheck('rescan_library', async () => {
    await mustReject('rescan_library', {});
    await mustReject('rescan_library', { onProgress: 5 });
    await mustAccept('rescan_library', { folder: '/etc', path: '../../etc' }, ['onProgress']);
  });

  await commandCheck('import_folder', async () => {
    const ch = ['onProgress'];
    for (const src of ['../../etc/passwd', '/etc/passwd', '', '   ', big(5 * MB), '/nonexistent/quire-pwned', join(OUTSIDE, 'secret.txt')]) {
      await mustReject('import_folder', { src, dryRun: true }, ch);
    }
    await mustReject('import_folder', { src: 5, dryRun: true }, ch);
    await mustReject('import_folder', { src: join(OUTSIDE, 'import-src'), dryRun: 'yes' }, ch);
    await mustReject('import_folder', { src: join(OUTSIDE, 'import-src'), dryRun: true });
    // A real import of a post whose slug climbs out and whose links point outside
    // its folder: the post lands in the library, nothing it links outside is copied.
    const r = await mayAccept('import_folder', { src: join(OUTSIDE, 'import-src'), dryRun: false }, ch, (report) => {
      const posts = report?.posts ?? [];
      for (const p of posts) {
        const why = insideLibrary(p.post?.path);
        if (why) return why;
      }
      return null;
    });
    const copied = tree(LIBRARY).filter((p) => /(^|\/)(passwd|secret\.txt)$/.test(p));
    if (copied.length) throw new Error(`the import copied ${JSON.stringify(copied)} into the library`);
    if (!r.ok) console.log(`  (the hostile import was refused: ${short(r.failure)})`);
  });

  await commandCheck('open_library', async () => {
    for (const folder of ['../../etc/passwd', '/etc/passwd', '/nonexistent/quire-pwned', '', big(5 * MB), join(LIBRARY, `${cases[0].name}.md`)]) {
      await mustReject('open_library', { folder });
    }
    await mustReject('open_library', { folder: 5 });
    await mustReject('open_library', {});
  });

  await commandCheck('cancel_job', async () => {
    await mustAccept('cancel_job', { x: big(MB) });
  });

  await commandCheck('list_revisions', async () => {
    await mustReject('list_revisions', { id: 'x' });
    const empty = (v) => (Array.isArray(v) && v.length === 0 ? null : `it listed ${short(v)}`);
    await mayAccept('list_revisions', { id: 999999999 }, [], empty);
    await mayAccept('list_revisions', { id: -1 }, [], empty);
  });

  await commandCheck('open_export', async () => {
    const opened0 = openedUrls().length;
    // Only a folder this library exported to is ever opened.
    for (const out of ['/etc', '/', LIBRARY, `${LIBRARY}/../../..`, '', big(MB)]) {
      await mustReject('open_export', { out, site: false });
      await mustReject('open_export', { out, site: true });
    }
    await mustReject('open_export', { out: '/tmp', site: 'yes' });
    const opened = openedUrls().slice(opened0);
    if (opened.length) throw new Error(`open_export opened ${JSON.stringify(opened)}`);
  });

  await commandCheck('post_for_link', async () => {
    await mustReject('post_for_link', { from: 5, href: 'x' });
    await mustReject('post_for_link', { from: 'x.md' });
    // Links that leave the library, or are not local, name no post.
    for (const href of ['../../../../etc/passwd', '/etc/passwd', 'file:///etc/passwd', 'https://example.com/', big(MB)]) {
      const found = await mustAccept('post_for_link', { from: 'a.md', href });
      if (found !== null) throw new Error(`post_for_link(${short(href)}) found ${short(found)}`);
    }
  });

  await commandCheck('label_version', async () => {
    await mustReject('label_version', { id: testId, revisionId: null, label: big(5 * MB) });
    await mustReject('label_version', { id: testId, revisionId: 999999999, label: 'x' });
    await mustReject('label_version', { id: 999999999, revisionId: null, label: 'x' });
    await mustReject('label_version', { id: testId, revisionId: null, label: 5 });
    await mustReject('label_version', { id: testId, revisionId: null, label: '' });
    // A label is stored as text and shown as text: markup in it stays inert.
    const versions = await mustAccept('label_version', { id: testId, revisionId: null, label: '<img src=x onerror=alert(1)>' });
    if (versions[0]?.label !== '<img src=x onerror=alert(1)>') throw new Error(`the label came back as ${short(versions[0]?.label)}`);
    if (otherId !== null) {
      // Another post's version is not this post's to name.
      await mustReject('label_version', { id: otherId, revisionId: versions[0].id, label: 'x' });
    }
  });

  await commandCheck('restore_revision', async () => {
    await mustReject('restore_revision', { id: testId, revisionId: 999999999 });
    await mustReject('restore_revision', { id: testId, revisionId: -1 });
    await mustReject('restore_revision', { id: testId, revisionId: 'x' });
    await mustReject('restore_revision', { id: 999999999, revisionId: 1 });
    // A revision of another post is not this post's to restore.
    if (otherId !== null) {
      await mustAccept('save_post', { id: otherId, text: '---\ntitle: other\n---\nfirst\n' });
      await mustAccept('resolve_conflict', { id: otherId, mine: 'mine', chosen: '---\ntitle: other\n---\nsecond\n' });
      const revs = await mustAccept('list_revisions', { id: otherId });
      if (!revs.length) throw new Error('the other post has no revisions to try');
      await mustReject('restore_revision', { id: testId, revisionId: revs[0].id });
    }
  });

  await commandCheck('resolve_conflict', async () => {
    await mustReject('resolve_conflict', { id: 999999999, mine: 'x', chosen: 'y' });
    await mustReject('resolve_conflict', { id: testId, mine: 5, chosen: 'y' });
    await mustReject('resolve_conflict', { id: testId, mine: 'x' });
    await mayAccept('resolve_conflict', { id: testId, mine: big(5 * MB), chosen: '---\ntitle: quire-pwned\n---\nresolved\n' }, [], (post) =>
      insideLibrary(post?.path),
    );
  });

  await commandCheck('merge_texts', async () => {
    await mustReject('merge_texts', { base: big(9 * MB), mine: 'a', theirs: 'b' });
    await mustReject('merge_texts', { base: 5, mine: 'a', theirs: 'b' });
    await mustReject('merge_texts', { base: 'a', mine: 'b' });
    await mayAccept('merge_texts', { base: big(5 * MB), mine: 'a\n', theirs: 'b\n' });
  });

  // Exports: never into the library, never over what someone else put somewhere,
  // never into a relative path. The folder the writer chooses (EXPORT_OUT) works.
  const exportRefusals = (cmd, extra) => async () => {
    const ch = ['onProgress'];
    const victim = join(OUTSIDE, 'victim');
    const victimBefore = tree(victim).map((p) => [p, readFileSync(join(victim, p), 'utf8')]);
    for (const out of [
      '../../quire-pwned-export',
      'quire-pwned-export',
      '',
      '   ',
      big(5 * MB),
      join(LIBRARY, 'quire-pwned-export'),
      join(OUTSIDE, 'library-link', 'quire-pwned-export'),
      victim,
    ]) {
      await mustReject(cmd, { ...extra, out }, ch);
    }
    await mustReject(cmd, { ...extra, out: 5 }, ch);
    await mustReject(cmd, { ...extra, out: join(WORK, 'quire-pwned-no-channel') });
    const victimAfter = tree(victim).map((p) => [p, readFileSync(join(victim, p), 'utf8')]);
    if (JSON.stringify(victimAfter) !== JSON.stringify(victimBefore)) throw new Error(`${cmd} changed ${victim}`);
  };

  await commandCheck('export_markdown', async () => {
    const extra = { flavor: 'hugo', includeDrafts: true, tag: null };
    await exportRefusals('export_markdown', extra)();
    await mustReject('export_markdown', { ...extra, flavor: 'pwned', out: join(WORK, 'quire-pwned-flavor') }, ['onProgress']);
    await mustReject('export_markdown', { ...extra, includeDrafts: 'yes', out: join(WORK, 'quire-pwned-drafts') }, ['onProgress']);
  });

  await commandCheck('export_html', async () => {
    const extra = { baseUrl: null, title: null, includeDrafts: true };
    await exportRefusals('export_html', extra)();
    mkdirSync(EXPORT_OUT, { recursive: true });
    await mustReject('export_html', { ...extra, out: EXPORT_OUT, baseUrl: "javascript:document.title='PWNED'//" }, ['onProgress']);
    // Hostile site options go into the site as text: exported to the chosen folder.
    await mustAccept(
      'export_html',
      {
        ...extra,
        out: EXPORT_OUT,
        baseUrl: 'https://example.com/"><script>window.top.__pwned=1</script>',
        title: '<script>window.top.__pwned=1</script>',
      },
      ['onProgress'],
    );
    const pages = tree(EXPORT_OUT).filter((p) => /\.(html|xml)$/.test(p));
    if (!pages.includes('index.html')) throw new Error(`${EXPORT_OUT}/index.html was not written`);
    const marked = pages.filter((p) => /<script>window\.top/i.test(readFileSync(join(EXPORT_OUT, p), 'utf8')));
    if (marked.length) throw new Error(`the hostile site title or base URL is markup in ${JSON.stringify(marked.slice(0, 5))}`);
  });

  await check('the export dialog refuses a folder someone else marked, and publishes no hidden file', async () => {
    // The writer picks plain Markdown and a folder in the dialog, and starts.
    const exportTo = async (out) => {
      if (!(await exportState()).open) {
        await click(await find('#export-open'));
        await waitFor(async () => (await exportState()).open, 5000, '#export-dialog to open');
      }
      await exec(
        `const f = document.querySelector('#export-format');
         f.value = 'plain';
         f.dispatchEvent(new Event('change', { bubbles: true }));
         const p = document.querySelector('#export-path');
         p.value = arguments[0];
         p.dispatchEvent(new Event('input', { bubbles: true }));`,
        [out],
      );
      return startExport(60000);
    };
    const marked = join(OUTSIDE, 'marked');
    const refused = await exportTo(marked);
    if (refused.failure === null || !/not this library/.test(refused.failure)) {
      throw new Error(`exporting into ${marked} gave ${JSON.stringify(refused)}`);
    }
    if (readFileSync(join(marked, 'thesis.docx'), 'utf8') !== 'years of work\n') throw new Error('thesis.docx changed');
    if (!existsSync(join(OUTSIDE, 'beside', 'keep.txt'))) throw new Error('the file behind the link was deleted');

    const out = join(WORK, 'export-hidden');
    const done = await exportTo(out);
    if (done.failure !== null) throw new Error(`the export failed: ${done.failure}`);
    const written = tree(out);
    const leaked = written.filter((p) => /(^|\/)\.(env|git)(\/|$)/.test(p));
    if (leaked.length) throw new Error(`hidden files were published: ${leaked}`);
    if (!written.some((p) => p.endsWith('inside.png'))) throw new Error(`the post's image was not copied: ${written.slice(0, 20)}`);
    const secret = written.filter((p) => {
      try {
        return readFileSync(join(out, p), 'utf8').includes('e2e-secret-token');
      } catch {
        return false; // a folder
      }
    });
    if (secret.length) throw new Error(`the token is in ${secret}`);
    if (!/\.env is a hidden file/.test(done.report)) throw new Error(`the report does not say why .env was left out: ${done.report.slice(0, 400)}`);
    await shot('security-2-export-hidden');
    await click(await find('#export-close'));
    await waitFor(async () => !(await exportState()).open, 5000, '#export-dialog to close');
  });

  await commandCheck('export_post_html', async () => {
    const victim = join(OUTSIDE, 'victim');
    const keys = readFileSync(join(victim, 'authorized_keys'), 'utf8');
    for (const out of [
      '../../quire-pwned-page.html',
      'quire-pwned-page.html',
      '',
      big(5 * MB),
      join(LIBRARY, 'quire-pwned-page.html'),
      join(OUTSIDE, 'library-link', 'quire-pwned-page.html'),
      join(OUTSIDE, 'etc'),
    ]) {
      await mustReject('export_post_html', { id: testId, out });
    }
    await mustReject('export_post_html', { id: 999999999, out: join(EXPORT_OUT, 'quire-pwned-none.html') });
    await mustReject('export_post_html', { id: 'x', out: join(EXPORT_OUT, 'quire-pwned-none.html') });
    // A page is an .html file: the page must not become any other file, new or
    // existing, wherever it is (here: folders standing in for ~/.ssh and /etc;
    // a script in the page could otherwise write ~/.ssh/authorized_keys or
    // ~/.bash_aliases with lines of its choosing in a code block).
    const problems = [];
    for (const out of [join(victim, 'authorized_keys'), join(OUTSIDE, 'etc', 'quire-pwned')]) {
      await mustReject('export_post_html', { id: testId, out }).catch((e) => problems.push(e.message));
    }
    if (readFileSync(join(victim, 'authorized_keys'), 'utf8') !== keys) problems.push(`${victim}/authorized_keys was overwritten`);
    if (existsSync(join(OUTSIDE, 'etc', 'quire-pwned'))) problems.push(`${OUTSIDE}/etc/quire-pwned was written`);
    // Where the writer chose: works.
    await mustAccept('export_post_html', { id: testId, out: join(EXPORT_OUT, 'page.html') }).catch((e) => problems.push(e.message));
    if (!existsSync(join(EXPORT_OUT, 'page.html'))) problems.push('the page was not written where the writer chose');
    if (problems.length) throw new Error(problems.join('; '));
  });

  await commandCheck('post_html', async () => {
    for (const id of [999999999, -1, 'x', null]) await mustReject('post_html', { id });
    const html = await mustAccept('post_html', { id: testId });
    if (typeof html !== 'string') throw new Error(`post_html gave ${short(html)}`);
  });

  await commandCheck('list_shown', async () => {
    // Only logs, once: anything it is given is ignored.
    await mayAccept('list_shown', { x: big(MB), folder: '/etc', path: '../../etc/passwd' });
  });

  await check('every allowed command was tried with hostile arguments', async () => {
    const capability = JSON.parse(readFileSync(resolve(here, '../../src-tauri/capabilities/main.json'), 'utf8'));
    const allowed = capability.permissions
      .filter((p) => typeof p === 'string' && p.startsWith('allow-'))
      .map((p) => p.slice('allow-'.length).replaceAll('-', '_'));
    const missed = allowed.filter((c) => !triedCommands.includes(c));
    if (missed.length) throw new Error(`not tried: ${missed}`);
  });

  await check('the app still answers and shows its posts', async () => {
    const info = await mustAccept('library_info');
    if (info.folder !== LIBRARY) throw new Error(`the library is ${JSON.stringify(info.folder)}`);
    await openPost(cases[0].name, cases[0].title);
    await assertUntouched('at the end');
  });

  await check('nothing was written outside the library and the chosen export folder', async () => {
    await sleep(1000);
    const found = appearedOutside(before);
    if (found.length) throw new Error(`these appeared: ${JSON.stringify(found)}`);
  });

  await shot('security-3-end');
}

await runSuite('e2e security', main, () => {
  if (failures.length) {
    // runSuite prints this as the last line; the suite fails.
    process.exitCode = 1;
    return `e2e security: FAILED: ${failures.length} of ${checks} checks failed (${passedSteps()} steps passed, ${cases.length} hostile cases):\n  ${failures.join('\n  ')}`;
  }
  return `e2e security: ${passedSteps()} steps passed, ${cases.length} hostile cases`;
});
