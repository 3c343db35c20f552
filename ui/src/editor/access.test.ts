// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { Editor } from './index';

describe('Editor keyboard access', () => {
  it('keeps the text in the Tab order, locked or not', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const editor = new Editor(document.getElementById('host')!, {
      theme: 'light',
      onChange: () => undefined,
      onScroll: () => undefined,
    });
    editor.load('Some text.');
    expect(editor.view.contentDOM.getAttribute('tabindex')).toBe('0');
    editor.setLocked(true);
    expect(editor.view.contentDOM.getAttribute('contenteditable')).toBe('false');
    expect(editor.view.contentDOM.getAttribute('tabindex')).toBe('0');
  });
});
