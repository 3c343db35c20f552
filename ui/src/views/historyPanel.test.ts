// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Revision } from '../api';
import { HistoryPanel, type HistoryBackend } from './historyPanel';
import { deferred, dialogMarkup, el, flush, submit, typePath } from './testDom';

const NOW = new Date(2024, 2, 9, 15, 30);
const at = (h: number, m: number) => new Date(2024, 2, 9, h, m).toISOString();

function setup(initial: Revision[]) {
  document.body.innerHTML = `<button id="opener">History</button>${dialogMarkup('history-panel')}`;
  let revisions = initial;
  let current = 'current text\nline two';
  const restored: number[] = [];
  let restoreResult: Promise<void> | null = null;
  const labelled: [number | null, string][] = [];
  let labelResult: (() => Promise<Revision[]>) | null = null;
  const backend: HistoryBackend = {
    load: async () => revisions,
    current: () => current,
    restore: (id) => {
      restored.push(id);
      return restoreResult ?? Promise.resolve();
    },
    label: (id, label) => {
      labelled.push([id, label]);
      if (labelResult) return labelResult();
      // As the backend does: the current text is kept as a new, named version.
      revisions =
        id === null
          ? [{ id: 99, at: at(15, 30), source: 'app', text: current, label }, ...revisions]
          : revisions.map((r) => (r.id === id ? { ...r, label: label || null } : r));
      return Promise.resolve(revisions);
    },
  };
  const panel = new HistoryPanel(el('history-panel'), backend);
  return {
    panel,
    restored,
    labelled,
    failLabel: (e: unknown) => (labelResult = () => Promise.reject(e)),
    setRevisions: (r: Revision[]) => (revisions = r),
    setCurrent: (t: string) => (current = t),
    failRestore: (e: unknown) => (restoreResult = Promise.reject(e)),
    holdRestore: () => {
      const d = deferred<void>();
      restoreResult = d.promise;
      return d;
    },
  };
}

const rows = () => Array.from(document.querySelectorAll<HTMLElement>('.revision-row'));
const diffCells = (side: 'left' | 'right') =>
  Array.from(el('history-diff').querySelectorAll(`tr.diff-changed .diff-${side}`), (c) => c.textContent);
const key = (k: string) => el('history-list').dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));

const REVISIONS: Revision[] = [
  { id: 9, at: at(15, 10), source: 'external', text: 'outside text\nline two', label: null },
  { id: 7, at: at(9, 5), source: 'app', text: 'first draft\nline two', label: null },
];
const labelOf = (row: HTMLElement) => row.querySelector('.revision-label')?.textContent ?? null;
const escape = (target: HTMLElement) => {
  const e = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
  target.dispatchEvent(e);
  return e;
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => vi.useRealTimers());

