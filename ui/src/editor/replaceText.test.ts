// @vitest-environment happy-dom
import { EditorSelection } from '@codemirror/state';
import { undo } from '@codemirror/commands';
import { beforeEach, describe, expect, it } from 'vitest';
import { Editor } from './index';

let editor: Editor;
let changes: number;

const BEFORE = ['---', 'title: Old', '---', '', 'First paragraph.', '', 'Second paragraph.', '', 'The end.'].join('\n');

beforeEach(() => {
  document.body.innerHTML = '<div id="host"></div>';
  changes = 0;
  editor = new Editor(document.getElementById('host')!, {
    theme: 'light',
    onChange: () => changes++,
    onScroll: () => undefined,
  });
  editor.load(BEFORE);
});

const cursor = () => editor.view.state.selection.main;

describe('Editor.replaceText', () => {
  it('keeps the cursor on the text it was in when lines above and below change', () => {
    const at = BEFORE.indexOf('Second') + 3;
    editor.view.dispatch({ selection: EditorSelection.cursor(at) });
    const after = BEFORE.replace('title: Old', 'title: A much longer title').replace('The end.', 'The end, rewritten.');
    expect(editor.replaceText(after, 'outside')).toBe(true);
    expect(editor.getText()).toBe(after);
    expect(cursor().head).toBe(after.indexOf('Second') + 3);
    expect(changes).toBe(1);
  });

  it('keeps a selection across an edit elsewhere', () => {
    const from = BEFORE.indexOf('First');
    editor.view.dispatch({ selection: EditorSelection.range(from, from + 5) });
    const after = 'New first line\n' + BEFORE;
    editor.replaceText(after, 'outside');
    const sel = cursor();
    expect(editor.getText().slice(sel.from, sel.to)).toBe('First');
  });

  it('changes nothing for the same text', () => {
    expect(editor.replaceText(BEFORE, 'outside')).toBe(false);
    expect(changes).toBe(0);
  });

  it('leaves an outside edit out of undo, but not a chosen version', () => {
    editor.view.dispatch({ changes: { from: BEFORE.length, insert: ' Typed.' }, userEvent: 'input.type' });
    const typed = editor.getText();
    const outside = typed.replace('First', 'Outside first');
    editor.replaceText(outside, 'outside');
    undo(editor.view);
    // Undo took back the typing, not the outside edit.
    expect(editor.getText()).toBe(BEFORE.replace('First', 'Outside first'));

    editor.load(BEFORE);
    editor.replaceText(BEFORE.replace('Old', 'Restored'), 'choice');
    undo(editor.view);
    expect(editor.getText()).toBe(BEFORE);
  });
});
