// Keys inside the editor: defaults, undo history, and find/replace (Mod-F, Mod-H).
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { openSearchPanel, search, searchKeymap } from '@codemirror/search';
import type { Extension } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { findPhrases } from './findPanel';

export const editing: Extension = [
  history(),
  search({ top: true }),
  findPhrases,
  keymap.of([{ key: 'Mod-h', run: openSearchPanel, preventDefault: true }, ...searchKeymap, ...historyKeymap, ...defaultKeymap]),
];
