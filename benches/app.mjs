#!/usr/bin/env node
// The app-driven figures of `make bench`, run by benches/app.rs (which starts
// Xvfb and tauri-driver and prepares a 10,000-post library): memory of every
// process after opening 100 posts, keystroke-to-preview latency measured
// inside the page, and the longest frame while scrolling the list and
// switching posts. Each figure is appended to bench-results/rows.jsonl.
//
// Env: QUIRE_APP_BIN (the release app), WEBDRIVER_URL, QUIRE_LIBRARY, QUICK.

import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  BIN,
  ELEMENT,
  KEY,
  click,
  deleteSession,
  exec,
  execAsync,
  find,
  listedCount,
  newSession,
  revealRow,
  s,
  sleep,
  waitFor,
  wd,
} from '../tests/e2e/wd.mjs';

const QUICK = process.env.QUICK === '1';
const ARROW_DOWN = '\uE015';
const ROWS =
  process.env.QUIRE_BENCH_ROWS || join(dirname(fileURLToPath(import.meta.url)), '..', 'bench-results', 'rows.jsonl');

function record(row) {
  mkdirSync(dirname(ROWS), { recursive: true });
  appendFileSync(ROWS, JSON.stringify({ p95: null, peer: null, ratio: null, peakMiB: null, ...row }) + '\n');
  const fmt = (v) => (v === null || v === undefined ? '-' : v.toFixed(row.unit === 'MiB' ? 0 : 2));
  console.log(`${row.figure.padEnd(64)} ${fmt(row.median).padStart(9)} ${fmt(row.p95).padStart(9)} ${row.unit} ${row.runs}`);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round((sorted.length - 1) * p))];
}

/** One key (or a chord, keys pressed in order and released in reverse) as W3C key actions. */
async function press(...keys) {
  const actions = [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))];
  await wd('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] });
}

/** Every process of the app: its own and its children's (WebKit's web and network processes). */
function appProcesses() {
  const parentOf = new Map();
  const names = new Map();
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      parentOf.set(pid, stat.slice(close + 2).split(' ')[1]);
      names.set(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
    } catch {
      // The process ended meanwhile.
    }
  }
  const roots = [...names].filter(([, cmd]) => cmd === BIN).map(([pid]) => pid);
  const all = new Set(roots);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (all.has(parent) && !all.has(pid)) {
        all.add(pid);
        grew = true;
      }
    }
  }
  return [...all];
}

/** Proportional set size of `pids` together, in MiB (/proc/PID/smaps_rollup). */
function pssMiB(pids) {
  let kb = 0;
  for (const pid of pids) {
    const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    kb += Number(/^Pss:\s+(\d+) kB/m.exec(rollup)[1]);
  }
  return kb / 1024;
}

const openTitle = () => exec("return document.querySelector('#title')?.value ?? ''");

async function openPostTitled(title) {
  const row = await waitFor(() => revealRow('#post-list .post-row', title), 30000, `the row of ${title}`);
  await click(row[ELEMENT]);
  await waitFor(async () => (await openTitle()) === title, 30000, `${title} open`);
}

/** Keystrokes typed at the end of the open post: ms from each keydown to the preview patched after it. */
async function typingLatencies(count) {
  await exec(`
    const probe = (window.__typingProbe = { pending: null, samples: [] });
    document.addEventListener('keydown', (e) => { probe.pending = e.timeStamp; }, true);
    const last = (name) => performance.getEntriesByName(name, 'measure').pop();
    probe.steps = { input: [], ipc: [], parse: [], morph: [] };
    new MutationObserver(() => {
      if (probe.pending !== null) {
        probe.samples.push(performance.now() - probe.pending);
        // Where the time went (the UI keeps the latest of each step).
        const ipc = last('quire:preview-ipc');
        if (ipc && ipc.startTime >= probe.pending) {
          probe.steps.input.push(ipc.startTime - probe.pending);
          probe.steps.ipc.push(ipc.duration);
          probe.steps.parse.push(last('quire:preview-parse')?.duration ?? 0);
          probe.steps.morph.push(last('quire:preview-morph')?.duration ?? 0);
        }
        probe.pending = null;
      }
    }).observe(document.querySelector('#preview'), { subtree: true, childList: true, characterData: true });
  `);
  await click(await find('.cm-content'));
  await press(KEY.control, KEY.end);
  await press(KEY.enter);
  for (let i = 0; i < count; i++) {
    const before = await exec('return window.__typingProbe.samples.length');
    await press(String.fromCharCode(97 + (i % 26)));
    await waitFor(async () => (await exec('return window.__typingProbe.samples.length')) > before, 5000, 'the preview to follow a keystroke');
    await sleep(20);
  }
  const steps = await exec('return window.__typingProbe.steps');
  const parts = Object.entries(steps)
    .map(([step, ms]) => `${step} ${percentile(ms, 0.5).toFixed(1)}/${percentile(ms, 0.95).toFixed(1)}`)
    .join(', ');
  console.log(`  (median/p95 ms per step: ${parts}; input: keydown to asking for the preview, ipc: asking to the answer, render included)`);
  return exec('return window.__typingProbe.samples');
}

