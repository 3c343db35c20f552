// @vitest-environment happy-dom
import { openSearchPanel } from '@codemirror/search';
import { describe, expect, it } from 'vitest';
import { Editor } from './index';

function openFind(): HTMLElement {
  document.body.innerHTML = '<div id="host"></div>';
  const editor = new Editor(document.getElementById('host')!, {
    theme: 'dark',
    onChange: () => undefined,
    onScroll: () => undefined,
  });
  editor.load('Some text.');
  openSearchPanel(editor.view);
  return document.querySelector<HTMLElement>('.cm-panel.cm-search')!;
}

describe('the find panel', () => {
  it('names its fields, buttons and options in plain words', () => {
    const panel = openFind();
    const fields = Array.from(panel.querySelectorAll('input.cm-textfield'), (i) => [
      i.getAttribute('aria-label'),
      i.getAttribute('placeholder'),
    ]);
    expect(fields).toEqual([
      ['Find', 'Find'],
      ['Replace with', 'Replace with'],
    ]);
    expect(Array.from(panel.querySelectorAll('button.cm-button'), (b) => b.textContent)).toEqual([
      'Next',
      'Previous',
      'Select matches',
      'Replace',
      'Replace all',
    ]);
    expect(Array.from(panel.querySelectorAll('label'), (l) => l.textContent)).toEqual([
      'Match case',
      'Regular expression',
      'Whole words',
    ]);
    const close = panel.querySelector('button[name=close]')!;
    expect(close.getAttribute('aria-label')).toBe('Close find');
    expect(close.textContent).toBe('×');
  });
});
