// Formatting as the best Markdown editors do it: Mod-B, I, E wrap the selection
// in bold, italic or code markup (or take it off again), Mod-K makes a link,
// Mod-1…6 set a heading level, Mod-Shift-7/8 make numbered or bulleted lists,
// and Enter on an empty top-level list item ends the list with a blank line.
import { EditorSelection, Prec, type ChangeSpec, type EditorState, type Extension, type StateCommand } from '@codemirror/state';
import { keymap } from '@codemirror/view';

/** Wraps each selection in `mark`, or unwraps it when it is wrapped already. */
export function toggleWrap(mark: string): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const tr = state.changeByRange((range) => {
      const before = state.sliceDoc(range.from - mark.length, range.from);
      const after = state.sliceDoc(range.to, range.to + mark.length);
      if (before === mark && after === mark) {
        return {
          changes: [
            { from: range.from - mark.length, to: range.from },
            { from: range.to, to: range.to + mark.length },
          ],
          range: EditorSelection.range(range.from - mark.length, range.to - mark.length),
        };
      }
      return {
        changes: [
          { from: range.from, insert: mark },
          { from: range.to, insert: mark },
        ],
        range: EditorSelection.range(range.from + mark.length, range.to + mark.length),
      };
    });
    dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input.format' }));
    return true;
  };
}

const URL_LIKE = /^(https?:\/\/|mailto:)\S+$/i;

/**
 * `[selection](|)` with the caret where the address goes; a selected address
 * becomes `[|](address)` with the caret where the words go.
 */
export const insertLink: StateCommand = ({ state, dispatch }) => {
  if (state.readOnly) return false;
  const tr = state.changeByRange((range) => {
    const text = state.sliceDoc(range.from, range.to);
    if (URL_LIKE.test(text)) {
      const insert = `[](${text})`;
      return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + 1) };
    }
    const insert = `[${text}]()`;
    return {
      changes: { from: range.from, to: range.to, insert },
      range: EditorSelection.cursor(range.from + insert.length - 1),
    };
  });
  dispatch(state.update(tr, { scrollIntoView: true, userEvent: 'input.format' }));
  return true;
};

/** The lines the selection touches, each once. */
function selectedLines(state: EditorState) {
  const seen = new Set<number>();
  const lines = [];
  for (const range of state.selection.ranges) {
    for (let n = state.doc.lineAt(range.from).number; n <= state.doc.lineAt(range.to).number; n++) {
      if (!seen.has(n)) {
        seen.add(n);
        lines.push(state.doc.line(n));
      }
    }
  }
  return lines;
}

/**
 * The line-prefix changes, with a caret at a line's start carried past the
 * markup put there (by default it would stay in front of it).
 */
function withCaretAfterMarkup(state: EditorState, changes: ChangeSpec[]) {
  const set = state.changes(changes);
  return state.update({
    changes: set,
    selection: state.selection.map(set, 1),
    scrollIntoView: true,
    userEvent: 'input.format',
  });
}

const HEADING = /^#{1,6}[ \t]+/;

/** Makes the selected lines headings of `level`; lines already at it become paragraphs. */
export function setHeading(level: number): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const prefix = `${'#'.repeat(level)} `;
    const changes: ChangeSpec[] = selectedLines(state).map((line) => {
      const current = HEADING.exec(line.text)?.[0] ?? '';
      const insert = current.trimEnd() === prefix.trimEnd() ? '' : prefix;
      return { from: line.from, to: line.from + current.length, insert };
    });
    dispatch(withCaretAfterMarkup(state, changes));
    return true;
  };
}

const LIST_ITEM = /^(\s*)([-*+]|\d+[.)])[ \t]+/;

/**
 * Makes the selected lines a bulleted or numbered list; when every one of them
 * is already that kind of item, they become paragraphs again.
 */
export function toggleList(kind: 'bullet' | 'ordered'): StateCommand {
  return ({ state, dispatch }) => {
    if (state.readOnly) return false;
    const touched = selectedLines(state);
    // Blank lines between selected paragraphs stay blank.
    const lines = touched.length === 1 ? touched : touched.filter((line) => line.text.trim() !== '');
    const isKind = (marker: string) => (kind === 'bullet' ? /^[-*+]$/.test(marker) : /^\d+[.)]$/.test(marker));
    const all = lines.every((line) => {
      const m = LIST_ITEM.exec(line.text);
      return m !== null && isKind(m[2]);
    });
    const changes: ChangeSpec[] = lines.map((line, i) => {
      const m = LIST_ITEM.exec(line.text);
      const from = line.from + (m?.[1].length ?? 0);
      const to = line.from + (m?.[0].length ?? 0);
      const insert = all ? '' : kind === 'bullet' ? '- ' : `${i + 1}. `;
      return { from, to: m ? to : from, insert };
    });
    dispatch(withCaretAfterMarkup(state, changes));
    return true;
  };
}

const EMPTY_TOP_ITEM = /^([-*+]|\d+[.)])( \[[ xX]\])?[ \t]*$/;

/**
 * Enter on an empty top-level list item ends the list: the marker goes and a
 * blank line separates what comes next, so the next sentence is a paragraph
 * of its own rather than a lazy continuation of the last item. Anything else
 * is left to the Markdown keymap (which continues lists and quotes).
 */
export const endListOnEmptyItem: StateCommand = ({ state, dispatch }) => {
  const range = state.selection.main;
  if (state.readOnly || !range.empty || state.selection.ranges.length > 1) return false;
  const line = state.doc.lineAt(range.head);
  if (!EMPTY_TOP_ITEM.test(line.text) || line.number === 1) return false;
  const previous = state.doc.line(line.number - 1);
  if (previous.text.trim() === '') return false;
  dispatch(
    state.update({
      changes: { from: line.from, to: line.to, insert: '\n' },
      selection: EditorSelection.cursor(line.from + 1),
      scrollIntoView: true,
      userEvent: 'input',
    }),
  );
  return true;
};

/** The formatting keys, ahead of the Markdown and default keymaps. */
export const formatting: Extension = Prec.highest(
  keymap.of([
    { key: 'Mod-b', run: toggleWrap('**'), preventDefault: true },
    { key: 'Mod-i', run: toggleWrap('*'), preventDefault: true },
    { key: 'Mod-e', run: toggleWrap('`'), preventDefault: true },
    { key: 'Mod-k', run: insertLink, preventDefault: true },
    ...[1, 2, 3, 4, 5, 6].map((level) => ({ key: `Mod-${level}`, run: setHeading(level), preventDefault: true })),
    { key: 'Mod-Shift-7', run: toggleList('ordered'), preventDefault: true },
    { key: 'Mod-Shift-8', run: toggleList('bullet'), preventDefault: true },
    // The same keys where the event names the shifted character and no key
    // code (synthesized input, some layouts): Shift-7 is `&`, Shift-8 is `*`.
    { key: 'Mod-&', run: toggleList('ordered'), preventDefault: true },
    { key: 'Mod-*', run: toggleList('bullet'), preventDefault: true },
    { key: 'Enter', run: endListOnEmptyItem },
  ]),
);