/** The longest gap between animation frames while `work` runs, in ms. */
async function longestFrameDuring(work) {
  await exec(`
    const probe = (window.__frameProbe = { longest: 0, running: true, last: performance.now() });
    const frame = (t) => {
      probe.longest = Math.max(probe.longest, t - probe.last);
      probe.last = t;
      if (probe.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame((t) => { probe.last = t; requestAnimationFrame(frame); });
  `);
  await sleep(300);
  await work();
  return exec('window.__frameProbe.running = false; return window.__frameProbe.longest');
}

async function main() {
  await newSession();
  await waitFor(async () => (await listedCount()) >= 10000, 60000, 'the list of 10,000 posts');

  // Memory: open 100 posts one after another, then count every process.
  const opened = QUICK ? 30 : 100;
  await click(await find('#post-list .post-row'));
  for (let i = 0; i < opened; i++) {
    const before = await openTitle();
    await exec("document.querySelector('#post-list').focus()");
    await press(ARROW_DOWN);
    await press(KEY.enter);
    await waitFor(async () => (await openTitle()) !== before, 30000, `post ${i + 2} open`);
  }
  await sleep(1000);
  const pids = appProcesses();
  const pss = pssMiB(pids);
  record({
    figure: `app memory (PSS, all processes), 10,000 posts, ${opened} opened`,
    median: pss,
    unit: 'MiB',
    runs: 1,
    target: '< 330 MiB',
    met: pss < 330,
    peakMiB: pss,
  });
  console.log(`  (${pids.length} processes)`);

  // Scrolling the whole list, then switching posts, under a frame probe.
  const scrolling = await longestFrameDuring(() =>
    execAsync(
      `const done = arguments[arguments.length - 1];
       const list = document.querySelector('#post-list').closest('.post-list-scroll') || document.querySelector('#post-list');
       const scroller = list.scrollHeight > list.clientHeight ? list : list.parentElement;
       let frames = 0;
       const step = () => {
         scroller.scrollTop += 400;
         if (++frames < 240) requestAnimationFrame(step); else done(scroller.scrollTop);
       };
       requestAnimationFrame(step);`,
    ),
  );
  const switching = await longestFrameDuring(async () => {
    await exec("document.querySelector('#post-list').focus()");
    for (let i = 0; i < 20; i++) {
      const before = await openTitle();
      await press(ARROW_DOWN);
      await press(KEY.enter);
      await waitFor(async () => (await openTitle()) !== before, 30000, 'the next post open');
    }
  });
  const longest = Math.max(scrolling, switching);
  record({
    figure: 'post list: longest frame while scrolling and switching posts, 10,000 posts',
    median: longest,
    unit: 'ms',
    runs: 1,
    target: '< 50 ms',
    met: longest < 50,
  });
  console.log(`  (scrolling ${scrolling.toFixed(1)} ms, switching ${switching.toFixed(1)} ms)`);

  // Typing: keystroke to patched preview, measured inside the page.
  const keys = QUICK ? 40 : 120;
  // The floor under every preview: one round trip of a command that does nothing.
  const trips = await execAsync(
    `const done = arguments[arguments.length - 1];
     (async () => {
       const ms = [];
       for (let i = 0; i < 40; i++) {
         const t = performance.now();
         await window.__TAURI_INTERNALS__.invoke('list_shown');
         ms.push(performance.now() - t);
       }
       return ms;
     })().then(done, (e) => done(String(e)));`,
  );
  if (Array.isArray(trips)) {
    console.log(`  (an empty command's round trip: median ${percentile(trips, 0.5).toFixed(1)} ms, p95 ${percentile(trips, 0.95).toFixed(1)} ms)`);
  }
  // The preview's round trip by the size of the text: what the transport costs.
  for (const words of [1, 1200, 15000]) {
    const ms = await execAsync(
      `const [words, done] = arguments;
       const text = Array.from({ length: words }, (_, i) => 'word' + (i % 50)).join(' ');
       (async () => {
         const ms = [];
         for (let i = 0; i < 20; i++) {
           const t = performance.now();
           await window.__TAURI_INTERNALS__.invoke('render_preview', { text: text + i, path: null });
           ms.push(performance.now() - t);
         }
         return ms;
       })().then(done, (e) => done(String(e)));`,
      [words],
    );
    if (Array.isArray(ms)) console.log(`  (render_preview of ${words} words, one paragraph, from the page: median ${percentile(ms, 0.5).toFixed(1)} ms)`);
  }
  for (const [title, name, limit] of [
    ['Typing 1200 words', '1,200-word post', 16],
    ['Typing 100 KB', '100 KB post', 33],
  ]) {
    await openPostTitled(title);
    const samples = await typingLatencies(keys);
    const p95 = percentile(samples, 0.95);
    record({
      figure: `keystroke to updated preview in the app, ${name}`,
      median: percentile(samples, 0.5),
      p95,
      unit: 'ms',
      runs: samples.length,
      target: `p95 < ${limit} ms`,
      met: p95 < limit,
    });
  }
  await deleteSession();
}

main().catch(async (e) => {
  console.error(e);
  await deleteSession().catch(() => undefined);
  process.exit(1);
});
