// The editor's find and replace panel (CodeMirror's, opened with Mod-F or Mod-H):
// its words, in the app's sentence case and plain terms. How it looks is in theme.ts.
import { EditorState } from '@codemirror/state';

/** CodeMirror's phrase keys for the search panel, as the app words them. */
export const FIND_PHRASES: Record<string, string> = {
  Find: 'Find',
  Replace: 'Replace with',
  next: 'Next',
  previous: 'Previous',
  all: 'Select matches',
  'match case': 'Match case',
  regexp: 'Regular expression',
  'by word': 'Whole words',
  replace: 'Replace',
  'replace all': 'Replace all',
  close: 'Close find',
};

export const findPhrases = EditorState.phrases.of(FIND_PHRASES);
