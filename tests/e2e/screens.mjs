// The writing surface, as a writer meets it on a real kind of site (a Hugo
// blog, which run.sh makes: `Categories:`, bundles, links between posts, a
// missing image). Checks the layout a writer controls (hide, show and resize
// the panes at 1280 and 760 px, remembered after a restart), categories, links
// and missing images in the preview; then looks at every main screen at
// 1280×800 and 900×700 in the light and dark themes: a screenshot of each (in
// QUIRE_E2E_SHOTS), with what a writer would notice checked on each one: no
// page-wide horizontal scroll, no button whose label is cut, panes that keep
// their scrollbars under an open dialog hidden, a fields row of one height for
// a post with thirteen tags and one with one, a title never cut (it wraps).
//
// Env (run.sh sets them): QUIRE_APP_BIN, WEBDRIVER_URL, QUIRE_LIBRARY (the Hugo
// site), QUIRE_DATA_DIR, QUIRE_E2E_SHOTS (optional).

import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { displayShot, uniqueColours } from './system.mjs';
import {
  BIN,
  ELEMENT,
  KEY,
  click,
  deleteSession,
  exec,
  find,
  listedCount,
  newSession,
  passedSteps,
  revealRow,
  SHOTS,
  runSuite,
  s,
  setDarkTheme,
  shot,
  step,
  type,
  waitFor,
  wd,
} from './wd.mjs';

const LIBRARY = process.env.QUIRE_LIBRARY || '';
const K = { ...KEY, right: '\uE014', left: '\uE012' };

const listedTitles = () =>
  exec(`return Array.from(document.querySelectorAll('#post-list li.post-row .post-title')).map((e) => e.textContent);`);
const titleValue = () => exec(`return document.querySelector('#title').value;`);
const appState = () =>
  exec(`const a = document.querySelector('.app');
    return { list: a.dataset.list, preview: a.dataset.preview, width: innerWidth,
      listWidth: Math.round(document.querySelector('#sidebar').getBoundingClientRect().width),
      editorWidth: Math.round(document.querySelector('.editor-pane').getBoundingClientRect().width),
      previewShown: getComputedStyle(document.querySelector('#preview-pane')).display !== 'none',
      editorShown: getComputedStyle(document.querySelector('#editor')).display !== 'none' };`);

/** The WebKit web processes showing the app's page (children of the app's process). */
function webProcesses() {
  const all = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const parentOf = (pid) => {
    try {
      return Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
    } catch {
      return 0;
    }
  };
  const command = (pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0];
    } catch {
      return '';
    }
  };
  const apps = all.filter((p) => command(p) === BIN).map(Number);
  return all.filter((p) => apps.includes(parentOf(p)) && /WebKitWebProcess$/.test(command(p))).map(Number);
}

/** Whether the app's own process is still running. */
function appRunning() {
  return readdirSync('/proc').some((p) => {
    try {
      return /^\d+$/.test(p) && readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0')[0] === BIN;
    } catch {
      return false;
    }
  });
}

/** Sizes the window; waits until the page has the new width. */
async function windowSize(width, height) {
  await wd('POST', s('/window/rect'), { width, height, x: 0, y: 0 });
  await waitFor(
    async () => Math.abs((await exec('return innerWidth;')) - width) <= 16,
    10000,
    `the page to be about ${width} px wide`,
  );
}

async function startApp() {
  await newSession();
  await waitFor(async () => (await listedCount()) === 9, 20000, 'the Hugo site\'s nine posts in the list');
}

async function openPost(title) {
  if ((await titleValue()) === title) return;
  // The list draws only the rows in view: scrolled to, as a writer would.
  const row = await waitFor(() => revealRow('li.post-row', title), 10000, `a row titled ${JSON.stringify(title)}`);
  await click(row[ELEMENT]);
  await waitFor(async () => (await titleValue()) === title, 10000, `the editor to show ${JSON.stringify(title)}`);
}

const pressKeys = (keys) =>
  wd('POST', s('/actions'), {
    actions: [
      {
        type: 'key',
        id: 'keyboard',
        actions: [...keys.map((k) => ({ type: 'keyDown', value: k })), ...[...keys].reverse().map((k) => ({ type: 'keyUp', value: k }))],
      },
    ],
  });

/**
 * Types `keys` into the element at `css` through the keyboard, once it has the
 * focus (WebKitWebDriver's Element Send Keys now and then calls a focused,
 * focusable element "not focusable").
 */
