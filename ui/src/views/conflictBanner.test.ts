// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictBanner } from './conflictBanner';
import { dialogMarkup, el, sectionMarkup } from './testDom';

let banner: ConflictBanner;
let chosen: string[];

beforeEach(() => {
  document.body.innerHTML = `${sectionMarkup('conflict-banner')}${dialogMarkup('conflict-dialog')}`;
  chosen = [];
  banner = new ConflictBanner(el('conflict-banner'), {
    keepMine: () => chosen.push('mine'),
    takeTheirs: () => chosen.push('theirs'),
    merge: () => chosen.push('merge'),
  });
});

const merge = () => el<HTMLButtonElement>('conflict-merge');
const dialog = () => el<HTMLDialogElement>('conflict-dialog');

describe('ConflictBanner', () => {
  it('starts hidden, as an alert that says what happened and that autosave waits', () => {
    const root = el('conflict-banner');
    expect(root.hidden).toBe(true);
    expect(root.getAttribute('role')).toBe('alert');
    expect(root.textContent).toContain('This post changed outside Quire while you were editing it.');
    const help = 'Autosave is paused until you choose. The version you do not keep stays in History.';
    expect(el(root.getAttribute('aria-describedby')!).textContent!.replace(/\s+/g, ' ')).toBe(help);
    expect(root.querySelector('.conflict-words')!.getAttribute('title')).toBe(help);
  });

  it('is one bar of buttons: Compare… and the three choices; the texts themselves wait in a dialog', () => {
    banner.show('mine', 'theirs');
    const buttons = [...el('conflict-banner').querySelectorAll('button')].map((b) => b.textContent);
    expect(buttons).toEqual(['Compare…', 'Keep mine', 'Take outside version', 'Merge both']);
    expect(el('conflict-banner').querySelector('#conflict-diff')).toBeNull();
    expect(dialog().open).toBe(false);
  });

  it('has the diff drawn as soon as the bar shows, before Compare…', () => {
    banner.show('mine\nshared', 'their paragraph\nshared');
    expect(el('conflict-diff').textContent).toContain('their paragraph');
  });

  it('opens the two versions side by side in a modal dialog from Compare…, and Close closes it', () => {
    banner.show('mine', 'theirs');
    el('conflict-compare').click();
    expect(dialog().open).toBe(true);
    expect(banner.isComparing).toBe(true);
    expect(dialog().getAttribute('aria-labelledby')).toBe('conflict-dialog-heading');
    expect(el('conflict-dialog-heading').textContent).toBeTruthy();
    expect(document.activeElement?.id).toBe('conflict-diff');
    el('conflict-dialog-close').click();
    expect(dialog().open).toBe(false);
    expect(banner.isOpen).toBe(true);
  });

  it('makes each choice from the dialog too, closing it first', () => {
    banner.show('a', 'b');
    banner.setMerge('possible');
    for (const id of ['conflict-dialog-keep-mine', 'conflict-dialog-take-theirs', 'conflict-dialog-merge']) {
      el('conflict-compare').click();
      el(id).click();
      expect(dialog().open).toBe(false);
    }
    expect(chosen).toEqual(['mine', 'theirs', 'merge']);
  });

  it('closes the dialog when the bar hides (the conflict was settled elsewhere)', () => {
    banner.show('a', 'b');
    el('conflict-compare').click();
    banner.hide();
    expect(dialog().open).toBe(false);
    expect(banner.isComparing).toBe(false);
  });

  it('shows yours on the left and the outside text on the right', () => {
    banner.show('mine\nshared', 'theirs\nshared');
    expect(banner.isOpen).toBe(true);
    const diff = el('conflict-diff');
    expect(Array.from(diff.querySelectorAll('th'), (th) => th.textContent)).toEqual(['Yours', 'Outside']);
    const row = diff.querySelector('tr.diff-changed')!;
    expect(row.querySelector('.diff-left')!.textContent).toBe('mine');
    expect(row.querySelector('.diff-right')!.textContent).toBe('theirs');
  });

  it('reports each choice', () => {
    banner.show('a', 'b');
    banner.setMerge('possible');
    el('conflict-keep-mine').click();
    el('conflict-take-theirs').click();
    merge().click();
    expect(chosen).toEqual(['mine', 'theirs', 'merge']);
  });

  it('turns Merge off with the reason when both changed the same lines', () => {
    banner.show('a', 'b');
    expect(merge().disabled).toBe(true);
    banner.setMerge('clashes');
    expect(merge().disabled).toBe(true);
    expect(merge().title).toMatch(/both versions changed the same lines/i);
    expect(el('conflict-merge-note').hidden).toBe(false);
    expect(el<HTMLButtonElement>('conflict-dialog-merge').disabled).toBe(true);
    expect(el('conflict-dialog-merge-note').textContent).toMatch(/both versions changed the same lines/i);
    banner.setMerge('possible');
    expect(merge().disabled).toBe(false);
    expect(el('conflict-merge-note').hidden).toBe(true);
  });

  it('leaves Merge on when the check failed, so it can be tried', () => {
    banner.show('a', 'b');
    banner.setMerge('unknown');
    expect(merge().disabled).toBe(false);
  });

  it('holds every button while a choice is stored', () => {
    banner.show('a', 'b');
    banner.setMerge('possible');
    banner.setBusy(true);
    for (const id of ['conflict-keep-mine', 'conflict-take-theirs', 'conflict-merge', 'conflict-dialog-keep-mine', 'conflict-dialog-merge']) {
      expect(el<HTMLButtonElement>(id).disabled).toBe(true);
    }
    banner.setBusy(false);
    expect(el<HTMLButtonElement>('conflict-keep-mine').disabled).toBe(false);
    expect(merge().disabled).toBe(false);
  });

  it('hides and forgets the diff', () => {
    banner.show('a', 'b');
    banner.hide();
    expect(banner.isOpen).toBe(false);
    expect(el('conflict-diff').childElementCount).toBe(0);
  });

  it('never reads post text as HTML', () => {
    banner.show('<img src=x onerror=alert(1)>', '<script>alert(1)</script>');
    expect(document.querySelector('img, script')).toBeNull();
  });
});
