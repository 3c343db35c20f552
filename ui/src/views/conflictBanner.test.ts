// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { ConflictBanner } from './conflictBanner';
import { el, sectionMarkup } from './testDom';

let banner: ConflictBanner;
let chosen: string[];

beforeEach(() => {
  document.body.innerHTML = sectionMarkup('conflict-banner');
  chosen = [];
  banner = new ConflictBanner(el('conflict-banner'), {
    keepMine: () => chosen.push('mine'),
    takeTheirs: () => chosen.push('theirs'),
    merge: () => chosen.push('merge'),
  });
});

const merge = () => el<HTMLButtonElement>('conflict-merge');

describe('ConflictBanner', () => {
  it('starts hidden, as an alert that says what happened', () => {
    const root = el('conflict-banner');
    expect(root.hidden).toBe(true);
    expect(root.getAttribute('role')).toBe('alert');
    expect(root.textContent).toContain('This post changed outside Quire while you were editing it.');
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
    for (const id of ['conflict-keep-mine', 'conflict-take-theirs', 'conflict-merge']) {
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
    expect(el('conflict-banner').querySelector('img, script')).toBeNull();
  });
});