async function typeInto(css, keys) {
  await exec(`document.querySelector(arguments[0]).focus();`, [css]);
  await waitFor(() => exec(`return document.activeElement === document.querySelector(arguments[0]);`, [css]), 5000, `the focus in ${css}`);
  // One key after another (pressKeys holds them all down together, a chord).
  const actions = keys.flatMap((k) => [{ type: 'keyDown', value: k }, { type: 'keyUp', value: k }]);
  await wd('POST', s('/actions'), { actions: [{ type: 'key', id: 'keyboard', actions }] });
}

/** What a writer would notice on the screen as it is now; a list of problems, empty when none. */
const layoutProblems = () =>
  exec(`const problems = [];
    const root = document.documentElement;
    if (root.scrollWidth > innerWidth + 1) problems.push('the page scrolls sideways (' + root.scrollWidth + ' > ' + innerWidth + ')');
    const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
    for (const b of document.querySelectorAll('button')) {
      if (!visible(b) || b.closest('[hidden]')) continue;
      const style = getComputedStyle(b);
      if (style.textOverflow === 'ellipsis') continue;
      if (b.scrollWidth > b.clientWidth + 1 && b.textContent.trim()) problems.push('button #' + (b.id || b.className) + ' cuts its label "' + b.textContent.trim() + '"');
    }
    const row = document.querySelector('#post-details-row');
    if (row && visible(row)) {
      const box = row.getBoundingClientRect();
      const kids = Array.from(row.children).filter(visible);
      const name = (e) => '#' + (e.id || e.className);
      for (const k of kids) {
        const r = k.getBoundingClientRect();
        if (r.right > box.right + 1 || r.left < box.left - 1) problems.push(name(k) + ' sticks out of the fields row');
      }
      for (let i = 0; i < kids.length; i++) {
        for (let j = i + 1; j < kids.length; j++) {
          const a = kids[i].getBoundingClientRect(), b = kids[j].getBoundingClientRect();
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left), h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 2 && h > 2) problems.push(name(kids[i]) + ' overlaps ' + name(kids[j]));
        }
      }
      for (const field of row.querySelectorAll('.tags-field')) {
        if (!visible(field)) continue;
        const f = field.getBoundingClientRect();
        for (const input of field.querySelectorAll('input')) {
          const r = input.getBoundingClientRect();
          if (r.right > f.right + 1) problems.push('#' + input.id + ' is cut by its field');
        }
      }
    }
    for (const select of document.querySelectorAll('.filter select')) {
      if (visible(select) && select.clientWidth < 96) problems.push('#' + select.id + ' is ' + select.clientWidth + ' px wide: its choice is cut');
    }
    if (document.querySelector('dialog[open]')) {
      for (const sel of ['#posts-section', '#preview-pane', '.cm-scroller']) {
        const e = document.querySelector(sel);
        if (e && visible(e) && !['hidden', 'clip'].includes(getComputedStyle(e).overflowY)) problems.push(sel + ' keeps its scrollbar under an open dialog');
      }
    }
    return problems;`);

async function checkScreen(name) {
  await exec('return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));').catch(() => undefined);
  await shot(name);
  const problems = await layoutProblems();
  if (problems.length) throw new Error(`${name}: ${problems.join('; ')}`);
}

async function openDialog(buttonCss, dialogId) {
  await click(await find(buttonCss));
  await waitFor(() => exec(`return document.getElementById(arguments[0]).open;`, [dialogId]), 5000, `#${dialogId} to open`);
}

async function closeDialog(dialogId) {
  await exec(`document.getElementById(arguments[0]).close();`, [dialogId]);
  await waitFor(async () => !(await exec(`return document.getElementById(arguments[0]).open;`, [dialogId])), 5000, `#${dialogId} to close`);
}

