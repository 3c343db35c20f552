import { EditorSelection, EditorState, type StateCommand } from '@codemirror/state';
import { describe, expect, it } from 'vitest';
import { endListOnEmptyItem, insertLink, setHeading, toggleList, toggleWrap } from './format';

/** Runs `command` on `doc` with the selection marked by `[` `]` (or a `|` caret). */
function run(command: StateCommand, marked: string): { doc: string; ran: boolean; selected: string; caret: number } {
  const caret = marked.indexOf('|');
  const from = caret >= 0 ? caret : marked.indexOf('[');
  const doc = marked.replace('|', '').replace('[', '').replace(']', '');
  const to = caret >= 0 ? caret : marked.indexOf(']') - 1;
  let state = EditorState.create({ doc, selection: EditorSelection.single(from, to) });
  const ran = command({
    state,
    dispatch: (tr) => {
      state = tr.state;
    },
  });
  const main = state.selection.main;
  return { doc: state.doc.toString(), ran, selected: state.sliceDoc(main.from, main.to), caret: main.head };
}

describe('toggleWrap', () => {
  it('wraps the selection in bold, keeping it selected', () => {
    const r = run(toggleWrap('**'), 'a [word] here');
    expect(r.doc).toBe('a **word** here');
    expect(r.selected).toBe('word');
  });

  it('takes the markup off a wrapped selection', () => {
    expect(run(toggleWrap('**'), 'a **[word]** here').doc).toBe('a word here');
  });

  it('with nothing selected, puts the caret between the marks', () => {
    const r = run(toggleWrap('`'), 'code: |');
    expect(r.doc).toBe('code: ``');
    expect(r.caret).toBe(7);
  });
});

describe('insertLink', () => {
  it('makes the selected words a link with the caret where the address goes', () => {
    const r = run(insertLink, 'see [the docs] now');
    expect(r.doc).toBe('see [the docs]() now');
    expect(r.caret).toBe('see [the docs]('.length);
  });

  it('makes a selected address the target, the caret where the words go', () => {
    const r = run(insertLink, '[https://example.org]');
    expect(r.doc).toBe('[](https://example.org)');
    expect(r.caret).toBe(1);
  });
});

describe('setHeading', () => {
  it('sets, changes and takes off a heading level', () => {
    expect(run(setHeading(2), 'Tit|le').doc).toBe('## Title');
    // A caret at the line's start goes after the markup, where the words go.
    expect(run(setHeading(1), '|').caret).toBe(2);
    expect(run(setHeading(3), '## Tit|le').doc).toBe('### Title');
    expect(run(setHeading(2), '## Tit|le').doc).toBe('Title');
  });
});

describe('toggleList', () => {
  it('makes selected paragraphs a bulleted list and back, leaving blank lines', () => {
    const r = run(toggleList('bullet'), '[one\n\ntwo]');
    expect(r.doc).toBe('- one\n\n- two');
    expect(run(toggleList('bullet'), '[- one\n- two]').doc).toBe('one\ntwo');
  });

  it('puts the caret of an empty line after the new marker', () => {
    const r = run(toggleList('bullet'), 'text\n\n|');
    expect(r.doc).toBe('text\n\n- ');
    expect(r.caret).toBe('text\n\n- '.length);
  });

  it('numbers the lines and turns bullets into numbers', () => {
    expect(run(toggleList('ordered'), '[- one\n- two]').doc).toBe('1. one\n2. two');
  });
});

describe('endListOnEmptyItem', () => {
  it('ends a list on an empty item, with a blank line before what comes next', () => {
    const r = run(endListOnEmptyItem, '- one\n- |');
    expect(r.ran).toBe(true);
    expect(r.doc).toBe('- one\n\n');
    expect(r.caret).toBe('- one\n\n'.length);
  });

  it('leaves other lines to the Markdown keymap', () => {
    expect(run(endListOnEmptyItem, '- one|').ran).toBe(false);
    expect(run(endListOnEmptyItem, '- one\n  - |').ran).toBe(false);
    expect(run(endListOnEmptyItem, 'text\n|').ran).toBe(false);
  });
});
