// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { renderSideBySide } from './sideBySide';

let box: HTMLElement;
const labels = { left: 'Yours', right: 'Outside' };
const texts = (sel: string) => Array.from(box.querySelectorAll(sel), (e) => e.textContent);

beforeEach(() => {
  document.body.innerHTML = '<div id="box"></div>';
  box = document.getElementById('box')!;
});

describe('renderSideBySide', () => {
  it('labels the two columns and numbers the lines', () => {
    renderSideBySide(box, 'a\nb', 'a\nB', labels);
    expect(texts('th')).toEqual(['Yours', 'Outside']);
    expect(texts('tbody tr:first-child .diff-num')).toEqual(['1', '1']);
    expect(box.querySelector('caption')!.textContent).toBe('Yours beside Outside: 1 line differs');
  });

  it('highlights changed lines and the part of them that changed', () => {
    const result = renderSideBySide(box, 'title: Old\nsame', 'title: New\nsame', labels);
    expect(result.changedLines).toBe(1);
    const row = box.querySelector('tr.diff-changed')!;
    expect(row.querySelector('.diff-left')!.textContent).toBe('title: Old');
    expect(row.querySelector('.diff-left .diff-mark')!.textContent).toBe('Old');
    expect(row.querySelector('.diff-right .diff-mark')!.textContent).toBe('New');
    expect(box.querySelectorAll('tr.diff-same')).toHaveLength(1);
  });

  it('leaves the other side empty for added and removed lines', () => {
    renderSideBySide(box, 'a\nonly mine', 'a', labels);
    const row = box.querySelector('tr.diff-removed')!;
    expect(row.querySelector('.diff-right')!.classList.contains('diff-empty')).toBe(true);
    expect(row.querySelector('.diff-left')!.textContent).toBe('only mine');
  });

  it('folds long unchanged runs behind a button that unfolds them', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const changed = [...lines];
    changed[15] = 'changed';
    renderSideBySide(box, lines.join('\n'), changed.join('\n'), labels);
    const buttons = Array.from(box.querySelectorAll<HTMLButtonElement>('.diff-expand'));
    expect(buttons.map((b) => b.textContent)).toEqual(['Show 12 unchanged lines', 'Show 11 unchanged lines']);
    expect(box.querySelectorAll('tbody tr.diff-row')).toHaveLength(7);
    buttons[0].click();
    expect(box.querySelectorAll('.diff-gap')).toHaveLength(1);
    expect(box.querySelectorAll('tbody tr.diff-row')).toHaveLength(19);
    expect(box.querySelector('tbody tr .diff-left')!.textContent).toBe('line 1');
  });

  it('never reads post text as HTML', () => {
    renderSideBySide(box, '<img src=x onerror=alert(1)>', '<b>bold</b>', labels);
    expect(box.querySelector('img')).toBeNull();
    expect(box.querySelector('b')).toBeNull();
    expect(box.textContent).toContain('<img src=x onerror=alert(1)>');
  });

  it('says so when the texts are the same', () => {
    renderSideBySide(box, 'same', 'same', labels);
    expect(box.querySelector('table')).toBeNull();
    expect(box.textContent).toContain('No differences');
  });
});