async function main() {
  if (!LIBRARY) throw new Error('QUIRE_LIBRARY is not set');

  await step('start the app on a Hugo site', async () => {
    await startApp();
    await windowSize(1280, 800);
  });

  await step('categories from Hugo\'s Categories: are listed, filtered and shown in the fields', async () => {
    await waitFor(() => exec(`return !document.querySelector('#category-filter-field').hidden;`), 10000, 'the category filter to show');
    const options = await exec(`return Array.from(document.querySelectorAll('#filter-category option')).map((o) => o.textContent);`);
    for (const expected of ['Development (4)', 'Travel (4)', 'Writing (2)']) {
      if (!options.includes(expected)) throw new Error(`the category filter offers ${JSON.stringify(options)}, not ${expected}`);
    }
    await exec(`const s = document.querySelector('#filter-category'); s.value = 'Writing'; s.dispatchEvent(new Event('change', { bubbles: true }));`);
    await waitFor(async () => (await listedCount()) === 2, 10000, 'the Writing filter to list two posts');
    const titles = (await listedTitles()).sort();
    if (titles.join('|') !== 'A post that links to others|A post with many tags') throw new Error(`the Writing filter lists ${JSON.stringify(titles)}`);
    await openPost('A post that links to others');
    const chips = await exec(`return Array.from(document.querySelectorAll('#category-chips .tag-chip')).map((e) => e.textContent);`);
    if (chips.join('|') !== 'Development|Writing') throw new Error(`the post's categories show as ${JSON.stringify(chips)}`);
    await exec(`const s = document.querySelector('#filter-category'); s.value = ''; s.dispatchEvent(new Event('change', { bubbles: true }));`);
    await waitFor(async () => (await listedCount()) === 9, 10000, 'every post listed again');
  });

  await step('a site image from the static folder shows, a missing one is a card with its path; a link to another post opens it', async () => {
    await openPost('A post that links to others');
    await waitFor(
      () => exec(`const c = document.querySelector('#preview .missing-image'); return c ? c.textContent : null;`),
      10000,
      'a missing-image card in the preview',
    );
    const card = await exec(`return document.querySelector('#preview .missing-image').textContent;`);
    if (!card.includes('/images/gone.png')) throw new Error(`the card reads ${JSON.stringify(card)}`);
    await waitFor(
      () => exec(`const i = document.querySelector('#preview img[alt="The diagram"]'); return !!i && i.complete && i.naturalWidth === 1;`),
      10000,
      'the diagram from static/images/ to load in the preview',
    );
    await click(await find('#preview a[href="note-1.md"]'));
    await waitFor(async () => (await titleValue()) === 'Field note 1', 10000, 'the link to note-1.md to open "Field note 1"');
    await openPost('A post that links to others');
    await click(await find('#preview a[href="/note-2/"]'));
    await waitFor(async () => (await titleValue()) === 'Field note 2', 10000, 'the link to /note-2/ to open "Field note 2"');
    await openPost('A bundle with a photo');
    await waitFor(() => exec(`const i = document.querySelector('#preview img'); return !!i && i.complete && i.naturalWidth === 1;`), 10000, 'the bundle\'s photo to load in the preview');
  });

  await step('the site\'s About page is listed under Pages, not with the posts', async () => {
    const titles = await listedTitles();
    if (titles.includes('About this blog')) throw new Error('the About page is listed with the posts');
    await exec(`const s = document.querySelector('#filter-status'); s.value = 'pages'; s.dispatchEvent(new Event('change', { bubbles: true }));`);
    await waitFor(async () => (await listedCount()) === 1, 10000, 'the Pages choice to list one page');
    const pages = await listedTitles();
    if (pages.join('|') !== 'About this blog') throw new Error(`Pages lists ${JSON.stringify(pages)}`);
    await exec(`const s = document.querySelector('#filter-status'); s.value = ''; s.dispatchEvent(new Event('change', { bubbles: true }));`);
    await waitFor(async () => (await listedCount()) === 9, 10000, 'every post listed again');
  });

  await step('at 1280 px the post list and the preview hide and show, by button and by key', async () => {
    const before = await appState();
    if (before.list !== 'shown' || before.preview !== 'beside') throw new Error(`the layout starts as ${JSON.stringify(before)}`);
    await click(await find('#list-toggle'));
    await waitFor(async () => (await appState()).list === 'hidden', 5000, 'the list to hide');
    const hidden = await appState();
    if (hidden.listWidth !== 0 || hidden.editorWidth <= before.editorWidth) throw new Error(`with the list hidden: ${JSON.stringify(hidden)} (before ${JSON.stringify(before)})`);
    await click(await find('.cm-content'));
    await pressKeys([KEY.control, '\\']);
    await waitFor(async () => (await appState()).list === 'shown', 5000, 'Ctrl+\\ to show the list again');
    await pressKeys([KEY.control, KEY.shift, '\\']);
    await waitFor(async () => (await appState()).preview === 'hidden', 5000, 'Ctrl+Shift+\\ to hide the preview');
    if ((await appState()).previewShown) throw new Error('the preview is still drawn');
    await click(await find('#preview-toggle'));
    await waitFor(async () => (await appState()).preview === 'beside', 5000, 'the preview button to show the preview');
  });

  await step('at 1280 px the panes resize by dragging and by the arrow keys, and the layout survives a restart', async () => {
    const start = await appState();
    const rect = await exec(`const r = document.querySelector('#list-splitter').getBoundingClientRect(); return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) };`);
    await wd('POST', s('/actions'), {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', duration: 0, x: rect.x, y: rect.y },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerMove', duration: 200, x: rect.x + 80, y: rect.y },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
    await waitFor(async () => (await appState()).listWidth >= start.listWidth + 60, 5000, `the list to grow by dragging (from ${start.listWidth} px)`);
    const dragged = (await appState()).listWidth;
    await typeInto('#list-splitter', [K.left, K.left]);
    await waitFor(async () => (await appState()).listWidth < dragged, 5000, 'Left on the splitter to narrow the list');
    const now = await exec(`return Number(document.querySelector('#list-splitter').getAttribute('aria-valuenow'));`);
    const shown = (await appState()).listWidth;
    if (Math.abs(now - shown) > 2) throw new Error(`the splitter says ${now} px, the list is ${shown} px`);
    const editorBefore = (await appState()).editorWidth;
    await typeInto('#preview-splitter', [K.right, K.right, K.right]);
    await waitFor(async () => (await appState()).editorWidth > editorBefore, 5000, 'Right on the preview splitter to widen the editor');
    const kept = await appState();
    await deleteSession();
    await startApp();
    await windowSize(1280, 800);
    const restarted = await appState();
    if (Math.abs(restarted.listWidth - kept.listWidth) > 2 || Math.abs(restarted.editorWidth - kept.editorWidth) > 4) {
      throw new Error(`after a restart the layout is ${JSON.stringify(restarted)}, it was ${JSON.stringify(kept)}`);
    }
    // Back to the defaults for the screens below: a double click resets a splitter.
    for (const id of ['#list-splitter', '#preview-splitter']) {
      await exec(`document.querySelector(arguments[0]).dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));`, [id]);
    }
  });

  await step('at 760 px the preview is a toggle that takes the editor\'s place, and back; the list resizes, hides and shows', async () => {
    await windowSize(760, 600);
    await waitFor(async () => (await appState()).preview === 'hidden', 5000, 'the preview to fold away at 760 px');
    await shot('screens-760-text');
    await click(await find('#preview-toggle'));
    await waitFor(async () => (await appState()).preview === 'instead', 5000, 'the preview toggle to show the preview');
    const state = await appState();
    if (!state.previewShown || state.editorShown) throw new Error(`at 760 px with the preview on: ${JSON.stringify(state)}`);
    await shot('screens-760-preview');
    await click(await find('#preview-toggle'));
    await waitFor(async () => (await appState()).preview === 'hidden', 5000, 'the toggle to bring the text back');
    if (!(await appState()).editorShown) throw new Error('the text did not come back');
    // The list resizes here too, from its splitter.
    const narrowList = (await appState()).listWidth;
    await typeInto('#list-splitter', [K.left, K.left]);
    await waitFor(async () => (await appState()).listWidth < narrowList, 5000, `Left on the splitter to narrow the list at 760 px (from ${narrowList} px)`);
    await click(await find('#list-toggle'));
    await waitFor(async () => (await appState()).list === 'hidden', 5000, 'the list to hide at 760 px');
    await click(await find('#list-toggle'));
    await waitFor(async () => (await appState()).list === 'shown', 5000, 'the list to show at 760 px');
    // The screens below are looked at in the default layout.
    await exec(`document.querySelector('#list-splitter').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));`);
  });

  await step('renaming a tag thirty times over keeps the window alive (the blank window once seen after Rename tag)', async () => {
    const chooseTag = (name) =>
      exec(`const s = document.querySelector('#filter-tag'); s.value = arguments[0]; s.dispatchEvent(new Event('change', { bubbles: true }));`, [name]);
    // Tall enough that the (virtualized) list draws all nine rows.
    await windowSize(1280, 800);
    let from = 'notes';
    for (let i = 0; i < 30; i++) {
      const to = i % 2 === 0 ? 'field-notes' : 'notes';
      await waitFor(() => exec(`return Array.from(document.querySelectorAll('#filter-tag option')).some((o) => o.value === arguments[0]);`, [from]), 10000, `the tag ${from} in the filter`);
      await chooseTag(from);
      await waitFor(() => exec(`return !document.querySelector('#tag-tools').hidden;`), 5000, 'the rename button');
      await click(await find('#rename-tag'));
      await exec(`document.querySelector('#rename-tag-input').value = '';`);
      await typeInto('#rename-tag-input', [...to, KEY.enter]);
      await waitFor(
        () => exec(`return Array.from(document.querySelectorAll('#filter-tag option')).some((o) => o.value === arguments[0]);`, [to]),
        10000,
        `rename ${i + 1} (${from} to ${to}) to reach the filter`,
      );
      // Done when the list is filtered by the new name (the rename then refreshes it).
      await waitFor(
        async () => (await exec(`return document.querySelector('#filter-tag').value;`)) === to && (await listedCount()) === 6,
        10000,
        `the list filtered by ${to} after rename ${i + 1}`,
      );
      from = to;
    }
    // The page is alive and drawn: its list answers, and the six notes carry the tag.
    await chooseTag(from);
    await waitFor(async () => (await listedCount()) === 6, 10000, `six posts tagged ${from}`);
    await chooseTag('');
    await waitFor(async () => (await listedCount()) === 9, 10000, 'every post listed again');
  });

  for (const [width, height] of [
    [1280, 800],
    [900, 700],
  ]) {
    for (const theme of ['light', 'dark']) {
      const tag = `${width}x${height}-${theme}`;
      await step(`every main screen at ${width}×${height}, ${theme}: looked at, nothing cut or overflowing`, async () => {
        await windowSize(width, height);
        await setDarkTheme(theme === 'dark');
        try {
          // The fields row is as high for thirteen tags as for one; the title
          // wraps a long title (whole, not cut) and a short one is one line.
          const header = () =>
            exec(`const t = document.querySelector('#title');
              return { fields: Math.round(document.querySelector('#post-details-row').getBoundingClientRect().height),
                cut: t.scrollHeight > t.clientHeight + 1 };`);
          await openPost('A post with many tags');
          const many = await header();
          await checkScreen(`screens-${tag}-main`);
          await openPost('Field note 3');
          const one = await header();
          if (many.fields !== one.fields) throw new Error(`the fields row is ${many.fields} px high for thirteen tags and ${one.fields} px for one`);
          if (many.cut || one.cut) throw new Error('a title is cut in its field');
          await openDialog('#history-open', 'history-panel');
          await checkScreen(`screens-${tag}-history`);
          await closeDialog('history-panel');
          await openDialog('#import-open', 'import-dialog');
          await checkScreen(`screens-${tag}-import`);
          await closeDialog('import-dialog');
          await openDialog('#export-open', 'export-dialog');
          await checkScreen(`screens-${tag}-export`);
          await closeDialog('export-dialog');
          await openDialog('#library-open', 'library-dialog');
          await checkScreen(`screens-${tag}-open-folder`);
          await closeDialog('library-dialog');
          await openDialog('#shortcuts-open', 'shortcuts-dialog');
          await checkScreen(`screens-${tag}-shortcuts`);
          await closeDialog('shortcuts-dialog');
          await click(await find('#view-menu-button'));
          await waitFor(() => exec(`return !document.querySelector('#view-menu').hidden;`), 5000, '#view-menu to open');
          await checkScreen(`screens-${tag}-view-menu`);
          await click(await find('#view-menu-button'));
          await waitFor(() => exec(`return document.querySelector('#view-menu').hidden;`), 5000, '#view-menu to close');
          await click(await find('#show-trash'));
          await waitFor(() => exec(`return !document.querySelector('#trash-panel').hidden;`), 5000, 'the trash to show');
          await checkScreen(`screens-${tag}-trash`);
          await click(await find('#show-trash'));
          await waitFor(() => exec(`return document.querySelector('#trash-panel').hidden;`), 5000, 'the list to come back');
        } finally {
          await setDarkTheme(false);
        }
      });
    }
  }

  // Last: WebDriver's session is bound to the page's first process and does
  // not follow the page into a new one, so this is checked on the display.
  await step('when the page\'s own process dies the window loads the page again instead of staying blank', async () => {
    const pids = webProcesses();
    if (!pids.length) throw new Error('no WebKit web process of the app to end');
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    await waitFor(async () => webProcesses().some((p) => !pids.includes(p)), 15000, 'a new web process for the page');
    const path = join(SHOTS || tmpdir(), 'screens-after-the-page-process-died.png');
    let colours = 0;
    await waitFor(
      async () => {
        displayShot(path);
        colours = uniqueColours(path);
        // A blank window is one colour; the app drawn again is hundreds.
        return colours > 200;
      },
      20000,
      'the window to show the app again',
    );
    console.log(`  the window shows ${colours} colours again: ${path}`);
    if (!appRunning()) throw new Error('the app ended with its page');
  });
}

await runSuite('e2e screens', main, () => `e2e screens: ${passedSteps()} steps passed`);