describe('HistoryPanel', () => {
  it('lists revisions newest first with a readable time and a source badge', async () => {
    const { panel } = setup(REVISIONS);
    await panel.open('My <b>post</b>');
    expect(el<HTMLDialogElement>('history-panel').open).toBe(true);
    expect(el('history-post').textContent).toBe('My <b>post</b>');
    expect(rows().map((r) => r.querySelector('.revision-time')!.textContent)).toEqual(['Today, 15:10:00', 'Today, 09:05:00']);
    // Within the hour also how long ago; and how the length changed from the version before.
    expect(rows().map((r) => r.querySelector('.revision-size')!.textContent)).toEqual(['20 min ago · +1 character', '4 words']);
    expect(rows().map((r) => r.querySelector('.revision-source')!.textContent)).toEqual(['another app', 'you']);
    expect(rows()[0].querySelector('time')!.getAttribute('datetime')).toBe(REVISIONS[0].at);
  });

  it('shows the newest beside the current text at once', async () => {
    const { panel } = setup(REVISIONS);
    await panel.open('Post');
    expect(rows()[0].getAttribute('aria-selected')).toBe('true');
    expect(el('history-list').getAttribute('aria-activedescendant')).toBe('revision-9');
    expect(diffCells('left')).toEqual(['current text']);
    expect(diffCells('right')).toEqual(['outside text']);
    expect(el<HTMLButtonElement>('history-restore').disabled).toBe(false);
  });

  it('compares another revision when it is clicked or reached with the arrow keys', async () => {
    const { panel } = setup(REVISIONS);
    await panel.open('Post');
    rows()[1].click();
    expect(diffCells('right')).toEqual(['first draft']);
    key('ArrowUp');
    expect(diffCells('right')).toEqual(['outside text']);
    key('End');
    expect(rows()[1].getAttribute('aria-selected')).toBe('true');
  });

  it('restores the chosen revision, then lists what it replaced', async () => {
    const { panel, restored, setRevisions, setCurrent } = setup(REVISIONS);
    await panel.open('Post');
    rows()[1].click();
    el('history-restore').click();
    expect(restored).toEqual([7]);
    setCurrent('first draft\nline two');
    setRevisions([{ id: 10, at: at(15, 29), source: 'restore', text: 'current text\nline two' }, ...REVISIONS]);
    await flush();
    await flush();
    expect(rows().map((r) => r.querySelector('.revision-source')!.textContent)).toEqual(['before restoring', 'another app', 'you']);
    // Still the restored one, now the same as the current text.
    expect(rows()[2].getAttribute('aria-selected')).toBe('true');
    expect(el('history-diff').textContent).toContain('No differences');
    expect(el('history-status').textContent).toContain('Restored the version from Today, 09:05');
  });

  it('holds the dialog open while restoring, and shows a failure inside it', async () => {
    const { panel, holdRestore } = setup(REVISIONS);
    await panel.open('Post');
    const pending = holdRestore();
    el('history-restore').click();
    expect(el<HTMLButtonElement>('history-restore').disabled).toBe(true);
    expect(el('history-restore').textContent).toBe('Restoring…');
    panel.close();
    expect(panel.isOpen).toBe(true);
    pending.reject({ kind: 'retry', message: 'disk is busy' });
    await flush();
    expect(el('history-error').hidden).toBe(false);
    expect(el('history-error').textContent).toBe('Could not restore this version: disk is busy Try again in a moment.');
    expect(el<HTMLButtonElement>('history-restore').disabled).toBe(false);
  });

  it('says so when the post has no revisions yet', async () => {
    const { panel } = setup([]);
    await panel.open('Post');
    expect(el('history-empty').hidden).toBe(false);
    expect(el('history-list').hidden).toBe(true);
    expect(el<HTMLButtonElement>('history-restore').disabled).toBe(true);
  });

  it('closes with the Close button and gives focus back', async () => {
    const { panel } = setup(REVISIONS);
    el('opener').focus();
    await panel.open('Post');
    el('history-close').click();
    expect(panel.isOpen).toBe(false);
    expect(document.activeElement).toBe(el('opener'));
  });

  it('never reads revision text as HTML', async () => {
    const { panel } = setup([{ id: 1, at: at(8, 0), source: 'conflict', text: '<img src=x onerror=alert(1)>' }]);
    await panel.open('Post');
    expect(el('history-panel').querySelector('img')).toBeNull();
    expect(el('history-diff').textContent).toContain('<img src=x onerror=alert(1)>');
  });

  describe('naming versions', () => {
    it('shows a version’s name on its row, as text, and beside the current text', async () => {
      const name = 'sent to <b>editor</b>';
      const { panel } = setup([{ ...REVISIONS[0], label: name }, REVISIONS[1]]);
      await panel.open('Post');
      expect(rows().map(labelOf)).toEqual([name, null]);
      expect(rows()[0].classList.contains('labelled')).toBe(true);
      expect(el('history-list').querySelector('b')).toBeNull();
      // The option's accessible name (its text) starts with the name.
      expect(rows()[0].textContent).toMatch(/^sent to <b>editor<\/b>Today, 15:10:00/);
      expect(el('history-diff').textContent).toContain(`“${name}”, the version from Today, 15:10:00`);
      expect(el('history-name').textContent).toBe('Rename this version…');
      rows()[1].click();
      expect(el('history-name').textContent).toBe('Name this version…');
    });

    it('names the current text, keeping it as a version, and shows it chosen', async () => {
      const { panel, labelled } = setup(REVISIONS);
      await panel.open('Post');
      el('history-name-current').click();
      expect(el('history-label-form').hidden).toBe(false);
      expect(el('history-label-caption').textContent).toBe('Name for the current text');
      expect(document.activeElement).toBe(el('history-label-input'));
      // Nothing to save without a name.
      expect(el<HTMLButtonElement>('history-label-save').disabled).toBe(true);
      expect(el('history-label-remove').hidden).toBe(true);
      typePath(el('history-label-input'), '  sent to editor ');
      expect(el<HTMLButtonElement>('history-label-save').disabled).toBe(false);
      submit(el('history-label-form'));
      await flush();
      expect(labelled).toEqual([[null, 'sent to editor']]);
      expect(el('history-label-form').hidden).toBe(true);
      expect(rows().map(labelOf)).toEqual(['sent to editor', null, null]);
      expect(rows()[0].getAttribute('aria-selected')).toBe('true');
      expect(el('history-diff').textContent).toContain('No differences');
      expect(el('history-status').textContent).toBe('Kept the current text as a version named “sent to editor”.');
      expect(document.activeElement).toBe(el('history-list'));
    });

    it('names, renames and unnames an earlier version', async () => {
      const { panel, labelled } = setup(REVISIONS);
      await panel.open('Post');
      rows()[1].click();
      el('history-name').click();
      expect(el('history-label-caption').textContent).toBe('Name for the version from Today, 09:05:00');
      expect(el<HTMLInputElement>('history-label-input').value).toBe('');
      typePath(el('history-label-input'), 'first draft');
      el('history-label-save').click();
      await flush();
      expect(labelled).toEqual([[7, 'first draft']]);
      expect(rows().map(labelOf)).toEqual([null, 'first draft']);
      expect(rows()[1].getAttribute('aria-selected')).toBe('true');
      expect(el('history-status').textContent).toBe('Named the version from Today, 09:05:00 “first draft”.');

      el('history-name').click();
      expect(el<HTMLInputElement>('history-label-input').value).toBe('first draft');
      expect(el('history-label-remove').hidden).toBe(false);
      typePath(el('history-label-input'), 'outline');
      submit(el('history-label-form'));
      await flush();
      expect(rows().map(labelOf)).toEqual([null, 'outline']);
      expect(el('history-status').textContent).toBe('Renamed the version from Today, 09:05:00 “outline”.');

      el('history-name').click();
      el('history-label-remove').click();
      await flush();
      expect(labelled).toEqual([
        [7, 'first draft'],
        [7, 'outline'],
        [7, ''],
      ]);
      expect(rows().map(labelOf)).toEqual([null, null]);
      expect(el('history-status').textContent).toBe('Removed the name of the version from Today, 09:05:00.');
    });

    it('Escape and Cancel leave the naming, not the dialog, and give the focus back', async () => {
      const { panel, labelled } = setup(REVISIONS);
      await panel.open('Post');
      el('history-name').focus();
      el('history-name').click();
      const key = escape(el('history-label-input'));
      expect(key.defaultPrevented).toBe(true);
      expect(el('history-label-form').hidden).toBe(true);
      expect(panel.isOpen).toBe(true);
      expect(document.activeElement).toBe(el('history-name'));

      el('history-name-current').focus();
      el('history-name-current').click();
      el('history-label-cancel').click();
      expect(el('history-label-form').hidden).toBe(true);
      expect(document.activeElement).toBe(el('history-name-current'));

      // The dialog's own Escape (cancel) closes an open form first.
      el('history-name-current').click();
      const cancel = new Event('cancel', { cancelable: true });
      el('history-panel').dispatchEvent(cancel);
      expect(cancel.defaultPrevented).toBe(true);
      expect(el('history-label-form').hidden).toBe(true);
      expect(labelled).toEqual([]);
    });

    it('shows a failure inside the dialog and keeps the form to try again', async () => {
      const { panel, failLabel } = setup(REVISIONS);
      await panel.open('Post');
      failLabel({ kind: 'user', message: 'this label is longer than 200 characters' });
      el('history-name').click();
      typePath(el('history-label-input'), 'x');
      submit(el('history-label-form'));
      await flush();
      expect(el('history-error').textContent).toBe('Could not name this version: this label is longer than 200 characters');
      expect(el('history-label-form').hidden).toBe(false);
      expect(el<HTMLInputElement>('history-label-input').disabled).toBe(false);
      expect(document.activeElement).toBe(el('history-label-input'));
    });
  });
});
