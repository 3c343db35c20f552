// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import type { LibraryInfo } from '../api';
import { LibraryDialog, type LibraryBackend, type LibraryDialogElements } from './libraryDialog';
import { deferred, dialogMarkup, el, flush, submit, typePath } from './testDom';

function setup() {
  document.body.innerHTML = `<button id="library-open">Open folder…</button>${dialogMarkup('library-dialog')}`;
  const elements: LibraryDialogElements = {
    dialog: el('library-dialog'),
    form: el('library-form'),
    path: el('library-path'),
    browse: el('library-browse'),
    confirm: el('library-open-confirm'),
    cancel: el('library-cancel'),
    error: el('library-error'),
  };
  const calls = { leave: 0, open: [] as string[], opened: [] as LibraryInfo[] };
  const state = {
    leaveOk: true,
    picked: '/picked/site' as string | null,
    pickerError: null as unknown,
    pending: deferred<LibraryInfo>(),
  };
  const backend: LibraryBackend = {
    choose: async () => {
      if (state.pickerError) throw state.pickerError;
      return state.picked;
    },
    leave: async () => {
      calls.leave++;
      return state.leaveOk;
    },
    open: (folder) => {
      calls.open.push(folder);
      return state.pending.promise;
    },
    opened: (info) => void calls.opened.push(info),
  };
  return { el: elements, dialog: new LibraryDialog(elements.dialog, backend), calls, state };
}

/** What opening /home/me/blog answers. */
const blog: LibraryInfo = {
  folder: '/home/me/blog',
  postCount: 3,
  changedWhileClosed: { added: 0, updated: 0, renamed: 0, trashed: 0 },
  recovered: null,
  keptUnsaved: [],
};

describe('LibraryDialog', () => {
  let t: ReturnType<typeof setup>;
  beforeEach(() => {
    t = setup();
  });

  it('is labelled, has a Folder field and opens modally with the path focused', () => {
    expect(t.el.dialog.getAttribute('aria-labelledby')).toBe('library-heading');
    expect(document.querySelector('label[for="library-path"]')!.textContent).toBe('Folder');
    expect(t.el.confirm.textContent).toBe('Open');
    expect(t.el.confirm.type).toBe('submit');
    t.dialog.open();
    expect(t.dialog.isOpen).toBe(true);
    expect(document.activeElement).toBe(t.el.path);
  });

  it('enables Open only once a folder is named', () => {
    t.dialog.open();
    expect(t.el.confirm.disabled).toBe(true);
    typePath(t.el.path, '  ');
    expect(t.el.confirm.disabled).toBe(true);
    submit(t.el.form);
    expect(t.calls.leave).toBe(0);
    typePath(t.el.path, '/home/me/blog');
    expect(t.el.confirm.disabled).toBe(false);
  });

  it('fills the field from the picker, and a dismissed picker changes nothing', async () => {
    t.dialog.open();
    typePath(t.el.path, '/typed');
    t.state.picked = null;
    t.el.browse.click();
    await flush();
    expect(t.el.path.value).toBe('/typed');
    t.state.picked = '/picked/site';
    t.el.browse.click();
    await flush();
    expect(t.el.path.value).toBe('/picked/site');
    expect(t.calls.open).toEqual([]);
    expect(t.dialog.isOpen).toBe(true);
  });

  it('shows a failed picker inside the dialog and leaves the field alone', async () => {
    t.dialog.open();
    typePath(t.el.path, '/typed');
    t.state.pickerError = { kind: 'user', message: 'no portal' };
    t.el.browse.click();
    await flush();
    expect(t.el.error.hidden).toBe(false);
    expect(t.el.error.textContent).toBe('Could not open the folder picker: no portal');
    expect(t.el.path.value).toBe('/typed');
    expect(t.dialog.isOpen).toBe(true);
  });

  it('stores the open post first, then opens the folder, closes and reports it', async () => {
    t.dialog.open();
    typePath(t.el.path, '  /home/me/blog ');
    submit(t.el.form);
    await flush();
    expect(t.calls.leave).toBe(1);
    expect(t.calls.open).toEqual(['/home/me/blog']);
    for (const b of [t.el.path, t.el.browse, t.el.cancel, t.el.confirm]) expect(b.disabled).toBe(true);
    const escape = new Event('cancel', { cancelable: true });
    t.el.dialog.dispatchEvent(escape);
    expect(escape.defaultPrevented).toBe(true);

    t.state.pending.resolve(blog);
    await flush();
    expect(t.dialog.isOpen).toBe(false);
    expect(t.calls.opened).toEqual([blog]);
  });

  it('does not switch when the open post could not be saved', async () => {
    t.state.leaveOk = false;
    t.dialog.open();
    typePath(t.el.path, '/home/me/blog');
    submit(t.el.form);
    await flush();
    expect(t.calls.open).toEqual([]);
    expect(t.dialog.isOpen).toBe(true);
    expect(t.el.error.hidden).toBe(false);
    expect(t.el.error.textContent).toContain('could not be saved');
    expect(t.el.confirm.disabled).toBe(false);
  });

  it('shows a rejection inside the dialog, as text, and stays open', async () => {
    t.dialog.open();
    typePath(t.el.path, '/nowhere');
    submit(t.el.form);
    await flush();
    t.state.pending.reject({ kind: 'user', message: 'that folder does not exist <b>x</b>' });
    await flush();
    expect(t.dialog.isOpen).toBe(true);
    expect(t.el.error.hidden).toBe(false);
    expect(t.el.error.textContent).toBe('Could not open the folder: that folder does not exist <b>x</b>');
    expect(t.el.error.querySelector('b')).toBeNull();
    expect(t.calls.opened).toEqual([]);
    expect(t.el.path.disabled).toBe(false);
    expect(t.el.confirm.textContent).toBe('Open');
  });

  it('Cancel closes, returns focus, and a reopened dialog has no stale error', async () => {
    const opener = el('library-open');
    opener.focus();
    t.dialog.open();
    typePath(t.el.path, '/nowhere');
    submit(t.el.form);
    await flush();
    t.state.pending.reject({ kind: 'retry', message: 'busy' });
    await flush();
    expect(t.el.error.textContent).toBe('Could not open the folder: busy Try again in a moment.');
    t.el.cancel.click();
    expect(t.dialog.isOpen).toBe(false);
    expect(document.activeElement).toBe(opener);
    t.dialog.open();
    expect(t.el.error.hidden).toBe(true);
    expect(t.el.path.value).toBe('/nowhere');
  });
});
